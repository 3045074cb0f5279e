/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The netfilter hook functions (see hooks.c); watch.c registers them.
 */
#ifndef _HSMON_HOOKS_H
#define _HSMON_HOOKS_H

struct nf_hook_state;
struct sk_buff;

unsigned int hsmon_local_in(void *priv, struct sk_buff *skb, const struct nf_hook_state *state);
unsigned int hsmon_local_out(void *priv, struct sk_buff *skb, const struct nf_hook_state *state);

#endif /* _HSMON_HOOKS_H */
