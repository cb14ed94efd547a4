#!/bin/sh
# t8300-handover-ru: handovers under a Russian and an English locale. The
# options take the Russian synonyms and store the English values, the
# messages follow the locale, JSON and exit codes do not; the receiver's
# default first action and the briefing template follow the base's
# language (crm init --language), whoever runs the command.
. "$SRCDIR/tests/cli/lib.sh"

ru() { LC_ALL=ru_RU.UTF-8 crm "$@"; }
en() { LC_ALL=C.UTF-8 crm "$@"; }

if ! LC_ALL=ru_RU.UTF-8 locale 2>&1 | grep -q . || ! locale -a | grep -qix 'ru_RU.utf8'; then
	echo "Bail out! the ru_RU.UTF-8 locale is not installed (./dev installs it)"
	exit 1
fi

BRIEF='Директор Иван Сидоров решает сам, звать по отчеству. Ценит точность, любит рыбалку, чай и шахматы. Скидка 5% до мая. Спор о сроках в мае улажен. Дальше: звонок до пятницы, КП на весну, визит. Клиент требует терпения.'

# a base of the language $1 at $2 (a CRM_DB): a head, three managers, two
# clients of Анна with a key contact each; the Russian one is the script's
# base, the English one its base en
EN_DB=$(test_base en)
fixture() {
	CRM_DB=$2 crm init --language "$1" &&
	CRM_DB=$2 crm manager add --role head "Вера Руководитель" &&
	for m in Анна Борис Глеб; do
		CRM_DB=$2 crm manager add --email "$m@example.ru" "$m" || return 1
	done &&
	for c in "Рога и копыта" "Городская Дума"; do
		CRM_DB=$2 crm client add --owner Анна "$c" &&
		CRM_DB=$2 crm contact add --key --email ivan@roga.ru "$c" "Иван Сидоров" ||
			return 1
	done
}
{ fixture ru "$CRM_DB" && base_new en && fixture en "$EN_DB"; } >/dev/null 2>&1 || {
	echo "Bail out! cannot build the fixture"
	exit 1
}

# cmd... run on copies a and b of the base (Russian locale and C): same
# exit code $1, JSON identical; out.ru/err.ru and out.en/err.en kept
both() {
	_code=$1
	shift
	base_copy a && base_copy b &&
	CRM_DB=$(test_base a) expect_code "$_code" ru "$@" && mv out out.ru && mv err err.ru &&
	CRM_DB=$(test_base b) expect_code "$_code" en "$@" && mv out out.en && mv err err.en &&
	base_drop a && base_drop b
}

test_ok 'create: --reason отпуск --notify-via письмо store vacation and email; JSON the same' '
	both 0 --json handover "Рога и копыта" --to Борис --reason отпуск --notify-via письмо \
		--brief "$BRIEF" --next "позвонить Ивану" --due +3d &&
	cmp out.ru out.en &&
	test_grep "\"reason\":\"vacation\"" out.ru &&
	test_grep "\"notify_via\":\"email\"" out.ru &&
	test_file_is err.ru "передача 1 клиента «Рога и копыта» менеджеру Борис ожидает принятия: клиент остаётся у менеджера Анна, пока Борис не примет его командой «crm handover accept 1»" &&
	test_file_is err.en "handover 1 of '\''Рога и копыта'\'' to Борис is pending: the client stays with Анна until Борис accepts it with '\''crm handover accept 1'\''"
'

test_ok 'create for real under ru: vacation in the base; every reason synonym is taken' '
	expect_code 0 ru handover "Рога и копыта" --to Борис --reason отпуск --brief "$BRIEF" \
		--next "позвонить Ивану" --due +3d &&
	test_file_is out 1 &&
	test "$($SQLX crm.db "SELECT reason, status FROM handover")" = "vacation|pending" &&
	for r in отпуск увольнение перегрузка просьба-клиента конфликт не-справляется обновление \
		монополия вип-программа Отпуск; do
		expect_code 0 ru --json handover "Городская Дума" --to Глеб --reason "$r" \
			--brief "$BRIEF" --next x --due +3d --dry-run || return 1
	done &&
	test_grep "\"reason\":\"vacation\"" out
'

test_ok 'refusals: the same exit codes, the message in the locale' '
	both 2 handover "Городская Дума" --to Борис --brief "$BRIEF" --next x --due +3d &&
	test_grep "не указан --reason: почему клиент передаётся" err.ru &&
	test_grep "missing --reason: why is the client handed over" err.en &&
	both 2 handover "Городская Дума" --to Борис --reason каникулы --brief "$BRIEF" \
		--next x --due +3d &&
	both 4 handover "Рога и копыта" --to Глеб --reason отпуск --brief "$BRIEF" --next x \
		--due +3d &&
	test_file_is err.ru "ошибка: у клиента «Рога и копыта» уже есть передача, ожидающая принятия (1): сначала примите, отклоните или отмените её" &&
	test_file_is err.en "error: client '\''Рога и копыта'\'' already has a pending handover (1): accept, decline or cancel it first" &&
	both 4 --as Анна handover accept 1 &&
	test_grep "принять передачу 1 может только принимающий менеджер «Борис» или руководитель отдела продаж (вы — «Анна»)" err.ru &&
	test_grep "only the receiver '\''Борис'\'' or a head of sales may accept handover 1 (you are '\''Анна'\'')" err.en &&
	both 4 handover "Городская Дума" --to Борис --reason отпуск --brief "$BRIEF" --next x \
		--due 2026-11-01 &&
	test_grep "срок следующего действия 2026-11-01 уже прошёл (сегодня 2026-11-22)" err.ru &&
	test_grep "the next action'\''s due date 2026-11-01 is in the past (today is 2026-11-22)" err.en
