#!/bin/sh
# t7100-pg-schema: crm's schema and SQL functions for PostgreSQL
# (core/pg-schema.c) on a real throwaway server: both scripts run in one
# transaction; the tables, columns, keys and indexes are SQLite's (compared
# with a base crm init made, not with lists written here); the triggers
# refuse what SQLite's refuse, with the same messages; search splits text
# into the words FTS5 finds; each function gives the sqlite3 shell's
# answers on the edges.
#
# The script runs itself again under pg_virtualenv (postgresql-common),
# which starts a cluster in a temporary folder, sets PG* for it and drops
# it at the end. Its own chatter goes to stderr; the TAP lines come back
# on the first stdout through fd 3. In the suite's run on PostgreSQL
# (CRM_TEST_BACKEND=postgresql) it has nothing more to do.
if test "${CRM_TEST_BACKEND:-sqlite}" = postgresql; then
	. "$SRCDIR/tests/cli/lib.sh"
	test_sqlite_only 'it compares a server of its own with a SQLite base, on every run'
fi
if test -z "$CRM_PG_VIRTUALENV"; then
	if ! command -v pg_virtualenv >/dev/null 2>&1 || ! command -v psql >/dev/null 2>&1; then
		echo "Bail out! pg_virtualenv and psql are needed (./dev installs postgresql)"
		exit 1
	fi
	LC_ALL=C.UTF-8
	CRM_PG_VIRTUALENV=1
	export LC_ALL CRM_PG_VIRTUALENV
	exec 3>&1
	exec pg_virtualenv -t -o fsync=off sh "$0" "$@" >&2
fi
exec >&3 3>&-
. "$SRCDIR/tests/cli/lib.sh"

PGDATABASE=postgres
export PGDATABASE

# psql on one database, quiet, stopping at the first error, rows as a|b.
pg() { # db args...
	_db=$1
	shift
	psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$_db" "$@"
}

# The same single-value queries (one a line; a bare expression is wrapped)
# through the sqlite3 shell and psql, each answer as text or NULL.
wrap() {
	while IFS= read -r q; do
		case $q in
		SELECT*) printf '%s;\n' "$q" ;;
		*) printf "SELECT coalesce(CAST((%s) AS TEXT), 'NULL');\n" "$q" ;;
		esac
	done
}

same_answers() { # file of queries
	wrap <"$1" >q.sql &&
	sqlite3 -batch :memory: <q.sql >sqlite.out 2>sqlite.err &&
	test_empty sqlite.err &&
	pg postgres -f q.sql >pg.out 2>pg.err &&
	test_empty pg.err &&
	paste "$1" sqlite.out >want &&
	paste "$1" pg.out >got &&
	diff want got
}

# ---- the queries, SQLite's and PostgreSQL's, as files --------------

