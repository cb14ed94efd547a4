/*
 * report-html.c: crm report as one self-contained HTML page (report-html.h):
 * a header, the key figures, then each section of the report with its
 * chart (svg.c) and a table of the same numbers. Inline CSS only, no
 * script, no external font, image or link: it opens the same in a
 * browser, in a mail client and on paper (A4). Every text the page shows
 * is a message (gettext), numbers and dates are written as the locale
 * writes them.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "crm/i18n.h"
#include "emit.h"
#include "report-html.h"
#include "svg.h"
#include "banned.h"

struct page {
	FILE *out;
	const struct crm_report *r;
	const struct report_html_info *info;
};

#define esc(p, s) svg_escape((p)->out, (s))

/* ---- numbers and dates ---------------------------------------------------- */

/*
 * The locale's group sign, a space made no-break so a number never splits.
 * A locale that groups nothing (C.UTF-8, where a table keeps 1200000.00
 * for scripts) takes the page's language: a page is for people.
 */
static const char *group_sign(void)
{
	static char lang[8];
	const char *group, *decimal;

	emit_number_signs(&group, &decimal);
	if (!*group) {
		/* TRANSLATORS: a thousand as the report writes it; crm takes the
		 * sign between 1 and 000 (Russian: a space) */
		const char *k = _("1,000");
		size_t len = strlen(k);

		if (len > 4 && len - 4 < sizeof(lang) && k[0] == '1' &&
		    strcmp(k + len - 3, "000") == 0) {
			memcpy(lang, k + 1, len - 4);
			lang[len - 4] = '\0';
			group = lang;
		}
	}
	return strcmp(group, " ") == 0 ? "\xc2\xa0" : group;
}

static const char *decimal_sign(void)
{
	const char *group, *decimal;

	emit_number_signs(&group, &decimal);
	return decimal;
}

/* v with its thousands grouped as the locale writes them: crm's grouping
 * of money without its cents, a true minus sign in front. */
static char *fmt_int(int64_t v, char *buf, size_t n)
{
	char num[64];
	size_t len;

	crm_money_format_grouped(v * 100, group_sign(), "", num, sizeof(num));
	len = strlen(num);
	num[len >= 2 ? len - 2 : 0] = '\0';  /* the "00" of the cents */
	snprintf(buf, n, "%s%s", v < 0 ? "\xe2\x88\x92" : "", num + (v < 0));
	return buf;
}

/* An amount in whole units of the currency (rounded) with its sign: "1 200 ₽". */
static char *fmt_units(int64_t units, char *buf, size_t n)
{
	char num[48];

	fmt_int(units, num, sizeof(num));
	/* TRANSLATORS: an amount of money and its currency; Russian "%s ₽" */
	snprintf(buf, n, _("%s RUB"), num);
	return buf;
}

static int64_t cents_to_units(int64_t cents)
{
	return cents >= 0 ? (cents + 50) / 100 : -((-cents + 50) / 100);
}

/* An exact amount of money, cents and all: "1 200 000,50 ₽". */
static char *fmt_money(int64_t cents, char *buf, size_t n)
{
	char num[64];

	crm_money_format_grouped(cents, group_sign(), decimal_sign(), num, sizeof(num));
	snprintf(buf, n, _("%s RUB"), num);
	return buf;
}

/* tenths as "2.5" with the locale's decimal sign */
static char *fmt_tenths(int64_t tenths, char *buf, size_t n)
{
	char num[32];

	fmt_int(tenths / 10, num, sizeof(num));
	snprintf(buf, n, "%s%s%d", num, decimal_sign(), (int)(tenths % 10));
	return buf;
}

static char *fmt_pct(int64_t pct, char *buf, size_t n)
{
	/* TRANSLATORS: a percentage; Russian puts a space before the sign: "%lld %%" */
	snprintf(buf, n, _("%lld%%"), (long long)pct);
	return buf;
}

/* formats of the charts' numbers */
static void chart_int(int64_t v, char *buf, size_t n, void *data)
{
	(void)data;
	fmt_int(v, buf, n);
}

static void chart_units(int64_t v, char *buf, size_t n, void *data)
{
	(void)data;
	fmt_units(v, buf, n);
}

static void chart_tenths(int64_t v, char *buf, size_t n, void *data)
{
	(void)data;
	fmt_tenths(v, buf, n);
}

/* t in the local zone (the process' TZ is the team's zone) */
static bool local_tm(int64_t t, struct tm *tm)
{
	time_t tt = (time_t)t;

	return localtime_r(&tt, tm) != NULL;
}

/* strftime with a translated format (a literal for the format checks) */
#define WHEN(t, fmt, buf, n)                                                          \
	do {                                                                           \
		struct tm tm_;                                                         \
		if (!local_tm((t), &tm_) || strftime((buf), (n), (fmt), &tm_) == 0) { \
			snprintf((buf), (n), "%" PRId64, (int64_t)(t));                \
		}                                                                      \
	} while (0)

static char *fmt_date(int64_t t, char *buf, size_t n)
{
	/* TRANSLATORS: a date for strftime; Russian "%d.%m.%Y" */
	WHEN(t, _("%Y-%m-%d"), buf, n);
	return buf;
}

static char *fmt_short_date(int64_t t, char *buf, size_t n)
{
	/* TRANSLATORS: a date without the year, under a chart, for strftime; Russian "%d.%m" */
	WHEN(t, _("%m-%d"), buf, n);
	return buf;
}

static char *fmt_time(int64_t t, char *buf, size_t n)
{
	/* TRANSLATORS: a date and time for strftime; Russian "%d.%m.%Y %H:%M" */
	WHEN(t, _("%Y-%m-%d %H:%M"), buf, n);
	return buf;
}

/* ---- words -------------------------------------------------------------- */

/* the severities, indexed by enum crm_severity */
static const char *const sev_names[] = { N_("Notes"), N_("Warnings"), N_("Errors") };
static const char *const sev_words[] = { N_("notes"), N_("warnings"), N_("errors") };

