# Top abandoning sources: handshakes abandoned from two prefixes rank them
# (IPv4 /32 and /24, IPv6 /64); only CAP_NET_ADMIN may look.
# serve: 8080
hs_sysctl timeout 300
# Routes to the sources, through the address nobody answers for: our
# SYN+ACKs go out, nobody answers them (timeout_synack).
$IP -n srv route add 10.8.0.0/16 via 10.0.0.99
$IP -n srv route add 10.9.0.0/16 via 10.0.0.99
$IP -n srv route add fd09::/64 via fd00::99
$CLI hsmon-pkt syn -n 3 -p 50100 10.9.0.5 10.0.0.1 8080 >/dev/null
$CLI hsmon-pkt syn -n 1 -p 50200 10.8.0.7 10.0.0.1 8080 >/dev/null
$CLI hsmon-pkt syn -n 2 -p 50300 fd09::1:2 fd00::1 8080 >/dev/null
hs_wait timeout_synack 6 3
$SRV cat /proc/net/hsmon_sources >/tmp/src
cat /tmp/src
hs_assert "header" "$(sed -n 1p /tmp/src)" \
	"prefix timeout_synack reset_by_client last_seen_ms"
hs_assert "first two: 10.9.0.5, 3 each" \
	"$(sed -n 2,3p /tmp/src | awk '{ print $1, $2 }' | sort | tr '\n' ' ')" \
	"10.9.0.0/24 3 10.9.0.5/32 3 "
hs_assert "then the /64, 2" "$(sed -n 4p /tmp/src | awk '{ print $1, $2 }')" "fd09::/64 2"
hs_assert "last two: 10.8.0.7, 1 each" \
	"$(sed -n 5,6p /tmp/src | awk '{ print $1, $2 }' | sort | tr '\n' ' ')" \
	"10.8.0.0/24 1 10.8.0.7/32 1 "
hs_assert "lines" "$(wc -l </tmp/src)" 6
if $SRV su -s /bin/sh nobody -c 'cat /proc/net/hsmon_sources' >/dev/null 2>&1; then
	hs_fail "nobody read hsmon_sources"
fi
hs_assert "nobody refused" "$($SRV su -s /bin/sh nobody -c 'cat /proc/net/hsmon_sources' 2>&1 |
	grep -c 'not permitted')" 1
hs_assert "hsmonstat --sources" \
	"$($SRV hsmonstat --sources | awk 'NR > 1 { n++ } END { print n }')" 5
