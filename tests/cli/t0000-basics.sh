#!/bin/sh
# t0000-basics: help, version, usage errors and global options.
. "$SRCDIR/tests/cli/lib.sh"

usage_top='usage: crm [--db <path>] [--as <name>] [--format <fmt>] [--json] [--fields <list>] [--color <when>] [-q] [--wide] [--no-pager] <command> [<args>]'
usage_journal='usage: crm journal [--since <date>] [--actor <name>] [--entity <kind>] [--id <n>] [--limit <n>]'

test_ok 'crm alone prints the usage on stderr and exits 2' '
	expect_code 2 crm &&
	test_empty out &&
	head -n 1 err >first &&
	test_file_is first "$usage_top" &&
	test_grep "   journal " err &&
	test_grep "   config " err
'

test_ok 'crm help lists the commands on stdout' '
	expect_code 0 crm help &&
	test_empty err &&
	head -n 1 out >first &&
	test_file_is first "$usage_top" &&
	test_grep "   config                 read and change settings" out &&
	test_grep "   help                   show help for crm or a command" out &&
	test_grep "   init                   create a new base" out &&
	test_grep "   journal                list the journal of changes" out &&
	test_grep "   version                print the version of crm" out &&
	! grep __complete out
'

test_ok 'crm -h and crm --help list the commands as crm help does' '
	expect_code 0 crm help &&
	cp out h0 &&
	expect_code 0 crm -h &&
	test_empty err &&
	cmp h0 out &&
	test_grep "$usage_top" out &&
	test_grep "   journal                list the journal of changes" out &&
	test_grep "   --no-pager " out &&
	expect_code 0 crm --help &&
	test_empty err &&
	cmp h0 out &&
	expect_code 0 crm --db x.db --format json -h &&
	cmp h0 out &&
	test ! -e x.db
'

test_ok 'crm help config lists the config commands' '
	expect_code 0 crm help config &&
	test_empty err &&
	head -n 1 out >first &&
	test_file_is first "usage: crm config <command> [<args>]" &&
	test_grep "   config get             print the value of a setting" out &&
	test_grep "   config list            list every known setting and its value" out &&
	test_grep "   config set             store a setting in the base" out &&
	test_grep "   config unset           remove a stored setting" out
'

test_ok 'crm help journal prints the usage and options' '
	expect_code 0 crm help journal &&
	test_empty err &&
	head -n 1 out >first &&
	test_file_is first "$usage_journal" &&
	test_grep "--since <date>" out &&
	test_grep "--limit <n>" out &&
	test_grep "-h, --help" out
'

test_ok 'crm help config set prints the usage of the verb' '
	expect_code 0 crm help config set &&
	test_empty err &&
	head -n 1 out >first &&
	test_file_is first "usage: crm config set [--global] <key> <value>"
'

test_ok 'crm help nosuch is a usage error' '
	expect_code 2 crm help nosuch &&
	test_empty out &&
	test_file_is err "error: unknown command '\''nosuch'\''"
'

test_ok 'crm help jurnal suggests journal' '
	expect_code 2 crm help jurnal &&
	test_empty out &&
	test_grep "error: unknown command '\''jurnal'\''" err &&
	test_grep "hint: did you mean '\''journal'\''?" err
'

test_ok 'crm config -h prints the group help on stdout' '
	expect_code 0 crm config -h &&
	test_empty err &&
	head -n 1 out >first &&
	test_file_is first "usage: crm config <command> [<args>]" &&
	test_grep "config set" out
'

test_ok 'crm config without a verb lists the verbs on stderr, exit 2' '
	expect_code 2 crm config &&
	test_empty out &&
	test_grep "usage: crm config <command> [<args>]" err &&
	test_grep "config unset" err
'

test_ok 'crm journal --help prints the usage on stdout without a base' '
	expect_code 0 crm journal --help &&
	test_empty err &&
	head -n 1 out >first &&
	test_file_is first "$usage_journal" &&
	test ! -e crm.db
