// SPDX-License-Identifier: GPL-2.0
/*
 * TCP state and window tracking after van Rooij (2001) with RFC 793, 7323
 * and 5961, and the ICMP classifications of the connection table. Pure
 * functions: docs/tracking.md explains the rules they implement.
 *
 * A segment from sender s to receiver r passes when
 *   I   seq + len <= r.maxend                    (else SEQ_ABOVE_WINDOW)
 *   II  seq >= s.end - r.maxwin                  (else SEQ_BELOW_WINDOW)
 *   III ack <= r.end                             (else ACK_ABOVE_WINDOW)
 *   IV  ack >= r.end - max(s.maxwin, 66000)      (else ACK_BELOW_WINDOW)
 * in sequence space (modulo 2^32); len counts SYN and FIN as one each.
 */
#include "track.h"

#define TCP_ECE			0x40
#define TCP_CWR			0x80

#define TCPOPT_EOL		0
#define TCPOPT_NOP		1
#define TCPOPT_WSCALE		3
#define TCPOPT_SACK_PERM	4
#define TCPOPT_SACK		5

/* The largest window a peer can announce: used when it is not known. */
#define LOOSE_WINDOW		(0xffffu << RAMPART_TCP_MAX_WSCALE)

#define CHECK_SEQ		0x01	/* bounds I and II */
#define CHECK_ACK		0x02	/* bounds III and IV */

_Static_assert(sizeof(struct rampart_tcp_track) <= 40,
	       "the connection table holds millions of these");

/* RFC 793 section 3.3: sequence numbers compare modulo 2^32. */
static bool seq_before(u32 a, u32 b)
{
	return (s32)(a - b) < 0;
}

static bool seq_after(u32 a, u32 b)
{
	return seq_before(b, a);
}

static u32 get_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static void parse_options(const u8 *opt, unsigned int len,
			  struct rampart_tcp_seg *seg)
{
	bool syn = seg->flags & RAMPART_TCP_SYN;
	unsigned int i = 0, b;

	while (i < len) {
		u8 kind = opt[i], olen;

		if (kind == TCPOPT_EOL)
			break;
		if (kind == TCPOPT_NOP) {
			i++;
			continue;
		}
		if (len - i < 2)
			break;
		olen = opt[i + 1];
		if (olen < 2 || olen > len - i)
			break;
		/* RFC 7323 and 2018: these two count only on a SYN. */
		if (kind == TCPOPT_WSCALE && olen == 3 && syn) {
			seg->has_wscale = true;
			seg->wscale = opt[i + 2];
		} else if (kind == TCPOPT_SACK_PERM && olen == 2 && syn) {
			seg->sack_perm = true;
		} else if (kind == TCPOPT_SACK && olen >= 10 && (olen - 2) % 8 == 0) {
			for (b = i + 2; b < i + olen; b += 8) {
				u32 right = get_be32(opt + b + 4);

				if (!seg->has_sack || seq_after(right, seg->sack))
					seg->sack = right;
				seg->has_sack = true;
			}
		}
		i += olen;
	}
}

bool rampart_tcp_seg_parse(const u8 *hdr, unsigned int hdr_len,
			   u32 payload_len, struct rampart_tcp_seg *seg)
{
	if (hdr_len < 20 || hdr_len > 60)
		return false;
	memset(seg, 0, sizeof(*seg));
	seg->seq = get_be32(hdr + 4);
	seg->ack = get_be32(hdr + 8);
	seg->flags = hdr[13];
	seg->win = (u16)(hdr[14] << 8 | hdr[15]);
	seg->payload_len = payload_len;
	parse_options(hdr + 20, hdr_len - 20, seg);
	return true;
}

/* Sequence number just after the segment: SYN and FIN take one each. */
static u32 seg_end(const struct rampart_tcp_seg *seg)
{
	return seg->seq + seg->payload_len + !!(seg->flags & RAMPART_TCP_SYN) +
	       !!(seg->flags & RAMPART_TCP_FIN);
}

