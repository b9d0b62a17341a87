// SPDX-License-Identifier: GPL-2.0
/* TCP state and window tracking, ICMP classification: kmod/core/track.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "track.h"
#include "reason.h"
#include "../vectors/track_vectors.h"

static void test_vectors(void **state)
{
	unsigned int c, b, failed = 0, runs = 0;
	char why[160];

	(void)state;
	for (c = 0; c < ARRAY_SIZE(track_cases); c++) {
		for (b = 0; b < ARRAY_SIZE(track_bases); b++) {
			unsigned int step = track_run_case(&track_cases[c],
							   &track_bases[b],
							   why, sizeof(why));

			runs++;
			if (!step)
				continue;
			print_error("%s (ISNs %#x/%#x), step %u: %s\n",
				    track_cases[c].name, track_bases[b].client,
				    track_bases[b].server, step, why);
			failed++;
		}
	}
	assert_int_equal(failed, 0);
	assert_int_equal(runs, ARRAY_SIZE(track_cases) * ARRAY_SIZE(track_bases));
}

static void seg_set(struct rampart_tcp_seg *seg, u8 flags, u32 seq, u32 ack,
		    u32 len, u16 win)
{
	memset(seg, 0, sizeof(*seg));
	seg->flags = flags;
	seg->seq = seq;
	seg->ack = ack;
	seg->payload_len = len;
	seg->win = win;
}

static void track_ok(struct rampart_tcp_track *t, unsigned int dir,
		     const struct rampart_tcp_seg *seg, unsigned int state)
{
	struct rampart_track_result res;

	rampart_tcp_track(t, dir, seg, &res);
	assert_int_equal(res.reason, RAMPART_DROP_NONE);
	assert_int_equal(t->state, state);
}

/* 32 MB through a scaled window, the sequence numbers of both sides wrapping. */
static void test_bulk_transfer_wraps(void **state)
{
	const u32 cisn = 0xfff00000, sisn = 0xffffff00, mss = 1448;
	struct rampart_tcp_track t;
	struct rampart_tcp_seg seg;
	u32 sent = 0, acked = 0, i;

	(void)state;
	seg_set(&seg, RAMPART_TCP_SYN, cisn, 0, 0, 64240);
	seg.has_wscale = true;
	seg.wscale = 7;
	seg.sack_perm = true;
	rampart_tcp_new(&t, &seg);
	seg_set(&seg, RAMPART_TCP_SYN | RAMPART_TCP_ACK, sisn, cisn + 1, 0, 65160);
	seg.has_wscale = true;
	seg.wscale = 7;
	seg.sack_perm = true;
	track_ok(&t, RAMPART_DIR_REPLY, &seg, RAMPART_CONN_SYN_RECV);
	seg_set(&seg, RAMPART_TCP_ACK, cisn + 1, sisn + 1, 0, 502);
	track_ok(&t, RAMPART_DIR_ORIGINAL, &seg, RAMPART_CONN_ESTABLISHED);

	/* Ten segments in flight, then an ack of the first eight. */
	for (i = 0; i < 32u * 1024 * 1024 / mss; i++) {
		seg_set(&seg, RAMPART_TCP_ACK | RAMPART_TCP_PSH, cisn + 1 + sent,
			sisn + 1, mss, 502);
		track_ok(&t, RAMPART_DIR_ORIGINAL, &seg, RAMPART_CONN_ESTABLISHED);
		sent += mss;
		if (sent - acked >= 10 * mss) {
			acked += 8 * mss;
			seg_set(&seg, RAMPART_TCP_ACK, sisn + 1, cisn + 1 + acked, 0, 2048);
			track_ok(&t, RAMPART_DIR_REPLY, &seg, RAMPART_CONN_ESTABLISHED);
		}
	}
	assert_true(cisn + 1 + sent < cisn);	/* it did wrap */
	assert_int_equal(t.peer[RAMPART_DIR_ORIGINAL].end, cisn + 1 + sent);
	/* The receiver's window, 2048 << 7, bounds what may follow. */
	seg_set(&seg, RAMPART_TCP_ACK, cisn + 1 + acked + 2048 * 128, sisn + 1, 1, 502);
	assert_false(rampart_tcp_in_window(&t, RAMPART_DIR_ORIGINAL, &seg));
	seg.seq--;
	assert_true(rampart_tcp_in_window(&t, RAMPART_DIR_ORIGINAL, &seg));
}

