// SPDX-License-Identifier: GPL-2.0
/*
 * hsmon-pkt - test traffic driver for the hsmon handshake monitor.
 *
 * A small, statically linked, libc-only tool used inside the network
 * namespaces of a test VM: it serves and connects TCP, sends raw
 * (possibly spoofed) SYNs, plays the client side of a handshake from an
 * address the local kernel does not own, floods SYNs, and sends malformed
 * or unusual segments.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip6.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "msg.h"

#ifndef IPV6_HDRINCL
#define IPV6_HDRINCL	36
#endif

#define __aligned(x)	__attribute__((aligned(x)))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define PROG		"hsmon-pkt"

#define DEF_ISN		1000000u
#define DEF_SPORT	40000
#define DEF_WAIT_MS	3000
#define LISTEN_BACKLOG	128
#define TFO_QLEN	16	/* serve -F: the listener's TCP_FASTOPEN queue */
#define DRAIN_WAIT_MS	1000	/* serve -F: how long to wait for a connection's data */
#define HOP_LIMIT	64
#define TCP_WIN		64240
#define MSS_V4		1460
#define MSS_V6		1440
#define PKT_MAX		128	/* largest segment we build: 40 + 16 + 32 bytes */
#define RX_BUF		2048
#define FLOOD_BATCH	64
#define FLOOD_PORT_MIN	1024
#define BAD_SPORT	50000
#define HANDSHAKE_MAX	64	/* handshake -n */
#define BADACK_GAP_MS	100	/* handshake -f badack-ack: between the two */
#define BAD_TRUNC_LEN	12	/* TCP bytes a truncated segment keeps */
#define BAD_FRAG_OFF4	185	/* a later IPv4 fragment's offset, 8-byte units */
#define BAD_FRAG_OFF6	1	/* a later IPv6 fragment's offset, 8-byte units */
#define BAD_FRAG_ID	0x4853	/* IPv6 fragment identification */

const char msg_prog[] = PROG;

const char cli_usage_text[] =
"Usage: " PROG " COMMAND [OPTIONS] ARGS...\n"
"\n"
"  serve [-b BACKLOG] [-N] [-F] [-D] [-P PIDFILE] PORT\n"
"      Listen on PORT (IPv4 and IPv6) with a listen(2) backlog of BACKLOG\n"
"      (default 128) in a background process that accepts and closes every\n"
"      connection; its pid is written to PIDFILE.  -N: never accept, so the\n"
"      accept queue fills.  -F: TCP Fast Open on the listener (queue 16);\n"
"      the data of each accepted connection is read before it is closed.\n"
"      -D: a socket filter that drops every segment: the stack never\n"
"      answers a SYN, as when a hook after the monitor's takes it.\n"
"  connect [-F] [-n N] [-e ok|refused] [-t TIMEOUT_MS] ADDR PORT\n"
"      N (default 1) sequential TCP connects, each with a timeout (default\n"
"      3000 ms); every one must succeed (ok, default) or be refused.\n"
"      -F: TCP Fast Open connects, sendto(2) of \"hsmon\" with MSG_FASTOPEN\n"
"      instead of connect(2).\n"
"  syn [-n N] [-r R] [-i ISN] [-p SPORT] SRC DST DPORT\n"
"      Send raw SYNs from SRC source ports SPORT..SPORT+N-1 (default 40000,\n"
"      N 1) to DST:DPORT, each R times (default 1) with ISN (default 1000000).\n"
"  handshake [-f ack|badack|badack-ack|badsum-ack|twin-ack|rst|none]\n"
"            [-i ISN] [-n N] [-p SPORT]\n"
"            [-d DELAY_MS] [-w WAIT_MS] IFACE SRC DST DPORT\n"
"      Send N (default 1, at most 64) SYNs from SRC ports SPORT..SPORT+N-1,\n"
"      wait up to WAIT_MS (default 3000) on IFACE for all their SYN+ACKs,\n"
"      print \"synack SEQ\" for each, then after DELAY_MS (default 0) send\n"
"      the final segments (default ack; badack-ack: a bad ACK, then 100 ms\n"
"      later the right one; badsum-ack: the same, the first with a wrong\n"
"      TCP checksum; twin-ack: each final ACK twice, at the same moment\n"
"      from two CPUs, as two copies racing through the server).\n"
"  flood [-n N] [-s SECONDS] [-r RATE] [-p DPORT] SRCNET DST\n"
"      Send N (default 100000) SYNs to DST:DPORT (default 80) from random\n"
"      addresses in SRCNET (ADDR/PREFIX); stop after SECONDS if non-zero;\n"
"      at most RATE SYNs per second if given.\n"
"  bad KIND SRC DST DPORT\n"
"      Send one malformed or unusual segment from SRC port 50000 to DST:DPORT\n"
"      (ISN 1000000).  KIND is one of:\n"
"        syn-fin    SYN+FIN, otherwise well-formed (as the next four)\n"
"        syn-rst    SYN+RST\n"
"        null       no flags\n"
"        xmas       FIN+PSH+URG\n"
"        fin        FIN only\n"
"        doff-low   a SYN with TCP data offset 4\n"
"        doff-past  a SYN with data offset 15 and only 20 TCP bytes\n"
"        trunc      a SYN whose packet ends 12 bytes into the TCP header\n"
"        frag-first a SYN as a first fragment (more fragments, offset 0)\n"
"        frag-later a SYN as a later fragment (offset 1480 in IPv4, 8 in IPv6)\n"
"        v6-ext     IPv6 only: a SYN behind hop-by-hop and destination options\n"
"        bad-opts   a SYN with data offset 8 and garbage options (one of\n"
"                   length 0, one running past the header)\n"
"\n"
"Addresses may be IPv4 or IPv6; all addresses of one command share a family.\n"
"Exit status: 0 success, 1 failure, 2 usage error.\n";

/* One TCP segment, sent or received; flags are TH_SYN, TH_ACK, ... */
struct seg {
	struct addr src;
	struct addr dst;
	uint16_t sport;
	uint16_t dport;
	uint32_t seq;
	uint32_t ack;
	unsigned int flags;
};

/* A raw IPPROTO_RAW socket and the destination it sends to. */
struct raw_tx {
	int fd;
	struct sockaddr_storage to;
	socklen_t to_len;
};

