// SPDX-License-Identifier: GPL-2.0
/*
 * The connection table over netlink: the filter matcher on every field,
 * filters read from attributes and their refusals, one connection's
 * attributes, a dump in many small steps and a filtered flush.
 */
#include <kunit/test.h>
#include <linux/inet.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "../rampart.h"

#define T0 100000UL	/* a fake "now" in jiffies */

static void addr4(struct in6_addr *a, const char *text)
{
	memset(a, 0, sizeof(*a));
	a->s6_addr32[0] = in_aton(text);
}

static void addr6(struct kunit *test, struct in6_addr *a, const char *text)
{
	KUNIT_ASSERT_EQ(test, in6_pton(text, -1, a->s6_addr, -1, NULL), 1);
}

static void key4(struct rampart_conn_key *k, u8 proto, const char *src, u16 sport,
		 const char *dst, u16 dport, unsigned int *side)
{
	__be32 s = in_aton(src), d = in_aton(dst);
	unsigned int ignored;

	rampart_conn_key_make(k, 4, proto, &s, &d, htons(sport), htons(dport),
			      side ? side : &ignored);
}

static void key6(struct kunit *test, struct rampart_conn_key *k, const char *src,
		 u16 sport, const char *dst, u16 dport)
{
	struct in6_addr s, d;
	unsigned int side;

	addr6(test, &s, src);
	addr6(test, &d, dst);
	rampart_conn_key_make(k, 6, IPPROTO_TCP, &s, &d, htons(sport), htons(dport),
			      &side);
}

static bool match(const struct rampart_conn_filter *f,
		  const struct rampart_conn_key *k)
{
	return rampart_conn_filter_match(f, k, RAMPART_CONN_ESTABLISHED, NULL);
}

static void filter_empty_matches_all(struct kunit *test)
{
	struct rampart_conn_filter f = {};
	struct rampart_conn_key k4, k6;

	key4(&k4, IPPROTO_UDP, "192.0.2.1", 53, "198.51.100.1", 5353, NULL);
	key6(test, &k6, "2001:db8::1", 1, "2001:db8::2", 2);
	KUNIT_EXPECT_TRUE(test, match(&f, &k4));
	KUNIT_EXPECT_TRUE(test, match(&f, &k6));
	KUNIT_EXPECT_TRUE(test, rampart_conn_filter_match(&f, &k4, RAMPART_CONN_UDP,
							  "dns"));
}

static void filter_family(struct kunit *test)
{
	struct rampart_conn_filter f = { .family = 4 };
	struct rampart_conn_key k4, k6;

	key4(&k4, IPPROTO_TCP, "192.0.2.1", 1000, "198.51.100.1", 25, NULL);
	key6(test, &k6, "2001:db8::1", 1000, "2001:db8::2", 25);
	KUNIT_EXPECT_TRUE(test, match(&f, &k4));
	KUNIT_EXPECT_FALSE(test, match(&f, &k6));
	f.family = 6;
	KUNIT_EXPECT_FALSE(test, match(&f, &k4));
	KUNIT_EXPECT_TRUE(test, match(&f, &k6));
}

/* An address matches either endpoint, whichever side the key holds it on. */
static void filter_v4_prefix(struct kunit *test)
{
	struct rampart_conn_filter f = { .family = 4, .has_addr = true };
	struct rampart_conn_key lo, hi;
	unsigned int side;

	key4(&lo, IPPROTO_TCP, "10.0.1.2", 40000, "10.0.2.2", 587, &side);
	KUNIT_EXPECT_EQ(test, side, 0u);	/* client first in the key */
	key4(&hi, IPPROTO_TCP, "10.0.3.2", 40000, "10.0.2.2", 587, &side);
	KUNIT_EXPECT_EQ(test, side, 1u);	/* client second */

	addr4(&f.addr, "10.0.2.2");
	f.prefix_len = 32;
	KUNIT_EXPECT_TRUE(test, match(&f, &lo));
	KUNIT_EXPECT_TRUE(test, match(&f, &hi));
	addr4(&f.addr, "10.0.1.2");
	KUNIT_EXPECT_TRUE(test, match(&f, &lo));
	KUNIT_EXPECT_FALSE(test, match(&f, &hi));
	addr4(&f.addr, "10.0.3.2");
	KUNIT_EXPECT_FALSE(test, match(&f, &lo));
	KUNIT_EXPECT_TRUE(test, match(&f, &hi));
	addr4(&f.addr, "10.0.1.3");
	KUNIT_EXPECT_FALSE(test, match(&f, &lo));

	/* 10.0.1.0/24 holds 10.0.1.2, not 10.0.2.2 or 10.0.3.2. */
	addr4(&f.addr, "10.0.1.0");
	f.prefix_len = 24;
	KUNIT_EXPECT_TRUE(test, match(&f, &lo));
	KUNIT_EXPECT_FALSE(test, match(&f, &hi));
	/* 10.0.2.0/23 holds 10.0.2.2 and 10.0.3.2, not 10.0.1.2. */
	addr4(&f.addr, "10.0.2.0");
	f.prefix_len = 23;
	KUNIT_EXPECT_TRUE(test, match(&f, &hi));
	key4(&lo, IPPROTO_TCP, "10.0.1.2", 40000, "10.0.4.2", 587, NULL);
	KUNIT_EXPECT_FALSE(test, match(&f, &lo));
	/* Bits beyond the prefix, in the filter or the key, do not count. */
	addr4(&f.addr, "10.0.3.255");
	KUNIT_EXPECT_TRUE(test, match(&f, &hi));
	/* /31: the last bit only. */
	addr4(&f.addr, "10.0.2.3");
	f.prefix_len = 31;
	KUNIT_EXPECT_TRUE(test, match(&f, &hi));
	addr4(&f.addr, "10.0.2.4");
	KUNIT_EXPECT_FALSE(test, match(&f, &hi));
	/* /0: every IPv4 connection. */
	addr4(&f.addr, "203.0.113.1");
	f.prefix_len = 0;
	KUNIT_EXPECT_TRUE(test, match(&f, &lo));
	KUNIT_EXPECT_TRUE(test, match(&f, &hi));
}

