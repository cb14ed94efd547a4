#!/bin/sh
# t1001-client: crm client add|list|show|edit in every format: defaults,
# the owner rule, duplicate names, bad input, filters and sorts, the whole
# sheet, and the journal of edits.
. "$SRCDIR/tests/cli/lib.sh"

crm init >/dev/null 2>&1
crm manager add "Анна Петрова" >/dev/null
crm manager add Борис >/dev/null

jcount() {
	$SQLX crm.db "SELECT count(*) FROM journal"
}

# The output with every uuid replaced by <uuid>.
nouuid() {
	sed 's/[0-9a-f]\{8\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{12\}/<uuid>/g' "$1"
}

# ---- add -------------------------------------------------------------

test_ok 'add prints the new id alone, with the defaults' '
	expect_code 0 crm client add Acme &&
	test_file_is out 1 &&
	test_empty err &&
	test "$($SQLX crm.db "SELECT name, kind, tier, status, stage, CAST(stage_since = created AS INTEGER), CAST(owner_id IS NULL AS INTEGER), tags FROM client WHERE id = 1")" = \
		"Acme|company|regular|prospect|courtship|1|1|[]"
'

test_ok 'add journals client.add and indexes the name' '
	test "$($SQLX crm.db "SELECT actor, action, entity, entity_id FROM journal ORDER BY id DESC LIMIT 1")" = \
		"tester|client.add|client|1" &&
	$SQLX crm.db "SELECT data FROM journal ORDER BY id DESC LIMIT 1" >data &&
	test_grep "\"name\":\"Acme\",\"kind\":\"company\",\"segment\":null,\"tier\":\"regular\",\"status\":\"prospect\",\"stage\":\"courtship\",\"owner_id\":null,\"owner\":null" data &&
	test "$($SQLX crm.db "SELECT rowid, client_id, body FROM search")" = "4|1|acme"
'

test_ok 'a manager who adds a client owns it' '
	expect_code 0 crm --as "АННА ПЕТРОВА" client add --tier vip --segment HoReCa \
		--contact-every 14 --value "1 234,50" --tag опт --trait reserved --interest шахматы \
		--note "любит чай" "ООО «Ромашка»" &&
	test_file_is out 2 &&
	test_empty err &&
	test "$($SQLX crm.db "SELECT owner_id, tier, segment, contact_every, value, tags, traits, interests, note FROM client WHERE id = 2")" = \
		"1|vip|HoReCa|14|123450|[\"опт\"]|[\"reserved\"]|[\"шахматы\"]|любит чай"
'

test_ok '--owner names the owner; an empty --owner means nobody' '
	id=$(crm client add --kind person --owner бор --value 99 "Иванов Иван") &&
	test "$($SQLX crm.db "SELECT owner_id, kind, value FROM client WHERE id = $id")" = "2|person|9900" &&
	id=$(crm --as борис client add --owner "" "Без хозяина") &&
	test "$($SQLX crm.db "SELECT CAST(owner_id IS NULL AS INTEGER) FROM client WHERE id = $id")" = 1
'

test_ok 'add with --format json prints the new record' '
	expect_code 0 crm --json client add --stage storm --status active --owner 1 Zeta &&
	test_empty err &&
	nouuid out >got &&
	test_file_is got "{\"id\":5,\"name\":\"Zeta\",\"kind\":\"company\",\"tier\":\"regular\",\"status\":\"active\",\"stage\":\"storm\",\"owner\":\"Анна Петрова\",\"last_contact\":null,\"next_due\":null,\"value\":null,\"segment\":null,\"tags\":[],\"uuid\":\"<uuid>\",\"owner_id\":1,\"contact_every\":null,\"traits\":[],\"interests\":[],\"note\":null,\"stage_since\":\"2026-11-22T10:00:00Z\",\"orders\":0,\"created\":\"2026-11-22T10:00:00Z\",\"updated\":\"2026-11-22T10:00:00Z\",\"source\":null}"
