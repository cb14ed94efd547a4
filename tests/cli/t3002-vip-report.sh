#!/bin/sh
# t3002-vip-report: crm vip report in every format, with coverage and
# overdue counts against --until, quality failures and their remedy,
# referrals that became active, opportunities and refreshed contacts; the
# audit's vip-not-surveyed and quality-unremedied rules on the same base;
# and the twins of the EXAMPLES of crm-vip(1).
. "$SRCDIR/tests/cli/lib.sh"

T=$(printf '\t')

at() { # runs crm with "now" at the given time
	_when=$1
	shift
	CRM_NOW=$_when crm "$@"
}

test_ok 'the examples of crm-vip(1): start, assign, list' '
	crm -q init &&
	crm -q manager add Head --role head &&
	crm -q manager add Ann &&
	crm -q manager add Bob &&
	crm -q client add Acme --status active --owner Bob --tag speed=100 &&
	crm -q client add Beta --status active --owner Ann &&
	crm -q client add Gamma --status regular --owner Ann --tier key &&
	expect_code 0 crm vip program start --lead Head --staff Ann,Bob --until 2026-12-31 "VIP 2026" &&
	expect_code 0 crm vip assign &&
	expect_code 0 crm vip assign --apply &&
	expect_code 0 crm --as Ann vip list --mine --pending &&
	test_grep "Acme" out
'
test_ok 'the example survey with a meeting held yesterday' '
	cat >answers.json <<-EOF &&
	{"cooperation.rating": "хорошо", "quality.speed": 40, "quality.outage": true,
	 "contacts.key": [{"name": "Ivan Petrov", "phone": "+7 495 111-22-33"}],
	 "expand.volume": "two more offices",
	 "referrals.list": [{"name": "Omega", "contact": "Pavel"}]}
	EOF
	expect_code 0 crm --as Ann vip survey --date yesterday --answers answers.json Acme &&
	test_grep "incident" out &&
	test "$("$SQLX" crm.db "SELECT $(sql_date at) FROM vip_survey")" = 2026-11-21
'
test_ok 'a second survey, good quality, and a referral that turned active' '
	echo "{\"cooperation.rating\": \"отлично\", \"quality.outage\": false, \"referrals.list\": [{\"name\": \"Sigma\", \"kind\": \"person\"}]}" |
		crm -q --as Ann vip survey --answers - Beta >/dev/null &&
	crm -q client edit Sigma --status active &&
	crm -q note Omega "first call" --kind call
'

test_ok 'report: a table per section' '
	expect_code 0 crm vip report &&
	test_empty err &&
	cat >want <<-EOF &&

	Programme
	ID  NAME      STATUS  LEAD  STARTED     UNTIL       CLOSED  CLIENTS  DONE  LEFT  OVERDUE
	 1  VIP 2026  active  Head  2026-11-22  2026-12-31  -             3     2     1        0

	Coverage
	MANAGER_ID  MANAGER  ASSIGNED  DONE  LEFT  OVERDUE
	         2  Ann             1     1     0        0
	         3  Bob             2     1     1        0

	Quality
	SURVEYS  PASSED  FAILED  UNCHECKED  REMEDIED  UNREMEDIED
	      2       1       1          0         0           1

	Quality failures
	SURVEY_ID  CLIENT_ID  CLIENT  DATE        FAILED                        INCIDENT_ID  REMEDY_ID  REMEDY_ASSIGNEE  REMEDY_DUE  REMEDY_STATUS  REMEDIED  REMEDIED_ON
	        1          1  Acme    2026-11-21  quality.speed,quality.outage            1          1  Bob              2026-11-29  open           no        -

	Referrals
	COLLECTED  ACTIVE
	        2       1

	Referred clients
	CLIENT_ID  CLIENT  STATUS    ACTIVE  REFERRED_BY_ID  REFERRED_BY  DATE
	        4  Omega   prospect  no                   1  Acme         2026-11-21
	        5  Sigma   active    yes                  2  Beta         2026-11-22

	Opportunities
	CREATED  DONE
	      1     0

	Opportunity actions
	ID  CLIENT_ID  CLIENT  TEXT                                             ASSIGNEE_ID  ASSIGNEE  DUE         STATUS
	 2          1  Acme    VIP opportunity (рост объёма): two more offices            2  Ann       2026-12-06  open

	Key contacts
	REFRESHED  ADDED  UPDATED  CONFIRMED  CLIENTS
	        1      1        0          0        1
	EOF
	cmp want out
'
test_ok 'report: json is one object with the sections' '
	expect_code 0 crm --json vip report &&
	test "$(wc -l <out)" -eq 1 &&
	test_grep "{\"program\":{\"id\":1,\"name\":\"VIP 2026\",\"status\":\"active\",\"lead\":\"Head\",\"started\":\"2026-11-22\",\"until\":\"2026-12-31\",\"closed\":null,\"clients\":3,\"done\":2,\"left\":1,\"overdue\":0},\"coverage\":[" out &&
	test_grep "\"quality\":{\"surveys\":2,\"passed\":1,\"failed\":1,\"unchecked\":0,\"remedied\":0,\"unremedied\":1,\"failures\":[{\"survey_id\":1,\"client_id\":1,\"client\":\"Acme\",\"date\":\"2026-11-21\",\"failed\":[\"quality.speed\",\"quality.outage\"]," out &&
	test_grep "\"referrals\":{\"collected\":2,\"active\":1,\"clients\":[" out &&
	test_grep "\"opportunities\":{\"created\":1,\"done\":0,\"actions\":[" out &&
	test_grep "\"contacts\":{\"refreshed\":1,\"added\":1,\"updated\":0,\"confirmed\":0,\"clients\":1}}" out
