// SPDX-License-Identifier: GPL-2.0
/*
 * Policy items, COMMIT checks, compiled form and first-match lookup. Items
 * are built as netlink attributes, exactly as POLICY_ADD carries them.
 */
#include <kunit/test.h>
#include <linux/inet.h>
#include <linux/in.h>
#include <linux/netdevice.h>
#include <net/netlink.h>

#include "../rampart.h"
#include "policy_build.h"

static int ptest_init(struct kunit *test)
{
	struct ptest *t = kunit_kzalloc(test, sizeof(*t), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, t);
	return pb_init(test, t);
}

/* The number of the rule a packet matches; 0: the implicit drop. */
static u32 match(struct kunit *test, const char *src, const char *dst,
		 u8 proto, u16 dport, int ifin)
{
	struct ptest *t = test->priv;
	const struct rampart_service *svc;
	const struct rampart_rule *r;
	u8 s[16], d[16];
	u8 fam = pb_addr(src, s);

	pb_addr(dst, d);
	rcu_read_lock();
	r = rampart_policy_match(t->p, fam == 4 ? NFPROTO_IPV4 : NFPROTO_IPV6,
				 s, d, proto, 40000, dport, ifin, 0, &init_net, &svc);
	rcu_read_unlock();
	return r ? r->number : 0;
}

#define TCP	IPPROTO_TCP
#define UDP	IPPROTO_UDP

static void policy_first_match_wins(struct kunit *test)
{
	struct ptest *t = test->priv;

	HOST("mx", "192.0.2.25");
	HOST("bad", "198.51.100.7");
	NET("internet", "0.0.0.0", 0);
	pb_service(test, "smtp", TCP, "25", 0);
	pb_rule(test, 1, DROP, "bad", "", "", NULL, 0);
	pb_rule(test, 2, ACCEPT, "internet", "mx", "smtp", NULL, 0);
	pb_rule(test, 3, ACCEPT, "", "", "smtp", NULL, 0);
	KUNIT_ASSERT_EQ(test, t->err, 0);
	KUNIT_ASSERT_EQ(test, pb_compile(test), 0);

	KUNIT_EXPECT_EQ(test, match(test, "198.51.100.7", "192.0.2.25", TCP, 25, 0), 1U);
	KUNIT_EXPECT_EQ(test, match(test, "203.0.113.1", "192.0.2.25", TCP, 25, 0), 2U);
	KUNIT_EXPECT_EQ(test, match(test, "203.0.113.1", "192.0.2.26", TCP, 25, 0), 3U);
	/* `internet' is IPv4 only; rule 3 (any) takes IPv6 too. */
	KUNIT_EXPECT_EQ(test, match(test, "2001:db8::1", "2001:db8::2", TCP, 25, 0), 3U);
	KUNIT_EXPECT_EQ(test, match(test, "203.0.113.1", "192.0.2.25", TCP, 26, 0), 0U);
	KUNIT_EXPECT_EQ(test, match(test, "203.0.113.1", "192.0.2.25", UDP, 25, 0), 0U);
}

