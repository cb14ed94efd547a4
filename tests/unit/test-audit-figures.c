/*
 * test-audit-figures.c: the figures of a period in crm audit managers
 * (orders and their sum, clients won and lost, promises kept and broken,
 * the median days to a first contact after a handover, moves, late
 * meetings), each pinned at the period's edges in the team's zone: a row
 * at since's 00:00 local and one second before it, one second before
 * until's end and at it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "crm-private.h"
#include "fixture.h"

#define DAY INT64_C(86400)
#define NOW FIXTURE_NOW         /* 2026-11-22T10:00:00Z */
#define TODAY (NOW - 10 * 3600) /* 2026-11-22 */
#define SINCE (TODAY - 21 * DAY) /* 2026-11-01 */
#define UNTIL (TODAY + 8 * DAY)  /* 2026-11-30 */
/* Europe/Moscow is UTC+3 all year: the period's edges in UTC */
#define FROM (SINCE - 3 * 3600)
#define TO (UNTIL + DAY - 3 * 3600)


static int64_t last_id(struct crm_db *db)
{
	return sqlite3_last_insert_rowid(db->sql);
}

static int64_t manager(struct crm_db *db, const char *name)
{
	char *fold = crm_text_fold(name);

	sql_execf(db, "INSERT INTO manager(uuid, name, name_fold, capacity, created)"
		      " VALUES ('m-' || %Q, %Q, %Q, 50, %lld)", name, name, fold,
		  (long long)(NOW - 1000 * DAY));
	free(fold);
	return last_id(db);
}

/* status_since 0: NULL (since created) */
static int64_t client(struct crm_db *db, int64_t owner, const char *status, int64_t created,
		      int64_t status_since)
{
	static int n;

	sql_execf(db, "INSERT INTO client(uuid, name, name_fold, status, stage_since, owner_id,"
		      " created, updated, status_since) VALUES ('c-%d', 'c%d', 'c%d', %Q, %lld,"
		      " nullif(%lld, 0), %lld, %lld, nullif(%lld, 0))", n, n, n, status,
		  (long long)created, (long long)owner, (long long)created, (long long)created,
		  (long long)status_since);
	n++;
	return last_id(db);
}

static int64_t old_client(struct crm_db *db, int64_t owner)
{
	return client(db, owner, "active", NOW - 1000 * DAY, 0);
}

/* author 0: a name that is no manager's; late < 0: NULL */
static void note(struct crm_db *db, int64_t cl, const char *kind, int64_t at, int64_t author,
		 int64_t amount, int64_t late)
{
	sql_execf(db, "INSERT INTO interaction(client_id, kind, at, author, text, created,"
		      " author_id, amount, late) VALUES (%lld, %Q, %lld, 'someone', 'x', %lld,"
		      " nullif(%lld, 0), nullif(%lld, 0), iif(%lld < 0, NULL, %lld))",
		  (long long)cl, kind, (long long)at, (long long)at, (long long)author,
		  (long long)amount, (long long)late, (long long)late);
}

static void promise(struct crm_db *db, int64_t cl, const char *status, int64_t closed)
{
	sql_execf(db, "INSERT INTO promise(client_id, kind, text, due, status, author, created,"
		      " closed) VALUES (%lld, 'promise', 'deliver', %lld, %Q, 'someone', %lld,"
		      " nullif(%lld, 0))", (long long)cl, (long long)(NOW - 100 * DAY), status,
		  (long long)(NOW - 200 * DAY), (long long)closed);
}

static void accepted(struct crm_db *db, int64_t cl, int64_t to, int64_t decided)
{
	sql_execf(db, "INSERT INTO handover(client_id, to_id, reason, status, brief, dossier,"
		      " next_text, next_due, created_by, created, decided, decided_by)"
		      " VALUES (%lld, %lld, 'refresh', 'accepted', 'brief', '{}', 'call', %lld,"
		      " 'someone', %lld, %lld, 'someone')", (long long)cl, (long long)to,
		  (long long)decided, (long long)(decided - DAY), (long long)decided);
}

