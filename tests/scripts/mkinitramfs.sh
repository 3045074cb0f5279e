#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the test VM's initramfs:
#   mkinitramfs.sh OUT.cpio.gz MODE TAG MODDIR TOOLSDIR [EXTRA.ko...]
# MODE is "check" (KUnit if built, then the tests/vm scenarios that
# HSMON_SCENARIOS picks, all by default), "demo" or "bench"; TAG names the
# kernel in result lines.  It holds busybox-static, iproute2's ip and
# Debian's prometheus-node-exporter with their libraries, hsmon.ko (and
# hsmon_kunit.ko) from MODDIR, the static test tools from TOOLSDIR, EXTRA
# modules (veth.ko and vrf.ko for the stock kernels; the VM loads them in
# the order of their file names), the files under $HSMON_INITRAMFS_ROOT if
# set (nft for make bench), tests/vm and the splat patterns.  /etc/hsmon.conf tells the VM what to do.
set -euo pipefail
. "$(dirname "$0")/common.sh"

out=$1 mode=$2 tag=$3 moddir=$4 toolsdir=$5
shift 5

root=$(mktemp -d)
chmod 755 "$root"
trap 'rm -rf "$root"' EXIT

mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,tmp,run,etc,var,hsmon/kmod}
ln -s ../run "$root/var/run"
cp /bin/busybox "$root/bin/busybox"

# iproute2 (netns, veth, neigh), dynamically linked: bring its libraries.
hsmon_install_bin /usr/sbin/ip "$root" /sbin/ip
# Debian's node_exporter, for the end-to-end scrape (27-node-exporter),
# linked against libc only: it comes with its libraries too.
hsmon_install_bin /usr/bin/prometheus-node-exporter "$root" /usr/bin/prometheus-node-exporter

cp "$moddir"/*.ko "$root/hsmon/"
for ko in "$@"; do
	cp "$ko" "$root/hsmon/kmod/"
done
cp "$toolsdir"/* "$root/usr/bin/"
if [ -n "${HSMON_INITRAMFS_ROOT:-}" ]; then
	cp -a "$HSMON_INITRAMFS_ROOT"/. "$root/"
fi
cp -a "$HSMON_TOP/tests/vm" "$root/hsmon/vm"
hsmon_splat_patterns >"$root/hsmon/splat.pattern"
cp "$HSMON_TOP/tests/vm/init" "$root/init"
chmod +x "$root/init"
printf 'root:x:0:0:root:/:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/sh\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"
# The scenarios by name, resolved here: the VM runs exactly the ones the
# host counts.
printf 'HSMON_MODE=%s\nHSMON_TAG=%s\nHSMON_LONG=%s\nHSMON_SCENARIOS="%s"\n' \
	"$mode" "$tag" "${HSMON_LONG:-0}" "$(hsmon_scenario_names | tr '\n' ' ')" \
	>"$root/etc/hsmon.conf"
# make bench's numeric settings (HSMON_BENCH_ROUNDS, _SECS, ...), if given.
env | grep '^HSMON_BENCH_[A-Z_]*=[0-9]*$' >>"$root/etc/hsmon.conf" || true

(cd "$root" && find . | cpio -o -H newc --quiet) | gzip -1 >"$out"
