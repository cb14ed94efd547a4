/*
 * test-next.c: next actions: the default assignee (the client's owner),
 * the due date rules, done with a note that becomes exactly one
 * interaction, moves that keep their history in the journal, and what is
 * overdue around midnight.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "crm-private.h"
#include "fixture.h"

#define DAY INT64_C(86400)
#define TODAY INT64_C(1795305600)       /* 2026-11-22T00:00:00Z */
#define NOW (TODAY + 10 * 3600)         /* 2026-11-22T10:00:00Z */

static int setup(void **state)
{
	return fixture_open(state, NOW, "Anna Petrova");
}

/*
 * Managers 1 Anna Petrova and 2 Boris Orlov; clients 1 Рога и копыта
 * (owner Anna), 2 Acme (owner Boris), 3 Orphan (no owner).
 */
static void sheet(struct crm_db *db)
{
	sql_exec(db, "INSERT INTO manager(id, uuid, name, name_fold, capacity, created)"
		     " VALUES (1, 'm1', 'Anna Petrova', 'anna petrova', 50, 0),"
		     "        (2, 'm2', 'Boris Orlov', 'boris orlov', 50, 0)");
	sql_exec(db, "INSERT INTO client(id, uuid, name, name_fold, stage_since, created, updated,"
		     " owner_id)"
		     " VALUES (1, 'u1', 'Рога и копыта', 'рога и копыта', 0, 0, 100, 1),"
		     "        (2, 'u2', 'Acme', 'acme', 0, 0, 100, 2),"
		     "        (3, 'u3', 'Orphan', 'orphan', 0, 0, 100, NULL)");
}

static void check_last_journal(struct crm_db *db, const char *action, int64_t entity_id,
			       const char *data)
{
	sqlite3_stmt *st = NULL;

	assert_int_equal(sqlite3_prepare_v2(db->sql,
					    "SELECT at, actor, action, entity, entity_id, data"
					    " FROM journal ORDER BY id DESC LIMIT 1",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(st, 0), crm_db_now(db));
	assert_string_equal((const char *)sqlite3_column_text(st, 1), "Anna Petrova");
	assert_string_equal((const char *)sqlite3_column_text(st, 2), action);
	assert_string_equal((const char *)sqlite3_column_text(st, 3), "next");
	assert_int_equal(sqlite3_column_int64(st, 4), entity_id);
	assert_string_equal((const char *)sqlite3_column_text(st, 5), data);
	sqlite3_finalize(st);
}

static void check_ids(struct crm_db *db, const struct crm_next_filter *f, const char *want)
{
	struct crm_next_iter *it = NULL;
	const struct crm_next_action *n;
	char got[256] = "";
	size_t len = 0;
	crm_status st;

	assert_int_equal(crm_next_query(db, f, &it), CRM_OK);
	while ((st = crm_next_iter_next(it, &n)) == CRM_OK) {
		len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%lld", len ? "," : "",
					(long long)n->id);
	}
	assert_int_equal(st, CRM_DONE);
	assert_int_equal(crm_next_iter_next(it, &n), CRM_DONE);
	crm_next_iter_destroy(it);
	assert_string_equal(got, want);
}

/* The one action with this id; the caller destroys *it. */
static const struct crm_next_action *get(struct crm_db *db, int64_t id, struct crm_next_iter **it)
{
	struct crm_next_filter f = { .id = id };
	const struct crm_next_action *n = NULL;

	assert_int_equal(crm_next_query(db, &f, it), CRM_OK);
	assert_int_equal(crm_next_iter_next(*it, &n), CRM_OK);
	return n;
}

static crm_status mv(struct crm_db *db, int64_t id, int64_t due, bool timed, const char *by,
		     const char *reason)
{
	const struct crm_next_move_input in = { .due = due, .timed = timed, .by = by,
						.reason = reason };

	return crm_next_move(db, id, &in);
}

