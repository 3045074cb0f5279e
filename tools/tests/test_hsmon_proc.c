// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of hsmon_proc.c: "make -C tools test".  /proc/net/hsmon
 * first, then hsmon_rtt, hsmon_ports and hsmon_sources.
 *
 * One line per test, "ok" or "FAIL" and why; the last line is
 * "N passed, N failed"; the exit status is 1 if any test failed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hsmon_proc.h"
#include "testlib.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* A parse of text that must fail with an error naming line "line N:". */
#define CHECK_PARSE_FAILS(text, line) do {				\
	if (!parse_fails(text, 0, line))				\
		return false;						\
} while (0)

static const char *const names[] = {
	"syn", "syn_retrans", "syn_replaced", "synack", "synack_retrans",
	"completed", "timeout_syn", "timeout_synack", "reset_by_client",
	"rejected", "bad_ack", "evicted", "late_ack", "untracked", "ignored",
	"invalid", "in_progress", "entries",
};

/* A file as the module writes it, value of the i-th name: full_value(i). */
static uint64_t full_value(size_t i)
{
	return 1000003ull * (i + 1) + i;
}

static void full_text(char *buf, size_t size)
{
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(names); i++)
		off += snprintf(buf + off, size - off, "%s %llu\n", names[i],
				(unsigned long long)full_value(i));
}

/* len 0: strlen(text) */
static bool parse_fails(const char *text, size_t len, int line)
{
	struct hsu_sample s;
	char err[256], want[32];

	if (!len)
		len = strlen(text);
	memset(err, 0, sizeof(err));
	s.n = 7;
	if (!hsu_parse(text, len, &s, err, sizeof(err))) {
		snprintf(why, sizeof(why), "parsed, expected an error on line %d", line);
		return false;
	}
	snprintf(want, sizeof(want), "line %d:", line);
	if (strncmp(err, want, strlen(want)) || !err[strlen(want)] || s.n) {
		snprintf(why, sizeof(why), "error '%s' (n %d), expected '%s ...'", err, s.n,
			 want);
		return false;
	}
	return true;
}

/* ---- parsing ----------------------------------------------------------- */

static bool test_full_file(void)
{
	struct hsu_sample s;
	char text[2048], err[256] = "";
	size_t i;
	uint64_t v;

	full_text(text, sizeof(text));
	CHECK(hsu_parse(text, strlen(text), &s, err, sizeof(err)) == 0);
	CHECK(s.n == (int)ARRAY_SIZE(names));
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		CHECK(!strcmp(s.item[i].name, names[i]));
		CHECK(s.item[i].value == full_value(i));
		CHECK(hsu_get(&s, names[i], &v) == 0 && v == full_value(i));
	}
	return true;
}

static bool test_unknown_name_kept(void)
{
	static const char text[] = "syn 5\ncompleted 4\nbrand_new_counter 42\n"
				   "in_progress 1\nentries 1\n";
	struct hsu_sample s;
	uint64_t v = 0;

	CHECK(hsu_parse(text, strlen(text), &s, NULL, 0) == 0);
	CHECK(s.n == 5);
	CHECK(!strcmp(s.item[2].name, "brand_new_counter") && s.item[2].value == 42);
	CHECK(hsu_get(&s, "brand_new_counter", &v) == 0 && v == 42);
	CHECK(!hsu_is_gauge("brand_new_counter"));
	return true;
}

static bool test_u64_max(void)
{
	static const char text[] = "syn 18446744073709551615\nentries 0\n";
	struct hsu_sample s;

	CHECK(hsu_parse(text, strlen(text), &s, NULL, 0) == 0);
	CHECK(s.n == 2 && s.item[0].value == UINT64_MAX && s.item[1].value == 0);
	return true;
}

static bool test_u64_overflow(void)
{
	CHECK_PARSE_FAILS("syn 1\ncompleted 18446744073709551616\n", 2);
	CHECK_PARSE_FAILS("syn 99999999999999999999\n", 1);
	CHECK_PARSE_FAILS("syn 184467440737095516150\n", 1);
	return true;
}

static bool test_leading_zeros(void)
{
	static const char text[] = "syn 007\nentries 00000000000000000000000000000000001\n";
	struct hsu_sample s;

	CHECK(hsu_parse(text, strlen(text), &s, NULL, 0) == 0);
	CHECK(s.item[0].value == 7 && s.item[1].value == 1);
	return true;
}

static bool test_missing_value(void)
{
	CHECK_PARSE_FAILS("syn 1\nsyn_retrans\n", 2);
	CHECK_PARSE_FAILS("syn 1\nsyn_retrans \n", 2);
	CHECK_PARSE_FAILS("syn", 1);
	return true;
}

static bool test_not_digits(void)
{
	CHECK_PARSE_FAILS("syn abc\n", 1);
	CHECK_PARSE_FAILS("syn 1\nsynack 12abc\n", 2);
	CHECK_PARSE_FAILS("syn 0x10\n", 1);
	CHECK_PARSE_FAILS("syn 1.5\n", 1);
	CHECK_PARSE_FAILS("syn +1\n", 1);
	return true;
}

static bool test_negative(void)
{
	CHECK_PARSE_FAILS("syn 1\nsyn_retrans 2\nsynack -1\n", 3);
	return true;
}

static bool test_empty_name(void)
{
	CHECK_PARSE_FAILS(" 5\n", 1);
	CHECK_PARSE_FAILS("syn 1\n\t5\n", 2);
	return true;
}

static bool test_bad_name_chars(void)
{
	CHECK_PARSE_FAILS("syn 1\nsyn-retrans 2\n", 2);
	CHECK_PARSE_FAILS("s\"yn 1\n", 1);
	return true;
}

static bool test_name_length(void)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyz_0123 1\n";	/* 31 characters */
	struct hsu_sample s;

	CHECK(hsu_parse(ok, strlen(ok), &s, NULL, 0) == 0);
	CHECK(strlen(s.item[0].name) == HSU_NAME_MAX && s.item[0].value == 1);
	CHECK_PARSE_FAILS("syn 1\nabcdefghijklmnopqrstuvwxyz_01234 1\n", 2);
	return true;
}

static bool test_too_many_items(void)
{
	char text[HSU_MAX_ITEMS * 16 + 32];
	struct hsu_sample s;
	size_t off = 0;
	int i;

	for (i = 0; i < HSU_MAX_ITEMS; i++)
		off += snprintf(text + off, sizeof(text) - off, "c%d %d\n", i, i);
	CHECK(hsu_parse(text, off, &s, NULL, 0) == 0);
	CHECK(s.n == HSU_MAX_ITEMS && s.item[63].value == 63);
	snprintf(text + off, sizeof(text) - off, "c64 64\n");
	CHECK_PARSE_FAILS(text, HSU_MAX_ITEMS + 1);
	return true;
}

static bool test_empty_input(void)
{
	struct hsu_sample s;
	char err[128] = "";

	s.n = 3;
	CHECK(hsu_parse("", 0, &s, err, sizeof(err)) == -1);
	CHECK(s.n == 0 && err[0]);
	CHECK_PARSE_FAILS("\n", 1);
	return true;
}

