// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of hsmon_proc.c: "make -C tools test".
 *
 * One line per test, "ok" or "FAIL" and why; the last line is
 * "N passed, N failed"; the exit status is 1 if any test failed.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hsmon_proc.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static char why[512];

/* Fail the current test (return false) with the condition and its line. */
#define CHECK(cond) do {						\
	if (!(cond)) {							\
		snprintf(why, sizeof(why), "line %d: %s", __LINE__, #cond); \
		return false;						\
	}								\
} while (0)

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
	struct hsmon_sample s;
	char err[256], want[32];

	if (!len)
		len = strlen(text);
	memset(err, 0, sizeof(err));
	s.n = 7;
	if (!hsmon_parse(text, len, &s, err, sizeof(err))) {
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
	struct hsmon_sample s;
	char text[2048], err[256] = "";
	size_t i;
	uint64_t v;

	full_text(text, sizeof(text));
	CHECK(hsmon_parse(text, strlen(text), &s, err, sizeof(err)) == 0);
	CHECK(s.n == (int)ARRAY_SIZE(names));
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		CHECK(!strcmp(s.item[i].name, names[i]));
		CHECK(s.item[i].value == full_value(i));
		CHECK(hsmon_get(&s, names[i], &v) == 0 && v == full_value(i));
	}
	return true;
}

static bool test_unknown_name_kept(void)
{
	static const char text[] = "syn 5\ncompleted 4\nbrand_new_counter 42\n"
				   "in_progress 1\nentries 1\n";
	struct hsmon_sample s;
	uint64_t v = 0;

	CHECK(hsmon_parse(text, strlen(text), &s, NULL, 0) == 0);
	CHECK(s.n == 5);
	CHECK(!strcmp(s.item[2].name, "brand_new_counter") && s.item[2].value == 42);
	CHECK(hsmon_get(&s, "brand_new_counter", &v) == 0 && v == 42);
	CHECK(!hsmon_is_gauge("brand_new_counter"));
	return true;
}

static bool test_u64_max(void)
{
	static const char text[] = "syn 18446744073709551615\nentries 0\n";
	struct hsmon_sample s;

	CHECK(hsmon_parse(text, strlen(text), &s, NULL, 0) == 0);
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
	struct hsmon_sample s;

	CHECK(hsmon_parse(text, strlen(text), &s, NULL, 0) == 0);
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
	struct hsmon_sample s;

	CHECK(hsmon_parse(ok, strlen(ok), &s, NULL, 0) == 0);
	CHECK(strlen(s.item[0].name) == HSMON_NAME_MAX && s.item[0].value == 1);
	CHECK_PARSE_FAILS("syn 1\nabcdefghijklmnopqrstuvwxyz_01234 1\n", 2);
	return true;
}

static bool test_too_many_items(void)
{
	char text[HSMON_MAX_ITEMS * 16 + 32];
	struct hsmon_sample s;
	size_t off = 0;
	int i;

	for (i = 0; i < HSMON_MAX_ITEMS; i++)
		off += snprintf(text + off, sizeof(text) - off, "c%d %d\n", i, i);
	CHECK(hsmon_parse(text, off, &s, NULL, 0) == 0);
	CHECK(s.n == HSMON_MAX_ITEMS && s.item[63].value == 63);
	snprintf(text + off, sizeof(text) - off, "c64 64\n");
	CHECK_PARSE_FAILS(text, HSMON_MAX_ITEMS + 1);
	return true;
}

static bool test_empty_input(void)
{
	struct hsmon_sample s;
	char err[128] = "";

	s.n = 3;
	CHECK(hsmon_parse("", 0, &s, err, sizeof(err)) == -1);
	CHECK(s.n == 0 && err[0]);
	CHECK_PARSE_FAILS("\n", 1);
	return true;
}

