// SPDX-License-Identifier: GPL-2.0
/*
 * hsmonstat - show the counters of the hsmon TCP handshake monitor.
 *
 * Reads /proc/net/hsmon (Documentation/hsmon.rst) and prints it as a
 * table, as per-second rates every INTERVAL (like vmstat), as JSON lines,
 * or in the Prometheus text format.  libc only, statically linkable.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "hsmon_proc.h"

#ifndef HSMON_VERSION
#define HSMON_VERSION	"0.1"
#endif

#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define __noreturn	__attribute__((noreturn))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define PROG		"hsmonstat"
#define EXIT_FAIL	1
#define EXIT_USAGE	2

#define NETNS_RUN_DIR	"/var/run/netns"	/* where "ip netns add" puts them */
#define INTERVAL_MIN	0.01
#define INTERVAL_MAX	86400.0
#define HEADER_EVERY	20	/* table lines between headers */
#define COL_W		9	/* width of a table column */
#define ERR_LEN		512

enum {
	OPT_PROMETHEUS = 256,
};

static const char usage_text[] =
"Usage: " PROG " [-j | --prometheus] [-n NETNS] [-f FILE] [INTERVAL [COUNT]]\n"
"\n"
"Show the TCP handshake counters of the hsmon module, " HSMON_PROC_PATH ".\n"
"\n"
"Without INTERVAL, print every counter and gauge once, one per line.\n"
"With INTERVAL (seconds, fractions allowed, 0.01 to 86400), print a header,\n"
"then after each INTERVAL a line of per-second rates and the two gauges;\n"
"COUNT lines (default: until interrupted).  The header is repeated every\n"
"20 lines.  If a counter went backwards (hsmon was reloaded), the line is\n"
"\"# counters reset (hsmon reloaded?)\" instead, and rates go on from there.\n"
"\n"
"Columns (/s: per second; the last two: current values):\n"
"  syn/s      syn                    rej/s      rejected\n"
"  done/s     completed              badack/s   bad_ack\n"
"  tmo_syn/s  timeout_syn            evict/s    evicted\n"
"  tmo_sa/s   timeout_synack         inprog     in_progress\n"
"  rst_cli/s  reset_by_client        entries    entries\n"
"\n"
"Options:\n"
"  -j, --json          one JSON object per line: the values without INTERVAL;\n"
"                      with it {\"time\",\"interval\",\"rates\":{every counter},\n"
"                      \"in_progress\",\"entries\"}, or \"reset\":true instead\n"
"                      of \"rates\" after a reset\n"
"      --prometheus    the values in the Prometheus text format, e.g. for\n"
"                      node_exporter's textfile collector (no INTERVAL)\n"
"  -n, --netns NETNS   read the counters of network namespace NETNS: a name\n"
"                      in " NETNS_RUN_DIR " (ip netns), or a path if it has a '/';\n"
"                      needs CAP_SYS_ADMIN; adds netns=\"NETNS\" to Prometheus\n"
"                      samples\n"
"  -f, --file FILE     read FILE instead of " HSMON_PROC_PATH "\n"
"  -h, --help          show this help and exit\n"
"  -V, --version       show the version and exit\n"
"\n"
"Exit status: 0 success; 1 runtime error (" HSMON_PROC_PATH " missing,\n"
"unreadable or malformed, network namespace not found or not entered,\n"
"output error); 2 usage error.\n";

