/*
 * test-client.c: the client sheet's own fields (core/client.c) and the
 * full-text search (core/find.c): defaults and the owner rule, checks,
 * the stage clock, the journal of edits, references, list filters and
 * sorts, and search folding, snippets and FTS syntax safety.
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

static int64_t journal_count(struct crm_db *db)
{
	return sql_int(db, "SELECT count(*) FROM journal");
}

/* The data of the newest journal entry, which must be action; freed by the caller. */
static char *last_journal(struct crm_db *db, const char *action, int64_t entity_id)
{
	sqlite3_stmt *st = NULL;
	char *data;

	assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT action, entity, entity_id, data"
						     " FROM journal ORDER BY id DESC LIMIT 1",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), action);
	assert_string_equal((const char *)sqlite3_column_text(st, 1), "client");
	assert_int_equal(sqlite3_column_int64(st, 2), entity_id);
	data = strdup((const char *)sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
	return data;
}

static int64_t manager(struct crm_db *db, const char *name)
{
	struct crm_manager_input in = { .name = name, .capacity = -1 };
	int64_t id = 0;

	assert_int_equal(crm_manager_add(db, &in, &id), CRM_OK);
	return id;
}

static int64_t add_in(struct crm_db *db, const struct crm_client_input *in)
{
	int64_t id = -1;

	assert_int_equal(crm_client_add(db, in, &id), CRM_OK);
	assert_true(id > 0);
	return id;
}

static int64_t add(struct crm_db *db, const char *name)
{
	return add_in(db, &(struct crm_client_input){ .name = name, .contact_every = -1 });
}

/* A copy of the row of client id (texts stay valid until the next get). */
static struct crm_client row;
static struct crm_client_iter *row_it;

static const struct crm_client *get(struct crm_db *db, int64_t id)
{
	struct crm_client_filter f = { .id = id };
	const struct crm_client *c;

	crm_client_iter_destroy(row_it);
	assert_int_equal(crm_client_query(db, &f, &row_it), CRM_OK);
	assert_int_equal(crm_client_iter_next(row_it, &c), CRM_OK);
	row = *c;
	return &row;
}

static int done_get(void **state)
{
	crm_client_iter_destroy(row_it);
	row_it = NULL;
	return fixture_teardown(state);
}

/* ---- add ----------------------------------------------------------- */

static void test_add_defaults(void **state)
{
	struct crm_db *db = *state;
	int64_t id = add(db, "ООО «Ромашка»");
	const struct crm_client *c = get(db, id);
	char *data;

	assert_string_equal(c->name, "ООО «Ромашка»");
	assert_string_equal(c->kind, "company");
	assert_string_equal(c->tier, "regular");
	assert_string_equal(c->status, "prospect");
	assert_string_equal(c->stage, "courtship");
	assert_int_equal(c->stage_since, T0);
	assert_int_equal(c->created, T0);
	assert_int_equal(c->updated, T0);
	assert_int_equal(c->owner_id, 0);   /* tester is no manager */
	assert_null(c->owner);
	assert_null(c->segment);
	assert_null(c->note);
	assert_false(c->has_value);
	assert_int_equal(c->contact_every, 0);
	assert_int_equal(c->last_contact, 0);
	assert_int_equal(c->next_due, 0);
	assert_string_equal(c->tags, "[]");
	assert_true(crm_uuid_valid(c->uuid));
	data = last_journal(db, "client.add", id);
	assert_non_null(strstr(data, "\"name\":\"ООО «Ромашка»\""));
	assert_non_null(strstr(data, "\"owner_id\":null"));
	assert_non_null(strstr(data, "\"value\":null"));
	free(data);
	/* the name and note are in the search index, folded */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM search WHERE rowid = 4"), 1);
	assert_int_equal(sql_int(db, "SELECT client_id FROM search WHERE search MATCH 'ромашка'"), id);
}

