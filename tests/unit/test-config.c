/*
 * test-config.c: the registry of keys, the value checker of every type,
 * and set/get/unset with their journal entries.
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
	return fixture_open(state, NOW, NULL);
}

/* Checks journal row n (1-based, in order) field by field. */
static void check_journal(struct crm_db *db, int64_t n, const char *actor, const char *action,
			  const char *data)
{
	sqlite3_stmt *st = NULL;

	assert_int_equal(sqlite3_prepare_v2(db->sql,
					    "SELECT at, actor, action, entity, entity_id, data"
					    " FROM journal ORDER BY id LIMIT 1 OFFSET ?1",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_int64(st, 1, n - 1);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int64(st, 0), NOW);
	assert_string_equal((const char *)sqlite3_column_text(st, 1), actor);
	assert_string_equal((const char *)sqlite3_column_text(st, 2), action);
	assert_string_equal((const char *)sqlite3_column_text(st, 3), "config");
	assert_int_equal(sqlite3_column_type(st, 4), SQLITE_NULL);
	assert_string_equal((const char *)sqlite3_column_text(st, 5), data);
	sqlite3_finalize(st);
}

/* ---- the registry ------------------------------------------------- */

static void test_registry_sorted(void **state)
{
	size_t n = 0;
	const struct crm_config_key *keys = crm_config_keys(&n);

	(void)state;
	assert_non_null(keys);
	assert_true(n >= 2);
	for (size_t i = 0; i < n; i++) {
		assert_non_null(keys[i].key);
		assert_non_null(keys[i].summary);
		assert_true(keys[i].summary[0] != '\0');
		/* a key is lowercase section.name */
		assert_non_null(strchr(keys[i].key, '.'));
		if (keys[i].type == CRM_CONFIG_ENUM) {
			assert_non_null(keys[i].choices);
		}
		if (keys[i].type == CRM_CONFIG_INT) {
			assert_true(keys[i].min <= keys[i].max);
		}
		if (keys[i].def) {
			char msg[256];

			if (crm_config_check(&keys[i], keys[i].def, msg, sizeof(msg)) != CRM_OK) {
				fail_msg("default of %s is invalid: %s", keys[i].key, msg);
			}
		}
		if (i > 0 && strcmp(keys[i - 1].key, keys[i].key) >= 0) {
			fail_msg("registry not sorted or duplicated: '%s' before '%s'",
				 keys[i - 1].key, keys[i].key);
		}
	}
}

static void test_key_find(void **state)
{
	size_t n = 0;
	const struct crm_config_key *keys = crm_config_keys(&n);

	(void)state;
	for (size_t i = 0; i < n; i++) {
		assert_ptr_equal(crm_config_key_find(keys[i].key), &keys[i]);
	}
	assert_string_equal(crm_config_key_find("company.name")->key, "company.name");
	assert_int_equal(crm_config_key_find("company.name")->type, CRM_CONFIG_STRING);
	assert_string_equal(crm_config_key_find("user.email")->key, "user.email");
	/* the identity is the user's (their own config file), not the base's */
	assert_null(crm_config_key_find("user.name"));
	assert_null(crm_config_key_find("user"));
	assert_null(crm_config_key_find("company.nam"));
	assert_null(crm_config_key_find("company.namee"));
	assert_null(crm_config_key_find("COMPANY.NAME"));
	assert_null(crm_config_key_find(""));
	assert_null(crm_config_key_find(NULL));
}

/* ---- the checker -------------------------------------------------- */

static const struct crm_config_key k_str = { "t.str", CRM_CONFIG_STRING, NULL, NULL, 0, 0,
					     "a string" };
static const struct crm_config_key k_int = { "t.int", CRM_CONFIG_INT, "5", NULL, -10, 100,
					     "an int" };
static const struct crm_config_key k_bool = { "t.bool", CRM_CONFIG_BOOL, "false", NULL, 0, 0,
					      "a bool" };
static const struct crm_config_key k_enum = { "t.enum", CRM_CONFIG_ENUM, "ru", "ru,en,de", 0,
					      0, "an enum" };

static void ok(const struct crm_config_key *k, const char *v)
{
	char msg[256] = "";

	if (crm_config_check(k, v, msg, sizeof(msg)) != CRM_OK) {
		fail_msg("%s = '%s' refused: %s", k->key, v, msg);
	}
}

/* Checks that v is refused, with a message that names the key. */
static void bad(const struct crm_config_key *k, const char *v, const char *want)
{
	char msg[256] = "";

	if (crm_config_check(k, v, msg, sizeof(msg)) != CRM_EINVAL) {
		fail_msg("%s = '%s' accepted", k->key, v ? v : "(null)");
	}
	if (!strstr(msg, k->key) || !strstr(msg, want)) {
		fail_msg("%s = '%s': message '%s' lacks '%s'", k->key, v ? v : "(null)", msg,
			 want);
	}
}

static void test_check_string(void **state)
{
	char big[1200];

	(void)state;
	ok(&k_str, "Иван Петров");
	ok(&k_str, "a, \"b\" <c@d>");
	ok(&k_str, " ");
	bad(&k_str, "", "empty value");
	bad(&k_str, NULL, "empty value");
	bad(&k_str, "\xff", "not UTF-8");
	bad(&k_str, "ok\xc3", "not UTF-8");
	memset(big, 'x', 1000);
	big[1000] = '\0';
	ok(&k_str, big);
	big[1000] = 'x';
	big[1001] = '\0';
	bad(&k_str, big, "at most 1000 bytes");
}

static void test_check_int(void **state)
{
	(void)state;
	ok(&k_int, "0");
	ok(&k_int, "-10");
	ok(&k_int, "100");
	ok(&k_int, "42");
	bad(&k_int, "-11", "from -10 to 100");
	bad(&k_int, "101", "from -10 to 100");
	bad(&k_int, "abc", "whole number");
	bad(&k_int, "4.5", "whole number");
	bad(&k_int, "5x", "whole number");
	bad(&k_int, " 5", "whole number");
	bad(&k_int, "+5", "whole number");
	bad(&k_int, "-", "whole number");
	bad(&k_int, "0x10", "whole number");
	bad(&k_int, "99999999999999999999", "whole number");
	bad(&k_int, "", "empty value");
}

static void check_bool(const char *v, const char *want)
{
	char buf[64] = "untouched";

	if (crm_config_check(&k_bool, v, buf, sizeof(buf)) != CRM_OK) {
		fail_msg("bool '%s' refused: %s", v, buf);
	}
	assert_string_equal(buf, want);
}

static void test_check_bool(void **state)
{
	(void)state;
	check_bool("true", "true");
	check_bool("TRUE", "true");
	check_bool("yes", "true");
	check_bool("On", "true");
	check_bool("1", "true");
	check_bool("false", "false");
	check_bool("No", "false");
	check_bool("off", "false");
	check_bool("0", "false");
	bad(&k_bool, "maybe", "expected true or false");
	bad(&k_bool, "2", "expected true or false");
	bad(&k_bool, "truee", "expected true or false");
	bad(&k_bool, "", "empty value");
}

static void test_check_enum(void **state)
{
	(void)state;
	ok(&k_enum, "ru");
	ok(&k_enum, "en");
	ok(&k_enum, "de");
	bad(&k_enum, "fr", "expected one of ru,en,de");
	bad(&k_enum, "r", "expected one of");
	bad(&k_enum, "rue", "expected one of");
	bad(&k_enum, "RU", "expected one of");
	bad(&k_enum, "ru,en", "expected one of");
	bad(&k_enum, "", "empty value");
}

/* ---- stored values ------------------------------------------------ */

static void test_get_unset(void **state)
{
	struct crm_db *db = *state;
	char *v = (char *)1;
	bool is_set = true;

	assert_int_equal(crm_config_get(db, "company.name", &v, &is_set), CRM_OK);
	/* no registry key has a default today: NULL when not set */
	assert_null(crm_config_key_find("company.name")->def);
	assert_null(v);
	assert_false(is_set);
	/* is_set may be NULL */
	v = (char *)1;
	assert_int_equal(crm_config_get(db, "user.email", &v, NULL), CRM_OK);
	assert_null(v);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal"), 0);
}

static void test_default_of_registry(void **state)
{
	struct crm_db *db = *state;
	size_t n = 0;
	const struct crm_config_key *keys = crm_config_keys(&n);

	for (size_t i = 0; i < n; i++) {
		char *v = (char *)1;
		bool is_set = true;

		assert_int_equal(crm_config_get(db, keys[i].key, &v, &is_set), CRM_OK);
		assert_false(is_set);
		if (keys[i].def) {
			assert_non_null(v);
			assert_string_equal(v, keys[i].def);
		} else {
			assert_null(v);
		}
		free(v);
	}
}

/* A key with a default reads as the default until set, and after unset. */
static void test_default_roundtrip(void **state)
{
	struct crm_db *db = *state;
	size_t n = 0, seen = 0;
	const struct crm_config_key *keys = crm_config_keys(&n);

	for (size_t i = 0; i < n; i++) {
		const struct crm_config_key *k = &keys[i];
		char *v = NULL;
		bool is_set = true;

		if (!k->def) {
			continue;
		}
		seen++;
		if (k->type == CRM_CONFIG_INT) {
			char num[32];

			assert_int_equal(crm_config_int(db, k->key), strtoll(k->def, NULL, 10));
			snprintf(num, sizeof(num), "%lld", (long long)k->min);
			assert_int_equal(crm_config_set(db, k->key, num), CRM_OK);
			assert_int_equal(crm_config_int(db, k->key), k->min);
			assert_int_equal(crm_config_unset(db, k->key), CRM_OK);
		}
		assert_int_equal(crm_config_set(db, k->key, k->def), CRM_OK);
		assert_int_equal(crm_config_get(db, k->key, &v, &is_set), CRM_OK);
		assert_true(is_set);
		free(v);
		assert_int_equal(crm_config_unset(db, k->key), CRM_OK);
		assert_int_equal(crm_config_get(db, k->key, &v, &is_set), CRM_OK);
		assert_false(is_set);
		assert_non_null(v);
		assert_string_equal(v, k->def);
		free(v);
	}
	if (seen == 0) {
		/* no key has a default yet: the stored-or-NULL rule is all there is */
		char *v = (char *)1;

		assert_int_equal(crm_config_get(db, keys[0].key, &v, NULL), CRM_OK);
		assert_null(v);
	}
}

static void test_set_get_unset(void **state)
{
	struct crm_db *db = *state;
	char *v = NULL;
	bool is_set = false;

	assert_int_equal(crm_db_set_actor(db, "anna"), CRM_OK);
	assert_int_equal(crm_config_set(db, "company.name", "Пётр Иванов"), CRM_OK);
	assert_int_equal(crm_config_get(db, "company.name", &v, &is_set), CRM_OK);
	assert_string_equal(v, "Пётр Иванов");
	assert_true(is_set);
	free(v);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal"), 1);
	check_journal(db, 1, "anna", "config.set",
		      "{\"key\":\"company.name\",\"value\":\"Пётр Иванов\",\"old\":null}");

	/* overwrite: the old value goes into the journal */
	assert_int_equal(crm_db_set_actor(db, "boris"), CRM_OK);
	assert_int_equal(crm_config_set(db, "company.name", "Борис"), CRM_OK);
	assert_int_equal(crm_config_get(db, "company.name", &v, &is_set), CRM_OK);
	assert_string_equal(v, "Борис");
	free(v);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM config"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal"), 2);
	check_journal(db, 2, "boris", "config.set",
		      "{\"key\":\"company.name\",\"value\":\"Борис\",\"old\":\"Пётр Иванов\"}");

	/* the other key is independent */
	assert_int_equal(crm_config_get(db, "user.email", &v, &is_set), CRM_OK);
	assert_null(v);
	assert_false(is_set);

	assert_int_equal(crm_db_set_actor(db, "vera"), CRM_OK);
	assert_int_equal(crm_config_unset(db, "company.name"), CRM_OK);
	assert_int_equal(crm_config_get(db, "company.name", &v, &is_set), CRM_OK);
	assert_null(v);
	assert_false(is_set);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM config"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal"), 3);
	check_journal(db, 3, "vera", "config.unset",
		      "{\"key\":\"company.name\",\"old\":\"Борис\"}");
	assert_true(sqlite3_get_autocommit(db->sql));
}

