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
	"INSERT INTO next_action(id, client_id, kind, text, due, assignee_id, status, author,"
	" created, done, timed) VALUES (?1, ?2, coalesce(?3, 'task'), ?4, ?5, ?11, ?6, ?8, ?9,"
	" ?10, ?12)";
static const char sql_next_get[] =
	"SELECT client_id, status, due FROM next_action WHERE id = ?1";
static const char sql_next_due[] =
	"SELECT status, due, timed FROM next_action WHERE id = ?1";
static const char sql_move_insert[] =
	"INSERT INTO next_move(action_id, at, from_due, from_timed, to_due, to_timed, by, reason,"
	" actor, actor_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
static const char sql_moves[] =
	"SELECT id, action_id, at, from_due, from_timed, to_due, to_timed, by, reason, actor,"
	" actor_id FROM next_move WHERE action_id = ?1 ORDER BY at, id";
static const char sql_next_exists[] = "SELECT 1 FROM next_action WHERE id = ?1";
static const char sql_next_done[] =
	"UPDATE next_action SET status = ?2, done = ?4 WHERE id = ?1 AND status = 'open'";
/* ?3 the new timed (0, 1), as text: the parameters of crmi_item_change */
static const char sql_next_move[] =
	"UPDATE next_action SET due = ?4, timed = CAST(?3 AS INTEGER)"
	" WHERE id = ?1 AND status = 'open'";
static const char sql_next_reassign[] =
	"UPDATE next_action SET assignee_id = ?3 WHERE client_id = ?1 AND status = 'open'"
	" AND (assignee_id IS NOT DISTINCT FROM ?2 OR assignee_id IS NULL) RETURNING id";

static const struct crmi_item_table next_table = {
	"next action", "next", sql_next_get, sql_next_insert,
};

#define NEXT_SELECT                                                                     \
	"SELECT n.id, n.client_id, c.name, n.text, n.due, n.assignee_id, m.name,"       \
	" n.status, n.author, n.created, n.done, n.timed, n.kind"                       \
	" FROM next_action n JOIN client c ON c.id = n.client_id"                       \
	" LEFT JOIN manager m ON m.id = n.assignee_id"
#define NEXT_ORDER " ORDER BY n.due, n.id"
#define DUE_BEFORE "((n.timed = 0 AND n.due < ?2) OR (n.timed = 1 AND n.due < ?4))"
#define NEXT_BOUND " AND (?2 IS NULL OR " DUE_BEFORE ")"

/*
 * One statement per access path, so that each uses its index
 * (next_client, next_assignee, next_due): ?1 the action or the client id,
 * ?2 the upper bound of a dated due and ?4 of a timed one (NULL: none),
 * ?3 the assignee (NULL: any).
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
	NEXT_SELECT " WHERE n.status = 'open' AND n.due < max(?2, ?4) AND " DUE_BEFORE NEXT_ORDER;
static const char sql_next_all[] = NEXT_SELECT " WHERE 1 = 1" NEXT_BOUND NEXT_ORDER;

struct crm_next_iter {
	struct crm_db *db;
	crmi_stmt *st;
	const char *sql;      /* the text of st, to give it back */
	bool done;  /* stepping after CRMI_DONE would restart the query */
	struct crm_next_action row;
};

const char *const crm_next_kinds[] = { "call", "meeting", "letter", "task", NULL };

bool crm_next_overdue(int64_t due, bool timed, int64_t now)
{
	return timed ? now >= due : due < crm_local_today(now);
}

/* A date as YYYY-MM-DD, a moment as UTC YYYY-MM-DDTHH:MM:SSZ. */
static char *when_format(int64_t t, bool timed, char *buf, size_t n)
{
	return timed ? crm_time_format(t, buf, n) : crm_date_format(t, buf, n);
}

static void json_when(cJSON *obj, const char *key, int64_t t, bool timed)
{
	char buf[32];

	cJSON_AddStringToObject(obj, key, when_format(t, timed, buf, sizeof(buf)));
}

/*
 * A next action is due today or later, or at a moment from now on. A time
 * is named as the user typed it: in the team's zone.
 */
