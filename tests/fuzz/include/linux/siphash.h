/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: parse.h only needs the key type's alignment. */
#ifndef _SHIM_LINUX_SIPHASH_H
#define _SHIM_LINUX_SIPHASH_H

#include <linux/types.h>

#define SIPHASH_ALIGNMENT __alignof__(u64)

typedef struct {
	u64 key[2];
} siphash_key_t;

#endif
