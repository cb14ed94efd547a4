#!/bin/sh
# t1006-next: crm next add|list|done|move in every format: the default
# assignee, due dates, --mine, overdue around midnight, done with a note
# that becomes one interaction, moves kept in the journal, and what bad
# input gets.
. "$SRCDIR/tests/cli/lib.sh"

crm init >/dev/null 2>&1

# Managers 1 Anna Petrova, 2 Boris Orlov, 3 Boris Ivanov; clients
# 1 Рога и копыта (owner Anna), 2 Acme (owner Boris Orlov), 3 Orphan (none).
{
	crm manager add "Anna Petrova" &&
	crm manager add "Boris Orlov" &&
	crm manager add "Boris Ivanov" &&
	crm client add --owner Anna "Рога и копыта" &&
	crm client add --owner "Boris Orlov" Acme &&
	crm client add Orphan
} >/dev/null || {
	echo "Bail out! cannot add the managers and clients"
	exit 1
}

# The state that a refused command must leave alone.
state() {
	"$SQLX" "$CRM_DB" "SELECT (SELECT count(*) FROM journal) || '/' ||
		(SELECT count(*) FROM interaction) || '/' ||
		(SELECT $(sql_concat "status || ':' || due || ':' || ifnull(CAST(assignee_id AS TEXT), '-')")
		 FROM (SELECT * FROM next_action ORDER BY id) AS n)"
}

# Runs a command that must fail with exit code $1 and write nothing.
refused() {
	_before=$(state) &&
	expect_code "$@" &&
	test_empty out &&
	test "$(state)" = "$_before"
}

# The ids of the rows of the last csv output, on one line.
ids() {
	tail -n +2 out | cut -d, -f1 | tr "\n" " "
}

LONG=$(awk 'BEGIN { while (n++ < 10001) printf "ж" }')
BAD=$(printf 'bad \377 text')

# ---- add ----------------------------------------------------------------

test_ok 'add prints the new id; the owner is the assignee' '
	expect_code 0 crm next add --due +3d Acme "call about the second delivery" &&
	test_empty err &&
	test_file_is out 1 &&
	test "$("$SQLX" "$CRM_DB" "SELECT client_id, due, assignee_id, status, author
		FROM next_action WHERE id = 1")" = "2|1795564800|2|open|tester"
'

test_ok 'add --assignee: someone else than the owner' '
	expect_code 0 crm next add --due 2026-12-01 --assignee "Boris Orlov" Acme \
		"visit the new warehouse" &&
	test_empty err &&
	test_file_is out 2
'

test_ok 'add --format json prints the record' '
	expect_code 0 crm --json next add --due tomorrow --assignee anna "Рога и копыта" \
		"send the offer" &&
	test_empty err &&
	test_file_is out "{\"id\":3,\"client_id\":1,\"client\":\"Рога и копыта\",\"text\":\"send the offer\",\"kind\":\"task\",\"due\":\"2026-11-23\",\"assignee_id\":1,\"assignee\":\"Anna Petrova\",\"status\":\"open\",\"overdue\":false,\"author\":\"tester\",\"created\":\"2026-11-22T10:00:00Z\",\"closed\":null}"
'

test_ok 'add to a client without an owner: no assignee, a warning' '
	expect_code 0 crm next add --due today Orphan "find an owner" &&
	test_file_is out 4 &&
	test_file_is err "warning: client '\''Orphan'\'' has no owner: next action 4 has no assignee
hint: give one with '\''crm next add --assignee <manager>'\'', or an owner with '\''crm client edit --owner <manager> 3'\''" &&
	test "$("$SQLX" "$CRM_DB" "SELECT ifnull(CAST(assignee_id AS TEXT), '\''null'\'') FROM next_action
		WHERE id = 4")" = null
'

test_ok 'add days ago (csv, tsv): these are overdue now' '
	CRM_NOW=2026-11-18T12:00:00Z expect_code 0 "$CRM" --format csv next add \
		--due 2026-11-20 "Рога и копыта" "call the accountant" &&
	test_empty err &&
	test_file_is out "id,client_id,client,text,kind,due,assignee_id,assignee,status,overdue,author,created,closed
