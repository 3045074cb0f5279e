# hsmon unloads and loads again while SYNs and real connections flow.
# serve: 8080
# oracle: none: hsmon's counters start again at the reload, the kernel's do not
$CLI hsmon-pkt flood -s 3 -n 100000000 -r 5000 -p 8080 10.9.0.0/16 10.0.0.1 >/dev/null &
flood=$!
rm -f /tmp/stop-connects
$CLI sh -c 'until [ -e /tmp/stop-connects ]; do
	hsmon-pkt connect 10.0.0.1 8080 >/dev/null 2>&1
done' &
conns=$!
for i in 1 2 3 4 5; do
	usleep 300000
	rmmod hsmon
	insmod /hsmon/hsmon.ko
done
usleep 300000
rmmod hsmon
hs_assert "unloaded under traffic" "$(grep -c '^hsmon ' /proc/modules)" 0
touch /tmp/stop-connects
wait $flood $conns
insmod /hsmon/hsmon.ko
hs_expect_all "" srv
