// SPDX-License-Identifier: GPL-2.0
/*
 * Policy trees to POLICY_ADD messages and back: what the encoder writes
 * reads back to an equal tree (the example, the valid fuzz seeds, every
 * feature of the language, 10,000 rules split over many messages, a tiny
 * message limit); items carry their places; an item too large for one
 * message is refused with its place; and the reader refuses messages that
 * break the contract.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <errno.h>

#include <cmocka.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <linux/rampart.h>

#include "nl.h"
#include "policy_emit.h"
#include "policy_nl.h"
#include "policy_test_support.h"
#include "reply.h"

#define TICKET 0x5eed
#define N_ITEMS(a) (sizeof(a) / sizeof((a)[0]))

/* The messages an encoding produced, each copied to its exact size. */
struct sent {
	struct nlmsghdr **msgs;
	size_t n, cap;
	int fail_at;		/* refuse the message of this number (1-based) */
};

static int capture(struct nl_msg *msg, void *arg, struct fwadm_err *err)
{
	struct sent *s = arg;
	struct nlmsghdr *h = nlmsg_hdr(msg), *copy;

	if (s->fail_at && (size_t)s->fail_at == s->n + 1) {
		fwadm_err_set(err, FWADM_E_KERNEL, EINVAL, "refused");
		return -1;
	}
	copy = malloc(h->nlmsg_len);
	assert_non_null(copy);
	memcpy(copy, h, h->nlmsg_len);
	s->msgs = policy_grow(s->msgs, &s->cap, s->n + 1, sizeof(*s->msgs));
	s->msgs[s->n++] = copy;
	return 0;
}

static void sent_free(struct sent *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->msgs[i]);
	free(s->msgs);
}

static struct sent encode(const struct policy *p, size_t msg_max)
{
	struct sent s = { 0 };
	struct fwadm_err err;

	fwadm_err_clear(&err);
	if (policy_nl_encode(p, TICKET, msg_max, capture, &s, &err) < 0)
		fail_msg("encoding failed: %s", err.msg);
	return s;
}

/* Every message is a POLICY_ADD of our ticket, within msg_max bytes. */
static void assert_messages_sound(const struct sent *s, size_t msg_max)
{
	struct nlattr *tb[RAMPART_A_MAX + 1];
	struct fwadm_err err;
	size_t i;

	for (i = 0; i < s->n; i++) {
		struct genlmsghdr *g = nlmsg_data(s->msgs[i]);

		assert_true(s->msgs[i]->nlmsg_len <= msg_max);
		assert_int_equal(s->msgs[i]->nlmsg_flags,
				 NLM_F_REQUEST | NLM_F_ACK);
		assert_int_equal(g->cmd, RAMPART_CMD_POLICY_ADD);
		assert_int_equal(fwadm_reply_index(tb, s->msgs[i], &err), 0);
		assert_non_null(tb[RAMPART_A_POLICY_TICKET]);
		assert_int_equal(nla_get_u32(tb[RAMPART_A_POLICY_TICKET]), TICKET);
	}
}

/* Read every message back into a new tree. */
static struct policy *decode(const struct sent *s)
{
	struct policy *p = policy_new();
	struct policy_nl_reader r;
	struct fwadm_err err;
	size_t i;

	policy_nl_reader_init(&r, p);
	for (i = 0; i < s->n; i++)
		if (policy_nl_read(&r, s->msgs[i], &err) < 0)
			fail_msg("message %zu: %s", i + 1, err.msg);
	return p;
}

/* Encode, check the messages, decode: the trees and their texts agree. */
static size_t assert_wire_round_trip(const struct policy *p, size_t msg_max)
{
	struct sent s = encode(p, msg_max);
	struct policy *back;
	char *want, *got;
	size_t n = s.n;

	assert_messages_sound(&s, msg_max);
	back = decode(&s);
	assert_true(policy_equal(p, back));
	want = emit_text(p);
	got = emit_text(back);
	assert_string_equal(got, want);
	free(want);
	free(got);
	policy_free(back);
	sent_free(&s);
	return n;
}

static void test_example(void **state)
{
	struct checked c = check_clean_file(EXAMPLE_POLICY);

	(void)state;
	assert_int_equal(assert_wire_round_trip(c.p, POLICY_NL_MSG_MAX), 1);
	checked_free(&c);
}

