# Shrinking the timeout from its maximum to its minimum during a flood
# expires the entries promptly and loses no count.
# serve: 8080
# A container's limits go no higher than the host's: raise the host's.
echo 3600000 >/proc/sys/net/hsmon/timeout
echo 100000 >/proc/sys/net/hsmon/max_entries
hs_sysctl timeout 3600000
hs_sysctl max_entries 100000
$CLI hsmon-pkt flood -n 5000 -p 8080 10.9.0.0/16 10.0.0.1 >/dev/null
$CLI hsmon-pkt flood -n 100000000 -s 4 -r 1000 -p 8080 10.9.0.0/16 10.0.0.1 >/dev/null &
flood=$!
usleep 500000
hs_assert "nothing expired yet" "$(hs_counter syn_dropped)" 0
hs_sysctl timeout 100
# The next GC run (at most 1 s away at the old timeout) expires them.
i=0
while [ "$(hs_counter syn_dropped)" -lt 5000 ] && [ $i -lt 30 ]; do
	usleep 100000
	i=$((i + 1))
done
hs_assert "expired promptly" "$([ "$(hs_counter syn_dropped)" -ge 5000 ] && echo yes)" yes
wait $flood
hs_wait entries 0 3
hs_assert "syn = syn_dropped + evicted" \
	"$(hs_counter syn)" $(($(hs_counter syn_dropped) + $(hs_counter evicted)))
hs_expect evicted 0