static crm_status check_due(struct crm_db *db, int64_t due, bool timed)
{
	char d[32], today[32];
	int64_t start = timed ? crm_db_now(db) : crm_db_today(db);

	if (due < start && timed) {
		return crmi_fail(db, CRM_EINVAL, "due time %s is before now (%s)",
				 crm_local_format(due, d, sizeof(d)),
				 crm_local_format(start, today, sizeof(today)));
	}
	if (due < start) {
		return crmi_fail(db, CRM_EINVAL, "due date %s is before today (%s)",
				 crm_date_format(due, d, sizeof(d)),
				 crm_date_format(start, today, sizeof(today)));
	}
	return CRM_OK;
}

static crm_status check_kind(struct crm_db *db, const char *kind)
{
	if (!kind) {
		return CRM_OK;
	}
	for (size_t i = 0; crm_next_kinds[i]; i++) {
		if (strcmp(kind, crm_next_kinds[i]) == 0) {
			return CRM_OK;
		}
	}
	return crmi_fail(db, CRM_EINVAL, "unknown kind of next action '%s' (call, meeting, "
			 "letter, task)", kind);
}

/* The client's owner into *owner (0 when none); ENOTFOUND without the client. */
static crm_status client_owner(struct crm_db *db, int64_t client_id, int64_t *owner)
{
	crmi_stmt *st = crmi_prepare(db, sql_client_owner);
	int rc;

	*owner = 0;
	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, client_id);
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		*owner = crmi_col_int64(st, 0);
	}
	crmi_reset(st);
	if (rc == CRMI_DONE) {
		return crmi_fail(db, CRM_ENOTFOUND, "no client with id %lld", (long long)client_id);
	}
	if (rc != CRMI_ROW) {
		return crmi_sqlfail(db, rc, "cannot read the client");
	}
	return CRM_OK;
}

static crm_status check_manager(struct crm_db *db, int64_t id)
{
	crmi_stmt *st = crmi_prepare(db, sql_manager_exists);
	int rc;

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, id);
	rc = crmi_step(st);
	crmi_reset(st);
	if (rc == CRMI_DONE) {
		return crmi_fail(db, CRM_ENOTFOUND, "no manager with id %lld", (long long)id);
	}
	if (rc != CRMI_ROW) {
		return crmi_sqlfail(db, rc, "cannot read the manager");
	}
	return CRM_OK;
}

/* The one INSERT INTO next_action: next add and the import. */
crm_status crmi_next_insert(struct crm_db *db, const struct crmi_item_row *r, int64_t *id)
{
	return crmi_item_insert(db, &next_table, r, id);
}

static crm_status insert(struct crm_db *db, const struct crm_next_input *in, int64_t *id)
{
	int64_t client_id = in->client_id, assignee_id = in->assignee_id, owner = 0;
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
	s = crmi_next_insert(db, &(struct crmi_item_row){ .client_id = client_id,
			     .kind = in->kind, .text = in->text, .due = in->due, .timed = in->timed,
			     .assignee_id = assignee_id, .author = crm_db_actor(db),
			     .created = crm_db_now(db) }, id);
	if (s != CRM_OK) {
		return s;
	}
	data = cJSON_CreateObject();
	if (!data) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	crmi_json_int(data, "client_id", client_id);
	crmi_json_str(data, "text", in->text);
	crmi_json_str(data, "kind", in->kind ? in->kind : "task");
	json_when(data, "due", in->due, in->timed);
	if (assignee_id) {
		crmi_json_int(data, "assignee_id", assignee_id);
	} else {
		cJSON_AddNullToObject(data, "assignee_id");
	}
	return crmi_journal(db, "next.add", "next", *id, data);
}

crm_status crm_next_new(struct crm_db *db, const struct crm_next_input *in, int64_t *id)
{
	struct crm_next_input n = *in;
	crm_status st;
	int64_t new_id = 0;

	*id = 0;
	crmi_clear_error(db);
	st = crm_check_line(db, "text", n.text);
	if (st == CRM_OK) {
		st = check_kind(db, n.kind);
	}
	if (st == CRM_OK && !n.due) {
		st = crmi_fail(db, CRM_EINVAL, "a next action needs a due date");
	}
	if (st == CRM_OK) {
		if (!n.timed) {
			n.due = crm_day_start(n.due);
		}
		st = check_due(db, n.due, n.timed);
	}
	if (st != CRM_OK) {
		return st;
	}
	st = crmi_atomic_begin(db);
	if (st != CRM_OK) {
		return st;
	}
	st = crmi_atomic_end(db, insert(db, &n, &new_id));
	if (st == CRM_OK) {
		*id = new_id;
	}
	return st;
}

