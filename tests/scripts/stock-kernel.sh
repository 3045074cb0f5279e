#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A stock Debian kernel for the VM: stock-kernel.sh TAG, TAG a stock
# kernel of tests/kernels.  Unpacks (not installs) its image package for
# the release of the installed headers into $HSMON_CACHE/stock/<release>/
# and prints three lines: the release, the headers directory (KDIR) and
# the unpacked directory (vmlinuz, veth.ko).
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

if [ ! -f "$dir/.hsmon-unpacked" ]; then
	say "fetching $image"
	rm -rf "$dir"
	mkdir -p "$dir/deb"
	hsmon_apt_download "$dir/deb" "$image"
	dpkg-deb -x "$dir"/deb/*.deb "$dir/root"
	cp "$dir/root/boot/vmlinuz-$rel" "$dir/vmlinuz"
	veth=$(find "$dir/root/lib/modules" -name 'veth.ko*' | head -n 1)
	case "$veth" in
	*.xz)	xz -dc "$veth" >"$dir/veth.ko" ;;
	*)	cp "$veth" "$dir/veth.ko" ;;
	esac
	rm -rf "$dir/root" "$dir/deb"
	touch "$dir/.hsmon-unpacked"
fi
printf '%s\n%s\n%s\n' "$rel" "$kdir" "$dir"
