# lib.sh: a small TAP library for the CLI tests (POSIX sh).
#
# Every tNNNN script sources it first. It gives the script a fresh temp
# dir (removed at exit) as its working directory and HOME below it, a clean
# environment (CRM_DB=$PWD/crm.db, CRM_NOW=2026-11-22T10:00:00Z,
# CRM_USER=tester, NO_COLOR=1, CRM_NO_MAN=1, CRM_PAGER=cat (no pager in a
# pseudo-terminal), LC_ALL=C.UTF-8, umask 022),
# and:
#
#   crm ARGS...                 runs the binary under test ($CRM)
#   test_ok 'desc' 'code'       passes when the shell code exits 0
#   test_code N 'desc' cmd...   passes when cmd exits exactly N; its stdout
#                               is kept in ./out and its stderr in ./err
#   test_todo 'desc' 'code'     a known-broken test (TAP "# TODO")
#   test_skip 'desc' 'why'      a skipped test (TAP "# SKIP")
#   test_done                   prints the plan "1..N" and exits
#
# and, for the code of test_ok:
#
#   expect_code N cmd...        cmd exits exactly N; stdout in ./out,
#                               stderr in ./err (both shown when it fails)
#   test_file_is FILE 'text'    FILE holds exactly text plus a newline
#   test_empty FILE             FILE is empty (stdout or stderr was silent)
#   test_grep 'fixed' FILE      FILE contains the fixed string
#   file_mode PATH              permission bits in octal: 600
#   test_base_sum               a checksum of the test's base (either backend)
#   test_new_base               removes the test's base, for a crm init afresh
#   sql_date, sql_datetime, sql_concat, sql_hex, sql_unhex, sql_char,
#   sql_match, sql_quote        SQL of the test's backend (see below)
#
# and, next to sql_concat, for a list whose order the test checks:
#
#   sql_group_concat EXPR ORDER [SEP]
#                               SQLite's group_concat(EXPR[, 'SEP']): the
#                               values joined by ',' or SEP (string_agg on
#                               PostgreSQL, in the order ORDER, the rowid
#                               order of SQLite's scan, which an UPDATE
#                               does not change as it moves a PostgreSQL row)
#
# and for a script that needs more than one base, on either backend:
#
#   test_base NAME              prints the CRM_DB of the script's base NAME:
#                               $PWD/NAME.db on SQLite, on PostgreSQL a
#                               database of its own next to the script's
#   base_new NAME               makes base NAME empty, for crm init (on
#                               PostgreSQL a new database; nothing to do
#                               on SQLite, where crm init makes the file)
#   base_copy NAME              makes base NAME a copy of the script's base
#                               (cp of the file; createdb --template)
#   base_drop NAME              removes base NAME
# A database they make is dropped at exit, even one a test's subshell made.
#
# Write the code of test_ok as a chain of commands joined by &&, as in
# git's test-lib: the first failing link fails the test. On a failure the
# code and what it printed (or the files out and err) go to stderr as "# "
# comment lines, where meson test --print-errorlogs shows them.
#
# From meson: CRM (the binary), SQLX (tests/helpers/sqlx: "$SQLX FILE SQL"
# prints rows joined by '|'), SRCDIR, BUILDDIR.
#
# The backend. A script runs on SQLite (CRM_DB=$PWD/crm.db) unless
# CRM_TEST_BACKEND=postgresql (meson test --setup postgresql, under a server
# that pg_virtualenv starts: tests/helpers/pg-suite.sh BUILDDIR runs it). On
# PostgreSQL each script gets a fresh empty database of its own, made with
# createdb (template0, UTF8, C collation; with dropdb about 0.15 s a script
# on an idle machine) and named crm_<test>_<pid>, and
# CRM_DB=postgresql:///that-name (host, port, user and password from the PG*
# variables libpq reads); it is dropped at exit. Then CRM_TEST_DB holds the
# URL, and SQLX is tests/helpers/sqlx-any.sh: "$SQLX crm.db SQL" and
# "$SQLX "$CRM_DB" SQL" run the SQL on the test's database with psql and
# print the rows as sqlx does; any other file (or a crm.db that exists on
# disk) stays on sqlx. What does not apply to a backend says so by name, with
# the reason, in the TAP output:
#
#   backend_is NAME             true when the run is on NAME (sqlite or
#                               postgresql), for branches inside a test
#   test_sqlite_only 'why'      before the first test: on PostgreSQL the
#                               script prints "1..0 # SKIP sqlite only: why"
#                               and exits 0 (test_postgresql_only likewise)
#   sqlite_only 'why' test_ok 'desc' 'code'
#                               runs the test (test_ok, test_code or
#                               test_todo) on SQLite; on PostgreSQL prints
#                               "ok N - desc # SKIP sqlite only: why"
#                               (postgresql_only likewise)

