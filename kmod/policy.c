// SPDX-License-Identifier: GPL-2.0
/*
 * Policy install: a transaction collects items (POLICY_ADD), COMMIT checks
 * what needs the whole policy, compiles it and swaps it in under RCU. The
 * items are kept as written so POLICY_GET can send them back.
 */
#include <linux/memcontrol.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/random.h>
#include <linux/netdevice.h>
#include <linux/stringhash.h>
#include <linux/ctype.h>
#include <linux/in.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "rampart.h"
#include "policy.h"

#define TIMEOUT_MAX	604800		/* one week */
#define MAX_CONNECTIONS	16777216

static struct netlink_range_validation timeout_range = {
	.min = 1, .max = TIMEOUT_MAX,
};

static struct netlink_range_validation max_conn_range = {
	.min = 1, .max = MAX_CONNECTIONS,
};

static struct netlink_range_validation rule_range = {
	.min = 1, .max = RAMPART_POLICY_MAX_RULES,
};

static const struct nla_policy span_policy[RAMPART_SPAN_A_MAX + 1] = {
	[RAMPART_SPAN_A_FIRST] = { .type = NLA_U16 },
	[RAMPART_SPAN_A_LAST] = { .type = NLA_U16 },
};

#define NAME_POLICY { .type = NLA_NUL_STRING, .len = RAMPART_POLICY_NAME_MAX }

static const struct nla_policy svc_policy[RAMPART_SVC_A_MAX + 1] = {
	[RAMPART_SVC_A_NAME] = NAME_POLICY,
	[RAMPART_SVC_A_PROTO] = { .type = NLA_U8 },
	[RAMPART_SVC_A_TIMEOUT_START] = NLA_POLICY_FULL_RANGE(NLA_U32, &timeout_range),
	[RAMPART_SVC_A_TIMEOUT_IDLE] = NLA_POLICY_FULL_RANGE(NLA_U32, &timeout_range),
	[RAMPART_SVC_A_TIMEOUT_END] = NLA_POLICY_FULL_RANGE(NLA_U32, &timeout_range),
	[RAMPART_SVC_A_OUT_OF_STATE] = NLA_POLICY_MAX(NLA_U8, 1),
	[RAMPART_SVC_A_PICKUP] = NLA_POLICY_MAX(NLA_U8, 1),
	[RAMPART_SVC_A_SPAN] = NLA_POLICY_NESTED(span_policy),
	[RAMPART_SVC_A_LINE] = { .type = NLA_U32 },
	[RAMPART_SVC_A_COL] = { .type = NLA_U32 },
};

static const struct nla_policy settings_policy[RAMPART_SET_A_MAX + 1] = {
	[RAMPART_SET_A_MAX_CONNECTIONS] = NLA_POLICY_FULL_RANGE(NLA_U32, &max_conn_range),
	[RAMPART_SET_A_LATE_GRACE] = NLA_POLICY_MAX(NLA_U8, 1),
	[RAMPART_SET_A_PROTO] = NLA_POLICY_NESTED(svc_policy),
	[RAMPART_SET_A_LINE] = { .type = NLA_U32 },
	[RAMPART_SET_A_COL] = { .type = NLA_U32 },
};

static const struct nla_policy obj_policy[RAMPART_OBJ_A_MAX + 1] = {
	[RAMPART_OBJ_A_NAME] = NAME_POLICY,
	[RAMPART_OBJ_A_KIND] = NLA_POLICY_RANGE(NLA_U8, RAMPART_OBJ_HOST, RAMPART_OBJ_GROUP),
	[RAMPART_OBJ_A_ADDR] = NLA_POLICY_EXACT_LEN(16),
	[RAMPART_OBJ_A_LAST] = NLA_POLICY_EXACT_LEN(16),
	[RAMPART_OBJ_A_FAMILY] = NLA_POLICY_RANGE(NLA_U8, 4, 6),
	[RAMPART_OBJ_A_PREFIX_LEN] = NLA_POLICY_MAX(NLA_U8, 128),
	[RAMPART_OBJ_A_MEMBER] = NAME_POLICY,
	[RAMPART_OBJ_A_LINE] = { .type = NLA_U32 },
	[RAMPART_OBJ_A_COL] = { .type = NLA_U32 },
};

static struct netlink_range_validation smtp_line_range = {
	.max = RAMPART_SMTP_MAX_LINE_LIMIT,
};

static struct netlink_range_validation smtp_rcpts_range = {
	.max = RAMPART_SMTP_MAX_RCPTS_LIMIT,
};

static const struct nla_policy smtp_check_action_policy[RAMPART_SMTP_CA_A_MAX + 1] = {
	[RAMPART_SMTP_CA_A_CHECK] = NLA_POLICY_RANGE(NLA_U8, RAMPART_SMTP_CHECK_VERB,
						     __RAMPART_SMTP_CHECK_MAX - 1),
	[RAMPART_SMTP_CA_A_ACTION] = NLA_POLICY_MAX(NLA_U8, __RAMPART_SMTP_ACTION_MAX - 1),
};

static const struct nla_policy smtp_policy[RAMPART_SMTP_A_MAX + 1] = {
	[RAMPART_SMTP_A_NAME] = NAME_POLICY,
	[RAMPART_SMTP_A_LINE] = { .type = NLA_U32 },
	[RAMPART_SMTP_A_COL] = { .type = NLA_U32 },
	[RAMPART_SMTP_A_VERB] = { .type = NLA_NUL_STRING, .len = RAMPART_SMTP_VERB_MAX },
	[RAMPART_SMTP_A_MAX_LINE] = NLA_POLICY_FULL_RANGE(NLA_U32, &smtp_line_range),
	[RAMPART_SMTP_A_MAX_REPLY_LINE] = NLA_POLICY_FULL_RANGE(NLA_U32, &smtp_line_range),
	[RAMPART_SMTP_A_MAX_RCPTS] = NLA_POLICY_FULL_RANGE(NLA_U32, &smtp_rcpts_range),
	[RAMPART_SMTP_A_MAX_SIZE] = { .type = NLA_U64 },
	[RAMPART_SMTP_A_SENDER] = { .type = NLA_NUL_STRING, .len = RAMPART_SMTP_PATTERN_MAX },
	[RAMPART_SMTP_A_RECIPIENT] = { .type = NLA_NUL_STRING,
				       .len = RAMPART_SMTP_PATTERN_MAX },
	[RAMPART_SMTP_A_STARTTLS] = NLA_POLICY_MAX(NLA_U8, 1),
	[RAMPART_SMTP_A_BANNER] = NLA_POLICY_MAX(NLA_U8, 1),
	[RAMPART_SMTP_A_SMUGGLING] = NLA_POLICY_MAX(NLA_U8, 1),
	[RAMPART_SMTP_A_ACTION] = NLA_POLICY_MAX(NLA_U8, __RAMPART_SMTP_ACTION_MAX - 1),
	[RAMPART_SMTP_A_CHECK_ACTION] = NLA_POLICY_NESTED(smtp_check_action_policy),
};

/* Names of the known verbs, in the order of their bits. */
static const char *const smtp_verbs[__RAMPART_SMTP_VERB_MAX] = {
	[RAMPART_SMTP_HELO] = "HELO", [RAMPART_SMTP_EHLO] = "EHLO",
	[RAMPART_SMTP_MAIL] = "MAIL", [RAMPART_SMTP_RCPT] = "RCPT",
	[RAMPART_SMTP_DATA] = "DATA", [RAMPART_SMTP_BDAT] = "BDAT",
	[RAMPART_SMTP_RSET] = "RSET", [RAMPART_SMTP_NOOP] = "NOOP",
	[RAMPART_SMTP_QUIT] = "QUIT", [RAMPART_SMTP_VRFY] = "VRFY",
	[RAMPART_SMTP_EXPN] = "EXPN", [RAMPART_SMTP_HELP] = "HELP",
	[RAMPART_SMTP_STARTTLS] = "STARTTLS", [RAMPART_SMTP_AUTH] = "AUTH",
	[RAMPART_SMTP_ETRN] = "ETRN",
};

static const struct nla_policy rule_policy[RAMPART_RULE_A_MAX + 1] = {
	[RAMPART_RULE_A_NUMBER] = NLA_POLICY_FULL_RANGE(NLA_U32, &rule_range),
	[RAMPART_RULE_A_ACTION] = NLA_POLICY_RANGE(NLA_U8, RAMPART_ACTION_ACCEPT,
						   RAMPART_ACTION_REJECT),
	[RAMPART_RULE_A_TRACK] = NLA_POLICY_MAX(NLA_U8, RAMPART_TRACK_LOG),
	[RAMPART_RULE_A_FROM] = NAME_POLICY,
	[RAMPART_RULE_A_TO] = NAME_POLICY,
	[RAMPART_RULE_A_SERVICE] = NAME_POLICY,
	[RAMPART_RULE_A_IN] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[RAMPART_RULE_A_OUT] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[RAMPART_RULE_A_INSPECT] = NAME_POLICY,
	[RAMPART_RULE_A_LINE] = { .type = NLA_U32 },
	[RAMPART_RULE_A_COL] = { .type = NLA_U32 },
};

const struct nla_policy rampart_policy_add_policy[RAMPART_A_MAX + 1] = {
	[RAMPART_A_POLICY_TICKET] = { .type = NLA_U32 },
	[RAMPART_A_SETTINGS] = NLA_POLICY_NESTED(settings_policy),
	[RAMPART_A_OBJECT] = NLA_POLICY_NESTED(obj_policy),
	[RAMPART_A_SERVICE] = NLA_POLICY_NESTED(svc_policy),
	[RAMPART_A_SMTP] = NLA_POLICY_NESTED(smtp_policy),
	[RAMPART_A_RULE] = NLA_POLICY_NESTED(rule_policy),
};

/* Where an error is reported: the message buffer and the item's place. */
struct errctx {
	struct netlink_ext_ack *extack;
	char *buf;
	size_t len;
	u32 line, col;
};

static __printf(3, 4) int fail(struct errctx *e, const struct nlattr *bad,
			       const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (!e->extack)
		return -EINVAL;
	if (e->buf && e->len) {
		if (e->line)
			n = scnprintf(e->buf, e->len, "line %u col %u: ",
				      e->line, e->col);
		va_start(ap, fmt);
		vscnprintf(e->buf + n, e->len - n, fmt, ap);
		va_end(ap);
		e->extack->_msg = e->buf;
	}
	if (bad)
		e->extack->bad_attr = bad;
	return -EINVAL;
}

/* Memory of the transaction, bounded. */
static void *tx_alloc(struct rampart_policy *p, size_t size)
{
	if (size > RAMPART_POLICY_MAX_BYTES - p->bytes)
		return NULL;
	p->bytes += size;
	return kvzalloc(size, GFP_KERNEL_ACCOUNT);
}

