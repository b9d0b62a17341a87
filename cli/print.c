// SPDX-License-Identifier: GPL-2.0
/*
 * Text and JSON output of version, chain, stats and conn.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <string.h>

#include <linux/rampart.h>

#include "print.h"

static const uint8_t dirs[] = { RAMPART_DIR_IN, RAMPART_DIR_OUT };

/* Is stage a (at position pa of the reply) before b (at pb)? */
static bool stage_before(const struct fwadm_stage *a, size_t pa,
			 const struct fwadm_stage *b, size_t pb)
{
	if (a->index != b->index)
		return a->index < b->index;
	return pa < pb;
}

/*
 * Walk the stages of one direction by index, ties in reply order, without
 * reordering the caller's array: returns the position of the stage that
 * follows position prev (n to start), or n when there is none.
 */
static size_t next_stage(const struct fwadm_stage *st, size_t n, uint8_t dir,
			 size_t prev)
{
	size_t best = n;
	size_t i;

	for (i = 0; i < n; i++) {
		if (st[i].dir != dir)
			continue;
		if (prev < n && !stage_before(&st[prev], prev, &st[i], i))
			continue;
		if (best == n || stage_before(&st[i], i, &st[best], best))
			best = i;
	}
	return best;
}

#define for_each_stage(i, st, n, dir) \
	for ((i) = next_stage((st), (n), (dir), (n)); (i) < (n); \
	     (i) = next_stage((st), (n), (dir), (i)))

static size_t count_dir(const struct fwadm_stage *st, size_t n, uint8_t dir)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		if (st[i].dir == dir)
			c++;
	return c;
}

/* Drop reasons by number, ties in reply order; same scheme as stages. */
static bool drop_before(const struct fwadm_drop *d, size_t a, size_t b)
{
	if (d[a].reason != d[b].reason)
		return d[a].reason < d[b].reason;
	return a < b;
}

static size_t next_drop(const struct fwadm_drop *d, size_t n, size_t prev)
{
	size_t best = n;
	size_t i;

	for (i = 0; i < n; i++) {
		if (prev < n && !drop_before(d, prev, i))
			continue;
		if (best == n || drop_before(d, i, best))
			best = i;
	}
	return best;
}

#define for_each_drop(i, d, n) \
	for ((i) = next_drop((d), (n), (n)); (i) < (n); \
	     (i) = next_drop((d), (n), (i)))

