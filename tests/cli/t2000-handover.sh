#!/bin/sh
# t2000-handover: crm handover <client>, show, accept, decline, cancel,
# notice, list and suggest, in every format: the rules that refuse a
# handover (exit 4, nothing written), the usage errors (exit 2), unknown
# references (exit 3), a briefing from a file, stdin or an editor on a
# terminal, the frozen dossier, the state machine, the client notice and
# its templates, the journal and the timeline.
. "$SRCDIR/tests/cli/lib.sh"

crm init >/dev/null 2>&1

# Managers 1 Anna Petrova, 2 Boris Orlov (capacity 3, patient, fishes),
# 3 Vera Head (a head), 4 Gleb Away (on vacation), 5 Boris Ivanov;
# clients 1 Рога и копыта (Anna's: reserved, needs support, a key
# contact with a phone and an email, an open discount, a next action, an
# order), 2 Acme (Boris Orlov's, a key contact with an email), 3 a client
# named "list" (Anna's, a contact with a phone).
{
	crm manager add --email anna@example.ru --phone "+7 900 111-22-33" --trait calm \
		--interest рыбалка "Anna Petrova" &&
	crm manager add --email boris@example.ru --phone "+7 900 222-33-44" --trait patient \
		--interest рыбалка --interest chess --capacity 3 "Boris Orlov" &&
	crm manager add --role head "Vera Head" &&
	crm manager add "Gleb Away" &&
	crm manager edit --status vacation "Gleb Away" &&
	crm manager add "Boris Ivanov" &&
	crm client add --owner Anna --trait reserved --interest Рыбалка --tag needs-support \
		"Рога и копыта" &&
	crm client add --owner "Boris Orlov" Acme &&
	crm client add --owner Anna list &&
	crm contact add --key --role директор --phone "+7 911 000-00-00" \
		--email sidorov@roga.ru "Рога и копыта" "Иван Сидоров" &&
	crm contact add --key --role CEO --email smith@acme.com Acme "John Smith" &&
	crm contact add --role директор --phone "+7 911 333-00-00" list "Пётр Листов" &&
	crm promise add --kind discount --due +30d "Рога и копыта" "скидка 5% на весну" &&
	crm next add --due +2d "Рога и копыта" "позвонить бухгалтеру" &&
	crm note --kind order --amount 500 "Рога и копыта" "первый заказ"
} >/dev/null 2>&1 || {
	echo "Bail out! cannot build the fixture"
	exit 1
}

# A briefing of 191 characters and 32 distinct words, written as a
# manager would; SHORT is it made 199 characters long, BRIEF 216.
TEXT='Директор Иван Сидоров решает сам, звать по отчеству. Ценит точность, любит рыбалку, чай и шахматы. Скидка 5% до мая. Спор о сроках в мае улажен. Дальше: звонок до пятницы, КП на весну, визит.'
SHORT="$TEXT........"
BRIEF="$TEXT Клиент требует терпения."
printf '%s\n' "$BRIEF" >brief.txt
LONG=$(awk 'BEGIN { while (n++ < 10001) printf "ж" }')
BAD=$(printf 'bad \377 text')

# The state that a refused command must leave alone.
state() {
	"$SQLX" "$CRM_DB" "SELECT (SELECT count(*) FROM journal) || '/' ||
		(SELECT count(*) FROM handover) || '/' ||
		(SELECT $(sql_group_concat "id || ':' || ifnull(CAST(owner_id AS TEXT), '-')" id)
		FROM client) || '/' ||
		(SELECT count(*) FROM next_action)"
}

# Runs a command that must fail with exit code $1 and write nothing.
refused() {
	_before=$(state) &&
	expect_code "$@" &&
	test_empty out &&
	test "$(state)" = "$_before"
}

hand() {
	crm handover "Рога и копыта" --to "Boris Orlov" --reason cannot-cope --brief "$BRIEF" \
		--next "позвонить директору" --due +3d "$@"
}

# ---- suggest ----------------------------------------------------------------

test_ok 'suggest: the fitting managers, with reasons' '
	expect_code 0 crm handover suggest рога &&
	test_empty err &&
	cat >want <<-\EOF &&
	RANK  MANAGER_ID  MANAGER       SCORE  LOAD  CAPACITY  FULL  WHY
	   1           2  Boris Orlov      36     1         3  no    shared interests: рыбалка; patient, as the client needs; load 1/3
	   2           3  Vera Head        10     0        50  no    load 0/50
	   3           5  Boris Ivanov     10     0        50  no    load 0/50
	EOF
	cmp want out
'

test_ok 'suggest in json, ndjson, csv, tsv; --limit' '
	expect_code 0 crm --json handover suggest --limit 1 "Рога и копыта" &&
	test_file_is out "[
{\"rank\":1,\"manager_id\":2,\"manager\":\"Boris Orlov\",\"score\":36,\"load\":1,\"capacity\":3,\"over_capacity\":false,\"why\":\"shared interests: рыбалка; patient, as the client needs; load 1/3\"}
]" &&
	expect_code 0 crm --format ndjson handover suggest --limit 2 1 &&
	test "$(wc -l <out)" -eq 2 &&
	expect_code 0 crm --format csv --fields manager,score handover suggest 1 &&
	test_file_is out "manager,score
