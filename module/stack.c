// SPDX-License-Identifier: GPL-2.0
/*
 * The stack's verdict: the outcome of a handshake is what the server's
 * TCP stack decided, learned from the stack, not predicted from the wire.
 *
 * How.  The LOCAL_IN hook arms a per-CPU slot with the segment it passes
 * on (a SYN, or an ACK while the table has handshakes): its skb, tuple
 * and this CPU's ListenOverflows, ListenDrops and TCPSYNChallenge.  The
 * stack then judges that segment on the same CPU, in the same bottom-half
 * section: netfilter's LOCAL_IN okfn calls tcp_v4_rcv()/tcp_v6_rcv()
 * directly, and the listener path is lockless, so it never goes through
 * a socket backlog.  Its decisions reach hsmon through three tracepoints
 * and our own RST:
 *
 *  - inet_sock_set_state(LISTEN -> SYN_RECV), fired once per connection
 *    the stack creates, by inet_csk_clone_lock(), right where it counts
 *    TcpPassiveOpens: CHILD.  With the slot armed for the same namespace
 *    and listening port, the child is the armed segment's: completed (a
 *    Fast Open one when the segment is a SYN).  Otherwise the stack made
 *    a connection hsmon does not track: passive_untracked.  So in every
 *    namespace TcpPassiveOpens = completed + late_ack + passive_untracked,
 *    exactly, whatever another CPU's accept() does.
 *  - inet_sock_set_state(SYN_RECV -> CLOSE) of the child just made, never
 *    hashed: the stack threw it away, a twin of another CPU's child
 *    (passive_duplicate, see hsmon_stack_discarded()).
 *  - kfree_skb and consume_skb of the armed skb: the stack is done with
 *    the segment without a connection.  A move of this CPU's
 *    ListenOverflows since the slot was armed means the accept queue was
 *    full: for an ACK, ACK_DROPPED (the client believes it is connected);
 *    for a SYN, with ListenDrops, SYN_DROPPED; with TCPSYNChallenge, the
 *    tuple is an established connection's, SYN_CHALLENGED (RFC 5961).
 *    Nothing else runs on this CPU between the arming and the free, so
 *    no other segment moved them.
 *  - our RST at LOCAL_OUT for the armed ACK, with ListenOverflows moved:
 *    tcp_abort_on_overflow's reset, RST_OVERFLOW.
 *
 * Why not the request socket that early demux hands the hook: it says
 * what the stack is about to do, not what it did (an accept() on another
 * CPU changes the queue in between), and early demux never runs on
 * loopback.  inet_sock_set_state is not exported to modules; like
 * lttng-modules, hsmon finds it with for_each_kernel_tracepoint() and
 * attaches with tracepoint_probe_register().  The kernel must have
 * CONFIG_TRACEPOINTS, or hsmon does not load.
 *
 * A slot is not disarmed after each packet (a per-CPU store on every
 * packet cost as much again as the hook's header parse, measured with
 * make bench-native): one the stack left without a verdict stays until
 * the next SYN or ACK overwrites it.  It cannot mislead.  Every SYN and
 * every ACK that can make a connection re-arms the slot while the table
 * has entries; a connection made while it is empty is not tracked, so a
 * stale slot's lookup misses and it is passive_untracked, as it should
 * be.  A new skb at a stale slot's address, freed on this CPU, closes the
 * slot: the counters of its namespace then tell whether the stack dropped
 * a SYN or an ACK there since, for a tuple that is not tracked.  The
 * namespace is alive: hsmon_stack_forget() clears the slots that name a
 * dying one, a grace period before hsmon frees what probes use.
 *
 * Cost: for an armed segment a copy of its tuple and three per-CPU
 * loads; system-wide one pointer comparison per freed skb and per socket
 * state change.
 *
 * Limits:
 *  - A SYN on an established connection owned by its process at that
 *    moment is judged later, from the socket's backlog: it falls back to
 *    timeout_syn.
 *  - A hook after hsmon's at LOCAL_IN that steals or queues the segment
 *    (IPVS, NFQUEUE) leaves the slot without a verdict: the handshake
 *    ends by its timeout.
 *  - A child whose listening port differs from the packet's (TPROXY,
 *    sk_lookup redirects) is counted passive_untracked.
 *  - TcpPassiveOpens also counts a child the stack throws away at once.
 *    A twin that lost the race for its request is passive_untracked and
 *    passive_duplicate (hsmon_stack_discarded()); one closed by a failed
 *    route, port inheritance or allocation counts as the stack counted it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <linux/string.h>
#include <linux/tracepoint.h>
#include <net/inet_sock.h>
#include <net/ip.h>
#include <net/sock.h>
#include <net/tcp_states.h>

#include "compat.h"
#include "stack.h"
#include "testing.h"

DEFINE_PER_CPU(struct hsmon_slot, hsmon_slot);

/* main.c's pernet id, handed over at init: how a probe finds hsmon_net. */
static unsigned int hsmon_stack_net_id __read_mostly;

