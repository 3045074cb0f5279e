#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host test of the manual pages "make -C tools man" made:
# test_man.sh PATH/TO/hsmonstat MANDIR.  They format without a warning
# (groff -ww, if groff is installed), and they cannot have drifted from
# the program or the manual: every long option of "hsmonstat --help" is
# in hsmonstat(8), its SYNOPSIS is --help's, and every section title of
# Documentation/hsmon.rst is in one of the two pages.
#
# One line per test, "ok" or "FAIL" and why; the last line is
# "N passed, N failed"; the exit status is 1 if any test failed.
set -u

stat=${1:?usage: $0 PATH/TO/hsmonstat MANDIR}
man=${2:?usage: $0 PATH/TO/hsmonstat MANDIR}
rst=$(cd "$(dirname "$0")/../../Documentation" && pwd)/hsmon.rst
. "$(dirname "$0")/testlib.sh"

for page in hsmonstat.8 hsmon.7; do
	if [ ! -s "$man/$page" ]; then
		fail "$page made" "no $man/$page"
	elif ! command -v groff >/dev/null; then
		echo "skip $page: groff -ww (no groff)"
	elif out=$(LC_ALL=C.UTF-8 groff -man -Tutf8 -ww -z "$man/$page" 2>&1) && [ -z "$out" ]; then
		ok "$page: groff -man -ww, no warning"
	else
		fail "$page: groff -man -ww, no warning" "$(echo "$out" | head -5)"
	fi
done

# roff text of hsmonstat.8, options unescaped ("\-" as "-")
text=$(sed 's/\\-/-/g; s/\\f[BIR]//g' "$man/hsmonstat.8")
missing=
for opt in $("$stat" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
	grep -qF -- "$opt" <<<"$text" || missing="$missing $opt"
done
if [ -z "$missing" ]; then
	ok "hsmonstat.8: every long option of --help"
else
	fail "hsmonstat.8: every long option of --help" "missing:$missing"
fi

want=$("$stat" --help | sed -n '/^Usage:/,/^$/p' | sed 's/^Usage: //; s/^ *//; /^$/d')
got=$(sed -n '/^\.SH SYNOPSIS/,/^\.fi/p' "$man/hsmonstat.8" | sed '1,2d; $d' | sed 's/\\-/-/g')
if [ "$want" = "$got" ]; then
	ok "hsmonstat.8: SYNOPSIS is --help's"
else
	fail "hsmonstat.8: SYNOPSIS is --help's" "$(diff <(echo "$want") <(echo "$got") | head -5)"
fi

missing=
while IFS= read -r title; do
	t=$(tr '[:lower:]' '[:upper:]' <<<"$title")
	grep -qF -e "$title" -e "$t" "$man/hsmon.7" "$man/hsmonstat.8" || missing="$missing '$title'"
done < <(grep -B1 -E '^(=+|-+)$' "$rst" | grep -vE '^(=+|-+|--|)$' | sed 1d)
if [ -z "$missing" ]; then
	ok "every section of the manual is in a page"
else
	fail "every section of the manual is in a page" "missing:$missing"
fi

summary