static void move(struct crm_db *db, int64_t cl, int64_t actor, const char *by, int64_t at)
{
	sql_execf(db, "INSERT INTO next_action(client_id, text, due, status, author, created)"
		      " VALUES (%lld, 'call', %lld, 'open', 'someone', %lld)", (long long)cl,
		  (long long)NOW, (long long)(NOW - 50 * DAY));
	sql_execf(db, "INSERT INTO next_move(action_id, at, from_due, from_timed, to_due, to_timed,"
		      " by, reason, actor, actor_id) VALUES (%lld, %lld, %lld, 0, %lld, 0, %Q,"
		      " 'no car', 'someone', %lld)", (long long)last_id(db), (long long)at,
		  (long long)TODAY, (long long)(TODAY + DAY), by, (long long)actor);
}

/* The scorecard of manager id for the period [since, until]. */
static struct crm_audit_scorecard card(struct crm_db *db, int64_t id, int64_t since,
				       int64_t until)
{
	struct crm_audit_options o = { .as_of = NOW, .since = since, .until = until };
	struct crm_audit_scorecard_iter *it;
	const struct crm_audit_scorecard *s;
	struct crm_audit_scorecard got = { .manager_id = -1 };

	assert_int_equal(crm_audit_managers(db, &o, &it), CRM_OK);
	while (crm_audit_scorecard_iter_next(it, &s) == CRM_OK) {
		if (s->manager_id == id) {
			got = *s;
			got.manager = NULL;
			got.status = NULL;
		}
	}
	crm_audit_scorecard_iter_destroy(it);
	assert_int_equal(got.manager_id, id);
	return got;
}

static void test_orders_and_late(void **state)
{
	struct crm_db *db = *state;
	int64_t a = manager(db, "Anna"), b = manager(db, "Boris");
	int64_t c = old_client(db, a);
	struct crm_audit_scorecard s;

	note(db, c, "order", FROM - 1, a, 100000, -1);
	note(db, c, "order", FROM, a, 100, -1);
	note(db, c, "order", TO - 1, a, 10000, -1);
	note(db, c, "order", TO, a, 1000000, -1);
	note(db, c, "order", FROM + 5, a, 0, -1);  /* no amount: counted, adds 0 */
	note(db, c, "order", FROM + 9, b, 7, -1);  /* Boris wrote it */
	note(db, c, "order", FROM + 9, 0, 5, -1);  /* nobody's */
	note(db, c, "call", FROM + 9, a, 3, -1);   /* no order */
	note(db, c, "meeting", FROM - 1, a, 0, 30);
	note(db, c, "meeting", FROM, a, 0, 25);
	note(db, c, "meeting", FROM + 1, a, 0, 0); /* on time */
	note(db, c, "meeting", FROM + 2, a, 0, -1);
	note(db, c, "meeting", TO - 1, a, 0, 1);
	note(db, c, "meeting", TO, a, 0, 40);
	note(db, c, "call", FROM + 3, a, 0, 20);   /* only meetings count */
	s = card(db, a, SINCE, UNTIL);
	assert_int_equal(s.orders, 3);
	assert_int_equal(s.orders_sum, 10100);
	assert_int_equal(s.late_meetings, 2);
	s = card(db, b, SINCE, UNTIL);
	assert_int_equal(s.orders, 1);
	assert_int_equal(s.orders_sum, 7);
	assert_int_equal(s.late_meetings, 0);
}

static void test_clients_won_lost(void **state)
{
	struct crm_db *db = *state;
	int64_t a = manager(db, "Anna"), b = manager(db, "Boris");
	struct crm_audit_scorecard s;

	client(db, a, "prospect", FROM - 1, 0);
	client(db, a, "prospect", FROM, 0);
	client(db, a, "active", TO - 1, 0);
	client(db, a, "active", TO, 0);
	client(db, b, "active", FROM + 1, 0);
	client(db, 0, "active", FROM + 1, 0);
	/* lost: status_since in the period, or created in it when NULL */
	client(db, a, "lost", NOW - 900 * DAY, FROM - 1);
	client(db, a, "lost", NOW - 900 * DAY, FROM);
	client(db, a, "farewell", NOW - 900 * DAY, TO - 1);
	client(db, a, "lost", NOW - 900 * DAY, TO);
	client(db, a, "active", NOW - 900 * DAY, FROM + 7); /* changed, not lost */
	client(db, a, "lost", NOW - 900 * DAY, 0);           /* lost since created, long ago */
	s = card(db, a, SINCE, UNTIL);
	assert_int_equal(s.new_clients, 2);
	assert_int_equal(s.lost_clients, 2);
	/* a client created in the period and lost since: won and lost */
	client(db, a, "lost", FROM + 60, 0);
	s = card(db, a, SINCE, UNTIL);
	assert_int_equal(s.new_clients, 3);
	assert_int_equal(s.lost_clients, 3);
	assert_int_equal(card(db, b, SINCE, UNTIL).new_clients, 1);
}

