// SPDX-License-Identifier: GPL-2.0
/*
 * The policy parser, by recursive descent with one token of look-ahead.
 *
 * Two kinds of trouble: a value error (a word where a word belongs, but
 * not a good one: `port 70000') is reported, the word is consumed and
 * parsing goes on; a syntax error (the wrong kind of token) makes the
 * statement's function return false, and the caller skips to where the
 * next statement or item can start (sync).
 */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "policy_parser.h"
#include "policy_lexer.h"
#include "policy_proto.h"
#include "policy_settings.h"

struct parser {
	struct policy_lexer lx;
	struct policy_token tok;
	struct policy *p;
	struct policy_diags *d;
};

/* What reading a value gave. */
enum read_result {
	READ_SYNTAX = -1,	/* wrong kind of token: reported, not consumed */
	READ_BAD = 0,		/* a bad word: reported and consumed */
	READ_OK = 1,
};

static const char *const clause_words[] = {
	"from", "to", "service", "in", "out", "track", "inspect",
};

enum clause { FROM, TO, SERVICE, IN, OUT, TRACK, INSPECT, CLAUSE_COUNT };

#define RULE_CLAUSES "a rule clause (from, to, service, in, out, track, inspect)"

static void advance(struct parser *ps)
{
	policy_lexer_next(&ps->lx, &ps->tok);
}

static bool at(const struct parser *ps, enum policy_token_kind kind)
{
	return ps->tok.kind == kind;
}

static bool word_equals(const char *text, size_t len, const char *word)
{
	return strlen(word) == len && memcmp(text, word, len) == 0;
}

static bool at_word(const struct parser *ps, const char *word)
{
	return at(ps, POLICY_TOK_WORD) &&
	       word_equals(ps->tok.text, ps->tok.len, word);
}

bool policy_is_reserved_word(const char *text, size_t len)
{
	size_t i;

	if (word_equals(text, len, "any"))
		return true;
	for (i = 0; i < CLAUSE_COUNT; i++)
		if (word_equals(text, len, clause_words[i]))
			return true;
	return false;
}

bool policy_is_name(const char *text, size_t len)
{
	size_t i;

	if (len == 0 || !((text[0] >= 'a' && text[0] <= 'z') ||
			  (text[0] >= 'A' && text[0] <= 'Z') || text[0] == '_'))
		return false;
	for (i = 1; i < len; i++)
		if (!policy_is_word_char((unsigned char)text[i]) ||
		    text[i] == ':' || text[i] == '/')
			return false;
	return true;
}

/* "`word'" for a token, or "end of file". buf: POLICY_QUOTE_MAX + 2. */
static const char *describe(const struct policy_token *t, char *buf)
{
	char q[POLICY_QUOTE_MAX];

	if (t->kind == POLICY_TOK_EOF)
		return "end of file";
	snprintf(buf, POLICY_QUOTE_MAX + 2, "`%s'",
		 policy_quote(t->text, t->len, q));
	return buf;
}

/* "expected WHAT, found ..." at the current token, unless reported. */
static void error_expected(struct parser *ps, const char *what)
{
	char buf[POLICY_QUOTE_MAX + 2];

	if (ps->tok.reported)
		return;
	policy_error(ps->d, ps->tok.loc, "expected %s, found %s", what,
		     describe(&ps->tok, buf));
}

static bool expect(struct parser *ps, enum policy_token_kind kind,
		   const char *what)
{
	if (at(ps, kind)) {
		advance(ps);
		return true;
	}
	error_expected(ps, what);
	return false;
}

/* The place of len bytes at offset off inside the current token. */
static struct policy_loc sub_loc(struct policy_loc loc, size_t off, size_t len)
{
	loc.col += (uint32_t)off;
	loc.end_col = loc.col + (uint32_t)(len ? len : 1) - 1;
	return loc;
}

/* From the start of a to the end of b when on one line, else a. */
static struct policy_loc join_loc(struct policy_loc a, struct policy_loc b)
{
	if (a.line == b.line && b.end_col >= a.col)
		a.end_col = b.end_col;
	return a;
}

/* Skip a { ... } block, nested ones included; the current token is `{'. */
static void skip_braces(struct parser *ps)
{
	size_t depth = 0;

	do {
		if (at(ps, POLICY_TOK_LBRACE))
			depth++;
		else if (at(ps, POLICY_TOK_RBRACE))
			depth--;
		advance(ps);
	} while (depth > 0 && !at(ps, POLICY_TOK_EOF));
}

static bool parse_settings(struct parser *ps);
static bool parse_group(struct parser *ps);
static bool parse_service(struct parser *ps);
static bool parse_smtp(struct parser *ps);
static bool parse_rule(struct parser *ps);

/* settings must stay first: at_statement_start() looks for its `{'. */
static const struct {
	const char *word;
	bool (*parse)(struct parser *ps);	/* NULL: host, network, range */
	enum policy_object_kind kind;		/* for those */
} statements[] = {
	{ "settings", parse_settings, 0 },
	{ "host", NULL, POLICY_HOST },
	{ "network", NULL, POLICY_NETWORK },
	{ "range", NULL, POLICY_RANGE },
	{ "group", parse_group, 0 },
	{ "service", parse_service, 0 },
	{ "smtp", parse_smtp, 0 },
	{ "rule", parse_rule, 0 },
};

#define STATEMENTS "a statement (settings, host, network, range, group, " \
		   "service, smtp or rule)"

static size_t n_statements(void)
{
	return sizeof(statements) / sizeof(statements[0]);
}

