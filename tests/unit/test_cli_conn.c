// SPDX-License-Identifier: GPL-2.0
/*
 * fwadm conn against a fake kernel: the filter words and the attributes
 * they become, the words refused as usage errors, CONN_GET dumps built with
 * libnl as rampart.ko sends them (table, JSON, malformed), and CONN_FLUSH.
 */
#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include <cmocka.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <linux/rampart.h>

#include "fwadm.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define FAMILY 0x1c

/* ---- the fake kernel ---- */

struct fake_kernel {
	int calls;
	int opens, closes;		/* connections */
	bool open;
	uint8_t cmd;			/* of the last request */
	bool dump;
	struct nl_msg *req;		/* a copy of the last request */
	struct nlattr *filter;		/* its RAMPART_A_CONN_FILTER */
	struct nlattr *f[RAMPART_CF_A_MAX + 1];	/* and what is in it */
	struct nl_msg *replies[4];
	int nreplies;
	enum fwadm_err_kind fail;	/* FWADM_E_NONE: answer */
	int code;
	const char *extack;
};

/* rampart.ko missing is found when connecting; the rest per request. */
static void *fake_open(void *priv, struct fwadm_err *err)
{
	struct fake_kernel *k = priv;

	assert_false(k->open);
	if (k->fail == FWADM_E_NOT_LOADED) {
		fwadm_err_set(err, k->fail, k->code, NULL);
		return NULL;
	}
	k->open = true;
	k->opens++;
	return k;
}

static int fake_request(void *conn, struct nl_msg *req, fwadm_reply_fn fn,
			void *arg, struct fwadm_err *err)
{
	struct fake_kernel *k = conn;
	struct nlattr *tb[RAMPART_A_MAX + 1];
	uint16_t flags = nlmsg_hdr(req)->nlmsg_flags;
	int i;

	assert_true(k->open);
	k->calls++;
	k->cmd = ((struct genlmsghdr *)nlmsg_data(nlmsg_hdr(req)))->cmd;
	k->dump = (flags & NLM_F_DUMP) == NLM_F_DUMP;
	/* A dump ends with NLMSG_DONE; anything else asks for an ack. */
	assert_int_equal(flags, NLM_F_REQUEST | (k->dump ? NLM_F_DUMP : NLM_F_ACK));
	nlmsg_free(k->req);
	k->req = nlmsg_convert(nlmsg_hdr(req));
	assert_non_null(k->req);
	assert_int_equal(genlmsg_parse(nlmsg_hdr(k->req), 0, tb, RAMPART_A_MAX,
				       NULL), 0);
	k->filter = tb[RAMPART_A_CONN_FILTER];
	memset(k->f, 0, sizeof(k->f));
	if (k->filter)
		assert_int_equal(nla_parse_nested(k->f, RAMPART_CF_A_MAX,
						  k->filter, NULL), 0);

	fwadm_err_clear(err);
	if (k->fail != FWADM_E_NONE) {
		fwadm_err_set(err, k->fail, k->code, "%s",
			      k->extack ? k->extack : "");
		return -1;
	}
	for (i = 0; i < k->nreplies; i++)
		if (fn(nlmsg_hdr(k->replies[i]), arg, err) < 0)
			return -1;
	return 0;
}

static void fake_close(void *conn)
{
	struct fake_kernel *k = conn;

	assert_true(k->open);
	k->open = false;
	k->closes++;
}

struct result {
	int rc;
	char *out;
	char *err;
};

static struct fake_kernel kernel;

static int reset(void **state)
{
	(void)state;
	memset(&kernel, 0, sizeof(kernel));
	return 0;
}

static int teardown(void **state)
{
	int i;

	(void)state;
	nlmsg_free(kernel.req);
	for (i = 0; i < kernel.nreplies; i++)
		nlmsg_free(kernel.replies[i]);
	return 0;
}

static const struct fwadm_transport fake_tp = {
	.open = fake_open, .request = fake_request, .close = fake_close,
	.priv = &kernel,
};

