#!/bin/sh
# t5011-vip-template-print: crm vip template print renders the questionnaire
# as a form for the meeting: as text of at most 80 columns (Cyrillic letters
# counted as one), and as Markdown that pandoc reads as it is (checked with
# pandoc when it is installed: the title, the sections as headings, the
# questions numbered through the form); in Russian or English; its
# --format next to crm's output formats; and its exit codes.
. "$SRCDIR/tests/cli/lib.sh"

# The longest line of a file, in characters.
longest() {
	wc -L <"$1" | tr -d ' '
}

test_ok 'a base' 'crm -q init'

# ---- text ----

test_ok 'text by default: the title, the version and the blanks' '
	expect_code 0 crm vip template print &&
	test_empty err &&
	head -n 6 out >head &&
	test_file_is head "VIP-анкета
==========
Версия анкеты: 1

Клиент: ______________________________________________________________________
Дата встречи: ________________________  Сотрудник: ___________________________"
'
test_ok 'text: the sections as headings, in order' '
	crm vip template print >form &&
	awk '\''/^-+$/ && prev != "" { print prev } { prev = $0 }'\'' form >titles &&
	test_file_is titles "Компания, дата встречи и сотрудник
Ключевые лица
Вопросы по Карнеги
Специфика сотрудничества
Объективное качество обслуживания
Расширение сотрудничества
Новые товары и услуги
Рекомендации"
'
test_ok 'text: the questions numbered 1 to 15 through the sections' '
	echo $(sed -n "s/^ *\([0-9][0-9]*\)\. .*/\1/p" form) >nums &&
	test_file_is nums "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15" &&
	test_grep " 3. Как начиналась ваша компания и чем вы больше всего гордитесь?" form &&
	test_grep "10. Были ли заметные сбои связи за последний месяц? (обязательно)" form
'
test_ok 'text: room for each kind of answer' '
	grep -A4 "^ 3\. " form >q3 &&
	test "$(grep -c "^    _\{74\}$" q3)" -eq 3 &&
	test_grep "    [ ] отлично   [ ] хорошо   [ ] удовлетворительно   [ ] плохо" form &&
	test_grep "    Ответ: ____________________ Мбит/с" form &&
	test_grep "    [ ] да   [ ] нет" form &&
	test "$(grep -c "^    Имя: _* *Должность: _*$" form)" -eq 3 &&
	test "$(grep -c "^    Компания или человек: _*$" form)" -eq 3
'
test_ok 'text: no line longer than 80 columns, no line ending in a space' '
	test "$(longest form)" -le 80 &&
	! grep -q " $" form
'
test_ok 'text: long questions are wrapped within 80 columns, every word kept' '
	long="Очень длинный вопрос о том, как компания видит своё развитие в ближайшие пять лет, какие рынки она собирается осваивать и какие партнёры ей для этого понадобятся" &&
	word=$(printf "%0120d" 0 | sed "s/0/Щ/g") &&
	printf "{\"title\": \"Анкета\", \"language\": \"ru\", \"sections\": [{\"id\": \"s\", \"title\": \"Раздел\", \"help\": \"%s\", \"questions\": [{\"id\": \"a\", \"type\": \"text\", \"text\": \"%s\"}, {\"id\": \"b\", \"type\": \"text\", \"text\": \"%s конец\"}]}]}" "$long" "$long" "$word" >t.json &&
	crm -q vip template set t.json >/dev/null &&
	crm vip template print >wide &&
	test "$(longest wide)" -le 80 &&
	test "$(longest wide)" -ge 70 &&
	sed -n "/^ 1\. /,/^    _/p" wide | sed "\$d" | sed "s/^ 1\. //; s/^    //" | tr "\n" " " >joined &&
	test "$(cat joined)" = "$long " &&
	test "$(grep -o Щ wide | wc -l)" -eq 120 &&
	test_grep "конец" wide
'
test_ok 'text: --version prints an older version' '
	crm vip template print --version 1 >v1 &&
	cmp form v1 &&
	crm vip template print >v2 &&
	test_grep "Версия анкеты: 2" v2
'

# ---- Markdown ----

test_ok 'md: headings, a numbered list, blanks of escaped underscores' '
	expect_code 0 crm vip template print --format md --version 1 &&
	test_empty err &&
	cp out form.md &&
	head -n 1 form.md >h &&
	test_file_is h "# VIP-анкета" &&
	test_grep "## Вопросы по Карнеги" form.md &&
	test_grep "3.  Как начиналась ваша компания и чем вы больше всего гордитесь?" form.md &&
	test_grep "10. Были ли заметные сбои связи за последний месяц? (обязательно)" form.md &&
	test_grep "Клиент: \\_\\_\\_" form.md &&
	test_grep "    \\[ \\] да    \\[ \\] нет" form.md
