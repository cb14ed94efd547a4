/*
 * cmd-audit.c: crm audit, the nightly revision of the base, and its
 * subcommands rules, managers, clients, digest and history.
 *
 * `crm audit [<options>]` runs the audit itself: `audit` is a group of the
 * command table (commands.c) with a handler of its own for the words that
 * are no subcommand. It reads one snapshot without the write lock
 * (CMD_DB_RO); --save writes its run afterwards in a short transaction of
 * its own.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "audit-opts.h"
#include "commands.h"
#include "escape.h"
#include "hooks.h"
#include "opts.h"
#include "report.h"
#include "rows.h"
#include "banned.h"

static const char *const usage_run =
	"crm audit [--rule <id>]... [--owner <manager>] [--assignee <manager> | --mine] "
	"[--as-of <date>] [--min-severity <level>] [--fail-on <level>] [--save] [--sql]";
static const char *const usage_rules = "crm audit rules";
static const char *const usage_managers =
	"crm audit managers [--owner <manager> | --mine] [--as-of <date>] "
	"[--since <date>] [--until <date>] [--sort (score | name)] [--sql]";
static const char *const usage_sources =
	"crm audit sources [--owner <manager> | --mine] [--since <date>] [--until <date>]";
static const char *const usage_clients =
	"crm audit clients [--rule <id>]... [--owner <manager> | --mine] [--as-of <date>] "
	"[--sort (health | name)] [--limit <n>]";
static const char *const usage_digest =
	"crm audit digest [--rule <id>]... [--owner <manager>] [--assignee <manager> | --mine] "
	"[--as-of <date>] [--min-severity <level>]";
static const char *const usage_history =
	"crm audit history [--rule <id>]... [--owner <manager> | --mine] [--last <n>] [--runs]";

static const struct kw severities[] = {
	{ "info", CRM_SEVERITY_INFO },
	{ "warn", CRM_SEVERITY_WARN },
	{ "error", CRM_SEVERITY_ERROR },
	{ 0 },
};
static const struct kw fail_levels[] = {
	{ "warn", CRM_SEVERITY_WARN },
	{ "error", CRM_SEVERITY_ERROR },
	{ 0 },
};
/* ---- crm audit ----------------------------------------------------------- */

static const struct emit_col finding_cols[] = {
	{ "severity", N_("SEVERITY"), EMIT_STR },
	{ "owner", N_("OWNER"), EMIT_STR },
	{ "assignee", N_("ASSIGNEE"), EMIT_STR },
	{ "assignee_email", N_("ASSIGNEE_EMAIL"), EMIT_STR },
	{ "client_id", N_("ID"), EMIT_INT },
	{ "client", N_("CLIENT"), EMIT_STR },
	{ "rule", N_("RULE"), EMIT_STR },
	{ "since", N_("SINCE"), EMIT_DATE },
	{ "detail", N_("DETAIL"), EMIT_STR },
};

static void emit_finding(struct emitter *e, const struct crm_audit_finding *f)
{
	emit_begin(e);
	emit_str(e, crm_severities[f->severity]);
	emit_str(e, f->owner);
	emit_str(e, f->assignee);
	emit_str(e, f->assignee_email);
	if (f->client_id) {
		emit_int(e, f->client_id);
	} else {
		emit_null(e);
	}
	emit_str(e, f->client);
	emit_str(e, f->rule);
	if (f->since) {
		emit_date(e, f->since);
	} else {
		emit_null(e);
	}
	emit_str(e, f->detail);
	emit_end(e);
}

/* A JSON string (with its quotes) on stdout. */
static void put_json_str(const char *s)
{
	cJSON *j = cJSON_CreateString(s ? s : "");
	char *t = j ? cJSON_PrintUnformatted(j) : NULL;

	fputs(t ? t : "null", stdout);
	cJSON_free(t);
	cJSON_Delete(j);
}

static void summary_json(const struct crm_audit_count *counts, size_t n, int64_t total,
			 const int64_t *by_sev)
{
	fputs(",\n\"summary\":{", stdout);
	for (size_t i = 0; i < n; i++) {
		printf("%s\"%s\":%lld", i ? "," : "", counts[i].rule, (long long)counts[i].count);
	}
	printf("},\"severities\":{\"error\":%lld,\"warn\":%lld,\"info\":%lld},\"total\":%lld}\n",
	       (long long)by_sev[CRM_SEVERITY_ERROR], (long long)by_sev[CRM_SEVERITY_WARN],
	       (long long)by_sev[CRM_SEVERITY_INFO], (long long)total);
}

