#!/bin/sh
. "$SRCDIR/tests/cli/lib.sh"
test_done
