// SPDX-License-Identifier: GPL-2.0
/*
 * The per-netns table of handshakes in progress.
 *
 * Lookups walk a bucket's hlist under RCU without a lock: most packets
 * that reach it (ACKs of established connections) find nothing and go.
 * Changes take the lock of one of HSMON_SHARDS shards, chosen by the low
 * bits of the tuple's hash; each shard has its own array of buckets,
 * indexed by the bits above them (hsmon_hash_shard(), hsmon_hash_bucket()).
 * Each shard also keeps its entries on a list ordered by stamp, the
 * jiffies of the entry's last (re)start, which serves both ends of an
 * entry's life:
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
 * The table holds at most max_entries entries: an insert takes a slot in
 * @count, which never goes above max_entries.  When the table is full the
 * new handshake takes over the slot *and the memory* of the oldest entry
 * of its own shard, under the one shard lock: a SYN flood costs no
 * allocation, no free and no RCU callback per SYN.
 *
 * Because a shard's buckets are an array of their own, the bucket a SYN
 * evicts from and the one it inserts into are in the same 1/HSMON_SHARDS
 * of the table's buckets and filter: under a flood, the pages each SYN
 * touches are fewer, and a TLB holds them better, than with interleaved
 * shards.
 *
 * A table starts small and grows: an idle namespace costs a few KiB, not
 * the megabytes of a table sized for a flood.  Each shard starts with
 * HSMON_SHARD_BUCKETS_MIN buckets; when it holds more entries than
 * buckets, a work item gives it an array at least four times as big (up
 * to shard_max, the table's hashsize / HSMON_SHARDS), moves its entries
 * under its lock, and frees the old array after a grace period.  A lookup
 * that ran while the entries moved may have missed: the shard's seqcount
 * tells it, and it looks again (hsmon_table_find()).  The move happens
 * once per growth; an entry's shard never changes.
 *
 * That works because the entry cache is SLAB_TYPESAFE_BY_RCU, as
 * nf_conntrack's and the TCP socket caches are: an entry's memory stays an
 * hsmon_entry for as long as an RCU reader may look at it, but it may be
 * freed and reused for another tuple at once.  So:
 *
 *  - buckets are hlist_nulls lists whose end marker names the bucket
 *    (hsmon_nulls()): a lookup that walked onto an entry that moved to
 *    another chain ends on another bucket's marker and walks its chain
 *    again;
 *  - what a lookup found is only a candidate: hsmon_table_step() checks
 *    under the shard lock that it is still live, in that shard and for
 *    that tuple, and otherwise the lookup runs again;
 *  - an entry is (re)initialised under the lock of the shard it goes to,
 *    its state published last (release), and checked first (acquire).
 *
 * Most lookups are for tuples that are not there: the ACKs and RSTs of
 * flows hsmon does not track, and every new SYN.  In a big table the
 * bucket head and the entry a chain starts with are two cache misses, so
 * each bucket also has a filter byte (see hsmon_filter_bit()): the bits of
 * the entries in its chain, set before an entry is linked, cleared only
 * when the bucket empties.  A clear bit ends the lookup after one byte; a
 * stale bit only costs the walk it would have cost anyway.  It costs one
 * byte per bucket, and, with about one entry per bucket, spares about 7 of
 * 8 walks of a non-empty bucket.
 */
#include <linux/export.h>
#include <linux/idr.h>
#include <linux/indirect_call_wrapper.h>
#include <linux/jiffies.h>
#include <linux/log2.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/percpu_counter.h>
#include <linux/preempt.h>
#include <linux/random.h>
#include <linux/rcupdate_wait.h>
#include <linux/sched.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

#include "table.h"
#include "testing.h"

static struct kmem_cache *hsmon_entry_cache __read_mostly;
/* The ids of the live tables: see hsmon_entry_in_shard(). */
static DEFINE_IDA(hsmon_table_ida);

/*
 * The entries of all tables together, held to net.hsmon.host_max_entries
 * (of the initial namespace) as each table is to its own max_entries.  A
 * per-CPU counter: exact near the bound, within HSMON_HOST_BATCH per CPU
 * far from it.
 */
static struct percpu_counter hsmon_host_entries;
int hsmon_host_max_entries __read_mostly;
EXPORT_SYMBOL_IF_KUNIT(hsmon_host_max_entries);
#define HSMON_HOST_BATCH	32

