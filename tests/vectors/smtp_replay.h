/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Replays the SMTP vectors of smtp_vectors.h through rampart_smtp_feed()
 * three ways, for the unit tests (tests/unit/test_core_smtp.c) and the
 * KUnit suite (kmod/tests/smtp_test.c):
 *
 *   whole   each chunk in one call
 *   split   each chunk in turn cut in two at every byte, the others whole
 *   bytes   every byte in a call of its own
 *
 * Each must report exactly the vector's results at the same stream
 * offsets, mask the same bytes and end in the same mode; a split chunk
 * must also leave the state byte for byte as the whole chunk does. Every
 * call is checked against the feed contract on the way. Include
 * core/smtp.h, smtp_vectors.h and whatever declares memcmp(), memset(),
 * strcmp() and snprintf() first. The caller allocates smtp_vec_work_size()
 * bytes, zeroed, and hands them to smtp_vec_check().
 */
#ifndef RAMPART_SMTP_REPLAY_H
#define RAMPART_SMTP_REPLAY_H

/* One result with a violation or an event, at a stream offset. */
struct smtp_rec {
	unsigned int dir, at;
	unsigned char check, action, event;
	unsigned short code;
	unsigned long long size;
	char verb[RAMPART_SMTP_VERB_MAX + 1];
};

struct smtp_replay {
	struct smtp_rec *recs;
	unsigned int nrecs, max_recs;
	unsigned char *mask[2];		/* per direction, 1 per masked byte */
	unsigned int len[2];		/* bytes each direction has */
	unsigned int pos[2];		/* bytes fed so far */
};

struct smtp_vec_work {
	struct rampart_smtp_config cfg;
	struct rampart_smtp_state st, base, after;
	struct smtp_replay whole, ref, cut;
	unsigned int *chunk_recs;	/* whole: records before each chunk */
	unsigned int max_len, max_recs, max_chunks;
	char sub[320], got[96], want[96];
};

static inline void smtp_vec_limits(unsigned int *max_len, unsigned int *max_recs,
				   unsigned int *max_chunks)
{
	unsigned int i, c, len[2];

	*max_len = *max_recs = *max_chunks = 0;
	for (i = 0; i < ARRAY_SIZE(smtp_vecs); i++) {
		const struct smtp_vec *v = &smtp_vecs[i];

		len[0] = len[1] = 0;
		for (c = 0; c < v->nchunks; c++)
			len[v->chunks[c].dir] += v->chunks[c].len;
		if (len[0] > *max_len)
			*max_len = len[0];
		if (len[1] > *max_len)
			*max_len = len[1];
		if (v->nitems > *max_recs)
			*max_recs = v->nitems;
		if (v->nchunks > *max_chunks)
			*max_chunks = v->nchunks;
	}
	(*max_recs)++;		/* room to see one result too many */
}

static inline size_t smtp_vec_work_size(void)
{
	unsigned int max_len, max_recs, max_chunks;

	smtp_vec_limits(&max_len, &max_recs, &max_chunks);
	return sizeof(struct smtp_vec_work) +
	       3 * (max_recs * sizeof(struct smtp_rec) + 2 * max_len) +
	       (max_chunks + 1) * sizeof(unsigned int) + 16;
}

/* Carves the buffers out of the bytes after the struct. */
static inline void smtp_vec_work_setup(struct smtp_vec_work *w)
{
	unsigned char *p = (unsigned char *)(w + 1);
	struct smtp_replay *r[3] = { &w->whole, &w->ref, &w->cut };
	unsigned int i;

	smtp_vec_limits(&w->max_len, &w->max_recs, &w->max_chunks);
	for (i = 0; i < 3; i++) {
		r[i]->recs = (struct smtp_rec *)p;
		r[i]->max_recs = w->max_recs;
		p += w->max_recs * sizeof(struct smtp_rec);
	}
	w->chunk_recs = (unsigned int *)p;
	p += (w->max_chunks + 1) * sizeof(unsigned int);
	for (i = 0; i < 3; i++) {
		r[i]->mask[0] = p;
		r[i]->mask[1] = p + w->max_len;
		p += 2 * w->max_len;
	}
}