Boris Orlov,36
Vera Head,10
Boris Ivanov,10" &&
	expect_code 0 crm --format tsv --fields rank,manager handover suggest Acme &&
	test_file_is out "rank	manager
1	Vera Head
2	Boris Ivanov
3	Anna Petrova"
'

test_ok 'suggest: bad input' '
	expect_code 3 crm handover suggest Nobody &&
	test_file_is err "error: no client matches '\''Nobody'\''" &&
	expect_code 2 crm handover suggest --limit -1 Acme &&
	test_grep "invalid value '\''-1'\'' for --limit" err &&
	expect_code 2 crm handover suggest &&
	test_grep "usage: crm handover suggest [--limit <n>] <client>" err
'

# ---- create: the refusals ------------------------------------------------------

test_ok 'refused: the receiver is the owner' '
	refused 4 crm handover "Рога и копыта" --to Anna --reason refresh --brief "$BRIEF" \
		--next x --due +3d &&
	test_file_is err "error: '\''Anna Petrova'\'' already owns client '\''Рога и копыта'\'': choose another manager ('\''crm handover suggest'\'' ranks them)"
'

test_ok 'refused: the receiver is not active' '
	refused 4 crm handover Acme --to Gleb --reason refresh --brief "$BRIEF" --next x \
		--due +3d &&
	test_file_is err "error: '\''Gleb Away'\'' is not an active manager (vacation): choose another one"
'

test_ok 'refused: the receiver is at capacity, unless --over-capacity' '
	crm manager edit --capacity 1 "Boris Orlov" >/dev/null &&
	refused 4 hand &&
	test_file_is err "error: '\''Boris Orlov'\'' is at capacity (1 of 1 clients, pending handovers included): choose another manager, or hand over with --over-capacity" &&
	expect_code 0 hand --over-capacity --dry-run &&
	test_grep "dry run: the handover passes every rule; nothing was written" err &&
	crm manager edit --capacity 3 "Boris Orlov" >/dev/null
'

test_ok 'refused: a briefing shorter than handover.min_brief_chars' '
	refused 4 crm handover 1 --to "Boris Orlov" --reason refresh --brief "$SHORT" --next x \
		--due +3d &&
	test_file_is err "error: the briefing has 199 characters, at least 200 are needed (handover.min_brief_chars): write the full history, what was agreed and why, what still needs work, every promise, discount, doubt and risk" &&
	refused 4 crm handover 1 --to "Boris Orlov" --reason refresh --brief "" --next x --due +3d &&
	test_grep "the briefing has 0 characters" err &&
	crm config set handover.min_brief_chars 199 &&
	expect_code 0 crm handover 1 --to "Boris Orlov" --reason refresh --brief "$SHORT" --next x \
		--due +3d --dry-run &&
	crm config unset handover.min_brief_chars
'

test_ok 'refused: a due date in the past' '
	refused 4 hand --due yesterday 2>/dev/null &&
	test_file_is err "error: the next action'\''s due date 2026-11-21 is in the past (today is 2026-11-22): agree a date from today on" &&
	refused 4 hand --until -1d &&
	test_grep "the cover'\''s last day 2026-11-21 is in the past" err
'

test_ok 'usage: --to, --reason, --next, --due are required (exit 2)' '
	refused 2 crm handover 1 --reason refresh --brief "$BRIEF" --next x --due +3d &&
	test_file_is err "error: missing --to: name the manager who takes the client
usage: crm handover <client> --to <manager> --reason <reason> (--brief <text> | --brief-file <file>) --next <text> --due <date> [--notify-via <channel>] [--until <date>] [--over-capacity] [--escalated] [--dry-run]" &&
	refused 2 crm handover 1 --to "Boris Orlov" --brief "$BRIEF" --next x --due +3d &&
	test_grep "error: missing --reason" err &&
	refused 2 crm handover 1 --to "Boris Orlov" --reason refresh --brief "$BRIEF" --due +3d &&
	test_grep "error: missing --next" err &&
	refused 2 crm handover 1 --to "Boris Orlov" --reason refresh --brief "$BRIEF" --next x &&
	test_grep "error: missing --due" err &&
	refused 2 crm handover --to "Boris Orlov" --reason refresh --brief "$BRIEF" --next x --due +3d &&
	test_grep "error: missing argument" err
'

test_ok 'usage: no briefing without a terminal, or two of them' '
	refused 2 crm handover 1 --to "Boris Orlov" --reason refresh --next x --due +3d &&
	test_grep "error: missing --brief or --brief-file: the briefing the receiver reads ('\''-'\'' reads it from stdin)" err &&
	refused 2 hand --brief-file brief.txt &&
	test_grep "error: --brief and --brief-file cannot be used together" err