static void test_add_default_owner(void **state)
{
	struct crm_db *db = *state;
	struct crm_next_iter *it = NULL;
	const struct crm_next_action *n;
	int64_t id = 0;

	sheet(db);
	assert_int_equal(crm_next_add(db, 2, "позвонить о продлении", TODAY + 3 * DAY, 0, &id),
			 CRM_OK);
	assert_int_equal(id, 1);
	check_last_journal(db, "next.add", 1,
			   "{\"client_id\":2,\"text\":\"позвонить о продлении\","
			   "\"kind\":\"task\",\"due\":\"2026-11-25\",\"assignee_id\":2}");
	assert_int_equal(sql_int(db, "SELECT updated FROM client WHERE id = 2"), NOW);
	assert_int_equal(sql_int(db, "SELECT updated FROM client WHERE id = 1"), 100);
	n = get(db, id, &it);
	assert_int_equal(n->id, 1);
	assert_int_equal(n->client_id, 2);
	assert_string_equal(n->client, "Acme");
	assert_string_equal(n->text, "позвонить о продлении");
	assert_int_equal(n->due, TODAY + 3 * DAY);
	assert_int_equal(n->assignee_id, 2);
	assert_string_equal(n->assignee, "Boris Orlov");
	assert_string_equal(n->status, "open");
	assert_string_equal(n->author, "Anna Petrova");
	assert_int_equal(n->created, NOW);
	assert_int_equal(n->done, 0);
	crm_next_iter_destroy(it);
}

static void test_add_assignee(void **state)
{
	struct crm_db *db = *state;
	struct crm_next_iter *it = NULL;
	const struct crm_next_action *n;
	int64_t id = 0;

	sheet(db);
	/* an explicit assignee wins over the owner */
	assert_int_equal(crm_next_add(db, 2, "visit", TODAY, 1, &id), CRM_OK);
	n = get(db, id, &it);
	assert_int_equal(n->assignee_id, 1);
	assert_string_equal(n->assignee, "Anna Petrova");
	crm_next_iter_destroy(it);
	/* no owner, no assignee: allowed, nobody */
	assert_int_equal(crm_next_add(db, 3, "find an owner", TODAY, 0, &id), CRM_OK);
	check_last_journal(db, "next.add", id,
			   "{\"client_id\":3,\"text\":\"find an owner\",\"kind\":\"task\",\"due\":\"2026-11-22\","
			   "\"assignee_id\":null}");
	n = get(db, id, &it);
	assert_int_equal(n->assignee_id, 0);
	assert_null(n->assignee);
	crm_next_iter_destroy(it);
	/* a due time is kept as its day */
	assert_int_equal(crm_next_add(db, 1, "x", TODAY + DAY + 3600, 0, &id), CRM_OK);
	n = get(db, id, &it);
	assert_int_equal(n->due, TODAY + DAY);
	assert_int_equal(n->assignee_id, 1);
	crm_next_iter_destroy(it);
}

static void test_add_refusals(void **state)
{
	struct crm_db *db = *state;
	int64_t id = 9;

	sheet(db);
	assert_int_equal(crm_next_add(db, 1, "x", 0, 0, &id), CRM_EINVAL);
	assert_int_equal(id, 0);
	assert_string_equal(crm_db_errmsg(db), "a next action needs a due date");
	assert_int_equal(crm_next_add(db, 1, "x", TODAY - 1, 0, &id), CRM_EINVAL);
	assert_string_equal(crm_db_errmsg(db), "due date 2026-11-21 is before today (2026-11-22)");
	assert_int_equal(crm_next_add(db, 1, "", TODAY, 0, &id), CRM_EINVAL);
	assert_string_equal(crm_db_errmsg(db), "empty text");
	assert_int_equal(crm_next_add(db, 1, "\xff", TODAY, 0, &id), CRM_EINVAL);
	assert_int_equal(crm_next_add(db, 9, "x", TODAY, 0, &id), CRM_ENOTFOUND);
	assert_string_equal(crm_db_errmsg(db), "no client with id 9");
	assert_int_equal(crm_next_add(db, 1, "x", TODAY, 7, &id), CRM_ENOTFOUND);
	assert_string_equal(crm_db_errmsg(db), "no manager with id 7");
	assert_int_equal(id, 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM next_action"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal"), 0);
	assert_int_equal(sql_int(db, "SELECT max(updated) FROM client"), 100);
}