/* Run fwadm with the NULL-terminated arguments after "fwadm". */
static struct result run_with(const struct fwadm_transport *tp,
			      const char *first, ...)
{
	struct result r = { 0 };
	struct fwadm_ctx ctx = { .tp = tp };
	char *argv[48];
	int argc = 0;
	size_t outlen, errlen;
	const char *a;
	va_list ap;

	argv[argc++] = (char *)"fwadm";
	va_start(ap, first);
	for (a = first; a; a = va_arg(ap, const char *)) {
		assert_true(argc < 47);
		argv[argc++] = (char *)a;
	}
	va_end(ap);
	argv[argc] = NULL;
	ctx.out = open_memstream(&r.out, &outlen);
	ctx.err = open_memstream(&r.err, &errlen);
	assert_non_null(ctx.out);
	assert_non_null(ctx.err);
	r.rc = fwadm_run(&ctx, argc, argv);
	fclose(ctx.out);
	fclose(ctx.err);
	return r;
}

#define run(...) run_with(&fake_tp, __VA_ARGS__)

static void check(struct result r, int rc, const char *out, const char *err)
{
	/* Whatever happened, the command closed what it opened. */
	assert_false(kernel.open);
	assert_int_equal(kernel.closes, kernel.opens);
	assert_string_equal(r.err, err);
	assert_string_equal(r.out, out);
	assert_int_equal(r.rc, rc);
	free(r.out);
	free(r.err);
}

/* ---- replies ---- */

static struct nl_msg *new_reply(uint8_t cmd)
{
	struct nl_msg *m = nlmsg_alloc();

	assert_non_null(m);
	assert_non_null(genlmsg_put(m, 0, 1, FAMILY, 0, NLM_F_MULTI, cmd,
				    RAMPART_GENL_VERSION));
	return m;
}

struct conn_def {
	uint32_t id;
	uint8_t family, proto;
	const char *src, *dst;
	uint16_t sport, dport;
	uint8_t state;
	uint32_t rule;
	const char *service;	/* NULL: absent */
	uint32_t timeout, age;
	uint64_t pkts_orig, bytes_orig, pkts_reply, bytes_reply;
};

static const struct conn_def c_submission = {
	7, 4, 6, "10.0.1.2", "10.0.2.2", 45678, 587, RAMPART_CONN_ESTABLISHED,
	1, "submission", 7187, 13, 12, 1840, 10, 2310,
};
static const struct conn_def c_smtp6 = {
	3, 6, 6, "fd00:1::2", "fd00:2::2", 50000, 25, RAMPART_CONN_SYN_SENT,
	2, "smtp", 25, 0, 1, 80, 0, 0,
};
static const struct conn_def c_ping = {
	12, 4, 1, "10.0.1.2", "10.0.2.2", 4242, 4242, RAMPART_CONN_ICMP,
	0, NULL, 29, 1, 1, 84, 1, 84,
};

/* Omit one attribute of the connection, or send it with a wrong size. */
static int omit_type, wrong_type;

static void put_addr(struct nl_msg *m, int type, uint8_t family, const char *text)
{
	uint8_t a[16] = { 0 };

	assert_int_equal(inet_pton(family == 4 ? AF_INET : AF_INET6, text, a), 1);
	if (type == omit_type)
		return;
	assert_int_equal(nla_put(m, type, type == wrong_type ? 4 : 16, a), 0);
}

static void put_int(struct nl_msg *m, int type, int size, uint64_t v)
{
	if (type == omit_type)
		return;
	if (type == wrong_type)
		size = size == 4 ? 8 : 4;
	switch (size) {
	case 1:
		assert_int_equal(nla_put_u8(m, type, (uint8_t)v), 0);
		break;
	case 2:
		assert_int_equal(nla_put_u16(m, type, (uint16_t)v), 0);
		break;
	case 4:
		assert_int_equal(nla_put_u32(m, type, (uint32_t)v), 0);
		break;
	default:
		assert_int_equal(nla_put_u64(m, type, v), 0);
	}
}