# crm's tables in a SQLite base: not SQLite's own, not the shadow tables
# of a virtual one (search_data, ...)
crm_tables="SELECT name FROM sqlite_master m WHERE type = 'table'
  AND name NOT LIKE 'sqlite\_%' ESCAPE '\'
  AND NOT EXISTS (SELECT 1 FROM sqlite_master v WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%'
    AND m.name LIKE v.name || '\_%' ESCAPE '\')"

cat >tables.sqlite <<EOF
$crm_tables ORDER BY name
EOF
cat >tables.pg <<'EOF'
SELECT table_name FROM information_schema.tables
WHERE table_schema = current_schema() AND table_name <> 'crm_schema'
ORDER BY table_name COLLATE "C"
EOF

# table|position|column|type|nullable|default. SQLite's INTEGER PRIMARY
# KEY is never NULL (it is the rowid); a default loses PostgreSQL's cast.
# search is an FTS5 table, without types: it has a test of its own.
cat >columns.sqlite <<EOF
SELECT m.name, p.cid, p.name,
  CASE upper(p.type) WHEN 'INTEGER' THEN 'bigint' WHEN 'TEXT' THEN 'text'
    WHEN 'REAL' THEN 'double precision' ELSE p.type END,
  CASE WHEN p."notnull" OR p.pk > 0 THEN 'NO' ELSE 'YES' END,
  p.dflt_value
FROM ($crm_tables) m, pragma_table_info(m.name) p WHERE m.name <> 'search'
EOF
cat >columns.pg <<'EOF'
SELECT table_name, ordinal_position - 1, column_name, data_type, is_nullable,
  regexp_replace(column_default, '::[a-z ]+$', '')
FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name NOT IN ('crm_schema', 'search')
EOF

# table|columns of each primary key and UNIQUE constraint; an INTEGER
# PRIMARY KEY is the rowid, with no index of its own
cat >keys.sqlite <<EOF
SELECT m.name || '|' || (SELECT group_concat(x.name) FROM
    (SELECT name FROM pragma_index_info(l.name) ORDER BY seqno) x)
FROM ($crm_tables) m JOIN pragma_index_list(m.name) l WHERE l.origin IN ('u', 'pk')
UNION ALL
SELECT m.name || '|' || p.name FROM ($crm_tables) m JOIN pragma_table_info(m.name) p
WHERE p.pk = 1 AND m.name <> 'search'
  AND NOT EXISTS (SELECT 1 FROM pragma_index_list(m.name) l WHERE l.origin = 'pk')
EOF
cat >keys.pg <<'EOF'
SELECT r.relname || '|' || (SELECT string_agg(a.attname, ',' ORDER BY k.n)
    FROM unnest(c.conkey) WITH ORDINALITY k(attnum, n)
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum)
FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
JOIN pg_namespace s ON s.oid = r.relnamespace
WHERE s.nspname = current_schema() AND c.contype IN ('p', 'u')
  AND r.relname NOT IN ('crm_schema', 'search')
EOF

# table|column|table referred to|its column|ON DELETE
cat >fkeys.sqlite <<EOF
SELECT m.name, f."from", f."table", f."to", f.on_delete
FROM ($crm_tables) m, pragma_foreign_key_list(m.name) f
EOF
cat >fkeys.pg <<'EOF'
SELECT r.relname, a.attname, t.relname, b.attname,
  CASE c.confdeltype WHEN 'a' THEN 'NO ACTION' WHEN 'r' THEN 'RESTRICT'
    WHEN 'c' THEN 'CASCADE' WHEN 'n' THEN 'SET NULL' ELSE 'SET DEFAULT' END
FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
JOIN pg_class t ON t.oid = c.confrelid JOIN pg_namespace s ON s.oid = r.relnamespace
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
JOIN pg_attribute b ON b.attrelid = c.confrelid AND b.attnum = c.confkey[1]
WHERE s.nspname = current_schema() AND c.contype = 'f'
EOF

# index|unique|partial|key columns, (expr) for an expression
cat >indexes.sqlite <<'EOF'
SELECT m.name, l."unique", l.partial,
  (SELECT group_concat(coalesce(x.name, '(expr)'))
    FROM (SELECT name FROM pragma_index_xinfo(m.name) WHERE key ORDER BY seqno) x)
FROM sqlite_master m JOIN pragma_index_list(m.tbl_name) l ON l.name = m.name
WHERE m.type = 'index' AND m.sql IS NOT NULL
EOF
cat >indexes.pg <<'EOF'
SELECT c.relname, i.indisunique::int, (i.indpred IS NOT NULL)::int,
  (SELECT string_agg(CASE WHEN k.attnum = 0 THEN '(expr)' ELSE a.attname END, ','
      ORDER BY k.n)
    FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, n)
    LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum)
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = current_schema()
EOF

cat >triggers.sqlite <<'EOF'
SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'
EOF
cat >triggers.pg <<'EOF'
SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
JOIN pg_namespace s ON s.oid = c.relnamespace
WHERE s.nspname = current_schema() AND NOT t.tgisinternal
EOF

# The rows of both queries of a name, each sorted as the C locale sorts.
both() { # name
	"$SQLX" crm.db "$(cat "$1.sqlite")" | LC_ALL=C sort >want &&
	pg postgres -f "$1.pg" | LC_ALL=C sort >got
}

# ---- the scripts ----------------------------------------------------

test_ok 'crm init makes the SQLite base the lists are read from' '
	crm init >out 2>err &&
	test -s crm.db
'

test_ok 'schema and functions run in one transaction, as one string each' '
	"$PG_SCHEMA_PRINT" schema >schema.sql &&
	"$PG_SCHEMA_PRINT" functions >functions.sql &&
	test -s schema.sql && test -s functions.sql &&
	pg postgres --single-transaction -c "$(cat schema.sql)" -c "$(cat functions.sql)" \
		>out 2>err &&
	test_empty out &&
	test_empty err
'

cat >left.pg <<'EOF'
SELECT count(*) FROM pg_class WHERE relname IN ('config', 'crm_schema')
EOF