/* The token after the current one, without reporting anything. */
static enum policy_token_kind peek_kind(const struct parser *ps)
{
	struct policy_lexer lx = ps->lx;
	struct policy_diags quiet;
	struct policy_token t;

	policy_diags_init(&quiet);
	lx.diags = &quiet;
	policy_lexer_next(&lx, &t);
	policy_diags_free(&quiet);
	return t.kind;
}

/*
 * Does a new statement start here: a statement keyword first on its line,
 * followed by what follows it (`{' after settings, a word after the
 * others)? Then a `;' was forgotten before it, or a value is missing.
 */
static bool at_statement_start(const struct parser *ps)
{
	size_t i;

	if (!at(ps, POLICY_TOK_WORD) || !ps->tok.line_start)
		return false;
	for (i = 0; i < n_statements(); i++)
		if (at_word(ps, statements[i].word))
			return peek_kind(ps) == (i == 0 ? POLICY_TOK_LBRACE :
						 POLICY_TOK_WORD);
	return false;
}

enum sync_scope { STATEMENT, BLOCK_ITEM };

/*
 * After a syntax error, skip the rest of what was being read. A statement
 * ends at its `;' (consumed), after a { } block, or before a statement
 * keyword at the start of a line (a `;' forgotten at the end of the line
 * before); a stray `}' is consumed. An item of a block ends at its `;'
 * (consumed) or before the block's `}'.
 */
static void sync(struct parser *ps, enum sync_scope scope)
{
	for (;;) {
		switch (ps->tok.kind) {
		case POLICY_TOK_EOF:
			return;
		case POLICY_TOK_RBRACE:
			if (scope == STATEMENT)
				advance(ps);
			return;
		case POLICY_TOK_SEMICOLON:
			advance(ps);
			return;
		case POLICY_TOK_LBRACE:
			skip_braces(ps);
			return;
		default:
			if (scope == STATEMENT && at_statement_start(ps))
				return;
			advance(ps);
		}
	}
}

/* The `}' of a block opened at open; reported when missing. */
static void close_block(struct parser *ps, struct policy_loc open)
{
	if (at(ps, POLICY_TOK_RBRACE)) {
		advance(ps);
		return;
	}
	error_expected(ps, "`}'");
	policy_note(ps->d, open, "to match this `{'");
}

/*
 * A { } block of items, the current token being its `{'. item() reads
 * one item; when it returns false (a syntax error), the rest of the item
 * is skipped.
 */
static bool parse_block(struct parser *ps,
			bool (*item)(struct parser *ps, void *arg), void *arg)
{
	struct policy_loc open = ps->tok.loc;

	if (!expect(ps, POLICY_TOK_LBRACE, "`{'"))
		return false;
	while (!at(ps, POLICY_TOK_RBRACE) && !at(ps, POLICY_TOK_EOF))
		if (!item(ps, arg))
			sync(ps, BLOCK_ITEM);
	close_block(ps, open);
	return true;
}

/*
 * Is the current token a word that can be a value? A statement keyword
 * at the start of a line is taken for the next statement instead.
 */
static bool at_value(const struct parser *ps)
{
	return at(ps, POLICY_TOK_WORD) && !at_statement_start(ps);
}

/*
 * Read a decimal number; false when text is not one. Numbers above
 * UINT32_MAX read as some larger value, so they fail every bound.
 */
static bool read_number(const char *text, size_t len, uint64_t *value)
{
	size_t i;

	if (len == 0)
		return false;
	*value = 0;
	for (i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9')
			return false;
		if (*value <= UINT32_MAX)
			*value = *value * 10 + (uint64_t)(text[i] - '0');
	}
	return true;
}

/* "`a', `b' or `c'" from a NULL-terminated list. */
static void list_words(const char *const *words, char *buf, size_t size)
{
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; words[i] && used < size; i++) {
		const char *sep = i == 0 ? "" : words[i + 1] ? ", " : " or ";

		used += (size_t)snprintf(buf + used, size - used, "%s`%s'",
					 sep, words[i]);
	}
}

/* The value of a setting described by desc. */
static enum read_result read_value(struct parser *ps,
				   const struct policy_setting_desc *desc,
				   uint32_t *value)
{
	const struct policy_token *t = &ps->tok;
	char expected[128], q[POLICY_QUOTE_MAX];
	uint64_t n;
	uint32_t i;

	if (desc->choices) {
		list_words(desc->choices, expected, sizeof(expected));
	} else {
		snprintf(expected, sizeof(expected), "a number%s%s",
			 desc->unit ? " of " : "", desc->unit ? desc->unit : "");
	}
	if (!at_value(ps)) {
		error_expected(ps, expected);
		return READ_SYNTAX;
	}
	if (desc->choices) {
		for (i = 0; desc->choices[i]; i++) {
			if (word_equals(t->text, t->len, desc->choices[i])) {
				*value = i;
				advance(ps);
				return READ_OK;
			}
		}
		error_expected(ps, expected);
	} else if (!read_number(t->text, t->len, &n)) {
		error_expected(ps, expected);
	} else if (n < desc->min || n > desc->max) {
		policy_error(ps->d, t->loc,
			     "%s `%s' out of range: %u to %u%s%s", desc->name,
			     policy_quote(t->text, t->len, q), desc->min,
			     desc->max, desc->unit ? " " : "",
			     desc->unit ? desc->unit : "");
	} else {
		*value = (uint32_t)n;
		advance(ps);
		return READ_OK;
	}
	advance(ps);
	return READ_BAD;
}

