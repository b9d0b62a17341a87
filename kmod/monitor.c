// SPDX-License-Identifier: GPL-2.0
/*
 * Monitor sessions: Rampart's `fw monitor'. A session asks for the packets
 * at a set of chain positions that a classic BPF filter (compiled by
 * libpcap in fwadm) accepts; after the stage at each such position has
 * run, a record of the packet goes to the session's netlink socket: where
 * it was, what the stage decided and why, and its first snaplen bytes.
 *
 * The packet path pays nothing while no session exists anywhere: the hook
 * tests a static key, then whether a session of the namespace wants the
 * position. With a session,
 * each record costs one GFP_ATOMIC message and a non-blocking unicast; a
 * full socket loses the record and counts it, the packet never waits.
 * Records go one per message: a batch would have to be held back and
 * flushed by a timer, and a monitor reader wants every record at once.
 *
 * Sessions are per namespace and bound to the socket that started them;
 * the socket's close (NETLINK_URELEASE) ends them, as MONITOR_STOP does.
 * Readers walk the session list under RCU; writers take monitor_lock.
 */
#include <linux/filter.h>
#include <linux/jump_label_ratelimit.h>
#include <linux/ktime.h>
#include <linux/netdevice.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "rampart.h"
#include "core/reason.h"

DEFINE_STATIC_KEY_DEFERRED_FALSE(rampart_monitor_key, HZ);
RAMPART_EXPORT_FOR_TESTS(rampart_monitor_key);

struct rampart_monitor {
	struct list_head list;		/* on rn->monitors, RCU */
	struct rcu_head rcu;
	struct bpf_prog *filter;	/* NULL: every packet */
	u32 id, portid;
	u32 positions;			/* RAMPART_MON_POS() bits */
	u32 snaplen, flags;
	u32 count;			/* records to deliver; 0: no limit */
	atomic64_t sent, lost;
};

/* The note of the stage running on this CPU; NULL outside monitored stages. */
static DEFINE_PER_CPU(struct rampart_monitor_note *, monitor_note);

/* Position of the fw stage in each chain, for the record's letter. */
static unsigned int fw_index[RAMPART_NDIRS];

static struct rampart_monitor_note *note_of(const struct rampart_net *rn,
					    const struct rampart_chain_stage *st)
{
	struct rampart_monitor_note *n = this_cpu_read(monitor_note);

	/* A stage of another namespace or position must not write here. */
	if (!n || n->rn != rn || n->st != st)
		return NULL;
	return n;
}

void rampart_monitor_note_drop(const struct rampart_net *rn,
			       const struct rampart_chain_stage *st,
			       u32 reason, const char *text)
{
	struct rampart_monitor_note *n = note_of(rn, st);

	if (!n)
		return;
	n->reason = reason;
	if (text && text[0])
		strscpy(n->text, text, sizeof(n->text));
}

void __rampart_monitor_note_conn(const struct rampart_net *rn,
				 const struct rampart_chain_stage *st,
				 u32 rule, u32 conn_id)
{
	struct rampart_monitor_note *n = note_of(rn, st);

	if (!n)
		return;
	if (rule)
		n->rule = rule;
	if (conn_id)
		n->conn_id = conn_id;
}
RAMPART_EXPORT_FOR_TESTS(__rampart_monitor_note_conn);

/*
 * 'i' and 'o' before the fw stage has run, 'I' and 'O' once it has: the
 * record of a position is taken after its stage, so the fw stage's own
 * position is upper case.
 */
char rampart_monitor_letter(const struct rampart_chain_stage *st)
{
	bool after = st->index >= fw_index[rampart_dir_slot(st->dir)];

	if (st->dir == RAMPART_DIR_IN)
		return after ? 'I' : 'i';
	return after ? 'O' : 'o';
}
RAMPART_EXPORT_FOR_TESTS(rampart_monitor_letter);

static u8 mon_verdict(unsigned int verdict)
{
	switch (verdict & NF_VERDICT_MASK) {
	case NF_ACCEPT:
		return RAMPART_MON_ACCEPT;
	case NF_DROP:
		return RAMPART_MON_DROP;
	}
	return RAMPART_MON_OTHER;
}