/* RFC 7323 section 2.2: scaling only when both SYNs carried the option. */
static unsigned int win_shift(const struct rampart_tcp_peer *s,
			      const struct rampart_tcp_peer *r)
{
	if (!(s->flags & r->flags & RAMPART_TCPF_WSCALE))
		return 0;
	return s->wscale;
}

/*
 * The acknowledgement checked against the bounds: with SACK permitted both
 * ways (RFC 2018), the highest SACK edge when above the cumulative ack.
 */
static u32 ack_edge(const struct rampart_tcp_peer *s,
		    const struct rampart_tcp_peer *r,
		    const struct rampart_tcp_seg *seg)
{
	if (seg->has_sack && (s->flags & r->flags & RAMPART_TCPF_SACK_PERM) &&
	    seq_after(seg->sack, seg->ack))
		return seg->sack;
	return seg->ack;
}

/*
 * Bounds I-IV for a segment from s to r ending at end. A side whose window
 * is unknown (maxwin 0: no SYN seen) bounds nothing; an ack is checked only
 * against a receiver that has spoken (not one picked up mid-stream and
 * silent so far).
 */
static enum rampart_drop_reason window_check(const struct rampart_tcp_peer *s,
					     const struct rampart_tcp_peer *r,
					     const struct rampart_tcp_seg *seg,
					     u32 end, unsigned int checks)
{
	if ((checks & CHECK_SEQ) && s->maxwin && r->maxwin) {
		if (seq_after(end, r->maxend))
			return RAMPART_DROP_TCP_SEQ_ABOVE_WINDOW;
		if (seq_before(seg->seq, s->end - r->maxwin))
			return RAMPART_DROP_TCP_SEQ_BELOW_WINDOW;
	}
	if ((checks & CHECK_ACK) && (seg->flags & RAMPART_TCP_ACK) &&
	    (r->flags & RAMPART_TCPF_SEEN)) {
		u32 edge = ack_edge(s, r, seg);
		u32 ackwin = s->maxwin > RAMPART_TCP_MIN_ACK_WINDOW ?
			     s->maxwin : RAMPART_TCP_MIN_ACK_WINDOW;

		if (seq_after(seg->ack, r->end) || seq_after(edge, r->end))
			return RAMPART_DROP_TCP_ACK_ABOVE_WINDOW;
		if (seq_before(edge, r->end - ackwin))
			return RAMPART_DROP_TCP_ACK_BELOW_WINDOW;
	}
	return RAMPART_DROP_NONE;
}

/* After a pass: van Rooij's updates of s.end, s.maxwin and s.maxend. */
static void window_update(struct rampart_tcp_peer *s, struct rampart_tcp_peer *r,
			  const struct rampart_tcp_seg *seg, u32 end)
{
	u32 win = seg->win;

	/* RFC 7323 section 2.2: the window of a SYN is never scaled. */
	if (!(seg->flags & RAMPART_TCP_SYN))
		win <<= win_shift(s, r);
	if (seq_after(end, s->end))
		s->end = end;
	if (win > s->maxwin)
		s->maxwin = win;
	if (seg->flags & RAMPART_TCP_ACK) {
		/* A zero window still admits a one-byte probe (RFC 9293 3.8.6.1). */
		u32 limit = seg->ack + (win ? win : 1);

		if (seq_after(limit, s->maxend))
			s->maxend = limit;
		if (r->flags & RAMPART_TCPF_SEEN) {
			r->flags |= RAMPART_TCPF_SYN_ACKED;
			if ((r->flags & RAMPART_TCPF_FIN_SENT) && seg->ack == r->end)
				r->flags |= RAMPART_TCPF_FIN_ACKED;
		}
	}
}

