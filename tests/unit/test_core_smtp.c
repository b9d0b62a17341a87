// SPDX-License-Identifier: GPL-2.0
/*
 * The SMTP stream parser, kmod/core/smtp.c: every vector of
 * tests/vectors/smtp/ replayed whole, split at every byte and byte by byte
 * (one test per vector), then targeted tests of each check.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "smtp.h"
#include "../vectors/smtp_vectors.h"
#include "../vectors/smtp_replay.h"

static void test_vector(void **state)
{
	const struct smtp_vec *v = *state;
	struct smtp_vec_work *w = calloc(1, smtp_vec_work_size());
	char why[512];
	int err;

	assert_non_null(w);
	err = smtp_vec_check(v, w, why, sizeof(why));
	if (err)
		print_error("%s\n", why);
	free(w);
	assert_int_equal(err, 0);
}

/*
 * A conversation fed from C strings, one direction per call; results
 * are collected with their stream offsets.
 */
struct dialogue {
	struct rampart_smtp_state st;
	struct rampart_smtp_config cfg;
	struct smtp_rec recs[32];
	unsigned int nrecs;
	unsigned int pos[2];
	unsigned int masked[2];
	unsigned int seg;		/* bytes per feed call, 0: all */
};

static void dialogue_init(struct dialogue *s)
{
	memset(s, 0, sizeof(*s));
	rampart_smtp_init(&s->st);
	rampart_smtp_config_default(&s->cfg);
}

static void feed(struct dialogue *s, unsigned int dir, const void *data, size_t len)
{
	const unsigned char *p = data;
	struct rampart_smtp_result res;
	size_t off = 0;

	while (off < len) {
		u32 n = len - off, got;

		if (s->seg && n > s->seg)
			n = s->seg;
		got = rampart_smtp_feed(&s->st, &s->cfg, dir, p + off, n, &res);
		assert_true(got > 0 && got <= n);
		s->masked[dir] += res.mask_len;
		if (res.check || res.event) {
			assert_true(s->nrecs < ARRAY_SIZE(s->recs));
			assert_int_equal(res.offset, got - 1);
			smtp_rec_set(&s->recs[s->nrecs++], dir, s->pos[dir], &res);
		}
		s->pos[dir] += got;
		off += got;
	}
}

static void client(struct dialogue *s, const char *text)
{
	feed(s, RAMPART_SMTP_CLIENT, text, strlen(text));
}

static void server(struct dialogue *s, const char *text)
{
	feed(s, RAMPART_SMTP_SERVER, text, strlen(text));
}

/* Greeting, EHLO with PIPELINING and CHUNKING, MAIL and one RCPT. */
static void open_transaction(struct dialogue *s)
{
	server(s, "220 mx.example.com ESMTP\r\n");
	client(s, "EHLO c.example.org\r\n");
	server(s, "250-mx.example.com\r\n250-PIPELINING\r\n250 CHUNKING\r\n");
	client(s, "MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.com>\r\n");
	server(s, "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n");
	s->nrecs = 0;
}

static void start_body(struct dialogue *s)
{
	open_transaction(s);
	client(s, "DATA\r\n");
	server(s, "354 go ahead\r\n");
}

static const struct smtp_rec *only_violation(struct dialogue *s)
{
	unsigned int i, n = 0;
	const struct smtp_rec *v = NULL;

	for (i = 0; i < s->nrecs; i++) {
		if (s->recs[i].check) {
			v = &s->recs[i];
			n++;
		}
	}
	assert_int_equal(n, 1);
	return v;
}

static unsigned int violations(const struct dialogue *s)
{
	unsigned int i, n = 0;

	for (i = 0; i < s->nrecs; i++)
		n += s->recs[i].check != RAMPART_SMTP_CHECK_NONE;
	return n;
}

static void test_state_fits(void **state)
{
	(void)state;
	assert_true(sizeof(struct rampart_smtp_state) <= 1024);
	print_message("# struct rampart_smtp_state: %zu bytes\n", sizeof(struct rampart_smtp_state));
}

