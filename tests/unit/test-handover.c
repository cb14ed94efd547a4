/*
 * test-handover.c: the handover: every refusal rule (nothing written), the
 * two-stage state machine and who may move it, the frozen dossier, the
 * client-request escalation count, the client notice and its templates,
 * the queries, the bulk plans (nobody over capacity, every client placed
 * or explained, one atomic apply, the return after a vacation) and the
 * farewell.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "crm-private.h"
#include "fixture.h"
#include "handover-private.h"

#define DAY INT64_C(86400)
#define TODAY INT64_C(1795305600)       /* 2026-11-22T00:00:00Z */
#define NOW (TODAY + 10 * 3600)         /* 2026-11-22T10:00:00Z */

enum { ANNA = 1, BORIS, VERA, GLEB, DINA };
enum { ACME = 1, ORPHAN, FULL1, FULL2 };

static char brief[512];

static int setup(void **state)
{
	/* a briefing of exactly 200 characters and 32 distinct words, as a
	 * manager writes one (191 characters), made long enough with dots */
	snprintf(brief, sizeof(brief), "%s", "Директор Иван Сидоров решает сам, звать по "
		 "отчеству. Ценит точность, любит рыбалку, чай и шахматы. Скидка 5% до мая. Спор "
		 "о сроках в мае улажен. Дальше: звонок до пятницы, КП на весну, визит.");
	strcat(brief, ".........");
	return fixture_setup(state);
}

static void assert_q_text(struct crm_db *db, const char *sql, const char *want)
{
	char *got = sql_text(db, sql);

	if (!got || strcmp(got, want) != 0) {
		fail_msg("%s: got '%s', want '%s'", sql, got ? got : "(null)", want);
	}
	free(got);
}

/* Everything a refused call must leave alone. */
static int64_t footprint(struct crm_db *db)
{
	return sql_int(db, "SELECT (SELECT count(*) FROM journal) * 1000000"
			   " + (SELECT count(*) FROM handover) * 10000"
			   " + (SELECT count(*) FROM next_action) * 100"
			   " + (SELECT sum(owner_id) FROM client)");
}

/*
 * Managers 1 Anna (manager, 50), 2 Boris (manager, capacity 2, patient,
 * fishing; holds 3 and 4), 3 Vera (head), 4 Gleb (vacation), 5 Dina (left).
 * Clients 1 Acme (Anna's: a key contact, an open discount, an open
 * incident, an open next action, interactions), 2 Orphan (no owner).
 */
static void sheet(struct crm_db *db)
{
	int64_t id;

	sql_exec(db, "INSERT INTO manager(id, uuid, name, name_fold, email, phone, role, status,"
		     " capacity, traits, interests, created) VALUES"
		     " (1, 'm1', 'Anna Petrova', 'anna petrova', 'anna@x.ru', '+7 900 111-22-33',"
		     "  'manager', 'active', 50, '[\"calm\"]', '[]', 0),"
		     " (2, 'm2', 'Boris Orlov', 'boris orlov', 'boris@x.ru', NULL, 'manager', 'active',"
		     "  2, '[\"patient\"]', '[\"fishing\"]', 0),"
		     " (3, 'm3', 'Vera Head', 'vera head', NULL, NULL, 'head', 'active', 50, '[]', '[]',"
		     "  0),"
		     " (4, 'm4', 'Gleb Away', 'gleb away', NULL, NULL, 'manager', 'vacation', 50, '[]',"
		     "  '[]', 0),"
		     " (5, 'm5', 'Dina Gone', 'dina gone', NULL, NULL, 'manager', 'left', 50, '[]', '[]',"
		     "  0)");
	sql_exec(db, "INSERT INTO client(id, uuid, name, name_fold, stage_since, created, updated,"
		     " owner_id, interests) VALUES"
		     " (1, 'u1', 'Acme', 'acme', 0, 0, 0, 1, '[\"fishing\"]'),"
		     " (2, 'u2', 'Orphan', 'orphan', 0, 0, 0, NULL, '[]'),"
		     " (3, 'u3', 'Full One', 'full one', 0, 0, 0, 2, '[]'),"
		     " (4, 'u4', 'Full Two', 'full two', 0, 0, 0, 2, '[]')");
	sql_exec(db, "INSERT INTO contact(uuid, client_id, name, name_fold, role, phone, email,"
		     " is_key, created) VALUES ('k1', 1, 'Иван Сидоров', 'иван сидоров', 'директор',"
		     " '+7 911 000-00-00', 'sidorov@acme.ru', 1, 0),"
		     " ('k2', 2, 'Olga', 'olga', NULL, '+7 911 000-00-02', 'o@orphan.ru', 1, 0),"
		     " ('k3', 3, 'Fedor', 'fedor', NULL, NULL, 'f@full1.ru', 1, 0),"
		     " ('k4', 4, 'Frol', 'frol', NULL, NULL, 'f@full2.ru', 1, 0)");
	sql_exec(db, "INSERT INTO interaction(client_id, kind, at, author, text, amount, created)"
		     " VALUES (1, 'order', 100, 'Anna Petrova', 'first order', 123450, 100),"
		     " (1, 'call', 200, 'Anna Petrova', 'called', NULL, 200)");
	assert_int_equal(crm_promise_add(db, ACME, "discount", "5% off", TODAY + 30 * DAY, &id),
			 CRM_OK);
	assert_int_equal(crm_incident_add(db, ACME, "mishap", "late delivery", &id), CRM_OK);
	assert_int_equal(crm_next_add(db, ACME, "call back", TODAY + 2 * DAY, 0, &id), CRM_OK);
}

static struct crm_handover_input input(int64_t client, int64_t to, const char *reason)
{
	return (struct crm_handover_input){
		.client_id = client,
		.to_id = to,
		.reason = reason,
		.brief = brief,
		.next_text = "introduce yourself",
		.next_due = TODAY + 3 * DAY,
		.notify_via = "email",
	};
}

static int64_t create(struct crm_db *db, int64_t client, int64_t to, const char *reason)
{
	struct crm_handover_input in = input(client, to, reason);
	int64_t id = 0;

	if (crm_handover_create(db, &in, &id) != CRM_OK) {
		fail_msg("create: %s", crm_db_errmsg(db));
	}
	return id;
}

/* Creating in must be refused with st and write nothing. */
static void refused(struct crm_db *db, const struct crm_handover_input *in, crm_status st,
		    const char *msg)
{
	int64_t before = footprint(db), id = 99;

	assert_int_equal(crm_handover_create(db, in, &id), st);
	assert_int_equal(id, 0);
	assert_int_equal(footprint(db), before);
	if (msg && !strstr(crm_db_errmsg(db), msg)) {
		fail_msg("message '%s' lacks '%s'", crm_db_errmsg(db), msg);
	}
}

/* ---- create ---------------------------------------------------------------- */

static void test_create(void **state)
{
	struct crm_db *db = *state;
	int64_t id;
	char *d;
	cJSON *j;

	sheet(db);
	sql_exec(db, "UPDATE manager SET capacity = 10 WHERE id = 2");
	id = create(db, ACME, BORIS, "cannot-cope");
	assert_int_equal(id, 1);
	/* pending: the client still belongs to Anna */
	assert_int_equal(sql_int(db, "SELECT owner_id FROM client WHERE id = 1"), ANNA);
	assert_q_text(db, "SELECT status || '|' || from_id || '|' || to_id || '|' || reason ||"
			  " '|' || next_due || '|' || notify_via || '|' || created_by ||"
			  " '|' || ifnull(next_action_id, '-') FROM handover",
		      "pending|1|2|cannot-cope|1795564800|email|tester|-");
	assert_q_text(db, "SELECT action || '|' || entity || '|' || entity_id || '|' ||"
			  " json_extract(data, '$.client_id') || '|' || json_extract(data, '$.text')"
			  " FROM journal ORDER BY id DESC LIMIT 1",
		      "handover.add|handover|1|1|Anna Petrova -> Boris Orlov: cannot-cope");
	assert_int_equal(sql_int(db, "SELECT json_extract(data, '$.brief') = (SELECT brief FROM"
				     " handover) FROM journal ORDER BY id DESC LIMIT 1"), 1);
	/* the dossier: the sheet at this moment */
	d = sql_text(db, "SELECT dossier FROM handover WHERE id = 1");
	j = cJSON_Parse(d);
	assert_non_null(j);
	assert_string_equal(cJSON_GetObjectItem(j, "brief")->valuestring, brief);
	assert_string_equal(cJSON_GetObjectItem(j, "frozen")->valuestring, "2026-11-22T10:00:00Z");
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "client"), "owner")
				    ->valuestring, "Anna Petrova");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "contacts")), 1);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(j,
				    "promises"), 0), "due")->valuestring, "2026-12-22");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "incidents")), 1);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(j,
				    "next_actions"), 0), "assignee")->valuestring, "Anna Petrova");
	/* the latest interaction first, money as text */
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(j,
				    "interactions"), 1), "amount")->valuestring, "1234.50");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(j,
				    "contacts"), 0), "key")));
	cJSON_Delete(j);
	free(d);
	/* a client without an owner can be handed over too */
	id = create(db, ORPHAN, ANNA, "refresh");
	assert_int_equal(sql_int(db, "SELECT from_id IS NULL FROM handover WHERE id = 2"), 1);
}

