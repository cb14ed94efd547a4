/*
 * test-promise.c: promises, guarantees, discounts, doubts and risks: the
 * state machine open -> kept | broken, the refusals, what is overdue around
 * midnight, the journal and the client's updated time.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "crm-private.h"
#include "fixture.h"

#define DAY INT64_C(86400)
#define TODAY INT64_C(1795305600)       /* 2026-11-22T00:00:00Z */
#define NOW (TODAY + 10 * 3600)         /* 2026-11-22T10:00:00Z */

static int setup(void **state)
{
	return fixture_open(state, NOW, "anna");
}

/* Two clients written directly: 1 "Рога и копыта" and 2 "Acme", both last
 * updated a week ago, so that a bump of updated shows. */
static void clients(struct crm_db *db)
{
	sql_exec(db, "INSERT INTO client(id, uuid, name, name_fold, stage_since, created, updated)"
		     " VALUES (1, 'u1', 'Рога и копыта', 'рога и копыта', 0, 0, 1794700800),"
		     "        (2, 'u2', 'Acme', 'acme', 0, 0, 1794700800)");
}

/* The last journal entry: action, entity id and data. */
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
	assert_string_equal((const char *)sqlite3_column_text(st, 1), "anna");
	assert_string_equal((const char *)sqlite3_column_text(st, 2), action);
	assert_string_equal((const char *)sqlite3_column_text(st, 3), "promise");
	assert_int_equal(sqlite3_column_int64(st, 4), entity_id);
	assert_string_equal((const char *)sqlite3_column_text(st, 5), data);
	sqlite3_finalize(st);
}

static int64_t journal_count(struct crm_db *db)
{
	return sql_int(db, "SELECT count(*) FROM journal");
}

/* The ids a query returns, in order, as "1,3,4". */
static void check_ids(struct crm_db *db, const struct crm_promise_filter *f, const char *want)
{
	struct crm_promise_iter *it = NULL;
	const struct crm_promise *p;
	char got[256] = "";
	size_t len = 0;
	crm_status st;

	assert_int_equal(crm_promise_query(db, f, &it), CRM_OK);
	while ((st = crm_promise_iter_next(it, &p)) == CRM_OK) {
		len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%lld", len ? "," : "",
					(long long)p->id);
	}
	assert_int_equal(st, CRM_DONE);
	assert_int_equal(crm_promise_iter_next(it, &p), CRM_DONE);
	assert_null(p);
	crm_promise_iter_destroy(it);
	assert_string_equal(got, want);
}

static void test_add_defaults(void **state)
{
	struct crm_db *db = *state;
	struct crm_promise_filter f = { .id = 1 };
	struct crm_promise_iter *it = NULL;
	const struct crm_promise *p;
	int64_t id = 0;

	clients(db);
	assert_int_equal(crm_promise_add(db, 1, NULL, "доставка за 90 дней", 0, &id), CRM_OK);
	assert_int_equal(id, 1);
	assert_int_equal(crm_promise_query(db, &f, &it), CRM_OK);
	assert_int_equal(crm_promise_iter_next(it, &p), CRM_OK);
	assert_int_equal(p->id, 1);
	assert_int_equal(p->client_id, 1);
	assert_string_equal(p->client, "Рога и копыта");
	assert_string_equal(p->kind, "promise");
	assert_string_equal(p->text, "доставка за 90 дней");
	assert_int_equal(p->due, 0);
	assert_string_equal(p->status, "open");
	assert_null(p->why);
	assert_string_equal(p->author, "anna");
	assert_int_equal(p->created, NOW);
	assert_int_equal(p->closed, 0);
	assert_int_equal(crm_promise_iter_next(it, &p), CRM_DONE);
	crm_promise_iter_destroy(it);
	check_last_journal(db, "promise.add", 1,
			   "{\"client_id\":1,\"kind\":\"promise\",\"text\":\"доставка за 90 "
			   "дней\",\"due\":null}");
	assert_int_equal(sql_int(db, "SELECT updated FROM client WHERE id = 1"), NOW);
	assert_int_equal(sql_int(db, "SELECT updated FROM client WHERE id = 2"), 1794700800);
}

