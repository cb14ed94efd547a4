#!/bin/sh
# t8600-locale: crm under a Russian and a C locale: help, usage errors,
# exit codes, init, config list, Russian dates and synonyms, money in
# tables, csv --excel, and JSON that is the same bytes under both.
. "$SRCDIR/tests/cli/lib.sh"

# ru and en run crm under ru_RU.UTF-8 and C.UTF-8
ru() {
	LC_ALL=ru_RU.UTF-8 "$CRM" "$@"
}
en() {
	LC_ALL=C.UTF-8 "$CRM" "$@"
}

if ! LC_ALL=ru_RU.UTF-8 locale -k LC_NUMERIC 2>/dev/null | grep -q 'decimal_point=","'; then
	test_skip 'the Russian locale' 'ru_RU.UTF-8 is not installed (./dev generates it)'
	test_done
fi

test_ok 'crm help: the summary in Russian under ru, in English under C' '
	expect_code 0 ru help &&
	test_empty err &&
	head -n 1 out >first &&
	test_file_is first "использование: crm [--db <path>] [--as <name>] [--format <fmt>] [--json] [--fields <list>] [--color <when>] [-q] [--wide] [--no-pager] <command> [<args>]" &&
	test_grep "команды:" out &&
	test_grep "   init                   создать новую базу" out &&
	test_grep "   journal                журнал изменений" out &&
	test_grep "общие параметры:" out &&
	test_grep "--excel                вместе с csv: файл для Excel" out &&
	! grep -q "create a new base" out &&
	expect_code 0 en help &&
	test_grep "   init                   create a new base" out &&
	test_grep "global options:" out &&
	test_grep "--excel                with csv: what Excel opens" out
'

test_ok 'crm -h and a group: Russian option help and summaries' '
	expect_code 0 ru -h &&
	test_grep "команды:" out &&
	test_grep "   --db <path>            база (по умолчанию \$CRM_DB" out &&
	test_grep "   --no-pager             не использовать постраничный просмотр" out &&
	test_grep "Общие параметры можно указывать и после названия команды." out &&
	expect_code 0 ru config -h &&
	test_grep "использование: crm config <command> [<args>]" out &&
	test_grep "читать и менять настройки." out &&
	test_grep "вывести значение настройки" out &&
	expect_code 0 en config -h &&
	test_grep "read and change settings." out &&
	test_grep "print the value of a setting" out
'

test_ok 'a usage error: the same exit 2, the message in the locale' '
	expect_code 2 ru journal --bogus &&
	test_empty out &&
	test_grep "ошибка: неизвестный параметр «--bogus»" err &&
	test_grep "использование: crm journal" err &&
	expect_code 2 en journal --bogus &&
	test_grep "error: unknown option '"'"'--bogus'"'"'" err &&
	test_grep "usage: crm journal" err &&
	expect_code 2 ru nosuch &&
	test_grep "ошибка: неизвестная команда «nosuch»" err &&
	expect_code 2 ru jurnal &&
	test_grep "подсказка: возможно, вы имели в виду «journal»?" err
'

test_ok 'no base: exit 3 and a Russian hint' '
	expect_code 3 ru journal &&
	test_grep "ошибка: базы crm по пути «$CRM_DB» нет" err &&
	test_grep "подсказка: создайте базу командой «crm init»" err &&
	expect_code 3 en journal &&
	test_grep "error: no crm base at '"'"'$CRM_DB'"'"'" err
'

test_ok 'crm init in Russian: the line in Russian, base.language ru' '
	if backend_is postgresql; then base=$CRM_DB; else base=$PWD/crm.db; fi &&
	expect_code 0 ru init &&
	test_empty err &&
	test_file_is out "создана база crm: $base (часовой пояс UTC, тексты на языке: русский)" &&
	test "$(en config get base.language)" = ru &&
	expect_code 0 en --db "$PWD/en.db" init &&
	test_file_is out "created a crm base at $PWD/en.db (time zone UTC, texts in English)" &&
	test "$(en --db "$PWD/en.db" config get base.language)" = en
'

test_ok 'an unknown client: exit 3 under both, the JSON of a known one the same' '
	expect_code 0 ru client add Acme --value 1200000.5 --tier вип --stage Шторм &&
	expect_code 3 ru client show Нет &&
	test_empty out &&
	test_grep "ошибка: " err &&
	test_grep "«Нет»" err &&
	expect_code 3 en client show Нет &&
	test_grep "error: no client matches '"'"'Нет'"'"'" err
'

test_ok 'synonyms: вип and Шторм are stored as vip and storm' '
	expect_code 0 en --json --fields name,tier,stage client list &&
	test_file_is out "[
{\"name\":\"Acme\",\"tier\":\"vip\",\"stage\":\"storm\"}
]" &&
	expect_code 0 ru client edit Acme --stage "нормализация" &&
	test "$($SQLX crm.db "SELECT stage FROM client")" = normalization
'

