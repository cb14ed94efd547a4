#!/bin/sh
# t4011-client-source: client add/edit --source, the channel a client came
# from: shown by show and list, filtered by list --source, kept by export
# and import (NDJSON and CSV), checked like any one-line text.
. "$SRCDIR/tests/cli/lib.sh"

T=$(printf '\t')

test_ok 'add --source records the channel' '
	crm -q init >/dev/null &&
	crm -q manager add Анна >/dev/null &&
	crm -q client add Acme --source "Яндекс.Директ" >/dev/null &&
	crm -q client add Beta --source выставка >/dev/null &&
	crm -q client add Gamma >/dev/null &&
	test "$($SQLX crm.db "SELECT name, source FROM client ORDER BY id")" = "Acme|Яндекс.Директ
Beta|выставка
Gamma|"
'

test_ok 'show prints it, in the table and as the last field in JSON' '
	expect_code 0 crm client show Acme &&
	grep -q "^source  *Яндекс.Директ\$" out &&
	expect_code 0 crm --json --fields name,source client show Gamma &&
	test_file_is out "{\"name\":\"Gamma\",\"source\":null}"
'

test_ok 'list: the field in every format, and --source filters exactly' '
	expect_code 0 crm --format tsv --fields name,source client list &&
	test_file_is out "name${T}source
Acme${T}Яндекс.Директ
Beta${T}выставка
Gamma${T}" &&
	expect_code 0 crm --format ndjson --fields name client list --source выставка &&
	test_file_is out "{\"name\":\"Beta\"}" &&
	expect_code 0 crm --format csv --fields name,source client list --source "Яндекс.Директ" &&
	test_file_is out "name,source
Acme,Яндекс.Директ" &&
	expect_code 0 crm --format json client list --source радио &&
	test_file_is out "[]"
'

test_ok 'edit --source changes it, and an empty one removes it, journaled' '
	crm -q client edit Beta --source "сарафанное радио" &&
	test "$($SQLX crm.db "SELECT source FROM client WHERE name = '\''Beta'\''")" = "сарафанное радио" &&
	$SQLX crm.db "SELECT data FROM journal ORDER BY id DESC LIMIT 1" >data &&
	test_grep "\"source\"" data &&
	test_grep "сарафанное радио" data &&
	crm -q client edit Beta --source "" &&
	test "$($SQLX crm.db "SELECT CAST(source IS NULL AS INTEGER) FROM client WHERE name = '\''Beta'\''")" = 1
'

test_code 2 'a source with a line break is refused' crm client add Delta --source "$(printf 'a\nb')"
test_ok '... and names the fix, adding nothing' '
	expect_code 2 crm client edit Acme --source "$(printf "a\tb")" &&
	test_grep "source" err &&
	test "$($SQLX crm.db "SELECT source FROM client WHERE name = '\''Acme'\''")" = "Яндекс.Директ" &&
	test "$($SQLX crm.db "SELECT count(*) FROM client")" = 3
'
test_code 2 'a source longer than 200 characters is refused' \
	crm client add Delta --source "$(printf "%0201d" 0)"

test_ok 'NDJSON export and import keep it' '
	crm client export >all.ndjson &&
	test_grep "\"source\":\"Яндекс.Директ\"" all.ndjson &&
	crm --db n.db -q init &&
	crm --db n.db -q client import all.ndjson &&
	crm --db n.db client export | cmp - all.ndjson &&
	test "$($SQLX n.db "SELECT count(*) FROM client WHERE source = '\''Яндекс.Директ'\''")" = 1
'

test_ok 'CSV export has a source column, and import reads it back' '
	crm client export --format csv >all.csv &&
	head -n 1 all.csv >head &&
	test_file_is head "uuid,name,kind,segment,tier,status,stage,owner,contact_every,value,tags,note,contact_name,contact_role,contact_phone,contact_email,source" &&
	crm --db c.db -q init &&
	crm --db c.db -q client import all.csv &&
	crm --db c.db client export --format csv | cmp - all.csv &&
	printf "name,source\nOmega,выставка\n" >in.csv &&
	crm -q client import in.csv &&
	test "$($SQLX crm.db "SELECT source FROM client WHERE name = '\''Omega'\''")" = выставка
'

test_done
