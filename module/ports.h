/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Handshakes per listening port: a bounded set of rows plus "other".
 */
#ifndef _HSMON_PORTS_H
#define _HSMON_PORTS_H

#include <linux/atomic.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "stats.h"

/* Columns: syn, then the outcomes in enum hsmon_stat order. */
#define HSMON_PORT_COLS		(1 + HSMON_OUTCOMES_N)
#define HSMON_PORTS_CAP		64	/* the most net.hsmon.ports_max allows */

struct hsmon_port_row {
	atomic64_t cnt[HSMON_PORT_COLS];
	__be16 port;
};

struct hsmon_ports {
	spinlock_t lock;		/* adding rows; bottom halves off */
	unsigned int n;			/* rows in use, published with release */
	struct hsmon_port_row other;
	struct hsmon_port_row rows[HSMON_PORTS_CAP];
};

struct hsmon_port_snap {
	u64 cnt[HSMON_PORT_COLS];
	u16 port;			/* host order */
};

void hsmon_ports_init(struct hsmon_ports *p);

/* The column of a new handshake (0) or of an outcome; -1 for the rest. */
static inline int hsmon_port_col(enum hsmon_stat stat)
{
	if (stat == HSMON_STAT_SYN)
		return 0;
	if (hsmon_stat_is_outcome(stat))
		return 1 + stat - HSMON_STAT_FIRST_OUTCOME;
	return -1;
}

void hsmon_ports_count(struct hsmon_ports *p, __be16 port, enum hsmon_stat stat,
		       unsigned int max_rows);
unsigned int hsmon_ports_snapshot(struct hsmon_ports *p, struct hsmon_port_snap *rows,
				  struct hsmon_port_snap *other);

#endif /* _HSMON_PORTS_H */
