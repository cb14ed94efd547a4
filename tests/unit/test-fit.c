/*
 * test-fit.c: the scoring of managers for a client (crm_fit_rank), on
 * small cases with known answers: shared interests and traits, a patient
 * manager for a client who needs patience, an energetic manager for a
 * reserved client, free capacity, a manager who handled the client before
 * and one who had a conflict with it, the managers a client asked to be
 * rid of, trainees for vip and key clients, the order of the ranking and
 * the reasons given.
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

#define TODAY INT64_C(1795305600)       /* 2026-11-22T00:00:00Z */
#define NOW (TODAY + 10 * 3600)

/* A manager: id, name, capacity, traits and interests as JSON. */
static void manager(struct crm_db *db, int id, const char *name, int capacity,
		    const char *traits, const char *interests, const char *status)
{
	char sql[1024], *fold = crm_text_fold(name);

	snprintf(sql, sizeof(sql),
		 "INSERT INTO manager(id, uuid, name, name_fold, capacity, traits, interests,"
		 " status, created) VALUES (%d, 'm%d', '%s', '%s', %d, '%s', '%s', '%s', 0)",
		 id, id, name, fold, capacity, traits, interests, status);
	free(fold);
	sql_exec(db, sql);
}

static void client(struct crm_db *db, int id, int owner, const char *traits,
		   const char *interests, const char *tags)
{
	char sql[1024], own[16] = "NULL";

	if (owner) {
		snprintf(own, sizeof(own), "%d", owner);
	}
	snprintf(sql, sizeof(sql),
		 "INSERT INTO client(id, uuid, name, name_fold, stage_since, created, updated,"
		 " owner_id, traits, interests, tags) VALUES (%d, 'c%d', 'Client %d', 'client %d',"
		 " 0, 0, 0, %s, '%s', '%s', '%s')",
		 id, id, id, id, own, traits, interests, tags);
	sql_exec(db, sql);
}

/* n filler clients owned by a manager (ids from 'from'). */
static void load(struct crm_db *db, int manager_id, int from, int n)
{
	for (int i = 0; i < n; i++) {
		client(db, from + i, manager_id, "[]", "[]", "[]");
	}
}

static const struct crm_fit *find(const struct crm_fit_list *l, int64_t id, size_t *rank)
{
	for (size_t i = 0; i < l->n; i++) {
		if (l->items[i].manager_id == id) {
			if (rank) {
				*rank = i;
			}
			return &l->items[i];
		}
	}
	fail_msg("manager %lld not ranked", (long long)id);
	return NULL;
}

static struct crm_fit_list *rank(struct crm_db *db, int64_t client_id, int64_t exclude)
{
	struct crm_fit_list *l = NULL;

	assert_int_equal(crm_fit_rank(db, client_id, exclude, &l), CRM_OK);
	assert_non_null(l);
	return l;
}

static void test_interests_and_traits(void **state)
{
	struct crm_db *db = *state;
	struct crm_fit_list *l;

	/* capacity 10 and no clients: the room term is the full 10 */
	manager(db, 1, "Anna", 10, "[\"Calm\",\"cheerful\"]", "[\"Рыбалка\",\"chess\"]", "active");
	manager(db, 2, "Boris", 10, "[]", "[\"golf\"]", "active");
	client(db, 1, 0, "[\"calm\",\"cheerful\"]", "[\"рыбалка\",\"CHESS\",\"golf\"]", "[]");
	l = rank(db, 1, 0);
	assert_int_equal(l->n, 2);
	/* Anna: 2 interests (case folded, Cyrillic too) 20 + 2 traits 10 + room 10 */
	assert_int_equal(l->items[0].manager_id, 1);
	assert_int_equal(l->items[0].score, 40);
	assert_string_equal(l->items[0].manager, "Anna");
	assert_string_equal(l->items[0].why,
			    "shared interests: chess, Рыбалка; shared traits: Calm, cheerful; "
			    "load 0/10");
	assert_false(l->items[0].over_capacity);
	/* Boris: golf 10 + room 10 */
	assert_int_equal(l->items[1].score, 20);
	assert_string_equal(l->items[1].why, "shared interests: golf; load 0/10");
	crm_fit_list_destroy(l);
}

