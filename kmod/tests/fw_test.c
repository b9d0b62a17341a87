// SPDX-License-Identifier: GPL-2.0
/*
 * The fw stage on real skbs, against a compiled policy and a namespace
 * state of its own (no hooks, no traffic of the machine): new connections
 * and the rulebase, tracking both directions, explained out-of-state drops,
 * late packets under grace and without, RST removal, ICMP errors about
 * tracked and untracked connections, neighbour discovery, UDP and echo
 * pseudo-connections, pickup, a full table, and re-matching on install.
 * Expiry is forced by moving an entry's deadline into the past.
 */
#include <kunit/test.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/inet.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/ndisc.h>

#include "../rampart.h"
#include "policy_build.h"

#define CLIENT	"192.0.2.10"
#define SERVER	"198.51.100.5"
#define OTHER	"203.0.113.9"
#define CPORT	45678
#define ISN_C	1000
#define ISN_S	5000

#define SYN	RAMPART_TCP_SYN
#define ACK	RAMPART_TCP_ACK
#define FIN	RAMPART_TCP_FIN
#define RST	RAMPART_TCP_RST

struct fwtest {
	struct ptest pt;		/* first: the policy builder's state */
	struct rampart_net *rn;
	struct nf_hook_state state;
};

static int fwtest_init(struct kunit *test)
{
	struct fwtest *f = kunit_kzalloc(test, sizeof(*f), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_ASSERT_EQ(test, pb_init(test, &f->pt), 0);
	f->rn = pb_net_new(test);
	f->state.hook = NF_INET_PRE_ROUTING;
	f->state.pf = NFPROTO_IPV4;
	f->state.net = &init_net;
	return 0;
}

static void fwtest_exit(struct kunit *test)
{
	struct fwtest *f = test->priv;
	struct rampart_policy *p;

	p = rcu_dereference_protected(f->rn->policy, true);
	if (p)
		f->pt.p = p;	/* pb_exit() frees it */
	pb_net_free(f->rn);
	pb_exit(test);
}

/* Compile the policy built so far and make it the namespace's. */
static void install(struct kunit *test)
{
	struct fwtest *f = test->priv;
	const struct rampart_policy *old = rcu_dereference_protected(f->rn->policy, true);

	KUNIT_ASSERT_EQ(test, f->pt.err, 0);
	KUNIT_ASSERT_EQ_MSG(test, pb_compile(test), 0, "%s", f->pt.msg);
	/* Each install a newer generation, as a commit numbers them. */
	f->pt.p->generation = old ? old->generation + 1 : 1;
	rcu_assign_pointer(f->rn->policy, f->pt.p);
	f->pt.p = NULL;
}

/* The mail policy of these tests; grace on or off. */
static void mail_policy(struct kunit *test, bool grace, bool pickup)
{
	struct ptest *t = test->priv;
	struct nlattr *n = pb_item(test, RAMPART_A_SETTINGS), *sp;

	nla_put_u8(t->skb, RAMPART_SET_A_LATE_GRACE, grace);
	pb_add(test, n);
	HOST("client", CLIENT);
	HOST("server", SERVER);
	pb_service(test, "submission", IPPROTO_TCP, "587", 3);
	n = pb_item(test, RAMPART_A_SERVICE);
	nla_put_string(t->skb, RAMPART_SVC_A_NAME, "sticky");
	nla_put_u8(t->skb, RAMPART_SVC_A_PROTO, IPPROTO_TCP);
	nla_put_u8(t->skb, RAMPART_SVC_A_PICKUP, pickup);
	sp = nla_nest_start(t->skb, RAMPART_SVC_A_SPAN);
	nla_put_u16(t->skb, RAMPART_SPAN_A_FIRST, 2000);
	nla_nest_end(t->skb, sp);
	pb_add(test, n);
	pb_service(test, "dns", IPPROTO_UDP, "53", 0);
	pb_service(test, "ping", IPPROTO_ICMP, "8", 0);
	pb_rule(test, 1, ACCEPT, "client", "server", "submission", NULL, 0);
	pb_rule(test, 2, ACCEPT, "client", "server", "sticky,dns,ping", NULL, 0);
}

static struct sk_buff *ip4(struct kunit *test, const char *src, const char *dst,
			   u8 proto, unsigned int l4len)
{
	struct sk_buff *skb = alloc_skb(MAX_HEADER + 20 + l4len, GFP_KERNEL);
	struct iphdr *iph;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, MAX_HEADER);
	skb_reset_network_header(skb);
	iph = skb_put_zero(skb, sizeof(*iph));
	iph->version = 4;
	iph->ihl = 5;
	iph->ttl = 64;
	iph->protocol = proto;
	iph->tot_len = htons(20 + l4len);
	iph->saddr = in_aton(src);
	iph->daddr = in_aton(dst);
	skb->protocol = htons(ETH_P_IP);
	skb_set_transport_header(skb, 20);
	return skb;
}

