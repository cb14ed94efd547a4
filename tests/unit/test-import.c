/*
 * test-import.c: the strict JSON reader and record mapper, the CSV reader,
 * and the faithful writer behind crm client import (uuids, ids, times,
 * closed states, managers created, --update merges, all or nothing).
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
#define U1 "0b6f3c1e-8a2d-4f5b-9c7e-1d2e3f4a5b6c"
#define U2 "1c7a4d2f-9b3e-4a6c-8d8f-2e3f4a5b6c7d"
#define U3 "2d8b5e3a-ac4f-4b7d-9e9a-3f4a5b6c7d8e"
#define UM "3e9c6f4b-bd5a-4c8e-aa0b-4a5b6c7d8e9f"

/* Imports text of n bytes (strlen when n is 0). */
static crm_status import_n(struct crm_db *db, enum crm_import_format fmt, const char *text,
			   size_t n, unsigned flags, struct crm_import_stats *s)
{
	char *copy;
	FILE *in;
	crm_status st;

	if (n == 0) {
		n = strlen(text);
	}
	copy = malloc(n + 1);
	assert_non_null(copy);
	memcpy(copy, text, n);
	in = n ? fmemopen(copy, n, "r") : fopen("/dev/null", "r");
	assert_non_null(in);
	st = crm_import(db, in, fmt, flags, s);
	fclose(in);
	free(copy);
	return st;
}

static crm_status imp(struct crm_db *db, const char *text)
{
	struct crm_import_stats s;

	return import_n(db, CRM_IMPORT_NDJSON, text, 0, 0, &s);
}

static crm_status imp_csv(struct crm_db *db, const char *text)
{
	struct crm_import_stats s;

	return import_n(db, CRM_IMPORT_CSV, text, 0, 0, &s);
}

static int64_t q_int(struct crm_db *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	assert_int_equal(sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW) {
		v = sqlite3_column_type(st, 0) == SQLITE_NULL ? -2 : sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return v;
}

/* The first column of the first row as text ("NULL" for null); static buffer. */
static const char *q_text(struct crm_db *db, const char *sql)
{
	static char buf[4096];
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL), SQLITE_OK);
	snprintf(buf, sizeof(buf), "(no row)");
	if (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);

		snprintf(buf, sizeof(buf), "%s", t ? (const char *)t : "NULL");
	}
	sqlite3_finalize(st);
	return buf;
}

static void assert_fails(struct crm_db *db, crm_status want, const char *text,
			 const char *msg_part)
{
	crm_status st = imp(db, text);

	if (st != want || !strstr(crm_db_errmsg(db), msg_part)) {
		fprintf(stderr, "# input: %s\n# got %d '%s', want %d '%s'\n", text, st,
			crm_db_errmsg(db), want, msg_part);
	}
	assert_int_equal(st, want);
	assert_non_null(strstr(crm_db_errmsg(db), msg_part));
	assert_int_equal(q_int(db, "SELECT count(*) FROM client"), 0);
}

/* ---- JSON: every field ------------------------------------------------- */

static const char full[] =
	"{\"id\":7,\"uuid\":\"" U1 "\",\"name\":\"ООО «Ромашка»\",\"kind\":\"company\","
	"\"segment\":\"retail\",\"tier\":\"vip\",\"status\":\"active\",\"stage\":\"storm\","
	"\"stage_since\":\"2026-10-01\",\"owner\":\"Анна Петрова\",\"owner_uuid\":\"" UM "\","
	"\"contact_every\":14,\"value\":\"1234567.89\",\"traits\":[\"calm\",\"patient\"],"
	"\"interests\":[\"fishing\"],\"tags\":[\"north\",\"steel\"],\"note\":\"likes tea\","
	"\"created\":\"2025-05-01T08:30:00Z\",\"updated\":\"2026-11-01T09:00:00Z\","
	"\"owner_id\":99,\"last_contact\":\"2000-01-01T00:00:00Z\",\"orders\":77,"
	"\"next_due\":null,\"handovers\":[{\"x\":1}],"
	"\"contacts\":[{\"id\":3,\"uuid\":\"" U2 "\",\"client_id\":1,\"client\":\"x\","
	"\"name\":\"Иван Сидоров\",\"role\":\"director\",\"phone\":\"+7 495 123-45-67\","
	"\"email\":\"ivan@romashka.ru\",\"key\":true,\"verified\":\"2026-01-15\","
	"\"created\":\"2025-05-02T10:00:00Z\"},"
	"{\"name\":\"Мария\",\"role\":null,\"phone\":null,\"email\":null,\"key\":false,"
	"\"verified\":null}],"
	"\"interactions\":[{\"id\":40,\"kind\":\"order\",\"at\":\"2026-03-01T12:00:00Z\","
	"\"author\":\"Анна Петрова\",\"text\":\"first order\",\"outcome\":\"paid\","
	"\"amount\":\"50000.00\"},"
	"{\"kind\":\"order\",\"at\":\"2026-06-01T12:00:00Z\",\"text\":\"repeat order\","
	"\"amount\":120000.5},"
	"{\"kind\":\"complaint\",\"at\":\"2026-10-02T09:15:00Z\",\"text\":\"late delivery\","
	"\"outcome\":null,\"amount\":null,\"created\":\"2026-10-02T09:20:00Z\"}],"
	"\"promises\":[{\"id\":5,\"kind\":\"guarantee\",\"text\":\"delivery in 90 days\","
	"\"due\":\"2026-12-01\",\"status\":\"open\",\"why\":null,\"author\":\"Анна Петрова\","
	"\"created\":\"2026-09-01T10:00:00Z\",\"closed\":null},"
	"{\"kind\":\"discount\",\"text\":\"5%\",\"status\":\"broken\",\"why\":\"forgot\","
	"\"created\":\"2026-02-01T10:00:00Z\",\"closed\":\"2026-03-01T10:00:00Z\"}],"
	"\"incidents\":[{\"kind\":\"conflict\",\"text\":\"shouted at the driver\","
	"\"status\":\"open\",\"how\":null,\"author\":\"boss\","
	"\"created\":\"2026-10-02T10:00:00Z\",\"resolved\":null},"
	"{\"kind\":\"mishap\",\"text\":\"wrong invoice\",\"status\":\"resolved\","
	"\"how\":\"reissued\",\"created\":\"2026-04-01T10:00:00Z\","
	"\"resolved\":\"2026-04-02T10:00:00Z\"}],"
	"\"next_actions\":[{\"text\":\"call about the delivery\",\"due\":\"2026-11-25\"},"
	"{\"text\":\"send the gift\",\"due\":\"2026-11-20\",\"assignee\":\"Борис\","
	"\"assignee_id\":4,\"status\":\"done\",\"done\":\"2026-11-21T10:00:00Z\"},"
	"{\"text\":\"nobody's\",\"due\":\"2026-12-20\",\"assignee\":null}]}\n";