static int grow(struct rampart_policy *p, void ***arr, u32 *cap, u32 n)
{
	size_t old = *cap * sizeof(void *), new;
	void **a;

	if (n < *cap)
		return 0;
	new = max_t(size_t, 16 * sizeof(void *), 2 * old);
	if (new - old > RAMPART_POLICY_MAX_BYTES - p->bytes)
		return -E2BIG;
	a = kvrealloc(*arr, old, new, GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	if (!a)
		return -ENOMEM;
	p->bytes += new - old;
	*arr = a;
	*cap = new / sizeof(void *);
	return 0;
}

static u32 name_key(u8 kind, const char *name)
{
	return full_name_hash(NULL, name, strlen(name)) ^ kind;
}

static struct rampart_named *lookup(const struct rampart_policy *p, u8 kind,
				    const char *name)
{
	struct rampart_named *n;

	hash_for_each_possible(p->names, n, node, name_key(kind, name))
		if (n->kind == kind && !strcmp(n->name, name))
			return n;
	return NULL;
}

static const char *const reserved[] = {
	"any", "from", "to", "service", "in", "out", "track", "inspect",
};

static bool is_reserved(const char *s)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(reserved); i++)
		if (!strcmp(s, reserved[i]))
			return true;
	return false;
}

/* A letter or `_', then letters, digits, `_', `.' and `-'. */
static bool name_ok(const char *s)
{
	if (!isalpha(*s) && *s != '_')
		return false;
	for (s++; *s; s++)
		if (!isalnum(*s) && !strchr("_.-", *s))
			return false;
	return true;
}

static int check_name(struct errctx *e, const struct nlattr *a, bool use)
{
	const char *s = nla_data(a);

	if (!name_ok(s))
		return fail(e, a, "invalid name `%s'", s);
	if (is_reserved(s) && !(use && !strcmp(s, "any")))
		return fail(e, a, "`%s' is a reserved word", s);
	return 0;
}

static int check_ifname(struct errctx *e, const struct nlattr *a)
{
	const char *s = nla_data(a);

	if (!*s || !strcmp(s, ".") || !strcmp(s, "..") || strpbrk(s, "/:\" \t\n"))
		return fail(e, a, "invalid interface name `%s'", s);
	return 0;
}

static int define_name(struct rampart_policy *p, struct errctx *e,
		       struct rampart_named *id, u8 kind,
		       const struct nlattr *a, const char *what)
{
	int err = check_name(e, a, false);

	if (err)
		return err;
	if (lookup(p, kind, nla_data(a)))
		return fail(e, a, "%s `%s' defined twice", what,
			    (const char *)nla_data(a));
	id->kind = kind;
	strscpy(id->name, nla_data(a), sizeof(id->name));
	return 0;
}

static void place(struct errctx *e, struct nlattr **tb, int line, int col)
{
	e->line = tb[line] ? nla_get_u32(tb[line]) : 0;
	e->col = tb[col] ? nla_get_u32(tb[col]) : 0;
}

int rampart_proto_slot(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP: return RAMPART_PROTO_TCP;
	case IPPROTO_UDP: return RAMPART_PROTO_UDP;
	case IPPROTO_ICMP: return RAMPART_PROTO_ICMP;
	case IPPROTO_ICMPV6: return RAMPART_PROTO_ICMPV6;
	}
	return -1;
}

static const char *const proto_names[RAMPART_NPROTOS] = {
	"tcp", "udp", "icmp", "icmpv6",
};

/* Service settings, in a service or in a settings protocol block. */
static int parse_params(struct errctx *e, struct nlattr **tb, int slot,
			struct rampart_svc_params *v)
{
	static const struct { int attr; u32 bit; u32 protos; const char *name; } t[] = {
		{ RAMPART_SVC_A_TIMEOUT_START, RAMPART_P_START,
		  BIT(RAMPART_PROTO_TCP), "timeout start" },
		{ RAMPART_SVC_A_TIMEOUT_IDLE, RAMPART_P_IDLE, ~0U, "timeout idle" },
		{ RAMPART_SVC_A_TIMEOUT_END, RAMPART_P_END,
		  BIT(RAMPART_PROTO_TCP), "timeout end" },
		{ RAMPART_SVC_A_OUT_OF_STATE, RAMPART_P_OUT_OF_STATE,
		  (u32)~BIT(RAMPART_PROTO_UDP), "out-of-state" },
		{ RAMPART_SVC_A_PICKUP, RAMPART_P_PICKUP,
		  BIT(RAMPART_PROTO_TCP), "pickup" },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		if (!tb[t[i].attr])
			continue;
		if (!(t[i].protos & BIT(slot)))
			return fail(e, tb[t[i].attr], "%s does not apply to %s",
				    t[i].name, proto_names[slot]);
		v->set |= t[i].bit;
	}
	if (tb[RAMPART_SVC_A_TIMEOUT_START])
		v->timeout_start = nla_get_u32(tb[RAMPART_SVC_A_TIMEOUT_START]);
	if (tb[RAMPART_SVC_A_TIMEOUT_IDLE])
		v->timeout_idle = nla_get_u32(tb[RAMPART_SVC_A_TIMEOUT_IDLE]);
	if (tb[RAMPART_SVC_A_TIMEOUT_END])
		v->timeout_end = nla_get_u32(tb[RAMPART_SVC_A_TIMEOUT_END]);
	if (tb[RAMPART_SVC_A_OUT_OF_STATE])
		v->out_of_state = nla_get_u8(tb[RAMPART_SVC_A_OUT_OF_STATE]);
	if (tb[RAMPART_SVC_A_PICKUP])
		v->pickup = nla_get_u8(tb[RAMPART_SVC_A_PICKUP]);
	return 0;
}

static int get_proto(struct errctx *e, const struct nlattr *item,
		     struct nlattr **tb)
{
	int slot;

	if (!tb[RAMPART_SVC_A_PROTO])
		return fail(e, item, "protocol missing");
	slot = rampart_proto_slot(nla_get_u8(tb[RAMPART_SVC_A_PROTO]));
	if (slot < 0)
		return fail(e, tb[RAMPART_SVC_A_PROTO],
			    "protocol %u is not tcp, udp, icmp or icmpv6",
			    nla_get_u8(tb[RAMPART_SVC_A_PROTO]));
	return slot;
}

static int add_settings(struct rampart_policy *p, const struct nlattr *item,
			struct errctx *e)
{
	struct rampart_policy_settings *s = &p->settings;
	struct nlattr *tb[RAMPART_SET_A_MAX + 1];
	struct nlattr *svc[RAMPART_SVC_A_MAX + 1];
	struct nlattr *a;
	u32 seen = 0;
	int rem, err, slot;

	err = nla_parse_nested(tb, RAMPART_SET_A_MAX, item, settings_policy,
			       e->extack);
	if (err)
		return err;
	place(e, tb, RAMPART_SET_A_LINE, RAMPART_SET_A_COL);
	if (s->present)
		return fail(e, item, "settings sent twice");
	nla_for_each_nested(a, item, rem) {
		if (nla_type(a) != RAMPART_SET_A_PROTO)
			continue;
		err = nla_parse_nested(svc, RAMPART_SVC_A_MAX, a, svc_policy,
				       e->extack);
		if (err)
			return err;
		if (svc[RAMPART_SVC_A_NAME] || svc[RAMPART_SVC_A_SPAN])
			return fail(e, a, "protocol settings take no name and no ports");
		slot = get_proto(e, a, svc);
		if (slot < 0)
			return slot;
		if (seen & BIT(slot))
			return fail(e, a, "settings for %s given twice",
				    proto_names[slot]);
		seen |= BIT(slot);
		err = parse_params(e, svc, slot, &s->proto[slot]);
		if (err)
			return err;
	}
	if (tb[RAMPART_SET_A_MAX_CONNECTIONS]) {
		s->max_conn_set = true;
		s->max_connections = nla_get_u32(tb[RAMPART_SET_A_MAX_CONNECTIONS]);
	}
	if (tb[RAMPART_SET_A_LATE_GRACE]) {
		s->late_grace_set = true;
		s->late_grace = nla_get_u8(tb[RAMPART_SET_A_LATE_GRACE]);
	}
	s->line = e->line;
	s->col = e->col;
	s->present = true;
	return 0;
}

/* Copy the repeated string attributes of type @type into an array. */
static int copy_names(struct rampart_policy *p, struct errctx *e,
		      const struct nlattr *item, int type, bool use_any,
		      char (**out)[RAMPART_NAME_LEN], u32 *n)
{
	const struct nlattr *a;
	u32 count = 0, i = 0;
	int rem, err;

	nla_for_each_nested(a, item, rem)
		if (nla_type(a) == type)
			count++;
	*n = 0;
	if (!count)
		return 0;
	*out = tx_alloc(p, count * (size_t)RAMPART_NAME_LEN);
	if (!*out)
		return fail(e, NULL, "policy too large or out of memory");
	nla_for_each_nested(a, item, rem) {
		if (nla_type(a) != type)
			continue;
		err = check_name(e, a, use_any);
		if (err)
			return err;
		if (!strcmp(nla_data(a), "any") && count > 1)
			return fail(e, a, "`any' must stand alone");
		strscpy((*out)[i++], nla_data(a), RAMPART_NAME_LEN);
	}
	*n = count;
	return 0;
}

static void set_hostbits(u8 *last, const u8 *addr, unsigned int bits,
			 unsigned int plen)
{
	unsigned int i;

	memcpy(last, addr, 16);
	for (i = plen; i < bits; i++)
		last[i / 8] |= 0x80 >> (i % 8);
}

/*
 * Append a zeroed element of @size to one of the item arrays; it is freed
 * with the policy even if the item is refused later. NULL with an extack.
 */
static void *append(struct rampart_policy *p, struct errctx *e,
		    const struct nlattr *item, void ***arr, u32 *cap, u32 *n,
		    size_t size, u32 max, const char *what)
{
	void *x = NULL;

	if (*n >= max) {
		fail(e, item, "too many %s (at most %u)", what, max);
		return NULL;
	}
	if (!grow(p, arr, cap, *n))
		x = tx_alloc(p, size);
	if (!x) {
		fail(e, item, "policy too large or out of memory");
		return NULL;
	}
	(*arr)[(*n)++] = x;
	return x;
}

static int add_object(struct rampart_policy *p, const struct nlattr *item,
		      struct errctx *e)
{
	struct nlattr *tb[RAMPART_OBJ_A_MAX + 1];
	struct rampart_object *o;
	unsigned int bytes, i;
	int err;