static const struct option long_opts[] = {
	{ "json",	no_argument,		NULL, 'j' },
	{ "prometheus",	no_argument,		NULL, OPT_PROMETHEUS },
	{ "netns",	required_argument,	NULL, 'n' },
	{ "file",	required_argument,	NULL, 'f' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

struct opts {
	const char *file;	/* NULL: HSMON_PROC_PATH */
	const char *netns;	/* NULL: our own */
	bool json;
	bool prometheus;
	bool interval_set;
	double interval;
	unsigned long long count;	/* 0: forever */
};

/* A column of the INTERVAL table: an item of the file and its title. */
struct column {
	const char *name;
	const char *title;
};

static const struct column rate_cols[] = {
	{ "syn",		"syn/s" },
	{ "completed",		"done/s" },
	{ "timeout_syn",	"tmo_syn/s" },
	{ "timeout_synack",	"tmo_sa/s" },
	{ "reset_by_client",	"rst_cli/s" },
	{ "rejected",		"rej/s" },
	{ "bad_ack",		"badack/s" },
	{ "evicted",		"evict/s" },
};

static const struct column gauge_cols[] = {
	{ "in_progress",	"inprog" },
	{ "entries",		"entries" },
};

/* The handshake outcomes (Documentation/hsmon.rst), in the order shown. */
static const char *const outcomes[] = {
	"completed", "timeout_syn", "timeout_synack", "reset_by_client",
	"rejected", "bad_ack", "evicted",
};

/* ---- messages ---------------------------------------------------------- */

static void __printf(2, 0) vmsg(int err, const char *fmt, va_list ap)
{
	fputs(PROG ": ", stderr);
	vfprintf(stderr, fmt, ap);
	if (err)
		fprintf(stderr, ": %s", strerror(err));
	fputc('\n', stderr);
}

static void __printf(1, 2) __noreturn die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(0, fmt, ap);
	va_end(ap);
	exit(EXIT_FAIL);
}

static void __printf(1, 2) __noreturn die_errno(const char *fmt, ...)
{
	int err = errno;
	va_list ap;

	va_start(ap, fmt);
	vmsg(err, fmt, ap);
	va_end(ap);
	exit(EXIT_FAIL);
}

static void __printf(1, 2) __noreturn usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(0, fmt, ap);
	va_end(ap);
	fputs("Try '" PROG " --help' for more information.\n", stderr);
	exit(EXIT_USAGE);
}

/* Flush stdout and fail on any write error so far (a full disk, a closed pipe). */
static void flush_stdout(void)
{
	if (fflush(stdout) || ferror(stdout))
		die_errno("write error");
}

/* ---- arguments --------------------------------------------------------- */

static double parse_interval(const char *s)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	/* !(a <= v <= b) also rejects NaN; "inf" is out of range */
	if (end == s || *end || errno || !(v >= INTERVAL_MIN && v <= INTERVAL_MAX))
		usage_error("invalid INTERVAL '%s' (expected seconds, %g to %g)", s,
			    INTERVAL_MIN, INTERVAL_MAX);
	return v;
}

static unsigned long long parse_count(const char *s)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(s, &end, 10);
	/* strtoull() would take " 3", "+3" and "-3" */
	if (*s < '0' || *s > '9' || *end || errno || !v)
		usage_error("invalid COUNT '%s' (expected a positive integer)", s);
	return v;
}

static void parse_args(int argc, char **argv, struct opts *o)
{
	const char *arg;
	int c;

	memset(o, 0, sizeof(*o));
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hVjn:f:", long_opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage_text, stdout);
			flush_stdout();
			exit(0);
		case 'V':
			printf(PROG " %s\n", HSMON_VERSION);
			flush_stdout();
			exit(0);
		case 'j':
			o->json = true;
			break;
		case OPT_PROMETHEUS:
			o->prometheus = true;
			break;
		case 'n':
			if (!*optarg)
				usage_error("empty network namespace name");
			o->netns = optarg;
			break;
		case 'f':
			if (!*optarg)
				usage_error("empty file name");
			o->file = optarg;
			break;
		case ':':
			if (strncmp(argv[optind - 1], "--", 2))
				usage_error("option '-%c' needs an argument", optopt);
			usage_error("option '%s' needs an argument", argv[optind - 1]);
		default:
			arg = argv[optind - 1];
			if (optopt && strncmp(arg, "--", 2))
				usage_error("unknown option '-%c'", optopt);
			if (optopt && strchr(arg, '='))
				usage_error("option '%.*s' takes no argument",
					    (int)(strchr(arg, '=') - arg), arg);
			usage_error("unknown option '%s'", arg);
		}
	}
	if (o->json && o->prometheus)
		usage_error("--json and --prometheus exclude each other");
	if (argc - optind > 2)
		usage_error("too many arguments (expected [INTERVAL [COUNT]])");
	if (argc - optind >= 1) {
		if (o->prometheus)
			usage_error("--prometheus shows the current values: no INTERVAL");
		o->interval = parse_interval(argv[optind]);
		o->interval_set = true;
	}
	if (argc - optind == 2)
		o->count = parse_count(argv[optind + 1]);
}