static void test_config_default(void **state)
{
	struct rampart_smtp_config cfg;
	unsigned int i;

	(void)state;
	rampart_smtp_config_default(&cfg);
	assert_int_equal(cfg.verbs, RAMPART_SMTP_VERBS_ALL);
	assert_int_equal(cfg.max_line, 512);
	assert_int_equal(cfg.max_reply_line, 512);
	assert_int_equal(cfg.max_rcpts, 0);
	assert_int_equal(cfg.max_size, 0);
	assert_true(cfg.smuggling);
	assert_false(cfg.starttls_deny);
	assert_false(cfg.banner_mask);
	for (i = 0; i < __RAMPART_SMTP_CHECK_MAX; i++)
		assert_int_equal(cfg.action[i], RAMPART_SMTP_LOG);
}

static void test_reply_texts(void **state)
{
	static const struct {
		u8 check;
		const char *text;
	} want[] = {
		{ RAMPART_SMTP_CHECK_VERB, "550 5.5.1 Command XEXCH50 not allowed by policy mail-in\r\n" },
		{ RAMPART_SMTP_CHECK_LINE, "500 5.5.2 Line too long\r\n" },
		{ RAMPART_SMTP_CHECK_REPLY_LINE, "451 4.5.0 Server reply line too long\r\n" },
		{ RAMPART_SMTP_CHECK_RCPTS, "452 4.5.3 Too many recipients (policy limit 100)\r\n" },
		{ RAMPART_SMTP_CHECK_SIZE, "552 5.3.4 Message exceeds policy size limit\r\n" },
		{ RAMPART_SMTP_CHECK_STARTTLS, "554 5.7.1 STARTTLS not allowed by policy\r\n" },
		{ RAMPART_SMTP_CHECK_SENDER, "550 5.1.0 Sender not allowed by policy\r\n" },
		{ RAMPART_SMTP_CHECK_RECIPIENT, "550 5.1.1 Recipient not allowed by policy\r\n" },
		{ RAMPART_SMTP_CHECK_SMUGGLING,
		  "554 5.7.0 Message rejected: ambiguous end of data (SMTP smuggling)\r\n" },
		{ RAMPART_SMTP_CHECK_SYNC, "554 5.5.0 SMTP protocol synchronization error\r\n" },
	};
	struct rampart_smtp_config cfg;
	struct rampart_smtp_result res;
	char buf[RAMPART_SMTP_REPLY_MAX], small[8];
	char name[RAMPART_POLICY_NAME_MAX + 10];
	unsigned int i;
	size_t n;

	(void)state;
	rampart_smtp_config_default(&cfg);
	cfg.max_rcpts = 100;
	memset(&res, 0, sizeof(res));
	strcpy(res.verb, "XEXCH50");
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		res.check = want[i].check;
		n = rampart_smtp_reply(buf, sizeof(buf), &res, &cfg, "mail-in");
		assert_string_equal(buf, want[i].text);
		assert_int_equal(n, strlen(want[i].text));
		/* RFC 5321 4.2: a reply is a code, a space, text, CRLF. */
		assert_true(buf[3] == ' ' && buf[n - 2] == '\r' && buf[n - 1] == '\n');
	}
	assert_int_equal(i, __RAMPART_SMTP_CHECK_MAX - 1);

	res.check = RAMPART_SMTP_CHECK_NONE;
	assert_int_equal(rampart_smtp_reply(buf, sizeof(buf), &res, &cfg, "x"), 0);
	assert_string_equal(buf, "");

	/* Truncated, always terminated; the length is the one wanted. */
	res.check = RAMPART_SMTP_CHECK_LINE;
	n = rampart_smtp_reply(small, sizeof(small), &res, &cfg, "x");
	assert_int_equal(n, strlen("500 5.5.2 Line too long\r\n"));
	assert_string_equal(small, "500 5.5");

	/* The longest reply fits RAMPART_SMTP_REPLY_MAX, whatever the name. */
	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	memset(res.verb, 'V', RAMPART_SMTP_VERB_MAX);
	res.check = RAMPART_SMTP_CHECK_VERB;
	n = rampart_smtp_reply(buf, sizeof(buf), &res, &cfg, name);
	assert_true(n < RAMPART_SMTP_REPLY_MAX);
	assert_int_equal(strlen(buf), n);
	assert_null(strstr(buf, "nnnnnnnnnn\r") ? NULL : buf);
}

