/* test-svg.c: crm's own charts (cmd/svg.c): ticks, escaping, shades,
 * the geometry of bars and lines, and the frame every <svg> carries. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "svg.h"

#define NEAR(a, b) assert_true(fabs((double)(a) - (double)(b)) < 1e-9)

/* What fn writes, as a string (free it). */
struct memout {
	char *text;
	size_t len;
	FILE *f;
};

static FILE *mem_open(struct memout *m)
{
	m->text = NULL;
	m->len = 0;
	m->f = open_memstream(&m->text, &m->len);
	assert_non_null(m->f);
	return m->f;
}

static char *mem_close(struct memout *m)
{
	assert_int_equal(fclose(m->f), 0);
	return m->text;
}

static char *escaped(const char *s)
{
	struct memout m;

	svg_escape(mem_open(&m), s);
	return mem_close(&m);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) {
		n++;
	}
	return n;
}

/* ---- ticks ---------------------------------------------------------------- */

static void ticks_is(int64_t max, int want, int64_t step, int n, int64_t top)
{
	struct svg_ticks t;

	svg_ticks(max, want, &t);
	assert_int_equal(t.step, step);
	assert_int_equal(t.n, n);
	assert_int_equal(t.top, top);
}

static void test_ticks(void **state)
{
	(void)state;
	/* nothing to draw still has an axis of one step */
	ticks_is(0, 5, 1, 1, 1);
	ticks_is(-3, 5, 1, 1, 1);
	ticks_is(1, 5, 1, 1, 1);
	/* max exactly on a tick: the axis ends there */
	ticks_is(10, 5, 2, 5, 10);
	ticks_is(100, 5, 20, 5, 100);
	ticks_is(40, 5, 10, 4, 40);
	/* one above: the next nice step */
	ticks_is(11, 5, 5, 3, 15);
	ticks_is(101, 5, 50, 3, 150);
	ticks_is(41, 5, 10, 5, 50);
	/* in between */
	ticks_is(7, 5, 2, 4, 8);
	ticks_is(35, 5, 10, 4, 40);
	ticks_is(3219110, 5, 1000000, 4, 4000000);
	/* a step never under 1, whatever want */
	ticks_is(3, 10, 1, 3, 3);
	ticks_is(9, 0, 10, 1, 10);
	/* no overflow however large */
	ticks_is(INT64_MAX, 5, INT64_C(500000000000000000), 3, INT64_C(1500000000000000000));
	ticks_is(INT64_MAX, 1, INT64_C(2000000000000000000), 1, INT64_C(2000000000000000000));
}

static void test_scale(void **state)
{
	(void)state;
	NEAR(svg_scale(0, 40, 200), 0);
	NEAR(svg_scale(10, 40, 200), 50);
	NEAR(svg_scale(40, 40, 200), 200);
	NEAR(svg_scale(50, 40, 200), 200);  /* clamped */
	NEAR(svg_scale(-5, 40, 200), 0);
	NEAR(svg_scale(5, 0, 200), 0);
}

/* ---- text ----------------------------------------------------------------- */

static void escaped_is(const char *in, const char *want)
{
	char *got = escaped(in);

	assert_string_equal(got, want);
	free(got);
}

static void test_escape(void **state)
{
	(void)state;
	escaped_is("a&b<c>\"d'e", "a&amp;b&lt;c&gt;&quot;d&#39;e");
	escaped_is("&amp;", "&amp;amp;");
	/* control characters shown as crm shows them (escape.c): tab and
	 * newline kept, the rest as \x01, so that two names never look alike */
	escaped_is("x\x01y\tz\nw\x1b[31m\x7f", "x\\x01y\tz\nw\\x1b[31m\\x7f");
	escaped_is("\r\x0b\x0c", "\\r\\x0b\\x0c");
	/* UTF-8 kept; C1 controls and bidi overrides shown escaped */
	escaped_is("Иванов «Ромашка»", "Иванов «Ромашка»");
	escaped_is("a\xc2\x85" "b", "a\\x85b");
	escaped_is("abc\xe2\x80\xae" "def\xe2\x81\xa6", "abc\\u202edef\\u2066");
	/* bytes that are not UTF-8 shown as their escapes */
	escaped_is("a\xff" "b", "a\\xffb");
	escaped_is("\xd0", "\\xd0");                  /* cut short */
	escaped_is("\xc0\xaf", "\\xc0\\xaf");         /* overlong */
	escaped_is("\xed\xa0\x80", "\\xed\\xa0\\x80"); /* surrogate */
	/* a noncharacter, valid UTF-8 but no XML character: U+FFFD */
	escaped_is("\xef\xbf\xbe", "\xef\xbf\xbd");
	escaped_is("", "");
	escaped_is(NULL, "");
}

