#!/bin/sh
# t4000-audit: crm audit on a small base: every format, --rule, --owner,
# --mine, --as-of, --min-severity, --fail-on and the exit codes, --sql.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/audit-fixture.sh"

T=$(printf '\t')

test_ok 'the fixture base is made' 'audit_fixture'

cat >want-tsv <<EOF
severity${T}owner${T}assignee${T}assignee_email${T}client_id${T}client${T}rule${T}since${T}detail
warn${T}Анна${T}Анна${T}anna@example.com${T}1${T}ООО «Ромашка»${T}forgotten${T}2026-10-01${T}no interaction for 51 days (a key client is due every 45 days): call or meet them, and log it with 'crm note'
warn${T}Борис${T}Борис${T}${T}4${T}Acme${T}no-next-action${T}2026-11-01${T}no open next action since the card was created 21 days ago: a card without one gets forgotten; plan one with 'crm next add'
warn${T}Борис${T}Борис${T}${T}4${T}Acme${T}no-key-contact${T}2026-11-01${T}no key contact at this company: find out who decides and add them with 'crm contact add --key'
error${T}Анна${T}Анна${T}anna@example.com${T}2${T}Рога и копыта${T}broken-promise${T}2026-11-01${T}guarantee 'deliver in 90 days' was due 21 days ago: keep it, or tell the client and agree a new date ('crm promise keep' or 'crm promise break')
error${T}Анна${T}Анна${T}anna@example.com${T}6${T}Vega${T}open-conflict${T}2026-10-01${T}conflict 'wrong invoice' unresolved for 52 days: an open conflict is a time bomb; settle it with the client and run 'crm incident resolve'
warn${T}Анна${T}${T}${T}${T}${T}over-capacity${T}${T}holds 3 live clients for a capacity of 2: hand some over to a colleague, or raise the capacity with 'crm manager edit --capacity'
info${T}Борис${T}Борис${T}${T}3${T}Ромашка, LLC${T}duplicate${T}2026-03-01${T}the same name as client 1 'ООО «Ромашка»' once case, punctuation and legal form are set aside: merge the cards or tell them apart
EOF

test_ok 'tsv: one row per finding, rule by rule, exit 0 whatever is found' '
	expect_code 0 crm --format tsv audit &&
	test_empty err &&
	cmp want-tsv out
'

test_ok 'table: grouped by severity then owner, and a summary' '
	expect_code 0 crm --fields severity,owner,client_id,client,rule,since audit &&
	test_empty err &&
	test_file_is out "SEVERITY  OWNER  ID  CLIENT         RULE            SINCE
error     Анна    6  Vega           open-conflict   2026-10-01
error     Анна    2  Рога и копыта  broken-promise  2026-11-01
warn      Анна    -  -              over-capacity   -
warn      Анна    1  ООО «Ромашка»  forgotten       2026-10-01
warn      Борис   4  Acme           no-next-action  2026-11-01
warn      Борис   4  Acme           no-key-contact  2026-11-01
info      Борис   3  Ромашка, LLC   duplicate       2026-03-01

7 findings as of 2026-11-22: 2 error, 4 warn, 1 info
  forgotten                  warn       1
  no-next-action             warn       1
  no-key-contact             warn       1
  broken-promise             error      1
  open-conflict              error      1
  over-capacity              warn       1
  duplicate                  info       1" &&
	expect_code 0 crm audit &&
	sed -n 1p out | grep -q "^SEVERITY  OWNER  ASSIGNEE  ASSIGNEE_EMAIL  *ID  CLIENT  *RULE  *SINCE  *DETAIL\$" &&
	sed -n 2p out | grep -q "  conflict '\''wrong invoice'\'' unresolved for 52 days: .*'\''crm incident resolve'\''\$"
'

test_ok 'table with nothing found: one line that says so' '
	expect_code 0 crm audit --rule storm --rule silent-client &&
	test_empty err &&
	test_file_is out "no findings as of 2026-11-22 (2 rules run)"
'