static struct sk_buff *tcp4(struct kunit *test, const char *src, u16 sport,
			    const char *dst, u16 dport, u8 flags, u32 seq,
			    u32 ack, unsigned int len)
{
	struct sk_buff *skb = ip4(test, src, dst, IPPROTO_TCP, 20 + len);
	struct tcphdr *th = skb_put_zero(skb, sizeof(*th));

	th->source = htons(sport);
	th->dest = htons(dport);
	th->seq = htonl(seq);
	th->ack_seq = htonl(ack);
	th->doff = 5;
	((u8 *)th)[13] = flags;
	th->window = htons(65535);
	skb_put_zero(skb, len);
	/* Valid checksums: a RST with a wrong one is dropped unread. */
	ip_send_check(ip_hdr(skb));
	th->check = csum_tcpudp_magic(ip_hdr(skb)->saddr, ip_hdr(skb)->daddr, 20 + len,
				      IPPROTO_TCP, csum_partial(th, 20 + len, 0));
	return skb;
}

static unsigned int run(struct kunit *test, struct sk_buff *skb)
{
	struct fwtest *f = test->priv;
	unsigned int v;

	rcu_read_lock();
	v = rampart_stage_fw(f->rn, &rampart_chain[1], skb, &f->state);
	rcu_read_unlock();
	kfree_skb(skb);
	return v;
}

static u64 drops(struct kunit *test, enum rampart_drop_reason reason)
{
	struct fwtest *f = test->priv;

	return pb_drops(f->rn, reason);
}

static struct rampart_conn *find4(struct kunit *test, const char *a, u16 ap,
				  const char *b, u16 bp, u8 proto)
{
	struct fwtest *f = test->priv;
	struct rampart_conn_key key;
	__be32 sa = in_aton(a), sb = in_aton(b);
	struct rampart_conn *c;
	unsigned int side;

	/* Only this test touches the table: an entry lives while it is in it. */
	rampart_conn_key_make(&key, 4, proto, &sa, &sb, htons(ap), htons(bp), &side);
	rcu_read_lock();
	c = rampart_conn_lookup(&f->rn->conns, &key);
	rcu_read_unlock();
	return c;
}

#define C2S(flags, seq, ack, len) \
	run(test, tcp4(test, CLIENT, CPORT, SERVER, 587, flags, seq, ack, len))
#define S2C(flags, seq, ack, len) \
	run(test, tcp4(test, SERVER, 587, CLIENT, CPORT, flags, seq, ack, len))

/* The three-way handshake and five bytes of data from the client. */
static struct rampart_conn *handshake(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, C2S(SYN, ISN_C, 0, 0), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, S2C(SYN | ACK, ISN_S, ISN_C + 1, 0), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, C2S(ACK, ISN_C + 1, ISN_S + 1, 0), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, C2S(ACK, ISN_C + 1, ISN_S + 1, 5), NF_ACCEPT);
	return find4(test, CLIENT, CPORT, SERVER, 587, IPPROTO_TCP);
}

