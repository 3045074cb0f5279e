#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host test of hsmonstat on saved copies of hsmon's files (-d DIR): "make
# -C tools test" runs it as test_hsmonstat.sh PATH/TO/hsmonstat.
#
# hsmonstat/today/ holds the four files as today's module writes them, and
# hsmonstat/want/ what every output of hsmonstat must be for them, byte for
# byte.  hsmonstat/newer/ is hsmon and hsmon_ports of a module with one
# outcome more, future_outcome (made up), which hsmonstat has never heard
# of: it must show up as an outcome everywhere, a column NAME/s in the
# rates table.  Last, what hsmonstat does without hsmon_ports to name the
# outcomes.  No module, no root, no network; well under a second.
#
# One line per test, "ok" or "FAIL" and why; the last line is
# "N passed, N failed"; the exit status is 1 if any test failed.
set -u

stat=${1:?usage: $0 PATH/TO/hsmonstat}
src=$(cd "$(dirname "$0")/hsmonstat" && pwd)
tmp=$(mktemp -d)
. "$(dirname "$0")/testlib.sh"

trap 'rm -rf "$tmp"' EXIT

# expect_warn NAME WANT WARNING ARGS...: hsmonstat ARGS exits 0, prints
# exactly the file WANT on stdout, and on stderr one line that has WARNING
# (a grep -E pattern), or nothing if WARNING is empty.
expect_warn() {
	local name=$1 want=$2 warning=$3 rc

	shift 3
	"$stat" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" != 0 ]; then
		fail "$name" "exit status $rc: $(head -c 300 "$tmp/err")"
	elif [ -z "$warning" ] && [ -s "$tmp/err" ]; then
		fail "$name" "stderr: $(head -c 300 "$tmp/err")"
	elif [ -n "$warning" ] && { [ "$(wc -l <"$tmp/err")" != 1 ] ||
				    ! grep -Eq -- "$warning" "$tmp/err"; }; then
		fail "$name" "stderr '$(head -c 300 "$tmp/err")', expected one line with '$warning'"
	elif ! cmp -s "$want" "$tmp/out"; then
		fail "$name" "output differs from $want:
$(diff "$want" "$tmp/out" | head -20)"
	else
		ok "$name"
	fi
}

# expect NAME WANT ARGS...: the same with nothing on stderr.
expect() {
	local name=$1 want=$2

	shift 2
	expect_warn "$name" "$want" "" "$@"
}

# has NAME PATTERN ARGS...: hsmonstat ARGS prints a line matching PATTERN
# (grep -E, whole line) exactly once.
has() {
	local name=$1 pattern=$2 n

	shift 2
	n=$("$stat" "$@" 2>&1 | grep -Ecx -- "$pattern")
	if [ "$n" = 1 ]; then
		ok "$name"
	else
		fail "$name" "$n lines '$pattern' in the output of hsmonstat $*"
	fi
}

