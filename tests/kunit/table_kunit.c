// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the handshake table: insert, lookup, steps, expiry, eviction at
 * the bound, the keyed hash.
 */
#include <kunit/test.h>
#include <linux/bitmap.h>
#include <linux/jiffies.h>
#include <linux/slab.h>

#include "table.h"

struct table_fixture {
	struct hsmon_table t;
	struct hsmon_stats __percpu *stats;
};

static int table_test_init(struct kunit *test)
{
	struct table_fixture *fx = kunit_kzalloc(test, sizeof(*fx), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, fx);
	fx->stats = alloc_percpu(struct hsmon_stats);
	if (!fx->stats)
		return -ENOMEM;
	KUNIT_ASSERT_EQ(test, hsmon_table_init(&fx->t, 1024, fx->stats), 0);
	test->priv = fx;
	return 0;
}

static void table_test_exit(struct kunit *test)
{
	struct table_fixture *fx = test->priv;

	hsmon_table_destroy(&fx->t);
	free_percpu(fx->stats);
}

static u64 stat(struct kunit *test, enum hsmon_stat s)
{
	struct table_fixture *fx = test->priv;
	struct hsmon_stats sum;

	hsmon_stats_sum(fx->stats, &sum);
	return sum.cnt[s];
}

static struct hsmon_key key(u16 cport)
{
	struct hsmon_key k;

	memset(&k, 0, sizeof(k));
	k.family = NFPROTO_IPV4;
	k.client.ip = cpu_to_be32(0x0a000002);
	k.server.ip = cpu_to_be32(0x0a000001);
	k.cport = htons(cport);
	k.sport = htons(80);
	return k;
}

static int add(struct kunit *test, u16 cport, u32 isn, unsigned int max)
{
	struct table_fixture *fx = test->priv;
	struct hsmon_key k = key(cport);

	return hsmon_table_add(&fx->t, &k, hsmon_table_hash(&fx->t, &k), isn, max);
}

/* Look a tuple up and apply a segment to it; false if not tracked. */
static bool step(struct kunit *test, u16 cport, u8 event, u32 seq, u32 ack)
{
	struct table_fixture *fx = test->priv;
	struct hsmon_seg seg = { .event = event, .seq = seq, .ack = ack };
	struct hsmon_key k = key(cport);
	bool found;

	rcu_read_lock();
	found = hsmon_table_lookup_step(&fx->t, &k, hsmon_table_hash(&fx->t, &k), &seg);
	rcu_read_unlock();
	return found;
}

static bool tracked(struct kunit *test, u16 cport)
{
	struct table_fixture *fx = test->priv;
	struct hsmon_key k = key(cport);
	bool found;

	rcu_read_lock();
	found = hsmon_table_find(&fx->t, &k, hsmon_table_hash(&fx->t, &k));
	rcu_read_unlock();
	return found;
}

static void table_test_complete(struct kunit *test)
{
	struct table_fixture *fx = test->priv;

	KUNIT_ASSERT_EQ(test, add(test, 1, 100, 16), 0);
	KUNIT_EXPECT_TRUE(test, tracked(test, 1));
	KUNIT_EXPECT_FALSE(test, tracked(test, 2));
	KUNIT_EXPECT_EQ(test, hsmon_table_count(&fx->t), 1);

	KUNIT_EXPECT_TRUE(test, step(test, 1, HSMON_EV_SYNACK, 900, 101));
	KUNIT_EXPECT_TRUE(test, step(test, 1, HSMON_EV_ACK, 101, 901));
	/* The final ACK is judged by the stack: the entry waits for it. */
	KUNIT_EXPECT_TRUE(test, tracked(test, 1));
	KUNIT_EXPECT_TRUE(test, step(test, 1, HSMON_EV_CHILD, 0, 0));

	KUNIT_EXPECT_FALSE(test, tracked(test, 1));
	KUNIT_EXPECT_EQ(test, hsmon_table_count(&fx->t), 0);
	KUNIT_EXPECT_EQ(test, stat(test, HSMON_STAT_SYN), 1);
	KUNIT_EXPECT_EQ(test, stat(test, HSMON_STAT_SYNACK), 1);
	KUNIT_EXPECT_EQ(test, stat(test, HSMON_STAT_COMPLETED), 1);
}

