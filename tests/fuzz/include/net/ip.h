/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: the IPv4 fragment field's flags (net/ip.h). */
#ifndef _SHIM_NET_IP_H
#define _SHIM_NET_IP_H

#include <linux/ip.h>
#include <linux/kernel.h>

#define IP_CE		0x8000	/* congestion */
#define IP_DF		0x4000	/* don't fragment */
#define IP_MF		0x2000	/* more fragments */
#define IP_OFFSET	0x1FFF	/* fragment offset, 8-byte units */

#endif
