// SPDX-License-Identifier: GPL-2.0
/*
 * The netfilter hooks: the only hot path.
 *
 * Inbound segments (SYN, final ACK, client RST) are seen at LOCAL_IN,
 * our SYN+ACK and RST at LOCAL_OUT, both at priority SECURITY + 1:
 *
 *  - after the filter and security tables in both directions, so a SYN
 *    the firewall drops is not counted as a handshake, and a SYN+ACK it
 *    drops on the way out is not counted as sent;
 *  - at LOCAL_IN before the input SNAT hook (NAT_SRC) and at LOCAL_OUT
 *    after the de-NAT of the reply (NAT_DST), so both directions see the
 *    same client address even when the INPUT chain rewrites it.
 *
 * Every hook returns NF_ACCEPT: hsmon observes, it never drops.  Packets
 * that are not handshake segments cost a header parse, and so do the ACKs
 * of established connections (see hsmon_past_handshake()); another
 * inbound ACK costs one keyed hash and a look at its bucket's filter
 * byte (and a bucket walk if the filter has its bit), and nothing when
 * the table is empty.  Only a new SYN may allocate (one entry, GFP_ATOMIC,
 * bounded by net.hsmon.max_entries); into a full table it takes over the
 * entry it evicts instead, unless the stack is answering a SYN flood with
 * cookies (hsmon_syn_flood()): then a SYN and its SYN+ACK cost a look at
 * their headers and a few loads each, and build no tuple.
 */
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <net/sock.h>
#include <net/tcp_states.h>

#include "gc.h"
#include "hooks.h"
#include "hsmon.h"
#include "parse.h"
#include "stack.h"
#include "testing.h"

/*
 * An inbound segment that the stack's early demux already matched to a
 * connected TCP socket belongs to a connection past its handshake.  (The
 * final ACK itself still finds the request socket, or no socket with SYN
 * cookies; a Fast Open child is in SYN_RECV until that ACK.)  Its plain
 * ACKs need no lookup: no tracked handshake would take them.  That is most
 * of a server's inbound traffic.  Without early demux (net.ipv4.
 * ip_early_demux=0) skb->sk is not set here and every ACK is looked up.
 */
static bool hsmon_past_handshake(const struct sk_buff *skb)
{
	const struct sock *sk = skb->sk;

	return sk && sk_fullsock(sk) && sk->sk_protocol == IPPROTO_TCP &&
	       ((1 << READ_ONCE(sk->sk_state)) &
		(TCPF_ESTABLISHED | TCPF_FIN_WAIT1 | TCPF_FIN_WAIT2 | TCPF_CLOSE_WAIT |
		 TCPF_CLOSING | TCPF_LAST_ACK));
}

/*
 * A SYN flood.  The stack answers a SYN with a SYN cookie when its SYN
 * queue is full, and then keeps nothing of that handshake: its SYN+ACK
 * leaves without a request socket (tcp_make_synack() attaches none).
 * hsmon keeps tracking what its table holds, but while the stack sends
 * cookies and the table is full it no longer trades a tracked handshake
 * for each new SYN, as it does otherwise (evicted): a SYN goes untracked
 * without a tuple, a lookup, the shard lock, an eviction or an
 * allocation (a repeated SYN of a tracked handshake too), and the SYN+ACK
 * that answers it is not looked up either (the stack's slot knows it):
 * hsmon_parse_quick() tells each from its headers.  Under a flood
 * nearly every evicted entry was a flood SYN's, and nearly every new one
 * is; the handshakes tracked before the flood now live to their own end.
 * A cookie SYN+ACK at LOCAL_OUT opens the window for HSMON_COOKIE_WINDOW.
 */
#define HSMON_COOKIE_WINDOW	HZ

static void hsmon_note_cookie(struct hsmon_net *hn)
{
	unsigned long until = jiffies + HSMON_COOKIE_WINDOW;

	/* One store a jiffy at most: the line stays shared among CPUs. */
	if (READ_ONCE(hn->cookie_until) != until)
		WRITE_ONCE(hn->cookie_until, until);
}

/*
 * Whether a cookie SYN+ACK left in the last HSMON_COOKIE_WINDOW: jiffies
 * within [cookie_until - HSMON_COOKIE_WINDOW, cookie_until).  Not
 * time_before(), which a 32-bit jiffies makes true again once the last
 * cookie is 2^31 jiffies old (25 days at HZ=1000), and in the first
 * minutes after boot, before any cookie.
 */
static bool hsmon_cookie_window(const struct hsmon_net *hn)
{
	return READ_ONCE(hn->cookie_until) - jiffies - 1 < HSMON_COOKIE_WINDOW;
}

static bool hsmon_syn_flood(struct hsmon_net *hn)
{
	return hsmon_cookie_window(hn) &&
	       hsmon_table_full(&hn->table, READ_ONCE(hn->max_entries));
}

/* A SYN of the flood: its verdict is counted, it is not tracked. */
static void hsmon_syn_untracked(struct hsmon_net *hn, const struct sk_buff *skb)
{
	hsmon_stack_arm_flood(hn, skb);
	hsmon_stat_inc(hn->stats, HSMON_STAT_UNTRACKED);
}

