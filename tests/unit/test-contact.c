/*
 * test-contact.c: key contacts: adding with checks, editing with '' clears,
 * verification dates, stale contacts, removal, references and the search
 * index entries that follow every change.
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
#define T0 INT64_C(1795341600)    /* 2026-11-22T10:00:00Z */
#define TODAY INT64_C(1795305600) /* 2026-11-22 */

static int setup(void **state)
{
	return fixture_open(state, T0, "anna");
}

/* A client made with plain SQL, so that these tests need only contact.c. */
static int64_t new_client(struct crm_db *db, const char *name)
{
	sqlite3_stmt *st;
	char uuid[40];
	char *fold = crm_text_fold(name);

	assert_non_null(fold);
	assert_int_equal(crm_uuid_new(uuid, sizeof(uuid)), CRM_OK);
	assert_int_equal(sqlite3_prepare_v2(db->sql,
					    "INSERT INTO client(uuid, name, name_fold, stage_since,"
					    " created, updated) VALUES (?1, ?2, ?3, 0, 0, 0)",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, fold, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	free(fold);
	return sqlite3_last_insert_rowid(db->sql);
}

/* How many search rows match the word (FTS5 over folded text). */
static int64_t search_hits(struct crm_db *db, const char *word, int64_t rowid)
{
	sqlite3_stmt *st;
	int64_t n = 0;

	assert_int_equal(sqlite3_prepare_v2(db->sql,
					    "SELECT count(*) FROM search WHERE search MATCH ?1"
					    " AND rowid = ?2",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, word, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, rowid);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int64_t add(struct crm_db *db, int64_t client, const char *name, const char *role,
		   const char *phone, const char *email, int key)
{
	struct crm_contact_input in = { .name = name, .role = role, .phone = phone,
					.email = email, .key = key };
	int64_t id = 0;

	assert_int_equal(crm_contact_add(db, client, &in, &id), CRM_OK);
	assert_true(id > 0);
	return id;
}

/* Reads one contact through the public query (copying nothing: the caller
 * checks the row before destroying the iterator). */
static struct crm_contact_iter *one(struct crm_db *db, int64_t id, const struct crm_contact **c)
{
	struct crm_contact_iter *it = NULL;

	assert_int_equal(crm_contact_query(db, &(struct crm_contact_filter){ .id = id }, &it),
			 CRM_OK);
	assert_int_equal(crm_contact_iter_next(it, c), CRM_OK);
	return it;
}

/* The ids a filter returns, in order. */
static void check_ids(struct crm_db *db, const struct crm_contact_filter *f, const int64_t *want,
		      size_t nwant)
{
	struct crm_contact_iter *it = NULL;
	const struct crm_contact *c;
	crm_status st;
	size_t n = 0;

	assert_int_equal(crm_contact_query(db, f, &it), CRM_OK);
	while ((st = crm_contact_iter_next(it, &c)) == CRM_OK) {
		if (n >= nwant) {
			fail_msg("unexpected contact %lld", (long long)c->id);
		}
		assert_int_equal(c->id, want[n]);
		n++;
	}
	assert_int_equal(st, CRM_DONE);
	/* an exhausted iterator stays exhausted */
	assert_int_equal(crm_contact_iter_next(it, &c), CRM_DONE);
	assert_null(c);
	assert_int_equal(n, nwant);
	crm_contact_iter_destroy(it);
}

static void test_add_and_read(void **state)
{
	struct crm_db *db = *state;
	int64_t cl = new_client(db, "ООО Ромашка");
	int64_t id = add(db, cl, "Иван Петров", "директор", "+7 (495) 123-45-67",
			 "ivan@romashka.ru", 1);
	const struct crm_contact *c;
	struct crm_contact_iter *it = one(db, id, &c);
	char *data;

	assert_int_equal(c->id, id);
	assert_true(crm_uuid_valid(c->uuid));
	assert_int_equal(c->client_id, cl);
	assert_string_equal(c->client, "ООО Ромашка");
	assert_string_equal(c->name, "Иван Петров");
	assert_string_equal(c->role, "директор");
	assert_string_equal(c->phone, "+7 (495) 123-45-67");
	assert_string_equal(c->email, "ivan@romashka.ru");
	assert_true(c->key);
	assert_int_equal(c->verified, 0);
	assert_int_equal(c->created, T0);
	crm_contact_iter_destroy(it);

	/* one journal entry with the record */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal WHERE action = 'contact.add'"), 1);
	data = sql_text_id(db, "SELECT data FROM journal WHERE action = 'contact.add' AND entity_id = ?1"
			       " AND entity = 'contact' AND actor = 'anna'", id);
	assert_non_null(data);
	assert_non_null(strstr(data, "\"name\":\"Иван Петров\""));
	assert_non_null(strstr(data, "\"key\":true"));
	free(data);

	/* the search index: name, role, email, phone, folded, under the
	 * contact's rowid, with the client id */
	assert_int_equal(search_hits(db, "иван", CRMI_SEARCH_ROWID(id, CRMI_SEARCH_CONTACT)), 1);
	assert_int_equal(search_hits(db, "директор", CRMI_SEARCH_ROWID(id, CRMI_SEARCH_CONTACT)),
			 1);
	assert_int_equal(search_hits(db, "romashka", CRMI_SEARCH_ROWID(id, CRMI_SEARCH_CONTACT)), 1);
	assert_int_equal(sql_int_id(db, "SELECT client_id FROM search WHERE rowid = ?1",
				    CRMI_SEARCH_ROWID(id, CRMI_SEARCH_CONTACT)),
			 cl);
}

static void test_add_minimal(void **state)
{
	struct crm_db *db = *state;
	int64_t cl = new_client(db, "Acme");
	/* "" is none for the optional fields */
	int64_t id = add(db, cl, "Bob", "", NULL, "", 0);
	const struct crm_contact *c;
	struct crm_contact_iter *it = one(db, id, &c);

	assert_null(c->role);
	assert_null(c->phone);
	assert_null(c->email);
	assert_false(c->key);
	crm_contact_iter_destroy(it);
}

static void check_add_refused(struct crm_db *db, int64_t cl, const struct crm_contact_input *in,
			      crm_status want, const char *msg)
{
	int64_t id = 99;

	assert_int_equal(crm_contact_add(db, cl, in, &id), want);
	assert_int_equal(id, 0);
	assert_non_null(strstr(crm_db_errmsg(db), msg));
	assert_int_equal(sql_int(db, "SELECT count(*) FROM contact"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal WHERE action = 'contact.add'"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM search"), 0);
}

static void test_add_refused(void **state)
{
	struct crm_db *db = *state;
	int64_t cl = new_client(db, "Acme");
	char name[300];

	check_add_refused(db, cl, &(struct crm_contact_input){ .name = "" }, CRM_EINVAL,
			  "empty contact name");
	check_add_refused(db, cl, &(struct crm_contact_input){ .name = NULL }, CRM_EINVAL,
			  "empty contact name");
	memset(name, 'x', 201);
	name[201] = '\0';
	check_add_refused(db, cl, &(struct crm_contact_input){ .name = name }, CRM_EINVAL,
			  "too long");
	check_add_refused(db, cl, &(struct crm_contact_input){ .name = "Bad \xff" }, CRM_EINVAL,
			  "UTF-8");
	check_add_refused(db, cl, &(struct crm_contact_input){ .name = "Bob", .email = "bob" },
			  CRM_EINVAL, "email 'bob'");
	check_add_refused(db, cl,
			  &(struct crm_contact_input){ .name = "Bob", .phone = "call me" },
			  CRM_EINVAL, "phone 'call me'");
	check_add_refused(db, cl, &(struct crm_contact_input){ .name = "Bob", .role = " x" },
			  CRM_EINVAL, "role");
	check_add_refused(db, cl + 1, &(struct crm_contact_input){ .name = "Bob" }, CRM_ENOTFOUND,
			  "no client with id");
	check_add_refused(db, cl, &(struct crm_contact_input){ .name = "Bob", .uuid = "nope" },
			  CRM_EINVAL, "invalid uuid");
	/* 200 characters is the most a name may have */
	name[200] = '\0';
	assert_int_equal(crm_contact_add(db, cl, &(struct crm_contact_input){ .name = name },
					 &(int64_t){ 0 }),
			 CRM_OK);
}

static void test_add_import_fields(void **state)
{
	struct crm_db *db = *state;
	int64_t cl = new_client(db, "Acme");
	const char *uuid = "0b6e1f9c-3d2a-4c5b-8e7f-1a2b3c4d5e6f";
	struct crm_contact_input in = { .name = "Bob", .uuid = uuid, .verified = TODAY - DAY };
	const struct crm_contact *c;
	struct crm_contact_iter *it;
	int64_t id, id2 = 7;

	assert_int_equal(crm_contact_add(db, cl, &in, &id), CRM_OK);
	it = one(db, id, &c);
	assert_string_equal(c->uuid, uuid);
	assert_int_equal(c->verified, TODAY - DAY);
	crm_contact_iter_destroy(it);
	/* a uuid already present is a conflict */
	in.name = "Other";
	assert_int_equal(crm_contact_add(db, cl, &in, &id2), CRM_EEXIST);
	assert_int_equal(id2, 0);
	assert_non_null(strstr(crm_db_errmsg(db), uuid));
	assert_int_equal(sql_int(db, "SELECT count(*) FROM contact"), 1);
}

static void test_edit(void **state)
{
	struct crm_db *db = *state;
	int64_t cl = new_client(db, "Acme");
	int64_t id = add(db, cl, "Bob Smith", "buyer", "12345", "bob@acme.com", 1);
	int64_t rowid = CRMI_SEARCH_ROWID(id, CRMI_SEARCH_CONTACT), found;
	struct crm_contact_input in = { .name = "Robert Smith", .role = "", .phone = "+1 555 0100",
					.key = -1 };
	const struct crm_contact *c;
	struct crm_contact_iter *it;
	char *data;

	assert_int_equal(crm_contact_edit(db, id, &in), CRM_OK);
	it = one(db, id, &c);
	assert_string_equal(c->name, "Robert Smith");
	assert_null(c->role);                          /* '' clears */
	assert_string_equal(c->phone, "+1 555 0100");
	assert_string_equal(c->email, "bob@acme.com"); /* NULL: unchanged */
	assert_true(c->key);                           /* -1: unchanged */
	crm_contact_iter_destroy(it);

	/* the journal has the changed fields only, old and new */
	data = sql_text_id(db, "SELECT data FROM journal WHERE action = 'contact.edit'"
			       " AND entity_id = ?1", id);
	assert_non_null(data);
	assert_non_null(strstr(data, "\"name\":{\"old\":\"Bob Smith\",\"new\":\"Robert Smith\"}"));
	assert_non_null(strstr(data, "\"role\":{\"old\":\"buyer\",\"new\":null}"));
	assert_null(strstr(data, "\"email\":{"));
	assert_null(strstr(data, "\"key\":{"));
	free(data);

	/* the index follows: the new name is found, the old role is not */
	assert_int_equal(search_hits(db, "robert", rowid), 1);
	assert_int_equal(search_hits(db, "buyer", rowid), 0);
	/* and the folded name: the new name resolves */
	assert_int_equal(crm_contact_resolve(db, "robert", &found), CRM_OK);
	assert_int_equal(found, id);
	assert_int_equal(crm_contact_resolve(db, "bob", &found), CRM_ENOTFOUND);

	/* --no-key */
	assert_int_equal(crm_contact_edit(db, id, &(struct crm_contact_input){ .key = 0 }), CRM_OK);
	it = one(db, id, &c);
	assert_false(c->key);
	crm_contact_iter_destroy(it);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal WHERE action = 'contact.edit'"), 2);

	/* nothing changes: nothing is journaled */
	assert_int_equal(crm_contact_edit(db, id, &(struct crm_contact_input){ .key = 0 }), CRM_OK);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal WHERE action = 'contact.edit'"), 2);
}

static void test_edit_refused(void **state)
{
	struct crm_db *db = *state;
	int64_t cl = new_client(db, "Acme");
	int64_t id = add(db, cl, "Bob", NULL, NULL, "bob@acme.com", 0);
	const struct crm_contact *c;
	struct crm_contact_iter *it;

	assert_int_equal(crm_contact_edit(db, id,
					  &(struct crm_contact_input){ .name = "Bobby",
								       .email = "bob at acme",
								       .key = 1 }),
			 CRM_EINVAL);
	assert_int_equal(crm_contact_edit(db, id,
					  &(struct crm_contact_input){ .name = "", .key = -1 }),
			 CRM_EINVAL);
	assert_int_equal(crm_contact_edit(db, id + 1,
					  &(struct crm_contact_input){ .name = "X", .key = -1 }),
			 CRM_ENOTFOUND);
	assert_non_null(strstr(crm_db_errmsg(db), "no contact with id"));
	it = one(db, id, &c);
	assert_string_equal(c->name, "Bob");
	assert_string_equal(c->email, "bob@acme.com");
	assert_false(c->key);
	crm_contact_iter_destroy(it);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal WHERE action = 'contact.edit'"), 0);
}

static int64_t verified_of(struct crm_db *db, int64_t id)
{
	return sql_int_id(db, "SELECT coalesce(verified, 0) FROM contact WHERE id = ?1", id);
}

/* The postal address: one line of at most 200 characters, stored, shown,
 * journaled, searched and cleared like the other optional fields. */
static void test_address(void **state)
{
	struct crm_db *db = *state;
	int64_t cl = new_client(db, "Acme");
	struct crm_contact_input in = { .name = "Bob", .address = "Москва, ул. Ленина, 1" };
	const struct crm_contact *c;
	struct crm_contact_iter *it;
	int64_t id = 0, rowid;
	char addr[300], *data;

	/* refused: a line break, a control character, a blank at an end, 201 characters */
	check_add_refused(db, cl, &(struct crm_contact_input){ .name = "X", .address = "a\nb" },
			  CRM_EINVAL, "address");
	check_add_refused(db, cl, &(struct crm_contact_input){ .name = "X", .address = "a\tb" },
			  CRM_EINVAL, "address");
	check_add_refused(db, cl, &(struct crm_contact_input){ .name = "X", .address = "a " },
			  CRM_EINVAL, "address");
	memset(addr, 'x', 201);
	addr[201] = '\0';
	check_add_refused(db, cl, &(struct crm_contact_input){ .name = "X", .address = addr },
			  CRM_EINVAL, "address is too long");
	assert_int_equal(crm_contact_add(db, cl, &in, &id), CRM_OK);
	rowid = CRMI_SEARCH_ROWID(id, CRMI_SEARCH_CONTACT);
	it = one(db, id, &c);
	assert_string_equal(c->address, "Москва, ул. Ленина, 1");
	crm_contact_iter_destroy(it);
	data = sql_text_id(db, "SELECT data FROM journal WHERE action = 'contact.add'"
			       " AND entity_id = ?1", id);
	assert_non_null(data);
	assert_non_null(strstr(data, "\"address\":\"Москва, ул. Ленина, 1\""));
	free(data);
	assert_int_equal(search_hits(db, "ленина", rowid), 1);

	assert_int_equal(crm_contact_edit(db, id, &(struct crm_contact_input){ .address = addr,
									 .key = -1 }),
			 CRM_EINVAL);
	/* 200 characters is the most */
	addr[200] = '\0';
	assert_int_equal(crm_contact_edit(db, id, &(struct crm_contact_input){ .address = addr,
									 .key = -1 }),
			 CRM_OK);
	it = one(db, id, &c);
	assert_string_equal(c->address, addr);
	crm_contact_iter_destroy(it);

	/* edit: the journal has old and new, the index follows */
	in = (struct crm_contact_input){ .address = "Тверь, пр. Мира, 2", .key = -1 };
	assert_int_equal(crm_contact_edit(db, id, &in), CRM_OK);
	data = sql_text_id(db, "SELECT data FROM journal WHERE action = 'contact.edit'"
			       " AND entity_id = ?1 ORDER BY id DESC LIMIT 1", id);
	assert_non_null(data);
	assert_non_null(strstr(data, "\"new\":\"Тверь, пр. Мира, 2\""));
	free(data);
	assert_int_equal(search_hits(db, "тверь", rowid), 1);
	assert_int_equal(search_hits(db, "ленина", rowid), 0);

	/* an edit of something else keeps it; '' clears it */
	in = (struct crm_contact_input){ .role = "buyer", .key = -1 };
	assert_int_equal(crm_contact_edit(db, id, &in), CRM_OK);
	it = one(db, id, &c);
	assert_string_equal(c->address, "Тверь, пр. Мира, 2");
	crm_contact_iter_destroy(it);
	in = (struct crm_contact_input){ .address = "", .key = -1 };
	assert_int_equal(crm_contact_edit(db, id, &in), CRM_OK);
	it = one(db, id, &c);
	assert_null(c->address);
	crm_contact_iter_destroy(it);
	assert_int_equal(search_hits(db, "тверь", rowid), 0);
}

static void test_verify(void **state)
{
	struct crm_db *db = *state;
	int64_t cl = new_client(db, "Acme");
	int64_t id = add(db, cl, "Bob", NULL, NULL, NULL, 0);
	char *data;

	/* 0: today (the date, not the time) */
	assert_int_equal(crm_contact_verify(db, id, 0), CRM_OK);
	assert_int_equal(verified_of(db, id), TODAY);
	/* a past date; a time is taken as its date */
	assert_int_equal(crm_contact_verify(db, id, TODAY - 10 * DAY + 3600), CRM_OK);
	assert_int_equal(verified_of(db, id), TODAY - 10 * DAY);
	data = sql_text_id(db, "SELECT data FROM journal WHERE action = 'contact.verify'"
			       " ORDER BY id DESC LIMIT 1", 0);
	assert_non_null(strstr(data, "\"verified\":\"2026-11-12\""));
	assert_non_null(strstr(data, "\"old\":\"2026-11-22\""));
	free(data);
	/* later today is still today */
	assert_int_equal(crm_contact_verify(db, id, T0 + 3600), CRM_OK);
	assert_int_equal(verified_of(db, id), TODAY);
	/* tomorrow is refused and changes nothing */
	assert_int_equal(crm_contact_verify(db, id, TODAY + DAY), CRM_EINVAL);
	assert_non_null(strstr(crm_db_errmsg(db), "2026-11-23 is in the future"));
	assert_int_equal(verified_of(db, id), TODAY);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal WHERE action = 'contact.verify'"),
			 3);
	assert_int_equal(crm_contact_verify(db, id + 1, 0), CRM_ENOTFOUND);
}

static void test_stale(void **state)
{
	struct crm_db *db = *state;
	int64_t a = new_client(db, "Acme"), b = new_client(db, "Beta");
	int64_t never = add(db, a, "Never", NULL, NULL, NULL, 1);
	int64_t today = add(db, a, "Today", NULL, NULL, NULL, 0);
	int64_t edge = add(db, a, "Edge", NULL, NULL, NULL, 1);
	int64_t old = add(db, b, "Old", NULL, NULL, NULL, 0);
	int64_t keyold = add(db, b, "Keyold", NULL, NULL, NULL, 1);

	assert_int_equal(crm_contact_verify(db, today, 0), CRM_OK);
	/* exactly 30 days before today: still fresh at --stale 30 */
	assert_int_equal(crm_contact_verify(db, edge, TODAY - 30 * DAY), CRM_OK);
	assert_int_equal(crm_contact_verify(db, old, TODAY - 31 * DAY), CRM_OK);
	assert_int_equal(crm_contact_verify(db, keyold, TODAY - 400 * DAY), CRM_OK);

	/* every client: by client name, key people first, then by name */
	check_ids(db, &(struct crm_contact_filter){ 0 },
		  (int64_t[]){ edge, never, today, keyold, old }, 5);
	check_ids(db, &(struct crm_contact_filter){ .stale_days = 30 },
		  (int64_t[]){ never, keyold, old }, 3);
	check_ids(db, &(struct crm_contact_filter){ .stale_days = 31 },
		  (int64_t[]){ never, keyold }, 2);
	check_ids(db, &(struct crm_contact_filter){ .stale_days = 29 },
		  (int64_t[]){ edge, never, keyold, old }, 4);
	check_ids(db, &(struct crm_contact_filter){ .stale_days = 30, .key_only = true },
		  (int64_t[]){ never, keyold }, 2);
	check_ids(db, &(struct crm_contact_filter){ .key_only = true },
		  (int64_t[]){ edge, never, keyold }, 3);
	check_ids(db, &(struct crm_contact_filter){ .client_id = b, .stale_days = 30 },
		  (int64_t[]){ keyold, old }, 2);
	check_ids(db, &(struct crm_contact_filter){ .client_id = a },
		  (int64_t[]){ edge, never, today }, 3);
	check_ids(db, &(struct crm_contact_filter){ .id = old, .key_only = true }, NULL, 0);
	assert_int_equal(crm_contact_query(db, &(struct crm_contact_filter){ .stale_days = -1 },
					   &(struct crm_contact_iter *){ NULL }),
			 CRM_EINVAL);
}

static void test_remove(void **state)
{
	struct crm_db *db = *state;
	int64_t cl = new_client(db, "Acme");
	int64_t id = add(db, cl, "Bob", "buyer", NULL, "bob@acme.com", 1);
	int64_t keep = add(db, cl, "Carol", NULL, NULL, NULL, 0);
	char *data;

	assert_int_equal(crm_contact_remove(db, id), CRM_OK);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM contact"), 1);
	assert_int_equal(sql_int_id(db, "SELECT count(*) FROM search WHERE rowid = ?1",
				    CRMI_SEARCH_ROWID(id, CRMI_SEARCH_CONTACT)),
			 0);
	assert_int_equal(sql_int_id(db, "SELECT count(*) FROM search WHERE rowid = ?1",
				    CRMI_SEARCH_ROWID(keep, CRMI_SEARCH_CONTACT)),
			 1);
	/* the journal keeps what was removed */
	data = sql_text_id(db, "SELECT data FROM journal WHERE action = 'contact.remove'"
			       " AND entity_id = ?1", id);
	assert_non_null(data);
	assert_non_null(strstr(data, "\"name\":\"Bob\""));
	assert_non_null(strstr(data, "\"email\":\"bob@acme.com\""));
	assert_non_null(strstr(data, "\"role\":\"buyer\""));
	free(data);
	assert_int_equal(crm_contact_remove(db, id), CRM_ENOTFOUND);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal WHERE action = 'contact.remove'"),
			 1);
}

static void test_resolve(void **state)
{
	struct crm_db *db = *state;
	int64_t a = new_client(db, "ООО Ромашка"), b = new_client(db, "Acme");
	int64_t ivan = add(db, a, "Иван Петров", NULL, NULL, NULL, 1);
	int64_t ivan2 = add(db, b, "Иван Сидоров", NULL, NULL, NULL, 0);
	int64_t olga = add(db, b, "Ольга", NULL, NULL, NULL, 0);
	const struct crm_contact *c;
	struct crm_contact_iter *it;
	char idref[32];
	int64_t id;

	snprintf(idref, sizeof(idref), "%lld", (long long)ivan2);
	assert_int_equal(crm_contact_resolve(db, idref, &id), CRM_OK);
	assert_int_equal(id, ivan2);
	it = one(db, olga, &c);
	assert_int_equal(crm_contact_resolve(db, c->uuid, &id), CRM_OK);
	assert_int_equal(id, olga);
	crm_contact_iter_destroy(it);
	/* exact name, case folded for Cyrillic */
	assert_int_equal(crm_contact_resolve(db, "иван петров", &id), CRM_OK);
	assert_int_equal(id, ivan);
	/* a unique prefix */
	assert_int_equal(crm_contact_resolve(db, "ОЛЬ", &id), CRM_OK);
	assert_int_equal(id, olga);
	/* an ambiguous prefix lists the candidates with their clients */
	assert_int_equal(crm_contact_resolve(db, "иван", &id), CRM_EAMBIGUOUS);
	assert_int_equal(id, 0);
	assert_non_null(strstr(crm_db_errmsg(db), "Иван Петров (ООО Ромашка)"));
	assert_non_null(strstr(crm_db_errmsg(db), "Иван Сидоров (Acme)"));
	/* the start of a word: the surname alone */
	assert_int_equal(crm_contact_resolve(db, "сидоров", &id), CRM_OK);
	assert_int_equal(id, ivan2);
	assert_int_equal(crm_contact_resolve(db, "идоров", &id), CRM_ENOTFOUND);
	assert_int_equal(crm_contact_resolve(db, "Мария", &id), CRM_ENOTFOUND);
	assert_int_equal(crm_contact_resolve(db, "999", &id), CRM_ENOTFOUND);
	assert_non_null(strstr(crm_db_errmsg(db), "no contact with id 999"));
	assert_int_equal(crm_contact_resolve(db, "", &id), CRM_EINVAL);
}

/* A change that fails half-way leaves nothing behind (atomic). */
/* The name in parts, the gender and the form of address, for the letters:
 * stored on add, changed and cleared ('') on edit, journaled, checked. */
static void test_name_parts(void **state)
{
	struct crm_db *db = *state;
	int64_t cl = new_client(db, "Городская Дума"), id, n;
	const struct crm_contact *c;
	struct crm_contact_iter *it;
	struct crm_contact_input in = {
		.name = "Сергеев Андрей Викторович", .first_name = "Андрей",
		.patronymic = "Викторович", .last_name = "Сергеев", .gender = "m", .key = 1,
	};
	char long_name[202];
	char *data;

	assert_int_equal(crm_contact_add(db, cl, &in, &id), CRM_OK);
	it = one(db, id, &c);
	assert_string_equal(c->first_name, "Андрей");
	assert_string_equal(c->patronymic, "Викторович");
	assert_string_equal(c->last_name, "Сергеев");
	assert_string_equal(c->gender, "m");
	assert_null(c->address_as);
	crm_contact_iter_destroy(it);
	data = sql_text_id(db, "SELECT data FROM journal WHERE action = 'contact.add'"
			       " AND entity_id = ?1", id);
	assert_non_null(strstr(data, "\"first_name\":\"Андрей\",\"patronymic\":\"Викторович\","
				     "\"last_name\":\"Сергеев\",\"gender\":\"m\"}"));
	free(data);

	/* edit: a form of address, the gender cleared; the rest unchanged */
	assert_int_equal(crm_contact_edit(db, id, &(struct crm_contact_input){
					  .address_as = "Андрей", .gender = "", .key = -1 }),
			 CRM_OK);
	it = one(db, id, &c);
	assert_string_equal(c->address_as, "Андрей");
	assert_null(c->gender);
	assert_string_equal(c->first_name, "Андрей");
	crm_contact_iter_destroy(it);
	data = sql_text_id(db, "SELECT data FROM journal WHERE action = 'contact.edit'"
			       " AND entity_id = ?1", id);
	assert_non_null(strstr(data, "\"changes\":{\"gender\":{\"old\":\"m\",\"new\":null},"
				     "\"address_as\":{\"old\":null,\"new\":\"Андрей\"}}"));
	free(data);

	/* nothing changes: nothing written */
	n = sql_int(db, "SELECT count(*) FROM journal");
	assert_int_equal(crm_contact_edit(db, id, &(struct crm_contact_input){
					  .first_name = "Андрей", .key = -1 }),
			 CRM_OK);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal"), n);

	/* refused: a gender other than f and m, a line break, 201 characters */
	assert_int_equal(crm_contact_edit(db, id, &(struct crm_contact_input){
					  .gender = "x", .key = -1 }),
			 CRM_EINVAL);
	assert_int_equal(crm_contact_edit(db, id, &(struct crm_contact_input){
					  .patronymic = "a\nb", .key = -1 }),
			 CRM_EINVAL);
	memset(long_name, 'a', 201);
	long_name[201] = '\0';
	assert_int_equal(crm_contact_edit(db, id, &(struct crm_contact_input){
					  .last_name = long_name, .key = -1 }),
			 CRM_EINVAL);
	long_name[200] = '\0';
	assert_int_equal(crm_contact_edit(db, id, &(struct crm_contact_input){
					  .last_name = long_name, .key = -1 }),
			 CRM_OK);
	assert_int_equal(crm_contact_add(db, cl, &(struct crm_contact_input){
					 .name = "Пётр", .gender = "ж" }, &id),
			 CRM_EINVAL);
	assert_int_equal(n + 1, sql_int(db, "SELECT count(*) FROM journal"));
}

/* The twin an email or phone finds: its id and what matched (0: none). */
static int64_t same(struct crm_db *db, int64_t client, int64_t except, const char *email,
		    const char *phone, const char *want_what)
{
	const char *what = NULL;
	int64_t id = -1;

	assert_int_equal(crmi_contact_find_same(db, client, except, email, phone, &id, &what),
			 CRM_OK);
	if (id) {
		assert_non_null(what);
		assert_string_equal(what, want_what);
	} else {
		assert_null(what);
	}
	return id;
}

static void test_find_same(void **state)
{
	struct crm_db *db = *state;
	int64_t cl = new_client(db, "Ромашка"), other = new_client(db, "Лютик");
	int64_t ivan = add(db, cl, "Иван", NULL, "+7 (916) 123-45-67", "Ivan@Romashka.RU", 1);
	struct crm_contact_input in = { .name = "Пётр", .phone = "8 916 123 45 67" };
	int64_t id = 0;

	assert_int_equal(same(db, cl, 0, "ivan@romashka.ru", NULL, "email"), ivan);
	assert_int_equal(same(db, cl, 0, NULL, "89161234567", "phone"), ivan);
	assert_int_equal(same(db, cl, 0, NULL, "+79161234567", "phone"), ivan);
	/* one digit apart, another client, the contact itself, nothing given */
	assert_int_equal(same(db, cl, 0, "ivan@romashka.org", "+7 916 123-45-68", NULL), 0);
	assert_int_equal(same(db, other, 0, "ivan@romashka.ru", "+79161234567", NULL), 0);
	assert_int_equal(same(db, cl, ivan, "ivan@romashka.ru", "+79161234567", NULL), 0);
	assert_int_equal(same(db, cl, 0, "", NULL, NULL), 0);
	/* add refuses, naming the twin; force adds */
	assert_int_equal(crm_contact_add(db, cl, &in, &id), CRM_ECONFLICT);
	assert_non_null(strstr(crm_db_errmsg(db), "contact 1 Иван already has this phone"));
	assert_int_equal(id, 0);
	in.force = true;
	assert_int_equal(crm_contact_add(db, cl, &in, &id), CRM_OK);
	/* who left is not compared */
	assert_int_equal(crm_contact_leave(db, ivan, 0, NULL, NULL), CRM_OK);
	assert_int_equal(same(db, cl, 0, "ivan@romashka.ru", NULL, NULL), 0);
}

static void test_leave(void **state)
{
	struct crm_db *db = *state;
	int64_t cl = new_client(db, "Ромашка");
	int64_t ivan = add(db, cl, "Иван", "директор", "+7 916 123-45-67", NULL, 1);
	int64_t petr = add(db, cl, "Пётр", NULL, NULL, NULL, 0);
	struct crm_contact_input next = { .name = "Мария", .phone = "+7 916 123-45-67" };
	const struct crm_contact *c;
	struct crm_contact_iter *it;
	int64_t sid = -1;

	/* a day after today: refused, nothing written */
	assert_int_equal(crm_contact_leave(db, ivan, TODAY + DAY, &next, &sid), CRM_EINVAL);
	assert_int_equal(sid, 0);
	it = one(db, ivan, &c);
	assert_int_equal(c->left, 0);
	crm_contact_iter_destroy(it);
	/* the day before today, with a successor who takes over the phone */
	assert_int_equal(crm_contact_leave(db, ivan, TODAY - DAY + 3600, &next, &sid), CRM_OK);
	assert_true(sid > petr);
	it = one(db, ivan, &c);
	assert_int_equal(c->left, TODAY - DAY);
	assert_int_equal(c->successor_id, sid);
	assert_true(c->key); /* the flag stays; the queries read it with left */
	crm_contact_iter_destroy(it);
	it = one(db, sid, &c);
	assert_string_equal(c->name, "Мария");
	assert_string_equal(c->role, "директор");
	assert_string_equal(c->phone, "+7 916 123-45-67");
	assert_true(c->key);
	assert_int_equal(c->left, 0);
	crm_contact_iter_destroy(it);
	/* twice: refused */
	assert_int_equal(crm_contact_leave(db, ivan, 0, NULL, NULL), CRM_ECONFLICT);
	assert_non_null(strstr(crm_db_errmsg(db), "already left the client on 2026-11-21"));
	/* key people still there; those still there */
	check_ids(db, &(struct crm_contact_filter){ .client_id = cl, .key_only = true },
		  (int64_t[]){ sid }, 1);
	check_ids(db, &(struct crm_contact_filter){ .client_id = cl, .present_only = true },
		  (int64_t[]){ sid, petr }, 2);
	check_ids(db, &(struct crm_contact_filter){ .client_id = cl },
		  (int64_t[]){ ivan, sid, petr }, 3);
	/* a non-key leaver's successor is not key; today by default */
	assert_int_equal(crm_contact_leave(db, petr, 0, &(struct crm_contact_input){ .name = "Лев" },
					   &sid),
			 CRM_OK);
	it = one(db, sid, &c);
	assert_false(c->key);
	crm_contact_iter_destroy(it);
	it = one(db, petr, &c);
	assert_int_equal(c->left, TODAY);
	crm_contact_iter_destroy(it);
	/* a successor that cannot be added leaves nothing behind */
	assert_int_equal(crm_contact_leave(db, sid, 0, &(struct crm_contact_input){ .name = "" },
					   NULL),
			 CRM_EINVAL);
	it = one(db, sid, &c);
	assert_int_equal(c->left, 0);
	crm_contact_iter_destroy(it);
	assert_int_equal(crm_contact_leave(db, 999, 0, NULL, NULL), CRM_ENOTFOUND);
}

static void test_person(void **state)
{
	struct crm_db *db = *state;
	int64_t cl = new_client(db, "Ромашка");
	const char *interests[] = { "шахматы", "рыбалка" };
	struct crm_contact_input in = {
		.name = "Иван", .position = "директор", .birthday = "05-12", .note = "чай",
		.preferred = "phone", .messenger = "telegram @ivan",
		.interests = { .add = interests, .nadd = 2 },
	};
	const struct crm_contact *c;
	struct crm_contact_iter *it;
	int64_t id = 0;
	int y, m, d;

	assert_int_equal(crm_contact_add(db, cl, &in, &id), CRM_OK);
	it = one(db, id, &c);
	assert_string_equal(c->birthday, "--05-12");
	assert_string_equal(c->interests, "[\"шахматы\",\"рыбалка\"]");
	assert_string_equal(c->preferred, "phone");
	crm_contact_iter_destroy(it);
	/* the forms of a birthday */
	assert_true(crm_birthday_parse("--02-29", &y, &m, &d));
	assert_true(y == 0 && m == 2 && d == 29);
	assert_true(crm_birthday_parse("2000-02-29", &y, &m, &d));
	assert_false(crm_birthday_parse("1900-02-29", &y, &m, &d));
	assert_false(crm_birthday_parse("02-30", &y, &m, &d));
	assert_false(crm_birthday_parse("13-01", &y, &m, &d));
	in = (struct crm_contact_input){ .name = "Пётр", .preferred = "fax" };
	assert_int_equal(crm_contact_add(db, cl, &in, &id), CRM_EINVAL);
}

static void test_atomic_inside_transaction(void **state)
{
	struct crm_db *db = *state;
	int64_t cl = new_client(db, "Acme");
	int64_t id;

	assert_int_equal(crm_tx_begin(db), CRM_OK);
	id = add(db, cl, "Bob", NULL, NULL, NULL, 0);
	assert_int_equal(crm_contact_add(db, cl + 5, &(struct crm_contact_input){ .name = "X" },
					 &(int64_t){ 0 }),
			 CRM_ENOTFOUND);
	assert_int_equal(crm_tx_commit(db), CRM_OK);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM contact"), 1);
	assert_int_equal(sql_int_id(db, "SELECT count(*) FROM contact WHERE id = ?1", id), 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal WHERE action = 'contact.add'"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_and_read, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_add_minimal, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_add_refused, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_add_import_fields, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_edit, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_edit_refused, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_address, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_name_parts, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_verify, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_stale, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_remove, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_resolve, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_find_same, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_leave, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_person, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_atomic_inside_transaction, setup,
						fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
