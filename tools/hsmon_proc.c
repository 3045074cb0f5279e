// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing of hsmon's files under /proc/net; see hsmon_proc.h and
 * Documentation/hsmon.rst.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "hsmon_proc.h"

#define __printf(a, b)	__attribute__((format(printf, a, b)))

#define SHOW_MAX	24	/* characters of a bad token quoted in a message */

static void __printf(3, 4) set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* Copy at most SHOW_MAX bytes of s[0..len) to buf, unprintable ones as '?'. */
static const char *show(char *buf, const char *s, size_t len)
{
	size_t i, n = len > SHOW_MAX ? SHOW_MAX : len;

	for (i = 0; i < n; i++)
		buf[i] = (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?';
	if (n < len)
		memcpy(buf + n, "...", 4);
	else
		buf[n] = '\0';
	return buf;
}

/*
 * Parse one line, s[0..len) without its newline, into it.  Returns NULL,
 * or what is wrong with the line (in msg, or a constant).
 */
static const char *parse_line(const char *s, size_t len, struct hsu_item *it,
			      char *msg, size_t msglen)
{
	char tok[SHOW_MAX + 4];
	size_t i = 0, nlen, start;
	uint64_t v = 0;

	if (!len)
		return "empty line";
	while (i < len && !is_blank(s[i]))
		i++;
	nlen = i;
	if (!nlen)
		return "empty name";
	if (nlen > HSU_NAME_MAX) {
		snprintf(msg, msglen, "name '%s' too long (%zu characters, at most %d)",
			 show(tok, s, nlen), nlen, HSU_NAME_MAX);
		return msg;
	}
	for (i = 0; i < nlen; i++) {
		if (!is_name_char(s[i])) {
			snprintf(msg, msglen,
				 "invalid character 0x%02x in name '%s' (expected A-Z a-z 0-9 _)",
				 (unsigned char)s[i], show(tok, s, nlen));
			return msg;
		}
	}
	memcpy(it->name, s, nlen);
	it->name[nlen] = '\0';

	while (i < len && is_blank(s[i]))
		i++;
	if (i == len) {
		snprintf(msg, msglen, "'%s' has no value", it->name);
		return msg;
	}
	start = i;
	while (i < len && !is_blank(s[i]))
		i++;
	for (size_t j = start; j < i; j++) {
		unsigned int d = (unsigned char)s[j] - '0';

		if (d > 9) {
			snprintf(msg, msglen, "value '%s' of '%s' is not a decimal number",
				 show(tok, s + start, i - start), it->name);
			return msg;
		}
		if (v > (UINT64_MAX - d) / 10) {
			snprintf(msg, msglen, "value '%s' of '%s' is out of range (max %llu)",
				 show(tok, s + start, i - start), it->name,
				 (unsigned long long)UINT64_MAX);
			return msg;
		}
		v = v * 10 + d;
	}
	it->value = v;

	while (i < len && is_blank(s[i]))
		i++;
	if (i < len) {
		snprintf(msg, msglen, "unexpected '%s' after the value of '%s'",
			 show(tok, s + i, len - i), it->name);
		return msg;
	}
	return NULL;
}

int hsu_parse(const char *text, size_t len, struct hsu_sample *out,
	      char *err, size_t errlen)
{
	const char *p = text, *end = text + len;
	char msg[160];
	int line = 0;

	out->n = 0;
	if (!len) {
		set_err(err, errlen, "empty input: no counters");
		return -1;
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', end - p);
		size_t l = (nl ? nl : end) - p;
		struct hsu_item *it;
		const char *what;

		line++;
		if (out->n == HSU_MAX_ITEMS) {
			set_err(err, errlen, "line %d: more than %d items", line,
				HSU_MAX_ITEMS);
			goto fail;
		}
		it = &out->item[out->n];
		what = parse_line(p, l, it, msg, sizeof(msg));
		if (what) {
			set_err(err, errlen, "line %d: %s", line, what);
			goto fail;
		}
		if (hsu_find(out, it->name)) {
			set_err(err, errlen, "line %d: duplicate name '%s'", line, it->name);
			goto fail;
		}
		out->n++;
		p = nl ? nl + 1 : end;
	}
	return 0;
fail:
	out->n = 0;
	return -1;
}

const struct hsu_item *hsu_find(const struct hsu_sample *s, const char *name)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->item[i].name, name))
			return &s->item[i];
	return NULL;
}

