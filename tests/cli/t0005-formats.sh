#!/bin/sh
# t0005-formats: one record rendered as table, json, ndjson, csv and tsv;
# --json, --fields and colour.
. "$SRCDIR/tests/cli/lib.sh"

crm init >/dev/null 2>&1
crm config set company.name "Пётр Иванов"
crm config set user.email 'a, "b" <c@d>'
crm --as "Ёжик в тумане" config unset user.email
crm --as "Пётр" config set user.email "p@x.ru"

# The lines of the user.* keys: the rest of the registry grows over time
# (keys after user.* leave a comma after the last user.* JSON object).
user_lines() {
	{ grep "$1user\." out; grep "$1company\." out; } | sed 's/},$/}/'
}

test_ok 'table: aligned columns, Cyrillic counts one column a letter' '
	expect_code 0 crm --fields id,actor,action,data journal &&
	test_empty err &&
	cat >want <<-\EOF &&
	ID  ACTOR          ACTION        DATA
	 1  tester         base.init     {"time_zone":"UTC","language":"en"}
	 2  tester         config.set    {"key":"company.name","value":"Пётр Иванов","old":null}
	 3  tester         config.set    {"key":"user.email","value":"a, \"b\" <c@d>","old":null}
	 4  Ёжик в тумане  config.unset  {"key":"user.email","old":"a, \"b\" <c@d>"}
	 5  Пётр           config.set    {"key":"user.email","value":"p@x.ru","old":null}
	EOF
	cmp want out
'

test_ok 'table: config list columns line up with a Cyrillic value' '
	crm config set user.email "a, \"b\" <c@d>" &&
	expect_code 0 crm --fields value,key config list &&
	test_empty err &&
	head -n 1 out | grep -E "^VALUE +KEY$" &&
	grep -E "^a, \"b\" <c@d>  user\.email$" out &&
	grep -E "^Пётр Иванов +company\.name$" out &&
	sed "s/[^ ]*\$//" out >prefixes &&
	while IFS= read -r l; do printf "%s" "$l" | wc -m; done <prefixes | sort -u >widths &&
	test "$(wc -l <widths)" -eq 1 &&
	test "$(cat widths)" -ge 14
'

test_ok 'table: no line ends in a space, header first' '
	expect_code 0 crm config list &&
	test_empty err &&
	! grep " \$" out &&
	head -n 1 out | grep -E "^KEY +VALUE +SET +DEFAULT +TYPE +DESCRIPTION$" &&
	grep -E "^company\.name +Пётр Иванов +yes +- +string +the company.s name" out
'

