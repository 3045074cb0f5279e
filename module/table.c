// SPDX-License-Identifier: GPL-2.0
/*
 * The per-netns table of handshakes in progress.
 *
 * Lookups walk a bucket's hlist under RCU without a lock: most packets
 * that reach it (ACKs of established connections) find nothing and go.
 * Changes take the lock of one of HSMON_SHARDS shards; bucket b belongs
 * to shard b % HSMON_SHARDS.  Each shard also keeps its entries on a list
 * ordered by stamp, the jiffies of the entry's last (re)start, which
 * serves both ends of an entry's life:
 *
 *  - expiry: a handshake times out net.hsmon.timeout after its stamp, so
 *    the expired entries are at the head of each shard list and a GC pass
 *    costs O(expired entries + shards), not O(table size);
 *  - eviction: when net.hsmon.max_entries are in use, a new SYN evicts
 *    the oldest entry of its own shard (or, if that shard is empty, of
 *    the next non-empty one), counted as evicted unless the victim is an
 *    EXPIRED tombstone.  Only if no shard has an entry (every slot is
 *    reserved by a concurrent insert) is the SYN left untracked, and that
 *    is counted too.
 *
 * The table holds at most max_entries entries: an insert reserves its
 * slot in @count, which never goes above max_entries, evicting first when
 * the table is full, and only then links the new entry.
 * Entries are freed through call_rcu(), not kfree_rcu(), so that the
 * rcu_barrier() at module exit waits for every one of them before the
 * slab cache goes.
 */
#include <linux/export.h>
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/slab.h>

#include "compat.h"
#include "table.h"

static struct kmem_cache *hsmon_entry_cache __read_mostly;

int hsmon_cache_init(void)
{
	hsmon_entry_cache = KMEM_CACHE(hsmon_entry, 0);
	return hsmon_entry_cache ? 0 : -ENOMEM;
}

void hsmon_cache_exit(void)
{
	rcu_barrier();	/* every hsmon_entry_free_rcu() has run */
	kmem_cache_destroy(hsmon_entry_cache);
}

static void hsmon_entry_free_rcu(struct rcu_head *head)
{
	kmem_cache_free(hsmon_entry_cache, container_of(head, struct hsmon_entry, rcu));
}

/**
 * hsmon_table_init - set up an empty table
 * @t: the table
 * @nbuckets: number of hash buckets, a power of two
 * @stats: where the table's events are counted
 */
int hsmon_table_init(struct hsmon_table *t, unsigned int nbuckets,
		     struct hsmon_stats __percpu *stats)
{
	int i;