/* What a side's SYN or SYN-ACK tells: its sequence space and options. */
static void peer_open(struct rampart_tcp_peer *p, const struct rampart_tcp_seg *seg)
{
	p->end = seg_end(seg);
	p->maxend = p->end;	/* the other side's bound: known with its SYN */
	p->maxwin = seg->win ? seg->win : 1;
	p->wscale = 0;
	p->flags = RAMPART_TCPF_SEEN;
	if (seg->has_wscale) {
		p->flags |= RAMPART_TCPF_WSCALE;
		p->wscale = seg->wscale < RAMPART_TCP_MAX_WSCALE ?
			    seg->wscale : RAMPART_TCP_MAX_WSCALE;
	}
	if (seg->sack_perm)
		p->flags |= RAMPART_TCPF_SACK_PERM;
	if (!(seg->flags & RAMPART_TCP_ACK))
		p->flags |= RAMPART_TCPF_OPENER;
}

static bool in_handshake(u8 state)
{
	return state == RAMPART_CONN_SYN_SENT || state == RAMPART_CONN_SYN_RECV;
}

/* Both ISNs known and acknowledged; CLOSED is not: a RST ended it. */
static bool synchronized(u8 state)
{
	return state >= RAMPART_CONN_ESTABLISHED && state <= RAMPART_CONN_TIME_WAIT;
}

/* The state the per-side flags describe, for every state but CLOSED. */
static u8 state_of(const struct rampart_tcp_track *t)
{
	u8 both = t->peer[0].flags & t->peer[1].flags;
	u8 any = t->peer[0].flags | t->peer[1].flags;

	if (both & RAMPART_TCPF_FIN_SENT)
		return both & RAMPART_TCPF_FIN_ACKED ? RAMPART_CONN_TIME_WAIT :
						       RAMPART_CONN_CLOSING;
	if (any & RAMPART_TCPF_FIN_SENT)
		return RAMPART_CONN_FIN_WAIT;
	if (both & RAMPART_TCPF_SYN_ACKED)
		return RAMPART_CONN_ESTABLISHED;
	if (any & RAMPART_TCPF_SYN_ACKED)
		return RAMPART_CONN_SYN_RECV;
	return RAMPART_CONN_SYN_SENT;
}

void rampart_tcp_new(struct rampart_tcp_track *t, const struct rampart_tcp_seg *seg)
{
	memset(t, 0, sizeof(*t));
	peer_open(&t->peer[RAMPART_DIR_ORIGINAL], seg);
	t->state = RAMPART_CONN_SYN_SENT;
}

bool rampart_tcp_pickup(struct rampart_tcp_track *t, const struct rampart_tcp_seg *seg)
{
	struct rampart_tcp_peer *o = &t->peer[RAMPART_DIR_ORIGINAL];
	struct rampart_tcp_peer *r = &t->peer[RAMPART_DIR_REPLY];
	u8 opts = RAMPART_TCPF_WSCALE | RAMPART_TCPF_SACK_PERM |
		  RAMPART_TCPF_SYN_ACKED;

	if ((seg->flags & (RAMPART_TCP_SYN | RAMPART_TCP_FIN | RAMPART_TCP_RST |
			   RAMPART_TCP_ACK)) != RAMPART_TCP_ACK)
		return false;
	/*
	 * Neither the window scale nor the other side's window is known:
	 * take both windows as the largest a scaled window can be, and let
	 * the silent side's end follow what is acknowledged until it speaks.
	 */
	memset(t, 0, sizeof(*t));
	o->end = seg_end(seg);
	o->maxend = seg->ack + LOOSE_WINDOW;
	o->maxwin = LOOSE_WINDOW;
	o->wscale = RAMPART_TCP_MAX_WSCALE;
	o->flags = RAMPART_TCPF_SEEN | opts;
	r->end = seg->ack;
	r->maxend = o->end + LOOSE_WINDOW;
	r->maxwin = LOOSE_WINDOW;
	r->wscale = RAMPART_TCP_MAX_WSCALE;
	r->flags = opts;
	t->state = RAMPART_CONN_ESTABLISHED;
	return true;
}

/*
 * A SYN or SYN-ACK once the connection is synchronized passes only as a
 * late duplicate of the handshake (a SYN-ACK retransmitted because the
 * final ACK was lost after this point must reach the client, or the server
 * never opens): the kind its side opened with, not beyond what it has
 * sent, within the windows. A new ISN is refused (a client SYN in
 * ESTABLISHED never comes here: see track_syn()).
 */