static bool test_no_trailing_newline(void)
{
	static const char text[] = "syn 12\nentries 34";
	struct hsu_sample s;

	CHECK(hsu_parse(text, strlen(text), &s, NULL, 0) == 0);
	CHECK(s.n == 2 && s.item[1].value == 34 && !strcmp(s.item[1].name, "entries"));
	return true;
}

static bool test_blanks(void)
{
	static const char text[] = "syn\t12\ncompleted   3  \n";
	struct hsu_sample s;

	CHECK(hsu_parse(text, strlen(text), &s, NULL, 0) == 0);
	CHECK(s.n == 2 && s.item[0].value == 12 && s.item[1].value == 3);
	return true;
}

static bool test_other_malformed(void)
{
	CHECK_PARSE_FAILS("syn 1\nsyn 2\n", 2);		/* duplicate */
	CHECK_PARSE_FAILS("syn 1 2\n", 1);		/* extra field */
	CHECK_PARSE_FAILS("syn 1\n\nentries 2\n", 2);	/* empty line */
	CHECK_PARSE_FAILS("syn 1\r\n", 1);		/* not a Unix line */
	/* a NUL byte inside the length is not the end of the text */
	if (!parse_fails("syn 1\nentries 2\0\n", 16, 2))
		return false;
	return true;
}

static bool test_error_truncated(void)
{
	struct hsu_sample s;
	char err[8];

	memset(err, 'x', sizeof(err));
	CHECK(hsu_parse("syn abc", 7, &s, err, sizeof(err)) == -1);
	CHECK(!strcmp(err, "line 1:"));
	CHECK(hsu_parse("syn abc", 7, &s, NULL, 0) == -1);
	return true;
}

/* ---- lookups and rates ------------------------------------------------- */

static bool test_get_missing(void)
{
	static const char text[] = "syn 1\nentries 2\n";
	struct hsu_sample s;
	uint64_t v = 12345;

	CHECK(hsu_parse(text, strlen(text), &s, NULL, 0) == 0);
	CHECK(hsu_get(&s, "completed", &v) == -1 && v == 12345);
	CHECK(hsu_get(&s, "", &v) == -1 && v == 12345);
	CHECK(hsu_get(&s, "sy", &v) == -1 && v == 12345);
	CHECK(!hsu_find(&s, "synack"));
	return true;
}

static bool test_is_gauge(void)
{
	CHECK(hsu_is_gauge("in_progress"));
	CHECK(hsu_is_gauge("entries"));
	CHECK(!hsu_is_gauge("syn"));
	CHECK(!hsu_is_gauge("entries2"));
	CHECK(!hsu_is_gauge(""));
	return true;
}

static bool parse2(const char *a, const char *b, struct hsu_sample *sa,
		   struct hsu_sample *sb)
{
	return !hsu_parse(a, strlen(a), sa, NULL, 0) && !hsu_parse(b, strlen(b), sb, NULL, 0);
}

static bool test_rate_exact(void)
{
	const char *a = "syn 100\ncompleted 7\nevicted 18446744073709551610\n"
			"in_progress 9\nentries 10\n";
	const char *b = "syn 351\ncompleted 7\nevicted 18446744073709551614\n"
			"in_progress 3\nentries 4\n";
	struct hsu_sample sa, sb;
	double r = -1;

	CHECK(parse2(a, b, &sa, &sb));
	CHECK(hsu_rate(&sa, &sb, "syn", 2.0, &r) == 0 && r == 125.5);
	CHECK(hsu_rate(&sa, &sb, "completed", 2.0, &r) == 0 && r == 0.0);
	CHECK(hsu_rate(&sa, &sb, "evicted", 2.0, &r) == 0 && r == 2.0);
	CHECK(hsu_rate(&sa, &sb, "syn", 0.5, &r) == 0 && r == 502.0);
	CHECK(!hsu_counters_reset(&sa, &sb));
	return true;
}

static bool test_rate_gauge(void)
{
	const char *a = "syn 1\nin_progress 9\nentries 10\n";
	const char *b = "syn 2\nin_progress 3\nentries 40\n";
	struct hsu_sample sa, sb;
	double r = -1;

	CHECK(parse2(a, b, &sa, &sb));
	CHECK(hsu_rate(&sa, &sb, "in_progress", 2.0, &r) == HSU_RATE_GAUGE && r == -1);
	CHECK(hsu_rate(&sa, &sb, "entries", 2.0, &r) == HSU_RATE_GAUGE && r == -1);
	/* a gauge going down is not a reset */
	CHECK(!hsu_counters_reset(&sa, &sb));
	return true;
}

static bool test_rate_reset(void)
{
	const char *a = "syn 500\ncompleted 400\nin_progress 1\nentries 1\n";
	const char *b = "syn 501\ncompleted 3\nin_progress 1\nentries 1\n";
	struct hsu_sample sa, sb;
	double r = -1;

	CHECK(parse2(a, b, &sa, &sb));
	CHECK(hsu_rate(&sa, &sb, "completed", 2.0, &r) == HSU_RATE_RESET && r == -1);
	CHECK(hsu_rate(&sa, &sb, "syn", 2.0, &r) == 0 && r == 0.5);
	CHECK(hsu_counters_reset(&sa, &sb));
	CHECK(!hsu_counters_reset(&sa, &sa) && !hsu_counters_reset(&sb, &sb));
	return true;
}

static bool test_rate_counter_set_changed(void)
{
	const char *a = "syn 5\nin_progress 1\nentries 1\n";
	const char *b = "syn 6\nnew_one 0\nin_progress 1\nentries 1\n";
	const char *c = "syn 6\nin_progress 1\nentries 1\n";
	struct hsu_sample sa, sb, sc;

	CHECK(parse2(a, b, &sa, &sb));
	CHECK(hsu_parse(c, strlen(c), &sc, NULL, 0) == 0);
	CHECK(hsu_counters_reset(&sa, &sb));	/* a counter appeared */
	CHECK(hsu_counters_reset(&sb, &sc));	/* a counter went away */
	CHECK(!hsu_counters_reset(&sa, &sc));
	return true;
}

static bool test_rate_errors(void)
{
	const char *a = "syn 5\nentries 1\n";
	const char *b = "syn 6\ncompleted 1\nentries 1\n";
	struct hsu_sample sa, sb;
	double r = -1;

	CHECK(parse2(a, b, &sa, &sb));
	CHECK(hsu_rate(&sa, &sb, "completed", 1.0, &r) == HSU_RATE_MISSING && r == -1);
	CHECK(hsu_rate(&sa, &sb, "nothing", 1.0, &r) == HSU_RATE_MISSING && r == -1);
	CHECK(hsu_rate(&sa, &sb, "syn", 0.0, &r) == HSU_RATE_BADTIME && r == -1);
	CHECK(hsu_rate(&sa, &sb, "syn", -1.0, &r) == HSU_RATE_BADTIME && r == -1);
	return true;
}

/* ---- hsu_read_file() ------------------------------------------------- */

