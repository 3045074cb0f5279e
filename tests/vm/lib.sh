# SPDX-License-Identifier: GPL-2.0
#
# Helpers for the VM scenarios (busybox sh).  The standard topology:
#
#   netns cli                             netns srv
#   +------------------------+   veth    +------------------------+
#   | v-c 10.0.0.2/24        |-----------| v-s 10.0.0.1/24        |
#   |     fd00::2/64         |           |     fd00::1/64         |
#   +------------------------+           +------------------------+
#
# srv is the server hsmon watches.  10.0.0.99 and fd00::99 are addresses
# nobody owns; srv is told they live behind v-c, so hsmon-pkt in cli can
# play a client there that cli's kernel does not answer for.

HS_ASSERTS=/tmp/hsmon-asserts
# iproute2's ip by path: busybox runs its own applets first.
IP=/sbin/ip
# Enter a namespace cheaply: nsenter, not "ip netns exec", which also
# makes a mount namespace and remounts /sys every time.  The one way in:
# /proc/net and /proc/sys/net follow the reader's network namespace.
hs_in() {
	ns=$1
	shift
	nsenter --net=/run/netns/"$ns" "$@"
}
SRV="hs_in srv"
CLI="hs_in cli"

hs_log() {
	echo "  [$(cut -d' ' -f1 /proc/uptime)] $*"
}

# hs_figure TEXT: a measured figure, collected into build/figures.txt.
hs_figure() {
	echo "HSMON-FIGURE: $HSMON_TAG $(basename "$s" .sh): $*"
}

# hs_setup: the standard topology above.  run.sh sets it up before each
# scenario, hs_teardown removes it after.
hs_setup() {
	$IP netns add srv
	$IP netns add cli
	# No duplicate address detection: addresses are usable at once.
	for ns in srv cli; do
		hs_in $ns sysctl -qw net.ipv6.conf.default.accept_dad=0
	done
	$IP link add v-s netns srv type veth peer name v-c netns cli
	for ns in srv cli; do
		$IP -n $ns link set lo up
	done
	$IP -n srv addr add 10.0.0.1/24 dev v-s
	$IP -n srv addr add fd00::1/64 dev v-s nodad
	$IP -n cli addr add 10.0.0.2/24 dev v-c
	$IP -n cli addr add fd00::2/64 dev v-c nodad
	$IP -n srv link set v-s up
	$IP -n cli link set v-c up
	mac=$($IP -n cli -o link show v-c | sed 's/.*link\/ether \([^ ]*\).*/\1/')
	$IP -n srv neigh add 10.0.0.99 lladdr "$mac" dev v-s
	$IP -n srv neigh add fd00::99 lladdr "$mac" dev v-s
	# And no neighbour discovery: nothing waits on it, nothing races it.
	smac=$($IP -n srv -o link show v-s | sed 's/.*link\/ether \([^ ]*\).*/\1/')
	$IP -n cli neigh add 10.0.0.1 lladdr "$smac" dev v-c
	$IP -n cli neigh add fd00::1 lladdr "$smac" dev v-c
	$IP -n srv neigh add 10.0.0.2 lladdr "$mac" dev v-s
	$IP -n srv neigh add fd00::2 lladdr "$mac" dev v-s
	# Connections are short; let the client's ports be reused at once.
	$CLI sysctl -qw net.ipv4.tcp_tw_reuse=1 >/dev/null 2>&1 || true
}

