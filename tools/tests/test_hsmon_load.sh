#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host smoke test of hsmon-load over loopback: "make -C tools test" runs it
# as test_hsmon_load.sh PATH/TO/hsmon-load.  A server on 127.0.0.1 (and ::1
# if the host has it), a one-second load against it that must complete
# connections and fail none, then the same against the port closed, which
# must complete none, fail some and exit 1.  About 3 s.
#
# One line per test, "ok" or "FAIL" and why; the last line is
# "N passed, N failed"; the exit status is 1 if any test failed.
set -u

load=${1:?usage: $0 PATH/TO/hsmon-load}
# Outside the default ephemeral range (32768-60999), so that no connect to
# the closed port can pick it as its own source port and connect to itself.
port=62111
tmp=$(mktemp -d)
server=
. "$(dirname "$0")/testlib.sh"

cleanup() {
	[ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# start_server ADDR: start "serve ADDR $port", wait up to 2 s for its
# "listening" line; 0 once listening, 1 if it exited first, 2 on timeout.
start_server() {
	local _

	"$load" serve "$1" "$port" >"$tmp/serve.out" 2>"$tmp/serve.err" &
	server=$!
	for _ in $(seq 40); do
		grep -qx "serve: listening on $1 port $port" "$tmp/serve.out" && return 0
		kill -0 "$server" 2>/dev/null || { wait "$server"; server=; return 1; }
		sleep 0.05
	done
	return 2
}

# stop_server: SIGTERM, which must end it with status 0; set accepted to
# the number of connections it says it accepted.
stop_server() {
	local rc

	kill -TERM "$server"
	wait "$server"
	rc=$?
	server=
	accepted=$(sed -n 's/^hsmon-load: serve: \([0-9]*\) connections accepted, .*/\1/p' \
		"$tmp/serve.err")
	[ "$rc" -eq 0 ]
}

# run_load NAME ARGS...: run "connect ARGS", set rc, n and f from its line.
run_load() {
	local name=$1 out
	local re='^load: ([0-9]+) connections in [0-9]+\.[0-9]{3} s \(([0-9]+)/s\), ([0-9]+) failed$'

	shift
	out=$("$load" connect "$@" 2>"$tmp/connect.err")
	rc=$?
	if [[ ! $out =~ $re ]]; then
		fail "$name" "unexpected output '$out' (exit $rc, stderr: $(cat "$tmp/connect.err"))"
		return 1
	fi
	n=${BASH_REMATCH[1]} f=${BASH_REMATCH[3]}
	echo "     $out"
}

# test_family NAME ADDR CLOSED: load against a server on ADDR; if CLOSED is
# 1, also against the port once the server is gone.
test_family() {
	local name=$1 addr=$2 closed=$3

	n='' f='' rc=''
	start_server "$addr"
	case $? in
	0) ;;
	1)
		fail "$name serve" "exited: $(cat "$tmp/serve.err")"
		return
		;;
	*)
		fail "$name serve" "no 'listening' line within 2 s"
		kill "$server"
		wait "$server"
		server=
		return
		;;
	esac
	ok "$name serve"

	if run_load "$name load" -s 1 -c 4 "$addr" "$port"; then
		if [ "$rc" -eq 0 ] && [ "$n" -gt 0 ] && [ "$f" -eq 0 ]; then
			ok "$name load"
		else
			fail "$name load" "exit $rc, $n completed, $f failed ($(cat "$tmp/connect.err"))"
		fi
	fi

	if ! stop_server; then
		fail "$name serve stop" "SIGTERM did not end it with status 0"
	elif [ -z "$accepted" ] || [ "$accepted" -lt "${n:-0}" ]; then
		fail "$name serve stop" "accepted '$accepted', client completed ${n:-?}"
	else
		ok "$name serve stop"
	fi

	[ "$closed" = 1 ] || return
	if run_load "$name closed port" -s 1 "$addr" "$port"; then
		if [ "$rc" -eq 1 ] && [ "$n" -eq 0 ] && [ "$f" -gt 0 ]; then
			ok "$name closed port"
		else
			fail "$name closed port" "exit $rc, $n completed, $f failed (expected 1, 0, > 0)"
		fi
	fi
}

test_family ipv4 127.0.0.1 1
if grep -q '^0\{31\}1 ' /proc/net/if_inet6 2>/dev/null; then
	test_family ipv6 ::1 0
else
	echo "skip ipv6: no ::1 on this host"
fi

"$load" connect -c 0 127.0.0.1 "$port" 2>/dev/null
rc=$?
if [ "$rc" -eq 2 ]; then
	ok "usage error"
else
	fail "usage error" "exit $rc for -c 0, expected 2"
fi

summary
