// SPDX-License-Identifier: GPL-2.0
/*
 * The SMTP stream parser. docs/smtp.md is the specification this follows;
 * the comments here say how. Every byte goes through one of four paths:
 *
 *   client commands   a small state machine per byte (lines are short)
 *   client DATA body  a word-at-a-time search for a dot after CR or LF,
 *                     the only byte that can end a body or be smuggled;
 *                     the bytes in between are counted
 *   client BDAT chunk skipped by count
 *   server replies    a small state machine per byte
 *
 * Replies are matched to commands through a ring of outstanding command
 * groups (RFC 2920): a run of commands whose replies mean nothing to the
 * parser (RCPTs of one transaction, other commands) takes one slot.
 */
#include "smtp.h"

#ifndef __KERNEL__
#include <stdio.h>
#endif

_Static_assert(sizeof(struct rampart_smtp_state) <= 1024,
	       "kept with every inspected connection: at most 1 KiB");
_Static_assert((RAMPART_SMTP_QUEUE & (RAMPART_SMTP_QUEUE - 1)) == 0,
	       "the queue is a ring indexed by masking");
_Static_assert(RAMPART_SMTP_QUEUE <= 128, "q_head and q_len are u8");

/* Client stream modes. */
#define CM_COMMAND	0
#define CM_BODY		1	/* DATA body, after 354 */
#define CM_CHUNK	2	/* BDAT chunk */

/* Where in a command line (client.part). */
#define P_START		0	/* nothing but blanks yet */
#define P_VERB		1
#define P_ARGS		2

/* Argument parsers (client.arg). */
#define ARG_NONE	0	/* arguments are not read */
/* MAIL FROM / RCPT TO */
#define A_SP		1	/* blanks before FROM: / TO: */
#define A_KW		2	/* in FROM: / TO: */
#define A_PRE		3	/* blanks after the colon */
#define A_ANGLE		4	/* inside <...> */
#define A_BARE		5	/* an address without angle brackets */
#define A_DONE		6	/* address read; parameters follow */
#define A_BAD		7	/* not understood */
/* BDAT size [LAST] */
#define B_SP1		8
#define B_NUM		9
#define B_SP2		10
#define B_LAST		11
#define B_END		12
/* AUTH mechanism [initial-response] */
#define M_SP		13
#define M_MECH		14
#define M_DONE		15	/* blanks after the mechanism */
#define M_RESP		16	/* an initial response */

/* Client flags. */
#define CF_CR		0x0001	/* the last byte of the line was CR */
#define CF_LONG		0x0002	/* this line was reported too long */
#define CF_SIZE		0x0004	/* this message was reported too large */
#define CF_WAIT		0x0008	/* must wait for a reply before sending */
#define CF_SASL		0x0010	/* the next line is a SASL response */
#define CF_SASL_LINE	0x0020	/* this line is a SASL response */
#define CF_QUOTE	0x0040	/* address: inside a quoted string */
#define CF_ESC		0x0080	/* address: after a backslash in quotes */
#define CF_ADDR_LONG	0x0100	/* address longer than the buffer */
#define CF_VERB_LONG	0x0200	/* verb longer than RAMPART_SMTP_VERB_MAX */

/* What the last line-start dot of a body began (client.dot). */
#define DOT_NONE	0
#define DOT_CRLF	1	/* CR LF "." */
#define DOT_CRLF_CR	2	/* CR LF "." CR */
#define DOT_LF		3	/* bare LF "." */
#define DOT_CR		4	/* bare CR "." */

/* Outstanding command groups (rampart_smtp_cmd.kind). */
#define K_OTHER		0	/* any number of commands */
#define K_RCPT		1	/* any number of one transaction */
#define K_HELLO		2	/* EHLO or HELO */
#define K_DATA		3
#define K_DOT		4	/* the end of a DATA body: the final reply */
#define K_BDAT		5	/* any number of chunks but the last */
#define K_BDAT_LAST	6
#define K_AUTH		7
#define K_STARTTLS	8

/* rampart_smtp_cmd.flags */
#define QF_EHLO		0x01	/* K_HELLO: EHLO rather than HELO */
#define QF_LAYER	0x02	/* K_AUTH: the mechanism may add a layer */
#define QF_NOWAIT	0x04	/* K_AUTH: may be followed by more commands */

/* Connection flags (rampart_smtp_state.flags). */
#define G_BANNER	0x01	/* the greeting is over */
#define G_CHUNKING	0x02	/* the last EHLO reply offered CHUNKING */

/* Server flags. */
#define SF_CR		0x01
#define SF_LONG		0x02
#define SF_MORE		0x04	/* this reply has had lines before this one */
#define SF_DASH		0x08	/* this line is followed by another */
#define SF_BADCODE	0x10	/* this line does not start with 3 digits */
#define SF_CHUNKING	0x20	/* this reply names CHUNKING */

/* Banner masking (server.mask): where in a greeting line. */
#define MK_DOMAIN	0
#define MK_SP1		1
#define MK_TOKEN	2	/* the word after the domain: ESMTP? */
#define MK_SP2		3
#define MK_TEXT		4	/* masked to the end of the line */

#define KW_FAIL		0xff

static const char *const verb_names[__RAMPART_SMTP_VERB_MAX] = {
	[RAMPART_SMTP_HELO] = "HELO",
	[RAMPART_SMTP_EHLO] = "EHLO",
	[RAMPART_SMTP_MAIL] = "MAIL",
	[RAMPART_SMTP_RCPT] = "RCPT",
	[RAMPART_SMTP_DATA] = "DATA",
	[RAMPART_SMTP_BDAT] = "BDAT",
	[RAMPART_SMTP_RSET] = "RSET",
	[RAMPART_SMTP_NOOP] = "NOOP",
	[RAMPART_SMTP_QUIT] = "QUIT",
	[RAMPART_SMTP_VRFY] = "VRFY",
	[RAMPART_SMTP_EXPN] = "EXPN",
	[RAMPART_SMTP_HELP] = "HELP",
	[RAMPART_SMTP_STARTTLS] = "STARTTLS",
	[RAMPART_SMTP_AUTH] = "AUTH",
	[RAMPART_SMTP_ETRN] = "ETRN",
};