int hsu_get(const struct hsu_sample *s, const char *name, uint64_t *value)
{
	const struct hsu_item *it = hsu_find(s, name);

	if (!it)
		return -1;
	*value = it->value;
	return 0;
}

bool hsu_is_gauge(const char *name)
{
	return !strcmp(name, "in_progress") || !strcmp(name, "entries");
}

int hsu_rate(const struct hsu_sample *prev, const struct hsu_sample *cur,
	     const char *name, double seconds, double *rate)
{
	uint64_t a, b;

	if (hsu_is_gauge(name))
		return HSU_RATE_GAUGE;
	if (!(seconds > 0))	/* NaN too */
		return HSU_RATE_BADTIME;
	if (hsu_get(prev, name, &a) || hsu_get(cur, name, &b))
		return HSU_RATE_MISSING;
	if (b < a)
		return HSU_RATE_RESET;
	*rate = (double)(b - a) / seconds;
	return 0;
}

/* Does every counter of a exist in b, and not below its value in a? */
static bool counters_kept(const struct hsu_sample *a, const struct hsu_sample *b)
{
	int i;

	for (i = 0; i < a->n; i++) {
		const struct hsu_item *it = &a->item[i];
		const struct hsu_item *in_b;

		if (hsu_is_gauge(it->name))
			continue;
		in_b = hsu_find(b, it->name);
		if (!in_b || in_b->value < it->value)
			return false;
	}
	return true;
}

bool hsu_counters_reset(const struct hsu_sample *prev, const struct hsu_sample *cur)
{
	int i;

	if (!counters_kept(prev, cur))
		return true;
	/* A counter only cur has: a different module; compare names only. */
	for (i = 0; i < cur->n; i++)
		if (!hsu_is_gauge(cur->item[i].name) && !hsu_find(prev, cur->item[i].name))
			return true;
	return false;
}

/*
 * Read the file at path to its end into a malloc()ed buffer, refusing
 * files of more than max bytes.  Returns 0 with *bufp (free() it) and
 * *lenp, or a negative errno with a message starting with path in err.
 */
static int read_all(const char *path, size_t max, char **bufp, size_t *lenp,
		    char *err, size_t errlen)
{
	size_t size = max < 4096 ? max + 1 : 4096, len = 0;
	char *buf, *nbuf;
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		set_err(err, errlen, "%s: %s", path, strerror(-ret));
		return ret;
	}
	buf = malloc(size);
	if (!buf)
		goto nomem;
	/* /proc files have no size: read to EOF (one seq_file snapshot). */
	for (;;) {
		ssize_t n;

		if (len == size) {
			if (size == max + 1) {
				set_err(err, errlen, "%s: larger than %zu bytes", path, max);
				ret = -EFBIG;
				goto fail;
			}
			size = size > (max + 1) / 2 ? max + 1 : size * 2;
			nbuf = realloc(buf, size);
			if (!nbuf)
				goto nomem;
			buf = nbuf;
		}
		n = read(fd, buf + len, size - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			set_err(err, errlen, "%s: read: %s", path, strerror(-ret));
			goto fail;
		}
		if (!n)
			break;
		len += n;
	}
	close(fd);
	*bufp = buf;
	*lenp = len;
	return 0;
nomem:
	ret = -ENOMEM;
	set_err(err, errlen, "%s: %s", path, strerror(ENOMEM));
