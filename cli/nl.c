// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink requests to rampart.ko: one socket per connection, one
 * request at a time, replies handed to a callback, errors turned into a
 * struct fwadm_err that keeps the kernel's extended ack message.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/netlink.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>

#include <linux/rampart.h>

#include "nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/*
 * What fwadm reads with one recvmsg(). The kernel sizes dump messages to
 * the largest read it has seen (up to 32 KiB less its overhead), so a
 * large read gives fewer, fuller messages and lets big items be dumped.
 */
#define RECV_BUF_SIZE 32768

struct fwadm_nl {
	struct nl_sock *sk;
	int family;
};

struct fwadm_nl *fwadm_nl_open(struct fwadm_err *err)
{
	struct fwadm_nl *nl;
	int one = 1;
	int r;

	nl = calloc(1, sizeof(*nl));
	if (!nl) {
		fwadm_err_set(err, FWADM_E_SYSTEM, ENOMEM, "out of memory");
		return NULL;
	}
	nl->sk = nl_socket_alloc();
	if (!nl->sk) {
		fwadm_err_set(err, FWADM_E_SYSTEM, ENOMEM,
			      "cannot allocate a netlink socket");
		goto fail;
	}
	r = genl_connect(nl->sk);
	if (r < 0) {
		fwadm_err_set(err, FWADM_E_SYSTEM, 0,
			      "cannot connect to generic netlink: %s",
			      nl_geterror(r));
		goto fail;
	}
	/*
	 * Ask for extended acks so refusals come with the kernel's reason.
	 * Kernels without them still work, with strerror() texts only.
	 */
	(void)setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK,
			 NETLINK_EXT_ACK, &one, sizeof(one));
	/* Refusals need not echo the request (up to tens of KiB). */
	(void)setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK,
			 NETLINK_CAP_ACK, &one, sizeof(one));
	/* Let libnl size its receive buffer to the largest reply. */
	nl_socket_enable_msg_peek(nl->sk);
	nl_socket_set_msg_buf_size(nl->sk, RECV_BUF_SIZE);
	/* Requests say themselves whether they want an ack (dumps do not). */
	nl_socket_disable_auto_ack(nl->sk);

	r = genl_ctrl_resolve(nl->sk, RAMPART_GENL_NAME);
	if (r == -NLE_OBJ_NOTFOUND) {
		fwadm_err_set(err, FWADM_E_NOT_LOADED, ENOENT, NULL);
		goto fail;
	}
	if (r < 0) {
		fwadm_err_set(err, FWADM_E_SYSTEM, 0,
			      "cannot look up generic netlink family %s: %s",
			      RAMPART_GENL_NAME, nl_geterror(r));
		goto fail;
	}
	nl->family = r;
	return nl;
fail:
	fwadm_nl_close(nl);
	return NULL;
}

void fwadm_nl_close(struct fwadm_nl *nl)
{
	if (!nl)
		return;
	if (nl->sk)
		nl_socket_free(nl->sk);
	free(nl);
}

/*
 * Where the attributes of an NLMSG_ERROR or NLMSG_DONE message start, or 0
 * when it has none (or is too short to say).
 */
static size_t ack_tlvs_offset(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e;
	size_t off, echoed;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;
	if (nlh->nlmsg_type == NLMSG_DONE) {
		off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(int));
		return nlh->nlmsg_len < off ? 0 : off;
	}
	if (nlh->nlmsg_type != NLMSG_ERROR)
		return 0;
	off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*e));
	if (nlh->nlmsg_len < off)
		return 0;
	e = NLMSG_DATA(nlh);
	/* Unless capped, the request is echoed before the attributes. */
	if (nlh->nlmsg_flags & NLM_F_CAPPED)
		return off;
	if (e->msg.nlmsg_len < NLMSG_HDRLEN)
		return 0;
	echoed = NLMSG_ALIGN((size_t)e->msg.nlmsg_len - NLMSG_HDRLEN);
	if (echoed > nlh->nlmsg_len - off)
		return 0;
	return off + echoed;
}

int fwadm_nl_extack(const struct nlmsghdr *nlh, char *buf, size_t size)
{
	const unsigned char *base = (const unsigned char *)nlh;
	size_t off, end;

	if (size)
		buf[0] = '\0';
	off = ack_tlvs_offset(nlh);
	if (!off)
		return 0;
	end = nlh->nlmsg_len;

	while (end - off >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)(base + off);
		size_t alen = a->nla_len;

		if (alen < NLA_HDRLEN || alen > end - off)
			return 0;
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG) {
			const char *s = (const char *)a + NLA_HDRLEN;
			size_t slen = alen - NLA_HDRLEN;
			size_t n = strnlen(s, slen);

			/* NLA_NUL_STRING: the terminator must be inside. */
			if (n == slen || size == 0)
				return 0;
			if (n >= size)
				n = size - 1;
			memcpy(buf, s, n);
			buf[n] = '\0';
			return n > 0;
		}
		if (NLA_ALIGN(alen) >= end - off)
			break;
		off += NLA_ALIGN(alen);
	}
	return 0;
}

