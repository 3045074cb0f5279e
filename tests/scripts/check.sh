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
# Each item (KUnit case, scenario, clean kernel log, module build) counts
# once per kernel.  Ends with one line "N passed, N failed"; exits
# non-zero on any failure.  HSMON_KERNELS="debug 6.1" limits the kernels
# (tags of tests/kernels).
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

# The KUnit results in a console log, through the kernel's own parser.
count_kunit() {
	local tag=$1 log=$2 src=$3 out line
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
	local p f
	p=$(echo "$line" | grep -o 'passed: [0-9]*' | grep -o '[0-9]*')
	f=$(echo "$line" | grep -o 'failed: [0-9]*' | grep -o '[0-9]*')
	local c
	c=$(echo "$line" | grep -o 'crashed: [0-9]*' | grep -o '[0-9]*')
	pass "${p:-0}"
	for _ in $(seq 1 $((${f:-0} + ${c:-0}))); do
		fail "$tag: a KUnit case (see ${log%.log}.kunit.txt)"
	done
}

# The scenario results in a console log.
count_scenarios() {
	local tag=$1 log=$2 s name line
	for s in "$HSMON_TOP"/tests/vm/[0-9]*.sh; do
		name=$(basename "$s" .sh)
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

# run_kernel TAG TCG KDIR KERNEL_IMAGE [EXTRA.ko...]
run_kernel() {
	local tag=$1 tcg_thread=$2 kdir=$3 image=$4
	shift 4
	local dir=$HSMON_OUT/$tag
	mkdir -p "$dir"
	say "$tag: building hsmon against $kdir"
	if ! "$HSMON_TOP/tests/scripts/build-module.sh" "$kdir" "$dir/module"; then
		fail "$tag: module build"
		return
	fi
	pass 1
	"$HSMON_TOP/tests/scripts/mkinitramfs.sh" "$dir/initramfs.cpio.gz" check "$tag" \
		"$dir/module" "$HSMON_OUT/tools" "$@" || { fail "$tag: initramfs"; return; }
	say "$tag: booting $image ($tcg_thread-threaded TCG)"
	local t0=$SECONDS
	HSMON_TCG_THREAD=$tcg_thread \
		"$HSMON_TOP/tests/scripts/vm-run.sh" "$image" "$dir/initramfs.cpio.gz" "$dir/console.log"
	say "$tag: VM ran $((SECONDS - t0)) s; console log: $dir/console.log"
	[ "$(hsmon_kernel "$tag" kind)" = debug ] && count_kunit "$tag" "$dir/console.log" "$src"
	count_scenarios "$tag" "$dir/console.log"
}

mkdir -p "$HSMON_OUT"
say "building the test tools"
if ! make -s -C "$HSMON_TOP/tools" O="$HSMON_OUT/tools" >/dev/null; then
	fail "tools build"
fi

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

# Host tests, no VM: the tools' unit tests and the fuzz target over the
# module's parser and state machine.
say "host unit tests of the tools"
make -s -C "$HSMON_TOP/tools" test O="$HSMON_OUT/host-tests" >"$HSMON_OUT/host-tests.log" 2>&1 ||
	fail "host tests: make test failed (see $HSMON_OUT/host-tests.log)"
count_summary "host tests" "$HSMON_OUT/host-tests.log"
say "fuzzing the parser and the state machine (libFuzzer)"
make -s -C "$HSMON_TOP/tests/fuzz" run O="$HSMON_OUT/fuzz" >"$HSMON_OUT/fuzz-run.log" 2>&1
count_summary "fuzzing" "$HSMON_OUT/fuzz-run.log"

for k in ${HSMON_KERNELS:-$(hsmon_kernels check)}; do
	kind=$(hsmon_kernel "$k" kind) || exit 1
	tcg=$(hsmon_kernel "$k" tcg)
	case $kind in
	debug)
		kd=$("$HSMON_TOP/tests/scripts/kunit-kernel.sh" "$k") || { fail "$k: kernel build"; continue; }
		src=$kd/source
		run_kernel "$k" "$tcg" "$kd" "$kd/arch/x86/boot/bzImage"
		;;
	stock)
		out=$("$HSMON_TOP/tests/scripts/stock-kernel.sh" "$k") ||
			{ fail "$k: stock kernel"; continue; }
		mapfile -t info <<<"$out"
		run_kernel "$k" "$tcg" "${info[1]}" "${info[2]}/vmlinuz" "${info[2]}/veth.ko"
		;;
	esac
done

# Figures the scenarios measured (SYN flood rates, table peaks, ...).
grep -ah '^HSMON-FIGURE: ' "$HSMON_OUT"/*/console.log 2>/dev/null |
	sed 's/^HSMON-FIGURE: //' | tr -d '\r' >"$HSMON_OUT/figures.txt"
[ -s "$HSMON_OUT/figures.txt" ] && say "figures: $HSMON_OUT/figures.txt" &&
	sed 's/^/   /' "$HSMON_OUT/figures.txt" >&2

if [ ${#failures[@]} -gt 0 ]; then
	echo "Failures:"
	printf '  %s\n' "${failures[@]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
