#!/bin/sh
# t6102-help: help at first contact. crm -h, crm --help and crm help list
# the commands; every command of the tables has a help (crm help <cmd> and
# crm <cmd> -h exit 0 with a usage line); crm help <cmd> shows the manual
# page when man finds it, the built-in help otherwise (from a build tree:
# no "No manual entry"); --color, -q and --db after the command's name.
. "$SRCDIR/tests/cli/lib.sh"

# The commands a help text lists under "commands:": the names, padded to 22
# columns after three spaces ("vip program" in the list of crm help vip).
listed() {
	sed -n '/^commands:$/,/^$/p' "$1" | grep '^   [a-z]' | cut -c4-25 | sed 's/ *$//'
}

test_ok 'crm -h, crm --help and crm help list the same commands' '
	expect_code 0 crm help &&
	listed out >help.cmds &&
	test "$(wc -l <help.cmds)" -ge 20 &&
	grep -qx audit help.cmds &&
	grep -qx version help.cmds &&
	! grep -q __complete help.cmds &&
	expect_code 0 crm -h &&
	listed out >h.cmds &&
	cmp help.cmds h.cmds &&
	expect_code 0 crm --help &&
	listed out >h.cmds &&
	cmp help.cmds h.cmds &&
	expect_code 2 crm &&
	listed err >h.cmds &&
	cmp help.cmds h.cmds
'

# Every command and subcommand of the tables, walked through the groups'
# lists: a name whose help is a group's usage lists its verbs.
walk() { # name...
	crm help "$@" >group 2>/dev/null
	echo "$*" >>all.cmds
	if grep -q "^usage: crm $* <command>" group; then
		listed group >"verbs.$#"
	else
		# a group that runs by itself (audit, handover, vip survey) names
		# its verbs in its usage lines: "   or: crm audit rules"
		sed -n "s/^   or: crm $* \([a-z][a-z-]*\).*/crm $* \1/p" group | uniq |
			cut -c5- >"verbs.$#"
	fi
	while read -r verb; do
		# shellcheck disable=SC2086 # the words of the command
		walk $verb
	done <"verbs.$#"
}
: >all.cmds
while read -r top; do
	walk "$top"
done <help.cmds

test_ok 'the walk found the commands and their verbs' '
	test "$(wc -l <all.cmds)" -ge 60 &&
	grep -qx "audit managers" all.cmds &&
	grep -qx "client show" all.cmds &&
	grep -qx "vip program start" all.cmds &&
	grep -qx "handover accept" all.cmds &&
	grep -qx "vip survey show" all.cmds &&
	grep -qx "help" all.cmds &&
	grep -qx "version" all.cmds
'

while read -r cmd; do
	test_ok "crm help $cmd and crm $cmd -h: exit 0, a usage line" "
		expect_code 0 crm help $cmd &&
		grep -q '^usage: crm ' out &&
		test_empty err &&
		expect_code 0 crm $cmd -h &&
		grep -q '^usage: crm ' out &&
		test_empty err
	"
done <all.cmds

test_ok 'crm help help, crm help version, crm help audit managers' '
	expect_code 0 crm help help &&
	test_grep "usage: crm help [<command> [<subcommand>]]" out &&
	expect_code 0 crm help version &&
	test_grep "usage: crm version" out &&
	expect_code 0 crm help audit managers &&
	grep -q "^usage: crm audit managers" out
'

test_ok 'crm help of an unknown or hidden command: exit 2, a suggestion' '
	expect_code 2 crm help clent &&
	test_grep "error: unknown command '\''clent'\''" err &&
	test_grep "did you mean '\''client'\''?" err &&
	expect_code 2 crm help __complete
'

if script -qec true /dev/null </dev/null >/dev/null 2>&1 && command -v man >/dev/null 2>&1; then
	mkdir -p manpages/man1 empty/man1 &&
	cp "$BUILDDIR/man/crm-client.1" manpages/man1/ 2>/dev/null
	# on a terminal, CRM_NO_MAN unset: man when it finds the page
	on_tty() { # MANPATH crm-args...
		mp=$1
		shift
		script -qec "unset CRM_NO_MAN; MANPATH='$mp' MANPAGER=cat MANWIDTH=80 \"$CRM\" $*; echo rc=\$?" \
			/dev/null </dev/null >tty.raw &&
			tr -d '\r' <tty.raw >tty
	}
	test_ok 'no manual page installed: the built-in help, not "No manual entry"' '
		on_tty "$PWD/empty" help client &&
		test_grep "usage: crm client <command> [<args>]" tty &&
		test_grep "rc=0" tty &&
		! grep -q "No manual entry" tty &&
		on_tty "$PWD/empty" help help &&
		test_grep "usage: crm help" tty &&
		on_tty "$PWD/empty" help version &&
		test_grep "usage: crm version" tty &&
		! grep -q "No manual entry" tty &&
		on_tty "$PWD/empty" help audit managers &&
		test_grep "usage: crm audit managers" tty
	'
	if test -s manpages/man1/crm-client.1; then
		test_ok 'the manual page when man finds it' '
			on_tty "$PWD/manpages" help client &&
			grep -q "crm-client - the client sheet" tty &&
			! grep -q "usage: crm client <command>" tty &&
			on_tty "$PWD/manpages" help client show &&
			grep -q "crm-client - the client sheet" tty &&
			on_tty "$PWD/manpages" help version &&
			test_grep "usage: crm version" tty
		'
	else
		test_skip 'the manual page when man finds it' 'the man pages are not built (scdoc)'
	fi
else
	test_skip 'crm help on a terminal' 'script(1) or man(1) is missing'
fi

test_ok '--color, -q and --db after the command name' '
	CRM_DB=$PWD/other.db crm -q init >/dev/null 2>&1 &&
	expect_code 0 crm config set --db other.db core.pager "less -S" -q &&
	test_empty err &&
	expect_code 0 crm config get core.pager --db other.db &&
	test_file_is out "less -S" &&
	expect_code 3 crm config get core.pager &&
	expect_code 0 crm journal --db other.db --color always --fields action &&
	grep -q "^.\[1mACTION" out &&
	expect_code 0 crm journal --color never --db other.db --fields action &&
	head -n 1 out >first &&
	test_file_is first ACTION &&
	expect_code 0 crm audit history --db other.db &&
	test_grep "no saved audit runs yet" err &&
	expect_code 0 crm audit history --db other.db -q &&
	test_empty err &&
	expect_code 0 crm audit history --quiet --db other.db &&
	test_empty err
'

test_done