/* TRANSLATORS: a finding's severity in a table cell */
static const char *const sev_one[] = { N_("note"), N_("warning"), N_("error") };

/* A client's tier for people (the stored word stays in JSON). */
static const char *tier_name(const char *tier)
{
	/* TRANSLATORS: the client tiers vip, key and regular, in a table cell */
	static const char *const tiers[][2] = {
		{ "vip", N_("VIP") }, { "key", N_("key") }, { "regular", N_("regular") },
	};

	for (size_t i = 0; tier && i < sizeof(tiers) / sizeof(tiers[0]); i++) {
		if (strcmp(tier, tiers[i][0]) == 0) {
			return _(tiers[i][1]);
		}
	}
	return tier;
}

static const char *person_name(const struct crm_report_person *p)
{
	return p->name ? p->name : _("(no one)");
}

static const char *rule_why(const char *id)
{
	const struct crm_audit_rule *rule = crm_audit_rule_find(id);

	return rule && rule->why ? _(rule->why) : NULL;
}

/* ---- HTML pieces -------------------------------------------------------- */

static void section_open(struct page *p, const char *id, const char *title)
{
	fprintf(p->out, "<section id=\"%s\">\n<h2>", id);
	esc(p, title);
	fputs("</h2>\n", p->out);
}

static void section_close(struct page *p)
{
	fputs("</section>\n", p->out);
}

static void para(struct page *p, const char *cls, const char *text)
{
	fprintf(p->out, "<p class=\"%s\">", cls);
	esc(p, text);
	fputs("</p>\n", p->out);
}

/* A sentence that names the fix where a chart would be empty. */
static void empty(struct page *p, const char *text)
{
	para(p, "empty", text);
}

static void chart_title(struct page *p, const char *title)
{
	fputs("<h3>", p->out);
	esc(p, title);
	fputs("</h3>\n", p->out);
}

static void table_class_open(struct page *p, const char *cls, const char *caption)
{
	/* a table wider than a narrow screen scrolls by itself, not the page */
	if (cls) {
		fprintf(p->out, "<div class=\"wide\"><table class=\"%s\">\n<caption>", cls);
	} else {
		fputs("<div class=\"wide\"><table>\n<caption>", p->out);
	}
	esc(p, caption);
	fputs("</caption>\n<thead><tr>", p->out);
}

static void table_open(struct page *p, const char *caption)
{
	table_class_open(p, NULL, caption);
}

static void th(struct page *p, const char *text, bool num)
{
	fprintf(p->out, "<th scope=\"col\"%s>", num ? " class=\"n\"" : "");
	esc(p, text);
	fputs("</th>", p->out);
}

static void thead_end(struct page *p)
{
	fputs("</tr></thead>\n<tbody>\n", p->out);
}

static void row_head(struct page *p, const char *text)
{
	fputs("<tr><th scope=\"row\">", p->out);
	esc(p, text);
	fputs("</th>", p->out);
}

static void td(struct page *p, const char *text)
{
	fputs("<td>", p->out);
	esc(p, text);
	fputs("</td>", p->out);
}

static void td_num(struct page *p, const char *text)
{
	fputs("<td class=\"n\">", p->out);
	esc(p, text);
	fputs("</td>", p->out);
}

static void td_int(struct page *p, int64_t v)
{
	char buf[48];

	td_num(p, fmt_int(v, buf, sizeof(buf)));
}

static void table_close(struct page *p)
{
	fputs("</tbody>\n</table></div>\n", p->out);
}

/* A growing text for the <desc> of a chart: the numbers in words. */
struct words {
	char *text;
	size_t len;
	FILE *f;
};

static void words_open(struct words *w)
{
	w->text = NULL;
	w->len = 0;
	w->f = open_memstream(&w->text, &w->len);
}

/* The text (or "" when out of memory); words_free frees it. */
static const char *words_text(struct words *w)
{
	if (w->f) {
		fclose(w->f);
		w->f = NULL;
	}
	return w->text ? w->text : "";
}

static void words_free(struct words *w)
{
	if (w->f) {
		fclose(w->f);
	}
	free(w->text);
}

#define SAY(w, ...) ((w)->f ? fprintf((w)->f, __VA_ARGS__) : 0)

/* ---- the header and the key figures -------------------------------------- */

