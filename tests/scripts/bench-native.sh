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
boots=1
if [ -n "${HSMON_BENCH_BASE:-}" ]; then
	say "building hsmon and hsmon_bench as of $HSMON_BENCH_BASE"
	wt=$dir/base-tree
	git -C "$HSMON_TOP" worktree prune
	git -C "$HSMON_TOP" worktree add -f --detach "$wt" "$HSMON_BENCH_BASE" >/dev/null
	trap 'git -C "$HSMON_TOP" worktree remove --force "$wt" 2>/dev/null || true' EXIT
	HSMON_BENCH=1 HSMON_ARCH=um "$wt/tests/scripts/build-module.sh" "$kd" "$dir/base-module"
	# The VM compares when it finds /hsmon/base/ (tests/vm/bench.sh).
	mkdir -p "$dir/base-root/hsmon/base"
	cp "$dir/base-module/hsmon.ko" "$dir/base-module/hsmon_bench.ko" "$dir/base-root/hsmon/base/"
	HSMON_INITRAMFS_ROOT=$dir/base-root HSMON_BENCH_ROUNDS=0 HSMON_BENCH_EXPIRY=0 \
		"$HSMON_TOP/tests/scripts/mkinitramfs.sh" "$dir/initramfs.cpio.gz" bench "$tag" \
		"$dir/module" "$HSMON_OUT/tools" "$kd/drivers/net/veth.ko"
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
} >"$HSMON_OUT/bench-native.txt"
say "results: $HSMON_OUT/bench-native.txt"
cat "$HSMON_OUT/bench-native.txt"
