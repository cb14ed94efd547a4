/*
 * test-vcard.c: the vCard parser (unfolding, escapes, parameters of 4.0,
 * 3.0 and 2.1, quoted-printable and CHARSET, item groups, BDAY forms, the
 * preferred TEL and EMAIL, broken cards with their line) and the import
 * (add, update by uid, email and phone, nothing written on a refused card).
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

/* Parses text, which must succeed, into *v. */
static void parse_ok(const char *text, struct crm_vcards *v)
{
	struct crm_error err;
	crm_status st = crm_vcard_parse(text, strlen(text), v, &err);

	if (st != CRM_OK) {
		fail_msg("parse failed: %s", err.msg);
	}
}

/* Parses text (len bytes, 0: up to its NUL), which must fail with CRM_EDATA
 * and the message msg. */
static void parse_fails(const char *text, size_t len, const char *msg)
{
	struct crm_vcards v;
	struct crm_error err;

	assert_int_equal(crm_vcard_parse(text, len ? len : strlen(text), &v, &err), CRM_EDATA);
	assert_string_equal(err.msg, msg);
	assert_int_equal(v.n, 0);
	assert_null(v.cards);
	crm_vcards_release(&v);
}

static void test_unfold_and_escapes(void **state)
{
	struct crm_vcards v;
	const char *text =
		"BEGIN:VCARD\r\n"
		"VERSION:4.0\r\n"
		"FN:Иванов Пётр \r\n"
		" Серге\r\n"
		"\tевич\r\n"
		"NOTE:a\\, b\\; c\\nd\\\\e\\Nf\r\n"
		"TITLE:Директор\\, главный\r\n"
		"END:VCARD\r\n";

	(void)state;
	parse_ok(text, &v);
	assert_int_equal(v.n, 1);
	assert_int_equal(v.cards[0].line, 1);
	assert_string_equal(v.cards[0].name, "Иванов Пётр Сергеевич");
	assert_string_equal(v.cards[0].note, "a, b; c\nd\\e\nf");
	assert_string_equal(v.cards[0].position, "Директор, главный");
	assert_null(v.cards[0].first_name);
	assert_null(v.cards[0].phone);
	assert_int_equal(v.cards[0].key, -1);
	assert_false(v.cards[0].has_interests);
	crm_vcards_release(&v);
}

static void test_n_parts(void **state)
{
	struct crm_vcards v;

	(void)state;
	/* N's parts; a name from N when FN is missing (given additional family) */
	parse_ok("BEGIN:VCARD\nVERSION:3.0\nN:Смирнова;Ольга;Игоревна;;\nEND:VCARD\n"
		 "BEGIN:VCARD\nVERSION:4.0\nFN:Охрана\nN:Охрана;;;;\nEND:VCARD\n"
		 "BEGIN:VCARD\nVERSION:4.0\nFN:Охрана\nN:Охрана;Иван;;;\nEND:VCARD\n",
		 &v);
	assert_int_equal(v.n, 3);
	assert_string_equal(v.cards[0].name, "Ольга Игоревна Смирнова");
	assert_string_equal(v.cards[0].first_name, "Ольга");
	assert_string_equal(v.cards[0].patronymic, "Игоревна");
	assert_string_equal(v.cards[0].last_name, "Смирнова");
	/* N that only repeats FN in the family part: no parts (crm's own form) */
	assert_null(v.cards[1].last_name);
	assert_null(v.cards[1].first_name);
	assert_int_equal(v.cards[1].line, 5);
	/* a given name too: parts */
	assert_string_equal(v.cards[2].last_name, "Охрана");
	assert_string_equal(v.cards[2].first_name, "Иван");
	assert_null(v.cards[2].patronymic);
	crm_vcards_release(&v);
}

