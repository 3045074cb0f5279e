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
# at COMMIT and runs the two, base and this tree, one after the other,
# HSMON_BENCH_PAIRS times (default 3), each a fresh boot: the keys are then
# the medians over the runs, base_hook_<case>_<entries>_ns the base's, and
# hook_<case>_<entries>_vs_base_pct what this tree costs more (median of
# the pairs' ratios) with _vs_base_low_pct/_high_pct their range, and
# aa_<case>_<entries>_spread_pct the range of the base's runs against
# their median: the noise a difference must beat.
#
# Still to come (issue 19): the arms (no monitor, hsmon, conntrack, empty
# hooks) and an in-kernel SYN injector.
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
HSMON_BENCH_ROUNDS=0 HSMON_BENCH_EXPIRY=0 \
	"$HSMON_TOP/tests/scripts/mkinitramfs.sh" "$dir/initramfs.cpio.gz" bench "$tag" \
	"$dir/module" "$HSMON_OUT/tools" "$kd/drivers/net/veth.ko"
arms=new
pairs=1
if [ -n "${HSMON_BENCH_BASE:-}" ]; then
	say "building hsmon and hsmon_bench as of $HSMON_BENCH_BASE"
	wt=$dir/base-tree
	git -C "$HSMON_TOP" worktree prune
	git -C "$HSMON_TOP" worktree add -f --detach "$wt" "$HSMON_BENCH_BASE" >/dev/null
	trap 'git -C "$HSMON_TOP" worktree remove --force "$wt" 2>/dev/null || true' EXIT
	HSMON_BENCH=1 HSMON_ARCH=um "$wt/tests/scripts/build-module.sh" "$kd" "$dir/base-module"
	HSMON_BENCH_ROUNDS=0 HSMON_BENCH_EXPIRY=0 \
		"$HSMON_TOP/tests/scripts/mkinitramfs.sh" "$dir/base-initramfs.cpio.gz" bench \
		"$tag" "$dir/base-module" "$HSMON_OUT/tools" "$kd/drivers/net/veth.ko"
	arms="base new"
	pairs=${HSMON_BENCH_PAIRS:-3}
fi

# run ARM N: boot User-mode Linux with ARM's initramfs; its hook lines
# ("case entries median") go to $dir/ARM.N.txt.
run() {
	local arm=$1 n=$2 initrd=$dir/initramfs.cpio.gz log=$dir/$1.$2.log
	[ "$arm" = new ] || initrd=$dir/base-initramfs.cpio.gz
	timeout 600 "$kd/linux" mem=2048M initrd="$initrd" rdinit=/init \
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
	awk '$1 == "hook" {
		for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		print v["case"] "_" v["entries"], v["median"], v["low"], v["high"]
	}' "$dir/raw.txt" >"$dir/$arm.$n.txt"
}

say "running the hook microbenchmark in User-mode Linux ($arms, $pairs times)"
for n in $(seq 1 "$pairs"); do
	for arm in $arms; do
		run "$arm" "$n"
	done
done

{
	echo "host_cpu=$(awk -F': ' '/^model name/ { gsub(/ /, "_", $2); print $2; exit }' /proc/cpuinfo)"
	echo "kernel=$(basename "$kd")"
	echo "runs=$pairs"
	[ -z "${HSMON_BENCH_BASE:-}" ] || echo "base=$(git -C "$HSMON_TOP" rev-parse --short "$HSMON_BENCH_BASE")"
	# Per key: the median of the runs (and, for one run, its low/high).
	awk -v pairs="$pairs" '
		function med(a, n,   i, j, t) {
			for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
			return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		{ split(FILENAME, f, "/"); split(f[length(f)], an, "."); arm = an[1]; run = an[2]
		  key[$1] = 1; v[arm, $1, run] = $2; lo[arm, $1] = $3; hi[arm, $1] = $4
		  if (arm == "base") has_base = 1 }
		END {
			for (k in key) {
				for (r = 1; r <= pairs; r++) { a[r] = v["new", k, r] }
				print "hook_" k "_ns=" med(a, pairs)
				if (pairs == 1) {
					print "hook_" k "_low_ns=" lo["new", k]
					print "hook_" k "_high_ns=" hi["new", k]
				}
				if (!has_base)
					continue
				for (r = 1; r <= pairs; r++) { b[r] = v["base", k, r] }
				mb = med(b, pairs)
				print "base_hook_" k "_ns=" mb
				rmin = 1e9; rmax = -1e9; smin = 1e9; smax = -1e9
				for (r = 1; r <= pairs; r++) {
					x = (v["new", k, r] / v["base", k, r] - 1) * 100
					c[r] = x
					if (x < rmin) rmin = x
					if (x > rmax) rmax = x
					y = (v["base", k, r] / mb - 1) * 100
					if (y < smin) smin = y
					if (y > smax) smax = y
				}
				printf "hook_%s_vs_base_pct=%.1f\n", k, med(c, pairs)
				printf "hook_%s_vs_base_low_pct=%.1f\n", k, rmin
				printf "hook_%s_vs_base_high_pct=%.1f\n", k, rmax
				printf "aa_%s_spread_pct=%.1f\n", k, smax - smin
			}
		}' "$dir"/*.[0-9]*.txt | sort
} >"$HSMON_OUT/bench-native.txt"
say "results: $HSMON_OUT/bench-native.txt"
cat "$HSMON_OUT/bench-native.txt"