static const char *const style =
	":root{color-scheme:light}\n"
	"body{margin:0;background:#eef1f4;color:#1f2933;"
	"font:15px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,\"Helvetica Neue\",Arial,"
	"sans-serif}\n"
	".page{max-width:980px;margin:24px auto;padding:36px 44px 40px;background:#fff;"
	"border:1px solid #dde2e7;border-radius:8px}\n"
	"h1{font-size:27px;line-height:1.25;margin:0 0 6px;font-weight:650;letter-spacing:-.01em}\n"
	"h2{font-size:20px;margin:0 0 4px;font-weight:650}\n"
	"h3{font-size:14px;margin:22px 0 6px;font-weight:600;color:#3e4c59}\n"
	".meta{margin:0;color:#52606d;font-size:14px}\n"
	".meta b{color:#1f2933;font-weight:600}\n"
	"section{margin:34px 0 0;padding-top:22px;border-top:1px solid #e4e7eb}\n"
	".lead{margin:0 0 10px;color:#52606d}\n"
	".empty{margin:10px 0;padding:12px 16px;background:#f5f7fa;border-left:3px solid #9aa5b1;"
	"color:#3e4c59}\n"
	".keys{margin:26px 0 0;padding:0;font-size:0}\n"
	".key{display:inline-block;vertical-align:top;box-sizing:border-box;width:32%;"
	"min-width:180px;margin:0 1.3% 12px 0;padding:12px 16px;border:1px solid #e4e7eb;"
	"border-radius:6px;background:#fafbfc;font-size:14px}\n"
	".wide{overflow-x:auto}\n"
	".key .v{display:block;font-size:26px;line-height:1.2;font-weight:650;"
	"font-variant-numeric:tabular-nums;white-space:nowrap}\n"
	".key .l{display:block;color:#52606d}\n"
	".key .d{display:block;font-size:13px;color:#52606d;font-variant-numeric:tabular-nums}\n"
	".key.error .v{color:#a4161a}\n"
	".worse{color:#a4161a;font-weight:600}\n"
	".better{color:#2f6b3a;font-weight:600}\n"
	"svg.chart{display:block;width:100%;height:auto;max-width:840px}\n"
	"table{border-collapse:collapse;width:100%;margin:14px 0 4px;font-size:13px;"
	"font-variant-numeric:tabular-nums}\n"
	"caption{text-align:left;font-weight:600;color:#3e4c59;padding:0 0 6px}\n"
	"th,td{padding:4px 8px;border-bottom:1px solid #e4e7eb;text-align:left;"
	"vertical-align:top}\n"
	"thead th{border-bottom:2px solid #cbd2d9;font-weight:600;color:#3e4c59}\n"
	"tbody th{font-weight:500;white-space:nowrap}\n"
	"thead th.n{white-space:normal;vertical-align:bottom}\n"
	"td.who{white-space:nowrap}\n"
	".n{text-align:right;white-space:nowrap}\n"
	"tfoot td,tfoot th{font-weight:650;border-top:2px solid #cbd2d9}\n"
	"code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;"
	"color:#3e4c59;white-space:nowrap}\n"
	"table.matrix{font-size:12px}\n"
	"table.matrix th,table.matrix td{padding:3px 5px}\n"
	"table.matrix thead th{vertical-align:bottom;white-space:normal}\n"
	"dl.rules{margin:12px 0 0;font-size:13px;color:#3e4c59}\n"
	"dl.rules dt{float:left;clear:left;width:11em;margin:0}\n"
	"dl.rules dd{margin:0 0 4px 11.5em}\n"
	"footer{margin-top:36px;padding-top:12px;border-top:1px solid #e4e7eb;font-size:12px;"
	"color:#7b8794}\n"
	"@media (max-width:640px){.page{padding:20px 16px;margin:0;border:0}.key{width:100%}}\n"
	"@media print{\n"
	"@page{size:A4;margin:14mm 12mm 16mm}\n"
	"body{background:#fff;font-size:10.5pt}\n"
	".page{max-width:none;margin:0;padding:0;border:0}\n"
	"section{break-inside:avoid;page-break-inside:avoid}\n"
	"h2,h3{break-after:avoid;page-break-after:avoid}\n"
	"table,svg.chart,.key,tr{break-inside:avoid;page-break-inside:avoid}\n"
	"svg.chart{max-width:100%}\n"
	".wide{overflow:visible}\n"
	".key{width:32%;min-width:0}\n"
	"}\n";

static void head(struct page *p)
{
	const struct crm_report *r = p->r;
	char since[64], until[64];

	fmt_date(r->since, since, sizeof(since));
	fmt_date(r->until, until, sizeof(until));
	/* TRANSLATORS: the language of the report page (an HTML lang code): Russian "ru" */
	fprintf(p->out, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		"<meta name=\"generator\" content=\"crm\">\n<title>", _("en"));
	esc(p, _("Sales report"));
	fputs(", ", p->out);
	esc(p, since);
	fputs(" \xe2\x80\x93 ", p->out);
	esc(p, until);
	fprintf(p->out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<div class=\"page\">\n",
		style);
}

static void meta_item(struct page *p, const char *label, const char *value, bool last)
{
	esc(p, label);
	fputs(" <b>", p->out);
	esc(p, value);
	fputs(last ? "</b>" : "</b> \xc2\xb7 ", p->out);
}

static void header(struct page *p)
{
	const struct crm_report *r = p->r;
	char a[64], b[64], c[160];

	fputs("<header>\n<h1>", p->out);
	esc(p, _("Sales report"));
	fputs("</h1>\n<p class=\"meta\">", p->out);
	fmt_date(r->since, a, sizeof(a));
	fmt_date(r->until, b, sizeof(b));
	snprintf(c, sizeof(c), "%s \xe2\x80\x93 %s", a, b);
	meta_item(p, _("Period:"), c, false);
	meta_item(p, _("as of:"), fmt_time(r->as_of, a, sizeof(a)), false);
	if (r->owner) {
		meta_item(p, _("clients of:"), r->owner, false);
	}
	if (r->assignee) {
		meta_item(p, _("findings to act on by:"), r->assignee, false);
	}
	fmt_time(p->info->generated, a, sizeof(a));
	if (p->info->zone && *p->info->zone) {
		snprintf(c, sizeof(c), "%s (%s)", a, p->info->zone);
	} else {
		snprintf(c, sizeof(c), "%s", a);
	}
	meta_item(p, _("written:"), c, true);
	fputs("</p>\n</header>\n", p->out);
}

/* Change since the first saved run of the period, for severity s; false
 * when there is nothing to compare with. The saved runs count the whole
 * base (or the owner's clients), so a report of one assignee's findings
 * has none to compare with. */
static bool change_since_first(const struct crm_report *r, int s, int64_t *delta)
{
	if (!(r->sections & CRM_REPORT_HEALTH) || !(r->sections & CRM_REPORT_FINDINGS) ||
	    r->nruns == 0 || r->assignee_id) {
		return false;
	}
	*delta = r->by_severity[s] - r->runs[0].by_severity[s];
	return true;
}

static void key_open(struct page *p, const char *cls, const char *value)
{
	fprintf(p->out, "<div class=\"key%s%s\"><span class=\"v\">", cls ? " " : "", cls ? cls : "");
	esc(p, value);
	fputs("</span><span class=\"l\">", p->out);
}

static void key_close(struct page *p)
{
	fputs("</div>\n", p->out);
}

/*
 * The key figures come first because the head of sales opens the page to
 * answer four questions at a glance (is the base getting healthier, who
 * is slipping, which clients are about to go, which channels pay): the
 * findings now and their change, the clients at risk, the orders and
 * revenue of the period and the VIP coverage answer them before any chart
 * is read; the sections below explain them.
 */
