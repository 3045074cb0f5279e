# The listen backlog trap, as the server's TCP stack decides it.  A
# listener that never accepts, backlog 1 (it queues 2): ten clients whose
# final ACKs all come after every SYN was answered complete the handshake
# on the wire, yet the stack makes 2 connections (PassiveOpens) and drops
# 8 final ACKs (ListenOverflows): completed 2, listen_overflow 8 (at the
# timeout; the clients believe they are connected), IPv4 and IPv6.  Then
# SYNs to the full queue: the stack drops them (syn_drop_acceptq), and
# they end as syn_dropped, not timeout_syn.  With tcp_abort_on_overflow
# the stack resets what it cannot queue: listen_overflow at once.
hs_sysctl timeout 1500
# port_col PORT NAME: hsmon_ports' NAME column of PORT's row.
port_col() {
	$SRV awk -v p="$1" -v n="$2" '
		NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i; next }
		$1 == p { print $c }' /proc/net/hsmon_ports
}

# trap_run SRC DST PORT SPORT: ten handshakes from SRC to DST:PORT from
# source ports SPORT.., all SYNs answered before the first final ACK.
trap_run() {
	$CLI hsmon-pkt handshake -n 10 -d 300 -p "$4" v-c "$1" "$2" "$3" >/dev/null
}

# The trap, IPv4 then IPv6, each on its own listener.
$SRV hsmon-pkt serve -N -b 1 -P /tmp/serve-9000.pid 9000
$SRV hsmon-pkt serve -N -b 1 -P /tmp/serve-9001.pid 9001
before=$(hs_tcpext_counter ListenOverflows)
trap_run 10.0.0.99 10.0.0.1 9000 41000
hs_wait listen_overflow_drops 8 5
hs_assert "srv ListenOverflows, IPv4 trap" "$(($(hs_tcpext_counter ListenOverflows) - before))" 8
hs_expect completed 2
hs_wait listen_overflow 8 5
hs_assert "port 9000 listen_overflow" "$(port_col 9000 listen_overflow)" 8
hs_assert "port 9000 completed" "$(port_col 9000 completed)" 2
before=$(hs_tcpext_counter ListenOverflows)
trap_run fd00::99 fd00::1 9001 42000
hs_wait listen_overflow_drops 16 5
hs_assert "srv ListenOverflows, IPv6 trap" "$(($(hs_tcpext_counter ListenOverflows) - before))" 8
hs_expect completed 4
hs_wait listen_overflow 16 5
hs_assert "port 9001 listen_overflow" "$(port_col 9001 listen_overflow)" 8

# SYNs to a full accept queue: dropped by the stack, counted as such.
before=$(hs_tcpext_counter ListenOverflows)
$CLI hsmon-pkt syn -n 3 -p 43000 10.0.0.99 10.0.0.1 9000
hs_wait syn_drop_acceptq 3 3
hs_assert "srv ListenOverflows, SYNs" "$(($(hs_tcpext_counter ListenOverflows) - before))" 3
hs_wait syn_dropped 3 5
hs_expect timeout_syn 0

# tcp_abort_on_overflow: four clients fill a backlog-4 queue, four more
# handshakes get real requests (no SYN cookies below the backlog); of
# their final ACKs the first is queued, three are reset.  IPv4, IPv6.
$SRV sysctl -qw net.ipv4.tcp_abort_on_overflow=1
# abort_run CLIENT SERVER PORT SPORT OVERFLOWS COMPLETED
abort_run() {
	$SRV hsmon-pkt serve -N -b 4 -P /tmp/serve-$3.pid $3
	$CLI hsmon-pkt connect -n 4 $2 $3
	hs_wait completed $(($6 - 1)) 3
	before=$(hs_tcpext_counter ListenOverflows)
	rsts=$(hs_tcp_counter OutRsts)
	$CLI hsmon-pkt handshake -n 4 -d 300 -p $4 v-c $1 $2 $3 >/dev/null
	hs_wait listen_overflow $5 3
	hs_assert "srv ListenOverflows, abort, $2" \
		"$(($(hs_tcpext_counter ListenOverflows) - before))" 3
	hs_assert "srv OutRsts, abort, $2" "$(($(hs_tcp_counter OutRsts) - rsts))" 3
	hs_expect completed $6
}
abort_run 10.0.0.99 10.0.0.1 9002 44000 19 9
abort_run fd00::99 fd00::1 9003 44100 22 14
hs_assert "balance" "$(hs_balance)" ok