'

test_ok 'add with ndjson, csv and tsv prints the record' '
	expect_code 0 crm --format ndjson --fields id,name client add Eta &&
	test_file_is out "{\"id\":6,\"name\":\"Eta\"}" &&
	expect_code 0 crm --format csv --fields id,name,tags client add --tag a --tag "b c" Theta &&
	test_file_is out "id,name,tags
7,Theta,a;b c" &&
	expect_code 0 crm --format tsv --fields id,name,kind client add --kind person Iota &&
	printf "id\tname\tkind\n8\tIota\tperson\n" >want &&
	cmp want out
'

test_ok 'a second client of the same name is added, with a warning' '
	expect_code 0 crm client add "ооо «ромашка»" &&
	test_file_is out 9 &&
	test_file_is err "warning: another client is named '\''ооо «ромашка»'\'' (id 2)" &&
	test "$($SQLX crm.db "SELECT count(*) FROM client WHERE name_fold = '\''ооо «ромашка»'\''")" = 2
'

test_code 2 'add without a name' crm client add
test_code 2 'add with an empty name' crm client add ""
test_ok 'the empty name error' 'test_file_is err "error: empty client name" && test_empty out'
test_code 2 'add with a name of 201 characters' crm client add "$(printf "%0201d" 0)"
test_ok 'the long name error' 'test_file_is err "error: client name is too long: 201 characters, at most 200"'
test_code 2 'add with a name that is not UTF-8' crm client add "$(printf "\377")"
test_code 2 'add with a note of 10001 characters' crm client add --note "$(printf "%010001d" 0)" X
test_ok 'the long note error' 'test_file_is err "error: note is too long: 10001 characters, at most 10000"'
test_code 2 'add with a bad tier' crm client add --tier gold X
test_ok 'the tier error lists the tiers' 'test_grep "invalid value '\''gold'\'' for --tier (vip, key, regular)" err'
test_code 2 'add with a bad stage' crm client add --stage war X
test_code 2 'add with a bad amount' crm client add --value 12.345 X
test_ok 'the amount error' 'test_grep "invalid amount '\''12.345'\'' for --value" err'
test_code 2 'add with a negative value' crm client add --value -5 X
test_code 2 'add with --contact-every 0' crm client add --contact-every 0 X
test_code 2 'add with an empty tag' crm client add --tag "" X
test_code 3 'add with an unknown owner' crm client add --owner Зоя X
test_ok 'the owner error' 'test_file_is err "error: no manager matches '\''Зоя'\''"'
test_ok 'add with an ambiguous owner lists the managers' '
	crm manager add "Анна Ли" >/dev/null &&
	expect_code 3 crm client add --owner анна X &&
	test_file_is err "error: manager '\''анна'\'' is ambiguous: 3 Анна Ли, 1 Анна Петрова"
'
test_ok 'bad adds wrote nothing' '
	test "$($SQLX crm.db "SELECT count(*) FROM client")" = 9 &&
	test "$($SQLX crm.db "SELECT count(*) FROM search")" = 9
'

# ---- list ------------------------------------------------------------

# The data for the lists: contacts, next actions and values.
crm client edit --owner 2 --value 10 Eta >/dev/null 2>&1
crm note --date 2026-11-01 Acme "позвонили" >/dev/null 2>&1
crm note --date 2026-11-20 Zeta "встретились" >/dev/null 2>&1
crm note --date 2026-10-01 Zeta "давно" >/dev/null 2>&1
crm next add --due 2026-11-30 Zeta "позвонить" >/dev/null 2>&1
crm next add --due 2026-11-25 Zeta "написать" >/dev/null 2>&1

