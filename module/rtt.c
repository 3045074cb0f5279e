// SPDX-License-Identifier: GPL-2.0
/*
 * The latency histogram: per-CPU, written with bottom halves off (under a
 * shard lock, see table.c), summed on read.  Bucket k of a log2 scale
 * holds the latencies of (2^(k-1), 2^k] microseconds, so that the sum of
 * buckets 0..k is exactly the Prometheus bucket le=2^k us.
 */
#include <linux/export.h>
#include <linux/log2.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include "testing.h"
#include "rtt.h"

unsigned int hsmon_rtt_bucket(u32 us)
{
	/* The smallest k with us <= 2^k. */
	return us <= 1 ? 0 : fls(us - 1);
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_rtt_bucket);

/* Bottom halves are off: nothing else touches this CPU's histogram. */
void hsmon_rtt_record(struct hsmon_rtt __percpu *rtt, u32 us)
{
	struct hsmon_rtt *r = this_cpu_ptr(rtt);

	r->bucket[hsmon_rtt_bucket(us)]++;
	if (!r->count || us < r->min_us)
		r->min_us = us;
	if (us > r->max_us)
		r->max_us = us;
	r->sum_us += us;
	r->count++;
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_rtt_record);

void hsmon_rtt_sum(struct hsmon_rtt __percpu *rtt, struct hsmon_rtt *sum)
{
	int cpu, i;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct hsmon_rtt *r = per_cpu_ptr(rtt, cpu);
		u64 count = READ_ONCE(r->count);

		if (!count)
			continue;
		for (i = 0; i < HSMON_RTT_BUCKETS; i++)
			sum->bucket[i] += READ_ONCE(r->bucket[i]);
		sum->min_us = sum->count ? min(sum->min_us, READ_ONCE(r->min_us))
					 : READ_ONCE(r->min_us);
		sum->max_us = max(sum->max_us, READ_ONCE(r->max_us));
		sum->sum_us += READ_ONCE(r->sum_us);
		sum->count += count;
	}
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_rtt_sum);
