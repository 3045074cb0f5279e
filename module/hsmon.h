/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hsmon: per network namespace state, and what the files of the module
 * offer one another.
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
/* net.hsmon.ports_max and net.hsmon.sources_max */
#define HSMON_PORTS_MAX_DEF	16
#define HSMON_SOURCES_MAX_DEF	64
/* Netfilter hooks per namespace: LOCAL_IN and LOCAL_OUT, IPv4 and IPv6 */
#define HSMON_HOOKS		4
/* Sysctls per namespace */
#define HSMON_SYSCTL_N		5

struct hsmon_net {
	struct hsmon_table table;
	struct hsmon_stats __percpu *stats;
	struct hsmon_rtt __percpu *rtt;
	struct hsmon_sources *sources;
	struct delayed_work gc;
	struct net *net;
	struct ctl_table_header *sysctl_hdr;
	int timeout_ms;			/* net.hsmon.timeout */
	int max_entries;		/* net.hsmon.max_entries */
	int ports_max;			/* net.hsmon.ports_max */
	int sources_max;		/* net.hsmon.sources_max */
	int enabled;			/* net.hsmon.enabled */
	struct mutex hooks_lock;	/* hooked, dying and hook_ops */
	struct nf_hook_ops hook_ops[HSMON_HOOKS];	/* priv: this hsmon_net */
	bool hooked;			/* our hooks are registered here */
	bool dying;			/* pre_exit ran: never hook again */
	struct hsmon_ports ports;
};

extern unsigned int hsmon_net_id;

static inline struct hsmon_net *hsmon_pernet(const struct net *net)
{
	return net_generic(net, hsmon_net_id);
}

/* main.c */
unsigned int hsmon_default_max_entries(void);

/* hooks.c */
struct nf_hook_state;
unsigned int hsmon_local_in(void *priv, struct sk_buff *skb, const struct nf_hook_state *state);
unsigned int hsmon_local_out(void *priv, struct sk_buff *skb, const struct nf_hook_state *state);
int hsmon_hooks_update(struct hsmon_net *hn);
void hsmon_hooks_stop(struct hsmon_net *hn);

/* gc.c */
void hsmon_gc_init(struct hsmon_net *hn);
void hsmon_gc_queue(struct hsmon_net *hn);
void hsmon_gc_stop(struct hsmon_net *hn);

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

/* proc.c */
int hsmon_proc_init(struct net *net);
void hsmon_proc_exit(struct net *net);

/* sysctl.c */
int hsmon_sysctl_init(struct hsmon_net *hn);
void hsmon_sysctl_exit(struct hsmon_net *hn);
struct ctl_table *hsmon_sysctl_table(struct hsmon_net *hn);

#endif /* _HSMON_H */
