/*
 * test-journal.c: appending entries, querying them with every filter, and
 * the triggers that keep the journal append-only.
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
#define T0 INT64_C(1795341600) /* 2026-11-22T10:00:00Z */

static int setup(void **state)
{
	return fixture_open(state, 0, NULL);
}

static void append(struct crm_db *db, int64_t at, const char *actor, const char *action,
		   const char *entity, int64_t entity_id, const char *data)
{
	crm_db_set_now(db, at);
	assert_int_equal(crm_db_set_actor(db, actor), CRM_OK);
	assert_int_equal(crm_journal_append(db, action, entity, entity_id, data), CRM_OK);
}

/*
 * Five entries over five days:
 *  1 T0-4d anna  client.add  client 7
 *  2 T0-3d boris client.edit client 7
 *  3 T0-2d anna  config.set  config -
 *  4 T0-1d anna  client.add  client 8
 *  5 T0    boris client.edit client 8
 */
static void fill(struct crm_db *db)
{
	append(db, T0 - 4 * DAY, "anna", "client.add", "client", 7, "{\"name\":\"Рога и копыта\"}");
	append(db, T0 - 3 * DAY, "boris", "client.edit", "client", 7, "{\"tier\":\"vip\"}");
	append(db, T0 - 2 * DAY, "anna", "config.set", "config", 0, NULL);
	append(db, T0 - DAY, "anna", "client.add", "client", 8, "{\"name\":\"Acme\"}");
	append(db, T0, "boris", "client.edit", "client", 8, "{}");
}

/* Runs the query and checks the ids it returns, in order. */
static void check_ids(struct crm_db *db, const struct crm_journal_filter *f, const int64_t *want,
		      size_t nwant)
{
	struct crm_journal_iter *it = NULL;
	const struct crm_journal_entry *row;
	crm_status st;
	size_t n = 0;

	assert_int_equal(crm_journal_query(db, f, &it), CRM_OK);
	assert_non_null(it);
	while ((st = crm_journal_iter_next(it, &row)) == CRM_OK) {
		assert_non_null(row);
		if (n >= nwant) {
			fail_msg("unexpected entry %lld", (long long)row->id);
		}
		assert_int_equal(row->id, want[n]);
		n++;
	}
	assert_int_equal(st, CRM_DONE);
	assert_null(row);
	assert_int_equal(n, nwant);
	/* exhausted stays exhausted */
	assert_int_equal(crm_journal_iter_next(it, &row), CRM_DONE);
	crm_journal_iter_destroy(it);
}

#define CHECK(db, f, ...)                                                        \
	do {                                                                     \
		const int64_t want_[] = { __VA_ARGS__ };                         \
		check_ids((db), (f), want_, sizeof(want_) / sizeof(want_[0]));   \
	} while (0)

static void test_append_and_read(void **state)
{
	struct crm_db *db = *state;
	struct crm_journal_iter *it = NULL;
	const struct crm_journal_entry *row = NULL;

	fill(db);
	assert_int_equal(crm_journal_query(db, NULL, &it), CRM_OK);
	assert_int_equal(crm_journal_iter_next(it, &row), CRM_OK);
	assert_int_equal(row->id, 1);
	assert_int_equal(row->at, T0 - 4 * DAY);
	assert_string_equal(row->actor, "anna");
	assert_string_equal(row->action, "client.add");
	assert_string_equal(row->entity, "client");
	assert_int_equal(row->entity_id, 7);
	assert_string_equal(row->data, "{\"name\":\"Рога и копыта\"}");
	assert_int_equal(crm_journal_iter_next(it, &row), CRM_OK);
	assert_int_equal(row->id, 2);
	assert_int_equal(crm_journal_iter_next(it, &row), CRM_OK);
	assert_int_equal(row->id, 3);
	assert_string_equal(row->action, "config.set");
	assert_string_equal(row->entity, "config");
	/* no entity id: 0 */
	assert_int_equal(row->entity_id, 0);
	/* NULL data is stored as an empty object */
	assert_string_equal(row->data, "{}");
	crm_journal_iter_destroy(it);
	crm_journal_iter_destroy(NULL);
}

