// SPDX-License-Identifier: GPL-2.0
/*
 * hsmon_floor.ko: netfilter hooks that do nothing, registered where and
 * how hsmon registers its own (LOCAL_IN and LOCAL_OUT, IPv4 and IPv6,
 * priority SECURITY + 1), in the network namespace insmod runs in.  make
 * bench loads it in the server's namespace, which is the one hsmon
 * watches there, as the "floor" arm: what any hook at those points costs,
 * the part of hsmon's cost that no change inside hsmon's hook can remove.
 */
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/nsproxy.h>
#include <linux/sched.h>
#include <net/net_namespace.h>

static unsigned int hsmon_floor_hook(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	return NF_ACCEPT;
}

#define HSMON_FLOOR_OPS(family, num, prio) \
	{ .hook = hsmon_floor_hook, .pf = (family), .hooknum = (num), .priority = (prio) }

static const struct nf_hook_ops hsmon_floor_ops[] = {
	HSMON_FLOOR_OPS(NFPROTO_IPV4, NF_INET_LOCAL_IN, NF_IP_PRI_SECURITY + 1),
	HSMON_FLOOR_OPS(NFPROTO_IPV4, NF_INET_LOCAL_OUT, NF_IP_PRI_SECURITY + 1),
	HSMON_FLOOR_OPS(NFPROTO_IPV6, NF_INET_LOCAL_IN, NF_IP6_PRI_SECURITY + 1),
	HSMON_FLOOR_OPS(NFPROTO_IPV6, NF_INET_LOCAL_OUT, NF_IP6_PRI_SECURITY + 1),
};

/* The namespace insmod ran in; not a reference: compared, never used. */
static const struct net *hsmon_floor_net;

static int __net_init hsmon_floor_net_init(struct net *net)
{
	if (net != hsmon_floor_net)
		return 0;
	return nf_register_net_hooks(net, hsmon_floor_ops, ARRAY_SIZE(hsmon_floor_ops));
}

static void __net_exit hsmon_floor_net_exit(struct net *net)
{
	if (net == hsmon_floor_net)
		nf_unregister_net_hooks(net, hsmon_floor_ops, ARRAY_SIZE(hsmon_floor_ops));
}

static struct pernet_operations hsmon_floor_net_ops = {
	.init = hsmon_floor_net_init,
	.exit = hsmon_floor_net_exit,
};

static int __init hsmon_floor_init(void)
{
	hsmon_floor_net = current->nsproxy->net_ns;
	return register_pernet_subsys(&hsmon_floor_net_ops);
}

static void __exit hsmon_floor_exit(void)
{
	unregister_pernet_subsys(&hsmon_floor_net_ops);
}

module_init(hsmon_floor_init);
module_exit(hsmon_floor_exit);
MODULE_DESCRIPTION("hsmon benchmark: empty netfilter hooks where hsmon hooks");
MODULE_LICENSE("GPL");