static const char *note_text(const struct rampart_monitor_note *n)
{
	if (n->text[0])
		return n->text;
	return n->reason ? rampart_drop_reason_text(n->reason) : NULL;
}

static int put_dev(struct sk_buff *msg, int idx_type, int name_type,
		   const struct net_device *dev)
{
	if (nla_put_u32(msg, idx_type, dev ? dev->ifindex : 0))
		return -EMSGSIZE;
	if (dev && nla_put_string(msg, name_type, dev->name))
		return -EMSGSIZE;
	return 0;
}

static unsigned int ip_len(const struct sk_buff *skb)
{
	int noff = skb_network_offset(skb);

	return skb->len > noff ? skb->len - noff : 0;
}

/* One record, in a message started by the caller. */
int rampart_monitor_fill(struct sk_buff *msg, u32 id, u32 snaplen,
			 const struct sk_buff *skb, const struct nf_hook_state *state,
			 unsigned int verdict, const struct rampart_monitor_note *n)
{
	const struct rampart_chain_stage *st = n->st;
	unsigned int len = ip_len(skb), cap = min(len, snaplen);
	const char *text = note_text(n);
	struct nlattr *rec, *data;
	unsigned int room;

	if (nla_put_u32(msg, RAMPART_A_MONITOR_ID, id))
		return -EMSGSIZE;
	rec = nla_nest_start(msg, RAMPART_A_RECORD);
	if (!rec ||
	    nla_put_u64_64bit(msg, RAMPART_REC_A_TIME, ktime_get_real_ns(),
			      RAMPART_REC_A_PAD) ||
	    nla_put_u8(msg, RAMPART_REC_A_FAMILY, state->pf == NFPROTO_IPV6 ? 6 : 4) ||
	    nla_put_u8(msg, RAMPART_REC_A_HOOK, state->hook) ||
	    nla_put_u8(msg, RAMPART_REC_A_DIR, st->dir) ||
	    nla_put_u8(msg, RAMPART_REC_A_POSITION, st->index) ||
	    nla_put_u8(msg, RAMPART_REC_A_LETTER, rampart_monitor_letter(st)) ||
	    put_dev(msg, RAMPART_REC_A_IFINDEX_IN, RAMPART_REC_A_IFNAME_IN, state->in) ||
	    put_dev(msg, RAMPART_REC_A_IFINDEX_OUT, RAMPART_REC_A_IFNAME_OUT, state->out) ||
	    nla_put_u8(msg, RAMPART_REC_A_VERDICT, mon_verdict(verdict)) ||
	    (n->reason && nla_put_u32(msg, RAMPART_REC_A_REASON, n->reason)) ||
	    (text && nla_put_string(msg, RAMPART_REC_A_TEXT, text)) ||
	    (n->rule && nla_put_u32(msg, RAMPART_REC_A_RULE, n->rule)) ||
	    (n->conn_id && nla_put_u32(msg, RAMPART_REC_A_CONN_ID, n->conn_id)) ||
	    nla_put_u32(msg, RAMPART_REC_A_LEN, len))
		return -EMSGSIZE;
	/* The record's nest has a 16-bit length: the data gets what is left. */
	room = U16_MAX - (skb_tail_pointer(msg) - (unsigned char *)rec) - NLA_HDRLEN;
	cap = min(cap, room & ~3U);
	data = nla_reserve(msg, RAMPART_REC_A_DATA, cap);
	if (!data || skb_copy_bits(skb, skb_network_offset(skb), nla_data(data), cap))
		return -EMSGSIZE;
	nla_nest_end(msg, rec);
	return 0;
}
RAMPART_EXPORT_FOR_TESTS(rampart_monitor_fill);

/* What a record of cap bytes and text needs, with room for the rest. */
static size_t record_size(unsigned int cap, const char *text)
{
	return nla_total_size(cap) + (text ? nla_total_size(strlen(text) + 1) : 0) +
	       2 * nla_total_size(IFNAMSIZ) + 24 * nla_total_size(sizeof(u64));
}