static inline void smtp_replay_reset(struct smtp_replay *r, const struct smtp_vec *v)
{
	unsigned int c;

	r->nrecs = 0;
	r->len[0] = r->len[1] = 0;
	r->pos[0] = r->pos[1] = 0;
	for (c = 0; c < v->nchunks; c++)
		r->len[v->chunks[c].dir] += v->chunks[c].len;
	memset(r->mask[0], 0, r->len[0]);
	memset(r->mask[1], 0, r->len[1]);
}

static inline void smtp_rec_text(char *buf, size_t size, const struct smtp_rec *r)
{
	int n = snprintf(buf, size, "%c:%u", r->dir == RAMPART_SMTP_CLIENT ? 'C' : 'S', r->at);

	if (n < 0 || (size_t)n >= size)
		return;
	if (r->check)
		n += snprintf(buf + n, size - n, " %s %s %s", rampart_smtp_check_name(r->check),
			      rampart_smtp_action_name(r->action), r->verb);
	if (n >= 0 && (size_t)n < size && r->event)
		snprintf(buf + n, size - n, " %s %u %llu", rampart_smtp_event_name(r->event),
			 r->code, r->size);
}

/* The record of a result at stream offset base of direction dir. */
static inline void smtp_rec_set(struct smtp_rec *rec, unsigned int dir, unsigned int base,
				const struct rampart_smtp_result *res)
{
	memset(rec, 0, sizeof(*rec));
	rec->dir = dir;
	rec->at = base + res->offset;
	rec->check = res->check;
	rec->action = res->action;
	rec->event = res->event;
	rec->code = res->code;
	rec->size = res->size;
	memcpy(rec->verb, res->verb, sizeof(rec->verb));
	rec->verb[RAMPART_SMTP_VERB_MAX] = '\0';
}

static inline bool smtp_rec_equal(const struct smtp_rec *a, const struct smtp_rec *b)
{
	return a->dir == b->dir && a->at == b->at && a->check == b->check &&
	       a->event == b->event && (!a->check || (a->action == b->action &&
	       !strcmp(a->verb, b->verb))) && (!a->event || (a->code == b->code &&
	       a->size == b->size));
}

/*
 * Feed one run of bytes, as many calls as the parser wants, checking the
 * contract of each call. Returns 0, or -1 with why filled.
 */
static inline int smtp_replay_feed(struct smtp_replay *r, struct rampart_smtp_state *st,
				   const struct rampart_smtp_config *cfg, unsigned int dir,
				   const unsigned char *data, unsigned int len,
				   char *why, size_t size)
{
	struct rampart_smtp_result res;
	unsigned int off = 0, n, i;

	while (off < len) {
		n = rampart_smtp_feed(st, cfg, dir, data + off, len - off, &res);
		if (n == 0 || n > len - off) {
			snprintf(why, size, "%c:%u: feed of %u bytes consumed %u",
				 dir ? 'S' : 'C', r->pos[dir], len - off, n);
			return -1;
		}
		if (res.mask_len && (res.mask_off >= n || res.mask_len > n - res.mask_off)) {
			snprintf(why, size, "%c:%u: mask %u+%u beyond the %u bytes consumed",
				 dir ? 'S' : 'C', r->pos[dir], res.mask_off, res.mask_len, n);
			return -1;
		}
		if (res.check >= __RAMPART_SMTP_CHECK_MAX || res.event >= __RAMPART_SMTP_EV_MAX ||
		    (res.check && res.action >= __RAMPART_SMTP_ACTION_MAX)) {
			snprintf(why, size, "%c:%u: result out of range", dir ? 'S' : 'C',
				 r->pos[dir]);
			return -1;
		}
		if ((res.check || res.event) && res.offset != n - 1) {
			snprintf(why, size, "%c:%u: result at %u, not at the last byte consumed %u",
				 dir ? 'S' : 'C', r->pos[dir], res.offset, n - 1);
			return -1;
		}
		if (!res.check && !res.event && !res.mask_len && n != len - off) {
			snprintf(why, size, "%c:%u: stopped after %u of %u bytes with nothing to say",
				 dir ? 'S' : 'C', r->pos[dir], n, len - off);
			return -1;
		}
		for (i = 0; i < res.mask_len; i++)
			r->mask[dir][r->pos[dir] + res.mask_off + i] = 1;
		if (res.check || res.event) {
			if (r->nrecs == r->max_recs) {
				snprintf(why, size, "%c:%u: more results than the vector has",
					 dir ? 'S' : 'C', r->pos[dir] + res.offset);
				return -1;
			}
			smtp_rec_set(&r->recs[r->nrecs++], dir, r->pos[dir], &res);
		}
		r->pos[dir] += n;
		off += n;
	}
	return 0;
}