static void put_conn(struct nl_msg *m, const struct conn_def *c)
{
	struct nlattr *n = nla_nest_start(m, RAMPART_A_CONN | NLA_F_NESTED);

	assert_non_null(n);
	put_int(m, RAMPART_CONN_A_ID, 4, c->id);
	put_int(m, RAMPART_CONN_A_FAMILY, 1, c->family);
	put_int(m, RAMPART_CONN_A_PROTO, 1, c->proto);
	put_addr(m, RAMPART_CONN_A_SRC, c->family == 5 ? 4 : c->family, c->src);
	put_addr(m, RAMPART_CONN_A_DST, c->family == 5 ? 4 : c->family, c->dst);
	put_int(m, RAMPART_CONN_A_SPORT, 2, c->sport);
	put_int(m, RAMPART_CONN_A_DPORT, 2, c->dport);
	put_int(m, RAMPART_CONN_A_STATE, 1, c->state);
	put_int(m, RAMPART_CONN_A_RULE, 4, c->rule);
	if (c->service && omit_type != RAMPART_CONN_A_SERVICE) {
		if (wrong_type == RAMPART_CONN_A_SERVICE)
			assert_int_equal(nla_put(m, RAMPART_CONN_A_SERVICE,
						 (int)strlen(c->service),
						 c->service), 0);
		else
			assert_int_equal(nla_put_string(m, RAMPART_CONN_A_SERVICE,
							c->service), 0);
	}
	put_int(m, RAMPART_CONN_A_TIMEOUT, 4, c->timeout);
	put_int(m, RAMPART_CONN_A_AGE, 4, c->age);
	put_int(m, RAMPART_CONN_A_PACKETS_ORIG, 8, c->pkts_orig);
	put_int(m, RAMPART_CONN_A_BYTES_ORIG, 8, c->bytes_orig);
	put_int(m, RAMPART_CONN_A_PACKETS_REPLY, 8, c->pkts_reply);
	put_int(m, RAMPART_CONN_A_BYTES_REPLY, 8, c->bytes_reply);
	nla_nest_end(m, n);
}

/* One dump message holding the given connections. */
static void serve(const struct conn_def *const *c, size_t n)
{
	struct nl_msg *m = new_reply(RAMPART_CMD_CONN_GET);
	size_t i;

	assert_true(kernel.nreplies < (int)N(kernel.replies));
	for (i = 0; i < n; i++)
		put_conn(m, c[i]);
	kernel.replies[kernel.nreplies++] = m;
}

static void serve_count(int count)
{
	struct nl_msg *m = new_reply(RAMPART_CMD_CONN_FLUSH);

	if (count >= 0)
		assert_int_equal(nla_put_u32(m, RAMPART_A_CONN_COUNT,
					     (uint32_t)count), 0);
	kernel.replies[kernel.nreplies++] = m;
}

static const char header[] =
	"ID  PROTO  SOURCE  DESTINATION  STATE  SERVICE  RULE  TIMEOUT"
	"  ORIG PKTS/BYTES  REPLY PKTS/BYTES\n";

/* ---- filters ---- */

static void test_no_filter(void **state)
{
	(void)state;
	check(run("conn", NULL), 0, header, "");
	assert_int_equal(kernel.calls, 1);
	assert_int_equal(kernel.cmd, RAMPART_CMD_CONN_GET);
	assert_true(kernel.dump);
	assert_null(kernel.filter);

	check(run("conn", "list", NULL), 0, header, "");
	assert_true(kernel.dump);
	assert_null(kernel.filter);
}

static uint8_t f_u8(int type)
{
	assert_non_null(kernel.f[type]);
	assert_int_equal(nla_len(kernel.f[type]), 1);
	return nla_get_u8(kernel.f[type]);
}

static void expect_addr(uint8_t family, const char *text)
{
	uint8_t want[16] = { 0 };

	assert_int_equal(inet_pton(family == 4 ? AF_INET : AF_INET6, text, want), 1);
	assert_int_equal(f_u8(RAMPART_CF_A_FAMILY), family);
	assert_non_null(kernel.f[RAMPART_CF_A_ADDR]);
	assert_int_equal(nla_len(kernel.f[RAMPART_CF_A_ADDR]), 16);
	assert_memory_equal(nla_data(kernel.f[RAMPART_CF_A_ADDR]), want, 16);
}

static void test_filter_host(void **state)
{
	(void)state;
	check(run("conn", "host", "10.0.1.2", NULL), 0, header, "");
	assert_non_null(kernel.filter);
	/* Generic netlink is strict: a nest must say it is one. */
	assert_true(kernel.filter->nla_type & NLA_F_NESTED);
	expect_addr(4, "10.0.1.2");
	assert_null(kernel.f[RAMPART_CF_A_PREFIX_LEN]);	/* the kernel: all bits */
	assert_null(kernel.f[RAMPART_CF_A_PORT]);
	assert_null(kernel.f[RAMPART_CF_A_PROTO]);
	assert_null(kernel.f[RAMPART_CF_A_SERVICE]);
	assert_null(kernel.f[RAMPART_CF_A_STATE]);

	check(run("conn", "host", "10.0.1.0/24", NULL), 0, header, "");
	expect_addr(4, "10.0.1.0");
	assert_int_equal(f_u8(RAMPART_CF_A_PREFIX_LEN), 24);

	check(run("conn", "host", "0.0.0.0/0", NULL), 0, header, "");
	assert_int_equal(f_u8(RAMPART_CF_A_PREFIX_LEN), 0);

	check(run("conn", "host", "fd00:2::2", NULL), 0, header, "");
	expect_addr(6, "fd00:2::2");
	assert_null(kernel.f[RAMPART_CF_A_PREFIX_LEN]);

	check(run("conn", "host", "fd00::/16", NULL), 0, header, "");
	expect_addr(6, "fd00::");
	assert_int_equal(f_u8(RAMPART_CF_A_PREFIX_LEN), 16);

	check(run("conn", "host", "::ffff:10.0.0.1/128", NULL), 0, header, "");
	expect_addr(6, "::ffff:10.0.0.1");
	assert_int_equal(f_u8(RAMPART_CF_A_PREFIX_LEN), 128);
}

