#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What the bench VM needs for its nf_conntrack arm, from Debian's packages
# (unpacked, not installed): bench-extras.sh TAG, TAG the stock kernel of
# tests/kernels that make bench boots:
#   $HSMON_CACHE/bench/RELEASE/kmod/NN-name.ko  nft_ct and the modules it
#       needs from the kernel's image package, decompressed, numbered in
#       load order;
#   $HSMON_CACHE/bench/RELEASE/root/            nft and its libraries, laid
#       out as in the root file system.
# Prints the directory.
set -euo pipefail
. "$(dirname "$0")/common.sh"

tag=${1:?usage: $0 TAG}
rel=$(hsmon_stock_release "$(hsmon_kernel "$tag" package)")
image=$(hsmon_kernel "$tag" image)
image=${image//RELEASE/$rel}
dir=$HSMON_CACHE/bench/$rel
# nft's own package and the libraries it links (libc comes with ip's).
nft_pkgs="nftables libnftables1 libnftnl11 libmnl0 libjansson4 libgmp10 libxtables12 libedit2 libbsd0 libmd0 libtinfo6"

if [ ! -f "$dir/.hsmon-unpacked" ]; then
	say "fetching nftables and $image modules for the conntrack arm"
	rm -rf "$dir"
	mkdir -p "$dir/deb" "$dir/unpack" "$dir/kmod" "$dir/root"
	hsmon_apt_download "$dir/deb" "$image"
	# shellcheck disable=SC2086
	hsmon_apt_download "$dir/deb" $nft_pkgs
	for deb in "$dir"/deb/*.deb; do
		case "$(basename "$deb")" in
		"$image"_*)	dpkg-deb -x "$deb" "$dir/unpack" ;;
		*)		dpkg-deb -x "$deb" "$dir/root" ;;
		esac
	done
	i=10
	for f in $(hsmon_mod_order "$dir/unpack/lib/modules/$rel" nft_ct); do
		name=$(basename "$f")
		name=${name%.xz}
		case "$f" in
		*.xz)	xz -dc "$f" >"$dir/kmod/$i-$name" ;;
		*)	cp "$f" "$dir/kmod/$i-$name" ;;
		esac
		i=$((i + 1))
	done
	rm -rf "$dir/root/usr/share" "$dir/root/etc" "$dir/unpack" "$dir/deb"
	touch "$dir/.hsmon-unpacked"
fi
echo "$dir"
