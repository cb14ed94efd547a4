#!/bin/sh
# t7010-hostile-base: a base is input like any other. A file whose schema
# is not exactly crm's (an extra trigger, a rewritten one, a table hidden
# behind a view, a trigger that keeps erased data) is refused by open and
# restore and named by check; restore is all or nothing and can be retried.
. "$SRCDIR/tests/cli/lib.sh"
test_sqlite_only 'triggers and views planted in an SQLite file; on a server its owner grants who may change the schema'

schema=$(crm version | sed -n 's/.*(schema \([0-9]*\),.*/\1/p')

# The hostile bases are made with the sqlite3 shell, as an attacker would.
if ! command -v sqlite3 >/dev/null; then
	test_skip 'hostile bases' 'the sqlite3 shell is not installed (./dev installs it)'
	test_done
fi

count() { # table file
	$SQLX "$2" "SELECT count(*) FROM $1"
}

test_ok 'a base with a client, a contact and a next action, and its backup' '
	crm init >/dev/null &&
	crm client add Acme >/dev/null &&
	crm contact add Acme "Иван Петров" --email ivan@example.com >/dev/null &&
	crm next add Acme call --due +1d >/dev/null 2>&1 &&
	crm backup good.db >/dev/null &&
	test "$(count next_action crm.db)" = 1
'

# Each hostile change, as SQL for the sqlite3 shell.
plant() { # name file
	case $1 in
	trigger) sql="CREATE TRIGGER zz AFTER INSERT ON interaction BEGIN DELETE FROM next_action; END;" ;;
	journal) sql="DROP TRIGGER journal_no_delete; CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal WHEN 0 BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;" ;;
	view) sql="ALTER TABLE next_action RENAME TO next_action_all; CREATE VIEW next_action AS SELECT * FROM next_action_all WHERE 0;" ;;
	erase) sql="CREATE TABLE kept(name TEXT, email TEXT); CREATE TRIGGER keep_contacts BEFORE DELETE ON contact BEGIN INSERT INTO kept VALUES (OLD.name, OLD.email); END;" ;;
	esac
	sqlite3 "$2" "$sql"
}

# What check names for each.
named() {
	case $1 in
	trigger) echo "trigger 'zz' on 'interaction' is not crm's" ;;
	journal) echo "trigger 'journal_no_delete' was altered: it is not as crm makes it" ;;
	view) echo "'next_action' is a view where crm has a table" ;;
	erase) echo "table 'kept' is not crm's" ;;
	esac
}

for h in trigger journal view erase; do
	test_ok "restore refuses a backup with a hostile $h (exit 5), the base byte-identical" '
		cp good.db bad-'$h'.db && plant '$h' bad-'$h'.db &&
		sum=$(cksum <crm.db) &&
		expect_code 5 crm restore --yes bad-'$h'.db &&
		test_empty out &&
		test_grep "error: the backup '\''bad-'$h'.db'\'' has a schema crm did not make (" err &&
		test_grep "): it is not restored" err &&
		test "$(cksum <crm.db)" = "$sum" &&
		test ! -e crm.db.before-restore &&
		test -z "$(ls -a | grep "\.tmp-")" &&
		expect_code 0 crm client show Acme
	'
	test_ok "restore --dry-run refuses it too" '
		expect_code 5 crm restore --dry-run bad-'$h'.db &&
		test_empty out
	'
	test_ok "a hostile $h planted in place: check and check --full name it, exit 1" '
		cp good.db placed-'$h'.db && plant '$h' placed-'$h'.db &&
		expect_code 1 crm --db placed-'$h'.db check &&
		test_grep "$(named '$h')" out &&
		expect_code 1 crm --db placed-'$h'.db --format ndjson check --full &&
		test_grep "{\"check\":\"schema\",\"entity\":null,\"entity_id\":null,\"problem\":\"$(named '$h')\"}" out &&
		test_grep "has a schema" err || test_grep "problem" err
	'
	test_ok "an ordinary command refuses the planted base (exit 5) and runs none of its SQL" '
		sum=$(cksum <placed-'$h'.db) &&
		expect_code 5 crm --db placed-'$h'.db note Acme hi &&
		test_empty out &&
		test_grep "error: the base '\''placed-'$h'.db'\'' has a schema crm did not make (" err &&
		test_grep "run '\''crm check'\'' to list the differences" err &&
		expect_code 5 crm --db placed-'$h'.db client list &&
		test "$(cksum <placed-'$h'.db)" = "$sum"
	'