fail:
	free(buf);
	close(fd);
	return ret;
}

/* A parser of one of the formats: hsu_parse() and the like, out untyped. */
typedef int (*parse_fn)(const char *text, size_t len, void *out, char *err, size_t errlen);

/*
 * Read the file at path (at most max bytes) and parse it into out with
 * parse; the caller empties out first, for a read error leaves it as it
 * is.  Returns 0, or a negative errno with a message starting with path
 * in err.
 */
static int read_parsed(const char *path, size_t max, parse_fn parse, void *out,
		       char *err, size_t errlen)
{
	/* set by read_all() on success; initialized for -Wmaybe-uninitialized */
	char msg[300], *buf = NULL;
	size_t len = 0;
	int ret;

	ret = read_all(path, max, &buf, &len, err, errlen);
	if (ret)
		return ret;
	ret = parse(buf, len, out, msg, sizeof(msg)) ? -EINVAL : 0;
	free(buf);
	if (ret)
		set_err(err, errlen, "%s: %s", path, msg);
	return ret;
}

static int parse_sample(const char *text, size_t len, void *out, char *err, size_t errlen)
{
	return hsu_parse(text, len, out, err, errlen);
}

int hsu_read_file(const char *path, struct hsu_sample *out, char *err, size_t errlen)
{
	out->n = 0;
	return read_parsed(path, HSU_FILE_MAX, parse_sample, out, err, errlen);
}

/* ---- the table formats: lines, fields, numbers ------------------------- */

/* Fields of a line of hsmon_rtt or hsmon_sources split() looks at */
#define MAX_FIELDS	9

struct lines {
	const char *p, *end;
	int no;			/* of the line last returned, from 1 */
};

struct field {
	const char *s;
	size_t len;
};

/* The next line of ls, without its newline; false at the end of the text. */
static bool next_line(struct lines *ls, const char **s, size_t *len)
{
	const char *nl;

	if (ls->p >= ls->end)
		return false;
	nl = memchr(ls->p, '\n', ls->end - ls->p);
	*s = ls->p;
	*len = (nl ? nl : ls->end) - ls->p;
	ls->p = nl ? nl + 1 : ls->end;
	ls->no++;
	return true;
}

/*
 * Split s[0..len) at blanks into f[0..max): returns the number of fields,
 * or max + 1 if there are more than max.
 */
static int split(const char *s, size_t len, struct field *f, int max)
{
	size_t i = 0;
	int n = 0;

	for (;;) {
		while (i < len && is_blank(s[i]))
			i++;
		if (i == len)
			return n;
		if (n == max)
			return max + 1;
		f[n].s = s + i;
		while (i < len && !is_blank(s[i]))
			i++;
		f[n].len = s + i - f[n].s;
		n++;
	}
}

static bool field_is(const struct field *f, const char *word)
{
	return f->len == strlen(word) && !memcmp(f->s, word, f->len);
}

/* Set err to "line N: " and the message; returns -1. */
static int __printf(4, 5) line_err(char *err, size_t errlen, int line, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	set_err(err, errlen, "line %d: %s", line, msg);
	return -1;
}

/* The error for a line of n fields (from split(f, max)) where want are due. */
static int count_err(char *err, size_t errlen, int line, int n, int max, int want,
		     const char *form)
{
	if (!n)
		return line_err(err, errlen, line, "empty line");
	if (n > max)
		return line_err(err, errlen, line, "more than %d fields, expected %d: %s",
				max, want, form);
	return line_err(err, errlen, line, "%d field%s, expected %d: %s", n,
			n == 1 ? "" : "s", want, form);
}

