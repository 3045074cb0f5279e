#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Which file of module/ calls into which, from the objects the compiler
# made (not from the source text): file A depends on file B when A.o
# has an undefined symbol (function or data) that B.o defines.  Prints
# one "A B" edge per line and fails if the graph has a cycle (tsort).
# Inline functions of a header count for the object they are compiled
# into.  Usage: callgraph.sh BUILD_DIR (where module/*.o are, e.g.
# build/6.12/module after make check).
set -euo pipefail

dir=${1:?usage: $0 BUILD_DIR}/module
objs=("$dir"/*.o)
[ -e "${objs[0]}" ] || { echo "error: no objects in $dir" >&2; exit 1; }

defs=$(mktemp)
trap 'rm -f "$defs"' EXIT
for o in "${objs[@]}"; do
	f=$(basename "$o" .o)
	nm --defined-only "$o" | awk -v f="$f" '$2 ~ /^[TDRB]$/ { print $3, f }'
done | sort -u >"$defs"

edges=$(for o in "${objs[@]}"; do
	f=$(basename "$o" .o)
	nm --undefined-only "$o" | awk '{ print $2 }' | sort -u |
		join - "$defs" | awk -v f="$f" '$2 != f { print f, $2 }'
done | sort -u)

echo "$edges"
if ! echo "$edges" | tsort >/dev/null 2>/tmp/callgraph-tsort.$$; then
	cat /tmp/callgraph-tsort.$$ >&2
	rm -f /tmp/callgraph-tsort.$$
	echo "error: the module's call graph has a cycle" >&2
	exit 1
fi
rm -f /tmp/callgraph-tsort.$$