enum final_mode {
	FINAL_ACK, FINAL_BADACK, FINAL_RST, FINAL_NONE, FINAL_BADACK_ACK, FINAL_BADSUM_ACK,
	FINAL_TWIN_ACK
};

/*
 * How an unusual segment differs from the one seg_build() makes of a
 * struct seg; all zero (no_quirks) for a normal segment.
 */
struct quirks {
	const uint8_t *opts;	/* if set, TCP options instead of a SYN's MSS */
	size_t optlen;		/* their length, a multiple of 4 (may be 0) */
	unsigned int doff;	/* TCP data offset if not the header's length */
	size_t tcp_len;		/* send only this many TCP bytes if not 0 */
	uint16_t frag_off4;	/* IPv4 fragment field if not DF */
	const uint8_t *ext;	/* IPv6 extension headers before TCP */
	size_t extlen;
	uint8_t ext_proto;	/* the first one's protocol number */
	bool bad_csum;		/* a wrong TCP checksum */
};

static const struct quirks no_quirks;

/* ---- argument parsing -------------------------------------------------- */

static int parse_ms(const char *s, const char *what)
{
	return parse_num(s, 0, INT_MAX, what);
}

static void same_family(const struct addr *a, const struct addr *b)
{
	if (a->family != b->family)
		usage_error("addresses must be all IPv4 or all IPv6");
}

/* Parse "ADDR/PREFIX" into @net and @prefix. */
static void parse_net(const char *s, struct addr *net, unsigned int *prefix)
{
	char buf[INET6_ADDRSTRLEN + 8];
	char *slash = NULL;

	if (snprintf(buf, sizeof(buf), "%s", s) < (int)sizeof(buf))
		slash = strchr(buf, '/');
	if (!slash)
		usage_error("invalid network '%s' (expected ADDR/PREFIX)", s);
	*slash = '\0';
	parse_addr(buf, net, "SRCNET");
	*prefix = parse_num(slash + 1, 0, net->family == AF_INET ? 32 : 128, "prefix length");
}

static enum final_mode parse_final(const char *s)
{
	static const char *const names[] = {
		[FINAL_ACK] = "ack", [FINAL_BADACK] = "badack",
		[FINAL_RST] = "rst", [FINAL_NONE] = "none",
		[FINAL_BADACK_ACK] = "badack-ack", [FINAL_BADSUM_ACK] = "badsum-ack",
		[FINAL_TWIN_ACK] = "twin-ack",
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(s, names[i]))
			return i;
	usage_error("invalid final segment '%s' (expected ack, badack, badack-ack, badsum-ack, twin-ack, rst or none)",
		    s);
}

/* ---- addresses and time ------------------------------------------------ */

static size_t addr_len(int family)
{
	return family == AF_INET ? sizeof(struct in_addr) : sizeof(struct in6_addr);
}

static bool addr_equal(const struct addr *a, const struct addr *b)
{
	return a->family == b->family && !memcmp(a->b, b->b, addr_len(a->family));
}

