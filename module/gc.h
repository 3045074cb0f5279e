/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Expiry of handshakes older than net.hsmon.timeout (see gc.c).
 */
#ifndef _HSMON_GC_H
#define _HSMON_GC_H

#include <linux/workqueue.h>

#include "hsmon.h"

void hsmon_gc_init(struct hsmon_net *hn);
void hsmon_gc_queue(struct hsmon_net *hn);
void hsmon_gc_stop(struct hsmon_net *hn);
unsigned long hsmon_gc_period(const struct hsmon_net *hn);

/*
 * Called after an insert, by the hooks: inline, as the work is nearly
 * always queued already.  The pending bit clears when the work starts
 * running, so an insert racing with a run that saw an empty table
 * queues it again.
 */
static inline void hsmon_gc_kick(struct hsmon_net *hn)
{
	if (!delayed_work_pending(&hn->gc))
		hsmon_gc_queue(hn);
}

#endif /* _HSMON_GC_H */