	if (!nbuckets || !is_power_of_2(nbuckets))
		return -EINVAL;
	t->buckets = kvcalloc(nbuckets, sizeof(*t->buckets), GFP_KERNEL);
	if (!t->buckets)
		return -ENOMEM;
	t->hmask = nbuckets - 1;
	t->stats = stats;
	t->gc_shard = 0;
	t->observe = NULL;
	atomic_set(&t->count, 0);
	get_random_bytes(&t->seed, sizeof(t->seed));
	for (i = 0; i < HSMON_SHARDS; i++) {
		spin_lock_init(&t->shards[i].lock);
		INIT_LIST_HEAD(&t->shards[i].lru);
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_table_init);

/*
 * Free every entry.  The caller guarantees that nothing can reach the
 * table any more: hooks unregistered, GC cancelled, proc files removed.
 */
void hsmon_table_destroy(struct hsmon_table *t)
{
	struct hsmon_entry *e;
	struct hlist_node *n;
	unsigned int b;

	for (b = 0; b <= t->hmask; b++) {
		hlist_for_each_entry_safe(e, n, &t->buckets[b], hnode) {
			hlist_del(&e->hnode);
			kmem_cache_free(hsmon_entry_cache, e);
		}
	}
	kvfree(t->buckets);
	t->buckets = NULL;
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_table_destroy);

u32 hsmon_table_hash(const struct hsmon_table *t, const struct hsmon_key *key)
{
	return siphash(key, sizeof(*key), &t->seed);
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_table_hash);

static bool hsmon_key_equal(const struct hsmon_key *a, const struct hsmon_key *b)
{
	return !memcmp(a, b, sizeof(*a));
}

/**
 * hsmon_table_find - look a tuple up, without a lock
 * @t: the table
 * @key: the tuple
 * @hash: hsmon_table_hash() of @key
 *
 * Call under rcu_read_lock(); the entry stays valid until it is unlocked.
 * It may be ending concurrently: hsmon_table_step() checks under the lock.
 */
struct hsmon_entry *hsmon_table_find(struct hsmon_table *t, const struct hsmon_key *key,
				     u32 hash)
{
	struct hsmon_entry *e;

	hlist_for_each_entry_rcu(e, &t->buckets[hash & t->hmask], hnode) {
		if (hsmon_key_equal(&e->key, key))
			return e;
	}
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_table_find);

/* Unlink an entry from its bucket and shard; the shard lock is held. */
static void hsmon_entry_release(struct hsmon_table *t, struct hsmon_entry *e)
{
	e->fsm.state = HSMON_ST_NONE;
	hlist_del_rcu(&e->hnode);
	list_del(&e->lru);
	atomic_dec(&t->count);
	call_rcu(&e->rcu, hsmon_entry_free_rcu);
}

/*
 * Count a step of an entry, and tell the observer of new handshakes and
 * outcomes; the shard lock is held.
 */
static void hsmon_entry_count(struct hsmon_table *t, const struct hsmon_entry *e,
			      u8 stat, u32 rtt_us)
{
	hsmon_stat_inc(t->stats, stat);
	if (t->observe && (stat == HSMON_STAT_SYN ||
			   (stat >= HSMON_STAT_FIRST_OUTCOME && stat <= HSMON_STAT_LAST_OUTCOME)))
		t->observe(t, e, stat, rtt_us);
}

/* Run the state machine on an entry and do what it says; lock held. */
static void hsmon_entry_apply(struct hsmon_table *t, struct hsmon_entry *e,
			      const struct hsmon_seg *seg, unsigned long now)
{
	struct hsmon_shard *sh = &t->shards[e->shard];
	struct hsmon_verdict v;

	lockdep_assert_held(&sh->lock);
	v = hsmon_fsm_step(&e->fsm, seg);
	if (v.stat == HSMON_STAT_SYNACK)
		e->synack_us = hsmon_now_us();
	hsmon_entry_count(t, e, v.stat,
			  v.stat == HSMON_STAT_COMPLETED ? hsmon_now_us() - e->synack_us : 0);
	switch (v.action) {
	case HSMON_RESTART:
		e->stamp = now;
		list_move_tail(&e->lru, &sh->lru);
		break;
	case HSMON_RELEASE:
		hsmon_entry_release(t, e);
		break;
	}
}

/**
 * hsmon_table_step - apply a segment to a tracked handshake
 * @t: the table
 * @e: an entry hsmon_table_find() returned, in the same RCU section
 * @seg: the segment
 */
void hsmon_table_step(struct hsmon_table *t, struct hsmon_entry *e,
		      const struct hsmon_seg *seg)
{
	struct hsmon_shard *sh = &t->shards[e->shard];

	spin_lock_bh(&sh->lock);
	/* Ended between the lookup and the lock: nothing left to do. */
	if (e->fsm.state != HSMON_ST_NONE)
		hsmon_entry_apply(t, e, seg, jiffies);
	spin_unlock_bh(&sh->lock);
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_table_step);

/**
 * hsmon_table_evict_one - make room by ending the oldest entry of a shard
 * @t: the table
 * @first_shard: the shard to try first; the others follow in order
 *
 * Return: true if an entry was evicted.
 */
bool hsmon_table_evict_one(struct hsmon_table *t, unsigned int first_shard)
{
	static const struct hsmon_seg evict = { .event = HSMON_EV_EVICT };
	unsigned int i;

	for (i = 0; i < HSMON_SHARDS; i++) {
		struct hsmon_shard *sh = &t->shards[(first_shard + i) % HSMON_SHARDS];
		struct hsmon_entry *e;

		spin_lock_bh(&sh->lock);
		e = list_first_entry_or_null(&sh->lru, struct hsmon_entry, lru);
		if (e)
			hsmon_entry_apply(t, e, &evict, jiffies);
		spin_unlock_bh(&sh->lock);
		if (e)
			return true;
	}
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_table_evict_one);

/*
 * Take a slot in @count, never above @max_entries: evict the oldest entry
 * of a shard while the table is full.  Other CPUs may take the freed slot
 * first; after a few rounds the SYN goes untracked, so that a hook never
 * loops.  (After max_entries is lowered, each new SYN evicts up to
 * HSMON_RESERVE_TRIES entries until the table fits.)
 */
#define HSMON_RESERVE_TRIES 4

static bool hsmon_table_reserve(struct hsmon_table *t, unsigned int first_shard,
				unsigned int max_entries)
{
	int tries, c;

	for (tries = 0; tries < HSMON_RESERVE_TRIES; tries++) {
		c = atomic_read(&t->count);
		while (c < (int)max_entries) {
			if (atomic_try_cmpxchg(&t->count, &c, c + 1))
				return true;
		}
		if (!hsmon_table_evict_one(t, first_shard))
			return false;
	}
	return false;
}

static struct hsmon_entry *hsmon_bucket_find_locked(struct hsmon_table *t,
						    struct hsmon_shard *sh,
						    unsigned int b,
						    const struct hsmon_key *key)
{
	struct hsmon_entry *e;

	hlist_for_each_entry_rcu(e, &t->buckets[b], hnode, lockdep_is_held(&sh->lock)) {
		if (hsmon_key_equal(&e->key, key))
			return e;
	}
	return NULL;
}

/**
 * hsmon_table_add - track a new handshake
 * @t: the table
 * @key: its tuple
 * @hash: hsmon_table_hash() of @key
 * @isn: the client's ISN J
 * @max_entries: net.hsmon.max_entries
 *
 * Allocates one entry with GFP_ATOMIC; never sleeps.  If another CPU
 * added the same tuple meanwhile, the SYN is applied to that entry.
 *
 * Return: 0, -EEXIST (applied to an existing entry), or -ENOSPC/-ENOMEM
 * (not tracked, counted as untracked).
 */
int hsmon_table_add(struct hsmon_table *t, const struct hsmon_key *key, u32 hash,
		    u32 isn, unsigned int max_entries)
{
	unsigned int b = hash & t->hmask;
	struct hsmon_shard *sh = &t->shards[b % HSMON_SHARDS];
	struct hsmon_entry *e, *old;
	int err;

	if (!hsmon_table_reserve(t, b % HSMON_SHARDS, max_entries)) {
		err = -ENOSPC;
		goto untracked;
	}
	e = kmem_cache_alloc(hsmon_entry_cache, GFP_ATOMIC | __GFP_NOWARN);
	if (!e) {
		atomic_dec(&t->count);
		err = -ENOMEM;
		goto untracked;
	}
	e->key = *key;
	e->shard = b % HSMON_SHARDS;
	hsmon_fsm_start(&e->fsm, isn);

	spin_lock_bh(&sh->lock);
	old = hsmon_bucket_find_locked(t, sh, b, key);
	if (old) {
		struct hsmon_seg syn = { .event = HSMON_EV_SYN, .seq = isn };

		hsmon_entry_apply(t, old, &syn, jiffies);
		spin_unlock_bh(&sh->lock);
		kmem_cache_free(hsmon_entry_cache, e);
		atomic_dec(&t->count);
		return -EEXIST;
	}
	e->stamp = jiffies;
	e->synack_us = 0;
	hlist_add_head_rcu(&e->hnode, &t->buckets[b]);
	list_add_tail(&e->lru, &sh->lru);
	hsmon_entry_count(t, e, HSMON_STAT_SYN, 0);
	spin_unlock_bh(&sh->lock);
	return 0;

untracked:
	hsmon_stat_inc(t->stats, HSMON_STAT_UNTRACKED);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_table_add);

/**
 * hsmon_table_expire - time out the entries whose timeout has passed
 * @t: the table
 * @now: the current jiffies
 * @timeout: net.hsmon.timeout in jiffies
 * @budget: the most entries to time out in this call
 *
 * Shard lists are ordered by stamp, so each shard's expired entries are at
 * its head.  A pass starts where the previous one ran out of budget.
 *
 * Return: the number of entries timed out; @budget means call again.
 */
unsigned int hsmon_table_expire(struct hsmon_table *t, unsigned long now,
				unsigned long timeout, unsigned int budget)
{
	static const struct hsmon_seg expire = { .event = HSMON_EV_TIMEOUT };
	unsigned int i, done = 0;

	for (i = 0; i < HSMON_SHARDS && done < budget; i++) {
		unsigned int s = (t->gc_shard + i) % HSMON_SHARDS;
		struct hsmon_shard *sh = &t->shards[s];
		struct hsmon_entry *e;

		spin_lock_bh(&sh->lock);
		while (done < budget &&
		       (e = list_first_entry_or_null(&sh->lru, struct hsmon_entry, lru)) &&
		       time_after_eq(now, e->stamp + timeout)) {
			/* A restart moves the entry to the tail, stamped @now. */
			hsmon_entry_apply(t, e, &expire, now);
			done++;
		}
		spin_unlock_bh(&sh->lock);
		if (done == budget)
			t->gc_shard = s;
	}
	return done;
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_table_expire);

/* The longest bucket chain: how well the keyed hash spreads the tuples. */
unsigned int hsmon_table_longest_chain(struct hsmon_table *t)
{
	unsigned int b, n, longest = 0;
	struct hsmon_entry *e;

	rcu_read_lock();
	for (b = 0; b <= t->hmask; b++) {
		n = 0;
		hlist_for_each_entry_rcu(e, &t->buckets[b], hnode)
			n++;
		longest = max(longest, n);
	}
	rcu_read_unlock();
	return longest;
}
EXPORT_SYMBOL_FOR_HSMON_TESTS(hsmon_table_longest_chain);