static void test_filter_port_proto_service_state(void **state)
{
	static const struct {
		const char *word;
		uint8_t proto;
	} protos[] = {
		{ "tcp", 6 }, { "udp", 17 }, { "icmp", 1 }, { "icmpv6", 58 },
		{ "TCP", 6 }, { "IcmpV6", 58 },
	};
	static const struct {
		const char *word;
		uint8_t state;
	} states[] = {
		{ "SYN_SENT", RAMPART_CONN_SYN_SENT },
		{ "syn_recv", RAMPART_CONN_SYN_RECV },
		{ "ESTABLISHED", RAMPART_CONN_ESTABLISHED },
		{ "established", RAMPART_CONN_ESTABLISHED },
		{ "Fin_Wait", RAMPART_CONN_FIN_WAIT },
		{ "CLOSING", RAMPART_CONN_CLOSING },
		{ "time_wait", RAMPART_CONN_TIME_WAIT },
		{ "CLOSED", RAMPART_CONN_CLOSED },
		{ "udp", RAMPART_CONN_UDP },
		{ "ICMP", RAMPART_CONN_ICMP },
	};
	size_t i;

	(void)state;
	check(run("conn", "port", "587", NULL), 0, header, "");
	assert_int_equal(nla_len(kernel.f[RAMPART_CF_A_PORT]), 2);
	assert_int_equal(nla_get_u16(kernel.f[RAMPART_CF_A_PORT]), 587);
	assert_null(kernel.f[RAMPART_CF_A_FAMILY]);
	check(run("conn", "port", "0", NULL), 0, header, "");
	assert_int_equal(nla_get_u16(kernel.f[RAMPART_CF_A_PORT]), 0);
	check(run("conn", "port", "65535", NULL), 0, header, "");
	assert_int_equal(nla_get_u16(kernel.f[RAMPART_CF_A_PORT]), 65535);

	for (i = 0; i < N(protos); i++) {
		check(run("conn", "proto", protos[i].word, NULL), 0, header, "");
		assert_int_equal(f_u8(RAMPART_CF_A_PROTO), protos[i].proto);
	}
	for (i = 0; i < N(states); i++) {
		check(run("conn", "state", states[i].word, NULL), 0, header, "");
		assert_int_equal(f_u8(RAMPART_CF_A_STATE), states[i].state);
	}

	check(run("conn", "service", "submission", NULL), 0, header, "");
	assert_string_equal(nla_data(kernel.f[RAMPART_CF_A_SERVICE]), "submission");
	/* Names are the policy's: kept as written. */
	check(run("conn", "service", "Mail-In", NULL), 0, header, "");
	assert_string_equal(nla_data(kernel.f[RAMPART_CF_A_SERVICE]), "Mail-In");
}

static void test_filter_family_options(void **state)
{
	(void)state;
	check(run("conn", "-4", NULL), 0, header, "");
	assert_int_equal(f_u8(RAMPART_CF_A_FAMILY), 4);
	assert_null(kernel.f[RAMPART_CF_A_ADDR]);
	check(run("conn", "--ipv6", NULL), 0, header, "");
	assert_int_equal(f_u8(RAMPART_CF_A_FAMILY), 6);
	check(run("conn", "-6", "host", "fd00:1::2", NULL), 0, header, "");
	expect_addr(6, "fd00:1::2");
	check(run("conn", "host", "10.0.2.2", "-4", NULL), 0, header, "");
	expect_addr(4, "10.0.2.2");
	/* With --json, grouped. */
	check(run("conn", "-j4", NULL), 0, "{\n  \"connections\": []\n}\n", "");
	assert_int_equal(f_u8(RAMPART_CF_A_FAMILY), 4);
}

