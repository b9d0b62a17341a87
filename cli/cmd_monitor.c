// SPDX-License-Identifier: GPL-2.0
/*
 * fwadm monitor: start a monitor session in rampart.ko, write each record
 * it sends as a text line or as a pcap packet (DLT_NFLOG, or Ethernet with
 * the FW-1 monitor header), until interrupted, the count is reached or
 * the reader of the output goes away; then stop the session and say how
 * many records the kernel could not deliver.
 *
 * The session belongs to the socket that started it and its records come
 * to that socket. It is stopped from a second socket, by its id, so the
 * reply is never stuck behind a full queue of records; what the first
 * socket still holds is written out after the stop.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include <netlink/netlink.h>
#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <pcap/pcap.h>

#include <linux/rampart.h>

#include "fwadm.h"
#include "monitor.h"
#include "nl.h"
#include "reply.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

#define MON_RCVBUF_DEFAULT (4 << 20)
#define MON_PCAP_SNAPLEN 262144

struct mon_state {
	struct fwadm_ctx *ctx;
	const struct fwadm_mon_opts *o;
	const struct fwadm_chain *chain;
	enum fwadm_mon_format fmt;
	FILE *text;
	pcap_t *dead;
	pcap_dumper_t *dumper;
	uint8_t *buf;
	size_t bufsize;
	uint32_t session;
	uint64_t written;
	bool acked;		/* MONITOR_START answered */
	bool done;		/* count reached */
	bool out_failed;	/* the output is gone */
	struct fwadm_err err;
};

static volatile sig_atomic_t mon_stop;

static void on_signal(int sig)
{
	(void)sig;
	mon_stop = 1;
}

static const struct fwadm_stage *stage_at(const struct fwadm_chain *c,
					  unsigned int dir, unsigned int index)
{
	size_t i;

	for (i = 0; i < c->nstages; i++)
		if (c->stages[i].dir == dir && c->stages[i].index == index)
			return &c->stages[i];
	return NULL;
}

static int write_text(struct mon_state *st, const struct fwadm_mon_record *r,
		      const struct fwadm_stage *sg)
{
	char line[1024];

	fwadm_mon_text(r, sg && sg->desc ? sg->desc : "?", line, sizeof(line));
	fprintf(st->text, "%s\n", line);
	return fflush(st->text) == EOF ? -1 : 0;
}

static int write_pcap(struct mon_state *st, const struct fwadm_mon_record *r,
		      const struct fwadm_stage *sg)
{
	char prefix[640];
	struct pcap_pkthdr h;
	size_t need, n;

	if (st->fmt == FWADM_MON_FW1) {
		need = FWADM_MON_FW1_HDR + r->caplen;
	} else {
		fwadm_mon_prefix(r, sg && sg->name ? sg->name : "?", prefix, sizeof(prefix));
		need = fwadm_mon_nflog_size(r, prefix);
	}
	if (need > st->bufsize) {
		uint8_t *b = realloc(st->buf, need);

		if (!b)
			return -1;
		st->buf = b;
		st->bufsize = need;
	}
	if (st->fmt == FWADM_MON_FW1)
		n = fwadm_mon_fw1(r, st->buf, st->bufsize);
	else
		n = fwadm_mon_nflog(r, prefix, st->buf, st->bufsize);
	memset(&h, 0, sizeof(h));
	/* A nanosecond file: tv_usec holds nanoseconds. */
	h.ts.tv_sec = (time_t)(r->time_ns / 1000000000u);
	h.ts.tv_usec = (suseconds_t)(r->time_ns % 1000000000u);
	h.caplen = (bpf_u_int32)n;
	h.len = (bpf_u_int32)(n - r->caplen + r->len);
	pcap_dump((u_char *)st->dumper, &h, st->buf);
	return pcap_dump_flush(st->dumper);
}