test_ok 'where a table is in the way, the schema is refused and leaves nothing' '
	createdb -T template0 twice &&
	pg twice -c "CREATE TABLE journal (id bigint)" &&
	! pg twice --single-transaction -c "$(cat schema.sql)" -c "$(cat functions.sql)" \
		>out 2>err &&
	test_grep "relation \"journal\" already exists" err &&
	pg twice -f left.pg >got &&
	test_file_is got 0
'

cat >mark.pg <<'EOF'
SELECT version, obj_description('crm_schema'::regclass, 'pg_class') FROM crm_schema
EOF

test_ok 'crm_schema: one row, the version of a new SQLite base, commented crm' '
	pg postgres -f mark.pg >got &&
	test_file_is got "$("$SQLX" crm.db "PRAGMA user_version")|crm" &&
	! pg postgres -c "INSERT INTO crm_schema VALUES (13)" 2>err &&
	test_grep "crm_schema_one" err
'

# ---- the same schema as SQLite's ------------------------------------

test_ok 'the same tables' '
	both tables &&
	test "$(wc -l <want)" -gt 20 &&
	diff want got
'

test_ok 'every column: the same name, place, type, NOT NULL and default' '
	both columns &&
	test "$(wc -l <want)" -gt 200 &&
	diff want got
'

cat >search.pg <<'EOF'
SELECT string_agg(column_name || ' ' || data_type || ' ' || is_nullable, ','
    ORDER BY ordinal_position)
FROM information_schema.columns
WHERE table_schema = current_schema() AND table_name = 'search'
EOF

test_ok 'search: the rowid, FTS5 columns, and the words' '
	"$SQLX" crm.db "SELECT group_concat(name) FROM pragma_table_info('\''search'\'')" >got &&
	test_file_is got "body,client_id" &&
	pg postgres -f search.pg >got &&
	test_file_is got "rowid bigint NO,body text NO,client_id bigint NO,words tsvector YES"
'

cat >collation.pg <<'EOF'
SELECT table_name || '.' || column_name FROM information_schema.columns
WHERE table_schema = current_schema() AND data_type = 'text'
  AND collation_name IS DISTINCT FROM 'C'
EOF

test_ok 'every text column compares and sorts by bytes, as SQLite (COLLATE "C")' '
	pg postgres -f collation.pg >got &&
	test_empty got
'

test_ok 'the same primary keys and UNIQUE constraints' '
	both keys &&
	test "$(wc -l <want)" -gt 20 &&
	diff want got
'

test_ok 'the same foreign keys, with the same ON DELETE' '
	both fkeys &&
	test "$(wc -l <want)" -gt 30 &&
	diff want got
'

test_ok 'every index of SQLite by its name: unique, partial and keys alike' '
	both indexes &&
	test "$(wc -l <want)" -gt 30 &&
	LC_ALL=C comm -23 want got >missing &&
	test_empty missing
'

test_ok 'every trigger of SQLite by its name, on the same table' '
	both triggers &&
	test "$(wc -l <want)" -ge 8 &&
	LC_ALL=C comm -23 want got >missing &&
	test_empty missing
'

# ---- the triggers refuse what SQLite's refuse -----------------------

# The same rows on both: a manager, a client, a handover, two journal
# entries (after those crm init wrote), an erasure naming the first.
cat >rows.sql <<'EOF'
INSERT INTO manager (id, uuid, name, name_fold, capacity, created)
  VALUES (1, 'm1', 'Ann', 'ann', 10, 1);
INSERT INTO client (id, uuid, name, name_fold, stage_since, owner_id, created, updated)
  VALUES (1, 'c1', 'Acme', 'acme', 1, 1, 1, 1);
INSERT INTO handover (id, client_id, from_id, to_id, reason, brief, dossier, next_text,
  next_due, created_by, created)
  VALUES (1, 1, NULL, 1, 'refresh', 'b', '{}', 'call', 2, 'Ann', 3);
INSERT INTO journal (id, at, actor, action, entity, entity_id, data)
  VALUES (1001, 5, 'Ann', 'client.add', 'client', 1, '{"name":"Acme"}');
INSERT INTO journal (id, at, actor, action, entity, entity_id, data)
  VALUES (1002, 6, 'Ann', 'client.edit', 'client', 1, '{}');
INSERT INTO erasure (id, at, actor, reason, client_uuid, client_id)
  VALUES (1, 7, 'Ann', 'asked', 'c1', 1);
INSERT INTO erasure_entry (journal_id, erasure_id) VALUES (1001, 1);
EOF

test_ok 'the same rows go into both' '
	cp crm.db rows.db &&
	"$SQLX" rows.db "$(cat rows.sql)" &&
	pg postgres -f rows.sql
