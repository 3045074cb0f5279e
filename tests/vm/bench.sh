#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs in the bench VM (make bench).  Prints "HSMON-BENCH: TYPE KEY=VALUE..."
# records that tests/scripts/bench-report.sh turns into bench/results.md
# (values have no spaces; "error" and "note" lines are free text, and
# "end" ends the run):
#
#  config rounds= seconds= cpus= kernel=
#  conn arm= round= conns= secs= failed=
#  flood arm= round= synacks= t0= t1= sent= sent_secs=
#  memory entries= object_size= slab_size= objs_per_slab= order= slabs=
#         objects= page_size=
#  expiry seconds= gc_runs= gc_busy_ms= gc_longest_ms= rcu_softirqs=
#         rcu_busy_ms= rcu_longest_ms= warnings=none|yes
#  module build=base|current   (HSMON_BENCH_BASE, of make bench or bench-native)
#
# and hsmon_bench.ko adds its own (tests/bench/hook_bench.c):
#
#  hook_config iters= rounds= buckets= entry= bucket=
#  fill entries= slab_bytes= longest_chain= buckets=
#  hook case= entries= median= low= high=
#  done
#
# What they measure:
#
#  1. arms: in each of HSMON_BENCH_ROUNDS rounds, in a balanced order, the
#     four arms "none" (no monitor), "hsmon" (hsmon.ko loaded),
#     "conntrack" (srv has an nftables ruleset with a ct state rule, so
#     nf_conntrack tracks its traffic; hsmon unloaded) and "floor"
#     (hsmon_floor.ko: hooks that do nothing, where and as hsmon hooks, in
#     every netns: what any netfilter hook there costs):
#       conn   connections per second, hsmon-load between cli and srv;
#       flood  SYNs per second srv answers with a SYN+ACK (its TCP
#              OutSegs) while cli floods it from random sources;
#  2. hook: hsmon_bench.ko's per-call costs with 0, 100k and 1M entries;
#  3. memory: hsmon_entry's slab figures with 1M entries;
#  4. expiry: net.hsmon.timeout lowered to 100 ms with 1M entries; the GC
#     work's runs and RCU's softirq runs timed with tracepoints until the
#     table is empty;
#  and with HSMON_BENCH_PERF=1, perf profiles of the connection rate and
#  the flood without and with hsmon ("HSMON-PERF:" lines).
#
# With /hsmon/hsmon_base.ko (HSMON_BENCH_BASE=REV), only a comparison:
# the hook microbenchmark on that build and on this one, alternately,
# four times each, in this one boot ("module build=base|current" records,
# each followed by that load's "hook" lines).

. /etc/hsmon.conf
. /hsmon/vm/lib.sh

ROUNDS=${HSMON_BENCH_ROUNDS:-8}	# 0: no arms; 4 and 8 are balanced
EXPIRY=${HSMON_BENCH_EXPIRY:-1}		# 0: no expiry measurement
HOOK=${HSMON_BENCH_HOOK:-1}		# 0: the arms only
SECS=${HSMON_BENCH_SECS:-3}
LOAD_PORT=8081
FLOOD_PORT=8080
# nft and its libraries come from Debian's packages (bench-extras.sh).
NFT="env LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu:/lib/x86_64-linux-gnu /usr/sbin/nft"
TRACE=/sys/kernel/tracing

bench() {
	echo "HSMON-BENCH: $*"
}

bench_fail() {
	bench "error $*"
	exit 1
}

# ct_on NETNS: the conntrack arm's ruleset, so that nf_conntrack tracks
# the namespace's traffic.
ct_on() {
	hs_in "$1" $NFT -f - <<-EOF || bench_fail "nft in $1"
	table inet hsmon_bench {
		chain input {
			type filter hook input priority filter; policy accept;
			ct state established,related accept
			ct state invalid counter
		}
	}
	EOF
}

arm_on() {
	case $1 in
	hsmon)
		# Watch srv only, as the conntrack arm tracks srv only.
		insmod /hsmon/hsmon.ko || bench_fail "insmod hsmon"
		for ns in "" "$CLI"; do
			$ns sh -c 'echo 0 >/proc/sys/net/hsmon/enabled' ||
				bench_fail "net.hsmon.enabled"
		done
		;;
	conntrack)
		ct_on srv
		;;
	floor)
		# It hooks the namespace it is loaded from: srv.
		$SRV insmod /hsmon/hsmon_floor.ko || bench_fail "insmod hsmon_floor"
		;;
	esac
}