static void test_add_all_fields(void **state)
{
	struct crm_db *db = *state;
	const char *tags[] = { "опт", "север" };
	const char *traits[] = { "reserved" };
	const char *interests[] = { "шахматы" };
	int64_t boris = manager(db, "Борис");
	int64_t id = add_in(db, &(struct crm_client_input){
					.name = "Иванов Иван", .kind = "person", .segment = "HoReCa",
					.tier = "vip", .status = "active", .stage = "storm",
					.owner = "бор", .contact_every = 14, .has_value = true,
					.value = 123450, .note = "любит чай",
					.traits = { traits, 1, NULL, 0 },
					.interests = { interests, 1, NULL, 0 },
					.tags = { tags, 2, NULL, 0 } });
	const struct crm_client *c = get(db, id);
	char *data;

	assert_string_equal(c->kind, "person");
	assert_string_equal(c->segment, "HoReCa");
	assert_string_equal(c->tier, "vip");
	assert_string_equal(c->status, "active");
	assert_string_equal(c->stage, "storm");
	assert_int_equal(c->owner_id, boris);
	assert_string_equal(c->owner, "Борис");
	assert_int_equal(c->contact_every, 14);
	assert_true(c->has_value);
	assert_int_equal(c->value, 123450);
	assert_string_equal(c->note, "любит чай");
	assert_string_equal(c->tags, "[\"опт\",\"север\"]");
	assert_string_equal(c->traits, "[\"reserved\"]");
	assert_string_equal(c->interests, "[\"шахматы\"]");
	data = last_journal(db, "client.add", id);
	assert_non_null(strstr(data, "\"owner\":\"Борис\""));
	assert_non_null(strstr(data, "\"value\":\"1234.50\""));
	assert_non_null(strstr(data, "\"tags\":[\"опт\",\"север\"]"));
	free(data);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM search WHERE search MATCH 'чай'"), 1);
}

static void test_owner_default(void **state)
{
	struct crm_db *db = *state;
	int64_t anna = manager(db, "Анна");
	int64_t id;

	/* the actor is a manager (case and ё do not matter): the owner */
	crm_db_set_actor(db, "АННА");
	id = add(db, "Acme");
	assert_int_equal(get(db, id)->owner_id, anna);
	/* an explicit "" means no owner */
	id = add_in(db, &(struct crm_client_input){ .name = "B", .owner = "", .contact_every = -1 });
	assert_int_equal(get(db, id)->owner_id, 0);
	/* an actor who is not a manager: no owner */
	crm_db_set_actor(db, "tester");
	id = add(db, "C");
	assert_int_equal(get(db, id)->owner_id, 0);
}

static void add_fails(struct crm_db *db, const struct crm_client_input *in, crm_status want,
		      const char *msg)
{
	int64_t id = -1, journal = journal_count(db);
	int64_t clients = sql_int(db, "SELECT count(*) FROM client");

	assert_int_equal(crm_client_add(db, in, &id), want);
	assert_int_equal(id, 0);
	if (msg) {
		assert_string_equal(crm_db_errmsg(db), msg);
	}
	assert_int_equal(journal_count(db), journal);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM client"), clients);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM search"), clients);
}

static void test_add_invalid(void **state)
{
	struct crm_db *db = *state;
	char *long_name = malloc(202), *long_note = malloc(10002);
	const char *bad_tag[] = { " x" };

	memset(long_name, 'x', 201);
	long_name[201] = '\0';
	memset(long_note, 'x', 10001);
	long_note[10001] = '\0';
	add_fails(db, &(struct crm_client_input){ .contact_every = -1 }, CRM_EINVAL,
		  "empty client name");
	add_fails(db, &(struct crm_client_input){ .name = "", .contact_every = -1 }, CRM_EINVAL,
		  "empty client name");
	add_fails(db, &(struct crm_client_input){ .name = long_name, .contact_every = -1 },
		  CRM_EINVAL, "client name is too long: 201 characters, at most 200");
	add_fails(db, &(struct crm_client_input){ .name = "\xff", .contact_every = -1 },
		  CRM_EINVAL, "client name is not valid UTF-8 text");
	add_fails(db, &(struct crm_client_input){ .name = "A", .note = long_note,
						  .contact_every = -1 },
		  CRM_EINVAL, "note is too long: 10001 characters, at most 10000");
	add_fails(db, &(struct crm_client_input){ .name = "A", .tier = "gold", .contact_every = -1 },
		  CRM_EINVAL, "invalid tier 'gold' (vip, key, regular)");
	add_fails(db, &(struct crm_client_input){ .name = "A", .kind = "firm", .contact_every = -1 },
		  CRM_EINVAL, "invalid kind 'firm' (company, person)");
	add_fails(db, &(struct crm_client_input){ .name = "A", .status = "x", .contact_every = -1 },
		  CRM_EINVAL, NULL);
	add_fails(db, &(struct crm_client_input){ .name = "A", .stage = "x", .contact_every = -1 },
		  CRM_EINVAL, NULL);
	add_fails(db, &(struct crm_client_input){ .name = "A", .contact_every = 3651 }, CRM_EINVAL,
		  "invalid contact frequency 3651: expected 1 to 3650 days");
	add_fails(db, &(struct crm_client_input){ .name = "A", .contact_every = -1,
						  .has_value = true, .value = -100 },
		  CRM_EINVAL, "invalid value -1.00: the value of a client cannot be negative");
	add_fails(db, &(struct crm_client_input){ .name = "A", .contact_every = -1,
						  .tags = { bad_tag, 1, NULL, 0 } },
		  CRM_EINVAL, "tag ' x' starts or ends with a space");
	add_fails(db, &(struct crm_client_input){ .name = "A", .owner = "nobody",
						  .contact_every = -1 },
		  CRM_ENOTFOUND, "no manager matches 'nobody'");
	add_fails(db, &(struct crm_client_input){ .name = "A", .uuid = "not-a-uuid",
						  .contact_every = -1 },
		  CRM_EINVAL, "invalid uuid 'not-a-uuid'");
	free(long_name);
	free(long_note);
}