static void monitor_send(struct rampart_net *rn, struct rampart_monitor *m,
			 const struct sk_buff *skb, const struct nf_hook_state *state,
			 unsigned int verdict, const struct rampart_monitor_note *n)
{
	unsigned int cap = min(ip_len(skb), m->snaplen);
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(record_size(cap, note_text(n)), GFP_ATOMIC);
	if (!msg)
		goto lost;
	hdr = genlmsg_put(msg, 0, 0, &rampart_genl_family, 0,
			  RAMPART_CMD_MONITOR_RECORD);
	if (!hdr || rampart_monitor_fill(msg, m->id, m->snaplen, skb, state,
					 verdict, n)) {
		nlmsg_free(msg);
		goto lost;
	}
	genlmsg_end(msg, hdr);
	/* Never blocks: a full receive queue refuses the message. */
	if (genlmsg_unicast(rn->net, msg, m->portid))
		goto lost;
	atomic64_inc(&m->sent);
	return;
lost:
	atomic64_inc(&m->lost);
}

/* Does the pcap filter (DLT_RAW: the IP header at offset 0) want skb? */
static bool monitor_filter(const struct bpf_prog *prog, struct sk_buff *skb)
{
	int off = skb_network_offset(skb);
	u32 res;

	if (off > 0)
		__skb_pull(skb, off);
	else if (off < 0)
		__skb_push(skb, -off);
	res = bpf_prog_run_save_cb(prog, skb);
	if (off > 0)
		__skb_push(skb, off);
	else if (off < 0)
		__skb_pull(skb, -off);
	return res != 0;
}

static void monitor_records(struct rampart_net *rn, struct sk_buff *skb,
			    const struct nf_hook_state *state, unsigned int verdict,
			    const struct rampart_monitor_note *n)
{
	u32 pos = RAMPART_MON_POS(n->st->dir, n->st->index);
	bool dropped = mon_verdict(verdict) == RAMPART_MON_DROP;
	struct rampart_monitor *m;

	list_for_each_entry_rcu(m, &rn->monitors, list) {
		if (!(m->positions & pos))
			continue;
		if ((m->flags & RAMPART_MON_F_DROPS_ONLY) && !dropped)
			continue;
		/* Lost records do not count: the reader waits for count of them. */
		if (m->count && atomic64_read(&m->sent) >= m->count)
			continue;
		if (m->filter && !monitor_filter(m->filter, skb))
			continue;
		monitor_send(rn, m, skb, state, verdict, n);
	}
}

/*
 * The stage at st, run while a session exists in the namespace. Its note
 * lives on this stack and is found through the per-CPU pointer by
 * rampart_drop_text() and rampart_monitor_note_conn(); a packet sent from
 * inside the stage (a reject's RST) runs the hooks again on this CPU, and
 * its own note stacks over this one. Bottom halves stay off so that no
 * other packet runs on this CPU in between.
 */
unsigned int rampart_monitor_hook(struct rampart_net *rn,
				  const struct rampart_chain_stage *st,
				  struct sk_buff *skb, const struct nf_hook_state *state)
{
	struct rampart_monitor_note note = { .rn = rn, .st = st };
	struct rampart_monitor_note *prev;
	unsigned int verdict;

	local_bh_disable();
	prev = this_cpu_read(monitor_note);
	this_cpu_write(monitor_note, &note);
	verdict = st->fn(rn, st, skb, state);
	this_cpu_write(monitor_note, prev);
	/* After NF_STOLEN or a queue the skb is no longer ours to read. */
	if (mon_verdict(verdict) != RAMPART_MON_OTHER)
		monitor_records(rn, skb, state, verdict, &note);
	local_bh_enable();
	return verdict;
}
RAMPART_EXPORT_FOR_TESTS(rampart_monitor_hook);

/* ---- sessions: start, stop, socket close (process context) ---- */

u32 rampart_monitor_all_positions(void)
{
	u32 all = 0;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rampart_chain); i++)
		all |= RAMPART_MON_POS(rampart_chain[i].dir, rampart_chain[i].index);
	return all;
}
RAMPART_EXPORT_FOR_TESTS(rampart_monitor_all_positions);