/* Late packets of a removed connection: checked, never changing anything. */
static void test_in_window_after_close(void **state)
{
	const u32 c = 0xfffffff0, s = 7;
	struct rampart_tcp_track t, copy;
	struct rampart_tcp_seg seg;

	(void)state;
	seg_set(&seg, RAMPART_TCP_SYN, c, 0, 0, 1000);
	rampart_tcp_new(&t, &seg);
	seg_set(&seg, RAMPART_TCP_SYN | RAMPART_TCP_ACK, s, c + 1, 0, 2000);
	track_ok(&t, RAMPART_DIR_REPLY, &seg, RAMPART_CONN_SYN_RECV);
	seg_set(&seg, RAMPART_TCP_ACK, c + 1, s + 1, 0, 1000);
	track_ok(&t, RAMPART_DIR_ORIGINAL, &seg, RAMPART_CONN_ESTABLISHED);
	seg_set(&seg, RAMPART_TCP_RST, c + 1, 0, 0, 0);
	track_ok(&t, RAMPART_DIR_ORIGINAL, &seg, RAMPART_CONN_CLOSED);
	copy = t;

	/* the server's late FIN, its retransmission of data, a stray RST */
	seg_set(&seg, RAMPART_TCP_FIN | RAMPART_TCP_ACK, s + 1, c + 1, 0, 2000);
	assert_true(rampart_tcp_in_window(&t, RAMPART_DIR_REPLY, &seg));
	seg_set(&seg, RAMPART_TCP_ACK, s + 1, c + 1, 1000, 2000);
	assert_true(rampart_tcp_in_window(&t, RAMPART_DIR_REPLY, &seg));
	seg_set(&seg, RAMPART_TCP_ACK, s + 1, c + 1, 1001, 2000);
	assert_false(rampart_tcp_in_window(&t, RAMPART_DIR_REPLY, &seg));
	seg_set(&seg, RAMPART_TCP_ACK, s + 1, c + 2, 0, 2000);
	assert_false(rampart_tcp_in_window(&t, RAMPART_DIR_REPLY, &seg));
	seg_set(&seg, RAMPART_TCP_RST, c + 2001, 0, 0, 0);
	assert_true(rampart_tcp_in_window(&t, RAMPART_DIR_ORIGINAL, &seg));
	seg.seq++;
	assert_false(rampart_tcp_in_window(&t, RAMPART_DIR_ORIGINAL, &seg));
	assert_false(rampart_tcp_in_window(&t, 2, &seg));
	assert_memory_equal(&t, &copy, sizeof(t));

	/* removed while the SYN waited: only the RST answering it fits */
	seg_set(&seg, RAMPART_TCP_SYN, c, 0, 0, 1000);
	rampart_tcp_new(&t, &seg);
	seg_set(&seg, RAMPART_TCP_RST | RAMPART_TCP_ACK, 0, c + 1, 0, 0);
	assert_true(rampart_tcp_in_window(&t, RAMPART_DIR_REPLY, &seg));
	seg.ack++;
	assert_false(rampart_tcp_in_window(&t, RAMPART_DIR_REPLY, &seg));
	seg.flags = RAMPART_TCP_RST;
	seg.ack--;
	assert_false(rampart_tcp_in_window(&t, RAMPART_DIR_REPLY, &seg));
}

