#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host checks of what hsmon gives a fleet (contrib/): the Prometheus alert
# rules (promtool check rules, and promtool test rules: a count per test
# group), the Grafana dashboard and the rules' PromQL (every expression
# parses and names only metrics hsmonstat --prometheus exports, by
# contrib/check-promql.py against the golden outputs in
# tools/tests/hsmonstat/want/), proof that those checks catch a broken
# rule, a typo'd metric and an expression that does not parse, and the
# systemd units (systemd-analyze verify).  No root, no module, no VM;
# a few seconds.  Needs promtool (Debian: prometheus) and python3.
#
# One line per check, "ok" or "FAIL" and why; the last line is
# "N passed, N failed"; the exit status is 1 if any check failed.
set -u

top=$(cd "$(dirname "$0")/../.." && pwd)
rules=$top/contrib/prometheus/hsmon-rules.yml
tests=$top/contrib/prometheus/hsmon-rules.test.yml
dash=$top/contrib/grafana/hsmon.json
want=$top/tools/tests/hsmonstat/want
tmp=$(mktemp -d)
. "$top/tools/tests/testlib.sh"

trap 'rm -rf "$tmp"' EXIT

# check_promql ARGS...: contrib/check-promql.py with the golden outputs
# as the exported names, and node_exporter's textfile metrics
check_promql() {
	python3 "$top/contrib/check-promql.py" \
		--golden "$want/all-prom" --golden "$want/newer-prom" \
		--allow node_textfile_mtime_seconds --allow node_textfile_scrape_error "$@"
}

finish() {
	summary
	exit
}

if ! command -v promtool >/dev/null; then
	fail "promtool" "not installed (Debian: apt-get install prometheus)"
	finish
fi

# ---- the alert rules ---------------------------------------------------

if promtool check rules "$rules" >"$tmp/out" 2>&1; then
	ok "promtool check rules hsmon-rules.yml"
else
	fail "promtool check rules hsmon-rules.yml" "$(tail -5 "$tmp/out")"
fi

# promtool test rules runs every group; a group is failed if its name is
# in the failures promtool lists (all of them if it says none)
groups=$(sed -n 's/^  - name: *\([^ ]*\) *$/\1/p' "$tests")
(cd "$(dirname "$tests")" && promtool test rules "$(basename "$tests")") >"$tmp/out" 2>&1
rc=$?
for g in $groups; do
	if [ "$rc" = 0 ]; then
		ok "promtool test rules: $g"
	elif grep -q "name: $g," "$tmp/out" || ! grep -q "name: .*," "$tmp/out"; then
		fail "promtool test rules: $g" "$(grep -A12 "name: $g," "$tmp/out" | head -12 ||
			head -5 "$tmp/out")"
	else
		ok "promtool test rules: $g"
	fi
done
[ -n "$groups" ] || fail "promtool test rules" "no test groups in $tests"

# the tests catch a changed rule: a threshold of 1000 made 100000
mkdir "$tmp/mut"
sed 's/hsmon_in_progress > 1000$/hsmon_in_progress > 100000/' "$rules" >"$tmp/mut/hsmon-rules.yml"
cp "$tests" "$tmp/mut/"
if cmp -s "$rules" "$tmp/mut/hsmon-rules.yml"; then
	fail "rule tests catch a changed threshold" "the mutation did not apply"
elif (cd "$tmp/mut" && promtool test rules hsmon-rules.test.yml) >"$tmp/out" 2>&1; then
	fail "rule tests catch a changed threshold" "promtool test rules passed"
elif grep -q "name: HsmonHalfOpenPiling," "$tmp/out"; then
	ok "rule tests catch a changed threshold"
else
	fail "rule tests catch a changed threshold" "$(head -5 "$tmp/out")"
fi

# ---- the dashboard -----------------------------------------------------

