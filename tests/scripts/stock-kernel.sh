#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A stock Debian kernel for the VM: stock-kernel.sh TAG, TAG a stock
# kernel of tests/kernels.  Unpacks (not installs) its image package for
# the release of the installed headers into $HSMON_CACHE/stock/<release>/
# and prints three lines: the release, the headers directory (KDIR) and
# the unpacked directory (vmlinuz, and the modules the VM loads: veth.ko,
# vrf.ko).
set -euo pipefail
. "$(dirname "$0")/common.sh"

tag=${1:?usage: $0 TAG (a stock kernel of tests/kernels)}
kind=$(hsmon_kernel "$tag" kind)
[ "$kind" = stock ] || die "$tag is a $kind kernel, not a stock one (tests/kernels)"
meta=$(hsmon_kernel "$tag" package)
image=$(hsmon_kernel "$tag" image)

rel=$(hsmon_stock_release "$meta")
image=${image//RELEASE/$rel}
kdir=/usr/src/linux-headers-$rel
[ -d "$kdir" ] || die "$kdir missing (run: make deps)"
dir=$HSMON_CACHE/stock/$rel

# A cache from before vrf.ko was wanted is unpacked again.
if [ ! -f "$dir/.hsmon-unpacked" ] || [ ! -f "$dir/vrf.ko" ]; then
	say "fetching $image"
	rm -rf "$dir"
	mkdir -p "$dir/deb"
	hsmon_apt_download "$dir/deb" "$image"
	dpkg-deb -x "$dir"/deb/*.deb "$dir/root"
	cp "$dir/root/boot/vmlinuz-$rel" "$dir/vmlinuz"
	for m in veth vrf; do
		ko=$(find "$dir/root/lib/modules" -name "$m.ko*" | head -n 1)
		[ -n "$ko" ] || die "$m.ko not in $image"
		case "$ko" in
		*.xz)	xz -dc "$ko" >"$dir/$m.ko" ;;
		*)	cp "$ko" "$dir/$m.ko" ;;
		esac
	done
	rm -rf "$dir/root" "$dir/deb"
	touch "$dir/.hsmon-unpacked"
fi
printf '%s\n%s\n%s\n' "$rel" "$kdir" "$dir"