static bool test_read_file(void)
{
	char path[] = "/tmp/test_hsmon_proc.XXXXXX";
	char text[2048], err[256] = "";
	struct hsu_sample s;
	bool ok = false;
	int fd, ret;

	full_text(text, sizeof(text));
	fd = mkstemp(path);
	CHECK(fd >= 0);
	if (write(fd, text, strlen(text)) == (ssize_t)strlen(text)) {
		ret = hsu_read_file(path, &s, err, sizeof(err));
		ok = !ret && s.n == (int)ARRAY_SIZE(names) && s.item[17].value == full_value(17);
	}
	if (ok) {	/* and a malformed one: the path and the line in the error */
		ok = !ftruncate(fd, 0) && pwrite(fd, "syn 1\nsyn x\n", 12, 0) == 12 &&
		     hsu_read_file(path, &s, err, sizeof(err)) == -EINVAL &&
		     !strncmp(err, path, strlen(path)) && strstr(err, ": line 2: ");
	}
	close(fd);
	unlink(path);
	CHECK(ok);
	CHECK(hsu_read_file("/nonexistent/hsmon", &s, err, sizeof(err)) == -ENOENT);
	CHECK(strstr(err, "/nonexistent/hsmon") && s.n == 0);
	return true;
}

/* ---- the fixed formats: helpers ---------------------------------------- */

enum fixed {
	RTT,
	PORTS,
	SOURCES,
};

static const char ports_header[] =
	"port syn completed timeout_syn timeout_synack reset_by_client rejected bad_ack evicted\n";
static const char sources_header[] =
	"prefix timeout_synack reset_by_client last_seen_ms\n";

/*
 * Parse text (len 0: strlen(text)) as format f, which must fail with an
 * error "line N: ..." and leave the output empty.
 */
static bool fixed_fails(enum fixed f, const char *text, size_t len, int line)
{
	static const struct hsu_rtt zero;
	struct hsu_sources src;
	struct hsu_ports ports;
	struct hsu_rtt rtt;
	char err[256], want[32];
	bool empty = false;
	int ret = 0;

	if (!len)
		len = strlen(text);
	memset(err, 0, sizeof(err));
	switch (f) {
	case RTT:
		memset(&rtt, 0x55, sizeof(rtt));
		ret = hsu_parse_rtt(text, len, &rtt, err, sizeof(err));
		empty = !memcmp(&rtt, &zero, sizeof(rtt));
		break;
	case PORTS:
		ports.n = 7;
		ports.row = (void *)&ports;
		ret = hsu_parse_ports(text, len, &ports, err, sizeof(err));
		empty = !ports.n && !ports.row;
		if (!ret)
			hsu_ports_free(&ports);
		break;
	case SOURCES:
		src.n = 7;
		src.row = (void *)&src;
		ret = hsu_parse_sources(text, len, &src, err, sizeof(err));
		empty = !src.n && !src.row;
		if (!ret)
			hsu_sources_free(&src);
		break;
	}
	if (!ret) {
		snprintf(why, sizeof(why), "parsed, expected an error on line %d", line);
		return false;
	}
	snprintf(want, sizeof(want), "line %d:", line);
	if (ret != -1 || strncmp(err, want, strlen(want)) || !err[strlen(want)] || !empty) {
		snprintf(why, sizeof(why), "error %d '%s' (output %s), expected '%s ...'", ret,
			 err, empty ? "empty" : "left", want);
		return false;
	}
	return true;
}

#define CHECK_FIXED_FAILS(f, text, line) do {				\
	if (!fixed_fails(f, text, 0, line))				\
		return false;						\
} while (0)

/*
 * An hsmon_rtt file with buckets b (NULL: all 0); nb bucket lines, the
 * k-th with le = le[k] if le, else 2^k.
 */
static void rtt_text(char *buf, size_t size, uint64_t count, uint64_t sum, uint64_t min,
		     uint64_t max, const uint64_t *b, int nb, const uint64_t *le)
{
	size_t off;
	int k;

	off = snprintf(buf, size, "count %llu\nsum_us %llu\nmin_us %llu\nmax_us %llu\n",
		       (unsigned long long)count, (unsigned long long)sum,
		       (unsigned long long)min, (unsigned long long)max);
	for (k = 0; k < nb && off < size; k++)
		off += snprintf(buf + off, size - off, "bucket_le_us %llu %llu\n",
				(unsigned long long)(le ? le[k] : 1ull << k),
				(unsigned long long)(b ? b[k] : 0));
}

/* The 33 bucket values of the sample below: 12 handshakes, 120 to 8000 us. */
static const uint64_t sample_buckets[HSU_RTT_BUCKETS] = {
	[7] = 2, [8] = 5, [9] = 3, [11] = 1, [13] = 1,
};

/* ---- /proc/net/hsmon_rtt ----------------------------------------------- */

static bool test_rtt_exact(void)
{
	struct hsu_rtt r;
	char text[2048], err[256] = "";
	int k;

	rtt_text(text, sizeof(text), 12, 34567, 120, 8000, sample_buckets,
		 HSU_RTT_BUCKETS, NULL);
	CHECK(!strncmp(text, "count 12\nsum_us 34567\nmin_us 120\nmax_us 8000\n"
		       "bucket_le_us 1 0\nbucket_le_us 2 0\n", 70));
	CHECK(strstr(text, "\nbucket_le_us 4294967296 0\n"));
	CHECK(hsu_parse_rtt(text, strlen(text), &r, err, sizeof(err)) == 0);
	CHECK(r.count == 12 && r.sum_us == 34567 && r.min_us == 120 && r.max_us == 8000);
	for (k = 0; k < HSU_RTT_BUCKETS; k++)
		CHECK(r.bucket[k] == sample_buckets[k]);
	CHECK(hsu_rtt_le_us(0) == 1 && hsu_rtt_le_us(10) == 1024);
	CHECK(hsu_rtt_le_us(HSU_RTT_BUCKETS - 1) == 4294967296ull);
	return true;
}

static bool test_rtt_variants(void)
{
	uint64_t b[HSU_RTT_BUCKETS], big = UINT64_MAX;
	char text[2048];
	struct hsu_rtt r;
	size_t l;
	int k;

	/* nothing completed yet */
	rtt_text(text, sizeof(text), 0, 0, 0, 0, NULL, HSU_RTT_BUCKETS, NULL);
	CHECK(hsu_parse_rtt(text, strlen(text), &r, NULL, 0) == 0);
	CHECK(r.count == 0 && r.min_us == 0 && r.max_us == 0 && r.bucket[32] == 0);
	/* no newline at the end; u64 values */
	for (k = 0; k < HSU_RTT_BUCKETS; k++)
		b[k] = big - k;
	rtt_text(text, sizeof(text), big, big, 1, big, b, HSU_RTT_BUCKETS, NULL);
	l = strlen(text) - 1;
	CHECK(hsu_parse_rtt(text, l, &r, NULL, 0) == 0);
	CHECK(r.count == big && r.bucket[0] == big && r.bucket[32] == big - 32);
	/* blanks: tabs, several, trailing */
	memcpy(text, "count\t3  \n", 10);
	memcpy(text + 10, "sum_us   17\t\nmin_us 1\nmax_us 9\n", 31);
	rtt_text(text + 41, sizeof(text) - 41, 0, 0, 0, 0, NULL, 0, NULL);
	text[41] = '\0';
	for (k = 0, l = 41; k < HSU_RTT_BUCKETS; k++)
		l += snprintf(text + l, sizeof(text) - l, "bucket_le_us\t%llu \t%d \n",
			      1ull << k, k == 2 ? 3 : 0);
	CHECK(hsu_parse_rtt(text, l, &r, NULL, 0) == 0);
	CHECK(r.count == 3 && r.sum_us == 17 && r.bucket[2] == 3);
	return true;
}

