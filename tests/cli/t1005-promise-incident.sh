#!/bin/sh
# t1005-promise-incident: crm promise add|list|keep|break and crm incident
# add|list|resolve in every format, the state machines (open -> kept or
# broken, open -> resolved), the journal, and what bad input gets.
. "$SRCDIR/tests/cli/lib.sh"

crm init >/dev/null 2>&1

# A manager and three clients: 1 and 2 share a prefix, 1 has an owner.
{
	crm manager add "Anna Petrova" &&
	crm client add --owner Anna "Рога и копыта ООО" &&
	crm client add "Рога и копыта ИП" &&
	crm client add Acme
} >/dev/null || {
	echo "Bail out! cannot add the managers and clients"
	exit 1
}

# Runs a command that must fail with exit code $1 and write nothing: no
# row anywhere, no journal entry. Keeps out and err.
refused() {
	_before=$(base_state) &&
	expect_code "$@" &&
	test_empty out &&
	test "$(base_state)" = "$_before"
}

base_state() {
	"$SQLX" "$CRM_DB" "SELECT (SELECT count(*) FROM journal) || '/' ||
		(SELECT $(sql_concat status) FROM (SELECT status FROM promise ORDER BY id) AS p) || '/' ||
		(SELECT $(sql_concat status) FROM (SELECT status FROM incident ORDER BY id) AS i)"
}

LONG=$(awk 'BEGIN { while (n++ < 10001) printf "я" }')
MAXTEXT=$(awk 'BEGIN { while (n++ < 10000) printf "я" }')
BAD=$(printf 'bad \377 text')

# ---- promise add ----------------------------------------------------------

test_ok 'promise add prints the new id alone' '
	expect_code 0 crm promise add --kind guarantee --due +90d Acme \
		"a large order delivered within 90 days" &&
	test_empty err &&
	test_file_is out 1
'

test_ok 'promise add without --due: no deadline' '
	expect_code 0 crm promise add --kind risk Acme "their budget may be cut in the spring" &&
	test_empty err &&
	test_file_is out 2
'

test_ok 'promise add --format json prints the new record, due today allowed' '
	expect_code 0 crm --format json promise add --kind discount --due today \
		"Рога и копыта ООО" "10% off the second order" &&
	test_empty err &&
	test_file_is out "{\"id\":3,\"client_id\":1,\"client\":\"Рога и копыта ООО\",\"kind\":\"discount\",\"text\":\"10% off the second order\",\"due\":\"2026-11-22\",\"status\":\"open\",\"why\":null,\"author\":\"tester\",\"created\":\"2026-11-22T10:00:00Z\",\"closed\":null}"
'

test_ok 'promise add: the kind is promise by default, the client by id' '
	expect_code 0 crm --format csv promise add 1 "call back on Monday" &&
	test_empty err &&
	test_file_is out "id,client_id,client,kind,text,due,status,why,author,created,closed
4,1,Рога и копыта ООО,promise,call back on Monday,,open,,tester,2026-11-22T10:00:00Z,"
'

test_ok 'promise add made days ago, now overdue (ndjson, tsv)' '
	CRM_NOW=2026-11-20T09:00:00Z expect_code 0 "$CRM" --format ndjson promise add \
		--due 2026-11-21 acme "send the contract" &&
	test_empty err &&
	test_file_is out "{\"id\":5,\"client_id\":3,\"client\":\"Acme\",\"kind\":\"promise\",\"text\":\"send the contract\",\"due\":\"2026-11-21\",\"status\":\"open\",\"why\":null,\"author\":\"tester\",\"created\":\"2026-11-20T09:00:00Z\",\"closed\":null}" &&
	CRM_NOW=2026-11-20T09:30:00Z expect_code 0 "$CRM" --format tsv --as boris promise add \
		--kind doubt --due 2026-11-20 "Рога и копыта ИП" "may not pay on time" &&
	test_empty err &&
	test_file_is out "$(printf "%s\t" id client_id client kind text due status why author created)closed