'
test_ok 'md: text that would be markup is escaped' '
	printf "{\"title\": \"Анкета #1\", \"sections\": [{\"id\": \"s\", \"title\": \"Раздел {.x}\", \"help\": \"*важно*\", \"questions\": [{\"id\": \"a\", \"type\": \"text\", \"text\": \"1998. Год [ссылка](x) <b>жирно</b> _под_ @who\"}]}]}" >m.json &&
	crm -q vip template set m.json >/dev/null &&
	crm vip template print --format md >m.md &&
	test_grep "# Анкета \\#1" m.md &&
	test_grep "## Раздел \\{.x\\}" m.md &&
	test_grep "*\\*важно\\**" m.md &&
	test_grep "1.  1998\\. Год \\[ссылка\\](x) \\<b\\>жирно\\</b\\> \\_под\\_ \\@who" m.md
'
if command -v pandoc >/dev/null 2>&1; then
	test_ok 'pandoc: the headings and the numbered questions come through' '
		pandoc -f markdown -t html --wrap=none form.md >form.html &&
		test_grep "<h1 id=\"vip-анкета\">VIP-анкета</h1>" form.html &&
		test_grep ">Вопросы по Карнеги</h2>" form.html &&
		test_grep ">Рекомендации</h2>" form.html &&
		test "$(grep -c "<h2 " form.html)" -eq 8 &&
		test_grep "<ol start=\"3\" type=\"1\">" form.html &&
		test_grep "<ol start=\"15\" type=\"1\">" form.html &&
		test_grep "<li><p>Как начиналась ваша компания и чем вы больше всего гордитесь?</p>" form.html &&
		test_grep "<li><p>Были ли заметные сбои связи за последний месяц? (обязательно)</p>" form.html &&
		test "$(grep -o "<li>" form.html | wc -l)" -eq 15 &&
		test_grep "<p>Клиент: ____" form.html &&
		! grep -q "\\\\_" form.html
	'
	test_ok 'pandoc: escaped text comes through as written' '
		pandoc -f markdown -t html --wrap=none m.md >m.html &&
		test_grep ">Анкета #1</h1>" m.html &&
		test_grep ">Раздел {.x}</h2>" m.html &&
		test_grep "<p><em>*важно*</em></p>" m.html &&
		test_grep "<li><p>1998. Год [ссылка](x) &lt;b&gt;жирно&lt;/b&gt; _под_ @who</p>" m.html
	'
else
	test_skip 'pandoc: the headings and the numbered questions come through' \
		'pandoc is not installed (apt-get install pandoc)'
	test_skip 'pandoc: escaped text comes through as written' \
		'pandoc is not installed (apt-get install pandoc)'
fi

# ---- English ----

test_ok 'English with vip.language en' '
	crm config set vip.language en &&
	expect_code 0 crm vip template print --version 1 &&
	head -n 6 out >head &&
	test_file_is head "VIP questionnaire
=================
Questionnaire version: 1

Client: ______________________________________________________________________
Meeting date: ________________________  Interviewer: _________________________" &&
	test_grep "10. Was there a notable outage in the last month? (required)" out &&
	test_grep "    [ ] yes   [ ] no" out &&
	test_grep "    Name: " out &&
	test "$(longest out)" -le 80 &&
	crm config unset vip.language
'
test_ok 'a stored questionnaire keeps its own language' '
	crm config set vip.language en &&
	crm vip template print --version 1 >en &&
	crm vip template show --version 1 >en.json &&
	crm config unset vip.language &&
	crm -q vip template set en.json >/dev/null &&
	crm vip template print >out &&
	test_grep "Questionnaire version: 4" out &&
	test_grep "Interviewer" out
'

# ---- formats and exit codes ----

if command -v python3 >/dev/null 2>&1; then
	test_ok 'json: the form as one record' '
		expect_code 0 crm vip template print --version 1 --format json &&
		python3 -c "
import json
r = json.load(open(\"out\"))
assert list(r) == [\"version\", \"language\", \"format\", \"text\"], list(r)
assert r[\"version\"] == 1 and r[\"language\"] == \"ru\" and r[\"format\"] == \"text\", r
assert r[\"text\"] == open(\"form\").read(), \"text differs\"
"
	'
	test_ok 'json before the command, md after it: the Markdown in JSON' '
		expect_code 0 crm --json vip template print --version 1 --format md &&
		python3 -c "
import json
r = json.load(open(\"out\"))
assert r[\"format\"] == \"md\" and r[\"text\"] == open(\"form.md\").read(), r[\"format\"]
"
	'
else
	test_skip 'json: the form as one record' 'no python3'
	test_skip 'json before the command, md after it' 'no python3'
fi
test_ok 'csv: one row' '
	expect_code 0 crm vip template print --format csv --fields version,language,format &&
	test_file_is out "version,language,format
4,en,text"
'
test_ok '--format table is the text' '
	crm vip template print --format table --version 1 >t &&
	cmp form t
'
test_code 2 'an unknown --format' crm vip template print --format pdf
test_ok '... names the values' '
	test_grep "invalid value '\''pdf'\'' for --format (text, md, table, json, ndjson, csv, tsv)" err
'
test_code 2 'md is not a global format' crm --format md vip template print
test_code 3 'a version that does not exist' crm vip template print --version 9
test_code 2 'a version that is no number' crm vip template print --version x
test_code 2 'a negative version' crm vip template print --version -1
test_code 2 'no arguments' crm vip template print extra

test_done