static void test_escape_n(void **state)
{
	struct memout m;
	char *got;

	(void)state;
	svg_escape_n(mem_open(&m), "<ab>", 2);
	got = mem_close(&m);
	assert_string_equal(got, "&lt;a");
	free(got);
}

static void test_chars(void **state)
{
	(void)state;
	assert_int_equal(svg_chars("Ivanov"), 6);
	assert_int_equal(svg_chars("Иванов"), 6);     /* 12 bytes */
	assert_int_equal(svg_chars("ООО «Ромашка»"), 13);
	assert_int_equal(svg_chars("a\xff" "b"), 3);
	assert_int_equal(svg_chars(""), 0);
	assert_int_equal(svg_chars(NULL), 0);
	NEAR(svg_text_width("Иванов", 12), 6 * 12 * 0.6);
	NEAR(svg_text_width("Ivanov", 10), 6 * 10 * 0.6);
}

/* ---- heat map -------------------------------------------------------------- */

static void test_heat_ink(void **state)
{
	(void)state;
	assert_int_equal(svg_heat_ink(0, 10), 0);
	assert_int_equal(svg_heat_ink(0, 0), 0);
	assert_int_equal(svg_heat_ink(10, 10), 100);
	assert_int_equal(svg_heat_ink(12, 10), 100);
	/* in between: linear from SVG_HEAT_MIN, rounded */
	assert_int_equal(svg_heat_ink(1, 4), SVG_HEAT_MIN + 21);  /* 15 + 85/4 = 36.25 */
	assert_int_equal(svg_heat_ink(3, 4), SVG_HEAT_MIN + 64);  /* 15 + 63.75 */
	assert_int_equal(svg_heat_ink(1, 100), SVG_HEAT_MIN + 1); /* 15.85: the smallest count shows */
	assert_true(svg_heat_ink(1, 1000) >= SVG_HEAT_MIN);
	/* darker with every count */
	for (int64_t v = 1; v < 20; v++) {
		assert_true(svg_heat_ink(v, 20) < svg_heat_ink(v + 1, 20));
	}
}

static void test_heat_map(void **state)
{
	static const char *const rows[] = { "Анна", "<Bob & Co>" };
	static const char *const cols[] = { "forgotten", "storm" };
	static const char *const notes[] = { "no contact for long", NULL };
	static const int64_t cells[] = { 3, 0, 1, 4 };
	struct svg_heat_map h = {
		.c = { "fh", "Findings", "Анна 3; Bob 5.", NULL, NULL, NULL },
		.row_label = "Manager",
		.col_label = "Rule",
		.total_label = "Total",
		.rows = rows,
		.nrows = 2,
		.cols = cols,
		.col_notes = notes,
		.ncols = 2,
		.cells = cells,
	};
	struct memout m;
	char *svg;

	(void)state;
	assert_int_equal(svg_heat(mem_open(&m), &h), 0);
	svg = mem_close(&m);
	assert_non_null(strstr(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" "
				    "aria-labelledby=\"fh-title fh-desc\""));
	assert_non_null(strstr(svg, "<title id=\"fh-title\">Findings</title>"));
	assert_non_null(strstr(svg, "<desc id=\"fh-desc\">Анна 3; Bob 5.</desc>"));
	assert_non_null(strstr(svg, "&lt;Bob &amp; Co&gt;"));
	assert_null(strstr(svg, "<Bob"));
	assert_non_null(strstr(svg, "<title>no contact for long</title>"));
	/* the largest count in the full hue, a zero unfilled */
	assert_int_equal(count(svg, "fill=\"#1f4e79\""), 1);
	/* 0 and the totals row's two cells */
	assert_int_equal(count(svg, "fill=\"#ffffff\""), 3);
	/* the totals: rows 3 and 5, columns 4 and 4, all 8 */
	assert_non_null(strstr(svg, "font-weight=\"700\">3</text>"));
	assert_non_null(strstr(svg, "font-weight=\"700\">5</text>"));
	assert_int_equal(count(svg, "font-weight=\"700\">4</text>"), 2);
	assert_non_null(strstr(svg, "font-weight=\"700\">8</text>"));
	/* the zero cell has no number: three counts in the body, two totals */
	assert_int_equal(count(svg, "text-anchor=\"middle\" fill="), 5);
	assert_int_equal(strcmp(svg + strlen(svg) - 7, "</svg>\n"), 0);
	free(svg);
}

/* ---- bars ------------------------------------------------------------------ */

