/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A policy tree as the items of the install contract (linux/rampart.h):
 * written into POLICY_ADD messages, and read back from POLICY_GET replies
 * into a tree without places.
 *
 * The tree maps one to one onto the items: a setting that is set is an
 * attribute that is present, objects, services, smtp resources and rules
 * go in the order of their arrays, a rule list that is `any' is no names
 * on the wire, and address families are 4 and 6 there. Unlike the rest of
 * the policy language this file needs libnl (the fuzzer leaves it out).
 */
#ifndef FWADM_POLICY_NL_H
#define FWADM_POLICY_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fwadm.h"
#include "policy_ast.h"

/*
 * The largest POLICY_ADD message fwadm sends, headers included: far below
 * the 64 KiB of a netlink attribute. An item must fit in one message; the
 * kernel sends items back in dump messages of at most 32 KiB less its own
 * overhead, so an item that fits here can be shown again.
 */
#define POLICY_NL_MSG_MAX	(30 * 1024)

/* Gets each message the encoder fills; the message stays the encoder's. */
typedef int (*policy_nl_send_fn)(struct nl_msg *msg, void *arg,
				 struct fwadm_err *err);

/*
 * Write p, which policy_check() passed, as POLICY_ADD messages of ticket:
 * the settings (once, when any is set), then the objects, services, smtp
 * resources and rules, each item with its place (LINE/COL) when it has
 * one. Items fill a message of at most msg_max bytes before the next
 * message starts; an item is never split. Returns 0, or -1 with err: what
 * send said, or FWADM_E_SYSTEM when out of memory or when an item alone
 * does not fit ("line L col C: ...", the way the kernel places errors).
 */
int policy_nl_encode(const struct policy *p, uint32_t ticket, size_t msg_max,
		     policy_nl_send_fn send, void *arg, struct fwadm_err *err);

/* Reads the items of a dump, message after message, into one tree. */
struct policy_nl_reader {
	struct policy *p;	/* the items are appended to it */
	bool have_settings;
	uint32_t generation;	/* RAMPART_A_POLICY_GENERATION; 0: none yet */
};

void policy_nl_reader_init(struct policy_nl_reader *r, struct policy *p);

/*
 * Append the items of message nlh to r->p, checked against the contract:
 * attributes of the right size, what an item needs present, values in
 * their ranges, rules numbered on from the last, settings at most once,
 * one generation for all messages. Places (LINE/COL), a ticket and
 * attributes fwadm does not know are ignored, so a POLICY_ADD message
 * reads as well. Returns 0, or -1 with err (FWADM_E_REPLY: which item,
 * what is wrong); r->p may then hold part of the item.
 */
int policy_nl_read(struct policy_nl_reader *r, struct nlmsghdr *nlh,
		   struct fwadm_err *err);

#endif /* FWADM_POLICY_NL_H */
