// SPDX-License-Identifier: GPL-2.0
/*
 * The connection table over netlink: CONN_GET lists it (a dump whose cursor
 * is an rhashtable walker kept across calls), CONN_FLUSH removes what a
 * filter selects, and GET_STATS carries the table's figures.
 */
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/ipv6.h>

#include "rampart.h"
#include "conn.h"

static const struct nla_policy conn_filter_policy[RAMPART_CF_A_MAX + 1] = {
	/* 5 passes the range; the cross-checks refuse it with a message. */
	[RAMPART_CF_A_FAMILY] = NLA_POLICY_RANGE(NLA_U8, 4, 6),
	[RAMPART_CF_A_ADDR] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[RAMPART_CF_A_PREFIX_LEN] = NLA_POLICY_MAX(NLA_U8, 128),
	[RAMPART_CF_A_PORT] = { .type = NLA_U16 },
	[RAMPART_CF_A_PROTO] = { .type = NLA_U8 },
	[RAMPART_CF_A_SERVICE] = { .type = NLA_NUL_STRING,
				   .len = RAMPART_POLICY_NAME_MAX },
	[RAMPART_CF_A_STATE] = NLA_POLICY_RANGE(NLA_U8, RAMPART_CONN_SYN_SENT,
						__RAMPART_CONN_MAX - 1),
};

const struct nla_policy rampart_conn_req_policy[RAMPART_A_MAX + 1] = {
	[RAMPART_A_CONN_FILTER] = NLA_POLICY_NESTED(conn_filter_policy),
};

bool rampart_conn_filter_match(const struct rampart_conn_filter *f,
			       const struct rampart_conn_key *key, u8 state,
			       const char *service)
{
	if (f->family && key->family != f->family)
		return false;
	if (f->has_addr &&
	    !ipv6_prefix_equal(&key->addr[0], &f->addr, f->prefix_len) &&
	    !ipv6_prefix_equal(&key->addr[1], &f->addr, f->prefix_len))
		return false;
	if (f->has_port && ntohs(key->port[0]) != f->port &&
	    ntohs(key->port[1]) != f->port)
		return false;
	if (f->has_proto && key->proto != f->proto)
		return false;
	if (f->state && state != f->state)
		return false;
	if (f->service[0] && (!service || strcmp(service, f->service)))
		return false;
	return true;
}
RAMPART_EXPORT_FOR_TESTS(rampart_conn_filter_match);

/* The refusal of a filter: the message names the offending attribute. */
#define filter_refuse(extack, bad, msg) ({		\
	NL_SET_ERR_MSG_ATTR(extack, bad, msg);		\
	-EINVAL;					\
})

int rampart_conn_filter_parse(const struct nlattr *nest,
			      struct rampart_conn_filter *f,
			      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[RAMPART_CF_A_MAX + 1];
	u8 max_len;
	int err;

	memset(f, 0, sizeof(*f));
	if (!nest)
		return 0;
	err = nla_parse_nested(tb, RAMPART_CF_A_MAX, nest, conn_filter_policy,
			       extack);
	if (err)
		return err;

	if (tb[RAMPART_CF_A_FAMILY]) {
		f->family = nla_get_u8(tb[RAMPART_CF_A_FAMILY]);
		if (f->family != 4 && f->family != 6)
			return filter_refuse(extack, tb[RAMPART_CF_A_FAMILY],
					     "filter family must be 4 or 6");
	}
	if (tb[RAMPART_CF_A_PREFIX_LEN] && !tb[RAMPART_CF_A_ADDR])
		return filter_refuse(extack, tb[RAMPART_CF_A_PREFIX_LEN],
				     "filter prefix length given without an address");
	if (tb[RAMPART_CF_A_ADDR]) {
		if (!f->family)
			return filter_refuse(extack, tb[RAMPART_CF_A_ADDR],
					     "filter address given without a family");
		max_len = f->family == 4 ? 32 : 128;
		f->prefix_len = max_len;
		if (tb[RAMPART_CF_A_PREFIX_LEN])
			f->prefix_len = nla_get_u8(tb[RAMPART_CF_A_PREFIX_LEN]);
		if (f->prefix_len > max_len)
			return filter_refuse(extack, tb[RAMPART_CF_A_PREFIX_LEN],
					     "filter prefix length above 32 for IPv4");
		nla_memcpy(&f->addr, tb[RAMPART_CF_A_ADDR], sizeof(f->addr));
		f->has_addr = true;
	}
	if (tb[RAMPART_CF_A_PORT]) {
		f->port = nla_get_u16(tb[RAMPART_CF_A_PORT]);
		f->has_port = true;
	}
	if (tb[RAMPART_CF_A_PROTO]) {
		f->proto = nla_get_u8(tb[RAMPART_CF_A_PROTO]);
		f->has_proto = true;
	}
	if (tb[RAMPART_CF_A_STATE])
		f->state = nla_get_u8(tb[RAMPART_CF_A_STATE]);
	if (tb[RAMPART_CF_A_SERVICE]) {
		nla_strscpy(f->service, tb[RAMPART_CF_A_SERVICE],
			    sizeof(f->service));
		if (!f->service[0])
			return filter_refuse(extack, tb[RAMPART_CF_A_SERVICE],
					     "filter service name is empty");
	}
	return 0;
}
RAMPART_EXPORT_FOR_TESTS(rampart_conn_filter_parse);

