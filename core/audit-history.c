/*
 * audit-history.c: the saved runs of the audit read back: the list of
 * runs, and the trend of each rule's count from one run to the next.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "audit-private.h"

/* ---- saved runs ---------------------------------------------------------- */

static const char sql_runs[] =
	"SELECT r.id, r.at, r.as_of, r.actor, r.owner_id, m.name, r.findings, r.counts"
	" FROM audit_run r LEFT JOIN manager m ON m.id = r.owner_id"
	" WHERE r.owner_id IS NOT DISTINCT FROM ?1 ORDER BY r.as_of DESC, r.id DESC LIMIT ?2";

struct crm_audit_run_iter {
	struct crm_db *db;
	crmi_stmt *st;
	bool done;
	struct crm_audit_run row;
};

crm_status crm_audit_runs(struct crm_db *db, int64_t owner_id, int64_t last,
			  struct crm_audit_run_iter **out)
{
	struct crm_audit_run_iter *it;
	int rc;

	*out = NULL;
	crmi_clear_error(db);
	it = calloc(1, sizeof(*it));
	if (!it) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	it->db = db;
	rc = crmi_stmt_new(db, sql_runs, &it->st);
	if (rc != CRMI_OK) {
		free(it);
		return crmi_sqlfail(db, rc, _("cannot read the saved audits"));
	}
	if (owner_id) {
		crmi_bind_int64(it->st, 1, owner_id);
	}
	crmi_bind_int64(it->st, 2, last > 0 ? last : 10);
	*out = it;
	return CRM_OK;
}

crm_status crm_audit_run_iter_next(struct crm_audit_run_iter *it, const struct crm_audit_run **row)
{
	int rc;

	*row = NULL;
	if (it->done) {
		return CRM_DONE;
	}
	rc = crmi_step(it->st);
	if (rc == CRMI_DONE) {
		it->done = true;
		return CRM_DONE;
	}
	if (rc != CRMI_ROW) {
		it->done = true;
		return crmi_sqlfail(it->db, rc, _("cannot read the saved audits"));
	}
	it->row = (struct crm_audit_run){
		.id = crmi_col_int64(it->st, 0),
		.at = crmi_col_int64(it->st, 1),
		.as_of = crmi_col_int64(it->st, 2),
		.actor = crmi_col_text(it->st, 3),
		.owner_id = crmi_col_int64(it->st, 4),
		.owner = crmi_col_text(it->st, 5),
		.findings = crmi_col_int64(it->st, 6),
		.counts = crmi_col_text(it->st, 7),
	};
	*row = &it->row;
	return CRM_OK;
}

void crm_audit_run_iter_destroy(struct crm_audit_run_iter *it)
{
	if (!it) {
		return;
	}
	crmi_finalize(it->st);
	free(it);
}

/* ---- trends ---------------------------------------------------------- */

struct crm_audit_trend_iter {
	struct crm_audit_trend rows[CRMI_AUDIT_NRULES];
	char *counts[CRMI_AUDIT_NRULES];
	size_t n, next;
};

void crm_audit_trend_iter_destroy(struct crm_audit_trend_iter *it)
{
	if (!it) {
		return;
	}
	for (size_t i = 0; i < CRMI_AUDIT_NRULES; i++) {
		free(it->counts[i]);
	}
	free(it);
}

/* Loads the counts of the last runs, oldest first, into cJSON objects. */
static crm_status load_runs(struct crm_db *db, int64_t owner_id, int64_t last, cJSON **runs,
			    size_t *nruns)
{
	struct crm_audit_run_iter *ri;
	const struct crm_audit_run *run;
	crm_status st = crm_audit_runs(db, owner_id, last, &ri);
	cJSON *list;

	*runs = NULL;
	*nruns = 0;
	if (st != CRM_OK) {
		return st;
	}
	list = cJSON_CreateArray();
	while (list && (st = crm_audit_run_iter_next(ri, &run)) == CRM_OK) {
		cJSON *c = cJSON_Parse(run->counts ? run->counts : "{}");

		if (!cJSON_IsObject(c)) {
			cJSON_Delete(c);
			c = cJSON_CreateObject();
		}
		/* newest first from the query: prepend for oldest first */
		if (!c || !cJSON_InsertItemInArray(list, 0, c)) {
			cJSON_Delete(c);
			st = crmi_fail(db, CRM_ENOMEM, "out of memory");
			break;
		}
		(*nruns)++;
	}
	crm_audit_run_iter_destroy(ri);
	if (!list) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	if (st != CRM_DONE) {
		cJSON_Delete(list);
		return st;
	}
	*runs = list;
	return CRM_OK;
}

crm_status crm_audit_history(struct crm_db *db, int64_t owner_id, int64_t last,
			     struct crm_audit_trend_iter **out)
{
	struct crm_audit_trend_iter *it;
	cJSON *runs, *run;
	size_t nruns;
	crm_status st;

	*out = NULL;
	crmi_clear_error(db);
	st = load_runs(db, owner_id, last, &runs, &nruns);
	if (st != CRM_OK) {
		return st;
	}
	it = calloc(1, sizeof(*it));
	if (!it) {
		cJSON_Delete(runs);
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < CRMI_AUDIT_NRULES; i++) {
		struct crm_audit_trend *t = &it->rows[it->n];
		cJSON *series = cJSON_CreateArray();
		int64_t prev = 0;

		*t = (struct crm_audit_trend){ .rule = crmi_audit_rules[i].id,
					       .severity = crmi_audit_rules[i].severity };
		cJSON_ArrayForEach(run, runs) {
			const cJSON *c =
				cJSON_GetObjectItemCaseSensitive(run, crmi_audit_rules[i].id);
			int64_t v;

			if (!cJSON_IsNumber(c)) {
				continue;
			}
			v = (int64_t)c->valuedouble;
			if (t->runs == 0) {
				t->first = v;
			}
			prev = t->runs ? t->last : v;
			t->last = v;
			t->runs++;
			cJSON_AddItemToArray(series, cJSON_CreateNumber((double)v));
		}
		if (t->runs == 0) {
			cJSON_Delete(series);
			continue;
		}
		t->change = t->last - prev;
		t->trend = t->last < t->first ? "better" : t->last > t->first ? "worse" : "same";
		it->counts[it->n] = cJSON_PrintUnformatted(series);
		cJSON_Delete(series);
		if (!it->counts[it->n]) {
			cJSON_Delete(runs);
			crm_audit_trend_iter_destroy(it);
			return crmi_fail(db, CRM_ENOMEM, "out of memory");
		}
		t->counts = it->counts[it->n];
		it->n++;
	}
	cJSON_Delete(runs);
	*out = it;
	return CRM_OK;
}

crm_status crm_audit_trend_iter_next(struct crm_audit_trend_iter *it,
				     const struct crm_audit_trend **row)
{
	if (it->next >= it->n) {
		*row = NULL;
		return CRM_DONE;
	}
	*row = &it->rows[it->next++];
	return CRM_OK;
}
