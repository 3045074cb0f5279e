# SPDX-License-Identifier: GPL-2.0
# Shared settings for the test scripts: where things are cached and found.

HSMON_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HSMON_CACHE=${HSMON_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/hsmon}
HSMON_OUT=${HSMON_OUT:-$HSMON_TOP/build}
HSMON_JOBS=${HSMON_JOBS:-$(nproc)}

# What a kernel log must never show: one pattern a line, in one file for
# the host and the VM.
HSMON_SPLAT_FILE=$HSMON_TOP/tests/splat.pattern

say() { printf '== %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# hsmon_splat_patterns: the patterns of tests/splat.pattern, without its
# comments (an empty pattern would match every line).
hsmon_splat_patterns() {
	grep -v -e '^#' -e '^$' "$HSMON_SPLAT_FILE"
}

# hsmon_splat LOG: the lines of LOG that show a kernel splat; false if none.
hsmon_splat() {
	grep -aE -f <(hsmon_splat_patterns) "$1"
}

# The linux-source tarball shipped by Debian's linux-source-6.12 package.
hsmon_source_tarball() {
	ls /usr/src/linux-source-6.12.tar.xz 2>/dev/null ||
		die "linux-source-6.12 is not installed (run: make deps)"
}

# Unpack the kernel source once; print the tree's path.
hsmon_source_tree() {
	local tarball tree
	tarball=$(hsmon_source_tarball) || exit 1
	tree=$HSMON_CACHE/src/$(basename "$tarball" .tar.xz)
	if [ ! -f "$tree/.hsmon-unpacked" ]; then
		say "unpacking $tarball"
		rm -rf "$tree"
		mkdir -p "$HSMON_CACHE/src"
		tar -xJf "$tarball" -C "$HSMON_CACHE/src"
		touch "$tree/.hsmon-unpacked"
	fi
	echo "$tree"
}

# Kernel releases of the installed Debian cloud headers, one per series.
hsmon_stock_release() {
	local meta=$1 dep
	dep=$(dpkg-query -W -f='${Depends}' "$meta" 2>/dev/null) ||
		die "$meta is not installed (run: make deps)"
	dep=${dep%%,*}
	dep=${dep%% *}
	echo "${dep#linux-headers-}"
}

# hsmon_apt_download DIR PACKAGE...: fetch Debian packages (not install
# them) into DIR, refreshing the package lists once if they are stale.
hsmon_apt_download() {
	local dir=$1
	shift
	(cd "$dir" && apt-get download "$@" >/dev/null 2>&1) ||
		(apt-get update -qq && cd "$dir" && apt-get download "$@" >/dev/null) ||
		die "cannot download $*"
}

# hsmon_install_bin BIN ROOT DEST: copy the dynamically linked program BIN
# to ROOT/DEST, and the libraries it links to their own paths under ROOT.
hsmon_install_bin() {
	local bin=$1 root=$2 dest=$3 lib
	mkdir -p "$root$(dirname "$dest")"
	cp "$bin" "$root$dest"
	for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}
