#!/bin/sh
# t6000-text-stdin: a long text from standard input ('-') or a file
# (--file) for note, promise, incident, next and the reasons of promise
# break, incident resolve, next done/move, handover decline/cancel and
# client farewell: one final newline dropped, UTF-8 of at most 10000
# characters (65 otherwise, nothing written), not blank, one line where the
# field is one line; two sources for a text, or stdin twice, exit 2.
. "$SRCDIR/tests/cli/lib.sh"

# the rows of the tables a text goes to, and the journal: "nothing written"
state() {
	$SQLX crm.db "SELECT (SELECT count(*) FROM interaction), (SELECT count(*) FROM promise),
		(SELECT count(*) FROM incident), (SELECT count(*) FROM next_action),
		(SELECT count(*) FROM journal)"
}

# stdin FILE ARGS...: crm ARGS with its standard input from FILE (expect_code
# gives commands /dev/null)
stdin() {
	_in=$1
	shift
	"$CRM" "$@" <"$_in"
}

refused() {
	_before=$(state) &&
	expect_code "$@" &&
	test_empty out &&
	test "$(state)" = "$_before"
}

test_ok 'a base' '
	crm -q init >/dev/null &&
	crm -q manager add "Анна Петрова" >/dev/null &&
	crm -q manager add "Борис Орлов" >/dev/null &&
	crm -q client add Acme --owner Анна >/dev/null &&
	crm -q client add Beta --owner Анна >/dev/null
'

test_ok 'note -: the text from standard input, its final newline dropped' '
	echo "Обсудили цены" | crm note Acme - >out 2>err &&
	test_file_is out 1 &&
	test_empty err &&
	test "$($SQLX crm.db "SELECT text FROM interaction WHERE id = 1")" = "Обсудили цены"
'

test_ok 'note --file: the whole file, lines kept, one final newline dropped' '
	printf "Встреча прошла хорошо.\n\nЖдут КП.\n\n" >minutes.txt &&
	expect_code 0 crm note --kind meeting --file minutes.txt Acme &&
	test_file_is out 2 &&
	test "$($SQLX crm.db "SELECT kind, $(sql_quote text) FROM interaction WHERE id = 2")" = "meeting|'\''Встреча прошла хорошо.

Ждут КП.
'\''"
'

test_ok 'note --file -: standard input too; CRLF loses its CR with the newline' '
	printf "по телефону\r\n" | crm note --file - Acme >out 2>err &&
	test_file_is out 3 &&
	test "$($SQLX crm.db "SELECT $(sql_quote text) FROM interaction WHERE id = 3")" = "'\''по телефону'\''"
'

test_ok 'a literal text still works, and "" is still refused by the field check (2)' '
	expect_code 0 crm note Acme "just text" &&
	refused 2 crm note Acme "" &&
	test_file_is err "error: empty text"
'

test_ok 'empty standard input: refused (65), nothing written' '
	refused 65 stdin /dev/null note Acme - &&
	test_file_is err "error: <text> from standard input is empty: nothing was written
hint: write the text there, or give it on the command line" &&
	printf "\n" >nl.txt &&
	refused 65 crm note Acme --file nl.txt &&
	test_grep "<text> from '\''nl.txt'\'' is empty" err &&
	printf "  \n\t\n" >blank.txt &&
	refused 65 crm note Acme --file blank.txt
'

test_ok 'invalid UTF-8 from a file: refused (65), nothing written' '
	printf "Цены \377\376\n" >bad.txt &&
	refused 65 crm note Acme --file bad.txt &&
	test_file_is err "error: <text> from '\''bad.txt'\'' is not valid UTF-8 text
hint: convert it first, e.g. '\''iconv -f CP1251 -t UTF-8'\''" &&
	printf "a\000b\n" >nul.txt &&
	refused 65 stdin nul.txt note Acme - &&
	test_grep "not valid UTF-8" err
'

test_ok 'length: 10000 characters pass, 10001 are refused (65), from a file and a pipe' '
	/usr/bin/python3 -c "print(\"я\" * 10000)" >max.txt &&
	/usr/bin/python3 -c "print(\"я\" * 10001)" >over.txt &&
	expect_code 0 crm note Beta --file max.txt &&
	test "$($SQLX crm.db "SELECT length(text) FROM interaction WHERE id = (SELECT max(id) FROM interaction)")" = 10000 &&
	refused 65 crm note Beta --file over.txt &&
	test_file_is err "error: <text> from '\''over.txt'\'' is too long: 10001 characters, at most 10000
hint: shorten it to 10000 characters" &&
	refused 65 stdin over.txt note Beta -
'

test_ok 'a stream far too long is cut short and refused, not read to its end' '
	/usr/bin/python3 -c "import sys; sys.stdout.write(\"x\" * 200000)" >huge.txt &&
	refused 65 stdin huge.txt note Beta - &&
	test_grep "is too long: more than 10000 characters" err