static void test_full_record(void **state)
{
	struct crm_db *db = *state;
	struct crm_import_stats s;

	assert_int_equal(import_n(db, CRM_IMPORT_NDJSON, full, 0, 0, &s), CRM_OK);
	assert_int_equal(s.records, 1);
	assert_int_equal(s.added, 1);
	assert_int_equal(s.updated, 0);
	assert_int_equal(s.managers, 2);
	assert_int_equal(s.contacts, 2);
	assert_int_equal(s.interactions, 3);
	assert_int_equal(s.promises, 2);
	assert_int_equal(s.incidents, 2);
	assert_int_equal(s.next_actions, 3);

	/* the id and uuid are kept; derived fields come from the interactions */
	assert_string_equal(q_text(db, "SELECT id || '|' || uuid || '|' || name || '|' || kind"
				       " || '|' || segment || '|' || tier || '|' || status || '|'"
				       " || stage FROM client"),
			    "7|" U1 "|ООО «Ромашка»|company|retail|vip|active|storm");
	assert_int_equal(q_int(db, "SELECT stage_since FROM client"), INT64_C(1790812800));
	assert_int_equal(q_int(db, "SELECT contact_every FROM client"), 14);
	assert_int_equal(q_int(db, "SELECT value FROM client"), INT64_C(123456789));
	assert_string_equal(q_text(db, "SELECT traits || interests || tags FROM client"),
			    "[\"calm\",\"patient\"][\"fishing\"][\"north\",\"steel\"]");
	assert_string_equal(q_text(db, "SELECT note FROM client"), "likes tea");
	assert_int_equal(q_int(db, "SELECT created FROM client"), INT64_C(1746088200));
	assert_int_equal(q_int(db, "SELECT updated FROM client"), INT64_C(1793523600));
	assert_int_equal(q_int(db, "SELECT orders FROM client"), 2);
	assert_int_equal(q_int(db, "SELECT last_contact FROM client"), INT64_C(1790932500));
	assert_string_equal(q_text(db, "SELECT name_fold FROM client"), "ооо «ромашка»");

	/* the owner was created with its uuid and journaled */
	assert_string_equal(q_text(db, "SELECT m.uuid || '|' || m.name || '|' || m.capacity"
				       " FROM client c JOIN manager m ON m.id = c.owner_id"),
			    UM "|Анна Петрова|50");
	assert_int_equal(q_int(db, "SELECT count(*) FROM journal WHERE action = 'manager.import'"),
			 2);

	/* contacts: uuid, verified, created kept; a generated uuid for the second */
	assert_string_equal(q_text(db, "SELECT id || '|' || uuid || '|' || role || '|' || phone"
				       " || '|' || email || '|' || is_key || '|' || verified"
				       " || '|' || created FROM contact WHERE name = 'Иван Сидоров'"),
			    "3|" U2 "|director|+7 495 123-45-67|ivan@romashka.ru|1|1768435200|"
			    "1746180000");
	assert_int_equal(q_int(db, "SELECT count(*) FROM contact WHERE name = 'Мария' AND"
				   " is_key = 0 AND verified IS NULL AND role IS NULL AND"
				   " length(uuid) = 36 AND created = 1795341600"), 1);

	/* interactions: id kept, author defaults to the actor, exact amounts */
	assert_string_equal(q_text(db, "SELECT group_concat(id || ':' || kind || ':' || author"
				       " || ':' || ifnull(amount, '-'), ' ') FROM"
				       " (SELECT * FROM interaction ORDER BY at)"),
			    "40:order:Анна Петрова:5000000 41:order:tester:12000050"
			    " 42:complaint:tester:-");
	/* promises and incidents: closed states, reasons and authors kept */
	assert_string_equal(q_text(db, "SELECT group_concat(id || ':' || kind || ':' || status"
				       " || ':' || ifnull(why, '-') || ':' || author || ':' ||"
				       " ifnull(due, '-') || ':' || ifnull(closed, '-'), ' ') FROM"
				       " (SELECT * FROM promise ORDER BY id)"),
			    "5:guarantee:open:-:Анна Петрова:1796083200:-"
			    " 6:discount:broken:forgot:tester:-:1772359200");
	assert_string_equal(q_text(db, "SELECT group_concat(kind || ':' || status || ':' ||"
				       " ifnull(how, '-') || ':' || author || ':' ||"
				       " ifnull(resolved, '-'), ' ') FROM"
				       " (SELECT * FROM incident ORDER BY id)"),
			    "conflict:open:-:boss:- mishap:resolved:reissued:tester:1775124000");
	/* next actions: absent assignee = the owner, null = nobody, a name = that manager */
	assert_string_equal(q_text(db, "SELECT group_concat(n.text || ':' || ifnull(m.name, '-')"
				       " || ':' || n.status || ':' || ifnull(n.done, '-'), ' ')"
				       " FROM (SELECT * FROM next_action ORDER BY id) n"
				       " LEFT JOIN manager m ON m.id = n.assignee_id"),
			    "call about the delivery:Анна Петрова:open:-"
			    " send the gift:Борис:done:1795255200 nobody's:-:open:-");

	/* one journal entry for the client, with the nested counts */
	assert_string_equal(q_text(db, "SELECT entity_id || ' ' || data FROM journal"
				       " WHERE action = 'client.import'"),
			    "7 {\"uuid\":\"" U1 "\",\"name\":\"ООО «Ромашка»\",\"update\":false,"
			    "\"contacts\":2,\"interactions\":3,\"promises\":2,\"incidents\":2,"
			    "\"next_actions\":3}");

	/* search: name and note, contacts, interactions, folded */
	assert_int_equal(q_int(db, "SELECT count(*) FROM search WHERE search MATCH 'ромашка'"),
			 1);
	assert_int_equal(q_int(db, "SELECT rowid FROM search WHERE search MATCH 'сидоров'"),
			 3 * 4 + 1);
	assert_int_equal(q_int(db, "SELECT rowid FROM search WHERE search MATCH 'paid'"),
			 40 * 4 + 2);
	assert_int_equal(q_int(db, "SELECT count(*) FROM search"), 1 + 2 + 3);
}

static void test_defaults(void **state)
{
	struct crm_db *db = *state;

	assert_int_equal(imp(db, "{\"name\":\"Acme Corp\"}"), CRM_OK);
	assert_string_equal(q_text(db, "SELECT kind || tier || status || stage FROM client"),
			    "companyregularprospectcourtship");
	assert_int_equal(q_int(db, "SELECT created = 1795341600 AND updated = created AND"
				   " stage_since = created AND owner_id IS NULL AND orders = 0 AND"
				   " last_contact IS NULL AND value IS NULL AND contact_every IS NULL"
				   " FROM client"), 1);
	assert_int_equal(q_int(db, "SELECT length(uuid) FROM client"), 36);
	assert_true(crm_uuid_valid(q_text(db, "SELECT uuid FROM client")));
	assert_string_equal(q_text(db, "SELECT traits || interests || tags FROM client"),
			    "[][][]");
}

