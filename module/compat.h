/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel API differences between the kernels hsmon supports (6.1 to 6.12).
 *
 * The code is written against the newest API; this file maps it onto
 * older kernels.  Prefer probes of what a header defines over version
 * numbers, because stable kernels backport.  Adding a kernel means
 * touching this file only.
 */
#ifndef _HSMON_COMPAT_H
#define _HSMON_COMPAT_H

#include <linux/version.h>
#include <net/net_namespace.h>
#include <linux/sysctl.h>

/*
 * register_net_sysctl_sz() arrived in 6.6 and turned register_net_sysctl()
 * into a macro around it; 6.11 then made the empty sentinel entry at the
 * end of a ctl_table an error.  Tables carry a sentinel only when the
 * sized variant does not exist.
 */
#ifdef register_net_sysctl
#define HSMON_SYSCTL_SENTINEL 0
static inline struct ctl_table_header *
hsmon_register_net_sysctl(struct net *net, const char *path,
			  struct ctl_table *table, size_t n)
{
	return register_net_sysctl_sz(net, path, table, n);
}
#else
#define HSMON_SYSCTL_SENTINEL 1
static inline struct ctl_table_header *
hsmon_register_net_sysctl(struct net *net, const char *path,
			  struct ctl_table *table, size_t n)
{
	return register_net_sysctl(net, path, table);
}
#endif

/* Since 6.11 a sysctl's proc_handler takes its ctl_table const. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define HSMON_CTL_TABLE const struct ctl_table
#else
#define HSMON_CTL_TABLE struct ctl_table
#endif

/*
 * The arguments of the skb tracepoints stack.c attaches to: consume_skb
 * gained its location in 6.3, kfree_skb the receiving socket in 6.11.
 * Nothing in a header tells, so the version does.  Include
 * <linux/skbuff.h> first.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
#define HSMON_KFREE_SKB_ARGS	struct sk_buff *skb, void *location, \
				enum skb_drop_reason reason, struct sock *rx_sk
#else
#define HSMON_KFREE_SKB_ARGS	struct sk_buff *skb, void *location, \
				enum skb_drop_reason reason
#endif
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define HSMON_CONSUME_SKB_ARGS	struct sk_buff *skb, void *location
#else
#define HSMON_CONSUME_SKB_ARGS	struct sk_buff *skb
#endif

#endif /* _HSMON_COMPAT_H */
