/*
 * test-privacy.c: the journal entries about a client (an access request),
 * the erasure of a client and the journal trigger that allows exactly its
 * redaction.
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

#define T0 INT64_C(1795341600) /* 2026-11-22T10:00:00Z */

static int setup(void **state)
{
	return fixture_open(state, T0, "anna");
}

static int64_t client(struct crm_db *db, const char *name)
{
	struct crm_client_input in = { .name = name };
	int64_t id = 0;

	assert_int_equal(crm_client_add(db, &in, &id), CRM_OK);
	return id;
}

static void note(struct crm_db *db, int64_t id, const char *text)
{
	struct crm_note_input in = { .text = text };
	struct crm_note_result res;

	memset(&res, 0, sizeof(res));
	assert_int_equal(crm_note_add(db, id, &in, &res), CRM_OK);
}

static void subject_journal(void **state)
{
	struct crm_db *db = *state;
	int64_t a = client(db, "Zxq One"), b = client(db, "Other");
	char *json = NULL;

	note(db, a, "met Zxq");
	note(db, b, "met Other");
	assert_int_equal(crm_subject_journal(db, a, &json), CRM_OK);
	assert_non_null(strstr(json, "\"action\":\"client.add\""));
	assert_non_null(strstr(json, "\"text\":\"met Zxq\""));
	assert_null(strstr(json, "Other"));
	free(json);
}

static void erase(void **state)
{
	struct crm_db *db = *state;
	int64_t a = client(db, "Zxq One"), b = client(db, "Other");
	struct crm_erasure e;

	note(db, a, "met Zxq");
	note(db, b, "met Other");
	assert_int_equal(crm_client_erase(db, a, "request", &e), CRM_OK);
	assert_int_equal(e.id, 1);
	assert_int_equal(e.client_id, a);
	assert_int_equal(strlen(e.uuid), 36);
	assert_non_null(strstr(e.counts, "\"interactions\":1"));
	assert_non_null(strstr(e.counts, "\"journal_redacted\":2"));
	assert_non_null(strstr(e.journal, "\"action\":\"client.add\",\"entity\":\"client\""));
	assert_non_null(strstr(e.journal, "\"action\":\"interaction.add\""));
	assert_null(strstr(e.journal, "Zxq"));
	crm_erasure_release(&e);
	crm_erasure_release(NULL);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM client"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM interaction"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM search WHERE body LIKE '%Zxq%'"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal WHERE data LIKE '%Zxq%'"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal WHERE data = '{\"erased\":1}'"), 2);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal WHERE action = 'client.erase'"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM erasure WHERE reason = 'request'"), 1);
	assert_int_equal(crm_db_scrub(db), CRM_OK);
}

static void erase_refused(void **state)
{
	struct crm_db *db = *state;
	int64_t a = client(db, "Zxq One");
	struct crm_erasure e;

	assert_int_equal(crm_client_erase(db, a, "", &e), CRM_EINVAL);
	assert_int_equal(crm_client_erase(db, a + 100, "request", &e), CRM_ENOTFOUND);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM erasure"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM client"), 1);
}

/* The trigger: a tombstone only where an erasure names the entry. */
#define NAMED "(SELECT min(journal_id) FROM erasure_entry)"
static void journal_trigger(void **state)
{
	struct crm_db *db = *state;
	int64_t a = client(db, "Zxq One");
	struct crm_erasure e;

	client(db, "Other");
	/* Other's client.add: no erasure names it */
	assert_int_not_equal(sqlite3_exec(db->sql,
					  "UPDATE journal SET data = '{\"erased\":1}'"
					  " WHERE data LIKE '%Other%'",
					  NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(crm_client_erase(db, a, "request", &e), CRM_OK);
	crm_erasure_release(&e);
	/* entry 1 is named: still only the exact tombstone, only the data */
	assert_int_not_equal(sqlite3_exec(db->sql, "UPDATE journal SET data = '{}' WHERE id = " NAMED,
					  NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db->sql,
					  "UPDATE journal SET actor = 'x' WHERE id = " NAMED,
					  NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db->sql,
				      "UPDATE journal SET data = '{\"erased\":1}' WHERE id = " NAMED,
				      NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db->sql, "DELETE FROM journal WHERE id = " NAMED, NULL, NULL,
					  NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db->sql, "DELETE FROM erasure", NULL, NULL, NULL),
			     SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db->sql, "DELETE FROM erasure_entry", NULL, NULL, NULL),
			     SQLITE_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(subject_journal, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(erase, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(erase_refused, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(journal_trigger, setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