/* A replay against what the vector says. */
static inline int smtp_replay_expected(struct smtp_vec_work *w, const struct smtp_vec *v,
				       const struct smtp_replay *r,
				       const struct rampart_smtp_state *st, char *why, size_t size)
{
	char *got = w->got, *want = w->want;
	unsigned int i, d, b, masked[2] = { 0, 0 }, expect[2] = { 0, 0 };

	for (i = 0; i < v->nitems || i < r->nrecs; i++) {
		struct smtp_rec e;

		if (i < v->nitems) {
			const struct smtp_vec_item *it = &v->items[i];

			memset(&e, 0, sizeof(e));
			e.dir = it->dir;
			e.at = it->at;
			e.check = it->check;
			e.action = it->action;
			e.event = it->event;
			e.code = it->code;
			e.size = it->size;
			snprintf(e.verb, sizeof(e.verb), "%s", it->verb);
		}
		if (i < v->nitems && i < r->nrecs && smtp_rec_equal(&e, &r->recs[i]))
			continue;
		if (i < r->nrecs)
			smtp_rec_text(got, sizeof(w->got), &r->recs[i]);
		else
			snprintf(got, sizeof(w->got), "nothing");
		if (i < v->nitems)
			smtp_rec_text(want, sizeof(w->want), &e);
		else
			snprintf(want, sizeof(w->want), "nothing");
		snprintf(why, size, "result %u: got %s, want %s", i + 1, got, want);
		return -1;
	}
	for (i = 0; i < v->nmasks; i++) {
		const struct smtp_vec_mask *m = &v->masks[i];

		expect[m->dir] += m->len;
		for (b = m->at; b < m->at + m->len; b++) {
			if (!r->mask[m->dir][b]) {
				snprintf(why, size, "%c:%u: not masked", m->dir ? 'S' : 'C', b);
				return -1;
			}
		}
	}
	for (d = 0; d < 2; d++)
		for (b = 0; b < r->len[d]; b++)
			masked[d] += r->mask[d][b];
	for (d = 0; d < 2; d++) {
		if (masked[d] != expect[d]) {
			snprintf(why, size, "%c: %u bytes masked, want %u", d ? 'S' : 'C',
				 masked[d], expect[d]);
			return -1;
		}
	}
	if (st->mode != v->mode) {
		snprintf(why, size, "ends in mode %u, want %u", st->mode, v->mode);
		return -1;
	}
	return 0;
}

/* The results of a cut chunk against those of the whole one. */
static inline int smtp_replay_same(struct smtp_vec_work *w, const struct smtp_replay *a,
				   const struct smtp_replay *b, unsigned int dir,
				   unsigned int from, unsigned int len, char *why, size_t size)
{
	char *got = w->got, *want = w->want;
	unsigned int i;

	for (i = 0; i < a->nrecs || i < b->nrecs; i++) {
		if (i < a->nrecs && i < b->nrecs && smtp_rec_equal(&a->recs[i], &b->recs[i]))
			continue;
		if (i < b->nrecs)
			smtp_rec_text(got, sizeof(w->got), &b->recs[i]);
		else
			snprintf(got, sizeof(w->got), "nothing");
		if (i < a->nrecs)
			smtp_rec_text(want, sizeof(w->want), &a->recs[i]);
		else
			snprintf(want, sizeof(w->want), "nothing");
		snprintf(why, size, "result %u: got %s, whole chunk gave %s", i + 1, got, want);
		return -1;
	}
	for (i = from; i < from + len; i++) {
		if (a->mask[dir][i] != b->mask[dir][i]) {
			snprintf(why, size, "%c:%u: masked %u, whole chunk %u", dir ? 'S' : 'C', i,
				 b->mask[dir][i], a->mask[dir][i]);
			return -1;
		}
	}
	return 0;
}