'

test_ok 'crm config set -h needs no base' '
	expect_code 0 crm config set -h &&
	test_empty err &&
	test_grep "usage: crm config set [--global] <key> <value>" out &&
	test ! -e crm.db
'

test_ok 'a usage error wins over a missing base, which is opened after the options' '
	expect_code 2 crm client list --bogus &&
	test_empty out &&
	test_grep "error: unknown option '\''--bogus'\''" err &&
	expect_code 2 crm handover show &&
	test_grep "usage: crm handover show <id>" err &&
	expect_code 2 crm audit --min-severity nope &&
	expect_code 2 crm handover -- Acme --due &&
	expect_code 3 crm client list &&
	test_grep "hint: create one with '\''crm init'\''" err &&
	test ! -e crm.db
'

test_ok 'crm --version prints the version' '
	expect_code 0 crm --version &&
	test_empty err &&
	test "$(wc -l <out)" -eq 1 &&
	grep -E "^crm [0-9]+\.[0-9]+\.[0-9]+$" out
'

test_ok 'crm version prints the version, schema and SQLite' '
	expect_code 0 crm version &&
	test_empty err &&
	test "$(wc -l <out)" -eq 1 &&
	grep -E "^crm [0-9]+\.[0-9]+\.[0-9]+ \(schema [1-9][0-9]*, SQLite 3\.[0-9.]+\)$" out &&
	v=$(crm --version) &&
	case $(cat out) in "$v "*) true ;; *) false ;; esac
'

test_ok 'crm version takes no arguments' '
	expect_code 2 crm version extra &&
	test_empty out &&
	test_grep "error: unexpected argument '\''extra'\''" err &&
	test_grep "usage: crm version" err
'

test_ok 'an unknown command suggests the nearest one' '
	expect_code 2 crm jurnal &&
	test_empty out &&
	test_file_is err "error: unknown command '\''jurnal'\''
hint: did you mean '\''journal'\''?
hint: '\''crm -h'\'' lists the commands"
'

test_ok 'an unknown verb suggests the nearest one' '
	expect_code 2 crm config lst &&
	test_empty out &&
	test_grep "error: unknown command '\''crm config lst'\''" err &&
	test_grep "hint: did you mean '\''list'\''?" err
'

test_ok 'a prefix is not accepted as an abbreviation' '
	expect_code 2 crm jour &&
	test_empty out &&
	test_grep "error: unknown command '\''jour'\''" err &&
	test ! -e crm.db
'

test_ok 'the hidden completion command is not suggested' '
	expect_code 2 crm __comlete &&
	test_empty out &&
	! grep "__complete" err
'

test_ok 'an unknown option prints the usage line, exit 2' '
	expect_code 2 crm journal --bogus &&
	test_empty out &&
	test_file_is err "error: unknown option '\''--bogus'\''
$usage_journal"
'

test_ok 'an unknown short option, exit 2' '
	expect_code 2 crm journal -z &&
	test_empty out &&
	test_grep "error: unknown option '\''-z'\''" err &&
	test_grep "$usage_journal" err
'

test_ok 'an unknown global option, exit 2' '
	expect_code 2 crm --bogus journal &&
	test_empty out &&
	test_grep "error: unknown option '\''--bogus'\''" err &&
	test_grep "$usage_top" err
'

test_ok 'an option without its value, exit 2' '
	expect_code 2 crm journal --since &&
	test_empty out &&
	test_grep "error: option '\''--since'\'' needs a value" err &&
	test_grep "$usage_journal" err
'

test_ok 'missing arguments print the usage, exit 2' '
	expect_code 2 crm config set company.name &&
	test_empty out &&
	test_file_is err "error: missing argument
usage: crm config set [--global] <key> <value>" &&
	test ! -e crm.db
'

