#!/bin/sh
# t4002-audit-examples: a base kept with crm's own commands (moving
# CRM_NOW to date each change) and audited end to end, and the twins of
# the EXAMPLES of crm-audit(1).
. "$SRCDIR/tests/cli/lib.sh"

T=$(printf '\t')

at() { # runs crm with "now" at the given time
	_when=$1
	shift
	CRM_NOW=$_when crm "$@"
}

test_ok 'a base kept with crm itself' '
	crm -q init &&
	crm -q manager add Анна --capacity 2 --email anna@example.com &&
	crm -q manager add Борис &&
	at 2026-01-10T09:00:00Z -q --as Анна client add "ООО «Ромашка»" --tier key --status active &&
	at 2026-05-01T09:00:00Z -q client add "Рога и копыта" --owner Анна --status active &&
	at 2026-05-01T09:00:00Z -q client add "Ромашка, LLC" --owner Борис --status active &&
	crm -q note 1 "обсудили продление" --kind meeting --date 2026-09-01 &&
	crm -q note 1 "всё устраивает" --kind feedback --date 2026-09-01 &&
	echo "{\"cooperation.rating\": \"хорошо\", \"quality.outage\": false}" |
		crm -q --as Анна vip survey 1 --date 2026-09-01 --answers - >/dev/null &&
	crm -q note 2 "заказ" --kind order --date 2026-11-20 &&
	crm -q note 3 "встреча" --kind meeting --date 2026-11-21 &&
	at 2026-10-01T09:00:00Z -q next add 1 "отправить КП" --due 2026-10-15 &&
	crm -q next add 2 "позвонить" --due 2026-12-01 &&
	crm -q next add 3 "визит" --due 2026-12-05 &&
	at 2026-09-01T09:00:00Z -q promise add 2 "поставка за 90 дней" --kind guarantee --due 2026-11-01 &&
	at 2026-10-01T09:00:00Z -q incident add 2 "ошибка в счёте" --kind conflict &&
	crm -q contact add 1 "Иван Сидоров" --key --phone "+7 912 000-00-00" &&
	crm -q contact add 2 "Пётр" --key &&
	crm -q contact add 3 "Ольга" --key --phone "8 (912) 000 00 00"
'

test_ok 'the audit finds what the commands left behind' '
	expect_code 0 crm --format tsv --fields severity,client_id,rule,since audit &&
	test_empty err &&
	test_file_is out "severity${T}client_id${T}rule${T}since
warn${T}1${T}forgotten${T}2026-09-01
warn${T}1${T}overdue-action${T}2026-10-15
warn${T}2${T}paper-relationship${T}2026-05-01
error${T}2${T}broken-promise${T}2026-11-01
error${T}2${T}open-conflict${T}2026-10-01
info${T}3${T}duplicate${T}2026-05-01
info${T}3${T}duplicate${T}2026-05-01"
'

test_ok 'what is done with crm clears the findings' '
	id=$(crm --format tsv --fields id next list --all | sed -n 2p) &&
	crm -q next done "$id" &&
	crm -q next add 1 "встреча" --due 2026-11-28 &&
	crm -q note 1 "звонок" --kind call &&
	crm -q note 2 "встреча" --kind meeting &&
	crm -q promise keep 1 &&
	crm -q incident resolve 1 --how "исправили счёт" &&
	expect_code 0 crm --format tsv --fields client_id,rule audit &&
	test_file_is out "client_id${T}rule
3${T}duplicate
3${T}duplicate"
'

# ---- the EXAMPLES of crm-audit(1), in order

mail_the_head() {
	echo mailed >mail.log
}

test_ok 'example: every morning, the whole base' '
	expect_code 0 crm audit &&
	test_grep "duplicate" out &&
	test_grep "2 findings as of 2026-11-22: 0 error, 0 warn, 2 info" out
'

test_ok 'example: the cron line mails only when a warning turns up' '
	rm -f mail.log &&
	{ crm audit --fail-on warn --format json > audit.json || mail_the_head; } &&
	test ! -f mail.log &&
	grep -q "\"total\":2}" audit.json &&
	CRM_NOW=2027-06-01T09:00:00Z &&
	export CRM_NOW &&
	{ crm audit --fail-on warn --format json > audit.json 2>/dev/null || mail_the_head; } &&
	test -f mail.log &&
	grep -q "\"rule\":\"forgotten\"" audit.json
'

test_ok 'example: store the run each night, and see the trend' '
	crm -q audit --save --format ndjson > /dev/null &&
	CRM_NOW=2026-11-23T09:00:00Z crm -q audit --save --format ndjson > /dev/null &&
	expect_code 0 crm audit history &&
	test_grep "duplicate   " out &&
	test "$($SQLX crm.db "SELECT count(*) FROM audit_run")" = 2
'

test_ok 'example: what I must do, errors only' '
	expect_code 0 crm --as Анна audit --mine --min-severity error &&
	test_file_is out "no findings as of 2026-11-22 (5 rules run)"
'

test_ok 'example: what will be overdue a week from now' '
	expect_code 0 crm audit --rule overdue-action --rule broken-promise --as-of +7d &&
	test_grep "overdue-action" out &&
	test_grep "'\''встреча'\'' is 1 day overdue" out
'

test_ok 'example: the clients closest to leaving, and the managers' '
	expect_code 0 crm audit clients --limit 10 &&
	test "$(wc -l <out)" -eq 4 &&
	sed -n 2p out | grep -q "Ромашка, LLC   regular  active  Борис      95      1  duplicate  *no\$" &&
	expect_code 0 crm audit managers &&
	test "$(wc -l <out)" -eq 3
'

test_ok 'example: one mail per manager, with jq' '
	command -v jq >/dev/null || exit 0
	mail() { shift 2; printf "%s\n" "$1" >>to.log; cat >>body.log; } &&
	crm --format ndjson audit digest |
	while IFS= read -r d; do
		printf "%s\n" "$d" | jq -r .text |
			mail -s "crm audit" "$(printf "%s\n" "$d" | jq -r ".email // \"head@example.com\"")"
	done &&
	test_file_is to.log "head@example.com" &&
	test_grep "crm audit for Борис, 2026-11-22: 2 findings" body.log
'

sqlite_only '--sql prints a script for the sqlite3 shell, which reads a SQLite file' \
test_ok 'example: call vip clients every three weeks; read what the rule checks' '
	expect_code 0 crm config set audit.forgotten.days.vip 21 &&
	expect_code 0 crm audit --sql --rule forgotten &&
	test_grep ".parameter set :audit_forgotten_days_vip 21" out &&
	test_grep "-- forgotten" out
'

sqlite_only '--sql prints a script for the sqlite3 shell, which reads a SQLite file' \
test_ok 'the script of --sql finds in the sqlite3 shell what crm finds' '
	command -v sqlite3 >/dev/null || exit 0
	set -- --rule forgotten --rule no-next-action --rule silent-client --as-of 2027-12-01 &&
	crm --format ndjson audit --sql "$@" >script.sql &&
	sqlite3 -readonly crm.db <script.sql | cut -d"|" -f3,4 >shell &&
	crm --format tsv --fields rule,client_id audit "$@" | tail -n +2 | tr "$T" "|" >found &&
	test "$(wc -l <found)" -eq 6 &&
	cmp shell found
'

test_done