/* The sample with line no (from 1) replaced by repl. */
static void rtt_with_line(char *out, size_t size, int no, const char *repl)
{
	char text[2048], *p = text, *nl;
	size_t off = 0;
	int line;

	rtt_text(text, sizeof(text), 12, 34567, 120, 8000, sample_buckets,
		 HSU_RTT_BUCKETS, NULL);
	for (line = 1; *p; line++) {
		nl = strchr(p, '\n');
		if (line == no)
			off += snprintf(out + off, size - off, "%s", repl);
		else
			off += snprintf(out + off, size - off, "%.*s", (int)(nl - p + 1), p);
		p = nl + 1;
	}
}

static bool test_rtt_field_count(void)
{
	char text[2048];

	rtt_with_line(text, sizeof(text), 1, "count 12 13\n");
	CHECK_FIXED_FAILS(RTT, text, 1);
	rtt_with_line(text, sizeof(text), 2, "sum_us\n");
	CHECK_FIXED_FAILS(RTT, text, 2);
	rtt_with_line(text, sizeof(text), 7, "bucket_le_us 4\n");
	CHECK_FIXED_FAILS(RTT, text, 7);
	rtt_with_line(text, sizeof(text), 12, "bucket_le_us 128 2 0\n");
	CHECK_FIXED_FAILS(RTT, text, 12);
	rtt_with_line(text, sizeof(text), 9, "\n");	/* empty line */
	CHECK_FIXED_FAILS(RTT, text, 9);
	rtt_with_line(text, sizeof(text), 3, "  \t\n");
	CHECK_FIXED_FAILS(RTT, text, 3);
	return true;
}

static bool test_rtt_not_numeric(void)
{
	char text[2048];

	rtt_with_line(text, sizeof(text), 1, "count twelve\n");
	CHECK_FIXED_FAILS(RTT, text, 1);
	rtt_with_line(text, sizeof(text), 2, "sum_us -1\n");
	CHECK_FIXED_FAILS(RTT, text, 2);
	rtt_with_line(text, sizeof(text), 4, "max_us 8000.5\n");
	CHECK_FIXED_FAILS(RTT, text, 4);
	rtt_with_line(text, sizeof(text), 3, "min_us 18446744073709551616\n");
	CHECK_FIXED_FAILS(RTT, text, 3);
	rtt_with_line(text, sizeof(text), 8, "bucket_le_us 8 +1\n");
	CHECK_FIXED_FAILS(RTT, text, 8);
	rtt_with_line(text, sizeof(text), 10, "bucket_le_us 0x20 0\n");
	CHECK_FIXED_FAILS(RTT, text, 10);
	rtt_with_line(text, sizeof(text), 37, "bucket_le_us 4294967296 1e3\n");
	CHECK_FIXED_FAILS(RTT, text, 37);
	return true;
}

static bool test_rtt_bucket_count(void)
{
	char text[2048];
	size_t l;

	rtt_text(text, sizeof(text), 12, 34567, 120, 8000, sample_buckets, 32, NULL);
	CHECK_FIXED_FAILS(RTT, text, 37);	/* the 33rd is missing */
	rtt_text(text, sizeof(text), 0, 0, 0, 0, NULL, 0, NULL);
	CHECK_FIXED_FAILS(RTT, text, 5);	/* none */
	rtt_text(text, sizeof(text), 0, 0, 0, 0, NULL, 1, NULL);
	CHECK_FIXED_FAILS(RTT, text, 6);
	/* a 34th, with the next power of two */
	rtt_text(text, sizeof(text), 0, 0, 0, 0, NULL, HSU_RTT_BUCKETS, NULL);
	l = strlen(text);
	snprintf(text + l, sizeof(text) - l, "bucket_le_us 8589934592 0\n");
	CHECK_FIXED_FAILS(RTT, text, 38);
	/* anything else after the last bucket */
	snprintf(text + l, sizeof(text) - l, "count 12\n");
	CHECK_FIXED_FAILS(RTT, text, 38);
	return true;
}

static bool test_rtt_le_order(void)
{
	uint64_t le[HSU_RTT_BUCKETS];
	char text[2048];
	int k;

	for (k = 0; k < HSU_RTT_BUCKETS; k++)
		le[k] = 1ull << k;
	le[3] = 7;				/* not a power of two */
	rtt_text(text, sizeof(text), 0, 0, 0, 0, NULL, HSU_RTT_BUCKETS, le);
	CHECK_FIXED_FAILS(RTT, text, 8);
	le[3] = 8;
	le[5] = 64;				/* a power of two, not in order */
	le[6] = 32;
	rtt_text(text, sizeof(text), 0, 0, 0, 0, NULL, HSU_RTT_BUCKETS, le);
	CHECK_FIXED_FAILS(RTT, text, 10);
	le[5] = 32;
	le[6] = 64;
	le[0] = 0;				/* 2^0 is the first */
	rtt_text(text, sizeof(text), 0, 0, 0, 0, NULL, HSU_RTT_BUCKETS, le);
	CHECK_FIXED_FAILS(RTT, text, 5);
	/* starting at 2 (le[1]): le 2 is not due on the first bucket line */
	le[0] = 1;
	rtt_text(text, sizeof(text), 0, 0, 0, 0, NULL, HSU_RTT_BUCKETS - 1, le + 1);
	CHECK_FIXED_FAILS(RTT, text, 5);
	return true;
}

static bool test_rtt_header(void)
{
	char text[2048];

	CHECK_FIXED_FAILS(RTT, "", 1);
	CHECK_FIXED_FAILS(RTT, "count 1\n", 2);
	rtt_with_line(text, sizeof(text), 1, "");		/* no count line */
	CHECK_FIXED_FAILS(RTT, text, 1);
	rtt_with_line(text, sizeof(text), 1, "total 12\n");
	CHECK_FIXED_FAILS(RTT, text, 1);
	rtt_with_line(text, sizeof(text), 3, "max_us 120\n");	/* out of order */
	CHECK_FIXED_FAILS(RTT, text, 3);
	rtt_with_line(text, sizeof(text), 5, "bucket 1 0\n");
	CHECK_FIXED_FAILS(RTT, text, 5);
	rtt_with_line(text, sizeof(text), 5, "bucket_le_us 1 0\r\n");
	CHECK_FIXED_FAILS(RTT, text, 5);
	return true;
}

