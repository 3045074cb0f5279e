# A reader of /proc/net/hsmon_conns costs time linear in the entries: each
# chunk resumes the walk where the last one stopped, and the walk lets
# other tasks run every 1024 buckets (no RCU stall, no soft lockup: the
# runner fails on either report).  A SYN flood fills the table (sources
# with no route back: each entry stays for the timeout) to 100,000, then
# to 1,000,000 entries, and it is read whole at each size; the second
# read may take at most 20 times the first (10 is linear, a walk that
# started again at each chunk took about 100).  On the debug kernel,
# whose emulated KASAN sends a few hundred SYNs a second: 2,000 and 20,000.
# setup: none
# oracle: none: it reloads hsmon with room for a million handshakes
small=100000 big=1000000
[ "$HSMON_TAG" = debug ] && small=2000 big=20000
rmmod hsmon
insmod /hsmon/hsmon.ko hashsize=$big
echo $((2 * big)) >/proc/sys/net/hsmon/host_max_entries
echo $((2 * big)) >/proc/sys/net/hsmon/max_entries
echo 3600000 >/proc/sys/net/hsmon/timeout
hs_setup
hs_serve 8080
hs_sysctl max_entries $((2 * big))
hs_sysctl timeout 3600000

# fill N: flood until the table holds N entries.
fill() {
	while [ "$(hs_counter entries)" -lt "$1" ]; do
		$CLI hsmon-pkt flood -n $(($1 - $(hs_counter entries))) -p 8080 \
			10.9.0.0/16 10.0.0.1 >/dev/null
	done
}
# read_conns: the lines a whole read gives, and its centiseconds.
read_conns() {
	t0=$(awk '{ print int($1 * 100) }' /proc/uptime)
	lines=$($SRV cat /proc/net/hsmon_conns | wc -l)
	t1=$(awk '{ print int($1 * 100) }' /proc/uptime)
	echo "$lines $((t1 - t0))"
}
fill $small
n1=$(hs_counter entries)
set -- $(read_conns)
l1=$1 cs1=$2
fill $big
n2=$(hs_counter entries)
set -- $(read_conns)
l2=$1 cs2=$2
hs_figure "hsmon_conns read whole: $n1 entries in $((cs1 * 10)) ms, $n2 in $((cs2 * 10)) ms"
hs_assert "a line per entry, $small" $l1 $((n1 + 1))
hs_assert "a line per entry, $big" $l2 $((n2 + 1))
[ $cs1 -gt 0 ] || cs1=1
hs_assert "linear: $big entries in at most 20 times the time of $small" \
	"$([ $((cs2 * n1)) -le $((20 * cs1 * n2 / 10)) ] && echo yes)" yes
hs_assert "untracked" "$(hs_counter untracked)" 0