static void fw_new_connection_both_directions(struct kunit *test)
{
	struct rampart_conn *c;

	mail_policy(test, true, false);
	install(test);
	c = handshake(test);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_EQ(test, c->track.state, (u8)RAMPART_CONN_ESTABLISHED);
	KUNIT_EXPECT_EQ(test, c->rule, (u16)1);
	KUNIT_EXPECT_EQ(test, c->timeout[RAMPART_TO_ESTABLISHED], 3U);
	KUNIT_EXPECT_EQ(test, c->packets[RAMPART_DIR_ORIGINAL], 3ULL);
	KUNIT_EXPECT_EQ(test, c->packets[RAMPART_DIR_REPLY], 1ULL);
	KUNIT_EXPECT_TRUE(test, test_bit(RAMPART_CONN_F_ESTABLISHED, &c->flags));
	/* Data beyond the window is refused with the bound that failed. */
	KUNIT_EXPECT_EQ(test, C2S(ACK, ISN_C + 6 + 200000, ISN_S + 1, 5), NF_DROP);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_TCP_SEQ_ABOVE_WINDOW), 1ULL);
}

static void fw_rulebase_refuses(struct kunit *test)
{
	mail_policy(test, true, false);
	install(test);
	/* No rule for tcp/25, nor for the server opening towards the client. */
	KUNIT_EXPECT_EQ(test, run(test, tcp4(test, CLIENT, CPORT, SERVER, 25, SYN, 1, 0, 0)),
			NF_DROP);
	KUNIT_EXPECT_EQ(test, run(test, tcp4(test, SERVER, 587, CLIENT, CPORT, SYN, 1, 0, 0)),
			NF_DROP);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_NO_RULE), 2ULL);
	KUNIT_EXPECT_NULL(test, find4(test, CLIENT, CPORT, SERVER, 25, IPPROTO_TCP));
}

static void fw_out_of_state_never_seen(struct kunit *test)
{
	mail_policy(test, true, false);
	install(test);
	KUNIT_EXPECT_EQ(test, C2S(FIN | ACK, ISN_C, ISN_S, 0), NF_DROP);
	KUNIT_EXPECT_EQ(test, C2S(ACK, ISN_C, ISN_S, 10), NF_DROP);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_TCP_OUT_OF_STATE), 2ULL);
	KUNIT_EXPECT_NULL(test, find4(test, CLIENT, CPORT, SERVER, 587, IPPROTO_TCP));
}

/* Idle past the timeout, then the client's FIN-ACK. */
static void late_fin(struct kunit *test, bool grace, unsigned int want)
{
	struct fwtest *f = test->priv;
	const struct rampart_tomb *tb;
	struct rampart_conn_key key;
	struct rampart_conn *c;

	mail_policy(test, grace, false);
	install(test);
	c = handshake(test);
	KUNIT_ASSERT_NOT_NULL(test, c);
	key = c->key;
	WRITE_ONCE(c->expires, jiffies - 1);	/* its idle timeout has passed */
	KUNIT_EXPECT_EQ(test, C2S(FIN | ACK, ISN_C + 6, ISN_S + 1, 0), want);
	KUNIT_EXPECT_NULL(test, find4(test, CLIENT, CPORT, SERVER, 587, IPPROTO_TCP));
	rcu_read_lock();
	tb = rampart_tomb_lookup(&f->rn->conns, &key, jiffies);
	KUNIT_EXPECT_NOT_NULL(test, tb);
	if (tb) {
		KUNIT_EXPECT_EQ(test, tb->why, (u8)RAMPART_REMOVED_IDLE_TIMEOUT);
		KUNIT_EXPECT_EQ(test, tb->timeout, 3U);
		KUNIT_EXPECT_EQ(test, tb->rule, (u16)1);
	}
	rcu_read_unlock();
}

static void fw_late_fin_strict(struct kunit *test)
{
	late_fin(test, false, NF_DROP);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_TCP_OUT_OF_STATE), 1ULL);
}

static void fw_late_fin_grace(struct kunit *test)
{
	struct fwtest *f = test->priv;

	late_fin(test, true, NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, atomic64_read(&f->rn->conns.stats.late_passed), 1LL);
	/* The server's FIN-ACK in answer passes too; nothing is recreated. */
	KUNIT_EXPECT_EQ(test, S2C(FIN | ACK, ISN_S + 1, ISN_C + 7, 0), NF_ACCEPT);
	KUNIT_EXPECT_NULL(test, find4(test, CLIENT, CPORT, SERVER, 587, IPPROTO_TCP));
	/* A segment far outside the windows it had does not. */
	KUNIT_EXPECT_EQ(test, C2S(ACK, ISN_C + 3000000, ISN_S + 1, 0), NF_DROP);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_TCP_OUT_OF_STATE), 1ULL);
}

