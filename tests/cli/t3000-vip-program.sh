#!/bin/sh
# t3000-vip-program: crm vip program start|list|show|close, vip assign and
# vip list, and the --monopolized mark of crm client edit: the list a
# programme builds, the split among the staff with its reasons, every
# format and exit code.
. "$SRCDIR/tests/cli/lib.sh"

T=$(printf '\t')

test_ok 'a base with a head, three managers and clients' '
	crm -q init &&
	crm -q manager add Head --role head &&
	crm -q manager add Ann --interest fishing &&
	crm -q manager add Bob &&
	crm -q manager add Cid &&
	crm -q manager add Gone &&
	crm -q manager edit Gone --status left &&
	crm -q client add Acme --status active --owner Ann --contact-every 30 &&
	crm -q client add Beta --status regular --owner Ann --segment telecom &&
	crm -q client add Gamma --status active --owner Bob --interest fishing &&
	crm -q client add "Delta Person" --kind person --tier vip --status active --owner Bob &&
	crm -q client add "Plain Person" --kind person --status active &&
	crm -q client add Prospect &&
	crm -q client add Lost --status lost &&
	crm -q note Acme "called" --kind call &&
	crm -q contact add Acme "Ivan Key" --key &&
	crm -q contact verify "Ivan Key"
'

test_code 3 'no programme yet: list needs one' crm vip list
test_ok '... and says how to start one' 'test_grep "no VIP programme is active: start one with '\''crm vip program start'\''" err && test_empty out'
test_code 3 'report without a programme' crm vip report
test_code 3 'show without a programme' crm vip program show
test_code 3 'close without a programme' crm vip program close
test_code 3 'assign without a programme' crm vip assign

test_code 2 'start needs --lead' crm vip program start "VIP 2026"
test_ok '... and says so' 'test_grep "error: a programme needs a lead: --lead <manager>" err && test_grep "usage: crm vip program start" err'
test_code 2 'start needs a name' crm vip program start --lead Head
test_code 2 'an empty name' crm vip program start --lead Head ""
test_code 2 'a 201-character name' crm vip program start --lead Head "$(printf "%0201d" 0)"
test_code 2 'a name that is not UTF-8' crm vip program start --lead Head "$(printf "\377")"
test_code 2 'a bad --until' crm vip program start --lead Head --until 2026-13-01 VIP
test_code 2 'an --until before today' crm vip program start --lead Head --until 2026-11-21 VIP
test_ok '... says which day' 'test_grep "is before today (2026-11-22)" err'
test_code 2 'a bad --tier' crm vip program start --lead Head --tier gold VIP
test_code 3 'an unknown lead' crm vip program start --lead Zed VIP
test_code 3 'an unknown staff member' crm vip program start --lead Head --staff Ann,Zed VIP
test_code 2 'an empty staff name' crm vip program start --lead Head --staff Ann,,Bob VIP
test_code 4 'a staff member who left' crm vip program start --lead Head --staff Ann,Gone VIP
test_ok '... is refused, naming them' 'test_grep "manager '\''Gone'\'' is not active" err'
test_ok 'nothing was written by the refusals' '
	test "$("$SQLX" crm.db "SELECT count(*) FROM vip_program")" = 0
'

test_ok 'start builds the list and prints the id' '
	expect_code 0 crm vip program start --lead Head --staff Ann,Bob --staff Cid --until 2026-12-31 "VIP 2026" &&
	test_file_is out 1 &&
	test_grep "started VIP programme 1 '\''VIP 2026'\'' with 4 clients on its list" err &&
	test_grep "hint: split the list among the staff with '\''crm vip assign'\''" err
'
test_ok 'the list: companies active or regular, private vip or key' '
	expect_code 0 crm --format tsv --fields client,kind,tier,status,surveyor,due vip list &&
	test_file_is out "client${T}kind${T}tier${T}status${T}surveyor${T}due
Acme${T}company${T}regular${T}pending${T}${T}2026-12-31
Beta${T}company${T}regular${T}pending${T}${T}2026-12-31
Delta Person${T}person${T}vip${T}pending${T}${T}2026-12-31
Gamma${T}company${T}regular${T}pending${T}${T}2026-12-31"
'
test_code 4 'a second active programme is refused' crm vip program start --lead Head "VIP 2027"
test_ok '... naming the active one' 'test_grep "VIP programme 1 is still active: close it first" err'

