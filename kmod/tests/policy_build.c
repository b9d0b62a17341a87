// SPDX-License-Identifier: GPL-2.0
/* Policy items for KUnit tests, built as POLICY_ADD carries them. */
#include <linux/inet.h>
#include <linux/in.h>

#include "policy_build.h"

int pb_init(struct kunit *test, struct ptest *t)
{
	t->p = rampart_policy_alloc();
	KUNIT_ASSERT_NOT_NULL(test, t->p);
	t->skb = alloc_skb(1 << 16, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, t->skb);
	test->priv = t;
	return 0;
}

void pb_exit(struct kunit *test)
{
	struct ptest *t = test->priv;

	rampart_policy_free(t->p);
	kfree_skb(t->skb);
}

struct rampart_net *pb_net_new(struct kunit *test)
{
	struct rampart_net *rn = kunit_kzalloc(test, sizeof(*rn), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, rn);
	rn->net = &init_net;
	mutex_init(&rn->lock);
	rampart_event_net_init(rn);
	rn->stats = alloc_percpu(struct rampart_pcpu_stats);
	KUNIT_ASSERT_NOT_NULL(test, rn->stats);
	KUNIT_ASSERT_EQ(test, rampart_conn_table_init(&rn->conns, 16, 16, 60 * HZ), 0);
	return rn;
}

void pb_net_free(struct rampart_net *rn)
{
	rampart_conn_table_destroy(&rn->conns);
	rcu_barrier();
	free_percpu(rn->stats);
}

u64 pb_drops(struct rampart_net *rn, enum rampart_drop_reason reason)
{
	unsigned int cpu;
	u64 n = 0;

	for_each_possible_cpu(cpu)
		n += per_cpu_ptr(rn->stats, cpu)->drops[reason];
	return n;
}

struct nlattr *pb_item(struct kunit *test, int type)
{
	struct ptest *t = test->priv;

	skb_trim(t->skb, 0);
	return nla_nest_start(t->skb, type);
}

int pb_add(struct kunit *test, struct nlattr *nest)
{
	struct ptest *t = test->priv;
	int err;

	nla_nest_end(t->skb, nest);
	memset(&t->extack, 0, sizeof(t->extack));
	err = rampart_policy_add_item(t->p, nest, &t->extack, t->msg,
				      sizeof(t->msg) - 1);
	if (err && !t->err)
		t->err = err;
	return err;
}

int pb_put_line(struct sk_buff *skb, int line_attr, u32 line)
{
	if (!line)
		return 0;
	return nla_put_u32(skb, line_attr, line) ||
	       nla_put_u32(skb, line_attr + 1, 1);
}

/* Address text to 16 bytes; returns the family (4 or 6). */
u8 pb_addr(const char *s, u8 *out)
{
	memset(out, 0, 16);
	if (strchr(s, ':')) {
		in6_pton(s, -1, out, -1, NULL);
		return 6;
	}
	in4_pton(s, -1, out, -1, NULL);
	return 4;
}

int pb_object(struct kunit *test, u8 kind, const char *name,
		  const char *a, const char *last, int plen, u32 line)
{
	struct ptest *t = test->priv;
	struct nlattr *n = pb_item(test, RAMPART_A_OBJECT);
	u8 bytes[16];
	u8 fam = pb_addr(a, bytes);

	nla_put_string(t->skb, RAMPART_OBJ_A_NAME, name);
	nla_put_u8(t->skb, RAMPART_OBJ_A_KIND, kind);
	nla_put_u8(t->skb, RAMPART_OBJ_A_FAMILY, fam);
	nla_put(t->skb, RAMPART_OBJ_A_ADDR, 16, bytes);
	if (last) {
		pb_addr(last, bytes);
		nla_put(t->skb, RAMPART_OBJ_A_LAST, 16, bytes);
	}
	if (plen >= 0)
		nla_put_u8(t->skb, RAMPART_OBJ_A_PREFIX_LEN, plen);
	pb_put_line(t->skb, RAMPART_OBJ_A_LINE, line);
	return pb_add(test, n);
}


/* Comma-separated names as repeated attributes. */
void pb_names(struct sk_buff *skb, int type, const char *list)
{
	char *buf = kstrdup(list, GFP_KERNEL), *s = buf, *w;

	while (s && (w = strsep(&s, ",")))
		if (*w)
			nla_put_string(skb, type, w);
	kfree(buf);
}

int pb_group(struct kunit *test, const char *name, const char *members,
		 u32 line)
{
	struct ptest *t = test->priv;
	struct nlattr *n = pb_item(test, RAMPART_A_OBJECT);

	nla_put_string(t->skb, RAMPART_OBJ_A_NAME, name);
	nla_put_u8(t->skb, RAMPART_OBJ_A_KIND, RAMPART_OBJ_GROUP);
	pb_names(t->skb, RAMPART_OBJ_A_MEMBER, members);
	pb_put_line(t->skb, RAMPART_OBJ_A_LINE, line);
	return pb_add(test, n);
}

/* Spans as "25" or "1024-2047,3000"; idle 0: not set. */
int pb_service(struct kunit *test, const char *name, u8 proto,
		   const char *spans, u32 idle)
{
	struct ptest *t = test->priv;
	struct nlattr *n = pb_item(test, RAMPART_A_SERVICE), *sp;
	char buf[64], *s = buf, *w, *dash;
	unsigned int first, last;

	nla_put_string(t->skb, RAMPART_SVC_A_NAME, name);
	nla_put_u8(t->skb, RAMPART_SVC_A_PROTO, proto);
	if (idle)
		nla_put_u32(t->skb, RAMPART_SVC_A_TIMEOUT_IDLE, idle);
	strscpy(buf, spans, sizeof(buf));
	while ((w = strsep(&s, ","))) {
		dash = strchr(w, '-');
		if (dash)
			*dash++ = 0;
		if (kstrtouint(w, 10, &first))
			continue;
		last = first;
		if (dash && kstrtouint(dash, 10, &last))
			continue;
		sp = nla_nest_start(t->skb, RAMPART_SVC_A_SPAN);
		nla_put_u16(t->skb, RAMPART_SPAN_A_FIRST, first);
		nla_put_u16(t->skb, RAMPART_SPAN_A_LAST, last);
		nla_nest_end(t->skb, sp);
	}
	return pb_add(test, n);
}

int pb_rule(struct kunit *test, u32 number, u8 action, const char *from,
		const char *to, const char *svc, const char *in, u32 line)
{
	struct ptest *t = test->priv;
	struct nlattr *n = pb_item(test, RAMPART_A_RULE);

	nla_put_u32(t->skb, RAMPART_RULE_A_NUMBER, number);
	nla_put_u8(t->skb, RAMPART_RULE_A_ACTION, action);
	pb_names(t->skb, RAMPART_RULE_A_FROM, from);
	pb_names(t->skb, RAMPART_RULE_A_TO, to);
	pb_names(t->skb, RAMPART_RULE_A_SERVICE, svc);
	if (in)
		nla_put_string(t->skb, RAMPART_RULE_A_IN, in);
	pb_put_line(t->skb, RAMPART_RULE_A_LINE, line);
	return pb_add(test, n);
}


int pb_compile(struct kunit *test)
{
	struct ptest *t = test->priv;

	memset(&t->extack, 0, sizeof(t->extack));
	return rampart_policy_compile(t->p, &t->extack, t->msg, sizeof(t->msg) - 1);
}

