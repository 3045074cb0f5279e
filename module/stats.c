// SPDX-License-Identifier: GPL-2.0
/*
 * Counter names and summing of the per-CPU counters.
 */
#include <linux/cpumask.h>
#include <linux/export.h>

#include "compat.h"
#include "stats.h"

const char *const hsmon_stat_names[HSMON_STAT_MAX] = {
	[HSMON_STAT_SYN]		= "syn",
	[HSMON_STAT_SYN_RETRANS]	= "syn_retrans",
	[HSMON_STAT_SYN_REPLACED]	= "syn_replaced",
	[HSMON_STAT_SYNACK]		= "synack",
	[HSMON_STAT_SYNACK_RETRANS]	= "synack_retrans",
	[HSMON_STAT_COMPLETED]		= "completed",
	[HSMON_STAT_TIMEOUT_SYN]	= "timeout_syn",
	[HSMON_STAT_TIMEOUT_SYNACK]	= "timeout_synack",
	[HSMON_STAT_RESET_BY_CLIENT]	= "reset_by_client",
	[HSMON_STAT_REJECTED]		= "rejected",
	[HSMON_STAT_BAD_ACK]		= "bad_ack",
	[HSMON_STAT_EVICTED]		= "evicted",
	[HSMON_STAT_LATE_ACK]		= "late_ack",
	[HSMON_STAT_UNTRACKED]		= "untracked",
	[HSMON_STAT_IGNORED]		= "ignored",
	[HSMON_STAT_INVALID]		= "invalid",
};
EXPORT_SYMBOL_IF_KUNIT(hsmon_stat_names);

void hsmon_stats_sum(struct hsmon_stats __percpu *stats, struct hsmon_stats *sum)
{
	int cpu, i;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct hsmon_stats *s = per_cpu_ptr(stats, cpu);

		for (i = 0; i < HSMON_STAT_MAX; i++)
			sum->cnt[i] += READ_ONCE(s->cnt[i]);
	}
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_stats_sum);

/*
 * Handshakes tracked and not yet ended: every tracked SYN ends in exactly
 * one outcome, so this is syn minus the outcomes.  The per-CPU sums are
 * not a snapshot; clamp the rare transient negative to zero.
 */
u64 hsmon_stats_in_progress(const struct hsmon_stats *sum)
{
	u64 ended = 0;
	int i;

	for (i = HSMON_STAT_FIRST_OUTCOME; i <= HSMON_STAT_LAST_OUTCOME; i++)
		ended += sum->cnt[i];
	return sum->cnt[HSMON_STAT_SYN] > ended ? sum->cnt[HSMON_STAT_SYN] - ended : 0;
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_stats_in_progress);