/* No TCP tracking for a track that was never started or isn't TCP. */
static void test_untracked(void **state)
{
	static const u8 flags[] = {
		RAMPART_TCP_SYN, RAMPART_TCP_SYN | RAMPART_TCP_ACK, RAMPART_TCP_ACK,
		RAMPART_TCP_FIN | RAMPART_TCP_ACK, RAMPART_TCP_RST,
	};
	static const u8 states[] = {
		RAMPART_CONN_NONE, RAMPART_CONN_UDP, RAMPART_CONN_ICMP, 200,
	};
	struct rampart_track_result res;
	struct rampart_tcp_track t, copy;
	struct rampart_tcp_seg seg;
	unsigned int f, s;

	(void)state;
	for (s = 0; s < ARRAY_SIZE(states); s++) {
		for (f = 0; f < ARRAY_SIZE(flags); f++) {
			memset(&t, 0, sizeof(t));
			t.state = states[s];
			copy = t;
			seg_set(&seg, flags[f], 1, 1, 0, 100);
			rampart_tcp_track(&t, RAMPART_DIR_ORIGINAL, &seg, &res);
			assert_int_equal(res.reason, RAMPART_DROP_TCP_INVALID_TRANSITION);
			assert_memory_equal(&t, &copy, sizeof(t));
		}
	}

	/* a direction that does not exist */
	seg_set(&seg, RAMPART_TCP_SYN, 1, 0, 0, 100);
	rampart_tcp_new(&t, &seg);
	copy = t;
	rampart_tcp_track(&t, 2, &seg, &res);
	assert_int_equal(res.reason, RAMPART_DROP_TCP_INVALID_TRANSITION);
	assert_memory_equal(&t, &copy, sizeof(t));
}

static void test_pickup_window_is_loose(void **state)
{
	struct rampart_tcp_track t;
	struct rampart_tcp_seg seg;

	(void)state;
	seg_set(&seg, RAMPART_TCP_ACK | RAMPART_TCP_PSH, 1000, 5000, 100, 0);
	assert_true(rampart_tcp_pickup(&t, &seg));
	assert_int_equal(t.state, RAMPART_CONN_ESTABLISHED);
	assert_int_equal(t.peer[RAMPART_DIR_ORIGINAL].end, 1100);
	assert_int_equal(t.peer[RAMPART_DIR_REPLY].end, 5000);
	assert_int_equal(t.peer[RAMPART_DIR_ORIGINAL].maxwin, 0xffffu << 14);
	assert_int_equal(t.peer[RAMPART_DIR_REPLY].maxwin, 0xffffu << 14);
	/* a 1 MB burst each way right after, as a busy flow sends */
	seg_set(&seg, RAMPART_TCP_ACK, 1100, 5000, 1 << 20, 0);
	assert_true(rampart_tcp_in_window(&t, RAMPART_DIR_ORIGINAL, &seg));
	seg_set(&seg, RAMPART_TCP_ACK, 5000, 1100, 1 << 20, 0);
	assert_true(rampart_tcp_in_window(&t, RAMPART_DIR_REPLY, &seg));
}

