#!/bin/sh
# t1007: crm client import and export: NDJSON, JSON and CSV, the round trip,
# exit 65 with the line and nothing written, exit 4 on a known uuid,
# --update merges, --dry-run.
. "$(dirname "$0")/lib.sh"

U1=0b6f3c1e-8a2d-4f5b-9c7e-1d2e3f4a5b6c
U2=1c7a4d2f-9b3e-4a6c-8d8f-2e3f4a5b6c7d

# Base A through the ordinary commands, every kind of record in it.
test_ok 'a base with every kind of record' '
	crm -q init &&
	crm -q manager add "Анна Петрова" --role head >/dev/null &&
	crm -q manager add Boris >/dev/null &&
	crm -q client add "ООО «Ромашка»" --owner Анна --tier vip --value "1 234,50" \
		--tag north --tag steel --contact-every 14 --note "likes tea, hates calls" \
		--segment retail >/dev/null &&
	crm -q client add "Acme Corp" --owner Boris --kind company --stage storm >/dev/null &&
	crm -q client add "ИП Иванов" --kind person >/dev/null &&
	crm -q contact add Ромашка "Иван Сидоров" --role director --email ivan@romashka.ru \
		--phone "+7 495 123-45-67" --key >/dev/null &&
	crm -q contact add Ромашка "Мария" --address "Тверь, пр. Мира, 2" --first Мария \
		--patronymic Ивановна --last Смирнова --gender ж >/dev/null &&
	crm -q contact verify Иван --date 2026-01-10 &&
	crm -q note Ромашка "first order" --kind order --amount 500 --date 2026-03-01 >/dev/null &&
	crm -q note Ромашка "second order" --kind order --amount 1500.5 --date 2026-05-01 \
		--outcome paid >/dev/null &&
	crm -q note Acme "shouting on the phone" --kind conflict --date 2026-10-02 >/dev/null &&
	crm -q promise add Ромашка "deliver in 90 days" --kind guarantee --due 2026-12-01 \
		>/dev/null &&
	crm -q promise add Acme "discount 5%" --kind discount >/dev/null &&
	crm -q promise keep 2 &&
	crm -q incident add Acme "the driver was shouted at" --kind conflict >/dev/null &&
	crm -q incident add Acme "wrong invoice" --kind mishap >/dev/null &&
	crm -q incident resolve 2 --how "reissued" &&
	crm -q next add Ромашка "call about the delivery" --due 2026-11-25 >/dev/null &&
	crm -q next add Acme "visit with flowers" --due 2026-11-30 --assignee Анна >/dev/null &&
	crm -q next done 2 --note "visited"
'

test_code 0 'export writes NDJSON by default' crm client export
test_ok 'one line per client, in id order, nothing on stderr' '
	cp out a.ndjson &&
	test_empty err &&
	test "$(wc -l <a.ndjson)" -eq 3 &&
	sed -n 1p a.ndjson | grep -q "^{\"id\":1,\"name\":\"ООО «Ромашка»\"" &&
	sed -n 2p a.ndjson | grep -q "^{\"id\":2,\"name\":\"Acme Corp\"" &&
	sed -n 3p a.ndjson | grep -q "^{\"id\":3,\"name\":\"ИП Иванов\""
