// SPDX-License-Identifier: GPL-2.0
/*
 * fwadm: administration of the Rampart firewall (rampart.ko).
 *
 * This file holds the command table, the only place commands are listed,
 * with each command's help, and the command line handling around it.
 */
#include <errno.h>
#include <string.h>

#include <netlink/msg.h>

#include "fwadm.h"
#include "nl.h"

static int cmd_help(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		    int argc, char **argv);

const struct fwadm_cmd fwadm_cmds[] = {
	{
		.name = "version",
		.run = fwadm_cmd_version,
		.summary = "show the versions of fwadm and rampart.ko",
		.usage = "fwadm version",
		.help =
"Print fwadm's version, then the version of the loaded rampart.ko and the\n"
"ABI it speaks, for example:\n"
"  fwadm 0.1.0\n"
"  rampart.ko 0.1.0 (abi 1)\n"
"When rampart.ko is not loaded, print the first line, then the error, and\n"
"exit with status 1. Needs no privilege.\n",
	},
	{
		.name = "chain",
		.run = fwadm_cmd_chain,
		.summary = "show the stages of the in and out chains",
		.usage = "fwadm chain",
		.help =
"Show whether the firewall is started in this network namespace, then the\n"
"stages of the in chain (prerouting) and of the out chain (postrouting) in\n"
"the order packets go through them, one per line:\n"
"  INDEX: PRIORITY NAME (DESCRIPTION)\n"
"PRIORITY is the stage's netfilter hook priority. Needs CAP_NET_ADMIN.\n",
	},
	{
		.name = "stats",
		.run = fwadm_cmd_stats,
		.summary = "show per-stage counters and drop reasons",
		.usage = "fwadm stats [--all] [--json] [--reset]",
		.help =
"Show, for each stage of the in and out chains, its position, the packets\n"
"that entered it, their bytes (IP header onward) and the packets it\n"
"dropped; then the connection table's figures: entries and their limit,\n"
"remembered removals and their limit, inserts, removals, evictions,\n"
"table-full drops, GC runs, late packets passed and pickups; then each\n"
"drop reason that dropped packets: its number, its count and the kernel's\n"
"description. Counters belong to this network namespace and survive\n"
"fwadm stop. Needs CAP_NET_ADMIN.\n"
"\n"
"With --reset, the counts shown are those up to now, and every counter\n"
"(stages, drop reasons, the table's counters, the rules' hits of\n"
"fwadm policy show --stats) starts again from 0 in the same step, so\n"
"each packet is counted in exactly one period. The table's entries and\n"
"limits are not counters and stay.\n"
"\n"
"Options:\n"
"  -a, --all    also show drop reasons whose count is zero\n"
"  -j, --json   print one JSON object instead of tables\n"
"  -r, --reset  then start every counter again from 0\n"
"  -h, --help   show this help\n",
	},
	{
		.name = "conn",
		.run = fwadm_cmd_conn,
		.summary = "list or flush the connection table",
		.usage = "fwadm conn [list] [FILTER...] [--json]\n"
			 "       fwadm conn flush [FILTER...]",
		.help =
"List the connections the firewall tracks in this network namespace, or\n"
"remove them. Each line shows a connection's id, its protocol, its source\n"
"(the side that opened it) and destination as ADDRESS:PORT (IPv6 in\n"
"brackets; for ICMP echo the port is the identifier), its state, the\n"
"service and the rule that accepted it (- for none), the seconds until it\n"
"expires if no packet comes, and packets/bytes sent by the opener (ORIG)\n"
"and towards it (REPLY). Needs CAP_NET_ADMIN.\n"
"\n"
"Subcommands:\n"
"  list    show the connections, by id (the default)\n"
"  flush   remove them and print how many, as in\n"
"            3 connections removed\n"
"          (remembered as flushed, like any removed connection)\n"
"\n"
"FILTER: any of these; a connection must match all that are given:\n"
"  host ADDR[/LEN]  either endpoint is ADDR, or is in ADDR/LEN\n"
"  port N           either endpoint's port (ICMP echo: identifier) is N\n"
"  proto PROTO      tcp, udp, icmp or icmpv6\n"
"  service NAME     the policy's service NAME applies to it\n"
"  state STATE      SYN_SENT, SYN_RECV, ESTABLISHED, FIN_WAIT, CLOSING,\n"
"                   TIME_WAIT, CLOSED, UDP or ICMP, in any case\n"
"  -4, --ipv4       IPv4 connections only\n"
"  -6, --ipv6       IPv6 connections only\n"
"\n"
"Options:\n"
"  -j, --json   list: print one JSON object instead of a table\n"
"  -h, --help   show this help\n",
	},
	{
		.name = "start",
		.run = fwadm_cmd_start,
		.summary = "start the firewall in this network namespace",
		.usage = "fwadm start",
		.help =
"Register the hooks of the in and out chains in this network namespace and\n"
"enable IPv4/IPv6 defragmentation there, so packets go through the\n"
"firewall. Fails when it is already started. Needs CAP_NET_ADMIN.\n",
	},
	{
		.name = "stop",
		.run = fwadm_cmd_stop,
		.summary = "stop the firewall in this network namespace",
		.usage = "fwadm stop",
		.help =
"Unregister the hooks in this network namespace; packets no longer go\n"
"through the firewall. Counters are kept. Fails when it is not started.\n"
"Needs CAP_NET_ADMIN.\n",
	},
	{
		.name = "policy",
		.run = fwadm_cmd_policy,
		.summary = "check, install, show or remove the firewall policy",
		.usage = "fwadm policy {verify [-n] FILE | install [--keep-connections] FILE |\n"
			 "                    show [--stats] | uninstall | format FILE}",
		.help =
"Read the policy in FILE (- for standard input) and check all of it:\n"
"syntax, names, addresses, ports, timeouts, groups, rules. Every error is\n"
"printed with its place in the file (FILE:LINE:COLUMN), the line and\n"
"carets under the offending word, errors found by rampart.ko too. The\n"
"language is described in docs/policy.md.\n"
"\n"
"Subcommands:\n"
"  verify FILE    check FILE and, when rampart.ko is loaded, have it run\n"
"                 its own checks on the policy too, installing nothing;\n"
"                 print a summary, for example\n"
"                   mail.policy: 7 rules, 9 objects, 6 services: OK\n"
"  install FILE   check FILE, then install it in one transaction: all of\n"
"                 it, or on any error nothing (the policy installed\n"
"                 before stays); starts the firewall; prints\n"
"                   mail.policy: installed, 7 rules\n"
"  show           print the installed policy in canonical form; with\n"
"                 --stats each rule's line ends with its number and its\n"
"                 hits, the packets it decided (the first of each\n"
"                 connection, each packet of what is not tracked) since\n"
"                 the install or fwadm stats --reset:\n"
"                   rule accept from lan to any service web;\t# rule 2: 17 hits\n"
"  uninstall      remove the installed policy and stop the firewall\n"
"  format FILE    print FILE in canonical form: settings, objects,\n"
"                 services, smtp resources, rules; comments are not kept\n"
"\n"
"Options:\n"
"  -n, --local           verify: run fwadm's own checks only\n"
"  --keep-connections    install: keep the open connections rather than\n"
"                        match them against the new policy\n"
"  -s, --stats           show: each rule's number and hits\n"
"  -h, --help            show this help\n"
"\n"
"install, show and uninstall need CAP_NET_ADMIN; without it verify runs\n"
"fwadm's own checks only and says so; format needs no privilege.\n"
"\n"
"Exit status: 0 when the policy is correct and the subcommand done, 1\n"
"when it has errors, FILE cannot be read, rampart.ko is not loaded (but\n"
"for verify) or refused, 2 on a usage error.\n",
	},
	{
		.name = "log",
		.run = fwadm_cmd_log,
		.summary = "follow the firewall's log events",
		.usage = "fwadm log [--json | --syslog]",
		.help =
"Print the events of this network namespace as they happen, one line each,\n"
"until interrupted:\n"
"  accept     a connection accepted by a rule with `track log'\n"
"  drop       a packet dropped by such a rule, and every TCP packet dropped\n"
"             as out of state, with why its connection is gone, e.g.\n"
"             TCP packet out of state: first packet isn't SYN; tcp_flags:\n"
"             FIN-ACK; connection removed 12 s ago: idle timeout 3600 s\n"
"             (service submission, rule 1)\n"
"  reject     a packet rejected by a rule with `track log'\n"
"  late-pass  a late FIN, ACK or RST of a removed connection passed under\n"
"             late-packet-grace\n"
"  removed    a connection a policy install no longer accepts\n"
"Each line: time (UTC), event, rule, service, interfaces, protocol,\n"
"source -> destination, and the kernel's explanation. The kernel sends at\n"
"most 100 events a second per namespace and says how many it held back.\n"
"\n"
"Options:\n"
"  -j, --json   one JSON object per line instead, for programs\n"
"  --syslog     send each line to syslog (facility daemon, tag fwadm;\n"
"               drops and rejects at warning, the rest at info), so the\n"
"               journal keeps them; nothing goes to standard output\n"
"  -h, --help   show this help\n"
"\n"
"Needs CAP_NET_ADMIN.\n",
	},
	{
		.name = "monitor",
		.run = fwadm_cmd_monitor,
		.summary = "capture packets at the chain's positions",
		.usage = "fwadm monitor [-p all|POSITIONS] [-m iIoO] [-e EXPR] [-c COUNT]\n"
			 "                     [-s SNAPLEN] [-w FILE|-] [-b BYTES] [--drops]\n"
			 "                     [--format text|nflog|fw1] [EXPR...]",
		.help =
"Record packets at positions of the in and out chains, after the stage at\n"
"each position has run, and write one record per packet and position:\n"
"a text line, or a pcap packet for Wireshark or tcpdump:\n"
"  fwadm monitor -p all | wireshark -k -i -\n"
"A position is a letter and a number: i or I for the in chain, o or O for\n"
"the out chain, the number its index in fwadm chain. Records before the fw\n"
"stage has run carry i or o, records at fw and after it I or O. Text lines\n"
"read like fw monitor's:\n"
"  fw0:I1 (fw inbound)[60]: 10.0.1.2:45678 -> 10.0.2.2:587 (TCP) S seq=1 ack=0\n"
"and a dropped packet's line ends with the kernel's full reason.\n"
"\n"
"Options:\n"
"  -p, --positions all|LIST  the positions, e.g. i0,I1,o2 (default: the one\n"
"                            before fw and fw's own, in both chains; all\n"
"                            of them with --drops)\n"
"  -m, --mask LETTERS        keep only positions with these letters (iIoO)\n"
"  -e, --expr EXPR           a pcap filter (tcpdump's syntax) on the packet\n"
"                            from its IP header on; trailing words work too\n"
"  -c, --count N             stop after N records\n"
"  -s, --snaplen N           capture N bytes of each packet (1-65535)\n"
"  -w, --write FILE          write to FILE (- : standard output)\n"
"  -b, --buffer BYTES        the socket's receive buffer (default 4 MiB)\n"
"  --drops                   record dropped packets only, one line each\n"
"                            with its position and reason; without -p, at\n"
"                            every position\n"
"  --format text|nflog|fw1   text lines; pcap with DLT_NFLOG (prefix and\n"
"                            resource id give position and verdict); pcap\n"
"                            with Check Point's FW-1 monitor header (tshark\n"
"                            -o eth.interpret_as_fw1_monitor:TRUE). Default:\n"
"                            text on a terminal, nflog otherwise\n"
"  -h, --help                show this help\n"
"\n"
"Runs until interrupted, until COUNT records, or until the reader of the\n"
"output goes away. Records the kernel could not deliver (the socket was\n"
"full) are counted; at exit fwadm prints \"N records lost in the kernel\"\n"
"when there were any. Any number of monitors may run at once; each sees\n"
"only this network namespace. Needs CAP_NET_ADMIN.\n",
	},
	{
		.name = "help",
		.run = cmd_help,
		.summary = "show help for fwadm or for one command",
		.usage = "fwadm help [COMMAND]",
		.help =
"Without COMMAND, list the commands, the options and the exit statuses.\n"
"With COMMAND, show its help, as fwadm COMMAND --help does.\n",
	},
};