static void summary_table(const struct crm_audit_count *counts, size_t n, int64_t total,
			  const int64_t *by_sev, int64_t as_of)
{
	char date[16];

	crm_date_format(crm_local_today(as_of), date, sizeof(date));
	if (total == 0) {
		printf(P_("no findings as of %s (%zu rule run)\n",
			  "no findings as of %s (%zu rules run)\n", n), date, n);
		return;
	}
	putchar('\n');
	printf(P_("%lld finding as of %s: %lld error, %lld warn, %lld info\n",
		  "%lld findings as of %s: %lld error, %lld warn, %lld info\n", total),
	       (long long)total, date, (long long)by_sev[CRM_SEVERITY_ERROR],
	       (long long)by_sev[CRM_SEVERITY_WARN], (long long)by_sev[CRM_SEVERITY_INFO]);
	for (size_t i = 0; i < n; i++) {
		if (counts[i].count) {
			printf("  %-26s %-5s %6lld\n", counts[i].rule,
			       crm_severities[counts[i].severity], (long long)counts[i].count);
		}
	}
}

/* The JSON document opens before the findings stream into it. */
static void json_head(struct crm_ctx *ctx, int64_t as_of, const struct crm_audit_options *o,
		      const char *owner, const char *assignee)
{
	char t[32];

	printf("{\"as_of\":\"%s\",\"base\":", crm_time_format(as_of, t, sizeof(t)));
	put_json_str(crm_db_path(ctx->db));
	fputs(",\"owner\":", stdout);
	if (o->owner_id) {
		put_json_str(owner);
	} else {
		fputs("null", stdout);
	}
	fputs(",\"assignee\":", stdout);
	if (o->assignee_id) {
		put_json_str(assignee);
	} else {
		fputs("null", stdout);
	}
	fputs(",\n\"findings\":", stdout);
}

/* The name of a manager by id (malloc'd), for the JSON head. */
static char *manager_name(struct crm_ctx *ctx, int64_t id)
{
	struct crm_manager_iter *it;
	const struct crm_manager *m;
	char *name = NULL;

	if (id && crm_manager_query(ctx->db, id, &it) == CRM_OK) {
		if (crm_manager_iter_next(it, &m) == CRM_OK) {
			name = strdup(m->name);
		}
		crm_manager_iter_destroy(it);
	}
	return name;
}

static int print_sql(struct crm_ctx *ctx, const struct crm_audit_options *o)
{
	char *sql = NULL;
	crm_status st = crm_audit_sql(ctx->db, o, &sql);

	if (st != CRM_OK) {
		return report(ctx, st);
	}
	fputs(sql, stdout);
	free(sql);
	return 0;
}

/* The findings for the post-audit hook, in JSON to a memory stream. */
struct hook_sink {
	struct emitter *e; /* NULL: no post-audit hook */
	FILE *mem;
	char *buf;
	size_t len;
};

static void hook_findings_begin(struct crm_ctx *ctx, struct hook_sink *h)
{
	char err[256];

	*h = (struct hook_sink){ 0 };
	if (!hook_wanted(ctx, "audit") || !(h->mem = open_memstream(&h->buf, &h->len))) {
		return;
	}
	h->e = emit_create(EMIT_FMT_JSON, h->mem, finding_cols, ARRAY_SIZE(finding_cols), NULL, 0,
			   err, sizeof(err));
	if (!h->e) {
		fclose(h->mem);
		free(h->buf);
		*h = (struct hook_sink){ 0 };
	}
}

/* Drops the findings of a run that failed. */
static void hook_findings_drop(struct hook_sink *h)
{
	if (h->e) {
		emit_destroy(h->e);
		fclose(h->mem);
		free(h->buf);
	}
	*h = (struct hook_sink){ 0 };
}

/* Declares the audit event, {"as_of", "findings", "total"}, for its
 * post- hook (audit has no pre- hook: it writes nothing to veto). */
static void hook_findings_end(struct hook_sink *h, int64_t as_of, int64_t total)
{
	char t[32], *text = NULL;
	cJSON *o, *list;
	int rc;

	if (!h->e) {
		return;
	}
	rc = emit_finish(h->e);
	emit_destroy(h->e);
	if (fclose(h->mem) == 0 && rc == 0 && (o = cJSON_CreateObject()) != NULL) {
		list = cJSON_Parse(h->buf);
		cJSON_AddStringToObject(o, "as_of", crm_time_format(as_of, t, sizeof(t)));
		cJSON_AddItemToObject(o, "findings", list ? list : cJSON_CreateArray());
		cJSON_AddNumberToObject(o, "total", (double)total);
		text = cJSON_PrintUnformatted(o);
		cJSON_Delete(o);
	}
	free(h->buf);
	*h = (struct hook_sink){ 0 };
	if (text) {
		hook_declare("audit", text, NULL);
		cJSON_free(text);
	}
}