static void test_done(void **state)
{
	struct crm_db *db = *state;
	struct crm_next_iter *it = NULL;
	const struct crm_next_action *n;
	int64_t id = 0, before;

	sheet(db);
	assert_int_equal(crm_next_add(db, 1, "send the offer", TODAY, 0, &id), CRM_OK);
	sql_exec(db, "UPDATE client SET updated = 100");
	crm_db_set_now(db, NOW + 600);
	assert_int_equal(crm_next_done(db, id, NULL), CRM_OK);
	check_last_journal(db, "next.done", id, "{\"client_id\":1,\"interaction_id\":null}");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM interaction"), 0);
	assert_int_equal(sql_int(db, "SELECT updated FROM client WHERE id = 1"), NOW + 600);
	n = get(db, id, &it);
	assert_string_equal(n->status, "done");
	assert_int_equal(n->done, NOW + 600);
	crm_next_iter_destroy(it);

	before = sql_int(db, "SELECT count(*) FROM journal");
	assert_int_equal(crm_next_done(db, id, NULL), CRM_ECONFLICT);
	assert_string_equal(crm_db_errmsg(db), "next action 1 is already done");
	assert_int_equal(crm_next_done(db, id, "a note"), CRM_ECONFLICT);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM interaction"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal"), before);
	assert_int_equal(crm_next_done(db, 77, NULL), CRM_ENOTFOUND);
	assert_string_equal(crm_db_errmsg(db), "no next action with id 77");
}

/* The note of done becomes exactly one interaction of kind note by the actor. */
static void test_done_note(void **state)
{
	struct crm_db *db = *state;
	sqlite3_stmt *st = NULL;
	int64_t id = 0, other = 0, iid;
	char want[128];

	sheet(db);
	assert_int_equal(crm_next_add(db, 2, "call Smith", TODAY + DAY, 0, &id), CRM_OK);
	assert_int_equal(crm_next_add(db, 2, "call Jones", TODAY + DAY, 0, &other), CRM_OK);
	assert_int_equal(crm_next_done(db, id, "Smith agreed to a meeting"), CRM_OK);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM interaction"), 1);
	iid = sql_int(db, "SELECT id FROM interaction");
	assert_int_equal(sqlite3_prepare_v2(db->sql,
					    "SELECT client_id, kind, author, text, at FROM interaction",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(st, 0), 2);
	assert_string_equal((const char *)sqlite3_column_text(st, 1), "note");
	assert_string_equal((const char *)sqlite3_column_text(st, 2), "Anna Petrova");
	assert_string_equal((const char *)sqlite3_column_text(st, 3), "Smith agreed to a meeting");
	assert_int_equal(sqlite3_column_int64(st, 4), NOW);
	sqlite3_finalize(st);
	snprintf(want, sizeof(want), "{\"client_id\":2,\"interaction_id\":%lld}", (long long)iid);
	check_last_journal(db, "next.done", id, want);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM next_action WHERE status = 'open'"),
			 1);
	/* a bad note is refused before anything is written */
	assert_int_equal(crm_next_done(db, other, ""), CRM_EINVAL);
	assert_string_equal(crm_db_errmsg(db), "empty note");
	assert_int_equal(crm_next_done(db, other, "\xc3\x28"), CRM_EINVAL);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM interaction"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM next_action WHERE status = 'open'"),
			 1);
}

/* When recording the note fails, the action stays open: one transaction. */
static void test_done_atomic(void **state)
{
	struct crm_db *db = *state;
	int64_t id = 0, before;

	sheet(db);
	assert_int_equal(crm_next_add(db, 1, "x", TODAY, 0, &id), CRM_OK);
	sql_exec(db, "UPDATE client SET updated = 100");
	sql_exec(db, "CREATE TEMP TRIGGER no_interaction BEFORE INSERT ON interaction"
		     " BEGIN SELECT RAISE(ABORT, 'refused'); END");
	before = sql_int(db, "SELECT count(*) FROM journal");
	assert_int_not_equal(crm_next_done(db, id, "note"), CRM_OK);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM next_action WHERE status = 'open'"
				     " AND done IS NULL"),
			 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal"), before);
	assert_int_equal(sql_int(db, "SELECT updated FROM client WHERE id = 1"), 100);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM interaction"), 0);
}