static void test_refuse_receiver(void **state)
{
	struct crm_db *db = *state;
	struct crm_handover_input in;
	int64_t id;

	sheet(db);
	in = input(ACME, ANNA, "refresh");
	refused(db, &in, CRM_ECONFLICT, "'Anna Petrova' already owns client 'Acme'");
	in = input(ACME, GLEB, "refresh");
	refused(db, &in, CRM_ECONFLICT, "'Gleb Away' is not an active manager (vacation)");
	in = input(ACME, DINA, "refresh");
	refused(db, &in, CRM_ECONFLICT, "(left)");
	/* Boris holds 2 of 2 */
	in = input(ACME, BORIS, "refresh");
	sql_exec(db, "UPDATE manager SET capacity = 2 WHERE id = 2");
	refused(db, &in, CRM_ECONFLICT, "'Boris Orlov' is at capacity (2 of 2 clients");
	/* lost clients do not count: room for one */
	sql_exec(db, "UPDATE client SET status = 'lost' WHERE id = 4");
	id = create(db, ACME, BORIS, "refresh");
	assert_true(id > 0);
	/* the pending handover counts: full again */
	in = input(ORPHAN, BORIS, "refresh");
	refused(db, &in, CRM_ECONFLICT, "at capacity (2 of 2");
	in.flags = CRM_HANDOVER_OVER_CAPACITY;
	assert_int_equal(crm_handover_create(db, &in, &id), CRM_OK);
	assert_int_equal(sql_int(db, "SELECT over_capacity FROM handover WHERE id = 2"), 1);
	/* unknown receiver or client */
	in = input(ACME, 99, "refresh");
	refused(db, &in, CRM_ENOTFOUND, "no manager with id 99");
	in = input(99, BORIS, "refresh");
	refused(db, &in, CRM_ENOTFOUND, "no client with id 99");
}

static void test_refuse_brief(void **state)
{
	struct crm_db *db = *state;
	struct crm_handover_input in;
	char longer[40100], *p;

	sheet(db);
	in = input(ACME, VERA, "refresh");
	/* 199 characters (398 bytes) is short */
	in.brief = brief + 2;
	refused(db, &in, CRM_ECONFLICT,
		"the briefing has 199 characters, at least 200 are needed");
	/* blanks around do not count */
	snprintf(longer, sizeof(longer), "  \n%s\t\n ", brief + 2);
	in.brief = longer;
	refused(db, &in, CRM_ECONFLICT, "199 characters");
	in.brief = "";
	refused(db, &in, CRM_ECONFLICT, "the briefing has 0 characters");
	in.brief = "   ";
	refused(db, &in, CRM_ECONFLICT, "0 characters");
	in.brief = NULL;
	refused(db, &in, CRM_EINVAL, "needs a briefing");
	in.brief = "bad \377 text";
	refused(db, &in, CRM_EINVAL, "briefing is not valid UTF-8");
	p = longer;
	for (int i = 0; i < 10001; i++) {
		*p++ = 'x';
	}
	*p = '\0';
	in.brief = longer;
	refused(db, &in, CRM_EINVAL, "briefing is too long");
	/* the minimum is a setting */
	assert_int_equal(crm_config_set(db, "handover.min_brief_chars", "10"), CRM_OK);
	assert_int_equal(crm_config_set(db, "handover.min_brief_words", "2"), CRM_OK);
	in.brief = "ten chars!";
	assert_int_equal(crm_handover_create(db, &in, &(int64_t){ 0 }), CRM_OK);
}

static void test_refuse_dates_and_input(void **state)
{
	struct crm_db *db = *state;
	struct crm_handover_input in;

	sheet(db);
	in = input(ACME, VERA, "refresh");
	in.next_due = TODAY - DAY;
	refused(db, &in, CRM_ECONFLICT, "the next action's due date 2026-11-21 is in the past");
	in = input(ACME, VERA, "refresh");
	in.until = TODAY - DAY;
	refused(db, &in, CRM_ECONFLICT, "the cover's last day 2026-11-21 is in the past");
	in = input(ACME, VERA, "refresh");
	in.next_due = 0;
	refused(db, &in, CRM_EINVAL, "needs a due date");
	in = input(ACME, VERA, "holiday");
	refused(db, &in, CRM_EINVAL, "invalid reason 'holiday' (cannot-cope, conflict,");
	in = input(ACME, VERA, "refresh");
	in.notify_via = "pigeon";
	refused(db, &in, CRM_EINVAL, "invalid notice channel 'pigeon'");
	in = input(ACME, VERA, "refresh");
	in.next_text = "";
	refused(db, &in, CRM_EINVAL, "empty next action");
	/* today is fine */
	in = input(ACME, VERA, "refresh");
	in.next_due = TODAY + 23 * 3600;
	in.until = TODAY;
	assert_int_equal(crm_handover_create(db, &in, &(int64_t){ 0 }), CRM_OK);
	assert_int_equal(sql_int(db, "SELECT next_due FROM handover"), TODAY);
	assert_int_equal(sql_int(db, "SELECT until FROM handover"), TODAY);
}

static void test_refuse_client_state(void **state)
{
	struct crm_db *db = *state;
	struct crm_handover_input in;

	sheet(db);
	create(db, ACME, VERA, "refresh");
	in = input(ACME, BORIS, "refresh");
	sql_exec(db, "UPDATE manager SET capacity = 10 WHERE id = 2");
	refused(db, &in, CRM_ECONFLICT, "client 'Acme' already has a pending handover (1)");
	sql_exec(db, "UPDATE client SET status = 'farewell' WHERE id = 2");
	in = input(ORPHAN, BORIS, "refresh");
	refused(db, &in, CRM_ECONFLICT, "client 'Orphan' said farewell");
}

/* ---- escalation --------------------------------------------------------------- */

static void test_escalation(void **state)
{
	struct crm_db *db = *state;
	struct crm_handover_input in;
	int64_t id;

	sheet(db);
	crm_db_set_actor(db, "Vera Head");
	/* a cancelled request does not count; four requests, declined */
	id = create(db, ACME, VERA, "client-request");
	assert_int_equal(crm_handover_cancel(db, id, "typo"), CRM_OK);
	for (int i = 0; i < 4; i++) {
		id = create(db, ACME, VERA, "client-request");
		assert_int_equal(crm_handover_decline(db, id, "not now"), CRM_OK);
	}
	/* another reason does not count */
	id = create(db, ACME, VERA, "refresh");
	assert_int_equal(crm_handover_cancel(db, id, NULL), CRM_OK);
	assert_int_equal(crmi_handover_client_requests(db, ACME), 4);
	/* the fifth request: a manager is refused, even with the flag */
	crm_db_set_actor(db, "Anna Petrova");
	in = input(ACME, VERA, "client-request");
	refused(db, &in, CRM_ECONFLICT, "this is request 5 of client 'Acme' for a new manager "
		"(handover.client_request_escalation is 5): a head of sales talks to the client "
		"first, then hands it over with --escalated");
	in.flags = CRM_HANDOVER_ESCALATED;
	refused(db, &in, CRM_ECONFLICT, "only a head of sales may escalate a handover "
		"(you are 'Anna Petrova')");
	/* a head without the flag is refused too: talk first */
	crm_db_set_actor(db, "Vera Head");
	in.flags = 0;
	refused(db, &in, CRM_ECONFLICT, "request 5");
	in.flags = CRM_HANDOVER_ESCALATED;
	assert_int_equal(crm_handover_create(db, &in, &id), CRM_OK);
	assert_int_equal(sql_int(db, "SELECT escalated FROM handover WHERE id = 7"), 1);
	assert_int_equal(crmi_handover_client_requests(db, ACME), 5);
	/* a lower setting trips earlier */
	assert_int_equal(crm_handover_cancel(db, id, NULL), CRM_OK);
	assert_int_equal(crm_config_set(db, "handover.client_request_escalation", "1"), CRM_OK);
	in = input(ORPHAN, VERA, "client-request");
	crm_db_set_actor(db, "tester");
	refused(db, &in, CRM_ECONFLICT, "this is request 1 of client 'Orphan'");
}