crm_status crm_next_add(struct crm_db *db, int64_t client_id, const char *text, int64_t due,
			int64_t assignee_id, int64_t *id)
{
	const struct crm_next_input in = {
		.client_id = client_id, .text = text, .due = due, .assignee_id = assignee_id,
	};

	return crm_next_new(db, &in, id);
}

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
	crmi_stmt *st = crmi_prepare(db, sql_next_done);

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, id);
	crmi_bind_text(st, 2, "done");
	crmi_bind_int64(st, 4, crm_db_now(db));
	return crmi_step_done(db, st, "cannot close the next action");
}

/*
 * The client's open actions of from_id (0: nobody) or of nobody go to
 * to_id; their ids are added to ids (a JSON array).
 */
crm_status crmi_next_reassign(struct crm_db *db, int64_t client_id, int64_t from_id,
			      int64_t to_id, cJSON *ids)
{
	crmi_stmt *st = crmi_prepare(db, sql_next_reassign);
	int rc;

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, client_id);
	if (from_id) {
		crmi_bind_int64(st, 2, from_id);
	}
	crmi_bind_int64(st, 3, to_id);
	while ((rc = crmi_step(st)) == CRMI_ROW) {
		char num[32];

		snprintf(num, sizeof(num), "%lld", (long long)crmi_col_int64(st, 0));
		cJSON_AddItemToArray(ids, cJSON_CreateRaw(num));
	}
	crmi_reset(st);
	if (rc != CRMI_DONE) {
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

struct move_args {
	const struct crm_next_move_input *in;
	int64_t id;
	bool from_timed;
};

/* Keeps the move as a next_move row and names it in the journal data. */
static crm_status keep_move(struct crm_db *db, int64_t client_id, int64_t old, cJSON *data,
			    void *arg)
{
	const struct move_args *a = arg;
	const char *by = a->in->by ? a->in->by : "manager";
	crmi_stmt *st = crmi_prepare(db, sql_move_insert);
	int64_t self = crm_manager_self(db);

	(void)client_id;
	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, a->id);
	crmi_bind_int64(st, 2, crm_db_now(db));
	crmi_bind_int64(st, 3, old);
	crmi_bind_int(st, 4, a->from_timed);
	crmi_bind_int64(st, 5, a->in->due);
	crmi_bind_int(st, 6, a->in->timed);
	crmi_bind_text(st, 7, by);
	crmi_bind_text(st, 8, a->in->reason);
	crmi_bind_text(st, 9, crm_db_actor(db));
	if (self) {
		crmi_bind_int64(st, 10, self);
	} else {
		crmi_bind_null(st, 10);
	}
	if (crmi_step_insert(db, st, "cannot keep the move") != CRM_OK) {
		return db->errcode;
	}
	json_when(data, "old_due", old, a->from_timed);
	json_when(data, "due", a->in->due, a->in->timed);
	crmi_json_str(data, "by", by);
	crmi_json_str(data, "reason", a->in->reason);
	return CRM_OK;
}

/* The action's status, due and timed; ENOTFOUND without it. */
static crm_status read_due(struct crm_db *db, int64_t id, char *status, size_t n, int64_t *due,
			   bool *timed)
{
	crmi_stmt *st = crmi_prepare(db, sql_next_due);
	int rc;

	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, id);
	rc = crmi_step(st);
	if (rc == CRMI_ROW) {
		snprintf(status, n, "%s", crmi_col_text(st, 0));
		*due = crmi_col_int64(st, 1);
		*timed = crmi_col_int(st, 2) != 0;
	}
	crmi_reset(st);
	if (rc == CRMI_DONE) {
		return crmi_fail(db, CRM_ENOTFOUND, "no next action with id %lld", (long long)id);
	}
	if (rc != CRMI_ROW) {
		return crmi_sqlfail(db, rc, "cannot read the next action");
	}
	return CRM_OK;
}

