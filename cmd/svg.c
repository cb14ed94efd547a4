/*
 * svg.c: crm's own small charts as inline SVG (svg.h). Geometry is
 * computed in user units of the viewBox; the <svg> is 100% wide and
 * scales with the page, on screen and on A4.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "svg.h"
#include "banned.h"

#define FONT "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"
#define INK "#1f2933"      /* text */
#define MUTED "#52606d"    /* axis labels */
#define AXIS "#9aa5b1"
#define GRID "#e4e7eb"
#define HUE_R 31           /* the one hue of heat maps and bars: #1f4e79 */
#define HUE_G 78
#define HUE_B 121
#define HUE "#1f4e79"
#define SECOND "#a4161a"   /* the hatching of a second series */
#define LIGHT "#c6d6e8"
#define FS 12.0            /* font size of labels */
#define FS_SMALL 11.0
#define LABEL_MAX 30       /* characters of a row or bar label before "…" */

/* ---- text ------------------------------------------------------------------ */

/* The length of the UTF-8 character at s (n bytes left) into *len and its
 * code point; -1 when the bytes are not one (*len 1 then). */
static long utf8_next(const unsigned char *s, size_t n, size_t *len)
{
	uint32_t c;

	*len = crm_utf8_decode((const char *)s, n, &c);
	if (*len == 0) {
		*len = 1;
		return -1;
	}
	return (long)c;
}

void svg_escape_n(FILE *out, const char *s, size_t n)
{
	const unsigned char *p;
	char *text, *shown = NULL;
	size_t i = 0;

	if (!s) {
		return;
	}
	/* control, bidi and invalid bytes shown as crm shows them everywhere
	 * (\x01, \u202e: escape.c), so that two names never look the same;
	 * newlines and tabs stay, as in a note */
	text = strndup(s, n);
	if (text && esc_needed(text, ESC_LINES)) {
		shown = esc_dup(text, ESC_LINES);
	}
	p = (const unsigned char *)(shown ? shown : text ? text : s);
	n = shown ? strlen(shown) : text ? strlen(text) : n;
	while (i < n && p[i]) {
		size_t len;
		long c = utf8_next(p + i, n - i, &len);

		switch (c) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		case '\'':
			fputs("&#39;", out);
			break;
		case '\t':
		case '\n':
			fputc((int)c, out);
			break;
		default:
			/* controls, bidi and invalid bytes were escaped above; a
			 * noncharacter is valid UTF-8 but no XML character */
			if (c < 0 || (c & 0xfffe) == 0xfffe || (c >= 0xfdd0 && c <= 0xfdef)) {
				fputs("\xef\xbf\xbd", out); /* U+FFFD */
			} else {
				fwrite(p + i, 1, len, out);
			}
			break;
		}
		i += len;
	}
	free(shown);
	free(text);
}

void svg_escape(FILE *out, const char *s)
{
	if (s) {
		svg_escape_n(out, s, strlen(s));
	}
}

size_t svg_chars(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0, len, left;

	if (!s) {
		return 0;
	}
	left = strlen(s);
	while (left) {
		utf8_next(p, left, &len);
		p += len;
		left -= len;
		n++;
	}
	return n;
}

double svg_text_width(const char *s, double px)
{
	return (double)svg_chars(s) * px * 0.6;
}

/* The bytes of the first chars characters of s. */
static size_t utf8_prefix(const char *s, size_t chars)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t left = strlen(s), off = 0, len;

	while (chars-- && off < left) {
		utf8_next(p + off, left - off, &len);
		off += len;
	}
	return off;
}

/* s escaped, cut to max characters with "…". */
static void escape_cut(FILE *out, const char *s, size_t max)
{
	if (!s) {
		return;
	}
	if (svg_chars(s) <= max) {
		svg_escape(out, s);
		return;
	}
	svg_escape_n(out, s, utf8_prefix(s, max - 1));
	fputs("\xe2\x80\xa6", out);
}

static double cut_width(const char *s, size_t max, double px)
{
	size_t n = svg_chars(s);

	return (double)(n < max ? n : max) * px * 0.6;
}