/* Adding a tuple that is already there is the SYN arriving again. */
static void table_test_add_existing(struct kunit *test)
{
	struct table_fixture *fx = test->priv;

	KUNIT_ASSERT_EQ(test, add(test, 1, 100, 16), 0);
	KUNIT_EXPECT_EQ(test, add(test, 1, 100, 16), -EEXIST);
	KUNIT_EXPECT_EQ(test, add(test, 1, 555, 16), -EEXIST);
	KUNIT_EXPECT_EQ(test, hsmon_table_count(&fx->t), 1);
	KUNIT_EXPECT_EQ(test, stat(test, HSMON_STAT_SYN), 1);
	KUNIT_EXPECT_EQ(test, stat(test, HSMON_STAT_SYN_RETRANS), 1);
	KUNIT_EXPECT_EQ(test, stat(test, HSMON_STAT_SYN_REPLACED), 1);
}

static void table_test_evict_at_bound(struct kunit *test)
{
	struct table_fixture *fx = test->priv;
	int i;

	for (i = 0; i < 10; i++)
		KUNIT_EXPECT_EQ(test, add(test, 100 + i, i, 4), 0);
	KUNIT_EXPECT_EQ(test, hsmon_table_count(&fx->t), 4);
	KUNIT_EXPECT_EQ(test, stat(test, HSMON_STAT_SYN), 10);
	KUNIT_EXPECT_EQ(test, stat(test, HSMON_STAT_EVICTED), 6);
	KUNIT_EXPECT_EQ(test, stat(test, HSMON_STAT_UNTRACKED), 0);
	/* The newest always stays. */
	KUNIT_EXPECT_TRUE(test, tracked(test, 109));
}

/* Full at max_entries, not below: the hooks' flood check. */
static void table_test_full(struct kunit *test)
{
	struct table_fixture *fx = test->priv;

	KUNIT_EXPECT_FALSE(test, hsmon_table_full(&fx->t, 2));
	KUNIT_ASSERT_EQ(test, add(test, 1, 1, 2), 0);
	KUNIT_EXPECT_FALSE(test, hsmon_table_full(&fx->t, 2));
	KUNIT_ASSERT_EQ(test, add(test, 2, 2, 2), 0);
	KUNIT_EXPECT_TRUE(test, hsmon_table_full(&fx->t, 2));
	KUNIT_EXPECT_FALSE(test, hsmon_table_full(&fx->t, 3));
}

/* With one slot, the oldest (the only) entry makes room. */
static void table_test_evict_oldest(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, add(test, 1, 1, 1), 0);
	KUNIT_ASSERT_EQ(test, add(test, 2, 2, 1), 0);
	KUNIT_EXPECT_FALSE(test, tracked(test, 1));
	KUNIT_EXPECT_TRUE(test, tracked(test, 2));
	KUNIT_EXPECT_EQ(test, stat(test, HSMON_STAT_EVICTED), 1);
}

/* A tombstone evicted is not a handshake evicted. */
static void table_test_evict_tombstone_silently(struct kunit *test)
{
	struct table_fixture *fx = test->priv;

	KUNIT_ASSERT_EQ(test, add(test, 1, 1, 1), 0);
	step(test, 1, HSMON_EV_SYNACK, 50, 2);
	KUNIT_EXPECT_EQ(test, hsmon_table_expire(&fx->t, jiffies + HZ, HZ / 2, 100), 1);
	KUNIT_ASSERT_EQ(test, add(test, 2, 2, 1), 0);
	KUNIT_EXPECT_EQ(test, stat(test, HSMON_STAT_TIMEOUT_SYNACK), 1);
	KUNIT_EXPECT_EQ(test, stat(test, HSMON_STAT_EVICTED), 0);
	KUNIT_EXPECT_EQ(test, hsmon_table_count(&fx->t), 1);
}

/* No slot at all: the SYN is counted as untracked, not dropped silently. */
static void table_test_untracked(struct kunit *test)
{
	struct table_fixture *fx = test->priv;

	KUNIT_EXPECT_EQ(test, add(test, 1, 1, 0), -ENOSPC);
	KUNIT_EXPECT_EQ(test, stat(test, HSMON_STAT_UNTRACKED), 1);
	KUNIT_EXPECT_EQ(test, stat(test, HSMON_STAT_SYN), 0);
	KUNIT_EXPECT_EQ(test, hsmon_table_count(&fx->t), 0);
}

