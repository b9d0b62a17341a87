/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Policy: the items a transaction collects (kept as written, so POLICY_GET
 * can send them back) and the compiled form the fw stage matches against.
 * An installed policy is immutable; a reinstall replaces it whole under RCU.
 */
#ifndef RAMPART_POLICY_H
#define RAMPART_POLICY_H

#include <linux/types.h>
#include <linux/hashtable.h>
#include <linux/percpu.h>
#include <linux/if.h>
#include <linux/rcupdate.h>
#include <net/netlink.h>
#include <linux/rampart.h>

#include "core/smtp.h"

#define RAMPART_NAME_LEN	(RAMPART_POLICY_NAME_MAX + 1)
#define RAMPART_POLICY_MAX_BYTES	(64U << 20)	/* items of one transaction */

/* Index of a protocol in the per-protocol settings. */
enum {
	RAMPART_PROTO_TCP,
	RAMPART_PROTO_UDP,
	RAMPART_PROTO_ICMP,
	RAMPART_PROTO_ICMPV6,
	RAMPART_NPROTOS
};

/* Bits of rampart_svc_params.set: which values were written. */
enum {
	RAMPART_P_START = 1 << 0,
	RAMPART_P_IDLE = 1 << 1,
	RAMPART_P_END = 1 << 2,
	RAMPART_P_OUT_OF_STATE = 1 << 3,
	RAMPART_P_PICKUP = 1 << 4,
};

struct rampart_svc_params {
	u32 set;
	u32 timeout_start, timeout_idle, timeout_end;	/* seconds */
	u8 out_of_state, pickup;
};

struct rampart_policy_settings {
	bool present;			/* a settings item was sent */
	bool max_conn_set, late_grace_set;
	u32 max_connections;
	u8 late_grace;
	u32 line, col;
	struct rampart_svc_params proto[RAMPART_NPROTOS];
};

/* One address range, both ends inclusive, network order (IPv4: bytes 0..3). */
struct rampart_addr_range {
	u8 first[16];
	u8 last[16];
};

/*
 * Sorted, merged, non-adjacent ranges per family. A borrowed set shares
 * the arrays of another (a rule naming one object, a group of one member,
 * an object's own range) and frees nothing.
 */
struct rampart_addr_set {
	u32 n4, n6;
	struct rampart_addr_range *v4, *v6;
	bool borrowed;
};

/* Kinds of names; each kind has its own name space. */
enum { RAMPART_NAME_OBJECT, RAMPART_NAME_SERVICE, RAMPART_NAME_SMTP };

struct rampart_named {
	struct hlist_node node;		/* in rampart_policy.names */
	u8 kind;
	char name[RAMPART_NAME_LEN];
};

struct rampart_object {
	struct rampart_named id;
	u8 kind, family, prefix_len;
	u8 addr[16], last[16];
	u32 n_members;
	char (*members)[RAMPART_NAME_LEN];
	u32 line, col;
	/* compiled */
	u8 visit;			/* group walk: 0 new, 1 open, 2 done */
	struct rampart_addr_range leaf;	/* a host, range or network: its set */
	struct rampart_addr_set set;
};

struct rampart_port_span {
	u16 first, last;
};

struct rampart_service {
	struct rampart_named id;
	u8 proto;			/* IPPROTO_* */
	struct rampart_svc_params given;	/* as written */
	u32 n_spans;
	struct rampart_port_span *spans;
	u32 line, col;
	u32 index;			/* in rampart_policy.services */
	/* compiled: effective values, defaults applied */
	u32 timeout_start, timeout_idle, timeout_end;
	u8 out_of_state, pickup;
};

/* Effective per-protocol values for rules whose service is `any'. */
struct rampart_proto_defaults {
	u32 timeout_start, timeout_idle, timeout_end;
	u8 out_of_state, pickup;
};

/* Bits of rampart_smtp.given: which options were sent (for POLICY_GET). */
enum {
	RAMPART_SMTP_GIVEN_VERBS = 1 << 0,
	RAMPART_SMTP_GIVEN_MAX_LINE = 1 << 1,
	RAMPART_SMTP_GIVEN_MAX_REPLY_LINE = 1 << 2,
	RAMPART_SMTP_GIVEN_MAX_RCPTS = 1 << 3,
	RAMPART_SMTP_GIVEN_MAX_SIZE = 1 << 4,
	RAMPART_SMTP_GIVEN_STARTTLS = 1 << 5,
	RAMPART_SMTP_GIVEN_BANNER = 1 << 6,
	RAMPART_SMTP_GIVEN_SMUGGLING = 1 << 7,
	RAMPART_SMTP_GIVEN_ACTION = 1 << 8,
};

/* An smtp inspection resource: the parser's configuration, read-only. */
struct rampart_smtp {
	struct rampart_named id;
	u32 line, col;
	u16 given;			/* RAMPART_SMTP_GIVEN_* */
	u16 check_given;		/* 1 << check: an action of its own */
	u8 action;			/* RAMPART_SMTP_A_ACTION when given */
	struct rampart_smtp_config cfg;
};

