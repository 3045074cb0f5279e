// SPDX-License-Identifier: GPL-2.0
/*
 * Top abandoning sources, like xt_recent but filled by outcome: every
 * timeout_syn, timeout_synack and reset_by_client is counted against the
 * client's prefix, for IPv4 both its /32 and its /24, for IPv6 its /64.
 *
 * The table holds at most net.hsmon.sources_max prefixes.  When it is
 * full, a new prefix replaces the least useful one: the fewest abandoned
 * handshakes, and of those the longest unseen.  So a flood's or a
 * scanner's prefixes, which keep abandoning, stay; one-off sources come
 * and go.  Only abandonments take the lock; completed handshakes never
 * come here.  The lock is a bottom-half one: the observer takes it with
 * them off, the reader of /proc/net/hsmon_sources turns them off.
 */
#include <linux/export.h>
#include <linux/inetdevice.h>
#include <linux/jiffies.h>
#include <linux/lockdep.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "testing.h"
#include "sources.h"

#define HSMON_SRC_STAT(id)	HSMON_STAT_##id,

/* The outcome each column counts. */
static const u8 hsmon_source_stat[HSMON_SRC_COLS] = {
	HSMON_SOURCE_STATS(HSMON_SRC_STAT)
};

/* The column an outcome is counted in, or -1: not an abandonment. */
static int hsmon_source_col(enum hsmon_stat stat)
{
	int c;

	for (c = 0; c < HSMON_SRC_COLS; c++)
		if (hsmon_source_stat[c] == stat)
			return c;
	return -1;
}

/* The header of column @col in /proc/net/hsmon_sources. */
const char *hsmon_source_col_name(unsigned int col)
{
	return col < HSMON_SRC_COLS ? hsmon_stat_names[hsmon_source_stat[col]] : "?";
}

void hsmon_sources_init(struct hsmon_sources *s)
{
	spin_lock_init(&s->lock);
	s->n = 0;
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_sources_init);

u64 hsmon_source_total(const struct hsmon_source *src)
{
	u64 total = 0;
	int i;

	for (i = 0; i < HSMON_SRC_COLS; i++)
		total += src->cnt[i];
	return total;
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_source_total);

static void hsmon_prefix(u8 family, const union nf_inet_addr *addr, u8 plen,
			 union nf_inet_addr *prefix)
{
	memset(prefix, 0, sizeof(*prefix));
	if (family == NFPROTO_IPV4) {
		prefix->ip = addr->ip & inet_make_mask(plen);
	} else {
		/* plen is 64: the first two 32-bit words. */
		prefix->all[0] = addr->all[0];
		prefix->all[1] = addr->all[1];
	}
}

/* The slot of a prefix: found, appended, or the least useful replaced. */
static struct hsmon_source *hsmon_sources_slot(struct hsmon_sources *s, u8 family,
					       const union nf_inet_addr *prefix, u8 plen,
					       unsigned int max_slots)
{
	struct hsmon_source *src, *victim = NULL;
	unsigned int i;

	for (i = 0; i < s->n; i++) {
		src = &s->slot[i];
		if (src->family == family && src->plen == plen &&
		    !memcmp(&src->prefix, prefix, sizeof(*prefix)))
			return src;
	}
	if (s->n < min_t(unsigned int, max_slots, HSMON_SOURCES_CAP)) {
		victim = &s->slot[s->n++];
	} else {
		for (i = 0; i < s->n; i++) {
			src = &s->slot[i];
			if (!victim || hsmon_source_total(src) < hsmon_source_total(victim) ||
			    (hsmon_source_total(src) == hsmon_source_total(victim) &&
			     time_before(src->last_seen, victim->last_seen)))
				victim = src;
		}
	}
	memset(victim, 0, sizeof(*victim));
	victim->family = family;
	victim->plen = plen;
	victim->prefix = *prefix;
	return victim;
}

static void hsmon_sources_bump(struct hsmon_sources *s, u8 family,
			       const union nf_inet_addr *addr, u8 plen, int col,
			       unsigned int max_slots, unsigned long now)
{
	union nf_inet_addr prefix;
	struct hsmon_source *src;

	hsmon_prefix(family, addr, plen, &prefix);
	src = hsmon_sources_slot(s, family, &prefix, plen, max_slots);
	src->cnt[col]++;
	src->last_seen = now;
}

/**
 * hsmon_sources_count - count an outcome against the client's prefixes
 * @s: the namespace's table
 * @family: NFPROTO_IPV4 or NFPROTO_IPV6
 * @addr: the client's address
 * @stat: the outcome; those that are not abandonments are ignored
 * @max_slots: net.hsmon.sources_max
 * @now: jiffies
 *
 * Called by the observer, with bottom halves off (under a table shard
 * lock); the lock is only ever taken with them off, never from a hardirq.
 */
void hsmon_sources_count(struct hsmon_sources *s, u8 family, const union nf_inet_addr *addr,
			 enum hsmon_stat stat, unsigned int max_slots, unsigned long now)
{
	int col = hsmon_source_col(stat);

	if (col < 0)
		return;
	lockdep_assert_in_softirq();
	spin_lock(&s->lock);
	if (family == NFPROTO_IPV4) {
		hsmon_sources_bump(s, family, addr, 32, col, max_slots, now);
		hsmon_sources_bump(s, family, addr, 24, col, max_slots, now);
	} else {
		hsmon_sources_bump(s, family, addr, 64, col, max_slots, now);
	}
	spin_unlock(&s->lock);
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_sources_count);

static int hsmon_source_cmp(const void *a, const void *b)
{
	u64 x = hsmon_source_total(a), y = hsmon_source_total(b);

	if (x != y)
		return x < y ? 1 : -1;
	return 0;
}

/**
 * hsmon_sources_snapshot - the prefixes, most abandoning first
 * @s: the table
 * @out: room for HSMON_SOURCES_CAP entries
 *
 * Return: the number of entries.
 */
unsigned int hsmon_sources_snapshot(struct hsmon_sources *s, struct hsmon_source *out)
{
	unsigned int n;

	spin_lock_bh(&s->lock);
	n = s->n;
	memcpy(out, s->slot, n * sizeof(*out));
	spin_unlock_bh(&s->lock);
	sort(out, n, sizeof(*out), hsmon_source_cmp, NULL);
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_sources_snapshot);
