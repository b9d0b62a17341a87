// SPDX-License-Identifier: GPL-2.0
/*
 * Monitor sessions on a namespace state of their own: start and stop,
 * refusals, the position letters, what a record holds, and the hook with
 * its filter, drops-only flag and count. Records go to a port no socket
 * has, so every record the hook makes is counted as lost: the counts tell
 * which packets were recorded.
 */
#include <kunit/test.h>
#include <linux/filter.h>
#include <linux/inet.h>
#include <linux/ip.h>
#include <net/genetlink.h>

#include "../rampart.h"

#define NO_SOCKET	0x7ffffff0	/* a port no socket is bound to */

struct montest {
	struct rampart_net *rn;
	struct nf_hook_state state;
};

static int montest_init(struct kunit *test)
{
	struct montest *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	t->rn = kunit_kzalloc(test, sizeof(*t->rn), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->rn);
	t->rn->net = &init_net;
	t->rn->stats = alloc_percpu(struct rampart_pcpu_stats);
	KUNIT_ASSERT_NOT_NULL(test, t->rn->stats);
	rampart_monitor_net_init(t->rn);
	t->state.hook = NF_INET_PRE_ROUTING;
	t->state.pf = NFPROTO_IPV4;
	t->state.net = &init_net;
	test->priv = t;
	return 0;
}

static void montest_exit(struct kunit *test)
{
	struct montest *t = test->priv;

	rampart_monitor_net_exit(t->rn);
	KUNIT_EXPECT_EQ(test, READ_ONCE(t->rn->n_monitors), 0U);
	free_percpu(t->rn->stats);
}

static struct sk_buff *udp4(struct kunit *test, u8 proto)
{
	struct sk_buff *skb = alloc_skb(MAX_HEADER + 28, GFP_KERNEL);
	struct iphdr *iph;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, MAX_HEADER);
	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, sizeof(*iph));
	iph->version = 4;
	iph->ihl = 5;
	iph->ttl = 64;
	iph->protocol = proto;
	iph->tot_len = htons(28);
	iph->saddr = in_aton("192.0.2.10");
	iph->daddr = in_aton("198.51.100.5");
	skb_put_zero(skb, 8);
	skb->protocol = htons(ETH_P_IP);
	return skb;
}

static int add(struct kunit *test, u32 portid, u32 positions, u32 flags, u32 count,
	       const struct sock_filter *insns, unsigned int n, u32 *id)
{
	struct montest *t = test->priv;
	struct rampart_monitor_cfg cfg = {
		.positions = positions,
		.snaplen = RAMPART_MON_SNAPLEN_MAX,
		.flags = flags,
		.count = count,
		.insns = insns,
		.n_insns = n,
	};
	struct netlink_ext_ack extack = {};
	u32 dummy;

	return rampart_monitor_add(t->rn, &cfg, portid, &extack, id ? id : &dummy);
}

static void monitor_letters(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rampart_chain); i++) {
		const struct rampart_chain_stage *st = &rampart_chain[i];
		char want = st->dir == RAMPART_DIR_IN ? 'i' : 'o';

		/* Before fw lower case; fw's own record and after: upper. */
		if (st->index >= 1)
			want -= 'a' - 'A';
		KUNIT_EXPECT_EQ(test, rampart_monitor_letter(st), want);
	}
	KUNIT_EXPECT_EQ(test, rampart_monitor_all_positions(), 0x000f000fU);
}

static void monitor_lifecycle(struct kunit *test)
{
	struct montest *t = test->priv;
	struct rampart_monitor_stats stats;
	u32 id1, id2;

	KUNIT_EXPECT_FALSE(test, rampart_monitor_active(t->rn));
	KUNIT_ASSERT_EQ(test, add(test, 100, 0x1, 0, 0, NULL, 0, &id1), 0);
	KUNIT_EXPECT_TRUE(test, rampart_monitor_active(t->rn));
	KUNIT_ASSERT_EQ(test, add(test, 200, 0x1, 0, 0, NULL, 0, &id2), 0);
	KUNIT_EXPECT_NE(test, id1, id2);
	KUNIT_EXPECT_EQ(test, t->rn->n_monitors, 2U);
	KUNIT_EXPECT_EQ(test, t->rn->monitor_positions, 0x1U);
	KUNIT_EXPECT_TRUE(test, rampart_monitor_wants(t->rn, &rampart_chain[0]));
	KUNIT_EXPECT_FALSE(test, rampart_monitor_wants(t->rn, &rampart_chain[1]));
	/* One session per socket. */
	KUNIT_EXPECT_EQ(test, add(test, 100, 0x1, 0, 0, NULL, 0, NULL), -EBUSY);

	KUNIT_EXPECT_EQ(test, rampart_monitor_stop(t->rn, id2, 0, &stats), 0);
	KUNIT_EXPECT_EQ(test, stats.id, id2);
	KUNIT_EXPECT_EQ(test, rampart_monitor_stop(t->rn, id2, 0, &stats), -ENOENT);
	/* By the socket's port, as a socket's own STOP does. */
	KUNIT_EXPECT_EQ(test, rampart_monitor_stop(t->rn, 0, 100, &stats), 0);
	KUNIT_EXPECT_EQ(test, stats.id, id1);
	KUNIT_EXPECT_EQ(test, t->rn->n_monitors, 0U);
	KUNIT_EXPECT_EQ(test, t->rn->monitor_positions, 0U);
	KUNIT_EXPECT_FALSE(test, rampart_monitor_active(t->rn));
}

