// SPDX-License-Identifier: GPL-2.0
/*
 * hsmon_bench - what hsmon's hooks cost per packet.
 *
 * Loaded after an hsmon.ko built with HSMON_BENCH=1 (make bench), it
 * calls hsmon_local_in() and hsmon_local_out() directly, as netfilter
 * would for init_net, on skbs it prepared, and reports nanoseconds per
 * call for:
 *
 *   nontcp   an inbound UDP datagram: the header parse only;
 *   unknown  an inbound ACK of a flow hsmon does not track, with no
 *            socket (a stray segment): parse, hash, one lookup;
 *   established  the same ACK as the stack's early demux hands it over
 *            for a connected socket (most of a server's traffic): a
 *            loopback connection of the module's own provides it;
 *   syn      a new SYN: parse, hash, lookup, allocate and link an entry;
 *   synack   our SYN+ACK to it (outbound);
 *   ack      the final ACK, and the stack's connection (stack.c's probe,
 *            called as inet_sock_set_state would) that completes it
 *            and frees the entry;
 *   evict    a new SYN with the table full (net.hsmon.max_entries lowered
 *            to its size), the stack sending no SYN cookies: it evicts
 *            the oldest entry of its shard first;
 *   flood    the same while the stack sends SYN cookies, as in a SYN
 *            flood: hooks.c counts it untracked and looks nothing up;
 *
 * with the table holding each of the entries= sizes (default: empty,
 * 100,000 and 1,000,000 handshakes in SYN_RCVD).  Each case runs
 * rounds= times over iters= different tuples, so that lookups land in
 * different buckets, as a server's packets do; a line gives the median,
 * the lowest and the highest round.  Calls run in batches with bottom
 * halves off and under rcu_read_lock(), as in a hook; the time includes
 * writing the tuple's address into the skb (a store).
 *
 * It also reports what filling the table cost in slab memory.  The
 * entries stay in the table for the expiry measurement that follows
 * (tests/vm/bench.sh lowers net.hsmon.timeout and times the GC).
 *
 * Results go to the kernel log as "HSMON-BENCH: ..." lines; the module
 * does all its work at load time and can be removed at once.
 */
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <linux/sort.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/vmstat.h>
#include <net/net_namespace.h>
#include <net/tcp.h>

#include "testing.h"
#include "hooks.h"
#include "hsmon.h"
#include "stack.h"

#define BENCH_ROUNDS_MAX	15
#define BENCH_SIZES_MAX		8
#define BENCH_BATCH		256	/* calls per bottom-half-off section */
#define BENCH_SERVER		0x0a000001	/* 10.0.0.1 */
#define BENCH_PORT		80
#define BENCH_PORT_UNKNOWN	9999	/* no handshake is tracked there */
#define BENCH_CPORT		40000
#define BENCH_LO_PORT		40001	/* the loopback connection's server */
#define BENCH_ISN_CLIENT	1000u
#define BENCH_ISN_SERVER	5000u
/* Client addresses: the filled entries, the measured handshakes, unknown */
#define BENCH_NET_FILL		0x0d000000	/* 13/8 */
#define BENCH_NET_HS		0x0c000000	/* 12/8 */
#define BENCH_NET_UNKNOWN	0x0b000000	/* 11/8 */
#define BENCH_NET_EVICT		0x0e000000	/* 14/8: each SYN a new tuple */

static unsigned int iters = 20000;
module_param(iters, uint, 0444);
MODULE_PARM_DESC(iters, "Calls per case and round (different tuples)");

static unsigned int rounds = 5;
module_param(rounds, uint, 0444);
MODULE_PARM_DESC(rounds, "Rounds per case (1..15)");

static unsigned int entries[BENCH_SIZES_MAX] = { 0, 100000, 1000000 };
static unsigned int n_entries = 3;
module_param_array(entries, uint, &n_entries, 0444);
MODULE_PARM_DESC(entries, "Table sizes to measure at, ascending");

/* A prepared packet and where its tuple's client address lives. */
struct bench_pkt {
	struct sk_buff *skb;
	__be32 *client;
	bool inbound;
};

enum bench_case {
	BC_NONTCP, BC_UNKNOWN, BC_ESTABLISHED, BC_SYN, BC_SYNACK, BC_ACK, BC_EVICT, BC_FLOOD,
	BC_MAX
};

static const char * const bench_case_names[BC_MAX] = {
	"nontcp", "unknown", "established", "syn", "synack", "ack", "evict", "flood",
};

