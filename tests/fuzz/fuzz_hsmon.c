// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for hsmon's packet parser (module/parse.c) and
 * handshake state machine (module/fsm.c), both compiled unmodified against
 * the userspace shims in include/.
 *
 * Input layout:
 *
 *   byte 0      configuration
 *                 bit 0     family: 0 IPv4, 1 IPv6
 *                 bit 1     direction: 0 inbound (LOCAL_IN), 1 outbound
 *                 bits 2-3  page fragments after the linear part (0-3)
 *                 bit 4     16 bytes of lower-layer data before the
 *                           network header (skb_network_offset() 16)
 *                 bit 5     pass a family hsmon does not handle (NFPROTO_ARP)
 *   bytes 1-2   packet length L, big-endian (cut to the bytes there are)
 *   N bytes     one per fragment: where it starts, scaled to 0..L
 *   L bytes     the packet
 *   10 bytes    per state machine step, as many as there are:
 *                 byte 0    bits 0-1: slot; bit 2: seq is relative to the
 *                           slot's J; bit 3: ack is relative to its K
 *                 byte 1    event (< 0xf0: modulo HSMON_EV_MAX + 1, so
 *                           HSMON_EV_MAX itself occurs; else as is)
 *                 bytes 2-5 seq, big-endian
 *                 bytes 6-9 ack, big-endian
 *
 * The linear part and every fragment are separate heap blocks of their
 * exact size, so that ASan sees any read past them.  As at hsmon's hooks
 * (and as ipv6_find_hdr() requires), the network header is in the linear
 * part and so is the fixed IPv6 header when the packet has one.
 *
 * Each invariant that fails prints what it is and aborts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>

#include "parse.h"

#define NH_OFF_LOWER	16	/* keeps the IP header 4-byte aligned */
#define SLOTS		4
#define STEP_LEN	10

#define CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "invariant failed: %s: ", #cond); \
			fprintf(stderr, __VA_ARGS__);			\
			fputc('\n', stderr);				\
			abort();					\
		}							\
	} while (0)

struct input {
	const u8 *p;
	size_t left;
};

static bool take(struct input *in, void *to, size_t n)
{
	if (in->left < n)
		return false;
	memcpy(to, in->p, n);
	in->p += n;
	in->left -= n;
	return true;
}

static u32 get_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

/* ---- sk_buff construction ---------------------------------------------- */

struct fuzz_skb {
	struct sk_buff skb;
	unsigned char *frag_mem[MAX_SKB_FRAGS];
};

/*
 * Build @fs over a copy of @pkt (@len bytes): linear part up to bounds[0],
 * fragment i from bounds[i] to bounds[i + 1] (the last one to @len); empty
 * fragments are left out.
 */
static void skb_build(struct fuzz_skb *fs, const u8 *pkt, unsigned int len,
		      const unsigned int *bounds, unsigned int nfrags, unsigned int nh_off)
{
	struct sk_buff *skb = &fs->skb;
	unsigned int i, headlen = nfrags ? bounds[0] : len;

	memset(fs, 0, sizeof(*fs));
	skb->head = malloc(headlen);
	CHECK(skb->head || !headlen, "out of memory");
	memcpy(skb->head, pkt, headlen);
	skb->data = skb->head;
	skb->network_header = nh_off;
	skb->len = len;
	for (i = 0; i < nfrags; i++) {
		unsigned int start = bounds[i], end = i + 1 < nfrags ? bounds[i + 1] : len;
		skb_frag_t *f = &skb->shinfo.frags[skb->shinfo.nr_frags];
		unsigned char *mem;

		if (end == start)
			continue;
		mem = malloc(end - start);
		CHECK(mem, "out of memory");
		memcpy(mem, pkt + start, end - start);
		fs->frag_mem[skb->shinfo.nr_frags++] = mem;
		f->addr = mem;
		f->size = end - start;
		skb->data_len += end - start;
	}
	CHECK(skb_headlen(skb) == headlen, "linear part %u, want %u", skb_headlen(skb), headlen);
}

static void skb_free(struct fuzz_skb *fs)
{
	unsigned int i;

	free(fs->skb.head);
	for (i = 0; i < fs->skb.shinfo.nr_frags; i++)
		free(fs->frag_mem[i]);
}

/* ---- parser ------------------------------------------------------------ */

