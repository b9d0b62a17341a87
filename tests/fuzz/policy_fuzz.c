// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the policy language: any input goes through the
 * lexer, parser and checker, and its diagnostics are printed; an input
 * that has no error is emitted, and the emitted text must parse and check
 * without error into an equal tree, and emit to the same text again.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy_ast.h"
#include "policy_check.h"
#include "policy_diag.h"
#include "policy_emit.h"
#include "policy_parser.h"

static struct policy *read_policy(const char *text, size_t len,
				  struct policy_diags *d)
{
	struct policy *p;

	policy_diags_init(d);
	p = policy_parse(text, len, d);
	policy_check(p, d);
	return p;
}

static char *emit(const struct policy *p, size_t *len)
{
	char *text = NULL;
	FILE *f = open_memstream(&text, len);

	if (!f)
		abort();
	policy_emit(p, f);
	fclose(f);
	return text;
}

/* The round trip failed: show both texts and crash, so the input is kept. */
static void round_trip_failed(const char *why, const char *emitted,
			      struct policy_diags *d)
{
	fprintf(stderr, "policy round trip: %s\n--- emitted:\n%s---\n", why,
		emitted);
	policy_diags_print(d, "emitted", emitted, strlen(emitted), stderr);
	abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct policy_diags d, d2;
	struct policy *p, *q;
	char *emitted, *again;
	size_t len, len2;
	FILE *sink;

	p = read_policy(text, size, &d);
	sink = fopen("/dev/null", "w");
	if (sink) {
		policy_diags_print(&d, "fuzz", text, size, sink);
		fclose(sink);
	}
	if (d.errors) {
		policy_diags_free(&d);
		policy_free(p);
		return 0;
	}
	emitted = emit(p, &len);
	q = read_policy(emitted, len, &d2);
	if (d2.errors)
		round_trip_failed("the emitted text has errors", emitted, &d2);
	if (!policy_equal(p, q))
		round_trip_failed("the trees differ", emitted, &d2);
	again = emit(q, &len2);
	if (len2 != len || memcmp(again, emitted, len) != 0)
		round_trip_failed("emitting again gives another text", emitted,
				  &d2);
	free(again);
	free(emitted);
	policy_free(q);
	policy_free(p);
	policy_diags_free(&d2);
	policy_diags_free(&d);
	return 0;
}