if test -z "$CRM" || ! test -x "$CRM"; then
	echo "Bail out! CRM is not set to the crm binary (run through meson test)"
	exit 1
fi

# A clean environment: nothing of the user's may leak into a test.
unset CRM_FORMAT CRM_FIELDS CRM_COLOR CRM_BUSY_TIMEOUT XDG_DATA_HOME XDG_CONFIG_HOME \
	CLICOLOR CLICOLOR_FORCE COLUMNS LINES LANGUAGE PAGER 2>/dev/null || true
LC_ALL=C.UTF-8
export LC_ALL

TEST_NAME=${0##*/}
TEST_ROOT=$(mktemp -d "${TMPDIR:-/tmp}/crm-${TEST_NAME%.sh}.XXXXXX") || {
	echo "Bail out! cannot create a temp dir"
	exit 1
}
trap 'cd / && _test_drop_db; rm -rf "$TEST_ROOT"' EXIT
trap 'exit 130' INT TERM HUP
cd "$TEST_ROOT" || exit 1
HOME=$TEST_ROOT/home
mkdir -p "$HOME"
CRM_DB=$PWD/crm.db
CRM_NOW=2026-11-22T10:00:00Z
CRM_USER=tester
NO_COLOR=1
CRM_NO_MAN=1
CRM_PAGER=cat
TZ=UTC
export HOME CRM_DB CRM_NOW CRM_USER NO_COLOR CRM_NO_MAN CRM_PAGER TZ
umask 022

# ---- the backend -----------------------------------------------------

CRM_TEST_BACKEND=${CRM_TEST_BACKEND:-sqlite}
_test_pg_db=""

# Ends the script with a TAP "Bail out!" (a failure meson shows), and the
# same on stderr, for meson test --print-errorlogs.
_test_bail() {
	echo "Bail out! $*"
	echo "# Bail out! $*" >&2
	exit 1
}

_test_drop_db() {
	test -n "$_test_pg_db" || return 0
	# the bases the script made (base_new, base_copy), then its own; --force:
	# a crm left running (a test killed mid-way) does not keep them
	for _d in $(cat "$TEST_ROOT/_test_bases" 2>/dev/null) "$_test_pg_db"; do
		dropdb --if-exists --force "$_d" >"$TEST_ROOT/_dropdb.err" 2>&1 || {
			echo "# lib.sh: cannot drop the database $_d:"
			sed 's/^/#   /' "$TEST_ROOT/_dropdb.err"
		} >&2
	done
}

case $CRM_TEST_BACKEND in
sqlite)
	;;
postgresql)
	if test -z "${PGHOST:-}${PGPORT:-}"; then
		_test_bail "CRM_TEST_BACKEND=postgresql needs a PostgreSQL server (PGHOST, PGPORT):" \
			"run tests/helpers/pg-suite.sh BUILDDIR, or" \
			"pg_virtualenv -t meson test -C BUILDDIR --setup postgresql --suite cli"
	fi
	# crm_<test>_<pid>: the pid keeps two scripts running at once apart
	_test_pg_db=$(printf '%s' "${TEST_NAME%.sh}" | tr '[:upper:]' '[:lower:]' | tr -c 'a-z0-9' '_' | cut -c1-40)
	_test_pg_db=crm_${_test_pg_db}_$$
	if ! createdb --template=template0 --encoding=UTF8 --lc-collate=C --lc-ctype=C \
		"$_test_pg_db" >_createdb.err 2>&1; then
		_test_no_db=$_test_pg_db
		_test_pg_db=""
		_test_bail "createdb $_test_no_db failed: $(tr '\n' ' ' <_createdb.err)"
	fi
	rm -f _createdb.err
	CRM_DB=postgresql:///$_test_pg_db
	CRM_TEST_DB=$CRM_DB
	# "$SQLX crm.db SQL" reaches the test's database; other files stay SQLite
	SQLX_SQLITE=$SQLX
	SQLX=$SRCDIR/tests/helpers/sqlx-any.sh
	export CRM_TEST_DB SQLX_SQLITE SQLX TEST_ROOT
	;;