'

test_ok 'two sources for the text: a usage error, nothing read' '
	refused 2 crm note Acme "text" --file minutes.txt &&
	test_grep "error: give <text> once: as <text> or with --file, not both" err &&
	refused 2 crm note Acme - --file - </dev/null &&
	refused 2 crm promise break --why x --file minutes.txt 1
'

test_ok 'no text, not on a terminal: a usage error naming the ways' '
	refused 2 crm note Acme </dev/null &&
	test_grep "error: missing <text>: give it, '\''-'\'' to read standard input, or --file <file> (on a terminal, the editor opens)" err
'

test_ok 'a missing --file: 66, nothing written' '
	refused 66 crm note Acme --file nosuch.txt &&
	test_file_is err "error: cannot read '\''nosuch.txt'\'' for --file: No such file or directory"
'

test_ok 'promise add - and --file; one line only (a second line from a file: 65)' '
	echo "Скидка 5% на второй заказ" | crm promise add --kind discount Acme - >out &&
	test_file_is out 1 &&
	test "$($SQLX crm.db "SELECT text FROM promise WHERE id = 1")" = "Скидка 5% на второй заказ" &&
	printf "Доставка в пятницу\n" >p.txt &&
	expect_code 0 crm promise add --file p.txt Acme &&
	test_file_is out 2 &&
	printf "line one\nline two\n" >two.txt &&
	refused 65 crm promise add --file two.txt Acme &&
	test_grep "holds a line break (U+000A) at character 9" err
'

test_ok 'promise add with no text at all: a usage error' '
	refused 2 crm promise add Acme &&
	test_grep "error: missing <text>: give it" err
'

test_ok 'promise break --why - and --file' '
	printf "Склад не успел.\nПеренесли на понедельник.\n" | crm promise break --why - 1 >out 2>err &&
	test "$($SQLX crm.db "SELECT status, why FROM promise WHERE id = 1")" = "broken|Склад не успел.
Перенесли на понедельник." &&
	printf "Не успели\n" >why.txt &&
	expect_code 0 crm promise break --file why.txt 2 &&
	test "$($SQLX crm.db "SELECT why FROM promise WHERE id = 2")" = "Не успели"
'

test_ok 'incident add - and resolve --how -' '
	printf "Привезли не тот товар\nи без накладной\n" | crm incident add --kind mishap Acme - >out &&
	test_file_is out 1 &&
	test "$($SQLX crm.db "SELECT text FROM incident WHERE id = 1")" = "Привезли не тот товар
и без накладной" &&
	echo "Заменили за свой счёт" | crm incident resolve --how - 1 >out 2>err &&
	test "$($SQLX crm.db "SELECT how FROM incident WHERE id = 1")" = "Заменили за свой счёт" &&
	printf "\377\n" >ff.txt &&
	refused 65 stdin ff.txt incident add Acme -
'

test_ok 'incident resolve --file of a folder: 66' '
	crm -q incident add Acme "ещё один" >/dev/null &&
	refused 66 crm incident resolve --file . 2 &&
	test_grep "cannot read '\''.'\'' for --file: Is a directory" err
'

test_ok 'next add -, done --note -, move --reason -' '
	echo "Отправить КП" | crm next add --due +3d Acme - >out &&
	test_file_is out 1 &&
	test "$($SQLX crm.db "SELECT text FROM next_action WHERE id = 1")" = "Отправить КП" &&
	echo "Клиент в отпуске" | crm next move --due +7d --reason - 1 >out 2>err &&
	test "$($SQLX crm.db "SELECT reason FROM next_move WHERE action_id = 1")" = "Клиент в отпуске" &&
	printf "Отправили.\nЖдём ответа.\n" >done.txt &&
	expect_code 0 crm next done --file done.txt 1 &&
	test "$($SQLX crm.db "SELECT text FROM interaction WHERE id = (SELECT max(id) FROM interaction)")" = "Отправили.
Ждём ответа."
'

test_ok 'next add and move take one line from a file (65 otherwise)' '
	refused 65 crm next add --due +3d --file two.txt Acme &&
	crm -q next add --due +3d Acme "Позвонить" >/dev/null &&
	refused 65 crm next move --due +5d --file two.txt 2
'

BRIEF='Директор Иван Сидоров решает сам, звать по отчеству. Ценит точность, любит рыбалку, чай и шахматы. Скидка 5% до мая. Спор о сроках в мае улажен. Дальше: звонок до пятницы, КП на весну, визит. Клиент требует терпения.'
printf '%s\n' "$BRIEF" >brief.txt

