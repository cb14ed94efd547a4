#!/bin/sh
# screenshot.sh: the screenshots of crm report in the READMEs, made again.
#
#   bench/screenshot.sh            (./build; headless Chromium: ./dev build installs it)
#
# Builds the demo base as ./dev demo does (crm init --zone Europe/Moscow,
# demo/load.sh, at CRM_NOW 2026-11-22T09:00:00Z) in a temp folder, writes
# its report in English (LANG=C.UTF-8) and in Russian (LANG=ru_RU.UTF-8),
# and renders the first screen of each, $SIZE (1100,1400) pixels, with
# headless Chromium to doc/report.png (README.md) and doc/report-ru.png
# (README.ru.md). Each is checked with tests/helpers/png-check.py (the
# size, not blank) before it replaces the old one.
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
crm_binary screenshot.sh "${BUILD:-build}"
SIZE=${SIZE:-1100,1400}
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
[ -n "$CHROMIUM" ] || { echo "screenshot.sh: no chromium: ./dev build installs it" >&2; exit 2; }

W=$(mktemp -d "${TMPDIR:-/tmp}/crm-screenshot.XXXXXX")
trap 'rm -rf "$W"' EXIT
trap 'exit 130' INT TERM HUP
unset CRM_DB CRM_USER CRM_FORMAT XDG_CONFIG_HOME LC_ALL LANGUAGE
export HOME="$W/home" CRM_NOW=2026-11-22T09:00:00Z CRM_LOCALEDIR="$B/po" NO_COLOR=1
mkdir -p "$HOME" doc
# the messages from this build, not from an installed crm
[ -d "$B/po" ] || unset CRM_LOCALEDIR

db=$W/demo.db
"$CRM" --db "$db" -q init --zone Europe/Moscow >/dev/null
demo/load.sh "$CRM" "$db" >/dev/null

shot() { # locale lang png
	LANG=$1 "$CRM" --db "$db" report >"$W/report.html"
	grep -q "<html lang=\"$2\"" "$W/report.html" || {
		echo "screenshot.sh: the report under LANG=$1 is not in the language $2" \
		     "(its messages not translated?): $3 not written" >&2
		exit 1
	}
	"$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--user-data-dir="$W/chromium" --no-first-run --no-default-browser-check \
		--window-size="$SIZE" --screenshot="$W/shot.png" "file://$W/report.html" \
		>"$W/chromium.log" 2>&1 || { cat "$W/chromium.log" >&2; exit 1; }
	/usr/bin/python3 tests/helpers/png-check.py --size "$(echo "$SIZE" | tr , x)" "$W/shot.png" \
		>/dev/null || { echo "screenshot.sh: $3 not written" >&2; exit 1; }
	mv "$W/shot.png" "$3"
	echo "screenshot.sh: wrote $3 ($(wc -c <"$3") bytes)" >&2
}

shot C.UTF-8 en doc/report.png
shot ru_RU.UTF-8 ru doc/report-ru.png
