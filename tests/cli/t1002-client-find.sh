#!/bin/sh
# t1002-client-find: crm client find over names, notes, contacts and
# interactions: case folding for Cyrillic and Latin, ё = е, snippets from
# the original text, user text that looks like FTS5 syntax, every format.
. "$SRCDIR/tests/cli/lib.sh"

crm init >/dev/null 2>&1
{
	crm client add "ООО «Ромашка»"
	crm client add --kind person --note "Любит рыбалку и шахматы" "Пётр Иванов"
	crm client add --note "Big ORDERS every spring; call before March" "ACME Widgets"
	crm client add "Ёлка и Ко"
	crm client add --note "Первая строка про погоду и всякое разное, о чём говорили долго. Потом клиент сказал, что ЦЕНА на Доставку слишком высокая для них, и попросил скидку к весне." "Долгая история"
	crm contact add --role "главный инженер" --email sidorov@romashka.ru --phone "+7 495 123-45-67" 1 "Иван Сидоров"
	crm note --outcome "договорились о встрече" 4 "Звонил Сидоров из соседней фирмы"
} >/dev/null 2>&1

test_ok 'a lower-case Cyrillic word finds a capitalised name' '
	expect_code 0 crm client find иванов &&
	test_empty err &&
	test_file_is out "CLIENT_ID  CLIENT       SOURCE  REF_ID  SNIPPET
        2  Пётр Иванов  name         2  Пётр Иванов"
'

test_ok 'a word inside quotes of a name is found' '
	expect_code 0 crm --format tsv client find ромашка &&
	printf "client_id\tclient\tsource\tref_id\tsnippet\n1\tООО «Ромашка»\tname\t1\tООО «Ромашка»\n" >want &&
	cmp want out
'

test_ok 'ё and е are one letter, both ways' '
	expect_code 0 crm --format csv --fields client_id client find ПЕТР &&
	test_file_is out "client_id
2" &&
	expect_code 0 crm --format csv --fields client_id client find елка &&
	test_file_is out "client_id
4" &&
	expect_code 0 crm --format csv --fields client_id client find ЁЛК &&
	test_file_is out "client_id
4"
'

test_ok 'Latin words without regard to case; the snippet keeps the case' '
	expect_code 0 crm --format csv client find acme &&
	test_file_is out "client_id,client,source,ref_id,snippet
3,ACME Widgets,name,3,ACME Widgets" &&
	expect_code 0 crm --format csv client find Orders &&
	test_file_is out "client_id,client,source,ref_id,snippet
3,ACME Widgets,note,3,Big ORDERS every spring; call before March"
'

test_ok 'words are prefixes: a start of a word matches, its middle does not' '
	expect_code 0 crm --format csv --fields client_id,source client find рыбал &&
	test_file_is out "client_id,source
2,note" &&
	expect_code 0 crm client find машка &&
	test_empty out && test_empty err
'

test_ok 'contacts are found by name, role, email and phone' '
	for w in сидоров инженер sidorov 495; do
		expect_code 0 crm --format csv --fields client_id,source,ref_id client find "$w" &&
		grep -q "^1,contact,1$" out || { echo "word $w"; cat out; return 1; }
	done
'

test_ok 'interactions are found by text and outcome' '
	expect_code 0 crm --format csv --fields client_id,client,source,snippet client find встреч &&
	test_file_is out "client_id,client,source,snippet
4,Ёлка и Ко,interaction,договорились о встрече" &&
	expect_code 0 crm --format csv --fields client_id,source,ref_id client find звонил &&
	test_file_is out "client_id,source,ref_id
4,interaction,1"
'

test_ok 'every word must occur in the record; several arguments are one text' '
	expect_code 0 crm --format csv --fields client_id client find big spring &&
	test_file_is out "client_id
3" &&
	expect_code 0 crm --format csv --fields client_id client find "big autumn" &&
	test_file_is out "client_id"
'

test_ok 'a long text: a snippet around the match, with ellipses' '
	expect_code 0 crm --format tsv --fields snippet client find доставку &&
	printf "snippet\n…сказал, что ЦЕНА на Доставку слишком высокая для них, и…\n" >want &&
	cmp want out
'

test_ok 'text that looks like FTS5 syntax is searched as words' '
	before=$($SQLX crm.db "SELECT count(*) FROM client") &&
	expect_code 0 crm --format csv --fields client_id client find "\"; DROP" &&
	test_file_is out "client_id" &&
	expect_code 0 crm --format csv --fields client_id client find "AND OR NEAR(" &&
	test_file_is out "client_id" &&
	expect_code 0 crm --format csv --fields client_id client find "body:big" &&
	test_file_is out "client_id" &&
	expect_code 0 crm --format csv --fields client_id client find -- "\"big" "spr*" "-every" "^call" &&
	test_file_is out "client_id
3" &&
	test_empty err &&
	test "$($SQLX crm.db "SELECT count(*) FROM client")" = "$before"
'

test_code 2 'a text without a letter or digit' crm client find '"*()^:-'
test_ok 'the error says why' \
	'test_file_is err "error: no word to search for in '\''\"*()^:-'\'': give letters or digits" && test_empty out'
test_code 2 'find without a text' crm client find
test_code 2 'find with an empty text' crm client find ""
test_code 2 'find with text that is not UTF-8' crm client find "$(printf "\377")"
test_code 2 'find with --limit below 0' crm client find --limit -1 x

test_ok 'find as json and ndjson' '
	expect_code 0 crm --json client find иванов &&
	test_file_is out "[
{\"client_id\":2,\"client\":\"Пётр Иванов\",\"source\":\"name\",\"ref_id\":2,\"snippet\":\"Пётр Иванов\"}
]" &&
	expect_code 0 crm --format ndjson client find иванов &&
	test_file_is out "{\"client_id\":2,\"client\":\"Пётр Иванов\",\"source\":\"name\",\"ref_id\":2,\"snippet\":\"Пётр Иванов\"}" &&
	expect_code 0 crm --json client find nothing && test_file_is out "[]"
'

test_ok 'an edit updates the index' '
	crm client edit --name "ООО «Василёк»" --note "бывшая Ромашка" 1 &&
	expect_code 0 crm --format csv --fields client_id,source,snippet client find василек &&
	test_file_is out "client_id,source,snippet
1,name,ООО «Василёк»" &&
	expect_code 0 crm --format csv --fields client_id,source,snippet client find ромашка &&
	test_file_is out "client_id,source,snippet
1,note,бывшая Ромашка" &&
	expect_code 0 crm --format csv --fields client_id,source,snippet client find romashka &&
	test_file_is out "client_id,source,snippet
1,contact,\"Иван Сидоров, главный инженер, sidorov@romashka.ru, +7 495 123-45-67\""
'

test_ok '--limit: 50 hits by default, 0 for all' '
	i=0 &&
	while test $i -lt 55; do
		crm client add "Магазин $i" >/dev/null 2>&1 || return 1
		i=$((i + 1))
	done &&
	expect_code 0 crm --format csv --fields client_id client find магазин &&
	test "$(tail -n +2 out | wc -l)" -eq 50 &&
	expect_code 0 crm --format csv --fields client_id client find --limit 0 магазин &&
	test "$(tail -n +2 out | wc -l)" -eq 55 &&
	expect_code 0 crm --format csv --fields client_id client find --limit 2 магазин &&
	test "$(tail -n +2 out | wc -l)" -eq 2
'

test_done
