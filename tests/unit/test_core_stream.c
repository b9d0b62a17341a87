// SPDX-License-Identifier: GPL-2.0
/* First copy wins: the record of an inspected stream, kmod/core/stream.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "stream.h"

#define KEY_BITS 0x9e3779b97f4a7c15ULL

static u64 key(void)
{
	return rampart_stream_key(KEY_BITS);
}

static u64 hash(const char *p, u32 n)
{
	return rampart_stream_extend(key(), 0, (const u8 *)p, n);
}

/* Inspect @text from @seq on in segments of the given lengths. */
static void inspect(struct rampart_stream *s, u32 seq, const char *text,
		    const u32 *lens, unsigned int n)
{
	u64 h = 0;
	u32 at = 0;
	unsigned int i;

	rampart_stream_start(s, seq);
	for (i = 0; i < n; i++) {
		h = rampart_stream_extend(key(), h, (const u8 *)text + at, lens[i]);
		at += lens[i];
		assert_true(rampart_stream_mark(s, seq + at, h));
	}
}

static void test_hash_composes(void **state)
{
	const char *t = "EHLO client.example\r\nMAIL FROM:<a@example.com>\r\n";
	u32 n = strlen(t), cut;

	(void)state;
	for (cut = 0; cut <= n; cut++)
		assert_true(rampart_stream_extend(key(), hash(t, cut), (const u8 *)t + cut,
						  n - cut) == hash(t, n));
	/* Order matters, and so does every byte. */
	assert_false(hash("ab", 2) == hash("ba", 2));
	assert_false(hash("NOOP x\r\n", 8) == hash("VRFY x\r\n", 8));
	/* (Lengths never need telling apart: the marks fix them.) */
	assert_false(hash("\0a", 2) == hash("a\0", 2));
}

static void test_same_bytes_pass(void **state)
{
	const char *t = "EHLO c\r\nNOOP x\r\nRSET\r\n";
	const u32 lens[] = { 8, 8, 6 };
	struct rampart_stream s;

	(void)state;
	inspect(&s, 1000, t, lens, 3);
	assert_int_equal(rampart_stream_next(&s), 1022);
	/* Each segment again, and two or three of them joined. */
	assert_int_equal(rampart_stream_check(&s, key(), 1008, 1016, hash(t + 8, 8)),
			 RAMPART_STREAM_OK);
	assert_int_equal(rampart_stream_check(&s, key(), 1000, 1016, hash(t, 16)),
			 RAMPART_STREAM_OK);
	assert_int_equal(rampart_stream_check(&s, key(), 1000, 1022, hash(t, 22)),
			 RAMPART_STREAM_OK);
}

static void test_other_bytes_differ(void **state)
{
	const char *t = "EHLO c\r\nNOOP x\r\n";
	const u32 lens[] = { 8, 8 };
	struct rampart_stream s;

	(void)state;
	inspect(&s, 1000, t, lens, 2);
	assert_int_equal(rampart_stream_check(&s, key(), 1008, 1016, hash("VRFY x\r\n", 8)),
			 RAMPART_STREAM_DIFFERS);
	assert_int_equal(rampart_stream_check(&s, key(), 1000, 1016,
					      hash("EHLO c\r\nVRFY x\r\n", 16)),
			 RAMPART_STREAM_DIFFERS);
}

static void test_off_the_marks(void **state)
{
	const char *t = "EHLO c\r\nNOOP x\r\n";
	const u32 lens[] = { 8, 8 };
	struct rampart_stream s;

	(void)state;
	inspect(&s, 1000, t, lens, 2);
	/* Starts, or ends, inside a segment the parser read whole. */
	assert_int_equal(rampart_stream_check(&s, key(), 1004, 1016, hash(t + 4, 12)),
			 RAMPART_STREAM_UNCHECKABLE);
	assert_int_equal(rampart_stream_check(&s, key(), 1008, 1012, hash(t + 8, 4)),
			 RAMPART_STREAM_UNCHECKABLE);
}

static void test_ack_forgets(void **state)
{
	const char *t = "EHLO c\r\nNOOP x\r\nRSET\r\n";
	const u32 lens[] = { 8, 8, 6 };
	struct rampart_stream s;

	(void)state;
	inspect(&s, 1000, t, lens, 3);
	assert_int_equal(s.n, 4);
	/* An ack inside the second segment keeps the mark it started at. */
	rampart_stream_ack(&s, 1010);
	assert_int_equal(rampart_stream_first(&s), 1008);
	assert_int_equal(rampart_stream_check(&s, key(), 1008, 1016, hash(t + 8, 8)),
			 RAMPART_STREAM_OK);
	rampart_stream_ack(&s, 1016);
	assert_int_equal(rampart_stream_first(&s), 1016);
	assert_int_equal(s.n, 2);
	/* Everything acknowledged: the last mark stays, where new bytes begin. */
	rampart_stream_ack(&s, 1022);
	assert_int_equal(s.n, 1);
	assert_int_equal(rampart_stream_next(&s), 1022);
	/* An old ack changes nothing. */
	rampart_stream_ack(&s, 900);
	assert_int_equal(s.n, 1);
	assert_true(rampart_stream_mark(&s, 1030, rampart_stream_extend(key(),
				rampart_stream_prefix(&s), (const u8 *)"QUIT\r\nxy", 8)));
	assert_int_equal(rampart_stream_check(&s, key(), 1022, 1030, hash("QUIT\r\nxy", 8)),
			 RAMPART_STREAM_OK);
}