static void test_uuid_and_namesakes(void **state)
{
	struct crm_db *db = *state;
	const char *u = "6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab";
	int64_t a = add_in(db, &(struct crm_client_input){ .name = "ООО «Ромашка»", .uuid = u,
							   .contact_every = -1 });
	int64_t b;

	assert_string_equal(get(db, a)->uuid, u);
	add_fails(db, &(struct crm_client_input){ .name = "X", .uuid = u, .contact_every = -1 },
		  CRM_EEXIST, "a client with uuid '6f1c2d3e-4a5b-4c6d-8e7f-0123456789ab' already"
			      " exists (id 1)");
	/* duplicate names are allowed; the namesake is found without regard to case */
	assert_int_equal(crm_client_namesake(db, "ооо «ромашка»", 0), a);
	b = add(db, "ООО «Ромашка»");
	assert_true(b != a);
	assert_int_equal(crm_client_namesake(db, "ООО «РОМАШКА»", a), b);
	assert_int_equal(crm_client_namesake(db, "ООО «РОМАШКА»", b), a);
	assert_int_equal(crm_client_namesake(db, "Другое", 0), 0);
}

/* ---- edit ---------------------------------------------------------- */

static void test_edit_stage_since(void **state)
{
	struct crm_db *db = *state;
	int64_t id = add(db, "Acme");

	crm_db_set_now(db, T0 + 5 * DAY);
	/* another field: the stage clock keeps running */
	assert_int_equal(crm_client_edit(db, id, &(struct crm_client_input){
							 .tier = "key", .contact_every = -1 }),
			 CRM_OK);
	assert_int_equal(get(db, id)->stage_since, T0);
	assert_int_equal(get(db, id)->updated, T0 + 5 * DAY);
	/* the same stage again: no change at all */
	assert_int_equal(crm_client_edit(db, id, &(struct crm_client_input){
							 .stage = "courtship", .contact_every = -1 }),
			 CRM_OK);
	assert_int_equal(get(db, id)->stage_since, T0);
	/* a new stage starts now */
	crm_db_set_now(db, T0 + 9 * DAY);
	assert_int_equal(crm_client_edit(db, id, &(struct crm_client_input){
							 .stage = "sale", .contact_every = -1 }),
			 CRM_OK);
	assert_string_equal(get(db, id)->stage, "sale");
	assert_int_equal(get(db, id)->stage_since, T0 + 9 * DAY);
	assert_int_equal(get(db, id)->created, T0);
}