static void filter_v6_prefix(struct kunit *test)
{
	struct rampart_conn_filter f = { .family = 6, .has_addr = true };
	struct rampart_conn_key k, k4;

	key6(test, &k, "fd00:1::2", 40000, "fd00:2::2", 25);
	key4(&k4, IPPROTO_TCP, "10.0.1.2", 40000, "10.0.2.2", 25, NULL);

	addr6(test, &f.addr, "fd00:2::2");
	f.prefix_len = 128;
	KUNIT_EXPECT_TRUE(test, match(&f, &k));
	addr6(test, &f.addr, "fd00:1::2");
	KUNIT_EXPECT_TRUE(test, match(&f, &k));
	addr6(test, &f.addr, "fd00:1::3");
	KUNIT_EXPECT_FALSE(test, match(&f, &k));
	f.prefix_len = 127;		/* ::2 and ::3 */
	KUNIT_EXPECT_TRUE(test, match(&f, &k));
	addr6(test, &f.addr, "fd00:2::");
	f.prefix_len = 64;
	KUNIT_EXPECT_TRUE(test, match(&f, &k));
	addr6(test, &f.addr, "fd00:3::");
	KUNIT_EXPECT_FALSE(test, match(&f, &k));
	/* fd00::/30 holds fd00:1:: and fd00:2:: alike. */
	f.prefix_len = 30;
	KUNIT_EXPECT_TRUE(test, match(&f, &k));
	/* A prefix above 64 bits: bits 64 to 95 decide. */
	addr6(test, &f.addr, "fd00:2::1:0:0");
	f.prefix_len = 96;
	KUNIT_EXPECT_FALSE(test, match(&f, &k));
	addr6(test, &f.addr, "fd00:2::ffff");
	KUNIT_EXPECT_TRUE(test, match(&f, &k));
	/* ::/0 is every IPv6 connection and no IPv4 one. */
	f.prefix_len = 0;
	KUNIT_EXPECT_TRUE(test, match(&f, &k));
	KUNIT_EXPECT_FALSE(test, match(&f, &k4));
}

static void filter_port_proto_state_service(struct kunit *test)
{
	struct rampart_conn_filter f = {};
	struct rampart_conn_key k, icmp;

	key4(&k, IPPROTO_TCP, "192.0.2.10", 45678, "198.51.100.5", 587, NULL);
	key4(&icmp, IPPROTO_ICMP, "192.0.2.10", 77, "198.51.100.5", 77, NULL);

	f.has_port = true;
	f.port = 587;
	KUNIT_EXPECT_TRUE(test, match(&f, &k));
	f.port = 45678;			/* the other endpoint */
	KUNIT_EXPECT_TRUE(test, match(&f, &k));
	f.port = 25;
	KUNIT_EXPECT_FALSE(test, match(&f, &k));
	f.port = 77;			/* an ICMP echo identifier */
	KUNIT_EXPECT_TRUE(test, match(&f, &icmp));
	f.has_port = false;

	f.has_proto = true;
	f.proto = IPPROTO_TCP;
	KUNIT_EXPECT_TRUE(test, match(&f, &k));
	KUNIT_EXPECT_FALSE(test, match(&f, &icmp));
	f.proto = IPPROTO_ICMP;
	KUNIT_EXPECT_TRUE(test, match(&f, &icmp));
	f.has_proto = false;

	f.state = RAMPART_CONN_ESTABLISHED;
	KUNIT_EXPECT_TRUE(test, rampart_conn_filter_match(&f, &k,
							  RAMPART_CONN_ESTABLISHED, NULL));
	KUNIT_EXPECT_FALSE(test, rampart_conn_filter_match(&f, &k,
							   RAMPART_CONN_SYN_SENT, NULL));
	f.state = RAMPART_CONN_ICMP;
	KUNIT_EXPECT_TRUE(test, rampart_conn_filter_match(&f, &icmp,
							  RAMPART_CONN_ICMP, NULL));
	f.state = 0;

	strscpy(f.service, "submission", sizeof(f.service));
	KUNIT_EXPECT_TRUE(test, rampart_conn_filter_match(&f, &k, 3, "submission"));
	KUNIT_EXPECT_FALSE(test, rampart_conn_filter_match(&f, &k, 3, "smtp"));
	KUNIT_EXPECT_FALSE(test, rampart_conn_filter_match(&f, &k, 3, "submissions"));
	KUNIT_EXPECT_FALSE(test, rampart_conn_filter_match(&f, &k, 3, NULL));
}

/* Every field given: each one alone can refuse. */
static void filter_all_fields(struct kunit *test)
{
	struct rampart_conn_filter f = {
		.family = 4, .has_addr = true, .prefix_len = 24,
		.has_port = true, .port = 587, .has_proto = true,
		.proto = IPPROTO_TCP, .state = RAMPART_CONN_ESTABLISHED,
		.service = "submission",
	};
	struct rampart_conn_key k, other;
	const u8 est = RAMPART_CONN_ESTABLISHED;

	addr4(&f.addr, "198.51.100.0");
	key4(&k, IPPROTO_TCP, "192.0.2.10", 45678, "198.51.100.5", 587, NULL);
	KUNIT_EXPECT_TRUE(test, rampart_conn_filter_match(&f, &k, est, "submission"));
	KUNIT_EXPECT_FALSE(test, rampart_conn_filter_match(&f, &k, RAMPART_CONN_FIN_WAIT,
							   "submission"));
	KUNIT_EXPECT_FALSE(test, rampart_conn_filter_match(&f, &k, est, "smtp"));
	key4(&other, IPPROTO_UDP, "192.0.2.10", 45678, "198.51.100.5", 587, NULL);
	KUNIT_EXPECT_FALSE(test, rampart_conn_filter_match(&f, &other, est, "submission"));
	key4(&other, IPPROTO_TCP, "192.0.2.10", 45678, "198.51.100.5", 25, NULL);
	KUNIT_EXPECT_FALSE(test, rampart_conn_filter_match(&f, &other, est, "submission"));
	key4(&other, IPPROTO_TCP, "192.0.2.10", 45678, "198.51.101.5", 587, NULL);
	KUNIT_EXPECT_FALSE(test, rampart_conn_filter_match(&f, &other, est, "submission"));
}

