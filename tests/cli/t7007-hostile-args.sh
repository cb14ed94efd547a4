#!/bin/sh
# t7007-hostile-args: every text argument, hostile. Empty, too long (10001
# characters, and 131071 bytes: the longest single argument Linux passes to
# a program, MAX_ARG_STRLEN - 1; a 1 MB argument never reaches crm, execve
# refuses it with E2BIG), invalid UTF-8: exit 2, nothing written. SQL
# metacharacters: stored byte for byte, shown verbatim in JSON, never
# executed. Control characters: refused in one-line text (names, promises,
# next actions; t7009 has the rest), stored byte for byte in texts that
# may hold lines, shown verbatim in JSON and escaped in tables.
. "$SRCDIR/tests/cli/lib.sh"

sql="'; DROP TABLE client; --"
ctl=$(printf 'a\033[2J\007b\tc\001d')
long10001=$(head -c 10001 /dev/zero | tr '\0' x)
long128k=$(head -c 131071 /dev/zero | tr '\0' y)
bad=$(printf 'caf\351')

# The names of the base's tables, as SQL.
if backend_is postgresql; then
	TABLES="SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()"
else
	TABLES="SELECT name FROM sqlite_master WHERE type = 'table'"
fi

# Everything a command may write, as one line.
rows() {
	$SQLX crm.db "SELECT (SELECT count(*) FROM client), (SELECT count(*) FROM journal),
		(SELECT count(*) FROM contact), (SELECT count(*) FROM interaction),
		(SELECT count(*) FROM promise), (SELECT count(*) FROM incident),
		(SELECT count(*) FROM next_action), (SELECT count(*) FROM manager),
		(SELECT $(sql_concat name) FROM ($TABLES ORDER BY name) AS t)"
}

hex() {
	printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | tr a-f A-F
}

# refused ARGS... TEXT: exit 2, an error naming the problem, nothing written.
# (In the loop below $what is split on purpose: a command and its arguments.)
refused() {
	before=$(rows) &&
	expect_code 2 crm "$@" &&
	test_empty out &&
	grep -q '^error: ' err &&
	test "$(rows)" = "$before"
}

test_ok 'a base with a client and a manager' '
	crm init >/dev/null &&
	crm client add Base >/dev/null &&
	crm manager add Boss >/dev/null
'

# Each command, its arguments before the text, the table and the column
# where the stored text is, and whether it is one line or may hold lines.
while IFS='|' read -r what table col kind; do
	test_ok "$what: an empty text exits 2" 'refused $what ""'
	test_ok "$what: 10001 characters exit 2" '
		refused $what "$long10001" && test_grep "too long: 10001 characters" err'
	test_ok "$what: 131071 bytes exit 2" '
		refused $what "$long128k" && test_grep "too long" err'
	test_ok "$what: invalid UTF-8 exits 2" '
		refused $what "$bad" && test_grep "not valid UTF-8" err'
	test_ok "$what: SQL metacharacters are stored as they are" '
		expect_code 0 crm $what "$sql" &&
		test "$($SQLX crm.db "SELECT $(sql_hex $col) FROM $table ORDER BY id DESC LIMIT 1")" = "$(hex "$sql")" &&
		test "$($SQLX crm.db "SELECT count(*) FROM client WHERE name = '\''Base'\''")" = 1'
	if test "$kind" = line; then
		test_ok "$what: control characters exit 2, named" '
			refused $what "$ctl" && test_grep "holds a control character (U+001B) at character 2" err'
	else
		test_ok "$what: control characters are stored as they are" '
			expect_code 0 crm $what "$ctl" &&
			test "$($SQLX crm.db "SELECT $(sql_hex $col) FROM $table ORDER BY id DESC LIMIT 1")" = "$(hex "$ctl")"'
	fi
done <<'EOF'
client add|client|name|line
note Base|interaction|text|lines
promise add Base|promise|text|line
incident add Base|incident|text|lines
next add --due +3d Base|next_action|text|line
contact add Base|contact|name|line
manager add|manager|name|line
EOF

test_ok 'the tables are all still there, with their rows' '
	test "$($SQLX crm.db "SELECT count(*) FROM ($TABLES) AS t WHERE name IN
		('\''client'\'', '\''journal'\'', '\''contact'\'', '\''interaction'\'')")" = 4 &&
	test "$($SQLX crm.db "SELECT count(*) FROM client WHERE name = '\''Base'\''")" = 1
'

test_ok 'a name with SQL metacharacters is found and shown verbatim' '
	expect_code 0 crm --format json --fields id,name client show "$sql" &&
	id=$($SQLX crm.db "SELECT id FROM client WHERE name = '\''$(printf %s "$sql" | sed "s/'\''/'\'''\''/g")'\''") &&
	test_file_is out "{\"id\":$id,\"name\":\"'\''; DROP TABLE client; --\"}"
'

test_ok 'control characters (a name from an older crm): escaped in a table, verbatim (JSON-escaped) in JSON' '
	crm client add Planted >/dev/null &&
	$SQLX crm.db "UPDATE client SET name = $(sql_unhex "$(hex "$ctl")"),
		name_fold = lower($(sql_unhex "$(hex "$ctl")")) WHERE name = '\''Planted'\''" &&
	expect_code 0 crm --format json --fields name client show "$ctl" &&
	test_file_is out "{\"name\":\"a\\u001b[2J\\u0007b\\tc\\u0001d\"}" &&
	expect_code 0 crm --fields name client show "$ctl" &&
	test_grep "a\\x1b[2J\\x07b\\tc\\x01d" out &&
	! grep -q "$(printf "\033")" out
'

test_ok 'control characters in a note: escaped in the log table, no raw escape reaches the terminal' '
	expect_code 0 crm log Base &&
	! grep -q "$(printf "\033")" out &&
	test_grep "a\\x1b[2J\\x07b\\tc\\x01d" out
'

test_ok 'search with SQL and full-text syntax: no error, the text is found' '
	expect_code 0 crm client find "$sql" &&
	test_grep "DROP TABLE client" out &&
	for q in "\"" "a*" "NEAR(a b)" "AND" "OR NOT" "col:x" "^x" "(" "'\''" "%" "_"; do
		crm client find "$q" >/dev/null 2>err
		rc=$?
		# 2: no word to search for (only punctuation), said so
		test $rc -eq 0 || test $rc -eq 3 || { test $rc -eq 2 && test_grep "no word to search for" err; } ||
			{ echo "find $q: exit $rc"; cat err; return 1; }
		! grep -qi "sql\|syntax\|fts5" err || { echo "find $q:"; cat err; return 1; }
	done
'

test_ok 'an option value is checked like an argument' '
	refused client add --segment "$bad" Seg &&
	refused client add --segment "$long10001" Seg &&
	refused client add --note "$long10001" LongNote &&
	refused client edit --note "$bad" Base &&
	refused contact add --role "$bad" Base Role
'

sqlite_only 'PRAGMA integrity_check reads the pages of the SQLite file' \
test_ok 'the base is sound afterwards' '
	test "$($SQLX crm.db "PRAGMA integrity_check")" = ok
'

test_done
