/*
 * test-incident.c: misunderstandings, mishaps, conflicts and quality
 * problems: open -> resolved with a word on how, the refusals, queries,
 * the journal and the client's updated time.
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

#define NOW INT64_C(1795341600) /* 2026-11-22T10:00:00Z */

static int setup(void **state)
{
	return fixture_open(state, NOW, "boris");
}

static void clients(struct crm_db *db)
{
	sql_exec(db, "INSERT INTO client(id, uuid, name, name_fold, stage_since, created, updated)"
		     " VALUES (1, 'u1', 'ООО «Ромашка»', 'ооо «ромашка»', 0, 0, 100),"
		     "        (2, 'u2', 'Acme', 'acme', 0, 0, 100)");
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
	assert_string_equal((const char *)sqlite3_column_text(st, 1), "boris");
	assert_string_equal((const char *)sqlite3_column_text(st, 2), action);
	assert_string_equal((const char *)sqlite3_column_text(st, 3), "incident");
	assert_int_equal(sqlite3_column_int64(st, 4), entity_id);
	assert_string_equal((const char *)sqlite3_column_text(st, 5), data);
	sqlite3_finalize(st);
}

static void check_ids(struct crm_db *db, const struct crm_incident_filter *f, const char *want)
{
	struct crm_incident_iter *it = NULL;
	const struct crm_incident *i;
	char got[256] = "";
	size_t len = 0;
	crm_status st;

	assert_int_equal(crm_incident_query(db, f, &it), CRM_OK);
	while ((st = crm_incident_iter_next(it, &i)) == CRM_OK) {
		len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%lld", len ? "," : "",
					(long long)i->id);
	}
	assert_int_equal(st, CRM_DONE);
	assert_int_equal(crm_incident_iter_next(it, &i), CRM_DONE);
	crm_incident_iter_destroy(it);
	assert_string_equal(got, want);
}

static void test_add(void **state)
{
	struct crm_db *db = *state;
	struct crm_incident_filter f = { .id = 1 };
	struct crm_incident_iter *it = NULL;
	const struct crm_incident *i;
	int64_t id = 0;

	clients(db);
	assert_int_equal(crm_incident_add(db, 1, NULL, "счёт выставлен дважды", &id), CRM_OK);
	assert_int_equal(id, 1);
	check_last_journal(db, "incident.add", 1,
			   "{\"client_id\":1,\"kind\":\"misunderstanding\",\"text\":\"счёт "
			   "выставлен дважды\"}");
	assert_int_equal(sql_int(db, "SELECT updated FROM client WHERE id = 1"), NOW);
	assert_int_equal(sql_int(db, "SELECT updated FROM client WHERE id = 2"), 100);
	assert_int_equal(crm_incident_query(db, &f, &it), CRM_OK);
	assert_int_equal(crm_incident_iter_next(it, &i), CRM_OK);
	assert_int_equal(i->id, 1);
	assert_int_equal(i->client_id, 1);
	assert_string_equal(i->client, "ООО «Ромашка»");
	assert_string_equal(i->kind, "misunderstanding");
	assert_string_equal(i->text, "счёт выставлен дважды");
	assert_string_equal(i->status, "open");
	assert_null(i->how);
	assert_string_equal(i->author, "boris");
	assert_int_equal(i->created, NOW);
	assert_int_equal(i->resolved, 0);
	assert_int_equal(crm_incident_iter_next(it, &i), CRM_DONE);
	crm_incident_iter_destroy(it);

	for (size_t k = 0; crm_incident_kinds[k]; k++) {
		assert_int_equal(crm_incident_add(db, 2, crm_incident_kinds[k], "x", &id), CRM_OK);
	}
	assert_int_equal(sql_int(db, "SELECT count(DISTINCT kind) FROM incident"), 4);
}

static void test_add_refusals(void **state)
{
	struct crm_db *db = *state;
	char *longtext = malloc(CRM_TEXT_MAX + 2);
	int64_t id = 5;

	clients(db);
	assert_int_equal(crm_incident_add(db, 1, "fight", "x", &id), CRM_EINVAL);
	assert_int_equal(id, 0);
	assert_string_equal(crm_db_errmsg(db), "invalid incident kind 'fight' (misunderstanding, "
					       "mishap, conflict, quality)");
	assert_int_equal(crm_incident_add(db, 1, NULL, "", &id), CRM_EINVAL);
	assert_int_equal(crm_incident_add(db, 1, NULL, "\xe2\x82", &id), CRM_EINVAL);
	memset(longtext, 'b', CRM_TEXT_MAX + 1);
	longtext[CRM_TEXT_MAX + 1] = '\0';
	assert_int_equal(crm_incident_add(db, 1, NULL, longtext, &id), CRM_EINVAL);
	free(longtext);
	assert_int_equal(crm_incident_add(db, 3, NULL, "x", &id), CRM_ENOTFOUND);
	assert_string_equal(crm_db_errmsg(db), "no client with id 3");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM incident"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal"), 0);
	assert_int_equal(sql_int(db, "SELECT max(updated) FROM client"), 100);
}