static void hsmon_process(struct hsmon_net *hn, const struct sk_buff *skb, u8 family,
			  bool inbound)
{
	struct hsmon_table *t = &hn->table;
	/* Only read once the parser has set it: no zeroing per packet. */
	struct hsmon_pkt pkt __uninitialized;
	bool track;
	u32 hash;

	switch (hsmon_parse(skb, family, inbound, &pkt)) {
	case HSMON_PARSE_OK:
		break;
	case HSMON_PARSE_INVALID:
		hsmon_stat_inc(hn->stats, HSMON_STAT_INVALID);
		return;
	default:
		return;
	}
	/*
	 * A segment that came in an Ethernet broadcast or multicast frame:
	 * TCP discards it unseen (tcp_v4_rcv(), tcp_v6_rcv()), so must we.
	 */
	if (inbound && unlikely(skb->pkt_type != PACKET_HOST)) {
		hsmon_stat_inc(hn->stats, HSMON_STAT_INVALID);
		return;
	}
	/* Early demux has just read the socket; the table may be cold. */
	if (pkt.seg.event == HSMON_EV_ACK && hsmon_past_handshake(skb))
		return;
	/* Disabled, the handshakes in progress only drain: no new SYN. */
	track = pkt.seg.event == HSMON_EV_SYN && READ_ONCE(hn->enabled);
	if (!track && !hsmon_table_count(t))
		return;

	/* Flooded: the stack's verdict still counts, nothing is looked up. */
	if (track && hsmon_syn_flood(hn)) {
		hsmon_syn_untracked(hn, skb);
		return;
	}
	/* A cookie SYN+ACK that hsmon_local_out() did not settle. */
	if (pkt.seg.event == HSMON_EV_SYNACK && !skb->sk)
		hsmon_note_cookie(hn);
	hash = hsmon_table_hash(t, &pkt.key);
	/* The stack judges the SYN or ACK next (stack.c); our RST tells how. */
	if (inbound && pkt.seg.event != HSMON_EV_RST_IN)
		hsmon_stack_arm(hn, skb, &pkt, hash);
	else if (pkt.seg.event == HSMON_EV_RST_OUT)
		pkt.seg.event = hsmon_stack_rst_out(hn, &pkt.key);
	if (track) {
		if (!hsmon_table_add(t, &pkt.key, hash, pkt.seg.seq, READ_ONCE(hn->max_entries)))
			hsmon_gc_kick(hn);
		return;
	}
	/* A SYN while disabled starts nothing (see fsm.c). */
	if (pkt.seg.event == HSMON_EV_SYN)
		pkt.seg.event = HSMON_EV_SYN_DISABLED;
	hsmon_table_lookup_step(t, &pkt.key, hash, &pkt.seg);
}

/*
 * A flood's SYN, found without a tuple: armed and counted untracked.
 * Anything else, or a SYN with IPv6 extension headers, goes the long
 * way (hsmon_process()), which finds the same.
 */
static bool hsmon_flood_syn(struct hsmon_net *hn, const struct sk_buff *skb, u8 family)
{
	if (!READ_ONCE(hn->enabled) || skb->pkt_type != PACKET_HOST ||
	    hsmon_parse_quick(skb, family) != HSMON_QUICK_SYN)
		return false;
	hsmon_syn_untracked(hn, skb);
	return true;
}

/* @priv: the namespace's hsmon_net (see watch.c). */
unsigned int hsmon_local_in(void *priv, struct sk_buff *skb, const struct nf_hook_state *state)
{
	struct hsmon_net *hn = priv;

	if (unlikely(hsmon_syn_flood(hn)) && hsmon_flood_syn(hn, skb, state->pf))
		return NF_ACCEPT;
	hsmon_process(hn, skb, state->pf, true);
	return NF_ACCEPT;
}
EXPORT_SYMBOL_FOR_HSMON_TESTS(hsmon_local_in);

/*
 * A VRF runs LOCAL_OUT twice for each of our segments: once with the VRF
 * device as out (vrf_ip_out()), once with the real one, as without a VRF.
 * The first would make every SYN+ACK its own retransmission.
 */
unsigned int hsmon_local_out(void *priv, struct sk_buff *skb, const struct nf_hook_state *state)
{
	struct hsmon_net *hn = priv;

	if (unlikely(state->out && netif_is_l3_master(state->out)))
		return NF_ACCEPT;
	/*
	 * A cookie SYN+ACK (no request socket) of a SYN that went untracked:
	 * neither parsed into a tuple nor looked up.
	 */
	if (!skb->sk && hsmon_parse_quick(skb, state->pf) == HSMON_QUICK_SYNACK) {
		hsmon_note_cookie(hn);
		if (hsmon_stack_synack_untracked(hn))
			return NF_ACCEPT;
	}
	hsmon_process(hn, skb, state->pf, false);
	return NF_ACCEPT;
}
EXPORT_SYMBOL_FOR_HSMON_TESTS(hsmon_local_out);