static void on_record(struct mon_state *st, struct nlmsghdr *nlh)
{
	struct fwadm_mon_record r;
	const struct fwadm_stage *sg;
	int w;

	if (st->done || st->out_failed)
		return;
	if (fwadm_mon_parse_record(nlh, &r, &st->err) < 0) {
		fwadm_report(st->ctx, &st->err);
		fwadm_err_clear(&st->err);
		return;
	}
	sg = stage_at(st->chain, r.dir, r.position);
	w = st->fmt == FWADM_MON_TEXT ? write_text(st, &r, sg) : write_pcap(st, &r, sg);
	if (w < 0) {
		st->out_failed = true;
		return;
	}
	st->written++;
	if (st->o->count && st->written >= st->o->count)
		st->done = true;
}

static int valid_handler(struct nl_msg *msg, void *arg)
{
	struct mon_state *st = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh = nlmsg_data(nlh);
	struct nlattr *tb[RAMPART_A_MAX + 1];

	if (gh->cmd == RAMPART_CMD_MONITOR_RECORD) {
		on_record(st, nlh);
		return NL_OK;
	}
	if (gh->cmd == RAMPART_CMD_MONITOR_START &&
	    genlmsg_parse(nlh, 0, tb, RAMPART_A_MAX, NULL) == 0 &&
	    tb[RAMPART_A_MONITOR_ID] && nla_len(tb[RAMPART_A_MONITOR_ID]) >= 4)
		st->session = nla_get_u32(tb[RAMPART_A_MONITOR_ID]);
	return NL_OK;
}

static int ack_handler(struct nl_msg *msg, void *arg)
{
	struct mon_state *st = arg;

	(void)msg;
	st->acked = true;
	return NL_STOP;
}

static int error_handler(struct sockaddr_nl *who, struct nlmsgerr *e, void *arg)
{
	struct mon_state *st = arg;

	st->acked = true;
	return fwadm_nl_error_handler(who, e, &st->err);
}

static void set_rcvbuf(int fd, uint32_t size)
{
	int v = size ? (int)size : MON_RCVBUF_DEFAULT;

	/* Root may go past net.core.rmem_max; others get what it allows. */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &v, sizeof(v)) < 0)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &v, sizeof(v));
}

static struct nl_msg *start_request(const struct fwadm_mon_opts *o, uint32_t positions,
				    const struct bpf_program *prog)
{
	size_t flen = prog ? prog->bf_len * sizeof(struct bpf_insn) : 0;
	struct nl_msg *req = fwadm_nl_message(RAMPART_CMD_MONITOR_START, 0, flen + 4096);
	struct nlattr *n;

	if (!req)
		return NULL;
	n = nla_nest_start(req, RAMPART_A_MONITOR);
	if (!n || nla_put_u32(req, RAMPART_MON_A_POSITIONS, positions) ||
	    nla_put_u32(req, RAMPART_MON_A_SNAPLEN, o->snaplen) ||
	    (o->drops && nla_put_u32(req, RAMPART_MON_A_FLAGS, RAMPART_MON_F_DROPS_ONLY)) ||
	    (o->count && nla_put_u32(req, RAMPART_MON_A_COUNT, o->count)) ||
	    (flen && nla_put(req, RAMPART_MON_A_FILTER, (int)flen, prog->bf_insns))) {
		nlmsg_free(req);
		return NULL;
	}
	nla_nest_end(req, n);
	return req;
}