static void test_edit_journal(void **state)
{
	struct crm_db *db = *state;
	const char *tags[] = { "опт" };
	int64_t anna = manager(db, "Анна"), boris = manager(db, "Борис");
	int64_t id = add_in(db, &(struct crm_client_input){ .name = "Acme", .owner = "Анна",
							    .segment = "retail", .note = "old",
							    .contact_every = 30 });
	bool changed = false;
	char *data;
	char want[1024];

	assert_int_equal(crm_client_edit_changed(db, id, &(struct crm_client_input){
								    .name = "Acme Ltd",
								    .status = "active",
								    .owner = "борис",
								    .segment = "",
								    .note = "new",
								    .contact_every = 0,
								    .has_value = true,
								    .value = 500,
								    .tags = { tags, 1, NULL, 0 } },
						 &changed),
			 CRM_OK);
	assert_true(changed);
	data = last_journal(db, "client.edit", id);
	snprintf(want, sizeof(want),
		 "{\"name\":\"Acme Ltd\",\"changes\":{"
		 "\"name\":{\"old\":\"Acme\",\"new\":\"Acme Ltd\"},"
		 "\"segment\":{\"old\":\"retail\",\"new\":null},"
		 "\"status\":{\"old\":\"prospect\",\"new\":\"active\"},"
		 "\"owner\":{\"old\":\"Анна\",\"new\":\"Борис\"},"
		 "\"owner_id\":{\"old\":%lld,\"new\":%lld},"
		 "\"note\":{\"old\":\"old\",\"new\":\"new\"},"
		 "\"tags\":{\"old\":[],\"new\":[\"опт\"]},"
		 "\"contact_every\":{\"old\":30,\"new\":null},"
		 "\"value\":{\"old\":null,\"new\":\"5.00\"}}}",
		 (long long)anna, (long long)boris);
	assert_string_equal(data, want);
	free(data);
	assert_null(get(db, id)->segment);
	assert_int_equal(get(db, id)->contact_every, 0);
	/* the index follows the name and the note */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM search WHERE search MATCH 'old'"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM search WHERE search MATCH 'ltd'"), 1);
	/* clearing the owner */
	assert_int_equal(crm_client_edit(db, id, &(struct crm_client_input){
							 .owner = "", .contact_every = -1 }),
			 CRM_OK);
	assert_int_equal(get(db, id)->owner_id, 0);
	data = last_journal(db, "client.edit", id);
	assert_non_null(strstr(data, "\"owner\":{\"old\":\"Борис\",\"new\":null}"));
	free(data);
}

static void test_edit_nothing(void **state)
{
	struct crm_db *db = *state;
	const char *tags[] = { "a" };
	const char *gone[] = { "b" };
	int64_t id = add_in(db, &(struct crm_client_input){ .name = "Acme", .tier = "vip",
							    .contact_every = -1,
							    .tags = { tags, 1, NULL, 0 } });
	int64_t journal = journal_count(db);
	bool changed = true;

	crm_db_set_now(db, T0 + DAY);
	assert_int_equal(crm_client_edit_changed(db, id, &(struct crm_client_input){
								    .name = "Acme", .tier = "vip",
								    .contact_every = -1,
								    .tags = { tags, 1, NULL, 0 } },
						 &changed),
			 CRM_OK);
	assert_false(changed);
	assert_int_equal(journal_count(db), journal);
	assert_int_equal(get(db, id)->updated, T0);
	/* removing a tag that is not there: not found, nothing written */
	assert_int_equal(crm_client_edit_changed(db, id, &(struct crm_client_input){
								    .tier = "key", .contact_every = -1,
								    .tags = { NULL, 0, gone, 1 } },
						 &changed),
			 CRM_ENOTFOUND);
	assert_false(changed);
	assert_string_equal(crm_db_errmsg(db), "no tag 'b' to remove");
	assert_string_equal(get(db, id)->tier, "vip");
	assert_int_equal(journal_count(db), journal);
	assert_int_equal(crm_client_edit(db, 999, &(struct crm_client_input){ .contact_every = -1 }),
			 CRM_ENOTFOUND);
	assert_int_equal(crm_client_edit(db, id, &(struct crm_client_input){ .name = "",
									     .contact_every = -1 }),
			 CRM_EINVAL);
	assert_int_equal(crm_client_edit(db, id, &(struct crm_client_input){ .owner = "x",
									     .contact_every = -1 }),
			 CRM_ENOTFOUND);
	assert_int_equal(journal_count(db), journal);
}

/* ---- references ---------------------------------------------------- */

static void test_resolve(void **state)
{
	struct crm_db *db = *state;
	int64_t a = add(db, "Рога и копыта ООО"), b = add(db, "Рога и копыта ИП");
	int64_t c = add(db, "Ёлки-палки"), id = 0;
	char msg[256];

	assert_int_equal(crm_client_resolve(db, "рога и копыта ип", &id), CRM_OK);
	assert_int_equal(id, b);
	assert_int_equal(crm_client_resolve(db, "ЕЛКИ", &id), CRM_OK);
	assert_int_equal(id, c);
	assert_int_equal(crm_client_resolve(db, get(db, a)->uuid, &id), CRM_OK);
	assert_int_equal(id, a);
	assert_int_equal(crm_client_resolve(db, "3", &id), CRM_OK);
	assert_int_equal(id, c);
	assert_int_equal(crm_client_resolve(db, "Рога", &id), CRM_EAMBIGUOUS);
	snprintf(msg, sizeof(msg), "client 'Рога' is ambiguous: %lld Рога и копыта ИП, %lld Рога и"
		 " копыта ООО", (long long)b, (long long)a);
	assert_string_equal(crm_db_errmsg(db), msg);
	/* the start of a word in the name, when no name starts with it */
	assert_int_equal(crm_client_resolve(db, "копыта ип", &id), CRM_OK);
	assert_int_equal(id, b);
	assert_int_equal(crm_client_resolve(db, "ПАЛК", &id), CRM_OK);
	assert_int_equal(id, c);
	assert_int_equal(crm_client_resolve(db, "Копыта", &id), CRM_EAMBIGUOUS);
	assert_string_equal(crm_db_errmsg(db) + strlen("client 'Копыта' is ambiguous: "),
			    msg + strlen("client 'Рога' is ambiguous: "));
	assert_int_equal(crm_client_resolve(db, "опыта", &id), CRM_ENOTFOUND);
	assert_int_equal(crm_client_resolve(db, "Копытце", &id), CRM_ENOTFOUND);
	assert_string_equal(crm_db_errmsg(db), "no client matches 'Копытце'");
	assert_int_equal(crm_client_resolve(db, "42", &id), CRM_ENOTFOUND);
	assert_string_equal(crm_db_errmsg(db), "no client with id 42");
}

