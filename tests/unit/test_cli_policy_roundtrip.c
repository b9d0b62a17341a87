// SPDX-License-Identifier: GPL-2.0
/*
 * Parse -> emit -> parse gives an equal tree: on the example policy, on a
 * generated policy of 10,000 rules (in well under a second, with ASan),
 * and on a tree built without text the way one read back from the kernel
 * will be. Also: the canonical text itself, policy_equal() telling apart
 * policies that differ in one thing, and the limit on the number of rules.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <cmocka.h>

#include "policy_settings.h"
#include "policy_test_support.h"

/* Check text, emit it, check that: the trees are equal, the text stable. */
static void assert_round_trip(const char *text)
{
	struct checked first = check_clean(text), second;
	char *emitted = emit_text(first.p);

	second = check_clean(emitted);
	assert_true(policy_equal(first.p, second.p));
	assert_emits(second.p, emitted);
	free(emitted);
	checked_free(&first);
	checked_free(&second);
}

static void test_example_round_trip(void **state)
{
	char *path = tree_path(EXAMPLE_POLICY), *text;
	size_t len;

	(void)state;
	text = read_text_file(path, &len);
	assert_non_null(text);
	assert_round_trip(text);
	free(text);
	free(path);
}

/* The example says what it means to say. */
static void test_example_contents(void **state)
{
	char *path = tree_path(EXAMPLE_POLICY), *text;
	const struct policy_service *report = NULL;
	const struct policy_rule *r;
	struct checked c;
	size_t len, i;

	(void)state;
	text = read_text_file(path, &len);
	assert_non_null(text);
	c = check_text(text);
	assert_string_equal(c.diag, "");
	assert_int_equal(c.p->n_rules, 9);
	assert_int_equal(c.p->n_objects, 15);
	assert_int_equal(c.p->n_services, 10);
	assert_int_equal(c.p->n_smtps, 2);
	for (i = 0; i < c.p->n_services; i++)
		if (strcmp(c.p->services[i].name, "submission-report") == 0)
			report = &c.p->services[i];
	assert_non_null(report);
	assert_int_equal(report->proto, POLICY_TCP);
	assert_int_equal(report->spans[0].first, 587);
	assert_true(report->settings[POLICY_TIMEOUT_IDLE].set);
	assert_int_equal(policy_service_setting(c.p, report, POLICY_TIMEOUT_IDLE),
			 7200);
	r = &c.p->rules[0];
	assert_int_equal(r->action, POLICY_ACCEPT);
	assert_string_equal(r->from.v[0].name, "any");
	assert_int_equal(r->from.v[0].target, POLICY_TARGET_ANY);
	assert_string_equal(r->in_iface.name, "ext0");
	assert_string_equal(r->inspect.name, "inbound");
	assert_int_equal(r->inspect.target, 0);
	r = &c.p->rules[c.p->n_rules - 1];
	assert_int_equal(r->action, POLICY_DROP);
	assert_int_equal(r->track.value, POLICY_TRACK_LOG);
	checked_free(&c);
	free(text);
	free(path);
}

static const char small_policy[] =
	"# comments and layout are not kept\n"
	"rule drop from any to any service any;\n"
	"service web tcp 80,443, 8000-8080 { timeout idle 600; pickup on; }\n"
	"settings { late-packet-grace off; icmpv6 { timeout idle 10; } }\n"
	"host a 192.0.2.1;  host b 2001:DB8:0:0::1;\n"
	"group g { a, b, }\n"
	"service pmtu icmpv6 2, 200;\n"
	"smtp m { }\n"
	"rule accept from g to a service web in eth0 out \"we@ird\" track none inspect m;\n";

/* The canonical form, to the letter. */
static void test_canonical_text(void **state)
{
	struct checked c = check_clean(small_policy);

	(void)state;
	assert_emits(c.p,
		"settings {\n"
		"\tlate-packet-grace off;\n"
		"\ticmpv6 {\n"
		"\t\ttimeout idle 10;\n"
		"\t}\n"
		"}\n"
		"\n"
		"host a 192.0.2.1;\n"
		"host b 2001:db8::1;\n"
		"group g { a, b }\n"
		"\n"
		"service web tcp 80, 443, 8000-8080 {\n"
		"\ttimeout idle 600;\n"
		"\tpickup on;\n"
		"}\n"
		"service pmtu icmpv6 packet-too-big, 200;\n"
		"\n"
		"smtp m { }\n"
		"\n"
		"rule drop from any to any service any;\n"
		"rule accept from g to a service web in eth0 out \"we@ird\" track none inspect m;\n");
	checked_free(&c);
	assert_round_trip(small_policy);
}

