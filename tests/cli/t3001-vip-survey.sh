#!/bin/sh
# t3001-vip-survey: crm vip template show|set and crm vip survey: the
# questionnaire in both languages, its versions and its checks; a survey
# from a JSON file and from stdin with everything it does; bad answers
# (exit 65, nothing stored); and the interview on a terminal, left
# half-way and resumed, driven through a pseudo-terminal with script(1).
. "$SRCDIR/tests/cli/lib.sh"

T=$(printf '\t')

test_ok 'a base with a programme' '
	crm -q init &&
	crm -q manager add Head --role head &&
	crm -q manager add Ann &&
	crm -q manager add Bob &&
	crm -q client add Acme --status active --owner Bob --tag speed=100 &&
	crm -q client add Beta --status active --owner Bob &&
	crm -q contact add Acme "Ivan Petrov" --role CEO &&
	crm -q vip program start --lead Head --staff Ann,Bob --until 2026-12-31 "VIP 2026" &&
	crm -q vip assign --apply >/dev/null
'

# ---- the template ----

test_ok 'template show: the built-in questionnaire, in Russian' '
	expect_code 0 crm vip template show &&
	test_empty err &&
	head -n 4 out >head &&
	test_file_is head "{
	\"version\":	1,
	\"title\":	\"VIP-анкета\",
	\"language\":	\"ru\"," &&
	test_grep "\"Вопросы по Карнеги\"" out &&
	test_grep "\"id\":	\"quality.outage\"" out &&
	test_grep "\"at_least\":	{" out
'
test_ok 'template show: in English with vip.language' '
	crm config set vip.language en &&
	expect_code 0 crm vip template show &&
	test_grep "\"title\":	\"VIP questionnaire\"" out &&
	test_grep "\"Carnegie questions\"" out &&
	crm config unset vip.language
'
test_code 2 'vip.language takes ru or en only' crm config set vip.language de
test_code 3 'template show of a version that does not exist' crm vip template show --version 5
test_ok '... says so' 'test_grep "no questionnaire template version 5" err'
test_code 2 'template show --version must be a number' crm vip template show --version x

test_code 66 'template set of a missing file' crm vip template set nope.json
test_ok '... names it' 'test_grep "cannot read '\''nope.json'\'' for <file>" err'
test_ok 'template set of bad JSON: 65, nothing stored' '
	printf "{\"sections\": [" >bad.json &&
	expect_code 65 crm vip template set bad.json &&
	test_grep "error: template: invalid JSON at byte" err &&
	test_empty out &&
	test "$("$SQLX" crm.db "SELECT count(*) FROM vip_template")" = 0
'
test_ok 'template set: an unknown type is named with its place' '
	echo "{\"sections\": [{\"id\": \"s\", \"title\": \"S\", \"questions\": [{\"id\": \"a\", \"type\": \"essay\", \"text\": \"A?\"}]}]}" >bad.json &&
	expect_code 65 crm vip template set bad.json &&
	test_grep "error: template: sections[0].questions[0]: unknown type '\''essay'\'' (text, number, yesno, choice, contacts, referrals)" err &&
	test_grep "hint: " err
'
test_ok 'template set: a pass rule on a text question' '
	echo "{\"sections\": [{\"id\": \"s\", \"title\": \"S\", \"questions\": [{\"id\": \"a\", \"type\": \"text\", \"text\": \"A?\", \"pass\": {\"expect\": true}}]}]}" | \
		crm vip template set - >out 2>err; test $? -eq 65 &&
	test_grep "only number, yesno and choice questions have a pass rule" err
'
test_ok 'template set: text that is not UTF-8' '
	printf "{\"sections\": [{\"id\": \"s\", \"title\": \"\377\"}]}" >bad.json &&
	expect_code 65 crm vip template set bad.json &&
	test_grep "not valid UTF-8" err