/* ---- numbers --------------------------------------------------------------- */

void svg_ticks(int64_t max, int want, struct svg_ticks *t)
{
	static const int64_t mult[] = { 1, 2, 5 };
	int64_t least, mag = 1;

	if (max < 0) {
		max = 0;
	}
	if (max > SVG_TICKS_MAX) {
		max = SVG_TICKS_MAX;
	}
	if (want < 1) {
		want = 1;
	}
	/* the smallest nice step with step * want >= max */
	least = max / want + (max % want != 0);
	t->step = 0;
	while (!t->step) {
		for (size_t i = 0; i < 3 && !t->step; i++) {
			if (mult[i] * mag >= least) {
				t->step = mult[i] * mag;
			}
		}
		if (mag > INT64_MAX / 50) {
			t->step = t->step ? t->step : least; /* beyond any amount crm holds */
			break;
		}
		mag *= 10;
	}
	t->n = (int)(max / t->step + (max % t->step != 0));
	if (t->n < 1) {
		t->n = 1;
	}
	t->top = t->step * t->n;
}

double svg_scale(int64_t v, int64_t top, double len)
{
	if (top <= 0 || v <= 0) {
		return 0;
	}
	if (v >= top) {
		return len;
	}
	return (double)v * len / (double)top;
}

int svg_heat_ink(int64_t v, int64_t max)
{
	if (v <= 0 || max <= 0) {
		return 0;
	}
	if (v >= max) {
		return 100;
	}
	return SVG_HEAT_MIN + (int)(((100.0 - SVG_HEAT_MIN) * (double)v / (double)max) + 0.5);
}

static void number(const struct svg_chart *c, int64_t v, char *buf, size_t n)
{
	if (c->fmt) {
		c->fmt(v, buf, n, c->fmt_data);
	} else {
		snprintf(buf, n, "%" PRId64, v);
	}
}

static void tick_number(const struct svg_chart *c, int64_t v, char *buf, size_t n)
{
	if (c->tick_fmt) {
		c->tick_fmt(v, buf, n, c->fmt_data);
	} else {
		number(c, v, buf, n);
	}
}

static double number_width(const struct svg_chart *c, int64_t v, double px)
{
	char buf[64];

	number(c, v, buf, sizeof(buf));
	return svg_text_width(buf, px);
}

/* ---- the frame of a chart -------------------------------------------------- */

static void chart_open(FILE *out, const struct svg_chart *c, double w, double h)
{
	fprintf(out,
		"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
		"aria-labelledby=\"%s-title %s-desc\" viewBox=\"0 0 %.0f %.0f\" width=\"100%%\" "
		"font-family=\"" FONT "\" font-size=\"%.0f\" fill=\"" INK "\" class=\"chart\">\n",
		c->id, c->id, w, h, FS);
	fprintf(out, "<title id=\"%s-title\">", c->id);
	svg_escape(out, c->title);
	fprintf(out, "</title>\n<desc id=\"%s-desc\">", c->id);
	svg_escape(out, c->desc);
	fputs("</desc>\n", out);
}

static int chart_close(FILE *out)
{
	fputs("</svg>\n", out);
	return ferror(out) ? -1 : 0;
}

/* The patterns of the fills, in the chart's <defs>. */
static void patterns(FILE *out, const char *id)
{
	fprintf(out,
		"<defs>\n"
		"<pattern id=\"%s-hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" "
		"patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#fff\"/>"
		"<rect width=\"2.5\" height=\"6\" fill=\"" SECOND "\"/></pattern>\n"
		"<pattern id=\"%s-dots\" width=\"5\" height=\"5\" patternUnits=\"userSpaceOnUse\">"
		"<rect width=\"5\" height=\"5\" fill=\"#fff\"/>"
		"<circle cx=\"2.5\" cy=\"2.5\" r=\"1.3\" fill=\"" INK "\"/></pattern>\n"
		"</defs>\n",
		id, id);
}