# hasnt NAME PATTERN ARGS...: no line of hsmonstat ARGS matches PATTERN.
hasnt() {
	local name=$1 pattern=$2 n

	shift 2
	n=$("$stat" "$@" 2>&1 | grep -Ec -- "$pattern")
	if [ "$n" = 0 ]; then
		ok "$name"
	else
		fail "$name" "$n lines '$pattern' in the output of hsmonstat $*"
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

# ---- a newer module: an outcome more, future_outcome ----------------------

n=$src/newer
expect "newer: table"		"$w/newer-table"	-d "$n"
expect "newer: json"		"$w/newer-json"		-d "$n" -j
expect "newer: prometheus"	"$w/newer-prom"		-d "$n" --prometheus
expect "newer: prometheus --ports" "$w/newer-promports"	-d "$n" --prometheus --ports
expect "newer: rates table"	"$w/newer-interval"	-d "$n" 0.01 2
expect "newer: --ports"		"$w/newer-ports"	-d "$n" --ports
expect "newer: --ports -j"	"$w/newer-portsj"	-d "$n" --ports -j
# what those files say, for the reader
has "newer: an outcome in prometheus" \
	'hsmon_handshakes_total\{outcome="future_outcome"\} 3' -d "$n" --prometheus
hasnt "newer: not an event in prometheus" 'event="future_outcome"' -d "$n" --prometheus
n_outcomes=$("$stat" -d "$n" --prometheus | grep -c '^hsmon_handshakes_total{')
if [ "$n_outcomes" = 9 ]; then
	ok "newer: 9 outcomes in prometheus"
else
	fail "newer: 9 outcomes in prometheus" "$n_outcomes hsmon_handshakes_total samples"
fi
has "newer: per port in prometheus" \
	'hsmon_port_handshakes_total\{port="other",outcome="future_outcome"\} 1' \
	-d "$n" --prometheus --ports
has "newer: a column of the rates table" \
	' +syn/s .* sdrop/s future_outcome/s +inprog +entries' -d "$n" 0.01 1
has "newer: json" '\{.*"syn_dropped":2,"future_outcome":3,"bad_ack":1,.*\}' -d "$n" -j
has "newer: json rates" '\{.*"rates":\{.*"future_outcome":0\.000,.*\}.*\}' -d "$n" -j 0.01 1
has "newer: --ports -j" '\[\{"port":"8080",.*"syn_dropped":0,"future_outcome":1\},.*\]' \
	-d "$n" --ports -j

# ---- no hsmon_ports: the outcomes unknown, what needs them left out -------

u=$tmp/unknown
mkdir "$u" && cp "$d/hsmon" "$u/"
expect_warn "no hsmon_ports: prometheus" "$w/unknown-prom" \
	'^hsmonstat: .*/hsmon_ports: No such file.*outcomes.*unknown.*hsmon_handshakes_total and hsmon_events_total left out$' \
	-d "$u" --prometheus
expect_warn "no hsmon_ports: rates table" "$w/unknown-interval" \
	'^hsmonstat: .*/hsmon_ports: No such file.*outcomes.*unknown.*syn/s and the gauges only' \
	-d "$u" 0.01 2
expect_warn "-f: prometheus" "$w/unknown-prom" \
	"^hsmonstat: -f $d/hsmon: no hsmon_ports.*outcomes.*left out\$" \
	-f "$d/hsmon" --prometheus
expect_warn "-f: rates table" "$w/unknown-interval" "^hsmonstat: -f .*outcomes" \
	-f "$d/hsmon" 0.01 2
expect "no hsmon_ports: table"	"$w/plain"	-d "$u"
expect "no hsmon_ports: json"	"$w/json"	-d "$u" -j
printf 'port syn\nother 0\n' >"$u/hsmon_ports"
expect_warn "hsmon_ports malformed: prometheus" "$w/unknown-prom" \
	"^hsmonstat: $u/hsmon_ports: line 1: expected the header .*outcomes.*left out\$" \
	-d "$u" --prometheus

# ---- --all-netns on a made-up /proc and /var/run/netns -------------------
#
# proc/1 and proc/30 share a namespace (a hard link stands for the one
# nsfs inode), proc/20 is in "blue" (ip netns), proc/40 in a docker
# container; blue has the newer module's files.  Inodes differ from run
# to run: the outputs have INO1, INO40 and INOBLUE for them.

a=$tmp/all
mkdir -p "$a/netns" "$a/proc/1/ns" "$a/proc/20/ns" "$a/proc/30/ns" "$a/proc/40/ns"
: >"$a/netns/blue"
: >"$a/proc/1/ns/net"
: >"$a/proc/40/ns/net"
ln "$a/netns/blue" "$a/proc/20/ns/net"
ln "$a/proc/1/ns/net" "$a/proc/30/ns/net"
cp -r "$d" "$a/proc/1/net"
cp -r "$n" "$a/proc/20/net"
cp "$d/hsmon_rtt" "$a/proc/20/net/"
cp -r "$d" "$a/proc/40/net"
echo "0::/init.scope" >"$a/proc/1/cgroup"
echo "0::/system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope" \
	>"$a/proc/40/cgroup"
mkdir "$a/proc/self" "$a/proc/sys"
inodes="s/$(stat -c %i "$a/proc/1/ns/net")/INO1/g;s/$(stat -c %i "$a/proc/40/ns/net")/INO40/g"
inodes="$inodes;s/$(stat -c %i "$a/netns/blue")/INOBLUE/g"

# expect_all NAME WANT WARNING ARGS...: as expect_warn, hsmonstat reading
# the made-up tree, inodes replaced.
expect_all() {
	local name=$1 want=$2 warning=$3 rc

	shift 3
	HSMONSTAT_PROC=$a/proc HSMONSTAT_NETNS_DIR=$a/netns "$stat" "$@" >"$tmp/raw" 2>"$tmp/err"
	rc=$?
	sed "$inodes" "$tmp/raw" >"$tmp/out"
	if [ "$rc" != 0 ]; then
		fail "$name" "exit status $rc: $(head -c 300 "$tmp/err")"
	elif [ -z "$warning" ] && [ -s "$tmp/err" ]; then
		fail "$name" "stderr: $(head -c 300 "$tmp/err")"
	elif [ -n "$warning" ] && ! grep -Eq -- "$warning" "$tmp/err"; then
		fail "$name" "stderr '$(head -c 300 "$tmp/err")', expected '$warning'"
	elif ! cmp -s "$want" "$tmp/out"; then
		fail "$name" "output differs from $want:
$(diff "$want" "$tmp/out" | head -20)"
	else
		ok "$name"
	fi
}

expect_all "--all-netns: table"	"$w/all-table"	"" --all-netns
expect_all "--all-netns: json"	"$w/all-json"	"" --all-netns -j
expect_all "--all-netns: prometheus" "$w/all-prom" "" --all-netns --prometheus --rtt --ports
if promtool=$(command -v promtool); then
	if "$promtool" check metrics <"$w/all-prom" >"$tmp/lint" 2>&1; then
		ok "--all-netns: promtool check metrics"
	else
		fail "--all-netns: promtool check metrics" "$(head -5 "$tmp/lint")"
	fi
fi

# A namespace no process is in, and not one (a stale file): skipped, said.
: >"$a/netns/green"
expect_all "--all-netns: not a namespace, skipped" "$w/all-table" \
	"netns/green is not a network namespace: skipped" --all-netns
rm "$a/netns/green"

# A namespace that vanishes while it is read: proc/60's hsmon is a FIFO
# whose writer removes proc/60/ns/net before it writes (the process
# exited): hsmonstat reads it all, then finds the namespace gone.
mkdir -p "$a/proc/60/ns" "$a/proc/60/net"
: >"$a/proc/60/ns/net"
cp "$d/hsmon_ports" "$d/hsmon_rtt" "$a/proc/60/net/"
mkfifo "$a/proc/60/net/hsmon"
(exec 3>"$a/proc/60/net/hsmon"; rm "$a/proc/60/ns/net"; cat "$d/hsmon" >&3) &
writer=$!
expect_all "--all-netns: vanished while read, skipped" "$w/all-prom" "" \
	--all-netns --prometheus --rtt --ports
kill "$writer" 2>/dev/null
wait "$writer" 2>/dev/null
rm -r "$a/proc/60"

# A namespace whose hsmon is missing though it is there: an error.
mkdir -p "$a/proc/70/ns" "$a/proc/70/net"
: >"$a/proc/70/ns/net"
HSMONSTAT_PROC=$a/proc HSMONSTAT_NETNS_DIR=$a/netns "$stat" --all-netns >/dev/null 2>"$tmp/err"
rc=$?
if [ "$rc" = 1 ] && grep -q "proc/70/net/hsmon: No such file.*is the hsmon module loaded" "$tmp/err"; then
	ok "--all-netns: no hsmon in a namespace"
else
	fail "--all-netns: no hsmon in a namespace" "exit $rc: $(cat "$tmp/err")"
fi
rm -r "$a/proc/70"

for args in "-n x" "-d $d" "-f $d/hsmon" "1" "--sources" "--ports" "--rtt -j"; do
	# shellcheck disable=SC2086
	"$stat" --all-netns $args >/dev/null 2>&1
	rc=$?
	if [ "$rc" = 2 ]; then
		ok "--all-netns $args: usage error"
	else
		fail "--all-netns $args: usage error" "exit status $rc"
	fi
done

# ---- -o FILE: a temporary file, renamed ----------------------------------

# no_tmp NAME DIR: no FILE.tmp.PID left in DIR
no_tmp() {
	if compgen -G "$2/*.tmp.*" >/dev/null; then
		fail "$1" "a temporary file is left: $(ls "$2")"
	else
		ok "$1"
	fi
}

o=$tmp/out-dir
mkdir "$o"
"$stat" -d "$d" --prometheus --rtt --ports -o "$o/hsmon.prom" >"$tmp/stdout" 2>"$tmp/err"
rc=$?
if [ "$rc" = 0 ] && [ ! -s "$tmp/stdout" ] && [ ! -s "$tmp/err" ] &&
   cmp -s "$w/promall" "$o/hsmon.prom"; then
	ok "-o: the file has the output, stdout nothing"
else
	fail "-o: the file has the output, stdout nothing" "exit $rc, $(head -c 300 "$tmp/err")"
fi
mode=$(stat -c %a "$o/hsmon.prom")
if [ "$mode" = 644 ]; then
	ok "-o: mode 644 whatever the umask"
else
	fail "-o: mode 644 whatever the umask" "mode $mode"
fi
no_tmp "-o: no temporary file left" "$o"
# replaced by a rename: a new inode, never the old file rewritten
before=$(stat -c %i "$o/hsmon.prom")
(umask 077; "$stat" -d "$d" -o "$o/hsmon.prom")
if [ "$(stat -c %i "$o/hsmon.prom")" != "$before" ] && cmp -s "$w/plain" "$o/hsmon.prom" &&
   [ "$(stat -c %a "$o/hsmon.prom")" = 644 ]; then
	ok "-o: replaced by a rename"
else
	fail "-o: replaced by a rename" "same inode, or content or mode wrong"
fi

# A write error (a full disk; here a file size limit of 1 KiB, SIGXFSZ
# ignored so that write() fails with EFBIG): exit 1, the old file kept,
# no temporary file left.
cp "$w/prom" "$o/hsmon.prom"
(trap '' XFSZ; ulimit -f 1; exec "$stat" -d "$d" --prometheus --rtt --ports -o "$o/hsmon.prom") \
	2>"$tmp/err"
rc=$?
if [ "$rc" = 1 ] && cmp -s "$w/prom" "$o/hsmon.prom" && grep -q "write error" "$tmp/err"; then
	ok "-o: write error: exit 1, old file kept"
else
	fail "-o: write error: exit 1, old file kept" "exit $rc: $(head -c 300 "$tmp/err")"
fi
no_tmp "-o: write error: no temporary file left" "$o"

# A read error after the temporary file was made: the same.
"$stat" -d "$tmp/nowhere" --prometheus -o "$o/hsmon.prom" 2>/dev/null
rc=$?
if [ "$rc" = 1 ] && cmp -s "$w/prom" "$o/hsmon.prom"; then
	ok "-o: read error: exit 1, old file kept"
else
	fail "-o: read error: exit 1, old file kept" "exit $rc"
fi
no_tmp "-o: read error: no temporary file left" "$o"

# The rename fails (FILE is a directory that is not empty).
mkdir -p "$o/dir.prom/x"
"$stat" -d "$d" --prometheus -o "$o/dir.prom" 2>"$tmp/err"
rc=$?
if [ "$rc" = 1 ] && grep -q "cannot rename" "$tmp/err" && [ -d "$o/dir.prom/x" ]; then
	ok "-o: rename error: exit 1"
else
	fail "-o: rename error: exit 1" "exit $rc: $(head -c 300 "$tmp/err")"
fi
no_tmp "-o: rename error: no temporary file left" "$o"

# A directory we may not write in: as a user, a mode 555 directory; as
# root, which may write anywhere, as nobody (setpriv) in root's directory.
u=$tmp/ro
mkdir "$u"
cp "$w/prom" "$u/hsmon.prom"
as=()
if [ "$(id -u)" = 0 ]; then
	as=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	chmod 755 "$u" && chmod 711 "$tmp"
else
	chmod 555 "$u"
fi
if [ "$(id -u)" = 0 ] && ! command -v setpriv >/dev/null; then
	echo "skip -o: unwritable directory (root without setpriv)"
else
	"${as[@]}" "$stat" -d "$d" --prometheus -o "$u/hsmon.prom" 2>"$tmp/err"
	rc=$?
	if [ "$rc" = 1 ] && cmp -s "$w/prom" "$u/hsmon.prom" &&
	   grep -q "cannot create a temporary file.*Permission denied" "$tmp/err"; then
		ok "-o: unwritable directory: exit 1, old file kept"
	else
		fail "-o: unwritable directory: exit 1, old file kept" \
			"exit $rc: $(head -c 300 "$tmp/err")"
	fi
	no_tmp "-o: unwritable directory: no temporary file left" "$u"
fi
chmod 755 "$u"

"$stat" -d "$d" -o "$o/x" 1 >/dev/null 2>&1
rc=$?
if [ "$rc" = 2 ]; then
	ok "-o with INTERVAL: usage error"
else
	fail "-o with INTERVAL: usage error" "exit status $rc"
fi

summary