static void monitor_refusals(struct kunit *test)
{
	/* A jump past the end: bpf_check_classic() refuses it. */
	static const struct sock_filter bad[] = {
		BPF_JUMP(BPF_JMP | BPF_JA, 5, 0, 0),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	unsigned int i;

	KUNIT_EXPECT_EQ(test, add(test, 1, 0, 0, 0, NULL, 0, NULL), -EINVAL);
	/* Position 5 of the in chain does not exist. */
	KUNIT_EXPECT_EQ(test, add(test, 1, BIT(5), 0, 0, NULL, 0, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, add(test, 1, 0x1, 0, 0, bad, ARRAY_SIZE(bad), NULL), -EINVAL);
	for (i = 0; i < RAMPART_MON_SESSIONS_MAX; i++)
		KUNIT_ASSERT_EQ(test, add(test, 1000 + i, 0x1, 0, 0, NULL, 0, NULL), 0);
	KUNIT_EXPECT_EQ(test, add(test, 1, 0x1, 0, 0, NULL, 0, NULL), -ENOSPC);
	/* montest_exit() frees the 64 through rampart_monitor_net_exit(). */
}

static unsigned int drop_stage(struct rampart_net *rn, const struct rampart_chain_stage *st,
			       struct sk_buff *skb, const struct nf_hook_state *state)
{
	rampart_monitor_note_conn(rn, st, 7, 42);
	return rampart_drop_text(rn, st, RAMPART_DROP_RULE_DROP, "the whole story");
}

static unsigned int accept_stage(struct rampart_net *rn, const struct rampart_chain_stage *st,
				 struct sk_buff *skb, const struct nf_hook_state *state)
{
	return NF_ACCEPT;
}

static const struct rampart_chain_stage test_drop = {
	RAMPART_DIR_IN, 1, 0, RAMPART_STAGE_FW, "fw", "fw inbound", drop_stage,
};

static const struct rampart_chain_stage test_accept = {
	RAMPART_DIR_IN, 2, 50, RAMPART_STAGE_SMTP, "smtp", "smtp inspection inbound",
	accept_stage,
};

static unsigned int hook(struct kunit *test, const struct rampart_chain_stage *st, u8 proto)
{
	struct montest *t = test->priv;
	struct sk_buff *skb = udp4(test, proto);
	unsigned int v;

	rcu_read_lock();
	v = rampart_monitor_hook(t->rn, st, skb, &t->state);
	rcu_read_unlock();
	kfree_skb(skb);
	return v;
}

static u64 lost_of(struct kunit *test, u32 id)
{
	struct montest *t = test->priv;
	struct rampart_monitor_stats stats = {};

	KUNIT_EXPECT_EQ(test, rampart_monitor_stop(t->rn, id, 0, &stats), 0);
	KUNIT_EXPECT_EQ(test, stats.sent, 0ULL);
	return stats.lost;
}

static void monitor_hook_selects(struct kunit *test)
{
	/* pcap's "udp" on DLT_RAW, reduced: protocol byte 9 is 17. */
	static const struct sock_filter udp_only[] = {
		BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 9),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, IPPROTO_UDP, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, 0xffff),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	u32 all, at1, udp, drops, once;

	KUNIT_ASSERT_EQ(test, add(test, NO_SOCKET, 0x000f000f, 0, 0, NULL, 0, &all), 0);
	KUNIT_ASSERT_EQ(test, add(test, NO_SOCKET + 1, BIT(1), 0, 0, NULL, 0, &at1), 0);
	KUNIT_ASSERT_EQ(test, add(test, NO_SOCKET + 2, 0x000f000f, 0, 0, udp_only,
				  ARRAY_SIZE(udp_only), &udp), 0);
	KUNIT_ASSERT_EQ(test, add(test, NO_SOCKET + 3, 0x000f000f,
				  RAMPART_MON_F_DROPS_ONLY, 0, NULL, 0, &drops), 0);
	KUNIT_ASSERT_EQ(test, add(test, NO_SOCKET + 4, 0x000f000f, 0, 1, NULL, 0, &once), 0);

	/* The stage's verdict comes through the monitor unchanged. */
	KUNIT_EXPECT_EQ(test, hook(test, &test_drop, IPPROTO_UDP), (unsigned int)NF_DROP);
	KUNIT_EXPECT_EQ(test, hook(test, &test_accept, IPPROTO_UDP), (unsigned int)NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, hook(test, &test_accept, IPPROTO_TCP), (unsigned int)NF_ACCEPT);

	KUNIT_EXPECT_EQ(test, lost_of(test, all), 3ULL);
	KUNIT_EXPECT_EQ(test, lost_of(test, at1), 1ULL);	/* position 1 only */
	KUNIT_EXPECT_EQ(test, lost_of(test, udp), 2ULL);	/* not the TCP one */
	KUNIT_EXPECT_EQ(test, lost_of(test, drops), 1ULL);
	/* A lost record does not use up the count: it never reached the reader. */
	KUNIT_EXPECT_EQ(test, lost_of(test, once), 3ULL);
}

static void monitor_record_fill(struct kunit *test)
{
	struct montest *t = test->priv;
	struct rampart_monitor_note note = {
		.rn = t->rn, .st = &test_drop,
		.reason = RAMPART_DROP_RULE_DROP, .rule = 7, .conn_id = 42,
		.text = "the whole story",
	};
	struct nlattr *top[RAMPART_A_MAX + 1], *tb[RAMPART_REC_A_MAX + 1];
	struct sk_buff *skb = udp4(test, IPPROTO_UDP), *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, msg);
	hdr = genlmsg_put(msg, 0, 0, &rampart_genl_family, 0, RAMPART_CMD_MONITOR_RECORD);
	KUNIT_ASSERT_NOT_NULL(test, hdr);
	/* A snap length shorter than the packet. */
	KUNIT_ASSERT_EQ(test, rampart_monitor_fill(msg, 9, 20, skb, &t->state, NF_DROP,
						   &note), 0);
	genlmsg_end(msg, hdr);

	KUNIT_ASSERT_EQ(test, genlmsg_parse(nlmsg_hdr(msg), &rampart_genl_family, top,
					    RAMPART_A_MAX, NULL, NULL), 0);
	KUNIT_EXPECT_EQ(test, nla_get_u32(top[RAMPART_A_MONITOR_ID]), 9U);
	KUNIT_ASSERT_NOT_NULL(test, top[RAMPART_A_RECORD]);
	KUNIT_ASSERT_EQ(test, nla_parse_nested(tb, RAMPART_REC_A_MAX, top[RAMPART_A_RECORD],
					       NULL, NULL), 0);
	KUNIT_EXPECT_EQ(test, nla_get_u8(tb[RAMPART_REC_A_FAMILY]), 4);
	KUNIT_EXPECT_EQ(test, nla_get_u8(tb[RAMPART_REC_A_HOOK]), NF_INET_PRE_ROUTING);
	KUNIT_EXPECT_EQ(test, nla_get_u8(tb[RAMPART_REC_A_DIR]), RAMPART_DIR_IN);
	KUNIT_EXPECT_EQ(test, nla_get_u8(tb[RAMPART_REC_A_POSITION]), 1);
	KUNIT_EXPECT_EQ(test, nla_get_u8(tb[RAMPART_REC_A_LETTER]), 'I');
	KUNIT_EXPECT_EQ(test, nla_get_u8(tb[RAMPART_REC_A_VERDICT]), RAMPART_MON_DROP);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[RAMPART_REC_A_REASON]),
			(u32)RAMPART_DROP_RULE_DROP);
	KUNIT_EXPECT_STREQ(test, (char *)nla_data(tb[RAMPART_REC_A_TEXT]), "the whole story");
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[RAMPART_REC_A_RULE]), 7U);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[RAMPART_REC_A_CONN_ID]), 42U);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[RAMPART_REC_A_IFINDEX_IN]), 0U);
	KUNIT_EXPECT_NULL(test, tb[RAMPART_REC_A_IFNAME_IN]);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[RAMPART_REC_A_LEN]), 28U);
	KUNIT_ASSERT_EQ(test, nla_len(tb[RAMPART_REC_A_DATA]), 20);
	KUNIT_EXPECT_EQ(test, memcmp(nla_data(tb[RAMPART_REC_A_DATA]), skb->data, 20), 0);
	KUNIT_EXPECT_NOT_NULL(test, tb[RAMPART_REC_A_TIME]);
	nlmsg_free(msg);
	kfree_skb(skb);
}