static void fill_attrs(FILE *out, const char *id, enum svg_fill f)
{
	switch (f) {
	case SVG_FILL_SOLID:
		fputs("fill=\"" HUE "\"", out);
		break;
	case SVG_FILL_HATCH:
		fprintf(out, "fill=\"url(#%s-hatch)\" stroke=\"" SECOND "\" stroke-width=\"1\"", id);
		break;
	case SVG_FILL_LIGHT:
		fputs("fill=\"" LIGHT "\" stroke=\"" HUE "\" stroke-width=\"1\"", out);
		break;
	case SVG_FILL_DOTS:
		fprintf(out, "fill=\"url(#%s-dots)\" stroke=\"" INK "\" stroke-width=\"1\"", id);
		break;
	}
}

/* ---- line chart ------------------------------------------------------------ */

static const char *const line_colors[] = { "#a4161a", "#b26b00", "#1f4e79", "#52606d" };
static const char *const line_dashes[] = { NULL, "7 4", "2 3", "9 3 2 3" };
#define NSTYLES 4

static int64_t line_max(const struct svg_line_chart *ch)
{
	int64_t max = 0;

	for (size_t s = 0; s < ch->nseries; s++) {
		for (size_t i = 0; i < ch->npoints; i++) {
			if (ch->series[s].values[i] > max) {
				max = ch->series[s].values[i];
			}
		}
	}
	return max;
}

/* The text at the end of series s: its name and last value. */
static void line_end_text(const struct svg_line_chart *ch, size_t s, char *buf, size_t n)
{
	char v[64];

	v[0] = '\0';
	if (ch->npoints) {
		number(&ch->c, ch->series[s].values[ch->npoints - 1], v, sizeof(v));
	}
	snprintf(buf, n, "%s %s", ch->series[s].name ? ch->series[s].name : "", v);
}

void svg_line_layout(const struct svg_line_chart *ch, struct svg_line_geom *g)
{
	double tickw, endw = 0;

	svg_ticks(line_max(ch), 5, &g->y);
	tickw = number_width(&ch->c, g->y.top, FS_SMALL);
	for (size_t s = 0; s < ch->nseries; s++) {
		char buf[256];
		double w;

		line_end_text(ch, s, buf, sizeof(buf));
		w = svg_text_width(buf, FS);
		if (w > endw) {
			endw = w;
		}
	}
	g->width = 720;
	g->height = 300;
	g->left = 22 + tickw + 8;
	g->top = 14;
	g->plot_w = g->width - g->left - (endw + 22);
	g->plot_h = g->height - g->top - 50;
}

void svg_line_point(const struct svg_line_geom *g, size_t npoints, size_t i, int64_t v,
		    double *x, double *y)
{
	if (npoints <= 1) {
		*x = g->left + g->plot_w / 2;
	} else {
		*x = g->left + g->plot_w * (double)i / (double)(npoints - 1);
	}
	*y = g->top + g->plot_h - svg_scale(v, g->y.top, g->plot_h);
}

static void marker(FILE *out, size_t style, double x, double y, const char *color)
{
	switch (style % NSTYLES) {
	case 0:
		fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\"/>", x, y, color);
		break;
	case 1:
		fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"7\" height=\"7\" fill=\"#fff\" "
			"stroke=\"%s\" stroke-width=\"1.5\"/>", x - 3.5, y - 3.5, color);
		break;
	case 2:
		fprintf(out, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" fill=\"%s\"/>", x, y - 4.5,
			x + 4.5, y + 3.5, x - 4.5, y + 3.5, color);
		break;
	default:
		fprintf(out, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" fill=\"#fff\" "
			"stroke=\"%s\" stroke-width=\"1.5\"/>", x, y - 4.5, x + 4.5, y, x, y + 4.5,
			x - 4.5, y, color);
		break;
	}
}