/* A connected TCP socket, for BC_ESTABLISHED. */
static struct socket *bench_listener, *bench_client, *bench_conn;

/* BC_EVICT and the fill send bench_pkts[BC_SYN]: tuples differ by address. */
static struct bench_pkt bench_pkts[BC_MAX];

/*
 * An IPv4 packet of protocol @proto from a client (its address varied per
 * call) to BENCH_SERVER, or the other way round when !@inbound.
 */
static int bench_pkt_init(struct bench_pkt *p, u8 proto, bool inbound, u16 server_port,
			  u8 flags, u32 seq, u32 ack)
{
	unsigned int l4len = proto == IPPROTO_TCP ? sizeof(struct tcphdr) : sizeof(struct udphdr);
	struct sk_buff *skb;
	struct iphdr *iph;
	__be16 sport, dport;

	skb = alloc_skb(LL_MAX_HEADER + sizeof(*iph) + l4len, GFP_KERNEL);
	if (!skb)
		return -ENOMEM;
	skb_reserve(skb, LL_MAX_HEADER);
	skb->protocol = htons(ETH_P_IP);
	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, sizeof(*iph));
	iph->version = 4;
	iph->ihl = 5;
	iph->ttl = 64;
	iph->protocol = proto;
	iph->tot_len = htons(sizeof(*iph) + l4len);
	skb_set_transport_header(skb, sizeof(*iph));

	sport = htons(inbound ? BENCH_CPORT : server_port);
	dport = htons(inbound ? server_port : BENCH_CPORT);
	if (inbound) {
		iph->daddr = htonl(BENCH_SERVER);
		p->client = &iph->saddr;
	} else {
		iph->saddr = htonl(BENCH_SERVER);
		p->client = &iph->daddr;
	}
	if (proto == IPPROTO_TCP) {
		struct tcphdr *th = skb_put_zero(skb, sizeof(*th));

		th->source = sport;
		th->dest = dport;
		th->doff = sizeof(*th) / 4;
		th->seq = htonl(seq);
		th->ack_seq = htonl(ack);
		tcp_flag_byte(th) = flags;
	} else {
		struct udphdr *uh = skb_put_zero(skb, sizeof(*uh));

		uh->source = sport;
		uh->dest = dport;
		uh->len = htons(sizeof(*uh));
	}
	p->skb = skb;
	p->inbound = inbound;
	return 0;
}

static void bench_pkts_free(void)
{
	int i;

	for (i = 0; i < BC_MAX; i++) {
		if (bench_pkts[i].skb)
			bench_pkts[i].skb->sk = NULL;	/* borrowed, no reference */
		kfree_skb(bench_pkts[i].skb);
	}
}

static void bench_sockets_release(void)
{
	if (bench_conn)
		sock_release(bench_conn);
	if (bench_client)
		sock_release(bench_client);
	if (bench_listener)
		sock_release(bench_listener);
}

/* A TCP connection over init_net's loopback, accepted: bench_conn. */
static int bench_sockets_init(void)
{
	struct sockaddr_in addr = {
		.sin_family = AF_INET,
		.sin_addr.s_addr = htonl(INADDR_LOOPBACK),
		.sin_port = htons(BENCH_LO_PORT),
	};
	int err;

	err = sock_create_kern(&init_net, AF_INET, SOCK_STREAM, IPPROTO_TCP, &bench_listener);
	/* A previous load's connection may linger in TIME_WAIT on the port. */
	if (!err)
		sock_set_reuseaddr(bench_listener->sk);
	err = err ?: kernel_bind(bench_listener, (struct sockaddr *)&addr, sizeof(addr));
	err = err ?: kernel_listen(bench_listener, 1);
	err = err ?: sock_create_kern(&init_net, AF_INET, SOCK_STREAM, IPPROTO_TCP,
				      &bench_client);
	err = err ?: kernel_connect(bench_client, (struct sockaddr *)&addr, sizeof(addr), 0);
	err = err ?: kernel_accept(bench_listener, &bench_conn, 0);
	if (err) {
		pr_err("hsmon_bench: no loopback connection: %d\n", err);
		bench_sockets_release();
	}
	return err;
}