static void policy_prefixes_and_ranges(struct kunit *test)
{
	struct ptest *t = test->priv;

	NET("lan", "10.1.2.0", 24);
	NET("lan6", "2001:db8:1:2::", 64);
	RANGE("pool", "192.0.2.100", "192.0.2.199");
	RANGE("pool6", "2001:db8::ff", "2001:db8::1:0");
	pb_rule(test, 1, ACCEPT, "lan,lan6", "", "", NULL, 0);
	pb_rule(test, 2, ACCEPT, "pool,pool6", "", "", NULL, 0);
	KUNIT_ASSERT_EQ(test, t->err, 0);
	KUNIT_ASSERT_EQ(test, pb_compile(test), 0);

	KUNIT_EXPECT_EQ(test, match(test, "10.1.2.0", "1.1.1.1", TCP, 1, 0), 1U);
	KUNIT_EXPECT_EQ(test, match(test, "10.1.2.255", "1.1.1.1", TCP, 1, 0), 1U);
	KUNIT_EXPECT_EQ(test, match(test, "10.1.3.0", "1.1.1.1", TCP, 1, 0), 0U);
	KUNIT_EXPECT_EQ(test, match(test, "10.1.1.255", "1.1.1.1", TCP, 1, 0), 0U);
	KUNIT_EXPECT_EQ(test, match(test, "2001:db8:1:2:ffff:ffff:ffff:ffff", "::1", TCP, 1, 0), 1U);
	KUNIT_EXPECT_EQ(test, match(test, "2001:db8:1:3::", "::1", TCP, 1, 0), 0U);
	KUNIT_EXPECT_EQ(test, match(test, "192.0.2.99", "1.1.1.1", TCP, 1, 0), 0U);
	KUNIT_EXPECT_EQ(test, match(test, "192.0.2.100", "1.1.1.1", TCP, 1, 0), 2U);
	KUNIT_EXPECT_EQ(test, match(test, "192.0.2.199", "1.1.1.1", TCP, 1, 0), 2U);
	KUNIT_EXPECT_EQ(test, match(test, "192.0.2.200", "1.1.1.1", TCP, 1, 0), 0U);
	KUNIT_EXPECT_EQ(test, match(test, "2001:db8::fe", "::1", TCP, 1, 0), 0U);
	KUNIT_EXPECT_EQ(test, match(test, "2001:db8::ff", "::1", TCP, 1, 0), 2U);
	KUNIT_EXPECT_EQ(test, match(test, "2001:db8::1:0", "::1", TCP, 1, 0), 2U);
	KUNIT_EXPECT_EQ(test, match(test, "2001:db8::1:1", "::1", TCP, 1, 0), 0U);
	/* An IPv4 address never matches IPv6 ranges with the same bytes. */
	KUNIT_EXPECT_EQ(test, match(test, "32.1.13.184", "1.1.1.1", TCP, 1, 0), 0U);
}

static void policy_groups_flatten(struct kunit *test)
{
	struct ptest *t = test->priv;
	const struct rampart_rule *r;

	/* Used before defined, nested twice, adjacent halves merge. */
	pb_group(test, "outer", "inner,h6,hi", 0);
	pb_group(test, "inner", "lo", 0);
	NET("lo", "10.0.0.0", 25);
	NET("hi", "10.0.0.128", 25);
	HOST("h6", "2001:db8::25");
	pb_rule(test, 1, ACCEPT, "outer", "", "", NULL, 0);
	KUNIT_ASSERT_EQ(test, t->err, 0);
	KUNIT_ASSERT_EQ(test, pb_compile(test), 0);

	r = t->p->rules[0];
	KUNIT_EXPECT_EQ(test, r->src.n4, 1U);
	KUNIT_EXPECT_EQ(test, r->src.n6, 1U);
	KUNIT_EXPECT_EQ(test, match(test, "10.0.0.0", "1.1.1.1", TCP, 1, 0), 1U);
	KUNIT_EXPECT_EQ(test, match(test, "10.0.0.200", "1.1.1.1", TCP, 1, 0), 1U);
	KUNIT_EXPECT_EQ(test, match(test, "10.0.1.0", "1.1.1.1", TCP, 1, 0), 0U);
	KUNIT_EXPECT_EQ(test, match(test, "2001:db8::25", "::1", TCP, 1, 0), 1U);
	KUNIT_EXPECT_EQ(test, match(test, "2001:db8::26", "::1", TCP, 1, 0), 0U);
}