'

test_ok 'usage: bad values (exit 2)' '
	refused 2 hand --reason holiday &&
	test_grep "error: invalid value '\''holiday'\'' for --reason (cannot-cope, conflict, client-request, refresh, vacation, overload, monopoly, leaving, vip-program)" err &&
	refused 2 hand --notify-via pigeon &&
	test_grep "invalid value '\''pigeon'\'' for --notify-via (email, phone, letter, meeting)" err &&
	refused 2 hand --due soon &&
	test_grep "invalid date '\''soon'\'' for --due" err &&
	refused 2 hand --until never &&
	test_grep "invalid date '\''never'\'' for --until" err &&
	refused 2 crm handover 1 --to "Boris Orlov" --reason refresh --brief "$BRIEF" --next "" --due +3d &&
	test_file_is err "error: empty next action" &&
	refused 2 crm handover 1 --to "Boris Orlov" --reason refresh --brief "$BRIEF" --next "$LONG" \
		--due +3d &&
	test_file_is err "error: next action is too long: 10001 characters, at most 10000" &&
	refused 2 crm handover 1 --to "Boris Orlov" --reason refresh --brief "$BRIEF$BAD" --next x \
		--due +3d &&
	test_grep "is not valid UTF-8 text" err
'

test_ok 'unknown and ambiguous references (exit 3)' '
	refused 3 crm handover Nobody --to "Boris Orlov" --reason refresh --brief "$BRIEF" --next x \
		--due +3d &&
	test_file_is err "error: no client matches '\''Nobody'\''" &&
	refused 3 crm handover 1 --to boris --reason refresh --brief "$BRIEF" --next x \
		--due +3d &&
	test_file_is err "error: manager '\''boris'\'' is ambiguous: 5 Boris Ivanov, 2 Boris Orlov"
'

test_ok '--brief-file: a file, stdin, a missing file, a file that is not text' '
	expect_code 0 crm --format tsv --fields brief handover 1 --to "Boris Orlov" \
		--reason refresh --brief-file brief.txt --next x --due +3d --dry-run &&
	test_file_is out "brief
$BRIEF" &&
	printf "%s" "$BRIEF" | crm --format tsv --fields brief handover 1 --to "Boris Orlov" \
		--reason refresh --brief-file - --next x --due +3d --dry-run >out 2>err &&
	test_file_is out "brief
$BRIEF" &&
	refused 66 crm handover 1 --to "Boris Orlov" --reason refresh --brief-file nosuch.txt \
		--next x --due +3d &&
	test_file_is err "error: cannot read '\''nosuch.txt'\'' for --brief-file: No such file or directory" &&
	printf "%s\377\n" "$BRIEF" >bad.txt &&
	refused 65 crm handover 1 --to "Boris Orlov" --reason refresh --brief-file bad.txt \
		--next x --due +3d &&
	test_file_is err "error: '\''bad.txt'\'': briefing is not valid UTF-8 text"
'

# ---- create ------------------------------------------------------------------------

test_ok '--dry-run shows the handover in every format and writes nothing' '
	before=$(state) &&
	expect_code 0 hand --dry-run &&
	test_file_is out "ID  CLIENT         FROM          TO           REASON       STATUS   NEXT_DUE    CREATED
 1  Рога и копыта  Anna Petrova  Boris Orlov  cannot-cope  pending  2026-11-25  2026-11-22 10:00" &&
	test_file_is err "dry run: the handover passes every rule; nothing was written" &&
	for f in json ndjson csv tsv; do
		expect_code 0 crm --format $f --fields id,status handover "Рога и копыта" --to "Boris Orlov" \
			--reason cannot-cope --brief "$BRIEF" --next x --due +3d -n || return 1
	done &&
	test_file_is out "id	status
1	pending" &&
	test "$(state)" = "$before"
'

test_ok 'create: prints the id; the client stays with the sender' '
	expect_code 0 hand --notify-via email &&
	test_file_is out 1 &&
	test_file_is err "handover 1 of '\''Рога и копыта'\'' to Boris Orlov is pending: the client stays with Anna Petrova until Boris Orlov accepts it with '\''crm handover accept 1'\''" &&
	test "$("$SQLX" "$CRM_DB" "SELECT status, from_id, to_id, next_due, created_by
		FROM handover")" = "pending|1|2|1795564800|tester" &&
	test "$("$SQLX" "$CRM_DB" "SELECT owner_id FROM client WHERE id = 1")" = 1
'

test_ok 'create journals handover.add with the briefing' '
	expect_code 0 crm --format tsv --fields actor,action,entity_id journal --entity handover &&
	test_file_is out "actor	action	entity_id
