#!/bin/sh
# t1000-manager: crm manager add|list|show|edit in every format, the
# default capacity, unique names, bad input and the journal.
. "$SRCDIR/tests/cli/lib.sh"

crm init >/dev/null 2>&1

jcount() {
	$SQLX crm.db "SELECT count(*) FROM journal"
}

test_ok 'add prints the new id alone' '
	expect_code 0 crm manager add --email anna@example.ru --trait calm --trait patient \
		--interest рыбалка "Анна Петрова" &&
	test_file_is out 1 &&
	test_empty err &&
	test "$($SQLX crm.db "SELECT name, email, role, status, capacity, traits, interests FROM manager")" = \
		"Анна Петрова|anna@example.ru|manager|active|50|[\"calm\",\"patient\"]|[\"рыбалка\"]"
'

test_ok 'add journals manager.add with the record' '
	test "$($SQLX crm.db "SELECT actor, action, entity, entity_id FROM journal ORDER BY id DESC LIMIT 1")" = \
		"tester|manager.add|manager|1" &&
	$SQLX crm.db "SELECT data FROM journal ORDER BY id DESC LIMIT 1" >data &&
	test_grep "\"name\":\"Анна Петрова\",\"email\":\"anna@example.ru\",\"phone\":null,\"role\":\"manager\",\"status\":\"active\",\"capacity\":50,\"traits\":[\"calm\",\"patient\"],\"interests\":[\"рыбалка\"]" data
'

test_ok 'add with --format json prints the new record' '
	expect_code 0 crm --json --fields id,name,role,status,clients,capacity,load,traits,interests,email,phone \
		manager add --role head --capacity 10 --phone "+7 495 123-45-67" Борис &&
	test_empty err &&
	test_file_is out "{\"id\":2,\"name\":\"Борис\",\"role\":\"head\",\"status\":\"active\",\"clients\":0,\"capacity\":10,\"load\":0,\"traits\":[],\"interests\":[],\"email\":null,\"phone\":\"+7 495 123-45-67\"}"
'

test_ok 'add without --capacity takes config manager.capacity' '
	crm config set manager.capacity 7 &&
	expect_code 0 crm manager add Вера &&
	test_file_is out 3 &&
	test "$($SQLX crm.db "SELECT capacity FROM manager WHERE id = 3")" = 7 &&
	crm config unset manager.capacity
'

test_ok 'names are unique without regard to case: exit 4, nothing written' '
	before=$(jcount) &&
	expect_code 4 crm manager add "АННА ПЕТРОВА" &&
	test_empty out &&
	test_file_is err "error: manager '\''АННА ПЕТРОВА'\'' already exists (id 1)" &&
	test "$(jcount)" = "$before" &&
	test "$($SQLX crm.db "SELECT count(*) FROM manager")" = 3
'

test_code 2 'add without a name' crm manager add
test_ok 'the usage error names the problem' '
	test_grep "error: missing argument" err && test_grep "usage: crm manager add" err
'
test_code 2 'add with an empty name' crm manager add ""
test_ok 'the empty name error' 'test_grep "error: empty manager name" err && test_empty out'
test_code 2 'add with a name of 201 characters' crm manager add "$(printf "%0201d" 0)"
test_ok 'the long name error' 'test_grep "manager name is too long: 201 characters, at most 200" err'
test_code 2 'add with a name that is not UTF-8' crm manager add "$(printf "A\377")"
test_ok 'the UTF-8 error' 'test_grep "not valid UTF-8" err'
test_code 2 'add with a bad email' crm manager add --email nope Зоя
test_ok 'the email error' 'test_grep "error: email '\''nope'\'' does not look like an email address" err'
test_code 2 'add with a bad phone' crm manager add --phone 12 Зоя
test_code 2 'add with a bad role' crm manager add --role boss Зоя
test_ok 'the role error lists the roles' 'test_grep "invalid value '\''boss'\'' for --role (manager, head)" err'
test_code 2 'add with a negative capacity' crm manager add --capacity -1 Зоя
test_code 2 'add with a capacity that is not a number' crm manager add --capacity lots Зоя
test_code 2 'add with two names' crm manager add Зоя Яна
test_ok 'bad adds wrote nothing' 'test "$($SQLX crm.db "SELECT count(*) FROM manager")" = 3'