static bool test_no_trailing_newline(void)
{
	static const char text[] = "syn 12\nentries 34";
	struct hsmon_sample s;

	CHECK(hsmon_parse(text, strlen(text), &s, NULL, 0) == 0);
	CHECK(s.n == 2 && s.item[1].value == 34 && !strcmp(s.item[1].name, "entries"));
	return true;
}

static bool test_blanks(void)
{
	static const char text[] = "syn\t12\ncompleted   3  \n";
	struct hsmon_sample s;

	CHECK(hsmon_parse(text, strlen(text), &s, NULL, 0) == 0);
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
	struct hsmon_sample s;
	char err[8];

	memset(err, 'x', sizeof(err));
	CHECK(hsmon_parse("syn abc", 7, &s, err, sizeof(err)) == -1);
	CHECK(!strcmp(err, "line 1:"));
	CHECK(hsmon_parse("syn abc", 7, &s, NULL, 0) == -1);
	return true;
}

/* ---- lookups and rates ------------------------------------------------- */

static bool test_get_missing(void)
{
	static const char text[] = "syn 1\nentries 2\n";
	struct hsmon_sample s;
	uint64_t v = 12345;

	CHECK(hsmon_parse(text, strlen(text), &s, NULL, 0) == 0);
	CHECK(hsmon_get(&s, "completed", &v) == -1 && v == 12345);
	CHECK(hsmon_get(&s, "", &v) == -1 && v == 12345);
	CHECK(hsmon_get(&s, "sy", &v) == -1 && v == 12345);
	CHECK(!hsmon_find(&s, "synack"));
	return true;
}

static bool test_is_gauge(void)
{
	CHECK(hsmon_is_gauge("in_progress"));
	CHECK(hsmon_is_gauge("entries"));
	CHECK(!hsmon_is_gauge("syn"));
	CHECK(!hsmon_is_gauge("entries2"));
	CHECK(!hsmon_is_gauge(""));
	return true;
}

static bool parse2(const char *a, const char *b, struct hsmon_sample *sa,
		   struct hsmon_sample *sb)
{
	return !hsmon_parse(a, strlen(a), sa, NULL, 0) && !hsmon_parse(b, strlen(b), sb, NULL, 0);
}

static bool test_rate_exact(void)
{
	const char *a = "syn 100\ncompleted 7\nevicted 18446744073709551610\n"
			"in_progress 9\nentries 10\n";
	const char *b = "syn 351\ncompleted 7\nevicted 18446744073709551614\n"
			"in_progress 3\nentries 4\n";
	struct hsmon_sample sa, sb;
	double r = -1;

	CHECK(parse2(a, b, &sa, &sb));
	CHECK(hsmon_rate(&sa, &sb, "syn", 2.0, &r) == 0 && r == 125.5);
	CHECK(hsmon_rate(&sa, &sb, "completed", 2.0, &r) == 0 && r == 0.0);
	CHECK(hsmon_rate(&sa, &sb, "evicted", 2.0, &r) == 0 && r == 2.0);
	CHECK(hsmon_rate(&sa, &sb, "syn", 0.5, &r) == 0 && r == 502.0);
	CHECK(!hsmon_counters_reset(&sa, &sb));
	return true;
}

static bool test_rate_gauge(void)
{
	const char *a = "syn 1\nin_progress 9\nentries 10\n";
	const char *b = "syn 2\nin_progress 3\nentries 40\n";
	struct hsmon_sample sa, sb;
	double r = -1;

	CHECK(parse2(a, b, &sa, &sb));
	CHECK(hsmon_rate(&sa, &sb, "in_progress", 2.0, &r) == HSMON_RATE_GAUGE && r == -1);
	CHECK(hsmon_rate(&sa, &sb, "entries", 2.0, &r) == HSMON_RATE_GAUGE && r == -1);
	/* a gauge going down is not a reset */
	CHECK(!hsmon_counters_reset(&sa, &sb));
	return true;
}