/* The seeds of the policy fuzzer that are valid policies. */
static void test_fuzz_corpus(void **state)
{
	char *dir = tree_path("tests/fuzz/corpus/policy");
	size_t valid = 0, seeds = 0;
	struct dirent *e;
	DIR *d = opendir(dir);

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d))) {
		char path[PATH_MAX];
		struct checked c;
		char *text;
		size_t len;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		text = read_text_file(path, &len);
		assert_non_null(text);
		seeds++;
		c = check_bytes(text, len);
		if (!c.errors) {
			assert_wire_round_trip(c.p, POLICY_NL_MSG_MAX);
			valid++;
		}
		checked_free(&c);
		free(text);
	}
	closedir(d);
	free(dir);
	print_message("# %zu of %zu seeds are valid policies\n", valid, seeds);
	assert_true(seeds >= 20);
	assert_true(valid >= 2);
}

/* Every kind of item and value the language has. */
static const char every_feature[] =
	"settings { max-connections 100000; late-packet-grace off;\n"
	"  tcp { timeout start 30; timeout idle 7200; timeout end 10;\n"
	"        out-of-state accept; pickup on; }\n"
	"  udp { timeout idle 60; }\n"
	"  icmp { timeout idle 10; out-of-state drop; }\n"
	"}\n"
	"settings { icmpv6 { timeout established 20; } }\n"
	"host a 192.0.2.1;\n"
	"host a6 2001:db8::1;\n"
	"network n 198.51.100.0/24;\n"
	"network n6 2001:db8:d::/64;\n"
	"network all 0.0.0.0/0;\n"
	"range r 192.0.2.100-192.0.2.199;\n"
	"range r6 2001:db8::100-2001:db8::1ff;\n"
	"group g { a, a6, n, r6 }\n"
	"group gg { g, all }\n"
	"service web tcp 80, 443, 8000-8080 { timeout idle 600; pickup off; }\n"
	"service dns udp 53;\n"
	"service ping icmp echo-request, 13;\n"
	"service pmtu icmpv6 packet-too-big, 200 { out-of-state accept; }\n"
	"smtp inbound { max-size 1000000; action verb reject; senders \"*@a\"; }\n"
	"smtp outbound { }\n"
	"smtp some { banner pass; action verb log; }\n"
	"rule accept from gg to a service web in eth0 out \"we@ird\" track none inspect inbound;\n"
	"rule reject from any to any service dns, ping track log;\n"
	"rule drop from a6 to n6 service pmtu;\n"
	"rule accept from any to any service any;\n";

static void test_every_feature(void **state)
{
	struct checked c = check_clean(every_feature);

	(void)state;
	assert_int_equal(assert_wire_round_trip(c.p, POLICY_NL_MSG_MAX), 1);
	checked_free(&c);
}

static struct nlattr *find_item(const struct sent *s, int type, size_t nth);

/* Every smtp option: on the wire as the contract says, and back. */
static void test_smtp_options(void **state)
{
	static const char text[] =
		"smtp inbound { verbs helo, EHLO, mail, rcpt, data, quit, XCLIENT, X-LINK2STATE;\n"
		"  max-line 1000; max-reply-line 0; max-recipients 100; max-size 4294967295;\n"
		"  starttls deny; banner mask; smuggling off; action reject;\n"
		"  action sync reset; action size log;\n"
		"  senders \"*@example.com\", \"\"; recipients \"postmaster@*\"; }\n";
	struct checked c = check_clean(text);
	struct sent s = encode(c.p, POLICY_NL_MSG_MAX);
	struct nlattr *item, *a;
	size_t verbs = 0, senders = 0, check_actions = 0;
	int rem;

	(void)state;
	assert_int_equal(s.n, 1);
	item = find_item(&s, RAMPART_A_SMTP, 0);
	assert_non_null(item);
	nla_for_each_nested(a, item, rem) {
		switch (nla_type(a)) {
		case RAMPART_SMTP_A_VERB:
			verbs++;
			break;
		case RAMPART_SMTP_A_SENDER:
			senders++;
			break;
		case RAMPART_SMTP_A_CHECK_ACTION:
			check_actions++;
			break;
		case RAMPART_SMTP_A_MAX_SIZE:
			assert_int_equal(nla_len(a), 8);
			assert_true(nla_get_u64(a) == 4294967295ULL);
			break;
		case RAMPART_SMTP_A_MAX_REPLY_LINE:
			assert_int_equal(nla_get_u32(a), 0);
			break;
		case RAMPART_SMTP_A_ACTION:
			assert_int_equal(nla_get_u8(a), RAMPART_SMTP_REJECT);
			break;
		}
	}
	assert_int_equal(verbs, 8);
	assert_int_equal(senders, 2);
	assert_int_equal(check_actions, 2);
	sent_free(&s);
	assert_wire_round_trip(c.p, POLICY_NL_MSG_MAX);
	checked_free(&c);
}

