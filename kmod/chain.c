// SPDX-License-Identifier: GPL-2.0
/*
 * The numbered chain: which stages run, in what order, at which netfilter
 * priority. Like `fw ctl chain`, a position number is a stage's index in its
 * chain; the in chain hangs off NF_INET_PRE_ROUTING and the out chain off
 * NF_INET_POST_ROUTING, for IPv4 and IPv6 alike.
 *
 * Priorities: sanity runs right after the kernel's defragmentation (-400),
 * so it sees whole datagrams; fw sits where the filter tables sit (0); smtp
 * after it; end runs after the kernel's connection tracking helpers (300) and
 * counts what left Rampart's chain alive.
 */
#include <linux/module.h>
#include <linux/sched/mm.h>
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>

#include "rampart.h"
#include "policy.h"
#include "core/reason.h"
#include "core/smtp.h"
#include "core/track.h"
#include "smtp.h"

static unsigned int stage_pass(struct rampart_net *rn,
			       const struct rampart_chain_stage *st,
			       struct sk_buff *skb,
			       const struct nf_hook_state *state)
{
	return NF_ACCEPT;
}

const struct rampart_chain_stage rampart_chain[RAMPART_NDIRS * RAMPART_NSTAGES] = {
	{ RAMPART_DIR_IN, 0, -390, RAMPART_STAGE_SANITY, "sanity",
	  "stateless verifications", rampart_stage_sanity },
	{ RAMPART_DIR_IN, 1, 0, RAMPART_STAGE_FW, "fw",
	  "fw inbound", rampart_stage_fw },
	{ RAMPART_DIR_IN, 2, 50, RAMPART_STAGE_SMTP, "smtp",
	  "smtp inspection inbound", rampart_stage_smtp },
	{ RAMPART_DIR_IN, 3, 400, RAMPART_STAGE_END, "end",
	  "end of inbound chain", stage_pass },

	{ RAMPART_DIR_OUT, 0, -390, RAMPART_STAGE_SANITY, "sanity",
	  "stateless verifications", rampart_stage_sanity },
	{ RAMPART_DIR_OUT, 1, 0, RAMPART_STAGE_FW, "fw",
	  "fw outbound", rampart_stage_fw },
	{ RAMPART_DIR_OUT, 2, 50, RAMPART_STAGE_SMTP, "smtp",
	  "smtp inspection outbound", rampart_stage_smtp },
	{ RAMPART_DIR_OUT, 3, 400, RAMPART_STAGE_END, "end",
	  "end of outbound chain", stage_pass },
};
RAMPART_EXPORT_FOR_TESTS(rampart_chain);

static const u8 rampart_families[] = { NFPROTO_IPV4, NFPROTO_IPV6 };

/* Filled once at module init from the table above; shared by all netns. */
static struct nf_hook_ops rampart_ops[ARRAY_SIZE(rampart_chain) *
				       ARRAY_SIZE(rampart_families)];

static unsigned int rampart_hook(void *priv, struct sk_buff *skb,
				 const struct nf_hook_state *state)
{
	const struct rampart_chain_stage *st = priv;
	struct rampart_net *rn = rampart_pernet(state->net);
	struct rampart_stage_counters __percpu *c;
	struct mem_cgroup *old = NULL;
	bool charge = st->id == RAMPART_STAGE_FW || st->id == RAMPART_STAGE_SMTP;
	unsigned int verdict;

	c = &rn->stats->stage[rampart_dir_slot(st->dir)][st->index];
	this_cpu_inc(c->packets);
	this_cpu_add(c->bytes, skb->len);
	/*
	 * What these stages allocate (entries, removal memory, inspection
	 * state) is charged to the memory cgroup of the policy's installer,
	 * not to whatever task the packet interrupted. Readers of the policy
	 * hold it, and it holds the cgroup.
	 */
	if (charge) {
		const struct rampart_policy *p = rcu_dereference(rn->policy);

		old = set_active_memcg(p ? p->memcg : NULL);
	}
	if (rampart_monitor_wants(rn, st))
		verdict = rampart_monitor_hook(rn, st, skb, state);
	else
		verdict = st->fn(rn, st, skb, state);
	if (charge)
		set_active_memcg(old);
	if (unlikely(verdict == RAMPART_VERDICT_TAKEN)) {
		kfree_skb_reason(skb, SKB_DROP_REASON_NETFILTER_DROP);
		return NF_STOLEN;
	}
	return verdict;
}

