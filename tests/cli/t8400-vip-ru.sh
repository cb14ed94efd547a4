#!/bin/sh
# t8400-vip-ru: the VIP programme in Russian. A programme, its assignment
# and surveys under LC_ALL=ru_RU.UTF-8 and C.UTF-8, on a Russian base
# (crm init --language ru) and an English one: messages and the
# interview follow the runner's locale (answers «да»/«нет» accepted), the
# texts written into the base (assignment reasons, the quality remedy,
# the incident, the survey's record) follow the base's language whoever
# runs the command, and the built-in questionnaire is vip.language's
# (Russian unless set). JSON and exit codes are the same under both
# locales.
. "$SRCDIR/tests/cli/lib.sh"

if ! locale -a 2>/dev/null | grep -qi '^ru_RU\.utf-\{0,1\}8$'; then
	test_skip 'the VIP programme in Russian' 'no ru_RU.UTF-8 locale'
	test_done
fi

RU=$(test_base ru)
EN=$(test_base en)
ru() { LC_ALL=ru_RU.UTF-8 "$CRM" "$@"; }
c() { LC_ALL=C.UTF-8 "$CRM" "$@"; }
# Runs "crm ARGS" under locale $1 with out, err and the exit status in code.
run_in() {
	_loc=$1
	shift
	LC_ALL=$_loc "$CRM" "$@" >out 2>err </dev/null
	echo $? >code
}
sql() { "$SQLX" "$@"; }

for b in ru en; do
	test_ok "a $b base with two VIP clients" "
		base_new $b && B=\$(test_base $b) &&
		c --db \"\$B\" init --language $b >/dev/null &&
		c --db \"\$B\" -q manager add Head --role head &&
		c --db \"\$B\" -q manager add Ann &&
		c --db \"\$B\" -q manager add Bob &&
		ru --db \"\$B\" -q client add Acme --status active --owner Bob --tier вип --tag speed=100 &&
		ru --db \"\$B\" -q client add Beta --status active --owner Bob --tier вип &&
		c --db \"\$B\" -q contact add Acme 'Ivan Petrov' --role CEO
	"
done

# ---- the programme -----------------------------------------------------

test_ok 'program start --tier вип: Russian under ru, the count in its form' '
	run_in ru_RU.UTF-8 --db "$RU" vip program start --lead Head --staff Ann,Bob \
		--tier вип --until 2026-12-31 "VIP 2026" &&
	test "$(cat code)" = 0 &&
	test_file_is out 1 &&
	test_grep "начата программа VIP 1 «VIP 2026»: в списке 2 клиента" err &&
	test_grep "подсказка: распределите список между участниками командой «crm vip assign»" err
'
test_ok '... English under C, same exit code and output' '
	run_in C.UTF-8 --db "$EN" vip program start --lead Head --staff Ann,Bob \
		--tier vip --until 2026-12-31 "VIP 2026" &&
	test "$(cat code)" = 0 &&
	test_file_is out 1 &&
	test_file_is err "started VIP programme 1 '\''VIP 2026'\'' with 2 clients on its list
hint: split the list among the staff with '\''crm vip assign'\''"
'
test_ok 'the stored tier is the English word' '
	test "$(sql "$RU" "SELECT tier FROM vip_program")" = vip &&
	c --db "$RU" --format json vip program show >ru.json &&
	test_grep "\"tier\":\"vip\"" ru.json
'
test_ok 'an unknown tier: 2 under both, the error in the runner'\''s language' '
	run_in ru_RU.UTF-8 --db "$RU" vip program start --lead Head --tier платина X &&
	test "$(cat code)" = 2 && test_grep "платина" err && test_grep "ошибка: " err &&
	run_in C.UTF-8 --db "$RU" vip program start --lead Head --tier platinum X &&
	test "$(cat code)" = 2 && test_grep "error: " err
'
test_ok 'close with clients still to survey: 4 under both, plural forms' '
	run_in ru_RU.UTF-8 --db "$RU" vip program close &&
	test "$(cat code)" = 4 &&
	test_grep "ошибка: в программе VIP 1 остались 2 неопрошенных клиента: опросите их или закройте программу с --force" err &&
	test_grep "подсказка: «crm vip list --pending» покажет их" err &&
	run_in C.UTF-8 --db "$RU" vip program close &&
	test "$(cat code)" = 4 &&
	test_grep "error: VIP programme 1 still has 2 clients to survey: survey them, or close it anyway with --force" err
