// SPDX-License-Identifier: GPL-2.0
/*
 * fwadm policy: read a policy file and check all of it (verify, format),
 * install it in rampart.ko as one transaction (install; verify too, with
 * nothing installed), print the installed one (show), remove it
 * (uninstall). Errors the kernel places in the file are printed against
 * it, like the checker's own.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include <linux/rampart.h>

#include "fwadm.h"
#include "nl.h"
#include "policy_ast.h"
#include "policy_check.h"
#include "policy_diag.h"
#include "policy_emit.h"
#include "policy_lexer.h"
#include "policy_nl.h"
#include "policy_parser.h"
#include "reply.h"

#define POLICY_FILE_MAX (64u << 20)	/* bytes; a policy is far smaller */

/* Reads of the installed policy that a reinstall may interrupt. */
#define SHOW_ATTEMPTS 5

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

/* A policy file, read and checked. */
struct policy_file {
	const char *name;	/* in messages: the path, or <stdin> */
	char *text;
	size_t len;
	struct policy *p;
};

/* Every diagnostic against the file, then their count. */
static void print_diags(struct fwadm_ctx *ctx, struct policy_diags *diags,
			const struct policy_file *f)
{
	fflush(ctx->out);
	policy_diags_print(diags, f->name, f->text, f->len, ctx->err);
	fprintf(ctx->err, "%s: ", f->name);
	print_count(ctx->err, diags->errors, "error");
	fputs("\n", ctx->err);
}

/* Read and check the policy at path; its errors are printed. */
static int read_policy(struct fwadm_ctx *ctx, const char *path,
		       struct policy_file *f)
{
	struct policy_diags diags;
	int r = FWADM_EXIT_OK;

	memset(f, 0, sizeof(*f));
	if (!load(ctx, path, &f->text, &f->len))
		return FWADM_EXIT_FAIL;
	f->name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	policy_diags_init(&diags);
	f->p = policy_parse(f->text, f->len, &diags);
	policy_check(f->p, &diags);
	if (diags.errors) {
		print_diags(ctx, &diags, f);
		r = FWADM_EXIT_FAIL;
	}
	policy_diags_free(&diags);
	return r;
}

static void policy_file_free(struct policy_file *f)
{
	policy_free(f->p);
	free(f->text);
}

/*
 * The kernel places the errors of items as "line L col C: MESSAGE" (so
 * does the encoder); those are printed against the file, with the line
 * and carets under the token there. Other errors are fwadm's usual ones.
 */
static void report_policy_error(struct fwadm_ctx *ctx,
				const struct policy_file *f,
				const struct fwadm_err *err)
{
	struct policy_diags diags;
	unsigned int line, col;
	int n = 0;

	if ((err->kind != FWADM_E_KERNEL && err->kind != FWADM_E_SYSTEM) ||
	    sscanf(err->msg, "line %u col %u: %n", &line, &col, &n) != 2 ||
	    n == 0 || line == 0) {
		fwadm_report(ctx, err);
		return;
	}
	policy_diags_init(&diags);
	policy_error(&diags, policy_token_place(f->text, f->len, line, col),
		     "%s", err->msg + n);
	print_diags(ctx, &diags, f);
	policy_diags_free(&diags);
}

/* ENOENT from POLICY_GET and POLICY_UNINSTALL says what it means. */
static void report_installed_error(struct fwadm_ctx *ctx,
				   const struct fwadm_err *err)
{
	if (err->kind == FWADM_E_KERNEL && err->code == ENOENT) {
		fflush(ctx->out);
		fputs("fwadm: no policy is installed\n", ctx->err);
		return;
	}
	fwadm_report(ctx, err);
}

/* Connect to rampart.ko; a failure is reported. */
static bool connect_or_report(struct fwadm_ctx *ctx, struct fwadm_conn *conn)
{
	struct fwadm_err err;

	if (fwadm_connect(ctx, conn, &err) == 0)
		return true;
	fwadm_report(ctx, &err);
	return false;
}