static void test_bars(void **state)
{
	static const char *const labels[] = { "Анна", "Боб", "Ян" };
	static const int64_t values[] = { 10, 30, 40 };
	struct svg_bar_series s = { NULL, values, SVG_FILL_SOLID };
	struct svg_bar_chart b = {
		.c = { "b1", "Orders", "Анна 10; Боб 30; Ян 40.", NULL, NULL, NULL },
		.value_label = "orders",
		.labels = labels,
		.nlabels = 3,
		.series = &s,
		.nseries = 1,
	};
	struct svg_bar_geom g;
	struct memout m;
	char *svg, want[96];
	double left, right, plot_w;

	(void)state;
	svg_bar_layout(&b, &g);
	/* 40 ends the axis at a tick of 10 */
	assert_int_equal(g.x.top, 40);
	assert_int_equal(g.x.step, 10);
	/* the widest label (4 characters at 12 px) and the widest value ("40") */
	left = 4 * 12 * 0.6 + 16;
	right = 2 * 12 * 0.6 + 14 + 4;
	plot_w = 720 - left - right;
	NEAR(g.left, left);
	NEAR(g.plot_w, plot_w);
	/* lengths proportional to the values */
	NEAR(svg_bar_length(&g, 10), plot_w / 4);
	NEAR(svg_bar_length(&g, 30), plot_w * 3 / 4);
	NEAR(svg_bar_length(&g, 40), plot_w);
	NEAR(svg_bar_length(&g, 0), 0);

	assert_int_equal(svg_bars(mem_open(&m), &b), 0);
	svg = mem_close(&m);
	snprintf(want, sizeof(want), "width=\"%.1f\"", plot_w / 4);
	assert_non_null(strstr(svg, want));
	snprintf(want, sizeof(want), "width=\"%.1f\"", plot_w * 3 / 4);
	assert_non_null(strstr(svg, want));
	snprintf(want, sizeof(want), "x=\"%.1f\" y=\"%.1f\" width=\"%.1f\"", left, g.top + 6, plot_w / 4);
	assert_non_null(strstr(svg, want));
	/* every bar has its value written; patterns are the chart's own */
	assert_non_null(strstr(svg, ">10</text>"));
	assert_non_null(strstr(svg, ">30</text>"));
	assert_non_null(strstr(svg, "<pattern id=\"b1-hatch\""));
	assert_non_null(strstr(svg, "aria-labelledby=\"b1-title b1-desc\""));
	free(svg);
}

static void fmt_units(int64_t v, char *buf, size_t n, void *data)
{
	snprintf(buf, n, "%s%lld", (const char *)data, (long long)v);
}

static void test_bars_two_and_stacked(void **state)
{
	static const char *const labels[] = { "A", "B" };
	static const int64_t kept[] = { 4, 0 }, broken[] = { 1, 3 };
	static const char *const ends[] = { "4 of 5", "0 of 3" };
	struct svg_bar_series two[] = {
		{ "kept", kept, SVG_FILL_SOLID },
		{ "broken", broken, SVG_FILL_HATCH },
	};
	struct svg_bar_chart b = {
		.c = { "p", "Promises", "A: kept 4, broken 1; B: kept 0, broken 3.", fmt_units, "#", NULL },
		.labels = labels,
		.nlabels = 2,
		.series = two,
		.nseries = 2,
	};
	struct svg_bar_geom g;
	struct memout m;
	char *svg, want[96];

	(void)state;
	svg_bar_layout(&b, &g);
	assert_int_equal(g.x.top, 4);   /* the longest of the bars side by side */
	assert_int_equal(svg_bars(mem_open(&m), &b), 0);
	svg = mem_close(&m);
	/* a legend names both; the second series is hatched by the chart's own pattern */
	assert_non_null(strstr(svg, ">kept</text>"));
	assert_non_null(strstr(svg, ">broken</text>"));
	assert_true(count(svg, "fill=\"url(#p-hatch)\"") == 3); /* legend and two bars */
	/* values through the format, zeros too */
	assert_non_null(strstr(svg, ">#0</text>"));
	assert_non_null(strstr(svg, ">#3</text>"));
	free(svg);

	/* stacked: one bar of both, the total after it */
	b.stacked = true;
	b.ends = ends;
	svg_bar_layout(&b, &g);
	assert_int_equal(g.x.top, 5);
	assert_int_equal(svg_bars(mem_open(&m), &b), 0);
	svg = mem_close(&m);
	assert_non_null(strstr(svg, ">4 of 5</text>"));
	/* the broken part starts where the kept one ends */
	snprintf(want, sizeof(want), "x=\"%.1f\" y=\"%.1f\" width=\"%.1f\"",
		 g.left + g.plot_w * 4 / 5, g.top + 6, g.plot_w / 5);
	assert_non_null(strstr(svg, want));
	free(svg);
}

