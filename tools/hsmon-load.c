// SPDX-License-Identifier: GPL-2.0
/*
 * hsmon-load - connection-rate load driver for the hsmon handshake monitor.
 *
 * A small, statically linked, libc-only tool used in the test VM between two
 * network namespaces: "serve" accepts connections and closes each one at
 * once, "connect" opens connections to it as fast as it can for a while and
 * prints how many completed per second.  The server closes first (like
 * HTTP/1.0), so TIME_WAIT stays on the server and the client's ports are
 * free again as soon as its FIN is acknowledged.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "msg.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define PROG		"hsmon-load"

#define DEF_BACKLOG	4096
#define DEF_SECONDS	2
#define MAX_SECONDS	3600
#define DEF_CONC	1
#define MAX_CONC	256
#define CONN_TIMEOUT_NS	(2 * NSEC_PER_SEC)	/* from socket() to the server's FIN */
#define DRAIN_NS	(2 * NSEC_PER_SEC)	/* for those in flight at the end */
#define ACCEPT_PAUSE_MS	10	/* after accept() ran out of descriptors or memory */
#define ACCEPT_BATCH	256	/* accepts between looks for a stop signal */
#define RX_BUF		512

const char msg_prog[] = PROG;

const char cli_usage_text[] =
"Usage: " PROG " COMMAND [OPTIONS] ADDR PORT\n"
"\n"
"  serve [-b BACKLOG] ADDR PORT\n"
"      Listen on ADDR port PORT (backlog default 4096), accept every\n"
"      connection and close it at once, until SIGTERM or SIGINT (exit 0).\n"
"      Prints \"serve: listening on ADDR port PORT\" once listening, and how\n"
"      many connections it accepted on stderr when stopped.\n"
"  connect [-s SECONDS] [-c CONCURRENCY] ADDR PORT\n"
"      For SECONDS (default 2, 1..3600) open connections to ADDR port PORT,\n"
"      CONCURRENCY (default 1, 1..256) at a time: each connects, waits for\n"
"      the server to close and closes.  One refused, reset or not done\n"
"      within 2 s fails; those in flight at the end get up to 2 s more.\n"
"      Prints \"load: N connections in S.SSS s (R/s), F failed\", N those\n"
"      that completed, S the time from the start to the end of the run or\n"
"      the last completion if later, R = N / S; fails if N is 0.\n"
"\n"
"ADDR is an IPv4 or IPv6 address.\n"
"Exit status: 0 success, 1 failure, 2 usage error.\n";

/* ---- time and output --------------------------------------------------- */

static struct timespec ns_to_timespec(int64_t ns)
{
	if (ns < 0)
		ns = 0;
	return (struct timespec){ .tv_sec = ns / NSEC_PER_SEC, .tv_nsec = ns % NSEC_PER_SEC };
}

static void flush_stdout(void)
{
	if (fflush(stdout) || ferror(stdout))
		die("cannot write to standard output");
}

/* ---- serve ------------------------------------------------------------- */

/*
 * Block SIGINT and SIGTERM and return a descriptor that becomes readable
 * when one of them is pending: serve polls it with its listener.
 */
static int stop_signal_fd(void)
{
	sigset_t set;
	int fd;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		die_errno("sigprocmask");
	fd = signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
	if (fd < 0)
		die_errno("signalfd");
	return fd;
}

/* Return a non-blocking socket listening on @a port @port. */
static int listen_on(const struct addr *a, uint16_t port, int backlog)
{
	char buf[INET6_ADDRSTRLEN];
	struct sockaddr_storage ss;
	socklen_t len = addr_to_sockaddr(a, port, &ss);
	int fd, one = 1;

	fd = socket(a->family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die_errno("socket");
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)))
		die_errno("setsockopt(SO_REUSEADDR)");
	/* "::" means IPv6 only: the IPv4 port stays free for another server. */
	if (a->family == AF_INET6 &&
	    setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one)))
		die_errno("setsockopt(IPV6_V6ONLY)");
	if (bind(fd, (struct sockaddr *)&ss, len))
		die_errno("bind to %s port %u", addr_str(a, buf), port);
	if (listen(fd, backlog))
		die_errno("listen");
	return fd;
}