static bool test_rtt_cumulative(void)
{
	uint64_t cum[HSU_RTT_BUCKETS];
	struct hsu_rtt r;
	int k;

	memset(&r, 0, sizeof(r));
	CHECK(hsu_rtt_cumulative(&r, cum) == 0 && cum[0] == 0 && cum[32] == 0);

	memcpy(r.bucket, sample_buckets, sizeof(r.bucket));
	r.count = 12;
	CHECK(hsu_rtt_cumulative(&r, cum) == 12);
	for (k = 0; k < 7; k++)
		CHECK(cum[k] == 0);
	CHECK(cum[7] == 2 && cum[8] == 7 && cum[9] == 10 && cum[10] == 10);
	CHECK(cum[11] == 11 && cum[12] == 11 && cum[13] == 12 && cum[32] == 12);

	/* read while counting: +Inf never below the last bucket */
	r.count = 11;
	CHECK(hsu_rtt_cumulative(&r, cum) == 12 && cum[32] == 12);
	r.count = 13;
	CHECK(hsu_rtt_cumulative(&r, cum) == 13 && cum[32] == 12);

	/* saturating, never wrapping */
	r.bucket[0] = UINT64_MAX - 1;
	r.bucket[1] = 5;
	CHECK(hsu_rtt_cumulative(&r, cum) == UINT64_MAX);
	CHECK(cum[0] == UINT64_MAX - 1 && cum[1] == UINT64_MAX && cum[32] == UINT64_MAX);
	return true;
}

static bool test_fmt_seconds(void)
{
	char buf[HSU_SECONDS_LEN];
	int k;

	CHECK(!strcmp(hsu_fmt_seconds(0, buf), "0"));
	CHECK(!strcmp(hsu_fmt_seconds(1, buf), "0.000001"));
	CHECK(!strcmp(hsu_fmt_seconds(2, buf), "0.000002"));
	CHECK(!strcmp(hsu_fmt_seconds(1024, buf), "0.001024"));
	CHECK(!strcmp(hsu_fmt_seconds(34567, buf), "0.034567"));
	CHECK(!strcmp(hsu_fmt_seconds(1000000, buf), "1"));
	CHECK(!strcmp(hsu_fmt_seconds(1500000, buf), "1.5"));
	CHECK(!strcmp(hsu_fmt_seconds(1048576, buf), "1.048576"));
	CHECK(!strcmp(hsu_fmt_seconds(4294967296ull, buf), "4294.967296"));
	CHECK(!strcmp(hsu_fmt_seconds(UINT64_MAX, buf), "18446744073709.551615"));
	/* every le, exactly: parsed back, times 10^6 is 2^k */
	for (k = 0; k < HSU_RTT_BUCKETS; k++) {
		unsigned long long ip = 0, fp = 0;
		char *dot;

		hsu_fmt_seconds(hsu_rtt_le_us(k), buf);
		dot = strchr(buf, '.');
		CHECK(dot && strlen(dot + 1) <= 6);
		ip = strtoull(buf, NULL, 10);
		fp = strtoull(dot + 1, NULL, 10);
		for (size_t i = strlen(dot + 1); i < 6; i++)
			fp *= 10;
		CHECK(ip * 1000000 + fp == hsu_rtt_le_us(k));
	}
	return true;
}

/* ---- /proc/net/hsmon_ports --------------------------------------------- */

static bool test_ports_exact(void)
{
	static const char text[] =
		"port syn completed timeout_syn timeout_synack reset_by_client rejected bad_ack evicted\n"
		"8080 120 118 0 1 1 0 0 0\n"
		"443 40 40 0 0 0 0 0 0\n"
		"other 3 0 0 0 0 3 0 0\n";
	static const char *const cols[] = {
		"syn", "completed", "timeout_syn", "timeout_synack", "reset_by_client",
		"rejected", "bad_ack", "evicted",
	};
	static const uint64_t v8080[] = { 120, 118, 0, 1, 1, 0, 0, 0 };
	static const uint64_t vother[] = { 3, 0, 0, 0, 0, 3, 0, 0 };
	struct hsu_ports p;
	char err[256] = "";
	bool ok;
	size_t i;

	CHECK(!strncmp(text, ports_header, strlen(ports_header)));
	CHECK(hsu_parse_ports(text, strlen(text), &p, err, sizeof(err)) == 0);
	ok = p.ncol == (int)ARRAY_SIZE(cols);
	for (i = 0; ok && i < ARRAY_SIZE(cols); i++)
		ok = !strcmp(p.col[i], cols[i]);
	ok = ok && p.n == 3 && p.row[0].port == 8080 &&
	     !memcmp(p.row[0].val, v8080, sizeof(v8080)) &&
	     p.row[1].port == 443 && p.row[1].val[0] == 40 && p.row[1].val[1] == 40 &&
	     p.row[1].val[7] == 0 &&
	     p.row[2].port == HSU_PORT_OTHER && !memcmp(p.row[2].val, vother, sizeof(vother));
	/* the outcomes: the columns after syn */
	ok = ok && hsu_is_outcome(&p, "completed") && hsu_is_outcome(&p, "evicted") &&
	     !hsu_is_outcome(&p, "syn") && !hsu_is_outcome(&p, "late_ack") &&
	     !hsu_is_outcome(&p, "port") && !hsu_is_outcome(&p, "");
	hsu_ports_free(&p);
	CHECK(ok);
	CHECK(p.n == 0 && !p.row && !p.ncol && !p.col && !p.mem);
	CHECK(!hsu_is_outcome(&p, "completed") && !hsu_is_outcome(NULL, "completed"));
	return true;
}

/*
 * An outcome this code has never heard of, as a newer module would add it:
 * one more column, carried along like the others.
 */
static bool test_ports_new_outcome(void)
{
	static const char text[] =
		"port syn completed timeout_syn timeout_synack reset_by_client rejected bad_ack "
		"evicted listen_overflow\n"
		"8080 10 6 0 0 0 0 0 0 4\n"
		"other 3 0 0 0 0 2 0 0 1\n";
	static const char fewer[] = "port syn rejected completed\n22 5 1 4\nother 0 0 0\n";
	struct hsu_ports p;
	char err[256] = "";
	bool ok;

	CHECK(hsu_parse_ports(text, strlen(text), &p, err, sizeof(err)) == 0);
	ok = p.ncol == 9 && !strcmp(p.col[8], "listen_overflow") && p.n == 2 &&
	     p.row[0].val[8] == 4 && p.row[1].port == HSU_PORT_OTHER && p.row[1].val[8] == 1 &&
	     p.row[1].val[5] == 2 && hsu_is_outcome(&p, "listen_overflow") &&
	     hsu_is_outcome(&p, "evicted");
	hsu_ports_free(&p);
	CHECK(ok);

	/* ... and fewer: a module without bad_ack and evicted, in another order */
	CHECK(hsu_parse_ports(fewer, strlen(fewer), &p, err, sizeof(err)) == 0);
	ok = p.ncol == 3 && !strcmp(p.col[1], "rejected") && !strcmp(p.col[2], "completed") &&
	     p.n == 2 && p.row[0].port == 22 && p.row[0].val[1] == 1 && p.row[0].val[2] == 4 &&
	     !hsu_is_outcome(&p, "evicted");
	hsu_ports_free(&p);
	CHECK(ok);
	return true;
}

