#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make demo: build hsmon for the stock kernel tests/kernels marks "demo"
# (Debian's 6.12 cloud kernel), boot it in QEMU with a server and a client
# namespace, drive real handshakes and show /proc/net/hsmon.
set -euo pipefail
. "$(dirname "$0")/common.sh"

dir=$HSMON_OUT/demo
mkdir -p "$dir"
tag=$(hsmon_kernel_for demo)
mapfile -t info <<<"$("$HSMON_TOP/tests/scripts/stock-kernel.sh" "$tag")"
say "building hsmon and its tools for ${info[0]}"
make -s -C "$HSMON_TOP/tools" O="$HSMON_OUT/tools" >/dev/null
"$HSMON_TOP/tests/scripts/build-module.sh" "${info[1]}" "$dir/module"
"$HSMON_TOP/tests/scripts/mkinitramfs.sh" "$dir/initramfs.cpio.gz" demo demo \
	"$dir/module" "$HSMON_OUT/tools" "${info[2]}/veth.ko"
say "booting ${info[0]} in QEMU (about half a minute)"
HSMON_TCG_THREAD=$(hsmon_kernel "$tag" tcg) \
	"$HSMON_TOP/tests/scripts/vm-run.sh" "${info[2]}/vmlinuz" "$dir/initramfs.cpio.gz" \
	"$dir/console.log"
if ! grep -aq '^HSMON-DEMO-END' "$dir/console.log"; then
	cat "$dir/console.log"
	die "the demo did not finish; console log: $dir/console.log"
fi
sed -n '/^HSMON-DEMO-BEGIN/,/^HSMON-DEMO-END/p' "$dir/console.log" |
	grep -av '^HSMON-DEMO-' | tr -d '\r'
