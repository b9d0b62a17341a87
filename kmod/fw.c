// SPDX-License-Identifier: GPL-2.0
/*
 * The fw stage: the connection table and the rulebase on the packet path.
 *
 * Every packet gets exactly one decision. Received packets (forwarded or
 * for this host) are decided in the in chain; packets this host sends are
 * decided in the out chain; a forwarded packet crossing the out chain was
 * decided on its way in and passes. A packet of a known connection is
 * tracked (kmod/core/track.c) and never meets the rulebase; the first
 * packet of a new one is matched rule by rule, and an accepted connection
 * enters the table. Without an installed policy the stage passes all.
 *
 * Out of state is never left unexplained: when the table remembers the
 * connection a packet belonged to, the drop's text says when and why it
 * was removed (kmod/core/explain.c), and a late FIN, ACK or RST that still
 * fits the windows the connection had passes under late-packet grace.
 *
 * Always passed: loopback traffic, ICMPv6 neighbour discovery and MLD of
 * the firewall's own links (RFC 4890 section 4.4.1: IPv6 on a link does not
 * work without them; fw_icmpv6_link() says what is of a link), and
 * the RSTs and ICMP errors Rampart itself sends for `reject'.
 */
#include <linux/module.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/ip_fib.h>
#include <net/ip6_route.h>
#include <net/addrconf.h>
#include <net/ipv6.h>
#include <net/netfilter/ipv4/nf_reject.h>
#include <net/netfilter/ipv6/nf_reject.h>

#include "rampart.h"
#include "core/explain.h"
#include "core/reason.h"
#include "core/track.h"
#include "smtp.h"

/* Set while this CPU sends a reject: the reply passes our own out chain. */
static DEFINE_PER_CPU(unsigned int, fw_rejecting);

#define EXPLAIN_MAX	256

/* One packet as the fw stage sees it. */
struct fw_pkt {
	struct sk_buff *skb;
	const struct nf_hook_state *state;
	struct rampart_pkt_info info;
	u8 family;			/* 4 or 6 */
	u8 saddr[16], daddr[16];	/* IPv4 in the first 4 bytes */
	int ifindex_in, ifindex_out;
	__be16 kport[2];		/* the key's ports: source, destination */
	struct rampart_tcp_seg seg;	/* TCP only */
};

/* What the rulebase said about a new connection. */
struct fw_match {
	const struct rampart_rule *rule;
	const struct rampart_service *svc;
	u32 timeout[RAMPART_TO_MAX];
	u32 gen;			/* of the policy matched against */
	u8 out_of_state, pickup;
};

static bool fw_forwarded(const struct sk_buff *skb, u8 pf)
{
	if (pf == NFPROTO_IPV4)
		return IPCB(skb)->flags & IPSKB_FORWARDED;
	return IP6CB(skb)->flags & IP6SKB_FORWARDED;
}

static bool fw_parse(struct fw_pkt *pk, struct sk_buff *skb,
		     const struct nf_hook_state *state)
{
	unsigned int noff = skb_network_offset(skb);
	u8 buf[60];

	pk->skb = skb;
	pk->state = state;
	pk->family = state->pf == NFPROTO_IPV6 ? 6 : 4;
	if (rampart_sanity_skb(skb, pk->family, &pk->info))
		return false;
	rampart_skb_addrs(skb, pk->family, pk->saddr, pk->daddr);
	pk->ifindex_in = state->in ? state->in->ifindex : 0;
	pk->ifindex_out = state->out ? state->out->ifindex : 0;
	pk->kport[0] = htons(pk->info.sport);
	pk->kport[1] = htons(pk->info.dport);

	if (pk->info.l4proto == IPPROTO_TCP) {
		const struct tcphdr *th;
		unsigned int thlen, l4len = pk->info.l4len;

		th = skb_header_pointer(skb, noff + pk->info.l4off, sizeof(*th), buf);
		if (!th)
			return false;
		thlen = th->doff * 4;
		th = skb_header_pointer(skb, noff + pk->info.l4off, thlen, buf);
		if (!th)
			return false;
		if (skb_is_gso(skb))
			l4len = skb->len - noff - pk->info.l4off;
		return rampart_tcp_seg_parse((const u8 *)th, thlen, l4len - thlen,
					     &pk->seg);
	}
	if ((pk->info.l4proto == IPPROTO_ICMP || pk->info.l4proto == IPPROTO_ICMPV6) &&
	    (rampart_icmp_is_echo_request(pk->family, pk->info.sport) ||
	     rampart_icmp_is_echo_reply(pk->family, pk->info.sport))) {
		const __be16 *id;

		/* Echo pseudo-connections are keyed by the identifier. */
		id = skb_header_pointer(skb, noff + pk->info.l4off + 4, 2, buf);
		if (!id)
			return false;
		pk->kport[0] = *id;
		pk->kport[1] = *id;
	}
	return true;
}

