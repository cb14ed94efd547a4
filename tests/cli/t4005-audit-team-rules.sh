#!/bin/sh
# t4005-audit-team-rules: the rules of a team's life from the command
# line: trainee-unsupervised at 6, 7 and 8 days after the meeting, a
# superseded handover that asks for no notice, client-requests one
# request before the escalation, and the regular candidates of crm audit
# clients at 2 and 3 orders and 179, 180 and 181 days.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/audit-fixture.sh"

T=$(printf '\t')

team_base() {
	crm -q init >/dev/null &&
	$SQLX crm.db "
INSERT INTO manager(id, uuid, name, name_fold, email, role, capacity, created) VALUES
 (1, 'm1', 'Анна', 'анна', 'anna@example.com', 'manager', 50, $(ts 2024-01-01)),
 (2, 'm2', 'Дина', 'дина', NULL, 'manager', 50, $(ts 2026-10-01)),
 (3, 'm3', 'Вера', 'вера', 'vera@example.com', 'head', 10, $(ts 2024-01-01));
UPDATE manager SET trainee = 1, mentor_id = 1 WHERE id = 2;
INSERT INTO client(id, uuid, name, name_fold, kind, tier, status, stage, stage_since,
  owner_id, created, updated) VALUES
 (1, 'c1', 'Альфа', 'альфа', 'person', 'regular', 'active', 'support',
  $(ts 2025-01-01), 2, $(ts 2025-01-01), $(ts 2025-01-01)),
 (2, 'c2', 'Бета', 'бета', 'person', 'regular', 'active', 'support',
  $(ts 2025-01-01), 1, $(ts 2025-01-01), $(ts 2025-01-01)),
 (3, 'c3', 'Гамма', 'гамма', 'person', 'regular', 'active', 'support',
  $(ts 2025-01-01), 1, $(ts 2025-01-01), $(ts 2025-01-01));
INSERT INTO interaction(client_id, kind, at, author, text, created) VALUES
 (1, 'meeting', $(ts '2026-11-15 10:00'), 'Дина', 'first visit', 0),
 (2, 'meeting', $(ts 2026-11-01), 'Анна', 'met', 0),
 (2, 'order', $(ts 2026-01-01), 'Анна', '1', 0),
 (2, 'order', $(ts 2026-03-01), 'Анна', '2', 0),
 (2, 'order', $(ts 2026-06-30), 'Анна', '3', 0),
 (3, 'meeting', $(ts 2026-11-01), 'Анна', 'met', 0),
 (3, 'order', $(ts 2026-01-01), 'Анна', '1', 0),
 (3, 'order', $(ts 2026-07-01), 'Анна', '2', 0);
INSERT INTO next_action(client_id, text, due, status, author, created) VALUES
 (1, 'call', $(ts 2026-12-30), 'open', 'Дина', 0),
 (2, 'call', $(ts 2026-12-30), 'open', 'Анна', 0),
 (3, 'call', $(ts 2026-12-30), 'open', 'Анна', 0);
" >/dev/null
}

# handover ID CLIENT CREATED DECIDED STATUS: a client-request handover
# from Дина or Анна (the client's other manager) to the other, with its
# notice due at the decision
handover() {
	$SQLX crm.db "INSERT INTO handover(id, client_id, from_id, to_id, reason, status, brief,
	  dossier, next_text, next_due, notice_due, created_by, created, decided)
	  VALUES ($1, $2, 2, 1, 'client-request', '$5', 'b', '{}', 'call', 0, $(ts $4), 'x',
	  $(ts $3), $(ts $4))" >/dev/null
}

test_ok 'the base is made' 'team_base'

# ---- trainee-unsupervised: the meeting was on 2026-11-15 at 10:00

test_ok 'trainee: 6 days after the meeting, nothing yet' '
	CRM_NOW=2026-11-21T10:00:00Z expect_code 0 crm --format tsv audit --rule trainee-unsupervised &&
	test_file_is out "severity${T}owner${T}assignee${T}assignee_email${T}client_id${T}client${T}rule${T}since${T}detail"
'

test_ok 'trainee: exactly 7 days after, the mentor is told' '
	CRM_NOW=2026-11-22T10:00:00Z expect_code 0 crm --format tsv audit --rule trainee-unsupervised &&
	sed 1d out >got &&
	test_file_is got "warn${T}Дина${T}Анна${T}anna@example.com${T}1${T}Альфа${T}trainee-unsupervised${T}2026-11-15${T}the trainee Дина met the client 7 days ago and neither Анна nor a head of sales has logged anything with them in the 7 days after: call the client to check how it went, and log it with '\''crm note'\''"
'

test_ok 'trainee: 8 days after, still found; one second before the 7 days, not' '
	CRM_NOW=2026-11-23T10:00:00Z expect_code 0 crm --format tsv --fields client_id audit --rule trainee-unsupervised &&
	test_file_is out "client_id
1" &&
	CRM_NOW=2026-11-22T09:59:59Z expect_code 0 crm --format tsv --fields client_id audit --rule trainee-unsupervised &&
	test_file_is out "client_id"
'

test_ok 'trainee: a head who called on the seventh day is enough' '
	$SQLX crm.db "INSERT INTO interaction(client_id, kind, at, author, text, created)
		VALUES (1, '\''call'\'', unixepoch('\''2026-11-22 10:00'\''), '\''Вера'\'', '\''how was it'\'', 0)" &&
	CRM_NOW=2026-11-23T10:00:00Z expect_code 0 crm --format tsv --fields client_id audit --rule trainee-unsupervised &&
	test_file_is out "client_id"