/* ---- filters from attributes ---- */

struct parse_ctx {
	struct sk_buff *skb;
	struct nlattr *nest;
	struct netlink_ext_ack extack;
	struct rampart_conn_filter f;
};

static struct parse_ctx *parse_begin(struct kunit *test)
{
	struct parse_ctx *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	p->skb = alloc_skb(1024, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p->skb);
	p->nest = nla_nest_start(p->skb, RAMPART_A_CONN_FILTER);
	KUNIT_ASSERT_NOT_NULL(test, p->nest);
	return p;
}

static int parse_end(struct parse_ctx *p)
{
	int err;

	nla_nest_end(p->skb, p->nest);
	memset(&p->extack, 0, sizeof(p->extack));
	err = rampart_conn_filter_parse(p->nest, &p->f, &p->extack);
	kfree_skb(p->skb);
	p->skb = NULL;
	return err;
}

static void filter_parse_none(struct kunit *test)
{
	struct rampart_conn_filter f;
	struct rampart_conn_key k;

	memset(&f, 0xa5, sizeof(f));
	KUNIT_EXPECT_EQ(test, rampart_conn_filter_parse(NULL, &f, NULL), 0);
	key4(&k, IPPROTO_TCP, "192.0.2.10", 45678, "198.51.100.5", 587, NULL);
	KUNIT_EXPECT_TRUE(test, match(&f, &k));
}

static void filter_parse_fields(struct kunit *test)
{
	struct parse_ctx *p = parse_begin(test);
	struct in6_addr a;

	addr4(&a, "10.0.2.0");
	KUNIT_ASSERT_EQ(test, nla_put_u8(p->skb, RAMPART_CF_A_FAMILY, 4), 0);
	KUNIT_ASSERT_EQ(test, nla_put_in6_addr(p->skb, RAMPART_CF_A_ADDR, &a), 0);
	KUNIT_ASSERT_EQ(test, nla_put_u8(p->skb, RAMPART_CF_A_PREFIX_LEN, 24), 0);
	KUNIT_ASSERT_EQ(test, nla_put_u16(p->skb, RAMPART_CF_A_PORT, 587), 0);
	KUNIT_ASSERT_EQ(test, nla_put_u8(p->skb, RAMPART_CF_A_PROTO, IPPROTO_TCP), 0);
	KUNIT_ASSERT_EQ(test, nla_put_string(p->skb, RAMPART_CF_A_SERVICE, "submission"), 0);
	KUNIT_ASSERT_EQ(test, nla_put_u8(p->skb, RAMPART_CF_A_STATE,
					 RAMPART_CONN_TIME_WAIT), 0);
	KUNIT_ASSERT_EQ(test, parse_end(p), 0);
	KUNIT_EXPECT_EQ(test, p->f.family, 4);
	KUNIT_EXPECT_TRUE(test, p->f.has_addr);
	KUNIT_EXPECT_EQ(test, p->f.prefix_len, 24);
	KUNIT_EXPECT_EQ(test, p->f.addr.s6_addr32[0], a.s6_addr32[0]);
	KUNIT_EXPECT_TRUE(test, p->f.has_port);
	KUNIT_EXPECT_EQ(test, p->f.port, 587);
	KUNIT_EXPECT_TRUE(test, p->f.has_proto);
	KUNIT_EXPECT_EQ(test, p->f.proto, IPPROTO_TCP);
	KUNIT_EXPECT_STREQ(test, p->f.service, "submission");
	KUNIT_EXPECT_EQ(test, p->f.state, RAMPART_CONN_TIME_WAIT);

	/* Without a prefix length, the whole address. */
	p = parse_begin(test);
	addr6(test, &a, "2001:db8::25");
	KUNIT_ASSERT_EQ(test, nla_put_u8(p->skb, RAMPART_CF_A_FAMILY, 6), 0);
	KUNIT_ASSERT_EQ(test, nla_put_in6_addr(p->skb, RAMPART_CF_A_ADDR, &a), 0);
	KUNIT_ASSERT_EQ(test, parse_end(p), 0);
	KUNIT_EXPECT_EQ(test, p->f.prefix_len, 128);
	KUNIT_EXPECT_FALSE(test, p->f.has_port);
	KUNIT_EXPECT_FALSE(test, p->f.has_proto);
	KUNIT_EXPECT_EQ(test, p->f.state, 0);
	KUNIT_EXPECT_STREQ(test, p->f.service, "");

	p = parse_begin(test);
	addr4(&a, "10.0.2.2");
	KUNIT_ASSERT_EQ(test, nla_put_u8(p->skb, RAMPART_CF_A_FAMILY, 4), 0);
	KUNIT_ASSERT_EQ(test, nla_put_in6_addr(p->skb, RAMPART_CF_A_ADDR, &a), 0);
	KUNIT_ASSERT_EQ(test, parse_end(p), 0);
	KUNIT_EXPECT_EQ(test, p->f.prefix_len, 32);

	/* An empty nest is no filter. */
	p = parse_begin(test);
	KUNIT_ASSERT_EQ(test, parse_end(p), 0);
	KUNIT_EXPECT_EQ(test, p->f.family, 0);
	KUNIT_EXPECT_FALSE(test, p->f.has_addr);
}

/*
 * Refused with a message naming the attribute: msg from a cross-check
 * (-EINVAL), or NULL for the policy's own (-EINVAL, -ERANGE for a range).
 */
