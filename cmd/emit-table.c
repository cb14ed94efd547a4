/*
 * emit-table.c: the human table. Rows are kept (as escaped text) until
 * emit_finish, which knows the width of every column by then. Columns are
 * two spaces apart, numbers right-aligned, and no line ends in a space.
 * On a terminal (emit_table_width) the longest text columns are cut with
 * "…" until the table fits.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "crm/crm.h"
#include "emit-private.h"
#include "escape.h"
#include "banned.h"

struct table {
	struct ebuf cells;  /* every cell's text, NUL-terminated, row by row */
	size_t rows;
	size_t *width;      /* display width of each column */
	size_t *full;       /* the widths before fit_width cut them */
	const char **line;  /* the texts of the line being printed */
	struct ebuf cut;    /* a cell cut to its column's width */
};

static bool right_aligned(enum emit_type t)
{
	return t == EMIT_INT || t == EMIT_MONEY;
}

static int table_init(struct emitter *e)
{
	struct table *t = calloc(1, sizeof(*t));

	e->priv = t;
	if (t == NULL) {
		return -1;
	}
	t->width = calloc(e->ncols + 1, sizeof(*t->width));
	t->full = calloc(e->ncols + 1, sizeof(*t->full));
	t->line = calloc(e->ncols + 1, sizeof(*t->line));
	if (t->width == NULL || t->full == NULL || t->line == NULL) {
		return -1;
	}
	for (size_t i = 0; i < e->ncols; i++) {
		/* the header in the user's language; the key is the contract */
		e->cols[i].head = e->cols[i].head ? _(e->cols[i].head) : e->cols[i].key;
		if (!(e->flags & EMIT_NO_HEADER)) {
			t->width[i] = crm_text_width(e->cols[i].head);
		}
	}
	return 0;
}

static void table_release(struct emitter *e)
{
	struct table *t = e->priv;

	if (t != NULL) {
		ebuf_release(&t->cells);
		ebuf_release(&t->cut);
		free(t->width);
		free(t->full);
		free(t->line);
		free(t);
	}
}

/*
 * Appends s with control, line-break and bidi characters escaped
 * (escape.c), so that a row is one line and no cell drives the terminal.
 */
static void add_escaped(struct ebuf *b, const char *s)
{
	char *esc;

	if (!esc_needed(s, 0)) {
		ebuf_adds(b, s);
		return;
	}
	esc = esc_dup(s, 0);
	if (esc == NULL) {
		b->oom = true;
		return;
	}
	ebuf_adds(b, esc);
	free(esc);
}

/* The text of cell i: the csv text, but for null, booleans and times. */
static const char *cell_text(struct emitter *e, size_t i, char *buf)
{
	const struct emit_cell *c = &e->cells[i];

	if (c->null) {
		return "-";
	}
	switch (e->cols[i].type) {
	case EMIT_BOOL:
		return c->i ? _("yes") : _("no");
	case EMIT_MONEY:
		if (c->s == NULL && !c->day) {
			return emit_money_text(c->i, buf);
		}
		return emit_text(e, i, buf);
	case EMIT_TIME:
		/* the base's zone: 2026-11-22T10:00:00Z -> 2026-11-22 13:00 in Moscow */
		if (c->day) {
			return crm_date_format(c->i, buf, EMIT_SCALAR_MAX);
		}
		return crm_local_format(c->i, buf, EMIT_SCALAR_MAX);
	default:
		return emit_text(e, i, buf);
	}
}

static void table_row(struct emitter *e)
{
	struct table *t = e->priv;
	char buf[EMIT_SCALAR_MAX];

	for (size_t i = 0; i < e->ncols; i++) {
		const char *s = cell_text(e, i, buf);
		size_t start = t->cells.len, w;

		add_escaped(&t->cells, s != NULL ? s : "");
		if (t->cells.oom) {
			e->err = ENOMEM;
			return;
		}
		w = crm_text_width(t->cells.p + start);
		if (w > t->width[i]) {
			t->width[i] = w;
		}
		ebuf_add(&t->cells, "", 1);
	}
	t->rows++;
}