/* ---- lists --------------------------------------------------------- */

/* Runs the query and compares the names in order with want ("a,b,c"). */
static void check_list(struct crm_db *db, const struct crm_client_filter *f, const char *want)
{
	struct crm_client_iter *it = NULL;
	const struct crm_client *c;
	char got[1024] = "";
	crm_status st;

	assert_int_equal(crm_client_query(db, f, &it), CRM_OK);
	while ((st = crm_client_iter_next(it, &c)) == CRM_OK) {
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s", *got ? "," : "",
			 c->name);
	}
	assert_int_equal(st, CRM_DONE);
	crm_client_iter_destroy(it);
	assert_string_equal(got, want);
}

/* The date of the latest interaction, as interaction.c keeps it. */
static void contacted(struct crm_db *db, int64_t client, int64_t at)
{
	char sql[256];

	snprintf(sql, sizeof(sql), "UPDATE client SET last_contact = %lld WHERE id = %lld",
		 (long long)at, (long long)client);
	sql_exec(db, sql);
}

static void next_action(struct crm_db *db, int64_t client, int64_t due, const char *status)
{
	char sql[256];

	snprintf(sql, sizeof(sql),
		 "INSERT INTO next_action(client_id, text, due, status, author, created)"
		 " VALUES (%lld, 'call', %lld, '%s', 'x', 0)", (long long)client, (long long)due,
		 status);
	sql_exec(db, sql);
}

static void test_list_filters(void **state)
{
	struct crm_db *db = *state;
	const char *t1[] = { "опт", "север" }, *t2[] = { "север" };
	int64_t anna = manager(db, "Анна");

	manager(db, "Борис");
	add_in(db, &(struct crm_client_input){ .name = "Alpha", .tier = "vip", .owner = "Анна",
					       .segment = "retail", .contact_every = -1,
					       .tags = { t1, 2, NULL, 0 } });
	add_in(db, &(struct crm_client_input){ .name = "Beta", .status = "active",
					       .stage = "sale", .owner = "Борис",
					       .contact_every = -1, .tags = { t2, 1, NULL, 0 } });
	/* "retail " has a trailing space: refused, so Gamma is not there */
	add_fails(db, &(struct crm_client_input){ .name = "Gamma", .segment = "retail ",
						  .contact_every = -1 },
		  CRM_EINVAL, "segment 'retail ' starts or ends with a space");
	check_list(db, &(struct crm_client_filter){ 0 }, "Alpha,Beta");
	add_in(db, &(struct crm_client_input){ .name = "Gamma", .tier = "vip", .status = "active",
					       .owner = "Анна", .segment = "wholesale",
					       .contact_every = -1 });
	check_list(db, &(struct crm_client_filter){ .owner_id = anna }, "Alpha,Gamma");
	check_list(db, &(struct crm_client_filter){ .tier = "vip" }, "Alpha,Gamma");
	check_list(db, &(struct crm_client_filter){ .tier = "key" }, "");
	check_list(db, &(struct crm_client_filter){ .status = "active" }, "Beta,Gamma");
	check_list(db, &(struct crm_client_filter){ .stage = "sale" }, "Beta");
	check_list(db, &(struct crm_client_filter){ .segment = "retail" }, "Alpha");
	check_list(db, &(struct crm_client_filter){ .tag = "север" }, "Alpha,Beta");
	check_list(db, &(struct crm_client_filter){ .tag = "опт" }, "Alpha");
	check_list(db, &(struct crm_client_filter){ .tag = "се" }, "");
	check_list(db, &(struct crm_client_filter){ .tier = "vip", .status = "active",
						    .owner_id = anna },
		   "Gamma");
	check_list(db, &(struct crm_client_filter){ .limit = 2 }, "Alpha,Beta");
	check_list(db, &(struct crm_client_filter){ .id = 2 }, "Beta");
}