test_ok 'list as a table: the useful columns, by name' '
	expect_code 0 crm client list &&
	test_empty err &&
	test_file_is out "ID  NAME           KIND     TIER     STATUS    STAGE      OWNER         LAST_CONTACT      NEXT_DUE      VALUE  SEGMENT  TAGS
 1  Acme           company  regular  prospect  courtship  -             2026-11-01 00:00  -                 -  -
 6  Eta            company  regular  prospect  courtship  Борис         -                 -             10.00  -
 8  Iota           person   regular  prospect  courtship  -             -                 -                 -  -
 7  Theta          company  regular  prospect  courtship  -             -                 -                 -  -        a,b c
 5  Zeta           company  regular  active    storm      Анна Петрова  2026-11-20 00:00  2026-11-25        -  -
 4  Без хозяина    company  regular  prospect  courtship  -             -                 -                 -  -
 3  Иванов Иван    person   regular  prospect  courtship  Борис         -                 -             99.00  -
 2  ООО «Ромашка»  company  vip      prospect  courtship  Анна Петрова  -                 -           1234.50  HoReCa   опт
 9  ооо «ромашка»  company  regular  prospect  courtship  -             -                 -                 -  -"
'

test_ok 'list as json: every field' '
	expect_code 0 crm --json client list --limit 1 &&
	test_empty err &&
	nouuid out >got &&
	test_file_is got "[
{\"id\":1,\"name\":\"Acme\",\"kind\":\"company\",\"tier\":\"regular\",\"status\":\"prospect\",\"stage\":\"courtship\",\"owner\":null,\"last_contact\":\"2026-11-01T00:00:00Z\",\"next_due\":null,\"value\":null,\"segment\":null,\"tags\":[],\"uuid\":\"<uuid>\",\"owner_id\":null,\"contact_every\":null,\"traits\":[],\"interests\":[],\"note\":null,\"stage_since\":\"2026-11-22T10:00:00Z\",\"orders\":0,\"created\":\"2026-11-22T10:00:00Z\",\"updated\":\"2026-11-22T10:00:00Z\",\"source\":null}
]"
'