	err = nla_parse_nested(tb, RAMPART_OBJ_A_MAX, item, obj_policy, e->extack);
	if (err)
		return err;
	place(e, tb, RAMPART_OBJ_A_LINE, RAMPART_OBJ_A_COL);
	if (!tb[RAMPART_OBJ_A_NAME] || !tb[RAMPART_OBJ_A_KIND])
		return fail(e, item, "object needs a name and a kind");
	o = append(p, e, item, (void ***)&p->objects, &p->cap_objects, &p->n_objects,
		   sizeof(*o), RAMPART_POLICY_MAX_OBJECTS, "objects");
	if (!o)
		return -EINVAL;
	err = define_name(p, e, &o->id, RAMPART_NAME_OBJECT,
			  tb[RAMPART_OBJ_A_NAME], "object");
	if (err)
		return err;
	o->kind = nla_get_u8(tb[RAMPART_OBJ_A_KIND]);
	o->line = e->line;
	o->col = e->col;

	if (o->kind == RAMPART_OBJ_GROUP) {
		if (tb[RAMPART_OBJ_A_ADDR] || tb[RAMPART_OBJ_A_LAST] ||
		    tb[RAMPART_OBJ_A_FAMILY] || tb[RAMPART_OBJ_A_PREFIX_LEN])
			return fail(e, item, "group `%s' takes members only",
				    o->id.name);
		err = copy_names(p, e, item, RAMPART_OBJ_A_MEMBER, false,
				 &o->members, &o->n_members);
		if (err)
			return err;
		if (!o->n_members)
			return fail(e, item, "group `%s' has no member", o->id.name);
		for (i = 1; i < o->n_members; i++) {
			unsigned int j;

			for (j = 0; j < i; j++)
				if (!strcmp(o->members[i], o->members[j]))
					return fail(e, item, "group `%s' lists `%s' twice",
						    o->id.name, o->members[i]);
		}
		goto done;
	}

	if (tb[RAMPART_OBJ_A_MEMBER])
		return fail(e, tb[RAMPART_OBJ_A_MEMBER],
			    "only a group has members");
	if (!tb[RAMPART_OBJ_A_FAMILY] || !tb[RAMPART_OBJ_A_ADDR])
		return fail(e, item, "object `%s' needs a family and an address",
			    o->id.name);
	o->family = nla_get_u8(tb[RAMPART_OBJ_A_FAMILY]);
	if (o->family != 4 && o->family != 6)
		return fail(e, tb[RAMPART_OBJ_A_FAMILY], "family %u is not 4 or 6",
			    o->family);
	bytes = o->family == 4 ? 4 : 16;
	nla_memcpy(o->addr, tb[RAMPART_OBJ_A_ADDR], 16);
	if (memchr_inv(o->addr + bytes, 0, 16 - bytes))
		return fail(e, tb[RAMPART_OBJ_A_ADDR],
			    "IPv4 address with bytes beyond the first 4");
	if (o->kind != RAMPART_OBJ_RANGE && tb[RAMPART_OBJ_A_LAST])
		return fail(e, tb[RAMPART_OBJ_A_LAST], "only a range has a last address");
	if (o->kind != RAMPART_OBJ_NETWORK && tb[RAMPART_OBJ_A_PREFIX_LEN])
		return fail(e, tb[RAMPART_OBJ_A_PREFIX_LEN],
			    "only a network has a prefix length");

	switch (o->kind) {
	case RAMPART_OBJ_HOST:
		memcpy(o->last, o->addr, 16);
		break;
	case RAMPART_OBJ_NETWORK:
		if (!tb[RAMPART_OBJ_A_PREFIX_LEN])
			return fail(e, item, "network `%s' needs a prefix length",
				    o->id.name);
		o->prefix_len = nla_get_u8(tb[RAMPART_OBJ_A_PREFIX_LEN]);
		if (o->prefix_len > bytes * 8)
			return fail(e, tb[RAMPART_OBJ_A_PREFIX_LEN],
				    "prefix length %u is above %u", o->prefix_len,
				    bytes * 8);
		set_hostbits(o->last, o->addr, bytes * 8, o->prefix_len);
		for (i = o->prefix_len; i < bytes * 8; i++)
			if (o->addr[i / 8] & (0x80 >> (i % 8)))
				return fail(e, tb[RAMPART_OBJ_A_ADDR],
					    "network `%s' has bits set beyond its prefix length %u",
					    o->id.name, o->prefix_len);
		break;
	case RAMPART_OBJ_RANGE:
		if (!tb[RAMPART_OBJ_A_LAST])
			return fail(e, item, "range `%s' needs a last address",
				    o->id.name);
		nla_memcpy(o->last, tb[RAMPART_OBJ_A_LAST], 16);
		if (memchr_inv(o->last + bytes, 0, 16 - bytes))
			return fail(e, tb[RAMPART_OBJ_A_LAST],
				    "IPv4 address with bytes beyond the first 4");
		if (memcmp(o->addr, o->last, bytes) > 0)
			return fail(e, tb[RAMPART_OBJ_A_LAST],
				    "range `%s' ends before it starts", o->id.name);
		break;
	}
done:
	hash_add(p->names, &o->id.node, name_key(o->id.kind, o->id.name));
	return 0;
}

static int add_service(struct rampart_policy *p, const struct nlattr *item,
		       struct errctx *e)
{
	struct nlattr *tb[RAMPART_SVC_A_MAX + 1];
	struct nlattr *sp[RAMPART_SPAN_A_MAX + 1];
	struct rampart_service *s;
	const struct nlattr *a;
	int rem, err, slot;
	u32 n = 0;

	err = nla_parse_nested(tb, RAMPART_SVC_A_MAX, item, svc_policy, e->extack);
	if (err)
		return err;
	place(e, tb, RAMPART_SVC_A_LINE, RAMPART_SVC_A_COL);
	if (!tb[RAMPART_SVC_A_NAME])
		return fail(e, item, "service needs a name");
	slot = get_proto(e, item, tb);
	if (slot < 0)
		return slot;
	s = append(p, e, item, (void ***)&p->services, &p->cap_services, &p->n_services,
		   sizeof(*s), RAMPART_POLICY_MAX_OBJECTS, "services");
	if (!s)
		return -EINVAL;
	err = define_name(p, e, &s->id, RAMPART_NAME_SERVICE,
			  tb[RAMPART_SVC_A_NAME], "service");
	if (err)
		return err;
	s->proto = nla_get_u8(tb[RAMPART_SVC_A_PROTO]);
	s->index = p->n_services - 1;
	s->line = e->line;
	s->col = e->col;
	err = parse_params(e, tb, slot, &s->given);
	if (err)
		return err;

	nla_for_each_nested(a, item, rem)
		if (nla_type(a) == RAMPART_SVC_A_SPAN)
			n++;
	if (!n)
		return fail(e, item, "service `%s' has no port or type", s->id.name);
	s->spans = tx_alloc(p, n * sizeof(*s->spans));
	if (!s->spans)
		return fail(e, item, "policy too large or out of memory");
	nla_for_each_nested(a, item, rem) {
		struct rampart_port_span *span = &s->spans[s->n_spans];
		bool icmp = slot >= RAMPART_PROTO_ICMP;

		if (nla_type(a) != RAMPART_SVC_A_SPAN)
			continue;
		err = nla_parse_nested(sp, RAMPART_SPAN_A_MAX, a, span_policy,
				       e->extack);
		if (err)
			return err;
		if (!sp[RAMPART_SPAN_A_FIRST])
			return fail(e, a, "span without a first port");
		span->first = nla_get_u16(sp[RAMPART_SPAN_A_FIRST]);
		span->last = sp[RAMPART_SPAN_A_LAST] ?
			nla_get_u16(sp[RAMPART_SPAN_A_LAST]) : span->first;
		if (icmp && (span->first > 255 || span->last != span->first))
			return fail(e, a, "ICMP type %u-%u: one type, 0-255",
				    span->first, span->last);
		if (!icmp && (!span->first || span->last < span->first))
			return fail(e, a, "port span %u-%u: ports 1-65535, first <= last",
				    span->first, span->last);
		s->n_spans++;
	}
	hash_add(p->names, &s->id.node, name_key(s->id.kind, s->id.name));
	return 0;
}

static int smtp_add_verb(struct rampart_smtp *m, const struct nlattr *a,
			 struct errctx *e)
{
	struct rampart_smtp_config *cfg = &m->cfg;
	const char *verb = nla_data(a);
	size_t i, len = strlen(verb);

	if (!len)
		return fail(e, a, "smtp resource `%s': empty verb", m->id.name);
	for (i = 0; i < len; i++)
		if (!isupper(verb[i]) && !isdigit(verb[i]) && verb[i] != '-')
			return fail(e, a, "smtp resource `%s': verb `%s' is not upper case A-Z, 0-9 and -",
				    m->id.name, verb);
	for (i = 0; i < __RAMPART_SMTP_VERB_MAX; i++) {
		if (strcmp(smtp_verbs[i], verb))
			continue;
		if (cfg->verbs & RAMPART_SMTP_VERB_BIT(i))
			return fail(e, a, "smtp resource `%s': verb %s twice",
				    m->id.name, verb);
		cfg->verbs |= RAMPART_SMTP_VERB_BIT(i);
		return 0;
	}
	for (i = 0; i < cfg->n_extra_verbs; i++)
		if (!strcmp(cfg->extra_verbs[i], verb))
			return fail(e, a, "smtp resource `%s': verb %s twice",
				    m->id.name, verb);
	if (cfg->n_extra_verbs == RAMPART_SMTP_MAX_EXTRA_VERBS)
		return fail(e, a, "smtp resource `%s': more than %d verbs beyond the known ones",
			    m->id.name, RAMPART_SMTP_MAX_EXTRA_VERBS);
	strscpy(cfg->extra_verbs[cfg->n_extra_verbs++], verb, RAMPART_SMTP_VERB_MAX + 1);
	return 0;
}

static int smtp_add_pattern(struct rampart_smtp *m, const struct nlattr *a,
			    struct rampart_smtp_pattern *list, u8 *n,
			    const char *what, struct errctx *e)
{
	if (*n == RAMPART_SMTP_MAX_PATTERNS)
		return fail(e, a, "smtp resource `%s': more than %d %s patterns",
			    m->id.name, RAMPART_SMTP_MAX_PATTERNS, what);
	nla_strscpy(list[(*n)++].text, a, RAMPART_SMTP_PATTERN_MAX + 1);
	return 0;
}

static int smtp_add_check_action(struct rampart_smtp *m, const struct nlattr *a,
				 struct errctx *e)
{
	struct nlattr *tb[RAMPART_SMTP_CA_A_MAX + 1];
	u8 check;
	int err;

	err = nla_parse_nested(tb, RAMPART_SMTP_CA_A_MAX, a, smtp_check_action_policy,
			       e->extack);
	if (err)
		return err;
	if (!tb[RAMPART_SMTP_CA_A_CHECK] || !tb[RAMPART_SMTP_CA_A_ACTION])
		return fail(e, a, "smtp resource `%s': a check's action needs the check and the action",
			    m->id.name);
	check = nla_get_u8(tb[RAMPART_SMTP_CA_A_CHECK]);
	if (m->check_given & BIT(check))
		return fail(e, a, "smtp resource `%s': action of check %s given twice",
			    m->id.name, rampart_smtp_check_name(check));
	m->check_given |= BIT(check);
	m->cfg.action[check] = nla_get_u8(tb[RAMPART_SMTP_CA_A_ACTION]);
	return 0;
}

