// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the stack's verdict on a connection it throws away at once
 * (stack.c's hsmon_stack_discarded()), and on a SYN of a flood that the
 * hooks do not track, played without packets: the test makes the stack's
 * tracepoint calls on a socket of its own, in the initial namespace,
 * with bottom halves off as the receive path has them.
 */
#include <kunit/test.h>
#include <linux/bottom_half.h>
#include <linux/skbuff.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "hsmon.h"
#include "stack.h"
#include "stats.h"

/* A listener's port no test traffic uses: no armed slot can match it. */
#define STACK_TEST_PORT	htons(7)

struct stack_test_counts {
	u64 untracked;
	u64 duplicate;
	u64 fastopen;
};

static struct stack_test_counts stack_test_counts(void)
{
	struct hsmon_stats sum;

	hsmon_stats_sum(hsmon_pernet(&init_net)->stats, &sum);
	return (struct stack_test_counts) {
		.untracked = sum.cnt[HSMON_STAT_PASSIVE_UNTRACKED],
		.duplicate = sum.cnt[HSMON_STAT_PASSIVE_DUPLICATE],
		.fastopen = sum.cnt[HSMON_STAT_FASTOPEN],
	};
}

static struct sock *stack_test_sock(struct kunit *test)
{
	struct sock *sk = kunit_kzalloc(test, sizeof(*sk), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, sk);
	write_pnet(&sk->sk_net, &init_net);
	sk_node_init(&sk->sk_node);
	return sk;
}

/*
 * The stack makes @child and closes @closed before the receive path
 * moves on: the calls of inet_sock_set_state(LISTEN ->
 * SYN_RECV) and (SYN_RECV -> CLOSE).  Returns the counters' moves.
 */
static struct stack_test_counts stack_test_play(struct sock *child, struct sock *closed)
{
	struct stack_test_counts before = stack_test_counts(), after;

	local_bh_disable();
	hsmon_stack_child(&init_net, STACK_TEST_PORT, child);
	hsmon_stack_discarded(closed);
	local_bh_enable();
	after = stack_test_counts();
	return (struct stack_test_counts) {
		.untracked = after.untracked - before.untracked,
		.duplicate = after.duplicate - before.duplicate,
	};
}

/* A twin that lost the race for its request: untracked, and a duplicate. */
static void stack_test_twin_discarded(struct kunit *test)
{
	struct sock *sk = stack_test_sock(test);
	struct stack_test_counts d = stack_test_play(sk, sk);

	KUNIT_EXPECT_EQ(test, d.untracked, 1);
	KUNIT_EXPECT_EQ(test, d.duplicate, 1);

	/* Its close is counted once: the slot forgot it. */
	d = stack_test_counts();
	local_bh_disable();
	hsmon_stack_discarded(sk);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, stack_test_counts().duplicate, d.duplicate);
}

/* Closes that are not a twin's: none is a duplicate. */
static void stack_test_not_a_twin(struct kunit *test)
{
	struct sock *sk = stack_test_sock(test), *other = stack_test_sock(test);
	struct stack_test_counts d;

	/* Another connection than the one this CPU made last. */
	d = stack_test_play(sk, other);
	KUNIT_EXPECT_EQ(test, d.duplicate, 0);

	/* Hashed: a connection that lived (a reset in SYN_RECV). */
	sk->sk_node.pprev = &sk->sk_node.next;
	d = stack_test_play(sk, sk);
	KUNIT_EXPECT_EQ(test, d.duplicate, 0);
	sk_node_init(&sk->sk_node);

	/* Dead first: closed for want of a route or memory. */
	sock_set_flag(sk, SOCK_DEAD);
	d = stack_test_play(sk, sk);
	KUNIT_EXPECT_EQ(test, d.duplicate, 0);
	sock_reset_flag(sk, SOCK_DEAD);

	/* Outside the receive path. */
	local_bh_disable();
	hsmon_stack_child(&init_net, STACK_TEST_PORT, sk);
	local_bh_enable();
	d = stack_test_counts();
	hsmon_stack_discarded(sk);
	KUNIT_EXPECT_EQ(test, stack_test_counts().duplicate, d.duplicate);
}

