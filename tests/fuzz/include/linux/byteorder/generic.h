/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: byte order conversions on a little-endian machine. */
#ifndef _SHIM_LINUX_BYTEORDER_GENERIC_H
#define _SHIM_LINUX_BYTEORDER_GENERIC_H

#include <linux/types.h>

#define cpu_to_be16(x)	((__be16)__builtin_bswap16((u16)(x)))
#define cpu_to_be32(x)	((__be32)__builtin_bswap32((u32)(x)))
#define be16_to_cpu(x)	((u16)__builtin_bswap16((u16)(x)))
#define be32_to_cpu(x)	((u32)__builtin_bswap32((u32)(x)))

#define htons(x)	cpu_to_be16(x)
#define htonl(x)	cpu_to_be32(x)
#define ntohs(x)	be16_to_cpu(x)
#define ntohl(x)	be32_to_cpu(x)

#endif
