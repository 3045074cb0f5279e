#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host test of hsmonstat on saved copies of hsmon's files (-d DIR): "make
# -C tools test" runs it as test_hsmonstat.sh PATH/TO/hsmonstat.
#
# hsmonstat/today/ holds the four files as today's module writes them, and
# hsmonstat/want/ what every output of hsmonstat must be for them, byte for
# byte.  No module, no root, no network; well under a second.
#
# One line per test, "ok" or "FAIL" and why; the last line is
# "N passed, N failed"; the exit status is 1 if any test failed.
set -u

stat=${1:?usage: $0 PATH/TO/hsmonstat}
src=$(cd "$(dirname "$0")/hsmonstat" && pwd)
tmp=$(mktemp -d)
passed=0
failed=0

trap 'rm -rf "$tmp"' EXIT

ok() {
	echo "ok   $1"
	passed=$((passed + 1))
}

fail() {
	echo "FAIL $1: $2"
	failed=$((failed + 1))
}

# expect NAME WANT ARGS...: hsmonstat ARGS exits 0, prints exactly the file
# WANT on stdout and nothing on stderr.
expect() {
	local name=$1 want=$2 rc

	shift 2
	"$stat" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" != 0 ]; then
		fail "$name" "exit status $rc: $(head -c 300 "$tmp/err")"
	elif [ -s "$tmp/err" ]; then
		fail "$name" "stderr: $(head -c 300 "$tmp/err")"
	elif ! cmp -s "$want" "$tmp/out"; then
		fail "$name" "output differs from $want:
$(diff "$want" "$tmp/out" | head -20)"
	else
		ok "$name"
	fi
}

# ---- today's module: every output exactly as before ---------------------

d=$src/today
w=$src/want
expect "table"			"$w/plain"	-d "$d"
expect "json"			"$w/json"	-d "$d" -j
expect "prometheus"		"$w/prom"	-d "$d" --prometheus
expect "prometheus --rtt --ports" "$w/promall"	-d "$d" --prometheus --rtt --ports
expect "rates table"		"$w/interval"	-d "$d" 0.01 2
expect "--ports"		"$w/ports"	-d "$d" --ports
expect "--ports -j"		"$w/portsj"	-d "$d" --ports -j
expect "--ports -f"		"$w/ports"	-f "$d/hsmon_ports" --ports
expect "--rtt"			"$w/rtt"	-d "$d" --rtt
expect "--sources"		"$w/sources"	-d "$d" --sources
expect "--sources -j"		"$w/sourcesj"	-d "$d" --sources -j

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
