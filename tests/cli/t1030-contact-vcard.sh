#!/bin/sh
# t1030-contact-vcard: crm contact export (vCard 4.0) and crm contact import
# (4.0, 3.0 and 2.1 cards): the lossless round trip, the form of the lines,
# Debian's python3-vobject reading what crm writes, the cards of Android,
# iOS and Thunderbird, updates by uid, email and phone, and what broken
# cards and bad arguments get.
. "$SRCDIR/tests/cli/lib.sh"

DATA=$SRCDIR/tests/data/vcard
PY=/usr/bin/python3

crm init >/dev/null 2>&1
crm manager add Анна >/dev/null
crm client add 'Рога и копыта' >/dev/null
crm client add Acme >/dev/null

contacts() {
	"$SQLX" "$CRM_DB" "SELECT count(*) FROM contact"
}
entries() {
	"$SQLX" "$CRM_DB" "SELECT count(*) FROM journal"
}

# ---- the round trip ---------------------------------------------------------

# crm.vcf is crm's own export of three contacts: every field, a note with
# commas, semicolons, new lines and a backslash, long Cyrillic lines folded.
test_ok 'import adds the cards, says so on stderr, prints nothing' '
	expect_code 0 crm contact import "Рога и копыта" "$DATA/crm.vcf" &&
	test_empty out &&
	test_file_is err "3 added, 0 updated, 0 unchanged" &&
	test "$(contacts)" = 3 &&
	test "$("$SQLX" "$CRM_DB" "SELECT count(*) FROM journal WHERE action = '\''contact.add'\''")" = 3
'

test_ok 'the fields arrive as stored values' '
	"$SQLX" "$CRM_DB" "SELECT name, first_name, patronymic, last_name, gender, position, role,
		phone, email, address, birthday, preferred, messenger, address_as, interests, is_key
		FROM contact WHERE uuid = '\''6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e'\''" >got &&
	test_file_is got "Иванов Пётр Сергеевич|Пётр|Сергеевич|Иванов|m|Заместитель генерального директора по развитию региональных продаж и связям с общественностью|ЛПР, подписывает договоры|+7 (495) 123-45-67|p.ivanov@roga.ru|Москва, ул. Тверская, д. 1; офис 5|1970-05-12|phone|telegram @p_ivanov|Пётр Сергеевич|[\"рыбалка\",\"шахматы, го\",\"театр\"]|1" &&
	"$SQLX" "$CRM_DB" "SELECT note FROM contact WHERE uuid = '\''6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e'\''" >got &&
	test_file_is got "Любит рыбалку, шахматы; не звонить до 10:00.
По пятницам — только почта.
Обратная косая черта: \\ и всё." &&
	"$SQLX" "$CRM_DB" "SELECT name, CAST(first_name IS NULL AS INTEGER), CAST(last_name IS NULL AS INTEGER), birthday
		FROM contact ORDER BY id" >got &&
	test_file_is got "Иванов Пётр Сергеевич|0|0|1970-05-12
Охрана на проходной|1|1|
Смирнова Ольга|0|0|--03-08"
'

test_ok 'export gives back the same bytes' '
	expect_code 0 crm contact export "Рога и копыта" &&
	test_empty err &&
	cmp out "$DATA/crm.vcf" &&
	expect_code 0 crm contact export &&
	cmp out "$DATA/crm.vcf" &&
	cp out first.vcf
'

test_ok 'export -> import into an empty base -> export is byte-identical' '
	CRM_DB=$PWD/other.db crm init >/dev/null 2>&1 &&
	CRM_DB=$PWD/other.db crm client add "Рога и копыта" >/dev/null &&
	CRM_DB=$PWD/other.db crm contact import "Рога и копыта" first.vcf 2>err &&
	test_file_is err "3 added, 0 updated, 0 unchanged" &&
	CRM_DB=$PWD/other.db crm contact export >second.vcf &&
	cmp first.vcf second.vcf
'

test_ok 'lines end in CRLF, hold at most 75 octets, never split a character' '
	$PY - first.vcf <<-\EOF
	import sys
	data = open(sys.argv[1], "rb").read()
	assert data.endswith(b"\r\n"), "no CRLF at the end"
	lines = data[:-2].split(b"\r\n")
	assert all(b"\n" not in l and b"\r" not in l for l in lines), "a bare LF or CR"
	assert max(len(l) for l in lines) == 75, max(len(l) for l in lines)
	folded = [l for l in lines if l.startswith(b" ")]
	assert len(folded) >= 4, folded
	for l in lines:
	    l.decode("utf-8")  # a cut inside a character fails here
	# a fold between two Cyrillic letters: "рег" | "иональных"
	assert any(l[1:2] >= b"\xd0" for l in folded), "no fold inside Cyrillic text"
	EOF
