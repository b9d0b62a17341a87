// SPDX-License-Identifier: GPL-2.0
/*
 * The smtp stage on real skbs, behind the fw stage, against a compiled
 * policy and a namespace state of its own: state only for inspected
 * connections, retransmissions, overlaps and gaps, the segments sent for
 * reject and reset (taken from the stage instead of being routed), banner
 * masking with its checksum, and dead connections after a reject; over
 * IPv4 and IPv6, with payload in the linear part and in page fragments.
 */
#include <kunit/test.h>
#include <linux/inet.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>

#include "../rampart.h"
#include "../smtp.h"
#include "policy_build.h"

#define CLIENT	"192.0.2.10"
#define SERVER	"198.51.100.5"
#define CLIENT6	"2001:db8:a::10"
#define SERVER6	"2001:db8:b::5"
#define CPORT	45678
#define ISN_C	1000
#define ISN_S	5000

#define SYN	RAMPART_TCP_SYN
#define ACK	RAMPART_TCP_ACK
#define FIN	RAMPART_TCP_FIN
#define RST	RAMPART_TCP_RST
#define PSH	RAMPART_TCP_PSH

#define BANNER	"220 mx.example.com ESMTP Postfix (Debian/GNU)\r\n"

struct gtest {
	struct ptest pt;		/* first: the policy builder's state */
	struct rampart_net *rn;
	struct nf_hook_state state;
	u32 c_next, s_next;		/* next sequence number of each side */
	bool v6;			/* the connection is IPv6 */
};

/* Network and TCP header bytes of the test's segments. */
#define HDRS(g)		((g)->v6 ? 60U : 40U)

/* What the stage sent; one test runs at a time. */
static struct sk_buff_head sent;

static void capture(struct sk_buff *skb)
{
	skb_queue_tail(&sent, skb);
}

static int gtest_init(struct kunit *test)
{
	struct gtest *g = kunit_kzalloc(test, sizeof(*g), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, g);
	KUNIT_ASSERT_EQ(test, pb_init(test, &g->pt), 0);
	g->rn = pb_net_new(test);
	g->state.hook = NF_INET_PRE_ROUTING;
	g->state.pf = NFPROTO_IPV4;
	g->state.net = &init_net;
	skb_queue_head_init(&sent);
	WRITE_ONCE(rampart_smtp_test_xmit, capture);
	return 0;
}

static void gtest_exit(struct kunit *test)
{
	struct gtest *g = test->priv;
	struct rampart_policy *p;

	WRITE_ONCE(rampart_smtp_test_xmit, NULL);
	skb_queue_purge(&sent);
	p = rcu_dereference_protected(g->rn->policy, true);
	if (p)
		g->pt.p = p;	/* pb_exit() frees it */
	pb_net_free(g->rn);
	pb_exit(test);
}

/* Rule NUMBER: client to server, service smtp, inspected by mail-in. */
static void inspect_rule(struct kunit *test, u32 number)
{
	struct ptest *t = test->priv;
	struct nlattr *n = pb_item(test, RAMPART_A_RULE);

	nla_put_u32(t->skb, RAMPART_RULE_A_NUMBER, number);
	nla_put_u8(t->skb, RAMPART_RULE_A_ACTION, ACCEPT);
	pb_names(t->skb, RAMPART_RULE_A_FROM, "client");
	pb_names(t->skb, RAMPART_RULE_A_TO, "server");
	pb_names(t->skb, RAMPART_RULE_A_SERVICE, "smtp");
	nla_put_string(t->skb, RAMPART_RULE_A_INSPECT, "mail-in");
	pb_add(test, n);
}

/*
 * Rule 1 inspects smtp (tcp/25) with resource mail-in: banner mask as
 * asked, every check's action as given. Rule 2 accepts tcp/26 uninspected.
 */
static void install(struct kunit *test, bool mask, u8 action)
{
	struct gtest *g = test->priv;
	struct ptest *t = &g->pt;
	struct nlattr *n;

	HOST("client", g->v6 ? CLIENT6 : CLIENT);
	HOST("server", g->v6 ? SERVER6 : SERVER);
	g->state.pf = g->v6 ? NFPROTO_IPV6 : NFPROTO_IPV4;
	pb_service(test, "smtp", IPPROTO_TCP, "25", 0);
	pb_service(test, "plain", IPPROTO_TCP, "26", 0);
	n = pb_item(test, RAMPART_A_SMTP);
	nla_put_string(t->skb, RAMPART_SMTP_A_NAME, "mail-in");
	nla_put_u8(t->skb, RAMPART_SMTP_A_BANNER, mask);
	nla_put_u8(t->skb, RAMPART_SMTP_A_ACTION, action);
	pb_add(test, n);
	inspect_rule(test, 1);
	pb_rule(test, 2, ACCEPT, "client", "server", "plain", NULL, 0);
	KUNIT_ASSERT_EQ(test, t->err, 0);
	KUNIT_ASSERT_EQ_MSG(test, pb_compile(test), 0, "%s", t->msg);
	t->p->generation = 1;
	rcu_assign_pointer(g->rn->policy, t->p);
	t->p = NULL;
}

static void put_addrs(const struct gtest *g, bool from_client, void *saddr, void *daddr,
		      unsigned int size)
{
	const char *src = from_client ? (g->v6 ? CLIENT6 : CLIENT) : (g->v6 ? SERVER6 : SERVER);
	const char *dst = from_client ? (g->v6 ? SERVER6 : SERVER) : (g->v6 ? CLIENT6 : CLIENT);
	u8 bytes[16];

	pb_addr(src, bytes);
	memcpy(saddr, bytes, size);
	pb_addr(dst, bytes);
	memcpy(daddr, bytes, size);
}

