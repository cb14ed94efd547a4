/*
 * incident.c: misunderstandings, mishaps, conflicts and quality problems
 * with a client. Each is open until it is resolved, with a word on how: an
 * unresolved conflict is a time bomb.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "crm-private.h"


/* the parameters of crmi_item_insert and crmi_item_change */
static const char sql_incident_insert[] =
	"INSERT INTO incident(id, client_id, kind, text, status, how, author, created, resolved,"
	" at) VALUES (?1, ?2, ?3, ?4, ?6, ?7, ?8, ?9, ?10, ?13)";

static const char sql_incident_get[] = "SELECT client_id, status FROM incident WHERE id = ?1";

static const char sql_incident_resolve[] =
	"UPDATE incident SET status = ?2, how = ?3, resolved = ?4"
	" WHERE id = ?1 AND status = 'open'";

static const struct crmi_item_table incident_table = {
	"incident", "incident", sql_incident_get, sql_incident_insert,
};

#define INCIDENT_SELECT                                                                 \
	"SELECT i.id, i.client_id, c.name, i.kind, i.text, i.status, i.how, i.author,"  \
	" i.created, i.resolved, coalesce(i.at, i.created)"                             \
	" FROM incident i JOIN client c ON c.id = i.client_id"

/* One statement per access path, so that each uses its index; ?1 the
 * incident or the client id. */
static const char sql_incident_by_id[] = INCIDENT_SELECT " WHERE i.id = ?1";
static const char sql_incident_by_client[] =
	INCIDENT_SELECT " WHERE i.client_id = ?1 ORDER BY i.id";
static const char sql_incident_by_client_open[] =
	INCIDENT_SELECT " WHERE i.client_id = ?1 AND i.status = 'open' ORDER BY i.id";
static const char sql_incident_all[] = INCIDENT_SELECT " ORDER BY i.id";
static const char sql_incident_open[] = INCIDENT_SELECT " WHERE i.status = 'open' ORDER BY i.id";

struct crm_incident_iter {
	struct crm_db *db;
	crmi_stmt *st;
	const char *sql;      /* the text of st, to give it back */
	bool done;  /* stepping after CRMI_DONE would restart the query */
	struct crm_incident row;
};

/* The one INSERT INTO incident: incident add and the import. */
crm_status crmi_incident_insert(struct crm_db *db, const struct crmi_item_row *r, int64_t *id)
{
	return crmi_item_insert(db, &incident_table, r, id);
}

static crm_status insert(struct crm_db *db, int64_t client_id, const char *kind,
			 const char *text, int64_t at, int64_t *id)
{
	crm_status s;
	cJSON *data;

	s = crmi_client_touch(db, client_id);
	if (s != CRM_OK) {
		return s;
	}
	s = crmi_incident_insert(db, &(struct crmi_item_row){ .client_id = client_id,
				 .kind = kind, .text = text, .author = crm_db_actor(db),
				 .created = crm_db_now(db), .has_at = at != 0, .at = at }, id);
	if (s != CRM_OK) {
		return s;
	}
	data = cJSON_CreateObject();
	if (!data) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	crmi_json_int(data, "client_id", client_id);
	crmi_json_str(data, "kind", kind);
	crmi_json_str(data, "text", text);
	if (at) {
		char buf[32];

		crmi_json_str(data, "at", crm_time_format(at, buf, sizeof(buf)));
	}
	return crmi_journal(db, "incident.add", "incident", *id, data);
}

crm_status crm_incident_add(struct crm_db *db, int64_t client_id, const char *kind,
			    const char *text, int64_t *id)
{
	return crm_incident_add_at(db, client_id, kind, text, 0, id);
}

