// SPDX-License-Identifier: GPL-2.0
/*
 * The sanity stage: runs the kernel-independent checks of core/sanity.c on an
 * skb, reading headers with skb_header_pointer() so non-linear skbs are fine.
 */
#include <linux/module.h>
#include <linux/skbuff.h>

#include "rampart.h"

static const void *skb_reader_get(const struct rampart_pkt_reader *r,
				  unsigned int off, unsigned int len, void *buf)
{
	const struct sk_buff *skb = r->ctx;

	if (off > r->len || len > r->len - off)
		return NULL;
	return skb_header_pointer(skb, skb_network_offset(skb) + off, len, buf);
}

enum rampart_drop_reason rampart_sanity_skb(const struct sk_buff *skb, u8 family,
					    struct rampart_pkt_info *info)
{
	struct rampart_pkt_reader r = {
		.get = skb_reader_get,
		.ctx = skb,
		.gso = skb_is_gso(skb),
	};
	int noff = skb_network_offset(skb);

	if (noff < 0 || skb->len < noff)
		return RAMPART_DROP_IP_TRUNCATED;
	r.len = skb->len - noff;
	return rampart_sanity_check(&r, family, info);
}
RAMPART_EXPORT_FOR_TESTS(rampart_sanity_skb);

unsigned int rampart_stage_sanity(struct rampart_net *rn,
				  const struct rampart_chain_stage *st,
				  struct sk_buff *skb,
				  const struct nf_hook_state *state)
{
	struct rampart_pkt_info info;
	enum rampart_drop_reason reason;

	reason = rampart_sanity_skb(skb, state->pf == NFPROTO_IPV6 ? 6 : 4, &info);
	if (reason)
		return rampart_drop(rn, st, reason);
	return NF_ACCEPT;
}
