#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make bench: what hsmon costs, next to no monitor and to nf_conntrack, on
# the stock kernel tests/kernels marks "bench" (Debian's 6.12 cloud
# kernel), in QEMU (2 CPUs).  Writes
# bench/results.md and bench/arms.png; the raw lines and the console log
# stay in build/bench/.  HSMON_BENCH_ROUNDS (default 8) and
# HSMON_BENCH_SECS (default 3) set the rounds of the arms and the seconds
# of each run; HSMON_BENCH_ROUNDS=0 skips the arms, HSMON_BENCH_HOOK=0 all
# but the arms and HSMON_BENCH_EXPIRY=0 the expiry measurement (a partial
# run prints its raw lines and leaves bench/ alone).  HSMON_BENCH_PERF=1
# adds perf profiles of the connection rate and the SYN flood without and
# with hsmon (build/bench/perf.txt; needs linux-perf).
# HSMON_BENCH_BASE=REV (a git revision) instead compares two builds: the
# hook microbenchmark on REV's hsmon.ko and on the working tree's, four
# loads of each, alternately in one boot; it prints the lowest and the
# median per-call cost of each and the ratio of the lowest, and leaves
# bench/ alone.  REV's hsmon must export what the working tree's
# hsmon_bench.ko calls.
set -euo pipefail
. "$(dirname "$0")/common.sh"

dir=$HSMON_OUT/bench
mkdir -p "$dir"
tag=$(hsmon_kernel_for bench)
mapfile -t info <<<"$("$HSMON_TOP/tests/scripts/stock-kernel.sh" "$tag")"
extras=$("$HSMON_TOP/tests/scripts/bench-extras.sh" "$tag")
say "building hsmon, hsmon_bench and the tools for ${info[0]}"
make -s -C "$HSMON_TOP/tools" O="$HSMON_OUT/tools" >/dev/null
HSMON_BENCH=1 "$HSMON_TOP/tests/scripts/build-module.sh" "${info[1]}" "$dir/module"
if [ -n "${HSMON_BENCH_BASE:-}" ]; then
	say "building hsmon at $HSMON_BENCH_BASE for the comparison"
	rm -rf "$dir/base"
	mkdir -p "$dir/base/src"
	git -C "$HSMON_TOP" archive "$HSMON_BENCH_BASE" | tar -x -C "$dir/base/src"
	HSMON_BENCH=1 "$dir/base/src/tests/scripts/build-module.sh" "${info[1]}" "$dir/base/module"
	# The VM compares when it finds this file (tests/vm/bench.sh).
	cp "$dir/base/module/hsmon.ko" "$dir/module/hsmon_base.ko"
fi
root=$extras/root
if [ "${HSMON_BENCH_PERF:-0}" = 1 ]; then
	# The host's perf (Debian's linux-perf) and its libraries, as for ip.
	perf=$(command -v perf) || die "HSMON_BENCH_PERF=1 needs perf: apt-get install linux-perf"
	perf=$(readlink -f "$perf")
	root=$dir/root
	rm -rf "$root"
	cp -a "$extras/root" "$root"
	hsmon_install_bin "$perf" "$root" /usr/bin/perf
