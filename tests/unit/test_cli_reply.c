// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel replies built here with libnl, as rampart.ko would send them:
 * parsing them into structs, rejecting malformed ones without crashing,
 * and the commands run end to end against a fake kernel serving them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include <cmocka.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <linux/rampart.h>

#include "fwadm.h"
#include "reply.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define FAMILY 0x1c

/*
 * One fault to inject while building a reply: in the attribute set where,
 * attribute type is left out (OMIT) or sent with a wrong size (WRONG).
 */
enum where { AT_NONE, AT_TOP, AT_STAGE, AT_DROP, AT_CS };
enum how { OMIT, WRONG };

static struct fault {
	enum where where;
	int type;
	enum how how;
	int nth;		/* only in the nth stage or drop (1-based), 0: all */
} fault;

static int cur_nth;		/* which stage or drop is being built */

static bool hit(enum where where, int type, enum how how)
{
	if (fault.where != where || fault.type != type || fault.how != how)
		return false;
	return where == AT_TOP || where == AT_CS || fault.nth == 0 ||
	       fault.nth == cur_nth;
}

static void put_u8(struct nl_msg *m, enum where w, int type, uint8_t v)
{
	if (hit(w, type, OMIT))
		return;
	if (hit(w, type, WRONG))
		assert_int_equal(nla_put_u32(m, type, v), 0);
	else
		assert_int_equal(nla_put_u8(m, type, v), 0);
}

static void put_u32(struct nl_msg *m, enum where w, int type, uint32_t v)
{
	if (hit(w, type, OMIT))
		return;
	if (hit(w, type, WRONG))
		assert_int_equal(nla_put_u16(m, type, (uint16_t)v), 0);
	else
		assert_int_equal(nla_put_u32(m, type, v), 0);
}

static void put_u64(struct nl_msg *m, enum where w, int type, uint64_t v)
{
	if (hit(w, type, OMIT))
		return;
	if (hit(w, type, WRONG))
		assert_int_equal(nla_put_u32(m, type, (uint32_t)v), 0);
	else
		assert_int_equal(nla_put_u64(m, type, v), 0);
}

static void put_str(struct nl_msg *m, enum where w, int type, const char *s)
{
	if (hit(w, type, OMIT))
		return;
	if (hit(w, type, WRONG))	/* without its NUL */
		assert_int_equal(nla_put(m, type, (int)strlen(s), s), 0);
	else
		assert_int_equal(nla_put_string(m, type, s), 0);
}

/* Start a nest; NULL when the nest is to be omitted or replaced by a u32. */
static struct nlattr *nest_start(struct nl_msg *m, enum where w, int type)
{
	struct nlattr *n;

	if (hit(w, type, OMIT))
		return NULL;
	if (hit(w, type, WRONG)) {
		assert_int_equal(nla_put_u32(m, type, 0xdeadbeef), 0);
		return NULL;
	}
	n = nla_nest_start(m, type);
	assert_non_null(n);
	return n;
}

static struct nl_msg *new_reply(uint8_t cmd)
{
	struct nl_msg *m = nlmsg_alloc();

	assert_non_null(m);
	assert_non_null(genlmsg_put(m, 0, 1, FAMILY, 0, 0, cmd,
				    RAMPART_GENL_VERSION));
	return m;
}

struct stage_def {
	uint8_t dir;
	uint32_t index;
	int32_t priority;
	uint32_t id;
	const char *name, *desc;
	uint64_t packets, bytes, drops;
};

static const struct stage_def chain_defs[] = {
	{ RAMPART_DIR_IN, 0, -390, RAMPART_STAGE_SANITY, "sanity",
	  "stateless verifications", 0, 0, 0 },
	{ RAMPART_DIR_IN, 1, 0, RAMPART_STAGE_FW, "fw", "fw inbound", 0, 0, 0 },
	{ RAMPART_DIR_IN, 2, 50, RAMPART_STAGE_SMTP, "smtp", "smtp inspection",
	  0, 0, 0 },
	{ RAMPART_DIR_IN, 3, 400, RAMPART_STAGE_END, "end",
	  "end of rampart chain", 0, 0, 0 },
	{ RAMPART_DIR_OUT, 0, -390, RAMPART_STAGE_SANITY, "sanity",
	  "stateless verifications", 0, 0, 0 },
	{ RAMPART_DIR_OUT, 1, 0, RAMPART_STAGE_FW, "fw", "fw outbound", 0, 0, 0 },
	{ RAMPART_DIR_OUT, 2, 50, RAMPART_STAGE_SMTP, "smtp", "smtp inspection",
	  0, 0, 0 },
	{ RAMPART_DIR_OUT, 3, 400, RAMPART_STAGE_END, "end",
	  "end of rampart chain", 0, 0, 0 },
};

static const struct stage_def stats_defs[] = {
	{ RAMPART_DIR_IN, 0, 0, 0, "sanity", NULL, 1200, 153600, 3 },
	{ RAMPART_DIR_IN, 1, 0, 0, "fw", NULL, 1197, 153216, 0 },
	{ RAMPART_DIR_IN, 2, 0, 0, "smtp", NULL, 0, 0, 0 },
	{ RAMPART_DIR_IN, 3, 0, 0, "end", NULL, 1197, 153216, 0 },
	{ RAMPART_DIR_OUT, 0, 0, 0, "sanity", NULL, 800, 64000, 1 },
	{ RAMPART_DIR_OUT, 1, 0, 0, "fw", NULL, 799, 63920, 0 },
	{ RAMPART_DIR_OUT, 2, 0, 0, "smtp", NULL, 0, 0, 0 },
	{ RAMPART_DIR_OUT, 3, 0, 0, "end", NULL, 799, 63920, UINT64_MAX },
};

struct drop_def {
	uint32_t reason;
	const char *text;
	uint64_t count;
};

