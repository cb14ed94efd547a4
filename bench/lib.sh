# shellcheck shell=sh
# lib.sh: the helpers of the bench scripts: where crm is, and the timing
# helpers (once, best, ratio), which write into $W (the working folder).

# The crm binary of the build folder $2 (relative to the tree, or
# absolute) into CRM, the folder into B; exits 2 naming ./dev build when
# there is none. $1: the script's name, for the message.
crm_binary() {
	B=$2
	case $B in
	/*) ;;
	*) B=$PWD/$B ;;
	esac
	CRM=$B/cmd/crm
	[ -x "$CRM" ] || { echo "$1: no crm binary at $CRM: build first (./dev build)" >&2; exit 2; }
}

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