static void test_patience_and_energy(void **state)
{
	struct crm_db *db = *state;
	struct crm_fit_list *l;

	manager(db, 1, "Patient", 10, "[\"patient\"]", "[]", "active");
	manager(db, 2, "Energetic", 10, "[\"energetic\"]", "[]", "active");
	manager(db, 3, "Plain", 10, "[]", "[]", "active");
	/* a reserved client who needs patience (said by a tag) */
	client(db, 1, 0, "[\"reserved\"]", "[]", "[\"needs-support\"]");
	/* a Russian-speaking base says it in Russian */
	client(db, 2, 0, "[\"Сдержанный\",\"требует-терпения\"]", "[]", "[]");
	for (int c = 1; c <= 2; c++) {
		l = rank(db, c, 0);
		assert_int_equal(l->n, 3);
		assert_int_equal(l->items[0].manager_id, 1);
		assert_int_equal(l->items[0].score, 30);   /* 20 + room 10 */
		assert_string_equal(l->items[0].why, "patient, as the client needs; load 0/10");
		assert_int_equal(l->items[1].manager_id, 3);
		assert_int_equal(l->items[1].score, 10);
		assert_int_equal(l->items[2].manager_id, 2);
		assert_int_equal(l->items[2].score, -5);   /* -15 + 10 */
		assert_string_equal(l->items[2].why, "energetic, for a reserved client; load 0/10");
		crm_fit_list_destroy(l);
	}
}

static void test_capacity(void **state)
{
	struct crm_db *db = *state;
	struct crm_fit_list *l;
	const struct crm_fit *f;

	manager(db, 1, "Empty", 4, "[]", "[]", "active");
	manager(db, 2, "Half", 4, "[]", "[]", "active");
	manager(db, 3, "Full", 4, "[]", "[]", "active");
	manager(db, 4, "Zero", 0, "[]", "[]", "active");
	client(db, 1, 0, "[]", "[]", "[]");
	load(db, 2, 100, 2);
	load(db, 3, 200, 3);
	/* a pending handover to Full counts in its load: 4 of 4 */
	sql_exec(db, "INSERT INTO handover(client_id, to_id, reason, brief, dossier, next_text,"
		     " next_due, created_by, created) VALUES (200, 3, 'refresh', 'b', '{}', 'n', 0,"
		     " 't', 0)");
	/* lost and farewell clients do not count */
	client(db, 300, 2, "[]", "[]", "[]");
	sql_exec(db, "UPDATE client SET status = 'lost' WHERE id = 300");
	l = rank(db, 1, 0);
	f = find(l, 1, NULL);
	assert_int_equal(f->score, 10);
	f = find(l, 2, NULL);
	assert_int_equal(f->score, 5);                     /* 10 * 2 / 4 */
	assert_int_equal(f->load, 2);
	assert_string_equal(f->why, "load 2/4");
	f = find(l, 3, NULL);
	assert_int_equal(f->load, 4);
	assert_int_equal(f->score, -30);
	assert_true(f->over_capacity);
	assert_string_equal(f->why, "load 4/4 (full)");
	f = find(l, 4, NULL);
	assert_int_equal(f->score, -30);                   /* capacity 0: always full */
	assert_true(f->over_capacity);
	/* ties: Full and Zero both -30; the lower load (Zero: 0) first */
	assert_int_equal(l->items[0].manager_id, 1);
	assert_int_equal(l->items[1].manager_id, 2);
	assert_int_equal(l->items[2].manager_id, 4);
	assert_int_equal(l->items[3].manager_id, 3);
	crm_fit_list_destroy(l);
}

