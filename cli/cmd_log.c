// SPDX-License-Identifier: GPL-2.0
/*
 * fwadm log: follow the events of the "events" multicast group (accepts,
 * drops and rejects of `track log' rules, out-of-state drops with their
 * explanation, late packets passed under grace, connections a policy
 * install removed), one line each, until interrupted.
 */
#include <errno.h>
#include <net/if.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <inttypes.h>
#include <arpa/inet.h>

#include <netlink/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <linux/rampart.h>

#include "fwadm.h"
#include "log.h"
#include "print.h"
#include "reply.h"

static const struct nla_policy event_policy[RAMPART_EVENT_A_MAX + 1] = {
	[RAMPART_EVENT_A_TYPE] = { .type = NLA_U8 },
	[RAMPART_EVENT_A_TIME] = { .type = NLA_U64 },
	[RAMPART_EVENT_A_RULE] = { .type = NLA_U32 },
	[RAMPART_EVENT_A_SERVICE] = { .type = NLA_STRING },
	[RAMPART_EVENT_A_ACTION] = { .type = NLA_U8 },
	[RAMPART_EVENT_A_FAMILY] = { .type = NLA_U8 },
	[RAMPART_EVENT_A_PROTO] = { .type = NLA_U8 },
	[RAMPART_EVENT_A_SRC] = { .minlen = 16 },
	[RAMPART_EVENT_A_DST] = { .minlen = 16 },
	[RAMPART_EVENT_A_SPORT] = { .type = NLA_U16 },
	[RAMPART_EVENT_A_DPORT] = { .type = NLA_U16 },
	[RAMPART_EVENT_A_IFINDEX_IN] = { .type = NLA_U32 },
	[RAMPART_EVENT_A_IFINDEX_OUT] = { .type = NLA_U32 },
	[RAMPART_EVENT_A_REASON] = { .type = NLA_U32 },
	[RAMPART_EVENT_A_TEXT] = { .type = NLA_STRING },
	[RAMPART_EVENT_A_CONN_ID] = { .type = NLA_U32 },
	[RAMPART_EVENT_A_SUPPRESSED] = { .type = NLA_U32 },
};

int fwadm_parse_event(struct nlmsghdr *nlh, struct fwadm_event *ev,
		      struct fwadm_err *err)
{
	struct nlattr *top[RAMPART_A_MAX + 1], *tb[RAMPART_EVENT_A_MAX + 1];

	memset(ev, 0, sizeof(*ev));
	if (genlmsg_parse(nlh, 0, top, RAMPART_A_MAX, NULL) < 0 ||
	    !top[RAMPART_A_EVENT] ||
	    nla_parse_nested(tb, RAMPART_EVENT_A_MAX, top[RAMPART_A_EVENT],
			     (struct nla_policy *)event_policy) < 0) {
		fwadm_err_set(err, FWADM_E_REPLY, 0, "malformed event");
		return -1;
	}
	if (!tb[RAMPART_EVENT_A_TYPE] || !tb[RAMPART_EVENT_A_FAMILY] ||
	    !tb[RAMPART_EVENT_A_SRC] || !tb[RAMPART_EVENT_A_DST]) {
		fwadm_err_set(err, FWADM_E_REPLY, 0, "event without type or endpoints");
		return -1;
	}
	ev->type = nla_get_u8(tb[RAMPART_EVENT_A_TYPE]);
	ev->family = nla_get_u8(tb[RAMPART_EVENT_A_FAMILY]);
	if (ev->family != 4 && ev->family != 6) {
		fwadm_err_set(err, FWADM_E_REPLY, 0, "event with family %u", ev->family);
		return -1;
	}
	if (tb[RAMPART_EVENT_A_TIME])
		ev->time_ns = nla_get_u64(tb[RAMPART_EVENT_A_TIME]);
	if (tb[RAMPART_EVENT_A_RULE])
		ev->rule = nla_get_u32(tb[RAMPART_EVENT_A_RULE]);
	if (tb[RAMPART_EVENT_A_ACTION])
		ev->action = nla_get_u8(tb[RAMPART_EVENT_A_ACTION]);
	if (tb[RAMPART_EVENT_A_PROTO])
		ev->proto = nla_get_u8(tb[RAMPART_EVENT_A_PROTO]);
	memcpy(ev->src, nla_data(tb[RAMPART_EVENT_A_SRC]), 16);
	memcpy(ev->dst, nla_data(tb[RAMPART_EVENT_A_DST]), 16);
	if (tb[RAMPART_EVENT_A_SPORT])
		ev->sport = nla_get_u16(tb[RAMPART_EVENT_A_SPORT]);
	if (tb[RAMPART_EVENT_A_DPORT])
		ev->dport = nla_get_u16(tb[RAMPART_EVENT_A_DPORT]);
	if (tb[RAMPART_EVENT_A_IFINDEX_IN])
		ev->ifindex_in = nla_get_u32(tb[RAMPART_EVENT_A_IFINDEX_IN]);
	if (tb[RAMPART_EVENT_A_IFINDEX_OUT])
		ev->ifindex_out = nla_get_u32(tb[RAMPART_EVENT_A_IFINDEX_OUT]);
	if (tb[RAMPART_EVENT_A_REASON])
		ev->reason = nla_get_u32(tb[RAMPART_EVENT_A_REASON]);
	if (tb[RAMPART_EVENT_A_CONN_ID])
		ev->conn_id = nla_get_u32(tb[RAMPART_EVENT_A_CONN_ID]);
	if (tb[RAMPART_EVENT_A_SUPPRESSED])
		ev->suppressed = nla_get_u32(tb[RAMPART_EVENT_A_SUPPRESSED]);
	fwadm_attr_copy_string(ev->service, sizeof(ev->service), tb[RAMPART_EVENT_A_SERVICE]);
	fwadm_attr_copy_string(ev->text, sizeof(ev->text), tb[RAMPART_EVENT_A_TEXT]);
	return 0;
}

