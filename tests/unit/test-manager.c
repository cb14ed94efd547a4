/*
 * test-manager.c: adding, editing, resolving and listing managers; the
 * default capacity from the config; names unique without regard to case;
 * "me" as a manager.
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

/* The text of the newest journal entry's data; the caller frees it. */
static char *last_journal(struct crm_db *db, const char *action)
{
	sqlite3_stmt *st = NULL;
	char *data = NULL;

	assert_int_equal(sqlite3_prepare_v2(db->sql, "SELECT action, data FROM journal"
						     " ORDER BY id DESC LIMIT 1", -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), action);
	data = strdup((const char *)sqlite3_column_text(st, 1));
	sqlite3_finalize(st);
	return data;
}

static int64_t add(struct crm_db *db, const char *name, const struct crm_manager_input *in0)
{
	struct crm_manager_input in = in0 ? *in0 : (struct crm_manager_input){ .capacity = -1 };
	int64_t id = -1;

	in.name = name;
	assert_int_equal(crm_manager_add(db, &in, &id), CRM_OK);
	assert_true(id > 0);
	return id;
}

/* Copies of the fields of manager id, for checks. */
struct mcopy {
	char name[256], email[256], phone[64], role[16], status[16], traits[256],
		interests[256], uuid[40];
	int64_t capacity, clients, created;
	bool has_email;
};

static void get(struct crm_db *db, int64_t id, struct mcopy *c)
{
	struct crm_manager_iter *it = NULL;
	const struct crm_manager *m;

	assert_int_equal(crm_manager_query(db, id, &it), CRM_OK);
	assert_int_equal(crm_manager_iter_next(it, &m), CRM_OK);
	assert_int_equal(m->id, id);
	snprintf(c->name, sizeof(c->name), "%s", m->name);
	snprintf(c->email, sizeof(c->email), "%s", m->email ? m->email : "(null)");
	snprintf(c->phone, sizeof(c->phone), "%s", m->phone ? m->phone : "(null)");
	snprintf(c->role, sizeof(c->role), "%s", m->role);
	snprintf(c->status, sizeof(c->status), "%s", m->status);
	snprintf(c->traits, sizeof(c->traits), "%s", m->traits);
	snprintf(c->interests, sizeof(c->interests), "%s", m->interests);
	snprintf(c->uuid, sizeof(c->uuid), "%s", m->uuid);
	c->capacity = m->capacity;
	c->clients = m->clients;
	c->created = m->created;
	assert_int_equal(crm_manager_iter_next(it, &m), CRM_DONE);
	assert_null(m);
	assert_int_equal(crm_manager_iter_next(it, &m), CRM_DONE);
	crm_manager_iter_destroy(it);
}

static void test_add_defaults(void **state)
{
	struct crm_db *db = *state;
	struct mcopy m;
	int64_t id = add(db, "Анна Петрова", NULL);
	char *data;

	get(db, id, &m);
	assert_string_equal(m.name, "Анна Петрова");
	assert_string_equal(m.role, "manager");
	assert_string_equal(m.status, "active");
	assert_int_equal(m.capacity, 50);
	assert_string_equal(m.traits, "[]");
	assert_string_equal(m.interests, "[]");
	assert_string_equal(m.email, "(null)");
	assert_true(crm_uuid_valid(m.uuid));
	assert_int_equal(m.created, T0);
	assert_int_equal(m.clients, 0);
	data = last_journal(db, "manager.add");
	assert_non_null(strstr(data, "\"name\":\"Анна Петрова\""));
	assert_non_null(strstr(data, "\"capacity\":50"));
	assert_non_null(strstr(data, "\"traits\":[]"));
	free(data);
	/* the stored default capacity */
	assert_int_equal(crm_config_set(db, "manager.capacity", "7"), CRM_OK);
	get(db, add(db, "Борис", NULL), &m);
	assert_int_equal(m.capacity, 7);
}

