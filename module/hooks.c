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
 * entry it evicts instead.
 */
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/sock.h>
#include <net/tcp_states.h>

#include "compat.h"
#include "hsmon.h"
#include "parse.h"

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
	/* Early demux has just read the socket; the table may be cold. */
	if (pkt.seg.event == HSMON_EV_ACK && hsmon_past_handshake(skb))
		return;
	/* Disabled, the handshakes in progress only drain: no new SYN. */
	track = pkt.seg.event == HSMON_EV_SYN && READ_ONCE(hn->enabled);
	if (!track && !hsmon_table_count(t))
		return;

	hash = hsmon_table_hash(t, &pkt.key);
	if (!track)
		hsmon_table_lookup_step(t, &pkt.key, hash, &pkt.seg);
	else if (!hsmon_table_add(t, &pkt.key, hash, pkt.seg.seq, READ_ONCE(hn->max_entries)))
		hsmon_gc_kick(hn);
}

/* @priv: the namespace's hsmon_net (see hsmon_hooks_update()). */
unsigned int hsmon_local_in(void *priv, struct sk_buff *skb, const struct nf_hook_state *state)
{
	hsmon_process(priv, skb, state->pf, true);
	return NF_ACCEPT;
}
EXPORT_SYMBOL_FOR_HSMON_TESTS(hsmon_local_in);

unsigned int hsmon_local_out(void *priv, struct sk_buff *skb, const struct nf_hook_state *state)
{
	hsmon_process(priv, skb, state->pf, false);
	return NF_ACCEPT;
}
EXPORT_SYMBOL_FOR_HSMON_TESTS(hsmon_local_out);

/* Each namespace registers a copy whose priv is its hsmon_net. */
static const struct nf_hook_ops hsmon_hook_ops[HSMON_HOOKS] = {
	{
		.hook		= hsmon_local_in,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= NF_IP_PRI_SECURITY + 1,
	},
	{
		.hook		= hsmon_local_out,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= NF_IP_PRI_SECURITY + 1,
	},
	{
		.hook		= hsmon_local_in,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= NF_IP6_PRI_SECURITY + 1,
	},
	{
		.hook		= hsmon_local_out,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= NF_IP6_PRI_SECURITY + 1,
	},
};

/**
 * hsmon_hooks_update - hook or unhook a namespace as net.hsmon.enabled says
 * @hn: the namespace's hsmon state
 *
 * Enabled, the hooks are registered.  Disabled, they stay until the
 * handshakes in progress have ended, so that each still ends as it would
 * have (new SYNs are not tracked meanwhile); the GC, which runs while the
 * table has entries, calls again once it is empty.  Process context.
 *
 * Return: 0, or the error of nf_register_net_hooks().
 */
int hsmon_hooks_update(struct hsmon_net *hn)
{
	bool enabled;
	int err = 0;

	mutex_lock(&hn->hooks_lock);
	/*
	 * Read under the lock: of two writers racing, the update that runs
	 * last must see the last value, or the hooks could stay registered
	 * with net.hsmon.enabled at 0.
	 */
	enabled = READ_ONCE(hn->enabled);
	if (hn->dying || enabled == hn->hooked)
		goto out;
	if (enabled) {
		unsigned int i;

		/* The hooks find their state in priv: no net_generic() per packet. */
		memcpy(hn->hook_ops, hsmon_hook_ops, sizeof(hn->hook_ops));
		for (i = 0; i < HSMON_HOOKS; i++)
			hn->hook_ops[i].priv = hn;
		err = nf_register_net_hooks(hn->net, hn->hook_ops, HSMON_HOOKS);
		hn->hooked = !err;
	} else if (hsmon_table_count(&hn->table)) {
		hsmon_gc_kick(hn);
	} else {
		/*
		 * A SYN that saw the old value may still add an entry: the
		 * GC it kicks times it out.  Memory stays until pre_exit.
		 */
		nf_unregister_net_hooks(hn->net, hn->hook_ops, HSMON_HOOKS);
		hn->hooked = false;
	}
out:
	mutex_unlock(&hn->hooks_lock);
	return err;
}

/*
 * For good, from pre_exit.  A CPU may still be running a hook when this
 * returns: wait for an RCU grace period before freeing what the hooks use
 * (see hsmon_net_pre_exit).
 */
void hsmon_hooks_stop(struct hsmon_net *hn)
{
	mutex_lock(&hn->hooks_lock);
	if (hn->hooked)
		nf_unregister_net_hooks(hn->net, hn->hook_ops, HSMON_HOOKS);
	hn->hooked = false;
	hn->dying = true;
	mutex_unlock(&hn->hooks_lock);
}
