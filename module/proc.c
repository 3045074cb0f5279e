// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/net/hsmon and /proc/net/hsmon_conns, per network namespace.
 *
 * hsmon: "name value" lines, the counters in enum hsmon_stat order, then
 *   the gauges in_progress (handshakes tracked and not ended) and entries
 *   (table slots in use, EXPIRED tombstones included).  World-readable.
 * hsmon_conns: one line per table entry, after a header line.  Tuples of
 *   other hosts' clients are not everybody's business: reading needs
 *   CAP_NET_ADMIN in the namespace's user namespace, checked against the
 *   credentials of whoever opened the file.
 * hsmon_rtt: the latency histogram of completed handshakes.  World-readable.
 * hsmon_ports: handshakes per listening port.  World-readable.
 * hsmon_sources: abandoning prefixes; CAP_NET_ADMIN, like hsmon_conns.
 */
#include <linux/capability.h>
#include <linux/jiffies.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <net/net_namespace.h>

#include "hsmon.h"
#include "proc.h"

/* Every file's data is its namespace's hsmon_net (see hsmon_proc_init()). */
static struct hsmon_net *hsmon_seq_hn(struct seq_file *seq)
{
	return pde_data(file_inode(seq->file));
}

static int hsmon_stats_show(struct seq_file *seq, void *v)
{
	struct hsmon_net *hn = hsmon_seq_hn(seq);
	struct hsmon_stats sum;
	int i;

	hsmon_stats_sum(hn->stats, &sum);
	for (i = 0; i < HSMON_STAT_MAX; i++)
		seq_printf(seq, "%s %llu\n", hsmon_stat_names[i], sum.cnt[i]);
	seq_printf(seq, "in_progress %llu\n", hsmon_stats_in_progress(&sum));
	seq_printf(seq, "entries %u\n", hsmon_table_count(&hn->table));
	return 0;
}

static bool hsmon_may_see_tuples(struct seq_file *seq, struct net *net)
{
	return file_ns_capable(seq->file, net->user_ns, CAP_NET_ADMIN);
}

static int hsmon_rtt_show(struct seq_file *seq, void *v)
{
	struct hsmon_net *hn = hsmon_seq_hn(seq);
	struct hsmon_rtt sum;
	int i;

	hsmon_rtt_sum(hn->rtt, &sum);
	seq_printf(seq, "count %llu\nsum_us %llu\nmin_us %u\nmax_us %u\n",
		   sum.count, sum.sum_us, sum.min_us, sum.max_us);
	for (i = 0; i < HSMON_RTT_BUCKETS; i++)
		seq_printf(seq, "bucket_le_us %llu %llu\n", 1ULL << i, sum.bucket[i]);
	return 0;
}

static void hsmon_port_show(struct seq_file *seq, const char *name,
			    const struct hsmon_port_snap *row)
{
	int i;

	seq_puts(seq, name);
	for (i = 0; i < HSMON_PORT_COLS; i++)
		seq_printf(seq, " %llu", row->cnt[i]);
	seq_putc(seq, '\n');
}

static int hsmon_ports_show(struct seq_file *seq, void *v)
{
	struct hsmon_net *hn = hsmon_seq_hn(seq);
	struct hsmon_port_snap *rows, other;
	unsigned int i, n;
	char port[8];

	rows = kmalloc_array(HSMON_PORTS_CAP, sizeof(*rows), GFP_KERNEL_ACCOUNT);
	if (!rows)
		return -ENOMEM;
	n = hsmon_ports_snapshot(&hn->ports, rows, &other);
	seq_puts(seq, "port syn");
	for (i = 0; i < HSMON_OUTCOMES_N; i++)
		seq_printf(seq, " %s", hsmon_stat_names[HSMON_STAT_FIRST_OUTCOME + i]);
	seq_putc(seq, '\n');
	for (i = 0; i < n; i++) {
		snprintf(port, sizeof(port), "%u", rows[i].port);
		hsmon_port_show(seq, port, &rows[i]);
	}
	hsmon_port_show(seq, "other", &other);
	kfree(rows);
	return 0;
}

static int hsmon_sources_show(struct seq_file *seq, void *v)
{
	struct hsmon_net *hn = hsmon_seq_hn(seq);
	struct hsmon_source *src;
	unsigned int c, i, n;

	if (!hsmon_may_see_tuples(seq, hn->net))
		return -EPERM;
	src = kmalloc_array(HSMON_SOURCES_CAP, sizeof(*src), GFP_KERNEL_ACCOUNT);
	if (!src)
		return -ENOMEM;
	n = hsmon_sources_snapshot(hn->sources, src);
	seq_puts(seq, "prefix");
	for (c = 0; c < HSMON_SRC_COLS; c++)
		seq_printf(seq, " %s", hsmon_source_col_name(c));
	seq_puts(seq, " last_seen_ms\n");
	for (i = 0; i < n; i++) {
		if (src[i].family == NFPROTO_IPV4)
			seq_printf(seq, "%pI4/%u", &src[i].prefix.ip, src[i].plen);
		else
			seq_printf(seq, "%pI6c/%u", &src[i].prefix.in6, src[i].plen);
		for (c = 0; c < HSMON_SRC_COLS; c++)
			seq_printf(seq, " %llu", src[i].cnt[c]);
		seq_printf(seq, " %u\n", jiffies_to_msecs(jiffies - src[i].last_seen));
	}
	kfree(src);
	return 0;
}

