#!/bin/sh
# t0001-init: creating a base, where it goes, and its permissions.
. "$SRCDIR/tests/cli/lib.sh"

if backend_is postgresql; then
	test_ok 'init creates the base in the database CRM_DB names, no file' '
		expect_code 0 crm init &&
		test_file_is out "created a crm base at $CRM_DB (time zone UTC, texts in English)" &&
		test_empty err &&
		test ! -e crm.db
	'
else
	test_ok 'init creates the base at CRM_DB, mode 0600' '
		expect_code 0 crm init &&
		test_file_is out "created a crm base at $PWD/crm.db (time zone UTC, texts in English)" &&
		test_empty err &&
		test -f crm.db &&
		test "$(file_mode crm.db)" = 600
	'
fi

if backend_is postgresql; then
	test_ok 'the base has crm'\''s mark and the latest schema' '
		test "$($SQLX crm.db "SELECT obj_description('\''crm_schema'\''::regclass, '\''pg_class'\'')")" = crm &&
		n=$(crm version | sed -n "s/.*(schema \([0-9]*\),.*/\1/p") &&
		test -n "$n" &&
		test "$($SQLX crm.db "SELECT version FROM crm_schema")" = "$n"
	'
else
	test_ok 'the base has the crm application_id and the latest schema' '
		test "$($SQLX crm.db "PRAGMA application_id")" = 1129467185 &&
		n=$(crm version | sed -n "s/.*(schema \([0-9]*\),.*/\1/p") &&
		test -n "$n" &&
		test "$($SQLX crm.db "PRAGMA user_version")" = "$n" &&
		test "$($SQLX crm.db "PRAGMA journal_mode")" = wal
	'
fi

test_ok 'init journals a base.init entry' '
	test "$($SQLX crm.db "SELECT id, at, actor, action, entity, CAST(entity_id IS NULL AS INTEGER), data FROM journal")" = \
		"1|1795341600|tester|base.init|base|1|{\"time_zone\":\"UTC\",\"language\":\"en\"}" &&
	expect_code 0 crm --format tsv journal &&
	test_empty err &&
	test_file_is out "$(printf "id\tat\tactor\taction\tentity\tentity_id\tdata\n1\t2026-11-22T10:00:00Z\ttester\tbase.init\tbase\t\t{\"time_zone\":\"UTC\",\"language\":\"en\"}")"
'

test_ok 'a second init exits 4 and leaves the base unchanged' '
	crm config set user.email a@b.c &&
	before=$(test_base_sum) &&
	expect_code 4 crm init &&
	test_empty out &&
	if backend_is postgresql; then
		test_file_is err "error: the database '\''$CRM_DB'\'' holds a crm base already
hint: a base is kept there already; pick another path with --db to create a new one"
	else
		test_file_is err "error: a file already exists at '\''$PWD/crm.db'\''
hint: a base is kept there already; pick another path with --db to create a new one" &&
		test "$(file_mode crm.db)" = 600
	fi &&
	test "$(test_base_sum)" = "$before" &&
	expect_code 0 crm config get user.email &&
	test_file_is out a@b.c
'

test_ok 'init over a file that is not a base leaves it alone' '
	echo "my notes" >notes.txt &&
	expect_code 4 crm --db notes.txt init &&
	test_empty out &&
	test_grep "already exists" err &&
	test_file_is notes.txt "my notes"
'

test_ok 'init creates missing parent folders 0700' '
	expect_code 0 crm --db "$PWD/n1/n2/n3/crm.db" init &&
	test_file_is out "created a crm base at $PWD/n1/n2/n3/crm.db (time zone UTC, texts in English)" &&
	test_empty err &&
	test "$(file_mode n1)" = 700 &&
	test "$(file_mode n1/n2)" = 700 &&
	test "$(file_mode n1/n2/n3)" = 700 &&
	test "$(file_mode n1/n2/n3/crm.db)" = 600
'

test_ok 'init leaves the mode of an existing folder alone' '
	mkdir shared && chmod 755 shared &&
	expect_code 0 crm --db shared/crm.db init &&
	test_empty err &&
	test_file_is out "created a crm base at shared/crm.db (time zone UTC, texts in English)" &&
	test "$(file_mode shared)" = 755 &&
	test "$(file_mode shared/crm.db)" = 600
'

test_ok '--db wins over CRM_DB' '
	expect_code 0 crm --db "$PWD/other.db" init &&
	test_file_is out "created a crm base at $PWD/other.db (time zone UTC, texts in English)" &&
	test_empty err &&
	test -f other.db &&
	crm --db other.db config set company.name only-other &&
	expect_code 0 crm --db other.db config get company.name &&
	test_file_is out only-other &&
	expect_code 1 crm config get company.name &&
	test_empty out
'

test_ok '--db=PATH works too' '
	expect_code 0 crm --db="$PWD/eq.db" init &&
	test_file_is out "created a crm base at $PWD/eq.db (time zone UTC, texts in English)" &&
	test_empty err
'

test_ok 'without CRM_DB the base goes to $XDG_DATA_HOME/crm/crm.db' '
	unset CRM_DB &&
	XDG_DATA_HOME=$PWD/xdg && export XDG_DATA_HOME &&
	expect_code 0 crm init &&
	test_file_is out "created a crm base at $PWD/xdg/crm/crm.db (time zone UTC, texts in English)" &&
	test_empty err &&
	test "$(file_mode xdg)" = 700 &&
	test "$(file_mode xdg/crm)" = 700 &&
	test "$(file_mode xdg/crm/crm.db)" = 600 &&
	crm config set company.name xdg-user &&
	test "$($SQLX xdg/crm/crm.db "SELECT value FROM config WHERE key = '\''company.name'\''")" = xdg-user &&
	test ! -e "$HOME/.local"