static int64_t now_ms(void)
{
	return now_ns() / 1000000;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* ---- packet building --------------------------------------------------- */

/* Add @len bytes at @data to a 32-bit one's complement accumulator. */
static uint32_t csum_add(uint32_t sum, const void *data, size_t len)
{
	const uint8_t *p = data;

	for (; len > 1; p += 2, len -= 2)
		sum += (uint32_t)p[0] << 8 | p[1];
	if (len)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

/* Fold the accumulator and complement it; the result is in host order. */
static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

/*
 * TCP checksum: the IPv4 and IPv6 pseudo-headers both sum to the two
 * addresses plus the protocol number plus the TCP length.
 */
static uint16_t tcp_csum(const struct seg *s, const void *tcp, size_t len)
{
	size_t alen = addr_len(s->src.family);
	uint32_t sum = IPPROTO_TCP + (uint32_t)len;

	sum = csum_add(sum, s->src.b, alen);
	sum = csum_add(sum, s->dst.b, alen);
	return csum_fold(csum_add(sum, tcp, len));
}

/* Write an MSS option padded to 4 bytes; return its length. */
static size_t tcp_put_mss(uint8_t *p, uint16_t mss)
{
	size_t len = 0;

	p[len++] = TCPOPT_MAXSEG;
	p[len++] = TCPOLEN_MAXSEG;
	p[len++] = mss >> 8;
	p[len++] = mss & 0xff;
	while (len % 4)
		p[len++] = TCPOPT_EOL;
	return len;
}

/* Build the TCP header of @s at @p (SYNs carry an MSS option unless @q has options). */
static size_t tcp_build(uint8_t *p, const struct seg *s, const struct quirks *q)
{
	struct tcphdr *th = (struct tcphdr *)p;
	size_t len = sizeof(*th);

	memset(th, 0, sizeof(*th));
	th->source = htons(s->sport);
	th->dest = htons(s->dport);
	th->seq = htonl(s->seq);
	th->ack_seq = htonl(s->ack);
	th->fin = !!(s->flags & TH_FIN);
	th->syn = !!(s->flags & TH_SYN);
	th->rst = !!(s->flags & TH_RST);
	th->psh = !!(s->flags & TH_PUSH);
	th->ack = !!(s->flags & TH_ACK);
	th->urg = !!(s->flags & TH_URG);
	th->window = htons(TCP_WIN);
	if (q->opts) {
		memcpy(p + len, q->opts, q->optlen);
		len += q->optlen;
	} else if (s->flags & TH_SYN) {
		len += tcp_put_mss(p + len, s->src.family == AF_INET ? MSS_V4 : MSS_V6);
	}
	th->doff = q->doff ? q->doff : len / 4;
	th->check = htons(tcp_csum(s, p, len));
	if (q->bad_csum)
		th->check ^= htons(0x5555);
	return len;
}

static size_t ip4_build(uint8_t *p, const struct seg *s, size_t payload,
			const struct quirks *q)
{
	struct iphdr *ip = (struct iphdr *)p;

	memset(ip, 0, sizeof(*ip));
	ip->version = 4;
	ip->ihl = sizeof(*ip) / 4;
	ip->tot_len = htons(sizeof(*ip) + payload);
	ip->frag_off = htons(q->frag_off4 ? q->frag_off4 : IP_DF);
	ip->ttl = HOP_LIMIT;
	ip->protocol = IPPROTO_TCP;
	ip->saddr = s->src.v4.s_addr;
	ip->daddr = s->dst.v4.s_addr;
	ip->check = htons(csum_fold(csum_add(0, ip, sizeof(*ip))));
	return sizeof(*ip);
}

static size_t ip6_build(uint8_t *p, const struct seg *s, size_t payload,
			const struct quirks *q)
{
	struct ip6_hdr *ip6 = (struct ip6_hdr *)p;

	memset(ip6, 0, sizeof(*ip6));
	ip6->ip6_flow = htonl(6u << 28);
	ip6->ip6_plen = htons(payload);
	ip6->ip6_nxt = q->ext ? q->ext_proto : IPPROTO_TCP;
	ip6->ip6_hlim = HOP_LIMIT;
	ip6->ip6_src = s->src.v6;
	ip6->ip6_dst = s->dst.v6;
	return sizeof(*ip6);
}

/*
 * Build the whole IP packet for @s, changed as @q says, into @p (PKT_MAX
 * bytes, 4-aligned).
 */
static size_t seg_build(uint8_t *p, const struct seg *s, const struct quirks *q)
{
	size_t hlen, tlen;

	if (s->src.family == AF_INET) {
		hlen = sizeof(struct iphdr);
		tlen = tcp_build(p + hlen, s, q);
		if (q->tcp_len && q->tcp_len < tlen)
			tlen = q->tcp_len;
		return ip4_build(p, s, tlen, q) + tlen;
	}
	hlen = sizeof(struct ip6_hdr) + q->extlen;
	tlen = tcp_build(p + hlen, s, q);
	if (q->tcp_len && q->tcp_len < tlen)
		tlen = q->tcp_len;
	if (q->extlen)
		memcpy(p + sizeof(struct ip6_hdr), q->ext, q->extlen);
	return ip6_build(p, s, q->extlen + tlen, q) + q->extlen + tlen;
}

/* ---- raw sending ------------------------------------------------------- */

static void raw_open(struct raw_tx *tx, const struct addr *dst)
{
	int one = 1;

	tx->fd = socket(dst->family, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW);
	if (tx->fd < 0)
		die_errno("raw socket (needs CAP_NET_RAW)");
	/* IPPROTO_RAW implies header inclusion; old kernels lack the option */
	if (dst->family == AF_INET6 &&
	    setsockopt(tx->fd, IPPROTO_IPV6, IPV6_HDRINCL, &one, sizeof(one)) &&
	    errno != ENOPROTOOPT)
		die_errno("setsockopt(IPV6_HDRINCL)");
	tx->to_len = addr_to_sockaddr(dst, 0, &tx->to);
}

static void raw_send(const struct raw_tx *tx, const void *buf, size_t len)
{
	while (sendto(tx->fd, buf, len, 0, (const struct sockaddr *)&tx->to, tx->to_len) < 0) {
		if (errno != ENOBUFS && errno != EINTR)
			die_errno("sendto");
		sched_yield();
	}
}

static void seg_send_quirks(const struct raw_tx *tx, const struct seg *s,
			    const struct quirks *q)
{
	uint8_t buf[PKT_MAX] __aligned(8);

	raw_send(tx, buf, seg_build(buf, s, q));
}

static void seg_send(const struct raw_tx *tx, const struct seg *s)
{
	seg_send_quirks(tx, s, &no_quirks);
}

/* ---- serve ------------------------------------------------------------- */

/* How serve listens and what its background process does. */
struct serve_opts {
	int backlog;		/* listen(2) backlog */
	bool no_accept;		/* -N: keep the listener open, never accept */
	bool fastopen;		/* -F: TCP_FASTOPEN; read each connection's data */
	bool drop;		/* -D: a socket filter that drops every segment */
};

/* Return a listening socket, or -1 if @family cannot be created. */
static int listen_socket(int family, uint16_t port, const struct serve_opts *o)
{
	struct addr any = { .family = family };
	struct sockaddr_storage ss;
	socklen_t len = addr_to_sockaddr(&any, port, &ss);
	int fd, one = 1, zero = 0, qlen = TFO_QLEN;

	fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero)))
		die_errno("setsockopt(IPV6_V6ONLY)");
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)))
		die_errno("setsockopt(SO_REUSEADDR)");
	if (bind(fd, (struct sockaddr *)&ss, len))
		die_errno("bind to port %u", port);
	if (o->fastopen &&
	    setsockopt(fd, IPPROTO_TCP, TCP_FASTOPEN, &qlen, sizeof(qlen)))
		die_errno("setsockopt(TCP_FASTOPEN)");
	if (o->drop) {
		/* One classic BPF instruction: keep 0 bytes, drop the segment. */
		struct sock_filter insn = BPF_STMT(BPF_RET | BPF_K, 0);
		struct sock_fprog prog = { .len = 1, .filter = &insn };

		if (setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)))
			die_errno("setsockopt(SO_ATTACH_FILTER)");
	}
	if (listen(fd, o->backlog))
		die_errno("listen");
	return fd;
}

/* The IPv6 socket also takes IPv4 (not V6ONLY); IPv4 alone without IPv6. */
static int open_listener(uint16_t port, const struct serve_opts *o)
{
	int fd = listen_socket(AF_INET6, port, o);

	if (fd < 0 && errno == EAFNOSUPPORT)
		fd = listen_socket(AF_INET, port, o);
	if (fd < 0)
		die_errno("socket");
	return fd;
}

/*
 * Read what the peer of @conn has sent, waiting up to DRAIN_WAIT_MS for the
 * first of it (a Fast Open SYN's data is there at once), so that closing
 * @conn sends a FIN, not a RST for unread data.
 */