/* Without a text the reason's own text is given. */
static void monitor_record_reason_text(struct kunit *test)
{
	struct montest *t = test->priv;
	struct rampart_monitor_note note = {
		.rn = t->rn, .st = &test_drop, .reason = RAMPART_DROP_NO_RULE,
	};
	struct nlattr *top[RAMPART_A_MAX + 1], *tb[RAMPART_REC_A_MAX + 1];
	struct sk_buff *skb = udp4(test, IPPROTO_UDP), *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, msg);
	hdr = genlmsg_put(msg, 0, 0, &rampart_genl_family, 0, RAMPART_CMD_MONITOR_RECORD);
	KUNIT_ASSERT_EQ(test, rampart_monitor_fill(msg, 1, 65535, skb, &t->state, NF_DROP,
						   &note), 0);
	genlmsg_end(msg, hdr);
	KUNIT_ASSERT_EQ(test, genlmsg_parse(nlmsg_hdr(msg), &rampart_genl_family, top,
					    RAMPART_A_MAX, NULL, NULL), 0);
	KUNIT_ASSERT_EQ(test, nla_parse_nested(tb, RAMPART_REC_A_MAX, top[RAMPART_A_RECORD],
					       NULL, NULL), 0);
	KUNIT_EXPECT_STREQ(test, (char *)nla_data(tb[RAMPART_REC_A_TEXT]),
			   "no rule accepts it (implicit final drop)");
	KUNIT_EXPECT_NULL(test, tb[RAMPART_REC_A_RULE]);
	KUNIT_EXPECT_EQ(test, nla_len(tb[RAMPART_REC_A_DATA]), 28);
	nlmsg_free(msg);
	kfree_skb(skb);
}