static void test_promises(void **state)
{
	struct crm_db *db = *state;
	int64_t a = manager(db, "Anna"), b = manager(db, "Boris");
	int64_t c = old_client(db, a), d = old_client(db, b);
	struct crm_audit_scorecard s;

	promise(db, c, "kept", FROM - 1);
	promise(db, c, "kept", FROM);
	promise(db, c, "kept", FROM + 100);
	promise(db, c, "broken", TO - 1);
	promise(db, c, "broken", TO);
	promise(db, c, "open", 0);
	promise(db, d, "broken", FROM + 1);
	s = card(db, a, SINCE, UNTIL);
	assert_int_equal(s.promises_kept, 2);
	assert_int_equal(s.promises_broken, 1);
	s = card(db, b, SINCE, UNTIL);
	assert_int_equal(s.promises_kept, 0);
	assert_int_equal(s.promises_broken, 1);
}

static void test_first_contact_median(void **state)
{
	struct crm_db *db = *state;
	int64_t a = manager(db, "Anna"), b = manager(db, "Boris");
	int64_t c1 = old_client(db, a), c2 = old_client(db, a), c3 = old_client(db, a);
	int64_t c4 = old_client(db, a), c5 = old_client(db, a), c6 = old_client(db, a);
	int64_t c7 = old_client(db, a);

	/* nothing accepted yet: null */
	assert_true(card(db, a, SINCE, UNTIL).first_contact_days < 0);
	accepted(db, c1, a, FROM);
	note(db, c1, "call", FROM - DAY, a, 0, -1);       /* before acceptance */
	note(db, c1, "call", FROM + DAY, a, 0, -1);       /* 1 day */
	note(db, c1, "call", FROM + 2 * DAY, a, 0, -1);   /* not the first */
	accepted(db, c2, a, FROM + DAY);
	note(db, c2, "call", FROM + DAY + DAY / 2, b, 0, -1); /* not the receiver */
	note(db, c2, "email", FROM + 4 * DAY, a, 0, -1);  /* 3 days */
	accepted(db, c3, a, TO - 20 * DAY);
	note(db, c3, "meeting", TO - 10 * DAY, a, 0, -1); /* 10 days */
	accepted(db, c4, a, FROM + 3 * DAY);               /* never contacted: left out */
	accepted(db, c5, a, FROM - 1);                     /* accepted before the period */
	note(db, c5, "call", FROM + DAY, a, 0, -1);
	accepted(db, c6, a, TO);                           /* accepted after it */
	note(db, c6, "call", TO + DAY, a, 0, -1);
	accepted(db, c7, a, TO - 2 * DAY);
	note(db, c7, "call", TO, a, 0, -1);               /* after the period: none yet */
	/* odd: 1, 3, 10 */
	assert_true(card(db, a, SINCE, UNTIL).first_contact_days == 3.0);
	/* even: 1, 3, 4.5, 10 */
	note(db, c4, "call", FROM + 3 * DAY + 4 * DAY + DAY / 2, a, 0, -1);
	assert_true(card(db, a, SINCE, UNTIL).first_contact_days == 3.75);
	assert_true(card(db, b, SINCE, UNTIL).first_contact_days < 0);
}

static void test_moves(void **state)
{
	struct crm_db *db = *state;
	int64_t a = manager(db, "Anna"), b = manager(db, "Boris");
	int64_t c = old_client(db, a);

	move(db, c, a, "manager", FROM - 1);
	move(db, c, a, "manager", FROM);
	move(db, c, a, "manager", TO - 1);
	move(db, c, a, "manager", TO);
	move(db, c, a, "client", FROM + 1); /* the client asked */
	move(db, c, b, "manager", FROM + 1);
	assert_int_equal(card(db, a, SINCE, UNTIL).moves, 2);
	assert_int_equal(card(db, b, SINCE, UNTIL).moves, 1);
}

