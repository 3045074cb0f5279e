// SPDX-License-Identifier: GPL-2.0
/*
 * Counter names and summing of the per-CPU counters.
 */
#include <linux/cpumask.h>
#include <linux/export.h>

#include "testing.h"
#include "stats.h"

/* In the list's order, which is the enum's. */
#define HSMON_STAT_NAME(id, name)	#name,

const char *const hsmon_stat_names[HSMON_STAT_MAX] = {
	HSMON_STATS(HSMON_STAT_NAME, HSMON_STAT_NAME)
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

	for (i = 0; i < HSMON_OUTCOMES_N; i++)
		ended += sum->cnt[HSMON_STAT_FIRST_OUTCOME + i];
	return sum->cnt[HSMON_STAT_SYN] > ended ? sum->cnt[HSMON_STAT_SYN] - ended : 0;
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_stats_in_progress);