static void key_figures(struct page *p)
{
	const struct crm_report *r = p->r;
	char buf[256], d[256], when[64];

	if (!(r->sections & (CRM_REPORT_FINDINGS | CRM_REPORT_CLIENTS | CRM_REPORT_SOURCES |
			     CRM_REPORT_MANAGERS)) &&
	    !((r->sections & CRM_REPORT_VIP) && r->vip)) {
		return;
	}
	fputs("<div class=\"keys\" id=\"summary\">\n", p->out);
	if (r->sections & CRM_REPORT_FINDINGS) {
		for (int s = CRM_SEVERITY_ERROR; s >= CRM_SEVERITY_INFO; s--) {
			int64_t delta;

			key_open(p, s == CRM_SEVERITY_ERROR && r->by_severity[s] ? "error" : NULL,
				 fmt_int(r->by_severity[s], buf, sizeof(buf)));
			esc(p, _(sev_names[s]));
			fputs("</span>", p->out);
			if (change_since_first(r, s, &delta)) {
				fmt_date(r->runs[0].as_of, when, sizeof(when));
				if (delta > 0) {
					snprintf(d, sizeof(d), "+%s", fmt_int(delta, buf, sizeof(buf)));
				} else if (delta < 0) {
					fmt_int(delta, d, sizeof(d));
				} else {
					snprintf(d, sizeof(d), "\xc2\xb1" "0");
				}
				fprintf(p->out, "<span class=\"d\"><span class=\"%s\">",
					delta > 0 ? "worse" : delta < 0 ? "better" : "same");
				esc(p, d);
				fputs("</span> ", p->out);
				/* TRANSLATORS: after a change such as "+3": since the first saved audit */
				snprintf(buf, sizeof(buf), _("since %s"), when);
				esc(p, buf);
				fputs("</span>", p->out);
			}
			key_close(p);
		}
	}
	if (r->sections & CRM_REPORT_CLIENTS) {
		key_open(p, NULL, fmt_int(r->clients_low, buf, sizeof(buf)));
		esc(p, _("clients with health under 50"));
		fputs("</span>", p->out);
		snprintf(d, sizeof(d), P_("%lld at risk of %lld live client", "%lld at risk of %lld live clients",
					  (unsigned long)r->clients_judged),
			 (long long)r->clients_at_risk, (long long)r->clients_judged);
		fputs("<span class=\"d\">", p->out);
		esc(p, d);
		fputs("</span>", p->out);
		key_close(p);
	}
	if (r->sections & (CRM_REPORT_SOURCES | CRM_REPORT_MANAGERS)) {
		int64_t orders = 0, sum = 0;

		/* the sources count every order of the clients, the scorecards
		 * those the managers wrote: the sources when there are both */
		if (r->sections & CRM_REPORT_SOURCES) {
			for (size_t i = 0; i < r->nsources; i++) {
				orders += r->sources[i].orders;
				sum += r->sources[i].revenue;
			}
		} else {
			for (size_t i = 0; i < r->nmanagers; i++) {
				orders += r->managers[i].orders;
				sum += r->managers[i].orders_sum;
			}
		}
		key_open(p, NULL, fmt_units(cents_to_units(sum), buf, sizeof(buf)));
		esc(p, _("revenue of the period"));
		fputs("</span><span class=\"d\">", p->out);
		snprintf(d, sizeof(d), P_("%s order", "%s orders", orders), fmt_int(orders, buf, sizeof(buf)));
		esc(p, d);
		fputs("</span>", p->out);
		key_close(p);
	}
	if ((r->sections & CRM_REPORT_VIP) && r->vip) {
		int64_t done = 0, all = 0;

		if (r->owner_id || r->assignee_id) {
			for (size_t i = 0; i < r->vip->ncoverage; i++) {
				done += r->vip->coverage[i].done;
				all += r->vip->coverage[i].assigned;
			}
		} else {
			done = r->vip->program.done;
			all = r->vip->program.clients;
		}
		key_open(p, NULL, fmt_pct(all ? (done * 100 + all / 2) / all : 0, buf, sizeof(buf)));
		esc(p, _("VIP clients surveyed"));
		fputs("</span><span class=\"d\">", p->out);
		snprintf(d, sizeof(d), _("%lld of %lld"), (long long)done, (long long)all);
		esc(p, d);
		fputs("</span>", p->out);
		key_close(p);
	}
	fputs("</div>\n", p->out);
}

/* ---- health: the saved runs ------------------------------------------- */