const char *rampart_conn_service_name(const struct rampart_policy *p,
				      u16 service)
{
	if (!p || !service || service > p->n_services)
		return NULL;
	return p->services[service - 1]->id.name;
}
RAMPART_EXPORT_FOR_TESTS(rampart_conn_service_name);

static bool conn_matches(const struct rampart_conn_filter *f,
			 const struct rampart_conn *c,
			 const struct rampart_policy *p)
{
	return rampart_conn_filter_match(f, &c->key, READ_ONCE(c->track.state),
					 rampart_conn_service_name(p, READ_ONCE(c->service)));
}

static u32 seconds_between(unsigned long from, unsigned long to)
{
	if (!time_after(to, from))
		return 0;
	return min_t(unsigned long, (to - from) / HZ, U32_MAX);
}

int rampart_conn_fill(struct sk_buff *msg, struct rampart_conn *c,
		      const struct rampart_policy *p, unsigned long now)
{
	const struct rampart_conn_key *key = &c->key;
	unsigned int o = c->orig ? 1 : 0;
	u64 packets[2], bytes[2];
	unsigned long expires;
	u16 rule, service;
	const char *name;
	struct nlattr *nest;
	u8 state;

	spin_lock_bh(&c->lock);
	state = c->track.state;
	rule = c->rule;
	service = c->service;
	expires = c->expires;
	memcpy(packets, c->packets, sizeof(packets));
	memcpy(bytes, c->bytes, sizeof(bytes));
	spin_unlock_bh(&c->lock);
	name = rampart_conn_service_name(p, service);

	nest = nla_nest_start(msg, RAMPART_A_CONN);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, RAMPART_CONN_A_ID, c->id) ||
	    nla_put_u8(msg, RAMPART_CONN_A_FAMILY, key->family) ||
	    nla_put_u8(msg, RAMPART_CONN_A_PROTO, key->proto) ||
	    nla_put_in6_addr(msg, RAMPART_CONN_A_SRC, &key->addr[o]) ||
	    nla_put_in6_addr(msg, RAMPART_CONN_A_DST, &key->addr[!o]) ||
	    nla_put_u16(msg, RAMPART_CONN_A_SPORT, ntohs(key->port[o])) ||
	    nla_put_u16(msg, RAMPART_CONN_A_DPORT, ntohs(key->port[!o])) ||
	    nla_put_u8(msg, RAMPART_CONN_A_STATE, state) ||
	    nla_put_u32(msg, RAMPART_CONN_A_RULE, rule) ||
	    (name && nla_put_string(msg, RAMPART_CONN_A_SERVICE, name)) ||
	    nla_put_u32(msg, RAMPART_CONN_A_TIMEOUT, seconds_between(now, expires)) ||
	    nla_put_u32(msg, RAMPART_CONN_A_AGE, seconds_between(c->created, now)) ||
	    nla_put_u64_64bit(msg, RAMPART_CONN_A_PACKETS_ORIG,
			      packets[RAMPART_DIR_ORIGINAL], RAMPART_CONN_A_PAD) ||
	    nla_put_u64_64bit(msg, RAMPART_CONN_A_BYTES_ORIG,
			      bytes[RAMPART_DIR_ORIGINAL], RAMPART_CONN_A_PAD) ||
	    nla_put_u64_64bit(msg, RAMPART_CONN_A_PACKETS_REPLY,
			      packets[RAMPART_DIR_REPLY], RAMPART_CONN_A_PAD) ||
	    nla_put_u64_64bit(msg, RAMPART_CONN_A_BYTES_REPLY,
			      bytes[RAMPART_DIR_REPLY], RAMPART_CONN_A_PAD)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}