/*
 * The outcomes of a newer module in both files, as hsmonstat puts them
 * together: every counter of hsmon is syn, an outcome (a column of the
 * ports header), a gauge or another event.
 */
static bool test_new_outcome_both_files(void)
{
	static const char ports[] =
		"port syn completed timeout_syn timeout_synack reset_by_client rejected bad_ack "
		"evicted listen_overflow\n"
		"other 9 5 0 0 0 1 0 0 3\n";
	char text[1024];
	struct hsu_sample s;
	struct hsu_ports p;
	int i, outcomes = 0, events = 0;
	bool ok = true;
	size_t off = 0;

	/* where the module's list puts it: after the other outcomes */
	for (i = 0; i < (int)ARRAY_SIZE(names); i++) {
		off += snprintf(text + off, sizeof(text) - off, "%s %d\n", names[i], i);
		if (!strcmp(names[i], "evicted"))
			off += snprintf(text + off, sizeof(text) - off, "listen_overflow 3\n");
	}
	CHECK(hsu_parse(text, off, &s, NULL, 0) == 0 && s.n == (int)ARRAY_SIZE(names) + 1);
	CHECK(hsu_parse_ports(ports, strlen(ports), &p, NULL, 0) == 0);
	for (i = 0; i < s.n; i++) {
		const char *name = s.item[i].name;

		if (hsu_is_outcome(&p, name)) {
			outcomes++;
			if (!strcmp(name, "listen_overflow"))
				ok = ok && s.item[i].value == 3 && outcomes == 8;
		} else if (strcmp(name, "syn") && !hsu_is_gauge(name)) {
			events++;
		}
	}
	hsu_ports_free(&p);
	CHECK(ok);
	CHECK(outcomes == 8 && events == 8);
	return true;
}

static bool test_ports_other_row(void)
{
	char text[65536];
	struct hsu_ports p;
	size_t off;
	bool ok;
	int i;

	/* no port row at all: other only, tabs and no final newline */
	snprintf(text, sizeof(text), "%sother\t5 0 0 0 0 5 0 0  ", ports_header);
	CHECK(hsu_parse_ports(text, strlen(text), &p, NULL, 0) == 0);
	ok = p.n == 1 && p.row[0].port == HSU_PORT_OTHER && p.row[0].val[5] == 5;
	hsu_ports_free(&p);
	CHECK(ok);

	/* ports 0 and 65535, u64 values, and many rows */
	off = snprintf(text, sizeof(text), "%s0 1 0 0 0 0 1 0 0\n"
		       "65535 18446744073709551615 0 0 0 0 0 0 18446744073709551615\n",
		       ports_header);
	for (i = 1; i <= 1000; i++)
		off += snprintf(text + off, sizeof(text) - off, "%d %d 0 0 0 0 0 0 0\n",
				10000 + i, i);
	off += snprintf(text + off, sizeof(text) - off, "other 0 0 0 0 0 0 0 0\n");
	CHECK(off < sizeof(text) - 1);
	CHECK(hsu_parse_ports(text, off, &p, NULL, 0) == 0);
	ok = p.n == 1003 && p.row[0].port == 0 && p.row[1].port == 65535 &&
	     p.row[1].val[0] == UINT64_MAX && p.row[1].val[7] == UINT64_MAX &&
	     p.row[1001].port == 11000 && p.row[1001].val[0] == 1000 &&
	     p.row[1002].port == HSU_PORT_OTHER;
	hsu_ports_free(&p);
	CHECK(ok);
	return true;
}

static bool test_ports_malformed(void)
{
	char text[1024];

#define PORTS_FAIL(rows, line) do {					\
	snprintf(text, sizeof(text), "%s%s", ports_header, rows);	\
	CHECK_FIXED_FAILS(PORTS, text, line);				\
} while (0)
	/* header */
	CHECK_FIXED_FAILS(PORTS, "", 1);
	CHECK_FIXED_FAILS(PORTS, "8080 1 1 0 0 0 0 0 0\nother 0 0 0 0 0 0 0 0\n", 1);
	CHECK_FIXED_FAILS(PORTS, "Port syn completed timeout_syn timeout_synack "
			  "reset_by_client rejected bad_ack evicted\n"
			  "other 0 0 0 0 0 0 0 0\n", 1);
	CHECK_FIXED_FAILS(PORTS, "port completed syn\nother 0 0\n", 1);
	CHECK_FIXED_FAILS(PORTS, "syn completed\nother 0 0\n", 1);
	CHECK_FIXED_FAILS(PORTS, "port syn\nother 0\n", 1);	/* no outcome */
	CHECK_FIXED_FAILS(PORTS, "port\nother\n", 1);
	CHECK_FIXED_FAILS(PORTS, "port syn completed rejected completed\nother 0 0 0 0\n", 1);
	CHECK_FIXED_FAILS(PORTS, "port syn completed syn\nother 0 0 0\n", 1);
	CHECK_FIXED_FAILS(PORTS, "port syn completed time-out\nother 0 0 0\n", 1);
	CHECK_FIXED_FAILS(PORTS, "port syn completed x\x01\nother 0 0 0\n", 1);
	CHECK_FIXED_FAILS(PORTS, "port syn completed a2345678901234567890123456789012\n"
			  "other 0 0 0\n", 1);	/* 32 characters */
	/* a row per the header, also when it has an outcome more */
	CHECK_FIXED_FAILS(PORTS, "port syn completed timeout_syn timeout_synack "
			  "reset_by_client rejected bad_ack evicted listen_overflow\n"
			  "other 0 0 0 0 0 0 0 0\n", 2);
	CHECK_FIXED_FAILS(PORTS, "port syn completed\nother 0 0 0\n", 2);
	/* the other row */
	PORTS_FAIL("", 2);
	PORTS_FAIL("8080 1 1 0 0 0 0 0 0\n", 3);
	PORTS_FAIL("other 0 0 0 0 0 0 0 0\n8080 1 1 0 0 0 0 0 0\n", 3);
	PORTS_FAIL("other 0 0 0 0 0 0 0 0\nother 0 0 0 0 0 0 0 0\n", 3);
	PORTS_FAIL("OTHER 0 0 0 0 0 0 0 0\n", 2);
	/* field count */
	PORTS_FAIL("8080 1 1 0 0 0 0 0\nother 0 0 0 0 0 0 0 0\n", 2);
	PORTS_FAIL("8080 1 1 0 0 0 0 0 0\n443 1 1 0 0 0 0 0 0 0\nother 0 0 0 0 0 0 0 0\n", 3);
	PORTS_FAIL("8080 1 1 0 0 0 0 0 0 0 0 0 0\nother 0 0 0 0 0 0 0 0\n", 2);
	PORTS_FAIL("8080 1 1 0 0 0 0 0 0\nother 0 0 0 0 0 0 0\n", 3);
	PORTS_FAIL("8080 1 1 0 0 0 0 0 0\n\nother 0 0 0 0 0 0 0 0\n", 3);
	/* numbers */
	PORTS_FAIL("http 1 1 0 0 0 0 0 0\nother 0 0 0 0 0 0 0 0\n", 2);
	PORTS_FAIL("-1 1 1 0 0 0 0 0 0\nother 0 0 0 0 0 0 0 0\n", 2);
	PORTS_FAIL("65536 1 1 0 0 0 0 0 0\nother 0 0 0 0 0 0 0 0\n", 2);
	PORTS_FAIL("8080 1 1 0 0 0 x 0 0\nother 0 0 0 0 0 0 0 0\n", 2);
	PORTS_FAIL("8080 1 1 0 0 0 0 0 0\nother 0 0 0 0 0 0 0 18446744073709551616\n", 3);
	/* the same port twice, also spelt differently */
	PORTS_FAIL("8080 1 1 0 0 0 0 0 0\n443 1 1 0 0 0 0 0 0\n8080 1 1 0 0 0 0 0 0\n"
		   "other 0 0 0 0 0 0 0 0\n", 4);
	PORTS_FAIL("80 1 1 0 0 0 0 0 0\n080 1 1 0 0 0 0 0 0\nother 0 0 0 0 0 0 0 0\n", 3);
