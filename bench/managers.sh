#!/bin/sh
# managers.sh: the figures of crm audit managers over a period (issue 13)
# against their floor.
#
#   bench/managers.sh [N...]       (default: 100000 clients; ./build)
#   bench/managers.sh --floor      rewrite bench/managers-floor.sql
#
# For each N: the base of bench/audit.sh (crm init, then bench/gen-audit.py
# with N clients), kept in $BENCH_DIR (default /tmp/crm-bench-managers) and
# reused when it has the figures' columns filled; then, warm, the best of
# $RUNS (3) runs of
#   - the floor: bench/managers-floor.sql, the one statement of the
#     scorecards and the period's figures (crm audit managers --sql) in the
#     sqlite3 shell, rows to /dev/null
#   - crm audit managers --since $SINCE --until $UNTIL in ndjson, json and
#     the table
# with wall-clock and CPU seconds, the peak memory and the ratio of each to
# the floor. The requirement is a ratio of at most 1.5.
# SINCE and UNTIL default to the quarter to the tests' CRM_NOW.
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
crm_binary managers.sh "${BUILD:-build}"
SQLITE3=${SQLITE3:-sqlite3}
RUNS=${RUNS:-3}
W=${BENCH_DIR:-/tmp/crm-bench-managers}
SINCE=${SINCE:-2026-08-25}
UNTIL=${UNTIL:-2026-11-22}
export CRM_USER=bench CRM_NOW=2026-11-22T10:00:00Z
unset CRM_DB
mkdir -p "$W"

floor() { # db
	"$CRM" --db "$1" audit managers --since "$SINCE" --until "$UNTIL" --sql
}

if [ "${1:-}" = --floor ]; then
	tmp=$W/floor.db
	rm -f "$tmp" "$tmp-wal" "$tmp-shm"
	"$CRM" --db "$tmp" -q init --zone UTC >/dev/null
	floor "$tmp" >bench/managers-floor.sql
	echo "managers.sh: wrote bench/managers-floor.sql" >&2
	exit 0
fi


for n in ${*:-100000}; do
	db=$W/audit-$n.db
	if [ -f "$db" ] &&
	   [ "$($SQLITE3 "$db" "SELECT count(*) FROM client WHERE source IS NOT NULL" \
		2>/dev/null || echo 0)" = 0 ]; then
		echo "managers.sh: $db predates the figures in bench/gen-audit.py: making it again" >&2
		rm -f "$db" "$db-wal" "$db-shm"
	fi
	if [ ! -f "$db" ]; then
		echo "managers.sh: generating $n clients into $db" >&2
		"$CRM" --db "$db" -q init --zone UTC >/dev/null
		python3 bench/gen-audit.py --clients "$n" "$db"
	fi
	floor "$db" >"$W/managers-floor.sql"
	if ! cmp -s "$W/managers-floor.sql" bench/managers-floor.sql; then
		echo "managers.sh: warning: bench/managers-floor.sql differs from crm audit managers" \
		     "--sql; bench/managers.sh --floor rewrites it" >&2
	fi
	cat "$db" "$db-wal" >/dev/null 2>&1 || true
	rm -f "$W"/mrun.*
	i=0
	while [ $i -lt "$RUNS" ]; do
		once "$SQLITE3" "$db" ".read $W/managers-floor.sql" >>"$W/mrun.floor"
		for fmt in ndjson json table; do
			once "$CRM" --db "$db" --format "$fmt" audit managers --since "$SINCE" \
				--until "$UNTIL" >>"$W/mrun.$fmt"
		done
		i=$((i + 1))
	done
	echo "== $n clients, $($SQLITE3 "$db" "SELECT count(*) FROM manager") managers," \
	     "$($SQLITE3 "$db" "SELECT count(*) FROM interaction") interactions," \
	     "period $SINCE to $UNTIL, best of $RUNS ($(uname -m), $(nproc) cpus)"
	printf '%-34s %8s %8s %9s %10s %9s\n' what wall_s cpu_s rss_kb wall/floor cpu/floor
	set -- $(best "$W/mrun.floor")
	fw=$1 fc=$2
	printf '%-34s %8s %8s %9s %10s %9s\n' "floor (sqlite3 shell)" "$1" "$2" "$3" 1.00 1.00
	for fmt in ndjson json table; do
		set -- $(best "$W/mrun.$fmt")
		printf '%-34s %8s %8s %9s %10s %9s\n' "crm audit managers --format $fmt" "$1" "$2" \
			"$3" "$(ratio "$1" "$fw")" "$(ratio "$2" "$fc")"
	done
	echo "the figures, summed over the managers:"
	"$CRM" --db "$db" --format json audit managers --since "$SINCE" --until "$UNTIL" |
		python3 -c '
import json, sys
rows = json.load(sys.stdin)
keys = ["orders", "new_clients", "lost_clients", "promises_kept", "promises_broken",
        "moves", "late_meetings"]
print("  " + ", ".join("%s %d" % (k, sum(r[k] for r in rows)) for k in keys) +
      ", orders_sum %.2f" % sum(float(r["orders_sum"]) for r in rows) +
      ", managers with a first_contact_days %d" %
      sum(r["first_contact_days"] is not None for r in rows))'
done
