/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The C unit tests' harness (tools/tests/test_*.c): a test is a
 * bool (*)(void) that returns false through CHECK() with the reason in
 * why; RUN() runs one and counts it; summary() prints the closing line
 * make check reads.  Included once, by the test's .c file.
 */
#ifndef _HSU_TESTLIB_H
#define _HSU_TESTLIB_H

#include <stdbool.h>
#include <stdio.h>

static char why[512];
static int passed, failed;

/* Fail the current test (return false) with the condition and its line. */
#define CHECK(cond) do {						\
	if (!(cond)) {							\
		snprintf(why, sizeof(why), "line %d: %s", __LINE__, #cond); \
		return false;						\
	}								\
} while (0)

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

/* "N passed, N failed"; the exit status of main(). */
static int summary(void)
{
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}

#endif /* _HSU_TESTLIB_H */