test_ok 'list as ndjson' '
	expect_code 0 crm --format ndjson --fields id,owner,next_due client list --owner анна\ п &&
	test_empty err &&
	test_file_is out "{\"id\":5,\"owner\":\"Анна Петрова\",\"next_due\":\"2026-11-25\"}
{\"id\":2,\"owner\":\"Анна Петрова\",\"next_due\":null}"
'

test_ok 'list as csv, with the fields the table leaves out' '
	expect_code 0 crm --format csv --fields id,name,contact_every,traits,interests,note,owner_id client list --tier vip &&
	test_empty err &&
	test_file_is out "id,name,contact_every,traits,interests,note,owner_id
2,ООО «Ромашка»,14,reserved,шахматы,любит чай,1"
'

test_ok 'list as tsv' '
	expect_code 0 crm --format tsv --fields id,name,value client list --sort value --limit 3 &&
	test_empty err &&
	printf "id\tname\tvalue\n2\tООО «Ромашка»\t1234.50\n3\tИванов Иван\t99.00\n6\tEta\t10.00\n" >want &&
	cmp want out
'

# The ids of the rows of the last csv output, on one line.
ids() {
	tail -n +2 out | cut -d, -f1 | tr "\n" " "
}

test_ok 'list --owner, by id or name' '
	expect_code 0 crm --format csv --fields id client list --owner 2 && test "$(ids)" = "6 3 " &&
	expect_code 0 crm --format csv --fields id client list --owner борис && test "$(ids)" = "6 3 "
'
test_ok 'list --mine: the clients of the current user' '
	expect_code 0 crm --as "анна петрова" --format csv --fields id client list --mine &&
	test "$(ids)" = "5 2 " && test_empty err
'
test_code 3 'list --mine when the current user is not a manager' crm client list --mine
test_ok 'the --mine error names the user and hints at the fix' '
	test_empty out &&
	test_grep "error: --mine: '\''tester'\'' is not a manager" err &&
	test_grep "hint: " err
'
test_code 2 'list --owner with --mine' crm client list --owner борис --mine
test_code 3 'list --owner of an unknown manager' crm client list --owner Зоя
test_ok 'list --status, --stage, --segment, --tag, --tier' '
	expect_code 0 crm --format csv --fields id client list --status active && test "$(ids)" = "5 " &&
	expect_code 0 crm --format csv --fields id client list --stage storm && test "$(ids)" = "5 " &&
	expect_code 0 crm --format csv --fields id client list --segment HoReCa && test "$(ids)" = "2 " &&
	expect_code 0 crm --format csv --fields id client list --tag "b c" && test "$(ids)" = "7 " &&
	expect_code 0 crm --format csv --fields id client list --tier vip --status prospect && test "$(ids)" = "2 " &&
	expect_code 0 crm --format csv --fields id client list --tag nothing && test "$(ids)" = ""
'
test_ok 'an empty list: nothing in a table, [] in json' '
	expect_code 0 crm client list --tag nothing && test_empty out && test_empty err &&
	expect_code 0 crm --json client list --tag nothing && test_file_is out "[]"
'
test_ok 'list --sort created, value and last-contact' '
	expect_code 0 crm --format csv --fields id client list --sort created --limit 4 && test "$(ids)" = "1 2 3 4 " &&
	expect_code 0 crm --format csv --fields id client list --sort value && test "$(ids)" = "2 3 6 1 4 5 7 8 9 " &&
	expect_code 0 crm --format csv --fields id client list --sort last-contact && test "$(ids)" = "2 3 4 6 7 8 9 1 5 "
'
test_code 2 'list --sort by something unknown' crm client list --sort age
test_code 2 'list --limit below 0' crm client list --limit -1
test_code 2 'list with an argument' crm client list Acme

# ---- show ------------------------------------------------------------

crm note --kind order --date 2026-11-21 --amount 500 2 "Первый заказ" >/dev/null 2>&1
crm contact add --role директор --key 2 "Иван Сидоров" >/dev/null 2>&1
crm promise add --kind discount --due 2026-12-22 2 "скидка 5% на весну" >/dev/null 2>&1
crm promise add 2 "привезти каталог" >/dev/null 2>&1
crm promise keep 2 >/dev/null 2>&1
crm incident add --kind mishap 2 "опоздали с поставкой" >/dev/null 2>&1
crm next add --due 2026-11-26 2 "позвонить" >/dev/null 2>&1

test_ok 'show as a table: the sheet in sections' '
	expect_code 0 crm client show 2 &&
	test_empty err &&
	test_file_is out "Client
id             2
name           ООО «Ромашка»
kind           company
tier           vip
status         active
stage          courtship since 2026-11-22
owner          Анна Петрова
contact every  14 days
value          1234.50
segment        HoReCa
source         -
tags           опт
traits         reserved
interests      шахматы
note           любит чай
last contact   2026-11-21 00:00
next due       2026-11-26
repeat order   -
created        2026-11-22 10:00

Key contacts
ID  NAME          POSITION  ROLE      PHONE  EMAIL  PREFERRED  BIRTHDAY  INTERESTS  KEY  LEFT_ON  VERIFIED
 1  Иван Сидоров  -         директор  -      -      -          -                    yes  -        -

Open promises and discounts
ID  KIND      TEXT                DUE         AUTHOR  CREATED
 1  discount  скидка 5% на весну  2026-12-22  tester  2026-11-22 10:00

Open incidents
ID  KIND    TEXT                  AT                AUTHOR
 1  mishap  опоздали с поставкой  2026-11-22 10:00  tester

Next actions
ID  KIND  TEXT       DUE         OVERDUE  ASSIGNEE      AUTHOR
 3  task  позвонить  2026-11-26  no       Анна Петрова  tester

Recent interactions
ID  AT          KIND   AUTHOR  TEXT          OUTCOME  AMOUNT  LATE
 4  2026-11-21  order  tester  Первый заказ  -        500.00     -

Handovers
none"
'

test_ok 'show of a bare client: every section says none' '
	expect_code 0 crm client show Iota &&
	test_empty err &&
	test "$(grep -c "^none$" out)" = 6 &&
	test "$(grep -c "^$" out)" = 6
'

test_ok 'show as json: one object with the arrays, open promises first' '
	expect_code 0 crm --json client show 2 &&
	test_empty err &&
	test "$(wc -l <out)" -eq 1 &&
	nouuid out >got &&
	test_file_is got "{\"id\":2,\"name\":\"ООО «Ромашка»\",\"kind\":\"company\",\"tier\":\"vip\",\"status\":\"active\",\"stage\":\"courtship\",\"owner\":\"Анна Петрова\",\"last_contact\":\"2026-11-21T00:00:00Z\",\"next_due\":\"2026-11-26\",\"value\":\"1234.50\",\"segment\":\"HoReCa\",\"tags\":[\"опт\"],\"uuid\":\"<uuid>\",\"owner_id\":1,\"contact_every\":14,\"traits\":[\"reserved\"],\"interests\":[\"шахматы\"],\"note\":\"любит чай\",\"stage_since\":\"2026-11-22T10:00:00Z\",\"orders\":1,\"created\":\"2026-11-22T10:00:00Z\",\"updated\":\"2026-11-22T10:00:00Z\",\"source\":null,\"repeat_order_at\":null,\"repeat_order\":null,\"contacts\":[{\"id\":1,\"uuid\":\"<uuid>\",\"client_id\":2,\"client\":\"ООО «Ромашка»\",\"name\":\"Иван Сидоров\",\"role\":\"директор\",\"phone\":null,\"email\":null,\"address\":null,\"key\":true,\"verified\":null,\"created\":\"2026-11-22T10:00:00Z\",\"first_name\":null,\"patronymic\":null,\"last_name\":null,\"gender\":null,\"address_as\":null,\"position\":null,\"birthday\":null,\"interests\":[],\"note\":null,\"preferred\":null,\"messenger\":null,\"left\":null,\"successor_id\":null}],\"promises\":[{\"id\":1,\"client_id\":2,\"client\":\"ООО «Ромашка»\",\"kind\":\"discount\",\"text\":\"скидка 5% на весну\",\"due\":\"2026-12-22\",\"status\":\"open\",\"why\":null,\"author\":\"tester\",\"created\":\"2026-11-22T10:00:00Z\",\"closed\":null},{\"id\":2,\"client_id\":2,\"client\":\"ООО «Ромашка»\",\"kind\":\"promise\",\"text\":\"привезти каталог\",\"due\":null,\"status\":\"kept\",\"why\":null,\"author\":\"tester\",\"created\":\"2026-11-22T10:00:00Z\",\"closed\":\"2026-11-22T10:00:00Z\"}],\"incidents\":[{\"id\":1,\"client_id\":2,\"client\":\"ООО «Ромашка»\",\"kind\":\"mishap\",\"text\":\"опоздали с поставкой\",\"at\":\"2026-11-22T10:00:00Z\",\"status\":\"open\",\"how\":null,\"author\":\"tester\",\"created\":\"2026-11-22T10:00:00Z\",\"closed\":null}],\"next_actions\":[{\"id\":3,\"client_id\":2,\"client\":\"ООО «Ромашка»\",\"text\":\"позвонить\",\"kind\":\"task\",\"due\":\"2026-11-26\",\"assignee_id\":1,\"assignee\":\"Анна Петрова\",\"status\":\"open\",\"overdue\":false,\"author\":\"tester\",\"created\":\"2026-11-22T10:00:00Z\",\"closed\":null}],\"interactions\":[{\"id\":4,\"client_id\":2,\"client\":\"ООО «Ромашка»\",\"kind\":\"order\",\"at\":\"2026-11-21\",\"author\":\"tester\",\"text\":\"Первый заказ\",\"outcome\":null,\"amount\":\"500.00\",\"late\":null}],\"handovers\":[]}"
'

test_ok 'show as ndjson: the same object on one line' '
	crm --json client show 2 >json &&
	expect_code 0 crm --format ndjson client show 2 &&
	test_empty err &&
	cmp json out
'

test_ok 'show with --fields picks fields, arrays included' '
	expect_code 0 crm --json --fields id,incidents,handovers client show Iota &&
	test_file_is out "{\"id\":8,\"incidents\":[],\"handovers\":[]}" &&
	expect_code 0 crm --fields id,name,handovers client show Iota &&
	test_file_is out "ID  NAME  HANDOVERS
 8  Iota  []"
'

test_ok 'show as csv and tsv: the flat fields, one row' '
	expect_code 0 crm --format csv client show 2 &&
	test_empty err &&
	test "$(wc -l <out)" -eq 2 &&
	head -n 1 out >head &&
	test_file_is head "id,name,kind,tier,status,stage,owner,last_contact,next_due,value,segment,tags,uuid,owner_id,contact_every,traits,interests,note,stage_since,orders,created,updated,source" &&
	expect_code 0 crm --format tsv --fields id,name,orders client show 2 &&
	printf "id\tname\torders\n2\tООО «Ромашка»\t1\n" >want &&
	cmp want out
'

test_ok 'show keeps the latest 20 interactions; --all shows every one' '
	i=0 &&
	while test $i -lt 21; do
		crm note --date "2026-10-$(printf %02d $((i + 1)))" Iota "звонок $i" >/dev/null 2>&1 || return 1
		i=$((i + 1))
	done &&
	crm --json client show Iota >all20 &&
	test "$(grep -o "\"kind\":\"note\"" all20 | wc -l)" -eq 20 &&
	test_grep "звонок 20" all20 &&
	! grep "звонок 0\"" all20 &&
	crm --json client show --all Iota >all &&
	test "$(grep -o "\"kind\":\"note\"" all | wc -l)" -eq 21 &&
	crm client show Iota >table &&
	test "$(grep -c "  note  " table)" -eq 20
