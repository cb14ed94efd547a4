/*
 * promise.c: every expectation set with a client: promises, guarantees,
 * discounts, doubts and risks. Each is open until it is kept or broken;
 * a doubt or a risk is "kept" when it is no longer a concern.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "crm-private.h"


/* the parameters of crmi_item_insert and crmi_item_change */
static const char sql_promise_insert[] =
	"INSERT INTO promise(id, client_id, kind, text, due, status, why, author, created, closed)"
	" VALUES (?1, ?2, ?3, ?4, nullif(?5, 0), ?6, ?7, ?8, ?9, ?10)";

static const char sql_promise_get[] = "SELECT client_id, status FROM promise WHERE id = ?1";

static const char sql_promise_close[] =
	"UPDATE promise SET status = ?2, why = ?3, closed = ?4 WHERE id = ?1 AND status = 'open'";

static const struct crmi_item_table promise_table = {
	"promise", "promise", sql_promise_get, sql_promise_insert,
};

#define PROMISE_SELECT                                                                  \
	"SELECT p.id, p.client_id, c.name, p.kind, p.text, p.due, p.status, p.why,"     \
	" p.author, p.created, p.closed"                                                \
	" FROM promise p JOIN client c ON c.id = p.client_id"

/*
 * One statement per access path, so that each uses its index: ?1 the
 * client or the promise id, ?2 the upper bound of due (NULL: none).
 */
static const char sql_promise_by_id[] = PROMISE_SELECT " WHERE p.id = ?1";
static const char sql_promise_by_client[] =
	PROMISE_SELECT " WHERE p.client_id = ?1 ORDER BY p.id";
static const char sql_promise_by_client_open[] =
	PROMISE_SELECT " WHERE p.client_id = ?1 AND p.status = 'open'"
	" AND (?2 IS NULL OR p.due < ?2) ORDER BY p.id";
static const char sql_promise_all[] = PROMISE_SELECT " ORDER BY p.id";
static const char sql_promise_open[] = PROMISE_SELECT " WHERE p.status = 'open' ORDER BY p.id";
static const char sql_promise_overdue[] =
	PROMISE_SELECT " WHERE p.status = 'open' AND p.due < ?2 ORDER BY p.id";

struct crm_promise_iter {
	struct crm_db *db;
	crmi_stmt *st;
	const char *sql;      /* the text of st, to give it back */
	bool done;  /* stepping after CRMI_DONE would restart the query */
	struct crm_promise row;
};

static void json_date(cJSON *obj, const char *key, int64_t t)
{
	char buf[32];

	if (t) {
		cJSON_AddStringToObject(obj, key, crm_date_format(t, buf, sizeof(buf)));
	} else {
		cJSON_AddNullToObject(obj, key);
	}
}

static crm_status check_due(struct crm_db *db, int64_t due)
{
	char d[32], today[32];
	int64_t start = crm_db_today(db);

	if (due && crm_day_start(due) < start) {
		return crmi_fail(db, CRM_EINVAL, "due date %s is before today (%s)",
				 crm_date_format(due, d, sizeof(d)),
				 crm_date_format(start, today, sizeof(today)));
	}
	return CRM_OK;
}

/* The one INSERT INTO promise: promise add and the import. */
crm_status crmi_promise_insert(struct crm_db *db, const struct crmi_item_row *r, int64_t *id)
{
	return crmi_item_insert(db, &promise_table, r, id);
}

static crm_status insert(struct crm_db *db, int64_t client_id, const char *kind,
			 const char *text, int64_t due, int64_t *id)
{
	crm_status s;
	cJSON *data;

	s = crmi_client_touch(db, client_id);
	if (s != CRM_OK) {
		return s;
	}
	s = crmi_promise_insert(db, &(struct crmi_item_row){ .client_id = client_id, .kind = kind,
				.text = text, .due = due, .author = crm_db_actor(db),
				.created = crm_db_now(db) }, id);
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
	json_date(data, "due", due);
	return crmi_journal(db, "promise.add", "promise", *id, data);
}