test_ok 'crm config list: Russian headers and descriptions, the same keys and values' '
	expect_code 0 ru config list &&
	head -n 1 out >head &&
	test_grep "КЛЮЧ" head &&
	test_grep "ОПИСАНИЕ" head &&
	grep "^time.zone " out >tz &&
	test_grep "часовой пояс отдела" tz &&
	grep "^csv.excel " out >x &&
	test_grep "нет" x &&
	expect_code 0 en config list &&
	grep "^time.zone " out >tz &&
	test_grep "the team'"'"'s time zone" tz &&
	ru --format tsv --fields key,value,set,type config list >ru.tsv &&
	en --format tsv --fields key,value,set,type config list >en.tsv &&
	cmp ru.tsv en.tsv
'

test_ok 'Russian dates: завтра, 25.11.2026, a time, and a due 20.11 is next year'"'"'s' '
	expect_code 0 ru next add Acme "позвонить" --due завтра &&
	expect_code 0 ru next add Acme "встреча" --kind встреча --due "25.11.2026 10:00" &&
	expect_code 0 ru next add Acme "письмо" --kind письмо --due 20.11 &&
	expect_code 0 ru next add Acme "через неделю" --due +1н &&
	expect_code 0 ru next add Acme "сегодня" --due 22.11 &&
	expect_code 0 en --format tsv --fields text,kind,due next list &&
	test_file_is out "text	kind	due
сегодня	task	2026-11-22
позвонить	task	2026-11-23
встреча	meeting	2026-11-25T10:00:00Z
через неделю	task	2026-11-29
письмо	letter	2027-11-20"
'

test_ok 'a bad date: exit 2 under both, the accepted forms in the locale' '
	expect_code 2 ru next add Acme x --due 31.02 &&
	test_grep "ошибка: недопустимые дата или время «31.02» для --due: укажите ДД.ММ.ГГГГ" err &&
	expect_code 2 en next add Acme x --due 31.02 &&
	test_grep "error: invalid date or time '"'"'31.02'"'"' for --due" err &&
	expect_code 2 ru next add Acme x --due 29.02 &&
	expect_code 2 ru next add Acme x --due 25.11.26 &&
	test "$($SQLX crm.db "SELECT count(*) FROM next_action")" = 5
'

test_ok 'money in a table: 1 200 000,50 under ru, 1200000.50 under C' '
	expect_code 0 ru --fields name,value client list &&
	grep -q "^Acme  *1 200 000,50\$" out &&
	expect_code 0 en --fields name,value client list &&
	grep -q "^Acme  *1200000.50\$" out
'

test_ok 'money stays plain in JSON, CSV and TSV under ru' '
	expect_code 0 ru --format csv --fields name,value client list &&
	test_file_is out "name,value
Acme,1200000.50" &&
	expect_code 0 ru --format tsv --fields value client list &&
	test_file_is out "value
1200000.50"
'

test_ok 'JSON is the same bytes under ru and C' '
	for args in "client list" "config list" "next list" "journal" "client show Acme"; do
		ru --json $args >ru.json &&
		en --json $args >en.json &&
		cmp ru.json en.json || { echo "$args:"; diff ru.json en.json; return 1; }
	done
'

test_ok 'csv --excel: a byte order mark, ; and CRLF; before or after the command' '
	printf "\357\273\277name;value\r\nAcme;1200000.50\r\n" >want &&
	en --format csv --excel --fields name,value client list >got &&
	cmp want got &&
	ru --format csv --fields name,value client list --excel >got &&
	cmp want got &&
	en --format csv --fields name,value client list >got &&
	printf "name,value\nAcme,1200000.50\n" >want.plain &&
	cmp want.plain got &&
	en --excel --fields name,value client list >got &&
	! grep -q ";" got
'

test_ok 'csv --excel quotes a ; not a comma' '
	en -q client add "Рога; копыта, и ко" >/dev/null &&
	en --format csv --excel --fields name client list >got &&
	printf "\357\273\277name\r\nAcme\r\n\"Рога; копыта, и ко\"\r\n" >want &&
	cmp want got
'

test_ok 'config csv.excel true makes every csv the Excel form' '
	expect_code 0 en config set csv.excel true &&
	en --format csv --fields name client list >got &&
	printf "\357\273\277name\r\nAcme\r\n\"Рога; копыта, и ко\"\r\n" >want &&
	cmp want got &&
	expect_code 0 en config unset csv.excel &&
	en --format csv --fields name client list >got &&
	printf "name\nAcme\n\"Рога; копыта, и ко\"\n" >want &&
	cmp want got
'

test_ok 'client import reads the Excel form of client export back' '
	en client export --format csv --excel >x.csv &&
	head -c 3 x.csv | od -An -c | tr -d " " >bom &&
	test_file_is bom "357273277" &&
	en --db "$PWD/b.db" init >/dev/null &&
	expect_code 0 en --db "$PWD/b.db" client import --from csv x.csv &&
	en --json --fields name,tier,stage,value client list >a.json &&
	en --db "$PWD/b.db" --json --fields name,tier,stage,value client list >b.json &&
	cmp a.json b.json
'

test_done