/* Store a setting, unless it is set already. */
static void store_value(struct parser *ps, struct policy_value *v,
			const char *name, uint32_t value, struct policy_loc loc)
{
	if (v->set) {
		policy_error(ps->d, loc, "`%s' is already set", name);
		policy_note(ps->d, v->loc, "first set here");
		return;
	}
	v->set = true;
	v->value = value;
	v->loc = loc;
}

static bool desc_matches(const struct policy_setting_desc *d, const char *name)
{
	return strcmp(d->name, name) == 0 || (d->alias && strcmp(d->alias, name) == 0);
}

/*
 * The second words of the settings whose name starts with the word first
 * ("timeout" -> "`start', `idle' or `end'"); "" when there are none.
 */
static void second_words(const struct policy_setting_desc *table, size_t n,
			 const char *first, char *buf, size_t size)
{
	const char *words[POLICY_SERVICE_SETTING_COUNT + 1];
	size_t i, k = 0, len = strlen(first);

	for (i = 0; i < n && k < POLICY_SERVICE_SETTING_COUNT; i++)
		if (strncmp(table[i].name, first, len) == 0 &&
		    table[i].name[len] == ' ')
			words[k++] = table[i].name + len + 1;
	words[k] = NULL;
	list_words(words, buf, size);
}

struct setting_table {
	const struct policy_setting_desc *descs;
	size_t n;
	struct policy_value *values;
	const char *what;	/* "setting", "service setting" */
};

/* NAME VALUE ; where NAME is one word or two ("timeout idle"). */
static bool parse_setting(struct parser *ps, const struct setting_table *st)
{
	char name[2 * POLICY_QUOTE_MAX + 2], q[POLICY_QUOTE_MAX];
	char seconds[128], expected[sizeof(seconds) + sizeof(name) + 16];
	struct policy_loc loc = ps->tok.loc;
	const struct policy_setting_desc *desc = NULL;
	uint32_t value;
	size_t i;

	if (!at(ps, POLICY_TOK_WORD)) {
		snprintf(expected, sizeof(expected), "a %s or `}'", st->what);
		error_expected(ps, expected);
		return false;
	}
	policy_quote(ps->tok.text, ps->tok.len, name);
	advance(ps);
	second_words(st->descs, st->n, name, seconds, sizeof(seconds));
	if (seconds[0]) {
		if (!at(ps, POLICY_TOK_WORD)) {
			snprintf(expected, sizeof(expected), "%s after `%s'",
				 seconds, name);
			error_expected(ps, expected);
			return false;
		}
		strcat(name, " ");
		strcat(name, policy_quote(ps->tok.text, ps->tok.len, q));
		loc = join_loc(loc, ps->tok.loc);
		advance(ps);
	}
	for (i = 0; i < st->n && !desc; i++)
		if (desc_matches(&st->descs[i], name))
			desc = &st->descs[i];
	if (!desc) {
		policy_error(ps->d, loc, "unknown %s `%s'", st->what, name);
		return false;
	}
	switch (read_value(ps, desc, &value)) {
	case READ_SYNTAX:
		return false;
	case READ_OK:
		store_value(ps, &st->values[desc - st->descs], desc->name,
			    value, loc);
		break;
	case READ_BAD:
		break;
	}
	return expect(ps, POLICY_TOK_SEMICOLON, "`;'");
}

static bool parse_setting_item(struct parser *ps, void *arg)
{
	return parse_setting(ps, arg);
}

/* settings { max-connections N; late-packet-grace on; tcp { ... } ... } */
static bool parse_settings_item(struct parser *ps, void *arg)
{
	struct policy_settings *s = &ps->p->settings;
	struct setting_table global = {
		policy_global_settings, POLICY_GLOBAL_SETTING_COUNT,
		s->global, "setting",
	};
	enum policy_proto proto;

	(void)arg;
	if (at(ps, POLICY_TOK_WORD) &&
	    policy_proto_lookup(ps->tok.text, ps->tok.len, &proto)) {
		struct setting_table defaults = {
			policy_service_settings, POLICY_SERVICE_SETTING_COUNT,
			s->proto[proto], "service setting",
		};

		advance(ps);
		return parse_block(ps, parse_setting_item, &defaults);
	}
	return parse_setting(ps, &global);
}

static bool parse_settings(struct parser *ps)
{
	/* Several blocks are one set of settings, placed at the first. */
	if (!ps->p->settings.loc.line)
		ps->p->settings.loc = ps->tok.loc;
	advance(ps);
	return parse_block(ps, parse_settings_item, NULL);
}

/* Is the word t a good name? Reported when not. */
static bool check_name(struct parser *ps, const struct policy_token *t)
{
	char q[POLICY_QUOTE_MAX];

	if (t->len > POLICY_NAME_MAX) {
		policy_error(ps->d, t->loc,
			     "name `%s' is too long: at most %d characters",
			     policy_quote(t->text, t->len, q), POLICY_NAME_MAX);
		return false;
	}
	if (!policy_is_name(t->text, t->len)) {
		policy_error(ps->d, t->loc,
			     "invalid name `%s': a name starts with a letter or `_' and holds letters, digits, `_', `.' and `-'",
			     policy_quote(t->text, t->len, q));
		return false;
	}
	return true;
}

/* A name being defined. *valid is false when it is not a good name. */
static bool read_defined_name(struct parser *ps, const char *kind,
			      struct policy_token *name, bool *valid)
{
	char what[64];

