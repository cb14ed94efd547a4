#!/bin/sh
# t1003-contact: crm contact add|list|verify|edit|remove in every format,
# the stale filter, references to contacts, and what bad input gets.
. "$SRCDIR/tests/cli/lib.sh"

crm init >/dev/null 2>&1

add_client() {
	crm client add "$1" >/dev/null
}
add_client 'ООО Ромашка'
add_client Acme
add_client 'Рога и копыта ООО'
add_client 'Рога и копыта ИП'

contacts() {
	"$SQLX" "$CRM_DB" "SELECT count(*) FROM contact"
}

# ---- add ------------------------------------------------------------------

test_ok 'add prints the new id alone' '
	expect_code 0 crm contact add --role директор --phone "+7 495 123-45-67" \
		--email ivan@romashka.ru --key "ооо ром" "Иван Петров" &&
	test_empty err &&
	test_file_is out 1
'

test_ok 'add with a client id and no options' '
	expect_code 0 crm contact add 2 "Иван Сидоров" &&
	test_empty err &&
	test_file_is out 2
'

test_ok 'add --format json prints the new record' '
	expect_code 0 crm --format json contact add --role buyer --email bob@acme.com acme Bob &&
	test_empty err &&
	sed "s/\"uuid\":\"[0-9a-f-]\{36\}\"/\"uuid\":\"U\"/" out >got &&
	test_file_is got "{\"id\":3,\"uuid\":\"U\",\"client_id\":2,\"client\":\"Acme\",\"name\":\"Bob\",\"role\":\"buyer\",\"phone\":null,\"email\":\"bob@acme.com\",\"address\":null,\"key\":false,\"verified\":null,\"created\":\"2026-11-22T10:00:00Z\",\"first_name\":null,\"patronymic\":null,\"last_name\":null,\"gender\":null,\"address_as\":null,\"position\":null,\"birthday\":null,\"interests\":[],\"note\":null,\"preferred\":null,\"messenger\":null,\"left\":null,\"successor_id\":null}"
'

test_ok 'the uuid is stored and is a version 4 uuid' '
	"$SQLX" "$CRM_DB" "SELECT uuid FROM contact WHERE id = 3" >uuid &&
	grep -q "^[0-9a-f]\{8\}-[0-9a-f]\{4\}-4[0-9a-f]\{3\}-[89ab][0-9a-f]\{3\}-[0-9a-f]\{12\}\$" uuid &&
	grep -q "$(cat uuid)" out
'

test_ok 'add is journaled with the record' '
	expect_code 0 crm --format tsv --fields action,entity,entity_id journal --entity contact &&
	test_file_is out "action	entity	entity_id
contact.add	contact	1
contact.add	contact	2
contact.add	contact	3" &&
	crm --format csv --fields data journal --id 1 --entity contact >data &&
	test_grep "\"\"name\"\":\"\"Иван Петров\"\"" data &&
	test_grep "\"\"key\"\":true" data
'

test_ok 'add puts name, role, email and phone into the search index' '
	"$SQLX" "$CRM_DB" "SELECT rowid, client_id FROM search WHERE $(sql_match директор)" >got &&
	test_file_is got "5|1" &&
	"$SQLX" "$CRM_DB" "SELECT rowid FROM search WHERE $(sql_match иван) ORDER BY rowid" >got &&
	test_file_is got "5
9"
'

test_code 2 'add: an empty name' crm contact add Acme ""
test_ok 'add: an empty name says so' 'test_grep "error: empty contact name" err && test_empty out'
test_code 2 'add: a name of 201 characters' \
	crm contact add Acme "$(printf "%201s" | tr " " x)"
test_ok 'add: too long says so' 'test_grep "too long: 201 characters, at most 200" err'
test_ok 'add: a name of 200 characters is fine' '
	expect_code 0 crm contact add Acme "$(printf "%200s" | tr " " y)" &&
	test_file_is out 4 &&
	expect_code 0 crm contact remove 4
'
test_code 2 'add: a name that is not UTF-8' crm contact add Acme "$(printf "Bad\377")"
test_ok 'add: invalid UTF-8 says so' 'test_grep "not valid UTF-8" err'
test_code 2 'add: an email without @' crm contact add --email bob.acme.com Acme Bob2
test_ok 'add: a bad email says so' '
	test_grep "error: email '\''bob.acme.com'\'' does not look like an email address" err
