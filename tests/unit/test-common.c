/*
 * test-common.c: what the client sheet modules share (core/common.c):
 * enumeration checks, text checks, uuids, list fields, references by id,
 * uuid, name or prefix, and the folded search index.
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

/* A string of n copies of the UTF-8 character c. */
static char *repeat(const char *c, size_t n)
{
	size_t len = strlen(c);
	char *s = malloc(len * n + 1);

	assert_non_null(s);
	for (size_t i = 0; i < n; i++) {
		memcpy(s + i * len, c, len);
	}
	s[len * n] = '\0';
	return s;
}

/* ---- enumerations -------------------------------------------------- */

static void test_enum_check(void **state)
{
	struct crm_db *db = *state;

	assert_int_equal(crmi_enum_check(db, "tier", "vip", crm_client_tiers), CRM_OK);
	assert_int_equal(crmi_enum_check(db, "tier", "regular", crm_client_tiers), CRM_OK);
	assert_int_equal(crmi_enum_check(db, "tier", "VIP", crm_client_tiers), CRM_EINVAL);
	assert_string_equal(crm_db_errmsg(db), "invalid tier 'VIP' (vip, key, regular)");
	assert_int_equal(crmi_enum_check(db, "stage", NULL, crm_client_stages), CRM_EINVAL);
	assert_string_equal(crm_db_errmsg(db),
			    "invalid stage '' (courtship, sale, honeymoon, storm, normalization, "
			    "support)");
	assert_int_equal(crmi_enum_check(db, "role", "head", crm_manager_roles), CRM_OK);
	assert_int_equal(crmi_enum_check(db, "status", "left", crm_manager_statuses), CRM_OK);
	assert_int_equal(crmi_enum_check(db, "kind", "order", crm_interaction_kinds), CRM_OK);
	assert_int_equal(crmi_enum_check(db, "kind", "risk", crm_promise_kinds), CRM_OK);
	assert_int_equal(crmi_enum_check(db, "kind", "quality", crm_incident_kinds), CRM_OK);
}

/* ---- text checks --------------------------------------------------- */

static void test_check_name(void **state)
{
	struct crm_db *db = *state;
	char *ok = repeat("Я", CRM_NAME_MAX), *long_ = repeat("Я", CRM_NAME_MAX + 1);

	assert_int_equal(crm_check_name(db, "name", "ООО «Ромашка»"), CRM_OK);
	assert_int_equal(crm_check_name(db, "name", ok), CRM_OK);
	assert_int_equal(crm_check_name(db, "name", long_), CRM_EINVAL);
	assert_string_equal(crm_db_errmsg(db), "name is too long: 201 characters, at most 200");
	assert_int_equal(crm_check_name(db, "name", ""), CRM_EINVAL);
	assert_string_equal(crm_db_errmsg(db), "empty name");
	assert_int_equal(crm_check_name(db, "name", NULL), CRM_EINVAL);
	assert_int_equal(crm_check_name(db, "name", "a\xff"), CRM_EINVAL);
	assert_string_equal(crm_db_errmsg(db), "name is not valid UTF-8 text");
	assert_int_equal(crm_check_name(db, "name", " Acme"), CRM_EINVAL);
	assert_int_equal(crm_check_name(db, "name", "Acme "), CRM_EINVAL);
	assert_string_equal(crm_db_errmsg(db), "name 'Acme ' starts or ends with a space");
	free(ok);
	free(long_);
}

static void test_check_text(void **state)
{
	struct crm_db *db = *state;
	char *ok = repeat("ж", CRM_TEXT_MAX), *long_ = repeat("ж", CRM_TEXT_MAX + 1);

	assert_int_equal(crm_check_text(db, "--note", ok), CRM_OK);
	assert_int_equal(crm_check_text(db, "--note", " leading space is fine "), CRM_OK);
	assert_int_equal(crm_check_text(db, "--note", long_), CRM_EINVAL);
	assert_string_equal(crm_db_errmsg(db),
			    "--note is too long: 10001 characters, at most 10000");
	assert_int_equal(crm_check_text(db, "--note", ""), CRM_EINVAL);
	assert_string_equal(crm_db_errmsg(db), "empty --note");
	assert_int_equal(crm_check_text(db, "--note", "\xd0"), CRM_EINVAL);
	free(ok);
	free(long_);
}

