/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TCP tracking cases: sequences of segments and what each must get. Shared
 * by the userspace unit tests (tests/unit/test_core_track.c) and the KUnit
 * suite (kmod/tests/track_test.c). Include core/track.h, core/reason.h and
 * whatever declares snprintf() and memcmp() first.
 *
 * Sequence numbers are relative: a segment's seq counts from its sender's
 * ISN, its ack and SACK edge from its receiver's ISN, so every case runs
 * unchanged from each pair of ISNs in track_bases[], several of which put
 * the exchange across 2^32 or across the signed midpoint 2^31.
 *
 * Unless a case says otherwise it starts with the handshake
 *   client SYN, window 1000; server SYN-ACK, window 2000; client ACK
 * after which the client may send up to relative 2001 and the server up to
 * 1001, and each side's lower bound (II) lies one window below its end.
 */
#ifndef RAMPART_TRACK_VECTORS_H
#define RAMPART_TRACK_VECTORS_H

struct track_step {
	unsigned char dir;	/* RAMPART_DIR_* */
	unsigned char flags;	/* RAMPART_TCP_* */
	unsigned int seq;	/* from the sender's ISN */
	unsigned int ack;	/* from the receiver's ISN */
	unsigned int len;	/* payload bytes */
	unsigned short win;
	unsigned char wscale;	/* option value + 1; 0: no option */
	bool sack_perm;
	unsigned int sack;	/* SACK right edge from the receiver's ISN; 0: none */
	unsigned int expect;	/* enum rampart_drop_reason */
	unsigned char state;	/* enum rampart_conn_state afterwards */
	bool kept;		/* passes, changes nothing: the timer is left alone */
};

struct track_case {
	const char *name;
	bool pickup;		/* step 0 goes to rampart_tcp_pickup() */
	unsigned int nsteps;
	const struct track_step *steps;
};

struct track_base {
	unsigned int client, server;	/* ISNs */
};

static const struct track_base track_bases[] = {
	{ 1000, 2000000 },
	{ 0xffffff00, 0xfffff000 },	/* both cross 2^32 within 4 KiB */
	{ 0x7fffff00, 0x80000100 },	/* across the signed midpoint */
	{ 0xffffffff, 0 },
	{ 0, 0xffffffff },
	{ 0xfffe8000, 0xffff0000 },	/* the 100 KB cases cross 2^32 */
};

#define TV_DIR_O	RAMPART_DIR_ORIGINAL
#define TV_DIR_R	RAMPART_DIR_REPLY

#define TV_F_S		RAMPART_TCP_SYN
#define TV_F_SA		(RAMPART_TCP_SYN | RAMPART_TCP_ACK)
#define TV_F_A		RAMPART_TCP_ACK
#define TV_F_PA		(RAMPART_TCP_PSH | RAMPART_TCP_ACK)
#define TV_F_UA		(RAMPART_TCP_URG | RAMPART_TCP_ACK)
#define TV_F_FA		(RAMPART_TCP_FIN | RAMPART_TCP_ACK)
#define TV_F_FPA	(RAMPART_TCP_FIN | RAMPART_TCP_PSH | RAMPART_TCP_ACK)
#define TV_F_R		RAMPART_TCP_RST
#define TV_F_RA		(RAMPART_TCP_RST | RAMPART_TCP_ACK)
#define TV_F_P		RAMPART_TCP_PSH
#define TV_F_SF		(RAMPART_TCP_SYN | RAMPART_TCP_FIN)
#define TV_F_SR		(RAMPART_TCP_SYN | RAMPART_TCP_RST)

#define TV_E_OK		RAMPART_DROP_NONE
#define TV_E_INVAL	RAMPART_DROP_TCP_INVALID_TRANSITION
#define TV_E_SEQ_HI	RAMPART_DROP_TCP_SEQ_ABOVE_WINDOW
#define TV_E_SEQ_LO	RAMPART_DROP_TCP_SEQ_BELOW_WINDOW
#define TV_E_ACK_HI	RAMPART_DROP_TCP_ACK_ABOVE_WINDOW
#define TV_E_ACK_LO	RAMPART_DROP_TCP_ACK_BELOW_WINDOW
#define TV_E_REFUSED	RAMPART_DROP_TCP_OUT_OF_STATE	/* pickup says no */

#define TV_NEG(x)	(0u - (x))	/* a relative number below the ISN */
#define TV_WS(x)	((x) + 1)

/* TS(dir, flags, seq, ack, len, win, expect, state[, more fields]) */
#define TS(d, f, s, a, l, w, e, st, ...) {				\
	.dir = TV_DIR_##d, .flags = TV_F_##f, .seq = (s), .ack = (a),	\
	.len = (l), .win = (w), .expect = TV_E_##e,			\
	.state = RAMPART_CONN_##st, ##__VA_ARGS__ }

#define TV_STEPS(...) ((const struct track_step[]){ __VA_ARGS__ })
#define TC(n, ...) { .name = (n),					\
	.nsteps = sizeof(TV_STEPS(__VA_ARGS__)) / sizeof(struct track_step), \
	.steps = TV_STEPS(__VA_ARGS__) }
#define TC_PICKUP(n, ...) { .name = (n), .pickup = true,		\
	.nsteps = sizeof(TV_STEPS(__VA_ARGS__)) / sizeof(struct track_step), \
	.steps = TV_STEPS(__VA_ARGS__) }

