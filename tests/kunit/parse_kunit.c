// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: packet parsing from crafted skbs, IPv4 and IPv6, well-formed and
 * not: flags, options, extension headers, fragments, truncation, paged
 * data.
 */
#include <kunit/test.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/tcp.h>

#include "parse.h"

#define F_FIN 0x01
#define F_SYN 0x02
#define F_RST 0x04
#define F_ACK 0x10

#define CLIENT4 cpu_to_be32(0x0a000002)	/* 10.0.0.2 */
#define SERVER4 cpu_to_be32(0x0a000001)	/* 10.0.0.1 */

struct pkt_spec {
	u8 family;
	bool inbound;		/* direction: client to server */
	u8 l4proto;		/* 0 means TCP */
	u8 flags;
	u8 doff;		/* 0 means 5 (no options) */
	int tcp_len;		/* bytes of TCP header present; 0 means doff * 4 */
	__be16 frag_off;	/* IPv4 */
	u8 ip_version;		/* 0 means the family's */
	u8 ihl;			/* 0 means 5 */
	u8 v6_ext[3];		/* IPv6 extension headers before TCP, 0-ended */
	bool paged;		/* TCP header in a page fragment */
};

static void put_tcp(struct kunit *test, struct sk_buff *skb, const struct pkt_spec *s)
{
	u8 doff = s->doff ? s->doff : 5;
	int len = s->tcp_len ? s->tcp_len : doff * 4;
	u8 hdr[60] = {};
	struct tcphdr *th = (struct tcphdr *)hdr;

	th->source = htons(s->inbound ? 40000 : 8080);
	th->dest = htons(s->inbound ? 8080 : 40000);
	th->seq = htonl(1000);
	th->ack_seq = htonl(5001);
	th->doff = doff;
	((u8 *)th)[13] = s->flags;
	if (doff > 5) {
		hdr[20] = TCPOPT_MSS;
		hdr[21] = TCPOLEN_MSS;
		hdr[22] = 0x05;
		hdr[23] = 0xb4;
	}
	len = min_t(int, len, sizeof(hdr));
	if (s->paged) {
		struct page *page = alloc_page(GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, page);
		memcpy(page_address(page), hdr, len);
		skb_fill_page_desc(skb, 0, page, 0, len);
		skb->len += len;
		skb->data_len += len;
		skb->truesize += PAGE_SIZE;
	} else {
		skb_put_data(skb, hdr, len);
	}
}

static void put_ipv4(struct sk_buff *skb, const struct pkt_spec *s)
{
	struct iphdr *iph = skb_put_zero(skb, sizeof(*iph));

	iph->version = s->ip_version ? s->ip_version : 4;
	iph->ihl = s->ihl ? s->ihl : 5;
	iph->ttl = 64;
	iph->protocol = s->l4proto ? s->l4proto : IPPROTO_TCP;
	iph->frag_off = s->frag_off;
	iph->saddr = s->inbound ? CLIENT4 : SERVER4;
	iph->daddr = s->inbound ? SERVER4 : CLIENT4;
}

static void put_ipv6(struct sk_buff *skb, const struct pkt_spec *s)
{
	struct ipv6hdr *ip6h = skb_put_zero(skb, sizeof(*ip6h));
	struct in6_addr client = { .s6_addr = { 0xfd, [15] = 2 } };
	struct in6_addr server = { .s6_addr = { 0xfd, [15] = 1 } };
	u8 *nexthdr = &ip6h->nexthdr;
	int i;

	ip6h->version = s->ip_version ? s->ip_version : 6;
	ip6h->hop_limit = 64;
	ip6h->saddr = s->inbound ? client : server;
	ip6h->daddr = s->inbound ? server : client;
	for (i = 0; i < ARRAY_SIZE(s->v6_ext) && s->v6_ext[i]; i++) {
		u8 *ext = skb_put_zero(skb, 8);

		*nexthdr = s->v6_ext[i];
		nexthdr = &ext[0];	/* both layouts start with nexthdr */
	}
	*nexthdr = s->l4proto ? s->l4proto : IPPROTO_TCP;
}

