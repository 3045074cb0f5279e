# Sysctls: out-of-range writes fail and change nothing; each namespace has
# its own values; a new timeout takes effect for the next expiry.
for bad in 99 3600001 -1 abc; do
	if hs_sysctl timeout "$bad" 2>/dev/null; then
		hs_fail "timeout $bad accepted"
	fi
done
hs_assert "timeout after bad writes" "$($SRV cat /proc/sys/net/hsmon/timeout)" 75000
if hs_sysctl max_entries 0 2>/dev/null; then
	hs_fail "max_entries 0 accepted"
fi
hs_sysctl max_entries 100
hs_sysctl timeout 200
hs_assert "srv max_entries" "$($SRV cat /proc/sys/net/hsmon/max_entries)" 100
hs_assert "srv timeout" "$($SRV cat /proc/sys/net/hsmon/timeout)" 200
hs_assert "cli timeout untouched" "$($CLI cat /proc/sys/net/hsmon/timeout)" 75000
$CLI hsmon-pkt syn -p 47000 10.9.0.5 10.0.0.1 8080
hs_wait timeout_syn 1 2
