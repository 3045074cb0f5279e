# SPDX-License-Identifier: GPL-2.0
#
# Sourced by the shell tests (tools/tests/test_*.sh, tests/scripts/
# fleet-check.sh): count what passes and fails, and end with the one
# line make check reads.

passed=0
failed=0

# ok WHAT
ok() {
	echo "ok   $1"
	passed=$((passed + 1))
}

# fail WHAT WHY
fail() {
	echo "FAIL $1: $2"
	failed=$((failed + 1))
}

# summary: "N passed, N failed"; true if nothing failed.
summary() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
