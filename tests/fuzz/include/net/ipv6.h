/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: extension header numbers, the fragment header and
 * ipv6_find_hdr() (net/ipv6.h); the function is in ../shim.c.
 */
#ifndef _SHIM_NET_IPV6_H
#define _SHIM_NET_IPV6_H

#include <linux/ipv6.h>
#include <linux/kernel.h>

#define NEXTHDR_HOP		0	/* hop-by-hop options */
#define NEXTHDR_IPV4		4
#define NEXTHDR_TCP		6
#define NEXTHDR_UDP		17
#define NEXTHDR_IPV6		41
#define NEXTHDR_ROUTING		43	/* routing header */
#define NEXTHDR_FRAGMENT	44	/* fragment header */
#define NEXTHDR_GRE		47
#define NEXTHDR_ESP		50
#define NEXTHDR_AUTH		51	/* authentication header */
#define NEXTHDR_ICMP		58
#define NEXTHDR_NONE		59	/* no next header */
#define NEXTHDR_DEST		60	/* destination options */
#define NEXTHDR_SCTP		132
#define NEXTHDR_MOBILITY	135
#define NEXTHDR_MAX		255

struct frag_hdr {
	__u8 nexthdr;
	__u8 reserved;
	__be16 frag_off;	/* offset in 8-byte units << 3 | M */
	__be32 identification;
};

#define IP6_MF		0x0001
#define IP6_OFFSET	0xFFF8

enum {
	IP6_FH_F_FRAG		= (1 << 0),
	IP6_FH_F_AUTH		= (1 << 1),
	IP6_FH_F_SKIP_RH	= (1 << 2),
};

bool ipv6_ext_hdr(u8 nexthdr);
int ipv6_find_hdr(const struct sk_buff *skb, unsigned int *offset, int target,
		  unsigned short *fragoff, int *flags);

#endif
