// SPDX-License-Identifier: GPL-2.0
/*
 * hsmon's handshake state machine.
 *
 * A TCP handshake seen from the server:
 *
 *   client                                   server (this host)
 *     SYN seq=J            ---------->       LOCAL_IN   : SYN_RCVD
 *                          <----------       LOCAL_OUT  : SYN+ACK seq=K ack=J+1
 *                                                         -> SYNACK_SENT
 *     ACK seq=J+1 ack=K+1  ---------->       LOCAL_IN, then the stack
 *                                            creates the connection: completed
 *
 * The server commits a request socket when it answers the SYN, before it
 * knows whether the client is real.  A stale, duplicated or spoofed SYN
 * leaves a "ghost" half-open handshake that only the missing third
 * segment (or a timeout) reveals; when the alleged client has no such
 * connection its stack answers our SYN+ACK with RST: reset_by_client.
 *
 * The wire does not decide whether a handshake completed: the server's
 * TCP stack does, a few microseconds after hsmon's LOCAL_IN hook saw the
 * segment.  stack.c tells the machine what it decided: CHILD (it created
 * the connection, TcpPassiveOpens), ACK_DROPPED (the accept queue was
 * full: the client believes it is connected, the application never sees
 * it), RST_OVERFLOW (the same with tcp_abort_on_overflow) and SYN_DROPPED
 * (it dropped the SYN: accept or SYN queue full).  A Fast Open SYN makes
 * the connection at once: CHILD in SYN_RCVD.
 *
 * States and transitions (outcomes in brackets end the handshake; an
 * entry whose handshake ended leaves the table at once, except that the
 * timeouts after a SYN+ACK leave a tombstone, so that a connection the
 * stack makes later is counted as late_ack):
 *
 *                 SYN (new tuple)
 *                      |          CHILD (Fast Open)   [completed]
 *                      v          RST in    [reset_by_client]
 *   +---------->  SYN_RCVD  ---   RST out   [rejected]
 *   |  SYN, new J      |          timeout   [syn_dropped] if the stack
 *   |                  |                    dropped its SYN, else [timeout_syn]
 *   |                  | SYN+ACK out, ack = J+1
 *   |                  v          CHILD     [completed]
 *   +-----------  SYNACK_SENT --- RST in    [reset_by_client]
 *   |                  |   |      RST out, seq K+1 [rejected] (listener gone)
 *   |                  |   |      RST_OVERFLOW     [listen_overflow]
 *   |                  |   | ACK_DROPPED
 *   |                  |   v
 *   +--------------------ACK_DROPPED -- CHILD (the queue drained) [completed]
 *   |                  |       |        RST in / RST_OVERFLOW as above
 *   |                  |       | timeout [listen_overflow]
 *   |                  | timeout [timeout_synack]
 *   |                  v       v
 *   +--------------- EXPIRED  ---  CHILD: late_ack, freed
 *                                  timeout, RST: freed silently
 *
 * Any state can be evicted when the table is full: [evicted] (silently
 * for EXPIRED, whose handshake already ended).  Sequence numbers are
 * compared for equality in u32 arithmetic, so J+1 and K+1 wrap at 2^32.
 * A SYN with the same J is a retransmission.  One with another J before
 * we answered replaces the attempt (a stale SYN): the tuple's clock
 * restarts and the replaced attempt is counted only in syn_replaced, not
 * as an outcome.  Once we answered, the stack keeps its request and so
 * does the machine (syn_ignored).  From EXPIRED a SYN starts a new
 * handshake, unless hsmon is disabled: then the tombstone just goes.  A
 * SYN on the tuple of a connection the stack has already is answered
 * with a challenge ACK (RFC 5961): SYN_CHALLENGED, [syn_challenged].
 *
 * A final ACK that does not acknowledge K+1 is counted (bad_ack) and
 * changes nothing: the stack answers it with RST (seq = that ACK's ack
 * number, not K+1) or a duplicate ACK and keeps its request, which the
 * right ACK may still complete.  A client RST must carry seq J+1, the
 * sequence our SYN+ACK acknowledged, as a real stack's does; another RST
 * is ignored (and counted so).
 */
#include <linux/export.h>
#include <linux/limits.h>

#include "testing.h"
#include "fsm.h"

static const char *const hsmon_state_names[HSMON_ST_MAX] = {
	[HSMON_ST_NONE]		= "NONE",
	[HSMON_ST_SYN_RCVD]	= "SYN_RCVD",
	[HSMON_ST_SYNACK_SENT]	= "SYNACK_SENT",
	[HSMON_ST_EXPIRED]	= "EXPIRED",
	[HSMON_ST_ACK_DROPPED]	= "ACK_DROPPED",
};

const char *hsmon_state_name(u8 state)
{
	return state < HSMON_ST_MAX ? hsmon_state_names[state] : "?";
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_state_name);

static struct hsmon_verdict verdict(enum hsmon_stat stat, enum hsmon_action action)
{
	return (struct hsmon_verdict){ .stat = stat, .action = action };
}

