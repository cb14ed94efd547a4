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
	"SELECT x.sid, m.name, count(i.id), coalesce(sum(i.status = 'done'), 0),"
	" coalesce(sum(i.status = 'pending'), 0),"
	" coalesce(sum(i.status = 'pending' AND i.due < ?2), 0)"
	" FROM (SELECT manager_id AS sid FROM vip_staff WHERE program_id = ?1"
	"   UNION SELECT surveyor_id FROM vip_item WHERE program_id = ?1"
	"   AND surveyor_id IS NOT NULL) x"
	" JOIN manager m ON m.id = x.sid"
	" LEFT JOIN vip_item i ON i.program_id = ?1 AND i.surveyor_id = x.sid"
	" GROUP BY x.sid ORDER BY m.name_fold, x.sid";
static const char sql_report_unassigned[] =
	"SELECT count(*), coalesce(sum(status = 'done'), 0), coalesce(sum(status = 'pending'), 0),"
	" coalesce(sum(status = 'pending' AND due < ?2), 0)"
	" FROM vip_item WHERE program_id = ?1 AND surveyor_id IS NULL";
static const char sql_report_surveys[] =
	"SELECT count(*), coalesce(sum(quality = 'pass'), 0), coalesce(sum(quality = 'fail'), 0),"
	" coalesce(sum(quality IS NULL), 0) FROM vip_survey WHERE program_id = ?1";
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
	"SELECT coalesce(sum(e.kind = 'contact.add'), 0), coalesce(sum(e.kind = 'contact.update'), 0),"
	" coalesce(sum(e.kind = 'contact.verify'), 0), count(DISTINCT s.client_id)"
	" FROM vip_survey s JOIN vip_effect e ON e.survey_id = s.id"
	" AND e.kind IN ('contact.add', 'contact.update', 'contact.verify')"
	" WHERE s.program_id = ?1";

static void json_opt_int(cJSON *o, const char *key, int64_t v)
{
	if (v) {
		crmi_json_int(o, key, v);
	} else {
		cJSON_AddNullToObject(o, key);
	}
}

/* Steps a fresh statement over the programme; row() adds each row to acc. */
static crm_status report_rows(struct crm_db *db, const char *sql, int64_t program,
			      void (*row)(sqlite3_stmt *st, cJSON *acc, int64_t *counts),
			      cJSON *acc, int64_t *counts)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);

	if (rc != SQLITE_OK) {
		return crmi_sqlfail(db, rc, "cannot read the programme's report");
	}
	sqlite3_bind_int64(st, 1, program);
	if (sqlite3_bind_parameter_count(st) >= 2) {
		sqlite3_bind_int64(st, 2, crm_day_start(crm_db_now(db)));
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row(st, acc, counts);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? CRM_OK : crmi_sqlfail(db, rc, "cannot read the programme's report");
}

static void coverage_row(sqlite3_stmt *st, cJSON *arr, int64_t *counts)
{
	cJSON *o = cJSON_CreateObject();
	bool unassigned = sqlite3_column_count(st) == 4;
	int k = unassigned ? 0 : 2;

	(void)counts;
	if (unassigned && sqlite3_column_int64(st, 0) == 0) {
		cJSON_Delete(o);
		return;
	}
	if (unassigned) {
		cJSON_AddNullToObject(o, "manager_id");
		cJSON_AddNullToObject(o, "manager");
	} else {
		crmi_json_int(o, "manager_id", sqlite3_column_int64(st, 0));
		crmi_json_str(o, "manager", col_text(st, 1));
	}
	crmi_json_int(o, "assigned", sqlite3_column_int64(st, k));
	crmi_json_int(o, "done", sqlite3_column_int64(st, k + 1));
	crmi_json_int(o, "left", sqlite3_column_int64(st, k + 2));
	crmi_json_int(o, "overdue", sqlite3_column_int64(st, k + 3));
	cJSON_AddItemToArray(arr, o);
}

static void counts_row(sqlite3_stmt *st, cJSON *acc, int64_t *counts)
{
	(void)acc;
	for (int i = 0; i < sqlite3_column_count(st); i++) {
		counts[i] = sqlite3_column_int64(st, i);
	}
}