static bool event_ok(u8 event, bool inbound)
{
	if (inbound)
		return event == HSMON_EV_SYN || event == HSMON_EV_ACK || event == HSMON_EV_RST_IN;
	return event == HSMON_EV_SYNACK || event == HSMON_EV_RST_OUT;
}

static bool zero(const void *p, size_t n)
{
	const u8 *b = p;

	while (n--)
		if (*b++)
			return false;
	return true;
}

/* What an accepted packet must have produced, checked on the flat copy. */
static void check_ok(const struct hsmon_pkt *pkt, const u8 *flat, unsigned int len,
		     unsigned int nh_off, u8 family, bool inbound)
{
	const struct hsmon_key *k = &pkt->key;

	CHECK(k->family == family, "key.family %u, parsed as %u", k->family, family);
	CHECK(event_ok(pkt->seg.event, inbound), "event %u %s", pkt->seg.event,
	      inbound ? "inbound" : "outbound");
	CHECK(zero(k->pad, sizeof(k->pad)), "the hashed key has non-zero padding");

	if (family == NFPROTO_IPV4) {
		struct iphdr iph;
		struct tcphdr th;
		unsigned int thoff;

		CHECK(len >= nh_off + sizeof(iph), "IPv4 packet of %u bytes accepted", len);
		memcpy(&iph, flat + nh_off, sizeof(iph));
		CHECK(k->client.ip == (inbound ? iph.saddr : iph.daddr), "IPv4 client address");
		CHECK(k->server.ip == (inbound ? iph.daddr : iph.saddr), "IPv4 server address");
		CHECK(zero(&k->client.all[1], 12) && zero(&k->server.all[1], 12),
		      "IPv4 key has bytes past the address");
		thoff = nh_off + iph.ihl * 4;
		CHECK(len >= thoff + sizeof(th), "TCP header past the packet accepted");
		memcpy(&th, flat + thoff, sizeof(th));
		CHECK(th.doff >= 5 && thoff + th.doff * 4 <= len, "bad data offset %u accepted",
		      th.doff);
		CHECK(k->cport == (inbound ? th.source : th.dest), "client port");
		CHECK(k->sport == (inbound ? th.dest : th.source), "server port");
		CHECK(pkt->seg.seq == ntohl(th.seq) && pkt->seg.ack == ntohl(th.ack_seq),
		      "seq/ack");
	} else {
		struct ipv6hdr ip6h;

		CHECK(len >= nh_off + sizeof(ip6h), "IPv6 packet of %u bytes accepted", len);
		memcpy(&ip6h, flat + nh_off, sizeof(ip6h));
		CHECK(!memcmp(&k->client.in6, inbound ? &ip6h.saddr : &ip6h.daddr, 16),
		      "IPv6 client address");
		CHECK(!memcmp(&k->server.in6, inbound ? &ip6h.daddr : &ip6h.saddr, 16),
		      "IPv6 server address");
	}
}

/*
 * hsmon_parse_quick() agrees with hsmon_parse(): a SYN where it finds one
 * inbound, our SYN+ACK where it finds one outbound (unless IPv6
 * extension headers come first, which it leaves to hsmon_parse()), and
 * never where it finds a malformed segment; asked about every input, it
 * reads no byte it should not.
 */
static void check_quick(const struct sk_buff *skb, enum hsmon_parse_result res,
			const struct hsmon_pkt *pkt, const u8 *data, unsigned int len,
			unsigned int nh_off, u8 family)
{
	enum hsmon_parse_quick q = hsmon_parse_quick(skb, family);
	bool direct = family == NFPROTO_IPV4 ||
		      (nh_off + 6 < len && data[nh_off + 6] == IPPROTO_TCP);

	if (res == HSMON_PARSE_INVALID || family == NFPROTO_ARP) {
		CHECK(q == HSMON_QUICK_OTHER, "quick %d where the parse refused", q);
		return;
	}
	if (res != HSMON_PARSE_OK)
		return;
	if (pkt->seg.event == HSMON_EV_SYN && direct)
		CHECK(q == HSMON_QUICK_SYN, "quick %d for a SYN", q);
	else if (pkt->seg.event == HSMON_EV_SYNACK && direct)
		CHECK(q == HSMON_QUICK_SYNACK, "quick %d for a SYN+ACK", q);
	else
		CHECK(q == HSMON_QUICK_OTHER, "quick %d for event %u", q, pkt->seg.event);
}