'
test_ok 'the export carries the whole sheet' '
	sed -n 1p a.ndjson >first &&
	test_grep "\"value\":\"1234.50\"" first &&
	test_grep "\"tags\":[\"north\",\"steel\"]" first &&
	test_grep "\"owner\":\"Анна Петрова\",\"last_contact\":\"2026-05-01T00:00:00Z\"" first &&
	test_grep "\"owner_uuid\":\"$(crm --json manager show Анна | sed "s/.*\"uuid\":\"\([^\"]*\)\".*/\1/")\"" first &&
	test_grep "\"name\":\"Иван Сидоров\",\"role\":\"director\",\"phone\":\"+7 495 123-45-67\",\"email\":\"ivan@romashka.ru\",\"address\":null,\"key\":true,\"verified\":\"2026-01-10\"" first &&
	test_grep "\"name\":\"Мария\",\"role\":null,\"phone\":null,\"email\":null,\"address\":\"Тверь, пр. Мира, 2\",\"key\":false" first &&
	test_grep "\"first_name\":\"Мария\",\"patronymic\":\"Ивановна\",\"last_name\":\"Смирнова\",\"gender\":\"f\",\"address_as\":null" first &&
	test_grep "\"first_name\":null,\"patronymic\":null,\"last_name\":null,\"gender\":null,\"address_as\":null" first &&
	test_grep "\"kind\":\"order\",\"at\":\"2026-05-01\",\"author\":\"tester\",\"text\":\"second order\",\"outcome\":\"paid\",\"amount\":\"1500.50\",\"late\":null" first &&
	test_grep "\"promises\":[{\"id\":1,\"kind\":\"guarantee\"" first &&
	test_grep "\"next_actions\":[{\"id\":1,\"text\":\"call about the delivery\",\"kind\":\"task\",\"due\":\"2026-11-25\",\"assignee\":\"Анна Петрова\"" first &&
	sed -n 2p a.ndjson >second &&
	test_grep "\"status\":\"kept\"" second &&
	test_grep "\"how\":\"reissued\",\"author\":\"tester\"" second &&
	test_grep "\"status\":\"done\"" second
'
test_ok 'local ids of managers and the repeated client are left out' '
	! grep -q "owner_id\|assignee_id\|client_id\|\"client\":" a.ndjson
'
test_ok 'every interaction is exported, newest first' '
	test "$(grep -o "\"kind\":\"order\",\"at\"" a.ndjson | wc -l)" -eq 2 &&
	sed -n 1p a.ndjson | grep -q "\"interactions\":\[{\"id\":2,\"kind\":\"order\",\"at\":\"2026-05-01"
'

test_ok 'round trip: export A, import into B, export B gives the same bytes' '
	CRM_DB=$PWD/b.db crm -q init &&
	CRM_DB=$PWD/b.db crm client import a.ndjson >out 2>err &&
	test_empty out &&
	test_file_is err "imported 3 clients: 3 added, 0 updated (2 contacts, 4 interactions, 2 promises, 2 incidents, 2 next actions, 2 new managers)" &&
	CRM_DB=$PWD/b.db crm client export >b.ndjson &&
	cmp a.ndjson b.ndjson
'
test_ok 'the import refuses a gender other than f or m, nothing written' '
	sed -n 1p a.ndjson | sed "s/\"gender\":\"f\"/\"gender\":\"x\"/" >badg.ndjson &&
	crm --db gender.db -q init &&
	expect_code 65 crm --db gender.db client import badg.ndjson &&
	test_grep "gender" err &&
	test "$(crm --db gender.db --format tsv client list | wc -l)" -le 1
'
test_ok 'round trip through the JSON array format too' '
	crm client export --format json >a.json &&
	head -c 2 a.json | grep -q "^\[" &&
	tail -n 1 a.json | grep -q "^\]$" &&
	CRM_DB=$PWD/c.db crm -q init &&
	grep "^{" a.json | sed "s/,$//" >a2.ndjson &&
	CRM_DB=$PWD/c.db crm -q client import a2.ndjson &&
	CRM_DB=$PWD/c.db crm --format json client export | cmp - a.json
'
test_ok 'the imported base keeps uuids, authors, closed states and is searchable' '
	crm --json client show Acme >a.show &&
	CRM_DB=$PWD/b.db crm --json client show Acme >b.show &&
	cmp a.show b.show &&
	CRM_DB=$PWD/b.db crm --format tsv --fields client client find сидоров >out &&
	test_file_is out "client
ООО «Ромашка»" &&
	CRM_DB=$PWD/b.db crm --format tsv --fields client client find тверь >out &&
	test_file_is out "client
ООО «Ромашка»"
'
test_ok 'one client each import, one manager.import per created manager' '
	CRM_DB=$PWD/b.db crm --format tsv --fields action,entity_id journal >out &&
	test_file_is out "action	entity_id