'
test_code 2 'add: a phone with letters' crm contact add --phone "call me" Acme Bob2
test_ok 'add: a bad phone says so' 'test_grep "phone '\''call me'\'' does not look like a phone number" err'
test_code 2 'add: a role of only spaces' crm contact add --role " " Acme Bob2
test_code 3 'add: an unknown client' crm contact add Nobody Bob2
test_ok 'add: an unknown client says so' '
	test_grep "error: no client matches '\''Nobody'\''" err && test_empty out
'
test_code 3 'add: a client id that does not exist' crm contact add 99 Bob2
test_code 3 'add: an ambiguous client' crm contact add рога Bob2
test_ok 'add: an ambiguous client lists the candidates' '
	test_grep "error: client '\''рога'\'' is ambiguous: " err &&
	test_grep "3 Рога и копыта ООО" err && test_grep "4 Рога и копыта ИП" err
'
test_code 2 'add: one argument only' crm contact add Acme
test_ok 'add: missing arguments print the usage' '
	test_grep "usage: crm contact add [--role <role>] [--phone <phone>] [--email <email>] [--address <address>] [--first <name>] [--patronymic <name>] [--last <name>] [--gender (f | m)] [--address-as <form>] [--position <title>] [--birthday <date>] [--interest <interest>]... [--note <text>] [--preferred (email | phone | messenger)] [--messenger <account>] [--force] [--key] <client> <name>" err
'
test_code 2 'add: an unknown option' crm contact add --boss Acme Bob2
test_ok 'nothing was written by the refused adds' '
	test "$(contacts)" -eq 3 &&
	test "$("$SQLX" "$CRM_DB" "SELECT count(*) FROM journal WHERE action = '\''contact.add'\''")" -eq 4
'
test_ok 'add -h prints the usage on stdout' '
	expect_code 0 crm contact add -h &&
	test_grep "usage: crm contact add" out && test_empty err
'

# ---- list -----------------------------------------------------------------

test_ok 'list as a table: by client, key people first, no uuid' '
	expect_code 0 crm contact list &&
	test_empty err &&
	test_file_is out "ID  CLIENT_ID  CLIENT       NAME          ROLE      PHONE             EMAIL             KEY  VERIFIED  CREATED           LEFT_ON
 3          2  Acme         Bob           buyer     -                 bob@acme.com      no   -         2026-11-22 10:00  -
 2          2  Acme         Иван Сидоров  -         -                 -                 no   -         2026-11-22 10:00  -
 1          1  ООО Ромашка  Иван Петров   директор  +7 495 123-45-67  ivan@romashka.ru  yes  -         2026-11-22 10:00  -"
'

test_ok 'list of one client' '
	expect_code 0 crm --format tsv --fields id,name contact list "ооо ромашка" &&
	test_file_is out "id	name
1	Иван Петров"
'

test_ok 'list --key' '
	expect_code 0 crm --format csv --fields id,key contact list --key &&
	test_file_is out "id,key
1,true"
'

test_ok 'list as json' '
	expect_code 0 crm --format json contact list Acme &&
	test_empty err &&
	sed "s/\"uuid\":\"[0-9a-f-]\{36\}\"/\"uuid\":\"U\"/" out >got &&
	cat >want <<-\EOF &&
	[
	{"id":3,"uuid":"U","client_id":2,"client":"Acme","name":"Bob","role":"buyer","phone":null,"email":"bob@acme.com","address":null,"key":false,"verified":null,"created":"2026-11-22T10:00:00Z","first_name":null,"patronymic":null,"last_name":null,"gender":null,"address_as":null,"position":null,"birthday":null,"interests":[],"note":null,"preferred":null,"messenger":null,"left":null,"successor_id":null},
	{"id":2,"uuid":"U","client_id":2,"client":"Acme","name":"Иван Сидоров","role":null,"phone":null,"email":null,"address":null,"key":false,"verified":null,"created":"2026-11-22T10:00:00Z","first_name":null,"patronymic":null,"last_name":null,"gender":null,"address_as":null,"position":null,"birthday":null,"interests":[],"note":null,"preferred":null,"messenger":null,"left":null,"successor_id":null}
	]
	EOF
	cmp want got
'

test_ok 'list as ndjson: one object per line' '
	expect_code 0 crm --format ndjson contact list &&
	test "$(wc -l <out)" -eq 3 &&
	head -n 1 out | grep -q "^{\"id\":3,\"uuid\":\"[0-9a-f-]*\",\"client_id\":2,"
'

