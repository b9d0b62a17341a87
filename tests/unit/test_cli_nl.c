// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink error handling: the extended ack message taken out of hand-built
 * NLMSG_ERROR and NLMSG_DONE messages, the nl_cb_err handler, the error a
 * dump ends with, requests as fwadm_nl_message() makes them, and how
 * errors are worded.
 */
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
#include <netlink/handlers.h>
#include <netlink/msg.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/rampart.h>

#include "nl.h"

/* A message under construction; memcpy only, so no alignment concerns. */
struct mbuf {
	unsigned char data[1024];
	size_t len;
};

static void put(struct mbuf *b, const void *p, size_t n)
{
	assert_true(b->len + n <= sizeof(b->data));
	memcpy(b->data + b->len, p, n);
	b->len += n;
}

static void pad4(struct mbuf *b)
{
	static const unsigned char zero[4];

	put(b, zero, (4 - b->len % 4) % 4);
}

static void put_attr(struct mbuf *b, uint16_t type, const void *p, size_t n)
{
	struct nlattr a = { .nla_len = (uint16_t)(NLA_HDRLEN + n),
			    .nla_type = type };

	put(b, &a, sizeof(a));
	put(b, p, n);
	pad4(b);
}

static void put_str_attr(struct mbuf *b, uint16_t type, const char *s)
{
	put_attr(b, type, s, strlen(s) + 1);
}

/* The request the kernel answers: a generic netlink START, 20 bytes. */
static struct nlmsghdr request_hdr(void)
{
	struct nlmsghdr h = {
		.nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN,
		.nlmsg_type = 0x1c,
		.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
		.nlmsg_seq = 42,
		.nlmsg_pid = 0,
	};
	return h;
}

/*
 * Start an NLMSG_ERROR for error. When capped is false the request is
 * echoed (header in struct nlmsgerr, payload after it).
 */
static void begin_error(struct mbuf *b, int error, uint16_t flags, bool capped)
{
	struct nlmsghdr h = {
		.nlmsg_type = NLMSG_ERROR,
		.nlmsg_flags = (uint16_t)(flags | (capped ? NLM_F_CAPPED : 0)),
		.nlmsg_seq = 42,
	};
	struct nlmsgerr e = { .error = error, .msg = request_hdr() };
	struct genlmsghdr g = { .cmd = RAMPART_CMD_START, .version = 1 };

	b->len = 0;
	put(b, &h, sizeof(h));
	put(b, &e, sizeof(e));
	if (!capped)
		put(b, &g, sizeof(g));
}

/* Set nlmsg_len and copy into a buffer of exactly that size (for ASan). */
static struct nlmsghdr *finish(struct mbuf *b)
{
	struct nlmsghdr *nlh = malloc(b->len);
	uint32_t len = (uint32_t)b->len;

	assert_non_null(nlh);
	memcpy(b->data, &len, sizeof(len));
	memcpy(nlh, b->data, b->len);
	return nlh;
}

static const char already[] = "firewall already started in this namespace";

static void test_extack_capped(void **state)
{
	struct mbuf b;
	struct nlmsghdr *nlh;
	char buf[128];

	(void)state;
	begin_error(&b, -EALREADY, NLM_F_ACK_TLVS, true);
	put_str_attr(&b, NLMSGERR_ATTR_MSG, already);
	nlh = finish(&b);
	assert_int_equal(fwadm_nl_extack(nlh, buf, sizeof(buf)), 1);
	assert_string_equal(buf, already);
	free(nlh);
}

static void test_extack_after_echoed_request(void **state)
{
	struct mbuf b;
	struct nlmsghdr *nlh;
	char buf[128];
	uint32_t offs = 20;

	(void)state;
	begin_error(&b, -EALREADY, NLM_F_ACK_TLVS, false);
	/* Another attribute first: the message is found wherever it is. */
	put_attr(&b, NLMSGERR_ATTR_OFFS, &offs, sizeof(offs));
	put_str_attr(&b, NLMSGERR_ATTR_MSG, already);
	nlh = finish(&b);
	assert_int_equal(fwadm_nl_extack(nlh, buf, sizeof(buf)), 1);
	assert_string_equal(buf, already);
	free(nlh);
}

