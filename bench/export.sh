#!/bin/sh
# export.sh: crm client export against its floor (crm issue 11).
#
#   bench/export.sh [N...]         (default: 100000 and 1000000 clients)
#
# For each N: the base of bench/audit.sh (crm init, then bench/gen-audit.py:
# N clients, 2 contacts, 10 interactions, next actions, promises and
# incidents each on average), kept in $BENCH_DIR (default
# /tmp/crm-bench-audit) and reused. Then, warm, the best of $RUNS (3) runs of
#   - the floor: bench/export-floor.sql in the sqlite3 shell, one statement
#     writing the NDJSON crm writes (every key, every column of every child,
#     in crm's order; checked to be the same bytes on the first 1000 lines)
#   - crm client export (NDJSON), --format json and --format csv
# and, on a small base whose client 1 has 1,000 interactions,
#   - the floor statement for that one client, and
#   - crm client show --all --format json of it,
# each 50 times in a row (one run takes milliseconds).
# Each line gives wall-clock and CPU (user + system) seconds, the peak
# memory and the CPU ratio to the floor. The goal: at most 2 at every size,
# and the same peak memory at 100,000 and 1,000,000 clients. Compare CPU
# seconds on a busy machine, where wall time is noise.
# BUILD (default ./build) is the build folder of crm; SQLITE3 the shell.
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
crm_binary export.sh "${BUILD:-build}"
SQLITE3=${SQLITE3:-sqlite3}
RUNS=${RUNS:-3}
W=${BENCH_DIR:-/tmp/crm-bench-audit}
FLOOR=$PWD/bench/export-floor.sql
export CRM_USER=bench CRM_NOW=2026-11-22T10:00:00Z
unset CRM_DB
mkdir -p "$W"


# The best (least CPU) of RUNS runs: "wall cpu maxrss_kb".
best_of_runs() {
	: >"$W/runs"
	i=0
	while [ "$i" -lt "$RUNS" ]; do
		once "$@" >>"$W/runs"
		i=$((i + 1))
	done
	best "$W/runs"
}

# line LABEL "wall cpu kb" FLOOR_CPU
line() {
	echo "$2 $3" | awk -v label="$1" '{ r = $4 > 0 ? $2 / $4 : 0
		printf "%-34s %8.2f s wall %8.2f s cpu %8.1f MiB  %5.2fx\n", label, $1, $2, $3 / 1024, r }'
}

# The floor's NDJSON and crm's must be the same bytes (first 1000 lines).
same() { # db
	"$SQLITE3" -batch "$1" ".read $FLOOR" | head -n 1000 >"$W/floor.out"
	"$CRM" --db "$1" client export | head -n 1000 >"$W/crm.out"
	cmp -s "$W/floor.out" "$W/crm.out" ||
		echo "export.sh: warning: the floor and crm differ (see $W/floor.out, $W/crm.out)" >&2
}

echo "crm export bench: binary $CRM, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
[ $# -gt 0 ] || set -- 100000 1000000
for n in "$@"; do
	db=$W/audit-$n.db
	if [ ! -f "$db" ]; then
		echo "export.sh: generating $n clients into $db" >&2
		"$CRM" --db "$db" -q init >/dev/null
		python3 bench/gen-audit.py --clients "$n" "$db"
	fi
	cat "$db" "$db-wal" >/dev/null 2>&1 || true  # warm the page cache
	same "$db"
	echo "== $n clients"
	f=$(best_of_runs "$SQLITE3" -batch "$db" ".read $FLOOR")
	fc=$(echo "$f" | cut -d' ' -f2)
	line "floor (one SQL statement)" "$f" "$fc"
	line "crm client export (ndjson)" "$(best_of_runs "$CRM" --db "$db" client export)" "$fc"
	line "crm client export --format json" \
		"$(best_of_runs "$CRM" --db "$db" client export --format json)" "$fc"
	line "crm client export --format csv" \
		"$(best_of_runs "$CRM" --db "$db" client export --format csv)" "$fc"
done

# One client with 1,000 interactions, on a small base.
db=$W/show-1000.db
if [ ! -f "$db" ]; then
	"$CRM" --db "$db" -q init >/dev/null
	python3 bench/gen-audit.py --clients 1000 "$db" >/dev/null
	"$SQLITE3" "$db" "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k
		WHERE i < 1000 - (SELECT count(*) FROM interaction WHERE client_id = 1))
		INSERT INTO interaction (client_id, kind, at, author, text, created)
		SELECT 1, 'call', 1700000000 + i * 3600, 'bench', 'call #' || i, 1700000000 FROM k"
fi
echo "== one client with $("$SQLITE3" "$db" \
	"SELECT count(*) FROM interaction WHERE client_id = 1") interactions"
# 50 runs of each in a row: one run is a few milliseconds
# shellcheck disable=SC2016 # the loop's $ are sh -c's
loop50='i=0; while [ $i -lt 50 ]; do "$@" >/dev/null || exit 1; i=$((i + 1)); done'
f=$(best_of_runs sh -c "$loop50" _ "$SQLITE3" -batch "$db" ".parameter set :client 1" ".read $FLOOR")
fc=$(echo "$f" | cut -d' ' -f2)
line "floor, one client (x50)" "$f" "$fc"
line "crm client show --all --format json (x50)" \
	"$(best_of_runs sh -c "$loop50" _ "$CRM" --db "$db" client show --all --format json 1)" "$fc"
