/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The table of handshakes in progress, one per network namespace.
 */
#ifndef _HSMON_TABLE_H
#define _HSMON_TABLE_H

#include <linux/bits.h>
#include <linux/ktime.h>
#include <linux/list.h>
#include <linux/math64.h>
#include <linux/rculist_nulls.h>
#include <linux/seqlock.h>
#include <linux/siphash.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "fsm.h"
#include "parse.h"
#include "stats.h"

/*
 * Lock shards per table.  A tuple's shard is the low bits of its hash,
 * its bucket in the shard's own array the bits above them: a shard grows
 * alone, and its entries never change shard.
 */
#define HSMON_SHARD_BITS	6
#define HSMON_SHARDS		BIT(HSMON_SHARD_BITS)

/*
 * The cache is SLAB_TYPESAFE_BY_RCU: under RCU, an entry found in a
 * bucket may end and track another tuple at any time (see table.c).
 */
struct hsmon_entry {
	/* What a lookup reads and checks (next, key, shard, state): 64 bytes. */
	struct hlist_nulls_node hnode;	/* bucket chain, walked under RCU */
	struct hsmon_key key;
	u8 shard;			/* index into hsmon_table.shards */
	struct hsmon_fsm fsm;
	/* Under the shard lock only. */
	struct list_head lru;		/* shard list, by stamp */
	u32 stamp;			/* jiffies of the last (re)start, low bits */
	u32 owner;			/* the id of the table that holds it */
	u32 synack_us;			/* our first SYN+ACK, hsmon_now_us() */
	u32 hash;			/* hsmon_table_hash() of the key */
};

struct hsmon_table;

/*
 * Told of every new handshake (HSMON_STAT_SYN) and every outcome, under
 * the entry's shard lock (bottom halves off).  @rtt_us: for
 * HSMON_STAT_COMPLETED, microseconds from our first SYN+ACK to the final
 * ACK; 0 otherwise.
 */
typedef void (*hsmon_observe_t)(struct hsmon_table *t, const struct hsmon_entry *e,
				enum hsmon_stat stat, u32 rtt_us);

/* The module's observer (observe.c), called directly where it is the one. */
void hsmon_observe(struct hsmon_table *t, const struct hsmon_entry *e,
		   enum hsmon_stat stat, u32 rtt_us);

/*
 * A shard's buckets, replaced whole when the shard grows; the old array
 * is freed after a grace period.
 */
struct hsmon_buckets {
	unsigned int mask;		/* number of buckets - 1 */
	u8 *filter;			/* per bucket: hsmon_filter_bit()s of its entries */
	struct rcu_head rcu;
	struct hlist_nulls_head heads[];	/* end marker: hsmon_nulls(shard, bucket) */
};

struct hsmon_shard {
	spinlock_t lock;		/* the shard's buckets, lru and entries */
	struct list_head lru;		/* oldest stamp first */
	unsigned int n;			/* entries in its buckets */
	unsigned int nbuckets;		/* of its bucket array */
} ____cacheline_aligned_in_smp;

/* What a lookup reads of a shard: written only when the shard grows. */
struct hsmon_shard_dir {
	struct hsmon_buckets __rcu *b;
	seqcount_spinlock_t grow;	/* odd while entries move to a new b */
};

struct hsmon_table {
	struct hsmon_shard_dir dir[HSMON_SHARDS];
	unsigned int shard_max;		/* buckets a shard may grow to */
	atomic_t count;			/* entries, tombstones included */
	u32 id;				/* unique among live tables: an entry's owner */
	hsiphash_key_t seed;		/* random per table: no aimed collisions */
	struct hsmon_stats __percpu *stats;
	unsigned int gc_shard;		/* where the last expiry pass stopped */
	hsmon_observe_t observe;	/* NULL: nobody listens */
	struct mem_cgroup *memcg;	/* pays for the entries (NULL: the allocator's) */
	DECLARE_BITMAP(grow_pending, HSMON_SHARDS);
	struct work_struct grow_work;	/* grows the shards of grow_pending */
	struct hsmon_shard shards[HSMON_SHARDS];
};

