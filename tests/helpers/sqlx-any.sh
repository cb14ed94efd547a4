#!/bin/sh
# sqlx-any.sh FILE SQL: tests/helpers/sqlx for a CLI test on either backend.
# lib.sh makes it $SQLX when the tests run on PostgreSQL. FILE is the test's
# base when it is a postgresql URL ("$CRM_DB") or the path of crm.db in the
# test's directory while no such file exists (the base is on the server):
# then psql runs the SQL on the test's database and prints the rows as sqlx
# does, values joined by '|', NULL as empty, one row per line, the rows of
# every statement, nothing for a statement without rows, and exits 1 on an
# error. Any other FILE is an SQLite file: sqlx ($SQLX_SQLITE) opens it.
if test $# -ne 2; then
	echo "usage: sqlx FILE SQL" >&2
	exit 2
fi
case $1 in
postgresql://* | postgres://*)
	db=$1
	;;
*)
	db=""
	if test -n "${CRM_TEST_DB:-}" && test -n "${TEST_ROOT:-}" && test ! -e "$1" &&
		test "${1##*/}" = crm.db; then
		# the same directory, however it is spelled (crm.db, ./crm.db, $PWD/crm.db)
		case $1 in
		*/*) dir=${1%/*} ;;
		*) dir=. ;;
		esac
		dir=$(cd "${dir:-/}" 2>/dev/null && pwd -P)
		root=$(cd "$TEST_ROOT" && pwd -P)
		test "$dir" = "$root" && db=$CRM_TEST_DB
	fi
	test -n "$db" || exec "$SQLX_SQLITE" "$@"
	;;
esac
# -X: no ~/.psqlrc; -q: no command tags; -A -t -F'|': sqlx's format
psql -X -q -A -t -F'|' -v ON_ERROR_STOP=1 -d "$db" -c "$2" || exit 1