static void test_add_all_fields(void **state)
{
	struct crm_db *db = *state;
	const char *traits[] = { "calm", "patient" };
	const char *interests[] = { "рыбалка" };
	struct crm_manager_input in = {
		.email = "boris@example.ru",
		.phone = "+7 495 123-45-67",
		.role = "head",
		.status = "vacation",
		.capacity = 0,
		.traits = { traits, 2, NULL, 0 },
		.interests = { interests, 1, NULL, 0 },
	};
	struct mcopy m;

	get(db, add(db, "Борис", &in), &m);
	assert_string_equal(m.email, "boris@example.ru");
	assert_string_equal(m.phone, "+7 495 123-45-67");
	assert_string_equal(m.role, "head");
	assert_string_equal(m.status, "vacation");
	assert_int_equal(m.capacity, 0);
	assert_string_equal(m.traits, "[\"calm\",\"patient\"]");
	assert_string_equal(m.interests, "[\"рыбалка\"]");
}

static void add_fails(struct crm_db *db, const struct crm_manager_input *in, crm_status want,
		      const char *msg)
{
	int64_t id = -1;
	int64_t journal = sql_int(db, "SELECT count(*) FROM journal");
	int64_t managers = sql_int(db, "SELECT count(*) FROM manager");

	assert_int_equal(crm_manager_add(db, in, &id), want);
	assert_int_equal(id, 0);
	if (msg) {
		assert_string_equal(crm_db_errmsg(db), msg);
	}
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal"), journal);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM manager"), managers);
}

static void test_add_invalid(void **state)
{
	struct crm_db *db = *state;
	const char *empty[] = { "" };

	add_fails(db, &(struct crm_manager_input){ .capacity = -1 }, CRM_EINVAL,
		  "empty manager name");
	add_fails(db, &(struct crm_manager_input){ .name = "", .capacity = -1 }, CRM_EINVAL,
		  "empty manager name");
	add_fails(db, &(struct crm_manager_input){ .name = "A\xff", .capacity = -1 },
		  CRM_EINVAL, "manager name is not valid UTF-8 text");
	add_fails(db, &(struct crm_manager_input){ .name = "A", .email = "nope", .capacity = -1 },
		  CRM_EINVAL, "email 'nope' does not look like an email address");
	add_fails(db, &(struct crm_manager_input){ .name = "A", .phone = "12", .capacity = -1 },
		  CRM_EINVAL, NULL);
	add_fails(db, &(struct crm_manager_input){ .name = "A", .role = "boss", .capacity = -1 },
		  CRM_EINVAL, "invalid role 'boss' (manager, head)");
	add_fails(db, &(struct crm_manager_input){ .name = "A", .status = "gone", .capacity = -1 },
		  CRM_EINVAL, "invalid status 'gone' (active, vacation, left)");
	add_fails(db, &(struct crm_manager_input){ .name = "A", .capacity = -2 }, CRM_EINVAL,
		  "invalid capacity -2: expected 0 to 100000");
	add_fails(db, &(struct crm_manager_input){ .name = "A", .capacity = 100001 }, CRM_EINVAL,
		  NULL);
	add_fails(db, &(struct crm_manager_input){ .name = "A", .capacity = -1,
						   .traits = { empty, 1, NULL, 0 } },
		  CRM_EINVAL, "empty trait");
}

static void test_unique_names(void **state)
{
	struct crm_db *db = *state;
	int64_t anna = add(db, "Анна", NULL);
	int64_t boris = add(db, "Борис", NULL);
	char msg[128];

	snprintf(msg, sizeof(msg), "manager 'АННА' already exists (id %lld)", (long long)anna);
	add_fails(db, &(struct crm_manager_input){ .name = "АННА", .capacity = -1 }, CRM_EEXIST,
		  msg);
	/* a rename onto another manager's name */
	assert_int_equal(crm_manager_edit(db, boris, &(struct crm_manager_input){
							      .name = "анна", .capacity = -1 }),
			 CRM_EEXIST);
	/* a manager may change the case of its own name */
	assert_int_equal(crm_manager_edit(db, anna, &(struct crm_manager_input){
							     .name = "АННА", .capacity = -1 }),
			 CRM_OK);
}