/* ---- input ------------------------------------------------------------- */

/*
 * Move this thread into network namespace ns, a name in NETNS_RUN_DIR or
 * a path.  /proc/net is a symlink to /proc/self/net, and what a file
 * under it shows is the network namespace of the task /proc/self names,
 * looked up at open() time (Linux 4.18 and later never cache the
 * dentries under /proc/<pid>/net; fs/proc/proc_net.c): so a file opened
 * after setns() shows the new namespace, and one opened before keeps the
 * old.  /proc/self is the thread group leader: fine, we have one thread.
 * Checked on Linux 6.18 with "ip netns add": /proc/net/dev opened after
 * setns() lists only lo; an fd opened before it, reread, still lists the
 * host's interfaces.  read_sample() opens the file anew for every sample.
 */
static void enter_netns(const char *ns)
{
	char buf[PATH_MAX];
	const char *path = ns;
	int fd;

	if (!strchr(ns, '/')) {
		if (!strcmp(ns, ".") || !strcmp(ns, ".."))
			usage_error("invalid network namespace name '%s'", ns);
		if (snprintf(buf, sizeof(buf), NETNS_RUN_DIR "/%s", ns) >= (int)sizeof(buf))
			usage_error("network namespace name too long");
		path = buf;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT && path == buf)
		die("network namespace '%s' not found (no %s)", ns, path);
	if (fd < 0 && path == buf)
		die_errno("network namespace '%s': %s", ns, path);
	if (fd < 0)
		die_errno("network namespace %s", path);
	if (setns(fd, CLONE_NEWNET)) {
		if (errno == EINVAL)
			die("%s is not a network namespace", path);
		die_errno("cannot enter network namespace %s: setns", path);
	}
	close(fd);
}

static void read_sample(const struct opts *o, struct hsmon_sample *s)
{
	char err[ERR_LEN];
	int ret;

	ret = hsmon_read_file(o->file ? o->file : HSMON_PROC_PATH, s, err, sizeof(err));
	if (ret == -ENOENT && !o->file)
		die(HSMON_PROC_PATH " not found: is the hsmon module loaded?");
	if (ret)
		die("%s", err);
}

/* The items the INTERVAL output needs: fail clearly if a sample lacks one. */
static void check_items(const struct opts *o, const struct hsmon_sample *s)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rate_cols) + ARRAY_SIZE(gauge_cols); i++) {
		const char *name = i < ARRAY_SIZE(rate_cols) ? rate_cols[i].name :
				   gauge_cols[i - ARRAY_SIZE(rate_cols)].name;

		if (!hsmon_find(s, name))
			die("%s: no '%s' item", o->file ? o->file : HSMON_PROC_PATH, name);
	}
}

/* ---- one-shot output --------------------------------------------------- */

static void print_plain(const struct hsmon_sample *s)
{
	char num[24];
	int i, nw = 0, vw = 0;

	for (i = 0; i < s->n; i++) {
		int l = snprintf(num, sizeof(num), "%" PRIu64, s->item[i].value);
		int k = strlen(s->item[i].name);

		vw = l > vw ? l : vw;
		nw = k > nw ? k : nw;
	}
	for (i = 0; i < s->n; i++)
		printf("%-*s  %*" PRIu64 "\n", nw, s->item[i].name, vw, s->item[i].value);
}

/* Names are [A-Za-z0-9_] (hsmon_parse() checks): no JSON escaping needed. */
static void print_json(const struct hsmon_sample *s)
{
	int i;

	putchar('{');
	for (i = 0; i < s->n; i++)
		printf("%s\"%s\":%" PRIu64, i ? "," : "", s->item[i].name, s->item[i].value);
	puts("}");
}

/* ---- Prometheus text format -------------------------------------------- */

static bool is_outcome(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(outcomes); i++)
		if (!strcmp(name, outcomes[i]))
			return true;
	return false;
}