static void test_move(void **state)
{
	struct crm_db *db = *state;
	struct crm_next_iter *it = NULL;
	const struct crm_next_action *n;
	int64_t id = 0, before;

	sheet(db);
	assert_int_equal(crm_next_add(db, 1, "demo", TODAY + DAY, 0, &id), CRM_OK);
	sql_exec(db, "UPDATE client SET updated = 100");
	assert_int_equal(mv(db, id, TODAY + 7 * DAY, false, NULL, "they are away"), CRM_OK);
	check_last_journal(db, "next.move", id,
			   "{\"client_id\":1,\"old_due\":\"2026-11-23\",\"due\":\"2026-11-29\","
			   "\"by\":\"manager\",\"reason\":\"they are away\"}");
	assert_int_equal(sql_int(db, "SELECT updated FROM client WHERE id = 1"), NOW);
	crm_db_set_now(db, NOW + DAY);
	assert_int_equal(mv(db, id, TODAY + DAY, false, "client", "back early"), CRM_OK);
	check_last_journal(db, "next.move", id,
			   "{\"client_id\":1,\"old_due\":\"2026-11-29\",\"due\":\"2026-11-23\","
			   "\"by\":\"client\",\"reason\":\"back early\"}");
	/* the history of the date stays in the journal, in order */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal WHERE action = 'next.move'"
				     " AND entity = 'next' AND entity_id = 1"),
			 2);
	n = get(db, id, &it);
	assert_int_equal(n->due, TODAY + DAY);
	crm_next_iter_destroy(it);

	before = sql_int(db, "SELECT count(*) FROM journal");
	/* today is now the 23rd: the 22nd is in the past */
	assert_int_equal(mv(db, id, TODAY, false, NULL, "r"), CRM_EINVAL);
	assert_string_equal(crm_db_errmsg(db), "due date 2026-11-22 is before today (2026-11-23)");
	assert_int_equal(mv(db, 5, TODAY + DAY, false, NULL, "r"), CRM_ENOTFOUND);
	assert_string_equal(crm_db_errmsg(db), "no next action with id 5");
	assert_int_equal(crm_next_done(db, id, NULL), CRM_OK);
	before++;
	assert_int_equal(mv(db, id, TODAY + 9 * DAY, false, NULL, "r"), CRM_ECONFLICT);
	assert_string_equal(crm_db_errmsg(db), "next action 1 is already done");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal"), before);
	assert_int_equal(sql_int(db, "SELECT due FROM next_action"), TODAY + DAY);
}

/*
 * Lists are ordered by due date (then id); open only unless all; overdue
 * means open with a due date before the start of today.
 */
