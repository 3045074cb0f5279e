/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: the parts of <linux/kernel.h> and what it pulls in
 * (limits.h, string.h, errno.h, byteorder) that hsmon's parser and state
 * machine use.  Error numbers are the C library's: the same values as the
 * kernel's on Linux.
 */
#ifndef _SHIM_LINUX_KERNEL_H
#define _SHIM_LINUX_KERNEL_H

#include <errno.h>
#include <string.h>

#include <linux/byteorder/generic.h>
#include <linux/types.h>

#define U8_MAX		((u8)~0U)
#define U16_MAX		((u16)~0U)
#define U32_MAX		((u32)~0U)
#define U64_MAX		((u64)~0ULL)

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#endif