/* The standard handshake and the states reached from it. */
#define HS_SYN		TS(O, S, 0, 0, 0, 1000, OK, SYN_SENT)
#define HS_SYNACK	TS(R, SA, 0, 1, 0, 2000, OK, SYN_RECV)
#define HS_ACK		TS(O, A, 1, 1, 0, 1000, OK, ESTABLISHED)
#define PRE_SYN_SENT	HS_SYN
#define PRE_SYN_RECV	HS_SYN, HS_SYNACK
#define PRE_EST		HS_SYN, HS_SYNACK, HS_ACK
#define PRE_FIN_WAIT	PRE_EST, TS(O, FA, 1, 1, 0, 1000, OK, FIN_WAIT)
#define PRE_CLOSING	PRE_FIN_WAIT, TS(R, FA, 1, 2, 0, 2000, OK, CLOSING)
#define PRE_TIME_WAIT	PRE_CLOSING, TS(O, A, 2, 2, 0, 1000, OK, TIME_WAIT)
#define PRE_CLOSED	PRE_EST, TS(O, R, 1, 0, 0, 0, OK, CLOSED)

/* Scaled handshake: shift 7 both ways; server's SYN-ACK window 100. */
#define HS_SCALED							\
	TS(O, S, 0, 0, 0, 1000, OK, SYN_SENT, .wscale = TV_WS(7)),	\
	TS(R, SA, 0, 1, 0, 100, OK, SYN_RECV, .wscale = TV_WS(7)),	\
	TS(O, A, 1, 1, 0, 1000, OK, ESTABLISHED)

/* SACK both ways, 60000-byte windows; the client then has 100000 in flight. */
#define HS_SACK(server_perm)						\
	TS(O, S, 0, 0, 0, 60000, OK, SYN_SENT, .sack_perm = true),	\
	TS(R, SA, 0, 1, 0, 60000, OK, SYN_RECV, .sack_perm = server_perm), \
	TS(O, A, 1, 1, 0, 60000, OK, ESTABLISHED),			\
	TS(O, PA, 1, 1, 50000, 60000, OK, ESTABLISHED),		\
	TS(R, A, 1, 50001, 0, 60000, OK, ESTABLISHED),			\
	TS(O, PA, 50001, 1, 50000, 60000, OK, ESTABLISHED)