test_ok 'json: as_of, base, owner, assignee, the findings, then the summary of every rule run' '
	expect_code 0 crm audit --rule broken-promise --rule handover-pending --format json &&
	test_empty err &&
	test_file_is out "{\"as_of\":\"2026-11-22T10:00:00Z\",\"base\":\"$CRM_DB\",\"owner\":null,\"assignee\":null,
\"findings\":[
{\"severity\":\"error\",\"owner\":\"Анна\",\"assignee\":\"Анна\",\"assignee_email\":\"anna@example.com\",\"client_id\":2,\"client\":\"Рога и копыта\",\"rule\":\"broken-promise\",\"since\":\"2026-11-01\",\"detail\":\"guarantee '\''deliver in 90 days'\'' was due 21 days ago: keep it, or tell the client and agree a new date ('\''crm promise keep'\'' or '\''crm promise break'\'')\"}
]
,
\"summary\":{\"broken-promise\":1,\"handover-pending\":0},\"severities\":{\"error\":1,\"warn\":0,\"info\":0},\"total\":1}"
'

test_ok 'json with no findings: an empty array and zero counts' '
	expect_code 0 crm --json audit --rule storm &&
	test_file_is out "{\"as_of\":\"2026-11-22T10:00:00Z\",\"base\":\"$CRM_DB\",\"owner\":null,\"assignee\":null,
\"findings\":[]
,
\"summary\":{\"storm\":0},\"severities\":{\"error\":0,\"warn\":0,\"info\":0},\"total\":0}"
'

test_ok 'the format may follow the command, as in the cron line' '
	expect_code 1 crm audit --fail-on warn --format json &&
	head -c 9 out | grep -q "^{\"as_of\"" &&
	grep -q "\"total\":7}" out &&
	test_file_is err "findings at warn or above: exit 1 (--fail-on warn)" &&
	expect_code 0 crm audit --rule storm --json &&
	grep -q "\"total\":0}" out
'

test_ok 'ndjson: one finding per line, and nothing else' '
	expect_code 0 crm --format ndjson audit &&
	test_empty err &&
	test "$(wc -l <out)" -eq 7 &&
	test "$(grep -c "^{\"severity\":\"[a-z]*\",\"owner\":.*\"detail\":\".*\"}\$" out)" -eq 7 &&
	sed -n 1p out >got &&
	test_file_is got "{\"severity\":\"warn\",\"owner\":\"Анна\",\"assignee\":\"Анна\",\"assignee_email\":\"anna@example.com\",\"client_id\":1,\"client\":\"ООО «Ромашка»\",\"rule\":\"forgotten\",\"since\":\"2026-10-01\",\"detail\":\"no interaction for 51 days (a key client is due every 45 days): call or meet them, and log it with '\''crm note'\''\"}" &&
	grep -q "\"assignee\":null,\"assignee_email\":null,\"client_id\":null,\"client\":null,\"rule\":\"over-capacity\",\"since\":null" out
'

test_ok 'csv: a header and one row per finding, quoted as needed' '
	expect_code 0 crm --format csv audit --rule duplicate --rule over-capacity &&
	test_empty err &&
	test_file_is out "severity,owner,assignee,assignee_email,client_id,client,rule,since,detail
warn,Анна,,,,,over-capacity,,\"holds 3 live clients for a capacity of 2: hand some over to a colleague, or raise the capacity with '\''crm manager edit --capacity'\''\"
info,Борис,Борис,,3,\"Ромашка, LLC\",duplicate,2026-03-01,\"the same name as client 1 '\''ООО «Ромашка»'\'' once case, punctuation and legal form are set aside: merge the cards or tell them apart\""
'

test_ok '--fields picks the fields of a finding' '
	expect_code 0 crm --format tsv --fields rule,client_id audit --rule no-key-contact &&
	test_file_is out "rule${T}client_id
no-key-contact${T}4"
'

test_ok '--rule: only the rules named, each once' '
	expect_code 0 crm --format tsv audit --rule no-key-contact --rule forgotten --rule forgotten &&
	test_file_is out "$(sed -n "1,2p;4p" want-tsv)"