'

test_code 3 'show of an unknown client' crm client show Nobody
test_ok 'the not-found error' 'test_file_is err "error: no client matches '\''Nobody'\''" && test_empty out'
test_code 3 'show of an ambiguous name lists the candidates' crm client show "ооо «ромашка»"
test_ok 'the ambiguity error' \
	'test_file_is err "error: client '\''ооо «ромашка»'\'' is ambiguous: 2 ООО «Ромашка», 9 ооо «ромашка»"'
test_code 3 'show of an unknown id' crm client show 999
test_ok 'show by a unique part of the name' '
	expect_code 0 crm --json --fields id,name client show "ХОЗЯ" &&
	test_file_is out "{\"id\":4,\"name\":\"Без хозяина\"}" &&
	expect_code 3 crm client show "ромашк" &&
	test_file_is err "error: client '\''ромашк'\'' is ambiguous: 2 ООО «Ромашка», 9 ооо «ромашка»"
'
test_ok 'show by uuid' '
	uuid=$($SQLX crm.db "SELECT uuid FROM client WHERE id = 9") &&
	expect_code 0 crm --json --fields id client show "$uuid" &&
	test_file_is out "{\"id\":9}"
'

# ---- edit ------------------------------------------------------------

test_ok 'edit changes fields; a status and owner change is journaled' '
	CRM_NOW=2026-11-23T09:00:00Z expect_code 0 crm client edit --status active --owner борис \
		--tier key --add-tag север --tag опт --trait calm --note "любит кофе" Acme &&
	test_empty out &&
	test_empty err &&
	test "$($SQLX crm.db "SELECT status, owner_id, tier, tags, traits, note, CAST(updated > created AS INTEGER) FROM client WHERE id = 1")" = \
		"active|2|key|[\"север\",\"опт\"]|[\"calm\"]|любит кофе|1" &&
	test "$($SQLX crm.db "SELECT action, entity_id, data FROM journal ORDER BY id DESC LIMIT 1")" = \
		"client.edit|1|{\"name\":\"Acme\",\"changes\":{\"tier\":{\"old\":\"regular\",\"new\":\"key\"},\"status\":{\"old\":\"prospect\",\"new\":\"active\"},\"owner\":{\"old\":null,\"new\":\"Борис\"},\"owner_id\":{\"old\":null,\"new\":2},\"note\":{\"old\":null,\"new\":\"любит кофе\"},\"traits\":{\"old\":[],\"new\":[\"calm\"]},\"tags\":{\"old\":[],\"new\":[\"север\",\"опт\"]}}}"
