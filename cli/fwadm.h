/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fwadm: the command line administration tool of the Rampart firewall.
 * Types shared by the command table, the command handlers and the netlink
 * layer.
 */
#ifndef FWADM_H
#define FWADM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* From the top-level VERSION file, shared with rampart.ko (see Makefiles). */
#ifndef FWADM_VERSION
#error "FWADM_VERSION must be defined by the build"
#endif

/* Exit statuses; documented in `fwadm help' and docs/fwadm.md. */
enum {
	FWADM_EXIT_OK = 0,	/* success */
	FWADM_EXIT_FAIL = 1,	/* the operation failed */
	FWADM_EXIT_USAGE = 2,	/* bad command line */
};

/* What went wrong, kept apart from how it is worded (fwadm_err_format). */
enum fwadm_err_kind {
	FWADM_E_NONE,
	FWADM_E_NOT_LOADED,	/* no generic netlink family "rampart" */
	FWADM_E_KERNEL,		/* the kernel refused: code, msg = extack */
	FWADM_E_SYSTEM,		/* local failure: msg says what, code = errno */
	FWADM_E_REPLY,		/* malformed reply: msg says what */
};

#define FWADM_ERR_MSG_MAX 256

struct fwadm_err {
	enum fwadm_err_kind kind;
	int code;			/* positive errno, 0 when none */
	char msg[FWADM_ERR_MSG_MAX];	/* may be empty */
};

void fwadm_err_clear(struct fwadm_err *err);
void fwadm_err_set(struct fwadm_err *err, enum fwadm_err_kind kind, int code,
		   const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/*
 * The text printed after "fwadm: " for err, which happened while running
 * command cmd (may be NULL). Always NUL-terminates buf.
 */
void fwadm_err_format(const struct fwadm_err *err, const char *cmd,
		      char *buf, size_t size);

struct nlmsghdr;

/*
 * Called once per reply message of a request (not for acks and errors).
 * Returns 0, or -1 after filling err.
 */
typedef int (*fwadm_reply_fn)(struct nlmsghdr *nlh, void *arg,
			      struct fwadm_err *err);

struct nl_msg;

/*
 * A request that carries attributes or is a dump. put, when not NULL, adds
 * the attributes to msg after the generic netlink header and returns 0, or
 * -1 when they do not fit. A dump's replies end with NLMSG_DONE, which may
 * carry the kernel's error, instead of an ack.
 */
struct fwadm_request {
	uint8_t cmd;			/* enum rampart_cmd */
	bool dump;
	int (*put)(struct nl_msg *msg, const void *arg);
	const void *put_arg;
};

/*
 * How a command talks to the kernel: send request cmd (enum rampart_cmd)
 * without attributes, pass every reply to fn, wait for the ack. Returns 0,
 * or -1 after filling err. The real one is fwadm_nl_transact (nl.c); tests
 * put a fake kernel here. request does the same for a struct
 * fwadm_request; a transport without it can send only plain requests.
 */
struct fwadm_transport {
	int (*transact)(void *priv, uint8_t cmd, fwadm_reply_fn fn, void *arg,
			struct fwadm_err *err);
	int (*request)(void *priv, const struct fwadm_request *req,
		       fwadm_reply_fn fn, void *arg, struct fwadm_err *err);
	void *priv;
};

struct fwadm_ctx {
	FILE *in;			/* input named "-" (stdin when NULL) */
	FILE *out;			/* results */
	FILE *err;			/* diagnostics */
	const struct fwadm_transport *tp;
	const char *cmd;		/* the command being run, for messages */
};

struct fwadm_cmd {
	const char *name;
	int (*run)(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		   int argc, char **argv);
	const char *summary;	/* one line, for the command list */
	const char *usage;	/* synopsis, after "Usage: " */
	const char *help;	/* what it does, its options */
};

/* fwadm.c: the command table and the command line. */
extern const struct fwadm_cmd fwadm_cmds[];
extern const size_t fwadm_ncmds;

const struct fwadm_cmd *fwadm_find_cmd(const char *name);
void fwadm_print_help(FILE *f);
void fwadm_print_cmd_help(FILE *f, const struct fwadm_cmd *cmd);
/* Run a whole command line (argv[0] is the program). Returns the exit status. */
int fwadm_run(struct fwadm_ctx *ctx, int argc, char **argv);

/* A flag option of a command: --long or -s; *flag is set when given. */
struct fwadm_opt {
	const char *long_name;	/* without the dashes */
	char short_name;	/* 0 when none */
	bool *flag;
};

/*
 * Parse a command's arguments (argv[0] is the command name). -h/--help is
 * always understood and sets *help. At most max_args words that are not
 * options are stored in args[] and counted in *nargs. Returns FWADM_EXIT_OK,
 * or FWADM_EXIT_USAGE after printing what is wrong.
 */
int fwadm_parse_opts(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		     int argc, char **argv, const struct fwadm_opt *opts,
		     size_t nopts, bool *help, char **args, size_t max_args,
		     size_t *nargs);

/*
 * Print "fwadm: [CMD: ]WHAT[ `WORD'] (see fwadm help[ CMD])" to ctx->err;
 * cmd and word may be NULL. Returns FWADM_EXIT_USAGE.
 */
int fwadm_usage_error(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		      const char *what, const char *word);

/* Print "fwadm: <what went wrong>" to ctx->err. */
void fwadm_report(struct fwadm_ctx *ctx, const struct fwadm_err *err);

/* Send request cmd through ctx->tp (netlink when NULL). */
int fwadm_transact(struct fwadm_ctx *ctx, uint8_t cmd, fwadm_reply_fn fn,
		   void *arg, struct fwadm_err *err);
/* The same for a request with attributes or a dump. */
int fwadm_transact_request(struct fwadm_ctx *ctx,
			   const struct fwadm_request *req, fwadm_reply_fn fn,
			   void *arg, struct fwadm_err *err);

/* cmd_basic.c */
int fwadm_cmd_version(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		      int argc, char **argv);
int fwadm_cmd_chain(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		    int argc, char **argv);
int fwadm_cmd_stats(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		    int argc, char **argv);
int fwadm_cmd_start(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		    int argc, char **argv);
int fwadm_cmd_stop(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		   int argc, char **argv);

/* cmd_conn.c */
int fwadm_cmd_conn(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		   int argc, char **argv);

/* cmd_policy.c */
int fwadm_cmd_policy(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		     int argc, char **argv);

#endif /* FWADM_H */
