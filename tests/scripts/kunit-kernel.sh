#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build a kernel from source: kunit-kernel.sh TAG, TAG a debug or uml
# kernel of tests/kernels, from the source its package ships
# (linux-source-X.Y).  debug: x86_64, tinyconfig plus
# tests/kernel/kunit.config (bzImage); uml: ARCH=um, defconfig plus
# tests/kernel/uml.config (the "linux" program).  The build is cached
# under $HSMON_CACHE/kernel/[uml-]<version>-<fragment hash>/ and reused while
# neither changes.  Prints the build directory (the image, Module.symvers,
# headers; its "source" link leads to the source tree).
set -euo pipefail
. "$(dirname "$0")/common.sh"

tag=${1:?usage: $0 TAG (a debug kernel of tests/kernels)}
kind=$(hsmon_kernel "$tag" kind)
case $kind in
debug)	arch=x86_64 base=tinyconfig frag=$HSMON_TOP/tests/kernel/kunit.config
	targets="bzImage modules" prefix= ;;
uml)	arch=um base=defconfig frag=$HSMON_TOP/tests/kernel/uml.config
	targets="linux modules" prefix=uml- ;;
*)	die "$tag is a $kind kernel, not one built from source (tests/kernels)" ;;
esac
src=$(hsmon_source_tree "$(hsmon_kernel "$tag" package)")
ver=$(make -s --no-print-directory -C "$src" kernelversion)
key=$(sha256sum <"$frag" | cut -c1-12)
out=$HSMON_CACHE/kernel/$prefix$ver-$key

if [ -f "$out/.hsmon-built" ]; then
	echo "$out"
	exit 0
fi

say "building the $kind kernel $ver ($key) in $out; this takes a few minutes"
rm -rf "$out"
mkdir -p "$out"
log=$out/build.log
{
	make -C "$src" O="$out" ARCH=$arch $base
	"$src/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" "$frag"
	make -C "$src" O="$out" ARCH=$arch olddefconfig
} >"$log" 2>&1 || die "kernel configuration failed, see $log"

# Every option the fragment asks for must have survived olddefconfig.
missing=$(grep -E '^CONFIG_[A-Z0-9_]+=' "$frag" | while read -r line; do
	grep -qxF "$line" "$out/.config" || echo "$line"
done)
[ -z "$missing" ] || die "fragment options not set (unmet dependencies?): $missing"

# shellcheck disable=SC2086
make -C "$src" O="$out" ARCH=$arch -j"$HSMON_JOBS" $targets >>"$log" 2>&1 ||
	die "kernel build failed, see $log"
touch "$out/.hsmon-built"
# Builds for an older fragment of this version are of no more use.
for old in "$HSMON_CACHE/kernel/$prefix$ver"-*; do
	[ "$old" = "$out" ] || rm -rf "$old"
done
echo "$out"
