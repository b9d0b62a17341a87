// SPDX-License-Identifier: GPL-2.0
/*
 * The sanity stage on real skbs: every shared vector as a linear skb and as a
 * non-linear one split at every byte, so skb_header_pointer() copies across
 * the head/frag boundary at each possible offset.
 */
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/skbuff.h>

#include "../rampart.h"
#include "../core/reason.h"
#include "../../tests/vectors/sanity_vectors.h"

static struct sk_buff *vector_skb(struct kunit *test,
				  const struct sanity_vector *v,
				  unsigned int head)
{
	struct sk_buff *skb;
	struct page *page;

	skb = alloc_skb(head + 32, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, 32);
	skb_reset_network_header(skb);
	skb_put_data(skb, v->pkt, head);
	if (head < v->len) {
		page = alloc_page(GFP_KERNEL);
		if (!page) {
			kfree_skb(skb);
			KUNIT_FAIL(test, "no page");
			return NULL;
		}
		memcpy(page_address(page), v->pkt + head, v->len - head);
		skb_add_rx_frag(skb, 0, page, 0, v->len - head, PAGE_SIZE);
	}
	return skb;
}

static void check_vector(struct kunit *test, const struct sanity_vector *v,
			 unsigned int head)
{
	struct rampart_pkt_info info;
	struct sk_buff *skb;
	unsigned int got;

	skb = vector_skb(test, v, head);
	if (!skb)
		return;
	KUNIT_EXPECT_EQ(test, skb->len, v->len);
	got = rampart_sanity_skb(skb, v->family, &info);
	KUNIT_EXPECT_EQ_MSG(test, got, v->expect,
			    "%s (head %u): got '%s', want '%s'", v->name, head,
			    rampart_drop_reason_text(got),
			    rampart_drop_reason_text(v->expect));
	if (got == RAMPART_DROP_NONE && v->expect == RAMPART_DROP_NONE) {
		KUNIT_EXPECT_EQ_MSG(test, info.l4proto, v->l4proto, "%s", v->name);
		KUNIT_EXPECT_EQ_MSG(test, info.dport, v->dport, "%s", v->name);
	}
	kfree_skb(skb);
}

static void sanity_linear(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sanity_vectors); i++)
		check_vector(test, &sanity_vectors[i], sanity_vectors[i].len);
}

static void sanity_nonlinear_every_split(struct kunit *test)
{
	unsigned int i, head;

	for (i = 0; i < ARRAY_SIZE(sanity_vectors); i++)
		for (head = 0; head < sanity_vectors[i].len; head++)
			check_vector(test, &sanity_vectors[i], head);
}

/* A header pulled into an skb with a network offset is found there. */
static void sanity_network_offset(struct kunit *test)
{
	static const unsigned char pkt[] = {
		SV_IP4(40, 6), SV_TCP(40000, 25, SV_SYN | SV_FIN)
	};
	struct rampart_pkt_info info;
	struct sk_buff *skb;

	skb = alloc_skb(128, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	memset(skb_put(skb, 14), 0xee, 14);	/* a link-layer header */
	skb_set_network_header(skb, 14);
	skb_put_data(skb, pkt, sizeof(pkt));
	KUNIT_EXPECT_EQ(test, rampart_sanity_skb(skb, 4, &info),
			(unsigned int)RAMPART_DROP_TCP_SYN_FIN);
	kfree_skb(skb);
}

static struct kunit_case sanity_cases[] = {
	KUNIT_CASE(sanity_linear),
	KUNIT_CASE(sanity_nonlinear_every_split),
	KUNIT_CASE(sanity_network_offset),
	{}
};

static struct kunit_suite sanity_suite = {
	.name = "rampart_sanity",
	.test_cases = sanity_cases,
};

kunit_test_suite(sanity_suite);
