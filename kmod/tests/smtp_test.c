// SPDX-License-Identifier: GPL-2.0
/*
 * The SMTP stream parser in the kernel build: every vector of
 * tests/vectors/smtp/ replayed whole, split at every byte and byte by
 * byte, as the userspace unit tests do, and a large body in segments.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "../core/smtp.h"
#include "../../tests/vectors/smtp_vectors.h"
#include "../../tests/vectors/smtp_replay.h"

static void smtp_vectors_three_ways(struct kunit *test)
{
	struct smtp_vec_work *w;
	char *why;
	unsigned int i;

	w = kunit_kzalloc(test, smtp_vec_work_size(), GFP_KERNEL);
	why = kunit_kzalloc(test, 512, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	KUNIT_ASSERT_NOT_NULL(test, why);
	for (i = 0; i < ARRAY_SIZE(smtp_vecs); i++)
		if (smtp_vec_check(&smtp_vecs[i], w, why, 512))
			KUNIT_FAIL(test, "%s", why);
}

static void smtp_state_size(struct kunit *test)
{
	KUNIT_EXPECT_LE(test, sizeof(struct rampart_smtp_state), 1024);
}

static u32 feed_all(struct rampart_smtp_state *st, const struct rampart_smtp_config *cfg,
		    unsigned int dir, const char *data, u32 len, u32 seg,
		    struct rampart_smtp_result *last)
{
	struct rampart_smtp_result res;
	u32 off = 0, n, reports = 0;

	while (off < len) {
		n = min(seg, len - off);
		n = rampart_smtp_feed(st, cfg, dir, (const u8 *)data + off, n, &res);
		if (res.check || res.event) {
			*last = res;
			reports++;
		}
		off += n;
	}
	return reports;
}

/* 64 KiB of text with stuffed dots, in segments of several sizes. */
static void smtp_body_in_segments(struct kunit *test)
{
	static const u32 segs[] = { 1, 3, 536, 1448, 65536 };
	static const char *const open[] = {
		"220 mx.example.com ESMTP\r\n", "EHLO c\r\n", "250 mx.example.com\r\n",
		"MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.com>\r\nDATA\r\n",
		"250 ok\r\n250 ok\r\n354 go\r\n",
	};
	struct rampart_smtp_config *cfg;
	struct rampart_smtp_result res;
	struct rampart_smtp_state *st;
	char *body;
	u32 len = 65536, i, s, j;

	/* Config and state are too large for a kernel stack frame. */
	cfg = kunit_kzalloc(test, sizeof(*cfg), GFP_KERNEL);
	st = kunit_kzalloc(test, sizeof(*st), GFP_KERNEL);
	body = kunit_kzalloc(test, len + 5, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, cfg);
	KUNIT_ASSERT_NOT_NULL(test, st);
	KUNIT_ASSERT_NOT_NULL(test, body);
	for (i = 0; i < len; i++)
		body[i] = i % 78 == 76 ? '\r' : i % 78 == 77 ? '\n' :
			  i % 78 == 0 || i % 13 == 0 ? '.' : 'a' + i % 26;
	memcpy(body + len, "\r\n.\r\n", 5);
	rampart_smtp_config_default(cfg);
	for (s = 0; s < ARRAY_SIZE(segs); s++) {
		rampart_smtp_init(st);
		for (j = 0; j < ARRAY_SIZE(open); j++)
			feed_all(st, cfg, j % 2 ? RAMPART_SMTP_CLIENT : RAMPART_SMTP_SERVER,
				 open[j], strlen(open[j]), 64, &res);
		KUNIT_EXPECT_EQ(test, feed_all(st, cfg, RAMPART_SMTP_CLIENT, body, len + 5,
					       segs[s], &res), 0);
		KUNIT_EXPECT_EQ(test, feed_all(st, cfg, RAMPART_SMTP_SERVER, "250 ok\r\n", 8,
					       8, &res), 1);
		KUNIT_EXPECT_EQ(test, res.event, RAMPART_SMTP_EV_MESSAGE);
		KUNIT_EXPECT_EQ(test, res.size, (u64)len + 2);
	}
}

static void smtp_reply_text(struct kunit *test)
{
	struct rampart_smtp_config *cfg = kunit_kzalloc(test, sizeof(*cfg), GFP_KERNEL);
	struct rampart_smtp_result res = { .check = RAMPART_SMTP_CHECK_VERB };
	char buf[RAMPART_SMTP_REPLY_MAX];

	KUNIT_ASSERT_NOT_NULL(test, cfg);
	rampart_smtp_config_default(cfg);
	strscpy(res.verb, "XEXCH50", sizeof(res.verb));
	rampart_smtp_reply(buf, sizeof(buf), &res, cfg, "mail-in");
	KUNIT_EXPECT_STREQ(test, buf, "550 5.5.1 Command XEXCH50 not allowed by policy mail-in\r\n");
	res.check = RAMPART_SMTP_CHECK_RCPTS;
	cfg->max_rcpts = 100;
	rampart_smtp_reply(buf, sizeof(buf), &res, cfg, "mail-in");
	KUNIT_EXPECT_STREQ(test, buf, "452 4.5.3 Too many recipients (policy limit 100)\r\n");
	KUNIT_EXPECT_TRUE(test, rampart_smtp_match("*@example.com", "a@EXAMPLE.com", 13));
	KUNIT_EXPECT_FALSE(test, rampart_smtp_match("a@*", "A@example.com", 13));
}

static struct kunit_case smtp_test_cases[] = {
	KUNIT_CASE(smtp_vectors_three_ways),
	KUNIT_CASE(smtp_state_size),
	KUNIT_CASE(smtp_body_in_segments),
	KUNIT_CASE(smtp_reply_text),
	{}
};

static struct kunit_suite smtp_suite = {
	.name = "rampart_smtp",
	.test_cases = smtp_test_cases,
};

kunit_test_suite(smtp_suite);