static void table_test_expire(struct kunit *test)
{
	struct table_fixture *fx = test->priv;
	unsigned long t0 = jiffies, timeout = HZ;

	KUNIT_ASSERT_EQ(test, add(test, 1, 10, 16), 0);	/* stays SYN_RCVD */
	KUNIT_ASSERT_EQ(test, add(test, 2, 20, 16), 0);
	step(test, 2, HSMON_EV_SYNACK, 70, 21);		/* SYNACK_SENT */

	/* Not yet. */
	KUNIT_EXPECT_EQ(test, hsmon_table_expire(&fx->t, t0, timeout, 100), 0);
	KUNIT_EXPECT_EQ(test, hsmon_table_count(&fx->t), 2);

	KUNIT_EXPECT_EQ(test, hsmon_table_expire(&fx->t, t0 + 2 * timeout, timeout, 100), 2);
	KUNIT_EXPECT_EQ(test, stat(test, HSMON_STAT_TIMEOUT_SYN), 1);
	KUNIT_EXPECT_EQ(test, stat(test, HSMON_STAT_TIMEOUT_SYNACK), 1);
	/* The half-open one lingers as a tombstone for a late ACK... */
	KUNIT_EXPECT_FALSE(test, tracked(test, 1));
	KUNIT_EXPECT_TRUE(test, tracked(test, 2));
	KUNIT_EXPECT_TRUE(test, step(test, 2, HSMON_EV_ACK, 21, 71));
	KUNIT_EXPECT_TRUE(test, step(test, 2, HSMON_EV_CHILD, 0, 0));
	KUNIT_EXPECT_EQ(test, stat(test, HSMON_STAT_LATE_ACK), 1);
	KUNIT_EXPECT_EQ(test, hsmon_table_count(&fx->t), 0);
}

/* ...and goes one more timeout later if none comes. */
static void table_test_tombstone_expires(struct kunit *test)
{
	struct table_fixture *fx = test->priv;
	unsigned long t0, timeout = HZ;

	KUNIT_ASSERT_EQ(test, add(test, 2, 20, 16), 0);
	step(test, 2, HSMON_EV_SYNACK, 70, 21);
	t0 = jiffies;	/* not before the add: its stamp is <= t0 */
	KUNIT_EXPECT_EQ(test, hsmon_table_expire(&fx->t, t0 + timeout, timeout, 100), 1);
	KUNIT_EXPECT_EQ(test, hsmon_table_count(&fx->t), 1);
	KUNIT_EXPECT_EQ(test, hsmon_table_expire(&fx->t, t0 + 2 * timeout, timeout, 100), 1);
	KUNIT_EXPECT_EQ(test, hsmon_table_count(&fx->t), 0);
	KUNIT_EXPECT_EQ(test, stat(test, HSMON_STAT_TIMEOUT_SYNACK), 1);
	KUNIT_EXPECT_EQ(test, stat(test, HSMON_STAT_TIMEOUT_SYN), 0);
}

static void table_test_expire_budget(struct kunit *test)
{
	struct table_fixture *fx = test->priv;
	unsigned long later = jiffies + 10 * HZ;
	int i;

	for (i = 0; i < 10; i++)
		KUNIT_ASSERT_EQ(test, add(test, 100 + i, i, 16), 0);
	KUNIT_EXPECT_EQ(test, hsmon_table_expire(&fx->t, later, HZ, 3), 3);
	KUNIT_EXPECT_EQ(test, hsmon_table_count(&fx->t), 7);
	KUNIT_EXPECT_EQ(test, hsmon_table_expire(&fx->t, later, HZ, 100), 7);
	KUNIT_EXPECT_EQ(test, stat(test, HSMON_STAT_TIMEOUT_SYN), 10);
}

/* A RST with a sequence number no real client would use changes nothing. */
static void table_test_spoofed_rst(struct kunit *test)
{
	KUNIT_ASSERT_EQ(test, add(test, 1, 10, 16), 0);
	step(test, 1, HSMON_EV_SYNACK, 70, 11);
	step(test, 1, HSMON_EV_RST_IN, 12345, 0);
	KUNIT_EXPECT_TRUE(test, tracked(test, 1));
	KUNIT_EXPECT_EQ(test, stat(test, HSMON_STAT_IGNORED), 1);
	step(test, 1, HSMON_EV_RST_IN, 11, 0);
	KUNIT_EXPECT_FALSE(test, tracked(test, 1));
	KUNIT_EXPECT_EQ(test, stat(test, HSMON_STAT_RESET_BY_CLIENT), 1);
}

