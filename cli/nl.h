/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Talking to rampart.ko over generic netlink (libnl-genl).
 */
#ifndef FWADM_NL_H
#define FWADM_NL_H

#include <stddef.h>
#include <stdint.h>

#include <linux/netlink.h>

#include "fwadm.h"

struct fwadm_nl;
struct sockaddr_nl;

/*
 * Connect to generic netlink with extended acks enabled and resolve the
 * "rampart" family. Returns NULL after filling err (FWADM_E_NOT_LOADED
 * when the family does not exist).
 */
struct fwadm_nl *fwadm_nl_open(struct fwadm_err *err);
void fwadm_nl_close(struct fwadm_nl *nl);

/*
 * Send request cmd (no attributes) with NLM_F_ACK, pass each reply message
 * to fn and wait for the ack. A kernel error becomes FWADM_E_KERNEL with
 * the errno and the extack text. Returns 0 or -1.
 */
int fwadm_nl_request(struct fwadm_nl *nl, uint8_t cmd, fwadm_reply_fn fn,
		     void *arg, struct fwadm_err *err);

/*
 * The same for a request with attributes (req->put) or a dump: a dump is
 * sent with NLM_F_DUMP and ends at NLMSG_DONE, whose error, when it has
 * one, becomes FWADM_E_KERNEL as an NLMSG_ERROR would.
 */
int fwadm_nl_send_request(struct fwadm_nl *nl, const struct fwadm_request *req,
			  fwadm_reply_fn fn, void *arg, struct fwadm_err *err);

/* Open, request, close: the transport of struct fwadm_transport. */
int fwadm_nl_transact(void *priv, uint8_t cmd, fwadm_reply_fn fn, void *arg,
		      struct fwadm_err *err);
int fwadm_nl_transact_request(void *priv, const struct fwadm_request *req,
			      fwadm_reply_fn fn, void *arg,
			      struct fwadm_err *err);
extern const struct fwadm_transport fwadm_nl_transport;

/*
 * Copy the extended ack message (NLMSGERR_ATTR_MSG) of the NLMSG_ERROR or
 * NLMSG_DONE message nlh, whose nlmsg_len bytes are readable, into buf.
 * Returns 1 when there is one, else 0 with buf empty. Never reads outside
 * the message.
 */
int fwadm_nl_extack(const struct nlmsghdr *nlh, char *buf, size_t size);

/*
 * The error a dump ended with: 0 when the NLMSG_DONE nlh (nlmsg_len bytes
 * readable) carries none, else -1 with err set to FWADM_E_KERNEL, the
 * errno and the extack text.
 */
int fwadm_nl_done_error(const struct nlmsghdr *nlh, struct fwadm_err *err);

/*
 * The nl_cb_err handler: e points into an NLMSG_ERROR message (just after
 * its header); arg is a struct fwadm_err * that gets FWADM_E_KERNEL, the
 * errno and the extack text. Returns NL_STOP.
 */
int fwadm_nl_error_handler(struct sockaddr_nl *who, struct nlmsgerr *e,
			   void *arg);

#endif /* FWADM_NL_H */
