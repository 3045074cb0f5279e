/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the module shows its tests: the KUnit suites (hsmon_kunit.ko) and
 * the hook microbenchmark (hsmon_bench.ko).  Kernel API shims are in
 * compat.h; this is only the export plumbing.
 */
#ifndef _HSMON_TESTING_H
#define _HSMON_TESTING_H

#include <linux/export.h>
#include <linux/module.h>
#include <linux/version.h>

/*
 * <kunit/visibility.h> (6.2+) exports helpers to the test module only.
 * (No __has_include(): sparse does not know it.)
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#include <kunit/visibility.h>
#else
#define VISIBLE_IF_KUNIT static
#define EXPORT_SYMBOL_IF_KUNIT(symbol)
#endif

/* Since 6.13 MODULE_IMPORT_NS() takes a string literal. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define HSMON_IMPORT_KUNIT_NS() MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING")
#else
#define HSMON_IMPORT_KUNIT_NS() MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING)
#endif

/*
 * The hook microbenchmark (tests/bench/hook_bench.c) calls hsmon's hook
 * functions directly.  A build with HSMON_BENCH=1 exports them, and what
 * the KUnit suites use, to the KUnit suites' namespace; other builds
 * export them to the KUnit suites only, on kernels with KUnit.
 */
#ifdef HSMON_BENCH_EXPORTS
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define EXPORT_SYMBOL_FOR_HSMON_TESTS(sym) EXPORT_SYMBOL_NS_GPL(sym, "EXPORTED_FOR_KUNIT_TESTING")
#else
#define EXPORT_SYMBOL_FOR_HSMON_TESTS(sym) EXPORT_SYMBOL_NS_GPL(sym, EXPORTED_FOR_KUNIT_TESTING)
#endif
#else
#define EXPORT_SYMBOL_FOR_HSMON_TESTS(sym) EXPORT_SYMBOL_IF_KUNIT(sym)
#endif

#endif /* _HSMON_TESTING_H */