static enum rampart_drop_reason syn_duplicate(struct rampart_tcp_track *t,
					      unsigned int dir,
					      const struct rampart_tcp_seg *seg)
{
	const struct rampart_tcp_peer *s = &t->peer[dir], *r = &t->peer[!dir];
	u32 end = seg_end(seg);
	bool ack = seg->flags & RAMPART_TCP_ACK;

	if (!(s->flags & RAMPART_TCPF_SEEN) ||
	    !((ack ? r->flags : s->flags) & RAMPART_TCPF_OPENER) ||
	    seq_after(end, s->end) ||
	    window_check(s, r, seg, end, CHECK_SEQ | CHECK_ACK))
		return RAMPART_DROP_TCP_INVALID_TRANSITION;
	return RAMPART_DROP_NONE;
}

static enum rampart_drop_reason track_syn(struct rampart_tcp_track *t,
					  unsigned int dir,
					  const struct rampart_tcp_seg *seg, bool *kept)
{
	struct rampart_tcp_peer *s = &t->peer[dir], *r = &t->peer[!dir];
	struct rampart_tcp_peer fresh;
	enum rampart_drop_reason reason;
	bool ack = seg->flags & RAMPART_TCP_ACK;
	u32 end = seg_end(seg);

	/* The client reuses the port: a new connection (RFC 6191). */
	if ((t->state == RAMPART_CONN_TIME_WAIT || t->state == RAMPART_CONN_CLOSED) &&
	    dir == RAMPART_DIR_ORIGINAL && !ack) {
		rampart_tcp_new(t, seg);
		return RAMPART_DROP_NONE;
	}
	/*
	 * A client SYN in ESTABLISHED, whatever its number: a duplicate of
	 * the first, or a client that rebooted and reuses the port. It passes
	 * and changes nothing, so that the server can answer with the
	 * challenge ACK (RFC 5961 4.2) whose RST from the client ends the old
	 * connection exactly (nf_conntrack lets it through the same way).
	 */
	if (t->state == RAMPART_CONN_ESTABLISHED && dir == RAMPART_DIR_ORIGINAL && !ack &&
	    (t->peer[dir].flags & RAMPART_TCPF_OPENER)) {
		*kept = true;
		return RAMPART_DROP_NONE;
	}
	if (synchronized(t->state))
		return syn_duplicate(t, dir, seg);
	if (!in_handshake(t->state))
		return RAMPART_DROP_TCP_INVALID_TRANSITION;

	/*
	 * A SYN-ACK answers a SYN without ACK from the other side; a plain
	 * SYN comes from the client, or from the server in a simultaneous
	 * open (RFC 793 figure 8) before it has sent a SYN-ACK.
	 */
	if (ack ? !(r->flags & RAMPART_TCPF_OPENER) :
	    dir == RAMPART_DIR_REPLY && (s->flags & RAMPART_TCPF_SEEN) &&
	    !(s->flags & RAMPART_TCPF_OPENER))
		return RAMPART_DROP_TCP_INVALID_TRANSITION;

	if ((s->flags & RAMPART_TCPF_SEEN) && !seq_after(end, s->end)) {
		/* A retransmission of this side's SYN. */
		reason = window_check(s, r, seg, end, CHECK_SEQ | CHECK_ACK);
		if (reason)
			return reason;
		window_update(s, r, seg, end);
		t->state = state_of(t);
		return RAMPART_DROP_NONE;
	}

	/*
	 * This side's first SYN, or a new one with a higher ISN (RFC 793
	 * section 3.3: a restarted TCP uses larger sequence numbers). A new
	 * attempt by the client starts the connection over.
	 */
	if (dir == RAMPART_DIR_ORIGINAL && !ack) {
		rampart_tcp_new(t, seg);
		return RAMPART_DROP_NONE;
	}
	peer_open(&fresh, seg);
	fresh.flags |= s->flags & RAMPART_TCPF_OPENER;
	reason = window_check(&fresh, r, seg, end, CHECK_ACK);
	if (reason)
		return reason;
	*s = fresh;
	/* Each side's first window counts from the other's ISN. */
	s->maxend = r->end + s->maxwin;
	r->maxend = s->end + r->maxwin;
	window_update(s, r, seg, end);
	t->state = state_of(t);
	return RAMPART_DROP_NONE;
}

