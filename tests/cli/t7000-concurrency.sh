#!/bin/sh
# t7000-concurrency: four processes write to one base (twenty on a server)
# while another reads it in a loop: every command succeeds, every row is
# there afterwards. A command that cannot get the lock within the timeout
# exits 75.
#
# CRM_STRESS (percent, default 100) scales the number of commands: 100 is
# 4 writers x 500 commands on SQLite, 20 writers x 200 on PostgreSQL.
. "$SRCDIR/tests/cli/lib.sh"

stress=${CRM_STRESS:-100}
# SQLite: 4 writers x 500; a server, which a team shares: 20 writers x 200
writers=4
per=$((500 * stress / 100))
if backend_is postgresql; then
	writers=20
	per=$((200 * stress / 100))
fi
test "$per" -ge 3 || per=3

# The reader: crm audit once it exists, crm client list until then.
if crm audit -h >/dev/null 2>&1; then
	reader="audit"
else
	reader="client list"
fi

# Worker $1 runs $per mutating commands, cycling client add, note, next
# add on its own clients; every failure goes to fail.$1 with its stderr.
worker() {
	w=$1
	i=1
	id=
	while test $i -le "$per"; do
		case $((i % 3)) in
		1)
			id=$(crm client add --segment "w$w" "Клиент $w-$i" 2>err.$w.$i)
			rc=$?
			;;
		2)
			crm note "$id" "звонок $w-$i: обсудили заказ" >/dev/null 2>err.$w.$i
			rc=$?
			;;
		0)
			crm next add --due +3d "$id" "отправить предложение $w-$i" >/dev/null 2>err.$w.$i
			rc=$?
			;;
		esac
		if test $rc -ne 0; then
			echo "worker $w command $i: exit $rc: $(cat err.$w.$i)" >>fail.$w
		fi
		rm -f err.$w.$i
		i=$((i + 1))
	done
}

# The reader runs until the file stop appears; counts runs and failures.
reader_loop() {
	n=0
	while ! test -e stop; do
		# shellcheck disable=SC2086
		crm --format ndjson $reader >/dev/null 2>err.r
		rc=$?
		# an audit may exit 1 only with --fail-on; 0 is expected here
		if test $rc -ne 0; then
			echo "reader run $n: exit $rc: $(cat err.r)" >>fail.r
		fi
		n=$((n + 1))
	done
	echo $n >reads
}

# Expected rows: i % 3 == 1 adds a client, 2 a note, 0 a next action.
count_mod() { # residue -> how many i in 1..per have i % 3 == residue
	awk -v n="$per" -v r="$1" 'BEGIN { c = 0; for (i = 1; i <= n; i++) if (i % 3 == r) c++; print c }'
}

test_ok 'a base to share' '
	crm init >/dev/null &&
	crm client add "Общий клиент" >/dev/null
'

test_ok "$writers writers x $per commands and a reader ($reader) in a loop: no failure" '
	start=$(date +%s)
	reader_loop & rpid=$!
	pids=
	w=1
	while test $w -le $writers; do
		worker $w &
		pids="$pids $!"
		w=$((w + 1))
	done
	wait $pids
	touch stop &&
	wait $rpid &&
	echo "$((writers * per)) writes and $(cat reads) reads ($reader) in $(($(date +%s) - start)) s" >figures &&
	cat fail.* 2>/dev/null | head -n 20 &&
	! ls fail.* >/dev/null 2>&1 &&
	test "$(cat reads)" -ge 1
'
echo "# $(cat figures 2>/dev/null)"

test_ok 'every row is there' '
	clients=$((writers * $(count_mod 1) + 1)) &&
	notes=$((writers * $(count_mod 2))) &&
	nexts=$((writers * $(count_mod 0))) &&
	test "$($SQLX crm.db "SELECT count(*) FROM client")" = "$clients" &&
	test "$($SQLX crm.db "SELECT count(*) FROM interaction")" = "$notes" &&
	test "$($SQLX crm.db "SELECT count(*) FROM next_action")" = "$nexts" &&
	w=1 &&
	while test $w -le $writers; do
		test "$($SQLX crm.db "SELECT count(*) FROM client WHERE segment = '\''w$w'\''")" = "$(count_mod 1)" ||
			return 1
		w=$((w + 1))
	done &&
	test "$($SQLX crm.db "SELECT count(*) FROM journal")" = $((1 + 1 + writers * per))
'

test_ok 'the base is sound afterwards' '
	expect_code 0 crm check --full &&
	test_empty out &&
	{ backend_is postgresql ||
	  test "$($SQLX crm.db "PRAGMA integrity_check")" = ok; }
'

# A lock held by another process past the timeout: exit 75, nothing written.
hold_lock() { # seconds-ish: a write transaction that runs a long query
	if backend_is postgresql; then
		psql -X -q -At -d "$CRM_DB" -c "BEGIN" \
			-c "SELECT pg_advisory_xact_lock(6517357)" \
			-c "INSERT INTO config VALUES ('user.email', 'holder@example.com')" \
			-c "SELECT pg_sleep(2)" -c "ROLLBACK" >holder.out 2>&1
		return
	fi
	$SQLX crm.db "BEGIN IMMEDIATE; INSERT INTO config VALUES ('user.email', 'holder@example.com'); WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 8000000) SELECT count(*) FROM c; ROLLBACK;" >holder.out 2>&1
}

test_ok 'a writer that cannot get the lock within the timeout exits 75' '
	before=$($SQLX crm.db "SELECT count(*) FROM client") &&
	base_hold &&
	(CRM_BUSY_TIMEOUT=200 && export CRM_BUSY_TIMEOUT &&
	 expect_code 75 crm client add "Занято") &&
	test_empty out &&
	test_file_is err "error: the base '\''$CRM_DB'\'' stayed locked by another process: retry later
hint: another crm command holds the base; run the command again" &&
	(CRM_BUSY_TIMEOUT=200 && export CRM_BUSY_TIMEOUT &&
	 expect_code 75 crm note 1 "тоже занято" && test_grep "retry later" err &&
	 expect_code 75 crm next add --due +1d 1 "и это" && test_grep "retry later" err) &&
	base_release &&
	test "$($SQLX crm.db "SELECT count(*) FROM client")" = "$before" &&
	expect_code 0 crm client add "Свободно" &&
	test "$($SQLX crm.db "SELECT count(*) FROM client")" = $((before + 1))
'

test_ok 'readers do not wait for a writer' '
	{ hold_lock & } &&
	sleep 0.5 &&
	(CRM_BUSY_TIMEOUT=200 && export CRM_BUSY_TIMEOUT &&
	 expect_code 0 crm --format ndjson client list &&
	 test_empty err &&
	 test "$(wc -l <out)" = "$($SQLX crm.db "SELECT count(*) FROM client")" &&
	 expect_code 0 crm check && test_empty out) &&
	wait
'

test_ok 'a writer waits for the lock within the timeout, then succeeds' '
	{ hold_lock & } &&
	sleep 0.5 &&
	(CRM_BUSY_TIMEOUT=300000 && export CRM_BUSY_TIMEOUT &&
	 expect_code 0 crm client add "Дождался") &&
	test_empty err &&
	wait &&
	test "$($SQLX crm.db "SELECT count(*) FROM client WHERE name = '\''Дождался'\''")" = 1
'

test_done