int cmd_audit(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = {
		usage_run, usage_rules, usage_managers, usage_clients, usage_digest,
		usage_history, usage_sources, NULL,
	};
	struct audit_opts c;
	struct crm_audit_options o = { 0 };
	int min_sev = CRM_SEVERITY_INFO, fail_on = -1;
	bool save = false, sql = false;
	const struct opt opts[] = {
		COMMON_RULE(&c),
		COMMON_WHO(&c),
		COMMON_AS_OF(&c),
		OPT_KW(0, "min-severity", &min_sev, severities, "leave out rules below this level"),
		OPT_KW(0, "fail-on", &fail_on, fail_levels,
		       "exit 1 when a finding is at or above this level"),
		OPT_FLAG(0, "save", &save, "store the counts of this run for 'crm audit history'"),
		OPT_FLAG(0, "sql", &sql, "print the queries as a script for the sqlite3 shell"),
		COMMON_FORMAT(&c),
		OPT_END,
	};
	const struct crm_audit_finding *f;
	const struct crm_audit_count *counts;
	struct crm_audit_iter *it;
	int64_t by_sev[3] = { 0 }, total = 0, run_id;
	struct emitter *e;
	struct hook_sink hook;
	char *owner = NULL, *assignee = NULL;
	int code, worst = -1;
	size_t ncounts;
	crm_status st;

	audit_opts_init(&c);
	c.mine_acts = true;
	if (audit_complete_rule(ctx)) {
		return 0;
	}
	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 0, &code)) {
		strlist_release(&c.rules);
		return code;
	}
	code = audit_opts_apply(ctx, &c, usage, &o);
	if (!code && save && sql) {
		code = usage_error(usage, "--save and --sql exclude each other");
	}
	if (!code && save && o.assignee_id) {
		code = usage_error(usage, "--save keeps runs of the whole base or of one owner: "
				   "leave out --assignee and --mine");
	}
	if (code) {
		strlist_release(&c.rules);
		return code;
	}
	o.min_severity = (enum crm_severity)min_sev;
	if (sql) {
		/* rule by rule, as the machine formats run them: readable */
		code = print_sql(ctx, &o);
		strlist_release(&c.rules);
		return code;
	}
	/* the table sorts; the machine formats stream rule by rule */
	o.order = ctx->format == EMIT_FMT_TABLE ? CRM_AUDIT_ORDER_SEVERITY : CRM_AUDIT_ORDER_RULE;
	e = ctx_emitter(ctx, finding_cols, ARRAY_SIZE(finding_cols), 0);
	if (!e) {
		strlist_release(&c.rules);
		return EXIT_USAGE;
	}
	hook_findings_begin(ctx, &hook);
	ctx_progress_on(ctx);
	st = crm_audit_query(ctx->db, &o, &it);
	strlist_release(&c.rules);
	if (st != CRM_OK) {
		emit_destroy(e);
		hook_findings_drop(&hook);
		return report(ctx, st);
	}
	if (ctx->format == EMIT_FMT_JSON) {
		owner = manager_name(ctx, o.owner_id);
		assignee = manager_name(ctx, o.assignee_id);
		json_head(ctx, crm_audit_iter_as_of(it), &o, owner, assignee);
		free(owner);
		free(assignee);
	}
	while ((st = crm_audit_iter_next(it, &f)) == CRM_OK) {
		emit_finding(e, f);
		if (hook.e) {
			emit_finding(hook.e, f);
		}
		if (f->repeat) {
			continue; /* one finding for several heads counts once */
		}
		by_sev[f->severity]++;
		total++;
		if ((int)f->severity > worst) {
			worst = (int)f->severity;
		}
	}
	if (st != CRM_DONE) {
		crm_audit_iter_destroy(it);
		emit_destroy(e);
		hook_findings_drop(&hook);
		return report(ctx, st);
	}
	if (emit_finish(e) != 0 && errno != EPIPE) {
		error("cannot write the output: %s", strerror(errno));
		ctx->output_failed = true;
		emit_destroy(e);
		hook_findings_drop(&hook);
		crm_audit_iter_destroy(it);
		return EXIT_FAIL;
	}
	emit_destroy(e);
	hook_findings_end(&hook, crm_audit_iter_as_of(it), total);
	counts = crm_audit_iter_counts(it, &ncounts);
	if (ctx->format == EMIT_FMT_JSON) {
		summary_json(counts, ncounts, total, by_sev);
	} else if (ctx->format == EMIT_FMT_TABLE) {
		summary_table(counts, ncounts, total, by_sev, crm_audit_iter_as_of(it));
	}
	if (save) {
		if (fflush(stdout) != 0 || ferror(stdout)) {
			crm_audit_iter_destroy(it);
			return EXIT_FAIL; /* main reports it; a run not shown is not saved */
		}
		st = crm_audit_save(ctx->db, it, &run_id);
		if (st != CRM_OK) {
			crm_audit_iter_destroy(it);
			return report(ctx, st);
		}
		info(ctx, "saved audit run %lld", (long long)run_id);
	}
	crm_audit_iter_destroy(it);
	if (fail_on >= 0 && worst >= fail_on) {
		info(ctx, "findings at %s or above: exit 1 (--fail-on %s)",
		     kw_name(fail_levels, fail_on), kw_name(fail_levels, fail_on));
		hooks_post(ctx); /* the audit ran: its post- hook is told */
		return EXIT_FAIL;
	}
	return 0;
}

