/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim for the fuzz build: nothing of <linux/module.h> is used. */
#ifndef _FUZZ_LINUX_MODULE_H
#define _FUZZ_LINUX_MODULE_H
#endif
