// SPDX-License-Identifier: GPL-2.0
/*
 * hsmon_inject - a server's SYN path and connection rate, driven from
 * inside the kernel, in several network namespaces at once, interleaved
 * (make bench-native).
 *
 * Why in the kernel.  User-mode Linux runs kernel code at the host CPU's
 * speed, but every system call of a UML process is a round trip through
 * the host's ptrace: a flooder in user space there would measure itself.
 *
 * Why interleaved.  The host is a shared virtual machine: the same code
 * runs at one speed for a few seconds and at 0.6 times that speed for the
 * next few (measured: 840k and 500k SYNs per second, in streaks, with
 * nothing changed).  Arms measured one after the other, even in many
 * rounds, mostly measure when they ran.  So each arm is a namespace of
 * its own, set up beforehand (tests/vm/bench.sh: no monitor, hsmon,
 * nf_conntrack, empty hooks, and a second namespace of the first two for
 * the A/A), and this module takes turns among them, slice_ms= at a time,
 * starting each round of turns one arm further on: the host's moods fall
 * on every arm alike.
 *
 * The arms are given as pids= (a process in each arm's namespace; none:
 * insmod's namespace only).  In each, for ms= milliseconds in all, the
 * module makes the load load=:
 *
 *   flood  SYNs from random sources in 10.9.0.0/16 and random ports to
 *       daddr=:port=, with MSS, SACK, timestamp and window scale options
 *       as Linux sends them, built as a NIC driver would (an Ethernet
 *       frame, checksums verified by the "hardware") and handed to
 *       netif_receive_skb() on the arm's device dev= (a dummy device,
 *       whose transmit frees what it is given) with bottom halves off.
 *       The whole receive path runs in that call, hooks, TCP and the
 *       SYN+ACK out to the device included; the listener's SYN queue
 *       (backlog=) overflows after its first SYNs and the rest are
 *       answered with SYN cookies, as in a real flood.  Every arm gets
 *       the same SYNs (one pseudo-random sequence, one seed).
 *   conn   connections over the arm's loopback: connect() to the
 *       module's own listener, accept(), close both ends (the client with
 *       SO_LINGER 0, so that no TIME_WAIT socket holds its port).
 *
 * Results, per arm, in the order of pids=, in the module's parameters
 * (/sys/module/hsmon_inject/parameters/), read before the module is
 * removed:
 *   count       SYNs injected, or connections made;
 *   answered    SYN+ACKs the arm's device sent, or connections made;
 *   elapsed_ns  the arm's slices' time, from each slice's start to its
 *               end, yields to other work included;
 *   batch_ps    the median batch's time (INJECT_BATCH SYNs or
 *               connections, bottom halves on between them) per SYN or
 *               connection, in picoseconds;
 * and failed, in all: allocations, connects and accepts that failed.
 *
 * What a slice's time holds.  Everything the arm's segments cost on the
 * way in and out is in its own slice.  Work they leave for later
 * (expiring request sockets, RCU callbacks, hsmon's and conntrack's
 * garbage collectors) runs in whichever slice it falls due in: spread
 * over all arms, it counts a fraction of its due to the arm that caused
 * it.  batch_ps sees even less of it (a batch that ran a timer is rarely
 * the median), and nothing of a host preemption.
 */
#include <linux/etherdevice.h>
#include <linux/inet.h>
#include <linux/ip.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/netdevice.h>
#include <linux/nsproxy.h>
#include <linux/prandom.h>
#include <linux/sched.h>
#include <linux/skbuff.h>
#include <linux/sort.h>
#include <linux/tcp.h>
#include <linux/vmalloc.h>
#include <net/net_namespace.h>
#include <net/sock.h>
#include <net/tcp.h>

#define INJECT_ARMS	8
#define INJECT_BATCH	64	/* packets or connections between clock reads */
#define INJECT_OPTLEN	20	/* MSS 4, SACK_PERM 2, TS 10, NOP 1, WS 3 */
#define INJECT_TIMES	BIT(17)		/* batch times kept per arm */