'
test_code 2 'template set needs a file' crm vip template set
test_ok 'template set stores version 2; show prints it; 1 stays built in' '
	crm vip template show >t1.json &&
	sed "s/\"VIP-анкета\"/\"VIP-анкета 2\"/" t1.json >t2.json &&
	expect_code 0 crm vip template set t2.json &&
	test_file_is out 2 &&
	test_file_is err "stored questionnaire version 2: new surveys use it" &&
	crm vip template show >got &&
	test_grep "\"version\":	2," got &&
	test_grep "VIP-анкета 2" got &&
	crm vip template show --version 1 >got &&
	test_grep "\"version\":	1," got &&
	test "$("$SQLX" crm.db "SELECT count(*) FROM journal WHERE action = '\''vip.template.set'\''")" = 1
'

# ---- a survey from a file ----

cat >answers.json <<'EOF'
{"cooperation.rating": "хорошо", "quality.speed": 40, "quality.outage": true,
 "contacts.key": [{"name": "Ivan Petrov", "phone": "+7 495 111-22-33"},
                  {"name": "Olga Smirnova", "role": "CTO", "email": "olga@acme.example"}],
 "expand.volume": "two more offices", "offers.interest": "",
 "referrals.list": [{"name": "Omega", "contact": "Pavel", "phone": "+7 999 123-45-67",
                     "note": "wants fibre"}]}
EOF

test_ok 'a client off the list' 'crm -q client add Solo'
test_code 4 'survey by someone who is no manager, of a client nobody surveys' \
	crm vip survey --answers answers.json Solo
test_ok '... is refused before anything' '
	test_grep "error: nobody to record as the surveyor of '\''Solo'\'': '\''tester'\'' is not a manager" err &&
	test_grep "hint: act as the manager who met the client" err
'
test_ok 'survey --answers FILE: prints what it did' '
	expect_code 0 crm --as Ann --format tsv vip survey --answers answers.json Acme &&
	test_file_is out "effect${T}ref_id${T}text
survey${T}1${T}stored the VIP survey of '\''Acme'\'' by Ann (questionnaire version 2)
contact.update${T}1${T}updated key contact '\''Ivan Petrov'\''
contact.add${T}2${T}added key contact '\''Olga Smirnova'\''
incident${T}1${T}bad quality found by the VIP survey of 2026-11-22: quality.speed: 40 Мбит/с (at least 100 expected); quality.outage: yes (no expected)
remedy${T}1${T}next action '\''technical work'\'' for the owner, due 2026-11-29
opportunity${T}2${T}next action for Ann: VIP opportunity (рост объёма): two more offices
referral${T}4${T}new prospect client '\''Omega'\'' referred by '\''Acme'\''
first-contact${T}3${T}next action '\''first contact'\'' with '\''Omega'\'' for Ann
interaction${T}1${T}logged a survey interaction
item${T}1${T}marked '\''Acme'\'' done in VIP programme 1" &&
	test_file_is err "surveyed '\''Acme'\'': survey 1, quality fail"
'
test_ok 'the key contacts are verified key contacts now' '
	expect_code 0 crm --format tsv --fields name,phone,key,verified contact list Acme &&
	test_file_is out "name${T}phone${T}key${T}verified
Ivan Petrov${T}+7 495 111-22-33${T}true${T}2026-11-22
Olga Smirnova${T}${T}true${T}2026-11-22"
'
test_ok 'the quality incident and the technical work for the owner' '
	expect_code 0 crm --format tsv --fields kind,status incident list Acme &&
	test_file_is out "kind${T}status
quality${T}open" &&
	expect_code 0 crm --format tsv --fields client,text,due,assignee next list &&
	test_file_is out "client${T}text${T}due${T}assignee
Acme${T}technical work: restore the quality of service (quality.speed: 40 Мбит/с (at least 100 expected); quality.outage: yes (no expected))${T}2026-11-29${T}Bob
Acme${T}VIP opportunity (рост объёма): two more offices${T}2026-12-06${T}Ann
Omega${T}first contact: referred by '\''Acme'\''${T}2026-12-06${T}Ann"
'
test_ok 'the referral is a prospect of Ann, referred by Acme' '
	expect_code 0 crm --format tsv --fields name,status,owner client show Omega &&
	test_file_is out "name${T}status${T}owner