static void fw_rst_removes_and_remembers(struct kunit *test)
{
	struct fwtest *f = test->priv;
	const struct rampart_tomb *tb;
	struct rampart_conn_key key;
	struct rampart_conn *c;
	__be32 server = in_aton(SERVER);

	mail_policy(test, true, false);
	install(test);
	c = handshake(test);
	KUNIT_ASSERT_NOT_NULL(test, c);
	key = c->key;
	KUNIT_EXPECT_EQ(test, S2C(RST, ISN_S + 1, 0, 0), NF_ACCEPT);
	KUNIT_EXPECT_NULL(test, find4(test, CLIENT, CPORT, SERVER, 587, IPPROTO_TCP));
	rcu_read_lock();
	tb = rampart_tomb_lookup(&f->rn->conns, &key, jiffies);
	KUNIT_EXPECT_NOT_NULL(test, tb);
	if (tb) {
		KUNIT_EXPECT_EQ(test, tb->why, (u8)RAMPART_REMOVED_RST);
		KUNIT_EXPECT_EQ(test, memcmp(&tb->rst_from, &server, 4), 0);
	}
	rcu_read_unlock();
}

static struct sk_buff *icmp4_error(struct kunit *test, const char *from,
				   const char *to, struct sk_buff *about)
{
	unsigned int inner = min(about->len, 28U);
	struct sk_buff *skb = ip4(test, from, to, IPPROTO_ICMP, 8 + inner);
	struct icmphdr *ih = skb_put_zero(skb, sizeof(*ih));

	ih->type = ICMP_DEST_UNREACH;
	ih->code = ICMP_FRAG_NEEDED;
	ih->un.frag.mtu = htons(1280);
	skb_put_data(skb, about->data, inner);
	kfree_skb(about);
	return skb;
}

static void fw_icmp_errors(struct kunit *test)
{
	mail_policy(test, true, false);
	install(test);
	KUNIT_ASSERT_NOT_NULL(test, handshake(test));
	/* A router between them says the client's segments are too big. */
	KUNIT_EXPECT_EQ(test, run(test, icmp4_error(test, OTHER, CLIENT,
			tcp4(test, CLIENT, CPORT, SERVER, 587, ACK, ISN_C + 6, ISN_S + 1, 0))),
			NF_ACCEPT);
	/* The same about a connection nobody opened. */
	KUNIT_EXPECT_EQ(test, run(test, icmp4_error(test, OTHER, CLIENT,
			tcp4(test, CLIENT, CPORT + 1, SERVER, 587, ACK, 1, 1, 0))),
			NF_DROP);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_ICMP_ERROR_UNTRACKED), 1ULL);
}

/* An ICMPv6 message of @type without payload beyond its 24 bytes. */
static unsigned int icmp6_run(struct kunit *test, u8 type, u8 hops, const char *src,
			      const char *dst)
{
	struct fwtest *f = test->priv;
	struct sk_buff *skb = alloc_skb(MAX_HEADER + 40 + 24, GFP_KERNEL);
	struct ipv6hdr *ip6;
	struct icmp6hdr *ih;
	unsigned int v;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, MAX_HEADER);
	skb_reset_network_header(skb);
	ip6 = skb_put_zero(skb, sizeof(*ip6));
	ip6->version = 6;
	ip6->payload_len = htons(24);
	ip6->nexthdr = IPPROTO_ICMPV6;
	ip6->hop_limit = hops;
	in6_pton(src, -1, ip6->saddr.s6_addr, -1, NULL);
	in6_pton(dst, -1, ip6->daddr.s6_addr, -1, NULL);
	ih = skb_put_zero(skb, 24);
	ih->icmp6_type = type;
	skb->protocol = htons(ETH_P_IPV6);
	f->state.pf = NFPROTO_IPV6;
	v = run(test, skb);
	f->state.pf = NFPROTO_IPV4;
	return v;
}

