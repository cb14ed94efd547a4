#!/bin/sh
# t0004-journal: crm journal in every format, its filters, and the
# append-only rule.
. "$SRCDIR/tests/cli/lib.sh"

# Four entries over three weeks; now is 2026-11-22T10:00:00Z.
CRM_NOW=2026-11-01T08:30:00Z crm init >/dev/null 2>&1
CRM_NOW=2026-11-20T12:00:00Z crm --as anna config set company.name "Анна Ли"
CRM_NOW=2026-11-21T23:00:00Z crm --as boris config set user.email 'b@x.ru, "b"'
CRM_NOW=2026-11-22T09:00:00Z crm --as anna config unset user.email

test_ok 'journal as a table' '
	expect_code 0 crm journal &&
	test_empty err &&
	test_file_is out "ID  AT                ACTOR   ACTION        ENTITY  ENTITY_ID  DATA
 1  2026-11-01 08:30  tester  base.init     base            -  {\"time_zone\":\"UTC\",\"language\":\"en\"}
 2  2026-11-20 12:00  anna    config.set    config          -  {\"key\":\"company.name\",\"value\":\"Анна Ли\",\"old\":null}
 3  2026-11-21 23:00  boris   config.set    config          -  {\"key\":\"user.email\",\"value\":\"b@x.ru, \\\"b\\\"\",\"old\":null}
 4  2026-11-22 09:00  anna    config.unset  config          -  {\"key\":\"user.email\",\"old\":\"b@x.ru, \\\"b\\\"\"}"
'

test_ok 'journal as json' '
	expect_code 0 crm --format json journal &&
	test_empty err &&
	cat >want <<-\EOF &&
	[
	{"id":1,"at":"2026-11-01T08:30:00Z","actor":"tester","action":"base.init","entity":"base","entity_id":null,"data":{"time_zone":"UTC","language":"en"}},
	{"id":2,"at":"2026-11-20T12:00:00Z","actor":"anna","action":"config.set","entity":"config","entity_id":null,"data":{"key":"company.name","value":"Анна Ли","old":null}},
	{"id":3,"at":"2026-11-21T23:00:00Z","actor":"boris","action":"config.set","entity":"config","entity_id":null,"data":{"key":"user.email","value":"b@x.ru, \"b\"","old":null}},
	{"id":4,"at":"2026-11-22T09:00:00Z","actor":"anna","action":"config.unset","entity":"config","entity_id":null,"data":{"key":"user.email","old":"b@x.ru, \"b\""}}
	]
	EOF
	cmp want out
'

test_ok 'journal as ndjson: one object per line' '
	expect_code 0 crm --format ndjson journal &&
	test_empty err &&
	sed -e "1d" -e "\$d" -e "s/},\$/}/" want >want.nd &&
	cmp want.nd out &&
	test "$(wc -l <out)" -eq 4
'

test_ok 'journal as csv' '
	expect_code 0 crm --format csv journal &&
	test_empty err &&
	cat >want <<-\EOF &&
	id,at,actor,action,entity,entity_id,data
	1,2026-11-01T08:30:00Z,tester,base.init,base,,"{""time_zone"":""UTC"",""language"":""en""}"
	2,2026-11-20T12:00:00Z,anna,config.set,config,,"{""key"":""company.name"",""value"":""Анна Ли"",""old"":null}"
	3,2026-11-21T23:00:00Z,boris,config.set,config,,"{""key"":""user.email"",""value"":""b@x.ru, \""b\"""",""old"":null}"
	4,2026-11-22T09:00:00Z,anna,config.unset,config,,"{""key"":""user.email"",""old"":""b@x.ru, \""b\""""}"
	EOF
	cmp want out
'

test_ok 'journal as tsv' '
	expect_code 0 crm --format tsv journal &&
	test_empty err &&
	printf "%s\n" \
		"id	at	actor	action	entity	entity_id	data" \
		"1	2026-11-01T08:30:00Z	tester	base.init	base		{\"time_zone\":\"UTC\",\"language\":\"en\"}" \
		"2	2026-11-20T12:00:00Z	anna	config.set	config		{\"key\":\"company.name\",\"value\":\"Анна Ли\",\"old\":null}" \
		"3	2026-11-21T23:00:00Z	boris	config.set	config		{\"key\":\"user.email\",\"value\":\"b@x.ru, \\\\\"b\\\\\"\",\"old\":null}" \
		"4	2026-11-22T09:00:00Z	anna	config.unset	config		{\"key\":\"user.email\",\"old\":\"b@x.ru, \\\\\"b\\\\\"\"}" >want &&
	cmp want out
'

test_ok 'journal --json equals --format json' '
	crm --format json journal >a &&
	expect_code 0 crm --json journal &&
	test_empty err &&
	cmp a out
'

# The ids of the rows of the last csv output, on one line.
ids() {
	tail -n +2 out | cut -d, -f1 | tr "\n" " "
}

test_ok '--since a date (inclusive, from 00:00 UTC)' '
	expect_code 0 crm --format csv journal --since 2026-11-20 &&
	test_empty err &&
	test "$(ids)" = "2 3 4 " &&
	expect_code 0 crm --format csv journal --since 2026-11-21 &&
	test "$(ids)" = "3 4 "
'

test_ok '--since -1d counts from CRM_NOW' '
	expect_code 0 crm --format csv journal --since -1d &&
	test_empty err &&
	test "$(ids)" = "3 4 " &&
	expect_code 0 crm --format csv journal --since=-3w &&
	test "$(ids)" = "1 2 3 4 " &&
	CRM_NOW=2026-11-21T10:00:00Z expect_code 0 crm --format csv journal --since -1d &&
	test "$(ids)" = "2 3 4 "
'

test_ok '--since today and yesterday' '
	expect_code 0 crm --format csv journal --since today &&
	test_empty err &&
	test "$(ids)" = "4 " &&
	expect_code 0 crm --format csv journal --since yesterday &&
	test "$(ids)" = "3 4 "
'

test_ok '--since a future date: no rows, exit 0' '
	expect_code 0 crm --format csv journal --since tomorrow &&
	test_empty err &&
	test_file_is out "id,at,actor,action,entity,entity_id,data" &&
	expect_code 0 crm --json journal --since 2027-01-01 &&
	test_empty err &&
	test_file_is out "[]" &&
	expect_code 0 crm journal --since 2027-01-01 &&
	test_empty err &&
	test_empty out
'

test_ok '--actor picks one person exactly' '
	expect_code 0 crm --format csv journal --actor anna &&
	test_empty err &&
	test "$(ids)" = "2 4 " &&
	expect_code 0 crm --format csv journal --actor boris &&
	test "$(ids)" = "3 " &&
	expect_code 0 crm --format csv journal --actor Anna &&
	test "$(ids)" = ""
'

test_ok '--entity and --id' '
	expect_code 0 crm --format csv journal --entity config &&
	test_empty err &&
	test "$(ids)" = "2 3 4 " &&
	expect_code 0 crm --format csv journal --entity base &&
	test "$(ids)" = "1 " &&
	expect_code 0 crm --format csv journal --entity config --id 5 &&
	test "$(ids)" = ""
'

test_ok '--limit keeps the latest entries, oldest first' '
	expect_code 0 crm --format csv journal --limit 2 &&
	test_empty err &&
	test "$(ids)" = "3 4 " &&
	expect_code 0 crm --format csv journal --limit 0 &&
	test "$(ids)" = "1 2 3 4 " &&
	expect_code 0 crm --format csv journal --limit 10 &&
	test "$(ids)" = "1 2 3 4 " &&
	expect_code 0 crm --format csv journal --actor anna --limit 1 &&
	test "$(ids)" = "4 " &&
	expect_code 0 crm --format csv journal --since 2026-11-20 --limit 2 &&
	test "$(ids)" = "3 4 "
'

test_ok 'filters combine' '
	expect_code 0 crm --format csv journal --since 2026-11-21 --actor anna --entity config &&
	test_empty err &&
	test "$(ids)" = "4 "
'

test_ok '--fields in the journal' '
	expect_code 0 crm --format tsv --fields action,id journal --limit 2 &&
	test_empty err &&
	test_file_is out "$(printf "action\tid\nconfig.set\t3\nconfig.unset\t4")"
'

test_ok 'an invalid date: exit 2 with the usage' '
	expect_code 2 crm journal --since 2026-13-01 &&
	test_empty out &&
	test_file_is err "error: invalid date '\''2026-13-01'\'' for --since: use YYYY-MM-DD, today, tomorrow, yesterday or +3d, -2w, +1m, +1y
usage: crm journal [--since <date>] [--actor <name>] [--entity <kind>] [--id <n>] [--limit <n>]" &&
	expect_code 2 crm journal --since last-week &&
	test_empty out &&
	test_grep "invalid date '\''last-week'\''" err &&
	expect_code 2 crm journal --since "" &&
	test_empty out &&
	test_grep "invalid date" err
'

test_ok 'an invalid --limit: exit 2' '
	expect_code 2 crm journal --limit x &&
	test_empty out &&
	test_file_is err "error: invalid value '\''x'\'' for --limit: expected a whole number
usage: crm journal [--since <date>] [--actor <name>] [--entity <kind>] [--id <n>] [--limit <n>]" &&
	expect_code 2 crm journal --limit -1 &&
	test_empty out &&
	test_grep "error: invalid value '\''-1'\'' for --limit: expected 0 or more" err &&
	expect_code 2 crm journal --limit 2.5 &&
	test_empty out &&
	test_grep "expected a whole number" err &&
	expect_code 2 crm journal --limit 99999999999999999999 &&
	test_empty out &&
	test_grep "expected a whole number" err
'

test_ok 'journal takes no positional arguments' '
	expect_code 2 crm journal anna &&
	test_empty out &&
	test_grep "error: unexpected argument '\''anna'\''" err
'

test_ok 'UPDATE on the journal is refused, rows unchanged' '
	$SQLX crm.db "SELECT * FROM journal" >before &&
	expect_code 1 $SQLX crm.db "UPDATE journal SET actor = '\''mallory'\'' WHERE id = 2" &&
	test_empty out &&
	test_grep "the journal is append-only" err &&
	$SQLX crm.db "SELECT * FROM journal" >after &&
	cmp before after
'

test_ok 'DELETE on the journal is refused, rows unchanged' '
	$SQLX crm.db "SELECT * FROM journal" >before &&
	expect_code 1 $SQLX crm.db "DELETE FROM journal" &&
	test_empty out &&
	test_grep "the journal is append-only" err &&
	expect_code 1 $SQLX crm.db "DELETE FROM journal WHERE id = 4" &&
	test_grep "the journal is append-only" err &&
	$SQLX crm.db "SELECT * FROM journal" >after &&
	cmp before after &&
	test "$($SQLX crm.db "SELECT count(*) FROM journal")" = 4
'

test_ok 'failed commands write no journal entry' '
	$SQLX crm.db "SELECT * FROM journal" >before &&
	expect_code 2 crm config set company.name "" &&
	test_grep "empty value" err &&
	expect_code 2 crm config set user.nick x &&
	test_grep "unknown config key" err &&
	expect_code 3 crm config unset user.email &&
	test_grep "is not set" err &&
	expect_code 2 crm config set company.name &&
	test_grep "missing argument" err &&
	$SQLX crm.db "SELECT * FROM journal" >after &&
	cmp before after &&
	expect_code 0 crm --format csv journal &&
	test "$(ids)" = "1 2 3 4 "
'

test_ok 'reading the journal journals nothing' '
	crm journal >/dev/null &&
	crm --json journal >/dev/null &&
	test "$($SQLX crm.db "SELECT count(*) FROM journal")" = 4
'

test_done