/*
 * Pairs that differ in one thing only, each from the same base; every one
 * must parse cleanly and compare unequal to the base.
 */
static const char base_policy[] =
	"host a 192.0.2.1;\n"
	"network n 198.51.100.0/24;\n"
	"group g { a, n }\n"
	"service s tcp 25;\n"
	"smtp m { }\n"
	"rule accept from g to any service s inspect m;\n"
	"rule drop from any to any service any;\n";

static const char *const differing[] = {
	/* an object's name, kind, address, prefix length */
	"host b 192.0.2.1;\nnetwork n 198.51.100.0/24;\ngroup g { b, n }\n"
	"service s tcp 25;\nsmtp m { }\n"
	"rule accept from g to any service s inspect m;\n"
	"rule drop from any to any service any;\n",
	"range a 192.0.2.1-192.0.2.1;\nnetwork n 198.51.100.0/24;\n"
	"group g { a, n }\nservice s tcp 25;\nsmtp m { }\n"
	"rule accept from g to any service s inspect m;\n"
	"rule drop from any to any service any;\n",
	"host a 192.0.2.2;\nnetwork n 198.51.100.0/24;\ngroup g { a, n }\n"
	"service s tcp 25;\nsmtp m { }\n"
	"rule accept from g to any service s inspect m;\n"
	"rule drop from any to any service any;\n",
	"host a 192.0.2.1;\nnetwork n 198.51.100.0/25;\ngroup g { a, n }\n"
	"service s tcp 25;\nsmtp m { }\n"
	"rule accept from g to any service s inspect m;\n"
	"rule drop from any to any service any;\n",
	/* the order of a group's members */
	"host a 192.0.2.1;\nnetwork n 198.51.100.0/24;\ngroup g { n, a }\n"
	"service s tcp 25;\nsmtp m { }\n"
	"rule accept from g to any service s inspect m;\n"
	"rule drop from any to any service any;\n",
	/* a service's protocol, port; a setting written with its default */
	"host a 192.0.2.1;\nnetwork n 198.51.100.0/24;\ngroup g { a, n }\n"
	"service s tcp 26;\nsmtp m { }\n"
	"rule accept from g to any service s inspect m;\n"
	"rule drop from any to any service any;\n",
	"host a 192.0.2.1;\nnetwork n 198.51.100.0/24;\ngroup g { a, n }\n"
	"service s tcp 25 { timeout idle 3600; }\nsmtp m { }\n"
	"rule accept from g to any service s inspect m;\n"
	"rule drop from any to any service any;\n",
	"settings { max-connections 262144; }\n"
	"host a 192.0.2.1;\nnetwork n 198.51.100.0/24;\ngroup g { a, n }\n"
	"service s tcp 25;\nsmtp m { }\n"
	"rule accept from g to any service s inspect m;\n"
	"rule drop from any to any service any;\n",
	/* a rule's action, lists, interfaces, track, inspect; rule order */
	"host a 192.0.2.1;\nnetwork n 198.51.100.0/24;\ngroup g { a, n }\n"
	"service s tcp 25;\nsmtp m { }\n"
	"rule accept from g to any service s inspect m;\n"
	"rule reject from any to any service any;\n",
	"host a 192.0.2.1;\nnetwork n 198.51.100.0/24;\ngroup g { a, n }\n"
	"service s tcp 25;\nsmtp m { }\n"
	"rule accept from g, a to any service s inspect m;\n"
	"rule drop from any to any service any;\n",
	"host a 192.0.2.1;\nnetwork n 198.51.100.0/24;\ngroup g { a, n }\n"
	"service s tcp 25;\nsmtp m { }\n"
	"rule accept from g to any service s in eth0 inspect m;\n"
	"rule drop from any to any service any;\n",
	"host a 192.0.2.1;\nnetwork n 198.51.100.0/24;\ngroup g { a, n }\n"
	"service s tcp 25;\nsmtp m { }\n"
	"rule accept from g to any service s inspect m;\n"
	"rule drop from any to any service any track none;\n",
	"host a 192.0.2.1;\nnetwork n 198.51.100.0/24;\ngroup g { a, n }\n"
	"service s tcp 25;\nsmtp m { }\n"
	"rule accept from g to any service s;\n"
	"rule drop from any to any service any;\n",
	"host a 192.0.2.1;\nnetwork n 198.51.100.0/24;\ngroup g { a, n }\n"
	"service s tcp 25;\nsmtp m { }\n"
	"rule drop from any to any service any;\n"
	"rule accept from g to any service s inspect m;\n",
};

