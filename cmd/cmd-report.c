/*
 * cmd-report.c: crm report, the page the head of sales looks at: the
 * health of the base over the saved runs, the findings by person and
 * rule, the scorecards, the clients at risk, the sources and the VIP
 * programme, as one self-contained HTML file (report-html.c) or as JSON
 * with the same numbers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit-opts.h"
#include "commands.h"
#include "opts.h"
#include "report-html.h"
#include "report.h"
#include "rows.h"
#include "banned.h"

static const char *const usage_report[] = {
	"crm report [--since <date>] [--until <date>] [--owner <manager>] "
	"[--assignee <manager> | --mine] [--as-of <date>] [--section <name>]... [--limit <n>] "
	"[--format html|json]",
	NULL,
};

/* ---- JSON: the same numbers -------------------------------------------- */

static const struct emit_col run_cols[] = {
	{ "id", N_("RUN"), EMIT_INT },
	{ "at", N_("AT"), EMIT_TIME },
	{ "as_of", N_("AS_OF"), EMIT_TIME },
	{ "findings", N_("FINDINGS"), EMIT_INT },
	{ "error", N_("ERROR"), EMIT_INT },
	{ "warn", N_("WARN"), EMIT_INT },
	{ "info", N_("INFO"), EMIT_INT },
};

static const struct emit_col rule_cols[] = {
	{ "rule", N_("RULE"), EMIT_STR },
	{ "severity", N_("SEVERITY"), EMIT_STR },
	{ "count", N_("COUNT"), EMIT_INT },
};

static const struct emit_col cell_cols[] = {
	{ "rule", N_("RULE"), EMIT_STR },
	{ "count", N_("COUNT"), EMIT_INT },
};

static const struct emit_col person_cols[] = {
	{ "assignee_id", N_("ID"), EMIT_INT },
	{ "assignee", N_("ASSIGNEE"), EMIT_STR },
	{ "total", N_("TOTAL"), EMIT_INT },
	{ "rules", N_("RULES"), EMIT_ROWS },
};

static const struct emit_col findings_cols[] = {
	{ "total", N_("TOTAL"), EMIT_INT },
	{ "error", N_("ERROR"), EMIT_INT },
	{ "warn", N_("WARN"), EMIT_INT },
	{ "info", N_("INFO"), EMIT_INT },
	{ "rules", N_("RULES"), EMIT_ROWS },
	{ "assignees", N_("ASSIGNEES"), EMIT_ROWS },
};

static const struct emit_col coverage_cols[] = {
	{ "manager_id", N_("ID"), EMIT_INT },
	{ "manager", N_("MANAGER"), EMIT_STR },
	{ "assigned", N_("ASSIGNED"), EMIT_INT },
	{ "done", N_("DONE"), EMIT_INT },
	{ "left", N_("LEFT"), EMIT_INT },
	{ "overdue", N_("OVERDUE"), EMIT_INT },
};

static const struct emit_col vip_cols[] = {
	{ "id", N_("ID"), EMIT_INT },
	{ "name", N_("NAME"), EMIT_STR },
	{ "until", N_("UNTIL"), EMIT_DATE },
	{ "clients", N_("CLIENTS"), EMIT_INT },
	{ "done", N_("DONE"), EMIT_INT },
	{ "left", N_("LEFT"), EMIT_INT },
	{ "overdue", N_("OVERDUE"), EMIT_INT },
	{ "coverage", N_("COVERAGE"), EMIT_ROWS },
};

static const struct emit_col report_cols[] = {
	{ "as_of", N_("AS_OF"), EMIT_TIME },
	{ "since", N_("SINCE"), EMIT_DATE },
	{ "until", N_("UNTIL"), EMIT_DATE },
	{ "owner", N_("OWNER"), EMIT_STR },
	{ "assignee", N_("ASSIGNEE"), EMIT_STR },
	{ "sections", N_("SECTIONS"), EMIT_LIST },
	{ "health", N_("HEALTH"), EMIT_ROWS },
	{ "findings", N_("FINDINGS"), EMIT_MAP },
	{ "managers", N_("MANAGERS"), EMIT_ROWS },
	{ "clients", N_("CLIENTS"), EMIT_ROWS },
	{ "clients_judged", N_("JUDGED"), EMIT_INT },
	{ "clients_at_risk", N_("AT_RISK"), EMIT_INT },
	{ "clients_low", N_("LOW"), EMIT_INT },
	{ "sources", N_("SOURCES"), EMIT_ROWS },
	{ "vip", N_("VIP"), EMIT_MAP },
};

