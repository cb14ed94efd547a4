#!/bin/sh
# server.sh: crm on SQLite and on PostgreSQL, side by side (crm issue 17).
#
#   bench/server.sh [N] [BUILD]     (default: 100000 clients, ./build)
#
# On a throwaway PostgreSQL server on this machine (pg_virtualenv -t, which
# runs it with fsync off; SQLite runs with synchronous=NORMAL in WAL mode,
# which syncs only at checkpoints) it measures, for each backend:
#   - crm client import of N clients of bench/gen.py (2 contacts and 10
#     interactions each) into a fresh base, one transaction;
#   - crm audit --format ndjson on bench/gen-audit.py's base of N clients
#     (kept in $BENCH_DIR, default /tmp/crm-bench-audit, as bench/audit.sh
#     makes it), copied as it is into PostgreSQL table by table (COPY), so
#     that both audit the same rows; the best of $RUNS (3) warm runs.
# Times are wall-clock seconds: on PostgreSQL the work is the server's,
# which /usr/bin/time of crm does not count, so CPU seconds of crm would
# flatter it. The goal of the issue: the audit within 2x of SQLite, the
# import within 3x.
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
N=${1:-100000}
crm_binary server.sh "${2:-build}"
if [ -z "${CRM_BENCH_INSIDE:-}" ]; then
	command -v pg_virtualenv >/dev/null || {
		echo "server.sh: no pg_virtualenv: install postgresql (./dev build does)" >&2
		exit 2
	}
	CRM_BENCH_INSIDE=1 exec pg_virtualenv -t "$0" "$@"
fi
RUNS=${RUNS:-3}
W=${BENCH_DIR:-/tmp/crm-bench-audit}
mkdir -p "$W"
export CRM_USER=bench CRM_NOW=2026-11-22T10:00:00Z
unset CRM_DB

wall() { # the wall seconds of a command, its output to /dev/null
	# shellcheck disable=SC2046 # three numbers
	set -- $(once "$@")
	echo "$1"
}

echo "server.sh: $N clients; PostgreSQL $(psql -X -At -d postgres -c 'SHOW server_version')," \
	"$(nproc) cpus, load $(cut -d' ' -f1-3 /proc/loadavg)"

# ---- the import --------------------------------------------------------
data=$W/import-$N
if [ ! -f "$data/clients.ndjson" ]; then
	mkdir -p "$data"
	python3 bench/gen.py -n "$N" -o "$data"
fi
lite=$W/server-import.db
rm -f "$lite" "$lite-wal" "$lite-shm"
"$CRM" --db "$lite" -q init >/dev/null
dropdb --if-exists crm_bench_import
createdb -T template0 -E UTF8 crm_bench_import
pg=postgresql:///crm_bench_import
"$CRM" --db "$pg" -q init >/dev/null
il=$(wall "$CRM" -q --db "$lite" client import "$data/clients.ndjson")
ip=$(wall "$CRM" -q --db "$pg" client import "$data/clients.ndjson")
test "$("$CRM" --db "$pg" --format ndjson client list | wc -l)" = "$N" || {
	echo "server.sh: the import on PostgreSQL lacks clients" >&2
	exit 1
}

# ---- the audit -----------------------------------------------------------
db=$W/audit-$N.db
if [ ! -f "$db" ]; then
	echo "server.sh: generating $N clients into $db" >&2
	"$CRM" --db "$db" -q init >/dev/null
	python3 bench/gen-audit.py --clients "$N" "$db"
fi
dropdb --if-exists crm_bench_audit
createdb -T template0 -E UTF8 crm_bench_audit
pa=postgresql:///crm_bench_audit
# crm's schema (tests/helpers/pg-schema-print, as crm init makes it), then
# every table as SQLite holds it, parents first (the search table's own
# column of words is computed by the server)
{ "$B/tests/pg-schema-print" schema; "$B/tests/pg-schema-print" functions; } |
	psql -X -q -v ON_ERROR_STOP=1 --single-transaction -d crm_bench_audit >/dev/null
for t in config manager client contact interaction promise incident next_action audit_run \
	handover vip_program vip_staff vip_template vip_survey vip_effect vip_item vip_draft \
	erasure next_move journal erasure_entry; do
	sqlite3 -csv "$db" "SELECT * FROM $t" |
		psql -X -q -d crm_bench_audit -c "\\copy $t FROM STDIN CSV"
done
sqlite3 -csv "$db" "SELECT rowid, body, client_id FROM search" |
	psql -X -q -d crm_bench_audit -c "\\copy search (rowid, body, client_id) FROM STDIN CSV"
psql -X -q -d crm_bench_audit -c "VACUUM ANALYZE"
findings=$("$CRM" --db "$db" --format ndjson audit | wc -l)
test "$("$CRM" --db "$pa" --format ndjson audit | wc -l)" = "$findings" || {
	echo "server.sh: the audit on PostgreSQL finds another number of findings" >&2
	exit 1
}
: >"$W/run.lite"
: >"$W/run.pg"
i=0
while [ $i -lt "$RUNS" ]; do
	once "$CRM" --db "$db" --format ndjson audit >>"$W/run.lite"
	once "$CRM" --db "$pa" --format ndjson audit >>"$W/run.pg"
	i=$((i + 1))
done
al=$(awk 'NF && (!n++ || $1 < w) { w = $1 } END { print w }' "$W/run.lite")
ap=$(awk 'NF && (!n++ || $1 < w) { w = $1 } END { print w }' "$W/run.pg")

printf '%-40s %10s %12s %8s %6s\n' what sqlite_s postgresql_s ratio goal
printf '%-40s %10s %12s %8s %6s\n' "crm client import ($N clients)" "$il" "$ip" \
	"$(ratio "$ip" "$il")" 3.0
printf '%-40s %10s %12s %8s %6s\n' "crm audit ($findings findings)" "$al" "$ap" \
	"$(ratio "$ap" "$al")" 2.0
dropdb crm_bench_import
dropdb crm_bench_audit
