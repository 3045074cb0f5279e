/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hsmon:hsmon_handshake, fired once when a tracked handshake ends:
 *
 *   perf record -e hsmon:hsmon_handshake -a
 *   echo 1 > /sys/kernel/tracing/events/hsmon/hsmon_handshake/enable
 *
 * IPv4 addresses are shown IPv4-mapped (::ffff:10.0.0.2).  A disabled
 * tracepoint costs a patched-out branch.
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM hsmon

#if !defined(_HSMON_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _HSMON_TRACE_H

#include <linux/tracepoint.h>
#include <net/ipv6.h>

#include "parse.h"
#include "stats.h"

/* The outcomes' names in the trace, from the one list in stats.h. */
#undef EM
#undef EMe
#define EM(id, name)	TRACE_DEFINE_ENUM(HSMON_STAT_##id);
#define EMe(id, name)	TRACE_DEFINE_ENUM(HSMON_STAT_##id);
HSMON_OUTCOMES(EM, EMe)

#undef EM
#undef EMe
#define EM(id, name)	{ HSMON_STAT_##id, #name },
#define EMe(id, name)	{ HSMON_STAT_##id, #name }
#define hsmon_show_outcome(o)	__print_symbolic(o, HSMON_OUTCOMES(EM, EMe))

TRACE_EVENT(hsmon_handshake,
	TP_PROTO(const struct hsmon_key *key, u8 outcome, u32 rtt_us,
		 u8 syn_retrans, u8 synack_retrans),
	TP_ARGS(key, outcome, rtt_us, syn_retrans, synack_retrans),

	TP_STRUCT__entry(
		__array(u8, client, 16)
		__array(u8, server, 16)
		__field(u16, cport)
		__field(u16, sport)
		__field(u8, outcome)
		__field(u32, rtt_us)
		__field(u8, syn_retrans)
		__field(u8, synack_retrans)
	),

	TP_fast_assign(
		if (key->family == NFPROTO_IPV4) {
			ipv6_addr_set_v4mapped(key->client.ip, (struct in6_addr *)__entry->client);
			ipv6_addr_set_v4mapped(key->server.ip, (struct in6_addr *)__entry->server);
		} else {
			memcpy(__entry->client, &key->client.in6, 16);
			memcpy(__entry->server, &key->server.in6, 16);
		}
		__entry->cport = ntohs(key->cport);
		__entry->sport = ntohs(key->sport);
		__entry->outcome = outcome;
		__entry->rtt_us = rtt_us;
		__entry->syn_retrans = syn_retrans;
		__entry->synack_retrans = synack_retrans;
	),

	TP_printk("client=[%pI6c]:%u server=[%pI6c]:%u outcome=%s rtt_us=%u syn_retrans=%u synack_retrans=%u",
		  __entry->client, __entry->cport, __entry->server, __entry->sport,
		  hsmon_show_outcome(__entry->outcome), __entry->rtt_us, __entry->syn_retrans,
		  __entry->synack_retrans)
);

#endif /* _HSMON_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