static void y_axis(FILE *out, const struct svg_chart *c, const struct svg_ticks *t, double left,
		   double top, double plot_w, double plot_h, const char *label)
{
	char buf[64];

	for (int k = 0; k <= t->n; k++) {
		double y = top + plot_h - plot_h * k / t->n;

		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>",
			left, y, left + plot_w, y, k ? GRID : AXIS);
		tick_number(c, t->step * k, buf, sizeof(buf));
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" font-size=\"%.0f\" "
			"fill=\"" MUTED "\">", left - 6, y + 4, FS_SMALL);
		svg_escape(out, buf);
		fputs("</text>\n", out);
	}
	if (label) {
		fprintf(out, "<text transform=\"translate(12 %.1f) rotate(-90)\" text-anchor=\"middle\" "
			"fill=\"" MUTED "\">", top + plot_h / 2);
		svg_escape(out, label);
		fputs("</text>\n", out);
	}
}

int svg_line(FILE *out, const struct svg_line_chart *ch)
{
	struct svg_line_geom g;
	double ends[NSTYLES * 4];
	size_t order[NSTYLES * 4], ns = ch->nseries < NSTYLES * 4 ? ch->nseries : NSTYLES * 4;
	size_t every = 1;
	double x, y;

	svg_line_layout(ch, &g);
	chart_open(out, &ch->c, g.width, g.height);
	y_axis(out, &ch->c, &g.y, g.left, g.top, g.plot_w, g.plot_h, ch->y_label);

	/* the labels of the points, as many as fit */
	if (ch->npoints > 1) {
		double widest = 0, gap = g.plot_w / (double)(ch->npoints - 1);

		for (size_t i = 0; i < ch->npoints; i++) {
			double w = svg_text_width(ch->points[i], FS_SMALL) + 10;

			if (w > widest) {
				widest = w;
			}
		}
		while (gap * (double)every < widest) {
			every++;
		}
	}
	for (size_t i = 0; i < ch->npoints; i++) {
		if ((ch->npoints - 1 - i) % every) {
			continue;
		}
		svg_line_point(&g, ch->npoints, i, 0, &x, &y);
		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" AXIS "\"/>"
			"<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"%.0f\" "
			"fill=\"" MUTED "\">", x, y, x, y + 4, x, y + 17, FS_SMALL);
		svg_escape(out, ch->points[i]);
		fputs("</text>\n", out);
	}
	if (ch->x_label) {
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"" MUTED "\">",
			g.left + g.plot_w / 2, g.height - 8);
		svg_escape(out, ch->x_label);
		fputs("</text>\n", out);
	}

	/* the lines, the last series first so that the first lies on top */
	for (size_t s = ns; s-- > 0;) {
		const char *color = line_colors[s % NSTYLES];
		const char *dash = line_dashes[s % NSTYLES];

		fprintf(out, "<g class=\"series\"><path fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
			"stroke-linejoin=\"round\"", color);
		if (dash) {
			fprintf(out, " stroke-dasharray=\"%s\"", dash);
		}
		fputs(" d=\"", out);
		for (size_t i = 0; i < ch->npoints; i++) {
			svg_line_point(&g, ch->npoints, i, ch->series[s].values[i], &x, &y);
			fprintf(out, "%s%.1f %.1f", i ? "L" : "M", x, y);
		}
		fputs("\"/>\n", out);
		for (size_t i = 0; i < ch->npoints; i++) {
			svg_line_point(&g, ch->npoints, i, ch->series[s].values[i], &x, &y);
			marker(out, s, x, y, color);
		}
		fputs("</g>\n", out);
	}

	/* the names at the ends of the lines, pushed apart not to overlap */
	for (size_t s = 0; s < ns; s++) {
		order[s] = s;
		ends[s] = g.top + g.plot_h / 2;
		if (ch->npoints) {
			svg_line_point(&g, ch->npoints, ch->npoints - 1,
				       ch->series[s].values[ch->npoints - 1], &x, &ends[s]);
		}
	}
	for (size_t i = 1; i < ns; i++) {
		for (size_t j = i; j > 0 && ends[order[j]] < ends[order[j - 1]]; j--) {
			size_t t = order[j];

			order[j] = order[j - 1];
			order[j - 1] = t;
		}
	}
	for (size_t i = 1; i < ns; i++) {
		if (ends[order[i]] < ends[order[i - 1]] + 15) {
			ends[order[i]] = ends[order[i - 1]] + 15;
		}
	}
	for (size_t i = ns; i-- > 0;) {
		double floor = g.top + g.plot_h + 4 - 15 * (double)(ns - 1 - i);

		if (ends[order[i]] > floor) {
			ends[order[i]] = floor;
		}
	}
	/* beside the last point: the end of the plot, or its middle for one point */
	svg_line_point(&g, ch->npoints, ch->npoints ? ch->npoints - 1 : 0, 0, &x, &y);
	x += 10;
	for (size_t s = 0; s < ns; s++) {
		char v[64];

		v[0] = '\0';
		if (ch->npoints) {
			number(&ch->c, ch->series[s].values[ch->npoints - 1], v, sizeof(v));
		}
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" fill=\"%s\">", x, ends[s] + 4,
			line_colors[s % NSTYLES]);
		svg_escape(out, ch->series[s].name);
		fputs(" <tspan font-weight=\"700\">", out);
		svg_escape(out, v);
		fputs("</tspan></text>\n", out);
	}
	return chart_close(out);
}