static void policy_ports_and_icmp(struct kunit *test)
{
	struct ptest *t = test->priv;

	pb_service(test, "high", TCP, "1024-2047,3000", 0);
	pb_service(test, "dns", UDP, "53", 0);
	pb_service(test, "ping", IPPROTO_ICMP, "8", 0);
	pb_service(test, "ping6", IPPROTO_ICMPV6, "128", 0);
	pb_rule(test, 1, ACCEPT, "", "", "high,dns", NULL, 0);
	pb_rule(test, 2, ACCEPT, "", "", "ping,ping6", NULL, 0);
	KUNIT_ASSERT_EQ(test, t->err, 0);
	KUNIT_ASSERT_EQ(test, pb_compile(test), 0);

	KUNIT_EXPECT_EQ(test, match(test, "1.1.1.1", "2.2.2.2", TCP, 1023, 0), 0U);
	KUNIT_EXPECT_EQ(test, match(test, "1.1.1.1", "2.2.2.2", TCP, 1024, 0), 1U);
	KUNIT_EXPECT_EQ(test, match(test, "1.1.1.1", "2.2.2.2", TCP, 2047, 0), 1U);
	KUNIT_EXPECT_EQ(test, match(test, "1.1.1.1", "2.2.2.2", TCP, 2048, 0), 0U);
	KUNIT_EXPECT_EQ(test, match(test, "1.1.1.1", "2.2.2.2", TCP, 3000, 0), 1U);
	KUNIT_EXPECT_EQ(test, match(test, "1.1.1.1", "2.2.2.2", UDP, 53, 0), 1U);
	KUNIT_EXPECT_EQ(test, match(test, "1.1.1.1", "2.2.2.2", TCP, 53, 0), 0U);
	KUNIT_EXPECT_EQ(test, match(test, "1.1.1.1", "2.2.2.2", IPPROTO_ICMP, 8, 0), 2U);
	KUNIT_EXPECT_EQ(test, match(test, "1.1.1.1", "2.2.2.2", IPPROTO_ICMP, 0, 0), 0U);
	KUNIT_EXPECT_EQ(test, match(test, "::1", "::2", IPPROTO_ICMPV6, 128, 0), 2U);
	KUNIT_EXPECT_EQ(test, match(test, "::1", "::2", IPPROTO_ICMPV6, 8, 0), 0U);
}

static void policy_interface_by_name(struct kunit *test)
{
	struct ptest *t = test->priv;

	pb_rule(test, 1, ACCEPT, "", "", "", "lo", 0);
	KUNIT_ASSERT_EQ(test, t->err, 0);
	KUNIT_ASSERT_EQ(test, pb_compile(test), 0);
	KUNIT_EXPECT_EQ(test, match(test, "1.1.1.1", "2.2.2.2", TCP, 1,
				    LOOPBACK_IFINDEX), 1U);
	KUNIT_EXPECT_EQ(test, match(test, "1.1.1.1", "2.2.2.2", TCP, 1, 0), 0U);
	KUNIT_EXPECT_EQ(test, match(test, "1.1.1.1", "2.2.2.2", TCP, 1, 99999), 0U);
}

static void policy_timeouts_defaults(struct kunit *test)
{
	struct ptest *t = test->priv;
	struct nlattr *n, *proto;

	n = pb_item(test, RAMPART_A_SETTINGS);
	proto = nla_nest_start(t->skb, RAMPART_SET_A_PROTO);
	nla_put_u8(t->skb, RAMPART_SVC_A_PROTO, UDP);
	nla_put_u32(t->skb, RAMPART_SVC_A_TIMEOUT_IDLE, 60);
	nla_nest_end(t->skb, proto);
	KUNIT_ASSERT_EQ(test, pb_add(test, n), 0);
	pb_service(test, "smtp", TCP, "25", 0);
	pb_service(test, "long", TCP, "26", 100);
	pb_service(test, "dns", UDP, "53", 0);
	pb_service(test, "ping", IPPROTO_ICMP, "8", 0);
	KUNIT_ASSERT_EQ(test, t->err, 0);
	KUNIT_ASSERT_EQ(test, pb_compile(test), 0);

	KUNIT_EXPECT_EQ(test, t->p->services[0]->timeout_start, 25U);
	KUNIT_EXPECT_EQ(test, t->p->services[0]->timeout_idle, 3600U);
	KUNIT_EXPECT_EQ(test, t->p->services[0]->timeout_end, 20U);
	KUNIT_EXPECT_EQ(test, t->p->services[1]->timeout_idle, 100U);
	KUNIT_EXPECT_EQ(test, t->p->services[2]->timeout_idle, 60U);
	KUNIT_EXPECT_EQ(test, t->p->services[3]->timeout_idle, 30U);
	/* What was written stays apart from what applies. */
	KUNIT_EXPECT_EQ(test, t->p->services[0]->given.set, 0U);
	KUNIT_EXPECT_EQ(test, t->p->services[1]->given.set, (u32)RAMPART_P_IDLE);
}

