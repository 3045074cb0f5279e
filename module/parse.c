// SPDX-License-Identifier: GPL-2.0
/*
 * Packet parsing for the hooks: find the TCP header behind an IPv4 or
 * IPv6 header (and IPv6 extension headers), classify the segment, and
 * build the tuple from the server's point of view.  All reads go through
 * skb_header_pointer(), so truncated and non-linear skbs are safe.  Its
 * copy buffers are only read once it has filled them: not zeroed on
 * every call as CONFIG_INIT_STACK_ALL_ZERO (Debian's kernels have it)
 * would, which was a third of the parse's time in a profile.
 */
#include <linux/build_bug.h>
#include <linux/export.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "testing.h"
#include "parse.h"

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
static enum hsmon_parse_result hsmon_classify(const struct tcphdr *th, bool inbound, u8 *event)
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

/* An IPv4 address and the zeros after it, word by word: no memset() call. */
static void hsmon_addr_set_ip(union nf_inet_addr *a, __be32 ip)
{
	a->ip = ip;
	a->all[1] = 0;
	a->all[2] = 0;
	a->all[3] = 0;
}

/*
 * The IPv4 header, read into @buf if it must be, and checked: *@iph and
 * the TCP header's offset @thoff are set when HSMON_PARSE_OK is returned.
 */
static enum hsmon_parse_result
hsmon_ipv4_hdr(const struct sk_buff *skb, struct iphdr *buf, const struct iphdr **iph,
	       unsigned int *thoff)
{
	unsigned int off = skb_network_offset(skb);
	const struct iphdr *h;

	h = skb_header_pointer(skb, off, sizeof(*buf), buf);
	if (!h || h->version != 4 || h->ihl < 5)
		return HSMON_PARSE_INVALID;
	if (h->protocol != IPPROTO_TCP)
		return HSMON_PARSE_SKIP;
	/* Local delivery reassembles; a fragment here is not a segment. */
	if (h->frag_off & htons(IP_MF | IP_OFFSET))
		return HSMON_PARSE_INVALID;
	*iph = h;
	*thoff = off + h->ihl * 4;
	return HSMON_PARSE_OK;
}

/* The TCP header at @thoff, read into @buf if it must be; NULL if malformed. */
static const struct tcphdr *hsmon_tcp_hdr(const struct sk_buff *skb, unsigned int thoff,
					  struct tcphdr *buf)
{
	const struct tcphdr *th = skb_header_pointer(skb, thoff, sizeof(*buf), buf);

	if (!th || th->doff < sizeof(*buf) / 4 || thoff + th->doff * 4 > skb->len)
		return NULL;
	return th;
}

/* The IPv4 header: addresses into @pkt, TCP header offset into @thoff. */
static enum hsmon_parse_result
hsmon_l3_ipv4(const struct sk_buff *skb, bool inbound, struct hsmon_pkt *pkt,
	      unsigned int *thoff)
{
	struct iphdr _iph __uninitialized;
	enum hsmon_parse_result res;
	const struct iphdr *iph;

	res = hsmon_ipv4_hdr(skb, &_iph, &iph, thoff);
	if (res != HSMON_PARSE_OK)
		return res;

	pkt->key.family = NFPROTO_IPV4;
	/*
	 * The rest of each address must be zero too: not left to a union
	 * initialiser, which need not set the bytes past its member.
	 */
	hsmon_addr_set_ip(&pkt->key.client, inbound ? iph->saddr : iph->daddr);
	hsmon_addr_set_ip(&pkt->key.server, inbound ? iph->daddr : iph->saddr);
	return HSMON_PARSE_OK;
}