	snprintf(what, sizeof(what), "the name of the %s", kind);
	if (!at_value(ps)) {
		error_expected(ps, what);
		return false;
	}
	*name = ps->tok;
	*valid = check_name(ps, name);
	advance(ps);
	return true;
}

/* Parse an IPv4 or IPv6 address from len bytes of text. */
static bool read_address(const char *text, size_t len, struct policy_addr *a)
{
	char buf[POLICY_ADDR_TEXT_MAX];

	if (len == 0 || len >= sizeof(buf))
		return false;
	memcpy(buf, text, len);
	buf[len] = '\0';
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, buf, a->bytes) == 1) {
		a->family = POLICY_IPV4;
		return true;
	}
	if (inet_pton(AF_INET6, buf, a->bytes) == 1) {
		a->family = POLICY_IPV6;
		return true;
	}
	return false;
}

/* One address at offset off of the current token; reported when bad. */
static bool read_address_part(struct parser *ps, size_t off, size_t len,
			      struct policy_addr *a)
{
	char q[POLICY_QUOTE_MAX];

	if (read_address(ps->tok.text + off, len, a))
		return true;
	policy_error(ps->d, sub_loc(ps->tok.loc, off, len),
		     "invalid address `%s'",
		     policy_quote(ps->tok.text + off, len, q));
	return false;
}

static bool read_host_value(struct parser *ps, struct policy_object *o)
{
	const struct policy_token *t = &ps->tok;
	char q[POLICY_QUOTE_MAX];

	if (memchr(t->text, '/', t->len)) {
		policy_error(ps->d, t->loc,
			     "a host is one address, `%s' is a prefix: use network",
			     policy_quote(t->text, t->len, q));
		return false;
	}
	if (memchr(t->text, '-', t->len)) {
		policy_error(ps->d, t->loc,
			     "a host is one address, `%s' is a range: use range",
			     policy_quote(t->text, t->len, q));
		return false;
	}
	return read_address_part(ps, 0, t->len, &o->addr);
}

/*
 * Where separator sep splits the current word ("ADDRESS/LENGTH"); when it
 * has none, report that it should be what.
 */
static bool split_word(struct parser *ps, char sep, const char *what,
		       size_t *at_sep)
{
	const struct policy_token *t = &ps->tok;
	const char *found = memchr(t->text, sep, t->len);
	char q[POLICY_QUOTE_MAX];

	if (!found) {
		policy_error(ps->d, t->loc, "expected %s, found `%s'", what,
			     policy_quote(t->text, t->len, q));
		return false;
	}
	*at_sep = (size_t)(found - t->text);
	return true;
}

static bool read_network_value(struct parser *ps, struct policy_object *o)
{
	const struct policy_token *t = &ps->tok;
	char q[POLICY_QUOTE_MAX];
	size_t alen, llen;
	uint64_t bits;

	if (!split_word(ps, '/', "a prefix ADDRESS/LENGTH", &alen) ||
	    !read_address_part(ps, 0, alen, &o->addr))
		return false;
	llen = t->len - alen - 1;
	if (!read_number(t->text + alen + 1, llen, &bits) ||
	    bits > policy_addr_bits(&o->addr)) {
		policy_error(ps->d, sub_loc(t->loc, alen + 1, llen),
			     "invalid prefix length `%s': %s prefixes are 0 to %u",
			     policy_quote(t->text + alen + 1, llen, q),
			     o->addr.family == POLICY_IPV4 ? "IPv4" : "IPv6",
			     policy_addr_bits(&o->addr));
		return false;
	}
	o->prefix_len = (uint8_t)bits;
	return true;
}

static bool read_range_value(struct parser *ps, struct policy_object *o)
{
	size_t flen, len = ps->tok.len;
	bool ok;

	if (!split_word(ps, '-', "a range ADDRESS-ADDRESS", &flen))
		return false;
	ok = read_address_part(ps, 0, flen, &o->addr);
	return read_address_part(ps, flen + 1, len - flen - 1, &o->last) && ok;
}

/* host|network|range NAME VALUE ; */
static bool parse_address_object(struct parser *ps,
				 enum policy_object_kind kind)
{
	static const char *const expected[] = {
		[POLICY_HOST] = "an address",
		[POLICY_NETWORK] = "a prefix ADDRESS/LENGTH",
		[POLICY_RANGE] = "a range ADDRESS-ADDRESS",
	};
	struct policy_token name;
	struct policy_object *o;
	bool valid, ok;

	advance(ps);
	if (!read_defined_name(ps, "object", &name, &valid))
		return false;
	o = policy_add_object(ps->p, kind, name.text, name.len, name.loc);
	o->invalid = !valid;
	if (!at_value(ps)) {
		o->invalid = true;
		error_expected(ps, expected[kind]);
		return false;
	}
	o->value_loc = ps->tok.loc;
	if (kind == POLICY_HOST)
		ok = read_host_value(ps, o);
	else if (kind == POLICY_NETWORK)
		ok = read_network_value(ps, o);
	else
		ok = read_range_value(ps, o);
	if (!ok)
		o->invalid = true;
	advance(ps);
	return expect(ps, POLICY_TOK_SEMICOLON, "`;'");
}

/* Is this word an address, a prefix or a range of addresses? */
static bool is_address_like(const char *text, size_t len)
{
	struct policy_addr a;
	size_t first = 0;

	while (first < len && text[first] != '/' && text[first] != '-')
		first++;
	return read_address(text, len, &a) ||
	       (first < len && read_address(text, first, &a));
}

/*
 * A name that refers to something (what: "an object name"). Addresses
 * are refused with a hint: rules and groups name their objects.
 */
