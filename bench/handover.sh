#!/bin/sh
# handover.sh: the figures of crm issue 4 on a generated base.
#
#   bench/handover.sh [N] [M] [BUILD_DIR]   (default: 100000 clients, 20000 of
#                                           them held by one manager; ./build)
#
# Builds the base of bench/gen.py (N clients with 2 contacts and 10
# interactions each, 10 managers) the fast way (crm init, then the sqlite3
# shell's .import, as the floor of bench/import.sh does), then gives
# manager 1 M live clients, adds 40 smaller managers, and traits and
# interests to everyone so that the scoring has work to do. Measures:
#   - crm handover suggest for one client
#   - crm handover plan --from <manager 1> --reason leaving (the plan only)
#   - the same with --apply: M pending handovers, each with its dossier, in
#     one transaction
#   - crm handover list --pending --format ndjson
# Times are wall-clock seconds with user and system CPU; memory is the
# peak resident size (/usr/bin/time -v). Build with --buildtype=release for
# figures worth quoting. The data stay in $BENCH_DIR (default: a new
# folder under /tmp), reused when N matches.
set -eu
cd "$(dirname "$0")/.."
N=${1:-100000}
M=${2:-20000}
. bench/lib.sh
crm_binary handover.sh "${3:-build}"
SQLITE3=${SQLITE3:-/usr/bin/sqlite3}
[ -x "$SQLITE3" ] || { echo "handover.sh: no sqlite3 shell at $SQLITE3" >&2; exit 2; }
[ "$M" -le "$N" ] || { echo "handover.sh: M ($M) is more than N ($N)" >&2; exit 2; }
W=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/crm-bench.XXXXXX")}
mkdir -p "$W"
export CRM_USER=bench CRM_NOW=2026-11-22T10:00:00Z
unset CRM_DB

buildtype=$(python3 -c 'import json,sys
for o in json.load(open(sys.argv[1])):
    if o["name"] == "buildtype": print(o["value"])' "$B/meson-info/intro-buildoptions.json" 2>/dev/null ||
	echo unknown)
echo "crm handover bench: $N clients, $M of them to hand over; binary $CRM (buildtype $buildtype)"
[ "$buildtype" = release ] || echo "note: not a release build; figures are pessimistic"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo ?)"

measure() {
	label=$1
	shift
	/usr/bin/time -v -o "$W/time.out" "$@" >"$W/measure.out" 2>"$W/measure.err" || {
		echo "$label: failed" >&2
		cat "$W/measure.err" "$W/time.out" >&2
		exit 1
	}
	awk -v label="$label" -F': ' '
		/Elapsed \(wall clock\)/ { n = split($2, t, ":"); w = 0
			for (i = 1; i <= n; i++) w = w * 60 + t[i] }
		/User time/ { u = $2 } /System time/ { s = $2 }
		/Maximum resident set size/ { m = $2 }
		END { printf "%-44s %8.2f s wall  %7.2f s user  %6.2f s sys  %8.1f MiB peak\n",
			label, w, u, s, m / 1024 }' "$W/time.out"
}

data=$W/data
if [ "$(cat "$data/.n" 2>/dev/null)" != "$N" ]; then
	echo "generating $N clients..."
	python3 bench/gen.py -n "$N" -o "$data"
	echo "$N" >"$data/.n"
fi

base=$W/handover.db
rm -f "$base" "$base-wal" "$base-shm"
"$CRM" --db "$base" -q init >/dev/null 2>&1
: >"$W/load.sql"
for t in manager client contact interaction; do
	cols=$(head -n 1 "$data/$t.csv")
	cat >>"$W/load.sql" <<EOF
.import --csv --schema temp $data/$t.csv ${t}_csv
INSERT INTO main.$t($cols) SELECT $cols FROM temp.${t}_csv;
EOF
done
# Manager 1 holds M live clients; 40 more managers; words for the fit.
cat >>"$W/load.sql" <<EOF
BEGIN;
UPDATE client SET owner_id = 1, status = 'active' WHERE id <= $M;
UPDATE client SET owner_id = 2 + id % 9 WHERE id > $M AND owner_id = 1;
UPDATE manager SET capacity = 7000 + 100 * id,
  traits = json_array(CASE id % 3 WHEN 0 THEN 'patient' WHEN 1 THEN 'energetic' ELSE 'calm' END),
  interests = json_array(CASE id % 4 WHEN 0 THEN 'рыбалка' WHEN 1 THEN 'chess' WHEN 2 THEN 'golf'
    ELSE 'music' END, CASE id % 5 WHEN 0 THEN 'охота' ELSE 'theatre' END);