static int bench_pkts_init(void)
{
	const u8 syn = TCPHDR_SYN, synack = TCPHDR_SYN | TCPHDR_ACK, ack = TCPHDR_ACK;
	int err;

	err = bench_pkt_init(&bench_pkts[BC_NONTCP], IPPROTO_UDP, true, BENCH_PORT, 0, 0, 0);
	err = err ?: bench_pkt_init(&bench_pkts[BC_UNKNOWN], IPPROTO_TCP, true,
				     BENCH_PORT_UNKNOWN, ack, 77, 77);
	err = err ?: bench_pkt_init(&bench_pkts[BC_ESTABLISHED], IPPROTO_TCP, true,
				     BENCH_PORT_UNKNOWN, ack, 77, 77);
	err = err ?: bench_pkt_init(&bench_pkts[BC_SYN], IPPROTO_TCP, true, BENCH_PORT,
				     syn, BENCH_ISN_CLIENT, 0);
	err = err ?: bench_pkt_init(&bench_pkts[BC_SYNACK], IPPROTO_TCP, false, BENCH_PORT,
				     synack, BENCH_ISN_SERVER, BENCH_ISN_CLIENT + 1);
	err = err ?: bench_pkt_init(&bench_pkts[BC_ACK], IPPROTO_TCP, true, BENCH_PORT,
				     ack, BENCH_ISN_CLIENT + 1, BENCH_ISN_SERVER + 1);
	if (err) {
		bench_pkts_free();
		return err;
	}
	bench_pkts[BC_ESTABLISHED].skb->sk = bench_conn->sk;
	return 0;
}

/*
 * Pass @p through hsmon's hook @n times, the client address going from
 * @first up; return the nanoseconds spent in the calls.
 */
static u64 bench_run(const struct bench_pkt *p, u32 first, unsigned int n)
{
	struct hsmon_net *hn = hsmon_pernet(&init_net);
	struct nf_hook_state state;
	unsigned int i, j, m;
	u64 ns = 0, t0;

	nf_hook_state_init(&state, p->inbound ? NF_INET_LOCAL_IN : NF_INET_LOCAL_OUT,
			   NFPROTO_IPV4, NULL, NULL, NULL, &init_net, NULL);
	for (i = 0; i < n; i += m) {
		m = min_t(unsigned int, BENCH_BATCH, n - i);
		local_bh_disable();
		rcu_read_lock();
		t0 = ktime_get_ns();
		for (j = 0; j < m; j++) {
			*p->client = htonl(first + i + j);
			if (p->inbound)
				hsmon_local_in(hn, p->skb, &state);
			/* The stack makes the connection: what completes it. */
			if (p == &bench_pkts[BC_ACK])
				hsmon_stack_child(&init_net, htons(BENCH_PORT), NULL);
			if (!p->inbound)
				hsmon_local_out(hn, p->skb, &state);
		}
		ns += ktime_get_ns() - t0;
		rcu_read_unlock();
		local_bh_enable();
		cond_resched();
	}
	return ns;
}

