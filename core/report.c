/*
 * report.c: the head of sales' report gathered in one read snapshot: the
 * saved runs by severity, today's findings by the person who must act and
 * rule, the scorecards, the clients at risk, the sources and the VIP
 * programme. It owns no table: it reads through the audit's and the VIP
 * programme's own queries and copies what it keeps.
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "crm-private.h"

const char *const crm_report_section_names[] = {
	"health", "findings", "managers", "clients", "sources", "vip", NULL,
};

unsigned crm_report_section_find(const char *name)
{
	for (size_t i = 0; crm_report_section_names[i]; i++) {
		if (name && strcmp(name, crm_report_section_names[i]) == 0) {
			return 1u << i;
		}
	}
	return 0;
}

/* The report and the strings it copied, freed together. */
struct report_full {
	struct crm_report pub;
	struct crmi_strings strs;
	bool oom;
};

/* A copy of s kept until the report is destroyed; NULL for NULL (and when
 * out of memory, which sets full->oom). */
static const char *keep(struct report_full *full, const char *s)
{
	return crmi_strings_keep(&full->strs, s, &full->oom);
}

/* Grows *p (of *n items of size sz, capacity *cap) for one more. */
static bool grow(void **p, size_t *n, size_t *cap, size_t sz)
{
	if (*n == *cap) {
		size_t c = *cap ? 2 * *cap : 16;
		void *q = realloc(*p, c * sz);

		if (!q) {
			return false;
		}
		*p = q;
		*cap = c;
	}
	return true;
}

static crm_status oom(struct crm_db *db)
{
	return crmi_fail(db, CRM_ENOMEM, "out of memory");
}

/* The name of manager id, kept; NULL for 0. */
static crm_status manager_name(struct crm_db *db, struct report_full *full, int64_t id,
			       char **name)
{
	struct crm_manager_iter *it;
	const struct crm_manager *m;
	crm_status st;

	*name = NULL;
	if (!id) {
		return CRM_OK;
	}
	st = crm_manager_query(db, id, &it);
	if (st != CRM_OK) {
		return st;
	}
	st = crm_manager_iter_next(it, &m);
	if (st == CRM_OK) {
		*name = (char *)keep(full, m->name);
	} else if (st == CRM_DONE) {
		st = crmi_fail(db, CRM_ENOTFOUND, "no manager %lld", (long long)id);
	}
	crm_manager_iter_destroy(it);
	return st == CRM_OK && full->oom ? oom(db) : st;
}

/* ---- health: the saved runs by severity --------------------------------- */

static crm_status gather_runs(struct crm_db *db, struct report_full *full, int64_t owner_id,
			      int64_t from, int64_t to)
{
	struct crm_report *r = &full->pub;
	struct crm_audit_run_iter *it;
	const struct crm_audit_run *run;
	size_t cap = 0;
	crm_status st;

	st = crm_audit_runs(db, owner_id, INT64_MAX, &it);
	if (st != CRM_OK) {
		return st;
	}
	/* newest first: keep those of the period, then turn them round */
	while ((st = crm_audit_run_iter_next(it, &run)) == CRM_OK) {
		struct crm_report_run *k;
		cJSON *counts, *c;

		if (run->as_of >= to) {
			continue;
		}
		if (run->as_of < from) {
			break;
		}
		if (!grow((void **)&r->runs, &r->nruns, &cap, sizeof(*r->runs))) {
			st = oom(db);
			break;
		}
		k = &r->runs[r->nruns++];
		*k = (struct crm_report_run){ run->id, run->at, run->as_of, run->findings, { 0 } };
		counts = cJSON_Parse(run->counts ? run->counts : "{}");
		cJSON_ArrayForEach(c, counts) {
			const struct crm_audit_rule *rule = crm_audit_rule_find(c->string);

			/* a rule a later crm dropped counts in the total only */
			if (rule && cJSON_IsNumber(c)) {
				k->by_severity[rule->severity] += (int64_t)c->valuedouble;
			}
		}
		cJSON_Delete(counts);
	}
	crm_audit_run_iter_destroy(it);
	if (st != CRM_DONE && st != CRM_OK) {
		return st;
	}
	for (size_t i = 0; i < r->nruns / 2; i++) {
		struct crm_report_run t = r->runs[i];

		r->runs[i] = r->runs[r->nruns - 1 - i];
		r->runs[r->nruns - 1 - i] = t;
	}
	return CRM_OK;
}

/* ---- findings: by the person who acts and rule -------------------------- */

static int person_cmp(const struct crm_report_person *x, const struct crm_report_person *y)
{
	if (!x->id || !y->id) {
		return (x->id == 0) - (y->id == 0);  /* nobody last */
	}
	return strcmp(x->name, y->name);
}