static void test_query(void **state)
{
	struct crm_db *db = *state;
	struct crm_next_filter f = { 0 };
	int64_t id = 0;

	sheet(db);
	crm_db_set_now(db, TODAY - 3 * DAY);
	assert_int_equal(crm_next_add(db, 1, "1: anna, 21st", TODAY - DAY, 0, &id), CRM_OK);
	assert_int_equal(crm_next_add(db, 2, "2: boris, 25th", TODAY + 3 * DAY, 0, &id), CRM_OK);
	assert_int_equal(crm_next_add(db, 2, "3: boris, 19th", TODAY - 3 * DAY, 0, &id), CRM_OK);
	assert_int_equal(crm_next_add(db, 1, "4: boris, 22nd", TODAY, 2, &id), CRM_OK);
	assert_int_equal(crm_next_add(db, 3, "5: nobody, 20th, done", TODAY - 2 * DAY, 0, &id),
			 CRM_OK);
	assert_int_equal(crm_next_done(db, id, NULL), CRM_OK);
	assert_int_equal(crm_next_add(db, 3, "6: nobody, 21st", TODAY - DAY, 0, &id), CRM_OK);
	crm_db_set_now(db, NOW);

	check_ids(db, NULL, "3,1,6,4,2");
	check_ids(db, &f, "3,1,6,4,2");
	f.all = true;
	check_ids(db, &f, "3,5,1,6,4,2");
	f = (struct crm_next_filter){ .client_id = 1 };
	check_ids(db, &f, "1,4");
	f.assignee_id = 2;
	check_ids(db, &f, "4");
	f = (struct crm_next_filter){ .assignee_id = 2 };
	check_ids(db, &f, "3,4,2");
	f.overdue = true;
	check_ids(db, &f, "3");
	f = (struct crm_next_filter){ .client_id = 3, .all = true };
	check_ids(db, &f, "5,6");
	f.overdue = true; /* a done action is never overdue, even with all */
	check_ids(db, &f, "6");
	f = (struct crm_next_filter){ .assignee_id = 2, .all = true };
	check_ids(db, &f, "3,4,2");
	f = (struct crm_next_filter){ .due_before = TODAY };
	check_ids(db, &f, "3,1,6");
	f.all = true;
	check_ids(db, &f, "3,5,1,6");
	f = (struct crm_next_filter){ .due_before = TODAY + DAY, .overdue = true };
	check_ids(db, &f, "3,1,6");
	f = (struct crm_next_filter){ .due_before = TODAY - DAY, .overdue = true };
	check_ids(db, &f, "3");
	f = (struct crm_next_filter){ .id = 5 };
	check_ids(db, &f, "5");
	crm_next_iter_destroy(NULL);
}

static void test_overdue_midnight(void **state)
{
	struct crm_db *db = *state;
	struct crm_next_filter f = { .overdue = true };
	int64_t id = 0;

	sheet(db);
	crm_db_set_now(db, TODAY - DAY);
	assert_int_equal(crm_next_add(db, 1, "due 21st", TODAY - DAY, 0, &id), CRM_OK);
	assert_int_equal(crm_next_add(db, 1, "due 22nd", TODAY, 0, &id), CRM_OK);
	crm_db_set_now(db, TODAY - 1);
	check_ids(db, &f, "");
	crm_db_set_now(db, TODAY);
	check_ids(db, &f, "1");
	crm_db_set_now(db, TODAY + DAY - 1);
	check_ids(db, &f, "1");
	crm_db_set_now(db, TODAY + DAY);
	check_ids(db, &f, "1,2");
}

/* The team's zone for a test; back to UTC with zone("UTC"). */
static void zone(const char *name)
{
	setenv("TZ", name, 1);
	tzset();
}

static int64_t add_when(struct crm_db *db, int64_t client, const char *text, int64_t due,
			bool timed, const char *kind)
{
	const struct crm_next_input in = { .client_id = client, .text = text, .due = due,
					   .timed = timed, .kind = kind };
	int64_t id = 0;

	assert_int_equal(crm_next_new(db, &in, &id), CRM_OK);
	return id;
}

static bool overdue_flag(struct crm_db *db, int64_t id)
{
	struct crm_next_iter *it = NULL;
	bool v = get(db, id, &it)->overdue;

	crm_next_iter_destroy(it);
	return v;
}

/*
 * In Moscow (UTC+3) a timed action is overdue from its minute, a dated one
 * once its day is over there: at 21:00Z.
 */