int hsmon_cache_init(void)
{
	int err;

	/* What a lookup reads (next, key, shard, state) is in one cache line. */
	BUILD_BUG_ON(offsetofend(struct hsmon_entry, fsm.state) > 64);
	err = percpu_counter_init(&hsmon_host_entries, 0, GFP_KERNEL);
	if (err)
		return err;
	hsmon_entry_cache = KMEM_CACHE(hsmon_entry, SLAB_TYPESAFE_BY_RCU);
	if (!hsmon_entry_cache) {
		percpu_counter_destroy(&hsmon_host_entries);
		return -ENOMEM;
	}
	return 0;
}

/* kmem_cache_destroy() waits for the grace period of a typesafe cache. */
void hsmon_cache_exit(void)
{
	kmem_cache_destroy(hsmon_entry_cache);
	percpu_counter_destroy(&hsmon_host_entries);
}

/* The entries of all namespaces' tables together. */
s64 hsmon_host_entries_sum(void)
{
	return percpu_counter_sum(&hsmon_host_entries);
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_host_entries_sum);

/* A slot of @t's count went (-1) or came (+1): the host's count follows. */
static void hsmon_host_count(int n)
{
	percpu_counter_add_batch(&hsmon_host_entries, n, HSMON_HOST_BATCH);
}

/* Buckets a shard starts with (or shard_max, if that is fewer). */
#define HSMON_SHARD_BUCKETS_MIN	8

/*
 * The end marker of bucket @b of shard @s of @t: unique in the table (and,
 * with 64-bit longs, among tables), so that a lookup led onto another
 * chain by an entry that moved there (ended and set up again at once:
 * the cache is typesafe) sees it.  A bucket index has at most 23 bits.
 */
static unsigned long hsmon_nulls(const struct hsmon_table *t, unsigned int s, unsigned int b)
{
	unsigned long v = ((unsigned long)b << HSMON_SHARD_BITS) | s;

#if BITS_PER_LONG == 64
	v |= (unsigned long)t->id << 29;
#endif
	return v;
}

/* Shard @s's bucket array of @n buckets, all empty, and its filter. */
static struct hsmon_buckets *hsmon_buckets_alloc(const struct hsmon_table *t, unsigned int s,
						 unsigned int n, gfp_t gfp)
{
	struct hsmon_buckets *bk;
	unsigned int i;

	bk = kvmalloc(struct_size(bk, heads, n) + n, gfp);
	if (!bk)
		return NULL;
	bk->mask = n - 1;
	bk->filter = (u8 *)&bk->heads[n];
	memset(bk->filter, 0, n);
	for (i = 0; i < n; i++)
		INIT_HLIST_NULLS_HEAD(&bk->heads[i], hsmon_nulls(t, s, i));
	return bk;
}

/* Shard @s's bucket array, for one who holds its lock. */
static struct hsmon_buckets *hsmon_shard_buckets(struct hsmon_table *t, unsigned int s)
{
	return rcu_dereference_protected(t->dir[s].b, lockdep_is_held(&t->shards[s].lock));
}

static void hsmon_table_grow_work(struct work_struct *work);

/* Free the bucket arrays of a table that nothing can reach. */
static void hsmon_table_free_buckets(struct hsmon_table *t)
{
	unsigned int s;

	for (s = 0; s < HSMON_SHARDS; s++) {
		kvfree(rcu_dereference_protected(t->dir[s].b, true));
		RCU_INIT_POINTER(t->dir[s].b, NULL);
	}
}

/**
 * hsmon_table_init - set up an empty table
 * @t: the table
 * @nbuckets: the most hash buckets it grows to, a power of two, at least
 *	      HSMON_SHARDS
 * @stats: where the table's events are counted
 *
 * It starts with HSMON_SHARD_BUCKETS_MIN buckets a shard.
 */
int hsmon_table_init(struct hsmon_table *t, unsigned int nbuckets,
		     struct hsmon_stats __percpu *stats)
{
	unsigned int i, first;
	int id;