/* A 64 KiB packet: the record still fits its 16-bit nest length. */
static void monitor_record_big_packet(struct kunit *test)
{
	struct montest *t = test->priv;
	struct rampart_monitor_note note = { .rn = t->rn, .st = &test_accept };
	struct nlattr *top[RAMPART_A_MAX + 1], *tb[RAMPART_REC_A_MAX + 1];
	struct sk_buff *skb = alloc_skb(U16_MAX, GFP_KERNEL), *msg;
	void *hdr;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reset_network_header(skb);
	skb_put_zero(skb, U16_MAX);
	msg = genlmsg_new(U16_MAX + 1024, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, msg);
	hdr = genlmsg_put(msg, 0, 0, &rampart_genl_family, 0, RAMPART_CMD_MONITOR_RECORD);
	KUNIT_ASSERT_EQ(test, rampart_monitor_fill(msg, 1, RAMPART_MON_SNAPLEN_MAX, skb,
						   &t->state, NF_ACCEPT, &note), 0);
	genlmsg_end(msg, hdr);
	KUNIT_ASSERT_EQ(test, genlmsg_parse(nlmsg_hdr(msg), &rampart_genl_family, top,
					    RAMPART_A_MAX, NULL, NULL), 0);
	KUNIT_ASSERT_EQ(test, nla_parse_nested(tb, RAMPART_REC_A_MAX, top[RAMPART_A_RECORD],
					       NULL, NULL), 0);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[RAMPART_REC_A_LEN]), (u32)U16_MAX);
	KUNIT_EXPECT_GT(test, nla_len(tb[RAMPART_REC_A_DATA]), 65000);
	KUNIT_EXPECT_LE(test, nla_len(top[RAMPART_A_RECORD]), (int)U16_MAX);
	nlmsg_free(msg);
	kfree_skb(skb);
}

static struct kunit_case monitor_cases[] = {
	KUNIT_CASE(monitor_letters),
	KUNIT_CASE(monitor_lifecycle),
	KUNIT_CASE(monitor_refusals),
	KUNIT_CASE(monitor_hook_selects),
	KUNIT_CASE(monitor_record_fill),
	KUNIT_CASE(monitor_record_reason_text),
	KUNIT_CASE(monitor_record_big_packet),
	{}
};

static struct kunit_suite monitor_suite = {
	.name = "rampart_monitor",
	.init = montest_init,
	.exit = montest_exit,
	.test_cases = monitor_cases,
};

kunit_test_suite(monitor_suite);