/* The session's socket, with the session started on it. */
static struct nl_sock *start_session(struct mon_state *st, uint32_t positions,
				     const struct bpf_program *prog, struct nl_cb **cbp)
{
	struct nl_sock *sk = nl_socket_alloc();
	struct nl_msg *req = NULL;
	struct nl_cb *cb = NULL;
	int one = 1, family, r;

	if (!sk || genl_connect(sk) < 0) {
		fwadm_err_set(&st->err, FWADM_E_SYSTEM, 0, "cannot connect to generic netlink");
		goto fail;
	}
	family = genl_ctrl_resolve(sk, RAMPART_GENL_NAME);
	if (family == -NLE_OBJ_NOTFOUND) {
		fwadm_err_set(&st->err, FWADM_E_NOT_LOADED, ENOENT, NULL);
		goto fail;
	}
	if (family < 0) {
		fwadm_err_set(&st->err, FWADM_E_SYSTEM, 0, "cannot look up %s: %s",
			      RAMPART_GENL_NAME, nl_geterror(family));
		goto fail;
	}
	(void)setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	(void)setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	/* A full queue loses records, counted by the kernel: no ENOBUFS here. */
	(void)setsockopt(nl_socket_get_fd(sk), SOL_NETLINK, NETLINK_NO_ENOBUFS, &one,
			 sizeof(one));
	set_rcvbuf(nl_socket_get_fd(sk), st->o->buffer);
	nl_socket_enable_msg_peek(sk);
	nl_socket_disable_seq_check(sk);
	nl_socket_disable_auto_ack(sk);

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	req = start_request(st->o, positions, prog);
	if (!cb || !req) {
		fwadm_err_set(&st->err, FWADM_E_SYSTEM, ENOMEM, "out of memory");
		goto fail;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_handler, st);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_handler, st);
	nl_cb_err(cb, NL_CB_CUSTOM, error_handler, st);
	nlmsg_hdr(req)->nlmsg_type = (uint16_t)family;
	r = nl_send_auto(sk, req);
	nlmsg_free(req);
	req = NULL;
	if (r < 0) {
		fwadm_err_set(&st->err, FWADM_E_SYSTEM, 0, "cannot send the request: %s",
			      nl_geterror(r));
		goto fail;
	}
	while (!st->acked) {
		r = nl_recvmsgs(sk, cb);
		if (st->err.kind != FWADM_E_NONE)
			goto fail;
		if (r < 0 && r != -NLE_INTR) {
			fwadm_err_set(&st->err, FWADM_E_SYSTEM, 0, "cannot receive: %s",
				      nl_geterror(r));
			goto fail;
		}
	}
	if (!st->session) {
		fwadm_err_set(&st->err, FWADM_E_REPLY, 0, "MONITOR_START without a session id");
		goto fail;
	}
	*cbp = cb;
	return sk;
fail:
	nlmsg_free(req);
	if (cb)
		nl_cb_put(cb);
	if (sk)
		nl_socket_free(sk);
	return NULL;
}

struct stop_reply {
	uint64_t sent, lost;
	bool got;
};

static int stop_reply_fn(struct nlmsghdr *nlh, void *arg, struct fwadm_err *err)
{
	struct nlattr *tb[RAMPART_A_MAX + 1], *ms[RAMPART_MS_A_MAX + 1];
	struct stop_reply *r = arg;

	if (genlmsg_parse(nlh, 0, tb, RAMPART_A_MAX, NULL) < 0 ||
	    !tb[RAMPART_A_MONITOR_STATS] ||
	    nla_parse_nested(ms, RAMPART_MS_A_MAX, tb[RAMPART_A_MONITOR_STATS], NULL) < 0 ||
	    !ms[RAMPART_MS_A_RECORDS] || !ms[RAMPART_MS_A_LOST] ||
	    nla_len(ms[RAMPART_MS_A_RECORDS]) != 8 || nla_len(ms[RAMPART_MS_A_LOST]) != 8) {
		fwadm_err_set(err, FWADM_E_REPLY, 0, "MONITOR_STOP without its counters");
		return -1;
	}
	r->sent = nla_get_u64(ms[RAMPART_MS_A_RECORDS]);
	r->lost = nla_get_u64(ms[RAMPART_MS_A_LOST]);
	r->got = true;
	return 0;
}

static int stop_session(struct fwadm_ctx *ctx, uint32_t session, struct stop_reply *out,
			struct fwadm_err *err)
{
	struct fwadm_conn conn;
	struct nl_msg *req;
	int r = -1;

