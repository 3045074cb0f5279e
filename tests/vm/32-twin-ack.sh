# Two copies of one final ACK, sent at the same moment from two CPUs,
# race through the server's stack; when both reach the request before
# either's connection is hashed, the stack makes two connections of it
# and throws one away (tcp_check_req()'s req_stolen), and PassiveOpens
# counts both.  hsmon counts the handshake completed once and the twin
# passive_untracked and passive_duplicate: PassiveOpens = completed +
# passive_duplicate, exactly, over IPv4 and IPv6.  The race is the
# stack's to win, and only two CPUs that run at once make it likely: on
# the debug kernel (multi-threaded emulation) rounds of 64 twin
# handshakes go on until the stack made twins, or 16 rounds, and then the
# scenario fails: it did not provoke the race.  The stock kernels' vCPUs
# take turns on one host thread (single-threaded emulation), where twins
# are rare: there 4 rounds check the identity with what twins came.
# serve: 8080
round=0 n=0 rounds=4
[ "$HSMON_TAG" = debug ] && rounds=16
while [ $round -lt $rounds ]; do
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
if [ "$HSMON_TAG" = debug ]; then
	hs_assert "the stack made twins" "$([ "$dup" -gt 0 ] && echo yes)" yes
fi
hs_expect_all "syn=$n synack=$n completed=$n passive_untracked=$dup passive_duplicate=$dup"
hs_assert "srv PassiveOpens = completed + passive_duplicate" \
	"$(hs_tcp_counter PassiveOpens)" $((n + dup))
hs_assert "srv connections" "$(hs_connections)" $n
