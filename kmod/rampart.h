/* SPDX-License-Identifier: GPL-2.0 */
/* Rampart: state and interfaces shared by the files of rampart.ko. */
#ifndef RAMPART_H
#define RAMPART_H

#include <linux/export.h>
#include <linux/jump_label_ratelimit.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/percpu.h>
#include <linux/ratelimit.h>
#include <linux/skbuff.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <linux/rampart.h>

#include "core/sanity.h"
#include "conn.h"
#include "policy.h"

/* Symbols the KUnit suites (rampart_kunit.ko) need; exported only there. */
#if IS_ENABLED(CONFIG_KUNIT)
#define RAMPART_EXPORT_FOR_TESTS(sym) EXPORT_SYMBOL_NS_GPL(sym, RAMPART_INTERNAL)
#else
#define RAMPART_EXPORT_FOR_TESTS(sym)
#endif

#define RAMPART_NDIRS		2	/* in, out */
#define RAMPART_NSTAGES		4	/* stages per chain */

struct rampart_net;
struct rampart_chain_stage;
struct sock_filter;
struct genl_info;
struct netlink_ext_ack;

typedef unsigned int (*rampart_stage_fn)(struct rampart_net *rn,
					 const struct rampart_chain_stage *st,
					 struct sk_buff *skb,
					 const struct nf_hook_state *state);

/* One row of the chain table in chain.c. */
struct rampart_chain_stage {
	enum rampart_dir dir;
	unsigned int index;		/* position number in its chain */
	int priority;			/* netfilter hook priority */
	enum rampart_stage id;
	const char *name;		/* short name, as fwadm chain shows it */
	const char *desc;		/* long name */
	rampart_stage_fn fn;
};

struct rampart_stage_counters {
	u64 packets;
	u64 bytes;
	u64 drops;
};

/* Per-CPU counters of one namespace; updated with this_cpu ops only. */
struct rampart_pcpu_stats {
	struct rampart_stage_counters stage[RAMPART_NDIRS][RAMPART_NSTAGES];
	u64 drops[__RAMPART_DROP_MAX];
};

/* Everything Rampart keeps for one network namespace. */
struct rampart_net {
	struct net *net;
	struct mutex lock;		/* serializes start, stop, policy changes */
	bool started;			/* hooks registered */
	struct rampart_pcpu_stats __percpu *stats;
	/* The sums of stats at the last reset (zero before one); under lock. */
	struct rampart_pcpu_stats *stats_base;
	struct rampart_conn_table conns;
	struct delayed_work gc_work;	/* runs while started */
	struct rampart_policy __rcu *policy;	/* installed; NULL: none */
	u32 policy_gen;			/* bumped by each install, uninstall */
	struct rampart_policy_tx *policy_tx;	/* open transaction, under lock */
	/* Mirrors of the transaction for the socket-close notifier. */
	u32 policy_tx_ticket, policy_tx_portid, policy_tx_orphan;
	struct work_struct policy_release_work;
	/* Events: a rate limit per namespace, and what it held back. */
	struct ratelimit_state event_rs;
	atomic_t event_suppressed;
	/* Monitor sessions (monitor.c): RCU list, changed under monitor_lock. */
	struct list_head monitors;
	spinlock_t monitor_lock;
	unsigned int n_monitors;
	u32 monitor_positions;		/* RAMPART_MON_POS() bits any session wants */
	u32 monitor_next_id;
	/* Formatted extack messages; the last byte stays NUL. */
	char msg[160];
};

extern unsigned int rampart_net_id;

static inline struct rampart_net *rampart_pernet(const struct net *net)
{
	return net_generic(net, rampart_net_id);
}

/* chain.c */
extern const struct rampart_chain_stage rampart_chain[RAMPART_NDIRS * RAMPART_NSTAGES];
int rampart_chain_init(void);
int rampart_chain_start(struct rampart_net *rn);
void rampart_chain_stop(struct rampart_net *rn);
unsigned int rampart_drop(struct rampart_net *rn, const struct rampart_chain_stage *st,
			  enum rampart_drop_reason reason);