const size_t fwadm_ncmds = sizeof(fwadm_cmds) / sizeof(fwadm_cmds[0]);

const struct fwadm_cmd *fwadm_find_cmd(const char *name)
{
	size_t i;

	for (i = 0; i < fwadm_ncmds; i++)
		if (strcmp(fwadm_cmds[i].name, name) == 0)
			return &fwadm_cmds[i];
	return NULL;
}

void fwadm_print_help(FILE *f)
{
	int width = 0;
	size_t i;

	for (i = 0; i < fwadm_ncmds; i++) {
		int len = (int)strlen(fwadm_cmds[i].name);

		if (len > width)
			width = len;
	}
	fputs("Usage: fwadm COMMAND [OPTIONS]\n"
	      "       fwadm help [COMMAND]\n"
	      "       fwadm --version\n"
	      "\n"
	      "Administer the Rampart firewall (rampart.ko) in the network\n"
	      "namespace fwadm runs in.\n"
	      "\n"
	      "Commands:\n", f);
	for (i = 0; i < fwadm_ncmds; i++)
		fprintf(f, "  %-*s  %s\n", width, fwadm_cmds[i].name,
			fwadm_cmds[i].summary);
	fputs("\n"
	      "Options:\n"
	      "  -h, --help     show this help; fwadm COMMAND --help shows a\n"
	      "                 command's help\n"
	      "  -V, --version  print fwadm's version\n"
	      "\n"
	      "Exit status:\n"
	      "  0  success\n"
	      "  1  the operation failed: rampart.ko is not loaded, the kernel\n"
	      "     refused, or an I/O error\n"
	      "  2  usage error: unknown command or option, or wrong arguments\n",
	      f);
}