#define VERB_UNKNOWN	0xff

/* One feed call. */
struct feed {
	struct rampart_smtp_state *st;
	const struct rampart_smtp_config *cfg;
	struct rampart_smtp_result *res;
	u32 at;			/* offset of the byte being handled */
};

static u8 upper(u8 c)
{
	return c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c;
}

static bool blank(u8 c)
{
	return c == ' ' || c == '\t';
}

static bool reported(const struct feed *f)
{
	return f->res->check != RAMPART_SMTP_CHECK_NONE ||
	       f->res->event != RAMPART_SMTP_EV_NONE;
}

/* Content bytes a line may have: its limit less the CRLF; 0: no limit. */
static u32 content_limit(u32 limit, bool sasl)
{
	if (!limit)
		return 0;
	if (sasl && limit < RAMPART_SMTP_SASL_LINE)
		limit = RAMPART_SMTP_SASL_LINE;
	return limit > 2 ? limit - 2 : 1;
}

/* The first check failing at a byte is the one reported. */
static void violation(struct feed *f, u8 check, const char *verb, size_t verb_len)
{
	struct rampart_smtp_result *res = f->res;
	u8 action;
	size_t i;

	if (res->check != RAMPART_SMTP_CHECK_NONE)
		return;
	action = f->cfg->action[check];
	if (action >= __RAMPART_SMTP_ACTION_MAX)
		action = RAMPART_SMTP_RESET;
	res->check = check;
	res->action = action;
	res->offset = f->at;
	if (verb_len > RAMPART_SMTP_VERB_MAX)
		verb_len = RAMPART_SMTP_VERB_MAX;
	for (i = 0; i < verb_len; i++)
		res->verb[i] = verb[i] > ' ' && verb[i] < 0x7f ? verb[i] : '?';
	res->verb[verb_len] = '\0';
	if (action != RAMPART_SMTP_LOG)
		f->st->mode = RAMPART_SMTP_CLOSED;
	else if (check == RAMPART_SMTP_CHECK_SYNC)
		f->st->mode = RAMPART_SMTP_LOST;
}

static void violation_verb(struct feed *f, u8 check)
{
	const struct rampart_smtp_client *c = &f->st->c;

	violation(f, check, c->verb, c->verb_len);
}

static void event(struct feed *f, u8 ev, u16 code, u64 size)
{
	struct rampart_smtp_result *res = f->res;

	res->event = ev;
	res->code = code;
	res->size = size;
	res->offset = f->at;
}

/* The ring of outstanding command groups. */

static struct rampart_smtp_cmd *queue_head(struct rampart_smtp_state *st)
{
	return st->q_len ? &st->q[st->q_head] : NULL;
}

static void queue_pop(struct rampart_smtp_state *st)
{
	struct rampart_smtp_cmd *q = queue_head(st);

	if (!q)
		return;
	if (q->count > 1) {
		q->count--;
		return;
	}
	st->q_head = (st->q_head + 1) & (RAMPART_SMTP_QUEUE - 1);
	st->q_len--;
}

static bool mergeable(u8 kind)
{
	return kind == K_OTHER || kind == K_RCPT || kind == K_BDAT;
}

static void queue_push(struct feed *f, u8 kind, u8 flags, u64 size)
{
	struct rampart_smtp_state *st = f->st;
	struct rampart_smtp_cmd *q;

	if (st->q_len) {
		q = &st->q[(st->q_head + st->q_len - 1) & (RAMPART_SMTP_QUEUE - 1)];
		if (q->kind == kind && mergeable(kind) && q->count < 0xffff &&
		    (kind == K_OTHER || q->txn == st->c.txn)) {
			q->count++;
			return;
		}
	}
	if (st->q_len == RAMPART_SMTP_QUEUE) {
		/* More groups outstanding than the parser can match. */
		violation_verb(f, RAMPART_SMTP_CHECK_SYNC);
		return;
	}
	q = &st->q[(st->q_head + st->q_len) & (RAMPART_SMTP_QUEUE - 1)];
	q->kind = kind;
	q->flags = flags;
	q->count = 1;
	q->txn = st->c.txn;
	q->size = size;
	st->q_len++;
}

/* Client: transactions, commands, lines. */

static void txn_reset(struct rampart_smtp_client *c)
{
	c->txn++;
	c->rcpts = 0;
	c->msg_size = 0;
	c->flags &= ~CF_SIZE;
}

static void line_reset(struct rampart_smtp_client *c)
{
	c->line_len = 0;
	c->part = P_START;
	c->arg = ARG_NONE;
	c->cmd = 0;			/* set with the verb */
	c->verb_len = 0;
	c->kw = 0;
	c->addr_len = 0;
	c->number = 0;
	c->flags &= ~(CF_CR | CF_LONG | CF_QUOTE | CF_ESC | CF_ADDR_LONG |
		      CF_VERB_LONG | CF_SASL_LINE);
}

static void message_add(struct feed *f, u64 n)
{
	struct rampart_smtp_client *c = &f->st->c;
	u64 max = f->cfg->max_size;

	c->msg_size = c->msg_size + n < c->msg_size ? ~0ULL : c->msg_size + n;
	if (max && c->msg_size > max && !(c->flags & CF_SIZE)) {
		c->flags |= CF_SIZE;
		violation(f, RAMPART_SMTP_CHECK_SIZE,
			  c->mode == CM_BODY ? "DATA" : "BDAT", 4);
	}
}

