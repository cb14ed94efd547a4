#!/bin/sh
# t4001-audit-reports: crm audit rules, managers, clients, digest, and
# --save with history: what each shows, in every format, and bad input.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/audit-fixture.sh"

T=$(printf '\t')

test_ok 'the fixture base is made' 'audit_fixture'

# ---- rules

test_ok 'rules: every rule with its severity, assignee, thresholds, feature and why' '
	expect_code 0 crm --format tsv audit rules &&
	test_empty err &&
	test "$(wc -l <out)" -eq 27 &&
	sed -n 1,2p out >got &&
	test_file_is got "rule${T}severity${T}assignee${T}thresholds${T}needs${T}why
forgotten${T}warn${T}owner${T}{\"audit.forgotten.days.vip\":30,\"audit.forgotten.days.key\":45,\"audit.forgotten.days.regular\":90}${T}${T}no interaction of any kind for longer than the client'\''s own contact frequency, else its tier'\''s: clients are lost silently" &&
	cut -f1,2,3,5 out | sed 1d >got &&
	test_file_is got "forgotten${T}warn${T}owner${T}
no-next-action${T}warn${T}owner${T}
overdue-action${T}warn${T}owner${T}
no-key-contact${T}warn${T}owner${T}
stale-contact${T}info${T}owner${T}
paper-relationship${T}warn${T}owner${T}
broken-promise${T}error${T}owner${T}
open-conflict${T}error${T}owner${T}
storm${T}warn${T}owner${T}
silent-client${T}info${T}owner${T}
handover-pending${T}warn${T}receiver${T}
handover-no-notice${T}warn${T}receiver${T}
handover-no-first-action${T}error${T}receiver${T}
client-requests${T}warn${T}heads${T}
vacation-return${T}warn${T}heads${T}
over-capacity${T}warn${T}heads${T}
vip-not-surveyed${T}warn${T}surveyor${T}
quality-unremedied${T}error${T}remedy${T}
duplicate${T}info${T}owner${T}
orphaned${T}error${T}heads${T}
trainee-unsupervised${T}warn${T}mentor${T}
rescheduled${T}warn${T}heads${T}
late-meeting${T}warn${T}heads${T}
no-control-call${T}info${T}mentor${T}
key-contact-left${T}warn${T}owner${T}
birthday${T}info${T}owner${T}"
'

test_ok 'rules shows the thresholds in force' '
	crm config set audit.storm.days 7 &&
	crm config set audit.duplicate.contacts no &&
	expect_code 0 crm --format ndjson audit rules &&
	grep "\"rule\":\"storm\"" out >got &&
	test_file_is got "{\"rule\":\"storm\",\"severity\":\"warn\",\"assignee\":\"owner\",\"thresholds\":{\"audit.storm.days\":7},\"needs\":null,\"why\":\"a client stuck in the storm stage: the first problems decide whether they stay\"}" &&
	grep -q "\"thresholds\":{\"audit.duplicate.contacts\":false}" out &&
	grep -q "\"rule\":\"vip-not-surveyed\",\"severity\":\"warn\",\"assignee\":\"surveyor\",\"thresholds\":{\"audit.vip-not-surveyed.days\":365},\"needs\":null" out &&
	crm config unset audit.storm.days &&
	crm config unset audit.duplicate.contacts
'

test_ok 'rules in a table and as csv' '
	expect_code 0 crm audit rules &&
	sed -n 1p out | grep -q "^RULE  *SEVERITY  *ASSIGNEE  *THRESHOLDS  *NEEDS  *WHY\$" &&
	test "$(wc -l <out)" -eq 27 &&
	expect_code 0 crm --format csv audit rules &&
	sed -n 2p out | grep -q "^forgotten,warn,owner,\"{\"\"audit.forgotten.days.vip\"\":30,"
'

test_code 2 'rules takes no argument' crm audit rules forgotten

# ---- managers

cat >want-managers <<EOF
manager_id${T}manager${T}status${T}clients${T}capacity${T}forgotten${T}forgotten_pct${T}overdue_actions${T}broken_promises${T}open_conflicts${T}repeat_rate${T}median_days${T}handovers_in${T}handovers_out${T}score${T}orders${T}orders_sum${T}new_clients${T}lost_clients${T}promises_kept${T}promises_broken${T}first_contact_days${T}moves${T}late_meetings
1${T}Анна${T}active${T}3${T}2${T}1${T}33${T}0${T}1${T}1${T}${T}2${T}0${T}0${T}72${T}0${T}0.00${T}0${T}0${T}0${T}0${T}${T}0${T}0
2${T}Борис${T}active${T}2${T}50${T}0${T}0${T}0${T}0${T}0${T}${T}9${T}0${T}0${T}100${T}0${T}0.00${T}1${T}0${T}0${T}0${T}${T}0${T}0
EOF

test_ok 'managers: a scorecard each, the lowest score first' '
	expect_code 0 crm --format tsv audit managers &&
	test_empty err &&
	cmp want-managers out
'

test_ok 'managers as json: the repeat-order rate is null while nobody ordered' '
	expect_code 0 crm --json audit managers --owner Борис &&
	test_file_is out "[
{\"manager_id\":2,\"manager\":\"Борис\",\"status\":\"active\",\"clients\":2,\"capacity\":50,\"forgotten\":0,\"forgotten_pct\":0,\"overdue_actions\":0,\"broken_promises\":0,\"open_conflicts\":0,\"repeat_rate\":null,\"median_days\":9,\"handovers_in\":0,\"handovers_out\":0,\"score\":100,\"orders\":0,\"orders_sum\":\"0.00\",\"new_clients\":1,\"lost_clients\":0,\"promises_kept\":0,\"promises_broken\":0,\"first_contact_days\":null,\"moves\":0,\"late_meetings\":0}
]"
'

test_ok 'managers --sort name, and with orders the repeat-order rate' '
	$SQLX crm.db "INSERT INTO interaction(client_id, kind, at, author, text, created) VALUES
		(3, '\''order'\'', unixepoch('\''2026-11-01'\''), '\''Борис'\'', '\''o'\'', 0),
		(3, '\''order'\'', unixepoch('\''2026-11-02'\''), '\''Борис'\'', '\''o'\'', 0),
		(4, '\''order'\'', unixepoch('\''2026-11-03'\''), '\''Борис'\'', '\''o'\'', 0)" &&
	expect_code 0 crm --format tsv --fields manager,repeat_rate,score audit managers --sort name &&
	test_file_is out "manager${T}repeat_rate${T}score
Анна${T}${T}72
Борис${T}50${T}100" &&
	$SQLX crm.db "DELETE FROM interaction WHERE kind = '\''order'\''"
'

test_ok 'managers --as-of: the scorecard of a past day' '
	expect_code 0 crm --format tsv --fields manager,clients,forgotten,open_conflicts audit managers --as-of 2026-09-15 --sort name &&
	test_file_is out "manager${T}clients${T}forgotten${T}open_conflicts
Анна${T}3${T}2${T}0
Борис${T}1${T}1${T}0"
'

test_code 2 'managers: an unknown --sort is a usage error' crm audit managers --sort health

# ---- clients

test_ok 'clients: health from the rules tripped, the lowest first, with reasons' '
	expect_code 0 crm --format tsv audit clients &&
	test_empty err &&
	test_file_is out "client_id${T}client${T}tier${T}status${T}owner${T}health${T}rules${T}reasons${T}regular_candidate${T}regular_reasons
4${T}Acme${T}regular${T}prospect${T}Борис${T}70${T}2${T}no-next-action;no-key-contact${T}false${T}
6${T}Vega${T}vip${T}active${T}Анна${T}70${T}1${T}open-conflict${T}false${T}
2${T}Рога и копыта${T}regular${T}active${T}Анна${T}70${T}1${T}broken-promise${T}false${T}
1${T}ООО «Ромашка»${T}key${T}active${T}Анна${T}85${T}1${T}forgotten${T}false${T}
3${T}Ромашка, LLC${T}regular${T}active${T}Борис${T}95${T}1${T}duplicate${T}false${T}"
'

test_ok 'clients as json: reasons are an array' '
	expect_code 0 crm --format ndjson audit clients --limit 1 &&
	test_file_is out "{\"client_id\":4,\"client\":\"Acme\",\"tier\":\"regular\",\"status\":\"prospect\",\"owner\":\"Борис\",\"health\":70,\"rules\":2,\"reasons\":[\"no-next-action\",\"no-key-contact\"],\"regular_candidate\":false,\"regular_reasons\":[]}"
'

test_ok 'clients --sort name --owner --rule: a healthy client scores 100' '
	expect_code 0 crm --format tsv --fields client,health,reasons audit clients --sort name --owner Анна --rule forgotten &&
	test_file_is out "client${T}health${T}reasons
Vega${T}100${T}
ООО «Ромашка»${T}85${T}forgotten
Рога и копыта${T}100${T}"
'

test_ok 'clients in a table' '
	expect_code 0 crm audit clients --limit 2 &&
	test_file_is out "ID  CLIENT  TIER     STATUS    OWNER  HEALTH  RULES  REASONS                        REGULAR?  WHY_REGULAR
 4  Acme    regular  prospect  Борис      70      2  no-next-action,no-key-contact  no
 6  Vega    vip      active    Анна       70      1  open-conflict                  no"
'

test_code 2 'clients: a negative --limit is a usage error' crm audit clients --limit -1
test_code 2 'clients: an unknown rule is a usage error' crm audit clients --rule nope
test_code 3 'clients: an unknown owner exits 3' crm audit clients --owner Zed

# ---- digest

test_ok 'digest: one text per person who must act, the most urgent first, with the next step' '
	expect_code 0 crm audit digest &&
	test_empty err &&
	test_file_is out "To: Анна <anna@example.com>
crm audit for Анна, 2026-11-22: 3 findings (2 error, 1 warn, 0 info), most urgent first

1. [error] Vega (client 6): open-conflict, since 2026-10-01
   conflict '\''wrong invoice'\'' unresolved for 52 days: an open conflict is a time bomb; settle it with the client and run '\''crm incident resolve'\''
2. [error] Рога и копыта (client 2): broken-promise, since 2026-11-01
   guarantee '\''deliver in 90 days'\'' was due 21 days ago: keep it, or tell the client and agree a new date ('\''crm promise keep'\'' or '\''crm promise break'\'')
3. [warn] ООО «Ромашка» (client 1): forgotten, since 2026-10-01
   no interaction for 51 days (a key client is due every 45 days): call or meet them, and log it with '\''crm note'\''

To: Борис (no email on file)
crm audit for Борис, 2026-11-22: 3 findings (0 error, 2 warn, 1 info), most urgent first

1. [warn] Acme (client 4): no-next-action, since 2026-11-01
   no open next action since the card was created 21 days ago: a card without one gets forgotten; plan one with '\''crm next add'\''
2. [warn] Acme (client 4): no-key-contact, since 2026-11-01
   no key contact at this company: find out who decides and add them with '\''crm contact add --key'\''
3. [info] Ромашка, LLC (client 3): duplicate, since 2026-03-01
   the same name as client 1 '\''ООО «Ромашка»'\'' once case, punctuation and legal form are set aside: merge the cards or tell them apart

To: nobody (no owner, and no head of sales to act)
crm audit of the findings nobody is to act on, 2026-11-22: 1 finding (0 error, 1 warn, 0 info), most urgent first

1. [warn] the load of Анна: over-capacity
   holds 3 live clients for a capacity of 2: hand some over to a colleague, or raise the capacity with '\''crm manager edit --capacity'\''
"
'

test_ok 'digest --owner: the clients of that manager; findings nobody is to act on get their own' '
	$SQLX crm.db "UPDATE client SET owner_id = NULL WHERE id = 4" &&
	expect_code 0 crm audit digest --owner Борис &&
	test "$(grep -c "^crm audit for" out)" -eq 1 &&
	test_grep "1. [info] Ромашка, LLC (client 3): duplicate" out &&
	expect_code 0 crm audit digest --min-severity warn &&
	test "$(grep -c "^crm audit" out)" -eq 2 &&
	test "$(grep -c "^To: " out)" -eq 2 &&
	test_grep "crm audit of the findings nobody is to act on, 2026-11-22: 4 findings (1 error, 3 warn, 0 info)" out &&
	test_grep "[error] Acme (client 4, no owner): orphaned" out &&
	! grep -q "crm audit for Борис" out &&
	$SQLX crm.db "UPDATE client SET owner_id = 2 WHERE id = 4"
'

test_ok 'digest as ndjson: one line per recipient, to mail each' '
	expect_code 0 crm --format ndjson audit digest &&
	test "$(wc -l <out)" -eq 3 &&
	sed -n 1p out | grep -q "^{\"manager_id\":1,\"manager\":\"Анна\",\"email\":\"anna@example.com\",\"as_of\":\"2026-11-22T10:00:00Z\",\"findings\":3,\"severities\":{\"error\":2,\"warn\":1,\"info\":0},\"items\":\[{\"severity\":\"error\",\"owner\":\"Анна\",\"assignee\":\"Анна\",\"assignee_email\":\"anna@example.com\",\"client_id\":6,.*\],\"text\":\"To: Анна <anna@example.com>\\\\ncrm audit for Анна, 2026-11-22: 3 findings .*\\\\n\"}\$" &&
	sed -n 2p out | grep -q "^{\"manager_id\":2,\"manager\":\"Борис\",\"email\":null," &&
	sed -n 3p out | grep -q "^{\"manager_id\":null,\"manager\":null,\"email\":null,.*\"findings\":1,"
'

test_ok 'digest as json and csv' '
	expect_code 0 crm --json audit digest --rule storm &&
	test_file_is out "[]" &&
	expect_code 0 crm --format csv --fields manager,findings audit digest &&
	test_file_is out "manager,findings
Анна,3
Борис,3
,1"
'

test_ok 'digest with nothing found prints nothing' '
	expect_code 0 crm audit digest --rule storm &&
	test_empty out &&
	test_empty err
'

# ---- save and history

test_ok 'history with no saved run is empty, and says how to save one' '
	expect_code 0 crm audit history &&
	test_empty out &&
	test_file_is err "no saved audit runs yet: '\''crm audit --save'\'' stores one" &&
	expect_code 0 crm --json audit history &&
	test_file_is out "[]"
'

test_ok '--save stores the counts of the run and journals it' '
	expect_code 0 crm --format ndjson audit --save &&
	test "$(wc -l <out)" -eq 7 &&
	test_file_is err "saved audit run 1" &&
	test "$($SQLX crm.db "SELECT id, at, as_of, actor, CAST(owner_id IS NULL AS INTEGER), findings FROM audit_run")" = \
		"1|1795341600|1795341600|tester|1|7" &&
	test "$($SQLX crm.db "SELECT json_extract(counts, '\''$.forgotten'\'') || '\'','\'' || json_extract(counts, '\''$.storm'\'') || '\'','\'' || json_extract(counts, '\''$.duplicate'\'') FROM audit_run")" = \
		"1,0,1" &&
	test "$($SQLX crm.db "SELECT action, entity, entity_id FROM journal WHERE action = '\''audit.save'\''")" = \
		"audit.save|audit_run|1"
'

test_ok 'a day later the conflict is resolved and the promise kept' '
	$SQLX crm.db "UPDATE incident SET status = '\''resolved'\'', resolved = unixepoch('\''2026-11-23'\'');
		UPDATE promise SET status = '\''kept'\'', closed = unixepoch('\''2026-11-23'\'') WHERE kind = '\''guarantee'\''" &&
	CRM_NOW=2026-11-23T10:00:00Z expect_code 0 crm -q audit --save --fail-on error &&
	test_empty err &&
	CRM_NOW=2026-11-24T10:00:00Z expect_code 0 crm -q --as Анна audit --owner Анна --save
'

test_ok 'history: the trend per rule over the saved runs of the whole base' '
	expect_code 0 crm --format tsv audit history --rule open-conflict --rule forgotten --rule no-next-action &&
	test_empty err &&
	test_file_is out "rule${T}severity${T}runs${T}counts${T}first${T}last${T}change${T}trend
forgotten${T}warn${T}2${T}[1,1]${T}1${T}1${T}0${T}same
no-next-action${T}warn${T}2${T}[1,1]${T}1${T}1${T}0${T}same
open-conflict${T}error${T}2${T}[1,0]${T}1${T}0${T}-1${T}better"
'

test_ok 'history as json, and --last' '
	expect_code 0 crm --json audit history --rule broken-promise &&
	test_file_is out "[
{\"rule\":\"broken-promise\",\"severity\":\"error\",\"runs\":2,\"counts\":[1,0],\"first\":1,\"last\":0,\"change\":-1,\"trend\":\"better\"}
]" &&
	expect_code 0 crm --format tsv --fields rule,counts audit history --rule broken-promise --last 1 &&
	test_file_is out "rule${T}counts
broken-promise${T}[0]"
'

test_ok 'history --owner: the runs of one manager apart' '
	expect_code 0 crm --format tsv --fields rule,runs,counts audit history --owner Анна --rule forgotten &&
	test_file_is out "rule${T}runs${T}counts
forgotten${T}1${T}[1]"
'

test_ok 'history --runs lists the saved runs, newest first' '
	expect_code 0 crm --format tsv --fields id,as_of,author,owner,findings audit history --runs &&
	test_file_is out "id${T}as_of${T}author${T}owner${T}findings
2${T}2026-11-23T10:00:00Z${T}tester${T}${T}5
1${T}2026-11-22T10:00:00Z${T}tester${T}${T}7" &&
	expect_code 0 crm audit history --runs --owner Анна &&
	sed -n 1p out | grep -q "^ID  AT  *AS_OF  *AUTHOR  OWNER  FINDINGS  COUNTS\$" &&
	sed -n 2p out | grep -q "^ 3  2026-11-24 10:00  2026-11-24 10:00  Анна    Анна  *2  {\"forgotten\":1,"
'

test_code 2 'history: --last must be 1 or more' crm audit history --last 0
test_code 2 'history: --runs with --rule is a usage error' crm audit history --runs --rule storm
test_code 2 'history: an unknown rule is a usage error' crm audit history --rule nope

test_ok 'a failed run saves nothing' '
	expect_code 2 crm audit --save --rule nope &&
	test "$($SQLX crm.db "SELECT count(*) FROM audit_run")" = 3
'

test_done
