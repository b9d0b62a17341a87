/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The only header kmod/core/ includes besides the UAPI contract: it maps the
 * few kernel types and helpers the pure code uses onto the kernel or onto
 * libc, so the same sources build into rampart.ko, unit tests and fuzzers.
 */
#ifndef RAMPART_CORE_COMPAT_H
#define RAMPART_CORE_COMPAT_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <linux/kernel.h>
#include <asm/byteorder.h>
#define rampart_ntohs(x) be16_to_cpu((__force __be16)(x))
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <arpa/inet.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
#define rampart_ntohs(x) ntohs(x)
#ifndef fallthrough
#define fallthrough __attribute__((__fallthrough__))
#endif
#endif

#endif /* RAMPART_CORE_COMPAT_H */
