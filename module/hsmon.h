/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hsmon: per network namespace state.  What each file offers the others
 * is in its own header.
 */
#ifndef _HSMON_H
#define _HSMON_H

#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include "ports.h"
#include "rtt.h"
#include "sources.h"
#include "stats.h"
#include "table.h"

/* net.hsmon.timeout, in milliseconds */
#define HSMON_TIMEOUT_MIN_MS	100
#define HSMON_TIMEOUT_DEF_MS	75000
#define HSMON_TIMEOUT_MAX_MS	3600000
/* net.hsmon.max_entries */
#define HSMON_MAX_ENTRIES_MIN	1
#define HSMON_MAX_ENTRIES_MAX	(4 * 1024 * 1024)
/* net.hsmon.host_max_entries, initial namespace only */
#define HSMON_HOST_MAX_ENTRIES_MAX	(16 * 1024 * 1024)
/* net.hsmon.ports_max and net.hsmon.sources_max */
#define HSMON_PORTS_MAX_DEF	16
#define HSMON_SOURCES_MAX_DEF	64
/* Netfilter hooks per namespace: LOCAL_IN and LOCAL_OUT, IPv4 and IPv6 */
#define HSMON_HOOKS		4
/* Sysctls of every namespace; the initial one has host_max_entries too */
#define HSMON_SYSCTL_N		5

struct hsmon_net {
	struct hsmon_table table;
	struct hsmon_stats __percpu *stats;
	struct hsmon_rtt __percpu *rtt;
	struct hsmon_sources *sources;
	struct delayed_work gc;		/* gc.c: expiry */
	struct net *net;
	struct hsmon_net *host;		/* the initial namespace's (itself there) */
	struct ctl_table_header *sysctl_hdr;
	int timeout_ms;			/* net.hsmon.timeout */
	int max_entries;		/* net.hsmon.max_entries */
	int ports_max;			/* net.hsmon.ports_max */
	int sources_max;		/* net.hsmon.sources_max */
	int enabled;			/* net.hsmon.enabled */
	unsigned long cookie_until;	/* hooks.c: SYN cookies sent lately */
	/* watch.c: net.hsmon.enabled */
	struct mutex hooks_lock;	/* hooked, dying and hook_ops */
	struct nf_hook_ops hook_ops[HSMON_HOOKS];	/* priv: this hsmon_net */
	bool hooked;			/* our hooks are registered here */
	bool dying;			/* pre_exit ran: never hook again */
	struct delayed_work drain;	/* disabled: unhook once empty */
	struct hsmon_ports ports;
};

extern unsigned int hsmon_net_id;

static inline struct hsmon_net *hsmon_pernet(const struct net *net)
{
	return net_generic(net, hsmon_net_id);
}

#endif /* _HSMON_H */