/* The options of an smtp resource, over the parser's defaults. */
static int smtp_options(struct rampart_smtp *m, const struct nlattr *item,
			struct nlattr **tb, struct errctx *e)
{
	struct rampart_smtp_config *cfg = &m->cfg;
	const struct nlattr *a;
	unsigned int c;
	int rem, err;

	rampart_smtp_config_default(cfg);
	if (tb[RAMPART_SMTP_A_VERB]) {
		m->given |= RAMPART_SMTP_GIVEN_VERBS;
		cfg->verbs = 0;
	}
	if (tb[RAMPART_SMTP_A_MAX_LINE]) {
		m->given |= RAMPART_SMTP_GIVEN_MAX_LINE;
		cfg->max_line = nla_get_u32(tb[RAMPART_SMTP_A_MAX_LINE]);
	}
	if (tb[RAMPART_SMTP_A_MAX_REPLY_LINE]) {
		m->given |= RAMPART_SMTP_GIVEN_MAX_REPLY_LINE;
		cfg->max_reply_line = nla_get_u32(tb[RAMPART_SMTP_A_MAX_REPLY_LINE]);
	}
	if (tb[RAMPART_SMTP_A_MAX_RCPTS]) {
		m->given |= RAMPART_SMTP_GIVEN_MAX_RCPTS;
		cfg->max_rcpts = nla_get_u32(tb[RAMPART_SMTP_A_MAX_RCPTS]);
	}
	if (tb[RAMPART_SMTP_A_MAX_SIZE]) {
		m->given |= RAMPART_SMTP_GIVEN_MAX_SIZE;
		cfg->max_size = nla_get_u64(tb[RAMPART_SMTP_A_MAX_SIZE]);
	}
	if (tb[RAMPART_SMTP_A_STARTTLS]) {
		m->given |= RAMPART_SMTP_GIVEN_STARTTLS;
		cfg->starttls_deny = nla_get_u8(tb[RAMPART_SMTP_A_STARTTLS]);
	}
	if (tb[RAMPART_SMTP_A_BANNER]) {
		m->given |= RAMPART_SMTP_GIVEN_BANNER;
		cfg->banner_mask = nla_get_u8(tb[RAMPART_SMTP_A_BANNER]);
	}
	if (tb[RAMPART_SMTP_A_SMUGGLING]) {
		m->given |= RAMPART_SMTP_GIVEN_SMUGGLING;
		cfg->smuggling = nla_get_u8(tb[RAMPART_SMTP_A_SMUGGLING]);
	}
	if (tb[RAMPART_SMTP_A_ACTION]) {
		m->given |= RAMPART_SMTP_GIVEN_ACTION;
		m->action = nla_get_u8(tb[RAMPART_SMTP_A_ACTION]);
		for (c = RAMPART_SMTP_CHECK_VERB; c < __RAMPART_SMTP_CHECK_MAX; c++)
			cfg->action[c] = m->action;
	}
	nla_for_each_nested(a, item, rem) {
		switch (nla_type(a)) {
		case RAMPART_SMTP_A_VERB:
			err = smtp_add_verb(m, a, e);
			break;
		case RAMPART_SMTP_A_SENDER:
			err = smtp_add_pattern(m, a, cfg->senders, &cfg->n_senders,
					       "sender", e);
			break;
		case RAMPART_SMTP_A_RECIPIENT:
			err = smtp_add_pattern(m, a, cfg->recipients,
					       &cfg->n_recipients, "recipient", e);
			break;
		case RAMPART_SMTP_A_CHECK_ACTION:
			err = smtp_add_check_action(m, a, e);
			break;
		default:
			err = 0;
		}
		if (err)
			return err;
	}
	return 0;
}

static int add_smtp(struct rampart_policy *p, const struct nlattr *item,
		    struct errctx *e)
{
	struct nlattr *tb[RAMPART_SMTP_A_MAX + 1];
	struct rampart_smtp *m;
	int err;

	err = nla_parse_nested(tb, RAMPART_SMTP_A_MAX, item, smtp_policy, e->extack);
	if (err)
		return err;
	place(e, tb, RAMPART_SMTP_A_LINE, RAMPART_SMTP_A_COL);
	if (!tb[RAMPART_SMTP_A_NAME])
		return fail(e, item, "smtp resource needs a name");
	m = append(p, e, item, (void ***)&p->smtps, &p->cap_smtps, &p->n_smtps,
		   sizeof(*m), RAMPART_POLICY_MAX_OBJECTS, "smtp resources");
	if (!m)
		return -EINVAL;
	err = define_name(p, e, &m->id, RAMPART_NAME_SMTP,
			  tb[RAMPART_SMTP_A_NAME], "smtp resource");
	if (err)
		return err;
	err = smtp_options(m, item, tb, e);
	if (err)
		return err;
	m->line = e->line;
	m->col = e->col;
	hash_add(p->names, &m->id.node, name_key(m->id.kind, m->id.name));
	return 0;
}

static int add_rule(struct rampart_policy *p, const struct nlattr *item,
		    struct errctx *e)
{
	struct nlattr *tb[RAMPART_RULE_A_MAX + 1];
	struct rampart_rule *r;
	int err;

	err = nla_parse_nested(tb, RAMPART_RULE_A_MAX, item, rule_policy, e->extack);
	if (err)
		return err;
	place(e, tb, RAMPART_RULE_A_LINE, RAMPART_RULE_A_COL);
	if (!tb[RAMPART_RULE_A_NUMBER] || !tb[RAMPART_RULE_A_ACTION])
		return fail(e, item, "rule needs a number and an action");
	r = append(p, e, item, (void ***)&p->rules, &p->cap_rules, &p->n_rules,
		   sizeof(*r), RAMPART_POLICY_MAX_RULES, "rules");
	if (!r)
		return -EINVAL;
	r->number = nla_get_u32(tb[RAMPART_RULE_A_NUMBER]);
	r->action = nla_get_u8(tb[RAMPART_RULE_A_ACTION]);
	r->track_given = !!tb[RAMPART_RULE_A_TRACK];
	r->track = r->track_given ? nla_get_u8(tb[RAMPART_RULE_A_TRACK]) : 0;
	r->line = e->line;
	r->col = e->col;
	err = copy_names(p, e, item, RAMPART_RULE_A_FROM, true, &r->from, &r->n_from);
	if (!err)
		err = copy_names(p, e, item, RAMPART_RULE_A_TO, true, &r->to, &r->n_to);
	if (!err)
		err = copy_names(p, e, item, RAMPART_RULE_A_SERVICE, true,
				 &r->svc, &r->n_svc);
	if (err)
		return err;
	if (tb[RAMPART_RULE_A_IN]) {
		err = check_ifname(e, tb[RAMPART_RULE_A_IN]);
		if (err)
			return err;
		nla_strscpy(r->in, tb[RAMPART_RULE_A_IN], sizeof(r->in));
	}
	if (tb[RAMPART_RULE_A_OUT]) {
		err = check_ifname(e, tb[RAMPART_RULE_A_OUT]);
		if (err)
			return err;
		nla_strscpy(r->out, tb[RAMPART_RULE_A_OUT], sizeof(r->out));
	}
	if (tb[RAMPART_RULE_A_INSPECT]) {
		err = check_name(e, tb[RAMPART_RULE_A_INSPECT], false);
		if (err)
			return err;
		if (r->action != RAMPART_ACTION_ACCEPT)
			return fail(e, tb[RAMPART_RULE_A_INSPECT],
				    "rule %u: only accept rules inspect", r->number);
		nla_strscpy(r->inspect, tb[RAMPART_RULE_A_INSPECT],
			    sizeof(r->inspect));
	}
	return 0;
}

/*
 * Check one item and add it to the transaction. The item's attributes are
 * validated against their policies here too, so callers other than the
 * netlink handler (KUnit) get the same checks.
 */
int rampart_policy_add_item(struct rampart_policy *p, const struct nlattr *item,
			    struct netlink_ext_ack *extack, char *msgbuf,
			    size_t msglen)
{
	struct errctx e = { .extack = extack, .buf = msgbuf, .len = msglen };

	if (nla_total_size(nla_len(item)) > RAMPART_POLICY_MAX_BYTES - p->bytes)
		return fail(&e, item, "policy larger than %u bytes",
			    RAMPART_POLICY_MAX_BYTES);
	switch (nla_type(item)) {
	case RAMPART_A_SETTINGS:
		return add_settings(p, item, &e);
	case RAMPART_A_OBJECT:
		return add_object(p, item, &e);
	case RAMPART_A_SERVICE:
		return add_service(p, item, &e);
	case RAMPART_A_SMTP:
		return add_smtp(p, item, &e);
	case RAMPART_A_RULE:
		return add_rule(p, item, &e);
	}
	return 0;
}
RAMPART_EXPORT_FOR_TESTS(rampart_policy_add_item);

struct rampart_policy *rampart_policy_alloc(void)
{
	struct rampart_policy *p = kvzalloc(sizeof(*p), GFP_KERNEL_ACCOUNT);

	if (p)
		hash_init(p->names);
	return p;
}
RAMPART_EXPORT_FOR_TESTS(rampart_policy_alloc);

static void set_free(struct rampart_addr_set *s)
{
	if (s->borrowed)
		return;
	kvfree(s->v4);
	kvfree(s->v6);
}

void rampart_policy_free(struct rampart_policy *p)
{
	u32 i;

	if (!p)
		return;
	might_sleep();
	for (i = 0; i < p->n_objects; i++) {
		kvfree(p->objects[i]->members);
		set_free(&p->objects[i]->set);
		kvfree(p->objects[i]);
		cond_resched();
	}
	for (i = 0; i < p->n_services; i++) {
		kvfree(p->services[i]->spans);
		kvfree(p->services[i]);
	}
	for (i = 0; i < p->n_smtps; i++)
		kvfree(p->smtps[i]);
	for (i = 0; i < p->n_rules; i++) {
		struct rampart_rule *r = p->rules[i];

		kvfree(r->from);
		kvfree(r->to);
		kvfree(r->svc);
		kvfree(r->svcs);
		set_free(&r->src);
		set_free(&r->dst);
		kvfree(r);
		cond_resched();
	}
	if (p->hits.chunk) {
		for (i = 0; i < DIV_ROUND_UP(p->hits.n, RAMPART_HITS_PER_CHUNK); i++)
			free_percpu(p->hits.chunk[i]);
	}
	kvfree(p->hits.chunk);
	kvfree(p->hits.base);
	kvfree(p->objects);
	kvfree(p->services);
	kvfree(p->smtps);
	kvfree(p->rules);
	mem_cgroup_put(p->memcg);
	kvfree(p);
}
RAMPART_EXPORT_FOR_TESTS(rampart_policy_free);

