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

# late_syn FINAL CLIENT SERVER SPORT: a handshake whose final segment
# (rst or ack) comes 1.5 s after our SYN+ACK, and a SYN with another ISN
# on its tuple in between.
late_syn() {
	$CLI hsmon-pkt handshake -f $1 -d 1500 -p $4 v-c $2 $3 8080 >/dev/null &
	late=$!
	usleep 700000
	$CLI hsmon-pkt syn -p $4 -i 7777777 $2 $3 8080
	wait $late
}
late_syn rst 10.0.0.99 10.0.0.1 46100
late_syn rst fd00::99 fd00::1 46101
hs_wait reset_by_client 2 3
hs_assert "srv EmbryonicRsts" "$(hs_tcpext_counter EmbryonicRsts)" 2
late_syn ack 10.0.0.99 10.0.0.1 46102
late_syn ack fd00::99 fd00::1 46103
hs_wait completed 4 3
hs_expect syn_ignored 4
hs_expect syn 8
hs_expect syn_replaced 0
hs_expect timeout_syn 0
hs_assert "balance" "$(hs_balance)" ok
