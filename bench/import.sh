#!/bin/sh
# import.sh: the figures of crm issue 3 on a generated base.
#
#   bench/import.sh [N] [BUILD_DIR]     (default: 100000 clients, ./build)
#
# Generates N clients with 2 contacts and 10 interactions each (bench/gen.py),
# then measures:
#   - crm client import of the NDJSON into a fresh base (one transaction)
#   - crm client show of one client, as a table and as JSON
#   - crm client list --format ndjson (its peak memory: it streams)
#   - crm client export (NDJSON of every sheet) and export --format csv
#   - the floor: a base made by crm init, then the sqlite3 shell's
#     .import --csv of the same rows into the same tables, through a
#     temporary table per file (no validation, no journal, no search
#     index), and the search index built afterwards by one SQL statement
#     per table (lower() in place of crm's folding)
# Times are wall-clock seconds, with user and system CPU seconds; memory
# is the peak resident size. They come from /usr/bin/time -v when it is
# there, else from the shell's time (then without memory). Build with
# --buildtype=release for figures worth quoting. The data and bases stay
# in $BENCH_DIR (default: a new folder under /tmp), reused when N matches.
set -eu
cd "$(dirname "$0")/.."
N=${1:-100000}
. bench/lib.sh
crm_binary import.sh "${2:-build}"
SQLITE3=${SQLITE3:-/usr/bin/sqlite3}
W=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/crm-bench.XXXXXX")}
mkdir -p "$W"
export CRM_USER=bench CRM_NOW=2026-11-22T10:00:00Z
unset CRM_DB

buildtype=$(python3 -c 'import json,sys
for o in json.load(open(sys.argv[1])):
    if o["name"] == "buildtype": print(o["value"])' "$B/meson-info/intro-buildoptions.json" 2>/dev/null ||
	echo unknown)
echo "crm bench: $N clients, binary $CRM (buildtype $buildtype), data in $W"
[ "$buildtype" = release ] || echo "note: not a release build; figures are pessimistic"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?)"

# measure LABEL CMD...: runs CMD with stdout to /dev/null, prints one line
measure() {
	label=$1
	shift
	if [ -x /usr/bin/time ]; then
		/usr/bin/time -v -o "$W/time.out" "$@" >/dev/null || {
			echo "$label: failed" >&2
			cat "$W/time.out" >&2
			exit 1
		}
		awk -v label="$label" -F': ' '
			/Elapsed \(wall clock\)/ { n = split($2, t, ":"); w = 0
				for (i = 1; i <= n; i++) w = w * 60 + t[i] }
			/User time/ { u = $2 } /System time/ { s = $2 }
			/Maximum resident set size/ { m = $2 }
			END { printf "%-36s %8.2f s wall  %7.2f s user  %6.2f s sys  %8.1f MiB peak\n",
				label, w, u, s, m / 1024 }' "$W/time.out"
	else
		# bash's time keyword, without memory figures
		bash -c 'TIMEFORMAT="%R %U %S"; { time "$@" >/dev/null; } 2>&1' _ "$@" | tail -n 1 |
			awk -v label="$label" '{ printf "%-36s %8.2f s wall  %7.2f s user  %6.2f s sys  (peak memory: no /usr/bin/time)\n",
				label, $1, $2, $3 }'
	fi
}

data=$W/data
if [ "$(cat "$data/.n" 2>/dev/null)" != "$N" ]; then
	echo "generating $N clients..."
	python3 bench/gen.py -n "$N" -o "$data"
	echo "$N" >"$data/.n"
fi
ls -l "$data" | awk 'NR > 1 { printf "  %-18s %6.1f MiB\n", $NF, $5 / 1048576 }'

base=$W/crm.db
rm -f "$base" "$base-wal" "$base-shm"
"$CRM" --db "$base" -q init >/dev/null 2>&1
measure "import NDJSON ($N clients)" "$CRM" -q --db "$base" client import "$data/clients.ndjson"
echo "  base: $(du -h "$base" | cut -f1), rows: $("$SQLITE3" "$base" \
	"SELECT (SELECT count(*) FROM client) || ' clients, ' || (SELECT count(*) FROM contact) ||
	 ' contacts, ' || (SELECT count(*) FROM interaction) || ' interactions, ' ||
	 (SELECT count(*) FROM journal) || ' journal entries'" 2>/dev/null || echo '?')"

# repeat K LABEL CMD...: runs CMD K times; the wall time of one run, in ms
repeat() {
	k=$1 label=$2
	shift 2
	start=$(date +%s%N)
	i=0
	while [ $i -lt "$k" ]; do
		"$@" >/dev/null
		i=$((i + 1))
	done
	end=$(date +%s%N)
	awk -v label="$label" -v ns=$((end - start)) -v k="$k" \
		'BEGIN { printf "%-36s %8.1f ms wall per run (mean of %d)\n", label, ns / k / 1e6, k }'
}

one=$((N / 2 > 0 ? N / 2 : 1))
measure "client show $one (table)" "$CRM" --db "$base" client show "$one"
repeat 50 "client show $one (table)" "$CRM" --db "$base" client show "$one"
repeat 50 "client show $one (json)" "$CRM" --db "$base" --json client show "$one"
repeat 50 "client show $one --all (json)" "$CRM" --db "$base" --json client show --all "$one"
repeat 50 "client show by name" "$CRM" --db "$base" client show \
	"$("$SQLITE3" "$base" "SELECT name FROM client WHERE id = $one" 2>/dev/null || echo "$one")"
measure "client list --format ndjson" "$CRM" --db "$base" --format ndjson client list
measure "client export (ndjson)" "$CRM" --db "$base" client export
measure "client export --format csv" "$CRM" --db "$base" client export --format csv

if [ ! -x "$SQLITE3" ]; then
	echo "floor: skipped: no sqlite3 shell at $SQLITE3 (apt-get install sqlite3, or SQLITE3=path)"
	exit 0
fi
floor=$W/floor.db
rm -f "$floor" "$floor-wal" "$floor-shm"
"$CRM" --db "$floor" -q init >/dev/null 2>&1
# Each CSV goes into a temporary table named after its header, then into
# the crm table by name: columns added by later migrations get their
# defaults (the shell reads an empty field as '', which a STRICT INTEGER
# column refuses).
: >"$W/floor.sql"
for t in manager client contact interaction; do
	cols=$(head -n 1 "$data/$t.csv")
	cat >>"$W/floor.sql" <<EOF
.import --csv --schema temp $data/$t.csv ${t}_csv
INSERT INTO main.$t($cols) SELECT $cols FROM temp.${t}_csv;
EOF
done
measure "floor: sqlite3 .import --csv" sh -c "'$SQLITE3' '$floor' <'$W/floor.sql'"
cat >"$W/floor-fts.sql" <<'EOF'
BEGIN;
INSERT INTO search(rowid, body, client_id)
  SELECT id * 4, lower(name || char(10) || ifnull(note, '')), id FROM client;
INSERT INTO search(rowid, body, client_id)
  SELECT id * 4 + 1, lower(name || char(10) || ifnull(role, '') || char(10) ||
    ifnull(phone, '') || char(10) || ifnull(email, '')), client_id FROM contact;
INSERT INTO search(rowid, body, client_id)
  SELECT id * 4 + 2, lower(text || char(10) || ifnull(outcome, '')), client_id FROM interaction;
COMMIT;
EOF
measure "floor: + search index by SQL" sh -c "'$SQLITE3' '$floor' <'$W/floor-fts.sql'"
echo "done; remove $W when finished"