static void test_seg_parse(void **state)
{
	u8 hdr[60] = {
		0x9c, 0x40, 0x00, 0x19,		/* ports 40000 -> 25 */
		0x11, 0x22, 0x33, 0x44,		/* seq */
		0x55, 0x66, 0x77, 0x88,		/* ack */
		0xa0, 0x12, 0xfa, 0xf0,		/* doff 10, SYN-ACK, win 64240 */
		0x00, 0x00, 0x00, 0x00,
		0x02, 0x04, 0x05, 0xb4,		/* MSS 1460 */
		0x04, 0x02,			/* SACK permitted */
		0x08, 0x0a, 0, 0, 0, 1, 0, 0, 0, 0,	/* timestamps */
		0x01, 0x03, 0x03, 0x07,		/* NOP, window scale 7 */
	};
	u8 sack[] = {
		0x01, 0x01, 0x05, 0x12,		/* NOP NOP SACK, two blocks */
		0xff, 0xff, 0xe0, 0x00, 0xff, 0xff, 0xf8, 0x00,
		0xff, 0xff, 0xf8, 0x00, 0x00, 0x00, 0x01, 0x00,	/* wraps */
	};
	struct rampart_tcp_seg seg;

	(void)state;
	assert_true(rampart_tcp_seg_parse(hdr, 40, 17, &seg));
	assert_int_equal(seg.seq, 0x11223344);
	assert_int_equal(seg.ack, 0x55667788);
	assert_int_equal(seg.flags, RAMPART_TCP_SYN | RAMPART_TCP_ACK);
	assert_int_equal(seg.win, 64240);
	assert_int_equal(seg.payload_len, 17);
	assert_true(seg.has_wscale);
	assert_int_equal(seg.wscale, 7);
	assert_true(seg.sack_perm);
	assert_false(seg.has_sack);

	/* Window scale and SACK-permitted count only on a SYN. */
	hdr[13] = RAMPART_TCP_ACK;
	assert_true(rampart_tcp_seg_parse(hdr, 40, 0, &seg));
	assert_false(seg.has_wscale);
	assert_false(seg.sack_perm);

	/* The highest right edge wins, in sequence space. */
	memcpy(hdr + 20, sack, sizeof(sack));
	hdr[12] = 0xa0;
	assert_true(rampart_tcp_seg_parse(hdr, 20 + sizeof(sack), 0, &seg));
	assert_true(seg.has_sack);
	assert_int_equal(seg.sack, 0x100);

	/* A length running past the header ends the parse. */
	hdr[22] = 0x05;
	hdr[23] = 0x40;
	assert_true(rampart_tcp_seg_parse(hdr, 20 + sizeof(sack), 0, &seg));
	assert_false(seg.has_sack);
	/* so does a length below 2 */
	hdr[20] = 0x03;
	hdr[21] = 0x01;
	hdr[13] = RAMPART_TCP_SYN;
	assert_true(rampart_tcp_seg_parse(hdr, 24, 0, &seg));
	assert_false(seg.has_wscale);
	/* an option cut by the end of the header */
	hdr[20] = 0x01;
	hdr[21] = 0x01;
	hdr[22] = 0x01;
	hdr[23] = 0x03;
	assert_true(rampart_tcp_seg_parse(hdr, 24, 0, &seg));
	assert_false(seg.has_wscale);

	assert_false(rampart_tcp_seg_parse(hdr, 19, 0, &seg));
	assert_false(rampart_tcp_seg_parse(hdr, 64, 0, &seg));
}

static void test_flags_text(void **state)
{
	static const struct {
		u8 flags;
		const char *text;
	} cases[] = {
		{ 0, "none" },
		{ RAMPART_TCP_SYN, "SYN" },
		{ RAMPART_TCP_SYN | RAMPART_TCP_ACK, "SYN-ACK" },
		{ RAMPART_TCP_FIN | RAMPART_TCP_ACK, "FIN-ACK" },
		{ RAMPART_TCP_RST, "RST" },
		{ RAMPART_TCP_RST | RAMPART_TCP_ACK, "RST-ACK" },
		{ RAMPART_TCP_PSH | RAMPART_TCP_ACK, "PUSH-ACK" },
		{ RAMPART_TCP_FIN | RAMPART_TCP_PSH | RAMPART_TCP_ACK, "FIN-PUSH-ACK" },
		{ RAMPART_TCP_URG | RAMPART_TCP_ACK, "URG-ACK" },
		{ 0xc2, "SYN-ECE-CWR" },
		{ 0xff, "SYN-RST-FIN-PUSH-URG-ACK-ECE-CWR" },
	};
	char buf[40];
	unsigned int i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		memset(buf, 'x', sizeof(buf));
		rampart_tcp_flags_text(cases[i].flags, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].text);
	}

	/* Truncated, always terminated, never written past size. */
	memset(buf, 'x', sizeof(buf));
	rampart_tcp_flags_text(RAMPART_TCP_FIN | RAMPART_TCP_ACK, buf, 5);
	assert_string_equal(buf, "FIN-");
	assert_int_equal(buf[5], 'x');
	rampart_tcp_flags_text(RAMPART_TCP_SYN, buf, 1);
	assert_string_equal(buf, "");
	assert_int_equal(buf[1], 'I');
	buf[0] = 'q';
	rampart_tcp_flags_text(RAMPART_TCP_SYN, buf, 0);
	assert_int_equal(buf[0], 'q');
}

