#!/bin/sh
# t7003-permissions: the base, its -wal and -shm, every backup and the
# copy restore keeps are 0600 and the data folder 0700, whatever the
# umask; crm warns when it opens a base that others can read.
. "$SRCDIR/tests/cli/lib.sh"

gen_import() { # n
	awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++) printf "{\"name\":\"P %d\"}\n", i }'
}

warning_for() { # path mode
	echo "warning: the base '$1' can be read by other users (mode $2): run chmod 600 '$1'"
}

test_ok 'under umask 000: base 0600, its folders 0700' '
	(umask 000 &&
	 XDG_DATA_HOME=$PWD/xdg && export XDG_DATA_HOME && unset CRM_DB &&
	 crm init >out 2>err) &&
	test_empty err &&
	test "$(file_mode xdg/crm/crm.db)" = 600 &&
	test "$(file_mode xdg/crm)" = 700 &&
	test "$(file_mode xdg)" = 700 &&
	(umask 000 && crm --db "$PWD/deep/er/crm.db" init >/dev/null) &&
	test "$(file_mode deep/er/crm.db)" = 600 &&
	test "$(file_mode deep/er)" = 700 &&
	test "$(file_mode deep)" = 700
'

sqlite_only 'the modes of the base'\''s files; a server keeps its own' \
test_ok 'the -wal and -shm that crm creates are 0600' '
	crm init >/dev/null &&
	gen_import 20000 >big.ndjson &&
	(umask 000 && "$CRM" client import big.ndjson >/dev/null 2>&1 & pid=$!;
	 i=0; while test $i -lt 100 && ! test -e crm.db-shm; do sleep 0.05; i=$((i + 1)); done;
	 sleep 0.2; kill -9 $pid; wait $pid; true) &&
	test -e crm.db-wal && test -e crm.db-shm &&
	test "$(file_mode crm.db-wal)" = 600 &&
	test "$(file_mode crm.db-shm)" = 600 &&
	test "$(file_mode crm.db)" = 600
'

sqlite_only 'the modes of the base'\''s files; a server keeps its own' \
test_ok 'backups and the copy restore keeps are 0600' '
	(umask 000 && crm backup b1.db >/dev/null) &&
	test "$(file_mode b1.db)" = 600 &&
	touch b2.db && chmod 644 b2.db &&
	(umask 000 && crm backup --force b2.db >/dev/null) &&
	test "$(file_mode b2.db)" = 600 &&
	(umask 000 && crm restore --yes b1.db >/dev/null) &&
	test "$(file_mode crm.db.before-restore)" = 600 &&
	test "$(file_mode crm.db)" = 600 &&
	{ ls -a | grep -v "^\.\.*$" | grep "^\." >hidden || true; } &&
	test_empty hidden
'

sqlite_only 'the modes of the base'\''s files; a server keeps its own' \
test_ok 'a base readable by others: a warning naming chmod, on every command' '
	chmod 644 crm.db &&
	expect_code 0 crm client list &&
	test_file_is err "$(warning_for "$PWD/crm.db" 0644)" &&
	expect_code 0 crm check &&
	test_grep "$(warning_for "$PWD/crm.db" 0644)" err &&
	expect_code 0 crm backup b3.db &&
	test_file_is err "$(warning_for "$PWD/crm.db" 0644)" &&
	test "$(file_mode b3.db)" = 600
'

sqlite_only 'the modes of the base'\''s files; a server keeps its own' \
test_ok 'readable by the group only, or by others only: warned too' '
	chmod 640 crm.db &&
	expect_code 0 crm client add "Группа" &&
	test_file_is err "$(warning_for "$PWD/crm.db" 0640)" &&
	chmod 604 crm.db &&
	expect_code 0 crm journal --limit 1 &&
	test_file_is err "$(warning_for "$PWD/crm.db" 0604)" &&
	chmod 620 crm.db &&
	expect_code 0 crm journal --limit 1 &&
	test_file_is err "$(warning_for "$PWD/crm.db" 0620)"
'

sqlite_only 'the modes of the base'\''s files; a server keeps its own' \
test_ok 'a base of 0600 or 0400: no warning' '
	chmod 600 crm.db &&
	expect_code 0 crm client list &&
	test_empty err &&
	chmod 400 crm.db &&
	expect_code 0 crm client list &&
	test_empty err &&
	chmod 600 crm.db