'

test_ok 'an unknown rule is a usage error (2) that points to the list' '
	expect_code 2 crm audit --rule forgotten --rule forgoten &&
	test_empty out &&
	sed -n 1p err >got &&
	test_file_is got "error: unknown rule '\''forgoten'\''" &&
	tail -n 1 err >got &&
	test_file_is got "hint: '\''crm audit rules'\'' lists them"
'

test_ok 'rules with nothing to find print just the header' '
	expect_code 0 crm --format tsv audit --rule handover-pending --rule vip-not-surveyed &&
	test_empty err &&
	test_file_is out "severity${T}owner${T}assignee${T}assignee_email${T}client_id${T}client${T}rule${T}since${T}detail"
'

test_ok '--owner: the findings of one manager (by name or id)' '
	expect_code 0 crm --format tsv audit --owner Борис &&
	test_file_is out "$(sed -n "1p;3,4p;8p" want-tsv)" &&
	expect_code 0 crm --format tsv audit --owner 1 &&
	test "$(grep -c "${T}Анна${T}" out)" -eq 4
'

test_ok '--mine: what the manager I act as must do' '
	expect_code 0 crm --as Борис --format tsv audit --mine &&
	test_empty err &&
	test_file_is out "$(sed -n "1p;3,4p;8p" want-tsv)"
'

test_code 3 '--mine when I am not a manager exits 3, as an unknown --owner' crm audit --mine
test_ok '... and says what to do' '
	test_empty out &&
	test_file_is err "error: '\''tester'\'' is not a manager of this base, so --mine means nobody
hint: name the manager with --assignee, or act as one with --as <name>"
'
test_code 3 'an unknown --owner exits 3' crm audit --owner Zed
test_ok '... naming it' 'test_grep "Zed" err && test_empty out'
test_code 3 'an unknown --assignee exits 3' crm audit --assignee Zed
test_code 2 '--assignee and --mine together are a usage error' crm audit --assignee Анна --mine
test_ok '--owner with --mine: what I must do about the clients of one owner' '
	expect_code 0 crm --as Борис --format tsv --fields rule,client_id audit --owner Анна --mine &&
	test_file_is out "rule${T}client_id" &&
	expect_code 0 crm --as Анна --format tsv --fields rule,client_id audit --owner Анна --mine &&
	test_file_is out "rule${T}client_id
forgotten${T}1
broken-promise${T}2
open-conflict${T}6"
'
test_code 2 '--save with --mine is a usage error: runs are of the base or of an owner' \
	crm --as Анна audit --mine --save
test_ok '... and saves nothing' '
	test_grep "leave out --assignee and --mine" err &&
	test "$($SQLX crm.db "SELECT count(*) FROM audit_run")" = 0
'

test_ok '--as-of judges the base as it stood at the end of that day' '
	expect_code 0 crm --format tsv --fields rule,client_id,since audit --as-of 2026-10-15 &&
	test_file_is out "rule${T}client_id${T}since
forgotten${T}2${T}2026-06-01
forgotten${T}3${T}2026-03-01
forgotten${T}6${T}2026-09-01
no-next-action${T}2${T}2026-06-01
no-next-action${T}3${T}2026-03-01
no-next-action${T}6${T}2026-09-01
open-conflict${T}6${T}2026-10-01
over-capacity${T}${T}
duplicate${T}3${T}2026-03-01" &&
	: "Acme (2026-11-01) was no client yet; the later calls and actions did not count;" &&
	: "the promise was not due; duplicates are judged as the cards are now" &&
	expect_code 0 crm --json audit --rule storm --as-of 2026-10-15T08:30:00Z &&
	grep -q "^{\"as_of\":\"2026-10-15T08:30:00Z\"" out
'

test_ok '--as-of accepts relative dates' '
	expect_code 0 crm --format tsv --fields rule,client_id audit --as-of +10d --rule overdue-action &&
	test_file_is out "rule${T}client_id
overdue-action${T}1
overdue-action${T}2
overdue-action${T}6"
'

