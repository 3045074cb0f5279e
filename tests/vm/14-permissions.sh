# Who may read what: the counters are for everybody, the tuples need
# CAP_NET_ADMIN in the namespace's user namespace, sysctls need root.
# serve: 8080
$CLI hsmon-pkt handshake -f none -p 48000 v-c 10.0.0.99 10.0.0.1 8080
as_nobody() {
	$SRV su -s /bin/sh nobody -c "$*"
}

hs_assert "nobody is nobody" "$(as_nobody id -u)" 65534
hs_assert "nobody reads the counters" \
	"$(as_nobody "awk '\$1 == \"syn\" { print \$2 }' /proc/net/hsmon")" 1
if as_nobody cat /proc/net/hsmon_conns >/tmp/conns 2>&1; then
	hs_fail "nobody read hsmon_conns: $(cat /tmp/conns)"
fi
hs_assert "nobody is refused hsmon_conns" "$(grep -c 'not permitted' /tmp/conns)" 1
hs_assert "root reads hsmon_conns" "$($SRV cat /proc/net/hsmon_conns | wc -l)" 2
if as_nobody "echo 1000 >/proc/sys/net/hsmon/timeout" 2>/dev/null; then
	hs_fail "nobody changed net.hsmon.timeout"
fi
hs_assert "timeout unchanged" "$($SRV cat /proc/sys/net/hsmon/timeout)" 75000