static char *load = "flood";
module_param(load, charp, 0444);
MODULE_PARM_DESC(load, "flood (SYNs from random sources) or conn (connections over loopback)");

static unsigned int ms = 1000;
module_param(ms, uint, 0444);
MODULE_PARM_DESC(ms, "how long the load runs, all arms together, in milliseconds");

static unsigned int slice_ms = 5;
module_param(slice_ms, uint, 0444);
MODULE_PARM_DESC(slice_ms, "how long each turn of an arm lasts, in milliseconds");

static int pids[INJECT_ARMS];
static unsigned int n_pids;
module_param_array(pids, int, &n_pids, 0444);
MODULE_PARM_DESC(pids, "the arms: a process in each arm's network namespace");

static ushort port = 8080;
module_param(port, ushort, 0444);
MODULE_PARM_DESC(port, "the port the module's listeners bind and the load targets");

static unsigned int backlog = 128;
module_param(backlog, uint, 0444);
MODULE_PARM_DESC(backlog, "the listeners' backlog");

static char *dev = "dummy0";
module_param(dev, charp, 0444);
MODULE_PARM_DESC(dev, "load=flood: each arm's device whose receive path the SYNs enter");

static char *daddr = "10.0.0.1";
module_param(daddr, charp, 0444);
MODULE_PARM_DESC(daddr, "load=flood: the SYNs' destination, an address of dev=");

static unsigned long long count[INJECT_ARMS];
static unsigned int n_count;
module_param_array(count, ullong, &n_count, 0444);
MODULE_PARM_DESC(count, "result: SYNs injected, or connections made, per arm");

static unsigned long long answered[INJECT_ARMS];
static unsigned int n_answered;
module_param_array(answered, ullong, &n_answered, 0444);
MODULE_PARM_DESC(answered, "result: SYN+ACKs the device sent, or connections made, per arm");

static unsigned long long elapsed_ns[INJECT_ARMS];
static unsigned int n_elapsed;
module_param_array(elapsed_ns, ullong, &n_elapsed, 0444);
MODULE_PARM_DESC(elapsed_ns, "result: the time of the arm's slices");

static unsigned int batch_ps[INJECT_ARMS];
static unsigned int n_batch;
module_param_array(batch_ps, uint, &n_batch, 0444);
MODULE_PARM_DESC(batch_ps, "result: the median batch's time per SYN or connection, in ps");

static unsigned long long failed;
module_param(failed, ullong, 0444);
MODULE_PARM_DESC(failed, "result: allocations, connects or accepts that failed");

struct inject_arm {
	struct net *net;
	struct net_device *ndev;	/* load=flood */
	struct socket *lsock;
	struct rnd_state rnd;
	u64 tx0;
	u32 *times;			/* each batch's time, in ns */
	unsigned int ntimes;
};

static struct inject_arm inject_arms[INJECT_ARMS];
static unsigned int inject_n;
static bool inject_flood;
static __be32 inject_dst;

/* A SYN from 10.9.x.y:sport to inject_dst:port on @ndev, ready for its receive path. */
static struct sk_buff *inject_syn(struct net_device *ndev, struct rnd_state *rnd)
{
	unsigned int tcplen = sizeof(struct tcphdr) + INJECT_OPTLEN;
	unsigned int len = ETH_HLEN + sizeof(struct iphdr) + tcplen;
	u32 r = prandom_u32_state(rnd);
	struct sk_buff *skb;
	struct ethhdr *eth;
	struct tcphdr *th;
	struct iphdr *iph;
	u8 *opt;