/* A SYN of 192.0.2.1:1000 to STACK_TEST_PORT of 192.0.2.2. */
static struct hsmon_pkt stack_test_syn(void)
{
	struct hsmon_pkt pkt = {
		.key = {
			.family = NFPROTO_IPV4,
			.client.ip = htonl(0xc0000201),
			.server.ip = htonl(0xc0000202),
			.cport = htons(1000),
			.sport = STACK_TEST_PORT,
		},
		.seg = { .event = HSMON_EV_SYN, .seq = 1 },
	};

	return pkt;
}

/*
 * A cookie SYN+ACK needs a lookup only while the slot holds a SYN that
 * hsmon tracks in the same namespace: not for a flood's SYN, another
 * namespace's, an ACK, a SYN the stack is done with, nor outside the
 * receive path, where nothing is certain.
 */
static void stack_test_synack_untracked(struct kunit *test)
{
	struct hsmon_net *hn = hsmon_pernet(&init_net);
	struct sk_buff *skb = alloc_skb(0, GFP_KERNEL);
	struct hsmon_pkt pkt = stack_test_syn();
	struct hsmon_pkt ack = pkt;
	/* Another namespace's: its net is not init_net. */
	struct hsmon_net *other = kunit_kzalloc(test, sizeof(*other), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_NOT_NULL(test, other);
	ack.seg.event = HSMON_EV_ACK;
	local_bh_disable();
	hsmon_stack_arm_flood(hn, skb);
	KUNIT_EXPECT_TRUE(test, hsmon_stack_synack_untracked(hn));
	hsmon_stack_arm(hn, skb, &pkt, 0);
	KUNIT_EXPECT_FALSE(test, hsmon_stack_synack_untracked(hn));
	KUNIT_EXPECT_TRUE(test, hsmon_stack_synack_untracked(other));
	hsmon_stack_arm(hn, skb, &ack, 0);
	KUNIT_EXPECT_TRUE(test, hsmon_stack_synack_untracked(hn));
	hsmon_stack_arm(hn, skb, &pkt, 0);
	/* The stack is done with the SYN: the slot is free again. */
	kfree_skb(skb);
	KUNIT_EXPECT_TRUE(test, hsmon_stack_synack_untracked(hn));
	local_bh_enable();
	/* Outside the receive path: looked up. */
	KUNIT_EXPECT_FALSE(test, hsmon_stack_synack_untracked(hn));
}

/*
 * A connection made at an untracked SYN (Fast Open): passive_untracked,
 * and not fastopen, which counts completed handshakes only.
 */
static void stack_test_child_untracked(struct kunit *test)
{
	struct hsmon_net *hn = hsmon_pernet(&init_net);
	struct sk_buff *skb = alloc_skb(0, GFP_KERNEL);
	struct hsmon_pkt pkt = stack_test_syn();
	struct sock *sk = stack_test_sock(test);
	struct stack_test_counts before = stack_test_counts();

	KUNIT_ASSERT_NOT_NULL(test, skb);
	/* The slot's tuple is an earlier segment's, for another port. */
	pkt.key.sport = htons(ntohs(STACK_TEST_PORT) + 1);
	local_bh_disable();
	hsmon_stack_arm(hn, skb, &pkt, 0);
	hsmon_stack_arm_flood(hn, skb);
	hsmon_stack_child(&init_net, STACK_TEST_PORT, sk);
	kfree_skb(skb);
	local_bh_enable();
	KUNIT_EXPECT_EQ(test, stack_test_counts().untracked - before.untracked, 1);
	KUNIT_EXPECT_EQ(test, stack_test_counts().fastopen, before.fastopen);
}

static struct kunit_case stack_test_cases[] = {
	KUNIT_CASE(stack_test_twin_discarded),
	KUNIT_CASE(stack_test_not_a_twin),
	KUNIT_CASE(stack_test_synack_untracked),
	KUNIT_CASE(stack_test_child_untracked),
	{}
};

static struct kunit_suite stack_test_suite = {
	.name = "hsmon_stack",
	.test_cases = stack_test_cases,
};

kunit_test_suite(stack_test_suite);