static bool verb_allowed(const struct rampart_smtp_config *cfg,
			 const struct rampart_smtp_client *c)
{
	unsigned int i, j;

	if (c->flags & CF_VERB_LONG)
		return false;
	if (c->cmd != VERB_UNKNOWN)
		return cfg->verbs & RAMPART_SMTP_VERB_BIT(c->cmd);
	for (i = 0; i < cfg->n_extra_verbs && i < RAMPART_SMTP_MAX_EXTRA_VERBS; i++) {
		const char *v = cfg->extra_verbs[i];

		for (j = 0; j < c->verb_len; j++)
			if (upper(v[j]) != (u8)c->verb[j])
				break;
		if (j == c->verb_len && v[j] == '\0')
			return true;
	}
	return false;
}

static void verb_done(struct feed *f)
{
	struct rampart_smtp_client *c = &f->st->c;
	unsigned int v;

	c->part = P_ARGS;
	c->cmd = VERB_UNKNOWN;
	if (!(c->flags & CF_VERB_LONG)) {
		for (v = 0; v < __RAMPART_SMTP_VERB_MAX; v++) {
			if (strlen(verb_names[v]) == c->verb_len &&
			    !memcmp(verb_names[v], c->verb, c->verb_len)) {
				c->cmd = v;
				break;
			}
		}
	}
	if (!verb_allowed(f->cfg, c))
		violation_verb(f, RAMPART_SMTP_CHECK_VERB);
	if (c->cmd == RAMPART_SMTP_STARTTLS && f->cfg->starttls_deny)
		violation_verb(f, RAMPART_SMTP_CHECK_STARTTLS);
	switch (c->cmd) {
	case RAMPART_SMTP_MAIL:
	case RAMPART_SMTP_RCPT:
		c->arg = A_SP;
		break;
	case RAMPART_SMTP_BDAT:
		c->arg = B_SP1;
		break;
	case RAMPART_SMTP_AUTH:
		c->arg = M_SP;
		break;
	default:
		c->arg = ARG_NONE;
	}
}

static void addr_add(struct rampart_smtp_client *c, u8 b)
{
	if (c->addr_len < RAMPART_SMTP_ADDR_MAX)
		c->addr[c->addr_len++] = b;
	else
		c->flags |= CF_ADDR_LONG;
}

static void arg_address(struct rampart_smtp_client *c, u8 b)
{
	const char *kw = c->cmd == RAMPART_SMTP_MAIL ? "FROM:" : "TO:";

	switch (c->arg) {
	case A_SP:
		if (blank(b))
			return;
		c->arg = A_KW;
		c->kw = 0;
		fallthrough;
	case A_KW:
		if (upper(b) != (u8)kw[c->kw]) {
			c->arg = A_BAD;
			return;
		}
		if (kw[++c->kw] == '\0')
			c->arg = A_PRE;
		return;
	case A_PRE:
		if (blank(b))
			return;
		if (b == '<') {
			c->arg = A_ANGLE;
			return;
		}
		c->arg = A_BARE;
		addr_add(c, b);
		return;
	case A_ANGLE:
		if (c->flags & CF_ESC) {
			c->flags &= ~CF_ESC;
		} else if (c->flags & CF_QUOTE) {
			if (b == '\\')
				c->flags |= CF_ESC;
			else if (b == '"')
				c->flags &= ~CF_QUOTE;
		} else if (b == '"') {
			c->flags |= CF_QUOTE;
		} else if (b == '>') {
			c->arg = A_DONE;
			return;
		}
		addr_add(c, b);
		return;
	case A_BARE:
		if (blank(b))
			c->arg = A_DONE;
		else
			addr_add(c, b);
		return;
	}
}

static void arg_bdat(struct rampart_smtp_client *c, u8 b)
{
	switch (c->arg) {
	case B_SP1:
		if (blank(b))
			return;
		c->arg = B_NUM;
		c->kw = 0;
		fallthrough;
	case B_NUM:
		if (b >= '0' && b <= '9' && c->kw < 19) {
			c->number = c->number * 10 + (b - '0');
			c->kw++;
		} else if (blank(b) && c->kw) {
			c->arg = B_SP2;
		} else {
			c->arg = A_BAD;
		}
		return;
	case B_SP2:
		if (blank(b))
			return;
		c->arg = B_LAST;
		c->kw = 0;
		fallthrough;
	case B_LAST:
		if (upper(b) != (u8)"LAST"[c->kw])
			c->arg = A_BAD;
		else if (++c->kw == 4)
			c->arg = B_END;
		return;
	case B_END:
		if (!blank(b))
			c->arg = A_BAD;
		return;
	}
}

/* The mechanism goes to addr: AUTH has no address. */
static void arg_auth(struct rampart_smtp_client *c, u8 b)
{
	switch (c->arg) {
	case M_SP:
		if (blank(b))
			return;
		c->arg = M_MECH;
		fallthrough;
	case M_MECH:
		if (blank(b))
			c->arg = M_DONE;
		else
			addr_add(c, upper(b));
		return;
	case M_DONE:
		if (!blank(b))
			c->arg = M_RESP;
		return;
	}
}