/* ---- lines ----------------------------------------------------------------- */

static void test_line_points(void **state)
{
	static const char *const points[] = { "10-25", "11-08", "11-22" };
	static const int64_t errors[] = { 4, 4, 7 }, warnings[] = { 29, 24, 35 };
	struct svg_series series[] = { { "Errors", errors }, { "Warnings", warnings } };
	struct svg_line_chart ch = {
		.c = { "h", "Health", "Errors: 4 → 7; warnings: 29 → 35.", NULL, NULL, NULL },
		.x_label = "date",
		.y_label = "findings",
		.points = points,
		.npoints = 3,
		.series = series,
		.nseries = 2,
	};
	struct svg_line_geom g;
	struct memout m;
	char *svg, want[96];
	double x, y, left, plot_w, plot_h;

	(void)state;
	svg_line_layout(&ch, &g);
	assert_int_equal(g.y.top, 40);
	assert_int_equal(g.y.step, 10);
	left = 22 + 2 * 11 * 0.6 + 8;                        /* the tick "40" */
	plot_w = 720 - left - (11 * 12 * 0.6 + 22);          /* "Warnings 35" */
	plot_h = 300 - 14 - 50;
	NEAR(g.left, left);
	NEAR(g.plot_w, plot_w);
	NEAR(g.plot_h, plot_h);

	svg_line_point(&g, 3, 0, 29, &x, &y);
	NEAR(x, left);
	NEAR(y, 14 + plot_h - 29 * plot_h / 40);
	svg_line_point(&g, 3, 1, 0, &x, &y);
	NEAR(x, left + plot_w / 2);
	NEAR(y, 14 + plot_h);
	svg_line_point(&g, 3, 2, 40, &x, &y);
	NEAR(x, left + plot_w);
	NEAR(y, 14);
	/* one point sits in the middle */
	svg_line_point(&g, 1, 0, 20, &x, &y);
	NEAR(x, left + plot_w / 2);
	NEAR(y, 14 + plot_h / 2);

	assert_int_equal(svg_line(mem_open(&m), &ch), 0);
	svg = mem_close(&m);
	/* the warnings' path through its three points */
	snprintf(want, sizeof(want), "d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1f\"", left,
		 14 + plot_h - 29 * plot_h / 40, left + plot_w / 2, 14 + plot_h - 24 * plot_h / 40,
		 left + plot_w, 14 + plot_h - 35 * plot_h / 40);
	assert_non_null(strstr(svg, want));
	/* told apart without colour: a dash pattern, and the names at the ends */
	assert_int_equal(count(svg, "stroke-dasharray="), 1);
	assert_int_equal(count(svg, "<circle"), 3);   /* errors: circles */
	assert_int_equal(count(svg, "<rect"), 3);     /* warnings: squares */
	assert_non_null(strstr(svg, ">Errors <tspan font-weight=\"700\">7</tspan>"));
	assert_non_null(strstr(svg, ">Warnings <tspan font-weight=\"700\">35</tspan>"));
	assert_non_null(strstr(svg, "<desc id=\"h-desc\">Errors: 4 → 7; warnings: 29 → 35.</desc>"));
	/* the axis labels and ticks at 0, 10, ..., 40 */
	assert_non_null(strstr(svg, ">findings</text>"));
	assert_non_null(strstr(svg, ">date</text>"));
	assert_non_null(strstr(svg, ">40</text>"));
	free(svg);

	/* one saved run: its points in the middle, the names beside them */
	ch.npoints = 1;
	series[0].values = errors + 2;
	series[1].values = warnings + 2;
	svg_line_layout(&ch, &g);
	assert_int_equal(svg_line(mem_open(&m), &ch), 0);
	svg = mem_close(&m);
	svg_line_point(&g, 1, 0, 7, &x, &y);
	snprintf(want, sizeof(want), "<circle cx=\"%.1f\" cy=\"%.1f\"", x, y);
	assert_non_null(strstr(svg, want));
	snprintf(want, sizeof(want), "<text x=\"%.1f\" y=\"%.1f\" fill=\"#a4161a\">Errors", x + 10, y + 4);
	assert_non_null(strstr(svg, want));
	free(svg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ticks),
		cmocka_unit_test(test_scale),
		cmocka_unit_test(test_escape),
		cmocka_unit_test(test_escape_n),
		cmocka_unit_test(test_chars),
		cmocka_unit_test(test_heat_ink),
		cmocka_unit_test(test_heat_map),
		cmocka_unit_test(test_bars),
		cmocka_unit_test(test_bars_two_and_stacked),
		cmocka_unit_test(test_line_points),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