/*
 * 10,000 rules: many messages, none above the limit, items in order and
 * never split, the tree read back equal.
 */
static void test_ten_thousand_rules(void **state)
{
	char *text = generate_policy(10000);
	struct checked c = check_clean(text);
	struct sent s;
	struct policy *back;
	size_t i, items = 0, rules = 0;

	(void)state;
	s = encode(c.p, POLICY_NL_MSG_MAX);
	assert_true(s.n > 1);
	assert_messages_sound(&s, POLICY_NL_MSG_MAX);
	for (i = 0; i < s.n; i++) {
		struct genlmsghdr *g = nlmsg_data(s.msgs[i]);
		struct nlattr *a;
		int rem;

		nla_for_each_attr(a, genlmsg_attrdata(g, 0),
				  genlmsg_attrlen(g, 0), rem) {
			if (nla_type(a) == RAMPART_A_POLICY_TICKET)
				continue;
			items++;
			if (nla_type(a) == RAMPART_A_RULE)
				rules++;
		}
		/* Full messages only, but for the last. */
		if (i + 1 < s.n)
			assert_true(s.msgs[i]->nlmsg_len > POLICY_NL_MSG_MAX - 512);
	}
	assert_int_equal(rules, 10000);
	assert_int_equal(items, 1 + 2300 + 100 + 1 + 10000);
	print_message("# 10,000 rules in %zu messages of at most %d bytes\n",
		      s.n, POLICY_NL_MSG_MAX);
	back = decode(&s);
	assert_true(policy_equal(c.p, back));
	policy_free(back);
	sent_free(&s);
	checked_free(&c);
	free(text);
}

/* A limit that holds a few items only: every boundary is crossed. */
static void test_small_messages(void **state)
{
	struct checked c = check_clean(every_feature);
	size_t n;

	(void)state;
	n = assert_wire_round_trip(c.p, 240);
	print_message("# every feature in %zu messages of at most 240 bytes\n", n);
	assert_true(n >= 8);
	checked_free(&c);
}

/* The nth item of type among all messages, or NULL. */
static struct nlattr *find_item(const struct sent *s, int type, size_t nth)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		struct genlmsghdr *g = nlmsg_data(s->msgs[i]);
		struct nlattr *a;
		int rem;

		nla_for_each_attr(a, genlmsg_attrdata(g, 0),
				  genlmsg_attrlen(g, 0), rem)
			if (nla_type(a) == type && nth-- == 0)
				return a;
	}
	return NULL;
}

static uint32_t nested_u32(struct nlattr *item, int type)
{
	struct nlattr *a = nla_find(nla_data(item), nla_len(item), type);

	assert_non_null(a);
	return nla_get_u32(a);
}

static bool nested_has(struct nlattr *item, int type)
{
	return nla_find(nla_data(item), nla_len(item), type) != NULL;
}