/* The same, with the drop's full explanation for monitor records. */
unsigned int rampart_drop_text(struct rampart_net *rn, const struct rampart_chain_stage *st,
			       enum rampart_drop_reason reason, const char *text);

/*
 * A stage's verdict on a packet of this host's own that it dropped (and
 * counted) in place of an answer it sent: the hook frees the packet, after
 * the monitor saw it dropped, and tells netfilter it was stolen. The
 * sender's stack must count it sent: a drop's error reaches a local TCP,
 * which keeps the bytes as unsent, sends them again, and discards the
 * answer that acknowledges them. Never seen by netfilter itself.
 */
#define RAMPART_VERDICT_TAKEN	(NF_DROP | 0x100)

/*
 * On a loopback device: the host talking to itself, and what Rampart sent
 * to a local peer (a reject reply to a client on this host comes back in
 * through lo). The fw and smtp stages pass it.
 */
static inline bool rampart_hook_loopback(const struct nf_hook_state *state)
{
	return (state->in && (state->in->flags & IFF_LOOPBACK)) ||
	       (state->out && (state->out->flags & IFF_LOOPBACK));
}

static inline unsigned int rampart_dir_slot(enum rampart_dir dir)
{
	return dir == RAMPART_DIR_OUT ? 1 : 0;
}

/* The packet's addresses, 16 bytes each, IPv4 in the first 4 (rest 0). */
static inline void rampart_skb_addrs(const struct sk_buff *skb, u8 family,
				     u8 *saddr, u8 *daddr)
{
	memset(saddr, 0, 16);
	memset(daddr, 0, 16);
	if (family == 4) {
		memcpy(saddr, &ip_hdr(skb)->saddr, 4);
		memcpy(daddr, &ip_hdr(skb)->daddr, 4);
	} else {
		memcpy(saddr, &ipv6_hdr(skb)->saddr, 16);
		memcpy(daddr, &ipv6_hdr(skb)->daddr, 16);
	}
}

/* sanity.c */
enum rampart_drop_reason rampart_sanity_skb(const struct sk_buff *skb, u8 family,
					    struct rampart_pkt_info *info);
unsigned int rampart_stage_sanity(struct rampart_net *rn,
				  const struct rampart_chain_stage *st,
				  struct sk_buff *skb,
				  const struct nf_hook_state *state);

/* conn.c: the module-wide part (hash key, slab caches) */
int rampart_conn_init(void);
void rampart_conn_exit(void);

/* fw.c: the firewall stage */
unsigned int rampart_stage_fw(struct rampart_net *rn,
			      const struct rampart_chain_stage *st,
			      struct sk_buff *skb,
			      const struct nf_hook_state *state);
/* After an install: re-match every connection against rn->policy. */
unsigned int rampart_fw_rematch(struct rampart_net *rn, bool keep);
struct rampart_policy;
struct rampart_conn;
u16 rampart_fw_conn_rule(struct rampart_net *rn, const struct rampart_policy *p,
			 struct rampart_conn *c);

/* event.c: one event of the events multicast group */
struct rampart_event {
	u8 type;		/* enum rampart_event_type */
	u8 action;		/* enum rampart_action, 0: none */
	u8 family, proto;
	u32 rule;
	const char *service;
	const u8 *src, *dst;	/* 16 bytes each, IPv4 in the first 4 */
	u16 sport, dport;
	int ifindex_in, ifindex_out;
	u32 reason;		/* enum rampart_drop_reason, 0: none */
	const char *text;
	u32 conn_id;
};

void rampart_event_net_init(struct rampart_net *rn);
/* Is an event worth building? Listeners present and within the rate. */
bool rampart_event_wanted(struct rampart_net *rn);
void rampart_event_send(struct rampart_net *rn, const struct rampart_event *ev);

/* monitor.c: monitor sessions and their records */
#define RAMPART_MONITOR_TEXT_MAX	256

/* What the stage at st said about its packet, beyond the verdict. */
struct rampart_monitor_note {
	const struct rampart_net *rn;
	const struct rampart_chain_stage *st;
	u32 reason, rule, conn_id;
	char text[RAMPART_MONITOR_TEXT_MAX];
};

