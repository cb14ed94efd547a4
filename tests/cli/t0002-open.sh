#!/bin/sh
# t0002-open: what crm does with a missing, foreign, corrupt, newer, older,
# exposed or locked base.
. "$SRCDIR/tests/cli/lib.sh"

schema=$(crm version | sed -n 's/.*(schema \([0-9]*\),.*/\1/p')

# Checks the last command died cleanly with exit 5 and one error line.
storage_error() {
	test_empty out &&
	test "$(wc -l <err)" -ge 1 &&
	head -n 1 err | grep "^error: " >/dev/null &&
	! grep -i "sqlite3_\|assert\|AddressSanitizer\|runtime error" err
}

test_ok 'a command on a missing base: exit 3, hint at crm init' '
	if backend_is postgresql; then base=$CRM_DB; else base=$PWD/crm.db; fi &&
	expect_code 3 crm config list &&
	test_empty out &&
	test_file_is err "error: no crm base at '\''$base'\''
hint: create one with '\''crm init'\'', or point --db or CRM_DB at an existing base" &&
	test ! -e crm.db
'

test_ok 'every kind of command on a missing base: exit 3, nothing created' '
	expect_code 3 crm journal &&
	test_empty out && test_grep "no crm base at" err && test_grep "crm init" err &&
	expect_code 3 crm config set company.name x &&
	test_empty out && test_grep "no crm base at" err && test_grep "crm init" err &&
	expect_code 3 crm --db "$PWD/no/such/dir/crm.db" config get company.name &&
	test_empty out && test_grep "no crm base at '\''$PWD/no/such/dir/crm.db'\''" err &&
	test ! -e crm.db && test ! -e no
'

test_ok 'a text file: exit 5, left unchanged' '
	printf "name,phone\nAcme,123\n" >text.db &&
	sum=$(cksum <text.db) &&
	expect_code 5 crm --db text.db config list &&
	storage_error &&
	test_grep "text.db" err &&
	test_grep "not a usable crm base" err &&
	test "$(cksum <text.db)" = "$sum" &&
	test ! -e text.db-wal
'

test_ok 'a zero-length file: exit 5, left empty' '
	: >empty.db &&
	expect_code 5 crm --db empty.db config list &&
	storage_error &&
	test_grep "'\''empty.db'\'' is an empty file, not a crm base" err &&
	test ! -s empty.db &&
	expect_code 5 crm --db empty.db config set company.name x &&
	storage_error &&
	test ! -s empty.db
'

test_ok 'an SQLite file of another program: exit 5, left unchanged' '
	$SQLX other.db "CREATE TABLE t(x); INSERT INTO t VALUES (42)" &&
	test "$($SQLX other.db "PRAGMA application_id")" = 0 &&
	sum=$(cksum <other.db) &&
	expect_code 5 crm --db other.db config list &&
	storage_error &&
	test_file_is err "error: '\''other.db'\'' is not a crm base (an SQLite file of another program): check --db or CRM_DB" &&
	expect_code 5 crm --db other.db config set company.name x &&
	storage_error &&
	test "$(cksum <other.db)" = "$sum" &&
	test "$($SQLX other.db "PRAGMA journal_mode")" = delete &&
	test "$($SQLX other.db "SELECT x FROM t")" = 42
'

test_ok 'a folder instead of a file: exit 5' '
	mkdir folder.db &&
	expect_code 5 crm --db folder.db config list &&
	storage_error &&
	test_grep "not a regular file" err
'

test_ok 'a corrupt base: a clean error, never a crash' '
	crm --db corrupt.db init >/dev/null &&
	i=0 && while test $i -lt 6; do
		crm --db corrupt.db config set company.name "name $i" || return 1
		i=$((i + 1))
	done &&
	test "$(wc -c <corrupt.db)" -ge 8192 &&
	dd if=/dev/zero of=corrupt.db bs=512 seek=9 count=12 conv=notrunc 2>/dev/null &&
	printf "garbage garbage garbage garbage garbage garbage garbage" |
		dd of=corrupt.db bs=1 seek=4200 conv=notrunc 2>/dev/null &&
	fives=0 &&
	for cmd in "config list" "config get company.name" "journal" \
		   "config set company.name again" "config unset company.name"; do
		crm --db corrupt.db $cmd >out 2>err
		rc=$?
		echo "$cmd: exit $rc"
		test $rc -lt 128 || return 1
		case $rc in
		0) test_empty err || return 1 ;;
		1) test_empty out || return 1 ;;
		*) test "$rc" -eq 5 && storage_error && test_grep "corrupt" err || return 1
		   fives=$((fives + 1)) ;;
		esac
	done &&
	test "$fives" -ge 1
