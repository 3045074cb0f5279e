/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim: as <kunit/visibility.h> in a kernel without KUnit. */
#ifndef _SHIM_KUNIT_VISIBILITY_H
#define _SHIM_KUNIT_VISIBILITY_H

#define VISIBLE_IF_KUNIT static
#define EXPORT_SYMBOL_IF_KUNIT(symbol)

#endif
