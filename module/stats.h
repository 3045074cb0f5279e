/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hsmon's counters: one per-CPU array per network namespace, summed on
 * read.  The order and names are ABI: /proc/net/hsmon prints them in this
 * order, and scripts parse them by name.  Append new counters at the end.
 */
#ifndef _HSMON_STATS_H
#define _HSMON_STATS_H

#include <linux/percpu.h>
#include <linux/types.h>

enum hsmon_stat {
	HSMON_STAT_SYN,			/* new handshakes tracked */
	HSMON_STAT_SYN_RETRANS,		/* client SYN again, same ISN */
	HSMON_STAT_SYN_REPLACED,	/* client SYN again, other ISN */
	HSMON_STAT_SYNACK,		/* our first SYN+ACK */
	HSMON_STAT_SYNACK_RETRANS,	/* our SYN+ACK again */
	/* outcomes: each tracked handshake ends in exactly one */
	HSMON_STAT_COMPLETED,
	HSMON_STAT_TIMEOUT_SYN,
	HSMON_STAT_TIMEOUT_SYNACK,
	HSMON_STAT_RESET_BY_CLIENT,
	HSMON_STAT_REJECTED,
	HSMON_STAT_BAD_ACK,
	HSMON_STAT_EVICTED,
	/* other events */
	HSMON_STAT_LATE_ACK,		/* final ACK after timeout_synack */
	HSMON_STAT_UNTRACKED,		/* SYN not tracked: no slot, no memory */
	HSMON_STAT_IGNORED,		/* tracked tuple, segment fits no step */
	HSMON_STAT_INVALID,		/* malformed or impossible segment */
	HSMON_STAT_MAX,
	HSMON_STAT_NONE = HSMON_STAT_MAX, /* a step that counts nothing */
};

#define HSMON_STAT_FIRST_OUTCOME HSMON_STAT_COMPLETED
#define HSMON_STAT_LAST_OUTCOME HSMON_STAT_EVICTED

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