'

test_ok 'a header-corrupt base: exit 5' '
	crm --db bad.db init >/dev/null &&
	printf "XXXXXXXXXXXXXXXX" | dd of=bad.db bs=1 seek=0 conv=notrunc 2>/dev/null &&
	expect_code 5 crm --db bad.db config list &&
	storage_error &&
	test_grep "bad.db" err
'

test_ok 'a base of a newer schema: exit 5, upgrade crm' '
	crm --db newer.db init >/dev/null &&
	$SQLX newer.db "PRAGMA user_version = 99" &&
	sum=$(cksum <newer.db) &&
	expect_code 5 crm --db newer.db config list &&
	test_empty out &&
	test_file_is err "error: the base '\''newer.db'\'' has schema version 99, newer than this crm knows ($schema): upgrade crm" &&
	expect_code 5 crm --db newer.db config set company.name x &&
	test_empty out &&
	test_grep "newer" err && test_grep "upgrade crm" err &&
	test "$(cksum <newer.db)" = "$sum" &&
	test "$($SQLX newer.db "PRAGMA user_version")" = 99
'

test_ok 'a v0 file with the crm application_id is migrated to the latest schema' '
	$SQLX v0.db "PRAGMA application_id = 1129467185" &&
	chmod 600 v0.db &&
	test "$($SQLX v0.db "PRAGMA user_version")" = 0 &&
	expect_code 0 crm --db v0.db config list &&
	test_empty err &&
	test_grep "company.name" out &&
	test "$($SQLX v0.db "PRAGMA user_version")" = "$schema" &&
	test "$($SQLX v0.db "SELECT count(*) FROM sqlite_master WHERE name IN ('\''config'\'', '\''journal'\'')")" = 2 &&
	expect_code 0 crm --db v0.db config set company.name migrated &&
	test_empty out && test_empty err &&
	test "$($SQLX v0.db "SELECT value FROM config")" = migrated
'

# A base of schema 1, as crm's first schema made it (mkbase runs migration
# step 1 alone), with a company name and a user name (the identity, which
# bases kept until schema 12) set and two journal entries.
make_v1() {
	$MKBASE "$1" 1 &&
	$SQLX "$1" "INSERT INTO config VALUES ('company.name', 'Старый');
		INSERT INTO config VALUES ('user.name', 'Старый');
		INSERT INTO journal(at, actor, action, entity, data) VALUES (0, 'x', 'base.init', 'base', '{}');
		INSERT INTO journal(at, actor, action, entity, data) VALUES (0, 'x', 'config.set', 'config', '{}');" &&
	chmod 600 "$1" &&
	test "$($SQLX "$1" "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")" = 2
}

if test "$schema" -gt 1; then
	test_ok 'a base of schema 1 is upgraded on open, its data kept' '
		make_v1 v1.db &&
		expect_code 0 crm --db v1.db config get company.name &&
		test_file_is out "Старый" &&
		test_empty err &&
		test "$($SQLX v1.db "PRAGMA user_version")" = "$schema" &&
		test "$($SQLX v1.db "SELECT key FROM config")" = company.name &&
		test "$($SQLX v1.db "SELECT count(*) FROM journal")" = 2 &&
		test "$($SQLX v1.db "SELECT count(*) FROM sqlite_master WHERE type = '\''table'\''")" -gt 2 &&
		test "$(file_mode v1.db)" = 600
	'
	test_ok 'a read-only command upgrades too, then the base stays current' '
		make_v1 v1b.db &&
		expect_code 0 crm --db v1b.db journal --limit 1 &&
		test_empty err &&
		test "$($SQLX v1b.db "PRAGMA user_version")" = "$schema" &&
		sum=$(cksum <v1b.db) &&
		expect_code 0 crm --db v1b.db config list &&
		test_empty err &&
		test "$(cksum <v1b.db)" = "$sum"
	'