static void test_edit(void **state)
{
	struct crm_db *db = *state;
	const char *add_t[] = { "calm", "patient" };
	const char *rm_t[] = { "calm" };
	const char *missing[] = { "loud" };
	int64_t id = add(db, "Анна", &(struct crm_manager_input){
					     .email = "a@b.ru", .capacity = -1,
					     .traits = { add_t, 2, NULL, 0 } });
	int64_t journal;
	struct mcopy m;
	bool changed = true;
	char *data;

	assert_int_equal(crm_manager_edit_changed(db, id, &(struct crm_manager_input){
								     .name = "Анна Петрова",
								     .email = "",
								     .status = "vacation",
								     .capacity = 12,
								     .traits = { NULL, 0, rm_t, 1 } },
						  &changed),
			 CRM_OK);
	assert_true(changed);
	get(db, id, &m);
	assert_string_equal(m.name, "Анна Петрова");
	assert_string_equal(m.email, "(null)");
	assert_string_equal(m.status, "vacation");
	assert_string_equal(m.role, "manager");
	assert_int_equal(m.capacity, 12);
	assert_string_equal(m.traits, "[\"patient\"]");
	data = last_journal(db, "manager.edit");
	assert_string_equal(data,
			    "{\"name\":\"Анна Петрова\",\"changes\":{"
			    "\"name\":{\"old\":\"Анна\",\"new\":\"Анна Петрова\"},"
			    "\"email\":{\"old\":\"a@b.ru\",\"new\":null},"
			    "\"status\":{\"old\":\"active\",\"new\":\"vacation\"},"
			    "\"capacity\":{\"old\":50,\"new\":12},"
			    "\"traits\":{\"old\":[\"calm\",\"patient\"],\"new\":[\"patient\"]}}}");
	free(data);
	/* the folded name follows the rename */
	assert_int_equal(sql_int(db, "SELECT count(*) FROM manager WHERE name_fold = 'анна петрова'"),
			 1);
	/* no change: nothing written */
	journal = sql_int(db, "SELECT count(*) FROM journal");
	assert_int_equal(crm_manager_edit_changed(db, id, &(struct crm_manager_input){
								     .status = "vacation",
								     .capacity = 12 },
						  &changed),
			 CRM_OK);
	assert_false(changed);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal"), journal);
	/* removing a trait that is not there */
	assert_int_equal(crm_manager_edit(db, id, &(struct crm_manager_input){
							  .capacity = -1,
							  .traits = { NULL, 0, missing, 1 } }),
			 CRM_ENOTFOUND);
	assert_string_equal(crm_db_errmsg(db), "no trait 'loud' to remove");
	assert_int_equal(crm_manager_edit(db, 999, &(struct crm_manager_input){ .capacity = 1 }),
			 CRM_ENOTFOUND);
	assert_int_equal(crm_manager_edit(db, id, &(struct crm_manager_input){ .role = "x",
									       .capacity = -1 }),
			 CRM_EINVAL);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal"), journal);
}

static void test_resolve(void **state)
{
	struct crm_db *db = *state;
	int64_t anna = add(db, "Анна Петрова", NULL);
	int64_t anton = add(db, "Антон", NULL);
	int64_t id = 0;
	struct mcopy m;

	assert_int_equal(crm_manager_resolve(db, "анна", &id), CRM_OK);
	assert_int_equal(id, anna);
	assert_int_equal(crm_manager_resolve(db, "АНТОН", &id), CRM_OK);
	assert_int_equal(id, anton);
	assert_int_equal(crm_manager_resolve(db, "2", &id), CRM_OK);
	assert_int_equal(id, anton);
	get(db, anna, &m);
	assert_int_equal(crm_manager_resolve(db, m.uuid, &id), CRM_OK);
	assert_int_equal(id, anna);
	assert_int_equal(crm_manager_resolve(db, "Ан", &id), CRM_EAMBIGUOUS);
	assert_int_equal(id, 0);
	assert_string_equal(crm_db_errmsg(db),
			    "manager 'Ан' is ambiguous: 1 Анна Петрова, 2 Антон");
	assert_int_equal(crm_manager_resolve(db, "петров", &id), CRM_OK);
	assert_int_equal(id, anna);
	/* the start of a word only */
	assert_int_equal(crm_manager_resolve(db, "етров", &id), CRM_ENOTFOUND);
	assert_int_equal(crm_manager_resolve(db, "Вера", &id), CRM_ENOTFOUND);
	assert_string_equal(crm_db_errmsg(db), "no manager matches 'Вера'");
	assert_int_equal(crm_manager_resolve(db, "77", &id), CRM_ENOTFOUND);
}

