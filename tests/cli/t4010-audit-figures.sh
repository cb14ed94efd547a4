#!/bin/sh
# t4010-audit-figures: crm audit managers --since/--until, the figures of
# a period in the team's zone (Europe/Moscow, UTC+3): every format, the
# edges of the period to the second, and bad input. Until crm writes
# interaction.author_id, late and next_move itself, the rows go in with SQL.
. "$SRCDIR/tests/cli/lib.sh"

T=$(printf '\t')
ts() { echo "unixepoch('$1')"; }

test_ok 'a base in Moscow time with two managers and their clients' '
	crm -q init --zone Europe/Moscow >/dev/null &&
	crm -q manager add Анна >/dev/null &&
	crm -q manager add Борис >/dev/null &&
	crm -q client add Acme --owner Анна >/dev/null &&
	crm -q client add Beta --owner Борис >/dev/null &&
	$SQLX crm.db "
UPDATE client SET created = $(ts 2026-09-01) WHERE name = '\''Beta'\'';
INSERT INTO interaction(client_id, kind, at, author, author_id, text, amount, late, created)
VALUES
 (1, '\''order'\'', $(ts 2026-10-31T20:59:59Z), '\''Анна'\'', 1, '\''o'\'', 1, NULL, 0),
 (1, '\''order'\'', $(ts 2026-10-31T21:00:00Z), '\''Анна'\'', 1, '\''o'\'', 150050, NULL, 0),
 (1, '\''order'\'', $(ts 2026-11-30T20:59:59Z), '\''Анна'\'', 1, '\''o'\'', 100, NULL, 0),
 (1, '\''order'\'', $(ts 2026-11-30T21:00:00Z), '\''Анна'\'', 1, '\''o'\'', 1000000, NULL, 0),
 (1, '\''meeting'\'', $(ts 2026-11-10T08:25:00Z), '\''Анна'\'', 1, '\''m'\'', NULL, 25, 0),
 (1, '\''meeting'\'', $(ts 2026-11-11T08:00:00Z), '\''Анна'\'', 1, '\''m'\'', NULL, 0, 0),
 (2, '\''call'\'', $(ts 2026-11-07T21:00:00Z), '\''Борис'\'', 2, '\''c'\'', NULL, NULL, 0);
INSERT INTO handover(client_id, from_id, to_id, reason, status, brief, dossier, next_text,
  next_due, created_by, created, decided, decided_by)
VALUES (2, 1, 2, '\''refresh'\'', '\''accepted'\'', '\''b'\'', '\''{}'\'', '\''call'\'',
  $(ts 2026-11-06), '\''tester'\'', $(ts 2026-11-04), $(ts 2026-11-05T09:00:00Z), '\''Борис'\'');
INSERT INTO promise(client_id, kind, text, due, status, author, created, closed) VALUES
 (1, '\''promise'\'', '\''p'\'', $(ts 2026-11-20), '\''kept'\'', '\''Анна'\'', 0, $(ts 2026-11-15)),
 (2, '\''promise'\'', '\''p'\'', $(ts 2026-11-20), '\''broken'\'', '\''Борис'\'', 0, $(ts 2026-11-16));
INSERT INTO next_action(client_id, text, due, author, created) VALUES (1, '\''call'\'', 0, '\''Анна'\'', 0);
INSERT INTO next_move(action_id, at, from_due, from_timed, to_due, to_timed, by, reason, actor, actor_id)
VALUES (1, $(ts 2026-11-12T07:00:00Z), 0, 0, 86400, 0, '\''manager'\'', '\''no car'\'', '\''Анна'\'', 1),
       (1, $(ts 2026-11-13T07:00:00Z), 0, 0, 86400, 0, '\''client'\'', '\''asked'\'', '\''Анна'\'', 1);"
'

F=manager,orders,orders_sum,new_clients,lost_clients,promises_kept,promises_broken,first_contact_days,moves,late_meetings

test_ok 'tsv: the figures of November, its first and last second in Moscow time' '
	expect_code 0 crm --format tsv --fields $F audit managers --since 2026-11-01 --until 2026-11-30 --sort name &&
	test_empty err &&
	test_file_is out "manager${T}orders${T}orders_sum${T}new_clients${T}lost_clients${T}promises_kept${T}promises_broken${T}first_contact_days${T}moves${T}late_meetings
Анна${T}2${T}1501.50${T}1${T}0${T}1${T}0${T}${T}1${T}1
Борис${T}0${T}0.00${T}0${T}0${T}0${T}1${T}2.5${T}0${T}0"
'