/*
 * The interface a received packet will leave by, found by the lookup the
 * forwarding path makes for it (ip_route_input_slow(), ip6_route_input()):
 * source and destination, input interface, mark and TOS or flow label, so
 * that policy routing (`ip rule from ...`, fwmark rules) gives the same
 * answer here as there. 0: for this host, or no route. @skb is NULL when an
 * install re-matches a connection: its first packet's mark is not kept.
 */
static int fw_route_oif4(struct net *net, const struct sk_buff *skb, const u8 *saddr,
			 const u8 *daddr, int iif)
{
	struct flowi4 fl4 = {
		.flowi4_iif = iif ?: LOOPBACK_IFINDEX,
		.flowi4_mark = skb ? skb->mark : 0,
		.flowi4_tos = skb ? ip_hdr(skb)->tos & IPTOS_RT_MASK : 0,
		.flowi4_scope = RT_SCOPE_UNIVERSE,
	};
	struct fib_result res;

	memcpy(&fl4.daddr, daddr, 4);
	memcpy(&fl4.saddr, saddr, 4);
	if (fib_lookup(net, &fl4, &res, 0) || res.type != RTN_UNICAST || !FIB_RES_DEV(res))
		return 0;
	return FIB_RES_DEV(res)->ifindex;
}

static int fw_route_oif6(struct net *net, const struct sk_buff *skb, const u8 *saddr,
			 const u8 *daddr, int iif)
{
	struct flowi6 fl6 = {
		.flowi6_iif = iif ?: LOOPBACK_IFINDEX,
		.flowi6_mark = skb ? skb->mark : 0,
		.flowlabel = skb ? ip6_flowinfo(ipv6_hdr(skb)) : 0,
	};
	struct net_device *dev;
	struct dst_entry *dst;
	int oif = 0;

	memcpy(&fl6.daddr, daddr, 16);
	memcpy(&fl6.saddr, saddr, 16);
	rcu_read_lock();
	dev = iif ? dev_get_by_index_rcu(net, iif) : NULL;
	if (dev)
		dst = ip6_route_input_lookup(net, dev, &fl6, NULL, RT6_LOOKUP_F_HAS_SADDR);
	else
		dst = ip6_route_lookup(net, &fl6, NULL, RT6_LOOKUP_F_HAS_SADDR);
	if (!dst->error && dst->dev &&
	    !(((struct rt6_info *)dst)->rt6i_flags & RTF_LOCAL))
		oif = dst->dev->ifindex;
	dst_release(dst);
	rcu_read_unlock();
	return oif;
}

static int fw_route_oif(struct net *net, const struct sk_buff *skb, u8 family,
			const u8 *saddr, const u8 *daddr, int iif)
{
	return family == 4 ? fw_route_oif4(net, skb, saddr, daddr, iif) :
			     fw_route_oif6(net, skb, saddr, daddr, iif);
}

static void fw_timeouts(const struct rampart_policy *p, u8 proto,
			struct fw_match *m)
{
	const struct rampart_service *s = m->svc;
	const struct rampart_proto_defaults *d;
	int slot = rampart_proto_slot(proto);

	if (slot < 0)
		slot = RAMPART_PROTO_UDP;
	d = &p->defaults[slot];
	m->timeout[RAMPART_TO_START] = s ? s->timeout_start : d->timeout_start;
	m->timeout[RAMPART_TO_ESTABLISHED] = s ? s->timeout_idle : d->timeout_idle;
	m->timeout[RAMPART_TO_END] = s ? s->timeout_end : d->timeout_end;
	m->timeout[RAMPART_TO_UDP] = s ? s->timeout_idle : d->timeout_idle;
	m->out_of_state = s ? s->out_of_state : d->out_of_state;
	m->pickup = s ? s->pickup : d->pickup;
}

/*
 * Match a new connection from @src to @dst. @type is the destination port,
 * or the ICMP type. The out interface of a received packet is found by a
 * route lookup, only when some rule needs it.
 */
static bool fw_match_rules(const struct rampart_policy *p, struct net *net,
			   const struct sk_buff *skb, u8 family, u8 proto,
			   const u8 *src, const u8 *dst, u16 sport, u16 type,
			   int ifin, int *ifout, struct fw_match *m)
{
	if (p->has_out_rules && !*ifout)
		*ifout = fw_route_oif(net, skb, family, src, dst, ifin);
	m->gen = p->generation;
	m->rule = rampart_policy_match(p, family == 4 ? NFPROTO_IPV4 : NFPROTO_IPV6,
				       src, dst, proto, sport, type, ifin, *ifout,
				       net, &m->svc);
	if (m->rule)
		fw_timeouts(p, proto, m);
	return m->rule && m->rule->action == RAMPART_ACTION_ACCEPT;
}

static bool fw_match_pkt(const struct rampart_policy *p, struct fw_pkt *pk,
			 struct fw_match *m)
{
	u16 type = pk->info.dport;