static void expect_msg(struct kunit *test, const char *want)
{
	struct ptest *t = test->priv;

	KUNIT_EXPECT_NOT_ERR_OR_NULL(test, t->extack._msg);
	if (t->extack._msg)
		KUNIT_EXPECT_STREQ(test, t->extack._msg, want);
}

static void policy_commit_unknown_object(struct kunit *test)
{
	HOST("mx", "192.0.2.25");
	pb_rule(test, 1, ACCEPT, "nope", "mx", "", NULL, 7);
	KUNIT_EXPECT_EQ(test, pb_compile(test), -EINVAL);
	expect_msg(test, "line 7 col 1: rule 1: unknown object `nope'");
}

static void policy_commit_unknown_service(struct kunit *test)
{
	pb_rule(test, 1, ACCEPT, "", "", "smtps", NULL, 4);
	KUNIT_EXPECT_EQ(test, pb_compile(test), -EINVAL);
	expect_msg(test, "line 4 col 1: rule 1: unknown service `smtps'");
}

static void policy_commit_cycle(struct kunit *test)
{
	HOST("h", "192.0.2.1");
	pb_group(test, "a", "h,b", 3);
	pb_group(test, "b", "c", 4);
	pb_group(test, "c", "a", 5);
	KUNIT_EXPECT_EQ(test, pb_compile(test), -EINVAL);
	expect_msg(test, "line 5 col 1: group `a' contains itself through `c'");
}

static void policy_commit_numbering_gap(struct kunit *test)
{
	pb_rule(test, 1, ACCEPT, "", "", "", NULL, 1);
	pb_rule(test, 3, ACCEPT, "", "", "", NULL, 2);
	KUNIT_EXPECT_EQ(test, pb_compile(test), -EINVAL);
	expect_msg(test, "line 2 col 1: rule numbered 3 where rule 2 was expected");
}

static void policy_commit_unknown_member(struct kunit *test)
{
	pb_group(test, "g", "ghost", 6);
	KUNIT_EXPECT_EQ(test, pb_compile(test), -EINVAL);
	expect_msg(test, "line 6 col 1: group `g': unknown object `ghost'");
}

static int inspect_rule(struct kunit *test, const char *svc, const char *smtp)
{
	struct ptest *t = test->priv;
	struct nlattr *n = pb_item(test, RAMPART_A_RULE);

	nla_put_u32(t->skb, RAMPART_RULE_A_NUMBER, 1);
	nla_put_u8(t->skb, RAMPART_RULE_A_ACTION, ACCEPT);
	pb_names(t->skb, RAMPART_RULE_A_SERVICE, svc);
	nla_put_string(t->skb, RAMPART_RULE_A_INSPECT, smtp);
	pb_put_line(t->skb, RAMPART_RULE_A_LINE, 8);
	return pb_add(test, n);
}

static void policy_commit_inspect(struct kunit *test)
{
	struct ptest *t = test->priv;
	struct nlattr *n = pb_item(test, RAMPART_A_SMTP);

	nla_put_string(t->skb, RAMPART_SMTP_A_NAME, "inbound");
	KUNIT_ASSERT_EQ(test, pb_add(test, n), 0);
	pb_service(test, "dns", UDP, "53", 0);
	inspect_rule(test, "dns", "inbound");
	KUNIT_ASSERT_EQ(test, t->err, 0);
	KUNIT_EXPECT_EQ(test, pb_compile(test), -EINVAL);
	expect_msg(test, "line 8 col 1: rule 1: inspect needs tcp services; `dns' is not tcp");
}

static void policy_commit_unknown_smtp(struct kunit *test)
{
	pb_service(test, "smtp", TCP, "25", 0);
	inspect_rule(test, "smtp", "outbound");
	KUNIT_EXPECT_EQ(test, pb_compile(test), -EINVAL);
	expect_msg(test, "line 8 col 1: rule 1: unknown smtp resource `outbound'");
}

