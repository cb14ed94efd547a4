#!/bin/sh
# open.sh: the cost of opening a base, schema check included (issue 10).
#
#   bench/open.sh [N]      (default: 100000 clients; ./build)
#
# The base of bench/audit.sh (N clients made by crm init and
# bench/gen-audit.py, in $BENCH_DIR, default /tmp/crm-bench-audit), made
# if missing and shared with it: only read here. Then, warm, $RUNS
# (default 200) runs each, interleaved, of
#   - the floor: a sqlite3 process that opens the same file and reads one
#     client row;
#   - crm client show of that client (format json), which opens the base,
#     checks its whole schema against crm's record of it, and reads the
#     client's sheet.
# It prints the mean milliseconds per process and the ratio to the floor.
# BUILD (default ./build) is the build folder of crm; SQLITE3 the shell.
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
crm_binary open.sh "${BUILD:-build}"
SQLITE3=${SQLITE3:-sqlite3}
RUNS=${RUNS:-200}
N=${1:-100000}
W=${BENCH_DIR:-/tmp/crm-bench-audit}
export CRM_USER=bench CRM_NOW=2026-11-22T10:00:00Z
mkdir -p "$W"
db=$W/audit-$N.db
if ! test -s "$db"; then
	rm -f "$db" "$db-wal" "$db-shm"
	"$CRM" --db "$db" -q init >/dev/null
	/usr/bin/python3 bench/gen-audit.py --clients "$N" "$db" >/dev/null
fi
id=$((N / 2))

ms() { # command...: mean milliseconds of RUNS runs
	start=$(date +%s%N)
	i=0
	while test $i -lt "$RUNS"; do
		"$@" >/dev/null
		i=$((i + 1))
	done
	end=$(date +%s%N)
	echo $(((end - start) / RUNS / 1000))
}

# warm the page cache
"$SQLITE3" "$db" "SELECT * FROM client WHERE id = $id" >/dev/null
"$CRM" --db "$db" --format json client show "$id" >/dev/null
floor=$(ms "$SQLITE3" "$db" "SELECT * FROM client WHERE id = $id")
show=$(ms "$CRM" --db "$db" --format json client show "$id")
floor2=$(ms "$SQLITE3" "$db" "SELECT * FROM client WHERE id = $id")
show2=$(ms "$CRM" --db "$db" --format json client show "$id")
f=$(((floor + floor2) / 2))
s=$(((show + show2) / 2))
printf 'base: %s clients (%s)\n' "$N" "$db"
printf 'sqlite3 opens and reads one row: %d.%03d ms a process\n' $((f / 1000)) $((f % 1000))
printf 'crm client show (json):          %d.%03d ms a process\n' $((s / 1000)) $((s % 1000))
printf 'ratio: %s\n' "$(echo "$s $f" | awk '{ printf "%.2f", $1 / $2 }')"
