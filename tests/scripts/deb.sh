#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make deb: the Debian packages hsmon-dkms and hsmon-tools (debian/), built
# with debhelper and dh-dkms by dpkg-buildpackage from a copy of the source
# tree in build/deb/src/, so that nothing is written outside build/ and
# the work tree stays as it is.  The .debs, .changes and .buildinfo end up
# in build/deb/ (the older ones removed), then lintian checks them if it
# is installed.
#
# The version: 0.1, the number of commits and the commit, as in
# 0.1+91.gba6e9fd (or, once there are tags vX.Y, X.Y+5.gabcdef0 from git
# describe), with ".dirty" if tracked files differ from the commit;
# HSMON_DEB_VERSION sets another.  Needs debhelper, dh-dkms, python3
# (make deps installs them).
set -euo pipefail
. "$(dirname "$0")/common.sh"

out=$HSMON_OUT/deb
cd "$HSMON_TOP"

# deb_version: the packages' version, from git (see above).
deb_version() {
	local d
	if d=$(git describe --tags --match 'v[0-9]*' --dirty=.dirty 2>/dev/null); then
		# v0.2 -> 0.2; v0.2-5-gabc -> 0.2+5.gabc
		d=${d#v}
		d=${d/-/+}
		echo "${d/-/.}"
	elif d=$(git rev-parse --short HEAD 2>/dev/null); then
		d="0.1+$(git rev-list --count HEAD).g$d"
		git diff --quiet HEAD -- 2>/dev/null || d=$d.dirty
		echo "$d"
	else
		echo 0.1
	fi
}

for p in debhelper dh-dkms python3; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		die "$p is not installed (as root: make deps, or apt-get install $p)"
done

ver=${HSMON_DEB_VERSION:-$(deb_version)}
src=$out/src/hsmon-$ver
say "building hsmon-dkms and hsmon-tools $ver in $out"
rm -rf "$out/src"
rm -f "$out"/*.deb "$out"/*.changes "$out"/*.buildinfo "$out"/*.dsc "$out"/*.tar.xz
mkdir -p "$src"

# The files git knows of or would (not those it ignores), as they are in
# the work tree; a tracked file deleted there is left out.
git ls-files -z --cached --others --exclude-standard |
	while IFS= read -r -d '' f; do
		[ -e "$f" ] && printf '%s\0' "$f"
	done |
	tar --null -T - -cf - | tar -xf - -C "$src"
sed -i "1s/^hsmon ([^)]*)/hsmon ($ver)/" "$src/debian/changelog"

(cd "$src" && dpkg-buildpackage -us -uc) ||
	die "dpkg-buildpackage failed (the build tree: $src)"
mv "$out"/src/*.deb "$out"/src/*.changes "$out"/src/*.buildinfo "$out"/src/*.dsc "$out"/src/*.tar.xz "$out"/
rm -rf "$out/src"

if command -v lintian >/dev/null; then
	say "lintian"
	lintian --info "$out"/hsmon_"${ver}"_*.changes || true
fi
ls "$out"/*.deb
