#!/bin/sh
# t8100-audit-ru: crm audit under ru_RU.UTF-8 and C.UTF-8: the details,
# the summary, the rules' descriptions, the digest and the messages are
# Russian under ru (with the plural forms at 1, 2, 5, 11 and 21 days) and
# English under C; rule names and severities stay English; the machine
# formats differ by the human texts only (detail, why, text); exit codes
# are the same; the severity options take the Russian synonyms.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/audit-fixture.sh"

# SQL true when a text holds a Cyrillic letter
if backend_is postgresql; then
	cyrillic="counts ~ '[а-я]'"
else
	cyrillic="counts GLOB '*[а-я]*'"
fi

T=$(printf '\t')

ru() {
	LC_ALL=ru_RU.UTF-8 "$CRM" "$@"
}
en() {
	LC_ALL=C.UTF-8 "$CRM" "$@"
}
# JSON with the human texts blanked (none of the fixture's holds a '"')
no_text() {
	sed 's/"\(detail\|why\|text\)":"[^"]*"/"\1":"-"/g' "$1"
}

test_ok 'the fixture base is made' 'audit_fixture'

cat >want-ru <<EOF
rule${T}detail
forgotten${T}взаимодействий нет уже 51 день (ключевой клиент, контакт раз в 45 дней): позвоните клиенту или встретьтесь с ним и запишите это командой «crm note»
no-next-action${T}карточка создана 21 день назад, а открытого следующего действия нет: карточку без него забывают; запланируйте его командой «crm next add»
no-key-contact${T}в компании нет ключевого контакта: выясните, кто принимает решения, и добавьте его командой «crm contact add --key»
broken-promise${T}срок по гарантии «deliver in 90 days» истёк 21 день назад: выполните обязательство или предупредите клиента и договоритесь о новом сроке («crm promise keep» или «crm promise break»)
open-conflict${T}конфликт «wrong invoice» не урегулирован уже 52 дня: открытый конфликт — бомба замедленного действия; урегулируйте его с клиентом и выполните «crm incident resolve»
over-capacity${T}ведёт 3 действующих клиента при лимите 2: передайте часть клиентов коллеге или поднимите лимит командой «crm manager edit --capacity»
duplicate${T}то же название, что у клиента 1 «ООО «Ромашка»», если не учитывать регистр, знаки препинания и организационно-правовую форму: объедините карточки или сделайте их различимыми
EOF

test_ok 'ru: the details are Russian, the rule names English' '
	expect_code 0 ru --format tsv --fields rule,detail audit &&
	test_empty err &&
	cmp want-ru out
'

test_ok 'C: the same details in English' '
	expect_code 0 en --format tsv --fields rule,detail audit &&
	test_empty err &&
	test_grep "forgotten${T}no interaction for 51 days (a key client is due every 45 days): call or meet them" out &&
	test_grep "over-capacity${T}holds 3 live clients for a capacity of 2:" out &&
	cut -f2 out >details &&
	! grep -v "Ромашка" details | grep -q "[а-яё]"
'

test_ok 'ru: the table keeps the severity words, translates its headers and summary' '
	expect_code 0 ru --fields severity,client_id,rule,since audit &&
	test_file_is out "ВАЖНОСТЬ  ID  ПРАВИЛО         С_ДАТЫ
error      6  open-conflict   2026-10-01
error      2  broken-promise  2026-11-01
warn       -  over-capacity   -
warn       1  forgotten       2026-10-01
warn       4  no-next-action  2026-11-01
warn       4  no-key-contact  2026-11-01
info       3  duplicate       2026-03-01

7 замечаний на 2026-11-22: error — 2, warn — 4, info — 1
  forgotten                  warn       1
  no-next-action             warn       1
  no-key-contact             warn       1
  broken-promise             error      1
  open-conflict              error      1
  over-capacity              warn       1
  duplicate                  info       1"
'