void fwadm_print_cmd_help(FILE *f, const struct fwadm_cmd *cmd)
{
	fprintf(f, "Usage: %s\n\n%s", cmd->usage, cmd->help);
}

/* "fwadm: [CMD: ]WHAT `WORD' (see fwadm help[ CMD])", exit status 2. */
static int usage_error(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		       const char *what, const char *word)
{
	fflush(ctx->out);
	fprintf(ctx->err, "fwadm: ");
	if (cmd)
		fprintf(ctx->err, "%s: ", cmd->name);
	fputs(what, ctx->err);
	if (word)
		fprintf(ctx->err, " `%s'", word);
	fprintf(ctx->err, " (see fwadm help%s%s)\n", cmd ? " " : "",
		cmd ? cmd->name : "");
	return FWADM_EXIT_USAGE;
}

int fwadm_usage_error(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		      const char *what, const char *word)
{
	return usage_error(ctx, cmd, what, word);
}

static const struct fwadm_opt *find_long(const struct fwadm_opt *opts,
					 size_t nopts, const char *name)
{
	size_t i;

	for (i = 0; i < nopts; i++)
		if (strcmp(opts[i].long_name, name) == 0)
			return &opts[i];
	return NULL;
}

static const struct fwadm_opt *find_short(const struct fwadm_opt *opts,
					  size_t nopts, char c)
{
	size_t i;

	for (i = 0; i < nopts; i++)
		if (opts[i].short_name && opts[i].short_name == c)
			return &opts[i];
	return NULL;
}

