#!/bin/sh
# t8500-sheet-ru: the client sheet in Russian. Under ru_RU.UTF-8 the
# enumerated values take their Russian synonyms (stored in English), the
# sheet, the hints and the errors speak Russian with the exit codes of
# C.UTF-8, and JSON and CSV stay byte-identical. What crm writes into the
# base (the status note of an order, the repeat order milestone) follows
# the base's language, not the locale of whoever runs the command.
. "$SRCDIR/tests/cli/lib.sh"

ru() {
	LC_ALL=ru_RU.UTF-8 "$CRM" "$@"
}

# the same command under both locales: exit code, stdout in out.ru and
# out.c, stderr in err.ru and err.c
both() {
	_want=$1
	shift
	expect_code "$_want" ru "$@" && mv out out.ru && mv err err.ru &&
		expect_code "$_want" crm "$@" && mv out out.c && mv err err.c
}

test_ok 'a Russian base: crm init --language ru' '
	crm -q init --language ru >/dev/null &&
	test "$($SQLX crm.db "SELECT value FROM config WHERE key = '\''base.language'\''")" = ru &&
	crm -q manager add Анна >/dev/null
'

test_ok 'client add --tier вип --stage шторм stores vip and storm' '
	expect_code 0 ru --as Анна client add --tier вип --stage шторм --kind компания \
		--status потенциальный "Городская Дума" &&
	test_file_is out 1 &&
	expect_code 0 crm --json --fields tier,stage,kind,status client show 1 &&
	test_file_is out "{\"tier\":\"vip\",\"stage\":\"storm\",\"kind\":\"company\",\"status\":\"prospect\"}" &&
	expect_code 0 ru client edit --tier ключевой --stage нормализация 1 &&
	test "$($SQLX crm.db "SELECT tier, stage FROM client WHERE id = 1")" = "key|normalization" &&
	ru -q client edit --tier ВИП --stage Шторм 1 &&
	test "$($SQLX crm.db "SELECT tier, stage FROM client WHERE id = 1")" = "vip|storm"
'

test_ok 'note --kind звонок, promise --kind скидка, incident --kind накладка, next --kind встреча' '
	ru -q --as Анна note --kind звонок --date 2026-11-21 1 "Обсудили поставку" &&
	ru -q promise add --kind скидка --due 2026-11-30 1 "Скидка 5% на второй заказ" &&
	ru -q incident add --kind накладка 1 "Курьер опоздал" &&
	ru -q next add --kind встреча --due 2026-11-25 1 "Встреча в офисе" &&
	test "$($SQLX crm.db "SELECT kind FROM interaction")" = call &&
	test "$($SQLX crm.db "SELECT kind FROM promise")" = discount &&
	test "$($SQLX crm.db "SELECT kind FROM incident")" = mishap &&
	test "$($SQLX crm.db "SELECT kind FROM next_action")" = meeting &&
	expect_code 0 ru --format ndjson --fields kind log --kind звонок 1 &&
	test_file_is out "{\"kind\":\"interaction\"}" &&
	expect_code 0 ru --format ndjson --fields event log --kind обещание 1 &&
	test_file_is out "{\"event\":\"added\"}"
'

test_ok 'the other synonyms of each kind are taken too' '
	for k in встреча письмо жалоба отзыв конфликт заметка; do
		ru -q note --kind "$k" 1 "$k" || return 1
	done &&
	test "$($SQLX crm.db "SELECT kind FROM interaction ORDER BY id" | paste -sd, -)" = \
		"call,meeting,email,complaint,feedback,conflict,note" &&
	for k in обещание гарантия сомнение риск; do
		ru -q promise add --kind "$k" 1 "$k" || return 1
	done &&
	test "$($SQLX crm.db "SELECT kind FROM promise ORDER BY id" | paste -sd, -)" = \
		"discount,promise,guarantee,doubt,risk" &&
	for k in недоразумение конфликт качество; do
		ru -q incident add --kind "$k" 1 "$k" || return 1
	done &&
	test "$($SQLX crm.db "SELECT kind FROM incident ORDER BY id" | paste -sd, -)" = \
		"mishap,misunderstanding,conflict,quality" &&
	for k in звонок письмо задача; do
		ru -q next add --kind "$k" --due 2026-11-26 1 "$k" || return 1
	done &&
	test "$($SQLX crm.db "SELECT kind FROM next_action ORDER BY id" | paste -sd, -)" = \
		"meeting,call,letter,task"