static void drain(int conn)
{
	struct pollfd pfd = { .fd = conn, .events = POLLIN };
	char buf[RX_BUF];

	if (poll(&pfd, 1, DRAIN_WAIT_MS) <= 0)
		return;
	while (recv(conn, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

static void __noreturn accept_loop(int fd, bool read_data)
{
	for (;;) {
		int conn = accept(fd, NULL, NULL);

		if (conn >= 0) {
			if (read_data)
				drain(conn);
			close(conn);
		} else if (errno == EBADF || errno == EINVAL || errno == ENOTSOCK) {
			_exit(EXIT_FAIL);
		}
	}
}

/*
 * Move the listener @fd to descriptor 3, point stdio at /dev/null and close
 * every other inherited descriptor; return the listener's new descriptor.
 */
static int detach_fds(int fd)
{
	int i, null, keep = STDERR_FILENO + 1;

	if (fd != keep && dup2(fd, keep) == keep) {
		close(fd);
		fd = keep;
	}
	null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		for (i = STDIN_FILENO; i <= STDERR_FILENO; i++)
			dup2(null, i);
		if (null > STDERR_FILENO)
			close(null);
	}
	if (fd == keep && close_range(keep + 1, ~0U, 0))
		for (i = keep + 1; i < 1024; i++)
			close(i);
	return fd;
}

static void __noreturn serve_child(int fd, const struct serve_opts *o)
{
	setsid();
	if (chdir("/"))
		_exit(EXIT_FAIL);
	fd = detach_fds(fd);
	if (o->no_accept)
		for (;;)
			pause();	/* the listener stays open until we are killed */
	accept_loop(fd, o->fastopen);
}

static int write_pidfile(const char *path, pid_t pid)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	if (fprintf(f, "%d\n", (int)pid) < 0) {
		fclose(f);
		return -1;
	}
	return fclose(f);
}

static int cmd_serve(int argc, char **argv)
{
	struct serve_opts o = { .backlog = LISTEN_BACKLOG };
	const char *pidfile = NULL;
	uint16_t port;
	pid_t pid;
	int c, fd;

	while ((c = next_opt(argc, argv, "+:P:b:NFDh")) != -1) {
		if (c == 'P')
			pidfile = optarg;
		else if (c == 'b')
			o.backlog = parse_num(optarg, 0, INT_MAX, "backlog");
		else if (c == 'N')
			o.no_accept = true;
		else if (c == 'F')
			o.fastopen = true;
		else if (c == 'D')
			o.drop = true;
	}
	need_args(argc, 1, argv[0]);
	port = parse_port(argv[optind], "PORT");

	fd = open_listener(port, &o);
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		die_errno("fork");
	if (pid == 0)
		serve_child(fd, &o);
	if (pidfile && write_pidfile(pidfile, pid)) {
		int err = errno;

		kill(pid, SIGTERM);
		errno = err;
		die_errno("cannot write pid file %s", pidfile);
	}
	return 0;
}

/* ---- connect ----------------------------------------------------------- */

/* Wait for a non-blocking connect to finish; return 0 or -errno. */
static int connect_wait(int fd, int timeout_ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLOUT };
	socklen_t len = sizeof(int);
	int err = 0, n;

	n = poll(&pfd, 1, timeout_ms);
	if (n < 0)
		return -errno;
	if (n == 0)
		return -ETIMEDOUT;
	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len))
		return -errno;
	return -err;
}

/*
 * Start a TCP Fast Open connect of the non-blocking @fd: send "hsmon" with
 * MSG_FASTOPEN, in the SYN if the kernel may (a cookie, or
 * net.ipv4.tcp_fastopen 0x4); wait for the connection and send what the
 * SYN did not carry.  Return 0 or -errno.
 *
 * A reset after the handshake (ECONNRESET, EPIPE; a reset answering the SYN
 * is ECONNREFUSED) still counts as connected: a server that closes without
 * reading the data, as plain serve does, resets the connection, and that
 * can come before we look.
 */
static int fastopen_connect(int fd, const struct sockaddr_storage *ss, socklen_t len,
			    int timeout_ms)
{
	static const char data[] = "hsmon";
	size_t sent = 0, want = sizeof(data) - 1;
	ssize_t n;
	int err;

	n = sendto(fd, data, want, MSG_FASTOPEN | MSG_NOSIGNAL,
		   (const struct sockaddr *)ss, len);
	if (n < 0 && errno != EINPROGRESS)
		return -errno;
	if (n > 0)
		sent = n;
	/* the SYN is out either way; whether the connection is made counts */
	err = connect_wait(fd, timeout_ms);
	if (!err && sent < want && send(fd, data + sent, want - sent, MSG_NOSIGNAL) < 0)
		err = -errno;
	return err == -ECONNRESET || err == -EPIPE ? 0 : err;
}