static crm_status move(struct crm_db *db, int64_t id, const struct crm_next_move_input *in)
{
	struct move_args a = { .in = in, .id = id };
	const struct crmi_item_change c = {
		.sql = sql_next_move, .t = in->due, .reason = in->timed ? "1" : "0",
		.action = "next.move", .then = keep_move, .arg = &a,
	};
	char status[16] = "", d[32];
	int64_t old = 0;
	crm_status s = read_due(db, id, status, sizeof(status), &old, &a.from_timed);

	if (s != CRM_OK) {
		return s;
	}
	if (strcmp(status, "open") == 0 && old == in->due && a.from_timed == in->timed) {
		return crmi_fail(db, CRM_ECONFLICT, "next action %lld is already due %s: nothing "
				 "to move", (long long)id, when_format(old, in->timed, d, sizeof(d)));
	}
	return crmi_item_change(db, &next_table, id, &c);
}

crm_status crm_next_move(struct crm_db *db, int64_t id, const struct crm_next_move_input *in)
{
	struct crm_next_move_input m = *in;
	crm_status st;

	crmi_clear_error(db);
	if (!m.timed) {
		m.due = crm_day_start(m.due);
	}
	if (!m.reason) {
		return crmi_fail(db, CRM_EINVAL, "a move needs a reason");
	}
	st = crm_check_line(db, "reason", m.reason);
	if (st == CRM_OK && m.by && strcmp(m.by, "client") != 0 && strcmp(m.by, "manager") != 0) {
		st = crmi_fail(db, CRM_EINVAL, "unknown mover '%s' (client, manager)", m.by);
	}
	if (st == CRM_OK) {
		st = check_due(db, m.due, m.timed);
	}
	if (st != CRM_OK) {
		return st;
	}
	st = crmi_atomic_begin(db);
	if (st != CRM_OK) {
		return st;
	}
	return crmi_atomic_end(db, move(db, id, &m));
}

/*
 * An upper bound of due: dated actions due before the date, timed ones
 * before the moment.
 */
struct bound {
	int64_t date, moment;
};

static void bound_min(struct bound *b, int64_t date, int64_t moment)
{
	if (!b->date || date < b->date) {
		b->date = date;
	}
	if (!b->moment || moment < b->moment) {
		b->moment = moment;
	}
}

/*
 * The statement for f; *b gets the bounds of due, 0 for none. Before a
 * date: a dated action of an earlier day, a timed one before the date
 * starts in the team's zone. Before a moment: a timed action before it,
 * a dated one whose day was over (the day of the moment in the zone).
 * Overdue now: a dated action before today, a timed one at now or before.
 */
static const char *pick_sql(struct crm_db *db, const struct crm_next_filter *f, struct bound *b)
{
	bool open = !f->all || f->overdue;  /* a done action is never overdue */

	*b = (struct bound){ 0 };
	if (f->due_before && f->due_before_timed) {
		bound_min(b, crm_local_today(f->due_before), f->due_before);
	} else if (f->due_before) {
		bound_min(b, f->due_before, crm_day_end(f->due_before - 86400));
	}
	if (f->overdue) {
		int64_t now = crm_db_now(db);

		bound_min(b, crm_local_today(now), now + 1);
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
		return b->date ? sql_next_open_before : sql_next_open;
	}
	return sql_next_all;
}

crm_status crm_next_query(struct crm_db *db, const struct crm_next_filter *f,
			  struct crm_next_iter **out)
{
	static const struct crm_next_filter none = { 0 };
	struct crm_next_iter *it;
	const char *sql;
	struct bound b;
	int rc;

	*out = NULL;
	if (!f) {
		f = &none;
	}
	sql = pick_sql(db, f, &b);
	it = calloc(1, sizeof(*it));
	if (!it) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	it->db = db;
	it->sql = sql;
	rc = crmi_stmt_take(db, it->sql, &it->st);
	if (rc != CRMI_OK) {
		free(it);
		return crmi_sqlfail(db, rc, "cannot read next actions");
	}
	if (f->id || f->client_id) {
		crmi_bind_int64(it->st, 1, f->id ? f->id : f->client_id);
	}
	if (!f->id && b.date) {
		crmi_bind_int64(it->st, 2, b.date);
		crmi_bind_int64(it->st, 4, b.moment);
	}
	if (!f->id && f->assignee_id) {
		crmi_bind_int64(it->st, 3, f->assignee_id);
	}
	*out = it;
	return CRM_OK;
}