static void test_id_kept_when_free(void **state)
{
	struct crm_db *db = *state;

	assert_int_equal(imp(db, "{\"id\":5,\"name\":\"A\",\"contacts\":[{\"id\":9,\"name\":\"c\"}]}\n"
				 "{\"id\":5,\"name\":\"B\",\"contacts\":[{\"id\":9,\"name\":\"d\"}]}\n"
				 "{\"id\":9007199254740993,\"name\":\"C\"}\n"),
			 CRM_OK);
	assert_string_equal(q_text(db, "SELECT group_concat(id || name, ' ') FROM"
				       " (SELECT * FROM client ORDER BY id)"),
			    "5A 6B 9007199254740993C");
	assert_string_equal(q_text(db, "SELECT group_concat(id || name, ' ') FROM"
				       " (SELECT * FROM contact ORDER BY id)"),
			    "9c 10d");
}

/* An id a deleted record had is not given again (AUTOINCREMENT). */
static void test_id_of_deleted_not_reused(void **state)
{
	struct crm_db *db = *state;

	assert_int_equal(imp(db, "{\"id\":3,\"name\":\"Gone\",\"interactions\":[{\"id\":7,"
				 "\"at\":\"2026-01-01\",\"text\":\"t\"}]}"),
			 CRM_OK);
	assert_int_equal(crmi_exec(db, "DELETE FROM search; DELETE FROM interaction;"
				       " DELETE FROM client"),
			 CRM_OK);
	assert_int_equal(imp(db, "{\"id\":2,\"name\":\"Low\",\"interactions\":[{\"id\":7,"
				 "\"at\":\"2026-01-01\",\"text\":\"t\"},{\"id\":9,"
				 "\"at\":\"2026-01-02\",\"text\":\"u\"}]}\n"
				 "{\"id\":3,\"name\":\"Same\"}\n"
				 "{\"id\":8,\"name\":\"High\"}\n"),
			 CRM_OK);
	assert_string_equal(q_text(db, "SELECT group_concat(id || name, ' ') FROM"
				       " (SELECT * FROM client ORDER BY id)"),
			    "4Low 5Same 8High");
	assert_string_equal(q_text(db, "SELECT group_concat(id, ' ') FROM"
				       " (SELECT * FROM interaction ORDER BY id)"),
			    "8 9");
}

static void test_uuid_lowercased(void **state)
{
	struct crm_db *db = *state;

	assert_int_equal(imp(db, "{\"uuid\":\"0B6F3C1E-8A2D-4F5B-9C7E-1D2E3F4A5B6C\",\"name\":\"A\"}"),
			 CRM_OK);
	assert_string_equal(q_text(db, "SELECT uuid FROM client"), U1);
	assert_int_equal(imp(db, "{\"uuid\":\"" U1 "\",\"name\":\"B\"}"), CRM_EEXIST);
	assert_non_null(strstr(crm_db_errmsg(db), "already exists"));
	assert_int_equal(q_int(db, "SELECT count(*) FROM client"), 1);
}

/* ---- JSON: syntax and types ----------------------------------------------- */

static void test_unknown_key(void **state)
{
	struct crm_db *db = *state;

	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"nmae\":\"B\"}",
		     "line 1: field 'nmae': unknown field");
	assert_fails(db, CRM_EDATA,
		     "{\"name\":\"A\",\"contacts\":[{\"name\":\"x\"},{\"name\":\"y\",\"emial\":\"a@b.c\"}]}",
		     "line 1: field 'contacts[1].emial': unknown field");
	assert_fails(db, CRM_EDATA,
		     "{\"name\":\"A\",\"next_actions\":[{\"text\":\"t\",\"due\":\"2026-01-01\","
		     "\"color\":\"red\"}]}",
		     "field 'next_actions[0].color': unknown field");
}

static void test_duplicate_key(void **state)
{
	struct crm_db *db = *state;

	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"tier\":\"vip\",\"name\":\"B\"}",
		     "line 1: invalid JSON at byte 26: duplicate key 'name'");
	assert_fails(db, CRM_EDATA,
		     "{\"name\":\"A\",\"contacts\":[{\"name\":\"x\",\"name\":\"y\"}]}",
		     "duplicate key 'name'");
}

static void test_trailing_garbage(void **state)
{
	struct crm_db *db = *state;

	assert_fails(db, CRM_EDATA, "{\"name\":\"A\"} x", "unexpected text after the value");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\"}{\"name\":\"B\"}",
		     "invalid JSON at byte 13: unexpected text after the value");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",}", "a key in quotes expected");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\"", "',' or '}' expected");
	assert_fails(db, CRM_EDATA, "{\"name\":'A'}", "a JSON value expected");
	assert_fails(db, CRM_EDATA, "[{\"name\":\"A\"}]", "expected a JSON object");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"tags\":[\"a\",]}", "a JSON value expected");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\tB\"}", "a control character in a string");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\\x\"}", "invalid escape");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A", "unterminated string");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"value\":01}", "a leading zero");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"value\":nul}", "a JSON value expected");
	/* white space around the value and a CRLF ending are fine */
	assert_int_equal(imp(db, "  {\"name\" : \"A\" }  \r\n"), CRM_OK);
}

static void test_nul_and_utf8(void **state)
{
	struct crm_db *db = *state;
	struct crm_import_stats s;
	static const char nul[] = "{\"name\":\"A\0B\"}\n";

	assert_int_equal(import_n(db, CRM_IMPORT_NDJSON, nul, sizeof(nul) - 1, 0, &s), CRM_EDATA);
	assert_string_equal(crm_db_errmsg(db), "line 1: a NUL byte at byte 11");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\\u0000B\"}", "\\u0000 (a NUL character)");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\377B\"}", "line 1: not valid UTF-8 text");
	assert_fails(db, CRM_EDATA, "{\"name\":\"\xc0\xaf" "B\"}", "not valid UTF-8");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\\ud83d\"}", "a lone high surrogate");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\\ude00\"}", "a lone low surrogate");
	/* escapes, a surrogate pair and a byte order mark */
	assert_int_equal(imp(db, "\xEF\xBB\xBF{\"name\":\"\\u0418\\u0432\\u0430\\u043d \\ud83d\\ude00"
				 " \\\"q\\\" \\/\"}\n"),
			 CRM_OK);
	assert_string_equal(q_text(db, "SELECT name FROM client"), "Иван 😀 \"q\" /");
}

