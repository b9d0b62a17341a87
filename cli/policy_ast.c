// SPDX-License-Identifier: GPL-2.0
/*
 * The policy tree: building it, freeing it, comparing two of them.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy_ast.h"

void *policy_xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (!p) {
		fputs("fwadm: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

char *policy_xstrndup(const char *s, size_t len)
{
	char *d = policy_xrealloc(NULL, len + 1);

	memcpy(d, s, len);
	d[len] = '\0';
	return d;
}

void *policy_grow(void *arr, size_t *cap, size_t need, size_t size)
{
	size_t n = *cap ? *cap : 4;

	if (need <= *cap)
		return arr;
	while (n < need)
		n *= 2;
	*cap = n;
	return policy_xrealloc(arr, n * size);
}

/* Append one zeroed element to array arr of n elements (cap allocated). */
#define APPEND(arr, n, cap) \
	((arr) = policy_grow((arr), &(cap), (n) + 1, sizeof(*(arr))), \
	 memset(&(arr)[(n)], 0, sizeof(*(arr))), &(arr)[(n)++])

struct policy *policy_new(void)
{
	struct policy *p = policy_xrealloc(NULL, sizeof(*p));

	memset(p, 0, sizeof(*p));
	return p;
}

void policy_refs_free(struct policy_refs *refs)
{
	size_t i;

	for (i = 0; i < refs->n; i++)
		free(refs->v[i].name);
	free(refs->v);
}

void policy_free(struct policy *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; i < p->n_objects; i++) {
		free(p->objects[i].name);
		policy_refs_free(&p->objects[i].members);
	}
	for (i = 0; i < p->n_services; i++) {
		free(p->services[i].name);
		free(p->services[i].spans);
	}
	for (i = 0; i < p->n_smtps; i++) {
		free(p->smtps[i].name);
		policy_refs_free(&p->smtps[i].verbs);
		policy_refs_free(&p->smtps[i].senders);
		policy_refs_free(&p->smtps[i].recipients);
	}
	for (i = 0; i < p->n_rules; i++) {
		struct policy_rule *r = &p->rules[i];

		policy_refs_free(&r->from);
		policy_refs_free(&r->to);
		policy_refs_free(&r->services);
		free(r->in_iface.name);
		free(r->out_iface.name);
		free(r->inspect.name);
	}
	free(p->objects);
	free(p->services);
	free(p->smtps);
	free(p->rules);
	free(p);
}

/* APPEND, then give the element its name (len bytes copied) and place. */
#define APPEND_NAMED(arr, n, cap, text, len, where) \
	(APPEND(arr, n, cap), \
	 (arr)[(n) - 1].name = policy_xstrndup((text), (len)), \
	 (arr)[(n) - 1].loc = (where), &(arr)[(n) - 1])

struct policy_object *policy_add_object(struct policy *p,
					enum policy_object_kind kind,
					const char *name, size_t len,
					struct policy_loc loc)
{
	struct policy_object *o = APPEND_NAMED(p->objects, p->n_objects,
					       p->cap_objects, name, len, loc);

	o->kind = kind;
	return o;
}

struct policy_service *policy_add_service(struct policy *p,
					  enum policy_proto proto,
					  const char *name, size_t len,
					  struct policy_loc loc)
{
	struct policy_service *s = APPEND_NAMED(p->services, p->n_services,
						p->cap_services, name, len, loc);

	s->proto = proto;
	return s;
}

struct policy_smtp *policy_add_smtp(struct policy *p, const char *name,
				    size_t len, struct policy_loc loc)
{
	return APPEND_NAMED(p->smtps, p->n_smtps, p->cap_smtps, name, len, loc);
}

struct policy_rule *policy_add_rule(struct policy *p, struct policy_loc loc)
{
	struct policy_rule *r = APPEND(p->rules, p->n_rules, p->cap_rules);

	r->loc = loc;
	r->in_iface.target = POLICY_TARGET_NONE;
	r->out_iface.target = POLICY_TARGET_NONE;
	r->inspect.target = POLICY_TARGET_NONE;
	return r;
}

void policy_set_ref(struct policy_ref *ref, const char *name, size_t len,
		    struct policy_loc loc)
{
	free(ref->name);
	ref->name = policy_xstrndup(name, len);
	ref->loc = loc;
	ref->target = POLICY_TARGET_NONE;
}

struct policy_ref *policy_add_ref(struct policy_refs *refs, const char *name,
				  size_t len, struct policy_loc loc)
{
	struct policy_ref *r = APPEND(refs->v, refs->n, refs->cap);

	policy_set_ref(r, name, len, loc);
	return r;
}

struct policy_span *policy_add_span(struct policy_service *s, uint16_t first,
				    uint16_t last, struct policy_loc loc)
{
	struct policy_span *sp = APPEND(s->spans, s->n_spans, s->cap_spans);

	sp->first = first;
	sp->last = last;
	sp->loc = loc;
	return sp;
}