static int digits(uint64_t v)
{
	int n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static int max_int(int a, int b)
{
	return a > b ? a : b;
}

void fwadm_print_version(FILE *f, const struct fwadm_version *v)
{
	fprintf(f, "rampart.ko %s (abi %" PRIu32 ")\n", v->version, v->abi);
}

void fwadm_print_started(FILE *f, bool started)
{
	if (started)
		fputs("firewall: started\n", f);
	else
		fputs("firewall: stopped (hooks not registered; "
		      "run fwadm start)\n", f);
}

void fwadm_print_chain(FILE *f, const struct fwadm_chain *c)
{
	size_t d, i;

	fwadm_print_started(f, c->started);
	for (d = 0; d < sizeof(dirs); d++) {
		fprintf(f, "%s chain (%zu):\n", fwadm_dir_name(dirs[d]),
			count_dir(c->stages, c->nstages, dirs[d]));
		for_each_stage(i, c->stages, c->nstages, dirs[d]) {
			const struct fwadm_stage *s = &c->stages[i];

			fprintf(f, "%2" PRIu32 ": %5" PRId32 " %s", s->index,
				s->priority, s->name);
			if (s->desc)
				fprintf(f, " (%s)", s->desc);
			fputc('\n', f);
		}
	}
}

struct stats_widths {
	int pos, name, packets, bytes, drops;
};

/* Column widths shared by both chains' tables, so they line up. */
static void stats_widths(const struct fwadm_stats *s, struct stats_widths *w)
{
	size_t i;

	w->pos = (int)strlen("pos");
	w->name = (int)strlen("stage");
	w->packets = (int)strlen("packets");
	w->bytes = (int)strlen("bytes");
	w->drops = (int)strlen("drops");
	for (i = 0; i < s->nstages; i++) {
		const struct fwadm_stage *st = &s->stages[i];

		w->pos = max_int(w->pos, digits(st->index));
		w->name = max_int(w->name, (int)strlen(st->name));
		w->packets = max_int(w->packets, digits(st->packets));
		w->bytes = max_int(w->bytes, digits(st->bytes));
		w->drops = max_int(w->drops, digits(st->drops));
	}
}

static bool drop_shown(const struct fwadm_drop *d, bool all)
{
	return all || d->count != 0;
}

static void print_conn_stats(FILE *f, const struct fwadm_conn_stats *cs)
{
	static const char fmt[] = "  %-19s  %" PRIu64 "\n";

	fputs("connections:\n", f);
	fprintf(f, "  %-19s  %" PRIu32 "/%" PRIu32 "\n", "entries", cs->entries,
		cs->limit);
	fprintf(f, "  %-19s  %" PRIu32 "/%" PRIu32 "\n", "remembered removals",
		cs->tombs, cs->tombs_max);
	fprintf(f, fmt, "inserts", cs->inserts);
	fprintf(f, fmt, "removals", cs->removals);
	fprintf(f, fmt, "evictions", cs->evictions);
	fprintf(f, fmt, "table-full drops", cs->full_drops);
	fprintf(f, fmt, "GC runs", cs->gc_runs);
	fprintf(f, fmt, "late packets passed", cs->late_passed);
	fprintf(f, fmt, "pickups", cs->pickups);
}

void fwadm_print_stats(FILE *f, const struct fwadm_stats *s, bool all)
{
	struct stats_widths w;
	int wreason = (int)strlen("reason");
	int wcount = (int)strlen("count");
	size_t d, i, shown = 0;

	fwadm_print_started(f, s->started);
	stats_widths(s, &w);
	for (d = 0; d < sizeof(dirs); d++) {
		size_t n = count_dir(s->stages, s->nstages, dirs[d]);

		fprintf(f, "%s chain (%zu):\n", fwadm_dir_name(dirs[d]), n);
		if (n == 0)
			continue;
		fprintf(f, "  %*s  %-*s  %*s  %*s  %*s\n", w.pos, "pos",
			w.name, "stage", w.packets, "packets", w.bytes, "bytes",
			w.drops, "drops");
		for_each_stage(i, s->stages, s->nstages, dirs[d]) {
			const struct fwadm_stage *st = &s->stages[i];

			fprintf(f, "  %*" PRIu32 "  %-*s  %*" PRIu64 "  %*" PRIu64
				"  %*" PRIu64 "\n", w.pos, st->index, w.name,
				st->name, w.packets, st->packets, w.bytes,
				st->bytes, w.drops, st->drops);
		}
	}

	print_conn_stats(f, &s->conns);

	for (i = 0; i < s->ndrops; i++) {
		if (!drop_shown(&s->drops[i], all))
			continue;
		shown++;
		wreason = max_int(wreason, digits(s->drops[i].reason));
		wcount = max_int(wcount, digits(s->drops[i].count));
	}
	if (shown == 0) {
		fputs("drop reasons: none\n", f);
		return;
	}
	fputs("drop reasons:\n", f);
	fprintf(f, "  %*s  %*s  %s\n", wreason, "reason", wcount, "count",
		"text");
	for_each_drop(i, s->drops, s->ndrops) {
		const struct fwadm_drop *dr = &s->drops[i];

		if (!drop_shown(dr, all))
			continue;
		fprintf(f, "  %*" PRIu32 "  %*" PRIu64 "  %s\n", wreason,
			dr->reason, wcount, dr->count, dr->text);
	}
}

void fwadm_print_json_string(FILE *f, const char *s)
{
	const unsigned char *p;

	fputc('"', f);
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

void fwadm_print_stats_json(FILE *f, const struct fwadm_stats *s, bool all)
{
	size_t d, i, n, left;

	fprintf(f, "{\n  \"started\": %s,\n", s->started ? "true" : "false");
	for (d = 0; d < sizeof(dirs); d++) {
		n = left = count_dir(s->stages, s->nstages, dirs[d]);
		fprintf(f, "  \"%s\": [%s", fwadm_dir_name(dirs[d]),
			n ? "\n" : "");
		for_each_stage(i, s->stages, s->nstages, dirs[d]) {
			const struct fwadm_stage *st = &s->stages[i];

			fprintf(f, "    {\"position\": %" PRIu32 ", \"name\": ",
				st->index);
			fwadm_print_json_string(f, st->name);
			fprintf(f, ", \"packets\": %" PRIu64 ", \"bytes\": %"
				PRIu64 ", \"drops\": %" PRIu64 "}%s\n",
				st->packets, st->bytes, st->drops,
				--left ? "," : "");
		}
		fprintf(f, "%s],\n", n ? "  " : "");
	}
	fprintf(f, "  \"connections\": {\"entries\": %" PRIu32 ", \"limit\": %" PRIu32
		", \"remembered\": %" PRIu32 ", \"remembered_max\": %" PRIu32
		", \"inserts\": %" PRIu64 ", \"removals\": %" PRIu64
		", \"evictions\": %" PRIu64 ", \"full_drops\": %" PRIu64
		", \"gc_runs\": %" PRIu64 ", \"late_passed\": %" PRIu64
		", \"pickups\": %" PRIu64 "},\n", s->conns.entries,
		s->conns.limit, s->conns.tombs, s->conns.tombs_max,
		s->conns.inserts, s->conns.removals, s->conns.evictions,
		s->conns.full_drops, s->conns.gc_runs, s->conns.late_passed,
		s->conns.pickups);

	n = 0;
	for (i = 0; i < s->ndrops; i++)
		if (drop_shown(&s->drops[i], all))
			n++;
	left = n;
	fprintf(f, "  \"drop_reasons\": [%s", n ? "\n" : "");
	for_each_drop(i, s->drops, s->ndrops) {
		const struct fwadm_drop *dr = &s->drops[i];

		if (!drop_shown(dr, all))
			continue;
		fprintf(f, "    {\"reason\": %" PRIu32 ", \"count\": %" PRIu64
			", \"text\": ", dr->reason, dr->count);
		fwadm_print_json_string(f, dr->text);
		fprintf(f, "}%s\n", --left ? "," : "");
	}
	fprintf(f, "%s]\n}\n", n ? "  " : "");
}

/* The names of rampart_conn_state_name() in kmod/core/track.c. */
static const char *const conn_state_names[__RAMPART_CONN_MAX] = {
	[RAMPART_CONN_SYN_SENT] = "SYN_SENT",
	[RAMPART_CONN_SYN_RECV] = "SYN_RECV",
	[RAMPART_CONN_ESTABLISHED] = "ESTABLISHED",
	[RAMPART_CONN_FIN_WAIT] = "FIN_WAIT",
	[RAMPART_CONN_CLOSING] = "CLOSING",
	[RAMPART_CONN_TIME_WAIT] = "TIME_WAIT",
	[RAMPART_CONN_CLOSED] = "CLOSED",
	[RAMPART_CONN_UDP] = "UDP",
	[RAMPART_CONN_ICMP] = "ICMP",
};

const char *fwadm_conn_state_name(unsigned int state)
{
	return state < __RAMPART_CONN_MAX ? conn_state_names[state] : NULL;
}

const char *fwadm_proto_name(unsigned int proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return "tcp";
	case IPPROTO_UDP:
		return "udp";
	case IPPROTO_ICMP:
		return "icmp";
	case IPPROTO_ICMPV6:
		return "icmpv6";
	}
	return NULL;
}

/* A field of a connection's line, formatted once for width and print. */
enum { C_ID, C_PROTO, C_SRC, C_DST, C_STATE, C_SERVICE, C_RULE, C_TIMEOUT,
       C_ORIG, C_REPLY, C_NCOLS };

struct conn_col {
	const char *title;
	bool right;		/* numbers are right-aligned */
};

static const struct conn_col conn_cols[C_NCOLS] = {
	[C_ID] = { "ID", true },
	[C_PROTO] = { "PROTO", false },
	[C_SRC] = { "SOURCE", false },
	[C_DST] = { "DESTINATION", false },
	[C_STATE] = { "STATE", false },
	[C_SERVICE] = { "SERVICE", false },
	[C_RULE] = { "RULE", true },
	[C_TIMEOUT] = { "TIMEOUT", true },
	[C_ORIG] = { "ORIG PKTS/BYTES", true },
	[C_REPLY] = { "REPLY PKTS/BYTES", true },
};

#define CONN_FIELD_MAX 64	/* "[v6 address]:65535", "u64/u64" fit */

static void addr_text(uint8_t family, const uint8_t *addr, char *buf, size_t size)
{
	if (!inet_ntop(family == 4 ? AF_INET : AF_INET6, addr, buf, (socklen_t)size))
		snprintf(buf, size, "?");
}

static void endpoint_text(uint8_t family, const uint8_t *addr, uint16_t port,
			  char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];

	addr_text(family, addr, a, sizeof(a));
	if (family == 4)
		snprintf(buf, size, "%s:%u", a, (unsigned int)port);
	else
		snprintf(buf, size, "[%s]:%u", a, (unsigned int)port);
}

