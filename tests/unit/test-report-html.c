/* test-report-html.c: the page of crm report (cmd/report-html.c) from a
 * report built by hand: the key figures and their change since the first
 * saved run, the sections in order, the sentences that replace empty
 * charts, and what a self-contained page must not hold. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "crm/crm.h"
#include "emit.h"
#include "report-html.h"

#define DAY 86400
/* 2026-10-24 and 2026-11-22, 00:00 UTC (the tests run in TZ=UTC) */
#define SINCE INT64_C(1792800000)
#define UNTIL (SINCE + 29 * DAY)

static char *page(const struct crm_report *r)
{
	struct report_html_info info = { "Europe/Moscow", UNTIL + 9 * 3600 };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	assert_int_equal(report_html(f, r, &info), 0);
	assert_int_equal(fclose(f), 0);
	return text;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle)) {
		n++;
	}
	return n;
}

/* The text of the key figure whose label is label: from its value to its end. */
static char *key(const char *html, const char *label, char *buf, size_t n)
{
	const char *l = strstr(html, label), *start, *end;

	assert_non_null(l);
	start = l;
	while (start > html && strncmp(start, "<div class=\"key", 15) != 0) {
		start--;
	}
	end = strstr(l, "</div>");
	assert_non_null(end);
	assert_true((size_t)(end - start) < n);
	memcpy(buf, start, (size_t)(end - start));
	buf[end - start] = '\0';
	return buf;
}

static const struct crm_audit_rule *rules[2];
static int64_t rule_totals[2] = { 5, 2 };
static int64_t cells[4] = { 4, 2, 1, 0 };
static struct crm_report_person people[2] = { { 2, "Анна <A&B>", 6 }, { 0, NULL, 1 } };
static struct crm_report_run runs[2] = {
	/* by_severity: info, warn, error */
	{ 1, SINCE + DAY, SINCE + 2 * DAY - 1, 9, { 3, 4, 2 } },
	{ 2, UNTIL, UNTIL + DAY - 1, 7, { 1, 5, 1 } },
};

/* A report of health and findings: 2 errors then, now 5 (+3); warnings
 * 4 then, now 2 (-2); notes 3 then and now (±0). */
static void report_init(struct crm_report *r)
{
	memset(r, 0, sizeof(*r));
	rules[0] = crm_audit_rule_find("forgotten");
	rules[1] = crm_audit_rule_find("broken-promise");
	assert_non_null(rules[0]);
	assert_non_null(rules[1]);
	r->sections = CRM_REPORT_HEALTH | CRM_REPORT_FINDINGS;
	r->as_of = UNTIL + 9 * 3600;
	r->since = SINCE;
	r->until = UNTIL;
	r->runs = runs;
	r->nruns = 2;
	r->total = 7;
	r->by_severity[CRM_SEVERITY_ERROR] = 5;
	r->by_severity[CRM_SEVERITY_WARN] = 2;
	r->by_severity[CRM_SEVERITY_INFO] = 3;
	r->rules = rules;
	r->rule_totals = rule_totals;
	r->nrules = 2;
	r->people = people;
	r->npeople = 2;
	r->cells = cells;
}

static void test_head(void **state)
{
	struct crm_report r;
	const char *want;
	char *html;

	(void)state;
	report_init(&r);
	html = page(&r);
	want = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
	assert_int_equal(strncmp(html, want, strlen(want)), 0);
	assert_non_null(strstr(html, "<meta name=\"viewport\""));
	assert_non_null(strstr(html, "<title>Sales report, 2026-10-24 \xe2\x80\x93 2026-11-22</title>"));
	assert_non_null(strstr(html, "@media print"));
	assert_non_null(strstr(html, "@page{size:A4"));
	assert_non_null(strstr(html, "as of: <b>2026-11-22 09:00</b>"));
	assert_non_null(strstr(html, "(Europe/Moscow)"));
	/* self-contained: no script, no link out (the only http is each svg's namespace) */
	assert_null(strstr(html, "<script"));
	assert_null(strstr(html, "<link"));
	assert_null(strstr(html, "<img"));
	assert_int_equal(count(html, "http"), count(html, "<svg "));
	assert_int_equal(count(html, "<svg "), 2);
	assert_int_equal(count(html, "url("), count(html, "url(#"));
	assert_int_equal(strcmp(html + strlen(html) - 16, "</body>\n</html>\n"), 0);
	free(html);
}