	if (nbuckets < HSMON_SHARDS || !is_power_of_2(nbuckets) ||
	    nbuckets > HSMON_BUCKETS_MAX)
		return -EINVAL;
	t->shard_max = nbuckets / HSMON_SHARDS;
	first = min(t->shard_max, HSMON_SHARD_BUCKETS_MIN);
	id = ida_alloc_min(&hsmon_table_ida, 1, GFP_KERNEL);
	if (id < 0)
		return id;
	t->id = id;
	for (i = 0; i < HSMON_SHARDS; i++)
		RCU_INIT_POINTER(t->dir[i].b, NULL);
	for (i = 0; i < HSMON_SHARDS; i++) {
		struct hsmon_buckets *bk = hsmon_buckets_alloc(t, i, first, GFP_KERNEL_ACCOUNT);

		RCU_INIT_POINTER(t->dir[i].b, bk);
		if (!bk) {
			hsmon_table_free_buckets(t);
			ida_free(&hsmon_table_ida, id);
			t->id = 0;
			return -ENOMEM;
		}
	}
	t->stats = stats;
	t->gc_shard = 0;
	t->observe = NULL;
	t->memcg = NULL;
	atomic_set(&t->count, 0);
	get_random_bytes(&t->seed, sizeof(t->seed));
	bitmap_zero(t->grow_pending, HSMON_SHARDS);
	INIT_WORK(&t->grow_work, hsmon_table_grow_work);
	for (i = 0; i < HSMON_SHARDS; i++) {
		spin_lock_init(&t->shards[i].lock);
		INIT_LIST_HEAD(&t->shards[i].lru);
		t->shards[i].n = 0;
		t->shards[i].nbuckets = first;
		seqcount_spinlock_init(&t->dir[i].grow, &t->shards[i].lock);
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
	struct hsmon_entry *e, *n;
	unsigned int i;

	cancel_work_sync(&t->grow_work);
	for (i = 0; i < HSMON_SHARDS; i++) {
		list_for_each_entry_safe(e, n, &t->shards[i].lru, lru)
			kmem_cache_free(hsmon_entry_cache, e);
		INIT_LIST_HEAD(&t->shards[i].lru);
		t->shards[i].n = 0;
	}
	hsmon_host_count(-atomic_xchg(&t->count, 0));
	ida_free(&hsmon_table_ida, t->id);
	t->id = 0;
	hsmon_table_free_buckets(t);
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_table_destroy);

/* Can bucket @b of @bk hold a tuple of hash @hash?  Not if its filter lacks the bit. */
static bool hsmon_filter_has(const struct hsmon_buckets *bk, unsigned int b, u32 hash)
{
	return READ_ONCE(bk->filter[b]) & hsmon_filter_bit(hash);
}

/**
 * hsmon_table_find - look a tuple up, without a lock
 * @t: the table
 * @key: the tuple
 * @hash: hsmon_table_hash() of @key
 *
 * Call under rcu_read_lock(); the memory stays an hsmon_entry until it is
 * unlocked, but it may meanwhile end and track another tuple: only
 * hsmon_table_step() tells, under the lock.
 */
struct hsmon_entry *hsmon_table_find(struct hsmon_table *t, const struct hsmon_key *key,
				     u32 hash)
{
	unsigned int b, seq, s = hsmon_hash_shard(hash);
	struct hsmon_shard_dir *d = &t->dir[s];
	const struct hsmon_buckets *bk;
	struct hlist_nulls_node *n;
	struct hsmon_entry *e;

again:
	seq = read_seqcount_begin(&d->grow);
	bk = rcu_dereference(d->b);
	b = hsmon_hash_bucket(bk, hash);
	if (!hsmon_filter_has(bk, b, hash))
		goto miss;
	hlist_nulls_for_each_entry_rcu(e, n, &bk->heads[b], hnode) {
		if (hsmon_key_equal(&e->key, key))
			return e;
	}
	/* We were led onto another chain by an entry that moved: again. */
	if (get_nulls_value(n) != hsmon_nulls(t, s, b))
		goto again;
miss:
	/* The shard grew meanwhile, its entries moved: not a miss yet. */
	if (read_seqcount_retry(&d->grow, seq))
		goto again;
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_table_find);

/*
 * The shard lock keeps bottom halves off, as the hooks take it in softirq.
 * The hooks nearly always run with them off already (in the softirq, or
 * where the stack disabled them): there spin_lock() suffices and spares
 * the bottom-half enable and its pending-softirq check at unlock, twice
 * per handshake.  Elsewhere (the GC, a hook in process context) it is
 * spin_lock_bh().  Return: whether to unlock with _bh.
 */
static bool hsmon_shard_lock(struct hsmon_shard *sh)
	__acquires(&sh->lock)
{
	if (in_softirq()) {
		spin_lock(&sh->lock);
		return false;
	}
	spin_lock_bh(&sh->lock);
	return true;
}

static void hsmon_shard_unlock(struct hsmon_shard *sh, bool bh)
	__releases(&sh->lock)
{
	if (bh)
		spin_unlock_bh(&sh->lock);
	else
		spin_unlock(&sh->lock);
}

/*
 * Under the lock of shard @shard of @t: is @e a live entry of that shard
 * of that table, stable while the lock is held?  An entry found without
 * the lock may have ended and been set up again, under another lock, for
 * another shard or for another namespace's table (all tables share the
 * cache): it shows its new shard and owner.  Table ids are unique among
 * live tables, and our table is live while we hold its lock.
 */
static bool hsmon_entry_in_shard(const struct hsmon_table *t, const struct hsmon_entry *e,
				 unsigned int shard)
{
	/* Pairs with smp_store_release() in hsmon_entry_init(). */
	return smp_load_acquire(&e->fsm.state) != HSMON_ST_NONE && e->owner == t->id &&
	       e->shard == shard;
}

/* Set up an entry for a new handshake in shard @shard, under its lock. */
static void hsmon_entry_init(struct hsmon_table *t, struct hsmon_entry *e,
			     const struct hsmon_key *key, u32 hash, unsigned int shard,
			     u32 isn, unsigned long now)
{
	struct hsmon_fsm fsm;
	u8 state;

	lockdep_assert_held(&t->shards[shard].lock);
	hsmon_fsm_start(&fsm, isn);
	state = fsm.state;
	fsm.state = HSMON_ST_NONE;
	e->fsm = fsm;
	e->key = *key;
	e->hash = hash;
	e->shard = shard;
	e->owner = t->id;
	e->stamp = now;
	e->synack_us = 0;
	/* The state last: see hsmon_entry_in_shard(). */
	smp_store_release(&e->fsm.state, state);
}

/*
 * Unlink an entry from its bucket and shard, under the shard lock.  Its
 * slot in @count goes too, unless the caller passes it on (@keep_slot).
 */
static void hsmon_entry_unlink(struct hsmon_table *t, struct hsmon_entry *e, bool keep_slot)
{
	struct hsmon_buckets *bk = hsmon_shard_buckets(t, e->shard);
	unsigned int b = hsmon_hash_bucket(bk, e->hash);
	/* Only the first entry of a chain can be the last one. */
	bool first = e->hnode.pprev == &bk->heads[b].first;

	lockdep_assert_held(&t->shards[e->shard].lock);
	WRITE_ONCE(e->fsm.state, HSMON_ST_NONE);
	hlist_nulls_del_rcu(&e->hnode);
	if (first && hlist_nulls_empty(&bk->heads[b]))
		WRITE_ONCE(bk->filter[b], 0);
	list_del(&e->lru);
	t->shards[e->shard].n--;
	if (!keep_slot) {
		atomic_dec(&t->count);
		hsmon_host_count(-1);
	}
}

/* Unlink an entry and free it: lookups may still walk it (typesafe). */
static void hsmon_entry_release(struct hsmon_table *t, struct hsmon_entry *e)
{
	hsmon_entry_unlink(t, e, false);
	kmem_cache_free(hsmon_entry_cache, e);
}

/*
 * Count a step of an entry, and tell the observer of new handshakes and
 * outcomes, under the shard lock.
 */
static void hsmon_entry_count(struct hsmon_table *t, const struct hsmon_entry *e, u8 stat,
			      u32 rtt_us)
{
	lockdep_assert_held(&t->shards[e->shard].lock);
	hsmon_stat_inc(t->stats, stat);
	/* With retpolines an indirect call is dear: twice per handshake. */
	if (t->observe && (stat == HSMON_STAT_SYN || hsmon_stat_is_outcome(stat)))
		INDIRECT_CALL_1(t->observe, hsmon_observe, t, e, stat, rtt_us);
}

/* Run the state machine on an entry and do what it says, under the shard lock. */
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
			  v.stat == HSMON_STAT_COMPLETED && hsmon_entry_timed(e) ?
			  hsmon_now_us() - e->synack_us : 0);
	switch (v.action) {
	case HSMON_RESTART:
		/* Within the same jiffy the order by stamp holds as it is. */
		if (e->stamp != (u32)now) {
			e->stamp = now;
			list_move_tail(&e->lru, &sh->lru);
		}
		break;
	case HSMON_RELEASE:
		hsmon_entry_release(t, e);
		break;
	}
}

