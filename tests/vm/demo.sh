#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make demo, inside the VM: a server namespace with hsmon watching, and a
# client that completes some handshakes and abandons others.

. /hsmon/vm/lib.sh

show() {
	echo
	echo "\$ cat /proc/net/hsmon          # in the server's namespace"
	$SRV cat /proc/net/hsmon | awk '{ printf "    %-16s %s\n", $1, $2 }'
}

dmesg -n 1
echo "HSMON-DEMO-BEGIN"
echo "# insmod hsmon.ko ($(uname -r))"
insmod /hsmon/hsmon.ko
hs_setup
hs_serve 8080
hs_sysctl timeout 2000
echo "# server 10.0.0.1 / fd00::1 listens on port 8080; net.hsmon.timeout = 2000 ms"

echo
echo "# 1. a client connects 20 times over IPv4 and 10 over IPv6"
$CLI hsmon-pkt connect -n 20 10.0.0.1 8080
$CLI hsmon-pkt connect -n 10 fd00::1 8080
echo "# 2. it knocks on a closed port 3 times"
$CLI hsmon-pkt connect -e refused -n 3 10.0.0.1 9
echo "# 3. two stale SYNs from the client's address: its kernel resets our SYN+ACK"
$CLI hsmon-pkt syn -n 2 -p 41000 10.0.0.2 10.0.0.1 8080
echo "# 4. a client that never sends the final ACK, and one that sends a wrong one"
$CLI hsmon-pkt handshake -f none -p 42000 v-c 10.0.0.99 10.0.0.1 8080
$CLI hsmon-pkt handshake -f badack -p 42001 v-c 10.0.0.99 10.0.0.1 8080
sleep 1
show
echo
echo "\$ cat /proc/net/hsmon_conns    # the half-open handshake, before its timeout"
$SRV cat /proc/net/hsmon_conns | sed 's/^/    /'
echo
echo "# ... 2.5 s later, the half-open handshake has timed out:"
sleep 3
show
hs_teardown >/dev/null 2>&1
rmmod hsmon
echo "HSMON-DEMO-END"