done

test_ok 'the trigger that wipes next actions never runs' '
	test "$(count next_action placed-trigger.db)" = 1 &&
	test "$(count interaction placed-trigger.db)" = 0
'

test_ok 'erase cannot be defeated by a trigger that keeps contacts' '
	expect_code 5 crm --db placed-erase.db client erase --yes Acme &&
	test "$(count kept placed-erase.db)" = 0
'

test_ok 'check names every difference, not only the first' '
	cp good.db many.db && plant trigger many.db && plant erase many.db &&
	expect_code 1 crm --db many.db --format tsv --fields problem check &&
	test_file_is out "$(printf "problem\n%s\n%s\n%s" "trigger '\''keep_contacts'\'' on '\''contact'\'' is not crm'\''s" "table '\''kept'\'' is not crm'\''s" "trigger '\''zz'\'' on '\''interaction'\'' is not crm'\''s")" &&
	expect_code 5 crm --db many.db journal &&
	test_grep ", and more)" err
'

test_ok 'a sound base still restores, and check says sound' '
	expect_code 0 crm restore --yes good.db &&
	expect_code 0 crm check --full &&
	mv crm.db.before-restore first.before-restore
'

# ---- restore is all or nothing ----------------------------------------

test_ok 'a backup whose version says older than its schema: exit 5, base untouched and usable' '
	cp good.db liar.db && sqlite3 liar.db "PRAGMA user_version = 1" &&
	sum=$(cksum <crm.db) &&
	expect_code 5 crm restore --yes liar.db &&
	test_grep "error: the backup '\''liar.db'\'' has a schema crm did not make" err &&
	test "$(cksum <crm.db)" = "$sum" &&
	test ! -e crm.db.before-restore &&
	test -z "$(ls -a | grep "\.tmp-")" &&
	expect_code 0 crm note Acme "ещё работает" &&
	expect_code 0 crm check --full
'

test_ok 'a genuine older backup is migrated on the copy, journaled, then installed' '
	$MKBASE old.db 1 && chmod 600 old.db &&
	expect_code 0 crm --db crm.db --json restore --yes old.db &&
	test_file_is out "{\"path\":\"crm.db\",\"from\":\"old.db\",\"schema_version\":1,\"migrated_to\":$schema,\"kept\":\"crm.db.before-restore\",\"dry_run\":false}" &&
	test "$($SQLX crm.db "PRAGMA user_version")" = "$schema" &&
	test "$($SQLX crm.db "SELECT action FROM journal")" = base.restore &&
	expect_code 0 crm check --full &&
	rm crm.db.before-restore
'

test_ok 'a restore blocked by a writer exits 75, leaves nothing behind, and the retry works' '
	crm restore --yes good.db >/dev/null && rm crm.db.before-restore &&
	crm note Acme "до восстановления" >/dev/null &&
	sum=$($SQLX crm.db "SELECT count(*), max(id) FROM journal") &&
	sqlite_hold crm.db "BEGIN IMMEDIATE; INSERT INTO config VALUES ('\''hold'\'', '\''x'\'');" &&
	(CRM_BUSY_TIMEOUT=100 && export CRM_BUSY_TIMEOUT &&
	 expect_code 75 crm restore --yes good.db) &&
	test_grep "run the command again" err &&
	test ! -e crm.db.before-restore &&
	test -z "$(ls -a | grep "\.tmp-")" &&
	sqlite_release "ROLLBACK;" &&
	test "$($SQLX crm.db "SELECT count(*), max(id) FROM journal")" = "$sum" &&
	test "$(count interaction crm.db)" = 1 &&
	expect_code 0 crm restore --yes good.db &&
	test -e crm.db.before-restore &&
	test "$(count interaction crm.db)" = 0 &&
	test "$($SQLX crm.db "SELECT action FROM journal ORDER BY id DESC LIMIT 1")" = base.restore
'

test_done
