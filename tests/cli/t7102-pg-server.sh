#!/bin/sh
# t7102-pg-server: what is a server's own in a base on PostgreSQL: crm init
# in a database, an unreachable server, the backup by pg_dump and the
# restore by pg_restore with crm's checks before and after.
. "$SRCDIR/tests/cli/lib.sh"

# Any backend: a server that cannot be reached is exit 5, with libpq's
# reason, and a password given in the URL is never shown.
test_ok 'an unreachable server: exit 5, the reason, no password' '
	expect_code 5 crm --db "postgresql://crm:s3cr3t-pw@127.0.0.1:1/nowhere" client list &&
	test_grep "cannot reach the server of the base '\''postgresql://crm:@127.0.0.1:1/nowhere'\''" err &&
	test_grep "127.0.0.1" err &&
	! grep -q s3cr3t err
'

test_ok 'service=, host= and dbname= name a server; other text is a file' '
	expect_code 5 crm --db "service=crm-no-such-service" client list &&
	test_grep "cannot reach the server" err &&
	expect_code 5 crm --db "host=127.0.0.1 port=1 dbname=x" client list &&
	test_grep "cannot reach the server" err &&
	expect_code 3 crm --db "./service=x" client list &&
	test_grep "no crm base" err
'

# The rest is a base on the server's own: on SQLite each says so by name.
why='crm on a PostgreSQL server (pg_dump, pg_restore, a database)'
postgresql_only "$why" test_ok 'crm init in the empty database, then never again (exit 4)' '
	crm init --zone Europe/Moscow >/dev/null &&
	expect_code 4 crm init &&
	test_grep "holds a crm base already" err &&
	test "$($SQLX crm.db "SELECT version FROM crm_schema")" = 12
'

postgresql_only "$why" test_ok 'crm init refuses a database that holds other tables (exit 4)' '
	createdb -T template0 "${CRM_TEST_DB##*/}_other" &&
	other="postgresql:///${CRM_TEST_DB##*/}_other" &&
	psql -X -q -d "$other" -c "CREATE TABLE t (x int)" &&
	expect_code 4 crm --db "$other" init &&
	test_grep "is not empty" err &&
	expect_code 5 crm --db "$other" client list &&
	test_grep "not a crm base" err &&
	dropdb "${CRM_TEST_DB##*/}_other"
'

postgresql_only "$why" test_ok 'service= names the base through ~/.pg_service.conf, the password from ~/.pgpass' '
	printf "[crmtest]\nhost=%s\nport=%s\ndbname=%s\nuser=%s\n" \
		"${PGHOST:-localhost}" "${PGPORT:-5432}" "${CRM_TEST_DB##*/}" "${PGUSER:-$(id -un)}" \
		>"$HOME/.pg_service.conf" &&
	printf "*:*:*:%s:%s\n" "${PGUSER:-$(id -un)}" "${PGPASSWORD:-none}" >"$HOME/.pgpass" &&
	chmod 600 "$HOME/.pgpass" &&
	(unset PGPASSWORD PGHOST PGPORT PGUSER PGDATABASE &&
	 expect_code 0 crm --db service=crmtest config get time.zone &&
	 test_file_is out Europe/Moscow &&
	 CRM_DB=service=crmtest expect_code 0 crm --format ndjson manager list &&
	 test_empty out) &&
	rm -f "$HOME/.pg_service.conf" "$HOME/.pgpass"
'

postgresql_only "$why" test_ok 'a base with clients, a contact and a note' '
	crm manager add "Анна Петрова" >/dev/null &&
	crm client add --owner "Анна Петрова" "ООО Ромашка" >/dev/null &&
	crm client add "ИП Васильев" >/dev/null &&
	crm note --kind call 1 "обсудили поставку" >/dev/null
'

postgresql_only "$why" test_ok 'backup: a pg_dump archive of 0600, one line, journaled' '
	expect_code 0 crm backup b.dump &&
	test_file_is out "backed up $CRM_DB to b.dump ($(wc -c <b.dump | tr -d " ") bytes)" &&
	test "$(file_mode b.dump)" = 600 &&
	test "$(head -c 5 b.dump)" = PGDMP &&
	pg_restore --list b.dump | grep -q " crm_schema " &&
	test "$($SQLX crm.db "SELECT action FROM journal ORDER BY id DESC LIMIT 1")" = base.backup
'

postgresql_only "$why" test_ok 'backup --format json, and over an existing file: exit 4 unless --force' '
	expect_code 0 crm backup --format json b2.dump &&
	test_grep "\"schema_version\":12" out &&
	cksum <b2.dump >sum &&
	expect_code 4 crm backup b2.dump &&
	test_grep "already exists" err &&
	cksum <b2.dump | cmp -s - sum &&
	expect_code 0 crm backup --force b2.dump
'

postgresql_only "$why" test_ok 'restore --dry-run: says what it would do, changes nothing' '
	crm client add "ООО После копии" >/dev/null &&
	expect_code 0 crm restore --dry-run b.dump &&
	test_file_is out "would restore $CRM_DB from b.dump (schema 12); the current base would be kept as b.dump.before-restore" &&
	test ! -e b.dump.before-restore &&
	test "$($SQLX crm.db "SELECT count(*) FROM client")" = 3
'

postgresql_only "$why" test_ok 'restore: the backup comes back, the former base is kept, the journal says so' '
	expect_code 0 crm restore --yes b.dump &&
	test_file_is out "restored $CRM_DB from b.dump (schema 12); the former base is kept as b.dump.before-restore" &&
	test "$($SQLX crm.db "SELECT count(*) FROM client")" = 2 &&
	test "$(file_mode b.dump.before-restore)" = 600 &&
	pg_restore --data-only --table=client --file=- b.dump.before-restore | grep -q "После копии" &&
	test "$($SQLX crm.db "SELECT action FROM journal ORDER BY id DESC LIMIT 1")" = base.restore &&
	expect_code 0 crm --format ndjson client list &&
	test "$(wc -l <out)" = 2
'

postgresql_only "$why" test_ok 'a second restore: exit 4, the kept copy is not replaced' '
	cksum <b.dump.before-restore >sum &&
	expect_code 4 crm restore --yes b.dump &&
	test_grep "b.dump.before-restore" err &&
	cksum <b.dump.before-restore | cmp -s - sum
'

postgresql_only "$why" test_ok 'restore refuses what is not an archive of a crm base on a server: nothing changes' '
	printf "not a dump\n" >junk &&
	expect_code 5 crm restore --yes junk &&
	test_grep "is not a backup of a base on a server" err &&
	crm --db lite.db init >/dev/null &&
	crm --db lite.db backup lite-backup.db >/dev/null &&
	expect_code 5 crm restore --yes lite-backup.db &&
	expect_code 66 crm restore --yes missing.dump &&
	test "$($SQLX crm.db "SELECT count(*) FROM client")" = 2
'

postgresql_only "$why" test_ok 'an SQLite base refuses an archive of a server' '
	expect_code 5 crm --db lite.db restore --yes b.dump &&
	test "$(crm --db lite.db --format ndjson client list | wc -l)" = 0
'

test_done
