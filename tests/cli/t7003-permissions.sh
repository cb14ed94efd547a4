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

test_ok 'a base of 0600 or 0400: no warning' '
	chmod 600 crm.db &&
	expect_code 0 crm client list &&
	test_empty err &&
	chmod 400 crm.db &&
	expect_code 0 crm client list &&
	test_empty err &&
	chmod 600 crm.db
'

test_done
