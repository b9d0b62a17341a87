// SPDX-License-Identifier: GPL-2.0
/*
 * The policy emitter: a tree to canonical text, one statement a line,
 * blocks indented by a tab.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <string.h>

#include "policy_emit.h"
#include "policy_lexer.h"
#include "policy_proto.h"
#include "policy_settings.h"

/* "NAME VALUE;" for each setting that is set, on lines indented by indent. */
static bool emit_settings(const struct policy_setting_desc *descs, size_t n,
			  const struct policy_value *values, const char *indent,
			  FILE *out)
{
	char buf[16];
	bool any = false;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!values[i].set)
			continue;
		fprintf(out, "%s%s %s;\n", indent, descs[i].name,
			policy_value_text(&descs[i], values[i].value, buf,
					  sizeof(buf)));
		any = true;
	}
	return any;
}

static bool emit_settings_block(const struct policy_settings *s, FILE *out)
{
	unsigned int proto;

	if (!policy_settings_written(s))
		return false;
	fputs("settings {\n", out);
	emit_settings(policy_global_settings, POLICY_GLOBAL_SETTING_COUNT,
		      s->global, "\t", out);
	for (proto = 0; proto < POLICY_PROTO_COUNT; proto++) {
		if (!policy_any_set(s->proto[proto], POLICY_SERVICE_SETTING_COUNT))
			continue;
		fprintf(out, "\t%s {\n", policy_proto_name(proto));
		emit_settings(policy_service_settings,
			      POLICY_SERVICE_SETTING_COUNT, s->proto[proto],
			      "\t\t", out);
		fputs("\t}\n", out);
	}
	fputs("}\n", out);
	return true;
}

static void emit_refs(const struct policy_refs *refs, FILE *out)
{
	size_t i;

	for (i = 0; i < refs->n; i++)
		fprintf(out, "%s%s", i ? ", " : "", refs->v[i].name);
}

static void emit_object(const struct policy_object *o, FILE *out)
{
	char a[POLICY_ADDR_TEXT_MAX], b[POLICY_ADDR_TEXT_MAX];

	switch (o->kind) {
	case POLICY_HOST:
		fprintf(out, "host %s %s;\n", o->name,
			policy_addr_text(&o->addr, a));
		break;
	case POLICY_NETWORK:
		fprintf(out, "network %s %s/%u;\n", o->name,
			policy_addr_text(&o->addr, a), o->prefix_len);
		break;
	case POLICY_RANGE:
		fprintf(out, "range %s %s-%s;\n", o->name,
			policy_addr_text(&o->addr, a),
			policy_addr_text(&o->last, b));
		break;
	case POLICY_GROUP:
		fprintf(out, "group %s { ", o->name);
		emit_refs(&o->members, out);
		fputs(" }\n", out);
		break;
	}
}

static void emit_span(const struct policy_service *s,
		      const struct policy_span *sp, FILE *out)
{
	const char *name;

	if (policy_proto_has_ports(s->proto)) {
		if (sp->first == sp->last)
			fprintf(out, "%u", sp->first);
		else
			fprintf(out, "%u-%u", sp->first, sp->last);
		return;
	}
	name = policy_icmp_type_name(s->proto, sp->first);
	if (name)
		fputs(name, out);
	else
		fprintf(out, "%u", sp->first);
}

static void emit_service(const struct policy_service *s, FILE *out)
{
	size_t i;

	fprintf(out, "service %s %s ", s->name, policy_proto_name(s->proto));
	for (i = 0; i < s->n_spans; i++) {
		if (i)
			fputs(", ", out);
		emit_span(s, &s->spans[i], out);
	}
	if (!policy_any_set(s->settings, POLICY_SERVICE_SETTING_COUNT)) {
		fputs(";\n", out);
		return;
	}
	fputs(" {\n", out);
	emit_settings(policy_service_settings, POLICY_SERVICE_SETTING_COUNT,
		      s->settings, "\t", out);
	fputs("}\n", out);
}