static void test_self(void **state)
{
	struct crm_db *db = *state;
	int64_t id = add(db, "Пётр Ёлкин", NULL);

	assert_int_equal(crm_manager_self(db), 0);
	crm_db_set_actor(db, "ПЕТР ЕЛКИН");
	assert_int_equal(crm_manager_self(db), id);
	crm_db_set_actor(db, "Пётр");
	assert_int_equal(crm_manager_self(db), 0);
	crm_db_set_actor(db, "");
	assert_int_equal(crm_manager_self(db), 0);
}

static void test_query(void **state)
{
	struct crm_db *db = *state;
	struct crm_manager_iter *it = NULL;
	const struct crm_manager *m;
	const char *want[] = { "boris", "Zoe", "анна", "Ёж", "Яков" };
	int64_t anna;
	size_t n = 0;
	char sql[256];

	add(db, "Яков", NULL);
	add(db, "Zoe", NULL);
	add(db, "Ёж", NULL);
	anna = add(db, "анна", NULL);
	add(db, "boris", NULL);
	for (int i = 0; i < 3; i++) {
		snprintf(sql, sizeof(sql),
			 "INSERT INTO client(uuid, name, name_fold, stage_since, created, updated,"
			 " owner_id) VALUES ('u%d', 'c', 'c', 0, 0, 0, %lld)", i, (long long)anna);
		assert_int_equal(sqlite3_exec(db->sql, sql, NULL, NULL, NULL), SQLITE_OK);
	}
	assert_int_equal(crm_manager_query(db, 0, &it), CRM_OK);
	while (crm_manager_iter_next(it, &m) == CRM_OK) {
		assert_true(n < ARRAY_SIZE(want));
		assert_string_equal(m->name, want[n]);
		assert_int_equal(m->clients, m->id == anna ? 3 : 0);
		n++;
	}
	crm_manager_iter_destroy(it);
	assert_int_equal(n, ARRAY_SIZE(want));
	crm_manager_iter_destroy(NULL);
	assert_int_equal(crm_manager_query(db, 999, &it), CRM_OK);
	assert_int_equal(crm_manager_iter_next(it, &m), CRM_DONE);
	crm_manager_iter_destroy(it);
}


#define DAY INT64_C(86400)

/* A client of owner with status, straight into the table. */
static void client_of(struct crm_db *db, int64_t owner, const char *status)
{
	static int n;

	sql_execf(db,
		  "INSERT INTO client(uuid, name, name_fold, status, stage_since, created, updated,"
		  " owner_id) VALUES ('lc%d', 'c', 'c', %Q, 0, 0, 0, %lld)",
		  n++, status, (long long)owner);
}

static crm_status leave(struct crm_db *db, int64_t id, bool force)
{
	struct crm_manager_input in = { .status = "left", .capacity = -1, .force = force };

	return crm_manager_edit(db, id, &in);
}