static void test_names(void **state)
{
	unsigned int i;

	(void)state;
	for (i = 1; i < __RAMPART_SMTP_CHECK_MAX; i++)
		assert_string_not_equal(rampart_smtp_check_name(i), "unknown");
	for (i = 0; i < __RAMPART_SMTP_ACTION_MAX; i++)
		assert_string_not_equal(rampart_smtp_action_name(i), "unknown");
	for (i = 1; i < __RAMPART_SMTP_EV_MAX; i++)
		assert_string_not_equal(rampart_smtp_event_name(i), "unknown");
	assert_string_equal(rampart_smtp_check_name(__RAMPART_SMTP_CHECK_MAX), "unknown");
	assert_string_equal(rampart_smtp_check_name(RAMPART_SMTP_CHECK_SMUGGLING), "smuggling");
	assert_string_equal(rampart_smtp_action_name(RAMPART_SMTP_RESET), "reset");
	assert_string_equal(rampart_smtp_event_name(RAMPART_SMTP_EV_MESSAGE), "message");
}

static void test_match(void **state)
{
	static const struct {
		const char *pattern, *addr;
		bool match;
	} cases[] = {
		{ "*@example.com", "bob@example.com", true },
		{ "*@example.com", "bob@EXAMPLE.Com", true },	/* domain: any case */
		{ "*@EXAMPLE.COM", "bob@example.com", true },
		{ "*@example.com", "bob@example.com.evil", false },
		{ "*@example.com", "bob@sub.example.com", false },
		{ "*@*.example.com", "bob@sub.example.com", true },
		{ "*@*example.com", "bob@example.com", true },
		{ "bob@example.com", "Bob@example.com", false },	/* local part: exact */
		{ "bob@example.com", "bob@example.com", true },
		{ "b*b@example.com", "bob@example.com", true },
		{ "b*b@example.com", "bb@example.com", true },
		{ "b*b@example.com", "b@example.com", false },
		{ "postmaster@*", "postmaster@anything.test", true },
		{ "*", "", true },
		{ "*", "anything@at.all", true },
		{ "", "", true },				/* the null path */
		{ "", "a@b", false },
		{ "*@example.com", "", false },
		{ "a**b", "ab", true },
		{ "a*b*c", "axxbyyc", true },
		{ "a*b*c", "axxbyy", false },
		{ "\"john doe\"@example.com", "\"john doe\"@Example.com", true },
		{ "*@example.com", "nodomain", false },
		{ "nodomain", "NODOMAIN", false },		/* no '@': all local */
		{ "*a", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaab", false },
	};
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		bool got = rampart_smtp_match(cases[i].pattern, cases[i].addr,
					      strlen(cases[i].addr));

		if (got != cases[i].match)
			print_error("match(\"%s\", \"%s\") = %d\n", cases[i].pattern,
				    cases[i].addr, got);
		assert_int_equal(got, cases[i].match);
	}
}

