// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the handshake state machine, transition by transition.
 */
#include <kunit/test.h>

#include "fsm.h"

#define J 1000u
#define K 5000u
#define MAXU 0xffffffffu

struct fsm_case {
	const char *name;
	u8 state;		/* state before */
	u32 isn_client, isn_server;
	u8 event;
	u32 seq, ack;
	u8 stat;		/* expected counter */
	u8 action;		/* expected action */
	u8 next;		/* expected state after (for KEEP and RESTART) */
};

#define C(_name, _st, _j, _k, _ev, _seq, _ack, _stat, _act, _next) {		\
	.name = _name, .state = HSMON_ST_##_st, .isn_client = _j,		\
	.isn_server = _k, .event = HSMON_EV_##_ev, .seq = _seq, .ack = _ack,	\
	.stat = HSMON_STAT_##_stat, .action = HSMON_##_act,			\
	.next = HSMON_ST_##_next }

static const struct fsm_case fsm_cases[] = {
	/* SYN */
	C("SR syn same isn", SYN_RCVD, J, 0, SYN, J, 0, SYN_RETRANS, KEEP, SYN_RCVD),
	C("SR syn other isn", SYN_RCVD, J, 0, SYN, J + 7, 0, SYN_REPLACED, RESTART, SYN_RCVD),
	C("SS syn same isn", SYNACK_SENT, J, K, SYN, J, 0, SYN_RETRANS, KEEP, SYNACK_SENT),
	/* answered: the stack keeps its request, and so do we */
	C("SS syn other isn", SYNACK_SENT, J, K, SYN, 7, 0, SYN_IGNORED, KEEP, SYNACK_SENT),
	C("AD syn other isn", ACK_DROPPED, J, K, SYN, 7, 0, SYN_IGNORED, KEEP, ACK_DROPPED),
	C("EXP syn", EXPIRED, J, K, SYN, 42, 0, SYN, RESTART, SYN_RCVD),
	/* disabled: no new handshake, the tombstone goes; the others go on */
	C("EXP syn disabled", EXPIRED, J, K, SYN_DISABLED, 42, 0, NONE, RELEASE, NONE),
	C("SR syn disabled", SYN_RCVD, J, 0, SYN_DISABLED, J, 0, SYN_RETRANS, KEEP, SYN_RCVD),
	C("SS syn disabled other", SYNACK_SENT, J, K, SYN_DISABLED, 7, 0, SYN_IGNORED, KEEP,
	  SYNACK_SENT),
	/* a SYN on an established connection's tuple: challenge ACK */
	C("SR syn challenged", SYN_RCVD, J, 0, SYN_CHALLENGED, 0, 0, SYN_CHALLENGED, RELEASE,
	  NONE),
	C("SS syn challenged", SYNACK_SENT, J, K, SYN_CHALLENGED, 0, 0, NONE, KEEP, SYNACK_SENT),
	/* SYN+ACK */
	C("SR synack", SYN_RCVD, J, 0, SYNACK, K, J + 1, SYNACK, KEEP, SYNACK_SENT),
	C("SR synack wrong ack", SYN_RCVD, J, 0, SYNACK, K, J + 2, IGNORED, KEEP, SYN_RCVD),
	C("SS synack again", SYNACK_SENT, J, K, SYNACK, K, J + 1, SYNACK_RETRANS, KEEP,
	  SYNACK_SENT),
	C("EXP synack again", EXPIRED, J, K, SYNACK, K, J + 1, SYNACK_RETRANS, KEEP, EXPIRED),
	C("EXP synack wrong ack", EXPIRED, J, K, SYNACK, K, J, IGNORED, KEEP, EXPIRED),
	/* ACK */
	/* the final ACK completes nothing by itself: the stack decides */
	C("SS final ack", SYNACK_SENT, J, K, ACK, J + 1, K + 1, NONE, KEEP, SYNACK_SENT),
	C("SS ack wrong ack", SYNACK_SENT, J, K, ACK, J + 1, K + 2, BAD_ACK, KEEP, SYNACK_SENT),
	C("SS ack wrong seq", SYNACK_SENT, J, K, ACK, J + 5, K + 1, BAD_ACK, KEEP, SYNACK_SENT),
	C("SR ack", SYN_RCVD, J, 0, ACK, J + 1, 1, IGNORED, KEEP, SYN_RCVD),
	C("EXP late ack", EXPIRED, J, K, ACK, J + 1, K + 1, NONE, KEEP, EXPIRED),
	C("AD final ack again", ACK_DROPPED, J, K, ACK, J + 1, K + 1, NONE, KEEP, ACK_DROPPED),
	C("AD ack wrong ack", ACK_DROPPED, J, K, ACK, J + 1, K, BAD_ACK, KEEP, ACK_DROPPED),
	/* the stack made the connection */
	C("SR child (Fast Open)", SYN_RCVD, J, 0, CHILD, 0, 0, COMPLETED, RELEASE, NONE),
	C("SS child", SYNACK_SENT, J, K, CHILD, 0, 0, COMPLETED, RELEASE, NONE),
	C("AD child (queue drained)", ACK_DROPPED, J, K, CHILD, 0, 0, COMPLETED, RELEASE, NONE),
	C("EXP child", EXPIRED, J, K, CHILD, 0, 0, LATE_ACK, RELEASE, NONE),
	/* the stack dropped the final ACK: accept queue full */
	C("SS ack dropped", SYNACK_SENT, J, K, ACK_DROPPED, 0, 0, NONE, KEEP, ACK_DROPPED),
	C("AD ack dropped", ACK_DROPPED, J, K, ACK_DROPPED, 0, 0, NONE, KEEP, ACK_DROPPED),
	C("EXP ack dropped", EXPIRED, J, K, ACK_DROPPED, 0, 0, NONE, KEEP, EXPIRED),
	C("SR ack dropped", SYN_RCVD, J, 0, ACK_DROPPED, 0, 0, NONE, KEEP, SYN_RCVD),
	C("SS rst overflow", SYNACK_SENT, J, K, RST_OVERFLOW, K + 1, 0, LISTEN_OVERFLOW, RELEASE,
	  NONE),
	C("AD rst overflow", ACK_DROPPED, J, K, RST_OVERFLOW, K + 1, 0, LISTEN_OVERFLOW, RELEASE,
	  NONE),
	C("EXP rst overflow", EXPIRED, J, K, RST_OVERFLOW, K + 1, 0, NONE, RELEASE, NONE),
	/* the stack dropped the SYN */
	C("SR syn dropped", SYN_RCVD, J, 0, SYN_DROPPED, 0, 0, NONE, KEEP, SYN_RCVD),
	C("SS syn dropped", SYNACK_SENT, J, K, SYN_DROPPED, 0, 0, NONE, KEEP, SYNACK_SENT),
	/* RST from the client */
	C("SR client rst", SYN_RCVD, J, 0, RST_IN, J + 1, 0, RESET_BY_CLIENT, RELEASE, NONE),
	C("SS client rst", SYNACK_SENT, J, K, RST_IN, J + 1, 0, RESET_BY_CLIENT, RELEASE, NONE),
	C("SS client rst bad seq", SYNACK_SENT, J, K, RST_IN, J + 9, 0, IGNORED, KEEP,
	  SYNACK_SENT),
	C("AD client rst", ACK_DROPPED, J, K, RST_IN, J + 1, 0, RESET_BY_CLIENT, RELEASE, NONE),
	C("EXP client rst", EXPIRED, J, K, RST_IN, J + 1, 0, NONE, RELEASE, NONE),
	/* RST from us */
	C("SR server rst", SYN_RCVD, J, 0, RST_OUT, 0, J + 1, REJECTED, RELEASE, NONE),
	C("SS server rst", SYNACK_SENT, J, K, RST_OUT, K + 1, 0, REJECTED, RELEASE, NONE),
	/* our RST answers an ACK of something else: the request stays */
	C("SS rst for bad ack", SYNACK_SENT, J, K, RST_OUT, K + 7, 0, NONE, KEEP, SYNACK_SENT),
	C("AD rst for bad ack", ACK_DROPPED, J, K, RST_OUT, K, 0, NONE, KEEP, ACK_DROPPED),
	C("AD server rst", ACK_DROPPED, J, K, RST_OUT, K + 1, 0, REJECTED, RELEASE, NONE),
	C("EXP server rst", EXPIRED, J, K, RST_OUT, K + 1, 0, NONE, RELEASE, NONE),
	/* timeout */
	C("SR timeout", SYN_RCVD, J, 0, TIMEOUT, 0, 0, TIMEOUT_SYN, RELEASE, NONE),
	C("SS timeout", SYNACK_SENT, J, K, TIMEOUT, 0, 0, TIMEOUT_SYNACK, RESTART, EXPIRED),
	C("AD timeout", ACK_DROPPED, J, K, TIMEOUT, 0, 0, LISTEN_OVERFLOW, RESTART, EXPIRED),
	C("EXP timeout", EXPIRED, J, K, TIMEOUT, 0, 0, NONE, RELEASE, NONE),
	/* eviction */
	C("SR evict", SYN_RCVD, J, 0, EVICT, 0, 0, EVICTED, RELEASE, NONE),
	C("SS evict", SYNACK_SENT, J, K, EVICT, 0, 0, EVICTED, RELEASE, NONE),
	C("AD evict", ACK_DROPPED, J, K, EVICT, 0, 0, EVICTED, RELEASE, NONE),
	C("EXP evict", EXPIRED, J, K, EVICT, 0, 0, NONE, RELEASE, NONE),
	/* a SYN on an ACK_DROPPED tuple */
	C("AD syn same isn", ACK_DROPPED, J, K, SYN, J, 0, SYN_RETRANS, KEEP, ACK_DROPPED),
	C("AD synack again", ACK_DROPPED, J, K, SYNACK, K, J + 1, SYNACK_RETRANS, KEEP,
	  ACK_DROPPED),
	/* sequence numbers wrap at 2^32 */
	C("wrap synack", SYN_RCVD, MAXU, 0, SYNACK, MAXU, 0, SYNACK, KEEP, SYNACK_SENT),
	C("wrap final ack", SYNACK_SENT, MAXU, MAXU, ACK, 0, 0, NONE, KEEP, SYNACK_SENT),
	C("wrap ack not K", SYNACK_SENT, MAXU, MAXU, ACK, 0, MAXU, BAD_ACK, KEEP, SYNACK_SENT),
	C("wrap client rst", SYNACK_SENT, MAXU, MAXU, RST_IN, 0, 0, RESET_BY_CLIENT, RELEASE,
	  NONE),
	/* an entry being freed ignores everything */
	C("NONE syn", NONE, J, K, SYN, J, 0, NONE, KEEP, NONE),
	C("NONE ack", NONE, J, K, ACK, J + 1, K + 1, NONE, KEEP, NONE),
};