/**
 * hsmon_table_step - apply a segment to a tracked handshake
 * @t: the table
 * @e: an entry hsmon_table_find() returned for @key, in the same RCU section
 * @key: the tuple
 * @seg: the segment
 *
 * Return: false if @e was no longer @key's entry under the lock (it ended,
 * and its memory may track another handshake by now): look again.
 */
VISIBLE_IF_KUNIT bool hsmon_table_step(struct hsmon_table *t, struct hsmon_entry *e,
				       const struct hsmon_key *key, const struct hsmon_seg *seg)
{
	unsigned int s = READ_ONCE(e->shard);
	struct hsmon_shard *sh = &t->shards[s];
	bool live, bh;

	bh = hsmon_shard_lock(sh);
	live = hsmon_entry_in_shard(t, e, s) && hsmon_key_equal(&e->key, key);
	if (live)
		hsmon_entry_apply(t, e, seg, jiffies);
	hsmon_shard_unlock(sh, bh);
	return live;
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_table_step);

/* Lookups per segment before giving up on entries that keep moving. */
#define HSMON_LOOKUP_TRIES 4

/**
 * hsmon_table_lookup_step - apply a segment to @key's handshake, if tracked
 * @t: the table
 * @key: the tuple
 * @hash: hsmon_table_hash() of @key
 * @seg: the segment
 *
 * Call under rcu_read_lock().
 *
 * Return: true if a tracked handshake took the segment.
 */