*)
	_test_bail "unknown CRM_TEST_BACKEND '$CRM_TEST_BACKEND' (sqlite or postgresql)"
	;;
esac
export CRM_TEST_BACKEND

# backend_is NAME: true when the tests run on NAME (sqlite, postgresql).
backend_is() {
	test "$CRM_TEST_BACKEND" = "$1"
}

# The whole script applies to one backend only: on another it prints an
# empty plan that says why ("1..0 # SKIP sqlite only: why") and exits 0.
_test_only() { # backend why
	backend_is "$1" && return 0
	if test "$test_count" -gt 0; then
		_test_bail "test_$1_only after the first test"
	fi
	echo "1..0 # SKIP $1 only: $2"
	exit 0
}

test_sqlite_only() {
	_test_only sqlite "$1"
}

test_postgresql_only() {
	_test_only postgresql "$1"
}

# One test applies to one backend only: runs it there (the rest of the
# arguments: test_ok 'desc' 'code', test_code N 'desc' cmd..., test_todo),
# and on another prints it as skipped, with why.
_test_one_only() { # backend why test_fn args...
	_b=$1
	_why=$2
	shift 2
	if backend_is "$_b"; then
		"$@"
		return
	fi
	case $1 in
	test_code) test_skip "$3" "$_b only: $_why" ;;
	test_ok | test_todo) test_skip "$2" "$_b only: $_why" ;;
	*)
		_test_bail "${_b}_only wants test_ok, test_code or test_todo, not '$1'"
		;;
	esac
}

sqlite_only() {
	_test_one_only sqlite "$@"
}

postgresql_only() {
	_test_one_only postgresql "$@"
}

test_count=0
test_failed=0

crm() {
	"$CRM" "$@"
}

# Prints a file as TAP comment lines under a label, on stderr (meson test
# --print-errorlogs shows the stderr of a failed TAP test).
_test_show() {
	if test -s "$2"; then
		echo "# $1:"
		sed 's/^/#   /' "$2"
	fi >&2
}

# Prints the TAP line of the next test: $1 status, $2 description, $3 directive.
_test_result() {
	test_count=$((test_count + 1))
	if test "$1" -eq 0; then
		echo "ok $test_count - $2${3:+ # $3}"
		return 0
	fi
	echo "not ok $test_count - $2${3:+ # $3}"
	if test -z "$3"; then
		test_failed=$((test_failed + 1))
	fi
	return 1
}

# Runs the shell code in a subshell, its output in _test_log.
_test_eval() {
	(eval "$1") >_test_log 2>&1 </dev/null
}

# test_ok 'desc' 'code': passes when the code exits 0.
test_ok() {
	_test_eval "$2"
	rc=$?
	_test_result $rc "$1" "" && return 0
	{
		echo "# failed test $test_count: $1"
		echo "# exit status $rc of:"
		printf '%s\n' "$2" | sed 's/^/#   /'
	} >&2
	if test -s _test_log; then
		_test_show 'its output' _test_log
	else
		_test_show stdout out
		_test_show stderr err
	fi
}

# test_code N 'desc' cmd args...: passes when cmd exits exactly N. Its
# stdout stays in ./out and its stderr in ./err for the tests that follow.
test_code() {
	want=$1
	desc=$2
	shift 2
	"$@" >out 2>err </dev/null
	got=$?
	test "$got" -eq "$want"
	_test_result $? "$desc" "" && return 0
	echo "# failed test $test_count: $desc" >&2
	echo "# expected exit $want, got $got from: $*" >&2
	_test_show stdout out
	_test_show stderr err
}

# test_todo 'desc' 'code': a known-broken test, reported but not counted.
test_todo() {
	_test_eval "$2"
	_test_result $? "$1" "TODO known breakage"
	return 0
}

test_skip() {
	test_count=$((test_count + 1))
	echo "ok $test_count - $1 # SKIP $2"
}

test_done() {
	# a crm that took the URL for a file path made ./postgresql:/NAME, an
	# SQLite base: the tests passed on SQLite, not on the server
	if backend_is postgresql && test -e "$TEST_ROOT/postgresql:"; then
		_test_result 1 "crm reached the base on the server, not a file named after its URL" ""
		echo "# failed test $test_count: crm made $TEST_ROOT/postgresql: of CRM_DB=$CRM_DB" >&2
	fi
	echo "1..$test_count"
	if test "$test_failed" -gt 0; then
		echo "# failed $test_failed of $test_count" >&2
		exit 1
	fi
	exit 0
}