/* The names of r's sections as a JSON array. */
static char *sections_json(unsigned sections)
{
	size_t n = 3;
	char *out, *p;

	for (size_t i = 0; crm_report_section_names[i]; i++) {
		n += strlen(crm_report_section_names[i]) + 3;
	}
	out = malloc(n);
	if (!out) {
		return NULL;
	}
	p = out;
	*p++ = '[';
	for (size_t i = 0; crm_report_section_names[i]; i++) {
		if (sections & (1u << i)) {
			p += snprintf(p, n - (size_t)(p - out), "%s\"%s\"", p > out + 1 ? "," : "",
				      crm_report_section_names[i]);
		}
	}
	snprintf(p, n - (size_t)(p - out), "]");
	return out;
}

static void json_runs(struct emitter *e, const struct crm_report *r)
{
	struct emitter *l;

	if (!(r->sections & CRM_REPORT_HEALTH)) {
		emit_null(e);
		return;
	}
	l = emit_begin_list(e, run_cols, ARRAY_SIZE(run_cols), NULL);
	for (size_t i = 0; l && i < r->nruns; i++) {
		const struct crm_report_run *k = &r->runs[i];

		emit_begin(l);
		emit_int(l, k->id);
		emit_date(l, k->at);
		emit_date(l, k->as_of);
		emit_int(l, k->findings);
		emit_int(l, k->by_severity[CRM_SEVERITY_ERROR]);
		emit_int(l, k->by_severity[CRM_SEVERITY_WARN]);
		emit_int(l, k->by_severity[CRM_SEVERITY_INFO]);
		emit_end(l);
	}
	emit_end_list(e);
}

static void json_findings(struct emitter *e, const struct crm_report *r)
{
	struct emitter *m, *l, *c;

	if (!(r->sections & CRM_REPORT_FINDINGS)) {
		emit_null(e);
		return;
	}
	m = emit_begin_map(e, findings_cols, ARRAY_SIZE(findings_cols), NULL);
	if (!m) {
		emit_end_map(e);
		return;
	}
	emit_begin(m);
	emit_int(m, r->total);
	emit_int(m, r->by_severity[CRM_SEVERITY_ERROR]);
	emit_int(m, r->by_severity[CRM_SEVERITY_WARN]);
	emit_int(m, r->by_severity[CRM_SEVERITY_INFO]);
	l = emit_begin_list(m, rule_cols, ARRAY_SIZE(rule_cols), NULL);
	for (size_t k = 0; l && k < r->nrules; k++) {
		emit_begin(l);
		emit_str(l, r->rules[k]->id);
		emit_str(l, crm_severities[r->rules[k]->severity]);
		emit_int(l, r->rule_totals[k]);
		emit_end(l);
	}
	emit_end_list(m);
	l = emit_begin_list(m, person_cols, ARRAY_SIZE(person_cols), NULL);
	for (size_t p = 0; l && p < r->npeople; p++) {
		emit_begin(l);
		emit_int_or_null(l, r->people[p].id);
		emit_str(l, r->people[p].name);
		emit_int(l, r->people[p].total);
		c = emit_begin_list(l, cell_cols, ARRAY_SIZE(cell_cols), NULL);
		for (size_t k = 0; c && k < r->nrules; k++) {
			if (crm_report_cell(r, p, k)) {
				emit_begin(c);
				emit_str(c, r->rules[k]->id);
				emit_int(c, crm_report_cell(r, p, k));
				emit_end(c);
			}
		}
		emit_end_list(l);
		emit_end(l);
	}
	emit_end_list(m);
	emit_end(m);
	emit_end_map(e);
}