static const char *event_type_name(uint8_t type)
{
	switch (type) {
	case RAMPART_EVENT_ACCEPT: return "accept";
	case RAMPART_EVENT_DROP: return "drop";
	case RAMPART_EVENT_REJECT: return "reject";
	case RAMPART_EVENT_LATE_PASS: return "late-pass";
	case RAMPART_EVENT_REMOVED: return "removed";
	case RAMPART_EVENT_SMTP: return "smtp";
	}
	return "event";
}

static const char *proto_name(uint8_t proto, char *buf, size_t size)
{
	switch (proto) {
	case 6: return "tcp";
	case 17: return "udp";
	case 1: return "icmp";
	case 58: return "icmpv6";
	}
	snprintf(buf, size, "proto %u", proto);
	return buf;
}

/* "192.0.2.10:45678", "[2001:db8::1]:25"; ICMP shows no port. */
static void endpoint(char *buf, size_t size, uint8_t family, const uint8_t *addr,
		     uint16_t port, bool ports)
{
	char a[INET6_ADDRSTRLEN];

	inet_ntop(family == 4 ? AF_INET : AF_INET6, addr, a, sizeof(a));
	if (!ports)
		snprintf(buf, size, "%s", a);
	else if (family == 4)
		snprintf(buf, size, "%s:%u", a, port);
	else
		snprintf(buf, size, "[%s]:%u", a, port);
}

/* "2026-12-01T06:47:12.021Z" */
static void event_time(char *buf, size_t size, uint64_t time_ns)
{
	time_t sec = (time_t)(time_ns / 1000000000u);
	struct tm tm;
	size_t n;

	gmtime_r(&sec, &tm);
	n = strftime(buf, size, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + n, size - n, ".%03uZ",
		 (unsigned int)(time_ns % 1000000000u / 1000000u));
}

void fwadm_format_event(const struct fwadm_event *ev, char *buf, size_t size,
			const char *(*ifname)(uint32_t ifindex, char *name))
{
	char when[40], src[64], dst[64], pbuf[16], in[IF_NAMESIZE] = "",
	     out[IF_NAMESIZE] = "", extra[80] = "";
	bool ports = ev->proto == 6 || ev->proto == 17;
	size_t n;

	event_time(when, sizeof(when), ev->time_ns);
	endpoint(src, sizeof(src), ev->family, ev->src, ev->sport, ports);
	endpoint(dst, sizeof(dst), ev->family, ev->dst, ev->dport, ports);
	if (ev->ifindex_in && ifname)
		ifname(ev->ifindex_in, in);
	if (ev->ifindex_out && ifname)
		ifname(ev->ifindex_out, out);
	n = 0;
	if (ev->rule)
		n += (size_t)snprintf(extra + n, sizeof(extra) - n, " rule %u", ev->rule);
	if (ev->service[0] && n < sizeof(extra))
		n += (size_t)snprintf(extra + n, sizeof(extra) - n, " service %s",
				      ev->service);
	if (in[0] && n < sizeof(extra))
		n += (size_t)snprintf(extra + n, sizeof(extra) - n, " in %s", in);
	if (out[0] && n < sizeof(extra))
		snprintf(extra + n, sizeof(extra) - n, " out %s", out);
	n = (size_t)snprintf(buf, size, "%s %s%s %s %s -> %s", when,
			     event_type_name(ev->type), extra,
			     proto_name(ev->proto, pbuf, sizeof(pbuf)), src, dst);
	if (ev->text[0] && n < size)
		n += (size_t)snprintf(buf + n, size - n, ": %s", ev->text);
	if (ev->suppressed && n < size)
		snprintf(buf + n, size - n, " (%u earlier events lost to the rate limit)",
			 ev->suppressed);
}

