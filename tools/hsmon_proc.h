/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsing of /proc/net/hsmon: "name value" lines, value a decimal u64.
 *
 * The names are kept generically, in file order, so that counters added
 * by a newer module (always before the two gauges) are carried along
 * without changes here.  Nothing but hsmon_read_file() does I/O.
 */
#ifndef _HSMON_PROC_H
#define _HSMON_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HSMON_PROC_PATH		"/proc/net/hsmon"
#define HSMON_MAX_ITEMS		64	/* items a sample holds */
#define HSMON_NAME_MAX		31	/* longest name, in characters */
#define HSMON_FILE_MAX		16384	/* hsmon_read_file() refuses larger files */

struct hsmon_item {
	char name[HSMON_NAME_MAX + 1];
	uint64_t value;
};

/* One reading of the file: n items, in file order, names unique. */
struct hsmon_sample {
	int n;
	struct hsmon_item item[HSMON_MAX_ITEMS];
};

/* hsmon_rate() results other than 0; *rate is left alone for all of them. */
enum {
	HSMON_RATE_MISSING	= -1,	/* name not in both samples */
	HSMON_RATE_RESET	= -2,	/* counter went backwards: module reloaded */
	HSMON_RATE_GAUGE	= -3,	/* a gauge has no rate */
	HSMON_RATE_BADTIME	= -4,	/* seconds is not > 0 */
};

/*
 * Parse len bytes of text into *out.  Each line is a name of 1 to
 * HSMON_NAME_MAX characters [A-Za-z0-9_], blanks (spaces or tabs), a
 * decimal value that fits in 64 bits, and optional trailing blanks; the
 * last line's newline is optional.  Empty input, empty lines, duplicate
 * names and more than HSMON_MAX_ITEMS lines are errors too.
 * Returns 0, or -1 with out->n = 0 and "line N: what" in err (if errlen).
 */
int hsmon_parse(const char *text, size_t len, struct hsmon_sample *out,
		char *err, size_t errlen);

/* The item called name, or NULL. */
const struct hsmon_item *hsmon_find(const struct hsmon_sample *s, const char *name);

/* 0 and *value set, or -1 (no such name; *value untouched). */
int hsmon_get(const struct hsmon_sample *s, const char *name, uint64_t *value);

/* in_progress and entries: gauges.  Every other name is a counter. */
bool hsmon_is_gauge(const char *name);

/*
 * Per-second rate of counter name between two samples taken seconds
 * apart: 0 and *rate set, or one of the HSMON_RATE_* errors above.  A
 * counter that went backwards gives HSMON_RATE_RESET, never a negative
 * rate.
 */
int hsmon_rate(const struct hsmon_sample *prev, const struct hsmon_sample *cur,
	       const char *name, double seconds, double *rate);

/*
 * True if rates between prev and cur would be meaningless: a counter went
 * backwards, or the set of counters changed (a different module was
 * loaded).  Gauges may go either way and are not looked at.
 */
bool hsmon_counters_reset(const struct hsmon_sample *prev, const struct hsmon_sample *cur);

/*
 * Read and parse the file at path (at most HSMON_FILE_MAX bytes).
 * Returns 0, or a negative errno with a message starting with path in
 * err: the open() or read() error (-ENOENT: no such file), -EFBIG if the
 * file is too large, -EINVAL if it does not parse.
 */
int hsmon_read_file(const char *path, struct hsmon_sample *out, char *err, size_t errlen);

#endif /* _HSMON_PROC_H */