RAMPART_EXPORT_FOR_TESTS(rampart_conn_fill);

/* ---- CONN_GET ---- */

void rampart_conn_dump_init(struct rampart_conn_dump *d,
			    struct rampart_conn_table *t)
{
	memset(d, 0, sizeof(*d));
	rhashtable_walk_enter(&t->conns, &d->iter);
}
RAMPART_EXPORT_FOR_TESTS(rampart_conn_dump_init);

void rampart_conn_dump_exit(struct rampart_conn_dump *d)
{
	rhashtable_walk_exit(&d->iter);
}
RAMPART_EXPORT_FOR_TESTS(rampart_conn_dump_exit);

/* One message per connection; -EMSGSIZE when the skb is full. */
static int put_conn_msg(struct sk_buff *skb, u32 portid, u32 seq,
			struct rampart_conn *c, const struct rampart_policy *p,
			unsigned long now)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &rampart_genl_family, NLM_F_MULTI,
			  RAMPART_CMD_CONN_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (rampart_conn_fill(skb, c, p, now)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * Each step walks on from where the last one stopped. The walker leaves
 * RCU at every return and whenever the scheduler wants the CPU back, so an
 * entry removed in between is skipped, and a resize (-EAGAIN) starts the
 * walk over: entries may be missed or shown twice, as the UAPI says.
 */
int rampart_conn_dump_step(struct rampart_conn_dump *d, struct rampart_net *rn,
			   struct sk_buff *skb, u32 portid, u32 seq,
			   unsigned long now)
{
	const struct rampart_policy *p;
	struct rampart_conn *c;
	int n = 0;

	if (d->done)
		return 0;
	rhashtable_walk_start(&d->iter);
	p = rcu_dereference(rn->policy);
	c = d->retry ? rhashtable_walk_peek(&d->iter) :
		       rhashtable_walk_next(&d->iter);
	d->retry = false;
	for (;; c = rhashtable_walk_next(&d->iter)) {
		if (IS_ERR(c)) {
			if (PTR_ERR(c) == -EAGAIN)
				continue;
			break;
		}
		if (!c) {
			d->done = true;
			break;
		}
		if (!test_bit(RAMPART_CONN_F_DEAD, &c->flags) &&
		    conn_matches(&d->filter, c, p)) {
			if (put_conn_msg(skb, portid, seq, c, p, now)) {
				d->retry = true;
				break;
			}
			n++;
		}
		if (need_resched()) {
			rhashtable_walk_stop(&d->iter);
			cond_resched();
			rhashtable_walk_start(&d->iter);
			p = rcu_dereference(rn->policy);
		}
	}
	rhashtable_walk_stop(&d->iter);
	/* An entry that does not fit in an empty message never will. */
	if (d->retry && !n)
		return -EMSGSIZE;
	return n;
}
RAMPART_EXPORT_FOR_TESTS(rampart_conn_dump_step);

/* The cursor of one netlink dump, in cb->args[0] from .start to .done. */
struct conn_get {
	struct rampart_conn_dump d;
	bool parsed;		/* the filter is read on the first call */
};

int rampart_nl_conn_get_start(struct netlink_callback *cb)
{
	struct rampart_net *rn = rampart_pernet(sock_net(cb->skb->sk));
	struct conn_get *g;

	g = kmalloc(sizeof(*g), GFP_KERNEL_ACCOUNT);
	if (!g)
		return -ENOMEM;
	rampart_conn_dump_init(&g->d, &rn->conns);
	g->parsed = false;
	cb->args[0] = (long)g;
	return 0;
}

int rampart_nl_conn_get_done(struct netlink_callback *cb)
{
	struct conn_get *g = (struct conn_get *)cb->args[0];

	if (g) {
		rampart_conn_dump_exit(&g->d);
		kfree(g);
		cb->args[0] = 0;
	}
	return 0;
}

/*
 * The filter is checked here rather than in .start: only the dump calls
 * have cb->extack on 6.1, so a refusal reaches the user in NLMSG_DONE.
 */
int rampart_nl_conn_get_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct rampart_net *rn = rampart_pernet(sock_net(skb->sk));
	struct conn_get *g = (struct conn_get *)cb->args[0];
	int err;

	if (!g->parsed) {
		struct nlattr **attrs = genl_dumpit_info(cb)->attrs;

		err = rampart_conn_filter_parse(attrs[RAMPART_A_CONN_FILTER],
						&g->d.filter, cb->extack);
		if (err)
			return err;
		g->parsed = true;
	}
	err = rampart_conn_dump_step(&g->d, rn, skb, NETLINK_CB(cb->skb).portid,
				     cb->nlh->nlmsg_seq, jiffies);
	if (err < 0)
		return err;
	return skb->len;
}

