/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hsmon's counters: one per-CPU array per network namespace, summed on
 * read.
 *
 * The lists below are the only place the counters are named.  They make
 * enum hsmon_stat, hsmon_stat_names[], the lines of /proc/net/hsmon, the
 * outcome columns of /proc/net/hsmon_ports, the outcome names of the
 * hsmon:hsmon_handshake tracepoint, and hsmon_stat_is_outcome().  The
 * names are ABI: scripts and hsmonstat parse the files by name (hsmonstat
 * learns the outcomes from the header of /proc/net/hsmon_ports).
 *
 * To add an outcome: add it to HSMON_OUTCOMES (the kernel's EM()/EMe()
 * idiom: EMe() marks the last entry), make the state machine (fsm.c) end
 * handshakes with it, test that in tests/kunit/fsm_kunit.c and a VM
 * scenario, and describe it in Documentation/hsmon.rst.  Nothing else
 * names the outcomes.  To add another counter, add it to HSMON_STATS_TAIL.
 */
#ifndef _HSMON_STATS_H
#define _HSMON_STATS_H

#include <linux/percpu.h>
#include <linux/types.h>

/* Events before the outcomes: a handshake starts, repeats, is answered. */
#define HSMON_STATS_HEAD(EM, EMe)					\
	EM(SYN,			syn)		/* new handshakes tracked */	\
	EM(SYN_RETRANS,		syn_retrans)	/* client SYN again, same ISN */	\
	EM(SYN_REPLACED,	syn_replaced)	/* client SYN again, other ISN */	\
	EM(SYN_IGNORED,		syn_ignored)	/* the same, once answered: kept */	\
	EM(SYNACK,		synack)		/* our first SYN+ACK */		\
	EMe(SYNACK_RETRANS,	synack_retrans)	/* our SYN+ACK again */

/* The outcomes: each tracked handshake ends in exactly one of them. */
#define HSMON_OUTCOMES(EM, EMe)						\
	EM(COMPLETED,		completed)				\
	EM(TIMEOUT_SYN,		timeout_syn)				\
	EM(TIMEOUT_SYNACK,	timeout_synack)				\
	EM(RESET_BY_CLIENT,	reset_by_client)			\
	EM(REJECTED,		rejected)				\
	EM(EVICTED,		evicted)				\
	EM(LISTEN_OVERFLOW,	listen_overflow)			\
	EM(SYN_DROPPED,		syn_dropped)				\
	EMe(SYN_CHALLENGED,	syn_challenged)

/*
 * Events after the outcomes.  late_ack: the stack completed a handshake
 * after its timeout_synack or listen_overflow; listen_overflow_drops:
 * final ACKs the stack dropped, the accept queue full; syn_drop_*: SYNs
 * it dropped, that queue full or another reason (SYN queue full, no
 * route); fastopen: handshakes completed at the SYN; passive_untracked:
 * connections the stack made of handshakes hsmon did not track;
 * passive_duplicate: those of them it threw away at once, twins that lost
 * the race for their request.
 */
#define HSMON_STATS_TAIL(EM, EMe)					\
	EM(BAD_ACK,		bad_ack)	/* an ACK not of K+1 */	\
	EM(LATE_ACK,		late_ack)				\
	EM(LISTEN_OVERFLOW_DROPS, listen_overflow_drops)		\
	EM(SYN_DROP_ACCEPTQ,	syn_drop_acceptq)			\
	EM(SYN_DROP_OTHER,	syn_drop_other)				\
	EM(FASTOPEN,		fastopen)				\
	EM(PASSIVE_UNTRACKED,	passive_untracked)			\
	EM(PASSIVE_DUPLICATE,	passive_duplicate)			\
	EM(UNTRACKED,		untracked)	/* SYN not tracked: no slot, no memory */ \
	EM(IGNORED,		ignored)	/* tracked tuple, segment fits no step */ \
	EMe(INVALID,		invalid)	/* malformed or impossible segment */

/* Every counter, in /proc/net/hsmon order. */
#define HSMON_STATS(EM, EMe)						\
	HSMON_STATS_HEAD(EM, EM)					\
	HSMON_OUTCOMES(EM, EM)						\
	HSMON_STATS_TAIL(EM, EMe)

#define HSMON_STAT_ENUM(id, name)	HSMON_STAT_##id,
#define HSMON_HEAD_ENUM(id, name)	HSMON_HEAD_##id,
#define HSMON_OUTCOME_ENUM(id, name)	HSMON_OUTCOME_##id,

enum hsmon_stat {
	HSMON_STATS(HSMON_STAT_ENUM, HSMON_STAT_ENUM)
	HSMON_STAT_MAX,
	HSMON_STAT_NONE = HSMON_STAT_MAX, /* a step that counts nothing */
};

/* Where the outcomes start in enum hsmon_stat, and how many there are. */
enum {
	HSMON_STATS_HEAD(HSMON_HEAD_ENUM, HSMON_HEAD_ENUM)
	HSMON_STAT_FIRST_OUTCOME
};

enum {
	HSMON_OUTCOMES(HSMON_OUTCOME_ENUM, HSMON_OUTCOME_ENUM)
	HSMON_OUTCOMES_N
};

/* Is @stat an outcome, the end of a tracked handshake? */
static inline bool hsmon_stat_is_outcome(unsigned int stat)
{
	return stat - HSMON_STAT_FIRST_OUTCOME < HSMON_OUTCOMES_N;
}

struct hsmon_stats {
	u64 cnt[HSMON_STAT_MAX];
};

extern const char *const hsmon_stat_names[HSMON_STAT_MAX];

static inline void hsmon_stat_inc(struct hsmon_stats __percpu *stats,
				  enum hsmon_stat stat)
{
	if (stat < HSMON_STAT_MAX)
		this_cpu_inc(stats->cnt[stat]);
}

void hsmon_stats_sum(struct hsmon_stats __percpu *stats, struct hsmon_stats *sum);
u64 hsmon_stats_in_progress(const struct hsmon_stats *sum);

#endif /* _HSMON_STATS_H */