/* No --since, no --until: the 30 days that end with the as-of day. */
static void test_default_period(void **state)
{
	struct crm_db *db = *state;
	int64_t a = manager(db, "Anna");
	int64_t c = old_client(db, a);
	int64_t from = TODAY - 29 * DAY - 3 * 3600, to = TODAY + DAY - 3 * 3600;

	note(db, c, "order", from - 1, a, 1, -1);
	note(db, c, "order", from, a, 10, -1);
	note(db, c, "order", to - 1, a, 100, -1);
	note(db, c, "order", to, a, 1000, -1);
	assert_int_equal(card(db, a, 0, 0).orders_sum, 110);
	/* one day: since = until */
	assert_int_equal(card(db, a, TODAY, TODAY).orders_sum, 100);
	/* --until alone: the 30 days to it, a day earlier: from - 1 in, to - 1 out */
	assert_int_equal(card(db, a, 0, TODAY - DAY).orders_sum, 11);
	/* --since alone: to today */
	assert_int_equal(card(db, a, TODAY - 29 * DAY, 0).orders_sum, 110);
}

static void test_bad_period(void **state)
{
	struct crm_db *db = *state;
	struct crm_audit_options o = { .as_of = NOW, .since = UNTIL + DAY, .until = UNTIL };
	struct crm_audit_scorecard_iter *it = NULL;
	char *sql = NULL;

	manager(db, "Anna");
	assert_int_equal(crm_audit_managers(db, &o, &it), CRM_EINVAL);
	assert_null(it);
	assert_non_null(strstr(crm_db_errmsg(db), "after its end"));
	assert_int_equal(crm_audit_managers_sql(db, &o, &sql), CRM_EINVAL);
	assert_null(sql);
	/* --since alone after today */
	o = (struct crm_audit_options){ .as_of = NOW, .since = TODAY + DAY };
	assert_int_equal(crm_audit_managers(db, &o, &it), CRM_EINVAL);
}

/* The script for the shell names the period the run binds. */
static void test_managers_sql(void **state)
{
	struct crm_db *db = *state;
	struct crm_audit_options o = { .as_of = NOW, .since = SINCE, .until = UNTIL };
	char *sql = NULL, want[64];

	assert_int_equal(crm_audit_managers_sql(db, &o, &sql), CRM_OK);
	snprintf(want, sizeof(want), ".parameter set :from %lld\n", (long long)FROM);
	assert_non_null(strstr(sql, want));
	snprintf(want, sizeof(want), ".parameter set :to %lld\n", (long long)TO);
	assert_non_null(strstr(sql, want));
	assert_non_null(strstr(sql, ".parameter set :owner NULL\n"));
	free(sql);
}

/* A client of a source, created at created (status_since 0: NULL). */
static int64_t sourced(struct crm_db *db, const char *source, const char *status,
		       int64_t created, int64_t status_since)
{
	int64_t id = client(db, 0, status, created, status_since);

	sql_execf(db, "UPDATE client SET source = %Q WHERE id = %lld", source, (long long)id);
	return id;
}

struct src {
	char source[32];
	int64_t won, repeat, orders, revenue, lost;
};

/* The rows of audit sources for [since, until], in order; their count. */
static size_t sources(struct crm_db *db, int64_t since, int64_t until, struct src *out,
		      size_t max)
{
	struct crm_audit_options o = { .as_of = NOW, .since = since, .until = until };
	struct crm_audit_source_iter *it;
	const struct crm_audit_source *r;
	size_t n = 0;
	crm_status st;

	assert_int_equal(crm_audit_sources(db, &o, &it), CRM_OK);
	while ((st = crm_audit_source_iter_next(it, &r)) == CRM_OK) {
		assert_true(n < max);
		snprintf(out[n].source, sizeof(out[n].source), "%s", r->source ? r->source : "-");
		out[n].won = r->new_clients;
		out[n].repeat = r->repeat_clients;
		out[n].orders = r->orders;
		out[n].revenue = r->revenue;
		out[n].lost = r->lost_clients;
		n++;
	}
	assert_int_equal(st, CRM_DONE);
	crm_audit_source_iter_destroy(it);
	return n;
}