static void failure_row(sqlite3_stmt *st, cJSON *arr, int64_t *counts)
{
	cJSON *o = cJSON_CreateObject(), *f = cJSON_Parse(col_text(st, 4)), *e, *ids;
	bool remedied = col_text(st, 6) && strcmp(col_text(st, 6), "resolved") == 0;

	crmi_json_int(o, "survey_id", sqlite3_column_int64(st, 0));
	crmi_json_int(o, "client_id", sqlite3_column_int64(st, 1));
	crmi_json_str(o, "client", col_text(st, 2));
	crmi_vip_json_date(o, "date", sqlite3_column_int64(st, 3));
	ids = cJSON_AddArrayToObject(o, "failed");
	cJSON_ArrayForEach(e, f) {
		const cJSON *id = cJSON_GetObjectItemCaseSensitive(e, "id");

		if (cJSON_IsString(id)) {
			cJSON_AddItemToArray(ids, cJSON_CreateString(id->valuestring));
		}
	}
	cJSON_Delete(f);
	json_opt_int(o, "incident_id", sqlite3_column_int64(st, 5));
	json_opt_int(o, "remedy_id", sqlite3_column_int64(st, 8));
	crmi_json_str(o, "remedy_assignee", col_text(st, 11));
	crmi_vip_json_date(o, "remedy_due", sqlite3_column_int64(st, 9));
	crmi_json_str(o, "remedy_status", col_text(st, 10));
	cJSON_AddBoolToObject(o, "remedied", remedied);
	crmi_vip_json_date(o, "remedied_on", remedied ? sqlite3_column_int64(st, 7) : 0);
	counts[0] += remedied;
	cJSON_AddItemToArray(arr, o);
}

static void referral_row(sqlite3_stmt *st, cJSON *arr, int64_t *counts)
{
	cJSON *o = cJSON_CreateObject();
	const char *status = col_text(st, 2);
	bool active = strcmp(status, "active") == 0 || strcmp(status, "regular") == 0;

	crmi_json_int(o, "client_id", sqlite3_column_int64(st, 0));
	crmi_json_str(o, "client", col_text(st, 1));
	crmi_json_str(o, "status", status);
	cJSON_AddBoolToObject(o, "active", active);
	crmi_json_int(o, "referred_by_id", sqlite3_column_int64(st, 3));
	crmi_json_str(o, "referred_by", col_text(st, 4));
	crmi_vip_json_date(o, "date", sqlite3_column_int64(st, 5));
	counts[0]++;
	counts[1] += active;
	cJSON_AddItemToArray(arr, o);
}

static void opportunity_row(sqlite3_stmt *st, cJSON *arr, int64_t *counts)
{
	cJSON *o = cJSON_CreateObject();
	bool done = strcmp(col_text(st, 7), "done") == 0;

	crmi_json_int(o, "id", sqlite3_column_int64(st, 0));
	crmi_json_int(o, "client_id", sqlite3_column_int64(st, 1));
	crmi_json_str(o, "client", col_text(st, 2));
	crmi_json_str(o, "text", col_text(st, 3));
	json_opt_int(o, "assignee_id", sqlite3_column_int64(st, 4));
	crmi_json_str(o, "assignee", col_text(st, 5));
	crmi_vip_json_date(o, "due", sqlite3_column_int64(st, 6));
	crmi_json_str(o, "status", col_text(st, 7));
	counts[0]++;
	counts[1] += done;
	cJSON_AddItemToArray(arr, o);
}