/* The TCP checksum of skb from its transport header to its end. */
static __sum16 tcp_csum(struct sk_buff *skb)
{
	unsigned int thoff = skb_transport_offset(skb), tcplen = skb->len - thoff;
	__wsum sum = skb_checksum(skb, thoff, tcplen, 0);

	if (skb->protocol == htons(ETH_P_IP))
		return csum_tcpudp_magic(ip_hdr(skb)->saddr, ip_hdr(skb)->daddr, tcplen,
					 IPPROTO_TCP, sum);
	return csum_ipv6_magic(&ipv6_hdr(skb)->saddr, &ipv6_hdr(skb)->daddr, tcplen,
			       IPPROTO_TCP, sum);
}

/*
 * A segment of the test's family. With nfrags, the payload is cut in
 * nfrags + 1 pieces: the first in the linear part, each other one in a
 * page fragment of its own, at an odd offset in its page.
 */
static struct sk_buff *seg_frags(struct kunit *test, bool from_client, u16 port, u8 flags,
				 u32 seq, u32 ack, const char *data, unsigned int len,
				 unsigned int nfrags)
{
	struct gtest *g = test->priv;
	unsigned int nh = g->v6 ? sizeof(struct ipv6hdr) : sizeof(struct iphdr);
	unsigned int piece = len / (nfrags + 1), head = len - nfrags * piece, i;
	struct sk_buff *skb = alloc_skb(MAX_HEADER + nh + 20 + head, GFP_KERNEL);
	struct tcphdr *th;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_LT(test, nfrags, (unsigned int)MAX_SKB_FRAGS);
	skb_reserve(skb, MAX_HEADER);
	skb_reset_network_header(skb);
	if (g->v6) {
		struct ipv6hdr *ip6h = skb_put_zero(skb, sizeof(*ip6h));

		ip6_flow_hdr(ip6h, 0, 0);
		ip6h->payload_len = htons(20 + len);
		ip6h->nexthdr = IPPROTO_TCP;
		ip6h->hop_limit = 64;
		put_addrs(g, from_client, &ip6h->saddr, &ip6h->daddr, 16);
		skb->protocol = htons(ETH_P_IPV6);
	} else {
		struct iphdr *iph = skb_put_zero(skb, sizeof(*iph));

		iph->version = 4;
		iph->ihl = 5;
		iph->ttl = 64;
		iph->protocol = IPPROTO_TCP;
		iph->tot_len = htons(40 + len);
		put_addrs(g, from_client, &iph->saddr, &iph->daddr, 4);
		ip_send_check(iph);
		skb->protocol = htons(ETH_P_IP);
	}
	skb_set_transport_header(skb, nh);
	th = skb_put_zero(skb, sizeof(*th));
	th->source = htons(from_client ? CPORT : port);
	th->dest = htons(from_client ? port : CPORT);
	th->seq = htonl(seq);
	th->ack_seq = htonl(ack);
	th->doff = 5;
	((u8 *)th)[13] = flags;
	th->window = htons(65535);
	if (head)
		skb_put_data(skb, data, head);
	for (i = 0; i < nfrags; i++) {
		struct page *page = alloc_page(GFP_KERNEL);

		KUNIT_ASSERT_NOT_NULL(test, page);
		memcpy(page_address(page) + 123, data + head + i * piece, piece);
		skb_add_rx_frag(skb, i, page, 123, piece, PAGE_SIZE);
	}
	th->check = tcp_csum(skb);
	return skb;
}

static struct sk_buff *seg(struct kunit *test, bool from_client, u16 port, u8 flags,
			   u32 seq, u32 ack, const char *data, unsigned int len)
{
	return seg_frags(test, from_client, port, flags, seq, ack, data, len, 0);
}

/* The in chain's fw stage, then its smtp stage if fw passed the packet. */
static unsigned int run_keep(struct kunit *test, struct sk_buff *skb)
{
	struct gtest *g = test->priv;
	unsigned int v;

	rcu_read_lock();
	v = rampart_stage_fw(g->rn, &rampart_chain[1], skb, &g->state);
	if (v == NF_ACCEPT)
		v = rampart_stage_smtp(g->rn, &rampart_chain[2], skb, &g->state);
	rcu_read_unlock();
	return v;
}

static unsigned int run(struct kunit *test, struct sk_buff *skb)
{
	unsigned int v = run_keep(test, skb);

	kfree_skb(skb);
	return v;
}

static u64 drops(struct kunit *test, enum rampart_drop_reason reason)
{
	struct gtest *g = test->priv;

	return pb_drops(g->rn, reason);
}

static struct rampart_conn *find(struct kunit *test, u16 port)
{
	struct gtest *g = test->priv;
	struct rampart_conn_key key;
	struct rampart_conn *c;
	unsigned int side;
	u8 sa[16], sb[16];

	put_addrs(g, true, sa, sb, 16);
	rampart_conn_key_make(&key, g->v6 ? 6 : 4, IPPROTO_TCP, sa, sb, htons(CPORT),
			      htons(port), &side);
	rcu_read_lock();
	c = rampart_conn_lookup(&g->rn->conns, &key);
	rcu_read_unlock();
	return c;
}

/* The next bytes of a side, in order; advances that side. */
static unsigned int say(struct kunit *test, bool from_client, u16 port, const char *text)
{
	struct gtest *g = test->priv;
	u32 *seq = from_client ? &g->c_next : &g->s_next;
	u32 ack = from_client ? g->s_next : g->c_next;
	unsigned int len = strlen(text);
	unsigned int v = run(test, seg(test, from_client, port, ACK | PSH, *seq, ack,
					 text, len));

	*seq += len;
	return v;
}

#define CLIENT_SAYS(text)	say(test, true, 25, text)
#define SERVER_SAYS(text)	say(test, false, 25, text)

static struct rampart_conn *handshake(struct kunit *test, u16 port)
{
	struct gtest *g = test->priv;