/* Sorts r->people by name, nobody last; people_of[i] is where the i-th
 * person found went. An insertion sort: a department has tens of people. */
static void sort_people(struct crm_report *r, size_t *people_of)
{
	for (size_t i = 0; i < r->npeople; i++) {
		people_of[i] = i;
	}
	for (size_t i = 1; i < r->npeople; i++) {
		struct crm_report_person p = r->people[i];
		size_t j = i;

		while (j > 0 && person_cmp(&r->people[j - 1], &p) > 0) {
			r->people[j] = r->people[j - 1];
			j--;
		}
		r->people[j] = p;
		for (size_t k = 0; k < i; k++) {
			if (people_of[k] >= j) {
				people_of[k]++;
			}
		}
		people_of[i] = j;
	}
}

/* The row of person id, added when new; SIZE_MAX when out of memory. */
static size_t person_row(struct report_full *full, size_t *cap, int64_t id, const char *name)
{
	struct crm_report *r = &full->pub;

	for (size_t i = 0; i < r->npeople; i++) {
		if (r->people[i].id == id) {
			return i;
		}
	}
	if (!grow((void **)&r->people, &r->npeople, cap, sizeof(*r->people))) {
		return SIZE_MAX;
	}
	r->people[r->npeople] = (struct crm_report_person){ id, (char *)keep(full, name), 0 };
	return full->oom ? SIZE_MAX : r->npeople++;
}

static crm_status gather_findings(struct crm_db *db, struct report_full *full,
				  const struct crm_audit_options *base)
{
	struct crm_report *r = &full->pub;
	struct crm_audit_options o = *base;
	const struct crm_audit_rule *rules;
	const struct crm_audit_finding *f;
	struct crm_audit_iter *it;
	size_t nall, cap = 0, grid_rows = 0, *people_of = NULL, *col_of = NULL;
	int64_t *count = NULL;      /* per registry rule, each finding once */
	int64_t *grid = NULL;       /* per person found and registry rule */
	crm_status st;

	rules = crm_audit_rules(&nall);
	count = calloc(nall, sizeof(*count));
	col_of = calloc(nall, sizeof(*col_of));
	if (!count || !col_of) {
		free(count);
		free(col_of);
		return oom(db);
	}
	o.order = CRM_AUDIT_ORDER_RULE;
	st = crm_audit_query(db, &o, &it);
	while (st == CRM_OK && (st = crm_audit_iter_next(it, &f)) == CRM_OK) {
		size_t k = (size_t)(crm_audit_rule_find(f->rule) - rules), p;

		if (!f->repeat) {
			count[k]++;
			r->total++;
			r->by_severity[f->severity]++;
		}
		p = person_row(full, &cap, f->assignee_id, f->assignee);
		if (p != SIZE_MAX && p >= grid_rows) {
			/* a new person: a new row of the grid, zeroed */
			size_t rows = cap;
			int64_t *g = realloc(grid, rows * nall * sizeof(*g));

			if (!g) {
				p = SIZE_MAX;
			} else {
				memset(g + grid_rows * nall, 0, (rows - grid_rows) * nall * sizeof(*g));
				grid = g;
				grid_rows = rows;
			}
		}
		if (p == SIZE_MAX) {
			st = CRM_ENOMEM;
			break;
		}
		r->people[p].total++;
		grid[p * nall + k]++;
	}
	crm_audit_iter_destroy(it);
	if (st == CRM_DONE) {
		/* the rules with findings, in registry order; people by name */
		r->rules = calloc(nall + 1, sizeof(*r->rules));
		r->rule_totals = calloc(nall + 1, sizeof(*r->rule_totals));
		people_of = calloc(r->npeople + 1, sizeof(*people_of));
		st = r->rules && r->rule_totals && people_of ? CRM_OK : CRM_ENOMEM;
	}
	if (st == CRM_OK) {
		for (size_t k = 0; k < nall; k++) {
			if (count[k]) {
				col_of[k] = r->nrules;
				r->rules[r->nrules] = &rules[k];
				r->rule_totals[r->nrules++] = count[k];
			}
		}
		sort_people(r, people_of);
		r->cells = calloc(r->npeople * r->nrules + 1, sizeof(*r->cells));
		st = r->cells ? CRM_OK : CRM_ENOMEM;
	}
	for (size_t p = 0; st == CRM_OK && p < r->npeople; p++) {
		for (size_t k = 0; k < nall; k++) {
			if (grid[p * nall + k]) {
				r->cells[people_of[p] * r->nrules + col_of[k]] = grid[p * nall + k];
			}
		}
	}
	free(count);
	free(col_of);
	free(grid);
	free(people_of);
	return st == CRM_ENOMEM ? oom(db) : st;
}

/* ---- the scorecards, the clients at risk, the sources ------------------- */