/* One connect (Fast Open if @fastopen) with a timeout; return 0 or -errno. */
static int connect_once(const struct sockaddr_storage *ss, socklen_t len, int timeout_ms,
			bool fastopen)
{
	int fd, err;

	fd = socket(ss->ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die_errno("socket");
	if (fastopen) {
		err = fastopen_connect(fd, ss, len, timeout_ms);
	} else {
		err = connect(fd, (const struct sockaddr *)ss, len) ? -errno : 0;
		if (err == -EINPROGRESS)
			err = connect_wait(fd, timeout_ms);
	}
	close(fd);
	return err;
}

static int cmd_connect(int argc, char **argv)
{
	unsigned long long i, n = 1, ok = 0, refused = 0, other = 0;
	int c, err, timeout_ms = DEF_WAIT_MS;
	bool want_refused = false, fastopen = false, pass;
	struct sockaddr_storage ss;
	char buf[INET6_ADDRSTRLEN];
	struct addr dst;
	uint16_t port;
	socklen_t len;

	while ((c = next_opt(argc, argv, "+:n:e:t:Fh")) != -1) {
		if (c == 'F')
			fastopen = true;
		else if (c == 'n')
			n = parse_num(optarg, 1, ULONG_MAX, "count");
		else if (c == 't')
			timeout_ms = parse_num(optarg, 1, INT_MAX, "timeout");
		else if (c == 'e' && (!strcmp(optarg, "ok") || !strcmp(optarg, "refused")))
			want_refused = !strcmp(optarg, "refused");
		else if (c == 'e')
			usage_error("invalid expectation '%s' (expected ok or refused)", optarg);
	}
	need_args(argc, 2, argv[0]);
	parse_addr(argv[optind], &dst, "ADDR");
	port = parse_port(argv[optind + 1], "PORT");
	len = addr_to_sockaddr(&dst, port, &ss);

	for (i = 0; i < n; i++) {
		err = connect_once(&ss, len, timeout_ms, fastopen);
		if (!err)
			ok++;
		else if (err == -ECONNREFUSED)
			refused++;
		else
			other++;
		if (err && err != -ECONNREFUSED)
			msg("connect %llu to %s port %u: %s", i + 1, addr_str(&dst, buf), port,
			    strerror(-err));
	}
	printf("connect: %llu ok, %llu refused, %llu other\n", ok, refused, other);
	pass = want_refused ? refused == n : ok == n;
	if (!pass)
		msg("expected all %llu connects to be %s", n, want_refused ? "refused" : "ok");
	return pass ? 0 : EXIT_FAIL;
}

/* ---- syn --------------------------------------------------------------- */

static int cmd_syn(int argc, char **argv)
{
	unsigned long long i, r, n = 1, reps = 1, sport = DEF_SPORT;
	struct seg s = { .seq = DEF_ISN, .flags = TH_SYN };
	struct raw_tx tx;
	int c;

	while ((c = next_opt(argc, argv, "+:n:r:i:p:h")) != -1) {
		if (c == 'n')
			n = parse_num(optarg, 1, 65535, "count");
		else if (c == 'r')
			reps = parse_num(optarg, 1, UINT_MAX, "repeat count");
		else if (c == 'i')
			s.seq = parse_num(optarg, 0, UINT32_MAX, "ISN");
		else if (c == 'p')
			sport = parse_port(optarg, "SPORT");
	}
	need_args(argc, 3, argv[0]);
	parse_addr(argv[optind], &s.src, "SRC");
	parse_addr(argv[optind + 1], &s.dst, "DST");
	same_family(&s.src, &s.dst);
	s.dport = parse_port(argv[optind + 2], "DPORT");
	if (sport + n - 1 > 65535)
		usage_error("source ports %llu..%llu exceed 65535", sport, sport + n - 1);

	raw_open(&tx, &s.dst);
	for (i = 0; i < n; i++) {
		s.sport = sport + i;
		for (r = 0; r < reps; r++)
			seg_send(&tx, &s);
	}
	printf("syn: sent %llu segments\n", n * reps);
	return 0;
}

/* ---- handshake --------------------------------------------------------- */

/* Open a packet socket receiving @family's IP packets on @ifname. */
static int packet_open(const char *ifname, int family)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	int fd;

	sll.sll_protocol = htons(family == AF_INET ? ETH_P_IP : ETH_P_IPV6);
	sll.sll_ifindex = if_nametoindex(ifname);
	if (!sll.sll_ifindex)
		die_errno("interface %s", ifname);
	/* protocol 0: receive nothing until bound to the interface */
	fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die_errno("packet socket (needs CAP_NET_RAW)");
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)))
		die_errno("bind packet socket to %s", ifname);
	return fd;
}

/* Parse an IPv4 header; return the TCP offset, or 0 if not plain TCP. */
static size_t parse_ip4(const uint8_t *p, size_t len, struct seg *s)
{
	struct iphdr ip;

	if (len < sizeof(ip))
		return 0;
	memcpy(&ip, p, sizeof(ip));
	if (ip.version != 4 || ip.ihl < 5 || ip.protocol != IPPROTO_TCP ||
	    (ntohs(ip.frag_off) & (IP_MF | IP_OFFMASK)))
		return 0;
	s->src.family = AF_INET;
	s->dst.family = AF_INET;
	s->src.v4.s_addr = ip.saddr;
	s->dst.v4.s_addr = ip.daddr;
	return ip.ihl * 4u;
}

/* Parse an IPv6 header; return the TCP offset, or 0 if not plain TCP. */
static size_t parse_ip6(const uint8_t *p, size_t len, struct seg *s)
{
	struct ip6_hdr ip6;

	if (len < sizeof(ip6))
		return 0;
	memcpy(&ip6, p, sizeof(ip6));
	if ((ntohl(ip6.ip6_flow) >> 28) != 6 || ip6.ip6_nxt != IPPROTO_TCP)
		return 0;
	s->src.family = AF_INET6;
	s->dst.family = AF_INET6;
	s->src.v6 = ip6.ip6_src;
	s->dst.v6 = ip6.ip6_dst;
	return sizeof(ip6);
}

static bool parse_tcp(const uint8_t *p, size_t len, struct seg *s)
{
	struct tcphdr th;

	if (len < sizeof(th))
		return false;
	memcpy(&th, p, sizeof(th));
	if (th.doff < 5)
		return false;
	s->sport = ntohs(th.source);
	s->dport = ntohs(th.dest);
	s->seq = ntohl(th.seq);
	s->ack = ntohl(th.ack_seq);
	s->flags = (th.fin ? TH_FIN : 0) | (th.syn ? TH_SYN : 0) |
		   (th.rst ? TH_RST : 0) | (th.ack ? TH_ACK : 0);
	return true;
}

/* Parse an IP packet of @family carrying TCP into @s. */
static bool parse_packet(const uint8_t *p, size_t len, int family, struct seg *s)
{
	size_t off;

	memset(s, 0, sizeof(*s));
	off = family == AF_INET ? parse_ip4(p, len, s) : parse_ip6(p, len, s);
	return off && off <= len && parse_tcp(p + off, len - off, s);
}

/* Is @rx the SYN+ACK answering our SYN @syn? */
static bool is_synack_for(const struct seg *rx, const struct seg *syn)
{
	return addr_equal(&rx->src, &syn->dst) && addr_equal(&rx->dst, &syn->src) &&
	       rx->sport == syn->dport && rx->dport == syn->sport &&
	       (rx->flags & (TH_SYN | TH_ACK | TH_RST | TH_FIN)) == (TH_SYN | TH_ACK) &&
	       rx->ack == syn->seq + 1;
}

/* Wait until @fd is readable or @deadline (ms) passes; false on timeout. */
static bool wait_readable(int fd, int64_t deadline)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int64_t left = deadline - now_ms();
	int n;

	if (left <= 0)
		return false;
	n = poll(&pfd, 1, left);
	if (n < 0 && errno != EINTR)
		die_errno("poll");
	return n != 0;
}

