// SPDX-License-Identifier: GPL-2.0
/*
 * A policy tree to POLICY_ADD messages and POLICY_GET replies back to a
 * tree. One table per kind of value says which attribute carries it, so
 * writing and reading cannot drift apart.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <linux/rampart.h>

#include "nl.h"
#include "policy_nl.h"
#include "policy_proto.h"
#include "policy_settings.h"
#include "reply.h"

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* The words of word settings are numbered as the contract numbers them. */
_Static_assert((int)POLICY_SMTP_LOG == (int)RAMPART_SMTP_LOG &&
	       (int)POLICY_SMTP_REJECT == (int)RAMPART_SMTP_REJECT &&
	       (int)POLICY_SMTP_RESET == (int)RAMPART_SMTP_RESET &&
	       POLICY_SMTP_CHECK_COUNT == __RAMPART_SMTP_CHECK_MAX &&
	       POLICY_STARTTLS_DENY == 1 && POLICY_BANNER_MASK == 1,
	       "smtp values are not the wire's");
_Static_assert(POLICY_OOS_DROP == 0 && POLICY_OOS_ACCEPT == 1 &&
	       POLICY_OFF == 0 && POLICY_ON == 1 &&
	       (int)POLICY_TRACK_NONE == (int)RAMPART_TRACK_NONE &&
	       (int)POLICY_TRACK_LOG == (int)RAMPART_TRACK_LOG,
	       "policy values are not the wire's");

static const uint8_t wire_proto[POLICY_PROTO_COUNT] = {
	[POLICY_TCP] = IPPROTO_TCP,
	[POLICY_UDP] = IPPROTO_UDP,
	[POLICY_ICMP] = IPPROTO_ICMP,
	[POLICY_ICMPV6] = IPPROTO_ICMPV6,
};

static const uint8_t wire_object_kind[] = {
	[POLICY_HOST] = RAMPART_OBJ_HOST,
	[POLICY_NETWORK] = RAMPART_OBJ_NETWORK,
	[POLICY_RANGE] = RAMPART_OBJ_RANGE,
	[POLICY_GROUP] = RAMPART_OBJ_GROUP,
};

static const uint8_t wire_action[] = {
	[POLICY_ACCEPT] = RAMPART_ACTION_ACCEPT,
	[POLICY_DROP] = RAMPART_ACTION_DROP,
	[POLICY_REJECT] = RAMPART_ACTION_REJECT,
};

/* The index of value in table, or -1 when the tree has no such thing. */
static int from_wire(const uint8_t *table, size_t n, uint8_t value)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (table[i] == value)
			return (int)i;
	return -1;
}

/* The attribute that carries a setting, and whether it is a u8 (or u32). */
struct value_attr {
	int type;
	bool is_u8;
};

static const struct value_attr service_value_attrs[POLICY_SERVICE_SETTING_COUNT] = {
	[POLICY_TIMEOUT_START] = { RAMPART_SVC_A_TIMEOUT_START, false },
	[POLICY_TIMEOUT_IDLE] = { RAMPART_SVC_A_TIMEOUT_IDLE, false },
	[POLICY_TIMEOUT_END] = { RAMPART_SVC_A_TIMEOUT_END, false },
	[POLICY_OUT_OF_STATE] = { RAMPART_SVC_A_OUT_OF_STATE, true },
	[POLICY_PICKUP] = { RAMPART_SVC_A_PICKUP, true },
};

static const struct value_attr global_value_attrs[POLICY_GLOBAL_SETTING_COUNT] = {
	[POLICY_MAX_CONNECTIONS] = { RAMPART_SET_A_MAX_CONNECTIONS, false },
	[POLICY_LATE_PACKET_GRACE] = { RAMPART_SET_A_LATE_GRACE, true },
};

/* max-size is a u64 on the wire, put and read on its own (type 0 here). */
static const struct value_attr smtp_value_attrs[POLICY_SMTP_SETTING_COUNT] = {
	[POLICY_SMTP_MAX_LINE] = { RAMPART_SMTP_A_MAX_LINE, false },
	[POLICY_SMTP_MAX_REPLY_LINE] = { RAMPART_SMTP_A_MAX_REPLY_LINE, false },
	[POLICY_SMTP_MAX_RECIPIENTS] = { RAMPART_SMTP_A_MAX_RCPTS, false },
	[POLICY_SMTP_STARTTLS] = { RAMPART_SMTP_A_STARTTLS, true },
	[POLICY_SMTP_BANNER] = { RAMPART_SMTP_A_BANNER, true },
	[POLICY_SMTP_SMUGGLING] = { RAMPART_SMTP_A_SMUGGLING, true },
	[POLICY_SMTP_ACTION] = { RAMPART_SMTP_A_ACTION, true },
};

/* ---- writing ---- */

/* Each put_*() returns 0, or -1 when the message has no room left. */

static int put_values(struct nl_msg *m, const struct value_attr *attrs,
		      const struct policy_value *values, size_t n)
{
	size_t i;
	int r;

	for (i = 0; i < n; i++) {
		if (!values[i].set || !attrs[i].type)
			continue;
		if (attrs[i].is_u8)
			r = nla_put_u8(m, attrs[i].type, (uint8_t)values[i].value);
		else
			r = nla_put_u32(m, attrs[i].type, values[i].value);
		if (r < 0)
			return -1;
	}
	return 0;
}