/* ---- heat map -------------------------------------------------------------- */

#define CELL_W 44.0
#define CELL_H 26.0
#define COL_MAX 24 /* characters of a column label */

static void heat_fill(int ink, char *buf, size_t n)
{
	int r = 255 + (HUE_R - 255) * ink / 100;
	int g = 255 + (HUE_G - 255) * ink / 100;
	int b = 255 + (HUE_B - 255) * ink / 100;

	snprintf(buf, n, "#%02x%02x%02x", r, g, b);
}

int svg_heat(FILE *out, const struct svg_heat_map *h)
{
	int64_t max = 0, grand = 0;
	int64_t *coltot = calloc(h->ncols + 1, sizeof(*coltot));
	double rowsw = 0, colsw = 0, left, head, x0, y0, width, height, tx, ty;
	char buf[64];

	if (!coltot) {
		return -1;
	}
	for (size_t i = 0; i < h->nrows; i++) {
		double w = cut_width(h->rows[i], LABEL_MAX, FS);

		if (w > rowsw) {
			rowsw = w;
		}
		for (size_t j = 0; j < h->ncols; j++) {
			int64_t v = h->cells[i * h->ncols + j];

			if (v > max) {
				max = v;
			}
			coltot[j] += v;
			grand += v;
		}
	}
	for (size_t j = 0; j <= h->ncols; j++) {
		const char *s = j < h->ncols ? h->cols[j] : h->total_label;
		double w = cut_width(s, COL_MAX, FS_SMALL);

		if (w > colsw) {
			colsw = w;
		}
	}
	if (h->row_label && svg_text_width(h->row_label, FS) > rowsw) {
		rowsw = svg_text_width(h->row_label, FS);
	}
	left = rowsw + 16;
	head = colsw * 0.7072 + 22;
	x0 = left;
	y0 = head;
	width = x0 + CELL_W * (double)(h->ncols + 1) + 8 + colsw * 0.7072 + 8;
	height = y0 + CELL_H * (double)(h->nrows + 1) + 8 + 8;
	if (width < 320) {
		width = 320;
	}
	chart_open(out, &h->c, width, height);

	/* what the rows and the columns are */
	if (h->col_label) {
		fprintf(out, "<text x=\"4\" y=\"%.1f\" fill=\"" MUTED "\">", 16.0);
		svg_escape(out, h->col_label);
		fputs(" \xe2\x86\x92</text>\n", out);
	}
	if (h->row_label) {
		fprintf(out, "<text x=\"4\" y=\"%.1f\" fill=\"" MUTED "\">", y0 - 8);
		svg_escape(out, h->row_label);
		fputs(" \xe2\x86\x93</text>\n", out);
	}
	/* column labels, turned 45 degrees */
	for (size_t j = 0; j <= h->ncols; j++) {
		const char *s = j < h->ncols ? h->cols[j] : h->total_label;

		tx = x0 + CELL_W * (double)j + CELL_W / 2 + (j == h->ncols ? 8 : 0);
		ty = y0 - 6;
		fprintf(out, "<text transform=\"translate(%.1f %.1f) rotate(-45)\" font-size=\"%.0f\"%s>",
			tx, ty, FS_SMALL, j == h->ncols ? " font-weight=\"700\"" : "");
		if (j < h->ncols && h->col_notes && h->col_notes[j]) {
			fputs("<title>", out);
			svg_escape(out, h->col_notes[j]);
			fputs("</title>", out);
		}
		escape_cut(out, s, COL_MAX);
		fputs("</text>\n", out);
	}
	/* rows: label, cells, total */
	for (size_t i = 0; i <= h->nrows; i++) {
		bool total = i == h->nrows;
		int64_t rowtot = 0;

		ty = y0 + CELL_H * (double)i + (total ? 8 : 0);
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\"%s>", left - 8,
			ty + CELL_H / 2 + 4, total ? " font-weight=\"700\"" : "");
		escape_cut(out, total ? h->total_label : h->rows[i], LABEL_MAX);
		fputs("</text>\n", out);
		for (size_t j = 0; j < h->ncols; j++) {
			int64_t v = total ? coltot[j] : h->cells[i * h->ncols + j];
			int ink = total ? 0 : svg_heat_ink(v, max);
			char fill[8];

			rowtot += total ? 0 : v;
			tx = x0 + CELL_W * (double)j;
			heat_fill(ink, fill, sizeof(fill));
			fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.0f\" height=\"%.0f\" fill=\"%s\" "
				"stroke=\"" GRID "\"/>", tx, ty, CELL_W, CELL_H, fill);
			if (v) {
				number(&h->c, v, buf, sizeof(buf));
				fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"%s\"%s>",
					tx + CELL_W / 2, ty + CELL_H / 2 + 4, ink >= 55 ? "#fff" : INK,
					total ? " font-weight=\"700\"" : "");
				svg_escape(out, buf);
				fputs("</text>", out);
			}
			fputc('\n', out);
		}
		number(&h->c, total ? grand : rowtot, buf, sizeof(buf));
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-weight=\"700\">",
			x0 + CELL_W * (double)h->ncols + 8 + CELL_W / 2, ty + CELL_H / 2 + 4);
		svg_escape(out, buf);
		fputs("</text>\n", out);
	}
	free(coltot);
	return chart_close(out);
}

