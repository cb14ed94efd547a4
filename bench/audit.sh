#!/bin/sh
# audit.sh: the figures of crm issue 6, the audit, against its floor.
#
#   bench/audit.sh [N...]          (default: 100000 clients; ./build)
#   bench/audit.sh --floor         rewrite bench/audit-floor.sql
#
# For each N: a base made by crm init and filled by bench/gen-audit.py (N
# clients, 10 N interactions, next actions, promises, incidents), kept in
# $BENCH_DIR (default /tmp/crm-bench-audit) and reused; then, warm, the
# best of $RUNS (3) runs of
#   - the floor: bench/audit-floor.sql, the same queries as plain SQL
#     (crm audit --sql) in the sqlite3 shell, rows to /dev/null
#   - crm audit --format ndjson (rule by rule, streaming), json, and the
#     default table (SQLite sorts the findings by severity and owner)
# with wall-clock and CPU (user + system) seconds, the peak memory and
# the ratio of each to the floor. The requirement is a ratio of at most
# 1.5; compare CPU seconds on a busy machine, where wall time is noise.
# BUILD (default ./build) is the build folder of crm; SQLITE3 the shell.
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
crm_binary audit.sh "${BUILD:-build}"
SQLITE3=${SQLITE3:-sqlite3}
RUNS=${RUNS:-3}
W=${BENCH_DIR:-/tmp/crm-bench-audit}
export CRM_USER=bench CRM_NOW=2026-11-22T10:00:00Z
unset CRM_DB
mkdir -p "$W"

# The floor: the queries of 'crm audit --sql', with the one function of
# crm the shell lacks (crm_name_key, the duplicate rule's name key) spelt
# as built-in SQL in temporary views over client (SQLite flattens them into
# the query; its parser takes some 25 nested calls per statement):
# punctuation to spaces, then legal forms and spaces out.
floor() { # db
	python3 - "$1" "$CRM" <<'PY'
import subprocess, sys
db, crm = sys.argv[1], sys.argv[2]
sql = subprocess.run([crm, "--db", db, "--format", "ndjson", "audit", "--sql"],
                     check=True, capture_output=True, text=True).stdout
e = "(' ' || name_fold || ' ')"
for ch in "«»\"“”„'.,-()&/!?:;–—№+":
    e = "replace(%s, '%s', ' ')" % (e, ch.replace("'", "''"))
views = "CREATE TEMP VIEW client_k1 AS SELECT *, %s AS k1 FROM client;\n" % e
forms = ("ооо оао зао пао ао нао ип нко ано тоо чп пбоюл llc inc ltd limited gmbh "
         "corp corporation incorporated co company plc llp lp ag sa srl bv oy ab").split()
for name, src, part in (("client_k2", "k1", forms[:16]), ("client_k3", "k2", forms[16:])):
    e = src
    for form in part:
        e = "replace(%s, ' %s ', ' ')" % (e, form)
    views += "CREATE TEMP VIEW %s AS SELECT *, %s AS %s FROM client_%s;\n" % (
        name, e, "k" + name[-1], src)
views += "CREATE TEMP VIEW client_key AS SELECT *, replace(k3, ' ', '') AS name_key" \
         " FROM client_k3;\n"
old = "PARTITION BY crm_name_key(c.name_fold)) AS first FROM client c)"
assert sql.count(old) == 1
sql = sql.replace(old, "PARTITION BY c.name_key) AS first FROM client_key c)")
head, sep, rest = sql.partition(".parameter init\n")
sys.stdout.write(head + sep + views + rest)
PY
}

if [ "${1:-}" = --floor ]; then
	tmp=$W/floor.db
	rm -f "$tmp" "$tmp-wal" "$tmp-shm"
	"$CRM" --db "$tmp" -q init >/dev/null
	floor "$tmp" >bench/audit-floor.sql
	echo "audit.sh: wrote bench/audit-floor.sql" >&2
	exit 0
fi


for n in ${*:-100000}; do
	db=$W/audit-$n.db
	if [ ! -f "$db" ]; then
		echo "audit.sh: generating $n clients into $db" >&2
		"$CRM" --db "$db" -q init >/dev/null
		python3 bench/gen-audit.py --clients "$n" "$db"
	fi
	floor "$db" >"$W/floor.sql"
	if ! cmp -s "$W/floor.sql" bench/audit-floor.sql; then
		echo "audit.sh: warning: bench/audit-floor.sql differs from crm audit --sql;" \
		     "bench/audit.sh --floor rewrites it" >&2
	fi
	cat "$db" "$db-wal" >/dev/null 2>&1 || true  # warm the page cache
	findings=$("$CRM" --db "$db" --format ndjson audit | wc -l)
	load0=$(cut -d' ' -f1 /proc/loadavg)
	# the runs interleave, so that a change of load hits every variant
	rm -f "$W"/run.*
	i=0
	while [ $i -lt "$RUNS" ]; do
		once "$SQLITE3" "$db" ".read $W/floor.sql" >>"$W/run.floor"
		for fmt in ndjson json table; do
			once "$CRM" --db "$db" --format "$fmt" audit >>"$W/run.$fmt"
		done
		i=$((i + 1))
	done
	echo "== $n clients, $($SQLITE3 "$db" "SELECT count(*) FROM interaction") interactions," \
	     "$findings findings, best of $RUNS ($(uname -m), $(nproc) cpus," \
	     "load $load0 to $(cut -d' ' -f1 /proc/loadavg))"
	printf '%-28s %8s %8s %9s %10s %9s\n' what wall_s cpu_s rss_kb wall/floor cpu/floor
	set -- $(best "$W/run.floor")
	fw=$1 fc=$2
	printf '%-28s %8s %8s %9s %10s %9s\n' "floor (sqlite3 shell)" "$1" "$2" "$3" 1.00 1.00
	for fmt in ndjson json table; do
		set -- $(best "$W/run.$fmt")
		printf '%-28s %8s %8s %9s %10s %9s\n' "crm audit --format $fmt" "$1" "$2" "$3" \
			"$(ratio "$1" "$fw")" "$(ratio "$2" "$fc")"
	done
done
