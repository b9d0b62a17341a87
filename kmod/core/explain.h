/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The words of a drop that needs more than its reason's fixed text: why a
 * TCP packet is out of state, and what became of its connection. Pure code,
 * shared by rampart.ko (events, monitor) and the userspace tests.
 */
#ifndef RAMPART_CORE_EXPLAIN_H
#define RAMPART_CORE_EXPLAIN_H

#include "compat.h"
#include <linux/rampart.h>

/* What the table remembered of a removed connection, in words and numbers. */
struct rampart_removal_info {
	u8 why;			/* enum rampart_removal */
	u32 ago;		/* seconds since the removal */
	u32 timeout;		/* seconds: the timeout that applied, 0: none */
	u32 rule;		/* rule that had accepted it, 0: none */
	const char *service;	/* its service, NULL: none */
	const char *rst_from;	/* RAMPART_REMOVED_RST: the sender, as text */
};

/*
 * "connection removed 12 s ago: idle timeout 3600 s (service submission,
 * rule 1)" and its siblings for the other causes. Always NUL-terminates
 * when size > 0; returns the length it wanted (as snprintf does).
 */
size_t rampart_explain_removal(char *buf, size_t size,
			       const struct rampart_removal_info *ri);

/*
 * The whole text of an out-of-state TCP drop: "TCP packet out of state:
 * first packet isn't SYN; tcp_flags: FIN-ACK", then, when the connection is
 * remembered, "; " and rampart_explain_removal(), and when a late packet
 * did not fit the windows the connection had, "; outside its window".
 * ri may be NULL. Returns the length it wanted.
 */
size_t rampart_explain_out_of_state(char *buf, size_t size, u8 tcp_flags,
				    const struct rampart_removal_info *ri,
				    bool outside_window);

#endif /* RAMPART_CORE_EXPLAIN_H */