/* ---- horizontal bars ------------------------------------------------------- */

static int64_t bar_value(const struct svg_bar_chart *b, size_t i)
{
	int64_t v = 0;

	if (!b->stacked) {
		for (size_t s = 0; s < b->nseries; s++) {
			if (b->series[s].values[i] > v) {
				v = b->series[s].values[i];
			}
		}
		return v;
	}
	for (size_t s = 0; s < b->nseries; s++) {
		v += b->series[s].values[i] > 0 ? b->series[s].values[i] : 0;
	}
	return v;
}

static bool legend_shown(const struct svg_bar_chart *b)
{
	return b->nseries > 1 || (b->nseries == 1 && b->series[0].name);
}

void svg_bar_layout(const struct svg_bar_chart *b, struct svg_bar_geom *g)
{
	int64_t max = 0;
	double labw = 0, endw = 0;

	for (size_t i = 0; i < b->nlabels; i++) {
		double w = cut_width(b->labels[i], LABEL_MAX, FS);
		int64_t v = bar_value(b, i);

		if (w > labw) {
			labw = w;
		}
		if (v > max) {
			max = v;
		}
		w = b->ends && b->ends[i] ? svg_text_width(b->ends[i], FS)
					  : number_width(&b->c, v, FS);
		if (w > endw) {
			endw = w;
		}
	}
	/* b->top: a fixed scale (0 .. 100), unless a value is over it */
	svg_ticks(b->top > max ? b->top : max, 5, &g->x);
	g->width = 720;
	g->left = labw + 16;
	g->top = legend_shown(b) ? 30 : 8;
	g->bar = !b->stacked && b->nseries > 1 ? 13 : 16;
	g->band = (b->stacked ? 1 : (double)b->nseries) * g->bar + 12;
	{
		/* the tick labels at the right end must fit too */
		double tickw = number_width(&b->c, g->x.top, FS_SMALL) / 2;

		g->plot_w = g->width - g->left - (endw + 14 > tickw ? endw + 14 : tickw) - 4;
	}
	g->height = g->top + g->band * (double)b->nlabels + 46;
}