static struct hsmon_net *hsmon_stack_pernet(const struct net *net)
{
	return net_generic(net, hsmon_stack_net_id);
}

/* This CPU's value of one of @net's TcpExt counters. */
static unsigned long hsmon_mib(const struct net *net, int field)
{
	return this_cpu_read(net->mib.net_statistics->mibs[field]);
}

/* Arm this CPU's slot, its tuple set or not needed; the skb last. */
static void hsmon_slot_arm(struct hsmon_slot *s, struct hsmon_net *hn,
			   const struct sk_buff *skb, u8 event, bool untracked)
{
	s->net = hn->net;
	s->event = event;
	s->overflows = hsmon_mib(hn->net, LINUX_MIB_LISTENOVERFLOWS);
	s->drops = hsmon_mib(hn->net, LINUX_MIB_LISTENDROPS);
	s->challenges = hsmon_mib(hn->net, LINUX_MIB_TCPSYNCHALLENGE);
	s->untracked = untracked;
	s->skb = skb;
}

/**
 * hsmon_stack_arm - put a segment under judgement
 * @hn: the namespace whose LOCAL_IN hook saw it
 * @skb: the segment
 * @pkt: its tuple and event (a SYN or an ACK)
 * @hash: hsmon_table_hash() of its tuple
 *
 * Called from the LOCAL_IN hook, with bottom halves off.
 */
void hsmon_stack_arm(struct hsmon_net *hn, const struct sk_buff *skb,
		     const struct hsmon_pkt *pkt, u32 hash)
{
	struct hsmon_slot *s = this_cpu_ptr(&hsmon_slot);

	s->key = pkt->key;
	s->hash = hash;
	hsmon_slot_arm(s, hn, skb, pkt->seg.event, false);
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_stack_arm);

/**
 * hsmon_stack_arm_flood - put a flood's SYN under judgement, untracked
 * @hn: the namespace whose LOCAL_IN hook saw it
 * @skb: the SYN, which hooks.c neither tracks nor looks up
 *
 * Its verdict is counted, and no handshake is told: so no tuple is kept
 * (its SYN+ACK is recognised by hsmon_stack_synack_untracked()).
 * Called from the LOCAL_IN hook, with bottom halves off.
 */
void hsmon_stack_arm_flood(struct hsmon_net *hn, const struct sk_buff *skb)
{
	hsmon_slot_arm(this_cpu_ptr(&hsmon_slot), hn, skb, HSMON_EV_SYN, true);
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_stack_arm_flood);

/**
 * hsmon_stack_synack_untracked - whether a cookie SYN+ACK answers an untracked SYN
 * @hn: the namespace whose LOCAL_OUT hook saw it
 *
 * The stack sends a cookie SYN+ACK only while it judges the SYN it
 * answers, on that SYN's CPU, right after our LOCAL_IN hook saw it; every
 * SYN that hsmon tracks there arms this CPU's slot (hooks.c).  So when
 * the slot holds no tracked SYN of @hn, the SYN went untracked, or was
 * not tracked at all, and its SYN+ACK has nothing to look up.  Outside
 * the receive path (a SYN that a queue reinjected) nothing is certain.
 *
 * Return: true if the SYN+ACK needs no lookup.
 */
bool hsmon_stack_synack_untracked(struct hsmon_net *hn)
{
	const struct hsmon_slot *s;

	if (!in_softirq())
		return false;
	s = this_cpu_ptr(&hsmon_slot);
	return !(s->skb && s->net == hn->net && s->event == HSMON_EV_SYN && !s->untracked);
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_stack_synack_untracked);

/* Tell the armed segment's handshake, if tracked, what the stack did. */
static bool hsmon_stack_tell(struct hsmon_net *hn, const struct hsmon_slot *s, u8 event)
{
	const struct hsmon_seg seg = { .event = event };

	return hsmon_table_lookup_step(&hn->table, &s->key, s->hash, &seg);
}

/**
 * hsmon_stack_child - the stack made a connection
 * @net: its namespace
 * @sport: its listener's port
 * @child: its socket
 *
 * From inet_sock_set_state(LISTEN -> SYN_RECV); exported to the hook
 * benchmark, which plays the stack.
 */