static void test_leave_with_live_clients(void **state)
{
	struct crm_db *db = *state;
	int64_t anna = add(db, "Анна", NULL), boris = add(db, "Борис", NULL);
	int64_t n = -1, journal = sql_int(db, "SELECT count(*) FROM journal");
	char *data;

	/* no clients: leaving is allowed */
	assert_int_equal(crm_manager_live_clients(db, boris, &n), CRM_OK);
	assert_int_equal(n, 0);
	assert_int_equal(leave(db, boris, false), CRM_OK);
	data = last_journal(db, "manager.edit");
	assert_null(strstr(data, "forced"));
	free(data);
	journal = sql_int(db, "SELECT count(*) FROM journal");

	/* lost and farewell clients do not hold a manager back */
	client_of(db, anna, "lost");
	client_of(db, anna, "farewell");
	assert_int_equal(crm_manager_live_clients(db, anna, &n), CRM_OK);
	assert_int_equal(n, 0);
	/* one live client does, whatever its status short of lost */
	client_of(db, anna, "prospect");
	assert_int_equal(crm_manager_live_clients(db, anna, &n), CRM_OK);
	assert_int_equal(n, 1);
	assert_int_equal(leave(db, anna, false), CRM_ECONFLICT);
	assert_non_null(strstr(crm_db_errmsg(db), "manager 'Анна' still owns 1 live client"));
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal"), journal);
	assert_int_equal(sql_intf(db, "SELECT status = 'active' FROM manager WHERE id = %lld",
				  (long long)anna), 1);
	client_of(db, anna, "active");
	client_of(db, anna, "regular");
	assert_int_equal(crm_manager_live_clients(db, anna, &n), CRM_OK);
	assert_int_equal(n, 3);
	/* a vacation is no leave */
	{
		struct crm_manager_input in = { .status = "vacation", .capacity = -1 };

		assert_int_equal(crm_manager_edit(db, anna, &in), CRM_OK);
	}
	/* forced: done, and the journal says so */
	assert_int_equal(leave(db, anna, true), CRM_OK);
	data = last_journal(db, "manager.edit");
	assert_string_equal(data, "{\"name\":\"Анна\",\"changes\":{\"status\":{\"old\":\"vacation\","
				  "\"new\":\"left\"}},\"forced\":true,\"live_clients\":3}");
	free(data);
	/* already left: nothing to refuse */
	assert_int_equal(leave(db, anna, false), CRM_OK);
}

static crm_status add_trainee(struct crm_db *db, const char *name, int64_t mentor, int64_t until,
			      int64_t *id)
{
	struct crm_manager_input in = { .name = name, .capacity = -1,
					.trainee = CRM_TRAINEE_YES, .mentor_id = mentor,
					.trainee_until = until };

	return crm_manager_add(db, &in, id);
}

/* Whether manager id is in training now, as the query says. */
static bool trainee_now(struct crm_db *db, int64_t id, int64_t *mentor)
{
	struct crm_manager_iter *it = NULL;
	const struct crm_manager *m;
	bool t;

	assert_int_equal(crm_manager_query(db, id, &it), CRM_OK);
	assert_int_equal(crm_manager_iter_next(it, &m), CRM_OK);
	t = m->trainee;
	if (mentor) {
		*mentor = m->mentor_id;
	}
	crm_manager_iter_destroy(it);
	return t;
}

/* A mentor leaves once the trainees have another mentor, or by force. */
static void test_leave_while_mentoring(void **state)
{
	struct crm_db *db = *state;
	int64_t max = add(db, "Max", NULL), ola = add(db, "Ola", NULL), tim = 0, ned = 0;
	int64_t journal;

	assert_int_equal(add_trainee(db, "Tim", max, 0, &tim), CRM_OK);
	journal = sql_int(db, "SELECT count(*) FROM journal");
	assert_int_equal(leave(db, max, false), CRM_ECONFLICT);
	assert_string_equal(crm_db_errmsg(db),
			    "manager 'Max' mentors 1 trainee ('Tim'): give the trainee another "
			    "mentor first with 'crm manager edit --mentor <manager> <trainee>', or "
			    "leave with --force");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal"), journal);
	assert_int_equal(sql_intf(db, "SELECT status = 'active' FROM manager WHERE id = %lld",
				  (long long)max), 1);
	/* a trainee whose training ended is no longer mentored */
	assert_int_equal(add_trainee(db, "Ned", ola, crm_db_now(db) + 86400, &ned), CRM_OK);
	assert_int_equal(leave(db, ola, false), CRM_ECONFLICT);
	sql_execf(db, "UPDATE manager SET trainee_until = %lld WHERE id = %lld",
		  (long long)crm_db_now(db), (long long)ned);
	assert_int_equal(leave(db, ola, false), CRM_OK);
	/* another mentor for Tim, and Max may go */
	{
		struct crm_manager_input in = { .capacity = -1, .trainee = CRM_TRAINEE_YES,
						.mentor_id = add(db, "Eva", NULL) };

		assert_int_equal(crm_manager_edit(db, tim, &in), CRM_OK);
	}
	assert_int_equal(leave(db, max, false), CRM_OK);
	/* or by force, the trainee keeping a mentor who left */
	assert_int_equal(add_trainee(db, "Ian", add(db, "Kim", NULL), 0, &ned), CRM_OK);
	assert_int_equal(leave(db, sql_int(db, "SELECT id FROM manager WHERE name = 'Kim'"), true),
			 CRM_OK);
}

