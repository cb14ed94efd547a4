#!/bin/sh
# t2002-farewell: crm client farewell in every format: refused while a
# promise is open (exit 4, nothing written, the promises listed) unless
# --force, the status and the closed next actions with their reason in the
# journal and the timeline, a pending handover cancelled, the closing
# message (--notice, Russian, English, a template), and bad input.
. "$SRCDIR/tests/cli/lib.sh"

crm init >/dev/null 2>&1

# Managers 1 Anna Petrova, 2 Boris Orlov; clients 1 Рога и копыта (Anna's,
# an open discount, two next actions, a key contact), 2 Acme (Boris's,
# nothing open), 3 Orphan (no owner).
{
	crm manager add --email anna@example.ru --phone "+7 900 111-22-33" "Anna Petrova" &&
	crm manager add "Boris Orlov" &&
	crm client add --owner Anna --status active "Рога и копыта" &&
	crm client add --owner Boris --status regular Acme &&
	crm client add Orphan &&
	crm contact add --key "Рога и копыта" "Иван Сидоров" &&
	crm promise add --kind discount --due +30d "Рога и копыта" "скидка 5% на весну" &&
	crm next add --due +2d "Рога и копыта" "позвонить бухгалтеру" &&
	crm next add --due +9d "Рога и копыта" "отправить акт сверки"
} >/dev/null 2>&1 || {
	echo "Bail out! cannot build the fixture"
	exit 1
}

state() {
	"$SQLX" "$CRM_DB" "SELECT (SELECT count(*) FROM journal) || '/' ||
		(SELECT $(sql_group_concat status id) FROM client) || '/' ||
		(SELECT $(sql_group_concat status id) FROM next_action) || '/' ||
		(SELECT $(sql_group_concat status id) FROM handover)"
}

refused() {
	_before=$(state) &&
	expect_code "$@" &&
	test_empty out &&
	test "$(state)" = "$_before"
}

LONG=$(awk 'BEGIN { while (n++ < 10001) printf "ж" }')
BAD=$(printf 'bad \377 text')

test_ok 'refused while a promise is open: the promises are listed' '
	refused 4 crm client farewell --reason "не платит" "Рога и копыта" &&
	test_file_is err "error: client '\''Рога и копыта'\'' has 1 open promise: none may be dropped silently; keep or break each, or say farewell with --force
	1 discount: скидка 5% на весну (due 2026-12-22)
hint: '\''crm promise keep <id>'\'' or '\''crm promise break --why <text> <id>'\'' settles a promise; --force says farewell anyway"
'

test_ok 'usage: --reason is required, text is checked (exit 2)' '
	refused 2 crm client farewell Acme &&
	test_file_is err "error: missing --reason: say why the relationship ends
usage: crm client farewell --reason <text> [--notice [--template <file>]] [--force] <client>" &&
	refused 2 crm client farewell --reason "" Acme &&
	test_file_is err "error: empty reason" &&
	refused 2 crm client farewell --reason "$LONG" Acme &&
	test_file_is err "error: reason is too long: 10001 characters, at most 10000" &&
	refused 2 crm client farewell --reason "$BAD" Acme &&
	test_grep "is not valid UTF-8 text" err &&
	refused 2 crm client farewell --reason x --template t.txt Acme &&
	test_grep "error: --template goes with --notice" err &&
	refused 2 crm client farewell --reason x &&
	refused 66 crm client farewell --reason x --notice --template nosuch.txt Acme &&
	test_grep "cannot read '\''nosuch.txt'\'' for --template" err
'

test_ok 'unknown and ambiguous clients (exit 3)' '
	refused 3 crm client farewell --reason x Nobody &&
	test_file_is err "error: no client matches '\''Nobody'\''"
'

test_ok 'a pending handover refuses it too' '
	brief="Директор Иван Сидоров решает сам, звать по отчеству. Ценит точность, любит рыбалку, чай и шахматы. Скидка 5% до мая. Спор о сроках в мае улажен. Дальше: звонок до пятницы, КП на весну, визит. Клиент требует терпения." &&
	crm handover Acme --to Anna --reason refresh --brief "$brief" --next x --due +3d \
		--notify-via meeting \
		>/dev/null 2>&1 &&
	refused 4 crm client farewell --reason "закрылись" Acme &&
	test_file_is err "error: client '\''Acme'\'' has a pending handover (1): cancel it, or say farewell with --force, which cancels it"
'

test_ok '--force: farewell, actions closed, the promise stays open and listed' '
	expect_code 0 crm client farewell --force --reason "не платит полгода" "Рога и копыта" &&
	test_empty out &&
	test_file_is err "warning: open promises stay open (1): they were not dropped, settle them
	1 discount: скидка 5% на весну (due 2026-12-22)
farewell said: 2 next actions closed" &&
	test "$(state)" = "14/farewell,regular,prospect/done,done/pending" &&
	test "$("$SQLX" "$CRM_DB" "SELECT status FROM promise")" = open
