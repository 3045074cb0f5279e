# Real handshakes over IPv4 complete, and nothing else is counted.
# serve: 8080
$CLI hsmon-pkt connect -n 5 10.0.0.1 8080
hs_wait completed 5 3
hs_expect_all "syn=5 synack=5 completed=5"
hs_expect_all "" cli