'

# The duplicate rule keys contacts by the expressions of contact_email_key
# and contact_phone_key (core/audit-rules.c, migration 3): on PostgreSQL
# the phone key takes right(x, 10), as PostgreSQL's substr(x, -10) is not
# SQLite's; lower() folds ASCII only in both, the column being COLLATE
# "C". Read from the index and run on the contacts, each gives SQLite's key.
cat >keys.values <<'EOF'
('+7 (495) 123-45-67', '  Ivan@Example.COM '),
('8-495-123-45-67', 'ИВАН@ПОЧТА.РФ'),
('123', ' a@b '),
('', ''),
('(916) 000 00 00 доб. 5', 'Ёлка@x.ru')
EOF
cat >keyexprs.pg <<'EOF'
SELECT pg_get_indexdef('contact_phone_key'::regclass, 1, true),
  pg_get_indexdef('contact_email_key'::regclass, 1, true)
EOF

test_ok 'the email and phone keys of the indexes are SQLite'\''s' '
	pg postgres -f keyexprs.pg >exprs &&
	phone=$(cut -d"|" -f1 exprs) && email=$(cut -d"|" -f2 exprs) &&
	test_grep "\"right\"(" exprs &&
	printf "%s\n" "INSERT INTO contact (id, uuid, client_id, name, name_fold, created," \
		"  phone, email) SELECT 100 + n, n, 1, n, n, 1, phone, email FROM" \
		"(SELECT row_number() OVER () AS n, phone, email" \
		"  FROM (VALUES $(cat keys.values)) AS v(phone, email)) AS x;" \
		"SELECT $phone, $email FROM contact WHERE id > 100 ORDER BY id;" >pg.sql &&
	pg postgres -f pg.sql >got &&
	printf "SELECT %s, %s FROM (SELECT column1 AS phone, column2 AS email FROM (VALUES %s));\n" \
		"substr(replace(replace(replace(replace(replace(phone, '\'' '\'', '\'''\''), '\''-'\'', '\'''\''), '\''('\'', '\'''\''), '\'')'\'', '\'''\''), '\''+'\'', '\'''\''), -10)" \
		"lower(trim(email))" "$(cat keys.values)" >sqlite.sql &&
	sqlite3 -batch :memory: <sqlite.sql >want &&
	test "$(wc -l <want)" -eq 5 &&
	diff want got
'

# Runs one statement on the SQLite copy and on PostgreSQL: both refuse it
# with the same message, PostgreSQL with SQLSTATE 23001 (restrict_violation).
same_refusal() { # sql
	! "$SQLX" rows.db "$1" 2>sqlite.err &&
	sed -n "s/^sqlx: //p" sqlite.err >want &&
	test -s want &&
	! pg postgres -v VERBOSITY=verbose -c "$1" 2>pg.err &&
	sed -n "s/^ERROR:  23001: //p" pg.err >got &&
	diff want got
}

# Runs statements on both and compares what a query reads after each.
same_rows() { # query sql...
	_q=$1
	shift
	: >want && : >got || return 1
	for _s in "$@"; do
		"$SQLX" rows.db "$_s" && pg postgres -c "$_s" &&
		"$SQLX" rows.db "$_q" >>want && pg postgres -c "$_q" >>got || return 1
	done
	diff want got
}

test_ok 'the journal refuses UPDATE and DELETE, with SQLite message' '
	same_refusal "UPDATE journal SET actor = '\''Bob'\'' WHERE id = 1002" &&
	test_file_is got "the journal is append-only" &&
	same_refusal "DELETE FROM journal WHERE id = 1002" &&
	same_refusal "UPDATE journal SET data = '\''{}'\'' WHERE id = 1001" &&
	same_refusal "UPDATE journal SET data = '\''{\"erased\":1}'\'' WHERE id = 1002" &&
	same_refusal "UPDATE journal SET data = '\''{\"erased\":2}'\'' WHERE id = 1001" &&
	same_refusal "UPDATE journal SET data = '\''{\"erased\":1}'\'', at = 0 WHERE id = 1001"
'

test_ok 'the journal refuses TRUNCATE too' '
	! pg postgres -c "TRUNCATE journal" 2>err &&
	test_grep "the journal is append-only" err &&
	pg postgres -c "SELECT count(*) FROM journal" >got &&
	test_file_is got 2 &&
	! pg postgres -c "TRUNCATE erasure_entry" 2>err &&
	test_grep "an erasure record is kept as written" err
'

