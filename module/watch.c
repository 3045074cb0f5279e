// SPDX-License-Identifier: GPL-2.0
/*
 * net.hsmon.enabled: whether hsmon watches a namespace, all in one place.
 *
 *   enabled=1   the namespace's hooks are registered (each namespace
 *               registers its own copy of the ops, priv = its hsmon_net,
 *               so the hooks need no net_generic() per packet);
 *   enabled=0   the hooks track no new SYN (hooks.c reads the value), and
 *               the handshakes in progress end as they would have: the
 *               drain work looks at the table every gc period and, once
 *               it is empty, unregisters the hooks.  From then on the
 *               namespace's packets no longer pass through hsmon.  The
 *               counters stay.
 *
 * hooks_lock serialises the writers of the sysctl, the drain and
 * pre_exit over @hooked, @dying and @hook_ops.  After pre_exit
 * (hsmon_watch_stop()) nothing hooks the namespace again.
 */
#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/string.h>
#include <linux/sysctl.h>
#include <linux/workqueue.h>

#include "gc.h"
#include "hooks.h"
#include "hsmon.h"
#include "watch.h"

/* Each namespace registers a copy whose priv is its hsmon_net. */
static const struct nf_hook_ops hsmon_hook_ops[HSMON_HOOKS] = {
	{
		.hook		= hsmon_local_in,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= NF_IP_PRI_SECURITY + 1,
	},
	{
		.hook		= hsmon_local_out,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= NF_IP_PRI_SECURITY + 1,
	},
	{
		.hook		= hsmon_local_in,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= NF_IP6_PRI_SECURITY + 1,
	},
	{
		.hook		= hsmon_local_out,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_OUT,
		.priority	= NF_IP6_PRI_SECURITY + 1,
	},
};

static int hsmon_hook(struct hsmon_net *hn)
{
	unsigned int i;
	int err;

	lockdep_assert_held(&hn->hooks_lock);
	memcpy(hn->hook_ops, hsmon_hook_ops, sizeof(hn->hook_ops));
	for (i = 0; i < HSMON_HOOKS; i++)
		hn->hook_ops[i].priv = hn;
	err = nf_register_net_hooks(hn->net, hn->hook_ops, HSMON_HOOKS);
	hn->hooked = !err;
	return err;
}

static void hsmon_unhook(struct hsmon_net *hn)
{
	lockdep_assert_held(&hn->hooks_lock);
	if (hn->hooked)
		nf_unregister_net_hooks(hn->net, hn->hook_ops, HSMON_HOOKS);
	hn->hooked = false;
}

/**
 * hsmon_watch_update - hook, drain or unhook a namespace as enabled says
 * @hn: the namespace's hsmon state
 *
 * Process context.
 *
 * Return: 0, or the error of nf_register_net_hooks().
 */
int hsmon_watch_update(struct hsmon_net *hn)
{
	int err = 0;

	mutex_lock(&hn->hooks_lock);
	/*
	 * Read under the lock: of two writers racing, the update that runs
	 * last must see the last value, or the hooks could stay registered
	 * with net.hsmon.enabled at 0.
	 */
	if (hn->dying || READ_ONCE(hn->enabled) == hn->hooked)
		goto out;
	if (READ_ONCE(hn->enabled))
		err = hsmon_hook(hn);
	else if (hsmon_table_count(&hn->table))
		queue_delayed_work(system_power_efficient_wq, &hn->drain,
				   hsmon_gc_period(hn));
	else
		/*
		 * A SYN that saw the old value may still add an entry: the
		 * GC it kicks times it out.  Memory stays until pre_exit.
		 */
		hsmon_unhook(hn);
out:
	mutex_unlock(&hn->hooks_lock);
	return err;
}

/* Disabled, with handshakes in progress: unhook once they have ended. */
static void hsmon_drain_work(struct work_struct *work)
{
	struct hsmon_net *hn = container_of(to_delayed_work(work), struct hsmon_net, drain);

	hsmon_watch_update(hn);
}

void hsmon_watch_init(struct hsmon_net *hn)
{
	mutex_init(&hn->hooks_lock);
	INIT_DELAYED_WORK(&hn->drain, hsmon_drain_work);
}

/*
 * For good, from pre_exit.  A CPU may still be running a hook when this
 * returns: the netns core waits for an RCU grace period before exit
 * frees what the hooks use.
 */
void hsmon_watch_stop(struct hsmon_net *hn)
{
	mutex_lock(&hn->hooks_lock);
	hsmon_unhook(hn);
	hn->dying = true;
	mutex_unlock(&hn->hooks_lock);
	/* It takes hooks_lock, and sees dying: it will not come back. */
	cancel_delayed_work_sync(&hn->drain);
}

void hsmon_watch_exit(struct hsmon_net *hn)
{
	mutex_destroy(&hn->hooks_lock);
}

/* The proc_handler of net.hsmon.enabled: (un)hook as the new value says. */
int hsmon_watch_sysctl(HSMON_CTL_TABLE *table, int write, void *buffer, size_t *lenp,
		       loff_t *ppos)
{
	struct hsmon_net *hn = container_of((int *)table->data, struct hsmon_net, enabled);
	int old = READ_ONCE(hn->enabled);
	int err;

	err = proc_dointvec_minmax(table, write, buffer, lenp, ppos);
	if (err || !write || READ_ONCE(hn->enabled) == old)
		return err;
	err = hsmon_watch_update(hn);
	if (err)
		WRITE_ONCE(hn->enabled, old);
	return err;
}
