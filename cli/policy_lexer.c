// SPDX-License-Identifier: GPL-2.0
/*
 * The policy lexer: text to tokens, with their places.
 */
#include <string.h>

#include "policy_lexer.h"

bool policy_is_word_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == ':' ||
	       c == '/' || c == '-';
}

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static bool starts_token(unsigned char c)
{
	return policy_is_word_char(c) || is_space(c) || c == '\n' ||
	       c == '#' || c == '"' || c == '{' || c == '}' || c == ';' ||
	       c == ',';
}

void policy_lexer_init(struct policy_lexer *lx, const char *text, size_t len,
		       struct policy_diags *diags)
{
	memset(lx, 0, sizeof(*lx));
	lx->pos = text;
	lx->end = text + len;
	lx->line_begin = text;
	lx->line = 1;
	lx->after_last = (struct policy_loc){ 1, 1, 1 };
	lx->diags = diags;
}

static void skip_blanks_and_comments(struct policy_lexer *lx)
{
	while (lx->pos < lx->end) {
		unsigned char c = (unsigned char)*lx->pos;

		if (c == '\n') {
			lx->pos++;
			lx->line++;
			lx->line_begin = lx->pos;
		} else if (is_space(c)) {
			lx->pos++;
		} else if (c == '#') {
			while (lx->pos < lx->end && *lx->pos != '\n')
				lx->pos++;
		} else {
			break;
		}
	}
}

static struct policy_loc loc_of(const struct policy_lexer *lx,
				const char *start, size_t len)
{
	uint32_t col = (uint32_t)(start - lx->line_begin) + 1;

	return (struct policy_loc){ lx->line, col, col + (uint32_t)len - 1 };
}

/* A run of bytes no token can hold: one error for the whole run. */
static void skip_invalid(struct policy_lexer *lx)
{
	const char *start = lx->pos;
	unsigned char c = (unsigned char)*start;
	struct policy_loc loc;

	while (lx->pos < lx->end && !starts_token((unsigned char)*lx->pos))
		lx->pos++;
	loc = loc_of(lx, start, (size_t)(lx->pos - start));
	if (c >= 0x80)
		policy_error(lx->diags, loc,
			     "non-ASCII byte 0x%02x outside a comment or string",
			     c);
	else if (c < 0x20 || c == 0x7f)
		policy_error(lx->diags, loc, "invalid byte 0x%02x", c);
	else
		policy_error(lx->diags, loc, "invalid character `%c'", c);
}

static void read_string(struct policy_lexer *lx, struct policy_token *tok)
{
	const char *start = lx->pos++;

	while (lx->pos < lx->end && *lx->pos != '"' && *lx->pos != '\n')
		lx->pos++;
	tok->kind = POLICY_TOK_STRING;
	tok->value = start + 1;
	tok->value_len = (size_t)(lx->pos - start - 1);
	if (lx->pos < lx->end && *lx->pos == '"') {
		lx->pos++;
	} else {
		tok->reported = true;
		policy_error(lx->diags, loc_of(lx, start,
					       (size_t)(lx->pos - start)),
			     "unterminated string: a string ends with `\"' on its line");
	}
	tok->text = start;
	tok->len = (size_t)(lx->pos - start);
}

void policy_lexer_next(struct policy_lexer *lx, struct policy_token *tok)
{
	const char *start;
	unsigned char c;

	memset(tok, 0, sizeof(*tok));
	for (;;) {
		skip_blanks_and_comments(lx);
		if (lx->pos >= lx->end) {
			tok->kind = POLICY_TOK_EOF;
			tok->text = tok->value = "";
			tok->loc = lx->after_last;
			return;
		}
		if (starts_token((unsigned char)*lx->pos))
			break;
		skip_invalid(lx);
	}
	start = lx->pos;
	c = (unsigned char)*start;
	tok->line_start = lx->line != lx->last_line;
	if (c == '"') {
		read_string(lx, tok);
	} else if (policy_is_word_char(c)) {
		while (lx->pos < lx->end &&
		       policy_is_word_char((unsigned char)*lx->pos))
			lx->pos++;
		tok->kind = POLICY_TOK_WORD;
		tok->text = tok->value = start;
		tok->len = tok->value_len = (size_t)(lx->pos - start);
	} else {
		lx->pos++;
		tok->kind = c == '{' ? POLICY_TOK_LBRACE :
			    c == '}' ? POLICY_TOK_RBRACE :
			    c == ';' ? POLICY_TOK_SEMICOLON : POLICY_TOK_COMMA;
		tok->text = tok->value = start;
		tok->len = tok->value_len = 1;
	}
	tok->loc = loc_of(lx, start, tok->len);
	lx->last_line = lx->line;
	lx->after_last = (struct policy_loc){ lx->line, tok->loc.end_col + 1,
					       tok->loc.end_col + 1 };
}

struct policy_loc policy_token_place(const char *text, size_t len,
				     uint32_t line, uint32_t col)
{
	struct policy_loc place = { .line = line, .col = col, .end_col = col };
	struct policy_diags quiet;
	struct policy_lexer lx;
	struct policy_token t;

	policy_diags_init(&quiet);
	policy_lexer_init(&lx, text, len, &quiet);
	do {
		policy_lexer_next(&lx, &t);
		if (t.kind != POLICY_TOK_EOF && t.loc.line == line &&
		    t.loc.col == col) {
			place = t.loc;
			break;
		}
	} while (t.kind != POLICY_TOK_EOF && t.loc.line <= line);
	policy_diags_free(&quiet);
	return place;
}