static void monitor_free(struct rampart_monitor *m)
{
	if (m->filter)
		bpf_prog_destroy(m->filter);
	kfree(m);
	static_branch_slow_dec_deferred(&rampart_monitor_key);
}

static void monitor_free_rcu(struct rcu_head *head)
{
	monitor_free(container_of(head, struct rampart_monitor, rcu));
}

/* Under monitor_lock: the session named id, or (id 0) the one of portid. */
static struct rampart_monitor *monitor_find(struct rampart_net *rn, u32 id, u32 portid)
{
	struct rampart_monitor *m;

	list_for_each_entry(m, &rn->monitors, list)
		if (id ? m->id == id : m->portid == portid)
			return m;
	return NULL;
}

/* Under monitor_lock, after the list changed. */
static void monitor_update(struct rampart_net *rn)
{
	struct rampart_monitor *m;
	u32 positions = 0;

	list_for_each_entry(m, &rn->monitors, list)
		positions |= m->positions;
	WRITE_ONCE(rn->monitor_positions, positions);
}

int rampart_monitor_add(struct rampart_net *rn, const struct rampart_monitor_cfg *cfg,
			u32 portid, struct netlink_ext_ack *extack, u32 *id)
{
	struct rampart_monitor *m;
	int err = 0;

	if (!cfg->positions || (cfg->positions & ~rampart_monitor_all_positions())) {
		NL_SET_ERR_MSG(extack, "positions must be positions of the chains");
		return -EINVAL;
	}
	m = kzalloc(sizeof(*m), GFP_KERNEL_ACCOUNT);
	if (!m)
		return -ENOMEM;
	m->portid = portid;
	m->positions = cfg->positions;
	m->snaplen = cfg->snaplen;
	m->flags = cfg->flags;
	m->count = cfg->count;
	if (cfg->n_insns) {
		struct sock_fprog_kern fprog = {
			.len = cfg->n_insns,
			.filter = (struct sock_filter *)cfg->insns,
		};

		err = bpf_prog_create(&m->filter, &fprog);
		if (err) {
			kfree(m);
			NL_SET_ERR_MSG(extack, "the filter is not a valid classic BPF program");
			return err;
		}
	}
	static_branch_inc(&rampart_monitor_key.key);

	spin_lock_bh(&rn->monitor_lock);
	if (monitor_find(rn, 0, portid)) {
		NL_SET_ERR_MSG(extack, "this socket already has a monitor session");
		err = -EBUSY;
	} else if (rn->n_monitors >= RAMPART_MON_SESSIONS_MAX) {
		NL_SET_ERR_MSG(extack, "too many monitor sessions in this namespace");
		err = -ENOSPC;
	} else {
		do {
			m->id = ++rn->monitor_next_id;
		} while (!m->id || monitor_find(rn, m->id, 0));
		*id = m->id;
		list_add_tail_rcu(&m->list, &rn->monitors);
		WRITE_ONCE(rn->n_monitors, rn->n_monitors + 1);
		monitor_update(rn);
	}
	spin_unlock_bh(&rn->monitor_lock);
	if (err)
		monitor_free(m);
	return err;
}
RAMPART_EXPORT_FOR_TESTS(rampart_monitor_add);

static struct rampart_monitor *monitor_unlink(struct rampart_net *rn, u32 id, u32 portid)
{
	struct rampart_monitor *m;

	spin_lock_bh(&rn->monitor_lock);
	m = monitor_find(rn, id, portid);
	if (m) {
		list_del_rcu(&m->list);
		WRITE_ONCE(rn->n_monitors, rn->n_monitors - 1);
		monitor_update(rn);
	}
	spin_unlock_bh(&rn->monitor_lock);
	return m;
}

/*
 * End a session (id 0: portid's) and give its counters. When this returns,
 * no packet is still making a record of it: every record it sent is queued.
 */
int rampart_monitor_stop(struct rampart_net *rn, u32 id, u32 portid,
			 struct rampart_monitor_stats *stats)
{
	struct rampart_monitor *m = monitor_unlink(rn, id, portid);