static void test_numbers(void **state)
{
	struct crm_db *db = *state;

	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"id\":99999999999999999999}",
		     "field 'id': the number 99999999999999999999 does not fit in 64 bits");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"id\":1.5}",
		     "field 'id': expected a whole number, found '1.5'");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"id\":1e3}", "expected a whole number");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"id\":0}", "out of range");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"id\":\"7\"}",
		     "field 'id': expected a number or null, found a string");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"contact_every\":-3}", "out of range");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"value\":\"1.001\"}",
		     "field 'value': invalid amount '1.001'");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"value\":1.001}", "invalid amount '1.001'");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"value\":1e3}", "invalid amount '1e3'");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"value\":92233720368547758.08}",
		     "invalid amount");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"value\":true}",
		     "expected an amount (\"1234.50\") or null, found a boolean");
	assert_fails(db, CRM_EDATA,
		     "{\"name\":\"A\",\"interactions\":[{\"at\":\"2026-01-01\",\"text\":\"t\","
		     "\"amount\":\"12,345\"}]}",
		     "field 'interactions[0].amount': invalid amount");
	/* the range of amounts, 999 999 999 999.99 either way, as on the command line */
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"value\":\"1000000000000.00\"}",
		     "field 'value': invalid amount '1000000000000.00'");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"value\":-1000000000000}",
		     "at most 999 999 999 999.99 either way");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"value\":\"-92233720368547758.08\"}",
		     "invalid amount '-92233720368547758.08'");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"value\":92233720368547758.07}",
		     "invalid amount");
	assert_fails(db, CRM_EDATA,
		     "{\"name\":\"A\",\"interactions\":[{\"at\":\"2026-01-01\",\"text\":\"t\","
		     "\"amount\":\"-1000000000000\"}]}",
		     "field 'interactions[0].amount': invalid amount");
	/* the largest amount is exact, as a string and as a number */
	assert_int_equal(imp(db, "{\"name\":\"A\",\"value\":\"999999999999.99\"}\n"
				 "{\"name\":\"B\",\"value\":999999999999.99}\n"
				 "{\"name\":\"C\",\"value\":0.5,\"contact_every\":0}\n"),
			 CRM_OK);
	assert_int_equal(q_int(db, "SELECT count(*) FROM client WHERE value = 99999999999999"),
			 2);
	assert_int_equal(q_int(db, "SELECT value FROM client WHERE name = 'C'"), 50);
	assert_int_equal(q_int(db, "SELECT contact_every FROM client WHERE name = 'C'"), -2);
}

/* A file is held to the rules of client add and crm note: one validator. */
static void test_validators(void **state)
{
	struct crm_db *db = *state;

	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"value\":-0.5}",
		     "invalid value -0.50: the value of a client cannot be negative");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"value\":\"-1\"}",
		     "cannot be negative");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"contact_every\":3651}",
		     "field 'contact_every': 3651 is out of range (0 to 3650)");
	assert_fails(db, CRM_EDATA,
		     "{\"name\":\"A\",\"interactions\":[{\"at\":\"2026-11-23\",\"text\":\"t\"}]}",
		     "field 'interactions[0]': date 2026-11-23 is in the future");
	assert_fails(db, CRM_EDATA,
		     "{\"name\":\"A\",\"interactions\":[{\"at\":\"1969-12-31\",\"text\":\"t\"}]}",
		     "field 'interactions[0]': invalid interaction date");
	assert_int_equal(q_int(db, "SELECT count(*) FROM client"), 0);
	/* the limits themselves, and a survey, which only the VIP programme writes */
	assert_int_equal(imp(db, "{\"name\":\"A\",\"value\":0,\"contact_every\":3650,"
				 "\"interactions\":[{\"kind\":\"survey\",\"at\":\"2026-11-22\","
				 "\"text\":\"t\"}]}\n"),
			 CRM_OK);
}

static void test_dates(void **state)
{
	struct crm_db *db = *state;

	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"created\":\"2026-13-01\"}",
		     "field 'created': invalid date '2026-13-01'");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"created\":\"+3d\"}", "invalid date '+3d'");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"created\":\"yesterday\"}", "invalid date");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"created\":\"2026-02-30\"}", "invalid date");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"created\":\"2026-01-01T25:00:00Z\"}",
		     "invalid date");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"created\":1795341600}",
		     "field 'created': expected a date string or null, found a number");
	assert_fails(db, CRM_EDATA,
		     "{\"name\":\"A\",\"interactions\":[{\"at\":null,\"text\":\"t\"}]}",
		     "field 'interactions[0].at': expected a date string, found null");
	assert_fails(db, CRM_EDATA,
		     "{\"name\":\"A\",\"contacts\":[{\"name\":\"c\",\"verified\":\"soon\"}]}",
		     "field 'contacts[0].verified': invalid date 'soon'");
}

static void test_enums_and_checks(void **state)
{
	struct crm_db *db = *state;
	char big[400];

	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"tier\":\"gold\"}",
		     "line 1: field 'tier': invalid tier 'gold' (vip, key, regular)");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"stage\":1}",
		     "field 'stage': expected a string, found a number");
	assert_fails(db, CRM_EDATA,
		     "{\"name\":\"A\",\"promises\":[{\"text\":\"t\",\"status\":\"done\"}]}",
		     "field 'promises[0].status': invalid status 'done' (open, kept, broken)");
	assert_fails(db, CRM_EDATA,
		     "{\"name\":\"A\",\"incidents\":[{\"text\":\"t\",\"kind\":\"war\"}]}",
		     "field 'incidents[0].kind': invalid kind 'war'");
	assert_fails(db, CRM_EDATA, "{\"name\":\"\"}", "field 'name': empty name");
	assert_fails(db, CRM_EDATA, "{\"name\":null}",
		     "field 'name': expected a string, found null");
	assert_fails(db, CRM_EDATA, "{\"kind\":\"person\"}", "field 'name': missing");
	assert_fails(db, CRM_EDATA, "{\"name\":\" A\"}", "starts or ends with a space");
	memset(big, 'x', 201);
	snprintf(big + 201, sizeof(big) - 201, "\"}");
	{
		char line[500];

		snprintf(line, sizeof(line), "{\"name\":\"%s", big);
		assert_fails(db, CRM_EDATA, line, "field 'name': name is too long: 201 characters");
	}
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"tags\":[\"a\",1]}",
		     "field 'tags': item 1: expected a string, found a number");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"tags\":[\"\"]}", "field 'tags': empty tag");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"tags\":\"a\"}",
		     "field 'tags': expected an array of strings, found a string");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"uuid\":\"not-a-uuid\"}",
		     "field 'uuid': invalid uuid 'not-a-uuid'");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"contacts\":{}}",
		     "field 'contacts': expected an array, found an object");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"contacts\":[\"x\"]}",
		     "field 'contacts[0]': expected an object, found a string");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"contacts\":[{\"name\":\"c\",\"key\":1}]}",
		     "field 'contacts[0].key': expected true or false, found a number");
	assert_fails(db, CRM_EDATA,
		     "{\"name\":\"A\",\"interactions\":[{\"at\":\"2026-01-01\",\"text\":\"t\","
		     "\"kind\":\"visit\"}]}",
		     "field 'interactions[0].kind': invalid kind 'visit' (call, meeting, email, order,");
	/* a survey of the VIP programme comes back as it went out */
	assert_int_equal(imp(db, "{\"name\":\"S\",\"interactions\":[{\"at\":\"2026-01-01\","
				 "\"text\":\"t\",\"kind\":\"survey\"}]}"),
			 CRM_OK);
	assert_string_equal(q_text(db, "SELECT kind FROM interaction"), "survey");
	assert_int_equal(crmi_exec(db, "DELETE FROM interaction; DELETE FROM client"), CRM_OK);
	/* duplicate tags collapse, as with --tag */
	assert_int_equal(imp(db, "{\"name\":\"A\",\"tags\":[\"a\",\"b\",\"a\"]}"), CRM_OK);
	assert_string_equal(q_text(db, "SELECT tags FROM client"), "[\"a\",\"b\"]");
}

