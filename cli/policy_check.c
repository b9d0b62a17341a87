// SPDX-License-Identifier: GPL-2.0
/*
 * The policy checker. Names are looked up in sorted indexes, groups are
 * walked without recursion, so a policy of tens of thousands of rules and
 * objects is checked in time proportional to its size (times a log).
 *
 * Objects, services and smtp resources have a name space each: an object
 * and a service may share a name, as a host `dns' and a service `dns'.
 * Things already reported as unreadable by the parser (invalid) are not
 * checked again, so one mistake gives one error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy_check.h"
#include "policy_parser.h"
#include "policy_proto.h"
#include "policy_settings.h"

struct name_entry {
	const char *name;
	size_t index;
	struct policy_loc loc;
};

/* The names of one kind of thing, sorted by name, then by definition. */
struct name_index {
	struct name_entry *v;
	size_t n, cap;
	const char *kind;	/* "object", "service", "smtp resource" */
	const char *a_kind;	/* "an object", ... */
};

struct checker {
	struct policy *p;
	struct policy_diags *d;
	struct name_index objects, services, smtps;
	unsigned int *families;	/* per object: POLICY_IPV4/IPV6 bits */
};

static void index_add(struct name_index *ix, const char *name, size_t index,
		      struct policy_loc loc)
{
	size_t len = strlen(name);

	/* An unreadable name was reported; it names nothing. */
	if (len > POLICY_NAME_MAX || !policy_is_name(name, len))
		return;
	ix->v = policy_grow(ix->v, &ix->cap, ix->n + 1, sizeof(*ix->v));
	ix->v[ix->n++] = (struct name_entry){ name, index, loc };
}

