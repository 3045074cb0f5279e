// SPDX-License-Identifier: GPL-2.0
/*
 * Handshakes per listening port (the destination port of inbound SYNs).
 *
 * The first net.hsmon.ports_max ports that receive a SYN get a row; the
 * others are counted together in "other", so that the rows and "other"
 * always add up to the namespace's totals.  Rows are only ever added
 * (under a lock, published with release) and read without a lock; the
 * counters are atomic.  A handshake whose SYN found no row is counted in
 * "other" to the end.  (After ports_max is raised, a port that gets a row
 * may see outcomes of handshakes whose SYN went to "other".)
 */
#include <linux/export.h>
#include <linux/lockdep.h>
#include <linux/sort.h>
#include <linux/string.h>

#include "testing.h"
#include "ports.h"

void hsmon_ports_init(struct hsmon_ports *p)
{
	memset(p, 0, sizeof(*p));
	spin_lock_init(&p->lock);
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_ports_init);

/* @port's row, or NULL; without a lock. */
static struct hsmon_port_row *hsmon_ports_find(struct hsmon_ports *p, __be16 port)
{
	/* Pairs with the release in hsmon_ports_add(): rows below n are set. */
	unsigned int i, n = smp_load_acquire(&p->n);

	for (i = 0; i < n; i++)
		if (p->rows[i].port == port)
			return &p->rows[i];
	return NULL;
}

/* A row for @port, added if there is room; NULL if there is none. */
static struct hsmon_port_row *hsmon_ports_add(struct hsmon_ports *p, __be16 port,
					      unsigned int max_rows)
{
	struct hsmon_port_row *row;

	spin_lock(&p->lock);
	row = hsmon_ports_find(p, port);
	if (!row && p->n < min_t(unsigned int, max_rows, HSMON_PORTS_CAP)) {
		row = &p->rows[p->n];
		row->port = port;
		/* Publish the row's port before the row: see hsmon_ports_find(). */
		smp_store_release(&p->n, p->n + 1);
	}
	spin_unlock(&p->lock);
	return row;
}

/**
 * hsmon_ports_count - count a new handshake or an outcome for a port
 * @p: the namespace's port table
 * @port: the server's port
 * @stat: HSMON_STAT_SYN or an outcome; other values are ignored
 * @max_rows: net.hsmon.ports_max
 *
 * Called by the observer with bottom halves off (under a table shard
 * lock), the only context that adds rows: the lock needs no _bh or _irq.
 */
void hsmon_ports_count(struct hsmon_ports *p, __be16 port, enum hsmon_stat stat,
		       unsigned int max_rows)
{
	struct hsmon_port_row *row;
	int col = hsmon_port_col(stat);

	if (col < 0)
		return;
	lockdep_assert_in_softirq();
	row = hsmon_ports_find(p, port);
	if (!row && stat == HSMON_STAT_SYN)
		row = hsmon_ports_add(p, port, max_rows);
	atomic64_inc(&(row ? row : &p->other)->cnt[col]);
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_ports_count);

static void hsmon_port_read(const struct hsmon_port_row *row, struct hsmon_port_snap *s)
{
	int i;

	for (i = 0; i < HSMON_PORT_COLS; i++)
		s->cnt[i] = atomic64_read(&row->cnt[i]);
	s->port = ntohs(row->port);
}

static int hsmon_port_cmp(const void *a, const void *b)
{
	const struct hsmon_port_snap *x = a, *y = b;

	if (x->cnt[0] != y->cnt[0])
		return x->cnt[0] < y->cnt[0] ? 1 : -1;
	return x->port - y->port;
}

/**
 * hsmon_ports_snapshot - the rows, busiest (most SYNs) first
 * @p: the port table
 * @rows: room for HSMON_PORTS_CAP rows
 * @other: the "other" row
 *
 * Return: the number of rows.
 */
unsigned int hsmon_ports_snapshot(struct hsmon_ports *p, struct hsmon_port_snap *rows,
				  struct hsmon_port_snap *other)
{
	/* Pairs with the release in hsmon_ports_add(). */
	unsigned int i, n = smp_load_acquire(&p->n);

	for (i = 0; i < n; i++)
		hsmon_port_read(&p->rows[i], &rows[i]);
	hsmon_port_read(&p->other, other);
	sort(rows, n, sizeof(*rows), hsmon_port_cmp, NULL);
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_ports_snapshot);