	if (pk->info.l4proto == IPPROTO_ICMP || pk->info.l4proto == IPPROTO_ICMPV6)
		type = pk->info.sport;
	else if (pk->info.l4proto != IPPROTO_TCP && pk->info.l4proto != IPPROTO_UDP)
		type = 0;
	return fw_match_rules(p, pk->state->net, pk->skb, pk->family, pk->info.l4proto,
			      pk->saddr, pk->daddr, pk->info.sport, type,
			      pk->ifindex_in, &pk->ifindex_out, m);
}

/* fw_match_pkt() for a packet the rulebase decides: counted as a hit. */
static bool fw_decide(const struct rampart_policy *p, struct fw_pkt *pk,
		      struct fw_match *m)
{
	bool accept = fw_match_pkt(p, pk, m);

	rampart_policy_hit(p, m->rule);
	return accept;
}

static void fw_event(struct rampart_net *rn, const struct fw_pkt *pk, u8 type,
		     const struct fw_match *m, u32 reason, const char *text,
		     const struct rampart_conn *c)
{
	struct rampart_event ev = {
		.type = type,
		.family = pk->family,
		.proto = pk->info.l4proto,
		.src = pk->saddr,
		.dst = pk->daddr,
		.sport = pk->info.sport,
		.dport = pk->info.dport,
		.ifindex_in = pk->ifindex_in,
		.ifindex_out = pk->ifindex_out,
		.reason = reason,
		.text = text,
		.conn_id = c ? c->id : 0,
	};

	if (m && m->rule) {
		ev.rule = m->rule->number;
		ev.action = m->rule->action;
	}
	if (m && m->svc)
		ev.service = m->svc->id.name;
	rampart_event_send(rn, &ev);
}

static void fw_send_reject(struct fw_pkt *pk)
{
	struct sk_buff *skb = pk->skb;
	unsigned int hook = pk->state->hook;
	struct net *net = pk->state->net;

	local_bh_disable();
	this_cpu_inc(fw_rejecting);
	if (pk->family == 4) {
		if (pk->info.l4proto == IPPROTO_TCP)
			nf_send_reset(net, NULL, skb, hook);
		else if (pk->info.l4proto == IPPROTO_UDP)
			nf_send_unreach(skb, ICMP_PORT_UNREACH, hook);
		else
			nf_send_unreach(skb, ICMP_PKT_FILTERED, hook);
	} else {
		if (pk->info.l4proto == IPPROTO_TCP)
			nf_send_reset6(net, NULL, skb, hook);
		else if (pk->info.l4proto == IPPROTO_UDP)
			nf_send_unreach6(net, skb, ICMPV6_PORT_UNREACH, hook);
		else
			nf_send_unreach6(net, skb, ICMPV6_ADM_PROHIBITED, hook);
	}
	this_cpu_dec(fw_rejecting);
	local_bh_enable();
}

/* The rulebase said no (or nothing): drop, maybe answer, maybe log. */
static unsigned int fw_refuse(struct rampart_net *rn,
			      const struct rampart_chain_stage *st,
			      struct fw_pkt *pk, const struct fw_match *m)
{
	enum rampart_drop_reason reason = RAMPART_DROP_NO_RULE;
	u8 type = RAMPART_EVENT_DROP;

	if (m->rule && m->rule->action == RAMPART_ACTION_REJECT) {
		reason = RAMPART_DROP_RULE_REJECT;
		type = RAMPART_EVENT_REJECT;
		fw_send_reject(pk);
	} else if (m->rule) {
		reason = RAMPART_DROP_RULE_DROP;
	}
	if (m->rule && m->rule->track == RAMPART_TRACK_LOG && rampart_event_wanted(rn))
		fw_event(rn, pk, type, m, reason, rampart_drop_reason_text(reason), NULL);
	if (m->rule)
		rampart_monitor_note_conn(rn, st, m->rule->number, 0);
	return rampart_drop(rn, st, reason);
}

struct fw_new {
	const struct fw_pkt *pk;
	const struct fw_match *m;
	u8 state;			/* RAMPART_CONN_UDP, _ICMP; 0: TCP */
	bool pickup;
};

static void fw_conn_init(struct rampart_conn *c, void *arg)
{
	const struct fw_new *n = arg;
	unsigned int to;

	c->rule = n->m->rule->number;
	c->policy_gen = n->m->gen;
	c->service = n->m->svc ? n->m->svc->index + 1 : 0;
	memcpy(c->timeout, n->m->timeout, sizeof(c->timeout));
	c->ifindex_in = n->pk->ifindex_in;
	c->ifindex_out = n->pk->ifindex_out;
	if (n->state)
		c->track.state = n->state;
	else if (n->pickup)
		rampart_tcp_pickup(&c->track, &n->pk->seg);
	else
		rampart_tcp_new(&c->track, &n->pk->seg);
	c->packets[RAMPART_DIR_ORIGINAL] = 1;
	c->bytes[RAMPART_DIR_ORIGINAL] = n->pk->skb->len;
	to = n->state ? RAMPART_TO_UDP :
	     n->pickup ? RAMPART_TO_ESTABLISHED : RAMPART_TO_START;
	c->expires = c->created + (unsigned long)c->timeout[to] * HZ;
}