struct hsmon_conns_iter {
	struct seq_net_private p;	/* first: seq_file_net() needs it */
	struct hsmon_table_pos tpos;	/* where record @index is */
	loff_t index;			/* 0: no walk yet */
};

static void *hsmon_conns_start(struct seq_file *seq, loff_t *pos)
	__acquires(RCU)
{
	struct hsmon_net *hn = hsmon_seq_hn(seq);
	struct hsmon_table *t = &hn->table;
	struct hsmon_conns_iter *it = seq->private;
	struct hsmon_entry *e;

	rcu_read_lock();
	if (!hsmon_may_see_tuples(seq, hn->net))
		return ERR_PTR(-EPERM);
	if (!*pos)
		return SEQ_START_TOKEN;
	/* The next chunk of a read: on from where the last one stopped. */
	if (*pos == it->index)
		return hsmon_table_walk(t, &it->tpos);

	/* Anywhere else (a seek): walk from the start. */
	it->tpos = (struct hsmon_table_pos){};
	for (it->index = 1, e = hsmon_table_walk(t, &it->tpos); e && it->index < *pos;
	     it->index++) {
		it->tpos.skip++;
		e = hsmon_table_walk(t, &it->tpos);
	}
	return e;
}

static void *hsmon_conns_next(struct seq_file *seq, void *v, loff_t *pos)
{
	struct hsmon_table *t = &hsmon_seq_hn(seq)->table;
	struct hsmon_conns_iter *it = seq->private;

	if (v == SEQ_START_TOKEN)
		it->tpos = (struct hsmon_table_pos){};
	else
		it->tpos.skip++;
	it->index = ++*pos;
	return hsmon_table_walk(t, &it->tpos);
}

static void hsmon_conns_stop(struct seq_file *seq, void *v)
	__releases(RCU)
{
	rcu_read_unlock();
}

static int hsmon_conns_show(struct seq_file *seq, void *v)
{
	struct hsmon_table *t = &hsmon_seq_hn(seq)->table;
	const struct hsmon_key *k;
	struct hsmon_entry e;
	unsigned int age;

	if (v == SEQ_START_TOKEN) {
		seq_puts(seq, "family client server state age_ms syn_retrans synack_retrans\n");
		return 0;
	}
	if (!hsmon_table_copy(t, v, &e))
		return 0;	/* ended while we walked */
	k = &e.key;
	age = jiffies_to_msecs((u32)jiffies - e.stamp);
	if (k->family == NFPROTO_IPV4)
		seq_printf(seq, "ipv4 %pI4:%u %pI4:%u", &k->client.ip, ntohs(k->cport),
			   &k->server.ip, ntohs(k->sport));
	else
		seq_printf(seq, "ipv6 [%pI6c]:%u [%pI6c]:%u", &k->client.in6, ntohs(k->cport),
			   &k->server.in6, ntohs(k->sport));
	seq_printf(seq, " %s %u %u %u\n", hsmon_state_name(e.fsm.state), age,
		   e.fsm.syn_retrans, e.fsm.synack_retrans);
	return 0;
}

static const struct seq_operations hsmon_conns_seq_ops = {
	.start	= hsmon_conns_start,
	.next	= hsmon_conns_next,
	.stop	= hsmon_conns_stop,
	.show	= hsmon_conns_show,
};

static const struct {
	const char *name;
	int (*show)(struct seq_file *seq, void *v);
} hsmon_single_files[] = {
	{ "hsmon", hsmon_stats_show },
	{ "hsmon_rtt", hsmon_rtt_show },
	{ "hsmon_ports", hsmon_ports_show },
	{ "hsmon_sources", hsmon_sources_show },
};

int hsmon_proc_init(struct hsmon_net *hn)
{
	struct proc_dir_entry *dir = hn->net->proc_net;
	int i;

	for (i = 0; i < ARRAY_SIZE(hsmon_single_files); i++) {
		if (!proc_create_net_single(hsmon_single_files[i].name, 0444, dir,
					    hsmon_single_files[i].show, hn))
			goto err;
	}
	if (proc_create_net_data("hsmon_conns", 0444, dir, &hsmon_conns_seq_ops,
				 sizeof(struct hsmon_conns_iter), hn))
		return 0;
err:
	while (--i >= 0)
		remove_proc_entry(hsmon_single_files[i].name, dir);
	return -ENOMEM;
}

void hsmon_proc_exit(struct hsmon_net *hn)
{
	int i;

	remove_proc_entry("hsmon_conns", hn->net->proc_net);
	for (i = ARRAY_SIZE(hsmon_single_files) - 1; i >= 0; i--)
		remove_proc_entry(hsmon_single_files[i].name, hn->net->proc_net);
}
