// SPDX-License-Identifier: GPL-2.0
/*
 * hsmonstat - show the counters of the hsmon TCP handshake monitor.
 *
 * Reads /proc/net/hsmon (Documentation/hsmon.rst) and prints it as a
 * table, as per-second rates every INTERVAL (like vmstat), as JSON lines,
 * or in the Prometheus text format.  --rtt, --ports and --sources show
 * /proc/net/hsmon_rtt (handshake latency), hsmon_ports (per listening
 * port) and hsmon_sources (per source prefix) instead.  Which counters are
 * handshake outcomes it learns from the header of hsmon_ports, so that
 * the outcomes of a newer module show without a change here.  libc only,
 * statically linkable.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hsmon_proc.h"
#include "msg.h"
#include "netns.h"

#ifndef HSU_VERSION
#define HSU_VERSION	"0.1"
#endif

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define PROG		"hsmonstat"

#define NETNS_RUN_DIR	"/var/run/netns"	/* where "ip netns add" puts them */
#define INTERVAL_MIN	0.01
#define INTERVAL_MAX	86400.0
#define HEADER_EVERY	20	/* table lines between headers */
#define COL_W		9	/* width of a table column */
#define ERR_LEN		512
#define BAR_MAX		40	/* width of the longest --rtt histogram bar */

const char msg_prog[] = PROG;

enum {
	OPT_PROMETHEUS = 256,
	OPT_RTT,
	OPT_PORTS,
	OPT_SOURCES,
	OPT_ALL_NETNS,
};

static const char usage_text[] =
"Usage: " PROG " [-j | --prometheus] [-n NETNS] [-f FILE | -d DIR]\n"
"                 [INTERVAL [COUNT]]\n"
"       " PROG " --rtt | --ports | --sources [-j] [-n NETNS] [-f FILE | -d DIR]\n"
"       " PROG " --prometheus [--rtt] [--ports] [-n NETNS] [-d DIR]\n"
"       " PROG " --all-netns [-j | --prometheus [--rtt] [--ports]]\n"
"\n"
"Any of them but INTERVAL also with -o FILE.\n"
"\n"
"Show the TCP handshake counters of the hsmon module, " HSU_PROC_PATH ".\n"
"\n"
"Without INTERVAL, print every counter and gauge once, one per line.\n"
"With INTERVAL (seconds, fractions allowed, 0.01 to 86400), print a header,\n"
"then after each INTERVAL a line of per-second rates and the two gauges;\n"
"COUNT lines (default: until interrupted).  The header is repeated every\n"
"20 lines.  If a counter went backwards (hsmon was reloaded), the line is\n"
"\"# counters reset (hsmon reloaded?)\" instead, and rates go on from there.\n"
"\n"
"Columns: syn, then each handshake outcome (see Outcomes below), per second,\n"
"and the current values of the two gauges.  Today's outcomes and gauges:\n"
"  syn/s      syn                    evict/s    evicted\n"
"  done/s     completed              lovf/s     listen_overflow\n"
"  tmo_syn/s  timeout_syn            sdrop/s    syn_dropped\n"
"  tmo_sa/s   timeout_synack         schal/s    syn_challenged\n"
"  rst_cli/s  reset_by_client        inprog     in_progress\n"
"  rej/s      rejected               entries    entries\n"
"Another outcome, one a newer hsmon has, is a column NAME/s.\n"
"\n"
"Outcomes: which counters of " HSU_PROC_PATH " are handshake outcomes (a\n"
"column each in the INTERVAL table; hsmon_handshakes_total{outcome}, not\n"
"hsmon_events_total{event}, in --prometheus) hsmonstat learns from the\n"
"header line of hsmon_ports, read next to hsmon (in /proc/net or DIR):\n"
"its columns after \"syn\".  If it cannot be read (a module without\n"
"per-port counters, or -f FILE, which reads that one file), the outcomes\n"
"are unknown: hsmonstat says so on stderr, and leaves out what needs them,\n"
"rather than guess: the table has syn/s and the gauges only, and\n"
"--prometheus has no hsmon_handshakes_total and no hsmon_events_total.  The\n"
"other outputs do not need the outcomes.\n"
"\n"
"Views (instead of the counters; one at a time, no INTERVAL):\n"
"      --rtt           latency of the completed handshakes, our first SYN+ACK\n"
"                      to the client's final ACK (" HSU_RTT_PATH "):\n"
"                      count, mean, min and max in microseconds, and a\n"
"                      histogram of the non-empty power-of-two buckets; -j:\n"
"                      {\"count\",\"sum_us\",\"min_us\",\"max_us\",\"buckets\":[all 33\n"
"                      {\"le_us\",\"count\"}, not cumulative]}\n"
"      --ports         handshakes per listening port and outcome, busiest\n"
"                      first, then \"other\": the ports without a row of their\n"
"                      own (" HSU_PORTS_PATH "); -j: a JSON array\n"
"      --sources       the source prefixes (IPv4 /32 and /24, IPv6 /64) with\n"
"                      the most abandoned handshakes, and how long ago the\n"
"                      last one was (" HSU_SOURCES_PATH "); needs\n"
"                      CAP_NET_ADMIN; -j: a JSON array.  No --prometheus: a\n"
"                      label per source prefix would make one time series per\n"
"                      client network (a cardinality explosion)\n"
"\n"
"Options:\n"
"  -j, --json          one JSON object per line: the values without INTERVAL;\n"
"                      with it {\"time\",\"interval\",\"rates\":{every counter},\n"
"                      \"in_progress\",\"entries\"}, or \"reset\":true instead\n"
"                      of \"rates\" after a reset\n"
"      --prometheus    the values in the Prometheus text format, e.g. for\n"
"                      node_exporter's textfile collector (no INTERVAL); with\n"
"                      --rtt and/or --ports, the counters and after them the\n"
"                      histogram hsmon_handshake_rtt_seconds (cumulative\n"
"                      buckets, in seconds) and/or\n"
"                      hsmon_port_handshakes_total{port,outcome} and\n"
"                      hsmon_port_syn_total{port}: one scrape file with\n"
"                      everything\n"
"  -n, --netns NETNS   read the counters of network namespace NETNS: a name\n"
"                      in " NETNS_RUN_DIR " (ip netns), or a path if it has a '/';\n"
"                      needs CAP_SYS_ADMIN; adds netns=\"NETNS\" to Prometheus\n"
"                      samples\n"
"      --all-netns     every network namespace of the host, each once: those\n"
"                      in " NETNS_RUN_DIR " and those only processes are in\n"
"                      (/proc/PID/ns/net); labelled with the ip netns name,\n"
"                      else \"inode:INO\"; a namespace that vanishes while read\n"
"                      is left out.  Table: a row per namespace (netns, the\n"
"                      lowest pid in it, the container or pod of its cgroup,\n"
"                      then every item); -j: a line per namespace\n"
"                      {\"netns\",\"inode\",\"pid\",\"container\",\"values\":{}};\n"
"                      --prometheus: netns=\"...\" on every sample, and\n"
"                      hsmon_netns_info{netns,inode,pid,container} 1.  Needs\n"
"                      root (CAP_SYS_PTRACE, CAP_SYS_ADMIN)\n"
"  -o, --output FILE   write FILE.tmp.PID next to FILE, fsync, rename it to\n"
"                      FILE: a reader (node_exporter) sees the old file or\n"
"                      the new, never a part; on any error FILE is left as\n"
"                      it was and the exit status is 1\n"
"  -f, --file FILE     read FILE instead of " HSU_PROC_PATH ", or instead of the\n"
"                      view's file; not when --prometheus reads several files;\n"
"                      no outcomes then (see Outcomes)\n"
"  -d, --dir DIR       read hsmon, hsmon_rtt, hsmon_ports and hsmon_sources in\n"
"                      DIR instead of /proc/net\n"
"  -h, --help          show this help and exit\n"
"  -V, --version       show the version and exit\n"
"\n"
"Exit status: 0 success, the outcomes unknown too; 1 runtime error (a file\n"
"of hsmon missing, unreadable, not permitted or malformed, network namespace\n"
"not found or not entered, output error); 2 usage error.\n";