	if (fwadm_connect(ctx, &conn, err) < 0)
		return -1;
	req = fwadm_nl_message(RAMPART_CMD_MONITOR_STOP, 0, 0);
	if (!req || nla_put_u32(req, RAMPART_A_MONITOR_ID, session) < 0)
		fwadm_err_set(err, FWADM_E_SYSTEM, ENOMEM, "out of memory");
	else
		r = fwadm_send(&conn, req, stop_reply_fn, out, err);
	nlmsg_free(req);
	fwadm_disconnect(&conn);
	return r;
}

struct chain_reply {
	struct fwadm_chain c;
	bool got;
};

static int chain_reply_fn(struct nlmsghdr *nlh, void *arg, struct fwadm_err *err)
{
	struct chain_reply *r = arg;

	if (r->got)
		fwadm_chain_free(&r->c);
	if (fwadm_parse_chain(nlh, &r->c, err) < 0)
		return -1;
	r->got = true;
	return 0;
}

/* Where the output goes: a text stream, or a pcap dumper. */
static int open_output(struct mon_state *st)
{
	const char *path = st->o->output;
	bool to_stdout = !path || strcmp(path, "-") == 0;
	int linktype = st->fmt == FWADM_MON_FW1 ? DLT_EN10MB : DLT_NFLOG;
	FILE *f;

	if (st->fmt == FWADM_MON_TEXT) {
		st->text = to_stdout ? st->ctx->out : fopen(path, "w");
		if (!st->text)
			goto fail;
		return 0;
	}
	st->dead = pcap_open_dead_with_tstamp_precision(linktype, MON_PCAP_SNAPLEN,
							PCAP_TSTAMP_PRECISION_NANO);
	if (!st->dead) {
		errno = ENOMEM;
		goto fail;
	}
	if (to_stdout) {
		/* Its own stream: closing the dumper leaves ctx->out alone. */
		int fd;

		fflush(st->ctx->out);
		fd = dup(fileno(st->ctx->out));
		f = fd < 0 ? NULL : fdopen(fd, "w");
		if (!f) {
			if (fd >= 0)
				close(fd);
			goto fail;
		}
		st->dumper = pcap_dump_fopen(st->dead, f);
		if (!st->dumper)
			fclose(f);
	} else {
		st->dumper = pcap_dump_open(st->dead, path);
	}
	if (!st->dumper) {
		fwadm_err_set(&st->err, FWADM_E_SYSTEM, 0, "cannot write %s: %s",
			      to_stdout ? "standard output" : path, pcap_geterr(st->dead));
		return -1;
	}
	/* The file header now, so a reader sees the link type at once. */
	if (pcap_dump_flush(st->dumper) < 0)
		st->out_failed = true;
	return 0;
fail:
	fwadm_err_set(&st->err, FWADM_E_SYSTEM, errno, "cannot open %s",
		      to_stdout ? "standard output" : path);
	return -1;
}

static void close_output(struct mon_state *st)
{
	if (st->dumper)
		pcap_dump_close(st->dumper);
	if (st->dead)
		pcap_close(st->dead);
	if (st->text && st->text != st->ctx->out)
		fclose(st->text);
	free(st->buf);
}

static int usage(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		 struct fwadm_mon_opts *o, const char *what, const char *word)
{
	int r = fwadm_usage_error(ctx, cmd, what, word);

	free(o->filter);
	return r;
}

/*
 * libnl retries a read that a signal interrupted, so the wait is a poll():
 * that one returns on SIGINT and SIGTERM, and the flag is seen.
 */
static void receive(struct mon_state *st, struct nl_sock *sk, struct nl_cb *cb)
{
	struct pollfd pfd = { .fd = nl_socket_get_fd(sk), .events = POLLIN };

	nl_socket_set_nonblocking(sk);
	while (!mon_stop && !st->done && !st->out_failed) {
		int r = poll(&pfd, 1, -1);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			fwadm_err_set(&st->err, FWADM_E_SYSTEM, errno, "waiting for records");
			return;
		}
		r = nl_recvmsgs(sk, cb);
		if (r < 0 && r != -NLE_AGAIN && r != -NLE_INTR && r != -NLE_NOMEM) {
			fwadm_err_set(&st->err, FWADM_E_SYSTEM, 0, "receiving records: %s",
				      nl_geterror(r));
			return;
		}
	}
}