static void expect_refused(struct kunit *test, struct parse_ctx *p, const char *msg)
{
	int err = parse_end(p);

	if (msg)
		KUNIT_EXPECT_EQ(test, err, -EINVAL);
	else
		KUNIT_EXPECT_TRUE_MSG(test, err == -EINVAL || err == -ERANGE,
				      "error %d", err);
	KUNIT_ASSERT_NOT_NULL(test, p->extack._msg);
	if (msg)
		KUNIT_EXPECT_STREQ(test, p->extack._msg, msg);
	KUNIT_EXPECT_NOT_NULL(test, p->extack.bad_attr);
}

static void filter_parse_refusals(struct kunit *test)
{
	struct parse_ctx *p;
	struct in6_addr a;
	char longname[RAMPART_POLICY_NAME_MAX + 2];

	addr4(&a, "10.0.2.0");

	p = parse_begin(test);
	KUNIT_ASSERT_EQ(test, nla_put_u8(p->skb, RAMPART_CF_A_FAMILY, 5), 0);
	expect_refused(test, p, "filter family must be 4 or 6");

	p = parse_begin(test);
	KUNIT_ASSERT_EQ(test, nla_put_u8(p->skb, RAMPART_CF_A_FAMILY, 7), 0);
	expect_refused(test, p, NULL);		/* out of the policy's range */

	p = parse_begin(test);
	KUNIT_ASSERT_EQ(test, nla_put_in6_addr(p->skb, RAMPART_CF_A_ADDR, &a), 0);
	expect_refused(test, p, "filter address given without a family");

	p = parse_begin(test);
	KUNIT_ASSERT_EQ(test, nla_put_u8(p->skb, RAMPART_CF_A_FAMILY, 4), 0);
	KUNIT_ASSERT_EQ(test, nla_put_u8(p->skb, RAMPART_CF_A_PREFIX_LEN, 8), 0);
	expect_refused(test, p, "filter prefix length given without an address");

	p = parse_begin(test);
	KUNIT_ASSERT_EQ(test, nla_put_u8(p->skb, RAMPART_CF_A_FAMILY, 4), 0);
	KUNIT_ASSERT_EQ(test, nla_put_in6_addr(p->skb, RAMPART_CF_A_ADDR, &a), 0);
	KUNIT_ASSERT_EQ(test, nla_put_u8(p->skb, RAMPART_CF_A_PREFIX_LEN, 40), 0);
	expect_refused(test, p, "filter prefix length above 32 for IPv4");

	p = parse_begin(test);
	KUNIT_ASSERT_EQ(test, nla_put_u8(p->skb, RAMPART_CF_A_FAMILY, 6), 0);
	KUNIT_ASSERT_EQ(test, nla_put_in6_addr(p->skb, RAMPART_CF_A_ADDR, &a), 0);
	KUNIT_ASSERT_EQ(test, nla_put_u8(p->skb, RAMPART_CF_A_PREFIX_LEN, 129), 0);
	expect_refused(test, p, NULL);

	p = parse_begin(test);
	KUNIT_ASSERT_EQ(test, nla_put_u8(p->skb, RAMPART_CF_A_FAMILY, 4), 0);
	KUNIT_ASSERT_EQ(test, nla_put(p->skb, RAMPART_CF_A_ADDR, 4, &a), 0);
	expect_refused(test, p, NULL);		/* 4 bytes, not 16 */

	p = parse_begin(test);
	KUNIT_ASSERT_EQ(test, nla_put_string(p->skb, RAMPART_CF_A_SERVICE, ""), 0);
	expect_refused(test, p, "filter service name is empty");

	memset(longname, 'x', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	p = parse_begin(test);
	KUNIT_ASSERT_EQ(test, nla_put_string(p->skb, RAMPART_CF_A_SERVICE, longname), 0);
	expect_refused(test, p, NULL);		/* 64 bytes: one too many */

	p = parse_begin(test);
	KUNIT_ASSERT_EQ(test, nla_put_u8(p->skb, RAMPART_CF_A_STATE, 0), 0);
	expect_refused(test, p, NULL);

	p = parse_begin(test);
	KUNIT_ASSERT_EQ(test, nla_put_u8(p->skb, RAMPART_CF_A_STATE, __RAMPART_CONN_MAX), 0);
	expect_refused(test, p, NULL);

	p = parse_begin(test);
	KUNIT_ASSERT_EQ(test, nla_put_u32(p->skb, RAMPART_CF_A_PORT, 25), 0);
	expect_refused(test, p, NULL);		/* a u32 where a u16 belongs */

	p = parse_begin(test);
	KUNIT_ASSERT_EQ(test, nla_put_u8(p->skb, RAMPART_CF_A_MAX + 1, 1), 0);
	expect_refused(test, p, NULL);		/* unknown attribute */
}

/* ---- one connection's attributes ---- */

struct fill_ctx {
	struct rampart_conn_table t;
	struct rampart_policy *p;
	struct rampart_service svc[2];
	struct rampart_service *svcs[2];
	struct sk_buff *skb;
};

static int fill_init(struct kunit *test)
{
	struct fill_ctx *x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, x);
	KUNIT_ASSERT_EQ(test, rampart_conn_table_init(&x->t, 1000, 16, 60 * HZ), 0);
	x->p = kunit_kzalloc(test, sizeof(*x->p), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, x->p);
	strscpy(x->svc[0].id.name, "smtp", sizeof(x->svc[0].id.name));
	strscpy(x->svc[1].id.name, "submission", sizeof(x->svc[1].id.name));
	x->svcs[0] = &x->svc[0];
	x->svcs[1] = &x->svc[1];
	x->p->services = x->svcs;
	x->p->n_services = 2;
	x->skb = alloc_skb(8192, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, x->skb);
	test->priv = x;
	return 0;
}

static void fill_exit(struct kunit *test)
{
	struct fill_ctx *x = test->priv;

	kfree_skb(x->skb);
	rampart_conn_table_destroy(&x->t);
	rcu_barrier();
}