static void test_null_data_stored_as_empty_object(void **state)
{
	struct crm_db *db = *state;
	sqlite3_stmt *st = NULL;

	append(db, T0, "anna", "base.init", "base", 0, NULL);
	assert_int_equal(sqlite3_prepare_v2(db->sql,
					    "SELECT data, entity_id IS NULL, typeof(at) FROM journal",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "{}");
	assert_int_equal(sqlite3_column_int(st, 1), 1);
	assert_string_equal((const char *)sqlite3_column_text(st, 2), "integer");
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

static void test_filter_none(void **state)
{
	struct crm_db *db = *state;
	struct crm_journal_filter f = { 0 };

	fill(db);
	CHECK(db, &f, 1, 2, 3, 4, 5);
	CHECK(db, NULL, 1, 2, 3, 4, 5);
}

static void test_filter_since(void **state)
{
	struct crm_db *db = *state;
	struct crm_journal_filter f = { 0 };

	fill(db);
	f.since = T0 - 2 * DAY; /* inclusive */
	CHECK(db, &f, 3, 4, 5);
	f.since = T0 - 2 * DAY + 1;
	CHECK(db, &f, 4, 5);
	f.since = T0;
	CHECK(db, &f, 5);
	f.since = T0 + 1;
	check_ids(db, &f, NULL, 0);
	f.since = crm_day_start(T0); /* today: only the entry of 10:00 */
	CHECK(db, &f, 5);
}

static void test_filter_actor(void **state)
{
	struct crm_db *db = *state;
	struct crm_journal_filter f = { 0 };

	fill(db);
	f.actor = "anna";
	CHECK(db, &f, 1, 3, 4);
	f.actor = "boris";
	CHECK(db, &f, 2, 5);
	f.actor = "Anna"; /* exact match */
	check_ids(db, &f, NULL, 0);
	f.actor = "nobody";
	check_ids(db, &f, NULL, 0);
}

static void test_filter_entity(void **state)
{
	struct crm_db *db = *state;
	struct crm_journal_filter f = { 0 };

	fill(db);
	f.entity = "client";
	CHECK(db, &f, 1, 2, 4, 5);
	f.entity = "config";
	CHECK(db, &f, 3);
	f.entity = "vip";
	check_ids(db, &f, NULL, 0);
}

static void test_filter_entity_id(void **state)
{
	struct crm_db *db = *state;
	struct crm_journal_filter f = { 0 };

	fill(db);
	f.entity_id = 7;
	CHECK(db, &f, 1, 2);
	f.entity_id = 8;
	CHECK(db, &f, 4, 5);
	f.entity_id = 9;
	check_ids(db, &f, NULL, 0);
	f.entity = "client";
	f.entity_id = 8;
	CHECK(db, &f, 4, 5);
	f.entity = "config";
	check_ids(db, &f, NULL, 0);
}

/* A limit keeps the latest entries, still listed oldest first. */
static void test_filter_limit(void **state)
{
	struct crm_db *db = *state;
	struct crm_journal_filter f = { 0 };

	fill(db);
	f.limit = 2;
	CHECK(db, &f, 4, 5);
	f.limit = 1;
	CHECK(db, &f, 5);
	f.limit = 4;
	CHECK(db, &f, 2, 3, 4, 5);
	f.limit = 5;
	CHECK(db, &f, 1, 2, 3, 4, 5);
	f.limit = 100;
	CHECK(db, &f, 1, 2, 3, 4, 5);
	f.limit = 0; /* no limit */
	CHECK(db, &f, 1, 2, 3, 4, 5);
	/* the limit applies after the other filters */
	f.limit = 2;
	f.actor = "anna";
	CHECK(db, &f, 3, 4);
	f.limit = 1;
	f.since = T0 - 3 * DAY;
	CHECK(db, &f, 4);
	f.actor = "boris";
	CHECK(db, &f, 5);
	f.limit = 5;
	CHECK(db, &f, 2, 5);
}

static void test_filters_combined(void **state)
{
	struct crm_db *db = *state;
	struct crm_journal_filter f = { 0 };

	fill(db);
	f.since = T0 - 3 * DAY;
	f.actor = "boris";
	f.entity = "client";
	CHECK(db, &f, 2, 5);
	f.entity_id = 8;
	CHECK(db, &f, 5);
}

static int64_t count_rows(struct crm_db *db)
{
	sqlite3_stmt *st = NULL;
	int64_t n = -1;

	assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT count(*) FROM journal", -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void refused(struct crm_db *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->sql, sql, NULL, NULL, &msg);

	if (rc == SQLITE_OK) {
		fail_msg("accepted: %s", sql);
	}
	assert_int_equal(rc & 0xff, SQLITE_CONSTRAINT);
	assert_non_null(msg);
	assert_string_equal(msg, "the journal is append-only");
	sqlite3_free(msg);
}

static void test_append_only(void **state)
{
	struct crm_db *db = *state;
	struct crm_journal_filter f = { 0 };
	struct crm_journal_iter *it = NULL;
	const struct crm_journal_entry *row;

	fill(db);
	refused(db, "UPDATE journal SET actor = 'mallory'");
	refused(db, "UPDATE journal SET data = '{}' WHERE id = 1");
	refused(db, "DELETE FROM journal");
	refused(db, "DELETE FROM journal WHERE id = 5");
	/* inside a transaction too */
	assert_int_equal(crm_tx_begin(db), CRM_OK);
	refused(db, "DELETE FROM journal WHERE actor = 'anna'");
	crm_tx_rollback(db);

	assert_int_equal(count_rows(db), 5);
	CHECK(db, &f, 1, 2, 3, 4, 5);
	f.actor = "mallory";
	check_ids(db, &f, NULL, 0);
	f.actor = NULL;
	f.entity_id = 7;
	assert_int_equal(crm_journal_query(db, &f, &it), CRM_OK);
	assert_int_equal(crm_journal_iter_next(it, &row), CRM_OK);
	assert_string_equal(row->actor, "anna");
	assert_string_equal(row->data, "{\"name\":\"Рога и копыта\"}");
	crm_journal_iter_destroy(it);
}

static void test_append_rolled_back(void **state)
{
	struct crm_db *db = *state;

	assert_int_equal(crm_tx_begin(db), CRM_OK);
	append(db, T0, "anna", "client.add", "client", 1, NULL);
	assert_int_equal(count_rows(db), 1);
	crm_tx_rollback(db);
	assert_int_equal(count_rows(db), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_append_and_read, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_null_data_stored_as_empty_object, setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_filter_none, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_filter_since, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_filter_actor, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_filter_entity, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_filter_entity_id, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_filter_limit, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_filters_combined, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_append_only, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_append_rolled_back, setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