void hsmon_stack_child(struct net *net, __be16 sport, const struct sock *child)
{
	struct hsmon_slot *s;
	struct hsmon_net *hn;
	bool told = false;

	rcu_read_lock();
	hn = hsmon_stack_pernet(net);
	/* Outside the receive path no slot can be this child's. */
	if (in_softirq()) {
		s = this_cpu_ptr(&hsmon_slot);
		s->child = child;
		/* A flood's SYN (hooks.c) has no tuple, no handshake to tell. */
		if (s->skb && s->net == net && (s->untracked || s->key.sport == sport)) {
			s->skb = NULL;
			if (!s->untracked) {
				if (s->event == HSMON_EV_SYN)
					hsmon_stat_inc(hn->stats, HSMON_STAT_FASTOPEN);
				told = hsmon_stack_tell(hn, s, HSMON_EV_CHILD);
			}
		}
	}
	if (!told)
		hsmon_stat_inc(hn->stats, HSMON_STAT_PASSIVE_UNTRACKED);
	rcu_read_unlock();
}
EXPORT_SYMBOL_FOR_HSMON_TESTS(hsmon_stack_child);

/**
 * hsmon_stack_discarded - the stack threw away a connection it just made
 * @sk: the connection, going from SYN_RECV to CLOSE
 *
 * A connection made on this CPU that closes before it was ever hashed,
 * and not as the route or memory failures of tcp_v[46]_syn_recv_sock()
 * close it (those mark it dead first), lost the race for its request:
 * inet_ehash_nolisten() found the request gone, taken by a twin made on
 * another CPU from a second copy of the final ACK (tcp_check_req()'s
 * req_stolen), or found the connection of a syncookie ACK already made.
 * TcpPassiveOpens counted both twins; hsmon counted one of them like any
 * other connection and the other, whose lookup found the handshake
 * already ended, passive_untracked.  passive_duplicate says which of the
 * passive_untracked were such twins.
 *
 * From inet_sock_set_state(SYN_RECV -> CLOSE); exported to the KUnit
 * suites, which play the stack.
 */
void hsmon_stack_discarded(const struct sock *sk)
{
	struct hsmon_slot *s;

	if (!in_softirq())
		return;
	s = this_cpu_ptr(&hsmon_slot);
	if (s->child != sk || !sk_unhashed(sk) || sock_flag(sk, SOCK_DEAD))
		return;
	s->child = NULL;
	rcu_read_lock();
	hsmon_stat_inc(hsmon_stack_pernet(sock_net(sk))->stats, HSMON_STAT_PASSIVE_DUPLICATE);
	rcu_read_unlock();
}
EXPORT_SYMBOL_FOR_HSMON_TESTS(hsmon_stack_discarded);

/*
 * The stack freed the armed segment, and made no connection of it.  Not
 * inlined into hsmon_stack_free(): every skb the host frees would pay
 * for its registers, as a perf profile showed (bench/history.md).
 */
static noinline void hsmon_stack_freed(struct hsmon_slot *s)
{
	struct net *net = s->net;
	enum hsmon_stat stat;
	struct hsmon_net *hn;
	u8 event;

	s->skb = NULL;
	if (s->event == HSMON_EV_ACK) {
		if (hsmon_mib(net, LINUX_MIB_LISTENOVERFLOWS) == s->overflows)
			return;
		event = HSMON_EV_ACK_DROPPED;
		stat = HSMON_STAT_LISTEN_OVERFLOW_DROPS;
	} else if (hsmon_mib(net, LINUX_MIB_LISTENDROPS) != s->drops) {
		event = HSMON_EV_SYN_DROPPED;
		if (hsmon_mib(net, LINUX_MIB_LISTENOVERFLOWS) != s->overflows)
			stat = HSMON_STAT_SYN_DROP_ACCEPTQ;
		else
			stat = HSMON_STAT_SYN_DROP_OTHER;
	} else if (hsmon_mib(net, LINUX_MIB_TCPSYNCHALLENGE) != s->challenges) {
		event = HSMON_EV_SYN_CHALLENGED;
		stat = HSMON_STAT_NONE;
	} else {
		return;
	}
	rcu_read_lock();
	hn = hsmon_stack_pernet(net);
	hsmon_stat_inc(hn->stats, stat);
	if (!s->untracked)
		hsmon_stack_tell(hn, s, event);
	rcu_read_unlock();
}

/*
 * kfree_skb and consume_skb run everywhere, in every context: the armed
 * skb can only be freed on its own CPU, by the receive path that holds
 * it, so a comparison with this CPU's slot is all they cost elsewhere.
 * Never in a hard interrupt, which may have interrupted a holder of the
 * shard lock that hsmon_stack_freed() takes: no armed skb is freed
 * there, only a stale slot's namesake could be.
 */
static __always_inline void hsmon_stack_free(const struct sk_buff *skb)
{
	struct hsmon_slot *s = raw_cpu_ptr(&hsmon_slot);

	if (unlikely(READ_ONCE(s->skb) == skb) && (in_task() || in_serving_softirq()))
		hsmon_stack_freed(s);
}

