/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The sources whose handshakes are abandoned, by prefix: a bounded table.
 */
#ifndef _HSMON_SOURCES_H
#define _HSMON_SOURCES_H

#include <linux/netfilter.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "stats.h"

#define HSMON_SOURCES_CAP	256	/* the most net.hsmon.sources_max allows */

/*
 * Counted per prefix: the outcomes by which a client abandons a
 * handshake, in the columns of /proc/net/hsmon_sources.  Not timeout_syn:
 * that SYN was never answered, the client had nothing to abandon (a hook
 * after hsmon's took it, as IPVS does, or the stack kept it waiting).
 */
#define HSMON_SOURCE_STATS(X)						\
	X(TIMEOUT_SYNACK)						\
	X(RESET_BY_CLIENT)

#define HSMON_SRC_ENUM(id)	HSMON_SRC_##id,

enum hsmon_source_col {
	HSMON_SOURCE_STATS(HSMON_SRC_ENUM)
	HSMON_SRC_COLS
};

struct hsmon_source {
	union nf_inet_addr prefix;	/* host bits zero */
	u8 family;			/* NFPROTO_IPV4 or NFPROTO_IPV6 */
	u8 plen;			/* 32 or 24 (IPv4), 64 (IPv6) */
	u64 cnt[HSMON_SRC_COLS];
	unsigned long last_seen;	/* jiffies */
};

struct hsmon_sources {
	spinlock_t lock;		/* n and every slot; a bottom-half lock */
	unsigned int n;
	struct hsmon_source slot[HSMON_SOURCES_CAP];
};

void hsmon_sources_init(struct hsmon_sources *s);

const char *hsmon_source_col_name(unsigned int col);
void hsmon_sources_count(struct hsmon_sources *s, u8 family, const union nf_inet_addr *addr,
			 enum hsmon_stat stat, unsigned int max_slots, unsigned long now);
unsigned int hsmon_sources_snapshot(struct hsmon_sources *s, struct hsmon_source *out);
u64 hsmon_source_total(const struct hsmon_source *src);

#endif /* _HSMON_SOURCES_H */