static void section_health(struct page *p)
{
	const struct crm_report *r = p->r;
	int64_t *vals;
	char **points;
	struct svg_series series[3];
	struct words w;
	char a[64], b[64];
	size_t n = r->nruns;

	section_open(p, "health", _("Health of the base"));
	if (n == 0) {
		empty(p, _("No audit was saved in this period, so there is no trend to draw: save the "
			   "nightly audit with 'crm audit --save' (from cron)."));
		section_close(p);
		return;
	}
	para(p, "lead", _("Findings by severity in each audit saved in the period: a line going "
			  "down means a healthier base."));
	vals = calloc(3 * n, sizeof(*vals));
	points = calloc(n, sizeof(*points));
	if (!vals || !points) {
		free(vals);
		free(points);
		section_close(p);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		fmt_short_date(r->runs[i].as_of, a, sizeof(a));
		points[i] = strdup(a);
		for (int s = 0; s < 3; s++) {
			/* errors first, the most severe line on top */
			vals[(size_t)s * n + i] = r->runs[i].by_severity[CRM_SEVERITY_ERROR - s];
		}
	}
	words_open(&w);
	for (int s = 0; s < 3; s++) {
		int sev = CRM_SEVERITY_ERROR - s;

		series[s].name = _(sev_names[sev]);
		series[s].values = vals + (size_t)s * n;
		SAY(&w, "%s%s: %" PRId64, s ? "; " : "", s ? _(sev_words[sev]) : _(sev_names[sev]),
		    r->runs[0].by_severity[sev]);
		if (n > 1) {
			SAY(&w, " \xe2\x86\x92 %" PRId64, r->runs[n - 1].by_severity[sev]);
		}
	}
	fmt_date(r->runs[0].as_of, a, sizeof(a));
	fmt_date(r->runs[n - 1].as_of, b, sizeof(b));
	if (n > 1) {
		SAY(&w, " (");
		SAY(&w, _("from %s to %s, %zu saved audits"), a, b, n);
		SAY(&w, ").");
	} else {
		SAY(&w, " (%s).", a);
	}
	{
		struct svg_line_chart ch = {
			.c = { "health-chart", _("Findings by severity per saved audit"), words_text(&w),
			       chart_int, NULL },
			.x_label = _("date of the audit"),
			.y_label = _("findings"),
			.points = (const char *const *)points,
			.npoints = n,
			.series = series,
			.nseries = 3,
		};

		chart_title(p, ch.c.title);
		svg_line(p->out, &ch);
	}
	words_free(&w);

	table_open(p, _("Findings per saved audit"));
	th(p, _("Date"), false);
	for (int s = CRM_SEVERITY_ERROR; s >= CRM_SEVERITY_INFO; s--) {
		th(p, _(sev_names[s]), true);
	}
	th(p, _("Total"), true);
	thead_end(p);
	for (size_t i = 0; i < n; i++) {
		row_head(p, fmt_date(r->runs[i].as_of, a, sizeof(a)));
		for (int s = CRM_SEVERITY_ERROR; s >= CRM_SEVERITY_INFO; s--) {
			td_int(p, r->runs[i].by_severity[s]);
		}
		td_int(p, r->runs[i].findings);
		fputs("</tr>\n", p->out);
	}
	table_close(p);
	for (size_t i = 0; i < n; i++) {
		free(points[i]);
	}
	free(points);
	free(vals);
	section_close(p);
}

/* ---- findings: the heat map --------------------------------------------- */

static void section_findings(struct page *p)
{
	const struct crm_report *r = p->r;
	const char **rows = NULL, **cols = NULL, **notes = NULL;
	struct words w;
	char buf[512];

	section_open(p, "findings", _("Findings by manager and rule"));
	if (r->total == 0 || r->nrules == 0) {
		empty(p, _("No findings: every rule passes, the base is clean."));
		section_close(p);
		return;
	}
	snprintf(buf, sizeof(buf), _("%lld findings now: %lld errors, %lld warnings, %lld notes."),
		 (long long)r->total, (long long)r->by_severity[CRM_SEVERITY_ERROR],
		 (long long)r->by_severity[CRM_SEVERITY_WARN],
		 (long long)r->by_severity[CRM_SEVERITY_INFO]);
	fputs("<p class=\"lead\">", p->out);
	esc(p, buf);
	fputc(' ', p->out);
	esc(p, _("Each row is the manager who must act (not always the owner), each column a "
		 "rule; the darker the cell, the more findings."));
	fputs("</p>\n", p->out);

	rows = calloc(r->npeople + 1, sizeof(*rows));
	cols = calloc(r->nrules + 1, sizeof(*cols));
	notes = calloc(r->nrules + 1, sizeof(*notes));
	words_open(&w);
	if (rows && cols && notes) {
		for (size_t i = 0; i < r->npeople; i++) {
			rows[i] = person_name(&r->people[i]);
			SAY(&w, "%s%s %" PRId64, i ? "; " : "", rows[i], r->people[i].total);
			for (size_t k = 0, first = 1; k < r->nrules; k++) {
				if (crm_report_cell(r, i, k)) {
					SAY(&w, "%s%s %" PRId64, first ? " (" : ", ", r->rules[k]->id,
					    crm_report_cell(r, i, k));
					first = 0;
				}
			}
			SAY(&w, ")");
		}
		SAY(&w, ".");
		for (size_t k = 0; k < r->nrules; k++) {
			cols[k] = r->rules[k]->id;
			notes[k] = r->rules[k]->why ? _(r->rules[k]->why) : NULL;
		}
		{
			struct svg_heat_map h = {
				.c = { "findings-chart", _("Findings by the manager who must act and rule"),
				       words_text(&w), chart_int, NULL },
				.row_label = _("Manager"),
				.col_label = _("Rule"),
				.total_label = _("Total"),
				.rows = rows,
				.nrows = r->npeople,
				.cols = cols,
				.col_notes = notes,
				.ncols = r->nrules,
				.cells = r->cells,
			};

			chart_title(p, h.c.title);
			svg_heat(p->out, &h);
		}
	}
	words_free(&w);

	/* the table turned round: rules down (there are more of them), people across */
	table_class_open(p, "matrix", _("Findings by rule and manager"));
	th(p, _("Rule"), false);
	th(p, _("Severity"), false);
	for (size_t i = 0; i < r->npeople; i++) {
		th(p, person_name(&r->people[i]), true);
	}
	th(p, _("Total"), true);
	thead_end(p);
	for (size_t k = 0; k < r->nrules; k++) {
		fputs("<tr><th scope=\"row\"><code>", p->out);
		esc(p, r->rules[k]->id);
		fputs("</code></th>", p->out);
		td(p, _(sev_one[r->rules[k]->severity]));
		for (size_t i = 0; i < r->npeople; i++) {
			int64_t v = crm_report_cell(r, i, k);

			if (v) {
				td_int(p, v);
			} else {
				td_num(p, "\xc2\xb7");
			}
		}
		td_int(p, r->rule_totals[k]);
		fputs("</tr>\n", p->out);
	}
	fputs("</tbody>\n<tfoot><tr><th scope=\"row\">", p->out);
	esc(p, _("Total"));
	fputs("</th><td></td>", p->out);
	for (size_t i = 0; i < r->npeople; i++) {
		td_int(p, r->people[i].total);
	}
	td_int(p, r->total);
	fputs("</tr></tfoot>\n</table></div>\n", p->out);

	/* what the rules find: their ids are what 'crm audit rules' lists */
	fputs("<dl class=\"rules\">\n", p->out);
	for (size_t k = 0; k < r->nrules; k++) {
		fputs("<dt><code>", p->out);
		esc(p, r->rules[k]->id);
		fputs("</code></dt><dd>", p->out);
		esc(p, r->rules[k]->why ? _(r->rules[k]->why) : "");
		fputs("</dd>\n", p->out);
	}
	fputs("</dl>\n", p->out);
	free(rows);
	free(cols);
	free(notes);
	section_close(p);
}