static void test_add_kinds_and_due(void **state)
{
	struct crm_db *db = *state;
	struct crm_promise_iter *it = NULL;
	struct crm_promise_filter f = { .id = 2 };
	const struct crm_promise *p;
	int64_t id = 0;

	clients(db);
	for (size_t i = 0; crm_promise_kinds[i]; i++) {
		assert_int_equal(crm_promise_add(db, 2, crm_promise_kinds[i], "x", 0, &id), CRM_OK);
		assert_int_equal(id, (int64_t)i + 1);
	}
	/* a due date is stored as its day, today is allowed */
	assert_int_equal(crm_promise_add(db, 2, "guarantee", "в срок", NOW, &id), CRM_OK);
	check_last_journal(db, "promise.add", id,
			   "{\"client_id\":2,\"kind\":\"guarantee\",\"text\":\"в срок\","
			   "\"due\":\"2026-11-22\"}");
	f.id = id;
	assert_int_equal(crm_promise_query(db, &f, &it), CRM_OK);
	assert_int_equal(crm_promise_iter_next(it, &p), CRM_OK);
	assert_int_equal(p->due, TODAY);
	assert_string_equal(p->kind, "guarantee");
	crm_promise_iter_destroy(it);
}

static void test_add_refusals(void **state)
{
	struct crm_db *db = *state;
	char *longtext = malloc(CRM_TEXT_MAX + 2);
	int64_t id = 7, before;

	clients(db);
	before = journal_count(db);
	assert_int_equal(crm_promise_add(db, 1, "vow", "x", 0, &id), CRM_EINVAL);
	assert_int_equal(id, 0);
	assert_string_equal(crm_db_errmsg(db),
			    "invalid promise kind 'vow' (promise, guarantee, discount, doubt, risk)");
	assert_int_equal(crm_promise_add(db, 1, NULL, "", 0, &id), CRM_EINVAL);
	assert_string_equal(crm_db_errmsg(db), "empty text");
	assert_int_equal(crm_promise_add(db, 1, NULL, NULL, 0, &id), CRM_EINVAL);
	assert_int_equal(crm_promise_add(db, 1, NULL, "\xff", 0, &id), CRM_EINVAL);
	memset(longtext, 'a', CRM_TEXT_MAX + 1);
	longtext[CRM_TEXT_MAX + 1] = '\0';
	assert_int_equal(crm_promise_add(db, 1, NULL, longtext, 0, &id), CRM_EINVAL);
	longtext[CRM_TEXT_MAX] = '\0';
	assert_int_equal(crm_promise_add(db, 1, NULL, longtext, 0, &id), CRM_OK);
	free(longtext);
	before++;
	/* yesterday at 23:59:59 is before today */
	assert_int_equal(crm_promise_add(db, 1, NULL, "x", TODAY - 1, &id), CRM_EINVAL);
	assert_string_equal(crm_db_errmsg(db), "due date 2026-11-21 is before today (2026-11-22)");
	assert_int_equal(crm_promise_add(db, 99, NULL, "x", 0, &id), CRM_ENOTFOUND);
	assert_int_equal(id, 0);
	assert_string_equal(crm_db_errmsg(db), "no client with id 99");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM promise"), 1);
	assert_int_equal(journal_count(db), before);
}

