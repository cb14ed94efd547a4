#!/bin/sh
# t7001-kill: an import of 100,000 clients killed with SIGKILL at random
# moments, again and again: afterwards the base passes integrity_check and
# holds either none or all of that import, and crm goes on working.
#
# CRM_STRESS (percent, default 100) scales the number of records; there
# are always at least 20 kills. CRM_KILL_SEED repeats a run's moments.
. "$SRCDIR/tests/cli/lib.sh"

stress=${CRM_STRESS:-100}
records=$((100000 * stress / 100))
# on a server the import costs round trips and the server recovers from a
# kill itself: a twentieth of the records there keeps the run short
if backend_is postgresql; then
	records=$((records / 20))
fi
test "$records" -ge 1000 || records=1000
kills=20
seed=${CRM_KILL_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
echo "# $records records, $kills kills, CRM_KILL_SEED=$seed"

now_ms() {
	date +%s%3N
}

count() { # table
	$SQLX crm.db "SELECT count(*) FROM $1"
}

# Small records: a name, a segment and a note (indexed for search).
gen_import() { # n
	awk -v n="$1" 'BEGIN {
		for (i = 1; i <= n; i++)
			printf "{\"name\":\"Kill %06d\",\"segment\":\"kill\",\"note\":\"n %d\"}\n", i, i
	}'
}

# The moments of the kills in ms, one per line: uniform in 0 .. 1.1 times
# a whole import, so that some fall in the commit and the close. A
# Park-Miller generator: exact in awk's doubles, the same in every awk
# (mawk's rand() after a large srand() seed is far from uniform).
kill_moments() { # full_ms
	awk -v s="$seed" -v n="$kills" -v f="$1" 'BEGIN {
		x = s % 2147483646 + 1
		for (k = 1; k <= n; k++) {
			x = (x * 16807) % 2147483647
			printf "%d\n", x / 2147483647 * f * 1.1
		}
	}'
}

ms_to_s() {
	awk -v ms="$1" 'BEGIN { printf "%.3f", ms / 1000 }'
}

test_ok 'the import file and a base with some clients' '
	gen_import "$records" >import.ndjson &&
	test "$(wc -l <import.ndjson)" -eq "$records" &&
	pristine=$(test_base pristine) &&
	base_new pristine &&
	crm --db "$pristine" init >/dev/null &&
	crm --db "$pristine" client add "Before 1" >/dev/null &&
	crm --db "$pristine" client add "Before 2" >/dev/null &&
	crm --db "$pristine" note 1 "a note from before" >/dev/null &&
	! test -e pristine.db-wal
'

# Each run starts from a copy of the small pristine base: on a server, the
# test's database made anew from the pristine one as its template.
fresh_base() {
	if backend_is postgresql; then
		dropdb --force "${CRM_TEST_DB##*/}" &&
			createdb --template="${CRM_TEST_DB##*/}_pristine" "${CRM_TEST_DB##*/}"
		return
	fi
	rm -f crm.db crm.db-wal crm.db-shm &&
	cp pristine.db crm.db &&
	chmod 600 crm.db
}

# SQLite's check of the file; a server checks its own pages.
integrity() {
	if backend_is postgresql; then
		echo ok
	else
		$SQLX crm.db "PRAGMA integrity_check"
	fi
}

test_ok 'a whole import, timed: all of it is there' '
	fresh_base &&
	t0=$(now_ms) &&
	expect_code 0 crm -q client import import.ndjson &&
	t1=$(now_ms) &&
	test_empty err &&
	echo $((t1 - t0)) >full_ms &&
	test "$(count client)" -eq $((records + 2)) &&
	test "$($SQLX crm.db "SELECT count(*) FROM client WHERE segment = '\''kill'\''")" -eq "$records" &&
	test "$(integrity)" = ok
'
echo "# a whole import took $(cat full_ms 2>/dev/null) ms"

# One run: start the import, kill it after $1 ms, then check the base.
# Prints "none" or "all" and the import's exit status.
kill_run() {
	fresh_base || return 1
	c0=$(count client) && j0=$(count journal) || return 1
	"$CRM" -q client import import.ndjson >import.out 2>import.err &
	pid=$!
	sleep "$(ms_to_s "$1")"
	kill -9 $pid 2>/dev/null
	wait $pid
	rc=$?
	ic=$(integrity) || return 1
	if test "$ic" != ok; then
		echo "integrity_check after a kill at $1 ms: $ic"
		return 1
	fi
	c1=$(count client) && j1=$(count journal) || return 1
	if test "$c1" -eq "$c0" && test "$j1" -eq "$j0"; then
		echo "none $rc"
	elif test "$c1" -eq $((c0 + records)) && test "$j1" -eq $((j0 + records)); then
		echo "all $rc"
	else
		echo "partial: clients $c0 -> $c1, journal $j0 -> $j1 (kill at $1 ms, exit $rc)"
		return 1
	fi
}

test_ok "$kills kills at random moments: integrity_check ok, none or all each time" '
	: >outcomes &&
	for ms in $(kill_moments "$(cat full_ms)"); do
		r=$(kill_run "$ms") || { echo "$r"; return 1; }
		echo "$ms $r" >>outcomes
	done &&
	test "$(wc -l <outcomes)" -eq '"$kills"' &&
	! grep partial outcomes
'
echo "# kill moments (ms), outcome and exit status (137: killed):"
sed "s/^/#   /" outcomes 2>/dev/null

test_ok 'after the last kill crm works on: check, list, a write' '
	expect_code 0 crm check --full &&
	test_empty out &&
	expect_code 0 crm client add "After" &&
	test_empty err &&
	expect_code 0 crm --format ndjson client list --segment kill --limit 1 &&
	test "$($SQLX crm.db "SELECT count(*) FROM client WHERE name = '\''After'\''")" = 1 &&
	test "$(integrity)" = ok
'

test_done