'
if command -v python3 >/dev/null 2>&1; then
	test_ok 'report: the json parses, sections in order' '
		crm --json vip report >r.json &&
		python3 -c "
import json
r = json.load(open(\"r.json\"))
assert list(r) == [\"program\", \"coverage\", \"quality\", \"referrals\", \"opportunities\", \"contacts\"], list(r)
assert r[\"coverage\"][1][\"manager\"] == \"Bob\"
assert r[\"referrals\"][\"clients\"][1][\"active\"] is True
"
	'
else
	test_skip 'report: the json parses' 'no python3'
fi
test_ok 'report: ndjson is the same object on one line' '
	crm --json vip report >j &&
	expect_code 0 crm --format ndjson vip report &&
	cmp j out
'
test_ok 'report: csv, one row per figure' '
	expect_code 0 crm --format csv vip report &&
	head -n 3 out >head &&
	test_file_is head "section,subject_id,subject,metric,value
program,1,VIP 2026,id,1
program,1,VIP 2026,name,VIP 2026" &&
	test_grep "coverage,3,Bob,left,1" out &&
	test_grep "quality,,,failed,1" out &&
	test_grep "quality,1,Acme,failed,\"quality.speed,quality.outage\"" out &&
	test_grep "referrals,5,Sigma,active,true" out &&
	test_grep "opportunities,1,Acme,status,open" out &&
	test_grep "contacts,,,refreshed,1" out
'
test_ok 'report: tsv and --fields' '
	expect_code 0 crm --format tsv --fields section,metric,value vip report &&
	test_grep "referrals${T}collected${T}2" out &&
	expect_code 0 crm --fields metric,value vip report &&
	head -n 1 out >head &&
	test_file_is head "METRIC           VALUE" &&
	test_grep "collected        2" out
'
test_code 2 'report: an unknown field' crm --format csv --fields nope vip report
test_code 3 'report of an unknown programme' crm vip report 7
test_ok 'report by name' 'expect_code 0 crm --json vip report "VIP 2026" && test_grep "\"name\":\"VIP 2026\"" out'

test_ok 'a remedied failure and a done opportunity count' '
	crm -q incident resolve 1 --how "line replaced" &&
	crm -q next done 2 &&
	expect_code 0 crm --format tsv --fields section,subject,metric,value vip report &&
	test_grep "quality${T}${T}remedied${T}1" out &&
	test_grep "quality${T}Acme${T}remedied_on${T}2026-11-22" out &&
	test_grep "opportunities${T}${T}done${T}1" out
'
test_ok 'after --until the client left is overdue' '
	at 2027-01-05T10:00:00Z --format tsv --fields section,subject,metric,value vip report >out &&
	test_grep "coverage${T}Bob${T}overdue${T}1" out &&
	test_grep "coverage${T}Ann${T}overdue${T}0" out &&
	test_grep "program${T}VIP 2026${T}overdue${T}1" out &&
	at 2027-01-05T10:00:00Z --format tsv --fields id,overdue vip program list >out &&
	test_file_is out "id${T}overdue
1${T}1"
'

# ---- the audit's rules of the programme ----

test_ok 'audit vip-not-surveyed: the overdue client of the programme' '
	at 2027-01-05T10:00:00Z --format tsv --fields client,rule,since audit --rule vip-not-surveyed >out &&
	test_file_is out "client${T}rule${T}since
Gamma${T}vip-not-surveyed${T}2026-12-31" &&
	at 2027-01-05T10:00:00Z --format tsv --fields detail audit --rule vip-not-surveyed >out &&
	test_grep "still to survey in the VIP programme '\''VIP 2026'\'', 5 days past its due date: Bob should meet them, then run '\''crm vip survey'\''" out
'
test_ok 'audit quality-unremedied: a failure whose technical work is past due' '
	echo "{\"cooperation.rating\": \"плохо\", \"quality.outage\": true}" |
		crm -q --as Bob vip survey --answers - Gamma >/dev/null &&
	expect_code 0 crm --format tsv --fields client,rule audit --rule quality-unremedied &&
	test_file_is out "client${T}rule" &&
	at 2026-12-05T10:00:00Z --format tsv --fields client,rule,since audit --rule quality-unremedied >out &&
	test_file_is out "client${T}rule${T}since
Gamma${T}quality-unremedied${T}2026-11-29" &&
	crm -q incident resolve 2 --how "router replaced" &&
	at 2026-12-05T10:00:00Z --format tsv --fields client,rule audit --rule quality-unremedied >out &&
	test_file_is out "client${T}rule"
'
test_ok 'closing with --force, as in the examples' '
	expect_code 0 crm vip program close --force &&
	test_grep "closed VIP programme 1" err
'
test_ok 'report -h' 'expect_code 0 crm vip report -h && test_grep "usage: crm vip report [<program>]" out'

test_done