/* Request cmd on conn, with a ticket and commit flags when not 0. */
static int policy_request(struct fwadm_conn *conn, uint8_t cmd,
			  uint32_t ticket, uint32_t flags, fwadm_reply_fn fn,
			  void *arg, struct fwadm_err *err)
{
	struct nl_msg *req = fwadm_nl_message(cmd, 0, 0);
	int r = -1;

	if (!req ||
	    (ticket && nla_put_u32(req, RAMPART_A_POLICY_TICKET, ticket) < 0) ||
	    (flags && nla_put_u32(req, RAMPART_A_POLICY_FLAGS, flags) < 0))
		fwadm_err_set(err, FWADM_E_SYSTEM, ENOMEM, "out of memory");
	else
		r = fwadm_send(conn, req, fn, arg, err);
	nlmsg_free(req);
	return r;
}

static int ticket_reply(struct nlmsghdr *nlh, void *arg, struct fwadm_err *err)
{
	struct nlattr *tb[RAMPART_A_MAX + 1];
	uint32_t *ticket = arg;

	if (fwadm_reply_index(tb, nlh, err) < 0)
		return -1;
	if (!tb[RAMPART_A_POLICY_TICKET]) {
		fwadm_err_set(err, FWADM_E_REPLY, 0,
			      "reply: RAMPART_A_POLICY_TICKET missing");
		return -1;
	}
	*ticket = nla_get_u32(tb[RAMPART_A_POLICY_TICKET]);
	return 0;
}

static int send_add(struct nl_msg *msg, void *arg, struct fwadm_err *err)
{
	return fwadm_send(arg, msg, NULL, NULL, err);
}

/*
 * BEGIN, the items in ADD messages, COMMIT with flags. A failure after
 * BEGIN and before COMMIT (the kernel refused an item, or something here
 * went wrong) ends the transaction with ABORT; COMMIT ends it anyway.
 */
static int run_transaction(struct fwadm_conn *conn, const struct policy *p,
			   uint32_t flags, struct fwadm_err *err)
{
	struct fwadm_err abort_err;
	uint32_t ticket = 0;

	if (policy_request(conn, RAMPART_CMD_POLICY_BEGIN, 0, 0, ticket_reply,
			   &ticket, err) < 0)
		return -1;
	if (!ticket) {
		fwadm_err_set(err, FWADM_E_REPLY, 0,
			      "POLICY_BEGIN gave no ticket");
		return -1;
	}
	if (policy_nl_encode(p, ticket, POLICY_NL_MSG_MAX, send_add, conn,
			     err) < 0) {
		/* What went wrong is err; the socket's close frees the rest. */
		policy_request(conn, RAMPART_CMD_POLICY_ABORT, ticket, 0, NULL,
			       NULL, &abort_err);
		return -1;
	}
	return policy_request(conn, RAMPART_CMD_POLICY_COMMIT, ticket, flags,
			      NULL, NULL, err);
}

static void print_summary(struct fwadm_ctx *ctx, const struct policy_file *f)
{
	fprintf(ctx->out, "%s: ", f->name);
	print_count(ctx->out, f->p->n_rules, "rule");
	fputs(", ", ctx->out);
	print_count(ctx->out, f->p->n_objects, "object");
	fputs(", ", ctx->out);
	print_count(ctx->out, f->p->n_services, "service");
	fputs(": OK\n", ctx->out);
}

/* The kernel's checks could not run: say so, the local ones passed. */
static void only_local_checks(struct fwadm_ctx *ctx, const char *why)
{
	fflush(ctx->out);
	fprintf(ctx->err, "fwadm: policy verify: %s: only the local checks ran\n",
		why);
}