struct rampart_rule {
	u32 number;
	u8 action, track;
	bool track_given;		/* sent back only when it was sent */
	u32 n_from, n_to, n_svc;
	char (*from)[RAMPART_NAME_LEN];
	char (*to)[RAMPART_NAME_LEN];
	char (*svc)[RAMPART_NAME_LEN];
	char in[IFNAMSIZ], out[IFNAMSIZ];	/* "": any */
	char inspect[RAMPART_NAME_LEN];		/* "": none */
	u32 line, col;
	/* compiled */
	bool src_any, dst_any;
	struct rampart_addr_set src, dst;
	const struct rampart_service **svcs;	/* n_svc of them; 0: any */
	const struct rampart_smtp *smtp;
};

#define RAMPART_NAME_HASH_BITS	10

/*
 * Hits of the rules: packets each rule decided (the first of a connection,
 * each packet of what is not tracked), per CPU, slot N - 1 for rule N (the
 * implicit drop is counted once, as drop reason RAMPART_DROP_NO_RULE). A
 * per-CPU allocation is at most
 * PCPU_MIN_UNIT_SIZE (32 KiB), so the slots come in chunks.
 */
#define RAMPART_HITS_PER_CHUNK	2048U		/* 16 KiB of u64 per CPU */

struct rampart_rule_hits {
	u32 n;				/* slots: n_rules */
	u64 __percpu **chunk;
	u64 *base;			/* the counts at the last reset, under rn->lock */
};

/* A transaction while it is built; the installed policy once committed. */
struct rampart_policy {
	struct rcu_work free_work;	/* freed after readers, in process context */
	u32 generation;
	size_t bytes;			/* accounted item memory */
	struct rampart_policy_settings settings;
	u32 n_objects, n_services, n_smtps, n_rules;
	u32 cap_objects, cap_services, cap_smtps, cap_rules;
	struct rampart_object **objects;
	struct rampart_service **services;
	struct rampart_smtp **smtps;
	struct rampart_rule **rules;
	DECLARE_HASHTABLE(names, RAMPART_NAME_HASH_BITS);
	/* compiled */
	struct rampart_proto_defaults defaults[RAMPART_NPROTOS];
	bool late_grace;		/* pass late packets of removed connections */
	bool has_out_rules;		/* some rule names an out interface */
	u32 max_connections;		/* 0: the module parameter applies */
	/* Memory of the compiled form, at most compiled_max (0: no limit). */
	size_t compiled, compiled_max;
	const char *compiled_param;	/* the module parameter of the limit */
	u32 max_connections_cap;	/* a tenant's: max-connections at most (0: none) */
	/* Charged for what the namespace allocates: the installer's. */
	struct mem_cgroup *memcg;
	struct rampart_rule_hits hits;	/* allocated by the compile */
};

/* The open transaction of a namespace. */
struct rampart_policy_tx {
	u32 ticket;
	u32 portid;			/* owner socket */
	bool poisoned;			/* an ADD was refused */
	struct rampart_policy *p;
};

struct rampart_net;
struct mem_cgroup;
struct net;
struct sk_buff;
struct netlink_callback;
struct genl_info;

struct rampart_policy *rampart_policy_alloc(void);
void rampart_policy_free(struct rampart_policy *p);
int rampart_policy_add_item(struct rampart_policy *p, const struct nlattr *item,
			    struct netlink_ext_ack *extack, char *msgbuf,
			    size_t msglen);
int rampart_policy_compile(struct rampart_policy *p,
			   struct netlink_ext_ack *extack, char *msgbuf,
			   size_t msglen);
const struct rampart_rule *
rampart_policy_match(const struct rampart_policy *p, u8 family,
		     const void *saddr, const void *daddr, u8 proto, u16 sport,
		     u16 dport, int ifindex_in, int ifindex_out,
		     const struct net *net, const struct rampart_service **svc);
int rampart_proto_slot(u8 proto);

/* Count a packet decided by @rule (NULL: the implicit drop, not here). */
static inline void rampart_policy_hit(const struct rampart_policy *p,
				      const struct rampart_rule *rule)
{
	u32 slot = rule ? rule->number - 1 : U32_MAX;

	if (slot < p->hits.n)
		this_cpu_inc(p->hits.chunk[slot / RAMPART_HITS_PER_CHUNK]
					  [slot % RAMPART_HITS_PER_CHUNK]);
}

/*
 * The hits of rule @number since the install or the last reset (0 for a
 * number the policy has not); with
 * @reset (under rn->lock, on the installed policy), the count starts again
 * from 0. Without, the caller only keeps @p alive (RCU or rn->lock).
 */
u64 rampart_policy_hits(const struct rampart_policy *p, u32 number, bool reset);

/* Item attribute policies, shared with netlink.c. */
extern const struct nla_policy rampart_policy_add_policy[RAMPART_A_MAX + 1];

int rampart_policy_init(void);
void rampart_policy_exit(void);
void rampart_policy_free_wait(void);
void rampart_policy_net_init(struct rampart_net *rn);
void rampart_policy_net_exit(struct rampart_net *rn);

int rampart_nl_policy_begin(struct sk_buff *skb, struct genl_info *info);
int rampart_nl_policy_add(struct sk_buff *skb, struct genl_info *info);
int rampart_nl_policy_commit(struct sk_buff *skb, struct genl_info *info);
int rampart_nl_policy_abort(struct sk_buff *skb, struct genl_info *info);
int rampart_nl_policy_uninstall(struct sk_buff *skb, struct genl_info *info);
int rampart_nl_policy_get_dump(struct sk_buff *skb, struct netlink_callback *cb);


#endif /* RAMPART_POLICY_H */
