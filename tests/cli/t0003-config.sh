#!/bin/sh
# t0003-config: crm config list|get|set|unset and who the journal names.
. "$SRCDIR/tests/cli/lib.sh"

crm init >/dev/null 2>&1

jcount() {
	$SQLX crm.db "SELECT count(*) FROM journal"
}

test_ok 'list shows every key, none set but the zone and the language init stored' '
	expect_code 0 crm --format tsv --fields key,value,set,type config list &&
	test_empty err &&
	head -n 1 out >head &&
	test_file_is head "$(printf "key\tvalue\tset\ttype")" &&
	grep -e "^user\." -e "^company\." out >user &&
	test_file_is user "$(printf "company.name\t\tfalse\tstring\nuser.email\t\tfalse\tstring")" &&
	awk -F "\t" "NR > 1 && \$3 != \"false\"" out >setrows &&
	test_file_is setrows "$(printf "base.language\ten\ttrue\tenum\ntime.zone\tUTC\ttrue\tstring")"
'

test_ok 'time.zone takes IANA names only; unset falls back to UTC' '
	expect_code 0 crm config set time.zone Europe/Moscow &&
	test "$(crm config get time.zone)" = Europe/Moscow &&
	expect_code 2 crm config set time.zone Mars/Olympus &&
	test_grep "unknown time zone" err &&
	expect_code 2 crm config set time.zone "../../etc/passwd" &&
	test_grep "invalid time zone" err &&
	expect_code 2 crm config set time.zone "Europe/Moscow " &&
	test "$(crm config get time.zone)" = Europe/Moscow &&
	expect_code 0 crm config unset time.zone &&
	test "$(crm config get time.zone)" = UTC
'

test_ok 'list in a table: the keys with their set column' '
	expect_code 0 crm --fields key,set,value config list &&
	test_empty err &&
	head -n 1 out | grep -E "^KEY +SET +VALUE$" &&
	grep -E "^user\.email +no +-$" out &&
	grep -E "^company\.name +no +-$" out
'

test_ok 'list has every registry key, each with a type and a description' '
	expect_code 0 crm --format tsv --fields key,type,summary config list &&
	test_empty err &&
	test "$(wc -l <out)" -ge 3 &&
	awk -F "\t" "NR > 1 && (NF != 3 || \$1 == \"\" || \$3 == \"\")" out >bad &&
	test_empty bad &&
	tail -n +2 out | cut -f 1 >keys &&
	LC_ALL=C sort -c -u keys
'

test_ok 'get of an unset key without default: exit 1, no output' '
	expect_code 1 crm config get company.name &&
	test_empty out &&
	test_empty err
'