test_ok 'json: an array of objects with every field, valid JSON' '
	expect_code 0 crm --format json config list &&
	test_empty err &&
	head -n 1 out >first && test_file_is first "[" &&
	tail -n 1 out >last && test_file_is last "]" &&
	user_lines "{\"key\":\"" >u &&
	test_file_is u "{\"key\":\"user.email\",\"value\":\"a, \\\"b\\\" <c@d>\",\"set\":true,\"default\":null,\"type\":\"string\",\"summary\":\"email of the person using this base, shown in messages to clients\"}
{\"key\":\"company.name\",\"value\":\"Пётр Иванов\",\"set\":true,\"default\":null,\"type\":\"string\",\"summary\":\"the company'\''s name, as the letters to clients give it (ООО «Связь-Сервис»)\"}"
'

if command -v python3 >/dev/null 2>&1 && python3 -c "import json" 2>/dev/null; then
	test_ok 'json: python parses it, keys in order, values typed' '
		crm --format json config list >list.json &&
		python3 -c "
import json, sys
rows = json.load(sys.stdin)
assert isinstance(rows, list) and len(rows) >= 2, rows
for r in rows:
    assert list(r) == [\"key\", \"value\", \"set\", \"default\", \"type\", \"summary\"], r
    assert isinstance(r[\"set\"], bool), r
name = [r for r in rows if r[\"key\"] == \"company.name\"][0]
assert name[\"value\"] == \"Пётр Иванов\" and name[\"set\"] is True and name[\"default\"] is None
" <list.json &&
		crm --format json journal >journal.json &&
		python3 -c "
import json, sys
rows = json.load(sys.stdin)
assert [r[\"id\"] for r in rows] == list(range(1, len(rows) + 1)), rows
assert rows[3][\"actor\"] == \"Ёжик в тумане\"
assert rows[3][\"data\"] == {\"key\": \"user.email\", \"old\": \"a, \\\"b\\\" <c@d>\"}, rows[3]
assert rows[0][\"entity_id\"] is None
" <journal.json
	'
else
	test_skip 'json: python parses it' 'no python3'
fi

test_ok 'ndjson: one object per line, the same objects as json' '
	expect_code 0 crm --format ndjson config list &&
	test_empty err &&
	crm --format json config list | sed -e "1d" -e "\$d" -e "s/},\$/}/" >want &&
	cmp want out &&
	! grep -v "^{.*}\$" out
'

test_ok 'csv: a header and RFC 4180 quoting' '
	expect_code 0 crm --format csv config list &&
	test_empty err &&
	head -n 1 out >first &&
	test_file_is first "key,value,set,default,type,summary" &&
	user_lines "^" >u &&
	test_file_is u "user.email,\"a, \"\"b\"\" <c@d>\",true,,string,\"email of the person using this base, shown in messages to clients\"
company.name,Пётр Иванов,true,,string,\"the company'\''s name, as the letters to clients give it (ООО «Связь-Сервис»)\""
'

test_ok 'csv: a quote alone is quoted and doubled' '
	crm config set user.email "say \"hi\"" &&
	expect_code 0 crm --format csv --fields key,value config list &&
	test_empty err &&
	user_lines "^" >u &&
	test_file_is u "user.email,\"say \"\"hi\"\"\"
company.name,Пётр Иванов"
'

test_ok 'tsv: a header, tabs, no quoting' '
	crm config set user.email "a, \"b\" <c@d>" &&
	expect_code 0 crm --format tsv config list &&
	test_empty err &&
	head -n 1 out >first &&
	test_file_is first "$(printf "key\tvalue\tset\tdefault\ttype\tsummary")" &&
	user_lines "^" >u &&
	printf "%s\n" \
		"user.email	a, \"b\" <c@d>	true		string	email of the person using this base, shown in messages to clients" \
		"company.name	Пётр Иванов	true		string	the company'\''s name, as the letters to clients give it (ООО «Связь-Сервис»)" >want &&
	cmp want u
'

# (a note: a text that may hold lines; config values are one line)
test_ok 'tsv: a tab or newline in a value is escaped' '
	crm client add --note "$(printf "a\tb\nc\\\\d")" TsvNote >/dev/null &&
	expect_code 0 crm --format tsv --fields name,note client show TsvNote &&
	test_empty err &&
	grep "^TsvNote" out >u &&
	test_file_is u "TsvNote	a\\tb\\nc\\\\d" &&
	crm client edit --note "" TsvNote
'

test_ok '--json equals --format json' '
	crm --format json config list >a &&
	expect_code 0 crm --json config list &&
	test_empty err &&
	cmp a out &&
	crm --format json config get company.name >a &&
	expect_code 0 crm --json config get company.name &&
	cmp a out
'

test_ok 'the last --format wins, and --json over --format' '
	expect_code 0 crm --format csv --format tsv --fields key config list &&
	test_empty err &&
	head -n 1 out >first && test_file_is first key &&
	! grep "," out &&
	expect_code 0 crm --format csv --json --fields key config list &&
	head -n 1 out >first && test_file_is first "["
'

test_ok '--fields picks and orders in a table' '
	expect_code 0 crm --fields set,key config list &&
	test_empty err &&
	head -n 1 out | grep -E "^SET +KEY$" &&
	grep -E "^yes +company\.name$" out &&
	grep -E "^yes +user\.email$" out
'

test_ok '--fields picks and orders in json' '
	expect_code 0 crm --json --fields value,key config list &&
	test_empty err &&
	user_lines "\"key\":\"" >u &&
	test_file_is u "{\"value\":\"a, \\\"b\\\" <c@d>\",\"key\":\"user.email\"}
{\"value\":\"Пётр Иванов\",\"key\":\"company.name\"}"
'

test_ok '--fields picks and orders in ndjson' '
	expect_code 0 crm --format ndjson --fields set,key config list &&
	test_empty err &&
	user_lines "\"key\":\"" >u &&
	test_file_is u "{\"set\":true,\"key\":\"user.email\"}
{\"set\":true,\"key\":\"company.name\"}"
'

test_ok '--fields picks and orders in csv' '
	expect_code 0 crm --format csv --fields value,key config list &&
	test_empty err &&
	head -n 1 out >first && test_file_is first "value,key" &&
	grep -e ",user\." -e ",company\." out >u &&
	test_file_is u "Пётр Иванов,company.name
\"a, \"\"b\"\" <c@d>\",user.email"
'

test_ok '--fields picks and orders in tsv' '
	expect_code 0 crm --format tsv --fields type,key config list &&
	test_empty err &&
	head -n 1 out >first && test_file_is first "$(printf "type\tkey")" &&
	grep -e "user\." -e "company\." out >u &&
	test_file_is u "$(printf "string\tcompany.name\nstring\tuser.email")"
'

test_ok '--fields for a single object (config get)' '
	expect_code 0 crm --json --fields set,value config get company.name &&
	test_empty err &&
	test_file_is out "{\"set\":true,\"value\":\"Пётр Иванов\"}" &&
	expect_code 0 crm --format csv --fields value config get company.name &&
	test_file_is out "value
Пётр Иванов"
'

test_ok '--fields nosuch: exit 2 naming the valid fields' '
	expect_code 2 crm --fields nosuch config list &&
	test_empty out &&
	test_file_is err "error: unknown field '\''nosuch'\'' (valid: key, value, set, default, type, summary)" &&
	expect_code 2 crm --json --fields key,nosuch config list &&
	test_empty out &&
	test_grep "unknown field '\''nosuch'\''" err &&
	expect_code 2 crm --format csv --fields nosuch journal &&
	test_empty out &&
	test_grep "(valid: id, at, actor, action, entity, entity_id, data)" err
'

test_ok '--fields with a repeated or empty field: exit 2' '
	expect_code 2 crm --fields key,key config list &&
	test_empty out &&
	test_grep "error: " err &&
	expect_code 2 crm --fields key,,value config list &&
	test_empty out &&
	test_grep "error: " err
'

test_ok '--color always puts an escape sequence in the table header' '
	expect_code 0 crm --color always --fields key config list &&
	test_empty err &&
	esc=$(printf "\033") &&
	head -n 1 out >first &&
	grep "$esc\[1m" first &&
	test_file_is first "$(printf "\033[1mKEY\033[0m")" &&
	tail -n +2 out >rest &&
	! grep "$esc" rest
'

test_ok '--color always never colours machine formats' '
	esc=$(printf "\033") &&
	for f in json ndjson csv tsv; do
		crm --color always --format $f config list >out 2>err || return 1
		test_empty err || return 1
		! grep "$esc" out || return 1
	done
'

test_ok '--color never and NO_COLOR: no escape sequence' '
	esc=$(printf "\033") &&
	expect_code 0 crm --color never config list &&
	test_empty err &&
	! grep "$esc" out &&
	expect_code 0 crm config list &&
	! grep "$esc" out &&
	unset NO_COLOR &&
	expect_code 0 crm --color auto config list &&
	test_empty err &&
	! grep "$esc" out
'

if command -v script >/dev/null 2>&1 && script -qec true /dev/null </dev/null >/dev/null 2>&1; then
	test_ok 'on a terminal: colour by default, none with NO_COLOR or --color never' '
		esc=$(printf "\033") &&
		(unset NO_COLOR; script -qec "\"$CRM\" --fields key config list" /dev/null) </dev/null >tty.out 2>&1 &&
		grep "$esc\[1mKEY" tty.out &&
		(NO_COLOR=1; export NO_COLOR; script -qec "\"$CRM\" --fields key config list" /dev/null) </dev/null >tty.out 2>&1 &&
		grep "KEY" tty.out && ! grep "$esc" tty.out &&
		(unset NO_COLOR; script -qec "\"$CRM\" --color never --fields key config list" /dev/null) </dev/null >tty.out 2>&1 &&
		grep "KEY" tty.out && ! grep "$esc" tty.out
	'
else
	test_skip 'on a terminal: colour by default' 'no script(1) to make a terminal'
fi

test_done