static void test_state_names_and_timeouts(void **state)
{
	static const struct {
		unsigned int state;
		const char *name;
		enum rampart_timeout_class timeout;
	} cases[] = {
		{ RAMPART_CONN_NONE, "NONE", RAMPART_TIMEOUT_START },
		{ RAMPART_CONN_SYN_SENT, "SYN_SENT", RAMPART_TIMEOUT_START },
		{ RAMPART_CONN_SYN_RECV, "SYN_RECV", RAMPART_TIMEOUT_START },
		{ RAMPART_CONN_ESTABLISHED, "ESTABLISHED", RAMPART_TIMEOUT_ESTABLISHED },
		{ RAMPART_CONN_FIN_WAIT, "FIN_WAIT", RAMPART_TIMEOUT_END },
		{ RAMPART_CONN_CLOSING, "CLOSING", RAMPART_TIMEOUT_END },
		{ RAMPART_CONN_TIME_WAIT, "TIME_WAIT", RAMPART_TIMEOUT_END },
		{ RAMPART_CONN_CLOSED, "CLOSED", RAMPART_TIMEOUT_CLOSED },
		{ RAMPART_CONN_UDP, "UDP", RAMPART_TIMEOUT_UDP },
		{ RAMPART_CONN_ICMP, "ICMP", RAMPART_TIMEOUT_UDP },
		{ __RAMPART_CONN_MAX, "UNKNOWN", RAMPART_TIMEOUT_START },
		{ 0xffffffff, "UNKNOWN", RAMPART_TIMEOUT_START },
	};
	unsigned int i;

	(void)state;
	assert_int_equal(ARRAY_SIZE(cases), __RAMPART_CONN_MAX + 2);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_string_equal(rampart_conn_state_name(cases[i].state), cases[i].name);
		assert_int_equal(rampart_conn_state_timeout(cases[i].state),
				 cases[i].timeout);
	}
}

static void test_icmp_types(void **state)
{
	unsigned int type, errors4 = 0, errors6 = 0, nd = 0;

	(void)state;
	for (type = 0; type < 256; type++) {
		errors4 += rampart_icmp_is_error(4, (u8)type);
		errors6 += rampart_icmp_is_error(6, (u8)type);
		nd += rampart_icmpv6_is_nd((u8)type);
		assert_int_equal(rampart_icmp_is_echo_request(4, (u8)type), type == 8);
		assert_int_equal(rampart_icmp_is_echo_reply(4, (u8)type), type == 0);
		assert_int_equal(rampart_icmp_is_echo_request(6, (u8)type), type == 128);
		assert_int_equal(rampart_icmp_is_echo_reply(6, (u8)type), type == 129);
		assert_false(rampart_icmp_is_error(0, (u8)type));
		assert_false(rampart_icmp_is_echo_request(17, (u8)type));
	}
	assert_int_equal(errors4, 5);
	assert_true(rampart_icmp_is_error(4, 3));	/* unreachable */
	assert_true(rampart_icmp_is_error(4, 4));	/* source quench */
	assert_true(rampart_icmp_is_error(4, 5));	/* redirect */
	assert_true(rampart_icmp_is_error(4, 11));	/* time exceeded */
	assert_true(rampart_icmp_is_error(4, 12));	/* parameter problem */
	assert_int_equal(errors6, 4);
	assert_true(rampart_icmp_is_error(6, 1));
	assert_true(rampart_icmp_is_error(6, 2));	/* packet too big */
	assert_true(rampart_icmp_is_error(6, 4));
	assert_int_equal(nd, 5);
	assert_true(rampart_icmpv6_is_nd(133));
	assert_true(rampart_icmpv6_is_nd(137));
}

static void test_track_size(void **state)
{
	(void)state;
	assert_true(sizeof(struct rampart_tcp_track) <= 40);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_bulk_transfer_wraps),
		cmocka_unit_test(test_in_window_after_close),
		cmocka_unit_test(test_untracked),
		cmocka_unit_test(test_pickup_window_is_loose),
		cmocka_unit_test(test_seg_parse),
		cmocka_unit_test(test_flags_text),
		cmocka_unit_test(test_state_names_and_timeouts),
		cmocka_unit_test(test_icmp_types),
		cmocka_unit_test(test_track_size),
	};

	return cmocka_run_group_tests_name("core_track", tests, NULL, NULL);
}