/**
 * hsmon_stack_forget - clear the slots that name dying namespaces
 * @net_exit_list: the namespaces, linked by exit_list
 *
 * From the pernet exit_batch: their hooks are gone, no slot can name them
 * again.  A slot that another CPU arms meanwhile for another namespace
 * may be cleared too: that segment then gets no verdict.
 */
void hsmon_stack_forget(struct list_head *net_exit_list)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct hsmon_slot *s = per_cpu_ptr(&hsmon_slot, cpu);
		struct net *sn = READ_ONCE(s->net), *net;

		list_for_each_entry(net, net_exit_list, exit_list) {
			if (net == sn)
				WRITE_ONCE(s->skb, NULL);
		}
	}
}

/**
 * hsmon_stack_rst_out - what our RST at LOCAL_OUT means
 * @hn: the namespace whose LOCAL_OUT hook saw it
 * @key: its tuple
 *
 * Return: HSMON_EV_RST_OVERFLOW if the stack reset the armed final ACK
 * because the accept queue was full (tcp_abort_on_overflow), else
 * HSMON_EV_RST_OUT.
 */
u8 hsmon_stack_rst_out(struct hsmon_net *hn, const struct hsmon_key *key)
{
	struct hsmon_slot *s;

	if (!in_softirq())
		return HSMON_EV_RST_OUT;
	s = this_cpu_ptr(&hsmon_slot);
	if (!s->skb || s->event != HSMON_EV_ACK || s->net != hn->net ||
	    !hsmon_key_equal(&s->key, key) ||
	    hsmon_mib(hn->net, LINUX_MIB_LISTENOVERFLOWS) == s->overflows)
		return HSMON_EV_RST_OUT;
	s->skb = NULL;
	hsmon_stat_inc(hn->stats, HSMON_STAT_LISTEN_OVERFLOW_DROPS);
	return HSMON_EV_RST_OVERFLOW;
}

static void hsmon_probe_set_state(void *data, const struct sock *sk, const int oldstate,
				  const int newstate)
{
	if (sk->sk_protocol != IPPROTO_TCP)
		return;
	if (oldstate == TCP_LISTEN && newstate == TCP_SYN_RECV)
		hsmon_stack_child(sock_net(sk), inet_sk(sk)->inet_sport, sk);
	else if (oldstate == TCP_SYN_RECV && newstate == TCP_CLOSE)
		hsmon_stack_discarded(sk);
}

static void hsmon_probe_kfree_skb(void *data, HSMON_KFREE_SKB_ARGS)
{
	hsmon_stack_free(skb);
}

static void hsmon_probe_consume_skb(void *data, HSMON_CONSUME_SKB_ARGS)
{
	hsmon_stack_free(skb);
}

static struct hsmon_probe {
	const char *name;
	void *func;
	struct tracepoint *tp;
} hsmon_probes[] = {
	{ "inet_sock_set_state",	hsmon_probe_set_state },
	{ "kfree_skb",			hsmon_probe_kfree_skb },
	{ "consume_skb",		hsmon_probe_consume_skb },
};

static void hsmon_probe_find(struct tracepoint *tp, void *priv)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hsmon_probes); i++) {
		if (!strcmp(tp->name, hsmon_probes[i].name))
			hsmon_probes[i].tp = tp;
	}
}

static void hsmon_probes_detach(unsigned int n)
{
	while (n--)
		tracepoint_probe_unregister(hsmon_probes[n].tp, hsmon_probes[n].func, NULL);
	/* No probe runs once this returns: the module may go. */
	tracepoint_synchronize_unregister();
}

/**
 * hsmon_stack_init - attach to the stack's tracepoints
 * @net_id: the pernet id of struct hsmon_net
 *
 * Call once every namespace has its hsmon_net: the probes look it up.
 *
 * Return: 0, or -ENOENT if the kernel lacks one of them.
 */
int hsmon_stack_init(unsigned int net_id)
{
	unsigned int i;
	int err;

	hsmon_stack_net_id = net_id;
	for_each_kernel_tracepoint(hsmon_probe_find, NULL);
	for (i = 0; i < ARRAY_SIZE(hsmon_probes); i++) {
		struct hsmon_probe *p = &hsmon_probes[i];

		if (!p->tp) {
			pr_err("no tracepoint %s (CONFIG_TRACEPOINTS?)\n", p->name);
			err = -ENOENT;
			goto err;
		}
		err = tracepoint_probe_register(p->tp, p->func, NULL);
		if (err) {
			pr_err("cannot attach to tracepoint %s: %d\n", p->name, err);
			goto err;
		}
	}
	return 0;

err:
	hsmon_probes_detach(i);
	return err;
}

void hsmon_stack_exit(void)
{
	hsmon_probes_detach(ARRAY_SIZE(hsmon_probes));
}
