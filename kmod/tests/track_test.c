// SPDX-License-Identifier: GPL-2.0
/*
 * TCP tracking in the kernel build: every shared transition and window case
 * from every pair of ISNs, as the userspace unit tests run them.
 */
#include <kunit/test.h>

#include "../core/reason.h"
#include "../core/track.h"
#include "../../tests/vectors/track_vectors.h"

static void track_cases_from_every_isn(struct kunit *test)
{
	unsigned int c, b, step;
	char why[128];

	for (c = 0; c < ARRAY_SIZE(track_cases); c++) {
		for (b = 0; b < ARRAY_SIZE(track_bases); b++) {
			step = track_run_case(&track_cases[c], &track_bases[b],
					      why, sizeof(why));
			KUNIT_EXPECT_EQ_MSG(test, step, 0, "%s (ISNs %#x/%#x), step %u: %s",
					    track_cases[c].name,
					    track_bases[b].client,
					    track_bases[b].server, step, why);
		}
	}
}

static void track_flags_text(struct kunit *test)
{
	char buf[16];

	rampart_tcp_flags_text(RAMPART_TCP_FIN | RAMPART_TCP_PSH | RAMPART_TCP_ACK,
			       buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "FIN-PUSH-ACK");
	rampart_tcp_flags_text(RAMPART_TCP_SYN | RAMPART_TCP_ACK, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "SYN-ACK");
	rampart_tcp_flags_text(0, buf, sizeof(buf));
	KUNIT_EXPECT_STREQ(test, buf, "none");
	rampart_tcp_flags_text(0xff, buf, 8);
	KUNIT_EXPECT_STREQ(test, buf, "SYN-RST");
}

static void track_state_names(struct kunit *test)
{
	unsigned int s;

	for (s = 0; s < __RAMPART_CONN_MAX; s++)
		KUNIT_EXPECT_STRNEQ(test, rampart_conn_state_name(s), "UNKNOWN");
	KUNIT_EXPECT_STREQ(test, rampart_conn_state_name(RAMPART_CONN_TIME_WAIT),
			   "TIME_WAIT");
	KUNIT_EXPECT_STREQ(test, rampart_conn_state_name(__RAMPART_CONN_MAX), "UNKNOWN");
}

static struct kunit_case track_test_cases[] = {
	KUNIT_CASE(track_cases_from_every_isn),
	KUNIT_CASE(track_flags_text),
	KUNIT_CASE(track_state_names),
	{}
};

static struct kunit_suite track_suite = {
	.name = "rampart_track",
	.test_cases = track_test_cases,
};

kunit_test_suite(track_suite);