/* Places go with their items; `any' and an unwritten track are absent. */
static void test_places_and_absences(void **state)
{
	struct checked c = check_clean(
		"host a 192.0.2.1;\n"
		"  settings { max-connections 10; }\n"
		"service s tcp 25;\n"
		"smtp   m { }\n"
		"   rule accept from any to a service any;\n"
		"rule drop from a to any service s track none;\n");
	static const struct {
		int item, line_attr, col_attr;
		uint32_t line, col;
	} places[] = {
		{ RAMPART_A_SETTINGS, RAMPART_SET_A_LINE, RAMPART_SET_A_COL, 2, 3 },
		{ RAMPART_A_OBJECT, RAMPART_OBJ_A_LINE, RAMPART_OBJ_A_COL, 1, 6 },
		{ RAMPART_A_SERVICE, RAMPART_SVC_A_LINE, RAMPART_SVC_A_COL, 3, 9 },
		{ RAMPART_A_SMTP, RAMPART_SMTP_A_LINE, RAMPART_SMTP_A_COL, 4, 8 },
		{ RAMPART_A_RULE, RAMPART_RULE_A_LINE, RAMPART_RULE_A_COL, 5, 4 },
	};
	struct sent s = encode(c.p, POLICY_NL_MSG_MAX);
	struct nlattr *item;
	size_t i;

	(void)state;
	for (i = 0; i < N_ITEMS(places); i++) {
		item = find_item(&s, places[i].item, 0);
		assert_non_null(item);
		assert_int_equal(nested_u32(item, places[i].line_attr),
				 places[i].line);
		assert_int_equal(nested_u32(item, places[i].col_attr),
				 places[i].col);
	}
	item = find_item(&s, RAMPART_A_RULE, 0);
	assert_int_equal(nested_u32(item, RAMPART_RULE_A_NUMBER), 1);
	assert_false(nested_has(item, RAMPART_RULE_A_FROM));
	assert_true(nested_has(item, RAMPART_RULE_A_TO));
	assert_false(nested_has(item, RAMPART_RULE_A_SERVICE));
	assert_false(nested_has(item, RAMPART_RULE_A_TRACK));
	item = find_item(&s, RAMPART_A_RULE, 1);
	assert_int_equal(nested_u32(item, RAMPART_RULE_A_NUMBER), 2);
	assert_true(nested_has(item, RAMPART_RULE_A_TRACK));
	assert_false(nested_has(item, RAMPART_RULE_A_TO));
	assert_null(find_item(&s, RAMPART_A_RULE, 2));
	sent_free(&s);
	checked_free(&c);

	/* No settings written: no settings item, not even an empty one. */
	c = check_clean("settings { }\nhost a 192.0.2.1;\n");
	s = encode(c.p, POLICY_NL_MSG_MAX);
	assert_null(find_item(&s, RAMPART_A_SETTINGS, 0));
	assert_non_null(find_item(&s, RAMPART_A_OBJECT, 0));
	sent_free(&s);
	checked_free(&c);
}

/* A group too large for one message is refused with its place. */
static void test_item_too_large(void **state)
{
	char *text = NULL;
	size_t len, i;
	FILE *f = open_memstream(&text, &len);
	struct sent s = { 0 };
	struct fwadm_err err;
	struct checked c;

	(void)state;
	assert_non_null(f);
	for (i = 0; i < 3000; i++)
		fprintf(f, "host member-%04zu 10.0.%zu.%zu;\n", i, i / 250,
			i % 250 + 1);
	fputs("group big {", f);
	for (i = 0; i < 3000; i++)
		fprintf(f, "%s member-%04zu", i ? "," : "", i);
	fputs(" }\nrule accept from big to any service any;\n", f);
	fclose(f);
	c = check_clean(text);
	fwadm_err_clear(&err);
	assert_int_equal(policy_nl_encode(c.p, TICKET, POLICY_NL_MSG_MAX,
					  capture, &s, &err), -1);
	assert_int_equal(err.kind, FWADM_E_SYSTEM);
	assert_string_equal(err.msg,
		"line 3001 col 7: object `big' is too large to install: "
		"it does not fit in one netlink message of 30720 bytes");
	/* The hosts before it went out; nothing after it did. */
	assert_true(s.n >= 1);
	assert_non_null(find_item(&s, RAMPART_A_OBJECT, 2999));
	assert_null(find_item(&s, RAMPART_A_RULE, 0));
	sent_free(&s);
	checked_free(&c);
	free(text);
}

/* What send refuses ends the encoding with its error. */
static void test_send_refuses(void **state)
{
	char *text = generate_policy(2000);
	struct checked c = check_clean(text);
	struct sent s = { .fail_at = 3 };
	struct fwadm_err err;

	(void)state;
	fwadm_err_clear(&err);
	assert_int_equal(policy_nl_encode(c.p, TICKET, POLICY_NL_MSG_MAX,
					  capture, &s, &err), -1);
	assert_int_equal(err.kind, FWADM_E_KERNEL);
	assert_string_equal(err.msg, "refused");
	assert_int_equal(s.n, 2);
	sent_free(&s);
	checked_free(&c);
	free(text);
}