int fwadm_nl_dump_error(const struct nlmsghdr *nlh, struct fwadm_err *err)
{
	int error;

	if (nlh->nlmsg_type != NLMSG_DONE ||
	    nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(error))
		return 0;	/* an old kernel's bare NLMSG_DONE: success */
	memcpy(&error, NLMSG_DATA(nlh), sizeof(error));
	if (error >= 0)
		return 0;
	err->kind = FWADM_E_KERNEL;
	err->code = -error;
	fwadm_nl_extack(nlh, err->msg, sizeof(err->msg));
	return -error;
}

int fwadm_nl_error_handler(struct sockaddr_nl *who, struct nlmsgerr *e,
			   void *arg)
{
	struct fwadm_err *err = arg;
	const struct nlmsghdr *nlh =
		(const struct nlmsghdr *)((const char *)e - NLMSG_HDRLEN);
	int code = e->error < 0 ? -e->error : e->error;

	(void)who;
	err->kind = FWADM_E_KERNEL;
	err->code = code;
	fwadm_nl_extack(nlh, err->msg, sizeof(err->msg));
	return NL_STOP;
}

struct request_state {
	fwadm_reply_fn fn;
	void *arg;
	struct fwadm_err *err;
	bool done;		/* acked, or the dump ended */
	bool failed;		/* fn refused a reply */
	bool interrupted;	/* the dump saw NLM_F_DUMP_INTR */
};

static int valid_handler(struct nl_msg *msg, void *arg)
{
	struct request_state *st = arg;

	/* What follows an interruption is read, not used. */
	if (st->interrupted || !st->fn)
		return NL_SKIP;
	if (st->fn(nlmsg_hdr(msg), st->arg, st->err) < 0) {
		st->failed = true;
		return NL_STOP;
	}
	return NL_OK;
}

static int ack_handler(struct nl_msg *msg, void *arg)
{
	struct request_state *st = arg;

	(void)msg;
	st->done = true;
	return NL_STOP;
}

static int finish_handler(struct nl_msg *msg, void *arg)
{
	struct request_state *st = arg;

	st->done = true;
	fwadm_nl_dump_error(nlmsg_hdr(msg), st->err);
	return NL_STOP;
}

/* Go on reading to the end of the dump, then report the interruption. */
static int dump_intr_handler(struct nl_msg *msg, void *arg)
{
	struct request_state *st = arg;

	(void)msg;
	st->interrupted = true;
	return NL_OK;
}

struct nl_msg *fwadm_nl_message(uint8_t cmd, int flags, size_t size)
{
	struct nl_msg *msg = size ? nlmsg_alloc_size(size) : nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!(flags & NLM_F_DUMP))
		flags |= NLM_F_ACK;
	/* Family 0 for now: only the open socket knows the family's id. */
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, 0, 0,
			 NLM_F_REQUEST | flags, cmd, RAMPART_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

int fwadm_nl_request(struct fwadm_nl *nl, struct nl_msg *req,
		     fwadm_reply_fn fn, void *arg, struct fwadm_err *err)
{
	struct request_state st = { .fn = fn, .arg = arg, .err = err };
	struct nl_cb *cb;
	int ret = -1;
	int r;

	fwadm_err_clear(err);
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		fwadm_err_set(err, FWADM_E_SYSTEM, ENOMEM, "out of memory");
		return -1;
	}
	nlmsg_hdr(req)->nlmsg_type = (uint16_t)nl->family;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_handler, &st);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_handler, &st);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, finish_handler, &st);
	nl_cb_set(cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, dump_intr_handler, &st);
	nl_cb_err(cb, NL_CB_CUSTOM, fwadm_nl_error_handler, err);

	r = nl_send_auto(nl->sk, req);
	if (r < 0) {
		fwadm_err_set(err, FWADM_E_SYSTEM, 0,
			      "cannot send the request: %s", nl_geterror(r));
		goto out;
	}
	while (!st.done) {
		r = nl_recvmsgs(nl->sk, cb);
		if (err->kind != FWADM_E_NONE)	/* kernel error or bad reply */
			goto out;
		if (st.failed) {
			fwadm_err_set(err, FWADM_E_REPLY, 0, "unreadable reply");
			goto out;
		}
		if (r < 0) {
			fwadm_err_set(err, FWADM_E_SYSTEM, 0,
				      "cannot receive the reply: %s",
				      nl_geterror(r));
			goto out;
		}
	}
	if (st.interrupted) {
		fwadm_err_set(err, FWADM_E_DUMP_INTR, 0, NULL);
		goto out;
	}
	ret = 0;
out:
	nl_cb_put(cb);
	return ret;
}

static void *nl_transport_open(void *priv, struct fwadm_err *err)
{
	(void)priv;
	return fwadm_nl_open(err);
}

static int nl_transport_request(void *conn, struct nl_msg *req,
				fwadm_reply_fn fn, void *arg,
				struct fwadm_err *err)
{
	return fwadm_nl_request(conn, req, fn, arg, err);
}

static void nl_transport_close(void *conn)
{
	fwadm_nl_close(conn);
}

const struct fwadm_transport fwadm_nl_transport = {
	.open = nl_transport_open,
	.request = nl_transport_request,
	.close = nl_transport_close,
};