/* An smtp resource's options become the parser's configuration. */
static void policy_smtp_options(struct kunit *test)
{
	struct ptest *t = test->priv;
	const struct rampart_smtp_config *cfg;
	struct nlattr *n = pb_item(test, RAMPART_A_SMTP), *ca;

	nla_put_string(t->skb, RAMPART_SMTP_A_NAME, "mail-in");
	pb_names(t->skb, RAMPART_SMTP_A_VERB, "HELO,EHLO,MAIL,RCPT,DATA,QUIT,XCLIENT");
	nla_put_u32(t->skb, RAMPART_SMTP_A_MAX_LINE, 1000);
	nla_put_u32(t->skb, RAMPART_SMTP_A_MAX_RCPTS, 100);
	nla_put_u64_64bit(t->skb, RAMPART_SMTP_A_MAX_SIZE, 5000000000ULL,
			  RAMPART_SMTP_A_PAD);
	pb_names(t->skb, RAMPART_SMTP_A_SENDER, "*@example.com");
	nla_put_string(t->skb, RAMPART_SMTP_A_SENDER, "");
	nla_put_u8(t->skb, RAMPART_SMTP_A_STARTTLS, 1);
	nla_put_u8(t->skb, RAMPART_SMTP_A_BANNER, 1);
	nla_put_u8(t->skb, RAMPART_SMTP_A_SMUGGLING, 0);
	nla_put_u8(t->skb, RAMPART_SMTP_A_ACTION, RAMPART_SMTP_REJECT);
	ca = nla_nest_start(t->skb, RAMPART_SMTP_A_CHECK_ACTION);
	nla_put_u8(t->skb, RAMPART_SMTP_CA_A_CHECK, RAMPART_SMTP_CHECK_SYNC);
	nla_put_u8(t->skb, RAMPART_SMTP_CA_A_ACTION, RAMPART_SMTP_RESET);
	nla_nest_end(t->skb, ca);
	KUNIT_ASSERT_EQ(test, pb_add(test, n), 0);
	KUNIT_ASSERT_EQ(test, t->p->n_smtps, 1U);
	cfg = &t->p->smtps[0]->cfg;
	KUNIT_EXPECT_EQ(test, cfg->verbs,
			RAMPART_SMTP_VERB_BIT(RAMPART_SMTP_HELO) |
			RAMPART_SMTP_VERB_BIT(RAMPART_SMTP_EHLO) |
			RAMPART_SMTP_VERB_BIT(RAMPART_SMTP_MAIL) |
			RAMPART_SMTP_VERB_BIT(RAMPART_SMTP_RCPT) |
			RAMPART_SMTP_VERB_BIT(RAMPART_SMTP_DATA) |
			RAMPART_SMTP_VERB_BIT(RAMPART_SMTP_QUIT));
	KUNIT_EXPECT_EQ(test, cfg->n_extra_verbs, 1);
	KUNIT_EXPECT_STREQ(test, cfg->extra_verbs[0], "XCLIENT");
	KUNIT_EXPECT_EQ(test, cfg->max_line, 1000U);
	KUNIT_EXPECT_EQ(test, cfg->max_reply_line, 512U);
	KUNIT_EXPECT_EQ(test, cfg->max_rcpts, 100U);
	KUNIT_EXPECT_EQ(test, cfg->max_size, 5000000000ULL);
	KUNIT_EXPECT_EQ(test, cfg->n_senders, 2);
	KUNIT_EXPECT_STREQ(test, cfg->senders[1].text, "");
	KUNIT_EXPECT_EQ(test, cfg->n_recipients, 0);
	KUNIT_EXPECT_TRUE(test, cfg->starttls_deny);
	KUNIT_EXPECT_TRUE(test, cfg->banner_mask);
	KUNIT_EXPECT_FALSE(test, cfg->smuggling);
	KUNIT_EXPECT_EQ(test, cfg->action[RAMPART_SMTP_CHECK_VERB], RAMPART_SMTP_REJECT);
	KUNIT_EXPECT_EQ(test, cfg->action[RAMPART_SMTP_CHECK_SYNC], RAMPART_SMTP_RESET);
}