hs_teardown() {
	for p in /tmp/*.pid; do
		[ -e "$p" ] && kill "$(cat "$p")" 2>/dev/null
		rm -f "$p"
	done
	$IP netns del srv 2>/dev/null
	$IP netns del cli 2>/dev/null
	return 0
}

# hs_serve PORT: a listener in srv accepting and closing connections (a
# scenario asks run.sh for them with a "# serve: PORT..." line).
hs_serve() {
	$SRV hsmon-pkt serve -P "/tmp/serve-$1.pid" "$1"
}

# hs_counter NAME [NETNS]: a value from /proc/net/hsmon.
hs_counter() {
	hs_in "${2:-srv}" awk -v n="$1" '$1 == n { print $2 }' /proc/net/hsmon
}

hs_fail() {
	echo "FAIL: $*"
	echo "--- /proc/net/hsmon (srv)"
	$SRV cat /proc/net/hsmon 2>/dev/null
	echo "--- /proc/net/hsmon_conns (srv)"
	$SRV cat /proc/net/hsmon_conns 2>/dev/null
	exit 1
}

# hs_assert DESCRIPTION ACTUAL EXPECTED
hs_assert() {
	echo "$1" >>"$HS_ASSERTS"
	if [ "$2" != "$3" ]; then
		hs_fail "$1: got '$2', expected '$3'"
	fi
	hs_log "ok: $1 = $3"
}

# hs_expect NAME VALUE [NETNS]: a counter has exactly this value.
hs_expect() {
	hs_assert "${3:-srv} $1" "$(hs_counter "$1" "${3:-srv}")" "$2"
}

# hs_expect_all "NAME=VALUE ..." [NETNS]: every line of /proc/net/hsmon,
# read at once; a counter not named must be 0.
hs_expect_all() {
	ns=${2:-srv}
	# Twins are the kernel's to make (two CPUs completing one request,
	# as a retransmitted SYN+ACK answered twice can make them): unless
	# the scenario counts them, passive_duplicate may be what it is, and
	# passive_untracked counts each one too.
	hs_in "$ns" awk -v want="$1" '
		BEGIN { n = split(want, kv, " ")
			for (i = 1; i <= n; i++) { split(kv[i], p, "="); w[p[1]] = p[2] } }
		{ name[NR] = $1; got[NR] = $2; if ($1 == "passive_duplicate") twins = $2 }
		END { for (i = 1; i <= NR; i++) {
			e = (name[i] in w) ? w[name[i]] : 0
			if (!("passive_duplicate" in w) && name[i] ~ /^passive_(duplicate|untracked)$/)
				e += twins
			print (got[i] == e ? "ok" : "bad"), name[i], got[i], e } }
	' /proc/net/hsmon >/tmp/hs-expect
	[ -s /tmp/hs-expect ] || hs_fail "$ns: /proc/net/hsmon unreadable"
	while read -r res name got want; do
		echo "$ns $name" >>"$HS_ASSERTS"
		[ "$res" = ok ] || hs_fail "$ns $name: got '$got', expected '$want'"
	done </tmp/hs-expect
	hs_log "ok: all $(wc -l </tmp/hs-expect) of $ns's counters match: ${1:-all 0}"
}

# hs_wait NAME VALUE SECONDS [NETNS]: wait until a counter reaches VALUE.
hs_wait() {
	i=0
	while [ "$(hs_counter "$1" "${4:-srv}")" != "$2" ] && [ $i -lt $(($3 * 10)) ]; do
		usleep 100000
		i=$((i + 1))
	done
	hs_expect "$1" "$2" "${4:-srv}"
}

# hs_sysctl NAME VALUE [NETNS]: set net.hsmon.NAME.
hs_sysctl() {
	hs_in "${3:-srv}" sh -c "echo $2 >/proc/sys/net/hsmon/$1"
}

# hs_mib GROUP FILE NAME [NETNS]: the counter NAME of the line pair GROUP
# ("Tcp:", "TcpExt:") of /proc/net/FILE in the namespace, its column found
# by name in the header line.
hs_mib() {
	hs_in "${4:-srv}" awk -v g="$1" -v name="$3" '
		$1 == g && $2 !~ /^[0-9]/ { for (i = 2; i <= NF; i++) if ($i == name) col = i }
		$1 == g && $2 ~ /^[0-9]/ && col { print $col }' /proc/net/"$2"
}

# hs_tcp_counter NAME [NETNS]: the namespace's TCP counter NAME (InSegs,
# OutSegs, PassiveOpens, ...) from /proc/net/snmp.
hs_tcp_counter() {
	hs_mib Tcp: snmp "$1" "${2:-srv}"
}

# hs_connections [NETNS]: the connections the namespace's TCP stack made
# and kept: its PassiveOpens, less the twins it threw away at once, that
# hsmon saw go (passive_duplicate: two CPUs raced for one request, as a
# retransmitted SYN+ACK answered twice under a slow VM can make them).
hs_connections() {
	echo $(($(hs_tcp_counter PassiveOpens "${1:-srv}") - $(hs_counter passive_duplicate "${1:-srv}")))
}

# hs_tcpext_counter NAME [NETNS]: the namespace's TcpExt counter NAME
# (ListenOverflows, TCPFastOpenPassive, ...) from /proc/net/netstat.
hs_tcpext_counter() {
	hs_mib TcpExt: netstat "$1" "${2:-srv}"
}

# hs_oracle NETNS STRICT: the kernel is the judge.  Every connection the
# namespace's TCP stack created (Tcp PassiveOpens) is exactly one of
# hsmon's completed, late_ack or passive_untracked; with STRICT=1 (a
# scenario whose handshakes are all tracked) completed, or a twin the
# stack threw away (passive_duplicate).  Read a few times: traffic may
# still be landing between the two files.
hs_oracle() {
	ns=$1 strict=$2
	[ -e /proc/net/hsmon ] ||
		hs_fail "the oracle has no hsmon to judge (was it unloaded?)"
	for i in 1 2 3 4 5; do
		po=$(hs_tcp_counter PassiveOpens "$ns")
		set -- $(hs_in "$ns" awk '{ v[$1] = $2 }
			END { print v["completed"] + v["passive_duplicate"],
				v["completed"] + v["late_ack"] + v["passive_untracked"] }
		' /proc/net/hsmon)
		if [ "$po" = "$2" ] && { [ "$strict" != 1 ] || [ "$po" = "$1" ]; }; then
			break
		fi
		usleep 200000
	done
	hs_assert "$ns PassiveOpens = completed + late_ack + passive_untracked" "$2" "$po"
	if [ "$strict" = 1 ]; then
		hs_assert "$ns PassiveOpens = completed + passive_duplicate" "$1" "$po"
	fi
	return 0
}

# hs_long: true under make check-long (HSMON_LONG=1).
hs_long() {
	[ "${HSMON_LONG:-0}" = 1 ]
}

# hs_slab_objs: hsmon_entry objects in use per /proc/slabinfo ("n/a" where
# the kernel has no slabinfo; the VMs boot with slab_nomerge so the cache
# has its own line).
hs_slab_objs() {
	awk '$1 == "hsmon_entry" { print $2; found = 1 } END { if (!found) print "n/a" }' \
		/proc/slabinfo 2>/dev/null || echo n/a
}

# hs_balance [NETNS]: "ok" if syn = the outcomes + in_progress, else what
# differs.  The outcomes are the columns of hsmon_ports' header after syn:
# no copy of their list here.
hs_balance() {
	hs_in "${1:-srv}" awk '
		FILENAME ~ /ports$/ { if (FNR == 1) for (i = 3; i <= NF; i++) out[$i] = 1; next }
		{ v[$1] = $2; if ($1 in out) o += $2 }
		END {
			if (v["syn"] == o + v["in_progress"]) print "ok"
			else print "syn " v["syn"] " != outcomes " o " + in_progress " v["in_progress"]
		}
	' /proc/net/hsmon_ports /proc/net/hsmon
}
