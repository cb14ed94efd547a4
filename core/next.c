/*
 * next.c: the next planned action for a client, with its deadline and the
 * manager who does it (a card without one gets forgotten). An action is
 * open until done; moving its date keeps the old one in the journal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "crm-private.h"

static const char sql_client_owner[] = "SELECT owner_id FROM client WHERE id = ?1";
static const char sql_manager_exists[] = "SELECT 1 FROM manager WHERE id = ?1";

/* the parameters of crmi_item_insert and crmi_item_change */
static const char sql_next_insert[] =
	"INSERT INTO next_action(id, client_id, text, due, assignee_id, status, author, created,"
	" done) VALUES (?1, ?2, ?4, ?5, ?11, ?6, ?8, ?9, ?10)";
static const char sql_next_get[] =
	"SELECT client_id, status, due FROM next_action WHERE id = ?1";
static const char sql_next_done[] =
	"UPDATE next_action SET status = ?2, done = ?4 WHERE id = ?1 AND status = 'open'";
static const char sql_next_move[] =
	"UPDATE next_action SET due = ?4 WHERE id = ?1 AND status = 'open'";
static const char sql_next_reassign[] =
	"UPDATE next_action SET assignee_id = ?3 WHERE client_id = ?1 AND status = 'open'"
	" AND (assignee_id IS ?2 OR assignee_id IS NULL) RETURNING id";

static const struct crmi_item_table next_table = {
	"next action", "next", sql_next_get, sql_next_insert,
};

#define NEXT_SELECT                                                                     \
	"SELECT n.id, n.client_id, c.name, n.text, n.due, n.assignee_id, m.name,"       \
	" n.status, n.author, n.created, n.done"                                        \
	" FROM next_action n JOIN client c ON c.id = n.client_id"                       \
	" LEFT JOIN manager m ON m.id = n.assignee_id"
#define NEXT_ORDER " ORDER BY n.due, n.id"
#define NEXT_BOUND " AND (?2 IS NULL OR n.due < ?2)"

/*
 * One statement per access path, so that each uses its index
 * (next_client, next_assignee, next_due): ?1 the action or the client id,
 * ?2 the upper bound of due (NULL: none), ?3 the assignee (NULL: any).
 */
static const char sql_next_by_id[] = NEXT_SELECT " WHERE n.id = ?1";
static const char sql_next_by_client_open[] =
	NEXT_SELECT " WHERE n.client_id = ?1 AND n.status = 'open'" NEXT_BOUND
	" AND (?3 IS NULL OR n.assignee_id = ?3)" NEXT_ORDER;
static const char sql_next_by_client_all[] =
	NEXT_SELECT " WHERE n.client_id = ?1" NEXT_BOUND
	" AND (?3 IS NULL OR n.assignee_id = ?3)" NEXT_ORDER;
static const char sql_next_by_assignee_open[] =
	NEXT_SELECT " WHERE n.assignee_id = ?3 AND n.status = 'open'" NEXT_BOUND NEXT_ORDER;
static const char sql_next_by_assignee_all[] =
	NEXT_SELECT " WHERE n.assignee_id = ?3" NEXT_BOUND NEXT_ORDER;
static const char sql_next_open[] = NEXT_SELECT " WHERE n.status = 'open'" NEXT_ORDER;
static const char sql_next_open_before[] =
	NEXT_SELECT " WHERE n.status = 'open' AND n.due < ?2" NEXT_ORDER;
static const char sql_next_all[] = NEXT_SELECT " WHERE 1" NEXT_BOUND NEXT_ORDER;

struct crm_next_iter {
	struct crm_db *db;
	sqlite3_stmt *st;
	const char *sql;      /* the text of st, to give it back */
	bool done;  /* stepping after SQLITE_DONE would restart the query */
	struct crm_next_action row;
};

static void json_date(cJSON *obj, const char *key, int64_t t)
{
	char buf[32];

	cJSON_AddStringToObject(obj, key, crm_date_format(t, buf, sizeof(buf)));
}

/* A next action is due today or later; it always has a date. */
static crm_status check_due(struct crm_db *db, int64_t due)
{
	char d[32], today[32];
	int64_t start = crm_db_today(db);

	if (due < start) {
		return crmi_fail(db, CRM_EINVAL, "due date %s is before today (%s)",
				 crm_date_format(due, d, sizeof(d)),
				 crm_date_format(start, today, sizeof(today)));
	}
	return CRM_OK;
}

/* The client's owner into *owner (0 when none); ENOTFOUND without the client. */
static crm_status client_owner(struct crm_db *db, int64_t client_id, int64_t *owner)
{
	sqlite3_stmt *st = crmi_prepare(db, sql_client_owner);
	int rc;

	*owner = 0;
	if (!st) {
		return db->errcode;
	}
	sqlite3_bind_int64(st, 1, client_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*owner = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE) {
		return crmi_fail(db, CRM_ENOTFOUND, "no client with id %lld", (long long)client_id);
	}
	if (rc != SQLITE_ROW) {
		return crmi_sqlfail(db, rc, "cannot read the client");
	}
	return CRM_OK;
}

