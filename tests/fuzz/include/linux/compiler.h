/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim for the hsmon fuzz target: the compiler attributes and
 * annotations that the kernel's build force-includes (compiler_types.h,
 * compiler_attributes.h).  The sparse annotations expand to nothing, as
 * in a kernel build without C=1.
 */
#ifndef _SHIM_LINUX_COMPILER_H
#define _SHIM_LINUX_COMPILER_H

#define __aligned(x)		__attribute__((__aligned__(x)))
#define __uninitialized
#define __packed		__attribute__((__packed__))
#define __must_check		__attribute__((__warn_unused_result__))
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)

#define __bitwise
#define __force
#define __percpu

#endif
