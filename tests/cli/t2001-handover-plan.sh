#!/bin/sh
# t2001-handover-plan: crm handover plan for a vacation, a departure and an
# overload, and --return after a vacation, in every format: the
# distribution by fit without putting anyone over capacity, the clients
# that cannot be placed and why, --apply in one transaction (all or
# nothing), and the usage errors.
. "$SRCDIR/tests/cli/lib.sh"

crm init >/dev/null 2>&1

# Managers 1 Anna Petrova (capacity 5), 2 Boris Orlov (capacity 3,
# patient, fishes), 3 Vera Head (capacity 2, a head), 4 Gleb Away (on
# vacation). Anna's clients: 1 Северсталь (vip, the most valuable), 2 Рога
# и копыта (fishes, needs support), 3 Acme (fishes), 4 Globex (key),
# 5 Initech (Boris quarrelled with it), 6 Umbrella, 7 Lost (lost).
{
	crm manager add --capacity 5 "Anna Petrova" &&
	crm manager add --capacity 3 --trait patient --interest рыбалка "Boris Orlov" &&
	crm manager add --capacity 2 --role head "Vera Head" &&
	crm manager add "Gleb Away" &&
	crm manager edit --status vacation "Gleb Away" &&
	crm client add --owner Anna --tier vip --value 900000 "Северсталь" &&
	crm client add --owner Anna --interest рыбалка --tag needs-support "Рога и копыта" &&
	crm client add --owner Anna --interest рыбалка Acme &&
	crm client add --owner Anna --tier key Globex &&
	crm client add --owner Anna Initech &&
	crm client add --owner Anna Umbrella &&
	crm client add --owner Anna --status lost Lost &&
	for c in "Северсталь" "Рога и копыта" Acme Globex Initech Umbrella Lost; do
		crm contact add --key --email "director@$(echo "$c" | tr -dc a-z)x.ru" "$c" \
			"Директор $c" || exit 1
	done &&
	crm --as "Boris Orlov" incident add --kind conflict Initech "спор о цене"
} >/dev/null 2>&1 || {
	echo "Bail out! cannot build the fixture"
	exit 1
}

BRIEF='Анна уходит в отпуск на две недели. Директора зовут по имени-отчеству, решения принимает он сам. Клиенты ценят точность и звонки до обеда. Обещанные скидки и сроки поставок в карточках, споров сейчас нет. Первым делом представьтесь и подтвердите ближайшие заказы.'
printf '%s\n' "$BRIEF" >brief.txt

state() {
	"$SQLX" "$CRM_DB" "SELECT (SELECT count(*) FROM journal) || '/' ||
		(SELECT count(*) FROM handover) || '/' ||
		(SELECT $(sql_group_concat owner_id id) FROM client)"
}

refused() {
	_before=$(state) &&
	expect_code "$@" &&
	test "$(state)" = "$_before"
}

test_ok 'plan: a vacation, by fit, nobody over capacity, one client left' '
	before=$(state) &&
	expect_code 0 crm handover plan --from Anna --reason vacation --until 2026-12-15 &&
	cat >want <<-\EOF &&
	CLIENT_ID  CLIENT         TO           SCORE  STATUS    HANDOVER  WHY
	        1  Северсталь     Boris Orlov     10  planned          -  load 0/3
	        4  Globex         Vera Head       10  planned          -  load 0/2
	        2  Рога и копыта  Boris Orlov     36  planned          -  shared interests: рыбалка; patient, as the client needs; load 1/3
	        3  Acme           Boris Orlov     13  planned          -  shared interests: рыбалка; load 2/3
	        5  Initech        Vera Head        5  planned          -  load 1/2
	        6  Umbrella       -                -  unplaced         -  every other active manager is at capacity: raise a capacity ('\''crm manager edit --capacity'\''), or hand it over with --over-capacity
	EOF
	cmp want out &&
	test_file_is err "warning: 1 of 6 clients could not be placed: the rows with status '\''unplaced'\'' say why
a plan of 5 handovers: add --apply and --brief to create them" &&
	test "$(state)" = "$before"
'

test_ok 'plan in json, ndjson, csv and tsv' '
	expect_code 0 crm --json handover plan --from Anna --reason leaving &&
	python3 -c "