static void test_nested_errors(void **state)
{
	struct crm_db *db = *state;

	assert_fails(db, CRM_EDATA,
		     "{\"name\":\"A\",\"contacts\":[{\"name\":\"a\"},{\"name\":\"b\",\"email\":\"x\"}]}",
		     "line 1: field 'contacts[1].email': email 'x' does not look like an email "
		     "address");
	assert_fails(db, CRM_EDATA,
		     "{\"name\":\"A\",\"contacts\":[{\"name\":\"a\",\"phone\":\"call me\"}]}",
		     "field 'contacts[0].phone': phone 'call me' does not look like a phone");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"contacts\":[{\"role\":\"boss\"}]}",
		     "field 'contacts[0].name': missing");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"interactions\":[{\"text\":\"t\"}]}",
		     "field 'interactions[0].at': missing");
	assert_fails(db, CRM_EDATA,
		     "{\"name\":\"A\",\"interactions\":[{\"at\":\"2026-01-01\",\"text\":\"\"}]}",
		     "field 'interactions[0].text': empty text");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"next_actions\":[{\"text\":\"t\"}]}",
		     "field 'next_actions[0].due': missing");
	assert_fails(db, CRM_EDATA,
		     "{\"name\":\"A\",\"promises\":[{\"text\":\"t\",\"closed\":\"2026-01-01\"}]}",
		     "field 'promises[0].closed': a promise is open");
	assert_fails(db, CRM_EDATA,
		     "{\"name\":\"A\",\"contacts\":[{\"name\":\"a\",\"uuid\":\"" U2 "\"},"
		     "{\"name\":\"b\",\"uuid\":\"" U2 "\"}]}",
		     "field 'contacts[1].uuid': the same uuid as contacts[0]");
	assert_fails(db, CRM_EDATA, "{\"name\":\"A\",\"owner_uuid\":\"" UM "\"}",
		     "field 'owner_uuid': no manager with uuid");
}

/* A bad record anywhere: nothing of the file is written. */
static void test_all_or_nothing(void **state)
{
	struct crm_db *db = *state;
	struct crm_import_stats s;

	assert_int_equal(import_n(db, CRM_IMPORT_NDJSON,
				  "{\"name\":\"A\",\"owner\":\"New Manager\"}\n"
				  "\n"
				  "{\"name\":\"B\",\"contacts\":[{\"name\":\"b\"}]}\n"
				  "{\"name\":\"C\",\"tier\":\"gold\"}\n",
				  0, 0, &s),
			 CRM_EDATA);
	assert_string_equal(crm_db_errmsg(db),
			    "line 4: field 'tier': invalid tier 'gold' (vip, key, regular)");
	assert_int_equal(s.records, 0);
	assert_int_equal(q_int(db, "SELECT count(*) FROM client"), 0);
	assert_int_equal(q_int(db, "SELECT count(*) FROM manager"), 0);
	assert_int_equal(q_int(db, "SELECT count(*) FROM contact"), 0);
	assert_int_equal(q_int(db, "SELECT count(*) FROM journal"), 0);
	assert_int_equal(q_int(db, "SELECT count(*) FROM search"), 0);

	/* inside a command's transaction, the savepoint leaves earlier work */
	assert_int_equal(crm_tx_begin(db), CRM_OK);
	assert_int_equal(imp(db, "{\"name\":\"Kept\"}"), CRM_OK);
	assert_int_equal(imp(db, "{\"name\":\"Lost\"}\n{\"x\":1}"), CRM_EDATA);
	assert_int_equal(crm_tx_commit(db), CRM_OK);
	assert_string_equal(q_text(db, "SELECT group_concat(name) FROM client"), "Kept");
}

/* An empty input is most likely the wrong file: refused. */
static void test_empty_input(void **state)
{
	struct crm_db *db = *state;
	struct crm_import_stats s;

	assert_int_equal(import_n(db, CRM_IMPORT_NDJSON, "", 0, 0, &s), CRM_EDATA);
	assert_non_null(strstr(crm_db_errmsg(db), "no record in the input"));
	assert_int_equal(s.records, 0);
	assert_int_equal(import_n(db, CRM_IMPORT_NDJSON, "\n  \n", 0, 0, &s), CRM_EDATA);
	assert_int_equal(s.records, 0);
}

/* ---- owners and managers ----------------------------------------------------- */

static void test_owners(void **state)
{
	struct crm_db *db = *state;

	assert_int_equal(crmi_exec(db, "INSERT INTO manager(uuid, name, name_fold, capacity,"
				       " created) VALUES ('" UM "', 'Анна', 'анна', 10, 0)"),
			 CRM_OK);
	/* by uuid (the name is not used), by folded name, else created */
	assert_int_equal(imp(db, "{\"name\":\"A\",\"owner\":\"Other\",\"owner_uuid\":\"" UM "\"}\n"
				 "{\"name\":\"B\",\"owner\":\"АННА\"}\n"
				 "{\"name\":\"C\",\"owner\":\"Борис\"}\n"
				 "{\"name\":\"D\",\"owner\":\"борис\",\"owner_uuid\":\"" U3 "\"}\n"
				 "{\"name\":\"E\",\"owner\":null}\n"),
			 CRM_OK);
	assert_string_equal(q_text(db, "SELECT group_concat(c.name || ':' || ifnull(m.name, '-'),"
				       " ' ') FROM (SELECT * FROM client ORDER BY id) c"
				       " LEFT JOIN manager m ON m.id = c.owner_id"),
			    "A:Анна B:Анна C:Борис D:Борис E:-");
	assert_int_equal(q_int(db, "SELECT count(*) FROM manager"), 2);
	assert_int_equal(q_int(db, "SELECT count(*) FROM journal WHERE action = 'manager.import'"
				   " AND data LIKE '%Борис%'"), 1);
}

