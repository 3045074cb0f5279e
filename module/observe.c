// SPDX-License-Identifier: GPL-2.0
/*
 * The table's observer: it fans each new handshake and each outcome out
 * to what hsmon derives from them besides the counters: the per-port
 * rows, the latency histogram, the abandoning sources and the
 * hsmon:hsmon_handshake tracepoint.  The table calls hsmon_observe()
 * under the entry's shard lock, with bottom halves off.
 */
#define CREATE_TRACE_POINTS
#include "trace.h"

#include "hsmon.h"

void hsmon_observe(struct hsmon_table *t, const struct hsmon_entry *e,
		   enum hsmon_stat stat, u32 rtt_us)
{
	struct hsmon_net *hn = container_of(t, struct hsmon_net, table);

	hsmon_ports_count(&hn->ports, e->key.sport, stat, READ_ONCE(hn->ports_max));
	if (stat == HSMON_STAT_SYN)
		return;

	if (stat == HSMON_STAT_COMPLETED && hsmon_entry_timed(e))
		hsmon_rtt_record(hn->rtt, rtt_us);
	hsmon_sources_count(hn->sources, e->key.family, &e->key.client, stat,
			    READ_ONCE(hn->sources_max), jiffies);
	trace_hsmon_handshake(&e->key, stat, rtt_us, e->fsm.syn_retrans,
			      e->fsm.synack_retrans);
}