'

# ---- paths that are not a plain base ------------------------------------

test_ok 'a symlinked base path is explained, and init and list agree on a dangling one' '
	crm --db real.db init >/dev/null &&
	ln -s real.db link.db &&
	expect_code 5 crm --db link.db client list &&
	test_file_is err "error: '\''link.db'\'' is a symbolic link (to '\''real.db'\''): crm opens a base only by its own path; point --db or CRM_DB at the file itself" &&
	ln -s nowhere.db dangling.db &&
	expect_code 5 crm --db dangling.db init &&
	test_file_is err "error: '\''dangling.db'\'' is a symbolic link (to '\''nowhere.db'\''): crm opens a base only by its own path; point --db or CRM_DB at the file itself" &&
	expect_code 5 crm --db dangling.db client list &&
	test_file_is err "error: '\''dangling.db'\'' is a symbolic link (to '\''nowhere.db'\''): crm opens a base only by its own path; point --db or CRM_DB at the file itself" &&
	test ! -e nowhere.db
'

test_ok 'backup refuses the base'\''s own -wal, -shm and -journal (exit 2), and writes nothing' '
	crm --db own.db init >/dev/null &&
	crm --db own.db client add Acme >/dev/null &&
	for x in wal shm journal; do
		expect_code 2 crm --db own.db backup "own.db-$x" || return 1
		test_file_is err "error: '\''own.db-$x'\'' is the $x file of the base: back up to another file" || return 1
	done &&
	expect_code 2 crm --db own.db backup "./own.db-wal" &&
	test ! -e own.db-journal &&
	expect_code 0 crm --db own.db client show Acme
'

test_ok 'a failed write to stdout is reported once' '
	expect_code 1 sh -c "\"$CRM\" --db own.db client list >/dev/full" &&
	test "$(grep -c "cannot write the output" err)" = 1 &&
	expect_code 1 sh -c "\"$CRM\" --db own.db client show Acme >/dev/full" &&
	test "$(grep -c "cannot write the output" err)" = 1 &&
	expect_code 1 sh -c "\"$CRM\" --db own.db audit >/dev/full" &&
	test "$(grep -c "cannot write the output" err)" = 1
'

# The permission bits only bind a user other than root: as root, the test
# runs crm as nobody (setpriv) in a folder nobody owns.
as_user=
if test "$(id -u)" -ne 0; then
	as_user=env
elif command -v setpriv >/dev/null &&
	setpriv --reuid=65534 --regid=65534 --clear-groups "$CRM" version >/dev/null 2>&1; then
	as_user="setpriv --reuid=65534 --regid=65534 --clear-groups env"
fi
# a folder that user may write, outside this test's own 0700 one
rodir=$(mktemp -d "${TMPDIR:-/tmp}/crm-ro.XXXXXX") && chmod 755 "$rodir" &&
	{ test "$(id -u)" -ne 0 || chown 65534:65534 "$rodir"; } || as_user=
if test -n "$as_user"; then
	test_ok 'a -shm left read-only after chmod 400 then 600: the error names the file to fix' '
		cd "$rodir" &&
		$as_user HOME="$rodir" "$CRM" --db crm.db init >/dev/null 2>&1 &&
		$as_user HOME="$rodir" "$CRM" --db crm.db client add Acme >/dev/null 2>&1 &&
		chmod 400 crm.db &&
		$as_user HOME="$rodir" "$CRM" --db crm.db client list >/dev/null 2>&1 &&
		test -e crm.db-shm &&
		chmod 600 crm.db &&
		expect_code 5 $as_user HOME="$rodir" "$CRM" --db crm.db client add Other &&
		test_file_is err "error: the base '\''crm.db'\'' is read-only: the file '\''crm.db-shm'\'' cannot be written (Permission denied): run chmod 600 '\''crm.db-shm'\''" &&
		chmod 600 crm.db-shm crm.db-wal &&
		expect_code 0 $as_user HOME="$rodir" "$CRM" --db crm.db client add Other
	'
else
	test_skip 'a -shm left read-only after chmod 400 then 600' 'running as root and cannot run crm as another user (setpriv): permission bits do not bind root'
fi
rm -rf "$rodir"

test_done
