#!/bin/sh
# t4004-audit-assignee: every finding names who must act (crm-audit(1),
# WHO ACTS): the assignee in every format, the heads of sales listed once
# each and counted once, --assignee and --mine, the digest per recipient,
# and the completion of the new options.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/audit-fixture.sh"

T=$(printf '\t')

test_ok 'the team base is made' 'audit_team_fixture'

cat >want <<EOF2
rule${T}client_id${T}owner${T}assignee${T}assignee_email
forgotten${T}1${T}Анна${T}Анна${T}anna@example.com
no-next-action${T}4${T}Борис${T}Борис${T}
no-key-contact${T}4${T}Борис${T}Борис${T}
broken-promise${T}2${T}Анна${T}Анна${T}anna@example.com
open-conflict${T}6${T}Анна${T}Анна${T}anna@example.com
handover-pending${T}2${T}Анна${T}Борис${T}
over-capacity${T}${T}Анна${T}Вера${T}vera@example.com
over-capacity${T}${T}Анна${T}Глеб${T}gleb@example.com
vip-not-surveyed${T}1${T}Анна${T}Борис${T}
duplicate${T}3${T}Борис${T}Борис${T}
orphaned${T}7${T}Евгений${T}Вера${T}vera@example.com
orphaned${T}7${T}Евгений${T}Глеб${T}gleb@example.com
trainee-unsupervised${T}4${T}Борис${T}Борис${T}
EOF2

test_ok 'tsv: the assignee beside the owner; a finding for the heads once per head' '
	expect_code 0 crm --format tsv --fields rule,client_id,owner,assignee,assignee_email audit &&
	test_empty err &&
	cmp want out
'

test_ok 'json: the heads listed each, counted once in the summary and the total' '
	expect_code 0 crm --json audit --rule orphaned --rule over-capacity &&
	test "$(grep -c "\"rule\":\"orphaned\"" out)" -eq 2 &&
	grep -q "^{\"severity\":\"error\",\"owner\":\"Евгений\",\"assignee\":\"Вера\",\"assignee_email\":\"vera@example.com\",\"client_id\":7,\"client\":\"Орион\",\"rule\":\"orphaned\",\"since\":null,\"detail\":\"its manager Евгений has left and nobody looks after the client: hand the clients over with '\''crm handover plan --from \\\\\"Евгений\\\\\" --reason leaving'\''\"}" out &&
	tail -n 1 out >got &&
	test_file_is got "\"summary\":{\"over-capacity\":1,\"orphaned\":1},\"severities\":{\"error\":1,\"warn\":1,\"info\":0},\"total\":2}"
'

test_ok 'table: the assignee column, and the summary counts each finding once' '
	expect_code 0 crm --fields severity,owner,assignee,client_id,rule audit --rule orphaned --rule handover-pending &&
	test_file_is out "SEVERITY  OWNER    ASSIGNEE  ID  RULE
error     Евгений  Вера       7  orphaned
error     Евгений  Глеб       7  orphaned
warn      Анна     Борис      2  handover-pending

2 findings as of 2026-11-22: 1 error, 1 warn, 0 info
  handover-pending           warn       1
  orphaned                   error      1"
'

test_ok 'csv: the assignee and its email are columns' '
	expect_code 0 crm --format csv audit --rule handover-pending &&
	test_file_is out "severity,owner,assignee,assignee_email,client_id,client,rule,since,detail
warn,Анна,Борис,,2,Рога и копыта,handover-pending,2026-11-15,handover 1 to Борис waits for acceptance since 7 days: the client hangs between two managers; Борис accepts it ('\''crm handover accept 1'\'') or declines it with a reason"
'

test_ok '--fail-on and --save count a finding for two heads once' '
	expect_code 1 crm -q audit --rule orphaned --fail-on error &&
	expect_code 0 crm -q --format ndjson audit --save --rule orphaned --rule over-capacity &&
	test "$(wc -l <out)" -eq 4 &&
	test "$($SQLX crm.db "SELECT findings, counts FROM audit_run")" = \
		"2|{\"over-capacity\":1,\"orphaned\":1}"
'

test_ok '--assignee: what one manager must do, whoever owns the client' '
	expect_code 0 crm --format tsv --fields rule,client_id,owner audit --assignee Борис &&
	test_file_is out "rule${T}client_id${T}owner
no-next-action${T}4${T}Борис
no-key-contact${T}4${T}Борис
handover-pending${T}2${T}Анна
vip-not-surveyed${T}1${T}Анна
duplicate${T}3${T}Борис
trainee-unsupervised${T}4${T}Борис"
'

test_ok '--mine: what the head I act as must do, each finding once' '
	expect_code 0 crm --as Глеб --format tsv --fields rule,client_id,assignee audit --mine &&
	test_file_is out "rule${T}client_id${T}assignee
over-capacity${T}${T}Глеб
orphaned${T}7${T}Глеб" &&
	expect_code 0 crm --as Глеб --json audit --mine --rule orphaned &&
	test_grep ",\"owner\":null,\"assignee\":\"Глеб\"," out &&
	test_grep "\"total\":1}" out
