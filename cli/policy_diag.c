// SPDX-License-Identifier: GPL-2.0
/*
 * Diagnostics: gathered as they are found, sorted by place, printed with
 * the offending line and carets under the offending token.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "policy_diag.h"

void policy_diags_init(struct policy_diags *d)
{
	memset(d, 0, sizeof(*d));
}

void policy_diags_free(struct policy_diags *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		free(d->v[i].msg);
	free(d->v);
	memset(d, 0, sizeof(*d));
}

static void add(struct policy_diags *d, bool is_note, struct policy_loc loc,
		const char *fmt, va_list ap)
{
	struct policy_diag *g;
	va_list ap2;
	int len;

	va_copy(ap2, ap);
	len = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	d->v = policy_grow(d->v, &d->cap, d->n + 1, sizeof(*d->v));
	g = &d->v[d->n++];
	g->is_note = is_note;
	g->loc = loc;
	g->msg = policy_xrealloc(NULL, len > 0 ? (size_t)len + 1 : 1);
	vsnprintf(g->msg, len > 0 ? (size_t)len + 1 : 1, fmt, ap);
	if (!is_note)
		d->errors++;
	g->error = d->errors - 1;
}

void policy_error(struct policy_diags *d, struct policy_loc loc,
		  const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	add(d, false, loc, fmt, ap);
	va_end(ap);
}

void policy_note(struct policy_diags *d, struct policy_loc loc,
		 const char *fmt, ...)
{
	va_list ap;

	if (!d->errors)
		return;
	va_start(ap, fmt);
	add(d, true, loc, fmt, ap);
	va_end(ap);
}

const char *policy_quote(const char *text, size_t len, char *buf)
{
	const size_t keep = POLICY_QUOTE_MAX - 4;

	if (len < POLICY_QUOTE_MAX) {
		memcpy(buf, text, len);
		buf[len] = '\0';
	} else {
		memcpy(buf, text, keep);
		memcpy(buf + keep, "...", 4);
	}
	return buf;
}

/* Sort key of a diagnostic: the place of its error, then its own order. */
struct sort_item {
	struct policy_loc anchor;
	size_t index;
};

static int compare_items(const void *pa, const void *pb)
{
	const struct sort_item *a = pa, *b = pb;

	if (a->anchor.line != b->anchor.line)
		return a->anchor.line < b->anchor.line ? -1 : 1;
	if (a->anchor.col != b->anchor.col)
		return a->anchor.col < b->anchor.col ? -1 : 1;
	return a->index < b->index ? -1 : a->index > b->index;
}

/* Where each line of the text starts. */
struct line_index {
	size_t *start;
	size_t n;
};

static void index_lines(struct line_index *li, const char *text, size_t len)
{
	size_t i, cap = 0;

	li->start = NULL;
	li->n = 0;
	li->start = policy_grow(li->start, &cap, 1, sizeof(size_t));
	li->start[li->n++] = 0;
	for (i = 0; i < len; i++) {
		if (text[i] != '\n')
			continue;
		li->start = policy_grow(li->start, &cap, li->n + 1,
					sizeof(size_t));
		li->start[li->n++] = i + 1;
	}
}

/* " LINE" then " ^^^" under columns col..end_col; tabs kept for alignment. */
static void print_excerpt(const struct line_index *li, const char *text,
			  size_t len, struct policy_loc loc, FILE *out)
{
	size_t begin, end, i, width;

	if (loc.line == 0 || loc.line > li->n)
		return;
	begin = li->start[loc.line - 1];
	end = begin;
	while (end < len && text[end] != '\n')
		end++;
	if (end > begin && text[end - 1] == '\r')
		end--;
	putc(' ', out);
	for (i = begin; i < end; i++) {
		unsigned char c = (unsigned char)text[i];

		putc(c == '\t' || (c >= 0x20 && c != 0x7f) ? c : '?', out);
	}
	putc('\n', out);
	putc(' ', out);
	for (i = 1; i < loc.col; i++)
		putc(begin + i - 1 < end && text[begin + i - 1] == '\t' ?
		     '\t' : ' ', out);
	width = loc.end_col >= loc.col ? loc.end_col - loc.col + 1 : 1;
	for (i = 0; i < width; i++)
		putc('^', out);
	putc('\n', out);
}

void policy_diags_print(struct policy_diags *d, const char *file,
			const char *text, size_t len, FILE *out)
{
	struct sort_item *items;
	struct policy_loc *anchors;
	struct line_index li;
	size_t i;

	if (!d->n)
		return;
	anchors = policy_xrealloc(NULL, d->errors * sizeof(*anchors));
	items = policy_xrealloc(NULL, d->n * sizeof(*items));
	for (i = 0; i < d->n; i++)
		if (!d->v[i].is_note)
			anchors[d->v[i].error] = d->v[i].loc;
	for (i = 0; i < d->n; i++) {
		items[i].anchor = anchors[d->v[i].error];
		items[i].index = i;
	}
	qsort(items, d->n, sizeof(*items), compare_items);
	index_lines(&li, text, len);
	for (i = 0; i < d->n; i++) {
		const struct policy_diag *g = &d->v[items[i].index];
		const char *kind = g->is_note ? "note" : "error";

		if (g->loc.line == 0)
			fprintf(out, "%s: %s: %s\n", file, kind, g->msg);
		else if (g->loc.end_col > g->loc.col)
			fprintf(out, "%s:%u:%u-%u: %s: %s\n", file, g->loc.line,
				g->loc.col, g->loc.end_col, kind, g->msg);
		else
			fprintf(out, "%s:%u:%u: %s: %s\n", file, g->loc.line,
				g->loc.col, kind, g->msg);
		print_excerpt(&li, text, len, g->loc, out);
	}
	free(li.start);
	free(items);
	free(anchors);
}