'

test_ok 'python3-vobject reads every card, with the values crm stored' '
	$PY - first.vcf "$CRM_DB" <<-\EOF
	import sqlite3, subprocess, sys, vobject
	SQL = ("SELECT name, first_name, patronymic, last_name, phone, email,"
	       " position, birthday, note, role, address FROM contact WHERE uuid = ")
	def fetch(uuid):
	    if not sys.argv[2].startswith("postgresql:"):
	        return sqlite3.connect(sys.argv[2]).execute(SQL + "?", (uuid,)).fetchone()
	    # the base on the server: psql, fields apart by US, NULL as RS
	    assert all(ch in "0123456789abcdef-" for ch in uuid), uuid
	    out = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\x1f", "-P", "null=\x1e",
	                          "-v", "ON_ERROR_STOP=1", "-d", sys.argv[2],
	                          "-c", SQL + chr(39) + uuid + chr(39)],
	                         check=True, capture_output=True, text=True).stdout
	    if not out:
	        return None
	    return [None if v == "\x1e" else v for v in out[:-1].split("\x1f")]
	cards = list(vobject.readComponents(open(sys.argv[1], encoding="utf-8").read()))
	assert len(cards) == 3, len(cards)
	for c in cards:
	    uid = c.uid.value
	    assert uid.startswith("urn:uuid:"), uid
	    row = fetch(uid[9:])
	    assert row, uid
	    name, first, patr, last, phone, email, position, bday, note, role, adr = row
	    assert c.version.value == "4.0"
	    assert c.fn.value == name, (c.fn.value, name)
	    assert c.org.value == ["Рога и копыта"], c.org.value
	    if first or last:
	        assert (c.n.value.family, c.n.value.given, c.n.value.additional) == \
	            (last or "", first or "", patr or ""), c.n.value
	    else:
	        assert c.n.value.family == name
	    assert getattr(c, "tel", None) is None and phone is None or c.tel.value == phone
	    assert getattr(c, "email", None) is None and email is None or c.email.value == email
	    assert getattr(c, "title", None) is None and position is None or c.title.value == position
	    assert getattr(c, "role", None) is None and role is None or c.role.value == role
	    assert getattr(c, "note", None) is None and note is None or c.note.value == note
	    assert getattr(c, "adr", None) is None and adr is None or c.adr.value.street == adr
	    if bday:
	        want = bday.replace("-", "") if bday[0] != "-" else "--" + bday[2:].replace("-", "")
	        assert c.bday.value == want, (c.bday.value, want)
	    assert c.rev.value == "20261122T100000Z"
	EOF
'

test_ok 'a second import of the same file changes nothing and journals nothing' '
	before=$(entries) &&
	expect_code 0 crm contact import "Рога и копыта" first.vcf &&
	test_file_is err "0 added, 0 updated, 3 unchanged" &&
	test "$(entries)" = "$before" &&
	test "$(contacts)" = 3
'

test_ok 'import from stdin (-), and --dry-run counts but writes nothing' '
	before=$(entries) &&
	sed "s/^FN:Смирнова Ольга/FN:Смирнова Ольга Петровна/" first.vcf >changed.vcf &&
	crm contact import --dry-run "Рога и копыта" - <changed.vcf >out 2>err &&
	test_empty out &&
	test_file_is err "dry run, nothing written: 0 added, 1 updated, 2 unchanged" &&
	test "$(entries)" = "$before" &&
	test "$("$SQLX" "$CRM_DB" "SELECT count(*) FROM contact WHERE name = '\''Смирнова Ольга'\''")" = 1 &&
	crm contact import "Рога и копыта" - <changed.vcf 2>err &&
	test_file_is err "0 added, 1 updated, 2 unchanged" &&
	test "$(entries)" = "$((before + 1))" &&
	"$SQLX" "$CRM_DB" "SELECT action, data FROM journal ORDER BY id DESC LIMIT 1" >got &&
	test_grep "contact.edit|" got &&
	test_grep "\"name\":{\"old\":\"Смирнова Ольга\",\"new\":\"Смирнова Ольга Петровна\"}" got
'

# ---- matching: uid, then email, then phone ------------------------------

