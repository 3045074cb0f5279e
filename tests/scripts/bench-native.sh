#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench-native: hsmon's per-packet costs on the host CPU, without
# instruction emulation, in User-mode Linux (the "bench-native" kernel of
# tests/kernels, built from linux-source by kunit-kernel.sh and cached).
# It runs the hook microbenchmark of make bench (tests/bench/hook_bench.c,
# every case at 0, 100k and 1M entries) and writes build/bench-native.txt,
# key=value lines: the host CPU, the kernel, and hook_<case>_<entries>_ns
# (median), _low_ns and _high_ns.
#
# HSMON_BENCH_BASE=COMMIT also builds hsmon and its benchmark as they were
# at COMMIT, and compares the two builds in the same boot: eight loads,
# base and this tree in the order ABBABAAB, each load running the
# benchmark built with it (tests/vm/bench.sh), in each of
# HSMON_BENCH_BOOTS boots (default 3).  Arms in separate boots differed
# as much on code they share as on code that changed (bench/history.md).
# The keys are then: hook_<case>_<entries>_ns and base_hook_..._ns, the
# medians of each build's loads over all boots; hook_..._vs_base_pct, the
# median over the boots of each boot's ratio of the two builds' medians,
# with _vs_base_low_pct and _high_pct their range; and aa_..._pct, the
# same method applied to the base against itself (its loads 1 and 7
# against its loads 4 and 6 of each boot), with aa_..._low_pct and
# _high_pct: the noise a difference must beat.
#
# Without a base, it first runs the four arms of make bench (no monitor,
# hsmon, nf_conntrack, empty hooks) with the load made in the kernel by
# hsmon_inject.ko (tests/bench/syn_inject.c), in six namespaces at once
# that take turns of 5 ms (tests/vm/bench.sh: a second "no monitor" and
# a second "hsmon" for the A/A): HSMON_BENCH_INJECT runs (default 8) of
# HSMON_BENCH_INJECT_MS (default 4000) of each load, "conn" (connections
# over loopback) and "flood" (SYNs from random sources, answered with SYN
# cookies).  An arm's rate is its SYN+ACKs or connections per second of
# its own turns; its cost 1 - its rate / the no-monitor rate of the same
# run.  Keys: <arm>_<load>_rate (median over the runs) and
# <arm>_<load>_cost_pct (median, with _low_pct and _high_pct the range),
# hsmon's without the prefix, the empty hooks' as empty_hooks_; the same
# from each run's median batch instead, _batch_cost_pct (syn_inject.c
# says what differs); the A/A, each arm's second namespace against its
# first, aa_none_<load>_pct and aa_hsmon_<load>_pct, and aa_spread_pct,
# the largest of their medians.  build/bench-native.md is the section of
# bench/results.md made from them, written there too.
set -euo pipefail
. "$(dirname "$0")/common.sh"

tag=$(hsmon_kernel_for bench-native)
dir=$HSMON_OUT/bench-native
rm -rf "$dir"
mkdir -p "$dir"
kd=$("$HSMON_TOP/tests/scripts/kunit-kernel.sh" "$tag")
say "building hsmon, hsmon_bench and the tools for User-mode Linux"
make -s -C "$HSMON_TOP/tools" O="$HSMON_OUT/tools" >/dev/null
HSMON_BENCH=1 HSMON_ARCH=um "$HSMON_TOP/tests/scripts/build-module.sh" "$kd" "$dir/module"
# The kernel's modules the arms need, numbered in load order (the VM
# loads them by name): veth, the dummy device, and nft_ct with what it
# needs for the conntrack arm; nft itself from Debian's package.
mkdir -p "$dir/kmod"
i=10
for f in $(hsmon_mod_order "$kd" veth dummy nft_ct); do
	cp "$f" "$dir/kmod/$i-$(basename "$f")"
	i=$((i + 1))