static const struct track_case track_cases[] = {
	/* handshakes */
	TC("handshake", PRE_EST, TS(O, PA, 1, 1, 100, 1000, OK, ESTABLISHED),
	   TS(R, PA, 1, 101, 200, 2000, OK, ESTABLISHED),
	   TS(O, A, 101, 201, 0, 1000, OK, ESTABLISHED)),
	TC("handshake: final ACK carries data", PRE_SYN_RECV,
	   TS(O, PA, 1, 1, 100, 1000, OK, ESTABLISHED)),
	TC("simultaneous open", PRE_SYN_SENT,
	   TS(R, S, 0, 0, 0, 2000, OK, SYN_SENT),
	   TS(O, SA, 0, 1, 0, 1000, OK, SYN_RECV),
	   TS(R, SA, 0, 1, 0, 2000, OK, ESTABLISHED),
	   TS(O, PA, 1, 1, 100, 1000, OK, ESTABLISHED)),
	TC("simultaneous open, SYN-ACKs the other way", PRE_SYN_SENT,
	   TS(R, S, 0, 0, 0, 2000, OK, SYN_SENT),
	   TS(R, SA, 0, 1, 0, 2000, OK, SYN_RECV),
	   TS(O, SA, 0, 1, 0, 1000, OK, ESTABLISHED)),
	TC("TFO: data on the SYN acknowledged",
	   TS(O, S, 0, 0, 100, 1000, OK, SYN_SENT),
	   TS(R, SA, 0, 101, 0, 2000, OK, SYN_RECV),
	   TS(O, A, 101, 1, 0, 1000, OK, ESTABLISHED)),
	TC("TFO: data on the SYN refused and sent again",
	   TS(O, S, 0, 0, 100, 1000, OK, SYN_SENT),
	   TS(R, SA, 0, 1, 0, 2000, OK, SYN_RECV),
	   TS(O, PA, 1, 1, 100, 1000, OK, ESTABLISHED)),
	TC("TFO: SYN sent again without data",
	   TS(O, S, 0, 0, 100, 1000, OK, SYN_SENT),
	   TS(O, S, 0, 0, 0, 1000, OK, SYN_SENT),
	   TS(R, SA, 0, 101, 0, 2000, OK, SYN_RECV)),
	TC("TFO: server data before the final ACK",
	   TS(O, S, 0, 0, 100, 1000, OK, SYN_SENT),
	   TS(R, SA, 0, 101, 0, 2000, OK, SYN_RECV),
	   TS(R, PA, 1, 101, 500, 2000, OK, SYN_RECV),
	   TS(O, A, 101, 501, 0, 1000, OK, ESTABLISHED)),

	/* SYN_SENT */
	TC("SYN_SENT: client SYN retransmitted", PRE_SYN_SENT,
	   TS(O, S, 0, 0, 0, 1000, OK, SYN_SENT)),
	TC("SYN_SENT: client SYN with a higher ISN starts over", PRE_SYN_SENT,
	   TS(O, S, 5000, 0, 0, 1000, OK, SYN_SENT),
	   TS(R, SA, 0, 5002, 0, 2000, ACK_HI, SYN_SENT),
	   TS(R, SA, 0, 5001, 0, 2000, OK, SYN_RECV),
	   TS(O, A, 5001, 1, 0, 1000, OK, ESTABLISHED)),
	TC("SYN_SENT: SYN-ACK from the client", PRE_SYN_SENT,
	   TS(O, SA, 0, 0, 0, 1000, INVAL, SYN_SENT)),
	TC("SYN_SENT: ACK from the client", PRE_SYN_SENT,
	   TS(O, A, 1, 0, 0, 1000, INVAL, SYN_SENT)),
	TC("SYN_SENT: FIN from the client", PRE_SYN_SENT,
	   TS(O, FA, 1, 0, 0, 1000, INVAL, SYN_SENT)),
	TC("SYN_SENT: data without ACK", PRE_SYN_SENT,
	   TS(O, P, 1, 0, 10, 1000, INVAL, SYN_SENT)),
	TC("SYN_SENT: ACK from the server", PRE_SYN_SENT,
	   TS(R, A, 0, 1, 0, 2000, INVAL, SYN_SENT)),
	TC("SYN_SENT: FIN from the server", PRE_SYN_SENT,
	   TS(R, FA, 0, 1, 0, 2000, INVAL, SYN_SENT)),
	TC("SYN_SENT: SYN with FIN", PRE_SYN_SENT,
	   TS(R, SF, 0, 1, 0, 2000, INVAL, SYN_SENT)),
	TC("SYN_SENT: SYN with RST", PRE_SYN_SENT,
	   TS(R, SR, 0, 1, 0, 2000, INVAL, SYN_SENT)),
	TC("SYN_SENT: SYN-ACK acking beyond the SYN", PRE_SYN_SENT,
	   TS(R, SA, 0, 2, 0, 2000, ACK_HI, SYN_SENT)),
	TC("SYN_SENT: SYN-ACK ack below the bound", PRE_SYN_SENT,
	   TS(R, SA, 0, TV_NEG(66000), 0, 2000, ACK_LO, SYN_SENT)),
	TC("SYN_SENT: SYN-ACK ack at the lower bound", PRE_SYN_SENT,
	   TS(R, SA, 0, TV_NEG(65999), 0, 2000, OK, SYN_RECV)),
	TC("SYN_SENT: RST-ACK answering the SYN", PRE_SYN_SENT,
	   TS(R, RA, 0, 1, 0, 0, OK, CLOSED)),
	TC("SYN_SENT: RST without ACK from the server", PRE_SYN_SENT,
	   TS(R, R, 0, 0, 0, 0, INVAL, SYN_SENT)),
	TC("SYN_SENT: RST acking beyond the SYN", PRE_SYN_SENT,
	   TS(R, RA, 0, 2, 0, 0, ACK_HI, SYN_SENT)),
	TC("SYN_SENT: RST acking short of the SYN", PRE_SYN_SENT,
	   TS(R, RA, 0, 0, 0, 0, ACK_LO, SYN_SENT)),
	TC("SYN_SENT: client RST at its sequence number", PRE_SYN_SENT,
	   TS(O, R, 1, 0, 0, 0, OK, CLOSED)),
	TC("SYN_SENT: client RST above its sequence number", PRE_SYN_SENT,
	   TS(O, R, 2, 0, 0, 0, SEQ_HI, SYN_SENT)),
	TC("SYN_SENT: client RST below its sequence number", PRE_SYN_SENT,
	   TS(O, R, 0, 0, 0, 0, SEQ_LO, SYN_SENT)),

	/* SYN_RECV */
	TC("SYN_RECV: client SYN retransmitted", PRE_SYN_RECV,
	   TS(O, S, 0, 0, 0, 1000, OK, SYN_RECV), HS_ACK),
	TC("SYN_RECV: server SYN-ACK retransmitted", PRE_SYN_RECV,
	   TS(R, SA, 0, 1, 0, 2000, OK, SYN_RECV), HS_ACK),
	TC("SYN_RECV: server SYN-ACK again, acking beyond the SYN", PRE_SYN_RECV,
	   TS(R, SA, 0, 2, 0, 2000, ACK_HI, SYN_RECV)),
	TC("SYN_RECV: client SYN again, below the window", PRE_SYN_RECV,
	   TS(O, S, TV_NEG(5000), 0, 0, 1000, SEQ_LO, SYN_RECV)),
	TC("SYN_RECV: server SYN-ACK with a new ISN", PRE_SYN_RECV,
	   TS(R, SA, 100000, 1, 0, 2000, OK, SYN_RECV),
	   TS(O, A, 1, 1, 0, 1000, ACK_LO, SYN_RECV),
	   TS(O, A, 1, 100001, 0, 1000, OK, ESTABLISHED)),
	TC("SYN_RECV: client SYN with a higher ISN starts over", PRE_SYN_RECV,
	   TS(O, S, 9000, 0, 0, 1000, OK, SYN_SENT),
	   TS(O, A, 9001, 1, 0, 1000, INVAL, SYN_SENT),
	   TS(R, SA, 0, 9001, 0, 2000, OK, SYN_RECV)),
	TC("SYN_RECV: SYN-ACK from the client", PRE_SYN_RECV,
	   TS(O, SA, 0, 1, 0, 1000, INVAL, SYN_RECV)),
	TC("SYN_RECV: plain SYN from the server", PRE_SYN_RECV,
	   TS(R, S, 0, 0, 0, 2000, INVAL, SYN_RECV)),
	TC("SYN_RECV: client ACK beyond the SYN-ACK", PRE_SYN_RECV,
	   TS(O, A, 1, 2, 0, 1000, ACK_HI, SYN_RECV)),
	TC("SYN_RECV: client data without ACK", PRE_SYN_RECV,
	   TS(O, P, 1, 0, 10, 1000, INVAL, SYN_RECV)),
	TC("SYN_RECV: client FIN-ACK", PRE_SYN_RECV,
	   TS(O, FA, 1, 1, 0, 1000, OK, FIN_WAIT)),
	TC("SYN_RECV: client RST", PRE_SYN_RECV,
	   TS(O, R, 1, 0, 0, 0, OK, CLOSED)),
	TC("SYN_RECV: server RST", PRE_SYN_RECV,
	   TS(R, R, 1, 0, 0, 0, OK, CLOSED)),

	/* ESTABLISHED */
	TC("ESTABLISHED: client FIN", PRE_EST,
	   TS(O, FPA, 1, 1, 10, 1000, OK, FIN_WAIT)),
	TC("ESTABLISHED: server FIN", PRE_EST,
	   TS(R, FA, 1, 1, 0, 2000, OK, FIN_WAIT)),
	TC("ESTABLISHED: URG-ACK", PRE_EST,
	   TS(O, UA, 1, 1, 1, 1000, OK, ESTABLISHED)),
	TC("ESTABLISHED: data without ACK", PRE_EST,
	   TS(O, P, 1, 0, 10, 1000, INVAL, ESTABLISHED)),
	TC("ESTABLISHED: client SYN duplicate", PRE_EST,
	   TS(O, S, 0, 0, 0, 1000, OK, ESTABLISHED, .kept = true)),
	TC("ESTABLISHED: server SYN-ACK duplicate (final ACK lost)", PRE_EST,
	   TS(R, SA, 0, 1, 0, 2000, OK, ESTABLISHED),
	   TS(O, A, 1, 1, 0, 1000, OK, ESTABLISHED)),
	/* A client that rebooted: passed, nothing changes (RFC 5961 4.2). */
	TC("ESTABLISHED: client SYN with a higher ISN", PRE_EST,
	   TS(O, S, 0x40000000, 0, 0, 1000, OK, ESTABLISHED, .kept = true)),
	TC("ESTABLISHED: client SYN above its end, in the window", PRE_EST,
	   TS(O, S, 1000, 0, 0, 1000, OK, ESTABLISHED, .kept = true)),
	TC("ESTABLISHED: client SYN with a lower ISN", PRE_EST,
	   TS(O, S, TV_NEG(0x40000000), 0, 0, 1000, OK, ESTABLISHED, .kept = true)),
	TC("ESTABLISHED: a rebooted client's SYN, the challenge ACK, its RST", PRE_EST,
	   TS(O, S, 0x40000000, 0, 0, 1000, OK, ESTABLISHED, .kept = true),
	   TS(R, A, 1, 1, 0, 2000, OK, ESTABLISHED),
	   TS(O, R, 1, 0, 0, 0, OK, CLOSED),
	   TS(O, S, 0x40000000, 0, 0, 1000, OK, SYN_SENT)),
	TC("ESTABLISHED: server SYN-ACK with a new ISN", PRE_EST,
	   TS(R, SA, 0x40000000, 1, 0, 2000, INVAL, ESTABLISHED)),
	TC("ESTABLISHED: SYN-ACK from the client", PRE_EST,
	   TS(O, SA, 0, 1, 0, 1000, INVAL, ESTABLISHED)),
	TC("ESTABLISHED: plain SYN from the server", PRE_EST,
	   TS(R, S, 0, 0, 0, 2000, INVAL, ESTABLISHED)),
	TC("ESTABLISHED: SYN duplicate once data has moved on", PRE_EST,
	   TS(O, PA, 1, 1, 2000, 1000, OK, ESTABLISHED),
	   TS(R, A, 1, 2001, 0, 2000, OK, ESTABLISHED),
	   TS(O, PA, 2001, 1, 2000, 1000, OK, ESTABLISHED),
	   TS(O, S, 0, 0, 0, 1000, OK, ESTABLISHED, .kept = true)),
	TC("ESTABLISHED: SYN with FIN", PRE_EST,
	   TS(O, SF, 1, 1, 0, 1000, INVAL, ESTABLISHED)),
	TC("ESTABLISHED: RST at the expected sequence number", PRE_EST,
	   TS(O, RA, 1, 1, 0, 0, OK, CLOSED)),
	TC("ESTABLISHED: server RST at the expected sequence number", PRE_EST,
	   TS(R, R, 1, 0, 0, 0, OK, CLOSED)),
	TC("ESTABLISHED: RST in the window, not expected", PRE_EST,
	   TS(O, R, 500, 0, 0, 0, OK, ESTABLISHED, .kept = true),
	   TS(O, A, 1, 1, 0, 1000, OK, ESTABLISHED)),
	TC("ESTABLISHED: RST at the top of the window", PRE_EST,
	   TS(O, R, 2001, 0, 0, 0, OK, ESTABLISHED, .kept = true)),
	TC("ESTABLISHED: RST above the window", PRE_EST,
	   TS(O, R, 2002, 0, 0, 0, SEQ_HI, ESTABLISHED)),
	TC("ESTABLISHED: RST at the bottom of the window", PRE_EST,
	   TS(O, R, TV_NEG(1999), 0, 0, 0, OK, ESTABLISHED, .kept = true)),
	TC("ESTABLISHED: RST below the window", PRE_EST,
	   TS(O, R, TV_NEG(2000), 0, 0, 0, SEQ_LO, ESTABLISHED)),
	TC("ESTABLISHED: RST with a wild ack", PRE_EST,
	   TS(R, RA, 1, 0x12345678, 0, 0, OK, CLOSED)),

	/* FIN_WAIT: the client has sent its FIN */
	TC("FIN_WAIT: server acks the FIN", PRE_FIN_WAIT,
	   TS(R, A, 1, 2, 0, 2000, OK, FIN_WAIT)),
	TC("FIN_WAIT: ack beyond the FIN", PRE_FIN_WAIT,
	   TS(R, A, 1, 3, 0, 2000, ACK_HI, FIN_WAIT)),
	TC("FIN_WAIT: server data after the client's FIN", PRE_FIN_WAIT,
	   TS(R, PA, 1, 2, 100, 2000, OK, FIN_WAIT),
	   TS(O, A, 2, 101, 0, 1000, OK, FIN_WAIT),
	   TS(R, FA, 101, 2, 0, 2000, OK, CLOSING),
	   TS(O, A, 2, 102, 0, 1000, OK, TIME_WAIT)),
	TC("FIN_WAIT: client data after its FIN", PRE_FIN_WAIT,
	   TS(O, PA, 2, 1, 10, 1000, INVAL, FIN_WAIT)),
	TC("FIN_WAIT: client FIN retransmitted", PRE_FIN_WAIT,
	   TS(O, FA, 1, 1, 0, 1000, OK, FIN_WAIT)),
	TC("FIN_WAIT: client FIN moved", PRE_FIN_WAIT,
	   TS(O, FA, 1, 1, 5, 1000, INVAL, FIN_WAIT)),
	TC("FIN_WAIT: FIN below data already sent", PRE_EST,
	   TS(O, PA, 1, 1, 100, 1000, OK, ESTABLISHED),
	   TS(O, FA, 50, 1, 0, 1000, INVAL, ESTABLISHED)),
	TC("FIN_WAIT: server FIN not acking the client's", PRE_FIN_WAIT,
	   TS(R, FA, 1, 1, 0, 2000, OK, CLOSING)),
	TC("FIN_WAIT: client RST", PRE_FIN_WAIT,
	   TS(O, R, 2, 0, 0, 0, OK, CLOSED)),
	TC("FIN_WAIT: SYN", PRE_FIN_WAIT,
	   TS(O, S, 5000, 0, 0, 1000, INVAL, FIN_WAIT)),

	/* CLOSING: both FINs sent, the client's acknowledged */
	TC("CLOSING: client acks the server's FIN", PRE_CLOSING,
	   TS(O, A, 2, 2, 0, 1000, OK, TIME_WAIT)),
	TC("CLOSING: client ack short of the server's FIN", PRE_CLOSING,
	   TS(O, A, 2, 1, 0, 1000, OK, CLOSING)),
	TC("CLOSING: server FIN retransmitted", PRE_CLOSING,
	   TS(R, FA, 1, 2, 0, 2000, OK, CLOSING)),
	TC("CLOSING: server data after its FIN", PRE_CLOSING,
	   TS(R, PA, 2, 2, 10, 2000, INVAL, CLOSING)),
	TC("CLOSING: simultaneous close", PRE_EST,
	   TS(O, FA, 1, 1, 0, 1000, OK, FIN_WAIT),
	   TS(R, FA, 1, 1, 0, 2000, OK, CLOSING),
	   TS(R, A, 2, 2, 0, 2000, OK, CLOSING),
	   TS(O, A, 2, 2, 0, 1000, OK, TIME_WAIT)),
	TC("CLOSING: RST", PRE_CLOSING, TS(R, R, 2, 0, 0, 0, OK, CLOSED)),

	/* TIME_WAIT */
	TC("TIME_WAIT: server FIN retransmitted", PRE_TIME_WAIT,
	   TS(R, FA, 1, 2, 0, 2000, OK, TIME_WAIT),
	   TS(O, A, 2, 2, 0, 1000, OK, TIME_WAIT)),
	TC("TIME_WAIT: data", PRE_TIME_WAIT,
	   TS(O, PA, 2, 2, 10, 1000, INVAL, TIME_WAIT)),
	TC("TIME_WAIT: client reuses the port", PRE_TIME_WAIT,
	   TS(O, S, 100000, 0, 0, 1000, OK, SYN_SENT),
	   TS(R, SA, 50000, 100001, 0, 2000, OK, SYN_RECV),
	   TS(O, A, 100001, 50001, 0, 1000, OK, ESTABLISHED)),
	TC("TIME_WAIT: SYN from the server", PRE_TIME_WAIT,
	   TS(R, S, 5000, 0, 0, 2000, INVAL, TIME_WAIT)),
	TC("TIME_WAIT: RST", PRE_TIME_WAIT, TS(O, R, 2, 0, 0, 0, OK, CLOSED)),

	/* CLOSED */
	TC("CLOSED: ACK", PRE_CLOSED, TS(O, A, 1, 1, 0, 1000, INVAL, CLOSED)),
	TC("CLOSED: RST again", PRE_CLOSED, TS(O, R, 1, 0, 0, 0, OK, CLOSED)),
	TC("CLOSED: RST in the window, not exact", PRE_CLOSED,
	   TS(R, R, 500, 0, 0, 0, OK, CLOSED)),
	TC("CLOSED: RST out of the window", PRE_CLOSED,
	   TS(O, R, 3000, 0, 0, 0, SEQ_HI, CLOSED)),
	TC("CLOSED: client reuses the port", PRE_CLOSED,
	   TS(O, S, 100000, 0, 0, 1000, OK, SYN_SENT)),
	TC("CLOSED: SYN-ACK from the server", PRE_CLOSED,
	   TS(R, SA, 0, 1, 0, 2000, INVAL, CLOSED)),

	/* the four bounds, each at its edge and one beyond */
	TC("bound I: client data filling the window", PRE_EST,
	   TS(O, PA, 1, 1, 2000, 1000, OK, ESTABLISHED)),
	TC("bound I: client data one byte beyond", PRE_EST,
	   TS(O, PA, 1, 1, 2001, 1000, SEQ_HI, ESTABLISHED)),
	TC("bound I: a FIN counts one", PRE_EST,
	   TS(O, FPA, 1, 1, 2000, 1000, SEQ_HI, ESTABLISHED)),
	TC("bound I: server data filling the window", PRE_EST,
	   TS(R, PA, 1, 1, 1000, 2000, OK, ESTABLISHED)),
	TC("bound I: server data one byte beyond", PRE_EST,
	   TS(R, PA, 1, 1, 1001, 2000, SEQ_HI, ESTABLISHED)),
	TC("bound II: at the edge", PRE_EST,
	   TS(O, PA, 1, 1, 1500, 1000, OK, ESTABLISHED),
	   TS(O, A, TV_NEG(499), 1, 0, 1000, OK, ESTABLISHED)),
	TC("bound II: one below", PRE_EST,
	   TS(O, PA, 1, 1, 1500, 1000, OK, ESTABLISHED),
	   TS(O, A, TV_NEG(500), 1, 0, 1000, SEQ_LO, ESTABLISHED)),
	TC("bound III: at the edge and one beyond", PRE_EST,
	   TS(R, PA, 1, 1, 100, 2000, OK, ESTABLISHED),
	   TS(O, A, 1, 102, 0, 1000, ACK_HI, ESTABLISHED),
	   TS(O, A, 1, 101, 0, 1000, OK, ESTABLISHED)),
	TC("bound IV: at the edge (66000)", PRE_EST,
	   TS(O, A, 1, TV_NEG(65999), 0, 1000, OK, ESTABLISHED)),
	TC("bound IV: one below", PRE_EST,
	   TS(O, A, 1, TV_NEG(66000), 0, 1000, ACK_LO, ESTABLISHED)),
	TC("bound IV: a window above 66000 widens it", HS_SCALED,
	   TS(O, A, 1, TV_NEG(127999), 0, 1000, OK, ESTABLISHED),
	   TS(O, A, 1, TV_NEG(128000), 0, 1000, ACK_LO, ESTABLISHED)),

	/* window scaling (RFC 7323) */
	TC("wscale: the SYN-ACK's window is not scaled", HS_SCALED,
	   TS(O, PA, 1, 1, 100, 1000, OK, ESTABLISHED),
	   TS(O, PA, 101, 1, 1, 1000, SEQ_HI, ESTABLISHED)),
	TC("wscale: both offer it", HS_SCALED,
	   TS(R, A, 1, 1, 100, 100, OK, ESTABLISHED),
	   TS(O, PA, 1, 1, 12800, 1000, OK, ESTABLISHED),
	   TS(O, PA, 12801, 1, 1, 1000, SEQ_HI, ESTABLISHED)),
	TC("wscale: the client's window bounds server data, scaled", HS_SCALED,
	   TS(R, PA, 1, 1, 65535, 100, OK, ESTABLISHED),
	   TS(R, PA, 65536, 1, 62465, 100, OK, ESTABLISHED),
	   TS(R, PA, 128001, 1, 1, 100, SEQ_HI, ESTABLISHED)),
	TC("wscale: only the client offers it",
	   TS(O, S, 0, 0, 0, 1000, OK, SYN_SENT, .wscale = TV_WS(7)),
	   TS(R, SA, 0, 1, 0, 100, OK, SYN_RECV),
	   TS(O, A, 1, 1, 0, 1000, OK, ESTABLISHED),
	   TS(R, A, 1, 1, 0, 100, OK, ESTABLISHED),
	   TS(O, PA, 1, 1, 100, 1000, OK, ESTABLISHED),
	   TS(O, PA, 101, 1, 1, 1000, SEQ_HI, ESTABLISHED),
	   TS(R, PA, 1, 101, 1000, 100, OK, ESTABLISHED),
	   TS(R, PA, 1001, 101, 1, 100, SEQ_HI, ESTABLISHED)),
	TC("wscale: only the server offers it",
	   TS(O, S, 0, 0, 0, 1000, OK, SYN_SENT),
	   TS(R, SA, 0, 1, 0, 100, OK, SYN_RECV, .wscale = TV_WS(7)),
	   TS(O, A, 1, 1, 0, 1000, OK, ESTABLISHED),
	   TS(R, A, 1, 1, 0, 100, OK, ESTABLISHED),
	   TS(O, PA, 1, 1, 100, 1000, OK, ESTABLISHED),
	   TS(O, PA, 101, 1, 1, 1000, SEQ_HI, ESTABLISHED)),
	TC("wscale: a shift above 14 counts as 14",
	   TS(O, S, 0, 0, 0, 1000, OK, SYN_SENT, .wscale = TV_WS(15)),
	   TS(R, SA, 0, 1, 0, 1, OK, SYN_RECV, .wscale = TV_WS(200)),
	   TS(O, A, 1, 1, 0, 1000, OK, ESTABLISHED),
	   TS(R, A, 1, 1, 0, 1, OK, ESTABLISHED),
	   TS(O, PA, 1, 1, 16384, 1000, OK, ESTABLISHED),
	   TS(O, PA, 16385, 1, 1, 1000, SEQ_HI, ESTABLISHED)),

	/* SACK (RFC 2018): the highest SACK edge stands for the ack */
	TC("SACK: an old ack with a recent SACK edge", HS_SACK(true),
	   TS(R, A, 1, 34000, 0, 60000, OK, ESTABLISHED, .sack = 100001)),
	TC("SACK: the same ack without SACK blocks", HS_SACK(true),
	   TS(R, A, 1, 34000, 0, 60000, ACK_LO, ESTABLISHED),
	   TS(R, A, 1, 34001, 0, 60000, OK, ESTABLISHED)),
	TC("SACK: an edge beyond what was sent", HS_SACK(true),
	   TS(R, A, 1, 50001, 0, 60000, ACK_HI, ESTABLISHED, .sack = 100002),
	   TS(R, A, 1, 50001, 0, 60000, OK, ESTABLISHED, .sack = 100001)),
	TC("SACK: blocks ignored unless both permitted it", HS_SACK(false),
	   TS(R, A, 1, 34000, 0, 60000, ACK_LO, ESTABLISHED, .sack = 100001)),

	/* probes, keepalives, retransmissions */
	TC("zero window probe", PRE_EST,
	   TS(O, PA, 1, 1, 2000, 1000, OK, ESTABLISHED),
	   TS(R, A, 1, 2001, 0, 0, OK, ESTABLISHED),
	   TS(O, A, 2000, 1, 0, 1000, OK, ESTABLISHED),
	   TS(O, A, 2001, 1, 1, 1000, OK, ESTABLISHED),
	   TS(O, A, 2001, 1, 2, 1000, SEQ_HI, ESTABLISHED),
	   TS(R, A, 1, 2001, 0, 0, OK, ESTABLISHED),
	   TS(R, A, 1, 2001, 0, 2000, OK, ESTABLISHED),
	   TS(O, PA, 2001, 1, 2000, 1000, OK, ESTABLISHED)),
	TC("keepalives", PRE_EST,
	   TS(R, PA, 1, 1, 100, 2000, OK, ESTABLISHED),
	   TS(O, A, 1, 101, 0, 1000, OK, ESTABLISHED),
	   TS(O, A, 0, 101, 0, 1000, OK, ESTABLISHED),
	   TS(O, A, 0, 101, 1, 1000, OK, ESTABLISHED),
	   TS(R, A, 101, 1, 0, 2000, OK, ESTABLISHED),
	   TS(R, A, 100, 1, 0, 2000, OK, ESTABLISHED),
	   TS(R, A, 100, 1, 1, 2000, OK, ESTABLISHED),
	   TS(O, A, 1, 101, 0, 1000, OK, ESTABLISHED)),
	TC("retransmissions", PRE_EST,
	   TS(O, PA, 1, 1, 500, 1000, OK, ESTABLISHED),
	   TS(O, PA, 1, 1, 500, 1000, OK, ESTABLISHED),
	   TS(O, PA, 101, 1, 100, 1000, OK, ESTABLISHED),
	   TS(R, A, 1, 501, 0, 2000, OK, ESTABLISHED),
	   TS(O, PA, 1, 1, 500, 1000, OK, ESTABLISHED),
	   TS(O, PA, 501, 1, 2000, 1000, OK, ESTABLISHED),
	   TS(R, A, 1, 501, 0, 2000, OK, ESTABLISHED)),

	/* pickup of a connection seen mid-stream */
	TC_PICKUP("pickup: plain ACK",
		  TS(O, A, 1000, 5000, 0, 500, OK, ESTABLISHED),
		  TS(R, PA, 5000, 1000, 300, 500, OK, ESTABLISHED),
		  TS(O, A, 1000, 5300, 0, 500, OK, ESTABLISHED),
		  TS(O, PA, 1000, 5300, 100000, 500, OK, ESTABLISHED)),
	TC_PICKUP("pickup: acks of data sent before it",
		  TS(O, PA, 1000, 5000, 100, 500, OK, ESTABLISHED),
		  TS(O, A, 1100, 9000, 0, 500, OK, ESTABLISHED),
		  TS(R, PA, 9000, 1100, 100, 500, OK, ESTABLISHED),
		  TS(R, A, 9099, 1100, 0, 500, OK, ESTABLISHED),
		  TS(O, A, 1100, 9101, 0, 500, ACK_HI, ESTABLISHED),
		  TS(O, A, 1100, 9100, 0, 500, OK, ESTABLISHED)),
	TC_PICKUP("pickup: closing",
		  TS(O, A, 1000, 5000, 0, 500, OK, ESTABLISHED),
		  TS(O, FA, 1000, 5000, 0, 500, OK, FIN_WAIT),
		  TS(R, FA, 5000, 1001, 0, 500, OK, CLOSING),
		  TS(O, A, 1001, 5001, 0, 500, OK, TIME_WAIT)),
	TC_PICKUP("pickup: RST at the end learnt from acks",
		  TS(O, A, 1000, 5000, 0, 500, OK, ESTABLISHED),
		  TS(O, A, 1000, 9000, 0, 500, OK, ESTABLISHED),
		  TS(R, R, 9000, 0, 0, 0, OK, CLOSED)),
	TC_PICKUP("pickup: RST closes",
		  TS(O, A, 1000, 5000, 0, 500, OK, ESTABLISHED),
		  TS(R, RA, 5000, 1000, 0, 0, OK, CLOSED)),
	TC_PICKUP("pickup: far outside the loose window",
		  TS(O, A, 1000, 5000, 0, 500, OK, ESTABLISHED),
		  TS(O, PA, 0x50000000, 5000, 10, 500, SEQ_HI, ESTABLISHED),
		  TS(R, PA, 0x50000000, 1000, 10, 500, SEQ_HI, ESTABLISHED)),
	TC_PICKUP("pickup: a SYN is not a duplicate",
		  TS(O, A, 1000, 5000, 0, 500, OK, ESTABLISHED),
		  TS(O, S, 999, 0, 0, 500, INVAL, ESTABLISHED)),
	TC_PICKUP("pickup: not from a SYN", TS(O, S, 0, 0, 0, 500, REFUSED, NONE)),
	TC_PICKUP("pickup: not from a SYN-ACK", TS(R, SA, 0, 1, 0, 500, REFUSED, NONE)),
	TC_PICKUP("pickup: not from a FIN", TS(O, FA, 1, 1, 0, 500, REFUSED, NONE)),
	TC_PICKUP("pickup: not from a RST", TS(O, RA, 1, 1, 0, 500, REFUSED, NONE)),
	TC_PICKUP("pickup: not without ACK", TS(O, P, 1, 1, 10, 500, REFUSED, NONE)),
};

