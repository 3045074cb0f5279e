// SPDX-License-Identifier: GPL-2.0
/*
 * net.hsmon.* sysctls, one set per network namespace.
 *
 * net.hsmon.timeout      milliseconds, [100, 3600000], default 75000:
 *                        how long a handshake may take before it ends as
 *                        timeout_syn or timeout_synack.
 * net.hsmon.max_entries  [1, 4194304], default scaled to memory: the most
 *                        handshakes tracked at once in this namespace.
 * net.hsmon.ports_max    [1, 64], default 16: rows of /proc/net/hsmon_ports.
 * net.hsmon.sources_max  [1, 256], default 64: prefixes kept in
 *                        /proc/net/hsmon_sources.
 * net.hsmon.enabled      0 or 1, default 1: whether hsmon watches this
 *                        namespace.  At 0 it tracks no new handshake, and
 *                        once those in progress have ended it removes its
 *                        hooks: the namespace's packets no longer pass
 *                        through hsmon.  The counters stay.
 *
 * net.hsmon.host_max_entries  initial namespace only; [1, 16777216],
 *                        default twice the default of max_entries: the
 *                        most handshakes tracked at once by all
 *                        namespaces together.
 *
 * A value out of range is refused with -EINVAL and the old value stays.
 * The root of a namespace's owning user namespace may set them, but in a
 * namespace other than the initial one, timeout and max_entries may not
 * go beyond the initial namespace's values (as nf_conntrack_max cannot be
 * raised there): a container's root cannot take more than the host
 * allows.  A new namespace starts with the defaults, or the initial
 * namespace's values where those are lower.
 */
#include <linux/export.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysctl.h>
#include <net/net_namespace.h>

#include "compat.h"
#include "hsmon.h"
#include "sysctl.h"
#include "testing.h"
#include "watch.h"

/*
 * One tracked handshake per 16 pages of memory (16384 per GiB with 4 KiB
 * pages), at least 1024, at most 262144: about 1.5 MiB of entries per GiB
 * of memory when full.
 */
unsigned int hsmon_default_max_entries(void)
{
	return clamp_t(unsigned long, totalram_pages() / 16, 1024, 262144);
}

static int hsmon_timeout_min = HSMON_TIMEOUT_MIN_MS;
static int hsmon_timeout_max = HSMON_TIMEOUT_MAX_MS;
static int hsmon_max_entries_min = HSMON_MAX_ENTRIES_MIN;
static int hsmon_max_entries_max = HSMON_MAX_ENTRIES_MAX;

static int hsmon_host_max_max = HSMON_HOST_MAX_ENTRIES_MAX;
static int hsmon_ports_max_max = HSMON_PORTS_CAP;
static int hsmon_sources_max_max = HSMON_SOURCES_CAP;

enum {
	HSMON_SYSCTL_TIMEOUT,
	HSMON_SYSCTL_MAX_ENTRIES,
	HSMON_SYSCTL_PORTS_MAX,
	HSMON_SYSCTL_SOURCES_MAX,
	HSMON_SYSCTL_ENABLED,
	HSMON_SYSCTL_HOST_MAX_ENTRIES,	/* the initial namespace's only: last */
};

static_assert(HSMON_SYSCTL_ENABLED + 1 == HSMON_SYSCTL_N);

/*
 * A limit of a namespace other than the initial one may not go beyond
 * the initial namespace's value (@host_value) nor the table's own bound.
 */
static int hsmon_sysctl_capped(HSMON_CTL_TABLE *table, int write, void *buffer,
			       size_t *lenp, loff_t *ppos, const struct hsmon_net *hn,
			       const int *host_value)
{
	struct ctl_table tmp = *table;
	int max = *(int *)table->extra2;

	if (hn->host != hn)
		max = min(max, READ_ONCE(*host_value));
	tmp.extra2 = &max;
	return proc_dointvec_minmax(&tmp, write, buffer, lenp, ppos);
}

static int hsmon_sysctl_timeout(HSMON_CTL_TABLE *table, int write, void *buffer,
				size_t *lenp, loff_t *ppos)
{
	const struct hsmon_net *hn = container_of((int *)table->data, struct hsmon_net,
						  timeout_ms);

	return hsmon_sysctl_capped(table, write, buffer, lenp, ppos, hn, &hn->host->timeout_ms);
}

