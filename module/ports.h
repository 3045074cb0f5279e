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
#define HSMON_PORT_COLS		(1 + HSMON_STAT_LAST_OUTCOME - HSMON_STAT_FIRST_OUTCOME + 1)
#define HSMON_PORTS_CAP		64	/* the most net.hsmon.ports_max allows */

struct hsmon_port_row {
	atomic64_t cnt[HSMON_PORT_COLS];
	__be16 port;
};

struct hsmon_ports {
	spinlock_t lock;		/* adding rows */
	unsigned int n;			/* rows in use, published with release */
	struct hsmon_port_row other;
	struct hsmon_port_row rows[HSMON_PORTS_CAP];
};

struct hsmon_port_snap {
	u64 cnt[HSMON_PORT_COLS];
	u16 port;			/* host order */
};

void hsmon_ports_init(struct hsmon_ports *p);
struct hsmon_port_row *hsmon_ports_add(struct hsmon_ports *p, __be16 port,
				       unsigned int max_rows);

/* The column of a new handshake (0) or of an outcome; -1 for the rest. */
static inline int hsmon_port_col(enum hsmon_stat stat)
{
	if (stat == HSMON_STAT_SYN)
		return 0;
	if (stat >= HSMON_STAT_FIRST_OUTCOME && stat <= HSMON_STAT_LAST_OUTCOME)
		return 1 + stat - HSMON_STAT_FIRST_OUTCOME;
	return -1;
}

/* @port's row, or NULL; without a lock. */
static inline struct hsmon_port_row *hsmon_ports_find(struct hsmon_ports *p, __be16 port)
{
	/* Pairs with the release in hsmon_ports_add(): rows below n are set. */
	unsigned int i, n = smp_load_acquire(&p->n);

	for (i = 0; i < n; i++)
		if (p->rows[i].port == port)
			return &p->rows[i];
	return NULL;
}

/**
 * hsmon_ports_count - count a new handshake or an outcome for a port
 * @p: the namespace's port table
 * @port: the server's port
 * @stat: HSMON_STAT_SYN or an outcome; other values are ignored
 * @max_rows: net.hsmon.ports_max
 *
 * Inline: twice per handshake into a full table, from the hooks.
 */
static inline void hsmon_ports_count(struct hsmon_ports *p, __be16 port, enum hsmon_stat stat,
				     unsigned int max_rows)
{
	struct hsmon_port_row *row;
	int col = hsmon_port_col(stat);

	if (col < 0)
		return;
	row = hsmon_ports_find(p, port);
	if (!row && stat == HSMON_STAT_SYN)
		row = hsmon_ports_add(p, port, max_rows);
	atomic64_inc(&(row ? row : &p->other)->cnt[col]);
}

unsigned int hsmon_ports_snapshot(struct hsmon_ports *p, struct hsmon_port_snap *rows,
				  struct hsmon_port_snap *other);

#endif /* _HSMON_PORTS_H */