static void test_params_and_pref(void **state)
{
	struct crm_vcards v;

	(void)state;
	parse_ok("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A\r\n"
		 "TEL;type=WORK;type=VOICE:+7 495 1\r\n"
		 "item1.TEL;type=CELL;type=VOICE;type=pref:+7 916 2\r\n"
		 "item1.X-ABLabel:_$!<Mobile>!$_\r\n"
		 "EMAIL;TYPE=\"internet,work\":a@b.ru\r\n"
		 "END:VCARD\r\n"
		 "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:B\r\n"
		 "TEL;VALUE=uri;PREF=2:tel:+7-495-1\r\n"
		 "TEL;VALUE=uri;PREF=1:tel:+7-916-2\r\n"
		 "TEL;VALUE=uri:tel:+7-903-3\r\n"
		 "EMAIL:first@b.ru\r\nEMAIL;PREF=1:pref@b.ru\r\n"
		 "END:VCARD\r\n"
		 "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:C\r\n"
		 "TEL;WORK:+7 495 1\r\nTEL;CELL;PREF:+7 916 2\r\n"
		 "EMAIL;INTERNET:c@b.ru\r\n"
		 "END:VCARD\r\n"
		 "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:D\r\n"
		 "TEL:+7\xC2\xA0(916)\xE2\x80\xAF" "555\xE2\x80\x91" "12\xE2\x88\x92" "34\r\n"
		 "END:VCARD\r\n",
		 &v);
	assert_int_equal(v.n, 4);
	/* the no-break space and hyphen, the narrow space, the minus of an address book */
	assert_string_equal(v.cards[3].phone, "+7 (916) 555-12-34");
	assert_string_equal(v.cards[0].phone, "+7 916 2");
	assert_string_equal(v.cards[0].email, "a@b.ru");
	assert_string_equal(v.cards[1].phone, "+7-916-2");
	assert_string_equal(v.cards[1].email, "pref@b.ru");
	assert_string_equal(v.cards[2].phone, "+7 916 2");
	assert_string_equal(v.cards[2].email, "c@b.ru");
	crm_vcards_release(&v);
}

static void test_quoted_printable(void **state)
{
	struct crm_vcards v;

	(void)state;
	/* Android's 2.1: UTF-8 in quoted-printable, a soft line break inside
	 * a character's bytes, and a base64 photo with its blank line */
	parse_ok("BEGIN:VCARD\r\nVERSION:2.1\r\n"
		 "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=9F=D0=B5=D1=82=D1=80=D0=BE=D0=B2;"
		 "=D0=98=D0=B2=D0=B0=D0=BD;;;\r\n"
		 "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=D0=98=D0=B2=D0=B0=D0=BD =D0=9F=D0=\r\n"
		 "=B5=D1=82=D1=80=D0=BE=D0=B2\r\n"
		 "PHOTO;ENCODING=BASE64;JPEG:/9j/4AAQ\r\n"
		 "  SkZJRgABAQ\r\n"
		 "\r\n"
		 "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=windows-1251:=CF=F0=E8=E2=E5=F2\r\n"
		 "END:VCARD\r\n",
		 &v);
	assert_int_equal(v.n, 1);
	assert_string_equal(v.cards[0].name, "Иван Петров");
	assert_string_equal(v.cards[0].last_name, "Петров");
	assert_string_equal(v.cards[0].first_name, "Иван");
	assert_string_equal(v.cards[0].note, "Привет");
	crm_vcards_release(&v);
}

