#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs in the test VM: the KUnit suites, then each scenario HSMON_SCENARIOS
# names (/etc/hsmon.conf) with hsmon freshly loaded, reporting one result
# line per scenario.  A scenario fails if it exits non-zero, asserts
# nothing, leaves hsmon impossible to unload, or if the kernel log shows a
# warning, oops, KASAN, lockdep or RCU report while it ran
# (/hsmon/splat.pattern).
#
# A scenario, tests/vm/NN-name.sh, is sourced with set -e once the
# standard topology is up (lib.sh's hs_setup: namespaces srv and cli);
# hs_teardown cleans up after it.  Lines of its opening comment ask for
# more or less:
#   # serve: PORT...   hsmon-pkt listeners in srv (hs_serve), before it runs
#   # setup: none      no topology: the scenario builds what it needs
#   # oracle: relaxed: REASON  not every connection is a completed handshake
#                      (late, untracked): hold hsmon to PassiveOpens =
#                      completed + late_ack + passive_untracked only
#   # oracle: none: REASON     no kernel oracle (hsmon is reloaded...)
#
# After a scenario the kernel judges (hs_judge): in srv and cli, the TCP
# stack's PassiveOpens must equal hsmon's completed (plus the twins the
# stack threw away, passive_duplicate).

. /etc/hsmon.conf
. /hsmon/vm/lib.sh

result() {
	echo "HSMON-RESULT: $1 $HSMON_TAG $2${3:+ ($3)}"
}

# hs_header FILE KEY: the value of a "# KEY: VALUE" line in FILE's opening
# comment.
hs_header() {
	awk -v k="# $2:" '
		!/^#/ { exit }
		index($0, k) == 1 { v = substr($0, length(k) + 1); gsub(/^[ \t]+|[ \t]+$/, "", v); print v }
	' "$1"
}

# hs_prepare FILE: what every scenario needs, and what FILE asks for.
hs_prepare() {
	[ "$(hs_header "$1" setup)" = none ] && return 0
	hs_setup
	for port in $(hs_header "$1" serve); do
		hs_serve "$port"
	done
}

# hs_judge FILE: after FILE ran, its namespaces' kernel counters against
# hsmon's, as its "# oracle:" line asks.
hs_judge() {
	oracle=$(hs_header "$1" oracle)
	case "$oracle" in
	none*) return 0 ;;
	relaxed*) strict=0 ;;
	*) strict=1 ;;
	esac
	for ns in srv cli; do
		[ -e "/run/netns/$ns" ] && hs_oracle "$ns" "$strict"
	done
	return 0
}

if [ -e /hsmon/hsmon_kunit.ko ]; then
	echo "HSMON-KUNIT-BEGIN"
	insmod /hsmon/hsmon.ko && insmod /hsmon/hsmon_kunit.ko
	rmmod hsmon_kunit
	rmmod hsmon
	echo "HSMON-KUNIT-END"
fi

for name in $HSMON_SCENARIOS; do
	s=/hsmon/vm/$name.sh
	dmesg -c >/dev/null
	rm -f "$HS_ASSERTS"
	echo "HSMON-SCENARIO: $name"
	why=""
	if ! insmod /hsmon/hsmon.ko; then
		result FAIL "$name" "insmod failed"
		continue
	fi
	(set -e; hs_prepare "$s"; . "$s"; hs_judge "$s") 2>&1
	rc=$?
	[ $rc -eq 0 ] || why="exit $rc"
	hs_teardown >/dev/null 2>&1
	if grep -q '^hsmon ' /proc/modules && ! rmmod hsmon; then
		why="${why:+$why, }rmmod failed"
	fi
	[ -s "$HS_ASSERTS" ] || why="${why:+$why, }no assertion"
	if dmesg | grep -E -f /hsmon/splat.pattern >/dev/null; then
		dmesg
		why="${why:+$why, }kernel report"
	fi
	if [ -z "$why" ]; then
		result PASS "$name" "$(wc -l <"$HS_ASSERTS") assertions"
	else
		result FAIL "$name" "$why"
	fi
done

# Every hsmon object is gone now: ask kmemleak (objects younger than
# 5 s are not reported, hence the wait).
if [ -w /sys/kernel/debug/kmemleak ]; then
	sleep 6
	echo scan >/sys/kernel/debug/kmemleak
	echo scan >/sys/kernel/debug/kmemleak
	if grep -q unreferenced /sys/kernel/debug/kmemleak; then
		cat /sys/kernel/debug/kmemleak
		result FAIL kmemleak "leak reported"
	else
		result PASS kmemleak
	fi
fi