Omega${T}prospect${T}Ann" &&
	test "$("$SQLX" crm.db "SELECT referred_by FROM client WHERE name = '\''Omega'\''")" = 1 &&
	expect_code 0 crm --format tsv --fields name,phone,key contact list Omega &&
	test_file_is out "name${T}phone${T}key
Pavel${T}+7 999 123-45-67${T}true"
'
test_ok 'the timeline shows the survey; the item is done' '
	expect_code 0 crm --format tsv --fields kind,event,author log Acme &&
	test_grep "interaction${T}survey${T}Ann" out &&
	expect_code 0 crm --format tsv --fields client,status,survey_id vip list --done &&
	test_file_is out "client${T}status${T}survey_id
Acme${T}done${T}1"
'
test_ok 'the journal has the survey with its answers and version' '
	"$SQLX" crm.db "SELECT actor, json_extract(data, '\''$.template_version'\''), json_extract(data, '\''$.answers.\"expand.volume\"'\'') FROM journal WHERE action = '\''vip.survey'\''" >got &&
	test_file_is got "Ann|2|two more offices"
'
test_ok 'crm check finds the base sound after a survey' '
	expect_code 0 crm check --full
'

# ---- bad answers: 65, nothing stored ----

count_all() {
	"$SQLX" crm.db "SELECT (SELECT count(*) FROM vip_survey) || ' ' || (SELECT count(*) FROM client) || ' ' || (SELECT count(*) FROM next_action) || ' ' || (SELECT count(*) FROM interaction) || ' ' || (SELECT count(*) FROM journal)"
}

test_ok 'an unknown question id: 65, nothing stored' '
	count_all >before &&
	echo "{\"cooperation.rating\": \"хорошо\", \"quality.outage\": false, \"nope\": 1}" >bad.json &&
	expect_code 65 crm --as Bob vip survey --answers bad.json Beta &&
	test_grep "error: answer '\''nope'\'': no such question in the template (version 2)" err &&
	test_grep "hint: nothing was stored" err &&
	test_empty out &&
	count_all >after && cmp before after
'
test_ok 'a wrong type: 65' '
	echo "{\"cooperation.rating\": \"хорошо\", \"quality.outage\": \"no\"}" >bad.json &&
	expect_code 65 crm --as Bob vip survey --answers bad.json Beta &&
	test_grep "error: answer '\''quality.outage'\'': expected true or false, got a text" err
'
test_ok 'a missing required answer: 65' '
	echo "{\"quality.outage\": false}" >bad.json &&
	expect_code 65 crm --as Bob vip survey --answers bad.json Beta &&
	test_grep "error: answer '\''cooperation.rating'\'': a required answer is missing" err
'
test_ok 'a choice that is not one: 65' '
	echo "{\"cooperation.rating\": \"so-so\", \"quality.outage\": false}" >bad.json &&
	expect_code 65 crm --as Bob vip survey --answers bad.json Beta &&
	test_grep "'\''so-so'\'' is not one of the choices [\"отлично\",\"хорошо\",\"удовлетворительно\",\"плохо\"]" err
'
test_ok 'a bad contact phone: 65' '
	echo "{\"cooperation.rating\": \"хорошо\", \"quality.outage\": false, \"contacts.key\": [{\"name\": \"X\", \"phone\": \"abc\"}]}" >bad.json &&
	expect_code 65 crm --as Bob vip survey --answers bad.json Beta &&
	test_grep "answer '\''contacts.key'\''[0]: phone '\''abc'\'' does not look like a phone number" err