static enum read_result read_ref(struct parser *ps, struct policy_refs *refs,
				 const char *what)
{
	const struct policy_token *t = &ps->tok;
	char q[POLICY_QUOTE_MAX];

	if (!at_value(ps) || (policy_is_reserved_word(t->text, t->len) &&
			      !word_equals(t->text, t->len, "any"))) {
		error_expected(ps, what);
		return READ_SYNTAX;
	}
	if (is_address_like(t->text, t->len)) {
		policy_error(ps->d, t->loc,
			     "`%s' is an address: name it (host, network or range) and use the name here",
			     policy_quote(t->text, t->len, q));
		advance(ps);
		return READ_BAD;
	}
	if (!check_name(ps, t)) {
		advance(ps);
		return READ_BAD;
	}
	policy_add_ref(refs, t->text, t->len, t->loc);
	advance(ps);
	return READ_OK;
}

/* group NAME { NAME, NAME, ... } */
static bool parse_group(struct parser *ps)
{
	struct policy_token name;
	struct policy_object *o;
	struct policy_loc open;
	bool valid;
	enum read_result r;

	advance(ps);
	if (!read_defined_name(ps, "group", &name, &valid))
		return false;
	o = policy_add_object(ps->p, POLICY_GROUP, name.text, name.len,
			      name.loc);
	o->invalid = !valid;
	open = ps->tok.loc;
	if (!expect(ps, POLICY_TOK_LBRACE, "`{'"))
		return false;
	if (at(ps, POLICY_TOK_RBRACE)) {
		char q[POLICY_QUOTE_MAX];

		policy_error(ps->d, name.loc, "group `%s' has no members",
			     policy_quote(name.text, name.len, q));
		o->invalid = true;
	}
	while (!at(ps, POLICY_TOK_RBRACE) && !at(ps, POLICY_TOK_EOF)) {
		r = read_ref(ps, &o->members, "an object name");
		if (r != READ_OK)
			o->invalid = true;
		if (r == READ_SYNTAX) {
			sync(ps, BLOCK_ITEM);
			break;
		}
		if (at(ps, POLICY_TOK_COMMA)) {
			advance(ps);
			continue;
		}
		if (!at(ps, POLICY_TOK_RBRACE)) {
			error_expected(ps, "`,' or `}'");
			sync(ps, BLOCK_ITEM);
			break;
		}
	}
	close_block(ps, open);
	return true;
}

/* One port or port range of a tcp or udp service. */
static void read_port_span(struct parser *ps, struct policy_service *s)
{
	const struct policy_token *t = &ps->tok;
	const char *dash = memchr(t->text, '-', t->len);
	size_t flen = dash ? (size_t)(dash - t->text) : t->len;
	size_t offs[2] = { 0, flen + 1 };
	size_t lens[2] = { flen, dash ? t->len - flen - 1 : 0 };
	uint64_t port[2];
	char q[POLICY_QUOTE_MAX];
	int i, n = dash ? 2 : 1;
	bool ok = true;

	for (i = 0; i < n; i++) {
		const char *text = t->text + offs[i];
		struct policy_loc loc = sub_loc(t->loc, offs[i], lens[i]);

		if (!read_number(text, lens[i], &port[i])) {
			policy_error(ps->d, loc,
				     "invalid port `%s': ports are numbers from 1 to 65535",
				     policy_quote(text, lens[i], q));
			ok = false;
		} else if (port[i] < 1 || port[i] > 65535) {
			policy_error(ps->d, loc,
				     "port `%s' out of range: ports are 1 to 65535",
				     policy_quote(text, lens[i], q));
			ok = false;
		}
	}
	if (ok)
		policy_add_span(s, (uint16_t)port[0], (uint16_t)port[n - 1],
				t->loc);
}

/* One ICMP or ICMPv6 type: a name or a number. */
static void read_icmp_span(struct parser *ps, struct policy_service *s)
{
	const struct policy_token *t = &ps->tok;
	const char *proto = policy_proto_name(s->proto);
	char q[POLICY_QUOTE_MAX];
	uint64_t n;
	uint8_t type;

	if (policy_icmp_type_lookup(s->proto, t->text, t->len, &type)) {
		policy_add_span(s, type, type, t->loc);
	} else if (!read_number(t->text, t->len, &n)) {
		policy_error(ps->d, t->loc, "unknown %s type `%s'", proto,
			     policy_quote(t->text, t->len, q));
	} else if (n > 255) {
		policy_error(ps->d, t->loc,
			     "%s type `%s' out of range: 0 to 255", proto,
			     policy_quote(t->text, t->len, q));
	} else {
		policy_add_span(s, (uint16_t)n, (uint16_t)n, t->loc);
	}
}