test_ok 'list as csv carries the uuid' '
	expect_code 0 crm --format csv contact list "ООО Р" &&
	uuid=$("$SQLX" "$CRM_DB" "SELECT uuid FROM contact WHERE id = 1") &&
	test_file_is out "id,uuid,client_id,client,name,role,phone,email,address,key,verified,created,first_name,patronymic,last_name,gender,address_as,position,birthday,interests,note,preferred,messenger,left,successor_id
1,$uuid,1,ООО Ромашка,Иван Петров,директор,'\''+7 495 123-45-67,ivan@romashka.ru,,true,,2026-11-22T10:00:00Z,,,,,,,,\"\",,,,,"
'

test_ok 'list as tsv' '
	expect_code 0 crm --format tsv --fields id,client,name,email contact list &&
	printf "%s\n" "id	client	name	email" "3	Acme	Bob	bob@acme.com" \
		"2	Acme	Иван Сидоров	" "1	ООО Ромашка	Иван Петров	ivan@romashka.ru" >want &&
	cmp want out
'

test_ok 'a table shows the uuid when --fields asks for it' '
	expect_code 0 crm --fields id,uuid contact list "ООО Р" &&
	test_grep "$("$SQLX" "$CRM_DB" "SELECT uuid FROM contact WHERE id = 1")" out
'

test_code 3 'list: an unknown client' crm contact list Nobody
test_code 2 'list --stale 0' crm contact list --stale 0
test_ok 'list --stale 0 says why' 'test_grep "invalid value '\''0'\'' for --stale" err'
test_code 2 'list --stale x' crm contact list --stale x
test_code 2 'list: an unknown field' crm --fields id,phone2 contact list
test_code 2 'list: two clients' crm contact list Acme "ООО Ромашка"

# ---- verify ---------------------------------------------------------------

test_ok 'verify: default today; prints nothing' '
	expect_code 0 crm contact verify "Иван Петров" &&
	test_empty out && test_empty err &&
	test "$("$SQLX" "$CRM_DB" "SELECT $(sql_date verified) FROM contact WHERE id = 1")" = 2026-11-22
'

test_ok 'verify --date: a past date' '
	expect_code 0 crm contact verify --date 2026-10-23 bob &&
	test_empty err &&
	expect_code 0 crm --format tsv --fields id,verified contact list Acme &&
	test_file_is out "id	verified
3	2026-10-23
2	"
'

test_ok 'verify is journaled with the old and the new date' '
	expect_code 0 crm --format tsv --fields action,data journal --entity contact --id 3 &&
	test_grep "contact.verify	{\"id\":3,\"client_id\":2,\"name\":\"Bob\",\"verified\":\"2026-10-23\",\"old\":null}" out
'

test_ok 'list --stale 30: never verified or before the day 30 days ago' '
	crm contact verify --date 2026-10-22 1 &&
	expect_code 0 crm --format csv --fields id,name,verified contact list --stale 30 &&
	test_file_is out "id,name,verified
2,Иван Сидоров,
1,Иван Петров,2026-10-22" &&
	expect_code 0 crm --format csv --fields id contact list --stale 29 &&
	test_file_is out "id
3
2
1" &&
	expect_code 0 crm --format csv --fields id contact list --stale 31 &&
	test_file_is out "id
2" &&
	expect_code 0 crm --format csv --fields id contact list --stale 30 --key &&
	test_file_is out "id
1"
'

test_code 2 'verify --date tomorrow is refused' crm contact verify --date tomorrow bob
test_ok 'verify in the future says so and writes nothing' '
	test_grep "error: verification date 2026-11-23 is in the future: today is 2026-11-22" err &&
	test "$("$SQLX" "$CRM_DB" "SELECT $(sql_date verified) FROM contact WHERE id = 3")" = 2026-10-23
'
test_code 2 'verify --date soon is a usage error' crm contact verify --date soon bob
test_ok 'a bad date names the option and the forms' '
	test_grep "invalid date '\''soon'\'' for --date" err && test_grep "usage: crm contact verify" err
'
test_code 3 'verify: an unknown contact' crm contact verify Nobody
test_ok 'verify: an unknown contact says so' 'test_grep "error: no contact matches '\''Nobody'\''" err'
test_code 3 'verify: a contact id that does not exist' crm contact verify 99
test_code 3 'verify: an ambiguous name' crm contact verify иван
test_ok 'an ambiguous contact lists the candidates with their clients' '
	test_grep "error: contact '\''иван'\'' is ambiguous: 1 Иван Петров (ООО Ромашка), 2 Иван Сидоров (Acme)" err