# the guarantee of client 2 was due 2026-11-01: 1, 2, 5, 11 and 21 days on
for pair in "02 1 день" "03 2 дня" "06 5 дней" "12 11 дней" "22 21 день"; do
	day=${pair%% *}
	days=${pair#* }
	test_ok "ru: the plural form of $days" "
		expect_code 0 ru --format tsv --fields detail audit --rule broken-promise \
			--as-of 2026-11-$day &&
		test_grep 'срок по гарантии «deliver in 90 days» истёк $days назад:' out
	"
done

test_ok 'C: 1 day, 2 days' '
	expect_code 0 en --format tsv --fields detail audit --rule broken-promise \
		--as-of 2026-11-02 &&
	test_grep "guarantee '\''deliver in 90 days'\'' was due 1 day ago:" out &&
	expect_code 0 en --format tsv --fields detail audit --rule broken-promise \
		--as-of 2026-11-03 &&
	test_grep "guarantee '\''deliver in 90 days'\'' was due 2 days ago:" out
'

test_ok 'ru: the summary counts with plural forms' '
	expect_code 0 ru audit --rule storm &&
	test_file_is out "замечаний на 2026-11-22 нет (проверено 1 правило)" &&
	expect_code 0 ru audit --rule storm --rule late-meeting &&
	test_file_is out "замечаний на 2026-11-22 нет (проверено 2 правила)" &&
	expect_code 0 ru audit --rule storm --rule late-meeting --rule rescheduled \
		--rule orphaned --rule silent-client &&
	test_file_is out "замечаний на 2026-11-22 нет (проверено 5 правил)" &&
	expect_code 0 ru --fields rule audit --rule duplicate &&
	test_grep "1 замечание на 2026-11-22: error — 0, warn — 0, info — 1" out &&
	expect_code 0 ru --fields rule audit --rule broken-promise --rule open-conflict &&
	test_grep "2 замечания на 2026-11-22: error — 2, warn — 0, info — 0" out &&
	expect_code 0 en audit --rule storm &&
	test_file_is out "no findings as of 2026-11-22 (1 rule run)" &&
	expect_code 0 en --fields rule audit --rule duplicate &&
	test_grep "1 finding as of 2026-11-22: 0 error, 0 warn, 1 info" out
'

test_ok 'JSON: the same bytes under ru and C but for the details' '
	expect_code 0 ru --json audit && mv out ru.json && test_empty err &&
	expect_code 0 en --json audit && mv out en.json && test_empty err &&
	! cmp -s ru.json en.json &&
	no_text ru.json >ru.bare && no_text en.json >en.bare &&
	cmp ru.bare en.bare &&
	test "$(grep -c "\"detail\":\"-\"" ru.bare)" = 7 &&
	grep -q "\"rule\":\"forgotten\",\"since\":\"2026-10-01\",\"detail\":\"взаимодействий нет уже 51 день" ru.json &&
	grep -q "\"severity\":\"warn\"" ru.json
'

test_ok 'TSV and NDJSON: the same columns and values but for the details' '
	expect_code 0 ru --format tsv audit && cut -f1-8 out >ru.tsv &&
	expect_code 0 en --format tsv audit && cut -f1-8 out >en.tsv &&
	cmp ru.tsv en.tsv &&
	expect_code 0 ru --format ndjson audit && no_text out >ru.nd &&
	expect_code 0 en --format ndjson audit && no_text out >en.nd &&
	cmp ru.nd en.nd
'

test_ok 'exit codes are the same under ru and C' '
	expect_code 1 ru audit --fail-on warn &&
	test_grep "есть замечания важности warn или выше: код выхода 1 (--fail-on warn)" err &&
	expect_code 1 en audit --fail-on warn &&
	test_grep "findings at warn or above: exit 1 (--fail-on warn)" err &&
	expect_code 0 ru audit --rule storm --fail-on warn &&
	expect_code 0 en audit --rule storm --fail-on warn &&
	expect_code 2 ru audit --rule nosuch &&
	test_grep "ошибка: неизвестное правило «nosuch»" err &&
	test_grep "список правил выводит «crm audit rules»" err &&
	expect_code 2 en audit --rule nosuch &&
	test_grep "unknown rule '\''nosuch'\''" err
'

