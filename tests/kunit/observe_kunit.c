// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the latency histogram's buckets, the bounded per-port rows and
 * the bounded table of abandoning sources (prefixes, eviction order).
 */
#include <kunit/test.h>
#include <linux/bottom_half.h>
#include <linux/jiffies.h>
#include <linux/percpu.h>
#include <linux/slab.h>

#include "ports.h"
#include "rtt.h"
#include "sources.h"

static void rtt_test_bucket(struct kunit *test)
{
	/* Bucket k holds (2^(k-1), 2^k] us; bucket 0 holds 0 and 1. */
	KUNIT_EXPECT_EQ(test, hsmon_rtt_bucket(0), 0);
	KUNIT_EXPECT_EQ(test, hsmon_rtt_bucket(1), 0);
	KUNIT_EXPECT_EQ(test, hsmon_rtt_bucket(2), 1);
	KUNIT_EXPECT_EQ(test, hsmon_rtt_bucket(3), 2);
	KUNIT_EXPECT_EQ(test, hsmon_rtt_bucket(4), 2);
	KUNIT_EXPECT_EQ(test, hsmon_rtt_bucket(5), 3);
	KUNIT_EXPECT_EQ(test, hsmon_rtt_bucket(1024), 10);
	KUNIT_EXPECT_EQ(test, hsmon_rtt_bucket(1025), 11);
	KUNIT_EXPECT_EQ(test, hsmon_rtt_bucket(300000), 19);	/* 300 ms: (262, 524] ms */
	KUNIT_EXPECT_EQ(test, hsmon_rtt_bucket(1U << 31), 31);
	KUNIT_EXPECT_EQ(test, hsmon_rtt_bucket(U32_MAX), 32);
}

static void rtt_test_record(struct kunit *test)
{
	struct hsmon_rtt __percpu *rtt = alloc_percpu(struct hsmon_rtt);
	struct hsmon_rtt sum;

	KUNIT_ASSERT_TRUE(test, !!rtt);
	hsmon_rtt_sum(rtt, &sum);
	KUNIT_EXPECT_EQ(test, sum.count, 0);
	KUNIT_EXPECT_EQ(test, sum.min_us, 0);

	local_bh_disable();
	hsmon_rtt_record(rtt, 300);
	hsmon_rtt_record(rtt, 100);
	hsmon_rtt_record(rtt, 5000);
	local_bh_enable();
	hsmon_rtt_sum(rtt, &sum);
	KUNIT_EXPECT_EQ(test, sum.count, 3);
	KUNIT_EXPECT_EQ(test, sum.sum_us, 5400);
	KUNIT_EXPECT_EQ(test, sum.min_us, 100);
	KUNIT_EXPECT_EQ(test, sum.max_us, 5000);
	KUNIT_EXPECT_EQ(test, sum.bucket[7], 1);	/* 100 in (64, 128] */
	KUNIT_EXPECT_EQ(test, sum.bucket[9], 1);	/* 300 in (256, 512] */
	KUNIT_EXPECT_EQ(test, sum.bucket[13], 1);	/* 5000 in (4096, 8192] */
	free_percpu(rtt);
}

