#!/bin/sh
# t1010-next-timed: next actions at a time of day in the team's zone
# (Europe/Moscow, UTC+3), their kinds, overdue from the minute, moves kept
# with a reason (next move, next show, the client's log), incidents with
# --at, in every format, and what bad input gets.
. "$SRCDIR/tests/cli/lib.sh"

# now: 2026-11-22T10:00:00Z, 13:00 in Moscow
crm init --zone Europe/Moscow >/dev/null 2>&1 &&
crm manager add "Anna Petrova" >/dev/null &&
crm client add --owner Anna Acme >/dev/null || {
	echo "Bail out! cannot set up the base"
	exit 1
}

state() {
	"$SQLX" "$CRM_DB" "SELECT (SELECT count(*) FROM journal) || '/' ||
		(SELECT count(*) FROM next_move) || '/' ||
		(SELECT $(sql_concat "due || ':' || timed") FROM (SELECT * FROM next_action ORDER BY id) AS n) || '/' ||
		(SELECT count(*) FROM incident)"
}

refused() {
	_before=$(state) &&
	expect_code "$@" &&
	test_empty out &&
	test "$(state)" = "$_before"
}

BAD=$(printf 'bad \377 text')

test_ok 'add a meeting at a time in the team zone: stored in UTC' '
	expect_code 0 crm next add --due 2026-11-24T10:00 --kind meeting Acme "meet at their office" &&
	test_empty err &&
	test_file_is out 1 &&
	test "$("$SQLX" "$CRM_DB" "SELECT due, timed, kind FROM next_action WHERE id = 1")" = \
		"1795503600|1|meeting"
'

test_ok 'add: json shows the time in UTC, csv too, a day stays a date' '
	expect_code 0 crm --json next add --due 2026-11-23 --kind call Acme "call the accountant" &&
	test_empty err &&
	test_file_is out "{\"id\":2,\"client_id\":1,\"client\":\"Acme\",\"text\":\"call the accountant\",\"kind\":\"call\",\"due\":\"2026-11-23\",\"assignee_id\":1,\"assignee\":\"Anna Petrova\",\"status\":\"open\",\"overdue\":false,\"author\":\"tester\",\"created\":\"2026-11-22T10:00:00Z\",\"closed\":null}" &&
	expect_code 0 crm --format csv --fields id,kind,due next list &&
	test_file_is out "id,kind,due
2,call,2026-11-23
1,meeting,2026-11-24T07:00:00Z"
'

test_ok 'list as a table shows the local time' '
	expect_code 0 crm --fields id,kind,due,overdue next list &&
	test_empty err &&
	test_file_is out "ID  KIND     DUE               OVERDUE
 2  call     2026-11-23        no
 1  meeting  2026-11-24 10:00  no"
'

test_ok 'overdue from the minute (a time), after 21:00Z (a day, in Moscow)' '
	CRM_NOW=2026-11-24T06:59:00Z expect_code 0 "$CRM" --format csv --fields id next list --overdue &&
	test_file_is out "id
2" &&
	CRM_NOW=2026-11-23T20:59:00Z expect_code 0 "$CRM" --format csv --fields id next list --overdue &&
	test_file_is out "id" &&
	CRM_NOW=2026-11-23T21:00:00Z expect_code 0 "$CRM" --format csv --fields id next list --overdue &&
	test_file_is out "id
2" &&
	CRM_NOW=2026-11-24T07:00:00Z expect_code 0 "$CRM" --format csv --fields id,overdue next list --overdue &&
	test_file_is out "id,overdue
2,true
1,true" &&
	CRM_NOW=2026-11-24T07:01:00Z expect_code 0 "$CRM" --format tsv --fields id next list --overdue &&
	test_file_is out "id
2
1"
'

test_ok 'list --due-before a time' '
	expect_code 0 crm --format csv --fields id next list --due-before 2026-11-24T10:00 &&
	test_file_is out "id
2" &&
	expect_code 0 crm --format csv --fields id next list --due-before 2026-11-24T10:01 &&
	test_file_is out "id
2
1"
'

