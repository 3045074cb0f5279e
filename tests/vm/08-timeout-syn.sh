# A SYN the stack cannot answer (no route back to its source) is dropped
# by it (ListenDrops): syn_drop_other at once, syn_dropped at the timeout.
# A SYN the stack never gets (a firewall rule after hsmon's hook drops
# it) is timeout_syn: nobody answered it.
# serve: 8080
hs_sysctl timeout 1500
$CLI hsmon-pkt syn -n 3 -p 44000 10.9.0.5 10.0.0.1 8080
hs_expect in_progress 3
hs_expect syn_drop_other 3
hs_assert "srv ListenDrops" "$(hs_tcpext_counter ListenDrops)" 3
hs_wait syn_dropped 3 5
hs_expect_all "syn=3 syn_dropped=3 syn_drop_other=3"
