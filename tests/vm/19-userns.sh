# An unprivileged user with its own user and network namespace sees and
# tunes only its own namespace; nobody reads the tuples of the initial one.
$SRV hsmon-pkt connect -e refused 10.0.0.1 9 >/dev/null
cat >/tmp/userns.sh <<'INNER'
ip link set lo up
hsmon-pkt serve -P /tmp/userns.pid 80
hsmon-pkt connect -n 3 127.0.0.1 80 >/dev/null
kill "$(cat /tmp/userns.pid)"
awk '$1 == "completed" || $1 == "rejected" { print $2 }' /proc/net/hsmon
head -n 1 /proc/net/hsmon_conns
echo 5000 >/proc/sys/net/hsmon/timeout && cat /proc/sys/net/hsmon/timeout
cat /proc/1/net/hsmon_conns 2>&1 | grep -c 'not permitted'
cat /proc/1/net/hsmon_sources 2>&1 | grep -c 'not permitted'
echo 0 >/proc/sys/net/hsmon/enabled && cat /proc/sys/net/hsmon/enabled
m=$(cat /tmp/init-max-entries)
echo 75001 >/proc/sys/net/hsmon/timeout 2>/dev/null && echo accepted || echo refused
cat /proc/sys/net/hsmon/timeout
echo $((m + 1)) >/proc/sys/net/hsmon/max_entries 2>/dev/null && echo accepted || echo refused
echo "$m" >/proc/sys/net/hsmon/max_entries && cat /proc/sys/net/hsmon/max_entries
[ -e /proc/sys/net/hsmon/host_max_entries ] && echo present || echo absent
INNER
cat /proc/sys/net/hsmon/max_entries >/tmp/init-max-entries
su -s /bin/sh nobody -c 'unshare -U -r -n sh /tmp/userns.sh' >/tmp/userns.out 2>&1 || true
cat /tmp/userns.out
hs_assert "own completed" "$(sed -n 1p /tmp/userns.out)" 3
hs_assert "own rejected" "$(sed -n 2p /tmp/userns.out)" 0
hs_assert "own tuples readable" "$(sed -n 3p /tmp/userns.out)" \
	"family client server state age_ms syn_retrans synack_retrans"
hs_assert "own timeout tunable" "$(sed -n 4p /tmp/userns.out)" 5000
hs_assert "init's tuples refused" "$(sed -n 5p /tmp/userns.out)" 1
hs_assert "init's sources refused" "$(sed -n 6p /tmp/userns.out)" 1
hs_assert "own monitor can be disabled" "$(sed -n 7p /tmp/userns.out)" 0
# The host's limits bound the container's: no raising them past it.
hs_assert "timeout past the host's refused" "$(sed -n 8p /tmp/userns.out)" refused
hs_assert "timeout kept" "$(sed -n 9p /tmp/userns.out)" 5000
hs_assert "max_entries past the host's refused" "$(sed -n 10p /tmp/userns.out)" refused
hs_assert "max_entries up to the host's" "$(sed -n 11p /tmp/userns.out)" \
	"$(cat /tmp/init-max-entries)"
hs_assert "no host_max_entries in a container" "$(sed -n 12p /tmp/userns.out)" absent
hs_assert "host_max_entries on the host" "$([ -e /proc/sys/net/hsmon/host_max_entries ] &&
	echo present)" present
hs_assert "init timeout untouched" "$(cat /proc/sys/net/hsmon/timeout)" 75000
hs_assert "init still enabled" "$(cat /proc/sys/net/hsmon/enabled)" 1
hs_expect rejected 1