/*
 * Enter a new connection accepted by m. Returns NULL after dropping the
 * packet (*verdict set), or the entry; ERR_PTR(-EEXIST) when another CPU
 * entered the same connection first.
 */
static struct rampart_conn *fw_insert(struct rampart_net *rn,
				      const struct rampart_chain_stage *st,
				      struct fw_pkt *pk, const struct rampart_conn_key *key,
				      unsigned int side, const struct fw_match *m,
				      u8 state, bool pickup, unsigned int *verdict)
{
	struct fw_new n = { .pk = pk, .m = m, .state = state, .pickup = pickup };
	struct rampart_conn *c;

	c = rampart_conn_insert_init(&rn->conns, key, side, jiffies, fw_conn_init, &n);
	if (!IS_ERR(c)) {
		rampart_monitor_note_conn(rn, st, c->rule, c->id);
		/*
		 * Evictable (on the unestablished list) until the other side
		 * answers: a picked-up entry too, and an ICMP echo entry for
		 * good, so that floods of either cannot fill the table with
		 * entries nothing can make room from.
		 */
		if (m->rule->track == RAMPART_TRACK_LOG && rampart_event_wanted(rn))
			fw_event(rn, pk, RAMPART_EVENT_ACCEPT, m, 0,
				 pickup ? "connection picked up mid-stream" : NULL, c);
		*verdict = NF_ACCEPT;
		return c;
	}
	if (PTR_ERR(c) == -EEXIST)
		return c;
	*verdict = rampart_drop(rn, st, PTR_ERR(c) == -ENOSPC ?
				RAMPART_DROP_CONN_TABLE_FULL :
				RAMPART_DROP_CONN_NO_MEMORY);
	return NULL;
}

static void fw_count(struct rampart_conn *c, unsigned int dir,
		     const struct sk_buff *skb)
{
	c->packets[dir]++;
	c->bytes[dir] += skb->len;
}

static void fw_addr16(struct in6_addr *a, const u8 *addr)
{
	memcpy(a, addr, sizeof(*a));
}

static unsigned int fw_tcp_tracked(struct rampart_net *rn,
				   const struct rampart_chain_stage *st,
				   struct fw_pkt *pk, struct rampart_conn *c,
				   unsigned int side, unsigned long now)
{
	unsigned int dir = rampart_conn_dir(c, side);
	struct rampart_track_result res;
	bool established = false;
	struct in6_addr from;

	rampart_monitor_note_conn(rn, st, c->rule, c->id);
	/* A RST ends the connection: only one the receiver will take. */
	if ((pk->seg.flags & RAMPART_TCP_RST) &&
	    nf_checksum(pk->skb, pk->state->hook,
			skb_network_offset(pk->skb) + pk->info.l4off, IPPROTO_TCP,
			pk->state->pf))
		return rampart_drop(rn, st, RAMPART_DROP_TCP_BAD_CHECKSUM);
	spin_lock_bh(&c->lock);
	rampart_tcp_track(&c->track, dir, &pk->seg, &res);
	if (res.reason) {
		spin_unlock_bh(&c->lock);
		return rampart_drop(rn, st, res.reason);
	}
	fw_count(c, dir, pk->skb);
	if (res.timeout != RAMPART_TIMEOUT_CLOSED && res.timeout != RAMPART_TIMEOUT_KEEP)
		rampart_conn_refresh(c, now, c->timeout[res.timeout]);
	/* Past the handshake, and the other side has answered (a pickup!). */
	if (res.new_state >= RAMPART_CONN_ESTABLISHED &&
	    res.new_state <= RAMPART_CONN_CLOSED && c->packets[RAMPART_DIR_REPLY])
		established = true;
	spin_unlock_bh(&c->lock);

	if (established && !test_bit(RAMPART_CONN_F_ESTABLISHED, &c->flags))
		rampart_conn_set_established(&rn->conns, c);
	if (res.closed_by_rst) {
		fw_addr16(&from, pk->saddr);
		rampart_conn_remove(&rn->conns, c, RAMPART_REMOVED_RST, &from, now);
	}
	return NF_ACCEPT;
}

