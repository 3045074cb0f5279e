/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsing of hsmon's files under /proc/net (Documentation/hsmon.rst):
 *
 *   hsmon          "name value" lines, value a decimal u64
 *   hsmon_rtt      handshake latency: count, sum, min, max, 33 buckets
 *   hsmon_ports    per listening port, handshakes by outcome
 *   hsmon_sources  per source prefix, abandoned handshakes
 *
 * The names of /proc/net/hsmon are kept generically, in file order, so
 * that counters added by a newer module (always before the two gauges)
 * are carried along without changes here.  hsmon_ports has a column per
 * handshake outcome, and its header names them: the outcomes are taken
 * from there, so that those of a newer module are carried along too.  The
 * other formats are fixed and checked line by line.  Nothing but the
 * hsu_read_*() functions does I/O.
 */
#ifndef _HSU_PROC_H
#define _HSU_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HSU_PROC_PATH		"/proc/net/hsmon"
#define HSU_RTT_PATH		"/proc/net/hsmon_rtt"
#define HSU_PORTS_PATH		"/proc/net/hsmon_ports"
#define HSU_SOURCES_PATH	"/proc/net/hsmon_sources"
#define HSU_MAX_ITEMS		64	/* items a sample holds */
#define HSU_NAME_MAX		31	/* longest name, in characters */
#define HSU_FILE_MAX		16384	/* hsu_read_file() refuses larger files */
/* hsu_read_{rtt,ports,sources}_file() refuse files larger than this */
#define HSU_TABLE_FILE_MAX	(4 << 20)

struct hsu_item {
	char name[HSU_NAME_MAX + 1];
	uint64_t value;
};

/* One reading of the file: n items, in file order, names unique. */
struct hsu_sample {
	int n;
	struct hsu_item item[HSU_MAX_ITEMS];
};

/* hsu_rate() results other than 0; *rate is left alone for all of them. */
enum {
	HSU_RATE_MISSING	= -1,	/* name not in both samples */
	HSU_RATE_RESET		= -2,	/* counter went backwards: module reloaded */
	HSU_RATE_GAUGE		= -3,	/* a gauge has no rate */
	HSU_RATE_BADTIME	= -4,	/* seconds is not > 0 */
};

/*
 * Parse len bytes of text into *out.  Each line is a name of 1 to
 * HSU_NAME_MAX characters [A-Za-z0-9_], blanks (spaces or tabs), a
 * decimal value that fits in 64 bits, and optional trailing blanks; the
 * last line's newline is optional.  Empty input, empty lines, duplicate
 * names and more than HSU_MAX_ITEMS lines are errors too.
 * Returns 0, or -1 with out->n = 0 and "line N: what" in err (if errlen).
 */
int hsu_parse(const char *text, size_t len, struct hsu_sample *out,
	      char *err, size_t errlen);

/* The item called name, or NULL. */
const struct hsu_item *hsu_find(const struct hsu_sample *s, const char *name);

/* 0 and *value set, or -1 (no such name; *value untouched). */
int hsu_get(const struct hsu_sample *s, const char *name, uint64_t *value);

/* in_progress and entries: gauges.  Every other name is a counter. */
bool hsu_is_gauge(const char *name);

/*
 * Per-second rate of counter name between two samples taken seconds
 * apart: 0 and *rate set, or one of the HSU_RATE_* errors above.  A
 * counter that went backwards gives HSU_RATE_RESET, never a negative
 * rate.
 */
int hsu_rate(const struct hsu_sample *prev, const struct hsu_sample *cur,
	     const char *name, double seconds, double *rate);

/*
 * True if rates between prev and cur would be meaningless: a counter went
 * backwards, or the set of counters changed (a different module was
 * loaded).  Gauges may go either way and are not looked at.
 */
bool hsu_counters_reset(const struct hsu_sample *prev, const struct hsu_sample *cur);

/*
 * Read and parse the file at path (at most HSU_FILE_MAX bytes).
 * Returns 0, or a negative errno with a message starting with path in
 * err: the open() or read() error (-ENOENT: no such file), -EFBIG if the
 * file is too large, -EINVAL if it does not parse.
 */
int hsu_read_file(const char *path, struct hsu_sample *out, char *err, size_t errlen);

/*
 * The three table formats below share these rules: fields separated by
 * blanks (spaces or tabs), optional trailing blanks, numbers decimal and
 * fitting in 64 bits, no empty lines, the last line's newline optional.
 * Their parsers return 0, or -1 with "line N: what" in err (if errlen)
 * and an empty *out.  Line N is the line at fault; for a missing line,
 * the one after the last.
 */

/* ---- /proc/net/hsmon_rtt ---- */

#define HSU_RTT_BUCKETS		33	/* le = 2^0 .. 2^32 us */

/* Latency, first SYN+ACK to final ACK, of the completed handshakes. */
struct hsu_rtt {
	uint64_t count;
	uint64_t sum_us;
	uint64_t min_us;	/* min_us and max_us: 0 if count is 0 */
	uint64_t max_us;
	/*
	 * Not cumulative: bucket[k] counts latencies in (2^(k-1), 2^k] us,
	 * [0, 1] for k = 0.
	 */
	uint64_t bucket[HSU_RTT_BUCKETS];
};

