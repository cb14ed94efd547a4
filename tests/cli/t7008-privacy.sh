#!/bin/sh
# t7008-privacy: crm client export --subject (an access or portability
# request) and crm client erase (erasure, with an act of destruction): the
# erased name is in no byte of the base files afterwards.
. "$SRCDIR/tests/cli/lib.sh"

T=$(printf '\t')

# A name that appears nowhere else: its bytes are searched for in the files.
who=Zxqvname

test_ok 'a base with a client that has a bit of everything, and another one' '
	crm init >/dev/null &&
	crm manager add Boss >/dev/null &&
	crm client add --owner Boss --note "$who private note" "$who Corp" >/dev/null &&
	crm client add --note "unrelated" Other >/dev/null &&
	crm contact add --phone "+7 999 111-22-33" --email "x@$who.ru" \
		--address "Hiddenlane 7, Tver" "$who Corp" "$who Person" >/dev/null &&
	crm contact add Other "Olga" >/dev/null &&
	crm note "$who Corp" "met $who at the fair" >/dev/null &&
	crm note Other "met Olga" >/dev/null &&
	crm promise add "$who Corp" "$who promise" >/dev/null &&
	crm next add --due +3d "$who Corp" "call $who back" >/dev/null &&
	crm incident add "$who Corp" "$who was upset" >/dev/null &&
	crm client edit --name "$who Renamed" "$who Corp" >/dev/null &&
	crm contact add "$who Renamed" "Temp $who" >/dev/null &&
	crm contact remove "Temp $who" >/dev/null &&
	{ backend_is postgresql ||
	  { test "$(grep -c -a "$who" crm.db crm.db-wal 2>/dev/null | awk -F: "{s += \$2} END {print s}")" -gt 0 &&
	    test "$(grep -c -a "Hiddenlane" crm.db crm.db-wal 2>/dev/null | awk -F: "{s += \$2} END {print s}")" -gt 0; }; }
'

# ---- export --subject ------------------------------------------------------

test_ok 'export --subject: one JSON document with the subject, the sheet and the journal' '
	expect_code 0 crm client export --subject "$who Renamed" &&
	test_empty err &&
	test "$(wc -l <out)" -eq 1 &&
	uuid=$($SQLX crm.db "SELECT uuid FROM client WHERE id = 1") &&
	test_grep "{\"subject\":{\"id\":1,\"uuid\":\"$uuid\",\"name\":\"$who Renamed\"},\"exported\":\"2026-11-22T10:00:00Z\",\"author\":\"tester\",\"sheet\":{\"id\":1,\"name\":\"$who Renamed\"" out &&
	test_grep "\"contacts\":[{\"id\":1," out &&
	test_grep "\"text\":\"met $who at the fair\"" out &&
	test_grep "\"text\":\"$who promise\"" out &&
	test_grep "\"text\":\"$who was upset\"" out &&
	test_grep "\"text\":\"call $who back\"" out &&
	test_grep "\"journal\":[{\"id\":" out
'

test_ok 'export --subject: every journal entry about the client, none of another' '
	expect_code 0 crm client export --subject 1 &&
	for a in client.add contact.add interaction.add promise.add next.add incident.add client.edit contact.remove; do
		test_grep "\"action\":\"$a\"" out || return 1
	done &&
	test "$(grep -o "\"action\":\"[a-z.]*\"" out | wc -l)" -eq 9 &&
	! grep -q "Olga" out && ! grep -q "unrelated" out
'

test_ok 'export --subject is valid JSON (when jq is there)' '
	if command -v jq >/dev/null; then
		crm client export --subject 1 | jq -e ".subject.id == 1 and (.journal | length) == 9" >/dev/null
	fi
'

test_code 2 'export --subject wants exactly one client' crm client export --subject
test_code 2 'export --subject with two clients' crm client export --subject 1 2
test_code 2 'export --subject is JSON, not CSV' crm client export --subject --format csv 1
test_code 3 'export --subject of an unknown client' crm client export --subject nobody

# ---- erase -------------------------------------------------------------------

rows() {
	$SQLX crm.db "SELECT (SELECT count(*) FROM client), (SELECT count(*) FROM journal),
		(SELECT count(*) FROM contact), (SELECT count(*) FROM interaction)"
}

test_code 2 'erase without --reason: exit 2' crm client erase --yes 1
test_code 2 'erase with an empty reason: exit 2' crm client erase --yes --reason "" 1
test_code 3 'erase of an unknown client: exit 3' crm client erase --yes --reason r nobody

test_ok 'erase without --yes and without a terminal: refused, exit 4, nothing erased' '
	before=$(rows) &&
	expect_code 4 crm client erase --reason "request" 1 &&
	test_empty out &&
	test_grep "add --yes" err &&
	test "$(rows)" = "$before"
'

