/*
 * vip-report.c: the report of a VIP programme: its coverage by surveyor,
 * the quality of the surveys and what failed, the referrals, the
 * opportunities and the key contacts the surveys added or confirmed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "vip-private.h"

/* ---- the report ------------------------------------------------------------ */

static const char sql_report_coverage[] =
	"SELECT x.sid, m.name, count(i.id), coalesce(sum(CAST(i.status = 'done' AS INTEGER)), 0),"
	" coalesce(sum(CAST(i.status = 'pending' AS INTEGER)), 0),"
	" coalesce(sum(CAST(i.status = 'pending' AND i.due < ?2 AS INTEGER)), 0)"
	" FROM (SELECT manager_id AS sid FROM vip_staff WHERE program_id = ?1"
	"   UNION SELECT surveyor_id FROM vip_item WHERE program_id = ?1"
	"   AND surveyor_id IS NOT NULL) x"
	" JOIN manager m ON m.id = x.sid"
	" LEFT JOIN vip_item i ON i.program_id = ?1 AND i.surveyor_id = x.sid"
	" GROUP BY x.sid, m.name, m.name_fold ORDER BY m.name_fold, x.sid";
static const char sql_report_unassigned[] =
	"SELECT count(*), coalesce(sum(CAST(status = 'done' AS INTEGER)), 0),"
	" coalesce(sum(CAST(status = 'pending' AS INTEGER)), 0),"
	" coalesce(sum(CAST(status = 'pending' AND due < ?2 AS INTEGER)), 0)"
	" FROM vip_item WHERE program_id = ?1 AND surveyor_id IS NULL";
static const char sql_report_surveys[] =
	"SELECT count(*), coalesce(sum(CAST(quality = 'pass' AS INTEGER)), 0),"
	" coalesce(sum(CAST(quality = 'fail' AS INTEGER)), 0),"
	" coalesce(sum(CAST(quality IS NULL AS INTEGER)), 0)"
	" FROM vip_survey WHERE program_id = ?1";
static const char sql_report_failures[] =
	"SELECT s.id, s.client_id, c.name, s.at, s.failures, s.incident_id, x.status, x.resolved,"
	" s.remedy_id, n.due, n.status, m.name"
	" FROM vip_survey s JOIN client c ON c.id = s.client_id"
	" LEFT JOIN incident x ON x.id = s.incident_id"
	" LEFT JOIN next_action n ON n.id = s.remedy_id"
	" LEFT JOIN manager m ON m.id = n.assignee_id"
	" WHERE s.program_id = ?1 AND s.quality = 'fail' ORDER BY s.at, s.id";
static const char sql_report_referrals[] =
	"SELECT e.ref_id, c.name, c.status, s.client_id, r.name, s.at"
	" FROM vip_survey s JOIN vip_effect e ON e.survey_id = s.id AND e.kind = 'referral'"
	" JOIN client c ON c.id = e.ref_id JOIN client r ON r.id = s.client_id"
	" WHERE s.program_id = ?1 ORDER BY e.id";
static const char sql_report_opportunities[] =
	"SELECT n.id, n.client_id, c.name, n.text, n.assignee_id, m.name, n.due, n.status"
	" FROM vip_survey s JOIN vip_effect e ON e.survey_id = s.id AND e.kind = 'opportunity'"
	" JOIN next_action n ON n.id = e.ref_id JOIN client c ON c.id = n.client_id"
	" LEFT JOIN manager m ON m.id = n.assignee_id"
	" WHERE s.program_id = ?1 ORDER BY e.id";
static const char sql_report_contacts[] =
	"SELECT coalesce(sum(CAST(e.kind = 'contact.add' AS INTEGER)), 0),"
	" coalesce(sum(CAST(e.kind = 'contact.update' AS INTEGER)), 0),"
	" coalesce(sum(CAST(e.kind = 'contact.verify' AS INTEGER)), 0), count(DISTINCT s.client_id)"
	" FROM vip_survey s JOIN vip_effect e ON e.survey_id = s.id"
	" AND e.kind IN ('contact.add', 'contact.update', 'contact.verify')"
	" WHERE s.program_id = ?1";

/* The report and the texts it holds, freed together. */
struct report {
	struct crm_vip_report pub;
	struct crm_db *db;
	struct crmi_strings texts;
	crm_status st; /* the first failure */
};

/* A copy of s that the report owns (NULL stays NULL). */
static const char *keep(struct report *r, const char *s)
{
	bool failed = false;
	const char *d;

	if (!s || r->st != CRM_OK) {
		return NULL;
	}
	d = crmi_strings_keep(&r->texts, s, &failed);
	if (failed) {
		r->st = oom(r->db);
	}
	return d;
}

/* arr (n entries of size) with room for a zeroed one more; NULL (r->st set) when out of memory. */
static void *grow(struct report *r, void *arr, size_t n, size_t size)
{
	char *grown = r->st == CRM_OK ? realloc(arr, (n + 1) * size) : NULL;

	if (!grown) {
		r->st = r->st != CRM_OK ? r->st : oom(r->db);
		return NULL;
	}
	memset(grown + n * size, 0, size);
	return grown;
}