static void fw_removal_info(struct rampart_net *rn, const struct rampart_tomb *tb,
			    unsigned long now, struct rampart_removal_info *ri,
			    char *rst_from, size_t rst_len)
{
	const struct rampart_policy *p = rcu_dereference(rn->policy);

	memset(ri, 0, sizeof(*ri));
	ri->why = tb->why;
	ri->ago = jiffies_to_msecs(now - tb->removed) / 1000;
	ri->timeout = tb->timeout;
	/* Rule and service numbers mean something only in their own policy. */
	if (p && tb->policy_gen == p->generation) {
		ri->rule = tb->rule;
		ri->service = rampart_conn_service_name(p, tb->service);
	}
	if (tb->why == RAMPART_REMOVED_RST) {
		if (tb->key.family == 4)
			snprintf(rst_from, rst_len, "%pI4", &tb->rst_from);
		else
			snprintf(rst_from, rst_len, "%pI6c", &tb->rst_from);
		ri->rst_from = rst_from;
	}
}

/* A TCP segment that is not a plain SYN and has no entry. */
static unsigned int fw_tcp_untracked(struct rampart_net *rn,
				     const struct rampart_chain_stage *st,
				     const struct rampart_policy *p,
				     struct fw_pkt *pk,
				     const struct rampart_conn_key *key,
				     unsigned int side, unsigned long now)
{
	u8 flags = pk->info.tcp_flags;
	bool plain_ack = (flags & (RAMPART_TCP_SYN | RAMPART_TCP_RST | RAMPART_TCP_FIN |
				   RAMPART_TCP_ACK)) == RAMPART_TCP_ACK;
	struct rampart_removal_info ri;
	struct rampart_tomb *tb;
	bool graceable, in_window = false;
	char text[EXPLAIN_MAX], from[48];
	struct fw_match m;
	unsigned int verdict;
	bool event;

	/*
	 * Grace is for the last words of a connection: a FIN, ACK or RST
	 * without data, still in the windows it had. Data never passes, and
	 * a connection the policy removed gets no grace.
	 */
	tb = rampart_tomb_lookup(&rn->conns, key, now);
	graceable = tb && p->late_grace && !pk->seg.payload_len &&
		    !(flags & RAMPART_TCP_SYN) && tb->why != RAMPART_REMOVED_POLICY &&
		    tb->track.state != RAMPART_CONN_NONE;
	if (graceable) {
		unsigned int dir = side == tb->orig ? RAMPART_DIR_ORIGINAL :
						      RAMPART_DIR_REPLY;

		in_window = rampart_tomb_track(&rn->conns, tb, dir, &pk->seg);
		if (in_window) {
			atomic64_inc(&rn->conns.stats.late_passed);
			if (rampart_event_wanted(rn)) {
				size_t n = scnprintf(text, sizeof(text),
						     "late packet passed under grace; ");

				fw_removal_info(rn, tb, now, &ri, from, sizeof(from));
				rampart_explain_removal(text + n, sizeof(text) - n, &ri);
				fw_event(rn, pk, RAMPART_EVENT_LATE_PASS, NULL, 0, text, NULL);
			}
			return NF_ACCEPT;
		}
	}

	/* Per service: adopt a connection mid-stream, or let it through. */
	if (fw_match_pkt(p, pk, &m)) {
		if ((m.pickup && plain_ack) || m.out_of_state)
			rampart_policy_hit(p, m.rule);
		if (m.pickup && plain_ack) {
			struct rampart_conn *c;

			c = fw_insert(rn, st, pk, key, side, &m, 0, true, &verdict);
			if (c && !IS_ERR(c))
				atomic64_inc(&rn->conns.stats.pickups);
			if (!IS_ERR(c))
				return verdict;
			/* Another CPU entered it: this segment is tracked next time. */
			return NF_ACCEPT;
		}
		if (m.out_of_state)
			return NF_ACCEPT;
	}

	/* The explanation is built for a listener or a monitor record. */
	text[0] = '\0';
	event = rampart_event_wanted(rn);
	if (event || rampart_monitor_active(rn)) {
		if (tb)
			fw_removal_info(rn, tb, now, &ri, from, sizeof(from));
		rampart_explain_out_of_state(text, sizeof(text), flags, tb ? &ri : NULL,
					     graceable && !in_window);
	}
	if (event)
		fw_event(rn, pk, RAMPART_EVENT_DROP, NULL, RAMPART_DROP_TCP_OUT_OF_STATE,
			 text, NULL);
	return rampart_drop_text(rn, st, RAMPART_DROP_TCP_OUT_OF_STATE, text);
}

/* Look a key up; an expired entry is removed on the spot. */
static struct rampart_conn *fw_lookup(struct rampart_net *rn,
				      const struct rampart_conn_key *key,
				      unsigned long now)
{
	struct rampart_conn *c = rampart_conn_lookup(&rn->conns, key);

	if (c && rampart_conn_expired(c, now)) {
		rampart_conn_expire(&rn->conns, c, now);
		return NULL;
	}
	return c;
}