	if (!m)
		return -ENOENT;
	synchronize_rcu();
	stats->id = m->id;
	stats->sent = atomic64_read(&m->sent);
	stats->lost = atomic64_read(&m->lost);
	monitor_free(m);
	return 0;
}
RAMPART_EXPORT_FOR_TESTS(rampart_monitor_stop);

void rampart_monitor_net_init(struct rampart_net *rn)
{
	INIT_LIST_HEAD(&rn->monitors);
	spin_lock_init(&rn->monitor_lock);
	rn->n_monitors = 0;
	rn->monitor_positions = 0;
	rn->monitor_next_id = 0;
}
RAMPART_EXPORT_FOR_TESTS(rampart_monitor_net_init);

/* After the namespace's hooks are gone; sockets of it are closed by now. */
void rampart_monitor_net_exit(struct rampart_net *rn)
{
	struct rampart_monitor *m, *tmp;
	LIST_HEAD(dead);

	spin_lock_bh(&rn->monitor_lock);
	list_for_each_entry_safe(m, tmp, &rn->monitors, list) {
		list_del_rcu(&m->list);
		list_add(&m->list, &dead);
	}
	WRITE_ONCE(rn->n_monitors, 0);
	WRITE_ONCE(rn->monitor_positions, 0);
	spin_unlock_bh(&rn->monitor_lock);
	if (list_empty(&dead))
		return;
	synchronize_rcu();
	list_for_each_entry_safe(m, tmp, &dead, list)
		monitor_free(m);
}
RAMPART_EXPORT_FOR_TESTS(rampart_monitor_net_exit);

/* A netlink socket closed: its session, if any, ends with it. */
static int monitor_urelease(struct notifier_block *nb, unsigned long event, void *ptr)
{
	struct netlink_notify *n = ptr;
	struct rampart_monitor *m;
	struct rampart_net *rn;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC || !n->portid)
		return NOTIFY_DONE;
	rn = rampart_pernet(n->net);
	if (!READ_ONCE(rn->n_monitors))
		return NOTIFY_DONE;
	m = monitor_unlink(rn, 0, n->portid);
	if (m)
		call_rcu(&m->rcu, monitor_free_rcu);
	return NOTIFY_DONE;
}

static struct notifier_block monitor_notifier = {
	.notifier_call = monitor_urelease,
};

/* ---- netlink ---- */

/*
 * Bounds past what the 16-bit min and max of struct nla_policy hold; not
 * const only because 6.1's policy points at them without const.
 */
static struct netlink_range_validation filter_len_range __ro_after_init = {
	.min = sizeof(struct sock_filter),
	.max = RAMPART_MON_FILTER_MAX * sizeof(struct sock_filter),
};

static struct netlink_range_validation snaplen_range __ro_after_init = {
	.min = 1,
	.max = RAMPART_MON_SNAPLEN_MAX,
};

static const struct nla_policy monitor_policy[RAMPART_MON_A_MAX + 1] = {
	[RAMPART_MON_A_POSITIONS] = { .type = NLA_U32 },
	/* Whole instructions: checked in rampart_nl_monitor_start(). */
	[RAMPART_MON_A_FILTER] = NLA_POLICY_FULL_RANGE(NLA_BINARY, &filter_len_range),
	[RAMPART_MON_A_SNAPLEN] = NLA_POLICY_FULL_RANGE(NLA_U32, &snaplen_range),
	[RAMPART_MON_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, RAMPART_MON_F_ALL),
	[RAMPART_MON_A_COUNT] = { .type = NLA_U32 },
};

const struct nla_policy rampart_monitor_start_policy[RAMPART_A_MAX + 1] = {
	[RAMPART_A_MONITOR] = NLA_POLICY_NESTED(monitor_policy),
};

const struct nla_policy rampart_monitor_stop_policy[RAMPART_A_MAX + 1] = {
	[RAMPART_A_MONITOR_ID] = NLA_POLICY_MIN(NLA_U32, 1),
};

