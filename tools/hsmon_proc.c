// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing of /proc/net/hsmon; see hsmon_proc.h and Documentation/hsmon.rst.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
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
static const char *parse_line(const char *s, size_t len, struct hsmon_item *it,
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
	if (nlen > HSMON_NAME_MAX) {
		snprintf(msg, msglen, "name '%s' too long (%zu characters, at most %d)",
			 show(tok, s, nlen), nlen, HSMON_NAME_MAX);
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

int hsmon_parse(const char *text, size_t len, struct hsmon_sample *out,
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
		struct hsmon_item *it;
		const char *what;

		line++;
		if (out->n == HSMON_MAX_ITEMS) {
			set_err(err, errlen, "line %d: more than %d items", line,
				HSMON_MAX_ITEMS);
			goto fail;
		}
		it = &out->item[out->n];
		what = parse_line(p, l, it, msg, sizeof(msg));
		if (what) {
			set_err(err, errlen, "line %d: %s", line, what);
			goto fail;
		}
		if (hsmon_find(out, it->name)) {
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

const struct hsmon_item *hsmon_find(const struct hsmon_sample *s, const char *name)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (!strcmp(s->item[i].name, name))
			return &s->item[i];
	return NULL;
}

int hsmon_get(const struct hsmon_sample *s, const char *name, uint64_t *value)
{
	const struct hsmon_item *it = hsmon_find(s, name);

	if (!it)
		return -1;
	*value = it->value;
	return 0;
}

bool hsmon_is_gauge(const char *name)
{
	return !strcmp(name, "in_progress") || !strcmp(name, "entries");
}

int hsmon_rate(const struct hsmon_sample *prev, const struct hsmon_sample *cur,
	       const char *name, double seconds, double *rate)
{
	uint64_t a, b;

	if (hsmon_is_gauge(name))
		return HSMON_RATE_GAUGE;
	if (!(seconds > 0))	/* NaN too */
		return HSMON_RATE_BADTIME;
	if (hsmon_get(prev, name, &a) || hsmon_get(cur, name, &b))
		return HSMON_RATE_MISSING;
	if (b < a)
		return HSMON_RATE_RESET;
	*rate = (double)(b - a) / seconds;
	return 0;
}

/* Does every counter of a exist in b, and not below its value in a? */
static bool counters_kept(const struct hsmon_sample *a, const struct hsmon_sample *b)
{
	int i;

	for (i = 0; i < a->n; i++) {
		const struct hsmon_item *it = &a->item[i];
		const struct hsmon_item *in_b;

		if (hsmon_is_gauge(it->name))
			continue;
		in_b = hsmon_find(b, it->name);
		if (!in_b || in_b->value < it->value)
			return false;
	}
	return true;
}

bool hsmon_counters_reset(const struct hsmon_sample *prev, const struct hsmon_sample *cur)
{
	int i;

	if (!counters_kept(prev, cur))
		return true;
	/* A counter only cur has: a different module; compare names only. */
	for (i = 0; i < cur->n; i++)
		if (!hsmon_is_gauge(cur->item[i].name) && !hsmon_find(prev, cur->item[i].name))
			return true;
	return false;
}

int hsmon_read_file(const char *path, struct hsmon_sample *out, char *err, size_t errlen)
{
	char buf[HSMON_FILE_MAX + 1];
	size_t len = 0;
	char msg[200];
	int fd, ret;

	out->n = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		set_err(err, errlen, "%s: %s", path, strerror(-ret));
		return ret;
	}
	/* /proc files have no size: read to EOF (one seq_file snapshot). */
	for (;;) {
		ssize_t n = read(fd, buf + len, sizeof(buf) - len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			ret = -errno;
			set_err(err, errlen, "%s: read: %s", path, strerror(-ret));
			close(fd);
			return ret;
		}
		if (!n)
			break;
		len += n;
		if (len == sizeof(buf)) {
			set_err(err, errlen, "%s: larger than %d bytes", path, HSMON_FILE_MAX);
			close(fd);
			return -EFBIG;
		}
	}
	close(fd);
	if (hsmon_parse(buf, len, out, msg, sizeof(msg))) {
		set_err(err, errlen, "%s: %s", path, msg);
		return -EINVAL;
	}
	return 0;
}