	KUNIT_EXPECT_EQ(test, run(test, seg(test, true, port, SYN, ISN_C, 0, NULL, 0)),
			NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, run(test, seg(test, false, port, SYN | ACK, ISN_S, ISN_C + 1,
					     NULL, 0)), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, run(test, seg(test, true, port, ACK, ISN_C + 1, ISN_S + 1,
					     NULL, 0)), NF_ACCEPT);
	g->c_next = ISN_C + 1;
	g->s_next = ISN_S + 1;
	return find(test, port);
}

static bool tcp_csum_ok(struct sk_buff *skb)
{
	return !tcp_csum(skb);
}

static void glue_conforming_session_untouched(struct kunit *test)
{
	static const char *const lines[] = {
		"EHLO client.example\r\n", "250-mx\r\n250-PIPELINING\r\n250 CHUNKING\r\n",
		"MAIL FROM:<a@example.com>\r\nRCPT TO:<b@example.org>\r\nDATA\r\n",
		"250 ok\r\n250 ok\r\n354 go\r\n",
		"Subject: x\r\n\r\n..dot\r\n.\r\n", "250 queued\r\n",
		"QUIT\r\n", "221 bye\r\n",
	};
	struct gtest *g = test->priv;
	struct rampart_conn *c;
	struct sk_buff *skb;
	unsigned int i;

	install(test, false, RAMPART_SMTP_REJECT);
	c = handshake(test, 25);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_NOT_NULL(test, c->smtp);
	skb = seg(test, false, 25, ACK | PSH, g->s_next, g->c_next, BANNER,
		   strlen(BANNER));
	KUNIT_EXPECT_EQ(test, run_keep(test, skb), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, memcmp(skb->data + HDRS(g), BANNER, strlen(BANNER)), 0);
	kfree_skb(skb);
	g->s_next += strlen(BANNER);
	for (i = 0; i < ARRAY_SIZE(lines); i++)
		KUNIT_EXPECT_EQ(test, say(test, !(i & 1), 25, lines[i]), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&sent), 0U);
	for (i = RAMPART_DROP_SMTP_VERB; i <= RAMPART_DROP_SMTP_UNMASKABLE; i++)
		KUNIT_EXPECT_EQ(test, drops(test, i), 0ULL);
}

static void glue_state_only_when_inspected(struct kunit *test)
{
	struct rampart_conn *c;

	install(test, false, RAMPART_SMTP_REJECT);
	c = handshake(test, 26);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_EQ(test, say(test, true, 26, "XEXCH50\r\n"), NF_ACCEPT);
	KUNIT_EXPECT_NULL(test, c->smtp);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&sent), 0U);
}

static void glue_retransmission_gap_overlap(struct kunit *test)
{
	struct gtest *g = test->priv;
	u32 s;

	install(test, false, RAMPART_SMTP_REJECT);
	KUNIT_ASSERT_NOT_NULL(test, handshake(test, 25));
	KUNIT_EXPECT_EQ(test, SERVER_SAYS("220 mx ESMTP\r\n"), NF_ACCEPT);
	s = g->c_next;
	KUNIT_EXPECT_EQ(test, CLIENT_SAYS("EHLO c\r\n"), NF_ACCEPT);
	/* Again: seen bytes pass and are not read twice. */
	KUNIT_EXPECT_EQ(test, run(test, seg(test, true, 25, ACK | PSH, s, g->s_next,
					     "EHLO c\r\n", 8)), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, SERVER_SAYS("250 mx\r\n"), NF_ACCEPT);
	/* Beyond a gap: dropped and counted, then the bytes in order pass. */
	KUNIT_EXPECT_EQ(test, run(test, seg(test, true, 25, ACK | PSH, g->c_next + 2,
					     g->s_next, "OP\r\n", 4)), NF_DROP);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_SMTP_GAP), 1ULL);
	/* "NO", then "NOOP\r\n" from the same place: only "OP\r\n" is new. */
	s = g->c_next;
	KUNIT_EXPECT_EQ(test, run(test, seg(test, true, 25, ACK | PSH, s, g->s_next,
					     "NO", 2)), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, run(test, seg(test, true, 25, ACK | PSH, s, g->s_next,
					     "NOOP\r\n", 6)), NF_ACCEPT);
	g->c_next = s + 6;
	KUNIT_EXPECT_EQ(test, SERVER_SAYS("250 ok\r\n"), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_SMTP_VERB), 0ULL);
	/* A verb split the same way is still caught, once. */
	s = g->c_next;
	KUNIT_EXPECT_EQ(test, run(test, seg(test, true, 25, ACK | PSH, s, g->s_next,
					     "XEX", 3)), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, run(test, seg(test, true, 25, ACK | PSH, s, g->s_next,
					     "XEXCH50\r\n", 9)), NF_DROP);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_SMTP_VERB), 1ULL);
}

