/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Diagnostics of a policy text: errors, each with the notes that explain
 * it, gathered while reading and checking, printed at the end in the order
 * of the file, nftables and clang style:
 *
 *   mail.policy:5:37-41: error: unknown service `smtps'
 *    rule accept from dmz to any service smtps;
 *                                        ^^^^^
 */
#ifndef FWADM_POLICY_DIAG_H
#define FWADM_POLICY_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "policy_ast.h"

struct policy_diag {
	bool is_note;		/* a note about the error before it */
	struct policy_loc loc;
	char *msg;
	size_t error;		/* index of the error this belongs to */
};

struct policy_diags {
	struct policy_diag *v;
	size_t n, cap;
	size_t errors;		/* how many are errors, not notes */
};

void policy_diags_init(struct policy_diags *d);
void policy_diags_free(struct policy_diags *d);

void policy_error(struct policy_diags *d, struct policy_loc loc,
		  const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A note about the last error reported. */
void policy_note(struct policy_diags *d, struct policy_loc loc,
		 const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Print every diagnostic, errors in the order of their places in the file
 * (each followed by its notes), with the line of text and carets under the
 * place. file names the text in messages.
 */
void policy_diags_print(struct policy_diags *d, const char *file,
			const char *text, size_t len, FILE *out);

/*
 * Quote a word of the text for a message: at most 60 bytes of it, and
 * "..." when longer. Returns buf (POLICY_QUOTE_MAX bytes).
 */
#define POLICY_QUOTE_MAX 64
const char *policy_quote(const char *text, size_t len, char *buf);

#endif /* FWADM_POLICY_DIAG_H */