/*
 * Neighbour discovery and MLD of the link pass without a rule; the same
 * messages that cannot be of the link (a router forwarded them, or they
 * go through the firewall) are for the rulebase, here one that drops all.
 */
static void fw_icmpv6_nd_link_only(struct kunit *test)
{
	/* Rule 1 drops everything. */
	pb_rule(test, 1, DROP, "", "", "", NULL, 0);
	install(test);
	KUNIT_EXPECT_EQ(test, icmp6_run(test, NDISC_NEIGHBOUR_SOLICITATION, 255, "fe80::1",
					"ff02::1:ff00:2"), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, icmp6_run(test, NDISC_NEIGHBOUR_ADVERTISEMENT, 255,
					"2001:db8:a::10", "fe80::2"), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, icmp6_run(test, ICMPV6_MLD2_REPORT, 1, "fe80::1", "ff02::16"),
			NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, icmp6_run(test, ICMPV6_MGM_REPORT, 1, "::", "ff02::1:3"),
			NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_RULE_DROP), 0ULL);
	/* Forwarded by a router on the way: not of this link. */
	KUNIT_EXPECT_EQ(test, icmp6_run(test, NDISC_NEIGHBOUR_SOLICITATION, 64, "fe80::1",
					"ff02::1:ff00:2"), NF_DROP);
	KUNIT_EXPECT_EQ(test, icmp6_run(test, ICMPV6_MLD2_REPORT, 64, "fe80::1", "ff02::16"),
			NF_DROP);
	/* In transit, to an address that is not this host's. */
	KUNIT_EXPECT_EQ(test, icmp6_run(test, NDISC_NEIGHBOUR_SOLICITATION, 255,
					"2001:db8:a::10", "2001:db8:b::5"), NF_DROP);
	KUNIT_EXPECT_EQ(test, icmp6_run(test, ICMPV6_MLD2_REPORT, 1, "2001:db8:a::10",
					"ff02::16"), NF_DROP);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_RULE_DROP), 4ULL);
	KUNIT_EXPECT_EQ(test, C2S(SYN, ISN_C, 0, 0), NF_DROP);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_RULE_DROP), 5ULL);
}

static struct sk_buff *udp4(struct kunit *test, const char *src, u16 sport,
			    const char *dst, u16 dport)
{
	struct sk_buff *skb = ip4(test, src, dst, IPPROTO_UDP, 8 + 4);
	struct udphdr *uh = skb_put_zero(skb, sizeof(*uh));

	uh->source = htons(sport);
	uh->dest = htons(dport);
	uh->len = htons(12);
	skb_put_zero(skb, 4);
	return skb;
}

static struct sk_buff *echo4(struct kunit *test, const char *src, const char *dst,
			     u8 type, u16 id)
{
	struct sk_buff *skb = ip4(test, src, dst, IPPROTO_ICMP, 8);
	struct icmphdr *ih = skb_put_zero(skb, sizeof(*ih));

	ih->type = type;
	ih->un.echo.id = htons(id);
	return skb;
}

static void fw_pseudo_connections(struct kunit *test)
{
	struct rampart_conn *c;

	mail_policy(test, true, false);
	install(test);
	KUNIT_EXPECT_EQ(test, run(test, udp4(test, CLIENT, 5353, SERVER, 53)), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, run(test, udp4(test, SERVER, 53, CLIENT, 5353)), NF_ACCEPT);
	c = find4(test, CLIENT, 5353, SERVER, 53, IPPROTO_UDP);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_EQ(test, c->track.state, (u8)RAMPART_CONN_UDP);
	KUNIT_EXPECT_EQ(test, c->timeout[RAMPART_TO_UDP], 40U);
	KUNIT_EXPECT_EQ(test, c->packets[RAMPART_DIR_REPLY], 1ULL);
	/* Once expired, a reply is a new connection from the server: refused. */
	WRITE_ONCE(c->expires, jiffies - 1);
	KUNIT_EXPECT_EQ(test, run(test, udp4(test, SERVER, 53, CLIENT, 5353)), NF_DROP);

	/* Echo: the request opens, the reply passes; a reply alone does not. */
	KUNIT_EXPECT_EQ(test, run(test, echo4(test, CLIENT, SERVER, ICMP_ECHO, 77)), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, run(test, echo4(test, SERVER, CLIENT, ICMP_ECHOREPLY, 77)),
			NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, run(test, echo4(test, SERVER, CLIENT, ICMP_ECHOREPLY, 78)),
			NF_DROP);
	KUNIT_EXPECT_EQ(test, run(test, echo4(test, SERVER, CLIENT, ICMP_ECHO, 77)), NF_DROP);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_ICMP_OUT_OF_STATE), 2ULL);
}