'

# ---- the assignment: its reasons are the base's -------------------------

test_ok 'assign on the Russian base under C: English messages, Russian reasons' '
	run_in C.UTF-8 --db "$RU" vip assign --apply &&
	test "$(cat code)" = 0 &&
	test_grep "stored the lists of VIP programme 1: 2 assignments changed" err &&
	test_grep "отношения с ответственным менеджером Bob недостаточно хорошие (контактов не было" out &&
	test "$(sql "$RU" "SELECT count(*) FROM vip_item WHERE reason LIKE '\''%ответственным менеджером Bob%'\''")" = 2
'
test_ok 'assign on the English base under ru: Russian messages, English reasons' '
	run_in ru_RU.UTF-8 --db "$EN" vip assign --apply &&
	test "$(cat code)" = 0 &&
	test_grep "списки программы VIP 1 сохранены: изменено 2 назначения" err &&
	test_grep "ИНТЕРВЬЮЕР" out &&
	test_grep "relations with the owner Bob are not good enough (never contacted" out &&
	test "$(sql "$EN" "SELECT count(*) FROM vip_item WHERE reason LIKE '\''relations with the owner Bob%'\''")" = 2
'
test_ok 'vip list: the headers in the runner'\''s language, JSON the same' '
	ru --db "$RU" vip list >ru.txt &&
	c --db "$RU" vip list >c.txt &&
	test_grep "ИНТЕРВЬЮЕР" ru.txt && test_grep "SURVEYOR" c.txt &&
	! grep -q SURVEYOR ru.txt &&
	ru --db "$RU" --format json vip list >ru.json &&
	c --db "$RU" --format json vip list >c.json &&
	cmp ru.json c.json
'

# ---- the questionnaire's language --------------------------------------

test_ok 'the built-in questionnaire is Russian whatever base.language' '
	c --db "$RU" vip template show >ru.json &&
	test_grep "\"title\":	\"VIP-анкета\"" ru.json &&
	ru --db "$EN" vip template show >en.json &&
	test_grep "\"title\":	\"VIP-анкета\"" en.json
'
test_ok '... vip.language en makes it English, whatever the locale' '
	c --db "$EN" config set vip.language en &&
	ru --db "$EN" vip template show >en.json &&
	test_grep "\"title\":	\"VIP questionnaire\"" en.json
'
test_ok 'the printed form: labels in the questionnaire'\''s language' '
	c --db "$RU" vip template print >ru.txt &&
	test_grep "Версия анкеты: 1" ru.txt &&
	ru --db "$EN" vip template print >en.txt &&
	test_grep "Questionnaire version: 1" en.txt &&
	test_grep "Interviewer" en.txt
'

# ---- the interview, in Russian ------------------------------------------