static crm_status report_program(struct crm_db *db, int64_t id, cJSON *root)
{
	struct crm_vip_program_iter *it;
	const struct crm_vip_program *p;
	cJSON *o;
	crm_status st = crm_vip_program_query(db, id, &it);

	if (st != CRM_OK) {
		return st;
	}
	st = crm_vip_program_iter_next(it, &p);
	if (st == CRM_DONE) {
		st = crmi_fail(db, CRM_ENOTFOUND, "no VIP programme with id %lld", (long long)id);
	}
	if (st == CRM_OK) {
		o = cJSON_AddObjectToObject(root, "program");
		crmi_json_int(o, "id", p->id);
		crmi_json_str(o, "name", p->name);
		crmi_json_str(o, "status", p->status);
		crmi_json_str(o, "lead", p->lead);
		crmi_vip_json_date(o, "started", p->created);
		crmi_vip_json_date(o, "until", p->until);
		crmi_vip_json_date(o, "closed", p->closed);
		crmi_json_int(o, "clients", p->clients);
		crmi_json_int(o, "done", p->done);
		crmi_json_int(o, "left", p->clients - p->done);
		crmi_json_int(o, "overdue", p->overdue);
	}
	crm_vip_program_iter_destroy(it);
	return st;
}

static crm_status report_quality(struct crm_db *db, int64_t id, cJSON *root)
{
	int64_t c[4] = { 0 }, remedied = 0;
	cJSON *o = cJSON_AddObjectToObject(root, "quality"), *arr = cJSON_CreateArray();
	crm_status st = report_rows(db, sql_report_surveys, id, counts_row, NULL, c);

	if (st == CRM_OK) {
		st = report_rows(db, sql_report_failures, id, failure_row, arr, &remedied);
	}
	crmi_json_int(o, "surveys", c[0]);
	crmi_json_int(o, "passed", c[1]);
	crmi_json_int(o, "failed", c[2]);
	crmi_json_int(o, "unchecked", c[3]);
	crmi_json_int(o, "remedied", remedied);
	crmi_json_int(o, "unremedied", c[2] - remedied);
	cJSON_AddItemToObject(o, "failures", arr);
	return st;
}

static crm_status report_lists(struct crm_db *db, int64_t id, cJSON *root)
{
	int64_t r[2] = { 0 }, op[2] = { 0 }, k[4] = { 0 };
	cJSON *ref = cJSON_AddObjectToObject(root, "referrals"), *rarr = cJSON_CreateArray();
	cJSON *opp = cJSON_AddObjectToObject(root, "opportunities"), *oarr = cJSON_CreateArray();
	cJSON *con = cJSON_AddObjectToObject(root, "contacts");
	crm_status st = report_rows(db, sql_report_referrals, id, referral_row, rarr, r);

	if (st == CRM_OK) {
		st = report_rows(db, sql_report_opportunities, id, opportunity_row, oarr, op);
	}
	if (st == CRM_OK) {
		st = report_rows(db, sql_report_contacts, id, counts_row, NULL, k);
	}
	crmi_json_int(ref, "collected", r[0]);
	crmi_json_int(ref, "active", r[1]);
	cJSON_AddItemToObject(ref, "clients", rarr);
	crmi_json_int(opp, "created", op[0]);
	crmi_json_int(opp, "done", op[1]);
	cJSON_AddItemToObject(opp, "actions", oarr);
	crmi_json_int(con, "refreshed", k[0] + k[1] + k[2]);
	crmi_json_int(con, "added", k[0]);
	crmi_json_int(con, "updated", k[1]);
	crmi_json_int(con, "confirmed", k[2]);
	crmi_json_int(con, "clients", k[3]);
	return st;
}

crm_status crm_vip_report(struct crm_db *db, int64_t program_id, char **json)
{
	cJSON *root = cJSON_CreateObject(), *cov;
	crm_status st;

	*json = NULL;
	crmi_clear_error(db);
	if (!root) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	st = report_program(db, program_id, root);
	if (st == CRM_OK) {
		cov = cJSON_AddArrayToObject(root, "coverage");
		st = report_rows(db, sql_report_coverage, program_id, coverage_row, cov, NULL);
		if (st == CRM_OK) {
			st = report_rows(db, sql_report_unassigned, program_id, coverage_row, cov,
					 NULL);
		}
	}
	if (st == CRM_OK) {
		st = report_quality(db, program_id, root);
	}
	if (st == CRM_OK) {
		st = report_lists(db, program_id, root);
	}
	if (st == CRM_OK) {
		*json = cJSON_PrintUnformatted(root);
		if (!*json) {
			st = crmi_fail(db, CRM_ENOMEM, "out of memory");
		}
	}
	cJSON_Delete(root);
	return st;
}