/* Spelled differently, saying the same. */
static const char *const same[] = {
	"host a 192.0.2.1; network n 198.51.100.0/24; group g { a, n, }\n"
	"service s tcp 25 { }\n smtp m { };\n"
	"rule accept to any from g inspect m service s;;\n"
	"rule drop service any from any to any; # the same rules\n",
};

/* smtp options come back in one order, verbs upper case, known ones first. */
static void test_smtp_canonical_text(void **state)
{
	static const char text[] =
		"smtp mail-in { action reject; senders \"*@example.com\", \"\";\n"
		"  verbs xclient, quit, Helo, MAIL; banner mask; max-size 10485760;\n"
		"  action sync reset; max-line 1000; starttls deny; }\n";
	struct checked c = check_clean(text);

	(void)state;
	assert_emits(c.p,
		"smtp mail-in {\n"
		"\tverbs HELO, MAIL, QUIT, XCLIENT;\n"
		"\tmax-line 1000;\n"
		"\tmax-size 10485760;\n"
		"\tstarttls deny;\n"
		"\tbanner mask;\n"
		"\taction reject;\n"
		"\taction sync reset;\n"
		"\tsenders \"*@example.com\", \"\";\n"
		"}\n");
	checked_free(&c);
	assert_round_trip(text);
}

/* Two resources that differ in one option are not equal. */
static void test_smtp_equality(void **state)
{
	static const char *const variants[] = {
		"smtp m { }",
		"smtp m { verbs HELO; }",
		"smtp m { verbs EHLO; }",
		"smtp m { max-line 512; }",
		"smtp m { max-reply-line 512; }",
		"smtp m { smuggling on; }",
		"smtp m { action log; }",
		"smtp m { action verb log; }",
		"smtp m { action line log; }",
		"smtp m { senders \"a\"; }",
		"smtp m { recipients \"a\"; }",
		"smtp m { senders \"a\", \"b\"; }",
	};
	size_t i, k, n = sizeof(variants) / sizeof(variants[0]);

	(void)state;
	for (i = 0; i < n; i++) {
		struct checked a = check_clean(variants[i]);

		for (k = 0; k < n; k++) {
			struct checked b = check_clean(variants[k]);

			assert_int_equal(policy_equal(a.p, b.p), i == k);
			checked_free(&b);
		}
		checked_free(&a);
	}
}

static void test_equality(void **state)
{
	struct checked base = check_text(base_policy);
	size_t i;

	(void)state;
	assert_string_equal(base.diag, "");
	assert_true(policy_equal(base.p, base.p));
	for (i = 0; i < sizeof(differing) / sizeof(differing[0]); i++) {
		struct checked c = check_text(differing[i]);

		assert_string_equal(c.diag, "");
		if (policy_equal(base.p, c.p))
			fail_msg("variant %zu compares equal", i);
		checked_free(&c);
	}
	for (i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		struct checked c = check_text(same[i]);

		assert_string_equal(c.diag, "");
		if (!policy_equal(base.p, c.p))
			fail_msg("variant %zu compares unequal", i);
		checked_free(&c);
	}
	checked_free(&base);
}

/* `timeout established' is another spelling of `timeout idle'. */
static void test_established_is_idle(void **state)
{
	struct checked a = check_text("service s tcp 25 { timeout idle 60; }\n");
	struct checked b = check_text("service s tcp 25 { timeout established 60; }\n");

	(void)state;
	assert_string_equal(b.diag, "");
	assert_true(policy_equal(a.p, b.p));
	checked_free(&a);
	checked_free(&b);
}

static struct policy_loc nowhere(void)
{
	return (struct policy_loc){ 0 };
}