struct rampart_monitor_cfg {
	u32 positions;			/* RAMPART_MON_POS() bits */
	u32 snaplen, flags, count;
	const struct sock_filter *insns;	/* classic BPF; NULL: no filter */
	unsigned int n_insns;
};

struct rampart_monitor_stats {
	u32 id;
	u64 sent, lost;
};

/* Enabled while a session exists in any namespace. */
extern struct static_key_false_deferred rampart_monitor_key;

/* Is a record possibly wanted here? Then build texts that only records need. */
static inline bool rampart_monitor_active(const struct rampart_net *rn)
{
	return static_branch_unlikely(&rampart_monitor_key.key) &&
	       READ_ONCE(rn->n_monitors);
}

/* Does a session of this namespace want records of the stage at st? */
static inline bool rampart_monitor_wants(const struct rampart_net *rn,
					 const struct rampart_chain_stage *st)
{
	return rampart_monitor_active(rn) &&
	       (READ_ONCE(rn->monitor_positions) & RAMPART_MON_POS(st->dir, st->index));
}

void rampart_monitor_note_drop(const struct rampart_net *rn,
			       const struct rampart_chain_stage *st,
			       u32 reason, const char *text);
void __rampart_monitor_note_conn(const struct rampart_net *rn,
				 const struct rampart_chain_stage *st,
				 u32 rule, u32 conn_id);
/* The rule and connection that decided the packet, for its records. */
static inline void rampart_monitor_note_conn(const struct rampart_net *rn,
					     const struct rampart_chain_stage *st,
					     u32 rule, u32 conn_id)
{
	if (static_branch_unlikely(&rampart_monitor_key.key))
		__rampart_monitor_note_conn(rn, st, rule, conn_id);
}

unsigned int rampart_monitor_hook(struct rampart_net *rn,
				  const struct rampart_chain_stage *st,
				  struct sk_buff *skb, const struct nf_hook_state *state);
char rampart_monitor_letter(const struct rampart_chain_stage *st);
u32 rampart_monitor_all_positions(void);
int rampart_monitor_fill(struct sk_buff *msg, u32 id, u32 snaplen,
			 const struct sk_buff *skb, const struct nf_hook_state *state,
			 unsigned int verdict, const struct rampart_monitor_note *n);
int rampart_monitor_add(struct rampart_net *rn, const struct rampart_monitor_cfg *cfg,
			u32 portid, struct netlink_ext_ack *extack, u32 *id);
int rampart_monitor_stop(struct rampart_net *rn, u32 id, u32 portid,
			 struct rampart_monitor_stats *stats);
void rampart_monitor_net_init(struct rampart_net *rn);
void rampart_monitor_net_exit(struct rampart_net *rn);
int rampart_monitor_init(void);
void rampart_monitor_exit(void);
void rampart_monitor_flush(void);
extern const struct nla_policy rampart_monitor_start_policy[RAMPART_A_MAX + 1];
extern const struct nla_policy rampart_monitor_stop_policy[RAMPART_A_MAX + 1];
int rampart_nl_monitor_start(struct sk_buff *skb, struct genl_info *info);
int rampart_nl_monitor_stop(struct sk_buff *skb, struct genl_info *info);

/* main.c */
extern unsigned int rampart_param_max_connections;
extern unsigned int rampart_param_userns_max_connections;
bool rampart_net_tenant(const struct net *net);
u32 rampart_default_max_connections(const struct net *net);
/* Bytes a compiled policy may take in @net; *param names the limit. */
size_t rampart_policy_memory_limit(const struct net *net, const char **param);

/* netlink.c */
extern struct genl_family rampart_genl_family;
int rampart_genl_init(void);
void rampart_genl_exit(void);
/* Multicast a built RAMPART_CMD_EVENT message to the events group of net. */
int rampart_genl_event_send(struct net *net, struct sk_buff *msg);
bool rampart_genl_event_wanted(struct net *net);

#endif /* RAMPART_H */
