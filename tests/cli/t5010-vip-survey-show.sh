#!/bin/sh
# t5010-vip-survey-show: crm vip survey show reads a completed survey back,
# section by section, with the questionnaire version it was taken with, in
# every format; a client's latest survey is the latest meeting; unknown
# surveys and clients never surveyed exit 3; and crm log --kind survey
# names each survey and the command that reads it.
. "$SRCDIR/tests/cli/lib.sh"

test_ok 'a base with a programme and three surveys of one client' '
	crm -q init &&
	crm -q manager add Head --role head &&
	crm -q manager add Анна &&
	crm -q client add "ООО Ромашка" --status active --owner Анна --tag speed=100 &&
	crm -q client add Beta --status active --owner Анна &&
	crm -q vip program start --lead Head --staff Анна --until 2026-12-31 "VIP 2026" &&
	crm -q vip assign --apply >/dev/null &&
	cat >a1.json <<-\EOF &&
	{"company.attendees": "Иван Петров, директор\nМария Сидорова, бухгалтер",
	 "contacts.key": [{"name": "Иван Петров", "role": "директор", "phone": "+7 495 123-45-67"},
	                  {"name": "Мария Сидорова", "email": "maria@example.ru"}],
	 "cooperation.rating": "хорошо", "quality.speed": 120, "quality.outage": false,
	 "referrals.list": [{"name": "Гамма", "kind": "company", "contact": "Олег",
	                     "note": "ищут поставщика"}]}
	EOF
	cat >a2.json <<-\EOF &&
	{"cooperation.rating": "отлично", "quality.outage": true,
	 "carnegie.history": "Основана в 1998 году.", "carnegie.success": ""}
	EOF
	crm -q --as Анна vip survey --date 2026-11-20 --answers a1.json Ромашка >/dev/null &&
	crm -q --as Анна vip survey --answers a2.json Ромашка >/dev/null &&
	crm -q --as Анна vip survey --date 2026-11-10 --answers a2.json Ромашка >/dev/null
'

# ---- the table ----

test_ok 'show SURVEY: the survey, then every question with its answer' '
	expect_code 0 crm vip survey show 1 &&
	test_empty err &&
	cat >want <<-\EOF &&
	SURVEY  CLIENT       DATE        SURVEYOR  PROGRAM   VERSION  QUALITY
	     1  ООО Ромашка  2026-11-20  Анна      VIP 2026        1  pass

	SECTION                             QUESTION                                                                        ANSWER
	Компания, дата встречи и сотрудник  1. Кто участвовал во встрече со стороны заказчика?                              Иван Петров, директор
	                                                                                                                    Мария Сидорова, бухгалтер
	Ключевые лица                       2. Контактные данные ключевых лиц, ответственных за сотрудничество              Иван Петров, директор, +7 495 123-45-67
	                                                                                                                    Мария Сидорова, maria@example.ru
	Вопросы по Карнеги                  3. Как начиналась ваша компания и чем вы больше всего гордитесь?                -
	                                    4. Каких успехов компания добилась за последнее время?                          -
	                                    5. Каково положение компании на рынке и каковы планы её развития?               -
	Специфика сотрудничества            6. Какими нашими товарами и услугами вы пользуетесь и для каких задач?          -
	                                    7. Как вы оцениваете сотрудничество с нами?                                     хорошо
	                                    8. Что нам стоит изменить или улучшить в работе с вами?                         -
	Объективное качество обслуживания   9. Фактическая скорость доступа                                                 120 Мбит/с
	                                    10. Были ли заметные сбои связи за последний месяц?                             нет
	Расширение сотрудничества           11. Где можно увеличить объём сотрудничества по имеющимся позициям?             -
	                                    12. Есть ли новые офисы, филиалы или подразделения, которым нужны наши услуги?  -
	Новые товары и услуги               13. Какие из наших новых товаров и услуг интересны клиенту?                     -
	                                    14. Какие ещё направления сотрудничества можно развить?                         -
	Рекомендации                        15. Кому из ваших знакомых могли бы быть интересны наши товары и услуги?        Гамма (company): Олег; ищут поставщика
	EOF
	cmp want out
'
test_ok 'show CLIENT: the latest meeting, not the latest record' '
	expect_code 0 crm vip survey show Ромашка &&
	test_empty err &&
	head -n 2 out >head &&
	test_file_is head "SURVEY  CLIENT       DATE        SURVEYOR  PROGRAM   VERSION  QUALITY
     2  ООО Ромашка  2026-11-22  Анна      VIP 2026        1  fail" &&
	test_grep "Вопросы по Карнеги                  3. Как начиналась ваша компания и чем вы больше всего гордитесь?                Основана в 1998 году." out &&
	test_grep "10. Были ли заметные сбои связи за последний месяц?                             да" out
