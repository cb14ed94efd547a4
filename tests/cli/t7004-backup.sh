#!/bin/sh
# t7004-backup: crm backup, crm restore and crm check.
. "$SRCDIR/tests/cli/lib.sh"
test_sqlite_only 'the backup of an SQLite file and its pages; a base on a server: t7102-pg-server'

schema=$(crm version | sed -n 's/.*(schema \([0-9]*\),.*/\1/p')

# Writes garbage over page $2 of file $1.
damage_page() {
	dd if=/dev/urandom of="$1" bs=4096 seek=$(($2 - 1)) count=1 conv=notrunc 2>/dev/null
}

count() { # table [file]
	$SQLX "${2:-crm.db}" "SELECT count(*) FROM $1"
}

test_ok 'a base with a little of everything' '
	crm init >/dev/null &&
	crm manager add "Анна" >/dev/null &&
	crm client add --owner Анна "ООО «Ромашка»" >/dev/null &&
	crm client add --owner Анна "Acme" >/dev/null &&
	crm note 1 "первый звонок" >/dev/null &&
	crm next add --due +3d 1 "отправить КП" >/dev/null
'

# ---- backup ------------------------------------------------------------

test_ok 'backup: one line on stdout, a standalone 0600 copy with everything' '
	expect_code 0 crm backup copy.db &&
	test_empty err &&
	bytes=$(wc -c <copy.db | tr -d " ") &&
	test_file_is out "backed up $PWD/crm.db to copy.db ($bytes bytes)" &&
	test "$(file_mode copy.db)" = 600 &&
	! test -e copy.db-wal && ! test -e copy.db-journal &&
	test "$($SQLX copy.db "PRAGMA journal_mode")" = delete &&
	test "$(count client copy.db)" = 2 &&
	test "$(count journal copy.db)" = "$(($(count journal) - 1))" &&
	test "$($SQLX crm.db "SELECT action, json_extract(data, '\''$.path'\'') FROM journal ORDER BY id DESC LIMIT 1")" = "base.backup|$PWD/copy.db" &&
	test "$($SQLX copy.db "PRAGMA integrity_check")" = ok &&
	expect_code 0 crm --db copy.db --format tsv --fields id,name client list --sort name &&
	test_file_is out "$(printf "id\tname\n2\tAcme\n1\tООО «Ромашка»")"
'

test_ok 'backup --format json: path, base, bytes, pages, schema_version' '
	expect_code 0 crm --json backup copy2.db &&
	test_empty err &&
	bytes=$(wc -c <copy2.db | tr -d " ") &&
	pages=$($SQLX copy2.db "PRAGMA page_count") &&
	test_file_is out "{\"path\":\"copy2.db\",\"base\":\"$PWD/crm.db\",\"bytes\":$bytes,\"pages\":$pages,\"schema_version\":$schema}" &&
	expect_code 0 crm --format csv --fields path,schema_version backup copy3.db &&
	test_file_is out "path,schema_version
copy3.db,$schema"
'

test_ok 'backup over an existing file: exit 4 and the file untouched; --force replaces it' '
	echo "keep me" >exists.db &&
	expect_code 4 crm backup exists.db &&
	test_empty out &&
	test_file_is err "error: a file already exists at '\''exists.db'\''
hint: pick another file name, or pass --force to replace it" &&
	test_file_is exists.db "keep me" &&
	expect_code 0 crm backup --force exists.db &&
	test "$(count client exists.db)" = 2 &&
	expect_code 0 crm backup -f exists.db
'

test_ok 'backup refusals: the base itself (2), a missing folder (5), no base (3), usage (2)' '
	expect_code 2 crm backup --force crm.db &&
	test_grep "is the base itself" err &&
	test "$(count client)" = 2 &&
	expect_code 5 crm backup no/such/dir/b.db &&
	test_empty out &&
	test_grep "no/such/dir/b.db" err &&
	! test -e no &&
	expect_code 3 crm --db missing.db backup b.db &&
	! test -e b.db &&
	expect_code 2 crm backup &&
	test_grep "usage: crm backup [--force] <file>" err &&
	expect_code 2 crm backup a.db b.db &&
	expect_code 2 crm backup "" &&
	expect_code 2 crm backup --bogus x.db &&
	expect_code 0 crm backup -h &&
	test_grep "usage: crm backup [--force] <file>" out &&
	{ ls -a | grep "^\.[^.]" >hidden || true; } && test_empty hidden