/*
 * A rule's hits are the packets it decided: the first of each connection,
 * not the packets tracked after it; the implicit drop is drop reason 32's
 * count only. A reset
 * gives the count so far and starts again from 0.
 */
static void fw_rule_hits(struct kunit *test)
{
	struct fwtest *f = test->priv;
	const struct rampart_policy *p;

	mail_policy(test, true, false);
	install(test);
	p = rcu_dereference_protected(f->rn->policy, true);
	KUNIT_ASSERT_NOT_NULL(test, handshake(test));
	KUNIT_EXPECT_EQ(test, run(test, udp4(test, CLIENT, 5353, SERVER, 53)), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, run(test, udp4(test, SERVER, 53, CLIENT, 5353)), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, run(test, udp4(test, CLIENT, 5353, SERVER, 53)), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, run(test, tcp4(test, CLIENT, CPORT, SERVER, 25, SYN, 1, 0, 0)),
			NF_DROP);
	/* Out of state: decided by the table, not by a rule. */
	KUNIT_EXPECT_EQ(test, run(test, tcp4(test, CLIENT, CPORT + 1, SERVER, 587,
					     FIN | ACK, 1, 1, 0)), NF_DROP);
	KUNIT_EXPECT_EQ(test, rampart_policy_hits(p, 1, false), 1ULL);
	KUNIT_EXPECT_EQ(test, rampart_policy_hits(p, 2, false), 1ULL);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_NO_RULE), 1ULL);
	KUNIT_EXPECT_EQ(test, rampart_policy_hits(p, 0, false), 0ULL);	/* no rule 0 */
	KUNIT_EXPECT_EQ(test, rampart_policy_hits(p, 3, false), 0ULL);	/* no rule 3 */

	mutex_lock(&f->rn->lock);
	KUNIT_EXPECT_EQ(test, rampart_policy_hits(p, 1, true), 1ULL);
	mutex_unlock(&f->rn->lock);
	KUNIT_EXPECT_EQ(test, rampart_policy_hits(p, 1, false), 0ULL);
	KUNIT_EXPECT_EQ(test, rampart_policy_hits(p, 2, false), 1ULL);
	KUNIT_EXPECT_EQ(test, run(test, tcp4(test, CLIENT, CPORT + 2, SERVER, 587, SYN,
					     ISN_C, 0, 0)), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, rampart_policy_hits(p, 1, false), 1ULL);
}

static void fw_pickup_plain_ack(struct kunit *test)
{
	struct fwtest *f = test->priv;
	struct rampart_conn *c;

	mail_policy(test, true, true);
	install(test);
	/* Mid-stream data of a connection older than the policy. */
	KUNIT_EXPECT_EQ(test, run(test, tcp4(test, CLIENT, CPORT, SERVER, 2000, ACK,
					     ISN_C, ISN_S, 100)), NF_ACCEPT);
	c = find4(test, CLIENT, CPORT, SERVER, 2000, IPPROTO_TCP);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_EQ(test, c->track.state, (u8)RAMPART_CONN_ESTABLISHED);
	KUNIT_EXPECT_EQ(test, atomic64_read(&f->rn->conns.stats.pickups), 1LL);
	/* Not a plain ACK: a FIN is not picked up, submission has no pickup. */
	KUNIT_EXPECT_EQ(test, run(test, tcp4(test, CLIENT, CPORT + 1, SERVER, 2000,
					     FIN | ACK, ISN_C, ISN_S, 0)), NF_DROP);
	KUNIT_EXPECT_EQ(test, C2S(ACK, ISN_C, ISN_S, 10), NF_DROP);
}

