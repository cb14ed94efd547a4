#!/bin/sh
# pg-suite.sh BUILDDIR [TEST...] [MESON-TEST-OPTIONS...]: the CLI tests of
# BUILDDIR on a throwaway PostgreSQL server, which it starts and stops.
#
# pg_virtualenv (postgresql-common) creates a cluster under a temporary
# directory (-t: not under /etc/postgresql even as root, so that two runs at
# once do not meet), with fsync, synchronous_commit and full_page_writes
# off, sets PGHOST, PGPORT, PGUSER and PGPASSWORD, and runs this script
# again inside, which runs
#   meson test -C BUILDDIR --setup postgresql --suite cli [TEST...]
# (each script makes and drops a database of its own: tests/cli/lib.sh).
# Before the cluster goes, no database of the tests (crm_*) may be left on
# it: one left fails the run. Exits with meson test's status, or 1 for a
# database left. The results: BUILDDIR/meson-logs/testlog-postgresql.json.
set -eu
if [ $# -lt 1 ]; then
	echo "usage: tests/helpers/pg-suite.sh BUILDDIR [TEST...] [MESON-TEST-OPTIONS...]" >&2
	exit 2
fi
if [ -z "${CRM_PG_SUITE_INSIDE:-}" ]; then
	command -v pg_virtualenv >/dev/null || {
		echo "pg-suite.sh: no pg_virtualenv: install postgresql (./dev build does)" >&2
		exit 1
	}
	CRM_PG_SUITE_INSIDE=1 exec pg_virtualenv -t -o synchronous_commit=off \
		-o full_page_writes=off "$0" "$@"
fi
unset CRM_PG_SUITE_INSIDE
dir=$1
shift
echo "pg-suite.sh: PostgreSQL $(psql -X -At -d postgres -c 'SHOW server_version')" \
	"on $PGHOST:$PGPORT as $PGUSER"
rc=0
meson test -C "$dir" --setup postgresql --suite cli "$@" || rc=$?
left=$(psql -X -At -d postgres \
	-c "SELECT datname FROM pg_database WHERE datname LIKE 'crm\_%' ORDER BY 1") || {
	echo "pg-suite.sh: cannot list the databases left on the server" >&2
	exit 1
}
if [ -n "$left" ]; then
	echo "pg-suite.sh: the tests left databases on the server: $(echo "$left" | tr "\n" " ")" >&2
	rc=1
else
	echo "pg-suite.sh: no crm_* database left on the server"
fi
exit $rc