static struct sk_buff *build_skb_from(struct kunit *test, const struct pkt_spec *s)
{
	struct sk_buff *skb = alloc_skb(256, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, 32);
	skb_reset_network_header(skb);
	if (s->family == NFPROTO_IPV4)
		put_ipv4(skb, s);
	else
		put_ipv6(skb, s);
	put_tcp(test, skb, s);
	return skb;
}

struct parse_case {
	const char *name;
	struct pkt_spec spec;
	u8 result;
	u8 event;	/* when result is OK */
};

#define V4(...) { .family = NFPROTO_IPV4, __VA_ARGS__ }
#define V6(...) { .family = NFPROTO_IPV6, __VA_ARGS__ }

static const struct parse_case parse_cases[] = {
	{ "v4 syn in", V4(.inbound = true, .flags = F_SYN), HSMON_PARSE_OK, HSMON_EV_SYN },
	{ "v4 syn with options", V4(.inbound = true, .flags = F_SYN, .doff = 6),
	  HSMON_PARSE_OK, HSMON_EV_SYN },
	{ "v4 ack in", V4(.inbound = true, .flags = F_ACK), HSMON_PARSE_OK, HSMON_EV_ACK },
	{ "v4 fin+ack in", V4(.inbound = true, .flags = F_FIN | F_ACK),
	  HSMON_PARSE_OK, HSMON_EV_ACK },
	{ "v4 rst in", V4(.inbound = true, .flags = F_RST), HSMON_PARSE_OK, HSMON_EV_RST_IN },
	{ "v4 rst+ack in", V4(.inbound = true, .flags = F_RST | F_ACK),
	  HSMON_PARSE_OK, HSMON_EV_RST_IN },
	{ "v4 synack out", V4(.flags = F_SYN | F_ACK), HSMON_PARSE_OK, HSMON_EV_SYNACK },
	{ "v4 rst out", V4(.flags = F_RST | F_ACK), HSMON_PARSE_OK, HSMON_EV_RST_OUT },
	{ "v4 synack in (our connect)", V4(.inbound = true, .flags = F_SYN | F_ACK),
	  HSMON_PARSE_SKIP },
	{ "v4 syn out (our connect)", V4(.flags = F_SYN), HSMON_PARSE_SKIP },
	{ "v4 ack out", V4(.flags = F_ACK), HSMON_PARSE_SKIP },
	{ "v4 udp", V4(.inbound = true, .l4proto = IPPROTO_UDP), HSMON_PARSE_SKIP },
	{ "v4 syn+fin", V4(.inbound = true, .flags = F_SYN | F_FIN), HSMON_PARSE_INVALID },
	{ "v4 syn+rst", V4(.inbound = true, .flags = F_SYN | F_RST), HSMON_PARSE_INVALID },
	{ "v4 null flags", V4(.inbound = true, .flags = 0), HSMON_PARSE_INVALID },
	{ "v4 fin only", V4(.inbound = true, .flags = F_FIN), HSMON_PARSE_INVALID },
	{ "v4 xmas", V4(.inbound = true, .flags = 0x29), HSMON_PARSE_INVALID },
	{ "v4 tcp truncated", V4(.inbound = true, .flags = F_SYN, .tcp_len = 12),
	  HSMON_PARSE_INVALID },
	{ "v4 doff below 5", V4(.inbound = true, .flags = F_SYN, .doff = 4, .tcp_len = 20),
	  HSMON_PARSE_INVALID },
	{ "v4 doff past end", V4(.inbound = true, .flags = F_SYN, .doff = 15, .tcp_len = 20),
	  HSMON_PARSE_INVALID },
	{ "v4 ihl below 5", V4(.inbound = true, .flags = F_SYN, .ihl = 4), HSMON_PARSE_INVALID },
	{ "v4 header says v6", V4(.inbound = true, .flags = F_SYN, .ip_version = 6),
	  HSMON_PARSE_INVALID },
	{ "v4 first fragment", V4(.inbound = true, .flags = F_SYN,
				 .frag_off = cpu_to_be16(IP_MF)), HSMON_PARSE_INVALID },
	{ "v4 later fragment", V4(.inbound = true, .flags = F_SYN,
				 .frag_off = cpu_to_be16(185)), HSMON_PARSE_INVALID },
	{ "v4 paged tcp header", V4(.inbound = true, .flags = F_SYN, .paged = true),
	  HSMON_PARSE_OK, HSMON_EV_SYN },
	{ "v6 syn in", V6(.inbound = true, .flags = F_SYN), HSMON_PARSE_OK, HSMON_EV_SYN },
	{ "v6 synack out", V6(.flags = F_SYN | F_ACK), HSMON_PARSE_OK, HSMON_EV_SYNACK },
	{ "v6 hop-by-hop and dstopts", V6(.inbound = true, .flags = F_SYN,
					  .v6_ext = { NEXTHDR_HOP, NEXTHDR_DEST }),
	  HSMON_PARSE_OK, HSMON_EV_SYN },
	{ "v6 fragment header", V6(.inbound = true, .flags = F_SYN,
				   .v6_ext = { NEXTHDR_FRAGMENT }), HSMON_PARSE_INVALID },
	{ "v6 udp", V6(.inbound = true, .l4proto = IPPROTO_UDP), HSMON_PARSE_SKIP },
	{ "v6 tcp truncated", V6(.inbound = true, .flags = F_SYN, .tcp_len = 8),
	  HSMON_PARSE_INVALID },
	{ "v6 header says v4", V6(.inbound = true, .flags = F_SYN, .ip_version = 4),
	  HSMON_PARSE_INVALID },
	{ "v6 paged tcp header", V6(.inbound = true, .flags = F_ACK, .paged = true),
	  HSMON_PARSE_OK, HSMON_EV_ACK },
	/* Our SYN+ACK, also for hsmon_parse_quick(): see parse_check_quick(). */
	{ "v4 synack out with options", V4(.flags = F_SYN | F_ACK, .doff = 6),
	  HSMON_PARSE_OK, HSMON_EV_SYNACK },
	{ "v4 synack+fin out", V4(.flags = F_SYN | F_ACK | F_FIN), HSMON_PARSE_INVALID },
	{ "v4 synack+rst out", V4(.flags = F_SYN | F_ACK | F_RST), HSMON_PARSE_INVALID },
	{ "v4 synack out truncated", V4(.flags = F_SYN | F_ACK, .tcp_len = 12),
	  HSMON_PARSE_INVALID },
	{ "v4 synack out doff past end", V4(.flags = F_SYN | F_ACK, .doff = 15, .tcp_len = 20),
	  HSMON_PARSE_INVALID },
	{ "v4 synack out ihl below 5", V4(.flags = F_SYN | F_ACK, .ihl = 4), HSMON_PARSE_INVALID },
	{ "v4 synack out fragment", V4(.flags = F_SYN | F_ACK, .frag_off = cpu_to_be16(IP_MF)),
	  HSMON_PARSE_INVALID },
	{ "v4 synack-like udp out", V4(.flags = F_SYN | F_ACK, .l4proto = IPPROTO_UDP),
	  HSMON_PARSE_SKIP },
	{ "v4 synack out paged", V4(.flags = F_SYN | F_ACK, .paged = true),
	  HSMON_PARSE_OK, HSMON_EV_SYNACK },
	{ "v6 synack out paged", V6(.flags = F_SYN | F_ACK, .paged = true),
	  HSMON_PARSE_OK, HSMON_EV_SYNACK },
	{ "v6 synack out with dstopts", V6(.flags = F_SYN | F_ACK, .v6_ext = { NEXTHDR_DEST }),
	  HSMON_PARSE_OK, HSMON_EV_SYNACK },
	{ "v6 synack out truncated", V6(.flags = F_SYN | F_ACK, .tcp_len = 8),
	  HSMON_PARSE_INVALID },
	{ "v6 synack out header says v4", V6(.flags = F_SYN | F_ACK, .ip_version = 4),
	  HSMON_PARSE_INVALID },
};