/* Without options: the parser's defaults. */
static void policy_smtp_defaults(struct kunit *test)
{
	struct ptest *t = test->priv;
	struct rampart_smtp_config *want = kunit_kzalloc(test, sizeof(*want), GFP_KERNEL);
	struct nlattr *n = pb_item(test, RAMPART_A_SMTP);

	KUNIT_ASSERT_NOT_NULL(test, want);
	nla_put_string(t->skb, RAMPART_SMTP_A_NAME, "plain");
	KUNIT_ASSERT_EQ(test, pb_add(test, n), 0);
	rampart_smtp_config_default(want);
	KUNIT_EXPECT_EQ(test, memcmp(&t->p->smtps[0]->cfg, want, sizeof(*want)), 0);
	KUNIT_EXPECT_EQ(test, t->p->smtps[0]->given, 0);
}

static int smtp_with_verbs(struct kunit *test, const char *name, const char *verbs)
{
	struct ptest *t = test->priv;
	struct nlattr *n = pb_item(test, RAMPART_A_SMTP);

	nla_put_string(t->skb, RAMPART_SMTP_A_NAME, name);
	pb_names(t->skb, RAMPART_SMTP_A_VERB, verbs);
	pb_put_line(t->skb, RAMPART_SMTP_A_LINE, 3);
	return pb_add(test, n);
}

static void policy_smtp_refusals(struct kunit *test)
{
	struct ptest *t = test->priv;
	struct nlattr *n, *ca;

	KUNIT_EXPECT_EQ(test, smtp_with_verbs(test, "v1", "HELO,helo"), -EINVAL);
	expect_msg(test, "line 3 col 1: smtp resource `v1': verb `helo' is not upper case A-Z, 0-9 and -");
	KUNIT_EXPECT_EQ(test, smtp_with_verbs(test, "v2", "MAIL,MAIL"), -EINVAL);
	expect_msg(test, "line 3 col 1: smtp resource `v2': verb MAIL twice");
	KUNIT_EXPECT_EQ(test, smtp_with_verbs(test, "v3", "A1,A2,A3,A4,A5,A6,A7,A8,A9"),
			-EINVAL);
	expect_msg(test, "line 3 col 1: smtp resource `v3': more than 8 verbs beyond the known ones");
	KUNIT_EXPECT_EQ(test, smtp_with_verbs(test, "v4", "ABCDEFGHIJKLMNOP"), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, t->extack.bad_attr);

	n = pb_item(test, RAMPART_A_SMTP);
	nla_put_string(t->skb, RAMPART_SMTP_A_NAME, "w");
	nla_put_u32(t->skb, RAMPART_SMTP_A_MAX_LINE, RAMPART_SMTP_MAX_LINE_LIMIT + 1);
	KUNIT_EXPECT_EQ(test, pb_add(test, n), -ERANGE);

	n = pb_item(test, RAMPART_A_SMTP);
	nla_put_string(t->skb, RAMPART_SMTP_A_NAME, "x");
	ca = nla_nest_start(t->skb, RAMPART_SMTP_A_CHECK_ACTION);
	nla_put_u8(t->skb, RAMPART_SMTP_CA_A_CHECK, __RAMPART_SMTP_CHECK_MAX);
	nla_put_u8(t->skb, RAMPART_SMTP_CA_A_ACTION, RAMPART_SMTP_LOG);
	nla_nest_end(t->skb, ca);
	KUNIT_EXPECT_EQ(test, pb_add(test, n), -ERANGE);

	n = pb_item(test, RAMPART_A_SMTP);
	nla_put_string(t->skb, RAMPART_SMTP_A_NAME, "y");
	nla_put_u8(t->skb, RAMPART_SMTP_A_ACTION, __RAMPART_SMTP_ACTION_MAX);
	KUNIT_EXPECT_EQ(test, pb_add(test, n), -ERANGE);
}

