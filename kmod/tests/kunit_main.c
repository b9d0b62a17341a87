// SPDX-License-Identifier: GPL-2.0
/*
 * rampart_kunit.ko: KUnit suites for rampart.ko. Loading it runs them; the
 * results appear as KTAP in the kernel log and under debugfs/kunit/.
 */
#include <linux/module.h>

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for rampart");
MODULE_IMPORT_NS(RAMPART_INTERNAL);