/* Counters other than syn and the outcomes: hsmon_events_total{event=...}. */
static bool is_event(const char *name)
{
	return !hsmon_is_gauge(name) && strcmp(name, "syn") && !is_outcome(name);
}

/* A label value: backslash, double quote and newline escaped. */
static void prom_label_value(const char *v)
{
	for (; *v; v++) {
		if (*v == '\\')
			fputs("\\\\", stdout);
		else if (*v == '"')
			fputs("\\\"", stdout);
		else if (*v == '\n')
			fputs("\\n", stdout);
		else
			putchar(*v);
	}
}

static void prom_family(const char *metric, const char *type, const char *help)
{
	printf("# HELP %s %s\n# TYPE %s %s\n", metric, help, metric, type);
}

/* metric{key="val",netns="NETNS"} value; key NULL for no such label. */
static void prom_sample(const char *metric, const char *key, const char *val,
			const char *netns, uint64_t value)
{
	fputs(metric, stdout);
	if (key || netns) {
		putchar('{');
		if (key)
			printf("%s=\"%s\"", key, val);	/* val is [A-Za-z0-9_] */
		if (netns) {
			printf("%snetns=\"", key ? "," : "");
			prom_label_value(netns);
			putchar('"');
		}
		putchar('}');
	}
	printf(" %" PRIu64 "\n", value);
}

/* Every family with HELP and TYPE before its samples; missing items left out. */
static void print_prometheus(const struct hsmon_sample *s, const char *netns)
{
	const struct hsmon_item *it;
	bool any = false;
	size_t i;
	int j;

	for (i = 0; i < ARRAY_SIZE(outcomes); i++) {
		it = hsmon_find(s, outcomes[i]);
		if (!it)
			continue;
		if (!any)
			prom_family("hsmon_handshakes_total", "counter",
				    "TCP handshakes tracked by hsmon, by how they ended.");
		any = true;
		prom_sample("hsmon_handshakes_total", "outcome", it->name, netns, it->value);
	}

	it = hsmon_find(s, "syn");
	if (it) {
		prom_family("hsmon_syn_total", "counter",
			    "Handshakes tracked (inbound SYNs on new tuples).");
		prom_sample("hsmon_syn_total", NULL, NULL, netns, it->value);
	}

	any = false;
	for (j = 0; j < s->n; j++) {
		it = &s->item[j];
		if (!is_event(it->name))
			continue;
		if (!any)
			prom_family("hsmon_events_total", "counter",
				    "hsmon events other than handshake outcomes, by kind.");
		any = true;
		prom_sample("hsmon_events_total", "event", it->name, netns, it->value);
	}

	it = hsmon_find(s, "in_progress");
	if (it) {
		prom_family("hsmon_in_progress", "gauge", "Handshakes tracked and not ended.");
		prom_sample("hsmon_in_progress", NULL, NULL, netns, it->value);
	}
	it = hsmon_find(s, "entries");
	if (it) {
		prom_family("hsmon_entries", "gauge",
			    "hsmon table entries in use, EXPIRED tombstones included.");
		prom_sample("hsmon_entries", NULL, NULL, netns, it->value);
	}
}

/* ---- INTERVAL output --------------------------------------------------- */

static double ts_sec(const struct timespec *t)
{
	return t->tv_sec + t->tv_nsec / 1e9;
}

static void ts_add(struct timespec *t, double sec)
{
	long long ns = (long long)(sec * 1e9 + 0.5);

	t->tv_sec += ns / 1000000000;
	t->tv_nsec += ns % 1000000000;
	if (t->tv_nsec >= 1000000000) {
		t->tv_sec++;
		t->tv_nsec -= 1000000000;
	}
}

static void now(clockid_t clk, struct timespec *t)
{
	if (clock_gettime(clk, t))
		die_errno("clock_gettime");
}

static void print_header(void)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(rate_cols); i++)
		printf("%s%*s", i ? " " : "", COL_W, rate_cols[i].title);
	for (i = 0; i < ARRAY_SIZE(gauge_cols); i++)
		printf(" %*s", COL_W, gauge_cols[i].title);
	putchar('\n');
}