'

test_ok 'backups taken while others write are consistent snapshots' '
	(i=0; while test $i -lt 60; do crm client add "Поток $i" >/dev/null || exit 1; i=$((i + 1)); done) &
	pid=$! &&
	n=0 && while test $n -lt 6; do
		crm backup --force snap$n.db >/dev/null || return 1
		n=$((n + 1))
	done &&
	wait $pid &&
	# each snapshot holds the base.backup entries of the ones before it
	k=0 && for s in snap0 snap1 snap2 snap3 snap4 snap5; do
		test "$($SQLX $s.db "PRAGMA integrity_check")" = ok || return 1
		c=$(count client $s.db) && j=$(count journal $s.db) &&
		echo "$s: $c clients, $j journal entries" &&
		test $((j - c)) -eq $(($(count journal) - $(count client) - 6 + k)) || return 1
		k=$((k + 1))
		expect_code 0 crm --db $s.db check --full || return 1
	done
'

# ---- restore -----------------------------------------------------------

test_ok 'restore --dry-run: says what it would do, changes nothing' '
	crm client add "После копии" >/dev/null &&
	sum=$(cksum <crm.db) &&
	expect_code 0 crm restore --dry-run copy.db &&
	test_empty err &&
	test_file_is out "would restore $PWD/crm.db from copy.db (schema $schema); the current base would be kept as $PWD/crm.db.before-restore" &&
	expect_code 0 crm --json restore -n copy.db &&
	test_file_is out "{\"path\":\"$PWD/crm.db\",\"from\":\"copy.db\",\"schema_version\":$schema,\"migrated_to\":$schema,\"kept\":\"$PWD/crm.db.before-restore\",\"dry_run\":true}" &&
	test "$(cksum <crm.db)" = "$sum" &&
	! test -e crm.db.before-restore
'

test_ok 'restore: the backup comes back, the former base is kept, the journal says so' '
	before=$(count client) &&
	journal=$(count journal copy.db) &&
	expect_code 0 crm restore --yes copy.db &&
	test_empty err &&
	test_file_is out "restored $PWD/crm.db from copy.db (schema $schema); the former base is kept as $PWD/crm.db.before-restore" &&
	test "$(count client)" = 2 &&
	test "$(count client crm.db.before-restore)" = "$before" &&
	test "$(file_mode crm.db.before-restore)" = 600 &&
	test "$(count journal)" = $((journal + 1)) &&
	expect_code 0 crm --format ndjson --fields action,actor,data journal --entity base &&
	test_grep "{\"action\":\"base.restore\",\"actor\":\"tester\",\"data\":{\"from\":\"copy.db\",\"schema_version\":$schema,\"kept\":\"$PWD/crm.db.before-restore\",\"backups\":[\"$PWD/copy.db\"," out &&
	expect_code 0 crm check --full
'

test_ok 'a second restore: exit 4, the kept copy is not replaced' '
	sum=$(cksum <crm.db.before-restore) &&
	expect_code 4 crm restore --yes copy2.db &&
	test_empty out &&
	test_file_is err "error: '\''$PWD/crm.db.before-restore'\'' is kept from an earlier restore: move it away first" &&
	test "$(cksum <crm.db.before-restore)" = "$sum" &&
	mv crm.db.before-restore kept-1.db &&
	expect_code 0 crm --json restore --yes copy2.db &&
	test_grep "\"kept\":\"$PWD/crm.db.before-restore\"" out
'

test_ok 'restore refuses what is not a crm backup: nothing changes' '
	rm -f crm.db.before-restore &&
	sum=$(cksum <crm.db) &&
	printf "name,phone\nAcme,1\n" >text.db &&
	expect_code 5 crm restore --yes text.db &&
	test_empty out &&
	test_file_is err "error: '\''text.db'\'' is not a crm base (file is not a database)" &&
	: >empty.db &&
	expect_code 5 crm restore --yes empty.db &&
	test_grep "is not a crm base (an empty file)" err &&
	$SQLX other.db "CREATE TABLE t(x)" &&
	expect_code 5 crm restore --yes other.db &&
	test_grep "an SQLite file of another program" err &&
	cp copy.db newer.db && $SQLX newer.db "PRAGMA user_version = 99" &&
	expect_code 5 crm restore --yes newer.db &&
	test_file_is err "error: the backup '\''newer.db'\'' has schema version 99, newer than this crm knows ($schema): upgrade crm" &&
	expect_code 66 crm restore --yes nothing.db &&
	test_file_is err "error: no file at '\''nothing.db'\''" &&
	expect_code 2 crm restore --yes crm.db &&
	test_grep "is the base itself" err &&
	expect_code 2 crm restore &&
	test_grep "usage: crm restore [--dry-run] [--yes] <file>" err &&
	test "$(cksum <crm.db)" = "$sum" &&
	! test -e crm.db.before-restore