/* ---- crm audit rules ------------------------------------------------------ */

/* The values in force, {"audit.x.days": 30, ...}: keys of a map of no columns. */
static void thresholds(struct crm_ctx *ctx, struct emitter *e, const struct crm_audit_rule *r)
{
	struct emitter *map = emit_begin_map(e, NULL, 0, NULL);

	if (map) {
		emit_begin(map);
		for (const char *const *k = r->keys; *k; k++) {
			const struct crm_config_key *key = crm_config_key_find(*k);

			if (key && key->type == CRM_CONFIG_BOOL) {
				emit_key(map, *k, EMIT_BOOL);
				emit_bool(map, crm_config_bool(ctx->db, *k));
			} else {
				emit_key(map, *k, EMIT_INT);
				emit_int(map, crm_config_int(ctx->db, *k));
			}
		}
		emit_end(map);
	}
	emit_end_map(e);
}

int cmd_audit_rules(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { usage_rules, NULL };
	static const struct emit_col cols[] = {
		{ "rule", N_("RULE"), EMIT_STR },
		{ "severity", N_("SEVERITY"), EMIT_STR },
		{ "assignee", N_("ASSIGNEE"), EMIT_STR },
		{ "thresholds", N_("THRESHOLDS"), EMIT_MAP },
		{ "needs", N_("NEEDS"), EMIT_STR },
		{ "why", N_("WHY"), EMIT_STR },
	};
	struct audit_opts c;
	struct crm_audit_options o = { 0 };
	const struct opt opts[] = { COMMON_FORMAT(&c), OPT_END };
	const struct crm_audit_rule *r;
	struct emitter *e;
	size_t n;
	int code;

	audit_opts_init(&c);
	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 0, &code)) {
		return code;
	}
	code = audit_opts_apply(ctx, &c, usage, &o);
	if (code) {
		return code;
	}
	e = ctx_emitter(ctx, cols, ARRAY_SIZE(cols), 0);
	if (!e) {
		return EXIT_USAGE;
	}
	r = crm_audit_rules(&n);
	for (size_t i = 0; i < n; i++) {
		emit_begin(e);
		emit_str(e, r[i].id);
		emit_str(e, crm_severities[r[i].severity]);
		emit_str(e, r[i].assignee);
		thresholds(ctx, e, &r[i]);
		emit_str(e, r[i].needs);
		emit_str(e, r[i].why ? _(r[i].why) : NULL);
		emit_end(e);
	}
	return ctx_emit_done(ctx, e);
}

/* ---- crm audit managers ------------------------------------------------- */



int cmd_audit_managers(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { usage_managers, NULL };
	static const struct kw sorts[] = {
		{ "score", CRM_AUDIT_SORT_WORST }, { "name", CRM_AUDIT_SORT_NAME }, { 0 },
	};
	struct audit_opts c;
	struct crm_audit_options o = { 0 };
	int sort = CRM_AUDIT_SORT_WORST;
	const char *since = NULL, *until = NULL;
	bool sql = false;
	const struct opt opts[] = {
		COMMON_OWNER(&c),
		COMMON_AS_OF(&c),
		PERIOD_OPTS(&since, &until),
		OPT_KW(0, "sort", &sort, sorts, "the lowest score first (default), or by name"),
		OPT_FLAG(0, "sql", &sql, "print the statement as a script for the sqlite3 shell"),
		COMMON_FORMAT(&c),
		OPT_END,
	};
	const struct crm_audit_scorecard *s;
	struct crm_audit_scorecard_iter *it;
	struct emitter *e;
	crm_status st;
	int code;

	audit_opts_init(&c);
	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 0, &code)) {
		return code;
	}
	code = audit_opts_apply(ctx, &c, usage, &o);
	if (code) {
		return code;
	}
	code = audit_period_apply(ctx, since, until, usage, &o);
	if (code) {
		return code;
	}
	o.sort = (enum crm_audit_sort)sort;
	if (sql) {
		char *text = NULL;

		st = crm_audit_managers_sql(ctx->db, &o, &text);
		if (st != CRM_OK) {
			return report(ctx, st);
		}
		fputs(text, stdout);
		free(text);
		return 0;
	}
	e = ctx_emitter(ctx, audit_scorecard_cols, AUDIT_SCORECARD_NCOLS, 0);
	if (!e) {
		return EXIT_USAGE;
	}
	st = crm_audit_managers(ctx->db, &o, &it);
	if (st != CRM_OK) {
		emit_destroy(e);
		return report(ctx, st);
	}
	while ((st = crm_audit_scorecard_iter_next(it, &s)) == CRM_OK) {
		audit_emit_scorecard(e, s);
	}
	crm_audit_scorecard_iter_destroy(it);
	return ctx_emit_done(ctx, e);
}