'

# ---- superseded handovers ask for no notice

test_ok 'handover-no-notice: two handovers without notice, both asked for' '
	handover 1 3 2026-10-30 2026-11-01 accepted &&
	handover 2 3 2026-11-08 2026-11-10 accepted &&
	expect_code 0 crm --format tsv --fields rule,client_id,assignee audit --rule handover-no-notice &&
	test "$(sed 1d out | wc -l)" -eq 2
'

test_ok 'handover-no-notice: the superseded one asks for nothing' '
	$SQLX crm.db "UPDATE handover SET superseded_by = 2 WHERE id = 1" &&
	expect_code 0 crm --format tsv --fields rule,client_id,assignee audit --rule handover-no-notice &&
	test_file_is out "rule${T}client_id${T}assignee
handover-no-notice${T}3${T}Анна" &&
	expect_code 0 crm --format tsv --fields detail audit --rule handover-no-notice &&
	test_grep "handover 2 was accepted 12 days ago" out
'

# ---- client-requests: one before the escalation (5)

test_ok 'client-requests: 3 requests (escalation less 2) say nothing' '
	handover 3 2 2026-05-01 2026-05-02 declined &&
	handover 4 2 2026-07-01 2026-07-02 declined &&
	handover 5 2 2026-09-01 2026-09-02 declined &&
	expect_code 0 crm --format tsv --fields rule audit --rule client-requests &&
	test_file_is out "rule"
'

test_ok 'client-requests: the fourth warns the head' '
	handover 6 2 2026-11-01 2026-11-02 declined &&
	expect_code 0 crm --format tsv --fields rule,client_id,owner,assignee,detail audit --rule client-requests &&
	test_file_is out "rule${T}client_id${T}owner${T}assignee${T}detail
client-requests${T}2${T}Анна${T}Вера${T}asked 4 times in 365 days for a new manager: the head of sales talks to the client before anyone hands it over again" &&
	crm config set handover.client_request_escalation 6 &&
	expect_code 0 crm --format tsv --fields rule audit --rule client-requests &&
	test_file_is out "rule" &&
	crm config unset handover.client_request_escalation
'

# ---- regular candidates: Бета has 3 orders over 180 days, Гамма 2 over 181

test_ok 'clients: a regular candidate with its reasons, as json' '
	expect_code 0 crm --format ndjson --fields client,status,regular_candidate,regular_reasons audit clients --sort name &&
	test_file_is out "{\"client\":\"Альфа\",\"status\":\"active\",\"regular_candidate\":false,\"regular_reasons\":[]}
{\"client\":\"Бета\",\"status\":\"active\",\"regular_candidate\":true,\"regular_reasons\":[\"3 orders over 180 days\",\"a meeting or call 21 days ago, within its 90 days\",\"no open conflict\"]}
{\"client\":\"Гамма\",\"status\":\"active\",\"regular_candidate\":false,\"regular_reasons\":[]}"
'

test_ok 'clients: 179 days between the orders are not enough, 181 are' '
	$SQLX crm.db "UPDATE interaction SET at = unixepoch('\''2026-06-29'\'') WHERE client_id = 2 AND text = '\''3'\''" &&
	expect_code 0 crm --format tsv --fields client,regular_candidate audit clients --sort name &&
	test_file_is out "client${T}regular_candidate
Альфа${T}false
Бета${T}false
Гамма${T}false" &&
	$SQLX crm.db "UPDATE interaction SET at = unixepoch('\''2026-07-01'\'') WHERE client_id = 2 AND text = '\''3'\''" &&
	expect_code 0 crm --format tsv --fields client,regular_candidate audit clients --sort name &&
	test_file_is out "client${T}regular_candidate
Альфа${T}false
Бета${T}true
Гамма${T}false"
'

test_ok 'clients: two orders make a candidate when client.regular.orders is 2' '
	crm config set client.regular.orders 2 &&
	expect_code 0 crm --format tsv --fields client,regular_candidate audit clients --sort name &&
	test_file_is out "client${T}regular_candidate
Альфа${T}false
Бета${T}true
Гамма${T}true" &&
	crm config unset client.regular.orders
'

test_ok 'clients: in a table, the candidate is marked and its reasons shown' '
	expect_code 0 crm --fields client,regular_candidate,regular_reasons audit clients --sort name &&
	test_file_is out "CLIENT  REGULAR?  WHY_REGULAR
Альфа   no
Бета    yes       3 orders over 181 days,a meeting or call 21 days ago, within its 90 days,no open conflict
Гамма   no"
'

test_ok 'clients: a regular client is no candidate, nor one with an open conflict' '
	$SQLX crm.db "UPDATE client SET status = '\''regular'\'' WHERE id = 2" &&
	expect_code 0 crm --format tsv --fields client,regular_candidate audit clients --sort name &&
	test_grep "Бета${T}false" out &&
	$SQLX crm.db "UPDATE client SET status = '\''active'\'' WHERE id = 2;
		INSERT INTO incident(client_id, kind, text, status, author, created)
		VALUES (2, '\''conflict'\'', '\''late'\'', '\''open'\'', '\''Анна'\'', unixepoch('\''2026-11-20'\''))" &&
	expect_code 0 crm --format tsv --fields client,regular_candidate audit clients --sort name &&
	test_grep "Бета${T}false" out
'

test_done