test_ok 'the severity options take the Russian synonyms, as the English level' '
	expect_code 0 en --format tsv audit --min-severity error && mv out want &&
	expect_code 0 en --format tsv audit --min-severity ошибка &&
	cmp want out &&
	test "$(cut -f7 out | sort | tr "\n" " ")" = "broken-promise open-conflict rule " &&
	expect_code 0 ru --format tsv audit --min-severity ошибка &&
	cut -f1-8 out >got && cut -f1-8 want >want8 && cmp want8 got &&
	expect_code 1 ru audit --fail-on внимание &&
	expect_code 0 ru audit --rule duplicate --fail-on предупреждение &&
	expect_code 0 ru audit --rule duplicate --min-severity инфо --fail-on ошибка &&
	expect_code 2 ru audit --min-severity срочно
'

test_ok 'ru: crm audit rules describes the rules in Russian, ids and keys English' '
	expect_code 0 ru --format tsv --fields rule,severity,assignee,why audit rules &&
	test_grep "forgotten${T}warn${T}owner${T}никаких взаимодействий дольше, чем положено по частоте контактов клиента (или по его уровню): клиентов теряют молча" out &&
	test_grep "late-meeting${T}warn${T}heads${T}менеджер опоздал на встречу: клиент ждал" out &&
	test "$(wc -l <out)" = 27 &&
	expect_code 0 ru --json audit rules && no_text out >ru.rules &&
	expect_code 0 en --json audit rules && no_text out >en.rules &&
	cmp ru.rules en.rules &&
	expect_code 0 en --format tsv --fields rule,why audit rules &&
	test_grep "late-meeting${T}a manager came late to a meeting: the client waited" out
'

cat >want-digest <<EOF
Кому: Анна <anna@example.com>
Ревизия базы crm: Анна, 2026-11-22: 3 замечания (error — 2, warn — 1, info — 0), самые срочные — первыми

1. [error] Vega (клиент 6): open-conflict, с 2026-10-01
   конфликт «wrong invoice» не урегулирован уже 52 дня: открытый конфликт — бомба замедленного действия; урегулируйте его с клиентом и выполните «crm incident resolve»
2. [error] Рога и копыта (клиент 2): broken-promise, с 2026-11-01
   срок по гарантии «deliver in 90 days» истёк 21 день назад: выполните обязательство или предупредите клиента и договоритесь о новом сроке («crm promise keep» или «crm promise break»)
3. [warn] ООО «Ромашка» (клиент 1): forgotten, с 2026-10-01
   взаимодействий нет уже 51 день (ключевой клиент, контакт раз в 45 дней): позвоните клиенту или встретьтесь с ним и запишите это командой «crm note»

Кому: Борис (адрес почты не указан)
Ревизия базы crm: Борис, 2026-11-22: 3 замечания (error — 0, warn — 2, info — 1), самые срочные — первыми

1. [warn] Acme (клиент 4): no-next-action, с 2026-11-01
   карточка создана 21 день назад, а открытого следующего действия нет: карточку без него забывают; запланируйте его командой «crm next add»
2. [warn] Acme (клиент 4): no-key-contact, с 2026-11-01
   в компании нет ключевого контакта: выясните, кто принимает решения, и добавьте его командой «crm contact add --key»
3. [info] Ромашка, LLC (клиент 3): duplicate, с 2026-03-01
   то же название, что у клиента 1 «ООО «Ромашка»», если не учитывать регистр, знаки препинания и организационно-правовую форму: объедините карточки или сделайте их различимыми

Кому: никому (нет ни ответственного менеджера, ни руководителя отдела продаж)
Ревизия базы crm: замечания, которыми некому заняться, 2026-11-22: 1 замечание (error — 0, warn — 1, info — 0), самые срочные — первыми

1. [warn] нагрузка менеджера Анна: over-capacity
   ведёт 3 действующих клиента при лимите 2: передайте часть клиентов коллеге или поднимите лимит командой «crm manager edit --capacity»

EOF

test_ok 'ru: the digest is Russian' '
	expect_code 0 ru audit digest &&
	test_empty err &&
	cmp want-digest out &&
	expect_code 0 en audit digest &&
	test_grep "crm audit for Анна, 2026-11-22: 3 findings (2 error, 1 warn, 0 info), most urgent first" out &&
	test_grep "To: nobody (no owner, and no head of sales to act)" out
