/* SPDX-License-Identifier: GPL-2.0 */
/*
 * From a packet at a netfilter hook to a handshake tuple and event.
 */
#ifndef _HSMON_PARSE_H
#define _HSMON_PARSE_H

#include <linux/build_bug.h>
#include <linux/netfilter.h>
#include <linux/siphash.h>
#include <linux/skbuff.h>

#include "fsm.h"

/*
 * A handshake's identity, always from the server's point of view.  It is
 * hashed and compared as raw bytes: every byte must be set, pad and the
 * unused part of an IPv4 address to zero.
 */
struct hsmon_key {
	union nf_inet_addr client;
	union nf_inet_addr server;
	__be16 cport;
	__be16 sport;
	u8 family;		/* NFPROTO_IPV4 or NFPROTO_IPV6 */
	u8 pad[3];
} __aligned(SIPHASH_ALIGNMENT);

/* Five 8-byte words, every byte set (hsmon_parse()), no branch per word. */
static inline bool hsmon_key_equal(const struct hsmon_key *a, const struct hsmon_key *b)
{
	const u64 *x = (const u64 *)a, *y = (const u64 *)b;

	BUILD_BUG_ON(sizeof(*a) != 5 * sizeof(u64));
	return !((x[0] ^ y[0]) | (x[1] ^ y[1]) | (x[2] ^ y[2]) | (x[3] ^ y[3]) |
		 (x[4] ^ y[4]));
}

struct hsmon_pkt {
	struct hsmon_key key;
	struct hsmon_seg seg;
};

enum hsmon_parse_result {
	HSMON_PARSE_OK,		/* a handshake segment: look it up */
	HSMON_PARSE_SKIP,	/* not ours: not TCP, not a handshake segment */
	HSMON_PARSE_INVALID,	/* malformed or impossible: count and ignore */
};

enum hsmon_parse_result hsmon_parse(const struct sk_buff *skb, u8 family, bool inbound,
				    struct hsmon_pkt *pkt);

/* What hsmon_parse_quick() tells without building a tuple. */
enum hsmon_parse_quick {
	HSMON_QUICK_OTHER,	/* anything else: ask hsmon_parse() */
	HSMON_QUICK_SYN,	/* a SYN, as hsmon_parse() inbound */
	HSMON_QUICK_SYNACK,	/* a SYN+ACK, as hsmon_parse() outbound */
};

enum hsmon_parse_quick hsmon_parse_quick(const struct sk_buff *skb, u8 family);

#endif /* _HSMON_PARSE_H */