/* n distinct words "wK " into buf */
static void words(char *buf, size_t size, int n)
{
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < n && len < size; i++) {
		len += (size_t)snprintf(buf + len, size - len, "слово%d ", i);
	}
}

static void test_brief_words_and_sections(void **state)
{
	struct crm_db *db = *state;
	struct crm_handover_input in;
	char text[4096];
	int64_t id;

	sheet(db);
	in = input(ACME, VERA, "refresh");
	assert_int_equal(crm_config_set(db, "handover.min_brief_chars", "1"), CRM_OK);
	words(text, sizeof(text), 29);
	in.brief = text;
	refused(db, &in, CRM_ECONFLICT, "the briefing has 29 distinct words, at least 30 are "
		"needed (handover.min_brief_words)");
	/* case and ё fold: one word each */
	in.brief = "Всё ок. ВСЁ ОК, всё ок; Все Ок";
	refused(db, &in, CRM_ECONFLICT, "the briefing has 2 distinct words");
	assert_int_equal(crmi_brief_distinct_words("Всё ок. ВСЁ ОК, всё ок; Все Ок — «ок»"), 2);
	words(text, sizeof(text), 30);
	in.brief = text;
	assert_int_equal(crm_handover_create(db, &in, &id), CRM_OK);
	assert_int_equal(crm_handover_cancel(db, id, NULL), CRM_OK);
	/* the template's headings: every section, each filled; the headings
	 * count for nothing */
	assert_int_equal(crm_config_set(db, "handover.min_brief_words", "5"), CRM_OK);
	snprintf(text, sizeof(text),
		 "== %s ==\nИван Петрович, на вы.\n== %s ==\nрыбалка\n== %s ==\n\n"
		 "== %s ==\nнет\n== %s ==\nзвонок в пятницу\n", crm_brief_sections_ru[0],
		 crm_brief_sections_ru[1], crm_brief_sections_ru[2], crm_brief_sections_ru[3],
		 crm_brief_sections_ru[4]);
	refused(db, &in, CRM_ECONFLICT, "the section 'Открытые обещания, гарантии и скидки' of "
		"the briefing is empty");
	snprintf(text, sizeof(text), "== %s ==\nCall him Ivan.\n== %s ==\nfishing, chess\n",
		 crm_brief_sections_en[0], crm_brief_sections_en[1]);
	refused(db, &in, CRM_ECONFLICT, "but not the section 'Open promises, guarantees and "
		"discounts'");
	snprintf(text, sizeof(text),
		 "== %s ==\nИван Петрович, на вы.\n== %s ==\nрыбалка\n== %s ==\nскидка 5%%\n"
		 "==   %s ==\nнет\n== %s ==\nзвонок в пятницу\n", crm_brief_sections_ru[0],
		 crm_brief_sections_ru[1], crm_brief_sections_ru[2], "конфликты И НАКЛАДКИ",
		 crm_brief_sections_ru[4]);
	assert_int_equal(crm_handover_create(db, &in, &id), CRM_OK);
}

static void test_reachable(void **state)
{
	struct crm_db *db = *state;
	struct crm_handover_input in;
	int64_t id;

	sheet(db);
	sql_exec(db, "INSERT INTO client(id, uuid, name, name_fold, stage_since, created, updated,"
		     " owner_id) VALUES (5, 'u5', 'Рога и копыта', 'рога и копыта', 0, 0, 0, 1)");
	in = input(5, VERA, "refresh");
	refused(db, &in, CRM_ECONFLICT, "client 'Рога и копыта': no contact of the client has an "
		"email to send the notice to: add one ('crm contact add --email <address> 5 "
		"<name>'");
	in.notify_via = NULL;
	refused(db, &in, CRM_ECONFLICT, "no contact of the client has an email or a phone");
	in.notify_via = "letter";
	refused(db, &in, CRM_ECONFLICT, "no contact of the client has a postal address to send "
		"the letter to: add one ('crm contact add --address <address> 5 <name>', or 'crm "
		"contact edit --address')");
	sql_exec(db, "INSERT INTO contact(uuid, client_id, name, name_fold, phone, is_key, created)"
		     " VALUES ('k5', 5, 'Пётр', 'петр', '+7 900', 0, 0)");
	in.notify_via = "email";
	refused(db, &in, CRM_ECONFLICT, "has an email");
	/* a contact with a name and a phone is no one to write a letter to */
	in.notify_via = "letter";
	refused(db, &in, CRM_ECONFLICT, "has a postal address");
	sql_exec(db, "UPDATE contact SET address = '   ' WHERE uuid = 'k5'");
	refused(db, &in, CRM_ECONFLICT, "has a postal address");
	in.notify_via = "phone";
	assert_int_equal(crm_handover_create(db, &in, &id), CRM_OK);
	assert_int_equal(crm_handover_cancel(db, id, NULL), CRM_OK);
	/* an address: the letter goes out, to the contact that has it */
	sql_exec(db, "INSERT INTO contact(uuid, client_id, name, name_fold, address, is_key,"
		     " created) VALUES ('k6', 5, 'Ольга', 'ольга', 'Москва, ул. Ленина, 1', 0, 0)");
	in.notify_via = "letter";
	assert_int_equal(crm_handover_create(db, &in, &id), CRM_OK);
	{
		char *text = NULL;

		assert_int_equal(crm_handover_notice(db, id, "{contact}\n", &text), CRM_OK);
		if (!strstr(text, "Ольга") || strstr(text, "Пётр")) {
			fail_msg("the letter greets someone else: %s", text);
		}
		free(text);
	}
	assert_int_equal(crm_handover_cancel(db, id, NULL), CRM_OK);
	sql_exec(db, "DELETE FROM contact WHERE client_id = 5");
	in.notify_via = "meeting";
	assert_int_equal(crm_handover_create(db, &in, &id), CRM_OK);
}

static void test_supersede(void **state)
{
	struct crm_db *db = *state;
	char *text = NULL;
	int64_t a, b, c;

	sheet(db);
	crm_db_set_actor(db, "Vera Head");
	a = create(db, ACME, VERA, "refresh");
	assert_int_equal(crm_handover_accept(db, a), CRM_OK);
	b = create(db, ACME, ANNA, "cannot-cope");
	assert_int_equal(crm_handover_accept(db, b), CRM_OK);
	assert_int_equal(sql_int(db, "SELECT superseded_by FROM handover WHERE id = 1"), b);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal WHERE action ="
				 " 'handover.supersede' AND entity_id = 1"), 1);
	assert_int_equal(crm_handover_notice(db, a, NULL, &text), CRM_ECONFLICT);
	assert_null(text);
	assert_string_equal(crm_db_errmsg(db), "handover 1 was superseded by handover 2 before its "
			    "notice went out: the client is told once, of its current manager: "
			    "'crm handover notice 2'");
	assert_int_equal(crm_handover_notice_sent(db, a, NULL), CRM_ECONFLICT);
	/* a sent notice is not superseded */
	assert_int_equal(crm_handover_notice_sent(db, b, NULL), CRM_OK);
	c = create(db, ACME, VERA, "refresh");
	assert_int_equal(crm_handover_accept(db, c), CRM_OK);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM handover WHERE superseded_by IS NOT NULL"),
			 1);
	/* the notice of the current one names the owner now */
	assert_int_equal(crm_handover_notice(db, c, "{manager}\n", &text), CRM_OK);
	assert_string_equal(text, "Vera Head\n");
	free(text);
	/* a later change of owner by hand: the notice names the owner now */
	sql_exec(db, "UPDATE client SET owner_id = 1 WHERE id = 1");
	assert_int_equal(crm_handover_notice(db, c, "{manager}\n", &text), CRM_OK);
	assert_string_equal(text, "Anna Petrova\n");
	free(text);
}