'
test_ok 'an empty text is no answer' '
	crm vip survey show 2 >out &&
	test_grep "4. Каких успехов компания добилась за последнее время?                          -" out
'
test_ok 'show --client takes a client by its id' '
	expect_code 0 crm vip survey show --client 1 &&
	sed -n 2p out >row &&
	test_file_is row "     2  ООО Ромашка  2026-11-22  Анна      VIP 2026        1  fail"
'
test_ok 'a client name works with a prefix, case folded' '
	crm vip survey show "ооо ром" >a &&
	crm vip survey show 2 >b &&
	cmp a b
'
test_ok 'a table with --fields: the survey as one row' '
	expect_code 0 crm --fields id,client,quality vip survey show 2 &&
	test_file_is out "SURVEY  CLIENT       QUALITY
     2  ООО Ромашка  fail"
'

# ---- the machine formats ----

if command -v python3 >/dev/null 2>&1; then
	test_ok 'json: one object, the sections in order, answers as given' '
		expect_code 0 crm --json vip survey show 1 &&
		test_empty err &&
		python3 -c "
import json
s = json.load(open(\"out\"))
assert s[\"id\"] == 1 and s[\"client\"] == \"ООО Ромашка\" and s[\"client_id\"] == 1, s
assert s[\"date\"] == \"2026-11-20\" and s[\"surveyor\"] == \"Анна\", s
assert s[\"program\"] == \"VIP 2026\" and s[\"template_version\"] == 1, s
assert s[\"language\"] == \"ru\" and s[\"quality\"] == \"pass\" and s[\"failures\"] == [], s
assert s[\"incident_id\"] is None and s[\"remedy_id\"] is None, s
ids = [x[\"id\"] for x in s[\"sections\"]]
assert ids == [\"company\", \"contacts\", \"carnegie\", \"cooperation\", \"quality\",
               \"expand\", \"offers\", \"referrals\"], ids
q = {a[\"id\"]: a for x in s[\"sections\"] for a in x[\"questions\"]}
assert [a[\"number\"] for x in s[\"sections\"] for a in x[\"questions\"]] == list(range(1, 16))
assert q[\"company.attendees\"][\"answer\"] == \"Иван Петров, директор\nМария Сидорова, бухгалтер\"
assert q[\"quality.speed\"][\"answer\"] == 120 and q[\"quality.speed\"][\"unit\"] == \"Мбит/с\"
assert q[\"quality.outage\"][\"answer\"] is False and q[\"quality.outage\"][\"required\"] is True
assert q[\"cooperation.rating\"][\"type\"] == \"choice\" and q[\"cooperation.rating\"][\"answer\"] == \"хорошо\"
assert q[\"contacts.key\"][\"answer\"][1] == {\"name\": \"Мария Сидорова\", \"email\": \"maria@example.ru\"}
assert q[\"referrals.list\"][\"answer\"][0][\"note\"] == \"ищут поставщика\"
assert q[\"carnegie.plans\"][\"answer\"] is None
assert s[\"sections\"][1][\"title\"] == \"Ключевые лица\"
"
	'
	test_ok 'json of a failed survey names what it made' '
		crm --json vip survey show 2 >s.json &&
		python3 -c "
import json
s = json.load(open(\"s.json\"))
assert s[\"quality\"] == \"fail\" and s[\"failures\"][0][\"id\"] == \"quality.outage\", s
assert s[\"incident_id\"] == 1 and s[\"remedy_id\"] == 2 and s[\"interaction_id\"] == 2, s
"
	'
else
	test_skip 'json: one object, the sections in order' 'no python3'
	test_skip 'json of a failed survey' 'no python3'
fi
test_ok 'ndjson is the same object on one line' '
	crm --json vip survey show 1 >j &&
	expect_code 0 crm --format ndjson vip survey show 1 &&
	cmp j out &&
	test "$(wc -l <out)" -eq 1
'
test_ok 'csv: one row, the sections as JSON text' '
	expect_code 0 crm --format csv vip survey show 1 &&
	head -n 1 out >h &&
	test_file_is h "id,client_id,client,date,surveyor_id,surveyor,program_id,program,template_version,language,quality,failures,incident_id,remedy_id,interaction_id,author,created,sections" &&
	test "$(wc -l <out)" -eq 2 &&
	test_grep "1,1,ООО Ромашка,2026-11-20,2,Анна,1,VIP 2026,1,ru,pass,[],,,1,Анна,2026-11-22T10:00:00Z,\"[{\"\"id\"\":\"\"company\"\"" out
'
test_ok 'tsv: the same row' '
	expect_code 0 crm --format tsv --fields id,client,quality vip survey show 3 &&
	test_file_is out "id	client	quality
3	ООО Ромашка	fail"
'
test_code 2 'an unknown field' crm --fields id,nope vip survey show 1

# ---- the questionnaire of the day it was taken ----

test_ok 'a survey keeps its questionnaire version after the template changes' '
	crm vip template show >t1.json &&
	sed "s/Фактическая скорость доступа/Скорость по замеру/" t1.json >t2.json &&
	crm -q vip template set t2.json >/dev/null &&
	crm vip survey show 1 >out &&
	test_grep "9. Фактическая скорость доступа" out &&
	crm -q --as Анна vip survey --answers a2.json Beta >/dev/null &&
	crm vip survey show Beta >out &&
	test_grep "     4  Beta    2026-11-22  Анна      VIP 2026        2  fail" out &&
	test_grep "9. Скорость по замеру" out
'
test_ok 'a questionnaire in English reads back in English' '
	crm config set vip.language en &&
	crm vip template show --version 1 >en.json &&
	crm -q vip template set en.json >/dev/null &&
	printf "{\"cooperation.rating\": \"good\", \"quality.outage\": false}" >a3.json &&
	crm -q --as Анна vip survey --answers a3.json Beta >/dev/null &&
	crm vip survey show 5 >out &&
	test_grep "Current cooperation" out &&
	test_grep "10. Was there a notable outage in the last month?" out &&
	test_grep "  no" out &&
	crm config unset vip.language
'

# ---- what is not there ----

test_code 3 'a survey id that does not exist' crm vip survey show 99
test_ok '... says so and where the ids are' '
	test_empty out &&
	test_grep "error: no VIP survey with id 99" err &&
	test_grep "hint: '\''crm log <client> --kind survey'\'' lists a client'\''s surveys" err
'
test_ok 'a client never surveyed: 3 with a hint' '
	crm -q client add Gamma2 --status active &&
	expect_code 3 crm vip survey show Gamma2 &&
	test_empty out &&
	test_file_is err "error: '\''Gamma2'\'' has no VIP survey
hint: a survey is taken with '\''crm vip survey Gamma2'\''"
'
test_code 3 'an unknown client' crm vip survey show Nobody
test_code 3 'an unknown client by --client' crm vip survey show --client 777
test_code 2 'no survey named' crm vip survey show
test_code 2 'both a survey and --client' crm vip survey show 1 --client Beta
test_code 2 'two surveys' crm vip survey show 1 2
test_ok 'the short form still takes a survey: crm vip survey <client>' '
	expect_code 2 crm vip survey Beta &&
	test_grep "no terminal to hold the interview on" err
'
test_ok 'a client named show comes after --' '
	crm -q client add show --status active &&
	expect_code 2 crm vip survey -- show &&
	test_grep "no terminal to hold the interview on" err
'

# ---- the log links to it ----

test_ok 'log --kind survey: each survey with the command that reads it' '
	expect_code 0 crm log --kind survey --fields at,text Ромашка &&
	test_file_is out "AT                TEXT
2026-11-22 10:00  VIP survey (questionnaire version 1): 0 key contacts refreshed, 0 opportunities, 0 referrals (outcome: quality bad: quality.outage: yes (no expected)); survey 2: crm vip survey show 2
2026-11-20        VIP survey (questionnaire version 1): 2 key contacts refreshed, 0 opportunities, 1 referral (outcome: quality good); survey 1: crm vip survey show 1
2026-11-10        VIP survey (questionnaire version 1): 0 key contacts refreshed, 0 opportunities, 0 referrals (outcome: quality bad: quality.outage: yes (no expected)); survey 3: crm vip survey show 3"
'
test_ok 'the table keeps its columns' '
	crm log --kind survey Ромашка >out &&
	head -n 1 out >h &&
	test_grep "AUTHOR  REF_ID" h &&
	! test_grep SURVEY_ID h
'
test_ok 'tsv: survey_id, and the text as stored' '
	expect_code 0 crm --format tsv --fields ref_id,survey_id,text log --kind survey Ромашка &&
	test_file_is out "ref_id	survey_id	text
2	2	VIP survey (questionnaire version 1): 0 key contacts refreshed, 0 opportunities, 0 referrals (outcome: quality bad: quality.outage: yes (no expected))
1	1	VIP survey (questionnaire version 1): 2 key contacts refreshed, 0 opportunities, 1 referral (outcome: quality good)
3	3	VIP survey (questionnaire version 1): 0 key contacts refreshed, 0 opportunities, 0 referrals (outcome: quality bad: quality.outage: yes (no expected))"
'
test_ok 'the survey_id of the log shows that very survey' '
	id=$(crm --format csv --fields survey_id log --kind survey --limit 1 Beta | tail -n 1) &&
	test "$id" = 5 &&
	crm vip survey show "$id" | sed -n 2p >row &&
	test_grep "     5  Beta" row
'
test_ok 'other entries have survey_id null' '
	crm --json log --kind incident Ромашка >out &&
	test_grep "\"survey_id\":null}" out &&
	! test_grep "\"survey_id\":1" out
'

test_done