unsigned int policy_addr_bits(const struct policy_addr *a)
{
	return a->family == POLICY_IPV4 ? 32 : 128;
}

int policy_addr_compare(const struct policy_addr *a, const struct policy_addr *b)
{
	return memcmp(a->bytes, b->bytes, policy_addr_bits(a) / 8);
}

const char *policy_addr_text(const struct policy_addr *a, char *buf)
{
	if (!inet_ntop(a->family == POLICY_IPV4 ? AF_INET : AF_INET6, a->bytes,
		       buf, POLICY_ADDR_TEXT_MAX))
		snprintf(buf, POLICY_ADDR_TEXT_MAX, "?");
	return buf;
}

/* Equality, ignoring places, resolved targets and invalid marks. */

static bool names_equal(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static bool refs_equal(const struct policy_refs *a, const struct policy_refs *b)
{
	size_t i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < a->n; i++)
		if (!names_equal(a->v[i].name, b->v[i].name))
			return false;
	return true;
}

static bool values_equal(const struct policy_value *a,
			 const struct policy_value *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (a[i].set != b[i].set)
			return false;
		if (a[i].set && a[i].value != b[i].value)
			return false;
	}
	return true;
}

static bool addrs_equal(const struct policy_addr *a, const struct policy_addr *b)
{
	return a->family == b->family && policy_addr_compare(a, b) == 0;
}

static bool object_equal(const struct policy_object *a,
			 const struct policy_object *b)
{
	if (a->kind != b->kind || !names_equal(a->name, b->name))
		return false;
	switch (a->kind) {
	case POLICY_HOST:
		return addrs_equal(&a->addr, &b->addr);
	case POLICY_NETWORK:
		return addrs_equal(&a->addr, &b->addr) &&
		       a->prefix_len == b->prefix_len;
	case POLICY_RANGE:
		return addrs_equal(&a->addr, &b->addr) &&
		       addrs_equal(&a->last, &b->last);
	case POLICY_GROUP:
		return refs_equal(&a->members, &b->members);
	}
	return false;
}

static bool service_equal(const struct policy_service *a,
			  const struct policy_service *b)
{
	size_t i;

	if (a->proto != b->proto || !names_equal(a->name, b->name) ||
	    a->n_spans != b->n_spans)
		return false;
	for (i = 0; i < a->n_spans; i++)
		if (a->spans[i].first != b->spans[i].first ||
		    a->spans[i].last != b->spans[i].last)
			return false;
	return values_equal(a->settings, b->settings,
			    POLICY_SERVICE_SETTING_COUNT);
}

static bool smtp_equal(const struct policy_smtp *a, const struct policy_smtp *b)
{
	return names_equal(a->name, b->name) &&
	       values_equal(a->settings, b->settings, POLICY_SMTP_SETTING_COUNT) &&
	       values_equal(a->check_action, b->check_action,
			    POLICY_SMTP_CHECK_COUNT) &&
	       refs_equal(&a->verbs, &b->verbs) &&
	       refs_equal(&a->senders, &b->senders) &&
	       refs_equal(&a->recipients, &b->recipients);
}

static bool rule_equal(const struct policy_rule *a, const struct policy_rule *b)
{
	return a->action == b->action &&
	       refs_equal(&a->from, &b->from) &&
	       refs_equal(&a->to, &b->to) &&
	       refs_equal(&a->services, &b->services) &&
	       names_equal(a->in_iface.name, b->in_iface.name) &&
	       names_equal(a->out_iface.name, b->out_iface.name) &&
	       values_equal(&a->track, &b->track, 1) &&
	       names_equal(a->inspect.name, b->inspect.name);
}

bool policy_equal(const struct policy *a, const struct policy *b)
{
	size_t i;

	if (a->n_objects != b->n_objects || a->n_services != b->n_services ||
	    a->n_smtps != b->n_smtps || a->n_rules != b->n_rules)
		return false;
	if (!values_equal(a->settings.global, b->settings.global,
			  POLICY_GLOBAL_SETTING_COUNT))
		return false;
	for (i = 0; i < POLICY_PROTO_COUNT; i++)
		if (!values_equal(a->settings.proto[i], b->settings.proto[i],
				  POLICY_SERVICE_SETTING_COUNT))
			return false;
	for (i = 0; i < a->n_objects; i++)
		if (!object_equal(&a->objects[i], &b->objects[i]))
			return false;
	for (i = 0; i < a->n_services; i++)
		if (!service_equal(&a->services[i], &b->services[i]))
			return false;
	for (i = 0; i < a->n_smtps; i++)
		if (!smtp_equal(&a->smtps[i], &b->smtps[i]))
			return false;
	for (i = 0; i < a->n_rules; i++)
		if (!rule_equal(&a->rules[i], &b->rules[i]))
			return false;
	return true;
}