static void test_asked_away_and_trainee(void **state)
{
	struct crm_db *db = *state;
	struct crm_handover_input in;
	char *text = NULL;
	int64_t id;

	sheet(db);
	crm_db_set_actor(db, "Vera Head");
	/* the client asks to be rid of Anna */
	id = create(db, ACME, VERA, "client-request");
	assert_int_equal(crm_handover_accept(db, id), CRM_OK);
	crm_db_set_actor(db, "tester");
	in = input(ACME, ANNA, "refresh");
	refused(db, &in, CRM_ECONFLICT, "client 'Acme' asked to be rid of 'Anna Petrova' "
		"(handover 1 of 2026-11-22, client-request)");
	crm_db_set_actor(db, "Vera Head");
	in.flags = CRM_HANDOVER_ESCALATED;
	assert_int_equal(crm_handover_create(db, &in, &id), CRM_OK);
	assert_int_equal(crm_handover_cancel(db, id, NULL), CRM_OK);
	/* a key client and a trainee whose mentor is Anna */
	sql_exec(db, "UPDATE client SET tier = 'key' WHERE id = 1");
	sql_exec(db, "UPDATE manager SET trainee = 1, mentor_id = 1, capacity = 50 WHERE id = 2");
	in = input(ACME, BORIS, "refresh");
	refused(db, &in, CRM_ECONFLICT, "'Boris Orlov' is a trainee (mentor 'Anna Petrova') and "
		"client 'Acme' is key");
	in.flags = CRM_HANDOVER_ESCALATED;
	assert_int_equal(crm_handover_create(db, &in, &id), CRM_OK);
	assert_int_equal(crm_handover_notice(db, id, NULL, &text), CRM_OK);
	assert_non_null(strstr(text, "\nBoris Orlov — новый сотрудник нашей компании.\n"));
	assert_non_null(strstr(text, "Наставник нового менеджера — Anna Petrova, к наставнику"));
	assert_non_null(strstr(text, "телефон наставника: +7 900 111-22-33\n"));
	assert_non_null(strstr(text, "e-mail наставника: anna@x.ru\n"));
	free(text);
	assert_int_equal(crm_handover_cancel(db, id, NULL), CRM_OK);
	/* a training that ended is no bar */
	sql_exec(db, "UPDATE manager SET trainee_until = 1000 WHERE id = 2");
	in.flags = 0;
	assert_int_equal(crm_handover_create(db, &in, &id), CRM_OK);
	assert_int_equal(crm_handover_notice(db, id, NULL, &text), CRM_OK);
	assert_null(strstr(text, "новый сотрудник"));
	free(text);
}

/* ---- the state machine ---------------------------------------------------------- */

static void test_accept(void **state)
{
	struct crm_db *db = *state;
	int64_t id, before;

	sheet(db);
	sql_exec(db, "UPDATE manager SET capacity = 10 WHERE id = 2");
	/* an action of nobody, and one of Vera, beside Anna's */
	sql_exec(db, "INSERT INTO next_action(client_id, text, due, assignee_id, author, created)"
		 " VALUES (1, 'nobody', 1795564800, NULL, 't', 0), (1, 'vera', 1795564800, 3, 't', 0)");
	id = create(db, ACME, BORIS, "cannot-cope");
	/* not the receiver, not a head */
	before = footprint(db);
	assert_int_equal(crm_handover_accept(db, id), CRM_ECONFLICT);
	assert_string_equal(crm_db_errmsg(db), "only the receiver 'Boris Orlov' or a head of "
			    "sales may accept handover 1 (you are 'tester')");
	crm_db_set_actor(db, "Anna Petrova");
	assert_int_equal(crm_handover_accept(db, id), CRM_ECONFLICT);
	assert_int_equal(footprint(db), before);
	/* the receiver */
	crm_db_set_actor(db, "boris orlov");
	assert_int_equal(crm_handover_accept(db, id), CRM_OK);
	assert_int_equal(sql_int(db, "SELECT owner_id FROM client WHERE id = 1"), BORIS);
	assert_q_text(db, "SELECT status || '|' || decided || '|' || decided_by || '|' ||"
			  " next_action_id || '|' || notice_due FROM handover",
		      "accepted|1795341600|boris orlov|4|1795341600");
	/* the next action for Boris, on the agreed date */
	assert_q_text(db, "SELECT text || '|' || due || '|' || assignee_id FROM next_action"
			  " WHERE id = 4", "introduce yourself|1795564800|2");
	/* Anna's action and nobody's go to Boris; Vera's stays hers */
	assert_q_text(db, "SELECT group_concat(id || ':' || assignee_id, ' ') FROM"
			  " (SELECT * FROM next_action ORDER BY id)", "1:2 2:2 3:3 4:2");
	/* the journal: the owner's change as a client.edit, then the acceptance */
	assert_q_text(db, "SELECT json_extract(data, '$.changes.owner.old') || ' -> ' ||"
			  " json_extract(data, '$.changes.owner.new') || '|' || actor FROM journal"
			  " WHERE action = 'client.edit'", "Anna Petrova -> Boris Orlov|boris orlov");
	assert_q_text(db, "SELECT json_extract(data, '$.client_id') || '|' ||"
			  " json_extract(data, '$.reassigned') || '|' || actor FROM journal WHERE"
			  " action = 'handover.accept'", "1|[1,2]|boris orlov");
	/* final: nothing else applies */
	before = footprint(db);
	assert_int_equal(crm_handover_accept(db, id), CRM_ECONFLICT);
	assert_string_equal(crm_db_errmsg(db), "handover 1 is already accepted: only a pending "
			    "handover can be accepted, declined or cancelled");
	assert_int_equal(crm_handover_decline(db, id, "no"), CRM_ECONFLICT);
	assert_int_equal(crm_handover_cancel(db, id, NULL), CRM_ECONFLICT);
	assert_int_equal(footprint(db), before);
	assert_int_equal(crm_handover_accept(db, 99), CRM_ENOTFOUND);
}

static void test_accept_by_head_late(void **state)
{
	struct crm_db *db = *state;
	int64_t id;

	sheet(db);
	id = create(db, ORPHAN, ANNA, "refresh");
	/* accepted a week later, by a head: the agreed date passed */
	crm_db_set_now(db, NOW + 7 * DAY);
	crm_db_set_actor(db, "Vera Head");
	assert_int_equal(crm_handover_accept(db, id), CRM_OK);
	assert_q_text(db, "SELECT due || '|' || assignee_id FROM next_action WHERE id = 2",
		      "1795910400|1");
	assert_int_equal(sql_int(db, "SELECT owner_id FROM client WHERE id = 2"), ANNA);
	assert_q_text(db, "SELECT json_extract(data, '$.changes.owner_id.old') IS NULL FROM"
			  " journal WHERE action = 'client.edit'", "1");
}

static void test_accept_refused_when_changed(void **state)
{
	struct crm_db *db = *state;
	int64_t id, before;

	sheet(db);
	id = create(db, ACME, VERA, "refresh");
	crm_db_set_actor(db, "Vera Head");
	/* the owner changed by hand meanwhile */
	sql_exec(db, "UPDATE client SET owner_id = 3 WHERE id = 1");
	before = footprint(db);
	assert_int_equal(crm_handover_accept(db, id), CRM_ECONFLICT);
	assert_string_equal(crm_db_errmsg(db), "client 'Acme' now belongs to 'Vera Head', not to "
			    "'Anna Petrova' who handed it over: cancel handover 1 and start a new one");
	assert_int_equal(footprint(db), before);
	sql_exec(db, "UPDATE client SET owner_id = 1 WHERE id = 1");
	/* the receiver went on vacation */
	sql_exec(db, "UPDATE manager SET status = 'vacation' WHERE id = 3");
	before = footprint(db);
	assert_int_equal(crm_handover_accept(db, id), CRM_ECONFLICT);
	assert_true(strstr(crm_db_errmsg(db), "'Vera Head' is no longer an active manager"));
	assert_int_equal(footprint(db), before);
}