static void test_history(void **state)
{
	struct crm_db *db = *state;
	struct crm_fit_list *l;
	const struct crm_fit *f;
	size_t r;

	manager(db, 1, "Owner", 10, "[]", "[]", "active");
	manager(db, 2, "Caller", 10, "[]", "[\"chess\"]", "active");
	manager(db, 3, "Quarrel", 10, "[]", "[\"chess\"]", "active");
	manager(db, 4, "Former", 10, "[]", "[]", "active");
	manager(db, 5, "Sender", 10, "[]", "[\"chess\"]", "active");
	manager(db, 6, "Away", 10, "[]", "[\"chess\"]", "vacation");
	client(db, 1, 1, "[]", "[\"chess\"]", "[]");
	/* Caller logged a call; Quarrel had a conflict incident (and a call) */
	sql_exec(db, "INSERT INTO interaction(client_id, kind, at, author, text, created) VALUES"
		     " (1, 'call', 1, 'caller', 'hello', 1), (1, 'call', 2, 'QUARREL', 'hi', 2)");
	sql_exec(db, "INSERT INTO incident(client_id, kind, text, author, created) VALUES"
		     " (1, 'conflict', 'shouted', 'Quarrel', 3)");
	/* Former owned it and handed it over; Sender handed it over for a
	 * conflict (declined, but the conflict was real) */
	sql_exec(db, "INSERT INTO handover(client_id, from_id, to_id, reason, status, brief, dossier,"
		     " next_text, next_due, created_by, created) VALUES"
		     " (1, 4, 1, 'leaving', 'accepted', 'b', '{}', 'n', 0, 't', 0),"
		     " (1, 5, 2, 'conflict', 'declined', 'b', '{}', 'n', 0, 't', 0)");
	l = rank(db, 1, 1);
	assert_int_equal(l->n, 4);                 /* not the owner, not Away */
	f = find(l, 2, &r);
	assert_int_equal(r, 0);
	assert_int_equal(f->score, 25);            /* chess 10 + handled 5 + room 10 */
	assert_string_equal(f->why, "shared interests: chess; handled this client before; "
			    "load 0/10");
	f = find(l, 4, &r);
	assert_int_equal(r, 1);
	assert_int_equal(f->score, 15);            /* handled 5 + room 10 */
	/* both conflicts rank last, whatever they share */
	f = find(l, 3, &r);
	assert_true(r >= 2);
	assert_int_equal(f->score, -1000 + 10 + 10);
	assert_string_equal(f->why, "had a conflict with this client; shared interests: chess; "
			    "load 0/10");
	f = find(l, 5, &r);
	assert_true(r >= 2);
	assert_int_equal(f->score, -1000 + 10 + 10);
	crm_fit_list_destroy(l);
}

/*
 * A client that asked for another manager: before issue 12 every former
 * owner earned "handled this client before" (+5), so the very managers
 * the client asked to be rid of ranked first. Now the one it asked to be
 * rid of within a year is left out, and a relation that ended by a
 * client-request (even long ago) earns nothing.
 */