/* Whether accept() failed for the connection it took only (see accept(2)). */
static bool accept_err_transient(int err)
{
	switch (err) {
	case ECONNABORTED:
	case EPERM:		/* a firewall rule */
	case EPROTO:
	case ENOPROTOOPT:
	case ENETDOWN:
	case ENETUNREACH:
	case EHOSTDOWN:
	case EHOSTUNREACH:
	case ENONET:
	case EOPNOTSUPP:
	case ETIMEDOUT:
		return true;
	}
	return false;
}

static int cmd_serve(int argc, char **argv)
{
	unsigned long long accepted = 0, failed = 0;
	char buf[INET6_ADDRSTRLEN];
	int c, fd, backlog = DEF_BACKLOG;
	unsigned int batch = 0;
	struct pollfd pfd[2];
	struct addr a;
	uint16_t port;

	while ((c = next_opt(argc, argv, "+:b:h")) != -1)
		if (c == 'b')
			backlog = parse_num(optarg, 1, INT_MAX, "backlog");
	need_args(argc, 2, argv[0]);
	parse_addr(argv[optind], &a, "ADDR");
	port = parse_port(argv[optind + 1], "PORT");

	pfd[1] = (struct pollfd){ .fd = stop_signal_fd(), .events = POLLIN };
	fd = listen_on(&a, port, backlog);
	pfd[0] = (struct pollfd){ .fd = fd, .events = POLLIN };
	printf("serve: listening on %s port %u\n", addr_str(&a, buf), port);
	flush_stdout();

	while (!pfd[1].revents) {
		int conn = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
		int err = errno;

		if (conn >= 0) {
			close(conn);
			accepted++;
			/* A stream of connections must not hide a stop signal. */
			if (++batch == ACCEPT_BATCH) {
				batch = 0;
				poll(&pfd[1], 1, 0);
			}
		} else if (err == EAGAIN || err == EWOULDBLOCK) {
			if (poll(pfd, 2, -1) < 0 && errno != EINTR)
				die_errno("poll");
		} else if (err == EMFILE || err == ENFILE || err == ENOBUFS || err == ENOMEM) {
			/* The connection stays queued: do not spin on it. */
			failed++;
			if (poll(&pfd[1], 1, ACCEPT_PAUSE_MS) < 0 && errno != EINTR)
				die_errno("poll");
		} else if (accept_err_transient(err)) {
			failed++;
		} else if (err != EINTR) {
			die_errno("accept");
		}
	}
	close(fd);
	close(pfd[1].fd);
	msg("serve: %llu connections accepted, %llu failed accepts", accepted, failed);
	return 0;
}

/* ---- connect ----------------------------------------------------------- */

/* A connection's slot: pfd->fd is -1 if free, else pfd->events says the state. */
#define EV_CONNECTING	POLLOUT		/* until connect() finishes */
#define EV_WAITING	POLLIN		/* for the server's FIN */

struct load {
	struct sockaddr_storage to;
	socklen_t to_len;
	unsigned int conc;		/* slots in use: pfd[0..conc-1] */
	unsigned int active;		/* connections in flight */
	struct pollfd pfd[MAX_CONC];
	int64_t deadline[MAX_CONC];	/* when a connection in flight times out */
	unsigned long long done;
	unsigned long long failed;
	int64_t last_done;		/* when the last one completed */
};

static void conn_close(struct load *l, unsigned int i)
{
	close(l->pfd[i].fd);
	l->pfd[i].fd = -1;
	l->pfd[i].revents = 0;
	l->active--;
}

/* Count slot @i's connection as failed in @what with @err; report the first. */
static void conn_fail(struct load *l, unsigned int i, const char *what, int err)
{
	if (!l->failed)
		msg("connect: first failure: %s: %s", what, strerror(err));
	l->failed++;
	conn_close(l, i);
}

/* Read from slot @i's connection: done at EOF, failed on an error. */
static void conn_read(struct load *l, unsigned int i, int64_t now)
{
	char buf[RX_BUF];
	ssize_t n;

	/* Once per event: data (unexpected, ignored) cannot keep us here. */
	n = read(l->pfd[i].fd, buf, sizeof(buf));
	if (n == 0) {
		l->done++;
		l->last_done = now;
		conn_close(l, i);
	} else if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
		conn_fail(l, i, "read", errno);
	}
}

