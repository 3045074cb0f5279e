/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The handshake state machine: a pure function of one tracked handshake's
 * state and one event.  No packets, no time, no locks: see fsm.c, which
 * holds all of it.
 */
#ifndef _HSMON_FSM_H
#define _HSMON_FSM_H

#include <linux/types.h>

#include "stats.h"

enum hsmon_state {
	HSMON_ST_NONE,		/* not tracked: the entry is being freed */
	HSMON_ST_SYN_RCVD,	/* client SYN (ISN J) seen, no SYN+ACK yet */
	HSMON_ST_SYNACK_SENT,	/* our SYN+ACK (ISN K, ack J+1) sent */
	HSMON_ST_EXPIRED,	/* timed out; waits for the stack to complete late */
	HSMON_ST_ACK_DROPPED,	/* final ACK dropped by the stack: accept queue full */
	HSMON_ST_MAX
};

/*
 * What happened to a tracked tuple.  Directions are the server's.  The
 * wire's events come from the hooks; the stack's verdicts on them from
 * stack.c.
 */
enum hsmon_event {
	HSMON_EV_SYN,		/* in:  SYN */
	HSMON_EV_ACK,		/* in:  ACK, neither SYN nor RST */
	HSMON_EV_RST_IN,	/* in:  RST from the client */
	HSMON_EV_SYNACK,	/* out: our SYN+ACK */
	HSMON_EV_RST_OUT,	/* out: our RST */
	HSMON_EV_TIMEOUT,	/* net.hsmon.timeout passed since the last restart */
	HSMON_EV_EVICT,		/* the table needs the slot */
	HSMON_EV_CHILD,		/* stack: created the connection (PassiveOpens) */
	HSMON_EV_ACK_DROPPED,	/* stack: dropped the final ACK, accept queue full */
	HSMON_EV_RST_OVERFLOW,	/* out: our RST for it (tcp_abort_on_overflow) */
	HSMON_EV_SYN_DROPPED,	/* stack: dropped the SYN (ListenDrops) */
	HSMON_EV_SYN_CHALLENGED, /* stack: a connection has the tuple (TCPSYNChallenge) */
	HSMON_EV_SYN_DISABLED,	/* in:  SYN while net.hsmon.enabled=0 */
	HSMON_EV_MAX
};

struct hsmon_seg {
	u8 event;		/* enum hsmon_event */
	u32 seq;		/* host order */
	u32 ack;		/* host order */
};

struct hsmon_fsm {
	u8 state;		/* enum hsmon_state */
	u8 syn_retrans;		/* saturating */
	u8 synack_retrans;	/* saturating */
	u8 syn_dropped;		/* the stack dropped a SYN of this attempt */
	u32 isn_client;		/* J */
	u32 isn_server;		/* K, valid from SYNACK_SENT on */
};

enum hsmon_action {
	HSMON_KEEP,		/* the entry stays as it is in the table */
	HSMON_RESTART,		/* the entry's clock starts again */
	HSMON_RELEASE,		/* the entry leaves the table */
};

struct hsmon_verdict {
	u8 stat;		/* enum hsmon_stat to count, or HSMON_STAT_NONE */
	u8 action;		/* enum hsmon_action */
};

void hsmon_fsm_start(struct hsmon_fsm *fsm, u32 isn_client);
struct hsmon_verdict hsmon_fsm_step(struct hsmon_fsm *fsm, const struct hsmon_seg *seg);
const char *hsmon_state_name(u8 state);

#endif /* _HSMON_FSM_H */