static void test_check_email_phone(void **state)
{
	struct crm_db *db = *state;
	static const char *const good_mail[] = { "a@b.ru", "ivan.petrov@mail.example.com",
						 "почта@пример.рф" };
	static const char *const bad_mail[] = { "ab.ru", "@b.ru", "a@b", "a@.ru", "a@b.",
						"a@@b.ru", "a b@c.ru", "a@b.ru,c@d.ru" };
	static const char *const good_phone[] = { "+7 495 123-45-67", "(495) 1234567", "12345",
						  "8.800.555.35.35" };
	static const char *const bad_phone[] = { "1234", "1234567890123456", "7+495 1234567",
						 "+7 495 CALL-ME", "ext 12345" };

	for (size_t i = 0; i < ARRAY_SIZE(good_mail); i++) {
		assert_int_equal(crm_check_email(db, "email", good_mail[i]), CRM_OK);
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad_mail); i++) {
		assert_int_equal(crm_check_email(db, "email", bad_mail[i]), CRM_EINVAL);
	}
	assert_string_equal(crm_db_errmsg(db),
			    "email 'a@b.ru,c@d.ru' does not look like an email address");
	for (size_t i = 0; i < ARRAY_SIZE(good_phone); i++) {
		assert_int_equal(crm_check_phone(db, "phone", good_phone[i]), CRM_OK);
	}
	for (size_t i = 0; i < ARRAY_SIZE(bad_phone); i++) {
		assert_int_equal(crm_check_phone(db, "phone", bad_phone[i]), CRM_EINVAL);
	}
	assert_int_equal(crm_check_phone(db, "phone", ""), CRM_EINVAL);
	assert_string_equal(crm_db_errmsg(db), "empty phone");
}

/* ---- uuids --------------------------------------------------------- */

static void test_uuid(void **state)
{
	char a[37], b[40], small[36];

	(void)state;
	assert_int_equal(crm_uuid_new(a, sizeof(a)), CRM_OK);
	assert_int_equal(crm_uuid_new(b, sizeof(b)), CRM_OK);
	assert_int_equal(strlen(a), 36);
	assert_true(crm_uuid_valid(a));
	assert_true(crm_uuid_valid(b));
	assert_string_not_equal(a, b);
	assert_int_equal(a[14], '4');             /* version 4 */
	assert_non_null(strchr("89ab", a[19]));  /* RFC 4122 variant */
	assert_int_equal(crm_uuid_new(small, sizeof(small)), CRM_EINVAL);
	assert_true(crm_uuid_valid("123e4567-e89b-42d3-a456-426614174000"));
	assert_true(crm_uuid_valid("123E4567-E89B-42D3-A456-426614174000"));
	assert_false(crm_uuid_valid(NULL));
	assert_false(crm_uuid_valid(""));
	assert_false(crm_uuid_valid("123e4567e89b42d3a456426614174000"));
	assert_false(crm_uuid_valid("123e4567-e89b-42d3-a456-42661417400g"));
	assert_false(crm_uuid_valid("123e4567-e89b-42d3-a456-4266141740000"));
}

/* ---- list fields --------------------------------------------------- */

static void check_list(struct crm_db *db, const char *json, const struct crm_list_edit *ed,
		       crm_status want, const char *want_json)
{
	char *out = (char *)"unset";

	assert_int_equal(crmi_list_apply(db, "tag", json, ed, &out), want);
	if (want_json) {
		assert_non_null(out);
		assert_string_equal(out, want_json);
	} else {
		assert_null(out);
	}
	free(out);
}

