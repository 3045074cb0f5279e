# A SYN on a tuple the server's stack already owns ends as the stack ends
# it.  On an established connection the stack answers with a challenge
# ACK (RFC 5961, TCPSYNChallenge): the SYN is syn_challenged, IPv4 and
# IPv6.  On a request it answered, a SYN with another ISN (an old,
# delayed SYN) leaves the request as it was (syn_ignored): the first
# client's RST still resets it (reset_by_client, EmbryonicRsts) and its
# final ACK still completes it.
# serve: 8080
hs_sysctl timeout 3000
$CLI hsmon-pkt handshake -p 46000 v-c 10.0.0.99 10.0.0.1 8080 >/dev/null
$CLI hsmon-pkt handshake -p 46001 v-c fd00::99 fd00::1 8080 >/dev/null
hs_wait completed 2 3
$CLI hsmon-pkt syn -p 46000 -i 5555555 10.0.0.99 10.0.0.1 8080
$CLI hsmon-pkt syn -p 46001 -i 5555555 fd00::99 fd00::1 8080
hs_wait syn_challenged 2 3
hs_assert "srv TCPSYNChallenge" "$(hs_tcpext_counter TCPSYNChallenge)" 2
hs_expect syn 4

# A SYN with another ISN between our SYN+ACK and the client's RST.
$CLI hsmon-pkt handshake -f rst -d 1500 -p 46100 v-c 10.0.0.99 10.0.0.1 8080 >/dev/null &
rst=$!
usleep 700000
$CLI hsmon-pkt syn -p 46100 -i 7777777 10.0.0.99 10.0.0.1 8080
wait $rst
hs_wait reset_by_client 1 3
hs_assert "srv EmbryonicRsts" "$(hs_tcpext_counter EmbryonicRsts)" 1
# ... and between our SYN+ACK and the client's final ACK.
$CLI hsmon-pkt handshake -d 1500 -p 46101 v-c 10.0.0.99 10.0.0.1 8080 >/dev/null &
ack=$!
usleep 700000
$CLI hsmon-pkt syn -p 46101 -i 7777777 10.0.0.99 10.0.0.1 8080
wait $ack
hs_wait completed 3 3
hs_expect syn_ignored 2
hs_expect syn 6
hs_expect syn_replaced 0
hs_expect timeout_syn 0
hs_assert "balance" "$(hs_balance)" ok