/* The next entry of the array a of the report, or return when out of memory. */
#define NEXT_OR_RETURN(r, a, n, out)                                    \
	do {                                                            \
		void *grown_ = grow((r), (a), (n), sizeof(*(a)));       \
		if (!grown_) {                                          \
			return;                                         \
		}                                                       \
		(a) = grown_;                                           \
		(out) = &(a)[(n)++];                                    \
	} while (0)

/* Steps a fresh statement over the programme; row() adds each row to r. */
static crm_status report_rows(struct report *r, const char *sql, int64_t program,
			      void (*row)(crmi_stmt *st, struct report *r, int64_t *counts),
			      int64_t *counts)
{
	struct crm_db *db = r->db;
	crmi_stmt *st = NULL;
	int rc = crmi_stmt_new(db, sql, &st);

	if (rc != CRMI_OK) {
		return crmi_sqlfail(db, rc, "cannot read the programme's report");
	}
	crmi_bind_int64(st, 1, program);
	if (crmi_param_count(st) >= 2) {
		crmi_bind_int64(st, 2, crm_db_today(db));
	}
	while (r->st == CRM_OK && (rc = crmi_step(st)) == CRMI_ROW) {
		row(st, r, counts);
	}
	crmi_finalize(st);
	if (r->st != CRM_OK) {
		return r->st;
	}
	return rc == CRMI_DONE ? CRM_OK : crmi_sqlfail(db, rc, "cannot read the programme's report");
}

static void coverage_row(crmi_stmt *st, struct report *r, int64_t *counts)
{
	bool unassigned = crmi_col_count(st) == 4;
	int k = unassigned ? 0 : 2;
	struct crm_vip_coverage *c;

	(void)counts;
	if (unassigned && crmi_col_int64(st, 0) == 0) {
		return;
	}
	NEXT_OR_RETURN(r, r->pub.coverage, r->pub.ncoverage, c);
	if (!unassigned) {
		c->manager_id = crmi_col_int64(st, 0);
		c->manager = keep(r, crmi_col_text(st, 1));
	}
	c->assigned = crmi_col_int64(st, k);
	c->done = crmi_col_int64(st, k + 1);
	c->left = crmi_col_int64(st, k + 2);
	c->overdue = crmi_col_int64(st, k + 3);
}

static void counts_row(crmi_stmt *st, struct report *r, int64_t *counts)
{
	(void)r;
	for (int i = 0; i < crmi_col_count(st); i++) {
		counts[i] = crmi_col_int64(st, i);
	}
}

/* The ids of the failures stored as [{"id": ...}, ...], as a JSON array of strings. */
static const char *failed_ids(struct report *r, const char *stored)
{
	cJSON *f = cJSON_Parse(stored), *ids = cJSON_CreateArray(), *e;
	char *text = NULL;
	const char *kept;

	cJSON_ArrayForEach(e, f) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "id");

		if (cJSON_IsString(id)) {
			cJSON_AddItemToArray(ids, cJSON_CreateString(id->valuestring));
		}
	}
	cJSON_Delete(f);
	text = ids ? cJSON_PrintUnformatted(ids) : NULL;
	cJSON_Delete(ids);
	if (!text) {
		r->st = r->st != CRM_OK ? r->st : oom(r->db);
		return NULL;
	}
	kept = keep(r, text);
	cJSON_free(text);
	return kept;
}

static void failure_row(crmi_stmt *st, struct report *r, int64_t *counts)
{
	bool remedied = crmi_col_text(st, 6) && strcmp(crmi_col_text(st, 6), "resolved") == 0;
	struct crm_vip_failure *f;

	NEXT_OR_RETURN(r, r->pub.quality.failures, r->pub.quality.nfailures, f);
	f->survey_id = crmi_col_int64(st, 0);
	f->client_id = crmi_col_int64(st, 1);
	f->client = keep(r, crmi_col_text(st, 2));
	f->date = crmi_col_int64(st, 3);
	f->failed = failed_ids(r, crmi_col_text(st, 4));
	f->incident_id = crmi_col_int64(st, 5);
	f->remedy_id = crmi_col_int64(st, 8);
	f->remedy_assignee = keep(r, crmi_col_text(st, 11));
	f->remedy_due = crmi_col_int64(st, 9);
	f->remedy_status = keep(r, crmi_col_text(st, 10));
	f->remedied = remedied;
	f->remedied_on = remedied ? crmi_col_int64(st, 7) : 0;
	counts[0] += remedied;
}