/* A segment the stage sent: its addresses, numbers, flags and payload. */
static void expect_sent(struct kunit *test, struct sk_buff *skb, bool to_client,
			u32 seq, u32 ack, u8 flags, const char *payload)
{
	struct gtest *g = test->priv;
	unsigned int len = payload ? strlen(payload) : 0;
	const struct tcphdr *th;
	u8 want_s[16], want_d[16];

	KUNIT_ASSERT_NOT_NULL(test, skb);
	put_addrs(g, !to_client, want_s, want_d, 16);
	if (g->v6) {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);

		KUNIT_EXPECT_EQ(test, skb->protocol, htons(ETH_P_IPV6));
		KUNIT_EXPECT_EQ(test, (int)ip6h->version, 6);
		KUNIT_EXPECT_EQ(test, ip6h->nexthdr, IPPROTO_TCP);
		KUNIT_EXPECT_EQ(test, ntohs(ip6h->payload_len), 20U + len);
		KUNIT_EXPECT_EQ(test, memcmp(&ip6h->saddr, want_s, 16), 0);
		KUNIT_EXPECT_EQ(test, memcmp(&ip6h->daddr, want_d, 16), 0);
	} else {
		const struct iphdr *iph = ip_hdr(skb);

		KUNIT_EXPECT_EQ(test, skb->protocol, htons(ETH_P_IP));
		KUNIT_EXPECT_EQ(test, (int)iph->ihl, 5);
		KUNIT_EXPECT_EQ(test, memcmp(&iph->saddr, want_s, 4), 0);
		KUNIT_EXPECT_EQ(test, memcmp(&iph->daddr, want_d, 4), 0);
		KUNIT_EXPECT_EQ(test, ip_fast_csum(iph, iph->ihl), 0);
	}
	KUNIT_ASSERT_EQ(test, skb_transport_offset(skb), (int)HDRS(g) - 20);
	th = tcp_hdr(skb);
	KUNIT_EXPECT_EQ(test, ntohs(th->source), to_client ? 25 : CPORT);
	KUNIT_EXPECT_EQ(test, ntohs(th->dest), to_client ? CPORT : 25);
	KUNIT_EXPECT_EQ(test, ntohl(th->seq), seq);
	KUNIT_EXPECT_EQ(test, ntohl(th->ack_seq), ack);
	KUNIT_EXPECT_EQ(test, ((const u8 *)th)[13], flags);
	KUNIT_EXPECT_EQ(test, skb->len, HDRS(g) + len);
	KUNIT_EXPECT_TRUE(test, tcp_csum_ok(skb));
	if (len && skb->len == HDRS(g) + len)
		KUNIT_EXPECT_EQ(test, memcmp(skb->data + HDRS(g), payload, len), 0);
}

static const char xexch50_reply[] =
	"550 5.5.1 Command XEXCH50 not allowed by policy mail-in\r\n";

/*
 * After EHLO and its reply: XEXCH50 is dropped, the client gets the reject
 * reply (checked here) and the server a reset (left in the queue). *@s and
 * *@srv: the client's and the server's next sequence numbers before it.
 */
static void refused_xexch50(struct kunit *test, u32 *s, u32 *srv)
{
	struct gtest *g = test->priv;
	struct sk_buff *skb;

	*s = g->c_next;
	*srv = g->s_next;
	KUNIT_EXPECT_EQ(test, CLIENT_SAYS("XEXCH50\r\n"), NF_DROP);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_SMTP_VERB), 1ULL);
	KUNIT_ASSERT_EQ(test, skb_queue_len(&sent), 2U);
	skb = skb_dequeue(&sent);
	expect_sent(test, skb, true, *srv, *s + 9, ACK | PSH | FIN, xexch50_reply);
	kfree_skb(skb);
}

static void reject_replies_and_resets_server(struct kunit *test, bool v6)
{
	const char *reply = xexch50_reply;
	struct gtest *g = test->priv;
	struct sk_buff *skb;
	u32 s, srv;

	g->v6 = v6;
	install(test, false, RAMPART_SMTP_REJECT);
	KUNIT_ASSERT_NOT_NULL(test, handshake(test, 25));
	KUNIT_EXPECT_EQ(test, SERVER_SAYS("220 mx ESMTP\r\n"), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, CLIENT_SAYS("EHLO c\r\n"), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, SERVER_SAYS("250 mx\r\n"), NF_ACCEPT);
	refused_xexch50(test, &s, &srv);
	skb = skb_dequeue(&sent);
	expect_sent(test, skb, false, s, srv, ACK | RST, NULL);
	kfree_skb(skb);
	/*
	 * The server is gone: nothing of the client's reaches it. Its
	 * retransmission and more data are acknowledged from after the
	 * reply's FIN, so a client still writing gets to read the reply; its
	 * plain ACK of the reply is dropped unanswered, its FIN acknowledged.
	 */
	KUNIT_EXPECT_EQ(test, run(test, seg(test, true, 25, ACK | PSH, s, srv,
					     "XEXCH50\r\n", 9)), NF_DROP);
	KUNIT_EXPECT_EQ(test, CLIENT_SAYS("QUIT\r\n"), NF_DROP);
	KUNIT_EXPECT_EQ(test, run(test, seg(test, true, 25, ACK, g->c_next,
					     srv + strlen(reply) + 1, NULL, 0)), NF_DROP);
	KUNIT_EXPECT_EQ(test, run(test, seg(test, true, 25, ACK | FIN, g->c_next,
					     srv + strlen(reply) + 1, NULL, 0)), NF_DROP);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_SMTP_VERB), 1ULL);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_SMTP_REFUSED), 4ULL);
	KUNIT_ASSERT_EQ(test, skb_queue_len(&sent), 3U);
	skb = skb_dequeue(&sent);
	expect_sent(test, skb, true, srv + strlen(reply) + 1, s + 9, ACK, NULL);
	kfree_skb(skb);
	skb = skb_dequeue(&sent);
	expect_sent(test, skb, true, srv + strlen(reply) + 1, s + 15, ACK, NULL);
	kfree_skb(skb);
	skb = skb_dequeue(&sent);
	expect_sent(test, skb, true, srv + strlen(reply) + 1, s + 16, ACK, NULL);
	kfree_skb(skb);
}

static void glue_reject_replies_and_resets_server(struct kunit *test)
{
	reject_replies_and_resets_server(test, false);
}

static void glue_reject_replies_and_resets_server_v6(struct kunit *test)
{
	reject_replies_and_resets_server(test, true);
}

