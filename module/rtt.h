/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Handshake latency: from our first SYN+ACK to the client's final ACK, the
 * client's round trip as the server sees it, in a log2 histogram.
 */
#ifndef _HSMON_RTT_H
#define _HSMON_RTT_H

#include <linux/percpu.h>
#include <linux/types.h>

/* Bucket k counts latencies in (2^(k-1), 2^k] us; bucket 0 counts [0, 1]. */
#define HSMON_RTT_BUCKETS 33

struct hsmon_rtt {
	u64 bucket[HSMON_RTT_BUCKETS];
	u64 count;
	u64 sum_us;
	u32 min_us;		/* valid when count > 0 */
	u32 max_us;
};

unsigned int hsmon_rtt_bucket(u32 us);
void hsmon_rtt_record(struct hsmon_rtt __percpu *rtt, u32 us);
void hsmon_rtt_sum(struct hsmon_rtt __percpu *rtt, struct hsmon_rtt *sum);

#endif /* _HSMON_RTT_H */