static struct rampart_conn *insert(struct kunit *test, const char *src, u16 sport,
				   const char *dst, u16 dport, unsigned long now)
{
	struct fill_ctx *x = test->priv;
	struct rampart_conn_key k;
	struct rampart_conn *c;
	unsigned int side;

	key4(&k, IPPROTO_TCP, src, sport, dst, dport, &side);
	c = rampart_conn_insert(&x->t, &k, side, now);
	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	return c;
}

/* What a fill put, checked against the types the UAPI promises. */
static const struct nla_policy conn_attr_types[RAMPART_CONN_A_MAX + 1] = {
	[RAMPART_CONN_A_ID] = { .type = NLA_U32 },
	[RAMPART_CONN_A_FAMILY] = { .type = NLA_U8 },
	[RAMPART_CONN_A_PROTO] = { .type = NLA_U8 },
	[RAMPART_CONN_A_SRC] = NLA_POLICY_EXACT_LEN(16),
	[RAMPART_CONN_A_DST] = NLA_POLICY_EXACT_LEN(16),
	[RAMPART_CONN_A_SPORT] = { .type = NLA_U16 },
	[RAMPART_CONN_A_DPORT] = { .type = NLA_U16 },
	[RAMPART_CONN_A_STATE] = { .type = NLA_U8 },
	[RAMPART_CONN_A_RULE] = { .type = NLA_U32 },
	[RAMPART_CONN_A_SERVICE] = { .type = NLA_NUL_STRING },
	[RAMPART_CONN_A_TIMEOUT] = { .type = NLA_U32 },
	[RAMPART_CONN_A_AGE] = { .type = NLA_U32 },
	[RAMPART_CONN_A_PACKETS_ORIG] = { .type = NLA_U64 },
	[RAMPART_CONN_A_BYTES_ORIG] = { .type = NLA_U64 },
	[RAMPART_CONN_A_PACKETS_REPLY] = { .type = NLA_U64 },
	[RAMPART_CONN_A_BYTES_REPLY] = { .type = NLA_U64 },
	[RAMPART_CONN_A_PAD] = { .type = NLA_UNSPEC },
};

static void parse_conn(struct kunit *test, const struct nlattr *nest,
		       struct nlattr **tb)
{
	static const int want[] = {
		RAMPART_CONN_A_ID, RAMPART_CONN_A_FAMILY, RAMPART_CONN_A_PROTO,
		RAMPART_CONN_A_SRC, RAMPART_CONN_A_DST, RAMPART_CONN_A_SPORT,
		RAMPART_CONN_A_DPORT, RAMPART_CONN_A_STATE, RAMPART_CONN_A_RULE,
		RAMPART_CONN_A_TIMEOUT, RAMPART_CONN_A_AGE,
		RAMPART_CONN_A_PACKETS_ORIG, RAMPART_CONN_A_BYTES_ORIG,
		RAMPART_CONN_A_PACKETS_REPLY, RAMPART_CONN_A_BYTES_REPLY,
	};
	unsigned int i;

	KUNIT_ASSERT_EQ(test, nla_type(nest), RAMPART_A_CONN);
	KUNIT_ASSERT_EQ(test, nla_parse_nested(tb, RAMPART_CONN_A_MAX, nest,
					       conn_attr_types, NULL), 0);
	for (i = 0; i < ARRAY_SIZE(want); i++)
		KUNIT_EXPECT_NOT_NULL_MSG(test, tb[want[i]], "attribute %d", want[i]);
}

static void fill_one(struct kunit *test)
{
	struct fill_ctx *x = test->priv;
	struct nlattr *tb[RAMPART_CONN_A_MAX + 1];
	struct rampart_conn *c;
	struct in6_addr a;
	int err;

	/* The client sorts second in the key: SRC must still be the client. */
	c = insert(test, "203.0.113.9", 45678, "198.51.100.5", 587, T0);
	KUNIT_ASSERT_EQ(test, c->orig, 1);
	c->track.state = RAMPART_CONN_ESTABLISHED;
	c->rule = 4;
	c->service = 2;
	rampart_conn_refresh(c, T0, 7200);
	c->packets[RAMPART_DIR_ORIGINAL] = 12;
	c->bytes[RAMPART_DIR_ORIGINAL] = 1840;
	c->packets[RAMPART_DIR_REPLY] = 10;
	c->bytes[RAMPART_DIR_REPLY] = 0x123456789ULL;

	rcu_read_lock();
	err = rampart_conn_fill(x->skb, c, x->p, T0 + 13 * HZ + HZ / 2);
	rcu_read_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
	parse_conn(test, (struct nlattr *)x->skb->data, tb);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[RAMPART_CONN_A_ID]), c->id);
	KUNIT_EXPECT_EQ(test, nla_get_u8(tb[RAMPART_CONN_A_FAMILY]), 4);
	KUNIT_EXPECT_EQ(test, nla_get_u8(tb[RAMPART_CONN_A_PROTO]), IPPROTO_TCP);
	a = nla_get_in6_addr(tb[RAMPART_CONN_A_SRC]);
	KUNIT_EXPECT_EQ(test, a.s6_addr32[0], in_aton("203.0.113.9"));
	KUNIT_EXPECT_EQ(test, a.s6_addr32[1] | a.s6_addr32[2] | a.s6_addr32[3], 0u);
	a = nla_get_in6_addr(tb[RAMPART_CONN_A_DST]);
	KUNIT_EXPECT_EQ(test, a.s6_addr32[0], in_aton("198.51.100.5"));
	KUNIT_EXPECT_EQ(test, nla_get_u16(tb[RAMPART_CONN_A_SPORT]), 45678);
	KUNIT_EXPECT_EQ(test, nla_get_u16(tb[RAMPART_CONN_A_DPORT]), 587);
	KUNIT_EXPECT_EQ(test, nla_get_u8(tb[RAMPART_CONN_A_STATE]),
			RAMPART_CONN_ESTABLISHED);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[RAMPART_CONN_A_RULE]), 4u);
	KUNIT_ASSERT_NOT_NULL(test, tb[RAMPART_CONN_A_SERVICE]);
	KUNIT_EXPECT_STREQ(test, (char *)nla_data(tb[RAMPART_CONN_A_SERVICE]),
			   "submission");
	/* 7200 s from T0, 13.5 s later: 7186 whole seconds left. */
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[RAMPART_CONN_A_TIMEOUT]), 7186u);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[RAMPART_CONN_A_AGE]), 13u);
	KUNIT_EXPECT_EQ(test, nla_get_u64(tb[RAMPART_CONN_A_PACKETS_ORIG]), 12ULL);
	KUNIT_EXPECT_EQ(test, nla_get_u64(tb[RAMPART_CONN_A_BYTES_ORIG]), 1840ULL);
	KUNIT_EXPECT_EQ(test, nla_get_u64(tb[RAMPART_CONN_A_PACKETS_REPLY]), 10ULL);
	KUNIT_EXPECT_EQ(test, nla_get_u64(tb[RAMPART_CONN_A_BYTES_REPLY]),
			0x123456789ULL);
}