test_ok 'handover --next -: the next action from standard input' '
	echo "Позвонить Ивану" | crm -q handover Beta --to "Борис Орлов" --reason overload \
		--notify-via meeting --brief-file brief.txt --next - --due +3d >out 2>err &&
	test "$($SQLX crm.db "SELECT next_text FROM handover WHERE id = 1")" = "Позвонить Ивану"
'

test_ok 'handover --next - with --brief-file -: stdin twice, a usage error' '
	_before=$($SQLX crm.db "SELECT count(*) FROM handover") &&
	expect_code 2 crm handover Acme --to "Борис Орлов" --reason overload --brief-file - \
		--next - --due +3d </dev/null &&
	test_grep "error: --next and --brief-file both read standard input" err &&
	test "$($SQLX crm.db "SELECT count(*) FROM handover")" = "$_before"
'

test_ok 'handover decline --why -' '
	echo "Не моя отрасль" | crm --as "Борис Орлов" handover decline --why - 1 >out 2>err &&
	test "$($SQLX crm.db "SELECT status, why FROM handover WHERE id = 1")" = "declined|Не моя отрасль"
'

test_ok 'handover cancel --file, and decline with no reason at all' '
	crm -q handover Beta --to "Борис Орлов" --reason overload --brief-file brief.txt \
		--notify-via meeting --next "Позвонить" --due +3d >/dev/null &&
	expect_code 2 crm --as "Борис Орлов" handover decline 2 &&
	test_grep "error: missing --why" err &&
	printf "Передумали\n" >cancel.txt &&
	expect_code 0 crm --as "Анна Петрова" handover cancel --file cancel.txt 2 &&
	test "$($SQLX crm.db "SELECT status, why FROM handover WHERE id = 2")" = "cancelled|Передумали"
'

test_ok 'handover plan --next -: every receiver'\''s first action from standard input' '
	crm -q manager add "Вера Лебедева" >/dev/null &&
	crm -q client add Delta --owner Вера >/dev/null &&
	crm -q contact add Delta "Иван" --phone "+7 900 000-00-00" --key >/dev/null &&
	echo "Представиться Ивану" >next.txt &&
	expect_code 0 stdin next.txt -q handover plan --from "Вера Лебедева" --reason vacation \
		--until +14d --brief-file brief.txt --next - --apply --yes &&
	test "$($SQLX crm.db "SELECT next_text FROM handover WHERE client_id = (SELECT id FROM client WHERE name = '\''Delta'\'')")" = "Представиться Ивану" &&
	expect_code 2 crm handover plan --from "Анна Петрова" --reason vacation --brief-file - --next - &&
	test_grep "error: --next and --brief-file both read standard input" err
'

test_ok 'client farewell --reason -; with --template - too: stdin twice (2)' '
	expect_code 2 crm client farewell --reason - --notice --template - Beta </dev/null &&
	test_grep "error: --reason and --template both read standard input" err &&
	crm -q client add Gamma >/dev/null &&
	echo "Не платит полгода" | crm client farewell --reason - Gamma >out 2>err &&
	test "$($SQLX crm.db "SELECT status FROM client WHERE name = '\''Gamma'\''")" = farewell &&
	test_grep "Не платит полгода" "$(printf "%s" "$($SQLX crm.db "SELECT data FROM journal WHERE action = '\''client.status'\'' ORDER BY id DESC LIMIT 1")" >j.txt && echo j.txt)"
'

# A command waiting for its text on standard input holds no lock: the
# text is read before the write transaction begins (CMD_TX_LATE), so
# another writer goes through meanwhile instead of waiting (75).
waits_reading() { # pid: true once it sleeps in a read of its pipe
	_n=0
	while test "$_n" -lt 300; do
		case $(cat /proc/$1/wchan 2>/dev/null) in
		*pipe_read) return 0 ;;
		esac
		kill -0 "$1" 2>/dev/null || return 1
		sleep 0.1
		_n=$((_n + 1))
	done
	return 1
}

for cmd in "note Acme -" "promise add Acme -" "incident add Acme -" \
	"next add --due +1d Acme -" "promise break --why - 3" "incident resolve --how - 2" \
	"next done --note - 2" "next move --due +9d --reason - 3"; do
	test_ok "crm $cmd: no lock held while standard input is read" '
		rm -f pipe && mkfifo pipe &&
		{ "$CRM" $cmd <pipe >bg.out 2>bg.err & } &&
		pid=$! &&
		exec 3>pipe &&
		{ waits_reading $pid || { exec 3>&- && false; }; } &&
		{ CRM_BUSY_TIMEOUT=200 "$CRM" -q note Beta "meanwhile" >/dev/null 2>busy.err ||
			{ exec 3>&- && cat busy.err && false; }; } &&
		echo "Текст из канала" >&3 && exec 3>&- &&
		wait $pid &&
		test_empty bg.err
	'
done

test_done