/* Each table has its own random hash key. */
static void table_test_hash_seed(struct kunit *test)
{
	struct table_fixture *fx = test->priv;
	struct hsmon_table *other = kunit_kzalloc(test, sizeof(*other), GFP_KERNEL);
	struct hsmon_key k = key(1);
	int i, differ = 0;

	KUNIT_ASSERT_NOT_NULL(test, other);
	KUNIT_ASSERT_EQ(test, hsmon_table_init(other, 1024, fx->stats), 0);
	KUNIT_EXPECT_NE(test, memcmp(&fx->t.seed, &other->seed, sizeof(other->seed)), 0);
	for (i = 0; i < 8; i++) {
		k = key(i);
		differ += hsmon_table_hash(&fx->t, &k) != hsmon_table_hash(other, &k);
	}
	KUNIT_EXPECT_GE(test, differ, 7);
	hsmon_table_destroy(other);
}

/*
 * Tuples that differ only in the client port, as a flood's do, spread
 * over the buckets: 4096 tuples in 1024 buckets, mean chain 4, once the
 * shards have grown from their first 8 buckets to their most, 16.
 */
static void table_test_chain_length(struct kunit *test)
{
	struct table_fixture *fx = test->priv;
	int i;

	KUNIT_EXPECT_EQ(test, hsmon_table_buckets(&fx->t), HSMON_SHARDS * 8);
	for (i = 0; i < 4096; i++)
		KUNIT_ASSERT_EQ(test, add(test, 1024 + i, i, 8192), 0);
	hsmon_table_settle(&fx->t);
	KUNIT_EXPECT_EQ(test, hsmon_table_buckets(&fx->t), 1024);
	KUNIT_EXPECT_EQ(test, hsmon_table_count(&fx->t), 4096);
	KUNIT_EXPECT_LE(test, hsmon_table_longest_chain(&fx->t), 16);
	/* Every entry moved to its shard's new array, and is found there. */
	for (i = 0; i < 4096; i++)
		KUNIT_EXPECT_TRUE(test, tracked(test, 1024 + i));
}

/*
 * Hash flooding: tuples crafted to share one bucket under a known key
 * (here the all-zero key, as if the hash were unkeyed) land in one chain
 * of a table using that key, and spread out under the table's own
 * random key.
 */
static void table_test_hash_flooding(struct kunit *test)
{
	struct table_fixture *fx = test->priv;
	struct hsmon_table *unkeyed = kunit_kzalloc(test, sizeof(*unkeyed), GFP_KERNEL);
	u16 crafted[32];
	int i, n = 0;
	u32 cport;

	KUNIT_ASSERT_NOT_NULL(test, unkeyed);
	/*
	 * Craft with a zeroed key; hsmon_table_hash() reads only the seed.
	 * Ten low bits alike: one shard, and one bucket of it at any size.
	 */
	for (cport = 1; cport <= U16_MAX && n < ARRAY_SIZE(crafted); cport++) {
		struct hsmon_key k = key(cport);

		if ((hsmon_table_hash(unkeyed, &k) & 1023) == 0)
			crafted[n++] = cport;
	}
	KUNIT_ASSERT_EQ(test, n, ARRAY_SIZE(crafted));

	KUNIT_ASSERT_EQ(test, hsmon_table_init(unkeyed, 1024, fx->stats), 0);
	memset(&unkeyed->seed, 0, sizeof(unkeyed->seed));
	for (i = 0; i < n; i++) {
		struct hsmon_key k = key(crafted[i]);

		KUNIT_EXPECT_EQ(test, hsmon_table_add(unkeyed, &k, hsmon_table_hash(unkeyed, &k),
						      i, 1024), 0);
		KUNIT_EXPECT_EQ(test, add(test, crafted[i], i, 1024), 0);
	}
	hsmon_table_settle(unkeyed);
	hsmon_table_settle(&fx->t);
	KUNIT_EXPECT_EQ(test, hsmon_table_longest_chain(unkeyed), 32);
	KUNIT_EXPECT_LE(test, hsmon_table_longest_chain(&fx->t), 6);
	hsmon_table_destroy(unkeyed);
}

/* The bucket array of the shard of hash @h, and @h's filter byte in it. */
static const struct hsmon_buckets *buckets_of(struct hsmon_table *t, u32 h)
{
	return rcu_dereference_protected(t->dir[hsmon_hash_shard(h)].b, true);
}