static void test_trainee_rules(void **state)
{
	struct crm_db *db = *state;
	int64_t head = add(db, "Борис", NULL), gone = add(db, "Ушедший", NULL);
	int64_t today = FIXTURE_NOW - 10 * 3600, id = -1, t1, t2, mentor = -1;
	struct crm_manager_input in = { .capacity = -1 };

	assert_int_equal(leave(db, gone, false), CRM_OK);
	/* a trainee needs a mentor */
	assert_int_equal(add_trainee(db, "Анна", 0, 0, &id), CRM_EINVAL);
	assert_int_equal(id, 0);
	/* until and mentor go with a trainee only */
	in.name = "Анна";
	in.mentor_id = head;
	assert_int_equal(crm_manager_add(db, &in, &id), CRM_EINVAL);
	in.mentor_id = 0;
	in.trainee_until = today + 30 * DAY;
	assert_int_equal(crm_manager_add(db, &in, &id), CRM_EINVAL);
	/* the end is today or later: yesterday is refused */
	assert_int_equal(add_trainee(db, "Анна", head, today - DAY, &id), CRM_EINVAL);
	assert_non_null(strstr(crm_db_errmsg(db), "before today"));
	/* a mentor who left, or unknown */
	assert_int_equal(add_trainee(db, "Анна", gone, 0, &id), CRM_ECONFLICT);
	assert_int_equal(add_trainee(db, "Анна", 999, 0, &id), CRM_ENOTFOUND);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM manager"), 2);

	assert_int_equal(add_trainee(db, "Анна", head, today + DAY, &t1), CRM_OK);
	assert_true(trainee_now(db, t1, &mentor));
	assert_int_equal(mentor, head);
	/* a trainee cannot mentor, nor can one mentor himself */
	assert_int_equal(add_trainee(db, "Вера", t1, 0, &id), CRM_ECONFLICT);
	assert_non_null(strstr(crm_db_errmsg(db), "is a trainee"));
	in = (struct crm_manager_input){ .capacity = -1, .trainee = CRM_TRAINEE_YES,
					 .mentor_id = t1 };
	assert_int_equal(crm_manager_edit(db, t1, &in), CRM_ECONFLICT);
	/* a mentor of a trainee cannot become one */
	t2 = add(db, "Глеб", NULL);
	in.mentor_id = t2;
	assert_int_equal(crm_manager_edit(db, head, &in), CRM_ECONFLICT);
	assert_non_null(strstr(crm_db_errmsg(db), "mentors the trainee 'Анна'"));
	assert_false(trainee_now(db, head, NULL));

	/* the training ends on its last day: trainee up to the second before */
	crm_db_set_now(db, today + DAY - 1);
	assert_true(trainee_now(db, t1, NULL));
	crm_db_set_now(db, today + DAY);
	assert_false(trainee_now(db, t1, NULL));
	/* now trained: may mentor, and her mentor may become a trainee */
	assert_int_equal(add_trainee(db, "Вера", t1, 0, &t2), CRM_OK);
	in.mentor_id = add(db, "Дина", NULL);
	assert_int_equal(crm_manager_edit(db, head, &in), CRM_OK);
	assert_true(trainee_now(db, head, NULL));

	/* --no-trainee clears it all */
	in = (struct crm_manager_input){ .capacity = -1, .trainee = CRM_TRAINEE_NO };
	assert_int_equal(crm_manager_edit(db, t2, &in), CRM_OK);
	assert_int_equal(sql_intf(db, "SELECT trainee + (trainee_until IS NOT NULL) +"
				  " (mentor_id IS NOT NULL) FROM manager WHERE id = %lld",
				  (long long)t2), 0);
	/* an edit that leaves the training alone keeps it */
	in = (struct crm_manager_input){ .capacity = 7 };
	assert_int_equal(crm_manager_edit(db, head, &in), CRM_OK);
	assert_true(trainee_now(db, head, NULL));
}

