/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace shim: struct net stays incomplete; the sysctl registration is
 * declared as in 6.6+ (a macro around register_net_sysctl_sz()) and never
 * defined, since nothing the fuzz target runs calls it.
 */
#ifndef _SHIM_NET_NET_NAMESPACE_H
#define _SHIM_NET_NET_NAMESPACE_H

#include <linux/kernel.h>
#include <linux/sysctl.h>

struct net;

struct ctl_table_header *register_net_sysctl_sz(struct net *net, const char *path,
						struct ctl_table *table, size_t table_size);
#define register_net_sysctl(net, path, table) \
	register_net_sysctl_sz(net, path, table, ARRAY_SIZE(table))

#endif