static void reset_resets_both(struct kunit *test, bool v6)
{
	struct gtest *g = test->priv;
	struct sk_buff *skb;
	u32 s, srv;

	g->v6 = v6;
	install(test, false, RAMPART_SMTP_RESET);
	KUNIT_ASSERT_NOT_NULL(test, handshake(test, 25));
	KUNIT_EXPECT_EQ(test, SERVER_SAYS("220 mx ESMTP\r\n"), NF_ACCEPT);
	s = g->c_next;
	srv = g->s_next;
	KUNIT_EXPECT_EQ(test, CLIENT_SAYS("TURN\r\n"), NF_DROP);
	KUNIT_ASSERT_EQ(test, skb_queue_len(&sent), 2U);
	skb = skb_dequeue(&sent);
	expect_sent(test, skb, true, srv, s + 6, ACK | RST, NULL);
	kfree_skb(skb);
	skb = skb_dequeue(&sent);
	expect_sent(test, skb, false, s, srv, ACK | RST, NULL);
	kfree_skb(skb);
	KUNIT_EXPECT_NULL(test, find(test, 25));
}

static void glue_reset_resets_both(struct kunit *test)
{
	reset_resets_both(test, false);
}

static void glue_reset_resets_both_v6(struct kunit *test)
{
	reset_resets_both(test, true);
}

static void glue_log_passes(struct kunit *test)
{
	install(test, false, RAMPART_SMTP_LOG);
	KUNIT_ASSERT_NOT_NULL(test, handshake(test, 25));
	KUNIT_EXPECT_EQ(test, SERVER_SAYS("220 mx ESMTP\r\n"), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, CLIENT_SAYS("XEXCH50\r\n"), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, SERVER_SAYS("502 no\r\n"), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, CLIENT_SAYS("QUIT\r\n"), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&sent), 0U);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_SMTP_VERB), 0ULL);
}

static void banner_mask(struct kunit *test, bool v6)
{
	static const char masked[] = "220 mx.example.com ESMTP ********************\r\n";
	struct gtest *g = test->priv;
	unsigned int round, len = strlen(BANNER);
	struct sk_buff *skb;

	g->v6 = v6;
	install(test, true, RAMPART_SMTP_REJECT);
	KUNIT_ASSERT_NOT_NULL(test, handshake(test, 25));
	/* The greeting, its retransmission, and one that starts inside it. */
	for (round = 0; round < 3; round++) {
		unsigned int skip = round == 2 ? 30 : 0;

		skb = seg(test, false, 25, ACK | PSH, g->s_next + skip, g->c_next,
			   BANNER + skip, len - skip);
		if (round == 1) {
			/* As a device that sums what it receives hands it over. */
			skb->ip_summed = CHECKSUM_COMPLETE;
			skb->csum = skb_checksum(skb, skb_transport_offset(skb),
						 skb->len - skb_transport_offset(skb), 0);
		}
		KUNIT_EXPECT_EQ(test, run_keep(test, skb), NF_ACCEPT);
		KUNIT_EXPECT_EQ(test, skb->len, HDRS(g) + len - skip);
		KUNIT_EXPECT_EQ(test, memcmp(skb->data + HDRS(g), masked + skip, len - skip), 0);
		KUNIT_EXPECT_TRUE(test, tcp_csum_ok(skb));
		kfree_skb(skb);
	}
	g->s_next += len;
	KUNIT_EXPECT_EQ(test, CLIENT_SAYS("EHLO c\r\n"), NF_ACCEPT);
	/* No other reply is touched. */
	skb = seg(test, false, 25, ACK | PSH, g->s_next, g->c_next, "250 Postfix\r\n", 13);
	KUNIT_EXPECT_EQ(test, run_keep(test, skb), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, memcmp(skb->data + HDRS(g), "250 Postfix\r\n", 13), 0);
	kfree_skb(skb);
}

/* A greeting of @lines lines; *@masked gets it as the mask must leave it. */
static char *long_greeting(struct kunit *test, unsigned int lines, char **masked)
{
	static const char first[] = "220-mx.example.com ESMTP secret\r\n";
	char *text = kunit_kzalloc(test, 64 * lines, GFP_KERNEL);
	unsigned int i, at;

	KUNIT_ASSERT_NOT_NULL(test, text);
	strcpy(text, first);
	for (i = 1; i < lines; i++)
		sprintf(text + strlen(text), "220%csecret line %u\r\n", i + 1 < lines ? '-' : ' ', i);
	*masked = kunit_kzalloc(test, strlen(text) + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, *masked);
	strcpy(*masked, text);
	/* The first line keeps its domain and ESMTP, the others their code. */
	for (at = 0, i = 0; (*masked)[at]; i++) {
		unsigned int from = at + (i ? 4 : strlen("220-mx.example.com ESMTP "));
		unsigned int end = at + strcspn(*masked + at, "\r");

		memset(*masked + from, '*', end - from);
		at = end + 2;
	}
	return text;
}

/*
 * Every line of a multi-line greeting is masked, on each transmission
 * (before, lines 9 and later passed in the clear). A greeting with more
 * lines than can be remembered is never passed: it is dropped (reason 56).
 */
static void glue_banner_mask_every_line(struct kunit *test)
{
	struct gtest *g = test->priv;
	unsigned int round, len;
	struct sk_buff *skb;
	char *text, *masked;

	install(test, true, RAMPART_SMTP_REJECT);
	KUNIT_ASSERT_NOT_NULL(test, handshake(test, 25));
	text = long_greeting(test, 12, &masked);
	len = strlen(text);
	for (round = 0; round < 2; round++) {
		skb = seg(test, false, 25, ACK | PSH, g->s_next, g->c_next, text, len);
		KUNIT_EXPECT_EQ(test, run_keep(test, skb), NF_ACCEPT);
		KUNIT_EXPECT_EQ(test, memcmp(skb->data + HDRS(g), masked, len), 0);
		KUNIT_EXPECT_NULL(test, strnstr(skb->data + HDRS(g), "secret", len));
		KUNIT_EXPECT_TRUE(test, tcp_csum_ok(skb));
		kfree_skb(skb);
	}
	g->s_next += len;
	KUNIT_EXPECT_EQ(test, CLIENT_SAYS("EHLO c\r\n"), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, SERVER_SAYS("250 mx\r\n"), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_SMTP_UNMASKABLE), 0ULL);
}