/* Field f as a decimal u64 in *v: 0, or -1 with the error of line in err. */
static int field_u64(const struct field *f, const char *what, uint64_t *v,
		     char *err, size_t errlen, int line)
{
	char tok[SHOW_MAX + 4];
	uint64_t x = 0;
	size_t i;

	for (i = 0; i < f->len; i++) {
		unsigned int d = (unsigned char)f->s[i] - '0';

		if (d > 9)
			return line_err(err, errlen, line, "%s '%s' is not a decimal number",
					what, show(tok, f->s, f->len));
		if (x > (UINT64_MAX - d) / 10)
			return line_err(err, errlen, line, "%s '%s' is out of range (max %llu)",
					what, show(tok, f->s, f->len),
					(unsigned long long)UINT64_MAX);
		x = x * 10 + d;
	}
	*v = x;
	return 0;
}

/*
 * Check that the first line of ls is the header: first, then the ncol
 * columns.  0, or -1 with the error in err.
 */
static int check_header(struct lines *ls, const char *first, const char *const *col,
			int ncol, char *err, size_t errlen)
{
	struct field f[MAX_FIELDS];
	char want[200], tok[SHOW_MAX + 4];
	size_t off, l;
	const char *s;
	int i, n;

	off = snprintf(want, sizeof(want), "%s", first);
	for (i = 0; i < ncol && off < sizeof(want); i++)
		off += snprintf(want + off, sizeof(want) - off, " %s", col[i]);
	if (!next_line(ls, &s, &l))
		return line_err(err, errlen, 1, "empty input: expected the header '%s'", want);
	n = split(s, l, f, MAX_FIELDS);
	if (n != ncol + 1)
		goto bad;
	for (i = 0; i < n; i++)
		if (!field_is(&f[i], i ? col[i - 1] : first))
			goto bad;
	return 0;
bad:
	return line_err(err, errlen, ls->no, "expected the header '%s', got '%s'", want,
			show(tok, s, l));
}

/* ---- /proc/net/hsmon_rtt ----------------------------------------------- */

int hsu_parse_rtt(const char *text, size_t len, struct hsu_rtt *out,
		  char *err, size_t errlen)
{
	static const char *const head[] = { "count", "sum_us", "min_us", "max_us" };
	uint64_t *head_val[] = { &out->count, &out->sum_us, &out->min_us, &out->max_us };
	struct lines ls = { text, text + len, 0 };
	struct field f[MAX_FIELDS];
	char tok[SHOW_MAX + 4];
	const char *s;
	uint64_t le;
	size_t l;
	int k, n, b;

	memset(out, 0, sizeof(*out));
	for (k = 0; k < 4 + HSU_RTT_BUCKETS; k++) {
		const char *name = k < 4 ? head[k] : "bucket_le_us";

		b = k - 4;
		if (!next_line(&ls, &s, &l)) {
			if (k < 4)
				line_err(err, errlen, ls.no + 1, "missing the '%s N' line", name);
			else
				line_err(err, errlen, ls.no + 1,
					 "%d bucket_le_us lines, expected %d", b,
					 HSU_RTT_BUCKETS);
			goto fail;
		}
		n = split(s, l, f, MAX_FIELDS);
		if (n && !field_is(&f[0], name)) {
			line_err(err, errlen, ls.no, "expected '%s', got '%s'", name,
				 show(tok, f[0].s, f[0].len));
			goto fail;
		}
		if (k < 4) {
			if (n != 2) {
				count_err(err, errlen, ls.no, n, MAX_FIELDS, 2, name);
				goto fail;
			}
			if (field_u64(&f[1], name, head_val[k], err, errlen, ls.no))
				goto fail;
			continue;
		}
		if (n != 3) {
			count_err(err, errlen, ls.no, n, MAX_FIELDS, 3, "'bucket_le_us LE COUNT'");
			goto fail;
		}
		if (field_u64(&f[1], "le", &le, err, errlen, ls.no))
			goto fail;
		if (le != hsu_rtt_le_us(b)) {
			line_err(err, errlen, ls.no,
				 "bucket %d has le %llu, expected %llu (powers of two from 1, in order)",
				 b + 1, (unsigned long long)le,
				 (unsigned long long)hsu_rtt_le_us(b));
			goto fail;
		}
		if (field_u64(&f[2], "bucket count", &out->bucket[b], err, errlen, ls.no))
			goto fail;
	}
	if (next_line(&ls, &s, &l)) {
		n = split(s, l, f, MAX_FIELDS);
		if (n && field_is(&f[0], "bucket_le_us"))
			line_err(err, errlen, ls.no, "more than %d bucket_le_us lines",
				 HSU_RTT_BUCKETS);
		else
			line_err(err, errlen, ls.no, "unexpected '%s' after the last bucket",
				 show(tok, s, l));
		goto fail;
	}
	return 0;
fail:
	memset(out, 0, sizeof(*out));
	return -1;
}