static void json_managers(struct emitter *e, const struct crm_report *r)
{
	struct emitter *l;

	if (!(r->sections & CRM_REPORT_MANAGERS)) {
		emit_null(e);
		return;
	}
	l = emit_begin_list(e, audit_scorecard_cols, AUDIT_SCORECARD_NCOLS, NULL);
	for (size_t i = 0; l && i < r->nmanagers; i++) {
		audit_emit_scorecard(l, &r->managers[i]);
	}
	emit_end_list(e);
}

static void json_clients(struct emitter *e, const struct crm_report *r)
{
	struct emitter *l;

	if (!(r->sections & CRM_REPORT_CLIENTS)) {
		emit_null(e);
		return;
	}
	l = emit_begin_list(e, audit_health_cols, AUDIT_HEALTH_NCOLS, NULL);
	for (size_t i = 0; l && i < r->nat_risk; i++) {
		audit_emit_health(l, &r->at_risk[i]);
	}
	emit_end_list(e);
}

static void json_sources(struct emitter *e, const struct crm_report *r)
{
	struct emitter *l;

	if (!(r->sections & CRM_REPORT_SOURCES)) {
		emit_null(e);
		return;
	}
	l = emit_begin_list(e, audit_source_cols, AUDIT_SOURCE_NCOLS, NULL);
	for (size_t i = 0; l && i < r->nsources; i++) {
		audit_emit_source(l, &r->sources[i], false);
	}
	emit_end_list(e);
}

static void json_vip(struct emitter *e, const struct crm_report *r)
{
	const struct crm_vip_report *v = r->vip;
	struct emitter *m, *l;

	if (!(r->sections & CRM_REPORT_VIP) || !v) {
		emit_null(e);
		return;
	}
	m = emit_begin_map(e, vip_cols, ARRAY_SIZE(vip_cols), NULL);
	if (!m) {
		emit_end_map(e);
		return;
	}
	emit_begin(m);
	emit_int(m, v->program.id);
	emit_str(m, v->program.name);
	emit_date_or_null(m, v->program.until);
	emit_int(m, v->program.clients);
	emit_int(m, v->program.done);
	emit_int(m, v->program.clients - v->program.done);
	emit_int(m, v->program.overdue);
	l = emit_begin_list(m, coverage_cols, ARRAY_SIZE(coverage_cols), NULL);
	for (size_t i = 0; l && i < v->ncoverage; i++) {
		const struct crm_vip_coverage *c = &v->coverage[i];

		emit_begin(l);
		emit_int_or_null(l, c->manager_id);
		emit_str(l, c->manager);
		emit_int(l, c->assigned);
		emit_int(l, c->done);
		emit_int(l, c->left);
		emit_int(l, c->overdue);
		emit_end(l);
	}
	emit_end_list(m);
	emit_end(m);
	emit_end_map(e);
}

static int report_json(struct crm_ctx *ctx, const struct crm_report *r)
{
	struct emitter *e = ctx_emitter(ctx, report_cols, ARRAY_SIZE(report_cols), EMIT_SINGLE);
	char *sections;

	if (!e) {
		return EXIT_USAGE;
	}
	sections = sections_json(r->sections);
	emit_begin(e);
	emit_date(e, r->as_of);
	emit_date(e, r->since);
	emit_date(e, r->until);
	emit_str(e, r->owner);
	emit_str(e, r->assignee);
	emit_json(e, sections ? sections : "[]");
	json_runs(e, r);
	json_findings(e, r);
	json_managers(e, r);
	json_clients(e, r);
	if (r->sections & CRM_REPORT_CLIENTS) {
		emit_int(e, r->clients_judged);
		emit_int(e, r->clients_at_risk);
		emit_int(e, r->clients_low);
	} else {
		emit_null(e);
		emit_null(e);
		emit_null(e);
	}
	json_sources(e, r);
	json_vip(e, r);
	emit_end(e);
	free(sections);
	return ctx_emit_done(ctx, e);
}

/* ---- crm report ---------------------------------------------------------- */

static const struct kw report_formats[] = {
	{ "html", EMIT_FMT_HTML }, { "json", EMIT_FMT_JSON }, { 0 },
};

