#!/bin/sh
# report.sh: crm report on a big base against what it is built from.
#
#   bench/report.sh [N...]         (default: 100000 clients; ./build)
#
# For each N: the base of bench/audit.sh (crm init, then bench/gen-audit.py
# with N clients), kept in $BENCH_DIR (default /tmp/crm-bench-audit) and
# reused; then, warm, the best of $RUNS (3) runs, interleaved, of
#   - crm audit --format json (today's findings)
#   - crm audit managers --format json over the report's period (the
#     scorecards)
#   - their sum: the work the report cannot avoid
#   - crm report (the HTML page, to /dev/null) and crm report --format json
# with wall-clock and CPU (user + system) seconds, the peak memory (for the
# sum, the larger of the two) and the ratio of the report to the sum. The
# requirement is a ratio of at most 2.0; compare CPU seconds on a busy
# machine, where wall time is noise. The period is the report's default,
# the 30 days to CRM_NOW (SINCE and UNTIL override it).
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
crm_binary report.sh "${BUILD:-build}"
SQLITE3=${SQLITE3:-sqlite3}
RUNS=${RUNS:-3}
W=${BENCH_DIR:-/tmp/crm-bench-audit}
SINCE=${SINCE:-2026-10-24}
UNTIL=${UNTIL:-2026-11-22}
export CRM_USER=bench CRM_NOW=2026-11-22T10:00:00Z
unset CRM_DB
mkdir -p "$W"


# The sum of two "wall cpu rss" lines: the times added, the larger memory.
sum() {
	echo "$1 $2" | awk '{ printf "%.2f %.2f %d", $1 + $4, $2 + $5, ($3 > $6 ? $3 : $6) }'
}

for n in ${*:-100000}; do
	db=$W/audit-$n.db
	if [ ! -f "$db" ]; then
		echo "report.sh: generating $n clients into $db" >&2
		"$CRM" --db "$db" -q init >/dev/null
		python3 bench/gen-audit.py --clients "$n" "$db"
	fi
	cat "$db" "$db-wal" >/dev/null 2>&1 || true  # warm the page cache
	# the report and its parts see the same period
	period=$("$CRM" --db "$db" report --format json --section health |
		python3 -c 'import json, sys; r = json.load(sys.stdin); print(r["since"], r["until"])')
	if [ "$period" != "$SINCE $UNTIL" ]; then
		echo "report.sh: warning: the report's default period is $period, not $SINCE $UNTIL;" \
		     "the report is run with --since $SINCE --until $UNTIL" >&2
	fi
	load0=$(cut -d' ' -f1 /proc/loadavg)
	rm -f "$W"/rrun.*
	i=0
	while [ $i -lt "$RUNS" ]; do
		once "$CRM" --db "$db" --format json audit >>"$W/rrun.audit"
		once "$CRM" --db "$db" --format json audit managers --since "$SINCE" \
			--until "$UNTIL" >>"$W/rrun.managers"
		once "$CRM" --db "$db" report --since "$SINCE" --until "$UNTIL" >>"$W/rrun.html"
		once "$CRM" --db "$db" report --format json --since "$SINCE" \
			--until "$UNTIL" >>"$W/rrun.json"
		i=$((i + 1))
	done
	"$CRM" --db "$db" report --format json --since "$SINCE" --until "$UNTIL" >"$W/report.json"
	echo "== $n clients, $($SQLITE3 "$db" "SELECT count(*) FROM interaction") interactions," \
	     "$($SQLITE3 "$db" "SELECT count(*) FROM manager") managers," \
	     "$($SQLITE3 "$db" "SELECT count(*) FROM audit_run" 2>/dev/null || echo 0) saved runs," \
	     "period $SINCE to $UNTIL, best of $RUNS ($(uname -m), $(nproc) cpus," \
	     "load $load0 to $(cut -d' ' -f1 /proc/loadavg))"
	python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
f = r["findings"]
print("  the report: %d findings (%d people, %d rules), %d scorecards, %d clients at risk,"
      " %d sources, %d saved runs" % (f["total"], len(f["assignees"]), len(f["rules"]),
      len(r["managers"]), len(r["clients"]), len(r["sources"]), len(r["health"])))' "$W/report.json"
	printf '%-38s %8s %8s %9s %9s %9s\n' what wall_s cpu_s rss_kb wall/sum cpu/sum
	a=$(best "$W/rrun.audit")
	m=$(best "$W/rrun.managers")
	s=$(sum "$a" "$m")
	printf '%-38s %8s %8s %9s\n' "crm audit --format json" $a
	printf '%-38s %8s %8s %9s\n' "crm audit managers --format json" $m
	set -- $s
	sw=$1 sc=$2
	printf '%-38s %8s %8s %9s %9s %9s\n' "the sum (memory: the larger)" "$1" "$2" "$3" 1.00 1.00
	for what in html json; do
		set -- $(best "$W/rrun.$what")
		printf '%-38s %8s %8s %9s %9s %9s\n' "crm report --format $what" "$1" "$2" "$3" \
			"$(ratio "$1" "$sw")" "$(ratio "$2" "$sc")"
	done
	echo "the requirement: crm report within 2.0 x the sum"
done