uint64_t hsu_rtt_cumulative(const struct hsu_rtt *r, uint64_t cum[HSU_RTT_BUCKETS])
{
	uint64_t sum = 0;
	int k;

	for (k = 0; k < HSU_RTT_BUCKETS; k++) {
		sum = r->bucket[k] > UINT64_MAX - sum ? UINT64_MAX : sum + r->bucket[k];
		cum[k] = sum;
	}
	return r->count > sum ? r->count : sum;
}

const char *hsu_fmt_seconds(uint64_t us, char *buf)
{
	unsigned int frac = us % 1000000;
	int n;

	n = snprintf(buf, HSU_SECONDS_LEN, "%llu", (unsigned long long)(us / 1000000));
	if (frac) {
		n += snprintf(buf + n, HSU_SECONDS_LEN - n, ".%06u", frac);
		while (buf[n - 1] == '0')
			buf[--n] = '\0';
	}
	return buf;
}

/* ---- /proc/net/hsmon_ports --------------------------------------------- */

/*
 * Columns after "port" at most: every one is a counter of /proc/net/hsmon
 * too, which has at most HSU_MAX_ITEMS lines.
 */
#define PORT_MAX_COLS	HSU_MAX_ITEMS

/* Make room for one more row in *rows (of *cap): 0 or -1. */
static int grow(void **rows, int n, int *cap, size_t size)
{
	void *p;
	int c;

	if (n < *cap)
		return 0;
	c = *cap ? *cap * 2 : 16;
	p = realloc(*rows, (size_t)c * size);
	if (!p)
		return -1;
	*rows = p;
	*cap = c;
	return 0;
}

/* Is f a name as in hsmon: 1 to HSU_NAME_MAX characters [A-Za-z0-9_]? */
static bool field_is_name(const struct field *f)
{
	size_t i;

	if (!f->len || f->len > HSU_NAME_MAX)
		return false;
	for (i = 0; i < f->len; i++)
		if (!is_name_char(f->s[i]))
			return false;
	return true;
}

/*
 * The first line of ls, the header "port syn OUTCOME...", split into
 * f[0..*nf) (f has PORT_MAX_COLS + 1 fields).  0, or -1 with the error in
 * err.
 */
static int ports_header(struct lines *ls, struct field *f, int *nf, char *err, size_t errlen)
{
	static const char form[] = "port syn OUTCOME...";
	char tok[SHOW_MAX + 4];
	const char *s;
	size_t l;
	int i, j, n;

	if (!next_line(ls, &s, &l))
		return line_err(err, errlen, 1, "empty input: expected the header '%s'", form);
	n = split(s, l, f, PORT_MAX_COLS + 1);
	if (n > PORT_MAX_COLS + 1)
		return line_err(err, errlen, ls->no, "more than %d columns after 'port'",
				PORT_MAX_COLS);
	if (n < 3 || !field_is(&f[0], "port") || !field_is(&f[1], "syn"))
		return line_err(err, errlen, ls->no, "expected the header '%s', got '%s'", form,
				show(tok, s, l));
	for (i = 2; i < n; i++) {
		if (!field_is_name(&f[i]))
			return line_err(err, errlen, ls->no,
					"column '%s' is not a name (1 to %d characters A-Z a-z 0-9 _)",
					show(tok, f[i].s, f[i].len), HSU_NAME_MAX);
		for (j = 1; j < i; j++)
			if (f[j].len == f[i].len && !memcmp(f[j].s, f[i].s, f[i].len))
				return line_err(err, errlen, ls->no, "duplicate column '%s'",
						show(tok, f[i].s, f[i].len));
	}
	*nf = n;
	return 0;
}