/* Gender and position, for the letters: stored on add, changed and removed
 * ('') on edit, journaled, checked. */
static void test_gender_position(void **state)
{
	struct crm_db *db = *state;
	int64_t id = add(db, "Алёна Кузнецова", &(struct crm_manager_input){
				 .capacity = -1, .gender = "f",
				 .position = "менеджер по работе с клиентами" });
	int64_t plain = add(db, "Глеб", NULL);
	char *data = last_journal(db, "manager.add");
	char gender[8], position[128];
	struct crm_manager_iter *it;
	const struct crm_manager *m;
	bool changed = false;

	/* a manager without them journals neither */
	assert_null(strstr(data, "gender"));
	free(data);
	assert_int_equal(sql_int_id(db, "SELECT gender IS NULL AND position IS NULL FROM manager"
				    " WHERE id = ?1", plain), 1);
	assert_int_equal(crm_manager_query(db, id, &it), CRM_OK);
	assert_int_equal(crm_manager_iter_next(it, &m), CRM_OK);
	snprintf(gender, sizeof(gender), "%s", m->gender);
	snprintf(position, sizeof(position), "%s", m->position);
	crm_manager_iter_destroy(it);
	assert_string_equal(gender, "f");
	assert_string_equal(position, "менеджер по работе с клиентами");

	assert_int_equal(crm_manager_edit_changed(db, id, &(struct crm_manager_input){
						  .capacity = -1, .gender = "",
						  .position = "руководитель отдела продаж" },
						  &changed),
			 CRM_OK);
	assert_true(changed);
	data = last_journal(db, "manager.edit");
	assert_non_null(strstr(data, "\"changes\":{\"gender\":{\"old\":\"f\",\"new\":null},"
				     "\"position\":{\"old\":\"менеджер по работе с клиентами\","
				     "\"new\":\"руководитель отдела продаж\"}}"));
	free(data);
	assert_int_equal(sql_int_id(db, "SELECT gender IS NULL FROM manager WHERE id = ?1", id),
			 1);
	/* the same again: nothing changes */
	assert_int_equal(crm_manager_edit_changed(db, id, &(struct crm_manager_input){
						  .capacity = -1,
						  .position = "руководитель отдела продаж" },
						  &changed),
			 CRM_OK);
	assert_false(changed);
	/* refused: a gender other than f and m, a position on two lines */
	assert_int_equal(crm_manager_edit(db, id, &(struct crm_manager_input){
					  .capacity = -1, .gender = "male" }),
			 CRM_EINVAL);
	assert_int_equal(crm_manager_edit(db, id, &(struct crm_manager_input){
					  .capacity = -1, .position = "a\nb" }),
			 CRM_EINVAL);
	assert_int_equal(crm_manager_add(db, &(struct crm_manager_input){
					 .name = "Вера", .capacity = -1, .gender = "ж" }, &id),
			 CRM_EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_defaults, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_add_all_fields, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_add_invalid, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_unique_names, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_edit, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_gender_position, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_resolve, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_self, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_query, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_leave_with_live_clients, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_leave_while_mentoring, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_trainee_rules, fixture_setup,
						fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