int hsmon_cache_init(void);
void hsmon_cache_exit(void);

/* net.hsmon.host_max_entries: all tables' entries together. */
extern int hsmon_host_max_entries;
s64 hsmon_host_entries_sum(void);

int hsmon_table_init(struct hsmon_table *t, unsigned int nbuckets,
		     struct hsmon_stats __percpu *stats);
void hsmon_table_destroy(struct hsmon_table *t);

struct hsmon_entry *hsmon_table_find(struct hsmon_table *t, const struct hsmon_key *key,
				     u32 hash);
bool hsmon_table_full(const struct hsmon_table *t, unsigned int max_entries);
bool hsmon_table_lookup_step(struct hsmon_table *t, const struct hsmon_key *key, u32 hash,
			     const struct hsmon_seg *seg);
int hsmon_table_add(struct hsmon_table *t, const struct hsmon_key *key, u32 hash,
		    u32 isn, unsigned int max_entries);
bool hsmon_table_evict_one(struct hsmon_table *t, unsigned int first_shard);
unsigned int hsmon_table_expire(struct hsmon_table *t, unsigned long now,
				unsigned long timeout, unsigned int budget);
unsigned int hsmon_table_longest_chain(struct hsmon_table *t);
unsigned int hsmon_table_buckets(struct hsmon_table *t);
void hsmon_table_settle(struct hsmon_table *t);
bool hsmon_table_copy(struct hsmon_table *t, const struct hsmon_entry *e,
		      struct hsmon_entry *out);
#if IS_ENABLED(CONFIG_KUNIT)
bool hsmon_table_step(struct hsmon_table *t, struct hsmon_entry *e, const struct hsmon_key *key,
		      const struct hsmon_seg *seg);
#endif

/*
 * A place in a walk over every entry, kept between two RCU sections so
 * that a reader resumes where it stopped instead of starting again.
 */
struct hsmon_table_pos {
	unsigned int shard;
	unsigned int bucket;		/* in the shard's array */
	unsigned int skip;		/* entries of the bucket before this one */
};

struct hsmon_entry *hsmon_table_walk(struct hsmon_table *t, struct hsmon_table_pos *pos);

/*
 * A bucket's filter byte has the bit of each entry in its chain set: a
 * lookup whose bit is clear is over before it reads the bucket.  The bit
 * comes from the hash's top 3 bits, which the shard and the bucket index
 * (at most HSMON_BUCKETS_MAX buckets in all) do not use.
 */
#define HSMON_BUCKETS_MAX	BIT(29)

/* The shard of a tuple of hash @hash. */
static inline unsigned int hsmon_hash_shard(u32 hash)
{
	return hash & (HSMON_SHARDS - 1);
}

/* Its bucket in the shard's array @bk. */
static inline unsigned int hsmon_hash_bucket(const struct hsmon_buckets *bk, u32 hash)
{
	return (hash >> HSMON_SHARD_BITS) & bk->mask;
}

static inline u8 hsmon_filter_bit(u32 hash)
{
	return 1U << (hash >> 29);
}

/*
 * Has @e's completed handshake a latency, from our first SYN+ACK to the
 * connection?  Not a Fast Open one: the stack completed it at the SYN,
 * in SYN_RCVD, before any SYN+ACK.
 */
static inline bool hsmon_entry_timed(const struct hsmon_entry *e)
{
	return e->fsm.state != HSMON_ST_SYN_RCVD;
}

/* A microsecond clock for latencies; wraps after 71 minutes. */
static inline u32 hsmon_now_us(void)
{
	return (u32)div_u64(ktime_get_ns(), NSEC_PER_USEC);
}

/* The tuple's bucket and filter bit; inline, as every hook needs it. */
static inline u32 hsmon_table_hash(const struct hsmon_table *t, const struct hsmon_key *key)
{
	return hsiphash(key, sizeof(*key), &t->seed);
}

static inline unsigned int hsmon_table_count(const struct hsmon_table *t)
{
	return atomic_read(&t->count);
}

#endif /* _HSMON_TABLE_H */