	skb = netdev_alloc_skb(ndev, len + NET_IP_ALIGN);
	if (!skb)
		return NULL;
	skb_reserve(skb, NET_IP_ALIGN);
	eth = skb_put(skb, ETH_HLEN);
	ether_addr_copy(eth->h_dest, ndev->dev_addr);
	eth_zero_addr(eth->h_source);
	eth->h_source[0] = 0x02;	/* locally administered */
	eth->h_proto = htons(ETH_P_IP);

	iph = skb_put(skb, sizeof(*iph));
	iph->version = 4;
	iph->ihl = 5;
	iph->tos = 0;
	iph->tot_len = htons(sizeof(*iph) + tcplen);
	iph->id = 0;
	iph->frag_off = htons(IP_DF);
	iph->ttl = 64;
	iph->protocol = IPPROTO_TCP;
	iph->saddr = htonl(0x0a090000 | (r & 0xffff));
	iph->daddr = inject_dst;
	ip_send_check(iph);

	th = skb_put_zero(skb, tcplen);
	th->source = htons(1024 + (r >> 16) % 64512);
	th->dest = htons(port);
	th->seq = htonl(prandom_u32_state(rnd));
	th->doff = tcplen / 4;
	th->syn = 1;
	th->window = htons(64240);
	opt = (u8 *)(th + 1);
	*opt++ = TCPOPT_MSS;
	*opt++ = TCPOLEN_MSS;
	put_unaligned_be16(1460, opt);
	opt += 2;
	*opt++ = TCPOPT_SACK_PERM;
	*opt++ = TCPOLEN_SACK_PERM;
	*opt++ = TCPOPT_TIMESTAMP;
	*opt++ = TCPOLEN_TIMESTAMP;
	put_unaligned_be32(r, opt);
	opt += 8;		/* and an echo of 0 */
	*opt++ = TCPOPT_NOP;
	*opt++ = TCPOPT_WINDOW;
	*opt++ = TCPOLEN_WINDOW;
	*opt = 7;

	skb->ip_summed = CHECKSUM_UNNECESSARY;
	skb->protocol = eth_type_trans(skb, ndev);
	return skb;
}

/* One connection over the arm's loopback: connect, accept, close. */
static int inject_conn(struct inject_arm *arm)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
	};
	struct socket *c, *a;
	int err;

	err = sock_create_kern(arm->net, AF_INET, SOCK_STREAM, IPPROTO_TCP, &c);
	if (err)
		return err;
	sock_no_linger(c->sk);
	err = kernel_connect(c, (struct sockaddr *)&sin, sizeof(sin), 0);
	if (!err) {
		err = kernel_accept(arm->lsock, &a, O_NONBLOCK);
		if (!err)
			sock_release(a);
	}
	sock_release(c);
	return err;
}

/* One batch on arm @k: INJECT_BATCH SYNs or connections, timed. */
static void inject_batch(unsigned int k)
{
	struct inject_arm *arm = &inject_arms[k];
	u64 t0 = ktime_get_ns();
	int i;

	for (i = 0; i < INJECT_BATCH; i++) {
		if (inject_flood) {
			struct sk_buff *skb = inject_syn(arm->ndev, &arm->rnd);

			if (!skb) {
				failed++;
				continue;
			}
			local_bh_disable();
			netif_receive_skb(skb);
			local_bh_enable();
		} else if (inject_conn(arm)) {
			failed++;
			continue;
		}
		count[k]++;
	}
	if (arm->ntimes < INJECT_TIMES)
		arm->times[arm->ntimes++] = min_t(u64, ktime_get_ns() - t0, U32_MAX);
}

static u64 inject_tx_packets(struct net_device *ndev)
{
	struct rtnl_link_stats64 st;

	dev_get_stats(ndev, &st);
	return st.tx_packets;
}