static int hsmon_sysctl_max_entries(HSMON_CTL_TABLE *table, int write, void *buffer,
				    size_t *lenp, loff_t *ppos)
{
	const struct hsmon_net *hn = container_of((int *)table->data, struct hsmon_net,
						  max_entries);

	return hsmon_sysctl_capped(table, write, buffer, lenp, ppos, hn,
				   &hn->host->max_entries);
}

static struct ctl_table hsmon_sysctl_template[HSMON_SYSCTL_N + 1 + HSMON_SYSCTL_SENTINEL] = {
	[HSMON_SYSCTL_TIMEOUT] = {
		.procname	= "timeout",
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= hsmon_sysctl_timeout,
		.extra1		= &hsmon_timeout_min,
		.extra2		= &hsmon_timeout_max,
	},
	[HSMON_SYSCTL_MAX_ENTRIES] = {
		.procname	= "max_entries",
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= hsmon_sysctl_max_entries,
		.extra1		= &hsmon_max_entries_min,
		.extra2		= &hsmon_max_entries_max,
	},
	[HSMON_SYSCTL_PORTS_MAX] = {
		.procname	= "ports_max",
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= SYSCTL_ONE,
		.extra2		= &hsmon_ports_max_max,
	},
	[HSMON_SYSCTL_SOURCES_MAX] = {
		.procname	= "sources_max",
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= SYSCTL_ONE,
		.extra2		= &hsmon_sources_max_max,
	},
	[HSMON_SYSCTL_ENABLED] = {
		.procname	= "enabled",
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= hsmon_watch_sysctl,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_ONE,
	},
	[HSMON_SYSCTL_HOST_MAX_ENTRIES] = {
		.procname	= "host_max_entries",
		.data		= &hsmon_host_max_entries,
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= SYSCTL_ONE,
		.extra2		= &hsmon_host_max_max,
	},
};

/**
 * hsmon_sysctl_table - a copy of the sysctl table bound to one namespace
 * @hn: the namespace's hsmon state
 *
 * Return: a table to kfree(), or NULL.
 */
struct ctl_table *hsmon_sysctl_table(struct hsmon_net *hn)
{
	struct ctl_table *table;

	table = kmemdup(hsmon_sysctl_template, sizeof(hsmon_sysctl_template), GFP_KERNEL_ACCOUNT);
	if (!table)
		return NULL;
	table[HSMON_SYSCTL_TIMEOUT].data = &hn->timeout_ms;
	table[HSMON_SYSCTL_MAX_ENTRIES].data = &hn->max_entries;
	table[HSMON_SYSCTL_PORTS_MAX].data = &hn->ports_max;
	table[HSMON_SYSCTL_SOURCES_MAX].data = &hn->sources_max;
	table[HSMON_SYSCTL_ENABLED].data = &hn->enabled;
	/* Only the initial namespace has it; elsewhere it is the sentinel. */
	if (hn->host != hn)
		memset(&table[HSMON_SYSCTL_HOST_MAX_ENTRIES], 0, sizeof(*table));
	return table;
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_sysctl_table);

int hsmon_sysctl_init(struct hsmon_net *hn)
{
	struct ctl_table *table;

	hn->timeout_ms = HSMON_TIMEOUT_DEF_MS;
	hn->max_entries = hsmon_default_max_entries();
	if (hn->host != hn) {
		hn->timeout_ms = min(hn->timeout_ms, READ_ONCE(hn->host->timeout_ms));
		hn->max_entries = min(hn->max_entries, READ_ONCE(hn->host->max_entries));
	}
	hn->ports_max = HSMON_PORTS_MAX_DEF;
	hn->sources_max = HSMON_SOURCES_MAX_DEF;
	hn->enabled = 1;

	table = hsmon_sysctl_table(hn);
	if (!table)
		return -ENOMEM;
	hn->sysctl_hdr = hsmon_register_net_sysctl(hn->net, "net/hsmon", table,
						   HSMON_SYSCTL_N + (hn->host == hn));
	if (!hn->sysctl_hdr) {
		kfree(table);
		return -ENOMEM;
	}
	return 0;
}

void hsmon_sysctl_exit(struct hsmon_net *hn)
{
	const struct ctl_table *table = hn->sysctl_hdr->ctl_table_arg;

	unregister_net_sysctl_table(hn->sysctl_hdr);
	kfree(table);
}