/* RFC 5321 4.5.3.1.4: 512 bytes with the CRLF pass, 513 do not. */
static void test_line_limit_boundary(void **state)
{
	char line[600];
	struct dialogue s;
	const struct smtp_rec *v;

	(void)state;
	dialogue_init(&s);
	memset(line, 'x', sizeof(line));
	memcpy(line, "NOOP ", 5);
	strcpy(line + 510, "\r\n");
	server(&s, "220 mx ESMTP\r\n");
	s.nrecs = 0;
	client(&s, line);				/* 512 with CRLF */
	assert_int_equal(violations(&s), 0);
	line[510] = 'x';
	strcpy(line + 511, "\r\n");			/* 513 */
	client(&s, line);
	v = only_violation(&s);
	assert_int_equal(v->check, RAMPART_SMTP_CHECK_LINE);
	assert_int_equal(v->at, 512 + 510);		/* its 511th byte */
	assert_string_equal(v->verb, "NOOP");

	/*
	 * A bare CR is part of the line: 510 bytes, CR, CRLF is 513 bytes,
	 * found at the second CR, which shows the first was bare.
	 */
	dialogue_init(&s);
	line[510] = '\r';
	line[511] = '\r';
	strcpy(line + 512, "\n");
	client(&s, line);
	v = only_violation(&s);
	assert_int_equal(v->check, RAMPART_SMTP_CHECK_LINE);
	assert_int_equal(v->at, 511);

	/* The SASL response after a 334 may be longer (RFC 4954 4). */
	dialogue_init(&s);
	server(&s, "220 mx ESMTP\r\n");
	client(&s, "AUTH GSSAPI\r\n");
	server(&s, "334 \r\n");
	{
		static char token[RAMPART_SMTP_SASL_LINE + 1];

		memset(token, 'Q', RAMPART_SMTP_SASL_LINE - 2);
		strcpy(token + RAMPART_SMTP_SASL_LINE - 2, "\r\n");
		client(&s, token);
		assert_int_equal(s.nrecs, 1);		/* the banner */
		server(&s, "334 \r\n");
		token[RAMPART_SMTP_SASL_LINE - 2] = 'Q';
		strcpy(token + RAMPART_SMTP_SASL_LINE - 1, "\n");
		client(&s, token);
		v = only_violation(&s);
		assert_int_equal(v->check, RAMPART_SMTP_CHECK_LINE);
	}
}

/* Every sequence that some server could take for the end of data. */
static void test_smuggling_sequences(void **state)
{
	static const struct {
		const char *seq;
		bool flagged;
		unsigned int at;	/* offset in seq of the byte flagged */
	} cases[] = {
		{ "\n.\n", true, 2 },
		{ "\n.\r\n", true, 2 },
		{ "\r\n.\n", true, 3 },
		{ "\r.\r", true, 2 },
		{ "\r.\r\n", true, 2 },
		{ "\r.\n", true, 2 },
		{ "\n.\rx", true, 2 },
		{ "\r\n.\rx", true, 4 },
		{ "\r\n.\r\r", true, 4 },
		{ "x\n.\n", true, 3 },
		{ "\r\n..\r\n", false, 0 },	/* a stuffed dot */
		{ "\r\n.x\r\n", false, 0 },
		{ "\n..\n", false, 0 },
		{ "\r..\r", false, 0 },
		{ "a.b\r\n", false, 0 },
		{ "\n\r\n", false, 0 },	/* bare line ends without a dot */
		{ "\r\r\n", false, 0 },
		{ ".\n.", false, 0 },		/* a dot after a dot is not at a line start */
	};
	unsigned int i, seg;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		for (seg = 0; seg <= 1; seg++) {
			struct dialogue s;
			unsigned int body;

			dialogue_init(&s);
			start_body(&s);
			s.nrecs = 0;
			s.seg = seg;
			client(&s, "Subject: x\r\n\r\nline");	/* 18 bytes */
			body = s.pos[RAMPART_SMTP_CLIENT];
			client(&s, cases[i].seq);
			client(&s, "more\r\n.\r\n");
			server(&s, "250 ok\r\n");
			if (!cases[i].flagged) {
				assert_int_equal(violations(&s), 0);
			} else {
				const struct smtp_rec *v = only_violation(&s);

				if (v->at != body + cases[i].at)
					print_error("case %u: at %u\n", i, v->at - body);
				assert_int_equal(v->check, RAMPART_SMTP_CHECK_SMUGGLING);
				assert_int_equal(v->at, body + cases[i].at);
				assert_string_equal(v->verb, "DATA");
			}
			/* The body ends at the CRLF.CRLF and only there. */
			assert_int_equal(s.recs[s.nrecs - 1].event, RAMPART_SMTP_EV_MESSAGE);
			assert_int_equal(s.recs[s.nrecs - 1].size,
					 18 + strlen(cases[i].seq) + 6);
			assert_int_equal(s.st.c.mode, 0);
		}
	}
}