/* ---- managers: the scorecards ------------------------------------------- */

/* One bar chart of the managers; words says each bar's values. */
static void manager_bars(struct page *p, const char *id, const char *title, const char *axis,
			 const char *const *labels, size_t n, const struct svg_bar_series *series,
			 size_t nseries, int64_t top, svg_format_fn *fmt)
{
	struct words w;
	char buf[64];

	words_open(&w);
	for (size_t i = 0; i < n; i++) {
		SAY(&w, "%s%s:", i ? "; " : "", labels[i]);
		for (size_t s = 0; s < nseries; s++) {
			fmt(series[s].values[i], buf, sizeof(buf), NULL);
			if (nseries > 1) {
				SAY(&w, "%s %s %s", s ? "," : "", series[s].name, buf);
			} else {
				SAY(&w, " %s", buf);
			}
		}
	}
	SAY(&w, ".");
	{
		struct svg_bar_chart b = {
			.c = { id, title, words_text(&w), fmt, NULL,
			       fmt == chart_units ? chart_int : NULL },
			.value_label = axis,
			.labels = labels,
			.nlabels = n,
			.series = series,
			.nseries = nseries,
			.top = top,
		};

		chart_title(p, title);
		svg_bars(p->out, &b);
	}
	words_free(&w);
}

static void section_managers(struct page *p)
{
	const struct crm_report *r = p->r;
	size_t n = r->nmanagers;
	const char **labels;
	int64_t *v;
	int64_t any_orders = 0, any_promises = 0, any_moves = 0;
	size_t nfirst = 0;
	char buf[64];

	section_open(p, "managers", _("Managers"));
	if (n == 0) {
		empty(p, _("No manager to score: add the team with 'crm manager add'."));
		section_close(p);
		return;
	}
	para(p, "lead", _("The scorecards of the period, the lowest score first: who is slipping "
			  "shows at the top."));
	labels = calloc(2 * (n + 1), sizeof(*labels));
	v = calloc(7 * (n + 1), sizeof(*v));
	if (!labels || !v) {
		free(labels);
		free(v);
		section_close(p);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const struct crm_audit_scorecard *m = &r->managers[i];

		labels[i] = m->manager;
		v[i] = m->score;
		v[n + i] = cents_to_units(m->orders_sum);
		v[2 * n + i] = m->promises_kept;
		v[3 * n + i] = m->promises_broken;
		v[4 * n + i] = m->moves;
		v[5 * n + i] = m->late_meetings;
		any_orders |= m->orders | m->orders_sum;
		any_promises |= m->promises_kept | m->promises_broken;
		any_moves |= m->moves | m->late_meetings;
		/* only those who received a client: no handover is no figure, not 0 */
		if (m->first_contact_days >= 0) {
			labels[n + 1 + nfirst] = m->manager;
			v[6 * n + nfirst] = (int64_t)(m->first_contact_days * 10 + 0.5);
			nfirst++;
		}
	}
	{
		struct svg_bar_series s = { NULL, v, SVG_FILL_SOLID };

		manager_bars(p, "managers-score", _("Score (0 to 100, higher is better)"), _("score"),
			     labels, n, &s, 1, 100, chart_int);
	}
	if (any_orders) {
		struct svg_bar_series s = { NULL, v + n, SVG_FILL_SOLID };

		manager_bars(p, "managers-orders", _("Orders of the period, sum"), _("sum of orders, RUB"),
			     labels, n, &s, 1, 0, chart_units);
	} else {
		chart_title(p, _("Orders of the period"));
		empty(p, _("No order was logged in the period: log each one with "
			   "'crm note --kind order --amount'."));
	}
	if (any_promises) {
		struct svg_bar_series s[2] = {
			{ _("kept"), v + 2 * n, SVG_FILL_SOLID },
			{ _("broken"), v + 3 * n, SVG_FILL_HATCH },
		};

		manager_bars(p, "managers-promises", _("Promises to clients closed in the period"),
			     _("promises"), labels, n, s, 2, 0, chart_int);
	} else {
		chart_title(p, _("Promises to clients"));
		empty(p, _("No promise was closed in the period."));
	}
	if (nfirst) {
		struct svg_bar_series s = { NULL, v + 6 * n, SVG_FILL_SOLID };

		manager_bars(p, "managers-handover", _("Days from a handover to the first action"),
			     _("days (median)"), labels + n + 1, nfirst, &s, 1, 0, chart_tenths);
	} else {
		chart_title(p, _("Days from a handover to the first action"));
		empty(p, _("No handover was accepted in the period."));
	}
	if (any_moves) {
		struct svg_bar_series s[2] = {
			{ _("actions moved"), v + 4 * n, SVG_FILL_SOLID },
			{ _("late to meetings"), v + 5 * n, SVG_FILL_HATCH },
		};

		manager_bars(p, "managers-moves", _("Moved actions and lateness"), _("times"), labels,
			     n, s, 2, 0, chart_int);
	} else {
		chart_title(p, _("Moved actions and lateness"));
		empty(p, _("No action was moved and no one came late to a meeting in the period."));
	}

	table_open(p, _("Scorecards of the period"));
	th(p, _("Manager"), false);
	th(p, _("Score"), true);
	th(p, _("Clients"), true);
	th(p, _("Orders"), true);
	th(p, _("Sum of orders"), true);
	th(p, _("Promises kept"), true);
	th(p, _("Promises broken"), true);
	th(p, _("Days to first action"), true);
	th(p, _("Moved"), true);
	th(p, _("Late"), true);
	thead_end(p);
	for (size_t i = 0; i < n; i++) {
		const struct crm_audit_scorecard *m = &r->managers[i];

		row_head(p, m->manager);
		td_int(p, m->score);
		td_int(p, m->clients);
		td_int(p, m->orders);
		td_num(p, fmt_money(m->orders_sum, buf, sizeof(buf)));
		td_int(p, m->promises_kept);
		td_int(p, m->promises_broken);
		if (m->first_contact_days >= 0) {
			td_num(p, fmt_tenths((int64_t)(m->first_contact_days * 10 + 0.5), buf, sizeof(buf)));
		} else {
			td_num(p, "\xe2\x80\x94");
		}
		td_int(p, m->moves);
		td_int(p, m->late_meetings);
		fputs("</tr>\n", p->out);
	}
	table_close(p);
	free(labels);
	free(v);
	section_close(p);
}

