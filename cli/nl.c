// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink requests to rampart.ko: one socket per fwadm run, one
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
	/* Let libnl size its receive buffer to the largest reply. */
	nl_socket_enable_msg_peek(nl->sk);

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

int fwadm_nl_extack(const struct nlmsghdr *nlh, char *buf, size_t size)
{
	const struct nlmsgerr *e;
	const unsigned char *base = (const unsigned char *)nlh;
	size_t off, end;

	if (size)
		buf[0] = '\0';
	if ((nlh->nlmsg_type != NLMSG_ERROR && nlh->nlmsg_type != NLMSG_DONE) ||
	    !(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;
	end = nlh->nlmsg_len;
	/* A dump's NLMSG_DONE: the error, then the attributes. */
	off = NLMSG_HDRLEN + NLMSG_ALIGN(nlh->nlmsg_type == NLMSG_DONE ?
					 sizeof(int) : sizeof(*e));
	if (end < off)
		return 0;
	e = NLMSG_DATA(nlh);
	/* Unless capped, the request is echoed before the attributes. */
	if (nlh->nlmsg_type == NLMSG_ERROR && !(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		size_t echoed;

		if (e->msg.nlmsg_len < NLMSG_HDRLEN)
			return 0;
		echoed = NLMSG_ALIGN((size_t)e->msg.nlmsg_len - NLMSG_HDRLEN);
		if (echoed > end - off)
			return 0;
		off += echoed;
	}

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
	bool acked;
	bool failed;
};

static int valid_handler(struct nl_msg *msg, void *arg)
{
	struct request_state *st = arg;

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
	st->acked = true;
	return NL_STOP;
}

int fwadm_nl_done_error(const struct nlmsghdr *nlh, struct fwadm_err *err)
{
	int error = 0;

	if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(error))
		memcpy(&error, NLMSG_DATA(nlh), sizeof(error));
	if (error >= 0)
		return 0;
	err->kind = FWADM_E_KERNEL;
	err->code = -error;
	fwadm_nl_extack(nlh, err->msg, sizeof(err->msg));
	return -1;
}

/* The end of a dump: NLMSG_DONE, with the dump's error if it failed. */
static int finish_handler(struct nl_msg *msg, void *arg)
{
	struct request_state *st = arg;

	st->acked = true;
	fwadm_nl_done_error(nlmsg_hdr(msg), st->err);
	return NL_STOP;
}

int fwadm_nl_request(struct fwadm_nl *nl, uint8_t cmd, fwadm_reply_fn fn,
		     void *arg, struct fwadm_err *err)
{
	const struct fwadm_request req = { .cmd = cmd };

	return fwadm_nl_send_request(nl, &req, fn, arg, err);
}

int fwadm_nl_send_request(struct fwadm_nl *nl, const struct fwadm_request *req,
			  fwadm_reply_fn fn, void *arg, struct fwadm_err *err)
{
	struct request_state st = { .fn = fn, .arg = arg, .err = err };
	struct nl_msg *msg = NULL;
	struct nl_cb *cb = NULL;
	int ret = -1;
	int r;

	fwadm_err_clear(err);
	msg = nlmsg_alloc();
	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!msg || !cb) {
		fwadm_err_set(err, FWADM_E_SYSTEM, ENOMEM, "out of memory");
		goto out;
	}
	/* A dump is answered by its NLMSG_DONE; an ack is not sent. */
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			 NLM_F_REQUEST | (req->dump ? NLM_F_DUMP : NLM_F_ACK),
			 req->cmd, RAMPART_GENL_VERSION) ||
	    (req->put && req->put(msg, req->put_arg) < 0)) {
		fwadm_err_set(err, FWADM_E_SYSTEM, ENOMEM,
			      "cannot build the request");
		goto out;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_handler, &st);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_handler, &st);
	if (req->dump)
		nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, finish_handler, &st);
	nl_cb_err(cb, NL_CB_CUSTOM, fwadm_nl_error_handler, err);

	r = nl_send_auto(nl->sk, msg);
	if (r < 0) {
		fwadm_err_set(err, FWADM_E_SYSTEM, 0,
			      "cannot send the request: %s", nl_geterror(r));
		goto out;
	}
	while (!st.acked) {
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
	ret = 0;
out:
	if (cb)
		nl_cb_put(cb);
	if (msg)
		nlmsg_free(msg);
	return ret;
}

int fwadm_nl_transact_request(void *priv, const struct fwadm_request *req,
			      fwadm_reply_fn fn, void *arg,
			      struct fwadm_err *err)
{
	struct fwadm_nl *nl;
	int r;

	(void)priv;
	nl = fwadm_nl_open(err);
	if (!nl)
		return -1;
	r = fwadm_nl_send_request(nl, req, fn, arg, err);
	fwadm_nl_close(nl);
	return r;
}

int fwadm_nl_transact(void *priv, uint8_t cmd, fwadm_reply_fn fn, void *arg,
		      struct fwadm_err *err)
{
	const struct fwadm_request req = { .cmd = cmd };

	return fwadm_nl_transact_request(priv, &req, fn, arg, err);
}

const struct fwadm_transport fwadm_nl_transport = {
	.transact = fwadm_nl_transact,
	.request = fwadm_nl_transact_request,
};
