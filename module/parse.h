/* SPDX-License-Identifier: GPL-2.0 */
/*
 * From a packet at a netfilter hook to a handshake tuple and event.
 */
#ifndef _HSMON_PARSE_H
#define _HSMON_PARSE_H

#include <linux/netfilter.h>
#include <linux/siphash.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>

#include "fsm.h"

/*
 * A handshake's identity, always from the server's point of view.  It is
 * hashed and compared as raw bytes: build it zeroed.
 */
struct hsmon_key {
	union nf_inet_addr client;
	union nf_inet_addr server;
	__be16 cport;
	__be16 sport;
	u8 family;		/* NFPROTO_IPV4 or NFPROTO_IPV6 */
	u8 pad[3];
} __aligned(SIPHASH_ALIGNMENT);

struct hsmon_pkt {
	struct hsmon_key key;
	struct hsmon_seg seg;
};

enum hsmon_parse_result {
	HSMON_PARSE_OK,		/* a handshake segment: look it up */
	HSMON_PARSE_SKIP,	/* not ours: not TCP, not a handshake segment */
	HSMON_PARSE_INVALID,	/* malformed or impossible: count and ignore */
};

/**
 * hsmon_classify - which handshake event a TCP header is
 * @th: the TCP header
 * @inbound: true at LOCAL_IN (client to us), false at LOCAL_OUT
 * @event: set to an enum hsmon_event when HSMON_PARSE_OK is returned
 *
 * SYN with FIN or RST, and segments with none of SYN, ACK and RST (null,
 * FIN and "xmas" probes) are invalid in any direction.  Inbound, a SYN
 * opens or repeats a handshake, a RST may end one, and a plain ACK may be
 * a final ACK; an inbound SYN+ACK belongs to a connection this host
 * opened, which hsmon does not track.  Outbound, only our SYN+ACK and our
 * RST matter.
 */
static inline enum hsmon_parse_result hsmon_classify(const struct tcphdr *th, bool inbound,
						     u8 *event)
{
	if (th->syn && (th->fin || th->rst))
		return HSMON_PARSE_INVALID;
	if (!th->syn && !th->ack && !th->rst)
		return HSMON_PARSE_INVALID;

	if (th->rst)
		*event = inbound ? HSMON_EV_RST_IN : HSMON_EV_RST_OUT;
	else if (th->syn && th->ack)
		*event = HSMON_EV_SYNACK;
	else if (th->syn)
		*event = HSMON_EV_SYN;
	else
		*event = HSMON_EV_ACK;

	switch (*event) {
	case HSMON_EV_SYN:
	case HSMON_EV_ACK:
	case HSMON_EV_RST_IN:
		return inbound ? HSMON_PARSE_OK : HSMON_PARSE_SKIP;
	default:
		return inbound ? HSMON_PARSE_SKIP : HSMON_PARSE_OK;
	}
}

enum hsmon_parse_result hsmon_parse(const struct sk_buff *skb, u8 family, bool inbound,
				    struct hsmon_pkt *pkt);

#endif /* _HSMON_PARSE_H */