bool hsmon_table_lookup_step(struct hsmon_table *t, const struct hsmon_key *key, u32 hash,
			     const struct hsmon_seg *seg)
{
	struct hsmon_entry *e;
	int tries;

	for (tries = 0; tries < HSMON_LOOKUP_TRIES; tries++) {
		e = hsmon_table_find(t, key, hash);
		if (!e)
			return false;
		if (hsmon_table_step(t, e, key, seg))
			return true;
	}
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_table_lookup_step);

/*
 * End the oldest entry of a shard as evicted and unlink it (see
 * hsmon_entry_unlink() for @keep_slot), under the shard lock.
 */
static struct hsmon_entry *
hsmon_shard_evict(struct hsmon_table *t, struct hsmon_shard *sh, bool keep_slot)
{
	static const struct hsmon_seg evict = { .event = HSMON_EV_EVICT };
	struct hsmon_entry *e;

	lockdep_assert_held(&sh->lock);
	e = list_first_entry_or_null(&sh->lru, struct hsmon_entry, lru);
	if (!e)
		return NULL;
	hsmon_entry_count(t, e, hsmon_fsm_step(&e->fsm, &evict).stat, 0);
	hsmon_entry_unlink(t, e, keep_slot);
	return e;
}

/**
 * hsmon_table_evict_one - make room by ending the oldest entry of a shard
 * @t: the table
 * @first_shard: the shard to try first; the others follow in order
 *
 * Return: true if an entry was evicted.
 */
bool hsmon_table_evict_one(struct hsmon_table *t, unsigned int first_shard)
{
	unsigned int i;

	for (i = 0; i < HSMON_SHARDS; i++) {
		struct hsmon_shard *sh = &t->shards[(first_shard + i) % HSMON_SHARDS];
		struct hsmon_entry *e;
		bool bh;

		bh = hsmon_shard_lock(sh);
		e = hsmon_shard_evict(t, sh, false);
		hsmon_shard_unlock(sh, bh);
		if (e) {
			kmem_cache_free(hsmon_entry_cache, e);
			return true;
		}
	}
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_table_evict_one);

/*
 * A new entry, charged to the table's memory cgroup whatever CPU or task
 * the SYN arrived on.  No __GFP_HIGH (GFP_ATOMIC's): a monitor has no
 * claim on the reserves kept for atomic allocations, and a memory cgroup
 * at its limit refuses, rather than overdraws, a charge without it.
 */
static struct hsmon_entry *hsmon_entry_alloc(struct hsmon_table *t)
{
	struct mem_cgroup *old = set_active_memcg(t->memcg);
	struct hsmon_entry *e;

	e = kmem_cache_alloc(hsmon_entry_cache, GFP_NOWAIT | __GFP_ACCOUNT | __GFP_NOWARN);
	set_active_memcg(old);
	return e;
}

/*
 * Take a free slot in @count, never above @max_entries, and none while all
 * tables together hold host_max_entries: the new handshake then takes over
 * the oldest entry of its own table, as when the table itself is full.
 */
static bool hsmon_table_take_slot(struct hsmon_table *t, unsigned int max_entries)
{
	int c = atomic_read(&t->count);

	if (__percpu_counter_compare(&hsmon_host_entries, READ_ONCE(hsmon_host_max_entries),
				     HSMON_HOST_BATCH) >= 0)
		return false;
	while (c < (int)max_entries) {
		if (atomic_try_cmpxchg(&t->count, &c, c + 1)) {
			hsmon_host_count(1);
			return true;
		}
	}
	return false;
}

