#!/bin/sh
# t1020-contact-person: a contact as a person (position, birthday,
# interests, note, preferred channel, messenger) on add, edit, list and the
# client sheet; the same email or phone twice at a client refused unless
# --force; contact edit --left with --date and --successor.
. "$SRCDIR/tests/cli/lib.sh"

T=$(printf '\t')
q() { "$SQLX" crm.db "$1"; }

test_ok 'add takes the person' '
	crm -q init >/dev/null &&
	crm -q manager add Анна >/dev/null &&
	crm -q client add Ромашка --owner Анна >/dev/null &&
	crm -q client add Лютик --owner Анна >/dev/null &&
	expect_code 0 crm contact add Ромашка "Иван Петров" --key --phone "+7 916 123-45-67" \
		--email Ivan@Romashka.ru --position "генеральный директор" --birthday 1970-05-12 \
		--interest шахматы --interest рыбалка --note "не звонить до 10" \
		--preferred телефон --messenger "telegram @ivanov" &&
	test_file_is out 1 &&
	test "$(q "SELECT position, birthday, interests, note, preferred, messenger, CAST(left_on IS NULL AS INTEGER)
		FROM contact WHERE id = 1")" = "генеральный директор|1970-05-12|[\"шахматы\",\"рыбалка\"]|не звонить до 10|phone|telegram @ivanov|1"
'

test_ok 'list shows the person in every format (snake_case keys)' '
	expect_code 0 crm --format json --fields id,position,birthday,interests,note,preferred,messenger,left,successor_id contact list &&
	test_file_is out "[
{\"id\":1,\"position\":\"генеральный директор\",\"birthday\":\"1970-05-12\",\"interests\":[\"шахматы\",\"рыбалка\"],\"note\":\"не звонить до 10\",\"preferred\":\"phone\",\"messenger\":\"telegram @ivanov\",\"left\":null,\"successor_id\":null}
]" &&
	expect_code 0 crm --format tsv --fields name,interests,preferred contact list &&
	test_file_is out "name${T}interests${T}preferred
Иван Петров${T}шахматы;рыбалка${T}phone"
'

test_ok 'a birthday without the year is kept as --MM-DD' '
	expect_code 0 crm contact add Лютик "Ольга" --birthday 03-08 --preferred email &&
	test "$(q "SELECT birthday FROM contact WHERE id = 2")" = "--03-08" &&
	expect_code 0 crm --format tsv --fields birthday contact list Лютик &&
	test_file_is out "birthday
--03-08"
'

test_code 2 'a birthday on 30 February is refused' crm contact add Лютик Пётр --birthday 02-30
test_ok '... naming both forms, adding nothing' '
	expect_code 2 crm contact add Лютик Пётр --birthday 1971-02-29 &&
	test_file_is err "error: invalid birthday '\''1971-02-29'\'': use 1970-05-12, or 05-12 when the year is unknown" &&
	test "$(q "SELECT count(*) FROM contact")" = 2
'
test_code 2 'an unknown channel is refused' crm contact add Лютик Пётр --preferred fax
test_ok '... naming the channels' '
	expect_code 2 crm contact add Лютик Пётр --preferred голубь &&
	test_grep "email" err && test_grep "messenger" err &&
	test "$(q "SELECT count(*) FROM contact")" = 2
'

test_ok 'edit: --interest adds, --no-interest removes, "" clears, journaled' '
	expect_code 0 crm contact edit 1 --interest теннис --no-interest рыбалка --note "" &&
	test_empty out &&
	test "$(q "SELECT interests, CAST(note IS NULL AS INTEGER) FROM contact WHERE id = 1")" = "[\"шахматы\",\"теннис\"]|1" &&
	q "SELECT data FROM journal ORDER BY id DESC LIMIT 1" >data &&
	test_grep "\"interests\":{\"old\":[\"шахматы\",\"рыбалка\"],\"new\":[\"шахматы\",\"теннис\"]}" data &&
	expect_code 0 crm contact edit 1 --preferred messenger --birthday "" &&
	test "$(q "SELECT preferred, CAST(birthday IS NULL AS INTEGER) FROM contact WHERE id = 1")" = "messenger|1"
'

# ---- the same email or phone at one client --------------------------------