/* After the stop: what the socket still holds was sent before it. */
static void drain(struct mon_state *st, struct nl_sock *sk, struct nl_cb *cb)
{
	while (!st->done && !st->out_failed && nl_recvmsgs(sk, cb) >= 0)
		;
}

int fwadm_cmd_monitor(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		      int argc, char **argv)
{
	struct mon_state st = { .ctx = ctx };
	struct chain_reply chain = { 0 };
	struct stop_reply stop = { 0 };
	struct bpf_program prog = { 0 };
	struct fwadm_mon_opts o;
	struct nl_sock *sk = NULL;
	struct nl_cb *cb = NULL;
	struct sigaction sa;
	const char *what, *word;
	char msg[PCAP_ERRBUF_SIZE + 64];
	uint32_t positions;
	int status = FWADM_EXIT_FAIL;

	if (fwadm_mon_parse_args(argc, argv, &o, &what, &word) < 0)
		return usage(ctx, cmd, &o, what, word);
	if (o.help) {
		fwadm_print_cmd_help(ctx->out, cmd);
		free(o.filter);
		return FWADM_EXIT_OK;
	}
	st.o = &o;

	if (fwadm_transact(ctx, RAMPART_CMD_GET_CHAIN, chain_reply_fn, &chain, &st.err) < 0)
		goto fail;
	st.chain = &chain.c;
	/* A drop can happen at any stage: --drops alone watches them all. */
	if (fwadm_mon_positions(&chain.c, o.positions ? o.positions : o.drops ? "all" : NULL,
				o.letters, &positions, msg, sizeof(msg)) < 0) {
		status = fwadm_usage_error(ctx, cmd, msg, NULL);
		goto out;
	}
	if (o.filter && fwadm_mon_compile(o.filter, o.snaplen, &prog, msg, sizeof(msg)) < 0) {
		fflush(ctx->out);
		fprintf(ctx->err, "fwadm: monitor: bad filter `%s': %s\n", o.filter, msg);
		status = FWADM_EXIT_USAGE;
		goto out;
	}
	st.fmt = o.format;
	if (st.fmt == FWADM_MON_AUTO)
		st.fmt = !o.output && isatty(fileno(ctx->out)) ? FWADM_MON_TEXT :
							       FWADM_MON_NFLOG;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: a signal ends the wait */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);	/* a gone reader is EPIPE, and the end */

	if (open_output(&st) < 0)
		goto fail;
	sk = start_session(&st, positions, o.filter ? &prog : NULL, &cb);
	if (!sk)
		goto fail;
	fprintf(ctx->err, "fwadm: monitoring %d positions (session %u)\n",
		__builtin_popcount(positions), st.session);
	if (!chain.c.started)
		fprintf(ctx->err, "fwadm: monitor: the firewall is not started in this "
			"namespace: records begin with fwadm start\n");
	receive(&st, sk, cb);
	if (stop_session(ctx, st.session, &stop, &st.err) < 0)
		goto fail;
	drain(&st, sk, cb);
	status = FWADM_EXIT_OK;
	if (st.err.kind != FWADM_E_NONE) {
		fwadm_report(ctx, &st.err);
		status = FWADM_EXIT_FAIL;
	}
	/* A reader that went away ends the capture; it is no error. */
	if (st.out_failed && st.text == ctx->out) {
		__fpurge(ctx->out);
		clearerr(ctx->out);
	}
	fflush(ctx->out);
	if (stop.lost)
		fprintf(ctx->err, "%llu records lost in the kernel\n",
			(unsigned long long)stop.lost);
	goto out;
fail:
	fwadm_report(ctx, &st.err);
out:
	if (cb)
		nl_cb_put(cb);
	if (sk)
		nl_socket_free(sk);
	close_output(&st);
	if (o.filter)
		pcap_freecode(&prog);
	free(o.filter);
	fwadm_chain_free(&chain.c);
	return status;
}