test_ok 'the journal refuses any other change, even to a tombstone' '
	! $SQLX crm.db "UPDATE journal SET data = '\''{\"erased\":1}'\'' WHERE id = 3" 2>err &&
	test_grep "append-only" err &&
	! $SQLX crm.db "DELETE FROM journal WHERE id = 3" 2>err &&
	test_grep "append-only" err
'

test_ok 'erase: prints the act of destruction as JSON, with the extract of the journal' '
	uuid=$($SQLX crm.db "SELECT uuid FROM client WHERE id = 1") &&
	expect_code 0 crm client erase --yes --reason "GDPR art. 17 request of 2026-11-20" "$who Renamed" &&
	test_empty err &&
	test_file_is out "{\"act\":\"destruction of personal data\",\"erasure_id\":1,\"at\":\"2026-11-22T10:00:00Z\",\"author\":\"tester\",\"reason\":\"GDPR art. 17 request of 2026-11-20\",\"client_id\":1,\"client_uuid\":\"$uuid\",\"destroyed\":{\"contacts\":1,\"interactions\":1,\"promises\":1,\"incidents\":1,\"next_actions\":1,\"handovers\":0,\"vip_surveys\":0,\"vip_items\":0,\"vip_drafts\":0,\"search\":3,\"journal_redacted\":9},\"journal\":[{\"id\":3,\"at\":\"2026-11-22T10:00:00Z\",\"actor\":\"tester\",\"action\":\"client.add\",\"entity\":\"client\",\"entity_id\":1},{\"id\":5,\"at\":\"2026-11-22T10:00:00Z\",\"actor\":\"tester\",\"action\":\"contact.add\",\"entity\":\"contact\",\"entity_id\":1},{\"id\":7,\"at\":\"2026-11-22T10:00:00Z\",\"actor\":\"tester\",\"action\":\"interaction.add\",\"entity\":\"interaction\",\"entity_id\":1},{\"id\":9,\"at\":\"2026-11-22T10:00:00Z\",\"actor\":\"tester\",\"action\":\"promise.add\",\"entity\":\"promise\",\"entity_id\":1},{\"id\":10,\"at\":\"2026-11-22T10:00:00Z\",\"actor\":\"tester\",\"action\":\"next.add\",\"entity\":\"next\",\"entity_id\":1},{\"id\":11,\"at\":\"2026-11-22T10:00:00Z\",\"actor\":\"tester\",\"action\":\"incident.add\",\"entity\":\"incident\",\"entity_id\":1},{\"id\":12,\"at\":\"2026-11-22T10:00:00Z\",\"actor\":\"tester\",\"action\":\"client.edit\",\"entity\":\"client\",\"entity_id\":1},{\"id\":13,\"at\":\"2026-11-22T10:00:00Z\",\"actor\":\"tester\",\"action\":\"contact.add\",\"entity\":\"contact\",\"entity_id\":3},{\"id\":14,\"at\":\"2026-11-22T10:00:00Z\",\"actor\":\"tester\",\"action\":\"contact.remove\",\"entity\":\"contact\",\"entity_id\":3}],\"copies\":[],\"files_scrubbed\":true}"
'

sqlite_only 'the base is on the server, its files are the server'\''s' \
test_ok 'erase: the name is in no byte of the base files' '
	ls crm.db* >files &&
	for f in crm.db crm.db-wal crm.db-shm crm.db-journal; do
		if test -e "$f"; then
			test "$(grep -c -a -i "$who" "$f")" = 0 || { echo "$who in $f"; return 1; }
			test "$(grep -c -a "+7 999 111-22-33" "$f")" = 0 || { echo "phone in $f"; return 1; }
			test "$(grep -c -a "Hiddenlane" "$f")" = 0 || { echo "address in $f"; return 1; }
		fi
	done
'

test_ok 'erase: the rows are gone, the other client is untouched' '
	test "$($SQLX crm.db "SELECT count(*) FROM client")" = 1 &&
	test "$($SQLX crm.db "SELECT count(*) FROM contact WHERE client_id = 1")" = 0 &&
	test "$($SQLX crm.db "SELECT count(*) FROM interaction WHERE client_id = 1")" = 0 &&
	test "$($SQLX crm.db "SELECT count(*) FROM search WHERE client_id = 1")" = 0 &&
	expect_code 0 crm client find Olga &&
	test_grep Other out &&
	expect_code 3 crm client show 1
'

test_ok 'erase: the journal entries stay, their data a tombstone; client.erase journaled' '
	test "$($SQLX crm.db "SELECT count(*) FROM journal WHERE data = '\''{\"erased\":1}'\''")" = 9 &&
	test "$($SQLX crm.db "SELECT count(*) FROM journal")" = 16 &&
	test "$($SQLX crm.db "SELECT action, entity_id FROM journal ORDER BY id DESC LIMIT 1")" = "base.scrub|1" &&
	test "$($SQLX crm.db "SELECT action, data FROM journal WHERE entity = '\''client'\'' AND entity_id = 1 ORDER BY id")" = "client.add|{\"erased\":1}