fi
HSMON_INITRAMFS_ROOT=$root "$HSMON_TOP/tests/scripts/mkinitramfs.sh" \
	"$dir/initramfs.cpio.gz" bench bench "$dir/module" "$HSMON_OUT/tools" \
	"${info[2]}/veth.ko" "$extras"/kmod/*.ko
if [ -n "${HSMON_BENCH_BASE:-}" ]; then
	say "booting ${info[0]} in QEMU for the comparison (about a minute)"
else
	say "booting ${info[0]} in QEMU for the bench (about 6 minutes)"
fi
# Single-threaded TCG for a stock kernel (tests/kernels, vm-run.sh): the
# two vCPUs share one host thread, so the ratios compare CPU work, not
# parallelism.
HSMON_TCG_THREAD=$(hsmon_kernel "$tag" tcg) HSMON_VM_MEM=3072 HSMON_VM_TIMEOUT=3600 \
	"$HSMON_TOP/tests/scripts/vm-run.sh" "${info[2]}/vmlinuz" "$dir/initramfs.cpio.gz" \
	"$dir/console.log"
# key=value records, of the VM's script and of hsmon_bench.ko alike.
grep -a 'HSMON-BENCH: ' "$dir/console.log" | sed 's/.*HSMON-BENCH: //' | tr -d '\r' \
	>"$dir/raw.txt" || true
grep -a '^HSMON-PERF: ' "$dir/console.log" | sed 's/^HSMON-PERF: //' | tr -d '\r' \
	>"$dir/perf.txt" || true
if grep -q '^error' "$dir/raw.txt" || ! grep -qx 'end' "$dir/raw.txt"; then
	grep '^error' "$dir/raw.txt" >&2 || true
	die "the bench did not finish; console log: $dir/console.log"
fi
if hsmon_splat "$dir/console.log" >/dev/null; then
	die "the kernel log has a warning or report: $(hsmon_splat "$dir/console.log" | head -n 1)"
fi

if [ -n "${HSMON_BENCH_BASE:-}" ]; then
	# "module build=M" then its loads' "hook case= entries= median= ..."
	awk -v base="$HSMON_BENCH_BASE" '
		# The record'"'"'s values by key, in kv.
		{
			split("", kv)
			for (i = 2; i <= NF; i++)
				if ((p = index($i, "=")) > 1)
					kv[substr($i, 1, p - 1)] = substr($i, p + 1)
		}
		$1 == "module" { m = kv["build"]; next }
		$1 == "hook" {
			k = kv["case"] " " kv["entries"]
			if (!(k in seen)) { seen[k] = 1; keys[++n] = k }
			v[k, m] = v[k, m] " " kv["median"]
		}
		# The median of a list of numbers; its lowest in lo.
		function stats(s,  a, c, i, j, t) {
			c = split(s, a, " ")
			for (i = 1; i <= c; i++)
				for (j = i + 1; j <= c; j++)
					if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
			lo = a[1]
			return c % 2 ? a[(c + 1) / 2] : (a[c / 2] + a[c / 2 + 1]) / 2
		}
		END {
			# A load that lands badly in memory only adds time: compare
			# the lowest, and show the median for the spread.
			printf "ns per call: lowest (median) of each build'"'"'s loads\n"
			printf "%-12s %8s %22s %22s %7s\n", "case", "entries", base, "working tree", "ratio"
			for (i = 1; i <= n; i++) {
				split(keys[i], kk, " ")
				b = stats(v[keys[i], "base"]); bl = lo; bs = sprintf("%.1f (%.1f)", lo, b)
				c = stats(v[keys[i], "current"]); cl = lo; cs = sprintf("%.1f (%.1f)", lo, c)
				printf "%-12s %8s %22s %22s %7.3f\n", kk[1], kk[2], bs, cs, cl / bl
			}
			print "Ratio: lowest against lowest.  HSMON_BENCH_BASE=HEAD with no change shows the noise."
		}' "$dir/raw.txt"
	say "a comparison run (HSMON_BENCH_BASE): bench/ left as it was"
	exit 0
fi
if [ "${HSMON_BENCH_ROUNDS:-}" = 0 ] || [ "${HSMON_BENCH_EXPIRY:-}" = 0 ] ||
   [ "${HSMON_BENCH_HOOK:-}" = 0 ]; then
	cat "$dir/raw.txt"
	say "a partial run (HSMON_BENCH_ROUNDS, _HOOK or _EXPIRY=0): bench/ left as it was"
	exit 0
fi
# The commit measured: "-dirty" if the sources differ from it, not when
# only bench/ does (the results of a previous run).
bench_commit() {
	local rev
	rev=$(git -C "$HSMON_TOP" rev-parse --short HEAD 2>/dev/null) || { echo unknown; return; }
	git -C "$HSMON_TOP" diff --quiet HEAD -- . ':(exclude)bench' || rev=$rev-dirty
	echo "$rev"
}

mkdir -p "$HSMON_TOP/bench"
{
	echo "date $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "cpu $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
	echo "host_cpus $(nproc)"
	echo "host_mem_gib $(awk '$1 == "MemTotal:" { printf "%d", $2 / 1048576 + 0.5 }' /proc/meminfo)"
	echo "qemu $(qemu-system-x86_64 --version | head -n 1)"
	echo "commit $(bench_commit)"
} >"$dir/machine.txt"
"$HSMON_TOP/tests/scripts/bench-report.sh" "$dir/raw.txt" "$dir/machine.txt" "$HSMON_TOP/bench"
say "results: bench/results.md, bench/arms.png"
