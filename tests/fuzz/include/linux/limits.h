/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim for the fuzz build: U8_MAX and friends are in kernel.h here. */
#ifndef _FUZZ_LINUX_LIMITS_H
#define _FUZZ_LINUX_LIMITS_H
#include <linux/kernel.h>
#endif
