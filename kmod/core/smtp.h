/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SMTP stream parser: a state machine per connection that reads the
 * client's and the server's byte streams, each in sequence order, and says
 * where a policy check fails. Pure code: no allocation, no recursion, a
 * bounded amount of work per byte, and no byte is ever held back or looked
 * at twice. docs/smtp.md describes the model and every check.
 *
 * For the glue (kmod/smtp.c), per connection:
 *
 *	struct rampart_smtp_state st;	embedded or allocated, <= 1 KiB
 *	rampart_smtp_init(&st);		(all zero bytes is the same state)
 *
 *	for each segment, in sequence order, its new bytes only:
 *		off = 0;
 *		while (off < len && rampart_smtp_inspecting(&st)) {
 *			off += rampart_smtp_feed(&st, cfg, dir, data + off,
 *						 len - off, &res);
 *			act on res (offsets are relative to data + old off)
 *		}
 *
 * Calls on one connection must be serialized (the connection's lock):
 * both directions share the state. Bytes of a retransmission that the
 * parser has seen must not be fed again; bytes beyond a gap must not be
 * fed (drop the segment: the sender retransmits in order).
 *
 * A feed call stops after the first byte it has something to report on,
 * so each call returns one result; the glue calls again for the rest.
 * DATA bodies and BDAT chunks normally go through in one call. For a
 * violation with action reject, rampart_smtp_reply() writes the line the
 * client is to get.
 *
 * Banner mask: a result's mask range names bytes of that call to replace
 * with '*' before the segment goes on (checksum fixed). As the parser sees
 * no byte twice, a glue that masks keeps the greeting's masked ranges in
 * sequence space (the greeting is over at RAMPART_SMTP_EV_BANNER) and
 * masks a retransmission of those bytes the same way.
 *
 * After a violation whose action is reject or reset the connection's
 * state is dead (RAMPART_SMTP_CLOSED): both directions pass everything
 * uninspected, since the glue is closing the connection. After one with
 * action log, parsing goes on, except for RAMPART_SMTP_CHECK_SYNC, after
 * which the parser cannot tell commands from data any more and stops
 * inspecting (RAMPART_SMTP_LOST).
 */
#ifndef RAMPART_CORE_SMTP_H
#define RAMPART_CORE_SMTP_H

#include "compat.h"
#include <linux/rampart.h>

/* Directions: the client opened the connection. */
#define RAMPART_SMTP_CLIENT	0
#define RAMPART_SMTP_SERVER	1

/* Verbs with a meaning of their own, in the order of their bits. */
enum rampart_smtp_verb {
	RAMPART_SMTP_HELO,
	RAMPART_SMTP_EHLO,
	RAMPART_SMTP_MAIL,
	RAMPART_SMTP_RCPT,
	RAMPART_SMTP_DATA,
	RAMPART_SMTP_BDAT,
	RAMPART_SMTP_RSET,
	RAMPART_SMTP_NOOP,
	RAMPART_SMTP_QUIT,
	RAMPART_SMTP_VRFY,
	RAMPART_SMTP_EXPN,
	RAMPART_SMTP_HELP,
	RAMPART_SMTP_STARTTLS,
	RAMPART_SMTP_AUTH,
	RAMPART_SMTP_ETRN,
	__RAMPART_SMTP_VERB_MAX
};

#define RAMPART_SMTP_VERB_BIT(v)	(1U << (v))
#define RAMPART_SMTP_VERBS_ALL		((1U << __RAMPART_SMTP_VERB_MAX) - 1)

/* enum rampart_smtp_check and enum rampart_smtp_action: the UAPI header. */

/* Limits of the configuration and of what the parser keeps. */
#define RAMPART_SMTP_VERB_MAX		15	/* bytes of a verb */
#define RAMPART_SMTP_MAX_EXTRA_VERBS	8
#define RAMPART_SMTP_PATTERN_MAX	127	/* bytes of an address pattern */
#define RAMPART_SMTP_MAX_PATTERNS	8	/* per list */
#define RAMPART_SMTP_ADDR_MAX		256	/* RFC 5321 4.5.3.1.3: a path */
#define RAMPART_SMTP_QUEUE		32	/* groups of outstanding commands */
/* RFC 4954 section 4: room for SASL challenges and responses. */
#define RAMPART_SMTP_SASL_LINE		12288
#define RAMPART_SMTP_REPLY_MAX		160	/* rampart_smtp_reply() output */

struct rampart_smtp_pattern {
	char text[RAMPART_SMTP_PATTERN_MAX + 1];	/* NUL-terminated */
};

/*
 * What to check, from the policy's smtp resource; read-only for the
 * parser, shared by all connections of the resource. Fill it with
 * rampart_smtp_config_default() first: an all-zero config allows no verb.
 * Line limits count the bytes of a line with its CRLF; 0 turns a limit off.
 */
struct rampart_smtp_config {
	u32 verbs;		/* RAMPART_SMTP_VERB_BIT()s allowed */
	u32 max_line;		/* command line; default 512 (RFC 5321 4.5.3.1.4) */
	u32 max_reply_line;	/* reply line; default 512 (RFC 5321 4.5.3.1.5) */
	u32 max_rcpts;		/* recipients per transaction; default 0 */
	u64 max_size;		/* message bytes, DATA and BDAT; default 0 */
	u8 n_extra_verbs, n_senders, n_recipients;
	bool starttls_deny;	/* default: allow */
	bool banner_mask;	/* default: pass */
	bool smuggling;		/* the check is on; default: on */
	u8 action[__RAMPART_SMTP_CHECK_MAX];	/* enum rampart_smtp_action;
						 * out of range: reset
						 */
	/* Further verbs allowed: upper case, NUL-terminated. */
	char extra_verbs[RAMPART_SMTP_MAX_EXTRA_VERBS][RAMPART_SMTP_VERB_MAX + 1];
	/* Allowed addresses; no pattern: any. See rampart_smtp_match(). */
	struct rampart_smtp_pattern senders[RAMPART_SMTP_MAX_PATTERNS];
	struct rampart_smtp_pattern recipients[RAMPART_SMTP_MAX_PATTERNS];
};

/* Whole-connection modes; anything but INSPECT passes every byte. */
enum rampart_smtp_mode {
	RAMPART_SMTP_INSPECT,
	RAMPART_SMTP_TLS,	/* STARTTLS answered 220: TLS follows */
	RAMPART_SMTP_SASL,	/* AUTH with a mechanism that may add a layer */
	RAMPART_SMTP_LOST,	/* after a SYNC violation with action log */
	RAMPART_SMTP_CLOSED,	/* after a violation with reject or reset */
};

/* One outstanding group of commands awaiting replies (internal). */
struct rampart_smtp_cmd {
	u64 size;		/* message size, for a message's final reply */
	u16 count;		/* commands in the group */
	u8 kind;		/* what they are, see smtp.c */
	u8 txn;			/* transaction they belong to */
	u8 flags;
	u8 pad[3];
};

/* The client's stream (internal). */
struct rampart_smtp_client {
	u64 msg_size;		/* bytes of this transaction's message so far */
	u64 chunk_left;		/* BDAT bytes still to come */
	u64 number;		/* BDAT chunk size being read */
	u32 line_len;		/* bytes of the current line, CRLF not counted */
	u32 rcpts;		/* recipients sent, minus those refused */
	u8 mode;		/* commands, body, chunk */
	u8 part;		/* where in the command line */
	u8 arg;			/* where in the argument */
	u8 cmd;			/* the line's verb, enum rampart_smtp_verb */
	u8 verb_len;
	u8 kw;			/* bytes of a keyword matched */
	u8 txn;			/* transaction number, wraps */
	u8 dot;			/* body: what the last line-start dot began */
	u8 last[2];		/* body: the two bytes before the next one */
	u16 flags;
	u16 addr_len;
	char verb[RAMPART_SMTP_VERB_MAX + 1];
	char addr[RAMPART_SMTP_ADDR_MAX];
	u8 pad[2];
};

/*
 * The server's stream (internal). These structs have no padding holes:
 * the tests compare states byte for byte.
 */
struct rampart_smtp_server {
	u32 line_len;
	u16 code;		/* of the current line */
	u8 mask;		/* banner masking: where in the line */
	u8 mkw;			/* banner masking: bytes of ESMTP matched */
	u8 kw;			/* bytes of CHUNKING matched */
	u8 flags;
	u8 pad[6];
};

struct rampart_smtp_state {
	u8 mode;		/* enum rampart_smtp_mode */
	u8 q_head, q_len;	/* the ring of outstanding groups */
	u8 flags;
	u8 pad[4];
	struct rampart_smtp_server s;
	struct rampart_smtp_client c;
	struct rampart_smtp_cmd q[RAMPART_SMTP_QUEUE];
};

enum rampart_smtp_event {
	RAMPART_SMTP_EV_NONE,
	RAMPART_SMTP_EV_BANNER,		/* the greeting ended; code */
	RAMPART_SMTP_EV_TLS,		/* STARTTLS accepted; inspection ends */
	RAMPART_SMTP_EV_SASL,		/* AUTH succeeded with a mechanism that may
					 * add a security layer; inspection ends
					 */
	RAMPART_SMTP_EV_MESSAGE,	/* a message's final reply; code, size */
	__RAMPART_SMTP_EV_MAX
};

/*
 * What one feed call found; all offsets count bytes from that call's
 * data. A violation (check != NONE) and an event (event != NONE) concern
 * the byte at offset, the last one consumed: the segment holding it is the
 * one to drop or reject. At most one violation is reported per byte: the
 * first check that fails. Both may come in one result.
 *
 * mask_len > 0: banner masking asks that the bytes [mask_off, mask_off +
 * mask_len) be replaced by '*' each, whatever else the result says. A
 * masked run cut by the end of the data goes on in the next call.
 */
struct rampart_smtp_result {
	u64 size;		/* EV_MESSAGE: bytes of the message */
	u32 offset;		/* of the violation and the event */
	u32 mask_off, mask_len;
	u16 code;		/* event: the reply code; 0 when malformed */
	u8 check;		/* enum rampart_smtp_check */
	u8 action;		/* enum rampart_smtp_action, with check */
	u8 event;		/* enum rampart_smtp_event */
	/* With check: the line's verb, upper case, printable; "" if none. */
	char verb[RAMPART_SMTP_VERB_MAX + 1];
};

void rampart_smtp_init(struct rampart_smtp_state *st);

/*
 * Defaults: every verb of enum rampart_smtp_verb, 512-byte lines, no
 * recipient or size limit, any address, STARTTLS allowed, banner passed,
 * smuggling checked, every action log.
 */
void rampart_smtp_config_default(struct rampart_smtp_config *cfg);

/*
 * Consume bytes of direction dir (RAMPART_SMTP_CLIENT or _SERVER) that
 * follow everything fed before in that direction. Returns how many were
 * consumed: len, or fewer when res reports a violation, an event or
 * the end of a masked run (never 0 when len > 0). Fills res in every case.
 */
u32 rampart_smtp_feed(struct rampart_smtp_state *st, const struct rampart_smtp_config *cfg,
		      unsigned int dir, const u8 *data, u32 len,
		      struct rampart_smtp_result *res);

static inline bool rampart_smtp_inspecting(const struct rampart_smtp_state *st)
{
	return st->mode == RAMPART_SMTP_INSPECT;
}

/*
 * The reply the client gets for a violation: one SMTP reply line with
 * its CRLF, such as "550 5.5.1 Command XEXCH50 not allowed by policy
 * mail-in\r\n"; resource names the policy's smtp resource. Truncated to
 * size, always NUL-terminated when size > 0; returns the length it
 * wanted (as snprintf does), at most RAMPART_SMTP_REPLY_MAX - 1.
 */
size_t rampart_smtp_reply(char *buf, size_t size, const struct rampart_smtp_result *res,
			  const struct rampart_smtp_config *cfg, const char *resource);

/*
 * Does an address (the text between < and > of MAIL FROM or RCPT TO,
 * source route removed) match a pattern? '*' in the pattern stands for
 * any run of bytes, every other byte for itself; bytes after the
 * address's last '@' compare without regard to ASCII case, the local part
 * exactly (RFC 5321 section 2.4). "" matches only the null path <>.
 */
bool rampart_smtp_match(const char *pattern, const char *addr, size_t len);

/* Short names for logs: "verb", "line", ...; "unknown" when out of range. */
const char *rampart_smtp_check_name(unsigned int check);
const char *rampart_smtp_action_name(unsigned int action);
const char *rampart_smtp_event_name(unsigned int event);

#endif /* RAMPART_CORE_SMTP_H */