/* Replays vector v all three ways. Returns 0, or -1 with why filled. */
static inline int smtp_vec_check(const struct smtp_vec *v, struct smtp_vec_work *w,
				 char *why, size_t size)
{
	char *sub = w->sub;
	unsigned int c, k, i;

	smtp_vec_work_setup(w);
	v->config(&w->cfg);

	/* whole */
	rampart_smtp_init(&w->st);
	smtp_replay_reset(&w->whole, v);
	for (c = 0; c < v->nchunks; c++) {
		const struct smtp_vec_chunk *ch = &v->chunks[c];

		w->chunk_recs[c] = w->whole.nrecs;
		if (smtp_replay_feed(&w->whole, &w->st, &w->cfg, ch->dir,
				     (const unsigned char *)ch->data, ch->len, sub, sizeof(w->sub)))
			goto fail_whole;
	}
	w->chunk_recs[c] = w->whole.nrecs;
	if (smtp_replay_expected(w, v, &w->whole, &w->st, sub, sizeof(w->sub)))
		goto fail_whole;

	/* bytes */
	rampart_smtp_init(&w->st);
	smtp_replay_reset(&w->cut, v);
	for (c = 0; c < v->nchunks; c++) {
		const struct smtp_vec_chunk *ch = &v->chunks[c];

		for (i = 0; i < ch->len; i++)
			if (smtp_replay_feed(&w->cut, &w->st, &w->cfg, ch->dir,
					     (const unsigned char *)ch->data + i, 1,
					     sub, sizeof(w->sub)))
				goto fail_bytes;
	}
	if (smtp_replay_expected(w, v, &w->cut, &w->st, sub, sizeof(w->sub)))
		goto fail_bytes;

	/* split: chunk c cut at k, from the state the earlier chunks left */
	rampart_smtp_init(&w->base);
	smtp_replay_reset(&w->ref, v);
	for (c = 0; c < v->nchunks; c++) {
		const struct smtp_vec_chunk *ch = &v->chunks[c];
		const unsigned char *data = (const unsigned char *)ch->data;
		unsigned int from = w->ref.pos[ch->dir];

		w->after = w->base;
		w->ref.nrecs = 0;
		if (smtp_replay_feed(&w->ref, &w->after, &w->cfg, ch->dir, data, ch->len,
				     sub, sizeof(w->sub)))
			goto fail_split;
		for (k = 1; k < ch->len; k++) {
			w->st = w->base;
			w->cut.nrecs = 0;
			w->cut.pos[0] = w->ref.pos[0];
			w->cut.pos[1] = w->ref.pos[1];
			w->cut.pos[ch->dir] = from;
			w->cut.len[0] = w->ref.len[0];
			w->cut.len[1] = w->ref.len[1];
			memset(w->cut.mask[ch->dir] + from, 0, ch->len);
			if (smtp_replay_feed(&w->cut, &w->st, &w->cfg, ch->dir, data, k,
					     sub, sizeof(w->sub)) ||
			    smtp_replay_feed(&w->cut, &w->st, &w->cfg, ch->dir, data + k,
					     ch->len - k, sub, sizeof(w->sub)) ||
			    smtp_replay_same(w, &w->ref, &w->cut, ch->dir, from, ch->len,
					     sub, sizeof(w->sub)))
				goto fail_cut;
			if (memcmp(&w->st, &w->after, sizeof(w->st))) {
				snprintf(sub, sizeof(w->sub), "the state differs from the whole chunk's");
				goto fail_cut;
			}
		}
		w->base = w->after;
	}
	return 0;

fail_whole:
	snprintf(why, size, "%s, whole chunks: %s", v->name, sub);
	return -1;
fail_bytes:
	snprintf(why, size, "%s, byte by byte: %s", v->name, sub);
	return -1;
fail_split:
	snprintf(why, size, "%s, chunk %u: %s", v->name, c + 1, sub);
	return -1;
fail_cut:
	snprintf(why, size, "%s, chunk %u cut at %u: %s", v->name, c + 1, k, sub);
	return -1;
}

#endif /* RAMPART_SMTP_REPLAY_H */
