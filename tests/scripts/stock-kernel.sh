#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A stock Debian cloud kernel for the VM: stock-kernel.sh 6.1|6.12
# Unpacks (not installs) the linux-image package matching the installed
# headers into $HSMON_CACHE/stock/<release>/ and prints three lines:
# the release, the headers directory (KDIR) and the unpacked directory.
set -euo pipefail
. "$(dirname "$0")/common.sh"

case "${1:-}" in
6.1)	meta=linux-headers-cloud-amd64 ;;
6.12)	meta=linux-headers-6.12-cloud-amd64 ;;
*)	die "usage: $0 6.1|6.12" ;;
esac

rel=$(hsmon_stock_release "$meta")
kdir=/usr/src/linux-headers-$rel
[ -d "$kdir" ] || die "$kdir missing (run: make deps)"
dir=$HSMON_CACHE/stock/$rel

if [ ! -f "$dir/.hsmon-unpacked" ]; then
	say "fetching linux-image-$rel"
	rm -rf "$dir"
	mkdir -p "$dir/deb"
	hsmon_apt_download "$dir/deb" "linux-image-$rel"
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