test_ok 'a second contact with the same phone (other digits formatting) is refused, exit 4' '
	expect_code 4 crm contact add Ромашка "Пётр Сидоров" --phone "8 (916) 1234567" &&
	test_file_is err "error: contact 1 Иван Петров already has this phone: edit that contact, or add anyway with --force" &&
	test_empty out &&
	test "$(q "SELECT count(*) FROM contact")" = 2
'
test_ok '... and the same email in another case' '
	expect_code 4 crm contact add Ромашка "Пётр Сидоров" --email ivan@ROMASHKA.ru &&
	test_grep "contact 1 Иван Петров already has this email" err &&
	test "$(q "SELECT count(*) FROM contact")" = 2
'
test_ok '... one digit apart is another phone; another client may share it' '
	expect_code 0 crm -q contact add Ромашка "Секретарь" --phone "+7 916 123-45-68" &&
	expect_code 0 crm -q contact add Лютик "Иван Петров" --phone "+7 916 123-45-67" &&
	test "$(q "SELECT count(*) FROM contact")" = 4
'
test_ok '--force adds the twin' '
	expect_code 0 crm contact add --force Ромашка "Иван (мобильный)" --email ivan@romashka.ru &&
	test_file_is out 5
'
test_ok 'edit to a phone another contact of the client has is refused too, unless --force' '
	expect_code 4 crm contact edit 3 --phone "+79161234567" &&
	test_grep "contact 1 Иван Петров already has this phone: change it there first, or anyway with --force" err &&
	test "$(q "SELECT phone FROM contact WHERE id = 3")" = "+7 916 123-45-68" &&
	expect_code 0 crm contact edit --force 3 --phone "+79161234567" &&
	expect_code 0 crm contact edit 3 --phone "+7 916 123-45-68"
'

# ---- leaving ----------------------------------------------------------------

test_code 2 '--left with a day after today is refused' crm contact edit 1 --left --date 2026-11-23
test_ok '... saying today, writing nothing' '
	expect_code 2 crm contact edit 1 --left --date tomorrow &&
	test_grep "the day the person left, 2026-11-23, is in the future: today is 2026-11-22" err &&
	test "$(q "SELECT CAST(left_on IS NULL AS INTEGER) FROM contact WHERE id = 1")" = 1
'
test_code 2 '--successor without --left' crm contact edit 1 --successor Мария
test_code 2 '--left with a change of the person' crm contact edit 1 --left --note x
test_code 2 '--phone with --left but no successor' crm contact edit 1 --left --phone "+7 900 000-00-00"

test_ok '--left --successor: the leaver marked, the successor added as key, linked, journaled' '
	expect_code 0 crm contact edit 1 --left --date 2026-11-20 --successor "Мария Котова" \
		--phone "+7 916 123-45-67" --email m.kotova@romashka.ru &&
	test_file_is out 6 &&
	test_grep "contact 1 left; their successor is contact 6" err &&
	test "$(q "SELECT $(sql_date left_on), successor_id FROM contact WHERE id = 1")" = "2026-11-20|6" &&
	test "$(q "SELECT name, is_key, position, phone, CAST(left_on IS NULL AS INTEGER) FROM contact WHERE id = 6")" = "Мария Котова|1|генеральный директор|+7 916 123-45-67|1" &&
	q "SELECT action || '\'' '\'' || entity_id FROM journal ORDER BY id DESC LIMIT 2" >got &&
	test_file_is got "contact.leave 1
contact.add 6" &&
	q "SELECT data FROM journal WHERE action = '\''contact.leave'\''" >data &&
	test_file_is data "{\"id\":1,\"client_id\":1,\"name\":\"Иван Петров\",\"left\":\"2026-11-20\",\"successor_id\":6,\"successor\":\"Мария Котова\"}"
'

test_ok 'a contact who has left already is refused, exit 4' '
	expect_code 4 crm contact edit 1 --left &&
	test_file_is err "error: contact 1 Иван Петров already left the client on 2026-11-20" &&
	test "$(q "SELECT count(*) FROM contact")" = 6
'

test_ok 'a successor whose phone another present contact has is refused, and nothing is written' '
	crm -q contact add Лютик "Нина" --key >/dev/null &&
	expect_code 4 crm contact edit Нина --left --successor "Лев" --phone "+7 916 123-45-67" &&
	test_grep "contact 4 Иван Петров already has this phone" err &&
	test "$(q "SELECT CAST(left_on IS NULL AS INTEGER) FROM contact WHERE name = '\''Нина'\''")" = 1 &&
	test "$(q "SELECT count(*) FROM contact WHERE name = '\''Лев'\''")" = 0
