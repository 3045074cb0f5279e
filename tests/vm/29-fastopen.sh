# TCP Fast Open: the stack makes the connection at the SYN (data in it),
# before any SYN+ACK.  Ten connections over IPv4 and ten over IPv6 are
# completed (and fastopen), as TCPFastOpenPassive and PassiveOpens say;
# none is left to time out as timeout_syn.
hs_sysctl timeout 1000
$SRV sysctl -qw net.ipv4.tcp_fastopen=0x202
$CLI sysctl -qw net.ipv4.tcp_fastopen=0x5
$SRV hsmon-pkt serve -F -P /tmp/serve-9100.pid 9100
$CLI hsmon-pkt connect -F -n 10 10.0.0.1 9100
$CLI hsmon-pkt connect -F -n 10 fd00::1 9100
hs_wait completed 20 3
hs_assert "srv TCPFastOpenPassive" "$(hs_tcpext_counter TCPFastOpenPassive)" 20
hs_assert "srv connections (PassiveOpens)" "$(hs_connections)" 20
# Past the timeout: nothing was left behind.
sleep 2
hs_expect_all "syn=20 completed=20 fastopen=20"