int hsu_parse_ports(const char *text, size_t len, struct hsu_ports *out,
		    char *err, size_t errlen)
{
	struct lines ls = { text, text + len, 0 };
	uint8_t seen[65536 / 8] = { 0 };
	struct field f[PORT_MAX_COLS + 2];
	struct hsu_port_row *rows;
	char tok[SHOW_MAX + 4], *names;
	size_t l, rows_max, size;
	int n, nf = 0, ncol, i;
	const char **col;
	bool other = false;
	uint64_t *vals;
	const char *s;
	void *mem;

	memset(out, 0, sizeof(*out));
	if (ports_header(&ls, f, &nf, err, errlen))
		return -1;
	ncol = nf - 1;
	/*
	 * One block for it all.  A row is ncol + 1 fields of a character or
	 * more, a blank between two and a newline (but the last's): no more
	 * rows than this fit in the rest of the text.
	 */
	rows_max = ((size_t)(ls.end - ls.p) + 1) / (2 * (size_t)ncol + 2);
	size = rows_max * ncol * sizeof(*vals) + rows_max * sizeof(*rows) +
	       ncol * sizeof(*col) + (ls.p - text) + 1;
	mem = malloc(size);
	if (!mem)
		return line_err(err, errlen, 1, "out of memory");
	vals = mem;
	rows = (struct hsu_port_row *)(vals + rows_max * ncol);
	col = (const char **)(rows + rows_max);
	names = (char *)(col + ncol);
	for (i = 0; i < ncol; i++) {
		memcpy(names, f[i + 1].s, f[i + 1].len);
		names[f[i + 1].len] = '\0';
		col[i] = names;
		names += f[i + 1].len + 1;
	}

	while (next_line(&ls, &s, &l)) {
		struct hsu_port_row *r = &rows[out->n];
		uint64_t port, *v = vals + (size_t)out->n * ncol;

		if (other) {
			line_err(err, errlen, ls.no, "'%s' after the 'other' line",
				 show(tok, s, l));
			goto fail;
		}
		n = split(s, l, f, nf + 1);
		if (n != nf) {
			count_err(err, errlen, ls.no, n, nf + 1, nf,
				  "'PORT' or 'other' and a count per column");
			goto fail;
		}
		if ((size_t)out->n == rows_max) {	/* cannot be, see rows_max */
			line_err(err, errlen, ls.no, "more rows than the text has room for");
			goto fail;
		}
		if (field_is(&f[0], "other")) {
			other = true;
			r->port = HSU_PORT_OTHER;
		} else {
			if (field_u64(&f[0], "port", &port, err, errlen, ls.no))
				goto fail;
			if (port > 65535) {
				line_err(err, errlen, ls.no, "port %llu is out of range (0 to 65535)",
					 (unsigned long long)port);
				goto fail;
			}
			if (seen[port / 8] & (1 << (port % 8))) {
				line_err(err, errlen, ls.no, "duplicate port %llu",
					 (unsigned long long)port);
				goto fail;
			}
			seen[port / 8] |= 1 << (port % 8);
			r->port = port;
		}
		for (i = 0; i < ncol; i++)
			if (field_u64(&f[i + 1], col[i], &v[i], err, errlen, ls.no))
				goto fail;
		r->val = v;
		out->n++;
	}
	if (!other) {
		line_err(err, errlen, ls.no + 1, "missing the 'other' line");
		goto fail;
	}
	out->ncol = ncol;
	out->col = col;
	out->row = rows;
	out->mem = mem;
	return 0;
fail:
	free(mem);
	out->n = 0;
	return -1;
}

