// SPDX-License-Identifier: GPL-2.0
/*
 * fwadm conn [list] [FILTER] [--json], fwadm conn flush [FILTER]: the
 * connection table, listed with a CONN_GET dump or emptied with CONN_FLUSH.
 * The filter words become one RAMPART_A_CONN_FILTER nest; the kernel does
 * the matching.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include <linux/rampart.h>

#include "fwadm.h"
#include "nl.h"
#include "print.h"
#include "reply.h"

#define MAX_WORDS 32

struct conn_filter {
	bool given;			/* any field below is set */
	uint8_t family;			/* 4 or 6; 0: any */
	bool has_addr, has_prefix;
	const char *host;		/* the word the address came from */
	uint8_t addr[16];
	uint8_t prefix_len;
	bool has_port;
	uint16_t port;
	bool has_proto;
	uint8_t proto;
	const char *service;		/* NULL: any */
	uint8_t state;			/* 0: any */
};

/* Value words: "port 25". */
enum { W_HOST, W_PORT, W_PROTO, W_SERVICE, W_STATE, W_NWORDS };

static const struct {
	const char *name;
	const char *what;	/* for "missing ... after `WORD'" */
} filter_words[W_NWORDS] = {
	[W_HOST] = { "host", "missing address after" },
	[W_PORT] = { "port", "missing port after" },
	[W_PROTO] = { "proto", "missing protocol after" },
	[W_SERVICE] = { "service", "missing service name after" },
	[W_STATE] = { "state", "missing state after" },
};

/* "ADDR" or "ADDR/LEN"; usage error text in *what when it is not. */
static bool parse_host(const char *word, struct conn_filter *f,
		       const char **what)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(word, '/');
	size_t alen = slash ? (size_t)(slash - word) : strlen(word);
	unsigned long len;
	char *end;

	*what = "invalid address";
	if (alen >= INET6_ADDRSTRLEN)
		return false;
	memcpy(buf, word, alen);
	buf[alen] = '\0';
	memset(f->addr, 0, sizeof(f->addr));
	if (inet_pton(AF_INET, buf, f->addr) == 1)
		f->family = 4;
	else if (inet_pton(AF_INET6, buf, f->addr) == 1)
		f->family = 6;
	else
		return false;
	f->has_addr = true;
	f->host = word;
	if (!slash)
		return true;
	*what = "invalid prefix length";
	if (slash[1] < '0' || slash[1] > '9')
		return false;
	errno = 0;
	len = strtoul(slash + 1, &end, 10);
	if (errno || *end || len > (f->family == 4 ? 32UL : 128UL))
		return false;
	f->prefix_len = (uint8_t)len;
	f->has_prefix = true;
	return true;
}

static bool parse_port(const char *word, uint16_t *port)
{
	unsigned long v;
	char *end;

	if (word[0] < '0' || word[0] > '9')
		return false;
	errno = 0;
	v = strtoul(word, &end, 10);
	if (errno || *end || v > 65535)
		return false;
	*port = (uint16_t)v;
	return true;
}

static bool parse_proto(const char *word, uint8_t *proto)
{
	static const uint8_t protos[] = {
		IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP, IPPROTO_ICMPV6,
	};
	size_t i;

	for (i = 0; i < sizeof(protos); i++) {
		if (strcasecmp(word, fwadm_proto_name(protos[i])) == 0) {
			*proto = protos[i];
			return true;
		}
	}
	return false;
}

static bool parse_state(const char *word, uint8_t *state)
{
	unsigned int s;

	for (s = RAMPART_CONN_NONE + 1; s < __RAMPART_CONN_MAX; s++) {
		const char *name = fwadm_conn_state_name(s);

		if (name && strcasecmp(word, name) == 0) {
			*state = (uint8_t)s;
			return true;
		}
	}
	return false;
}