static crm_status check_manager(struct crm_db *db, int64_t id)
{
	sqlite3_stmt *st = crmi_prepare(db, sql_manager_exists);
	int rc;

	if (!st) {
		return db->errcode;
	}
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE) {
		return crmi_fail(db, CRM_ENOTFOUND, "no manager with id %lld", (long long)id);
	}
	if (rc != SQLITE_ROW) {
		return crmi_sqlfail(db, rc, "cannot read the manager");
	}
	return CRM_OK;
}

/* The one INSERT INTO next_action: next add and the import. */
crm_status crmi_next_insert(struct crm_db *db, const struct crmi_item_row *r, int64_t *id)
{
	return crmi_item_insert(db, &next_table, r, id);
}

static crm_status insert(struct crm_db *db, int64_t client_id, const char *text, int64_t due,
			 int64_t assignee_id, int64_t *id)
{
	int64_t owner = 0;
	crm_status s;
	cJSON *data;

	s = client_owner(db, client_id, &owner);
	if (s == CRM_OK && assignee_id) {
		s = check_manager(db, assignee_id);
	} else if (s == CRM_OK) {
		assignee_id = owner;  /* the default; none when the client has no owner */
	}
	if (s == CRM_OK) {
		s = crmi_client_touch(db, client_id);
	}
	if (s != CRM_OK) {
		return s;
	}
	s = crmi_next_insert(db, &(struct crmi_item_row){ .client_id = client_id, .text = text,
			     .due = due, .assignee_id = assignee_id, .author = crm_db_actor(db),
			     .created = crm_db_now(db) }, id);
	if (s != CRM_OK) {
		return s;
	}
	data = cJSON_CreateObject();
	if (!data) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	crmi_json_int(data, "client_id", client_id);
	crmi_json_str(data, "text", text);
	json_date(data, "due", due);
	if (assignee_id) {
		crmi_json_int(data, "assignee_id", assignee_id);
	} else {
		cJSON_AddNullToObject(data, "assignee_id");
	}
	return crmi_journal(db, "next.add", "next", *id, data);
}

crm_status crm_next_add(struct crm_db *db, int64_t client_id, const char *text, int64_t due,
			int64_t assignee_id, int64_t *id)
{
	crm_status st;
	int64_t new_id = 0;

	*id = 0;
	crmi_clear_error(db);
	st = crm_check_line(db, "text", text);
	if (st == CRM_OK && !due) {
		st = crmi_fail(db, CRM_EINVAL, "a next action needs a due date");
	}
	if (st == CRM_OK) {
		due = crm_day_start(due);
		st = check_due(db, due);
	}
	if (st != CRM_OK) {
		return st;
	}
	st = crmi_atomic_begin(db);
	if (st != CRM_OK) {
		return st;
	}
	st = crmi_atomic_end(db, insert(db, client_id, text, due, assignee_id, &new_id));
	if (st == CRM_OK) {
		*id = new_id;
	}
	return st;
}

/* Reads an action that must still be open: its client and due date. */
/* the note is an interaction by the actor, in this same transaction */
static crm_status add_note(struct crm_db *db, int64_t client_id, int64_t due, cJSON *data,
			   void *note)
{
	struct crm_note_input in = { .kind = "note", .text = note };
	struct crm_note_result res = { 0 };
	crm_status s = note ? crm_note_add(db, client_id, &in, &res) : CRM_OK;

	if (res.id) {
		crmi_json_int(data, "interaction_id", res.id);
	} else {
		cJSON_AddNullToObject(data, "interaction_id");
	}
	return s;
}

/* Closes an open action as done now, without a journal entry (the caller's). */
crm_status crmi_next_close(struct crm_db *db, int64_t id)
{
	sqlite3_stmt *st = crmi_prepare(db, sql_next_done);

	if (!st) {
		return db->errcode;
	}
	sqlite3_bind_int64(st, 1, id);
	crmi_bind_text(st, 2, "done");
	sqlite3_bind_int64(st, 4, crm_db_now(db));
	return crmi_step_done(db, st, "cannot close the next action");
}

/*
 * The client's open actions of from_id (0: nobody) or of nobody go to
 * to_id; their ids are added to ids (a JSON array).
 */
crm_status crmi_next_reassign(struct crm_db *db, int64_t client_id, int64_t from_id,
			      int64_t to_id, cJSON *ids)
{
	sqlite3_stmt *st = crmi_prepare(db, sql_next_reassign);
	int rc;

	if (!st) {
		return db->errcode;
	}
	sqlite3_bind_int64(st, 1, client_id);
	if (from_id) {
		sqlite3_bind_int64(st, 2, from_id);
	}
	sqlite3_bind_int64(st, 3, to_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char num[32];

		snprintf(num, sizeof(num), "%lld", (long long)sqlite3_column_int64(st, 0));
		cJSON_AddItemToArray(ids, cJSON_CreateRaw(num));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		return crmi_sqlfail(db, rc, "cannot reassign the next actions");
	}
	return CRM_OK;
}