static void conn_fields(const struct fwadm_conn_entry *c,
			char field[C_NCOLS][CONN_FIELD_MAX])
{
	const char *name;

	snprintf(field[C_ID], CONN_FIELD_MAX, "%" PRIu32, c->id);
	name = fwadm_proto_name(c->proto);
	if (name)
		snprintf(field[C_PROTO], CONN_FIELD_MAX, "%s", name);
	else
		snprintf(field[C_PROTO], CONN_FIELD_MAX, "%u", (unsigned int)c->proto);
	endpoint_text(c->family, c->src, c->sport, field[C_SRC], CONN_FIELD_MAX);
	endpoint_text(c->family, c->dst, c->dport, field[C_DST], CONN_FIELD_MAX);
	name = fwadm_conn_state_name(c->state);
	if (name)
		snprintf(field[C_STATE], CONN_FIELD_MAX, "%s", name);
	else
		snprintf(field[C_STATE], CONN_FIELD_MAX, "%u", (unsigned int)c->state);
	snprintf(field[C_SERVICE], CONN_FIELD_MAX, "%s",
		 c->service ? c->service : "-");
	if (c->rule)
		snprintf(field[C_RULE], CONN_FIELD_MAX, "%" PRIu32, c->rule);
	else
		snprintf(field[C_RULE], CONN_FIELD_MAX, "-");
	snprintf(field[C_TIMEOUT], CONN_FIELD_MAX, "%" PRIu32 "s", c->timeout);
	snprintf(field[C_ORIG], CONN_FIELD_MAX, "%" PRIu64 "/%" PRIu64,
		 c->packets[0], c->bytes[0]);
	snprintf(field[C_REPLY], CONN_FIELD_MAX, "%" PRIu64 "/%" PRIu64,
		 c->packets[1], c->bytes[1]);
}