void hsu_ports_free(struct hsu_ports *p)
{
	free(p->mem);
	memset(p, 0, sizeof(*p));
}

bool hsu_is_outcome(const struct hsu_ports *p, const char *name)
{
	int i;

	for (i = 1; p && i < p->ncol; i++)
		if (!strcmp(p->col[i], name))
			return true;
	return false;
}

/* ---- /proc/net/hsmon_sources ------------------------------------------- */

const char *const hsu_source_columns[HSU_SOURCE_NVAL] = {
	"timeout_synack", "reset_by_client", "last_seen_ms",
};

/* Field f as a prefix into r: 0, or -1 with the error of line in err. */
static int parse_prefix(const struct field *f, struct hsu_source *r,
			char *err, size_t errlen, int line)
{
	const char *slash = memchr(f->s, '/', f->len);
	char tok[SHOW_MAX + 4], addr[INET6_ADDRSTRLEN];
	size_t alen, i;
	int bytes;

	show(tok, f->s, f->len);
	if (!slash)
		return line_err(err, errlen, line, "prefix '%s' has no /LENGTH", tok);
	alen = slash - f->s;
	/* inet_pton() would stop at a NUL byte and take what comes before */
	if (alen >= sizeof(addr) || memchr(f->s, '\0', alen))
		goto bad_addr;
	memcpy(addr, f->s, alen);
	addr[alen] = '\0';
	r->family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	memset(r->addr, 0, sizeof(r->addr));
	if (inet_pton(r->family, addr, r->addr) != 1)
		goto bad_addr;

	r->plen = -1;
	if (f->len - alen == 3 && r->family == AF_INET) {
		if (!memcmp(slash, "/32", 3))
			r->plen = 32;
		else if (!memcmp(slash, "/24", 3))
			r->plen = 24;
	} else if (f->len - alen == 3 && !memcmp(slash, "/64", 3)) {
		r->plen = 64;
	}
	if (r->plen < 0)
		return line_err(err, errlen, line,
				"prefix '%s': expected /32 or /24 for IPv4, /64 for IPv6", tok);
	bytes = r->family == AF_INET ? 4 : 16;
	for (i = r->plen / 8; i < (size_t)bytes; i++)
		if (r->addr[i])
			return line_err(err, errlen, line,
					"prefix '%s' has bits set past /%d", tok, r->plen);
	/* canonical text: INET6_ADDRSTRLEN and "/64" fit HSU_PREFIX_LEN */
	inet_ntop(r->family, r->addr, r->prefix, sizeof(r->prefix));
	snprintf(r->prefix + strlen(r->prefix), 4, "/%d", r->plen);
	return 0;
bad_addr:
	return line_err(err, errlen, line, "prefix '%s': not an IPv4 or IPv6 address", tok);
}

static int cmp_source(const void *a, const void *b)
{
	const struct hsu_source *x = *(const struct hsu_source *const *)a;
	const struct hsu_source *y = *(const struct hsu_source *const *)b;
	int c;

	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	if (x->plen != y->plen)
		return x->plen < y->plen ? -1 : 1;
	c = memcmp(x->addr, y->addr, sizeof(x->addr));
	if (c)
		return c;
	return x < y ? -1 : x > y;	/* equal prefixes: in file order */
}

/*
 * The index of the first row (in file order) whose prefix an earlier row
 * has too, or -1; -2 if out of memory.  O(n log n): the table may be big.
 */