WITH RECURSIVE k(i) AS (SELECT 11 UNION ALL SELECT i + 1 FROM k WHERE i < 50)
INSERT INTO manager(id, uuid, name, name_fold, capacity, traits, interests, created)
  SELECT i, 'bench-m-' || i, 'Manager ' || i, 'manager ' || i, 400 + 10 * i,
    json_array(CASE i % 3 WHEN 0 THEN 'patient' WHEN 1 THEN 'energetic' ELSE 'calm' END),
    json_array(CASE i % 4 WHEN 0 THEN 'рыбалка' WHEN 1 THEN 'chess' WHEN 2 THEN 'golf'
      ELSE 'music' END), 0 FROM k;
UPDATE client SET
  traits = json_array(CASE id % 4 WHEN 0 THEN 'reserved' WHEN 1 THEN 'calm'
    WHEN 2 THEN 'needs-patience' ELSE 'cheerful' END),
  interests = json_array(CASE id % 6 WHEN 0 THEN 'рыбалка' WHEN 1 THEN 'chess'
    WHEN 2 THEN 'golf' WHEN 3 THEN 'music' WHEN 4 THEN 'theatre' ELSE 'ski' END);
INSERT INTO incident(client_id, kind, text, author, created)
  SELECT id, 'conflict', 'bench conflict', 'Manager ' || (11 + id % 40), 0
  FROM client WHERE id <= $M AND id % 10 = 0;
INSERT INTO promise(client_id, kind, text, due, author, created)
  SELECT id, 'discount', '5% off', 1797292800, 'bench', 0 FROM client WHERE id <= $M AND id % 3 = 0;
COMMIT;
ANALYZE;
EOF
echo "building the base..."
"$SQLITE3" "$base" <"$W/load.sql"
echo "  base: $(du -h "$base" | cut -f1), $("$SQLITE3" "$base" \
	"SELECT (SELECT count(*) FROM client) || ' clients, ' ||
	 (SELECT count(*) FROM client WHERE owner_id = 1) || ' held by manager 1, ' ||
	 (SELECT count(*) FROM manager) || ' managers, ' ||
	 (SELECT count(*) FROM interaction) || ' interactions'")"
cp "$base" "$W/handover-clean.db"

printf '%s\n' "Manager 1 leaves the company. Every client of this list was served for years;\
 the dossier of each holds the open promises, incidents, next actions and the latest\
 interactions. Call each client within three days, introduce yourself, confirm the\
 agreements and the next contact date." >"$W/brief.txt"

measure "handover suggest (one client)" "$CRM" --db "$base" handover suggest 1
measure "handover plan --reason leaving ($M, table)" \
	"$CRM" --db "$base" handover plan --from 1 --reason leaving
measure "handover plan --reason leaving ($M, ndjson)" \
	"$CRM" --db "$base" --format ndjson handover plan --from 1 --reason leaving
echo "  placed: $(grep -c '"status":"planned"' "$W/measure.out"), unplaced:" \
	"$(grep -c '"status":"unplaced"' "$W/measure.out")"
measure "handover plan --apply ($M handovers)" \
	"$CRM" --db "$base" -q --format ndjson handover plan --from 1 --reason leaving \
	--brief-file "$W/brief.txt" --apply --yes
echo "  $("$SQLITE3" "$base" "SELECT count(*) || ' pending handovers, dossiers ' ||
	(sum(length(dossier)) / 1048576) || ' MiB, ' ||
	(SELECT count(*) FROM journal WHERE action = 'handover.add') || ' journal entries'
	FROM handover")"
echo "  nobody over capacity: $("$SQLITE3" "$base" "SELECT CASE WHEN count(*) = 0
	THEN 'yes' ELSE 'NO: ' || group_concat(name) END FROM (SELECT m.name, m.capacity,
	(SELECT count(*) FROM client c WHERE c.owner_id = m.id AND c.status NOT IN ('lost',
	'farewell')) + (SELECT count(*) FROM handover h WHERE h.to_id = m.id AND
	h.status = 'pending') AS load FROM manager m WHERE m.id <> 1) WHERE load > capacity")"
measure "handover list --pending --format ndjson" \
	"$CRM" --db "$base" --format ndjson handover list --pending
measure "audit --rule handover-pending" "$CRM" --db "$base" audit --rule handover-pending
echo "done; remove $W when finished"