static void test_bday_forms(void **state)
{
	static const struct {
		const char *line, *want;
	} cases[] = {
		{ "BDAY:19700512", "1970-05-12" },
		{ "BDAY:1970-05-12", "1970-05-12" },
		{ "BDAY;VALUE=DATE:19800229", "1980-02-29" },
		{ "BDAY:--0512", "--05-12" },
		{ "BDAY:--05-12", "--05-12" },
		{ "BDAY:1970-05-12T00:00:00Z", "1970-05-12" },
		{ "BDAY;X-APPLE-OMIT-YEAR=1604:1604-03-08", "--03-08" },
		{ "BDAY;VALUE=text:circa 1800", NULL },
	};
	char text[200];
	struct crm_vcards v;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(text, sizeof(text), "BEGIN:VCARD\nVERSION:4.0\nFN:A\n%s\nEND:VCARD\n",
			 cases[i].line);
		parse_ok(text, &v);
		if (cases[i].want) {
			assert_string_equal(v.cards[0].birthday, cases[i].want);
		} else {
			assert_null(v.cards[0].birthday);
		}
		crm_vcards_release(&v);
	}
	/* 29 February without a leap year, a 13th month, a day 0: refused */
	parse_fails("BEGIN:VCARD\nVERSION:4.0\nFN:A\nBDAY:19810229\nEND:VCARD\n", 0,
		    "line 4: invalid BDAY '19810229': expected 19700512, 1970-05-12 or --0512");
	parse_fails("BEGIN:VCARD\nVERSION:4.0\nFN:A\nBDAY:--1301\nEND:VCARD\n", 0,
		    "line 4: invalid BDAY '--1301': expected 19700512, 1970-05-12 or --0512");
	parse_fails("BEGIN:VCARD\nVERSION:4.0\nFN:A\nBDAY:19700500\nEND:VCARD\n", 0,
		    "line 4: invalid BDAY '19700500': expected 19700512, 1970-05-12 or --0512");
}

static void test_crm_properties(void **state)
{
	struct crm_vcards v;

	(void)state;
	parse_ok("BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e\r\n"
		 "FN:A\r\nGENDER:F\r\nROLE:ЛПР\r\nORG:Рога и копыта\\; ООО;Отдел\r\n"
		 "ADR;TYPE=work:;;ул. Тверская\\, 1;Москва;;125009;\r\n"
		 "X-CRM-KEY:TRUE\r\nX-CRM-INTERESTS:рыбалка,шахматы\\, го\r\n"
		 "X-CRM-PREFERRED:email\r\nX-CRM-MESSENGER:telegram @a\r\n"
		 "X-CRM-ADDRESS-AS:Анна Петровна\r\nX-CRM-VERIFIED:2026-11-20\r\n"
		 "X-CRM-LEFT:2026-11-21\r\nX-CRM-SUCCESSOR:urn:uuid:7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d\r\n"
		 "END:VCARD\r\n",
		 &v);
	assert_string_equal(v.cards[0].uid, "6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e");
	assert_string_equal(v.cards[0].gender, "f");
	assert_string_equal(v.cards[0].role, "ЛПР");
	assert_string_equal(v.cards[0].org, "Рога и копыта; ООО");
	assert_string_equal(v.cards[0].address, "ул. Тверская, 1, Москва, 125009");
	assert_int_equal(v.cards[0].key, 1);
	assert_true(v.cards[0].has_interests);
	assert_int_equal(v.cards[0].ninterests, 2);
	assert_string_equal(v.cards[0].interests[0], "рыбалка");
	assert_string_equal(v.cards[0].interests[1], "шахматы, го");
	assert_string_equal(v.cards[0].preferred, "email");
	assert_string_equal(v.cards[0].messenger, "telegram @a");
	assert_string_equal(v.cards[0].address_as, "Анна Петровна");
	assert_string_equal(v.cards[0].verified, "2026-11-20");
	assert_string_equal(v.cards[0].left, "2026-11-21");
	assert_string_equal(v.cards[0].successor, "7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d");
	crm_vcards_release(&v);
}

