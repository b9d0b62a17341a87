// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the SMTP stream parser (kmod/core/smtp.c).
 *
 * Input: 4 bytes of configuration, then chunks, each a header byte (bit 7:
 * 1 server, 0 client; bits 0-6: length) and that many bytes, the last one
 * cut by the end of the input. tests/vectors/smtp_vectors.py --corpus
 * writes the vectors in this form as seeds.
 *
 *   byte 0  bit 0 banner mask, 1 STARTTLS deny, 2 smuggling off, 3 sender
 *           patterns, 4 recipient patterns, 5 verbs -VRFY -EXPN +XCLIENT,
 *           bits 6-7 actions: all log, all reject, all reset, mixed
 *   byte 1  line limits: 0 the default 512, else 8 + the byte
 *   byte 2  recipients per transaction, 0 none
 *   byte 3  message size limit in units of 16 bytes, 0 none
 *
 * Every call is checked against the feed contract and the state against
 * its bounds; then the input is replayed byte by byte, which must give the
 * same results at the same stream offsets, the same masked bytes and the
 * same final state, byte for byte.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtp.h"

struct rec {
	u64 size;
	u32 dir, at;
	u16 code;
	u8 check, action, event;
	char verb[RAMPART_SMTP_VERB_MAX + 1];
};

struct run {
	struct rampart_smtp_state st;
	struct rec *recs;
	size_t nrecs;
	u8 *mask[2];
	u32 pos[2];
};

static void fail(const char *why, const struct run *r, unsigned int dir)
{
	fprintf(stderr, "smtp_fuzz: %s (%c at %u)\n", why, dir ? 'S' : 'C', r->pos[dir]);
	abort();
}

static void check_state(const struct run *r, unsigned int dir)
{
	const struct rampart_smtp_state *st = &r->st;
	unsigned int i;

	if (st->mode > RAMPART_SMTP_CLOSED || st->q_len > RAMPART_SMTP_QUEUE ||
	    st->q_head >= RAMPART_SMTP_QUEUE || st->c.verb_len > RAMPART_SMTP_VERB_MAX ||
	    st->c.addr_len > RAMPART_SMTP_ADDR_MAX || st->c.mode > 2 || st->c.dot > 4 ||
	    st->s.mask > 4 || st->s.mkw > 5 || (st->s.kw > 9 && st->s.kw != 0xff))
		fail("state out of bounds", r, dir);
	for (i = 0; i < st->q_len; i++)
		if (!st->q[(st->q_head + i) % RAMPART_SMTP_QUEUE].count)
			fail("empty command group queued", r, dir);
}

static void feed(struct run *r, const struct rampart_smtp_config *cfg, unsigned int dir,
		 const u8 *data, u32 len)
{
	struct rampart_smtp_result res;
	char reply[RAMPART_SMTP_REPLY_MAX];
	u32 off = 0, n, i;
	size_t want;

	while (off < len) {
		u8 mode = r->st.mode;

		n = rampart_smtp_feed(&r->st, cfg, dir, data + off, len - off, &res);
		if (n == 0 || n > len - off)
			fail("consumed nothing or too much", r, dir);
		if (mode != RAMPART_SMTP_INSPECT && r->st.mode != mode)
			fail("left a final mode", r, dir);
		if (res.mask_len && (res.mask_off >= n || res.mask_len > n - res.mask_off))
			fail("mask beyond the bytes consumed", r, dir);
		if ((res.check || res.event) && res.offset != n - 1)
			fail("result not at the last byte consumed", r, dir);
		if (!res.check && !res.event && !res.mask_len && n != len - off)
			fail("stopped with nothing to say", r, dir);
		if (res.check >= __RAMPART_SMTP_CHECK_MAX || res.event >= __RAMPART_SMTP_EV_MAX ||
		    res.action >= __RAMPART_SMTP_ACTION_MAX || strlen(res.verb) > RAMPART_SMTP_VERB_MAX)
			fail("result out of range", r, dir);
		for (i = 0; res.verb[i]; i++)
			if (res.verb[i] <= ' ' || res.verb[i] >= 0x7f)
				fail("verb not printable", r, dir);
		if (res.check) {
			want = rampart_smtp_reply(reply, sizeof(reply), &res, cfg, "fuzz");
			if (want >= sizeof(reply) || want < 6 || reply[want - 2] != '\r' ||
			    reply[want - 1] != '\n' || reply[3] != ' ')
				fail("reply text malformed", r, dir);
			if (res.action != RAMPART_SMTP_LOG && r->st.mode != RAMPART_SMTP_CLOSED)
				fail("alive after reject or reset", r, dir);
		}
		for (i = 0; i < res.mask_len; i++)
			r->mask[dir][r->pos[dir] + res.mask_off + i] = 1;
		if (res.check || res.event) {
			struct rec *rec = &r->recs[r->nrecs++];

			memset(rec, 0, sizeof(*rec));
			rec->dir = dir;
			rec->at = r->pos[dir] + res.offset;
			rec->check = res.check;
			rec->action = res.action;
			rec->event = res.event;
			rec->code = res.code;
			rec->size = res.size;
			memcpy(rec->verb, res.verb, sizeof(rec->verb));
		}
		r->pos[dir] += n;
		off += n;
		check_state(r, dir);
	}
}

