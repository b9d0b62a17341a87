/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The connection table: one entry per connection, found from either
 * direction, plus a bounded memory of recently removed connections so that
 * a late packet can be told why its connection is gone.
 */
#ifndef RAMPART_CONN_H
#define RAMPART_CONN_H

#include <linux/in6.h>
#include <linux/list.h>
#include <linux/rhashtable.h>
#include <linux/spinlock.h>
#include <linux/atomic.h>
#include <net/netlink.h>

#include "core/track.h"

/*
 * A connection's key with its two endpoints in canonical order (the lower
 * address/port pair first), so one entry serves both directions. IPv4
 * addresses sit in the first 4 bytes of their slot, the rest zero.
 */
struct rampart_conn_key {
	struct in6_addr addr[2];
	__be16 port[2];		/* ICMP echo: the identifier, twice */
	u8 family;		/* 4 or 6 */
	u8 proto;
	u8 pad[2];
};

enum rampart_conn_timeouts {
	RAMPART_TO_START,
	RAMPART_TO_ESTABLISHED,
	RAMPART_TO_END,
	RAMPART_TO_UDP,
	RAMPART_TO_MAX
};

#define RAMPART_CONN_F_DEAD		0	/* unlinked: remove only once */
#define RAMPART_CONN_F_ESTABLISHED	1	/* off the unestablished list */

struct rampart_smtp_conn;

struct rampart_conn {
	struct rhash_head node;
	struct rampart_conn_key key;
	spinlock_t lock;		/* track, expires, counters */
	u8 orig;			/* key endpoint (0/1) that opened it */
	u16 rule;			/* rule number that accepted it */
	/*
	 * The generation of the policy that rule, service and timeout
	 * belong to (under lock; read with READ_ONCE): an install replaces
	 * the policy before its re-match reaches each entry, and a reader
	 * in between must not take the old policy's rule number for the
	 * new one's (rampart_fw_conn_rule()).
	 */
	u32 policy_gen;
	/*
	 * The service that applies: its index + 1 in the services array of
	 * the installed policy (rcu_dereference(rn->policy)), 0 for none.
	 * Readers check it against that policy's n_services: an install
	 * replaces the array (rampart_conn_service_name()).
	 */
	u16 service;
	u32 id;				/* stable id for listings and monitor */
	unsigned long flags;		/* RAMPART_CONN_F_* bit numbers */
	unsigned long expires;		/* jiffies */
	unsigned long created;		/* jiffies */
	u32 timeout[RAMPART_TO_MAX];	/* seconds, from the service */
	struct rampart_tcp_track track;
	struct list_head unest;		/* on the table's list until established */
	u64 packets[2], bytes[2];	/* by RAMPART_DIR_* */
	int ifindex_in, ifindex_out;	/* of the first packet; 0: none */
	struct rampart_smtp_conn *smtp;	/* inspection state (smtp.c), set once,
					 * kfree()d with the entry; NULL: none
					 */
	struct rcu_head rcu;
};

/* What is remembered of a removed connection. */
struct rampart_tomb {
	struct rhash_head node;
	struct rampart_conn_key key;
	struct list_head list;		/* oldest first */
	unsigned long removed;		/* jiffies */
	u32 timeout;			/* seconds: the timeout that applied */
	u32 policy_gen;			/* the policy rule and service belong to */
	u16 rule, service;
	u8 orig;
	u8 why;				/* enum rampart_removal */
	struct in6_addr rst_from;	/* RAMPART_REMOVED_RST: who reset it */
	struct rampart_tcp_track track;	/* windows at removal, for grace */
	struct rcu_head rcu;
};

struct rampart_conn_stats {
	atomic64_t inserts;
	atomic64_t removals;
	atomic64_t evictions;
	atomic64_t full_drops;
	atomic64_t gc_runs;
	atomic64_t late_passed;		/* late packets let through under grace */
	atomic64_t pickups;		/* connections adopted mid-stream */
};

struct rampart_conn_table {
	struct rhashtable conns;
	struct rhashtable tombs;
	spinlock_t lock;		/* unest and tomb_list */
	struct list_head unest;		/* not established, oldest first */
	struct list_head tomb_list;	/* oldest first */
	atomic_t count;
	unsigned int ntombs;		/* under lock */
	unsigned int max;		/* connections */
	unsigned int max_tombs;
	/*
	 * Generation of the policy the entries' rule and service numbers
	 * refer to; set once an install has re-matched the table. A removal
	 * remembers it, so its service is named only under that policy.
	 */
	u32 policy_gen;
	unsigned long tomb_age;		/* jiffies a removal is remembered */
	atomic_t next_id;
	struct rhashtable_iter gc_iter;
	bool gc_walking;
	struct rampart_conn_stats stats;
	/* stats' values at the last reset, in field order; under rn->lock. */
	u64 stats_base[7];
};