crm_status crm_incident_add_at(struct crm_db *db, int64_t client_id, const char *kind,
			       const char *text, int64_t at, int64_t *id)
{
	crm_status st;
	int64_t new_id = 0;

	*id = 0;
	if (!kind) {
		kind = "misunderstanding";
	}
	crmi_clear_error(db);
	st = crmi_enum_check(db, N_("incident kind"), kind, crm_incident_kinds);
	if (st == CRM_OK) {
		st = crm_check_text(db, "text", text);
	}
	if (st == CRM_OK && at > crm_db_now(db)) {
		char a[32], n[32];

		st = crmi_fail(db, CRM_EINVAL, "the incident's time %s is in the future (now %s)",
			       crm_time_format(at, a, sizeof(a)),
			       crm_time_format(crm_db_now(db), n, sizeof(n)));
	}
	if (st != CRM_OK) {
		return st;
	}
	st = crmi_atomic_begin(db);
	if (st != CRM_OK) {
		return st;
	}
	st = crmi_atomic_end(db, insert(db, client_id, kind, text, at, &new_id));
	if (st == CRM_OK) {
		*id = new_id;
	}
	return st;
}

static crm_status add_how(struct crm_db *db, int64_t client_id, int64_t due, cJSON *data,
			  void *how)
{
	crmi_json_str(data, "how", how);
	return CRM_OK;
}

static crm_status resolve(struct crm_db *db, int64_t id, const char *how)
{
	const struct crmi_item_change c = {
		.sql = sql_incident_resolve, .status = "resolved", .reason = how,
		.t = crm_db_now(db), .action = "incident.resolve", .then = add_how,
		.arg = (void *)how,
	};

	return crmi_item_change(db, &incident_table, id, &c);
}

crm_status crm_incident_resolve(struct crm_db *db, int64_t id, const char *how)
{
	crm_status st;

	crmi_clear_error(db);
	st = crm_check_text(db, "resolution", how);
	if (st != CRM_OK) {
		return st;
	}
	st = crmi_atomic_begin(db);
	if (st != CRM_OK) {
		return st;
	}
	return crmi_atomic_end(db, resolve(db, id, how));
}

crm_status crm_incident_query(struct crm_db *db, const struct crm_incident_filter *f,
			      struct crm_incident_iter **out)
{
	static const struct crm_incident_filter none = { 0 };
	struct crm_incident_iter *it;
	const char *sql;
	int rc;

	*out = NULL;
	if (!f) {
		f = &none;
	}
	if (f->id) {
		sql = sql_incident_by_id;
	} else if (f->client_id) {
		sql = f->open_only ? sql_incident_by_client_open : sql_incident_by_client;
	} else {
		sql = f->open_only ? sql_incident_open : sql_incident_all;
	}
	it = calloc(1, sizeof(*it));
	if (!it) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	it->db = db;
	it->sql = sql;
	rc = crmi_stmt_take(db, it->sql, &it->st);
	if (rc != CRMI_OK) {
		free(it);
		return crmi_sqlfail(db, rc, "cannot read incidents");
	}
	if (f->id || f->client_id) {
		crmi_bind_int64(it->st, 1, f->id ? f->id : f->client_id);
	}
	*out = it;
	return CRM_OK;
}

crm_status crm_incident_iter_next(struct crm_incident_iter *it, const struct crm_incident **row)
{
	crmi_stmt *st = it->st;
	crm_status rc;

	*row = NULL;
	rc = crmi_iter_step(it->db, st, &it->done, "cannot read incidents");
	if (rc != CRM_OK) {
		return rc;
	}
	it->row = (struct crm_incident){
		.id = crmi_col_int64(st, 0),
		.client_id = crmi_col_int64(st, 1),
		.client = crmi_col_text(st, 2),
		.kind = crmi_col_text(st, 3),
		.text = crmi_col_text(st, 4),
		.status = crmi_col_text(st, 5),
		.how = crmi_col_text(st, 6),
		.author = crmi_col_text(st, 7),
		.created = crmi_col_int64(st, 8),
		.resolved = crmi_col_int64(st, 9),
		.at = crmi_col_int64(st, 10),
	};
	*row = &it->row;
	return CRM_OK;
}

void crm_incident_iter_destroy(struct crm_incident_iter *it)
{
	if (!it) {
		return;
	}
	crmi_stmt_give(it->db, it->sql, it->st);
	free(it);
}