/* Receive one inbound packet; return its length or 0 if there is none. */
static size_t recv_inbound(int fd, uint8_t *buf, size_t size)
{
	struct sockaddr_ll sll;
	socklen_t slen = sizeof(sll);
	ssize_t n;

	n = recvfrom(fd, buf, size, MSG_DONTWAIT, (struct sockaddr *)&sll, &slen);
	if (n < 0 && errno != EAGAIN && errno != EINTR)
		die_errno("recvfrom");
	if (n < 0 || sll.sll_pkttype == PACKET_OUTGOING)
		return 0;
	return n;
}

/*
 * Wait up to @wait_ms for the SYN+ACKs answering the @n SYNs @syns; store
 * their seqs in @seqs.  Return how many were answered.
 */
static unsigned int recv_synacks(int fd, const struct seg *syns, unsigned int n, int wait_ms,
				 uint32_t *seqs, bool *got)
{
	uint8_t buf[RX_BUF] __aligned(8);
	int64_t deadline = now_ms() + wait_ms;
	unsigned int i, answered = 0;
	struct seg rx;
	size_t len;

	while (answered < n && wait_readable(fd, deadline)) {
		len = recv_inbound(fd, buf, sizeof(buf));
		if (!len || !parse_packet(buf, len, syns[0].src.family, &rx))
			continue;
		for (i = 0; i < n; i++) {
			if (!got[i] && is_synack_for(&rx, &syns[i])) {
				seqs[i] = rx.seq;
				got[i] = true;
				answered++;
				break;
			}
		}
	}
	return answered;
}

/* Turn @s into the final segment for @mode; false if nothing is to be sent. */
static bool final_seg(struct seg *s, enum final_mode mode, uint32_t isn, uint32_t k)
{
	s->seq = isn + 1;
	s->ack = k + 1;
	s->flags = TH_ACK;
	if (mode == FINAL_BADACK || mode == FINAL_BADACK_ACK)
		s->ack = k + 2;
	if (mode == FINAL_RST) {
		s->ack = 0;
		s->flags = TH_RST;
	}
	return mode != FINAL_NONE;
}

/*
 * handshake -f twin-ack: two threads on two CPUs send each final ACK at
 * the same moment, so that the server's stack may judge both copies at
 * once, one on each CPU.
 */
struct twin {
	pthread_t thread;
	struct raw_tx tx;
	const struct seg *segs;
	unsigned int n;
	int cpu;
	atomic_uint *arrived;	/* shared: the two threads' spinning barrier */
};

static void *twin_send(void *arg)
{
	struct twin *t = arg;
	cpu_set_t cpus;
	unsigned int i;

	CPU_ZERO(&cpus);
	CPU_SET(t->cpu, &cpus);
	if (sched_setaffinity(0, sizeof(cpus), &cpus))
		die_errno("twin-ack needs two CPUs: pin to CPU %d", t->cpu);
	for (i = 0; i < t->n; i++) {
		/* Spin, not sleep: both leave the barrier within nanoseconds. */
		atomic_fetch_add(t->arrived, 1);
		while (atomic_load(t->arrived) < 2 * (i + 1))
			;
		seg_send(&t->tx, &t->segs[i]);
	}
	return NULL;
}

static void twin_ack(const struct addr *dst, const struct seg *segs, unsigned int n)
{
	atomic_uint arrived = 0;
	struct twin t[2];
	int i, err;

	for (i = 0; i < 2; i++) {
		t[i] = (struct twin){ .segs = segs, .n = n, .cpu = i, .arrived = &arrived };
		raw_open(&t[i].tx, dst);
		err = pthread_create(&t[i].thread, NULL, twin_send, &t[i]);
		if (err)
			die("pthread_create: %s", strerror(err));
	}
	for (i = 0; i < 2; i++) {
		pthread_join(t[i].thread, NULL);
		close(t[i].tx.fd);
	}
}

static int cmd_handshake(int argc, char **argv)
{
	struct seg s = { .seq = DEF_ISN, .sport = DEF_SPORT, .flags = TH_SYN };
	struct seg syns[HANDSHAKE_MAX];
	uint32_t k[HANDSHAKE_MAX];
	bool got[HANDSHAKE_MAX] = { false };
	int c, fd, delay_ms = 0, wait_ms = DEF_WAIT_MS;
	enum final_mode mode = FINAL_ACK;
	char buf[INET6_ADDRSTRLEN];
	unsigned int i, n = 1;
	struct raw_tx tx;

	while ((c = next_opt(argc, argv, "+:f:i:n:p:d:w:h")) != -1) {
		if (c == 'f')
			mode = parse_final(optarg);
		else if (c == 'i')
			s.seq = parse_num(optarg, 0, UINT32_MAX, "ISN");
		else if (c == 'n')
			n = parse_num(optarg, 1, HANDSHAKE_MAX, "N");
		else if (c == 'p')
			s.sport = parse_port(optarg, "SPORT");
		else if (c == 'd')
			delay_ms = parse_ms(optarg, "delay");
		else if (c == 'w')
			wait_ms = parse_ms(optarg, "wait time");
	}
	need_args(argc, 4, argv[0]);
	parse_addr(argv[optind + 1], &s.src, "SRC");
	parse_addr(argv[optind + 2], &s.dst, "DST");
	same_family(&s.src, &s.dst);
	s.dport = parse_port(argv[optind + 3], "DPORT");
	if ((unsigned int)s.sport + n - 1 > UINT16_MAX)
		usage_error("source ports %u..%u exceed 65535", s.sport, s.sport + n - 1);

	fd = packet_open(argv[optind], s.src.family);
	raw_open(&tx, &s.dst);
	/* Every SYN first: all are answered before any final segment. */
	for (i = 0; i < n; i++) {
		syns[i] = s;
		syns[i].sport = s.sport + i;
		seg_send(&tx, &syns[i]);
	}
	if (recv_synacks(fd, syns, n, wait_ms, k, got) < n) {
		for (i = 0; i < n && got[i]; i++)
			;
		die("no SYN+ACK from %s port %u to port %u within %d ms",
		    addr_str(&s.dst, buf), s.dport, syns[i].sport, wait_ms);
	}
	for (i = 0; i < n; i++)
		printf("synack %" PRIu32 "\n", k[i]);
	fflush(stdout);
	sleep_ms(delay_ms);
	if (mode == FINAL_TWIN_ACK) {
		for (i = 0; i < n; i++)
			final_seg(&syns[i], FINAL_ACK, syns[i].seq, k[i]);
		twin_ack(&s.dst, syns, n);
		return 0;
	}
	for (i = 0; i < n; i++) {
		static const struct quirks bad_csum = { .bad_csum = true };

		if (final_seg(&syns[i], mode, syns[i].seq, k[i]))
			seg_send_quirks(&tx, &syns[i],
					mode == FINAL_BADSUM_ACK ? &bad_csum : &no_quirks);
	}
	if (mode == FINAL_BADACK_ACK || mode == FINAL_BADSUM_ACK) {
		/* The server answered or dropped those; the right ones count. */
		sleep_ms(BADACK_GAP_MS);
		for (i = 0; i < n; i++) {
			final_seg(&syns[i], FINAL_ACK, syns[i].seq - 1, k[i]);
			seg_send(&tx, &syns[i]);
		}
	}
	return 0;
}