#undef PORTS_FAIL
	return true;
}

/* As many columns after "port" as hsmon may have lines, and no more. */
static bool test_ports_columns_max(void)
{
	char text[8192];
	struct hsu_ports p;
	size_t off;
	bool ok;
	int i;

	for (int ncol = HSU_MAX_ITEMS; ncol <= HSU_MAX_ITEMS + 1; ncol++) {
		off = snprintf(text, sizeof(text), "port syn");
		for (i = 1; i < ncol; i++)
			off += snprintf(text + off, sizeof(text) - off, " outcome_%d", i);
		off += snprintf(text + off, sizeof(text) - off, "\nother");
		for (i = 0; i < ncol; i++)
			off += snprintf(text + off, sizeof(text) - off, " %d", i);
		CHECK(off < sizeof(text) - 1);
		if (ncol > HSU_MAX_ITEMS) {
			CHECK_FIXED_FAILS(PORTS, text, 1);
			continue;
		}
		CHECK(hsu_parse_ports(text, off, &p, NULL, 0) == 0);
		ok = p.ncol == ncol && p.n == 1 && p.row[0].val[ncol - 1] == (uint64_t)ncol - 1 &&
		     !strcmp(p.col[ncol - 1], "outcome_63");
		hsu_ports_free(&p);
		CHECK(ok);
	}
	return true;
}

/* ---- /proc/net/hsmon_sources ------------------------------------------- */

static bool test_sources_exact(void)
{
	static const char text[] =
		"prefix timeout_synack reset_by_client last_seen_ms\n"
		"10.9.0.0/24 40 2 1200\n"
		"10.9.0.5/32 30 0 1200\n"
		"fd00:9::/64 0 3 56000\n";
	static const uint8_t a6[16] = { 0xfd, 0x00, 0x00, 0x09 };
	static const uint8_t a4[4] = { 10, 9, 0, 5 };
	struct hsu_sources s;
	const struct hsu_source *r;
	char err[256] = "";
	bool ok;

	CHECK(!strcmp(hsu_source_columns[0], "timeout_synack") &&
	      !strcmp(hsu_source_columns[2], "last_seen_ms"));
	CHECK(!strncmp(text, sources_header, strlen(sources_header)));
	CHECK(hsu_parse_sources(text, strlen(text), &s, err, sizeof(err)) == 0);
	r = s.row;
	ok = s.n == 3 &&
	     !strcmp(r[0].prefix, "10.9.0.0/24") && r[0].family == AF_INET && r[0].plen == 24 &&
	     r[0].val[0] == 40 && r[0].val[1] == 2 && r[0].val[2] == 1200 &&
	     !strcmp(r[1].prefix, "10.9.0.5/32") && r[1].plen == 32 &&
	     !memcmp(r[1].addr, a4, 4) && r[1].val[0] == 30 &&
	     !strcmp(r[2].prefix, "fd00:9::/64") && r[2].family == AF_INET6 &&
	     r[2].plen == 64 && !memcmp(r[2].addr, a6, 16) &&
	     r[2].val[1] == 3 && r[2].val[2] == 56000;
	hsu_sources_free(&s);
	CHECK(ok);
	CHECK(s.n == 0 && !s.row);
	return true;
}

static bool test_sources_variants(void)
{
	char text[1 << 17];
	struct hsu_sources s;
	size_t off;
	bool ok;
	int i;

	/* header only: nothing abandoned */
	CHECK(hsu_parse_sources(sources_header, strlen(sources_header), &s, NULL, 0) == 0);
	CHECK(s.n == 0);
	hsu_sources_free(&s);

	/* long IPv6 forms are made canonical; /24 and /32 of one address differ */
	snprintf(text, sizeof(text), "%sFD00:0009:0000:0000:0000:0000:0000:0000/64 2 3 4\n"
		 "10.0.0.0/24 0 1 5\n10.0.0.0/32 0 1 5\n0.0.0.0/32\t0 1 5  ", sources_header);
	CHECK(hsu_parse_sources(text, strlen(text), &s, NULL, 0) == 0);
	ok = s.n == 4 && !strcmp(s.row[0].prefix, "fd00:9::/64") && s.row[0].val[2] == 4 &&
	     !strcmp(s.row[3].prefix, "0.0.0.0/32");
	hsu_sources_free(&s);
	CHECK(ok);

	/* many rows, then one prefix twice: the later line is named */
	off = snprintf(text, sizeof(text), "%s", sources_header);
	for (i = 0; i < 4000; i++)
		off += snprintf(text + off, sizeof(text) - off, "10.%d.%d.0/24 %d 0 1\n",
				i / 256, i % 256, 4000 - i);
	CHECK(off < sizeof(text) - 64);
	CHECK(hsu_parse_sources(text, off, &s, NULL, 0) == 0);
	ok = s.n == 4000 && !strcmp(s.row[3999].prefix, "10.15.159.0/24") &&
	     s.row[3999].val[0] == 1;
	hsu_sources_free(&s);
	CHECK(ok);
	snprintf(text + off, sizeof(text) - off, "10.3.7.0/24 1 0 1\n");
	CHECK_FIXED_FAILS(SOURCES, text, 4002);
	return true;
}