/* One "KEYWORD VALUE" pair; returns FWADM_EXIT_OK or a usage error. */
static int parse_value(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		       int which, const char *value, struct conn_filter *f)
{
	const char *what = NULL;

	switch (which) {
	case W_HOST:
		if (!parse_host(value, f, &what))
			return fwadm_usage_error(ctx, cmd, what, value);
		break;
	case W_PORT:
		if (!parse_port(value, &f->port))
			return fwadm_usage_error(ctx, cmd, "invalid port", value);
		f->has_port = true;
		break;
	case W_PROTO:
		if (!parse_proto(value, &f->proto))
			return fwadm_usage_error(ctx, cmd, "unknown protocol",
						 value);
		f->has_proto = true;
		break;
	case W_SERVICE:
		if (!*value || strlen(value) > RAMPART_POLICY_NAME_MAX)
			return fwadm_usage_error(ctx, cmd, "invalid service name",
						 value);
		f->service = value;
		break;
	default:
		if (!parse_state(value, &f->state))
			return fwadm_usage_error(ctx, cmd, "unknown state", value);
		break;
	}
	f->given = true;
	return FWADM_EXIT_OK;
}

/* The filter words in w[0..n), and -4/-6. */
static int parse_filter(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
			char **w, size_t n, bool v4, bool v6,
			struct conn_filter *f)
{
	bool seen[W_NWORDS] = { false };
	size_t i;
	int which, r;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < n; i++) {
		for (which = 0; which < W_NWORDS; which++)
			if (strcmp(w[i], filter_words[which].name) == 0)
				break;
		if (which == W_NWORDS)
			return fwadm_usage_error(ctx, cmd, "unknown filter word",
						 w[i]);
		if (seen[which])
			return fwadm_usage_error(ctx, cmd, "filter word given twice",
						 w[i]);
		seen[which] = true;
		if (i + 1 == n)
			return fwadm_usage_error(ctx, cmd,
						 filter_words[which].what, w[i]);
		r = parse_value(ctx, cmd, which, w[++i], f);
		if (r != FWADM_EXIT_OK)
			return r;
	}
	if (v4 && v6)
		return fwadm_usage_error(ctx, cmd, "-4 and -6 exclude each other",
					 NULL);
	if (v4 || v6) {
		if (f->has_addr && f->family != (v4 ? 4 : 6))
			return fwadm_usage_error(ctx, cmd, v4 ?
						 "address is not IPv4" :
						 "address is not IPv6", f->host);
		f->family = v4 ? 4 : 6;
		f->given = true;
	}
	return FWADM_EXIT_OK;
}

static int put_filter(struct nl_msg *msg, const struct conn_filter *f)
{
	struct nlattr *nest;

	if (!f->given)
		return 0;
	nest = nla_nest_start(msg, RAMPART_A_CONN_FILTER | NLA_F_NESTED);
	if (!nest ||
	    (f->family && nla_put_u8(msg, RAMPART_CF_A_FAMILY, f->family) < 0) ||
	    (f->has_addr &&
	     nla_put(msg, RAMPART_CF_A_ADDR, sizeof(f->addr), f->addr) < 0) ||
	    (f->has_prefix &&
	     nla_put_u8(msg, RAMPART_CF_A_PREFIX_LEN, f->prefix_len) < 0) ||
	    (f->has_port && nla_put_u16(msg, RAMPART_CF_A_PORT, f->port) < 0) ||
	    (f->has_proto && nla_put_u8(msg, RAMPART_CF_A_PROTO, f->proto) < 0) ||
	    (f->service &&
	     nla_put_string(msg, RAMPART_CF_A_SERVICE, f->service) < 0) ||
	    (f->state && nla_put_u8(msg, RAMPART_CF_A_STATE, f->state) < 0))
		return -1;
	nla_nest_end(msg, nest);
	return 0;
}

/*
 * Send cmd (flags: NLM_F_DUMP for a dump) with the filter f on a
 * connection of its own. Returns 0, or -1 with err.
 */
static int conn_request(struct fwadm_ctx *ctx, uint8_t cmd, int flags,
			const struct conn_filter *f, fwadm_reply_fn fn,
			void *arg, struct fwadm_err *err)
{
	struct nl_msg *req = fwadm_nl_message(cmd, flags, 0);
	struct fwadm_conn conn;
	int r = -1;

	fwadm_err_clear(err);
	if (!req || put_filter(req, f) < 0) {
		fwadm_err_set(err, FWADM_E_SYSTEM, ENOMEM, "out of memory");
	} else if (fwadm_connect(ctx, &conn, err) == 0) {
		r = fwadm_send(&conn, req, fn, arg, err);
		fwadm_disconnect(&conn);
	}
	nlmsg_free(req);
	return r;
}