'

test_ok 'a stage change restarts the stage clock' '
	CRM_NOW=2026-11-24T09:00:00Z crm client edit --stage sale Acme &&
	expect_code 0 crm --format csv --fields stage,stage_since,updated client show Acme &&
	test_file_is out "stage,stage_since,updated
sale,2026-11-24T09:00:00Z,2026-11-24T09:00:00Z" &&
	CRM_NOW=2026-11-25T09:00:00Z crm client edit --tier vip Acme &&
	expect_code 0 crm --format csv --fields stage,stage_since client show Acme &&
	test_file_is out "stage,stage_since
sale,2026-11-24T09:00:00Z"
'

test_ok 'edit: empty values clear the owner, segment and note; 0 the frequency' '
	expect_code 0 crm client edit --owner "" --segment "" --note "" --contact-every 0 2 &&
	test "$($SQLX crm.db "SELECT CAST(owner_id IS NULL AS INTEGER), CAST(segment IS NULL AS INTEGER), CAST(note IS NULL AS INTEGER), CAST(contact_every IS NULL AS INTEGER) FROM client WHERE id = 2")" = "1|1|1|1"
'

test_ok 'edit: --remove-tag, --remove-trait, --remove-interest and --name' '
	expect_code 0 crm client edit --remove-tag опт --remove-trait reserved --remove-interest шахматы \
		--add-interest теннис --interest футбол --name "ООО «Ромашка» Тула" 2 &&
	test_empty err &&
	test "$($SQLX crm.db "SELECT name, name_fold, tags, traits, interests FROM client WHERE id = 2")" = \
		"ООО «Ромашка» Тула|ооо «ромашка» тула|[]|[]|[\"теннис\",\"футбол\"]" &&
	test "$($SQLX crm.db "SELECT body FROM search WHERE rowid = 8")" = "ооо «ромашка» тула"