/* service NAME PROTO SPAN, SPAN ... ( ; | { SETTINGS } ) */
static bool parse_service(struct parser *ps)
{
	struct policy_token name;
	struct policy_service *s;
	enum policy_proto proto = POLICY_TCP;
	bool valid, known;
	char q[POLICY_QUOTE_MAX];

	advance(ps);
	if (!read_defined_name(ps, "service", &name, &valid))
		return false;
	if (!at_value(ps)) {
		error_expected(ps, "a protocol (tcp, udp, icmp or icmpv6)");
		s = policy_add_service(ps->p, proto, name.text, name.len,
				       name.loc);
		s->invalid = true;
		return false;
	}
	known = policy_proto_lookup(ps->tok.text, ps->tok.len, &proto);
	s = policy_add_service(ps->p, proto, name.text, name.len, name.loc);
	s->invalid = !valid || !known;
	if (!known) {
		policy_error(ps->d, ps->tok.loc,
			     "unknown protocol `%s': expected tcp, udp, icmp or icmpv6",
			     policy_quote(ps->tok.text, ps->tok.len, q));
		return false;
	}
	advance(ps);
	for (;;) {
		if (!at_value(ps)) {
			error_expected(ps, policy_proto_has_ports(proto) ?
				       "a port or port range" :
				       "an icmp type");
			return false;
		}
		if (policy_proto_has_ports(proto))
			read_port_span(ps, s);
		else
			read_icmp_span(ps, s);
		advance(ps);
		if (!at(ps, POLICY_TOK_COMMA))
			break;
		advance(ps);
	}
	if (at(ps, POLICY_TOK_LBRACE)) {
		struct setting_table st = {
			policy_service_settings, POLICY_SERVICE_SETTING_COUNT,
			s->settings, "service setting",
		};

		/* s stays valid: nothing is added to services meanwhile. */
		return parse_block(ps, parse_setting_item, &st);
	}
	return expect(ps, POLICY_TOK_SEMICOLON, "`,', `;' or `{'");
}

