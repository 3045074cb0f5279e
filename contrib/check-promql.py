#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check every PromQL expression of hsmon's Grafana dashboards and rule files.

    check-promql.py --golden FILE [--golden FILE]... [--allow METRIC]... SOURCE...

SOURCE is a Grafana dashboard (.json: every "expr" of a panel's targets,
and the selector of every label_values() variable) or a Prometheus rule
file (.yml: every "expr:").  For each expression:

  parses   promtool check rules accepts it as the expression of a
           recording rule (Grafana's $__rate_interval and the like read
           as 5m, a $variable as x);
  names    every metric it names is one that hsmon exports: a sample
           name of the golden files (what hsmonstat --prometheus prints,
           tools/tests/hsmonstat/want/) or one given with --allow
           (node_exporter's own, about the textfile collector).

The metric names are found by reading the expression as PromQL's lexer
would: strings, label matchers {...}, ranges [...] and numbers left out,
an identifier before "(", "by" or "without" is a function or an
aggregation, "by", "without",
"on", "ignoring", "group_left" and "group_right" take a list of labels,
and every other identifier but the operators and keywords is a metric.

One line per check, "ok" or "FAIL" and why; the exit status is 1 if any
failed, 2 on a usage error.  Needs promtool (Debian: prometheus) and
python3 only: the rule files are read line by line, no YAML library.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

MACROS = re.compile(r"\$(__rate_interval|__interval|__range)\b|\$\{(__rate_interval|__interval|__range)\}")
VARIABLE = re.compile(r"\$\{?[A-Za-z_][A-Za-z0-9_]*(:[a-z]+)?\}?")
LABEL_LISTS = {"by", "without", "on", "ignoring", "group_left", "group_right"}
KEYWORDS = {"and", "or", "unless", "bool", "offset", "atan2", "inf", "nan", "start", "end"}


def grafana_to_promql(expr):
    """Grafana's macros as a duration, its variables as a plain word."""
    return VARIABLE.sub("x", MACROS.sub("5m", expr))


def metric_names(expr):
    """The metric names expr refers to (see the module's docstring)."""
    s = re.sub(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|`[^`]*`', '""', expr)
    s = re.sub(r"#[^\n]*", " ", s)
    s = re.sub(r"\{[^{}]*\}", " {} ", s)
    s = re.sub(r"\[[^\[\]]*\]", " ", s)
    s = re.sub(r"(?<![A-Za-z0-9_:])[0-9][0-9.eE+xXa-fA-F]*(ms|[smhdwy])?", " ", s)
    toks = re.findall(r"[A-Za-z_:][A-Za-z0-9_:]*|\(|\)|[^\sA-Za-z0-9_:()]", s)
    names, i = [], 0
    while i < len(toks):
        tok = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if tok.lower() in LABEL_LISTS:
            i += 1
            if nxt == "(":	# skip the list of labels
                depth = 0
                while i < len(toks):
                    depth += toks[i] == "("
                    depth -= toks[i] == ")"
                    i += 1
                    if not depth:
                        break
            continue
        # an aggregation: "sum (", "sum by (labels) (", "sum without ..."
        if (re.match(r"[A-Za-z_:]", tok) and tok.lower() not in KEYWORDS and nxt != "(" and
                nxt.lower() not in ("by", "without")):
            names.append(tok)
        i += 1
    return names


def dashboard_exprs(path):
    """(where, expression) of every target and label_values() variable."""
    with open(path) as f:
        dash = json.load(f)
    out = []

    def panels(ps):
        for p in ps:
            for k, t in enumerate(p.get("targets", [])):
                if t.get("expr"):
                    out.append(("panel '%s' target %s" % (p.get("title"), t.get("refId", k)),
                                t["expr"]))
            panels(p.get("panels", []))
    panels(dash.get("panels", []))
    for v in dash.get("templating", {}).get("list", []):
        if v.get("type") != "query":
            continue
        q = v.get("query")
        q = q.get("query", "") if isinstance(q, dict) else q or ""
        m = re.fullmatch(r"\s*label_values\((.*),\s*[A-Za-z_][A-Za-z0-9_]*\s*\)\s*", q, re.S)
        if m:
            q = m.group(1)
        elif re.fullmatch(r"\s*label_values\(\s*[A-Za-z_][A-Za-z0-9_]*\s*\)\s*", q):
            continue
        else:
            q = re.sub(r"^\s*query_result\((.*)\)\s*$", r"\1", q, flags=re.S)
        out.append(("variable '%s'" % v.get("name"), q))
    return out


def rule_exprs(path):
    """(where, expression) of every expr: of a rule file, read line by line."""
    out, name, lines = [], "?", open(path).read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"\s*-?\s*(alert|record):\s*(\S+)", line)
        if m:
            name = m.group(2)
        m = re.match(r"(\s*)(-\s*)?expr:\s*(.*)$", line)
        i += 1
        if not m:
            continue
        indent, val = len(m.group(1)) + len(m.group(2) or ""), m.group(3).strip()
        if val and val[0] in "|>":
            block = []
            while i < len(lines) and (not lines[i].strip() or
                                      len(lines[i]) - len(lines[i].lstrip()) > indent):
                block.append(lines[i].strip())
                i += 1
            val = "\n".join(block).strip()
        elif val[:1] in "'\"":
            q = val[0]
            val = val[1:-1]
            val = val.replace("''", "'") if q == "'" else json.loads('"%s"' % val)
        out.append(("rule %s" % name, val))
    return out


def parses(expr, tmpdir):
    """None if promtool check rules takes expr, else its complaint."""
    path = os.path.join(tmpdir, "expr.yml")
    with open(path, "w") as f:
        f.write("groups:\n  - name: check\n    rules:\n      - record: check:expr\n"
                "        expr: %s\n" % json.dumps(expr))
    r = subprocess.run(["promtool", "check", "rules", path], capture_output=True, text=True)
    if r.returncode == 0:
        return None
    msg = (r.stdout + r.stderr).replace(path, "expr").strip().split("\n")
    return " ".join(l.strip() for l in msg if l.strip() and not l.startswith("Checking"))[:300]


def golden_names(path):
    names = set()
    for line in open(path):
        if line.strip() and not line.startswith("#"):
            names.add(re.match(r"[A-Za-z_:][A-Za-z0-9_:]*", line).group(0))
    return names


def main(argv):
    golden, allow, sources = [], set(), []
    it = iter(argv)
    for a in it:
        if a == "--golden":
            golden.append(next(it, None))
        elif a == "--allow":
            allow.add(next(it, None))
        elif a.startswith("-"):
            sys.exit("usage: check-promql.py --golden FILE... [--allow METRIC]... SOURCE...")
        else:
            sources.append(a)
    if not golden or None in golden or None in allow or not sources:
        print("usage: check-promql.py --golden FILE... [--allow METRIC]... SOURCE...",
              file=sys.stderr)
        return 2
    known = set(allow)
    for g in golden:
        known |= golden_names(g)

    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for src in sources:
            base = os.path.basename(src)
            try:
                exprs = dashboard_exprs(src) if src.endswith(".json") else rule_exprs(src)
            except (OSError, ValueError) as e:
                print("FAIL %s: cannot read: %s" % (base, e))
                failed += 1
                continue
            if not exprs:
                print("FAIL %s: no expressions found" % base)
                failed += 1
            for where, expr in exprs:
                promql = grafana_to_promql(expr)
                err = parses(promql, tmp)
                if err:
                    print("FAIL %s: %s: parses: %s" % (base, where, err))
                    failed += 1
                else:
                    print("ok   %s: %s: parses" % (base, where))
                unknown = sorted(set(n for n in metric_names(promql) if n not in known))
                names = metric_names(promql)
                if unknown:
                    print("FAIL %s: %s: names only hsmon's metrics: not exported: %s"
                          % (base, where, ", ".join(unknown)))
                    failed += 1
                elif not names:
                    print("FAIL %s: %s: names only hsmon's metrics: names none" % (base, where))
                    failed += 1
                else:
                    print("ok   %s: %s: names only hsmon's metrics" % (base, where))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