'

test_ok '--owner with --assignee: what one must do about the clients of another' '
	expect_code 0 crm --format tsv --fields rule,client_id audit --owner Анна --assignee Борис &&
	test_file_is out "rule${T}client_id
handover-pending${T}2
vip-not-surveyed${T}1"
'

test_code 2 '--assignee with --mine is a usage error' crm --as Борис audit --assignee Борис --mine
test_code 3 'an unknown --assignee exits 3' crm audit --assignee Зоя
test_code 3 '--mine for someone who is no manager exits 3' crm audit digest --mine
test_ok '... and names the fix' '
	test_empty out &&
	test_grep "hint: name the manager with --assignee, or act as one with --as <name>" err
'

test_ok 'digest: one text per recipient, each opening with their name and email' '
	expect_code 0 crm audit digest --min-severity error &&
	test_file_is out "To: Анна <anna@example.com>
crm audit for Анна, 2026-11-22: 2 findings (2 error, 0 warn, 0 info), most urgent first

1. [error] Vega (client 6): open-conflict, since 2026-10-01
   conflict '\''wrong invoice'\'' unresolved for 52 days: an open conflict is a time bomb; settle it with the client and run '\''crm incident resolve'\''
2. [error] Рога и копыта (client 2): broken-promise, since 2026-11-01
   guarantee '\''deliver in 90 days'\'' was due 21 days ago: keep it, or tell the client and agree a new date ('\''crm promise keep'\'' or '\''crm promise break'\'')

To: Вера <vera@example.com>
crm audit for Вера, 2026-11-22: 1 finding (1 error, 0 warn, 0 info), most urgent first

1. [error] Орион (client 7, owner Евгений): orphaned
   its manager Евгений has left and nobody looks after the client: hand the clients over with '\''crm handover plan --from \"Евгений\" --reason leaving'\''

To: Глеб <gleb@example.com>
crm audit for Глеб, 2026-11-22: 1 finding (1 error, 0 warn, 0 info), most urgent first

1. [error] Орион (client 7, owner Евгений): orphaned
   its manager Евгений has left and nobody looks after the client: hand the clients over with '\''crm handover plan --from \"Евгений\" --reason leaving'\''
"
'

test_ok 'digest --assignee: the receiver of a handover sees it, the sender does not' '
	expect_code 0 crm audit digest --assignee Борис --rule handover-pending &&
	test_file_is out "To: Борис (no email on file)
crm audit for Борис, 2026-11-22: 1 finding (0 error, 1 warn, 0 info), most urgent first

1. [warn] Рога и копыта (client 2, owner Анна): handover-pending, since 2026-11-15
   handover 1 to Борис waits for acceptance since 7 days: the client hangs between two managers; Борис accepts it ('\''crm handover accept 1'\'') or declines it with a reason
" &&
	expect_code 0 crm audit digest --assignee Анна --rule handover-pending &&
	test_empty out
'

test_ok 'digest --mine: my own digest only, the load of a manager named' '
	expect_code 0 crm --as Вера audit digest --mine --rule over-capacity &&
	test_file_is out "To: Вера <vera@example.com>
crm audit for Вера, 2026-11-22: 1 finding (0 error, 1 warn, 0 info), most urgent first

1. [warn] the load of Анна: over-capacity
   holds 3 live clients for a capacity of 2: hand some over to a colleague, or raise the capacity with '\''crm manager edit --capacity'\''
"
'

test_ok 'digest as json: an array of digests, each with the recipient and their email' '
	expect_code 0 crm --json --fields manager,email,findings audit digest &&
	test_file_is out "[
{\"manager\":\"Анна\",\"email\":\"anna@example.com\",\"findings\":3},
{\"manager\":\"Борис\",\"email\":null,\"findings\":6},
{\"manager\":\"Вера\",\"email\":\"vera@example.com\",\"findings\":2},
{\"manager\":\"Глеб\",\"email\":\"gleb@example.com\",\"findings\":2}
]" &&
	expect_code 0 crm --format ndjson audit digest --assignee Глеб &&
	test "$(wc -l <out)" -eq 1 &&
	grep -q "^{\"manager_id\":4,\"manager\":\"Глеб\",\"email\":\"gleb@example.com\",.*\"items\":\[{\"severity\":\"error\",\"owner\":\"Евгений\",\"assignee\":\"Глеб\",\"assignee_email\":\"gleb@example.com\",\"client_id\":7,.*\"text\":\"To: Глеб <gleb@example.com>\\\\ncrm audit for Глеб" out
'

test_ok 'completion offers --assignee and --mine to the audit and its digest' '
	expect_code 0 crm __complete audit -- &&
	test_grep "--assignee${T}only what this manager must act on" out &&
	test_grep "--mine${T}only what I must act on" out &&
	expect_code 0 crm __complete audit digest -- &&
	test_grep "--assignee" out &&
	test_grep "--mine" out &&
	expect_code 0 crm __complete audit clients -- &&
	! grep -q "^--assignee" out
'

test_done
