/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The stack's verdict: what the server's TCP stack decided about the
 * handshake segments the hooks saw (see stack.c).
 */
#ifndef _HSMON_STACK_H
#define _HSMON_STACK_H

#include <linux/percpu.h>
#include <linux/skbuff.h>

#include "hsmon.h"
#include "parse.h"

/*
 * The segment under judgement on this CPU: armed by the LOCAL_IN hook,
 * resolved by the stack's tracepoints before the hook runs again (or
 * left stale, see stack.c).
 */
struct hsmon_slot {
	const struct sk_buff *skb;	/* NULL: nothing under judgement */
	struct net *net;
	struct hsmon_key key;
	u32 hash;			/* hsmon_table_hash() of key */
	u8 event;			/* HSMON_EV_SYN or HSMON_EV_ACK */
	bool untracked;			/* a flood's SYN: no key, hash or handshake */
	unsigned long overflows;	/* this CPU's ListenOverflows when armed */
	unsigned long drops;		/* this CPU's ListenDrops when armed */
	unsigned long challenges;	/* this CPU's TCPSYNChallenge when armed */
	const struct sock *child;	/* the connection this CPU made last */
};

DECLARE_PER_CPU(struct hsmon_slot, hsmon_slot);

int hsmon_stack_init(unsigned int net_id);
void hsmon_stack_exit(void);
void hsmon_stack_arm(struct hsmon_net *hn, const struct sk_buff *skb,
		     const struct hsmon_pkt *pkt, u32 hash);
void hsmon_stack_child(struct net *net, __be16 sport, const struct sock *child);
void hsmon_stack_discarded(const struct sock *sk);
void hsmon_stack_forget(struct list_head *net_exit_list);
u8 hsmon_stack_rst_out(struct hsmon_net *hn, const struct hsmon_key *key);
void hsmon_stack_arm_flood(struct hsmon_net *hn, const struct sk_buff *skb);
bool hsmon_stack_synack_untracked(struct hsmon_net *hn);

#endif /* _HSMON_STACK_H */