static unsigned int fw_tcp(struct rampart_net *rn, const struct rampart_chain_stage *st,
			   const struct rampart_policy *p, struct fw_pkt *pk)
{
	u8 flags = pk->info.tcp_flags;
	struct rampart_conn_key key;
	unsigned long now = jiffies;
	struct rampart_conn *c;
	struct fw_match m;
	unsigned int side, verdict, tries = 0;

	rampart_conn_key_make(&key, pk->family, IPPROTO_TCP, pk->saddr, pk->daddr,
			      pk->kport[0], pk->kport[1], &side);
again:
	c = fw_lookup(rn, &key, now);
	if (c)
		return fw_tcp_tracked(rn, st, pk, c, side, now);
	if ((flags & (RAMPART_TCP_SYN | RAMPART_TCP_ACK | RAMPART_TCP_RST)) != RAMPART_TCP_SYN)
		return fw_tcp_untracked(rn, st, p, pk, &key, side, now);
	if (!fw_decide(p, pk, &m))
		return fw_refuse(rn, st, pk, &m);
	c = fw_insert(rn, st, pk, &key, side, &m, 0, false, &verdict);
	if (IS_ERR(c) && tries++ == 0)
		goto again;
	return IS_ERR(c) ? NF_ACCEPT : verdict;
}

/* UDP and ICMP echo: an entry lives for its timeout from the last packet. */
static unsigned int fw_pseudo(struct rampart_net *rn, const struct rampart_chain_stage *st,
			      const struct rampart_policy *p, struct fw_pkt *pk,
			      u8 state, bool opens, bool answers)
{
	struct rampart_conn_key key;
	unsigned long now = jiffies;
	struct rampart_conn *c;
	struct fw_match m;
	unsigned int side, dir, verdict, tries = 0;

	rampart_conn_key_make(&key, pk->family, pk->info.l4proto, pk->saddr, pk->daddr,
			      pk->kport[0], pk->kport[1], &side);
again:
	c = fw_lookup(rn, &key, now);
	if (c) {
		dir = rampart_conn_dir(c, side);
		rampart_monitor_note_conn(rn, st, c->rule, c->id);
		/* ICMP echo: requests one way, replies the other. */
		if (state == RAMPART_CONN_ICMP &&
		    !(dir == RAMPART_DIR_ORIGINAL ? opens : answers))
			return rampart_drop(rn, st, RAMPART_DROP_ICMP_OUT_OF_STATE);
		spin_lock_bh(&c->lock);
		fw_count(c, dir, pk->skb);
		rampart_conn_refresh(c, now, c->timeout[RAMPART_TO_UDP]);
		spin_unlock_bh(&c->lock);
		/* UDP: answered, kept; an ICMP echo entry stays evictable. */
		if (dir == RAMPART_DIR_REPLY && state != RAMPART_CONN_ICMP &&
		    !test_bit(RAMPART_CONN_F_ESTABLISHED, &c->flags))
			rampart_conn_set_established(&rn->conns, c);
		return NF_ACCEPT;
	}
	if (!opens)
		return rampart_drop(rn, st, RAMPART_DROP_ICMP_OUT_OF_STATE);
	if (!fw_decide(p, pk, &m))
		return fw_refuse(rn, st, pk, &m);
	c = fw_insert(rn, st, pk, &key, side, &m, state, false, &verdict);
	if (IS_ERR(c) && tries++ == 0)
		goto again;
	return IS_ERR(c) ? NF_ACCEPT : verdict;
}

/*
 * An ICMP error carries the start of the packet it is about: it passes
 * when that packet belongs to a tracked connection (so path MTU discovery
 * and port unreachables work), whoever sends the error.
 */
static unsigned int fw_icmp_error(struct rampart_net *rn,
				  const struct rampart_chain_stage *st,
				  struct fw_pkt *pk)
{
	unsigned int off = skb_network_offset(pk->skb) + pk->info.l4off + 8;
	struct rampart_conn_key key;
	__be16 ports[2];
	u8 buf[40], src[16] = {}, dst[16] = {}, proto;
	unsigned int side;
	const __be16 *l4;

	if (pk->family == 4) {
		const struct iphdr *ih = skb_header_pointer(pk->skb, off, sizeof(*ih), buf);

		if (!ih || ih->ihl < 5)
			goto untracked;
		memcpy(src, &ih->saddr, 4);
		memcpy(dst, &ih->daddr, 4);
		proto = ih->protocol;
		off += ih->ihl * 4;
	} else {
		const struct ipv6hdr *ih = skb_header_pointer(pk->skb, off, sizeof(*ih), buf);
		__be16 frag_off;
		int l4off;

		if (!ih)
			goto untracked;
		memcpy(src, &ih->saddr, 16);
		memcpy(dst, &ih->daddr, 16);
		proto = ih->nexthdr;
		l4off = ipv6_skip_exthdr(pk->skb, off + sizeof(*ih), &proto, &frag_off);
		if (l4off < 0)
			goto untracked;
		off = l4off;
	}
	l4 = skb_header_pointer(pk->skb, off, 8, buf);
	if (!l4)
		goto untracked;
	switch (proto) {
	case IPPROTO_TCP:
	case IPPROTO_UDP:
		ports[0] = l4[0];
		ports[1] = l4[1];
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		ports[0] = l4[2];	/* echo identifier */
		ports[1] = l4[2];
		break;
	default:
		goto untracked;
	}
	rampart_conn_key_make(&key, pk->family, proto, src, dst, ports[0], ports[1],
			      &side);
	if (fw_lookup(rn, &key, jiffies))
		return NF_ACCEPT;
untracked:
	return rampart_drop(rn, st, RAMPART_DROP_ICMP_ERROR_UNTRACKED);
}