int fwadm_parse_opts(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		     int argc, char **argv, const struct fwadm_opt *opts,
		     size_t nopts, bool *help, char **args, size_t max_args,
		     size_t *nargs)
{
	bool only_args = false;
	size_t n = 0;
	int i;

	*help = false;
	if (nargs)
		*nargs = 0;
	for (i = 1; i < argc; i++) {
		char *a = argv[i];

		if (!only_args && strcmp(a, "--") == 0) {
			only_args = true;
		} else if (!only_args && a[0] == '-' && a[1] == '-') {
			const struct fwadm_opt *o = find_long(opts, nopts, a + 2);

			if (strcmp(a + 2, "help") == 0)
				*help = true;
			else if (o)
				*o->flag = true;
			else
				return usage_error(ctx, cmd, "unknown option", a);
		} else if (!only_args && a[0] == '-' && a[1]) {
			const char *p;

			for (p = a + 1; *p; p++) {
				const struct fwadm_opt *o = find_short(opts, nopts, *p);
				char bad[3] = { '-', *p, '\0' };

				if (*p == 'h')
					*help = true;
				else if (o)
					*o->flag = true;
				else
					return usage_error(ctx, cmd,
							   "unknown option", bad);
			}
		} else {
			if (n >= max_args)
				return usage_error(ctx, cmd,
						   "unexpected argument", a);
			args[n++] = a;
		}
	}
	if (nargs)
		*nargs = n;
	return FWADM_EXIT_OK;
}

static int cmd_help(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		    int argc, char **argv)
{
	const struct fwadm_cmd *which;
	char *args[1];
	size_t nargs;
	bool help;
	int r;

	r = fwadm_parse_opts(ctx, cmd, argc, argv, NULL, 0, &help, args, 1,
			     &nargs);
	if (r != FWADM_EXIT_OK)
		return r;
	if (help) {
		fwadm_print_cmd_help(ctx->out, cmd);
		return FWADM_EXIT_OK;
	}
	if (nargs == 0) {
		fwadm_print_help(ctx->out);
		return FWADM_EXIT_OK;
	}
	which = fwadm_find_cmd(args[0]);
	if (!which)
		return usage_error(ctx, NULL, "unknown command", args[0]);
	fwadm_print_cmd_help(ctx->out, which);
	return FWADM_EXIT_OK;
}