static void test_extack_absent(void **state)
{
	struct mbuf b;
	struct nlmsghdr *nlh;
	char buf[64] = "garbage";
	uint32_t offs = 20;

	(void)state;
	/* No NLM_F_ACK_TLVS: whatever follows is not looked at. */
	begin_error(&b, -ENOENT, 0, true);
	put_str_attr(&b, NLMSGERR_ATTR_MSG, "ignored");
	nlh = finish(&b);
	assert_int_equal(fwadm_nl_extack(nlh, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	free(nlh);

	/* TLVs, but no message among them. */
	begin_error(&b, -EINVAL, NLM_F_ACK_TLVS, true);
	put_attr(&b, NLMSGERR_ATTR_OFFS, &offs, sizeof(offs));
	nlh = finish(&b);
	strcpy(buf, "garbage");
	assert_int_equal(fwadm_nl_extack(nlh, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	free(nlh);

	/* TLVs announced, nothing there. */
	begin_error(&b, -EINVAL, NLM_F_ACK_TLVS, false);
	nlh = finish(&b);
	assert_int_equal(fwadm_nl_extack(nlh, buf, sizeof(buf)), 0);
	free(nlh);

	/* Neither an error nor the end of a dump. */
	begin_error(&b, 0, NLM_F_ACK_TLVS, true);
	put_str_attr(&b, NLMSGERR_ATTR_MSG, "ignored");
	nlh = finish(&b);
	nlh->nlmsg_type = NLMSG_NOOP;
	assert_int_equal(fwadm_nl_extack(nlh, buf, sizeof(buf)), 0);
	nlh->nlmsg_type = 0x1c;
	assert_int_equal(fwadm_nl_extack(nlh, buf, sizeof(buf)), 0);
	free(nlh);
}

static void test_extack_malformed(void **state)
{
	struct mbuf b;
	struct nlmsghdr *nlh;
	char buf[64];
	struct nlattr a;

	(void)state;
	/* The message text lacks its NUL. */
	begin_error(&b, -EINVAL, NLM_F_ACK_TLVS, true);
	put_attr(&b, NLMSGERR_ATTR_MSG, "abcd", 4);
	nlh = finish(&b);
	assert_int_equal(fwadm_nl_extack(nlh, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	free(nlh);

	/* The attribute claims more bytes than the message has. */
	begin_error(&b, -EINVAL, NLM_F_ACK_TLVS, true);
	a.nla_len = 200;
	a.nla_type = NLMSGERR_ATTR_MSG;
	put(&b, &a, sizeof(a));
	put(&b, "abc", 4);
	nlh = finish(&b);
	assert_int_equal(fwadm_nl_extack(nlh, buf, sizeof(buf)), 0);
	free(nlh);

	/* An attribute shorter than its own header. */
	begin_error(&b, -EINVAL, NLM_F_ACK_TLVS, true);
	a.nla_len = 2;
	put(&b, &a, sizeof(a));
	nlh = finish(&b);
	assert_int_equal(fwadm_nl_extack(nlh, buf, sizeof(buf)), 0);
	free(nlh);

	/* The echoed request claims to be longer than the error message. */
	begin_error(&b, -EINVAL, NLM_F_ACK_TLVS, false);
	put_str_attr(&b, NLMSGERR_ATTR_MSG, "x");
	nlh = finish(&b);
	((struct nlmsgerr *)NLMSG_DATA(nlh))->msg.nlmsg_len = 4000;
	assert_int_equal(fwadm_nl_extack(nlh, buf, sizeof(buf)), 0);
	((struct nlmsgerr *)NLMSG_DATA(nlh))->msg.nlmsg_len = 3;
	assert_int_equal(fwadm_nl_extack(nlh, buf, sizeof(buf)), 0);
	free(nlh);

	/* Too short for a struct nlmsgerr. */
	begin_error(&b, -EINVAL, NLM_F_ACK_TLVS, true);
	b.len = NLMSG_HDRLEN + 8;
	nlh = finish(&b);
	assert_int_equal(fwadm_nl_extack(nlh, buf, sizeof(buf)), 0);
	free(nlh);

	/* Trailing bytes too few for an attribute header are ignored. */
	begin_error(&b, -EINVAL, NLM_F_ACK_TLVS, true);
	put_str_attr(&b, NLMSGERR_ATTR_MSG, "found");
	put(&b, "\1\2", 2);
	nlh = finish(&b);
	assert_int_equal(fwadm_nl_extack(nlh, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "found");
	free(nlh);
}

static void test_extack_truncated_to_buffer(void **state)
{
	struct mbuf b;
	struct nlmsghdr *nlh;
	char buf[8];

	(void)state;
	begin_error(&b, -EALREADY, NLM_F_ACK_TLVS, true);
	put_str_attr(&b, NLMSGERR_ATTR_MSG, already);
	nlh = finish(&b);
	assert_int_equal(fwadm_nl_extack(nlh, buf, sizeof(buf)), 1);
	assert_string_equal(buf, "firewal");
	free(nlh);
}

/* The nl_cb_err handler: errno and extack into a struct fwadm_err. */
static void test_error_handler(void **state)
{
	struct mbuf b;
	struct nlmsghdr *nlh;
	struct fwadm_err err;

	(void)state;
	begin_error(&b, -EALREADY, NLM_F_ACK_TLVS, false);
	put_str_attr(&b, NLMSGERR_ATTR_MSG, already);
	nlh = finish(&b);
	fwadm_err_clear(&err);
	assert_int_equal(fwadm_nl_error_handler(NULL, NLMSG_DATA(nlh), &err),
			 NL_STOP);
	assert_int_equal(err.kind, FWADM_E_KERNEL);
	assert_int_equal(err.code, EALREADY);
	assert_string_equal(err.msg, already);
	free(nlh);

	/* Without an extack the message stays empty. */
	begin_error(&b, -ENOENT, 0, true);
	nlh = finish(&b);
	fwadm_err_set(&err, FWADM_E_NONE, 0, "stale");
	assert_int_equal(fwadm_nl_error_handler(NULL, NLMSG_DATA(nlh), &err),
			 NL_STOP);
	assert_int_equal(err.kind, FWADM_E_KERNEL);
	assert_int_equal(err.code, ENOENT);
	assert_string_equal(err.msg, "");
	free(nlh);
}

/* The NLMSG_DONE that ends a dump with error (0: success). */
static void begin_done(struct mbuf *b, int error, uint16_t flags)
{
	struct nlmsghdr h = {
		.nlmsg_type = NLMSG_DONE,
		.nlmsg_flags = (uint16_t)(NLM_F_MULTI | flags),
		.nlmsg_seq = 42,
	};

	b->len = 0;
	put(b, &h, sizeof(h));
	put(b, &error, sizeof(error));
}

static const char no_policy[] = "no policy is installed";

static void test_dump_error(void **state)
{
	struct mbuf b;
	struct nlmsghdr *nlh;
	struct fwadm_err err;
	char buf[64];

	(void)state;
	/* The dump refused at its start: errno and extack after it. */
	begin_done(&b, -ENOENT, NLM_F_ACK_TLVS);
	put_str_attr(&b, NLMSGERR_ATTR_MSG, no_policy);
	nlh = finish(&b);
	assert_int_equal(fwadm_nl_extack(nlh, buf, sizeof(buf)), 1);
	assert_string_equal(buf, no_policy);
	fwadm_err_clear(&err);
	assert_int_equal(fwadm_nl_dump_error(nlh, &err), ENOENT);
	assert_int_equal(err.kind, FWADM_E_KERNEL);
	assert_int_equal(err.code, ENOENT);
	assert_string_equal(err.msg, no_policy);
	free(nlh);

	/* Without the TLV flag the attribute is not looked at. */
	begin_done(&b, -EMSGSIZE, 0);
	put_str_attr(&b, NLMSGERR_ATTR_MSG, "ignored");
	nlh = finish(&b);
	fwadm_err_clear(&err);
	assert_int_equal(fwadm_nl_dump_error(nlh, &err), EMSGSIZE);
	assert_int_equal(err.code, EMSGSIZE);
	assert_string_equal(err.msg, "");
	free(nlh);

	/* A dump that ended well leaves err alone. */
	begin_done(&b, 0, 0);
	nlh = finish(&b);
	fwadm_err_clear(&err);
	assert_int_equal(fwadm_nl_dump_error(nlh, &err), 0);
	assert_int_equal(err.kind, FWADM_E_NONE);
	free(nlh);

	/* A bare NLMSG_DONE without an errno is a success. */
	begin_done(&b, 0, 0);
	b.len = NLMSG_HDRLEN;
	nlh = finish(&b);
	assert_int_equal(fwadm_nl_dump_error(nlh, &err), 0);
	assert_int_equal(err.kind, FWADM_E_NONE);
	free(nlh);

	/* TLVs announced on a DONE too short for its errno. */
	begin_done(&b, 0, NLM_F_ACK_TLVS);
	b.len = NLMSG_HDRLEN + 2;
	nlh = finish(&b);
	assert_int_equal(fwadm_nl_extack(nlh, buf, sizeof(buf)), 0);
	free(nlh);

	/* Not a DONE: no dump error, whatever it carries. */
	begin_error(&b, -EINVAL, 0, true);
	nlh = finish(&b);
	assert_int_equal(fwadm_nl_dump_error(nlh, &err), 0);
	assert_int_equal(err.kind, FWADM_E_NONE);
	free(nlh);

	/* An error without a message: what err held is not kept. */
	begin_done(&b, -ENOENT, 0);
	nlh = finish(&b);
	fwadm_err_set(&err, FWADM_E_NONE, 0, "stale");
	assert_int_equal(fwadm_nl_dump_error(nlh, &err), ENOENT);
	assert_int_equal(err.kind, FWADM_E_KERNEL);
	assert_int_equal(err.code, ENOENT);
	assert_string_equal(err.msg, "");
	free(nlh);

	/* Too short to hold the errno: the end, without an error. */
	begin_done(&b, -EINVAL, 0);
	b.len = NLMSG_HDRLEN + 2;
	nlh = finish(&b);
	fwadm_err_clear(&err);
	assert_int_equal(fwadm_nl_dump_error(nlh, &err), 0);
	assert_int_equal(err.kind, FWADM_E_NONE);
	assert_int_equal(fwadm_nl_extack(nlh, buf, sizeof(buf)), 0);
	free(nlh);

	/* A message attribute running past the end is not read. */
	begin_done(&b, -EINVAL, NLM_F_ACK_TLVS);
	put_str_attr(&b, NLMSGERR_ATTR_MSG, "filter prefix length above 32 for IPv4");
	b.len -= 8;
	nlh = finish(&b);
	assert_int_equal(fwadm_nl_dump_error(nlh, &err), EINVAL);
	assert_int_equal(err.code, EINVAL);
	assert_string_equal(err.msg, "");
	free(nlh);
}

/* Requests: flags, command and version; the size given bounds them. */
static void test_message(void **state)
{
	struct nl_msg *m;
	struct genlmsghdr *g;
	int i, r = 0;

	(void)state;
	m = fwadm_nl_message(RAMPART_CMD_POLICY_BEGIN, 0, 0);
	assert_non_null(m);
	assert_int_equal(nlmsg_hdr(m)->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	assert_int_equal(nlmsg_hdr(m)->nlmsg_len, NLMSG_HDRLEN + GENL_HDRLEN);
	g = nlmsg_data(nlmsg_hdr(m));
	assert_int_equal(g->cmd, RAMPART_CMD_POLICY_BEGIN);
	assert_int_equal(g->version, RAMPART_GENL_VERSION);
	nlmsg_free(m);

	/* A dump ends with NLMSG_DONE: no ack asked for. */
	m = fwadm_nl_message(RAMPART_CMD_POLICY_GET, NLM_F_DUMP, 0);
	assert_non_null(m);
	assert_int_equal(nlmsg_hdr(m)->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	nlmsg_free(m);

	m = fwadm_nl_message(RAMPART_CMD_POLICY_ADD, 0, 64);
	assert_non_null(m);
	for (i = 0; i < 64 && r == 0; i++)
		r = nla_put_u32(m, RAMPART_A_POLICY_TICKET, (uint32_t)i);
	assert_true(r < 0);
	/* 20 bytes of headers, then 5 attributes of 8 bytes fit in 64. */
	assert_int_equal(i - 1, 5);
	assert_int_equal(nlmsg_hdr(m)->nlmsg_len, 60);
	nlmsg_free(m);
}

static const char *format(enum fwadm_err_kind kind, int code, const char *msg,
			  const char *cmd)
{
	static char buf[512];
	struct fwadm_err err;

	if (msg)
		fwadm_err_set(&err, kind, code, "%s", msg);
	else
		fwadm_err_set(&err, kind, code, NULL);
	fwadm_err_format(&err, cmd, buf, sizeof(buf));
	return buf;
}

static void test_err_not_loaded(void **state)
{
	(void)state;
	assert_string_equal(format(FWADM_E_NOT_LOADED, ENOENT, NULL, "chain"),
			    "rampart is not loaded (insmod rampart.ko)");
	assert_string_equal(format(FWADM_E_NOT_LOADED, 0, NULL, NULL),
			    "rampart is not loaded (insmod rampart.ko)");
}

static void test_err_permission(void **state)
{
	(void)state;
	assert_string_equal(format(FWADM_E_KERNEL, EPERM, NULL, "stats"),
			    "permission denied: fwadm needs CAP_NET_ADMIN");
	assert_string_equal(format(FWADM_E_KERNEL, EACCES, NULL, "start"),
			    "permission denied: fwadm needs CAP_NET_ADMIN");
	/* Whatever the kernel adds, the cause is the capability. */
	assert_string_equal(format(FWADM_E_KERNEL, EPERM, "nope", "start"),
			    "permission denied: fwadm needs CAP_NET_ADMIN");
}

static void test_err_kernel(void **state)
{
	(void)state;
	/* The extack text when there is one ... */
	assert_string_equal(format(FWADM_E_KERNEL, EALREADY, already, "start"),
			    "start: firewall already started in this namespace");
	/* ... strerror otherwise. */
	assert_string_equal(format(FWADM_E_KERNEL, ENOENT, NULL, "stop"),
			    "stop: No such file or directory");
	assert_string_equal(format(FWADM_E_KERNEL, EINVAL, "", NULL),
			    "Invalid argument");
}

static void test_err_other_kinds(void **state)
{
	(void)state;
	assert_string_equal(format(FWADM_E_SYSTEM, 0,
				   "cannot send the request: Bad socket",
				   "chain"),
			    "chain: cannot send the request: Bad socket");
	assert_string_equal(format(FWADM_E_SYSTEM, ENOMEM, "out of memory",
				   "chain"),
			    "chain: out of memory: Cannot allocate memory");
	assert_string_equal(format(FWADM_E_SYSTEM, EBADF, NULL, "stop"),
			    "stop: Bad file descriptor");
	assert_string_equal(format(FWADM_E_REPLY, 0,
				   "reply: RAMPART_A_CHAIN missing", "chain"),
			    "chain: malformed reply from rampart.ko: reply: RAMPART_A_CHAIN missing");
	assert_string_equal(format(FWADM_E_DUMP_INTR, 0, NULL, "policy show"),
			    "policy show: the module's data changed while it was read; try again");
}

static void test_err_format_small_buffer(void **state)
{
	struct fwadm_err err;
	char buf[8];

	(void)state;
	fwadm_err_set(&err, FWADM_E_KERNEL, EALREADY, "%s", already);
	fwadm_err_format(&err, "start", buf, sizeof(buf));
	assert_string_equal(buf, "start: ");
	fwadm_err_format(&err, "start", buf, 1);
	assert_string_equal(buf, "");
}

static void test_err_set_truncates(void **state)
{
	struct fwadm_err err;
	char big[FWADM_ERR_MSG_MAX * 2];

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	fwadm_err_set(&err, FWADM_E_REPLY, 0, "%s", big);
	assert_int_equal(strlen(err.msg), FWADM_ERR_MSG_MAX - 1);
	fwadm_err_clear(&err);
	assert_int_equal(err.kind, FWADM_E_NONE);
	assert_int_equal(err.code, 0);
	assert_string_equal(err.msg, "");
}

/* fwadm_report: "fwadm: " and the worded error, after pending output. */
static void test_report(void **state)
{
	char *out = NULL, *errs = NULL;
	size_t outlen, errlen;
	struct fwadm_ctx ctx = { .cmd = "start" };
	struct fwadm_err err;

	(void)state;
	ctx.out = open_memstream(&out, &outlen);
	ctx.err = open_memstream(&errs, &errlen);
	assert_non_null(ctx.out);
	assert_non_null(ctx.err);
	fputs("partial result\n", ctx.out);
	fwadm_err_set(&err, FWADM_E_KERNEL, EALREADY, "%s", already);
	fwadm_report(&ctx, &err);
	/* The pending output was flushed before the error was written. */
	assert_int_equal(outlen, strlen("partial result\n"));
	fwadm_err_set(&err, FWADM_E_KERNEL, EPERM, NULL);
	fwadm_report(&ctx, &err);
	fwadm_err_set(&err, FWADM_E_NOT_LOADED, ENOENT, NULL);
	fwadm_report(&ctx, &err);
	fclose(ctx.out);
	fclose(ctx.err);
	assert_string_equal(out, "partial result\n");
	assert_string_equal(errs,
		"fwadm: start: firewall already started in this namespace\n"
		"fwadm: permission denied: fwadm needs CAP_NET_ADMIN\n"
		"fwadm: rampart is not loaded (insmod rampart.ko)\n");
	free(out);
	free(errs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_extack_capped),
		cmocka_unit_test(test_extack_after_echoed_request),
		cmocka_unit_test(test_extack_absent),
		cmocka_unit_test(test_extack_malformed),
		cmocka_unit_test(test_extack_truncated_to_buffer),
		cmocka_unit_test(test_error_handler),
		cmocka_unit_test(test_dump_error),
		cmocka_unit_test(test_message),
		cmocka_unit_test(test_err_not_loaded),
		cmocka_unit_test(test_err_permission),
		cmocka_unit_test(test_err_kernel),
		cmocka_unit_test(test_err_other_kinds),
		cmocka_unit_test(test_err_format_small_buffer),
		cmocka_unit_test(test_err_set_truncates),
		cmocka_unit_test(test_report),
	};

	return cmocka_run_group_tests_name("fwadm netlink errors", tests, NULL,
					   NULL);
}
