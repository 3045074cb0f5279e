# A SYN sent again with the same ISN is a retransmission.  With another
# ISN, once we answered, the stack keeps its first request (and answers
# with an ACK): syn_ignored; before we answered (no route back: the stack
# dropped the first SYN) it replaces the attempt: syn_replaced.  Neither
# is a new handshake.
# serve: 8080
$CLI hsmon-pkt syn -r 3 -p 45000 -i 1000 10.0.0.99 10.0.0.1 8080
hs_wait syn_retrans 2 3
hs_expect syn 1
$CLI hsmon-pkt syn -p 45000 -i 9000000 10.0.0.99 10.0.0.1 8080
hs_wait syn_ignored 1 3
hs_expect syn 1
$CLI hsmon-pkt syn -p 45001 -i 1000 10.9.0.5 10.0.0.1 8080
$CLI hsmon-pkt syn -p 45001 -i 9000000 10.9.0.5 10.0.0.1 8080
hs_wait syn_replaced 1 3
hs_expect syn 2
hs_expect entries 2