/* The IPv6 header and its extension headers, as for IPv4. */
static enum hsmon_parse_result
hsmon_l3_ipv6(const struct sk_buff *skb, bool inbound, struct hsmon_pkt *pkt,
	      unsigned int *thoff)
{
	unsigned int off = skb_network_offset(skb);
	const struct ipv6hdr *ip6h;
	struct ipv6hdr _ip6h __uninitialized;
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
 * @pkt: filled when HSMON_PARSE_OK is returned (every byte of its key and
 *	 every field of its segment, with no memset first: the hooks' @pkt
 *	 is not zeroed per packet); otherwise in an unspecified state
 */
enum hsmon_parse_result hsmon_parse(const struct sk_buff *skb, u8 family, bool inbound,
				    struct hsmon_pkt *pkt)
{
	enum hsmon_parse_result res;
	const struct tcphdr *th;
	unsigned int thoff = 0;
	struct tcphdr _th __uninitialized;
	u8 event;

	/* Addresses, ports, family and pad: nothing else, no padding between. */
	BUILD_BUG_ON(sizeof(struct hsmon_key) !=
		     2 * sizeof(union nf_inet_addr) + 2 * sizeof(__be16) + 1 + 3);
	BUILD_BUG_ON(sizeof(pkt->key.pad) != 3);

	if (family == NFPROTO_IPV4)
		res = hsmon_l3_ipv4(skb, inbound, pkt, &thoff);
	else if (family == NFPROTO_IPV6)
		res = hsmon_l3_ipv6(skb, inbound, pkt, &thoff);
	else
		res = HSMON_PARSE_SKIP;
	if (res != HSMON_PARSE_OK)
		return res;

	th = hsmon_tcp_hdr(skb, thoff, &_th);
	if (!th)
		return HSMON_PARSE_INVALID;

	res = hsmon_classify(th, inbound, &event);
	if (res != HSMON_PARSE_OK)
		return res;

	pkt->key.cport = inbound ? th->source : th->dest;
	pkt->key.sport = inbound ? th->dest : th->source;
	pkt->key.pad[0] = 0;
	pkt->key.pad[1] = 0;
	pkt->key.pad[2] = 0;
	pkt->seg = (struct hsmon_seg){
		.event = event,
		.seq = ntohl(th->seq),
		.ack = ntohl(th->ack_seq),
	};
	return HSMON_PARSE_OK;
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_parse);

/**
 * hsmon_parse_quick - a SYN or our SYN+ACK, told without building a tuple
 * @skb: a segment at LOCAL_IN or LOCAL_OUT, its network header set
 * @family: NFPROTO_IPV4 or NFPROTO_IPV6
 *
 * The headers are checked where they lie, as hsmon_parse() checks them,
 * and no tuple is built.  A segment with IPv6 extension headers is left
 * to hsmon_parse() (HSMON_QUICK_OTHER).  Under a SYN flood this is all
 * the parsing a SYN and its SYN+ACK get (hooks.c).
 *
 * Return: HSMON_QUICK_SYN where hsmon_parse() would give an inbound
 * HSMON_EV_SYN, HSMON_QUICK_SYNACK where it would give an outbound
 * HSMON_EV_SYNACK, else HSMON_QUICK_OTHER.
 */
enum hsmon_parse_quick hsmon_parse_quick(const struct sk_buff *skb, u8 family)
{
	struct tcphdr _th __uninitialized;
	const struct tcphdr *th;
	unsigned int thoff;
	u8 event;

	if (family == NFPROTO_IPV4) {
		struct iphdr _iph __uninitialized;
		const struct iphdr *iph;

		if (hsmon_ipv4_hdr(skb, &_iph, &iph, &thoff) != HSMON_PARSE_OK)
			return HSMON_QUICK_OTHER;
	} else if (family == NFPROTO_IPV6) {
		struct ipv6hdr _ip6h __uninitialized;
		const struct ipv6hdr *ip6h;

		thoff = skb_network_offset(skb);
		ip6h = skb_header_pointer(skb, thoff, sizeof(_ip6h), &_ip6h);
		if (!ip6h || ip6h->version != 6 || ip6h->nexthdr != IPPROTO_TCP)
			return HSMON_QUICK_OTHER;
		thoff += sizeof(*ip6h);
	} else {
		return HSMON_QUICK_OTHER;
	}

	th = hsmon_tcp_hdr(skb, thoff, &_th);
	/* Either direction: the event is set whenever it is not invalid. */
	if (!th || hsmon_classify(th, true, &event) == HSMON_PARSE_INVALID)
		return HSMON_QUICK_OTHER;
	if (event == HSMON_EV_SYN)
		return HSMON_QUICK_SYN;
	return event == HSMON_EV_SYNACK ? HSMON_QUICK_SYNACK : HSMON_QUICK_OTHER;
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_parse_quick);