# ---- helpers for the checks ----------------------------------------

# True when FILE ($1) holds exactly the text $2 plus a newline; shows both otherwise.
test_file_is() {
	printf '%s\n' "$2" >_want && cmp -s _want "$1" || {
		echo "want:"
		cat _want
		echo "got:"
		cat "$1"
		return 1
	}
}

# True when the file is empty; prints it otherwise.
test_empty() {
	test ! -s "$1" || {
		echo "$1 is not empty:"
		cat "$1"
		return 1
	}
}

# True when the file contains the fixed string.
test_grep() {
	grep -F -e "$1" "$2" >/dev/null || {
		echo "'$1' not found in $2:"
		cat "$2"
		return 1
	}
}

# Runs a command, and checks its exact exit code; keeps out and err.
# Use inside test_ok chains: expect_code 3 crm config get x && ...
expect_code() {
	_want=$1
	shift
	"$@" >out 2>err </dev/null
	_got=$?
	test "$_got" -eq "$_want" || {
		echo "expected exit $_want, got $_got from: $*"
		echo "stdout:"
		cat out
		echo "stderr:"
		cat err
		return 1
	}
}

# A checksum of the test's base, to show that a command wrote nothing: the
# bytes of crm.db on SQLite, the rows of every table and the sequences
# (pg_dump --data-only, without the random key of its \restrict lines) of
# its database on PostgreSQL.
test_base_sum() {
	if backend_is postgresql; then
		{
			pg_dump --data-only -d "$CRM_DB" 2>_pg_dump.err ||
				echo "pg_dump failed: $(cat _pg_dump.err)"
		} | grep -v '^\\\(un\)\{0,1\}restrict ' | cksum
	else
		cksum <crm.db
	fi
}

# Removes the test's base, for a crm init afresh: crm.db with its -wal and
# -shm on SQLite; on PostgreSQL its database is made again, empty.
test_new_base() {
	if backend_is postgresql; then
		dropdb --force "$_test_pg_db" &&
			createdb --template=template0 --encoding=UTF8 --lc-collate=C --lc-ctype=C \
				"$_test_pg_db"
	else
		rm -f crm.db crm.db-wal crm.db-shm
	fi
}

# SQL for "$SQLX crm.db ..." in the dialect of the test's backend (a test
# writes the rest portably; psql shows a condition as t or f, which
# CAST(cond AS INTEGER) makes 1 or 0 on both):
#   sql_date EXPR          the day of the Unix time EXPR, YYYY-MM-DD in UTC
#   sql_datetime EXPR      its YYYY-MM-DD HH:MM:SS in UTC
#   sql_concat EXPR [SEP]  the aggregate of EXPR's values joined by SEP (,),
#                          in the order of the rows
#   sql_hex EXPR           the bytes of the text EXPR in upper-case hex
#   sql_unhex HEX          the text whose UTF-8 bytes the hex digits HEX are
#   sql_char N             the character of code point N, as text
#   sql_match WORD         a condition on the table search: its text has
#                          the word WORD (letters and digits)
#   sql_quote EXPR         the text EXPR as an SQL literal, '...' with its
#                          quotes doubled (for text without a backslash)
sql_date() {
	if backend_is postgresql; then
		printf "to_char(to_timestamp(%s) AT TIME ZONE 'UTC', 'YYYY-MM-DD')" "$1"
	else
		printf "date(%s, 'unixepoch')" "$1"
	fi
}

sql_datetime() {
	if backend_is postgresql; then
		printf "to_char(to_timestamp(%s) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')" "$1"
	else
		printf "datetime(%s, 'unixepoch')" "$1"
	fi
}

sql_concat() {
	if backend_is postgresql; then
		printf "string_agg(CAST(%s AS text), '%s')" "$1" "${2-,}"
	else
		printf "group_concat(%s, '%s')" "$1" "${2-,}"
	fi
}

sql_hex() {
	if backend_is postgresql; then
		printf "upper(encode(convert_to(%s, 'UTF8'), 'hex'))" "$1"
	else
		printf "hex(%s)" "$1"
	fi
}

sql_unhex() {
	if backend_is postgresql; then
		printf "convert_from(decode('%s', 'hex'), 'UTF8')" "$1"
	else
		printf "CAST(X'%s' AS TEXT)" "$1"
	fi
}

sql_char() {
	if backend_is postgresql; then
		printf "chr(%s)" "$1"
	else
		printf "char(%s)" "$1"
	fi
}