/* Slot @i's connect() finished: fail, or wait for the server's FIN. */
static void conn_connected(struct load *l, unsigned int i, int64_t now)
{
	socklen_t len = sizeof(int);
	int err = 0;

	if (getsockopt(l->pfd[i].fd, SOL_SOCKET, SO_ERROR, &err, &len))
		err = errno;
	if (err) {
		conn_fail(l, i, "connect", err);
		return;
	}
	l->pfd[i].events = EV_WAITING;
	conn_read(l, i, now);
}

/* Start a connection in the free slot @i. */
static void conn_start(struct load *l, unsigned int i, int64_t now)
{
	int fd;

	fd = socket(l->to.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		die_errno("socket");
	l->pfd[i] = (struct pollfd){ .fd = fd, .events = EV_CONNECTING };
	l->deadline[i] = now + CONN_TIMEOUT_NS;
	l->active++;
	if (!connect(fd, (const struct sockaddr *)&l->to, l->to_len))
		conn_connected(l, i, now);
	else if (errno != EINPROGRESS)
		conn_fail(l, i, "connect", errno);
}

static void conn_event(struct load *l, unsigned int i, int64_t now)
{
	if (l->pfd[i].events == EV_CONNECTING)
		conn_connected(l, i, now);
	else
		conn_read(l, i, now);
}

/* How long to wait for events: until the first timeout or @limit. */
static int64_t next_wait(const struct load *l, bool starting, int64_t now, int64_t limit)
{
	int64_t first = limit;
	unsigned int i;

	for (i = 0; i < l->conc; i++) {
		if (l->pfd[i].fd < 0 && starting)
			return 0;	/* a connection failed at once: start another */
		if (l->pfd[i].fd >= 0 && l->deadline[i] < first)
			first = l->deadline[i];
	}
	return first - now;
}

static int cmd_connect(int argc, char **argv)
{
	unsigned int i, secs = DEF_SECONDS;
	int64_t start, end, cutoff, now;
	static struct load l;
	struct timespec ts;
	struct addr dst;
	double elapsed;
	bool starting;
	int c;

	l.conc = DEF_CONC;
	while ((c = next_opt(argc, argv, "+:s:c:h")) != -1) {
		if (c == 's')
			secs = parse_num(optarg, 1, MAX_SECONDS, "SECONDS");
		else if (c == 'c')
			l.conc = parse_num(optarg, 1, MAX_CONC, "CONCURRENCY");
	}
	need_args(argc, 2, argv[0]);
	parse_addr(argv[optind], &dst, "ADDR");
	l.to_len = addr_to_sockaddr(&dst, parse_port(argv[optind + 1], "PORT"), &l.to);

	for (i = 0; i < l.conc; i++)
		l.pfd[i].fd = -1;
	start = now_ns();
	end = start + secs * NSEC_PER_SEC;
	cutoff = end + DRAIN_NS;
	for (;;) {
		now = now_ns();
		starting = now < end;
		if (!starting && (!l.active || now >= cutoff))
			break;
		for (i = 0; starting && i < l.conc; i++)
			if (l.pfd[i].fd < 0)
				conn_start(&l, i, now);

		ts = ns_to_timespec(next_wait(&l, starting, now, starting ? end : cutoff));
		if (ppoll(l.pfd, l.conc, &ts, NULL) < 0 && errno != EINTR)
			die_errno("poll");

		now = now_ns();
		for (i = 0; i < l.conc; i++) {
			if (l.pfd[i].fd >= 0 && l.pfd[i].revents)
				conn_event(&l, i, now);
			if (l.pfd[i].fd >= 0 && l.deadline[i] <= now)
				conn_fail(&l, i, l.pfd[i].events == EV_CONNECTING ?
					  "connect" : "wait for close", ETIMEDOUT);
		}
	}
	/* Still in flight after the drain: neither completed nor failed. */
	for (i = 0; i < l.conc; i++)
		if (l.pfd[i].fd >= 0)
			conn_close(&l, i);

	elapsed = (double)((l.last_done > end ? l.last_done : end) - start) / NSEC_PER_SEC;
	printf("load: %llu connections in %.3f s (%.0f/s), %llu failed\n",
	       l.done, elapsed, l.done / elapsed, l.failed);
	flush_stdout();
	return l.done ? 0 : EXIT_FAIL;
}

/* ---- main -------------------------------------------------------------- */

static const struct cli_command commands[] = {
	{ "serve", cmd_serve },
	{ "connect", cmd_connect },
};

int main(int argc, char **argv)
{
	return cli_main(argc, argv, commands, ARRAY_SIZE(commands));
}