if python3 - "$dash" >"$tmp/out" 2>&1 <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
names = [v["name"] for v in d["templating"]["list"]]
assert "netns" in names and "instance" in names, "variables: %s" % names
def walk(ps):
    for p in ps:
        yield p
        yield from walk(p.get("panels", []))
ps = list(walk(d["panels"]))
heat = [p for p in ps if p["type"] == "heatmap"
        and "hsmon_handshake_rtt_seconds_bucket" in p["targets"][0]["expr"]]
assert heat, "no heatmap of hsmon_handshake_rtt_seconds_bucket"
assert any(p.get("repeat") == "port" for p in ps), "no row repeated per port"
assert any("sum by (instance, netns" in t["expr"] for p in ps for t in p.get("targets", [])), \
    "no per-namespace breakdown"
ids = [p["id"] for p in ps]
assert len(ids) == len(set(ids)), "panel ids not unique"
EOF
then
	ok "hsmon.json: netns variable, latency heatmap, per-port rows, per-namespace panels"
else
	fail "hsmon.json: netns variable, latency heatmap, per-port rows, per-namespace panels" \
		"$(tail -3 "$tmp/out")"
fi

# ---- every expression: parses, names only hsmon's metrics --------------

check_promql "$dash" "$rules" >"$tmp/out" 2>&1
while IFS= read -r line; do
	case $line in
	"ok   "*) ok "${line#ok   }" ;;
	"FAIL "*) line=${line#FAIL }; fail "${line%%: *}" "${line#*: }" ;;
	*) fail "check-promql.py" "$line" ;;
	esac
done <"$tmp/out"

# ---- and the checks catch what they must -------------------------------

# a typo'd metric name in the dashboard, in a rule; an expression that
# does not parse
sed 's/hsmon_syn_total{instance/hsmon_sny_total{instance/' "$dash" >"$tmp/typo.json"
sed 's/absent(hsmon_syn_total)/absent(hsmon_syn_totl)/' "$rules" >"$tmp/typo.yml"
sed '0,/"expr": "sum by (outcome) (/s//"expr": "sum by (outcome (/' "$dash" >"$tmp/parse.json"
for c in "typo.json|not exported: hsmon_sny_total|a typo'd metric in the dashboard" \
	 "typo.yml|not exported: hsmon_syn_totl|a typo'd metric in a rule" \
	 "parse.json|: parses: |an expression that does not parse"; do
	IFS='|' read -r f want_msg what <<<"$c"
	name="check-promql.py catches $what"
	if cmp -s "$tmp/$f" "$dash" || cmp -s "$tmp/$f" "$rules"; then
		fail "$name" "the mutation did not apply"
	elif check_promql "$tmp/$f" >"$tmp/out" 2>&1; then
		fail "$name" "it passed"
	elif grep -q "^FAIL .*$want_msg" "$tmp/out"; then
		ok "$name"
	else
		fail "$name" "$(grep -m3 FAIL "$tmp/out")"
	fi
done

# ---- the systemd units -------------------------------------------------

if command -v systemd-analyze >/dev/null; then
	# ExecStart= without a path is looked up in /usr/local/sbin etc.: here
	# the hsmonstat of the tree if built, else true(1)
	bin=$top/tools/hsmonstat
	[ -x "$bin" ] || bin=$(command -v true)
	for u in hsmon-textfile.service hsmon-textfile.timer; do
		sed "s|^ExecStart=hsmonstat |ExecStart=$bin |" "$top/contrib/systemd/$u" >"$tmp/$u"
	done
	if (cd "$tmp" && systemd-analyze verify --man=no hsmon-textfile.service \
			hsmon-textfile.timer) >"$tmp/out" 2>&1 && ! [ -s "$tmp/out" ]; then
		ok "systemd-analyze verify hsmon-textfile.service hsmon-textfile.timer"
	else
		fail "systemd-analyze verify hsmon-textfile.service hsmon-textfile.timer" \
			"$(head -5 "$tmp/out")"
	fi
else
	echo "skip systemd-analyze verify (no systemd-analyze)"
fi

finish
