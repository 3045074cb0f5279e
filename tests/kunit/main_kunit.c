// SPDX-License-Identifier: GPL-2.0
/*
 * hsmon_kunit.ko: KUnit suites for hsmon.ko, which must be loaded first.
 * The suites run when this module loads; results go to the kernel log
 * (KTAP) and /sys/kernel/debug/kunit/<suite>/results.
 */
#include <linux/module.h>

#include "testing.h"

MODULE_DESCRIPTION("KUnit tests for hsmon");
MODULE_LICENSE("GPL");
HSMON_IMPORT_KUNIT_NS();