arm_off() {
	case $1 in
	hsmon)
		rmmod hsmon || bench_fail "rmmod hsmon"
		;;
	conntrack)
		$SRV $NFT delete table inet hsmon_bench || bench_fail "nft delete"
		;;
	floor)
		rmmod hsmon_floor || bench_fail "rmmod hsmon_floor"
		;;
	esac
}

# load_cmd LOAD SECONDS: the command line, to run in cli, of the load
# "conn" (connect, accept, close) or "flood" (SYNs from random sources),
# pinned to CPU 0.
load_cmd() {
	case $1 in
	conn)
		echo taskset 1 hsmon-load connect -s "$2" 10.0.0.1 $LOAD_PORT
		;;
	flood)
		echo taskset 1 hsmon-pkt flood -n 1000000000 -s "$2" -p $FLOOD_PORT \
			10.9.0.0/16 10.0.0.1
		;;
	esac
}

# conn ARM ROUND: connections per second, cli to srv, from hsmon-load's
# "load: N connections in S s (R/s), F failed".
bench_conn() {
	out=$($CLI $(load_cmd conn "$SECS")) || bench_fail "hsmon-load connect: $out"
	kv=$(echo "$out" | sed -n \
		's/^load: \([0-9]*\) connections in \([0-9.]*\) s .*, \([0-9]*\) failed$/conns=\1 secs=\2 failed=\3/p')
	[ -n "$kv" ] || bench_fail "hsmon-load connect said: $out"
	bench "conn arm=$1 round=$2 $kv"
}

# flood ARM ROUND: SYNs per second srv answers with a SYN+ACK, and the
# flooder's own rate from its "flood: sent N syns in S s (R/s)".
bench_flood() {
	o0=$(hs_tcp_counter OutSegs)
	t0=$(cut -d' ' -f1 /proc/uptime)
	out=$($CLI $(load_cmd flood "$SECS")) || bench_fail "flood"
	t1=$(cut -d' ' -f1 /proc/uptime)
	o1=$(hs_tcp_counter OutSegs)
	kv=$(echo "$out" | sed -n 's/^flood: sent \([0-9]*\) syns in \([0-9.]*\) s .*/sent=\1 sent_secs=\2/p')
	[ -n "$kv" ] || bench_fail "flood said: $out"
	bench "flood arm=$1 round=$2 synacks=$((o1 - o0)) t0=$t0 t1=$t1 $kv"
}

# --- 1. the arms, interleaved -----------------------------------------

# The two namespaces, srv's listeners and the flood's return route.
topology_up() {
	hs_setup
	# srv answers the flood's sources through cli, which drops what is
	# not its own: each answered SYN is one SYN+ACK in srv's OutSegs.
	$IP -n srv route add 10.9.0.0/16 via 10.0.0.2
	# Every process on CPU 0 (and so the softirqs of the veth pair): runs
	# do not depend on where the scheduler puts them, nor on cross-CPU
	# wakeups, which emulation makes slow and uneven.
	$SRV taskset 1 hsmon-pkt serve -P /tmp/serve-$FLOOD_PORT.pid $FLOOD_PORT
	$SRV taskset 1 hsmon-load serve 10.0.0.1 $LOAD_PORT >/tmp/load-serve.out &
	echo $! >/tmp/load-serve.pid
	sleep 1
	grep -q listening /tmp/load-serve.out || bench_fail "hsmon-load serve did not start"
}

# Namespaces go, and with them what a run left behind; their cleanup runs
# in the background, so wait for it.
topology_down() {
	hs_teardown >/dev/null 2>&1
	sleep 1
	wait_idle
}

# The arms in round $1's order.  The four orders are a Williams square:
# over four rounds each arm runs once in each position, and follows each
# other arm exactly once, so that neither a position nor what the run
# before left behind favours one arm.
round_order() {
	case $((($1 - 1) % 4)) in
	0) echo none hsmon floor conntrack ;;
	1) echo hsmon conntrack none floor ;;
	2) echo conntrack floor hsmon none ;;
	*) echo floor none conntrack hsmon ;;
	esac
}

# Wait until both CPUs are idle (at most 5 % busy over half a second):
# what the run or the teardown before left to do (namespace cleanup, RCU
# callbacks, expiring timers) must not fall into the next run.
cpu_ticks() {
	awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6 }' /proc/stat
}