static int monitor_reply(struct genl_info *info, u32 id,
			 const struct rampart_monitor_stats *stats)
{
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &rampart_genl_family, 0, info->genlhdr->cmd);
	if (!hdr || nla_put_u32(msg, RAMPART_A_MONITOR_ID, id))
		goto too_big;
	if (stats) {
		nest = nla_nest_start(msg, RAMPART_A_MONITOR_STATS);
		if (!nest ||
		    nla_put_u64_64bit(msg, RAMPART_MS_A_RECORDS, stats->sent,
				      RAMPART_MS_A_PAD) ||
		    nla_put_u64_64bit(msg, RAMPART_MS_A_LOST, stats->lost,
				      RAMPART_MS_A_PAD))
			goto too_big;
		nla_nest_end(msg, nest);
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
too_big:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

int rampart_nl_monitor_start(struct sk_buff *skb, struct genl_info *info)
{
	struct rampart_net *rn = rampart_pernet(genl_info_net(info));
	struct rampart_monitor_cfg cfg = {
		.positions = rampart_monitor_all_positions(),
		.snaplen = RAMPART_MON_SNAPLEN_MAX,
	};
	struct nlattr *tb[RAMPART_MON_A_MAX + 1] = {};
	struct nlattr *a = info->attrs[RAMPART_A_MONITOR];
	u32 id;
	int err;

	if (a) {
		err = nla_parse_nested(tb, RAMPART_MON_A_MAX, a, monitor_policy,
				       info->extack);
		if (err)
			return err;
	}
	if (tb[RAMPART_MON_A_POSITIONS])
		cfg.positions = nla_get_u32(tb[RAMPART_MON_A_POSITIONS]);
	if (tb[RAMPART_MON_A_SNAPLEN])
		cfg.snaplen = nla_get_u32(tb[RAMPART_MON_A_SNAPLEN]);
	if (tb[RAMPART_MON_A_FLAGS])
		cfg.flags = nla_get_u32(tb[RAMPART_MON_A_FLAGS]);
	if (tb[RAMPART_MON_A_COUNT])
		cfg.count = nla_get_u32(tb[RAMPART_MON_A_COUNT]);
	a = tb[RAMPART_MON_A_FILTER];
	if (a) {
		if (nla_len(a) % sizeof(struct sock_filter)) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "filter length is not a whole number of BPF instructions");
			return -EINVAL;
		}
		cfg.insns = nla_data(a);
		cfg.n_insns = nla_len(a) / sizeof(struct sock_filter);
	}
	err = rampart_monitor_add(rn, &cfg, info->snd_portid, info->extack, &id);
	if (err)
		return err;
	err = monitor_reply(info, id, NULL);
	if (err)
		NL_SET_ERR_MSG(info->extack, "session started, but its reply was lost");
	return err;
}

int rampart_nl_monitor_stop(struct sk_buff *skb, struct genl_info *info)
{
	struct rampart_net *rn = rampart_pernet(genl_info_net(info));
	struct nlattr *a = info->attrs[RAMPART_A_MONITOR_ID];
	struct rampart_monitor_stats stats;
	u32 id = a ? nla_get_u32(a) : 0;
	int err;

	err = rampart_monitor_stop(rn, id, info->snd_portid, &stats);
	if (err == -ENOENT && a)
		NL_SET_ERR_MSG_ATTR(info->extack, a, "no monitor session with this id here");
	else if (err == -ENOENT)
		NL_SET_ERR_MSG(info->extack, "this socket has no monitor session");
	if (err)
		return err;
	return monitor_reply(info, stats.id, &stats);
}

int __init rampart_monitor_init(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(rampart_chain); i++)
		if (rampart_chain[i].id == RAMPART_STAGE_FW)
			fw_index[rampart_dir_slot(rampart_chain[i].dir)] =
				rampart_chain[i].index;
	return netlink_register_notifier(&monitor_notifier);
}

void rampart_monitor_exit(void)
{
	netlink_unregister_notifier(&monitor_notifier);
}

/* After every namespace's sessions are freed and the RCU callbacks ran. */
void rampart_monitor_flush(void)
{
	static_key_deferred_flush(&rampart_monitor_key);
}