/* ---- --update ---------------------------------------------------------------- */

static void test_update_merges(void **state)
{
	struct crm_db *db = *state;
	struct crm_import_stats s;

	assert_int_equal(imp(db, "{\"uuid\":\"" U1 "\",\"name\":\"Acme\",\"tier\":\"key\","
				 "\"status\":\"active\",\"stage\":\"sale\",\"segment\":\"it\","
				 "\"note\":\"old note\",\"owner\":\"Анна\",\"value\":\"10\","
				 "\"created\":\"2025-01-01\",\"tags\":[\"a\"],"
				 "\"contacts\":[{\"uuid\":\"" U2 "\",\"name\":\"Bob\","
				 "\"email\":\"bob@acme.com\",\"key\":true},{\"name\":\"Carol\"}],"
				 "\"interactions\":[{\"kind\":\"order\",\"at\":\"2026-01-01\","
				 "\"text\":\"first\"}],"
				 "\"promises\":[{\"text\":\"p1\",\"created\":\"2026-01-01\"}],"
				 "\"next_actions\":[{\"text\":\"n1\",\"due\":\"2026-12-01\"}]}"),
			 CRM_OK);
	/* without --update the uuid is refused */
	assert_int_equal(import_n(db, CRM_IMPORT_NDJSON, "{\"uuid\":\"" U1 "\",\"name\":\"X\"}", 0,
				  0, &s),
			 CRM_EEXIST);
	assert_string_equal(crm_db_errmsg(db), "line 1: client uuid '" U1 "' already exists "
					       "(client 1 'Acme')");

	assert_int_equal(import_n(db, CRM_IMPORT_NDJSON,
				  "{\"id\":50,\"uuid\":\"" U1 "\",\"name\":\"Acme Corp\","
				  "\"stage\":\"storm\",\"segment\":null,\"tags\":[\"b\"],"
				  "\"contacts\":[{\"uuid\":\"" U2 "\",\"name\":\"Bob\","
				  "\"phone\":\"+1 555 0100\"},{\"name\":\"carol\",\"role\":\"cfo\"},"
				  "{\"name\":\"Dan\"}],"
				  "\"interactions\":[{\"kind\":\"order\",\"at\":\"2026-01-01\","
				  "\"text\":\"first\"},{\"kind\":\"order\",\"at\":\"2026-05-01\","
				  "\"text\":\"second\"}],"
				  "\"promises\":[{\"text\":\"p1\",\"created\":\"2026-01-01\"},"
				  "{\"text\":\"p1\",\"created\":\"2026-02-01\"}],"
				  "\"next_actions\":[{\"text\":\"n1\",\"due\":\"2026-12-01\"},"
				  "{\"text\":\"n2\",\"due\":\"2026-12-02\"}]}",
				  0, CRM_IMPORT_UPDATE, &s),
			 CRM_OK);
	assert_int_equal(s.updated, 1);
	assert_int_equal(s.added, 0);
	assert_int_equal(s.interactions, 1);
	assert_int_equal(s.promises, 1);
	assert_int_equal(s.next_actions, 1);
	/* flat fields given are replaced, the others kept; the id stays */
	assert_string_equal(q_text(db, "SELECT id || '|' || name || '|' || tier || '|' || status"
				       " || '|' || stage || '|' || ifnull(segment, '-') || '|' ||"
				       " note || '|' || value || '|' || tags FROM client"),
			    "1|Acme Corp|key|active|storm|-|old note|1000|[\"b\"]");
	/* the stage changed: stage_since is now; orders and last contact recomputed */
	assert_int_equal(q_int(db, "SELECT stage_since FROM client"), T0);
	assert_int_equal(q_int(db, "SELECT orders FROM client"), 2);
	assert_int_equal(q_int(db, "SELECT last_contact FROM client"), INT64_C(1777593600));
	assert_int_equal(q_int(db, "SELECT updated FROM client"), T0);
	/* contacts: by uuid (email kept, phone added), by folded name, new */
	assert_string_equal(q_text(db, "SELECT group_concat(name || ':' || ifnull(role, '-') ||"
				       " ':' || ifnull(phone, '-') || ':' || ifnull(email, '-') ||"
				       " ':' || is_key, ' ') FROM (SELECT * FROM contact ORDER BY id)"),
			    "Bob:-:+1 555 0100:bob@acme.com:1 carol:cfo:-:-:0 Dan:-:-:-:0");
	assert_int_equal(q_int(db, "SELECT count(*) FROM search WHERE search MATCH 'cfo'"), 1);
	assert_int_equal(q_int(db, "SELECT count(*) FROM search WHERE search MATCH 'corp'"), 1);
	assert_int_equal(q_int(db, "SELECT count(*) FROM interaction"), 2);
	assert_int_equal(q_int(db, "SELECT count(*) FROM promise"), 2);
	assert_int_equal(q_int(db, "SELECT count(*) FROM next_action"), 2);
	/* the owner is kept and assigned the new next action */
	assert_int_equal(q_int(db, "SELECT count(DISTINCT assignee_id) FROM next_action"), 1);
	assert_string_equal(q_text(db, "SELECT data FROM journal WHERE action = 'client.import'"
				       " ORDER BY id DESC LIMIT 1"),
			    "{\"uuid\":\"" U1 "\",\"name\":\"Acme Corp\",\"update\":true,"
			    "\"contacts\":3,\"interactions\":1,\"promises\":1,\"incidents\":0,"
			    "\"next_actions\":1}");
}

static void test_update_contact_elsewhere(void **state)
{
	struct crm_db *db = *state;
	struct crm_import_stats s;

	assert_int_equal(imp(db, "{\"uuid\":\"" U1 "\",\"name\":\"A\",\"contacts\":[{\"uuid\":\""
				 U2 "\",\"name\":\"c\"}]}\n"
				 "{\"uuid\":\"" U3 "\",\"name\":\"B\"}"),
			 CRM_OK);
	assert_int_equal(import_n(db, CRM_IMPORT_NDJSON,
				  "{\"uuid\":\"" U3 "\",\"contacts\":[{\"uuid\":\"" U2
				  "\",\"name\":\"c\"}]}",
				  0, CRM_IMPORT_UPDATE, &s),
			 CRM_EEXIST);
	assert_non_null(strstr(crm_db_errmsg(db), "field 'contacts[0].uuid': contact uuid '" U2
					       "' already exists (contact 1 of client 'A')"));
	/* a new client whose contact uuid is taken */
	assert_int_equal(imp(db, "{\"name\":\"C\",\"contacts\":[{\"uuid\":\"" U2
				 "\",\"name\":\"c\"}]}"),
			 CRM_EEXIST);
	/* a merge may leave out the name */
	assert_int_equal(import_n(db, CRM_IMPORT_NDJSON, "{\"uuid\":\"" U3 "\",\"tier\":\"vip\"}",
				  0, CRM_IMPORT_UPDATE, &s),
			 CRM_OK);
	assert_string_equal(q_text(db, "SELECT name || tier FROM client WHERE uuid = '" U3 "'"),
			    "Bvip");
}

