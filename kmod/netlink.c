// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink family "rampart". Each request acts on the namespace of
 * the requesting socket; everything that reveals or changes state needs
 * CAP_NET_ADMIN over that namespace (GENL_UNS_ADMIN_PERM: a container's own
 * root administers its own firewall, nobody else's).
 */
#include <linux/module.h>
#include <net/genetlink.h>

#include "rampart.h"
#include "core/reason.h"


/*
 * None of the current requests takes an attribute. A policy whose every
 * entry is unset makes strict validation refuse any attribute with an
 * extack message instead of ignoring it.
 */
static const struct nla_policy rampart_no_attr_policy[RAMPART_A_MAX + 1] = {};

static const struct nla_policy rampart_stats_policy[RAMPART_A_MAX + 1] = {
	[RAMPART_A_STATS_RESET] = { .type = NLA_FLAG },
};

static const struct nla_policy rampart_ticket_policy[RAMPART_A_MAX + 1] = {
	[RAMPART_A_POLICY_TICKET] = { .type = NLA_U32 },
};

static const struct nla_policy rampart_commit_policy[RAMPART_A_MAX + 1] = {
	[RAMPART_A_POLICY_TICKET] = { .type = NLA_U32 },
	[RAMPART_A_POLICY_FLAGS] = NLA_POLICY_MASK(NLA_U32, RAMPART_POLICY_F_ALL),
};

static struct sk_buff *reply_start(struct genl_info *info, void **hdr)
{
	struct sk_buff *msg;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return NULL;
	*hdr = genlmsg_put_reply(msg, info, &rampart_genl_family, 0,
				 info->genlhdr->cmd);
	if (!*hdr) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static int reply_send(struct sk_buff *msg, void *hdr, struct genl_info *info)
{
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static int reply_too_big(struct sk_buff *msg, struct genl_info *info)
{
	nlmsg_free(msg);
	NL_SET_ERR_MSG(info->extack, "reply does not fit in one message");
	return -EMSGSIZE;
}

static int rampart_nl_get_version(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	msg = reply_start(info, &hdr);
	if (!msg)
		return -ENOMEM;
	if (nla_put_string(msg, RAMPART_A_VERSION, RAMPART_VERSION) ||
	    nla_put_u32(msg, RAMPART_A_ABI, RAMPART_ABI_VERSION))
		return reply_too_big(msg, info);
	return reply_send(msg, hdr, info);
}

static int put_stage_id(struct sk_buff *msg, const struct rampart_chain_stage *st)
{
	if (nla_put_u8(msg, RAMPART_STAGE_A_DIR, st->dir) ||
	    nla_put_u32(msg, RAMPART_STAGE_A_INDEX, st->index) ||
	    nla_put_string(msg, RAMPART_STAGE_A_NAME, st->name))
		return -EMSGSIZE;
	return 0;
}

static int rampart_nl_get_chain(struct sk_buff *skb, struct genl_info *info)
{
	struct rampart_net *rn = rampart_pernet(genl_info_net(info));
	struct nlattr *chain, *stage;
	struct sk_buff *msg;
	unsigned int i;
	void *hdr;

	msg = reply_start(info, &hdr);
	if (!msg)
		return -ENOMEM;
	if (nla_put_u8(msg, RAMPART_A_STARTED, READ_ONCE(rn->started)))
		return reply_too_big(msg, info);
	chain = nla_nest_start(msg, RAMPART_A_CHAIN);
	if (!chain)
		return reply_too_big(msg, info);
	for (i = 0; i < ARRAY_SIZE(rampart_chain); i++) {
		const struct rampart_chain_stage *st = &rampart_chain[i];

		stage = nla_nest_start(msg, RAMPART_A_STAGE);
		if (!stage || put_stage_id(msg, st) ||
		    nla_put_s32(msg, RAMPART_STAGE_A_PRIORITY, st->priority) ||
		    nla_put_u32(msg, RAMPART_STAGE_A_ID, st->id) ||
		    nla_put_string(msg, RAMPART_STAGE_A_DESC, st->desc))
			return reply_too_big(msg, info);
		nla_nest_end(msg, stage);
	}
	nla_nest_end(msg, chain);
	return reply_send(msg, hdr, info);
}

/*
 * The namespace's counters summed over the CPUs, since the last reset;
 * with @reset they restart from 0 (the sums become the new base). Under
 * rn->lock.
 */
static void sum_stats(struct rampart_net *rn, struct rampart_pcpu_stats *sum,
		      bool reset)
{
	u64 *v = (u64 *)sum, *base = (u64 *)rn->stats_base;
	unsigned int cpu, d, s, r, i;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct rampart_pcpu_stats *p = per_cpu_ptr(rn->stats, cpu);

		for (d = 0; d < RAMPART_NDIRS; d++) {
			for (s = 0; s < RAMPART_NSTAGES; s++) {
				sum->stage[d][s].packets += READ_ONCE(p->stage[d][s].packets);
				sum->stage[d][s].bytes += READ_ONCE(p->stage[d][s].bytes);
				sum->stage[d][s].drops += READ_ONCE(p->stage[d][s].drops);
			}
		}
		for (r = 0; r < ARRAY_SIZE(sum->drops); r++)
			sum->drops[r] += READ_ONCE(p->drops[r]);
	}
	/* Every field is a u64 counter: the base is subtracted field by field. */
	BUILD_BUG_ON(sizeof(*sum) % sizeof(u64));
	for (i = 0; i < sizeof(*sum) / sizeof(u64); i++) {
		u64 now = v[i];

		v[i] = now - base[i];
		if (reset)
			base[i] = now;
	}
}

/* The installed policy's rule hits restart from 0. Under rn->lock. */
static void reset_rule_hits(struct rampart_net *rn)
{
	const struct rampart_policy *p =
		rcu_dereference_protected(rn->policy, lockdep_is_held(&rn->lock));
	u32 i;

	for (i = 1; p && i <= p->hits.n; i++) {
		rampart_policy_hits(p, i, true);
		if (i % RAMPART_HITS_PER_CHUNK == 0)
			cond_resched();
	}
}

static int rampart_nl_get_stats(struct sk_buff *skb, struct genl_info *info)
{
	struct rampart_net *rn = rampart_pernet(genl_info_net(info));
	bool reset = nla_get_flag(info->attrs[RAMPART_A_STATS_RESET]);
	struct rampart_pcpu_stats *sum;
	struct nlattr *list, *item;
	struct sk_buff *msg;
	unsigned int i;
	void *hdr;

	sum = kmalloc(sizeof(*sum), GFP_KERNEL_ACCOUNT);
	if (!sum)
		return -ENOMEM;
	msg = reply_start(info, &hdr);
	if (!msg) {
		kfree(sum);
		return -ENOMEM;
	}
	mutex_lock(&rn->lock);
	sum_stats(rn, sum, reset);
	if (nla_put_u8(msg, RAMPART_A_STARTED, READ_ONCE(rn->started)))
		goto too_big;

	list = nla_nest_start(msg, RAMPART_A_STAGE_STATS);
	if (!list)
		goto too_big;
	for (i = 0; i < ARRAY_SIZE(rampart_chain); i++) {
		const struct rampart_chain_stage *st = &rampart_chain[i];
		const struct rampart_stage_counters *c =
			&sum->stage[rampart_dir_slot(st->dir)][st->index];

		item = nla_nest_start(msg, RAMPART_A_STAGE);
		if (!item || put_stage_id(msg, st) ||
		    nla_put_u64_64bit(msg, RAMPART_STAGE_A_PACKETS, c->packets,
				      RAMPART_STAGE_A_PAD) ||
		    nla_put_u64_64bit(msg, RAMPART_STAGE_A_BYTES, c->bytes,
				      RAMPART_STAGE_A_PAD) ||
		    nla_put_u64_64bit(msg, RAMPART_STAGE_A_DROPS, c->drops,
				      RAMPART_STAGE_A_PAD))
			goto too_big;
		nla_nest_end(msg, item);
	}
	nla_nest_end(msg, list);

	list = nla_nest_start(msg, RAMPART_A_DROP_STATS);
	if (!list)
		goto too_big;
	for (i = RAMPART_DROP_NONE + 1; i <= RAMPART_DROP_MAX; i++) {
		item = nla_nest_start(msg, RAMPART_A_DROP);
		if (!item ||
		    nla_put_u32(msg, RAMPART_DROP_A_REASON, i) ||
		    nla_put_string(msg, RAMPART_DROP_A_TEXT,
				   rampart_drop_reason_text(i)) ||
		    nla_put_u64_64bit(msg, RAMPART_DROP_A_COUNT, sum->drops[i],
				      RAMPART_DROP_A_PAD))
			goto too_big;
		nla_nest_end(msg, item);
	}
	nla_nest_end(msg, list);
	if (rampart_conn_put_stats(msg, &rn->conns, reset))
		goto too_big;
	if (reset)
		reset_rule_hits(rn);
	mutex_unlock(&rn->lock);
	kfree(sum);
	return reply_send(msg, hdr, info);

too_big:
	mutex_unlock(&rn->lock);
	kfree(sum);
	return reply_too_big(msg, info);
}

static int rampart_nl_start(struct sk_buff *skb, struct genl_info *info)
{
	struct rampart_net *rn = rampart_pernet(genl_info_net(info));
	int err;

	mutex_lock(&rn->lock);
	if (rn->started) {
		NL_SET_ERR_MSG(info->extack,
			       "firewall already started in this namespace");
		err = -EALREADY;
	} else {
		err = rampart_chain_start(rn);
		if (err)
			NL_SET_ERR_MSG(info->extack,
				       "cannot register netfilter hooks or enable defragmentation");
	}
	mutex_unlock(&rn->lock);
	return err;
}

static int rampart_nl_stop(struct sk_buff *skb, struct genl_info *info)
{
	struct rampart_net *rn = rampart_pernet(genl_info_net(info));
	int err = 0;

	mutex_lock(&rn->lock);
	if (!rn->started) {
		NL_SET_ERR_MSG(info->extack,
			       "firewall is not started in this namespace");
		err = -ENOENT;
	} else {
		rampart_chain_stop(rn);
	}
	mutex_unlock(&rn->lock);
	return err;
}

#define RAMPART_OP_POLICY(_cmd, _fn, _policy, _flags)		\
	{							\
		.cmd = _cmd,					\
		.doit = _fn,					\
		.policy = _policy,				\
		.maxattr = RAMPART_A_MAX,			\
		.flags = _flags,				\
	}
#define RAMPART_OP(_cmd, _fn, _flags)				\
	RAMPART_OP_POLICY(_cmd, _fn, rampart_no_attr_policy, _flags)

static const struct genl_ops rampart_genl_ops[] = {
	RAMPART_OP(RAMPART_CMD_GET_VERSION, rampart_nl_get_version, 0),
	RAMPART_OP(RAMPART_CMD_GET_CHAIN, rampart_nl_get_chain, GENL_UNS_ADMIN_PERM),
	RAMPART_OP_POLICY(RAMPART_CMD_GET_STATS, rampart_nl_get_stats,
			  rampart_stats_policy, GENL_UNS_ADMIN_PERM),
	RAMPART_OP(RAMPART_CMD_START, rampart_nl_start, GENL_UNS_ADMIN_PERM),
	RAMPART_OP(RAMPART_CMD_STOP, rampart_nl_stop, GENL_UNS_ADMIN_PERM),
	RAMPART_OP(RAMPART_CMD_POLICY_BEGIN, rampart_nl_policy_begin,
		   GENL_UNS_ADMIN_PERM),
	RAMPART_OP_POLICY(RAMPART_CMD_POLICY_ADD, rampart_nl_policy_add,
			  rampart_policy_add_policy, GENL_UNS_ADMIN_PERM),
	RAMPART_OP_POLICY(RAMPART_CMD_POLICY_COMMIT, rampart_nl_policy_commit,
			  rampart_commit_policy, GENL_UNS_ADMIN_PERM),
	RAMPART_OP_POLICY(RAMPART_CMD_POLICY_ABORT, rampart_nl_policy_abort,
			  rampart_ticket_policy, GENL_UNS_ADMIN_PERM),
	{
		.cmd = RAMPART_CMD_POLICY_GET,
		.dumpit = rampart_nl_policy_get_dump,
		.policy = rampart_no_attr_policy,
		.maxattr = RAMPART_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	RAMPART_OP(RAMPART_CMD_POLICY_UNINSTALL, rampart_nl_policy_uninstall,
		   GENL_UNS_ADMIN_PERM),
	{
		.cmd = RAMPART_CMD_CONN_GET,
		.start = rampart_nl_conn_get_start,
		.dumpit = rampart_nl_conn_get_dump,
		.done = rampart_nl_conn_get_done,
		.policy = rampart_conn_req_policy,
		.maxattr = RAMPART_A_MAX,
		.flags = GENL_UNS_ADMIN_PERM,
	},
	RAMPART_OP_POLICY(RAMPART_CMD_CONN_FLUSH, rampart_nl_conn_flush,
			  rampart_conn_req_policy, GENL_UNS_ADMIN_PERM),
	RAMPART_OP_POLICY(RAMPART_CMD_MONITOR_START, rampart_nl_monitor_start,
			  rampart_monitor_start_policy, GENL_UNS_ADMIN_PERM),
	RAMPART_OP_POLICY(RAMPART_CMD_MONITOR_STOP, rampart_nl_monitor_stop,
			  rampart_monitor_stop_policy, GENL_UNS_ADMIN_PERM),
};

/*
 * RAMPART_CMD_EVENT goes to the one group, index 0 of the family's groups.
 * Joining it needs CAP_NET_ADMIN over the namespace of the socket.
 */
static const struct genl_multicast_group rampart_mcgrps[] = {
	{ .name = RAMPART_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

struct genl_family rampart_genl_family __ro_after_init = {
	.name = RAMPART_GENL_NAME,
	.version = RAMPART_GENL_VERSION,
	.netnsok = true,
	.parallel_ops = true,
	.module = THIS_MODULE,
	.ops = rampart_genl_ops,
	.n_ops = ARRAY_SIZE(rampart_genl_ops),
	.mcgrps = rampart_mcgrps,
	.n_mcgrps = ARRAY_SIZE(rampart_mcgrps),
	.resv_start_op = RAMPART_CMD_STOP + 1,
};
RAMPART_EXPORT_FOR_TESTS(rampart_genl_family);

int __init rampart_genl_init(void)
{
	return genl_register_family(&rampart_genl_family);
}

void rampart_genl_exit(void)
{
	genl_unregister_family(&rampart_genl_family);
}

/* Callable from softirq; msg is consumed whatever the outcome. */
int rampart_genl_event_send(struct net *net, struct sk_buff *msg)
{
	return genlmsg_multicast_netns(&rampart_genl_family, net, msg, 0, 0,
				       GFP_ATOMIC);
}

/* Is anyone in net listening to events? Cheap: check before building one. */
bool rampart_genl_event_wanted(struct net *net)
{
	return genl_has_listeners(&rampart_genl_family, net, 0);
}