test_code 2 'an invalid --as-of is a usage error' crm audit --as-of 2026-13-40
test_ok '... that shows the accepted forms' 'test_grep "invalid date '\''2026-13-40'\'' for --as-of" err'

test_ok '--min-severity leaves out the rules below it' '
	expect_code 0 crm --format tsv --fields severity,rule audit --min-severity error &&
	test_file_is out "severity${T}rule
error${T}broken-promise
error${T}open-conflict" &&
	expect_code 0 crm --format tsv --fields severity audit --min-severity warn &&
	! grep -q info out
'

test_ok '--fail-on: 1 when a finding is at or above the level, else 0' '
	expect_code 1 crm -q audit --fail-on error &&
	test_empty err &&
	expect_code 1 crm -q audit --fail-on warn --rule forgotten &&
	expect_code 0 crm -q audit --fail-on warn --rule duplicate &&
	expect_code 0 crm -q audit --fail-on error --min-severity warn --rule forgotten &&
	expect_code 0 crm -q audit --fail-on warn --owner Борис --rule duplicate
'

test_code 2 'an unknown --fail-on level is a usage error' crm audit --fail-on info
test_ok '... listing the levels' 'test_grep "invalid value '\''info'\'' for --fail-on (warn, error)" err'
test_code 2 'an unknown --min-severity is a usage error' crm audit --min-severity fatal

test_ok 'the thresholds come from config' '
	crm config set audit.forgotten.days.key 60 &&
	crm config set audit.open-conflict.days 60 &&
	expect_code 0 crm --format tsv --fields rule audit --rule forgotten --rule open-conflict &&
	test_file_is out "rule" &&
	crm config unset audit.forgotten.days.key &&
	crm config unset audit.open-conflict.days
'

test_ok 'a positional argument that is no subcommand is an error with a hint' '
	expect_code 2 crm audit rulez &&
	test_empty out &&
	test_file_is err "error: unknown command '\''crm audit rulez'\''
hint: did you mean '\''rules'\''?
hint: '\''crm audit -h'\'' lists the commands"
'

test_ok '-h prints the usage of the audit and of every subcommand' '
	expect_code 0 crm audit -h &&
	test_empty err &&
	sed -n 1,6p out >got &&
	test_file_is got "usage: crm audit [--rule <id>]... [--owner <manager>] [--assignee <manager> | --mine] [--as-of <date>] [--min-severity <level>] [--fail-on <level>] [--save] [--sql]
   or: crm audit rules
   or: crm audit managers [--owner <manager> | --mine] [--as-of <date>] [--since <date>] [--until <date>] [--sort (score | name)] [--sql]
   or: crm audit clients [--rule <id>]... [--owner <manager> | --mine] [--as-of <date>] [--sort (health | name)] [--limit <n>]
   or: crm audit digest [--rule <id>]... [--owner <manager>] [--assignee <manager> | --mine] [--as-of <date>] [--min-severity <level>]
   or: crm audit history [--rule <id>]... [--owner <manager> | --mine] [--last <n>] [--runs]" &&
	test_grep "--fail-on warn|error" out &&
	expect_code 0 crm audit digest -h &&
	sed -n 1p out >got &&
	test_file_is got "usage: crm audit digest [--rule <id>]... [--owner <manager>] [--assignee <manager> | --mine] [--as-of <date>] [--min-severity <level>]"
'

sqlite_only '--sql prints a script for the sqlite3 shell, which reads a SQLite file' \
test_ok '--sql prints the queries as a script for the sqlite3 shell' '
	crm config set audit.storm.days 45 &&
	expect_code 0 crm --format ndjson audit --sql --rule storm --owner Борис &&
	test_empty err &&
	sed -n "1,9p" out >got &&
	test_file_is got "-- the queries of one '\''crm audit'\'' run, for the sqlite3 shell
