# hsmon:hsmon_handshake fires exactly once per ended handshake.
# serve: 8080
tr=/sys/kernel/tracing
[ -d $tr/events/hsmon ] || hs_fail "no hsmon events in $tr"
echo >$tr/trace
echo 1 >$tr/events/hsmon/hsmon_handshake/enable
$CLI hsmon-pkt connect -n 4 10.0.0.1 8080 >/dev/null
$CLI hsmon-pkt connect -e refused 10.0.0.1 9 >/dev/null
hs_wait completed 4 3
hs_wait rejected 1 3
echo 0 >$tr/events/hsmon/hsmon_handshake/enable
grep hsmon_handshake $tr/trace >/tmp/trace
hs_assert "events" "$(wc -l </tmp/trace)" 5
hs_assert "completed events" "$(grep -c 'outcome=completed' /tmp/trace)" 4
hs_assert "rejected event" \
	"$(grep -c 'client=\[::ffff:10.0.0.2\]:[0-9]* server=\[::ffff:10.0.0.1\]:9 outcome=rejected' /tmp/trace)" 1