import json
rows = json.load(open(\"out\"))
assert [r[\"client_id\"] for r in rows] == [1, 4, 2, 3, 5, 6], rows
assert list(rows[0]) == [\"client_id\", \"client\", \"from_id\", \"from\", \"to_id\", \"to\", \"score\", \"status\", \"handover_id\", \"return_of\", \"until\", \"why\"]
assert rows[0][\"from\"] == \"Anna Petrova\" and rows[0][\"until\"] is None
assert rows[5][\"to_id\"] is None and rows[5][\"score\"] is None and rows[5][\"status\"] == \"unplaced\"
" &&
	expect_code 0 crm --format ndjson --fields client,to handover plan --from Anna \
		--reason leaving &&
	test "$(head -n 1 out)" = "{\"client\":\"Северсталь\",\"to\":\"Boris Orlov\"}" &&
	test "$(wc -l <out)" -eq 6 &&
	expect_code 0 crm --format csv --fields client_id,to_id,until handover plan --from 1 \
		--reason vacation --until +3w &&
	test_file_is out "client_id,to_id,until
1,2,2026-12-13
4,3,2026-12-13
2,2,2026-12-13
3,2,2026-12-13
5,3,2026-12-13
6,," &&
	expect_code 0 crm --format tsv --fields client,status handover plan --from Anna \
		--reason leaving &&
	test "$(tail -n 1 out)" = "Umbrella	unplaced"
'

test_ok 'plan: a manager who had a conflict with the client never gets it' '
	expect_code 0 crm --format csv --fields client,to handover plan --from Anna \
		--reason leaving &&
	test_grep "Initech,Vera Head" out &&
	crm manager edit --capacity 0 Vera >/dev/null &&
	crm manager edit --capacity 10 "Boris Orlov" >/dev/null &&
	expect_code 0 crm --format csv --fields client,to,why handover plan --from Anna \
		--reason leaving &&
	test_grep "Initech,,\"the only managers with room had a conflict with the client, are ones it asked to be rid of, or are trainees (for a vip or key client): hand it over by hand to someone who suits it\"" out &&
	test_grep "Umbrella,Boris Orlov," out &&
	crm manager edit --capacity 2 Vera >/dev/null &&
	crm manager edit --capacity 3 "Boris Orlov" >/dev/null
'

test_ok 'plan --reason overload: only the clients over capacity, the least fitting' '
	expect_code 0 crm --format csv --fields client_id,client,to handover plan --from Anna \
		--reason overload &&
	test_file_is out "client_id,client,to
6,Umbrella,Boris Orlov" &&
	crm manager edit --capacity 4 Anna >/dev/null &&
	expect_code 0 crm --format csv --fields client_id handover plan --from Anna \
		--reason overload &&
	test_file_is out "client_id
5
6" &&
	crm manager edit --capacity 10 Anna >/dev/null &&
	expect_code 0 crm handover plan --from Anna --reason overload &&
	test_empty out &&
	test_file_is err "no client to hand over" &&
	crm manager edit --capacity 5 Anna >/dev/null
'

test_ok 'plan: usage errors (exit 2) and unknown managers (exit 3)' '
	refused 2 crm handover plan --reason vacation &&
	test_grep "error: give either --from or --return" err &&
	refused 2 crm handover plan --from Anna --return Anna &&
	test_grep "error: give either --from or --return" err &&
	refused 2 crm handover plan --from Anna &&
	test_grep "error: missing --reason: vacation, leaving or overload" err &&
	refused 2 crm handover plan --from Anna --reason refresh &&
	test_grep "invalid value '\''refresh'\'' for --reason (vacation, leaving, overload)" err &&
	refused 2 crm handover plan --return Anna --reason vacation &&
	test_grep "error: --return gives clients back: no --reason or --until" err &&
	refused 2 crm handover plan --from Anna --reason vacation --apply &&
	test_grep "error: --apply needs --brief or --brief-file" err &&
	refused 2 crm handover plan --from Anna --reason vacation --until someday &&
	test_grep "invalid date '\''someday'\'' for --until" err &&
	refused 2 crm handover plan --from Anna --reason vacation Extra &&
	test_grep "unexpected argument '\''Extra'\''" err &&
	refused 3 crm handover plan --from Nobody --reason leaving &&
	test_file_is err "error: no manager matches '\''Nobody'\''"
'

test_ok 'plan --apply: a short briefing or a past date is refused, nothing written' '
	refused 4 crm handover plan --from Anna --reason vacation --brief "коротко" --apply &&
	test_empty out &&
	test_file_is err "error: the briefing has 7 characters, at least 200 are needed (handover.min_brief_chars): write the full history, what was agreed and why, what still needs work, every promise, discount, doubt and risk
nothing was handed over" &&
	refused 4 crm handover plan --from Anna --reason vacation --until yesterday \
		--brief-file brief.txt --apply &&
	test_grep "the cover'\''s last day 2026-11-21 is in the past" err &&
	refused 4 crm handover plan --from Anna --reason vacation --due -1d \
		--brief-file brief.txt --apply &&
	test_grep "the next action'\''s due date 2026-11-21 is in the past" err
'

test_ok 'plan --apply: every placed client gets its pending handover' '
	expect_code 0 crm handover plan --from Anna --reason vacation --until 2026-12-15 \
		--brief-file brief.txt --apply --yes &&
	cat >want <<-\EOF &&
	CLIENT_ID  CLIENT         TO           SCORE  STATUS    HANDOVER  WHY
	        1  Северсталь     Boris Orlov     10  created          1  load 0/3
	        4  Globex         Vera Head       10  created          2  load 0/2
	        2  Рога и копыта  Boris Orlov     36  created          3  shared interests: рыбалка; patient, as the client needs; load 1/3
	        3  Acme           Boris Orlov     13  created          4  shared interests: рыбалка; load 2/3
	        5  Initech        Vera Head        5  created          5  load 1/2
	        6  Umbrella       -                -  unplaced         -  every other active manager is at capacity: raise a capacity ('\''crm manager edit --capacity'\''), or hand it over with --over-capacity
	EOF
	cmp want out &&
	test_file_is err "warning: 1 of 6 clients could not be placed: the rows with status '\''unplaced'\'' say why
5 pending handovers created: each receiver accepts with '\''crm handover accept <id>'\''" &&
	test "$("$SQLX" "$CRM_DB" "SELECT count(*), min(status), max(status), min(until),
		min(next_text), min(next_due), count(DISTINCT brief) FROM handover")" = "5|pending|pending|1797292800|introduce yourself to the client as the new manager|1795564800|1" &&
	test "$("$SQLX" "$CRM_DB" "SELECT count(*) FROM journal
		WHERE action = '\''handover.add'\''")" = 5 &&
	test "$("$SQLX" "$CRM_DB" "SELECT $(sql_group_concat owner_id id) FROM client")" = "1,1,1,1,1,1,1"
'

test_ok 'plan again: the clients with a pending handover say so' '
	expect_code 0 crm --format csv --fields client_id,why handover plan --from Anna \
		--reason vacation &&
	test "$(sed -n 2p out)" = "1,a handover of this client is already pending (1)"
'

test_ok 'plan --return: back to the manager once active again, within capacity' '
	for i in 1 2 3 4 5; do
		crm --as "Vera Head" handover accept $i 2>/dev/null || return 1
	done &&
	crm manager edit --status vacation Anna >/dev/null &&
	expect_code 0 crm --format csv --fields client_id,from,why handover plan --return Anna &&
	test "$(sed -n 2p out)" = "1,Boris Orlov,'\''Anna Petrova'\'' is not active: set the status back with '\''crm manager edit --status active'\'' first" &&
	crm manager edit --status active --capacity 4 Anna >/dev/null &&
	CRM_NOW=2026-12-16T10:00:00Z expect_code 0 "$CRM" handover plan --return Anna \
		--brief-file brief.txt --apply --yes &&
	cat >want <<-\EOF &&
	CLIENT_ID  CLIENT         TO            SCORE  STATUS    HANDOVER  WHY
	        1  Северсталь     Anna Petrova     12  created          6  gives back handover 1 (cover until 2026-12-15); handled this client before; load 1/4
	        4  Globex         Anna Petrova     10  created          7  gives back handover 2 (cover until 2026-12-15); handled this client before; load 2/4
	        2  Рога и копыта  Anna Petrova      7  created          8  gives back handover 3 (cover until 2026-12-15); handled this client before; load 3/4
	        3  Acme           -                 -  unplaced         -  '\''Anna Petrova'\'' is at capacity (4 of 4): raise it with '\''crm manager edit --capacity'\''
	        5  Initech        -                 -  unplaced         -  '\''Anna Petrova'\'' is at capacity (4 of 4): raise it with '\''crm manager edit --capacity'\''
	EOF
	cmp want out &&
	test "$("$SQLX" "$CRM_DB" "SELECT $(sql_group_concat "id || '\'':'\'' || from_id || '\''>'\'' ||
		to_id || '\'':'\'' || reason || '\'':'\'' || return_of" id " ") FROM handover
		WHERE return_of IS NOT NULL")" = "6:2>1:vacation:1 7:3>1:vacation:2 8:2>1:vacation:3"
'

test_ok 'plan --return in json: pending returns and the rest' '
	CRM_NOW=2026-12-16T10:00:00Z expect_code 0 "$CRM" --json --fields client_id,return_of,until,why \
		handover plan --return Anna &&
	test_file_is out "[
{\"client_id\":1,\"return_of\":1,\"until\":\"2026-12-15\",\"why\":\"a handover of this client is already pending (6)\"},
{\"client_id\":4,\"return_of\":2,\"until\":\"2026-12-15\",\"why\":\"a handover of this client is already pending (7)\"},
{\"client_id\":2,\"return_of\":3,\"until\":\"2026-12-15\",\"why\":\"a handover of this client is already pending (8)\"},
{\"client_id\":3,\"return_of\":4,\"until\":\"2026-12-15\",\"why\":\"'\''Anna Petrova'\'' is at capacity (4 of 4): raise it with '\''crm manager edit --capacity'\''\"},
{\"client_id\":5,\"return_of\":5,\"until\":\"2026-12-15\",\"why\":\"'\''Anna Petrova'\'' is at capacity (4 of 4): raise it with '\''crm manager edit --capacity'\''\"}
]"
'

test_ok 'accepted returns are not proposed again' '
	for i in 6 7 8; do
		crm --as "Anna Petrova" handover accept $i 2>/dev/null || return 1
	done &&
	crm manager edit --capacity 10 Anna >/dev/null &&
	CRM_NOW=2026-12-16T10:00:00Z expect_code 0 "$CRM" --format csv --fields client_id,to \
		handover plan --return Anna &&
	test_file_is out "client_id,to
3,Anna Petrova
5,Anna Petrova"
'

# ---- the examples of crm-handover(1) -----------------------------------------

test_ok 'man page example: cover a vacation, then give the clients back' '
	crm manager add --capacity 50 Olga >/dev/null 2>&1 &&
	crm manager add --capacity 50 Pavel >/dev/null 2>&1 &&
	crm client add --owner Olga "Olga 1" >/dev/null 2>&1 &&
	crm contact add --key --phone "+7 911 555-00-01" "Olga 1" "Ольга Первая" >/dev/null &&
	expect_code 0 crm handover plan --from Olga --reason vacation --until 2026-12-15 &&
	expect_code 0 crm handover plan --from Olga --reason vacation --until 2026-12-15 \
		--brief-file brief.txt --apply --yes &&
	id=$("$SQLX" "$CRM_DB" "SELECT max(id) FROM handover") &&
	to=$("$SQLX" "$CRM_DB" "SELECT m.name FROM handover h JOIN manager m ON m.id = h.to_id
		WHERE h.id = $id") &&
	crm --as "$to" handover accept "$id" 2>/dev/null &&
	cp brief.txt back.txt &&
	expect_code 0 crm handover plan --return Olga --brief-file back.txt --apply --yes &&
	test_grep "gives back handover $id" out
'

test_ok 'plan --apply drives the progress line on a terminal only' '
	crm manager add --capacity 50 Quinn >/dev/null 2>&1 &&
	crm manager add --capacity 50 Rita >/dev/null 2>&1 &&
	for q in 1 2 3; do
		crm client add --owner Quinn "Quinn $q" >/dev/null 2>&1 &&
		crm contact add --key --email "q$q@quinn.ru" "Quinn $q" "Директор $q" >/dev/null ||
		return 1
	done &&
	crm client edit --owner Rita "Quinn 3" >/dev/null &&
	script -qec "\"$CRM\" handover plan --from Quinn --reason leaving --brief-file brief.txt --apply --yes" /dev/null >tty </dev/null &&
	test "$(tr -d -c "\033" <tty | wc -c)" -ge 1 &&
	crm client edit --owner Quinn "Quinn 3" >/dev/null &&
	expect_code 0 crm handover plan --from Quinn --reason leaving --brief-file brief.txt --apply --yes &&
	test "$(tr -d -c "\033" <err | wc -c)" -eq 0
'

test_done
