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
# This is the first part of issue 19: the arms (no monitor, hsmon,
# conntrack, empty hooks) with their A/A spread, and an in-kernel SYN
# injector, are still to come.
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
# The VM's bench script, with neither the arms nor the expiry measurement.
# Its topology needs veth, a module of this kernel.
HSMON_BENCH_ROUNDS=0 HSMON_BENCH_EXPIRY=0 \
	"$HSMON_TOP/tests/scripts/mkinitramfs.sh" "$dir/initramfs.cpio.gz" bench "$tag" \
	"$dir/module" "$HSMON_OUT/tools" "$kd/drivers/net/veth.ko"
say "running the hook microbenchmark in User-mode Linux"
timeout 600 "$kd/linux" mem=2048M initrd="$dir/initramfs.cpio.gz" rdinit=/init \
	con=null con0=null,fd:1 </dev/null >"$dir/console.log" 2>&1 || true
grep -a '^HSMON-BENCH: ' "$dir/console.log" | sed 's/^HSMON-BENCH: //' | tr -d '\r' \
	>"$dir/raw.txt" || true
if grep -q '^error' "$dir/raw.txt" || ! grep -qx 'end' "$dir/raw.txt"; then
	grep '^error' "$dir/raw.txt" >&2 || true
	die "the bench did not finish; console log: $dir/console.log"
fi
if hsmon_splat "$dir/console.log" >&2; then
	die "the kernel log has a warning or report: $dir/console.log"
fi

{
	echo "host_cpu=$(awk -F': ' '/^model name/ { gsub(/ /, "_", $2); print $2; exit }' /proc/cpuinfo)"
	echo "kernel=$(basename "$kd")"
	awk '$1 == "hook" {
		for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
		k = "hook_" v["case"] "_" v["entries"]
		print k "_ns=" v["median"]; print k "_low_ns=" v["low"]; print k "_high_ns=" v["high"]
	}' "$dir/raw.txt"
} >"$HSMON_OUT/bench-native.txt"
say "results: $HSMON_OUT/bench-native.txt"
cat "$HSMON_OUT/bench-native.txt"