/* A verb as written after `verbs': 1..15 letters, digits and `-'. */
static bool is_verb(const char *text, size_t len)
{
	size_t i;

	if (len == 0 || len > POLICY_SMTP_VERB_MAX)
		return false;
	for (i = 0; i < len; i++) {
		char c = text[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-'))
			return false;
	}
	return true;
}

/*
 * Add a verb (upper-cased) to the list: known verbs in their order, then
 * the others as written. False when it is there already.
 */
static bool add_verb(struct policy_refs *verbs, const char *text, size_t len,
		     struct policy_loc loc)
{
	char up[POLICY_SMTP_VERB_MAX + 1];
	size_t i, at, known;

	for (i = 0; i < len; i++)
		up[i] = text[i] >= 'a' && text[i] <= 'z' ? text[i] - 'a' + 'A' :
							   text[i];
	up[len] = '\0';
	for (i = 0; i < verbs->n; i++)
		if (strcmp(verbs->v[i].name, up) == 0)
			return false;
	for (known = 0; known < POLICY_SMTP_KNOWN_VERBS; known++)
		if (strcmp(policy_smtp_known_verbs[known], up) == 0)
			break;
	policy_add_ref(verbs, up, len, loc);
	if (known == POLICY_SMTP_KNOWN_VERBS)
		return true;
	/* Move it before the first verb that comes after it. */
	for (at = 0; at + 1 < verbs->n; at++) {
		size_t k;

		for (k = 0; k < POLICY_SMTP_KNOWN_VERBS; k++)
			if (strcmp(policy_smtp_known_verbs[k], verbs->v[at].name) == 0)
				break;
		if (k > known)
			break;
	}
	if (at + 1 < verbs->n) {
		struct policy_ref r = verbs->v[verbs->n - 1];

		memmove(&verbs->v[at + 1], &verbs->v[at],
			(verbs->n - 1 - at) * sizeof(r));
		verbs->v[at] = r;
	}
	return true;
}

static size_t extra_verbs(const struct policy_refs *verbs)
{
	size_t i, k, n = 0;

	for (i = 0; i < verbs->n; i++) {
		for (k = 0; k < POLICY_SMTP_KNOWN_VERBS; k++)
			if (strcmp(policy_smtp_known_verbs[k], verbs->v[i].name) == 0)
				break;
		n += k == POLICY_SMTP_KNOWN_VERBS;
	}
	return n;
}

/* Is a list option given twice? Reported when it is. */
static bool list_given(struct parser *ps, const struct policy_refs *list,
		       struct policy_loc first, struct policy_loc loc,
		       const char *name)
{
	if (!list->n)
		return false;
	policy_error(ps->d, loc, "`%s' is already set", name);
	policy_note(ps->d, first, "first set here");
	return true;
}

/* verbs WORD, WORD ... ; */
static bool parse_smtp_verbs(struct parser *ps, struct policy_smtp *m,
			     struct policy_loc loc)
{
	struct policy_refs verbs = { 0 };
	char q[POLICY_QUOTE_MAX];
	bool twice = list_given(ps, &m->verbs, m->verbs_loc, loc, "verbs");

	for (;;) {
		const struct policy_token *t = &ps->tok;

		if (!at_value(ps)) {
			error_expected(ps, "an SMTP command verb");
			policy_refs_free(&verbs);
			return false;
		}
		if (!is_verb(t->text, t->len))
			policy_error(ps->d, t->loc,
				     "invalid SMTP verb `%s': 1 to %d letters, digits or `-'",
				     policy_quote(t->text, t->len, q),
				     POLICY_SMTP_VERB_MAX);
		else if (!add_verb(&verbs, t->text, t->len, t->loc))
			policy_error(ps->d, t->loc, "verb `%s' listed twice",
				     policy_quote(t->text, t->len, q));
		else if (extra_verbs(&verbs) > POLICY_SMTP_EXTRA_VERBS)
			policy_error(ps->d, t->loc,
				     "too many verbs: at most %d besides the %d known ones",
				     POLICY_SMTP_EXTRA_VERBS, POLICY_SMTP_KNOWN_VERBS);
		advance(ps);
		if (!at(ps, POLICY_TOK_COMMA))
			break;
		advance(ps);
	}
	if (!twice && verbs.n) {
		m->verbs = verbs;
		m->verbs_loc = loc;
	} else {
		policy_refs_free(&verbs);
	}
	return expect(ps, POLICY_TOK_SEMICOLON, "`,' or `;'");
}

/* senders "PATTERN", ... ; and recipients */
static bool parse_smtp_patterns(struct parser *ps, struct policy_refs *list,
				struct policy_loc *list_loc,
				struct policy_loc loc, const char *name)
{
	struct policy_refs patterns = { 0 };
	char q[POLICY_QUOTE_MAX];
	bool twice = list_given(ps, list, *list_loc, loc, name);

	for (;;) {
		const struct policy_token *t = &ps->tok;

		if (!at(ps, POLICY_TOK_STRING)) {
			error_expected(ps, "an address pattern in quotes (\"*@example.com\")");
			policy_refs_free(&patterns);
			return false;
		}
		if (t->value_len > POLICY_SMTP_PATTERN_MAX)
			policy_error(ps->d, t->loc,
				     "pattern `%s' is too long: at most %d bytes",
				     policy_quote(t->value, t->value_len, q),
				     POLICY_SMTP_PATTERN_MAX);
		else if (memchr(t->value, '\0', t->value_len))
			policy_error(ps->d, t->loc, "pattern holds a NUL byte");
		else if (patterns.n == POLICY_SMTP_PATTERNS)
			policy_error(ps->d, t->loc,
				     "too many patterns: at most %d per list",
				     POLICY_SMTP_PATTERNS);
		else
			policy_add_ref(&patterns, t->value, t->value_len, t->loc);
		advance(ps);
		if (!at(ps, POLICY_TOK_COMMA))
			break;
		advance(ps);
	}
	if (!twice && patterns.n) {
		*list = patterns;
		*list_loc = loc;
	} else {
		policy_refs_free(&patterns);
	}
	return expect(ps, POLICY_TOK_SEMICOLON, "`,' or `;'");
}

/* action ACTION ; or action CHECK ACTION ; */
static bool parse_smtp_action(struct parser *ps, struct policy_smtp *m,
			      struct policy_loc loc)
{
	const struct policy_setting_desc *desc = &policy_smtp_settings[POLICY_SMTP_ACTION];
	struct policy_value *v = &m->settings[POLICY_SMTP_ACTION];
	char name[64];
	uint32_t value;
	size_t c;

	strcpy(name, "action");
	for (c = 1; c < POLICY_SMTP_CHECK_COUNT; c++) {
		if (at_word(ps, policy_smtp_check_names[c])) {
			snprintf(name, sizeof(name), "action %s",
				 policy_smtp_check_names[c]);
			v = &m->check_action[c];
			loc = join_loc(loc, ps->tok.loc);
			advance(ps);
			break;
		}
	}
	switch (read_value(ps, desc, &value)) {
	case READ_SYNTAX:
		return false;
	case READ_OK:
		store_value(ps, v, name, value, loc);
		break;
	case READ_BAD:
		if (c < POLICY_SMTP_CHECK_COUNT)
			break;
		policy_note(ps->d, loc,
			    "or a check: verb, line, reply-line, recipients, size, starttls, sender, recipient, smuggling or sync");
		return false;
	}
	return expect(ps, POLICY_TOK_SEMICOLON, "`;'");
}

/* One option of smtp NAME { }; arg: the resource's index. */
static bool parse_smtp_option(struct parser *ps, void *arg)
{
	struct policy_smtp *m = &ps->p->smtps[*(size_t *)arg];
	struct setting_table st = {
		policy_smtp_settings, POLICY_SMTP_SETTING_COUNT,
		m->settings, "smtp option",
	};
	struct policy_loc loc = ps->tok.loc;

	if (!at(ps, POLICY_TOK_WORD)) {
		error_expected(ps, "an smtp option or `}'");
		return false;
	}
	if (at_word(ps, "verbs")) {
		advance(ps);
		return parse_smtp_verbs(ps, m, loc);
	}
	if (at_word(ps, "senders")) {
		advance(ps);
		return parse_smtp_patterns(ps, &m->senders, &m->senders_loc,
					   loc, "senders");
	}
	if (at_word(ps, "recipients")) {
		advance(ps);
		return parse_smtp_patterns(ps, &m->recipients,
					   &m->recipients_loc, loc,
					   "recipients");
	}
	if (at_word(ps, "action")) {
		advance(ps);
		return parse_smtp_action(ps, m, loc);
	}
	return parse_setting(ps, &st);
}

static bool parse_smtp(struct parser *ps)
{
	struct policy_token name;
	size_t index;
	bool valid;

	advance(ps);
	if (!read_defined_name(ps, "smtp resource", &name, &valid))
		return false;
	index = ps->p->n_smtps;
	policy_add_smtp(ps->p, name.text, name.len, name.loc);
	return parse_block(ps, parse_smtp_option, &index);
}

/* NAME, NAME, ... after from, to or service. */
static enum read_result read_ref_list(struct parser *ps,
				      struct policy_refs *refs, const char *what)
{
	enum read_result worst = READ_OK;

	for (;;) {
		enum read_result r = read_ref(ps, refs, what);

		if (r == READ_SYNTAX)
			return r;
		if (r == READ_BAD)
			worst = r;
		if (!at(ps, POLICY_TOK_COMMA))
			return worst;
		advance(ps);
	}
}

static bool is_interface_name(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > POLICY_IFNAME_MAX || word_equals(s, len, ".") ||
	    word_equals(s, len, ".."))
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '/' || c == ':' || c == '"' || c <= ' ' || c == 0x7f)
			return false;
	}
	return true;
}

