#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check of the Debian packages on the machine running it (as root; it
# installs and removes packages): make deb builds hsmon-dkms and
# hsmon-tools (HSMON_DEB_PREBUILT=1 takes those in build/deb/ instead);
# lintian finds no error or warning; apt installs both, and DKMS really
# builds hsmon.ko for the stock kernels of tests/kernels (their headers
# come from make deps), in the postinst or, for a kernel the postinst
# leaves out (it builds for the running and the newest kernel when the
# running one is installed), by "dkms autoinstall" as the kernel's own
# postinst.d hook does; each hsmon.ko has the kernel's vermagic and the
# package's version and is copied to build/deb/ko/RELEASE/hsmon.ko for
# the VM tests; hsmon-tools's files are in place; apt purges both and
# nothing of them is left: no DKMS entry, no file of either package, no
# module, and each kernel's /lib/modules/RELEASE as it was (the files
# depmod made there for a kernel whose image is not installed removed).
#
# What a previous run left (the packages, a DKMS entry of theirs) is
# removed first, and the packages are purged whatever happens.  A
# hsmon in DKMS that no package installed (dkms install by hand) stops
# the check: it would be in the way.  Installing needs dkms from Debian
# (make deps); a minute or two, most of it the two DKMS builds.
#
# One line per check, "ok" or "FAIL" and why; the last line is
# "N passed, N failed"; the exit status is 1 if any check failed.
# The build's, apt's and DKMS's output: build/deb/deb-check.log.
set -u

. "$(dirname "$0")/common.sh"
. "$HSMON_TOP/tools/tests/testlib.sh"

out=$HSMON_OUT/deb
log=$out/deb-check.log
pkgs=(hsmon-dkms hsmon-tools)
start=$SECONDS
export DEBIAN_FRONTEND=noninteractive

finish() {
	say "deb-check: $((SECONDS - start)) s; the log: $log"
	summary
	exit
}

if [ "$(id -u)" -ne 0 ]; then
	fail "deb-check" "needs root: it installs and purges hsmon-dkms and hsmon-tools"
	finish
fi
for p in dkms debhelper dh-dkms lintian; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		fail "deb-check" "$p is not installed (make deps)"
		finish
	fi
done
mkdir -p "$out"
: >"$log"

# installed PKG: true if dpkg knows PKG in any state but "not installed"
installed() {
	local s
	s=$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null) &&
		[ -n "$s" ] && [ "$s" != not-installed ]
}

# hsmon_dkms_versions: the versions of hsmon DKMS knows, one a line
hsmon_dkms_versions() {
	local d
	for d in /var/lib/dkms/hsmon/*/; do
		[ -d "$d" ] || continue
		d=${d%/}
		d=${d##*/}
		[[ $d == kernel-* ]] || echo "$d"
	done
}

# purge: remove both packages, in whatever state a failed run left them,
# and what DKMS still has of a version whose source no package holds.
purge() {
	local v
	for p in "${pkgs[@]}"; do
		installed "$p" || continue
		dpkg --purge --force-remove-reinstreq "$p" >>"$log" 2>&1 ||
			echo "deb-check: dpkg --purge $p failed" >>"$log"
	done
	for v in $(hsmon_dkms_versions); do
		if [ ! -e "/usr/src/hsmon-$v" ]; then
			dkms remove -m hsmon -v "$v" --all >>"$log" 2>&1
			rm -rf "/var/lib/dkms/hsmon/$v"
		fi
	done
	rmdir /var/lib/dkms/hsmon 2>/dev/null
	true
}

# The stock kernels DKMS must build for, by their release.
rels=()
for k in $(hsmon_kernels); do
	[ "$(hsmon_kernel "$k" kind)" = stock ] || continue
	rels+=("$(hsmon_stock_release "$(hsmon_kernel "$k" package)")")
done

# Whether DKMS's signing key was there before (DKMS makes one to sign
# with, and the check takes away the one it made).
mok_before=$(ls /var/lib/dkms/mok.key /var/lib/dkms/mok.pub 2>/dev/null)

