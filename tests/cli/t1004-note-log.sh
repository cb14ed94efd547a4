#!/bin/sh
# t1004-note-log: crm note (interactions, the regular-client rule) and
# crm log (a client's timeline) in every format, with bad input.
. "$SRCDIR/tests/cli/lib.sh"

crm init >/dev/null 2>&1

add_client() {
	crm client add --status "$2" "$1" >/dev/null
}
add_client 'Acme' prospect
add_client 'ООО Ромашка' prospect
add_client 'Lost Co' lost
add_client 'Рога и копыта ООО' prospect
add_client 'Рога и копыта ИП' prospect

sql() {
	"$SQLX" "$CRM_DB" "$1"
}

# ---- note -----------------------------------------------------------------

test_ok 'note prints the new id alone' '
	expect_code 0 crm note Acme "Позвонил, обсудили заказ" &&
	test_empty err &&
	test_file_is out 1 &&
	test "$(sql "SELECT kind, at, author, text FROM interaction WHERE id = 1")" = \
		"note|1795341600|tester|Позвонил, обсудили заказ"
'

test_ok 'note --kind --date --outcome' '
	expect_code 0 crm note --kind call --at 2026-11-20T15:30 --outcome "ждут КП" acme \
		"Звонок Ивану" &&
	test_empty err &&
	test_file_is out 2 &&
	test "$(sql "SELECT kind, $(sql_datetime at), outcome FROM interaction WHERE id = 2")" = \
		"call|2026-11-20 15:30:00|ждут КП"
'

test_ok 'a note updates last contact and updated, not orders' '
	test "$(sql "SELECT $(sql_datetime last_contact), $(sql_datetime updated), orders, status FROM client WHERE id = 1")" = \
		"2026-11-22 10:00:00|2026-11-22 10:00:00|0|prospect"
'

test_ok 'the first order makes a prospect active, and says so' '
	expect_code 0 crm note --kind order --amount "1 234,50" Acme "Первый заказ" &&
	test_file_is out 3 &&
	test_file_is err "client '\''Acme'\'' is now active: first order" &&
	test "$(sql "SELECT status, orders FROM client WHERE id = 1")" = "active|1" &&
	test "$(sql "SELECT amount FROM interaction WHERE id = 3")" = 123450
'

test_ok 'the second order passes the first danger, not to regular, and says so' '
	expect_code 0 crm note --kind order --date 2026-11-01 Acme "Второй заказ" &&
	test_file_is out 4 &&
	test_file_is err "client '\''Acme'\'' placed a repeat order: the first dangerous stage has passed; not yet a regular client" &&
	test "$(sql "SELECT status, orders FROM client WHERE id = 1")" = "active|2"
'

test_ok 'a back-dated note leaves last contact alone' '
	test "$(sql "SELECT $(sql_datetime last_contact) FROM client WHERE id = 1")" = \
		"2026-11-22 10:00:00"
'

test_ok 'the third order changes nothing and says nothing' '
	expect_code 0 crm note --kind order Acme "Третий заказ" &&
	test_file_is out 5 && test_empty err &&
	test "$(sql "SELECT status, orders FROM client WHERE id = 1")" = "active|3"
'

test_ok 'the journal has each interaction, the status change and the repeat order' '
	crm --format tsv --fields action,entity,entity_id,data journal --entity client >all &&
	grep -v "^client.add" all >out &&
	test_file_is out "action	entity	entity_id	data