/*
 * RFC 5961 section 3: a RST counts only at exactly the sequence number the
 * receiver expects, which is s.end when nothing is lost; one elsewhere in
 * the window makes the receiver send a challenge ACK instead. So: outside
 * the window, drop; in it, pass; close (*exact) only at s.end. A RST that
 * answers a SYN has no sequence number of its own: it must acknowledge
 * exactly what the SYN carried (RFC 793, SYN-SENT). Acks of a RST in a
 * synchronized state are not checked (RFC 793 section 3.4).
 */
static enum rampart_drop_reason rst_check(const struct rampart_tcp_track *t,
					  unsigned int dir,
					  const struct rampart_tcp_seg *seg,
					  bool *exact)
{
	const struct rampart_tcp_peer *s = &t->peer[dir], *r = &t->peer[!dir];

	*exact = false;
	if (!s->maxwin) {
		if (!(seg->flags & RAMPART_TCP_ACK) || !r->maxwin)
			return RAMPART_DROP_TCP_INVALID_TRANSITION;
		if (seq_after(seg->ack, r->end))
			return RAMPART_DROP_TCP_ACK_ABOVE_WINDOW;
		if (seq_before(seg->ack, r->end))
			return RAMPART_DROP_TCP_ACK_BELOW_WINDOW;
		*exact = true;
		return RAMPART_DROP_NONE;
	}
	*exact = seg->seq == s->end;
	if (!r->maxwin) {
		/* The receiver's window is unknown: only the exact number. */
		if (seq_after(seg->seq, s->end))
			return RAMPART_DROP_TCP_SEQ_ABOVE_WINDOW;
		if (seq_before(seg->seq, s->end))
			return RAMPART_DROP_TCP_SEQ_BELOW_WINDOW;
		return RAMPART_DROP_NONE;
	}
	return window_check(s, r, seg, seg->seq, CHECK_SEQ);
}

static enum rampart_drop_reason track_rst(struct rampart_tcp_track *t,
					  unsigned int dir,
					  const struct rampart_tcp_seg *seg,
					  bool *kept)
{
	enum rampart_drop_reason reason;
	bool exact;

	if (!in_handshake(t->state) && !synchronized(t->state) &&
	    t->state != RAMPART_CONN_CLOSED)
		return RAMPART_DROP_TCP_INVALID_TRANSITION;
	reason = rst_check(t, dir, seg, &exact);
	if (reason || t->state == RAMPART_CONN_CLOSED)
		return reason;
	if (exact)
		t->state = RAMPART_CONN_CLOSED;
	else
		*kept = true;
	return RAMPART_DROP_NONE;
}

/* A segment with ACK and without SYN or RST: data, FIN, or neither. */
static enum rampart_drop_reason track_ack(struct rampart_tcp_track *t,
					  unsigned int dir,
					  const struct rampart_tcp_seg *seg)
{
	struct rampart_tcp_peer *s = &t->peer[dir], *r = &t->peer[!dir];
	enum rampart_drop_reason reason;
	bool fin = seg->flags & RAMPART_TCP_FIN;
	u32 end = seg_end(seg);

	/* Nothing but SYNs until both sides have sent one. */
	if (in_handshake(t->state) ? !(s->flags & r->flags & RAMPART_TCPF_SEEN) :
	    !synchronized(t->state))
		return RAMPART_DROP_TCP_INVALID_TRANSITION;
	reason = window_check(s, r, seg, end, CHECK_SEQ | CHECK_ACK);
	if (reason)
		return reason;
	/* Nothing follows a FIN, and a FIN ends all that was sent. */
	if (s->flags & RAMPART_TCPF_FIN_SENT ?
	    seq_after(end, s->end) || (fin && end != s->end) :
	    fin && seq_before(end, s->end))
		return RAMPART_DROP_TCP_INVALID_TRANSITION;
	/* Picked up and silent so far: what is acked has been sent. */
	if (!(r->flags & RAMPART_TCPF_SEEN) && seq_after(seg->ack, r->end))
		r->end = seg->ack;
	window_update(s, r, seg, end);
	s->flags |= RAMPART_TCPF_SEEN;
	if (fin)
		s->flags |= RAMPART_TCPF_FIN_SENT;
	t->state = state_of(t);
	return RAMPART_DROP_NONE;
}