$(printf "%s\t" 6 2 "Рога и копыта ИП" doubt "may not pay on time" 2026-11-20 open "" boris 2026-11-20T09:30:00Z)"
'

test_ok 'promise add journals promise.add and bumps the client' '
	expect_code 0 crm --format tsv --fields entity_id,actor,data journal --entity promise &&
	test_file_is out "entity_id	actor	data
1	tester	{\"client_id\":3,\"kind\":\"guarantee\",\"text\":\"a large order delivered within 90 days\",\"due\":\"2027-02-20\"}
2	tester	{\"client_id\":3,\"kind\":\"risk\",\"text\":\"their budget may be cut in the spring\",\"due\":null}
3	tester	{\"client_id\":1,\"kind\":\"discount\",\"text\":\"10% off the second order\",\"due\":\"2026-11-22\"}
4	tester	{\"client_id\":1,\"kind\":\"promise\",\"text\":\"call back on Monday\",\"due\":null}
5	tester	{\"client_id\":3,\"kind\":\"promise\",\"text\":\"send the contract\",\"due\":\"2026-11-21\"}
6	boris	{\"client_id\":2,\"kind\":\"doubt\",\"text\":\"may not pay on time\",\"due\":\"2026-11-20\"}" &&
	test "$("$SQLX" "$CRM_DB" "SELECT updated FROM client WHERE id = 2")" = 1795167000
'

test_ok 'promise add: a due date before today is refused, with a hint' '
	refused 2 crm promise add --due yesterday Acme "x" &&
	test_file_is err "error: due date 2026-11-21 is before today (2026-11-22)
hint: a due date is today or later: --due today, --due +3d, --due 2026-12-31" &&
	refused 2 crm promise add --due 2020-01-01 Acme "x" &&
	test_grep "due date 2020-01-01 is before today" err
'

test_ok 'promise add: an invalid date or kind is a usage error' '
	refused 2 crm promise add --due 2026-13-01 Acme "x" &&
	test_file_is err "error: invalid date '\''2026-13-01'\'' for --due: use YYYY-MM-DD, today, tomorrow, yesterday or +3d, -2w, +1m, +1y
usage: crm promise add [--kind <kind>] [--due <date>] <client> (<text> | --file <file>)" &&
	refused 2 crm promise add --kind vow Acme "x" &&
	test_file_is err "error: invalid value '\''vow'\'' for --kind (promise, guarantee, discount, doubt, risk)
usage: crm promise add [--kind <kind>] [--due <date>] <client> (<text> | --file <file>)"
'

test_ok 'promise add: empty, too long and invalid text are refused' '
	refused 2 crm promise add Acme "" &&
	test_file_is err "error: empty text" &&
	refused 2 crm promise add Acme "$LONG" &&
	test_file_is err "error: text is too long: 10001 characters, at most 10000" &&
	refused 2 crm promise add Acme "$BAD" &&
	test_file_is err "error: argument 4 is not valid UTF-8 text
hint: crm takes UTF-8 only: convert the text first (iconv -f cp1251 -t utf-8)"
'

test_ok 'promise add: text of 10000 characters is fine' '
	expect_code 0 crm promise add Acme "$MAXTEXT" &&
	test_file_is out 7 &&
	test "$("$SQLX" "$CRM_DB" "SELECT length(text) FROM promise WHERE id = 7")" = 10000 &&
	"$SQLX" "$CRM_DB" "DELETE FROM promise WHERE id = 7"
'

test_ok 'promise add: unknown and ambiguous clients exit 3' '
	refused 3 crm promise add Nobody "x" &&
	test_file_is err "error: no client matches '\''Nobody'\''" &&
	refused 3 crm promise add 42 "x" &&
	test_file_is err "error: no client with id 42" &&
	refused 3 crm promise add рога "x" &&
	test_file_is err "error: client '\''рога'\'' is ambiguous: 2 Рога и копыта ИП, 1 Рога и копыта ООО"
'

test_ok 'promise add: argument count' '
	refused 2 crm promise add Acme &&
	test_file_is err "error: missing <text>: give it, '\''-'\'' to read standard input, or --file <file>
usage: crm promise add [--kind <kind>] [--due <date>] <client> (<text> | --file <file>)" &&
	refused 2 crm promise add Acme x y &&
	test_grep "error: unexpected argument '\''y'\''" err
'

test_ok 'promise add -h prints the usage' '
	expect_code 0 crm promise add -h &&
	test_empty err &&
	head -n 1 out >first &&
	test_file_is first "usage: crm promise add [--kind <kind>] [--due <date>] <client> (<text> | --file <file>)" &&
	test_grep "--due <date>" out
'

# ---- promise list -----------------------------------------------------------

test_ok 'promise list: a table, oldest first' '
	expect_code 0 crm promise list &&
	test_empty err &&
	test_file_is out "ID  CLIENT_ID  CLIENT             KIND       TEXT                                    DUE         STATUS  WHY  AUTHOR  CREATED           CLOSED
 1          3  Acme               guarantee  a large order delivered within 90 days  2027-02-20  open    -    tester  2026-11-22 10:00  -
 2          3  Acme               risk       their budget may be cut in the spring   -           open    -    tester  2026-11-22 10:00  -
 3          1  Рога и копыта ООО  discount   10% off the second order                2026-11-22  open    -    tester  2026-11-22 10:00  -
 4          1  Рога и копыта ООО  promise    call back on Monday                     -           open    -    tester  2026-11-22 10:00  -
 5          3  Acme               promise    send the contract                       2026-11-21  open    -    tester  2026-11-20 09:00  -
 6          2  Рога и копыта ИП   doubt      may not pay on time                     2026-11-20  open    -    boris   2026-11-20 09:30  -"
'

# The ids of the rows of the last csv output, on one line.
ids() {
	tail -n +2 out | cut -d, -f1 | tr "\n" " "
}

test_ok 'promise list --overdue: open, due before today' '
	expect_code 0 crm --format csv promise list --overdue &&
	test_empty err &&
	test "$(ids)" = "5 6 " &&
	CRM_NOW=2026-11-21T23:59:59Z expect_code 0 "$CRM" --format csv promise list --overdue &&
	test "$(ids)" = "6 " &&
	CRM_NOW=2026-11-23T00:00:00Z expect_code 0 "$CRM" --format csv promise list --overdue &&
	test "$(ids)" = "3 5 6 "
'

test_ok 'promise list CLIENT' '
	expect_code 0 crm --format csv promise list Acme &&
	test_empty err &&
	test "$(ids)" = "1 2 5 " &&
	expect_code 0 crm --format csv promise list --overdue acme &&
	test "$(ids)" = "5 " &&
	expect_code 3 crm promise list Nobody &&
	test_empty out &&
	test_file_is err "error: no client matches '\''Nobody'\''"
'

test_ok 'promise list: json, and an empty list' '
	expect_code 0 crm --json --fields id,kind,due,status promise list "Рога и копыта ООО" &&
	test_empty err &&
	test_file_is out "[
{\"id\":3,\"kind\":\"discount\",\"due\":\"2026-11-22\",\"status\":\"open\"},
{\"id\":4,\"kind\":\"promise\",\"due\":null,\"status\":\"open\"}
]" &&
	expect_code 0 crm --json promise list --overdue "Рога и копыта ООО" &&
	test_file_is out "[]" &&
	expect_code 0 crm promise list --overdue "Рога и копыта ООО" &&
	test_empty out &&
	test_empty err
'

test_ok 'promise list: unknown field, extra argument' '
	expect_code 2 crm --fields id,nope promise list &&
	test_empty out &&
	test_grep "unknown field '\''nope'\''" err &&
	expect_code 2 crm promise list Acme extra &&
	test_empty out
'

# ---- promise keep and break ------------------------------------------------

test_ok 'promise keep: prints nothing, journals, bumps the client' '
	CRM_NOW=2026-11-23T09:00:00Z expect_code 0 "$CRM" promise keep 1 &&
	test_empty out &&
	test_empty err &&
	test "$("$SQLX" "$CRM_DB" "SELECT status, closed FROM promise WHERE id = 1")" = "kept|1795424400" &&
	test "$("$SQLX" "$CRM_DB" "SELECT updated FROM client WHERE id = 3")" = 1795424400 &&
	test "$("$SQLX" "$CRM_DB" "SELECT at, action, entity, entity_id, data FROM journal
		ORDER BY id DESC LIMIT 1")" = "1795424400|promise.keep|promise|1|{\"client_id\":3}"
'

test_ok 'promise keep twice, or break after keep: exit 4' '
	refused 4 crm promise keep 1 &&
	test_file_is err "error: promise 1 is already kept" &&
	refused 4 crm promise break --why "late" 1 &&
	test_file_is err "error: promise 1 is already kept"
'

test_ok 'promise break --why: the record in json' '
	expect_code 0 crm --json promise break --why "the supplier failed us" 2 &&
	test_empty err &&
	test_file_is out "{\"id\":2,\"client_id\":3,\"client\":\"Acme\",\"kind\":\"risk\",\"text\":\"their budget may be cut in the spring\",\"due\":null,\"status\":\"broken\",\"why\":\"the supplier failed us\",\"author\":\"tester\",\"created\":\"2026-11-22T10:00:00Z\",\"closed\":\"2026-11-22T10:00:00Z\"}" &&
	test "$("$SQLX" "$CRM_DB" "SELECT action, data FROM journal ORDER BY id DESC LIMIT 1")" = \
		"promise.break|{\"client_id\":3,\"why\":\"the supplier failed us\"}"
'

test_ok 'promise keep after break: exit 4' '
	refused 4 crm promise keep 2 &&
	test_file_is err "error: promise 2 is already broken"
'

test_ok 'a doubt can be kept: no longer a concern' '
	expect_code 0 crm --format csv --fields id,kind,status promise keep 6 &&
	test_empty err &&
	test_file_is out "id,kind,status
6,doubt,kept"
'

test_ok 'promise break: --why is required and checked' '
	refused 2 crm promise break 3 &&
	test_file_is err "error: missing --why: say why the promise was broken
usage: crm promise break (--why <text> | --file <file>) <id>" &&
	refused 2 crm promise break --why "" 3 &&
	test_file_is err "error: empty --why" &&
	refused 2 crm promise break --why "$BAD" 3 &&
	test_grep "is not valid UTF-8 text" err &&
	refused 2 crm promise break --why "$LONG" 3 &&
	test_file_is err "error: --why is too long: 10001 characters, at most 10000"
'

test_ok 'promise keep and break: unknown ids exit 3, non-numbers exit 2' '
	refused 3 crm promise keep 99 &&
	test_file_is err "error: no promise with id 99" &&
	refused 3 crm promise break --why x 99 &&
	test_file_is err "error: no promise with id 99" &&
	refused 2 crm promise keep abc &&
	test_file_is err "error: invalid promise id '\''abc'\'': expected a number, as '\''crm promise list'\'' shows
usage: crm promise keep <id>" &&
	refused 2 crm promise keep 3x &&
	test_grep "invalid promise id '\''3x'\''" err &&
	refused 2 crm promise keep 99999999999999999999 &&
	test_grep "invalid promise id" err &&
	refused 2 crm promise keep "" &&
	test_grep "invalid promise id" err &&
	refused 2 crm promise keep &&
	test_grep "missing argument" err
'

test_ok 'promise list --open after the changes; the overdue one is still open' '
	expect_code 0 crm --format csv promise list --open &&
	test_empty err &&
	test "$(ids)" = "3 4 5 " &&
	expect_code 0 crm --format csv --fields id,status,why,closed promise list &&
	test_file_is out "id,status,why,closed
1,kept,,2026-11-23T09:00:00Z
2,broken,the supplier failed us,2026-11-22T10:00:00Z
3,open,,
4,open,,
5,open,,
6,kept,,2026-11-22T10:00:00Z"
'

test_ok 'the man page examples of crm-promise(1)' '
	expect_code 0 crm promise list --overdue &&
	test_empty err &&
	test "$(wc -l <out)" -eq 2 &&
	expect_code 0 crm --format csv promise list --open Acme &&
	test_empty err &&
	test "$(ids)" = "5 "
'

# ---- incident add -----------------------------------------------------------

test_ok 'incident add prints the new id alone' '
	expect_code 0 crm incident add --kind conflict Acme \
		"the courier was rude to their director" &&
	test_empty err &&
	test_file_is out 1
'

test_ok 'incident add: misunderstanding by default; json' '
	expect_code 0 crm --json incident add "Рога и копыта ООО" "invoice sent twice" &&
	test_empty err &&
	test_file_is out "{\"id\":2,\"client_id\":1,\"client\":\"Рога и копыта ООО\",\"kind\":\"misunderstanding\",\"text\":\"invoice sent twice\",\"at\":\"2026-11-22T10:00:00Z\",\"status\":\"open\",\"how\":null,\"author\":\"tester\",\"created\":\"2026-11-22T10:00:00Z\",\"closed\":null}"
'

test_ok 'incident add: ndjson and tsv' '
	expect_code 0 crm --format ndjson --as boris incident add --kind quality 1 \
		"the goods arrived damaged" &&
	test_empty err &&
	test_file_is out "{\"id\":3,\"client_id\":1,\"client\":\"Рога и копыта ООО\",\"kind\":\"quality\",\"text\":\"the goods arrived damaged\",\"at\":\"2026-11-22T10:00:00Z\",\"status\":\"open\",\"how\":null,\"author\":\"boris\",\"created\":\"2026-11-22T10:00:00Z\",\"closed\":null}" &&
	expect_code 0 crm --format tsv --fields id,kind incident add --kind mishap "Рога и копыта ИП" \
		"the lorry broke down" &&
	test_file_is out "id	kind
4	mishap"
'

test_ok 'incident add journals incident.add' '
	expect_code 0 crm --format tsv --fields entity_id,data journal --entity incident &&
	test_file_is out "entity_id	data
1	{\"client_id\":3,\"kind\":\"conflict\",\"text\":\"the courier was rude to their director\"}
2	{\"client_id\":1,\"kind\":\"misunderstanding\",\"text\":\"invoice sent twice\"}
3	{\"client_id\":1,\"kind\":\"quality\",\"text\":\"the goods arrived damaged\"}
4	{\"client_id\":2,\"kind\":\"mishap\",\"text\":\"the lorry broke down\"}"
'

test_ok 'incident add: bad kind, bad text, bad client' '
	refused 2 crm incident add --kind fight Acme "x" &&
	test_file_is err "error: invalid value '\''fight'\'' for --kind (misunderstanding, mishap, conflict, quality)
usage: crm incident add [--kind <kind>] [--at <when>] <client> (<text> | --file <file>)" &&
	refused 2 crm incident add Acme "" &&
	test_file_is err "error: empty text" &&
	refused 2 crm incident add Acme "$LONG" &&
	test_grep "text is too long" err &&
	refused 2 crm incident add Acme "$BAD" &&
	test_grep "not valid UTF-8" err &&
	refused 3 crm incident add Nobody "x" &&
	test_file_is err "error: no client matches '\''Nobody'\''" &&
	refused 3 crm incident add "Рога и" "x" &&
	test_grep "is ambiguous: 2 Рога и копыта ИП, 1 Рога и копыта ООО" err &&
	refused 2 crm incident add Acme
'

# ---- incident list and resolve -------------------------------------------------

test_ok 'incident list: a table' '
	expect_code 0 crm incident list &&
	test_empty err &&
	test_file_is out "ID  CLIENT_ID  CLIENT             KIND              TEXT                                    AT                STATUS  HOW  AUTHOR  CREATED           CLOSED
 1          3  Acme               conflict          the courier was rude to their director  2026-11-22 10:00  open    -    tester  2026-11-22 10:00  -
 2          1  Рога и копыта ООО  misunderstanding  invoice sent twice                      2026-11-22 10:00  open    -    tester  2026-11-22 10:00  -
 3          1  Рога и копыта ООО  quality           the goods arrived damaged               2026-11-22 10:00  open    -    boris   2026-11-22 10:00  -
 4          2  Рога и копыта ИП   mishap            the lorry broke down                    2026-11-22 10:00  open    -    tester  2026-11-22 10:00  -"
'

test_ok 'incident resolve: prints nothing, journals, bumps the client' '
	CRM_NOW=2026-11-23T09:30:00Z expect_code 0 "$CRM" incident resolve \
		--how "apologised in person, 5% off the next order" 1 &&
	test_empty out &&
	test_empty err &&
	test "$("$SQLX" "$CRM_DB" "SELECT status, how, resolved FROM incident WHERE id = 1")" = \
		"resolved|apologised in person, 5% off the next order|1795426200" &&
	test "$("$SQLX" "$CRM_DB" "SELECT updated FROM client WHERE id = 3")" = 1795426200 &&
	test "$("$SQLX" "$CRM_DB" "SELECT action, entity_id, data FROM journal
		ORDER BY id DESC LIMIT 1")" = \
		"incident.resolve|1|{\"client_id\":3,\"how\":\"apologised in person, 5% off the next order\"}"
'

test_ok 'incident resolve twice: exit 4' '
	refused 4 crm incident resolve --how again 1 &&
	test_file_is err "error: incident 1 is already resolved"
'

test_ok 'incident resolve: csv of the record' '
	expect_code 0 crm --format csv incident resolve --how "credit note sent" 2 &&
	test_empty err &&
	test_file_is out "id,client_id,client,kind,text,at,status,how,author,created,closed
2,1,Рога и копыта ООО,misunderstanding,invoice sent twice,2026-11-22T10:00:00Z,resolved,credit note sent,tester,2026-11-22T10:00:00Z,2026-11-22T10:00:00Z"
'

test_ok 'incident resolve: --how required and checked; bad ids' '
	refused 2 crm incident resolve 3 &&
	test_file_is err "error: missing --how: say how the incident was resolved
usage: crm incident resolve (--how <text> | --file <file>) <id>" &&
	refused 2 crm incident resolve --how "" 3 &&
	test_file_is err "error: empty --how" &&
	refused 2 crm incident resolve --how "$BAD" 3 &&
	test_grep "not valid UTF-8" err &&
	refused 3 crm incident resolve --how x 77 &&
	test_file_is err "error: no incident with id 77" &&
	refused 2 crm incident resolve --how x one &&
	test_grep "invalid incident id '\''one'\''" err
'

test_ok 'incident list --open and CLIENT' '
	expect_code 0 crm --format csv incident list --open &&
	test_empty err &&
	test "$(ids)" = "3 4 " &&
	expect_code 0 crm --format csv incident list "Рога и копыта ООО" &&
	test "$(ids)" = "2 3 " &&
	expect_code 0 crm --format csv incident list --open acme &&
	test_file_is out "id,client_id,client,kind,text,at,status,how,author,created,closed" &&
	expect_code 3 crm incident list nobody &&
	test_empty out &&
	test_grep "no client matches" err
'

test_ok 'the man page example: open incidents as json' '
	expect_code 0 crm --json --fields id,status incident list --open &&
	test_empty err &&
	test_file_is out "[
{\"id\":3,\"status\":\"open\"},
{\"id\":4,\"status\":\"open\"}
]"
'

test_ok 'incident -h' '
	expect_code 0 crm incident resolve -h &&
	test_empty err &&
	test_grep "usage: crm incident resolve (--how <text> | --file <file>) <id>" out
'

test_done