static const struct drop_def drop_defs[] = {
	{ RAMPART_DROP_NONE, "not dropped", 0 },
	{ RAMPART_DROP_IP_TRUNCATED, "IP header truncated", 0 },
	{ RAMPART_DROP_TCP_SYN_FIN, "TCP flags SYN and FIN together", 3 },
	{ RAMPART_DROP_UDP_PORT_ZERO, "UDP destination port 0", 1 },
};

static struct nl_msg *build_version(const char *version, uint32_t abi)
{
	struct nl_msg *m = new_reply(RAMPART_CMD_GET_VERSION);

	put_str(m, AT_TOP, RAMPART_A_VERSION, version);
	put_u32(m, AT_TOP, RAMPART_A_ABI, abi);
	return m;
}

static void put_stages(struct nl_msg *m, int list, const struct stage_def *d,
		       size_t n, bool chain)
{
	struct nlattr *l = nest_start(m, AT_TOP, list);
	size_t i;

	if (!l)
		return;
	for (i = 0; i < n; i++) {
		struct nlattr *s;

		cur_nth = (int)i + 1;
		if (fault.where == AT_STAGE && fault.type == -1 &&
		    fault.nth == cur_nth) {
			/* This stage as a u32 instead of a nest. */
			assert_int_equal(nla_put_u32(m, RAMPART_A_STAGE, 7), 0);
			continue;
		}
		s = nla_nest_start(m, RAMPART_A_STAGE);
		assert_non_null(s);
		put_u8(m, AT_STAGE, RAMPART_STAGE_A_DIR, d[i].dir);
		put_u32(m, AT_STAGE, RAMPART_STAGE_A_INDEX, d[i].index);
		if (chain) {
			put_u32(m, AT_STAGE, RAMPART_STAGE_A_PRIORITY,
				(uint32_t)d[i].priority);
			put_u32(m, AT_STAGE, RAMPART_STAGE_A_ID, d[i].id);
		}
		put_str(m, AT_STAGE, RAMPART_STAGE_A_NAME, d[i].name);
		if (chain) {
			put_str(m, AT_STAGE, RAMPART_STAGE_A_DESC, d[i].desc);
		} else {
			put_u64(m, AT_STAGE, RAMPART_STAGE_A_PACKETS,
				d[i].packets);
			put_u64(m, AT_STAGE, RAMPART_STAGE_A_BYTES, d[i].bytes);
			put_u64(m, AT_STAGE, RAMPART_STAGE_A_DROPS, d[i].drops);
		}
		nla_nest_end(m, s);
	}
	/* The kernel sends empty nests; libnl would drop them. */
	assert_int_equal(nla_nest_end_keep_empty(m, l), 0);
}

static struct nl_msg *build_chain(bool started, const struct stage_def *d,
				  size_t n)
{
	struct nl_msg *m = new_reply(RAMPART_CMD_GET_CHAIN);

	put_u8(m, AT_TOP, RAMPART_A_STARTED, started);
	put_stages(m, RAMPART_A_CHAIN, d, n, true);
	return m;
}

static struct nl_msg *build_stats(bool started)
{
	struct nl_msg *m = new_reply(RAMPART_CMD_GET_STATS);
	struct nlattr *l;
	size_t i;

	put_u8(m, AT_TOP, RAMPART_A_STARTED, started);
	put_stages(m, RAMPART_A_STAGE_STATS, stats_defs, N(stats_defs), false);
	l = nest_start(m, AT_TOP, RAMPART_A_DROP_STATS);
	for (i = 0; l && i < N(drop_defs); i++) {
		struct nlattr *d = nla_nest_start(m, RAMPART_A_DROP);

		cur_nth = (int)i + 1;
		assert_non_null(d);
		put_u32(m, AT_DROP, RAMPART_DROP_A_REASON, drop_defs[i].reason);
		put_str(m, AT_DROP, RAMPART_DROP_A_TEXT, drop_defs[i].text);
		put_u64(m, AT_DROP, RAMPART_DROP_A_COUNT, drop_defs[i].count);
		nla_nest_end(m, d);
	}
	if (l)
		assert_int_equal(nla_nest_end_keep_empty(m, l), 0);
	l = nest_start(m, AT_TOP, RAMPART_A_CONN_STATS);
	if (!l)
		return m;
	put_u32(m, AT_CS, RAMPART_CS_A_ENTRIES, 3);
	put_u32(m, AT_CS, RAMPART_CS_A_LIMIT, 262144);
	put_u32(m, AT_CS, RAMPART_CS_A_TOMBS, 2);
	put_u32(m, AT_CS, RAMPART_CS_A_TOMBS_MAX, 16384);
	put_u64(m, AT_CS, RAMPART_CS_A_INSERTS, 5);
	put_u64(m, AT_CS, RAMPART_CS_A_REMOVALS, 2);
	put_u64(m, AT_CS, RAMPART_CS_A_EVICTIONS, 1);
	put_u64(m, AT_CS, RAMPART_CS_A_FULL_DROPS, 0);
	put_u64(m, AT_CS, RAMPART_CS_A_GC_RUNS, 1234);
	put_u64(m, AT_CS, RAMPART_CS_A_LATE_PASSED, 7);
	put_u64(m, AT_CS, RAMPART_CS_A_PICKUPS, UINT64_MAX);
	assert_int_equal(nla_nest_end_keep_empty(m, l), 0);
	return m;
}

static int reset(void **state)
{
	(void)state;
	memset(&fault, 0, sizeof(fault));
	cur_nth = 0;
	return 0;
}

/* ---- parsing well-formed replies ---- */

static void test_parse_version(void **state)
{
	struct nl_msg *m = build_version("0.1.0", RAMPART_ABI_VERSION);
	struct fwadm_version v;
	struct fwadm_err err;

	(void)state;
	fwadm_err_clear(&err);
	assert_int_equal(fwadm_parse_version(nlmsg_hdr(m), &v, &err), 0);
	assert_string_equal(v.version, "0.1.0");
	assert_int_equal(v.abi, 1);
	assert_int_equal(err.kind, FWADM_E_NONE);
	fwadm_version_free(&v);
	assert_null(v.version);
	nlmsg_free(m);
}

