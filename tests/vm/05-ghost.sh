# The ghost: a SYN from a tuple the client has no socket for.  Our
# SYN+ACK reaches the client's kernel, which answers RST: reset_by_client.
# serve: 8080
$CLI hsmon-pkt syn -p 41000 10.0.0.2 10.0.0.1 8080
$CLI hsmon-pkt syn -p 41001 fd00::2 fd00::1 8080
hs_wait reset_by_client 2 3
hs_expect_all "syn=2 synack=2 reset_by_client=2"