'
test_ok 'verify by uuid' '
	uuid=$("$SQLX" "$CRM_DB" "SELECT uuid FROM contact WHERE id = 2") &&
	expect_code 0 crm contact verify --date 2026-11-20 "$uuid" &&
	test "$("$SQLX" "$CRM_DB" "SELECT $(sql_date verified) FROM contact WHERE id = 2")" = 2026-11-20
'

# ---- edit -----------------------------------------------------------------

test_ok 'edit: name, clear role, no longer key' '
	expect_code 0 crm contact edit --name "Иван Петрович Петров" --role "" --no-key "иван п" &&
	test_empty out && test_empty err &&
	expect_code 0 crm --format csv --fields name,role,phone,key contact list 1 &&
	test_file_is out "name,role,phone,key
Иван Петрович Петров,,'\''+7 495 123-45-67,false"
'

test_ok 'edit is journaled with the changed fields' '
	expect_code 0 crm --format tsv --fields data journal --entity contact --id 1 &&
	tail -n 1 out >got &&
	test_file_is got "{\"id\":1,\"client_id\":1,\"name\":\"Иван Петрович Петров\",\"changes\":{\"name\":{\"old\":\"Иван Петров\",\"new\":\"Иван Петрович Петров\"},\"role\":{\"old\":\"директор\",\"new\":null},\"key\":{\"old\":true,\"new\":false}}}"
'

test_ok 'edit re-indexes the contact for search' '
	"$SQLX" "$CRM_DB" "SELECT rowid FROM search WHERE $(sql_match петрович)" >got &&
	test_file_is got 5 &&
	"$SQLX" "$CRM_DB" "SELECT count(*) FROM search WHERE $(sql_match директор)" >got &&
	test_file_is got 0
'

test_ok 'edit --key, --phone and --email' '
	expect_code 0 crm contact edit --key --phone "8 (800) 555-35-35" --email "" bob &&
	expect_code 0 crm --format csv --fields phone,email,key contact list --key Acme &&
	test_file_is out "phone,email,key
8 (800) 555-35-35,,true"
'

test_code 2 'edit with nothing to change' crm contact edit bob
test_ok 'edit with nothing to change says so' 'test_grep "nothing to change" err'
test_code 2 'edit: a bad email' crm contact edit --name Robert --email bob@ bob
test_ok 'a refused edit changes nothing' '
	test "$("$SQLX" "$CRM_DB" "SELECT name FROM contact WHERE id = 3")" = Bob
'
test_code 2 'edit: an empty name' crm contact edit --name "" bob
test_code 3 'edit: an unknown contact' crm contact edit --name X Nobody

# ---- the postal address ------------------------------------------------------

test_ok 'edit --address: stored, shown as json, journaled, searchable' '
	expect_code 0 crm contact edit --address "Москва, ул. Ленина, д. 1" bob &&
	test_empty out && test_empty err &&
	expect_code 0 crm --json contact list --key Acme &&
	test_grep "\"email\":null,\"address\":\"Москва, ул. Ленина, д. 1\",\"key\":true" out &&
	expect_code 0 crm --format tsv --fields data journal --entity contact --id 3 &&
	tail -n 1 out >got &&
	test_file_is got "{\"id\":3,\"client_id\":2,\"name\":\"Bob\",\"changes\":{\"address\":{\"old\":null,\"new\":\"Москва, ул. Ленина, д. 1\"}}}" &&
	"$SQLX" "$CRM_DB" "SELECT rowid FROM search WHERE $(sql_match ленина)" >got &&
	test_file_is got 13
'

test_ok 'the default table leaves the address out; --fields shows it' '
	expect_code 0 crm contact list Acme &&
	! grep -q "ADDRESS" out && ! grep -q "Ленина" out &&
	expect_code 0 crm --format csv --fields name,address contact list --key Acme &&
	test_file_is out "name,address
Bob,\"Москва, ул. Ленина, д. 1\""
'

test_code 2 'edit: an address with a line break' crm contact edit --address "$(printf "a\nb")" bob
test_ok '... names the address' 'test_grep "address" err'
test_code 2 'add: an address with a tab' crm contact add --address "$(printf "a\tb")" Acme Carl
test_code 2 'add: an address of 201 characters' \
	crm contact add --address "$(printf "%0201d" 0)" Acme Carl