static int compare_entries(const void *pa, const void *pb)
{
	const struct name_entry *a = pa, *b = pb;
	int c = strcmp(a->name, b->name);

	if (c)
		return c;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* Sort; report reserved names, and names defined twice. */
static void index_finish(struct checker *ck, struct name_index *ix)
{
	size_t i, first = 0;

	if (ix->n)
		qsort(ix->v, ix->n, sizeof(*ix->v), compare_entries);
	for (i = 0; i < ix->n; i++) {
		const struct name_entry *e = &ix->v[i];

		if (i > 0 && strcmp(e->name, ix->v[i - 1].name) == 0) {
			policy_error(ck->d, e->loc, "%s `%s' is already defined",
				     ix->kind, e->name);
			policy_note(ck->d, ix->v[first].loc, "first defined here");
			continue;
		}
		first = i;
		if (policy_is_reserved_word(e->name, strlen(e->name)))
			policy_error(ck->d, e->loc,
				     "`%s' is a reserved word: it cannot name %s",
				     e->name, ix->a_kind);
	}
}

/* The first definition of name, or NULL. */
static const struct name_entry *index_find(const struct name_index *ix,
					   const char *name)
{
	size_t lo = 0, hi = ix->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ix->v[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < ix->n && strcmp(ix->v[lo].name, name) == 0)
		return &ix->v[lo];
	return NULL;
}

static void build_indexes(struct checker *ck)
{
	struct policy *p = ck->p;
	size_t i;

	ck->objects.kind = "object";
	ck->objects.a_kind = "an object";
	ck->services.kind = "service";
	ck->services.a_kind = "a service";
	ck->smtps.kind = "smtp resource";
	ck->smtps.a_kind = "an smtp resource";
	for (i = 0; i < p->n_objects; i++)
		index_add(&ck->objects, p->objects[i].name, i,
			  p->objects[i].loc);
	for (i = 0; i < p->n_services; i++)
		index_add(&ck->services, p->services[i].name, i,
			  p->services[i].loc);
	for (i = 0; i < p->n_smtps; i++)
		index_add(&ck->smtps, p->smtps[i].name, i, p->smtps[i].loc);
	index_finish(ck, &ck->objects);
	index_finish(ck, &ck->services);
	index_finish(ck, &ck->smtps);
}

/*
 * Resolve ref in ix. `any' is allowed when any_ok. An unknown name is
 * reported, with a note when the other index (may be NULL) knows it.
 */
static void resolve(struct checker *ck, struct policy_ref *ref,
		    const struct name_index *ix, const struct name_index *other,
		    bool any_ok)
{
	const struct name_entry *e;

	ref->target = POLICY_TARGET_NONE;
	if (strcmp(ref->name, "any") == 0) {
		if (any_ok)
			ref->target = POLICY_TARGET_ANY;
		return;
	}
	e = index_find(ix, ref->name);
	if (e) {
		ref->target = e->index;
		return;
	}
	policy_error(ck->d, ref->loc, "unknown %s `%s'", ix->kind, ref->name);
	e = other ? index_find(other, ref->name) : NULL;
	if (e)
		policy_note(ck->d, e->loc, "`%s' is defined here as %s",
			    ref->name, other->a_kind);
}

struct ref_order {
	const struct policy_ref *ref;
	size_t pos;
};

static int compare_ref_order(const void *pa, const void *pb)
{
	const struct ref_order *a = pa, *b = pb;
	int c = strcmp(a->ref->name, b->ref->name);

	if (c)
		return c;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* Report names listed more than once in refs ("in group `g'"). */
static void report_repeats(struct checker *ck, const struct policy_refs *refs,
			   const char *where)
{
	struct ref_order *o;
	size_t i, first = 0;

	if (refs->n < 2)
		return;
	o = policy_xrealloc(NULL, refs->n * sizeof(*o));
	for (i = 0; i < refs->n; i++)
		o[i] = (struct ref_order){ &refs->v[i], i };
	qsort(o, refs->n, sizeof(*o), compare_ref_order);
	for (i = 1; i < refs->n; i++) {
		if (strcmp(o[i].ref->name, o[i - 1].ref->name) != 0) {
			first = i;
			continue;
		}
		policy_error(ck->d, o[i].ref->loc, "`%s' is listed twice %s",
			     o[i].ref->name, where);
		policy_note(ck->d, o[first].ref->loc, "first listed here");
	}
	free(o);
}

static void check_network(struct checker *ck, const struct policy_object *o)
{
	struct policy_addr net = o->addr;
	unsigned int bits = o->prefix_len, i;
	char text[POLICY_ADDR_TEXT_MAX];

	for (i = bits; i < policy_addr_bits(&net); i++)
		net.bytes[i / 8] &= (uint8_t)~(0x80u >> (i % 8));
	if (policy_addr_compare(&net, &o->addr) == 0)
		return;
	policy_error(ck->d, o->value_loc,
		     "network `%s' has host bits set: write %s/%u (or a host for one address)",
		     o->name, policy_addr_text(&net, text), bits);
}

static void check_range(struct checker *ck, const struct policy_object *o)
{
	char a[POLICY_ADDR_TEXT_MAX], b[POLICY_ADDR_TEXT_MAX];

	if (o->addr.family != o->last.family)
		policy_error(ck->d, o->value_loc,
			     "range `%s' mixes IPv4 and IPv6: both ends must be of one family",
			     o->name);
	else if (policy_addr_compare(&o->addr, &o->last) > 0)
		policy_error(ck->d, o->value_loc,
			     "range `%s' is reversed: %s is above %s", o->name,
			     policy_addr_text(&o->addr, a),
			     policy_addr_text(&o->last, b));
}

static void check_group_members(struct checker *ck, struct policy_object *g)
{
	char where[POLICY_NAME_MAX + 16];
	size_t i;

	for (i = 0; i < g->members.n; i++) {
		struct policy_ref *m = &g->members.v[i];

		resolve(ck, m, &ck->objects, &ck->services, false);
		if (strcmp(m->name, "any") == 0)
			policy_error(ck->d, m->loc,
				     "`any' cannot be a group member: a group with it would be any");
	}
	snprintf(where, sizeof(where), "in group `%s'", g->name);
	report_repeats(ck, &g->members, where);
}

/* "a -> b -> a" for the groups of stack[from..n-1], then back to the first. */
static void report_cycle(struct checker *ck, const size_t *stack, size_t n,
			 size_t from, const struct policy_ref *closing)
{
	const size_t shown = 8;
	char path[8 * (POLICY_NAME_MAX + 4) + 16];
	size_t i, used = 0, len = n - from;

	path[0] = '\0';
	for (i = from; i < n; i++) {
		if (len > shown && i == from + shown - 2) {
			used += (size_t)snprintf(path + used, sizeof(path) - used,
						 "... -> ");
			i = n - 2;
			continue;
		}
		used += (size_t)snprintf(path + used, sizeof(path) - used,
					 "%s -> ", ck->p->objects[stack[i]].name);
	}
	policy_error(ck->d, closing->loc, "group cycle: %s%s", path,
		     closing->name);
}

/*
 * Find group cycles and compute the families of every object: a group's
 * are those of its members. Depth first, with an explicit stack; a group
 * in a cycle, or with an unknown member, counts as both families so that
 * it causes no further errors.
 */
static void walk_groups(struct checker *ck)
{
	enum { NEW, OPEN, DONE };
	struct policy *p = ck->p;
	size_t *stack, *next, depth, i;
	unsigned char *state;

	ck->families = policy_xrealloc(NULL, (p->n_objects + 1) *
				       sizeof(*ck->families));
	state = policy_xrealloc(NULL, p->n_objects + 1);
	stack = policy_xrealloc(NULL, (p->n_objects + 1) * sizeof(*stack));
	next = policy_xrealloc(NULL, (p->n_objects + 1) * sizeof(*next));
	for (i = 0; i < p->n_objects; i++) {
		const struct policy_object *o = &p->objects[i];

		state[i] = o->kind == POLICY_GROUP ? NEW : DONE;
		if (o->invalid || o->kind == POLICY_GROUP ||
		    (o->kind == POLICY_RANGE && o->addr.family != o->last.family))
			ck->families[i] = o->kind == POLICY_GROUP && !o->invalid ?
					  0 : POLICY_ANY_FAMILY;
		else
			ck->families[i] = o->addr.family;
	}
	for (i = 0; i < p->n_objects; i++) {
		if (state[i] != NEW)
			continue;
		depth = 0;
		stack[depth] = i;
		next[depth++] = 0;
		state[i] = OPEN;
		while (depth) {
			size_t g = stack[depth - 1];
			const struct policy_refs *m = &p->objects[g].members;
			const struct policy_ref *ref;
			size_t t, k;

			if (next[depth - 1] == m->n) {
				state[g] = DONE;
				if (--depth)
					ck->families[stack[depth - 1]] |=
						ck->families[g];
				continue;
			}
			ref = &m->v[next[depth - 1]++];
			t = ref->target;
			if (t >= p->n_objects) {
				ck->families[g] = POLICY_ANY_FAMILY;
			} else if (state[t] == DONE) {
				ck->families[g] |= ck->families[t];
			} else if (state[t] == OPEN) {
				for (k = 0; stack[k] != t; k++)
					;
				report_cycle(ck, stack, depth, k, ref);
				for (; k < depth; k++)
					ck->families[stack[k]] = POLICY_ANY_FAMILY;
			} else {
				state[t] = OPEN;
				stack[depth] = t;
				next[depth++] = 0;
			}
		}
	}
	free(state);
	free(stack);
	free(next);
}

static void check_objects(struct checker *ck)
{
	size_t i;

	for (i = 0; i < ck->p->n_objects; i++) {
		struct policy_object *o = &ck->p->objects[i];

		if (o->kind == POLICY_GROUP)
			check_group_members(ck, o);
		else if (o->invalid)
			continue;
		else if (o->kind == POLICY_NETWORK)
			check_network(ck, o);
		else if (o->kind == POLICY_RANGE)
			check_range(ck, o);
	}
	walk_groups(ck);
}

/* "tcp", "tcp and udp", "tcp, icmp and icmpv6" */
static void list_protos(unsigned int protos, char *buf, size_t size)
{
	unsigned int i, n = 0, total = (unsigned int)__builtin_popcount(protos);
	size_t used = 0;

	buf[0] = '\0';
	for (i = 0; i < POLICY_PROTO_COUNT; i++) {
		if (!(protos & (1u << i)))
			continue;
		n++;
		used += (size_t)snprintf(buf + used, size - used, "%s%s",
					 n == 1 ? "" : n == total ? " and " : ", ",
					 policy_proto_name(i));
		if (used >= size)
			break;
	}
}

/* Settings given to a protocol (what: "udp services", "udp") they do not fit. */
static void check_settings_apply(struct checker *ck,
				 const struct policy_value *values,
				 enum policy_proto proto, const char *what)
{
	char only[64];
	size_t i;

	for (i = 0; i < POLICY_SERVICE_SETTING_COUNT; i++) {
		const struct policy_setting_desc *desc =
			&policy_service_settings[i];

		if (!values[i].set || (desc->protos & (1u << proto)))
			continue;
		list_protos(desc->protos, only, sizeof(only));
		policy_error(ck->d, values[i].loc,
			     "`%s' does not apply to %s (only to %s)",
			     desc->name, what, only);
	}
}

static void check_services(struct checker *ck)
{
	struct policy *p = ck->p;
	char what[32];
	size_t i, k;

	for (i = 0; i < POLICY_PROTO_COUNT; i++)
		check_settings_apply(ck, p->settings.proto[i], i,
				     policy_proto_name(i));
	for (i = 0; i < p->n_services; i++) {
		const struct policy_service *s = &p->services[i];

		if (s->invalid)
			continue;
		for (k = 0; k < s->n_spans; k++)
			if (s->spans[k].first > s->spans[k].last)
				policy_error(ck->d, s->spans[k].loc,
					     "port range %u-%u is reversed: write %u-%u",
					     s->spans[k].first, s->spans[k].last,
					     s->spans[k].last, s->spans[k].first);
		snprintf(what, sizeof(what), "%s services",
			 policy_proto_name(s->proto));
		check_settings_apply(ck, s->settings, s->proto, what);
	}
}

/* Resolve a rule's from, to or service list ("objects", "services"). */
static void resolve_list(struct checker *ck, struct policy_refs *refs,
			 const struct name_index *ix,
			 const struct name_index *other, const char *plural,
			 size_t number)
{
	char where[32];
	size_t i;

	for (i = 0; i < refs->n; i++) {
		resolve(ck, &refs->v[i], ix, other, true);
		if (refs->v[i].target == POLICY_TARGET_ANY && refs->n > 1)
			policy_error(ck->d, refs->v[i].loc,
				     "`any' cannot be listed with other %s",
				     plural);
	}
	snprintf(where, sizeof(where), "in rule %zu", number);
	report_repeats(ck, refs, where);
}

static unsigned int list_families(const struct checker *ck,
				  const struct policy_refs *refs)
{
	unsigned int f = 0;
	size_t i;

	for (i = 0; i < refs->n; i++) {
		size_t t = refs->v[i].target;

		f |= t < ck->p->n_objects ? ck->families[t] : POLICY_ANY_FAMILY;
	}
	return f;
}

static const char *family_name(unsigned int f)
{
	return f == POLICY_IPV4 ? "IPv4" : "IPv6";
}

/* Rules whose addresses and services can never meet in one packet. */
static void check_rule_families(struct checker *ck, const struct policy_rule *r,
				size_t number)
{
	unsigned int from = list_families(ck, &r->from);
	unsigned int to = list_families(ck, &r->to);
	size_t i;

	if (!r->from.n || !r->to.n)
		return;		/* a tree not from text may lack them */
	if (!(from & to)) {
		policy_error(ck->d, r->to.v[0].loc,
			     "rule %zu can never match: its sources are %s only and its destinations %s only",
			     number, family_name(from), family_name(to));
		return;
	}
	for (i = 0; i < r->services.n; i++) {
		size_t t = r->services.v[i].target;
		const struct policy_service *s;
		unsigned int f;

		if (t >= ck->p->n_services)
			continue;
		s = &ck->p->services[t];
		f = policy_proto_families(s->proto);
		if (!s->invalid && !(f & from & to))
			policy_error(ck->d, r->services.v[i].loc,
				     "service `%s' is %s, which is %s only, and rule %zu matches %s addresses only",
				     s->name, policy_proto_name(s->proto),
				     family_name(f), number,
				     family_name(from & to));
	}
}

static void check_inspect(struct checker *ck, struct policy_rule *r,
			  size_t number)
{
	char action[16];
	size_t i;

	resolve(ck, &r->inspect, &ck->smtps, NULL, false);
	if (strcmp(r->inspect.name, "any") == 0)
		policy_error(ck->d, r->inspect.loc,
			     "`inspect any' names no smtp resource");
	if (r->invalid)
		return;
	if (r->action != POLICY_ACCEPT)
		policy_error(ck->d, r->inspect.loc,
			     "only accept rules can inspect: rule %zu is a %s rule",
			     number, policy_value_text(&policy_action_setting,
						       r->action, action,
						       sizeof(action)));
	for (i = 0; i < r->services.n; i++) {
		const struct policy_ref *ref = &r->services.v[i];
		const struct policy_service *s;

		if (ref->target == POLICY_TARGET_ANY) {
			policy_error(ck->d, ref->loc,
				     "smtp inspection needs tcp services: `any' matches every protocol");
			continue;
		}
		if (ref->target >= ck->p->n_services)
			continue;
		s = &ck->p->services[ref->target];
		if (!s->invalid && s->proto != POLICY_TCP)
			policy_error(ck->d, ref->loc,
				     "smtp inspection needs tcp services: `%s' is %s",
				     ref->name, policy_proto_name(s->proto));
	}
}

static void check_rules(struct checker *ck)
{
	struct policy *p = ck->p;
	size_t i;

	if (p->n_rules > POLICY_MAX_RULES)
		policy_error(ck->d, p->rules[POLICY_MAX_RULES].loc,
			     "too many rules: a policy holds at most %d",
			     POLICY_MAX_RULES);
	for (i = 0; i < p->n_rules; i++) {
		struct policy_rule *r = &p->rules[i];

		resolve_list(ck, &r->from, &ck->objects, &ck->services,
			     "objects", i + 1);
		resolve_list(ck, &r->to, &ck->objects, &ck->services,
			     "objects", i + 1);
		resolve_list(ck, &r->services, &ck->services, &ck->objects,
			     "services", i + 1);
		if (r->inspect.name)
			check_inspect(ck, r, i + 1);
		if (!r->invalid)
			check_rule_families(ck, r, i + 1);
	}
}

size_t policy_check(struct policy *p, struct policy_diags *diags)
{
	struct checker ck = { .p = p, .d = diags };
	size_t before = diags->errors;

	build_indexes(&ck);
	check_objects(&ck);
	check_services(&ck);
	check_rules(&ck);
	free(ck.objects.v);
	free(ck.services.v);
	free(ck.smtps.v);
	free(ck.families);
	return diags->errors - before;
}