static bool test_rate_reset(void)
{
	const char *a = "syn 500\ncompleted 400\nin_progress 1\nentries 1\n";
	const char *b = "syn 501\ncompleted 3\nin_progress 1\nentries 1\n";
	struct hsmon_sample sa, sb;
	double r = -1;

	CHECK(parse2(a, b, &sa, &sb));
	CHECK(hsmon_rate(&sa, &sb, "completed", 2.0, &r) == HSMON_RATE_RESET && r == -1);
	CHECK(hsmon_rate(&sa, &sb, "syn", 2.0, &r) == 0 && r == 0.5);
	CHECK(hsmon_counters_reset(&sa, &sb));
	CHECK(!hsmon_counters_reset(&sa, &sa) && !hsmon_counters_reset(&sb, &sb));
	return true;
}

static bool test_rate_counter_set_changed(void)
{
	const char *a = "syn 5\nin_progress 1\nentries 1\n";
	const char *b = "syn 6\nnew_one 0\nin_progress 1\nentries 1\n";
	const char *c = "syn 6\nin_progress 1\nentries 1\n";
	struct hsmon_sample sa, sb, sc;

	CHECK(parse2(a, b, &sa, &sb));
	CHECK(hsmon_parse(c, strlen(c), &sc, NULL, 0) == 0);
	CHECK(hsmon_counters_reset(&sa, &sb));	/* a counter appeared */
	CHECK(hsmon_counters_reset(&sb, &sc));	/* a counter went away */
	CHECK(!hsmon_counters_reset(&sa, &sc));
	return true;
}

static bool test_rate_errors(void)
{
	const char *a = "syn 5\nentries 1\n";
	const char *b = "syn 6\ncompleted 1\nentries 1\n";
	struct hsmon_sample sa, sb;
	double r = -1;

	CHECK(parse2(a, b, &sa, &sb));
	CHECK(hsmon_rate(&sa, &sb, "completed", 1.0, &r) == HSMON_RATE_MISSING && r == -1);
	CHECK(hsmon_rate(&sa, &sb, "nothing", 1.0, &r) == HSMON_RATE_MISSING && r == -1);
	CHECK(hsmon_rate(&sa, &sb, "syn", 0.0, &r) == HSMON_RATE_BADTIME && r == -1);
	CHECK(hsmon_rate(&sa, &sb, "syn", -1.0, &r) == HSMON_RATE_BADTIME && r == -1);
	return true;
}

/* ---- hsmon_read_file() ------------------------------------------------- */

static bool test_read_file(void)
{
	char path[] = "/tmp/test_hsmon_proc.XXXXXX";
	char text[2048], err[256] = "";
	struct hsmon_sample s;
	bool ok = false;
	int fd, ret;

	full_text(text, sizeof(text));
	fd = mkstemp(path);
	CHECK(fd >= 0);
	if (write(fd, text, strlen(text)) == (ssize_t)strlen(text)) {
		ret = hsmon_read_file(path, &s, err, sizeof(err));
		ok = !ret && s.n == (int)ARRAY_SIZE(names) && s.item[17].value == full_value(17);
	}
	if (ok) {	/* and a malformed one: the path and the line in the error */
		ok = !ftruncate(fd, 0) && pwrite(fd, "syn 1\nsyn x\n", 12, 0) == 12 &&
		     hsmon_read_file(path, &s, err, sizeof(err)) == -EINVAL &&
		     !strncmp(err, path, strlen(path)) && strstr(err, ": line 2: ");
	}
	close(fd);
	unlink(path);
	CHECK(ok);
	CHECK(hsmon_read_file("/nonexistent/hsmon", &s, err, sizeof(err)) == -ENOENT);
	CHECK(strstr(err, "/nonexistent/hsmon") && s.n == 0);
	return true;
}

static int passed, failed;

static void run(const char *name, bool (*fn)(void))
{
	why[0] = '\0';
	if (fn()) {
		passed++;
		printf("ok   %s\n", name);
	} else {
		failed++;
		printf("FAIL %s: %s\n", name, why);
	}
}

#define RUN(fn)	run(#fn, fn)

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
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