static void test_decline_cancel(void **state)
{
	struct crm_db *db = *state;
	int64_t id, before;

	sheet(db);
	id = create(db, ACME, VERA, "refresh");
	/* decline: a why, by the receiver or a head */
	crm_db_set_actor(db, "Vera Head");
	assert_int_equal(crm_handover_decline(db, id, NULL), CRM_EINVAL);
	assert_int_equal(crm_handover_decline(db, id, ""), CRM_EINVAL);
	crm_db_set_actor(db, "Anna Petrova");
	assert_int_equal(crm_handover_decline(db, id, "busy"), CRM_ECONFLICT);
	crm_db_set_actor(db, "Vera Head");
	assert_int_equal(crm_handover_decline(db, id, "no room"), CRM_OK);
	assert_q_text(db, "SELECT status || '|' || decided_by || '|' || why FROM handover",
		      "declined|Vera Head|no room");
	assert_int_equal(sql_int(db, "SELECT owner_id FROM client WHERE id = 1"), ANNA);
	assert_q_text(db, "SELECT json_extract(data, '$.text') FROM journal ORDER BY id DESC"
			  " LIMIT 1", "declined: Anna Petrova -> Vera Head: no room");
	/* cancel: by the sender */
	id = create(db, ACME, VERA, "refresh");
	crm_db_set_actor(db, "Boris Orlov");
	before = footprint(db);
	assert_int_equal(crm_handover_cancel(db, id, NULL), CRM_ECONFLICT);
	assert_string_equal(crm_db_errmsg(db), "only the sender 'Anna Petrova', who created it "
			    "('Vera Head') or a head of sales may cancel handover 2 (you are "
			    "'Boris Orlov')");
	assert_int_equal(footprint(db), before);
	crm_db_set_actor(db, "Anna Petrova");
	assert_int_equal(crm_handover_cancel(db, id, NULL), CRM_OK);
	assert_q_text(db, "SELECT status || '|' || ifnull(why, '-') FROM handover WHERE id = 2",
		      "cancelled|-");
	/* by whoever created it */
	crm_db_set_actor(db, "tester");
	id = create(db, ACME, VERA, "refresh");
	assert_int_equal(crm_handover_cancel(db, id, "wrong client"), CRM_OK);
	/* by a head */
	id = create(db, ACME, VERA, "refresh");
	crm_db_set_actor(db, "Vera Head");
	assert_int_equal(crm_handover_cancel(db, id, NULL), CRM_OK);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal WHERE entity = 'handover'"
				     " AND action = 'handover.cancel'"), 3);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM next_action"), 1);
}

/* ---- the dossier is frozen ---------------------------------------------------------- */

static void test_dossier_freeze(void **state)
{
	struct crm_db *db = *state;
	struct crm_client_input ed = { .name = "Acme Renamed", .contact_every = -1 };
	struct crm_note_input note = { .kind = "call", .text = "new call" };
	struct crm_note_result res;
	char *before, *after;
	int64_t id, x;

	sheet(db);
	id = create(db, ACME, VERA, "refresh");
	before = sql_text(db, "SELECT dossier FROM handover WHERE id = 1");
	/* the sheet changes in every part */
	assert_int_equal(crm_client_edit(db, ACME, &ed), CRM_OK);
	assert_int_equal(crm_promise_keep(db, 1), CRM_OK);
	assert_int_equal(crm_promise_add(db, ACME, "guarantee", "90 days", 0, &x), CRM_OK);
	assert_int_equal(crm_incident_resolve(db, 1, "apologised"), CRM_OK);
	assert_int_equal(crm_next_done(db, 1, NULL), CRM_OK);
	assert_int_equal(crm_note_add(db, ACME, &note, &res), CRM_OK);
	sql_exec(db, "UPDATE contact SET phone = '+7 999 999-99-99'");
	crm_db_set_actor(db, "Vera Head");
	assert_int_equal(crm_handover_accept(db, id), CRM_OK);
	assert_int_equal(crm_handover_notice_sent(db, id, NULL), CRM_OK);
	after = sql_text(db, "SELECT dossier FROM handover WHERE id = 1");
	assert_string_equal(after, before);
	assert_non_null(strstr(after, "\"name\":\"Acme\""));
	assert_non_null(strstr(after, "+7 911 000-00-00"));
	/* and the base refuses to change it, or the briefing */
	assert_int_not_equal(sqlite3_exec(db->sql, "UPDATE handover SET dossier = '{}'", NULL,
					  NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db->sql, "UPDATE handover SET brief = 'x'", NULL, NULL,
					  NULL), SQLITE_OK);
	free(before);
	free(after);
	/* the dossier of a client now: the new name, the new promise */
	assert_int_equal(crm_handover_dossier(db, ACME, NULL, &after), CRM_OK);
	assert_non_null(strstr(after, "\"brief\":null"));
	assert_non_null(strstr(after, "Acme Renamed"));
	assert_non_null(strstr(after, "90 days"));
	free(after);
	assert_int_equal(crm_handover_dossier(db, 99, NULL, &after), CRM_ENOTFOUND);
	assert_null(after);
}

/* ---- the notice -------------------------------------------------------------------- */

static void test_notice(void **state)
{
	struct crm_db *db = *state;
	char *text = NULL;
	int64_t id, before;

	sheet(db);
	id = create(db, ACME, VERA, "refresh");
	sql_exec(db, "UPDATE manager SET phone = '+7 900 333-44-55', email = 'vera@x.ru',"
		 " position = 'руководитель отдела продаж' WHERE id = 3");
	sql_exec(db, "UPDATE manager SET gender = 'f' WHERE id = 1");
	sql_exec(db, "UPDATE contact SET first_name = 'Иван', patronymic = 'Петрович',"
		 " gender = 'm' WHERE name = 'Иван Сидоров'");
	assert_int_equal(crm_config_set(db, "company.name", "Связь-Сервис"), CRM_OK);
	/* before acceptance: the handover's agreed date */
	assert_int_equal(crm_handover_notice(db, id, NULL, &text), CRM_OK);
	assert_string_equal(text,
			    "Тема: Ваш новый персональный менеджер\n"
			    "\n"
			    "Уважаемый Иван Петрович!\n"
			    "\n"
			    "С 22 ноября 2026 г. Вашим персональным менеджером в компании"
			    " «Связь-Сервис» становится Vera Head.\n"
			    "Anna Petrova передала коллеге всю историю нашей работы с компанией"
			    " «Acme».\n"
			    "\n"
			    "Все наши договорённости, обещания, скидки и гарантии остаются в силе.\n"
			    "\n"
			    "Следующий согласованный контакт: 25 ноября 2026 г.\n"
			    "\n"
			    "С уважением,\n"
			    "Vera Head\n"
			    "руководитель отдела продаж\n"
			    "Связь-Сервис\n"
			    "тел.: +7 900 333-44-55\n"
			    "e-mail: vera@x.ru\n");
	free(text);
	/* the notice cannot be recorded before acceptance */
	before = footprint(db);
	assert_int_equal(crm_handover_notice_sent(db, id, NULL), CRM_ECONFLICT);
	assert_int_equal(footprint(db), before);
	/* accepted; the next action moved: its date is the agreed one now */
	crm_db_set_actor(db, "Vera Head");
	assert_int_equal(crm_handover_accept(db, id), CRM_OK);
	assert_int_equal(crm_next_move(db, 2, &(struct crm_next_move_input){ .due = TODAY + 40 * DAY, .reason = "the client is away" }), CRM_OK);
	assert_int_equal(crm_config_set(db, "letters.language", "en"), CRM_OK);
	assert_int_equal(crm_config_unset(db, "company.name"), CRM_OK);
	sql_exec(db, "UPDATE manager SET phone = NULL WHERE id = 3");
	assert_int_equal(crm_handover_notice(db, id, NULL, &text), CRM_OK);
	/* no phone: its line is left out */
	assert_string_equal(text,
			    "Subject: your new personal manager\n"
			    "\n"
			    "Dear Иван Петрович,\n"
			    "\n"
			    "From 22 November 2026, your personal manager at our company is Vera Head.\n"
			    "Anna Petrova has passed on the whole history of our work with Acme.\n"
			    "\n"
			    "Every agreement, promise, discount and guarantee we made stays valid.\n"
			    "\n"
			    "Our next agreed contact: 1 January 2027.\n"
			    "\n"
			    "Kind regards,\n"
			    "Vera Head\n"
			    "руководитель отдела продаж\n"
			    "email: vera@x.ru\n");
	free(text);
	/* a template of one's own */
	assert_int_equal(crm_handover_notice(db, id, "{{{client}}} {manager} {email} {next_date} "
					     "{date} #{handover}\nphone {phone}\nlast", &text),
			 CRM_OK);
	assert_string_equal(text, "{Acme} Vera Head vera@x.ru 2027-01-01 2026-11-22 #1\nlast");
	free(text);
	assert_int_equal(crm_handover_notice(db, id, "ok\nhello {clinet}\n", &text), CRM_EDATA);
	assert_null(text);
	assert_string_equal(crm_db_errmsg(db), "template line 2: unknown placeholder '{clinet}' "
			    "(known: {client} {contact} {manager} {phone} {email} {old_manager} "
			    "{next_date} {date} {handover} {trainee} {mentor} {mentor_phone} "
			    "{mentor_email} {greeting} {company} {in_company} {with_client} {passed} "
			    "{date_words} {next_date_words} {position} {until} {return_date} "
			    "{returning})");
	assert_int_equal(crm_handover_notice(db, id, "a { b", &text), CRM_EDATA);
	assert_int_equal(crm_handover_notice(db, id, "a } b", &text), CRM_EDATA);
	assert_int_equal(crm_handover_notice(db, id, "bad \377", &text), CRM_EDATA);
	/* sent: via the planned channel; once */
	assert_int_equal(crm_handover_notice_sent(db, id, "fax"), CRM_EINVAL);
	assert_int_equal(crm_handover_notice_sent(db, id, NULL), CRM_OK);
	assert_q_text(db, "SELECT notice_sent || '|' || notice_via FROM handover",
		      "1795341600|email");
	assert_q_text(db, "SELECT json_extract(data, '$.text') FROM journal WHERE action ="
			  " 'handover.notice'", "client told of Anna Petrova -> Vera Head via email");
	assert_int_equal(crm_handover_notice_sent(db, id, "phone"), CRM_ECONFLICT);
	assert_string_equal(crm_db_errmsg(db), "the notice of handover 1 was already sent on "
			    "2026-11-22");
	/* a declined handover has nothing to tell */
	crm_db_set_actor(db, "tester");
	id = create(db, ORPHAN, ANNA, "refresh");
	crm_db_set_actor(db, "Vera Head");
	assert_int_equal(crm_handover_decline(db, id, "no"), CRM_OK);
	assert_int_equal(crm_handover_notice(db, id, NULL, &text), CRM_ECONFLICT);
	assert_int_equal(crm_handover_notice(db, 99, NULL, &text), CRM_ENOTFOUND);
}