/* ---- clients at risk ------------------------------------------------------ */

static void reasons(struct page *p, const char *json)
{
	cJSON *a = cJSON_Parse(json ? json : "[]"), *it;
	bool first = true;

	fputs("<td>", p->out);
	cJSON_ArrayForEach(it, a) {
		const char *why;

		if (!cJSON_IsString(it)) {
			continue;
		}
		why = rule_why(it->valuestring);
		fputs(first ? "" : ", ", p->out);
		if (why) {
			fputs("<code title=\"", p->out);
			esc(p, why);
			fputs("\">", p->out);
		} else {
			fputs("<code>", p->out);
		}
		esc(p, it->valuestring);
		fputs("</code>", p->out);
		first = false;
	}
	fputs("</td>", p->out);
	cJSON_Delete(a);
}

static void section_clients(struct page *p)
{
	const struct crm_report *r = p->r;
	size_t n = r->nat_risk;
	const char **labels;
	int64_t *v;
	char buf[512];

	section_open(p, "clients", _("Clients at risk"));
	if (n == 0) {
		empty(p, _("No client at risk: every live client passes every rule."));
		section_close(p);
		return;
	}
	snprintf(buf, sizeof(buf), P_("The %zu client with the lowest health (100 less the weight of "
				      "each rule it trips), the worst first.",
				      "The %zu clients with the lowest health (100 less the weight of "
				      "each rule they trip), the worst first.", n), n);
	para(p, "lead", buf);
	labels = calloc(n + 1, sizeof(*labels));
	v = calloc(n + 1, sizeof(*v));
	if (labels && v) {
		struct svg_bar_series s = { NULL, v, SVG_FILL_SOLID };

		for (size_t i = 0; i < n; i++) {
			labels[i] = r->at_risk[i].client;
			v[i] = r->at_risk[i].health;
		}
		manager_bars(p, "clients-chart", _("Health of the clients at risk (0 to 100)"),
			     _("health"), labels, n, &s, 1, 100, chart_int);
	}
	free(labels);
	free(v);

	table_open(p, _("Clients at risk"));
	th(p, _("Client"), false);
	th(p, _("Health"), true);
	th(p, _("Owner"), false);
	th(p, _("Tier"), false);
	th(p, _("Reasons"), false);
	thead_end(p);
	for (size_t i = 0; i < n; i++) {
		const struct crm_audit_health *h = &r->at_risk[i];

		row_head(p, h->client);
		td_int(p, h->health);
		fputs("<td class=\"who\">", p->out);
		esc(p, h->owner ? h->owner : _("(no owner)"));
		fputs("</td>", p->out);
		td(p, tier_name(h->tier));
		reasons(p, h->reasons);
		fputs("</tr>\n", p->out);
	}
	table_close(p);
	section_close(p);
}

/* ---- sources ---------------------------------------------------------------- */

static void section_sources(struct page *p)
{
	const struct crm_report *r = p->r;
	size_t n = r->nsources;
	const char **labels;
	int64_t *v, revenue = 0, counts = 0;
	char buf[64];

	section_open(p, "sources", _("Sources"));
	if (n == 0) {
		empty(p, _("No client came in the period or before it: nothing to say of the "
			   "channels yet."));
		section_close(p);
		return;
	}
	para(p, "lead", _("Where the clients come from and what each channel brings in the "
			  "period, the highest revenue first."));
	labels = calloc(n + 1, sizeof(*labels));
	v = calloc(3 * (n + 1), sizeof(*v));
	if (labels && v) {
		for (size_t i = 0; i < n; i++) {
			const struct crm_audit_source *s = &r->sources[i];

			labels[i] = s->source ? s->source : _("(no source)");
			v[i] = cents_to_units(s->revenue);
			v[n + i] = s->new_clients;
			v[2 * n + i] = s->orders;
			revenue |= s->revenue;
			counts |= s->new_clients | s->orders;
		}
		if (revenue) {
			struct svg_bar_series s = { NULL, v, SVG_FILL_SOLID };

			manager_bars(p, "sources-revenue", _("Revenue by source"), _("revenue, RUB"), labels, n,
				     &s, 1, 0, chart_units);
		} else {
			chart_title(p, _("Revenue by source"));
			empty(p, _("No revenue in the period: log orders with their amount "
				   "('crm note --kind order --amount')."));
		}
		if (counts) {
			struct svg_bar_series s[2] = {
				{ _("new clients"), v + n, SVG_FILL_SOLID },
				{ _("orders"), v + 2 * n, SVG_FILL_HATCH },
			};

			manager_bars(p, "sources-clients", _("New clients and orders by source"),
				     _("count"), labels, n, s, 2, 0, chart_int);
		}
	}
	if (n == 1 && !r->sources[0].source) {
		empty(p, _("No client has a source: record where each came from with "
			   "'crm client edit --source'."));
	}

	table_open(p, _("Sources of the period"));
	th(p, _("Source"), false);
	th(p, _("New clients"), true);
	th(p, _("Repeat clients"), true);
	th(p, _("Orders"), true);
	th(p, _("Revenue"), true);
	th(p, _("Lost"), true);
	thead_end(p);
	for (size_t i = 0; i < n; i++) {
		const struct crm_audit_source *s = &r->sources[i];

		row_head(p, s->source ? s->source : _("(no source)"));
		td_int(p, s->new_clients);
		td_int(p, s->repeat_clients);
		td_int(p, s->orders);
		td_num(p, fmt_money(s->revenue, buf, sizeof(buf)));
		td_int(p, s->lost_clients);
		fputs("</tr>\n", p->out);
	}
	table_close(p);
	free(labels);
	free(v);
	section_close(p);
}