static void glue_banner_mask_too_many_lines(struct kunit *test)
{
	struct gtest *g = test->priv;
	unsigned int round, len;
	char *text, *masked;

	install(test, true, RAMPART_SMTP_REJECT);
	KUNIT_ASSERT_NOT_NULL(test, handshake(test, 25));
	text = long_greeting(test, 17, &masked);
	len = strlen(text);
	/* Neither the first copy nor a retransmission passes. */
	for (round = 0; round < 2; round++)
		KUNIT_EXPECT_EQ(test, run(test, seg(test, false, 25, ACK | PSH, g->s_next,
						     g->c_next, text, len)), NF_DROP);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_SMTP_UNMASKABLE), 2ULL);
}

static void glue_banner_mask(struct kunit *test)
{
	banner_mask(test, false);
}

static void glue_banner_mask_v6(struct kunit *test)
{
	banner_mask(test, true);
}

/* The next bytes of a side in one segment whose payload is in fragments. */
static unsigned int say_frags(struct kunit *test, bool from_client, const char *text,
			      unsigned int nfrags)
{
	struct gtest *g = test->priv;
	u32 *seq = from_client ? &g->c_next : &g->s_next;
	u32 ack = from_client ? g->s_next : g->c_next;
	unsigned int len = strlen(text);
	struct sk_buff *skb = seg_frags(test, from_client, 25, ACK | PSH, *seq, ack, text,
					len, nfrags);
	unsigned int v;

	KUNIT_EXPECT_EQ(test, skb_shinfo(skb)->nr_frags, nfrags);
	v = run(test, skb);
	*seq += len;
	return v;
}

/*
 * Commands, replies and DATA bodies whose bytes lie in page fragments,
 * cut at different places each time: read as the same stream. The body's
 * command-like line and dot-stuffed line are content; its end is found.
 */
static void glue_fragments_session(struct kunit *test)
{
	static const char body[] = "Subject: frags\r\n\r\nXEXCH50 is only text here\r\n"
				   "..stuffed\r\n.\r\n";
	unsigned int nfrags, i;

	install(test, false, RAMPART_SMTP_REJECT);
	KUNIT_ASSERT_NOT_NULL(test, handshake(test, 25));
	KUNIT_EXPECT_EQ(test, say_frags(test, false, "220 mx.example.com ESMTP\r\n", 2),
			NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, say_frags(test, true, "EHLO client.example\r\n", 3), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, say_frags(test, false, "250-mx\r\n250 PIPELINING\r\n", 4),
			NF_ACCEPT);
	for (nfrags = 1; nfrags <= 6; nfrags++) {
		KUNIT_EXPECT_EQ(test, say_frags(test, true, "MAIL FROM:<a@example.com>\r\n"
						"RCPT TO:<b@example.org>\r\nDATA\r\n", nfrags),
				NF_ACCEPT);
		KUNIT_EXPECT_EQ(test, SERVER_SAYS("250 ok\r\n250 ok\r\n354 go\r\n"), NF_ACCEPT);
		KUNIT_EXPECT_EQ(test, say_frags(test, true, body, nfrags), NF_ACCEPT);
		KUNIT_EXPECT_EQ(test, SERVER_SAYS("250 queued\r\n"), NF_ACCEPT);
	}
	for (i = RAMPART_DROP_SMTP_VERB; i <= RAMPART_DROP_SMTP_UNMASKABLE; i++)
		KUNIT_EXPECT_EQ(test, drops(test, i), 0ULL);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&sent), 0U);
	/* Back in command mode after the last body: a verb is checked again. */
	KUNIT_EXPECT_EQ(test, CLIENT_SAYS("XEXCH50\r\n"), NF_DROP);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_SMTP_VERB), 1ULL);
}

/* A refused verb cut across fragments: caught, answered at the right place. */
static void glue_fragments_violation(struct kunit *test)
{
	static const char reply[] = "550 5.5.1 Command XEXCH50 not allowed by policy mail-in\r\n";
	static const char cmds[] = "NOOP\r\nXEXCH50\r\n";
	struct gtest *g = test->priv;
	struct sk_buff *skb;
	u32 s, srv;

	install(test, false, RAMPART_SMTP_REJECT);
	KUNIT_ASSERT_NOT_NULL(test, handshake(test, 25));
	KUNIT_EXPECT_EQ(test, SERVER_SAYS("220 mx ESMTP\r\n"), NF_ACCEPT);
	s = g->c_next;
	srv = g->s_next;
	/* Pieces of 3 bytes: "NOOP\r\nX" | "EXC" | "H50" | "\r\n" ... */
	KUNIT_EXPECT_EQ(test, say_frags(test, true, cmds, 4), NF_DROP);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_SMTP_VERB), 1ULL);
	KUNIT_ASSERT_EQ(test, skb_queue_len(&sent), 2U);
	skb = skb_dequeue(&sent);
	expect_sent(test, skb, true, srv, s + strlen(cmds), ACK | PSH | FIN, reply);
	kfree_skb(skb);
	skb = skb_dequeue(&sent);
	expect_sent(test, skb, false, s, srv, ACK | RST, NULL);
	kfree_skb(skb);
}

/*
 * An install renumbers the rules: the session inspected under rule 1 of the
 * old policy is inspected under rule 2 of the new one, whose rule 1 accepts
 * tcp/26 uninspected. Between the replacement of the policy and the
 * install's re-match reaching the entry, the entry still holds the old
 * rule number; the stage must not read it against the new rulebase (the
 * session would go uninspected and its stream positions stale): the
 * server's reply is followed and a verb the profile forbids is refused,
 * with the reply where the client expects it.
 */
