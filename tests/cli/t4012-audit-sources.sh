#!/bin/sh
# t4012-audit-sources: crm audit sources, which channels pay: per source
# the new clients, repeat clients, orders, revenue and lost clients of a
# period in the team's zone, in every format, and bad input.
. "$SRCDIR/tests/cli/lib.sh"

T=$(printf '\t')
ts() { echo "unixepoch('$1')"; }

test_ok 'a base in Moscow time with clients from three sources and none' '
	crm -q init --zone Europe/Moscow >/dev/null &&
	crm -q manager add Анна >/dev/null &&
	crm -q client add Acme --source сайт >/dev/null &&
	crm -q client add Beta --source сайт >/dev/null &&
	crm -q client add Gamma --source выставка >/dev/null &&
	crm -q client add Delta >/dev/null &&
	crm -q client add Epsilon --source радио >/dev/null &&
	$SQLX crm.db "
UPDATE client SET created = $(ts 2026-01-01) WHERE name IN ('\''Acme'\'', '\''Delta'\'');
UPDATE client SET created = $(ts 2026-10-31T21:00:00Z) WHERE name = '\''Beta'\'';
UPDATE client SET created = $(ts 2026-10-31T20:59:59Z) WHERE name = '\''Gamma'\'';
UPDATE client SET status = '\''lost'\'' WHERE name = '\''Epsilon'\'';
INSERT INTO interaction(client_id, kind, at, author, text, amount, created) VALUES
 (1, '\''order'\'', $(ts 2026-06-01), '\''Анна'\'', '\''o'\'', 100000, 0),
 (1, '\''order'\'', $(ts 2026-11-30T20:59:59Z), '\''Анна'\'', '\''o'\'', 250000, 0),
 (4, '\''order'\'', $(ts 2026-11-10), '\''Анна'\'', '\''o'\'', 50000, 0),
 (4, '\''order'\'', $(ts 2026-11-30T21:00:00Z), '\''Анна'\'', '\''o'\'', 900000, 0);"
'

test_ok 'tsv: the highest revenue first, the clients with no source as empty' '
	expect_code 0 crm --format tsv audit sources --since 2026-11-01 --until 2026-11-30 &&
	test_empty err &&
	test_file_is out "source${T}new_clients${T}repeat_clients${T}orders${T}revenue${T}lost_clients
сайт${T}1${T}1${T}1${T}2500.00${T}0
${T}0${T}0${T}1${T}500.00${T}0
радио${T}1${T}0${T}0${T}0.00${T}1
выставка${T}0${T}0${T}0${T}0.00${T}0"
'

test_ok 'table: (none) for no source' '
	expect_code 0 crm --format table audit sources --since 2026-11-01 --until 2026-11-30 &&
	test_file_is out "SOURCE    NEW  REPEAT  ORDERS  REVENUE  LOST
сайт        1       1       1  2500.00     0
(none)      0       0       1   500.00     0
радио       1       0       0     0.00     1
выставка    0       0       0     0.00     0"
'

test_ok 'json and ndjson: null for no source, the revenue a money string' '
	expect_code 0 crm --json audit sources --since 2026-11-01 --until 2026-11-30 &&
	test_file_is out "[
{\"source\":\"сайт\",\"new_clients\":1,\"repeat_clients\":1,\"orders\":1,\"revenue\":\"2500.00\",\"lost_clients\":0},
{\"source\":null,\"new_clients\":0,\"repeat_clients\":0,\"orders\":1,\"revenue\":\"500.00\",\"lost_clients\":0},
{\"source\":\"радио\",\"new_clients\":1,\"repeat_clients\":0,\"orders\":0,\"revenue\":\"0.00\",\"lost_clients\":1},
{\"source\":\"выставка\",\"new_clients\":0,\"repeat_clients\":0,\"orders\":0,\"revenue\":\"0.00\",\"lost_clients\":0}
]" &&
	expect_code 0 crm --format ndjson --fields source,revenue audit sources --since 2026-11-01 --until 2026-11-30 &&
	test_file_is out "{\"source\":\"сайт\",\"revenue\":\"2500.00\"}
{\"source\":null,\"revenue\":\"500.00\"}
{\"source\":\"радио\",\"revenue\":\"0.00\"}
{\"source\":\"выставка\",\"revenue\":\"0.00\"}"
'

test_ok 'csv; a day more at both ends moves the orders and the new client' '
	expect_code 0 crm --format csv audit sources --since 2026-10-31 --until 2026-12-01 &&
	test_file_is out "source,new_clients,repeat_clients,orders,revenue,lost_clients
,0,1,2,9500.00,0
сайт,1,1,1,2500.00,0
выставка,1,0,0,0.00,0
радио,1,0,0,0.00,1"
'

test_ok 'the default period is the 30 days to today; equal revenue and new clients by name' '
	expect_code 0 crm --format tsv --fields source,new_clients,orders,revenue audit sources &&
	test_file_is out "source${T}new_clients${T}orders${T}revenue
${T}0${T}1${T}500.00
выставка${T}1${T}0${T}0.00
радио${T}1${T}0${T}0.00
сайт${T}1${T}0${T}0.00"
'

test_ok '--owner and --mine: the figures of the clients the manager owns' '
	$SQLX crm.db "UPDATE client SET owner_id = 1 WHERE name IN ('\''Acme'\'', '\''Delta'\'')" &&
	expect_code 0 crm --format tsv audit sources --owner Анна --since 2026-11-01 --until 2026-11-30 &&
	test_file_is out "source${T}new_clients${T}repeat_clients${T}orders${T}revenue${T}lost_clients
сайт${T}0${T}1${T}1${T}2500.00${T}0
${T}0${T}0${T}1${T}500.00${T}0" &&
	cp out owner.tsv &&
	expect_code 0 crm --as Анна --format tsv audit sources --mine --since 2026-11-01 --until 2026-11-30 &&
	cmp owner.tsv out
'
test_code 3 'an unknown --owner' crm audit sources --owner Борис
test_code 2 'an invalid --until' crm audit sources --until 2026-02-30
test_code 2 '--since after --until' crm audit sources --since 2026-11-30 --until 2026-11-01
test_code 2 'no argument is taken' crm audit sources сайт
test_ok '-h prints the usage' '
	expect_code 0 crm audit sources -h &&
	sed -n 1p out >got &&
	test_file_is got "usage: crm audit sources [--owner <manager> | --mine] [--since <date>] [--until <date>]"
'

test_done