wait_idle() {
	tries=0
	while [ $tries -lt 60 ]; do
		before=$(cpu_ticks)
		usleep 500000
		set -- $before $(cpu_ticks)
		[ $((($3 - $1) * 20)) -le $((($3 - $1) + ($4 - $2))) ] && return 0
		tries=$((tries + 1))
	done
	bench "note still busy after 30 s of waiting for idle CPUs"
}

# hook_bench_on KO: load hsmon from KO as the hook microbenchmark needs it
# (1M buckets, room for 1M entries, none expiring during the run).
hook_bench_on() {
	insmod "$1" hashsize=1048576 || bench_fail "insmod $1 hashsize"
	echo 3600000 >/proc/sys/net/hsmon/timeout
	echo 1100000 >/proc/sys/net/hsmon/max_entries
	echo 1100000 >/proc/sys/net/hsmon/host_max_entries
}

bench "config rounds=$ROUNDS seconds=$SECS cpus=$(nproc) kernel=$(uname -r)"

# HSMON_BENCH_BASE: the same hook microbenchmark on two builds of hsmon.
# From one boot to the next the per-call costs differ by up to 45 %, so
# a change is measured against its base in the same boot.  Each load
# still lands somewhere else in memory, which can slow a case by half or
# more: four loads of each, in an order (ABBABAAB) that spreads any
# drift evenly.
#
# /hsmon/base/ (make bench-native HSMON_BENCH_BASE=REV) holds the base's
# hsmon.ko and its own hsmon_bench.ko, built against the base's structures:
# each load runs the benchmark its build was made with, at 0, 100k and
# 1M entries.
if [ -f /hsmon/base/hsmon.ko ]; then
	for m in base current current base current base base current; do
		dir=/hsmon
		[ $m = base ] && dir=/hsmon/base
		hook_bench_on $dir/hsmon.ko
		bench "module build=$m"
		insmod $dir/hsmon_bench.ko || bench_fail "insmod hsmon_bench ($m)"
		rmmod hsmon_bench
		rmmod hsmon || bench_fail "rmmod hsmon ($m)"
	done
	bench "end"
	exit 0
fi
if [ -f /hsmon/hsmon_base.ko ]; then
	for m in base current current base current base base current; do
		ko=/hsmon/hsmon.ko
		[ $m = base ] && ko=/hsmon/hsmon_base.ko
		hook_bench_on $ko
		bench "module build=$m"
		insmod /hsmon/hsmon_bench.ko entries=0,100000 || bench_fail "insmod hsmon_bench"
		rmmod hsmon_bench
		rmmod hsmon || bench_fail "rmmod hsmon ($m)"
	done
	bench "end"
	exit 0
fi

# --- 1n. the arms with an in-kernel load (make bench-native) -----------
# HSMON_BENCH_INJECT=N: N runs of each load, HSMON_BENCH_INJECT_MS long,
# made by hsmon_inject.ko (tests/bench/syn_inject.c) in six namespaces at
# once, taking turns of HSMON_BENCH_INJECT_SLICE_MS (default 5):
#   a-none a-none2    no monitor (hsmon is loaded, net.hsmon.enabled=0:
#                     no hooks; its tracepoint probes are global);
#   a-hsmon a-hsmon2  hsmon;
#   a-ct              the conntrack arm's nftables ruleset;
#   a-floor           hsmon_floor.ko's empty hooks;
# the second "none" and "hsmon" for the A/A.  Loads:
#   conn   connections over the namespace's loopback: connect, accept,
#          close;
#   flood  SYNs from random sources into the dummy device d0 (10.1.0.1),
#          answered through it (its transmit frees them);
# "inject load= run= arm= count= answered= elapsed_ns= batch_ps= failed="
# records, an arm each.  User space in User-mode Linux is too slow to be
# the load (every system call goes through the host's ptrace): the load
# is the kernel's own.  HSMON_BENCH_INJECT_CONN=0: the flood only;
# HSMON_BENCH_INJECT_FLOOD=0: the connections only.
INJECT=${HSMON_BENCH_INJECT:-0}
INJECT_MS=${HSMON_BENCH_INJECT_MS:-4000}
INJECT_SLICE_MS=${HSMON_BENCH_INJECT_SLICE_MS:-5}
INJECT_ARMS="none hsmon conntrack floor none2 hsmon2"

