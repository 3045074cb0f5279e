/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: protocol families and addresses (uapi/linux/netfilter.h). */
#ifndef _SHIM_LINUX_NETFILTER_H
#define _SHIM_LINUX_NETFILTER_H

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/types.h>

enum {
	NFPROTO_UNSPEC = 0,
	NFPROTO_INET = 1,
	NFPROTO_IPV4 = 2,
	NFPROTO_ARP = 3,
	NFPROTO_NETDEV = 5,
	NFPROTO_BRIDGE = 7,
	NFPROTO_IPV6 = 10,
	NFPROTO_NUMPROTO,
};

union nf_inet_addr {
	__u32 all[4];
	__be32 ip;
	__be32 ip6[4];
	struct in_addr in;
	struct in6_addr in6;
};

#endif
