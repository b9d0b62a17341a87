/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Connection state tracking as pure functions: TCP with sequence and
 * acknowledgement window checks after Guido van Rooij, "Real Stateful TCP
 * Packet Filtering in IP Filter" (2001), and the pseudo-connections of UDP
 * and ICMP echo. Nothing here knows about skbs, hash tables or clocks: the
 * caller passes a connection's tracking state and one segment's fields, and
 * gets back a verdict, the bound that failed, and which timeout now applies.
 * Callers serialize calls on one connection (the connection's lock).
 * docs/tracking.md explains the rules.
 */
#ifndef RAMPART_CORE_TRACK_H
#define RAMPART_CORE_TRACK_H

#include "compat.h"
#include "sanity.h"
#include <linux/rampart.h>

/* Direction of a packet relative to the connection's first packet. */
#define RAMPART_DIR_ORIGINAL	0
#define RAMPART_DIR_REPLY	1

/* RFC 7323 section 2.3: a larger shift is taken as 14. */
#define RAMPART_TCP_MAX_WSCALE	14

/* Lower bound of van Rooij's MAXACKWINDOW (check IV). */
#define RAMPART_TCP_MIN_ACK_WINDOW	66000

/*
 * What one side of a TCP connection has shown so far (van Rooij's terms).
 * maxwin == 0 means nothing is known of this side yet (no SYN seen).
 */
struct rampart_tcp_peer {
	u32 end;	/* highest sequence number sent + 1 (seq + len) */
	u32 maxend;	/* highest sequence number the other side may send */
	u32 maxwin;	/* largest window advertised, scaled, at least 1 */
	u8 wscale;	/* window scale this side announced (0..14) */
	u8 flags;	/* RAMPART_TCPF_* */
};

#define RAMPART_TCPF_WSCALE	0x01	/* sent the window scale option */
#define RAMPART_TCPF_SACK_PERM	0x02	/* sent SACK-permitted */
#define RAMPART_TCPF_FIN_SENT	0x04	/* sent a FIN */
#define RAMPART_TCPF_FIN_ACKED	0x08	/* its FIN was acknowledged */
#define RAMPART_TCPF_SEEN	0x10	/* has sent anything at all */
#define RAMPART_TCPF_OPENER	0x20	/* sent a SYN without ACK */
#define RAMPART_TCPF_SYN_ACKED	0x40	/* its SYN was acknowledged */

/* 36 bytes: the connection table holds millions of these. */
struct rampart_tcp_track {
	struct rampart_tcp_peer peer[2];	/* indexed by RAMPART_DIR_* */
	u8 state;				/* enum rampart_conn_state */
};

/* The fields of one TCP segment the tracker needs, host byte order. */
struct rampart_tcp_seg {
	u32 seq;
	u32 ack;
	u32 payload_len;	/* bytes of data, not counting SYN or FIN */
	u32 sack;		/* highest right edge of the SACK blocks */
	u16 win;		/* raw window field, unscaled */
	u8 flags;		/* RAMPART_TCP_* of core/sanity.h */
	u8 wscale;		/* window scale option value, when has_wscale */
	bool has_wscale;
	bool sack_perm;
	bool has_sack;		/* carries SACK blocks: sack is valid */
};

/* Which timeout the connection's idle timer should now use. */
enum rampart_timeout_class {
	RAMPART_TIMEOUT_START = 0,	/* handshake not complete */
	RAMPART_TIMEOUT_ESTABLISHED,	/* idle timeout of an open connection */
	RAMPART_TIMEOUT_END,		/* FIN or RST seen: closing */
	RAMPART_TIMEOUT_UDP,		/* UDP and ICMP pseudo-connections */
	RAMPART_TIMEOUT_CLOSED,		/* remove now: an accepted RST */
	RAMPART_TIMEOUT_KEEP,		/* passed, changes nothing: timer untouched */
};

struct rampart_track_result {
	enum rampart_drop_reason reason;	/* RAMPART_DROP_NONE: pass */
	enum rampart_timeout_class timeout;
	u8 old_state, new_state;		/* enum rampart_conn_state */
	bool closed_by_rst;			/* this segment was an accepted RST */
};

/*
 * Fill seg from a TCP header of hdr_len bytes (the data offset, 20 to 60,
 * already checked by the sanity stage) followed by payload_len bytes of
 * data. Options are parsed with bounded work; a malformed option ends the
 * parse, keeping what was found before it. Returns false when hdr_len is
 * not a valid header length.
 */
bool rampart_tcp_seg_parse(const u8 *hdr, unsigned int hdr_len,
			   u32 payload_len, struct rampart_tcp_seg *seg);

/*
 * Start tracking from the first packet of a connection, which must be a
 * SYN without ACK (the caller has already refused anything else unless
 * pickup applies, see rampart_tcp_pickup()). Fills t; never fails.
 */
void rampart_tcp_new(struct rampart_tcp_track *t, const struct rampart_tcp_seg *seg);

/*
 * Adopt an established connection seen mid-stream from a plain ACK (after
 * a reboot or a reload): the window is learnt from this one segment, loosely,
 * as nf_conntrack does with nf_conntrack_tcp_loose. The segment's direction
 * becomes RAMPART_DIR_ORIGINAL. Returns false, leaving t untouched, when the
 * segment is not a plain ACK (ACK set; no SYN, FIN or RST).
 */
bool rampart_tcp_pickup(struct rampart_tcp_track *t, const struct rampart_tcp_seg *seg);

/*
 * One more segment in direction dir (RAMPART_DIR_ORIGINAL or _REPLY).
 * On a pass, t is updated (window edges, state); on a drop, t is left
 * unchanged, res->timeout is the class of the unchanged state (the caller
 * should not refresh the timer) and res->reason names the failed check:
 * one of the RAMPART_DROP_TCP_SEQ_* / _ACK_* window bounds or an invalid
 * transition. A segment that passes but changes nothing gets
 * RAMPART_TIMEOUT_KEEP (the idle timer stays as it was): a RST in the window
 * but not at its expected sequence number (RFC 5961 3.2: the receiver
 * answers with a challenge ACK; a blind attacker must not shorten the
 * connection's life), and a client SYN in ESTABLISHED (a client that
 * rebooted: the server's challenge ACK makes it reset the old connection,
 * RFC 5961 4.2; a duplicate of the first SYN).
 */
void rampart_tcp_track(struct rampart_tcp_track *t, unsigned int dir,
		       const struct rampart_tcp_seg *seg,
		       struct rampart_track_result *res);

/*
 * Does a segment fit the windows a connection had when it was removed?
 * Used for late FIN/ACK/RST of a remembered connection (grace): no state
 * is changed.
 */
bool rampart_tcp_in_window(const struct rampart_tcp_track *t, unsigned int dir,
			   const struct rampart_tcp_seg *seg);

/*
 * Check Point's spelling, flags joined by '-' in the order SYN, RST, FIN,
 * PUSH, URG, ACK, then the ECN flags ECE, CWR: "SYN-ACK", "FIN-PUSH-ACK",
 * "RST", and "none" without any flag. Truncated to size, always
 * NUL-terminated when size > 0.
 */
void rampart_tcp_flags_text(u8 flags, char *buf, size_t size);

/* "ESTABLISHED" etc. for an enum rampart_conn_state, "UNKNOWN" if none. */
const char *rampart_conn_state_name(unsigned int state);

/* The timeout class of a state; UDP and ICMP get RAMPART_TIMEOUT_UDP. */
enum rampart_timeout_class rampart_conn_state_timeout(unsigned int state);

/*
 * ICMP types by role; family is 4 (ICMP) or 6 (ICMPv6). Errors are the
 * types that carry the header of the packet that caused them.
 */
bool rampart_icmp_is_error(u8 family, u8 type);
bool rampart_icmp_is_echo_request(u8 family, u8 type);
bool rampart_icmp_is_echo_reply(u8 family, u8 type);

/* ICMPv6 neighbour discovery (RFC 4861): types 133 to 137. */
bool rampart_icmpv6_is_nd(u8 type);

#endif /* RAMPART_CORE_TRACK_H */