static void parse_case_desc(const struct parse_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(parse, parse_cases, parse_case_desc);

/*
 * hsmon_parse_quick() tells a SYN exactly where hsmon_parse() finds one
 * inbound, and our SYN+ACK where it finds one outbound, except that it
 * leaves IPv6 extension headers to hsmon_parse().
 */
static void parse_check_quick(struct kunit *test, const struct sk_buff *skb,
			      const struct pkt_spec *s, u8 res)
{
	/* Ours the other way (SKIP) too: the same flags, the same answer. */
	u8 flags = s->flags & (F_SYN | F_ACK | F_RST | F_FIN);
	u8 want = HSMON_QUICK_OTHER;

	if (res != HSMON_PARSE_INVALID && !s->l4proto && !s->v6_ext[0]) {
		if (flags == F_SYN)
			want = HSMON_QUICK_SYN;
		else if (flags == (F_SYN | F_ACK))
			want = HSMON_QUICK_SYNACK;
	}
	KUNIT_EXPECT_EQ(test, hsmon_parse_quick(skb, s->family), want);
}

static void parse_test_packet(struct kunit *test)
{
	const struct parse_case *c = test->param_value;
	struct sk_buff *skb = build_skb_from(test, &c->spec);
	struct hsmon_pkt pkt;
	u8 res;

	res = hsmon_parse(skb, c->spec.family, c->spec.inbound, &pkt);

	KUNIT_EXPECT_EQ(test, res, c->result);
	parse_check_quick(test, skb, &c->spec, res);
	if (res == HSMON_PARSE_OK) {
		KUNIT_EXPECT_EQ(test, pkt.seg.event, c->event);
		/* The tuple is the server's view whichever way the packet went. */
		KUNIT_EXPECT_EQ(test, ntohs(pkt.key.cport), 40000);
		KUNIT_EXPECT_EQ(test, ntohs(pkt.key.sport), 8080);
		KUNIT_EXPECT_EQ(test, pkt.key.family, c->spec.family);
		KUNIT_EXPECT_EQ(test, pkt.seg.seq, 1000);
		KUNIT_EXPECT_EQ(test, pkt.seg.ack, 5001);
		if (c->spec.family == NFPROTO_IPV4) {
			KUNIT_EXPECT_EQ(test, be32_to_cpu(pkt.key.client.ip), be32_to_cpu(CLIENT4));
			KUNIT_EXPECT_EQ(test, be32_to_cpu(pkt.key.server.ip), be32_to_cpu(SERVER4));
		} else {
			KUNIT_EXPECT_EQ(test, pkt.key.client.in6.s6_addr[15], 2);
			KUNIT_EXPECT_EQ(test, pkt.key.server.in6.s6_addr[15], 1);
		}
	}
	kfree_skb(skb);
}

/* Nothing but an empty skb. */
static void parse_test_empty(struct kunit *test)
{
	struct sk_buff *skb = alloc_skb(0, GFP_KERNEL);
	struct hsmon_pkt pkt;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reset_network_header(skb);
	KUNIT_EXPECT_EQ(test, hsmon_parse(skb, NFPROTO_IPV4, true, &pkt), HSMON_PARSE_INVALID);
	KUNIT_EXPECT_EQ(test, hsmon_parse(skb, NFPROTO_IPV6, true, &pkt), HSMON_PARSE_INVALID);
	KUNIT_EXPECT_EQ(test, hsmon_parse(skb, NFPROTO_ARP, true, &pkt), HSMON_PARSE_SKIP);
	kfree_skb(skb);
}

/* The same tuple from both directions is the same key, byte for byte. */
static void parse_test_same_key_both_ways(struct kunit *test)
{
	const struct pkt_spec in = V4(.inbound = true, .flags = F_SYN);
	const struct pkt_spec out = V4(.flags = F_SYN | F_ACK);
	struct sk_buff *a = build_skb_from(test, &in), *b = build_skb_from(test, &out);
	struct hsmon_pkt pa, pb;

	KUNIT_ASSERT_EQ(test, hsmon_parse(a, NFPROTO_IPV4, true, &pa), HSMON_PARSE_OK);
	KUNIT_ASSERT_EQ(test, hsmon_parse(b, NFPROTO_IPV4, false, &pb), HSMON_PARSE_OK);
	KUNIT_EXPECT_EQ(test, memcmp(&pa.key, &pb.key, sizeof(pa.key)), 0);
	kfree_skb(a);
	kfree_skb(b);
}

static struct kunit_case hsmon_parse_cases[] = {
	KUNIT_CASE_PARAM(parse_test_packet, parse_gen_params),
	KUNIT_CASE(parse_test_empty),
	KUNIT_CASE(parse_test_same_key_both_ways),
	{}
};

static struct kunit_suite hsmon_parse_suite = {
	.name = "hsmon_parse",
	.test_cases = hsmon_parse_cases,
};

kunit_test_suite(hsmon_parse_suite);