'

test_ok 'edit with nothing to change: exit 0, a message, no journal entry' '
	before=$(jcount) &&
	expect_code 0 crm client edit --tier vip --stage sale --tag север Acme &&
	test_empty out &&
	test_file_is err "nothing to change" &&
	test "$(jcount)" = "$before" &&
	expect_code 0 crm -q client edit Acme &&
	test_empty err
'

test_ok 'edit: removing a tag that is not there is exit 3 and changes nothing' '
	before=$(jcount) &&
	expect_code 3 crm client edit --tier regular --remove-tag nope Acme &&
	test_file_is err "error: no tag '\''nope'\'' to remove" &&
	test "$($SQLX crm.db "SELECT tier FROM client WHERE id = 1")" = vip &&
	test "$(jcount)" = "$before"
'

test_ok 'edit: a rename onto another client warns' '
	expect_code 0 crm client edit --name ZETA Eta &&
	test_file_is err "warning: another client is named '\''ZETA'\'' (id 5)"
'

test_ok 'edit with --format json prints the record' '
	expect_code 0 crm --json --fields id,tier,value client edit --value 5 Theta &&
	test_file_is out "{\"id\":7,\"tier\":\"regular\",\"value\":\"5.00\"}"
'

test_code 2 'edit with an empty name' crm client edit --name "" Acme
test_code 2 'edit with a bad status' crm client edit --status gone Acme
test_code 2 'edit with a note of 10001 characters' crm client edit --note "$(printf "%010001d" 0)" Acme
test_code 2 'edit with a negative --contact-every' crm client edit --contact-every -3 Acme
test_code 3 'edit of an unknown client' crm client edit --tier vip Nobody
test_code 3 'edit with an unknown owner' crm client edit --owner Зоя Acme
test_code 2 'edit without a client' crm client edit --tier vip

