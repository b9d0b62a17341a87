// SPDX-License-Identifier: GPL-2.0
/*
 * Settings: each one's built-in default (the values docs/policy.md
 * promises), what writing it changes, the settings block's per-protocol
 * defaults, and the difference between "not written" and "written with
 * the default value", which the tree keeps.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "policy_proto.h"
#include "policy_settings.h"
#include "policy_test_support.h"

/* The defaults as documented; a change here is a change of the docs. */
static void test_builtin_defaults(void **state)
{
	static const struct {
		enum policy_proto proto;
		enum policy_service_setting which;
		uint32_t value;
	} documented[] = {
		{ POLICY_TCP, POLICY_TIMEOUT_START, 25 },
		{ POLICY_TCP, POLICY_TIMEOUT_IDLE, 3600 },
		{ POLICY_TCP, POLICY_TIMEOUT_END, 20 },
		{ POLICY_TCP, POLICY_OUT_OF_STATE, POLICY_OOS_DROP },
		{ POLICY_TCP, POLICY_PICKUP, POLICY_OFF },
		{ POLICY_UDP, POLICY_TIMEOUT_IDLE, 40 },
		{ POLICY_ICMP, POLICY_TIMEOUT_IDLE, 30 },
		{ POLICY_ICMP, POLICY_OUT_OF_STATE, POLICY_OOS_DROP },
		{ POLICY_ICMPV6, POLICY_TIMEOUT_IDLE, 30 },
		{ POLICY_ICMPV6, POLICY_OUT_OF_STATE, POLICY_OOS_DROP },
	};
	struct checked c = check_text("");
	size_t i, k;

	(void)state;
	assert_int_equal(policy_global_setting(c.p, POLICY_MAX_CONNECTIONS),
			 262144);
	assert_int_equal(policy_global_setting(c.p, POLICY_LATE_PACKET_GRACE),
			 POLICY_ON);
	for (i = 0; i < sizeof(documented) / sizeof(documented[0]); i++)
		assert_int_equal(policy_proto_setting(c.p, documented[i].proto,
						      documented[i].which),
				 documented[i].value);
	for (i = 0; i < POLICY_GLOBAL_SETTING_COUNT; i++)
		assert_false(c.p->settings.global[i].set);
	for (i = 0; i < POLICY_PROTO_COUNT; i++)
		for (k = 0; k < POLICY_SERVICE_SETTING_COUNT; k++)
			assert_false(c.p->settings.proto[i][k].set);
	checked_free(&c);
}

/* Which settings apply to which protocol. */
static void test_settings_per_protocol(void **state)
{
	const unsigned int tcp = 1u << POLICY_TCP, udp = 1u << POLICY_UDP;
	const unsigned int icmp = 1u << POLICY_ICMP, icmpv6 = 1u << POLICY_ICMPV6;

	(void)state;
	assert_int_equal(policy_service_settings[POLICY_TIMEOUT_START].protos, tcp);
	assert_int_equal(policy_service_settings[POLICY_TIMEOUT_IDLE].protos,
			 tcp | udp | icmp | icmpv6);
	assert_int_equal(policy_service_settings[POLICY_TIMEOUT_END].protos, tcp);
	assert_int_equal(policy_service_settings[POLICY_OUT_OF_STATE].protos,
			 tcp | icmp | icmpv6);
	assert_int_equal(policy_service_settings[POLICY_PICKUP].protos, tcp);
}

/* A value other than the default, as written, for setting desc. */
static const char *other_value(const struct policy_setting_desc *desc,
			       uint32_t *value)
{
	if (desc->choices) {
		*value = desc->defaults[0] ? 0 : 1;
		return desc->choices[*value];
	}
	*value = desc->max;
	return "604800";
}

/*
 * Every service setting, for every protocol it applies to: not written,
 * the protocol's default applies; written, its value, and it is emitted.
 */