/* Upper bound, in microseconds, of bucket k (0 <= k < HSU_RTT_BUCKETS). */
static inline uint64_t hsu_rtt_le_us(int k)
{
	return (uint64_t)1 << k;
}

/*
 * "count N", "sum_us N", "min_us N", "max_us N", then exactly
 * HSU_RTT_BUCKETS lines "bucket_le_us LE N" with LE = 1, 2, 4, ...
 * 2^32, in that order, and nothing else.  Sums of the buckets that do not
 * match count are accepted: the module may be read while it counts.
 */
int hsu_parse_rtt(const char *text, size_t len, struct hsu_rtt *out,
		  char *err, size_t errlen);

/*
 * The buckets made cumulative, as a Prometheus histogram has them:
 * cum[k] = bucket[0] + ... + bucket[k], saturating at UINT64_MAX.  Returns
 * the value of the le="+Inf" bucket and of _count: count, or cum[last] if
 * that is larger (a read while counting), so that the histogram never
 * goes down.
 */
uint64_t hsu_rtt_cumulative(const struct hsu_rtt *r, uint64_t cum[HSU_RTT_BUCKETS]);

/*
 * us microseconds as exact decimal seconds, no trailing zeros: 1 gives
 * "0.000001", 4294967296 "4294.967296", 2000000 "2", 0 "0".  buf holds
 * HSU_SECONDS_LEN bytes or more.
 */
#define HSU_SECONDS_LEN		28
const char *hsu_fmt_seconds(uint64_t us, char *buf);

/* ---- /proc/net/hsmon_ports ---- */

#define HSU_PORT_OTHER		(-1)	/* the "other" row's port */

struct hsu_port_row {
	int port;		/* 0 to 65535, or HSU_PORT_OTHER */
	const uint64_t *val;	/* ncol values, in col[] order */
};

/*
 * The header's columns after "port" are "syn" and then the handshake
 * outcomes, in the module's order: col[0] is "syn", col[1] to
 * col[ncol - 1] the outcomes.  They are read from the header, not known
 * here, so that an outcome a newer module adds is one more column.
 */
struct hsu_ports {
	int ncol;
	const char *const *col;		/* ncol names */
	int n;			/* rows, the "other" row included (last) */
	const struct hsu_port_row *row;
	void *mem;		/* what the above point into: hsu_ports_free() */
};

/*
 * The header "port syn OUTCOME...": "port", "syn" and one or more
 * outcomes, each a name as in hsmon (1 to HSU_NAME_MAX characters
 * [A-Za-z0-9_]), all different.  Then one row per port (a decimal port,
 * each at most once) in file order, and last the "other" row, which must
 * be there; each row has a count per column.  No bound on the columns or
 * rows but memory.
 */
int hsu_parse_ports(const char *text, size_t len, struct hsu_ports *out,
		    char *err, size_t errlen);
void hsu_ports_free(struct hsu_ports *p);

/*
 * Is name one of the outcomes of p's header?  false for every name if p
 * is NULL or empty (its file could not be read).
 */
bool hsu_is_outcome(const struct hsu_ports *p, const char *name);

/* ---- /proc/net/hsmon_sources ---- */

#define HSU_SOURCE_NVAL		3	/* the columns after "prefix" */
#define HSU_PREFIX_LEN		52	/* an IPv6 address, "/64" and a NUL */

/* "timeout_synack", "reset_by_client", "last_seen_ms" */
extern const char *const hsu_source_columns[HSU_SOURCE_NVAL];

struct hsu_source {
	char prefix[HSU_PREFIX_LEN];	/* canonical text, "10.9.0.0/24" */
	int family;			/* AF_INET or AF_INET6 */
	uint8_t addr[16];		/* network byte order, 4 or 16 bytes */
	int plen;			/* 32 or 24 (IPv4), 64 (IPv6) */
	uint64_t val[HSU_SOURCE_NVAL];	/* in hsu_source_columns[] order */
};

struct hsu_sources {
	int n;
	struct hsu_source *row;	/* malloc()ed: hsu_sources_free() */
};

/*
 * The header "prefix timeout_synack reset_by_client last_seen_ms", then
 * one row per prefix, in file order: an IPv4 /32 or /24, or an IPv6 /64,
 * without host bits, each at most once.
 */
int hsu_parse_sources(const char *text, size_t len, struct hsu_sources *out,
		      char *err, size_t errlen);
void hsu_sources_free(struct hsu_sources *s);

/*
 * Read (at most HSU_TABLE_FILE_MAX bytes) and parse the file at path,
 * like hsu_read_file(): 0, or a negative errno with a message starting
 * with path in err (-EPERM: hsmon_sources read without CAP_NET_ADMIN;
 * -ENOMEM: out of memory; -EINVAL: does not parse).
 */
int hsu_read_rtt_file(const char *path, struct hsu_rtt *out, char *err, size_t errlen);
int hsu_read_ports_file(const char *path, struct hsu_ports *out,
			char *err, size_t errlen);
int hsu_read_sources_file(const char *path, struct hsu_sources *out,
			  char *err, size_t errlen);

#endif /* _HSU_PROC_H */