else
	test_skip 'a base of schema 1 is upgraded on open' 'only one migration'
	test_skip 'a read-only command upgrades too' 'only one migration'
fi

test_ok 'a current base is not rewritten by reading it' '
	crm --db cur.db init >/dev/null &&
	crm --db cur.db config set company.name x &&
	sum=$(cksum <cur.db) &&
	expect_code 0 crm --db cur.db config list &&
	test_empty err &&
	expect_code 0 crm --db cur.db journal &&
	test_empty err &&
	test "$(cksum <cur.db)" = "$sum"
'

test_ok 'a base others can read: a warning naming chmod, and it works' '
	crm --db open.db init >/dev/null &&
	chmod 644 open.db &&
	expect_code 0 crm --db open.db config set company.name "Вера" &&
	test_empty out &&
	test_file_is err "warning: the base '\''open.db'\'' can be read by other users (mode 0644): run chmod 600 '\''open.db'\''" &&
	expect_code 0 crm --db open.db config get company.name &&
	test_file_is out "Вера" &&
	test_grep "chmod 600" err &&
	chmod 600 open.db &&
	expect_code 0 crm --db open.db config get company.name &&
	test_empty err
'

test_ok 'a read-only base file: reading works, writing exits 5' '
	crm --db ro.db init >/dev/null &&
	crm --db ro.db config set company.name before &&
	chmod 400 ro.db &&
	if test "$(id -u)" -eq 0; then
		echo "root writes anyway: only reading is checked"
		expect_code 0 crm --db ro.db config get company.name &&
		test_file_is out before
	else
		expect_code 0 crm --db ro.db config get company.name &&
		test_file_is out before &&
		expect_code 5 crm --db ro.db config set company.name after &&
		test_empty out &&
		test_grep "read-only" err
	fi
'

test_ok 'a base locked by another process: exit 75, retry' '
	crm --db locked.db init >/dev/null &&
	{ $SQLX locked.db "BEGIN EXCLUSIVE; WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 30000000) SELECT count(*) FROM c; COMMIT;" >bg.out 2>&1 & } &&
	pid=$! &&
	sleep 0.3 &&
	(CRM_BUSY_TIMEOUT=100 && export CRM_BUSY_TIMEOUT &&
	 expect_code 75 crm --db locked.db config set company.name x)
	rc=$?
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	test "$rc" -eq 0 &&
	test_empty out &&
	test_file_is err "error: the base '\''locked.db'\'' stayed locked by another process: retry later
hint: another crm command holds the base; run the command again" &&
	test_empty bg.out &&
	test "$($SQLX locked.db "SELECT count(*) FROM config")" = 2 &&
	test "$($SQLX locked.db "SELECT count(*) FROM journal")" = 1 &&
	expect_code 0 crm --db locked.db config set company.name x &&
	test_empty err
'

test_ok 'reading while another process writes does not wait; writing does' '
	crm --db busy.db init >/dev/null &&
	{ $SQLX busy.db "BEGIN IMMEDIATE; INSERT INTO config VALUES ('\''company.name'\'', '\''w'\''); WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 30000000) SELECT count(*) FROM c; COMMIT;" >bg.out 2>&1 & } &&
	pid=$! &&
	sleep 0.3 &&
	(CRM_BUSY_TIMEOUT=100 && export CRM_BUSY_TIMEOUT &&
	 expect_code 1 crm --db busy.db config get company.name &&
	 test_empty out &&
	 test_empty err &&
	 expect_code 75 crm --db busy.db config set user.email x &&
	 test_grep "retry" err)
	rc=$?
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	test "$rc" -eq 0 &&
	test_empty bg.out &&
	expect_code 1 crm --db busy.db config get company.name &&
	test_empty out &&
	test_empty err
'

test_done