test_ok 'program list: a table' '
	expect_code 0 crm vip program list &&
	test_file_is out "ID  NAME      STATUS  LEAD  STAFF        UNTIL       CLIENTS  ASSIGNED  DONE  LEFT  OVERDUE
 1  VIP 2026  active  Head  Ann,Bob,Cid  2026-12-31        4         0     0     4        0"
'
test_ok 'program list: json' '
	expect_code 0 crm --json vip program list &&
	test_file_is out "[
{\"id\":1,\"name\":\"VIP 2026\",\"status\":\"active\",\"lead_id\":1,\"lead\":\"Head\",\"staff\":[\"Ann\",\"Bob\",\"Cid\"],\"tier\":null,\"segment\":null,\"until\":\"2026-12-31\",\"clients\":4,\"assigned\":0,\"done\":0,\"left\":4,\"overdue\":0,\"author\":\"tester\",\"created\":\"2026-11-22T10:00:00Z\",\"closed\":null}
]"
'
test_ok 'program list: csv and tsv' '
	expect_code 0 crm --format csv --fields id,name,staff,clients vip program list &&
	test_file_is out "id,name,staff,clients
1,VIP 2026,Ann;Bob;Cid,4" &&
	expect_code 0 crm --format tsv --fields id,status vip program list &&
	test_file_is out "id${T}status
1${T}active"
'
test_ok 'program show: a table of the programme, then its clients' '
	expect_code 0 crm vip program show &&
	test_grep " 1  VIP 2026  active" out &&
	test_grep "Clients" out &&
	test_grep "Delta Person" out &&
	test_empty err
'
test_ok 'program show: json with the items, by name' '
	expect_code 0 crm --json vip program show "vip 20" &&
	test_grep "{\"id\":1,\"name\":\"VIP 2026\",\"status\":\"active\",\"lead_id\":1," out &&
	test_grep "\"items\":[{\"id\":1,\"program_id\":1,\"client_id\":1,\"client\":\"Acme\"" out
'
test_ok 'program show: ndjson one line, csv one row' '
	expect_code 0 crm --format ndjson vip program show 1 &&
	test "$(wc -l <out)" -eq 1 &&
	expect_code 0 crm --format csv --fields id,clients vip program show 1 &&
	test_file_is out "id,clients
1,4"
'
test_code 3 'program show of an unknown programme' crm vip program show nope
test_code 2 'program show with two programmes' crm vip program show 1 2
test_code 2 'program list takes no argument' crm vip program list x

test_ok 'the monopolised mark: a head sets it' '
	expect_code 0 crm --as Head client edit Gamma --monopolized &&
	test_empty err &&
	test "$("$SQLX" crm.db "SELECT monopolized FROM client WHERE name = '\''Gamma'\''")" = 1 &&
	"$SQLX" crm.db "SELECT action, data FROM journal WHERE action = '\''client.monopolized'\''" >got &&
	test_file_is got "client.monopolized|{\"name\":\"Gamma\",\"owner\":\"Bob\",\"old\":false,\"new\":true}"
'
test_code 4 'a manager who is no head may not' crm --as Bob client edit Gamma --no-monopolized
test_ok '... and is told who may' 'test_grep "error: only a head of sales may mark a client monopolised: '\''Bob'\'' is not a manager of role head" err'
test_code 4 'nor may someone who is no manager' crm client edit Gamma --no-monopolized
test_ok 'setting it again changes nothing' '
	expect_code 0 crm --as Head client edit Gamma --monopolized &&
	test_file_is err "nothing to change"
'
test_ok 'a refused mark rolls the whole edit back' '
	expect_code 4 crm --as Bob client edit Gamma --note "x" --no-monopolized &&
	test "$("$SQLX" crm.db "SELECT CAST(note IS NULL AS INTEGER) FROM client WHERE name = '\''Gamma'\''")" = 1
'
test_ok 'client edit -h names the option' '
	expect_code 0 crm client edit -h && test_grep "[--[no-]monopolized] <client>" out
'

test_ok 'assign shows the split with its reasons, and stores nothing' '
	expect_code 0 crm --format tsv --fields client,owner,surveyor,kept,reason vip assign &&
	test_file_is out "client${T}owner${T}surveyor${T}kept${T}reason
