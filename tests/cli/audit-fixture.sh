# audit-fixture.sh: a small base for the t40NN audit tests, sourced after
# lib.sh. audit_fixture creates it with crm init and fills the tables of
# the client sheet straight with $SQLX, so that every date is exact (the
# tests' CRM_NOW is 2026-11-22T10:00:00Z). What the audit must find:
#
#   error  Анна   2 Рога и копыта  broken-promise   since 2026-11-01
#   error  Анна   6 Vega           open-conflict    since 2026-10-01
#   warn   Анна   - (3 live clients, capacity 2)    over-capacity
#   warn   Анна   1 ООО «Ромашка»  forgotten        since 2026-10-01
#   warn   Борис  4 Acme           no-next-action   since 2026-11-01
#   warn   Борис  4 Acme           no-key-contact   since 2026-11-01
#   info   Борис  3 Ромашка, LLC   duplicate        since 2026-03-01
#
# Client 5 is lost: nothing is found about it. The key and vip clients
# are younger than a year: not yet due for a VIP survey.

ts() { # a UTC date and time as the SQL of its seconds
	echo "unixepoch('$1')"
}

audit_fixture() {
	crm -q init >/dev/null &&
	$SQLX crm.db "
INSERT INTO manager(id, uuid, name, name_fold, email, capacity, created) VALUES
 (1, 'm1', 'Анна', 'анна', 'anna@example.com', 2, $(ts 2024-01-01)),
 (2, 'm2', 'Борис', 'борис', NULL, 50, $(ts 2024-01-01));
INSERT INTO client(id, uuid, name, name_fold, kind, tier, status, stage, stage_since,
  owner_id, created, updated) VALUES
 (1, 'c1', 'ООО «Ромашка»', 'ооо «ромашка»', 'company', 'key', 'active', 'support',
  $(ts 2026-01-01), 1, $(ts 2026-01-01), $(ts 2026-01-01)),
 (2, 'c2', 'Рога и копыта', 'рога и копыта', 'company', 'regular', 'active', 'sale',
  $(ts 2026-06-01), 1, $(ts 2026-06-01), $(ts 2026-06-01)),
 (3, 'c3', 'Ромашка, LLC', 'ромашка, llc', 'company', 'regular', 'active', 'sale',
  $(ts 2026-03-01), 2, $(ts 2026-03-01), $(ts 2026-03-01)),
 (4, 'c4', 'Acme', 'acme', 'company', 'regular', 'prospect', 'courtship',
  $(ts 2026-11-01), 2, $(ts 2026-11-01), $(ts 2026-11-01)),
 (5, 'c5', 'Lost Ltd', 'lost ltd', 'company', 'regular', 'lost', 'support',
  $(ts 2020-01-01), 1, $(ts 2020-01-01), $(ts 2020-01-01)),
 (6, 'c6', 'Vega', 'vega', 'person', 'vip', 'active', 'normalization',
  $(ts 2026-09-01), 1, $(ts 2026-09-01), $(ts 2026-09-01));
INSERT INTO interaction(client_id, kind, at, author, text, created) VALUES
 (1, 'call', $(ts '2026-10-01 12:00'), 'Анна', 'call', $(ts '2026-10-01 12:00')),
 (1, 'feedback', $(ts 2026-08-01), 'Анна', 'all fine', $(ts 2026-08-01)),
 (2, 'call', $(ts 2026-11-20), 'Анна', 'call', $(ts 2026-11-20)),
 (3, 'meeting', $(ts 2026-11-15), 'Борис', 'met', $(ts 2026-11-15)),
 (4, 'call', $(ts 2026-11-10), 'Борис', 'first call', $(ts 2026-11-10)),
 (6, 'call', $(ts 2026-11-21), 'Анна', 'call', $(ts 2026-11-21));
INSERT INTO contact(uuid, client_id, name, name_fold, email, is_key, verified, created) VALUES
 ('k1', 1, 'Иван', 'иван', 'ivan@romashka.example', 1, $(ts 2026-06-01), $(ts 2026-01-01)),
 ('k2', 2, 'Пётр', 'петр', NULL, 1, NULL, $(ts 2026-06-01)),
 ('k3', 3, 'Ольга', 'ольга', NULL, 1, NULL, $(ts 2026-03-01)),
 ('k6', 6, 'Вега', 'вега', NULL, 1, NULL, $(ts 2026-09-01));
INSERT INTO vip_survey(client_id, template_version, surveyor, at, answers, author, created)
 VALUES (1, 1, 'Анна', $(ts 2026-08-01), '{}', 'Анна', $(ts 2026-08-01));
INSERT INTO next_action(client_id, text, due, status, author, created) VALUES
 (1, 'send the offer', $(ts 2026-12-01), 'open', 'Анна', $(ts 2026-10-01)),
 (2, 'call back', $(ts 2026-11-30), 'open', 'Анна', $(ts 2026-11-20)),
 (3, 'visit', $(ts 2026-12-10), 'open', 'Борис', $(ts 2026-11-15)),
 (6, 'call back', $(ts 2026-11-28), 'open', 'Анна', $(ts 2026-11-21));
INSERT INTO promise(client_id, kind, text, due, status, author, created) VALUES
 (2, 'guarantee', 'deliver in 90 days', $(ts 2026-11-01), 'open', 'Анна', $(ts 2026-08-01)),
 (2, 'doubt', 'may switch supplier', $(ts 2026-10-01), 'open', 'Анна', $(ts 2026-08-01));
INSERT INTO incident(client_id, kind, text, status, author, created) VALUES
 (6, 'conflict', 'wrong invoice', 'open', 'Анна', $(ts 2026-10-01));
" >/dev/null
}

