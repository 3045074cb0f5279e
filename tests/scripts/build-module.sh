#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build hsmon.ko (and hsmon_kunit.ko where the kernel has KUnit) against
# KDIR in a copy of the sources under OUT, with W=1; any compiler warning
# fails.  It builds the way dkms.conf does, through the top Makefile with
# KDIR=, so the VMs load what DKMS would install.  With HSMON_BENCH=1 in
# the environment it also builds make bench's modules, hsmon_bench.ko and
# hsmon_floor.ko; with HSMON_ARCH=um, for User-mode Linux.
# Usage: build-module.sh KDIR OUT
set -euo pipefail
. "$(dirname "$0")/common.sh"

kdir=$1 out=$2
rm -rf "$out"
mkdir -p "$out"
cp -a "$HSMON_TOP/Kbuild" "$HSMON_TOP/Makefile" "$HSMON_TOP/dkms.conf" "$HSMON_TOP/module" "$out/"
mkdir -p "$out/tests"
cp -a "$HSMON_TOP/tests/kunit" "$HSMON_TOP/tests/bench" "$out/tests/"
version=$(git -C "$HSMON_TOP" describe --always --dirty 2>/dev/null || echo 0.1)
if ! make -C "$out" KDIR="$kdir" W=1 HSMON_VERSION="$version" \
	${HSMON_BENCH:+HSMON_BENCH=1} ${HSMON_ARCH:+ARCH=$HSMON_ARCH} modules >"$out/build.log" 2>&1; then
	cat "$out/build.log" >&2
	die "module build against $kdir failed"
fi
if grep -E 'warning:|error:' "$out/build.log" | grep -v 'Skipping BTF' >&2; then
	die "module build against $kdir has warnings (W=1), see $out/build.log"
fi
