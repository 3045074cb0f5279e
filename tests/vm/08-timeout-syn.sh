# A SYN the stack cannot answer (no route back to its source) is dropped
# by it (ListenDrops): syn_drop_other at once, syn_dropped at the timeout.
# A SYN the stack never gets (a socket filter on the listener drops it, as
# a hook after hsmon's would: IPVS, NFQUEUE, a later DROP rule) is
# timeout_syn: nobody answered it.  That is not the client's doing: it
# counts against no source prefix.
# serve: 8080
hs_sysctl timeout 1500
$CLI hsmon-pkt syn -n 3 -p 44000 10.9.0.5 10.0.0.1 8080
hs_expect in_progress 3
hs_expect syn_drop_other 3
hs_assert "srv ListenDrops" "$(hs_tcpext_counter ListenDrops)" 3
hs_wait syn_dropped 3 5
hs_expect_all "syn=3 syn_dropped=3 syn_drop_other=3"

$SRV hsmon-pkt serve -D -P /tmp/serve-9090.pid 9090
drops0=$(hs_tcpext_counter ListenDrops)
$CLI hsmon-pkt syn -n 2 -p 45000 10.0.0.99 10.0.0.1 9090
$CLI hsmon-pkt syn -n 1 -p 45000 fd00::99 fd00::1 9090
hs_expect in_progress 3
hs_wait timeout_syn 3 5
hs_assert "srv ListenDrops unchanged" "$(hs_tcpext_counter ListenDrops)" "$drops0"
hs_assert "srv SYN+ACKs: none" "$(hs_counter synack)" 0
hs_expect_all "syn=6 syn_dropped=3 syn_drop_other=3 timeout_syn=3"
hs_assert "no source blamed" "$($SRV cat /proc/net/hsmon_sources)" \
	"prefix timeout_synack reset_by_client last_seen_ms"