# restore: each kernel's /lib/modules/RELEASE as it was before DKMS
# installed into it: no updates/, and, where only the kernel's headers
# are installed (no kernel/) and no module is left, none of the files
# depmod added.  And DKMS's key, if the check made it.
restore() {
	local r d f
	for r in "${rels[@]}"; do
		d=/lib/modules/$r
		[ -d "$d" ] || continue
		rmdir "$d/updates/dkms" "$d/updates" 2>/dev/null
		if [ ! -d "$d/kernel" ] && [ -z "$(find "$d" -name '*.ko*' -print -quit)" ]; then
			rm -f "$d"/modules.*
		fi
	done
	for f in /var/lib/dkms/mok.key /var/lib/dkms/mok.pub; do
		grep -qxF "$f" <<<"$mok_before" || rm -f "$f"
	done
	true
}

# shellcheck disable=SC2317 # called by the trap
cleanup() {
	purge
	restore
}
trap cleanup EXIT

# ---- what a previous run left -------------------------------------------

purge
left=$(hsmon_dkms_versions)
if [ -n "$left" ]; then
	fail "no hsmon in DKMS before" "hsmon ${left//$'\n'/ } is in DKMS, not from a package; remove it: dkms remove hsmon/VERSION --all"
	trap - EXIT
	finish
fi
ok "no hsmon package or DKMS entry left from before"

# ---- build -------------------------------------------------------------

if [ -n "${HSMON_DEB_PREBUILT:-}" ]; then
	ok "the packages of build/deb (HSMON_DEB_PREBUILT)"
elif "$HSMON_TOP/tests/scripts/deb.sh" >>"$log" 2>&1; then
	ok "make deb"
else
	fail "make deb" "see $log"
	finish
fi
dkms_deb=$(ls "$out"/hsmon-dkms_*_all.deb 2>/dev/null)
tools_deb=$(ls "$out"/hsmon-tools_*_"$(dpkg --print-architecture)".deb 2>/dev/null)
changes=$(ls "$out"/hsmon_*.changes 2>/dev/null | head -1)
if [ "$(echo "$dkms_deb" | grep -c .)" != 1 ] || [ "$(echo "$tools_deb" | grep -c .)" != 1 ]; then
	fail "one hsmon-dkms and one hsmon-tools in build/deb" "found: ${dkms_deb//$'\n'/ } ${tools_deb//$'\n'/ }"
	finish
fi
ver=$(dpkg-deb -f "$dkms_deb" Version)
if [ "$(dpkg-deb -f "$tools_deb" Version)" = "$ver" ]; then
	ok "hsmon-dkms and hsmon-tools $ver"
else
	fail "hsmon-dkms and hsmon-tools of one version" "$ver and $(dpkg-deb -f "$tools_deb" Version)"
fi

# ---- lintian -----------------------------------------------------------

# The .changes: the source package too, and the .buildinfo.
lint_in=("$dkms_deb" "$tools_deb")
[ -n "$changes" ] && lint_in=("$changes")
if lint=$(lintian --fail-on error,warning "${lint_in[@]}" 2>&1 |
	grep -v 'running with root privileges'; exit "${PIPESTATUS[0]}"); then
	ok "lintian: no error, no warning${lint:+ ($(echo "$lint" | grep -c .) other tags)}"
else
	fail "lintian: no error, no warning" "$(echo "$lint" | head -10)"
fi

# debian/hsmon-dkms.dkms is dkms.conf but for the version.
dkms_settings() {
	grep -E '^[A-Z_]+(\[[0-9]+\])?=' "$1" | grep -v '^PACKAGE_VERSION=' |
		sed 's/ HSMON_VERSION=[^ "]*//'
}
if d=$(diff <(dkms_settings "$HSMON_TOP/dkms.conf") \
	    <(dkms_settings "$HSMON_TOP/debian/hsmon-dkms.dkms")); then
	ok "debian/hsmon-dkms.dkms is dkms.conf but for the version"