crm_status crm_next_iter_next(struct crm_next_iter *it, const struct crm_next_action **row)
{
	crmi_stmt *st = it->st;
	crm_status rc;

	*row = NULL;
	rc = crmi_iter_step(it->db, st, &it->done, "cannot read next actions");
	if (rc != CRM_OK) {
		return rc;
	}
	it->row = (struct crm_next_action){
		.id = crmi_col_int64(st, 0),
		.client_id = crmi_col_int64(st, 1),
		.client = crmi_col_text(st, 2),
		.text = crmi_col_text(st, 3),
		.due = crmi_col_int64(st, 4),
		.assignee_id = crmi_col_int64(st, 5),
		.assignee = crmi_col_text(st, 6),
		.status = crmi_col_text(st, 7),
		.author = crmi_col_text(st, 8),
		.created = crmi_col_int64(st, 9),
		.done = crmi_col_int64(st, 10),
		.timed = crmi_col_int(st, 11) != 0,
		.kind = crmi_col_text(st, 12),
	};
	it->row.overdue = strcmp(it->row.status, "open") == 0 &&
			  crm_next_overdue(it->row.due, it->row.timed, crm_db_now(it->db));
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

/* ---- the moves of an action ---- */

struct crm_next_move_iter {
	struct crm_db *db;
	crmi_stmt *st;
	bool done;
	struct crm_next_move row;
};

crm_status crm_next_moves(struct crm_db *db, int64_t action_id, struct crm_next_move_iter **out)
{
	crmi_stmt *st = crmi_prepare(db, sql_next_exists);
	struct crm_next_move_iter *it;
	int rc;

	*out = NULL;
	crmi_clear_error(db);
	if (!st) {
		return db->errcode;
	}
	crmi_bind_int64(st, 1, action_id);
	rc = crmi_step(st);
	crmi_reset(st);
	if (rc == CRMI_DONE) {
		return crmi_fail(db, CRM_ENOTFOUND, "no next action with id %lld",
				 (long long)action_id);
	}
	if (rc != CRMI_ROW) {
		return crmi_sqlfail(db, rc, "cannot read the next action");
	}
	it = calloc(1, sizeof(*it));
	if (!it) {
		return crmi_fail(db, CRM_ENOMEM, "out of memory");
	}
	it->db = db;
	rc = crmi_stmt_take(db, sql_moves, &it->st);
	if (rc != CRMI_OK) {
		free(it);
		return crmi_sqlfail(db, rc, "cannot read the moves");
	}
	crmi_bind_int64(it->st, 1, action_id);
	*out = it;
	return CRM_OK;
}

crm_status crm_next_move_iter_next(struct crm_next_move_iter *it, const struct crm_next_move **row)
{
	crmi_stmt *st = it->st;
	crm_status rc;

	*row = NULL;
	rc = crmi_iter_step(it->db, st, &it->done, "cannot read the moves");
	if (rc != CRM_OK) {
		return rc;
	}
	it->row = (struct crm_next_move){
		.id = crmi_col_int64(st, 0),
		.action_id = crmi_col_int64(st, 1),
		.at = crmi_col_int64(st, 2),
		.from_due = crmi_col_int64(st, 3),
		.from_timed = crmi_col_int(st, 4) != 0,
		.to_due = crmi_col_int64(st, 5),
		.to_timed = crmi_col_int(st, 6) != 0,
		.by = crmi_col_text(st, 7),
		.reason = crmi_col_text(st, 8),
		.actor = crmi_col_text(st, 9),
		.actor_id = crmi_col_int64(st, 10),
	};
	*row = &it->row;
	return CRM_OK;
}

void crm_next_move_iter_destroy(struct crm_next_move_iter *it)
{
	if (!it) {
		return;
	}
	crmi_stmt_give(it->db, sql_moves, it->st);
	free(it);
}