Acme${T}Ann${T}Ann${T}true${T}the owner keeps it: relations are good: last contact 0 days ago (every 30); a key contact verified on 2026-11-22
Beta${T}Ann${T}Bob${T}false${T}relations with the owner Ann are not good enough (never contacted; no key contact verified within a year); Bob, so that the lists stay balanced (0 on the list)
Delta Person${T}Bob${T}Cid${T}false${T}relations with the owner Bob are not good enough (never contacted; no key contact verified within a year); best fit Cid (load 0/50; 1 on the list)
Gamma${T}Bob${T}Ann${T}false${T}monopolised by the owner Bob: it goes to someone else; every share is full: best fit Ann (shared interests: fishing; load 2/50; 1 on the list)" &&
	test_grep "Ann: 2 clients (1 of their own, 0 done)" err &&
	test_grep "hint: nothing stored: '\''crm vip assign --apply'\'' stores these lists" err &&
	test "$("$SQLX" crm.db "SELECT count(*) FROM vip_item WHERE surveyor_id IS NOT NULL")" = 0
'
test_ok 'assign --apply stores the lists and journals them' '
	expect_code 0 crm --json vip assign --apply &&
	test_grep "\"client\":\"Gamma\",\"owner_id\":3,\"owner\":\"Bob\",\"surveyor_id\":2,\"surveyor\":\"Ann\",\"kept\":false,\"changed\":true" out &&
	test_grep "stored the lists of VIP programme 1: 4 assignments changed" err &&
	test "$("$SQLX" crm.db "SELECT count(*) FROM journal WHERE action = '\''vip.assign'\''")" = 1
'
test_ok 'assign again: nothing changes' '
	expect_code 0 crm --format csv --fields client,changed vip assign --apply &&
	test_file_is out "client,changed
Acme,false
Beta,false
Delta Person,false
Gamma,false" &&
	test_grep "0 assignments changed" err
'
test_ok 'assign: ndjson, one line per client' '
	expect_code 0 crm --format ndjson vip assign &&
	test "$(wc -l <out)" -eq 4
'
test_code 2 'assign takes no argument' crm vip assign Acme

test_ok 'list: the work list by surveyor' '
	expect_code 0 crm vip list &&
	test_file_is out "CLIENT_ID  CLIENT        TIER     OWNER  SURVEYOR  STATUS   DUE
        1  Acme          regular  Ann    Ann       pending  2026-12-31
        3  Gamma         regular  Bob    Ann       pending  2026-12-31
        2  Beta          regular  Ann    Bob       pending  2026-12-31
        4  Delta Person  vip      Bob    Cid       pending  2026-12-31"
'
test_ok 'list --mine' '
	expect_code 0 crm --as Bob --format csv --fields client,reason vip list --mine &&
	test_file_is out "client,reason
Beta,\"relations with the owner Ann are not good enough (never contacted; no key contact verified within a year); Bob, so that the lists stay balanced (0 on the list)\""
'
test_ok 'list --staff, --pending, --done' '
	expect_code 0 crm --format tsv --fields client vip list --staff Ann --pending &&
	test_file_is out "client
Acme
Gamma" &&
	expect_code 0 crm --format tsv --fields client vip list --done &&
	test_file_is out "client"
'
test_ok 'list: json fields' '
	expect_code 0 crm --json vip list --staff Cid &&
	test_file_is out "[
{\"id\":4,\"program_id\":1,\"client_id\":4,\"client\":\"Delta Person\",\"kind\":\"person\",\"tier\":\"vip\",\"segment\":null,\"owner_id\":3,\"owner\":\"Bob\",\"monopolized\":false,\"surveyor_id\":4,\"surveyor\":\"Cid\",\"status\":\"pending\",\"due\":\"2026-12-31\",\"closed\":null,\"survey_id\":null,\"reason\":\"relations with the owner Bob are not good enough (never contacted; no key contact verified within a year); best fit Cid (load 0/50; 1 on the list)\"}
]"
'
test_code 3 'list --mine when not a manager' crm vip list --mine
test_code 2 'list --mine and --staff' crm vip list --mine --staff Ann
test_code 2 'list --pending and --done' crm vip list --pending --done
test_code 3 'list --staff of an unknown manager' crm vip list --staff Zed
test_code 3 'list --program of an unknown programme' crm vip list --program 9