test_ok 'a card without UID updates the contact of the same email' '
	printf "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ольга Смирнова\r\nEMAIL;TYPE=INTERNET:O.Smirnova@roga.ru\r\nTITLE:Финансовый директор\r\nEND:VCARD\r\n" >mail.vcf &&
	expect_code 0 crm contact import "Рога и копыта" mail.vcf &&
	test_file_is err "0 added, 1 updated, 0 unchanged" &&
	"$SQLX" "$CRM_DB" "SELECT name, position, email FROM contact WHERE uuid = '\''7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d'\''" >got &&
	test_file_is got "Ольга Смирнова|Финансовый директор|o.smirnova@roga.ru" &&
	test "$(contacts)" = 3
'

test_ok '... and one with the same phone digits, written otherwise, the same' '
	printf "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Охрана\r\nTEL;VALUE=uri:tel:+7-495-000-00-01\r\nEND:VCARD\r\n" >tel.vcf &&
	expect_code 0 crm contact import "Рога и копыта" tel.vcf &&
	test_file_is err "0 added, 1 updated, 0 unchanged" &&
	"$SQLX" "$CRM_DB" "SELECT name, phone FROM contact WHERE uuid = '\''0b1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e'\''" >got &&
	test_file_is got "Охрана|+7-495-000-00-01"
'

test_ok 'matching looks at the named client only: the same card at Acme is new' '
	expect_code 0 crm contact import Acme tel.vcf &&
	test_file_is err "1 added, 0 updated, 0 unchanged" &&
	test "$(contacts)" = 4
'

test_ok 'a UID of a contact of another client is refused (4), nothing written' '
	before=$(entries) &&
	expect_code 4 crm contact import Acme first.vcf &&
	test_grep "card at line 1: UID 6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e is a contact of another client" err &&
	test_grep "nothing was imported" err &&
	test "$(entries)" = "$before" &&
	test "$(contacts)" = 4
'

# ---- the cards of phones and mail clients ------------------------------------

test_ok 'Android (2.1 quoted-printable, 3.0 item groups)' '
	crm client add Android >/dev/null &&
	expect_code 0 crm contact import Android "$DATA/android.vcf" &&
	test_file_is err "2 added, 0 updated, 0 unchanged" &&
	"$SQLX" "$CRM_DB" "SELECT c.name, first_name, patronymic, last_name, phone, email, position,
		birthday, c.note FROM contact c JOIN client k ON k.id = c.client_id
		WHERE k.name = '\''Android'\'' ORDER BY c.id" >got &&
	test_file_is got "Иван Андреевич Петров|Иван|Андреевич|Петров|+7-916-111-22-33|i.petrov@roga.ru|Начальник отдела снабжения|1975-10-03|Звонить после 11:00, любит хоккей
Анна Сидорова|Анна||Сидорова|+7 903 444-55-66|anna@example.ru|||"
'

test_ok 'iOS (3.0, type=pref, item1.TEL, X-ABLabel, a birthday without a year)' '
	crm client add iOS >/dev/null &&
	expect_code 0 crm contact import iOS "$DATA/ios.vcf" &&
	test_file_is err "1 added, 0 updated, 0 unchanged" &&
	"$SQLX" "$CRM_DB" "SELECT c.name, first_name, patronymic, last_name, phone, email, position,
		birthday, address FROM contact c JOIN client k ON k.id = c.client_id
		WHERE k.name = '\''iOS'\''" >got &&
	test_file_is got "Ольга Игоревна Смирнова|Ольга|Игоревна|Смирнова|+7 (916) 555-12-34|o.smirnova@roga.ru|Главный бухгалтер|--03-08|ул. Тверская, д. 1, Москва, 125009, Россия" &&
	"$SQLX" "$CRM_DB" "SELECT note FROM contact WHERE name = '\''Ольга Игоревна Смирнова'\''" >got &&
	test_file_is got "Любит театр; дочь учится в МГУ
Не звонить в пятницу после обеда, предпочитает письма"
'

test_ok 'Thunderbird (4.0, PREF=1, LF line ends, its uuid kept)' '
	crm client add Thunderbird >/dev/null &&
	expect_code 0 crm contact import Thunderbird "$DATA/thunderbird.vcf" &&
	test_file_is err "1 added, 0 updated, 0 unchanged" &&
	"$SQLX" "$CRM_DB" "SELECT c.uuid, c.name, last_name, phone, email, position, birthday,
		address FROM contact c JOIN client k ON k.id = c.client_id
		WHERE k.name = '\''Thunderbird'\''" >got &&
	test_file_is got "2c9d8a0e-5b7f-4c1a-9e3d-7f0a1b2c3d4e|Алексей Кузнецов|Кузнецов|+7 921 000-33-44|a.kuznetsov@example.ru|Инженер-технолог|1980-02-29|Невский пр., 28, Санкт-Петербург, 191186, Россия"
'