.parameter init
.parameter set :as_of 1795341600
.parameter set :today 1795305600
.parameter set :zone_offset 0
.parameter set :owner 2
.parameter set :assignee NULL
.parameter set :audit_storm_days 45
-- storm" &&
	sed -n 10p out | grep -q "^SELECT 8 AS r, 1 AS s, '\''storm'\'' AS rule, .*;\$" &&
	test "$(wc -l <out)" -eq 10 &&
	crm config unset audit.storm.days
'

test_code 2 '--sql and --save exclude each other' crm audit --sql --save

postgresql_only 'the base is on a server there' \
test_ok '--sql on PostgreSQL: a usage error that says why, and nothing on stdout' '
	expect_code 2 crm audit --sql --rule storm &&
	test_empty out &&
	test_file_is err "error: --sql prints a script for the sqlite3 shell, and the base '\''$CRM_DB'\'' is on PostgreSQL: run the audit itself" &&
	expect_code 2 crm audit managers --sql &&
	test_empty out &&
	test_file_is err "error: --sql prints a script for the sqlite3 shell, and the base '\''$CRM_DB'\'' is on PostgreSQL: run the audit itself"
'

test_code 3 'no base: exit 3 with a hint' crm --db nothere.db audit
test_ok '... the hint names crm init' 'test_grep "crm init" err && test_empty out'

test_ok 'completion offers the subcommands and the rule ids' '
	expect_code 0 crm __complete audit "" &&
	cut -f1 out >got &&
	test_file_is got "clients
digest
history
managers
rules
sources" &&
	expect_code 0 crm __complete audit --rule "" &&
	test "$(wc -l <out)" -eq 26 &&
	test_grep "orphaned" out &&
	test_grep "trainee-unsupervised" out &&
	test_grep "paper-relationship" out &&
	expect_code 0 crm __complete audit --fail-on "" &&
	test_file_is out "warn
error" &&
	expect_code 0 crm __complete audit history --l &&
	test_grep "--last" out
'


# The duplicate rule's name key is crm_name_key, a C function, on SQLite and
# an SQL expression on PostgreSQL: the same cards must pair on both. Each
# pair below is one that the key joins (a separator of each range of
# is_separator: no-break space, ™ and №, CJK brackets, a byte order mark,
# ×, ¼, ‽) or keeps apart (a letter past the ranges: é, À, ⁰, an emoji; a
# legal form that is not a whole word; a name that is nothing but legal
# forms, compared as it is).
test_ok 'duplicate: the name key joins and parts the same names on every backend' '
	nbsp=$(printf "\302\240") && bom=$(printf "\357\273\277") &&
	for n in "Север${nbsp}Плюс" "север-плюс" "Альфа™" "Альфа" "Бета 「Групп」" "бета групп" \
		"${bom}Гамма" "Гамма" "Дельта×2" "Дельта 2" "Café Noir" "Cafe Noir" \
		"Эпсилон😀" "Эпсилон" "ООО" "ООО." "Company Co" "Company-Co" "Зета АО" "зетаао" \
		"Эта ‽" "Эта" "Тета⁰" "Тета" "Йота №5" "йота 5" "Каппа¼" "Каппа" \
		"ЛямбдаÀ" "Лямбда"; do
		crm -q client add "$n" >/dev/null || return 1
	done &&
	expect_code 0 crm --format tsv --fields client_id,detail audit --rule duplicate &&
	test_empty err &&
	sed "s/ once case, punctuation and legal form are set aside: merge the cards or tell them apart\$//" out >got &&
	test_file_is got "client_id${T}detail
10${T}the same name as client 9 '\''Альфа™'\''
12${T}the same name as client 11 '\''Бета 「Групп」'\''
14${T}the same name as client 13 '\''${bom}Гамма'\''
16${T}the same name as client 15 '\''Дельта×2'\''
32${T}the same name as client 31 '\''Йота №5'\''
34${T}the same name as client 33 '\''Каппа¼'\''
3${T}the same name as client 1 '\''ООО «Ромашка»'\''
8${T}the same name as client 7 '\''Север${nbsp}Плюс'\''
28${T}the same name as client 27 '\''Эта ‽'\''"
'

test_done
