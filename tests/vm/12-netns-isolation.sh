# Each namespace counts only the handshakes it answers as a server; its
# own outgoing connections are not tracked.
# serve: 8080
$IP netns add third
$CLI hsmon-pkt connect -n 2 10.0.0.1 8080
$CLI hsmon-pkt serve -P /tmp/serve-cli.pid 9090
$SRV hsmon-pkt connect -n 3 10.0.0.2 9090
hs_wait completed 2 3 srv
hs_wait completed 3 3 cli
hs_expect_all "syn=2 synack=2 completed=2" srv
hs_expect_all "syn=3 synack=3 completed=3" cli
hs_expect_all "" third
$IP netns del third
