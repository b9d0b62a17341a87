/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What an inspected TCP byte stream looked like, kept until the receiver
 * acknowledges it, so that a retransmission can be compared with the copy
 * the parser read: "first copy wins". Not the bytes themselves: a keyed
 * polynomial hash (modulo the Mersenne prime 2^61 - 1, evaluated at a
 * secret random point) of the stream up to each inspected segment's end,
 * a "mark". The hash of any range between two marks follows from theirs,
 * so a retransmission that starts and ends on marks (what TCP senders
 * retransmit: whole segments, or several joined) is checked exactly, and
 * one that cannot be checked is reported as such. Pure code: callers hold
 * the connection's inspection lock.
 */
#ifndef RAMPART_CORE_STREAM_H
#define RAMPART_CORE_STREAM_H

#include "compat.h"

/*
 * Marks kept: inspected, not yet acknowledged segments + 1. A sender that
 * has more in flight has its next segment dropped (and so retransmitted
 * later, once acknowledgements made room).
 */
#define RAMPART_STREAM_MARKS	256	/* a ring indexed by a u8 */

struct rampart_stream {
	u16 n;				/* marks in use; 0: not started */
	u8 head;			/* the oldest mark's slot */
	u32 seq[RAMPART_STREAM_MARKS];	/* stream positions, ascending from head */
	u64 prefix[RAMPART_STREAM_MARKS]; /* hash of the stream up to seq[i] */
};

/* The slot of the i-th mark, oldest first. */
static inline unsigned int rampart_stream_slot(const struct rampart_stream *s, unsigned int i)
{
	return (u8)(s->head + i);
}

enum rampart_stream_verdict {
	RAMPART_STREAM_OK = 0,		/* nothing inspected differs */
	RAMPART_STREAM_DIFFERS,		/* inspected bytes, others now */
	RAMPART_STREAM_UNCHECKABLE,	/* does not start or end on a mark */
};

/* The hash of n more bytes after a stream whose hash is h. */
u64 rampart_stream_extend(u64 key, u64 h, const u8 *p, u32 n);

/* A key for rampart_stream_extend(), from any 64 random bits. */
u64 rampart_stream_key(u64 random);

/* Start the record at the stream's first byte. */
void rampart_stream_start(struct rampart_stream *s, u32 seq);

/* The position after the last inspected byte (the last mark). */
static inline u32 rampart_stream_next(const struct rampart_stream *s)
{
	return s->seq[rampart_stream_slot(s, s->n - 1)];
}

/* Room for @marks more marks? */
static inline bool rampart_stream_room(const struct rampart_stream *s, unsigned int marks)
{
	return s->n + marks <= RAMPART_STREAM_MARKS;
}

/* The oldest position a retransmission is still compared from. */
static inline u32 rampart_stream_first(const struct rampart_stream *s)
{
	return s->seq[s->head];
}

/*
 * The receiver acknowledged everything before @ack: forget the marks no
 * retransmission can need (all but the last at or before @ack).
 */
void rampart_stream_ack(struct rampart_stream *s, u32 ack);

/*
 * Where a segment overlaps what was inspected and is not yet forgotten,
 * from @from to @to (both stream positions, from < to), @h is the hash of
 * the segment's bytes in that range: are they the inspected ones?
 */
enum rampart_stream_verdict rampart_stream_check(const struct rampart_stream *s,
						 u64 key, u32 from, u32 to, u64 h);

/* The hash of the inspected bytes from @from to @to, when both are marks. */
bool rampart_stream_range(const struct rampart_stream *s, u64 key, u32 from, u32 to,
			  u64 *h);

/*
 * New bytes were inspected up to @seq, the stream's hash there is @prefix:
 * add the mark. False (and nothing added) when there is no room.
 */
bool rampart_stream_mark(struct rampart_stream *s, u32 seq, u64 prefix);

/* The stream's hash at its last mark. */
static inline u64 rampart_stream_prefix(const struct rampart_stream *s)
{
	return s->prefix[rampart_stream_slot(s, s->n - 1)];
}

#endif /* RAMPART_CORE_STREAM_H */