/* ---- the reader refuses what breaks the contract ---- */

static struct nl_msg *dump_message(uint32_t generation)
{
	struct nl_msg *m = fwadm_nl_message(RAMPART_CMD_POLICY_GET, 0, 0);

	assert_non_null(m);
	if (generation)
		assert_int_equal(nla_put_u32(m, RAMPART_A_POLICY_GENERATION,
					     generation), 0);
	return m;
}

static void put_rule(struct nl_msg *m, uint32_t number, uint8_t action)
{
	struct nlattr *nest = nla_nest_start(m, RAMPART_A_RULE);

	assert_non_null(nest);
	assert_int_equal(nla_put_u32(m, RAMPART_RULE_A_NUMBER, number), 0);
	assert_int_equal(nla_put_u8(m, RAMPART_RULE_A_ACTION, action), 0);
	nla_nest_end(m, nest);
}

/*
 * Each rule's hits, as the kernel dumps them, are read back and printed by
 * policy show --stats at the end of the rule's line, with its number; the
 * canonical text without --stats has no comment.
 */
static void test_reader_hits_and_stats(void **state)
{
	struct nl_msg *m = dump_message(7);
	struct fwadm_err err;
	struct policy *p = policy_new();
	struct policy_nl_reader r;
	struct nlattr *nest;
	char *out = NULL;
	size_t len = 0, i;
	FILE *f;

	(void)state;
	for (i = 1; i <= 3; i++) {
		nest = nla_nest_start(m, RAMPART_A_RULE);
		assert_non_null(nest);
		assert_int_equal(nla_put_u32(m, RAMPART_RULE_A_NUMBER, i), 0);
		assert_int_equal(nla_put_u8(m, RAMPART_RULE_A_ACTION, RAMPART_ACTION_ACCEPT), 0);
		if (i < 3)
			assert_int_equal(nla_put_u64(m, RAMPART_RULE_A_HITS,
						     i == 1 ? 17 : 1), 0);
		nla_nest_end(m, nest);
	}
	policy_nl_reader_init(&r, p);
	fwadm_err_clear(&err);
	assert_int_equal(policy_nl_read(&r, nlmsg_hdr(m), &err), 0);
	nlmsg_free(m);
	assert_int_equal(p->n_rules, 3);
	assert_true(p->rules[0].hits_set);
	assert_true(p->rules[0].hits == 17);
	assert_false(p->rules[2].hits_set);

	f = open_memstream(&out, &len);
	assert_non_null(f);
	policy_emit_stats(p, true, f);
	fclose(f);
	assert_string_equal(out,
			    "rule accept from any to any service any;\t# rule 1: 17 hits\n"
			    "rule accept from any to any service any;\t# rule 2: 1 hit\n"
			    "rule accept from any to any service any;\t# rule 3\n");
	free(out);
	f = open_memstream(&out, &len);
	assert_non_null(f);
	policy_emit(p, f);
	fclose(f);
	assert_null(strchr(out, '#'));
	free(out);
	policy_free(p);
}

/* Read the messages into a fresh tree; the error of the first refused. */
static const char *read_error(struct nl_msg **msgs, size_t n)
{
	static struct fwadm_err err;
	struct policy *p = policy_new();
	struct policy_nl_reader r;
	size_t i;
	int ret = 0;

	policy_nl_reader_init(&r, p);
	fwadm_err_clear(&err);
	for (i = 0; i < n && ret == 0; i++)
		ret = policy_nl_read(&r, nlmsg_hdr(msgs[i]), &err);
	for (i = 0; i < n; i++)
		nlmsg_free(msgs[i]);
	policy_free(p);
	if (ret == 0)
		return "";
	assert_int_equal(err.kind, FWADM_E_REPLY);
	return err.msg;
}

/* An attribute of a hand-made item. */
struct attr_def {
	int type;
	const void *data;
	int len;
};

#define U8(t, v) { (t), (const uint8_t[]){ (v) }, 1 }
#define U32(t, v) { (t), (const uint32_t[]){ (v) }, 4 }
#define STR(t, s) { (t), (s), sizeof(s) }
#define BYTES(t, b) { (t), (b), sizeof(b) - 1 }