static void test_list_apply(void **state)
{
	struct crm_db *db = *state;
	const char *add[] = { "опт", "vip", "опт" };
	const char *rm[] = { "vip" };
	const char *rm_missing[] = { "нет" };
	const char *bad[] = { "" };
	char *word101 = repeat("x", 101);
	const char *too_long[] = { word101 };
	char *yo100 = repeat("я", 100);
	const char *cyr100[] = { yo100 };
	char want[512];
	struct crm_list_edit ed = { add, 3, NULL, 0 };

	check_list(db, NULL, NULL, CRM_OK, "[]");
	check_list(db, "", &ed, CRM_OK, "[\"опт\",\"vip\"]");
	check_list(db, "[\"vip\"]", &ed, CRM_OK, "[\"vip\",\"опт\"]");
	ed = (struct crm_list_edit){ NULL, 0, rm, 1 };
	check_list(db, "[\"a\",\"vip\",\"b\"]", &ed, CRM_OK, "[\"a\",\"b\"]");
	ed = (struct crm_list_edit){ add, 1, rm_missing, 1 };
	check_list(db, "[\"a\"]", &ed, CRM_ENOTFOUND, NULL);
	assert_string_equal(crm_db_errmsg(db), "no tag 'нет' to remove");
	ed = (struct crm_list_edit){ bad, 1, NULL, 0 };
	check_list(db, "[]", &ed, CRM_EINVAL, NULL);
	assert_string_equal(crm_db_errmsg(db), "empty tag");
	ed = (struct crm_list_edit){ too_long, 1, NULL, 0 };
	check_list(db, "[]", &ed, CRM_EINVAL, NULL);
	/* the limit counts characters, not bytes */
	ed = (struct crm_list_edit){ cyr100, 1, NULL, 0 };
	snprintf(want, sizeof(want), "[\"%s\"]", cyr100[0]);
	check_list(db, "[]", &ed, CRM_OK, want);
	/* garbage stored text counts as an empty list */
	ed = (struct crm_list_edit){ add, 1, NULL, 0 };
	check_list(db, "{not json", &ed, CRM_OK, "[\"опт\"]");
	/* add and remove of the same word in one edit: removed */
	ed = (struct crm_list_edit){ rm, 1, rm, 1 };
	check_list(db, "[]", &ed, CRM_OK, "[]");
	free(word101);
	free(yo100);
}

/* ---- references ---------------------------------------------------- */

static const struct crmi_resolve_sql client_sql = {
	.sql_id = "SELECT id, name FROM client WHERE id = ?1",
	.sql_uuid = "SELECT id, name FROM client WHERE uuid = ?1",
	.sql_exact = "SELECT id, name FROM client WHERE name_fold = ?1 ORDER BY id LIMIT 11",
	.sql_prefix = "SELECT id, name FROM client WHERE name_fold >= ?1 AND name_fold < ?2"
		      " ORDER BY name_fold, id LIMIT 11",
	.sql_contains = "SELECT id, name FROM client WHERE instr(' ' || name_fold, ' ' || ?1) > 0"
			" ORDER BY name_fold, id LIMIT 11",
};

/* The same without the part-of-name pass. */
static const struct crmi_resolve_sql prefix_sql = {
	.sql_id = "SELECT id, name FROM client WHERE id = ?1",
	.sql_exact = "SELECT id, name FROM client WHERE name_fold = ?1 ORDER BY id LIMIT 11",
	.sql_prefix = "SELECT id, name FROM client WHERE name_fold >= ?1 AND name_fold < ?2"
		      " ORDER BY name_fold, id LIMIT 11",
};

/* Clients inserted directly, with their folded names. */
static void fill_clients(struct crm_db *db)
{
	sql_exec(db, "INSERT INTO client(id, uuid, name, name_fold, stage_since, created, updated)"
		     " VALUES"
		     " (12, '00000000-0000-4000-8000-000000000012', 'Рога и копыта ООО',"
		     "  'рога и копыта ооо', 0, 0, 0),"
		     " (31, '00000000-0000-4000-8000-000000000031', 'Рога и копыта ИП',"
		     "  'рога и копыта ип', 0, 0, 0),"
		     " (40, '00000000-0000-4000-8000-000000000040', 'Acme', 'acme', 0, 0, 0),"
		     " (41, '00000000-0000-4000-8000-000000000041', 'Acme Trading', 'acme trading',"
		     "  0, 0, 0),"
		     " (50, '00000000-0000-4000-8000-000000000050', 'Ёлки', 'елки', 0, 0, 0),"
		     " (60, '00000000-0000-4000-8000-000000000060', 'Twin', 'twin', 0, 0, 0),"
		     " (61, '00000000-0000-4000-8000-000000000061', 'TWIN', 'twin', 0, 0, 0)");
}

static int64_t resolve(struct crm_db *db, const char *ref, crm_status want)
{
	int64_t id = -1;

	assert_int_equal(crmi_resolve(db, "client", ref, &client_sql, &id), want);
	if (want != CRM_OK) {
		assert_int_equal(id, 0);
	}
	return id;
}