static u8 filter_of(struct hsmon_table *t, u32 h)
{
	const struct hsmon_buckets *bk = buckets_of(t, h);

	return bk->filter[hsmon_hash_bucket(bk, h)];
}

static bool same_bucket(struct hsmon_table *t, u32 h1, u32 h2)
{
	return hsmon_hash_shard(h1) == hsmon_hash_shard(h2) &&
	       hsmon_hash_bucket(buckets_of(t, h1), h1) == hsmon_hash_bucket(buckets_of(t, h2), h2);
}

static u32 hash_of(struct kunit *test, u16 cport)
{
	struct table_fixture *fx = test->priv;
	struct hsmon_key k = key(cport);

	return hsmon_table_hash(&fx->t, &k);
}

/* Complete the handshake of a tuple added with ISN 100. */
static void complete_handshake(struct kunit *test, u16 cport)
{
	KUNIT_ASSERT_TRUE(test, step(test, cport, HSMON_EV_SYNACK, 900, 101));
	KUNIT_ASSERT_TRUE(test, step(test, cport, HSMON_EV_ACK, 101, 901));
	KUNIT_ASSERT_TRUE(test, step(test, cport, HSMON_EV_CHILD, 0, 0));
}

/*
 * A bucket's filter byte: the bits of its entries, set on insert, kept
 * while the bucket has an entry (stale bits are only a walk), zero again
 * once it is empty; a tuple whose bit is clear is not found.
 */
static void table_test_filter(struct kunit *test)
{
	struct table_fixture *fx = test->priv;
	u32 ha = hash_of(test, 1), hb = 0, hc = 0;
	u8 fa = hsmon_filter_bit(ha), fb, fc;
	u16 cb = 0, cc = 0, cport;

	/* Tuples B and C share A's bucket, with bits of their own. */
	for (cport = 2; cport < U16_MAX && !(cb && cc); cport++) {
		u32 h = hash_of(test, cport);

		if (!same_bucket(&fx->t, h, ha) || hsmon_filter_bit(h) == fa)
			continue;
		if (!cb) {
			cb = cport;
			hb = h;
		} else if (hsmon_filter_bit(h) != hsmon_filter_bit(hb)) {
			cc = cport;
			hc = h;
		}
	}
	KUNIT_ASSERT_NE(test, cc, 0);
	fb = hsmon_filter_bit(hb);
	fc = hsmon_filter_bit(hc);

	KUNIT_EXPECT_EQ(test, filter_of(&fx->t, ha), 0);
	KUNIT_ASSERT_EQ(test, add(test, 1, 100, 16), 0);
	KUNIT_EXPECT_EQ(test, filter_of(&fx->t, ha), fa);
	KUNIT_ASSERT_EQ(test, add(test, cb, 100, 16), 0);
	KUNIT_EXPECT_EQ(test, filter_of(&fx->t, ha), fa | fb);
	KUNIT_EXPECT_FALSE(test, tracked(test, cc));
	KUNIT_EXPECT_EQ(test, add(test, cc, 100, 16), 0);
	KUNIT_EXPECT_EQ(test, filter_of(&fx->t, ha), fa | fb | fc);

	/* A, last in the chain, leaves: its bit stays, the others are found. */
	complete_handshake(test, 1);
	KUNIT_EXPECT_EQ(test, filter_of(&fx->t, ha), fa | fb | fc);
	KUNIT_EXPECT_TRUE(test, tracked(test, cb));
	KUNIT_EXPECT_TRUE(test, tracked(test, cc));
	/* C, first in the chain, leaves: the bucket still has B. */
	complete_handshake(test, cc);
	KUNIT_EXPECT_EQ(test, filter_of(&fx->t, ha), fa | fb | fc);
	KUNIT_EXPECT_TRUE(test, tracked(test, cb));
	/* B, the last one: the bucket is empty, so is its filter. */
	complete_handshake(test, cb);
	KUNIT_EXPECT_EQ(test, filter_of(&fx->t, ha), 0);
	KUNIT_EXPECT_EQ(test, hsmon_table_count(&fx->t), 0);
	KUNIT_EXPECT_EQ(test, stat(test, HSMON_STAT_COMPLETED), 3);
}