static int conns_reply_fn(struct nlmsghdr *nlh, void *arg,
			  struct fwadm_err *err)
{
	return fwadm_parse_conns(nlh, arg, err);
}

struct flush_reply {
	bool got;
	uint32_t count;
};

static int flush_reply_fn(struct nlmsghdr *nlh, void *arg,
			  struct fwadm_err *err)
{
	struct flush_reply *r = arg;

	if (r->got) {
		fwadm_err_set(err, FWADM_E_REPLY, 0, "more than one reply");
		return -1;
	}
	r->got = true;
	return fwadm_parse_conn_count(nlh, &r->count, err);
}

static int by_id(const void *a, const void *b)
{
	const struct fwadm_conn_entry *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static int conn_list(struct fwadm_ctx *ctx, const struct conn_filter *f,
		     bool json)
{
	struct fwadm_conns list = { 0 };
	struct fwadm_err err;

	if (conn_request(ctx, RAMPART_CMD_CONN_GET, NLM_F_DUMP, f,
			 conns_reply_fn, &list, &err) < 0) {
		fwadm_conns_free(&list);
		fwadm_report(ctx, &err);
		return FWADM_EXIT_FAIL;
	}
	/* Hash order means nothing to a reader; ids grow with age. */
	if (list.n)
		qsort(list.v, list.n, sizeof(list.v[0]), by_id);
	if (json)
		fwadm_print_conns_json(ctx->out, &list);
	else
		fwadm_print_conns(ctx->out, &list);
	fwadm_conns_free(&list);
	return FWADM_EXIT_OK;
}

static int conn_flush(struct fwadm_ctx *ctx, const struct conn_filter *f)
{
	struct flush_reply r = { 0 };
	struct fwadm_err err;

	if (conn_request(ctx, RAMPART_CMD_CONN_FLUSH, 0, f, flush_reply_fn, &r,
			 &err) < 0) {
		fwadm_report(ctx, &err);
		return FWADM_EXIT_FAIL;
	}
	if (!r.got) {
		fwadm_err_set(&err, FWADM_E_REPLY, 0, "no reply, only an ack");
		fwadm_report(ctx, &err);
		return FWADM_EXIT_FAIL;
	}
	fprintf(ctx->out, "%u connection%s removed\n", (unsigned int)r.count,
		r.count == 1 ? "" : "s");
	return FWADM_EXIT_OK;
}

int fwadm_cmd_conn(struct fwadm_ctx *ctx, const struct fwadm_cmd *cmd,
		   int argc, char **argv)
{
	bool help = false, json = false, v4 = false, v6 = false, flush = false;
	const struct fwadm_opt opts[] = {
		{ "json", 'j', &json },
		{ "ipv4", '4', &v4 },
		{ "ipv6", '6', &v6 },
	};
	struct conn_filter f;
	char *args[MAX_WORDS];
	size_t nargs, first = 0;
	int ret;

	ret = fwadm_parse_opts(ctx, cmd, argc, argv, opts,
			       sizeof(opts) / sizeof(opts[0]), &help, args,
			       MAX_WORDS, &nargs);
	if (ret != FWADM_EXIT_OK)
		return ret;
	if (help) {
		fwadm_print_cmd_help(ctx->out, cmd);
		return FWADM_EXIT_OK;
	}
	if (nargs && strcmp(args[0], "list") == 0) {
		first = 1;
	} else if (nargs && strcmp(args[0], "flush") == 0) {
		first = 1;
		flush = true;
	}
	ret = parse_filter(ctx, cmd, args + first, nargs - first, v4, v6, &f);
	if (ret != FWADM_EXIT_OK)
		return ret;
	if (flush && json)
		return fwadm_usage_error(ctx, cmd, "flush takes no option",
					 "--json");
	return flush ? conn_flush(ctx, &f) : conn_list(ctx, &f, json);
}
