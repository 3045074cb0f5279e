# SPDX-License-Identifier: GPL-2.0
# Shared settings for the test scripts: where things are cached and found.

HSMON_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HSMON_CACHE=${HSMON_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/hsmon}
HSMON_OUT=${HSMON_OUT:-$HSMON_TOP/build}
HSMON_JOBS=${HSMON_JOBS:-$(nproc)}

# What a kernel log must never show: one pattern a line, in one file for
# the host and the VM.
HSMON_SPLAT_FILE=$HSMON_TOP/tests/splat.pattern
# The kernels to test on, and how each is found.
HSMON_KERNEL_TABLE=$HSMON_TOP/tests/kernels

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

# hsmon_kernel TAG FIELD: a field of TAG's line in tests/kernels (kind,
# package, image, tcg or for); fails if there is no such kernel.
hsmon_kernel() {
	local tag=$1 field=$2 col
	case $field in
	kind)		col=2 ;;
	package)	col=3 ;;
	image)		col=4 ;;
	tcg)		col=5 ;;
	for)		col=6 ;;
	*)		die "tests/kernels has no field $field" ;;
	esac
	awk -v tag="$tag" -v col=$col '
		!/^#/ && $1 == tag { print $col; found = 1; exit }
		END { exit !found }' "$HSMON_KERNEL_TABLE" ||
		die "no kernel $tag in tests/kernels"
}

# hsmon_kernels [USE]: the tags of tests/kernels in its order; with USE,
# of the kernels whose "for" names it (check, demo or bench).
hsmon_kernels() {
	awk -v use="${1:-}" '
		!/^#/ && NF && (use == "" || index("," $6 ",", "," use ",")) { print $1 }' \
		"$HSMON_KERNEL_TABLE"
}

# hsmon_kernel_for USE: the one kernel USE boots (demo or bench).
hsmon_kernel_for() {
	local tags
	tags=$(hsmon_kernels "$1")
	[ "$(echo "$tags" | grep -c .)" = 1 ] ||
		die "tests/kernels must mark exactly one kernel for $1, not: ${tags:-none}"
	echo "$tags"
}

# hsmon_scenario_names: the VM scenarios to run, one name a line: every
# tests/vm/NN-*.sh, or those HSMON_SCENARIOS picks.  It holds shell
# globs, each matched against the start of a name: "02 16" runs
# 02-complete-ipv4 and 16-syn-flood, "*ports" 22-ports.
hsmon_scenario_names() {
	local s name p pats=()
	# read, not an unquoted expansion: the globs must not match files here.
	read -ra pats <<<"${HSMON_SCENARIOS:-}"
	[ ${#pats[@]} -gt 0 ] || pats=("")
	for s in "$HSMON_TOP"/tests/vm/[0-9]*.sh; do
		name=$(basename "$s" .sh)
		for p in "${pats[@]}"; do
			# shellcheck disable=SC2254
			case $name in
			$p*)	echo "$name"; break ;;
			esac
		done
	done
}

# hsmon_source_tarball PACKAGE: the kernel source tarball Debian's
# linux-source-X.Y package ships.
hsmon_source_tarball() {
	ls "/usr/src/$1.tar.xz" 2>/dev/null ||
		die "$1 is not installed (run: make deps)"
}

# hsmon_source_tree PACKAGE: unpack that kernel source once; print the
# tree's path.
hsmon_source_tree() {
	local tarball tree
	tarball=$(hsmon_source_tarball "$1") || exit 1
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

# hsmon_stock_release META: the kernel release a headers meta package
# (tests/kernels' package of a stock kernel) depends on.
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

# hsmon_mod_order DIR NAME...: the kernel modules NAME... under DIR (each
# NAME.ko, compressed or not), every one after the modules it depends on
# (modinfo), each once: a path a line, in load order.
hsmon_mod_order() {
	local dir=$1 name
	local -A seen=()
	shift
	for name in "$@"; do
		hsmon_mod_order_one "$name"
	done
}

# hsmon_mod_order's walk: module $1, its dependencies first (dir and seen
# are hsmon_mod_order's).
hsmon_mod_order_one() {
	local f dep
	[ -z "${seen[$1]:-}" ] || return 0
	seen[$1]=1
	f=$(find "$dir" -name "$1.ko*" | head -n 1)
	[ -n "$f" ] || die "module $1 not under $dir"
	for dep in $(modinfo -F depends "$f" | tr ',' ' '); do
		hsmon_mod_order_one "$dep"
	done
	echo "$f"
}