/* The same sequences with the check off: no violation, the same end. */
static void test_smuggling_off(void **state)
{
	struct dialogue s;

	(void)state;
	dialogue_init(&s);
	s.cfg.smuggling = false;
	start_body(&s);
	client(&s, "a\n.\nMAIL FROM:<x@y>\r\n\r.\r\n.\n.\r\n");
	assert_int_equal(s.nrecs, 0);
	client(&s, "\r\n.\r\n");
	server(&s, "250 ok\r\n");
	assert_int_equal(s.nrecs, 1);
	assert_int_equal(s.recs[0].event, RAMPART_SMTP_EV_MESSAGE);
	assert_int_equal(s.recs[0].size, 32);
}

static void test_size_boundary(void **state)
{
	unsigned int seg;

	(void)state;
	for (seg = 0; seg <= 3; seg++) {
		struct dialogue s;
		const struct smtp_rec *v;

		dialogue_init(&s);
		s.cfg.max_size = 12;
		s.seg = seg;
		start_body(&s);
		client(&s, "0123456789\r\n.\r\n");	/* 12 bytes: the limit */
		server(&s, "250 ok\r\n");
		assert_int_equal(violations(&s), 0);
		assert_int_equal(s.recs[0].size, 12);
		client(&s, "MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nDATA\r\n");
		server(&s, "250 ok\r\n250 ok\r\n354 go\r\n");
		s.nrecs = 0;
		s.pos[RAMPART_SMTP_CLIENT] = 0;
		client(&s, "0123456789\r\n..\r\n.\r\n");	/* 16 bytes */
		v = only_violation(&s);
		assert_int_equal(v->check, RAMPART_SMTP_CHECK_SIZE);
		assert_int_equal(v->at, 13);		/* the second dot */
		assert_string_equal(v->verb, "DATA");
		server(&s, "250 ok\r\n");
		assert_int_equal(s.recs[s.nrecs - 1].size, 16);
	}
}

static void test_size_bdat(void **state)
{
	struct dialogue s;
	const struct smtp_rec *v;
	char chunk[64];

	(void)state;
	dialogue_init(&s);
	s.cfg.max_size = 100;
	open_transaction(&s);
	memset(chunk, 'z', sizeof(chunk));
	client(&s, "BDAT 64\r\n");
	feed(&s, RAMPART_SMTP_CLIENT, chunk, 64);
	client(&s, "BDAT 36 LAST\r\n");
	feed(&s, RAMPART_SMTP_CLIENT, chunk, 36);
	assert_int_equal(violations(&s), 0);
	server(&s, "250 ok\r\n250 ok, 100 bytes\r\n");
	assert_int_equal(s.recs[0].event, RAMPART_SMTP_EV_MESSAGE);
	assert_int_equal(s.recs[0].size, 100);
	s.nrecs = 0;
	client(&s, "MAIL FROM:<a@b>\r\nRCPT TO:<c@d>\r\nBDAT 101 LAST\r\n");
	v = only_violation(&s);
	assert_int_equal(v->check, RAMPART_SMTP_CHECK_SIZE);
	assert_string_equal(v->verb, "BDAT");
	assert_int_equal(s.st.c.chunk_left, 101);	/* log: the chunk is still skipped */
}