/* ---- flood ------------------------------------------------------------- */

struct flood {
	struct raw_tx tx;
	struct addr net;
	unsigned int prefix;
	struct seg seg;		/* template: dst, dport and flags are fixed */
	uint64_t rng;
	uint8_t buf[FLOOD_BATCH][PKT_MAX] __aligned(8);
	struct iovec iov[FLOOD_BATCH];
	struct mmsghdr msg[FLOOD_BATCH];
};

static uint64_t xorshift64(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return *state = x;
}

static uint64_t rng_seed(void)
{
	struct timespec ts;
	uint64_t seed;

	clock_gettime(CLOCK_REALTIME, &ts);
	seed = (uint64_t)ts.tv_sec << 32 ^ (uint64_t)ts.tv_nsec ^ (uint64_t)getpid() << 16;
	return seed ? seed : 0x9e3779b97f4a7c15ull;
}

/* Store a random address inside @net/@prefix in @out. */
static void random_addr(struct addr *out, const struct addr *net, unsigned int prefix,
			uint64_t *rng)
{
	size_t i, len = addr_len(net->family);
	uint64_t r = 0;
	unsigned int bits;
	uint8_t mask;

	out->family = net->family;
	for (i = 0; i < len; i++) {
		if (i % 8 == 0)
			r = xorshift64(rng);
		bits = prefix > 8 * i ? prefix - 8 * i : 0;
		mask = bits >= 8 ? 0xff : (uint8_t)(0xff00 >> bits);
		out->b[i] = (net->b[i] & mask) | ((uint8_t)(r >> (i % 8 * 8)) & ~mask);
	}
}

static void flood_init(struct flood *fl)
{
	unsigned int i;

	for (i = 0; i < FLOOD_BATCH; i++) {
		fl->iov[i].iov_base = fl->buf[i];
		fl->msg[i].msg_hdr = (struct msghdr) {
			.msg_name = &fl->tx.to,
			.msg_namelen = fl->tx.to_len,
			.msg_iov = &fl->iov[i],
			.msg_iovlen = 1,
		};
	}
	fl->rng = rng_seed();
}

/* Build @n SYNs with random source address, port and ISN. */
static void flood_fill(struct flood *fl, unsigned int n)
{
	struct seg *s = &fl->seg;
	unsigned int i;
	uint64_t r;

	for (i = 0; i < n; i++) {
		random_addr(&s->src, &fl->net, fl->prefix, &fl->rng);
		r = xorshift64(&fl->rng);
		s->sport = FLOOD_PORT_MIN + (r >> 32) % (65536 - FLOOD_PORT_MIN);
		s->seq = (uint32_t)r;
		fl->iov[i].iov_len = seg_build(fl->buf[i], s, &no_quirks);
	}
}

static void flood_send(struct flood *fl, unsigned int n)
{
	unsigned int done = 0;
	int sent;

	while (done < n) {
		sent = sendmmsg(fl->tx.fd, fl->msg + done, n - done, 0);
		if (sent > 0)
			done += sent;
		else if (sent < 0 && errno != ENOBUFS && errno != EINTR)
			die_errno("sendmmsg");
	}
}

/* Sleep until @sent SYNs at @rate per second are due since @start. */
static void flood_pace(int64_t start, unsigned long long sent, unsigned long long rate)
{
	int64_t wait = start + (int64_t)(sent * 1000000000.0 / rate) - now_ns();
	struct timespec ts = { .tv_sec = wait / 1000000000, .tv_nsec = wait % 1000000000 };

	if (wait > 0)
		nanosleep(&ts, NULL);
}

static int cmd_flood(int argc, char **argv)
{
	unsigned long long sent = 0, n = 100000, secs = 0, rate = 0;
	static struct flood fl = { .seg = { .dport = 80, .flags = TH_SYN } };
	int64_t start, limit, elapsed;
	unsigned int batch;
	double t;
	int c;

	while ((c = next_opt(argc, argv, "+:n:s:p:r:h")) != -1) {
		if (c == 'n')
			n = parse_num(optarg, 1, ULLONG_MAX, "count");
		else if (c == 'r')
			rate = parse_num(optarg, 1, ULLONG_MAX, "rate");
		else if (c == 's')
			secs = parse_num(optarg, 0, INT_MAX, "seconds");
		else if (c == 'p')
			fl.seg.dport = parse_port(optarg, "DPORT");
	}
	need_args(argc, 2, argv[0]);
	parse_net(argv[optind], &fl.net, &fl.prefix);
	parse_addr(argv[optind + 1], &fl.seg.dst, "DST");
	same_family(&fl.net, &fl.seg.dst);

	raw_open(&fl.tx, &fl.seg.dst);
	flood_init(&fl);
	limit = (int64_t)secs * 1000000000;
	start = now_ns();
	do {
		batch = n - sent < FLOOD_BATCH ? n - sent : FLOOD_BATCH;
		flood_fill(&fl, batch);
		flood_send(&fl, batch);
		sent += batch;
		if (rate)
			flood_pace(start, sent, rate);
		elapsed = now_ns() - start;
	} while (sent < n && (!limit || elapsed < limit));

	t = elapsed / 1e9;
	printf("flood: sent %llu syns in %.3f s (%.0f/s)\n", sent, t, t > 0 ? sent / t : 0.0);
	return 0;
}