/**
 * hsmon_table_full - whether a new handshake would have to evict one
 * @t: the table
 * @max_entries: net.hsmon.max_entries
 *
 * Lockless and approximate (the host's count is read without summing the
 * CPUs' parts): for the hooks' flood check, never for taking a slot.
 */
bool hsmon_table_full(const struct hsmon_table *t, unsigned int max_entries)
{
	return atomic_read(&t->count) >= (int)max_entries ||
	       percpu_counter_read(&hsmon_host_entries) >= READ_ONCE(hsmon_host_max_entries);
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_table_full);

static struct hsmon_entry *hsmon_bucket_find_locked(const struct hsmon_buckets *bk,
						    u32 hash,
						    const struct hsmon_key *key)
{
	unsigned int b = hsmon_hash_bucket(bk, hash);
	struct hlist_nulls_node *n;
	struct hsmon_entry *e;

	if (!hsmon_filter_has(bk, b, hash))
		return NULL;
	hlist_nulls_for_each_entry(e, n, &bk->heads[b], hnode) {
		if (hsmon_key_equal(&e->key, key))
			return e;
	}
	return NULL;
}

/*
 * One more entry in shard @s, under its lock: past one entry a bucket,
 * ask for a bigger array, once.
 */
static void hsmon_shard_want_growth(struct hsmon_table *t, unsigned int s)
{
	struct hsmon_shard *sh = &t->shards[s];

	if (likely(++sh->n <= sh->nbuckets) || sh->nbuckets >= t->shard_max ||
	    test_bit(s, t->grow_pending) || test_and_set_bit(s, t->grow_pending))
		return;
	queue_work(system_unbound_wq, &t->grow_work);
}

/*
 * Give shard @s of @t a bucket array at least four times as big, or as
 * big as its entries, and move them to it.  Lookups that ran meanwhile
 * look again (the seqcount); the old array goes after a grace period.
 * The table's memory cgroup pays for the new one, as for its entries.
 */
static void hsmon_shard_grow(struct hsmon_table *t, unsigned int s)
{
	struct hsmon_shard *sh = &t->shards[s];
	struct hsmon_shard_dir *d = &t->dir[s];
	struct hsmon_buckets *old, *new;
	struct mem_cgroup *memcg;
	struct hsmon_entry *e;
	unsigned int n, b;

	/* Asked twice meanwhile: grown already. */
	if (READ_ONCE(sh->n) <= READ_ONCE(sh->nbuckets))
		return;
	n = max_t(unsigned int, 4 * READ_ONCE(sh->nbuckets),
		  roundup_pow_of_two(READ_ONCE(sh->n) | 1));
	n = min(n, t->shard_max);
	memcg = set_active_memcg(t->memcg);
	new = hsmon_buckets_alloc(t, s, n, GFP_KERNEL_ACCOUNT | __GFP_NOWARN);
	set_active_memcg(memcg);
	if (!new)
		return;		/* chains grow longer; the next entry asks again */
	spin_lock_bh(&sh->lock);
	old = hsmon_shard_buckets(t, s);
	if (old->mask + 1 >= n) {
		spin_unlock_bh(&sh->lock);
		kvfree(new);
		return;
	}
	write_seqcount_begin(&d->grow);
	list_for_each_entry(e, &sh->lru, lru) {
		b = hsmon_hash_bucket(new, e->hash);
		new->filter[b] |= hsmon_filter_bit(e->hash);
		hlist_nulls_add_head_rcu(&e->hnode, &new->heads[b]);
	}
	rcu_assign_pointer(d->b, new);
	write_seqcount_end(&d->grow);
	sh->nbuckets = n;
	spin_unlock_bh(&sh->lock);
	kvfree_rcu(old, rcu);
}

static void hsmon_table_grow_work(struct work_struct *work)
{
	struct hsmon_table *t = container_of(work, struct hsmon_table, grow_work);
	unsigned int s;

	for_each_set_bit(s, t->grow_pending, HSMON_SHARDS) {
		clear_bit(s, t->grow_pending);
		hsmon_shard_grow(t, s);
	}
}

/**
 * hsmon_table_settle - wait until the shards that asked to grow have grown
 * @t: the table
 *
 * For the tests and the benchmark, which measure a table at its size.
 */
void hsmon_table_settle(struct hsmon_table *t)
{
	flush_work(&t->grow_work);
}
EXPORT_SYMBOL_FOR_HSMON_TESTS(hsmon_table_settle);