static void test_each_service_setting(void **state)
{
	static const char *const span[POLICY_PROTO_COUNT] = {
		"25", "53", "echo-request", "echo-request",
	};
	unsigned int proto, which;

	(void)state;
	for (which = 0; which < POLICY_SERVICE_SETTING_COUNT; which++) {
		const struct policy_setting_desc *desc =
			&policy_service_settings[which];

		for (proto = 0; proto < POLICY_PROTO_COUNT; proto++) {
			char text[256], line[64], *emitted;
			struct checked plain, written;
			const char *word;
			uint32_t value;

			if (!(desc->protos & (1u << proto)))
				continue;
			word = other_value(desc, &value);
			snprintf(text, sizeof(text), "service s %s %s;\n",
				 policy_proto_name(proto), span[proto]);
			plain = check_clean(text);
			snprintf(text, sizeof(text), "service s %s %s { %s %s; }\n",
				 policy_proto_name(proto), span[proto],
				 desc->name, word);
			written = check_clean(text);
			assert_false(plain.p->services[0].settings[which].set);
			assert_int_equal(policy_service_setting(plain.p,
					 &plain.p->services[0], which),
					 desc->defaults[proto]);
			assert_true(written.p->services[0].settings[which].set);
			assert_int_equal(written.p->services[0].settings[which].value,
					 value);
			assert_int_equal(policy_service_setting(written.p,
					 &written.p->services[0], which),
					 value);
			emitted = emit_text(written.p);
			snprintf(line, sizeof(line), "\t%s %s;\n", desc->name, word);
			assert_non_null(strstr(emitted, line));
			free(emitted);
			checked_free(&plain);
			checked_free(&written);
		}
	}
}

/* settings { PROTO { ... } } changes the default of services without one. */
static void test_protocol_defaults_block(void **state)
{
	struct checked c = check_clean(
		"settings {\n"
		"\ttcp { timeout idle 100; pickup on; }\n"
		"\tudp { timeout idle 50; }\n"
		"}\n"
		"service a tcp 25;\n"
		"service b tcp 587 { timeout idle 7200; pickup off; }\n"
		"service c udp 53;\n"
		"service d icmp echo-request;\n");
	const struct policy_service *s;

	(void)state;
	s = &c.p->services[0];
	assert_int_equal(policy_service_setting(c.p, s, POLICY_TIMEOUT_IDLE), 100);
	assert_int_equal(policy_service_setting(c.p, s, POLICY_PICKUP), POLICY_ON);
	assert_int_equal(policy_service_setting(c.p, s, POLICY_TIMEOUT_START), 25);
	s = &c.p->services[1];
	assert_int_equal(policy_service_setting(c.p, s, POLICY_TIMEOUT_IDLE), 7200);
	assert_int_equal(policy_service_setting(c.p, s, POLICY_PICKUP), POLICY_OFF);
	s = &c.p->services[2];
	assert_int_equal(policy_service_setting(c.p, s, POLICY_TIMEOUT_IDLE), 50);
	s = &c.p->services[3];
	assert_int_equal(policy_service_setting(c.p, s, POLICY_TIMEOUT_IDLE), 30);
	/* What `service any' gets for a protocol. */
	assert_int_equal(policy_proto_setting(c.p, POLICY_TCP, POLICY_TIMEOUT_IDLE),
			 100);
	assert_int_equal(policy_proto_setting(c.p, POLICY_ICMPV6,
					      POLICY_TIMEOUT_IDLE), 30);
	checked_free(&c);
}

static void test_global_settings(void **state)
{
	struct checked c = check_clean(
		"settings { max-connections 5000; late-packet-grace off; }\n");

	(void)state;
	assert_true(c.p->settings.global[POLICY_MAX_CONNECTIONS].set);
	assert_int_equal(policy_global_setting(c.p, POLICY_MAX_CONNECTIONS), 5000);
	assert_int_equal(policy_global_setting(c.p, POLICY_LATE_PACKET_GRACE),
			 POLICY_OFF);
	assert_emits(c.p, "settings {\n"
			  "\tmax-connections 5000;\n"
			  "\tlate-packet-grace off;\n"
			  "}\n");
	checked_free(&c);
}

