# Two copies of one final ACK, sent at the same moment from two CPUs,
# race through the server's stack; when both reach the request before
# either's connection is hashed, the stack makes two connections of it
# and throws one away (tcp_check_req()'s req_stolen), and PassiveOpens
# counts both.  hsmon counts the handshake completed once and the twin
# passive_untracked and passive_duplicate: PassiveOpens = completed +
# passive_duplicate, exactly, over IPv4 and IPv6.  The race is the
# stack's to win: rounds of 64 twin handshakes go on until it made twins
# (or 16 rounds, then the scenario fails: it did not provoke the race).
# serve: 8080
round=0 n=0
while [ $round -lt 16 ]; do
	if [ $((round % 2)) = 0 ]; then
		src=10.0.0.99 dst=10.0.0.1
	else
		src=fd00::99 dst=fd00::1
	fi
	$CLI hsmon-pkt handshake -f twin-ack -n 64 -p $((20000 + 64 * round)) \
		v-c $src $dst 8080 >/dev/null
	round=$((round + 1)) n=$((n + 64))
	hs_wait completed $n 5
	[ $round -ge 2 ] && [ "$(hs_counter passive_duplicate)" -gt 0 ] && break
done
dup=$(hs_counter passive_duplicate)
hs_figure "twin ACKs for $n handshakes in $round rounds: the stack made $dup twins"
hs_assert "the stack made twins" "$([ "$dup" -gt 0 ] && echo yes)" yes
hs_expect_all "syn=$n synack=$n completed=$n passive_untracked=$dup passive_duplicate=$dup"
hs_assert "srv PassiveOpens = completed + passive_duplicate" \
	"$(hs_tcp_counter PassiveOpens)" $((n + dup))
hs_assert "srv connections" "$(hs_connections)" $n