/*
 * Rounds of "full, and this shard has no entry to give: evict in another
 * one" before a SYN goes untracked, so that a hook never loops; and
 * entries a new SYN evicts beyond its own slot after max_entries was
 * lowered, until the table fits.
 */
#define HSMON_RESERVE_TRIES 4

/**
 * hsmon_table_add - track a new handshake
 * @t: the table
 * @key: its tuple
 * @hash: hsmon_table_hash() of @key
 * @isn: the client's ISN J
 * @max_entries: net.hsmon.max_entries
 *
 * Never sleeps.  If the tuple is tracked already, the SYN is applied to
 * its entry.  Otherwise, with room in the table, it allocates one entry
 * without sleeping (hsmon_entry_alloc()); when full, the new handshake takes over the oldest
 * entry of its shard (evicted), or, if that shard has none, evicts in
 * another one to make room.  Hooks call it for every SYN, without a
 * lookup of their own: the lookup here is under the lock.
 *
 * Return: 0, -EEXIST (applied to an existing entry), or -ENOSPC/-ENOMEM
 * (not tracked, counted as untracked).
 */
int hsmon_table_add(struct hsmon_table *t, const struct hsmon_key *key, u32 hash,
		    u32 isn, unsigned int max_entries)
{
	unsigned int b, s = hsmon_hash_shard(hash);
	struct hsmon_shard *sh = &t->shards[s];
	struct hsmon_entry *e, *old;
	struct hsmon_buckets *bk;
	int tries, err;
	bool bh;

	/* max_entries was lowered: shrink towards it, a few entries per SYN. */
	for (tries = 0; tries < HSMON_RESERVE_TRIES &&
	     atomic_read(&t->count) > (int)max_entries; tries++) {
		if (!hsmon_table_evict_one(t, s))
			break;
	}

	for (tries = 0; ; tries++) {
		bh = hsmon_shard_lock(sh);
		old = hsmon_bucket_find_locked(hsmon_shard_buckets(t, s), hash, key);
		if (old) {
			struct hsmon_seg syn = { .event = HSMON_EV_SYN, .seq = isn };

			hsmon_entry_apply(t, old, &syn, jiffies);
			hsmon_shard_unlock(sh, bh);
			return -EEXIST;
		}
		if (hsmon_table_take_slot(t, max_entries)) {
			e = hsmon_entry_alloc(t);
			if (!e) {
				atomic_dec(&t->count);
				hsmon_host_count(-1);
				hsmon_shard_unlock(sh, bh);
				err = -ENOMEM;
				goto untracked;
			}
			break;
		}
		/* Full: the oldest handshake of the shard passes on its slot. */
		e = hsmon_shard_evict(t, sh, true);
		if (e)
			break;
		hsmon_shard_unlock(sh, bh);
		/* Full, and this shard has nothing to give: evict elsewhere. */
		if (tries == HSMON_RESERVE_TRIES || !hsmon_table_evict_one(t, s)) {
			err = -ENOSPC;
			goto untracked;
		}
	}
	hsmon_entry_init(t, e, key, hash, s, isn, jiffies);
	bk = hsmon_shard_buckets(t, s);
	b = hsmon_hash_bucket(bk, hash);
	/* The bit first: once the entry can be found, its bit is set. */
	WRITE_ONCE(bk->filter[b], bk->filter[b] | hsmon_filter_bit(hash));
	hlist_nulls_add_head_rcu(&e->hnode, &bk->heads[b]);
	list_add_tail(&e->lru, &sh->lru);
	hsmon_entry_count(t, e, HSMON_STAT_SYN, 0);
	hsmon_shard_want_growth(t, s);
	hsmon_shard_unlock(sh, bh);
	return 0;

untracked:
	hsmon_stat_inc(t->stats, HSMON_STAT_UNTRACKED);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_table_add);

/*
 * Has a handshake stamped @stamp timed out at @now?  Stamps keep the low
 * 32 bits of jiffies, right for intervals below 2^31 jiffies (24 days at
 * HZ=1000); net.hsmon.timeout is at most an hour.
 */
static bool hsmon_stamp_expired(u32 stamp, unsigned long now, unsigned long timeout)
{
	return (s32)((u32)now - stamp - (u32)timeout) >= 0;
}

/* Entries timed out per hold of a shard lock. */
#define HSMON_EXPIRE_BATCH 64