/* ---- crm audit sources ------------------------------------------------- */

int cmd_audit_sources(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { usage_sources, NULL };
	struct audit_opts c;
	struct crm_audit_options o = { 0 };
	const char *since = NULL, *until = NULL;
	const struct opt opts[] = {
		COMMON_OWNER(&c),
		PERIOD_OPTS(&since, &until),
		COMMON_FORMAT(&c),
		OPT_END,
	};
	const struct crm_audit_source *s;
	struct crm_audit_source_iter *it;
	struct emitter *e;
	crm_status st;
	int code;

	audit_opts_init(&c);
	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 0, &code)) {
		return code;
	}
	code = audit_opts_apply(ctx, &c, usage, &o);
	if (code == 0) {
		code = audit_period_apply(ctx, since, until, usage, &o);
	}
	if (code) {
		return code;
	}
	e = ctx_emitter(ctx, audit_source_cols, AUDIT_SOURCE_NCOLS, 0);
	if (!e) {
		return EXIT_USAGE;
	}
	st = crm_audit_sources(ctx->db, &o, &it);
	if (st != CRM_OK) {
		emit_destroy(e);
		return report(ctx, st);
	}
	while ((st = crm_audit_source_iter_next(it, &s)) == CRM_OK) {
		audit_emit_source(e, s, ctx->format == EMIT_FMT_TABLE);
	}
	crm_audit_source_iter_destroy(it);
	if (st != CRM_DONE) {
		emit_destroy(e);
		return report(ctx, st);
	}
	return ctx_emit_done(ctx, e);
}

/* ---- crm audit clients ------------------------------------------------- */

int cmd_audit_clients(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { usage_clients, NULL };
	static const struct kw sorts[] = {
		{ "health", CRM_AUDIT_SORT_WORST }, { "name", CRM_AUDIT_SORT_NAME }, { 0 },
	};
	struct audit_opts c;
	struct crm_audit_options o = { 0 };
	int sort = CRM_AUDIT_SORT_WORST;
	const struct opt opts[] = {
		COMMON_RULE(&c),
		COMMON_OWNER(&c),
		COMMON_AS_OF(&c),
		OPT_KW(0, "sort", &sort, sorts, "the lowest health first (default), or by name"),
		OPT_INT(0, "limit", &o.limit, "<n>", "at most n clients"),
		COMMON_FORMAT(&c),
		OPT_END,
	};
	const struct crm_audit_health *h;
	struct crm_audit_health_iter *it;
	struct emitter *e;
	crm_status st;
	int code;

	audit_opts_init(&c);
	if (audit_complete_rule(ctx)) {
		return 0;
	}
	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 0, &code)) {
		strlist_release(&c.rules);
		return code;
	}
	code = audit_opts_apply(ctx, &c, usage, &o);
	if (!code && o.limit < 0) {
		code = usage_error(usage, "invalid value '%lld' for --limit: expected 0 or more",
				   (long long)o.limit);
	}
	if (code) {
		strlist_release(&c.rules);
		return code;
	}
	o.sort = (enum crm_audit_sort)sort;
	e = ctx_emitter(ctx, audit_health_cols, AUDIT_HEALTH_NCOLS, 0);
	if (!e) {
		strlist_release(&c.rules);
		return EXIT_USAGE;
	}
	ctx_progress_on(ctx);
	st = crm_audit_clients(ctx->db, &o, &it);
	strlist_release(&c.rules);
	if (st != CRM_OK) {
		emit_destroy(e);
		return report(ctx, st);
	}
	while ((st = crm_audit_health_iter_next(it, &h)) == CRM_OK) {
		audit_emit_health(e, h);
	}
	crm_audit_health_iter_destroy(it);
	if (st != CRM_DONE) {
		emit_destroy(e);
		return report(ctx, st);
	}
	return ctx_emit_done(ctx, e);
}

/* ---- crm audit digest ------------------------------------------------------ */

/* One recipient's digest while it is being written: the findings they
 * must act on, copied. */
struct digest {
	bool open;
	int64_t to_id;          /* the assignee; 0: nobody */
	char *to, *email;
	int64_t by_sev[3];
	struct crm_audit_finding *items;
	size_t n, cap;
};