/* ---- queries --------------------------------------------------------------------- */

static void test_query(void **state)
{
	struct crm_db *db = *state;
	struct crm_handover_filter f = { 0 };
	const struct crm_handover *h;
	struct crm_handover_iter *it;
	char ids[64];

	sheet(db);
	create(db, ACME, VERA, "refresh");
	create(db, ORPHAN, ANNA, "refresh");
	crm_db_set_actor(db, "Vera Head");
	assert_int_equal(crm_handover_accept(db, 1), CRM_OK);
	crm_db_set_actor(db, "tester");
	create(db, ACME, ANNA, "refresh");
	struct {
		struct crm_handover_filter f;
		const char *want;
	} cases[] = {
		{ { 0 }, "3 2 1 " },
		{ { .status = "pending" }, "3 2 " },
		{ { .client_id = ACME }, "3 1 " },
		{ { .client_id = ACME, .status = "accepted" }, "1 " },
		{ { .to_id = ANNA }, "3 2 " },
		{ { .from_id = VERA }, "3 " },
		{ { .limit = 1 }, "3 " },
		{ { .id = 2 }, "2 " },
	};
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		size_t n = 0;
		crm_status st;

		ids[0] = '\0';
		assert_int_equal(crm_handover_query(db, &cases[c].f, &it), CRM_OK);
		while ((st = crm_handover_iter_next(it, &h)) == CRM_OK) {
			n += (size_t)snprintf(ids + n, sizeof(ids) - n, "%lld ", (long long)h->id);
		}
		assert_int_equal(st, CRM_DONE);
		assert_int_equal(crm_handover_iter_next(it, &h), CRM_DONE);
		crm_handover_iter_destroy(it);
		assert_string_equal(ids, cases[c].want);
	}
	f.id = 1;
	assert_int_equal(crm_handover_query(db, &f, &it), CRM_OK);
	assert_int_equal(crm_handover_iter_next(it, &h), CRM_OK);
	assert_string_equal(h->client, "Acme");
	assert_string_equal(h->from, "Anna Petrova");
	assert_string_equal(h->to, "Vera Head");
	assert_string_equal(h->status, "accepted");
	assert_string_equal(h->decided_by, "Vera Head");
	assert_int_equal(h->next_action_id, 2);
	assert_int_equal(h->notice_due, NOW);
	assert_null(h->why);
	assert_non_null(h->dossier);
	crm_handover_iter_destroy(it);
	f = (struct crm_handover_filter){ .status = "done" };
	assert_int_equal(crm_handover_query(db, &f, &it), CRM_EINVAL);
	assert_null(it);
	crm_handover_iter_destroy(NULL);
}

/* ---- plans ---------------------------------------------------------------------------- */

/* n clients of Anna (ids from 'from'), with interests, of a tier. */
static void anna_clients(struct crm_db *db, int from, int n, const char *interests,
			 const char *tier)
{
	for (int i = 0; i < n; i++) {
		char sql[512];

		snprintf(sql, sizeof(sql),
			 "INSERT INTO client(id, uuid, name, name_fold, stage_since, created,"
			 " updated, owner_id, interests, tier) VALUES (%d, 'p%d', 'P%d', 'p%d', 0, 0,"
			 " 0, 1, '%s', '%s')", from + i, from + i, from + i, from + i, interests,
			 tier);
		sql_exec(db, sql);
		snprintf(sql, sizeof(sql),
			 "INSERT INTO contact(uuid, client_id, name, name_fold, email, is_key, created)"
			 " VALUES ('pk%d', %d, 'Boss', 'boss', 'boss@p%d.ru', 1, 0)", from + i, from + i,
			 from + i);
		sql_exec(db, sql);
	}
}

/* Nobody over capacity: load plus placed rows within each capacity. */
static void check_capacity(struct crm_db *db, const struct crm_plan *p)
{
	for (int m = 1; m <= 5; m++) {
		int64_t placed = 0, load, cap;
		char sql[256];

		for (size_t i = 0; i < crm_plan_size(p); i++) {
			placed += crm_plan_row(p, i)->to_id == m;
		}
		snprintf(sql, sizeof(sql), "SELECT count(*) FROM client WHERE owner_id = %d AND"
			 " status NOT IN ('lost', 'farewell')", m);
		load = sql_int(db, sql);
		snprintf(sql, sizeof(sql), "SELECT capacity FROM manager WHERE id = %d", m);
		cap = sql_int(db, sql);
		if (placed) {
			assert_true(load + placed <= cap);
		}
	}
}

