/* SPDX-License-Identifier: GPL-2.0 */
/* Events of the "events" multicast group, as fwadm log reads and prints them. */
#ifndef FWADM_LOG_H
#define FWADM_LOG_H

#include <stdint.h>
#include <stddef.h>
#include <stdio.h>

#include "fwadm.h"

struct nlmsghdr;

struct fwadm_event {
	uint8_t type;			/* enum rampart_event_type */
	uint8_t action;			/* enum rampart_action, 0: none */
	uint8_t family, proto;
	uint64_t time_ns;		/* CLOCK_REALTIME */
	uint32_t rule;
	char service[64];
	uint8_t src[16], dst[16];
	uint16_t sport, dport;
	uint32_t ifindex_in, ifindex_out;
	uint32_t reason;
	char text[512];
	uint32_t conn_id;
	uint32_t suppressed;
};

/* Read one RAMPART_CMD_EVENT message. Returns 0, or -1 with err filled. */
int fwadm_parse_event(struct nlmsghdr *nlh, struct fwadm_event *ev,
		      struct fwadm_err *err);

/*
 * One line, without newline: "TIME TYPE [rule N] [service S] [in IF]
 * [out IF] PROTO SRC -> DST[: TEXT]". ifname maps an interface index to
 * its name (into a buffer of IF_NAMESIZE bytes); NULL leaves them out.
 */
void fwadm_format_event(const struct fwadm_event *ev, char *buf, size_t size,
			const char *(*ifname)(uint32_t ifindex, char *name));

/*
 * The event as one JSON object on one line (no newline): time (text and
 * ns), event, rule, service, action, in, out, family, proto, src, sport,
 * dst, dport, reason, text, conn_id, suppressed; absent fields are left
 * out.
 */
void fwadm_print_event_json(FILE *f, const struct fwadm_event *ev,
			    const char *(*ifname)(uint32_t ifindex, char *name));

/* Its syslog priority: LOG_WARNING for drops and rejects, else LOG_INFO. */
int fwadm_event_priority(const struct fwadm_event *ev);

#endif /* FWADM_LOG_H */
