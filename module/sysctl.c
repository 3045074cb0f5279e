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
 * A value out of range is refused with -EINVAL and the old value stays.
 * The root of a namespace's owning user namespace may set them.
 */
#include <linux/export.h>
#include <linux/minmax.h>
#include <linux/mm.h>
#include <linux/slab.h>
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

static int hsmon_ports_max_max = HSMON_PORTS_CAP;
static int hsmon_sources_max_max = HSMON_SOURCES_CAP;

enum {
	HSMON_SYSCTL_TIMEOUT,
	HSMON_SYSCTL_MAX_ENTRIES,
	HSMON_SYSCTL_PORTS_MAX,
	HSMON_SYSCTL_SOURCES_MAX,
	HSMON_SYSCTL_ENABLED,
};

static_assert(HSMON_SYSCTL_ENABLED + 1 == HSMON_SYSCTL_N);

static struct ctl_table hsmon_sysctl_template[HSMON_SYSCTL_N + HSMON_SYSCTL_SENTINEL] = {
	[HSMON_SYSCTL_TIMEOUT] = {
		.procname	= "timeout",
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
		.extra1		= &hsmon_timeout_min,
		.extra2		= &hsmon_timeout_max,
	},
	[HSMON_SYSCTL_MAX_ENTRIES] = {
		.procname	= "max_entries",
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= proc_dointvec_minmax,
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

	table = kmemdup(hsmon_sysctl_template, sizeof(hsmon_sysctl_template), GFP_KERNEL);
	if (!table)
		return NULL;
	table[HSMON_SYSCTL_TIMEOUT].data = &hn->timeout_ms;
	table[HSMON_SYSCTL_MAX_ENTRIES].data = &hn->max_entries;
	table[HSMON_SYSCTL_PORTS_MAX].data = &hn->ports_max;
	table[HSMON_SYSCTL_SOURCES_MAX].data = &hn->sources_max;
	table[HSMON_SYSCTL_ENABLED].data = &hn->enabled;
	return table;
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_sysctl_table);

int hsmon_sysctl_init(struct hsmon_net *hn)
{
	struct ctl_table *table;

	hn->timeout_ms = HSMON_TIMEOUT_DEF_MS;
	hn->max_entries = hsmon_default_max_entries();
	hn->ports_max = HSMON_PORTS_MAX_DEF;
	hn->sources_max = HSMON_SOURCES_MAX_DEF;
	hn->enabled = 1;

	table = hsmon_sysctl_table(hn);
	if (!table)
		return -ENOMEM;
	hn->sysctl_hdr = hsmon_register_net_sysctl(hn->net, "net/hsmon", table, HSMON_SYSCTL_N);
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
