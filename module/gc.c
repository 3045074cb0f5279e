// SPDX-License-Identifier: GPL-2.0
/*
 * Expiry: one delayed work per network namespace times out handshakes
 * older than net.hsmon.timeout.
 *
 * It runs only while the table has entries (a new entry kicks it), every
 * timeout/8 (at least 10 ms, at most 1 s), so an entry ends between
 * timeout and timeout + timeout/8 after its stamp.  One run times out at
 * most HSMON_GC_BUDGET entries under short lock holds; with more to do it
 * comes back on the next tick instead of holding the CPU.  So while the
 * table has entries the work is queued or running (watch.c's drain counts
 * on that).
 */
#include <linux/jiffies.h>
#include <linux/minmax.h>

#include "gc.h"

#define HSMON_GC_BUDGET		4096

/* How often the work runs while the table has entries. */
unsigned long hsmon_gc_period(const struct hsmon_net *hn)
{
	unsigned long timeout = msecs_to_jiffies(READ_ONCE(hn->timeout_ms));

	return clamp(timeout / 8, msecs_to_jiffies(10), (unsigned long)HZ);
}

static void hsmon_gc_work(struct work_struct *work)
{
	struct hsmon_net *hn = container_of(to_delayed_work(work), struct hsmon_net, gc);
	unsigned long timeout = msecs_to_jiffies(READ_ONCE(hn->timeout_ms));
	unsigned int done;

	done = hsmon_table_expire(&hn->table, jiffies, timeout, HSMON_GC_BUDGET);
	if (done == HSMON_GC_BUDGET)
		queue_delayed_work(system_power_efficient_wq, &hn->gc, 1);
	else if (hsmon_table_count(&hn->table))
		queue_delayed_work(system_power_efficient_wq, &hn->gc, hsmon_gc_period(hn));
}

void hsmon_gc_init(struct hsmon_net *hn)
{
	INIT_DELAYED_WORK(&hn->gc, hsmon_gc_work);
}

/* Queue the work one period from now, unless it is queued (hsmon_gc_kick()). */
void hsmon_gc_queue(struct hsmon_net *hn)
{
	queue_delayed_work(system_power_efficient_wq, &hn->gc, hsmon_gc_period(hn));
}

/* The hooks must be gone: nothing may kick the work again. */
void hsmon_gc_stop(struct hsmon_net *hn)
{
	cancel_delayed_work_sync(&hn->gc);
}