'

test_ok 'an unknown Russian word exits 2 and names the valid values, in both locales' '
	both 2 client add --tier золотой Икс &&
	test_grep "золотой" err.ru && test_grep "vip, key, regular" err.ru &&
	test_grep "vip, key, regular" err.c &&
	both 2 note --kind пирог 1 текст &&
	test_grep "пирог" err.ru &&
	test_grep "call, meeting, email, order, complaint, feedback, conflict, note" err.ru &&
	test_grep "call, meeting, email, order, complaint, feedback, conflict, note" err.c &&
	both 2 promise add --kind подарок 1 текст &&
	test_grep "promise, guarantee, discount, doubt, risk" err.ru &&
	both 2 incident add --kind авария 1 текст &&
	test_grep "misunderstanding, mishap, conflict, quality" err.ru &&
	both 2 next add --kind обед --due 2026-11-30 1 текст &&
	test_grep "call, meeting, letter, task" err.ru &&
	both 2 log --kind пирог 1 &&
	test_grep "interaction, promise, incident" err.ru &&
	test "$($SQLX crm.db "SELECT count(*) FROM client")" = 1
'

test_ok 'client show speaks Russian under ru, English under C' '
	both 0 client show 1 &&
	head -n 1 out.ru >first && test_file_is first "Клиент" &&
	grep -q "^название  *Городская Дума\$" out.ru &&
	grep -q "^уровень  *vip\$" out.ru &&
	grep -q "^стадия  *storm с 2026-11-22\$" out.ru &&
	grep -q "^ответственный  *Анна\$" out.ru &&
	grep -q "^связываться каждые  *-\$" out.ru &&
	test_grep "Ключевые контакты" out.ru &&
	test_grep "Открытые обещания и скидки" out.ru &&
	test_grep "Открытые инциденты" out.ru &&
	test_grep "Следующие действия" out.ru &&
	test_grep "Последние взаимодействия" out.ru &&
	test_grep "Передачи клиента" out.ru &&
	grep -q "^нет\$" out.ru &&
	! grep -q "^none\$" out.ru &&
	head -n 1 out.c >first && test_file_is first "Client" &&
	grep -q "^name  *Городская Дума\$" out.c &&
	grep -q "^stage  *storm since 2026-11-22\$" out.c &&
	test_grep "Open promises and discounts" out.c &&
	grep -q "^none\$" out.c &&
	! grep -q "Клиент" out.c
'

test_ok 'contact every: the three Russian forms, and 1 day in English' '
	for n in 1 3 5 21 22 25; do
		ru -q client edit --contact-every $n 1 &&
		ru client show 1 >show.ru && crm client show 1 >show.c &&
		grep "^связываться каждые" show.ru >>every.ru &&
		grep "^contact every" show.c >>every.c || return 1
	done &&
	tr -s " " <every.ru >every &&
	test_file_is every "связываться каждые 1 день
связываться каждые 3 дня
связываться каждые 5 дней
связываться каждые 21 день
связываться каждые 22 дня
связываться каждые 25 дней" &&
	tr -s " " <every.c >every &&
	test_file_is every "contact every 1 day
contact every 3 days
contact every 5 days
contact every 21 days
contact every 22 days
contact every 25 days"
'

test_ok 'next show speaks Russian under ru' '
	both 0 next show 1 &&
	head -n 1 out.ru >first && test_file_is first "Следующее действие" &&
	grep -q "^срок  *2026-11-25\$" out.ru &&
	test_grep "Переносы" out.ru &&
	grep -q "^нет\$" out.ru &&
	head -n 1 out.c >first && test_file_is first "Next action" &&
	test_grep "Moves" out.c
