#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Turn the bench VM's lines into bench/results.md and bench/arms.png:
#   bench-report.sh RAW MACHINE OUTDIR
# RAW holds the bench VM's records without their "HSMON-BENCH: " prefix,
# "TYPE key=value ..." (tests/vm/bench.sh and tests/scripts/bench.sh list
# them), MACHINE "key value" lines about the host.  Costs are ratios of medians
# taken in the same boot: cost = 1 - arm rate / no-monitor rate.
set -euo pipefail
. "$(dirname "$0")/common.sh"

raw=$1 machine=$2 out=$3
mkdir -p "$out"

awk -v plotdat="$out/arms.dat" '
function sortn(a, n,   i, j, t) {
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
			t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
		}
}
# median, min and max of series s (values v[s, 1..n[s]])
function stats(s,   i, a, m) {
	m = cnt[s]
	for (i = 1; i <= m; i++)
		a[i] = v[s, i]
	sortn(a, m)
	MED = m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
	MIN = a[1]
	MAX = a[m]
}
function add(s, x) {
	v[s, ++cnt[s]] = x
}
function pct(x) {
	return sprintf("%.1f %%", x * 100)
}
function verdict(ok) {
	return ok ? "met" : "**missed**"
}

FILENAME == ARGV[1] { m[$1] = substr($0, length($1) + 2); next }

# A record: its type in $1, its values by key in kv.
{
	split("", kv)
	for (i = 2; i <= NF; i++)
		if ((p = index($i, "=")) > 1)
			kv[substr($i, 1, p - 1)] = substr($i, p + 1)
}
$1 == "config" { rounds = kv["rounds"]; secs = kv["seconds"]; kernel = kv["kernel"] }
$1 == "hook_config" {
	iters = kv["iters"]; hrounds = kv["rounds"]; buckets = kv["buckets"]
	esize = kv["entry"]; bbytes = kv["bucket"]
}
$1 == "conn" {
	x = kv["conns"] / kv["secs"]
	add("conn " kv["arm"], x)
	rate[kv["round"], "conn", kv["arm"]] = x
	cfail[kv["arm"]] += kv["failed"]
}
# SYN+ACKs srv sent per second, and SYNs the flooder sent per second.
$1 == "flood" {
	x = kv["synacks"] / (kv["t1"] - kv["t0"])
	add("flood " kv["arm"], x)
	add("sent " kv["arm"], kv["sent"] / kv["sent_secs"])
	rate[kv["round"], "flood", kv["arm"]] = x
}
$1 == "hook" {
	k = kv["case"] SUBSEP kv["entries"]
	hook[k] = kv["median"]; hlo[k] = kv["low"]; hhi[k] = kv["high"]; sizes[kv["entries"]] = 1
}
$1 == "fill" { fill[kv["entries"]] = kv["slab_bytes"]; chain[kv["entries"]] = kv["longest_chain"] }
$1 == "memory" { for (k in kv) mem[k] = kv[k] }
$1 == "expiry" { for (k in kv) exp_[k] = kv[k]; warnings = kv["warnings"] }