static void ports_test_rows_and_other(struct kunit *test)
{
	struct hsmon_ports *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	struct hsmon_port_snap *rows, other;
	unsigned int n;
	int i;

	rows = kunit_kcalloc(test, HSMON_PORTS_CAP, sizeof(*rows), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_NOT_NULL(test, rows);
	hsmon_ports_init(p);

	/* Two rows allowed: 80 (1 SYN), 443 (3 SYNs); 22 goes to other. */
	local_bh_disable();	/* as the observer calls it, under a shard lock */
	hsmon_ports_count(p, htons(80), HSMON_STAT_SYN, 2);
	for (i = 0; i < 3; i++)
		hsmon_ports_count(p, htons(443), HSMON_STAT_SYN, 2);
	hsmon_ports_count(p, htons(22), HSMON_STAT_SYN, 2);
	hsmon_ports_count(p, htons(443), HSMON_STAT_COMPLETED, 2);
	hsmon_ports_count(p, htons(443), HSMON_STAT_EVICTED, 2);
	hsmon_ports_count(p, htons(22), HSMON_STAT_REJECTED, 2);
	hsmon_ports_count(p, htons(80), HSMON_STAT_LATE_ACK, 2);	/* not a column */
	local_bh_enable();

	n = hsmon_ports_snapshot(p, rows, &other);
	KUNIT_ASSERT_EQ(test, n, 2);
	KUNIT_EXPECT_EQ(test, rows[0].port, 443);	/* busiest first */
	KUNIT_EXPECT_EQ(test, rows[0].cnt[0], 3);
	KUNIT_EXPECT_EQ(test, rows[0].cnt[1], 1);	/* completed */
	KUNIT_EXPECT_EQ(test, rows[0].cnt[hsmon_port_col(HSMON_STAT_EVICTED)], 1);
	KUNIT_EXPECT_EQ(test, rows[1].port, 80);
	KUNIT_EXPECT_EQ(test, rows[1].cnt[0], 1);
	KUNIT_EXPECT_EQ(test, other.cnt[0], 1);
	KUNIT_EXPECT_EQ(test, other.cnt[hsmon_port_col(HSMON_STAT_REJECTED)], 1);
}

static union nf_inet_addr v4(u32 host_order)
{
	union nf_inet_addr a = {};

	a.ip = htonl(host_order);
	return a;
}

static void sources_test_prefixes(struct kunit *test)
{
	struct hsmon_sources *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	struct hsmon_source *out = kunit_kcalloc(test, HSMON_SOURCES_CAP, sizeof(*out),
						 GFP_KERNEL);
	union nf_inet_addr a = v4(0x0a090005), b = v4(0x0a090007), c6 = {};
	unsigned int n;

	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_ASSERT_NOT_NULL(test, out);
	hsmon_sources_init(s);
	c6.in6.s6_addr[0] = 0xfd;
	c6.in6.s6_addr[15] = 0x42;

	/* 10.9.0.5 twice, 10.9.0.7 once: 10.9.0.0/24 has 3. */
	local_bh_disable();	/* as the observer calls it, under a shard lock */
	hsmon_sources_count(s, NFPROTO_IPV4, &a, HSMON_STAT_TIMEOUT_SYNACK, 16, jiffies);
	hsmon_sources_count(s, NFPROTO_IPV4, &a, HSMON_STAT_RESET_BY_CLIENT, 16, jiffies);
	hsmon_sources_count(s, NFPROTO_IPV4, &b, HSMON_STAT_TIMEOUT_SYNACK, 16, jiffies);
	hsmon_sources_count(s, NFPROTO_IPV6, &c6, HSMON_STAT_RESET_BY_CLIENT, 16, jiffies);
	/* Not the client's doing: a completed handshake, a SYN never answered. */
	hsmon_sources_count(s, NFPROTO_IPV4, &a, HSMON_STAT_COMPLETED, 16, jiffies);
	hsmon_sources_count(s, NFPROTO_IPV4, &a, HSMON_STAT_TIMEOUT_SYN, 16, jiffies);
	local_bh_enable();

	n = hsmon_sources_snapshot(s, out);
	KUNIT_ASSERT_EQ(test, n, 4);
	KUNIT_EXPECT_EQ(test, out[0].plen, 24);
	KUNIT_EXPECT_EQ(test, ntohl(out[0].prefix.ip), 0x0a090000);
	KUNIT_EXPECT_EQ(test, hsmon_source_total(&out[0]), 3);
	KUNIT_EXPECT_EQ(test, out[1].plen, 32);
	KUNIT_EXPECT_EQ(test, ntohl(out[1].prefix.ip), 0x0a090005);
	KUNIT_EXPECT_EQ(test, out[1].cnt[HSMON_SRC_TIMEOUT_SYNACK], 1);
	KUNIT_EXPECT_EQ(test, out[1].cnt[HSMON_SRC_RESET_BY_CLIENT], 1);
	/* The /64 keeps fd00:: and drops the host part. */
	KUNIT_EXPECT_EQ(test, out[2].family == NFPROTO_IPV6 ? out[2].plen : out[3].plen, 64);
	if (out[2].family == NFPROTO_IPV6) {
		KUNIT_EXPECT_EQ(test, out[2].prefix.in6.s6_addr[0], 0xfd);
		KUNIT_EXPECT_EQ(test, out[2].prefix.in6.s6_addr[15], 0);
	} else {
		KUNIT_EXPECT_EQ(test, out[3].prefix.in6.s6_addr[0], 0xfd);
		KUNIT_EXPECT_EQ(test, out[3].prefix.in6.s6_addr[15], 0);
	}
}

/* Full: a new prefix replaces the fewest abandoned, then the oldest. */
static void sources_test_eviction(struct kunit *test)
{
	struct hsmon_sources *s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	struct hsmon_source *out = kunit_kcalloc(test, HSMON_SOURCES_CAP, sizeof(*out),
						 GFP_KERNEL);
	union nf_inet_addr busy = {}, old = {}, young = {}, new = {};
	unsigned long t = jiffies;
	unsigned int n;

	KUNIT_ASSERT_NOT_NULL(test, s);
	KUNIT_ASSERT_NOT_NULL(test, out);
	hsmon_sources_init(s);
	busy.in6.s6_addr[0] = 1;
	old.in6.s6_addr[0] = 2;
	young.in6.s6_addr[0] = 3;
	new.in6.s6_addr[0] = 4;

	local_bh_disable();
	hsmon_sources_count(s, NFPROTO_IPV6, &busy, HSMON_STAT_TIMEOUT_SYNACK, 3, t);
	hsmon_sources_count(s, NFPROTO_IPV6, &busy, HSMON_STAT_TIMEOUT_SYNACK, 3, t);
	hsmon_sources_count(s, NFPROTO_IPV6, &old, HSMON_STAT_TIMEOUT_SYNACK, 3, t + 1);
	hsmon_sources_count(s, NFPROTO_IPV6, &young, HSMON_STAT_TIMEOUT_SYNACK, 3, t + 2);
	hsmon_sources_count(s, NFPROTO_IPV6, &new, HSMON_STAT_TIMEOUT_SYNACK, 3, t + 3);
	local_bh_enable();

	n = hsmon_sources_snapshot(s, out);
	KUNIT_ASSERT_EQ(test, n, 3);
	KUNIT_EXPECT_EQ(test, out[0].prefix.in6.s6_addr[0], 1);	/* busy stays */
	KUNIT_EXPECT_EQ(test, hsmon_source_total(&out[0]), 2);
	/* old went; young and new remain, one each. */
	KUNIT_EXPECT_NE(test, out[1].prefix.in6.s6_addr[0], 2);
	KUNIT_EXPECT_NE(test, out[2].prefix.in6.s6_addr[0], 2);
	KUNIT_EXPECT_EQ(test, out[1].prefix.in6.s6_addr[0] + out[2].prefix.in6.s6_addr[0], 7);
}

static struct kunit_case hsmon_observe_cases[] = {
	KUNIT_CASE(rtt_test_bucket),
	KUNIT_CASE(rtt_test_record),
	KUNIT_CASE(ports_test_rows_and_other),
	KUNIT_CASE(sources_test_prefixes),
	KUNIT_CASE(sources_test_eviction),
	{}
};

static struct kunit_suite hsmon_observe_suite = {
	.name = "hsmon_observe",
	.test_cases = hsmon_observe_cases,
};

kunit_test_suite(hsmon_observe_suite);