/*
 * Neighbour discovery (RFC 4861) and MLD (RFC 2710, 3810) pass without a
 * rule, but only as what they are: messages of one link (RFC 4890 4.4.1).
 * What this host sends (the out chain; forwarded packets were decided in
 * the in chain) is of its links. What it receives must look like it: ND
 * with hop limit 255 (no router forwarded it; receivers discard anything
 * else, RFC 4861 6.1 and 7.1) to a link-scope or link-local address or one
 * of this host's own; MLD with hop limit 1 from a link-local (or, for an
 * early report, the unspecified) address to a multicast group. Anything
 * else, a neighbour solicitation on its way through the firewall among
 * them, goes to the rulebase like any ICMPv6 message.
 */
static bool fw_icmpv6_link(const struct rampart_chain_stage *st, const struct fw_pkt *pk,
			   u8 type)
{
	const struct in6_addr *src = (const struct in6_addr *)pk->saddr;
	const struct in6_addr *dst = (const struct in6_addr *)pk->daddr;
	bool nd = rampart_icmpv6_is_nd(type);
	bool mld = (type >= 130 && type <= 132) || type == 143;
	u8 hops;

	if (!nd && !mld)
		return false;
	if (st->dir == RAMPART_DIR_OUT)
		return true;
	hops = ipv6_hdr(pk->skb)->hop_limit;
	if (nd)
		return hops == 255 &&
		       ((ipv6_addr_type(dst) & (IPV6_ADDR_LINKLOCAL | IPV6_ADDR_LOOPBACK)) ||
			(ipv6_addr_is_multicast(dst) &&
			 IPV6_ADDR_MC_SCOPE(dst) <= IPV6_ADDR_SCOPE_LINKLOCAL) ||
			ipv6_chk_addr(pk->state->net, dst, NULL, 0));
	return hops == 1 && ipv6_addr_is_multicast(dst) &&
	       (ipv6_addr_any(src) || (ipv6_addr_type(src) & IPV6_ADDR_LINKLOCAL));
}

static unsigned int fw_icmp(struct rampart_net *rn, const struct rampart_chain_stage *st,
			    const struct rampart_policy *p, struct fw_pkt *pk)
{
	u8 type = pk->info.sport;
	struct fw_match m;

	if (pk->family == 6 && fw_icmpv6_link(st, pk, type))
		return NF_ACCEPT;
	if (rampart_icmp_is_error(pk->family, type))
		return fw_icmp_error(rn, st, pk);
	if (rampart_icmp_is_echo_request(pk->family, type) ||
	    rampart_icmp_is_echo_reply(pk->family, type))
		return fw_pseudo(rn, st, p, pk, RAMPART_CONN_ICMP,
				 rampart_icmp_is_echo_request(pk->family, type),
				 rampart_icmp_is_echo_reply(pk->family, type));
	if (!fw_decide(p, pk, &m))
		return fw_refuse(rn, st, pk, &m);
	return NF_ACCEPT;
}

unsigned int rampart_stage_fw(struct rampart_net *rn,
			      const struct rampart_chain_stage *st,
			      struct sk_buff *skb,
			      const struct nf_hook_state *state)
{
	const struct rampart_policy *p = rcu_dereference(rn->policy);
	struct fw_pkt pk;
	struct fw_match m;

	if (!p || this_cpu_read(fw_rejecting) || this_cpu_read(rampart_smtp_sending) ||
	    rampart_hook_loopback(state))
		return NF_ACCEPT;
	if (st->dir == RAMPART_DIR_OUT && fw_forwarded(skb, state->pf))
		return NF_ACCEPT;	/* decided in the in chain */
	if (!fw_parse(&pk, skb, state))
		return NF_ACCEPT;	/* the sanity stage has the say on form */

	switch (pk.info.l4proto) {
	case IPPROTO_TCP:
		return fw_tcp(rn, st, p, &pk);
	case IPPROTO_UDP:
		return fw_pseudo(rn, st, p, &pk, RAMPART_CONN_UDP, true, true);
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		return fw_icmp(rn, st, p, &pk);
	default:
		/* Other protocols: the rulebase decides each packet. */
		if (!fw_decide(p, &pk, &m))
			return fw_refuse(rn, st, &pk, &m);
		return NF_ACCEPT;
	}
}
RAMPART_EXPORT_FOR_TESTS(rampart_stage_fw);

