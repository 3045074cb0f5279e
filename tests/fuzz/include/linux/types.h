/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: the kernel's fixed-size and byte-order-annotated types. */
#ifndef _SHIM_LINUX_TYPES_H
#define _SHIM_LINUX_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/compiler.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

typedef u8 __u8;
typedef u16 __u16;
typedef u32 __u32;
typedef u64 __u64;

/* Big-endian on the wire; plain integers here (sparse is not run). */
typedef u16 __bitwise __be16;
typedef u32 __bitwise __be32;
typedef u16 __bitwise __sum16;

/* x86_64: little-endian, and so are the bitfields of the header structs. */
#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the shims model a little-endian machine (x86_64)"
#endif
#define __LITTLE_ENDIAN_BITFIELD

#endif