static void test_resolve(void **state)
{
	struct crm_db *db = *state;

	fill_clients(db);
	/* ids */
	assert_int_equal(resolve(db, "12", CRM_OK), 12);
	resolve(db, "99", CRM_ENOTFOUND);
	assert_string_equal(crm_db_errmsg(db), "no client with id 99");
	/* uuids */
	assert_int_equal(resolve(db, "00000000-0000-4000-8000-000000000031", CRM_OK), 31);
	resolve(db, "00000000-0000-4000-8000-000000000099", CRM_ENOTFOUND);
	/* an exact folded name wins over longer names that start with it */
	assert_int_equal(resolve(db, "ACME", CRM_OK), 40);
	assert_int_equal(resolve(db, "acme t", CRM_OK), 41);
	/* Cyrillic case and ё */
	assert_int_equal(resolve(db, "РОГА И КОПЫТА ип", CRM_OK), 31);
	assert_int_equal(resolve(db, "елки", CRM_OK), 50);
	assert_int_equal(resolve(db, "ЁЛ", CRM_OK), 50);
	/* a unique prefix */
	assert_int_equal(resolve(db, "рога и копыта о", CRM_OK), 12);
	/* an ambiguous prefix lists the candidates in name order */
	resolve(db, "Рога", CRM_EAMBIGUOUS);
	assert_string_equal(crm_db_errmsg(db), "client 'Рога' is ambiguous: 31 Рога и копыта ИП, "
					       "12 Рога и копыта ООО");
	/* two records with the same folded name are ambiguous too */
	resolve(db, "twin", CRM_EAMBIGUOUS);
	assert_string_equal(crm_db_errmsg(db), "client 'twin' is ambiguous: 60 Twin, 61 TWIN");
	/* the start of a word when no name starts with it; an exact name or
	 * a prefix wins over names with such a word */
	assert_int_equal(resolve(db, "копыта ип", CRM_OK), 31);
	assert_int_equal(resolve(db, "trad", CRM_OK), 41);
	resolve(db, "копыта", CRM_EAMBIGUOUS);
	assert_string_equal(crm_db_errmsg(db), "client 'копыта' is ambiguous: 31 Рога и копыта ИП, "
					       "12 Рога и копыта ООО");
	resolve(db, "cme", CRM_ENOTFOUND);
	resolve(db, "Zeta", CRM_ENOTFOUND);
	assert_string_equal(crm_db_errmsg(db), "no client matches 'Zeta'");
	/* without sql_contains, no part-of-name pass and no uuid pass */
	{
		int64_t id = -1;

		assert_int_equal(crmi_resolve(db, "client", "trad", &prefix_sql, &id), CRM_ENOTFOUND);
		assert_int_equal(crmi_resolve(db, "client", "00000000-0000-4000-8000-000000000031",
					      &prefix_sql, &id), CRM_ENOTFOUND);
		assert_int_equal(crmi_resolve(db, "client", "acme t", &prefix_sql, &id), CRM_OK);
		assert_int_equal(id, 41);
	}
	resolve(db, "", CRM_EINVAL);
	resolve(db, NULL, CRM_EINVAL);
}

static void test_resolve_many(void **state)
{
	struct crm_db *db = *state;
	char sql[256];

	for (int i = 1; i <= 12; i++) {
		snprintf(sql, sizeof(sql),
			 "INSERT INTO client(id, uuid, name, name_fold, stage_since, created, updated)"
			 " VALUES (%d, 'u%d', 'Shop %02d', 'shop %02d', 0, 0, 0)", i, i, i, i);
		sql_exec(db, sql);
	}
	resolve(db, "shop", CRM_EAMBIGUOUS);
	/* at most ten candidates, then an ellipsis */
	assert_non_null(strstr(crm_db_errmsg(db), "1 Shop 01, 2 Shop 02"));
	assert_non_null(strstr(crm_db_errmsg(db), "10 Shop 10, ..."));
	assert_null(strstr(crm_db_errmsg(db), "Shop 11"));
	assert_int_equal(resolve(db, "shop 1", CRM_EAMBIGUOUS), 0);
	assert_int_equal(resolve(db, "shop 12", CRM_OK), 12);
}