static void fill_opener_first_and_limits(struct kunit *test)
{
	struct fill_ctx *x = test->priv;
	struct nlattr *tb[RAMPART_CONN_A_MAX + 1];
	struct rampart_conn *c;
	struct in6_addr a;
	unsigned int len;

	/* The client sorts first in the key. */
	c = insert(test, "192.0.2.10", 40000, "198.51.100.5", 25, T0);
	KUNIT_ASSERT_EQ(test, c->orig, 0);
	c->track.state = RAMPART_CONN_SYN_SENT;
	c->service = 3;			/* beyond n_services: no name */
	rampart_conn_refresh(c, T0, 30);

	rcu_read_lock();
	KUNIT_ASSERT_EQ(test, rampart_conn_fill(x->skb, c, x->p, T0 + 31 * HZ), 0);
	rcu_read_unlock();
	parse_conn(test, (struct nlattr *)x->skb->data, tb);
	a = nla_get_in6_addr(tb[RAMPART_CONN_A_SRC]);
	KUNIT_EXPECT_EQ(test, a.s6_addr32[0], in_aton("192.0.2.10"));
	KUNIT_EXPECT_EQ(test, nla_get_u16(tb[RAMPART_CONN_A_SPORT]), 40000);
	KUNIT_EXPECT_EQ(test, nla_get_u16(tb[RAMPART_CONN_A_DPORT]), 25);
	KUNIT_EXPECT_NULL(test, tb[RAMPART_CONN_A_SERVICE]);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[RAMPART_CONN_A_RULE]), 0u);
	/* Expired, not yet collected: 0 seconds left, never a wrap. */
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[RAMPART_CONN_A_TIMEOUT]), 0u);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[RAMPART_CONN_A_AGE]), 31u);

	/* No policy: no service name. */
	skb_trim(x->skb, 0);
	c->service = 1;
	rcu_read_lock();
	KUNIT_ASSERT_EQ(test, rampart_conn_fill(x->skb, c, NULL, T0), 0);
	rcu_read_unlock();
	parse_conn(test, (struct nlattr *)x->skb->data, tb);
	KUNIT_EXPECT_NULL(test, tb[RAMPART_CONN_A_SERVICE]);

	/* Too little room: refused, and nothing of it is left behind. */
	len = x->skb->len;
	skb_trim(x->skb, 0);
	skb_put_zero(x->skb, skb_tailroom(x->skb) - len + 8);
	len = x->skb->len;
	rcu_read_lock();
	KUNIT_EXPECT_EQ(test, rampart_conn_fill(x->skb, c, x->p, T0), -EMSGSIZE);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, x->skb->len, len);
}

static void service_name_bounds(struct kunit *test)
{
	struct fill_ctx *x = test->priv;

	KUNIT_EXPECT_NULL(test, rampart_conn_service_name(x->p, 0));
	KUNIT_EXPECT_STREQ(test, rampart_conn_service_name(x->p, 1), "smtp");
	KUNIT_EXPECT_STREQ(test, rampart_conn_service_name(x->p, 2), "submission");
	KUNIT_EXPECT_NULL(test, rampart_conn_service_name(x->p, 3));
	KUNIT_EXPECT_NULL(test, rampart_conn_service_name(x->p, 0xffff));
	KUNIT_EXPECT_NULL(test, rampart_conn_service_name(NULL, 1));
}

/* ---- the dump, step by step ---- */

#define NCONNS 300

struct dump_ctx {
	struct rampart_net rn;		/* only conns and policy are used */
	unsigned int seen[NCONNS + 1];	/* by connection id */
	unsigned int msgs;
};

static int dump_init(struct kunit *test)
{
	struct dump_ctx *x = kunit_kzalloc(test, sizeof(*x), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, x);
	KUNIT_ASSERT_EQ(test, rampart_conn_table_init(&x->rn.conns, 2 * NCONNS, 2 * NCONNS,
						      60 * HZ), 0);
	RCU_INIT_POINTER(x->rn.policy, NULL);
	test->priv = x;
	return 0;
}

static void dump_exit(struct kunit *test)
{
	struct dump_ctx *x = test->priv;

	rampart_conn_table_destroy(&x->rn.conns);
	rcu_barrier();
}

static struct rampart_conn *dump_insert(struct kunit *test, unsigned int i)
{
	struct dump_ctx *x = test->priv;
	struct rampart_conn_key k;
	struct rampart_conn *c;
	unsigned int side;

	key4(&k, IPPROTO_TCP, "192.0.2.10", 10000 + i, "198.51.100.5", 587, &side);
	c = rampart_conn_insert(&x->rn.conns, &k, side, T0);
	KUNIT_ASSERT_FALSE(test, IS_ERR(c));
	KUNIT_ASSERT_LE(test, c->id, (u32)NCONNS);
	rampart_conn_refresh(c, T0, 60);
	return c;
}