static void fw_out_of_state_accept(struct kunit *test)
{
	struct ptest *t = test->priv;
	struct nlattr *n, *sp;

	HOST("client", CLIENT);
	HOST("server", SERVER);
	n = pb_item(test, RAMPART_A_SERVICE);
	nla_put_string(t->skb, RAMPART_SVC_A_NAME, "lenient");
	nla_put_u8(t->skb, RAMPART_SVC_A_PROTO, IPPROTO_TCP);
	nla_put_u8(t->skb, RAMPART_SVC_A_OUT_OF_STATE, 1);
	sp = nla_nest_start(t->skb, RAMPART_SVC_A_SPAN);
	nla_put_u16(t->skb, RAMPART_SPAN_A_FIRST, 3000);
	nla_nest_end(t->skb, sp);
	pb_add(test, n);
	pb_rule(test, 1, ACCEPT, "client", "server", "lenient", NULL, 0);
	install(test);
	/* Passes without a connection; other ports stay strict. */
	KUNIT_EXPECT_EQ(test, run(test, tcp4(test, CLIENT, CPORT, SERVER, 3000, ACK,
					     ISN_C, ISN_S, 10)), NF_ACCEPT);
	KUNIT_EXPECT_NULL(test, find4(test, CLIENT, CPORT, SERVER, 3000, IPPROTO_TCP));
	KUNIT_EXPECT_EQ(test, run(test, tcp4(test, CLIENT, CPORT, SERVER, 3001, ACK,
					     ISN_C, ISN_S, 10)), NF_DROP);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_TCP_OUT_OF_STATE), 1ULL);
}

static void fw_table_full(struct kunit *test)
{
	struct fwtest *f = test->priv;

	mail_policy(test, true, false);
	install(test);
	f->rn->conns.max = 1;
	KUNIT_ASSERT_NOT_NULL(test, handshake(test));
	/* Established entries are never evicted: the new one is refused. */
	KUNIT_EXPECT_EQ(test, run(test, tcp4(test, CLIENT, CPORT + 1, SERVER, 587, SYN,
					     ISN_C, 0, 0)), NF_DROP);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_CONN_TABLE_FULL), 1ULL);
}

/*
 * Entries nothing answered stay evictable: ICMP echo (answered or not) and
 * a picked-up connection until the other side speaks. Before, both were
 * established at insert, so a flood of echo requests with distinct ids (or
 * of spoofed ACKs with pickup on) filled the table for good.
 */
static void fw_floods_stay_evictable(struct kunit *test)
{
	struct fwtest *f = test->priv;
	struct rampart_conn *c;
	unsigned int id;

	mail_policy(test, true, true);
	install(test);
	f->rn->conns.max = 4;
	for (id = 1; id <= 4; id++) {
		KUNIT_EXPECT_EQ(test, run(test, echo4(test, CLIENT, SERVER, ICMP_ECHO, id)),
				NF_ACCEPT);
		KUNIT_EXPECT_EQ(test, run(test, echo4(test, SERVER, CLIENT, ICMP_ECHOREPLY, id)),
				NF_ACCEPT);
	}
	/* Full of answered echoes: a new connection evicts the oldest. */
	KUNIT_ASSERT_NOT_NULL(test, handshake(test));
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_CONN_TABLE_FULL), 0ULL);
	KUNIT_EXPECT_EQ(test, atomic64_read(&f->rn->conns.stats.evictions), 1ll);
	KUNIT_EXPECT_EQ(test, run(test, echo4(test, SERVER, CLIENT, ICMP_ECHOREPLY, 1)), NF_DROP);

	/* A picked-up connection: evictable until the server answers. */
	KUNIT_EXPECT_EQ(test, run(test, tcp4(test, CLIENT, 40000, SERVER, 2000, ACK,
					     7000, 9000, 10)), NF_ACCEPT);
	c = find4(test, CLIENT, 40000, SERVER, 2000, IPPROTO_TCP);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_FALSE(test, test_bit(RAMPART_CONN_F_ESTABLISHED, &c->flags));
	KUNIT_EXPECT_EQ(test, run(test, tcp4(test, CLIENT, 40000, SERVER, 2000, ACK,
					     7010, 9000, 10)), NF_ACCEPT);
	KUNIT_EXPECT_FALSE(test, test_bit(RAMPART_CONN_F_ESTABLISHED, &c->flags));
	KUNIT_EXPECT_EQ(test, run(test, tcp4(test, SERVER, 2000, CLIENT, 40000, ACK,
					     9000, 7020, 0)), NF_ACCEPT);
	KUNIT_EXPECT_TRUE(test, test_bit(RAMPART_CONN_F_ESTABLISHED, &c->flags));
	/* The established TCP connections were never evicted. */
	KUNIT_EXPECT_NOT_NULL(test, find4(test, CLIENT, CPORT, SERVER, 587, IPPROTO_TCP));
}