/* ---- CSV reader ---------------------------------------------------------------- */

struct csv_case {
	struct crmi_csv *r;
	FILE *in;
	char *buf;
};

static void csv_open(struct csv_case *c, const char *text, size_t n)
{
	c->buf = malloc(n + 1);
	assert_non_null(c->buf);
	memcpy(c->buf, text, n);
	c->in = fmemopen(c->buf, n, "r");
	assert_non_null(c->in);
	assert_int_equal(crmi_csv_open(c->in, &c->r), CRM_OK);
}

static void csv_close(struct csv_case *c)
{
	crmi_csv_close(c->r);
	fclose(c->in);
	free(c->buf);
}

/* Reads every record as "f1|f2" lines with the line number: "1:a|b\n". */
static crm_status csv_all(const char *text, size_t n, char *out, size_t outlen)
{
	struct csv_case c;
	const char *const *f;
	size_t nf, used = 0;
	crm_status st;

	csv_open(&c, text, n ? n : strlen(text));
	out[0] = '\0';
	while ((st = crmi_csv_next(c.r, &f, &nf)) == CRM_OK) {
		used += (size_t)snprintf(out + used, outlen - used, "%lld:",
					 (long long)crmi_csv_line(c.r));
		for (size_t i = 0; i < nf; i++) {
			used += (size_t)snprintf(out + used, outlen - used, "%s%s", i ? "|" : "",
						 f[i]);
		}
		used += (size_t)snprintf(out + used, outlen - used, "\n");
	}
	if (st != CRM_DONE) {
		snprintf(out + used, outlen - used, "error %lld: %s", (long long)crmi_csv_line(c.r),
			 crmi_csv_errmsg(c.r));
	}
	/* after the end (or an error), the reader stays there */
	assert_int_equal(crmi_csv_next(c.r, &f, &nf), st);
	csv_close(&c);
	return st;
}

static void test_csv_reader(void **state)
{
	char out[1024];

	(void)state;
	assert_int_equal(csv_all("a,b,c\n1,2,3\n", 0, out, sizeof(out)), CRM_DONE);
	assert_string_equal(out, "1:a|b|c\n2:1|2|3\n");
	/* quotes, doubled quotes, commas and newlines inside quotes */
	assert_int_equal(csv_all("name,note\n\"Рога, копыта\",\"he said \"\"hi\"\"\nline 2\"\n"
				 "x,\"\"\n",
				 0, out, sizeof(out)),
			 CRM_DONE);
	assert_string_equal(out, "1:name|note\n2:Рога, копыта|he said \"hi\"\nline 2\n4:x|\n");
	/* CRLF, a BOM, no final newline, empty fields, empty lines skipped */
	assert_int_equal(csv_all("\xEF\xBB\xBF" "a,b\r\n\r\n,\r\n\n1,\"2\"", 0, out, sizeof(out)),
			 CRM_DONE);
	assert_string_equal(out, "1:a|b\n3:|\n5:1|2\n");
	/* a file that only starts like a BOM */
	assert_int_equal(csv_all("\xEF\xBF\xBD,x\n", 0, out, sizeof(out)), CRM_DONE);
	assert_string_equal(out, "1:\xEF\xBF\xBD|x\n");
	/* a CR inside quotes is data */
	assert_int_equal(csv_all("\"a\rb\"\n", 0, out, sizeof(out)), CRM_DONE);
	assert_string_equal(out, "1:a\rb\n");
	assert_int_equal(csv_all("", 0, out, sizeof(out)), CRM_DONE);
	assert_string_equal(out, "");
}

static void test_csv_reader_errors(void **state)
{
	char out[1024];

	(void)state;
	assert_int_equal(csv_all("a,b\n1,\"open\n2,3\n", 0, out, sizeof(out)), CRM_EDATA);
	assert_string_equal(out, "1:a|b\nerror 2: unterminated quoted field");
	assert_int_equal(csv_all("a,b\n1,\"x\"y\n", 0, out, sizeof(out)), CRM_EDATA);
	assert_string_equal(out, "1:a|b\nerror 2: text after a closing quote (a quote inside a "
				 "quoted field is written \"\")");
	assert_int_equal(csv_all("a,b\n1,x\"y\n", 0, out, sizeof(out)), CRM_EDATA);
	assert_true(strstr(out, "error 2: a quote inside an unquoted field") != NULL);
	assert_int_equal(csv_all("a,b\n\n1,x\0y\n", 11, out, sizeof(out)), CRM_EDATA);
	assert_string_equal(out, "1:a|b\nerror 3: a NUL byte");
	assert_int_equal(csv_all("a,b\n1,x\377\n", 0, out, sizeof(out)), CRM_EDATA);
	assert_non_null(strstr(out, "1:a|b\nerror 2: field 2 is not valid UTF-8 text"));
	assert_int_equal(csv_all("a,b\r1,2\n", 0, out, sizeof(out)), CRM_EDATA);
	assert_string_equal(out, "error 1: a carriage return outside quotes (not part of CRLF)");
}

/* ---- CSV import ---------------------------------------------------------------- */

static void test_csv_import(void **state)
{
	struct crm_db *db = *state;
	struct crm_import_stats s;

	assert_int_equal(import_n(db, CRM_IMPORT_CSV,
				  "name,tier,owner,contact_every,value,tags,uuid,contact_name,"
				  "contact_role,contact_phone,contact_email,note,kind,segment,"
				  "status,stage\r\n"
				  "\"ИП Иванов\",vip,Анна,30,\"1 234,50\",\"a; b;;a\"," U1 ","
				  "Иванов,owner,+7 900 000-00-00,ivanov@example.ru,\"multi\nline\","
				  "person,retail,active,honeymoon\r\n"
				  "Acme,,,,,,,,,,,,,,,\r\n",
				  0, 0, &s),
			 CRM_OK);
	assert_int_equal(s.records, 2);
	assert_int_equal(s.contacts, 1);
	assert_int_equal(s.managers, 1);
	assert_string_equal(q_text(db, "SELECT uuid || '|' || name || '|' || tier || '|' ||"
				       " contact_every || '|' || value || '|' || tags || '|' || note"
				       " || '|' || kind || '|' || segment || '|' || status || '|' ||"
				       " stage FROM client WHERE id = 1"),
			    U1 "|ИП Иванов|vip|30|123450|[\"a\",\"b\"]|multi\nline|person|retail|"
			       "active|honeymoon");
	assert_string_equal(q_text(db, "SELECT name || role || phone || email || is_key"
				       " FROM contact"),
			    "Ивановowner+7 900 000-00-00ivanov@example.ru1");
	assert_string_equal(q_text(db, "SELECT kind || tier || status || ifnull(owner_id, '-')"
				       " FROM client WHERE id = 2"),
			    "companyregularprospect-");
	/* only name is required as a column */
	assert_int_equal(imp_csv(db, "name\nSolo\n"), CRM_OK);
	assert_int_equal(q_int(db, "SELECT count(*) FROM client"), 3);
}

