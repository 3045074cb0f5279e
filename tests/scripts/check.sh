#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check: every test hsmon has, on the kernels of tests/kernels marked
# "check":
#
#   debug kernels  built from source with KUnit and the debug options:
#                  KUnit suites, VM scenarios, kmemleak scan
#   stock kernels  Debian's own: VM scenarios
#
# and on the host, the tools' unit tests, the fuzz target, contrib/'s
# checks and the Debian packages (built, installed, DKMS-built for the
# stock kernels, whose VMs then load that hsmon.ko, and purged).  Each
# item (KUnit case, scenario, clean kernel log, module build, acyclic
# call graph) counts once per kernel.  Ends with one line
# "N passed, N failed"; exits non-zero on any failure.
# HSMON_KERNELS="debug 6.1" limits the kernels (tags of tests/kernels),
# HSMON_SCENARIOS="02 16" the VM scenarios (globs matched against the
# start of their names, see common.sh); HSMON_HOST_TESTS=0 skips the
# host's tests.
set -uo pipefail
. "$(dirname "$0")/common.sh"

passed=0
failed=0
failures=()

pass() { passed=$((passed + $1)); }
fail() {
	failed=$((failed + 1))
	failures+=("$1")
	echo "FAIL: $1" >&2
}

# count_kunit TAG LOG SRC: the KUnit results in a console log, through the
# parser of the kernel source SRC.
count_kunit() {
	local tag=$1 log=$2 src=$3 out line p f c
	# Only what our module printed: the kernel prints an empty KTAP
	# document of its own at boot.
	out=$(sed -n '/^HSMON-KUNIT-BEGIN/,/^HSMON-KUNIT-END/p' "$log" |
		python3 "$src/tools/testing/kunit/kunit.py" parse 2>&1)
	echo "$out" >"${log%.log}.kunit.txt"
	line=$(echo "$out" | grep -o 'Ran [0-9]* tests: .*' | tail -n 1)
	if [ -z "$line" ] || echo "$line" | grep -q 'errors:'; then
		fail "$tag: KUnit results missing (see ${log%.log}.kunit.txt)"
		return
	fi
	say "$tag: KUnit: $line"
	p=$(echo "$line" | grep -o 'passed: [0-9]*' | grep -o '[0-9]*')
	f=$(echo "$line" | grep -o 'failed: [0-9]*' | grep -o '[0-9]*')
	c=$(echo "$line" | grep -o 'crashed: [0-9]*' | grep -o '[0-9]*')
	pass "${p:-0}"
	for _ in $(seq 1 $((${f:-0} + ${c:-0}))); do
		fail "$tag: a KUnit case (see ${log%.log}.kunit.txt)"
	done
}

# count_scenarios TAG LOG NAME...: the results of the scenarios NAME in a
# console log, its kmemleak scan and whether the kernel log is clean.
count_scenarios() {
	local tag=$1 log=$2 name line
	shift 2
	for name in "$@"; do
		line=$(grep -a "^HSMON-RESULT: [A-Z]* $tag $name\b" "$log" | tail -n 1)
		case "$line" in
		"HSMON-RESULT: PASS "*) pass 1 ;;
		"") fail "$tag: $name: no result (VM died?)" ;;
		*) fail "$tag: $name: ${line#HSMON-RESULT: FAIL $tag $name }" ;;
		esac
	done
	line=$(grep -a "^HSMON-RESULT: [A-Z]* $tag kmemleak" "$log" | tail -n 1)
	case "$line" in
	"") ;;
	"HSMON-RESULT: PASS "*) pass 1 ;;
	*) fail "$tag: kmemleak reported a leak" ;;
	esac
	if hsmon_splat "$log" >/dev/null; then
		fail "$tag: kernel log has a warning or report: $(hsmon_splat "$log" | head -n 1)"
	elif grep -aq '^HSMON-DONE' "$log"; then
		pass 1
	else
		fail "$tag: the VM did not finish"
	fi
}