tester	handover.add	1" &&
	test "$("$SQLX" "$CRM_DB" "SELECT json_extract(data, '\''$.client_id'\''),
		json_extract(data, '\''$.text'\''),
		CAST(json_extract(data, '\''$.brief'\'') = '\''$BRIEF'\'' AS INTEGER)
		FROM journal WHERE action = '\''handover.add'\''")" = "1|Anna Petrova -> Boris Orlov: cannot-cope|1"
'

test_ok 'refused: a second pending handover of the client' '
	refused 4 crm handover 1 --to Vera --reason refresh --brief "$BRIEF" --next x \
		--due +3d &&
	test_file_is err "error: client '\''Рога и копыта'\'' already has a pending handover (1): accept, decline or cancel it first"
'

test_ok 'a client named like a verb: after --, or by id' '
	expect_code 0 crm --format csv --fields client,to handover --to Vera \
		--reason refresh --brief "$BRIEF" --next x --due +3d -- list &&
	test_file_is out "client,to
list,Vera Head" &&
	expect_code 0 crm --as "Anna Petrova" handover cancel 2 &&
	test_empty out
'

test_ok 'a client named like a verb: -- right after handover ends the verbs' '
	expect_code 0 crm --format csv --fields client,to handover -- list --to Vera \
		--reason refresh --brief "$BRIEF" --next x --due +3d --dry-run &&
	test_file_is out "client,to
list,Vera Head" &&
	test_file_is err "dry run: the handover passes every rule; nothing was written" &&
	base_copy verb && COPY_DB=$(test_base verb) &&
	expect_code 0 crm --db "$COPY_DB" handover -- list --to Vera --reason refresh \
		--brief "$BRIEF" --next x --due +3d &&
	test_file_is out 3 &&
	expect_code 0 crm --db "$COPY_DB" --format csv --fields id,client,status handover list \
		--pending list &&
	test_file_is out "id,client,status
3,list,pending" &&
	expect_code 0 crm --format csv --fields id handover list --pending list &&
	test_file_is out "id"
'

# ---- show ---------------------------------------------------------------------------

test_ok 'show: the handover, the briefing and the dossier' '
	expect_code 0 crm handover show 1 &&
	test_empty err &&
	cat >want <<-EOF &&
	Handover
	id           1
	client       Рога и копыта (1)
	from         Anna Petrova
	to           Boris Orlov
	reason       cannot-cope
	status       pending
	created      2026-11-22 10:00 by tester
	next action  позвонить директору
	next due     2026-11-25
	notify via   email

	Briefing
	$BRIEF

	Dossier (the sheet as it was at 2026-11-22T10:00:00Z)
	client: Рога и копыта, tier regular, status active, stage courtship, owner Anna Petrova

	Contacts
	ID  NAME          ROLE      PHONE             EMAIL            KEY  VERIFIED
	1   Иван Сидоров  директор  +7 911 000-00-00  sidorov@roga.ru  yes  -

	Open promises and discounts
	ID  KIND      TEXT                DUE         AUTHOR
	1   discount  скидка 5% на весну  2026-12-22  tester

	Open incidents
	none

	Open next actions
	ID  TEXT                  DUE         ASSIGNEE
	1   позвонить бухгалтеру  2026-11-24  Anna Petrova

	Latest interactions
	ID  AT                    KIND   AUTHOR  TEXT          OUTCOME  AMOUNT
	1   2026-11-22T10:00:00Z  order  tester  первый заказ  -        500.00
	EOF
	cmp want out
'

test_ok 'show in json: the record and the dossier object' '
	expect_code 0 crm --json handover show 1 &&
	test_empty err &&
	python3 -c "