static int first_duplicate(const struct hsu_sources *s)
{
	const struct hsu_source **p;
	int i, dup = -1;

	if (s->n < 2)
		return -1;
	p = malloc(s->n * sizeof(*p));
	if (!p)
		return -2;
	for (i = 0; i < s->n; i++)
		p[i] = &s->row[i];
	qsort(p, s->n, sizeof(*p), cmp_source);
	for (i = 1; i < s->n; i++) {
		int idx = p[i] - s->row;

		if (p[i - 1]->family == p[i]->family && p[i - 1]->plen == p[i]->plen &&
		    !memcmp(p[i - 1]->addr, p[i]->addr, sizeof(p[i]->addr)) &&
		    (dup < 0 || idx < dup))
			dup = idx;
	}
	free(p);
	return dup;
}

int hsu_parse_sources(const char *text, size_t len, struct hsu_sources *out,
		      char *err, size_t errlen)
{
	struct lines ls = { text, text + len, 0 };
	struct field f[MAX_FIELDS];
	void *rows = NULL;
	const char *s;
	int n, i, cap = 0;
	size_t l;

	out->n = 0;
	out->row = NULL;
	if (check_header(&ls, "prefix", hsu_source_columns, HSU_SOURCE_NVAL, err, errlen))
		return -1;
	while (next_line(&ls, &s, &l)) {
		struct hsu_source *r;

		n = split(s, l, f, MAX_FIELDS);
		if (n != HSU_SOURCE_NVAL + 1) {
			count_err(err, errlen, ls.no, n, MAX_FIELDS, HSU_SOURCE_NVAL + 1,
				  "'PREFIX timeout_synack reset_by_client last_seen_ms'");
			goto fail;
		}
		if (grow(&rows, out->n, &cap, sizeof(*r))) {
			line_err(err, errlen, ls.no, "out of memory");
			goto fail;
		}
		r = (struct hsu_source *)rows + out->n;
		if (parse_prefix(&f[0], r, err, errlen, ls.no))
			goto fail;
		for (i = 0; i < HSU_SOURCE_NVAL; i++)
			if (field_u64(&f[i + 1], hsu_source_columns[i], &r->val[i], err, errlen,
				      ls.no))
				goto fail;
		out->n++;
	}
	out->row = rows;
	i = first_duplicate(out);
	if (i == -2) {
		line_err(err, errlen, ls.no, "out of memory");
		goto fail;
	}
	if (i >= 0) {
		/* one row per line after the header */
		line_err(err, errlen, i + 2, "duplicate prefix %s", out->row[i].prefix);
		goto fail;
	}
	return 0;
fail:
	free(rows);
	out->row = NULL;
	out->n = 0;
	return -1;
}

void hsu_sources_free(struct hsu_sources *s)
{
	free(s->row);
	s->row = NULL;
	s->n = 0;
}

/* ---- reading the table formats ----------------------------------------- */

static int parse_rtt(const char *text, size_t len, void *out, char *err, size_t errlen)
{
	return hsu_parse_rtt(text, len, out, err, errlen);
}

int hsu_read_rtt_file(const char *path, struct hsu_rtt *out, char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	return read_parsed(path, HSU_TABLE_FILE_MAX, parse_rtt, out, err, errlen);
}

static int parse_ports(const char *text, size_t len, void *out, char *err, size_t errlen)
{
	return hsu_parse_ports(text, len, out, err, errlen);
}

int hsu_read_ports_file(const char *path, struct hsu_ports *out,
			char *err, size_t errlen)
{
	memset(out, 0, sizeof(*out));
	return read_parsed(path, HSU_TABLE_FILE_MAX, parse_ports, out, err, errlen);
}

static int parse_sources(const char *text, size_t len, void *out, char *err, size_t errlen)
{
	return hsu_parse_sources(text, len, out, err, errlen);
}

int hsu_read_sources_file(const char *path, struct hsu_sources *out,
			  char *err, size_t errlen)
{
	out->n = 0;
	out->row = NULL;
	return read_parsed(path, HSU_TABLE_FILE_MAX, parse_sources, out, err, errlen);
}