static void config(struct rampart_smtp_config *cfg, const u8 *b)
{
	unsigned int i;

	rampart_smtp_config_default(cfg);
	cfg->banner_mask = b[0] & 0x01;
	cfg->starttls_deny = b[0] & 0x02;
	cfg->smuggling = !(b[0] & 0x04);
	if (b[0] & 0x08) {
		strcpy(cfg->senders[0].text, "*@example.org");
		strcpy(cfg->senders[1].text, "");
		strcpy(cfg->senders[2].text, "a*b@*");
		cfg->n_senders = 3;
	}
	if (b[0] & 0x10) {
		strcpy(cfg->recipients[0].text, "*@example.com");
		strcpy(cfg->recipients[1].text, "postmaster@*");
		cfg->n_recipients = 2;
	}
	if (b[0] & 0x20) {
		cfg->verbs &= ~(RAMPART_SMTP_VERB_BIT(RAMPART_SMTP_VRFY) |
				RAMPART_SMTP_VERB_BIT(RAMPART_SMTP_EXPN));
		strcpy(cfg->extra_verbs[0], "XCLIENT");
		cfg->n_extra_verbs = 1;
	}
	for (i = 0; i < __RAMPART_SMTP_CHECK_MAX; i++)
		cfg->action[i] = (b[0] >> 6) == 3 ? i % 3 : b[0] >> 6;
	cfg->max_line = b[1] ? 8 + b[1] : 512;
	cfg->max_reply_line = cfg->max_line;
	cfg->max_rcpts = b[2];
	cfg->max_size = 16ULL * b[3];
}

/* Replays the chunks, each in calls of at most seg bytes (0: whole). */
static void replay(struct run *r, const struct rampart_smtp_config *cfg, const u8 *data,
		   size_t size, u32 seg)
{
	size_t i = 0;

	rampart_smtp_init(&r->st);
	while (i < size) {
		unsigned int dir = data[i] >> 7;
		u32 len = data[i] & 0x7f, k;

		i++;
		if (len > size - i)
			len = size - i;
		for (k = 0; k < len; k += seg ? seg : len)
			feed(r, cfg, dir, data + i + k, seg && len - k > seg ? seg : len - k);
		i += len;
	}
}

static int run_init(struct run *r, size_t size)
{
	memset(r, 0, sizeof(*r));
	r->recs = calloc(size + 1, sizeof(*r->recs));
	r->mask[0] = calloc(size + 1, 1);
	r->mask[1] = calloc(size + 1, 1);
	return r->recs && r->mask[0] && r->mask[1] ? 0 : -1;
}

static void run_free(struct run *r)
{
	free(r->recs);
	free(r->mask[0]);
	free(r->mask[1]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rampart_smtp_config cfg;
	static struct run whole, bytes;
	unsigned int d;

	if (size < 4)
		return 0;
	config(&cfg, data);
	if (run_init(&whole, size) || run_init(&bytes, size))
		abort();
	replay(&whole, &cfg, data + 4, size - 4, 0);
	replay(&bytes, &cfg, data + 4, size - 4, 1);
	if (whole.nrecs != bytes.nrecs ||
	    memcmp(whole.recs, bytes.recs, whole.nrecs * sizeof(*whole.recs)))
		fail("results differ byte by byte", &bytes, 0);
	for (d = 0; d < 2; d++)
		if (whole.pos[d] != bytes.pos[d] || memcmp(whole.mask[d], bytes.mask[d], whole.pos[d]))
			fail("masks differ byte by byte", &bytes, d);
	if (memcmp(&whole.st, &bytes.st, sizeof(whole.st)))
		fail("the state differs byte by byte", &bytes, 0);
	run_free(&whole);
	run_free(&bytes);
	return 0;
}