static uint64_t value_of(const struct hsmon_sample *s, const char *name)
{
	uint64_t v = 0;

	hsmon_get(s, name, &v);	/* check_items() made sure it is there */
	return v;
}

/*
 * One line for the interval prev..cur of sec seconds.  Every rate is
 * computed before anything is printed: a counter that went backwards
 * gives the reset line, never a negative or partial line.
 */
static void print_interval(const struct opts *o, const struct hsmon_sample *prev,
			   const struct hsmon_sample *cur, double sec, const struct timespec *wall)
{
	double rate[HSMON_MAX_ITEMS];
	bool reset = hsmon_counters_reset(prev, cur);
	size_t i;
	int j;

	for (j = 0; j < cur->n && !reset; j++) {
		if (!hsmon_is_gauge(cur->item[j].name) &&
		    hsmon_rate(prev, cur, cur->item[j].name, sec, &rate[j]))
			reset = true;
	}

	if (o->json) {
		printf("{\"time\":%.3f,\"interval\":%.3f,", ts_sec(wall), sec);
		if (reset) {
			fputs("\"reset\":true", stdout);
		} else {
			fputs("\"rates\":{", stdout);
			for (j = 0, i = 0; j < cur->n; j++) {
				if (hsmon_is_gauge(cur->item[j].name))
					continue;
				printf("%s\"%s\":%.3f", i++ ? "," : "", cur->item[j].name, rate[j]);
			}
			putchar('}');
		}
		printf(",\"in_progress\":%" PRIu64 ",\"entries\":%" PRIu64 "}\n",
		       value_of(cur, "in_progress"), value_of(cur, "entries"));
		return;
	}

	if (reset) {
		puts("# counters reset (hsmon reloaded?)");
		return;
	}
	for (i = 0; i < ARRAY_SIZE(rate_cols); i++) {
		const struct hsmon_item *it = hsmon_find(cur, rate_cols[i].name);

		printf("%s%*.1f", i ? " " : "", COL_W, rate[it - cur->item]);
	}
	for (i = 0; i < ARRAY_SIZE(gauge_cols); i++)
		printf(" %*" PRIu64, COL_W, value_of(cur, gauge_cols[i].name));
	putchar('\n');
}

static void run_interval(const struct opts *o)
{
	struct hsmon_sample samples[2];
	struct hsmon_sample *prev = &samples[0], *cur = &samples[1], *tmp;
	struct timespec next, t_prev, t_cur, wall;
	unsigned long long lines;
	double sec;
	int ret;

	read_sample(o, prev);
	now(CLOCK_MONOTONIC, &t_prev);
	check_items(o, prev);
	next = t_prev;
	if (!o->json) {
		print_header();
		flush_stdout();
	}

	for (lines = 0; !o->count || lines < o->count; lines++) {
		/* absolute deadlines: no drift from the time spent reading */
		ts_add(&next, o->interval);
		do
			ret = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
		while (ret == EINTR);
		if (ret) {
			errno = ret;
			die_errno("clock_nanosleep");
		}
		read_sample(o, cur);
		now(CLOCK_MONOTONIC, &t_cur);
		now(CLOCK_REALTIME, &wall);
		check_items(o, cur);
		/* late by more than an interval (stopped, suspended): start over */
		if (ts_sec(&t_cur) - ts_sec(&next) > o->interval)
			next = t_cur;

		sec = ts_sec(&t_cur) - ts_sec(&t_prev);
		if (!o->json && lines && lines % HEADER_EVERY == 0)
			print_header();
		print_interval(o, prev, cur, sec, &wall);
		flush_stdout();

		tmp = prev;
		prev = cur;
		cur = tmp;
		t_prev = t_cur;
	}
}

int main(int argc, char **argv)
{
	struct hsmon_sample s;
	struct opts o;

	parse_args(argc, argv, &o);
	if (o.netns)
		enter_netns(o.netns);

	if (o.interval_set) {
		run_interval(&o);
	} else {
		read_sample(&o, &s);
		if (o.json)
			print_json(&s);
		else if (o.prometheus)
			print_prometheus(&s, o.netns);
		else
			print_plain(&s);
	}
	flush_stdout();
	return 0;
}