'

test_ok 'restore refuses a corrupt backup' '
	cp copy.db broken.db &&
	damage_page broken.db "$($SQLX broken.db "SELECT rootpage FROM sqlite_master WHERE name = '\''client'\''")" &&
	expect_code 5 crm restore --yes broken.db &&
	test_grep "is corrupt" err &&
	! test -e crm.db.before-restore
'

test_ok 'restore into a missing base creates it; an older backup is migrated' '
	$MKBASE old.db 1 && chmod 600 old.db &&
	$SQLX old.db "INSERT INTO journal(at, actor, action, entity, data) VALUES (0, '\''x'\'', '\''base.init'\'', '\''base'\'', '\''{}'\'')" &&
	expect_code 0 crm --db new/crm.db --json restore old.db &&
	test_file_is out "{\"path\":\"new/crm.db\",\"from\":\"old.db\",\"schema_version\":1,\"migrated_to\":$schema,\"kept\":null,\"dry_run\":false}" &&
	test "$(file_mode new/crm.db)" = 600 &&
	test "$(file_mode new)" = 700 &&
	test "$($SQLX new/crm.db "PRAGMA user_version")" = "$schema" &&
	test "$(count client new/crm.db)" = 0 &&
	test "$(count journal new/crm.db)" = $(($(count journal old.db) + 1)) &&
	expect_code 0 crm --db new/crm.db check --full
'

test_ok 'restore over a base with a damaged header: moved aside whole, with a warning' '
	crm --db hurt.db init >/dev/null &&
	printf "XXXXXXXXXXXXXXXX" | dd of=hurt.db bs=1 seek=0 conv=notrunc 2>/dev/null &&
	sum=$(cksum <hurt.db) &&
	expect_code 0 crm --db hurt.db restore --yes copy.db &&
	test_file_is err "warning: the base '\''hurt.db'\'' could not be read: it was moved aside whole to '\''hurt.db.before-restore'\''" &&
	test "$(cksum <hurt.db.before-restore)" = "$sum" &&
	test "$(count client hurt.db)" = 2
'

test_ok 'restore over an SQLite file of another program: exit 5, untouched' '
	$SQLX foreign.db "CREATE TABLE t(x); INSERT INTO t VALUES (1)" &&
	sum=$(cksum <foreign.db) &&
	expect_code 5 crm --db foreign.db restore --yes copy.db &&
	test_grep "restore will not replace it" err &&
	test "$(cksum <foreign.db)" = "$sum" &&
	! test -e foreign.db.before-restore
'

# ---- check -------------------------------------------------------------

test_ok 'check on a sound base: exit 0, nothing on stdout, a word on stderr' '
	expect_code 0 crm check &&
	test_empty out &&
	test_file_is err "the base '\''$PWD/crm.db'\'' is sound (quick check; --full checks more)" &&
	expect_code 0 crm check --full &&
	test_empty out &&
	test_file_is err "the base '\''$PWD/crm.db'\'' is sound (full check)" &&
	expect_code 0 crm -q check --full &&
	test_empty out && test_empty err &&
	expect_code 0 crm --json check --full &&
	test_file_is out "[]" &&
	expect_code 0 crm --format csv check &&
	test_file_is out "check,entity,entity_id,problem"
'

# Breaks crm's rules behind its back: a client owned by nobody, a journal
# entry deleted, an entry unindexed.
break_rules() {
	$SQLX "$1" "PRAGMA foreign_keys = OFF; UPDATE client SET owner_id = 99 WHERE id = 2;
		DROP TRIGGER journal_no_delete; DELETE FROM journal WHERE id = 3;
		DELETE FROM search WHERE rowid = 4 * 1 + 2"
}

test_ok 'check --full lists what is wrong, in every format, and exits 1' '
	cp copy.db bad.db && break_rules bad.db &&
	expect_code 1 crm --db bad.db check &&
	test_file_is out "CHECK   ENTITY  ENTITY_ID  PROBLEM