/* Chunk sizes the parser cannot read leave it unsure of the stream. */
static void test_bdat_sizes(void **state)
{
	struct dialogue s;

	(void)state;
	dialogue_init(&s);
	open_transaction(&s);
	client(&s, "BDAT 9999999999999999999\r\n");	/* 19 digits: read */
	assert_int_equal(s.nrecs, 0);
	assert_int_equal(s.st.c.chunk_left, 9999999999999999999ULL);
	feed(&s, RAMPART_SMTP_CLIENT, "XEXCH50\r\n", 9);
	assert_int_equal(s.nrecs, 0);

	dialogue_init(&s);
	open_transaction(&s);
	client(&s, "BDAT 18446744073709551616\r\n");	/* 20 digits */
	assert_int_equal(only_violation(&s)->check, RAMPART_SMTP_CHECK_SYNC);
	assert_int_equal(s.st.mode, RAMPART_SMTP_LOST);

	dialogue_init(&s);
	open_transaction(&s);
	client(&s, "BDAT 12 LASTX\r\n");
	assert_int_equal(only_violation(&s)->check, RAMPART_SMTP_CHECK_SYNC);

	dialogue_init(&s);
	open_transaction(&s);
	client(&s, "bdat 3 last \r\nabcBDAT\t0\tLAST\r\n");	/* any case, blanks */
	assert_int_equal(s.nrecs, 0);
	server(&s, "250 ok\r\n250 ok\r\n");
	assert_int_equal(s.nrecs, 2);
	assert_int_equal(s.recs[0].size, 3);
	assert_int_equal(s.recs[1].size, 0);
}

/* After reject or reset, nothing more is inspected. */
static void test_dead_after_reject(void **state)
{
	struct dialogue s;
	struct rampart_smtp_result res;
	u32 n;

	(void)state;
	dialogue_init(&s);
	s.cfg.action[RAMPART_SMTP_CHECK_VERB] = RAMPART_SMTP_RESET;
	server(&s, "220 mx ESMTP\r\n");
	client(&s, "XEXCH50 1 2\r\nNOOP\r\n");
	assert_int_equal(only_violation(&s)->action, RAMPART_SMTP_RESET);
	assert_int_equal(s.recs[1].at, 7);
	assert_int_equal(s.st.mode, RAMPART_SMTP_CLOSED);
	assert_false(rampart_smtp_inspecting(&s.st));
	n = rampart_smtp_feed(&s.st, &s.cfg, RAMPART_SMTP_SERVER,
			      (const u8 *)"500 what\r\n", 10, &res);
	assert_int_equal(n, 10);
	assert_int_equal(res.check, 0);
	assert_int_equal(res.event, 0);
	assert_int_equal(res.mask_len, 0);
}

