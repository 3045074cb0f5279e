#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install from Debian's packages what building and testing hsmon needs.
# As root it installs what is missing; otherwise it names what to install.
set -euo pipefail
. "$(dirname "$0")/common.sh"

pkgs=(
	gcc make bc bison flex libelf-dev libssl-dev cpio xz-utils kmod python3
	qemu-system-x86 busybox-static iproute2 sparse clang-14 libclang-rt-14-dev
	gnuplot-nox prometheus prometheus-node-exporter
	debhelper dh-dkms dkms lintian
)
# Each kernel's source or headers (tests/kernels).
for k in $(hsmon_kernels); do
	pkgs+=("$(hsmon_kernel "$k" package)")
done

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	die "missing packages; as root run: apt-get install ${missing[*]}"
fi
say "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