/* An evicted entry's bucket loses its bits if it empties. */
static void table_test_filter_evict(struct kunit *test)
{
	struct table_fixture *fx = test->priv;
	u32 h1 = hash_of(test, 1), h2;
	u16 c2 = 2;

	/* Another bucket than the first tuple's. */
	while (same_bucket(&fx->t, h1, h2 = hash_of(test, c2)))
		c2++;
	KUNIT_ASSERT_EQ(test, add(test, 1, 100, 1), 0);
	KUNIT_ASSERT_EQ(test, add(test, c2, 100, 1), 0);
	KUNIT_EXPECT_EQ(test, stat(test, HSMON_STAT_EVICTED), 1);
	KUNIT_EXPECT_EQ(test, filter_of(&fx->t, h1), 0);
	KUNIT_EXPECT_EQ(test, filter_of(&fx->t, h2), hsmon_filter_bit(h2));
	KUNIT_EXPECT_FALSE(test, tracked(test, 1));
	KUNIT_EXPECT_TRUE(test, tracked(test, c2));
}

static void table_test_bad_size(struct kunit *test)
{
	struct table_fixture *fx = test->priv;
	struct hsmon_table *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_EQ(test, hsmon_table_init(t, 1000, fx->stats), -EINVAL);
	KUNIT_EXPECT_EQ(test, hsmon_table_init(t, 0, fx->stats), -EINVAL);
	KUNIT_EXPECT_EQ(test, hsmon_table_init(t, HSMON_SHARDS / 2, fx->stats), -EINVAL);
	KUNIT_EXPECT_EQ(test, hsmon_table_init(t, HSMON_BUCKETS_MAX * 2, fx->stats), -EINVAL);
}

/*
 * hsmon_table_walk() visits every entry once, and a walk that stops and
 * resumes from its place (as a reader of hsmon_conns does between two
 * chunks) visits the rest, without starting again.
 */
static void table_test_walk(struct kunit *test)
{
	struct table_fixture *fx = test->priv;
	struct hsmon_table_pos pos = {};
	unsigned long *seen;
	struct hsmon_entry *e;
	unsigned int n = 0, first = 0;
	int i;

	seen = kunit_kcalloc(test, BITS_TO_LONGS(1000), sizeof(long), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	for (i = 1; i <= 300; i++)
		KUNIT_ASSERT_EQ(test, add(test, i, i, 1000), 0);

	rcu_read_lock();
	for (e = hsmon_table_walk(&fx->t, &pos); e && first < 100;
	     pos.skip++, e = hsmon_table_walk(&fx->t, &pos)) {
		KUNIT_EXPECT_FALSE(test, __test_and_set_bit(ntohs(e->key.cport), seen));
		first++;
	}
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, first, 100);

	/* Another RCU section: on from the same place, e not yet counted. */
	rcu_read_lock();
	for (e = hsmon_table_walk(&fx->t, &pos); e;
	     pos.skip++, e = hsmon_table_walk(&fx->t, &pos)) {
		KUNIT_EXPECT_FALSE(test, __test_and_set_bit(ntohs(e->key.cport), seen));
		n++;
	}
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, n, 200);
	KUNIT_EXPECT_EQ(test, bitmap_weight(seen, 1000), 300);
	KUNIT_EXPECT_EQ(test, pos.shard, HSMON_SHARDS);
}

/*
 * All namespaces' tables share one SLAB_TYPESAFE_BY_RCU cache: an entry a
 * lockless lookup found in one table may end and be set up again, at
 * once, in another namespace's table, for the same tuple (127.0.0.1
 * sidecars) and the same shard.  The stale pointer must be refused under
 * the lock on every path that found an entry without it: a step (the
 * hooks) and a copy (hsmon_conns).
 *
 * What the lookup holds after such a recycle is a live entry of the other
 * table with the same key and shard: the test hands exactly that to the
 * first table's paths.  (It does not make the allocator recycle the
 * memory: on the debug kernel, CONFIG_SLUB_RCU_DEBUG holds a freed
 * typesafe object back for a grace period.)
 */