static void test_list_sorts(void **state)
{
	struct crm_db *db = *state;
	int64_t ya, yo, b, zed, a;

	/* created one day apart, in this order */
	ya = add_in(db, &(struct crm_client_input){ .name = "Яблоко", .contact_every = -1,
						    .has_value = true, .value = 100 });
	crm_db_set_now(db, T0 + DAY);
	yo = add(db, "Ёжик");
	crm_db_set_now(db, T0 + 2 * DAY);
	b = add_in(db, &(struct crm_client_input){ .name = "бобры", .contact_every = -1,
						   .has_value = true, .value = 900 });
	crm_db_set_now(db, T0 + 3 * DAY);
	zed = add_in(db, &(struct crm_client_input){ .name = "Zed", .contact_every = -1,
						     .has_value = true, .value = 0 });
	crm_db_set_now(db, T0 + 4 * DAY);
	a = add(db, "Арбуз");
	/* Latin first (code point order), then Cyrillic alphabetically, ё as е */
	check_list(db, &(struct crm_client_filter){ .sort = CRM_SORT_NAME }, "Zed,Арбуз,бобры,Ёжик,Яблоко");
	check_list(db, &(struct crm_client_filter){ .sort = CRM_SORT_CREATED },
		   "Яблоко,Ёжик,бобры,Zed,Арбуз");
	/* the highest value first, no value last */
	check_list(db, &(struct crm_client_filter){ .sort = CRM_SORT_VALUE },
		   "бобры,Яблоко,Zed,Ёжик,Арбуз");
	/* never contacted first, then the longest ago */
	contacted(db, ya, T0 + 10 * DAY);
	contacted(db, b, T0 - 5 * DAY);
	contacted(db, zed, T0 + 20 * DAY);
	check_list(db, &(struct crm_client_filter){ .sort = CRM_SORT_LAST_CONTACT },
		   "Ёжик,Арбуз,бобры,Яблоко,Zed");
	assert_int_equal(get(db, ya)->last_contact, T0 + 10 * DAY);
	assert_int_equal(get(db, yo)->last_contact, 0);
	check_list(db, &(struct crm_client_filter){ .sort = CRM_SORT_LAST_CONTACT, .limit = 1 },
		   "Ёжик");
	(void)a;
}

static void test_next_due(void **state)
{
	struct crm_db *db = *state;
	int64_t a = add(db, "A"), b = add(db, "B");

	next_action(db, a, T0 + 9 * DAY, "open");
	next_action(db, a, T0 + 3 * DAY, "open");
	next_action(db, a, T0 + 1 * DAY, "done");
	next_action(db, b, T0 + 1 * DAY, "done");
	assert_int_equal(get(db, a)->next_due, T0 + 3 * DAY);
	assert_int_equal(get(db, b)->next_due, 0);
	crm_client_iter_destroy(row_it);
	assert_int_equal(crm_client_query(db, &(struct crm_client_filter){ .sort = 99 }, &row_it),
			 CRM_EINVAL);
	assert_null(row_it);
}

/* ---- find ---------------------------------------------------------- */

/* Runs a search and returns "source:ref:client:snippet" lines joined by '|'. */
static char *find(struct crm_db *db, const char *text, int64_t limit)
{
	static char got[4096];
	struct crm_find_iter *it = NULL;
	const struct crm_find_hit *h;
	crm_status st;

	got[0] = '\0';
	assert_int_equal(crm_client_find(db, text, limit, &it), CRM_OK);
	while ((st = crm_find_iter_next(it, &h)) == CRM_OK) {
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%s:%lld:%s:%s",
			 *got ? "|" : "", h->source, (long long)h->ref_id, h->client, h->snippet);
	}
	assert_int_equal(st, CRM_DONE);
	assert_int_equal(crm_find_iter_next(it, &h), CRM_DONE);
	crm_find_iter_destroy(it);
	return got;
}