static void policy_add_refusals(struct kunit *test)
{
	struct ptest *t = test->priv;

	KUNIT_EXPECT_EQ(test, pb_object(test, RAMPART_OBJ_NETWORK, "n", "192.0.2.10",
				     NULL, 24, 9), -EINVAL);
	expect_msg(test, "line 9 col 1: network `n' has bits set beyond its prefix length 24");
	KUNIT_EXPECT_EQ(test, pb_object(test, RAMPART_OBJ_HOST, "h", "192.0.2.1",
				     NULL, -1, 2), 0);
	KUNIT_EXPECT_EQ(test, pb_object(test, RAMPART_OBJ_HOST, "h", "192.0.2.2",
				     NULL, -1, 3), -EINVAL);
	expect_msg(test, "line 3 col 1: object `h' defined twice");
	KUNIT_EXPECT_EQ(test, pb_object(test, RAMPART_OBJ_RANGE, "r", "192.0.2.9",
				     "192.0.2.1", -1, 4), -EINVAL);
	expect_msg(test, "line 4 col 1: range `r' ends before it starts");
	KUNIT_EXPECT_EQ(test, pb_object(test, RAMPART_OBJ_HOST, "any", "192.0.2.1",
				     NULL, -1, 5), -EINVAL);
	expect_msg(test, "line 5 col 1: `any' is a reserved word");
	KUNIT_EXPECT_EQ(test, pb_group(test, "g", "", 6), -EINVAL);
	expect_msg(test, "line 6 col 1: group `g' has no member");
	KUNIT_EXPECT_EQ(test, pb_service(test, "bad", TCP, "30-20", 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, pb_service(test, "zero", TCP, "0", 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, pb_service(test, "icmp", IPPROTO_ICMP, "3-4", 0), -EINVAL);
	/* Out of range for the attribute policy itself. */
	KUNIT_EXPECT_EQ(test, pb_service(test, "slow", UDP, "53", 604801), -ERANGE);
	KUNIT_EXPECT_NOT_NULL(test, t->extack.bad_attr);
}

static void policy_free_large(struct kunit *test)
{
	char name[16];
	unsigned int i;

	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "h%u", i);
		HOST(name, i & 1 ? "2001:db8::1" : "192.0.2.1");
	}
	pb_group(test, "g", "h1,h2,h3,h4", 0);
	pb_service(test, "s", TCP, "1-10,20", 0);
	for (i = 1; i <= 300; i++)
		pb_rule(test, i, ACCEPT, "g,h5", "h7", "s", "eth0", 0);
	KUNIT_EXPECT_EQ(test, pb_compile(test), 0);
	/* ptest_exit frees it; kmemleak reports what it missed. */
}

/*
 * A tenant's policy is bounded: compiled sets are shared, not copied per
 * rule (a group of 200 hosts named by 200 rules costs its one union), and
 * what must be copied counts against the namespace's limit. Before, each
 * rule copied its group's ranges, uncounted.
 *
 * Hosts h0..h199 (10.0.N.1), group `many' of them, host `other', and 200
 * rules from @from to @to, compiled with a limit of 64 KiB beside the
 * rules' hit counters (200 u64 on each possible CPU, and their base).
 */
#define HITS_BYTES (200 * sizeof(u64) * (num_possible_cpus() + 1))

static int hosts_and_rules(struct kunit *test, const char *from, const char *to)
{
	struct ptest *t = test->priv;
	char name[16], addr[16], *members = kunit_kzalloc(test, 200 * 6, GFP_KERNEL);
	unsigned int i, at = 0;

	KUNIT_ASSERT_NOT_NULL(test, members);
	for (i = 0; i < 200; i++) {
		snprintf(name, sizeof(name), "h%u", i);
		at += snprintf(members + at, 200 * 6 - at, "%s%s", i ? "," : "", name);
		snprintf(addr, sizeof(addr), "10.0.%u.1", i);
		HOST(name, addr);
	}
	pb_group(test, "many", members, 0);
	HOST("other", "192.0.2.1");
	for (i = 1; i <= 200; i++)
		pb_rule(test, i, ACCEPT, from, to, "", NULL, 0);
	KUNIT_ASSERT_EQ(test, t->err, 0);
	t->p->compiled_max = (64 << 10) + HITS_BYTES;
	t->p->compiled_param = "test";
	return pb_compile(test);
}