# The arms' namespaces and a process in each, whose pid names it.
inject_up() {
	insmod /hsmon/hsmon.ko || bench_fail "insmod hsmon"
	echo 0 >/proc/sys/net/hsmon/enabled
	pids=
	for arm in $INJECT_ARMS; do
		ns=a-$arm
		$IP netns add $ns
		$IP -n $ns link set lo up
		$IP -n $ns link add d0 type dummy
		$IP -n $ns addr add 10.1.0.1/24 dev d0
		$IP -n $ns link set d0 up
		$IP -n $ns route add 10.9.0.0/16 via 10.1.0.2
		case $arm in
		hsmon*)	;;
		*)	hs_in $ns sh -c 'echo 0 >/proc/sys/net/hsmon/enabled' ||
				bench_fail "net.hsmon.enabled in $ns" ;;
		esac
		case $arm in
		conntrack)
			ct_on $ns
			;;
		floor)
			hs_in $ns insmod /hsmon/hsmon_floor.ko || bench_fail "insmod hsmon_floor"
			;;
		esac
		$IP netns exec $ns sleep 1000000 &
		pids=$pids${pids:+,}$!
	done
}

inject_down() {
	kill $(echo "$pids" | tr ',' ' ')
	wait 2>/dev/null
	rmmod hsmon_floor
	for arm in $INJECT_ARMS; do
		$IP netns del a-$arm
	done
	sleep 1
	wait_idle
	rmmod hsmon || bench_fail "rmmod hsmon"
}

# inject LOAD RUN
bench_inject() {
	P=/sys/module/hsmon_inject/parameters
	case $1 in
	flood)	args="load=flood dev=d0 daddr=10.1.0.1 port=$FLOOD_PORT" ;;
	*)	args="load=conn port=$LOAD_PORT" ;;
	esac
	# shellcheck disable=SC2086
	insmod /hsmon/hsmon_inject.ko ms="$INJECT_MS" slice_ms="$INJECT_SLICE_MS" \
		pids="$pids" $args || bench_fail "insmod hsmon_inject $args"
	i=1
	for arm in $INJECT_ARMS; do
		v() { cut -d, -f$i $P/$1; }
		bench "inject load=$1 run=$2 arm=$arm count=$(v count) answered=$(v answered)" \
			"elapsed_ns=$(v elapsed_ns) batch_ps=$(v batch_ps) failed=$(cat $P/failed)"
		i=$((i + 1))
	done
	rmmod hsmon_inject || bench_fail "rmmod hsmon_inject"
	# What hsmon made of it, in its arm's namespace.
	bench "hsmon_counters load=$1 run=$2 $(hs_in a-hsmon awk \
		'$1 ~ /^(entries|syn|evicted|untracked|completed|in_progress)$/ { printf "%s=%s ", $1, $2 }' \
		/proc/net/hsmon)"
}

if [ "$INJECT" -gt 0 ]; then
	loads="conn flood"
	[ "${HSMON_BENCH_INJECT_CONN:-1}" = 0 ] && loads=flood
	[ "${HSMON_BENCH_INJECT_FLOOD:-1}" = 0 ] && loads=conn
	for load in $loads; do
		inject_up
		wait_idle
		r=1
		while [ $r -le "$INJECT" ]; do
			bench_inject $load $r
			r=$((r + 1))
		done
		inject_down
	done
fi

# Connection rate: all rounds in one pair of namespaces.
[ "$ROUNDS" -gt 0 ] && topology_up
r=1
while [ $r -le "$ROUNDS" ]; do
	for arm in $(round_order $r); do
		arm_on $arm
		wait_idle
		bench_conn $arm $r
		arm_off $arm
	done
	r=$((r + 1))
done
[ "$ROUNDS" -gt 0 ] && topology_down

# SYN flood: each run in new namespaces, so that none inherits the
# half-open connections, conntrack entries or routes of the one before.
r=1
while [ $r -le "$ROUNDS" ]; do
	for arm in $(round_order $r); do
		topology_up
		arm_on $arm
		wait_idle
		bench_flood $arm $r
		arm_off $arm
		topology_down
	done
	r=$((r + 1))
done

# HSMON_BENCH_PERF=1: where the time of the connection rate and of the
# flood goes, with and without hsmon (perf from the host's linux-perf;
# samples per symbol, all CPUs; "HSMON-PERF: LOAD ARM ..." lines).
if [ "${HSMON_BENCH_PERF:-0}" = 1 ] && [ -x /usr/bin/perf ]; then
	for load in conn flood; do
		for arm in none hsmon; do
			topology_up
			arm_on $arm
			wait_idle
			# perf runs a program, not $CLI's shell function.
			perf record -a -e cpu-clock -F 1000 -o /tmp/perf.data -- \
				nsenter --net=/run/netns/cli $(load_cmd $load 10) 2>&1 |
				sed "s/^/HSMON-PERF: $load $arm /"
			perf report -i /tmp/perf.data --no-children --sort sym -n --stdio -g none \
				2>/dev/null | grep -v '^#' | grep -v '^$' |
				sed "s/^/HSMON-PERF: $load $arm /"
			rm -f /tmp/perf.data
			arm_off $arm
			topology_down
		done
	done