'

test_ok 'digest JSON: the same under ru and C but for the texts' '
	expect_code 0 ru --json audit digest && no_text out >ru.dg &&
	grep -q "\"text\":\"Кому: Анна" out &&
	expect_code 0 en --json audit digest && no_text out >en.dg &&
	cmp ru.dg en.dg
'

test_ok 'ru: a saved run stores counts only, and reads the same in any locale' '
	expect_code 0 ru audit --save --fields rule &&
	test_grep "ревизия сохранена под номером 1" err &&
	test "$($SQLX crm.db "SELECT findings, counts FROM audit_run")" = "7|$(en --json audit history --runs | sed -n "s/.*\"counts\":\({[^}]*}\).*/\1/p")" &&
	test "$($SQLX crm.db "SELECT count(*) FROM audit_run WHERE $cyrillic")" = 0 &&
	expect_code 0 ru --json audit history && mv out ru.h &&
	expect_code 0 en --json audit history && cmp ru.h out &&
	expect_code 0 ru audit history --rule forgotten &&
	test_file_is out "ПРАВИЛО    ВАЖНОСТЬ  РЕВИЗИИ  ЧИСЛА  ПЕРВАЯ  ПОСЛЕДНЯЯ  ИЗМЕНЕНИЕ  ТЕНДЕНЦИЯ
forgotten  warn            1  [1]         1          1          0  same"
'

test_ok 'ru: an empty history says so in Russian' '
	test_new_base && ru -q init >/dev/null &&
	expect_code 0 ru audit history &&
	test_grep "сохранённых ревизий пока нет: сохраните ревизию командой «crm audit --save»" err
'

test_ok 'ru: the reasons of a regular candidate follow the locale, the rest does not' '
	$SQLX crm.db "
INSERT INTO manager(id, uuid, name, name_fold, capacity, created) VALUES
 (1, '\''m1'\'', '\''Анна'\'', '\''анна'\'', 50, $(ts 2024-01-01));
INSERT INTO client(id, uuid, name, name_fold, kind, tier, status, stage, stage_since,
  owner_id, created, updated) VALUES
 (1, '\''c1'\'', '\''Бета'\'', '\''бета'\'', '\''person'\'', '\''regular'\'', '\''active'\'',
  '\''support'\'', $(ts 2025-01-01), 1, $(ts 2025-01-01), $(ts 2025-01-01));
INSERT INTO interaction(client_id, kind, at, author, text, created) VALUES
 (1, '\''meeting'\'', $(ts 2026-11-01), '\''Анна'\'', '\''met'\'', 0),
 (1, '\''order'\'', $(ts 2026-01-01), '\''Анна'\'', '\''1'\'', 0),
 (1, '\''order'\'', $(ts 2026-03-01), '\''Анна'\'', '\''2'\'', 0),
 (1, '\''order'\'', $(ts 2026-06-30), '\''Анна'\'', '\''3'\'', 0);
INSERT INTO next_action(client_id, text, due, status, author, created) VALUES
 (1, '\''call'\'', $(ts 2026-12-30), '\''open'\'', '\''Анна'\'', 0);" &&
	expect_code 0 ru --format ndjson --fields client,regular_candidate,regular_reasons audit clients &&
	test_file_is out "{\"client\":\"Бета\",\"regular_candidate\":true,\"regular_reasons\":[\"3 заказа за 180 дней\",\"встреча или звонок 21 день назад (контакт положен раз в 90 дней)\",\"нет открытых конфликтов\"]}" &&
	expect_code 0 en --format ndjson --fields client,regular_candidate,regular_reasons audit clients &&
	test_file_is out "{\"client\":\"Бета\",\"regular_candidate\":true,\"regular_reasons\":[\"3 orders over 180 days\",\"a meeting or call 21 days ago, within its 90 days\",\"no open conflict\"]}" &&
	expect_code 0 ru --format tsv --fields client,health,reasons audit clients &&
	mv out ru.cl &&
	expect_code 0 en --format tsv --fields client,health,reasons audit clients &&
	cmp ru.cl out
'

test_done