# ---- broken cards: exit 65, the line, nothing written --------------------------

card_ok='BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Хороший\r\nEND:VCARD\r\n'

# broken DESC MESSAGE CARD: CARD (a printf format) after a good card
broken() {
	B_MSG=$2
	B_CARD=$card_ok$3
	test_ok "a broken card: $1 (65, its line, nothing written)" '
		before=$(entries) && n=$(contacts) &&
		printf "$B_CARD" >broken.vcf &&
		expect_code 65 crm contact import Acme broken.vcf &&
		test_empty out &&
		test_grep "broken.vcf: line $B_MSG" err &&
		test_grep "nothing was imported" err &&
		test "$(entries)" = "$before" && test "$(contacts)" = "$n"
	'
}
broken 'no END:VCARD' '5: the card begun here has no END:VCARD' \
	'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Без конца\r\n'
broken 'no FN and no N' '5: card has no FN and no N' \
	'BEGIN:VCARD\r\nVERSION:4.0\r\nTEL:+7 495 000-00-00\r\nEND:VCARD\r\n'
broken 'a line that is no property' '8: not a vCard property' \
	'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Кто-то\r\nэто не свойство\r\nEND:VCARD\r\n'
broken 'a property without a colon' '8: property NOTE has no' \
	'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Кто-то\r\nNOTE;TYPE=x\r\nEND:VCARD\r\n'
broken 'invalid UTF-8' '7: property FN is not valid UTF-8 text' \
	'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:\320\r\nEND:VCARD\r\n'
broken 'a day that does not exist' "8: invalid BDAY '19700230'" \
	'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Кто-то\r\nBDAY:19700230\r\nEND:VCARD\r\n'
broken 'a BDAY in no known form' "8: invalid BDAY '12.05.1970'" \
	'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Кто-то\r\nBDAY:12.05.1970\r\nEND:VCARD\r\n'
broken 'bad quoted-printable' '7: invalid quoted-printable' \
	'BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE:=D0=Z1\r\nEND:VCARD\r\n'
broken 'a property outside a card' '5: property FN outside a card' \
	'FN:Никто\r\n'
broken 'an unknown version' "6: unknown vCard version '5.0'" \
	'BEGIN:VCARD\r\nVERSION:5.0\r\nFN:Кто-то\r\nEND:VCARD\r\n'

test_ok 'a card crm refuses (a phone that is no phone) names its line, 65' '
	before=$(entries) &&
	printf "$card_ok""BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Кто-то\r\nTEL:позвонить секретарю\r\nEND:VCARD\r\n" >bad.vcf &&
	expect_code 65 crm contact import Acme bad.vcf &&
	test_grep "card at line 5: phone" err &&
	test "$(entries)" = "$before"
'

# ---- bad arguments -----------------------------------------------------------

test_ok 'a missing file: 66, named' '
	mkdir -p adir &&
	expect_code 66 crm contact import Acme adir &&
	expect_code 66 crm contact import Acme nowhere.vcf &&
	test_grep "cannot read '\''nowhere.vcf'\'' for <file.vcf>" err &&
	test_empty out
'
test_code 3 'an unknown client: 3' crm contact import Нет "$DATA/crm.vcf"
test_code 3 'export of an unknown client: 3' crm contact export Нет
test_code 2 'import needs a client and a file' crm contact import Acme
test_code 2 'export does not write ics' crm --format ics contact export

test_ok 'export --format json|csv gives the rows of contact list' '
	expect_code 0 crm --format json --fields name,phone contact export Acme &&
	test_file_is out "[
{\"name\":\"Охрана\",\"phone\":\"+7-495-000-00-01\"}
]" &&
	expect_code 0 crm contact export --format ndjson --fields name Acme &&
	test_file_is out "{\"name\":\"Охрана\"}"
'

test_ok 'a contact who left: X-CRM-LEFT and the successor uuid' '
	id=$("$SQLX" "$CRM_DB" "SELECT id FROM contact WHERE name = '\''Охрана'\'' AND client_id = 1") &&
	"$SQLX" "$CRM_DB" "UPDATE contact SET left_on = 1763510400,
		successor_id = (SELECT id FROM contact WHERE uuid = '\''7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d'\'')
		WHERE id = $id" &&
	expect_code 0 crm contact export "Рога и копыта" &&
	tr -d "\r" <out >got &&
	test_grep "X-CRM-LEFT:2025-11-19" got &&
	test_grep "X-CRM-SUCCESSOR:urn:uuid:7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d" got
'

