/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: IP protocol numbers and struct in_addr (uapi/linux/in.h). */
#ifndef _SHIM_LINUX_IN_H
#define _SHIM_LINUX_IN_H

#include <linux/types.h>

enum {
	IPPROTO_IP = 0,
	IPPROTO_ICMP = 1,
	IPPROTO_IGMP = 2,
	IPPROTO_IPIP = 4,
	IPPROTO_TCP = 6,
	IPPROTO_UDP = 17,
	IPPROTO_DCCP = 33,
	IPPROTO_IPV6 = 41,
	IPPROTO_GRE = 47,
	IPPROTO_ESP = 50,
	IPPROTO_AH = 51,
	IPPROTO_SCTP = 132,
	IPPROTO_UDPLITE = 136,
	IPPROTO_RAW = 255,
	IPPROTO_MPTCP = 262,
};

struct in_addr {
	__be32 s_addr;
};

#endif