'

test_ok 'the journal and the timeline say why' '
	expect_code 0 crm --format tsv --fields action,entity_id,data journal --since 2026-11-22 &&
	tail -n 3 out >last &&
	test_file_is last "client.status	1	{\"client_id\":1,\"old\":\"active\",\"new\":\"farewell\",\"reason\":\"не платит полгода\",\"open_promises\":1}
next.done	1	{\"client_id\":1,\"interaction_id\":null,\"reason\":\"не платит полгода\"}
next.done	2	{\"client_id\":1,\"interaction_id\":null,\"reason\":\"не платит полгода\"}" &&
	expect_code 0 crm --format tsv --fields kind,event,text log --kind status 1 &&
	test_file_is out "kind	event	text
status	changed	active -> farewell: не платит полгода"
'

test_ok 'once only (exit 4)' '
	refused 4 crm client farewell --force --reason again 1 &&
	test_file_is err "error: client '\''Рога и копыта'\'' already said farewell"
'

test_ok '--notice: the Russian closing message, from the owner' '
	expect_code 0 crm client farewell --force --notice --reason "закрылись" Acme &&
	cat >want <<-\EOF &&
	Тема: завершение сотрудничества

	Добрый день!

	Благодарим Вас за время нашей совместной работы.
	Мы больше не сможем вести Ваши дела так, как Вы того заслуживаете,
	и поэтому с 22 ноября 2026 г. завершаем наше сотрудничество.

	Все обязательства, взятые нами ранее, мы выполним.
	Если Вам понадобится помощь, мы будем рады Вас выслушать.

	Желаем Вам успехов!

	С уважением,
	Boris Orlov
	EOF
	cmp want out &&
	test_file_is err "farewell said: 0 next actions closed, the pending handover cancelled" &&
	test "$("$SQLX" "$CRM_DB" "SELECT status, why FROM handover")" = "cancelled|farewell: закрылись"
'

test_ok '--notice in English, as a JSON record' '
	crm config set letters.language en &&
	crm client add --owner Anna Globex >/dev/null 2>&1 &&
	expect_code 0 crm --json client farewell --notice --reason "moved abroad" Globex &&
	test_file_is out "{\"client_id\":4,\"client\":\"Globex\",\"status\":\"farewell\",\"status_before\":\"prospect\",\"reason\":\"moved abroad\",\"closed_actions\":0,\"open_promises\":0,\"cancelled_handovers\":0,\"notice\":\"Subject: the end of our cooperation\\n\\nDear Sir or Madam,\\n\\nThank you for the time we have worked together.\\nWe can no longer serve you as well as you deserve, and so\\nfrom 22 November 2026 we bring our cooperation to a close.\\n\\nWe will honour every commitment we have made to you.\\nShould you need help, we will gladly listen.\\n\\nWe wish you every success.\\n\\nKind regards,\\nAnna Petrova\\nphone: +7 900 111-22-33\\nemail: anna@example.ru\\n\"}" &&
	crm config unset letters.language
'

test_ok 'without --notice: ndjson, csv and tsv records, notice null' '
	crm client add Initech >/dev/null 2>&1 &&
	crm client add Umbrella >/dev/null 2>&1 &&
	expect_code 0 crm --format ndjson --fields client,notice client farewell --reason x Orphan &&
	test_file_is out "{\"client\":\"Orphan\",\"notice\":null}" &&
	expect_code 0 crm --format csv --fields client_id,status,status_before client farewell \
		--reason x Initech &&
	test_file_is out "client_id,status,status_before
5,farewell,prospect" &&
	expect_code 0 crm --format tsv --fields client,closed_actions client farewell --reason x \
		Umbrella &&
	test_file_is out "client	closed_actions
Umbrella	0"
'

test_ok '--template: the placeholders; a line without a value goes' '
	crm client add Hooli >/dev/null 2>&1 &&
	printf "{contact}: {client}, {date}\\nmanager {manager}\\nbye\\n" >tmpl.txt &&
	expect_code 0 crm client farewell --notice --template tmpl.txt --reason x Hooli &&
	test_file_is out "Hooli: Hooli, 2026-11-22
bye" &&
	crm client add Vandelay >/dev/null 2>&1 &&
	printf "Hi {boss}\\n" >bad.txt &&
	refused 65 crm client farewell --notice --template bad.txt --reason x Vandelay &&
	test_grep "error: template line 1: unknown placeholder '\''{boss}'\''" err &&
	test_grep "hint: crm-client(1) lists the placeholders of a farewell template" err
'

test_ok 'man page example: farewell with a closing letter' '
	crm client add --owner Anna "ООО «Ромашка»" >/dev/null 2>&1 &&
	crm promise add "ООО «Ромашка»" "вернуть залог" >/dev/null 2>&1 &&
	expect_code 0 crm client farewell --reason "не платит полгода" --notice --force ромашка &&
	test_grep "С уважением," out
'

test_done