/* Count the CONN_GET messages in skb from byte off on, by connection id. */
static void tally(struct kunit *test, struct sk_buff *skb, unsigned int off)
{
	struct dump_ctx *x = test->priv;
	struct nlattr *tb[RAMPART_CONN_A_MAX + 1];
	struct nlmsghdr *nlh;
	struct nlattr *a;
	int rem;
	u32 id;

	nlmsg_for_each_msg(nlh, (struct nlmsghdr *)(skb->data + off), skb->len - off, rem) {
		KUNIT_EXPECT_TRUE(test, nlh->nlmsg_flags & NLM_F_MULTI);
		KUNIT_EXPECT_EQ(test, nlh->nlmsg_seq, 42u);
		KUNIT_EXPECT_EQ(test, ((struct genlmsghdr *)nlmsg_data(nlh))->cmd,
				RAMPART_CMD_CONN_GET);
		a = nlmsg_find_attr(nlh, GENL_HDRLEN, RAMPART_A_CONN);
		KUNIT_ASSERT_NOT_NULL(test, a);
		parse_conn(test, a, tb);
		id = nla_get_u32(tb[RAMPART_CONN_A_ID]);
		KUNIT_ASSERT_GE(test, id, 1u);
		KUNIT_ASSERT_LE(test, id, (u32)NCONNS);
		x->seen[id]++;
		x->msgs++;
	}
	KUNIT_EXPECT_EQ(test, rem, 0);
}

/* Steps into skbs with room for about 1000 bytes until the dump is done. */
static unsigned int dump_all(struct kunit *test, struct rampart_conn_dump *d)
{
	struct dump_ctx *x = test->priv;
	unsigned int steps = 0;
	struct sk_buff *skb;
	int n;

	do {
		skb = alloc_skb(1000, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, skb);
		n = rampart_conn_dump_step(d, &x->rn, skb, 7, 42, T0);
		KUNIT_EXPECT_GE(test, n, 0);
		tally(test, skb, 0);
		kfree_skb(skb);
		KUNIT_ASSERT_LT(test, ++steps, 10u * NCONNS);
	} while (n > 0);
	KUNIT_EXPECT_TRUE(test, d->done);
	return steps;
}

static void dump_every_entry(struct kunit *test)
{
	struct dump_ctx *x = test->priv;
	struct rampart_conn_dump d;
	unsigned int i, steps;

	for (i = 0; i < NCONNS; i++)
		dump_insert(test, i);
	rampart_conn_dump_init(&d, &x->rn.conns);
	steps = dump_all(test, &d);
	rampart_conn_dump_exit(&d);
	/* Several entries per message buffer, many buffers. */
	KUNIT_EXPECT_GT(test, steps, 10u);
	KUNIT_EXPECT_LT(test, steps, (unsigned int)NCONNS);
	/* A resize under the walk may show an entry twice, never miss one. */
	for (i = 1; i <= NCONNS; i++)
		KUNIT_EXPECT_GE_MSG(test, x->seen[i], 1u, "connection %u", i);
	KUNIT_EXPECT_GE(test, x->msgs, (unsigned int)NCONNS);
}

static void dump_filtered(struct kunit *test)
{
	struct dump_ctx *x = test->priv;
	struct rampart_conn_dump d;
	struct rampart_conn *c;
	unsigned int i;

	for (i = 0; i < NCONNS; i++) {
		c = dump_insert(test, i);
		c->track.state = c->id % 2 ? RAMPART_CONN_SYN_SENT :
			RAMPART_CONN_ESTABLISHED;
	}
	rampart_conn_dump_init(&d, &x->rn.conns);
	d.filter.state = RAMPART_CONN_ESTABLISHED;
	dump_all(test, &d);
	rampart_conn_dump_exit(&d);
	for (i = 1; i <= NCONNS; i++) {
		if (i % 2)
			KUNIT_EXPECT_EQ_MSG(test, x->seen[i], 0u, "connection %u", i);
		else
			KUNIT_EXPECT_GE_MSG(test, x->seen[i], 1u, "connection %u", i);
	}
}