void rampart_tcp_track(struct rampart_tcp_track *t, unsigned int dir,
		       const struct rampart_tcp_seg *seg,
		       struct rampart_track_result *res)
{
	struct rampart_tcp_track next = *t;
	enum rampart_drop_reason reason;
	bool rst = seg->flags & RAMPART_TCP_RST;
	bool kept = false;

	if (dir > RAMPART_DIR_REPLY)
		reason = RAMPART_DROP_TCP_INVALID_TRANSITION;
	else if ((seg->flags & RAMPART_TCP_SYN) &&
		 (seg->flags & (RAMPART_TCP_RST | RAMPART_TCP_FIN)))
		reason = RAMPART_DROP_TCP_INVALID_TRANSITION;
	else if (seg->flags & RAMPART_TCP_SYN)
		reason = track_syn(&next, dir, seg, &kept);
	else if (rst)
		reason = track_rst(&next, dir, seg, &kept);
	else if (seg->flags & RAMPART_TCP_ACK)
		reason = track_ack(&next, dir, seg);
	else
		reason = RAMPART_DROP_TCP_INVALID_TRANSITION;	/* RFC 793: no ACK */

	res->reason = reason;
	res->old_state = t->state;
	res->closed_by_rst = false;
	if (reason == RAMPART_DROP_NONE) {
		res->closed_by_rst = rst && next.state == RAMPART_CONN_CLOSED &&
				     t->state != RAMPART_CONN_CLOSED;
		*t = next;
	}
	res->new_state = t->state;
	res->timeout = kept && reason == RAMPART_DROP_NONE ? RAMPART_TIMEOUT_KEEP :
		       rampart_conn_state_timeout(t->state);
}

bool rampart_tcp_in_window(const struct rampart_tcp_track *t, unsigned int dir,
			   const struct rampart_tcp_seg *seg)
{
	bool exact;

	if (dir > RAMPART_DIR_REPLY)
		return false;
	if (seg->flags & RAMPART_TCP_RST)
		return rst_check(t, dir, seg, &exact) == RAMPART_DROP_NONE;
	return window_check(&t->peer[dir], &t->peer[!dir], seg, seg_end(seg),
			    CHECK_SEQ | CHECK_ACK) == RAMPART_DROP_NONE;
}

/* Appends str at *pos, never past size - 1; buf stays NUL-terminated. */
static void text_append(char *buf, size_t size, size_t *pos, const char *str)
{
	while (*str && *pos + 1 < size)
		buf[(*pos)++] = *str++;
	buf[*pos] = '\0';
}

void rampart_tcp_flags_text(u8 flags, char *buf, size_t size)
{
	static const struct {
		u8 bit;
		char name[5];
	} names[] = {
		{ RAMPART_TCP_SYN, "SYN" }, { RAMPART_TCP_RST, "RST" },
		{ RAMPART_TCP_FIN, "FIN" }, { RAMPART_TCP_PSH, "PUSH" },
		{ RAMPART_TCP_URG, "URG" }, { RAMPART_TCP_ACK, "ACK" },
		{ TCP_ECE, "ECE" }, { TCP_CWR, "CWR" },
	};
	size_t pos = 0, i;

	if (!size)
		return;
	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		if (!(flags & names[i].bit))
			continue;
		if (pos)
			text_append(buf, size, &pos, "-");
		text_append(buf, size, &pos, names[i].name);
	}
	if (!flags)
		text_append(buf, size, &pos, "none");
}