static void test_key_change(void **state)
{
	struct crm_report r;
	char *html, buf[1024];

	(void)state;
	report_init(&r);
	html = page(&r);
	key(html, ">Errors<", buf, sizeof(buf));
	assert_non_null(strstr(buf, "<span class=\"v\">5</span>"));
	assert_non_null(strstr(buf, "<span class=\"worse\">+3</span> since 2026-10-25"));
	key(html, ">Warnings<", buf, sizeof(buf));
	assert_non_null(strstr(buf, "<span class=\"v\">2</span>"));
	assert_non_null(strstr(buf, "<span class=\"better\">\xe2\x88\x92" "2</span>"));
	key(html, ">Notes<", buf, sizeof(buf));
	assert_non_null(strstr(buf, "<span class=\"same\">\xc2\xb1" "0</span>"));
	free(html);

	/* the runs count the whole base: one assignee's findings have nothing to compare with */
	r.assignee_id = 2;
	r.assignee = "Анна";
	html = page(&r);
	key(html, ">Errors<", buf, sizeof(buf));
	assert_non_null(strstr(buf, "<span class=\"v\">5</span>"));
	assert_null(strstr(buf, "since"));
	free(html);

	/* no run saved: no change, and the health section names the fix */
	report_init(&r);
	r.nruns = 0;
	html = page(&r);
	assert_null(strstr(html, "since 20"));
	assert_non_null(strstr(html, "<p class=\"empty\">No audit was saved in this period"));
	assert_non_null(strstr(html, "crm audit --save"));
	assert_int_equal(count(html, "<svg "), 1);
	free(html);
}

static void test_findings(void **state)
{
	struct crm_report r;
	char *html;

	(void)state;
	report_init(&r);
	html = page(&r);
	/* names escaped wherever they appear; nobody has a name too */
	assert_null(strstr(html, "<A&B>"));
	assert_non_null(strstr(html, "Анна &lt;A&amp;B&gt;"));
	assert_non_null(strstr(html, "(no one)"));
	/* the table: rules down with their severity, people across, the totals */
	assert_non_null(strstr(html, "<tr><th scope=\"row\"><code>forgotten</code></th><td>warning</td>"
				     "<td class=\"n\">4</td><td class=\"n\">1</td><td class=\"n\">5</td></tr>"));
	assert_non_null(strstr(html, "<td class=\"n\">6</td><td class=\"n\">1</td><td class=\"n\">7</td>"));
	/* the rules' one line why, in the chart's tooltips and under the table */
	assert_non_null(strstr(html, "<dt><code>broken-promise</code></dt><dd>"));
	free(html);

	r.total = 0;
	r.nrules = 0;
	r.npeople = 0;
	r.by_severity[0] = r.by_severity[1] = r.by_severity[2] = 0;
	html = page(&r);
	assert_non_null(strstr(html, "No findings: every rule passes, the base is clean."));
	free(html);
}

static void test_sections(void **state)
{
	struct crm_report r;
	char *html;
	const char *ids[] = { "id=\"health\"", "id=\"findings\"", "id=\"managers\"",
			      "id=\"clients\"", "id=\"sources\"", "id=\"vip\"" };
	const char *prev;

	(void)state;
	report_init(&r);
	r.sections = CRM_REPORT_ALL;
	html = page(&r);
	/* in the order of enum crm_report_section, after the key figures */
	prev = strstr(html, "id=\"summary\"");
	assert_non_null(prev);
	for (size_t i = 0; i < 6; i++) {
		const char *at = strstr(html, ids[i]);

		assert_non_null(at);
		assert_true(at > prev);
		prev = at;
	}
	/* every empty section says what to do instead of an empty chart */
	assert_non_null(strstr(html, "No manager to score"));
	assert_non_null(strstr(html, "No client at risk"));
	assert_non_null(strstr(html, "No VIP programme is active"));
	assert_non_null(strstr(html, "revenue of the period"));
	assert_null(strstr(html, "VIP clients surveyed"));
	free(html);

	/* only the sections asked for */
	r.sections = CRM_REPORT_VIP;
	html = page(&r);
	assert_null(strstr(html, "id=\"health\""));
	assert_null(strstr(html, "id=\"findings\""));
	assert_non_null(strstr(html, "<section id=\"vip\">"));
	assert_null(strstr(html, "class=\"key"));
	free(html);
}