static const char *action_name(uint8_t action)
{
	switch (action) {
	case RAMPART_ACTION_ACCEPT: return "accept";
	case RAMPART_ACTION_DROP: return "drop";
	case RAMPART_ACTION_REJECT: return "reject";
	}
	return NULL;
}

static void json_str(FILE *f, const char *key, const char *value)
{
	fprintf(f, ", \"%s\": ", key);
	fwadm_print_json_string(f, value);
}

void fwadm_print_event_json(FILE *f, const struct fwadm_event *ev,
			    const char *(*ifname)(uint32_t ifindex, char *name))
{
	char when[40], addr[INET6_ADDRSTRLEN], pbuf[16], name[IF_NAMESIZE];
	int af = ev->family == 4 ? AF_INET : AF_INET6;

	event_time(when, sizeof(when), ev->time_ns);
	fprintf(f, "{\"time\": \"%s\", \"time_ns\": %" PRIu64, when, ev->time_ns);
	json_str(f, "event", event_type_name(ev->type));
	if (ev->rule)
		fprintf(f, ", \"rule\": %" PRIu32, ev->rule);
	if (ev->service[0])
		json_str(f, "service", ev->service);
	if (action_name(ev->action))
		json_str(f, "action", action_name(ev->action));
	if (ev->ifindex_in && ifname)
		json_str(f, "in", ifname(ev->ifindex_in, name));
	if (ev->ifindex_out && ifname)
		json_str(f, "out", ifname(ev->ifindex_out, name));
	fprintf(f, ", \"family\": %u", ev->family);
	json_str(f, "proto", proto_name(ev->proto, pbuf, sizeof(pbuf)));
	json_str(f, "src", inet_ntop(af, ev->src, addr, sizeof(addr)));
	if (ev->proto == 6 || ev->proto == 17)
		fprintf(f, ", \"sport\": %u", ev->sport);
	json_str(f, "dst", inet_ntop(af, ev->dst, addr, sizeof(addr)));
	if (ev->proto == 6 || ev->proto == 17)
		fprintf(f, ", \"dport\": %u", ev->dport);
	if (ev->reason)
		fprintf(f, ", \"reason\": %" PRIu32, ev->reason);
	if (ev->text[0])
		json_str(f, "text", ev->text);
	if (ev->conn_id)
		fprintf(f, ", \"conn_id\": %" PRIu32, ev->conn_id);
	if (ev->suppressed)
		fprintf(f, ", \"suppressed\": %" PRIu32, ev->suppressed);
	fputc('}', f);
}

int fwadm_event_priority(const struct fwadm_event *ev)
{
	return ev->type == RAMPART_EVENT_DROP || ev->type == RAMPART_EVENT_REJECT ?
	       LOG_WARNING : LOG_INFO;
}

static const char *ifname_of(uint32_t ifindex, char *name)
{
	if (!if_indextoname(ifindex, name))
		snprintf(name, IF_NAMESIZE, "if%u", ifindex);
	return name;
}

struct log_state {
	struct fwadm_ctx *ctx;
	struct fwadm_err err;
	bool json, syslog;
	bool failed;
};