static void test_broken(void **state)
{
	static const char bad_utf8[] = "BEGIN:VCARD\nVERSION:4.0\nFN:\xD0\nEND:VCARD\n";
	static const char nul[] = "BEGIN:VCARD\nFN\0:A\nEND:VCARD\n";

	(void)state;
	parse_fails("BEGIN:VCARD\nVERSION:4.0\nFN:A\n", 0,
		    "line 1: the card begun here has no END:VCARD");
	parse_fails("BEGIN:VCARD\nVERSION:4.0\nFN:A\nEND:VCARD\nBEGIN:VCARD\nTEL:1\nEND:VCARD\n",
		    0, "line 5: card has no FN and no N: a contact needs a name");
	parse_fails("BEGIN:VCARD\nFN:A\nno colon here\nEND:VCARD\n", 0,
		    "line 3: not a vCard property: 'no colon here'");
	parse_fails("BEGIN:VCARD\nFN;TYPE=x\nEND:VCARD\n", 0,
		    "line 2: property FN has no ':' before its value");
	parse_fails("BEGIN:VCARD\nFN;TYPE=\"x:A\nEND:VCARD\n", 0,
		    "line 2: unterminated quote in property FN");
	parse_fails(bad_utf8, sizeof(bad_utf8) - 1, "line 3: property FN is not valid UTF-8 text");
	parse_fails("FN:A\n", 0, "line 1: property FN outside a card: BEGIN:VCARD is missing");
	parse_fails("BEGIN:VCARD\nFN:A\nBEGIN:VCARD\nEND:VCARD\n", 0,
		    "line 3: BEGIN inside the card begun at line 1: END:VCARD is missing");
	parse_fails("BEGIN:VCARD\nVERSION:5.0\nFN:A\nEND:VCARD\n", 0,
		    "line 2: unknown vCard version '5.0' (4.0, 3.0 or 2.1)");
	parse_fails("BEGIN:VCARD\nFN:A\nX-CRM-KEY:yes\nEND:VCARD\n", 0,
		    "line 3: invalid X-CRM-KEY 'yes' (TRUE or FALSE)");
	parse_fails(" FN:A\n", 0, "line 1: a folded line continues no property");
	parse_fails("BEGIN:VCARD\nFN;CHARSET=klingon:A\nEND:VCARD\n", 0,
		    "line 2: unknown CHARSET 'klingon' in property FN");
	parse_fails(nul, sizeof(nul) - 1, "line 2: a NUL byte in the line");
}

static void test_empty_input(void **state)
{
	struct crm_vcards v;

	(void)state;
	parse_ok("", &v);
	assert_int_equal(v.n, 0);
	crm_vcards_release(&v);
	parse_ok("\xEF\xBB\xBF\r\n\r\n", &v);
	assert_int_equal(v.n, 0);
	crm_vcards_release(&v);
	crm_vcards_release(NULL);
}

/* ---- import ---------------------------------------------------------------- */

static int64_t new_client(struct crm_db *db, const char *name)
{
	sql_execf(db,
		  "INSERT INTO client(uuid, name, name_fold, stage_since, created, updated)"
		  " VALUES (lower(hex(randomblob(4))) || '-0000-4000-8000-000000000000', %Q, %Q,"
		  " 0, 0, 0)",
		  name, name);
	return sql_int(db, "SELECT max(id) FROM client");
}

static void import_text(struct crm_db *db, int64_t client, const char *text,
			struct crm_vcard_stats *stats, crm_status want)
{
	struct crm_vcards v;

	parse_ok(text, &v);
	assert_int_equal(crm_vcard_import(db, client, &v, stats), want);
	crm_vcards_release(&v);
}

