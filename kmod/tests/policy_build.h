/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Building policies in KUnit tests: items as netlink attributes, exactly as
 * POLICY_ADD carries them, added to a transaction and compiled. A suite
 * whose test->priv starts with a struct ptest may use these.
 */
#ifndef RAMPART_TESTS_POLICY_BUILD_H
#define RAMPART_TESTS_POLICY_BUILD_H

#include <kunit/test.h>
#include <net/netlink.h>

#include "../rampart.h"

struct ptest {
	struct rampart_policy *p;
	struct sk_buff *skb;
	struct netlink_ext_ack extack;
	char msg[160];
	int err;		/* first error of an add */
};

/* Allocate t's policy and scratch skb; pb_exit() frees what is left. */
int pb_init(struct kunit *test, struct ptest *t);
void pb_exit(struct kunit *test);
/* Address text to 16 bytes; returns the family (4 or 6). */
u8 pb_addr(const char *s, u8 *out);
int pb_object(struct kunit *test, u8 kind, const char *name,
	      const char *a, const char *last, int plen, u32 line);
int pb_group(struct kunit *test, const char *name, const char *members, u32 line);
/* Spans as "25" or "1024-2047,3000"; idle 0: not set. */
int pb_service(struct kunit *test, const char *name, u8 proto,
	       const char *spans, u32 idle);
int pb_rule(struct kunit *test, u32 number, u8 action, const char *from,
	    const char *to, const char *svc, const char *in, u32 line);
/* Comma-separated names as repeated attributes; a place, when line != 0. */
void pb_names(struct sk_buff *skb, int type, const char *list);
int pb_put_line(struct sk_buff *skb, int line_attr, u32 line);
/* Add a ready-made item (nested attribute under construction in t->skb). */
struct nlattr *pb_item(struct kunit *test, int type);
int pb_add(struct kunit *test, struct nlattr *nest);
int pb_compile(struct kunit *test);

/*
 * A namespace state of a test's own, for driving stages without hooks:
 * counters, the event limiter and a connection table of 16 entries.
 * pb_net_free() destroys the table (waiting for its RCU frees) and the
 * counters; the installed policy, if any, is the caller's.
 */
struct rampart_net *pb_net_new(struct kunit *test);
void pb_net_free(struct rampart_net *rn);
/* Packets dropped for reason, over all CPUs. */
u64 pb_drops(struct rampart_net *rn, enum rampart_drop_reason reason);

#define HOST(n, a)		pb_object(test, RAMPART_OBJ_HOST, n, a, NULL, -1, 0)
#define NET(n, a, l)		pb_object(test, RAMPART_OBJ_NETWORK, n, a, NULL, l, 0)
#define RANGE(n, a, b)		pb_object(test, RAMPART_OBJ_RANGE, n, a, b, -1, 0)
#define ACCEPT	RAMPART_ACTION_ACCEPT
#define DROP	RAMPART_ACTION_DROP

#endif /* RAMPART_TESTS_POLICY_BUILD_H */
