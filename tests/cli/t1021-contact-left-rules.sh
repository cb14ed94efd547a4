#!/bin/sh
# t1021-contact-left-rules: the audit rules key-contact-left and birthday
# from the command line and in the digest (English and Russian); a contact
# who left gets no handover notice; the person, the day left and the
# successor travel losslessly through the client export and import, and bad
# values in an import file are refused with exit 65 naming the record.
. "$SRCDIR/tests/cli/lib.sh"

T=$(printf '\t')
q() { "$SQLX" crm.db "$1"; }

test_ok 'setup: two clients, key people with birthdays, one who left' '
	crm -q init >/dev/null &&
	crm -q manager add Анна >/dev/null &&
	crm -q manager add Борис >/dev/null &&
	crm -q client add Ромашка --owner Анна >/dev/null &&
	crm -q client add Лютик --owner Анна >/dev/null &&
	crm -q contact add Ромашка "Иван Петров" --key --birthday 1970-11-29 --phone "+7 916 000-00-01" \
		--address-as "Иван Сергеевич" --gender m >/dev/null &&
	crm -q contact add Ромашка "Ольга" --key --birthday 11-30 --email olga@romashka.ru \
		--address-as "Ольга Николаевна" --gender f >/dev/null &&
	crm -q contact add Ромашка "Пётр" --birthday 11-23 --email petr@romashka.ru \
		--address-as "Пётр Ильич" --gender m >/dev/null &&
	crm -q contact add Лютик "Нина" --key --birthday 11-22 --phone "+7 900 555-55-55" >/dev/null &&
	crm -q contact edit Нина --left --date 2026-11-12
'

test_ok 'audit --rule birthday: a key person within 7 days, the day itself, the age reached' '
	expect_code 0 crm --format tsv --fields client,rule,since,detail audit --rule birthday &&
	test_file_is out "client${T}rule${T}since${T}detail
Ромашка${T}birthday${T}2026-11-29${T}Иван Петров (contact 1) has a birthday on 2026-11-29, in 7 days, turning 56: prepare the congratulations"
'

test_ok 'the 8th day is out; audit.birthday.days moves it' '
	crm config set audit.birthday.days 8 &&
	expect_code 0 crm --format tsv --fields detail audit --rule birthday &&
	test "$(wc -l <out)" -eq 3 &&
	test_grep "Ольга (contact 2) has a birthday on 2026-11-30, in 8 days: prepare the congratulations" out &&
	crm config unset audit.birthday.days
'

test_ok 'audit --rule key-contact-left: the client whose key people all left, the owner acts' '
	expect_code 0 crm --format tsv --fields client,rule,severity,assignee,since,detail audit --rule key-contact-left &&
	test_file_is out "client${T}rule${T}severity${T}assignee${T}since${T}detail
Лютик${T}key-contact-left${T}warn${T}Анна${T}2026-11-12${T}the key contact Нина left 10 days ago: find out who decides now and add them with '\''crm contact add --key'\''"
'

test_ok '... not no-key-contact, which is for a client that never had one' '
	expect_code 0 crm --format tsv --fields client audit --rule no-key-contact &&
	test_file_is out "client"
'

test_ok 'the digest carries both to the owner' '
	expect_code 0 crm audit digest --rule birthday --rule key-contact-left &&
	test_grep "Лютик (client 2): key-contact-left, since 2026-11-12" out &&
	test_grep "Ромашка (client 1): birthday, since 2026-11-29" out
'

test_ok 'Russian: the findings and the rules speak Russian' '
	LC_ALL=ru_RU.UTF-8 expect_code 0 crm --format tsv --fields detail audit --rule birthday --rule key-contact-left &&
	test_file_is out "detail
ключевое контактное лицо Нина ушло 10 дней назад: узнайте, кто теперь принимает решения, и добавьте его командой «crm contact add --key»
Иван Петров (контактное лицо 1): день рождения 2026-11-29, через 7 дней, исполнится 56 лет: подготовьте поздравление" &&
	LC_ALL=ru_RU.UTF-8 expect_code 0 crm --format tsv --fields rule,why audit rules &&
	test_grep "birthday${T}близок день рождения ключевого контактного лица" out
'

test_ok 'a successor who is key ends the finding' '
	crm -q contact add Лютик "Лев" --key >/dev/null &&
	expect_code 0 crm --format tsv --fields client audit --rule key-contact-left &&
	test_file_is out "client"
'

test_ok 'the handover notice by phone greets a key person still there, not the one who left' '
	crm -q config set handover.min_brief_chars 10 &&
	crm -q config set handover.min_brief_words 1 &&
	crm -q handover Ромашка --to Борис --reason refresh --brief "всё хорошо, клиент спокойный" \
		--next позвонить --due +2d --notify-via phone >/dev/null 2>&1 &&
	expect_code 0 crm handover notice 1 &&
	sed -n 3p out >got &&
	test_file_is got "Уважаемый Иван Сергеевич!" &&
	crm -q contact edit Иван --left &&
	expect_code 0 crm handover notice 1 &&
	sed -n 3p out >got &&
	test_file_is got "Уважаемая Ольга Николаевна!"
'

# ---- export and import ---------------------------------------------------