'

test_ok 'errors and hints: Russian under ru, English under C, the same exit codes' '
	both 2 next add 1 "без срока" &&
	test_grep "нет --due: у следующего действия должен быть срок" err.ru &&
	test_grep "missing --due: a next action needs a deadline" err.c &&
	both 2 promise break 1 &&
	test_grep "нет --why: укажите, почему обещание нарушено" err.ru &&
	test_grep "missing --why: say why the promise was broken" err.c &&
	both 2 incident resolve 1 &&
	test_grep "нет --how: укажите, как урегулирован инцидент" err.ru &&
	both 2 note --at 2026-11-21T10:00 --date 2026-11-21 1 текст &&
	test_grep "--at и --date обе задают время: укажите одну из них" err.ru &&
	test_grep "--at and --date both say when: give one" err.c &&
	both 2 note --kind звонок --late 5 1 текст &&
	test_grep "--late относится к встрече: добавьте --kind meeting" err.ru &&
	both 2 incident add --at 2026-12-01 1 "из будущего" &&
	test_grep "об инциденте сообщают, когда он уже случился" err.ru &&
	test_grep "an incident is told once it happened" err.c &&
	both 2 promise keep один &&
	test_grep "обещание: неверный номер «один»: нужно число, как в выводе \`crm promise list\`" err.ru &&
	test_grep "invalid promise id '\''один'\'': expected a number, as '\''crm promise list'\'' shows" err.c &&
	both 2 client add --contact-every 4000 Икс &&
	test_grep "неверное значение «4000» для --contact-every: нужно от 1 до 3650 дней" err.ru &&
	both 0 next add --due 2026-11-30 1 "Позвонить" &&
	test_empty err.ru && test_empty err.c
'

test_ok 'an order: the info line follows the locale, the status note the base' '
	crm -q client add Ромашка >/dev/null &&
	expect_code 0 ru --as Анна note --kind заказ --amount 1000 Ромашка "Первый заказ" &&
	test_grep "клиент «Ромашка» теперь в статусе active: первый заказ" err &&
	expect_code 0 crm --as Анна note --kind order --amount 1500 Ромашка "Второй заказ" &&
	test_grep "client '\''Ромашка'\'' placed a repeat order: the first dangerous stage has passed" err &&
	expect_code 0 crm --format ndjson --fields kind,text log --kind status Ромашка &&
	test_file_is out "{\"kind\":\"status\",\"text\":\"prospect -> active: первый заказ\"}" &&
	expect_code 0 ru --format ndjson --fields text log --kind milestone Ромашка &&
	test_file_is out "{\"text\":\"повторный заказ: первая опасная стадия пройдена (1500.00, первый заказ 1000.00: больше); постоянным клиентом пока не стал\"}" &&
	expect_code 0 crm client show Ромашка &&
	grep -q "^repeat order  *2026-11-22: первая опасная стадия пройдена (1500.00" out &&
	expect_code 0 ru client show Ромашка &&
	grep -q "^повторный заказ  *2026-11-22: первая опасная стадия пройдена (1500.00" out
'

test_ok 'an English base gets English notes under a Russian runner' '
	mkdir en &&
	crm --db en/crm.db -q init --language en >/dev/null &&
	ru --db en/crm.db -q client add Acme >/dev/null &&
	ru --db en/crm.db -q note --kind заказ Acme "first" &&
	ru --db en/crm.db -q note --kind заказ Acme "second" &&
	ru --db en/crm.db -q note --kind заказ Acme "third" &&
	expect_code 0 ru --db en/crm.db --format ndjson --fields text log --kind status Acme &&
	test_file_is out "{\"text\":\"prospect -> active: first order\"}" &&
	expect_code 0 ru --db en/crm.db --format ndjson --fields text log --kind milestone Acme &&
	test_file_is out "{\"text\":\"repeat order: the first dangerous stage has passed; not yet a regular client\"}" &&
	ru --db en/crm.db -q client edit --status lost Acme &&
	expect_code 0 ru --db en/crm.db note --kind заказ Acme "fourth" &&
	test_grep "клиент «Acme» в статусе lost и сделал заказ (всего заказов: 4): если клиент вернулся, запустите \`crm client edit --status active 1\`" err