static void table_test_other_table(struct kunit *test)
{
	struct table_fixture *fx = test->priv;
	struct hsmon_seg syn = { .event = HSMON_EV_SYN, .seq = 999 };
	struct hsmon_stats __percpu *stats2;
	struct hsmon_key k = key(7);
	struct hsmon_entry *e2, copy;
	struct hsmon_table *t2;
	bool stepped, copied;
	u32 h;

	t2 = kunit_kzalloc(test, sizeof(*t2), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t2);
	stats2 = alloc_percpu(struct hsmon_stats);
	KUNIT_ASSERT_NOT_NULL(test, stats2);
	KUNIT_ASSERT_EQ(test, hsmon_table_init(t2, 1024, stats2), 0);
	KUNIT_EXPECT_NE(test, t2->id, fx->t.id);
	/* The same seed and size: the same bucket and shard in both tables. */
	t2->seed = fx->t.seed;
	h = hsmon_table_hash(&fx->t, &k);
	KUNIT_ASSERT_EQ(test, hsmon_table_add(t2, &k, h, 200, 16), 0);

	rcu_read_lock();
	e2 = hsmon_table_find(t2, &k, h);
	stepped = e2 && hsmon_table_step(&fx->t, e2, &k, &syn);
	copied = e2 && hsmon_table_copy(&fx->t, e2, &copy);
	rcu_read_unlock();

	KUNIT_EXPECT_NOT_NULL(test, e2);
	KUNIT_EXPECT_FALSE(test, stepped);
	KUNIT_EXPECT_FALSE(test, copied);
	/* The other table's handshake is as it was: not replaced by our SYN. */
	if (e2) {
		KUNIT_EXPECT_EQ(test, e2->fsm.state, HSMON_ST_SYN_RCVD);
		KUNIT_EXPECT_EQ(test, e2->fsm.isn_client, 200);
	}
	KUNIT_EXPECT_EQ(test, stat(test, HSMON_STAT_SYN_REPLACED), 0);
	/* Its own table still takes it. */
	rcu_read_lock();
	KUNIT_EXPECT_TRUE(test, hsmon_table_copy(t2, e2, &copy));
	rcu_read_unlock();

	hsmon_table_destroy(t2);
	free_percpu(stats2);
}

/*
 * All tables together hold at most net.hsmon.host_max_entries: past it, a
 * new handshake takes over an old entry of its own table, as when the
 * table itself is full, and the host's count does not grow.
 */
static void table_test_host_bound(struct kunit *test)
{
	struct table_fixture *fx = test->priv;
	int old = READ_ONCE(hsmon_host_max_entries);
	s64 base = hsmon_host_entries_sum();
	int i, err[5];

	WRITE_ONCE(hsmon_host_max_entries, base + 3);
	for (i = 0; i < 5; i++)
		err[i] = add(test, i + 1, i + 1, 100);
	WRITE_ONCE(hsmon_host_max_entries, old);

	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_EQ(test, err[i], 0);
	KUNIT_EXPECT_EQ(test, hsmon_table_count(&fx->t), 3);
	KUNIT_EXPECT_EQ(test, stat(test, HSMON_STAT_SYN), 5);
	KUNIT_EXPECT_EQ(test, stat(test, HSMON_STAT_EVICTED), 2);
	KUNIT_EXPECT_EQ(test, hsmon_host_entries_sum(), base + 3);
}

static struct kunit_case hsmon_table_cases[] = {
	KUNIT_CASE(table_test_complete),
	KUNIT_CASE(table_test_add_existing),
	KUNIT_CASE(table_test_evict_at_bound),
	KUNIT_CASE(table_test_full),
	KUNIT_CASE(table_test_evict_oldest),
	KUNIT_CASE(table_test_evict_tombstone_silently),
	KUNIT_CASE(table_test_untracked),
	KUNIT_CASE(table_test_expire),
	KUNIT_CASE(table_test_tombstone_expires),
	KUNIT_CASE(table_test_expire_budget),
	KUNIT_CASE(table_test_spoofed_rst),
	KUNIT_CASE(table_test_hash_seed),
	KUNIT_CASE(table_test_chain_length),
	KUNIT_CASE(table_test_hash_flooding),
	KUNIT_CASE(table_test_filter),
	KUNIT_CASE(table_test_filter_evict),
	KUNIT_CASE(table_test_bad_size),
	KUNIT_CASE(table_test_walk),
	KUNIT_CASE(table_test_other_table),
	KUNIT_CASE(table_test_host_bound),
	{}
};

static struct kunit_suite hsmon_table_suite = {
	.name = "hsmon_table",
	.init = table_test_init,
	.exit = table_test_exit,
	.test_cases = hsmon_table_cases,
};

kunit_test_suite(hsmon_table_suite);