static void test_csv_import_errors(void **state)
{
	struct crm_db *db = *state;

	assert_int_equal(imp_csv(db, "name,tier,colour\nA,vip,red\n"), CRM_EDATA);
	assert_non_null(strstr(crm_db_errmsg(db), "line 1: unknown column 'colour' in the header"));
	assert_int_equal(imp_csv(db, "tier\nvip\n"), CRM_EDATA);
	assert_non_null(strstr(crm_db_errmsg(db), "line 1: no 'name' column"));
	assert_int_equal(imp_csv(db, "name,name\nA,B\n"), CRM_EDATA);
	assert_string_equal(crm_db_errmsg(db), "line 1: column 'name' twice in the header");
	assert_int_equal(imp_csv(db, ""), CRM_EDATA);
	assert_non_null(strstr(crm_db_errmsg(db), "line 1: no header row"));
	assert_int_equal(imp_csv(db, "name,tier\nA,vip\nB\n"), CRM_EDATA);
	assert_string_equal(crm_db_errmsg(db), "line 3: 1 fields where the header has 2");
	assert_int_equal(imp_csv(db, "name,tier\nA,vip\n\"B,gold\n"), CRM_EDATA);
	assert_string_equal(crm_db_errmsg(db), "line 3: unterminated quoted field");
	/* a quoted newline (in a note: a name is one line) counts as a line */
	assert_int_equal(imp_csv(db, "name,note,tier\nA,\"x\ny\",vip\nC,,gold\n"), CRM_EDATA);
	assert_string_equal(crm_db_errmsg(db),
			    "line 4: field 'tier': invalid tier 'gold' (vip, key, regular)");
	assert_int_equal(imp_csv(db, "name,tier\n,vip\n"), CRM_EDATA);
	assert_string_equal(crm_db_errmsg(db), "line 2: field 'name': empty: every client needs a "
					       "name");
	assert_int_equal(imp_csv(db, "name,contact_email\nA,a@b.c\n"), CRM_EDATA);
	assert_non_null(strstr(crm_db_errmsg(db), "line 2: field 'contact_name': empty"));
	assert_int_equal(imp_csv(db, "name,contact_name,contact_email\nA,B,nope\n"), CRM_EDATA);
	assert_non_null(strstr(crm_db_errmsg(db), "line 2: field 'contact_email': contact_email "
					       "'nope' does not look"));
	assert_int_equal(imp_csv(db, "name,value\nA,1.234\n"), CRM_EDATA);
	assert_non_null(strstr(crm_db_errmsg(db), "line 2: field 'value': invalid amount"));
	assert_int_equal(imp_csv(db, "name,contact_every\nA,weekly\n"), CRM_EDATA);
	assert_non_null(strstr(crm_db_errmsg(db), "line 2: field 'contact_every': expected a whole"));
	assert_int_equal(imp_csv(db, "name\nA\377\n"), CRM_EDATA);
	assert_non_null(strstr(crm_db_errmsg(db), "line 2: field 1 is not valid UTF-8 text"));
	assert_int_equal(q_int(db, "SELECT count(*) FROM client"), 0);
}

static void test_csv_update(void **state)
{
	struct crm_db *db = *state;
	struct crm_import_stats s;

	assert_int_equal(imp_csv(db, "uuid,name,tier,contact_name,contact_phone\n" U1
				     ",A,vip,Bob,+1 555 0100\n"),
			 CRM_OK);
	/* empty cells leave the stored values; the key contact is found by name */
	assert_int_equal(import_n(db, CRM_IMPORT_CSV,
				  "uuid,name,tier,note,contact_name,contact_email\n" U1
				  ",A2,,hello,bob,bob@a.com\n",
				  0, CRM_IMPORT_UPDATE, &s),
			 CRM_OK);
	assert_string_equal(q_text(db, "SELECT name || tier || note FROM client"), "A2viphello");
	assert_string_equal(q_text(db, "SELECT group_concat(name || phone || email) FROM contact"),
			    "bob+1 555 0100bob@a.com");
}

/* ---- progress and ids ---------------------------------------------------------- */

static void count_notify(void *data, const char *what, int64_t done, int64_t total)
{
	int64_t *calls = data;

	assert_string_equal(what, "import");
	assert_int_equal(total, 0);
	calls[0]++;
	calls[1] = done;
}

static void test_progress_and_ids(void **state)
{
	struct crm_db *db = *state;
	int64_t calls[2] = { 0, 0 };
	size_t cap = 2600 * 40, used = 0;
	char *text = malloc(cap);
	struct crm_id_iter *it;
	int64_t id, prev = 0, n = 0;
	crm_status st;

	assert_non_null(text);
	for (int i = 0; i < 2500; i++) {
		used += (size_t)snprintf(text + used, cap - used, "{\"id\":%d,\"name\":\"c%d\"}\n",
					 2500 - i, i);
	}
	crm_db_set_notify(db, count_notify, calls);
	assert_int_equal(imp(db, text), CRM_OK);
	free(text);
	assert_int_equal(calls[0], 3); /* at 1000, 2000 and the end */
	assert_int_equal(calls[1], 2500);
	assert_int_equal(crm_client_ids(db, &it), CRM_OK);
	while ((st = crm_id_iter_next(it, &id)) == CRM_OK) {
		assert_true(id > prev);
		prev = id;
		n++;
	}
	assert_int_equal(st, CRM_DONE);
	assert_int_equal(crm_id_iter_next(it, &id), CRM_DONE);
	crm_id_iter_destroy(it);
	crm_id_iter_destroy(NULL);
	crmi_csv_close(NULL);
	assert_int_equal(n, 2500);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_full_record, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_defaults, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_id_kept_when_free, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_id_of_deleted_not_reused, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_uuid_lowercased, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_unknown_key, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_key, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_trailing_garbage, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_nul_and_utf8, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_numbers, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_validators, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_dates, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_enums_and_checks, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_nested_errors, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_all_or_nothing, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_empty_input, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_owners, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_update_merges, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_update_contact_elsewhere, fixture_setup,
						fixture_teardown),
		cmocka_unit_test(test_csv_reader),
		cmocka_unit_test(test_csv_reader_errors),
		cmocka_unit_test_setup_teardown(test_csv_import, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_csv_import_errors, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_csv_update, fixture_setup, fixture_teardown),
		cmocka_unit_test_setup_teardown(test_progress_and_ids, fixture_setup,
						fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