test_ok 'the departure and the successor come back from the cards, whole' '
	crm contact export "Рога и копыта" >left.vcf &&
	crm --db left.db -q init &&
	crm --db left.db -q client add "Рога и копыта" >/dev/null &&
	crm --db left.db contact import "Рога и копыта" left.vcf 2>err &&
	test "$("$SQLX" left.db "SELECT c.left_on, s.uuid FROM contact c
		JOIN contact s ON s.id = c.successor_id WHERE c.name = '\''Охрана'\''")" = \
		"1763510400|7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d" &&
	test "$("$SQLX" left.db "SELECT count(*) FROM journal WHERE action = '\''contact.leave'\''")" = 1 &&
	crm --db left.db contact export "Рога и копыта" >again.vcf &&
	cmp left.vcf again.vcf &&
	crm --db left.db contact import "Рога и копыта" left.vcf 2>err &&
	test_grep ", 0 updated, " err &&
	test "$("$SQLX" left.db "SELECT count(*) FROM journal WHERE action = '\''contact.leave'\''")" = 1
'

test_ok 'a UID in capitals, as some address books write it, is the same contact' '
	uuid=$("$SQLX" left.db "SELECT uuid FROM contact WHERE name = '\''Охрана'\''") &&
	n=$("$SQLX" left.db "SELECT count(*) FROM contact") &&
	printf "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:URN:UUID:%s\r\nFN:Охрана Новая\r\nEND:VCARD\r\n" \
		"$(echo "$uuid" | tr a-f A-F)" >caps.vcf &&
	crm --db left.db contact import "Рога и копыта" caps.vcf 2>err &&
	test_grep "0 added, 1 updated" err &&
	test "$("$SQLX" left.db "SELECT name FROM contact WHERE uuid = '\''$uuid'\''")" = "Охрана Новая" &&
	test "$("$SQLX" left.db "SELECT count(*) FROM contact")" = "$n" &&
	printf "BEGIN:VCARD\r\nVERSION:4.0\r\nUID:urn:uuid:0A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D\r\nFN:Зоя\r\nEND:VCARD\r\n" >new.vcf &&
	crm --db left.db contact import "Рога и копыта" new.vcf 2>err &&
	test "$("$SQLX" left.db "SELECT uuid FROM contact WHERE name = '\''Зоя'\''")" = \
		0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d
'

test_ok 'a card imported later keeps its REV: the base it lands in exports the same cards' '
	CRM_NOW=2027-03-01T08:00:00Z crm --db later.db -q init &&
	CRM_NOW=2027-03-01T08:00:00Z crm --db later.db -q client add "Рога и копыта" >/dev/null &&
	CRM_NOW=2027-03-01T08:00:00Z crm --db later.db contact import "Рога и копыта" left.vcf 2>err &&
	CRM_NOW=2027-03-01T08:00:00Z crm --db later.db contact export "Рога и копыта" >later.vcf &&
	cmp left.vcf later.vcf &&
	printf "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Пётр\r\nREV:2019-05-01 10:22\r\nEND:VCARD\r\n" >rev.vcf &&
	CRM_NOW=2027-03-01T08:00:00Z crm --db later.db contact import "Рога и копыта" rev.vcf 2>err &&
	test "$("$SQLX" later.db "SELECT created FROM contact WHERE name = '\''Пётр'\''")" = 1803888000
'

test_ok 'a successor that is no contact of the base: exit 65, nothing written' '
	sed "s/^X-CRM-SUCCESSOR:.*/X-CRM-SUCCESSOR:urn:uuid:00000000-0000-4000-8000-000000000000\r/" \
		left.vcf >ghost.vcf &&
	crm --db ghost.db -q init &&
	crm --db ghost.db -q client add "Рога и копыта" >/dev/null &&
	expect_code 65 crm --db ghost.db contact import "Рога и копыта" ghost.vcf &&
	test_grep "X-CRM-SUCCESSOR" err &&
	test "$("$SQLX" ghost.db "SELECT count(*) FROM contact")" = 0
'

test_ok 'the summary in Russian' '
	LC_ALL=ru_RU.UTF-8 crm contact import "Рога и копыта" first.vcf 2>err &&
	test_file_is err "добавлено: 0, обновлено: 2, без изменений: 1"
'

test_ok 'a broken card in Russian' '
	printf "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Кто-то\r\nBDAY:19700230\r\nEND:VCARD\r\n" >bad.vcf &&
	(LC_ALL=ru_RU.UTF-8 && export LC_ALL && expect_code 65 crm contact import Acme bad.vcf) &&
	test_grep "bad.vcf: строка 4: неверный BDAY «19700230»: ожидается 19700512, 1970-05-12 или --0512" err
'

test_done