static void test_filter_all_words(void **state)
{
	(void)state;
	check(run("conn", "list", "state", "ESTABLISHED", "service", "submission",
		  "proto", "tcp", "port", "587", "host", "10.0.2.0/24", "-4", NULL),
	      0, header, "");
	expect_addr(4, "10.0.2.0");
	assert_int_equal(f_u8(RAMPART_CF_A_PREFIX_LEN), 24);
	assert_int_equal(nla_get_u16(kernel.f[RAMPART_CF_A_PORT]), 587);
	assert_int_equal(f_u8(RAMPART_CF_A_PROTO), 6);
	assert_string_equal(nla_data(kernel.f[RAMPART_CF_A_SERVICE]), "submission");
	assert_int_equal(f_u8(RAMPART_CF_A_STATE), RAMPART_CONN_ESTABLISHED);
}

struct bad_words {
	const char *words[6];
	const char *msg;
};

static void test_filter_bad_words(void **state)
{
	static const struct bad_words cases[] = {
		{ { "foo" }, "unknown filter word `foo'" },
		{ { "port", "25", "flush" }, "unknown filter word `flush'" },
		{ { "list", "list" }, "unknown filter word `list'" },
		{ { "HOST", "10.0.0.1" }, "unknown filter word `HOST'" },
		{ { "host" }, "missing address after `host'" },
		{ { "port" }, "missing port after `port'" },
		{ { "proto" }, "missing protocol after `proto'" },
		{ { "service" }, "missing service name after `service'" },
		{ { "flush", "state" }, "missing state after `state'" },
		{ { "host", "10.0.0.256" }, "invalid address `10.0.0.256'" },
		{ { "host", "fd00::g" }, "invalid address `fd00::g'" },
		{ { "host", "mail.example.org" }, "invalid address `mail.example.org'" },
		{ { "host", "" }, "invalid address `'" },
		{ { "host", "/24" }, "invalid address `/24'" },
		{ { "host", "10.0.0.0/33" }, "invalid prefix length `10.0.0.0/33'" },
		{ { "host", "10.0.0.0/" }, "invalid prefix length `10.0.0.0/'" },
		{ { "host", "10.0.0.0/+8" }, "invalid prefix length `10.0.0.0/+8'" },
		{ { "host", "10.0.0.0/8x" }, "invalid prefix length `10.0.0.0/8x'" },
		{ { "host", "fd00::/129" }, "invalid prefix length `fd00::/129'" },
		{ { "host", "fd00::/99999999999999999999" },
		  "invalid prefix length `fd00::/99999999999999999999'" },
		{ { "port", "65536" }, "invalid port `65536'" },
		{ { "port", "smtp" }, "invalid port `smtp'" },
		{ { "port", "25x" }, "invalid port `25x'" },
		{ { "port", "+25" }, "invalid port `+25'" },
		{ { "port", "" }, "invalid port `'" },
		{ { "port", "-1" }, "unknown option `-1'" },
		{ { "proto", "sctp" }, "unknown protocol `sctp'" },
		{ { "proto", "6" }, "unknown protocol `6'" },
		{ { "service", "" }, "invalid service name `'" },
		{ { "service",
		    "a234567890123456789012345678901234567890123456789012345678901234" },
		  "invalid service name `a234567890123456789012345678901234567890123456789012345678901234'" },
		{ { "state", "open" }, "unknown state `open'" },
		{ { "state", "NONE" }, "unknown state `NONE'" },
		{ { "port", "25", "port", "26" }, "filter word given twice `port'" },
		{ { "host", "10.0.0.1", "host", "10.0.0.2" },
		  "filter word given twice `host'" },
		{ { "-4", "-6" }, "-4 and -6 exclude each other" },
		{ { "-4", "host", "fd00::1" }, "address is not IPv4 `fd00::1'" },
		{ { "-6", "host", "10.0.0.0/8" }, "address is not IPv6 `10.0.0.0/8'" },
		{ { "flush", "--json" }, "flush takes no option `--json'" },
		{ { "--verbose" }, "unknown option `--verbose'" },
		{ { "-x" }, "unknown option `-x'" },
	};
	size_t i, j;

	(void)state;
	for (i = 0; i < N(cases); i++) {
		const char *w[6] = { NULL };
		char want[256];
		struct result r;

		for (j = 0; j < N(w) && cases[i].words[j]; j++)
			w[j] = cases[i].words[j];
		r = run("conn", w[0], w[1], w[2], w[3], w[4], w[5], NULL);
		snprintf(want, sizeof(want), "fwadm: conn: %s (see fwadm help conn)\n",
			 cases[i].msg);
		assert_string_equal(r.err, want);
		assert_string_equal(r.out, "");
		assert_int_equal(r.rc, FWADM_EXIT_USAGE);
		free(r.out);
		free(r.err);
	}
	assert_int_equal(kernel.calls, 0);
}

