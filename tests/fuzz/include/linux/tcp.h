/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: the TCP header, little-endian bitfields (uapi/linux/tcp.h, 6.12). */
#ifndef _SHIM_LINUX_TCP_H
#define _SHIM_LINUX_TCP_H

#include <linux/types.h>

struct tcphdr {
	__be16 source;
	__be16 dest;
	__be32 seq;
	__be32 ack_seq;
	__u16 res1:4,
	      doff:4,
	      fin:1,
	      syn:1,
	      rst:1,
	      psh:1,
	      ack:1,
	      urg:1,
	      ece:1,
	      cwr:1;
	__be16 window;
	__sum16 check;
	__be16 urg_ptr;
};

_Static_assert(sizeof(struct tcphdr) == 20, "struct tcphdr is 20 bytes");

#endif