test_ok '... says it is too long' 'test_grep "address is too long: 201 characters, at most 200" err'
test_ok 'the refused addresses changed nothing' '
	test "$("$SQLX" "$CRM_DB" "SELECT address FROM contact WHERE id = 3")" = "Москва, ул. Ленина, д. 1" &&
	test "$("$SQLX" "$CRM_DB" "SELECT count(*) FROM contact WHERE name = '\''Carl'\''")" = 0
'

test_ok 'edit --address "" clears it' '
	expect_code 0 crm contact edit --address "" bob &&
	test -z "$("$SQLX" "$CRM_DB" "SELECT address FROM contact WHERE id = 3")" &&
	test "$("$SQLX" "$CRM_DB" "SELECT CAST(address IS NULL AS INTEGER) FROM contact WHERE id = 3")" = 1 &&
	"$SQLX" "$CRM_DB" "SELECT count(*) FROM search WHERE $(sql_match ленина)" >got &&
	test_file_is got 0
'

# ---- remove ---------------------------------------------------------------

test_ok 'remove without a terminal does not ask' '
	expect_code 0 crm contact remove bob &&
	test_empty out &&
	test_file_is err "removed contact 3" &&
	test "$(contacts)" -eq 2
'

test_ok 'remove -q is silent' '
	id=$(crm contact add Acme Temp) &&
	expect_code 0 crm -q contact remove --yes Temp &&
	test_empty out && test_empty err
'

test_ok 'remove is journaled with the removed record' '
	expect_code 0 crm --format tsv --fields action,data journal --entity contact --id 3 &&
	grep "^contact.remove" out | head -n 1 >got &&
	sed "s/\"uuid\":\"[0-9a-f-]\{36\}\"/\"uuid\":\"U\"/" got >got2 &&
	test_file_is got2 "contact.remove	{\"id\":3,\"uuid\":\"U\",\"client_id\":2,\"name\":\"Bob\",\"role\":\"buyer\",\"phone\":\"8 (800) 555-35-35\",\"email\":null,\"address\":null,\"key\":true,\"verified\":\"2026-10-23\"}"
'

test_ok 'remove takes the contact out of the search index' '
	"$SQLX" "$CRM_DB" "SELECT count(*) FROM search WHERE rowid = 13" >got &&
	test_file_is got 0 &&
	"$SQLX" "$CRM_DB" "SELECT count(*) FROM search WHERE $(sql_match buyer)" >got &&
	test_file_is got 0
'

# On a terminal remove asks; script(1) gives it one.
if script -qec true /dev/null >/dev/null 2>&1; then
	test_ok 'remove on a terminal asks, and no keeps the contact' '
		crm contact add Acme Zed >zed &&
		{ printf "n\n" | script -qec "\"$CRM\" contact remove Zed" /dev/null >tty; test $? -eq 1; } &&
		test_grep "remove contact $(cat zed) '\''Zed'\'' of '\''Acme'\''? [y/N]" tty &&
		test_grep "error: contact $(cat zed) not removed" tty &&
		test "$("$SQLX" "$CRM_DB" "SELECT count(*) FROM contact WHERE name = '\''Zed'\''")" -eq 1
	'
	test_ok 'remove on a terminal: yes removes it' '
		printf "y\n" | script -qec "\"$CRM\" contact remove Zed" /dev/null >tty &&
		test_grep "removed contact $(cat zed)" tty &&
		test "$("$SQLX" "$CRM_DB" "SELECT count(*) FROM contact WHERE name = '\''Zed'\''")" -eq 0
	'
	test_ok 'remove --yes on a terminal does not ask' '
		crm contact add Acme Zed >/dev/null &&
		script -qec "\"$CRM\" contact remove --yes Zed" /dev/null </dev/null >tty &&
		! grep -q "y/N" tty &&
		test "$("$SQLX" "$CRM_DB" "SELECT count(*) FROM contact WHERE name = '\''Zed'\''")" -eq 0
	'
else
	test_skip 'remove on a terminal asks' 'no script(1)'
fi

test_code 3 'remove: an unknown contact' crm contact remove bob
test_code 2 'remove: no contact' crm contact remove
test_ok 'remove -h' 'expect_code 0 crm contact remove -h && test_grep "usage: crm contact remove [--yes] <contact>" out'

test_ok 'every group command answers -h' '
	for c in add list verify edit remove; do
		crm contact $c -h >h 2>&1 || return 1
		grep -q "usage: crm contact $c" h || return 1
	done
'

test_done