/* A setting written with its default value stays written. */
static void test_written_default_is_kept(void **state)
{
	struct checked c = check_clean(
		"settings { late-packet-grace on; }\n"
		"service s tcp 25 { timeout idle 3600; }\n"
		"rule accept from any to any service s track none;\n"
		"rule accept from any to any service s;\n");

	(void)state;
	assert_true(c.p->settings.global[POLICY_LATE_PACKET_GRACE].set);
	assert_true(c.p->services[0].settings[POLICY_TIMEOUT_IDLE].set);
	assert_true(c.p->rules[0].track.set);
	assert_int_equal(c.p->rules[0].track.value, POLICY_TRACK_NONE);
	assert_false(c.p->rules[1].track.set);
	assert_null(c.p->rules[1].in_iface.name);
	assert_null(c.p->rules[1].inspect.name);
	assert_emits(c.p, "settings {\n"
			  "\tlate-packet-grace on;\n"
			  "}\n"
			  "\n"
			  "service s tcp 25 {\n"
			  "\ttimeout idle 3600;\n"
			  "}\n"
			  "\n"
			  "rule accept from any to any service s track none;\n"
			  "rule accept from any to any service s;\n");
	checked_free(&c);
}

/* The ends of every bounded value are accepted. */
static void test_bounds_accepted(void **state)
{
	struct checked c = check_clean(
		"settings { max-connections 1; tcp { timeout start 1; timeout end 604800; } }\n"
		"settings { udp { timeout idle 604800; } }\n"
		"service low tcp 1, 1-65535, 65535;\n"
		"service types icmp 0, 255;\n"
		"network all4 0.0.0.0/0;\n"
		"network all6 ::/0;\n"
		"network one4 192.0.2.1/32;\n"
		"network one6 2001:db8::1/128;\n"
		"range one 192.0.2.1-192.0.2.1;\n"
		"rule accept from any to any service any out abcdefghijklmno;\n");
	char *text;

	(void)state;
	assert_int_equal(c.p->services[0].n_spans, 3);
	assert_int_equal(c.p->services[0].spans[1].first, 1);
	assert_int_equal(c.p->services[0].spans[1].last, 65535);
	text = emit_text(c.p);
	assert_non_null(strstr(text, "service types icmp echo-reply, 255;\n"));
	assert_non_null(strstr(text, "network all6 ::/0;\n"));
	free(text);
	checked_free(&c);
	c = check_clean("settings { max-connections 16777216; }\n");
	checked_free(&c);
}

static void test_value_text(void **state)
{
	char buf[16];

	(void)state;
	assert_string_equal(policy_value_text(&policy_service_settings[
				POLICY_TIMEOUT_IDLE], 7200, buf, sizeof(buf)),
			    "7200");
	assert_string_equal(policy_value_text(&policy_service_settings[
				POLICY_OUT_OF_STATE], POLICY_OOS_ACCEPT, buf,
				sizeof(buf)), "accept");
	assert_string_equal(policy_value_text(&policy_action_setting,
					      POLICY_REJECT, buf, sizeof(buf)),
			    "reject");
	assert_string_equal(policy_value_text(&policy_track_setting, 9, buf,
					      sizeof(buf)), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_builtin_defaults),
		cmocka_unit_test(test_settings_per_protocol),
		cmocka_unit_test(test_each_service_setting),
		cmocka_unit_test(test_protocol_defaults_block),
		cmocka_unit_test(test_global_settings),
		cmocka_unit_test(test_written_default_is_kept),
		cmocka_unit_test(test_bounds_accepted),
		cmocka_unit_test(test_value_text),
	};

	return cmocka_run_group_tests_name("policy settings", tests, NULL, NULL);
}