/**
 * hsmon_fsm_start - a new handshake
 * @fsm: the handshake's state, overwritten
 * @isn_client: the client's ISN J, from its SYN
 */
void hsmon_fsm_start(struct hsmon_fsm *fsm, u32 isn_client)
{
	*fsm = (struct hsmon_fsm){
		.isn_client = isn_client,
		.state = HSMON_ST_SYN_RCVD,
	};
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_fsm_start);

/*
 * A handshake that ends with @stat whatever its segments (rejected,
 * evicted): an EXPIRED tombstone's outcome was counted already, it just
 * goes.
 */
static struct hsmon_verdict fsm_end(const struct hsmon_fsm *f, enum hsmon_stat stat)
{
	if (f->state == HSMON_ST_EXPIRED)
		stat = HSMON_STAT_NONE;
	return verdict(stat, HSMON_RELEASE);
}

static void inc_sat(u8 *v)
{
	if (*v < U8_MAX)
		(*v)++;
}

static struct hsmon_verdict fsm_syn(struct hsmon_fsm *f, u32 seq, bool track)
{
	if (f->state == HSMON_ST_EXPIRED) {
		/* Disabled: the tombstone goes, no new handshake starts. */
		if (!track)
			return fsm_end(f, HSMON_STAT_NONE);
		/* EXP -> SR: the old handshake ended; this is a new one. */
		hsmon_fsm_start(f, seq);
		return verdict(HSMON_STAT_SYN, HSMON_RESTART);
	}
	if (seq == f->isn_client) {
		/* SR, SS, AD: the client did not hear from us; same attempt. */
		inc_sat(&f->syn_retrans);
		return verdict(HSMON_STAT_SYN_RETRANS, HSMON_KEEP);
	}
	/*
	 * SS, AD: another ISN on a request the stack holds.  It keeps the
	 * first attempt (and answers the SYN with an ACK): so do we, and
	 * the first client's ACK or RST still ends it.
	 */
	if (f->state != HSMON_ST_SYN_RCVD)
		return verdict(HSMON_STAT_SYN_IGNORED, HSMON_KEEP);
	/* SR -> SR: another ISN before any answer, a stale or replaced SYN. */
	hsmon_fsm_start(f, seq);
	return verdict(HSMON_STAT_SYN_REPLACED, HSMON_RESTART);
}

static struct hsmon_verdict fsm_synack(struct hsmon_fsm *f, const struct hsmon_seg *seg)
{
	/* A SYN+ACK for another attempt than the one we track. */
	if (seg->ack != f->isn_client + 1)
		return verdict(HSMON_STAT_IGNORED, HSMON_KEEP);

	if (f->state == HSMON_ST_SYN_RCVD) {
		/* SR -> SS: we answered; wait for the final ACK. */
		f->isn_server = seg->seq;
		f->state = HSMON_ST_SYNACK_SENT;
		return verdict(HSMON_STAT_SYNACK, HSMON_KEEP);
	}
	/*
	 * SS, EXP: a retransmission.  Keep the newest K: with SYN cookies a
	 * retransmitted SYN+ACK may carry a freshly encoded ISN.
	 */
	f->isn_server = seg->seq;
	inc_sat(&f->synack_retrans);
	return verdict(HSMON_STAT_SYNACK_RETRANS, HSMON_KEEP);
}

static struct hsmon_verdict fsm_ack(struct hsmon_fsm *f, const struct hsmon_seg *seg)
{
	switch (f->state) {
	case HSMON_ST_SYNACK_SENT:
	case HSMON_ST_ACK_DROPPED:
		/*
		 * The stack judges the third segment (CHILD or ACK_DROPPED);
		 * one that acknowledges something else it answers, and keeps
		 * the request.
		 */
		if (seg->seq == f->isn_client + 1 && seg->ack == f->isn_server + 1)
			return verdict(HSMON_STAT_NONE, HSMON_KEEP);
		return verdict(HSMON_STAT_BAD_ACK, HSMON_KEEP);
	case HSMON_ST_EXPIRED:
		/* The stack may still complete it: CHILD. */
		return verdict(HSMON_STAT_NONE, HSMON_KEEP);
	default:
		/* SR: an ACK before our SYN+ACK acknowledges nothing we sent. */
		return verdict(HSMON_STAT_IGNORED, HSMON_KEEP);
	}
}

static struct hsmon_verdict fsm_rst_in(struct hsmon_fsm *f, const struct hsmon_seg *seg)
{
	/* Only the RST a real client stack would send: seq J+1. */
	if (seg->seq != f->isn_client + 1)
		return verdict(HSMON_STAT_IGNORED, HSMON_KEEP);
	/* EXP -> freed: the handshake was already counted as timed out. */
	if (f->state == HSMON_ST_EXPIRED)
		return verdict(HSMON_STAT_NONE, HSMON_RELEASE);
	/* SR, SS, AD -> done: the client disowns the handshake (the ghost). */
	return verdict(HSMON_STAT_RESET_BY_CLIENT, HSMON_RELEASE);
}