static void test_plan_vacation(void **state)
{
	struct crm_db *db = *state;
	struct crm_plan_options o = { .from_id = ANNA, .reason = "vacation",
				      .until = TODAY + 14 * DAY };
	struct crm_plan *p = NULL;
	const struct crm_plan_row *r;
	int64_t before;

	sheet(db);
	/* room: Boris 3 more (capacity 5, holds 2), Vera 2 more; 7 clients of
	 * Anna's: 1 Acme and 6 more, 2 of them vip */
	sql_exec(db, "UPDATE manager SET capacity = 5 WHERE id = 2");
	sql_exec(db, "UPDATE manager SET capacity = 2 WHERE id = 3");
	anna_clients(db, 10, 4, "[\"fishing\"]", "regular");
	anna_clients(db, 20, 2, "[]", "vip");
	sql_exec(db, "UPDATE client SET status = 'lost' WHERE id = 13");
	before = footprint(db);
	assert_int_equal(crm_handover_plan(db, &o, &p), CRM_OK);
	assert_int_equal(footprint(db), before);
	/* 6 live clients: vip first, then by value, then id */
	assert_int_equal(crm_plan_size(p), 6);
	assert_int_equal(crm_plan_row(p, 0)->client_id, 20);
	assert_int_equal(crm_plan_row(p, 1)->client_id, 21);
	/* 5 places: one is left, and says why */
	assert_int_equal(crm_plan_unplaced(p), 1);
	r = crm_plan_row(p, 5);
	assert_int_equal(r->client_id, 12);
	assert_int_equal(r->to_id, 0);
	assert_null(r->to);
	assert_string_equal(r->why, "every other active manager is at capacity: raise a capacity "
			    "('crm manager edit --capacity'), or hand it over with --over-capacity");
	/* the vip clients pick first: the most room (Vera 10 of 10, then
	 * Boris 6 against Vera's 5)... */
	assert_int_equal(crm_plan_row(p, 0)->to_id, VERA);
	assert_string_equal(crm_plan_row(p, 0)->why, "load 0/2");
	assert_int_equal(crm_plan_row(p, 0)->score, 10);
	assert_int_equal(crm_plan_row(p, 1)->to_id, BORIS);
	assert_int_equal(crm_plan_row(p, 1)->score, 6);
	/* ...then the fishing clients go to Boris, who fishes, while he has
	 * room (10 + 4, 10 + 2), the last one to Vera (5) */
	r = crm_plan_row(p, 2);
	assert_int_equal(r->client_id, 1);
	assert_int_equal(r->to_id, BORIS);
	assert_string_equal(r->to, "Boris Orlov");
	assert_string_equal(r->from, "Anna Petrova");
	assert_int_equal(r->score, 14);
	assert_string_equal(r->why, "shared interests: fishing; load 3/5");
	assert_int_equal(crm_plan_row(p, 3)->to_id, BORIS);
	assert_int_equal(crm_plan_row(p, 3)->score, 12);
	assert_int_equal(crm_plan_row(p, 4)->client_id, 11);
	assert_int_equal(crm_plan_row(p, 4)->to_id, VERA);
	assert_int_equal(crm_plan_row(p, 4)->score, 5);
	assert_int_equal(r->until, TODAY + 14 * DAY);
	assert_int_equal(r->handover_id, 0);
	check_capacity(db, p);
	crm_plan_destroy(p);
	/* apply: a short briefing is refused, nothing written */
	o.apply = true;
	o.brief = "short";
	assert_int_equal(crm_handover_plan(db, &o, &p), CRM_ECONFLICT);
	assert_null(p);
	assert_int_equal(footprint(db), before);
	o.brief = NULL;
	assert_int_equal(crm_handover_plan(db, &o, &p), CRM_EINVAL);
	/* apply: every placed client gets its pending handover */
	o.brief = brief;
	assert_int_equal(crm_handover_plan(db, &o, &p), CRM_OK);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM handover WHERE status = 'pending'"
				     " AND reason = 'vacation' AND until = 1796515200"
				     " AND next_text = 'introduce yourself to the client as the new"
				     " manager' AND next_due = 1795564800"), 5);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal WHERE action = 'handover.add'"),
			 5);
	for (size_t i = 0; i < crm_plan_size(p); i++) {
		r = crm_plan_row(p, i);
		assert_int_equal(r->handover_id != 0, r->to_id != 0);
	}
	assert_int_equal(sql_int(db, "SELECT to_id FROM handover WHERE client_id = 1"), BORIS);
	crm_plan_destroy(p);
	/* the same plan again: every client is pending now */
	o.apply = false;
	assert_int_equal(crm_handover_plan(db, &o, &p), CRM_OK);
	assert_int_equal(crm_plan_unplaced(p), 6);
	assert_string_equal(crm_plan_row(p, 0)->why,
			    "a handover of this client is already pending (1)");
	crm_plan_destroy(p);
}

/* What crm writes into the base follows base.language, not the locale:
 * the plan's default first action, the journal's summaries the timeline
 * shows, the briefing template's headings. */
static void test_base_language(void **state)
{
	struct crm_db *db = *state;
	struct crm_plan_options o = { .from_id = ANNA, .reason = "vacation", .apply = true,
				      .brief = brief };
	struct crm_plan *p = NULL;
	char *text = NULL;

	sheet(db);
	assert_int_equal(crm_config_set(db, "base.language", "ru"), CRM_OK);
	assert_int_equal(crm_handover_template(db, 0, &text), CRM_OK);
	assert_non_null(strstr(text, "\n== Кто принимает решения и как к ним обращаться ==\n"));
	assert_null(strstr(text, "Who decides"));
	free(text);
	assert_int_equal(crm_handover_plan(db, &o, &p), CRM_OK);
	crm_plan_destroy(p);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM handover WHERE next_text = "
				     "'представиться клиенту как новый менеджер'"), 1);
	crm_db_set_actor(db, "Vera Head");
	assert_int_equal(crm_handover_accept(db, 1), CRM_OK);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal WHERE action = "
				     "'handover.accept' AND json_extract(data, '$.text') LIKE "
				     "'принята: Anna Petrova -> % (срок %)'"), 1);
	/* an English base: the template is English */
	assert_int_equal(crm_config_set(db, "base.language", "en"), CRM_OK);
	assert_int_equal(crm_handover_template(db, 0, &text), CRM_OK);
	assert_non_null(strstr(text, "\n== Who decides and how to address them ==\n"));
	assert_null(strstr(text, "Кто принимает"));
	free(text);
}

static void test_plan_conflict_and_errors(void **state)
{
	struct crm_db *db = *state;
	struct crm_plan_options o = { .from_id = BORIS, .reason = "leaving" };
	struct crm_plan *p = NULL;

	sheet(db);
	/* Boris's client 3 had a conflict with Vera; Anna is the only other */
	sql_exec(db, "INSERT INTO incident(client_id, kind, text, author, created)"
		     " VALUES (3, 'conflict', 'row', 'Anna Petrova', 0)");
	sql_exec(db, "UPDATE manager SET capacity = 1 WHERE id = 3");
	assert_int_equal(crm_handover_plan(db, &o, &p), CRM_OK);
	assert_int_equal(crm_plan_size(p), 2);
	/* client 3 cannot go to Anna: Vera (room 1) */
	assert_int_equal(crm_plan_row(p, 0)->client_id, 3);
	assert_int_equal(crm_plan_row(p, 0)->to_id, VERA);
	/* client 4: Vera is full now, Anna fine */
	assert_int_equal(crm_plan_row(p, 1)->to_id, ANNA);
	crm_plan_destroy(p);
	/* with Vera full from the start, client 3 has nobody */
	sql_exec(db, "UPDATE manager SET capacity = 0 WHERE id = 3");
	assert_int_equal(crm_handover_plan(db, &o, &p), CRM_OK);
	assert_int_equal(crm_plan_row(p, 0)->to_id, 0);
	assert_string_equal(crm_plan_row(p, 0)->why, "the only managers with room had a conflict "
			    "with the client, are ones it asked to be rid of, or are trainees (for a "
			    "vip or key client): hand it over by hand to someone who suits it");
	crm_plan_destroy(p);
	/* nobody else active at all */
	sql_exec(db, "UPDATE manager SET status = 'left' WHERE id IN (1, 3)");
	assert_int_equal(crm_handover_plan(db, &o, &p), CRM_OK);
	assert_string_equal(crm_plan_row(p, 1)->why, "no other active manager to take the client");
	crm_plan_destroy(p);
	o.reason = "refresh";
	assert_int_equal(crm_handover_plan(db, &o, &p), CRM_EINVAL);
	assert_null(p);
	o.reason = "leaving";
	o.from_id = 99;
	assert_int_equal(crm_handover_plan(db, &o, &p), CRM_ENOTFOUND);
	crm_plan_destroy(NULL);
}

static void test_plan_overload(void **state)
{
	struct crm_db *db = *state;
	struct crm_plan_options o = { .from_id = ANNA, .reason = "overload" };
	struct crm_plan *p = NULL;

	sheet(db);
	/* Anna (calm, fishing now) holds Acme and 4 more; capacity 3: 2 move,
	 * those that fit her least: the two without her interest */
	sql_exec(db, "UPDATE manager SET capacity = 3, interests = '[\"chess\"]' WHERE id = 1");
	anna_clients(db, 10, 2, "[\"chess\"]", "regular");
	anna_clients(db, 20, 2, "[]", "regular");
	sql_exec(db, "UPDATE client SET interests = '[\"chess\"]' WHERE id = 1");
	assert_int_equal(crm_handover_plan(db, &o, &p), CRM_OK);
	assert_int_equal(crm_plan_size(p), 2);
	assert_int_equal(crm_plan_row(p, 0)->client_id, 20);
	assert_int_equal(crm_plan_row(p, 1)->client_id, 21);
	assert_int_equal(crm_plan_unplaced(p), 0);
	check_capacity(db, p);
	crm_plan_destroy(p);
	/* a pending handover out already counts; of the two alike, the
	 * least valuable (the later in the order: 21) moves */
	create(db, 10, VERA, "overload");
	assert_int_equal(crm_handover_plan(db, &o, &p), CRM_OK);
	assert_int_equal(crm_plan_size(p), 1);
	assert_int_equal(crm_plan_row(p, 0)->client_id, 21);
	crm_plan_destroy(p);
	/* a vip alike in fit stays: the regular one moves */
	sql_exec(db, "UPDATE client SET tier = 'vip' WHERE id = 21");
	assert_int_equal(crm_handover_plan(db, &o, &p), CRM_OK);
	assert_int_equal(crm_plan_size(p), 1);
	assert_int_equal(crm_plan_row(p, 0)->client_id, 20);
	crm_plan_destroy(p);
	/* not overloaded: nothing to do */
	sql_exec(db, "UPDATE manager SET capacity = 50 WHERE id = 1");
	assert_int_equal(crm_handover_plan(db, &o, &p), CRM_OK);
	assert_int_equal(crm_plan_size(p), 0);
	crm_plan_destroy(p);
}