static void referral_row(crmi_stmt *st, struct report *r, int64_t *counts)
{
	const char *status = crmi_col_text(st, 2);
	struct crm_vip_referral *f;

	NEXT_OR_RETURN(r, r->pub.referrals.clients, r->pub.referrals.nclients, f);
	f->client_id = crmi_col_int64(st, 0);
	f->client = keep(r, crmi_col_text(st, 1));
	f->status = keep(r, status);
	f->active = strcmp(status, "active") == 0 || strcmp(status, "regular") == 0;
	f->referred_by_id = crmi_col_int64(st, 3);
	f->referred_by = keep(r, crmi_col_text(st, 4));
	f->date = crmi_col_int64(st, 5);
	counts[0] += f->active;
}

static void opportunity_row(crmi_stmt *st, struct report *r, int64_t *counts)
{
	struct crm_vip_opportunity *o;

	NEXT_OR_RETURN(r, r->pub.opportunities.actions, r->pub.opportunities.nactions, o);
	o->id = crmi_col_int64(st, 0);
	o->client_id = crmi_col_int64(st, 1);
	o->client = keep(r, crmi_col_text(st, 2));
	o->text = keep(r, crmi_col_text(st, 3));
	o->assignee_id = crmi_col_int64(st, 4);
	o->assignee = keep(r, crmi_col_text(st, 5));
	o->due = crmi_col_int64(st, 6);
	o->status = keep(r, crmi_col_text(st, 7));
	counts[0] += strcmp(crmi_col_text(st, 7), "done") == 0;
}

static crm_status report_program(struct report *r, int64_t id)
{
	struct crm_vip_program_iter *it;
	const struct crm_vip_program *p;
	struct crm_vip_program *o = &r->pub.program;
	crm_status st = crm_vip_program_query(r->db, id, &it);

	if (st != CRM_OK) {
		return st;
	}
	st = crm_vip_program_iter_next(it, &p);
	if (st == CRM_DONE) {
		st = crmi_fail(r->db, CRM_ENOTFOUND, "no VIP programme with id %lld", (long long)id);
	}
	if (st == CRM_OK) {
		*o = *p;
		o->name = keep(r, p->name);
		o->lead = keep(r, p->lead);
		o->staff = keep(r, p->staff);
		o->tier = keep(r, p->tier);
		o->segment = keep(r, p->segment);
		o->status = keep(r, p->status);
		o->author = keep(r, p->author);
		st = r->st;
	}
	crm_vip_program_iter_destroy(it);
	return st;
}

static crm_status report_quality(struct report *r, int64_t id)
{
	int64_t c[4] = { 0 };
	crm_status st = report_rows(r, sql_report_surveys, id, counts_row, c);

	r->pub.quality.surveys = c[0];
	r->pub.quality.passed = c[1];
	r->pub.quality.failed = c[2];
	r->pub.quality.unchecked = c[3];
	if (st == CRM_OK) {
		st = report_rows(r, sql_report_failures, id, failure_row,
				 &r->pub.quality.remedied);
	}
	r->pub.quality.unremedied = c[2] - r->pub.quality.remedied;
	return st;
}

static crm_status report_lists(struct report *r, int64_t id)
{
	int64_t k[4] = { 0 };
	crm_status st = report_rows(r, sql_report_referrals, id, referral_row,
				    &r->pub.referrals.active);

	if (st == CRM_OK) {
		st = report_rows(r, sql_report_opportunities, id, opportunity_row,
				 &r->pub.opportunities.done);
	}
	if (st == CRM_OK) {
		st = report_rows(r, sql_report_contacts, id, counts_row, k);
	}
	r->pub.contacts.refreshed = k[0] + k[1] + k[2];
	r->pub.contacts.added = k[0];
	r->pub.contacts.updated = k[1];
	r->pub.contacts.confirmed = k[2];
	r->pub.contacts.clients = k[3];
	return st;
}

crm_status crm_vip_report(struct crm_db *db, int64_t program_id, struct crm_vip_report **out)
{
	struct report *r = calloc(1, sizeof(*r));
	crm_status st;

	*out = NULL;
	crmi_clear_error(db);
	if (!r) {
		return oom(db);
	}
	r->db = db;
	st = report_program(r, program_id);
	if (st == CRM_OK) {
		st = report_rows(r, sql_report_coverage, program_id, coverage_row, NULL);
	}
	if (st == CRM_OK) {
		st = report_rows(r, sql_report_unassigned, program_id, coverage_row, NULL);
	}
	if (st == CRM_OK) {
		st = report_quality(r, program_id);
	}
	if (st == CRM_OK) {
		st = report_lists(r, program_id);
	}
	if (st != CRM_OK) {
		crm_vip_report_destroy(&r->pub);
		return st;
	}
	*out = &r->pub;
	return CRM_OK;
}

void crm_vip_report_destroy(struct crm_vip_report *pub)
{
	struct report *r = (struct report *)pub;

	if (!r) {
		return;
	}
	crmi_strings_release(&r->texts);
	free(r->pub.coverage);
	free(r->pub.quality.failures);
	free(r->pub.referrals.clients);
	free(r->pub.opportunities.actions);
	free(r);
}
