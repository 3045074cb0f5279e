/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: compat.h's sysctl wrapper only names these types (in a
 * static inline the fuzz target never calls); they stay incomplete.
 */
#ifndef _SHIM_LINUX_SYSCTL_H
#define _SHIM_LINUX_SYSCTL_H

#include <linux/types.h>

struct ctl_table;
struct ctl_table_header;

#endif