static bool test_sources_malformed(void)
{
	char text[1024];

#define SOURCES_FAIL(rows, line) do {					\
	snprintf(text, sizeof(text), "%s%s", sources_header, rows);	\
	CHECK_FIXED_FAILS(SOURCES, text, line);				\
} while (0)
	/* header */
	CHECK_FIXED_FAILS(SOURCES, "", 1);
	CHECK_FIXED_FAILS(SOURCES, "10.9.0.0/24 40 2 1200\n", 1);
	CHECK_FIXED_FAILS(SOURCES, "prefix timeout_synack reset_by_client\n", 1);
	/* the header of hsmon before timeout_syn left the sources */
	CHECK_FIXED_FAILS(SOURCES, "prefix timeout_syn timeout_synack reset_by_client "
			  "last_seen_ms\n", 1);
	CHECK_FIXED_FAILS(SOURCES, "prefix timeout_synack reset_by_client "
			  "last_seen_ms age\n", 1);
	/* field count, numbers */
	SOURCES_FAIL("10.9.0.0/24 40 2\n", 2);
	SOURCES_FAIL("10.9.0.0/24 40 2 1200 7\n", 2);
	SOURCES_FAIL("10.9.0.0/24 40 2 1200\n\n", 3);
	SOURCES_FAIL("10.9.0.0/24 40 2 1200\n10.9.1.0/24 forty 2 1200\n", 3);
	SOURCES_FAIL("10.9.0.0/24 40 2 -1\n", 2);
	/* prefixes */
	SOURCES_FAIL("10.9.0.0 40 2 1200\n", 2);
	SOURCES_FAIL("10.9.0.0/16 40 2 1200\n", 2);
	SOURCES_FAIL("10.9.0.0/64 40 2 1200\n", 2);
	SOURCES_FAIL("fd00:9::/32 40 2 1200\n", 2);
	SOURCES_FAIL("fd00:9::/024 40 2 1200\n", 2);
	SOURCES_FAIL("10.9.0.5/24 40 2 1200\n", 2);		/* host bits */
	SOURCES_FAIL("fd00:9::1/64 40 2 1200\n", 2);
	SOURCES_FAIL("10.9.0.256/32 40 2 1200\n", 2);
	SOURCES_FAIL("10.9.0/24 40 2 1200\n", 2);
	SOURCES_FAIL("example.org/32 40 2 1200\n", 2);
	SOURCES_FAIL("fd00:9::::/64 40 2 1200\n", 2);
	SOURCES_FAIL("/32 40 2 1200\n", 2);
	SOURCES_FAIL("10.9.0.0/24/24 40 2 1200\n", 2);
	SOURCES_FAIL("fd00:0009:0000:0000:0000:0000:0000:0000:0000/64 1 0 5\n", 2);
	/* duplicates, also spelt differently */
	SOURCES_FAIL("10.9.0.0/24 40 2 1200\n10.9.0.5/32 30 0 1200\n"
		     "10.9.0.0/24 1 0 9\n", 4);
	SOURCES_FAIL("fd00:9::/64 0 3 56000\nfd00:9:0:0::/64 1 0 5\n", 3);
#undef SOURCES_FAIL
	/* a NUL byte inside the length is not the end of the prefix */
	snprintf(text, sizeof(text), "%s10.9.0.0", sources_header);
	memcpy(text + strlen(text), "\0/24 1 0 5\n", 12);
	if (!fixed_fails(SOURCES, text, strlen(sources_header) + 19, 2))
		return false;
	return true;
}

/* ---- reading the fixed formats ----------------------------------------- */

static bool test_read_fixed_files(void)
{
	char path[] = "/tmp/test_hsmon_proc.XXXXXX";
	char text[2048], err[256] = "";
	struct hsu_sources s;
	struct hsu_ports p;
	struct hsu_rtt r;
	bool ok = false;
	int fd;

	fd = mkstemp(path);
	CHECK(fd >= 0);
	rtt_text(text, sizeof(text), 12, 34567, 120, 8000, sample_buckets,
		 HSU_RTT_BUCKETS, NULL);
	if (pwrite(fd, text, strlen(text), 0) == (ssize_t)strlen(text))
		ok = !hsu_read_rtt_file(path, &r, err, sizeof(err)) && r.count == 12 &&
		     r.bucket[13] == 1;
	/* the same file as the other formats: the path and the line in the error */
	ok = ok && hsu_read_ports_file(path, &p, err, sizeof(err)) == -EINVAL &&
	     !strncmp(err, path, strlen(path)) && strstr(err, ": line 1: ") && !p.n;
	ok = ok && hsu_read_sources_file(path, &s, err, sizeof(err)) == -EINVAL &&
	     strstr(err, ": line 1: ") && !s.n;
	snprintf(text, sizeof(text), "%s8080 1 1 0 0 0 0 0 0\nother 0 0 0 0 0 0 0 0\n",
		 ports_header);
	ok = ok && !ftruncate(fd, 0) &&
	     pwrite(fd, text, strlen(text), 0) == (ssize_t)strlen(text) &&
	     !hsu_read_ports_file(path, &p, err, sizeof(err)) && p.n == 2 &&
	     p.row[0].port == 8080;
	hsu_ports_free(&p);
	snprintf(text, sizeof(text), "%sfd00:9::/64 0 3 56000\n", sources_header);
	ok = ok && !ftruncate(fd, 0) &&
	     pwrite(fd, text, strlen(text), 0) == (ssize_t)strlen(text) &&
	     !hsu_read_sources_file(path, &s, err, sizeof(err)) && s.n == 1 &&
	     s.row[0].val[2] == 56000;
	hsu_sources_free(&s);
	ok = ok && hsu_read_rtt_file(path, &r, err, sizeof(err)) == -EINVAL &&
	     strstr(err, ": line 1: ") && !r.count;
	close(fd);
	unlink(path);
	CHECK(ok);
	CHECK(hsu_read_rtt_file("/nonexistent/hsmon_rtt", &r, err, sizeof(err)) == -ENOENT);
	CHECK(strstr(err, "/nonexistent/hsmon_rtt"));
	CHECK(hsu_read_ports_file("/nonexistent/p", &p, err, sizeof(err)) == -ENOENT && !p.row);
	CHECK(hsu_read_sources_file("/nonexistent/s", &s, err, sizeof(err)) == -ENOENT &&
	      !s.row);
	return true;
}

int main(void)
{
	RUN(test_full_file);
	RUN(test_unknown_name_kept);
	RUN(test_u64_max);
	RUN(test_u64_overflow);
	RUN(test_leading_zeros);
	RUN(test_missing_value);
	RUN(test_not_digits);
	RUN(test_negative);
	RUN(test_empty_name);
	RUN(test_bad_name_chars);
	RUN(test_name_length);
	RUN(test_too_many_items);
	RUN(test_empty_input);
	RUN(test_no_trailing_newline);
	RUN(test_blanks);
	RUN(test_other_malformed);
	RUN(test_error_truncated);
	RUN(test_get_missing);
	RUN(test_is_gauge);
	RUN(test_rate_exact);
	RUN(test_rate_gauge);
	RUN(test_rate_reset);
	RUN(test_rate_counter_set_changed);
	RUN(test_rate_errors);
	RUN(test_read_file);
	RUN(test_rtt_exact);
	RUN(test_rtt_variants);
	RUN(test_rtt_field_count);
	RUN(test_rtt_not_numeric);
	RUN(test_rtt_bucket_count);
	RUN(test_rtt_le_order);
	RUN(test_rtt_header);
	RUN(test_rtt_cumulative);
	RUN(test_fmt_seconds);
	RUN(test_ports_exact);
	RUN(test_ports_other_row);
	RUN(test_ports_malformed);
	RUN(test_ports_new_outcome);
	RUN(test_new_outcome_both_files);
	RUN(test_ports_columns_max);
	RUN(test_sources_exact);
	RUN(test_sources_variants);
	RUN(test_sources_malformed);
	RUN(test_read_fixed_files);
	return summary();
}