test_ok 'move by the manager with a reason: kept, journaled, printed as the others' '
	expect_code 0 crm --as "Anna Petrova" next move --due 2026-11-24T11:00 --reason "no car" 1 &&
	test_empty out &&
	test_empty err &&
	test "$("$SQLX" "$CRM_DB" "SELECT action_id, at, from_due, from_timed, to_due, to_timed, by,
		reason, actor, actor_id FROM next_move")" = \
		"1|1795341600|1795503600|1|1795507200|1|manager|no car|Anna Petrova|1" &&
	test "$("$SQLX" "$CRM_DB" "SELECT actor, data FROM journal WHERE action = '\''next.move'\''")" = \
		"Anna Petrova|{\"client_id\":1,\"old_due\":\"2026-11-24T07:00:00Z\",\"due\":\"2026-11-24T08:00:00Z\",\"by\":\"manager\",\"reason\":\"no car\"}" &&
	CRM_NOW=2026-11-22T11:00:00Z expect_code 0 "$CRM" --format ndjson --fields id,due \
		next move --due 2026-11-25 --by client --reason "they asked" 1 &&
	test_file_is out "{\"id\":1,\"due\":\"2026-11-25\"}" &&
	test "$("$SQLX" "$CRM_DB" "SELECT by, actor, ifnull(CAST(actor_id AS TEXT), '\''null'\''), to_timed
		FROM next_move WHERE id = 2")" = "client|tester|null|0"
'

test_ok 'show: the action and its moves as a table' '
	expect_code 0 crm next show 1 &&
	test_empty err &&
	test_file_is out "Next action
id        1
client    Acme
text      meet at their office
kind      meeting
due       2026-11-25
assignee  Anna Petrova
status    open
author    tester
created   2026-11-22 13:00
done      -

Moves
WHEN              FROM              TO                BY       WHO           WHY
2026-11-22 13:00  2026-11-24 10:00  2026-11-24 11:00  manager  Anna Petrova  no car
2026-11-22 14:00  2026-11-24 11:00  2026-11-25        client   tester        they asked"
'

test_ok 'show: json, an object with a moves array' '
	expect_code 0 crm --json next show 1 &&
	test_empty err &&
	test_file_is out "{\"id\":1,\"client_id\":1,\"client\":\"Acme\",\"text\":\"meet at their office\",\"kind\":\"meeting\",\"due\":\"2026-11-25\",\"assignee_id\":1,\"assignee\":\"Anna Petrova\",\"status\":\"open\",\"overdue\":false,\"author\":\"tester\",\"created\":\"2026-11-22T10:00:00Z\",\"closed\":null,\"moves\":[{\"id\":1,\"at\":\"2026-11-22T10:00:00Z\",\"from\":\"2026-11-24T07:00:00Z\",\"to\":\"2026-11-24T08:00:00Z\",\"by\":\"manager\",\"author\":\"Anna Petrova\",\"author_id\":1,\"reason\":\"no car\"},{\"id\":2,\"at\":\"2026-11-22T11:00:00Z\",\"from\":\"2026-11-24T08:00:00Z\",\"to\":\"2026-11-25\",\"by\":\"client\",\"author\":\"tester\",\"author_id\":null,\"reason\":\"they asked\"}]}" &&
	expect_code 0 crm --format csv --fields id,due next show 1 &&
	test_file_is out "id,due
1,2026-11-25" &&
	expect_code 0 crm next show 2 &&
	grep -qx none out
'

test_ok 'the client log has each move, in time order; --kind move' '
	expect_code 0 crm --format tsv --fields kind,event,text,author log --kind move Acme &&
	test_empty err &&
	test_file_is out "kind	event	text	author
move	moved	meet at their office: 2026-11-24 11:00 -> 2026-11-25 (by client: they asked)	tester
move	moved	meet at their office: 2026-11-24 10:00 -> 2026-11-24 11:00 (by manager: no car)	Anna Petrova"
'

test_ok 'move refused: missing --reason, bad time, same due, unknown id, bad reason' '
	refused 2 crm next move --due 2026-11-26 1 &&
	test_file_is err "error: missing --reason: say why the action moves