static int on_event(struct nl_msg *msg, void *arg)
{
	struct log_state *st = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh = nlmsg_data(nlh);
	struct fwadm_event ev;
	char line[1024];

	if (gh->cmd != RAMPART_CMD_EVENT)
		return NL_SKIP;
	if (fwadm_parse_event(nlh, &ev, &st->err) < 0) {
		fwadm_report(st->ctx, &st->err);
		return NL_SKIP;
	}
	if (st->syslog) {
		/* syslog stamps its own time: the line without ours. */
		fwadm_format_event(&ev, line, sizeof(line), ifname_of);
		syslog(fwadm_event_priority(&ev), "%s", strchr(line, ' ') + 1);
		return NL_OK;
	}
	if (st->json) {
		fwadm_print_event_json(st->ctx->out, &ev, ifname_of);
		fputc('\n', st->ctx->out);
	} else {
		fwadm_format_event(&ev, line, sizeof(line), ifname_of);
		fprintf(st->ctx->out, "%s\n", line);
	}
	if (fflush(st->ctx->out) == EOF) {
		st->failed = true;	/* the reader went away */
		return NL_STOP;
	}
	return NL_OK;
}

static volatile sig_atomic_t log_stop;

static void on_signal(int sig)
{
	(void)sig;
	log_stop = 1;
}

int fwadm_cmd_log(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		  int argc, char **argv)
{
	struct log_state st = { .ctx = ctx };
	struct nl_sock *sk = NULL;
	struct pollfd pfd;
	struct sigaction sa;
	struct fwadm_err err;
	int grp, r, status = FWADM_EXIT_FAIL;
	bool help;

	const struct fwadm_opt opts[] = {
		{ "json", 'j', &st.json },
		{ "syslog", 0, &st.syslog },
	};

	r = fwadm_parse_opts(ctx, cmd, argc, argv, opts, sizeof(opts) / sizeof(opts[0]),
			     &help, NULL, 0, NULL);
	if (r == FWADM_EXIT_OK && help)
		fwadm_print_cmd_help(ctx->out, cmd);
	if (r != FWADM_EXIT_OK || help)
		return r;
	if (st.json && st.syslog)
		return fwadm_usage_error(ctx, cmd, "--json and --syslog go one at a time",
					 NULL);
	if (st.syslog)
		openlog("fwadm", LOG_PID, LOG_DAEMON);

	sk = nl_socket_alloc();
	if (!sk || genl_connect(sk) < 0) {
		fwadm_err_set(&err, FWADM_E_SYSTEM, 0, "cannot connect to generic netlink");
		goto fail;
	}
	grp = genl_ctrl_resolve_grp(sk, RAMPART_GENL_NAME, RAMPART_MCGRP_EVENTS);
	if (grp == -NLE_OBJ_NOTFOUND) {
		fwadm_err_set(&err, FWADM_E_NOT_LOADED, ENOENT, NULL);
		goto fail;
	}
	if (grp < 0) {
		fwadm_err_set(&err, FWADM_E_SYSTEM, 0, "cannot look up the events group: %s",
			      nl_geterror(grp));
		goto fail;
	}
	nl_socket_disable_seq_check(sk);
	nl_socket_modify_cb(sk, NL_CB_VALID, NL_CB_CUSTOM, on_event, &st);
	r = nl_socket_add_membership(sk, grp);
	if (r < 0) {
		fwadm_err_set(&err, FWADM_E_KERNEL, r == -NLE_PERM ? EPERM : 0,
			      r == -NLE_PERM ? NULL : "cannot join the events group: %s",
			      nl_geterror(r));
		goto fail;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* The kernel may drop events when we are slow: ENOBUFS is no error. */
	nl_socket_set_buffer_size(sk, 1 << 20, 0);
	/* libnl retries reads a signal interrupts: wait in poll() instead. */
	nl_socket_set_nonblocking(sk);
	pfd.fd = nl_socket_get_fd(sk);
	pfd.events = POLLIN;
	while (!log_stop && !st.failed) {
		if (poll(&pfd, 1, -1) < 0)
			continue;	/* EINTR: the loop looks at log_stop */
		r = nl_recvmsgs_default(sk);
		/* ENOBUFS (NLE_NOMEM): the kernel dropped events; go on. */
		if (r < 0 && r != -NLE_INTR && r != -NLE_NOMEM && r != -NLE_AGAIN &&
		    !log_stop) {
			fwadm_err_set(&err, FWADM_E_SYSTEM, 0, "receiving events: %s",
				      nl_geterror(r));
			goto fail;
		}
	}
	status = FWADM_EXIT_OK;
	nl_socket_free(sk);
	return status;
fail:
	fwadm_report(ctx, &err);
	if (sk)
		nl_socket_free(sk);
	return status;
}