done
extras=$("$HSMON_TOP/tests/scripts/bench-extras.sh" "$(hsmon_kernel_for bench)")
mkdir -p "$dir/root"
cp -a "$extras/root/." "$dir/root/"
inject=${HSMON_BENCH_INJECT:-8}
[ -z "${HSMON_BENCH_BASE:-}" ] || inject=0
HSMON_INITRAMFS_ROOT=$dir/root HSMON_BENCH_ROUNDS=0 HSMON_BENCH_EXPIRY=0 \
	HSMON_BENCH_INJECT=$inject HSMON_BENCH_INJECT_MS=${HSMON_BENCH_INJECT_MS:-4000} \
	"$HSMON_TOP/tests/scripts/mkinitramfs.sh" "$dir/initramfs.cpio.gz" bench "$tag" \
	"$dir/module" "$HSMON_OUT/tools" "$dir"/kmod/*.ko
boots=1
if [ -n "${HSMON_BENCH_BASE:-}" ]; then
	say "building hsmon and hsmon_bench as of $HSMON_BENCH_BASE"
	wt=$dir/base-tree
	git -C "$HSMON_TOP" worktree prune
	git -C "$HSMON_TOP" worktree add -f --detach "$wt" "$HSMON_BENCH_BASE" >/dev/null
	trap 'git -C "$HSMON_TOP" worktree remove --force "$wt" 2>/dev/null || true' EXIT
	HSMON_BENCH=1 HSMON_ARCH=um "$wt/tests/scripts/build-module.sh" "$kd" "$dir/base-module"
	# The VM compares when it finds /hsmon/base/ (tests/vm/bench.sh).
	mkdir -p "$dir/root/hsmon/base"
	cp "$dir/base-module/hsmon.ko" "$dir/base-module/hsmon_bench.ko" "$dir/root/hsmon/base/"
	HSMON_INITRAMFS_ROOT=$dir/root HSMON_BENCH_ROUNDS=0 HSMON_BENCH_EXPIRY=0 \
		"$HSMON_TOP/tests/scripts/mkinitramfs.sh" "$dir/initramfs.cpio.gz" bench "$tag" \
		"$dir/module" "$HSMON_OUT/tools" "$dir"/kmod/*.ko
	boots=${HSMON_BENCH_BOOTS:-3}
fi

# run N: boot User-mode Linux; its records go to $dir/N.txt, one line per
# hook record, in the order of the loads: "BUILD case_entries median low
# high" (BUILD "current" without a base).
run() {
	local n=$1 log=$dir/boot.$1.log
	timeout 1200 "$kd/linux" mem=2048M initrd="$dir/initramfs.cpio.gz" rdinit=/init \
		con=null con0=null,fd:1 </dev/null >"$log" 2>&1 || true
	grep -a '^HSMON-BENCH: ' "$log" | sed 's/^HSMON-BENCH: //' | tr -d '\r' >"$dir/raw.txt" ||
		true
	if grep -q '^error' "$dir/raw.txt" || ! grep -qx 'end' "$dir/raw.txt"; then
		grep '^error' "$dir/raw.txt" >&2 || true
		die "the bench did not finish; console log: $log"
	fi
	if hsmon_splat "$log" >&2; then
		die "the kernel log has a warning or report: $log"
	fi
	grep '^inject ' "$dir/raw.txt" >"$dir/inject.$n.txt" || true
	awk 'BEGIN { m = "current" }
	$1 == "module" { split($2, kv, "="); m = kv[2] }
	$1 == "hook" {
		for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		print m, v["case"] "_" v["entries"], v["median"], v["low"], v["high"]
	}' "$dir/raw.txt" >"$dir/$n.txt"
}

if [ "$boots" -gt 1 ] || [ -n "${HSMON_BENCH_BASE:-}" ]; then
	say "running the hook microbenchmark in User-mode Linux: $HSMON_BENCH_BASE and this tree," \
		"interleaved in each of $boots boots"
else
	say "running the hook microbenchmark in User-mode Linux"
fi
for n in $(seq 1 "$boots"); do
	run "$n"
done

{
	echo "host_cpu=$(awk -F': ' '/^model name/ { gsub(/ /, "_", $2); print $2; exit }' /proc/cpuinfo)"
	echo "kernel=$(basename "$kd")"
	echo "boots=$boots"
	[ -z "${HSMON_BENCH_BASE:-}" ] || echo "base=$(git -C "$HSMON_TOP" rev-parse --short "$HSMON_BENCH_BASE")"
	awk -v boots="$boots" '
		function med(a, n,   i, j, t) {
			for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
			return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		# pct NAME: median over the boots of r[boot], its range.
		function pct(name,   b, c, lo, hi) {
			lo = 1e9; hi = -1e9
			for (b = 1; b <= boots; b++) {
				c[b] = r[b]
				if (r[b] < lo) lo = r[b]
				if (r[b] > hi) hi = r[b]
			}
			printf "%s_pct=%.1f\n%s_low_pct=%.1f\n%s_high_pct=%.1f\n", name, med(c, boots),
				name, lo, name, hi
		}
		{ split(FILENAME, f, "/"); boot = f[length(f)] + 0
		  key[$2] = 1; n = ++cnt[$1, $2, boot]; v[$1, $2, boot, n] = $3
		  all[$1, $2, ++nall[$1, $2]] = $3; lo[$2] = $4; hi[$2] = $5
		  if ($1 == "base") has_base = 1 }
		END {
			for (k in key) {
				split("", a); for (i = 1; i <= nall["current", k]; i++) a[i] = all["current", k, i]
				print "hook_" k "_ns=" med(a, nall["current", k])
				if (!has_base) {
					if (boots == 1) {
						print "hook_" k "_low_ns=" lo[k]
						print "hook_" k "_high_ns=" hi[k]
					}
					continue
				}
				split("", a); for (i = 1; i <= nall["base", k]; i++) a[i] = all["base", k, i]
				print "base_hook_" k "_ns=" med(a, nall["base", k])
				for (b = 1; b <= boots; b++) {
					split("", x); split("", y)
					for (i = 1; i <= cnt["current", k, b]; i++) x[i] = v["current", k, b, i]
					for (i = 1; i <= cnt["base", k, b]; i++) y[i] = v["base", k, b, i]
					r[b] = (med(x, cnt["current", k, b]) / med(y, cnt["base", k, b]) - 1) * 100
				}
				pct("hook_" k "_vs_base")
				# ABBABAAB: the base is loads 1, 4, 6, 7 of the eight;
				# its 1st and 4th against its 2nd and 3rd.
				for (b = 1; b <= boots; b++) {
					x1 = v["base", k, b, 1] + v["base", k, b, 4]
					x2 = v["base", k, b, 2] + v["base", k, b, 3]
					r[b] = (x1 / x2 - 1) * 100
				}
				pct("aa_" k)
			}
		}' "$dir"/[0-9]*.txt | sort
	# The arms: "inject load= run= arm= count= answered= elapsed_ns=
	# batch_ps= failed=" records, of the one boot that runs them.
	cat "$dir"/inject.*.txt | awk '
		function med(a, n,   i, j, t) {
			for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
			return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		function name(arm, load) {
			return (arm == "hsmon" ? "" : arm == "floor" ? "empty_hooks_" : arm "_") load
		}
		# out NAME: the median over the runs of c[], and its range.
		function out(p,   r, lo, hi) {
			lo = 1e9; hi = -1e9
			for (r = 1; r <= runs; r++) {
				if (c[r] < lo) lo = c[r]
				if (c[r] > hi) hi = c[r]
			}
			printf "%s_pct=%.1f\n%s_low_pct=%.1f\n%s_high_pct=%.1f\n", p, med(c, runs), p, lo, p, hi
			return med(c, runs)
		}
		{ for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		  l = v["load"]; a = v["arm"]; r = v["run"] + 0
		  if (r > runs) runs = r
		  loads[l] = 1
		  rate[l, a, r] = v["answered"] * 1e9 / v["elapsed_ns"]
		  brate[l, a, r] = v["batch_ps"] > 0 ? 1e12 / v["batch_ps"] : 0
		  if (v["failed"] > fail[l]) fail[l] = v["failed"] }
		END {
			if (!runs) exit
			printf "inject_runs=%d\n", runs
			spread = 0
			for (l in loads) {
				printf "%s_failed=%d\n", l, fail[l]
				for (ai = 1; ai <= 4; ai++) {
					a = ai == 1 ? "none" : ai == 2 ? "hsmon" : ai == 3 ? "conntrack" : "floor"
					split("", x)
					for (r = 1; r <= runs; r++) x[r] = rate[l, a, r]
					printf "%s_rate=%.0f\n", name(a, l), med(x, runs)
					if (a == "none")
						continue
					for (r = 1; r <= runs; r++)
						c[r] = (1 - rate[l, a, r] / rate[l, "none", r]) * 100
					out(name(a, l) "_cost")
					for (r = 1; r <= runs; r++)
						c[r] = (1 - brate[l, a, r] / brate[l, "none", r]) * 100
					out(name(a, l) "_batch_cost")
				}
				# The A/A: the second namespace of an arm against the first.
				for (ai = 1; ai <= 2; ai++) {
					a = ai == 1 ? "none" : "hsmon"
					for (r = 1; r <= runs; r++)
						c[r] = (rate[l, a "2", r] / rate[l, a, r] - 1) * 100
					m = out("aa_" a "_" l)
					if ((m < 0 ? -m : m) > spread)
						spread = m < 0 ? -m : m
				}
			}
			printf "aa_spread_pct=%.1f\n", spread
		}' | sort
} >"$HSMON_OUT/bench-native.txt"
say "results: $HSMON_OUT/bench-native.txt"
cat "$HSMON_OUT/bench-native.txt"

# The section of bench/results.md, from the keys.
awk -F= -v date="$(date -u '+%Y-%m-%d %H:%M UTC')" \
	-v commit="$(git -C "$HSMON_TOP" describe --always --dirty 2>/dev/null || echo unknown)" '
	{ k[$1] = $2 }
	function cell(arm, load) { return sprintf("%d", k[(arm == "hsmon" ? "" : arm "_") load "_rate"]) }
	function cost(arm, load,   p) {
		p = (arm == "hsmon" ? "" : arm "_") load "_cost"
		return sprintf("%.1f %% (%.1f to %.1f)", k[p "_pct"], k[p "_low_pct"], k[p "_high_pct"])
	}
	function ns(arm, load,   p) {
		p = (arm == "hsmon" ? "" : arm "_") load "_rate"
		return sprintf("%.0f", 1e9 / k[p] - 1e9 / k["none_" load "_rate"])
	}
	function aa(arm, load,   p) {
		p = "aa_" arm "_" load
		return sprintf("%.1f %% (%.1f to %.1f)", k[p "_pct"], k[p "_low_pct"], k[p "_high_pct"])
	}
	END {
		if (!k["inject_runs"]) exit
		gsub(/_/, " ", k["host_cpu"])
		print "## Native: User-mode Linux on the host CPU (`make bench-native`)"
		print ""
		printf "Produced by `make bench-native` on %s (commit %s).  Host CPU: %s;\n", date, commit, k["host_cpu"]
		printf "kernel: %s (User-mode Linux, `tests/kernel/uml.config`).\n", k["kernel"]
		print ""
		print "It is compiled with -O2, as Debian'"'"'s kernels are.  What still makes a module'"'"'s"
		print "work dearer here than there: UML compiles with `-mcmodel=large` and"
		print "`-fno-builtin`, so every call from a module into the kernel is an indirect"
		print "one and every memset() a call, and its this_cpu_inc() masks interrupts"
		print "through a function call.  hsmon'"'"'s tracepoint probes (kfree_skb, consume_skb,"
		print "inet_sock_set_state) are global: the no-monitor arms pay them too, so the"
		print "costs below leave them out (bench/history.md measures them)."
		print ""
		print "The load is made in the kernel by `hsmon_inject.ko` (`tests/bench/syn_inject.c`):"
		print "connections over loopback (connect, accept, close with RST), and SYNs from random"
		print "sources handed to a dummy device'"'"'s receive path, answered with SYN cookies.  Six"
		print "namespaces take turns of 5 ms in one load: no monitor, hsmon, nf_conntrack (an"
		print "nftables `ct state` rule), empty hooks, and a second no-monitor and hsmon"
		print "namespace for the A/A.  The host'"'"'s speed changes by up to 40 % from one few"
		print "seconds to the next; turns of 5 ms spread that over every arm alike."
		printf "Rates: median of %d runs of 4 s.  Cost: 1 − arm rate / no-monitor rate of the\n", k["inject_runs"]
		print "same run, median (range) over the runs; ns: what the arm adds per SYN or"
		print "connection, from the median rates."
		print ""
		print "| Load | no monitor | hsmon | nf_conntrack | empty hooks |"
		print "|---|---|---|---|---|"
		printf "| connections/s | %s | %s | %s | %s |\n", cell("none", "conn"), cell("hsmon", "conn"),
			cell("conntrack", "conn"), cell("empty_hooks", "conn")
		printf "| SYN+ACKs/s under flood | %s | %s | %s | %s |\n", cell("none", "flood"),
			cell("hsmon", "flood"), cell("conntrack", "flood"), cell("empty_hooks", "flood")
		print ""
		print "| Load | hsmon cost | nf_conntrack cost | empty hooks cost | hsmon ns | conntrack ns | A/A no monitor | A/A hsmon |"
		print "|---|---|---|---|---|---|---|---|"
		for (i = 1; i <= 2; i++) {
			l = i == 1 ? "conn" : "flood"
			printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n",
				l == "conn" ? "connection rate" : "SYN flood rate",
				cost("hsmon", l), cost("conntrack", l), cost("empty_hooks", l),
				ns("hsmon", l), ns("conntrack", l), aa("none", l), aa("hsmon", l)
		}
		print ""
		printf "A/A spread (the largest median A/A): %.1f %%.\n", k["aa_spread_pct"]
		print ""
		print "| Target (issue 19) | measured | met |"
		print "|---|---|---|"
		printf "| A/A spread ≤ 2 %% | %.1f %% | %s |\n", k["aa_spread_pct"],
			k["aa_spread_pct"] <= 2 ? "yes" : "no"
		printf "| SYN flood: hsmon ≤ 5 %% | %.1f %% | %s |\n", k["flood_cost_pct"],
			k["flood_cost_pct"] <= 5 ? "yes" : "no"
		printf "| SYN flood: hsmon ≤ 1/4 of nf_conntrack | %.2f of it | %s |\n",
			k["flood_cost_pct"] / k["conntrack_flood_cost_pct"],
			k["flood_cost_pct"] <= k["conntrack_flood_cost_pct"] / 4 ? "yes" : "no"
		printf "| connection rate: hsmon ≤ 2 %% | %.1f %% | %s |\n", k["conn_cost_pct"],
			k["conn_cost_pct"] <= 2 ? "yes" : "no"
		print ""
		print "Where this instrument and `make bench` (section 1, under emulation) disagree: the"
		print "emulated SYN path is dearer in every instruction and memory access, the"
		print "netfilter hooks no more than the rest, so a hook'"'"'s share of it differs; and the"
		print "emulated flood comes from user space over veth, so each SYN there also pays a"
		print "system call, a veth transmit and the client namespace'"'"'s receive.  The emulated"
		print "arms also ran one after the other, each measuring the host'"'"'s mood of its"
		printf "seconds (±30 %% for an arm that does nothing).  Here the A/A spread is %.1f %%.\n",
			k["aa_spread_pct"]
		print ""
		print "Hook microbenchmark (`tests/bench/hook_bench.c`), ns per call, median:"
		print ""
		print "| Case | empty table | 100k entries | 1M entries |"
		print "|---|---|---|---|"
		n = split("nontcp unknown established syn synack ack evict flood", cs, " ")
		for (i = 1; i <= n; i++) {
			c = cs[i]
			printf "| %s | %s | %s | %s |\n", c, k["hook_" c "_0_ns"] == "" ? "–" : k["hook_" c "_0_ns"],
				k["hook_" c "_100000_ns"], k["hook_" c "_1000000_ns"]
		}
	}' "$HSMON_OUT/bench-native.txt" >"$HSMON_OUT/bench-native.md"
# It replaces the last section of bench/results.md, make bench's report
# keeps it (bench-report.sh).
if [ -s "$HSMON_OUT/bench-native.md" ]; then
	res=$HSMON_TOP/bench/results.md
	{
		# Without its trailing blank lines, then one.
		sed '/^## Native: /,$d' "$res" | sed -e :a -e '/^\n*$/{$d;N;ba' -e '}'
		echo
		cat "$HSMON_OUT/bench-native.md"
	} >"$res.tmp"
	mv "$res.tmp" "$res"
	say "results: bench/results.md, section \"Native\""
fi