usage: crm next move --due <when> (--reason <text> | --file <file>) [--by (manager | client)] <id>" &&
	refused 2 crm next move --due 2026-11-25T25:00 --reason r 1 &&
	test_grep "invalid date or time '\''2026-11-25T25:00'\'' for --due" err &&
	refused 4 crm next move --due 2026-11-25 --reason r 1 &&
	test_file_is err "error: next action 1 is already due 2026-11-25: nothing to move" &&
	refused 3 crm next move --due 2026-11-26 --reason r 99 &&
	test_file_is err "error: no next action with id 99" &&
	refused 2 crm next move --due 2026-11-26 --reason "$BAD" 1 &&
	test_grep "not valid UTF-8" err &&
	refused 2 crm next move --due 2026-11-26 --reason "" 1 &&
	refused 2 crm next move --due 2026-11-26 --reason r --by boss 1 &&
	test_grep "invalid value '\''boss'\'' for --by" err &&
	refused 2 crm next move --due 2026-11-22T12:59 --reason r 1 &&
	test_grep "before now" err
'

test_ok 'add refused: a time before now, a bad time, a bad kind; show of an unknown id' '
	refused 2 crm next add --due 2026-11-22T12:59 Acme x &&
	test_file_is err "error: due time 2026-11-22 12:59 is before now (2026-11-22 13:00)
hint: a time is now or later: --due 2026-12-31T10:00 (in the base'\''s time zone)" &&
	refused 2 crm next add --due 2026-11-25T25:00 Acme x &&
	refused 2 crm next add --due 2026-11-25 --kind visit Acme x &&
	refused 3 crm next show 99 &&
	test_file_is err "error: no next action with id 99" &&
	refused 2 crm next show x
'

test_ok 'a done action cannot move (exit 4)' '
	expect_code 0 crm next done 2 &&
	refused 4 crm next move --due 2026-11-26 --reason r 2 &&
	test_file_is err "error: next action 2 is already done"
'

test_ok 'incident add --at: a time in the zone, a day; shown by list and log' '
	expect_code 0 crm incident add --at 2026-11-21T18:30 Acme "the lorry came late" &&
	test_file_is out 1 &&
	expect_code 0 crm --json incident add --at yesterday --kind mishap Acme "broken box" &&
	test_grep "\"at\":\"2026-11-20T21:00:00Z\"" out &&
	expect_code 0 crm --format csv --fields id,at,created incident list &&
	test_file_is out "id,at,created
1,2026-11-21T15:30:00Z,2026-11-22T10:00:00Z
2,2026-11-20T21:00:00Z,2026-11-22T10:00:00Z" &&
	expect_code 0 crm --fields id,at incident list &&
	test_file_is out "ID  AT
 1  2026-11-21 18:30
 2  2026-11-21 00:00" &&
	expect_code 0 crm --format tsv --fields at,event log --kind incident Acme &&
	test_file_is out "at	event
2026-11-21T15:30:00Z	opened
2026-11-20T21:00:00Z	opened"
'

test_ok 'incident add --at in the future or invalid: exit 2, nothing written' '
	refused 2 crm incident add --at 2026-11-22T13:01 Acme x &&
	test_grep "is in the future" err &&
	refused 2 crm incident add --at tomorrow Acme x &&
	refused 2 crm incident add --at 2026-11-21T24:00 Acme x &&
	test_grep "invalid date or time" err
'

test_ok 'export and import keep a time and a date exactly' '
	crm next add --due 2026-11-30T09:15 Acme "ring them" >/dev/null &&
	expect_code 0 crm client export && mv out exported &&
	CRM_DB="$PWD/b.db" "$CRM" init --zone Europe/Moscow >/dev/null 2>&1 &&
	CRM_DB="$PWD/b.db" expect_code 0 "$CRM" client import exported &&
	CRM_DB="$PWD/b.db" expect_code 0 "$CRM" client export && mv out again &&
	cmp exported again &&
	test_grep "\"kind\":\"meeting\",\"due\":\"2026-11-25\"" again &&
	test_grep "\"kind\":\"task\",\"due\":\"2026-11-30T06:15:00Z\"" again &&
	test "$("$SQLX" "$PWD/b.db" "SELECT group_concat(due || timed || kind) FROM next_action")" = \
		"17955648000meeting,17953920000call,17960193001task" || {
		"$SQLX" "$PWD/b.db" "SELECT due, timed, kind FROM next_action"; false; }
'

test_done