static void fw_rematch_on_install(struct kunit *test)
{
	struct fwtest *f = test->priv;
	struct rampart_policy *old;
	struct rampart_conn *c;

	mail_policy(test, true, false);
	install(test);
	c = handshake(test);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_EQ(test, run(test, udp4(test, CLIENT, 5353, SERVER, 53)), NF_ACCEPT);

	/* A new policy accepts DNS as rule 1, and submission no more. */
	f->pt.p = rampart_policy_alloc();
	KUNIT_ASSERT_NOT_NULL(test, f->pt.p);
	HOST("client", CLIENT);
	HOST("server", SERVER);
	pb_service(test, "dns", IPPROTO_UDP, "53", 0);
	pb_rule(test, 1, ACCEPT, "client", "server", "dns", NULL, 0);
	old = rcu_dereference_protected(f->rn->policy, true);
	install(test);

	mutex_lock(&f->rn->lock);
	KUNIT_EXPECT_EQ(test, rampart_fw_rematch(f->rn, true), 0U);	/* keep */
	mutex_unlock(&f->rn->lock);
	c = find4(test, CLIENT, CPORT, SERVER, 587, IPPROTO_TCP);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_EQ(test, c->rule, (u16)0);	/* kept, owned by no rule */
	c = find4(test, CLIENT, 5353, SERVER, 53, IPPROTO_UDP);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_EQ(test, c->rule, (u16)1);
	KUNIT_EXPECT_EQ(test, c->service, (u16)1);

	mutex_lock(&f->rn->lock);
	KUNIT_EXPECT_EQ(test, rampart_fw_rematch(f->rn, false), 1U);
	mutex_unlock(&f->rn->lock);
	KUNIT_EXPECT_NULL(test, find4(test, CLIENT, CPORT, SERVER, 587, IPPROTO_TCP));
	KUNIT_EXPECT_NOT_NULL(test, find4(test, CLIENT, 5353, SERVER, 53, IPPROTO_UDP));
	/* No grace for what the policy removed, nor for data. */
	KUNIT_EXPECT_EQ(test, C2S(ACK, ISN_C + 6, ISN_S + 1, 0), NF_DROP);
	KUNIT_EXPECT_EQ(test, C2S(ACK, ISN_C + 6, ISN_S + 1, 5), NF_DROP);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_TCP_OUT_OF_STATE), 2ULL);
	rampart_policy_free(old);
}

static struct kunit_case fw_cases[] = {
	KUNIT_CASE(fw_new_connection_both_directions),
	KUNIT_CASE(fw_rulebase_refuses),
	KUNIT_CASE(fw_out_of_state_never_seen),
	KUNIT_CASE(fw_late_fin_strict),
	KUNIT_CASE(fw_late_fin_grace),
	KUNIT_CASE(fw_rst_removes_and_remembers),
	KUNIT_CASE(fw_icmp_errors),
	KUNIT_CASE(fw_icmpv6_nd_link_only),
	KUNIT_CASE(fw_pseudo_connections),
	KUNIT_CASE(fw_rule_hits),
	KUNIT_CASE(fw_pickup_plain_ack),
	KUNIT_CASE(fw_out_of_state_accept),
	KUNIT_CASE(fw_table_full),
	KUNIT_CASE(fw_floods_stay_evictable),
	KUNIT_CASE(fw_rematch_on_install),
	{}
};

static struct kunit_suite fw_suite = {
	.name = "rampart_fw",
	.init = fwtest_init,
	.exit = fwtest_exit,
	.test_cases = fw_cases,
};

kunit_test_suite(fw_suite);