/* ---- CONN_FLUSH ---- */

struct flush_arg {
	struct rampart_net *rn;
	const struct rampart_conn_filter *filter;
};

/* Called by rampart_conn_flush() inside its walk, under RCU. */
static bool flush_match(const struct rampart_conn *c, void *arg)
{
	const struct flush_arg *a = arg;

	return conn_matches(a->filter, c, rcu_dereference(a->rn->policy));
}

unsigned int rampart_conn_flush_filter(struct rampart_net *rn,
				       const struct rampart_conn_filter *filter,
				       unsigned long now)
{
	struct flush_arg arg = { .rn = rn, .filter = filter };

	return rampart_conn_flush(&rn->conns, filter ? flush_match : NULL, &arg,
				  RAMPART_REMOVED_FLUSH, now);
}
RAMPART_EXPORT_FOR_TESTS(rampart_conn_flush_filter);

int rampart_nl_conn_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct rampart_net *rn = rampart_pernet(genl_info_net(info));
	const struct nlattr *nest = info->attrs[RAMPART_A_CONN_FILTER];
	struct rampart_conn_filter filter;
	struct sk_buff *msg;
	unsigned int n;
	void *hdr;
	int err;

	err = rampart_conn_filter_parse(nest, &filter, info->extack);
	if (err)
		return err;
	/* The reply first: a flush that happened is always reported. */
	msg = genlmsg_new(nla_total_size(sizeof(u32)), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &rampart_genl_family, 0,
				info->genlhdr->cmd);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	n = rampart_conn_flush_filter(rn, nest ? &filter : NULL, jiffies);
	if (nla_put_u32(msg, RAMPART_A_CONN_COUNT, n)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* ---- GET_STATS ---- */

/* A counter since the last reset (*base); with @reset, it restarts now. */
static int put_counter(struct sk_buff *msg, int type, const atomic64_t *v,
		       u64 *base, bool reset)
{
	u64 now = atomic64_read(v), since = now - *base;

	if (reset)
		*base = now;
	return nla_put_u64_64bit(msg, type, since, RAMPART_CS_A_PAD);
}

int rampart_conn_put_stats(struct sk_buff *msg, struct rampart_conn_table *t,
			   bool reset)
{
	const struct rampart_conn_stats *s = &t->stats;
	u64 *b = t->stats_base;
	struct nlattr *nest;
	unsigned int ntombs;

	BUILD_BUG_ON(ARRAY_SIZE(t->stats_base) != sizeof(t->stats) / sizeof(atomic64_t));
	spin_lock_bh(&t->lock);
	ntombs = t->ntombs;
	spin_unlock_bh(&t->lock);

	nest = nla_nest_start(msg, RAMPART_A_CONN_STATS);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(msg, RAMPART_CS_A_ENTRIES, max(atomic_read(&t->count), 0)) ||
	    nla_put_u32(msg, RAMPART_CS_A_LIMIT, READ_ONCE(t->max)) ||
	    nla_put_u32(msg, RAMPART_CS_A_TOMBS, ntombs) ||
	    nla_put_u32(msg, RAMPART_CS_A_TOMBS_MAX, READ_ONCE(t->max_tombs)) ||
	    put_counter(msg, RAMPART_CS_A_INSERTS, &s->inserts, &b[0], reset) ||
	    put_counter(msg, RAMPART_CS_A_REMOVALS, &s->removals, &b[1], reset) ||
	    put_counter(msg, RAMPART_CS_A_EVICTIONS, &s->evictions, &b[2], reset) ||
	    put_counter(msg, RAMPART_CS_A_FULL_DROPS, &s->full_drops, &b[3], reset) ||
	    put_counter(msg, RAMPART_CS_A_GC_RUNS, &s->gc_runs, &b[4], reset) ||
	    put_counter(msg, RAMPART_CS_A_LATE_PASSED, &s->late_passed, &b[5], reset) ||
	    put_counter(msg, RAMPART_CS_A_PICKUPS, &s->pickups, &b[6], reset)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}
