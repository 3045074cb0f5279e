// SPDX-License-Identifier: GPL-2.0
/*
 * Packet parsing for the hooks: find the TCP header behind an IPv4 or
 * IPv6 header (and IPv6 extension headers), classify the segment, and
 * build the tuple from the server's point of view.  All reads go through
 * skb_header_pointer(), so truncated and non-linear skbs are safe.
 */
#include <linux/export.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "compat.h"
#include "parse.h"

/* The IPv4 header: addresses into @pkt, TCP header offset into @thoff. */
static enum hsmon_parse_result hsmon_l3_ipv4(const struct sk_buff *skb, bool inbound,
					     struct hsmon_pkt *pkt, unsigned int *thoff)
{
	unsigned int off = skb_network_offset(skb);
	const struct iphdr *iph;
	struct iphdr _iph;

	iph = skb_header_pointer(skb, off, sizeof(_iph), &_iph);
	if (!iph || iph->version != 4 || iph->ihl < 5)
		return HSMON_PARSE_INVALID;
	if (iph->protocol != IPPROTO_TCP)
		return HSMON_PARSE_SKIP;
	/* Local delivery reassembles; a fragment here is not a segment. */
	if (iph->frag_off & htons(IP_MF | IP_OFFSET))
		return HSMON_PARSE_INVALID;

	pkt->key.family = NFPROTO_IPV4;
	pkt->key.client.ip = inbound ? iph->saddr : iph->daddr;
	pkt->key.server.ip = inbound ? iph->daddr : iph->saddr;
	*thoff = off + iph->ihl * 4;
	return HSMON_PARSE_OK;
}

/* The IPv6 header and its extension headers, as for IPv4. */
static enum hsmon_parse_result hsmon_l3_ipv6(const struct sk_buff *skb, bool inbound,
					     struct hsmon_pkt *pkt, unsigned int *thoff)
{
	unsigned int off = skb_network_offset(skb);
	const struct ipv6hdr *ip6h;
	struct ipv6hdr _ip6h;
	int flags = 0;
	int proto;

	ip6h = skb_header_pointer(skb, off, sizeof(_ip6h), &_ip6h);
	if (!ip6h || ip6h->version != 6)
		return HSMON_PARSE_INVALID;

	/*
	 * ipv6_find_hdr() reads the fixed header directly when *thoff is 0
	 * (the stack keeps it linear at our hooks), through
	 * skb_header_pointer() otherwise.
	 */
	*thoff = off;
	proto = ipv6_find_hdr(skb, thoff, IPPROTO_TCP, NULL, &flags);
	if (flags & IP6_FH_F_FRAG)
		return HSMON_PARSE_INVALID;
	if (proto == -ENOENT)
		return HSMON_PARSE_SKIP;
	if (proto < 0)
		return HSMON_PARSE_INVALID;

	pkt->key.family = NFPROTO_IPV6;
	pkt->key.client.in6 = inbound ? ip6h->saddr : ip6h->daddr;
	pkt->key.server.in6 = inbound ? ip6h->daddr : ip6h->saddr;
	return HSMON_PARSE_OK;
}

/**
 * hsmon_parse - turn a packet into a tuple and a handshake event
 * @skb: the packet, its network header set (true at LOCAL_IN/LOCAL_OUT)
 * @family: NFPROTO_IPV4 or NFPROTO_IPV6
 * @inbound: true at LOCAL_IN, false at LOCAL_OUT
 * @pkt: filled when HSMON_PARSE_OK is returned
 */
enum hsmon_parse_result hsmon_parse(const struct sk_buff *skb, u8 family, bool inbound,
				    struct hsmon_pkt *pkt)
{
	enum hsmon_parse_result res;
	const struct tcphdr *th;
	unsigned int thoff = 0;
	struct tcphdr _th;
	u8 event;

	memset(pkt, 0, sizeof(*pkt));
	if (family == NFPROTO_IPV4)
		res = hsmon_l3_ipv4(skb, inbound, pkt, &thoff);
	else if (family == NFPROTO_IPV6)
		res = hsmon_l3_ipv6(skb, inbound, pkt, &thoff);
	else
		res = HSMON_PARSE_SKIP;
	if (res != HSMON_PARSE_OK)
		return res;

	th = skb_header_pointer(skb, thoff, sizeof(_th), &_th);
	if (!th || th->doff < sizeof(_th) / 4 || thoff + th->doff * 4 > skb->len)
		return HSMON_PARSE_INVALID;

	res = hsmon_classify(th, inbound, &event);
	if (res != HSMON_PARSE_OK)
		return res;

	pkt->key.cport = inbound ? th->source : th->dest;
	pkt->key.sport = inbound ? th->dest : th->source;
	pkt->seg.event = event;
	pkt->seg.seq = ntohl(th->seq);
	pkt->seg.ack = ntohl(th->ack_seq);
	return HSMON_PARSE_OK;
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_parse);