static int put_place(struct nl_msg *m, int line_type, int col_type,
		     struct policy_loc loc)
{
	if (!loc.line)
		return 0;
	if (nla_put_u32(m, line_type, loc.line) < 0 ||
	    nla_put_u32(m, col_type, loc.col) < 0)
		return -1;
	return 0;
}

static int put_names(struct nl_msg *m, int type, const struct policy_refs *refs)
{
	size_t i;

	for (i = 0; i < refs->n; i++)
		if (nla_put_string(m, type, refs->v[i].name) < 0)
			return -1;
	return 0;
}

/* A rule's list: `any' alone is no name at all on the wire. */
static int put_rule_list(struct nl_msg *m, int type,
			 const struct policy_refs *refs)
{
	if (refs->n == 1 && strcmp(refs->v[0].name, "any") == 0)
		return 0;
	return put_names(m, type, refs);
}

static int put_settings(struct nl_msg *m, const struct policy *p, size_t i)
{
	const struct policy_settings *s = &p->settings;
	unsigned int proto;
	struct nlattr *nest;

	(void)i;
	if (put_values(m, global_value_attrs, s->global,
		       POLICY_GLOBAL_SETTING_COUNT) < 0)
		return -1;
	for (proto = 0; proto < POLICY_PROTO_COUNT; proto++) {
		if (!policy_any_set(s->proto[proto], POLICY_SERVICE_SETTING_COUNT))
			continue;
		nest = nla_nest_start(m, RAMPART_SET_A_PROTO);
		if (!nest || nla_put_u8(m, RAMPART_SVC_A_PROTO, wire_proto[proto]) < 0 ||
		    put_values(m, service_value_attrs, s->proto[proto],
			       POLICY_SERVICE_SETTING_COUNT) < 0)
			return -1;
		nla_nest_end(m, nest);
	}
	return put_place(m, RAMPART_SET_A_LINE, RAMPART_SET_A_COL, s->loc);
}

static int put_object(struct nl_msg *m, const struct policy *p, size_t i)
{
	const struct policy_object *o = &p->objects[i];

	if (nla_put_string(m, RAMPART_OBJ_A_NAME, o->name) < 0 ||
	    nla_put_u8(m, RAMPART_OBJ_A_KIND, wire_object_kind[o->kind]) < 0)
		return -1;
	if (o->kind == POLICY_GROUP) {
		if (put_names(m, RAMPART_OBJ_A_MEMBER, &o->members) < 0)
			return -1;
	} else if (nla_put_u8(m, RAMPART_OBJ_A_FAMILY,
			      o->addr.family == POLICY_IPV4 ? 4 : 6) < 0 ||
		   nla_put(m, RAMPART_OBJ_A_ADDR, sizeof(o->addr.bytes),
			   o->addr.bytes) < 0 ||
		   (o->kind == POLICY_NETWORK &&
		    nla_put_u8(m, RAMPART_OBJ_A_PREFIX_LEN, o->prefix_len) < 0) ||
		   (o->kind == POLICY_RANGE &&
		    nla_put(m, RAMPART_OBJ_A_LAST, sizeof(o->last.bytes),
			    o->last.bytes) < 0)) {
		return -1;
	}
	return put_place(m, RAMPART_OBJ_A_LINE, RAMPART_OBJ_A_COL, o->loc);
}

static int put_service(struct nl_msg *m, const struct policy *p, size_t i)
{
	const struct policy_service *s = &p->services[i];
	struct nlattr *nest;
	size_t k;

	if (nla_put_string(m, RAMPART_SVC_A_NAME, s->name) < 0 ||
	    nla_put_u8(m, RAMPART_SVC_A_PROTO, wire_proto[s->proto]) < 0 ||
	    put_values(m, service_value_attrs, s->settings,
		       POLICY_SERVICE_SETTING_COUNT) < 0)
		return -1;
	for (k = 0; k < s->n_spans; k++) {
		nest = nla_nest_start(m, RAMPART_SVC_A_SPAN);
		if (!nest ||
		    nla_put_u16(m, RAMPART_SPAN_A_FIRST, s->spans[k].first) < 0 ||
		    nla_put_u16(m, RAMPART_SPAN_A_LAST, s->spans[k].last) < 0)
			return -1;
		nla_nest_end(m, nest);
	}
	return put_place(m, RAMPART_SVC_A_LINE, RAMPART_SVC_A_COL, s->loc);
}

static int put_smtp(struct nl_msg *m, const struct policy *p, size_t i)
{
	const struct policy_smtp *s = &p->smtps[i];
	const struct policy_value *v;
	struct nlattr *nest;
	size_t k;

	if (nla_put_string(m, RAMPART_SMTP_A_NAME, s->name) < 0 ||
	    put_names(m, RAMPART_SMTP_A_VERB, &s->verbs) < 0 ||
	    put_names(m, RAMPART_SMTP_A_SENDER, &s->senders) < 0 ||
	    put_names(m, RAMPART_SMTP_A_RECIPIENT, &s->recipients) < 0 ||
	    put_values(m, smtp_value_attrs, s->settings,
		       POLICY_SMTP_SETTING_COUNT) < 0)
		return -1;
	v = &s->settings[POLICY_SMTP_MAX_SIZE];
	if (v->set && nla_put_u64(m, RAMPART_SMTP_A_MAX_SIZE, v->value) < 0)
		return -1;
	for (k = 1; k < POLICY_SMTP_CHECK_COUNT; k++) {
		if (!s->check_action[k].set)
			continue;
		nest = nla_nest_start(m, RAMPART_SMTP_A_CHECK_ACTION);
		if (!nest || nla_put_u8(m, RAMPART_SMTP_CA_A_CHECK, (uint8_t)k) < 0 ||
		    nla_put_u8(m, RAMPART_SMTP_CA_A_ACTION,
			       (uint8_t)s->check_action[k].value) < 0)
			return -1;
		nla_nest_end(m, nest);
	}
	return put_place(m, RAMPART_SMTP_A_LINE, RAMPART_SMTP_A_COL, s->loc);
}