static crm_status mark_done(struct crm_db *db, int64_t id, const char *note)
{
	const struct crmi_item_change c = {
		.sql = sql_next_done, .status = "done", .t = crm_db_now(db), .action = "next.done",
		.then = add_note, .arg = (void *)note,
	};

	return crmi_item_change(db, &next_table, id, &c);
}

crm_status crm_next_done(struct crm_db *db, int64_t id, const char *note)
{
	crm_status st;

	crmi_clear_error(db);
	if (note) {
		st = crm_check_text(db, "note", note);
		if (st != CRM_OK) {
			return st;
		}
	}
	st = crmi_atomic_begin(db);
	if (st != CRM_OK) {
		return st;
	}
	return crmi_atomic_end(db, mark_done(db, id, note));
}

static crm_status add_dues(struct crm_db *db, int64_t client_id, int64_t old, cJSON *data,
			   void *due)
{
	json_date(data, "old_due", old);
	json_date(data, "due", *(const int64_t *)due);
	return CRM_OK;
}

static crm_status move(struct crm_db *db, int64_t id, int64_t due)
{
	const struct crmi_item_change c = {
		.sql = sql_next_move, .t = due, .action = "next.move", .then = add_dues, .arg = &due,
	};

	return crmi_item_change(db, &next_table, id, &c);
}

crm_status crm_next_move(struct crm_db *db, int64_t id, int64_t due)
{
	crm_status st;

	due = crm_day_start(due);
	crmi_clear_error(db);
	st = check_due(db, due);
	if (st != CRM_OK) {
		return st;
	}
	st = crmi_atomic_begin(db);
	if (st != CRM_OK) {
		return st;
	}
	return crmi_atomic_end(db, move(db, id, due));
}

/* The statement for f; *bound gets the upper bound of due, 0 for none. */
static const char *pick_sql(struct crm_db *db, const struct crm_next_filter *f, int64_t *bound)
{
	bool open = !f->all || f->overdue;  /* a done action is never overdue */

	*bound = f->due_before;
	if (f->overdue) {
		int64_t today = crm_db_today(db);

		if (!*bound || today < *bound) {
			*bound = today;
		}
	}
	if (f->id) {
		return sql_next_by_id;
	}
	if (f->client_id) {
		return open ? sql_next_by_client_open : sql_next_by_client_all;
	}
	if (f->assignee_id) {
		return open ? sql_next_by_assignee_open : sql_next_by_assignee_all;
	}
	if (open) {
		return *bound ? sql_next_open_before : sql_next_open;
	}
	return sql_next_all;
}

crm_status crm_next_query(struct crm_db *db, const struct crm_next_filter *f,
			  struct crm_next_iter **out)
{
	static const struct crm_next_filter none = { 0 };
	struct crm_next_iter *it;
	const char *sql;
	int64_t bound;
	int rc;

	*out = NULL;
	if (!f) {
		f = &none;
	}
	sql = pick_sql(db, f, &bound);
	it = calloc(1, sizeof(*it));
	if (!it) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	it->db = db;
	it->sql = sql;
	rc = crmi_stmt_take(db, it->sql, &it->st);
	if (rc != SQLITE_OK) {
		free(it);
		return crmi_sqlfail(db, rc, "cannot read next actions");
	}
	if (f->id || f->client_id) {
		sqlite3_bind_int64(it->st, 1, f->id ? f->id : f->client_id);
	}
	if (!f->id && bound) {
		sqlite3_bind_int64(it->st, 2, bound);
	}
	if (!f->id && f->assignee_id) {
		sqlite3_bind_int64(it->st, 3, f->assignee_id);
	}
	*out = it;
	return CRM_OK;
}

crm_status crm_next_iter_next(struct crm_next_iter *it, const struct crm_next_action **row)
{
	sqlite3_stmt *st = it->st;
	crm_status rc;

	*row = NULL;
	rc = crmi_iter_step(it->db, st, &it->done, "cannot read next actions");
	if (rc != CRM_OK) {
		return rc;
	}
	it->row = (struct crm_next_action){
		.id = sqlite3_column_int64(st, 0),
		.client_id = sqlite3_column_int64(st, 1),
		.client = (const char *)sqlite3_column_text(st, 2),
		.text = (const char *)sqlite3_column_text(st, 3),
		.due = sqlite3_column_int64(st, 4),
		.assignee_id = sqlite3_column_int64(st, 5),
		.assignee = (const char *)sqlite3_column_text(st, 6),
		.status = (const char *)sqlite3_column_text(st, 7),
		.author = (const char *)sqlite3_column_text(st, 8),
		.created = sqlite3_column_int64(st, 9),
		.done = sqlite3_column_int64(st, 10),
	};
	*row = &it->row;
	return CRM_OK;
}

void crm_next_iter_destroy(struct crm_next_iter *it)
{
	if (!it) {
		return;
	}
	crmi_stmt_give(it->db, it->sql, it->st);
	free(it);
}
