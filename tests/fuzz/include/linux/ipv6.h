/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: the IPv6 header and generic extension headers,
 * little-endian bitfields (uapi/linux/ipv6.h), and ipv6_hdr().
 */
#ifndef _SHIM_LINUX_IPV6_H
#define _SHIM_LINUX_IPV6_H

#include <linux/in6.h>
#include <linux/skbuff.h>
#include <linux/types.h>

struct ipv6hdr {
	__u8 priority:4,
	     version:4;
	__u8 flow_lbl[3];
	__be16 payload_len;
	__u8 nexthdr;
	__u8 hop_limit;
	struct in6_addr saddr;
	struct in6_addr daddr;
};

_Static_assert(sizeof(struct ipv6hdr) == 40, "struct ipv6hdr is 40 bytes");

/* Hop-by-hop and destination options (and the start of any extension header). */
struct ipv6_opt_hdr {
	__u8 nexthdr;
	__u8 hdrlen;
	/* TLV-encoded options follow */
} __packed;

struct ipv6_rt_hdr {
	__u8 nexthdr;
	__u8 hdrlen;
	__u8 type;
	__u8 segments_left;
	/* type-specific data follows */
};

/* Length of an extension header: in 8-byte units, AH in 4-byte units. */
#define ipv6_optlen(p)	(((p)->hdrlen + 1) << 3)
#define ipv6_authlen(p)	(((p)->hdrlen + 2) << 2)

/*
 * As in the kernel, a plain pointer into the linear data: callers must
 * know that the fixed header is linear (the stack pulls it at receive).
 */
static inline struct ipv6hdr *ipv6_hdr(const struct sk_buff *skb)
{
	return (struct ipv6hdr *)skb_network_header(skb);
}

#endif