double svg_bar_length(const struct svg_bar_geom *g, int64_t v)
{
	return svg_scale(v, g->x.top, g->plot_w);
}

int svg_bars(FILE *out, const struct svg_bar_chart *b)
{
	const char *id = b->c.id;
	struct svg_bar_geom g;
	double bottom, x, lx;
	char buf[64];

	svg_bar_layout(b, &g);
	bottom = g.top + g.band * (double)b->nlabels;
	chart_open(out, &b->c, g.width, g.height);
	patterns(out, id);

	/* legend */
	lx = g.left;
	for (size_t s = 0; legend_shown(b) && s < b->nseries; s++) {
		fprintf(out, "<rect x=\"%.1f\" y=\"8\" width=\"14\" height=\"12\" ", lx);
		fill_attrs(out, id, b->series[s].fill);
		fprintf(out, "/><text x=\"%.1f\" y=\"18\">", lx + 19);
		svg_escape(out, b->series[s].name);
		fputs("</text>\n", out);
		lx += 19 + svg_text_width(b->series[s].name, FS) + 22;
	}
	/* the value axis and its grid */
	for (int k = 0; k <= g.x.n; k++) {
		x = g.left + g.plot_w * k / g.x.n;
		fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>", x,
			g.top - 2, x, bottom + 4, k ? GRID : AXIS);
		tick_number(&b->c, g.x.step * k, buf, sizeof(buf));
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"%.0f\" "
			"fill=\"" MUTED "\">", x, bottom + 18, FS_SMALL);
		svg_escape(out, buf);
		fputs("</text>\n", out);
	}
	if (b->value_label) {
		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" fill=\"" MUTED "\">",
			g.left + g.plot_w / 2, g.height - 6);
		svg_escape(out, b->value_label);
		fputs("</text>\n", out);
	}
	/* the bars */
	for (size_t i = 0; i < b->nlabels; i++) {
		double y = g.top + g.band * (double)i + 6;
		double blocky = b->stacked ? g.bar : g.bar * (double)b->nseries;

		fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", g.left - 8,
			y + blocky / 2 + 4);
		escape_cut(out, b->labels[i], LABEL_MAX);
		fputs("</text>\n", out);
		x = g.left;
		for (size_t s = 0; s < b->nseries; s++) {
			int64_t v = b->series[s].values[i];
			double len = svg_bar_length(&g, v);
			double by = b->stacked ? y : y + g.bar * (double)s;

			if (len > 0) {
				fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" ", x,
					by, len, g.bar - 2);
				fill_attrs(out, id, b->series[s].fill);
				fputs("/>", out);
			}
			number(&b->c, v, buf, sizeof(buf));
			if (!b->stacked) {
				fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%.0f\">",
					x + len + 5, by + g.bar / 2 + 3, FS_SMALL);
				svg_escape(out, buf);
				fputs("</text>", out);
			} else if (v > 0 && len >= svg_text_width(buf, FS_SMALL) + 8 &&
				   b->series[s].fill != SVG_FILL_HATCH &&
				   b->series[s].fill != SVG_FILL_DOTS) {
				fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
					"font-size=\"%.0f\" fill=\"%s\">", x + len / 2, by + g.bar / 2 + 3,
					FS_SMALL, b->series[s].fill == SVG_FILL_SOLID ? "#fff" : INK);
				svg_escape(out, buf);
				fputs("</text>", out);
			}
			if (b->stacked) {
				x += len;
			}
			fputc('\n', out);
		}
		if (b->stacked) {
			fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" font-weight=\"700\">", x + 6,
				y + g.bar / 2 + 4);
			if (b->ends && b->ends[i]) {
				svg_escape(out, b->ends[i]);
			} else {
				number(&b->c, bar_value(b, i), buf, sizeof(buf));
				svg_escape(out, buf);
			}
			fputs("</text>\n", out);
		}
	}
	return chart_close(out);
}
