/*
 * svg.h: crm's own small charts, drawn as inline SVG for the report page
 * (report-html.c): a line chart, a heat map and horizontal bars. No
 * library: each chart is one standalone, well-formed <svg> element with
 * its own <title>, <desc> (the numbers in words, written by the caller)
 * and <defs>, its ids prefixed with the chart's id so that many charts
 * share a page. The charts read without colour: the series differ by
 * dash pattern and marker, by hatching, and every number is written.
 */
#ifndef CRM_SVG_H
#define CRM_SVG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/*
 * Writes s escaped for XML and HTML text and attribute values: & < > " '
 * as entities; C0 control characters other than tab and newline, and the
 * bidirectional overrides and isolates (which could turn a name round),
 * left out; a byte that is not valid UTF-8 (or U+FFFE, U+FFFF) written as
 * U+FFFD. Other UTF-8 is kept as is. NULL writes nothing.
 */
void svg_escape(FILE *out, const char *s);
/* The same for the first n bytes of s. */
void svg_escape_n(FILE *out, const char *s, size_t n);

/* Characters (code points) of the UTF-8 text s; an invalid byte counts one. */
size_t svg_chars(const char *s);
/* The width a label of s takes at font size px, estimated from its
 * characters (an average glyph of 0.6 em). */
double svg_text_width(const char *s, double px);

/*
 * Ticks of a value axis from 0 to at least max (>= 0) at a nice round step
 * (1, 2 or 5 times a power of ten, never under 1), at most want steps
 * (want >= 1): top = step * n is the axis' end, n the number of steps.
 * max 0 gives step 1, n 1; a max over SVG_TICKS_MAX (far above any amount
 * crm holds) is taken as SVG_TICKS_MAX, and its bars end at the axis' end.
 */
#define SVG_TICKS_MAX (INT64_C(1) << 60)
struct svg_ticks {
	int64_t step, top;
	int n;
};
void svg_ticks(int64_t max, int want, struct svg_ticks *t);

/* v on an axis of length len that ends at top: 0 .. len (v clamped to 0 .. top). */
double svg_scale(int64_t v, int64_t top, double len);

/*
 * The ink of a heat map cell, 0 .. 100: 0 for a count of 0 (no fill), else
 * from SVG_HEAT_MIN for the smallest count up to 100 at max, linear in
 * v / max. The fill mixes white and one hue by ink, so it reads in grey.
 */
#define SVG_HEAT_MIN 15
int svg_heat_ink(int64_t v, int64_t max);

/* Writes the number v for a label into buf (n bytes); data is the caller's. */
typedef void svg_format_fn(int64_t v, char *buf, size_t n, void *data);

/* The texts every chart has. */
struct svg_chart {
	const char *id;        /* prefix of its ids: [a-z0-9-] */
	const char *title;     /* <title> and the visible heading inside the chart: none */
	const char *desc;      /* <desc>: its numbers in words */
	svg_format_fn *fmt;    /* numbers of labels and ticks; NULL: plain integers */
	void *fmt_data;
	svg_format_fn *tick_fmt;  /* numbers of the ticks (fmt_data too); NULL: fmt */
};

/* ---- line chart: one line per series over the same points ------------ */

struct svg_series {
	const char *name;      /* written at the end of its line */
	const int64_t *values; /* one per point */
};

struct svg_line_chart {
	struct svg_chart c;
	const char *x_label, *y_label;  /* axis labels */
	const char *const *points;      /* label of each point (a date) */
	size_t npoints;
	const struct svg_series *series;  /* styles by index: solid with circles,
					   * dashed with squares, dotted with
					   * triangles, dash-dot with diamonds */
	size_t nseries;
};

/* The plot area of a line chart and its y axis (svg_line_layout). */
struct svg_line_geom {
	double width, height;           /* the viewBox */
	double left, top, plot_w, plot_h;
	struct svg_ticks y;
};

void svg_line_layout(const struct svg_line_chart *ch, struct svg_line_geom *g);
/* Where point i of value v is drawn: one point sits in the middle. */
void svg_line_point(const struct svg_line_geom *g, size_t npoints, size_t i, int64_t v,
		    double *x, double *y);
int svg_line(FILE *out, const struct svg_line_chart *ch);

/* ---- heat map: rows x columns of counts -------------------------------- */

struct svg_heat_map {
	struct svg_chart c;
	const char *row_label, *col_label;   /* what the rows and columns are */
	const char *total_label;             /* the heading of the totals */
	const char *const *rows;
	size_t nrows;
	const char *const *cols;
	const char *const *col_notes;        /* a tooltip per column, or NULL */
	size_t ncols;
	const int64_t *cells;                /* nrows x ncols, row by row */
};

int svg_heat(FILE *out, const struct svg_heat_map *h);

/* ---- horizontal bars ---------------------------------------------------- */

enum svg_fill {
	SVG_FILL_SOLID,    /* the chart's dark hue */
	SVG_FILL_HATCH,    /* diagonal hatching in a second hue */
	SVG_FILL_LIGHT,    /* a pale tint of the hue, outlined */
	SVG_FILL_DOTS,     /* dots */
};

struct svg_bar_series {
	const char *name;      /* in the legend (none with one series) */
	const int64_t *values; /* one per bar */
	enum svg_fill fill;
};

struct svg_bar_chart {
	struct svg_chart c;
	const char *value_label;         /* under the value axis */
	const char *const *labels;       /* one per bar (or group of bars) */
	size_t nlabels;
	const struct svg_bar_series *series;
	size_t nseries;                  /* side by side, or stacked */
	bool stacked;                    /* series in one bar, one after another */
	const char *const *ends;         /* text after each bar (stacked: its
					  * total), or NULL: the value */
	int64_t top;                     /* the axis' end; 0: from the values */
};

/* The plot area of a bar chart (svg_bar_layout). */
struct svg_bar_geom {
	double width, height;
	double left, top, plot_w;
	double band, bar;                /* height of one label's band, of a bar */
	struct svg_ticks x;
};

void svg_bar_layout(const struct svg_bar_chart *b, struct svg_bar_geom *g);
/* The length of a bar of value v. */
double svg_bar_length(const struct svg_bar_geom *g, int64_t v);
int svg_bars(FILE *out, const struct svg_bar_chart *b);

#endif