static void test_resolve(void **state)
{
	struct crm_db *db = *state;
	struct crm_incident_filter f = { .id = 1 };
	struct crm_incident_iter *it = NULL;
	const struct crm_incident *i;
	int64_t id = 0, before;

	clients(db);
	assert_int_equal(crm_incident_add(db, 2, "conflict", "shouted at the courier", &id), CRM_OK);
	sql_exec(db, "UPDATE client SET updated = 100");
	before = sql_int(db, "SELECT count(*) FROM journal");
	assert_int_equal(crm_incident_resolve(db, id, NULL), CRM_EINVAL);
	assert_int_equal(crm_incident_resolve(db, id, ""), CRM_EINVAL);
	assert_string_equal(crm_db_errmsg(db), "empty resolution");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal"), before);

	crm_db_set_now(db, NOW + 60);
	assert_int_equal(crm_incident_resolve(db, id, "apologised, gave a discount"), CRM_OK);
	check_last_journal(db, "incident.resolve", 1,
			   "{\"client_id\":2,\"how\":\"apologised, gave a discount\"}");
	assert_int_equal(sql_int(db, "SELECT updated FROM client WHERE id = 2"), NOW + 60);
	assert_int_equal(crm_incident_query(db, &f, &it), CRM_OK);
	assert_int_equal(crm_incident_iter_next(it, &i), CRM_OK);
	assert_string_equal(i->status, "resolved");
	assert_string_equal(i->how, "apologised, gave a discount");
	assert_int_equal(i->resolved, NOW + 60);
	crm_incident_iter_destroy(it);

	before = sql_int(db, "SELECT count(*) FROM journal");
	assert_int_equal(crm_incident_resolve(db, id, "again"), CRM_ECONFLICT);
	assert_string_equal(crm_db_errmsg(db), "incident 1 is already resolved");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal"), before);
	assert_int_equal(crm_incident_resolve(db, 42, "x"), CRM_ENOTFOUND);
	assert_string_equal(crm_db_errmsg(db), "no incident with id 42");
}

static void test_query(void **state)
{
	struct crm_db *db = *state;
	struct crm_incident_filter f = { 0 };
	int64_t id = 0;

	clients(db);
	assert_int_equal(crm_incident_add(db, 1, NULL, "a", &id), CRM_OK);
	assert_int_equal(crm_incident_add(db, 2, "mishap", "b", &id), CRM_OK);
	assert_int_equal(crm_incident_add(db, 1, "quality", "c", &id), CRM_OK);
	assert_int_equal(crm_incident_add(db, 2, NULL, "d", &id), CRM_OK);
	assert_int_equal(crm_incident_resolve(db, 1, "ok"), CRM_OK);
	assert_int_equal(crm_incident_resolve(db, 4, "ok"), CRM_OK);
	check_ids(db, NULL, "1,2,3,4");
	check_ids(db, &f, "1,2,3,4");
	f.open_only = true;
	check_ids(db, &f, "2,3");
	f.client_id = 2;
	check_ids(db, &f, "2");
	f.open_only = false;
	check_ids(db, &f, "2,4");
	f = (struct crm_incident_filter){ .id = 3 };
	check_ids(db, &f, "3");
	crm_incident_iter_destroy(NULL);
}

static void test_atomic(void **state)
{
	struct crm_db *db = *state;
	int64_t id = 0;

	clients(db);
	assert_int_equal(crm_incident_add(db, 1, NULL, "a", &id), CRM_OK);
	sql_exec(db, "CREATE TEMP TRIGGER no_journal BEFORE INSERT ON journal"
		     " BEGIN SELECT RAISE(ABORT, 'journal refused'); END");
	assert_int_not_equal(crm_incident_resolve(db, 1, "fixed"), CRM_OK);
	assert_int_not_equal(crm_incident_add(db, 1, NULL, "b", &id), CRM_OK);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM incident"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM incident WHERE status = 'open'"
				     " AND how IS NULL"),
			 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_add_refusals, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_resolve, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_query, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_atomic, setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