test_ok 'list as a table' '
	expect_code 0 crm manager list &&
	test_empty err &&
	test_file_is out "ID  NAME          ROLE     STATUS  TRAINEE  UNTIL  MENTOR  CLIENTS  CAPACITY  LOAD%  TRAITS        INTERESTS  EMAIL            PHONE
 1  Анна Петрова  manager  active  no       -      -             0        50      0  calm,patient  рыбалка    anna@example.ru  -
 2  Борис         head     active  no       -      -             0        10      0                           -                +7 495 123-45-67
 3  Вера          manager  active  no       -      -             0         7      0                           -                -"
'

test_ok 'list as json has every field' '
	expect_code 0 crm --json manager list &&
	test_empty err &&
	test "$(grep -c "\"uuid\":\"[0-9a-f-]\{36\}\",\"created\":\"2026-11-22T10:00:00Z\",\"gender\":null,\"position\":null}" out)" = 3 &&
	head -n 2 out | sed "s/,\"uuid\":.*//" >got &&
	test_file_is got "[
{\"id\":1,\"name\":\"Анна Петрова\",\"role\":\"manager\",\"status\":\"active\",\"trainee\":false,\"trainee_until\":null,\"mentor\":null,\"mentor_id\":null,\"clients\":0,\"capacity\":50,\"load\":0,\"traits\":[\"calm\",\"patient\"],\"interests\":[\"рыбалка\"],\"email\":\"anna@example.ru\",\"phone\":null" &&
	tail -n 1 out >last && test_file_is last "]"
'

test_ok 'list as ndjson' '
	expect_code 0 crm --format ndjson --fields id,name manager list &&
	test_empty err &&
	test_file_is out "{\"id\":1,\"name\":\"Анна Петрова\"}
{\"id\":2,\"name\":\"Борис\"}
{\"id\":3,\"name\":\"Вера\"}"
'

test_ok 'list as csv' '
	expect_code 0 crm --format csv --fields id,name,capacity,traits,email manager list &&
	test_empty err &&
	test_file_is out "id,name,capacity,traits,email
1,Анна Петрова,50,calm;patient,anna@example.ru
2,Борис,10,\"\",
3,Вера,7,\"\","
'

test_ok 'list as tsv' '
	expect_code 0 crm --format tsv --fields id,name,role,phone manager list &&
	test_empty err &&
	printf "id\tname\trole\tphone\n1\tАнна Петрова\tmanager\t\n2\tБорис\thead\t+7 495 123-45-67\n3\tВера\tmanager\t\n" >want &&
	cmp want out
'

test_ok 'clients and load follow the clients owned' '
	crm client add --owner борис A >/dev/null 2>&1 &&
	crm client add --owner борис B >/dev/null 2>&1 &&
	crm client add --owner борис C >/dev/null 2>&1 &&
	expect_code 0 crm --format csv --fields name,clients,capacity,load manager list &&
	test_file_is out "name,clients,capacity,load
Анна Петрова,0,50,0
Борис,3,10,30
Вера,0,7,0"
'

test_ok 'load is null for a capacity of 0' '
	crm manager edit --capacity 0 вера &&
	expect_code 0 crm --format csv --fields name,load manager show вера &&
	test_file_is out "name,load
Вера,"
'

test_ok 'show a manager by a prefix, as a table' '
	expect_code 0 crm manager show АН &&
	test_empty err &&
	sed "s/^uuid .*/uuid <uuid>/" out >got &&
	test_file_is got "id         1
name       Анна Петрова
role       manager
status     active
trainee    no
until      -
mentor     -
clients    0 of 50
traits     calm, patient
interests  рыбалка
email      anna@example.ru
phone      -
uuid <uuid>
created    2026-11-22 10:00"
'

test_ok 'show as json is one bare object' '
	expect_code 0 crm --json manager show 2 &&
	test_empty err &&
	test "$(wc -l <out)" -eq 1 &&
	test_grep "{\"id\":2,\"name\":\"Борис\",\"role\":\"head\"" out &&
	uuid=$($SQLX crm.db "SELECT uuid FROM manager WHERE id = 2") &&
	expect_code 0 crm --json --fields name manager show "$uuid" &&
	test_file_is out "{\"name\":\"Борис\"}"
'

test_code 3 'show of an unknown manager' crm manager show Зоя
test_ok 'the not-found error' 'test_file_is err "error: no manager matches '\''Зоя'\''" && test_empty out'
test_code 3 'show of an unknown id' crm manager show 99
test_ok 'show by a unique part of the name' '
	expect_code 0 crm --format csv --fields id,name manager show ПЕТРОВ &&
	test_file_is out "id,name
1,Анна Петрова"
'
test_ok 'show of an ambiguous prefix lists the candidates' '
	crm manager add Антон >/dev/null &&
	expect_code 3 crm manager show ан &&
	test_empty out &&
	test_file_is err "error: manager '\''ан'\'' is ambiguous: 1 Анна Петрова, 4 Антон"
'

test_ok 'edit changes fields and journals the changes' '
	expect_code 0 crm manager edit --name "Анна Петровна" --email "" --status vacation \
		--capacity 30 --remove-trait calm --trait energetic --interest chess "анна петрова" &&
	test_empty out &&
	test_empty err &&
	test "$($SQLX crm.db "SELECT name, CAST(email IS NULL AS INTEGER), status, capacity, traits, interests FROM manager WHERE id = 1")" = \
		"Анна Петровна|1|vacation|30|[\"patient\",\"energetic\"]|[\"рыбалка\",\"chess\"]" &&
	test "$($SQLX crm.db "SELECT action, entity_id, data FROM journal ORDER BY id DESC LIMIT 1")" = \
		"manager.edit|1|{\"name\":\"Анна Петровна\",\"changes\":{\"name\":{\"old\":\"Анна Петрова\",\"new\":\"Анна Петровна\"},\"email\":{\"old\":\"anna@example.ru\",\"new\":null},\"status\":{\"old\":\"active\",\"new\":\"vacation\"},\"capacity\":{\"old\":50,\"new\":30},\"traits\":{\"old\":[\"calm\",\"patient\"],\"new\":[\"patient\",\"energetic\"]},\"interests\":{\"old\":[\"рыбалка\"],\"new\":[\"рыбалка\",\"chess\"]}}}"
'

test_ok 'edit with nothing to change: exit 0, a message, no journal entry' '
	before=$(jcount) &&
	expect_code 0 crm manager edit --status vacation 1 &&
	test_empty out &&
	test_file_is err "nothing to change" &&
	test "$(jcount)" = "$before" &&
	expect_code 0 crm -q manager edit 1 &&
	test_empty err
'

test_ok 'edit: removing a trait that is not there is exit 3' '
	before=$(jcount) &&
	expect_code 3 crm manager edit --remove-trait loud --capacity 5 1 &&
	test_file_is err "error: no trait '\''loud'\'' to remove" &&
	test "$($SQLX crm.db "SELECT capacity FROM manager WHERE id = 1")" = 30 &&
	test "$(jcount)" = "$before"
'

test_code 4 'edit: a rename onto another manager is refused' crm manager edit --name БОРИС 1
test_ok 'the rename conflict names the other manager' \
	'test_file_is err "error: manager '\''БОРИС'\'' already exists (id 2)"'
test_code 2 'edit with a bad status' crm manager edit --status fired 1
test_ok 'the status error lists the statuses' \
	'test_grep "invalid value '\''fired'\'' for --status (active, vacation, left)" err'
test_code 2 'edit with an empty name' crm manager edit --name "" 1
test_code 3 'edit of an unknown manager' crm manager edit --capacity 3 Зоя
test_code 2 'edit without a manager' crm manager edit --capacity 3

test_ok 'a manager who is the current user owns the clients they add' '
	id=$(crm --as "БОРИС" client add "D") &&
	test "$($SQLX crm.db "SELECT owner_id FROM client WHERE id = $id")" = 2
'

# ---- leaving with live clients ----------------------------------------

test_ok 'leaving with live clients is refused, with the hint to plan handovers' '
	crm -q manager add "Олег О'\''Нил" &&
	crm -q client add --owner олег --status active Live1 &&
	crm -q client add --owner олег --status prospect Live2 &&
	crm -q client add --owner олег --status lost Gone1 &&
	before=$(jcount) &&
	expect_code 4 crm manager edit --status left "Олег О'\''Нил" &&
	test_empty out &&
	test_file_is err "error: manager '\''Олег О'\''Нил'\'' still owns 2 live clients: hand them over before the manager leaves
hint: hand the clients over first: crm handover plan --from '\''Олег О'\''\\'\'''\''Нил'\'' --reason leaving; or leave them with --force" &&
	test "$(jcount)" = "$before" &&
	test "$($SQLX crm.db "SELECT status FROM manager WHERE name LIKE '\''Олег%'\''")" = active
'

test_ok 'the hint is a command a shell accepts' '
	cmd=$(sed -n "s/^hint: hand the clients over first: \(.*\); or leave.*/\1/p" err) &&
	eval "set -- $cmd" &&
	test "$5" = "Олег О'\''Нил" && test "$6" = --reason && test "$7" = leaving
'

test_ok 'a plain name stays plain in the hint' '
	crm -q manager add Пётр && crm -q client add --owner пётр --status regular P1 &&
	expect_code 4 crm manager edit --status left пётр &&
	test_grep "hint: hand the clients over first: crm handover plan --from пётр --reason leaving; or leave them with --force" err &&
	test_grep "still owns 1 live client: hand it over" err
'

test_ok 'one live client among lost and farewell ones is enough to refuse' '
	crm -q client edit --status farewell P1 &&
	crm -q client add --owner пётр --status lost P2 &&
	crm -q client add --owner пётр --status active P3 &&
	expect_code 4 crm manager edit --status left пётр
'

test_ok 'only lost and farewell clients: the manager leaves without --force' '
	crm -q client edit --status lost P3 &&
	expect_code 0 crm manager edit --status left пётр &&
	test_empty err &&
	test "$($SQLX crm.db "SELECT status FROM manager WHERE name = '\''Пётр'\''")" = left &&
	test "$($SQLX crm.db "SELECT CAST(json_extract(data, '\''$.forced'\'') IS NULL AS INTEGER) FROM journal ORDER BY id DESC LIMIT 1")" = 1
'

test_ok 'no clients at all: the manager leaves' '
	crm -q manager add Рита &&
	expect_code 0 crm manager edit --status left рита && test_empty err
'

test_ok 'vacation is no leave: allowed with live clients' '
	expect_code 0 crm manager edit --status vacation олег && test_empty err &&
	crm -q manager edit --status active олег
'

test_code 2 '--force without --status left is a usage error' crm manager edit --force олег
test_ok '... and says so' 'test_grep "error: --force goes with --status left" err'

test_ok '--force lets the manager leave and the journal records it' '
	expect_code 0 crm manager edit --status left --force олег &&
	test_empty out && test_empty err &&
	test "$($SQLX crm.db "SELECT action, data FROM journal ORDER BY id DESC LIMIT 1")" = \
		"manager.edit|{\"name\":\"Олег О'\''Нил\",\"changes\":{\"status\":{\"old\":\"active\",\"new\":\"left\"}},\"forced\":true,\"live_clients\":2}"
'

test_ok 'a manager who has left may be edited again without --force' '
	expect_code 0 crm manager edit --status left олег &&
	test_file_is err "nothing to change"
'

# ---- trainees ----------------------------------------------------------

test_ok 'add a trainee with an end and a mentor' '
	expect_code 0 crm manager add --trainee --until 2027-03-01 --mentor борис Сева &&
	id=$(cat out) &&
	test "$($SQLX crm.db "SELECT trainee, $(sql_date trainee_until), mentor_id FROM manager WHERE id = $id")" = "1|2027-03-01|2" &&
	$SQLX crm.db "SELECT data FROM journal ORDER BY id DESC LIMIT 1" >data &&
	test_grep "\"trainee\":true,\"trainee_until\":\"2027-03-01\",\"mentor\":\"Борис\"" data
'

test_ok 'list and show give trainee, until and mentor in every format' '
	expect_code 0 crm --fields name,trainee,trainee_until,mentor manager list &&
	grep "^Сева  *yes  *2027-03-01  *Борис\$" out >/dev/null &&
	grep "^Борис  *no  *-  *-\$" out >/dev/null &&
	expect_code 0 crm --format tsv --fields name,trainee,trainee_until,mentor manager list &&
	grep "^Сева	true	2027-03-01	Борис\$" out >/dev/null &&
	expect_code 0 crm --json --fields name,trainee,trainee_until,mentor,mentor_id manager show сева &&
	test_file_is out "{\"name\":\"Сева\",\"trainee\":true,\"trainee_until\":\"2027-03-01\",\"mentor\":\"Борис\",\"mentor_id\":2}" &&
	expect_code 0 crm --format csv --fields name,trainee,trainee_until,mentor manager show сева &&
	test_file_is out "name,trainee,trainee_until,mentor
Сева,true,2027-03-01,Борис" &&
	expect_code 0 crm --format ndjson --fields name,trainee,mentor manager show борис &&
	test_file_is out "{\"name\":\"Борис\",\"trainee\":false,\"mentor\":null}" &&
	expect_code 0 crm manager show сева &&
	grep "^trainee    yes\$" out >/dev/null && grep "^until      2027-03-01\$" out >/dev/null &&
	grep "^mentor     Борис\$" out >/dev/null
'

test_ok 'a trainee past the end of the training counts as trained' '
	CRM_NOW=2027-02-28T23:59:59Z crm --json --fields trainee manager show сева >o1 &&
	test_file_is o1 "{\"trainee\":true}" &&
	CRM_NOW=2027-03-01T00:00:00Z crm --json --fields trainee,trainee_until manager show сева >o2 &&
	test_file_is o2 "{\"trainee\":false,\"trainee_until\":\"2027-03-01\"}"
'

test_code 2 'a trainee without a mentor' crm manager add --trainee Тая
test_ok '... is a usage error naming the fix' 'test_grep "error: a trainee needs a mentor: --mentor <manager>" err'
test_code 2 '--until without --trainee' crm manager add --until 2027-01-01 Тая
test_ok '... is a usage error' 'test_grep "error: --until and --mentor go with --trainee" err'
test_code 2 '--mentor without --trainee' crm manager edit --mentor борис сева
test_code 2 '--mentor with --no-trainee' crm manager edit --no-trainee --mentor борис сева
test_code 2 'an invalid --until date' crm manager add --trainee --until 2027-02-30 --mentor борис Тая
test_ok '... names the formats' 'test_grep "invalid date '\''2027-02-30'\'' for --until" err'
test_code 2 'an --until before today' crm manager add --trainee --until yesterday --mentor борис Тая
test_ok '... says why' 'test_grep "error: the training cannot end on 2026-11-21: it is before today" err'
test_ok 'an --until of today is accepted (and the trainee is trained at once)' '
	expect_code 0 crm manager add --trainee --until today --mentor борис Тая &&
	expect_code 0 crm --json --fields trainee,trainee_until manager show тая &&
	test_file_is out "{\"trainee\":false,\"trainee_until\":\"2026-11-22\"}"
'
test_code 3 'an unknown mentor' crm manager add --trainee --mentor Никто Уля
test_code 4 'a trainee as the mentor' crm manager add --trainee --mentor сева Уля
test_ok '... is refused by the rule' 'test_grep "error: mentor '\''Сева'\'' is a trainee: a mentor must be trained" err'
test_ok 'a trainee past the training may mentor' '
	expect_code 0 crm manager add --trainee --mentor тая Уля && test_empty err
'
test_code 4 'a manager who left as the mentor' crm manager add --trainee --mentor олег Фёдор
test_ok '... is refused by the rule' 'test_grep "error: mentor '\''Олег О'\''Нил'\'' has left the firm: choose another" err'
test_code 4 'the trainee as its own mentor' crm manager edit --trainee --mentor сева сева
test_code 4 'a mentor of a trainee made a trainee' crm manager edit --trainee --mentor вера борис
test_ok '... names the trainee' 'test_grep "error: manager '\''Борис'\'' mentors the trainee '\''Сева'\''" err'
test_ok 'refused trainee edits wrote nothing' '
	test "$($SQLX crm.db "SELECT count(*) FROM manager WHERE name IN ('\''Фёдор'\'', '\''Уля'\'')")" = 1 &&
	test "$($SQLX crm.db "SELECT trainee FROM manager WHERE name = '\''Борис'\''")" = 0
'

test_ok 'edit a trainee: a new mentor, the journal has the change' '
	expect_code 0 crm manager edit --trainee --mentor вера сева &&
	test_empty err &&
	test "$($SQLX crm.db "SELECT data FROM journal ORDER BY id DESC LIMIT 1")" = \
		"{\"name\":\"Сева\",\"changes\":{\"mentor\":{\"old\":\"Борис\",\"new\":\"Вера\"}}}" &&
	test "$($SQLX crm.db "SELECT $(sql_date trainee_until) FROM manager WHERE name = '\''Сева'\''")" = 2027-03-01
'

test_ok 'edit makes a trained manager a trainee' '
	expect_code 0 crm manager edit --trainee --until +2w --mentor вера борис &&
	test "$($SQLX crm.db "SELECT trainee, $(sql_date trainee_until), mentor_id FROM manager WHERE name = '\''Борис'\''")" = "1|2026-12-06|3"
'

test_ok '--no-trainee ends the training and clears the end and the mentor' '
	expect_code 0 crm manager edit --no-trainee борис &&
	test "$($SQLX crm.db "SELECT trainee, CAST(trainee_until IS NULL AS INTEGER), CAST(mentor_id IS NULL AS INTEGER) FROM manager WHERE name = '\''Борис'\''")" = "0|1|1" &&
	test "$($SQLX crm.db "SELECT data FROM journal ORDER BY id DESC LIMIT 1")" = \
		"{\"name\":\"Борис\",\"changes\":{\"trainee\":{\"old\":true,\"new\":false},\"trainee_until\":{\"old\":\"2026-12-06\",\"new\":null},\"mentor\":{\"old\":\"Вера\",\"new\":null}}}" &&
	expect_code 0 crm manager edit --no-trainee борис && test_file_is err "nothing to change"
'

test_ok 'completion offers the new options and manager names for --mentor' '
	expect_code 0 crm __complete manager edit -- &&
	for o in trainee no-trainee until mentor force; do
		grep "^--$o	" out >/dev/null || return 1
	done &&
	expect_code 0 crm __complete manager add --mentor "" &&
	grep "^Борис	head\$" out >/dev/null && grep "^Вера	manager\$" out >/dev/null
'

test_ok '-h prints the usage and exits 0' '
	for c in add edit list show; do
		expect_code 0 crm manager $c -h && test_grep "usage: crm manager $c" out && test_empty err || return 1
	done
'

test_ok 'the examples of crm-manager(1) work' '
	test_new_base && crm init >/dev/null 2>&1 &&
	id=$(crm manager add --email anna@example.ru --trait calm --trait patient \
		--interest fishing "Анна Петрова") &&
	test "$id" = 1 &&
	crm manager edit --status vacation --capacity 30 анна &&
	test "$($SQLX crm.db "SELECT status, capacity FROM manager")" = "vacation|30" &&
	crm manager add --trainee --until 2027-03-01 --mentor анна Олег >/dev/null &&
	test "$($SQLX crm.db "SELECT trainee, mentor_id FROM manager WHERE name = '\''Олег'\''")" = "1|1" &&
	crm manager edit --no-trainee олег &&
	test "$($SQLX crm.db "SELECT trainee FROM manager WHERE name = '\''Олег'\''")" = 0 &&
	crm manager edit --status active анна &&
	crm -q client add --owner анна --status active Ромашка &&
	crm manager edit --status left --force анна &&
	test "$($SQLX crm.db "SELECT status FROM manager WHERE id = 1")" = left &&
	if command -v jq >/dev/null; then
		crm --json manager list | jq -r ".[] | select(.load > 100) | .name" >over &&
		test_empty over
	fi
'

test_ok 'a mentor leaves once the trainees have another mentor' '
	crm -q manager add Зоя && crm -q manager add --trainee --mentor зоя Яна &&
	expect_code 4 crm manager edit --status left зоя &&
	test_empty out &&
	test_file_is err "error: manager '\''Зоя'\'' mentors 1 trainee ('\''Яна'\''): give the trainee another mentor first with '\''crm manager edit --mentor <manager> <trainee>'\'', or leave with --force" &&
	test "$($SQLX crm.db "SELECT status FROM manager WHERE name = '\''Зоя'\''")" = active &&
	crm -q manager add Лев && crm -q manager edit --trainee --mentor лев яна &&
	expect_code 0 crm manager edit --status left зоя
'

test_done
