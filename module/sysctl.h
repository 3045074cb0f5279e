/* SPDX-License-Identifier: GPL-2.0 */
/*
 * net.hsmon.* (see sysctl.c).
 */
#ifndef _HSMON_SYSCTL_H
#define _HSMON_SYSCTL_H

struct ctl_table;
struct hsmon_net;

unsigned int hsmon_default_max_entries(void);
int hsmon_sysctl_init(struct hsmon_net *hn);
void hsmon_sysctl_exit(struct hsmon_net *hn);
struct ctl_table *hsmon_sysctl_table(struct hsmon_net *hn);

#endif /* _HSMON_SYSCTL_H */
