// SPDX-License-Identifier: GPL-2.0
/*
 * Packet parsing for the hooks: find the TCP header behind an IPv4 or
 * IPv6 header (and IPv6 extension headers), classify the segment, and
 * build the tuple from the server's point of view.  All reads go through
 * skb_header_pointer(), so truncated and non-linear skbs are safe.
 *
 * The code is in parse.h, inlined in the hooks: a call per packet is
 * dear (above all under emulation).  This is the same parser out of line,
 * for the KUnit suite and the fuzzer.
 */
#include <linux/export.h>

#include "compat.h"
#include "parse.h"

/**
 * hsmon_parse - turn a packet into a tuple and a handshake event
 * @skb: the packet, its network header set (true at LOCAL_IN/LOCAL_OUT)
 * @family: NFPROTO_IPV4 or NFPROTO_IPV6
 * @inbound: true at LOCAL_IN, false at LOCAL_OUT
 * @pkt: filled when HSMON_PARSE_OK is returned (every byte of its key);
 *	 otherwise in an unspecified state
 */
enum hsmon_parse_result hsmon_parse(const struct sk_buff *skb, u8 family, bool inbound,
				    struct hsmon_pkt *pkt)
{
	return __hsmon_parse(skb, family, inbound, pkt);
}
EXPORT_SYMBOL_IF_KUNIT(hsmon_parse);