static void glue_install_renumbers_rules(struct kunit *test)
{
	struct gtest *g = test->priv;
	struct ptest *t = &g->pt;
	struct rampart_policy *old;
	struct rampart_conn *c;
	struct nlattr *n;
	u32 s, srv;

	install(test, false, RAMPART_SMTP_REJECT);
	c = handshake(test, 25);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_EQ(test, SERVER_SAYS("220 mx ESMTP\r\n"), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, CLIENT_SAYS("EHLO c\r\n"), NF_ACCEPT);

	t->p = rampart_policy_alloc();
	KUNIT_ASSERT_NOT_NULL(test, t->p);
	HOST("client", CLIENT);
	HOST("server", SERVER);
	pb_service(test, "smtp", IPPROTO_TCP, "25", 0);
	pb_service(test, "plain", IPPROTO_TCP, "26", 0);
	n = pb_item(test, RAMPART_A_SMTP);
	nla_put_string(t->skb, RAMPART_SMTP_A_NAME, "mail-in");
	nla_put_u8(t->skb, RAMPART_SMTP_A_ACTION, RAMPART_SMTP_REJECT);
	pb_add(test, n);
	pb_rule(test, 1, ACCEPT, "client", "server", "plain", NULL, 0);
	inspect_rule(test, 2);
	KUNIT_ASSERT_EQ(test, t->err, 0);
	KUNIT_ASSERT_EQ_MSG(test, pb_compile(test), 0, "%s", t->msg);
	/* Replaced, as an install does before its re-match; no re-match. */
	old = rcu_dereference_protected(g->rn->policy, true);
	t->p->generation = old->generation + 1;
	rcu_assign_pointer(g->rn->policy, t->p);
	t->p = NULL;
	synchronize_rcu();
	rampart_policy_free(old);
	KUNIT_EXPECT_EQ(test, READ_ONCE(c->rule), 1);

	KUNIT_EXPECT_EQ(test, SERVER_SAYS("250 mx\r\n"), NF_ACCEPT);
	refused_xexch50(test, &s, &srv);
	/* The entry now belongs to the new policy, under its rule 2. */
	KUNIT_EXPECT_EQ(test, READ_ONCE(c->rule), 2);
}

/* After the greeting: EHLO and its reply, as a session begins. */
static void greeted(struct kunit *test, const char *ehlo)
{
	KUNIT_EXPECT_EQ(test, SERVER_SAYS("220 mx ESMTP\r\n"), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, CLIENT_SAYS(ehlo), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, SERVER_SAYS("250 mx\r\n"), NF_ACCEPT);
}

/*
 * A SYN once the stream began: its payload is never read (nor passed) and
 * it never rewinds the stream. Before, a duplicate SYN at the ISN carrying
 * "NOOP xxx" reset the client's position and was read, so the parser
 * read the next command from its middle (or saw a gap and hung).
 */
static void glue_syn_never_rewinds(struct kunit *test)
{
	struct gtest *g = test->priv;
	u32 s, srv;

	install(test, false, RAMPART_SMTP_REJECT);
	KUNIT_ASSERT_NOT_NULL(test, handshake(test, 25));
	greeted(test, "EHLO client.example\r\n");
	KUNIT_EXPECT_EQ(test, run(test, seg(test, true, 25, SYN, ISN_C, 0, "NOOP xxx\r\n", 10)),
			NF_DROP);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_SMTP_SYN_DATA), 1ULL);
	/* Without payload: the tracker takes it as a duplicate; no rewind. */
	run(test, seg(test, true, 25, SYN, ISN_C, 0, NULL, 0));
	run(test, seg(test, false, 25, SYN | ACK, ISN_S, ISN_C + 1, NULL, 0));
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_SMTP_GAP), 0ULL);
	refused_xexch50(test, &s, &srv);
	KUNIT_EXPECT_EQ(test, srv, g->s_next);
}

/*
 * Only bytes the server will take are read: one with a wrong checksum is
 * dropped before the parser sees it, so the right copy at the same place
 * is read, and refused.
 */
static void glue_bad_checksum_unread(struct kunit *test)
{
	struct gtest *g = test->priv;
	struct sk_buff *skb;
	u32 s, srv;

	install(test, false, RAMPART_SMTP_REJECT);
	KUNIT_ASSERT_NOT_NULL(test, handshake(test, 25));
	greeted(test, "EHLO c\r\n");
	skb = seg(test, true, 25, ACK | PSH, g->c_next, g->s_next, "NOOP x\r\n", 8);
	tcp_hdr(skb)->check ^= htons(0x0101);
	KUNIT_EXPECT_EQ(test, run(test, skb), NF_DROP);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_TCP_BAD_CHECKSUM), 1ULL);
	/* A RST with a wrong checksum does not end the connection either. */
	skb = seg(test, true, 25, RST | ACK, g->c_next, g->s_next, NULL, 0);
	tcp_hdr(skb)->check ^= htons(0x0101);
	KUNIT_EXPECT_EQ(test, run(test, skb), NF_DROP);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_TCP_BAD_CHECKSUM), 2ULL);
	KUNIT_EXPECT_NOT_NULL(test, find(test, 25));
	refused_xexch50(test, &s, &srv);
}

/*
 * First copy wins: until the server acknowledges them, inspected bytes
 * come again only as they were (the server may have discarded the first
 * copy: PAWS, a TTL that runs out behind the firewall, a full queue).
 */
