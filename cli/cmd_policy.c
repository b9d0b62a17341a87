// SPDX-License-Identifier: GPL-2.0
/*
 * fwadm policy: read a policy file, check all of it, and print either a
 * one-line summary (verify) or its canonical text (format). Nothing is
 * sent to the kernel.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fwadm.h"
#include "policy_ast.h"
#include "policy_check.h"
#include "policy_diag.h"
#include "policy_emit.h"
#include "policy_parser.h"

#define POLICY_FILE_MAX (64u << 20)	/* bytes; a policy is far smaller */

/* Read all of f. Returns 0, or an errno value (EFBIG: over the limit). */
static int read_all(FILE *f, char **text, size_t *len)
{
	size_t cap = 0, n = 0, got;
	char *buf = NULL;

	do {
		if (n > POLICY_FILE_MAX) {
			free(buf);
			return EFBIG;
		}
		buf = policy_grow(buf, &cap, n + 65536, 1);
		got = fread(buf + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		int e = errno ? errno : EIO;

		free(buf);
		return e;
	}
	*text = buf;
	*len = n;
	return 0;
}

/* Read the file at path ("-": standard input). Reports failures. */
static bool load(struct fwadm_ctx *ctx, const char *path, char **text,
		 size_t *len)
{
	bool is_stdin = strcmp(path, "-") == 0;
	struct fwadm_err err;
	FILE *f;
	int e;

	errno = 0;
	f = is_stdin ? (ctx->in ? ctx->in : stdin) : fopen(path, "r");
	if (!f) {
		e = errno ? errno : EIO;
	} else {
		e = read_all(f, text, len);
		if (!is_stdin)
			fclose(f);
	}
	if (e == 0)
		return true;
	if (e == EFBIG)
		fwadm_err_set(&err, FWADM_E_SYSTEM, 0,
			      "cannot read `%s': larger than %u MiB", path,
			      POLICY_FILE_MAX >> 20);
	else
		fwadm_err_set(&err, FWADM_E_SYSTEM, e, "cannot read `%s'", path);
	fwadm_report(ctx, &err);
	return false;
}

static void print_count(FILE *f, size_t n, const char *what)
{
	fprintf(f, "%zu %s%s", n, what, n == 1 ? "" : "s");
}

int fwadm_cmd_policy(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		     int argc, char **argv)
{
	struct policy_diags diags;
	struct policy *p;
	const char *name;
	char *args[2], *text = NULL;
	size_t nargs, len = 0;
	bool help, format;
	int r;

	r = fwadm_parse_opts(ctx, cmd, argc, argv, NULL, 0, &help, args, 2,
			     &nargs);
	if (r == FWADM_EXIT_OK && help)
		fwadm_print_cmd_help(ctx->out, cmd);
	if (r != FWADM_EXIT_OK || help)
		return r;
	if (nargs == 0)
		return fwadm_usage_error(ctx, cmd, "no subcommand given", NULL);
	format = strcmp(args[0], "format") == 0;
	if (!format && strcmp(args[0], "verify") != 0)
		return fwadm_usage_error(ctx, cmd, "unknown subcommand", args[0]);
	if (nargs < 2)
		return fwadm_usage_error(ctx, cmd, "no file given", NULL);
	if (!load(ctx, args[1], &text, &len))
		return FWADM_EXIT_FAIL;

	name = strcmp(args[1], "-") == 0 ? "<stdin>" : args[1];
	policy_diags_init(&diags);
	p = policy_parse(text, len, &diags);
	policy_check(p, &diags);
	if (diags.errors) {
		fflush(ctx->out);
		policy_diags_print(&diags, name, text, len, ctx->err);
		fprintf(ctx->err, "%s: ", name);
		print_count(ctx->err, diags.errors, "error");
		fputs("\n", ctx->err);
		r = FWADM_EXIT_FAIL;
	} else if (format) {
		policy_emit(p, ctx->out);
	} else {
		fprintf(ctx->out, "%s: ", name);
		print_count(ctx->out, p->n_rules, "rule");
		fputs(", ", ctx->out);
		print_count(ctx->out, p->n_objects, "object");
		fputs(", ", ctx->out);
		print_count(ctx->out, p->n_services, "service");
		fputs(": OK\n", ctx->out);
	}
	policy_free(p);
	policy_diags_free(&diags);
	free(text);
	return r;
}
