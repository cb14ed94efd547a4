#!/bin/sh
# t6202-alias: aliases of the user's config file ([alias] mine = client
# list --mine): the expansion split as a shell would, extra arguments
# appended, never shadowing a command, never chained, no '!' shell
# aliases; crm help lists them.
. "$SRCDIR/tests/cli/lib.sh"

CFG=$HOME/.config/crm/config

test_ok 'setup: two managers, a client each' '
	crm -q init >/dev/null &&
	crm -q manager add "Вера Лебедева" >/dev/null &&
	crm -q manager add "Борис Орлов" >/dev/null &&
	crm -q client add --owner Вера "ООО «Ромашка»" >/dev/null &&
	crm -q client add --owner Борис "Acme" >/dev/null &&
	crm -q client add --owner Вера "Бета" >/dev/null
'

test_ok 'crm config --global set alias.mine, then crm mine runs client list --mine' '
	expect_code 0 crm config --global set alias.mine "client list --mine" &&
	test_empty err &&
	expect_code 0 crm --as Вера --format csv --fields name mine &&
	test_empty err &&
	test_file_is out "name
Бета
ООО «Ромашка»"
'

test_ok 'extra arguments are appended, options and words alike' '
	expect_code 0 crm --as Вера mine --format csv --fields name &&
	test_file_is out "name
Бета
ООО «Ромашка»" &&
	expect_code 0 crm config --global set alias.show "client show" &&
	expect_code 0 crm --json --fields name show Acme &&
	test_file_is out "{\"name\":\"Acme\"}"
'

test_ok 'the expansion is split as a shell would: quotes keep spaces' '
	expect_code 0 crm config --global set alias.r "client show '\''ООО «Ромашка»'\''" &&
	expect_code 0 crm --json --fields name r &&
	test_file_is out "{\"name\":\"ООО «Ромашка»\"}" &&
	expect_code 0 crm config --global set alias.r2 "client show \"ООО \\\"\"«Ромашка»" &&
	expect_code 1 crm config --global get alias.nope &&
	expect_code 3 crm r2 &&
	test_grep "ООО \"«Ромашка»" err
'

test_ok 'alias names fold case as git'\''s do' '
	mkdir -p "$HOME/.config/crm" &&
	printf "[Alias]\n\tBig = client list\n" >>"$CFG" &&
	expect_code 0 crm --format csv --fields name BIG &&
	test_file_is out "name
Acme
Бета
ООО «Ромашка»"
'

test_ok 'an alias never shadows a command: a warning when set, the command runs' '
	expect_code 0 crm config --global set alias.client "manager list" &&
	test_grep "warning: the alias '\''client'\'' is never used" err &&
	expect_code 0 crm --format csv --fields name client list &&
	test_file_is out "name
Acme
Бета
ООО «Ромашка»" &&
	expect_code 0 crm config --global unset alias.client
'

test_ok 'no chains: an alias that names an alias is refused, exit 65, naming both' '
	expect_code 0 crm config --global set alias.m2 "mine --json" &&
	expect_code 65 crm m2 &&
	test_empty out &&
	test_grep "alias.m2 in $CFG names the alias '\''mine'\''" err &&
	test_grep "hint: " err &&
	test_grep "client list --mine" err &&
	expect_code 0 crm config --global unset alias.m2
'

test_ok 'no shell aliases, no empty ones, no unknown commands, no open quotes' '
	printf "[alias]\n\tsh = !echo hi\n\tempty = \"\"\n\tbad = clinet list\n\topen = client show \\\\\"x\n" >>"$CFG" &&
	expect_code 65 crm sh &&
	test_empty out &&
	test_grep "runs no shell aliases" err &&
	expect_code 65 crm empty &&
	test_grep "alias.empty in $CFG is empty" err &&
	expect_code 65 crm bad &&
	test_grep "'\''clinet'\'', which is not a crm command" err &&
	test_grep "did you mean '\''client'\''" err &&
	expect_code 65 crm open &&
	test_grep "a quote does not close" err
'

test_ok 'an unknown word that is no alias is still an unknown command' '
	expect_code 2 crm minr &&
	test_grep "unknown command '\''minr'\''" err
'

test_ok 'crm help lists the aliases with their expansions; crm help ALIAS tells it' '
	expect_code 0 crm config --global set alias.client "manager list" &&
	expect_code 0 crm help &&
	sed -n "/^aliases/,\$p" out >al &&
	test_grep "aliases (from your config file):" al &&
	grep -E "^   mine +client list --mine$" al &&
	grep -E "^   big +client list$" al &&
	grep -E "^   client +manager list +\(not used: a command has this name\)$" al &&
	expect_code 0 crm help mine &&
	test_file_is out "'\''mine'\'' is an alias for '\''client list --mine'\''"
'

test_ok 'without aliases crm help has no such section' '
	rm "$CFG" &&
	expect_code 0 crm help &&
	! grep -q "^aliases" out
'

test_ok 'Russian: the aliases section and the refusals are translated' '
	mkdir -p "$HOME/.config/crm" &&
	printf "[alias]\n\tsh = !echo\n\tmine = client list --mine\n" >"$CFG" &&
	LC_ALL=ru_RU.UTF-8 expect_code 0 crm help &&
	! grep -q "^aliases" out &&
	grep -q "mine" out &&
	LC_ALL=ru_RU.UTF-8 expect_code 65 crm sh &&
	! grep -q "runs no shell aliases" err
'

test_ok 'completion offers the aliases that no command shadows, after the commands' '
	mkdir -p "$HOME/.config/crm" &&
	printf "[alias]\n\tmine = client list --mine\n\tclient = note\n\tmine = client list\n" >"$CFG" &&
	expect_code 0 crm __complete mi &&
	test_file_is out "mine	alias for '\''client list'\''" &&
	expect_code 0 crm __complete cl &&
	test_file_is out "client	the client sheet: add, list, show, edit, find, import, export" &&
	expect_code 0 crm __complete help mi &&
	grep -q "^mine" out &&
	expect_code 0 crm __complete --commands &&
	! grep -q "^mine" out
'

test_done