/* A long list of long Cyrillic candidates is cut at a character. */
static void test_resolve_long_names(void **state)
{
	struct crm_db *db = *state;
	char *name = repeat("Ж", 150), *fold = repeat("ж", 150);
	char sql[2048];
	const char *msg;

	for (int i = 1; i <= 3; i++) {
		snprintf(sql, sizeof(sql),
			 "INSERT INTO client(id, uuid, name, name_fold, stage_since, created, updated)"
			 " VALUES (%d, 'u%d', '%s %d', '%s %d', 0, 0, 0)", i, i, name, i, fold, i);
		sql_exec(db, sql);
	}
	resolve(db, "ж", CRM_EAMBIGUOUS);
	msg = crm_db_errmsg(db);
	assert_true(crm_utf8_valid(msg, strlen(msg)));
	assert_non_null(strstr(msg, "is ambiguous: 1 ЖЖЖ"));
	free(name);
	free(fold);
}

/* ---- the search index ---------------------------------------------- */

static void test_search_put_del(void **state)
{
	struct crm_db *db = *state;
	const char *parts[] = { "ООО «Ромашка»", NULL, "Ёжиков Пётр" };
	const char *parts2[] = { "Acme" };
	sqlite3_stmt *st = NULL;

	assert_int_equal(CRMI_SEARCH_ROWID(7, CRMI_SEARCH_CONTACT), 29);
	assert_int_equal(crmi_search_put(db, CRMI_SEARCH_ROWID(7, CRMI_SEARCH_CLIENT), 7, parts,
					 3), CRM_OK);
	assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT body, client_id FROM search"
						     " WHERE rowid = 28", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	/* folded, ё -> е, the parts joined by a newline, NULLs skipped */
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "ооо «ромашка»\nежиков петр");
	assert_int_equal(sqlite3_column_int64(st, 1), 7);
	sqlite3_finalize(st);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM search WHERE search MATCH 'ромашка'"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM search WHERE search MATCH 'ежиков'"), 1);
	/* put again replaces */
	assert_int_equal(crmi_search_put(db, 28, 7, parts2, 1), CRM_OK);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM search"), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM search WHERE search MATCH 'ромашка'"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM search WHERE search MATCH 'acme'"), 1);
	assert_int_equal(crmi_search_del(db, 28), CRM_OK);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM search"), 0);
	assert_int_equal(crmi_search_del(db, 28), CRM_OK);
}

/* ---- the key set ----------------------------------------------------- */

static void test_keyset(void **state)
{
	struct crmi_keyset s = { 0 };

	(void)state;
	assert_false(crmi_keyset_has(&s, 1));
	/* keys that share their low bits, and neighbours: all found, no other */
	for (uint64_t k = 1; k <= 512; k++) {
		assert_true(crmi_keyset_add(&s, k << 32));
	}
	/* half full at 512: the 513th key grows it */
	assert_int_equal(s.n, 512);
	assert_int_equal(s.cap, 1024);
	assert_true(crmi_keyset_add(&s, UINT64_MAX));
	assert_int_equal(s.cap, 2048);
	assert_int_equal(s.n, 513);
	for (uint64_t k = 1; k <= 512; k++) {
		assert_true(crmi_keyset_has(&s, k << 32));
		assert_false(crmi_keyset_has(&s, (k << 32) + 1));
	}
	assert_true(crmi_keyset_has(&s, UINT64_MAX));
	assert_false(crmi_keyset_has(&s, 0));
	assert_false(crmi_keyset_has(&s, UINT64_C(513) << 32));
	/* a key added again is one key */
	assert_true(crmi_keyset_add(&s, 1 << 20));
	assert_true(crmi_keyset_add(&s, 1 << 20));
	assert_int_equal(s.n, 514);
	crmi_keyset_release(&s);
	assert_int_equal(s.n, 0);
	assert_false(crmi_keyset_has(&s, 1 << 20));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_enum_check, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_check_name, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_check_text, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_check_email_phone, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_uuid, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_list_apply, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_resolve, fixture_setup, fixture_teardown),
		cmocka_unit_test(test_keyset),
		cmocka_unit_test_setup_teardown(test_resolve_many, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_resolve_long_names, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_search_put_del, fixture_setup,
						fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
