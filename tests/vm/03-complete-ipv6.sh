# Real handshakes over IPv6 complete.
# serve: 8080
$CLI hsmon-pkt connect -n 3 fd00::1 8080
hs_wait completed 3 3
hs_expect_all "syn=3 synack=3 completed=3"