/**
 * hsmon_table_expire - time out the entries whose timeout has passed
 * @t: the table
 * @now: the current jiffies
 * @timeout: net.hsmon.timeout in jiffies
 * @budget: the most entries to time out in this call
 *
 * Shard lists are ordered by stamp, so each shard's expired entries are at
 * its head.  A pass starts where the previous one ran out of budget.  It
 * holds a shard lock (bottom halves off) for at most HSMON_EXPIRE_BATCH
 * entries at a time, and may sleep in between: process context only.
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
		       hsmon_stamp_expired(e->stamp, now, timeout)) {
			/* A restart moves the entry to the tail, stamped @now. */
			hsmon_entry_apply(t, e, &expire, now);
			/* Let softirqs and the shard's hooks in now and then. */
			if (++done % HSMON_EXPIRE_BATCH == 0) {
				spin_unlock_bh(&sh->lock);
				cond_resched();
				spin_lock_bh(&sh->lock);
			}
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
	unsigned int s, b, n, longest = 0;
	const struct hsmon_buckets *bk;
	struct hlist_nulls_node *pos;
	struct hsmon_entry *e;

	rcu_read_lock();
	for (s = 0; s < HSMON_SHARDS; s++) {
		bk = rcu_dereference(t->dir[s].b);
		for (b = 0; b <= bk->mask; b++) {
			n = 0;
			hlist_nulls_for_each_entry_rcu(e, pos, &bk->heads[b], hnode)
				n++;
			longest = max(longest, n);
		}
	}
	rcu_read_unlock();
	return longest;
}
EXPORT_SYMBOL_FOR_HSMON_TESTS(hsmon_table_longest_chain);

/* The buckets of all shards now. */
unsigned int hsmon_table_buckets(struct hsmon_table *t)
{
	unsigned int s, n = 0;

	for (s = 0; s < HSMON_SHARDS; s++)
		n += READ_ONCE(t->shards[s].nbuckets);
	return n;
}
EXPORT_SYMBOL_FOR_HSMON_TESTS(hsmon_table_buckets);

/* Buckets a walk looks at between two chances to reschedule. */
#define HSMON_WALK_BATCH	1024

/**
 * hsmon_table_walk - the entry at a place in a walk over the table
 * @t: the table
 * @pos: the place: shard, bucket in the shard, and entries of it to pass;
 *	 moved on to the entry returned, or past the last shard
 *
 * Call in process context under rcu_read_lock(), which it drops now and
 * then between two buckets to let others run: a sparse table of 2^24
 * buckets holds no CPU for long.  So an entry it returned is not to be
 * used after the next call.  The next entry is at @pos with skip one
 * higher.  A walk of a changing table is a sample: an entry that ends or
 * starts meanwhile, or moves as its shard grows, may be missed or seen
 * twice, and what it returns is only a candidate for hsmon_table_copy().
 *
 * Return: the entry, or NULL at the end of the table.
 */
struct hsmon_entry *hsmon_table_walk(struct hsmon_table *t, struct hsmon_table_pos *pos)
{
	const struct hsmon_buckets *bk;
	struct hlist_nulls_node *n;
	struct hsmon_entry *e;
	unsigned int i, walked = 0;

	for (; pos->shard < HSMON_SHARDS; pos->shard++, pos->bucket = 0) {
		bk = rcu_dereference(t->dir[pos->shard].b);
		for (; pos->bucket <= bk->mask; pos->bucket++, pos->skip = 0) {
			if (++walked % HSMON_WALK_BATCH == 0) {
				cond_resched_rcu();
				/* The shard may have grown meanwhile. */
				bk = rcu_dereference(t->dir[pos->shard].b);
			}
			i = 0;
			hlist_nulls_for_each_entry_rcu(e, n, &bk->heads[pos->bucket], hnode) {
				if (i++ == pos->skip)
					return e;
			}
		}
	}
	return NULL;
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_table_walk);

/**
 * hsmon_table_copy - a consistent copy of an entry found under RCU
 * @t: the table
 * @e: the entry
 * @out: the copy
 *
 * Return: false if @e is not a live entry (any more).
 */
bool hsmon_table_copy(struct hsmon_table *t, const struct hsmon_entry *e,
		      struct hsmon_entry *out)
{
	unsigned int s = READ_ONCE(e->shard);
	struct hsmon_shard *sh = &t->shards[s];
	bool live;

	spin_lock_bh(&sh->lock);
	live = hsmon_entry_in_shard(t, e, s);
	if (live)
		*out = *e;
	spin_unlock_bh(&sh->lock);
	return live;
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_table_copy);
