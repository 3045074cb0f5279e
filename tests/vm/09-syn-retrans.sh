# A SYN sent again with the same ISN is a retransmission, with another
# ISN a replacement; neither is a new handshake.
# serve: 8080
$CLI hsmon-pkt syn -r 3 -p 45000 -i 1000 10.0.0.99 10.0.0.1 8080
hs_wait syn_retrans 2 3
hs_expect syn 1
$CLI hsmon-pkt syn -p 45000 -i 9000000 10.0.0.99 10.0.0.1 8080
hs_wait syn_replaced 1 3
hs_expect syn 1
hs_expect entries 1