/* An interface name after in or out: a word or a "string". */
static enum read_result read_interface(struct parser *ps,
				       struct policy_ref *iface)
{
	const struct policy_token *t = &ps->tok;
	char q[POLICY_QUOTE_MAX];

	if (!at_value(ps) && !at(ps, POLICY_TOK_STRING)) {
		error_expected(ps, "an interface name");
		return READ_SYNTAX;
	}
	if (!is_interface_name(t->value, t->value_len)) {
		policy_error(ps->d, t->loc,
			     "invalid interface name `%s': 1 to %d characters, not `.' or `..', without `/', `:', `\"' or spaces",
			     policy_quote(t->value, t->value_len, q),
			     POLICY_IFNAME_MAX);
		advance(ps);
		return READ_BAD;
	}
	policy_set_ref(iface, t->value, t->value_len, t->loc);
	advance(ps);
	return READ_OK;
}

static int clause_of(const struct parser *ps)
{
	int i;

	for (i = 0; i < CLAUSE_COUNT; i++)
		if (at_word(ps, clause_words[i]))
			return i;
	return -1;
}

/* The value of clause c of rule r; read into nothing when given twice. */
static enum read_result read_clause(struct parser *ps, struct policy_rule *r,
				    enum clause c, bool twice)
{
	struct policy_refs scratch = { 0 };
	struct policy_ref scratch_iface = { 0 };
	enum read_result res;
	uint32_t value;

	switch (c) {
	case FROM:
	case TO:
	case SERVICE:
		res = read_ref_list(ps, twice ? &scratch :
				    c == FROM ? &r->from :
				    c == TO ? &r->to : &r->services,
				    c == SERVICE ? "a service name" :
						   "an object name");
		break;
	case IN:
	case OUT:
		res = read_interface(ps, twice ? &scratch_iface :
					 c == IN ? &r->in_iface :
						   &r->out_iface);
		break;
	case TRACK:
		res = read_value(ps, &policy_track_setting, &value);
		if (res == READ_OK && !twice) {
			r->track.set = true;
			r->track.value = value;
		}
		break;
	default:
		res = read_ref(ps, &scratch, "an smtp resource name");
		if (res == READ_OK && !twice)
			policy_set_ref(&r->inspect, scratch.v[0].name,
				       strlen(scratch.v[0].name),
				       scratch.v[0].loc);
		break;
	}
	policy_refs_free(&scratch);
	free(scratch_iface.name);
	return res;
}

/* rule ACTION CLAUSE ... ; */
static bool parse_rule(struct parser *ps)
{
	static const char *const nouns[] = {
		[FROM] = "source", [TO] = "destination", [SERVICE] = "service",
	};
	struct policy_loc seen[CLAUSE_COUNT];
	bool given[CLAUSE_COUNT] = { false };
	struct policy_rule *r;
	uint32_t action = 0;
	size_t number;
	int c;

	r = policy_add_rule(ps->p, ps->tok.loc);
	number = ps->p->n_rules;
	advance(ps);
	switch (read_value(ps, &policy_action_setting, &action)) {
	case READ_SYNTAX:
		r->invalid = true;
		return false;
	case READ_BAD:
		r->invalid = true;
		break;
	case READ_OK:
		r->action = action;
		break;
	}
	while (!at(ps, POLICY_TOK_SEMICOLON)) {
		enum read_result res;

		c = clause_of(ps);
		if (c < 0) {
			error_expected(ps, RULE_CLAUSES " or `;'");
			r->invalid = true;
			return false;
		}
		if (given[c]) {
			policy_error(ps->d, ps->tok.loc,
				     "`%s' given twice in rule %zu",
				     clause_words[c], number);
			policy_note(ps->d, seen[c], "first given here");
			r->invalid = true;
		}
		if (c == TRACK && !given[c])
			r->track.loc = ps->tok.loc;
		seen[c] = ps->tok.loc;
		advance(ps);
		res = read_clause(ps, r, c, given[c]);
		given[c] = true;
		if (res != READ_OK)
			r->invalid = true;
		if (res == READ_SYNTAX)
			return false;
	}
	advance(ps);
	for (c = FROM; c <= SERVICE; c++) {
		if (given[c] || r->invalid)
			continue;
		policy_error(ps->d, r->loc,
			     "rule %zu has no `%s': write `%s any' to match every %s",
			     number, clause_words[c], clause_words[c], nouns[c]);
	}
	for (c = FROM; c <= SERVICE; c++)
		if (!given[c])
			r->invalid = true;
	return true;
}

struct policy *policy_parse(const char *text, size_t len,
			    struct policy_diags *diags)
{
	struct parser ps = { .d = diags };
	size_t i;

	ps.p = policy_new();
	policy_lexer_init(&ps.lx, text, len, diags);
	advance(&ps);
	while (!at(&ps, POLICY_TOK_EOF)) {
		if (at(&ps, POLICY_TOK_SEMICOLON)) {
			advance(&ps);	/* an empty statement */
			continue;
		}
		for (i = 0; i < n_statements(); i++)
			if (at_word(&ps, statements[i].word))
				break;
		if (i == n_statements()) {
			error_expected(&ps, STATEMENTS);
			if (at(&ps, POLICY_TOK_WORD))
				advance(&ps);
			sync(&ps, STATEMENT);
		} else if (!(statements[i].parse ?
			     statements[i].parse(&ps) :
			     parse_address_object(&ps, statements[i].kind))) {
			sync(&ps, STATEMENT);
		}
	}
	return ps.p;
}
