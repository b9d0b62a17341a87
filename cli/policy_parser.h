/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The policy parser: tokens to a tree (policy_ast.h). The grammar is in
 * docs/policy.md.
 *
 * Every literal is read here and must be well formed and within the
 * bounds of its kind (an address, a port 1..65535, a timeout in seconds);
 * how things relate (names, ranges, families, cycles) is policy_check()'s.
 * After a syntax error the parser skips to the next `;' or `}' and goes
 * on, so one run reports every error of a file.
 */
#ifndef FWADM_POLICY_PARSER_H
#define FWADM_POLICY_PARSER_H

#include <stdbool.h>
#include <stddef.h>

#include "policy_ast.h"
#include "policy_diag.h"

/*
 * Parse text (len bytes, need not be NUL-terminated). Always returns a
 * tree, holding what could be read; errors go to diags.
 */
struct policy *policy_parse(const char *text, size_t len,
			    struct policy_diags *diags);

/* Words that cannot name anything: `any' and the words of rule clauses. */
bool policy_is_reserved_word(const char *text, size_t len);

/* Is this a name: a letter or `_', then letters, digits, `_ . -'? */
bool policy_is_name(const char *text, size_t len);

#endif /* FWADM_POLICY_PARSER_H */