int rampart_conn_table_init(struct rampart_conn_table *t, unsigned int max,
			    unsigned int max_tombs, unsigned long tomb_age);
void rampart_conn_table_destroy(struct rampart_conn_table *t);

/* Build the canonical key; *dir gets the packet's side (0: key order). */
void rampart_conn_key_make(struct rampart_conn_key *key, u8 family, u8 proto,
			   const void *saddr, const void *daddr,
			   __be16 sport, __be16 dport, unsigned int *side);

/* The packet's direction on conn: RAMPART_DIR_ORIGINAL or _REPLY. */
static inline unsigned int rampart_conn_dir(const struct rampart_conn *c,
					    unsigned int side)
{
	return side == c->orig ? RAMPART_DIR_ORIGINAL : RAMPART_DIR_REPLY;
}

/* RCU reader; the entry may be expired (rampart_conn_expired()). */
struct rampart_conn *rampart_conn_lookup(struct rampart_conn_table *t,
					 const struct rampart_conn_key *key);

static inline bool rampart_conn_expired(const struct rampart_conn *c,
					unsigned long now)
{
	return time_after_eq(now, READ_ONCE(c->expires));
}

/*
 * Insert a new connection opened from key side @side. When the table is
 * full the oldest connection that is not yet established is evicted; when
 * there is none, ERR_PTR(-ENOSPC). If another CPU inserted the same key
 * first, ERR_PTR(-EEXIST). GFP_ATOMIC: callable from softirq.
 */
struct rampart_conn *rampart_conn_insert(struct rampart_conn_table *t,
					 const struct rampart_conn_key *key,
					 unsigned int side, unsigned long now);

/* The same, with @init run on the new entry before it is visible. */
struct rampart_conn *
rampart_conn_insert_init(struct rampart_conn_table *t,
			 const struct rampart_conn_key *key, unsigned int side,
			 unsigned long now,
			 void (*init)(struct rampart_conn *c, void *arg), void *arg);

/*
 * At most this many evictions make room for one insert; a table further
 * over its maximum (an install lowered it) refuses the insert as full and
 * leaves the rest to rampart_conn_trim() in process context.
 */
#define RAMPART_EVICT_PER_INSERT	4

/*
 * Evict unestablished entries, at most @budget, while the table holds more
 * than its maximum. Process context. Returns the number evicted.
 */
unsigned int rampart_conn_trim(struct rampart_conn_table *t, unsigned long now,
			       unsigned int budget);

/* Called once the connection is established: it can no longer be evicted. */
void rampart_conn_set_established(struct rampart_conn_table *t,
				  struct rampart_conn *c);

/* Idle timer: expire @seconds from @now. */
static inline void rampart_conn_refresh(struct rampart_conn *c, unsigned long now,
					u32 seconds)
{
	WRITE_ONCE(c->expires, now + (unsigned long)seconds * HZ);
}

/*
 * Unlink and free (after RCU) a connection, remembering why. Safe to call
 * from several CPUs: one wins. @rst_from is the RST sender for
 * RAMPART_REMOVED_RST, else NULL. Returns false if it was already gone.
 */
bool rampart_conn_remove(struct rampart_conn_table *t, struct rampart_conn *c,
			 enum rampart_removal why, const struct in6_addr *rst_from,
			 unsigned long now);

/* A remembered removal for this key, if one is younger than tomb_age. */
struct rampart_tomb *rampart_tomb_lookup(struct rampart_conn_table *t,
					 const struct rampart_conn_key *key,
					 unsigned long now);

/*
 * Track a late segment against the windows a remembered connection had,
 * as if it were still open: true when it fits, and then the remembered
 * windows move on, so the rest of a closing handshake fits too. The
 * connection is not recreated. RCU reader.
 */
bool rampart_tomb_track(struct rampart_conn_table *t, struct rampart_tomb *tb,
			unsigned int dir, const struct rampart_tcp_seg *seg);

/*
 * One bounded step of garbage collection: look at no more than @budget
 * entries, remove the expired ones and forget removals older than tomb_age.
 * Returns true when a full pass over the table has completed. Process
 * context only (it is run from a workqueue).
 */
bool rampart_conn_gc(struct rampart_conn_table *t, unsigned long now,
		     unsigned int budget);

/* Remove an expired connection with the reason its state gives. */
bool rampart_conn_expire(struct rampart_conn_table *t, struct rampart_conn *c,
			 unsigned long now);