import json, sys
h = json.load(open(\"out\"))
assert h[\"id\"] == 1 and h[\"status\"] == \"pending\" and h[\"next_action_id\"] is None, h
d = h[\"dossier\"]
assert list(d) == [\"brief\", \"frozen\", \"client\", \"contacts\", \"promises\", \"incidents\", \"next_actions\", \"interactions\"], list(d)
assert d[\"brief\"] == h[\"brief\"]
assert d[\"client\"][\"owner\"] == \"Anna Petrova\" and d[\"client\"][\"tags\"] == [\"needs-support\"]
assert d[\"contacts\"][0][\"key\"] is True
assert d[\"promises\"][0][\"due\"] == \"2026-12-22\"
assert d[\"interactions\"][0][\"amount\"] == \"500.00\"
"
'

test_ok 'show in ndjson, csv, tsv: one row with the dossier as JSON text' '
	expect_code 0 crm --format ndjson --fields id,dossier handover show 1 &&
	test "$(wc -l <out)" -eq 1 &&
	test_grep "\"dossier\":{\"brief\":" out &&
	expect_code 0 crm --format csv --fields id,to handover show 1 &&
	test_file_is out "id,to
1,Boris Orlov" &&
	expect_code 0 crm --format tsv --fields id,status handover show 1 &&
	test_file_is out "id	status
1	pending"
'

test_ok 'show: unknown and bad ids' '
	expect_code 3 crm handover show 99 &&
	test_empty out &&
	test_file_is err "error: no handover with id 99" &&
	expect_code 2 crm handover show abc &&
	test_file_is err "error: invalid handover id '\''abc'\'': expected a number, as '\''crm handover list'\'' shows
usage: crm handover show <id>"
'

# ---- the dossier is frozen ---------------------------------------------------------

test_ok 'editing the sheet leaves the dossier as it was' '
	"$SQLX" "$CRM_DB" "SELECT dossier FROM handover WHERE id = 1" >before.json &&
	crm client edit --name "Рога и копыта ООО" --add-tag опт 1 >/dev/null &&
	crm promise keep 1 >/dev/null &&
	crm note 1 "после передачи" >/dev/null &&
	"$SQLX" "$CRM_DB" "SELECT dossier FROM handover WHERE id = 1" >after.json &&
	cmp before.json after.json &&
	crm client edit --name "Рога и копыта" --remove-tag опт 1 >/dev/null &&
	! "$SQLX" "$CRM_DB" "UPDATE handover SET dossier = '\''{}'\''" 2>/dev/null
'

# ---- accept, decline, cancel -------------------------------------------------------

test_ok 'accept: only by the receiver or a head' '
	refused 4 crm handover accept 1 &&
	test_file_is err "error: only the receiver '\''Boris Orlov'\'' or a head of sales may accept handover 1 (you are '\''tester'\'')" &&
	refused 4 crm --as "Anna Petrova" handover accept 1
'

test_ok 'accept: the owner moves, the next action goes to the receiver' '
	expect_code 0 crm --as "Boris Orlov" handover accept 1 &&
	test_empty out &&
	test_file_is err "'\''Рога и копыта'\'' now belongs to Boris Orlov; next action 2 is due 2026-11-25; tell the client: '\''crm handover notice 1'\''" &&
	test "$("$SQLX" "$CRM_DB" "SELECT owner_id FROM client WHERE id = 1")" = 2 &&
	test "$("$SQLX" "$CRM_DB" "SELECT $(sql_group_concat "id || '\'':'\'' || text || '\'':'\'' ||
		assignee_id" id " ") FROM next_action WHERE status = '\''open'\''")" = "1:позвонить бухгалтеру:2 2:позвонить директору:2" &&
	test "$("$SQLX" "$CRM_DB" "SELECT status, decided_by, next_action_id, notice_due
		FROM handover WHERE id = 1")" = "accepted|Boris Orlov|2|1795341600"
'

test_ok 'accept: the timeline shows the handover and the owner change' '
	expect_code 0 crm --format tsv --fields kind,event,text,author log --kind handover 1 &&
	sort out >sorted &&
	test_file_is sorted "handover	accept	accepted: Anna Petrova -> Boris Orlov; next: позвонить директору (due 2026-11-25)	Boris Orlov
handover	add	Anna Petrova -> Boris Orlov: cannot-cope	tester
kind	event	text	author" &&
	expect_code 0 crm --format tsv --fields kind,text,author log --kind owner 1 &&
	test_file_is out "kind	text	author
owner	Anna Petrova -> Boris Orlov	Boris Orlov"
'

test_ok 'accept, decline, cancel of a handover that is not pending (exit 4)' '
	refused 4 crm --as "Vera Head" handover accept 1 &&
	test_file_is err "error: handover 1 is already accepted: only a pending handover can be accepted, declined or cancelled" &&
	refused 4 crm --as "Vera Head" handover decline --why no 1 &&
	refused 4 crm --as "Vera Head" handover cancel 1 &&
	refused 4 crm --as "Vera Head" handover cancel 2 &&
	test_grep "handover 2 is already cancelled" err &&
	refused 3 crm --as "Vera Head" handover accept 99 &&
	test_file_is err "error: no handover with id 99"
'

test_ok 'decline: --why is required; by the receiver' '
	crm handover Acme --to Vera --reason refresh --brief "$BRIEF" --next x --due +3d \
		>/dev/null 2>&1 &&
	refused 2 crm --as "Vera Head" handover decline 3 &&
	test_file_is err "error: missing --why: say why the handover is declined
usage: crm handover decline (--why <text> | --file <file>) <id>" &&
	refused 4 crm --as "Boris Orlov" handover decline --why "не хочу" 3 &&
	expect_code 0 crm --as "Vera Head" --json --fields id,status,closed_by,why handover \
		decline --why "нет времени" 3 &&
	test_file_is out "{\"id\":3,\"status\":\"declined\",\"closed_by\":\"Vera Head\",\"why\":\"нет времени\"}" &&
	test_file_is err "handover 3 declined: the client stays where it was" &&
	test "$("$SQLX" "$CRM_DB" "SELECT owner_id FROM client WHERE id = 2")" = 2
'

test_ok 'cancel: by the sender, in every format' '
	crm handover Acme --to Vera --reason refresh --brief "$BRIEF" --next x --due +3d \
		>/dev/null 2>&1 &&
	refused 4 crm --as "Anna Petrova" handover cancel 4 &&
	test_file_is err "error: only the sender '\''Boris Orlov'\'', who created it ('\''tester'\'') or a head of sales may cancel handover 4 (you are '\''Anna Petrova'\'')" &&
	expect_code 0 crm --as "Boris Orlov" --format csv --fields id,status,closed_by,why \
		handover cancel --why "передумал" 4 &&
	test_file_is out "id,status,closed_by,why
4,cancelled,Boris Orlov,передумал"
'

# ---- notice ---------------------------------------------------------------------------

test_ok 'notice: the built-in Russian message' '
	expect_code 0 crm handover notice 1 &&
	test_empty err &&
	cat >want <<-\EOF &&
	Тема: Ваш новый персональный менеджер

	Добрый день!

	С 22 ноября 2026 г. Вашим персональным менеджером в нашей компании становится Boris Orlov.
	Anna Petrova передаёт коллеге всю историю нашей работы с компанией «Рога и копыта».

	Все наши договорённости, обещания, скидки и гарантии остаются в силе.

	Следующий согласованный контакт: 25 ноября 2026 г.

	С уважением,
	Boris Orlov
	тел.: +7 900 222-33-44
	e-mail: boris@example.ru
	EOF
	cmp want out
'

test_ok 'notice: English with letters.language, as a JSON record' '
	crm config set letters.language en &&
	expect_code 0 crm --json handover notice 1 &&
	test_file_is out "{\"handover_id\":1,\"client_id\":1,\"client\":\"Рога и копыта\",\"manager\":\"Boris Orlov\",\"status\":\"accepted\",\"notify_via\":\"email\",\"text\":\"Subject: your new personal manager\\n\\nDear Иван Сидоров,\\n\\nFrom 22 November 2026, your personal manager at our company is Boris Orlov.\\nAnna Petrova has passed on the whole history of our work with Рога и копыта.\\n\\nEvery agreement, promise, discount and guarantee we made stays valid.\\n\\nOur next agreed contact: 25 November 2026.\\n\\nKind regards,\\nBoris Orlov\\nphone: +7 900 222-33-44\\nemail: boris@example.ru\\n\"}" &&
	expect_code 0 crm --format csv --fields handover_id,manager handover notice 1 &&
	test_file_is out "handover_id,manager
1,Boris Orlov" &&
	crm config unset letters.language
'

test_ok 'notice --template: the placeholders; a line without a value goes' '
	cat >tmpl.txt <<-\EOF &&
	{{{client}}}: {manager} <{email}>, {phone}
	Было: {old_manager}. Следующий контакт {next_date} (сегодня {date}, передача {handover}).
	Для {contact}.
	EOF
	expect_code 0 crm handover notice --template tmpl.txt 1 &&
	test_file_is out "{Рога и копыта}: Boris Orlov <boris@example.ru>, +7 900 222-33-44
Было: Anna Petrova. Следующий контакт 2026-11-25 (сегодня 2026-11-22, передача 1).
Для Иван Сидоров."
'

test_ok 'notice --template: an unknown placeholder is bad data (65)' '
	printf "ok\nHello {clinet}\n" >typo.txt &&
	refused 65 crm handover notice --template typo.txt 1 &&
	test_file_is err "error: template line 2: unknown placeholder '\''{clinet}'\'' (known: {client} {contact} {manager} {phone} {email} {old_manager} {next_date} {date} {handover} {trainee} {mentor} {mentor_phone} {mentor_email} {greeting} {company} {in_company} {with_client} {passed} {date_words} {next_date_words} {position} {until} {return_date} {returning})
hint: crm-handover(1) lists the placeholders of a notice template" &&
	refused 66 crm handover notice --template nosuch.txt 1 &&
	test_grep "cannot read '\''nosuch.txt'\'' for --template" err
'

test_ok 'notice of a cancelled handover: exit 4' '
	refused 4 crm handover notice 4 &&
	test_file_is err "error: handover 4 is cancelled: there is nothing to tell the client"
'

test_ok 'notice --sent: recorded once, via the planned channel' '
	refused 2 crm handover notice --sent --template tmpl.txt 1 &&
	test_grep "error: --sent and --template cannot be used together" err &&
	refused 2 crm handover notice --via phone 1 &&
	test_grep "error: --via goes with --sent" err &&
	refused 4 crm handover notice --sent 4 &&
	test_file_is err "error: handover 4 is cancelled: the client is told of an accepted handover only" &&
	expect_code 0 crm handover notice --sent 1 &&
	test_empty out &&
	test_file_is err "the notice of handover 1 is recorded as sent" &&
	test "$("$SQLX" "$CRM_DB" "SELECT notice_sent, notice_via FROM handover
		WHERE id = 1")" = "1795341600|email" &&
	refused 4 crm handover notice --sent --via phone 1 &&
	test_file_is err "error: the notice of handover 1 was already sent on 2026-11-22"
'

# ---- list -------------------------------------------------------------------------------

test_ok 'list: newest first, in a table' '
	expect_code 0 crm handover list &&
	test_empty err &&
	cat >want <<-\EOF &&
	ID  CLIENT         FROM          TO           REASON       STATUS     NEXT_DUE    CREATED           SUPERSEDED_BY
	 4  Acme           Boris Orlov   Vera Head    refresh      cancelled  2026-11-25  2026-11-22 10:00              -
	 3  Acme           Boris Orlov   Vera Head    refresh      declined   2026-11-25  2026-11-22 10:00              -
	 2  list           Anna Petrova  Vera Head    refresh      cancelled  2026-11-25  2026-11-22 10:00              -
	 1  Рога и копыта  Anna Petrova  Boris Orlov  cannot-cope  accepted   2026-11-25  2026-11-22 10:00              -
	EOF
	cmp want out
'

test_ok 'list: filters' '
	crm handover Acme --to Vera --reason refresh --brief "$BRIEF" --next x --due +3d \
		>/dev/null 2>&1 &&
	expect_code 0 crm --format csv --fields id handover list --pending &&
	test_file_is out "id
5" &&
	expect_code 0 crm --format csv --fields id handover list --status cancelled &&
	test_file_is out "id
4
2" &&
	expect_code 0 crm --format csv --fields id handover list --from "Boris Orlov" &&
	test_file_is out "id
5
4
3" &&
	expect_code 0 crm --format csv --fields id handover list --to "Boris Orlov" &&
	test_file_is out "id
1" &&
	expect_code 0 crm --format csv --fields id handover list --limit 2 Acme &&
	test_file_is out "id
5
4"
'

test_ok 'list in json, ndjson and tsv' '
	expect_code 0 crm --json --fields id,client,status handover list --to Vera --status declined &&
	test_file_is out "[
{\"id\":3,\"client\":\"Acme\",\"status\":\"declined\"}
]" &&
	expect_code 0 crm --format ndjson --fields id,notice_via handover list --to "Boris Orlov" &&
	test_file_is out "{\"id\":1,\"notice_via\":\"email\"}" &&
	expect_code 0 crm --format tsv --fields id,from_id,escalated handover list -- list &&
	test_file_is out "id	from_id	escalated
2	1	false"
'

test_ok 'list: bad input' '
	expect_code 2 crm handover list --pending --status accepted &&
	test_grep "error: --pending and --status cannot be used together" err &&
	expect_code 2 crm handover list --status done &&
	test_grep "invalid value '\''done'\'' for --status (pending, accepted, declined, cancelled)" err &&
	expect_code 3 crm handover list --from Nobody &&
	test_file_is err "error: no manager matches '\''Nobody'\''" &&
	expect_code 3 crm handover list Nobody
'

# ---- escalation ---------------------------------------------------------------------------

test_ok 'client requests: the fifth is for a head with --escalated' '
	crm handover cancel 5 >/dev/null 2>&1 &&
	for i in 1 2 3 4; do
		crm handover Acme --to Vera --reason client-request --brief "$BRIEF" --next x \
			--due +3d >/dev/null 2>&1 &&
		id=$("$SQLX" "$CRM_DB" "SELECT max(id) FROM handover") &&
		crm --as "Vera Head" handover decline --why "поговорим" "$id" 2>/dev/null || return 1
	done &&
	refused 4 crm handover Acme --to Vera --reason client-request --brief "$BRIEF" --next x \
		--due +3d &&
	test_file_is err "error: this is request 5 of client '\''Acme'\'' for a new manager (handover.client_request_escalation is 5): a head of sales talks to the client first, then hands it over with --escalated" &&
	refused 4 crm --as "Anna Petrova" handover Acme --to Vera --reason client-request \
		--brief "$BRIEF" --next x --due +3d --escalated &&
	test_file_is err "error: only a head of sales may escalate a handover (you are '\''Anna Petrova'\'')" &&
	expect_code 0 crm --as "Vera Head" --format csv --fields id,escalated handover Acme \
		--to Vera --reason client-request --brief "$BRIEF" --next x --due +3d --escalated &&
	test_file_is out "id,escalated
10,true"
'

# ---- the editor ------------------------------------------------------------------------

if command -v script >/dev/null 2>&1 && script -qec true /dev/null >/dev/null 2>&1; then
	# A fake editor: keeps the template for the test, then writes the briefing.
	cat >editor.sh <<-EOF
	#!/bin/sh
	cp "\$1" "$PWD/template.txt"
	mode=\$(stat -c %a "\$1")
	echo "\$mode" >"$PWD/mode.txt"
	{ echo "# a comment the editor leaves"; cat "$PWD/brief.txt"; } >"\$1"
	EOF
	printf '#!/bin/sh\nprintf "# only comments\\n\\n" >"$1"\n' >empty.sh
	chmod +x editor.sh empty.sh
	test_ok 'the editor on a terminal: a template of the sheet, comments dropped' '
		crm client add --owner Anna Editor >/dev/null 2>&1 &&
		crm contact add --key --phone "+7 911 444-00-00" Editor "Олег Редактор" >/dev/null &&
		crm promise add --due +10d Editor "привезти каталог" >/dev/null 2>&1 &&
		mkdir tmp &&
		TMPDIR=$PWD/tmp VISUAL="$PWD/editor.sh" script -qec "\"$CRM\" handover Editor \
			--to Vera --reason refresh --next x --due +3d" /dev/null >typescript 2>&1 \
			</dev/null &&
		test_grep "# The briefing for the handover of '\''Editor'\'' to Vera Head (refresh)." template.txt &&
		test_grep "#   open promise: promise, привезти каталог, 2026-12-02" template.txt &&
		test_grep "At least 200" template.txt && test_grep "characters and 30 distinct words" template.txt &&
		test "$(cat mode.txt)" = 600 &&
		test "$("$SQLX" "$CRM_DB" "SELECT brief FROM handover WHERE client_id = 4")" = "$BRIEF" &&
		test -z "$(ls tmp)"
	'
	test_ok 'the editor: a refused briefing is kept for --brief-file' '
		printf "#!/bin/sh\necho too short >\"\$1\"\n" >short.sh && chmod +x short.sh &&
		before=$(state) &&
		TMPDIR=$PWD/tmp VISUAL="$PWD/short.sh" script -qec "\"$CRM\" handover 3 \
			--to Vera --reason refresh --next x --due +3d; echo rc=\$?" /dev/null \
			>typescript 2>&1 </dev/null &&
		test_grep "the briefing has 9 characters" typescript &&
		test_grep "rc=4" typescript &&
		test "$(state)" = "$before" &&
		test_file_is tmp/crm-brief-* "too short" &&
		test_grep "hint: your briefing is kept in '\''$PWD/tmp/crm-brief-" typescript
	'
	test_ok 'the editor: an empty briefing stops the handover (exit 4)' '
		before=$(state) &&
		EDITOR="$PWD/empty.sh" VISUAL= script -qec "\"$CRM\" handover Acme --to Anna \
			--reason refresh --next x --due +3d; echo rc=\$?" /dev/null >typescript 2>&1 \
			</dev/null &&
		test_grep "the briefing is empty: nothing was handed over" typescript &&
		test_grep "rc=4" typescript &&
		test "$(state)" = "$before"
	'
else
	test_skip 'the editor on a terminal' 'no script(1)'
	test_skip 'the editor: a refused briefing is kept' 'no script(1)'
	test_skip 'the editor: an empty briefing' 'no script(1)'
fi

# ---- help and completion -------------------------------------------------------------

test_ok 'crm handover -h lists every form; each verb has its -h' '
	expect_code 0 crm handover -h &&
	test_grep "usage: crm handover <client> --to <manager>" out &&
	test_grep "   or: crm handover plan --return <manager>" out &&
	test_grep "--over-capacity" out &&
	test_empty err &&
	for v in show accept decline cancel notice list suggest plan; do
		expect_code 0 crm handover $v -h &&
		grep "^usage: crm handover $v" out >/dev/null || return 1
	done
'

test_ok '__complete: the verbs and the client names' '
	expect_code 0 crm __complete handover "" &&
	test_grep "accept	take the client over" out &&
	test_grep "Рога и копыта	regular" out &&
	expect_code 0 crm __complete handover pl &&
	test_file_is out "plan	hand over a manager'\''s clients in bulk" &&
	expect_code 0 crm __complete handover --re &&
	test_grep "--reason" out &&
	expect_code 0 crm __complete handover x --reason "" &&
	test_grep "cannot-cope" out &&
	expect_code 0 crm __complete handover plan --re &&
	test_grep "--return" out &&
	expect_code 0 crm __complete handover -- li &&
	test_file_is out "list	regular"
'

test_ok 'client show lists the client'"'"'s handovers, in a table and in json' '
	id=$(crm --format tsv --fields id,client_id handover list | awk -F"\t" "NR > 1 { print \$1; exit }") &&
	client=$(crm --format tsv --fields id,client_id handover list | awk -F"\t" "NR > 1 { print \$2; exit }") &&
	expect_code 0 crm client show "$client" &&
	sed -n "/^Handovers\$/,\$p" out >h &&
	test "$(wc -l <h)" -ge 3 &&
	sed -n 2p h | grep -E "^ID +FROM +TO +REASON +STATUS +NEXT_DUE +CREATED\$" &&
	grep -E "^ *$id " h &&
	expect_code 0 crm --json client show "$client" &&
	grep "\"handovers\":\[{\"id\":" out &&
	crm --json client show "$client" | grep -c "\"reason\":" >n &&
	test "$(cat n)" -ge 1
'

test_done
