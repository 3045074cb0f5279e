#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make demo, inside the VM: a server namespace with hsmon watching, and a
# client that completes some handshakes and abandons others, watched live
# with hsmonstat.

. /hsmon/vm/lib.sh

dmesg -n 1
echo "HSMON-DEMO-BEGIN"
echo "# insmod hsmon.ko   (kernel $(uname -r))"
insmod /hsmon/hsmon.ko
hs_setup
hs_serve 8080
hs_sysctl timeout 2000
echo "# server 10.0.0.1 and fd00::1, port 8080 open; net.hsmon.timeout = 2000 ms"
echo "# each second the client: connects 10 times (IPv4 and IPv6), knocks on a"
echo "# closed port, sends 2 stale SYNs that its own kernel then resets (ghosts),"
echo "# and leaves one handshake half-open (no final ACK)"
echo
echo "\$ hsmonstat 1 8"
$SRV hsmonstat 1 8 &
stat=$!
usleep 100000
for i in 1 2 3 4 5; do
	$CLI hsmon-pkt connect -n 6 10.0.0.1 8080 >/dev/null
	$CLI hsmon-pkt connect -n 4 fd00::1 8080 >/dev/null
	$CLI hsmon-pkt connect -e refused 10.0.0.1 9 >/dev/null
	$CLI hsmon-pkt syn -n 2 -p $((41000 + 10 * i)) 10.0.0.2 10.0.0.1 8080 >/dev/null
	$CLI hsmon-pkt handshake -f none -p $((42000 + i)) v-c 10.0.0.99 10.0.0.1 8080 >/dev/null
	usleep 600000
done
$SRV cat /proc/net/hsmon_conns >/tmp/conns
wait $stat
echo
echo "\$ cat /proc/net/hsmon_conns      # as it was after the last client"
cat /tmp/conns
echo
echo "# The listen backlog trap: port 9000 listens with backlog 1 and never"
echo "# accepts.  10 clients complete the handshake on the wire; the kernel"
echo "# queues 2 and drops the other final ACKs.  hsmon counts what the kernel did."
$SRV hsmon-pkt serve -N -b 1 -P /tmp/serve-9000.pid 9000
$CLI hsmon-pkt handshake -n 10 -d 300 -p 43000 v-c 10.0.0.99 10.0.0.1 9000 >/dev/null
sleep 3
echo "\$ cat /proc/net/hsmon_ports"
$SRV cat /proc/net/hsmon_ports
echo "# the kernel's own counters: Tcp PassiveOpens $(hs_tcp_counter PassiveOpens)" \
	"(= hsmon's completed), TcpExt ListenOverflows $(hs_tcpext_counter ListenOverflows)"
echo
echo "\$ cat /proc/net/hsmon            # the totals"
$SRV hsmonstat
echo
echo "\$ hsmonstat --prometheus | grep outcome    # for node_exporter's textfile collector"
$SRV hsmonstat --prometheus | grep 'outcome='
hs_teardown >/dev/null 2>&1
rmmod hsmon
echo "HSMON-DEMO-END"