test_ok 'too many arguments print the usage, exit 2' '
	expect_code 2 crm config get company.name user.email &&
	test_empty out &&
	test_grep "error: unexpected argument '\''user.email'\''" err &&
	test_grep "usage: crm config get [--global] <key>" err
'

test_ok 'invalid UTF-8 in an argument: exit 2, nothing written' '
	crm init >/dev/null 2>&1 &&
	sum1=$(test_base_sum) &&
	bad=$(printf "\377") &&
	expect_code 2 crm config set company.name "$bad" &&
	test_empty out &&
	test_grep "error: argument 4 is not valid UTF-8 text" err &&
	test_grep "hint: crm takes UTF-8 only" err &&
	expect_code 2 crm --as "$bad" config set company.name x &&
	test_empty out &&
	test_grep "error: argument 2 is not valid UTF-8 text" err &&
	test "$(test_base_sum)" = "$sum1" &&
	test "$($SQLX crm.db "SELECT count(*) FROM config")" = 2 &&
	test "$($SQLX crm.db "SELECT count(*) FROM journal")" = 1
'

test_ok 'a bad --format value, exit 2' '
	expect_code 2 crm --format yaml config list &&
	test_empty out &&
	test_file_is err "error: invalid value '\''yaml'\'' for --format (table, json, ndjson, csv, tsv, vcard, ics, html)
$usage_top"
'

test_ok 'a bad --color value, exit 2' '
	expect_code 2 crm --color sometimes config list &&
	test_empty out &&
	test_file_is err "error: invalid value '\''sometimes'\'' for --color (auto, always, never)
$usage_top"
'

test_ok 'an empty --fields value, exit 2' '
	expect_code 2 crm --fields "" config list &&
	test_empty out &&
	test_grep "error: empty value for --fields" err
'

test_ok 'an invalid CRM_NOW, exit 2' '
	CRM_NOW=yesterday-ish expect_code 2 crm config list &&
	test_empty out &&
	test_file_is err "error: invalid CRM_NOW '\''yesterday-ish'\'': use 2026-11-22T10:00:00Z or 2026-11-22" &&
	CRM_NOW=2026-13-01 expect_code 2 crm version &&
	test_empty out &&
	test_grep "invalid CRM_NOW" err
'

test_ok 'a date CRM_NOW is accepted' '
	CRM_NOW=2026-11-22 expect_code 0 crm version &&
	test_empty err &&
	grep "^crm " out
'

test_ok 'global options go before or after the command' '
	expect_code 3 crm journal --db other.db &&
	test_empty out &&
	test_grep "error: no crm base at '\''other.db'\''" err &&
	test ! -e other.db &&
	if backend_is postgresql; then
		# the base on the server is reached through --db only
		other=$CRM_DB && CRM_DB=$PWD/crm.db
	else
		mv crm.db other.db && other=other.db
	fi &&
	expect_code 0 crm journal --db "$other" -q --color never &&
	test_empty err &&
	grep "base.init" out &&
	expect_code 2 crm journal --color sometimes --db "$other" &&
	test_grep "error: invalid value '\''sometimes'\'' for --color (auto, always, never)" err &&
	if backend_is postgresql; then
		CRM_DB=$other
	else
		mv other.db crm.db
	fi &&
	expect_code 0 crm --json journal &&
	mv out before &&
	expect_code 0 crm journal --json &&
	test_empty err &&
	cmp before out &&
	expect_code 0 crm journal --format csv --fields action,id &&
	head -n 1 out >first && test_file_is first "action,id" &&
	expect_code 2 crm journal --format yaml &&
	test_grep "error: invalid value '\''yaml'\'' for --format (table, json, ndjson, csv, tsv, vcard, ics, html)" err &&
	expect_code 2 crm journal --fields "" &&
	test_grep "error: empty value for --fields" err &&
	expect_code 0 crm journal -h &&
	test_grep "output options, here or before the command" out &&
	test_grep "global options, here or before the command" out
'

test_done