# count_summary WHAT LOG: add up the "N passed, N failed" lines in LOG.
count_summary() {
	local what=$1 log=$2 line f found=0
	while read -r line; do
		found=1
		pass "${line%% passed*}"
		f=${line#*passed, }
		for _ in $(seq 1 "${f%% failed}"); do
			fail "$what (see $log)"
		done
	done < <(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log")
	[ $found = 1 ] || fail "$what did not run (see $log)"
}

# host_tests: no VM: the tools' unit tests, the fuzz target over the
# module's parser and state machine, and contrib/'s Prometheus rules,
# dashboard and systemd units.
host_tests() {
	say "host unit tests of the tools"
	make -s -C "$HSMON_TOP/tools" test O="$HSMON_OUT/host-tests" >"$HSMON_OUT/host-tests.log" 2>&1 ||
		fail "host tests: make test failed (see $HSMON_OUT/host-tests.log)"
	count_summary "host tests" "$HSMON_OUT/host-tests.log"
	say "fuzzing the parser and the state machine (libFuzzer)"
	make -s -C "$HSMON_TOP/tests/fuzz" run O="$HSMON_OUT/fuzz" >"$HSMON_OUT/fuzz-run.log" 2>&1
	count_summary "fuzzing" "$HSMON_OUT/fuzz-run.log"
	say "fleet checks: alert rules, dashboard, systemd units (contrib/)"
	"$HSMON_TOP/tests/scripts/fleet-check.sh" >"$HSMON_OUT/fleet-check.log" 2>&1
	count_summary "fleet checks" "$HSMON_OUT/fleet-check.log"
	say "Debian packages: make deb, lintian, DKMS for the stock kernels, purge"
	"$HSMON_TOP/tests/scripts/deb-check.sh" >"$HSMON_OUT/deb-check.out" 2>&1
	count_summary "Debian packages" "$HSMON_OUT/deb-check.out"
}

# run_kernel TAG TCG KDIR IMAGE KUNIT_SRC SCENARIOS [EXTRA.ko...]: build
# hsmon against KDIR, boot IMAGE on TCG (multi or single) with it, the
# EXTRA modules and the scenarios named in SCENARIOS (one a line), and
# count the results.  KUNIT_SRC is the kernel source whose parser reads
# the KUnit results, empty for a kernel without KUnit.
run_kernel() {
	local tag=$1 tcg=$2 kdir=$3 image=$4 kunit_src=$5 scenarios=$6
	shift 6
	local dir=$HSMON_OUT/$tag t0
	mkdir -p "$dir"
	say "$tag: building hsmon against $kdir"
	if ! "$HSMON_TOP/tests/scripts/build-module.sh" "$kdir" "$dir/module"; then
		fail "$tag: module build"
		return
	fi
	pass 1
	# A stock kernel boots the hsmon.ko that DKMS built from the
	# hsmon-dkms package (deb-check.sh); this build still checks W=1.
	if [ -n "${HSMON_DKMS_KO:-}" ]; then
		if [ -f "$HSMON_DKMS_KO" ]; then
			say "$tag: the VM loads the DKMS-built $HSMON_DKMS_KO"
			cp "$HSMON_DKMS_KO" "$dir/module/hsmon.ko"
		else
			fail "$tag: no DKMS-built hsmon.ko ($HSMON_DKMS_KO)"
		fi
	fi
	# No file of module/ calls into one that calls back into it.
	if "$HSMON_TOP/tests/scripts/callgraph.sh" "$dir/module" >"$dir/callgraph.txt" 2>&1; then
		pass 1
	else
		fail "$tag: module/ has a call cycle (see $dir/callgraph.txt)"
	fi
	"$HSMON_TOP/tests/scripts/mkinitramfs.sh" "$dir/initramfs.cpio.gz" check "$tag" \
		"$dir/module" "$HSMON_OUT/tools" "$@" || { fail "$tag: initramfs"; return; }
	say "$tag: booting $image ($tcg-threaded TCG)"
	t0=$SECONDS
	# The debug kernel's VM runs every scenario in about 16 minutes (KASAN
	# under emulation); a hung VM is still killed, after 30.
	HSMON_TCG_THREAD=$tcg HSMON_VM_TIMEOUT=${HSMON_VM_TIMEOUT:-1800} \
		"$HSMON_TOP/tests/scripts/vm-run.sh" "$image" "$dir/initramfs.cpio.gz" "$dir/console.log"
	say "$tag: VM ran $((SECONDS - t0)) s; console log: $dir/console.log"
	[ -z "$kunit_src" ] || count_kunit "$tag" "$dir/console.log" "$kunit_src"
	# shellcheck disable=SC2086
	count_scenarios "$tag" "$dir/console.log" $scenarios
}

# check_kernel TAG SCENARIOS: find or build kernel TAG of tests/kernels,
# then run_kernel.
check_kernel() {
	local tag=$1 scenarios=$2 tcg kd out info
	tcg=$(hsmon_kernel "$tag" tcg)
	case $(hsmon_kernel "$tag" kind) in
	debug)
		kd=$("$HSMON_TOP/tests/scripts/kunit-kernel.sh" "$tag") ||
			{ fail "$tag: kernel build"; return; }
		run_kernel "$tag" "$tcg" "$kd" "$kd/arch/x86/boot/bzImage" "$kd/source" "$scenarios"
		;;
	stock)
		out=$("$HSMON_TOP/tests/scripts/stock-kernel.sh" "$tag") ||
			{ fail "$tag: stock kernel"; return; }
		mapfile -t info <<<"$out"
		# What DKMS built in host_tests, when they ran (not a stale one).
		HSMON_DKMS_KO=$([ "${HSMON_HOST_TESTS:-1}" = 0 ] ||
			echo "$HSMON_OUT/deb/ko/${info[0]}/hsmon.ko") \
			run_kernel "$tag" "$tcg" "${info[1]}" "${info[2]}/vmlinuz" "" "$scenarios" \
			"${info[2]}/veth.ko" "${info[2]}/vrf.ko"
		;;
	*)
		die "$tag: unknown kind of kernel in tests/kernels"
		;;
	esac
}