static void test_client_request_history(void **state)
{
	struct crm_db *db = *state;
	struct crm_fit_list *l;
	const struct crm_fit *f;
	size_t r;
	char sql[1024];

	manager(db, 1, "Owner", 10, "[]", "[]", "active");
	manager(db, 2, "Asked", 10, "[]", "[\"chess\"]", "active");
	manager(db, 3, "Old", 10, "[]", "[\"chess\"]", "active");
	manager(db, 4, "Good", 10, "[]", "[\"chess\"]", "active");
	manager(db, 5, "Withdrawn", 10, "[]", "[\"chess\"]", "active");
	client(db, 1, 1, "[]", "[\"chess\"]", "[]");
	/* Old logged calls with it, then the client asked to be rid of it 400
	 * days ago; Asked, 10 days ago; Good handed it over for a vacation;
	 * Withdrawn's client-request was cancelled */
	sql_exec(db, "INSERT INTO interaction(client_id, kind, at, author, text, created) VALUES"
		     " (1, 'call', 1, 'Old', 'hello', 1)");
	snprintf(sql, sizeof(sql),
		 "INSERT INTO handover(client_id, from_id, to_id, reason, status, brief, dossier,"
		 " next_text, next_due, created_by, created) VALUES"
		 " (1, 3, 2, 'client-request', 'accepted', 'b', '{}', 'n', 0, 't', %lld),"
		 " (1, 2, 4, 'client-request', 'accepted', 'b', '{}', 'n', 0, 't', %lld),"
		 " (1, 4, 1, 'vacation', 'accepted', 'b', '{}', 'n', 0, 't', %lld),"
		 " (1, 5, 1, 'client-request', 'cancelled', 'b', '{}', 'n', 0, 't', %lld)",
		 (long long)(NOW - 400 * 86400), (long long)(NOW - 10 * 86400),
		 (long long)(NOW - 5 * 86400), (long long)(NOW - 3 * 86400));
	sql_exec(db, sql);
	l = rank(db, 1, 1);
	assert_int_equal(l->n, 3);                 /* not the owner, not Asked */
	for (size_t i = 0; i < l->n; i++) {
		assert_int_not_equal(l->items[i].manager_id, 2);
	}
	f = find(l, 4, &r);
	assert_int_equal(r, 0);
	assert_int_equal(f->score, 25);            /* chess 10 + handled 5 + room 10 */
	assert_string_equal(f->why, "shared interests: chess; handled this client before; "
			    "load 0/10");
	/* Old: its relation ended by a client-request: no bonus (it was 25) */
	f = find(l, 3, &r);
	assert_int_equal(r, 1);
	assert_int_equal(f->score, 20);
	assert_string_equal(f->why, "shared interests: chess; load 0/10");
	f = find(l, 5, &r);
	assert_int_equal(r, 2);
	assert_int_equal(f->score, 20);
	crm_fit_list_destroy(l);
	/* the request was made 10 days before NOW: 364 and 365 days after it
	 * Asked is still left out, 366 days after it proposed again, still
	 * without the bonus */
	for (int days = 364; days <= 366; days++) {
		crm_db_set_now(db, NOW + (days - 10) * 86400);
		l = rank(db, 1, 1);
		assert_int_equal(l->n, days <= 365 ? 3 : 4);
		if (days == 366) {
			f = find(l, 2, &r);
			assert_int_equal(f->score, 20);
		}
		crm_fit_list_destroy(l);
	}
}

/* A trainee comes after the others for a vip or key client, with the
 * reason; for a regular client it ranks as anyone; a training that ended
 * counts no more. */
static void test_trainee(void **state)
{
	struct crm_db *db = *state;
	struct crm_fit_list *l;
	const struct crm_fit *f;
	size_t r;

	manager(db, 1, "Mentor", 10, "[]", "[]", "active");
	manager(db, 2, "Trainee", 10, "[]", "[\"chess\"]", "active");
	sql_exec(db, "UPDATE manager SET trainee = 1, mentor_id = 1 WHERE id = 2");
	client(db, 1, 0, "[]", "[\"chess\"]", "[]");
	client(db, 2, 0, "[]", "[\"chess\"]", "[]");
	sql_exec(db, "UPDATE client SET tier = 'vip' WHERE id = 1");
	l = rank(db, 1, 0);
	f = find(l, 2, &r);
	assert_int_equal(r, 1);
	assert_int_equal(f->score, -500 + 10 + 10);
	assert_string_equal(f->why, "a trainee: a vip or key client goes to a trainee only by a "
			    "head's --escalated; shared interests: chess; load 0/10");
	crm_fit_list_destroy(l);
	l = rank(db, 2, 0);
	f = find(l, 2, &r);
	assert_int_equal(r, 0);
	assert_int_equal(f->score, 20);
	crm_fit_list_destroy(l);
	/* trained until yesterday: no longer a trainee */
	sql_exec(db, "UPDATE manager SET trainee_until = 1795219200 WHERE id = 2");
	l = rank(db, 1, 0);
	f = find(l, 2, &r);
	assert_int_equal(r, 0);
	assert_int_equal(f->score, 20);
	crm_fit_list_destroy(l);
}

static void test_errors(void **state)
{
	struct crm_db *db = *state;
	struct crm_fit_list *l = (void *)1;

	assert_int_equal(crm_fit_rank(db, 99, 0, &l), CRM_ENOTFOUND);
	assert_null(l);
	assert_string_equal(crm_db_errmsg(db), "no client with id 99");
	/* no managers: an empty ranking */
	client(db, 1, 0, "[]", "[]", "[]");
	l = rank(db, 1, 0);
	assert_int_equal(l->n, 0);
	crm_fit_list_destroy(l);
	crm_fit_list_destroy(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_interests_and_traits, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_patience_and_energy, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_capacity, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_history, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_client_request_history, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_trainee, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_errors, fixture_setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
