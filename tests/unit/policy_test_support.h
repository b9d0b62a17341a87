/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the policy tests (test_cli_policy_*.c) share: read a policy text
 * through parser and checker into a tree and the printed diagnostics,
 * emit a tree to a string, find the example policy, generate a large
 * one. Include <cmocka.h> first.
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

/* The file of the source tree at relative, which must have no error. */
static inline struct checked check_clean_file(const char *relative)
{
	char *path = tree_path(relative), *text;
	struct checked c;
	size_t len;

	text = read_text_file(path, &len);
	if (!text)
		fail_msg("cannot read %s", path);
	c = check_clean(text);
	free(text);
	free(path);
	return c;
}

/*
 * A policy of n_rules rules over 2,000 hosts (IPv4 and IPv6), 100
 * networks, 200 groups and 100 services.
 */
static inline char *generate_policy(size_t n_rules)
{
	char *text = NULL;
	size_t len, i;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	fputs("settings { max-connections 1000000; tcp { timeout idle 1800; } }\n", f);
	for (i = 0; i < 1000; i++) {
		fprintf(f, "host h%zu 10.%zu.%zu.%zu;\n", i, i / 250, i % 250, i % 200 + 1);
		fprintf(f, "host v%zu 2001:db8:%zx::%zx;\n", i, i / 16, i + 1);
	}
	for (i = 0; i < 100; i++)
		fprintf(f, "network n%zu 172.%zu.0.0/16;\n", i, 16 + i % 16);
	for (i = 0; i < 200; i++)
		fprintf(f, "group g%zu { h%zu, v%zu, n%zu }\n", i, i * 5, i * 5,
			i % 100);
	for (i = 0; i < 100; i++)
		fprintf(f, "service s%zu %s %zu%s;\n", i, i % 3 ? "tcp" : "udp",
			1000 + i * 10, i % 4 ? "" : "-2000");
	fputs("smtp m { }\n", f);
	for (i = 0; i < n_rules; i++) {
		size_t svc = i * 7 % 100;	/* tcp unless svc % 3 == 0 */
		bool inspect = i % 7 && svc % 3 && i % 13 == 0;

		fprintf(f, "rule %s from g%zu to h%zu, v%zu service s%zu%s%s%s;\n",
			i % 7 ? "accept" : "drop", i % 200, i % 1000,
			(i + 1) % 1000, svc, i % 5 ? "" : " track log",
			i % 11 ? "" : " in eth1", inspect ? " inspect m" : "");
	}
	fclose(f);
	return text;
}

#endif /* POLICY_TEST_SUPPORT_H */