# A registry key with a default, if there is one: "key<TAB>default".
dkey=$(crm --format tsv --fields key,default config list | awk -F "\t" 'NR > 1 && $2 != "" { print; exit }')
if test -n "$dkey"; then
	dname=${dkey%%	*}
	ddef=${dkey#*	}
	test_ok "get of an unset key with a default ($dname) prints the default" '
		expect_code 0 crm config get "$dname" &&
		test_file_is out "$ddef" &&
		test_empty err &&
		expect_code 0 crm --format tsv --fields value,set,default config get "$dname" &&
		test_file_is out "$(printf "value\tset\tdefault\n%s\tfalse\t%s" "$ddef" "$ddef")"
	'
else
	test_skip 'get of an unset key with a default prints the default' 'no key has a default'
fi

test_ok 'set then get round-trips a Cyrillic value' '
	expect_code 0 crm config set company.name "Пётр Иванович Ёлкин" &&
	test_empty out &&
	test_empty err &&
	expect_code 0 crm config get company.name &&
	test_file_is out "Пётр Иванович Ёлкин" &&
	test_empty err &&
	test "$($SQLX crm.db "SELECT value FROM config WHERE key = '\''company.name'\''")" = "Пётр Иванович Ёлкин"
'

test_ok 'list shows the stored value and set=true' '
	expect_code 0 crm --format csv --fields key,value,set config list &&
	test_empty err &&
	head -n 1 out >head &&
	test_file_is head "key,value,set" &&
	grep -e "^user\." -e "^company\." out >user &&
	test_file_is user "company.name,Пётр Иванович Ёлкин,true
user.email,,false"
'

test_ok 'set overwrites, keeping one row' '
	expect_code 0 crm config set user.email "p@example.ru" &&
	expect_code 0 crm config set user.email "petr@example.ru" &&
	test_empty out && test_empty err &&
	expect_code 0 crm config get user.email &&
	test_file_is out "petr@example.ru" &&
	test "$($SQLX crm.db "SELECT count(*) FROM config WHERE key = '\''user.email'\''")" = 1
'

test_ok 'a value with spaces and quotes is kept exactly; a newline is refused' '
	v="a \"quoted\" value, with spaces" &&
	expect_code 0 crm config set user.email "$v" &&
	test_empty err &&
	expect_code 0 crm config get user.email &&
	printf "%s\n" "$v" >want &&
	cmp want out &&
	expect_code 2 crm config set user.email "$(printf "a\nsecond line")" &&
	test_grep "user.email holds a line break (U+000A) at character 2" err &&
	expect_code 0 crm config get user.email &&
	cmp want out
'

test_ok 'get --format json prints one object' '
	expect_code 0 crm --format json config get company.name &&
	test_empty err &&
	test_file_is out "{\"key\":\"company.name\",\"value\":\"Пётр Иванович Ёлкин\",\"set\":true,\"default\":null,\"type\":\"string\",\"summary\":\"the company'\''s name, as the letters to clients give it (ООО «Связь-Сервис»)\"}"
'

test_ok 'get --json of an unset key: value null, exit 0' '
	crm config unset user.email &&
	expect_code 0 crm --json --fields key,value,set,default config get user.email &&
	test_empty err &&
	test_file_is out "{\"key\":\"user.email\",\"value\":null,\"set\":false,\"default\":null}"
'

test_ok 'set of an unknown key: exit 2 with a hint, nothing written' '
	n=$(jcount) &&
	expect_code 2 crm config set user.nick x &&
	test_empty out &&
	test_file_is err "error: unknown config key '\''user.nick'\''
usage: crm config set [--global] <key> <value>
hint: '\''crm config list'\'' shows every key" &&
	test "$(jcount)" = "$n" &&
	test "$($SQLX crm.db "SELECT count(*) FROM config WHERE key = '\''user.nick'\''")" = 0
'

test_ok 'get and unset of an unknown key: exit 2' '
	expect_code 2 crm config get nosuch.key &&
	test_empty out &&
	test_grep "error: unknown config key '\''nosuch.key'\''" err &&
	test_grep "hint: '\''crm config list'\'' shows every key" err &&
	expect_code 2 crm config unset nosuch.key &&
	test_empty out &&
	test_grep "error: unknown config key '\''nosuch.key'\''" err
'

test_ok 'keys are case-sensitive' '
	expect_code 2 crm config get COMPANY.NAME &&
	test_empty out &&
	test_grep "unknown config key" err
'

test_ok 'an empty value: exit 2, pointing at unset' '
	n=$(jcount) &&
	expect_code 2 crm config set company.name "" &&
	test_empty out &&
	test_file_is err "error: empty value for '\''company.name'\'': use '\''crm config unset company.name'\''
usage: crm config set [--global] <key> <value>" &&
	test "$(jcount)" = "$n" &&
	expect_code 0 crm config get company.name &&
	test_file_is out "Пётр Иванович Ёлкин"
'

test_ok 'a value over 1000 bytes: exit 2' '
	v=$(printf "%01001d" 0) &&
	test "${#v}" -eq 1001 &&
	expect_code 2 crm config set user.email "$v" &&
	test_empty out &&
	test_grep "at most 1000 bytes" err &&
	v=$(printf "%01000d" 0) &&
	expect_code 0 crm config set user.email "$v" &&
	test_empty err &&
	crm config unset user.email
'

# A registry key of type int, if there is one.
ikey=$(crm --format tsv --fields key,type config list | awk -F "\t" '$2 == "int" { print $1; exit }')
if test -n "$ikey"; then
	test_ok "an int key ($ikey) refuses a non-number: exit 2, nothing written" '
		n=$(jcount) &&
		expect_code 2 crm config set "$ikey" 12abc &&
		test_empty out &&
		test_grep "error: invalid value '\''12abc'\'' for '\''$ikey'\'': expected a whole number from" err &&
		test_grep "usage: crm config set [--global] <key> <value>" err &&
		expect_code 2 crm config set "$ikey" -- -99999999999 &&
		test_grep "expected a whole number from" err &&
		test "$(jcount)" = "$n" &&
		expect_code 0 crm config set "$ikey" 7 &&
		test_empty err &&
		expect_code 0 crm config get "$ikey" &&
		test_file_is out 7 &&
		crm config unset "$ikey"
	'
else
	test_skip 'an int key refuses a non-number' 'no int key in the registry'
fi

test_ok 'unset removes the value' '
	crm config set user.email x@y.z &&
	expect_code 0 crm config unset user.email &&
	test_empty out &&
	test_empty err &&
	expect_code 1 crm config get user.email &&
	test_empty out && test_empty err &&
	test "$($SQLX crm.db "SELECT count(*) FROM config WHERE key = '\''user.email'\''")" = 0
'

test_ok 'unset of a key that is not set: exit 3, no journal entry' '
	n=$(jcount) &&
	expect_code 3 crm config unset user.email &&
	test_empty out &&
	test_file_is err "error: config key '\''user.email'\'' is not set" &&
	test "$(jcount)" = "$n"
'

test_ok 'set journals config.set with the old and new value' '
	expect_code 0 crm config set user.email "first@x.ru" &&
	expect_code 0 crm config set user.email "second@x.ru" &&
	test_empty err &&
	$SQLX crm.db "SELECT actor, action, entity, CAST(entity_id IS NULL AS INTEGER), data FROM journal ORDER BY id DESC LIMIT 2" >got &&
	test_file_is got "tester|config.set|config|1|{\"key\":\"user.email\",\"value\":\"second@x.ru\",\"old\":\"first@x.ru\"}
tester|config.set|config|1|{\"key\":\"user.email\",\"value\":\"first@x.ru\",\"old\":null}"
'

test_ok 'unset journals config.unset with the old value' '
	expect_code 0 crm config unset user.email &&
	test_empty err &&
	$SQLX crm.db "SELECT actor, action, data FROM journal ORDER BY id DESC LIMIT 1" >got &&
	test_file_is got "tester|config.unset|{\"key\":\"user.email\",\"old\":\"second@x.ru\"}"
'

test_ok 'the actor is --as, over CRM_USER' '
	expect_code 0 crm --as "Анна" config set user.email a@x.ru &&
	test_empty out && test_empty err &&
	expect_code 0 crm --as=boris config unset user.email &&
	test_empty out && test_empty err &&
	$SQLX crm.db "SELECT actor, action FROM journal ORDER BY id DESC LIMIT 2" >got &&
	test_file_is got "boris|config.unset
Анна|config.set"
'

test_ok 'the actor is CRM_USER, over user.name of the user config file' '
	expect_code 0 crm config --global set user.name "Пётр Иванович Ёлкин" &&
	CRM_USER=vera && export CRM_USER &&
	expect_code 0 crm config set user.email v@x.ru &&
	test_empty err &&
	test "$($SQLX crm.db "SELECT actor FROM journal ORDER BY id DESC LIMIT 1")" = vera
'

test_ok 'without --as and CRM_USER the actor is user.name of the user config file' '
	unset CRM_USER &&
	expect_code 0 crm config set user.email n@x.ru &&
	test_empty err &&
	test "$($SQLX crm.db "SELECT actor FROM journal ORDER BY id DESC LIMIT 1")" = "Пётр Иванович Ёлкин"
'

test_ok 'an empty CRM_USER counts as unset' '
	CRM_USER= && export CRM_USER &&
	expect_code 0 crm config set user.email e@x.ru &&
	test_empty err &&
	test "$($SQLX crm.db "SELECT actor FROM journal ORDER BY id DESC LIMIT 1")" = "Пётр Иванович Ёлкин"
'

test_ok 'without user.name either the actor is the login name' '
	unset CRM_USER &&
	me=$(id -un) &&
	test -n "$me" &&
	expect_code 0 crm config --global unset user.name &&
	test_empty err &&
	expect_code 0 crm config set user.email l@x.ru &&
	test_empty err &&
	$SQLX crm.db "SELECT actor, action FROM journal ORDER BY id DESC LIMIT 2" >got &&
	test_file_is got "$me|config.set
Пётр Иванович Ёлкин|config.set"
'

test_ok 'the base holds no identity: its company.name is no actor, user.name no key' '
	unset CRM_USER &&
	me=$(id -un) &&
	expect_code 0 crm config set company.name "Новое Имя" &&
	expect_code 0 crm config set user.email after@x.ru &&
	$SQLX crm.db "SELECT actor, action, json_extract(data, '\''$.key'\'') FROM journal ORDER BY id DESC LIMIT 2" >got &&
	test_file_is got "$me|config.set|user.email
$me|config.set|company.name" &&
	n=$(jcount) &&
	expect_code 2 crm config set user.name "Новое Имя" &&
	test_empty out &&
	test_grep "user.name is not a setting of the base" err &&
	test_grep "crm config --global" err &&
	test "$(jcount)" = "$n"
'

test_ok 'the full precedence: --as > CRM_USER > user.name of the user config file' '
	expect_code 0 crm config --global set user.name "Новое Имя" &&
	CRM_USER=env-user && export CRM_USER &&
	expect_code 0 crm --as flag-user config set user.email p1@x.ru &&
	expect_code 0 crm config set user.email p2@x.ru &&
	unset CRM_USER &&
	expect_code 0 crm config set user.email p3@x.ru &&
	$SQLX crm.db "SELECT actor FROM journal ORDER BY id DESC LIMIT 3" >got &&
	test_file_is got "Новое Имя
env-user
flag-user"
'

test_ok 'a rolled-back set leaves neither value nor journal' '
	n=$(jcount) &&
	before=$($SQLX crm.db "SELECT value FROM config WHERE key = '\''user.email'\''") &&
	bad=$(printf "x\377") &&
	expect_code 2 crm config set user.email "$bad" &&
	test_empty out &&
	test_grep "not valid UTF-8" err &&
	test "$(jcount)" = "$n" &&
	test "$($SQLX crm.db "SELECT value FROM config WHERE key = '\''user.email'\''")" = "$before"
'

test_done
