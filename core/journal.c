/*
 * journal.c: the append-only record of every change: who, when, what.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "crm-private.h"

static const char sql_journal_insert[] =
	"INSERT INTO journal(at, actor, action, entity, entity_id, data)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

static const char sql_journal_query[] =
	/* the latest ?5 entries, shown oldest first */
	"SELECT * FROM ("
	"  SELECT id, at, actor, action, entity, entity_id, data FROM journal"
	"  WHERE (?1 IS NULL OR at >= ?1)"
	"    AND (?2 IS NULL OR actor = ?2)"
	"    AND (?3 IS NULL OR entity = ?3)"
	"    AND (?4 IS NULL OR entity_id = ?4)"
	"  ORDER BY id DESC"
	"  LIMIT ?5"
	") AS j ORDER BY id";

struct crm_journal_iter {
	struct crm_db *db;
	crmi_stmt *st;
	const char *sql;      /* the text of st, to give it back */
	bool done;  /* stepping after CRMI_DONE would restart the query */
	struct crm_journal_entry row;
};

crm_status crm_journal_append(struct crm_db *db, const char *action, const char *entity,
			      int64_t entity_id, const char *data)
{
	crmi_stmt *st = crmi_prepare(db, sql_journal_insert);
	int rc;

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, crm_db_now(db));
	crmi_bind_text(st, 2, crm_db_actor(db));
	crmi_bind_text(st, 3, action);
	crmi_bind_text(st, 4, entity);
	if (entity_id) {
		crmi_bind_int64(st, 5, entity_id);
	}
	crmi_bind_text(st, 6, data ? data : "{}");
	rc = crmi_step(st);
	crmi_reset(st);
	if (rc != CRMI_DONE) {
		return crmi_sqlfail(db, rc, N_("cannot write the journal"));
	}
	return CRM_OK;
}

crm_status crmi_journal(struct crm_db *db, const char *action, const char *entity,
			int64_t entity_id, cJSON *data)
{
	char *text = NULL;
	crm_status st;

	if (data) {
		text = cJSON_PrintUnformatted(data);
		cJSON_Delete(data);
		if (!text) {
			return crmi_fail(db, CRM_ENOMEM, "out of memory");
		}
	}
	st = crm_journal_append(db, action, entity, entity_id, text);
	cJSON_free(text);
	return st;
}

void crmi_json_int(cJSON *obj, const char *key, int64_t v)
{
	char num[32];

	snprintf(num, sizeof(num), "%lld", (long long)v);
	cJSON_AddItemToObject(obj, key, cJSON_CreateRaw(num));
}

void crmi_json_str(cJSON *obj, const char *key, const char *s)
{
	if (s) {
		cJSON_AddStringToObject(obj, key, s);
	} else {
		cJSON_AddNullToObject(obj, key);
	}
}

void crmi_json_list(cJSON *obj, const char *key, const char *list)
{
	cJSON *arr = cJSON_Parse(list ? list : "[]");

	if (arr) {
		cJSON_AddItemToObject(obj, key, arr);
	} else {
		crmi_json_str(obj, key, list);
	}
}

crm_status crm_journal_query(struct crm_db *db, const struct crm_journal_filter *f,
			     struct crm_journal_iter **out)
{
	struct crm_journal_iter *it;
	int rc;

	*out = NULL;
	it = calloc(1, sizeof(*it));
	if (!it) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	it->db = db;
	it->sql = sql_journal_query;
	rc = crmi_stmt_take(db, it->sql, &it->st);
	if (rc != CRMI_OK) {
		free(it);
		return crmi_sqlfail(db, rc, N_("cannot read the journal"));
	}
	if (f && f->since) {
		crmi_bind_int64(it->st, 1, f->since);
	}
	if (f) {
		crmi_bind_text(it->st, 2, f->actor);
		crmi_bind_text(it->st, 3, f->entity);
	}
	if (f && f->entity_id) {
		crmi_bind_int64(it->st, 4, f->entity_id);
	}
	crmi_bind_int64(it->st, 5, f && f->limit > 0 ? f->limit : -1);
	*out = it;
	return CRM_OK;
}

crm_status crm_journal_iter_next(struct crm_journal_iter *it,
				 const struct crm_journal_entry **row)
{
	crm_status rc;

	*row = NULL;
	rc = crmi_iter_step(it->db, it->st, &it->done, N_("cannot read the journal"));
	if (rc != CRM_OK) {
		return rc;
	}
	it->row.id = crmi_col_int64(it->st, 0);
	it->row.at = crmi_col_int64(it->st, 1);
	it->row.actor = crmi_col_text(it->st, 2);
	it->row.action = crmi_col_text(it->st, 3);
	it->row.entity = crmi_col_text(it->st, 4);
	it->row.entity_id = crmi_col_int64(it->st, 5);
	it->row.data = crmi_col_text(it->st, 6);
	*row = &it->row;
	return CRM_OK;
}

void crm_journal_iter_destroy(struct crm_journal_iter *it)
{
	if (!it) {
		return;
	}
	crmi_stmt_give(it->db, it->sql, it->st);
	free(it);
}

static const char sql_journal_redact[] =
	"UPDATE journal SET data = '{\"erased\":' || ?1 || '}'"
	" WHERE id IN (SELECT journal_id FROM erasure_entry WHERE erasure_id = ?1)";

/* The data of the entries an erasure picked (erasure_entry) becomes {"erased": id}. */
crm_status crmi_journal_redact(struct crm_db *db, int64_t erasure_id)
{
	crmi_stmt *st = crmi_prepare(db, sql_journal_redact);

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, erasure_id);
	return crmi_step_done(db, st, N_("cannot erase the client"));
}