sql_quote() {
	if backend_is postgresql; then
		printf "quote_literal(%s)" "$1"
	else
		printf "quote(%s)" "$1"
	fi
}

sql_match() {
	if backend_is postgresql; then
		printf "words @@ to_tsquery('simple', '%s')" "$1"
	else
		printf "search MATCH '%s'" "$1"
	fi
}

# The permission bits of a file in octal ("600").
file_mode() {
	stat -c %a "$1" 2>/dev/null || stat -f %Lp "$1"
}

# SQL for group_concat(EXPR[, 'SEP']) on the test's backend; ORDER orders
# the values on PostgreSQL as SQLite's scan of the rowids does.
sql_group_concat() { # expr order [sep]
	if backend_is postgresql; then
		printf "string_agg(CAST(%s AS text), '%s' ORDER BY %s)" "$1" "${3:-,}" "$2"
	elif test $# -gt 2; then
		printf "group_concat(%s, '%s')" "$1" "$3"
	else
		printf 'group_concat(%s)' "$1"
	fi
}

# ---- more bases ------------------------------------------------------

_test_main_base=$CRM_DB

test_base() { # name
	if backend_is postgresql; then
		printf 'postgresql:///%s_%s\n' "$_test_pg_db" "$1"
	else
		printf '%s/%s.db\n' "$TEST_ROOT" "$1"
	fi
}

base_new() { # name
	backend_is postgresql || return 0
	echo "${_test_pg_db}_$1" >>"$TEST_ROOT/_test_bases" &&
	dropdb --if-exists "${_test_pg_db}_$1" &&
	createdb --template=template0 --encoding=UTF8 --lc-collate=C --lc-ctype=C \
		"${_test_pg_db}_$1"
}

base_copy() { # name
	if backend_is postgresql; then
		echo "${_test_pg_db}_$1" >>"$TEST_ROOT/_test_bases" &&
		dropdb --if-exists "${_test_pg_db}_$1" &&
		createdb --template="$_test_pg_db" "${_test_pg_db}_$1"
	else
		cp "$_test_main_base" "$TEST_ROOT/$1.db"
	fi
}

base_drop() { # name
	if backend_is postgresql; then
		dropdb --if-exists "${_test_pg_db}_$1"
	else
		rm -f "$TEST_ROOT/$1.db"
	fi
}

# A second process that holds the base until told to let go: the sqlite3
# shell reading its SQL from a fifo. sqlite_hold FILE SQL runs SQL (say
# "BEGIN IMMEDIATE; ...", or "BEGIN; SELECT ..." for a reader) and returns
# once the shell has run it; sqlite_release SQL ends it ("COMMIT;").
# Deterministic: no sleep decides who holds the base.
sqlite_hold() { # file sql
	rm -f hold.fifo hold.out && mkfifo hold.fifo &&
	{ sqlite3 "$1" <hold.fifo >hold.out 2>&1 & } &&
	exec 3>hold.fifo &&
	printf '%s\nSELECT '\''held'\'';\n' "$2" >&3 &&
	_i=0 && until grep -q held hold.out 2>/dev/null; do
		_i=$((_i + 1)) && test $_i -lt 1000 || return 1
		sleep 0.01
	done
}

sqlite_release() { # sql
	printf '%s\n' "$1" >&3 && exec 3>&- && wait
}

# base_hold: another process holds the write lock of the test's base, as a
# crm command that writes would, until base_release: on SQLite a write
# transaction of the sqlite3 shell, on PostgreSQL a psql session holding
# crm's advisory lock (core/pg.c) in a transaction that wrote a row.
base_hold() {
	if backend_is postgresql; then
		rm -f hold.fifo hold.out && mkfifo hold.fifo &&
		{ psql -X -q -At -d "$CRM_DB" <hold.fifo >hold.out 2>&1 & } &&
		exec 3>hold.fifo &&
		printf '%s\n' "BEGIN; SELECT pg_advisory_xact_lock(6517357);" \
			"INSERT INTO config VALUES ('user.email', 'holder@example.com');" \
			"SELECT 'held';" >&3 &&
		_i=0 && until grep -q held hold.out 2>/dev/null; do
			_i=$((_i + 1)) && test $_i -lt 1000 || return 1
			sleep 0.01
		done
	else
		sqlite_hold crm.db "BEGIN IMMEDIATE; INSERT INTO config VALUES ('user.email', 'holder@example.com');"
	fi
}

base_release() {
	sqlite_release "ROLLBACK;"
}
