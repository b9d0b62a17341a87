/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the policy tests (test_cli_policy_*.c) share: read a policy text
 * through parser and checker into a tree and the printed diagnostics,
 * emit a tree to a string, find the example policy. Include <cmocka.h>
 * first.
 */
#ifndef POLICY_TEST_SUPPORT_H
#define POLICY_TEST_SUPPORT_H

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "policy_ast.h"
#include "policy_check.h"
#include "policy_diag.h"
#include "policy_emit.h"
#include "policy_parser.h"

struct checked {
	struct policy *p;
	char *diag;		/* the diagnostics as printed; "" when none */
	size_t errors;
};

/* Parse and check len bytes of text, named "t.policy" in messages. */
static inline struct checked check_bytes(const char *text, size_t len)
{
	struct checked c = { 0 };
	struct policy_diags d;
	size_t size;
	FILE *f;

	policy_diags_init(&d);
	c.p = policy_parse(text, len, &d);
	policy_check(c.p, &d);
	c.errors = d.errors;
	f = open_memstream(&c.diag, &size);
	if (!f)
		abort();
	policy_diags_print(&d, "t.policy", text, len, f);
	fclose(f);
	policy_diags_free(&d);
	return c;
}

static inline struct checked check_text(const char *text)
{
	return check_bytes(text, strlen(text));
}

/* Check text that must have no error (cmocka must be included first). */
static inline struct checked check_clean(const char *text)
{
	struct checked c = check_text(text);

	if (c.errors)
		fail_msg("unexpected errors:\n%s", c.diag);
	return c;
}

static inline void checked_free(struct checked *c)
{
	policy_free(c->p);
	free(c->diag);
}

static inline char *emit_text(const struct policy *p)
{
	char *text = NULL;
	size_t size;
	FILE *f = open_memstream(&text, &size);

	if (!f)
		abort();
	policy_emit(p, f);
	fclose(f);
	return text;
}

/* p emits exactly want. */
static inline void assert_emits(const struct policy *p, const char *want)
{
	char *text = emit_text(p);

	assert_string_equal(text, want);
	free(text);
}

/* The whole file at path, NUL-terminated; NULL when it cannot be read. */
static inline char *read_text_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *text;
	long size;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	text = malloc((size_t)size + 1);
	if (!text || fread(text, 1, (size_t)size, f) != (size_t)size)
		abort();
	text[size] = '\0';
	fclose(f);
	*len = (size_t)size;
	return text;
}

/*
 * The path of a file of the source tree, found from the test program's
 * own place (tests/unit/), so the tests run from any directory.
 */
static inline char *tree_path(const char *relative)
{
	char exe[PATH_MAX], *dir, *path;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	size_t size;

	if (n <= 0)
		abort();
	exe[n] = '\0';
	dir = dirname(exe);
	size = strlen(dir) + strlen(relative) + sizeof("/../../");
	path = malloc(size);
	if (!path)
		abort();
	snprintf(path, size, "%s/../../%s", dir, relative);
	return path;
}

#define EXAMPLE_POLICY "examples/mail-gateway.policy"

#endif /* POLICY_TEST_SUPPORT_H */