/* The size of one CONN_GET message for the connection on port 10000. */
static unsigned int one_message(struct kunit *test)
{
	struct dump_ctx *x = test->priv;
	struct rampart_conn_dump d;
	struct sk_buff *skb;
	unsigned int len;

	rampart_conn_dump_init(&d, &x->rn.conns);
	d.filter.has_port = true;
	d.filter.port = 10000;
	skb = alloc_skb(4096, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_EXPECT_EQ(test, rampart_conn_dump_step(&d, &x->rn, skb, 7, 42, T0), 1);
	len = skb->len;
	kfree_skb(skb);
	rampart_conn_dump_exit(&d);
	return len;
}

/* An skb with room for exactly room bytes; *off is where they begin. */
static struct sk_buff *skb_with_room(struct kunit *test, unsigned int room,
				     unsigned int *off)
{
	struct sk_buff *skb = alloc_skb(4096, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_GE(test, skb_tailroom(skb), (int)room);
	skb_put_zero(skb, skb_tailroom(skb) - room);
	*off = skb->len;
	return skb;
}

/*
 * Room for one message and a half: the second entry does not fit and
 * comes first in the next step, exactly once.
 */
static void dump_retry_entry_that_did_not_fit(struct kunit *test)
{
	struct dump_ctx *x = test->priv;
	struct rampart_conn_dump d;
	struct sk_buff *skb;
	unsigned int i, one, off;

	for (i = 0; i < 3; i++)
		dump_insert(test, i);
	one = one_message(test);

	rampart_conn_dump_init(&d, &x->rn.conns);
	skb = skb_with_room(test, one + one / 2, &off);
	KUNIT_EXPECT_EQ(test, rampart_conn_dump_step(&d, &x->rn, skb, 7, 42, T0), 1);
	KUNIT_EXPECT_TRUE(test, d.retry);
	KUNIT_EXPECT_FALSE(test, d.done);
	tally(test, skb, off);
	kfree_skb(skb);
	dump_all(test, &d);
	rampart_conn_dump_exit(&d);
	KUNIT_EXPECT_EQ(test, x->msgs, 3u);
	for (i = 1; i <= 3; i++)
		KUNIT_EXPECT_EQ_MSG(test, x->seen[i], 1u, "connection %u", i);

	/* Room for no message at all: refused, not an endless dump. */
	rampart_conn_dump_init(&d, &x->rn.conns);
	skb = skb_with_room(test, one / 2, &off);
	KUNIT_EXPECT_EQ(test, rampart_conn_dump_step(&d, &x->rn, skb, 7, 42, T0),
			-EMSGSIZE);
	KUNIT_EXPECT_EQ(test, skb->len, off);
	kfree_skb(skb);
	rampart_conn_dump_exit(&d);
}

/* The entry kept for the next step is removed in between: no harm done. */
static void dump_retry_entry_removed(struct kunit *test)
{
	struct dump_ctx *x = test->priv;
	struct rampart_conn *c[3];
	struct rampart_conn_dump d;
	struct sk_buff *skb;
	unsigned int i, one, off;

	for (i = 0; i < 3; i++)
		c[i] = dump_insert(test, i);
	one = one_message(test);

	rampart_conn_dump_init(&d, &x->rn.conns);
	skb = skb_with_room(test, one + one / 2, &off);
	KUNIT_EXPECT_EQ(test, rampart_conn_dump_step(&d, &x->rn, skb, 7, 42, T0), 1);
	KUNIT_EXPECT_TRUE(test, d.retry);
	tally(test, skb, off);
	kfree_skb(skb);

	rcu_read_lock();
	for (i = 0; i < 3; i++)
		rampart_conn_remove(&x->rn.conns, c[i], RAMPART_REMOVED_FLUSH, NULL, T0);
	rcu_read_unlock();
	dump_all(test, &d);
	rampart_conn_dump_exit(&d);
	KUNIT_EXPECT_EQ(test, x->msgs, 1u);
}

/* ---- a flush through a filter ---- */

/*
 * Removals shrink the table under the walk; whatever the resizes, every
 * matching entry goes and no other does.
 */
static void flush_filtered(struct kunit *test)
{
	struct dump_ctx *x = test->priv;
	struct rampart_conn_filter f = { .state = RAMPART_CONN_ESTABLISHED };
	struct rampart_conn_key *k = kunit_kcalloc(test, NCONNS, sizeof(*k), GFP_KERNEL);
	struct rampart_conn *c;
	struct rampart_tomb *tb;
	unsigned int i, round;

	KUNIT_ASSERT_NOT_NULL(test, k);
	for (round = 0; round < 3; round++) {
		for (i = 0; i < NCONNS; i++) {
			c = dump_insert(test, i);
			c->track.state = i % 3 ? RAMPART_CONN_SYN_SENT :
				RAMPART_CONN_ESTABLISHED;
			k[i] = c->key;
		}
		KUNIT_EXPECT_EQ(test, rampart_conn_flush_filter(&x->rn, &f, T0),
				NCONNS / 3u);
		KUNIT_EXPECT_EQ(test, atomic_read(&x->rn.conns.count), NCONNS * 2 / 3);
		rcu_read_lock();
		for (i = 0; i < NCONNS; i++) {
			c = rampart_conn_lookup(&x->rn.conns, &k[i]);
			tb = rampart_tomb_lookup(&x->rn.conns, &k[i], T0);
			if (i % 3 == 0) {
				KUNIT_EXPECT_NULL(test, c);
				KUNIT_ASSERT_NOT_NULL(test, tb);
				KUNIT_EXPECT_EQ(test, tb->why, (u8)RAMPART_REMOVED_FLUSH);
			} else {
				KUNIT_EXPECT_NOT_NULL(test, c);
			}
		}
		rcu_read_unlock();
		KUNIT_EXPECT_EQ(test, rampart_conn_flush_filter(&x->rn, NULL, T0),
				NCONNS * 2 / 3u);
		KUNIT_EXPECT_EQ(test, atomic_read(&x->rn.conns.count), 0);
		KUNIT_EXPECT_EQ(test, rampart_conn_flush_filter(&x->rn, NULL, T0), 0u);
		/* The next round reuses the keys with new ids. */
		atomic_set(&x->rn.conns.next_id, 0);
	}
}

static struct kunit_case conn_nl_filter_cases[] = {
	KUNIT_CASE(filter_empty_matches_all),
	KUNIT_CASE(filter_family),
	KUNIT_CASE(filter_v4_prefix),
	KUNIT_CASE(filter_v6_prefix),
	KUNIT_CASE(filter_port_proto_state_service),
	KUNIT_CASE(filter_all_fields),
	KUNIT_CASE(filter_parse_none),
	KUNIT_CASE(filter_parse_fields),
	KUNIT_CASE(filter_parse_refusals),
	{}
};

static struct kunit_case conn_nl_fill_cases[] = {
	KUNIT_CASE(fill_one),
	KUNIT_CASE(fill_opener_first_and_limits),
	KUNIT_CASE(service_name_bounds),
	{}
};

static struct kunit_case conn_nl_dump_cases[] = {
	KUNIT_CASE(dump_every_entry),
	KUNIT_CASE(dump_filtered),
	KUNIT_CASE(dump_retry_entry_that_did_not_fit),
	KUNIT_CASE(dump_retry_entry_removed),
	KUNIT_CASE(flush_filtered),
	{}
};

static struct kunit_suite conn_nl_filter_suite = {
	.name = "rampart_conn_filter",
	.test_cases = conn_nl_filter_cases,
};

static struct kunit_suite conn_nl_fill_suite = {
	.name = "rampart_conn_fill",
	.init = fill_init,
	.exit = fill_exit,
	.test_cases = conn_nl_fill_cases,
};

static struct kunit_suite conn_nl_dump_suite = {
	.name = "rampart_conn_dump",
	.init = dump_init,
	.exit = dump_exit,
	.test_cases = conn_nl_dump_cases,
};

kunit_test_suites(&conn_nl_filter_suite, &conn_nl_fill_suite, &conn_nl_dump_suite);