static void test_set_errors(void **state)
{
	struct crm_db *db = *state;
	char *v = (char *)1;
	bool is_set = true;

	assert_int_equal(crm_config_set(db, "user.nick", "x"), CRM_ENOTFOUND);
	assert_int_equal(crm_db_errcode(db), CRM_ENOTFOUND);
	assert_string_equal(crm_db_errmsg(db), "unknown config key 'user.nick'");
	assert_int_equal(crm_config_get(db, "user.nick", &v, &is_set), CRM_ENOTFOUND);
	assert_null(v);
	assert_false(is_set);
	assert_int_equal(crm_config_unset(db, "user.nick"), CRM_ENOTFOUND);

	assert_int_equal(crm_config_set(db, "company.name", ""), CRM_EINVAL);
	assert_int_equal(crm_db_errcode(db), CRM_EINVAL);
	assert_non_null(strstr(crm_db_errmsg(db), "empty value for 'company.name'"));
	assert_int_equal(crm_config_set(db, "company.name", "\xd0"), CRM_EINVAL);

	/* unset of a key that is not set */
	assert_int_equal(crm_config_unset(db, "user.email"), CRM_ENOTFOUND);
	assert_string_equal(crm_db_errmsg(db), "config key 'user.email' is not set");

	/* nothing of it was stored or journaled, and no transaction is left open */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM config"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal"), 0);
	assert_true(sqlite3_get_autocommit(db->sql));
}