static void test_timed_overdue_boundary(void **state)
{
	struct crm_db *db = *state;
	struct crm_next_filter f = { .overdue = true };
	const int64_t at = TODAY + 12 * 3600;   /* 2026-11-22T12:00Z, 15:00 in Moscow */
	const int64_t day_over = TODAY + 21 * 3600;
	int64_t timed, dated;

	zone("Europe/Moscow");
	sheet(db);
	timed = add_when(db, 1, "meet at 15:00", at, true, "meeting");
	dated = add_when(db, 1, "call today", TODAY, false, "call");
	assert_int_equal(timed, 1);
	assert_int_equal(dated, 2);
	crm_db_set_now(db, at - 60);
	check_ids(db, &f, "");
	assert_false(overdue_flag(db, timed));
	crm_db_set_now(db, at);
	check_ids(db, &f, "1");
	assert_true(overdue_flag(db, timed));
	crm_db_set_now(db, at + 60);
	check_ids(db, &f, "1");
	crm_db_set_now(db, day_over - 60);
	check_ids(db, &f, "1");
	assert_false(overdue_flag(db, dated));
	crm_db_set_now(db, day_over);
	check_ids(db, &f, "2,1");
	assert_true(overdue_flag(db, dated));
	crm_db_set_now(db, day_over + 60);
	check_ids(db, &f, "2,1");
	/* before a moment: the timed one strictly before it, a day over by then */
	crm_db_set_now(db, NOW);
	f = (struct crm_next_filter){ .due_before = at, .due_before_timed = true };
	check_ids(db, &f, "");
	f.due_before = at + 1;
	check_ids(db, &f, "1");
	f.due_before = day_over;
	check_ids(db, &f, "2,1");
	/* before a date: a timed one before the day starts in Moscow (21:00Z before) */
	f = (struct crm_next_filter){ .due_before = TODAY + DAY };
	check_ids(db, &f, "2,1");
	f.due_before = TODAY;
	check_ids(db, &f, "");
	assert_true(crm_next_overdue(at, true, at));
	assert_false(crm_next_overdue(at, true, at - 1));
	assert_false(crm_next_overdue(TODAY, false, day_over - 1));
	assert_true(crm_next_overdue(TODAY, false, day_over));
	zone("UTC");
}

static void test_timed_add(void **state)
{
	struct crm_db *db = *state;
	const struct crm_next_input past = { .client_id = 1, .text = "x", .due = NOW - 60,
					     .timed = true };
	const struct crm_next_input odd = { .client_id = 1, .text = "x", .due = NOW,
					    .kind = "visit" };
	struct crm_next_iter *it = NULL;
	const struct crm_next_action *n;
	int64_t id = 0;

	sheet(db);
	assert_int_equal(crm_next_new(db, &past, &id), CRM_EINVAL);
	assert_string_equal(crm_db_errmsg(db),
			    "due time 2026-11-22 09:59 is before now (2026-11-22 10:00)");
	assert_int_equal(id, 0);
	assert_int_equal(crm_next_new(db, &odd, &id), CRM_EINVAL);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM next_action"), 0);
	/* now itself is allowed, and a time is kept as it is */
	id = add_when(db, 2, "call now", NOW, true, "call");
	n = get(db, id, &it);
	assert_int_equal(n->due, NOW);
	assert_true(n->timed);
	assert_string_equal(n->kind, "call");
	crm_next_iter_destroy(it);
	check_last_journal(db, "next.add", id,
			   "{\"client_id\":2,\"text\":\"call now\",\"kind\":\"call\","
			   "\"due\":\"2026-11-22T10:00:00Z\",\"assignee_id\":2}");
	/* no kind: a task; a date is kept as its day */
	id = add_when(db, 2, "task", TODAY + DAY + 3600, false, NULL);
	n = get(db, id, &it);
	assert_int_equal(n->due, TODAY + DAY);
	assert_false(n->timed);
	assert_string_equal(n->kind, "task");
	crm_next_iter_destroy(it);
}

