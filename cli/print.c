// SPDX-License-Identifier: GPL-2.0
/*
 * Text and JSON output of version, chain and stats.
 */
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