if script -qec true /dev/null >/dev/null 2>&1; then
	test_ok 'the interview under ru: Russian prompts, «да» accepted, «x» refused' '
		printf "Ольга\n\n\n\n\n\n2\n\n50\nx\nда\n\n\n\n\n\n" |
			LC_ALL=ru_RU.UTF-8 script -qec "\"$CRM\" --db \"$RU\" --as Ann vip survey Acme" \
				/dev/null >tty 2>&1 &&
		tr -d "\r" <tty >t &&
		test_grep "Анкета VIP клиента «Acme», 2026-11-22 (версия анкеты 1)" t &&
		test_grep "Enter оставляет ответ в [скобках] или пропускает вопрос; «-» стирает ответ;" t &&
		test_grep "== Ключевые лица ==" t &&
		test_grep "ключевых контактов пока нет" t &&
		test_grep "7/15 Как вы оцениваете сотрудничество с нами? (обязательно)" t &&
		test_grep "10/15 Были ли заметные сбои связи за последний месяц? (да/нет) (обязательно)" t &&
		test_grep "ответьте «да» или «нет»" t &&
		test_grep "имя или название — добавить рекомендацию" t &&
		test_grep "анкета клиента «Acme» заполнена: анкета 1, качество плохое" t &&
		test "$(sql "$RU" "SELECT json_extract(answers, '\''$.\"quality.outage\"'\''), quality FROM vip_survey WHERE id = 1")" = "1|fail"
	'
	test_ok '... «нет» is no' '
		printf "\n\n\n\n\n\n1\n\n\nнет\n\n\n\n\n\n" |
			LC_ALL=ru_RU.UTF-8 script -qec "\"$CRM\" --db \"$EN\" --as Ann vip survey Beta" \
				/dev/null >tty 2>&1 &&
		tr -d "\r" <tty >t &&
		test_grep "Анкета VIP клиента «Beta»" t &&
		test_grep "7/15 How do you rate working with us? (обязательно)" t &&
		test_grep "(да/нет)" t &&
		test "$(sql "$EN" "SELECT json_extract(answers, '\''$.\"quality.outage\"'\''), quality FROM vip_survey WHERE client_id = 2")" = "0|pass"
	'
	test_ok 'the remedy in the Russian base is Russian' '
		test "$(sql "$RU" "SELECT n.text FROM vip_survey s JOIN next_action n ON n.id = s.remedy_id WHERE s.id = 1")" = "технические работы: восстановить качество обслуживания (quality.speed: 50 Мбит/с (ожидалось не меньше 100); quality.outage: да (ожидалось «нет»))" &&
		test "$(sql "$RU" "SELECT x.text FROM vip_survey s JOIN incident x ON x.id = s.incident_id WHERE s.id = 1")" = "анкета VIP от 2026-11-22 выявила плохое качество: quality.speed: 50 Мбит/с (ожидалось не меньше 100); quality.outage: да (ожидалось «нет»)" &&
		test "$(sql "$RU" "SELECT outcome FROM interaction WHERE kind = '\''survey'\''")" = "качество плохое: quality.speed: 50 Мбит/с (ожидалось не меньше 100); quality.outage: да (ожидалось «нет»)"
	'
else
	test_skip 'the interview under ru' 'no script(1)'
	test_ok 'a survey of Acme on the Russian base instead' '
		echo "{\"cooperation.rating\": \"хорошо\", \"quality.speed\": 50, \"quality.outage\": true}" |
			ru --db "$RU" --as Ann vip survey --answers - Acme >/dev/null 2>&1 &&
		echo "{\"cooperation.rating\": \"excellent\", \"quality.outage\": false}" |
			ru --db "$EN" --as Ann vip survey --answers - Beta >/dev/null 2>&1
	'
fi

# ---- surveys from stdin: the base's language whoever runs them -----------

test_ok 'a survey into the English base under ru: the remedy stays English' '
	echo "{\"cooperation.rating\": \"good\", \"quality.speed\": 50, \"quality.outage\": true}" |
		LC_ALL=ru_RU.UTF-8 "$CRM" --db "$EN" --as Ann vip survey --answers - Acme >out 2>err &&
	test_grep "ДЕЙСТВИЕ" out &&
	test_grep "bad quality found by the VIP survey of 2026-11-22: quality.speed: 50 Mbit/s" out &&
	test_grep "next action '\''technical work'\'' for the owner, due 2026-11-29" out &&
	test_grep "анкета клиента «Acme» заполнена: анкета 2, качество плохое" err &&
	test "$(sql "$EN" "SELECT n.text FROM vip_survey s JOIN next_action n ON n.id = s.remedy_id WHERE s.client_id = 1")" = "technical work: restore the quality of service (quality.speed: 50 Mbit/s (at least 100 expected); quality.outage: yes (no expected))"
'
test_ok 'a survey into the Russian base under C: the remedy stays Russian' '
	echo "{\"cooperation.rating\": \"хорошо\", \"quality.outage\": true}" |
		LC_ALL=C.UTF-8 "$CRM" --db "$RU" --as Bob vip survey --answers - Beta >out 2>err &&
	test_grep "EFFECT" out &&
	test_grep "следующее действие «технические работы» для ответственного менеджера" out &&
	test_file_is err "surveyed '\''Beta'\'': survey 2, quality fail" &&
	test "$(sql "$RU" "SELECT n.text FROM vip_survey s JOIN next_action n ON n.id = s.remedy_id WHERE s.id = 2")" = "технические работы: восстановить качество обслуживания (quality.outage: да (ожидалось «нет»))"