/* The timeout class each TCP state must get; a kept RST gets END. */
static const unsigned char track_state_timeouts[] = {
	[RAMPART_CONN_SYN_SENT] = RAMPART_TIMEOUT_START,
	[RAMPART_CONN_SYN_RECV] = RAMPART_TIMEOUT_START,
	[RAMPART_CONN_ESTABLISHED] = RAMPART_TIMEOUT_ESTABLISHED,
	[RAMPART_CONN_FIN_WAIT] = RAMPART_TIMEOUT_END,
	[RAMPART_CONN_CLOSING] = RAMPART_TIMEOUT_END,
	[RAMPART_CONN_TIME_WAIT] = RAMPART_TIMEOUT_END,
	[RAMPART_CONN_CLOSED] = RAMPART_TIMEOUT_CLOSED,
};

static unsigned int track_expected_timeout(const struct track_step *st)
{
	return st->kept ? RAMPART_TIMEOUT_KEEP : track_state_timeouts[st->state];
}

static void track_step_seg(const struct track_step *st, const struct track_base *b,
			   struct rampart_tcp_seg *seg)
{
	unsigned int from = st->dir == RAMPART_DIR_ORIGINAL ? b->client : b->server;
	unsigned int to = st->dir == RAMPART_DIR_ORIGINAL ? b->server : b->client;

