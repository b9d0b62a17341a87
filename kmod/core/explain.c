// SPDX-License-Identifier: GPL-2.0
/*
 * Texts that explain a drop. Check Point's "TCP packet out of state: First
 * packet isn't SYN; tcp_flags: FIN-ACK" leaves an admin guessing why the
 * connection was gone; these say it.
 */
#include "explain.h"
#include "reason.h"
#include "track.h"

#ifndef __KERNEL__
#include <stdio.h>
#endif

/* snprintf that appends at *pos and keeps counting past the end. */
#define APPEND(buf, size, pos, ...)					\
	do {								\
		size_t room_ = *(pos) < (size) ? (size) - *(pos) : 0;	\
		int n_ = snprintf(room_ ? (buf) + *(pos) : NULL, room_,	\
				  __VA_ARGS__);				\
		if (n_ > 0)						\
			*(pos) += (size_t)n_;				\
	} while (0)

static void append_owner(char *buf, size_t size, size_t *pos,
			 const struct rampart_removal_info *ri)
{
	if (ri->service && ri->rule)
		APPEND(buf, size, pos, " (service %s, rule %u)", ri->service, ri->rule);
	else if (ri->service)
		APPEND(buf, size, pos, " (service %s)", ri->service);
	else if (ri->rule)
		APPEND(buf, size, pos, " (rule %u)", ri->rule);
}

size_t rampart_explain_removal(char *buf, size_t size,
			       const struct rampart_removal_info *ri)
{
	size_t pos = 0;

	if (size)
		buf[0] = '\0';
	APPEND(buf, size, &pos, "connection removed %u s ago: ", ri->ago);
	switch (ri->why) {
	case RAMPART_REMOVED_IDLE_TIMEOUT:
		APPEND(buf, size, &pos, "idle timeout %u s", ri->timeout);
		append_owner(buf, size, &pos, ri);
		break;
	case RAMPART_REMOVED_CLOSED:
		APPEND(buf, size, &pos, "closed, end timeout %u s", ri->timeout);
		append_owner(buf, size, &pos, ri);
		break;
	case RAMPART_REMOVED_RST:
		APPEND(buf, size, &pos, "RST from %s",
		       ri->rst_from ? ri->rst_from : "?");
		break;
	case RAMPART_REMOVED_EVICTED:
		APPEND(buf, size, &pos, "evicted, table full");
		break;
	case RAMPART_REMOVED_POLICY:
		APPEND(buf, size, &pos, "policy reinstall");
		break;
	case RAMPART_REMOVED_FLUSH:
		APPEND(buf, size, &pos, "flushed by an administrator");
		break;
	default:
		APPEND(buf, size, &pos, "unknown cause");
		break;
	}
	return pos;
}

size_t rampart_explain_out_of_state(char *buf, size_t size, u8 tcp_flags,
				    const struct rampart_removal_info *ri,
				    bool outside_window)
{
	char flags[48];
	size_t pos = 0;

	if (size)
		buf[0] = '\0';
	rampart_tcp_flags_text(tcp_flags, flags, sizeof(flags));
	APPEND(buf, size, &pos, "%s; tcp_flags: %s",
	       rampart_drop_reason_text(RAMPART_DROP_TCP_OUT_OF_STATE), flags);
	if (ri) {
		APPEND(buf, size, &pos, "; ");
		pos += rampart_explain_removal(pos < size ? buf + pos : NULL,
					       pos < size ? size - pos : 0, ri);
	}
	if (outside_window)
		APPEND(buf, size, &pos, "; outside its window");
	return pos;
}