schema  -               -  trigger '\''journal_no_delete'\'' is missing" &&
	expect_code 1 crm --db bad.db check --full &&
	test_file_is out "CHECK              ENTITY       ENTITY_ID  PROBLEM
schema             -                    -  trigger '\''journal_no_delete'\'' is missing
foreign_key_check  client               2  client 2 refers to a missing manager
owner              client               2  client '\''Acme'\'' is owned by manager 99, who does not exist
journal            journal              3  journal entry 3 is missing
search             interaction          1  interaction 1 is missing from the search index" &&
	test_file_is err "error: the base '\''bad.db'\'' has 5 problems
hint: restore a backup with '\''crm restore'\'', or keep a copy and repair it with sqlite3'\''s .recover" &&
	expect_code 1 crm --db bad.db --format ndjson check --full &&
	test "$(wc -l <out)" = 5 &&
	test_grep "{\"check\":\"journal\",\"entity\":\"journal\",\"entity_id\":3,\"problem\":\"journal entry 3 is missing\"}" out &&
	test_grep "{\"check\":\"schema\",\"entity\":null,\"entity_id\":null," out &&
	expect_code 1 crm --db bad.db --json check --full &&
	test "$(head -c 1 out)" = "[" &&
	expect_code 1 crm --db bad.db --format tsv --fields check,entity_id check --full &&
	test_file_is out "$(printf "check\tentity_id\nschema\t\nforeign_key_check\t2\nowner\t2\njournal\t3\nsearch\t1")" &&
	expect_code 1 crm --db bad.db --format csv --fields problem check --full &&
	test_grep "\"client '\''Acme'\'' is owned by manager 99, who does not exist\"" out &&
	expect_code 1 crm -q --db bad.db check --full &&
	test_grep "5 problems" err
'

test_ok 'check finds damaged pages, quick and full; a damaged header exits 5' '
	cp copy.db pages.db &&
	root=$($SQLX pages.db "SELECT rootpage FROM sqlite_master WHERE name = '\''journal'\''") &&
	damage_page pages.db "$root" &&
	expect_code 1 crm --db pages.db check &&
	test_grep "quick_check" out &&
	test_grep "problem" err &&
	expect_code 1 crm --db pages.db --format ndjson check --full &&
	test_grep "{\"check\":\"integrity_check\"," out &&
	! grep -i "AddressSanitizer\|runtime error" err &&
	cp copy.db head.db &&
	printf "XXXXXXXXXXXXXXXX" | dd of=head.db bs=1 seek=0 conv=notrunc 2>/dev/null &&
	expect_code 5 crm --db head.db check &&
	test_empty out &&
	test_grep "head.db" err
'

test_ok 'check: usage' '
	expect_code 2 crm check extra &&
	test_grep "usage: crm check [--full]" err &&
	expect_code 0 crm check -h &&
	test_grep "usage: crm check [--full]" out &&
	expect_code 3 crm --db none.db check
'

test_ok 'check --full: every accepted handover moved the owner' '
	crm --db ho.db init >/dev/null &&
	crm --db ho.db manager add Anna >/dev/null &&
	crm --db ho.db manager add Boris >/dev/null &&
	crm --db ho.db manager add Vera >/dev/null &&
	crm --db ho.db --as Anna client add Acme >/dev/null &&
	brief="Директор Иван Сидоров решает сам, звать по отчеству. Ценит точность, любит рыбалку, чай и шахматы. Скидка 5% до мая. Спор о сроках в мае улажен. Дальше: звонок до пятницы, КП на весну, визит. Клиент требует терпения." &&
	crm --db ho.db contact add --email it@acme.com Acme "John Smith" >/dev/null &&
	crm --db ho.db --as Anna handover Acme --to Boris --reason vacation \
		--brief "$brief" --next "call" --due +3d >/dev/null 2>&1 &&
	crm --db ho.db --as Boris handover accept 1 >/dev/null 2>&1 &&
	expect_code 0 crm --db ho.db check --full &&
	$SQLX ho.db "UPDATE client SET owner_id = 3" &&
	expect_code 1 crm --db ho.db --format tsv check --full &&
	test_grep "handover	handover	1	handover 1 of client '\''Acme'\'' was accepted but the client has another owner" out &&
	crm --db ho.db client edit Acme --owner Anna &&
	expect_code 0 crm --db ho.db check --full
'

test_done
