# shellcheck shell=sh
# lib.sh: the timing helpers of the bench scripts, sourced after $W (the
# working folder) is set.

# One run of a command, its output to /dev/null: "wall cpu maxrss_kb".
once() {
	/usr/bin/time -f "%e %U %S %M" -o "$W/time" "$@" >/dev/null 2>"$W/err" ||
		{ cat "$W/err" >&2; exit 1; }
	awk '{ printf "%.2f %.2f %d\n", $1, $2 + $3, $4 }' "$W/time"
}

# The best (least CPU) of the lines of a file: "wall cpu maxrss_kb".
best() {
	awk 'NF && (!n++ || $2 < c) { w = $1; c = $2; m = $3 } END { printf "%s %s %s", w, c, m }' "$1"
}

# a / b with two decimals.
ratio() {
	echo "$1 $2" | awk '{ printf "%.2f", $1 / $2 }'
}