/* ---- compile ---- */

static int range_cmp(const void *a, const void *b)
{
	const struct rampart_addr_range *x = a, *y = b;

	return memcmp(x->first, y->first, 16);
}

/* a + 1 in place; false when a was the highest address. */
static bool addr_inc(u8 *a, unsigned int bytes)
{
	int i;

	for (i = bytes - 1; i >= 0; i--)
		if (++a[i])
			return true;
	return false;
}

/* Sort and merge overlapping and adjacent ranges; returns the new count. */
static u32 merge_ranges(struct rampart_addr_range *r, u32 n, unsigned int bytes)
{
	u32 i, out = 0;
	u8 next[16];

	if (!n)
		return 0;
	sort(r, n, sizeof(*r), range_cmp, NULL);
	for (i = 1; i < n; i++) {
		memcpy(next, r[out].last, 16);
		if (!addr_inc(next, bytes) || memcmp(r[i].first, next, 16) <= 0) {
			if (memcmp(r[i].last, r[out].last, 16) > 0)
				memcpy(r[out].last, r[i].last, 16);
		} else {
			r[++out] = r[i];
		}
	}
	return out + 1;
}

/*
 * Memory of the compiled form, counted against the namespace's limit and
 * charged to the installer's memory cgroup. -E2BIG past the limit.
 */
static int compiled_alloc(struct rampart_policy *p, void **to, size_t n, size_t size)
{
	size_t bytes;

	if (check_mul_overflow(n, size, &bytes) ||
	    (p->compiled_max && bytes > p->compiled_max - p->compiled))
		return -E2BIG;
	*to = kvmalloc(bytes, GFP_KERNEL_ACCOUNT);
	if (!*to)
		return -ENOMEM;
	p->compiled += bytes;
	return 0;
}

/*
 * The rules' hit counters, one slot per rule, counted in the compiled
 * form's memory: each slot is a u64 on every possible CPU, and one more for
 * the count at the last reset.
 */
static int hits_alloc(struct rampart_policy *p)
{
	u32 n = p->n_rules, chunks = DIV_ROUND_UP(n, RAMPART_HITS_PER_CHUNK), i;
	size_t bytes = (size_t)n * sizeof(u64) * (num_possible_cpus() + 1);
	u64 __percpu **chunk;
	void *base;

	if (p->hits.chunk)
		return 0;		/* compiled before */
	if (p->compiled_max && bytes > p->compiled_max - p->compiled)
		return -E2BIG;
	base = kvcalloc(n, sizeof(u64), GFP_KERNEL_ACCOUNT);
	chunk = kvcalloc(chunks, sizeof(*chunk), GFP_KERNEL_ACCOUNT);
	for (i = 0; base && chunk && i < chunks; i++) {
		u32 slots = min(n - i * RAMPART_HITS_PER_CHUNK, RAMPART_HITS_PER_CHUNK);

		chunk[i] = __alloc_percpu_gfp(slots * sizeof(u64), sizeof(u64),
					      GFP_KERNEL_ACCOUNT);
		if (!chunk[i])
			break;
	}
	if (!base || !chunk || i < chunks) {
		while (chunk && i--)
			free_percpu(chunk[i]);
		kvfree(chunk);
		kvfree(base);
		return -ENOMEM;
	}
	p->hits.base = base;
	p->hits.chunk = chunk;
	p->hits.n = n;
	p->compiled += bytes;
	return 0;
}

u64 rampart_policy_hits(const struct rampart_policy *p, u32 number, bool reset)
{
	u32 slot = number - 1;
	const u64 __percpu *c;
	unsigned int cpu;
	u64 sum = 0, since;

	if (!number || slot >= p->hits.n)
		return 0;
	c = p->hits.chunk[slot / RAMPART_HITS_PER_CHUNK] + slot % RAMPART_HITS_PER_CHUNK;
	for_each_possible_cpu(cpu)
		sum += READ_ONCE(*per_cpu_ptr(c, cpu));
	since = sum - READ_ONCE(p->hits.base[slot]);
	if (reset)
		WRITE_ONCE(p->hits.base[slot], sum);
	return since;
}
RAMPART_EXPORT_FOR_TESTS(rampart_policy_hits);

static int compiled_fail(struct rampart_policy *p, struct errctx *e, int err)
{
	if (err == -E2BIG)
		return fail(e, NULL, "the compiled policy needs more than %zu bytes, the limit in this namespace (module parameter %s)",
			    p->compiled_max, p->compiled_param ?: "none");
	return fail(e, NULL, "out of memory");
}

/*
 * Union of sets into @dst (empty on entry). The union of one set is that
 * set, borrowed: a group of one member and a rule naming one object (or
 * group) copy nothing, however many rules name it.
 */
static int set_union(struct rampart_policy *p, struct rampart_addr_set *dst,
		     const struct rampart_addr_set *const *src, u32 n)
{
	u32 i, n4 = 0, n6 = 0;
	int err;

	if (n == 1) {
		*dst = *src[0];
		dst->borrowed = true;
		return 0;
	}
	for (i = 0; i < n; i++) {
		n4 += src[i]->n4;
		n6 += src[i]->n6;
	}
	if (n4) {
		err = compiled_alloc(p, (void **)&dst->v4, n4, sizeof(*dst->v4));
		if (err)
			return err;
	}
	if (n6) {
		err = compiled_alloc(p, (void **)&dst->v6, n6, sizeof(*dst->v6));
		if (err)
			return err;
	}
	for (i = 0; i < n; i++) {
		memcpy(dst->v4 + dst->n4, src[i]->v4, src[i]->n4 * sizeof(*dst->v4));
		dst->n4 += src[i]->n4;
		memcpy(dst->v6 + dst->n6, src[i]->v6, src[i]->n6 * sizeof(*dst->v6));
		dst->n6 += src[i]->n6;
	}
	dst->n4 = merge_ranges(dst->v4, dst->n4, 4);
	dst->n6 = merge_ranges(dst->v6, dst->n6, 16);
	return 0;
}

static struct rampart_object *find_object(const struct rampart_policy *p,
					  const char *name)
{
	struct rampart_named *n = lookup(p, RAMPART_NAME_OBJECT, name);

	return n ? container_of(n, struct rampart_object, id) : NULL;
}

/* A host, range or network: one range, kept in the object itself. */
static void object_leaf_set(struct rampart_object *o)
{
	struct rampart_addr_range *r = &o->leaf;

	memcpy(r->first, o->addr, 16);
	memcpy(r->last, o->last, 16);
	memset(&o->set, 0, sizeof(o->set));
	o->set.borrowed = true;
	if (o->family == 4) {
		o->set.v4 = r;
		o->set.n4 = 1;
	} else {
		o->set.v6 = r;
		o->set.n6 = 1;
	}
}

/*
 * Flatten every object into its address set. Groups are walked depth
 * first with an explicit stack (a chain of 65535 nested groups must not
 * overflow the kernel stack); a group met again while open is a cycle.
 */
static int flatten_objects(struct rampart_policy *p, struct errctx *e)
{
	struct rampart_object **stack;
	const struct rampart_addr_set **sets;
	u32 *pos, i, depth;
	int err = 0;

	for (i = 0; i < p->n_objects; i++) {
		struct rampart_object *o = p->objects[i];

		o->visit = 0;
		if (o->kind != RAMPART_OBJ_GROUP) {
			object_leaf_set(o);
			o->visit = 2;
		}
		cond_resched();
	}
	stack = kvmalloc_array(p->n_objects + 1, sizeof(*stack), GFP_KERNEL_ACCOUNT);
	pos = kvmalloc_array(p->n_objects + 1, sizeof(*pos), GFP_KERNEL_ACCOUNT);
	sets = NULL;
	if (!stack || !pos) {
		err = fail(e, NULL, "out of memory");
		goto out;
	}
	for (i = 0; i < p->n_objects && !err; i++) {
		cond_resched();
		if (p->objects[i]->visit)
			continue;
		depth = 0;
		stack[0] = p->objects[i];
		pos[0] = 0;
		stack[0]->visit = 1;
		while (depth != U32_MAX) {
			struct rampart_object *g = stack[depth], *m;
			u32 k;

			if (pos[depth] < g->n_members) {
				const char *name = g->members[pos[depth]++];

				m = find_object(p, name);
				e->line = g->line;
				e->col = g->col;
				if (!m) {
					err = fail(e, NULL, "group `%s': unknown object `%s'",
						   g->id.name, name);
					goto out;
				}
				if (m->visit == 1) {
					err = fail(e, NULL, "group `%s' contains itself through `%s'",
						   m->id.name, g->id.name);
					goto out;
				}
				if (m->visit == 0) {
					m->visit = 1;
					stack[++depth] = m;
					pos[depth] = 0;
				}
				continue;
			}
			/* All members done: the group's set is their union. */
			sets = kvmalloc_array(g->n_members, sizeof(*sets), GFP_KERNEL_ACCOUNT);
			if (!sets) {
				err = fail(e, NULL, "out of memory");
				goto out;
			}
			for (k = 0; k < g->n_members; k++)
				sets[k] = &find_object(p, g->members[k])->set;
			err = set_union(p, &g->set, sets, g->n_members);
			if (err)
				err = compiled_fail(p, e, err);
			kvfree(sets);
			sets = NULL;
			if (err)
				goto out;
			g->visit = 2;
			depth--;
		}
	}
out:
	kvfree(stack);
	kvfree(pos);
	return err;
}

static bool is_any(u32 n, char (*names)[RAMPART_NAME_LEN])
{
	return !n || (n == 1 && !strcmp(names[0], "any"));
}

static int rule_side(struct rampart_policy *p, struct rampart_rule *r,
		     struct errctx *e, u32 n, char (*names)[RAMPART_NAME_LEN],
		     bool *any, struct rampart_addr_set *set)
{
	const struct rampart_addr_set **sets;
	u32 i;
	int err;

	*any = is_any(n, names);
	if (*any)
		return 0;
	sets = kvmalloc_array(n, sizeof(*sets), GFP_KERNEL_ACCOUNT);
	if (!sets)
		return fail(e, NULL, "out of memory");
	for (i = 0; i < n; i++) {
		struct rampart_object *o = find_object(p, names[i]);

		if (!o) {
			kvfree(sets);
			return fail(e, NULL, "rule %u: unknown object `%s'",
				    r->number, names[i]);
		}
		sets[i] = &o->set;
	}
	err = set_union(p, set, sets, n);
	kvfree(sets);
	return err ? compiled_fail(p, e, err) : 0;
}

static int compile_rule(struct rampart_policy *p, struct rampart_rule *r,
			struct errctx *e)
{
	struct rampart_named *n;
	int err;
	u32 i;