	memset(seg, 0, sizeof(*seg));
	seg->seq = from + st->seq;
	seg->ack = to + st->ack;
	seg->payload_len = st->len;
	seg->win = st->win;
	seg->flags = st->flags;
	seg->has_wscale = st->wscale != 0;
	seg->wscale = st->wscale ? st->wscale - 1 : 0;
	seg->sack_perm = st->sack_perm;
	seg->has_sack = st->sack != 0;
	seg->sack = st->sack ? to + st->sack : 0;
}

/* The first step of a case: rampart_tcp_new() or rampart_tcp_pickup(). */
static int track_first_step(const struct track_case *c, const struct track_step *st,
			    const struct rampart_tcp_seg *seg,
			    struct rampart_tcp_track *t, char *why, size_t size)
{
	struct rampart_tcp_track before;
	bool refused = st->expect == RAMPART_DROP_TCP_OUT_OF_STATE;

	memset(t, 0xa5, sizeof(*t));
	before = *t;
	if (!c->pickup) {
		rampart_tcp_new(t, seg);
	} else if (rampart_tcp_pickup(t, seg) == refused) {
		snprintf(why, size, "pickup %s", refused ? "accepted" : "refused");
		return -1;
	} else if (refused) {
		if (memcmp(t, &before, sizeof(*t))) {
			snprintf(why, size, "a refused pickup changed the state");
			return -1;
		}
		return 0;
	}
	if (t->state != st->state) {
		snprintf(why, size, "state %s, want %s", rampart_conn_state_name(t->state),
			 rampart_conn_state_name(st->state));
		return -1;
	}
	return 0;
}