5,1,Рога и копыта,call the accountant,task,2026-11-20,1,Anna Petrova,open,false,tester,2026-11-18T12:00:00Z," &&
	# "bob" names no manager: the author is kept as typed (an identity that
	# named several, as "boris" does, would exit 3)
	CRM_NOW=2026-11-18T13:00:00Z expect_code 0 "$CRM" --format tsv --as bob next add \
		--due 2026-11-21 --assignee "Boris Orlov" Orphan "check the debt" &&
	test_empty err &&
	test_file_is out "$(printf "%s\t" id client_id client text kind due assignee_id assignee status overdue author created)closed
$(printf "%s\t" 6 3 Orphan "check the debt" task 2026-11-21 2 "Boris Orlov" open false bob 2026-11-18T13:00:00Z)"
'

test_ok 'add journals next.add and bumps the client' '
	expect_code 0 crm --format tsv --fields entity_id,actor,data journal --entity next &&
	test_file_is out "entity_id	actor	data
1	tester	{\"client_id\":2,\"text\":\"call about the second delivery\",\"kind\":\"task\",\"due\":\"2026-11-25\",\"assignee_id\":2}
2	tester	{\"client_id\":2,\"text\":\"visit the new warehouse\",\"kind\":\"task\",\"due\":\"2026-12-01\",\"assignee_id\":2}
3	tester	{\"client_id\":1,\"text\":\"send the offer\",\"kind\":\"task\",\"due\":\"2026-11-23\",\"assignee_id\":1}
4	tester	{\"client_id\":3,\"text\":\"find an owner\",\"kind\":\"task\",\"due\":\"2026-11-22\",\"assignee_id\":null}
5	tester	{\"client_id\":1,\"text\":\"call the accountant\",\"kind\":\"task\",\"due\":\"2026-11-20\",\"assignee_id\":1}
6	bob	{\"client_id\":3,\"text\":\"check the debt\",\"kind\":\"task\",\"due\":\"2026-11-21\",\"assignee_id\":2}" &&
	test "$("$SQLX" "$CRM_DB" "SELECT updated FROM client WHERE id = 3")" = 1795006800
'

test_ok 'add: --due is required, and today or later' '
	refused 2 crm next add Acme "x" &&
	test_file_is err "error: missing --due: a next action needs a deadline
usage: crm next add --due <when> [--kind <kind>] [--assignee <manager>] <client> (<text> | --file <file>)" &&
	refused 2 crm next add --due yesterday Acme "x" &&
	test_file_is err "error: due date 2026-11-21 is before today (2026-11-22)
hint: a next action is due today or later: --due today, --due +3d, --due 2026-12-31, --due 2026-12-31T10:00" &&
	refused 2 crm next add --due -1w Acme "x" &&
	test_grep "due date 2026-11-15 is before today" err &&
	refused 2 crm next add --due soon Acme "x" &&
	test_file_is err "error: invalid date or time '\''soon'\'' for --due: use YYYY-MM-DD or YYYY-MM-DDTHH:MM (the base'\''s time zone), today, tomorrow or +3d
usage: crm next add --due <when> [--kind <kind>] [--assignee <manager>] <client> (<text> | --file <file>)"
'

test_ok 'add: empty, too long and invalid text' '
	refused 2 crm next add --due today Acme "" &&
	test_file_is err "error: empty text" &&
	refused 2 crm next add --due today Acme "$LONG" &&
	test_file_is err "error: text is too long: 10001 characters, at most 10000" &&
	refused 2 crm next add --due today Acme "$BAD" &&
	test_grep "is not valid UTF-8 text" err
'

test_ok 'add: unknown or ambiguous client and manager exit 3' '
	refused 3 crm next add --due today Nobody "x" &&
	test_file_is err "error: no client matches '\''Nobody'\''" &&
	refused 3 crm next add --due today --assignee Nobody Acme "x" &&
	test_file_is err "error: no manager matches '\''Nobody'\''" &&
	refused 3 crm next add --due today --assignee 99 Acme "x" &&
	test_file_is err "error: no manager with id 99" &&
	refused 3 crm next add --due today --assignee boris Acme "x" &&
	test_file_is err "error: manager '\''boris'\'' is ambiguous: 3 Boris Ivanov, 2 Boris Orlov" &&
	refused 2 crm next add --due today Acme
'

# ---- list -----------------------------------------------------------------

test_ok 'list: open actions as a table, the earliest due first' '
	expect_code 0 crm next list &&
	test_empty err &&
	test_file_is out "ID  CLIENT_ID  CLIENT         TEXT                            KIND  DUE         ASSIGNEE_ID  ASSIGNEE      STATUS  OVERDUE  AUTHOR  CREATED           CLOSED
 5          1  Рога и копыта  call the accountant             task  2026-11-20            1  Anna Petrova  open    yes      tester  2026-11-18 12:00  -
 6          3  Orphan         check the debt                  task  2026-11-21            2  Boris Orlov   open    yes      bob     2026-11-18 13:00  -
 4          3  Orphan         find an owner                   task  2026-11-22            -  -             open    no       tester  2026-11-22 10:00  -
 3          1  Рога и копыта  send the offer                  task  2026-11-23            1  Anna Petrova  open    no       tester  2026-11-22 10:00  -
 1          2  Acme           call about the second delivery  task  2026-11-25            2  Boris Orlov   open    no       tester  2026-11-22 10:00  -
 2          2  Acme           visit the new warehouse         task  2026-12-01            2  Boris Orlov   open    no       tester  2026-11-22 10:00  -"
'

test_ok 'list --overdue: open, due before today; around midnight' '
	expect_code 0 crm --format csv next list --overdue &&
	test_empty err &&
	test "$(ids)" = "5 6 " &&
	CRM_NOW=2026-11-20T23:59:59Z expect_code 0 "$CRM" --format csv next list --overdue &&
	test "$(ids)" = "" &&
	CRM_NOW=2026-11-21T00:00:00Z expect_code 0 "$CRM" --format csv next list --overdue &&
	test "$(ids)" = "5 "
'

test_ok 'list --due-before: strictly before the date' '
	expect_code 0 crm --format csv next list --due-before 2026-11-23 &&
	test_empty err &&
	test "$(ids)" = "5 6 4 " &&
	expect_code 0 crm --format csv next list --due-before +1w &&
	test "$(ids)" = "5 6 4 3 1 " &&
	expect_code 0 crm --format csv next list --due-before +1w --overdue &&
	test "$(ids)" = "5 6 " &&
	expect_code 2 crm next list --due-before someday &&
	test_empty out &&
	test_grep "invalid date or time '\''someday'\'' for --due-before" err
'

test_ok 'list --assignee and CLIENT' '
	expect_code 0 crm --format csv next list --assignee "Boris Orlov" &&
	test_empty err &&
	test "$(ids)" = "6 1 2 " &&
	expect_code 0 crm --format csv next list --assignee "Boris Orlov" Acme &&
	test "$(ids)" = "1 2 " &&
	expect_code 0 crm --format csv next list Orphan &&
	test "$(ids)" = "6 4 " &&
	expect_code 3 crm next list --assignee boris &&
	test_empty out &&
	test_grep "is ambiguous" err &&
	expect_code 3 crm next list Nobody &&
	test_empty out &&
	test_file_is err "error: no client matches '\''Nobody'\''"
'

test_ok 'list --mine: the actions of the manager who runs crm' '
	expect_code 0 crm --as "Anna Petrova" --format csv next list --mine &&
	test_empty err &&
	test "$(ids)" = "5 3 " &&
	expect_code 0 crm --as "Anna Petrova" --format csv next list --mine --due-before +1w &&
	test "$(ids)" = "5 3 "
'

test_ok 'list --mine when you are not a manager: exit 3 with a hint' '
	expect_code 3 crm next list --mine &&
	test_empty out &&
	test_file_is err "error: you ('\''tester'\'') are not a manager: --mine needs one
hint: act as a manager with '\''crm --as <manager>'\'', register yourself with '\''crm manager add'\'', or use --assignee <manager>"
'

test_ok 'list --mine with --assignee: usage error' '
	expect_code 2 crm --as "Anna Petrova" next list --mine --assignee anna &&
	test_empty out &&
	test_file_is err "error: --mine and --assignee cannot be used together
usage: crm next list [--mine | --assignee <manager>] [--overdue] [--due-before <when>] [--all] [<client>]"
'

test_ok 'list as json and ndjson' '
	expect_code 0 crm --json --fields id,due,assignee_id,assignee next list Orphan &&
	test_empty err &&
	test_file_is out "[
{\"id\":6,\"due\":\"2026-11-21\",\"assignee_id\":2,\"assignee\":\"Boris Orlov\"},
{\"id\":4,\"due\":\"2026-11-22\",\"assignee_id\":null,\"assignee\":null}
]" &&
	expect_code 0 crm --format ndjson --fields id,client next list --overdue &&
	test_file_is out "{\"id\":5,\"client\":\"Рога и копыта\"}
{\"id\":6,\"client\":\"Orphan\"}" &&
	expect_code 0 crm --json next list --due-before 2026-11-01 &&
	test_file_is out "[]"
'

# ---- done -----------------------------------------------------------------

test_ok 'done: prints nothing, journals, bumps the client' '
	CRM_NOW=2026-11-22T11:00:00Z expect_code 0 "$CRM" next done 5 &&
	test_empty out &&
	test_empty err &&
	test "$("$SQLX" "$CRM_DB" "SELECT status, done FROM next_action WHERE id = 5")" = \
		"done|1795345200" &&
	test "$("$SQLX" "$CRM_DB" "SELECT updated FROM client WHERE id = 1")" = 1795345200 &&
	test "$("$SQLX" "$CRM_DB" "SELECT action, entity, entity_id, data FROM journal
		ORDER BY id DESC LIMIT 1")" = \
		"next.done|next|5|{\"client_id\":1,\"interaction_id\":null}" &&
	test "$("$SQLX" "$CRM_DB" "SELECT count(*) FROM interaction")" = 0
'

test_ok 'done twice: exit 4' '
	refused 4 crm next done 5 &&
	test_file_is err "error: next action 5 is already done" &&
	refused 4 crm next done --note "again" 5 &&
	test_file_is err "error: next action 5 is already done"
'

test_ok 'done --note: exactly one interaction of kind note, by the actor' '
	expect_code 0 crm --as "Anna Petrova" next done --note "they want a quote for 200 units" 1 &&
	test_empty out &&
	test_empty err &&
	test "$("$SQLX" "$CRM_DB" "SELECT count(*) FROM interaction")" = 1 &&
	test "$("$SQLX" "$CRM_DB" "SELECT id, client_id, kind, author, text, at FROM interaction")" = \
		"1|2|note|Anna Petrova|they want a quote for 200 units|1795341600" &&
	test "$("$SQLX" "$CRM_DB" "SELECT actor, action, data FROM journal
		ORDER BY id DESC LIMIT 1")" = \
		"Anna Petrova|next.done|{\"client_id\":2,\"interaction_id\":1}"
'

test_ok 'done in json prints the record' '
	expect_code 0 crm --json next done 6 &&
	test_empty err &&
	test_file_is out "{\"id\":6,\"client_id\":3,\"client\":\"Orphan\",\"text\":\"check the debt\",\"kind\":\"task\",\"due\":\"2026-11-21\",\"assignee_id\":2,\"assignee\":\"Boris Orlov\",\"status\":\"done\",\"overdue\":false,\"author\":\"bob\",\"created\":\"2026-11-18T13:00:00Z\",\"closed\":\"2026-11-22T10:00:00Z\"}"
'

test_ok 'done: bad note, unknown and bad ids' '
	refused 2 crm next done --note "" 3 &&
	test_file_is err "error: empty --note" &&
	refused 2 crm next done --note "$LONG" 3 &&
	test_file_is err "error: --note is too long: 10001 characters, at most 10000" &&
	refused 2 crm next done --note "$BAD" 3 &&
	test_grep "is not valid UTF-8 text" err &&
	refused 3 crm next done 99 &&
	test_file_is err "error: no next action with id 99" &&
	refused 2 crm next done x &&
	test_file_is err "error: invalid next action id '\''x'\'': expected a number, as '\''crm next list'\'' shows
usage: crm next done [--note <text> | --file <file>] <id>" &&
	refused 2 crm next done
'

test_ok 'list --all shows done actions too' '
	expect_code 0 crm --format csv --fields id,status,closed next list --all &&
	test_empty err &&
	test_file_is out "id,status,closed
5,done,2026-11-22T11:00:00Z
6,done,2026-11-22T10:00:00Z
4,open,
3,open,
1,done,2026-11-22T10:00:00Z
2,open," &&
	expect_code 0 crm --format csv next list --all --overdue &&
	test "$(ids)" = ""
'

# ---- move -----------------------------------------------------------------

test_ok 'move: a new deadline, the old one in the journal' '
	expect_code 0 crm next move --due +1w --reason "the warehouse is not ready" 2 &&
	test_empty out &&
	test_empty err &&
	test "$("$SQLX" "$CRM_DB" "SELECT due FROM next_action WHERE id = 2")" = 1795910400 &&
	expect_code 0 crm --format csv --fields id,due next move --due 2026-12-10 --by client \
		--reason "they asked for December" 2 &&
	test_empty err &&
	test_file_is out "id,due
2,2026-12-10" &&
	expect_code 0 crm --format tsv --fields action,entity_id,data journal --entity next --id 2 &&
	test_file_is out "action	entity_id	data
next.add	2	{\"client_id\":2,\"text\":\"visit the new warehouse\",\"kind\":\"task\",\"due\":\"2026-12-01\",\"assignee_id\":2}
next.move	2	{\"client_id\":2,\"old_due\":\"2026-12-01\",\"due\":\"2026-11-29\",\"by\":\"manager\",\"reason\":\"the warehouse is not ready\"}
next.move	2	{\"client_id\":2,\"old_due\":\"2026-11-29\",\"due\":\"2026-12-10\",\"by\":\"client\",\"reason\":\"they asked for December\"}"
'

test_ok 'move bumps the client' '
	CRM_NOW=2026-11-22T12:00:00Z expect_code 0 "$CRM" next move --due today --reason "sooner" 3 &&
	test "$("$SQLX" "$CRM_DB" "SELECT updated FROM client WHERE id = 1")" = 1795348800
'

test_ok 'move: past dates, done actions, missing --due, bad ids' '
	refused 2 crm next move --due yesterday --reason r 2 &&
	test_file_is err "error: due date 2026-11-21 is before today (2026-11-22)
hint: a next action is due today or later: --due today, --due +3d, --due 2026-12-31, --due 2026-12-31T10:00" &&
	refused 4 crm next move --due +2d --reason r 5 &&
	test_file_is err "error: next action 5 is already done" &&
	refused 2 crm next move 2 &&
	test_file_is err "error: missing --due: give the new deadline
usage: crm next move --due <when> (--reason <text> | --file <file>) [--by (manager | client)] <id>" &&
	refused 2 crm next move --due 2026-02-30 --reason r 2 &&
	test_grep "invalid date or time '\''2026-02-30'\''" err &&
	refused 3 crm next move --due today --reason r 42 &&
	test_file_is err "error: no next action with id 42" &&
	refused 2 crm next move --due today --reason r -- -2 &&
	test_grep "invalid next action id '\''-2'\''" err
'

test_ok 'the man page examples of crm-next(1)' '
	expect_code 0 crm --as "Anna Petrova" next list --mine --due-before +1w &&
	test_empty err &&
	test "$(wc -l <out)" -eq 2 &&
	expect_code 0 crm next list --overdue &&
	test_empty err &&
	test_empty out
'

test_ok 'next -h' '
	expect_code 0 crm next list -h &&
	test_empty err &&
	test_grep "usage: crm next list [--mine | --assignee <manager>] [--overdue] [--due-before <when>] [--all] [<client>]" out
'

test_done