'
test_ok 'invalid JSON and invalid UTF-8: 65' '
	printf "{\"cooperation.rating\": " >bad.json &&
	expect_code 65 crm --as Bob vip survey --answers bad.json Beta &&
	test_grep "answers: invalid JSON at byte" err &&
	printf "{\"company.attendees\": \"\377\"}" >bad.json &&
	expect_code 65 crm --as Bob vip survey --answers bad.json Beta &&
	test_grep "answers: not valid UTF-8 text" err &&
	count_all >after && cmp before after
'
test_code 3 'survey of an unknown client' crm --as Bob vip survey --answers answers.json Zed
test_code 2 'survey without --answers and no terminal' crm --as Bob vip survey Beta
test_ok '... says how to give the answers' 'test_grep "no terminal to hold the interview on: give the answers with --answers <file> (or - for stdin)" err'
test_code 2 '--resume goes with an interview only' crm --as Bob vip survey --resume --answers answers.json Beta
test_code 2 'a bad --date' crm --as Bob vip survey --date 2026-02-30 --answers answers.json Beta
test_code 2 'a --date after today' crm --as Bob vip survey --date tomorrow --answers answers.json Beta
test_ok '... says so' 'test_grep "after today" err'

test_ok 'survey --answers - with --date: a meeting held earlier, quality good' '
	echo "{\"cooperation.rating\": \"отлично\", \"quality.outage\": false, \"contacts.key\": [{\"name\": \"Ivan Petrov\"}]}" |
		crm --as Bob --json vip survey --date 2026-11-20 --answers - Acme >out 2>err &&
	test_grep "{\"effect\":\"contact.verify\",\"ref_id\":1,\"text\":\"confirmed key contact '\''Ivan Petrov'\''\"}" out &&
	test_grep "{\"effect\":\"quality\",\"ref_id\":null,\"text\":\"quality is good: 1 rule passed\"}" out &&
	test_grep "surveyed '\''Acme'\'': survey 2, quality pass" err &&
	test "$("$SQLX" crm.db "SELECT $(sql_date at) FROM vip_survey WHERE id = 2")" = 2026-11-20 &&
	test "$("$SQLX" crm.db "SELECT $(sql_date verified) FROM contact WHERE id = 1")" = 2026-11-20
'
test_ok 'the survey of a client off the list, by the actor' '
	echo "{\"cooperation.rating\": \"хорошо\", \"quality.outage\": false}" |
		crm --as Ann --format csv vip survey --answers - Omega >out 2>err &&
	! grep -q "^item," out &&
	test "$("$SQLX" crm.db "SELECT CAST(program_id IS NULL AS INTEGER), surveyor FROM vip_survey WHERE client_id = 4")" = "1|Ann"
'

# ---- the interview on a terminal ----