static void fsm_case_desc(const struct fsm_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(fsm, fsm_cases, fsm_case_desc);

static void fsm_test_transition(struct kunit *test)
{
	const struct fsm_case *c = test->param_value;
	struct hsmon_fsm f = {
		.state = c->state,
		.isn_client = c->isn_client,
		.isn_server = c->isn_server,
	};
	struct hsmon_seg seg = { .event = c->event, .seq = c->seq, .ack = c->ack };
	struct hsmon_verdict v;

	v = hsmon_fsm_step(&f, &seg);

	KUNIT_EXPECT_EQ(test, v.stat, c->stat);
	KUNIT_EXPECT_EQ(test, v.action, c->action);
	if (v.action != HSMON_RELEASE)
		KUNIT_EXPECT_STREQ(test, hsmon_state_name(f.state), hsmon_state_name(c->next));
}

/* A whole handshake, and the ISNs the machine keeps on the way. */
static void fsm_test_full_handshake(struct kunit *test)
{
	struct hsmon_seg syn = { .event = HSMON_EV_SYN, .seq = J };
	struct hsmon_seg synack = { .event = HSMON_EV_SYNACK, .seq = K, .ack = J + 1 };
	struct hsmon_seg ack = { .event = HSMON_EV_ACK, .seq = J + 1, .ack = K + 1 };
	struct hsmon_seg child = { .event = HSMON_EV_CHILD };
	struct hsmon_fsm f;

	hsmon_fsm_start(&f, J);
	KUNIT_EXPECT_EQ(test, f.state, HSMON_ST_SYN_RCVD);
	KUNIT_EXPECT_EQ(test, f.isn_client, J);

	KUNIT_EXPECT_EQ(test, hsmon_fsm_step(&f, &syn).stat, HSMON_STAT_SYN_RETRANS);
	KUNIT_EXPECT_EQ(test, hsmon_fsm_step(&f, &synack).stat, HSMON_STAT_SYNACK);
	KUNIT_EXPECT_EQ(test, f.isn_server, K);
	KUNIT_EXPECT_EQ(test, hsmon_fsm_step(&f, &synack).stat, HSMON_STAT_SYNACK_RETRANS);
	KUNIT_EXPECT_EQ(test, f.syn_retrans, 1);
	KUNIT_EXPECT_EQ(test, f.synack_retrans, 1);
	KUNIT_EXPECT_EQ(test, hsmon_fsm_step(&f, &ack).stat, HSMON_STAT_NONE);
	KUNIT_EXPECT_EQ(test, hsmon_fsm_step(&f, &child).stat, HSMON_STAT_COMPLETED);
}

/* A retransmitted SYN+ACK with a new ISN (SYN cookies) moves K. */
static void fsm_test_synack_new_isn(struct kunit *test)
{
	struct hsmon_seg synack = { .event = HSMON_EV_SYNACK, .seq = K, .ack = J + 1 };
	struct hsmon_seg ack = { .event = HSMON_EV_ACK, .seq = J + 1, .ack = K + 101 };
	struct hsmon_fsm f;

	hsmon_fsm_start(&f, J);
	hsmon_fsm_step(&f, &synack);
	synack.seq = K + 100;
	hsmon_fsm_step(&f, &synack);
	KUNIT_EXPECT_EQ(test, f.isn_server, K + 100);
	KUNIT_EXPECT_EQ(test, hsmon_fsm_step(&f, &ack).stat, HSMON_STAT_NONE);
}

/*
 * A SYN the stack dropped (accept queue full) makes the attempt's timeout
 * syn_dropped; a SYN with another ISN starts an attempt that is not.
 */
static void fsm_test_syn_dropped(struct kunit *test)
{
	struct hsmon_seg dropped = { .event = HSMON_EV_SYN_DROPPED };
	struct hsmon_seg timeout = { .event = HSMON_EV_TIMEOUT };
	struct hsmon_seg syn = { .event = HSMON_EV_SYN, .seq = J + 9 };
	struct hsmon_fsm f;

	hsmon_fsm_start(&f, J);
	hsmon_fsm_step(&f, &dropped);
	KUNIT_EXPECT_EQ(test, hsmon_fsm_step(&f, &timeout).stat, HSMON_STAT_SYN_DROPPED);

	hsmon_fsm_start(&f, J);
	hsmon_fsm_step(&f, &dropped);
	KUNIT_EXPECT_EQ(test, hsmon_fsm_step(&f, &syn).stat, HSMON_STAT_SYN_REPLACED);
	KUNIT_EXPECT_EQ(test, hsmon_fsm_step(&f, &timeout).stat, HSMON_STAT_TIMEOUT_SYN);
}

/*
 * The listen backlog trap: the stack drops the final ACK, the tuple waits
 * in ACK_DROPPED, its timeout is listen_overflow, and a connection the
 * stack makes after that is late_ack.
 */
static void fsm_test_listen_overflow(struct kunit *test)
{
	struct hsmon_seg synack = { .event = HSMON_EV_SYNACK, .seq = K, .ack = J + 1 };
	struct hsmon_seg dropped = { .event = HSMON_EV_ACK_DROPPED };
	struct hsmon_seg timeout = { .event = HSMON_EV_TIMEOUT };
	struct hsmon_seg child = { .event = HSMON_EV_CHILD };
	struct hsmon_fsm f;

	hsmon_fsm_start(&f, J);
	hsmon_fsm_step(&f, &synack);
	hsmon_fsm_step(&f, &dropped);
	KUNIT_EXPECT_EQ(test, f.state, HSMON_ST_ACK_DROPPED);
	KUNIT_EXPECT_EQ(test, hsmon_fsm_step(&f, &synack).stat, HSMON_STAT_SYNACK_RETRANS);
	KUNIT_EXPECT_EQ(test, f.state, HSMON_ST_ACK_DROPPED);
	KUNIT_EXPECT_EQ(test, hsmon_fsm_step(&f, &timeout).stat, HSMON_STAT_LISTEN_OVERFLOW);
	KUNIT_EXPECT_EQ(test, f.state, HSMON_ST_EXPIRED);
	KUNIT_EXPECT_EQ(test, hsmon_fsm_step(&f, &child).stat, HSMON_STAT_LATE_ACK);
}

/* Retransmission counts stop at 255 instead of wrapping to 0. */
static void fsm_test_retrans_saturate(struct kunit *test)
{
	struct hsmon_seg syn = { .event = HSMON_EV_SYN, .seq = J };
	struct hsmon_fsm f;
	int i;

	hsmon_fsm_start(&f, J);
	for (i = 0; i < 300; i++)
		hsmon_fsm_step(&f, &syn);
	KUNIT_EXPECT_EQ(test, f.syn_retrans, 255);
}

/* Every state and event gives a valid verdict and a valid state. */
static void fsm_test_total(struct kunit *test)
{
	u8 st, ev;

	for (st = 0; st < HSMON_ST_MAX; st++) {
		for (ev = 0; ev <= HSMON_EV_MAX; ev++) {
			struct hsmon_fsm f = { .state = st, .isn_client = J, .isn_server = K };
			struct hsmon_seg seg = { .event = ev, .seq = J + 1, .ack = K + 1 };
			struct hsmon_verdict v = hsmon_fsm_step(&f, &seg);

			KUNIT_EXPECT_LE(test, v.stat, HSMON_STAT_NONE);
			KUNIT_EXPECT_LE(test, v.action, HSMON_RELEASE);
			KUNIT_EXPECT_LT(test, f.state, HSMON_ST_MAX);
		}
	}
	KUNIT_EXPECT_STREQ(test, hsmon_state_name(HSMON_ST_MAX), "?");
}

static struct kunit_case hsmon_fsm_cases[] = {
	KUNIT_CASE_PARAM(fsm_test_transition, fsm_gen_params),
	KUNIT_CASE(fsm_test_full_handshake),
	KUNIT_CASE(fsm_test_synack_new_isn),
	KUNIT_CASE(fsm_test_syn_dropped),
	KUNIT_CASE(fsm_test_listen_overflow),
	KUNIT_CASE(fsm_test_retrans_saturate),
	KUNIT_CASE(fsm_test_total),
	{}
};

static struct kunit_suite hsmon_fsm_suite = {
	.name = "hsmon_fsm",
	.test_cases = hsmon_fsm_cases,
};

kunit_test_suite(hsmon_fsm_suite);