static struct hsmon_verdict fsm_rst_out(struct hsmon_fsm *f, const struct hsmon_seg *seg)
{
	/*
	 * SS, AD: our RST answers an ACK that does not acknowledge K+1 (its
	 * seq is that ACK's ack number); the stack keeps the request.
	 */
	if ((f->state == HSMON_ST_SYNACK_SENT || f->state == HSMON_ST_ACK_DROPPED) &&
	    seg->seq != f->isn_server + 1)
		return verdict(HSMON_STAT_NONE, HSMON_KEEP);
	/* SR, SS, AD -> done: our stack refused (closed port, listener gone). */
	return fsm_end(f, HSMON_STAT_REJECTED);
}

static struct hsmon_verdict fsm_timeout(struct hsmon_fsm *f)
{
	switch (f->state) {
	case HSMON_ST_SYN_RCVD:
		/* SR -> done: the stack dropped the SYN, or never saw it. */
		if (f->syn_dropped)
			return verdict(HSMON_STAT_SYN_DROPPED, HSMON_RELEASE);
		return verdict(HSMON_STAT_TIMEOUT_SYN, HSMON_RELEASE);
	case HSMON_ST_SYNACK_SENT:
		/* SS -> EXP: half-open; keep a tombstone for a late completion. */
		f->state = HSMON_ST_EXPIRED;
		return verdict(HSMON_STAT_TIMEOUT_SYNACK, HSMON_RESTART);
	case HSMON_ST_ACK_DROPPED:
		/* AD -> EXP: the client thinks it is connected; we are not. */
		f->state = HSMON_ST_EXPIRED;
		return verdict(HSMON_STAT_LISTEN_OVERFLOW, HSMON_RESTART);
	default:
		return fsm_end(f, HSMON_STAT_NONE);
	}
}

static struct hsmon_verdict fsm_child(const struct hsmon_fsm *f)
{
	/* EXP -> freed: the stack completed after our timeout. */
	if (f->state == HSMON_ST_EXPIRED)
		return verdict(HSMON_STAT_LATE_ACK, HSMON_RELEASE);
	/* SR (Fast Open), SS, AD -> done. */
	return verdict(HSMON_STAT_COMPLETED, HSMON_RELEASE);
}

static struct hsmon_verdict fsm_ack_dropped(struct hsmon_fsm *f)
{
	/* SS -> AD; stack.c counts each dropped ACK itself. */
	if (f->state == HSMON_ST_SYNACK_SENT)
		f->state = HSMON_ST_ACK_DROPPED;
	return verdict(HSMON_STAT_NONE, HSMON_KEEP);
}

static struct hsmon_verdict fsm_syn_dropped(struct hsmon_fsm *f)
{
	/* SR: remembered for the timeout; stack.c counts the drop itself. */
	if (f->state == HSMON_ST_SYN_RCVD)
		f->syn_dropped = 1;
	return verdict(HSMON_STAT_NONE, HSMON_KEEP);
}

/**
 * hsmon_fsm_step - apply one event to one tracked handshake
 * @fsm: the handshake; updated in place
 * @seg: the event, with the segment's sequence numbers where it has one
 *
 * Return: the counter to bump and what the table must do with the entry.
 */
struct hsmon_verdict hsmon_fsm_step(struct hsmon_fsm *fsm, const struct hsmon_seg *seg)
{
	if (fsm->state == HSMON_ST_NONE || fsm->state >= HSMON_ST_MAX)
		return verdict(HSMON_STAT_NONE, HSMON_KEEP);

	switch (seg->event) {
	case HSMON_EV_SYN:
		return fsm_syn(fsm, seg->seq, true);
	case HSMON_EV_SYN_DISABLED:
		return fsm_syn(fsm, seg->seq, false);
	case HSMON_EV_SYNACK:
		return fsm_synack(fsm, seg);
	case HSMON_EV_ACK:
		return fsm_ack(fsm, seg);
	case HSMON_EV_RST_IN:
		return fsm_rst_in(fsm, seg);
	case HSMON_EV_RST_OUT:
		return fsm_rst_out(fsm, seg);
	case HSMON_EV_TIMEOUT:
		return fsm_timeout(fsm);
	case HSMON_EV_EVICT:
		return fsm_end(fsm, HSMON_STAT_EVICTED);
	case HSMON_EV_CHILD:
		return fsm_child(fsm);
	case HSMON_EV_ACK_DROPPED:
		return fsm_ack_dropped(fsm);
	case HSMON_EV_RST_OVERFLOW:
		/* SR, SS, AD -> done: the stack reset what it could not queue. */
		return fsm_end(fsm, HSMON_STAT_LISTEN_OVERFLOW);
	case HSMON_EV_SYN_DROPPED:
		return fsm_syn_dropped(fsm);
	case HSMON_EV_SYN_CHALLENGED:
		/* SR -> done: the tuple is a connection's; the stack said so. */
		if (fsm->state == HSMON_ST_SYN_RCVD)
			return verdict(HSMON_STAT_SYN_CHALLENGED, HSMON_RELEASE);
		return verdict(HSMON_STAT_NONE, HSMON_KEEP);
	}
	return verdict(HSMON_STAT_NONE, HSMON_KEEP);
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_fsm_step);