base.init	
manager.import	1
client.import	1
manager.import	2
client.import	2
client.import	3"
'
test_ok 'the journal entry has the uuid, the name and the nested counts' '
	CRM_DB=$PWD/b.db crm --format tsv --fields data journal --entity client --id 1 >out &&
	uuid=$(sed -n 1p a.ndjson | sed "s/.*\"uuid\":\"\([^\"]*\)\",\"contact_every.*/\1/") &&
	test_file_is out "data
{\"uuid\":\"$uuid\",\"name\":\"ООО «Ромашка»\",\"update\":false,\"contacts\":2,\"interactions\":2,\"promises\":1,\"incidents\":0,\"next_actions\":1}"
'

CRM_DB=$PWD/b.db crm --format tsv journal >journal.before
test_code 4 'importing a uuid already in the base is refused' \
	env CRM_DB="$PWD/b.db" "$CRM" client import a.ndjson
test_ok '... with the line, the client and a hint, and nothing written' '
	uuid=$(sed -n 1p a.ndjson | sed "s/.*\"uuid\":\"\([^\"]*\)\",\"contact_every.*/\1/") &&
	test_file_is err "error: line 1: client uuid '\''$uuid'\'' already exists (client 1 '\''ООО «Ромашка»'\'')
hint: --update merges a record into the client of the same uuid
nothing was imported" &&
	test_empty out &&
	CRM_DB=$PWD/b.db crm --format tsv journal | cmp - journal.before
'

test_ok '--update merges: flat fields replaced, nested rows added once' '
	sed -n 2p a.ndjson |
		sed -e "s/\"tier\":\"regular\"/\"tier\":\"key\"/" \
		    -e "s/\"interactions\":\[/\"interactions\":[{\"kind\":\"order\",\"at\":\"2026-11-01T09:00:00Z\",\"text\":\"big order\",\"amount\":\"90000\"},/" \
		    -e "s/\"contacts\":\[\]/\"contacts\":[{\"name\":\"Jane Roe\",\"email\":\"jane@acme.com\",\"key\":true}]/" \
		>upd.ndjson &&
	CRM_DB=$PWD/b.db crm client import --update upd.ndjson 2>err &&
	test_file_is err "imported 1 client: 0 added, 1 updated (1 contacts, 1 interactions, 0 promises, 0 incidents, 0 next actions, 0 new managers)" &&
	CRM_DB=$PWD/b.db crm --format tsv --fields tier,orders,last_contact client show Acme >out &&
	test_file_is out "tier	orders	last_contact
key	1	2026-11-22T10:00:00Z" &&
	CRM_DB=$PWD/b.db crm client import --update upd.ndjson 2>err &&
	test_file_is err "imported 1 client: 0 added, 1 updated (1 contacts, 0 interactions, 0 promises, 0 incidents, 0 next actions, 0 new managers)" &&
	test "$(CRM_DB=$PWD/b.db crm --format tsv contact list Acme | wc -l)" -eq 2
'
test_ok '--update keeps the status as given (orders do not move it)' '
	CRM_DB=$PWD/b.db crm --format tsv --fields status client show Acme >out &&
	test_file_is out "status
prospect"
'

test_ok '--dry-run checks and counts, writes nothing' '
	CRM_DB=$PWD/d.db crm -q init &&
	CRM_DB=$PWD/d.db crm client import --dry-run a.ndjson >out 2>err &&
	test_empty out &&
	test_file_is err "dry run, nothing written: would import 3 clients: 3 added, 0 updated (2 contacts, 4 interactions, 2 promises, 2 incidents, 2 next actions, 2 new managers)" &&
	CRM_DB=$PWD/d.db crm client export >out &&
	test_empty out &&
	CRM_DB=$PWD/d.db crm --format tsv --fields action journal >out &&
	test_file_is out "action
base.init"
'
test_ok 'the output of client show --json imports (from stdin)' '
	CRM_DB=$PWD/d.db crm client import - <a.show 2>err &&
	test_file_is err "imported 1 client: 1 added, 0 updated (0 contacts, 2 interactions, 1 promises, 2 incidents, 0 next actions, 1 new managers)" &&
	CRM_DB=$PWD/d.db crm --format tsv --fields id,name,stage client list >out &&
	test_file_is out "id	name	stage
2	Acme Corp	storm"
'

# Bad data: exit 65, the line, the field and the reason; nothing written.
cat >bad.ndjson <<EOF
{"name":"Good One","owner":"New Manager"}

{"name":"Bad","contacts":[{"name":"a"},{"name":"b","email":"x"}]}
EOF
test_code 65 'a bad record fails the import' crm client import bad.ndjson
test_ok '... naming the line, the field and the reason' '
	test_file_is err "error: line 3: field '\''contacts[1].email'\'': email '\''x'\'' does not look like an email address
nothing was imported" &&
	test_empty out
'
test_ok '... and nothing of the file is written' '
	CRM_DB=$PWD/e.db crm -q init &&
	expect_code 65 env CRM_DB="$PWD/e.db" "$CRM" client import "$PWD/bad.ndjson" &&
	CRM_DB=$PWD/e.db crm client export >out &&
	test_empty out &&
	CRM_DB=$PWD/e.db crm --format tsv --fields name manager list >out &&
	test_file_is out "name"
'
test_ok 'unknown and duplicate keys, trailing text, wrong types' '
	echo "{\"name\":\"A\",\"teir\":\"vip\"}" >x.ndjson &&
	expect_code 65 crm client import x.ndjson &&
	test_grep "error: line 1: field '\''teir'\'': unknown field" err &&
	echo "{\"name\":\"A\",\"name\":\"B\"}" >x.ndjson &&
	expect_code 65 crm client import x.ndjson &&
	test_grep "error: line 1: invalid JSON at byte 13: duplicate key '\''name'\''" err &&
	echo "{\"name\":\"A\"} junk" >x.ndjson &&
	expect_code 65 crm client import x.ndjson &&
	test_grep "error: line 1: invalid JSON at byte 14: unexpected text after the value" err &&
	echo "{\"name\":\"A\",\"id\":18446744073709551616}" >x.ndjson &&
	expect_code 65 crm client import x.ndjson &&
	test_grep "error: line 1: field '\''id'\'': the number 18446744073709551616 does not fit in 64 bits" err &&
	echo "{\"name\":\"A\",\"value\":12.345}" >x.ndjson &&
	expect_code 65 crm client import x.ndjson &&
	test_grep "field '\''value'\'': invalid amount '\''12.345'\''" err &&
	echo "{\"name\":\"A\",\"created\":\"+3d\"}" >x.ndjson &&
	expect_code 65 crm client import x.ndjson &&
	test_grep "field '\''created'\'': invalid date '\''+3d'\''" err &&
	echo "{\"name\":\"A\",\"stage\":\"war\"}" >x.ndjson &&
	expect_code 65 crm client import x.ndjson &&
	test_grep "field '\''stage'\'': invalid stage '\''war'\'' (courtship, sale, honeymoon, storm, normalization, support)" err
'
test_ok 'invalid UTF-8, empty and over-long text from a file: exit 65' '
	printf "{\"name\":\"A\377\"}\n" >x.ndjson &&
	expect_code 65 crm client import x.ndjson &&
	test_grep "error: line 1: not valid UTF-8 text" err &&
	echo "{\"name\":\"\"}" >x.ndjson &&
	expect_code 65 crm client import x.ndjson &&
	test_grep "error: line 1: field '\''name'\'': empty name" err &&
	printf "{\"name\":\"%0201d\"}\n" 0 >x.ndjson &&
	expect_code 65 crm client import x.ndjson &&
	test_grep "field '\''name'\'': name is too long: 201 characters, at most 200" err &&
	printf "{\"name\":\"A\",\"note\":\"%010001d\"}\n" 0 >x.ndjson &&
	expect_code 65 crm client import x.ndjson &&
	test_grep "field '\''note'\'': note is too long: 10001 characters, at most 10000" err &&
	CRM_DB=$PWD/e.db crm client export >out &&
	test_empty out
'

# CSV.
test_code 0 'CSV export: the documented header and one key contact' \
	crm client export --format csv
test_ok '... exact' '
	uuids=$(crm --format tsv --fields uuid client list --sort created | tail -n +2) &&
	u1=$(echo "$uuids" | sed -n 1p) && u2=$(echo "$uuids" | sed -n 2p) &&
	u3=$(echo "$uuids" | sed -n 3p) &&
	test_file_is out "uuid,name,kind,segment,tier,status,stage,owner,contact_every,value,tags,note,contact_name,contact_role,contact_phone,contact_email,source
$u1,ООО «Ромашка»,company,retail,vip,active,courtship,Анна Петрова,14,1234.50,north;steel,\"likes tea, hates calls\",Иван Сидоров,director,'\''+7 495 123-45-67,ivan@romashka.ru,
$u2,Acme Corp,company,,regular,prospect,storm,Boris,,,,,,,,,
$u3,ИП Иванов,person,,regular,prospect,courtship,,,,,,,,,," &&
	test_empty err &&
	cp out a.csv
'
test_ok 'a .csv file is read as CSV; the export round-trips the flat fields' '
	CRM_DB=$PWD/f.db crm -q init &&
	CRM_DB=$PWD/f.db crm client import a.csv 2>err &&
	test_file_is err "imported 3 clients: 3 added, 0 updated (1 contacts, 0 interactions, 0 promises, 0 incidents, 0 next actions, 2 new managers)" &&
	CRM_DB=$PWD/f.db crm client export --format csv | cmp - a.csv
'
test_ok 'a CSV export merges back into its base with --update (the man page example)' '
	crm client export --format csv >clients.csv &&
	crm client import --update clients.csv 2>err &&
	test_file_is err "imported 3 clients: 0 added, 3 updated (1 contacts, 0 interactions, 0 promises, 0 incidents, 0 next actions, 0 new managers)" &&
	crm client export --format csv | cmp - clients.csv &&
	test "$(crm --format tsv contact list | wc -l)" -eq 3
'
test_ok 'the round trip of the man page example' '
	crm client export >all.ndjson &&
	crm --db new.db -q init &&
	crm --db new.db -q client import all.ndjson &&
	crm --db new.db client export | cmp - all.ndjson
'
test_ok '--from csv from stdin: quotes, CRLF, a BOM, no final newline' '
	printf "\357\273\277name,tier,note,tags\r\n\"Рога, копыта\",key,\"said \"\"hi\"\"\r\nthen left\",a;b\r\nPlain,,," >in.csv &&
	CRM_DB=$PWD/g.db crm -q init &&
	CRM_DB=$PWD/g.db crm -q client import --from csv <in.csv &&
	CRM_DB=$PWD/g.db crm --fields name,tier,note,tags client export --format csv >out 2>err &&
	test_empty err &&
	printf "name,tier,note,tags\n\"Рога, копыта\",key,\"said \"\"hi\"\"\r\nthen left\",a;b\nPlain,regular,,\n" >want &&
	cmp want out
'
test_ok 'CSV errors: unknown column, ragged row, open quote (exit 65, the line)' '
	printf "name,colour\nA,red\n" >x.csv &&
	expect_code 65 crm client import x.csv &&
	test_grep "error: line 1: unknown column '\''colour'\'' in the header" err &&
	printf "name,tier\nA,vip\nB\n" >x.csv &&
	expect_code 65 crm client import x.csv &&
	test_grep "error: line 3: 1 fields where the header has 2" err &&
	printf "name,note\nA,\"open\nB,x\n" >x.csv &&
	expect_code 65 crm client import x.csv &&
	test_grep "error: line 2: unterminated quoted field" err &&
	printf "name\nA\000B\n" >x.csv &&
	expect_code 65 crm client import x.csv &&
	test_grep "error: line 2: a NUL byte" err &&
	printf "name\nA\377\n" >x.csv &&
	expect_code 65 crm client import x.csv &&
	test_grep "error: line 2: field 1 is not valid UTF-8 text" err &&
	expect_code 65 crm client import --from csv &&
	test_grep "error: line 1: no header row" err
'

# Usage and references.
test_code 0 'import -h' crm client import -h
test_ok '... prints the usage' '
	test_grep "usage: crm client import [--from (ndjson | csv)] [--update] [--dry-run] [<file> | -]" out
'
test_code 0 'export -h' crm client export -h
test_code 2 'an unknown --from' crm client import --from xml a.ndjson
test_code 2 'an export as a table is refused' crm --format table client export
test_ok '... with the reason' '
	test_grep "error: an export is written as ndjson, json or csv" err
'
test_code 2 '--fields with an NDJSON export' crm --fields name client export
test_code 2 'an unknown CSV field' crm --fields colour client export --format csv
test_code 66 'a missing file' crm client import no-such.ndjson
test_ok '... names it' '
	test_file_is err "error: cannot read '\''no-such.ndjson'\'': No such file or directory"
'
test_code 2 'two files' crm client import a.ndjson b.ndjson
test_code 0 'export of named clients, in the order given' crm client export Acme 1
test_ok '... two lines' '
	test "$(wc -l <out)" -eq 2 &&
	sed -n 1p out | grep -q "^{\"id\":2," &&
	sed -n 2p out | grep -q "^{\"id\":1,"
'
test_code 3 'export of an unknown client' crm client export nobody
test_ok '... writes nothing' 'test_empty out && test_grep "error: no client matches '\''nobody'\''" err'
test_ok 'an ambiguous client lists the candidates (exit 3)' '
	crm -q client add "Acme Labs" >/dev/null &&
	expect_code 3 crm client export acme &&
	test_grep "is ambiguous" err &&
	test_empty out
'
test_ok 'export of an empty base: nothing, [] and a bare header' '
	CRM_DB=$PWD/h.db crm -q init &&
	CRM_DB=$PWD/h.db crm client export >out &&
	test_empty out &&
	CRM_DB=$PWD/h.db crm client export --format json >out &&
	test_file_is out "[]" &&
	CRM_DB=$PWD/h.db crm --format csv client export >out &&
	test_file_is out "uuid,name,kind,segment,tier,status,stage,owner,contact_every,value,tags,note,contact_name,contact_role,contact_phone,contact_email,source"
'
test_ok 'an empty input is refused (most likely the wrong file): exit 65' '
	expect_code 65 env CRM_DB="$PWD/h.db" "$CRM" client import &&
	test_file_is err "error: no record in the input: it is empty or only white space (one JSON object per line expected)
nothing was imported" &&
	test_empty out
'
test_ok 'a given uuid is kept, a missing one is made' '
	printf "{\"uuid\":\"%s\",\"name\":\"With\"}\n{\"name\":\"Without\"}\n" "$U1" >x.ndjson &&
	CRM_DB=$PWD/h.db crm -q client import x.ndjson &&
	CRM_DB=$PWD/h.db crm --format tsv --fields uuid client show With >out &&
	test_file_is out "uuid
$U1" &&
	CRM_DB=$PWD/h.db crm --format tsv --fields uuid client show Without | tail -n 1 |
		grep -q "^[0-9a-f]\{8\}-[0-9a-f]\{4\}-4[0-9a-f]\{3\}-[89ab][0-9a-f]\{3\}-[0-9a-f]\{12\}$"
'
test_ok 'a contact uuid of another client is refused (exit 4)' '
	printf "{\"name\":\"X\",\"contacts\":[{\"uuid\":\"%s\",\"name\":\"c\"}]}\n" "$U2" >x.ndjson &&
	CRM_DB=$PWD/h.db crm -q client import x.ndjson &&
	printf "{\"uuid\":\"%s\",\"contacts\":[{\"uuid\":\"%s\",\"name\":\"c\"}]}\n" "$U1" "$U2" >y.ndjson &&
	expect_code 4 env CRM_DB="$PWD/h.db" "$CRM" client import --update "$PWD/y.ndjson" &&
	test_grep "error: line 1: field '\''contacts[0].uuid'\'': contact uuid '\''$U2'\'' already exists (contact 1 of client '\''X'\'')" err
'

test_ok 'the demo data loads: 6 managers, 25 clients' '
	CRM_DB=$PWD/demo.db crm -q init &&
	"$SRCDIR/demo/load.sh" "$CRM" "$PWD/demo.db" 2>err &&
	test_empty err &&
	test "$(CRM_DB=$PWD/demo.db crm --format tsv client list | wc -l)" -eq 26 &&
	test "$(CRM_DB=$PWD/demo.db crm --format tsv manager list | wc -l)" -eq 7 &&
	CRM_DB=$PWD/demo.db crm --format tsv --fields client incident list --open >out &&
	test_grep "ООО «Ромашка»" out
'

# ---- a file is held to the rules of the command line ----------------------

# Imports $2 (.ndjson or .csv) into a fresh base h2.db that holds one
# client; must exit 65 naming line $1 and the reason $3, writing nothing.
refused_like_cli() {
	rm -f h2.db h2.db-wal h2.db-shm &&
	CRM_DB=$PWD/h2.db crm -q init &&
	CRM_DB=$PWD/h2.db crm client add Keep >/dev/null &&
	before=$(CRM_DB=$PWD/h2.db crm --format json client list) &&
	expect_code 65 env CRM_DB="$PWD/h2.db" "$CRM" client import "$PWD/$2" &&
	test_empty out &&
	test_grep "error: line $1: $3" err &&
	test_grep "nothing was imported" err &&
	test "$(CRM_DB=$PWD/h2.db crm --format json client list)" = "$before"
}

test_ok 'the command line refuses what the import refuses alike' '
	rm -f h2.db h2.db-wal h2.db-shm && CRM_DB=$PWD/h2.db crm -q init &&
	CRM_DB=$PWD/h2.db crm client add Keep >/dev/null &&
	expect_code 2 env CRM_DB="$PWD/h2.db" "$CRM" client add --value -5 Neg &&
	expect_code 2 env CRM_DB="$PWD/h2.db" "$CRM" client add --contact-every 3651 Often &&
	expect_code 2 env CRM_DB="$PWD/h2.db" "$CRM" note --date tomorrow Keep "later" &&
	test_grep "is in the future" err
'

test_ok 'import: a negative value is refused, as by client add (NDJSON and CSV)' '
	printf "{\"name\":\"A\"}\n{\"name\":\"B\",\"value\":\"-5.00\"}\n" >v.ndjson &&
	refused_like_cli 2 v.ndjson "invalid value -5.00: the value of a client cannot be negative" &&
	printf "name,value\nA,1\nB,1\nC,-0.01\n" >v.csv &&
	refused_like_cli 4 v.csv "invalid value -0.01: the value of a client cannot be negative"
'

test_ok 'import: a contact frequency past 3650 days is refused, as by client add' '
	printf "{\"name\":\"A\",\"contact_every\":3651}\n" >e.ndjson &&
	refused_like_cli 1 e.ndjson "field '\''contact_every'\'': 3651 is out of range (0 to 3650)" &&
	printf "name,contact_every\nA,7\nB,36500\n" >e.csv &&
	refused_like_cli 3 e.csv "field '\''contact_every'\'': 36500 is out of range (0 to 3650)"
'

test_ok 'import: an interaction in the future is refused, as by crm note' '
	printf "{\"name\":\"A\",\"interactions\":[{\"at\":\"2026-11-21\",\"text\":\"ok\"},{\"at\":\"2026-11-22T10:00:01Z\",\"text\":\"later\"}]}\n" >f.ndjson &&
	refused_like_cli 1 f.ndjson "field '\''interactions[1]'\'': date 2026-11-22 10:00 is in the future"
'

test_ok 'import: an amount past the range is refused, as on the command line' '
	printf "{\"name\":\"A\",\"value\":\"-92233720368547758.08\"}\n" >m.ndjson &&
	refused_like_cli 1 m.ndjson "field '\''value'\'': invalid amount '\''-92233720368547758.08'\''" &&
	printf "name,value\nA,1000000000000\n" >m.csv &&
	refused_like_cli 2 m.csv "field '\''value'\'': invalid amount '\''1000000000000'\''"
'

py() { /usr/bin/python3 - "$@"; }

# A server sends an import's rows by COPY with ids it reserved ahead, and
# looks up only the uuids its base may hold: the same ids, texts and
# refusals as SQLite's, which the expectations spell out.
test_ok 'import ids: a file'\''s own kept, a taken one renewed, the next after the largest' '
	base_new ids &&
	CRM_DB=$(test_base ids) &&
	export CRM_DB &&
	crm -q init &&
	cat >ids.ndjson <<-\EOF &&
	{"name":"A"}
	{"id":10,"name":"B","interactions":[{"id":5,"kind":"call","at":"2026-01-01T10:00:00Z","text":"one"},{"kind":"call","at":"2026-01-02T10:00:00Z","text":"two"}]}
	{"name":"C","interactions":[{"id":5,"kind":"call","at":"2026-01-03T10:00:00Z","text":"three"}]}
	{"id":10,"name":"D"}
	{"id":2,"name":"E"}
	EOF
	crm -q client import ids.ndjson &&
	crm -q client add F &&
	crm --format tsv --fields id,name client list >out &&
	test_file_is out "id	name
1	A
10	B
11	C
12	D
2	E
13	F" &&
	crm client export >all.ndjson &&
	py all.ndjson <<-\EOF
	import json, sys
	got = {c["name"]: [(i["id"], i["text"]) for i in c["interactions"]]
	       for c in map(json.loads, open(sys.argv[1]))}
	assert got["B"] == [(6, "two"), (5, "one")], got
	assert got["C"] == [(7, "three")], got
	EOF
'

test_ok 'import texts: tab, new line, carriage return, backslash and \N come back as written' '
	base_new texts &&
	CRM_DB=$(test_base texts) &&
	export CRM_DB &&
	crm -q init &&
	cat >t.ndjson <<-\EOF &&
	{"name":"T\\tab","note":"a\tb\nc\rd \\ e \\N","interactions":[{"at":"2026-01-01","text":"\\.\n\\N"}]}
	EOF
	crm -q client import t.ndjson &&
	crm client export >out &&
	py t.ndjson out <<-\EOF
	import json, sys
	a = json.loads(open(sys.argv[1]).read())
	b = json.loads(open(sys.argv[2]).read())
	assert b["name"] == a["name"] == "T\\tab", b["name"]
	assert b["note"] == a["note"] == "a\tb\nc\rd \\ e \\N", b["note"]
	assert b["interactions"][0]["text"] == "\\.\n\\N", b["interactions"]
	EOF
'

test_ok 'import: a uuid twice in one file is refused, and merged with --update' '
	base_new twice &&
	CRM_DB=$(test_base twice) &&
	export CRM_DB &&
	crm -q init &&
	u=0b5a2c6e-1f3d-4e8a-9c7b-2d4e6f8a0b1c &&
	printf "{\"uuid\":\"%s\",\"name\":\"First\"}\n{\"uuid\":\"%s\",\"name\":\"Second\"}\n" \
		"$u" "$(echo $u | tr a-f A-F)" >twice.ndjson &&
	expect_code 4 crm client import twice.ndjson 2>err &&
	test_file_is err "error: line 2: client uuid '\''$u'\'' already exists (client 1 '\''First'\'')
hint: --update merges a record into the client of the same uuid
nothing was imported" &&
	crm -q client import --update twice.ndjson &&
	crm --format tsv --fields id,name client list >out &&
	test_file_is out "id	name
1	Second" &&
	c=7d1e9f20-3b4c-4d5e-8f60-718293a4b5c6 &&
	printf "{\"name\":\"P\",\"contacts\":[{\"uuid\":\"%s\",\"name\":\"K\"}]}\n{\"name\":\"Q\",\"contacts\":[{\"uuid\":\"%s\",\"name\":\"L\"}]}\n" \
		"$c" "$c" >ctwice.ndjson &&
	expect_code 4 crm client import ctwice.ndjson 2>err &&
	test_grep "line 2: field '\''contacts[0].uuid'\'': contact uuid '\''$c'\'' already exists (contact 1 of client '\''P'\'')" err
'

test_done
