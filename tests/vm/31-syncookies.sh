# SYN cookies: with net.ipv4.tcp_syncookies=2 the stack answers every SYN
# with a cookie and keeps no request; the final ACK makes the connection
# from the cookie (SyncookiesRecv).  Real clients and raw ones, IPv4 and
# IPv6, are completed exactly as PassiveOpens says; a cookie ACK to a
# full accept queue is listen_overflow (no request: no SYN+ACK again).
# serve: 8080
hs_sysctl timeout 1500
$SRV sysctl -qw net.ipv4.tcp_syncookies=2
$CLI hsmon-pkt connect -n 4 10.0.0.1 8080 >/dev/null
$CLI hsmon-pkt connect -n 3 fd00::1 8080 >/dev/null
$CLI hsmon-pkt handshake -n 2 -p 47000 v-c 10.0.0.99 10.0.0.1 8080 >/dev/null
hs_wait completed 9 3
hs_assert "srv SyncookiesSent" "$(hs_tcpext_counter SyncookiesSent)" 9
hs_assert "srv SyncookiesRecv" "$(hs_tcpext_counter SyncookiesRecv)" 9
hs_assert "srv connections (PassiveOpens)" "$(hs_connections)" 9

# A never-accepting listener, backlog 1: two connections fill it, the
# third cookie ACK is dropped.
$SRV hsmon-pkt serve -N -b 1 -P /tmp/serve-9200.pid 9200
$CLI hsmon-pkt handshake -n 3 -d 300 -p 47100 v-c 10.0.0.99 10.0.0.1 9200 >/dev/null
hs_wait listen_overflow_drops 1 3
hs_assert "srv ListenOverflows" "$(hs_tcpext_counter ListenOverflows)" 1
hs_wait listen_overflow 1 5
hs_expect completed 11
hs_expect synack_retrans 0
hs_wait entries 0 5
hs_expect_all "syn=12 synack=12 completed=11 listen_overflow=1 listen_overflow_drops=1"
