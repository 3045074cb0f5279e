# 100 insmod/rmmod cycles while SYNs and real connections flow, then 100
# network namespaces that carry connections come and go.  kmemleak checks
# the rest at the end of the run.
# serve: 8080
# oracle: none: hsmon's counters start again at each reload, the kernel's do not
rm -f /tmp/stop-traffic
$CLI sh -c 'until [ -e /tmp/stop-traffic ]; do
	hsmon-pkt flood -n 500 -r 2000 -p 8080 10.9.0.0/16 10.0.0.1 >/dev/null
done' &
flood=$!
$CLI sh -c 'until [ -e /tmp/stop-traffic ]; do
	hsmon-pkt connect 10.0.0.1 8080 >/dev/null 2>&1
done' &
conns=$!
ok=0
for i in $(seq 100); do
	rmmod hsmon && insmod /hsmon/hsmon.ko && ok=$((ok + 1))
done
touch /tmp/stop-traffic
wait $flood $conns
hs_assert "reload cycles" $ok 100

ok=0
for i in $(seq 100); do
	unshare -n sh -c '
		ip link set lo up
		hsmon-pkt serve -P /tmp/churn.pid 80
		hsmon-pkt connect -n 2 127.0.0.1 80 >/dev/null
		awk "\$1 == \"completed\" { print \$2 }" /proc/net/hsmon >/tmp/churn.out
		kill $(cat /tmp/churn.pid)' || true
	[ "$(cat /tmp/churn.out)" = 2 ] && ok=$((ok + 1))
done
hs_assert "namespaces with 2 completed handshakes each" $ok 100
