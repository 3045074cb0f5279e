/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The files under /proc/net (see proc.c).
 */
#ifndef _HSMON_PROC_H
#define _HSMON_PROC_H

struct hsmon_net;

int hsmon_proc_init(struct hsmon_net *hn);
void hsmon_proc_exit(struct hsmon_net *hn);

#endif /* _HSMON_PROC_H */