	e->line = r->line;
	e->col = r->col;
	err = rule_side(p, r, e, r->n_from, r->from, &r->src_any, &r->src);
	if (!err)
		err = rule_side(p, r, e, r->n_to, r->to, &r->dst_any, &r->dst);
	if (err)
		return err;
	if (!is_any(r->n_svc, r->svc)) {
		err = compiled_alloc(p, (void **)&r->svcs, r->n_svc, sizeof(*r->svcs));
		if (err)
			return compiled_fail(p, e, err);
		for (i = 0; i < r->n_svc; i++) {
			n = lookup(p, RAMPART_NAME_SERVICE, r->svc[i]);
			if (!n)
				return fail(e, NULL, "rule %u: unknown service `%s'",
					    r->number, r->svc[i]);
			r->svcs[i] = container_of(n, struct rampart_service, id);
		}
	}
	if (r->inspect[0]) {
		n = lookup(p, RAMPART_NAME_SMTP, r->inspect);
		if (!n)
			return fail(e, NULL, "rule %u: unknown smtp resource `%s'",
				    r->number, r->inspect);
		r->smtp = container_of(n, struct rampart_smtp, id);
		if (!r->svcs)
			return fail(e, NULL, "rule %u: inspect needs tcp services, not any",
				    r->number);
		for (i = 0; i < r->n_svc; i++)
			if (r->svcs[i]->proto != IPPROTO_TCP)
				return fail(e, NULL, "rule %u: inspect needs tcp services; `%s' is not tcp",
					    r->number, r->svcs[i]->id.name);
	}
	return 0;
}

/* Check Point's defaults (docs/policy.md). */
static const struct rampart_svc_params builtin[RAMPART_NPROTOS] = {
	[RAMPART_PROTO_TCP] = { .timeout_start = 25, .timeout_idle = 3600,
				.timeout_end = 20 },
	[RAMPART_PROTO_UDP] = { .timeout_idle = 40 },
	[RAMPART_PROTO_ICMP] = { .timeout_idle = 30 },
	[RAMPART_PROTO_ICMPV6] = { .timeout_idle = 30 },
};

#define PICK(field, bit) \
	((s->given.set & (bit)) ? s->given.field : \
	 (d->set & (bit)) ? d->field : builtin[slot].field)

static void service_defaults(const struct rampart_policy *p,
			     struct rampart_service *s)
{
	int slot = rampart_proto_slot(s->proto);
	const struct rampart_svc_params *d = &p->settings.proto[slot];

	s->timeout_start = PICK(timeout_start, RAMPART_P_START);
	s->timeout_idle = PICK(timeout_idle, RAMPART_P_IDLE);
	s->timeout_end = PICK(timeout_end, RAMPART_P_END);
	s->out_of_state = PICK(out_of_state, RAMPART_P_OUT_OF_STATE);
	s->pickup = PICK(pickup, RAMPART_P_PICKUP);
}

static void proto_defaults(struct rampart_policy *p, int slot)
{
	const struct rampart_svc_params *d = &p->settings.proto[slot];
	struct rampart_proto_defaults *o = &p->defaults[slot];

#define DEFAULT(field, bit) ((d->set & (bit)) ? d->field : builtin[slot].field)
	o->timeout_start = DEFAULT(timeout_start, RAMPART_P_START);
	o->timeout_idle = DEFAULT(timeout_idle, RAMPART_P_IDLE);
	o->timeout_end = DEFAULT(timeout_end, RAMPART_P_END);
	o->out_of_state = DEFAULT(out_of_state, RAMPART_P_OUT_OF_STATE);
	o->pickup = DEFAULT(pickup, RAMPART_P_PICKUP);
#undef DEFAULT
}

/*
 * Checks that need the whole policy, then the compiled form. On failure
 * the policy is left for rampart_policy_free() only.
 */
int rampart_policy_compile(struct rampart_policy *p,
			   struct netlink_ext_ack *extack, char *msgbuf,
			   size_t msglen)
{
	struct errctx e = { .extack = extack, .buf = msgbuf, .len = msglen };
	u32 i;
	int err;

	for (i = 0; i < p->n_rules; i++) {
		if (p->rules[i]->number != i + 1) {
			e.line = p->rules[i]->line;
			e.col = p->rules[i]->col;
			return fail(&e, NULL, "rule numbered %u where rule %u was expected",
				    p->rules[i]->number, i + 1);
		}
	}
	err = flatten_objects(p, &e);
	if (err)
		return err;
	for (i = 0; i < p->n_services; i++)
		service_defaults(p, p->services[i]);
	for (i = 0; i < RAMPART_NPROTOS; i++)
		proto_defaults(p, i);
	p->late_grace = p->settings.late_grace_set ? p->settings.late_grace : true;
	p->max_connections = p->settings.max_conn_set ?
			     p->settings.max_connections : 0;
	if (p->max_connections_cap && p->max_connections > p->max_connections_cap) {
		e.line = p->settings.line;
		e.col = p->settings.col;
		return fail(&e, NULL, "max-connections %u is above %u, the limit in a namespace not owned by the initial user namespace (module parameter userns_max_connections)",
			    p->max_connections, p->max_connections_cap);
	}
	for (i = 0; i < p->n_rules; i++) {
		err = compile_rule(p, p->rules[i], &e);
		if (err)
			return err;
		if (p->rules[i]->out[0])
			p->has_out_rules = true;
		cond_resched();
	}
	err = hits_alloc(p);
	if (err)
		return compiled_fail(p, &e, err);
	return 0;
}
RAMPART_EXPORT_FOR_TESTS(rampart_policy_compile);

/* ---- match ---- */

static bool set_has(const struct rampart_addr_set *s, u8 family, const void *a)
{
	const struct rampart_addr_range *r = family == NFPROTO_IPV4 ? s->v4 : s->v6;
	u32 lo = 0, hi = family == NFPROTO_IPV4 ? s->n4 : s->n6;
	unsigned int bytes = family == NFPROTO_IPV4 ? 4 : 16;

	/* The last range whose first address is <= a. */
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;

		if (memcmp(r[mid].first, a, bytes) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo && memcmp(a, r[lo - 1].last, bytes) <= 0;
}

static bool service_has(const struct rampart_service *s, u8 proto, u16 dport)
{
	u32 i;

	if (s->proto != proto)
		return false;
	for (i = 0; i < s->n_spans; i++)
		if (dport >= s->spans[i].first && dport <= s->spans[i].last)
			return true;
	return false;
}

static bool iface_is(const struct net *net, int ifindex, const char *name)
{
	const struct net_device *dev;

	if (!name[0])
		return true;
	dev = dev_get_by_index_rcu((struct net *)net, ifindex);
	return dev && !strcmp(dev->name, name);
}

/*
 * The first rule that matches a new connection, or NULL for the implicit
 * final drop. @family is NFPROTO_IPV4 or NFPROTO_IPV6; for ICMP, @dport
 * is the type. Call under rcu_read_lock().
 */
const struct rampart_rule *
rampart_policy_match(const struct rampart_policy *p, u8 family,
		     const void *saddr, const void *daddr, u8 proto, u16 sport,
		     u16 dport, int ifindex_in, int ifindex_out,
		     const struct net *net, const struct rampart_service **svc)
{
	u32 i, k;

	for (i = 0; i < p->n_rules; i++) {
		const struct rampart_rule *r = p->rules[i];

		if (!r->src_any && !set_has(&r->src, family, saddr))
			continue;
		if (!r->dst_any && !set_has(&r->dst, family, daddr))
			continue;
		k = 0;
		if (r->svcs) {
			for (; k < r->n_svc; k++)
				if (service_has(r->svcs[k], proto, dport))
					break;
			if (k == r->n_svc)
				continue;
		}
		if (!iface_is(net, ifindex_in, r->in) ||
		    !iface_is(net, ifindex_out, r->out))
			continue;
		*svc = r->svcs ? r->svcs[k] : NULL;
		return r;
	}
	*svc = NULL;
	return NULL;
}
RAMPART_EXPORT_FOR_TESTS(rampart_policy_match);

/* ---- transactions and install ---- */

static void tx_free(struct rampart_net *rn)
{
	struct rampart_policy_tx *tx = rn->policy_tx;

	if (!tx)
		return;
	rampart_policy_free(tx->p);
	kfree(tx);
	rn->policy_tx = NULL;
	WRITE_ONCE(rn->policy_tx_ticket, 0);
	WRITE_ONCE(rn->policy_tx_portid, 0);
}

/* The caller's open transaction, or NULL with an extack. Under rn->lock. */
static struct rampart_policy_tx *tx_get(struct rampart_net *rn,
					struct genl_info *info, bool poisoned_ok)
{
	struct rampart_policy_tx *tx = rn->policy_tx;
	u32 ticket;

	if (GENL_REQ_ATTR_CHECK(info, RAMPART_A_POLICY_TICKET))
		return ERR_PTR(-EINVAL);
	ticket = nla_get_u32(info->attrs[RAMPART_A_POLICY_TICKET]);
	if (!tx || tx->ticket != ticket ||
	    READ_ONCE(rn->policy_tx_orphan) == ticket) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[RAMPART_A_POLICY_TICKET],
				    "no open policy transaction with this ticket");
		return ERR_PTR(-ENOENT);
	}
	if (tx->portid != info->snd_portid) {
		NL_SET_ERR_MSG(info->extack,
			       "the policy transaction belongs to another socket");
		return ERR_PTR(-EPERM);
	}
	if (tx->poisoned && !poisoned_ok) {
		NL_SET_ERR_MSG(info->extack,
			       "the policy transaction refused an item: only abort is accepted");
		return ERR_PTR(-EINVAL);
	}
	return tx;
}

int rampart_nl_policy_begin(struct sk_buff *skb, struct genl_info *info)
{
	struct rampart_net *rn = rampart_pernet(genl_info_net(info));
	struct rampart_policy_tx *tx;
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &rampart_genl_family, 0,
				info->genlhdr->cmd);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	mutex_lock(&rn->lock);
	if (rn->policy_tx && READ_ONCE(rn->policy_tx_orphan) == rn->policy_tx->ticket)
		tx_free(rn);	/* its socket closed; the release work is late */
	if (rn->policy_tx) {
		snprintf(rn->msg, sizeof(rn->msg) - 1,
			 "a policy transaction is open, owned by port id %u",
			 rn->policy_tx->portid);
		info->extack->_msg = rn->msg;
		err = -EBUSY;
		goto fail;
	}
	tx = kzalloc(sizeof(*tx), GFP_KERNEL_ACCOUNT);
	if (tx)
		tx->p = rampart_policy_alloc();
	if (!tx || !tx->p) {
		kfree(tx);
		err = -ENOMEM;
		goto fail;
	}
	do {
		tx->ticket = get_random_u32();
	} while (!tx->ticket || tx->ticket == READ_ONCE(rn->policy_tx_orphan));
	tx->portid = info->snd_portid;
	if (nla_put_u32(msg, RAMPART_A_POLICY_TICKET, tx->ticket)) {
		rampart_policy_free(tx->p);
		kfree(tx);
		err = -EMSGSIZE;
		goto fail;
	}
	rn->policy_tx = tx;
	WRITE_ONCE(rn->policy_tx_portid, tx->portid);
	WRITE_ONCE(rn->policy_tx_ticket, tx->ticket);
	mutex_unlock(&rn->lock);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