static void line_content(struct feed *f, u8 b)
{
	struct rampart_smtp_client *c = &f->st->c;

	if (c->flags & CF_SASL_LINE)
		return;
	switch (c->part) {
	case P_START:
		if (blank(b))
			return;
		c->part = P_VERB;
		fallthrough;
	case P_VERB:
		if (blank(b)) {
			verb_done(f);
		} else if (c->verb_len < RAMPART_SMTP_VERB_MAX) {
			c->verb[c->verb_len++] = upper(b);
			c->verb[c->verb_len] = '\0';
		} else {
			c->flags |= CF_VERB_LONG;
		}
		return;
	}
	if (c->arg == ARG_NONE)
		return;
	if (c->arg <= A_BAD)
		arg_address(c, b);
	else if (c->arg <= B_END)
		arg_bdat(c, b);
	else if (c->arg <= M_RESP)
		arg_auth(c, b);
}

/* The address of a complete MAIL or RCPT line matches a list, or not. */
static bool address_allowed(const struct rampart_smtp_client *c,
			    const struct rampart_smtp_pattern *list, unsigned int n)
{
	const char *addr = c->addr;
	size_t len = c->addr_len, i;

	if (!n)
		return true;
	if ((c->arg != A_DONE && c->arg != A_BARE) || (c->flags & CF_ADDR_LONG))
		return false;
	/* RFC 5321 4.1.2: a source route "@a,@b:" comes before the mailbox. */
	if (len && addr[0] == '@') {
		for (i = 0; i < len && addr[i] != ':'; i++)
			;
		if (i == len)
			return false;
		addr += i + 1;
		len -= i + 1;
	}
	for (i = 0; i < n && i < RAMPART_SMTP_MAX_PATTERNS; i++)
		if (!list[i].text[RAMPART_SMTP_PATTERN_MAX] &&
		    rampart_smtp_match(list[i].text, addr, len))
			return true;
	return false;
}

static bool mech_is(const struct rampart_smtp_client *c, const char *name)
{
	return strlen(name) == c->addr_len && !memcmp(name, c->addr, c->addr_len);
}

/* RFC 4954 section 4: mechanisms that can negotiate a security layer. */
static bool mech_may_layer(const struct rampart_smtp_client *c)
{
	return (c->addr_len >= 4 && !memcmp(c->addr, "GS2-", 4)) ||
	       mech_is(c, "GSSAPI") || mech_is(c, "DIGEST-MD5") || mech_is(c, "KERBEROS_V4");
}

/*
 * RFC 4954 section 4: AUTH ends a pipelined group, except with an initial
 * response for a mechanism that completes in one round trip without a
 * layer, "such as PLAIN and EXTERNAL".
 */
static bool auth_pipelines(const struct rampart_smtp_client *c)
{
	return c->arg == M_RESP && (mech_is(c, "PLAIN") || mech_is(c, "EXTERNAL"));
}

static void command_bdat(struct feed *f)
{
	struct rampart_smtp_state *st = f->st;
	struct rampart_smtp_client *c = &st->c;
	bool last;

	if (!(st->flags & G_CHUNKING)) {
		/* Not offered: the server reads what follows as commands. */
		queue_push(f, K_OTHER, 0, 0);
		return;
	}
	if (c->arg != B_NUM && c->arg != B_SP2 && c->arg != B_END) {
		/* Whether the server reads a chunk, and how long, is unknown. */
		violation_verb(f, RAMPART_SMTP_CHECK_SYNC);
		return;
	}
	last = c->arg == B_END;
	c->chunk_left = c->number;
	message_add(f, c->number);
	if (last) {
		queue_push(f, K_BDAT_LAST, 0, c->msg_size);
		txn_reset(c);
	} else {
		queue_push(f, K_BDAT, 0, 0);
	}
	if (c->chunk_left)
		c->mode = CM_CHUNK;
}

static void command_done(struct feed *f)
{
	const struct rampart_smtp_config *cfg = f->cfg;
	struct rampart_smtp_client *c = &f->st->c;

	switch (c->cmd) {
	case RAMPART_SMTP_MAIL:
		if (!address_allowed(c, cfg->senders, cfg->n_senders))
			violation_verb(f, RAMPART_SMTP_CHECK_SENDER);
		txn_reset(c);
		queue_push(f, K_OTHER, 0, 0);
		return;
	case RAMPART_SMTP_RCPT:
		if (!address_allowed(c, cfg->recipients, cfg->n_recipients))
			violation_verb(f, RAMPART_SMTP_CHECK_RECIPIENT);
		if (c->rcpts < ~0U)
			c->rcpts++;
		if (cfg->max_rcpts && c->rcpts > cfg->max_rcpts)
			violation_verb(f, RAMPART_SMTP_CHECK_RCPTS);
		queue_push(f, K_RCPT, 0, 0);
		return;
	case RAMPART_SMTP_DATA:
		queue_push(f, K_DATA, 0, 0);
		c->flags |= CF_WAIT;
		return;
	case RAMPART_SMTP_BDAT:
		command_bdat(f);
		return;
	case RAMPART_SMTP_AUTH:
		if (auth_pipelines(c)) {
			queue_push(f, K_AUTH, QF_NOWAIT, 0);
			return;
		}
		queue_push(f, K_AUTH, mech_may_layer(c) ? QF_LAYER : 0, 0);
		c->flags |= CF_WAIT;
		return;
	case RAMPART_SMTP_STARTTLS:
		queue_push(f, K_STARTTLS, 0, 0);
		c->flags |= CF_WAIT;
		return;
	case RAMPART_SMTP_HELO:
	case RAMPART_SMTP_EHLO:
		txn_reset(c);
		queue_push(f, K_HELLO, c->cmd == RAMPART_SMTP_EHLO ? QF_EHLO : 0, 0);
		return;
	case RAMPART_SMTP_RSET:
		txn_reset(c);
		fallthrough;
	default:
		queue_push(f, K_OTHER, 0, 0);
	}
}

