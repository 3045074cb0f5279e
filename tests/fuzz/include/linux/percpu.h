/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: one CPU, so a per-CPU variable is the variable itself.
 * Only stats.h's static inline hsmon_stat_inc() uses this_cpu_inc(); the
 * fuzz target never calls it.
 */
#ifndef _SHIM_LINUX_PERCPU_H
#define _SHIM_LINUX_PERCPU_H

#include <linux/compiler.h>

#define this_cpu_inc(var)	((var)++)

#endif
