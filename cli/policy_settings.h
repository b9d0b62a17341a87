/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every setting of the policy language, described once: how it is
 * written, what values it takes, its default, and (for service settings)
 * the protocols it applies to. The parser reads settings, the checker
 * checks them, the emitter writes them and policy_*_setting() answer
 * "which value applies" from these tables alone.
 */
#ifndef FWADM_POLICY_SETTINGS_H
#define FWADM_POLICY_SETTINGS_H

#include <stdint.h>

#include "policy_ast.h"

/* Bounds of timeouts, in seconds (docs/policy.md says why). */
#define POLICY_TIMEOUT_MIN	1
#define POLICY_TIMEOUT_MAX	604800		/* one week */
#define POLICY_CONNECTIONS_MAX	16777216	/* 2^24 */

struct policy_setting_desc {
	const char *name;		/* as written: "timeout idle" */
	const char *alias;		/* another spelling read, or NULL */
	const char *const *choices;	/* word values, NULL-terminated; or
					   NULL for a number */
	uint32_t min, max;		/* a number's bounds */
	const char *unit;		/* a number's unit for messages, or NULL */
	unsigned int protos;		/* service settings: 1 << proto for each
					   protocol it applies to */
	uint32_t defaults[POLICY_PROTO_COUNT];	/* global ones: [0] */
};

extern const struct policy_setting_desc
	policy_service_settings[POLICY_SERVICE_SETTING_COUNT];
extern const struct policy_setting_desc
	policy_global_settings[POLICY_GLOBAL_SETTING_COUNT];
extern const struct policy_setting_desc
	policy_smtp_settings[POLICY_SMTP_SETTING_COUNT];
extern const struct policy_setting_desc policy_track_setting;

/* Bounds of smtp options; 0 turns a limit off. */
#define POLICY_SMTP_LINE_MAX	1048576
#define POLICY_SMTP_RCPTS_MAX	1000000
#define POLICY_SMTP_KNOWN_VERBS	15

/* Check names as written after `action' ([0] NULL), and the known verbs. */
extern const char *const policy_smtp_check_names[POLICY_SMTP_CHECK_COUNT];
extern const char *const policy_smtp_known_verbs[POLICY_SMTP_KNOWN_VERBS];
extern const struct policy_setting_desc policy_action_setting;

/* The value of a setting as it would be written: "3600", "on", "drop". */
const char *policy_value_text(const struct policy_setting_desc *d,
			      uint32_t value, char *buf, size_t size);

/*
 * The value that applies to service s: its own setting when set, else the
 * settings block's default for its protocol when set, else the built-in
 * default. The setting must apply to the service's protocol.
 */
uint32_t policy_service_setting(const struct policy *p,
				const struct policy_service *s,
				enum policy_service_setting which);
/* The same for a connection of protocol proto accepted by `service any'. */
uint32_t policy_proto_setting(const struct policy *p, enum policy_proto proto,
			      enum policy_service_setting which);
uint32_t policy_global_setting(const struct policy *p,
			       enum policy_global_setting which);

/* Is any of the n values set? */
bool policy_any_set(const struct policy_value *values, size_t n);
/* Does the settings block hold any setting (a global or a protocol's)? */
bool policy_settings_written(const struct policy_settings *s);

#endif /* FWADM_POLICY_SETTINGS_H */