static void test_money_and_vip(void **state)
{
	struct crm_report r;
	struct crm_audit_source sources[2] = {
		{ "site", 2, 1, 3, 123456, 0 },    /* 1234.56 */
		{ NULL, 1, 0, 1, 100050, 0 },      /* 1000.50 */
	};
	struct crm_vip_coverage cov[1] = { { 3, "Boris", 4, 1, 3, 2 } };
	struct crm_vip_report vip;
	char *html, buf[1024];

	(void)state;
	report_init(&r);
	memset(&vip, 0, sizeof(vip));
	vip.program.name = "Winter <VIP>";
	vip.program.clients = 8;
	vip.program.done = 3;
	vip.coverage = cov;
	vip.ncoverage = 1;
	r.sections = CRM_REPORT_SOURCES | CRM_REPORT_VIP;
	r.sources = sources;
	r.nsources = 2;
	r.vip = &vip;
	html = page(&r);
	/* revenue in whole units, the sum of the sources: 2235.06 */
	key(html, "revenue of the period", buf, sizeof(buf));
	assert_non_null(strstr(buf, "<span class=\"v\">2,235 RUB</span>"));
	assert_non_null(strstr(buf, "4 orders"));
	/* the table keeps the cents; a locale that groups nothing (C) gets
	 * the page language's grouping */
	assert_non_null(strstr(html, "<td class=\"n\">1,234.56 RUB</td>"));
	assert_non_null(strstr(html, "(no source)"));
	/* a locale's own signs win, its space made no-break */
	free(html);
	emit_number_style(" ", ",");
	html = page(&r);
	emit_number_style("", "");
	assert_non_null(strstr(html, "<td class=\"n\">1\xc2\xa0" "234,56 RUB</td>"));
	free(html);
	html = page(&r);
	/* coverage 3 of 8 rounds to 38% */
	key(html, "VIP clients surveyed", buf, sizeof(buf));
	assert_non_null(strstr(buf, "<span class=\"v\">38%</span>"));
	assert_non_null(strstr(buf, "3 of 8"));
	/* the surveyor's bar: 1 done, 1 left in time, 2 overdue hatched */
	assert_non_null(strstr(html, "Winter &lt;VIP&gt;"));
	assert_non_null(strstr(html, ">1 of 4</text>"));
	assert_non_null(strstr(html, "fill=\"url(#vip-chart-hatch)\""));
	assert_non_null(strstr(html, "<td class=\"n\">25%</td>"));
	free(html);
}

static void test_managers(void **state)
{
	struct crm_report r;
	struct crm_audit_scorecard m[2];
	char *html;
	const char *chart, *end;

	(void)state;
	report_init(&r);
	memset(m, 0, sizeof(m));
	m[0].manager = "Anna";
	m[0].score = 42;
	m[0].orders = 2;
	m[0].orders_sum = 150000;  /* 1500.00 */
	m[0].promises_kept = 3;
	m[0].promises_broken = 1;
	m[0].first_contact_days = 2.5;
	m[1].manager = "Boris";
	m[1].score = 90;
	m[1].first_contact_days = -1;
	r.sections = CRM_REPORT_MANAGERS;
	r.managers = m;
	r.nmanagers = 2;
	html = page(&r);
	/* the scores on a fixed scale, the orders' sums in whole units */
	assert_non_null(strstr(html, "aria-labelledby=\"managers-score-title managers-score-desc\""));
	assert_non_null(strstr(html, "<desc id=\"managers-score-desc\">Anna: 42; Boris: 90.</desc>"));
	assert_non_null(strstr(html, ">1,500 RUB</text>"));
	/* kept and broken side by side, broken hatched */
	assert_non_null(strstr(html, "Anna: kept 3, broken 1; Boris: kept 0, broken 0."));
	assert_non_null(strstr(html, "fill=\"url(#managers-promises-hatch)\""));
	/* the days to the first action of those who received a client only */
	chart = strstr(html, "<desc id=\"managers-handover-desc\">");
	assert_non_null(chart);
	end = strstr(chart, "</svg>");
	assert_non_null(end);
	assert_int_equal(strncmp(chart, "<desc id=\"managers-handover-desc\">Anna: 2.5.</desc>", 51), 0);
	assert_true(strstr(chart, "Boris") == NULL || strstr(chart, "Boris") > end);
	/* the table: a dash where there is no figure, the cents kept */
	assert_non_null(strstr(html, "<tr><th scope=\"row\">Boris</th><td class=\"n\">90</td>"));
	assert_non_null(strstr(html, "<td class=\"n\">1,500.00 RUB</td>"));
	assert_non_null(strstr(html, "<td class=\"n\">\xe2\x80\x94</td>"));
	/* no moves, no lateness: a sentence instead of a chart of zeros */
	assert_non_null(strstr(html, "No action was moved and no one came late"));
	assert_null(strstr(html, "managers-moves"));
	free(html);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_head),
		cmocka_unit_test(test_key_change),
		cmocka_unit_test(test_findings),
		cmocka_unit_test(test_sections),
		cmocka_unit_test(test_money_and_vip),
		cmocka_unit_test(test_managers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