void fwadm_report(struct fwadm_ctx *ctx, const struct fwadm_err *err)
{
	char buf[FWADM_ERR_MSG_MAX + 128];

	fflush(ctx->out);	/* keep results before the error */
	fwadm_err_format(err, ctx->cmd, buf, sizeof(buf));
	fprintf(ctx->err, "fwadm: %s\n", buf);
}

int fwadm_connect(struct fwadm_ctx *ctx, struct fwadm_conn *conn,
		  struct fwadm_err *err)
{
	conn->tp = ctx->tp ? ctx->tp : &fwadm_nl_transport;
	fwadm_err_clear(err);
	conn->handle = conn->tp->open(conn->tp->priv, err);
	return conn->handle ? 0 : -1;
}

int fwadm_send(struct fwadm_conn *conn, struct nl_msg *req, fwadm_reply_fn fn,
	       void *arg, struct fwadm_err *err)
{
	return conn->tp->request(conn->handle, req, fn, arg, err);
}

void fwadm_disconnect(struct fwadm_conn *conn)
{
	if (conn->handle)
		conn->tp->close(conn->handle);
	conn->handle = NULL;
}

int fwadm_transact(struct fwadm_ctx *ctx, uint8_t cmd, fwadm_reply_fn fn,
		   void *arg, struct fwadm_err *err)
{
	return fwadm_transact_flag(ctx, cmd, 0, fn, arg, err);
}

int fwadm_transact_flag(struct fwadm_ctx *ctx, uint8_t cmd, int flag,
			fwadm_reply_fn fn, void *arg, struct fwadm_err *err)
{
	struct fwadm_conn conn;
	struct nl_msg *req;
	int r;

	if (fwadm_connect(ctx, &conn, err) < 0)
		return -1;
	req = fwadm_nl_message(cmd, 0, 0);
	if (req && flag && nla_put_flag(req, flag) < 0) {
		nlmsg_free(req);
		req = NULL;
	}
	if (!req) {
		fwadm_err_set(err, FWADM_E_SYSTEM, ENOMEM, "out of memory");
		r = -1;
	} else {
		r = fwadm_send(&conn, req, fn, arg, err);
		nlmsg_free(req);
	}
	fwadm_disconnect(&conn);
	return r;
}

/* Whatever the command did, output that did not reach its file fails it. */
static int finish(struct fwadm_ctx *ctx, int ret)
{
	int e = 0;

	if (fflush(ctx->out) == EOF)
		e = errno ? errno : EIO;
	else if (ferror(ctx->out))
		e = EIO;
	if (e) {
		fprintf(ctx->err, "fwadm: write error: %s\n", strerror(e));
		if (ret == FWADM_EXIT_OK)
			ret = FWADM_EXIT_FAIL;
	}
	return ret;
}

int fwadm_run(struct fwadm_ctx *ctx, int argc, char **argv)
{
	const struct fwadm_cmd *cmd;
	const char *a;
	int ret;

	ctx->cmd = NULL;
	if (argc < 2)
		return finish(ctx, usage_error(ctx, NULL, "no command given",
					       NULL));
	a = argv[1];
	if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
		/* fwadm --help [COMMAND] is fwadm help [COMMAND]. */
		cmd = fwadm_find_cmd("help");
		ctx->cmd = cmd->name;
		ret = cmd->run(ctx, cmd, argc - 1, argv + 1);
	} else if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
		if (argc > 2)
			ret = usage_error(ctx, NULL, "unexpected argument",
					  argv[2]);
		else
			ret = fprintf(ctx->out, "fwadm %s\n", FWADM_VERSION) < 0 ?
			      FWADM_EXIT_FAIL : FWADM_EXIT_OK;
	} else if (a[0] == '-' && a[1]) {
		ret = usage_error(ctx, NULL, "unknown option", a);
	} else {
		cmd = fwadm_find_cmd(a);
		if (!cmd) {
			ret = usage_error(ctx, NULL, "unknown command", a);
		} else {
			ctx->cmd = cmd->name;
			ret = cmd->run(ctx, cmd, argc - 1, argv + 1);
		}
	}
	return finish(ctx, ret);
}

#ifndef FWADM_NO_MAIN
/* Unit tests build this file with -DFWADM_NO_MAIN and call fwadm_run(). */
int main(int argc, char **argv)
{
	struct fwadm_ctx ctx = { .out = stdout, .err = stderr };

	return fwadm_run(&ctx, argc, argv);
}
#endif