/* The verb is reported printable and upper case. */
static void test_verb_printable(void **state)
{
	struct dialogue s;
	const struct smtp_rec *v;

	(void)state;
	dialogue_init(&s);
	feed(&s, RAMPART_SMTP_CLIENT, "x\001\xffz\r\n", 6);
	v = only_violation(&s);
	assert_string_equal(v->verb, "X??Z");
	dialogue_init(&s);
	client(&s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ\r\n");
	v = only_violation(&s);
	assert_string_equal(v->verb, "ABCDEFGHIJKLMNO");
	dialogue_init(&s);
	client(&s, "STARTTLSX\r\n");			/* not STARTTLS */
	v = only_violation(&s);
	assert_string_equal(v->verb, "STARTTLSX");
}

/* A rejected DATA (no valid recipient): the next bytes are commands. */
static void test_data_refused(void **state)
{
	struct dialogue s;

	(void)state;
	dialogue_init(&s);
	open_transaction(&s);
	client(&s, "DATA\r\n");
	server(&s, "554 5.5.1 Error: no valid recipients\r\n");
	client(&s, "XEXCH50\r\n");
	assert_int_equal(only_violation(&s)->check, RAMPART_SMTP_CHECK_VERB);
}

/*
 * The body scan looks at 16 bytes at a time: line-start dots at every
 * alignment, and dots after the bytes it first takes for line ends (those
 * with b | 7 == 0x0f, TAB among them), which are not.
 */
static void test_dot_positions(void **state)
{
	static const char near[] = "\t.\x0b.\x0c.\x08.\x0e.\x0f.";
	unsigned int off, seg;
	char body[128];

	(void)state;
	for (off = 0; off < 40; off++) {
		for (seg = 0; seg <= 7; seg += 7) {
			struct dialogue s;
			const struct smtp_rec *v;

			dialogue_init(&s);
			start_body(&s);
			s.seg = seg;
			memset(body, 'x', off);
			strcpy(body + off, near);
			client(&s, body);
			client(&s, "\r\n");
			assert_int_equal(s.nrecs, 0);
			s.pos[RAMPART_SMTP_CLIENT] = 0;
			memset(body, 'y', off);
			strcpy(body + off, "\n.\n");
			client(&s, body);
			v = only_violation(&s);
			assert_int_equal(v->check, RAMPART_SMTP_CHECK_SMUGGLING);
			assert_int_equal(v->at, off + 2);
			client(&s, "\r\n.\r\n");
			server(&s, "250 ok\r\n");
			assert_int_equal(s.recs[s.nrecs - 1].event, RAMPART_SMTP_EV_MESSAGE);
			assert_int_equal(s.recs[s.nrecs - 1].size, 2 * off + strlen(near) + 2 + 3 + 2);
		}
	}
}

/* A large body in segments of every size gives one message of its size. */
static void test_large_body(void **state)
{
	static unsigned char body[1 << 20];
	static const unsigned int segs[] = { 0, 1, 7, 536, 1448, 65536 };
	size_t i, len = 0;
	unsigned int line = 0;
	u32 seed = 1;

	(void)state;
	while (len < sizeof(body) - 100) {
		seed = seed * 1103515245 + 12345;
		if (line > 60 + (seed >> 27)) {
			body[len++] = '\r';
			body[len++] = '\n';
			line = 0;
			if ((seed >> 20) % 7 == 0) {	/* dot-stuffed lines */
				body[len++] = '.';
				body[len++] = '.';
			}
			continue;
		}
		body[len++] = (seed >> 24) % 3 ? 'a' + (seed >> 16) % 26 : '.';
		line++;
	}
	memcpy(body + len, "\r\n.\r\n", 5);
	for (i = 0; i < ARRAY_SIZE(segs); i++) {
		struct dialogue s;

		dialogue_init(&s);
		start_body(&s);
		s.seg = segs[i];
		feed(&s, RAMPART_SMTP_CLIENT, body, len + 5);
		server(&s, "250 ok\r\n");
		assert_int_equal(s.nrecs, 1);
		assert_int_equal(s.recs[0].size, len + 2);
		assert_int_equal(s.st.c.mode, 0);
	}
}

int main(void)
{
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_state_fits),
		cmocka_unit_test(test_config_default),
		cmocka_unit_test(test_reply_texts),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_line_limit_boundary),
		cmocka_unit_test(test_smuggling_sequences),
		cmocka_unit_test(test_smuggling_off),
		cmocka_unit_test(test_size_boundary),
		cmocka_unit_test(test_size_bdat),
		cmocka_unit_test(test_bdat_sizes),
		cmocka_unit_test(test_dead_after_reject),
		cmocka_unit_test(test_verb_printable),
		cmocka_unit_test(test_data_refused),
		cmocka_unit_test(test_dot_positions),
		cmocka_unit_test(test_large_body),
	};
	size_t n = ARRAY_SIZE(smtp_vecs) + ARRAY_SIZE(fixed), i;
	struct CMUnitTest *tests = calloc(n, sizeof(*tests));
	int failed;

	if (!tests)
		return 1;
	for (i = 0; i < ARRAY_SIZE(smtp_vecs); i++) {
		tests[i].name = smtp_vecs[i].name;
		tests[i].test_func = test_vector;
		tests[i].initial_state = (void *)&smtp_vecs[i];
	}
	memcpy(tests + ARRAY_SIZE(smtp_vecs), fixed, sizeof(fixed));
	failed = _cmocka_run_group_tests("smtp", tests, n, NULL, NULL);
	free(tests);
	return failed;
}