static void test_parse_chain(void **state)
{
	struct nl_msg *m = build_chain(true, chain_defs, N(chain_defs));
	struct fwadm_chain c;
	struct fwadm_err err;
	size_t i;

	(void)state;
	assert_int_equal(fwadm_parse_chain(nlmsg_hdr(m), &c, &err), 0);
	assert_true(c.started);
	assert_int_equal(c.nstages, N(chain_defs));
	for (i = 0; i < N(chain_defs); i++) {
		assert_int_equal(c.stages[i].dir, chain_defs[i].dir);
		assert_int_equal(c.stages[i].index, chain_defs[i].index);
		assert_int_equal(c.stages[i].priority, chain_defs[i].priority);
		assert_int_equal(c.stages[i].id, chain_defs[i].id);
		assert_string_equal(c.stages[i].name, chain_defs[i].name);
		assert_string_equal(c.stages[i].desc, chain_defs[i].desc);
	}
	fwadm_chain_free(&c);
	assert_null(c.stages);
	assert_int_equal(c.nstages, 0);
	nlmsg_free(m);
}

static void test_parse_chain_stopped_and_empty(void **state)
{
	struct nl_msg *m = build_chain(false, NULL, 0);
	struct fwadm_chain c;
	struct fwadm_err err;

	(void)state;
	assert_int_equal(fwadm_parse_chain(nlmsg_hdr(m), &c, &err), 0);
	assert_false(c.started);
	assert_int_equal(c.nstages, 0);
	assert_null(c.stages);
	fwadm_chain_free(&c);
	nlmsg_free(m);
}

static void test_parse_stats(void **state)
{
	struct nl_msg *m = build_stats(true);
	struct fwadm_stats s;
	struct fwadm_err err;
	size_t i;

	(void)state;
	assert_int_equal(fwadm_parse_stats(nlmsg_hdr(m), &s, &err), 0);
	assert_true(s.started);
	assert_int_equal(s.nstages, N(stats_defs));
	for (i = 0; i < N(stats_defs); i++) {
		assert_int_equal(s.stages[i].dir, stats_defs[i].dir);
		assert_int_equal(s.stages[i].index, stats_defs[i].index);
		assert_string_equal(s.stages[i].name, stats_defs[i].name);
		assert_null(s.stages[i].desc);
		assert_true(s.stages[i].packets == stats_defs[i].packets);
		assert_true(s.stages[i].bytes == stats_defs[i].bytes);
		assert_true(s.stages[i].drops == stats_defs[i].drops);
	}
	assert_int_equal(s.ndrops, N(drop_defs));
	for (i = 0; i < N(drop_defs); i++) {
		assert_int_equal(s.drops[i].reason, drop_defs[i].reason);
		assert_string_equal(s.drops[i].text, drop_defs[i].text);
		assert_true(s.drops[i].count == drop_defs[i].count);
	}
	assert_int_equal(s.conns.entries, 3);
	assert_int_equal(s.conns.limit, 262144);
	assert_int_equal(s.conns.tombs, 2);
	assert_int_equal(s.conns.tombs_max, 16384);
	assert_true(s.conns.inserts == 5);
	assert_true(s.conns.removals == 2);
	assert_true(s.conns.evictions == 1);
	assert_true(s.conns.full_drops == 0);
	assert_true(s.conns.gc_runs == 1234);
	assert_true(s.conns.late_passed == 7);
	assert_true(s.conns.pickups == UINT64_MAX);
	fwadm_stats_free(&s);
	assert_null(s.stages);
	assert_null(s.drops);
	nlmsg_free(m);
}

/* Attributes unknown to this fwadm are skipped: newer modules still work. */
static void test_parse_ignores_unknown_attributes(void **state)
{
	struct nl_msg *m = new_reply(RAMPART_CMD_GET_CHAIN);
	struct nlattr *l, *s;
	struct fwadm_chain c;
	struct fwadm_err err;

	(void)state;
	assert_int_equal(nla_put_u64(m, 60, 1), 0);
	assert_int_equal(nla_put_u8(m, RAMPART_A_STARTED, 1), 0);
	l = nla_nest_start(m, RAMPART_A_CHAIN);
	assert_int_equal(nla_put_string(m, 61, "x"), 0);	/* in the list */
	s = nla_nest_start(m, RAMPART_A_STAGE);
	assert_int_equal(nla_put_u8(m, RAMPART_STAGE_A_DIR, RAMPART_DIR_OUT), 0);
	assert_int_equal(nla_put_u32(m, RAMPART_STAGE_A_INDEX, 5), 0);
	assert_int_equal(nla_put_u32(m, RAMPART_STAGE_A_PRIORITY, (uint32_t)-7), 0);
	assert_int_equal(nla_put_u32(m, RAMPART_STAGE_A_ID, 99), 0);
	assert_int_equal(nla_put_string(m, RAMPART_STAGE_A_NAME, "new"), 0);
	assert_int_equal(nla_put_string(m, RAMPART_STAGE_A_DESC, "a new stage"), 0);
	assert_int_equal(nla_put_u32(m, 40, 1), 0);		/* in a stage */
	nla_nest_end(m, s);
	nla_nest_end(m, l);

	assert_int_equal(fwadm_parse_chain(nlmsg_hdr(m), &c, &err), 0);
	assert_int_equal(c.nstages, 1);
	assert_int_equal(c.stages[0].dir, RAMPART_DIR_OUT);
	assert_int_equal(c.stages[0].index, 5);
	assert_int_equal(c.stages[0].priority, -7);
	assert_int_equal(c.stages[0].id, 99);
	assert_string_equal(c.stages[0].desc, "a new stage");
	fwadm_chain_free(&c);
	nlmsg_free(m);
}

/* ---- malformed replies: rejected with a precise message ---- */

struct bad_case {
	enum where where;
	int type;
	enum how how;
	int nth;
	const char *msg;	/* expected err.msg */
};