static int inject_cmp(const void *a, const void *b)
{
	u32 x = *(const u32 *)a, y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

static int inject_listen(struct inject_arm *arm)
{
	struct sockaddr_in sin = {
		.sin_family = AF_INET,
		.sin_port = htons(port),
		.sin_addr.s_addr = htonl(INADDR_ANY),
	};
	int err;

	err = sock_create_kern(arm->net, AF_INET, SOCK_STREAM, IPPROTO_TCP, &arm->lsock);
	if (err)
		return err;
	sock_set_reuseaddr(arm->lsock->sk);
	err = kernel_bind(arm->lsock, (struct sockaddr *)&sin, sizeof(sin));
	if (!err)
		err = kernel_listen(arm->lsock, backlog);
	if (err) {
		sock_release(arm->lsock);
		arm->lsock = NULL;
	}
	return err;
}

static void inject_put(struct inject_arm *arm)
{
	if (arm->lsock)
		sock_release(arm->lsock);
	if (arm->ndev)
		dev_put(arm->ndev);
	if (arm->net)
		put_net(arm->net);
	vfree(arm->times);
}

static int inject_get(struct inject_arm *arm, int pid)
{
	arm->net = pid ? get_net_ns_by_pid(pid) : get_net(current->nsproxy->net_ns);
	if (IS_ERR(arm->net)) {
		int err = PTR_ERR(arm->net);

		arm->net = NULL;
		return err;
	}
	arm->times = vmalloc(INJECT_TIMES * sizeof(*arm->times));
	if (!arm->times)
		return -ENOMEM;
	prandom_seed_state(&arm->rnd, 42);
	if (inject_flood) {
		arm->ndev = dev_get_by_name(arm->net, dev);
		if (!arm->ndev)
			return -ENODEV;
		arm->tx0 = inject_tx_packets(arm->ndev);
	}
	return inject_listen(arm);
}

static void inject_run(void)
{
	u64 end = ktime_get_ns() + (u64)ms * NSEC_PER_MSEC;
	u64 now = ktime_get_ns();
	unsigned int round, j, k;

	for (round = 0; now < end; round++) {
		for (j = 0; j < inject_n; j++) {
			u64 start = now;

			k = (round + j) % inject_n;
			do {
				inject_batch(k);
				cond_resched();
				now = ktime_get_ns();
			} while (now - start < (u64)slice_ms * NSEC_PER_MSEC);
			elapsed_ns[k] += now - start;
		}
	}
}

static int __init inject_init(void)
{
	unsigned int k;
	int err = 0;

	inject_flood = !strcmp(load, "flood");
	if (!inject_flood && strcmp(load, "conn"))
		return -EINVAL;
	if (inject_flood && !in4_pton(daddr, -1, (u8 *)&inject_dst, -1, NULL))
		return -EINVAL;
	inject_n = n_pids ? n_pids : 1;
	for (k = 0; k < inject_n && !err; k++)
		err = inject_get(&inject_arms[k], pids[k]);
	if (!err)
		inject_run();
	for (k = 0; k < inject_n; k++) {
		struct inject_arm *arm = &inject_arms[k];

		if (!err) {
			answered[k] = count[k];
			if (inject_flood)
				answered[k] = inject_tx_packets(arm->ndev) - arm->tx0;
			sort(arm->times, arm->ntimes, sizeof(*arm->times), inject_cmp, NULL);
			if (arm->ntimes)
				batch_ps[k] = div_u64((u64)arm->times[arm->ntimes / 2] * 1000,
						      INJECT_BATCH);
		}
		inject_put(arm);
	}
	n_count = inject_n;
	n_answered = inject_n;
	n_elapsed = inject_n;
	n_batch = inject_n;
	if (err)
		pr_err("hsmon_inject: load=%s dev=%s daddr=%s: %d\n", load, dev, daddr, err);
	return err;
}

static void __exit inject_exit(void)
{
}

module_init(inject_init);
module_exit(inject_exit);
MODULE_DESCRIPTION("hsmon benchmark: an in-kernel SYN flood and connection load, interleaved");
MODULE_LICENSE("GPL");
