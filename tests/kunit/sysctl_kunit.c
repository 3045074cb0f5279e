// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: net.hsmon.* accept what is in range and refuse the rest with
 * -EINVAL, keeping the old value.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <linux/sysctl.h>

#include "hsmon.h"
#include "sysctl.h"

struct sysctl_case {
	const char *name;
	const char *procname;
	const char *input;
	int err;
	int value;		/* expected value after the write */
};

static const struct sysctl_case sysctl_cases[] = {
	{ "timeout in range", "timeout", "1000", 0, 1000 },
	{ "timeout minimum", "timeout", "100", 0, 100 },
	{ "timeout maximum", "timeout", "3600000", 0, 3600000 },
	{ "timeout below minimum", "timeout", "99", -EINVAL, 75000 },
	{ "timeout above maximum", "timeout", "3600001", -EINVAL, 75000 },
	{ "timeout negative", "timeout", "-5", -EINVAL, 75000 },
	{ "timeout not a number", "timeout", "soon", -EINVAL, 75000 },
	{ "max_entries in range", "max_entries", "16", 0, 16 },
	{ "max_entries minimum", "max_entries", "1", 0, 1 },
	{ "max_entries zero", "max_entries", "0", -EINVAL, 4096 },
	{ "max_entries above maximum", "max_entries", "4194305", -EINVAL, 4096 },
	{ "ports_max in range", "ports_max", "64", 0, 64 },
	{ "ports_max zero", "ports_max", "0", -EINVAL, 16 },
	{ "ports_max above maximum", "ports_max", "65", -EINVAL, 16 },
	{ "sources_max in range", "sources_max", "256", 0, 256 },
	{ "sources_max zero", "sources_max", "0", -EINVAL, 64 },
	{ "sources_max above maximum", "sources_max", "257", -EINVAL, 64 },
	/* Only a change (un)hooks the namespace: not here, without one. */
	{ "enabled unchanged", "enabled", "1", 0, 1 },
	{ "enabled above maximum", "enabled", "2", -EINVAL, 1 },
	{ "enabled negative", "enabled", "-1", -EINVAL, 1 },
	{ "enabled not a number", "enabled", "on", -EINVAL, 1 },
};

static void sysctl_case_desc(const struct sysctl_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(sysctl, sysctl_cases, sysctl_case_desc);

static void sysctl_test_write(struct kunit *test)
{
	const struct sysctl_case *c = test->param_value;
	struct hsmon_net *hn = kunit_kzalloc(test, sizeof(*hn), GFP_KERNEL);
	struct ctl_table *table, *entry = NULL;
	char buf[32];
	size_t len;
	loff_t pos = 0;
	int i, err;

	KUNIT_ASSERT_NOT_NULL(test, hn);
	hn->host = hn;		/* the initial namespace's bounds */
	hn->timeout_ms = HSMON_TIMEOUT_DEF_MS;
	hn->max_entries = 4096;
	hn->ports_max = HSMON_PORTS_MAX_DEF;
	hn->sources_max = HSMON_SOURCES_MAX_DEF;
	hn->enabled = 1;
	table = hsmon_sysctl_table(hn);
	KUNIT_ASSERT_NOT_NULL(test, table);
	for (i = 0; i < HSMON_SYSCTL_N; i++)
		if (!strcmp(table[i].procname, c->procname))
			entry = &table[i];
	KUNIT_ASSERT_NOT_NULL(test, entry);

	len = strscpy(buf, c->input, sizeof(buf));
	err = entry->proc_handler(entry, 1, buf, &len, &pos);

	KUNIT_EXPECT_EQ(test, err, c->err);
	KUNIT_EXPECT_EQ(test, *(int *)entry->data, c->value);
	kfree(table);
}

/* Write @input to @procname of @hn's table; the value after it. */
static int sysctl_write(struct kunit *test, struct hsmon_net *hn, const char *procname,
			const char *input, int *err)
{
	struct ctl_table *table, *entry = NULL;
	char buf[32];
	size_t len;
	loff_t pos = 0;
	int i, value;

	table = hsmon_sysctl_table(hn);
	KUNIT_ASSERT_NOT_NULL(test, table);
	for (i = 0; i < HSMON_SYSCTL_N + 1 && table[i].procname; i++)
		if (!strcmp(table[i].procname, procname))
			entry = &table[i];
	KUNIT_ASSERT_NOT_NULL(test, entry);
	len = strscpy(buf, input, sizeof(buf));
	*err = entry->proc_handler(entry, 1, buf, &len, &pos);
	value = *(int *)entry->data;
	kfree(table);
	return value;
}

/*
 * In another namespace than the initial one, timeout and max_entries go
 * no higher than the initial namespace's, and there is no
 * host_max_entries; the initial namespace has it.
 */
static void sysctl_test_container_bounds(struct kunit *test)
{
	struct hsmon_net *host = kunit_kzalloc(test, sizeof(*host), GFP_KERNEL);
	struct hsmon_net *hn = kunit_kzalloc(test, sizeof(*hn), GFP_KERNEL);
	struct ctl_table *table;
	int err;

	KUNIT_ASSERT_NOT_NULL(test, host);
	KUNIT_ASSERT_NOT_NULL(test, hn);
	host->host = host;
	host->timeout_ms = 5000;
	host->max_entries = 100;
	hn->host = host;
	hn->timeout_ms = 1000;
	hn->max_entries = 10;

	KUNIT_EXPECT_EQ(test, sysctl_write(test, hn, "timeout", "5000", &err), 5000);
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, sysctl_write(test, hn, "timeout", "5001", &err), 5000);
	KUNIT_EXPECT_EQ(test, err, -EINVAL);
	KUNIT_EXPECT_EQ(test, sysctl_write(test, hn, "max_entries", "100", &err), 100);
	KUNIT_EXPECT_EQ(test, err, 0);
	KUNIT_EXPECT_EQ(test, sysctl_write(test, hn, "max_entries", "101", &err), 100);
	KUNIT_EXPECT_EQ(test, err, -EINVAL);
	/* The host itself: its own bounds only. */
	KUNIT_EXPECT_EQ(test, sysctl_write(test, host, "max_entries", "4096", &err), 4096);
	KUNIT_EXPECT_EQ(test, err, 0);

	table = hsmon_sysctl_table(hn);
	KUNIT_ASSERT_NOT_NULL(test, table);
	KUNIT_EXPECT_NULL(test, table[HSMON_SYSCTL_N].procname);
	kfree(table);
	table = hsmon_sysctl_table(host);
	KUNIT_ASSERT_NOT_NULL(test, table);
	KUNIT_EXPECT_STREQ(test, table[HSMON_SYSCTL_N].procname, "host_max_entries");
	kfree(table);
}

static struct kunit_case hsmon_sysctl_cases[] = {
	KUNIT_CASE_PARAM(sysctl_test_write, sysctl_gen_params),
	KUNIT_CASE(sysctl_test_container_bounds),
	{}
};

static struct kunit_suite hsmon_sysctl_suite = {
	.name = "hsmon_sysctl",
	.test_cases = hsmon_sysctl_cases,
};

kunit_test_suite(hsmon_sysctl_suite);