/*
 * The one way out for a dropped packet: every stage that drops calls this
 * with a reason, so each drop is counted per reason and per stage.
 */
unsigned int rampart_drop_text(struct rampart_net *rn,
			       const struct rampart_chain_stage *st,
			       enum rampart_drop_reason reason, const char *text)
{
	if (WARN_ON_ONCE(reason <= RAMPART_DROP_NONE || reason > RAMPART_DROP_MAX))
		reason = RAMPART_DROP_NONE;
	this_cpu_inc(rn->stats->drops[reason]);
	this_cpu_inc(rn->stats->stage[rampart_dir_slot(st->dir)][st->index].drops);
	if (static_branch_unlikely(&rampart_monitor_key.key))
		rampart_monitor_note_drop(rn, st, reason, text);
	return NF_DROP;
}
RAMPART_EXPORT_FOR_TESTS(rampart_drop_text);

unsigned int rampart_drop(struct rampart_net *rn,
			  const struct rampart_chain_stage *st,
			  enum rampart_drop_reason reason)
{
	return rampart_drop_text(rn, st, reason, NULL);
}

int rampart_chain_init(void)
{
	unsigned int i, f, n = 0;

	for (i = 0; i < ARRAY_SIZE(rampart_chain); i++) {
		const struct rampart_chain_stage *st = &rampart_chain[i];

		if (WARN_ON(st->index >= RAMPART_NSTAGES))
			return -EINVAL;
		for (f = 0; f < ARRAY_SIZE(rampart_families); f++) {
			struct nf_hook_ops *ops = &rampart_ops[n++];

			ops->hook = rampart_hook;
			ops->priv = (void *)st;
			ops->pf = rampart_families[f];
			ops->hooknum = st->dir == RAMPART_DIR_IN ?
				       NF_INET_PRE_ROUTING : NF_INET_POST_ROUTING;
			ops->priority = st->priority;
		}
	}
	return 0;
}

/* Called with rn->lock held. */
int rampart_chain_start(struct rampart_net *rn)
{
	int err;

	err = nf_defrag_ipv4_enable(rn->net);
	if (err)
		return err;
	err = nf_defrag_ipv6_enable(rn->net);
	if (err)
		goto err_v4;
	err = nf_register_net_hooks(rn->net, rampart_ops, ARRAY_SIZE(rampart_ops));
	if (err)
		goto err_v6;
	rn->started = true;
	queue_delayed_work(system_power_efficient_wq, &rn->gc_work, HZ / 2);
	return 0;

err_v6:
	nf_defrag_ipv6_disable(rn->net);
err_v4:
	nf_defrag_ipv4_disable(rn->net);
	return err;
}

/* Called with rn->lock held, or from the netns's exit. */
void rampart_chain_stop(struct rampart_net *rn)
{
	if (!rn->started)
		return;
	nf_unregister_net_hooks(rn->net, rampart_ops, ARRAY_SIZE(rampart_ops));
	nf_defrag_ipv6_disable(rn->net);
	nf_defrag_ipv4_disable(rn->net);
	WRITE_ONCE(rn->started, false);
	cancel_delayed_work_sync(&rn->gc_work);
}

/* kmod/core/ cannot export; what of it the KUnit suites call is exported here. */
RAMPART_EXPORT_FOR_TESTS(rampart_drop_reason_text);
RAMPART_EXPORT_FOR_TESTS(rampart_tcp_new);
RAMPART_EXPORT_FOR_TESTS(rampart_tcp_pickup);
RAMPART_EXPORT_FOR_TESTS(rampart_tcp_track);
RAMPART_EXPORT_FOR_TESTS(rampart_tcp_in_window);
RAMPART_EXPORT_FOR_TESTS(rampart_tcp_flags_text);
RAMPART_EXPORT_FOR_TESTS(rampart_conn_state_name);
RAMPART_EXPORT_FOR_TESTS(rampart_smtp_init);
RAMPART_EXPORT_FOR_TESTS(rampart_smtp_config_default);
RAMPART_EXPORT_FOR_TESTS(rampart_smtp_feed);
RAMPART_EXPORT_FOR_TESTS(rampart_smtp_reply);
RAMPART_EXPORT_FOR_TESTS(rampart_smtp_match);
RAMPART_EXPORT_FOR_TESTS(rampart_smtp_check_name);
RAMPART_EXPORT_FOR_TESTS(rampart_smtp_action_name);
RAMPART_EXPORT_FOR_TESTS(rampart_smtp_event_name);