static char *copy_str(const char *s, bool *ok)
{
	char *c = s ? strdup(s) : NULL;

	*ok = *ok && (!s || c);
	return c;
}

static bool digest_add(struct digest *d, const struct crm_audit_finding *f)
{
	struct crm_audit_finding *x;
	bool ok = true;

	if (d->n == d->cap) {
		size_t cap = d->cap ? 2 * d->cap : 16;

		x = realloc(d->items, cap * sizeof(*x));
		if (!x) {
			return false;
		}
		d->items = x;
		d->cap = cap;
	}
	x = &d->items[d->n++];
	*x = *f;
	x->assignee = d->to;  /* one recipient per digest: borrowed from it */
	x->assignee_email = d->email;
	x->owner = copy_str(f->owner, &ok);
	x->owner_email = copy_str(f->owner_email, &ok);
	x->client = copy_str(f->client, &ok);
	x->rule = copy_str(f->rule, &ok);
	x->detail = copy_str(f->detail, &ok);
	d->by_sev[f->severity]++;
	return ok;
}

static bool digest_open(struct digest *d, const struct crm_audit_finding *f)
{
	bool ok = true;

	*d = (struct digest){ .open = true, .to_id = f->assignee_id };
	d->to = copy_str(f->assignee, &ok);
	d->email = copy_str(f->assignee_email, &ok);
	return ok;
}

static void digest_release(struct digest *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free((char *)d->items[i].owner);
		free((char *)d->items[i].owner_email);
		free((char *)d->items[i].client);
		free((char *)d->items[i].rule);
		free((char *)d->items[i].detail);
	}
	free(d->items);
	free(d->to);
	free(d->email);
	*d = (struct digest){ 0 };
}

/* Finding i of a digest to its recipient: two lines whatever the names
 * hold, so that a name with a newline cannot forge a finding in a text
 * that goes by mail. The owner is named when it is someone else. */
static void digest_entry(FILE *out, size_t i, int64_t to_id, const struct crm_audit_finding *f)
{
	char date[16];

	fprintf(out, "%zu. [%s] ", i + 1, crm_severities[f->severity]);
	if (f->client_id) {
		esc_fputs(f->client, 0, out);
		fprintf(out, _(" (client %lld"), (long long)f->client_id);
		if (!f->owner_id) {
			fputs(_(", no owner"), out);
		} else if (f->owner_id != to_id) {
			fputs(_(", owner "), out);
			esc_fputs(f->owner, 0, out);
		}
		fputs("): ", out);
	} else if (f->owner_id == to_id) {
		fputs(_("your load: "), out);
	} else {
		fputs(_("the load of "), out);
		esc_fputs(f->owner, 0, out);
		fputs(": ", out);
	}
	esc_fputs(f->rule, 0, out);
	if (f->since) {
		fprintf(out, _(", since %s"), crm_date_format(f->since, date, sizeof(date)));
	}
	fputs("\n   ", out);
	esc_fputs(f->detail, 0, out);
	fputc('\n', out);
}

/* The whole text of a digest (malloc'd): a line naming the recipient and
 * their email, the counts, then the findings. */
static char *digest_text(const struct digest *d, int64_t as_of)
{
	char date[16], *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f) {
		return NULL;
	}
	crm_date_format(crm_local_today(as_of), date, sizeof(date));
	if (d->to) {
		fputs(_("To: "), f);
		esc_fputs(d->to, 0, f);
		if (d->email) {
			fputs(" <", f);
			esc_fputs(d->email, 0, f);
			fputs(">\n", f);
		} else {
			fputs(_(" (no email on file)\n"), f);
		}
		fputs(_("crm audit for "), f);
		esc_fputs(d->to, 0, f);
		fprintf(f, ", %s", date);
	} else {
		fputs(_("To: nobody (no owner, and no head of sales to act)\n"), f);
		fprintf(f, _("crm audit of the findings nobody is to act on, %s"), date);
	}
	fprintf(f, P_(": %zu finding (%lld error, %lld warn, %lld info), most urgent first\n\n",
		      ": %zu findings (%lld error, %lld warn, %lld info), most urgent first\n\n",
		      d->n),
		d->n, (long long)d->by_sev[CRM_SEVERITY_ERROR],
		(long long)d->by_sev[CRM_SEVERITY_WARN], (long long)d->by_sev[CRM_SEVERITY_INFO]);
	for (size_t i = 0; i < d->n; i++) {
		digest_entry(f, i, d->to_id, &d->items[i]);
	}
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

static const struct emit_col severity_cols[] = {
	{ "error", N_("ERROR"), EMIT_INT },
	{ "warn", N_("WARN"), EMIT_INT },
	{ "info", N_("INFO"), EMIT_INT },
};

/* Writes one digest: the text on a table (a blank line after it), else a
 * row of e. */