static void test_wraps_and_bounds(void **state)
{
	const char *t = "EHLO c\r\nNOOP x\r\n";
	const u32 lens[] = { 8, 8 };
	struct rampart_stream s;
	unsigned int i;

	(void)state;
	/* Sequence numbers wrap past 2^32. */
	inspect(&s, 0xfffffffc, t, lens, 2);
	assert_int_equal(rampart_stream_next(&s), 12);
	assert_int_equal(rampart_stream_check(&s, key(), 4, 12, hash(t + 8, 8)),
			 RAMPART_STREAM_OK);
	assert_int_equal(rampart_stream_check(&s, key(), 0xfffffffc, 12, hash(t, 16)),
			 RAMPART_STREAM_OK);
	rampart_stream_ack(&s, 5);
	assert_int_equal(rampart_stream_first(&s), 4);

	/* A mark must move forward; the record holds RAMPART_STREAM_MARKS. */
	rampart_stream_start(&s, 100);
	assert_false(rampart_stream_mark(&s, 100, 0));
	assert_false(rampart_stream_mark(&s, 99, 0));
	for (i = 1; i < RAMPART_STREAM_MARKS; i++)
		assert_true(rampart_stream_mark(&s, 100 + i, i));
	assert_false(rampart_stream_room(&s, 1));
	assert_false(rampart_stream_mark(&s, 100 + i, i));
	rampart_stream_ack(&s, 110);
	assert_true(rampart_stream_room(&s, 10));
	assert_false(rampart_stream_room(&s, 11));
}

/* The ring wraps: marks added after older ones were forgotten. */
static void test_ring_wraps(void **state)
{
	struct rampart_stream s;
	u8 byte[1] = { 'x' }, xs[600];
	u64 h = 0, at300 = 0;
	unsigned int i;

	(void)state;
	memset(xs, 'x', sizeof(xs));
	rampart_stream_start(&s, 0);
	for (i = 1; i <= 600; i++) {
		h = rampart_stream_extend(key(), h, byte, 1);
		if (!rampart_stream_room(&s, 1))
			rampart_stream_ack(&s, i - 100);
		assert_true(rampart_stream_mark(&s, i, h));
		if (i == 300)
			at300 = h;
	}
	assert_int_equal(rampart_stream_next(&s), 600);
	assert_true(rampart_stream_first(&s) > 300);
	assert_int_equal(s.n <= RAMPART_STREAM_MARKS, 1);
	/* Ranges between any two kept marks, across the ring's end. */
	for (i = rampart_stream_first(&s); i < 600; i += 7)
		assert_int_equal(rampart_stream_check(&s, key(), i, 600,
						      rampart_stream_extend(key(), 0,
							(const u8 *)xs, 600 - i)),
				 RAMPART_STREAM_OK);
	/* A forgotten mark cannot be compared from. */
	assert_int_equal(rampart_stream_check(&s, key(), 300, 600, h - at300),
			 RAMPART_STREAM_UNCHECKABLE);
}

/* Random texts of one length: another text never passes for the first. */
static void test_random_texts(void **state)
{
	u8 a[64], b[64];
	struct rampart_stream s;
	unsigned int round, i;
	u32 len;
	u64 h;

	(void)state;
	srand(11);
	for (round = 0; round < 20000; round++) {
		len = 1 + rand() % sizeof(a);
		for (i = 0; i < len; i++)
			a[i] = b[i] = rand();
		b[rand() % len] ^= 1 + rand() % 255;
		rampart_stream_start(&s, round * 64);
		h = rampart_stream_extend(key(), 0, a, len);
		assert_true(rampart_stream_mark(&s, round * 64 + len, h));
		assert_int_equal(rampart_stream_check(&s, key(), round * 64, round * 64 + len,
						      rampart_stream_extend(key(), 0, b, len)),
				 RAMPART_STREAM_DIFFERS);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_composes),
		cmocka_unit_test(test_same_bytes_pass),
		cmocka_unit_test(test_other_bytes_differ),
		cmocka_unit_test(test_off_the_marks),
		cmocka_unit_test(test_ack_forgets),
		cmocka_unit_test(test_wraps_and_bounds),
		cmocka_unit_test(test_ring_wraps),
		cmocka_unit_test(test_random_texts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