static void test_import_add_and_match(void **state)
{
	struct crm_db *db = *state;
	int64_t acme = new_client(db, "Acme"), beta = new_client(db, "Beta");
	struct crm_vcard_stats s;
	char *text;

	import_text(db, acme,
		    "BEGIN:VCARD\nVERSION:4.0\nUID:urn:uuid:6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e\n"
		    "FN:Иван\nEMAIL:ivan@acme.ru\nX-CRM-KEY:TRUE\nX-CRM-INTERESTS:a,b\nEND:VCARD\n"
		    "BEGIN:VCARD\nVERSION:3.0\nFN:Пётр\nTEL:+7 (495) 111-22-33\nEND:VCARD\n",
		    &s, CRM_OK);
	assert_int_equal(s.added, 2);
	assert_int_equal(s.updated, 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal WHERE action = 'contact.add'"), 2);
	text = sql_text(db, "SELECT name || '|' || is_key || '|' || interests FROM contact"
			    " WHERE uuid = '6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e'");
	assert_string_equal(text, "Иван|1|[\"a\",\"b\"]");
	free(text);

	/* by uid: the name; by email in other letters; by phone digits */
	import_text(db, acme,
		    "BEGIN:VCARD\nVERSION:4.0\nUID:urn:uuid:6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e\n"
		    "FN:Иван Иванов\nX-CRM-INTERESTS:b,c\nEND:VCARD\n"
		    "BEGIN:VCARD\nVERSION:4.0\nFN:Иван И.\nEMAIL:IVAN@acme.ru\nTITLE:CEO\nEND:VCARD\n"
		    "BEGIN:VCARD\nVERSION:4.0\nFN:Пётр\nTEL:tel:+7-495-111-22-33\nEND:VCARD\n"
		    "BEGIN:VCARD\nVERSION:4.0\nFN:Новый\nTEL:+7 495 999-00-00\nEND:VCARD\n",
		    &s, CRM_OK);
	assert_int_equal(s.added, 1);
	assert_int_equal(s.updated, 3);
	assert_int_equal(s.unchanged, 0);
	text = sql_text(db, "SELECT name || '|' || position || '|' || email || '|' || interests"
			    " FROM contact WHERE uuid = '6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e'");
	assert_string_equal(text, "Иван И.|CEO|ivan@acme.ru|[\"b\",\"c\"]");
	free(text);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM contact WHERE client_id = 1"), 3);

	/* the same card again: unchanged, nothing journaled */
	int64_t before = sql_int(db, "SELECT count(*) FROM journal");
	import_text(db, acme, "BEGIN:VCARD\nVERSION:4.0\nFN:Пётр\nTEL:+7-495-111-22-33\nEND:VCARD\n",
		    &s, CRM_OK);
	assert_int_equal(s.unchanged, 1);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal"), before);

	/* another client: the uid of Acme's contact is refused, nothing written */
	import_text(db, beta,
		    "BEGIN:VCARD\nVERSION:4.0\nFN:Другой\nEND:VCARD\n"
		    "BEGIN:VCARD\nVERSION:4.0\nUID:urn:uuid:6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e\n"
		    "FN:Иван\nEND:VCARD\n",
		    &s, CRM_ECONFLICT);
	assert_string_equal(crm_db_errmsg(db), "card at line 5: UID 6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e"
					       " is a contact of another client");
	assert_int_equal(s.added, 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM contact WHERE client_id = 2"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal"), before);
}

static void test_import_refused_card(void **state)
{
	struct crm_db *db = *state;
	int64_t acme = new_client(db, "Acme");
	struct crm_vcard_stats s;

	/* the second card's email is no email: the first is not kept either */
	import_text(db, acme,
		    "BEGIN:VCARD\nVERSION:4.0\nFN:Хороший\nEND:VCARD\n"
		    "BEGIN:VCARD\nVERSION:4.0\nFN:Плохой\nEMAIL:не почта\nEND:VCARD\n",
		    &s, CRM_EDATA);
	assert_non_null(strstr(crm_db_errmsg(db), "card at line 5: "));
	assert_int_equal(sql_int(db, "SELECT count(*) FROM contact"), 0);
	assert_int_equal(sql_int(db, "SELECT count(*) FROM journal WHERE action LIKE 'contact.%'"), 0);
	/* an unknown client */
	import_text(db, 99, "BEGIN:VCARD\nVERSION:4.0\nFN:Кто-то\nEND:VCARD\n", &s, CRM_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unfold_and_escapes),
		cmocka_unit_test(test_n_parts),
		cmocka_unit_test(test_params_and_pref),
		cmocka_unit_test(test_quoted_printable),
		cmocka_unit_test(test_bday_forms),
		cmocka_unit_test(test_crm_properties),
		cmocka_unit_test(test_broken),
		cmocka_unit_test(test_empty_input),
		cmocka_unit_test_setup_teardown(test_import_add_and_match, fixture_setup,
						fixture_teardown),
		cmocka_unit_test_setup_teardown(test_import_refused_card, fixture_setup,
						fixture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