/* More words than any filter has. */
static void test_too_many_words(void **state)
{
	struct result r;

	(void)state;
	r = run("conn", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11",
		"12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22",
		"23", "24", "25", "26", "27", "28", "29", "30", "31", "32", "33",
		NULL);
	assert_int_equal(r.rc, FWADM_EXIT_USAGE);
	assert_string_equal(r.err,
			    "fwadm: conn: unexpected argument `33' (see fwadm help conn)\n");
	free(r.out);
	free(r.err);
	assert_int_equal(kernel.calls, 0);
}

/* ---- listing ---- */

static void test_list_sorted_by_id(void **state)
{
	const struct conn_def *first[] = { &c_submission, &c_ping };
	const struct conn_def *second[] = { &c_smtp6 };

	(void)state;
	/* Two dump messages; the kernel's order is the hash's. */
	serve(first, N(first));
	serve(second, N(second));
	check(run("conn", NULL), 0,
"ID  PROTO  SOURCE             DESTINATION     STATE        SERVICE     RULE  TIMEOUT  ORIG PKTS/BYTES  REPLY PKTS/BYTES\n"
" 3  tcp    [fd00:1::2]:50000  [fd00:2::2]:25  SYN_SENT     smtp           2      25s             1/80               0/0\n"
" 7  tcp    10.0.1.2:45678     10.0.2.2:587    ESTABLISHED  submission     1    7187s          12/1840           10/2310\n"
"12  icmp   10.0.1.2:4242      10.0.2.2:4242   ICMP         -              -      29s             1/84              1/84\n",
	      "");
}

static void test_list_json(void **state)
{
	const struct conn_def *all[] = { &c_ping, &c_smtp6, &c_submission };

	(void)state;
	serve(all, N(all));
	check(run("conn", "--json", NULL), 0,
"{\n"
"  \"connections\": [\n"
"    {\"id\": 3, \"family\": 6, \"proto\": \"tcp\", \"source\": \"fd00:1::2\", \"sport\": 50000, \"destination\": \"fd00:2::2\", \"dport\": 25, \"state\": \"SYN_SENT\", \"service\": \"smtp\", \"rule\": 2, \"timeout\": 25, \"age\": 0, \"packets_orig\": 1, \"bytes_orig\": 80, \"packets_reply\": 0, \"bytes_reply\": 0},\n"
"    {\"id\": 7, \"family\": 4, \"proto\": \"tcp\", \"source\": \"10.0.1.2\", \"sport\": 45678, \"destination\": \"10.0.2.2\", \"dport\": 587, \"state\": \"ESTABLISHED\", \"service\": \"submission\", \"rule\": 1, \"timeout\": 7187, \"age\": 13, \"packets_orig\": 12, \"bytes_orig\": 1840, \"packets_reply\": 10, \"bytes_reply\": 2310},\n"
"    {\"id\": 12, \"family\": 4, \"proto\": \"icmp\", \"source\": \"10.0.1.2\", \"sport\": 4242, \"destination\": \"10.0.2.2\", \"dport\": 4242, \"state\": \"ICMP\", \"service\": null, \"rule\": 0, \"timeout\": 29, \"age\": 1, \"packets_orig\": 1, \"bytes_orig\": 84, \"packets_reply\": 1, \"bytes_reply\": 84}\n"
"  ]\n"
"}\n", "");
}

/* Attributes this fwadm does not know are skipped, in and around a conn. */
static void test_list_ignores_unknown_attributes(void **state)
{
	struct nl_msg *m = new_reply(RAMPART_CMD_CONN_GET);
	const struct conn_def *one[] = { &c_ping };

	(void)state;
	assert_int_equal(nla_put_u32(m, 60, 1), 0);
	put_conn(m, &c_submission);
	kernel.replies[kernel.nreplies++] = m;
	serve(one, 1);
	/* A message with no connection in it is no error either. */
	serve(NULL, 0);
	check(run("conn", NULL), 0,
"ID  PROTO  SOURCE          DESTINATION    STATE        SERVICE     RULE  TIMEOUT  ORIG PKTS/BYTES  REPLY PKTS/BYTES\n"
" 7  tcp    10.0.1.2:45678  10.0.2.2:587   ESTABLISHED  submission     1    7187s          12/1840           10/2310\n"
"12  icmp   10.0.1.2:4242   10.0.2.2:4242  ICMP         -              -      29s             1/84              1/84\n",
	      "");
}