'

test_ok 'an empty CRM_DB counts as unset' '
	CRM_DB= && XDG_DATA_HOME=$PWD/xdg && export XDG_DATA_HOME &&
	expect_code 0 crm config get company.name &&
	test_file_is out xdg-user &&
	test_empty err
'

test_ok 'without XDG_DATA_HOME it goes to ~/.local/share/crm/crm.db' '
	unset CRM_DB XDG_DATA_HOME &&
	expect_code 0 crm init &&
	test_file_is out "created a crm base at $HOME/.local/share/crm/crm.db (time zone UTC, texts in English)" &&
	test_empty err &&
	test "$(file_mode "$HOME/.local/share/crm/crm.db")" = 600 &&
	test "$(file_mode "$HOME/.local/share/crm")" = 700 &&
	test "$(file_mode "$HOME/.local")" = 700
'

test_ok 'a relative XDG_DATA_HOME is ignored (XDG spec)' '
	unset CRM_DB &&
	XDG_DATA_HOME=relative && export XDG_DATA_HOME &&
	expect_code 4 crm init &&
	test_empty out &&
	test_grep "$HOME/.local/share/crm/crm.db" err &&
	test ! -e relative
'

test_ok 'init --json prints the path and the schema version' '
	n=$(crm version | sed -n "s/.*(schema \([0-9]*\),.*/\1/p") &&
	expect_code 0 crm --json --db "$PWD/j.db" init &&
	test_empty err &&
	test_file_is out "{\"path\":\"$PWD/j.db\",\"schema_version\":$n,\"time_zone\":\"UTC\",\"language\":\"en\"}"
'

test_ok 'init --format csv' '
	n=$(crm version | sed -n "s/.*(schema \([0-9]*\),.*/\1/p") &&
	expect_code 0 crm --format csv --db "$PWD/c.db" init &&
	test_empty err &&
	test_file_is out "path,schema_version,time_zone,language
$PWD/c.db,$n,UTC,en"
'

test_ok 'init -q still prints where the base is' '
	expect_code 0 crm -q --db "$PWD/q.db" init &&
	test_file_is out "created a crm base at $PWD/q.db (time zone UTC, texts in English)" &&
	test_empty err
'

test_ok 'init takes no arguments' '
	expect_code 2 crm init extra.db &&
	test_empty out &&
	test_grep "error: unexpected argument '\''extra.db'\''" err &&
	test_grep "usage: crm [--db <path>] init" err &&
	test ! -e extra.db
'

test_ok 'init where the folder cannot be made: exit 5, nothing left' '
	echo file >blocker &&
	expect_code 5 crm --db "$PWD/blocker/sub/crm.db" init &&
	test_empty out &&
	test_grep "error: cannot create" err &&
	test_file_is blocker file
'

test_ok 'init records the actor from --as' '
	expect_code 0 crm --as "Анна" --db "$PWD/as.db" init &&
	test_empty err &&
	test "$($SQLX as.db "SELECT actor, action FROM journal")" = "Анна|base.init"
'

test_ok 'no file of the base is readable by others after writes' '
	crm --db w/crm.db init >/dev/null &&
	CRM_DB=$PWD/w/crm.db && export CRM_DB &&
	crm config set company.name a &&
	crm config set user.email a@b.c &&
	crm config unset user.email &&
	crm journal >/dev/null &&
	find w -perm /077 >leaky &&
	test_empty leaky
'

test_ok 'the -wal and -shm files are 0600 while the base is in use' '
	CRM_DB=$PWD/w/crm.db && export CRM_DB &&
	umask 000 &&
	{ $SQLX w/crm.db "BEGIN; SELECT count(*) FROM journal; WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000) SELECT count(*) FROM c; COMMIT;" >bg.out 2>&1 & } &&
	sleep 0.2 &&
	crm config set company.name b &&
	ls w >files &&
	find w -perm /077 >leaky &&
	wait &&
	test_grep crm.db-wal files &&
	test_grep crm.db-shm files &&
	test_empty leaky &&
	test "$(file_mode w)" = 700 &&
	test "$(file_mode w/crm.db)" = 600
'


test_ok 'init --zone stores the team zone; TZ is the default' '
	expect_code 0 crm --db "$PWD/z1.db" init --zone Europe/Moscow &&
	test_file_is out "created a crm base at $PWD/z1.db (time zone Europe/Moscow, texts in English)" &&
	test "$(crm --db "$PWD/z1.db" config get time.zone)" = Europe/Moscow &&
	TZ=Asia/Vladivostok expect_code 0 crm --db "$PWD/z2.db" init &&
	test "$(crm --db "$PWD/z2.db" config get time.zone)" = Asia/Vladivostok &&
	TZ=:Europe/Berlin expect_code 0 crm --db "$PWD/z3.db" init &&
	test "$(crm --db "$PWD/z3.db" config get time.zone)" = Europe/Berlin
'

test_ok 'init --zone with an unknown zone: exit 2, no base' '
	expect_code 2 crm --db "$PWD/z4.db" init --zone Mars/Olympus &&
	test_grep "unknown time zone" err && test_grep "Mars/Olympus" err &&
	test ! -e z4.db &&
	expect_code 2 crm --db "$PWD/z4.db" init --zone ../etc/passwd &&
	test ! -e z4.db
'
test_done