else
	fail "debian/hsmon-dkms.dkms is dkms.conf but for the version" "$(echo "$d" | head -6)"
fi

# ---- install: DKMS builds for each kernel --------------------------------

if apt-get install -y --no-install-recommends "$dkms_deb" "$tools_deb" >>"$log" 2>&1 &&
   installed hsmon-dkms && installed hsmon-tools; then
	ok "apt-get install hsmon-dkms hsmon-tools"
else
	fail "apt-get install hsmon-dkms hsmon-tools" "see $log"
	finish
fi
if [ -f "/usr/src/hsmon-$ver/dkms.conf" ] && [ -f "/usr/src/hsmon-$ver/Kbuild" ]; then
	ok "the source in /usr/src/hsmon-$ver, with dkms.conf"
else
	fail "the source in /usr/src/hsmon-$ver, with dkms.conf" "$(ls "/usr/src/hsmon-$ver" 2>&1)"
fi

rm -rf "$out/ko"
for r in "${rels[@]}"; do
	st=$(dkms status -m hsmon -v "$ver" -k "$r" 2>>"$log")
	how="by the postinst"
	if ! grep -q ': installed' <<<"$st"; then
		echo "deb-check: dkms autoinstall -k $r" >>"$log"
		dkms autoinstall -k "$r" >>"$log" 2>&1
		st=$(dkms status -m hsmon -v "$ver" -k "$r" 2>>"$log")
		how="by dkms autoinstall"
	fi
	if ! grep -q ': installed' <<<"$st"; then
		fail "$r: DKMS built and installed hsmon $ver" "dkms status: ${st:-nothing}; see $log"
		continue
	fi
	ok "$r: DKMS built and installed hsmon $ver ($how)"
	ko=$(modinfo -k "$r" -n hsmon 2>/dev/null)
	case $ko in
	/lib/modules/"$r"/updates/dkms/hsmon.ko*)
		ok "$r: modprobe finds ${ko#/lib/modules/"$r"/}" ;;
	*)
		fail "$r: modprobe finds updates/dkms/hsmon.ko" "modinfo -k $r -n hsmon: ${ko:-nothing}"
		continue ;;
	esac
	vm=$(modinfo -F vermagic "$ko")
	mv=$(modinfo -F version "$ko")
	if [ "${vm%% *}" = "$r" ] && [ "$mv" = "$ver" ]; then
		ok "$r: vermagic $r, version $ver"
	else
		fail "$r: vermagic $r, version $ver" "vermagic '$vm', version '$mv'"
	fi
	mkdir -p "$out/ko/$r"
	case $ko in
	*.ko)    cp "$ko" "$out/ko/$r/hsmon.ko" ;;
	*.ko.xz) xz -dc "$ko" >"$out/ko/$r/hsmon.ko" ;;
	*.ko.zst) zstd -qdc "$ko" >"$out/ko/$r/hsmon.ko" ;;
	esac
	if [ -s "$out/ko/$r/hsmon.ko" ] &&
	   [ "$(modinfo -F vermagic "$out/ko/$r/hsmon.ko")" = "$vm" ]; then
		ok "$r: copied to build/deb/ko/$r/hsmon.ko"
	else
		fail "$r: copied to build/deb/ko/$r/hsmon.ko" "no such file, or another vermagic"
	fi
done

# ---- hsmon-tools ---------------------------------------------------------

v=$(/usr/sbin/hsmonstat --version 2>&1)
if [ "$v" = "hsmonstat $ver" ]; then
	ok "hsmonstat --version: $v"
else
	fail "hsmonstat --version is hsmonstat $ver" "$v"
fi
missing=
for f in /usr/share/man/man8/hsmonstat.8.gz /usr/share/man/man7/hsmon.7.gz \
	 /lib/systemd/system/hsmon-textfile.service /lib/systemd/system/hsmon-textfile.timer \
	 /etc/sysctl.d/60-hsmon.conf; do
	[ -s "$f" ] || missing="$missing $f"