fi

# --- 2. the hook microbenchmark, 3. memory ----------------------------

if [ "$HOOK" = 0 ]; then
	bench "end"
	exit 0
fi

hook_bench_on /hsmon/hsmon.ko
insmod /hsmon/hsmon_bench.ko || bench_fail "insmod hsmon_bench"
rmmod hsmon_bench
entries=$(awk '$1 == "entries" { print $2 }' /proc/net/hsmon)
echo 1 >/sys/kernel/slab/hsmon_entry/shrink 2>/dev/null
S=/sys/kernel/slab/hsmon_entry
bench "memory entries=$entries object_size=$(cat $S/object_size) slab_size=$(cat $S/slab_size)" \
	"objs_per_slab=$(cat $S/objs_per_slab) order=$(cat $S/order)" \
	"slabs=$(cut -d' ' -f1 $S/slabs) objects=$(cut -d' ' -f1 $S/objects)" \
	"page_size=$(getconf PAGESIZE 2>/dev/null || echo 4096)"

# --- 4. expiry of 1M entries ------------------------------------------

if [ "$EXPIRY" = 0 ]; then
	rmmod hsmon
	bench "end"
	exit 0
fi

echo 0 >$TRACE/tracing_on
echo >$TRACE/trace
echo 'vec == 9' >$TRACE/events/irq/softirq_entry/filter
echo 'vec == 9' >$TRACE/events/irq/softirq_exit/filter
for ev in workqueue/workqueue_execute_start workqueue/workqueue_execute_end \
	  irq/softirq_entry irq/softirq_exit; do
	echo 1 >$TRACE/events/$ev/enable
done
echo 16384 >$TRACE/buffer_size_kb
dmesg -c >/dev/null
echo 1 >$TRACE/tracing_on
t0=$(cut -d' ' -f1 /proc/uptime)
echo 100 >/proc/sys/net/hsmon/timeout
while [ "$(awk '$1 == "entries" { print $2 }' /proc/net/hsmon)" != 0 ]; do
	usleep 100000
done
t1=$(cut -d' ' -f1 /proc/uptime)
sleep 1		# the last RCU callbacks
echo 0 >$TRACE/tracing_on
# "task-pid [cpu] flags time: event: ..."; per CPU, the time between an
# entry event and the exit that follows it.
awk -v t0="$t0" -v t1="$t1" '
	function ts(  i) { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) return $i + 0 }
	/workqueue_execute_start:.*hsmon_gc_work/ { gs[$2] = ts(); next }
	/workqueue_execute_end:.*hsmon_gc_work/ && ($2 in gs) {
		d = ts() - gs[$2]; delete gs[$2]; gn++; gsum += d; if (d > gmax) gmax = d; next }
	/softirq_entry:/ { rs[$2] = ts(); next }
	/softirq_exit:/ && ($2 in rs) {
		d = ts() - rs[$2]; delete rs[$2]; rn++; rsum += d; if (d > rmax) rmax = d }
	END { printf "seconds=%.3f gc_runs=%d gc_busy_ms=%.1f gc_longest_ms=%.3f " \
		"rcu_softirqs=%d rcu_busy_ms=%.1f rcu_longest_ms=%.3f\n",
		t1 - t0, gn, gsum * 1000, gmax * 1000, rn, rsum * 1000, rmax * 1000 }
' $TRACE/trace >/tmp/expiry.out
# Soft lockups, RCU stalls and the like while the table emptied.
warnings=none
if dmesg | grep -E -f /hsmon/splat.pattern >/dev/null; then
	dmesg
	warnings=yes
fi
bench "expiry $(cat /tmp/expiry.out) warnings=$warnings"
for ev in workqueue/workqueue_execute_start workqueue/workqueue_execute_end \
	  irq/softirq_entry irq/softirq_exit; do
	echo 0 >$TRACE/events/$ev/enable
done
rmmod hsmon || bench_fail "rmmod hsmon"
bench "end"