const char *rampart_conn_state_name(unsigned int state)
{
	static const char *const names[__RAMPART_CONN_MAX] = {
		[RAMPART_CONN_NONE] = "NONE",
		[RAMPART_CONN_SYN_SENT] = "SYN_SENT",
		[RAMPART_CONN_SYN_RECV] = "SYN_RECV",
		[RAMPART_CONN_ESTABLISHED] = "ESTABLISHED",
		[RAMPART_CONN_FIN_WAIT] = "FIN_WAIT",
		[RAMPART_CONN_CLOSING] = "CLOSING",
		[RAMPART_CONN_TIME_WAIT] = "TIME_WAIT",
		[RAMPART_CONN_CLOSED] = "CLOSED",
		[RAMPART_CONN_UDP] = "UDP",
		[RAMPART_CONN_ICMP] = "ICMP",
	};

	if (state < ARRAY_SIZE(names) && names[state])
		return names[state];
	return "UNKNOWN";
}

enum rampart_timeout_class rampart_conn_state_timeout(unsigned int state)
{
	switch (state) {
	case RAMPART_CONN_ESTABLISHED:
		return RAMPART_TIMEOUT_ESTABLISHED;
	case RAMPART_CONN_FIN_WAIT:
	case RAMPART_CONN_CLOSING:
	case RAMPART_CONN_TIME_WAIT:
		return RAMPART_TIMEOUT_END;
	case RAMPART_CONN_CLOSED:
		return RAMPART_TIMEOUT_CLOSED;
	case RAMPART_CONN_UDP:
	case RAMPART_CONN_ICMP:
		return RAMPART_TIMEOUT_UDP;
	default:
		return RAMPART_TIMEOUT_START;
	}
}

/* ICMP (RFC 792, 1812) and ICMPv6 (RFC 4443, 4861) types. */
#define ICMP4_ECHO_REPLY	0
#define ICMP4_DEST_UNREACH	3
#define ICMP4_SOURCE_QUENCH	4
#define ICMP4_REDIRECT		5
#define ICMP4_ECHO_REQUEST	8
#define ICMP4_TIME_EXCEEDED	11
#define ICMP4_PARAM_PROBLEM	12
#define ICMP6_DEST_UNREACH	1
#define ICMP6_PARAM_PROBLEM	4
#define ICMP6_ECHO_REQUEST	128
#define ICMP6_ECHO_REPLY	129
#define ICMP6_ND_FIRST		133	/* router solicitation */
#define ICMP6_ND_LAST		137	/* redirect */

bool rampart_icmp_is_error(u8 family, u8 type)
{
	if (family == 6)	/* unreachable, too big, time exceeded, parameter */
		return type >= ICMP6_DEST_UNREACH && type <= ICMP6_PARAM_PROBLEM;
	if (family != 4)
		return false;
	switch (type) {
	case ICMP4_DEST_UNREACH:
	case ICMP4_SOURCE_QUENCH:
	case ICMP4_REDIRECT:
	case ICMP4_TIME_EXCEEDED:
	case ICMP4_PARAM_PROBLEM:
		return true;
	default:
		return false;
	}
}

bool rampart_icmp_is_echo_request(u8 family, u8 type)
{
	return (family == 4 && type == ICMP4_ECHO_REQUEST) ||
	       (family == 6 && type == ICMP6_ECHO_REQUEST);
}

bool rampart_icmp_is_echo_reply(u8 family, u8 type)
{
	return (family == 4 && type == ICMP4_ECHO_REPLY) ||
	       (family == 6 && type == ICMP6_ECHO_REPLY);
}

bool rampart_icmpv6_is_nd(u8 type)
{
	return type >= ICMP6_ND_FIRST && type <= ICMP6_ND_LAST;
}