# report_figures TAG...: the figures the scenarios measured on these
# kernels (SYN flood rates, table peaks, ...) into build/figures.txt.
report_figures() {
	local tag logs=()
	for tag in "$@"; do
		logs+=("$HSMON_OUT/$tag/console.log")
	done
	grep -ah '^HSMON-FIGURE: ' "${logs[@]}" 2>/dev/null |
		sed 's/^HSMON-FIGURE: //' | tr -d '\r' >"$HSMON_OUT/figures.txt"
	[ -s "$HSMON_OUT/figures.txt" ] && say "figures: $HSMON_OUT/figures.txt" &&
		sed 's/^/   /' "$HSMON_OUT/figures.txt" >&2
	return 0
}

main() {
	local kernels scenarios k
	kernels=${HSMON_KERNELS:-$(hsmon_kernels check)}
	for k in $kernels; do
		hsmon_kernel "$k" kind >/dev/null || exit 1
	done
	scenarios=$(hsmon_scenario_names)
	[ -n "$scenarios" ] || die "HSMON_SCENARIOS=\"${HSMON_SCENARIOS:-}\" names no scenario of tests/vm"
	[ -z "${HSMON_SCENARIOS:-}" ] || say "scenarios: $(echo "$scenarios" | tr '\n' ' ')"

	mkdir -p "$HSMON_OUT"
	say "building the test tools"
	if ! make -s -C "$HSMON_TOP/tools" O="$HSMON_OUT/tools" >/dev/null; then
		fail "tools build"
	fi
	# HSMON_HOST_TESTS=0: the VMs only, while iterating on the module.
	[ "${HSMON_HOST_TESTS:-1}" = 0 ] || host_tests
	for k in $kernels; do
		check_kernel "$k" "$scenarios"
	done
	# shellcheck disable=SC2086
	report_figures $kernels

	if [ ${#failures[@]} -gt 0 ]; then
		echo "Failures:"
		printf '  %s\n' "${failures[@]}"
	fi
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

main "$@"
