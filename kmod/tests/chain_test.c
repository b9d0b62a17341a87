// SPDX-License-Identifier: GPL-2.0
/* Invariants of the chain table that fwadm chain and the hooks rely on. */
#include <kunit/test.h>

#include "../rampart.h"
#include "../core/reason.h"

static void chain_positions_in_order(struct kunit *test)
{
	unsigned int i, n[RAMPART_NDIRS] = { 0 };
	int prev[RAMPART_NDIRS] = { INT_MIN, INT_MIN };

	for (i = 0; i < ARRAY_SIZE(rampart_chain); i++) {
		const struct rampart_chain_stage *st = &rampart_chain[i];
		unsigned int d = rampart_dir_slot(st->dir);

		KUNIT_EXPECT_TRUE(test, st->dir == RAMPART_DIR_IN ||
					st->dir == RAMPART_DIR_OUT);
		/* Position numbers count up from 0 in table order ... */
		KUNIT_EXPECT_EQ(test, st->index, n[d]);
		/* ... and netfilter runs them in that order. */
		KUNIT_EXPECT_GT(test, st->priority, prev[d]);
		KUNIT_EXPECT_NOT_NULL(test, st->fn);
		KUNIT_EXPECT_NOT_NULL(test, st->name);
		KUNIT_EXPECT_NOT_NULL(test, st->desc);
		prev[d] = st->priority;
		n[d]++;
	}
	KUNIT_EXPECT_EQ(test, n[0], (unsigned int)RAMPART_NSTAGES);
	KUNIT_EXPECT_EQ(test, n[1], (unsigned int)RAMPART_NSTAGES);
}

/* Sanity must follow the kernel's defragmentation (NF_IP_PRI_CONNTRACK_DEFRAG). */
static void chain_sanity_after_defrag(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rampart_chain); i++)
		if (rampart_chain[i].id == RAMPART_STAGE_SANITY)
			KUNIT_EXPECT_GT(test, rampart_chain[i].priority, -400);
}

static void chain_every_stage_in_both_chains(struct kunit *test)
{
	unsigned int i, seen[RAMPART_NDIRS] = { 0 };

	for (i = 0; i < ARRAY_SIZE(rampart_chain); i++)
		seen[rampart_dir_slot(rampart_chain[i].dir)] |=
			1u << rampart_chain[i].id;
	KUNIT_EXPECT_EQ(test, seen[0], seen[1]);
	KUNIT_EXPECT_EQ(test, seen[0], (1u << RAMPART_STAGE_SANITY) |
		(1u << RAMPART_STAGE_FW) | (1u << RAMPART_STAGE_SMTP) |
		(1u << RAMPART_STAGE_END));
}

static void reason_texts_complete(struct kunit *test)
{
	unsigned int r;

	for (r = 0; r <= RAMPART_DROP_MAX; r++)
		KUNIT_EXPECT_STRNEQ(test, rampart_drop_reason_text(r),
				    "unknown drop reason");
	KUNIT_EXPECT_STREQ(test, rampart_drop_reason_text(RAMPART_DROP_MAX + 1),
			   "unknown drop reason");
}

static struct kunit_case chain_cases[] = {
	KUNIT_CASE(chain_positions_in_order),
	KUNIT_CASE(chain_sanity_after_defrag),
	KUNIT_CASE(chain_every_stage_in_both_chains),
	KUNIT_CASE(reason_texts_complete),
	{}
};

static struct kunit_suite chain_suite = {
	.name = "rampart_chain",
	.test_cases = chain_cases,
};

kunit_test_suite(chain_suite);