test_code 4 'close is refused while clients are to survey' crm vip program close
test_ok '... saying how many, and how to see them' '
	test_grep "error: VIP programme 1 still has 4 clients to survey: survey them, or close it anyway with --force" err &&
	test_grep "hint: '\''crm vip list --pending'\'' shows them" err &&
	test "$("$SQLX" crm.db "SELECT status FROM vip_program")" = active
'
test_ok 'close --force closes it with a warning' '
	expect_code 0 crm --json vip program close --force &&
	test_grep "\"status\":\"closed\"" out &&
	test_grep "\"closed\":\"2026-11-22T10:00:00Z\"" out &&
	test_grep "warning: 4 clients of VIP programme 1 left without a survey" err &&
	test_grep "closed VIP programme 1" err
'
test_code 3 'assign on a closed programme: none is active' crm vip assign
test_ok 'list --program shows a closed one' '
	expect_code 0 crm --format tsv --fields client vip list --program "VIP 2026" --staff Cid &&
	test_file_is out "client
Delta Person"
'
test_ok 'a new programme narrowed by --segment, all active managers as staff' '
	expect_code 0 crm --format json vip program start --lead Head --segment telecom "Telecom" &&
	test_grep "\"staff\":[\"Ann\",\"Bob\",\"Cid\",\"Head\"],\"tier\":null,\"segment\":\"telecom\",\"until\":null,\"clients\":1" out
'
test_ok 'a new programme narrowed by --tier' '
	crm -q vip program close --force &&
	expect_code 0 crm vip program start --lead Head --tier vip Vips &&
	test_file_is out 3 &&
	expect_code 0 crm --format tsv --fields client vip list &&
	test_file_is out "client
Delta Person"
'
test_ok 'program list: newest first' '
	expect_code 0 crm --format tsv --fields id,name,status vip program list &&
	test_file_is out "id${T}name${T}status
3${T}Vips${T}active
2${T}Telecom${T}closed
1${T}VIP 2026${T}closed"
'
test_code 3 'show of a name that matches no programme' crm vip program show Zzz
test_code 3 'show of an ambiguous name' crm vip program show vip
test_ok '... lists the candidates' 'test_grep "VIP programme '\''vip'\'' is ambiguous: 1 VIP 2026, 3 Vips" err'
test_ok 'every command of the group answers -h' '
	for c in "program start" "program list" "program show" "program close" assign list; do
		crm vip $c -h >h 2>&1 || return 1
		grep -q "usage: crm vip $c" h || return 1
	done
'
test_code 2 'vip alone lists its commands' crm vip
test_ok '... on stderr' 'test_grep "program" err && test_grep "survey" err && test_empty out'
test_code 2 'vip program alone lists its commands' crm vip program
test_code 2 'an unknown vip command' crm vip progam
test_ok '... suggests the nearest' 'test_grep "did you mean '\''program'\''" err'

# ---- clients in trouble go to an experienced member ----------------------

test_ok 'a client in storm goes to the experienced member, not the trainee' '
	base_new storm && CRM_DB=$(test_base storm) && export CRM_DB &&
	crm -q init &&
	crm -q manager add Head --role head >/dev/null &&
	crm -q manager add Zoe >/dev/null &&
	crm -q manager add --trainee --mentor Zoe Abe &&
	crm -q client add Storm --status active --stage storm &&
	crm -q client add Calm --status active --stage honeymoon &&
	crm -q client add Quarrel --status active &&
	crm -q incident add --kind conflict Quarrel "shouted at the courier" &&
	crm -q vip program start --lead Head --staff Zoe,Abe "VIP" &&
	expect_code 0 crm --format tsv --fields client,surveyor,reason vip assign &&
	test_file_is out "client${T}surveyor${T}reason
Calm${T}Abe${T}no owner; best fit Abe (load 0/50; 0 on the list)
Quarrel${T}Zoe${T}no owner; an open conflict: given to an experienced manager, not to balance the lists: best fit Zoe (load 0/50; 0 on the list)
Storm${T}Zoe${T}no owner; stage storm: given to an experienced manager, not to balance the lists: best fit Zoe (load 0/50; 1 on the list)" &&
	test_grep "Zoe: 2 clients" err && test_grep "Abe: 1 client" err
'

test_done