static void test_keep(void **state)
{
	struct crm_db *db = *state;
	struct crm_promise_iter *it = NULL;
	struct crm_promise_filter f = { .id = 1 };
	const struct crm_promise *p;
	int64_t id = 0, before;

	clients(db);
	assert_int_equal(crm_promise_add(db, 1, "discount", "10% на второй заказ", 0, &id), CRM_OK);
	sql_exec(db, "UPDATE client SET updated = 0");
	crm_db_set_now(db, NOW + 3600);
	assert_int_equal(crm_promise_keep(db, id), CRM_OK);
	check_last_journal(db, "promise.keep", 1, "{\"client_id\":1}");
	assert_int_equal(sql_int(db, "SELECT updated FROM client WHERE id = 1"), NOW + 3600);
	assert_int_equal(crm_promise_query(db, &f, &it), CRM_OK);
	assert_int_equal(crm_promise_iter_next(it, &p), CRM_OK);
	assert_string_equal(p->status, "kept");
	assert_int_equal(p->closed, NOW + 3600);
	assert_null(p->why);
	crm_promise_iter_destroy(it);

	/* kept is final */
	before = journal_count(db);
	assert_int_equal(crm_promise_keep(db, id), CRM_ECONFLICT);
	assert_string_equal(crm_db_errmsg(db), "promise 1 is already kept");
	assert_int_equal(crm_promise_break(db, id, "too late"), CRM_ECONFLICT);
	assert_string_equal(crm_db_errmsg(db), "promise 1 is already kept");
	assert_int_equal(journal_count(db), before);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM promise WHERE why IS NULL"), 1);
}

static void test_break(void **state)
{
	struct crm_db *db = *state;
	struct crm_promise_iter *it = NULL;
	struct crm_promise_filter f = { .id = 1 };
	const struct crm_promise *p;
	int64_t id = 0, before;

	clients(db);
	assert_int_equal(crm_promise_add(db, 2, NULL, "call back on Monday", 0, &id), CRM_OK);
	before = journal_count(db);
	assert_int_equal(crm_promise_break(db, id, NULL), CRM_EINVAL);
	assert_int_equal(crm_promise_break(db, id, ""), CRM_EINVAL);
	assert_string_equal(crm_db_errmsg(db), "empty reason");
	assert_int_equal(crm_promise_break(db, id, "\xc3"), CRM_EINVAL);
	assert_int_equal(journal_count(db), before);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM promise WHERE status = 'open'"), 1);

	assert_int_equal(crm_promise_break(db, id, "the manager was ill"), CRM_OK);
	check_last_journal(db, "promise.break", 1,
			   "{\"client_id\":2,\"why\":\"the manager was ill\"}");
	assert_int_equal(crm_promise_query(db, &f, &it), CRM_OK);
	assert_int_equal(crm_promise_iter_next(it, &p), CRM_OK);
	assert_string_equal(p->status, "broken");
	assert_string_equal(p->why, "the manager was ill");
	assert_int_equal(p->closed, NOW);
	crm_promise_iter_destroy(it);

	assert_int_equal(crm_promise_keep(db, id), CRM_ECONFLICT);
	assert_string_equal(crm_db_errmsg(db), "promise 1 is already broken");
	assert_int_equal(crm_promise_break(db, id, "again"), CRM_ECONFLICT);
}

static void test_unknown_id(void **state)
{
	struct crm_db *db = *state;

	clients(db);
	assert_int_equal(crm_promise_keep(db, 99), CRM_ENOTFOUND);
	assert_string_equal(crm_db_errmsg(db), "no promise with id 99");
	assert_int_equal(crm_promise_break(db, 99, "why"), CRM_ENOTFOUND);
	assert_string_equal(crm_db_errmsg(db), "no promise with id 99");
	assert_int_equal(journal_count(db), 0);
}

/* Doubts and risks are "kept" when they are no longer a concern. */
static void test_doubt_and_risk_kept(void **state)
{
	struct crm_db *db = *state;
	int64_t d = 0, r = 0;

	clients(db);
	assert_int_equal(crm_promise_add(db, 1, "doubt", "may go to a rival", 0, &d), CRM_OK);
	assert_int_equal(crm_promise_add(db, 1, "risk", "their budget is cut", 0, &r), CRM_OK);
	assert_int_equal(crm_promise_keep(db, d), CRM_OK);
	assert_int_equal(crm_promise_break(db, r, "the budget was cut"), CRM_OK);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM promise WHERE status = 'kept'"
				     " AND kind = 'doubt'"),
			 1);
}

/*
 * Overdue: open with a due date before the start of today. Around midnight:
 * a promise due on the 21st is not overdue at 23:59:59 on the 21st, and is
 * at 00:00:00 on the 22nd; one due on the 22nd is not overdue then.
 */
