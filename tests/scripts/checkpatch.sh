#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make checkpatch: the kernel's checkpatch.pl --strict on hsmon's C files,
# from the unpacked linux-source tree.
set -euo pipefail
. "$(dirname "$0")/common.sh"

src=$(hsmon_source_tree "$(hsmon_kernel debug package)")
cd "$HSMON_TOP"
perl "$src/scripts/checkpatch.pl" --strict --no-tree --terse --show-types -f \
	module/*.[ch] tests/kunit/*.c tests/bench/*.c