struct bad_conn {
	int omit, wrong;
	const char *msg;
};

static void test_list_malformed(void **state)
{
	static const struct bad_conn cases[] = {
		{ RAMPART_CONN_A_ID, 0, "RAMPART_A_CONN #2: RAMPART_CONN_A_ID missing" },
		{ RAMPART_CONN_A_DPORT, 0,
		  "RAMPART_A_CONN #2: RAMPART_CONN_A_DPORT missing" },
		{ RAMPART_CONN_A_BYTES_REPLY, 0,
		  "RAMPART_A_CONN #2: RAMPART_CONN_A_BYTES_REPLY missing" },
		{ 0, RAMPART_CONN_A_SRC,
		  "RAMPART_A_CONN #2: RAMPART_CONN_A_SRC is not a 16-byte address (4 bytes)" },
		{ 0, RAMPART_CONN_A_SPORT,
		  "RAMPART_A_CONN #2: RAMPART_CONN_A_SPORT is not a u16 (4 bytes)" },
		{ 0, RAMPART_CONN_A_TIMEOUT,
		  "RAMPART_A_CONN #2: RAMPART_CONN_A_TIMEOUT is not a u32 (8 bytes)" },
		{ 0, RAMPART_CONN_A_SERVICE,
		  "RAMPART_A_CONN #2: RAMPART_CONN_A_SERVICE is not a NUL-terminated string (4 bytes)" },
	};
	const struct conn_def *good[] = { &c_submission };
	struct conn_def odd = c_smtp6;
	const struct conn_def *bad[] = { &odd };
	size_t i;

	(void)state;
	odd.service = "smtp";
	for (i = 0; i < N(cases); i++) {
		char want[256];

		omit_type = wrong_type = 0;
		serve(good, 1);
		omit_type = cases[i].omit;
		wrong_type = cases[i].wrong;
		serve(bad, 1);
		omit_type = wrong_type = 0;
		snprintf(want, sizeof(want),
			 "fwadm: conn: malformed reply from rampart.ko: %s\n",
			 cases[i].msg);
		/* Nothing is printed from a dump that broke the contract. */
		check(run("conn", NULL), 1, "", want);
		teardown(state);
		reset(state);
	}

	odd.family = 5;
	odd.src = "10.0.1.2";
	odd.dst = "10.0.2.2";
	serve(bad, 1);
	check(run("conn", NULL), 1, "",
	      "fwadm: conn: malformed reply from rampart.ko: RAMPART_A_CONN #1: RAMPART_CONN_A_FAMILY 5 is not 4 or 6\n");
}

/* ---- errors and flush ---- */

static void test_kernel_refuses(void **state)
{
	(void)state;
	kernel.fail = FWADM_E_KERNEL;
	kernel.code = EINVAL;
	kernel.extack = "filter prefix length above 32 for IPv4";
	check(run("conn", "host", "10.0.0.0/8", NULL), 1, "",
	      "fwadm: conn: filter prefix length above 32 for IPv4\n");
	check(run("conn", "flush", "host", "10.0.0.0/8", NULL), 1, "",
	      "fwadm: conn: filter prefix length above 32 for IPv4\n");
	kernel.code = EPERM;
	kernel.extack = NULL;
	check(run("conn", NULL), 1, "",
	      "fwadm: permission denied: fwadm needs CAP_NET_ADMIN\n");
	check(run("conn", "flush", NULL), 1, "",
	      "fwadm: permission denied: fwadm needs CAP_NET_ADMIN\n");
	kernel.fail = FWADM_E_NOT_LOADED;
	kernel.code = ENOENT;
	check(run("conn", NULL), 1, "",
	      "fwadm: rampart is not loaded (insmod rampart.ko)\n");
}