/* Parse, check, and return the segment to feed the state machine, if any. */
static bool fuzz_parse(u8 cfg, struct input *in, struct hsmon_seg *seg)
{
	unsigned int i, len, nfrags = (cfg >> 2) & 3, nh_off = cfg & 0x10 ? NH_OFF_LOWER : 0;
	bool v6 = cfg & 1, inbound = !(cfg & 2), bogus = cfg & 0x20;
	u8 family = bogus ? NFPROTO_ARP : v6 ? NFPROTO_IPV6 : NFPROTO_IPV4;
	unsigned int bounds[3], min_head;
	struct hsmon_pkt pkt, flat_pkt;
	enum hsmon_parse_result res, flat_res;
	struct fuzz_skb fs, flat;
	u8 lenb[2], pos[3];
	const u8 *data;

	if (!take(in, lenb, 2) || !take(in, pos, nfrags))
		return false;
	len = (unsigned int)lenb[0] << 8 | lenb[1];
	if (len > in->left)
		len = in->left;
	data = in->p;
	in->p += len;
	in->left -= len;

	/* The hooks' guarantee: the network header (and IPv6's fixed header) is linear. */
	min_head = nh_off + (v6 ? sizeof(struct ipv6hdr) : 0);
	if (min_head > len)
		min_head = len;
	for (i = 0; i < nfrags; i++)
		bounds[i] = pos[i] * len / 255;
	for (i = 0; i < nfrags; i++) {	/* sort: at most 3 */
		unsigned int j, t;

		for (j = i + 1; j < nfrags; j++)
			if (bounds[j] < bounds[i]) {
				t = bounds[i];
				bounds[i] = bounds[j];
				bounds[j] = t;
			}
		if (bounds[i] < min_head)
			bounds[i] = min_head;
	}

	skb_build(&fs, data, len, bounds, nfrags, nh_off);
	res = hsmon_parse(&fs.skb, family, inbound, &pkt);
	check_quick(&fs.skb, res, &pkt, data, len, nh_off, family);
	skb_free(&fs);

	CHECK(res == HSMON_PARSE_OK || res == HSMON_PARSE_SKIP || res == HSMON_PARSE_INVALID,
	      "parse result %d", res);
	if (bogus)
		CHECK(res == HSMON_PARSE_SKIP, "family %u gave %d", family, res);
	if (res == HSMON_PARSE_OK)
		check_ok(&pkt, data, len, nh_off, family, inbound);

	/* Where the bytes are must not matter: compare with a linear copy. */
	if (nfrags) {
		skb_build(&flat, data, len, NULL, 0, nh_off);
		flat_res = hsmon_parse(&flat.skb, family, inbound, &flat_pkt);
		skb_free(&flat);
		CHECK(flat_res == res, "paged %d, linear %d", res, flat_res);
		if (res == HSMON_PARSE_OK)
			CHECK(!memcmp(&pkt.key, &flat_pkt.key, sizeof(pkt.key)) &&
			      pkt.seg.event == flat_pkt.seg.event &&
			      pkt.seg.seq == flat_pkt.seg.seq && pkt.seg.ack == flat_pkt.seg.ack,
			      "paged and linear parses differ");
	}

	if (res != HSMON_PARSE_OK)
		return false;
	*seg = pkt.seg;
	return true;
}

/* ---- state machine ----------------------------------------------------- */

struct fsm_model {
	struct hsmon_fsm slot[SLOTS];
	unsigned long started;	/* handshakes begun: new entries, and STAT_SYN */
	unsigned long ended;	/* outcomes counted */
};

/*
 * What RELEASE may come with: an outcome but timeout_synack (which leaves
 * a tombstone; so may listen_overflow), late_ack, nothing.
 */
static bool release_ok(u8 stat)
{
	if (hsmon_stat_is_outcome(stat))
		return stat != HSMON_STAT_TIMEOUT_SYNACK;
	return stat == HSMON_STAT_LATE_ACK || stat == HSMON_STAT_NONE;
}

static bool in_progress(u8 state)
{
	return state == HSMON_ST_SYN_RCVD || state == HSMON_ST_SYNACK_SENT ||
	       state == HSMON_ST_ACK_DROPPED;
}