static int verify(struct fwadm_ctx *ctx, const struct policy_file *f,
		  bool local)
{
	struct fwadm_conn conn;
	struct fwadm_err err;
	int r;

	if (local) {
		print_summary(ctx, f);
		return FWADM_EXIT_OK;
	}
	if (fwadm_connect(ctx, &conn, &err) < 0) {
		if (err.kind != FWADM_E_NOT_LOADED) {
			fwadm_report(ctx, &err);
			return FWADM_EXIT_FAIL;
		}
		print_summary(ctx, f);
		only_local_checks(ctx, "rampart is not loaded");
		return FWADM_EXIT_OK;
	}
	r = run_transaction(&conn, f->p, RAMPART_POLICY_F_VERIFY_ONLY, &err);
	fwadm_disconnect(&conn);
	if (r == 0) {
		print_summary(ctx, f);
		return FWADM_EXIT_OK;
	}
	/* verify needs no privilege; the kernel's checks do. */
	if (err.kind == FWADM_E_KERNEL &&
	    (err.code == EPERM || err.code == EACCES)) {
		print_summary(ctx, f);
		only_local_checks(ctx, "rampart.ko's checks need CAP_NET_ADMIN");
		return FWADM_EXIT_OK;
	}
	report_policy_error(ctx, f, &err);
	return FWADM_EXIT_FAIL;
}

static int install(struct fwadm_ctx *ctx, const struct policy_file *f,
		   bool keep_connections)
{
	uint32_t flags = keep_connections ? RAMPART_POLICY_F_KEEP_CONNECTIONS : 0;
	struct fwadm_conn conn;
	struct fwadm_err err;
	int r;

	if (!connect_or_report(ctx, &conn))
		return FWADM_EXIT_FAIL;
	r = run_transaction(&conn, f->p, flags, &err);
	fwadm_disconnect(&conn);
	if (r < 0) {
		report_policy_error(ctx, f, &err);
		return FWADM_EXIT_FAIL;
	}
	fprintf(ctx->out, "%s: installed, ", f->name);
	print_count(ctx->out, f->p->n_rules, "rule");
	fputs("\n", ctx->out);
	return FWADM_EXIT_OK;
}

static int read_dump_message(struct nlmsghdr *nlh, void *arg,
			     struct fwadm_err *err)
{
	return policy_nl_read(arg, nlh, err);
}

/*
 * The installed policy, read whole from one generation: a dump that a
 * reinstall interrupted is read again. NULL with err on failure.
 */
static struct policy *read_installed(struct fwadm_conn *conn,
				     struct fwadm_err *err)
{
	struct policy_nl_reader reader;
	struct nl_msg *req;
	struct policy *p;
	int attempt, r;

	for (attempt = 1; attempt <= SHOW_ATTEMPTS; attempt++) {
		req = fwadm_nl_message(RAMPART_CMD_POLICY_GET, NLM_F_DUMP, 0);
		if (!req) {
			fwadm_err_set(err, FWADM_E_SYSTEM, ENOMEM, "out of memory");
			return NULL;
		}
		p = policy_new();
		policy_nl_reader_init(&reader, p);
		r = fwadm_send(conn, req, read_dump_message, &reader, err);
		nlmsg_free(req);
		if (r == 0)
			return p;
		policy_free(p);
		if (err->kind != FWADM_E_DUMP_INTR)
			return NULL;
	}
	fwadm_err_set(err, FWADM_E_SYSTEM, 0,
		      "the policy changed during each of %d reads; try again",
		      SHOW_ATTEMPTS);
	return NULL;
}

static int show(struct fwadm_ctx *ctx, bool stats)
{
	struct fwadm_conn conn;
	struct fwadm_err err;
	struct policy *p;

	if (!connect_or_report(ctx, &conn))
		return FWADM_EXIT_FAIL;
	p = read_installed(&conn, &err);
	fwadm_disconnect(&conn);
	if (!p) {
		report_installed_error(ctx, &err);
		return FWADM_EXIT_FAIL;
	}
	policy_emit_stats(p, stats, ctx->out);
	policy_free(p);
	return FWADM_EXIT_OK;
}

