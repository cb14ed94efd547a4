#!/bin/sh
# t6002-exit-noinput: a missing or unreadable input file is exit 66
# (EX_NOINPUT) for every command that reads one: client import, --file,
# --brief-file, --template (handover notice, client farewell), --answers,
# vip template set and restore. Each as missing, as a folder and as a path
# through a plain file (the tests run as root, whom chmod 000 does not
# stop), and as chmod 000 when not root. Nothing is written.
. "$SRCDIR/tests/cli/lib.sh"

state() {
	$SQLX crm.db "SELECT (SELECT count(*) FROM journal) || '/' || (SELECT count(*) FROM client)"
}

# no_input CMD...: for each bad path, CMD with @ replaced by it exits 66,
# names the path (the message is pinned below), prints nothing on stdout and writes nothing
no_input() {
	_before=$(state) &&
	for _p in nosuch.txt folder plain/inside.txt $UNREADABLE; do
		_args= &&
		for _a in "$@"; do
			test "$_a" = @ && _a=$_p
			_args="$_args '$_a'"
		done &&
		eval "expect_code 66 crm $_args" &&
		test_empty out &&
		test_grep "'$_p'" err ||
		return 1
	done &&
	test "$(state)" = "$_before"
}

UNREADABLE=
if test "$(id -u)" != 0; then
	: >unreadable.txt && chmod 000 unreadable.txt && UNREADABLE=unreadable.txt
fi

BRIEF='Директор Иван Сидоров решает сам, звать по отчеству. Ценит точность, любит рыбалку, чай и шахматы. Скидка 5% до мая. Спор о сроках в мае улажен. Дальше: звонок до пятницы, КП на весну, визит. Клиент требует терпения.'

test_ok 'a base, a handover, a VIP programme and the bad paths' '
	crm -q init >/dev/null &&
	crm -q manager add Head --role head >/dev/null &&
	crm -q manager add Ann >/dev/null &&
	crm -q manager add Bob >/dev/null &&
	crm -q client add Acme --status active --owner Bob >/dev/null &&
	crm -q client add Beta --owner Ann >/dev/null &&
	crm -q contact add Acme "Ivan Petrov" --role CEO --key >/dev/null &&
	crm -q vip program start --lead Head --staff Ann,Bob --until 2026-12-31 "VIP 2026" >/dev/null &&
	crm -q vip assign --apply >/dev/null &&
	crm -q handover Beta --to Bob --reason overload --brief "$BRIEF" --notify-via meeting \
		--next x --due +3d >/dev/null &&
	mkdir folder && : >plain
'

test_ok 'client import' 'no_input client import @'
test_ok 'client import: the message of a missing file' '
	expect_code 66 crm client import nosuch.csv &&
	test_file_is err "error: cannot read '\''nosuch.csv'\'': No such file or directory"
'
test_ok 'note --file' '
	no_input note --file @ Acme &&
	expect_code 66 crm note --file folder Acme &&
	test_file_is err "error: cannot read '\''folder'\'' for --file: Is a directory" &&
	expect_code 66 crm note --file plain/inside.txt Acme &&
	test_file_is err "error: cannot read '\''plain/inside.txt'\'' for --file: Not a directory"
'
test_ok 'promise add --file' 'no_input promise add --file @ Acme'
test_ok 'incident add --file' 'no_input incident add --file @ Acme'
test_ok 'next add --file' 'no_input next add --due +2d --file @ Acme'
test_ok 'handover --brief-file' \
	'no_input handover Acme --to Ann --reason overload --notify-via meeting --brief-file @ --next x --due +3d'
test_ok 'handover decline --file' 'no_input --as Bob handover decline --file @ 1'
test_ok 'handover notice --template' 'no_input handover notice --template @ 1'
test_ok 'client farewell --notice --template' \
	'no_input client farewell --reason x --notice --template @ Acme'
test_ok 'vip template set' 'no_input vip template set @'
test_ok 'vip survey --answers' 'no_input --as Bob vip survey --answers @ Acme'
test_ok 'restore' '
	no_input restore --yes @ &&
	expect_code 66 crm restore --yes nosuch.db &&
	test_file_is err "error: no file at '\''nosuch.db'\''"
'

test_ok 'what is not a missing file keeps its code: a bad import record is 65' '
	printf "{\"name\": 5}\n" >bad.ndjson &&
	expect_code 65 crm client import bad.ndjson
'

test_ok 'in Russian: the message is translated, the code the same' '
	LC_ALL=ru_RU.UTF-8 expect_code 66 crm note --file nosuch.txt Acme &&
	test_grep "ошибка: не удаётся прочитать «nosuch.txt» для --file" err
'

test_done