static void policy_compiled_shared_and_bounded(struct kunit *test)
{
	struct ptest *t = test->priv;

	KUNIT_ASSERT_EQ_MSG(test, hosts_and_rules(test, "many", "many"), 0, "%s", t->msg);
	/* The union, and the hit counters of 200 rules. */
	KUNIT_EXPECT_EQ(test, t->p->compiled,
			200 * sizeof(struct rampart_addr_range) + HITS_BYTES);
	KUNIT_EXPECT_TRUE(test, t->p->rules[199]->src.borrowed);
	KUNIT_EXPECT_PTR_EQ(test, t->p->rules[199]->src.v4, t->p->rules[0]->dst.v4);
	KUNIT_EXPECT_EQ(test, match(test, "10.0.7.1", "10.0.9.1", TCP, 1, 0), 1U);
	KUNIT_EXPECT_EQ(test, match(test, "10.0.7.2", "10.0.9.1", TCP, 1, 0), 0U);
	rampart_policy_free(t->p);

	/* A rule naming two objects needs their union: past the limit, refused. */
	t->p = rampart_policy_alloc();
	KUNIT_ASSERT_NOT_NULL(test, t->p);
	KUNIT_EXPECT_EQ(test, hosts_and_rules(test, "many,other", ""), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, strstr(t->msg, "the limit in this namespace (module parameter test)"));
	KUNIT_EXPECT_LE(test, t->p->compiled, (64 << 10) + HITS_BYTES);
}

/* A tenant's max-connections above its cap is refused, at the settings. */
static void policy_tenant_connections_cap(struct kunit *test)
{
	struct ptest *t = test->priv;
	struct nlattr *n;

	n = pb_item(test, RAMPART_A_SETTINGS);
	nla_put_u32(t->skb, RAMPART_SET_A_MAX_CONNECTIONS, 16000000);
	pb_put_line(t->skb, RAMPART_SET_A_LINE, 3);
	KUNIT_ASSERT_EQ(test, pb_add(test, n), 0);
	pb_rule(test, 1, ACCEPT, "", "", "", NULL, 0);
	t->p->max_connections_cap = 65536;
	KUNIT_EXPECT_EQ(test, pb_compile(test), -EINVAL);
	KUNIT_EXPECT_NOT_NULL(test, strstr(t->msg, "line 3 col 1: max-connections 16000000 is above 65536"));
	t->p->max_connections_cap = 16000000;
	KUNIT_EXPECT_EQ_MSG(test, pb_compile(test), 0, "%s", t->msg);
}

static struct kunit_case policy_cases[] = {
	KUNIT_CASE(policy_first_match_wins),
	KUNIT_CASE(policy_prefixes_and_ranges),
	KUNIT_CASE(policy_groups_flatten),
	KUNIT_CASE(policy_ports_and_icmp),
	KUNIT_CASE(policy_interface_by_name),
	KUNIT_CASE(policy_timeouts_defaults),
	KUNIT_CASE(policy_commit_unknown_object),
	KUNIT_CASE(policy_commit_unknown_service),
	KUNIT_CASE(policy_commit_cycle),
	KUNIT_CASE(policy_commit_numbering_gap),
	KUNIT_CASE(policy_commit_unknown_member),
	KUNIT_CASE(policy_commit_inspect),
	KUNIT_CASE(policy_commit_unknown_smtp),
	KUNIT_CASE(policy_smtp_options),
	KUNIT_CASE(policy_smtp_defaults),
	KUNIT_CASE(policy_smtp_refusals),
	KUNIT_CASE(policy_add_refusals),
	KUNIT_CASE(policy_free_large),
	KUNIT_CASE(policy_compiled_shared_and_bounded),
	KUNIT_CASE(policy_tenant_connections_cap),
	{}
};

static struct kunit_suite policy_suite = {
	.name = "rampart_policy",
	.init = ptest_init,
	.exit = pb_exit,
	.test_cases = policy_cases,
};
kunit_test_suite(policy_suite);