static int uninstall(struct fwadm_ctx *ctx)
{
	struct fwadm_conn conn;
	struct fwadm_err err;
	int r;

	if (!connect_or_report(ctx, &conn))
		return FWADM_EXIT_FAIL;
	r = policy_request(&conn, RAMPART_CMD_POLICY_UNINSTALL, 0, 0, NULL,
			   NULL, &err);
	fwadm_disconnect(&conn);
	if (r < 0) {
		report_installed_error(ctx, &err);
		return FWADM_EXIT_FAIL;
	}
	fputs("policy uninstalled, firewall stopped\n", ctx->out);
	return FWADM_EXIT_OK;
}

enum subcommand { VERIFY, FORMAT, INSTALL, SHOW, UNINSTALL };

static const struct {
	const char *name;
	const char *in_messages;	/* ctx->cmd while it talks to the kernel */
	bool takes_file;
} subcommands[] = {
	[VERIFY] = { "verify", "policy verify", true },
	[FORMAT] = { "format", "policy format", true },
	[INSTALL] = { "install", "policy install", true },
	[SHOW] = { "show", "policy show", false },
	[UNINSTALL] = { "uninstall", "policy uninstall", false },
};

#define N_SUBCOMMANDS (sizeof(subcommands) / sizeof(subcommands[0]))

/* An option given to a subcommand it does not belong to. */
static int misplaced_option(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
			    enum subcommand sub, const char *option)
{
	char what[64];

	snprintf(what, sizeof(what), "%s does not take option",
		 subcommands[sub].name);
	return fwadm_usage_error(ctx, cmd, what, option);
}

static int run_subcommand(struct fwadm_ctx *ctx, enum subcommand sub,
			  const char *path, bool local, bool keep_connections,
			  bool stats)
{
	struct policy_file f;
	int r;

	if (sub == SHOW || sub == UNINSTALL) {
		ctx->cmd = subcommands[sub].in_messages;
		return sub == SHOW ? show(ctx, stats) : uninstall(ctx);
	}
	r = read_policy(ctx, path, &f);
	ctx->cmd = subcommands[sub].in_messages;
	if (r == FWADM_EXIT_OK) {
		if (sub == FORMAT)
			policy_emit(f.p, ctx->out);
		else if (sub == VERIFY)
			r = verify(ctx, &f, local);
		else
			r = install(ctx, &f, keep_connections);
	}
	policy_file_free(&f);
	return r;
}

int fwadm_cmd_policy(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		     int argc, char **argv)
{
	bool help, local = false, keep_connections = false, stats = false;
	const struct fwadm_opt opts[] = {
		{ "local", 'n', &local },
		{ "keep-connections", 0, &keep_connections },
		{ "stats", 's', &stats },
	};
	char *args[2];
	size_t nargs, sub;
	int r;

	r = fwadm_parse_opts(ctx, cmd, argc, argv, opts,
			     sizeof(opts) / sizeof(opts[0]), &help, args, 2,
			     &nargs);
	if (r == FWADM_EXIT_OK && help)
		fwadm_print_cmd_help(ctx->out, cmd);
	if (r != FWADM_EXIT_OK || help)
		return r;
	if (nargs == 0)
		return fwadm_usage_error(ctx, cmd, "no subcommand given", NULL);
	for (sub = 0; sub < N_SUBCOMMANDS; sub++)
		if (strcmp(args[0], subcommands[sub].name) == 0)
			break;
	if (sub == N_SUBCOMMANDS)
		return fwadm_usage_error(ctx, cmd, "unknown subcommand", args[0]);
	if (local && sub != VERIFY)
		return misplaced_option(ctx, cmd, sub, "--local");
	if (keep_connections && sub != INSTALL)
		return misplaced_option(ctx, cmd, sub, "--keep-connections");
	if (stats && sub != SHOW)
		return misplaced_option(ctx, cmd, sub, "--stats");
	if (subcommands[sub].takes_file && nargs < 2)
		return fwadm_usage_error(ctx, cmd, "no file given", NULL);
	if (!subcommands[sub].takes_file && nargs > 1)
		return fwadm_usage_error(ctx, cmd, "unexpected argument", args[1]);
	return run_subcommand(ctx, (enum subcommand)sub,
			      nargs > 1 ? args[1] : NULL, local,
			      keep_connections, stats);
}