static void test_overdue_midnight(void **state)
{
	struct crm_db *db = *state;
	struct crm_promise_filter over = { .overdue = true };
	struct crm_promise_filter over1 = { .overdue = true, .client_id = 1 };
	int64_t id = 0;

	clients(db);
	crm_db_set_now(db, TODAY - 2 * DAY);
	assert_int_equal(crm_promise_add(db, 1, NULL, "due 21st", TODAY - DAY, &id), CRM_OK);
	assert_int_equal(crm_promise_add(db, 1, NULL, "due 22nd", TODAY, &id), CRM_OK);
	assert_int_equal(crm_promise_add(db, 1, NULL, "no date", 0, &id), CRM_OK);
	assert_int_equal(crm_promise_add(db, 1, NULL, "kept, due 20th", TODAY - 2 * DAY, &id),
			 CRM_OK);
	assert_int_equal(crm_promise_keep(db, id), CRM_OK);
	assert_int_equal(crm_promise_add(db, 2, NULL, "other, due 20th", TODAY - 2 * DAY, &id),
			 CRM_OK);

	crm_db_set_now(db, TODAY - 1);
	check_ids(db, &over, "5");
	check_ids(db, &over1, "");
	crm_db_set_now(db, TODAY);
	check_ids(db, &over, "1,5");
	check_ids(db, &over1, "1");
	crm_db_set_now(db, TODAY + DAY - 1);
	check_ids(db, &over, "1,5");
	crm_db_set_now(db, TODAY + DAY);
	check_ids(db, &over, "1,2,5");
	check_ids(db, &over1, "1,2");
}

static void test_query_filters(void **state)
{
	struct crm_db *db = *state;
	struct crm_promise_filter f = { 0 };
	int64_t id = 0;

	clients(db);
	assert_int_equal(crm_promise_add(db, 1, NULL, "a", 0, &id), CRM_OK);
	assert_int_equal(crm_promise_add(db, 2, NULL, "b", 0, &id), CRM_OK);
	assert_int_equal(crm_promise_add(db, 1, NULL, "c", 0, &id), CRM_OK);
	assert_int_equal(crm_promise_add(db, 2, NULL, "d", 0, &id), CRM_OK);
	assert_int_equal(crm_promise_keep(db, 3), CRM_OK);
	assert_int_equal(crm_promise_break(db, 4, "no"), CRM_OK);

	check_ids(db, NULL, "1,2,3,4");
	check_ids(db, &f, "1,2,3,4");
	f.open_only = true;
	check_ids(db, &f, "1,2");
	f.client_id = 1;
	check_ids(db, &f, "1");
	f.open_only = false;
	check_ids(db, &f, "1,3");
	f.client_id = 99;
	check_ids(db, &f, "");
	f = (struct crm_promise_filter){ .id = 4 };
	check_ids(db, &f, "4");
	f.id = 5;
	check_ids(db, &f, "");
	crm_promise_iter_destroy(NULL);
}

/* A failure inside the atomic section leaves nothing behind. */
static void test_atomic(void **state)
{
	struct crm_db *db = *state;
	int64_t id = 0;

	clients(db);
	assert_int_equal(crm_promise_add(db, 1, NULL, "a", 0, &id), CRM_OK);
	sql_exec(db, "CREATE TEMP TRIGGER no_journal BEFORE INSERT ON journal"
		     " BEGIN SELECT RAISE(ABORT, 'journal refused'); END");
	sql_exec(db, "UPDATE client SET updated = 5");
	assert_int_not_equal(crm_promise_add(db, 1, NULL, "b", 0, &id), CRM_OK);
	assert_int_equal(id, 0);
	assert_int_not_equal(crm_promise_keep(db, 1), CRM_OK);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM promise"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM promise WHERE status = 'open'"), 1);
	assert_int_equal(sql_int(db, "SELECT updated FROM client WHERE id = 1"), 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_defaults, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_add_kinds_and_due, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_add_refusals, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_keep, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_break, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_id, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_doubt_and_risk_kept, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_overdue_midnight, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_query_filters, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_atomic, setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