/* rampart_tcp_in_window() agrees with the verdict and changes nothing. */
static int track_check_in_window(const struct track_step *st,
				 const struct rampart_tcp_seg *seg,
				 const struct rampart_tcp_track *t, char *why, size_t size)
{
	struct rampart_tcp_track copy = *t;
	bool in = rampart_tcp_in_window(&copy, st->dir, seg);

	if (memcmp(&copy, t, sizeof(copy))) {
		snprintf(why, size, "in_window changed the state");
		return -1;
	}
	if (st->flags & RAMPART_TCP_SYN || st->expect == RAMPART_DROP_TCP_INVALID_TRANSITION)
		return 0;
	if (in != (st->expect == RAMPART_DROP_NONE)) {
		snprintf(why, size, "in_window says %s", in ? "in" : "out");
		return -1;
	}
	return 0;
}

static int track_check_step(const struct track_step *st, const struct rampart_tcp_seg *seg,
			    struct rampart_tcp_track *t, char *why, size_t size)
{
	struct rampart_tcp_track before = *t;
	struct rampart_track_result res;
	bool closed = st->expect == RAMPART_DROP_NONE && (st->flags & RAMPART_TCP_RST) &&
		      st->state == RAMPART_CONN_CLOSED && before.state != RAMPART_CONN_CLOSED;