static int put_rule(struct nl_msg *m, const struct policy *p, size_t i)
{
	const struct policy_rule *r = &p->rules[i];

	if (nla_put_u32(m, RAMPART_RULE_A_NUMBER, (uint32_t)(i + 1)) < 0 ||
	    nla_put_u8(m, RAMPART_RULE_A_ACTION, wire_action[r->action]) < 0 ||
	    (r->track.set &&
	     nla_put_u8(m, RAMPART_RULE_A_TRACK, (uint8_t)r->track.value) < 0) ||
	    put_rule_list(m, RAMPART_RULE_A_FROM, &r->from) < 0 ||
	    put_rule_list(m, RAMPART_RULE_A_TO, &r->to) < 0 ||
	    put_rule_list(m, RAMPART_RULE_A_SERVICE, &r->services) < 0 ||
	    (r->in_iface.name &&
	     nla_put_string(m, RAMPART_RULE_A_IN, r->in_iface.name) < 0) ||
	    (r->out_iface.name &&
	     nla_put_string(m, RAMPART_RULE_A_OUT, r->out_iface.name) < 0) ||
	    (r->inspect.name &&
	     nla_put_string(m, RAMPART_RULE_A_INSPECT, r->inspect.name) < 0))
		return -1;
	return put_place(m, RAMPART_RULE_A_LINE, RAMPART_RULE_A_COL, r->loc);
}

typedef int (*put_item_fn)(struct nl_msg *m, const struct policy *p, size_t i);

struct encoder {
	const struct policy *p;
	uint32_t ticket;
	size_t msg_max;
	policy_nl_send_fn send;
	void *arg;
	struct fwadm_err *err;
	struct nl_msg *msg;	/* being filled; NULL between messages */
	size_t items;		/* in msg */
};

static int start_message(struct encoder *e)
{
	e->msg = fwadm_nl_message(RAMPART_CMD_POLICY_ADD, 0, e->msg_max);
	e->items = 0;
	if (!e->msg ||
	    nla_put_u32(e->msg, RAMPART_A_POLICY_TICKET, e->ticket) < 0) {
		fwadm_err_set(e->err, FWADM_E_SYSTEM, ENOMEM,
			      "cannot build a POLICY_ADD message");
		return -1;
	}
	return 0;
}

static int send_message(struct encoder *e)
{
	int r = 0;

	if (e->msg && e->items)
		r = e->send(e->msg, e->arg, e->err);
	nlmsg_free(e->msg);
	e->msg = NULL;
	return r;
}

/* "line L col C: object `mx'", or without the place when it has none. */
static void too_large(struct encoder *e, int type, size_t i)
{
	const struct policy *p = e->p;
	struct policy_loc loc = p->settings.loc;
	char what[POLICY_NAME_MAX + 32];
	char place[48] = "";

	switch (type) {
	case RAMPART_A_OBJECT:
		loc = p->objects[i].loc;
		snprintf(what, sizeof(what), "object `%s'", p->objects[i].name);
		break;
	case RAMPART_A_SERVICE:
		loc = p->services[i].loc;
		snprintf(what, sizeof(what), "service `%s'", p->services[i].name);
		break;
	case RAMPART_A_SMTP:
		loc = p->smtps[i].loc;
		snprintf(what, sizeof(what), "smtp resource `%s'", p->smtps[i].name);
		break;
	case RAMPART_A_RULE:
		loc = p->rules[i].loc;
		snprintf(what, sizeof(what), "rule %zu", i + 1);
		break;
	default:
		snprintf(what, sizeof(what), "the settings block");
		break;
	}
	if (loc.line)
		snprintf(place, sizeof(place), "line %u col %u: ", loc.line,
			 loc.col);
	fwadm_err_set(e->err, FWADM_E_SYSTEM, 0,
		      "%s%s is too large to install: it does not fit in one netlink message of %zu bytes",
		      place, what, e->msg_max);
}

/* Item i of kind type into the message, or into a new one when it is full. */
static int add_item(struct encoder *e, int type, put_item_fn put, size_t i)
{
	struct nlattr *nest;

	for (;;) {
		if (!e->msg && start_message(e) < 0)
			return -1;
		nest = nla_nest_start(e->msg, type);
		if (nest && put(e->msg, e->p, i) == 0) {
			nla_nest_end(e->msg, nest);
			e->items++;
			return 0;
		}
		if (nest)
			nla_nest_cancel(e->msg, nest);
		if (!e->items) {
			too_large(e, type, i);
			return -1;
		}
		if (send_message(e) < 0)
			return -1;
	}
}