test_ok 'the redaction of an entry an erasure names passes on both' '
	same_rows "SELECT id, data FROM journal WHERE id > 1000 ORDER BY id" \
		"UPDATE journal SET data = '\''{\"erased\":1}'\'' WHERE id = 1001" &&
	test_file_is got "1001|{\"erased\":1}
1002|{}"
'

test_ok 'erasure records are kept as written' '
	same_refusal "UPDATE erasure SET reason = '\''x'\''" &&
	test_file_is got "an erasure record is kept as written" &&
	same_refusal "DELETE FROM erasure" &&
	same_refusal "UPDATE erasure_entry SET erasure_id = 1" &&
	same_refusal "DELETE FROM erasure_entry"
'

test_ok 'a handover brief is frozen, even set to itself; its status is not' '
	same_refusal "UPDATE handover SET brief = '\''other'\'' WHERE id = 1" &&
	test_file_is got "a handover'\''s briefing and dossier are frozen" &&
	same_refusal "UPDATE handover SET to_id = to_id WHERE id = 1" &&
	same_rows "SELECT status, decided FROM handover" \
		"UPDATE handover SET status = '\''accepted'\'', decided = 9" &&
	test_file_is got "accepted|9"
'

test_ok 'status_since follows a change of status only, as on SQLite' '
	same_rows "SELECT status, updated, status_since FROM client" \
		"UPDATE client SET note = '\''n'\'', updated = 10" \
		"UPDATE client SET status = '\''prospect'\'', updated = 11" \
		"UPDATE client SET status = '\''lost'\'', updated = 12" \
		"UPDATE client SET updated = 13" \
		"UPDATE client SET status = '\''lost'\'', updated = 14" \
		"UPDATE client SET status = '\''active'\'', updated = 15, status_since = 1" &&
	test_file_is got "prospect|10|
prospect|11|
lost|12|12
lost|13|12
lost|14|12
active|15|15"
'

test_ok 'CHECKs refuse what SQLite refuses' '
	for sql in "UPDATE manager SET role = '\''boss'\''" \
		"UPDATE manager SET capacity = -1" \
		"UPDATE client SET tier = '\''gold'\''" \
		"UPDATE client SET contact_every = 0" \
		"UPDATE handover SET escalated = 2" \
		"INSERT INTO vip_template VALUES (1, '\''b'\'', '\''a'\'', 1)"; do
		! "$SQLX" rows.db "$sql" 2>/dev/null &&
		! pg postgres -c "$sql" 2>err &&
		test_grep "violates check constraint" err || return 1
	done
'

# ---- search ---------------------------------------------------------