/* ---- re-matching the table after an install (process context) ---- */

struct fw_rematch_ctx {
	struct rampart_net *rn;
	const struct rampart_policy *p;
	bool keep;
};

/*
 * Match @c against @p; the number of the rule of @p that accepts it, 0 for
 * none. The outcome (rule, service, timeouts) is stored in @c with @p's
 * generation unless @c already belongs to @p or to a newer policy.
 */
static u16 fw_rematch_conn(struct net *net, const struct rampart_policy *p,
			   struct rampart_conn *c)
{
	const u8 *src = (const u8 *)&c->key.addr[c->orig];
	const u8 *dst = (const u8 *)&c->key.addr[!c->orig];
	u16 sport = ntohs(c->key.port[c->orig]), type = ntohs(c->key.port[!c->orig]);
	int ifout = c->ifindex_out;
	struct fw_match m;
	bool ok;

	if (c->key.proto == IPPROTO_ICMP)
		type = ICMP_ECHO;
	else if (c->key.proto == IPPROTO_ICMPV6)
		type = ICMPV6_ECHO_REQUEST;
	ok = fw_match_rules(p, net, NULL, c->key.family, c->key.proto, src, dst,
			    sport, type, c->ifindex_in, &ifout, &m);
	spin_lock_bh(&c->lock);
	if ((s32)(p->generation - c->policy_gen) > 0) {
		if (ok) {
			c->rule = m.rule->number;
			c->service = m.svc ? m.svc->index + 1 : 0;
			memcpy(c->timeout, m.timeout, sizeof(c->timeout));
		} else {
			c->rule = 0;
			c->service = 0;
		}
		/* Pairs with the acquire in rampart_fw_conn_rule(). */
		smp_store_release(&c->policy_gen, p->generation);
	}
	spin_unlock_bh(&c->lock);
	return ok ? m.rule->number : 0;
}

/*
 * The number of the rule of @p (the caller's rcu_dereference(rn->policy))
 * that accepts @c, 0 for none, for a reader in softirq. Between an
 * install's replacement of the policy and its re-match reaching @c,
 * c->rule still numbers a rule of the old policy, and a reader that took
 * the policy just before an install may meet an entry already re-matched
 * to the new one: either way the number would be read against the wrong
 * rulebase (another rule, another SMTP profile, or none). Such an entry is
 * matched here against @p, the same match the install's re-match makes.
 */
u16 rampart_fw_conn_rule(struct rampart_net *rn, const struct rampart_policy *p,
			 struct rampart_conn *c)
{
	u16 rule;

	/*
	 * Without the entry's lock: the rule read between two reads of the
	 * same generation is that generation's (the re-match stores the
	 * generation last, with release).
	 */
	if (smp_load_acquire(&c->policy_gen) == p->generation) {
		rule = READ_ONCE(c->rule);
		smp_rmb();	/* the rule before the generation again */
		if (READ_ONCE(c->policy_gen) == p->generation)
			return rule;
	}
	return fw_rematch_conn(rn->net, p, c);
}
RAMPART_EXPORT_FOR_TESTS(rampart_fw_conn_rule);

static enum rampart_removal fw_rematch_one(struct rampart_conn *c, void *arg)
{
	const struct fw_rematch_ctx *x = arg;
	const u8 *src = (const u8 *)&c->key.addr[c->orig];
	const u8 *dst = (const u8 *)&c->key.addr[!c->orig];
	u16 sport = ntohs(c->key.port[c->orig]);
	bool ok;

	ok = fw_rematch_conn(x->rn->net, x->p, c) != 0;
	if (ok || x->keep)
		return RAMPART_REMOVED_NONE;
	if (rampart_event_wanted(x->rn)) {
		struct rampart_event ev = {
			.type = RAMPART_EVENT_REMOVED,
			.family = c->key.family,
			.proto = c->key.proto,
			.src = src,
			.dst = dst,
			.sport = sport,
			.dport = ntohs(c->key.port[!c->orig]),
			.ifindex_in = c->ifindex_in,
			.ifindex_out = c->ifindex_out,
			.text = "connection removed: the new policy does not accept it",
			.conn_id = c->id,
		};

		rampart_event_send(x->rn, &ev);
	}
	return RAMPART_REMOVED_POLICY;
}

/* Under rn->lock, after rn->policy was replaced. */
unsigned int rampart_fw_rematch(struct rampart_net *rn, bool keep)
{
	struct fw_rematch_ctx x = {
		.rn = rn,
		.p = rcu_dereference_protected(rn->policy, lockdep_is_held(&rn->lock)),
		.keep = keep,
	};

	if (!x.p)
		return 0;
	return rampart_conn_rematch(&rn->conns, fw_rematch_one, &x, jiffies);
}
RAMPART_EXPORT_FOR_TESTS(rampart_fw_rematch);
