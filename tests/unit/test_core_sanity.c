// SPDX-License-Identifier: GPL-2.0
/* The sanity stage's pure checks, on the shared packet vectors. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "sanity.h"
#include "reason.h"
#include "../vectors/sanity_vectors.h"

static enum rampart_drop_reason check_buf(const unsigned char *pkt, unsigned int len,
					  unsigned char family, struct rampart_pkt_info *info)
{
	/* A private copy of exactly len bytes, so ASan sees any over-read. */
	unsigned char *copy = malloc(len ? len : 1);
	struct rampart_pkt_reader r = {
		.get = rampart_buf_get, .ctx = copy, .len = len,
	};
	enum rampart_drop_reason ret;

	assert_non_null(copy);
	memcpy(copy, pkt, len);
	ret = rampart_sanity_check(&r, family, info);
	free(copy);
	return ret;
}

static void test_vectors(void **state)
{
	unsigned int i, failed = 0;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(sanity_vectors); i++) {
		const struct sanity_vector *v = &sanity_vectors[i];
		struct rampart_pkt_info info;
		unsigned int got = check_buf(v->pkt, v->len, v->family, &info);

		if (got != v->expect) {
			print_error("%s: got %u (%s), want %u (%s)\n", v->name,
				    got, rampart_drop_reason_text(got), v->expect,
				    rampart_drop_reason_text(v->expect));
			failed++;
			continue;
		}
		if (v->expect == RAMPART_DROP_NONE &&
		    (info.l4proto != v->l4proto || info.dport != v->dport)) {
			print_error("%s: proto %u port %u, want %u %u\n", v->name,
				    info.l4proto, info.dport, v->l4proto, v->dport);
			failed++;
		}
	}
	assert_int_equal(failed, 0);
}

/* Every proper prefix of a sound packet is refused, never read past. */
static void test_truncations_refused(void **state)
{
	unsigned int i, cut, failed = 0;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(sanity_vectors); i++) {
		const struct sanity_vector *v = &sanity_vectors[i];
		struct rampart_pkt_info info;

		if (v->expect != RAMPART_DROP_NONE)
			continue;
		for (cut = 0; cut < v->len; cut++) {
			unsigned int got = check_buf(v->pkt, cut, v->family, &info);

			/* A cut into trailing padding leaves a sound packet. */
			if (got == RAMPART_DROP_NONE && cut >= 20) {
				unsigned int end = v->family == 4 ?
					(unsigned int)((v->pkt[2] << 8) | v->pkt[3]) :
					40u + ((v->pkt[4] << 8) | v->pkt[5]);
				if (cut >= end)
					continue;
			}
			if (got == RAMPART_DROP_NONE) {
				print_error("%s cut to %u bytes passed\n", v->name, cut);
				failed++;
			}
		}
	}
	assert_int_equal(failed, 0);
}

static void test_info_fields(void **state)
{
	static const unsigned char syn[] = {
		SV_IP4(40, 6), SV_TCP(40000, 587, SV_SYN)
	};
	struct rampart_pkt_info info;

	(void)state;
	assert_int_equal(check_buf(syn, sizeof(syn), 4, &info), RAMPART_DROP_NONE);
	assert_int_equal(info.family, 4);
	assert_int_equal(info.l4proto, 6);
	assert_int_equal(info.l4off, 20);
	assert_int_equal(info.l4len, 20);
	assert_int_equal(info.sport, 40000);
	assert_int_equal(info.dport, 587);
	assert_int_equal(info.tcp_flags, SV_SYN);
}

static void test_gso_zero_lengths(void **state)
{
	/* A GSO super-packet may carry total length 0; the skb length rules. */
	static const unsigned char pkt[] = {
		SV_IP4(0, 6), SV_TCP(40000, 25, SV_ACK)
	};
	struct rampart_pkt_reader r = {
		.get = rampart_buf_get, .ctx = pkt, .len = sizeof(pkt), .gso = true,
	};
	struct rampart_pkt_info info;

	(void)state;
	assert_int_equal(rampart_sanity_check(&r, 4, &info), RAMPART_DROP_NONE);
	r.gso = false;
	assert_int_equal(rampart_sanity_check(&r, 4, &info),
			 RAMPART_DROP_IPV4_BAD_TOTAL_LEN);
}

static void test_reason_texts(void **state)
{
	unsigned int i, j;

	(void)state;
	for (i = 0; i <= RAMPART_DROP_MAX; i++) {
		const char *t = rampart_drop_reason_text(i);

		assert_non_null(t);
		assert_string_not_equal(t, "unknown drop reason");
		for (j = 0; j < i; j++)
			assert_string_not_equal(t, rampart_drop_reason_text(j));
	}
	assert_string_equal(rampart_drop_reason_text(RAMPART_DROP_MAX + 1),
			    "unknown drop reason");
	assert_string_equal(rampart_drop_reason_text(RAMPART_DROP_TCP_SYN_FIN),
			    "TCP flags SYN and FIN together");
}

/* Every drop reason the sanity stage can give is exercised by a vector. */
static void test_vectors_cover_reasons(void **state)
{
	unsigned int r, i;

	(void)state;
	for (r = RAMPART_DROP_NONE; r <= RAMPART_SANITY_LAST_REASON; r++) {
		for (i = 0; i < ARRAY_SIZE(sanity_vectors); i++)
			if (sanity_vectors[i].expect == r)
				break;
		if (i == ARRAY_SIZE(sanity_vectors))
			print_error("no vector for reason %u (%s)\n", r,
				    rampart_drop_reason_text(r));
		assert_int_not_equal(i, ARRAY_SIZE(sanity_vectors));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_truncations_refused),
		cmocka_unit_test(test_info_fields),
		cmocka_unit_test(test_gso_zero_lengths),
		cmocka_unit_test(test_reason_texts),
		cmocka_unit_test(test_vectors_cover_reasons),
	};

	return cmocka_run_group_tests_name("core_sanity", tests, NULL, NULL);
}