# ---- the range of amounts: 999 999 999 999.99 either way ------------------

test_ok 'an amount up to 999 999 999 999.99 is taken to the cent' '
	test_new_base && crm init >/dev/null 2>&1 &&
	expect_code 0 crm client add --value 999999999999.99 "Max Value" &&
	expect_code 0 crm client add --value "999 999 999 999,99" "Max Grouped" &&
	expect_code 0 crm --format tsv --fields value client list --sort created &&
	test_file_is out "$(printf "value\n999999999999.99\n999999999999.99")"
'

test_ok 'an amount past the range is a usage error that names the range' '
	for v in 1000000000000.00 1000000000000 -1000000000000.00 92233720368547758.07 \
		-92233720368547758.08 -9223372036854775808 99999999999999999999999999; do
		expect_code 2 crm client add --value "$v" "Too Much" &&
		test_empty out &&
		test_grep "error: invalid amount '\''$v'\'' for --value: use 1234.50 or 1 234,50, at most 999 999 999 999.99 either way" err || return 1
	done &&
	expect_code 2 crm client edit --value 1000000000000 "Max Value" &&
	test_grep "at most 999 999 999 999.99 either way" err &&
	test "$($SQLX crm.db "SELECT count(*), max(value) FROM client")" = "2|99999999999999"
'

test_ok 'the largest amounts go through a whole handover' '
	crm manager add Anna >/dev/null && crm manager add Boris >/dev/null &&
	crm client edit --owner Anna "Max Value" &&
	crm note --kind order --amount -999999999999.99 "Max Value" "a refund" >/dev/null &&
	brief="Директор Иван Сидоров решает сам, звать по отчеству. Ценит точность, любит рыбалку, чай и шахматы. Скидка 5% до мая. Спор о сроках в мае улажен. Дальше: звонок до пятницы, КП на весну, визит. Клиент требует терпения." &&
	crm contact add --key --phone "+7 911 000-00-00" "Max Value" "Иван Сидоров" >/dev/null &&
	expect_code 0 crm handover "Max Value" --to Boris --reason vacation --brief "$brief" \
		--next "позвонить" --due +3d &&
	expect_code 0 crm --as Boris handover accept 1 &&
	expect_code 0 crm --format json handover show 1 &&
	test_grep "\"amount\":\"-999999999999.99\"" out &&
	test_grep "\"value\":\"999999999999.99\"" out
'

test_ok '-h prints the usage and exits 0' '
	for c in add edit list show find; do
		expect_code 0 crm client $c -h && test_grep "usage: crm client $c" out && test_empty err || return 1
	done
'

test_ok 'the examples of crm-client(1) work' '
	test_new_base && crm init >/dev/null 2>&1 &&
	crm manager add "Анна Петрова" >/dev/null &&
	id=$(crm client add --tier vip --owner анна --contact-every 14 \
		--value "1 234,50" --tag опт --note "любит чай" "ООО «Ромашка»") &&
	test "$id" = 1 &&
	crm client edit --stage sale --add-tag север "$id" &&
	crm --as "Анна Петрова" client list --mine --sort last-contact >mine &&
	test_grep "ООО «Ромашка»" mine &&
	crm client show ромашка >sheet &&
	test_grep "Open promises and discounts" sheet &&
	crm --json client show "$id" >sheet.json &&
	if command -v jq >/dev/null; then
		jq ".promises[] | select(.status == \"open\")" sheet.json >open &&
		test_empty open
	fi &&
	crm contact add "$id" "Иван Сидоров" >/dev/null &&
	crm client find сидоров >found &&
	test_grep "Иван Сидоров" found
'

test_done