/* ---- bad --------------------------------------------------------------- */

enum bad_kind {
	BAD_SYN_FIN, BAD_SYN_RST, BAD_NULL, BAD_XMAS, BAD_FIN,
	BAD_DOFF_LOW, BAD_DOFF_PAST, BAD_TRUNC, BAD_FRAG_FIRST, BAD_FRAG_LATER,
	BAD_V6_EXT, BAD_OPTS,
};

static const char *const bad_names[] = {
	[BAD_SYN_FIN] = "syn-fin", [BAD_SYN_RST] = "syn-rst", [BAD_NULL] = "null",
	[BAD_XMAS] = "xmas", [BAD_FIN] = "fin", [BAD_DOFF_LOW] = "doff-low",
	[BAD_DOFF_PAST] = "doff-past", [BAD_TRUNC] = "trunc", [BAD_FRAG_FIRST] = "frag-first",
	[BAD_FRAG_LATER] = "frag-later", [BAD_V6_EXT] = "v6-ext", [BAD_OPTS] = "bad-opts",
};

/* No TCP options at all, not even a SYN's MSS. */
static const uint8_t no_opts[1];

/*
 * 12 bytes (data offset 8): an MSS option of length 0, NOPs, and a
 * timestamp option whose 10 bytes run 8 bytes past the end of the header.
 */
static const uint8_t garbage_opts[] = {
	TCPOPT_MAXSEG, 0,
	TCPOPT_NOP, TCPOPT_NOP, TCPOPT_NOP, TCPOPT_NOP,
	TCPOPT_NOP, TCPOPT_NOP, TCPOPT_NOP, TCPOPT_NOP,
	TCPOPT_TIMESTAMP, TCPOLEN_TIMESTAMP,
};

/* Hop-by-hop options, then destination options, each padded by PadN; then TCP. */
static const uint8_t v6_opt_hdrs[] = {
	IPPROTO_DSTOPTS, 0, IP6OPT_PADN, 4, 0, 0, 0, 0,
	IPPROTO_TCP, 0, IP6OPT_PADN, 4, 0, 0, 0, 0,
};

static enum bad_kind parse_bad_kind(const char *s)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad_names); i++)
		if (!strcmp(s, bad_names[i]))
			return i;
	usage_error("invalid kind '%s' (expected syn-fin, syn-rst, null, xmas, fin, doff-low, "
		    "doff-past, trunc, frag-first, frag-later, v6-ext or bad-opts)", s);
}

/*
 * Turn the SYN @s into the segment of @kind: its flags, and how it differs
 * in @q; @frag is room for an IPv6 fragment header.
 */
static void bad_shape(enum bad_kind kind, struct seg *s, struct quirks *q, struct ip6_frag *frag)
{
	bool first = kind == BAD_FRAG_FIRST;

	switch (kind) {
	case BAD_SYN_FIN:
		s->flags = TH_SYN | TH_FIN;
		break;
	case BAD_SYN_RST:
		s->flags = TH_SYN | TH_RST;
		break;
	case BAD_NULL:
		s->flags = 0;
		break;
	case BAD_XMAS:
		s->flags = TH_FIN | TH_PUSH | TH_URG;
		break;
	case BAD_FIN:
		s->flags = TH_FIN;
		break;
	case BAD_DOFF_LOW:
	case BAD_DOFF_PAST:
		q->opts = no_opts;
		q->doff = kind == BAD_DOFF_LOW ? 4 : 15;
		break;
	case BAD_TRUNC:
		q->tcp_len = BAD_TRUNC_LEN;
		break;
	case BAD_FRAG_FIRST:
	case BAD_FRAG_LATER:
		if (s->src.family == AF_INET) {
			q->frag_off4 = first ? IP_MF : BAD_FRAG_OFF4;
			break;
		}
		memset(frag, 0, sizeof(*frag));
		frag->ip6f_nxt = IPPROTO_TCP;
		frag->ip6f_offlg = first ? IP6F_MORE_FRAG : htons(BAD_FRAG_OFF6 << 3);
		frag->ip6f_ident = htonl(BAD_FRAG_ID);
		q->ext = (const uint8_t *)frag;
		q->extlen = sizeof(*frag);
		q->ext_proto = IPPROTO_FRAGMENT;
		break;
	case BAD_V6_EXT:
		q->ext = v6_opt_hdrs;
		q->extlen = sizeof(v6_opt_hdrs);
		q->ext_proto = IPPROTO_HOPOPTS;
		break;
	case BAD_OPTS:
		q->opts = garbage_opts;
		q->optlen = sizeof(garbage_opts);
		break;
	}
}

static int cmd_bad(int argc, char **argv)
{
	struct seg s = { .sport = BAD_SPORT, .seq = DEF_ISN, .flags = TH_SYN };
	struct quirks q = no_quirks;
	struct ip6_frag frag;
	enum bad_kind kind;
	struct raw_tx tx;

	while (next_opt(argc, argv, "+:h") != -1)
		;	/* no options; next_opt() handles -h and errors */
	need_args(argc, 4, argv[0]);
	kind = parse_bad_kind(argv[optind]);
	parse_addr(argv[optind + 1], &s.src, "SRC");
	parse_addr(argv[optind + 2], &s.dst, "DST");
	same_family(&s.src, &s.dst);
	s.dport = parse_port(argv[optind + 3], "DPORT");
	if (kind == BAD_V6_EXT && s.src.family != AF_INET6)
		usage_error("%s: %s needs IPv6 addresses", argv[0], bad_names[kind]);

	bad_shape(kind, &s, &q, &frag);
	raw_open(&tx, &s.dst);
	seg_send_quirks(&tx, &s, &q);
	printf("bad: sent %s\n", bad_names[kind]);
	return 0;
}

/* ---- main -------------------------------------------------------------- */

static const struct cli_command commands[] = {
	{ "serve", cmd_serve },
	{ "connect", cmd_connect },
	{ "syn", cmd_syn },
	{ "handshake", cmd_handshake },
	{ "flood", cmd_flood },
	{ "bad", cmd_bad },
};

int main(int argc, char **argv)
{
	return cli_main(argc, argv, commands, ARRAY_SIZE(commands));
}
