/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whether hsmon watches a namespace: net.hsmon.enabled, its hooks, and
 * the drain in between (see watch.c).
 */
#ifndef _HSMON_WATCH_H
#define _HSMON_WATCH_H

#include "compat.h"

struct hsmon_net;

void hsmon_watch_init(struct hsmon_net *hn);
int hsmon_watch_update(struct hsmon_net *hn);
void hsmon_watch_stop(struct hsmon_net *hn);
void hsmon_watch_exit(struct hsmon_net *hn);
int hsmon_watch_sysctl(HSMON_CTL_TABLE *table, int write, void *buffer, size_t *lenp,
		       loff_t *ppos);

#endif /* _HSMON_WATCH_H */