	if (track_check_in_window(st, seg, t, why, size))
		return -1;
	memset(&res, 0x5a, sizeof(res));
	rampart_tcp_track(t, st->dir, seg, &res);
	if (res.reason != st->expect) {
		snprintf(why, size, "got '%s', want '%s'", rampart_drop_reason_text(res.reason),
			 rampart_drop_reason_text(st->expect));
		return -1;
	}
	if (t->state != st->state || res.new_state != st->state ||
	    res.old_state != before.state) {
		snprintf(why, size, "state %s -> %s (result %s -> %s), want %s",
			 rampart_conn_state_name(before.state),
			 rampart_conn_state_name(t->state),
			 rampart_conn_state_name(res.old_state),
			 rampart_conn_state_name(res.new_state),
			 rampart_conn_state_name(st->state));
		return -1;
	}
	if (res.reason != RAMPART_DROP_NONE && memcmp(t, &before, sizeof(*t))) {
		snprintf(why, size, "a drop changed the state");
		return -1;
	}
	if (res.timeout != track_expected_timeout(st) || res.closed_by_rst != closed) {
		snprintf(why, size, "timeout class %u, closed_by_rst %d; want %u, %d",
			 res.timeout, res.closed_by_rst, track_expected_timeout(st), closed);
		return -1;
	}
	return 0;
}

/*
 * Runs case c from the ISNs b. Returns 0 when every step got what it must,
 * else the 1-based number of the first step that did not, described in why.
 */
static unsigned int track_run_case(const struct track_case *c, const struct track_base *b,
				   char *why, size_t size)
{
	struct rampart_tcp_track t;
	struct rampart_tcp_seg seg;
	unsigned int i;

	for (i = 0; i < c->nsteps; i++) {
		const struct track_step *st = &c->steps[i];
		int err;

		track_step_seg(st, b, &seg);
		if (i == 0)
			err = track_first_step(c, st, &seg, &t, why, size);
		else
			err = track_check_step(st, &seg, &t, why, size);
		if (err)
			return i + 1;
	}
	return 0;
}

#endif /* RAMPART_TRACK_VECTORS_H */