crm_status crm_promise_add(struct crm_db *db, int64_t client_id, const char *kind,
			   const char *text, int64_t due, int64_t *id)
{
	crm_status st;
	int64_t new_id = 0;

	*id = 0;
	if (!kind) {
		kind = "promise";
	}
	if (due) {
		due = crm_day_start(due);
	}
	crmi_clear_error(db);
	st = crmi_enum_check(db, N_("promise kind"), kind, crm_promise_kinds);
	if (st == CRM_OK) {
		st = crm_check_line(db, "text", text);
	}
	if (st == CRM_OK) {
		st = check_due(db, due);
	}
	if (st != CRM_OK) {
		return st;
	}
	st = crmi_atomic_begin(db);
	if (st != CRM_OK) {
		return st;
	}
	st = crmi_atomic_end(db, insert(db, client_id, kind, text, due, &new_id));
	if (st == CRM_OK) {
		*id = new_id;
	}
	return st;
}

static crm_status add_why(struct crm_db *db, int64_t client_id, int64_t due, cJSON *data,
			  void *why)
{
	if (why) {
		crmi_json_str(data, "why", why);
	}
	return CRM_OK;
}

/* open -> kept or broken; anything else is refused. */
static crm_status close_promise(struct crm_db *db, int64_t id, const char *status,
				const char *why)
{
	const struct crmi_item_change c = {
		.sql = sql_promise_close, .status = status, .reason = why, .t = crm_db_now(db),
		.action = why ? "promise.break" : "promise.keep", .then = add_why,
		.arg = (void *)why,
	};

	return crmi_item_change(db, &promise_table, id, &c);
}

crm_status crm_promise_keep(struct crm_db *db, int64_t id)
{
	crm_status st = crmi_atomic_begin(db);

	if (st != CRM_OK) {
		return st;
	}
	return crmi_atomic_end(db, close_promise(db, id, "kept", NULL));
}

crm_status crm_promise_break(struct crm_db *db, int64_t id, const char *why)
{
	crm_status st;

	crmi_clear_error(db);
	st = crm_check_text(db, "reason", why);
	if (st != CRM_OK) {
		return st;
	}
	st = crmi_atomic_begin(db);
	if (st != CRM_OK) {
		return st;
	}
	return crmi_atomic_end(db, close_promise(db, id, "broken", why));
}

static const char *pick_sql(const struct crm_promise_filter *f, bool *bound)
{
	bool open = f->open_only || f->overdue;

	*bound = f->overdue;
	if (f->id) {
		return sql_promise_by_id;
	}
	if (f->client_id) {
		return open ? sql_promise_by_client_open : sql_promise_by_client;
	}
	if (f->overdue) {
		return sql_promise_overdue;
	}
	return open ? sql_promise_open : sql_promise_all;
}

crm_status crm_promise_query(struct crm_db *db, const struct crm_promise_filter *f,
			     struct crm_promise_iter **out)
{
	static const struct crm_promise_filter none = { 0 };
	struct crm_promise_iter *it;
	const char *sql;
	bool bound;
	int rc;

	*out = NULL;
	if (!f) {
		f = &none;
	}
	it = calloc(1, sizeof(*it));
	if (!it) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	it->db = db;
	sql = pick_sql(f, &bound);
	it->sql = sql;
	rc = crmi_stmt_take(db, it->sql, &it->st);
	if (rc != CRMI_OK) {
		free(it);
		return crmi_sqlfail(db, rc, "cannot read promises");
	}
	if (f->id || f->client_id) {
		crmi_bind_int64(it->st, 1, f->id ? f->id : f->client_id);
	}
	if (bound && !f->id) {
		crmi_bind_int64(it->st, 2, crm_db_today(db));
	}
	*out = it;
	return CRM_OK;
}

crm_status crm_promise_iter_next(struct crm_promise_iter *it, const struct crm_promise **row)
{
	crmi_stmt *st = it->st;
	crm_status rc;

	*row = NULL;
	rc = crmi_iter_step(it->db, st, &it->done, "cannot read promises");
	if (rc != CRM_OK) {
		return rc;
	}
	it->row = (struct crm_promise){
		.id = crmi_col_int64(st, 0),
		.client_id = crmi_col_int64(st, 1),
		.client = crmi_col_text(st, 2),
		.kind = crmi_col_text(st, 3),
		.text = crmi_col_text(st, 4),
		.due = crmi_col_int64(st, 5),
		.status = crmi_col_text(st, 6),
		.why = crmi_col_text(st, 7),
		.author = crmi_col_text(st, 8),
		.created = crmi_col_int64(st, 9),
		.closed = crmi_col_int64(st, 10),
	};
	*row = &it->row;
	return CRM_OK;
}

void crm_promise_iter_destroy(struct crm_promise_iter *it)
{
	if (!it) {
		return;
	}
	crmi_stmt_give(it->db, it->sql, it->st);
	free(it);
}