/* A dump message holding one item of type made of attrs (type 0 ends). */
static struct nl_msg *one_item(int type, const struct attr_def *attrs)
{
	struct nl_msg *m = dump_message(5);
	struct nlattr *nest = nla_nest_start(m, type);

	assert_non_null(nest);
	for (; attrs->type; attrs++)
		assert_int_equal(nla_put(m, attrs->type, attrs->len, attrs->data), 0);
	nla_nest_end(m, nest);
	return m;
}

static const struct {
	int item;
	struct attr_def attrs[6];
	const char *error;
} refused_items[] = {
	{ RAMPART_A_RULE,
	  { U32(RAMPART_RULE_A_NUMBER, 1), U8(RAMPART_RULE_A_ACTION, 9) },
	  "RAMPART_A_RULE #1: RAMPART_RULE_A_ACTION 9 is not an action" },
	{ RAMPART_A_RULE,
	  { U32(RAMPART_RULE_A_NUMBER, 1), U8(RAMPART_RULE_A_ACTION, 1),
	    U8(RAMPART_RULE_A_TRACK, 2) },
	  "RAMPART_A_RULE #1: RAMPART_RULE_A_TRACK 2 is not none or log" },
	{ RAMPART_A_RULE,
	  { U32(RAMPART_RULE_A_NUMBER, 1), U8(RAMPART_RULE_A_ACTION, 1),
	    STR(RAMPART_RULE_A_IN, "a-sixteen-bytes!") },
	  "RAMPART_A_RULE #1: RAMPART_RULE_A_IN of 16 bytes, not 1 to 15" },
	{ RAMPART_A_RULE,
	  { U32(RAMPART_RULE_A_NUMBER, 1), U8(RAMPART_RULE_A_ACTION, 1),
	    U32(RAMPART_RULE_A_HITS, 5) },
	  "RAMPART_A_RULE #1: RAMPART_RULE_A_HITS is not a u64 (4 bytes)" },
	{ RAMPART_A_SETTINGS,
	  { U32(RAMPART_SET_A_MAX_CONNECTIONS, 0) },
	  "RAMPART_A_SETTINGS: RAMPART_SET_A_MAX_CONNECTIONS 0 is not within 1-16777216" },
	{ RAMPART_A_SETTINGS,
	  { U8(RAMPART_SET_A_LATE_GRACE, 2) },
	  "RAMPART_A_SETTINGS: RAMPART_SET_A_LATE_GRACE 2 is not one of its 2 values" },
	{ RAMPART_A_OBJECT,
	  { U8(RAMPART_OBJ_A_KIND, RAMPART_OBJ_HOST) },
	  "RAMPART_A_OBJECT #1: RAMPART_OBJ_A_NAME missing" },
	{ RAMPART_A_OBJECT,
	  { STR(RAMPART_OBJ_A_NAME, "mx"), U8(RAMPART_OBJ_A_KIND, 7) },
	  "RAMPART_A_OBJECT #1: RAMPART_OBJ_A_KIND 7 is not an object kind" },
	{ RAMPART_A_OBJECT,
	  { STR(RAMPART_OBJ_A_NAME, "mx"), U8(RAMPART_OBJ_A_KIND, RAMPART_OBJ_HOST),
	    U8(RAMPART_OBJ_A_FAMILY, 4), BYTES(RAMPART_OBJ_A_ADDR, "\xc0\0\2\x19") },
	  "RAMPART_A_OBJECT #1: RAMPART_OBJ_A_ADDR is not a 16-byte address (4 bytes)" },
	{ RAMPART_A_OBJECT,
	  { STR(RAMPART_OBJ_A_NAME, "lan"),
	    U8(RAMPART_OBJ_A_KIND, RAMPART_OBJ_NETWORK), U8(RAMPART_OBJ_A_FAMILY, 4),
	    BYTES(RAMPART_OBJ_A_ADDR, "\xc0\0\2\0\0\0\0\0\0\0\0\0\0\0\0\0"),
	    U8(RAMPART_OBJ_A_PREFIX_LEN, 33) },
	  "RAMPART_A_OBJECT #1: RAMPART_OBJ_A_PREFIX_LEN 33 is longer than the address" },
	{ RAMPART_A_OBJECT,
	  { STR(RAMPART_OBJ_A_NAME, "g"), U8(RAMPART_OBJ_A_KIND, RAMPART_OBJ_GROUP) },
	  "RAMPART_A_OBJECT #1: RAMPART_OBJ_A_MEMBER missing" },
	{ RAMPART_A_SERVICE,
	  { STR(RAMPART_SVC_A_NAME, "sctp"), U8(RAMPART_SVC_A_PROTO, 132) },
	  "RAMPART_A_SERVICE #1: RAMPART_SVC_A_PROTO 132 is not tcp, udp, icmp or icmpv6" },
	{ RAMPART_A_SERVICE,
	  { STR(RAMPART_SVC_A_NAME, "web"), U8(RAMPART_SVC_A_PROTO, IPPROTO_TCP) },
	  "RAMPART_A_SERVICE #1: RAMPART_SVC_A_SPAN missing" },
	{ RAMPART_A_SERVICE,
	  { STR(RAMPART_SVC_A_NAME, "web"), U8(RAMPART_SVC_A_PROTO, IPPROTO_TCP),
	    U32(RAMPART_SVC_A_TIMEOUT_IDLE, 604801) },
	  "RAMPART_A_SERVICE #1: RAMPART_SVC_A_TIMEOUT_IDLE 604801 is not within 1-604800" },
	/* Names of 64 bytes do not fit the language. */
	{ RAMPART_A_SMTP,
	  { STR(RAMPART_SMTP_A_NAME,
		"a123456789012345678901234567890123456789012345678901234567890123") },
	  "RAMPART_A_SMTP #1: RAMPART_SMTP_A_NAME of 64 bytes, not 1 to 63" },
};