END {
	print "# hsmon benchmark"
	print ""
	print "Produced by `make bench` on " m["date"] " (commit " m["commit"] ")."
	print ""
	print "- Host: " m["cpu"] ", " m["host_cpus"] " CPUs, " m["host_mem_gib"] " GiB."
	print "- Guest: Debian stock kernel " kernel ", 2 vCPUs and 3 GiB, under " m["qemu"] \
	      " with software emulation (single-threaded TCG: both vCPUs share one host thread)."
	print "- Absolute rates under emulation are far below a real server; the ratios compare"
	print "  the same work on the same (emulated) CPU, measured in one boot with the arms"
	print "  interleaved: " rounds " rounds of " secs " s runs.  Over every four rounds each arm"
	print "  runs once in each position and follows each other arm once; each run starts"
	print "  on idle CPUs."
	print ""
	print "## 1. Throughput: no monitor, hsmon, nf_conntrack"
	print ""
	print "Connection rate: `hsmon-load` connects from netns cli to a server in netns srv over"
	print "veth; the server accepts and closes; the client waits for the close and closes."
	print "SYN flood: `hsmon-pkt flood` sends SYNs from random sources in 10.9.0.0/16 as fast"
	print "as it can; the rate is SYN+ACKs srv sent per second (its TCP OutSegs; the listener"
	print "overflows into SYN cookies).  hsmon arm: hsmon.ko loaded with its defaults, then"
	print "`net.hsmon.enabled=0` in cli and the initial netns, so that it hooks srv only."
	print "conntrack arm: srv has an nftables `ct state` rule, so nf_conntrack tracks all of"
	print "srv'"'"'s traffic (and no other netns'"'"'); hsmon unloaded.  Empty hooks: `hsmon_floor.ko`"
	print "(`tests/bench/hook_floor.c`) registers hooks that return at once, where and as"
	print "hsmon registers its own, in srv: what any netfilter hook there costs, the"
	print "floor under hsmon'"'"'s cost.  The load, the servers and the flooder run on CPU 0"
	print "(taskset), and so do the softirqs of the veth pair."
	print ""
	print "| Measure | no monitor | hsmon | nf_conntrack | empty hooks | hsmon cost | conntrack cost | empty hooks cost |"
	print "|---|---|---|---|---|---|---|---|"
	split("conn flood", ms, " ")
	split("none hsmon conntrack floor", arms, " ")
	for (k = 1; k <= 2; k++) {
		mm = ms[k]
		line = "| " (mm == "conn" ? "connections/s" : "SYN+ACKs/s under flood") " |"
		for (a = 1; a <= 4; a++) {
			stats(mm " " arms[a])
			med[mm, arms[a]] = MED
			line = line sprintf(" %.0f (%.0f–%.0f) |", MED, MIN, MAX)
		}
		for (a = 2; a <= 4; a++) {
			cost[mm, arms[a]] = 1 - med[mm, arms[a]] / med[mm, "none"]
			line = line " " pct(cost[mm, arms[a]]) " |"
		}
		print line
		# per-round costs, for the spread
		for (r = 1; r <= rounds; r++)
			for (a = 2; a <= 4; a++)
				add("rc " mm " " arms[a], 1 - rate[r, mm, arms[a]] / rate[r, mm, "none"])
		for (a = 1; a <= 4; a++) {
			stats(mm " " arms[a])
			printf "%s %s %.4f %.4f %.4f\n", mm, arms[a], MED / med[mm, "none"],
			       MIN / med[mm, "none"], MAX / med[mm, "none"] > plotdat
		}
	}
	print ""
	print "Cells: median (lowest–highest) of " rounds " runs.  Cost: 1 − arm median / no-monitor median."
	print "Cost computed round by round (each arm against the no-monitor run of the same round):"
	print ""
	print "| Measure | hsmon: median (range) | nf_conntrack: median (range) | empty hooks: median (range) |"
	print "|---|---|---|---|"
	for (k = 1; k <= 2; k++) {
		mm = ms[k]
		line = "| " (mm == "conn" ? "connection rate" : "SYN flood rate") " |"
		for (a = 2; a <= 4; a++) {
			stats("rc " mm " " arms[a])
			line = line " " pct(MED) " (" pct(MIN) " to " pct(MAX) ") |"
		}
		print line
	}
	stats("sent none"); sn = MED
	stats("sent hsmon"); sh = MED
	stats("sent conntrack"); sc = MED
	stats("sent floor"); se = MED
	printf "\nSYNs sent per second by the flooder (it shares the emulated CPUs): %.0f, %.0f, %.0f, %.0f.\n",
	       sn, sh, sc, se
	printf "Failed connections: %d, %d, %d, %d.\n", cfail["none"], cfail["hsmon"],
	       cfail["conntrack"], cfail["floor"]
	print ""
	print "![connection and SYN flood rates of the four arms](arms.png)"
	print ""

	print "## 2. Hook cost per packet (hsmon_bench.ko)"
	print ""
	print "`tests/bench/hook_bench.c` calls hsmon'"'"'s LOCAL_IN/LOCAL_OUT hook functions on prepared"
	print "IPv4 skbs, " iters " different tuples per round, " hrounds " rounds, bottom halves off and"
	print "under rcu_read_lock() as in a hook.  The table has " buckets " buckets (module parameter"
	print "`hashsize`) and holds 0, 100,000 or 1,000,000 other handshakes in SYN_RCVD."
	print "Nanoseconds per call, median (lowest–highest round):"
	print ""
	n = 0
	for (s in sizes)
		sz[++n] = s + 0
	sortn(sz, n)
	hdr = "| Packet |"; sep = "|---|"
	for (i = 1; i <= n; i++) {
		hdr = hdr sprintf(" %d entries |", sz[i]); sep = sep "---|"
	}
	print hdr
	print sep
	split("nontcp unknown established syn synack ack evict flood", cs, " ")
	split("not TCP (UDP)|ACK of an unknown flow, no socket|ACK of an established connection|" \
	      "new SYN|our SYN+ACK|final ACK (completes)|new SYN, table full (evicts)|" \
	      "new SYN, table full, SYN cookies sent (untracked)", cn, "|")
	for (c = 1; c <= 8; c++) {
		line = "| " cn[c] " |"
		for (i = 1; i <= n; i++) {
			k = cs[c] SUBSEP sz[i]
			if (k in hook)
				line = line sprintf(" %s (%s–%s) |", hook[k], hlo[k], hhi[k])
			else
				line = line " – |"
		}
		print line
	}
	big = sz[n]
	uratio = hook["unknown", big] / hook["unknown", sz[1]]
	uratio_tcp = hook["unknown", big] / hook["unknown", sz[2]]
	print ""
	printf "Longest bucket chain: %d at %d entries, %d at %d entries.\n",
	       chain[sz[2]], sz[2], chain[big], big
	printf "Unknown flow at %d entries against the empty table: %.2f×; against %d entries: %.2f×.\n",
	       big, uratio, sz[2], uratio_tcp
	print ""

	print "## 3. Memory per tracked handshake"
	print ""
	objb = mem["page_size"] * 2 ^ mem["order"] / mem["objs_per_slab"]
	bucketb = bbytes * buckets / mem["entries"]
	slabtot = mem["slabs"] * mem["page_size"] * 2 ^ mem["order"]
	total = slabtot + bbytes * buckets
	perentry = total / mem["entries"]
	print "| | bytes |"
	print "|---|---|"
	printf "| struct hsmon_entry (sizeof) | %d |\n", esize
	printf "| slab object (object_size / slab stride) | %d / %d |\n", mem["object_size"], mem["slab_size"]
	printf "| slab memory per object (slab pages / objects per slab) | %.1f |\n", objb
	printf "| hash bucket per entry (%d bytes: chain head and filter byte; %d buckets for %d entries) | %.1f |\n",
	       bbytes, buckets, mem["entries"], bucketb
	printf "| **true cost per tracked handshake** (slab pages in use + buckets) / entries | **%.1f** |\n",
	       perentry
	printf "| growth of the system'"'"'s unreclaimable slab while filling, per entry | %.1f |\n",
	       fill[big] / big
	printf "| total with %d entries (%d slabs of %d KiB + %.1f MiB of buckets) | %.1f MiB |\n",
	       mem["entries"], mem["slabs"], mem["page_size"] * 2 ^ mem["order"] / 1024,
	       bbytes * buckets / 1048576, total / 1048576
	print ""

	print "## 4. Expiry of 1,000,000 handshakes"
	print ""
	print "With the table full, net.hsmon.timeout drops to 100 ms; the GC work (at most 4096"
	print "entries per run, a shard lock held for at most 64 of them, then again one jiffy"
	print "later) times them all out.  Runs of the work"
	print "and of the RCU softirq that frees the entries are timed with the workqueue and irq"
	print "tracepoints."
	print ""
	print "| | |"
	print "|---|---|"
	printf "| time until the table was empty | %.2f s |\n", exp_["seconds"]
	printf "| GC runs / CPU time in them | %d / %.0f ms |\n", exp_["gc_runs"], exp_["gc_busy_ms"]
	printf "| longest GC run (preemptible every 64 entries) | %.2f ms |\n",
	       exp_["gc_longest_ms"]
	printf "| RCU softirq runs / CPU time / longest | %d / %.0f ms / %.2f ms |\n",
	       exp_["rcu_softirqs"], exp_["rcu_busy_ms"], exp_["rcu_longest_ms"]
	printf "| soft-lockup, RCU-stall or other warnings | %s |\n", warnings
	print ""

	print "## Targets"
	print ""
	print "| Target | Measured | |"
	print "|---|---|---|"
	printf "| connection rate: hsmon costs ≤ 3 %% | %s | %s |\n", pct(cost["conn", "hsmon"]),
	       verdict(cost["conn", "hsmon"] <= 0.03)
	printf "| SYN flood rate: hsmon costs ≤ 5 %% | %s | %s |\n", pct(cost["flood", "hsmon"]),
	       verdict(cost["flood", "hsmon"] <= 0.05)
	for (k = 1; k <= 2; k++) {
		mm = ms[k]
		ch = cost[mm, "hsmon"]; cc = cost[mm, "conntrack"]
		printf "| %s: hsmon ≤ 1/3 of conntrack'"'"'s cost | %s against %s | %s |\n",
		       mm == "conn" ? "connection rate" : "SYN flood rate", pct(ch), pct(cc),
		       verdict(ch <= cc / 3 || ch <= 0)
	}
	eratio = hook["established", big] / hook["established", sz[1]]
	printf "| unknown-flow hook cost at %d entries ≤ 2× the empty table: ACK of an established connection | %.2f× | %s |\n",
	       big, eratio, verdict(eratio <= 2)
	printf "| the same: ACK with no socket | %.2f× | %s |\n", uratio, verdict(uratio <= 2)
	printf "| ≤ 128 bytes per tracked handshake | %.1f B | %s |\n", perentry,
	       verdict(perentry <= 128)
	printf "| GC: no soft-lockup or RCU-stall warning | longest run %.2f ms; warnings: %s | %s |\n",
	       exp_["gc_longest_ms"], warnings, verdict(warnings == "none")
	printf "\nThe empty hooks alone cost %s of the connection rate and %s of the SYN-flood\n",
	       pct(cost["conn", "floor"]), pct(cost["flood", "floor"])
	print "rate: that much of a cost target is spent before any hook does anything.  hsmon'"'"'s"
	printf "own work adds %.1f and %.1f points to them.\n",
	       100 * (cost["conn", "hsmon"] - cost["conn", "floor"]),
	       100 * (cost["flood", "hsmon"] - cost["flood", "floor"])
	stats("rc conn hsmon")
	printf "\nRound by round, hsmon'"'"'s connection-rate cost spread from %s to %s: where that\n", \
	       pct(MIN), pct(MAX)
	print "spread is wider than a target, one run cannot decide it.  What was missed and why:"
	print "[history.md](history.md)."
}
' "$machine" "$raw" >"$out/results.md.tmp"

# The plot: the arms' rates relative to no monitor, median and range.
gnuplot <<EOF
set terminal pngcairo size 900,500 font "sans,11"
set output "$out/arms.png"
set termoption noenhanced
set title "hsmon bench: rates relative to no monitor (median, lowest-highest run)"
set style data histogram
set style histogram errorbars gap 2 lw 1
set style fill solid 0.8 border -1
set yrange [0:1.35]
set xrange [-0.6:1.6]
set ylabel "rate / no-monitor median"
set grid ytics
set key top right
set xtics ("connections/s" 0, "SYN+ACKs/s under SYN flood" 1)
plot "< awk '\$2 == \"none\"' $out/arms.dat" using 3:4:5 title "no monitor", \
     "< awk '\$2 == \"hsmon\"' $out/arms.dat" using 3:4:5 title "hsmon", \
     "< awk '\$2 == \"conntrack\"' $out/arms.dat" using 3:4:5 title "nf_conntrack", \
     "< awk '\$2 == \"floor\"' $out/arms.dat" using 3:4:5 title "empty hooks"
EOF
rm -f "$out/arms.dat"
# make bench-native's section stays, last.
if [ -f "$out/results.md" ]; then
	sed -n '/^## Native: /,$p' "$out/results.md" | sed '1s/^/\n/' >>"$out/results.md.tmp"
fi
mv "$out/results.md.tmp" "$out/results.md"