if script -qec true /dev/null >/dev/null 2>&1; then
	tty_survey() { # runs the survey of $1 on a terminal with the lines of stdin
		script -qec "\"$CRM\" --as Bob vip survey $*" /dev/null >tty 2>&1
	}
	test_ok 'an interview left half-way keeps a draft' '
		printf "Olga and Ivan\n\n-\n\n\n\n\n2\n" | tty_survey Beta &&
		tr -d "\r" <tty >t &&
		test_grep "VIP survey of '\''Beta'\'', 2026-11-22 (questionnaire version 2)" t &&
		test_grep "== Ключевые лица ==" t &&
		test_grep "no key contacts yet" t &&
		test_grep "7/15 Как вы оцениваете сотрудничество с нами? (required)" t &&
		test_grep "the survey of '\''Beta'\'' is saved half-way: go on with '\''crm vip survey --resume Beta'\''" t &&
		test "$("$SQLX" crm.db "SELECT position, json_extract(answers, '\''$.\"company.attendees\"'\''), json_extract(answers, '\''$.\"cooperation.rating\"'\'') FROM vip_draft")" = "7|Olga and Ivan|хорошо" &&
		test "$("$SQLX" crm.db "SELECT count(*) FROM vip_survey WHERE client_id = 2")" = 0
	'
	test_ok '--resume goes on from there and stores the survey' '
		printf "\n\nx\nн\nmore volume\n\n\n\nNew Co\nAnna\n+7 999 000-11-22\n\n\n\n" | tty_survey --resume Beta &&
		tr -d "\r" <tty >t &&
		test_grep "going on from question 8 of 15" t &&
		test_grep "y or n, please" t &&
		test_grep "a name adds a referral" t &&
		test_grep "surveyed '\''Beta'\'': survey 4, quality pass" t &&
		test "$("$SQLX" crm.db "SELECT json_extract(answers, '\''$.\"company.attendees\"'\''), json_extract(answers, '\''$.\"quality.outage\"'\''), json_extract(answers, '\''$.\"expand.volume\"'\'') FROM vip_survey WHERE id = 4")" = "Olga and Ivan|0|more volume" &&
		test "$("$SQLX" crm.db "SELECT count(*) FROM vip_draft")" = 0 &&
		test "$("$SQLX" crm.db "SELECT referred_by FROM client WHERE name = '\''New Co'\''")" = 2
	'
	test_ok 'the next interview shows the last answers; Enter keeps them' '
		printf "\n\n\n\n\n\n\n\n\nда\n\n\n\n\n\n" | tty_survey Beta &&
		tr -d "\r" <tty >t &&
		test_grep "[Olga and Ivan] the last survey'\''s answer: Enter keeps it" t &&
		test_grep "last survey (2026-11-22): more volume" t &&
		test_grep "surveyed '\''Beta'\'': survey 5" t &&
		test "$("$SQLX" crm.db "SELECT json_extract(answers, '\''$.\"company.attendees\"'\''), json_extract(answers, '\''$.\"quality.outage\"'\''), CAST(json_extract(answers, '\''$.\"expand.volume\"'\'') IS NULL AS INTEGER), quality FROM vip_survey WHERE id = 5")" = "Olga and Ivan|1|1|fail"
	'
	test_ok 'key contacts on a terminal: confirm, change and add' '
		printf "\n1\n\n\n+7 495 222-33-44\n\nNina\nCFO\n\nnina@acme.example\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n" | tty_survey Acme &&
		tr -d "\r" <tty >t &&
		test_grep "1) Ivan Petrov (CEO, +7 495 111-22-33)" t &&
		test_grep "2) Olga Smirnova (CTO, olga@acme.example)" t &&
		test "$("$SQLX" crm.db "SELECT phone FROM contact WHERE name = '\''Ivan Petrov'\''")" = "+7 495 222-33-44" &&
		test "$("$SQLX" crm.db "SELECT role || '\''/'\'' || email || '\''/'\'' || is_key FROM contact WHERE name = '\''Nina'\''")" = "CFO/nina@acme.example/1"
	'
	test_ok '--resume with nothing to resume: 3' '
		{ printf "" | tty_survey --resume Beta; test $? -eq 3; } &&
		test_grep "no survey of '\''Beta'\'' was left half-way" tty
	'
else
	test_skip 'the interview on a terminal' 'no script(1)'
fi

test_ok 'survey -h shows both forms' '
	expect_code 0 crm vip survey -h &&
	test_grep "usage: crm vip survey [--date <date>] [--resume] <client>" out &&
	test_grep "   or: crm vip survey [--date <date>] --answers (<file> | -) <client>" out
'
test_ok 'template -h' '
	expect_code 0 crm vip template show -h && test_grep "usage: crm vip template show" out &&
	expect_code 0 crm vip template set -h && test_grep "usage: crm vip template set (<file> | -)" out
'

test_ok 'the timeline shows a survey, and log --kind survey picks it' '
	expect_code 0 crm --format tsv --fields kind,event log --kind survey Acme &&
	test_empty err &&
	test "$(sed -n 2p out)" = "$(printf "interaction\tsurvey")" &&
	expect_code 0 crm --format tsv --fields event log --kind call Acme &&
	! grep -q survey out
'

test_done