fail:
	mutex_unlock(&rn->lock);
	nlmsg_free(msg);
	return err;
}

int rampart_nl_policy_add(struct sk_buff *skb, struct genl_info *info)
{
	struct rampart_net *rn = rampart_pernet(genl_info_net(info));
	struct rampart_policy_tx *tx;
	const struct nlattr *a;
	int rem, err = 0;

	mutex_lock(&rn->lock);
	tx = tx_get(rn, info, false);
	if (IS_ERR(tx)) {
		err = PTR_ERR(tx);
		goto out;
	}
	nlmsg_for_each_attr(a, info->nlhdr, GENL_HDRLEN, rem) {
		err = rampart_policy_add_item(tx->p, a, info->extack, rn->msg,
					      sizeof(rn->msg) - 1);
		if (err) {
			tx->poisoned = true;
			break;
		}
		cond_resched();
	}
out:
	mutex_unlock(&rn->lock);
	return err;
}

/* Replaced policies: freed here, after a grace period, in process context. */
static struct workqueue_struct *policy_free_wq;

static void policy_free_work(struct work_struct *work)
{
	rampart_policy_free(container_of(to_rcu_work(work), struct rampart_policy,
					 free_work));
}

/* Under rn->lock. */
static void policy_replace(struct rampart_net *rn, struct rampart_policy *p)
{
	struct rampart_policy *old;

	if (p)
		p->generation = rn->policy_gen + 1;
	old = rcu_replace_pointer(rn->policy, p, lockdep_is_held(&rn->lock));
	WRITE_ONCE(rn->policy_gen, rn->policy_gen + 1);
	if (old) {
		INIT_RCU_WORK(&old->free_work, policy_free_work);
		queue_rcu_work(policy_free_wq, &old->free_work);
	}
}

int rampart_nl_policy_commit(struct sk_buff *skb, struct genl_info *info)
{
	struct rampart_net *rn = rampart_pernet(genl_info_net(info));
	struct rampart_policy_tx *tx;
	struct rampart_policy *p;
	u32 flags = 0;
	int err;

	if (info->attrs[RAMPART_A_POLICY_FLAGS])
		flags = nla_get_u32(info->attrs[RAMPART_A_POLICY_FLAGS]);
	mutex_lock(&rn->lock);
	tx = tx_get(rn, info, false);
	if (IS_ERR(tx)) {
		err = PTR_ERR(tx);
		goto out;
	}
	/* The transaction ends here, whatever the outcome. */
	p = tx->p;
	tx->p = NULL;
	tx_free(rn);
	p->compiled_max = rampart_policy_memory_limit(rn->net, &p->compiled_param);
	if (rampart_net_tenant(rn->net))
		p->max_connections_cap = READ_ONCE(rampart_param_userns_max_connections);
	err = rampart_policy_compile(p, info->extack, rn->msg, sizeof(rn->msg) - 1);
	if (err || (flags & RAMPART_POLICY_F_VERIFY_ONLY)) {
		rampart_policy_free(p);
		goto out;
	}
	if (!rn->started) {
		err = rampart_chain_start(rn);
		if (err) {
			NL_SET_ERR_MSG(info->extack,
				       "cannot register netfilter hooks or enable defragmentation");
			rampart_policy_free(p);
			goto out;
		}
	}
	/* What the namespace allocates from now on is charged to the installer. */
	p->memcg = get_mem_cgroup_from_mm(current->mm);
	policy_replace(rn, p);
	WRITE_ONCE(rn->conns.max, p->max_connections ?: rampart_default_max_connections(rn->net));
	rampart_fw_rematch(rn, flags & RAMPART_POLICY_F_KEEP_CONNECTIONS);
	/* A lowered maximum: evict the excess now, not from the packet path. */
	rampart_conn_trim(&rn->conns, jiffies, UINT_MAX);
	WRITE_ONCE(rn->conns.policy_gen, p->generation);
out:
	mutex_unlock(&rn->lock);
	return err;
}

int rampart_nl_policy_abort(struct sk_buff *skb, struct genl_info *info)
{
	struct rampart_net *rn = rampart_pernet(genl_info_net(info));
	struct rampart_policy_tx *tx;
	int err = 0;

	mutex_lock(&rn->lock);
	tx = tx_get(rn, info, true);
	if (IS_ERR(tx))
		err = PTR_ERR(tx);
	else
		tx_free(rn);
	mutex_unlock(&rn->lock);
	return err;
}

int rampart_nl_policy_uninstall(struct sk_buff *skb, struct genl_info *info)
{
	struct rampart_net *rn = rampart_pernet(genl_info_net(info));
	int err = 0;

	mutex_lock(&rn->lock);
	if (!rcu_access_pointer(rn->policy)) {
		NL_SET_ERR_MSG(info->extack, "no policy is installed");
		err = -ENOENT;
	} else {
		if (rn->started)
			rampart_chain_stop(rn);
		policy_replace(rn, NULL);
		/* No hooks: nothing may linger in the table unseen by the GC. */
		rampart_conn_flush(&rn->conns, NULL, NULL, RAMPART_REMOVED_POLICY,
				   jiffies);
		WRITE_ONCE(rn->conns.max, rampart_default_max_connections(rn->net));
	}
	mutex_unlock(&rn->lock);
	return err;
}

/* ---- dump ---- */

static int put_names(struct sk_buff *msg, int type, u32 n,
		     char (*names)[RAMPART_NAME_LEN])
{
	u32 i;

	for (i = 0; i < n; i++)
		if (nla_put_string(msg, type, names[i]))
			return -EMSGSIZE;
	return 0;
}

static int put_params(struct sk_buff *msg, const struct rampart_svc_params *v)
{
	if (((v->set & RAMPART_P_START) &&
	     nla_put_u32(msg, RAMPART_SVC_A_TIMEOUT_START, v->timeout_start)) ||
	    ((v->set & RAMPART_P_IDLE) &&
	     nla_put_u32(msg, RAMPART_SVC_A_TIMEOUT_IDLE, v->timeout_idle)) ||
	    ((v->set & RAMPART_P_END) &&
	     nla_put_u32(msg, RAMPART_SVC_A_TIMEOUT_END, v->timeout_end)) ||
	    ((v->set & RAMPART_P_OUT_OF_STATE) &&
	     nla_put_u8(msg, RAMPART_SVC_A_OUT_OF_STATE, v->out_of_state)) ||
	    ((v->set & RAMPART_P_PICKUP) &&
	     nla_put_u8(msg, RAMPART_SVC_A_PICKUP, v->pickup)))
		return -EMSGSIZE;
	return 0;
}

static const u8 slot_proto[RAMPART_NPROTOS] = {
	IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP, IPPROTO_ICMPV6,
};

static int put_settings(struct sk_buff *msg, const struct rampart_policy_settings *s)
{
	struct nlattr *nest;
	unsigned int i;

	if ((s->max_conn_set &&
	     nla_put_u32(msg, RAMPART_SET_A_MAX_CONNECTIONS, s->max_connections)) ||
	    (s->late_grace_set &&
	     nla_put_u8(msg, RAMPART_SET_A_LATE_GRACE, s->late_grace)))
		return -EMSGSIZE;
	for (i = 0; i < RAMPART_NPROTOS; i++) {
		if (!s->proto[i].set)
			continue;
		nest = nla_nest_start(msg, RAMPART_SET_A_PROTO);
		if (!nest || nla_put_u8(msg, RAMPART_SVC_A_PROTO, slot_proto[i]) ||
		    put_params(msg, &s->proto[i]))
			return -EMSGSIZE;
		nla_nest_end(msg, nest);
	}
	return 0;
}

static int put_object(struct sk_buff *msg, const struct rampart_object *o)
{
	if (nla_put_string(msg, RAMPART_OBJ_A_NAME, o->id.name) ||
	    nla_put_u8(msg, RAMPART_OBJ_A_KIND, o->kind))
		return -EMSGSIZE;
	if (o->kind == RAMPART_OBJ_GROUP)
		return put_names(msg, RAMPART_OBJ_A_MEMBER, o->n_members, o->members);
	if (nla_put_u8(msg, RAMPART_OBJ_A_FAMILY, o->family) ||
	    nla_put(msg, RAMPART_OBJ_A_ADDR, 16, o->addr) ||
	    (o->kind == RAMPART_OBJ_RANGE &&
	     nla_put(msg, RAMPART_OBJ_A_LAST, 16, o->last)) ||
	    (o->kind == RAMPART_OBJ_NETWORK &&
	     nla_put_u8(msg, RAMPART_OBJ_A_PREFIX_LEN, o->prefix_len)))
		return -EMSGSIZE;
	return 0;
}

static int put_service(struct sk_buff *msg, const struct rampart_service *s)
{
	struct nlattr *nest;
	u32 i;

	if (nla_put_string(msg, RAMPART_SVC_A_NAME, s->id.name) ||
	    nla_put_u8(msg, RAMPART_SVC_A_PROTO, s->proto) ||
	    put_params(msg, &s->given))
		return -EMSGSIZE;
	for (i = 0; i < s->n_spans; i++) {
		nest = nla_nest_start(msg, RAMPART_SVC_A_SPAN);
		if (!nest ||
		    nla_put_u16(msg, RAMPART_SPAN_A_FIRST, s->spans[i].first) ||
		    nla_put_u16(msg, RAMPART_SPAN_A_LAST, s->spans[i].last))
			return -EMSGSIZE;
		nla_nest_end(msg, nest);
	}
	return 0;
}

static int put_rule(struct sk_buff *msg, const struct rampart_policy *p,
		    const struct rampart_rule *r)
{
	if (nla_put_u32(msg, RAMPART_RULE_A_NUMBER, r->number) ||
	    nla_put_u64_64bit(msg, RAMPART_RULE_A_HITS,
			      rampart_policy_hits(p, r->number, false),
			      RAMPART_RULE_A_PAD) ||
	    nla_put_u8(msg, RAMPART_RULE_A_ACTION, r->action) ||
	    (r->track_given && nla_put_u8(msg, RAMPART_RULE_A_TRACK, r->track)) ||
	    put_names(msg, RAMPART_RULE_A_FROM, r->n_from, r->from) ||
	    put_names(msg, RAMPART_RULE_A_TO, r->n_to, r->to) ||
	    put_names(msg, RAMPART_RULE_A_SERVICE, r->n_svc, r->svc) ||
	    (r->in[0] && nla_put_string(msg, RAMPART_RULE_A_IN, r->in)) ||
	    (r->out[0] && nla_put_string(msg, RAMPART_RULE_A_OUT, r->out)) ||
	    (r->inspect[0] &&
	     nla_put_string(msg, RAMPART_RULE_A_INSPECT, r->inspect)))
		return -EMSGSIZE;
	return 0;
}

