/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sources whose handshakes are abandoned, by prefix: a bounded table.
 */
#ifndef _HSMON_SOURCES_H
#define _HSMON_SOURCES_H

#include <linux/netfilter.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "stats.h"

#define HSMON_SOURCES_CAP	256	/* the most net.hsmon.sources_max allows */

/* Counted per prefix: the ways a client abandons a handshake. */
enum hsmon_source_col {
	HSMON_SRC_TIMEOUT_SYN,
	HSMON_SRC_TIMEOUT_SYNACK,
	HSMON_SRC_RESET_BY_CLIENT,
	HSMON_SRC_COLS
};

struct hsmon_source {
	union nf_inet_addr prefix;	/* host bits zero */
	u8 family;			/* NFPROTO_IPV4 or NFPROTO_IPV6 */
	u8 plen;			/* 32 or 24 (IPv4), 64 (IPv6) */
	u64 cnt[HSMON_SRC_COLS];
	unsigned long last_seen;	/* jiffies */
};

struct hsmon_sources {
	spinlock_t lock;		/* n and every slot */
	unsigned int n;
	struct hsmon_source slot[HSMON_SOURCES_CAP];
};

void hsmon_sources_init(struct hsmon_sources *s);

/* The column an outcome is counted in, or -1: not an abandonment. */
static inline int hsmon_source_col(enum hsmon_stat stat)
{
	switch (stat) {
	case HSMON_STAT_TIMEOUT_SYN:
		return HSMON_SRC_TIMEOUT_SYN;
	case HSMON_STAT_TIMEOUT_SYNACK:
		return HSMON_SRC_TIMEOUT_SYNACK;
	case HSMON_STAT_RESET_BY_CLIENT:
		return HSMON_SRC_RESET_BY_CLIENT;
	default:
		return -1;
	}
}

void __hsmon_sources_count(struct hsmon_sources *s, u8 family, const union nf_inet_addr *addr,
			   int col, unsigned int max_slots, unsigned long now);

/**
 * hsmon_sources_count - count an outcome against the client's prefixes
 * @s: the namespace's table
 * @family: NFPROTO_IPV4 or NFPROTO_IPV6
 * @addr: the client's address
 * @stat: the outcome; those that are not abandonments are ignored
 * @max_slots: net.hsmon.sources_max
 * @now: jiffies
 *
 * Inline: most outcomes (evictions under a flood, completions) are not
 * abandonments and cost no call.
 */
static inline void hsmon_sources_count(struct hsmon_sources *s, u8 family,
				       const union nf_inet_addr *addr, enum hsmon_stat stat,
				       unsigned int max_slots, unsigned long now)
{
	int col = hsmon_source_col(stat);

	if (col >= 0)
		__hsmon_sources_count(s, family, addr, col, max_slots, now);
}

unsigned int hsmon_sources_snapshot(struct hsmon_sources *s, struct hsmon_source *out);
u64 hsmon_source_total(const struct hsmon_source *src);

#endif /* _HSMON_SOURCES_H */