'
test_ok 'a bad answer: 65 under both, nothing stored' '
	echo "{\"cooperation.rating\": 5, \"quality.outage\": true}" >bad.json &&
	run_in ru_RU.UTF-8 --db "$RU" --as Ann vip survey --answers bad.json Acme &&
	test "$(cat code)" = 65 &&
	test_grep "ошибка: ответ «cooperation.rating»: ожидался один из вариантов, а получено: число" err &&
	test_grep "подсказка: ничего не сохранено" err &&
	run_in C.UTF-8 --db "$RU" --as Ann vip survey --answers bad.json Acme &&
	test "$(cat code)" = 65 &&
	test_grep "error: answer '\''cooperation.rating'\'': expected one of the choices, got a number" err &&
	test "$(sql "$RU" "SELECT count(*) FROM vip_survey")" = 2
'

# ---- report and survey show: human text per locale, JSON the same --------

test_ok 'vip report: Russian under ru, English under C' '
	run_in ru_RU.UTF-8 --db "$RU" vip report && test "$(cat code)" = 0 && mv out ru.txt &&
	run_in C.UTF-8 --db "$RU" vip report && test "$(cat code)" = 0 && mv out c.txt &&
	test_grep "Недостатки качества" ru.txt &&
	test_grep "Клиенты по рекомендации" ru.txt &&
	test_grep "Ключевые контакты" ru.txt &&
	test_grep "ИСПОЛНИТЕЛЬ УСТРАНЕНИЯ" ru.txt &&
	test_grep "Quality failures" c.txt &&
	test_grep "REMEDY_ASSIGNEE" c.txt &&
	! grep -q "Quality failures" ru.txt &&
	! grep -q "Недостатки" c.txt
'
test_ok '... its JSON and CSV are the same under both' '
	ru --db "$RU" --format json vip report >ru.json &&
	c --db "$RU" --format json vip report >c.json &&
	cmp ru.json c.json &&
	test_grep "\"remedy_status\"" c.json &&
	ru --db "$RU" --format csv vip report >ru.csv &&
	c --db "$RU" --format csv vip report >c.csv &&
	cmp ru.csv c.csv
'
test_ok 'vip survey show: Russian headers under ru, English under C, JSON the same' '
	run_in ru_RU.UTF-8 --db "$RU" vip survey show 2 && test "$(cat code)" = 0 && mv out ru.txt &&
	run_in C.UTF-8 --db "$RU" vip survey show 2 && test "$(cat code)" = 0 && mv out c.txt &&
	test_grep "РАЗДЕЛ" ru.txt && test_grep "ИНТЕРВЬЮЕР" ru.txt &&
	test_grep "SECTION" c.txt && test_grep "SURVEYOR" c.txt &&
	test_grep "Были ли заметные сбои связи за последний месяц?" c.txt &&
	ru --db "$RU" --format json vip survey show 2 >ru.json &&
	c --db "$RU" --format json vip survey show 2 >c.json &&
	cmp ru.json c.json
'
test_ok 'vip survey show of a missing survey: 3 under both' '
	run_in ru_RU.UTF-8 --db "$RU" vip survey show 99 &&
	test "$(cat code)" = 3 &&
	test_grep "ошибка: нет анкеты VIP с id 99" err &&
	test_grep "подсказка: «crm log <клиент> --kind survey» перечисляет анкеты клиента" err &&
	run_in C.UTF-8 --db "$RU" vip survey show 99 &&
	test "$(cat code)" = 3 &&
	test_grep "error: no VIP survey with id 99" err
'
test_ok 'program show: the list heading per locale' '
	ru --db "$RU" vip program show >ru.txt &&
	c --db "$RU" vip program show >c.txt &&
	test_grep "Клиенты" ru.txt && test_grep "Clients" c.txt &&
	ru --db "$RU" --format json vip program show >ru.json &&
	c --db "$RU" --format json vip program show >c.json &&
	cmp ru.json c.json
'

test_done