static void client_line_end(struct feed *f, bool cr)
{
	struct rampart_smtp_client *c = &f->st->c;
	bool sasl = c->flags & CF_SASL_LINE;
	u32 limit = content_limit(f->cfg->max_line, sasl);

	if (limit && c->line_len - cr > limit && !(c->flags & CF_LONG))
		violation_verb(f, RAMPART_SMTP_CHECK_LINE);
	if (sasl) {
		/* The server answers the response: wait for it. */
		c->flags |= CF_WAIT;
	} else if (c->part == P_START) {
		/* An empty line: the server answers it (with an error). */
		queue_push(f, K_OTHER, 0, 0);
	} else {
		if (c->part == P_VERB)
			verb_done(f);
		command_done(f);
	}
	line_reset(c);
}

static const char *awaited_verb(const struct rampart_smtp_state *st)
{
	const struct rampart_smtp_cmd *q;

	if (!st->q_len)
		return "";
	q = &st->q[(st->q_head + st->q_len - 1) & (RAMPART_SMTP_QUEUE - 1)];
	switch (q->kind) {
	case K_DATA:
		return "DATA";
	case K_AUTH:
		return "AUTH";
	case K_STARTTLS:
		return "STARTTLS";
	}
	return "";
}

static void client_byte(struct feed *f, u8 b)
{
	struct rampart_smtp_client *c = &f->st->c;
	bool cr = false;

	if (c->flags & CF_WAIT) {
		/*
		 * RFC 2920 3.1: DATA and the commands of extensions (STARTTLS,
		 * and AUTH but for RFC 4954 4's exception) end a pipelined
		 * group. How the server takes these bytes depends on a reply
		 * the client has not seen.
		 */
		const char *v = awaited_verb(f->st);

		violation(f, RAMPART_SMTP_CHECK_SYNC, v, strlen(v));
		return;
	}
	if (c->flags & CF_SASL) {
		c->flags &= ~CF_SASL;
		c->flags |= CF_SASL_LINE;
	}
	if (c->flags & CF_CR) {
		c->flags &= ~CF_CR;
		if (b == '\n')
			cr = true;
		else
			line_content(f, '\r');
	}
	if (b == '\n') {
		client_line_end(f, cr);
		return;
	}
	if (c->line_len < ~0U)
		c->line_len++;
	/* A CR counts once it turns out not to end the line. */
	if (!(c->flags & CF_LONG)) {
		u32 limit = content_limit(f->cfg->max_line, c->flags & CF_SASL_LINE);

		if (limit && c->line_len - (b == '\r') > limit) {
			c->flags |= CF_LONG;
			violation_verb(f, RAMPART_SMTP_CHECK_LINE);
		}
	}
	if (b == '\r')
		c->flags |= CF_CR;
	else
		line_content(f, b);
}

/* Client: DATA bodies. */

static void body_end(struct feed *f)
{
	struct rampart_smtp_client *c = &f->st->c;

	c->mode = CM_COMMAND;
	c->dot = DOT_NONE;
	line_reset(c);
	queue_push(f, K_DOT, 0, c->msg_size);
	txn_reset(c);
}

static void smuggling(struct feed *f)
{
	if (f->cfg->smuggling)
		violation(f, RAMPART_SMTP_CHECK_SMUGGLING, "DATA", 4);
}

static void body_shift(struct rampart_smtp_client *c, u8 b)
{
	c->last[0] = c->last[1];
	c->last[1] = b;
}

/*
 * One byte of a body, the slow way: a dot, or a byte after a line-start
 * dot. Bytes of ".", ".\r" that may end the body are counted only once
 * they turn out not to.
 */
static void body_byte(struct feed *f, u8 b)
{
	struct rampart_smtp_client *c = &f->st->c;
	u8 dot = c->dot;

	c->dot = DOT_NONE;
	switch (dot) {
	case DOT_CRLF:
		if (b == '\r') {
			c->dot = DOT_CRLF_CR;
			break;
		}
		if (b == '\n')
			smuggling(f);		/* CR LF . LF */
		message_add(f, 2);			/* a stuffed or plain line */
		break;
	case DOT_LF:
	case DOT_CR:
		if (b == '\r' || b == '\n')
			smuggling(f);		/* LF . CR, LF . LF, CR . CR, CR . LF */
		message_add(f, 2);
		break;
	case DOT_CRLF_CR:
		if (b == '\n') {
			body_end(f);
			return;
		}
		smuggling(f);			/* CR LF . CR, then not LF */
		message_add(f, 2);
		/* b comes after a bare CR: it may start a dot line itself. */
		fallthrough;
	case DOT_NONE:
		if (b == '.' && (c->last[1] == '\n' || c->last[1] == '\r')) {
			if (c->last[1] == '\r')
				c->dot = DOT_CR;
			else if (c->last[0] == '\r')
				c->dot = DOT_CRLF;
			else
				c->dot = DOT_LF;
		} else {
			message_add(f, 1);
		}
		break;
	}
	body_shift(c, b);
}

/* 0x80 in each byte of x that is zero, 0 in the others; exact. */
static u64 zero_bytes(u64 x)
{
	const u64 low7 = 0x7f7f7f7f7f7f7f7fULL;

	return ~(((x & low7) + low7) | x | low7);
}