static void test_flush(void **state)
{
	(void)state;
	serve_count(0);
	check(run("conn", "flush", NULL), 0, "0 connections removed\n", "");
	assert_int_equal(kernel.cmd, RAMPART_CMD_CONN_FLUSH);
	assert_false(kernel.dump);
	assert_null(kernel.filter);
	teardown(state);
	reset(state);

	serve_count(1);
	check(run("conn", "flush", "port", "587", "-4", NULL), 0,
	      "1 connection removed\n", "");
	assert_false(kernel.dump);
	assert_int_equal(nla_get_u16(kernel.f[RAMPART_CF_A_PORT]), 587);
	assert_int_equal(f_u8(RAMPART_CF_A_FAMILY), 4);
	teardown(state);
	reset(state);

	serve_count(262144);
	check(run("conn", "flush", "state", "syn_sent", NULL), 0,
	      "262144 connections removed\n", "");
	assert_int_equal(f_u8(RAMPART_CF_A_STATE), RAMPART_CONN_SYN_SENT);
}

static void test_flush_malformed(void **state)
{
	(void)state;
	serve_count(-1);
	check(run("conn", "flush", NULL), 1, "",
	      "fwadm: conn: malformed reply from rampart.ko: reply: RAMPART_A_CONN_COUNT missing\n");
	teardown(state);
	reset(state);

	check(run("conn", "flush", NULL), 1, "",
	      "fwadm: conn: malformed reply from rampart.ko: no reply, only an ack\n");

	serve_count(1);
	serve_count(2);
	check(run("conn", "flush", NULL), 1, "",
	      "fwadm: conn: malformed reply from rampart.ko: more than one reply\n");
}

/* One connection per command, one request on it, closed after. */
static void test_one_connection(void **state)
{
	(void)state;
	check(run("conn", NULL), 0, header, "");
	assert_int_equal(kernel.opens, 1);
	assert_int_equal(kernel.calls, 1);
	serve_count(2);
	check(run("conn", "flush", NULL), 0, "2 connections removed\n", "");
	assert_int_equal(kernel.opens, 2);
	assert_int_equal(kernel.calls, 2);
	kernel.fail = FWADM_E_KERNEL;
	kernel.code = EINVAL;
	check(run("conn", "port", "25", NULL), 1, "",
	      "fwadm: conn: Invalid argument\n");
	assert_int_equal(kernel.opens, 3);
	/* No module: nothing to send on. */
	kernel.fail = FWADM_E_NOT_LOADED;
	kernel.code = ENOENT;
	check(run("conn", "flush", NULL), 1, "",
	      "fwadm: rampart is not loaded (insmod rampart.ko)\n");
	assert_int_equal(kernel.opens, 3);
	assert_int_equal(kernel.calls, 3);
}

static void test_help(void **state)
{
	static const char usage[] =
		"Usage: fwadm conn [list] [FILTER...] [--json]\n"
		"       fwadm conn flush [FILTER...]\n\n";
	struct result r = run("conn", "--help", NULL);

	(void)state;
	assert_int_equal(r.rc, 0);
	assert_memory_equal(r.out, usage, strlen(usage));
	assert_non_null(strstr(r.out, "  host ADDR[/LEN]"));
	assert_non_null(strstr(r.out, "TIME_WAIT"));
	free(r.out);
	free(r.err);
	assert_int_equal(kernel.calls, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_no_filter, reset, teardown),
		cmocka_unit_test_setup_teardown(test_filter_host, reset, teardown),
		cmocka_unit_test_setup_teardown(test_filter_port_proto_service_state,
						reset, teardown),
		cmocka_unit_test_setup_teardown(test_filter_family_options, reset,
						teardown),
		cmocka_unit_test_setup_teardown(test_filter_all_words, reset, teardown),
		cmocka_unit_test_setup_teardown(test_filter_bad_words, reset, teardown),
		cmocka_unit_test_setup_teardown(test_too_many_words, reset, teardown),
		cmocka_unit_test_setup_teardown(test_list_sorted_by_id, reset, teardown),
		cmocka_unit_test_setup_teardown(test_list_json, reset, teardown),
		cmocka_unit_test_setup_teardown(test_list_ignores_unknown_attributes,
						reset, teardown),
		cmocka_unit_test_setup_teardown(test_list_malformed, reset, teardown),
		cmocka_unit_test_setup_teardown(test_kernel_refuses, reset, teardown),
		cmocka_unit_test_setup_teardown(test_flush, reset, teardown),
		cmocka_unit_test_setup_teardown(test_flush_malformed, reset, teardown),
		cmocka_unit_test_setup_teardown(test_one_connection, reset, teardown),
		cmocka_unit_test_setup_teardown(test_help, reset, teardown),
	};

	return cmocka_run_group_tests_name("fwadm conn", tests, NULL, NULL);
}