'

test_ok '--left alone: today; not a key person any more, still listed and marked' '
	expect_code 0 crm contact edit Нина --left &&
	test_empty out &&
	test_grep "contact 7 left" err &&
	expect_code 0 crm --format tsv --fields id,name,key,left contact list Лютик &&
	test_file_is out "id${T}name${T}key${T}left
7${T}Нина${T}true${T}2026-11-22
4${T}Иван Петров${T}false${T}
2${T}Ольга${T}false${T}" &&
	expect_code 0 crm --format tsv --fields id contact list --key Лютик &&
	test_file_is out "id"
'

test_ok 'list --present hides those who left; --key too' '
	expect_code 0 crm --format tsv --fields id contact list --present Ромашка &&
	test_file_is out "id
6
5
3" &&
	expect_code 0 crm --format tsv --fields id contact list --key &&
	test_file_is out "id
6"
'

test_ok 'the client sheet shows the person and marks who left' '
	expect_code 0 crm client show Ромашка &&
	sed -n "/^Key contacts/,/^\$/p" out >sheet &&
	test_file_is sheet "Key contacts
ID  NAME              POSITION              ROLE  PHONE             EMAIL                 PREFERRED  BIRTHDAY  INTERESTS       KEY  LEFT_ON     VERIFIED
 1  Иван Петров       генеральный директор  -     +7 916 123-45-67  Ivan@Romashka.ru      messenger  -         шахматы,теннис  yes  2026-11-20  -
 6  Мария Котова      генеральный директор  -     +7 916 123-45-67  m.kotova@romashka.ru  -          -                         yes  -           -
 5  Иван (мобильный)  -                     -     -                 ivan@romashka.ru      -          -                         no   -           -
 3  Секретарь         -                     -     +7 916 123-45-68  -                     -          -                         no   -           -
" &&
	expect_code 0 crm --format json client show Ромашка &&
	test_grep "\"left\":\"2026-11-20\",\"successor_id\":6}" out
'

test_ok 'Russian: the refusal of a twin, the leaving and a bad birthday' '
	LC_ALL=ru_RU.UTF-8 expect_code 4 crm contact add Ромашка "Пётр" --email ivan@romashka.ru &&
	test_file_is err "ошибка: у контактного лица 5 Иван (мобильный) уже есть этот адрес почты: исправьте его карточку или добавьте всё равно с --force" &&
	LC_ALL=ru_RU.UTF-8 expect_code 4 crm contact edit 1 --left &&
	test_file_is err "ошибка: контактное лицо 1 Иван Петров уже ушло от клиента 2026-11-20" &&
	LC_ALL=ru_RU.UTF-8 expect_code 2 crm contact add Ромашка "Пётр" --birthday 13-01 &&
	test_grep "недопустимая дата рождения «13-01»" err
'

test_ok 'the person options in -h' '
	expect_code 0 crm contact edit -h &&
	test_grep "crm contact edit --left [--date <date>] [--successor <name>" out &&
	test_grep "no-interest <interest>" out &&
	test_grep "preferred <channel>" out
'

test_ok 'the examples of crm-contact(1) for people work' '
	crm --db ex.db -q init &&
	crm --db ex.db -q client add "ООО Ромашка" >/dev/null &&
	crm --db ex.db -q contact add --key --phone "+7 495 123-45-67" "ООО Ромашка" "Иван Петров" >/dev/null &&
	crm --db ex.db -q contact add --key --position "главный бухгалтер" --birthday 03-08 \
		--interest театр --interest кофе --preferred messenger \
		--messenger "telegram @olga" "ООО Ромашка" "Ольга Смирнова" >/dev/null &&
	expect_code 0 crm --db ex.db contact edit --left --date 2026-11-20 --successor "Мария Котова" \
		--phone "+7 495 123-45-67" "Иван Петров" &&
	test_file_is out 3 &&
	expect_code 0 crm --db ex.db --fields name,position,birthday contact list --present "ООО Ромашка" &&
	test_file_is out "NAME            POSITION           BIRTHDAY
Мария Котова    -                  -
Ольга Смирнова  главный бухгалтер  --03-08"
'

test_done