done
if [ -z "$missing" ]; then
	ok "hsmon-tools: manual pages, systemd units, sysctl.d example"
else
	fail "hsmon-tools: manual pages, systemd units, sysctl.d example" "missing:$missing"
fi
if [ "$(grep -v -e '^#' -e '^$' /etc/modules-load.d/hsmon.conf 2>&1)" = hsmon ]; then
	ok "modules-load.d/hsmon.conf loads hsmon"
else
	fail "modules-load.d/hsmon.conf loads hsmon" "$(head -c 200 /etc/modules-load.d/hsmon.conf 2>&1)"
fi
if [ -f /etc/sysctl.d/60-hsmon.conf ] && ! grep -q -v -e '^#' -e '^$' /etc/sysctl.d/60-hsmon.conf &&
   grep -q '^#net\.hsmon\.' /etc/sysctl.d/60-hsmon.conf; then
	ok "sysctl.d/60-hsmon.conf: examples, all commented out"
else
	fail "sysctl.d/60-hsmon.conf: examples, all commented out" "a line that is not a comment, or no example"
fi
if out_v=$(systemd-analyze verify /lib/systemd/system/hsmon-textfile.service \
	   /lib/systemd/system/hsmon-textfile.timer 2>&1) && [ -z "$out_v" ]; then
	ok "systemd-analyze verify: the installed units"
else
	fail "systemd-analyze verify: the installed units" "$(echo "$out_v" | head -3)"
fi

# ---- purge: nothing left -------------------------------------------------

files=$( (dpkg-deb -c "$dkms_deb"; dpkg-deb -c "$tools_deb") | awk '$1 !~ /^d/ { print substr($6, 2) }')
if apt-get purge -y hsmon-dkms hsmon-tools >>"$log" 2>&1 &&
   ! installed hsmon-dkms && ! installed hsmon-tools; then
	ok "apt-get purge hsmon-dkms hsmon-tools"
else
	fail "apt-get purge hsmon-dkms hsmon-tools" "see $log"
fi
st=$(dkms status -m hsmon 2>&1)
if [ -z "$st" ] && [ ! -e /var/lib/dkms/hsmon ]; then
	ok "dkms status: no hsmon"
else
	fail "dkms status: no hsmon" "${st:-/var/lib/dkms/hsmon is left}"
fi
left=
for f in $files /usr/src/hsmon-"$ver" /usr/share/doc/hsmon-dkms /usr/share/doc/hsmon-tools; do
	[ -e "$f" ] && left="$left $f"
done
for r in "${rels[@]}"; do
	for f in /lib/modules/"$r"/updates/dkms/hsmon.ko*; do
		[ -e "$f" ] && left="$left $f"
	done
	modinfo -k "$r" -n hsmon >/dev/null 2>&1 && left="$left (modinfo -k $r finds hsmon)"
done
if [ -z "$left" ]; then
	ok "no file of either package, no hsmon.ko left"
else
	fail "no file of either package, no hsmon.ko left" "left:$left"
fi
restore
# what is in /lib/modules/RELEASE: the kernel's packages' files, and
# depmod's where the kernel's image is installed
odd=
for r in "${rels[@]}"; do
	for f in /lib/modules/"$r"/*; do
		[ -e "$f" ] || [ -L "$f" ] || continue
		case ${f##*/} in
		modules.*) [ -d "/lib/modules/$r/kernel" ] && continue ;;
		esac
		dpkg -S "$f" >/dev/null 2>&1 || odd="$odd $f"
	done
done
if [ -z "$odd" ]; then
	ok "/lib/modules/RELEASE of each kernel: only its packages' files (and depmod's)"
else
	fail "/lib/modules/RELEASE of each kernel: only its packages' files (and depmod's)" "also:$odd"
fi
finish