/* The --section values as bits; 0 or the exit code. */
static int sections_apply(const struct strlist *l, unsigned *out)
{
	*out = 0;
	for (size_t i = 0; i < l->n; i++) {
		unsigned s = crm_report_section_find(l->items[i]);

		if (!s) {
			usage_error(usage_report, "unknown section '%s' for --section", l->items[i]);
			hint("the sections are health, findings, managers, clients, sources and vip");
			return EXIT_USAGE;
		}
		*out |= s;
	}
	return 0;
}

static int report_write_html(struct crm_ctx *ctx, const struct crm_report *r)
{
	struct report_html_info info = { getenv("TZ"), ctx->now };

	/* a write that fails leaves stdout's error set: the dispatcher's
	 * flush reports it (exit 1), and a closed pipe stays quiet */
	report_html(stdout, r, &info);
	return 0;
}

int cmd_report(struct crm_ctx *ctx, int argc, char **argv)
{
	struct audit_opts c;
	struct crm_audit_options ao = { 0 };
	struct crm_report_options o = { 0 };
	struct strlist sections = { 0 };
	const char *since = NULL, *until = NULL;
	int format = -1, code;
	const struct opt opts[] = {
		PERIOD_OPTS(&since, &until),
		COMMON_WHO(&c),
		COMMON_AS_OF(&c),
		OPT_LIST(0, "section", &sections, "<name>",
			 "only this section (repeatable): health, findings, managers, clients, "
			 "sources, vip"),
		OPT_INT(0, "limit", &o.at_risk, "<n>", "clients at risk listed (default 20)"),
		OPT_KW(0, "format", &format, report_formats, "html (default) or json"),
		OPT_FLAG(0, "json", &c.json, "short for --format json"),
		OPT_END,
	};
	struct crm_report *r = NULL;
	crm_status st;

	audit_opts_init(&c);
	c.mine_acts = true;
	if (ctx->completing && ctx->complete_prev && strcmp(ctx->complete_prev, "--section") == 0) {
		for (size_t i = 0; crm_report_section_names[i]; i++) {
			printf("%s\n", crm_report_section_names[i]);
		}
		return 0;
	}
	if (!opts_parse(ctx, &argc, &argv, opts, usage_report, 0, 0, &code)) {
		strlist_release(&sections);
		return code;
	}
	if (c.json) {
		format = EMIT_FMT_JSON;
	}
	if (format < 0) {
		format = ctx->format_set ? (int)ctx->format : EMIT_FMT_HTML;
	}
	code = sections_apply(&sections, &o.sections);
	strlist_release(&sections);
	if (code) {
		return code;
	}
	if (format != EMIT_FMT_HTML && format != EMIT_FMT_JSON) {
		return usage_error(usage_report, "crm report writes --format html or json, not %s",
				   emit_format_name((enum emit_format)format));
	}
	if (ctx->fields) {
		return usage_error(usage_report, "crm report takes no --fields: it writes every "
						 "number of its sections");
	}
	if (o.at_risk < 0) {
		return usage_error(usage_report,
				   "invalid value '%lld' for --limit: expected 0 or more",
				   (long long)o.at_risk);
	}
	ctx->format = (enum emit_format)format;
	ctx->format_set = true;
	code = audit_opts_apply(ctx, &c, usage_report, &ao);
	if (code == 0) {
		code = audit_period_apply(ctx, since, until, usage_report, &ao);
	}
	if (code) {
		return code;
	}
	if (format == EMIT_FMT_HTML && ctx->stdout_tty) {
		error("the report is an HTML page, not for a terminal");
		hint("write it to a file: crm report > report.html; or crm report --format json");
		return EXIT_USAGE;
	}
	o.owner_id = ao.owner_id;
	o.assignee_id = ao.assignee_id;
	o.as_of = ao.as_of;
	o.since = ao.since;
	o.until = ao.until;
	ctx_progress_on(ctx);
	st = crm_report_build(ctx->db, &o, &r);
	if (st != CRM_OK) {
		return report(ctx, st);
	}
	code = format == EMIT_FMT_JSON ? report_json(ctx, r) : report_write_html(ctx, r);
	crm_report_destroy(r);
	return code;
}
