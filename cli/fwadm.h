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
	FWADM_E_DUMP_INTR,	/* a dump was interrupted by a change */
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
struct nl_msg;

/*
 * Called once per reply message of a request (not for acks and errors).
 * Returns 0, or -1 after filling err.
 */
typedef int (*fwadm_reply_fn)(struct nlmsghdr *nlh, void *arg,
			      struct fwadm_err *err);

/*
 * How commands talk to the kernel: open a connection, send requests on it
 * one at a time, close it. A policy transaction needs one connection for
 * all its requests (the kernel ties the transaction to the socket). The
 * real transport is netlink (nl.c); tests put a fake kernel here.
 *
 * open returns the connection, or NULL after filling err
 * (FWADM_E_NOT_LOADED when rampart.ko is not there). request sends req, a
 * message made by fwadm_nl_message() (the transport fills in the family,
 * port and sequence number), passes every reply to fn and returns when the
 * kernel has acked it or, for a dump (NLM_F_DUMP), when the dump is done
 * (fn NULL: replies are not looked at).
 * It returns 0, or -1 after filling err: FWADM_E_KERNEL with the errno and
 * extack when the kernel refused, FWADM_E_DUMP_INTR when the dump was
 * interrupted by a change (every reply was read; the caller may ask again).
 */
struct fwadm_transport {
	void *(*open)(void *priv, struct fwadm_err *err);
	int (*request)(void *conn, struct nl_msg *req, fwadm_reply_fn fn,
		       void *arg, struct fwadm_err *err);
	void (*close)(void *conn);
	void *priv;
};

/* An open connection of a transport. */
struct fwadm_conn {
	const struct fwadm_transport *tp;
	void *handle;
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

/* Connect through ctx->tp (netlink when NULL). Returns 0, or -1 with err. */
int fwadm_connect(struct fwadm_ctx *ctx, struct fwadm_conn *conn,
		  struct fwadm_err *err);
/* Send req on conn (see struct fwadm_transport); req stays the caller's. */
int fwadm_send(struct fwadm_conn *conn, struct nl_msg *req, fwadm_reply_fn fn,
	       void *arg, struct fwadm_err *err);
void fwadm_disconnect(struct fwadm_conn *conn);

/* Connect, send request cmd without attributes, disconnect. */
int fwadm_transact(struct fwadm_ctx *ctx, uint8_t cmd, fwadm_reply_fn fn,
		   void *arg, struct fwadm_err *err);
/* The same with the NLA_FLAG attribute flag (0: none). */
int fwadm_transact_flag(struct fwadm_ctx *ctx, uint8_t cmd, int flag,
			fwadm_reply_fn fn, void *arg, struct fwadm_err *err);

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

/* cmd_log.c */
int fwadm_cmd_log(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		  int argc, char **argv);

/* cmd_monitor.c */
int fwadm_cmd_monitor(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		      int argc, char **argv);

/* cmd_policy.c */
int fwadm_cmd_policy(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		     int argc, char **argv);

#endif /* FWADM_H */