static void glue_retransmission_same_bytes(struct kunit *test)
{
	struct gtest *g = test->priv;
	u32 s;

	install(test, false, RAMPART_SMTP_REJECT);
	KUNIT_ASSERT_NOT_NULL(test, handshake(test, 25));
	greeted(test, "EHLO c\r\n");
	s = g->c_next;
	KUNIT_EXPECT_EQ(test, CLIENT_SAYS("NOOP x\r\n"), NF_ACCEPT);
	/* Other bytes in its place: dropped, nothing sent, nothing read. */
	KUNIT_EXPECT_EQ(test, run(test, seg(test, true, 25, ACK | PSH, s, g->s_next,
					     "XEXCH5\r\n", 8)), NF_DROP);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_SMTP_REWRITE), 1ULL);
	KUNIT_EXPECT_EQ(test, skb_queue_len(&sent), 0U);
	/* The same bytes again, and with new ones after them, pass. */
	KUNIT_EXPECT_EQ(test, run(test, seg(test, true, 25, ACK | PSH, s, g->s_next,
					     "NOOP x\r\n", 8)), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, run(test, seg(test, true, 25, ACK | PSH, s, g->s_next,
					     "NOOP x\r\nRSET\r\n", 14)), NF_ACCEPT);
	g->c_next = s + 14;
	/* Starting inside what the parser read whole: cannot be compared. */
	KUNIT_EXPECT_EQ(test, run(test, seg(test, true, 25, ACK | PSH, s + 2, g->s_next,
					     "OP x\r\n", 6)), NF_DROP);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_SMTP_UNCHECKABLE), 1ULL);
	/* Acknowledged: the server discards any copy; nothing to compare. */
	KUNIT_EXPECT_EQ(test, SERVER_SAYS("250 ok\r\n250 ok\r\n"), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, run(test, seg(test, true, 25, ACK | PSH, s, g->s_next,
					     "XEXCH5\r\n", 8)), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_SMTP_REWRITE), 1ULL);
	KUNIT_EXPECT_EQ(test, drops(test, RAMPART_DROP_SMTP_VERB), 0ULL);
}

/* Both sides close, and the client's last ACK: the entry is in TIME_WAIT. */
static void closed(struct kunit *test)
{
	struct gtest *g = test->priv;

	KUNIT_EXPECT_EQ(test, run(test, seg(test, true, 25, FIN | ACK, g->c_next, g->s_next,
					     NULL, 0)), NF_ACCEPT);
	g->c_next++;
	KUNIT_EXPECT_EQ(test, run(test, seg(test, false, 25, FIN | ACK, g->s_next, g->c_next,
					     NULL, 0)), NF_ACCEPT);
	g->s_next++;
	KUNIT_EXPECT_EQ(test, run(test, seg(test, true, 25, ACK, g->c_next, g->s_next,
					     NULL, 0)), NF_ACCEPT);
}

/*
 * A port reused within the end timeout is a new connection on the same
 * entry: inspection starts over. Before, the new session inherited the
 * old one's TLS mode (after STARTTLS, nothing is read) and passed anything.
 */
static void glue_port_reuse_fresh_state(struct kunit *test)
{
	struct gtest *g = test->priv;
	struct rampart_conn *c;
	u32 s, srv, isn = ISN_C + 100000;

	install(test, false, RAMPART_SMTP_REJECT);
	KUNIT_ASSERT_NOT_NULL(test, handshake(test, 25));
	KUNIT_EXPECT_EQ(test, SERVER_SAYS("220 mx ESMTP\r\n"), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, CLIENT_SAYS("EHLO c\r\n"), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, SERVER_SAYS("250-mx\r\n250 STARTTLS\r\n"), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, CLIENT_SAYS("STARTTLS\r\n"), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, SERVER_SAYS("220 go ahead\r\n"), NF_ACCEPT);
	/* TLS now: not read. */
	KUNIT_EXPECT_EQ(test, CLIENT_SAYS("\x16\x03\x01 hello\r\n"), NF_ACCEPT);
	closed(test);
	c = find(test, 25);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_EQ(test, (int)c->track.state, RAMPART_CONN_TIME_WAIT);

	KUNIT_EXPECT_EQ(test, run(test, seg(test, true, 25, SYN, isn, 0, NULL, 0)), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, run(test, seg(test, false, 25, SYN | ACK, ISN_S + 7777, isn + 1,
					     NULL, 0)), NF_ACCEPT);
	KUNIT_EXPECT_EQ(test, run(test, seg(test, true, 25, ACK, isn + 1, ISN_S + 7778,
					     NULL, 0)), NF_ACCEPT);
	KUNIT_EXPECT_PTR_EQ(test, find(test, 25), c);
	g->c_next = isn + 1;
	g->s_next = ISN_S + 7778;
	greeted(test, "EHLO c\r\n");
	refused_xexch50(test, &s, &srv);
}

static struct kunit_case glue_cases[] = {
	KUNIT_CASE(glue_conforming_session_untouched),
	KUNIT_CASE(glue_state_only_when_inspected),
	KUNIT_CASE(glue_retransmission_gap_overlap),
	KUNIT_CASE(glue_reject_replies_and_resets_server),
	KUNIT_CASE(glue_reset_resets_both),
	KUNIT_CASE(glue_log_passes),
	KUNIT_CASE(glue_banner_mask),
	KUNIT_CASE(glue_banner_mask_every_line),
	KUNIT_CASE(glue_banner_mask_too_many_lines),
	KUNIT_CASE(glue_reject_replies_and_resets_server_v6),
	KUNIT_CASE(glue_reset_resets_both_v6),
	KUNIT_CASE(glue_banner_mask_v6),
	KUNIT_CASE(glue_fragments_session),
	KUNIT_CASE(glue_fragments_violation),
	KUNIT_CASE(glue_install_renumbers_rules),
	KUNIT_CASE(glue_syn_never_rewinds),
	KUNIT_CASE(glue_bad_checksum_unread),
	KUNIT_CASE(glue_retransmission_same_bytes),
	KUNIT_CASE(glue_port_reuse_fresh_state),
	{}
};

static struct kunit_suite glue_suite = {
	.name = "rampart_smtp_glue",
	.init = gtest_init,
	.exit = gtest_exit,
	.test_cases = glue_cases,
};

kunit_test_suite(glue_suite);
