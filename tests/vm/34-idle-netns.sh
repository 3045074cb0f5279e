# An idle namespace costs little: its table starts at 8 buckets a shard
# and grows only with its handshakes.  With 200 idle namespaces, loading
# hsmon (which sets up every namespace) adds at most 64 KiB a namespace
# of slab, per-CPU and vmalloc memory, beyond the module's own code.  A
# namespace that then takes handshakes grows its table, and keeps every
# one of them (the lookups that ran while its entries moved looked again).
# setup: none
# oracle: none: it reloads hsmon
rmmod hsmon
for i in $(seq 200); do
	$IP netns add idle$i
done
nets=$(($(ls /run/netns | wc -l) + 1))
kmem() {
	awk '/^(Slab|Percpu|VmallocUsed):/ { kib += $2 } END { print kib }' /proc/meminfo
}
sleep 1
m0=$(kmem)
insmod /hsmon/hsmon.ko
sleep 1
m1=$(kmem)
code=$(($(cat /sys/module/hsmon/coresize) / 1024))
per=$(( (m1 - m0 - code) / nets ))
hs_figure "idle: $nets namespaces, +$((m1 - m0)) KiB with hsmon ($code KiB of it code): $per KiB a namespace"
# KASAN's redzones and quarantine (freed memory it holds a while) about
# double what the debug kernel's allocations count.
bound=64
[ "$HSMON_TAG" = debug ] && bound=128
hs_assert "KiB per idle namespace <= $bound" "$([ $per -le $bound ] && echo yes)" yes
for i in $(seq 200); do
	$IP netns del idle$i
done

# A busy one grows, while connections complete: 6000 half-open
# handshakes (sources with no route back, kept for the timeout) take its
# shards from 8 buckets to 128, and each of 200 connections is found at
# its completion, whatever moved meanwhile.
hs_setup
hs_serve 8080
echo 600000 >/proc/sys/net/hsmon/timeout
hs_sysctl timeout 600000
$CLI hsmon-pkt flood -n 6000 -r 3000 -p 8080 10.9.0.0/16 10.0.0.1 >/dev/null &
flood=$!
$CLI hsmon-pkt connect -n 200 10.0.0.1 8080
wait $flood
hs_wait completed 200 5
tracked=$(hs_counter entries)
hs_figure "busy: $tracked half-open handshakes and 200 connections, every one tracked"
hs_assert "half-open, tracked" "$(hs_counter syn)" $((tracked + 200))
hs_assert "untracked" "$(hs_counter untracked)" 0
hs_assert "entries listed by hsmon_conns" "$($SRV sed 1d /proc/net/hsmon_conns | wc -l)" $tracked
hs_oracle srv 1