/* An interface name as a word when it is one, else as a "string". */
static void emit_interface(const char *clause, const char *name, FILE *out)
{
	size_t i, len = strlen(name);
	bool word = len > 0;

	for (i = 0; i < len; i++)
		if (!policy_is_word_char((unsigned char)name[i]))
			word = false;
	fprintf(out, word ? " %s %s" : " %s \"%s\"", clause, name);
}

static void emit_rule(const struct policy_rule *r, size_t number, bool stats,
		      FILE *out)
{
	char buf[16];

	fprintf(out, "rule %s from ",
		policy_value_text(&policy_action_setting, r->action, buf,
				  sizeof(buf)));
	emit_refs(&r->from, out);
	fputs(" to ", out);
	emit_refs(&r->to, out);
	fputs(" service ", out);
	emit_refs(&r->services, out);
	if (r->in_iface.name)
		emit_interface("in", r->in_iface.name, out);
	if (r->out_iface.name)
		emit_interface("out", r->out_iface.name, out);
	if (r->track.set)
		fprintf(out, " track %s",
			policy_value_text(&policy_track_setting, r->track.value,
					  buf, sizeof(buf)));
	if (r->inspect.name)
		fprintf(out, " inspect %s", r->inspect.name);
	fputs(";", out);
	if (stats && r->hits_set)
		fprintf(out, "\t# rule %zu: %" PRIu64 " %s", number, r->hits,
			r->hits == 1 ? "hit" : "hits");
	else if (stats)
		fprintf(out, "\t# rule %zu", number);
	fputs("\n", out);
}

static void emit_list(const char *name, const struct policy_refs *list,
		      bool quoted, FILE *out)
{
	size_t i;

	if (!list->n)
		return;
	fprintf(out, "\t%s ", name);
	for (i = 0; i < list->n; i++)
		fprintf(out, quoted ? "%s\"%s\"" : "%s%s", i ? ", " : "",
			list->v[i].name);
	fputs(";\n", out);
}

static void emit_smtp(const struct policy_smtp *m, FILE *out)
{
	const struct policy_setting_desc *action =
		&policy_smtp_settings[POLICY_SMTP_ACTION];
	bool any = m->verbs.n || m->senders.n || m->recipients.n;
	char buf[16];
	size_t c;

	any = any || policy_any_set(m->settings, POLICY_SMTP_SETTING_COUNT) ||
	      policy_any_set(m->check_action, POLICY_SMTP_CHECK_COUNT);
	if (!any) {
		fprintf(out, "smtp %s { }\n", m->name);
		return;
	}
	fprintf(out, "smtp %s {\n", m->name);
	emit_list("verbs", &m->verbs, false, out);
	emit_settings(policy_smtp_settings, POLICY_SMTP_SETTING_COUNT,
		      m->settings, "\t", out);
	for (c = 1; c < POLICY_SMTP_CHECK_COUNT; c++)
		if (m->check_action[c].set)
			fprintf(out, "\taction %s %s;\n",
				policy_smtp_check_names[c],
				policy_value_text(action, m->check_action[c].value,
						  buf, sizeof(buf)));
	emit_list("senders", &m->senders, true, out);
	emit_list("recipients", &m->recipients, true, out);
	fputs("}\n", out);
}

/* A blank line before each kind of statement but the first written. */
static void separate(bool *started, size_t n, FILE *out)
{
	if (*started && n)
		fputs("\n", out);
	if (n)
		*started = true;
}

void policy_emit_stats(const struct policy *p, bool stats, FILE *out)
{
	bool started = emit_settings_block(&p->settings, out);
	size_t i;

	separate(&started, p->n_objects, out);
	for (i = 0; i < p->n_objects; i++)
		emit_object(&p->objects[i], out);
	separate(&started, p->n_services, out);
	for (i = 0; i < p->n_services; i++)
		emit_service(&p->services[i], out);
	separate(&started, p->n_smtps, out);
	for (i = 0; i < p->n_smtps; i++)
		emit_smtp(&p->smtps[i], out);
	separate(&started, p->n_rules, out);
	for (i = 0; i < p->n_rules; i++)
		emit_rule(&p->rules[i], i + 1, stats, out);
}

void policy_emit(const struct policy *p, FILE *out)
{
	policy_emit_stats(p, false, out);
}