'

test_ok 'the timeline: the words around the data follow the locale in a table only' '
	ru -q note --kind встреча --late 5 --outcome "договорились" Ромашка "Встреча в офисе" &&
	p=$(ru -q promise add --due 2026-11-30 Ромашка "Привезти образцы") &&
	ru -q promise break --why "не успели" "$p" &&
	ru -q next move --due 2026-11-28 --by клиент --reason "в отпуске" 1 &&
	both 0 log Ромашка &&
	test_grep "Встреча в офисе (итог: договорились) (опоздание: 5 мин)" out.ru &&
	test_grep "Привезти образцы (срок 2026-11-30)" out.ru &&
	test_grep "Привезти образцы (причина: не успели)" out.ru &&
	test_grep "Встреча в офисе (outcome: договорились) (late: 5 min)" out.c &&
	test_grep "Привезти образцы (why: не успели)" out.c &&
	both 0 log 1 &&
	test_grep "Встреча в офисе: 2026-11-25 -> 2026-11-28 (по просьбе client: в отпуске)" out.ru &&
	test_grep "Встреча в офисе (meeting, срок 2026-11-25)" out.ru &&
	test_grep "Встреча в офисе: 2026-11-25 -> 2026-11-28 (by client: в отпуске)" out.c &&
	both 0 --format csv log Ромашка && cmp out.ru out.c &&
	test_grep "(outcome: договорились) (late: 5 min)" out.ru &&
	both 0 --json log 1 && cmp out.ru out.c &&
	test_grep "(by client: в отпуске)" out.ru
'

test_ok 'JSON, NDJSON and CSV are byte-identical under both locales' '
	for args in "--json client show 1" "--format ndjson client show 1" \
		"--format csv client list" "--json client list --tier вип" \
		"--format csv promise list" "--json incident list" "--format csv next list" \
		"--json next show 1" "--json log 1" "--format csv log 1" \
		"--format csv client find Дума" \
		"client export" "--format csv client export"; do
		# shellcheck disable=SC2086 # the words of args are the arguments
		both 0 $args && cmp out.ru out.c || { echo "differ: $args"; return 1; }
	done
'

test_ok 'the import speaks Russian under ru: the summary, and the line of an error' '
	crm client export >all.ndjson &&
	printf "name,tier\nЛютик,вип\n" >bad.csv &&
	both 65 client import bad.csv &&
	test_grep "строка 2: поле «tier»" err.ru &&
	test_grep "ничего не импортировано" err.ru &&
	test_grep "line 2: field '\''tier'\''" err.c &&
	printf "name,tier\nЛютик,vip\n" >one.csv &&
	expect_code 0 ru client import -n one.csv &&
	test_file_is err "пробный запуск, ничего не записано: был бы импортирован 1 клиент: добавлено 1, обновлено 0 (контактов: 0, взаимодействий: 0, обещаний: 0, инцидентов: 0, следующих действий: 0, новых менеджеров: 0)" &&
	printf "name\nА\nБ\nВ\n" >three.csv &&
	expect_code 0 ru client import three.csv &&
	test_file_is err "импортировано 3 клиента: добавлено 3, обновлено 0 (контактов: 0, взаимодействий: 0, обещаний: 0, инцидентов: 0, следующих действий: 0, новых менеджеров: 0)" &&
	printf "{\"name\": \"Г\", \"tier\": 5}\n" >bad.ndjson &&
	both 65 client import bad.ndjson &&
	test_grep "строка 1: поле «tier»: нужна строка, а указано: число" err.ru &&
	test_grep "line 1: field '\''tier'\'': expected a string, found a number" err.c
'

test_done
