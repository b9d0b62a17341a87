/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tokens of a policy text. A word is a run of letters, digits and
 * `_ . : / -': names, keywords, numbers, addresses, prefixes and ranges
 * are all words, told apart by the parser from where they stand. A string
 * is "..." on one line. `{ } ; ,' are tokens of their own; `#' starts a
 * comment that runs to the end of the line.
 *
 * Lexical errors (a character that belongs to no token, a string without
 * its closing quote) are reported to the diagnostics and skipped over;
 * the parser never sees them.
 */
#ifndef FWADM_POLICY_LEXER_H
#define FWADM_POLICY_LEXER_H

#include <stdbool.h>
#include <stddef.h>

#include "policy_ast.h"
#include "policy_diag.h"

enum policy_token_kind {
	POLICY_TOK_EOF,
	POLICY_TOK_WORD,
	POLICY_TOK_STRING,
	POLICY_TOK_LBRACE,
	POLICY_TOK_RBRACE,
	POLICY_TOK_SEMICOLON,
	POLICY_TOK_COMMA,
};

struct policy_token {
	enum policy_token_kind kind;
	const char *text;	/* as written (a string with its quotes) */
	size_t len;
	const char *value;	/* a string's contents; else text */
	size_t value_len;
	struct policy_loc loc;	/* end of file: just after the last token */
	bool line_start;	/* first token on its line */
	bool reported;		/* malformed, already reported by the lexer */
};

struct policy_lexer {
	const char *pos, *end;
	const char *line_begin;
	uint32_t line;
	uint32_t last_line;		/* of the last token, for line_start */
	struct policy_loc after_last;	/* just past the last token */
	struct policy_diags *diags;
};

void policy_lexer_init(struct policy_lexer *lx, const char *text, size_t len,
		       struct policy_diags *diags);
void policy_lexer_next(struct policy_lexer *lx, struct policy_token *tok);

/*
 * The place of the token that starts at line:col of text, its last column
 * included; when no token starts there, that one column.
 */
struct policy_loc policy_token_place(const char *text, size_t len,
				     uint32_t line, uint32_t col);

/* Can c be part of a word? */
bool policy_is_word_char(unsigned char c);

#endif /* FWADM_POLICY_LEXER_H */