cat >fts.head <<'EOF'
CREATE VIRTUAL TABLE s USING fts5(body, client_id UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE v USING fts5vocab(s, 'instance');
EOF

# Folded bodies (crm stores them folded) with the marks a note holds; no
# quote, for the INSERTs below.
cat >bodies <<'EOF'
рога и копыта — «елки» ivan@example.com foo-bar 1.5 №5
ооо «ромашка»: звонок 12.03, 15:00; e-mail: a_b@x.ru (доб. 123)
its “quoted” ‘so’ … end—start +7 (495) 123-45-67
naïve café 10×20 €5 a+b=c [x] {y} <z> 50% #tag ~t $9 ß æ
EOF

cat >words.pg <<'EOF'
SELECT rowid, lexeme FROM search,
  unnest(words) AS w(lexeme, positions, weights), unnest(positions) AS p
ORDER BY rowid, p
EOF

test_ok 'search splits a body into the words FTS5 finds, in any locale' '
	cp fts.head fts.sql && : >search.sql && n=0 &&
	while IFS= read -r b; do
		n=$((n + 1)) &&
		printf "INSERT INTO s (rowid, body, client_id) VALUES (%d, '\''%s'\'', 1);\n" \
			"$n" "$b" >>fts.sql &&
		printf "INSERT INTO search (rowid, body, client_id) VALUES (%d, '\''%s'\'', 1);\n" \
			"$n" "$b" >>search.sql || return 1
	done <bodies &&
	echo "SELECT doc, term FROM v ORDER BY doc, \"offset\";" >>fts.sql &&
	sqlite3 -batch :memory: <fts.sql >want &&
	test "$(wc -l <want)" -gt 40 &&
	createdb -T template0 --locale=C crm_c &&
	pg crm_c -c "$(cat schema.sql)" &&
	for db in postgres crm_c; do
		pg $db -f search.sql &&
		pg $db -f words.pg >got &&
		diff want got || return 1
	done
'

# FTS5's tables of Unicode are older than some signs (U+20BD, the rouble
# sign, and emoji, both Unicode 7.0): it takes them for letters, and no
# query crm makes finds "100" in "₽100" there. On PostgreSQL they separate
# words, as crm's own split of a query (iswalnum) does.
test_ok 'a sign newer than FTS5 separates words on PostgreSQL' '
	printf "%s\n" "SELECT words FROM search WHERE rowid = 9" >sign.pg &&
	pg postgres -c "INSERT INTO search VALUES (9, '\''₽100 🙂ok'\'', 1)" &&
	pg postgres -f sign.pg >got &&
	test_file_is got "'\''100'\'':1 '\''ok'\'':2"
'

test_ok 'search finds a folded word by its start, and the words all together' '
	pg postgres -c "SELECT rowid FROM search
	  WHERE words @@ to_tsquery('\''simple'\'', '\''копыт:* & example:*'\'')" >got &&
	test_file_is got 1 &&
	pg postgres -c "SELECT rowid FROM search
	  WHERE words @@ to_tsquery('\''simple'\'', '\''ромаш:* & 123:*'\'') ORDER BY rowid" >got &&
	test_file_is got 2 &&
	pg postgres -c "SELECT count(*) FROM search
	  WHERE words @@ to_tsquery('\''simple'\'', '\''копыт:* & ромаш:*'\'')" >got &&
	test_file_is got 0 &&
	pg postgres -c "SELECT indexdef FROM pg_indexes WHERE indexname = '\''search_words'\''" >got &&
	test_grep "USING gin (words)" got &&
	pg postgres -c "SELECT indexdef FROM pg_indexes WHERE indexname = '\''search_client'\''" >got &&
	test_grep "(client_id)" got
'

cat >scalar.q <<'EOF'
max(1, NULL)
max(NULL, 1)
min(1, NULL)
min(NULL, NULL)
max(1, 2)
min(1, 2)
max(0, 100 - 120)
max(-5, 3)
min(7, 7)
max('a', 'b')
min('б', 'а')
iif(1 > 2, 'a', 'b')
iif(2 > 1, 'a', 'b')
iif(NULL, 'a', 'b')
iif(2 > 1, 1, NULL)
ifnull(NULL, 'x')
ifnull('y', 'x')
ifnull(NULL, 3)
instr('abc', '')
instr('', '')
instr('abc', 'c')
instr('abcabc', 'bc')
instr('абвгд', 'вг')
instr('abc', 'z')
instr('abc', 'ABC')
instr(NULL, 'a')
instr('a', NULL)
unixepoch('2026-11-22')
unixepoch('2026-02-28')
unixepoch('2026-02-29')
unixepoch('2026-02-30')
unixepoch('2026-02-31')
unixepoch('2026-02-32')
unixepoch('2024-02-29')
unixepoch('2026-13-01')
unixepoch('2026-00-10')
unixepoch('2026-01-00')
unixepoch('2026-1-22')
unixepoch('26-11-22')
unixepoch('2026/11/22')
unixepoch('2026-11-22T10:00:00Z')
unixepoch('2026-11-22T10:00:00z')
unixepoch('2026-11-22t10:00:00Z')
unixepoch('2026-11-22 10:00:00')
unixepoch('2026-11-22T10:00')
unixepoch('2026-11-22T10:00Z')
unixepoch('2026-11-22T10:00:5Z')
unixepoch('2026-11-22T24:00:00Z')
unixepoch('2026-11-22T25:00:00Z')
unixepoch('2026-11-22T10:60:00Z')
unixepoch('2026-11-22T10:00:60Z')
unixepoch('2026-11-22T10:00:59.999Z')
unixepoch('2026-11-22T10:00:00.Z')
unixepoch('2026-11-22T10:00:00+03:00')
unixepoch('2026-11-22T10:00:00-14:59')
unixepoch('2026-11-22T10:00:00+15:00')
unixepoch('2026-11-22T10:00:00 +03:00')
unixepoch('2026-11-22T10:00:00+0300')
unixepoch('2026-11-22T10:00:00Z ')
unixepoch('2026-11-22TT10:00')
unixepoch('2026-11-22 ')
unixepoch(' 2026-11-22')
unixepoch('2026-11-22Z')
unixepoch('2026-11-22TZ')
unixepoch('2026-11-22x')
unixepoch('12:30')
unixepoch('12:30:15Z')
unixepoch('abc')
unixepoch('')
unixepoch(NULL)
unixepoch('1970-01-01')
unixepoch('1000-01-01')
unixepoch('0999-12-31')
unixepoch('2026-12-31')
unixepoch('1969-12-31T23:59:59Z')
unixepoch('0000-01-01')
unixepoch('-0001-03-01')
unixepoch('-4713-11-24T12:00:00')
unixepoch('-4713-11-24T11:59:59')
unixepoch('9999-12-31T23:59:59Z')
unixepoch('9999-12-31T23:59:59-01:00')
CASE WHEN json_valid('{"a":1}') THEN 1 ELSE 0 END
CASE WHEN json_valid('{a:1}') THEN 1 ELSE 0 END
CASE WHEN json_valid('') THEN 1 ELSE 0 END
CASE WHEN json_valid(' ') THEN 1 ELSE 0 END
CASE WHEN json_valid(' [] ') THEN 1 ELSE 0 END
CASE WHEN json_valid('01') THEN 1 ELSE 0 END
CASE WHEN json_valid('-0') THEN 1 ELSE 0 END
CASE WHEN json_valid('1.') THEN 1 ELSE 0 END
CASE WHEN json_valid('.5') THEN 1 ELSE 0 END
CASE WHEN json_valid('1e5') THEN 1 ELSE 0 END
CASE WHEN json_valid('true') THEN 1 ELSE 0 END
CASE WHEN json_valid('TRUE') THEN 1 ELSE 0 END
CASE WHEN json_valid('nul') THEN 1 ELSE 0 END
CASE WHEN json_valid('"x') THEN 1 ELSE 0 END
CASE WHEN json_valid('[1,]') THEN 1 ELSE 0 END
CASE WHEN json_valid('{"a":1,}') THEN 1 ELSE 0 END
CASE WHEN json_valid('{"a":1}{}') THEN 1 ELSE 0 END
CASE WHEN json_valid('"a\u0416b"') THEN 1 ELSE 0 END
CASE WHEN json_valid('"a\qb"') THEN 1 ELSE 0 END
CASE WHEN json_valid('"a	b"') THEN 1 ELSE 0 END
CASE WHEN json_valid('NaN') THEN 1 ELSE 0 END
CASE WHEN json_valid('{"erased":1}') THEN 1 ELSE 0 END
CASE WHEN json_valid(NULL) THEN 1 ELSE 0 END
json_extract('{"a":{"b":[1,2,{"c":"x y"}]},"t":true,"f":false,"n":null}', '$')
json_extract('{"a" : {"b" : [1, 2 , {"c" : "x y"}] } }', '$.a')
json_extract('{"a":{"b":[1,2,{"c":"x y"}]}}', '$.a.b')
json_extract('{"a":{"b":[1,2,{"c":"x y"}]}}', '$.a.b[0]')
json_extract('{"a":{"b":[1,2,{"c":"x y"}]}}', '$.a.b[2].c')
json_extract('{"a":{"b":[1,2,{"c":"x y"}]}}', '$.a.b[3]')
json_extract('{"a":{"b":[1,2,{"c":"x y"}]}}', '$.a.b[#-1]')
json_extract('{"a":{"b":[1,2,{"c":"x y"}]}}', '$.a.b[#-3]')
json_extract('{"a":{"b":[1,2,{"c":"x y"}]}}', '$.a.b[#-4]')
json_extract('{"a":{"b":[1,2,{"c":"x y"}]}}', '$."a".b[1]')
json_extract('{"a":{"b":[1,2,{"c":"x y"}]}}', '$.a.c')
json_extract('{"a":{"b":[1,2,{"c":"x y"}]}}', '$.missing')
json_extract('{"a":{"b":[1,2,{"c":"x y"}]}}', '$.a.b.c')
json_extract('{"a":{"b":[1,2,{"c":"x y"}]}}', '$[0]')
json_extract('[10,[20,30]]', '$[1][0]')
json_extract('[10,[20,30]]', '$[1]')
json_extract('{"t":true,"f":false,"n":null}', '$.t')
json_extract('{"t":true,"f":false,"n":null}', '$.f')
json_extract('{"t":true,"f":false,"n":null}', '$.n')
json_extract('{"s":"q\"u\\o\u0416"}', '$.s')
json_extract('{"s":"a b"}', '$.s')
json_extract('{"i":-42,"r":1.5,"z":0}', '$.i')
json_extract('{"i":-42,"r":1.5,"z":0}', '$.r')
json_extract('{"i":-42,"r":1.5,"z":0}', '$.z')
json_extract('{"changes":{"status":{"old":"active","new":"lost"}}}', '$.changes.status.new')
json_extract('{"changes":{"owner":{"old":null,"new":"Ann"}}}', '$.changes.owner.old')
json_extract('{"changes":{"owner":{"old":null,"new":"Ann"}}}', '$.changes.owner')
json_extract('"just text"', '$')
json_extract('5', '$.a')
json_extract('[1]', '$.a')
json_extract('{"a":[5,6]}', '$.a[1]')
json_extract('{"_x1":{"y":"z"}}', '$._x1.y')
json_extract('{"0":"zero"}', '$.0')
json_extract('{"a.b":1,"a":{"b":2}}', '$."a.b"')
json_extract('{"a.b":1,"a":{"b":2}}', '$.a.b')
json_extract('{"a":{}}', '$.a')
json_extract('{"a":[]}', '$.a')
json_extract(NULL, '$.a')
json_type('{"a":1}')
json_type('[1]')
json_type('3')
json_type('-3')
json_type('3.0')
json_type('3e2')
json_type('"s"')
json_type('null')
json_type('true')
json_type('false')
json_type('{"a":{"b":[1]},"c":null}', '$.a')
json_type('{"a":{"b":[1]},"c":null}', '$.a.b')
json_type('{"a":{"b":[1]},"c":null}', '$.a.b[0]')
json_type('{"a":{"b":[1]},"c":null}', '$.c')
json_type('{"a":{"b":[1]},"c":null}', '$.d')
json_type('{"a":{"b":[1]},"c":null}', '$.a.b[1]')
json_type(NULL)
SELECT json_group_array(x) FROM (SELECT 'a' AS x UNION ALL SELECT 'b"c\' UNION ALL SELECT 'ё' UNION ALL SELECT 'x	y') t
SELECT json_group_array(x) FROM (SELECT 1 AS x UNION ALL SELECT NULL UNION ALL SELECT -3) t
SELECT json_group_array(x) FROM (SELECT NULL AS x) t
SELECT json_group_array(x) FROM (SELECT 1 AS x) t WHERE x > 1
SELECT json_group_array(x) FROM (SELECT 1 AS x UNION ALL SELECT 2) t GROUP BY x ORDER BY x
EOF

test_ok 'the functions give the sqlite3 shell answers on the edges' '
	same_answers scalar.q
'

test_ok 'json_valid is a boolean and never raises' '
	pg postgres -c "SELECT json_valid('\''{'\''), json_valid('\''[]'\''),
	  pg_typeof(json_valid('\''1'\''))" >got &&
	test_file_is got "f|t|boolean"
'

test_ok 'json_extract and json_type raise on malformed JSON and on a bad path, as SQLite' '
	for q in "json_extract('\''{'\'', '\''$.a'\'')" \
		"json_extract('\''{}'\'', '\''a'\'')" \
		"json_extract('\''{}'\'', '\''$.'\'')" \
		"json_extract('\''[1]'\'', '\''$[x]'\'')" \
		"json_type('\''[1'\'')"; do
		! sqlite3 -batch :memory: "SELECT $q;" >/dev/null 2>&1 &&
		! pg postgres -c "SELECT $q" >/dev/null 2>err &&
		test -s err || return 1
	done
'

# name(arguments) volatility parallel [strict]: i immutable; s safe, u unsafe
cat >hints.pg <<'EOF'
SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') '
  || p.provolatile::text || p.proparallel::text || CASE WHEN p.proisstrict THEN ' strict' ELSE '' END
FROM pg_proc p JOIN pg_namespace s ON s.oid = p.pronamespace
WHERE s.nspname = current_schema() AND p.prorettype <> 'trigger'::regtype
EOF

test_ok 'the functions and what they tell the planner' '
	pg postgres -f hints.pg | LC_ALL=C sort >got &&
	cat >want <<-\EOF &&
	crm_json_at(doc text, path text) is strict
	crm_json_group_array_final(a anycompatiblearray) is strict
	crm_unixepoch(t text) is strict
	ifnull(a anycompatible, b anycompatible) is
	iif(cond boolean, a anycompatible, b anycompatible) is
	instr(haystack text, needle text) is strict
	json_extract(doc text, path text) is strict
	json_group_array(anycompatible) is
	json_type(doc text) is strict
	json_type(doc text, path text) is strict
	json_valid(doc text) iu
	max(a anycompatible, b anycompatible) is
	min(a anycompatible, b anycompatible) is
	unixepoch(t text) is
	EOF
	diff want got
'

test_done