client.status	client	1	{\"client_id\":1,\"old\":\"prospect\",\"new\":\"active\",\"reason\":\"first order\"}
client.repeat_order	client	1	{\"client_id\":1,\"interaction_id\":3,\"orders\":2,\"amount\":\"1234.50\",\"first_amount\":null,\"text\":\"repeat order: the first dangerous stage has passed (1234.50; the first order has no amount); not yet a regular client\"}" &&
	expect_code 0 crm --format tsv --fields action,entity_id journal --entity interaction &&
	test_file_is out "action	entity_id
interaction.add	1
interaction.add	2
interaction.add	3
interaction.add	4
interaction.add	5" &&
	crm --format tsv --fields data journal --entity interaction --id 3 >data &&
	test_grep "\"amount\":\"1234.50\"" data &&
	test_grep "\"author\":\"tester\"" data
'

test_ok 'the status and repeat-order entries come right after the interaction' '
	test "$(sql "SELECT action FROM journal WHERE id > 1 ORDER BY id" | paste -sd " " - |
		sed "s/client.add //g")" = \
		"interaction.add interaction.add interaction.add client.status interaction.add client.repeat_order interaction.add"
'

test_ok 'note -q does not say that the status changed' '
	expect_code 0 crm -q note --kind order "ООО Р" "Заказ" &&
	test_file_is out 6 && test_empty err &&
	test "$(sql "SELECT status FROM client WHERE id = 2")" = active
'

test_ok 'an order of a lost client: a hint, the status stays' '
	expect_code 0 crm note --kind order "Lost Co" "They are back" &&
	test_file_is out 7 &&
	test_grep "hint: client '\''Lost Co'\'' is lost and placed an order (1 in all)" err &&
	expect_code 0 crm note --kind order "Lost Co" "Again" &&
	test_grep "run '\''crm client edit --status active 3'\''" err &&
	test "$(sql "SELECT status, orders FROM client WHERE id = 3")" = "lost|2" &&
	test "$(sql "SELECT count(*) FROM journal WHERE action = '\''client.status'\''")" -eq 2 &&
	test "$(sql "SELECT count(*) FROM journal WHERE action = '\''client.repeat_order'\''")" -eq 1
'

test_ok 'note --format json prints the new record' '
	expect_code 0 crm --format json note --kind email --date 2026-11-21 --amount 10 "ООО Р" \
		"Письмо с \"КП\"" &&
	test_empty err &&
	test_file_is out "{\"id\":9,\"client_id\":2,\"client\":\"ООО Ромашка\",\"kind\":\"email\",\"at\":\"2026-11-21\",\"author\":\"tester\",\"text\":\"Письмо с \\\"КП\\\"\",\"outcome\":null,\"amount\":\"10.00\",\"late\":null}"
'

test_ok 'note --format ndjson' '
	expect_code 0 crm --as anna --format ndjson note --kind meeting --outcome ok Acme Встреча &&
	test_file_is out "{\"id\":10,\"client_id\":1,\"client\":\"Acme\",\"kind\":\"meeting\",\"at\":\"2026-11-22T10:00:00Z\",\"author\":\"anna\",\"text\":\"Встреча\",\"outcome\":\"ok\",\"amount\":null,\"late\":null}"
'

test_ok 'note --format csv' '
	expect_code 0 crm --format csv note --kind feedback Acme "Доволен, но «дорого»" &&
	test_file_is out "id,client_id,client,kind,at,author,text,outcome,amount,late
11,1,Acme,feedback,2026-11-22T10:00:00Z,tester,\"Доволен, но «дорого»\",,,"
'

test_ok 'note --format tsv --fields' '
	expect_code 0 crm --format tsv --fields id,kind,amount note --kind complaint --amount -5.5 \
		Acme "Возврат" &&
	test_file_is out "id	kind	amount
12	complaint	-5.50"
'

test_ok 'text and outcome go into the search index' '
	test "$(sql "SELECT rowid, client_id FROM search WHERE $(sql_match кп) ORDER BY rowid")" = "10|1
38|2" &&
	test "$(sql "SELECT rowid FROM search WHERE $(sql_match ок) OR $(sql_match ok)")" = 42
'

count() {
	sql "SELECT count(*) FROM interaction"
}

test_code 2 'note: an unknown kind' crm note --kind lunch Acme x
test_ok 'an unknown kind lists the kinds' '
	test_grep "invalid value '\''lunch'\'' for --kind (call, meeting, email, order, complaint, feedback, conflict, note)" err &&
	test_grep "usage: crm note" err
'
test_code 2 'note: a date in the future' crm note --date tomorrow Acme x
test_ok 'a date in the future says so' '
	test_grep "error: date 2026-11-23 is in the future" err && test_empty out
'
test_code 2 'note: a time later today' crm note --at 2026-11-22T10:01 Acme x
test_ok 'a time later today says so' 'test_grep "date 2026-11-22 10:01 is in the future" err'
test_code 2 'note: a bad date' crm note --date 2026-02-30 Acme x
test_ok 'a bad date names the forms' 'test_grep "invalid date '\''2026-02-30'\'' for --date" err'
test_code 2 'note: a bad amount' crm note --amount 12abc Acme x
test_ok 'a bad amount says so' 'test_grep "invalid amount '\''12abc'\'' for --amount" err'
test_code 2 'note: three decimals' crm note --amount 1.234 Acme x
test_code 2 'note: an empty text' crm note Acme ""
test_ok 'an empty text says so' 'test_grep "error: empty text" err'
test_code 2 'note: a text of 10001 characters' crm note Acme "$(printf "%10001s" | tr " " x)"
test_ok 'too long says so' 'test_grep "text is too long: 10001 characters, at most 10000" err'
test_code 2 'note: a text that is not UTF-8' crm note Acme "$(printf "\377\376")"
test_code 2 'note: an empty outcome' crm note --outcome "" Acme x
test_code 2 'note: an outcome that is not UTF-8' crm note --outcome "$(printf "ok\377")" Acme x
test_code 3 'note: an unknown client' crm note Nobody x
test_ok 'an unknown client says so' 'test_grep "error: no client matches '\''Nobody'\''" err'
test_code 3 'note: an ambiguous client' crm note рога x
test_ok 'an ambiguous client lists the candidates' '
	test_grep "3 Рога и копыта ООО" err || test_grep "4 Рога и копыта ООО" err
'
test_code 2 'note: no text' crm note Acme
test_code 2 'note: three arguments' crm note Acme x y
test_ok 'nothing was written by the refused notes' 'test "$(count)" -eq 12'
test_ok 'a text of 10000 characters is fine' '
	expect_code 0 crm note Acme "$(printf "%10000s" | tr " " x)" &&
	test_file_is out 13 &&
	test "$(sql "SELECT length(text) FROM interaction WHERE id = 13")" -eq 10000 &&
	sql "DELETE FROM search WHERE rowid = 54; DELETE FROM interaction WHERE id = 13"
'

# ---- log ------------------------------------------------------------------

# The rest of the sheet, written by the other commands ten days back and
# on: promises (one kept by boris, one broken), an incident resolved by
# boris, a next action he did, a new owner; and a handover, which has no
# command yet: its journal entry is written straight into the base.
at() {
	when=$1
	shift
	CRM_NOW=$when crm "$@" >/dev/null 2>&1
}
crm manager add boris >/dev/null
at 2026-11-12T10:00:00Z --as anna promise add --kind guarantee --due 2027-02-11 Acme \
	"delivery in 90 days"
at 2026-11-12T10:00:00Z --as anna promise add Acme "call on Monday"
at 2026-11-13T10:00:00Z --as anna incident add --kind mishap Acme "late truck"
at 2026-11-14T10:00:00Z --as anna next add --due 2026-11-21 Acme "send the offer"
at 2026-11-16T10:00:00Z --as boris incident resolve --how refund 1
at 2026-11-17T10:00:00Z --as boris promise keep 1
at 2026-11-18T10:00:00Z --as anna promise break --why "was ill" 2
at 2026-11-19T10:00:00Z --as boris client edit --owner boris Acme
at 2026-11-20T10:00:00Z --as boris next done 1
sql "INSERT INTO journal(at, actor, action, entity, entity_id, data) VALUES
	(1795255200, 'head', 'handover.done', 'handover', 1,
	 '{\"client_id\":1,\"from\":\"boris\",\"to\":\"anna\"}'),
	(1795255200, 'head', 'handover.done', 'handover', 2,
	 '{\"client_id\":2,\"from\":\"x\",\"to\":\"y\"}')"

test_ok 'log as a table: newest first, every kind in one stream' '
	expect_code 0 crm --fields at,kind,event,text,author log Acme &&
	test_empty err &&
	sed "s/  *\$//" out >got &&
	test_file_is got "AT                KIND         EVENT         TEXT                                                                                                                   AUTHOR
2026-11-22 10:00  milestone    repeat-order  repeat order: the first dangerous stage has passed (1234.50; the first order has no amount); not yet a regular client  tester
2026-11-22 10:00  status       changed       prospect -> active: first order                                                                                        tester
2026-11-22 10:00  interaction  complaint     Возврат                                                                                                                tester
2026-11-22 10:00  interaction  feedback      Доволен, но «дорого»                                                                                                   tester
2026-11-22 10:00  interaction  meeting       Встреча (outcome: ok)                                                                                                  anna
2026-11-22 10:00  interaction  order         Третий заказ                                                                                                           tester
2026-11-22 10:00  interaction  order         Первый заказ                                                                                                           tester
2026-11-22 10:00  interaction  note          Позвонил, обсудили заказ                                                                                               tester
2026-11-21 10:00  handover     done          boris -> anna                                                                                                          head
2026-11-20 15:30  interaction  call          Звонок Ивану (outcome: ждут КП)                                                                                        tester
2026-11-20 10:00  next         done          send the offer                                                                                                         boris
2026-11-19 10:00  owner        changed       - -> boris                                                                                                             boris
2026-11-18 10:00  promise      broken        call on Monday (why: was ill)                                                                                          anna
2026-11-17 10:00  promise      kept          delivery in 90 days                                                                                                    boris
2026-11-16 10:00  incident     resolved      late truck (how: refund)                                                                                               boris
2026-11-14 10:00  next         added         send the offer (due 2026-11-21)                                                                                        anna
2026-11-13 10:00  incident     opened        mishap: late truck                                                                                                     anna
2026-11-12 10:00  promise      added         call on Monday                                                                                                         anna
2026-11-12 10:00  promise      added         guarantee: delivery in 90 days (due 2027-02-11)                                                                        anna
2026-11-01        interaction  order         Второй заказ                                                                                                           tester"
'

test_ok 'status entries refer to their journal entries' '
	crm --format csv --fields ref_id log --kind status Acme >got &&
	sql "SELECT id FROM journal WHERE action = '\''client.status'\'' AND entity_id = 1
		ORDER BY id DESC" >want &&
	test "$(tail -n +2 got)" = "$(cat want)"
'

test_ok 'the repeat order is a milestone in the log at the time it was recorded' '
	expect_code 0 crm --format tsv --fields at,kind,event,text log --kind milestone acme &&
	test_file_is out "at	kind	event	text
2026-11-22T10:00:00Z	milestone	repeat-order	repeat order: the first dangerous stage has passed (1234.50; the first order has no amount); not yet a regular client" &&
	crm --format csv --fields ref_id log --kind milestone Acme >got &&
	test "$(tail -n +2 got)" = "$(sql "SELECT id FROM journal WHERE action = '\''client.repeat_order'\'' AND entity_id = 1")" &&
	expect_code 0 crm --format tsv --fields at,kind,text log --kind status acme &&
	test_file_is out "at	kind	text
2026-11-22T10:00:00Z	status	prospect -> active: first order"
'

test_ok 'client show carries the repeat order in every format' '
	expect_code 0 crm client show Acme &&
	grep "^repeat order   2026-11-22: the first dangerous stage has passed (1234.50; the first order has no amount); not yet a regular client\$" out >/dev/null &&
	grep "^status         active\$" out >/dev/null &&
	expect_code 0 crm --json --fields status,orders,repeat_order_at,repeat_order client show Acme &&
	test_file_is out "{\"status\":\"active\",\"orders\":3,\"repeat_order_at\":\"2026-11-22T10:00:00Z\",\"repeat_order\":\"repeat order: the first dangerous stage has passed (1234.50; the first order has no amount); not yet a regular client\"}" &&
	expect_code 0 crm --format ndjson --fields repeat_order client show "ООО Р" &&
	test_file_is out "{\"repeat_order\":null}"
'

test_ok 'log as json' '
	expect_code 0 crm --format json log --limit 2 --kind order Acme &&
	test_empty err &&
	cat >want <<-\EOF &&
	[
	{"at":"2026-11-22T10:00:00Z","kind":"interaction","event":"order","text":"Третий заказ","author":"tester","ref_id":5,"survey_id":null},
	{"at":"2026-11-22T10:00:00Z","kind":"interaction","event":"order","text":"Первый заказ","author":"tester","ref_id":3,"survey_id":null}
	]
	EOF
	cmp want out
'

test_ok 'log as ndjson' '
	expect_code 0 crm --format ndjson log --kind promise Acme &&
	cat >want <<-\EOF &&
	{"at":"2026-11-18T10:00:00Z","kind":"promise","event":"broken","text":"call on Monday (why: was ill)","author":"anna","ref_id":2,"survey_id":null}
	{"at":"2026-11-17T10:00:00Z","kind":"promise","event":"kept","text":"delivery in 90 days","author":"boris","ref_id":1,"survey_id":null}
	{"at":"2026-11-12T10:00:00Z","kind":"promise","event":"added","text":"call on Monday","author":"anna","ref_id":2,"survey_id":null}
	{"at":"2026-11-12T10:00:00Z","kind":"promise","event":"added","text":"guarantee: delivery in 90 days (due 2027-02-11)","author":"anna","ref_id":1,"survey_id":null}
	EOF
	cmp want out
'

test_ok 'log as csv' '
	expect_code 0 crm --format csv --fields at,kind,event,text,author log --kind owner Acme &&
	test_file_is out "at,kind,event,text,author
2026-11-19T10:00:00Z,owner,changed,'\''- -> boris,boris"
'

test_ok 'log as tsv' '
	expect_code 0 crm --format tsv log --kind handover Acme &&
	test_file_is out "at	kind	event	text	author	ref_id	survey_id
2026-11-21T10:00:00Z	handover	done	boris -> anna	head	1	"
'

test_ok 'log --kind interaction, incident, next' '
	crm --format csv --fields ref_id log --kind interaction Acme >got &&
	test "$(tr "\n" " " <got)" = "ref_id 12 11 10 5 3 1 2 4 " &&
	crm --format csv --fields event log --kind incident Acme >got &&
	test "$(tr "\n" " " <got)" = "event resolved opened " &&
	crm --format csv --fields event log --kind next Acme >got &&
	test "$(tr "\n" " " <got)" = "event done added "
'

test_ok 'log --since a date' '
	expect_code 0 crm --format csv --fields at,kind log --since 2026-11-20 --kind call Acme &&
	test_file_is out "at,kind
2026-11-20T15:30:00Z,interaction" &&
	expect_code 0 crm --format csv --fields kind log --since 2026-11-21 Acme &&
	test "$(wc -l <out)" -eq 10 &&
	expect_code 0 crm --format csv --fields kind log --since tomorrow Acme &&
	test_file_is out kind
'

test_ok 'log --limit' '
	expect_code 0 crm --format csv --fields kind,text log --limit 1 Acme &&
	test_file_is out "kind,text
milestone,repeat order: the first dangerous stage has passed (1234.50; the first order has no amount); not yet a regular client" &&
	expect_code 0 crm --format csv --fields ref_id log --limit 0 Acme &&
	test "$(wc -l <out)" -eq 21
'

test_ok 'log of another client has its own entries only' '
	expect_code 0 crm --format csv --fields kind,event,text log "ООО Р" &&
	test_file_is out "kind,event,text
status,changed,prospect -> active: first order
interaction,order,Заказ
handover,done,x -> y
interaction,email,\"Письмо с \"\"КП\"\"\""
'

test_ok 'log of a client with no history is empty' '
	expect_code 0 crm log "Рога и копыта ИП" &&
	test_empty err
'

test_code 2 'log: an unknown kind' crm log --kind lunch Acme
test_ok 'an unknown kind lists the kinds' '
	test_grep "invalid value '\''lunch'\'' for --kind (interaction, promise, incident, next, move, status, owner, handover, milestone, call," err
'
test_code 2 'log: a bad --since' crm log --since someday Acme
test_code 2 'log: a negative --limit' crm log --limit -1 Acme
test_code 2 'log: a --limit that is not a number' crm log --limit ten Acme
test_code 3 'log: an unknown client' crm log Nobody
test_code 3 'log: an ambiguous client' crm log рога
test_code 2 'log: no client' crm log
test_ok 'log -h' '
	expect_code 0 crm log -h &&
	test_grep "usage: crm log [--kind <kind>] [--since <date>] [--limit <n>] <client>" out
'
test_ok 'note -h' '
	expect_code 0 crm note -h &&
	test_grep "usage: crm note [--kind <kind>] [--at <time> | --date <date>] [--late <minutes>] [--outcome <text>] [--amount <amount>] <client> [<text> | --file <file>]" out
'

test_ok '--amount is held to 999 999 999 999.99 either way' '
	expect_code 0 crm note --kind order --amount -999999999999.99 Acme "refund" &&
	expect_code 2 crm note --kind order --amount 1000000000000 Acme "too big" &&
	test_grep "error: invalid amount '\''1000000000000'\'' for --amount: use 1234.50 or 1 234,50, at most 999 999 999 999.99 either way" err &&
	expect_code 2 crm note --kind order --amount -92233720368547758.08 Acme "too small" &&
	test "$(sql "SELECT count(*) FROM interaction WHERE text LIKE '\''too%'\''")" = 0
'

test_done