static void conn_line(FILE *f, const int *width, const char *const *text)
{
	int i;

	for (i = 0; i < C_NCOLS; i++) {
		const char *sep = i ? "  " : "";

		/* No padding after the last column. */
		if (conn_cols[i].right)
			fprintf(f, "%s%*s", sep, width[i], text[i]);
		else if (i == C_NCOLS - 1)
			fprintf(f, "%s%s", sep, text[i]);
		else
			fprintf(f, "%s%-*s", sep, width[i], text[i]);
	}
	fputc('\n', f);
}

void fwadm_print_conns(FILE *f, const struct fwadm_conns *list)
{
	char field[C_NCOLS][CONN_FIELD_MAX];
	const char *text[C_NCOLS];
	int width[C_NCOLS];
	size_t i;
	int c;

	for (c = 0; c < C_NCOLS; c++) {
		width[c] = (int)strlen(conn_cols[c].title);
		text[c] = conn_cols[c].title;
	}
	for (i = 0; i < list->n; i++) {
		conn_fields(&list->v[i], field);
		for (c = 0; c < C_NCOLS; c++)
			width[c] = max_int(width[c], (int)strlen(field[c]));
	}
	conn_line(f, width, text);
	for (i = 0; i < list->n; i++) {
		conn_fields(&list->v[i], field);
		for (c = 0; c < C_NCOLS; c++)
			text[c] = field[c];
		conn_line(f, width, text);
	}
}

static void print_conn_json(FILE *f, const struct fwadm_conn_entry *c)
{
	char a[INET6_ADDRSTRLEN];
	const char *name;

	fprintf(f, "    {\"id\": %" PRIu32 ", \"family\": %u, \"proto\": ", c->id,
		(unsigned int)c->family);
	name = fwadm_proto_name(c->proto);
	if (name)
		fwadm_print_json_string(f, name);
	else
		fprintf(f, "\"%u\"", (unsigned int)c->proto);
	addr_text(c->family, c->src, a, sizeof(a));
	fprintf(f, ", \"source\": \"%s\", \"sport\": %u", a, (unsigned int)c->sport);
	addr_text(c->family, c->dst, a, sizeof(a));
	fprintf(f, ", \"destination\": \"%s\", \"dport\": %u, \"state\": ", a,
		(unsigned int)c->dport);
	name = fwadm_conn_state_name(c->state);
	if (name)
		fwadm_print_json_string(f, name);
	else
		fprintf(f, "\"%u\"", (unsigned int)c->state);
	fputs(", \"service\": ", f);
	if (c->service)
		fwadm_print_json_string(f, c->service);
	else
		fputs("null", f);
	fprintf(f, ", \"rule\": %" PRIu32 ", \"timeout\": %" PRIu32 ", \"age\": %"
		PRIu32 ", \"packets_orig\": %" PRIu64 ", \"bytes_orig\": %" PRIu64
		", \"packets_reply\": %" PRIu64 ", \"bytes_reply\": %" PRIu64 "}",
		c->rule, c->timeout, c->age, c->packets[0], c->bytes[0],
		c->packets[1], c->bytes[1]);
}

void fwadm_print_conns_json(FILE *f, const struct fwadm_conns *list)
{
	size_t i;

	fprintf(f, "{\n  \"connections\": [%s", list->n ? "\n" : "");
	for (i = 0; i < list->n; i++) {
		print_conn_json(f, &list->v[i]);
		fputs(i + 1 < list->n ? ",\n" : "\n", f);
	}
	fprintf(f, "%s]\n}\n", list->n ? "  " : "");
}