static int put_smtp_patterns(struct sk_buff *msg, int type,
			     const struct rampart_smtp_pattern *list, u8 n)
{
	u8 i;

	for (i = 0; i < n; i++)
		if (nla_put_string(msg, type, list[i].text))
			return -EMSGSIZE;
	return 0;
}

static int put_smtp(struct sk_buff *msg, const struct rampart_smtp *m)
{
	const struct rampart_smtp_config *cfg = &m->cfg;
	struct nlattr *nest;
	unsigned int i;

	if (nla_put_string(msg, RAMPART_SMTP_A_NAME, m->id.name))
		return -EMSGSIZE;
	if (m->given & RAMPART_SMTP_GIVEN_VERBS) {
		for (i = 0; i < __RAMPART_SMTP_VERB_MAX; i++)
			if ((cfg->verbs & RAMPART_SMTP_VERB_BIT(i)) &&
			    nla_put_string(msg, RAMPART_SMTP_A_VERB, smtp_verbs[i]))
				return -EMSGSIZE;
		for (i = 0; i < cfg->n_extra_verbs; i++)
			if (nla_put_string(msg, RAMPART_SMTP_A_VERB, cfg->extra_verbs[i]))
				return -EMSGSIZE;
	}
	if (((m->given & RAMPART_SMTP_GIVEN_MAX_LINE) &&
	     nla_put_u32(msg, RAMPART_SMTP_A_MAX_LINE, cfg->max_line)) ||
	    ((m->given & RAMPART_SMTP_GIVEN_MAX_REPLY_LINE) &&
	     nla_put_u32(msg, RAMPART_SMTP_A_MAX_REPLY_LINE, cfg->max_reply_line)) ||
	    ((m->given & RAMPART_SMTP_GIVEN_MAX_RCPTS) &&
	     nla_put_u32(msg, RAMPART_SMTP_A_MAX_RCPTS, cfg->max_rcpts)) ||
	    ((m->given & RAMPART_SMTP_GIVEN_MAX_SIZE) &&
	     nla_put_u64_64bit(msg, RAMPART_SMTP_A_MAX_SIZE, cfg->max_size,
			       RAMPART_SMTP_A_PAD)) ||
	    ((m->given & RAMPART_SMTP_GIVEN_STARTTLS) &&
	     nla_put_u8(msg, RAMPART_SMTP_A_STARTTLS, cfg->starttls_deny)) ||
	    ((m->given & RAMPART_SMTP_GIVEN_BANNER) &&
	     nla_put_u8(msg, RAMPART_SMTP_A_BANNER, cfg->banner_mask)) ||
	    ((m->given & RAMPART_SMTP_GIVEN_SMUGGLING) &&
	     nla_put_u8(msg, RAMPART_SMTP_A_SMUGGLING, cfg->smuggling)) ||
	    ((m->given & RAMPART_SMTP_GIVEN_ACTION) &&
	     nla_put_u8(msg, RAMPART_SMTP_A_ACTION, m->action)) ||
	    put_smtp_patterns(msg, RAMPART_SMTP_A_SENDER, cfg->senders, cfg->n_senders) ||
	    put_smtp_patterns(msg, RAMPART_SMTP_A_RECIPIENT, cfg->recipients,
			      cfg->n_recipients))
		return -EMSGSIZE;
	for (i = RAMPART_SMTP_CHECK_VERB; i < __RAMPART_SMTP_CHECK_MAX; i++) {
		if (!(m->check_given & BIT(i)))
			continue;
		nest = nla_nest_start(msg, RAMPART_SMTP_A_CHECK_ACTION);
		if (!nest || nla_put_u8(msg, RAMPART_SMTP_CA_A_CHECK, i) ||
		    nla_put_u8(msg, RAMPART_SMTP_CA_A_ACTION, cfg->action[i]))
			return -EMSGSIZE;
		nla_nest_end(msg, nest);
	}
	return 0;
}

/* Item number i of the dump order: settings, objects, services, smtp, rules. */
static int put_item(struct sk_buff *msg, const struct rampart_policy *p, u32 i)
{
	struct nlattr *nest;
	int type, err;

	if (!p->settings.present)
		i++;
	type = 0;
	if (i == 0)
		type = RAMPART_A_SETTINGS;
	else
		i--;
	if (!type && i < p->n_objects)
		type = RAMPART_A_OBJECT;
	else if (!type)
		i -= p->n_objects;
	if (!type && i < p->n_services)
		type = RAMPART_A_SERVICE;
	else if (!type)
		i -= p->n_services;
	if (!type && i < p->n_smtps)
		type = RAMPART_A_SMTP;
	else if (!type)
		i -= p->n_smtps;
	if (!type && i < p->n_rules)
		type = RAMPART_A_RULE;
	if (!type)
		return -ENOENT;
	nest = nla_nest_start(msg, type);
	if (!nest)
		return -EMSGSIZE;
	switch (type) {
	case RAMPART_A_SETTINGS:
		err = put_settings(msg, &p->settings);
		break;
	case RAMPART_A_OBJECT:
		err = put_object(msg, p->objects[i]);
		break;
	case RAMPART_A_SERVICE:
		err = put_service(msg, p->services[i]);
		break;
	case RAMPART_A_SMTP:
		err = put_smtp(msg, p->smtps[i]);
		break;
	default:
		err = put_rule(msg, p, p->rules[i]);
		break;
	}
	if (err) {
		nla_nest_cancel(msg, nest);
		return err;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/*
 * cb->args[0]: the next item; cb->args[1]: 1 once the dump is done.
 * cb->seq is the policy generation: a reinstall during the dump marks the
 * next message NLM_F_DUMP_INTR.
 */
int rampart_nl_policy_get_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct rampart_net *rn = rampart_pernet(sock_net(skb->sk));
	const struct rampart_policy *p;
	u32 i = cb->args[0], sent = 0;
	void *hdr;
	int err = 0;

	if (cb->args[1])
		return 0;
	rcu_read_lock();
	p = rcu_dereference(rn->policy);
	cb->seq = p ? p->generation : READ_ONCE(rn->policy_gen);
	if (!p) {
		rcu_read_unlock();
		if (!i) {
			NL_SET_ERR_MSG(cb->extack, "no policy is installed");
			return -ENOENT;
		}
		/* Uninstalled during the dump: flag it and end. */
		hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
				  &rampart_genl_family, NLM_F_MULTI,
				  RAMPART_CMD_POLICY_GET);
		if (!hdr)
			return -EMSGSIZE;
		genl_dump_check_consistent(cb, hdr);
		genlmsg_end(skb, hdr);
		cb->args[1] = 1;
		return skb->len;
	}
	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &rampart_genl_family, NLM_F_MULTI, RAMPART_CMD_POLICY_GET);
	if (!hdr) {
		rcu_read_unlock();
		return -EMSGSIZE;
	}
	genl_dump_check_consistent(cb, hdr);
	if (nla_put_u32(skb, RAMPART_A_POLICY_GENERATION, p->generation)) {
		err = -EMSGSIZE;
		goto cancel;
	}
	for (;; i++, sent++) {
		err = put_item(skb, p, i);
		if (err)
			break;
	}
	if (err == -ENOENT)
		cb->args[1] = 1;
	else if (!sent)
		goto cancel;	/* one item larger than a message */
	rcu_read_unlock();
	cb->args[0] = i;
	genlmsg_end(skb, hdr);
	return skb->len;

cancel:
	rcu_read_unlock();
	genlmsg_cancel(skb, hdr);
	return err;
}

/* ---- socket close, namespace and module life ---- */

static void policy_release_work(struct work_struct *work)
{
	struct rampart_net *rn = container_of(work, struct rampart_net,
					      policy_release_work);

	mutex_lock(&rn->lock);
	if (rn->policy_tx &&
	    rn->policy_tx->ticket == READ_ONCE(rn->policy_tx_orphan))
		tx_free(rn);
	mutex_unlock(&rn->lock);
}

/*
 * A netlink socket closed. The notifier runs for every netlink socket of
 * the system, under whatever the closer holds; rather than take the
 * namespace mutex there, the transaction the socket owned is marked
 * orphaned and freed by a work item. Requests check the mark, so the
 * transaction is dead from this moment.
 */
static int policy_urelease(struct notifier_block *nb, unsigned long event,
			   void *ptr)
{
	struct netlink_notify *n = ptr;
	struct rampart_net *rn;
	u32 ticket;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !n->portid)
		return NOTIFY_DONE;
	rn = rampart_pernet(n->net);
	ticket = READ_ONCE(rn->policy_tx_ticket);
	if (!ticket || READ_ONCE(rn->policy_tx_portid) != n->portid)
		return NOTIFY_DONE;
	WRITE_ONCE(rn->policy_tx_orphan, ticket);
	queue_work(system_wq, &rn->policy_release_work);
	return NOTIFY_DONE;
}

static struct notifier_block policy_notifier = {
	.notifier_call = policy_urelease,
};

void rampart_policy_net_init(struct rampart_net *rn)
{
	RCU_INIT_POINTER(rn->policy, NULL);
	rn->policy_tx = NULL;
	rn->policy_gen = 1;
	rn->policy_tx_ticket = 0;
	rn->policy_tx_portid = 0;
	rn->policy_tx_orphan = 0;
	INIT_WORK(&rn->policy_release_work, policy_release_work);
}

/* After the hooks are gone and the readers with them. */
void rampart_policy_net_exit(struct rampart_net *rn)
{
	cancel_work_sync(&rn->policy_release_work);
	mutex_lock(&rn->lock);
	tx_free(rn);
	rampart_policy_free(rcu_replace_pointer(rn->policy, NULL,
						lockdep_is_held(&rn->lock)));
	mutex_unlock(&rn->lock);
}

int rampart_policy_init(void)
{
	int err;

	policy_free_wq = alloc_workqueue("rampart_policy_free", WQ_UNBOUND, 0);
	if (!policy_free_wq)
		return -ENOMEM;
	err = netlink_register_notifier(&policy_notifier);
	if (err)
		destroy_workqueue(policy_free_wq);
	return err;
}

void rampart_policy_exit(void)
{
	netlink_unregister_notifier(&policy_notifier);
}

/* Once no namespace can replace a policy any more: finish the frees. */
void rampart_policy_free_wait(void)
{
	rcu_barrier();		/* every queue_rcu_work() has queued its work */
	destroy_workqueue(policy_free_wq);
}