static void contact(struct crm_db *db, int64_t id, int64_t client, const char *name,
		    const char *role, const char *email)
{
	const char *parts[] = { name, role, email, NULL };
	sqlite3_stmt *st = NULL;

	assert_int_equal(sqlite3_prepare_v2(db->sql,
					    "INSERT INTO contact(id, uuid, client_id, name, name_fold,"
					    " role, email, created) VALUES (?1, ?1, ?2, ?3, ?3, ?4,"
					    " ?5, 0)", -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, client);
	sqlite3_bind_text(st, 3, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, role, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, email, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(crmi_search_put(db, CRMI_SEARCH_ROWID(id, CRMI_SEARCH_CONTACT), client,
					 parts, 4), CRM_OK);
}

static void note(struct crm_db *db, int64_t id, int64_t client, const char *text,
		 const char *outcome)
{
	const char *parts[] = { text, outcome };
	sqlite3_stmt *st = NULL;

	assert_int_equal(sqlite3_prepare_v2(db->sql,
					    "INSERT INTO interaction(id, client_id, kind, at, author,"
					    " text, outcome, created) VALUES (?1, ?2, 'call', 0, 'x',"
					    " ?3, ?4, 0)", -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, client);
	sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
	if (outcome) {
		sqlite3_bind_text(st, 4, outcome, -1, SQLITE_STATIC);
	}
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(crmi_search_put(db, CRMI_SEARCH_ROWID(id, CRMI_SEARCH_INTERACTION),
					 client, parts, 2), CRM_OK);
}

static void test_find_folding(void **state)
{
	struct crm_db *db = *state;
	int64_t r = add(db, "ООО «Ромашка»");
	int64_t p = add_in(db, &(struct crm_client_input){ .name = "Пётр Иванов", .kind = "person",
							   .contact_every = -1 });
	int64_t acme = add_in(db, &(struct crm_client_input){ .name = "ACME Widgets",
							      .note = "Big ORDERS every spring",
							      .contact_every = -1 });

	assert_string_equal(find(db, "ромашка", 0), "name:1:ООО «Ромашка»:ООО «Ромашка»");
	assert_string_equal(find(db, "РОМАШ", 0), "name:1:ООО «Ромашка»:ООО «Ромашка»");
	assert_string_equal(find(db, "иванов", 0), "name:2:Пётр Иванов:Пётр Иванов");
	/* ё and е are one letter, both ways */
	assert_string_equal(find(db, "петр", 0), "name:2:Пётр Иванов:Пётр Иванов");
	assert_string_equal(find(db, "ПЁТР", 0), "name:2:Пётр Иванов:Пётр Иванов");
	assert_string_equal(find(db, "acme", 0), "name:3:ACME Widgets:ACME Widgets");
	assert_string_equal(find(db, "Widg", 0), "name:3:ACME Widgets:ACME Widgets");
	/* a word of the note; every word must match; the snippet keeps the case */
	assert_string_equal(find(db, "orders", 0), "note:3:ACME Widgets:Big ORDERS every spring");
	assert_string_equal(find(db, "acme spring", 0), "name:3:ACME Widgets:ACME Widgets");
	assert_string_equal(find(db, "acme autumn", 0), "");
	/* prefixes of words only, not the middle of one */
	assert_string_equal(find(db, "машка", 0), "");
	(void)r;
	(void)p;
	(void)acme;
}

static void test_find_sources(void **state)
{
	struct crm_db *db = *state;
	int64_t r = add(db, "ООО «Ромашка»");
	int64_t v = add(db, "Василёк");

	contact(db, 7, r, "Иван Сидоров", "Директор", "ivan@romashka.ru");
	note(db, 9, v, "Звонил Сидоров из соседней фирмы", "Договорились о встрече");
	assert_string_equal(find(db, "сидоров", 0),
			    "contact:7:ООО «Ромашка»:Иван Сидоров, Директор, ivan@romashka.ru|"
			    "interaction:9:Василёк:Звонил Сидоров из соседней фирмы");
	assert_string_equal(find(db, "директор", 0),
			    "contact:7:ООО «Ромашка»:Иван Сидоров, Директор, ivan@romashka.ru");
	assert_string_equal(find(db, "встреч", 0),
			    "interaction:9:Василёк:Договорились о встрече");
	/* an email is split into words like any text */
	assert_string_equal(find(db, "romashka", 0),
			    "contact:7:ООО «Ромашка»:Иван Сидоров, Директор, ivan@romashka.ru");
	/* the limit */
	assert_int_equal(strchr(find(db, "сидоров", 1), '|') == NULL, 1);
	/* a hit whose record is gone is skipped */
	sql_exec(db, "DELETE FROM interaction WHERE id = 9");
	assert_string_equal(find(db, "встреч", 0), "");
}

static void test_find_snippet(void **state)
{
	struct crm_db *db = *state;
	const char *text = "Первая строка про погоду и всякое разное, о чём говорили долго.\n"
			   "Потом клиент сказал, что ЦЕНА на Доставку слишком высокая для них, "
			   "и попросил скидку к весне, когда объёмы вырастут вдвое.";
	int64_t c = add(db, "Клиент");
	char *got;

	note(db, 5, c, text, NULL);
	got = find(db, "доставку", 0);
	/* cut around the match, from the original text, with ellipses, one line */
	assert_string_equal(got, "interaction:5:Клиент:…сказал, что ЦЕНА на Доставку слишком высокая для "
				 "них, и…");
	got = find(db, "первая", 0);
	assert_string_equal(got, "interaction:5:Клиент:Первая строка про погоду и всякое разное, о "
				 "чём говорили…");
	got = find(db, "вдвое", 0);
	assert_string_equal(got, "interaction:5:Клиент:…и попросил скидку к весне, когда объёмы "
				 "вырастут вдвое.");
	/* ё in the text, е in the query: the snippet still shows ё */
	got = find(db, "объем", 0);
	assert_non_null(strstr(got, "объёмы"));
	/* a text hardly longer than a snippet is shown whole (70 characters) */
	note(db, 6, c, "Начало. 1234567890 1234567890 1234567890 1234567890 конец текста тут.",
	     NULL);
	got = find(db, "конец", 0);
	assert_string_equal(got, "interaction:6:Клиент:Начало. 1234567890 1234567890 1234567890 "
				 "1234567890 конец текста тут.");
}

static void test_find_syntax_safety(void **state)
{
	struct crm_db *db = *state;
	struct crm_find_iter *it = (struct crm_find_iter *)1;

	add_in(db, &(struct crm_client_input){ .name = "Drop Tables Inc", .note = "near and or not",
					       .contact_every = -1 });
	/* FTS5 operators and quotes are just words or nothing */
	assert_string_equal(find(db, "\"; DROP", 0), "name:1:Drop Tables Inc:Drop Tables Inc");
	assert_string_equal(find(db, "AND OR NEAR(", 0), "note:1:Drop Tables Inc:near and or not");
	assert_string_equal(find(db, "tables*", 0), "name:1:Drop Tables Inc:Drop Tables Inc");
	assert_string_equal(find(db, "body:drop", 0), "");
	assert_string_equal(find(db, "NOT", 0), "note:1:Drop Tables Inc:near and or not");
	assert_string_equal(find(db, "-drop ^tables", 0), "name:1:Drop Tables Inc:Drop Tables Inc");
	assert_int_equal(crm_client_find(db, "\"*()^:-", 0, &it), CRM_EINVAL);
	assert_null(it);
	assert_string_equal(crm_db_errmsg(db),
			    "no word to search for in '\"*()^:-': give letters or digits");
	assert_int_equal(crm_client_find(db, "", 0, &it), CRM_EINVAL);
	assert_int_equal(crm_client_find(db, "a\xff", 0, &it), CRM_EINVAL);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM client"), 1);
	crm_find_iter_destroy(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_defaults, fixture_setup, done_get),
		cmocka_unit_test_setup_teardown(test_add_all_fields, fixture_setup, done_get),
		cmocka_unit_test_setup_teardown(test_owner_default, fixture_setup, done_get),
		cmocka_unit_test_setup_teardown(test_add_invalid, fixture_setup, done_get),
		cmocka_unit_test_setup_teardown(test_uuid_and_namesakes, fixture_setup, done_get),
		cmocka_unit_test_setup_teardown(test_edit_stage_since, fixture_setup, done_get),
		cmocka_unit_test_setup_teardown(test_edit_journal, fixture_setup, done_get),
		cmocka_unit_test_setup_teardown(test_edit_nothing, fixture_setup, done_get),
		cmocka_unit_test_setup_teardown(test_resolve, fixture_setup, done_get),
		cmocka_unit_test_setup_teardown(test_list_filters, fixture_setup, done_get),
		cmocka_unit_test_setup_teardown(test_list_sorts, fixture_setup, done_get),
		cmocka_unit_test_setup_teardown(test_next_due, fixture_setup, done_get),
		cmocka_unit_test_setup_teardown(test_find_folding, fixture_setup, done_get),
		cmocka_unit_test_setup_teardown(test_find_sources, fixture_setup, done_get),
		cmocka_unit_test_setup_teardown(test_find_snippet, fixture_setup, done_get),
		cmocka_unit_test_setup_teardown(test_find_syntax_safety, fixture_setup, done_get),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