static void check_chain_fault(const struct bad_case *bc)
{
	struct nl_msg *m;
	struct fwadm_chain c;
	struct fwadm_err err;

	fault = (struct fault){ bc->where, bc->type, bc->how, bc->nth };
	m = build_chain(true, chain_defs, N(chain_defs));
	fwadm_err_clear(&err);
	assert_int_equal(fwadm_parse_chain(nlmsg_hdr(m), &c, &err), -1);
	assert_int_equal(err.kind, FWADM_E_REPLY);
	assert_string_equal(err.msg, bc->msg);
	/* Nothing is left allocated; freeing again is harmless. */
	assert_null(c.stages);
	assert_int_equal(c.nstages, 0);
	fwadm_chain_free(&c);
	nlmsg_free(m);
}

static void test_chain_missing_attributes(void **state)
{
	static const struct bad_case cases[] = {
		{ AT_TOP, RAMPART_A_STARTED, OMIT, 0,
		  "reply: RAMPART_A_STARTED missing" },
		{ AT_TOP, RAMPART_A_CHAIN, OMIT, 0,
		  "reply: RAMPART_A_CHAIN missing" },
		{ AT_STAGE, RAMPART_STAGE_A_DIR, OMIT, 1,
		  "RAMPART_A_STAGE #1: RAMPART_STAGE_A_DIR missing" },
		{ AT_STAGE, RAMPART_STAGE_A_INDEX, OMIT, 8,
		  "RAMPART_A_STAGE #8: RAMPART_STAGE_A_INDEX missing" },
		{ AT_STAGE, RAMPART_STAGE_A_PRIORITY, OMIT, 3,
		  "RAMPART_A_STAGE #3: RAMPART_STAGE_A_PRIORITY missing" },
		{ AT_STAGE, RAMPART_STAGE_A_ID, OMIT, 2,
		  "RAMPART_A_STAGE #2: RAMPART_STAGE_A_ID missing" },
		{ AT_STAGE, RAMPART_STAGE_A_NAME, OMIT, 5,
		  "RAMPART_A_STAGE #5: RAMPART_STAGE_A_NAME missing" },
		{ AT_STAGE, RAMPART_STAGE_A_DESC, OMIT, 7,
		  "RAMPART_A_STAGE #7: RAMPART_STAGE_A_DESC missing" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++)
		check_chain_fault(&cases[i]);
}

static void test_chain_wrong_types(void **state)
{
	static const struct bad_case cases[] = {
		{ AT_TOP, RAMPART_A_STARTED, WRONG, 0,
		  "reply: RAMPART_A_STARTED is not a u8 (4 bytes)" },
		{ AT_TOP, RAMPART_A_CHAIN, WRONG, 0,
		  "RAMPART_A_CHAIN: 4 bytes that are not an attribute" },
		{ AT_STAGE, RAMPART_STAGE_A_DIR, WRONG, 2,
		  "RAMPART_A_STAGE #2: RAMPART_STAGE_A_DIR is not a u8 (4 bytes)" },
		{ AT_STAGE, RAMPART_STAGE_A_INDEX, WRONG, 1,
		  "RAMPART_A_STAGE #1: RAMPART_STAGE_A_INDEX is not a u32 (2 bytes)" },
		{ AT_STAGE, RAMPART_STAGE_A_PRIORITY, WRONG, 4,
		  "RAMPART_A_STAGE #4: RAMPART_STAGE_A_PRIORITY is not an s32 (2 bytes)" },
		{ AT_STAGE, RAMPART_STAGE_A_ID, WRONG, 6,
		  "RAMPART_A_STAGE #6: RAMPART_STAGE_A_ID is not a u32 (2 bytes)" },
		{ AT_STAGE, RAMPART_STAGE_A_NAME, WRONG, 8,
		  "RAMPART_A_STAGE #8: RAMPART_STAGE_A_NAME is not a NUL-terminated string (3 bytes)" },
		{ AT_STAGE, RAMPART_STAGE_A_DESC, WRONG, 1,
		  "RAMPART_A_STAGE #1: RAMPART_STAGE_A_DESC is not a NUL-terminated string (23 bytes)" },
		/* A stage that is a u32, not a nest. */
		{ AT_STAGE, -1, WRONG, 3,
		  "RAMPART_A_STAGE #3: 4 bytes that are not an attribute" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++)
		check_chain_fault(&cases[i]);
}

static void test_chain_bad_direction(void **state)
{
	struct stage_def d = chain_defs[0];
	struct nl_msg *m;
	struct fwadm_chain c;
	struct fwadm_err err;

	(void)state;
	d.dir = 3;
	m = build_chain(true, &d, 1);
	assert_int_equal(fwadm_parse_chain(nlmsg_hdr(m), &c, &err), -1);
	assert_string_equal(err.msg,
		"RAMPART_A_STAGE #1: RAMPART_STAGE_A_DIR 3 is not a direction");
	nlmsg_free(m);

	d.dir = 0;
	m = build_chain(true, &d, 1);
	assert_int_equal(fwadm_parse_chain(nlmsg_hdr(m), &c, &err), -1);
	assert_int_equal(err.kind, FWADM_E_REPLY);
	nlmsg_free(m);
}

static void check_stats_fault(const struct bad_case *bc)
{
	struct nl_msg *m;
	struct fwadm_stats s;
	struct fwadm_err err;

	fault = (struct fault){ bc->where, bc->type, bc->how, bc->nth };
	m = build_stats(false);
	fwadm_err_clear(&err);
	assert_int_equal(fwadm_parse_stats(nlmsg_hdr(m), &s, &err), -1);
	assert_int_equal(err.kind, FWADM_E_REPLY);
	assert_string_equal(err.msg, bc->msg);
	assert_null(s.stages);
	assert_null(s.drops);
	assert_int_equal(s.nstages, 0);
	assert_int_equal(s.ndrops, 0);
	fwadm_stats_free(&s);
	nlmsg_free(m);
}

static void test_stats_malformed(void **state)
{
	static const struct bad_case cases[] = {
		{ AT_TOP, RAMPART_A_STARTED, OMIT, 0,
		  "reply: RAMPART_A_STARTED missing" },
		{ AT_TOP, RAMPART_A_STAGE_STATS, OMIT, 0,
		  "reply: RAMPART_A_STAGE_STATS missing" },
		{ AT_TOP, RAMPART_A_DROP_STATS, OMIT, 0,
		  "reply: RAMPART_A_DROP_STATS missing" },
		{ AT_TOP, RAMPART_A_DROP_STATS, WRONG, 0,
		  "RAMPART_A_DROP_STATS: 4 bytes that are not an attribute" },
		{ AT_STAGE, RAMPART_STAGE_A_PACKETS, OMIT, 2,
		  "RAMPART_A_STAGE #2: RAMPART_STAGE_A_PACKETS missing" },
		{ AT_STAGE, RAMPART_STAGE_A_BYTES, OMIT, 8,
		  "RAMPART_A_STAGE #8: RAMPART_STAGE_A_BYTES missing" },
		{ AT_STAGE, RAMPART_STAGE_A_DROPS, OMIT, 1,
		  "RAMPART_A_STAGE #1: RAMPART_STAGE_A_DROPS missing" },
		{ AT_STAGE, RAMPART_STAGE_A_NAME, OMIT, 4,
		  "RAMPART_A_STAGE #4: RAMPART_STAGE_A_NAME missing" },
		{ AT_STAGE, RAMPART_STAGE_A_PACKETS, WRONG, 3,
		  "RAMPART_A_STAGE #3: RAMPART_STAGE_A_PACKETS is not a u64 (4 bytes)" },
		{ AT_STAGE, RAMPART_STAGE_A_DROPS, WRONG, 8,
		  "RAMPART_A_STAGE #8: RAMPART_STAGE_A_DROPS is not a u64 (4 bytes)" },
		{ AT_DROP, RAMPART_DROP_A_REASON, OMIT, 1,
		  "RAMPART_A_DROP #1: RAMPART_DROP_A_REASON missing" },
		{ AT_DROP, RAMPART_DROP_A_TEXT, OMIT, 4,
		  "RAMPART_A_DROP #4: RAMPART_DROP_A_TEXT missing" },
		{ AT_DROP, RAMPART_DROP_A_COUNT, OMIT, 3,
		  "RAMPART_A_DROP #3: RAMPART_DROP_A_COUNT missing" },
		{ AT_DROP, RAMPART_DROP_A_REASON, WRONG, 2,
		  "RAMPART_A_DROP #2: RAMPART_DROP_A_REASON is not a u32 (2 bytes)" },
		{ AT_DROP, RAMPART_DROP_A_TEXT, WRONG, 3,
		  "RAMPART_A_DROP #3: RAMPART_DROP_A_TEXT is not a NUL-terminated string (30 bytes)" },
		{ AT_DROP, RAMPART_DROP_A_COUNT, WRONG, 4,
		  "RAMPART_A_DROP #4: RAMPART_DROP_A_COUNT is not a u64 (4 bytes)" },
		{ AT_TOP, RAMPART_A_CONN_STATS, OMIT, 0,
		  "reply: RAMPART_A_CONN_STATS missing" },
		{ AT_TOP, RAMPART_A_CONN_STATS, WRONG, 0,
		  "RAMPART_A_CONN_STATS: 4 bytes that are not an attribute" },
		{ AT_CS, RAMPART_CS_A_ENTRIES, OMIT, 0,
		  "RAMPART_A_CONN_STATS: RAMPART_CS_A_ENTRIES missing" },
		{ AT_CS, RAMPART_CS_A_LIMIT, OMIT, 0,
		  "RAMPART_A_CONN_STATS: RAMPART_CS_A_LIMIT missing" },
		{ AT_CS, RAMPART_CS_A_TOMBS_MAX, OMIT, 0,
		  "RAMPART_A_CONN_STATS: RAMPART_CS_A_TOMBS_MAX missing" },
		{ AT_CS, RAMPART_CS_A_PICKUPS, OMIT, 0,
		  "RAMPART_A_CONN_STATS: RAMPART_CS_A_PICKUPS missing" },
		{ AT_CS, RAMPART_CS_A_TOMBS, WRONG, 0,
		  "RAMPART_A_CONN_STATS: RAMPART_CS_A_TOMBS is not a u32 (2 bytes)" },
		{ AT_CS, RAMPART_CS_A_GC_RUNS, WRONG, 0,
		  "RAMPART_A_CONN_STATS: RAMPART_CS_A_GC_RUNS is not a u64 (4 bytes)" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++)
		check_stats_fault(&cases[i]);
}

static void test_version_malformed(void **state)
{
	static const struct bad_case cases[] = {
		{ AT_TOP, RAMPART_A_VERSION, OMIT, 0,
		  "reply: RAMPART_A_VERSION missing" },
		{ AT_TOP, RAMPART_A_ABI, OMIT, 0, "reply: RAMPART_A_ABI missing" },
		{ AT_TOP, RAMPART_A_VERSION, WRONG, 0,
		  "reply: RAMPART_A_VERSION is not a NUL-terminated string (5 bytes)" },
		{ AT_TOP, RAMPART_A_ABI, WRONG, 0,
		  "reply: RAMPART_A_ABI is not a u32 (2 bytes)" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++) {
		struct nl_msg *m;
		struct fwadm_version v;
		struct fwadm_err err;

		fault = (struct fault){ cases[i].where, cases[i].type,
					cases[i].how, 0 };
		m = build_version("0.1.0", 1);
		assert_int_equal(fwadm_parse_version(nlmsg_hdr(m), &v, &err), -1);
		assert_int_equal(err.kind, FWADM_E_REPLY);
		assert_string_equal(err.msg, cases[i].msg);
		assert_null(v.version);
		nlmsg_free(m);
	}
}

/* Bytes after the last attribute that do not form one. */
static void test_trailing_garbage(void **state)
{
	struct nl_msg *m = build_version("0.1.0", 1);
	struct fwadm_version v;
	struct fwadm_err err;
	unsigned char *p;

	(void)state;
	p = nlmsg_reserve(m, 4, NLMSG_ALIGNTO);
	assert_non_null(p);
	memcpy(p, "\xff\x00\x01\x00", 4);	/* nla_len 255 */
	assert_int_equal(fwadm_parse_version(nlmsg_hdr(m), &v, &err), -1);
	assert_string_equal(err.msg, "reply: 4 bytes that are not an attribute");
	nlmsg_free(m);
}

static void test_short_message(void **state)
{
	struct nl_msg *m = build_version("0.1.0", 1);
	struct fwadm_version v;
	struct fwadm_err err;

	(void)state;
	nlmsg_hdr(m)->nlmsg_len = NLMSG_HDRLEN + 2;	/* half a genl header */
	assert_int_equal(fwadm_parse_version(nlmsg_hdr(m), &v, &err), -1);
	assert_string_equal(err.msg,
			    "message too short for a generic netlink header");
	nlmsg_hdr(m)->nlmsg_len = 3;
	assert_int_equal(fwadm_parse_version(nlmsg_hdr(m), &v, &err), -1);
	assert_int_equal(err.kind, FWADM_E_REPLY);
	nlmsg_free(m);
}

/*
 * A reply cut at every length, in a buffer of exactly that length: each
 * parse fails cleanly or succeeds, never reads outside (ASan checks).
 */
static void test_truncated_everywhere(void **state)
{
	struct nl_msg *m = build_stats(true);
	struct nlmsghdr *full = nlmsg_hdr(m);
	uint32_t len, total = full->nlmsg_len;
	int ok = 0;

	(void)state;
	for (len = NLMSG_HDRLEN; len <= total; len++) {
		struct nlmsghdr *cut = malloc(len);
		struct fwadm_stats s;
		struct fwadm_chain c;
		struct fwadm_version v;
		struct fwadm_err err;

		assert_non_null(cut);
		memcpy(cut, full, len);
		cut->nlmsg_len = len;
		if (fwadm_parse_stats(cut, &s, &err) == 0) {
			ok++;
			fwadm_stats_free(&s);
		} else {
			assert_int_equal(err.kind, FWADM_E_REPLY);
		}
		if (fwadm_parse_chain(cut, &c, &err) == 0)
			fwadm_chain_free(&c);
		if (fwadm_parse_version(cut, &v, &err) == 0)
			fwadm_version_free(&v);
		free(cut);
	}
	/* Only the whole message is a whole reply. */
	assert_int_equal(ok, 1);
	nlmsg_free(m);
}

/* ---- commands against a fake kernel ---- */

struct fake_kernel {
	int calls;
	uint8_t cmd;			/* last request */
	bool reset;			/* it carried RAMPART_A_STATS_RESET */
	int nattrs;			/* its attributes */
	struct nl_msg *replies[2];
	int nreplies;
	enum fwadm_err_kind fail;	/* FWADM_E_NONE: answer */
	int code;
	const char *extack;
};

/* rampart.ko missing is found when connecting; the rest per request. */
static void *fake_open(void *priv, struct fwadm_err *err)
{
	struct fake_kernel *k = priv;

	if (k->fail == FWADM_E_NOT_LOADED) {
		k->calls++;
		fwadm_err_set(err, k->fail, k->code, NULL);
		return NULL;
	}
	return k;
}

static int fake_request(void *conn, struct nl_msg *req, fwadm_reply_fn fn,
			void *arg, struct fwadm_err *err)
{
	struct fake_kernel *k = conn;
	struct genlmsghdr *g = nlmsg_data(nlmsg_hdr(req));
	int i;

	struct nlattr *a;
	int rem;

	k->calls++;
	k->cmd = g->cmd;
	k->reset = false;
	k->nattrs = 0;
	nla_for_each_attr(a, genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0), rem) {
		k->nattrs++;
		if (nla_type(a) == RAMPART_A_STATS_RESET && nla_len(a) == 0)
			k->reset = true;
	}
	fwadm_err_clear(err);
	if (k->fail != FWADM_E_NONE) {
		fwadm_err_set(err, k->fail, k->code, "%s",
			      k->extack ? k->extack : "");
		return -1;
	}
	for (i = 0; fn && i < k->nreplies; i++)
		if (fn(nlmsg_hdr(k->replies[i]), arg, err) < 0)
			return -1;
	return 0;
}

static void fake_close(void *conn)
{
	(void)conn;
}

struct result {
	int rc;
	char *out;
	char *err;
};

static struct result run(struct fake_kernel *k, const char *a1, const char *a2)
{
	struct fwadm_transport tp = {
		.open = fake_open, .request = fake_request, .close = fake_close,
		.priv = k,
	};
	struct fwadm_ctx ctx = { .tp = &tp };
	char *argv[] = { (char *)"fwadm", (char *)a1, (char *)a2, NULL };
	struct result r;
	size_t l1, l2;
	int i;

	ctx.out = open_memstream(&r.out, &l1);
	ctx.err = open_memstream(&r.err, &l2);
	assert_non_null(ctx.out);
	assert_non_null(ctx.err);
	r.rc = fwadm_run(&ctx, a2 ? 3 : 2, argv);
	fclose(ctx.out);
	fclose(ctx.err);
	for (i = 0; i < k->nreplies; i++)
		nlmsg_free(k->replies[i]);
	k->nreplies = 0;
	return r;
}

static void check(struct result r, int rc, const char *out, const char *err)
{
	assert_string_equal(r.err, err);
	assert_string_equal(r.out, out);
	assert_int_equal(r.rc, rc);
	free(r.out);
	free(r.err);
}

static void test_cmd_version(void **state)
{
	struct fake_kernel k = { .nreplies = 1 };

	(void)state;
	k.replies[0] = build_version("0.1.0", RAMPART_ABI_VERSION);
	check(run(&k, "version", NULL), 0,
	      "fwadm 0.1.0\nrampart.ko 0.1.0 (abi 1)\n", "");
	assert_int_equal(k.calls, 1);
	assert_int_equal(k.cmd, RAMPART_CMD_GET_VERSION);
}

static void test_cmd_version_not_loaded(void **state)
{
	struct fake_kernel k = { .fail = FWADM_E_NOT_LOADED, .code = ENOENT };

	(void)state;
	check(run(&k, "version", NULL), 1, "fwadm 0.1.0\n",
	      "fwadm: rampart is not loaded (insmod rampart.ko)\n");
}

static void test_cmd_version_abi_mismatch(void **state)
{
	struct fake_kernel k = { .nreplies = 1 };

	(void)state;
	k.replies[0] = build_version("0.9.0", RAMPART_ABI_VERSION + 1);
	check(run(&k, "version", NULL), 0,
	      "fwadm 0.1.0\nrampart.ko 0.9.0 (abi 2)\n",
	      "fwadm: warning: rampart.ko has ABI 2, fwadm was built for ABI 1; use matching versions\n");
}

static void test_cmd_chain(void **state)
{
	struct fake_kernel k = { .nreplies = 1 };

	(void)state;
	k.replies[0] = build_chain(true, chain_defs, N(chain_defs));
	check(run(&k, "chain", NULL), 0,
	      "firewall: started\n"
	      "in chain (4):\n"
	      " 0:  -390 sanity (stateless verifications)\n"
	      " 1:     0 fw (fw inbound)\n"
	      " 2:    50 smtp (smtp inspection)\n"
	      " 3:   400 end (end of rampart chain)\n"
	      "out chain (4):\n"
	      " 0:  -390 sanity (stateless verifications)\n"
	      " 1:     0 fw (fw outbound)\n"
	      " 2:    50 smtp (smtp inspection)\n"
	      " 3:   400 end (end of rampart chain)\n", "");
	assert_int_equal(k.cmd, RAMPART_CMD_GET_CHAIN);
}

static void test_cmd_permission_denied(void **state)
{
	static const char *const cmds[] = { "chain", "stats", "start", "stop" };
	size_t i;

	(void)state;
	for (i = 0; i < N(cmds); i++) {
		struct fake_kernel k = { .fail = FWADM_E_KERNEL, .code = EPERM };

		check(run(&k, cmds[i], NULL), 1, "",
		      "fwadm: permission denied: fwadm needs CAP_NET_ADMIN\n");
	}
}

static void test_cmd_not_loaded(void **state)
{
	struct fake_kernel k = { .fail = FWADM_E_NOT_LOADED, .code = ENOENT };

	(void)state;
	check(run(&k, "stats", "--json"), 1, "",
	      "fwadm: rampart is not loaded (insmod rampart.ko)\n");
}

static const char stats_text[] =
	"firewall: started\n"
	"in chain (4):\n"
	"  pos  stage   packets   bytes                 drops\n"
	"    0  sanity     1200  153600                     3\n"
	"    1  fw         1197  153216                     0\n"
	"    2  smtp          0       0                     0\n"
	"    3  end        1197  153216                     0\n"
	"out chain (4):\n"
	"  pos  stage   packets   bytes                 drops\n"
	"    0  sanity      800   64000                     1\n"
	"    1  fw          799   63920                     0\n"
	"    2  smtp          0       0                     0\n"
	"    3  end         799   63920  18446744073709551615\n"
	"connections:\n"
	"  entries              3/262144\n"
	"  remembered removals  2/16384\n"
	"  inserts              5\n"
	"  removals             2\n"
	"  evictions            1\n"
	"  table-full drops     0\n"
	"  GC runs              1234\n"
	"  late packets passed  7\n"
	"  pickups              18446744073709551615\n";

static void test_cmd_stats(void **state)
{
	struct fake_kernel k = { .nreplies = 1 };
	struct result r;

	(void)state;
	k.replies[0] = build_stats(true);
	r = run(&k, "stats", NULL);
	assert_int_equal(r.rc, 0);
	assert_memory_equal(r.out, stats_text, strlen(stats_text));
	assert_string_equal(r.out + strlen(stats_text),
			    "drop reasons:\n"
			    "  reason  count  text\n"
			    "      11      3  TCP flags SYN and FIN together\n"
			    "      18      1  UDP destination port 0\n");
	assert_string_equal(r.err, "");
	free(r.out);
	free(r.err);
	assert_int_equal(k.cmd, RAMPART_CMD_GET_STATS);
	assert_int_equal(k.nattrs, 0);
}

/* --reset asks for the counts and the reset in one request, and prints them. */
static void test_cmd_stats_reset(void **state)
{
	struct fake_kernel k = { .nreplies = 1 };
	struct result r;

	(void)state;
	k.replies[0] = build_stats(true);
	r = run(&k, "stats", "--reset");
	assert_int_equal(r.rc, 0);
	assert_memory_equal(r.out, stats_text, strlen(stats_text));
	assert_string_equal(r.err, "");
	free(r.out);
	free(r.err);
	assert_int_equal(k.calls, 1);
	assert_int_equal(k.cmd, RAMPART_CMD_GET_STATS);
	assert_true(k.reset);
	assert_int_equal(k.nattrs, 1);
}

static void test_cmd_stats_all(void **state)
{
	struct fake_kernel k = { .nreplies = 1 };
	struct result r;

	(void)state;
	k.replies[0] = build_stats(true);
	r = run(&k, "stats", "--all");
	assert_int_equal(r.rc, 0);
	assert_memory_equal(r.out, stats_text, strlen(stats_text));
	assert_string_equal(r.out + strlen(stats_text),
			    "drop reasons:\n"
			    "  reason  count  text\n"
			    "       0      0  not dropped\n"
			    "       1      0  IP header truncated\n"
			    "      11      3  TCP flags SYN and FIN together\n"
			    "      18      1  UDP destination port 0\n");
	assert_string_equal(r.err, "");
	free(r.out);
	free(r.err);
}

static void test_cmd_stats_json(void **state)
{
	struct fake_kernel k = { .nreplies = 1 };

	(void)state;
	k.replies[0] = build_stats(false);
	check(run(&k, "stats", "-j"), 0,
"{\n"
"  \"started\": false,\n"
"  \"in\": [\n"
"    {\"position\": 0, \"name\": \"sanity\", \"packets\": 1200, \"bytes\": 153600, \"drops\": 3},\n"
"    {\"position\": 1, \"name\": \"fw\", \"packets\": 1197, \"bytes\": 153216, \"drops\": 0},\n"
"    {\"position\": 2, \"name\": \"smtp\", \"packets\": 0, \"bytes\": 0, \"drops\": 0},\n"
"    {\"position\": 3, \"name\": \"end\", \"packets\": 1197, \"bytes\": 153216, \"drops\": 0}\n"
"  ],\n"
"  \"out\": [\n"
"    {\"position\": 0, \"name\": \"sanity\", \"packets\": 800, \"bytes\": 64000, \"drops\": 1},\n"
"    {\"position\": 1, \"name\": \"fw\", \"packets\": 799, \"bytes\": 63920, \"drops\": 0},\n"
"    {\"position\": 2, \"name\": \"smtp\", \"packets\": 0, \"bytes\": 0, \"drops\": 0},\n"
"    {\"position\": 3, \"name\": \"end\", \"packets\": 799, \"bytes\": 63920, \"drops\": 18446744073709551615}\n"
"  ],\n"
"  \"connections\": {\"entries\": 3, \"limit\": 262144, \"remembered\": 2, \"remembered_max\": 16384, \"inserts\": 5, \"removals\": 2, \"evictions\": 1, \"full_drops\": 0, \"gc_runs\": 1234, \"late_passed\": 7, \"pickups\": 18446744073709551615},\n"
"  \"drop_reasons\": [\n"
"    {\"reason\": 11, \"count\": 3, \"text\": \"TCP flags SYN and FIN together\"},\n"
"    {\"reason\": 18, \"count\": 1, \"text\": \"UDP destination port 0\"}\n"
"  ]\n"
"}\n", "");
}

static void test_cmd_malformed_reply(void **state)
{
	struct fake_kernel k = { .nreplies = 1 };

	(void)state;
	fault = (struct fault){ AT_STAGE, RAMPART_STAGE_A_BYTES, OMIT, 2 };
	k.replies[0] = build_stats(true);
	check(run(&k, "stats", NULL), 1, "",
	      "fwadm: stats: malformed reply from rampart.ko: RAMPART_A_STAGE #2: RAMPART_STAGE_A_BYTES missing\n");
}

static void test_cmd_reply_count(void **state)
{
	struct fake_kernel k = { .nreplies = 2 };

	(void)state;
	k.replies[0] = build_chain(true, chain_defs, N(chain_defs));
	k.replies[1] = build_chain(true, chain_defs, N(chain_defs));
	check(run(&k, "chain", NULL), 1, "",
	      "fwadm: chain: malformed reply from rampart.ko: more than one reply\n");

	k.nreplies = 0;
	check(run(&k, "chain", NULL), 1, "",
	      "fwadm: chain: malformed reply from rampart.ko: no reply, only an ack\n");
}

static void test_cmd_start_stop(void **state)
{
	struct fake_kernel k = { 0 };

	(void)state;
	check(run(&k, "start", NULL), 0, "firewall started\n", "");
	assert_int_equal(k.cmd, RAMPART_CMD_START);
	check(run(&k, "stop", NULL), 0, "firewall stopped\n", "");
	assert_int_equal(k.cmd, RAMPART_CMD_STOP);
	assert_int_equal(k.calls, 2);
}

static void test_cmd_start_refused(void **state)
{
	struct fake_kernel k = {
		.fail = FWADM_E_KERNEL, .code = EALREADY,
		.extack = "firewall already started in this namespace",
	};

	(void)state;
	check(run(&k, "start", NULL), 1, "",
	      "fwadm: start: firewall already started in this namespace\n");

	/* Without an extack, strerror. */
	k.code = ENOENT;
	k.extack = NULL;
	check(run(&k, "stop", NULL), 1, "",
	      "fwadm: stop: No such file or directory\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_parse_version, reset),
		cmocka_unit_test_setup(test_parse_chain, reset),
		cmocka_unit_test_setup(test_parse_chain_stopped_and_empty, reset),
		cmocka_unit_test_setup(test_parse_stats, reset),
		cmocka_unit_test_setup(test_parse_ignores_unknown_attributes, reset),
		cmocka_unit_test_setup(test_chain_missing_attributes, reset),
		cmocka_unit_test_setup(test_chain_wrong_types, reset),
		cmocka_unit_test_setup(test_chain_bad_direction, reset),
		cmocka_unit_test_setup(test_stats_malformed, reset),
		cmocka_unit_test_setup(test_version_malformed, reset),
		cmocka_unit_test_setup(test_trailing_garbage, reset),
		cmocka_unit_test_setup(test_short_message, reset),
		cmocka_unit_test_setup(test_truncated_everywhere, reset),
		cmocka_unit_test_setup(test_cmd_version, reset),
		cmocka_unit_test_setup(test_cmd_version_not_loaded, reset),
		cmocka_unit_test_setup(test_cmd_version_abi_mismatch, reset),
		cmocka_unit_test_setup(test_cmd_chain, reset),
		cmocka_unit_test_setup(test_cmd_permission_denied, reset),
		cmocka_unit_test_setup(test_cmd_not_loaded, reset),
		cmocka_unit_test_setup(test_cmd_stats, reset),
		cmocka_unit_test_setup(test_cmd_stats_reset, reset),
		cmocka_unit_test_setup(test_cmd_stats_all, reset),
		cmocka_unit_test_setup(test_cmd_stats_json, reset),
		cmocka_unit_test_setup(test_cmd_malformed_reply, reset),
		cmocka_unit_test_setup(test_cmd_reply_count, reset),
		cmocka_unit_test_setup(test_cmd_start_stop, reset),
		cmocka_unit_test_setup(test_cmd_start_refused, reset),
	};

	return cmocka_run_group_tests_name("fwadm replies", tests, NULL, NULL);
}