/*
 * Visit every connection in process context; @fn may change the entry's
 * rule and service under its lock and returns RAMPART_REMOVED_NONE to keep
 * it, or the reason to remove it. One walk can miss entries, so the table
 * is walked again while a walk still removes some (a few times at most);
 * @fn can see an entry it kept more than once. Returns the number removed.
 */
unsigned int rampart_conn_rematch(struct rampart_conn_table *t,
				  enum rampart_removal (*fn)(struct rampart_conn *c,
							     void *arg),
				  void *arg, unsigned long now);

/*
 * Remove every connection for which @match returns true (NULL: all).
 * Process context; a rematch underneath.
 */
unsigned int rampart_conn_flush(struct rampart_conn_table *t,
				bool (*match)(const struct rampart_conn *c, void *arg),
				void *arg, enum rampart_removal why,
				unsigned long now);

/*
 * What `fwadm conn' selects (RAMPART_A_CONN_FILTER); every field that is
 * set must match. An address or a port matches either endpoint.
 */
struct rampart_conn_filter {
	u8 family;			/* 4 or 6; 0: any */
	u8 prefix_len;			/* bits of addr compared */
	u8 proto;			/* IPPROTO_*, with has_proto */
	u8 state;			/* enum rampart_conn_state; 0: any */
	bool has_addr, has_port, has_proto;
	u16 port;			/* host order */
	struct in6_addr addr;		/* IPv4 in the first 4 bytes */
	char service[RAMPART_POLICY_NAME_MAX + 1];	/* "": any */
};

struct rampart_policy;
struct genl_info;

/* conn_nl.c: the table over netlink. */

/*
 * Does a connection with this key, state and service name (NULL: none)
 * pass the filter? A pure function of its arguments.
 */
bool rampart_conn_filter_match(const struct rampart_conn_filter *f,
			       const struct rampart_conn_key *key, u8 state,
			       const char *service);

/* Read a RAMPART_A_CONN_FILTER nest (NULL: match all) into f. */
int rampart_conn_filter_parse(const struct nlattr *nest,
			      struct rampart_conn_filter *f,
			      struct netlink_ext_ack *extack);

/* The name of service (see struct rampart_conn) in policy p, or NULL. */
const char *rampart_conn_service_name(const struct rampart_policy *p,
				      u16 service);

/*
 * Put one RAMPART_A_CONN nest describing c, its service named from p.
 * Takes c->lock; the caller holds the RCU read lock. -EMSGSIZE when it
 * does not fit, msg unchanged.
 */
int rampart_conn_fill(struct sk_buff *msg, struct rampart_conn *c,
		      const struct rampart_policy *p, unsigned long now);

/* The cursor of a CONN_GET dump: a table walker kept between steps. */
struct rampart_conn_dump {
	struct rhashtable_iter iter;
	struct rampart_conn_filter filter;	/* set before the first step */
	bool retry;		/* the walker's current entry did not fit */
	bool done;
};

struct rampart_net;

/* Process context; pair with rampart_conn_dump_exit(). */
void rampart_conn_dump_init(struct rampart_conn_dump *d,
			    struct rampart_conn_table *t);
void rampart_conn_dump_exit(struct rampart_conn_dump *d);

/*
 * Put one CONN_GET message per matching connection into skb until it is
 * full or the walk is done (d->done). Returns the number put, 0 at the
 * end, -EMSGSIZE if one connection does not fit in skb.
 */
int rampart_conn_dump_step(struct rampart_conn_dump *d, struct rampart_net *rn,
			   struct sk_buff *skb, u32 portid, u32 seq,
			   unsigned long now);

/*
 * Remove the connections that pass filter (NULL: all) as flushed; returns
 * how many. Process context.
 */
unsigned int rampart_conn_flush_filter(struct rampart_net *rn,
				       const struct rampart_conn_filter *filter,
				       unsigned long now);

/* The RAMPART_A_CONN_STATS nest of GET_STATS. */
/* The table's RAMPART_A_CONN_STATS; with @reset its counters restart from 0. */
int rampart_conn_put_stats(struct sk_buff *msg, struct rampart_conn_table *t,
			   bool reset);

/* Requests that take RAMPART_A_CONN_FILTER: CONN_GET, CONN_FLUSH. */
extern const struct nla_policy rampart_conn_req_policy[RAMPART_A_MAX + 1];

int rampart_nl_conn_get_start(struct netlink_callback *cb);
int rampart_nl_conn_get_dump(struct sk_buff *skb, struct netlink_callback *cb);
int rampart_nl_conn_get_done(struct netlink_callback *cb);
int rampart_nl_conn_flush(struct sk_buff *skb, struct genl_info *info);

#endif /* RAMPART_CONN_H */