int policy_nl_encode(const struct policy *p, uint32_t ticket, size_t msg_max,
		     policy_nl_send_fn send, void *arg, struct fwadm_err *err)
{
	struct encoder e = {
		.p = p, .ticket = ticket, .msg_max = msg_max, .send = send,
		.arg = arg, .err = err,
	};
	size_t i;
	int r = 0;

	if (policy_settings_written(&p->settings))
		r = add_item(&e, RAMPART_A_SETTINGS, put_settings, 0);
	for (i = 0; r == 0 && i < p->n_objects; i++)
		r = add_item(&e, RAMPART_A_OBJECT, put_object, i);
	for (i = 0; r == 0 && i < p->n_services; i++)
		r = add_item(&e, RAMPART_A_SERVICE, put_service, i);
	for (i = 0; r == 0 && i < p->n_smtps; i++)
		r = add_item(&e, RAMPART_A_SMTP, put_smtp, i);
	for (i = 0; r == 0 && i < p->n_rules; i++)
		r = add_item(&e, RAMPART_A_RULE, put_rule, i);
	if (r == 0)
		return send_message(&e);
	nlmsg_free(e.msg);
	return -1;
}

/* ---- reading ---- */

#define SPEC(type, kind) [type] = { #type, FWADM_ATTR_##kind }

static const struct fwadm_attr_spec settings_spec[RAMPART_SET_A_MAX + 1] = {
	SPEC(RAMPART_SET_A_MAX_CONNECTIONS, U32),
	SPEC(RAMPART_SET_A_LATE_GRACE, U8),
	SPEC(RAMPART_SET_A_PROTO, NEST),
	SPEC(RAMPART_SET_A_LINE, U32),
	SPEC(RAMPART_SET_A_COL, U32),
};

static const struct fwadm_attr_spec service_spec[RAMPART_SVC_A_MAX + 1] = {
	SPEC(RAMPART_SVC_A_NAME, STR),
	SPEC(RAMPART_SVC_A_PROTO, U8),
	SPEC(RAMPART_SVC_A_TIMEOUT_START, U32),
	SPEC(RAMPART_SVC_A_TIMEOUT_IDLE, U32),
	SPEC(RAMPART_SVC_A_TIMEOUT_END, U32),
	SPEC(RAMPART_SVC_A_OUT_OF_STATE, U8),
	SPEC(RAMPART_SVC_A_PICKUP, U8),
	SPEC(RAMPART_SVC_A_SPAN, NEST),
	SPEC(RAMPART_SVC_A_LINE, U32),
	SPEC(RAMPART_SVC_A_COL, U32),
};

static const struct fwadm_attr_spec span_spec[RAMPART_SPAN_A_MAX + 1] = {
	SPEC(RAMPART_SPAN_A_FIRST, U16),
	SPEC(RAMPART_SPAN_A_LAST, U16),
};

static const struct fwadm_attr_spec object_spec[RAMPART_OBJ_A_MAX + 1] = {
	SPEC(RAMPART_OBJ_A_NAME, STR),
	SPEC(RAMPART_OBJ_A_KIND, U8),
	SPEC(RAMPART_OBJ_A_ADDR, ADDR),
	SPEC(RAMPART_OBJ_A_LAST, ADDR),
	SPEC(RAMPART_OBJ_A_FAMILY, U8),
	SPEC(RAMPART_OBJ_A_PREFIX_LEN, U8),
	SPEC(RAMPART_OBJ_A_MEMBER, STR),
	SPEC(RAMPART_OBJ_A_LINE, U32),
	SPEC(RAMPART_OBJ_A_COL, U32),
};

static const struct fwadm_attr_spec smtp_spec[RAMPART_SMTP_A_MAX + 1] = {
	SPEC(RAMPART_SMTP_A_NAME, STR),
	SPEC(RAMPART_SMTP_A_LINE, U32),
	SPEC(RAMPART_SMTP_A_COL, U32),
	SPEC(RAMPART_SMTP_A_VERB, STR),
	SPEC(RAMPART_SMTP_A_MAX_LINE, U32),
	SPEC(RAMPART_SMTP_A_MAX_REPLY_LINE, U32),
	SPEC(RAMPART_SMTP_A_MAX_RCPTS, U32),
	SPEC(RAMPART_SMTP_A_MAX_SIZE, U64),
	SPEC(RAMPART_SMTP_A_SENDER, STR),
	SPEC(RAMPART_SMTP_A_RECIPIENT, STR),
	SPEC(RAMPART_SMTP_A_STARTTLS, U8),
	SPEC(RAMPART_SMTP_A_BANNER, U8),
	SPEC(RAMPART_SMTP_A_SMUGGLING, U8),
	SPEC(RAMPART_SMTP_A_ACTION, U8),
	SPEC(RAMPART_SMTP_A_CHECK_ACTION, NEST),
};

static const struct fwadm_attr_spec check_action_spec[RAMPART_SMTP_CA_A_MAX + 1] = {
	SPEC(RAMPART_SMTP_CA_A_CHECK, U8),
	SPEC(RAMPART_SMTP_CA_A_ACTION, U8),
};