static crm_status gather_managers(struct crm_db *db, struct report_full *full,
				  const struct crm_audit_options *o)
{
	struct crm_report *r = &full->pub;
	struct crm_audit_scorecard_iter *it;
	const struct crm_audit_scorecard *s;
	size_t cap = 0;
	crm_status st;

	st = crm_audit_managers(db, o, &it);
	if (st != CRM_OK) {
		return st;
	}
	while ((st = crm_audit_scorecard_iter_next(it, &s)) == CRM_OK) {
		struct crm_audit_scorecard *k;

		if (!grow((void **)&r->managers, &r->nmanagers, &cap, sizeof(*r->managers))) {
			st = CRM_ENOMEM;
			break;
		}
		k = &r->managers[r->nmanagers++];
		*k = *s;
		k->manager = keep(full, s->manager);
		k->status = keep(full, s->status);
	}
	crm_audit_scorecard_iter_destroy(it);
	if (st == CRM_ENOMEM || full->oom) {
		return oom(db);
	}
	return st == CRM_DONE ? CRM_OK : st;
}

static crm_status gather_at_risk(struct crm_db *db, struct report_full *full,
				 const struct crm_audit_options *o)
{
	struct crm_report *r = &full->pub;
	struct crm_audit_health_iter *it;
	const struct crm_audit_health *h;
	size_t cap = 0;
	crm_status st;

	struct crm_audit_options all = *o;
	int64_t limit = o->limit;

	/* every client, to count them; the first limit at risk are kept */
	all.limit = 0;
	st = crm_audit_clients(db, &all, &it);
	if (st != CRM_OK) {
		return st;
	}
	while ((st = crm_audit_health_iter_next(it, &h)) == CRM_OK) {
		struct crm_audit_health *k;

		r->clients_judged++;
		r->clients_at_risk += h->health < 100;
		r->clients_low += h->health < CRM_REPORT_LOW;
		if (h->health >= 100 || (int64_t)r->nat_risk >= limit) {
			continue;
		}
		if (!grow((void **)&r->at_risk, &r->nat_risk, &cap, sizeof(*r->at_risk))) {
			st = CRM_ENOMEM;
			break;
		}
		k = &r->at_risk[r->nat_risk++];
		*k = *h;
		k->client = keep(full, h->client);
		k->tier = keep(full, h->tier);
		k->status = keep(full, h->status);
		k->owner = keep(full, h->owner);
		k->reasons = keep(full, h->reasons);
		k->regular_reasons = keep(full, h->regular_reasons);
	}
	crm_audit_health_iter_destroy(it);
	if (st == CRM_ENOMEM || full->oom) {
		return oom(db);
	}
	return st == CRM_DONE || st == CRM_OK ? CRM_OK : st;
}

static crm_status gather_sources(struct crm_db *db, struct report_full *full,
				 const struct crm_audit_options *o)
{
	struct crm_report *r = &full->pub;
	struct crm_audit_source_iter *it;
	const struct crm_audit_source *s;
	size_t cap = 0;
	crm_status st;

	st = crm_audit_sources(db, o, &it);
	if (st != CRM_OK) {
		return st;
	}
	while ((st = crm_audit_source_iter_next(it, &s)) == CRM_OK) {
		struct crm_audit_source *k;

		if (!grow((void **)&r->sources, &r->nsources, &cap, sizeof(*r->sources))) {
			st = CRM_ENOMEM;
			break;
		}
		k = &r->sources[r->nsources++];
		*k = *s;
		k->source = keep(full, s->source);
	}
	crm_audit_source_iter_destroy(it);
	if (st == CRM_ENOMEM || full->oom) {
		return oom(db);
	}
	return st == CRM_DONE ? CRM_OK : st;
}

/* The active programme's report, its coverage narrowed to manager_id when
 * not 0; none active is no error. */
static crm_status gather_vip(struct crm_db *db, struct report_full *full, int64_t manager_id)
{
	struct crm_report *r = &full->pub;
	int64_t id;
	size_t n = 0;
	crm_status st;

	st = crm_vip_program_active(db, &id);
	if (st == CRM_ENOTFOUND) {
		crmi_clear_error(db);
		return CRM_OK;
	}
	if (st == CRM_OK) {
		st = crm_vip_report(db, id, &r->vip);
	}
	if (st != CRM_OK || !manager_id) {
		return st;
	}
	for (size_t i = 0; i < r->vip->ncoverage; i++) {
		if (r->vip->coverage[i].manager_id == manager_id) {
			r->vip->coverage[n++] = r->vip->coverage[i];
		}
	}
	r->vip->ncoverage = n;
	return CRM_OK;
}

/* ---- the report --------------------------------------------------------- */