test_ok 'json: numbers, the sum a money string, null for no first contact' '
	expect_code 0 crm --json --fields $F audit managers --since 2026-11-01 --until 2026-11-30 --sort name &&
	test_file_is out "[
{\"manager\":\"Анна\",\"orders\":2,\"orders_sum\":\"1501.50\",\"new_clients\":1,\"lost_clients\":0,\"promises_kept\":1,\"promises_broken\":0,\"first_contact_days\":null,\"moves\":1,\"late_meetings\":1},
{\"manager\":\"Борис\",\"orders\":0,\"orders_sum\":\"0.00\",\"new_clients\":0,\"lost_clients\":0,\"promises_kept\":0,\"promises_broken\":1,\"first_contact_days\":2.5,\"moves\":0,\"late_meetings\":0}
]"
'

test_ok 'ndjson and csv' '
	expect_code 0 crm --format ndjson --fields manager,orders,first_contact_days audit managers --since 2026-11-01 --until 2026-11-30 --sort name &&
	test_file_is out "{\"manager\":\"Анна\",\"orders\":2,\"first_contact_days\":null}
{\"manager\":\"Борис\",\"orders\":0,\"first_contact_days\":2.5}" &&
	expect_code 0 crm --format csv --fields manager,orders_sum,first_contact_days audit managers --since 2026-11-01 --until 2026-11-30 --sort name &&
	test_file_is out "manager,orders_sum,first_contact_days
Анна,1501.50,
Борис,0.00,2.5"
'

test_ok 'table: the new columns after the score' '
	expect_code 0 crm --format table --fields manager,orders,orders_sum,first_contact_days,late_meetings audit managers --since 2026-11-01 --until 2026-11-30 --sort name &&
	sed -n 1p out >got &&
	test_file_is got "MANAGER  ORDERS  ORDERS_SUM  FIRST_CONTACT_DAYS  LATE" &&
	grep -q "^Борис  *0  *0.00  *2.5  *0\$" out
'

test_ok 'one day more at either end takes in the orders one second outside' '
	expect_code 0 crm --format tsv --fields manager,orders,orders_sum audit managers --owner Анна --since 2026-10-31 --until 2026-12-01 &&
	test_file_is out "manager${T}orders${T}orders_sum
Анна${T}4${T}11501.51"
'

test_ok 'the default period is the 30 days to today (2026-10-24 to 2026-11-22)' '
	expect_code 0 crm --format tsv --fields manager,orders,orders_sum,late_meetings audit managers --owner Анна &&
	test_file_is out "manager${T}orders${T}orders_sum${T}late_meetings
Анна${T}2${T}1500.51${T}1" &&
	expect_code 0 crm --format tsv --fields manager,orders audit managers --owner Анна --since 2026-10-24 --until 2026-11-22 &&
	test_file_is out "manager${T}orders
Анна${T}2" &&
	expect_code 0 crm --format tsv --fields manager,orders audit managers --owner Анна --since 2026-10-25 --until 2026-11-22 &&
	test_file_is out "manager${T}orders
Анна${T}2"
'

test_ok '--as-of moves the default period with it (2026-11-11 to 2026-12-10)' '
	expect_code 0 crm --format tsv --fields manager,orders,orders_sum audit managers --owner Анна --as-of 2026-12-10 &&
	test_file_is out "manager${T}orders${T}orders_sum
Анна${T}2${T}10001.00"
'

sqlite_only '--sql prints a script for the sqlite3 shell, which reads a SQLite file' \
test_ok '--sql prints the statement with the edges of the period' '
	expect_code 0 crm audit managers --since 2026-11-01 --until 2026-11-30 --sql &&
	test_grep ".parameter set :from 1793480400" out &&
	test_grep ".parameter set :to 1796072400" out
'

test_code 2 'an invalid --since' crm audit managers --since 2026-13-01
test_code 2 'an invalid --until' crm audit managers --until yesterdayish
test_code 2 '--since after --until' crm audit managers --since 2026-11-02 --until 2026-11-01
test_code 2 '--since after today with no --until' crm audit managers --since 2026-12-01
test_ok 'the usage error names the fix' '
	expect_code 2 crm audit managers --since 2026-11-02 --until 2026-11-01 &&
	test_grep "error: --since 2026-11-02 is after --until 2026-11-01" err &&
	test_empty out
'
test_code 3 'an unknown manager' crm audit managers --owner Вера --since 2026-11-01

test_done
