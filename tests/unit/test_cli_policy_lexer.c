// SPDX-License-Identifier: GPL-2.0
/*
 * The policy lexer: which tokens a text is cut into, their places, and
 * what it skips (blanks, comments) or reports (bytes no token holds).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "policy_lexer.h"
#include "policy_test_support.h"

struct expected_token {
	enum policy_token_kind kind;
	const char *text;
	uint32_t line, col, end_col;
	bool line_start;
};

struct lexer_case {
	const char *name;
	const char *text;
	const struct expected_token *want;
	size_t n;
	size_t errors;		/* lexical errors expected */
};

static void assert_tokens(const struct lexer_case *c)
{
	struct policy_diags d;
	struct policy_lexer lx;
	struct policy_token t;
	size_t i;

	policy_diags_init(&d);
	policy_lexer_init(&lx, c->text, strlen(c->text), &d);
	for (i = 0; i <= c->n; i++) {
		const struct expected_token *w = i < c->n ? &c->want[i] : NULL;

		policy_lexer_next(&lx, &t);
		if (!w) {
			assert_int_equal(t.kind, POLICY_TOK_EOF);
			break;
		}
		if (t.kind != w->kind || t.len != strlen(w->text) ||
		    memcmp(t.text, w->text, t.len) != 0 ||
		    t.loc.line != w->line || t.loc.col != w->col ||
		    t.loc.end_col != w->end_col || t.line_start != w->line_start)
			fail_msg("%s: token %zu is `%.*s' at %u:%u-%u, not `%s' at %u:%u-%u",
				 c->name, i, (int)t.len, t.text, t.loc.line,
				 t.loc.col, t.loc.end_col, w->text, w->line,
				 w->col, w->end_col);
	}
	assert_int_equal(d.errors, c->errors);
	policy_diags_free(&d);
}

/* Token number index (from 0) of text; lexical errors are counted. */
static struct policy_token token_at(const char *text, size_t index,
				    size_t *errors)
{
	struct policy_diags d;
	struct policy_lexer lx;
	struct policy_token t;
	size_t i;

	policy_diags_init(&d);
	policy_lexer_init(&lx, text, strlen(text), &d);
	for (i = 0; i <= index; i++)
		policy_lexer_next(&lx, &t);
	*errors = d.errors;
	policy_diags_free(&d);
	return t;
}

static const struct expected_token words_and_punctuation[] = {
	{ POLICY_TOK_WORD, "range", 1, 1, 5, true },
	{ POLICY_TOK_WORD, "r-1", 1, 7, 9, false },
	{ POLICY_TOK_WORD, "2001:db8::1-2001:db8::9", 1, 11, 33, false },
	{ POLICY_TOK_SEMICOLON, ";", 1, 34, 34, false },
	{ POLICY_TOK_WORD, "group", 2, 1, 5, true },
	{ POLICY_TOK_WORD, "g", 2, 7, 7, false },
	{ POLICY_TOK_LBRACE, "{", 2, 8, 8, false },
	{ POLICY_TOK_WORD, "a.b_c", 2, 9, 13, false },
	{ POLICY_TOK_COMMA, ",", 2, 14, 14, false },
	{ POLICY_TOK_WORD, "192.0.2.0/24", 3, 2, 13, true },
	{ POLICY_TOK_RBRACE, "}", 3, 14, 14, false },
};

static const struct expected_token comments_and_blanks[] = {
	{ POLICY_TOK_WORD, "host", 2, 3, 6, true },
	{ POLICY_TOK_WORD, "a", 3, 1, 1, true },
	{ POLICY_TOK_SEMICOLON, ";", 3, 2, 2, false },
};

static const struct expected_token strings[] = {
	{ POLICY_TOK_WORD, "in", 1, 1, 2, true },
	{ POLICY_TOK_STRING, "\"we ird#\"", 1, 4, 12, false },
	{ POLICY_TOK_STRING, "\"open", 2, 1, 5, true },	/* unterminated */
	{ POLICY_TOK_WORD, "x", 3, 1, 1, true },
};

/* Bytes no token holds are reported, one error a run, and skipped. */
static const struct expected_token invalid_bytes_skipped[] = {
	{ POLICY_TOK_WORD, "a", 1, 1, 1, true },
	{ POLICY_TOK_WORD, "b", 1, 5, 5, false },
	{ POLICY_TOK_WORD, "c", 1, 7, 7, false },
};

#define CASE(want, text, errors) \
	{ #want, text, want, sizeof(want) / sizeof(want[0]), errors }

static const struct lexer_case cases[] = {
	CASE(words_and_punctuation,
	     "range r-1 2001:db8::1-2001:db8::9;\n"
	     "group g{a.b_c,\n"
	     "\t192.0.2.0/24}", 0),
	CASE(comments_and_blanks,
	     "# a comment { ; }\r\n"
	     "\f host# comment after a word\n"
	     "a;   # and at the end", 0),
	CASE(strings, "in \"we ird#\"\n\"open\nx", 1),
	CASE(invalid_bytes_skipped, "a@$!b*c", 2),
};

static void test_token_streams(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_tokens(&cases[i]);
}

/* A string's value is what is between its quotes. */
static void test_string_value(void **state)
{
	size_t errors;
	struct policy_token t = token_at("\"a b\"", 0, &errors);

	(void)state;
	assert_int_equal(t.kind, POLICY_TOK_STRING);
	assert_int_equal(t.value_len, 3);
	assert_memory_equal(t.value, "a b", 3);
	assert_false(t.reported);
	assert_int_equal(errors, 0);
}

static void test_end_of_file_place(void **state)
{
	size_t errors;
	struct policy_token t = token_at("", 0, &errors);

	(void)state;
	assert_int_equal(t.kind, POLICY_TOK_EOF);
	assert_int_equal(t.loc.line, 1);
	assert_int_equal(t.loc.col, 1);
	t = token_at("ab  \n\n  # x\n", 1, &errors);
	assert_int_equal(t.kind, POLICY_TOK_EOF);
	assert_int_equal(t.loc.line, 1);
	assert_int_equal(t.loc.col, 3);
	assert_int_equal(errors, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_token_streams),
		cmocka_unit_test(test_string_value),
		cmocka_unit_test(test_end_of_file_place),
	};

	return cmocka_run_group_tests_name("policy lexer", tests, NULL, NULL);
}