static crm_status gather(struct crm_db *db, struct report_full *full,
			 const struct crm_report_options *o)
{
	struct crm_report *r = &full->pub;
	int64_t mine = o->owner_id ? o->owner_id : o->assignee_id;
	struct crm_audit_options ao = {
		.owner_id = mine,
		.as_of = r->as_of,
		.since = r->since,
		.until = r->until,
		.sort = CRM_AUDIT_SORT_WORST,
	};
	crm_status st = CRM_OK;

	st = manager_name(db, full, o->owner_id, &r->owner);
	if (st == CRM_OK) {
		st = manager_name(db, full, o->assignee_id, &r->assignee);
	}
	if (st == CRM_OK && (r->sections & CRM_REPORT_HEALTH)) {
		st = gather_runs(db, full, mine, crm_day_end(r->since - 86400),
				 crm_day_end(r->until));
	}
	/* the findings and the clients at risk judge the same rules: run them
	 * once (an assignee's findings are another set: then twice) */
	if (st == CRM_OK && !o->assignee_id &&
	    (r->sections & (CRM_REPORT_FINDINGS | CRM_REPORT_CLIENTS)) ==
		    (CRM_REPORT_FINDINGS | CRM_REPORT_CLIENTS)) {
		st = crmi_audit_stage(db, &ao);
	}
	if (st == CRM_OK && (r->sections & CRM_REPORT_FINDINGS)) {
		struct crm_audit_options fo = ao;

		fo.owner_id = o->owner_id;
		fo.assignee_id = o->assignee_id;
		st = gather_findings(db, full, &fo);
	}
	if (st == CRM_OK && (r->sections & CRM_REPORT_MANAGERS)) {
		st = gather_managers(db, full, &ao);
	}
	if (st == CRM_OK && (r->sections & CRM_REPORT_CLIENTS)) {
		struct crm_audit_options co = ao;

		co.limit = o->at_risk ? o->at_risk : CRM_REPORT_AT_RISK;
		st = gather_at_risk(db, full, &co);
	}
	if (st == CRM_OK && (r->sections & CRM_REPORT_SOURCES)) {
		st = gather_sources(db, full, &ao);
	}
	if (st == CRM_OK && (r->sections & CRM_REPORT_VIP)) {
		st = gather_vip(db, full, mine);
	}
	crmi_audit_unstage(db);
	return st;
}

crm_status crm_report_build(struct crm_db *db, const struct crm_report_options *o,
			    struct crm_report **out)
{
	struct report_full *full;
	struct crm_report *r;
	bool own_tx = false;
	crm_status st;

	*out = NULL;
	crmi_clear_error(db);
	if (o->sections & ~(unsigned)CRM_REPORT_ALL) {
		return crmi_fail(db, CRM_EINVAL, "unknown report section");
	}
	if (o->at_risk < 0) {
		return crmi_fail(db, CRM_EINVAL, "the number of clients at risk is negative");
	}
	full = calloc(1, sizeof(*full));
	if (!full) {
		return oom(db);
	}
	r = &full->pub;
	r->sections = o->sections ? o->sections : CRM_REPORT_ALL;
	r->owner_id = o->owner_id;
	r->assignee_id = o->assignee_id;
	r->as_of = o->as_of ? o->as_of : crm_db_now(db);
	r->until = o->until ? o->until : crm_local_today(r->as_of);
	r->since = o->since ? o->since : r->until - 29 * 86400;
	if (r->since > r->until) {
		char a[16], z[16];

		st = crmi_fail(db, CRM_EINVAL, "the period starts on %s, after its end on %s",
			       crm_date_format(r->since, a, sizeof(a)),
			       crm_date_format(r->until, z, sizeof(z)));
		crm_report_destroy(r);
		return st;
	}
	/* one snapshot for every section, without the write lock */
	if (crmi_autocommit(db)) {
		st = crmi_exec(db, "BEGIN");
		if (st != CRM_OK) {
			crm_report_destroy(r);
			return st;
		}
		own_tx = true;
	}
	st = gather(db, full, o);
	if (own_tx) {
		crm_status end = crmi_exec(db, st == CRM_OK ? "COMMIT" : "ROLLBACK");

		if (st == CRM_OK) {
			st = end;
		}
	}
	if (st != CRM_OK) {
		crm_report_destroy(r);
		return st;
	}
	*out = r;
	return CRM_OK;
}

void crm_report_destroy(struct crm_report *r)
{
	struct report_full *full = (struct report_full *)r;

	if (!r) {
		return;
	}
	crmi_strings_release(&full->strs);
	free(r->runs);
	free(r->rules);
	free(r->rule_totals);
	free(r->people);
	free(r->cells);
	free(r->managers);
	free(r->at_risk);
	free(r->sources);
	crm_vip_report_destroy(r->vip);
	free(r);
}