test_ok 'the client export carries the person, the day left and the successor' '
	crm -q contact edit Ольга --position "главный бухгалтер" --interest театр --interest кофе \
		--note "любит, когда звонят по делу" --preferred email --messenger "telegram @olga" &&
	crm -q contact edit Ольга --left --date 2026-11-01 --successor "Вера" --email vera@romashka.ru &&
	expect_code 0 crm client export Ромашка &&
	cp out a.ndjson &&
	test_grep "\"name\":\"Ольга\",\"role\":null,\"phone\":null,\"email\":\"olga@romashka.ru\"" out &&
	test_grep "\"position\":\"главный бухгалтер\",\"birthday\":\"--11-30\",\"interests\":[\"театр\",\"кофе\"],\"note\":\"любит, когда звонят по делу\",\"preferred\":\"email\",\"messenger\":\"telegram @olga\",\"left\":\"2026-11-01\",\"successor_id\":6}" out
'

test_ok 'round trip: export, import into an empty base, export: the same bytes' '
	crm client export >all.ndjson &&
	crm --db b.db -q init &&
	expect_code 0 crm --db b.db client import all.ndjson &&
	crm --db b.db client export >b.ndjson &&
	cmp all.ndjson b.ndjson &&
	test "$("$SQLX" b.db "SELECT name, successor_id, date(left_on, '\''unixepoch'\'') FROM contact WHERE left_on IS NOT NULL ORDER BY id")" = "Иван Петров||2026-11-22
Ольга|6|2026-11-01
Нина||2026-11-12"
'

test_ok 'through the JSON array format too' '
	crm --format json client export >a.json &&
	crm --db c.db -q init &&
	grep "^{" a.json | sed "s/,$//" >a2.ndjson &&
	crm --db c.db -q client import a2.ndjson &&
	crm --db c.db --format json client export | cmp - a.json
'

bad_import() { # sed-expression: the first record changed, imported into a fresh base
	sed -n 1p a.ndjson | sed "$1" >bad.ndjson &&
	rm -f bad.db && crm --db bad.db -q init &&
	expect_code 65 crm --db bad.db client import bad.ndjson &&
	test "$("$SQLX" bad.db "SELECT count(*) FROM contact")" = 0
}

test_ok 'import: a birthday that is no day is refused, exit 65, nothing written' '
	bad_import "s/\"birthday\":\"--11-30\"/\"birthday\":\"--02-30\"/" &&
	test_grep "line 1" err &&
	test_grep "contacts[2].birthday" err &&
	test_grep "invalid birthday '\''--02-30'\''" err
'
test_ok 'import: an unknown channel is refused' '
	bad_import "s/\"preferred\":\"email\"/\"preferred\":\"fax\"/" &&
	test_grep "contacts[2].preferred" err
'
test_ok 'import: interests that are not a list of strings are refused' '
	bad_import "s/\"interests\":\[\"театр\",\"кофе\"\]/\"interests\":\"театр\"/" &&
	test_grep "contacts[2].interests" err
'
test_ok 'import: a successor who is not a contact of the record is refused' '
	bad_import "s/\"successor_id\":6/\"successor_id\":99/" &&
	test_grep "contacts[2].successor_id" err &&
	test_grep "no contact with id 99 in this record" err
'
test_ok 'import: a day left after today is refused' '
	bad_import "s/\"left\":\"2026-11-01\"/\"left\":\"2026-12-01\"/" &&
	test_grep "contacts[2].left" err
'
test_ok 'import: a birthday without the year in the short form is kept as --MM-DD' '
	sed -n 1p a.ndjson | sed "s/\"birthday\":\"--11-30\"/\"birthday\":\"11-30\"/" >short.ndjson &&
	rm -f short.db && crm --db short.db -q init &&
	crm --db short.db -q client import short.ndjson &&
	test "$("$SQLX" short.db "SELECT birthday FROM contact WHERE name = '\''Ольга'\''")" = "--11-30"
'

test_ok 'a handover reaches no one who left, and its dossier leaves them out' '
	crm --db ho.db -q init &&
	crm --db ho.db -q manager add Анна &&
	crm --db ho.db -q manager add Борис &&
	crm --db ho.db -q client add --owner Анна X >/dev/null &&
	crm --db ho.db -q contact add --key --email old@x.ru X Старый >/dev/null &&
	crm --db ho.db -q contact edit --left Старый &&
	brief=$(seq 1 40 | sed "s/^/слово/" | tr "\n" " ") &&
	expect_code 4 crm --db ho.db handover X --to Борис --reason refresh --brief "$brief" \
		--next звонок --due +2d &&
	test_grep "no contact of the client has an email or a phone" err &&
	test "$($SQLX ho.db "SELECT count(*) FROM handover")" = 0 &&
	crm --db ho.db -q contact add --phone "+7 495 000-00-01" X Новый >/dev/null &&
	expect_code 0 crm --db ho.db handover X --to Борис --reason refresh --brief "$brief" \
		--next звонок --due +2d &&
	expect_code 0 crm --db ho.db --json --fields dossier handover show 1 &&
	test_grep "Новый" out &&
	! grep -q "Старый" out
'

test_done