static void test_typed_readers(void **state)
{
	struct crm_db *db = *state;

	/* unknown keys and keys without a value read as 0 and false */
	assert_int_equal(crm_config_int(db, "no.such"), 0);
	assert_false(crm_config_bool(db, "no.such"));
	assert_int_equal(crm_config_int(db, "company.name"), 0);
	assert_false(crm_config_bool(db, "company.name"));
}

/* base.language is read once and read again after a write or a rollback */
static void test_base_text_follows_the_setting(void **state)
{
	struct crm_db *db = *state;

	/* no value stored: English */
	assert_string_equal(crmi_base_text(db, "en", "ru"), "en");
	assert_int_equal(crm_config_set(db, "base.language", "ru"), CRM_OK);
	assert_string_equal(crmi_base_text(db, "en", "ru"), "ru");
	assert_int_equal(crm_config_unset(db, "base.language"), CRM_OK);
	assert_string_equal(crmi_base_text(db, "en", "ru"), "en");

	/* a set inside a transaction that is rolled back leaves English */
	assert_int_equal(crm_tx_begin(db), CRM_OK);
	assert_int_equal(crm_config_set(db, "base.language", "ru"), CRM_OK);
	assert_string_equal(crmi_base_text(db, "en", "ru"), "ru");
	crm_tx_rollback(db);
	assert_string_equal(crmi_base_text(db, "en", "ru"), "en");

	/* a value written behind crm's back (another process) is seen by the
	 * next command, not within this one: the cache holds per handle */
	sql_exec(db, "INSERT INTO config (key, value) VALUES ('base.language', 'ru')");
	assert_string_equal(crmi_base_text(db, "en", "ru"), "en");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_registry_sorted, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_key_find, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_check_string, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_check_int, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_check_bool, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_check_enum, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_get_unset, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_default_of_registry, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_default_roundtrip, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_set_get_unset, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_set_errors, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_typed_readers, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_base_text_follows_the_setting, setup,
						fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
