# net.hsmon.enabled: at 0 a namespace's new handshakes are not tracked,
# those in progress still end as they would have, and once the table is
# empty hsmon unhooks the namespace (a malformed segment is then not even
# counted as invalid).  At 1 it watches again.  Other namespaces go on.
# The stack's connections made meanwhile are passive_untracked.
# serve: 8080
# oracle: relaxed: connections made while disabled are not tracked
hs_sysctl timeout 3000
for bad in 2 -1 on; do
	if hs_sysctl enabled "$bad" 2>/dev/null; then
		hs_fail "enabled $bad accepted"
	fi
done
hs_assert "enabled after bad writes" "$($SRV cat /proc/sys/net/hsmon/enabled)" 1

# A handshake in progress (a SYN with no route back, which the stack
# drops) drains.
$CLI hsmon-pkt syn -p 44000 10.9.0.5 10.0.0.1 8080
hs_expect in_progress 1
hs_sysctl enabled 0
hs_assert "srv disabled" "$($SRV cat /proc/sys/net/hsmon/enabled)" 0
hs_assert "cli still enabled" "$($CLI cat /proc/sys/net/hsmon/enabled)" 1
$CLI hsmon-pkt connect -n 2 10.0.0.1 8080
$CLI hsmon-pkt bad syn-fin 10.0.0.99 10.0.0.1 8080 >/dev/null
hs_wait invalid 1 3
hs_wait syn_dropped 1 6
# The GC run that empties the table unhooks.
hs_expect entries 0
sleep 1
$CLI hsmon-pkt bad syn-fin 10.0.0.99 10.0.0.1 8080 >/dev/null
$CLI hsmon-pkt connect -n 2 10.0.0.1 8080
sleep 1
hs_expect_all "syn=1 syn_dropped=1 syn_drop_other=1 passive_untracked=4 invalid=1"

# Watched again.
hs_sysctl enabled 1
$CLI hsmon-pkt connect -n 3 10.0.0.1 8080
hs_wait completed 3 3
hs_expect_all "syn=4 synack=3 completed=3 syn_dropped=1 syn_drop_other=1 passive_untracked=4 \
invalid=1"