static int bench_cmp_u64(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* "12.3": tenths of nanoseconds per call, from a total over iters calls. */
#define BENCH_NS10(total)	div_u64((total) * 10, iters)

static void bench_report(enum bench_case c, unsigned int size, u64 *total)
{
	u64 med, lo, hi;

	sort(total, rounds, sizeof(*total), bench_cmp_u64, NULL);
	med = BENCH_NS10(total[rounds / 2]);
	lo = BENCH_NS10(total[0]);
	hi = BENCH_NS10(total[rounds - 1]);
	pr_info("HSMON-BENCH: hook case=%s entries=%u median=%llu.%llu low=%llu.%llu high=%llu.%llu\n",
		bench_case_names[c], size, med / 10, med % 10, lo / 10, lo % 10,
		hi / 10, hi % 10);
}

/* Slab pages of the whole system; hsmon's entries are what changes. */
static unsigned long bench_slab_bytes(void)
{
	return global_node_page_state_pages(NR_SLAB_UNRECLAIMABLE_B) << PAGE_SHIFT;
}

/* Tuples used so far by the fill and by the evict case: never twice. */
static u32 bench_next_fill, bench_next_evict;

/* Add SYN_RCVD handshakes until the table holds @size; false if it won't. */
static bool bench_fill(struct hsmon_table *t, unsigned int size)
{
	unsigned int have = hsmon_table_count(t);

	if (have < size) {
		bench_run(&bench_pkts[BC_SYN], BENCH_NET_FILL + bench_next_fill, size - have);
		bench_next_fill += size - have;
	}
	return hsmon_table_count(t) == size;
}

/* The five cases, @rounds times each, at the table's current size. */
static int bench_size(struct hsmon_net *hn, unsigned int size)
{
	static u64 total[BC_MAX][BENCH_ROUNDS_MAX];
	struct hsmon_table *t = &hn->table;
	int max_entries = READ_ONCE(hn->max_entries);
	unsigned int r, c;

	for (r = 0; r < rounds; r++) {
		for (c = 0; c < BC_EVICT; c++) {
			u32 first = c < BC_SYN ? BENCH_NET_UNKNOWN : BENCH_NET_HS;

			total[c][r] = bench_run(&bench_pkts[c], first, iters);
		}
		/*
		 * Full: each SYN evicts one entry, the size stays; or, SYN
		 * cookies sent lately (our SYN+ACKs carry no request socket,
		 * so the synack case opened that window: close it first), it
		 * goes untracked.
		 */
		if (size) {
			WRITE_ONCE(hn->max_entries, size);
			WRITE_ONCE(hn->cookie_until, jiffies);
			total[BC_EVICT][r] = bench_run(&bench_pkts[BC_SYN],
						       BENCH_NET_EVICT + bench_next_evict, iters);
			bench_next_evict += iters;
			/* As a cookie SYN+ACK opens it (hooks.c): for a second. */
			WRITE_ONCE(hn->cookie_until, jiffies + HZ);
			total[BC_FLOOD][r] = bench_run(&bench_pkts[BC_SYN],
						       BENCH_NET_EVICT + bench_next_evict, iters);
			bench_next_evict += iters;
			WRITE_ONCE(hn->cookie_until, jiffies);
			WRITE_ONCE(hn->max_entries, max_entries);
		}
		/* Every measured handshake completed and left the table. */
		if (hsmon_table_count(t) != size) {
			pr_err("hsmon_bench: %u entries after a round at %u\n",
			       hsmon_table_count(t), size);
			return -EIO;
		}
	}
	for (c = 0; c < BC_MAX; c++)
		if ((c != BC_EVICT && c != BC_FLOOD) || size)
			bench_report(c, size, total[c]);
	return 0;
}

static int bench_all(void)
{
	struct hsmon_net *hn = hsmon_pernet(&init_net);
	struct hsmon_table *t = &hn->table;
	unsigned long slab0, slab;
	unsigned int i, size;
	int err;

	/* The loopback connection's handshake completed and left the table. */
	if (hsmon_table_count(t)) {
		pr_err("hsmon_bench: init_net's table is not empty\n");
		return -EBUSY;
	}
	pr_info("HSMON-BENCH: hook_config iters=%u rounds=%u buckets=%u entry=%zu bucket=%zu\n",
		iters, rounds, t->shard_max << HSMON_SHARD_BITS, sizeof(struct hsmon_entry),
		sizeof(struct hlist_nulls_head) + 1);
	slab0 = bench_slab_bytes();
	for (i = 0; i < n_entries; i++) {
		size = entries[i];
		if (size + iters > READ_ONCE(hn->max_entries)) {
			pr_err("hsmon_bench: %u entries + %u need net.hsmon.max_entries >= %u\n",
			       size, iters, size + iters);
			return -ERANGE;
		}
		if (!bench_fill(t, size)) {
			pr_err("hsmon_bench: cannot fill the table to %u (have %u)\n",
			       size, hsmon_table_count(t));
			return -EIO;
		}
		/* The shards grow behind the fill: measure them grown. */
		hsmon_table_settle(t);
		slab = bench_slab_bytes();
		pr_info("HSMON-BENCH: fill entries=%u slab_bytes=%ld longest_chain=%u buckets=%u\n",
			size, (long)(slab - slab0), hsmon_table_longest_chain(t),
			hsmon_table_buckets(t));
		err = bench_size(hn, size);
		if (err)
			return err;
	}
	return 0;
}

static int __init hsmon_bench_init(void)
{
	int err;

	if (!rounds || rounds > BENCH_ROUNDS_MAX || !iters || !n_entries)
		return -EINVAL;
	err = bench_sockets_init();
	if (err)
		return err;
	err = bench_pkts_init();
	if (err) {
		bench_sockets_release();
		return err;
	}
	err = bench_all();
	bench_pkts_free();
	bench_sockets_release();
	if (!err)
		pr_info("HSMON-BENCH: done\n");
	return err;
}

static void __exit hsmon_bench_exit(void)
{
}

module_init(hsmon_bench_init);
module_exit(hsmon_bench_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("hsmon hook microbenchmark");
HSMON_IMPORT_KUNIT_NS();