'

test_ok 'accept: the same JSON, the confirmation in the locale' '
	both 0 --as Борис --json handover accept 1 &&
	cmp out.ru out.en &&
	test_grep "\"status\":\"accepted\"" out.ru &&
	test_file_is err.ru "клиент «Рога и копыта» теперь у менеджера Борис; срок следующего действия 1: 2026-11-25; уведомите клиента: «crm handover notice 1»" &&
	test_file_is err.en "'\''Рога и копыта'\'' now belongs to Борис; next action 1 is due 2026-11-25; tell the client: '\''crm handover notice 1'\''" &&
	crm -q --as Борис handover accept 1
'

test_ok 'decline: the same JSON, the message in the locale' '
	crm -q handover "Городская Дума" --to Глеб --reason перегрузка --brief "$BRIEF" \
		--next x --due +3d &&
	both 2 handover decline 2 &&
	test_grep "не указан --why: объясните, почему передача отклонена" err.ru &&
	both 0 --as Глеб --json handover decline --why "не мой профиль" 2 &&
	cmp out.ru out.en &&
	test_grep "\"status\":\"declined\"" out.ru &&
	test_grep "\"reason\":\"overload\"" out.ru &&
	test_file_is err.ru "передача 2 отклонена: клиент остаётся у прежнего менеджера" &&
	test_file_is err.en "handover 2 declined: the client stays where it was" &&
	crm -q --as Глеб handover decline --why "не мой профиль" 2
'

test_ok 'show: the fields named in the locale, the values and JSON the same' '
	both 0 handover show 2 &&
	test_grep "Передача клиента" out.ru &&
	grep -q "^причина  *overload\$" out.ru &&
	grep -q "^отклонена  *2026-11-22 10:00, Глеб\$" out.ru &&
	grep -q "^почему  *не мой профиль\$" out.ru &&
	test_grep "Открытые обещания и скидки" out.ru &&
	test_grep "Handover" out.en &&
	grep -q "^reason  *overload\$" out.en &&
	grep -q "^declined  *2026-11-22 10:00 by Глеб\$" out.en &&
	test_grep "Open promises and discounts" out.en &&
	both 0 --json handover show 1 &&
	cmp out.ru out.en &&
	both 0 --format csv handover list --status принята &&
	cmp out.ru out.en &&
	test "$(wc -l <out.ru)" -eq 2 &&
	both 0 --json handover list --status отклонена &&
	cmp out.ru out.en &&
	test_grep "\"id\":2" out.ru &&
	both 0 --json handover list --status declined &&
	cmp out.ru out.en
'

test_ok 'suggest: the reasons why in the locale' '
	both 0 handover suggest "Городская Дума" &&
	test_grep "нагрузка 0/50" out.ru &&
	test_grep "load 0/50" out.en &&
	! grep -q "load" out.ru
'

test_ok 'plan: the default first action in the base language, not the locale' '
	expect_code 0 en --json handover plan --from Борис --reason отпуск --brief "$BRIEF" \
		--apply --yes &&
	test_grep "1 pending handover created: each receiver accepts with" err &&
	test "$($SQLX crm.db "SELECT reason, next_text FROM handover ORDER BY id DESC LIMIT 1")" = \
		"vacation|представиться клиенту как новый менеджер" &&
	CRM_DB=$EN_DB expect_code 0 ru handover plan --from Анна --reason отпуск \
		--brief "$BRIEF" --apply --yes &&
	test_grep "созданы 2 передачи, ожидающие принятия: каждый принимающий менеджер принимает клиента командой «crm handover accept <id>»" err &&
	test "$($SQLX "$EN_DB" "SELECT DISTINCT reason, next_text FROM handover")" = \
		"vacation|introduce yourself to the client as the new manager"
'

test_ok 'the timeline: the summaries in the base language, whatever the locale' '
	expect_code 0 en --format tsv --fields event,text log --kind handover 1 &&
	test_grep "accept	принята: Анна -> Борис; следующее действие: позвонить Ивану (срок 2026-11-25)" out &&
	test_grep "add	Анна -> Борис: vacation" out &&
	expect_code 0 en --format tsv --fields event,text log --kind handover 2 &&
	test_grep "decline	отклонена: Анна -> Глеб: не мой профиль" out &&
	CRM_DB=$EN_DB ru -q --as "Вера Руководитель" handover accept 1 &&
	to=$($SQLX "$EN_DB" "SELECT m.name FROM handover h JOIN manager m ON m.id = h.to_id WHERE h.id = 1") &&
	CRM_DB=$EN_DB expect_code 0 ru --format tsv --fields event,text log --kind handover 1 &&
	test_file_is out "event	text
add	Анна -> $to: vacation
accept	accepted: Анна -> $to; next: introduce yourself to the client as the new manager (due 2026-11-25)"
'

test_ok 'template: the headings in the base language, whatever the locale' '
	expect_code 0 en handover template &&
	test_grep "== Кто принимает решения и как к ним обращаться ==" out &&
	CRM_DB=$EN_DB expect_code 0 ru handover template &&
	test_grep "== Who decides and how to address them ==" out
'

test_done
