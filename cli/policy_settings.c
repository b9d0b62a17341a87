// SPDX-License-Identifier: GPL-2.0
/*
 * The settings tables. The TCP and UDP timeout defaults are Check Point's
 * (Global Properties > Stateful Inspection: TCP start 25 s, TCP session
 * 3600 s, TCP end 20 s, UDP virtual session 40 s, ICMP virtual session
 * 30 s); docs/policy.md lists them all.
 */
#include <stdio.h>

#include "policy_settings.h"

#define PROTO_BIT(p)	(1u << (p))
#define ALL_PROTOS	(PROTO_BIT(POLICY_PROTO_COUNT) - 1)

static const char *const out_of_state_words[] = { "drop", "accept", NULL };
static const char *const switch_words[] = { "off", "on", NULL };
static const char *const track_words[] = { "none", "log", NULL };
static const char *const action_words[] = { "accept", "drop", "reject", NULL };

#define TIMEOUT(written, applies) \
	.name = (written), .min = POLICY_TIMEOUT_MIN, \
	.max = POLICY_TIMEOUT_MAX, .unit = "seconds", .protos = (applies)

const struct policy_setting_desc
policy_service_settings[POLICY_SERVICE_SETTING_COUNT] = {
	[POLICY_TIMEOUT_START] = {
		TIMEOUT("timeout start", PROTO_BIT(POLICY_TCP)),
		.defaults = { [POLICY_TCP] = 25 },
	},
	[POLICY_TIMEOUT_IDLE] = {
		TIMEOUT("timeout idle", ALL_PROTOS),
		.alias = "timeout established",
		.defaults = {
			[POLICY_TCP] = 3600,
			[POLICY_UDP] = 40,
			[POLICY_ICMP] = 30,
			[POLICY_ICMPV6] = 30,
		},
	},
	[POLICY_TIMEOUT_END] = {
		TIMEOUT("timeout end", PROTO_BIT(POLICY_TCP)),
		.defaults = { [POLICY_TCP] = 20 },
	},
	[POLICY_OUT_OF_STATE] = {
		.name = "out-of-state",
		.choices = out_of_state_words,
		.protos = PROTO_BIT(POLICY_TCP) | PROTO_BIT(POLICY_ICMP) |
			  PROTO_BIT(POLICY_ICMPV6),
		/* defaults: POLICY_OOS_DROP */
	},
	[POLICY_PICKUP] = {
		.name = "pickup",
		.choices = switch_words,
		.protos = PROTO_BIT(POLICY_TCP),
		/* defaults: POLICY_OFF */
	},
};

const struct policy_setting_desc
policy_global_settings[POLICY_GLOBAL_SETTING_COUNT] = {
	[POLICY_MAX_CONNECTIONS] = {
		.name = "max-connections",
		.min = 1,
		.max = POLICY_CONNECTIONS_MAX,
		.defaults = { 262144 },
	},
	[POLICY_LATE_PACKET_GRACE] = {
		.name = "late-packet-grace",
		.choices = switch_words,
		.defaults = { POLICY_ON },
	},
};

static const char *const starttls_words[] = { "allow", "deny", NULL };
static const char *const banner_words[] = { "pass", "mask", NULL };
static const char *const smtp_action_words[] = { "log", "reject", "reset", NULL };

const char *const policy_smtp_check_names[POLICY_SMTP_CHECK_COUNT] = {
	NULL, "verb", "line", "reply-line", "recipients", "size", "starttls",
	"sender", "recipient", "smuggling", "sync",
};

/* In the order of their bits in the kernel's parser (kmod/core/smtp.h). */
const char *const policy_smtp_known_verbs[POLICY_SMTP_KNOWN_VERBS] = {
	"HELO", "EHLO", "MAIL", "RCPT", "DATA", "BDAT", "RSET", "NOOP",
	"QUIT", "VRFY", "EXPN", "HELP", "STARTTLS", "AUTH", "ETRN",
};

const struct policy_setting_desc
policy_smtp_settings[POLICY_SMTP_SETTING_COUNT] = {
	[POLICY_SMTP_MAX_LINE] = {
		.name = "max-line", .max = POLICY_SMTP_LINE_MAX,
		.unit = "bytes", .defaults = { 512 },
	},
	[POLICY_SMTP_MAX_REPLY_LINE] = {
		.name = "max-reply-line", .max = POLICY_SMTP_LINE_MAX,
		.unit = "bytes", .defaults = { 512 },
	},
	[POLICY_SMTP_MAX_RECIPIENTS] = {
		.name = "max-recipients", .max = POLICY_SMTP_RCPTS_MAX,
		.unit = "recipients",
	},
	[POLICY_SMTP_MAX_SIZE] = {
		.name = "max-size", .max = UINT32_MAX, .unit = "bytes",
	},
	[POLICY_SMTP_STARTTLS] = {
		.name = "starttls", .choices = starttls_words,
	},
	[POLICY_SMTP_BANNER] = {
		.name = "banner", .choices = banner_words,
	},
	[POLICY_SMTP_SMUGGLING] = {
		.name = "smuggling", .choices = switch_words,
		.defaults = { POLICY_ON },
	},
	[POLICY_SMTP_ACTION] = {
		.name = "action", .choices = smtp_action_words,
	},
};

const struct policy_setting_desc policy_track_setting = {
	.name = "track",
	.choices = track_words,
	.defaults = { POLICY_TRACK_NONE },
};

const struct policy_setting_desc policy_action_setting = {
	.name = "action",
	.choices = action_words,
};

const char *policy_value_text(const struct policy_setting_desc *d,
			      uint32_t value, char *buf, size_t size)
{
	uint32_t i;

	if (!d->choices) {
		snprintf(buf, size, "%u", value);
		return buf;
	}
	for (i = 0; d->choices[i]; i++)
		if (i == value)
			return d->choices[i];
	snprintf(buf, size, "?");
	return buf;
}

uint32_t policy_proto_setting(const struct policy *p, enum policy_proto proto,
			      enum policy_service_setting which)
{
	const struct policy_value *v = &p->settings.proto[proto][which];

	return v->set ? v->value : policy_service_settings[which].defaults[proto];
}

uint32_t policy_service_setting(const struct policy *p,
				const struct policy_service *s,
				enum policy_service_setting which)
{
	if (s->settings[which].set)
		return s->settings[which].value;
	return policy_proto_setting(p, s->proto, which);
}

uint32_t policy_global_setting(const struct policy *p,
			       enum policy_global_setting which)
{
	const struct policy_value *v = &p->settings.global[which];

	return v->set ? v->value : policy_global_settings[which].defaults[0];
}

bool policy_any_set(const struct policy_value *values, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (values[i].set)
			return true;
	return false;
}

bool policy_settings_written(const struct policy_settings *s)
{
	unsigned int proto;

	for (proto = 0; proto < POLICY_PROTO_COUNT; proto++)
		if (policy_any_set(s->proto[proto], POLICY_SERVICE_SETTING_COUNT))
			return true;
	return policy_any_set(s->global, POLICY_GLOBAL_SETTING_COUNT);
}