/* ---- VIP programme ------------------------------------------------------- */

static void section_vip(struct page *p)
{
	const struct crm_vip_report *v = p->r->vip;
	size_t n;
	const char **labels;
	char **ends;
	int64_t *vals;
	char buf[512], a[64];
	struct words w;

	section_open(p, "vip", _("VIP programme"));
	if (!v) {
		empty(p, _("No VIP programme is active: start one with 'crm vip program start'."));
		section_close(p);
		return;
	}
	n = v->ncoverage;
	/* TRANSLATORS: the name of a VIP programme in quotes; Russian «%s» */
	snprintf(buf, sizeof(buf), _("Programme \xe2\x80\x9c%s\xe2\x80\x9d"), v->program.name);
	fputs("<p class=\"lead\">", p->out);
	esc(p, buf);
	if (v->program.until) {
		fputs(", ", p->out);
		snprintf(buf, sizeof(buf), _("due %s"), fmt_date(v->program.until, a, sizeof(a)));
		esc(p, buf);
	}
	fputs(": ", p->out);
	snprintf(buf, sizeof(buf), _("%lld of %lld clients surveyed, %lld overdue."),
		 (long long)v->program.done, (long long)v->program.clients,
		 (long long)v->program.overdue);
	esc(p, buf);
	fputs("</p>\n", p->out);
	if (n == 0) {
		empty(p, _("No client of the programme is assigned: split the list with "
			   "'crm vip assign'."));
		section_close(p);
		return;
	}
	labels = calloc(n + 1, sizeof(*labels));
	ends = calloc(n + 1, sizeof(*ends));
	vals = calloc(3 * (n + 1), sizeof(*vals));
	words_open(&w);
	if (labels && ends && vals) {
		struct svg_bar_series s[3] = {
			{ _("surveyed"), vals, SVG_FILL_SOLID },
			{ _("left"), vals + n, SVG_FILL_LIGHT },
			{ _("overdue"), vals + 2 * n, SVG_FILL_HATCH },
		};

		for (size_t i = 0; i < n; i++) {
			const struct crm_vip_coverage *c = &v->coverage[i];
			int64_t overdue = c->overdue < c->left ? c->overdue : c->left;

			labels[i] = c->manager ? c->manager : _("(not assigned)");
			vals[i] = c->done;
			vals[n + i] = c->left - overdue;
			vals[2 * n + i] = overdue;
			snprintf(buf, sizeof(buf), _("%lld of %lld"), (long long)c->done,
				 (long long)c->assigned);
			ends[i] = strdup(buf);
			SAY(&w, "%s%s: ", i ? "; " : "", labels[i]);
			SAY(&w, _("%lld done, %lld left, %lld of them overdue"), (long long)c->done,
			    (long long)c->left, (long long)c->overdue);
		}
		SAY(&w, ".");
		{
			struct svg_bar_chart b = {
				.c = { "vip-chart", _("Coverage by surveyor"), words_text(&w), chart_int,
				       NULL },
				.value_label = _("clients"),
				.labels = labels,
				.nlabels = n,
				.series = s,
				.nseries = 3,
				.stacked = true,
				.ends = (const char *const *)ends,
			};

			chart_title(p, b.c.title);
			svg_bars(p->out, &b);
		}
	}
	words_free(&w);

	table_open(p, _("Coverage by surveyor"));
	th(p, _("Surveyor"), false);
	th(p, _("Assigned"), true);
	th(p, _("Done"), true);
	th(p, _("Left"), true);
	th(p, _("Overdue"), true);
	th(p, _("Coverage"), true);
	thead_end(p);
	for (size_t i = 0; i < n; i++) {
		const struct crm_vip_coverage *c = &v->coverage[i];

		row_head(p, c->manager ? c->manager : _("(not assigned)"));
		td_int(p, c->assigned);
		td_int(p, c->done);
		td_int(p, c->left);
		td_int(p, c->overdue);
		td_num(p, fmt_pct(c->assigned ? (c->done * 100 + c->assigned / 2) / c->assigned : 0,
				  a, sizeof(a)));
		fputs("</tr>\n", p->out);
	}
	table_close(p);
	for (size_t i = 0; ends && i < n; i++) {
		free(ends[i]);
	}
	free(ends);
	free(labels);
	free(vals);
	section_close(p);
}

/* ---- the page -------------------------------------------------------------- */

/* the sections in the order of enum crm_report_section */
static void (*const sections[])(struct page *p) = {
	section_health, section_findings, section_managers,
	section_clients, section_sources, section_vip,
};

int report_html(FILE *out, const struct crm_report *r, const struct report_html_info *info)
{
	struct page p = { out, r, info };
	char buf[64];

	head(&p);
	header(&p);
	key_figures(&p);
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++) {
		if (r->sections & (1u << i)) {
			sections[i](&p);
		}
	}
	fputs("<footer>", out);
	snprintf(buf, sizeof(buf), _("Written by crm on %s."),
		 fmt_time(info->generated, (char[64]){ 0 }, 64));
	esc(&p, buf);
	fputs("</footer>\n</div>\n</body>\n</html>\n", out);
	if (ferror(out)) {
		if (!errno) {
			errno = EIO;
		}
		return -1;
	}
	return 0;
}