static void test_plan_return(void **state)
{
	struct crm_db *db = *state;
	struct crm_plan_options o = { .from_id = ANNA, .reason = "vacation",
				      .until = TODAY + 7 * DAY, .brief = brief, .apply = true };
	struct crm_plan_options back = { .return_to = ANNA, .brief = brief };
	struct crm_plan *p = NULL;
	struct crm_handover_input in;

	sheet(db);
	sql_exec(db, "UPDATE manager SET capacity = 10 WHERE id = 2");
	anna_clients(db, 10, 1, "[]", "regular");
	assert_int_equal(crm_handover_plan(db, &o, &p), CRM_OK);
	crm_plan_destroy(p);
	/* nothing to give back before the covers accept */
	assert_int_equal(crm_handover_plan(db, &back, &p), CRM_OK);
	assert_int_equal(crm_plan_size(p), 0);
	crm_plan_destroy(p);
	crm_db_set_actor(db, "Vera Head");
	assert_int_equal(crm_handover_accept(db, 1), CRM_OK);
	assert_int_equal(crm_handover_accept(db, 2), CRM_OK);
	sql_exec(db, "UPDATE manager SET status = 'vacation' WHERE id = 1");
	/* Anna away: nobody to give back to */
	crm_db_set_now(db, NOW + 8 * DAY);
	assert_int_equal(crm_handover_plan(db, &back, &p), CRM_OK);
	assert_int_equal(crm_plan_size(p), 2);
	assert_int_equal(crm_plan_unplaced(p), 2);
	assert_string_equal(crm_plan_row(p, 0)->why, "'Anna Petrova' is not active: set the "
			    "status back with 'crm manager edit --status active' first");
	crm_plan_destroy(p);
	sql_exec(db, "UPDATE manager SET status = 'active' WHERE id = 1");
	back.apply = true;
	assert_int_equal(crm_handover_plan(db, &back, &p), CRM_OK);
	assert_int_equal(crm_plan_unplaced(p), 0);
	/* Acme went to Boris (fishing), P10 to Vera (more room) */
	assert_int_equal(crm_plan_row(p, 0)->return_of, 1);
	assert_int_equal(crm_plan_row(p, 0)->from_id, BORIS);
	assert_string_equal(crm_plan_row(p, 0)->why, "gives back handover 1 (cover until "
			    "2026-11-29); handled this client before; "
			    "load 0/50");
	crm_plan_destroy(p);
	assert_q_text(db, "SELECT group_concat(id || ':' || client_id || ':' || from_id || '>' ||"
			  " to_id || ':' || reason || ':' || return_of || ':' || ifnull(until, '-'),"
			  " ' ') FROM handover WHERE return_of IS NOT NULL",
		      "3:1:2>1:vacation:1:- 4:10:3>1:vacation:2:-");
	/* a return must give back what it says */
	assert_int_equal(crm_handover_cancel(db, 4, NULL), CRM_OK);
	crm_db_set_actor(db, "tester");
	in = input(10, ANNA, "vacation");
	in.next_due = NOW + 9 * DAY;
	in.return_of = 1;
	assert_int_equal(crm_handover_create(db, &in, &(int64_t){ 0 }), CRM_ECONFLICT);
	assert_string_equal(crm_db_errmsg(db), "handover 1 is not an accepted temporary handover "
			    "of client 'P10' that this one gives back");
	/* accepted, the client is back: nothing more to give back */
	crm_db_set_actor(db, "Anna Petrova");
	assert_int_equal(crm_handover_accept(db, 3), CRM_OK);
	back.apply = false;
	assert_int_equal(crm_handover_plan(db, &back, &p), CRM_OK);
	assert_int_equal(crm_plan_size(p), 1);
	assert_int_equal(crm_plan_row(p, 0)->client_id, 10);
	crm_plan_destroy(p);
}

/* ---- farewell ------------------------------------------------------------------------ */

static void test_farewell(void **state)
{
	struct crm_db *db = *state;
	struct crm_farewell_result r;
	char *text = NULL;
	int64_t before;

	sheet(db);
	create(db, ACME, VERA, "refresh");
	/* an open promise: refused, nothing written */
	before = footprint(db);
	assert_int_equal(crm_client_farewell(db, ACME, "never pays", 0, &r), CRM_ECONFLICT);
	assert_string_equal(crm_db_errmsg(db), "client 'Acme' has 1 open promise and a pending "
			    "handover: none may be dropped silently; keep or break each, or say "
			    "farewell with --force");
	assert_int_equal(footprint(db), before);
	assert_int_equal(crm_promise_keep(db, 1), CRM_OK);
	assert_int_equal(crm_client_farewell(db, ACME, "never pays", 0, &r), CRM_ECONFLICT);
	assert_string_equal(crm_db_errmsg(db), "client 'Acme' has a pending handover (1): cancel "
			    "it, or say farewell with --force, which cancels it");
	assert_int_equal(crm_client_farewell(db, ACME, "", CRM_FAREWELL_FORCE, &r), CRM_EINVAL);
	/* forced: status, actions closed with the reason, handover cancelled */
	assert_int_equal(crm_promise_add(db, ACME, NULL, "call back", 0, &(int64_t){ 0 }), CRM_OK);
	assert_int_equal(crm_client_farewell(db, ACME, "never pays", CRM_FAREWELL_FORCE, &r),
			 CRM_OK);
	assert_string_equal(r.status_before, "prospect");
	assert_int_equal(r.closed_actions, 1);
	assert_int_equal(r.open_promises, 1);
	assert_int_equal(r.cancelled_handovers, 1);
	assert_q_text(db, "SELECT status FROM client WHERE id = 1", "farewell");
	assert_int_equal(sql_int(db, "SELECT count(*) FROM next_action WHERE client_id = 1 AND"
				     " status = 'open'"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM promise WHERE status = 'open'"), 1);
	assert_q_text(db, "SELECT status || '|' || why FROM handover", "cancelled|farewell: "
		      "never pays");
	assert_q_text(db, "SELECT json_extract(data, '$.old') || '>' || json_extract(data, '$.new')"
			  " || ':' || json_extract(data, '$.reason') FROM journal WHERE action ="
			  " 'client.status'", "prospect>farewell:never pays");
	assert_q_text(db, "SELECT json_extract(data, '$.reason') FROM journal WHERE action ="
			  " 'next.done'", "never pays");
	/* once */
	assert_int_equal(crm_client_farewell(db, ACME, "again", CRM_FAREWELL_FORCE, NULL),
			 CRM_ECONFLICT);
	assert_string_equal(crm_db_errmsg(db), "client 'Acme' already said farewell");
	assert_int_equal(crm_client_farewell(db, 99, "x", 0, NULL), CRM_ENOTFOUND);
	/* the message */
	assert_int_equal(crm_farewell_notice(db, ACME, "{contact}, {client}: {manager} {phone}\n"
					     "{email}\n", &text), CRM_OK);
	assert_string_equal(text, "Иван Сидоров, Acme: Anna Petrova +7 900 111-22-33\n"
			    "anna@x.ru\n");
	free(text);
	assert_int_equal(crm_farewell_notice(db, ACME, NULL, &text), CRM_OK);
	assert_non_null(strstr(text, "Тема: завершение сотрудничества\n\nДобрый день!\n"));
	assert_non_null(strstr(text, "Anna Petrova"));
	free(text);
	/* an orphan has no manager: those lines go */
	assert_int_equal(crm_farewell_notice(db, ORPHAN, "Dear {contact}\n{manager}\nbye\n",
					     &text), CRM_OK);
	assert_string_equal(text, "Dear Olga\nbye\n");
	free(text);
	assert_int_equal(crm_farewell_notice(db, 99, NULL, &text), CRM_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_create, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_refuse_receiver, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_refuse_brief, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_refuse_dates_and_input, setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_refuse_client_state, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_escalation, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_brief_words_and_sections, setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_reachable, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_supersede, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_asked_away_and_trainee, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_accept, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_accept_by_head_late, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_accept_refused_when_changed, setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_decline_cancel, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_dossier_freeze, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_notice, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_query, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_plan_vacation, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_plan_conflict_and_errors, setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_plan_overload, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_base_language, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_plan_return, setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_farewell, setup, fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
