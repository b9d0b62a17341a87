// SPDX-License-Identifier: GPL-2.0
/*
 * First-copy-wins record of an inspected TCP stream (stream.h).
 *
 * The hash of bytes b_1 .. b_n is sum(b_i * x^(n - i)) modulo p = 2^61 - 1,
 * x the key. For two streams A and B, H(AB) = H(A) * x^|B| + H(B), so the
 * hash of the bytes between marks at a and b is P(b) - P(a) * x^(b - a),
 * P the prefix hashes. Two different byte strings of length n collide for
 * at most n of the p possible keys (a nonzero polynomial of degree < n has
 * fewer than n roots modulo a prime), and the key is secret.
 */
#include "stream.h"

#define P61 ((1ULL << 61) - 1)

static u64 mulmod(u64 a, u64 b)
{
	unsigned __int128 prod = (unsigned __int128)a * b;
	u64 r = ((u64)prod & P61) + (u64)(prod >> 61);

	return r >= P61 ? r - P61 : r;
}

static u64 powmod(u64 x, u32 e)
{
	u64 r = 1;

	while (e) {
		if (e & 1)
			r = mulmod(r, x);
		x = mulmod(x, x);
		e >>= 1;
	}
	return r;
}

u64 rampart_stream_key(u64 random)
{
	/* Anything in [256, p - 1]: far from the small, guessable values. */
	return 256 + random % (P61 - 256);
}

u64 rampart_stream_extend(u64 key, u64 h, const u8 *p, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++) {
		h = mulmod(h, key) + p[i];
		if (h >= P61)
			h -= P61;
	}
	return h;
}

void rampart_stream_start(struct rampart_stream *s, u32 seq)
{
	s->n = 1;
	s->head = 0;
	s->seq[0] = seq;
	s->prefix[0] = 0;
}

static bool before(u32 a, u32 b)
{
	return (s32)(a - b) < 0;
}

void rampart_stream_ack(struct rampart_stream *s, u32 ack)
{
	/* Forget all but the last mark at or before ack. */
	while (s->n > 1 && !before(ack, s->seq[rampart_stream_slot(s, 1)])) {
		s->head++;
		s->n--;
	}
}

static int mark_at(const struct rampart_stream *s, u32 seq)
{
	/* Binary search: the positions ascend (modulo 2^32) from the oldest. */
	int lo = 0, hi = s->n - 1, i;

	while (lo <= hi) {
		u32 at;

		i = (lo + hi) / 2;
		at = s->seq[rampart_stream_slot(s, i)];
		if (at == seq)
			return rampart_stream_slot(s, i);
		if (before(at, seq))
			lo = i + 1;
		else
			hi = i - 1;
	}
	return -1;
}

bool rampart_stream_range(const struct rampart_stream *s, u64 key, u32 from, u32 to,
			  u64 *h)
{
	int a = mark_at(s, from), b = mark_at(s, to);
	u64 sub;

	if (a < 0 || b < 0 || before(to, from))
		return false;
	sub = mulmod(s->prefix[a], powmod(key, to - from));
	*h = s->prefix[b] >= sub ? s->prefix[b] - sub : s->prefix[b] + P61 - sub;
	return true;
}

enum rampart_stream_verdict rampart_stream_check(const struct rampart_stream *s,
						 u64 key, u32 from, u32 to, u64 h)
{
	u64 want;

	if (!rampart_stream_range(s, key, from, to, &want))
		return RAMPART_STREAM_UNCHECKABLE;
	return want == h ? RAMPART_STREAM_OK : RAMPART_STREAM_DIFFERS;
}

bool rampart_stream_mark(struct rampart_stream *s, u32 seq, u64 prefix)
{
	unsigned int slot;

	if (!rampart_stream_room(s, 1) || !s->n || !before(rampart_stream_next(s), seq))
		return false;
	slot = rampart_stream_slot(s, s->n);
	s->seq[slot] = seq;
	s->prefix[slot] = prefix;
	s->n++;
	return true;
}