static void fsm_apply(struct fsm_model *m, unsigned int i, const struct hsmon_seg *seg)
{
	struct hsmon_fsm *f = &m->slot[i], before;
	struct hsmon_verdict v;
	unsigned int j, live = 0;
	const char *name;

	if (f->state == HSMON_ST_NONE) {
		/* A new entry, as hsmon_table_add() makes for a new SYN. */
		hsmon_fsm_start(f, seg->seq);
		CHECK(f->state == HSMON_ST_SYN_RCVD && f->isn_client == seg->seq,
		      "hsmon_fsm_start() gave state %u", f->state);
		m->started++;
	}
	before = *f;
	v = hsmon_fsm_step(f, seg);

	CHECK(v.stat <= HSMON_STAT_NONE, "stat %u", v.stat);
	CHECK(v.action <= HSMON_RELEASE, "action %u", v.action);
	CHECK(f->state < HSMON_ST_MAX, "state %u after event %u", f->state, seg->event);
	name = hsmon_state_name(f->state);
	CHECK(name && strcmp(name, "?"), "state %u has no name", f->state);
	CHECK(v.action != HSMON_RELEASE || release_ok(v.stat),
	      "RELEASE with stat %u (event %u, state %u)", v.stat, seg->event, before.state);
	CHECK(v.action == HSMON_RELEASE || f->state != HSMON_ST_NONE,
	      "state NONE kept (event %u, state %u)", seg->event, before.state);
	/* Each handshake ends once: no outcome for an EXPIRED tombstone. */
	CHECK(!hsmon_stat_is_outcome(v.stat) || in_progress(before.state),
	      "outcome %u from state %u", v.stat, before.state);
	CHECK(v.stat != HSMON_STAT_TIMEOUT_SYNACK ||
	      (before.state == HSMON_ST_SYNACK_SENT && f->state == HSMON_ST_EXPIRED &&
	       v.action == HSMON_RESTART), "timeout_synack from state %u to %u, action %u",
	      before.state, f->state, v.action);
	CHECK(v.stat != HSMON_STAT_LATE_ACK || before.state == HSMON_ST_EXPIRED,
	      "late_ack from state %u", before.state);
	if (seg->event >= HSMON_EV_MAX)
		CHECK(v.stat == HSMON_STAT_NONE && v.action == HSMON_KEEP &&
		      !memcmp(&before, f, sizeof(before)), "event %u did something", seg->event);
	if (v.stat == HSMON_STAT_IGNORED)
		CHECK(v.action == HSMON_KEEP && !memcmp(&before, f, sizeof(before)),
		      "an ignored event %u changed state %u", seg->event, before.state);

	if (v.stat == HSMON_STAT_SYN)
		m->started++;
	if (hsmon_stat_is_outcome(v.stat))
		m->ended++;
	if (v.action == HSMON_RELEASE)
		memset(f, 0, sizeof(*f));

	/* syn = outcomes + in_progress (Documentation/hsmon.rst). */
	for (j = 0; j < SLOTS; j++)
		live += in_progress(m->slot[j].state);
	CHECK(m->started - m->ended == live, "syn %lu - outcomes %lu != in progress %u",
	      m->started, m->ended, live);
}

static void fuzz_fsm(struct input *in, const struct hsmon_seg *first)
{
	struct fsm_model m = { 0 };
	u8 step[STEP_LEN];

	if (first)
		fsm_apply(&m, 0, first);
	while (take(in, step, sizeof(step))) {
		unsigned int i = step[0] & (SLOTS - 1);
		struct hsmon_fsm *f = &m.slot[i];
		struct hsmon_seg seg = {
			.event = step[1] < 0xf0 ? step[1] % (HSMON_EV_MAX + 1) : step[1],
			.seq = get_be32(step + 2),
			.ack = get_be32(step + 6),
		};

		/* Relative numbers make J+1 and K+1 easy to reach. */
		if ((step[0] & 4) && f->state != HSMON_ST_NONE)
			seg.seq += f->isn_client;
		if (step[0] & 8)
			seg.ack += f->isn_server;
		fsm_apply(&m, i, &seg);
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct input in = { data, size };
	struct hsmon_seg seg;
	bool have_seg;
	u8 cfg;

	if (!take(&in, &cfg, 1))
		return 0;
	have_seg = fuzz_parse(cfg, &in, &seg);
	fuzz_fsm(&in, have_seg ? &seg : NULL);
	return 0;
}
