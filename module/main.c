// SPDX-License-Identifier: GPL-2.0
/*
 * hsmon - TCP handshake monitor
 *
 * Follows every inbound TCP three-way handshake this host answers as a
 * server and counts, per network namespace, how many completed and how
 * many were abandoned, and why.  See Documentation/hsmon.rst.
 *
 * This file ties the parts together: module parameters, the per-netns
 * setup and teardown, module init and exit.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/log2.h>
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <net/net_namespace.h>

#include "gc.h"
#include "hsmon.h"
#include "proc.h"
#include "stack.h"
#include "sysctl.h"
#include "testing.h"
#include "watch.h"

#ifndef HSMON_VERSION
#define HSMON_VERSION "0.1"
#endif

static unsigned int hashsize __read_mostly;
module_param(hashsize, uint, 0444);
MODULE_PARM_DESC(hashsize,
		 "Most hash buckets a namespace's table grows to, rounded up to a power of two (0: from memory)");

unsigned int hsmon_net_id __read_mostly;
EXPORT_SYMBOL_FOR_HSMON_TESTS(hsmon_net_id);

static unsigned int hsmon_buckets(void)
{
	unsigned int n = hashsize ? hashsize : hsmon_default_max_entries();

	return roundup_pow_of_two(clamp_t(unsigned int, n, HSMON_SHARDS, 1U << 24));
}

static int __net_init hsmon_net_init(struct net *net)
{
	struct hsmon_net *hn = hsmon_pernet(net);
	int err;

	hn->net = net;
	/* init_net's is set up first, and goes last. */
	hn->host = net_eq(net, &init_net) ? hn : hsmon_pernet(&init_net);
	hsmon_watch_init(hn);		/* before the sysctls can call in */
	err = -ENOMEM;
	hn->stats = alloc_percpu_gfp(struct hsmon_stats, GFP_KERNEL_ACCOUNT);
	if (!hn->stats)
		goto err_stats;
	hn->rtt = alloc_percpu_gfp(struct hsmon_rtt, GFP_KERNEL_ACCOUNT);
	if (!hn->rtt)
		goto err_rtt;
	hn->sources = kvzalloc(sizeof(*hn->sources), GFP_KERNEL_ACCOUNT);
	if (!hn->sources)
		goto err_sources;
	hsmon_sources_init(hn->sources);
	hsmon_ports_init(&hn->ports);
	err = hsmon_table_init(&hn->table, hsmon_buckets(), hn->stats);
	if (err)
		goto err_table;
	hn->table.observe = hsmon_observe;
	/*
	 * The memory cgroup of the task that makes the namespace (of the one
	 * that loads hsmon, for the namespaces that exist then) pays for it:
	 * for what is allocated here, and for each entry a SYN allocates
	 * later, in whatever context.
	 */
	hn->table.memcg = get_mem_cgroup_from_mm(NULL);
	hsmon_gc_init(hn);
	err = hsmon_sysctl_init(hn);
	if (err)
		goto err_sysctl;
	err = hsmon_proc_init(hn);
	if (err)
		goto err_proc;
	err = hsmon_watch_update(hn);
	if (err)
		goto err_hooks;
	return 0;

err_hooks:
	hsmon_proc_exit(hn);
err_proc:
	hsmon_sysctl_exit(hn);
err_sysctl:
	hsmon_table_destroy(&hn->table);	/* and its growth work */
	mem_cgroup_put(hn->table.memcg);
err_table:
	kvfree(hn->sources);
err_sources:
	free_percpu(hn->rtt);
err_rtt:
	free_percpu(hn->stats);
err_stats:
	hsmon_watch_exit(hn);
	return err;
}

/*
 * Unregistering a hook does not wait for the CPUs already running it; the
 * netns core calls synchronize_rcu() between pre_exit and exit, so that no
 * packet is in our hooks when hsmon_net_exit() frees what they use.
 */
static void __net_exit hsmon_net_pre_exit(struct net *net)
{
	hsmon_watch_stop(hsmon_pernet(net));
}

static void __net_exit hsmon_net_exit(struct net *net)
{
	struct hsmon_net *hn = hsmon_pernet(net);

	/* The hooks are gone, and hsmon_watch_update() does nothing now. */
	hsmon_gc_stop(hn);
	hsmon_proc_exit(hn);
	hsmon_sysctl_exit(hn);
	hsmon_watch_exit(hn);
}

/*
 * What the stack's probes may still reach goes last, once for the whole
 * batch: a judgement slot may still name a dying namespace (stack.c), and
 * a probe may have read it just before hsmon_stack_forget() cleared it.
 */
static void __net_exit hsmon_net_exit_batch(struct list_head *net_exit_list)
{
	struct net *net;

	hsmon_stack_forget(net_exit_list);
	synchronize_rcu();
	list_for_each_entry(net, net_exit_list, exit_list) {
		struct hsmon_net *hn = hsmon_pernet(net);

		hsmon_table_destroy(&hn->table);
		mem_cgroup_put(hn->table.memcg);
		kvfree(hn->sources);
		free_percpu(hn->rtt);
		free_percpu(hn->stats);
	}
}

static struct pernet_operations hsmon_net_ops = {
	.init		= hsmon_net_init,
	.pre_exit	= hsmon_net_pre_exit,
	.exit		= hsmon_net_exit,
	.exit_batch	= hsmon_net_exit_batch,
	.id		= &hsmon_net_id,
	.size		= sizeof(struct hsmon_net),
};

static int __init hsmon_init(void)
{
	int err;

	hsmon_host_max_entries = 2 * hsmon_default_max_entries();
	err = hsmon_cache_init();
	if (err)
		return err;
	err = register_pernet_subsys(&hsmon_net_ops);
	if (err)
		goto err_pernet;
	/* The stack's verdicts look up the namespaces' hsmon_net. */
	err = hsmon_stack_init(hsmon_net_id);
	if (err)
		goto err_stack;
	pr_info("loaded, version " HSMON_VERSION "\n");
	return 0;

err_stack:
	unregister_pernet_subsys(&hsmon_net_ops);
err_pernet:
	hsmon_cache_exit();
	return err;
}

static void __exit hsmon_exit(void)
{
	hsmon_stack_exit();
	unregister_pernet_subsys(&hsmon_net_ops);
	hsmon_cache_exit();	/* waits for the entries' RCU callbacks */
	pr_info("unloaded\n");
}

module_init(hsmon_init);
module_exit(hsmon_exit);

MODULE_DESCRIPTION("TCP handshake monitor: completed and abandoned handshakes per netns");
MODULE_AUTHOR("The hsmon developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(HSMON_VERSION);
