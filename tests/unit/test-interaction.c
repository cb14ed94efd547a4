/*
 * test-interaction.c: recording interactions (crm note): checks, the
 * client's last contact and order count, the regular-client rule, the
 * search index; and the client's timeline (crm log): one stream over every
 * table and the journal, newest first, with its filters.
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

/* A client made with plain SQL, so that these tests need only this module. */
static int64_t new_client(struct crm_db *db, const char *name, const char *status)
{
	sqlite3_stmt *st;
	char uuid[40];
	char *fold = crm_text_fold(name);

	assert_non_null(fold);
	assert_int_equal(crm_uuid_new(uuid, sizeof(uuid)), CRM_OK);
	assert_int_equal(sqlite3_prepare_v2(db->sql,
					    "INSERT INTO client(uuid, name, name_fold, status,"
					    " stage_since, created, updated)"
					    " VALUES (?1, ?2, ?3, ?4, 0, 0, 0)",
					    -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, fold, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, status, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	free(fold);
	return sqlite3_last_insert_rowid(db->sql);
}

static char *status_of(struct crm_db *db, int64_t client)
{
	return sql_text_id(db, "SELECT status FROM client WHERE id = ?1", client);
}

static int64_t count_action(struct crm_db *db, const char *action)
{
	sqlite3_stmt *st;
	int64_t n;

	assert_int_equal(sqlite3_prepare_v2(db->sql,
					    "SELECT count(*) FROM journal WHERE action = ?1", -1,
					    &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, action, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int64_t note(struct crm_db *db, int64_t client, const char *kind, int64_t at,
		    const char *text, struct crm_note_result *res)
{
	struct crm_note_input in = { .kind = kind, .at = at, .text = text };
	struct crm_note_result r;

	assert_int_equal(crm_note_add(db, client, &in, res ? res : &r), CRM_OK);
	return res ? res->id : r.id;
}

static void check_status(struct crm_db *db, int64_t client, const char *want)
{
	char *s = status_of(db, client);

	assert_non_null(s);
	assert_string_equal(s, want);
	free(s);
}

/* ---- notes ------------------------------------------------------------ */

static void test_note_basic(void **state)
{
	struct crm_db *db = *state;
	int64_t cl = new_client(db, "ООО Ромашка", "prospect");
	struct crm_note_input in = { .text = "Позвонил Ивану", .outcome = "Встреча в среду" };
	struct crm_interaction_iter *it = NULL;
	const struct crm_interaction *i;
	struct crm_note_result res;
	char *data;

	assert_int_equal(crm_note_add(db, cl, &in, &res), CRM_OK);
	assert_true(res.id > 0);
	assert_null(res.status_before);
	assert_null(res.status_after);
	assert_string_equal(res.status, "prospect");
	assert_int_equal(res.orders, 0);

	assert_int_equal(crm_interaction_query(db,
					       &(struct crm_interaction_filter){ .id = res.id },
					       &it),
			 CRM_OK);
	assert_int_equal(crm_interaction_iter_next(it, &i), CRM_OK);
	assert_int_equal(i->id, res.id);
	assert_int_equal(i->client_id, cl);
	assert_string_equal(i->client, "ООО Ромашка");
	assert_string_equal(i->kind, "note"); /* the default kind */
	assert_int_equal(i->at, T0);          /* the default time: now */
	assert_string_equal(i->author, "anna");
	assert_string_equal(i->text, "Позвонил Ивану");
	assert_string_equal(i->outcome, "Встреча в среду");
	assert_false(i->has_amount);
	assert_int_equal(crm_interaction_iter_next(it, &i), CRM_DONE);
	crm_interaction_iter_destroy(it);

	/* the client: last contact and updated move to now; no order */
	assert_int_equal(sql_int_id(db, "SELECT last_contact FROM client WHERE id = ?1", cl), T0);
	assert_int_equal(sql_int_id(db, "SELECT updated FROM client WHERE id = ?1", cl), T0);
	assert_int_equal(sql_int_id(db, "SELECT orders FROM client WHERE id = ?1", cl), 0);

	/* one journal entry, nothing about the status */
	assert_int_equal(count_action(db, "interaction.add"), 1);
	assert_int_equal(count_action(db, "client.status"), 0);
	data = sql_text_id(db, "SELECT data FROM journal WHERE entity = 'interaction'"
			       " AND entity_id = ?1", res.id);
	assert_non_null(data);
	assert_non_null(strstr(data, "\"text\":\"Позвонил Ивану\""));
	assert_non_null(strstr(data, "\"at\":\"2026-11-22T10:00:00Z\""));
	assert_non_null(strstr(data, "\"amount\":null"));
	free(data);

	/* text and outcome are in the search index, folded */
	assert_int_equal(sql_int_id(db, "SELECT count(*) FROM search WHERE search MATCH 'ивану'"
					" AND rowid = ?1",
				    CRMI_SEARCH_ROWID(res.id, CRMI_SEARCH_INTERACTION)),
			 1);
	assert_int_equal(sql_int_id(db, "SELECT count(*) FROM search WHERE search MATCH 'среду'"
					" AND rowid = ?1",
				    CRMI_SEARCH_ROWID(res.id, CRMI_SEARCH_INTERACTION)),
			 1);
	assert_int_equal(sql_int_id(db, "SELECT client_id FROM search WHERE rowid = ?1",
				    CRMI_SEARCH_ROWID(res.id, CRMI_SEARCH_INTERACTION)),
			 cl);
}

static void test_note_amount_and_author(void **state)
{
	struct crm_db *db = *state;
	int64_t cl = new_client(db, "Acme", "active");
	struct crm_note_input in = { .kind = "order", .text = "100 chairs", .has_amount = true,
				     .amount = 123450, .author = "boris", .at = T0 - DAY };
	struct crm_interaction_iter *it = NULL;
	const struct crm_interaction *i;
	struct crm_note_result res;
	char *data;

	assert_int_equal(crm_note_add(db, cl, &in, &res), CRM_OK);
	assert_int_equal(crm_interaction_query(db,
					       &(struct crm_interaction_filter){ .client_id = cl },
					       &it),
			 CRM_OK);
	assert_int_equal(crm_interaction_iter_next(it, &i), CRM_OK);
	assert_true(i->has_amount);
	assert_int_equal(i->amount, 123450);
	assert_string_equal(i->author, "boris");
	assert_int_equal(i->at, T0 - DAY);
	crm_interaction_iter_destroy(it);
	data = sql_text_id(db, "SELECT data FROM journal WHERE entity = 'interaction'"
			       " AND entity_id = ?1", res.id);
	assert_non_null(strstr(data, "\"amount\":\"1234.50\""));
	free(data);
}

static void check_refused(struct crm_db *db, int64_t cl, const struct crm_note_input *in,
			  crm_status want, const char *msg)
{
	struct crm_note_result res = { .id = 42 };

	assert_int_equal(crm_note_add(db, cl, in, &res), want);
	assert_int_equal(res.id, 0);
	if (!strstr(crm_db_errmsg(db), msg)) {
		fail_msg("'%s' not in '%s'", msg, crm_db_errmsg(db));
	}
	assert_int_equal(sql_int_id(db, "SELECT count(*) FROM interaction", 0), 0);
	assert_int_equal(sql_int_id(db, "SELECT count(*) FROM journal", 0), 0);
	assert_int_equal(sql_int_id(db, "SELECT count(*) FROM search", 0), 0);
	assert_int_equal(sql_int_id(db, "SELECT coalesce(last_contact, 0) FROM client", 0), 0);
}

/* The author's manager is kept (author_id, by the folded name: the actor,
 * or the author an import names); lateness is a meeting's, 0..1440. */
static void test_note_author_id_and_late(void **state)
{
	struct crm_db *db = *state;
	int64_t c = new_client(db, "Acme", "active");
	struct crm_note_input in = { .kind = "meeting", .text = "met" };
	const struct crm_interaction *row;
	struct crm_interaction_iter *it;
	struct crm_note_result res;
	int64_t anna, ivan;

	sql_exec(db, "INSERT INTO manager(uuid, name, name_fold, capacity, created)"
		     " VALUES ('m1', 'Анна', 'анна', 10, 0),"
		     " ('m2', 'Иван Сидоров', 'иван сидоров', 10, 0)");
	anna = sql_int(db, "SELECT id FROM manager WHERE name = 'Анна'");
	ivan = sql_int(db, "SELECT id FROM manager WHERE name = 'Иван Сидоров'");
	/* the actor "anna" is no manager's name (Анна is another alphabet) */
	assert_int_equal(crm_note_add(db, c, &in, &res), CRM_OK);
	assert_int_equal(sql_int_id(db, "SELECT author_id IS NULL FROM interaction WHERE id = ?1",
				    res.id), 1);
	in.author = "ИВАН сидоров";
	in.has_late = true;
	in.late = 1440;
	assert_int_equal(crm_note_add(db, c, &in, &res), CRM_OK);
	assert_int_equal(sql_int_id(db, "SELECT author_id FROM interaction WHERE id = ?1", res.id),
			 ivan);
	assert_int_equal(sql_int_id(db, "SELECT late FROM interaction WHERE id = ?1", res.id),
			 1440);
	assert_int_equal(crm_interaction_query(db, &(struct crm_interaction_filter){ .id = res.id },
					       &it), CRM_OK);
	assert_int_equal(crm_interaction_iter_next(it, &row), CRM_OK);
	assert_true(row->has_late);
	assert_int_equal(row->late, 1440);
	assert_int_equal(row->author_id, ivan);
	crm_interaction_iter_destroy(it);
	in.author = "Анна";
	in.late = 0;
	assert_int_equal(crm_note_add(db, c, &in, &res), CRM_OK);
	assert_int_equal(sql_int_id(db, "SELECT author_id FROM interaction WHERE id = ?1", res.id),
			 anna);
	assert_int_equal(sql_int_id(db, "SELECT late FROM interaction WHERE id = ?1", res.id), 0);
	/* refused: a day late, lateness below 0, lateness of a call */
	in.late = 1441;
	assert_int_equal(crm_note_add(db, c, &in, &res), CRM_EINVAL);
	assert_non_null(strstr(crm_db_errmsg(db), "invalid lateness 1441: 0 to 1440 minutes"));
	in.late = -1;
	assert_int_equal(crm_note_add(db, c, &in, &res), CRM_EINVAL);
	in.late = 5;
	in.kind = "call";
	assert_int_equal(crm_note_add(db, c, &in, &res), CRM_EINVAL);
	assert_non_null(strstr(crm_db_errmsg(db), "lateness is for a meeting"));
	assert_int_equal(sql_int(db, "SELECT count(*) FROM interaction"), 3);
}

static void test_note_refused(void **state)
{
	struct crm_db *db = *state;
	int64_t cl = new_client(db, "Acme", "prospect");
	char *big = malloc(10002);

	assert_non_null(big);
	check_refused(db, cl, &(struct crm_note_input){ .text = "" }, CRM_EINVAL, "empty text");
	check_refused(db, cl, &(struct crm_note_input){ .text = NULL }, CRM_EINVAL, "empty text");
	check_refused(db, cl, &(struct crm_note_input){ .text = "bad \xff" }, CRM_EINVAL, "UTF-8");
	memset(big, 'x', 10001);
	big[10001] = '\0';
	check_refused(db, cl, &(struct crm_note_input){ .text = big }, CRM_EINVAL, "too long");
	check_refused(db, cl, &(struct crm_note_input){ .text = "x", .outcome = "" }, CRM_EINVAL,
		      "empty outcome");
	check_refused(db, cl, &(struct crm_note_input){ .text = "x", .kind = "lunch" }, CRM_EINVAL,
		      "invalid interaction kind 'lunch'");
	/* tomorrow, and one second from now, are in the future */
	check_refused(db, cl, &(struct crm_note_input){ .text = "x", .at = TODAY + DAY },
		      CRM_EINVAL, "2026-11-23 is in the future");
	check_refused(db, cl, &(struct crm_note_input){ .text = "x", .at = T0 + 1 }, CRM_EINVAL,
		      "date 2026-11-22 10:00 is in the future");
	check_refused(db, cl + 1, &(struct crm_note_input){ .text = "x" }, CRM_ENOTFOUND,
		      "no client with id");
	/* 10000 characters are fine, now is not the future */
	big[10000] = '\0';
	assert_int_equal(crm_note_add(db, cl, &(struct crm_note_input){ .text = big, .at = T0 },
				      &(struct crm_note_result){ 0 }),
			 CRM_OK);
	free(big);
}

/* One snowflake is not yet snow: an order makes a prospect active, the
 * repeat order passes the first dangerous stage, and no order makes a
 * client regular. */
static void test_repeat_order_not_regular(void **state)
{
	struct crm_db *db = *state;
	int64_t cl = new_client(db, "Acme", "prospect");
	struct crm_note_result res;
	char *data;

	/* a call is not an order */
	note(db, cl, "call", 0, "hello", &res);
	assert_null(res.status_after);
	assert_false(res.repeat_order);
	check_status(db, cl, "prospect");

	/* the first order: prospect -> active; no milestone yet */
	note(db, cl, "order", T0 - DAY, "first", &res);
	assert_string_equal(res.status_before, "prospect");
	assert_string_equal(res.status_after, "active");
	assert_string_equal(res.status, "active");
	assert_int_equal(res.orders, 1);
	assert_false(res.repeat_order);
	check_status(db, cl, "active");
	assert_int_equal(count_action(db, "client.status"), 1);
	assert_int_equal(count_action(db, "client.repeat_order"), 0);

	/* the second: the first danger has passed; the status stays active */
	crm_db_set_actor(db, "boris");
	note(db, cl, "order", 0, "second", &res);
	assert_null(res.status_before);
	assert_null(res.status_after);
	assert_string_equal(res.status, "active");
	assert_int_equal(res.orders, 2);
	assert_true(res.repeat_order);
	check_status(db, cl, "active");
	assert_int_equal(count_action(db, "client.status"), 1);
	assert_int_equal(count_action(db, "client.repeat_order"), 1);
	data = sql_text_id(db, "SELECT data FROM journal WHERE action = 'client.repeat_order'"
			       " AND entity = 'client' AND entity_id = ?1 AND actor = 'boris'", cl);
	assert_non_null(data);
	assert_non_null(strstr(data, "\"orders\":2,\"amount\":null,\"first_amount\":null,"
				     "\"text\":\"repeat order: the first dangerous stage has passed; "
				     "not yet a regular client\""));
	free(data);
	/* the milestone follows the interaction's entry */
	assert_true(sql_int_id(db, "SELECT max(id) FROM journal WHERE action = "
				   "'client.repeat_order'", 0) >
		    sql_int_id(db, "SELECT max(id) FROM journal WHERE action = 'interaction.add'", 0));

	/* the third changes nothing and is no milestone */
	note(db, cl, "order", 0, "third", &res);
	assert_null(res.status_after);
	assert_false(res.repeat_order);
	assert_string_equal(res.status, "active");
	assert_int_equal(res.orders, 3);
	check_status(db, cl, "active");
	assert_int_equal(count_action(db, "client.repeat_order"), 1);
	assert_int_equal(sql_int_id(db, "SELECT orders FROM client WHERE id = ?1", cl), 3);
	/* regular is set by hand only */
	assert_int_equal(count_action(db, "client.edit"), 0);
}

/* The size of the repeat order against the first, when orders carry amounts. */
static void order_amount(struct crm_db *db, int64_t cl, int64_t at, bool has, int64_t cents)
{
	struct crm_note_input in = { .kind = "order", .at = at, .text = "order",
				     .has_amount = has, .amount = cents };
	struct crm_note_result r;

	assert_int_equal(crm_note_add(db, cl, &in, &r), CRM_OK);
}

static void check_milestone(struct crm_db *db, int64_t cl, const char *want)
{
	char *t = sql_text_id(db, "SELECT json_extract(data, '$.text') FROM journal WHERE"
				  " action = 'client.repeat_order' AND entity_id = ?1", cl);

	assert_non_null(t);
	assert_string_equal(t, want);
	free(t);
}

static void test_repeat_order_size(void **state)
{
	struct crm_db *db = *state;
	int64_t a = new_client(db, "Larger", "active"), b = new_client(db, "Smaller", "active");
	int64_t c = new_client(db, "Same", "active"), d = new_client(db, "No first", "active");
	int64_t e = new_client(db, "Imported", "active");
	char *data;

	order_amount(db, a, T0 - DAY, true, 8000000);
	order_amount(db, a, 0, true, 12000000);
	check_milestone(db, a, "repeat order: the first dangerous stage has passed (120000.00, "
			       "first order 80000.00: larger); not yet a regular client");
	data = sql_text_id(db, "SELECT data FROM journal WHERE action = 'client.repeat_order'"
			       " AND entity_id = ?1", a);
	assert_non_null(strstr(data, "\"amount\":\"120000.00\",\"first_amount\":\"80000.00\""));
	free(data);
	/* the first is the earliest order, whatever was recorded first */
	order_amount(db, b, 0, true, 100);
	order_amount(db, b, T0 - DAY, true, 99);
	check_milestone(db, b, "repeat order: the first dangerous stage has passed (1.00, "
			       "first order 0.99: larger); not yet a regular client");
	assert_int_equal(sql_int_id(db, "SELECT json_extract(data, '$.interaction_id') = min(i.id)"
				   " FROM journal j, interaction i WHERE j.action = "
				   "'client.repeat_order' AND j.entity_id = ?1 AND i.client_id = ?1",
				   b), 1);
	order_amount(db, c, T0 - DAY, true, 5000);
	order_amount(db, c, 0, true, 5000);
	check_milestone(db, c, "repeat order: the first dangerous stage has passed (50.00, "
			       "first order 50.00: the same); not yet a regular client");
	order_amount(db, d, T0 - DAY, false, 0);
	order_amount(db, d, 0, true, 4999);
	check_milestone(db, d, "repeat order: the first dangerous stage has passed (49.99; "
			       "the first order has no amount); not yet a regular client");
	/* an order count from elsewhere (an import): the first is not recorded */
	sql_exec(db, "UPDATE client SET orders = 1 WHERE name = 'Imported'");
	order_amount(db, e, 0, true, 100);
	check_milestone(db, e, "repeat order: the first dangerous stage has passed (1.00; "
			       "the first order is not recorded); not yet a regular client");
	/* smaller */
	b = new_client(db, "Smaller 2", "active");
	order_amount(db, b, T0 - DAY, true, 200);
	order_amount(db, b, 0, false, 0);
	check_milestone(db, b, "repeat order: the first dangerous stage has passed (no amount; "
			       "first order 2.00); not yet a regular client");
	order_amount(db, b, 0, true, 100);
	assert_int_equal(sql_int_id(db, "SELECT count(*) FROM journal WHERE action = "
				   "'client.repeat_order' AND entity_id = ?1", b), 1);
	b = new_client(db, "Smaller 3", "active");
	order_amount(db, b, T0 - DAY, true, 200);
	order_amount(db, b, 0, true, 199);
	check_milestone(db, b, "repeat order: the first dangerous stage has passed (1.99, "
			       "first order 2.00: smaller); not yet a regular client");
}

/* What crm writes into a Russian base (base.language ru) is Russian: the
 * status note of an order and the repeat order milestone, whatever the
 * locale of the process. */
static void test_texts_in_the_base_language(void **state)
{
	struct crm_db *db = *state;
	int64_t a = new_client(db, "Больше", "prospect"), b = new_client(db, "Меньше", "active");
	int64_t c = new_client(db, "Столько же", "active"), d = new_client(db, "Без первой", "active");
	int64_t e = new_client(db, "Импорт", "prospect"), f = new_client(db, "Без суммы", "active");
	char *t;

	assert_int_equal(crm_config_set(db, "base.language", "ru"), CRM_OK);
	order_amount(db, a, T0 - DAY, true, 8000000);
	t = sql_text_id(db, "SELECT json_extract(data, '$.reason') FROM journal WHERE"
			    " action = 'client.status' AND entity_id = ?1", a);
	assert_non_null(t);
	assert_string_equal(t, "первый заказ");
	free(t);
	order_amount(db, a, 0, true, 12000000);
	check_milestone(db, a, "повторный заказ: первая опасная стадия пройдена (120000.00, "
			       "первый заказ 80000.00: больше); постоянным клиентом пока не стал");
	order_amount(db, b, T0 - DAY, true, 200);
	order_amount(db, b, 0, true, 199);
	check_milestone(db, b, "повторный заказ: первая опасная стадия пройдена (1.99, "
			       "первый заказ 2.00: меньше); постоянным клиентом пока не стал");
	order_amount(db, c, T0 - DAY, true, 5000);
	order_amount(db, c, 0, true, 5000);
	check_milestone(db, c, "повторный заказ: первая опасная стадия пройдена (50.00, "
			       "первый заказ 50.00: столько же); постоянным клиентом пока не стал");
	order_amount(db, d, T0 - DAY, false, 0);
	order_amount(db, d, 0, true, 4999);
	check_milestone(db, d, "повторный заказ: первая опасная стадия пройдена (49.99; "
			       "первый заказ без суммы); постоянным клиентом пока не стал");
	order_amount(db, f, T0 - DAY, true, 200);
	order_amount(db, f, 0, false, 0);
	check_milestone(db, f, "повторный заказ: первая опасная стадия пройдена (без суммы; "
			       "первый заказ 2.00); постоянным клиентом пока не стал");
	/* a prospect whose first order came from elsewhere: the second order */
	sql_exec(db, "UPDATE client SET orders = 1 WHERE name = 'Импорт'");
	order_amount(db, e, 0, true, 100);
	check_milestone(db, e, "повторный заказ: первая опасная стадия пройдена (1.00; "
			       "первый заказ не записан); постоянным клиентом пока не стал");
	t = sql_text_id(db, "SELECT json_extract(data, '$.reason') FROM journal WHERE"
			    " action = 'client.status' AND entity_id = ?1", e);
	assert_non_null(t);
	assert_string_equal(t, "заказ (всего заказов: 2)");
	free(t);
	/* back to English: the next texts are English, the old ones stay */
	assert_int_equal(crm_config_set(db, "base.language", "en"), CRM_OK);
	e = new_client(db, "Later", "prospect");
	sql_exec(db, "UPDATE client SET orders = 2 WHERE name = 'Later'");
	order_amount(db, e, 0, false, 0);
	t = sql_text_id(db, "SELECT json_extract(data, '$.reason') FROM journal WHERE"
			    " action = 'client.status' AND entity_id = ?1", e);
	assert_non_null(t);
	assert_string_equal(t, "an order (3 in all)");
	free(t);
	check_milestone(db, a, "повторный заказ: первая опасная стадия пройдена (120000.00, "
			       "первый заказ 80000.00: больше); постоянным клиентом пока не стал");
}

/* A prospect whose first order was never recorded becomes active on the
 * second; an active client stays active whatever it orders. */
static void test_order_makes_prospect_active(void **state)
{
	struct crm_db *db = *state;
	int64_t cl = new_client(db, "Acme", "active");
	struct crm_note_result res;

	note(db, cl, "order", 0, "first", &res);
	assert_null(res.status_after);
	check_status(db, cl, "active");
	note(db, cl, "order", 0, "second", &res);
	assert_null(res.status_after);
	assert_true(res.repeat_order);
	check_status(db, cl, "active");

	cl = new_client(db, "Beta", "prospect");
	sql_exec(db, "UPDATE client SET orders = 1 WHERE name = 'Beta'");
	note(db, cl, "order", 0, "second", &res);
	assert_string_equal(res.status_before, "prospect");
	assert_string_equal(res.status_after, "active");
	assert_true(res.repeat_order);
}

/* Lost and farewell clients are never moved by an order. */
static void test_regular_rule_leaves_lost_and_farewell(void **state)
{
	struct crm_db *db = *state;
	const char *statuses[] = { "lost", "farewell" };

	for (size_t k = 0; k < 2; k++) {
		int64_t cl = new_client(db, statuses[k], statuses[k]);
		struct crm_note_result res;

		for (int n = 1; n <= 3; n++) {
			note(db, cl, "order", 0, "again", &res);
			assert_null(res.status_after);
			assert_string_equal(res.status, statuses[k]);
			assert_int_equal(res.orders, n);
			check_status(db, cl, statuses[k]);
		}
	}
	assert_int_equal(count_action(db, "client.status"), 0);
	/* nor is their second order a passed danger: they are gone */
	assert_int_equal(count_action(db, "client.repeat_order"), 0);
	assert_int_equal(count_action(db, "interaction.add"), 6);
}

/* last_contact only moves forward. */
static void test_last_contact_forward(void **state)
{
	struct crm_db *db = *state;
	int64_t cl = new_client(db, "Acme", "prospect");
	const char *sql = "SELECT last_contact FROM client WHERE id = ?1";

	note(db, cl, "call", T0 - 5 * DAY, "old call", NULL);
	assert_int_equal(sql_int_id(db, sql, cl), T0 - 5 * DAY);
	note(db, cl, "call", T0 - 2 * DAY, "newer", NULL);
	assert_int_equal(sql_int_id(db, sql, cl), T0 - 2 * DAY);
	/* a back-dated note leaves it alone, but still counts as a change */
	crm_db_set_now(db, T0 + 60);
	note(db, cl, "meeting", T0 - 10 * DAY, "back-dated", NULL);
	assert_int_equal(sql_int_id(db, sql, cl), T0 - 2 * DAY);
	assert_int_equal(sql_int_id(db, "SELECT updated FROM client WHERE id = ?1", cl), T0 + 60);
	/* a back-dated order still counts */
	note(db, cl, "order", T0 - 20 * DAY, "old order", NULL);
	assert_int_equal(sql_int_id(db, sql, cl), T0 - 2 * DAY);
	assert_int_equal(sql_int_id(db, "SELECT orders FROM client WHERE id = ?1", cl), 1);
	note(db, cl, "email", 0, "now", NULL);
	assert_int_equal(sql_int_id(db, sql, cl), T0 + 60);
}

static void check_interactions(struct crm_db *db, const struct crm_interaction_filter *f,
			       const int64_t *want, size_t nwant)
{
	struct crm_interaction_iter *it = NULL;
	const struct crm_interaction *i;
	crm_status st;
	size_t n = 0;

	assert_int_equal(crm_interaction_query(db, f, &it), CRM_OK);
	while ((st = crm_interaction_iter_next(it, &i)) == CRM_OK) {
		if (n >= nwant) {
			fail_msg("unexpected interaction %lld", (long long)i->id);
		}
		assert_int_equal(i->id, want[n]);
		n++;
	}
	assert_int_equal(st, CRM_DONE);
	assert_int_equal(crm_interaction_iter_next(it, &i), CRM_DONE);
	assert_int_equal(n, nwant);
	crm_interaction_iter_destroy(it);
}

static void test_interaction_query(void **state)
{
	struct crm_db *db = *state;
	int64_t a = new_client(db, "Acme", "prospect"), b = new_client(db, "Beta", "prospect");
	int64_t a1 = note(db, a, "call", T0 - 3 * DAY, "a1", NULL);
	int64_t a2 = note(db, a, "order", T0 - DAY, "a2", NULL);
	int64_t b1 = note(db, b, "call", T0 - 2 * DAY, "b1", NULL);
	int64_t a3 = note(db, a, "call", T0 - DAY, "a3", NULL); /* same time as a2 */

	/* newest first; the same time: the later id first */
	check_interactions(db, &(struct crm_interaction_filter){ .client_id = a },
			   (int64_t[]){ a3, a2, a1 }, 3);
	check_interactions(db, &(struct crm_interaction_filter){ 0 },
			   (int64_t[]){ a3, a2, b1, a1 }, 4);
	check_interactions(db, &(struct crm_interaction_filter){ .client_id = a, .kind = "call" },
			   (int64_t[]){ a3, a1 }, 2);
	check_interactions(db,
			   &(struct crm_interaction_filter){ .client_id = a,
							     .since = TODAY - DAY },
			   (int64_t[]){ a3, a2 }, 2);
	check_interactions(db, &(struct crm_interaction_filter){ .client_id = a, .limit = 1 },
			   (int64_t[]){ a3 }, 1);
	check_interactions(db, &(struct crm_interaction_filter){ .id = b1 }, (int64_t[]){ b1 }, 1);
	check_interactions(db, &(struct crm_interaction_filter){ .client_id = b + 1 }, NULL, 0);
}

/* ---- the timeline ------------------------------------------------------ */

struct want {
	int64_t at;
	const char *kind, *event, *text, *actor;
	int64_t ref_id;
};

static void check_log(struct crm_db *db, const struct crm_log_filter *f, const struct want *w,
		      size_t nw)
{
	struct crm_log_iter *it = NULL;
	const struct crm_log_entry *e;
	crm_status st;
	size_t n = 0;

	assert_int_equal(crm_log_query(db, f, &it), CRM_OK);
	while ((st = crm_log_iter_next(it, &e)) == CRM_OK) {
		if (n >= nw) {
			fail_msg("unexpected entry %s %s '%s'", e->kind, e->event, e->text);
		}
		if (e->at != w[n].at || strcmp(e->kind, w[n].kind) != 0 ||
		    strcmp(e->event, w[n].event) != 0 || strcmp(e->actor, w[n].actor) != 0 ||
		    (w[n].text && strcmp(e->text, w[n].text) != 0) ||
		    (w[n].ref_id >= 0 && e->ref_id != w[n].ref_id)) {
			fail_msg("entry %zu: got %lld %s %s '%s' %s %lld, want %lld %s %s '%s' %s %lld",
				 n, (long long)e->at, e->kind, e->event, e->text, e->actor,
				 (long long)e->ref_id, (long long)w[n].at, w[n].kind, w[n].event,
				 w[n].text ? w[n].text : "*", w[n].actor, (long long)w[n].ref_id);
		}
		n++;
	}
	assert_int_equal(st, CRM_DONE);
	assert_int_equal(crm_log_iter_next(it, &e), CRM_DONE);
	assert_int_equal(n, nw);
	crm_log_iter_destroy(it);
}

static void at_as(struct crm_db *db, int64_t at, const char *actor)
{
	crm_db_set_now(db, at);
	assert_int_equal(crm_db_set_actor(db, actor), CRM_OK);
}

/*
 * A client's history over ten days, written the way the other modules
 * write it: rows in their tables, closing entries in the journal.
 */
static int64_t history(struct crm_db *db, int64_t *status_ids)
{
	int64_t a = new_client(db, "Acme", "prospect"), b = new_client(db, "Beta", "prospect");
	char sql[1024];

	at_as(db, T0 - 10 * DAY, "anna");
	note(db, a, "call", 0, "first call", NULL); /* interaction 1 */
	assert_int_equal(crm_note_add(db, a,
				      &(struct crm_note_input){ .kind = "call", .text = "ok",
								.outcome = "fine" },
				      &(struct crm_note_result){ 0 }),
			 CRM_OK); /* interaction 2, same second */
	note(db, b, "call", 0, "other client", NULL); /* interaction 3 */

	/* promise 1: added T0-9d, kept T0-4d by boris */
	snprintf(sql, sizeof(sql),
		 "INSERT INTO promise(client_id, kind, text, due, author, created)"
		 " VALUES (%lld, 'guarantee', 'delivery in 90 days', %lld, 'anna', %lld)",
		 (long long)a, (long long)(TODAY + 80 * DAY), (long long)(T0 - 9 * DAY));
	sql_exec(db, sql);
	/* incident 1: opened T0-8d, resolved T0-5d by boris */
	snprintf(sql, sizeof(sql),
		 "INSERT INTO incident(client_id, kind, text, author, created)"
		 " VALUES (%lld, 'mishap', 'late truck', 'anna', %lld)",
		 (long long)a, (long long)(T0 - 8 * DAY));
	sql_exec(db, sql);
	/* next action 1: added T0-7d, done T0-2d by boris */
	snprintf(sql, sizeof(sql),
		 "INSERT INTO next_action(client_id, text, due, author, created)"
		 " VALUES (%lld, 'call back', %lld, 'anna', %lld)",
		 (long long)a, (long long)(TODAY - DAY), (long long)(T0 - 7 * DAY));
	sql_exec(db, sql);

	at_as(db, T0 - 6 * DAY, "anna");
	note(db, a, "order", 0, "first order", NULL); /* interaction 4: prospect -> active */
	status_ids[0] = sql_int_id(db, "SELECT max(id) FROM journal", 0);

	at_as(db, T0 - 5 * DAY, "boris");
	snprintf(sql, sizeof(sql),
		 "UPDATE incident SET status = 'resolved', how = 'refund', resolved = %lld",
		 (long long)(T0 - 5 * DAY));
	sql_exec(db, sql);
	assert_int_equal(crm_journal_append(db, "incident.resolve", "incident", 1, NULL), CRM_OK);

	at_as(db, T0 - 4 * DAY, "boris");
	snprintf(sql, sizeof(sql), "UPDATE promise SET status = 'kept', closed = %lld",
		 (long long)(T0 - 4 * DAY));
	sql_exec(db, sql);
	assert_int_equal(crm_journal_append(db, "promise.keep", "promise", 1, NULL), CRM_OK);

	/* a hand edit of status and owner in one entry; other edits are not
	 * in the timeline */
	at_as(db, T0 - 3 * DAY, "boris");
	assert_int_equal(crm_journal_append(db, "client.edit", "client", a,
					    "{\"name\":\"Acme\",\"changes\":{"
					    "\"status\":{\"old\":\"active\",\"new\":\"lost\"},"
					    "\"owner\":{\"old\":\"anna\",\"new\":\"boris\"}}}"),
			 CRM_OK);
	status_ids[1] = sql_int_id(db, "SELECT max(id) FROM journal", 0);
	assert_int_equal(crm_journal_append(db, "client.edit", "client", a,
					    "{\"name\":\"Acme\",\"changes\":{"
					    "\"tier\":{\"old\":\"regular\",\"new\":\"key\"}}}"),
			 CRM_OK);
	assert_int_equal(crm_journal_append(db, "client.edit", "client", b,
					    "{\"name\":\"Beta\",\"changes\":{"
					    "\"status\":{\"old\":\"prospect\",\"new\":\"lost\"}}}"),
			 CRM_OK);

	at_as(db, T0 - 2 * DAY, "boris");
	snprintf(sql, sizeof(sql), "UPDATE next_action SET status = 'done', done = %lld",
		 (long long)(T0 - 2 * DAY));
	sql_exec(db, sql);
	assert_int_equal(crm_journal_append(db, "next.done", "next", 1, NULL), CRM_OK);

	at_as(db, T0 - DAY, "head");
	snprintf(sql, sizeof(sql), "{\"client_id\":%lld,\"from\":\"boris\",\"to\":\"anna\"}",
		 (long long)a);
	assert_int_equal(crm_journal_append(db, "handover.done", "handover", 5, sql), CRM_OK);
	snprintf(sql, sizeof(sql), "{\"client_id\":%lld,\"from\":\"x\",\"to\":\"y\"}",
		 (long long)b);
	assert_int_equal(crm_journal_append(db, "handover.done", "handover", 6, sql), CRM_OK);

	/* the table still says active (the edit above was the journal's
	 * only): the second order passes the first danger, in the same second */
	at_as(db, T0, "anna");
	sql_exec(db, "UPDATE client SET status = 'active' WHERE name = 'Acme'");
	note(db, a, "order", 0, "second order", NULL); /* interaction 5 */
	status_ids[2] = sql_int_id(db, "SELECT max(id) FROM journal", 0);
	return a;
}

static void test_log_full(void **state)
{
	struct crm_db *db = *state;
	int64_t sid[3];
	int64_t a = history(db, sid);
	const struct want w[] = {
		{ T0, "milestone", "repeat-order",
		  "repeat order: the first dangerous stage has passed; not yet a regular client",
		  "anna", sid[2] },
		{ T0, "interaction", "order", "second order", "anna", 5 },
		{ T0 - DAY, "handover", "done", "boris -> anna", "head", 5 },
		{ T0 - 2 * DAY, "next", "done", "call back", "boris", 1 },
		{ T0 - 3 * DAY, "owner", "changed", "anna -> boris", "boris", sid[1] },
		{ T0 - 3 * DAY, "status", "changed", "active -> lost", "boris", sid[1] },
		{ T0 - 4 * DAY, "promise", "kept", "delivery in 90 days", "boris", 1 },
		{ T0 - 5 * DAY, "incident", "resolved", "late truck (how: refund)", "boris", 1 },
		{ T0 - 6 * DAY, "status", "changed", "prospect -> active: first order", "anna",
		  sid[0] },
		{ T0 - 6 * DAY, "interaction", "order", "first order", "anna", 4 },
		{ T0 - 7 * DAY, "next", "added", "call back (due 2026-11-21)", "anna", 1 },
		{ T0 - 8 * DAY, "incident", "opened", "mishap: late truck", "anna", 1 },
		{ T0 - 9 * DAY, "promise", "added",
		  "guarantee: delivery in 90 days (due 2027-02-10)", "anna", 1 },
		{ T0 - 10 * DAY, "interaction", "call", "ok (outcome: fine)", "anna", 2 },
		{ T0 - 10 * DAY, "interaction", "call", "first call", "anna", 1 },
	};

	check_log(db, &(struct crm_log_filter){ .client_id = a }, w, ARRAY_SIZE(w));
	/* limit: the newest n */
	check_log(db, &(struct crm_log_filter){ .client_id = a, .limit = 3 }, w, 3);
	/* since a date: everything from its start on */
	check_log(db, &(struct crm_log_filter){ .client_id = a, .since = TODAY - 3 * DAY }, w, 6);
	check_log(db, &(struct crm_log_filter){ .client_id = a, .since = TODAY + DAY }, NULL, 0);
}

static void test_log_kinds(void **state)
{
	struct crm_db *db = *state;
	int64_t sid[3];
	int64_t a = history(db, sid);
	const struct want inter[] = {
		{ T0, "interaction", "order", NULL, "anna", 5 },
		{ T0 - 6 * DAY, "interaction", "order", NULL, "anna", 4 },
		{ T0 - 10 * DAY, "interaction", "call", NULL, "anna", 2 },
		{ T0 - 10 * DAY, "interaction", "call", NULL, "anna", 1 },
	};
	const struct want milestone[] = {
		{ T0, "milestone", "repeat-order", NULL, "anna", sid[2] },
	};
	const struct want status[] = {
		{ T0 - 3 * DAY, "status", "changed", NULL, "boris", sid[1] },
		{ T0 - 6 * DAY, "status", "changed", NULL, "anna", sid[0] },
	};
	const struct want promise[] = {
		{ T0 - 4 * DAY, "promise", "kept", NULL, "boris", 1 },
		{ T0 - 9 * DAY, "promise", "added", NULL, "anna", 1 },
	};
	const struct want owner[] = {
		{ T0 - 3 * DAY, "owner", "changed", "anna -> boris", "boris", sid[1] },
	};
	const struct want handover[] = {
		{ T0 - DAY, "handover", "done", "boris -> anna", "head", 5 },
	};
	const struct want next[] = {
		{ T0 - 2 * DAY, "next", "done", NULL, "boris", 1 },
		{ T0 - 7 * DAY, "next", "added", NULL, "anna", 1 },
	};
	const struct want incident[] = {
		{ T0 - 5 * DAY, "incident", "resolved", NULL, "boris", 1 },
		{ T0 - 8 * DAY, "incident", "opened", NULL, "anna", 1 },
	};

	check_log(db, &(struct crm_log_filter){ .client_id = a, .kind = "interaction" }, inter, 4);
	/* an interaction kind picks those interactions only */
	check_log(db, &(struct crm_log_filter){ .client_id = a, .kind = "order" }, inter, 2);
	check_log(db, &(struct crm_log_filter){ .client_id = a, .kind = "call" }, inter + 2, 2);
	check_log(db, &(struct crm_log_filter){ .client_id = a, .kind = "email" }, NULL, 0);
	check_log(db, &(struct crm_log_filter){ .client_id = a, .kind = "status" }, status, 2);
	check_log(db, &(struct crm_log_filter){ .client_id = a, .kind = "milestone" }, milestone,
		  1);
	check_log(db, &(struct crm_log_filter){ .client_id = a, .kind = "promise" }, promise, 2);
	check_log(db, &(struct crm_log_filter){ .client_id = a, .kind = "owner" }, owner, 1);
	check_log(db, &(struct crm_log_filter){ .client_id = a, .kind = "handover" }, handover, 1);
	check_log(db, &(struct crm_log_filter){ .client_id = a, .kind = "next" }, next, 2);
	check_log(db, &(struct crm_log_filter){ .client_id = a, .kind = "incident" }, incident, 2);
	check_log(db,
		  &(struct crm_log_filter){ .client_id = a, .kind = "status", .since = TODAY - DAY },
		  NULL, 0);
}

static void test_log_other_client_and_errors(void **state)
{
	struct crm_db *db = *state;
	int64_t sid[3];
	int64_t a = history(db, sid);
	int64_t b = a + 1;
	struct crm_log_iter *it = (struct crm_log_iter *)&it;
	const struct want w[] = {
		{ T0 - DAY, "handover", "done", "x -> y", "head", 6 },
		{ T0 - 3 * DAY, "status", "changed", "prospect -> lost", "boris", -1 },
		{ T0 - 10 * DAY, "interaction", "call", "other client", "anna", 3 },
	};

	check_log(db, &(struct crm_log_filter){ .client_id = b }, w, ARRAY_SIZE(w));
	/* a client with no history has an empty timeline */
	check_log(db, &(struct crm_log_filter){ .client_id = new_client(db, "Gamma", "prospect") },
		  NULL, 0);
	assert_int_equal(crm_log_query(db, &(struct crm_log_filter){ .client_id = 99 }, &it),
			 CRM_ENOTFOUND);
	assert_null(it);
	assert_non_null(strstr(crm_db_errmsg(db), "no client with id 99"));
	assert_int_equal(crm_log_query(db, &(struct crm_log_filter){ .client_id = a,
								  .kind = "lunch" },
				       &it),
			 CRM_EINVAL);
	assert_non_null(strstr(crm_db_errmsg(db), "'lunch'"));
	assert_int_equal(crm_log_query(db, &(struct crm_log_filter){ 0 }, &it), CRM_EINVAL);
	assert_int_equal(crm_log_query(db, NULL, &it), CRM_EINVAL);
	crm_log_iter_destroy(NULL);
	crm_interaction_iter_destroy(NULL);
}

/* A journal entry that is not JSON never breaks the timeline. */
static void test_log_tolerates_bad_journal_data(void **state)
{
	struct crm_db *db = *state;
	int64_t a = new_client(db, "Acme", "prospect");
	const struct want w[] = {
		{ T0, "interaction", "note", "hi", "anna", 1 },
	};

	assert_int_equal(crm_journal_append(db, "client.edit", "client", a, "not json"), CRM_OK);
	assert_int_equal(crm_journal_append(db, "handover.done", "handover", 1, "{oops"), CRM_OK);
	note(db, a, "note", 0, "hi", NULL);
	check_log(db, &(struct crm_log_filter){ .client_id = a }, w, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_note_basic, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_note_amount_and_author, setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_note_refused, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_note_author_id_and_late, setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_repeat_order_not_regular, setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_repeat_order_size, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_order_makes_prospect_active, setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_regular_rule_leaves_lost_and_farewell, setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_last_contact_forward, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_interaction_query, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_texts_in_the_base_language, setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_log_full, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_log_kinds, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_log_other_client_and_errors, setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_log_tolerates_bad_journal_data, setup,
						fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