static const struct option long_opts[] = {
	{ "json",	no_argument,		NULL, 'j' },
	{ "prometheus",	no_argument,		NULL, OPT_PROMETHEUS },
	{ "netns",	required_argument,	NULL, 'n' },
	{ "file",	required_argument,	NULL, 'f' },
	{ "dir",	required_argument,	NULL, 'd' },
	{ "rtt",	no_argument,		NULL, OPT_RTT },
	{ "ports",	no_argument,		NULL, OPT_PORTS },
	{ "sources",	no_argument,		NULL, OPT_SOURCES },
	{ "all-netns",	no_argument,		NULL, OPT_ALL_NETNS },
	{ "output",	required_argument,	NULL, 'o' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

struct opts {
	const char *file;	/* NULL: the file in dir, or under /proc/net */
	const char *dir;	/* NULL: /proc/net */
	const char *netns;	/* NULL: our own */
	const char *output;	/* -o FILE; NULL: stdout */
	bool all_netns;
	bool json;
	bool prometheus;
	bool rtt;		/* the views */
	bool ports;
	bool sources;
	bool interval_set;
	double interval;
	unsigned long long count;	/* 0: forever */
};

/*
 * Short titles of the INTERVAL table's columns, by item; a column not
 * here (an outcome of a newer module) is titled "NAME/s".  Which columns
 * there are comes from the files (interval_table()), not from here.
 */
static const struct {
	const char *name;
	const char *title;
} short_titles[] = {
	{ "syn",		"syn/s" },
	{ "completed",		"done/s" },
	{ "timeout_syn",	"tmo_syn/s" },
	{ "timeout_synack",	"tmo_sa/s" },
	{ "reset_by_client",	"rst_cli/s" },
	{ "rejected",		"rej/s" },
	{ "evicted",		"evict/s" },
	{ "listen_overflow",	"lovf/s" },
	{ "syn_dropped",	"sdrop/s" },
	{ "syn_challenged",	"schal/s" },
	{ "in_progress",	"inprog" },
	{ "entries",		"entries" },
};

/* A column of the INTERVAL table: an item of hsmon, its title, its width. */
struct column {
	const char *name;
	char title[HSU_NAME_MAX + 3];
	int width;
	bool gauge;		/* the value itself, not a rate */
};

/* ---- output ------------------------------------------------------------ */

/* -o FILE: the temporary file stdout writes, until it is renamed to FILE */
static char *out_tmp;

/* Flush stdout and fail on any write error so far (a full disk, a closed pipe). */
static void flush_stdout(void)
{
	if (fflush(stdout) || ferror(stdout)) {
		if (out_tmp)
			die_errno("%s: write error", out_tmp);
		die_errno("write error");
	}
}

/* At exit: a temporary file not renamed (an error) is removed. */
static void remove_tmp(void)
{
	if (out_tmp)
		unlink(out_tmp);
}

/*
 * -o FILE: stdout to a new file FILE.tmp.PID, in FILE's directory so that
 * the rename is atomic; mode 0644 whatever the umask, for node_exporter,
 * which runs as another user.  A failure from here on removes it at exit.
 */
static void open_output(const char *file)
{
	int fd;

	if (asprintf(&out_tmp, "%s.tmp.%d", file, (int)getpid()) < 0)
		die_errno("asprintf");
	fd = open(out_tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0) {
		int err = errno;

		free(out_tmp);
		out_tmp = NULL;
		errno = err;
		die_errno("%s: cannot create a temporary file next to it", file);
	}
	if (atexit(remove_tmp)) {
		unlink(out_tmp);
		die("atexit failed");
	}
	if (fchmod(fd, 0644))
		die_errno("%s: fchmod", out_tmp);
	if (dup2(fd, STDOUT_FILENO) < 0)
		die_errno("dup2");
	close(fd);
}

/*
 * -o FILE: everything written, flushed and on disk, the temporary file
 * takes FILE's place at once: a reader sees the old file or the new one,
 * never a part.
 */
static void commit_output(const char *file)
{
	flush_stdout();
	if (fsync(STDOUT_FILENO))
		die_errno("%s: fsync", out_tmp);
	if (rename(out_tmp, file))
		die_errno("cannot rename %s to %s", out_tmp, file);
	free(out_tmp);
	out_tmp = NULL;
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
	int c, views;

	memset(o, 0, sizeof(*o));
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":hVjn:f:d:o:", long_opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			fputs(usage_text, stdout);
			flush_stdout();
			exit(0);
		case 'V':
			printf(PROG " %s\n", HSU_VERSION);
			flush_stdout();
			exit(0);
		case 'j':
			o->json = true;
			break;
		case OPT_PROMETHEUS:
			o->prometheus = true;
			break;
		case OPT_RTT:
			o->rtt = true;
			break;
		case OPT_PORTS:
			o->ports = true;
			break;
		case OPT_SOURCES:
			o->sources = true;
			break;
		case OPT_ALL_NETNS:
			o->all_netns = true;
			break;
		case 'o':
			if (!*optarg)
				usage_error("empty output file name");
			o->output = optarg;
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
		case 'd':
			if (!*optarg)
				usage_error("empty directory name");
			o->dir = optarg;
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
	views = o->rtt + o->ports + o->sources;
	if (o->json && o->prometheus)
		usage_error("--json and --prometheus exclude each other");
	if (o->sources && o->prometheus)
		usage_error("--sources has no --prometheus output: a label per source would explode the number of series");
	if (views > 1 && !o->prometheus)
		usage_error("--rtt, --ports and --sources exclude each other (but --prometheus --rtt --ports)");
	if (o->file && o->dir)
		usage_error("-f and -d exclude each other");
	if (o->file && o->prometheus && views)
		usage_error("-f FILE replaces one file; --prometheus --rtt/--ports reads several: use -d DIR");
	if (o->all_netns && o->netns)
		usage_error("-n and --all-netns exclude each other");
	if (o->all_netns && (o->file || o->dir))
		usage_error("--all-netns reads each namespace's own files: no -f or -d");
	if (o->all_netns && (o->sources || (views && !o->prometheus)))
		usage_error("--all-netns shows the counters: --rtt and --ports only with --prometheus, no --sources");
	if (argc - optind > 2)
		usage_error("too many arguments (expected [INTERVAL [COUNT]])");
	if (argc - optind >= 1 && o->all_netns)
		usage_error("--all-netns shows the current values: no INTERVAL");
	if (argc - optind >= 1 && o->output)
		usage_error("-o FILE takes the current values: no INTERVAL");
	if (argc - optind >= 1) {
		if (views)
			usage_error("--rtt, --ports and --sources show the current values: no INTERVAL");
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

/*
 * Where to read the file whose procfs path is proc: FILE of -f (parse_args()
 * made sure that only one file is read then), the same name in DIR of -d,
 * or proc.
 */
static const char *file_path(const struct opts *o, const char *proc)
{
	static char buf[PATH_MAX];

	if (o->file)
		return o->file;
	if (!o->dir)
		return proc;
	if (snprintf(buf, sizeof(buf), "%s/%s", o->dir, strrchr(proc, '/') + 1) >=
	    (int)sizeof(buf))
		die("%s: directory name too long", o->dir);
	return buf;
}

/*
 * Fail for the error ret of reading path, the file whose procfs path is
 * proc, with message err: say what a missing procfs file means (needing
 * hint), and that EPERM means no CAP_NET_ADMIN.
 */
static void __noreturn read_failed(int ret, const char *proc, const char *path,
				   const char *hint, const char *err)
{
	if (ret == -ENOENT && !strcmp(path, proc))
		die("%s not found: is the hsmon module loaded%s?", proc, hint);
	if (ret == -EPERM)
		die("%s: %s (needs CAP_NET_ADMIN)", path, strerror(EPERM));
	die("%s", err);
}

static void read_sample(const struct opts *o, struct hsu_sample *s)
{
	const char *path = file_path(o, HSU_PROC_PATH);
	char err[ERR_LEN];
	int ret;

	ret = hsu_read_file(path, s, err, sizeof(err));
	if (ret)
		read_failed(ret, HSU_PROC_PATH, path, "", err);
}

static void read_rtt(const struct opts *o, struct hsu_rtt *r)
{
	const char *path = file_path(o, HSU_RTT_PATH);
	char err[ERR_LEN];
	int ret;

	ret = hsu_read_rtt_file(path, r, err, sizeof(err));
	if (ret)
		read_failed(ret, HSU_RTT_PATH, path, " (version with latency support)", err);
}

static void read_ports(const struct opts *o, struct hsu_ports *p)
{
	const char *path = file_path(o, HSU_PORTS_PATH);
	char err[ERR_LEN];
	int ret;

	ret = hsu_read_ports_file(path, p, err, sizeof(err));
	if (ret)
		read_failed(ret, HSU_PORTS_PATH, path, " (version with per-port counters)",
			    err);
}

static void read_sources(const struct opts *o, struct hsu_sources *s)
{
	const char *path = file_path(o, HSU_SOURCES_PATH);
	char err[ERR_LEN];
	int ret;

	ret = hsu_read_sources_file(path, s, err, sizeof(err));
	if (ret)
		read_failed(ret, HSU_SOURCES_PATH, path,
			    " (version with per-source counters)", err);
}

/*
 * The handshake outcomes, for the outputs that tell them from other
 * counters: the header of hsmon_ports, read like the other files (from
 * /proc/net or DIR of -d).  If it cannot be read (a module without
 * per-port counters; -f FILE, one file and no more), say so and what is
 * left out for it, and leave *p empty: no outcomes.
 */
static void read_outcomes(const struct opts *o, struct hsu_ports *p, const char *left_out)
{
	char err[ERR_LEN];

	memset(p, 0, sizeof(*p));
	if (o->file) {
		msg("-f %s: no hsmon_ports, whose header names the handshake outcomes; %s",
		    o->file, left_out);
		return;
	}
	if (hsu_read_ports_file(file_path(o, HSU_PORTS_PATH), p, err, sizeof(err)))
		msg("%s: the handshake outcomes (its header's columns) are unknown; %s", err,
		    left_out);
}

/* The items the INTERVAL output needs: fail clearly if a sample lacks one. */
static void check_items(const struct opts *o, const struct column *col, int ncol,
			const struct hsu_sample *s)
{
	static const char *const json_needs[] = { "in_progress", "entries" };
	int i, n = o->json ? (int)ARRAY_SIZE(json_needs) : ncol;

	for (i = 0; i < n; i++) {
		const char *name = o->json ? json_needs[i] : col[i].name;

		if (!hsu_find(s, name))
			die("%s: no '%s' item", file_path(o, HSU_PROC_PATH), name);
	}
}

/* ---- one-shot output --------------------------------------------------- */

static void print_plain(const struct hsu_sample *s)
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

/* Names are [A-Za-z0-9_] (hsu_parse() checks): no JSON escaping needed. */
static void print_json(const struct hsu_sample *s)
{
	int i;

	putchar('{');
	for (i = 0; i < s->n; i++)
		printf("%s\"%s\":%" PRIu64, i ? "," : "", s->item[i].name, s->item[i].value);
	puts("}");
}

/* ---- Prometheus text format -------------------------------------------- */

/*
 * Counters other than syn and the outcomes: hsmon_events_total{event=...}.
 * Only if the outcomes are known (ports has a header).
 */
static bool is_event(const struct hsu_ports *ports, const char *name)
{
	return !hsu_is_gauge(name) && strcmp(name, "syn") && !hsu_is_outcome(ports, name);
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

/*
 * metric{labels,netns="NETNS"} value: labels "" or 'key="val",...', the
 * values needing no escaping; netns NULL for no such label.
 */
static void prom_line(const char *metric, const char *labels, const char *netns,
		      const char *value)
{
	fputs(metric, stdout);
	if (*labels || netns) {
		putchar('{');
		fputs(labels, stdout);
		if (netns) {
			printf("%snetns=\"", *labels ? "," : "");
			prom_label_value(netns);
			putchar('"');
		}
		putchar('}');
	}
	printf(" %s\n", value);
}

/* metric{key="val",netns="NETNS"} value; key NULL for no such label. */
static void prom_sample(const char *metric, const char *key, const char *val,
			const char *netns, uint64_t value)
{
	char labels[96] = "", num[24];

	if (key)	/* val is [A-Za-z0-9_] */
		snprintf(labels, sizeof(labels), "%s=\"%s\"", key, val);
	snprintf(num, sizeof(num), "%" PRIu64, value);
	prom_line(metric, labels, netns, num);
}

/* What --prometheus shows of one network namespace. */
struct ns_values {
	const char *netns;	/* the netns label's value; NULL for no label */
	struct hsu_sample s;
	struct hsu_ports ports;	/* its header: the outcomes; empty if unknown */
	struct hsu_rtt rtt;	/* with --rtt */
};

/*
 * The HELP and TYPE lines of a family before its first sample: *any
 * false until then.
 */
static void prom_family_once(bool *any, const char *metric, const char *type,
			     const char *help)
{
	if (!*any)
		prom_family(metric, type, help);
	*any = true;
}

/*
 * Every family with HELP and TYPE before its samples, those of the n
 * namespaces of v one after the other; missing items left out.  The
 * outcomes are the columns of a namespace's ports header after syn, in
 * that order; with none (ports.ncol 0: hsmon_ports not read), neither
 * hsmon_handshakes_total nor hsmon_events_total, which would need them.
 */
static void print_prometheus(const struct ns_values *v, int n)
{
	const struct hsu_item *it;
	bool any = false;
	int i, k;

	for (k = 0; k < n; k++) {
		for (i = 1; i < v[k].ports.ncol; i++) {
			it = hsu_find(&v[k].s, v[k].ports.col[i]);
			if (!it)
				continue;
			prom_family_once(&any, "hsmon_handshakes_total", "counter",
					 "TCP handshakes tracked by hsmon, by how they ended.");
			prom_sample("hsmon_handshakes_total", "outcome", it->name, v[k].netns,
				    it->value);
		}
	}

	any = false;
	for (k = 0; k < n; k++) {
		it = hsu_find(&v[k].s, "syn");
		if (!it)
			continue;
		prom_family_once(&any, "hsmon_syn_total", "counter",
				 "Handshakes tracked (inbound SYNs on new tuples).");
		prom_sample("hsmon_syn_total", NULL, NULL, v[k].netns, it->value);
	}

	any = false;
	for (k = 0; k < n; k++) {
		for (i = 0; i < v[k].s.n && v[k].ports.ncol; i++) {
			it = &v[k].s.item[i];
			if (!is_event(&v[k].ports, it->name))
				continue;
			prom_family_once(&any, "hsmon_events_total", "counter",
					 "hsmon events other than handshake outcomes, by kind.");
			prom_sample("hsmon_events_total", "event", it->name, v[k].netns,
				    it->value);
		}
	}

	any = false;
	for (k = 0; k < n; k++) {
		it = hsu_find(&v[k].s, "in_progress");
		if (!it)
			continue;
		prom_family_once(&any, "hsmon_in_progress", "gauge",
				 "Handshakes tracked and not ended.");
		prom_sample("hsmon_in_progress", NULL, NULL, v[k].netns, it->value);
	}
	any = false;
	for (k = 0; k < n; k++) {
		it = hsu_find(&v[k].s, "entries");
		if (!it)
			continue;
		prom_family_once(&any, "hsmon_entries", "gauge",
				 "hsmon table entries in use, EXPIRED tombstones included.");
		prom_sample("hsmon_entries", NULL, NULL, v[k].netns, it->value);
	}
}

/*
 * The latency histograms, buckets cumulative and in seconds; the
 * le="+Inf" bucket and _count are the same value (hsu_rtt_cumulative()).
 */
static void print_prometheus_rtt(const struct ns_values *v, int n)
{
	static const char metric[] = "hsmon_handshake_rtt_seconds";
	char labels[48], num[HSU_SECONDS_LEN], sec[HSU_SECONDS_LEN];
	uint64_t cum[HSU_RTT_BUCKETS], total;
	int i, k;

	if (!n)
		return;
	prom_family(metric, "histogram",
		    "Time from our first SYN+ACK to the final ACK of completed TCP handshakes.");
	for (i = 0; i < n; i++) {
		const struct hsu_rtt *r = &v[i].rtt;

		total = hsu_rtt_cumulative(r, cum);
		for (k = 0; k < HSU_RTT_BUCKETS; k++) {
			snprintf(labels, sizeof(labels), "le=\"%s\"",
				 hsu_fmt_seconds(hsu_rtt_le_us(k), sec));
			snprintf(num, sizeof(num), "%" PRIu64, cum[k]);
			prom_line("hsmon_handshake_rtt_seconds_bucket", labels, v[i].netns, num);
		}
		snprintf(num, sizeof(num), "%" PRIu64, total);
		prom_line("hsmon_handshake_rtt_seconds_bucket", "le=\"+Inf\"", v[i].netns, num);
		prom_line("hsmon_handshake_rtt_seconds_sum", "", v[i].netns,
			  hsu_fmt_seconds(r->sum_us, sec));
		prom_line("hsmon_handshake_rtt_seconds_count", "", v[i].netns, num);
	}
}

/* "other", or the port number, in buf (8 bytes or more); returns buf. */
static const char *port_label(const struct hsu_port_row *r, char *buf)
{
	if (r->port == HSU_PORT_OTHER)
		snprintf(buf, 8, "other");
	else
		snprintf(buf, 8, "%d", r->port);
	return buf;
}

/* hsmon_port_handshakes_total{port,outcome} and hsmon_port_syn_total{port}. */
static void print_prometheus_ports(const struct ns_values *v, int n)
{
	char labels[96], num[24], port[8];
	int i, j, k;

	if (!n)
		return;
	prom_family("hsmon_port_handshakes_total", "counter",
		    "TCP handshakes per listening port (or \"other\"), by how they ended.");
	for (k = 0; k < n; k++) {
		const struct hsu_ports *p = &v[k].ports;

		for (i = 0; i < p->n; i++) {
			for (j = 1; j < p->ncol; j++) {	/* 0 is syn */
				snprintf(labels, sizeof(labels), "port=\"%s\",outcome=\"%s\"",
					 port_label(&p->row[i], port), p->col[j]);
				snprintf(num, sizeof(num), "%" PRIu64, p->row[i].val[j]);
				prom_line("hsmon_port_handshakes_total", labels, v[k].netns, num);
			}
		}
	}
	prom_family("hsmon_port_syn_total", "counter",
		    "Handshakes tracked per listening port (or \"other\").");
	for (k = 0; k < n; k++) {
		const struct hsu_ports *p = &v[k].ports;

		for (i = 0; i < p->n; i++)
			prom_sample("hsmon_port_syn_total", "port", port_label(&p->row[i], port),
				    v[k].netns, p->row[i].val[0]);
	}
}

/*
 * --prometheus, with --rtt and --ports: every file is read before anything
 * is printed, so that a failure leaves no half a scrape file.
 */
static void run_prometheus(const struct opts *o)
{
	struct ns_values v = { .netns = o->netns };

	read_sample(o, &v.s);
	if (o->rtt)
		read_rtt(o, &v.rtt);
	if (o->ports)
		read_ports(o, &v.ports);
	else
		read_outcomes(o, &v.ports,
			      "hsmon_handshakes_total and hsmon_events_total left out");
	print_prometheus(&v, 1);
	if (o->rtt)
		print_prometheus_rtt(&v, 1);
	if (o->ports)
		print_prometheus_ports(&v, 1);
	hsu_ports_free(&v.ports);
}

/* ---- --rtt, --ports, --sources ----------------------------------------- */

/*
 * us as "NNNN UU": microseconds below 10 ms, milliseconds below 10 s,
 * seconds above; three significant digits at least.  buf of 16 bytes.
 */
static const char *fmt_time(uint64_t us, char *buf)
{
	const char *unit = "s";
	double v = us / 1e6;

	if (us < 10000) {
		snprintf(buf, 16, "%5" PRIu64 " us", us);
		return buf;
	}
	if (us < 10000000) {
		unit = "ms";
		v = us / 1e3;
	}
	snprintf(buf, 16, v < 100 ? "%5.1f %-2s" : "%5.0f %-2s", v, unit);
	return buf;
}

static void print_rtt_plain(const struct hsu_rtt *r)
{
	char val[4][24], lo[16], hi[16];
	uint64_t top = 0;
	int i, k, vw = 0, cw = 0;
	static const char *const name[] = { "count", "mean_us", "min_us", "max_us" };

	snprintf(val[0], sizeof(val[0]), "%" PRIu64, r->count);
	if (r->count) {
		snprintf(val[1], sizeof(val[1]), "%.1f", (double)r->sum_us / r->count);
		snprintf(val[2], sizeof(val[2]), "%" PRIu64, r->min_us);
		snprintf(val[3], sizeof(val[3]), "%" PRIu64, r->max_us);
	} else {
		for (i = 1; i < 4; i++)
			snprintf(val[i], sizeof(val[i]), "-");
	}
	for (i = 0; i < 4; i++)
		vw = (int)strlen(val[i]) > vw ? (int)strlen(val[i]) : vw;
	for (i = 0; i < 4; i++)
		printf("%-7s  %*s\n", name[i], vw, val[i]);

	for (k = 0; k < HSU_RTT_BUCKETS; k++) {
		int l = snprintf(lo, sizeof(lo), "%" PRIu64, r->bucket[k]);

		cw = l > cw ? l : cw;
		top = r->bucket[k] > top ? r->bucket[k] : top;
	}
	if (!top)
		return;
	putchar('\n');
	for (k = 0; k < HSU_RTT_BUCKETS; k++) {
		char bar[BAR_MAX + 1];
		int w;

		if (!r->bucket[k])
			continue;
		/* scaled to the largest bucket; a non-empty one shows */
		w = (int)((double)r->bucket[k] * BAR_MAX / top + 0.5);
		w = w < 1 ? 1 : w > BAR_MAX ? BAR_MAX : w;
		memset(bar, '#', w);
		bar[w] = '\0';
		printf("%s .. %s  |%-*s|  %*" PRIu64 "\n",
		       fmt_time(k ? hsu_rtt_le_us(k - 1) : 0, lo),
		       fmt_time(hsu_rtt_le_us(k), hi), BAR_MAX, bar, cw, r->bucket[k]);
	}
}

static void print_rtt_json(const struct hsu_rtt *r)
{
	int k;

	printf("{\"count\":%" PRIu64 ",\"sum_us\":%" PRIu64 ",\"min_us\":%" PRIu64
	       ",\"max_us\":%" PRIu64 ",\"buckets\":[", r->count, r->sum_us, r->min_us,
	       r->max_us);
	for (k = 0; k < HSU_RTT_BUCKETS; k++)
		printf("%s{\"le_us\":%" PRIu64 ",\"count\":%" PRIu64 "}", k ? "," : "",
		       hsu_rtt_le_us(k), r->bucket[k]);
	puts("]}");
}

/* A row of --ports or --sources: a label, then a number per column. */
struct table_row {
	char label[HSU_PREFIX_LEN];
	const uint64_t *val;
};

/* An aligned table with a header: labels left, numbers right. */
static void print_table(const char *first, const char *const *col, int ncol,
			const struct table_row *row, int n)
{
	char num[24];
	int *w, i, j;

	w = calloc(ncol + 1, sizeof(*w));	/* ncol: hsmon_ports' header says */
	if (!w)
		die_errno("calloc");
	w[0] = strlen(first);
	for (j = 0; j < ncol; j++)
		w[j + 1] = strlen(col[j]);
	for (i = 0; i < n; i++) {
		w[0] = (int)strlen(row[i].label) > w[0] ? (int)strlen(row[i].label) : w[0];
		for (j = 0; j < ncol; j++) {
			int l = snprintf(num, sizeof(num), "%" PRIu64, row[i].val[j]);

			w[j + 1] = l > w[j + 1] ? l : w[j + 1];
		}
	}
	printf("%-*s", w[0], first);
	for (j = 0; j < ncol; j++)
		printf("  %*s", w[j + 1], col[j]);
	putchar('\n');
	for (i = 0; i < n; i++) {
		printf("%-*s", w[0], row[i].label);
		for (j = 0; j < ncol; j++)
			printf("  %*" PRIu64, w[j + 1], row[i].val[j]);
		putchar('\n');
	}
	free(w);
}

/*
 * A JSON array of objects, {"first":"label","col":N,...}: the labels
 * ("other", a port number, an address prefix) and the column names need
 * no escaping.
 */
static void print_table_json(const char *first, const char *const *col, int ncol,
			     const struct table_row *row, int n)
{
	int i, j;

	putchar('[');
	for (i = 0; i < n; i++) {
		printf("%s{\"%s\":\"%s\"", i ? "," : "", first, row[i].label);
		for (j = 0; j < ncol; j++)
			printf(",\"%s\":%" PRIu64, col[j], row[i].val[j]);
		putchar('}');
	}
	puts("]");
}

static struct table_row *alloc_rows(int n)
{
	struct table_row *row = calloc(n ? n : 1, sizeof(*row));

	if (!row)
		die_errno("calloc");
	return row;
}

static void show_ports(const struct opts *o)
{
	struct hsu_ports p;
	struct table_row *row;
	int i;

	read_ports(o, &p);
	row = alloc_rows(p.n);
	for (i = 0; i < p.n; i++) {
		port_label(&p.row[i], row[i].label);
		row[i].val = p.row[i].val;
	}
	if (o->json)
		print_table_json("port", p.col, p.ncol, row, p.n);
	else
		print_table("port", p.col, p.ncol, row, p.n);
	free(row);
	hsu_ports_free(&p);
}

static void show_sources(const struct opts *o)
{
	struct hsu_sources s;
	struct table_row *row;
	int i;

	read_sources(o, &s);
	row = alloc_rows(s.n);
	for (i = 0; i < s.n; i++) {
		memcpy(row[i].label, s.row[i].prefix, sizeof(row[i].label));
		row[i].val = s.row[i].val;
	}
	if (o->json)
		print_table_json("prefix", hsu_source_columns, HSU_SOURCE_NVAL, row, s.n);
	else
		print_table("prefix", hsu_source_columns, HSU_SOURCE_NVAL, row, s.n);
	free(row);
	hsu_sources_free(&s);
}

static void show_rtt(const struct opts *o)
{
	struct hsu_rtt r;

	read_rtt(o, &r);
	if (o->json)
		print_rtt_json(&r);
	else
		print_rtt_plain(&r);
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

/*
 * The columns of the INTERVAL table: syn and the outcomes (the columns of
 * ports' header: col[0] is syn), or syn alone without them, then the two
 * gauges.  A malloc()ed array of *n; names point into ports.
 */
static struct column *interval_table(const struct hsu_ports *ports, int *n)
{
	static const char *const gauges[] = { "in_progress", "entries" };
	int i, j, ncol = ports->ncol ? ports->ncol : 1;
	struct column *col;
	size_t k;

	*n = ncol + (int)ARRAY_SIZE(gauges);
	col = calloc(*n, sizeof(*col));
	if (!col)
		die_errno("calloc");
	for (i = 0; i < *n; i++) {
		struct column *c = &col[i];

		c->gauge = i >= ncol;
		c->name = c->gauge ? gauges[i - ncol] : ports->ncol ? ports->col[i] : "syn";
		/* names are at most HSU_NAME_MAX characters: "NAME/s" fits */
		snprintf(c->title, sizeof(c->title), c->gauge ? "%s" : "%s/s", c->name);
		for (k = 0; k < ARRAY_SIZE(short_titles); k++)
			if (!strcmp(short_titles[k].name, c->name))
				snprintf(c->title, sizeof(c->title), "%s", short_titles[k].title);
		j = strlen(c->title);
		c->width = j > COL_W ? j : COL_W;
	}
	return col;
}

static void print_header(const struct column *col, int n)
{
	int i;

	for (i = 0; i < n; i++)
		printf("%s%*s", i ? " " : "", col[i].width, col[i].title);
	putchar('\n');
}

static uint64_t value_of(const struct hsu_sample *s, const char *name)
{
	uint64_t v = 0;

	hsu_get(s, name, &v);	/* check_items() made sure it is there */
	return v;
}

/*
 * One line for the interval prev..cur of sec seconds.  Every rate is
 * computed before anything is printed: a counter that went backwards
 * gives the reset line, never a negative or partial line.
 */
static void print_interval(const struct opts *o, const struct column *col, int ncol,
			   const struct hsu_sample *prev, const struct hsu_sample *cur,
			   double sec, const struct timespec *wall)
{
	double rate[HSU_MAX_ITEMS];
	bool reset = hsu_counters_reset(prev, cur);
	int i, j;

	for (j = 0; j < cur->n && !reset; j++) {
		if (!hsu_is_gauge(cur->item[j].name) &&
		    hsu_rate(prev, cur, cur->item[j].name, sec, &rate[j]))
			reset = true;
	}

	if (o->json) {
		printf("{\"time\":%.3f,\"interval\":%.3f,", ts_sec(wall), sec);
		if (reset) {
			fputs("\"reset\":true", stdout);
		} else {
			fputs("\"rates\":{", stdout);
			for (j = 0, i = 0; j < cur->n; j++) {
				if (hsu_is_gauge(cur->item[j].name))
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
	for (i = 0; i < ncol; i++) {
		const struct hsu_item *it = hsu_find(cur, col[i].name);	/* check_items() */

		if (i)
			putchar(' ');
		if (col[i].gauge)
			printf("%*" PRIu64, col[i].width, it->value);
		else
			printf("%*.1f", col[i].width, rate[it - cur->item]);
	}
	putchar('\n');
}

static void run_interval(const struct opts *o)
{
	struct hsu_sample samples[2];
	struct hsu_sample *prev = &samples[0], *cur = &samples[1], *tmp;
	struct timespec next, t_prev, t_cur, wall;
	struct hsu_ports ports = { 0 };
	struct column *col = NULL;
	unsigned long long lines;
	int ret, ncol = 0;
	double sec;

	read_sample(o, prev);
	now(CLOCK_MONOTONIC, &t_prev);
	if (!o->json) {
		/* once: the columns stay those of the module loaded now */
		read_outcomes(o, &ports, "the table has syn/s and the gauges only (-j: every rate)");
		col = interval_table(&ports, &ncol);
	}
	check_items(o, col, ncol, prev);
	next = t_prev;
	if (!o->json) {
		print_header(col, ncol);
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
		check_items(o, col, ncol, cur);
		/* late by more than an interval (stopped, suspended): start over */
		if (ts_sec(&t_cur) - ts_sec(&next) > o->interval)
			next = t_cur;

		sec = ts_sec(&t_cur) - ts_sec(&t_prev);
		if (!o->json && lines && lines % HEADER_EVERY == 0)
			print_header(col, ncol);
		print_interval(o, col, ncol, prev, cur, sec, &wall);
		flush_stdout();

		tmp = prev;
		prev = cur;
		cur = tmp;
		t_prev = t_cur;
	}
	free(col);
	hsu_ports_free(&ports);
}

/* ---- --all-netns ------------------------------------------------------- */

/* s as a JSON string: quotes, backslashes and control characters escaped. */
static void json_string(const char *s)
{
	putchar('"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			printf("\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			printf("\\u%04x", *s);
		else
			putchar(*s);
	}
	putchar('"');
}

/* Is the file at path (still) the namespace ns? */
static bool same_netns(const char *path, const struct hsu_netns *ns)
{
	struct stat st;

	return !stat(path, &st) && (uint64_t)st.st_dev == ns->dev &&
	       (uint64_t)st.st_ino == ns->ino;
}

/*
 * Read what o asks for (the counters; --rtt; the outcomes, or --ports)
 * from /proc/net or o->dir into *v.  0, or the negative errno of the file
 * that failed, with its message in err (for hsmon_ports without --ports
 * only *v's outcomes stay unknown, as read_outcomes() has it).
 */
static int read_values(const struct opts *o, struct ns_values *v, char *err, size_t errlen)
{
	int ret;

	ret = hsu_read_file(file_path(o, HSU_PROC_PATH), &v->s, err, errlen);
	if (!ret && o->rtt)
		ret = hsu_read_rtt_file(file_path(o, HSU_RTT_PATH), &v->rtt, err, errlen);
	if (!ret && hsu_read_ports_file(file_path(o, HSU_PORTS_PATH), &v->ports, err, errlen)) {
		if (o->ports)
			ret = -EINVAL;
		memset(&v->ports, 0, sizeof(v->ports));
		if (!o->ports && o->prometheus)
			msg("%s: the handshake outcomes (its header's columns) are unknown; %s",
			    err, "hsmon_handshakes_total and hsmon_events_total left out there");
	}
	return ret;
}

/*
 * Read namespace ns into *v.  A namespace a process is in is read in
 * PROC/PID/net, which shows the network namespace of PID as /proc/net
 * shows ours (see enter_netns()): no need to enter it.  One that only
 * "ip netns" holds (no process in it) is entered through its file under
 * netns_dir, as -n does, and left for ours, *home (opened the first
 * time), after the read.  False if the namespace vanished meanwhile (its
 * process exited, it was deleted, its path is another namespace now):
 * it is skipped.
 */
static bool read_netns(const struct opts *o, const char *proc, const char *netns_dir,
		       const struct hsu_netns *ns, struct ns_values *v, int *home)
{
	char dir[PATH_MAX], path[PATH_MAX], err[ERR_LEN];
	struct opts one = *o;
	bool entered = false;
	int fd, ret;

	if (ns->pid) {
		snprintf(dir, sizeof(dir), "%s/%d/net", proc, ns->pid);
		snprintf(path, sizeof(path), "%s/%d/ns/net", proc, ns->pid);
		one.dir = dir;
	} else {
		snprintf(path, sizeof(path), "%s/%s", netns_dir, ns->name);
		if (*home < 0) {
			*home = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
			if (*home < 0)
				die_errno("/proc/self/ns/net");
		}
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 && errno == ENOENT)
			return false;
		if (fd < 0)
			die_errno("network namespace %s", path);
		if (!same_netns(path, ns)) {
			close(fd);
			return false;
		}
		if (setns(fd, CLONE_NEWNET)) {
			if (errno != EINVAL)
				die_errno("cannot enter network namespace %s: setns", path);
			msg("%s is not a network namespace: skipped", path);
			close(fd);
			return false;
		}
		close(fd);
		entered = true;
	}
	ret = read_values(&one, v, err, sizeof(err));
	if (entered && setns(*home, CLONE_NEWNET))
		die_errno("cannot go back to our network namespace: setns");
	if (!same_netns(path, ns)) {
		hsu_ports_free(&v->ports);
		return false;
	}
	if (ret == -ENOENT)
		die("%s: is the hsmon module loaded?", err);
	if (ret == -EPERM)
		die("%s (needs CAP_NET_ADMIN)", err);
	if (ret)
		die("%s", err);
	return true;
}

/* A cell of the --all-netns table: the value of name in s, or "-". */
static const char *cell(const struct hsu_sample *s, const char *name, char *buf)
{
	const struct hsu_item *it = hsu_find(s, name);

	if (!it)
		return "-";
	snprintf(buf, 24, "%" PRIu64, it->value);
	return buf;
}

/*
 * The table: a row per namespace, its label, pid and container ("-" for
 * none), then a column per item of the first namespace's file.
 */
static void print_all_plain(const struct hsu_netns *ns, const struct ns_values *v, int n)
{
	static const char *const first[] = { "netns", "pid", "container" };
	const struct hsu_sample *cols = &v[0].s;
	int ncol = 3 + cols->n, i, j, *w;
	char buf[24];

	w = calloc(ncol, sizeof(*w));
	if (!w)
		die_errno("calloc");
	for (j = 0; j < ncol; j++)
		w[j] = strlen(j < 3 ? first[j] : cols->item[j - 3].name);
	for (i = 0; i < n; i++) {
		int l[3] = {
			(int)strlen(v[i].netns),
			ns[i].pid ? snprintf(buf, sizeof(buf), "%d", ns[i].pid) : 1,
			ns[i].container[0] ? (int)strlen(ns[i].container) : 1,
		};

		for (j = 0; j < ncol; j++) {
			int k = j < 3 ? l[j] : (int)strlen(cell(&v[i].s, cols->item[j - 3].name, buf));

			w[j] = k > w[j] ? k : w[j];
		}
	}
	printf("%-*s  %*s  %-*s", w[0], first[0], w[1], first[1], w[2], first[2]);
	for (j = 3; j < ncol; j++)
		printf("  %*s", w[j], cols->item[j - 3].name);
	putchar('\n');
	for (i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), "%d", ns[i].pid);
		printf("%-*s  %*s  %-*s", w[0], v[i].netns, w[1], ns[i].pid ? buf : "-", w[2],
		       ns[i].container[0] ? ns[i].container : "-");
		for (j = 3; j < ncol; j++)
			printf("  %*s", w[j], cell(&v[i].s, cols->item[j - 3].name, buf));
		putchar('\n');
	}
	free(w);
}

/*
 * A JSON object per namespace and line: {"netns","inode","pid" (null if
 * none),"container" (null if none),"values":{as -j without --all-netns}}.
 */
static void print_all_json(const struct hsu_netns *ns, const struct ns_values *v, int n)
{
	int i, j;

	for (i = 0; i < n; i++) {
		fputs("{\"netns\":", stdout);
		json_string(v[i].netns);
		printf(",\"inode\":%" PRIu64 ",\"pid\":", ns[i].ino);
		if (ns[i].pid)
			printf("%d", ns[i].pid);
		else
			fputs("null", stdout);
		fputs(",\"container\":", stdout);
		if (ns[i].container[0])
			json_string(ns[i].container);
		else
			fputs("null", stdout);
		fputs(",\"values\":{", stdout);
		for (j = 0; j < v[i].s.n; j++)
			printf("%s\"%s\":%" PRIu64, j ? "," : "", v[i].s.item[j].name,
			       v[i].s.item[j].value);
		puts("}}");
	}
}

/*
 * hsmon_netns_info{inode,pid,container,netns} 1: what the netns label
 * stands for, one series per namespace, to join on netns.
 */
static void print_netns_info(const struct hsu_netns *ns, const struct ns_values *v, int n)
{
	char labels[160], pid[16];
	int i;

	if (!n)
		return;
	prom_family("hsmon_netns_info", "gauge",
		    "Network namespaces read by hsmonstat --all-netns: inode, lowest pid, container or pod.");
	for (i = 0; i < n; i++) {
		snprintf(pid, sizeof(pid), "%d", ns[i].pid);
		snprintf(labels, sizeof(labels), "inode=\"%" PRIu64 "\",pid=\"%s\",container=\"%s\"",
			 ns[i].ino, ns[i].pid ? pid : "", ns[i].container);
		prom_line("hsmon_netns_info", labels, v[i].netns, "1");
	}
}

/*
 * --all-netns: every namespace read, those that vanish meanwhile left
 * out, before anything is printed.  HSMONSTAT_PROC and
 * HSMONSTAT_NETNS_DIR, for tests, stand for /proc and /var/run/netns.
 */
static void run_all_netns(const struct opts *o)
{
	const char *proc = getenv("HSMONSTAT_PROC");
	const char *netns_dir = getenv("HSMONSTAT_NETNS_DIR");
	char (*label)[HSU_LABEL_LEN], err[ERR_LEN];
	struct hsu_netns_list l;
	struct hsu_netns *ns;
	struct ns_values *v;
	int denied, i, n = 0, home = -1;

	proc = proc && *proc ? proc : "/proc";
	netns_dir = netns_dir && *netns_dir ? netns_dir : NETNS_RUN_DIR;
	if (hsu_netns_scan(proc, netns_dir, &l, &denied, err, sizeof(err)))
		die("%s", err);
	if (denied)
		msg("the network namespace of %d process%s could not be looked at (not root?)",
		    denied, denied == 1 ? "" : "es");
	v = calloc(l.n + 1, sizeof(*v));
	ns = calloc(l.n + 1, sizeof(*ns));
	label = calloc(l.n + 1, sizeof(*label));
	if (!v || !ns || !label)
		die_errno("calloc");
	for (i = 0; i < l.n; i++) {
		if (!read_netns(o, proc, netns_dir, &l.ns[i], &v[n], &home))
			continue;
		ns[n] = l.ns[i];
		v[n].netns = hsu_netns_label(&ns[n], label[n]);
		n++;
	}
	if (home >= 0)
		close(home);

	if (o->prometheus) {
		print_prometheus(v, n);
		if (o->rtt)
			print_prometheus_rtt(v, n);
		if (o->ports)
			print_prometheus_ports(v, n);
		print_netns_info(ns, v, n);
	} else if (o->json) {
		print_all_json(ns, v, n);
	} else if (n) {
		print_all_plain(ns, v, n);
	}
	for (i = 0; i < n; i++)
		hsu_ports_free(&v[i].ports);
	free(v);
	free(ns);
	free(label);
	hsu_netns_free(&l);
}

int main(int argc, char **argv)
{
	struct hsu_sample s;
	struct opts o;

	parse_args(argc, argv, &o);
	if (o.netns)
		enter_netns(o.netns);
	if (o.output)
		open_output(o.output);

	if (o.all_netns) {
		run_all_netns(&o);
	} else if (o.interval_set) {
		run_interval(&o);
	} else if (o.prometheus) {
		run_prometheus(&o);
	} else if (o.rtt) {
		show_rtt(&o);
	} else if (o.ports) {
		show_ports(&o);
	} else if (o.sources) {
		show_sources(&o);
	} else {
		read_sample(&o, &s);
		if (o.json)
			print_json(&s);
		else
			print_plain(&s);
	}
	if (o.output)
		commit_output(o.output);
	flush_stdout();
	return 0;
}