/* Each move is a next_move row with its reason, who asked and who moved. */
static void test_moves_kept(void **state)
{
	struct crm_db *db = *state;
	struct crm_next_move_iter *mi = NULL;
	const struct crm_next_move *m;
	int64_t id, t10 = TODAY + DAY + 7 * 3600, t11 = t10 + 3600;

	sheet(db);
	id = add_when(db, 1, "meet at their office", t10, true, "meeting");
	assert_int_equal(mv(db, id, t11, true, NULL, "no car"), CRM_OK);
	check_last_journal(db, "next.move", id,
			   "{\"client_id\":1,\"old_due\":\"2026-11-23T07:00:00Z\","
			   "\"due\":\"2026-11-23T08:00:00Z\",\"by\":\"manager\","
			   "\"reason\":\"no car\"}");
	crm_db_set_now(db, NOW + 60);
	crm_db_set_actor(db, "Someone Else");
	assert_int_equal(mv(db, id, TODAY + 3 * DAY, false, "client", "they are ill"), CRM_OK);
	assert_int_equal(crm_next_moves(db, id, &mi), CRM_OK);
	assert_int_equal(crm_next_move_iter_next(mi, &m), CRM_OK);
	assert_int_equal(m->action_id, id);
	assert_int_equal(m->at, NOW);
	assert_int_equal(m->from_due, t10);
	assert_true(m->from_timed);
	assert_int_equal(m->to_due, t11);
	assert_true(m->to_timed);
	assert_string_equal(m->by, "manager");
	assert_string_equal(m->reason, "no car");
	assert_string_equal(m->actor, "Anna Petrova");
	assert_int_equal(m->actor_id, 1);
	assert_int_equal(crm_next_move_iter_next(mi, &m), CRM_OK);
	assert_int_equal(m->at, NOW + 60);
	assert_int_equal(m->from_due, t11);
	assert_int_equal(m->to_due, TODAY + 3 * DAY);
	assert_false(m->to_timed);
	assert_string_equal(m->by, "client");
	assert_string_equal(m->actor, "Someone Else");
	assert_int_equal(m->actor_id, 0);
	assert_int_equal(crm_next_move_iter_next(mi, &m), CRM_DONE);
	assert_int_equal(crm_next_move_iter_next(mi, &m), CRM_DONE);
	crm_next_move_iter_destroy(mi);
	assert_int_equal(sql_int(db, "SELECT timed FROM next_action WHERE id = 1"), 0);
	crm_next_move_iter_destroy(NULL);
}

/* A refused move writes nothing: no row, no journal entry, the same due. */
static void test_moves_refused(void **state)
{
	struct crm_db *db = *state;
	struct crm_next_move_iter *mi = NULL;
	int64_t id, t10 = TODAY + DAY + 7 * 3600, before;

	sheet(db);
	id = add_when(db, 1, "meet", t10, true, "meeting");
	before = sql_int(db, "SELECT count(*) FROM journal");
	assert_int_equal(mv(db, id, t10 + 3600, true, NULL, NULL), CRM_EINVAL);
	assert_string_equal(crm_db_errmsg(db), "a move needs a reason");
	assert_int_equal(mv(db, id, t10 + 3600, true, NULL, ""), CRM_EINVAL);
	assert_int_equal(mv(db, id, t10 + 3600, true, NULL, "bad \xff"), CRM_EINVAL);
	assert_int_equal(mv(db, id, t10 + 3600, true, "boss", "r"), CRM_EINVAL);
	assert_string_equal(crm_db_errmsg(db), "unknown mover 'boss' (client, manager)");
	/* the same moment: nothing to move; the same day as a date is a move */
	assert_int_equal(mv(db, id, t10, true, NULL, "r"), CRM_ECONFLICT);
	assert_string_equal(crm_db_errmsg(db),
			    "next action 1 is already due 2026-11-23T07:00:00Z: nothing to move");
	/* a time before now, by a minute; now itself is allowed */
	assert_int_equal(mv(db, id, NOW - 60, true, NULL, "r"), CRM_EINVAL);
	assert_int_equal(mv(db, 9, t10 + 3600, true, NULL, "r"), CRM_ENOTFOUND);
	assert_int_equal(crm_next_moves(db, 9, &mi), CRM_ENOTFOUND);
	assert_null(mi);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal"), before);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM next_move"), 0);
	assert_int_equal(sql_int(db, "SELECT due FROM next_action WHERE id = 1"), t10);
	assert_int_equal(mv(db, id, NOW, true, NULL, "right now"), CRM_OK);
	assert_int_equal(crm_next_done(db, id, NULL), CRM_OK);
	before = sql_int(db, "SELECT count(*) FROM journal");
	assert_int_equal(mv(db, id, NOW + DAY, true, NULL, "r"), CRM_ECONFLICT);
	assert_string_equal(crm_db_errmsg(db), "next action 1 is already done");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal"), before);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM next_move"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_default_owner, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_add_assignee, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_add_refusals, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_done, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_done_note, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_done_atomic, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_move, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_query, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_overdue_midnight, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_timed_overdue_boundary, setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_timed_add, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_moves_kept, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_moves_refused, setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
