// SPDX-License-Identifier: GPL-2.0
/*
 * The basic commands: version, chain, stats, start, stop. Each parses its
 * arguments, sends one request, reads the reply into a struct and prints it.
 */
#include <linux/rampart.h>

#include "fwadm.h"
#include "print.h"
#include "reply.h"

/* Exactly one reply is expected to a GET request. */
static int one_reply(bool *got, struct fwadm_err *err)
{
	if (*got) {
		fwadm_err_set(err, FWADM_E_REPLY, 0, "more than one reply");
		return -1;
	}
	*got = true;
	return 0;
}

struct version_reply {
	bool got;
	struct fwadm_version v;
};

static int version_reply_fn(struct nlmsghdr *nlh, void *arg,
			    struct fwadm_err *err)
{
	struct version_reply *r = arg;

	if (one_reply(&r->got, err) < 0)
		return -1;
	return fwadm_parse_version(nlh, &r->v, err);
}

struct chain_reply {
	bool got;
	struct fwadm_chain c;
};

static int chain_reply_fn(struct nlmsghdr *nlh, void *arg,
			  struct fwadm_err *err)
{
	struct chain_reply *r = arg;

	if (one_reply(&r->got, err) < 0)
		return -1;
	return fwadm_parse_chain(nlh, &r->c, err);
}

struct stats_reply {
	bool got;
	struct fwadm_stats s;
};

static int stats_reply_fn(struct nlmsghdr *nlh, void *arg,
			  struct fwadm_err *err)
{
	struct stats_reply *r = arg;

	if (one_reply(&r->got, err) < 0)
		return -1;
	return fwadm_parse_stats(nlh, &r->s, err);
}

/* Send cmd; on success check a reply came. Reports failures. */
static int request_flag(struct fwadm_ctx *ctx, uint8_t cmd, int flag,
			fwadm_reply_fn fn, void *arg, const bool *got)
{
	struct fwadm_err err;

	fwadm_err_clear(&err);
	if (fwadm_transact_flag(ctx, cmd, flag, fn, arg, &err) < 0) {
		fwadm_report(ctx, &err);
		return -1;
	}
	if (got && !*got) {
		fwadm_err_set(&err, FWADM_E_REPLY, 0, "no reply, only an ack");
		fwadm_report(ctx, &err);
		return -1;
	}
	return 0;
}

static int request(struct fwadm_ctx *ctx, uint8_t cmd, fwadm_reply_fn fn,
		   void *arg, const bool *got)
{
	return request_flag(ctx, cmd, 0, fn, arg, got);
}

/* Commands without options or arguments: returns -1 to go on. */
static int no_args(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		   int argc, char **argv)
{
	bool help = false;
	int r;

	r = fwadm_parse_opts(ctx, cmd, argc, argv, NULL, 0, &help, NULL, 0,
			     NULL);
	if (r != FWADM_EXIT_OK)
		return r;
	if (help) {
		fwadm_print_cmd_help(ctx->out, cmd);
		return FWADM_EXIT_OK;
	}
	return -1;
}

int fwadm_cmd_version(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		      int argc, char **argv)
{
	struct version_reply r = { 0 };
	int ret;

	ret = no_args(ctx, cmd, argc, argv);
	if (ret >= 0)
		return ret;

	fprintf(ctx->out, "fwadm %s\n", FWADM_VERSION);
	if (request(ctx, RAMPART_CMD_GET_VERSION, version_reply_fn, &r,
		    &r.got) < 0) {
		fwadm_version_free(&r.v);
		return FWADM_EXIT_FAIL;
	}
	fwadm_print_version(ctx->out, &r.v);
	if (r.v.abi != RAMPART_ABI_VERSION) {
		fflush(ctx->out);
		fprintf(ctx->err,
			"fwadm: warning: rampart.ko has ABI %u, fwadm was built for ABI %u; use matching versions\n",
			(unsigned int)r.v.abi, (unsigned int)RAMPART_ABI_VERSION);
	}
	fwadm_version_free(&r.v);
	return FWADM_EXIT_OK;
}

int fwadm_cmd_chain(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		    int argc, char **argv)
{
	struct chain_reply r = { 0 };
	int ret;

	ret = no_args(ctx, cmd, argc, argv);
	if (ret >= 0)
		return ret;

	if (request(ctx, RAMPART_CMD_GET_CHAIN, chain_reply_fn, &r,
		    &r.got) < 0) {
		fwadm_chain_free(&r.c);
		return FWADM_EXIT_FAIL;
	}
	fwadm_print_chain(ctx->out, &r.c);
	fwadm_chain_free(&r.c);
	return FWADM_EXIT_OK;
}

int fwadm_cmd_stats(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		    int argc, char **argv)
{
	bool help = false, all = false, json = false, reset = false;
	const struct fwadm_opt opts[] = {
		{ "all", 'a', &all },
		{ "json", 'j', &json },
		{ "reset", 'r', &reset },
	};
	struct stats_reply r = { 0 };
	int ret;

	ret = fwadm_parse_opts(ctx, cmd, argc, argv, opts,
			       sizeof(opts) / sizeof(opts[0]), &help, NULL, 0,
			       NULL);
	if (ret != FWADM_EXIT_OK)
		return ret;
	if (help) {
		fwadm_print_cmd_help(ctx->out, cmd);
		return FWADM_EXIT_OK;
	}

	if (request_flag(ctx, RAMPART_CMD_GET_STATS,
			 reset ? RAMPART_A_STATS_RESET : 0, stats_reply_fn, &r,
			 &r.got) < 0) {
		fwadm_stats_free(&r.s);
		return FWADM_EXIT_FAIL;
	}
	if (json)
		fwadm_print_stats_json(ctx->out, &r.s, all);
	else
		fwadm_print_stats(ctx->out, &r.s, all);
	fwadm_stats_free(&r.s);
	return FWADM_EXIT_OK;
}

static int start_stop(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		      int argc, char **argv, uint8_t req, const char *done)
{
	int ret;

	ret = no_args(ctx, cmd, argc, argv);
	if (ret >= 0)
		return ret;
	/* START and STOP are answered by an ack alone. */
	if (request(ctx, req, NULL, NULL, NULL) < 0)
		return FWADM_EXIT_FAIL;
	fprintf(ctx->out, "%s\n", done);
	return FWADM_EXIT_OK;
}

int fwadm_cmd_start(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		    int argc, char **argv)
{
	return start_stop(ctx, cmd, argc, argv, RAMPART_CMD_START,
			  "firewall started");
}

int fwadm_cmd_stop(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		   int argc, char **argv)
{
	return start_stop(ctx, cmd, argc, argv, RAMPART_CMD_STOP,
			  "firewall stopped");
}