/* A tree built without text, as one read back from the kernel will be. */
static void test_tree_without_text(void **state)
{
	static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x25 };
	struct policy *p = policy_new();
	struct policy_object *o;
	struct policy_service *s;
	struct policy_rule *r;
	struct policy_diags d;
	struct checked c;
	char *text;

	(void)state;
	p->settings.global[POLICY_LATE_PACKET_GRACE] =
		(struct policy_value){ .set = true, .value = POLICY_OFF };
	o = policy_add_object(p, POLICY_HOST, "mx6", 3, nowhere());
	o->addr.family = POLICY_IPV6;
	memcpy(o->addr.bytes, v6, sizeof(v6));
	o = policy_add_object(p, POLICY_GROUP, "mail", 4, nowhere());
	policy_add_ref(&o->members, "mx6", 3, nowhere());
	s = policy_add_service(p, POLICY_TCP, "smtp", 4, nowhere());
	policy_add_span(s, 25, 25, nowhere());
	s->settings[POLICY_TIMEOUT_IDLE] =
		(struct policy_value){ .set = true, .value = 7200 };
	s = policy_add_service(p, POLICY_ICMPV6, "odd", 3, nowhere());
	policy_add_span(s, 250, 250, nowhere());
	policy_add_smtp(p, "in", 2, nowhere());
	p->smtps[0].name[1] = 'm';		/* "im": names are copied */
	r = policy_add_rule(p, nowhere());
	r->action = POLICY_ACCEPT;
	policy_add_ref(&r->from, "any", 3, nowhere());
	policy_add_ref(&r->to, "mail", 4, nowhere());
	policy_add_ref(&r->services, "smtp", 4, nowhere());
	policy_set_ref(&r->out_iface, "wan 1", 5, nowhere());
	policy_set_ref(&r->inspect, "im", 2, nowhere());
	r->track = (struct policy_value){ .set = true, .value = POLICY_TRACK_LOG };

	policy_diags_init(&d);
	assert_int_equal(policy_check(p, &d), 0);
	policy_diags_free(&d);
	text = emit_text(p);
	assert_string_equal(text,
		"settings {\n"
		"\tlate-packet-grace off;\n"
		"}\n"
		"\n"
		"host mx6 2001:db8::25;\n"
		"group mail { mx6 }\n"
		"\n"
		"service smtp tcp 25 {\n"
		"\ttimeout idle 7200;\n"
		"}\n"
		"service odd icmpv6 250;\n"
		"\n"
		"smtp im { }\n"
		"\n"
		"rule accept from any to mail service smtp out \"wan 1\" track log inspect im;\n");
	c = check_text(text);
	/* A space is not allowed in an interface name written by hand. */
	assert_int_equal(c.errors, 1);
	checked_free(&c);
	free(p->rules[0].out_iface.name);
	p->rules[0].out_iface.name = policy_xstrndup("wan1", 4);
	free(text);
	text = emit_text(p);
	c = check_text(text);
	assert_string_equal(c.diag, "");
	assert_true(policy_equal(p, c.p));
	checked_free(&c);
	free(text);
	policy_free(p);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static void test_ten_thousand_rules(void **state)
{
	char *text = generate_policy(10000), *emitted;
	struct checked first, second;
	struct timespec t0;
	double took;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	first = check_text(text);
	emitted = emit_text(first.p);
	second = check_text(emitted);
	took = seconds_since(&t0);
	assert_string_equal(first.diag, "");
	assert_string_equal(second.diag, "");
	assert_int_equal(first.p->n_rules, 10000);
	assert_int_equal(first.p->n_objects, 2300);
	assert_int_equal(first.p->n_services, 100);
	assert_true(policy_equal(first.p, second.p));
	print_message("# 10,000 rules: parse, check, emit, parse, check in %.3f s\n",
		      took);
	assert_true(took < 1.0);
	free(emitted);
	free(text);
	checked_free(&first);
	checked_free(&second);
}

static char *repeat_rule(size_t n)
{
	static const char rule[] = "rule accept from any to any service any;\n";
	char *text = malloc(n * (sizeof(rule) - 1) + 1);
	size_t i;

	assert_non_null(text);
	for (i = 0; i < n; i++)
		memcpy(text + i * (sizeof(rule) - 1), rule, sizeof(rule) - 1);
	text[n * (sizeof(rule) - 1)] = '\0';
	return text;
}

/* 65,535 rules are allowed; one more is an error at that rule. */
static void test_rule_limit(void **state)
{
	char *text = repeat_rule(POLICY_MAX_RULES);
	struct checked c = check_text(text);

	(void)state;
	assert_string_equal(c.diag, "");
	checked_free(&c);
	free(text);

	text = repeat_rule(POLICY_MAX_RULES + 1);
	c = check_text(text);
	assert_string_equal(c.diag,
		"t.policy:65536:1-4: error: too many rules: a policy holds at most 65535\n"
		" rule accept from any to any service any;\n"
		" ^^^^\n");
	checked_free(&c);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_example_round_trip),
		cmocka_unit_test(test_example_contents),
		cmocka_unit_test(test_canonical_text),
		cmocka_unit_test(test_equality),
		cmocka_unit_test(test_smtp_canonical_text),
		cmocka_unit_test(test_smtp_equality),
		cmocka_unit_test(test_established_is_idle),
		cmocka_unit_test(test_tree_without_text),
		cmocka_unit_test(test_ten_thousand_rules),
		cmocka_unit_test(test_rule_limit),
	};

	return cmocka_run_group_tests_name("policy round trip", tests, NULL, NULL);
}