/* Text: what a cut may shorten. Numbers, dates, times and yes/no stay whole. */
static bool cuttable(enum emit_type t)
{
	return t == EMIT_STR || t == EMIT_JSON || t == EMIT_LIST || t == EMIT_ROWS ||
	       t == EMIT_MAP;
}

/*
 * Narrows the columns until the line fits width: one column at a time off
 * the widest text column (the leftmost of equals) wider than EMIT_CUT_MIN,
 * first down to EMIT_CUT_MIN, then, when that is not enough, down to
 * EMIT_CUT_FLOOR. A table that cannot fit stays as narrow as it gets.
 */
static void fit_width(struct emitter *e, struct table *t, size_t width)
{
	size_t total = 0, floor = EMIT_CUT_MIN;

	for (size_t i = 0; i < e->ncols; i++) {
		total += t->width[i] + (i ? 2 : 0);
	}
	while (total > width) {
		size_t best = e->ncols;

		for (size_t i = 0; i < e->ncols; i++) {
			if (cuttable(e->cols[i].type) && t->full[i] > EMIT_CUT_MIN &&
			    t->width[i] > floor &&
			    (best == e->ncols || t->width[i] > t->width[best])) {
				best = i;
			}
		}
		if (best == e->ncols) {
			if (floor == EMIT_CUT_FLOOR) {
				break;
			}
			floor = EMIT_CUT_FLOOR;
			continue;
		}
		t->width[best]--;
		total--;
	}
}

/*
 * s cut to w display columns, its last one "…"; whole characters only
 * (a zero-width mark stays with its letter). s itself when it fits.
 */
static const char *cut_text(struct table *t, const char *s, size_t w)
{
	size_t n = strlen(s), used = 0;
	const char *p = s;

	if (w == 0 || crm_text_width(s) <= w) {
		return s;
	}
	ebuf_reset(&t->cut);
	while (n > 0) {
		char one[8];
		uint32_t cp;
		size_t len = crm_utf8_decode(p, n, &cp), cw;

		if (len == 0) {
			len = 1; /* an invalid byte: one column, as crm_text_width counts it */
		}
		memcpy(one, p, len);
		one[len] = '\0';
		cw = crm_text_width(one);
		if (used + cw > w - 1) {
			break;
		}
		ebuf_add(&t->cut, p, len);
		used += cw;
		p += len;
		n -= len;
	}
	ebuf_adds(&t->cut, "…");
	return t->cut.oom ? s : t->cut.p;
}

/* Prints t->line; pad counts the spaces owed before the next text. */
static void print_line(struct emitter *e, struct table *t)
{
	size_t pad = 0;

	for (size_t i = 0; i < e->ncols; i++) {
		const char *s = t->width[i] < t->full[i] ? cut_text(t, t->line[i], t->width[i])
							  : t->line[i];
		size_t w = crm_text_width(s);
		bool right = right_aligned(e->cols[i].type);

		if (right) {
			pad += t->width[i] - w;
		}
		if (*s != '\0') {
			fprintf(e->out, "%*s%s", (int)pad, "", s);
			pad = 0;
		}
		if (!right) {
			pad += t->width[i] - w;
		}
		pad += 2;
	}
}

static void table_finish(struct emitter *e)
{
	struct table *t = e->priv;
	const char *p = t->cells.p;
	bool color = e->flags & EMIT_COLOR;

	if (t->rows == 0) {
		return;
	}
	memcpy(t->full, t->width, e->ncols * sizeof(*t->full));
	if (emit_table_width_get() > 0 && e->parent == NULL) {
		fit_width(e, t, emit_table_width_get());
	}
	if (!(e->flags & EMIT_NO_HEADER)) {
		for (size_t i = 0; i < e->ncols; i++) {
			t->line[i] = e->cols[i].head;
		}
		fputs(color ? "\033[1m" : "", e->out);
		print_line(e, t);
		fputs(color ? "\033[0m\n" : "\n", e->out);
	}
	for (size_t r = 0; r < t->rows; r++) {
		for (size_t i = 0; i < e->ncols; i++) {
			t->line[i] = p;
			p += strlen(p) + 1;
		}
		print_line(e, t);
		putc('\n', e->out);
	}
}

const struct emit_ops emit_table_ops = {
	.init = table_init,
	.row = table_row,
	.finish = table_finish,
	.release = table_release,
};