static const struct fwadm_attr_spec rule_spec[RAMPART_RULE_A_MAX + 1] = {
	SPEC(RAMPART_RULE_A_NUMBER, U32),
	SPEC(RAMPART_RULE_A_ACTION, U8),
	SPEC(RAMPART_RULE_A_TRACK, U8),
	SPEC(RAMPART_RULE_A_FROM, STR),
	SPEC(RAMPART_RULE_A_TO, STR),
	SPEC(RAMPART_RULE_A_SERVICE, STR),
	SPEC(RAMPART_RULE_A_IN, STR),
	SPEC(RAMPART_RULE_A_OUT, STR),
	SPEC(RAMPART_RULE_A_INSPECT, STR),
	SPEC(RAMPART_RULE_A_LINE, U32),
	SPEC(RAMPART_RULE_A_COL, U32),
	SPEC(RAMPART_RULE_A_HITS, U64),
};

static const struct policy_loc nowhere;

static __attribute__((format(printf, 3, 4)))
int bad(struct fwadm_err *err, const char *where, const char *fmt, ...)
{
	char text[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	fwadm_err_set(err, FWADM_E_REPLY, 0, "%s: %s", where, text);
	return -1;
}

static int missing(struct fwadm_err *err, const char *where, const char *what)
{
	fwadm_err_set(err, FWADM_E_REPLY, 0, "%s: %s missing", where, what);
	return -1;
}

/* A string attribute of 1..max bytes, as the tree takes it; NULL when not. */
static const char *get_text(const struct nlattr *a, size_t max, size_t *len,
			    const char *where, const struct fwadm_attr_spec *spec,
			    struct fwadm_err *err)
{
	const char *s = nla_data(a);

	*len = strlen(s);	/* the NUL is inside: fwadm_attrs_index() saw it */
	if (*len == 0 || *len > max) {
		bad(err, where, "%s of %zu bytes, not 1 to %zu",
		    spec[nla_type(a)].name, *len, max);
		return NULL;
	}
	return s;
}

/* Values of a setting table from tb, each within what its setting takes. */
static int read_values(struct nlattr **tb, const struct value_attr *attrs,
		       const struct policy_setting_desc *descs,
		       struct policy_value *values, size_t n,
		       const struct fwadm_attr_spec *spec, const char *where,
		       struct fwadm_err *err)
{
	size_t i, choices;
	uint32_t v;

	for (i = 0; i < n; i++) {
		const struct nlattr *a = attrs[i].type ? tb[attrs[i].type] : NULL;

		if (!a)
			continue;
		v = attrs[i].is_u8 ? nla_get_u8(a) : nla_get_u32(a);
		if (descs[i].choices) {
			for (choices = 0; descs[i].choices[choices]; choices++)
				;
			if (v >= choices)
				return bad(err, where, "%s %u is not one of its %zu values",
					   spec[attrs[i].type].name, v, choices);
		} else if (v < descs[i].min || v > descs[i].max) {
			return bad(err, where, "%s %u is not within %u-%u",
				   spec[attrs[i].type].name, v, descs[i].min,
				   descs[i].max);
		}
		values[i] = (struct policy_value){ .set = true, .value = v };
	}
	return 0;
}

static int read_proto(struct nlattr **tb, const char *where,
		      enum policy_proto *proto, struct fwadm_err *err)
{
	int found;

	if (!tb[RAMPART_SVC_A_PROTO])
		return missing(err, where, "RAMPART_SVC_A_PROTO");
	found = from_wire(wire_proto, N_ELEMS(wire_proto),
			  nla_get_u8(tb[RAMPART_SVC_A_PROTO]));
	if (found < 0)
		return bad(err, where,
			   "RAMPART_SVC_A_PROTO %u is not tcp, udp, icmp or icmpv6",
			   nla_get_u8(tb[RAMPART_SVC_A_PROTO]));
	*proto = (enum policy_proto)found;
	return 0;
}

static int read_settings(struct policy_nl_reader *r, struct nlattr *item,
			 struct fwadm_err *err)
{
	struct policy_settings *s = &r->p->settings;
	struct nlattr *tb[RAMPART_SET_A_MAX + 1];
	struct nlattr *svc[RAMPART_SVC_A_MAX + 1];
	const char *where = "RAMPART_A_SETTINGS";
	unsigned int seen = 0;
	enum policy_proto proto;
	struct nlattr *a;
	int rem;

	if (r->have_settings) {
		fwadm_err_set(err, FWADM_E_REPLY, 0, "settings sent twice");
		return -1;
	}
	r->have_settings = true;
	if (fwadm_attrs_index(tb, RAMPART_SET_A_MAX, settings_spec,
			      nla_data(item), nla_len(item), where, err) < 0 ||
	    read_values(tb, global_value_attrs, policy_global_settings,
			s->global, POLICY_GLOBAL_SETTING_COUNT, settings_spec,
			where, err) < 0)
		return -1;
	nla_for_each_nested(a, item, rem) {
		if (nla_type(a) != RAMPART_SET_A_PROTO)
			continue;
		where = "RAMPART_SET_A_PROTO";
		if (fwadm_attrs_index(svc, RAMPART_SVC_A_MAX, service_spec,
				      nla_data(a), nla_len(a), where, err) < 0 ||
		    read_proto(svc, where, &proto, err) < 0)
			return -1;
		if (seen & (1u << proto))
			return bad(err, where, "RAMPART_SVC_A_PROTO %u given twice",
				   wire_proto[proto]);
		seen |= 1u << proto;
		if (read_values(svc, service_value_attrs, policy_service_settings,
				s->proto[proto], POLICY_SERVICE_SETTING_COUNT,
				service_spec, where, err) < 0)
			return -1;
	}
	return 0;
}

static void read_address(struct nlattr *a, uint8_t family,
			 struct policy_addr *addr)
{
	addr->family = family == 4 ? POLICY_IPV4 : POLICY_IPV6;
	memcpy(addr->bytes, nla_data(a), sizeof(addr->bytes));
}

static int read_object(struct policy_nl_reader *r, struct nlattr *item,
		       struct fwadm_err *err)
{
	static const int want[] = { RAMPART_OBJ_A_NAME, RAMPART_OBJ_A_KIND };
	static const int want_address[] = {
		RAMPART_OBJ_A_FAMILY, RAMPART_OBJ_A_ADDR,
	};
	struct nlattr *tb[RAMPART_OBJ_A_MAX + 1];
	struct policy_object *o;
	char where[48];
	const char *name;
	struct nlattr *a;
	uint8_t family;
	size_t len;
	int kind, rem;

	snprintf(where, sizeof(where), "RAMPART_A_OBJECT #%zu",
		 r->p->n_objects + 1);
	if (fwadm_attrs_index(tb, RAMPART_OBJ_A_MAX, object_spec,
			      nla_data(item), nla_len(item), where, err) < 0 ||
	    fwadm_attrs_require(tb, object_spec, want, N_ELEMS(want), where,
				err) < 0)
		return -1;
	name = get_text(tb[RAMPART_OBJ_A_NAME], POLICY_NAME_MAX, &len, where,
			object_spec, err);
	if (!name)
		return -1;
	kind = from_wire(wire_object_kind, N_ELEMS(wire_object_kind),
			 nla_get_u8(tb[RAMPART_OBJ_A_KIND]));
	if (kind < 0)
		return bad(err, where, "RAMPART_OBJ_A_KIND %u is not an object kind",
			   nla_get_u8(tb[RAMPART_OBJ_A_KIND]));
	o = policy_add_object(r->p, (enum policy_object_kind)kind, name, len,
			      nowhere);
	if (o->kind == POLICY_GROUP) {
		nla_for_each_nested(a, item, rem) {
			if (nla_type(a) != RAMPART_OBJ_A_MEMBER)
				continue;
			name = get_text(a, POLICY_NAME_MAX, &len, where,
					object_spec, err);
			if (!name)
				return -1;
			policy_add_ref(&o->members, name, len, nowhere);
		}
		if (!o->members.n)
			return missing(err, where, "RAMPART_OBJ_A_MEMBER");
		return 0;
	}
	if (fwadm_attrs_require(tb, object_spec, want_address,
				N_ELEMS(want_address), where, err) < 0)
		return -1;
	family = nla_get_u8(tb[RAMPART_OBJ_A_FAMILY]);
	if (family != 4 && family != 6)
		return bad(err, where, "RAMPART_OBJ_A_FAMILY %u is not 4 or 6",
			   family);
	read_address(tb[RAMPART_OBJ_A_ADDR], family, &o->addr);
	if (o->kind == POLICY_NETWORK) {
		if (!tb[RAMPART_OBJ_A_PREFIX_LEN])
			return missing(err, where, "RAMPART_OBJ_A_PREFIX_LEN");
		o->prefix_len = nla_get_u8(tb[RAMPART_OBJ_A_PREFIX_LEN]);
		if (o->prefix_len > policy_addr_bits(&o->addr))
			return bad(err, where,
				   "RAMPART_OBJ_A_PREFIX_LEN %u is longer than the address",
				   o->prefix_len);
	}
	if (o->kind == POLICY_RANGE) {
		if (!tb[RAMPART_OBJ_A_LAST])
			return missing(err, where, "RAMPART_OBJ_A_LAST");
		read_address(tb[RAMPART_OBJ_A_LAST], family, &o->last);
	}
	return 0;
}

static int read_span(struct policy_service *s, struct nlattr *nest,
		     const char *where, struct fwadm_err *err)
{
	struct nlattr *tb[RAMPART_SPAN_A_MAX + 1];
	uint16_t first, last;

	if (fwadm_attrs_index(tb, RAMPART_SPAN_A_MAX, span_spec, nla_data(nest),
			      nla_len(nest), where, err) < 0)
		return -1;
	if (!tb[RAMPART_SPAN_A_FIRST])
		return missing(err, where, "RAMPART_SPAN_A_FIRST");
	first = nla_get_u16(tb[RAMPART_SPAN_A_FIRST]);
	last = tb[RAMPART_SPAN_A_LAST] ? nla_get_u16(tb[RAMPART_SPAN_A_LAST]) :
					 first;
	if (policy_proto_has_ports(s->proto) ? !first || last < first :
					       first > 255 || last != first)
		return bad(err, where, "%s span %u-%u is not valid",
			   policy_proto_name(s->proto), first, last);
	policy_add_span(s, first, last, nowhere);
	return 0;
}

static int read_service(struct policy_nl_reader *r, struct nlattr *item,
			struct fwadm_err *err)
{
	struct nlattr *tb[RAMPART_SVC_A_MAX + 1];
	struct policy_service *s;
	enum policy_proto proto;
	const char *name;
	struct nlattr *a;
	char where[48];
	size_t len;
	int rem;

	snprintf(where, sizeof(where), "RAMPART_A_SERVICE #%zu",
		 r->p->n_services + 1);
	if (fwadm_attrs_index(tb, RAMPART_SVC_A_MAX, service_spec,
			      nla_data(item), nla_len(item), where, err) < 0)
		return -1;
	if (!tb[RAMPART_SVC_A_NAME])
		return missing(err, where, "RAMPART_SVC_A_NAME");
	name = get_text(tb[RAMPART_SVC_A_NAME], POLICY_NAME_MAX, &len, where,
			service_spec, err);
	if (!name || read_proto(tb, where, &proto, err) < 0)
		return -1;
	s = policy_add_service(r->p, proto, name, len, nowhere);
	if (read_values(tb, service_value_attrs, policy_service_settings,
			s->settings, POLICY_SERVICE_SETTING_COUNT, service_spec,
			where, err) < 0)
		return -1;
	nla_for_each_nested(a, item, rem)
		if (nla_type(a) == RAMPART_SVC_A_SPAN &&
		    read_span(s, a, where, err) < 0)
			return -1;
	if (!s->n_spans)
		return missing(err, where, "RAMPART_SVC_A_SPAN");
	return 0;
}

static int read_check_action(struct policy_smtp *m, struct nlattr *nest,
			     const char *where, struct fwadm_err *err)
{
	struct nlattr *tb[RAMPART_SMTP_CA_A_MAX + 1];
	uint8_t check, action;

	if (fwadm_attrs_index(tb, RAMPART_SMTP_CA_A_MAX, check_action_spec,
			      nla_data(nest), nla_len(nest), where, err) < 0)
		return -1;
	if (!tb[RAMPART_SMTP_CA_A_CHECK] || !tb[RAMPART_SMTP_CA_A_ACTION])
		return missing(err, where, "RAMPART_SMTP_CA_A_CHECK or _ACTION");
	check = nla_get_u8(tb[RAMPART_SMTP_CA_A_CHECK]);
	action = nla_get_u8(tb[RAMPART_SMTP_CA_A_ACTION]);
	if (check == 0 || check >= POLICY_SMTP_CHECK_COUNT || action > POLICY_SMTP_RESET)
		return bad(err, where, "check %u action %u is not valid", check,
			   action);
	m->check_action[check].set = true;
	m->check_action[check].value = action;
	return 0;
}

static int read_smtp(struct policy_nl_reader *r, struct nlattr *item,
		     struct fwadm_err *err)
{
	struct nlattr *tb[RAMPART_SMTP_A_MAX + 1];
	struct policy_smtp *m;
	const char *name;
	struct nlattr *a;
	char where[48];
	size_t len;
	int rem;

	snprintf(where, sizeof(where), "RAMPART_A_SMTP #%zu", r->p->n_smtps + 1);
	if (fwadm_attrs_index(tb, RAMPART_SMTP_A_MAX, smtp_spec, nla_data(item),
			      nla_len(item), where, err) < 0)
		return -1;
	if (!tb[RAMPART_SMTP_A_NAME])
		return missing(err, where, "RAMPART_SMTP_A_NAME");
	name = get_text(tb[RAMPART_SMTP_A_NAME], POLICY_NAME_MAX, &len, where,
			smtp_spec, err);
	if (!name)
		return -1;
	m = policy_add_smtp(r->p, name, len, nowhere);
	if (read_values(tb, smtp_value_attrs, policy_smtp_settings, m->settings,
			POLICY_SMTP_SETTING_COUNT, smtp_spec, where, err) < 0)
		return -1;
	if (tb[RAMPART_SMTP_A_MAX_SIZE]) {
		uint64_t size = nla_get_u64(tb[RAMPART_SMTP_A_MAX_SIZE]);

		if (size > UINT32_MAX)
			return bad(err, where, "RAMPART_SMTP_A_MAX_SIZE %llu is above %u",
				   (unsigned long long)size, UINT32_MAX);
		m->settings[POLICY_SMTP_MAX_SIZE].set = true;
		m->settings[POLICY_SMTP_MAX_SIZE].value = (uint32_t)size;
	}
	nla_for_each_nested(a, item, rem) {
		struct policy_refs *list = NULL;
		size_t max = POLICY_SMTP_PATTERN_MAX;

		switch (nla_type(a)) {
		case RAMPART_SMTP_A_VERB:
			list = &m->verbs;
			max = POLICY_SMTP_VERB_MAX;
			break;
		case RAMPART_SMTP_A_SENDER:
			list = &m->senders;
			break;
		case RAMPART_SMTP_A_RECIPIENT:
			list = &m->recipients;
			break;
		case RAMPART_SMTP_A_CHECK_ACTION:
			if (read_check_action(m, a, where, err) < 0)
				return -1;
			continue;
		default:
			continue;
		}
		len = strlen(nla_data(a));
		if (len > max || (list == &m->verbs && !len))
			return bad(err, where, "%s of %zu bytes, not %d to %zu",
				   smtp_spec[nla_type(a)].name, len,
				   list == &m->verbs, max);
		policy_add_ref(list, nla_data(a), len, nowhere);
	}
	return 0;
}

/* A rule's list of names; none on the wire is `any'. */
static int read_rule_list(struct nlattr *item, int type,
			  struct policy_refs *refs, const char *where,
			  struct fwadm_err *err)
{
	const char *name;
	struct nlattr *a;
	size_t len;
	int rem;

	nla_for_each_nested(a, item, rem) {
		if (nla_type(a) != type)
			continue;
		name = get_text(a, POLICY_NAME_MAX, &len, where, rule_spec, err);
		if (!name)
			return -1;
		policy_add_ref(refs, name, len, nowhere);
	}
	if (!refs->n)
		policy_add_ref(refs, "any", 3, nowhere);
	return 0;
}

/* An optional string of a rule: an interface or an smtp resource. */
static int read_rule_word(struct nlattr **tb, int type, size_t max,
			  struct policy_ref *ref, const char *where,
			  struct fwadm_err *err)
{
	const char *text;
	size_t len;

	if (!tb[type])
		return 0;
	text = get_text(tb[type], max, &len, where, rule_spec, err);
	if (!text)
		return -1;
	policy_set_ref(ref, text, len, nowhere);
	return 0;
}

static int read_rule(struct policy_nl_reader *r, struct nlattr *item,
		     struct fwadm_err *err)
{
	static const int want[] = { RAMPART_RULE_A_NUMBER, RAMPART_RULE_A_ACTION };
	struct nlattr *tb[RAMPART_RULE_A_MAX + 1];
	struct policy_rule *rule;
	uint32_t number;
	char where[48];
	int action;

	snprintf(where, sizeof(where), "RAMPART_A_RULE #%zu", r->p->n_rules + 1);
	if (fwadm_attrs_index(tb, RAMPART_RULE_A_MAX, rule_spec, nla_data(item),
			      nla_len(item), where, err) < 0 ||
	    fwadm_attrs_require(tb, rule_spec, want, N_ELEMS(want), where,
				err) < 0)
		return -1;
	number = nla_get_u32(tb[RAMPART_RULE_A_NUMBER]);
	if (number != r->p->n_rules + 1)
		return bad(err, where,
			   "RAMPART_RULE_A_NUMBER %u where %zu was expected",
			   number, r->p->n_rules + 1);
	action = from_wire(wire_action, N_ELEMS(wire_action),
			   nla_get_u8(tb[RAMPART_RULE_A_ACTION]));
	if (action < 0)
		return bad(err, where, "RAMPART_RULE_A_ACTION %u is not an action",
			   nla_get_u8(tb[RAMPART_RULE_A_ACTION]));
	rule = policy_add_rule(r->p, nowhere);
	rule->action = (enum policy_action)action;
	if (tb[RAMPART_RULE_A_TRACK]) {
		uint8_t track = nla_get_u8(tb[RAMPART_RULE_A_TRACK]);

		if (track > RAMPART_TRACK_LOG)
			return bad(err, where,
				   "RAMPART_RULE_A_TRACK %u is not none or log",
				   track);
		rule->track = (struct policy_value){ .set = true, .value = track };
	}
	if (tb[RAMPART_RULE_A_HITS]) {
		rule->hits_set = true;
		rule->hits = nla_get_u64(tb[RAMPART_RULE_A_HITS]);
	}
	if (read_rule_list(item, RAMPART_RULE_A_FROM, &rule->from, where,
			   err) < 0 ||
	    read_rule_list(item, RAMPART_RULE_A_TO, &rule->to, where, err) < 0 ||
	    read_rule_list(item, RAMPART_RULE_A_SERVICE, &rule->services, where,
			   err) < 0 ||
	    read_rule_word(tb, RAMPART_RULE_A_IN, POLICY_IFNAME_MAX,
			   &rule->in_iface, where, err) < 0 ||
	    read_rule_word(tb, RAMPART_RULE_A_OUT, POLICY_IFNAME_MAX,
			   &rule->out_iface, where, err) < 0 ||
	    read_rule_word(tb, RAMPART_RULE_A_INSPECT, POLICY_NAME_MAX,
			   &rule->inspect, where, err) < 0)
		return -1;
	return 0;
}

void policy_nl_reader_init(struct policy_nl_reader *r, struct policy *p)
{
	memset(r, 0, sizeof(*r));
	r->p = p;
}

int policy_nl_read(struct policy_nl_reader *r, struct nlmsghdr *nlh,
		   struct fwadm_err *err)
{
	struct nlattr *tb[RAMPART_A_MAX + 1];
	struct genlmsghdr *g;
	struct nlattr *a;
	int rem, ret = 0;

	if (fwadm_reply_index(tb, nlh, err) < 0)
		return -1;
	if (tb[RAMPART_A_POLICY_GENERATION]) {
		uint32_t gen = nla_get_u32(tb[RAMPART_A_POLICY_GENERATION]);

		if (r->generation && gen != r->generation) {
			fwadm_err_set(err, FWADM_E_REPLY, 0,
				      "generation %u after %u without NLM_F_DUMP_INTR",
				      gen, r->generation);
			return -1;
		}
		r->generation = gen;
	}
	g = nlmsg_data(nlh);
	nla_for_each_attr(a, genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0), rem) {
		switch (nla_type(a)) {
		case RAMPART_A_SETTINGS:
			ret = read_settings(r, a, err);
			break;
		case RAMPART_A_OBJECT:
			ret = read_object(r, a, err);
			break;
		case RAMPART_A_SERVICE:
			ret = read_service(r, a, err);
			break;
		case RAMPART_A_SMTP:
			ret = read_smtp(r, a, err);
			break;
		case RAMPART_A_RULE:
			ret = read_rule(r, a, err);
			break;
		}
		if (ret < 0)
			return -1;
	}
	return 0;
}
