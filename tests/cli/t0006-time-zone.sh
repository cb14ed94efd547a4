#!/bin/sh
# t0006-time-zone: the team's zone (time.zone): times read and shown in it,
# today a day in it, JSON and CSV in UTC, a zone unknown here falls back.
. "$SRCDIR/tests/cli/lib.sh"

crm init --zone Europe/Moscow >/dev/null 2>&1
crm client add Acme >/dev/null

test_ok 'a table shows the journal in the team zone, JSON and CSV in UTC' '
	expect_code 0 crm --fields at,action journal &&
	test_grep "2026-11-22 13:00  base.init" out &&
	expect_code 0 crm --format json --fields at journal &&
	test_grep "\"at\":\"2026-11-22T10:00:00Z\"" out &&
	expect_code 0 crm --format csv --fields at journal &&
	test_grep "2026-11-22T10:00:00Z" out
'

test_ok 'a time without Z is a time of the team zone' '
	expect_code 0 crm note --at "2026-11-22T12:30" Acme "Звонок" &&
	test "$("$SQLX" "$CRM_DB" "SELECT at FROM interaction ORDER BY id DESC LIMIT 1")" = 1795339800
'

test_ok 'a time with Z stays UTC' '
	expect_code 0 crm note --at "2026-11-22T09:30Z" Acme "Письмо" &&
	test "$("$SQLX" "$CRM_DB" "SELECT at FROM interaction ORDER BY id DESC LIMIT 1")" = 1795339800
'

test_ok 'today turns at 00:00 Moscow, 21:00 UTC' '
	CRM_NOW=2026-11-22T20:59:59Z expect_code 0 crm next add Acme "Позвонить" --due today &&
	test "$("$SQLX" "$CRM_DB" "SELECT due - unixepoch('"'"'2026-11-22'"'"') FROM next_action ORDER BY id DESC LIMIT 1")" = 0 &&
	CRM_NOW=2026-11-22T21:00:00Z expect_code 0 crm next add Acme "Позвонить" --due today &&
	test "$("$SQLX" "$CRM_DB" "SELECT due - unixepoch('"'"'2026-11-23'"'"') FROM next_action ORDER BY id DESC LIMIT 1")" = 0 &&
	CRM_NOW=2026-11-22T21:00:00Z expect_code 0 crm note --date today Acme "Встреча" &&
	CRM_NOW=2026-11-22T20:59:59Z expect_code 2 crm note --date 2026-11-23 Acme "Встреча" &&
	test_grep "2026-11-23 is in the future" err
'

test_ok 'the audit is as of the day in the team zone' '
	CRM_NOW=2026-11-22T21:30:00Z expect_code 0 crm audit --rule overdue-action &&
	test_grep "as of 2026-11-23" out
'

test_ok 'another zone shows the same moment otherwise' '
	expect_code 0 crm config set time.zone Asia/Vladivostok &&
	expect_code 0 crm --fields at,action journal &&
	test_grep "2026-11-22 20:00  base.init" out &&
	expect_code 0 crm config set time.zone UTC &&
	expect_code 0 crm --fields at,action journal &&
	test_grep "2026-11-22 10:00  base.init" out
'

test_ok 'a stored zone unknown on this machine: UTC, with a warning' '
	"$SQLX" "$CRM_DB" "UPDATE config SET value = '"'"'Mars/Olympus'"'"' WHERE key = '"'"'time.zone'"'"'" &&
	expect_code 0 crm --fields at,action journal &&
	test_grep "2026-11-22 10:00  base.init" out &&
	test_grep "time zone '"'"'Mars/Olympus'"'"' is unknown on this machine" err &&
	test_grep "tzdata" err
'

test_ok 'audit --as-of a date ends that day at 24:00 Moscow, 21:00 UTC' '
	crm config set time.zone Europe/Moscow >/dev/null &&
	crm client add "Поздний" >/dev/null &&
	crm client add "Ночной" >/dev/null &&
	"$SQLX" "$CRM_DB" "UPDATE client SET created = unixepoch('"'"'2026-11-22T20:59:59Z'"'"') WHERE name = '"'"'Поздний'"'"';
UPDATE client SET created = unixepoch('"'"'2026-11-22T21:00:00Z'"'"') WHERE name = '"'"'Ночной'"'"'" &&
	expect_code 0 crm --format tsv --fields client audit --rule no-next-action --as-of 2026-11-22 &&
	grep -qx "Поздний" out &&
	! grep -q "Ночной" out &&
	expect_code 0 crm --format tsv --fields client audit --rule no-next-action --as-of 2026-11-23 &&
	grep -qx "Ночной" out
'

test_done