static u64 load_le64(const u8 *p)
{
	u64 w;

	memcpy(&w, p, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	w = __builtin_bswap64(w);
#endif
	return w;
}

/*
 * Candidates in 8 bytes: 0x80 in each byte that is a dot right after a
 * byte b with b | 7 == 0x0f, which CR (0x0d) and LF (0x0a) are; before
 * is that flag (0x80 or 0) for the byte before the first.
 */
static u64 dot_candidates(u64 w, u64 before, u64 *near)
{
	const u64 ones = 0x0101010101010101ULL;

	*near = zero_bytes((w | (ones * 7)) ^ (ones * 0x0f));
	return zero_bytes(w ^ (ones * '.')) & ((*near << 8) | before);
}

static bool line_break(u8 b)
{
	return b == '\r' || b == '\n';
}

/*
 * The first dot at or after i that follows a CR or LF (prev is the byte
 * before i), or len: the only bytes of a body that can end it or be
 * smuggled. Sixteen bytes at a time, as a generic memchr() goes, however
 * many other dots there are; candidates are then checked byte by byte.
 */
static u32 find_line_dot(const u8 *d, u32 i, u32 len, u8 prev)
{
	u64 near0, near1, hit0, hit1, hit;
	u32 base, k;

	while (len - i >= 16) {
		hit0 = dot_candidates(load_le64(d + i), (u64)line_break(prev) << 7, &near0);
		hit1 = dot_candidates(load_le64(d + i + 8), near0 >> 56, &near1);
		if (hit0 | hit1) {
			for (base = i, hit = hit0; base < i + 16; base += 8, hit = hit1) {
				for (; hit; hit &= hit - 1) {
					k = base + (__builtin_ctzll(hit) >> 3);
					if (line_break(k > i ? d[k - 1] : prev))
						return k;
				}
			}
		}
		prev = d[i + 15];
		i += 16;
	}
	for (; i < len; prev = d[i++])
		if (d[i] == '.' && line_break(prev))
			return i;
	return len;
}

static u32 body_feed(struct feed *f, const u8 *data, u32 i, u32 len)
{
	struct rampart_smtp_client *c = &f->st->c;
	u64 max = f->cfg->max_size;

	while (i < len && c->mode == CM_BODY && !reported(f)) {
		u32 n;

		if (c->dot != DOT_NONE) {
			f->at = i;
			body_byte(f, data[i++]);
			continue;
		}
		n = find_line_dot(data, i, len, c->last[1]) - i;
		if (!n) {
			f->at = i;
			body_byte(f, data[i++]);
			continue;
		}
		if (max && !(c->flags & CF_SIZE) && c->msg_size + n > max) {
			/* Stop at the byte that goes over the limit. */
			n = c->msg_size < max ? (u32)(max - c->msg_size) + 1 : 1;
			f->at = i + n - 1;
		}
		message_add(f, n);
		c->last[0] = n >= 2 ? data[i + n - 2] : c->last[1];
		c->last[1] = data[i + n - 1];
		i += n;
	}
	return i;
}

/* Server: replies. */

/*
 * Banner mask: after "220 " the domain stays, then the word after it
 * stays as long as it spells ESMTP, then everything to the line's end is
 * masked. A byte is decided when it is seen, so a word that only starts
 * like ESMTP keeps its first letters.
 */
static bool mask_byte(struct rampart_smtp_server *s, u8 b)
{
	switch (s->mask) {
	case MK_DOMAIN:
		if (blank(b))
			s->mask = MK_SP1;
		return false;
	case MK_SP1:
		if (blank(b))
			return false;
		s->mask = MK_TOKEN;
		s->mkw = 0;
		fallthrough;
	case MK_TOKEN:
		if (s->mkw < 5 && upper(b) == (u8)"ESMTP"[s->mkw]) {
			s->mkw++;
			return false;
		}
		if (s->mkw == 5 && blank(b)) {
			s->mask = MK_SP2;
			return false;
		}
		s->mask = MK_TEXT;
		return true;
	case MK_SP2:
		if (blank(b))
			return false;
		s->mask = MK_TEXT;
		fallthrough;
	default:
		return true;
	}
}

/* One byte of a reply line that is not its CRLF; true: mask it. */
static bool reply_content(struct feed *f, u8 b)
{
	struct rampart_smtp_state *st = f->st;
	struct rampart_smtp_server *s = &st->s;
	const struct rampart_smtp_cmd *q;
	u32 pos = s->line_len - 1;

	if (pos < 3) {
		if (b >= '0' && b <= '9')
			s->code = s->code * 10 + (b - '0');
		else
			s->flags |= SF_BADCODE;
		return false;
	}
	if (pos == 3) {
		if (b == '-')
			s->flags |= SF_DASH;
		return false;
	}
	if (!(st->flags & G_BANNER))
		return f->cfg->banner_mask && mask_byte(s, b);
	/* RFC 5321 4.1.1.1: EHLO keywords are on the lines after the first. */
	q = queue_head(st);
	if ((s->flags & SF_MORE) && q && q->kind == K_HELLO && s->kw != KW_FAIL) {
		if (s->kw < 8)
			s->kw = upper(b) == (u8)"CHUNKING"[s->kw] ? s->kw + 1 : KW_FAIL;
		else if (s->kw == 8)
			s->kw = blank(b) ? 9 : KW_FAIL;
	}
	return false;
}

static void reply_done(struct feed *f, u16 code, bool chunking)
{
	struct rampart_smtp_state *st = f->st;
	struct rampart_smtp_client *c = &st->c;
	struct rampart_smtp_cmd *q;

	if (!(st->flags & G_BANNER)) {
		st->flags |= G_BANNER;
		event(f, RAMPART_SMTP_EV_BANNER, code, 0);
		return;
	}
	q = queue_head(st);
	if (!q)
		return;		/* unsolicited, such as 421 before a close */
	switch (q->kind) {
	case K_HELLO:
		if (code / 100 == 2) {
			st->flags &= ~G_CHUNKING;
			if ((q->flags & QF_EHLO) && chunking)
				st->flags |= G_CHUNKING;
		}
		break;
	case K_RCPT:
		if (code / 100 != 2 && q->txn == c->txn && c->rcpts)
			c->rcpts--;
		break;
	case K_DATA:
		c->flags &= ~CF_WAIT;
		if (code == 354 && c->mode == CM_COMMAND) {
			/* RFC 5321 4.1.1.4: DATA's CRLF is the body's first. */
			c->mode = CM_BODY;
			c->dot = DOT_NONE;
			c->last[0] = '\r';
			c->last[1] = '\n';
		}
		break;
	case K_DOT:
	case K_BDAT_LAST:
		event(f, RAMPART_SMTP_EV_MESSAGE, code, q->size);
		break;
	case K_AUTH:
		if (code == 334) {
			/*
			 * RFC 4954 4: a challenge; the next line responds. After an
			 * AUTH PLAIN the client may have sent commands already.
			 */
			if ((q->flags & QF_NOWAIT) &&
			    (st->q_len > 1 || c->mode != CM_COMMAND || c->part != P_START ||
			     c->line_len)) {
				violation(f, RAMPART_SMTP_CHECK_SYNC, "AUTH", 4);
				return;
			}
			c->flags &= ~CF_WAIT;
			c->flags |= CF_SASL;
			return;
		}
		c->flags &= ~(CF_WAIT | CF_SASL);
		if (code == 235 && (q->flags & QF_LAYER)) {
			st->mode = RAMPART_SMTP_SASL;
			event(f, RAMPART_SMTP_EV_SASL, code, 0);
		}
		break;
	case K_STARTTLS:
		c->flags &= ~CF_WAIT;
		if (code == 220) {
			/* RFC 3207 4.2: TLS starts right after this reply. */
			st->mode = RAMPART_SMTP_TLS;
			event(f, RAMPART_SMTP_EV_TLS, code, 0);
		}
		break;
	}
	queue_pop(st);
}

static u32 reply_limit(struct feed *f)
{
	const struct rampart_smtp_cmd *q = queue_head(f->st);

	return content_limit(f->cfg->max_reply_line, q && q->kind == K_AUTH);
}

static void reply_line_end(struct feed *f, bool cr)
{
	struct rampart_smtp_server *s = &f->st->s;
	u32 limit = reply_limit(f), len = s->line_len - cr;
	bool good = len >= 3 && !(s->flags & SF_BADCODE);
	bool last = !(good && len >= 4 && (s->flags & SF_DASH));
	u16 code = good ? s->code : 0;
	bool chunking;

	if (limit && len > limit && !(s->flags & SF_LONG))
		violation(f, RAMPART_SMTP_CHECK_REPLY_LINE, "", 0);
	if (s->kw == 8 || s->kw == 9)
		s->flags |= SF_CHUNKING;
	s->line_len = 0;
	s->code = 0;
	s->kw = 0;
	s->flags &= ~(SF_CR | SF_LONG | SF_DASH | SF_BADCODE);
	if (!last) {
		/* RFC 5321 4.2.1: "250-" goes on, the code is the last line's. */
		s->flags |= SF_MORE;
		s->mask = MK_TEXT;
		return;
	}
	chunking = s->flags & SF_CHUNKING;
	s->flags &= ~(SF_MORE | SF_CHUNKING);
	s->mask = MK_DOMAIN;
	reply_done(f, code, chunking);
}

static bool server_byte(struct feed *f, u8 b)
{
	struct rampart_smtp_server *s = &f->st->s;
	bool cr = false;

	if (s->flags & SF_CR) {
		s->flags &= ~SF_CR;
		if (b == '\n')
			cr = true;
		else
			reply_content(f, '\r');
	}
	if (b == '\n') {
		reply_line_end(f, cr);
		return false;
	}
	if (s->line_len < ~0U)
		s->line_len++;
	if (!(s->flags & SF_LONG)) {
		u32 limit = reply_limit(f);

		if (limit && s->line_len - (b == '\r') > limit) {
			s->flags |= SF_LONG;
			violation(f, RAMPART_SMTP_CHECK_REPLY_LINE, "", 0);
		}
	}
	if (b == '\r') {
		s->flags |= SF_CR;
		return false;
	}
	return reply_content(f, b);
}

static u32 server_feed(struct feed *f, const u8 *data, u32 len)
{
	struct rampart_smtp_result *res = f->res;
	bool open = false;
	u32 i;

	for (i = 0; i < len; i++) {
		bool masked;

		f->at = i;
		masked = server_byte(f, data[i]);
		if (masked && !open) {
			open = true;
			res->mask_off = i;
		} else if (open && !masked) {
			res->mask_len = i - res->mask_off;
			return i + 1;
		}
		if (reported(f) || f->st->mode != RAMPART_SMTP_INSPECT)
			break;
	}
	if (i < len)
		i++;
	if (open)
		res->mask_len = i - res->mask_off;
	return i;
}

static u32 client_feed(struct feed *f, const u8 *data, u32 len)
{
	struct rampart_smtp_state *st = f->st;
	struct rampart_smtp_client *c = &st->c;
	u32 i = 0, n;

	while (i < len && st->mode == RAMPART_SMTP_INSPECT && !reported(f)) {
		switch (c->mode) {
		case CM_BODY:
			i = body_feed(f, data, i, len);
			break;
		case CM_CHUNK:
			n = c->chunk_left < len - i ? (u32)c->chunk_left : len - i;
			c->chunk_left -= n;
			i += n;
			if (!c->chunk_left)
				c->mode = CM_COMMAND;
			break;
		default:
			f->at = i;
			client_byte(f, data[i++]);
		}
	}
	return i;
}

u32 rampart_smtp_feed(struct rampart_smtp_state *st, const struct rampart_smtp_config *cfg,
		      unsigned int dir, const u8 *data, u32 len,
		      struct rampart_smtp_result *res)
{
	struct feed f = { .st = st, .cfg = cfg, .res = res };

	memset(res, 0, sizeof(*res));
	if (!len || st->mode != RAMPART_SMTP_INSPECT)
		return len;
	if (dir == RAMPART_SMTP_SERVER)
		return server_feed(&f, data, len);
	return client_feed(&f, data, len);
}

void rampart_smtp_init(struct rampart_smtp_state *st)
{
	memset(st, 0, sizeof(*st));
}

void rampart_smtp_config_default(struct rampart_smtp_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->verbs = RAMPART_SMTP_VERBS_ALL;
	cfg->max_line = 512;
	cfg->max_reply_line = 512;
	cfg->smuggling = true;
}

bool rampart_smtp_match(const char *pattern, const char *addr, size_t len)
{
	size_t p = 0, a = 0, star_p = 0, star_a = 0, domain = len, i;
	bool star = false;

	for (i = 0; i < len; i++)
		if (addr[i] == '@')
			domain = i + 1;
	/* Iterative glob: on a mismatch the last '*' takes one byte more. */
	while (a < len) {
		u8 pc = pattern[p], ac = addr[a];

		if (pc == '*') {
			star = true;
			star_p = ++p;
			star_a = a;
		} else if (pc && (pc == ac || (a >= domain && upper(pc) == upper(ac)))) {
			p++;
			a++;
		} else if (star) {
			p = star_p;
			a = ++star_a;
		} else {
			return false;
		}
	}
	while (pattern[p] == '*')
		p++;
	return pattern[p] == '\0';
}

static const char *const check_names[__RAMPART_SMTP_CHECK_MAX] = {
	[RAMPART_SMTP_CHECK_NONE] = "none",
	[RAMPART_SMTP_CHECK_VERB] = "verb",
	[RAMPART_SMTP_CHECK_LINE] = "line",
	[RAMPART_SMTP_CHECK_REPLY_LINE] = "reply-line",
	[RAMPART_SMTP_CHECK_RCPTS] = "recipients",
	[RAMPART_SMTP_CHECK_SIZE] = "size",
	[RAMPART_SMTP_CHECK_STARTTLS] = "starttls",
	[RAMPART_SMTP_CHECK_SENDER] = "sender",
	[RAMPART_SMTP_CHECK_RECIPIENT] = "recipient",
	[RAMPART_SMTP_CHECK_SMUGGLING] = "smuggling",
	[RAMPART_SMTP_CHECK_SYNC] = "sync",
};

static const char *const action_names[__RAMPART_SMTP_ACTION_MAX] = {
	[RAMPART_SMTP_LOG] = "log",
	[RAMPART_SMTP_REJECT] = "reject",
	[RAMPART_SMTP_RESET] = "reset",
};

static const char *const event_names[__RAMPART_SMTP_EV_MAX] = {
	[RAMPART_SMTP_EV_NONE] = "none",
	[RAMPART_SMTP_EV_BANNER] = "banner",
	[RAMPART_SMTP_EV_TLS] = "tls",
	[RAMPART_SMTP_EV_SASL] = "sasl",
	[RAMPART_SMTP_EV_MESSAGE] = "message",
};

const char *rampart_smtp_check_name(unsigned int check)
{
	return check < __RAMPART_SMTP_CHECK_MAX ? check_names[check] : "unknown";
}

const char *rampart_smtp_action_name(unsigned int action)
{
	return action < __RAMPART_SMTP_ACTION_MAX ? action_names[action] : "unknown";
}

const char *rampart_smtp_event_name(unsigned int ev)
{
	return ev < __RAMPART_SMTP_EV_MAX ? event_names[ev] : "unknown";
}

size_t rampart_smtp_reply(char *buf, size_t size, const struct rampart_smtp_result *res,
			  const struct rampart_smtp_config *cfg, const char *resource)
{
	const char *name = resource ? resource : "";
	int n;

	switch (res->check) {
	case RAMPART_SMTP_CHECK_VERB:
		n = snprintf(buf, size, "550 5.5.1 Command %s not allowed by policy %.*s\r\n",
			     res->verb, RAMPART_POLICY_NAME_MAX, name);
		break;
	case RAMPART_SMTP_CHECK_LINE:
		n = snprintf(buf, size, "500 5.5.2 Line too long\r\n");
		break;
	case RAMPART_SMTP_CHECK_REPLY_LINE:
		n = snprintf(buf, size, "451 4.5.0 Server reply line too long\r\n");
		break;
	case RAMPART_SMTP_CHECK_RCPTS:
		n = snprintf(buf, size, "452 4.5.3 Too many recipients (policy limit %u)\r\n",
			     cfg->max_rcpts);
		break;
	case RAMPART_SMTP_CHECK_SIZE:
		n = snprintf(buf, size, "552 5.3.4 Message exceeds policy size limit\r\n");
		break;
	case RAMPART_SMTP_CHECK_STARTTLS:
		n = snprintf(buf, size, "554 5.7.1 STARTTLS not allowed by policy\r\n");
		break;
	case RAMPART_SMTP_CHECK_SENDER:
		n = snprintf(buf, size, "550 5.1.0 Sender not allowed by policy\r\n");
		break;
	case RAMPART_SMTP_CHECK_RECIPIENT:
		n = snprintf(buf, size, "550 5.1.1 Recipient not allowed by policy\r\n");
		break;
	case RAMPART_SMTP_CHECK_SMUGGLING:
		n = snprintf(buf, size,
			     "554 5.7.0 Message rejected: ambiguous end of data (SMTP smuggling)\r\n");
		break;
	case RAMPART_SMTP_CHECK_SYNC:
		n = snprintf(buf, size, "554 5.5.0 SMTP protocol synchronization error\r\n");
		break;
	default:
		n = 0;
		if (size)
			buf[0] = '\0';
	}
	return n > 0 ? (size_t)n : 0;
}