static int digest_flush(struct digest *d, struct emitter *e, int64_t as_of)
{
	char *text = digest_text(d, as_of);
	struct emitter *sub;

	if (!text) {
		error("out of memory");
		return EXIT_FAIL;
	}
	if (!e) {
		printf("%s\n", text);
	} else {
		emit_begin(e);
		emit_int_or_null(e, d->to_id);
		emit_str(e, d->to);
		emit_str(e, d->email);
		emit_date(e, as_of);
		emit_int(e, (int64_t)d->n);
		sub = emit_begin_map(e, severity_cols, ARRAY_SIZE(severity_cols), NULL);
		if (sub) {
			emit_begin(sub);
			emit_int(sub, d->by_sev[CRM_SEVERITY_ERROR]);
			emit_int(sub, d->by_sev[CRM_SEVERITY_WARN]);
			emit_int(sub, d->by_sev[CRM_SEVERITY_INFO]);
			emit_end(sub);
		}
		emit_end_map(e);
		sub = emit_begin_list(e, finding_cols, ARRAY_SIZE(finding_cols), NULL);
		for (size_t i = 0; sub && i < d->n; i++) {
			emit_finding(sub, &d->items[i]);
		}
		emit_end_list(e);
		emit_str(e, text);
		emit_end(e);
	}
	free(text);
	digest_release(d);
	return 0;
}

int cmd_audit_digest(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { usage_digest, NULL };
	static const struct emit_col cols[] = {
		{ "manager_id", N_("ID"), EMIT_INT },
		{ "manager", N_("MANAGER"), EMIT_STR },
		{ "email", N_("EMAIL"), EMIT_STR },
		{ "as_of", N_("AS_OF"), EMIT_TIME },
		{ "findings", N_("FINDINGS"), EMIT_INT },
		{ "severities", N_("SEVERITIES"), EMIT_MAP },
		{ "items", N_("ITEMS"), EMIT_ROWS },
		{ "text", N_("TEXT"), EMIT_STR },
	};
	struct audit_opts c;
	struct crm_audit_options o = { .order = CRM_AUDIT_ORDER_ASSIGNEE };
	int min_sev = CRM_SEVERITY_INFO;
	const struct opt opts[] = {
		COMMON_RULE(&c),
		COMMON_WHO(&c),
		COMMON_AS_OF(&c),
		OPT_KW(0, "min-severity", &min_sev, severities, "leave out rules below this level"),
		COMMON_FORMAT(&c),
		OPT_END,
	};
	const struct crm_audit_finding *f;
	struct crm_audit_iter *it;
	struct digest d = { 0 };
	struct emitter *e = NULL;
	crm_status st;
	int code = 0;

	audit_opts_init(&c);
	c.mine_acts = true;
	if (audit_complete_rule(ctx)) {
		return 0;
	}
	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 0, &code)) {
		strlist_release(&c.rules);
		return code;
	}
	code = audit_opts_apply(ctx, &c, usage, &o);
	if (code) {
		strlist_release(&c.rules);
		return code;
	}
	o.min_severity = (enum crm_severity)min_sev;
	if (ctx->format != EMIT_FMT_TABLE && !(e = ctx_emitter(ctx, cols, ARRAY_SIZE(cols), 0))) {
		strlist_release(&c.rules);
		return EXIT_USAGE;
	}
	ctx_progress_on(ctx);
	st = crm_audit_query(ctx->db, &o, &it);
	strlist_release(&c.rules);
	if (st != CRM_OK) {
		emit_destroy(e);
		return report(ctx, st);
	}
	/* the findings come by assignee: one digest per run of them */
	while (!code && (st = crm_audit_iter_next(it, &f)) == CRM_OK) {
		if (d.open && d.to_id != f->assignee_id) {
			code = digest_flush(&d, e, crm_audit_iter_as_of(it));
		}
		if (!code && ((!d.open && !digest_open(&d, f)) || !digest_add(&d, f))) {
			error("out of memory");
			code = EXIT_FAIL;
		}
	}
	if (!code && st != CRM_DONE) {
		code = report(ctx, st);
	}
	if (!code && d.open) {
		code = digest_flush(&d, e, crm_audit_iter_as_of(it));
	}
	digest_release(&d);
	crm_audit_iter_destroy(it);
	if (code) {
		emit_destroy(e);
		return code;
	}
	return e ? ctx_emit_done(ctx, e) : 0;
}

/* ---- crm audit history --------------------------------------------------- */

static bool rule_wanted(const struct strlist *l, const char *id)
{
	for (size_t i = 0; i < l->n; i++) {
		if (strcmp(l->items[i], id) == 0) {
			return true;
		}
	}
	return l->n == 0;
}

