// SPDX-License-Identifier: GPL-2.0
/* The words of out-of-state drops and removals: kmod/core/explain.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "explain.h"
#include "track.h"

#define FIN_ACK (RAMPART_TCP_FIN | RAMPART_TCP_ACK)

static void test_no_memory_of_the_connection(void **state)
{
	char buf[256];
	size_t n;

	(void)state;
	n = rampart_explain_out_of_state(buf, sizeof(buf), FIN_ACK, NULL, false);
	assert_string_equal(buf, "TCP packet out of state: first packet isn't SYN; "
				 "tcp_flags: FIN-ACK");
	assert_int_equal(n, strlen(buf));
}

static void test_idle_timeout(void **state)
{
	const struct rampart_removal_info ri = {
		.why = RAMPART_REMOVED_IDLE_TIMEOUT, .ago = 12, .timeout = 3600,
		.rule = 1, .service = "submission",
	};
	char buf[256];

	(void)state;
	rampart_explain_out_of_state(buf, sizeof(buf), FIN_ACK, &ri, false);
	assert_string_equal(buf,
		"TCP packet out of state: first packet isn't SYN; tcp_flags: FIN-ACK; "
		"connection removed 12 s ago: idle timeout 3600 s "
		"(service submission, rule 1)");
}

static void test_every_cause(void **state)
{
	static const struct {
		struct rampart_removal_info ri;
		const char *text;
	} cases[] = {
		{ { .why = RAMPART_REMOVED_RST, .ago = 3, .rst_from = "198.51.100.7" },
		  "connection removed 3 s ago: RST from 198.51.100.7" },
		{ { .why = RAMPART_REMOVED_EVICTED, .ago = 0 },
		  "connection removed 0 s ago: evicted, table full" },
		{ { .why = RAMPART_REMOVED_POLICY, .ago = 59 },
		  "connection removed 59 s ago: policy reinstall" },
		{ { .why = RAMPART_REMOVED_FLUSH, .ago = 1 },
		  "connection removed 1 s ago: flushed by an administrator" },
		{ { .why = RAMPART_REMOVED_CLOSED, .ago = 5, .timeout = 20, .rule = 4 },
		  "connection removed 5 s ago: closed, end timeout 20 s (rule 4)" },
		{ { .why = RAMPART_REMOVED_IDLE_TIMEOUT, .ago = 40, .timeout = 40,
		    .service = "dns" },
		  "connection removed 40 s ago: idle timeout 40 s (service dns)" },
		{ { .why = RAMPART_REMOVED_IDLE_TIMEOUT, .ago = 7, .timeout = 25 },
		  "connection removed 7 s ago: idle timeout 25 s" },
	};
	char buf[160];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		rampart_explain_removal(buf, sizeof(buf), &cases[i].ri);
		assert_string_equal(buf, cases[i].text);
	}
}

static void test_outside_window(void **state)
{
	const struct rampart_removal_info ri = {
		.why = RAMPART_REMOVED_IDLE_TIMEOUT, .ago = 2, .timeout = 3600,
	};
	char buf[256];

	(void)state;
	rampart_explain_out_of_state(buf, sizeof(buf), RAMPART_TCP_RST, &ri, true);
	assert_string_equal(buf,
		"TCP packet out of state: first packet isn't SYN; tcp_flags: RST; "
		"connection removed 2 s ago: idle timeout 3600 s; outside its window");
}

/* A short buffer gets a NUL-terminated prefix; the return says the whole. */
static void test_truncation(void **state)
{
	const struct rampart_removal_info ri = {
		.why = RAMPART_REMOVED_IDLE_TIMEOUT, .ago = 12, .timeout = 3600,
		.rule = 1, .service = "submission",
	};
	char whole[256], buf[256];
	size_t want, size;

	(void)state;
	want = rampart_explain_out_of_state(whole, sizeof(whole), FIN_ACK, &ri, true);
	assert_int_equal(want, strlen(whole));
	for (size = 1; size <= want + 1; size++) {
		memset(buf, 'x', sizeof(buf));
		assert_int_equal(rampart_explain_out_of_state(buf, size, FIN_ACK, &ri, true),
				 want);
		assert_int_equal(strlen(buf), size - 1 < want ? size - 1 : want);
		assert_memory_equal(buf, whole, strlen(buf));
		assert_int_equal(buf[size], 'x');	/* nothing written past size */
	}
	assert_int_equal(rampart_explain_out_of_state(NULL, 0, FIN_ACK, &ri, true), want);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_memory_of_the_connection),
		cmocka_unit_test(test_idle_timeout),
		cmocka_unit_test(test_every_cause),
		cmocka_unit_test(test_outside_window),
		cmocka_unit_test(test_truncation),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