static void test_sources(void **state)
{
	struct crm_db *db = *state;
	int64_t a = manager(db, "Anna");
	struct src r[8];
	int64_t x, y, z;
	size_t n;

	/* new clients at the edges */
	sourced(db, "выставка", "prospect", FROM - 1, 0);
	sourced(db, "выставка", "prospect", FROM, 0);
	sourced(db, "выставка", "prospect", TO - 1, 0);
	sourced(db, "выставка", "prospect", TO, 0); /* after the period: not even listed */
	sourced(db, "радио", "prospect", TO, 0);     /* a source born after: not listed */
	/* orders: x orders twice, once in the period: a repeat; y twice, both
	 * before: no repeat, no revenue; z once in: an order, no repeat */
	x = sourced(db, "сайт", "active", NOW - 900 * DAY, 0);
	y = sourced(db, "сайт", "active", NOW - 900 * DAY, 0);
	z = sourced(db, NULL, "active", NOW - 900 * DAY, 0);
	note(db, x, "order", FROM - 100 * DAY, a, 700, -1);
	note(db, x, "order", FROM, a, 5000, -1);
	note(db, x, "order", TO, a, 90000, -1); /* after the period */
	note(db, y, "order", FROM - 1, a, 100, -1);
	note(db, y, "order", FROM - 2, a, 100, -1);
	note(db, z, "order", TO - 1, 0, 300, -1);
	note(db, z, "call", TO - 1, 0, 1000, -1);
	/* lost in the period, and before it */
	sourced(db, "сайт", "lost", NOW - 900 * DAY, FROM);
	sourced(db, "сайт", "farewell", NOW - 900 * DAY, TO - 1);
	sourced(db, "сайт", "lost", NOW - 900 * DAY, FROM - 1);
	sourced(db, "сайт", "lost", NOW - 900 * DAY, TO);
	n = sources(db, SINCE, UNTIL, r, 8);
	assert_int_equal(n, 3);
	/* the highest revenue first; none after the named at equal revenue */
	assert_string_equal(r[0].source, "сайт");
	assert_int_equal(r[0].won, 0);
	assert_int_equal(r[0].repeat, 1);
	assert_int_equal(r[0].orders, 1);
	assert_int_equal(r[0].revenue, 5000);
	assert_int_equal(r[0].lost, 2);
	assert_string_equal(r[1].source, "-");
	assert_int_equal(r[1].orders, 1);
	assert_int_equal(r[1].revenue, 300);
	assert_int_equal(r[1].repeat, 0);
	assert_string_equal(r[2].source, "выставка");
	assert_int_equal(r[2].won, 2);
	assert_int_equal(r[2].orders, 0);
	assert_int_equal(r[2].revenue, 0);
	/* a second order of z in the period makes it a repeat client */
	note(db, z, "order", FROM, 0, 5000, -1);
	n = sources(db, SINCE, UNTIL, r, 8);
	assert_string_equal(r[0].source, "-");
	assert_int_equal(r[0].repeat, 1);
	assert_int_equal(r[0].revenue, 5300);
	/* one day later at both ends: x's late order in, x's first out */
	n = sources(db, SINCE + DAY, UNTIL + DAY, r, 8);
	assert_int_equal(n, 4);
	assert_string_equal(r[0].source, "сайт");
	assert_int_equal(r[0].revenue, 90000);
}

static void test_sources_bad_period(void **state)
{
	struct crm_db *db = *state;
	struct crm_audit_options o = { .as_of = NOW, .since = UNTIL, .until = SINCE };
	struct crm_audit_source_iter *it = NULL;

	assert_int_equal(crm_audit_sources(db, &o, &it), CRM_EINVAL);
	assert_null(it);
	/* nothing at all: no row */
	assert_int_equal(sources(db, SINCE, UNTIL, NULL, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_orders_and_late, fixture_setup_moscow, fixture_teardown_moscow),
		cmocka_unit_test_setup_teardown(test_clients_won_lost, fixture_setup_moscow, fixture_teardown_moscow),
		cmocka_unit_test_setup_teardown(test_promises, fixture_setup_moscow, fixture_teardown_moscow),
		cmocka_unit_test_setup_teardown(test_first_contact_median, fixture_setup_moscow, fixture_teardown_moscow),
		cmocka_unit_test_setup_teardown(test_moves, fixture_setup_moscow, fixture_teardown_moscow),
		cmocka_unit_test_setup_teardown(test_default_period, fixture_setup_moscow, fixture_teardown_moscow),
		cmocka_unit_test_setup_teardown(test_bad_period, fixture_setup_moscow, fixture_teardown_moscow),
		cmocka_unit_test_setup_teardown(test_managers_sql, fixture_setup_moscow, fixture_teardown_moscow),
		cmocka_unit_test_setup_teardown(test_sources, fixture_setup_moscow, fixture_teardown_moscow),
		cmocka_unit_test_setup_teardown(test_sources_bad_period, fixture_setup_moscow, fixture_teardown_moscow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