static int history_runs(struct crm_ctx *ctx, const struct crm_audit_options *o, int64_t last)
{
	static const struct emit_col cols[] = {
		{ "id", N_("ID"), EMIT_INT },
		{ "at", N_("AT"), EMIT_TIME },
		{ "as_of", N_("AS_OF"), EMIT_TIME },
		{ "author", N_("AUTHOR"), EMIT_STR },
		{ "owner", N_("OWNER"), EMIT_STR },
		{ "findings", N_("FINDINGS"), EMIT_INT },
		{ "counts", N_("COUNTS"), EMIT_JSON },
	};
	const struct crm_audit_run *r;
	struct crm_audit_run_iter *it;
	struct emitter *e = ctx_emitter(ctx, cols, ARRAY_SIZE(cols), 0);
	crm_status st;

	if (!e) {
		return EXIT_USAGE;
	}
	st = crm_audit_runs(ctx->db, o->owner_id, last, &it);
	if (st != CRM_OK) {
		emit_destroy(e);
		return report(ctx, st);
	}
	while ((st = crm_audit_run_iter_next(it, &r)) == CRM_OK) {
		emit_begin(e);
		emit_int(e, r->id);
		emit_date(e, r->at);
		emit_date(e, r->as_of);
		emit_str(e, r->actor);
		emit_str(e, r->owner);
		emit_int(e, r->findings);
		emit_json(e, r->counts);
		emit_end(e);
	}
	crm_audit_run_iter_destroy(it);
	if (st != CRM_DONE) {
		emit_destroy(e);
		return report(ctx, st);
	}
	return ctx_emit_done(ctx, e);
}

int cmd_audit_history(struct crm_ctx *ctx, int argc, char **argv)
{
	static const char *const usage[] = { usage_history, NULL };
	static const struct emit_col cols[] = {
		{ "rule", N_("RULE"), EMIT_STR },
		{ "severity", N_("SEVERITY"), EMIT_STR },
		{ "runs", N_("RUNS"), EMIT_INT },
		{ "counts", N_("COUNTS"), EMIT_JSON },
		{ "first", N_("FIRST"), EMIT_INT },
		{ "last", N_("LAST"), EMIT_INT },
		{ "change", N_("CHANGE"), EMIT_INT },
		{ "trend", N_("TREND"), EMIT_STR },
	};
	struct audit_opts c;
	struct crm_audit_options o = { 0 };
	int64_t last = 10;
	bool runs = false;
	const struct opt opts[] = {
		COMMON_RULE(&c),
		COMMON_OWNER(&c),
		OPT_INT(0, "last", &last, "<n>", "the last n saved runs (default 10)"),
		OPT_FLAG(0, "runs", &runs, "list the saved runs instead of the trend per rule"),
		COMMON_FORMAT(&c),
		OPT_END,
	};
	const struct crm_audit_trend *t;
	struct crm_audit_trend_iter *it;
	struct emitter *e;
	crm_status st;
	int code;

	audit_opts_init(&c);
	if (audit_complete_rule(ctx)) {
		return 0;
	}
	if (!opts_parse(ctx, &argc, &argv, opts, usage, 0, 0, &code)) {
		strlist_release(&c.rules);
		return code;
	}
	code = audit_opts_apply(ctx, &c, usage, &o);
	if (!code && last <= 0) {
		code = usage_error(usage, "invalid value '%lld' for --last: expected 1 or more",
				   (long long)last);
	}
	if (!code && runs && c.rules.n) {
		code = usage_error(usage, "--runs lists whole runs: leave out --rule");
	}
	if (code || runs) {
		strlist_release(&c.rules);
		return code ? code : history_runs(ctx, &o, last);
	}
	e = ctx_emitter(ctx, cols, ARRAY_SIZE(cols), 0);
	if (!e) {
		strlist_release(&c.rules);
		return EXIT_USAGE;
	}
	st = crm_audit_history(ctx->db, o.owner_id, last, &it);
	if (st != CRM_OK) {
		strlist_release(&c.rules);
		emit_destroy(e);
		return report(ctx, st);
	}
	while ((st = crm_audit_trend_iter_next(it, &t)) == CRM_OK) {
		if (!rule_wanted(&c.rules, t->rule)) {
			continue;
		}
		emit_begin(e);
		emit_str(e, t->rule);
		emit_str(e, crm_severities[t->severity]);
		emit_int(e, t->runs);
		emit_json(e, t->counts);
		emit_int(e, t->first);
		emit_int(e, t->last);
		emit_int(e, t->change);
		emit_str(e, t->trend);
		emit_end(e);
	}
	crm_audit_trend_iter_destroy(it);
	strlist_release(&c.rules);
	if (emit_count(e) == 0 && ctx->format == EMIT_FMT_TABLE) {
		info(ctx, "no saved audit runs yet: 'crm audit --save' stores one");
	}
	return ctx_emit_done(ctx, e);
}