# audit_team_fixture: audit_fixture and a team around it, for the tests of
# who must act (t4004). Two heads of sales, Вера and Глеб; Дина, a trainee
# whose mentor is Борис; Евгений, who left and still owns Орион (7). A
# handover of client 2 from Анна to Борис waits since 2026-11-15; client 1
# is on the list of the VIP programme, to be surveyed by Борис by
# 2026-11-15; Дина met Acme (4) on 2026-11-12 and nobody followed up.
# What the audit finds beyond audit_fixture, and who acts:
#
#   warn   2 handover-pending      owner Анна     assignee Борис
#   warn   - over-capacity (Анна)                 assignees Вера, Глеб
#   warn   1 vip-not-surveyed      owner Анна     assignee Борис
#   error  7 orphaned              owner Евгений  assignees Вера, Глеб
#   warn   4 trainee-unsupervised  owner Борис    assignee Борис
audit_team_fixture() {
	audit_fixture &&
	$SQLX crm.db "
INSERT INTO manager(id, uuid, name, name_fold, email, role, status, capacity, created) VALUES
 (3, 'm3', 'Вера', 'вера', 'vera@example.com', 'head', 'active', 10, $(ts 2024-01-01)),
 (4, 'm4', 'Глеб', 'глеб', 'gleb@example.com', 'head', 'active', 10, $(ts 2024-01-01)),
 (5, 'm5', 'Дина', 'дина', 'dina@example.com', 'manager', 'active', 10, $(ts 2026-10-01)),
 (6, 'm6', 'Евгений', 'евгений', NULL, 'manager', 'left', 10, $(ts 2024-01-01));
UPDATE manager SET trainee = 1, mentor_id = 2 WHERE id = 5;
INSERT INTO client(id, uuid, name, name_fold, kind, tier, status, stage, stage_since,
  owner_id, created, updated) VALUES
 (7, 'c7', 'Орион', 'орион', 'person', 'regular', 'active', 'support',
  $(ts 2026-10-01), 6, $(ts 2026-10-01), $(ts 2026-10-01));
INSERT INTO interaction(client_id, kind, at, author, text, created) VALUES
 (7, 'call', $(ts 2026-11-20), 'Евгений', 'call', $(ts 2026-11-20)),
 (4, 'meeting', $(ts '2026-11-12 12:00'), 'Дина', 'first visit', $(ts '2026-11-12 12:00'));
INSERT INTO next_action(client_id, text, due, status, author, created) VALUES
 (7, 'call back', $(ts 2026-12-01), 'open', 'Евгений', $(ts 2026-11-20));
INSERT INTO handover(id, client_id, from_id, to_id, reason, status, brief, dossier, next_text,
  next_due, created_by, created) VALUES
 (1, 2, 1, 2, 'overload', 'pending', 'brief', '{}', 'call them', $(ts 2026-12-01), 'Анна',
  $(ts 2026-11-15));
INSERT INTO vip_program(id, name, name_fold, lead_id, status, author, created) VALUES
 (1, 'VIP 2026', 'vip 2026', 3, 'active', 'Вера', $(ts 2026-10-01));
INSERT INTO vip_item(program_id, client_id, surveyor_id, status, due) VALUES
 (1, 1, 2, 'pending', $(ts 2026-11-15));
" >/dev/null
}
