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
 * A request for cmd with NLM_F_REQUEST and, unless flags has NLM_F_DUMP,
 * NLM_F_ACK; flags adds to them. The family, port and sequence number are
 * filled in when it is sent. size: the largest the message may grow to
 * (0: a page). Add attributes with libnl's nla_put*(); release it with
 * nlmsg_free(). NULL when out of memory.
 */
struct nl_msg *fwadm_nl_message(uint8_t cmd, int flags, size_t size);

/*
 * Send req on nl, pass each reply message to fn (unless NULL) and wait
 * for the ack or, for a dump, for its end. A kernel error becomes FWADM_E_KERNEL with the
 * errno and the extack text; a dump marked NLM_F_DUMP_INTR is read to its
 * end (without passing the rest to fn) and becomes FWADM_E_DUMP_INTR.
 * Returns 0 or -1.
 */
int fwadm_nl_request(struct fwadm_nl *nl, struct nl_msg *req,
		     fwadm_reply_fn fn, void *arg, struct fwadm_err *err);

/* The netlink transport of struct fwadm_transport. */
extern const struct fwadm_transport fwadm_nl_transport;

/*
 * Copy the extended ack message (NLMSGERR_ATTR_MSG) of nlh, an NLMSG_ERROR
 * or NLMSG_DONE message whose nlmsg_len bytes are readable, into buf.
 * Returns 1 when there is one, else 0 with buf empty. Never reads outside
 * the message.
 */
int fwadm_nl_extack(const struct nlmsghdr *nlh, char *buf, size_t size);

/*
 * The error a dump ended with: the errno (positive) of the NLMSG_DONE
 * message nlh, 0 when the dump succeeded. With an error, err gets
 * FWADM_E_KERNEL, the errno and the extack text.
 */
int fwadm_nl_dump_error(const struct nlmsghdr *nlh, struct fwadm_err *err);

/*
 * The nl_cb_err handler: e points into an NLMSG_ERROR message (just after
 * its header); arg is a struct fwadm_err * that gets FWADM_E_KERNEL, the
 * errno and the extack text. Returns NL_STOP.
 */
int fwadm_nl_error_handler(struct sockaddr_nl *who, struct nlmsgerr *e,
			   void *arg);

#endif /* FWADM_NL_H */