client.edit|{\"erased\":1}
client.erase|{\"erasure_id\":1,\"uuid\":\"$($SQLX crm.db "SELECT client_uuid FROM erasure")\",\"reason\":\"GDPR art. 17 request of 2026-11-20\"}"
'

test_ok 'erase: the erasure record keeps who, when, why and the uuid' '
	test "$($SQLX crm.db "SELECT at, actor, reason, client_id FROM erasure")" = "1795341600|tester|GDPR art. 17 request of 2026-11-20|1" &&
	test "$($SQLX crm.db "SELECT length(client_uuid) FROM erasure")" = 36 &&
	! $SQLX crm.db "DELETE FROM erasure" 2>/dev/null &&
	! $SQLX crm.db "UPDATE erasure SET reason = '\''x'\''" 2>/dev/null
'

test_ok 'crm check --full is happy with the new journal trigger' '
	expect_code 0 crm check --full
'

test_ok 'erase with a bad --fields: a usage error, and nothing erased' '
	expect_code 2 crm --fields erasure_id,nope client erase --yes --reason r Other &&
	test_grep "unknown field '\''nope'\''" err &&
	test "$($SQLX crm.db "SELECT count(*) FROM erasure")" = 1
'

test_ok 'erase honours --format and --fields: the act as tsv' '
	expect_code 0 crm --format tsv --fields erasure_id,client_id,copies,files_scrubbed client erase --yes --reason r Other &&
	test_file_is out "erasure_id${T}client_id${T}copies${T}files_scrubbed
2${T}2${T}[]${T}true"
'

# ---- an erasure that cannot finish says so --------------------------------

if command -v sqlite3 >/dev/null; then
	test_ok 'erase with a reader holding the base: files_scrubbed false, exit 1, and the copies named' '
		crm --db r.db init >/dev/null &&
		crm --db r.db client add "Секретов" >/dev/null &&
		crm --db r.db note Секретов "пароль от сейфа XYZZY-4711" >/dev/null &&
		crm --db r.db backup r-backup.db >/dev/null &&
		abs=$(cd . && pwd)/r-backup.db &&
		sqlite_hold r.db "BEGIN; SELECT count(*) FROM interaction;" &&
		(CRM_BUSY_TIMEOUT=100 && export CRM_BUSY_TIMEOUT &&
		 expect_code 1 crm --db r.db client erase --yes --reason "152-FZ" Секретов) &&
		test_grep "\"copies\":[{\"kind\":\"backup\",\"path\":\"$abs\",\"exists\":true}],\"files_scrubbed\":false}" out &&
		test_file_is err "error: the erasure is committed, but the erased data is still in the files of the base: another process holds the base '\''r.db'\'' open
hint: run '\''crm scrub'\'' once no other program has the base open" &&
		test "$(cat r.db r.db-wal 2>/dev/null | grep -ac XYZZY-4711)" -gt 0 &&
		expect_code 1 crm --db r.db check &&
		test_grep "the data erased by erasure 1 may still be in the files of the base: run '\''crm scrub'\''" out
		rc=$?
		sqlite_release "COMMIT;"
		test $rc -eq 0
	'
	test_ok 'crm scrub finishes it: no byte left, check sound again' '
		expect_code 0 crm --db r.db scrub &&
		test_file_is err "no erased data is left in the files of '\''r.db'\'' (erasures up to 1)" &&
		test "$(cat r.db r.db-wal 2>/dev/null | grep -ac XYZZY-4711)" = 0 &&
		expect_code 0 crm --db r.db check &&
		test "$($SQLX r.db "SELECT action, entity_id FROM journal ORDER BY id DESC LIMIT 1")" = "base.scrub|1" &&
		expect_code 0 crm --db r.db scrub &&
		test_file_is err "no erased data is left in the files of '\''r.db'\'' (erasures up to 0)" || true
	'
	test_ok 'a restore leaves a before-restore copy: the next erasure names it' '
		crm --db r.db client add "Второй" >/dev/null &&
		crm --db r.db backup r2.db >/dev/null &&
		crm --db r.db restore --yes r2.db >/dev/null &&
		expect_code 0 crm --db r.db client erase --yes --reason "152-FZ" Второй &&
		test_grep "{\"kind\":\"before-restore\",\"path\":\"r.db.before-restore\",\"exists\":true}" out &&
		test_grep "{\"kind\":\"backup\",\"path\":\"$(pwd)/r2.db\",\"exists\":true}" out &&
		test_grep "\"files_scrubbed\":true}" out
	'
else
	test_skip 'erase with a reader holding the base' 'the sqlite3 shell is not installed (./dev installs it)'
fi

test_done