static void test_reader_refuses_items(void **state)
{
	struct nl_msg *m;
	size_t i;

	(void)state;
	for (i = 0; i < N_ITEMS(refused_items); i++) {
		m = one_item(refused_items[i].item, refused_items[i].attrs);
		assert_string_equal(read_error(&m, 1), refused_items[i].error);
	}
}

/* What holds across items and messages. */
static void test_reader_refuses_sequences(void **state)
{
	const struct attr_def grace[] = {
		U8(RAMPART_SET_A_LATE_GRACE, 1), { 0 },
	};
	struct nl_msg *m[2];

	(void)state;
	/* Rules numbered 1, 2 ... across messages read. */
	m[0] = dump_message(5);
	put_rule(m[0], 1, RAMPART_ACTION_ACCEPT);
	m[1] = dump_message(5);
	put_rule(m[1], 2, RAMPART_ACTION_REJECT);
	assert_string_equal(read_error(m, 2), "");

	m[0] = dump_message(5);
	put_rule(m[0], 1, RAMPART_ACTION_ACCEPT);
	put_rule(m[0], 3, RAMPART_ACTION_ACCEPT);
	assert_string_equal(read_error(m, 1),
		"RAMPART_A_RULE #2: RAMPART_RULE_A_NUMBER 3 where 2 was expected");

	m[0] = dump_message(5);
	put_rule(m[0], 1, RAMPART_ACTION_DROP);
	m[1] = dump_message(6);
	put_rule(m[1], 2, RAMPART_ACTION_DROP);
	assert_string_equal(read_error(m, 2),
		"generation 6 after 5 without NLM_F_DUMP_INTR");

	m[0] = one_item(RAMPART_A_SETTINGS, grace);
	m[1] = one_item(RAMPART_A_SETTINGS, grace);
	assert_string_equal(read_error(m, 2), "settings sent twice");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_fuzz_corpus),
		cmocka_unit_test(test_every_feature),
		cmocka_unit_test(test_smtp_options),
		cmocka_unit_test(test_ten_thousand_rules),
		cmocka_unit_test(test_small_messages),
		cmocka_unit_test(test_places_and_absences),
		cmocka_unit_test(test_item_too_large),
		cmocka_unit_test(test_send_refuses),
		cmocka_unit_test(test_reader_refuses_items),
		cmocka_unit_test(test_reader_hits_and_stats),
		cmocka_unit_test(test_reader_refuses_sequences),
	};

	return cmocka_run_group_tests_name("policy over netlink", tests, NULL,
					   NULL);
}
