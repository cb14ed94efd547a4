#!/bin/sh
# t7009: no text can forge a line. One-line fields (names, tags, segment,
# roles, emails, the text of next actions and promises, the identity)
# refuse ESC, C1 (U+009B: a CSI), bidi overrides (U+202E), CR and LF: exit 2
# on the command line, 65 with the line in an import, nothing written.
# Notes keep their lines. What a base already holds (an older crm took
# anything) is shown escaped in the table, the audit digest, the handover
# notice and messages on stderr; JSON stays exact.
. "$(dirname "$0")/lib.sh"

esc=$(printf 'Ok\033[2J')
csi=$(printf 'Ok\302\2332J')
rlo=$(printf 'Ok\342\200\256dlr')
cr=$(printf 'Ok\rEvil')
lf=$(printf 'Ok\nEvil')
forged=$(printf 'Ok Ltd\n1. [error] Globex (client 6): conflict-open')
ESC=$(printf '\033')
C1=$(printf '\302\233')
RLO=$(printf '\342\200\256')
CR=$(printf '\r')

# Everything a command may write, as one line.
rows() {
	$SQLX crm.db "SELECT (SELECT count(*) FROM client), (SELECT count(*) FROM journal),
		(SELECT count(*) FROM contact), (SELECT count(*) FROM promise),
		(SELECT count(*) FROM next_action), (SELECT count(*) FROM manager),
		(SELECT $(sql_concat tags) FROM (SELECT tags FROM client ORDER BY id) AS c),
		(SELECT $(sql_concat segment) FROM (SELECT segment FROM client ORDER BY id) AS c),
		(SELECT $(sql_concat name) FROM (SELECT name FROM client ORDER BY id) AS c)"
}

# No raw control, C1 or bidi character in the file: only their escapes.
clean() {
	! grep -q "$ESC" "$1" && ! grep -q "$C1" "$1" && ! grep -q "$RLO" "$1" &&
		! grep -q "$CR" "$1"
}

# refused WHAT ARGS...: exit 2, "error: WHAT holds ...", one line naming the
# character and the fix, no raw character echoed, nothing written.
refused() {
	what=$1
	shift
	before=$(rows) &&
	expect_code 2 crm "$@" &&
	test_empty out &&
	test_grep "error: $what holds $want" err &&
	test_grep "remove it" err &&
	clean err &&
	test "$(rows)" = "$before"
}

test_ok 'a base with a client and two managers' '
	crm init >/dev/null &&
	crm manager add Ivanov >/dev/null &&
	crm manager add Petrov >/dev/null &&
	crm client add --owner Ivanov Base >/dev/null
'

for kind in esc csi rlo cr lf; do
	case $kind in
	esc) v=$esc want='a control character (U+001B) at character 3' ;;
	csi) v=$csi want='a control character (U+009B) at character 3' ;;
	rlo) v=$rlo want='a bidi control (U+202E) at character 3' ;;
	cr) v=$cr want='a line break (U+000D) at character 3' ;;
	lf) v=$lf want='a line break (U+000A) at character 3' ;;
	esac
	test_ok "$kind: client add refuses it in the name" 'refused "client name" client add "$v"'
	test_ok "$kind: client edit --name refuses it" \
		'refused "client name" client edit --name "$v" Base'
	test_ok "$kind: manager add refuses it" 'refused "manager name" manager add "$v"'
	test_ok "$kind: contact add refuses it in the name" \
		'refused "contact name" contact add Base "$v"'
	test_ok "$kind: contact add refuses it in the role, the email" '
		refused role contact add --role "$v" Base Role &&
		refused email contact add --email "$v@b.ru" Base Mail'
	test_ok "$kind: tags refuse it, on add and on edit" '
		refused tag client add --tag "$v" Tagged &&
		refused tag client edit --add-tag "$v" Base'
	test_ok "$kind: traits and interests refuse it" '
		refused trait client edit --add-trait "$v" Base &&
		refused interest client edit --add-interest "$v" Base'
	test_ok "$kind: the segment refuses it" '
		refused segment client add --segment "$v" Seg &&
		refused segment client edit --segment "$v" Base'
	test_ok "$kind: next add refuses it in the text" \
		'refused text next add --due +3d Base "$v"'
	test_ok "$kind: promise add refuses it in the text" 'refused text promise add Base "$v"'
	test_ok "$kind: --as refuses it" '
		expect_code 2 crm --as "$v" client list &&
		test_empty out &&
		test_grep "error: invalid identity: --as holds $want" err && clean err'
	test_ok "$kind: CRM_USER refuses it" '
		CRM_USER=$v expect_code 2 crm client list &&
		test_empty out &&
		test_grep "error: invalid identity: CRM_USER holds $want" err && clean err'
	test_ok "$kind: config set company.name refuses it" '
		expect_code 2 crm config set company.name "$v" &&
		test_grep "company.name holds $want" err && clean err'
done

test_ok 'the identity: 200 characters are fine, 201 are not (counted in characters)' '
	n200=$(i=0; while [ $i -lt 200 ]; do printf "ж"; i=$((i + 1)); done) &&
	expect_code 0 crm --as "$n200" client list &&
	expect_code 2 crm --as "${n200}ж" client list &&
	test_file_is err "error: invalid identity: --as is too long: 201 characters, at most 200
hint: say who you are with a manager'"'"'s name (crm manager list), e.g. --as '"'"'Иванов'"'"'" &&
	CRM_USER="${n200}ж" expect_code 2 crm client list &&
	test_grep "CRM_USER is too long: 201 characters" err
'

# ---- import ----------------------------------------------------------------

test_ok 'NDJSON import: a control character in a name is line 2, exit 65, nothing imported' '
	for u in "\\u001b" "\\u009b" "\\u202e" "\\r" "\\n"; do
		printf "{\"name\":\"Fine\"}\n{\"name\":\"Ok%sEvil\"}\n" "$u" >in.ndjson &&
		before=$(rows) &&
		expect_code 65 crm client import in.ndjson &&
		test_grep "line 2: field '"'"'name'"'"': name holds" err &&
		test "$(rows)" = "$before" || return 1
	done
'

test_ok 'NDJSON import: tags, contacts, promises and next actions are one line too' '
	for rec in "\"tags\":[\"a\\u001bb\"]" "\"segment\":\"x\\u202e\"" \
		"\"contacts\":[{\"name\":\"A\\nB\"}]" \
		"\"promises\":[{\"text\":\"p\\u009bq\"}]" \
		"\"next_actions\":[{\"text\":\"call\\rthem\",\"due\":\"2026-12-01\"}]"; do
		printf "{\"name\":\"Fine\"}\n\n{\"name\":\"Rec\",%s}\n" "$rec" >in.ndjson &&
		before=$(rows) &&
		expect_code 65 crm client import in.ndjson &&
		test_grep "line 3: field '"'"'" err &&
		test_grep " holds a" err &&
		test "$(rows)" = "$before" || { echo "$rec"; return 1; }
	done
'

test_ok 'CSV import: a control character in a name is the line, exit 65, nothing imported' '
	for v in "$esc" "$csi" "$rlo" "$cr" "$lf"; do
		printf "name,tier\nFine,vip\n\"%s\",key\n" "$v" >in.csv &&
		before=$(rows) &&
		expect_code 65 crm client import in.csv &&
		test_grep "line 3: field '"'"'name'"'"': name holds" err &&
		clean err &&
		test "$(rows)" = "$before" || return 1
	done
'

test_ok 'CSV import: a contact name and a tag too' '
	printf "name,contact_name\nFine,\"A\nB\"\n" >in.csv &&
	expect_code 65 crm client import in.csv &&
	test_grep "line 2: field '"'"'contact_name'"'"': contact_name holds a line break" err &&
	printf "name,tags\nFine,\"a; b%sc\"\n" "$ESC" >in.csv &&
	expect_code 65 crm client import in.csv &&
	test_grep "line 2: field '"'"'tags'"'"': tag holds a control character" err
'

# ---- texts that may hold lines --------------------------------------------

test_ok 'a note with lines is taken and kept exactly, in JSON' '
	crm client add --note "$(printf "line one\nline two\ttabbed")" Noted >/dev/null &&
	expect_code 0 crm --format json --fields note client show Noted &&
	test_file_is out "{\"note\":\"line one\\nline two\\ttabbed\"}" &&
	crm note Base "$(printf "called\nthey said yes")" >/dev/null &&
	expect_code 0 crm --format json --fields text log Base &&
	test_grep "\"called\\nthey said yes\"" out
'

test_ok 'in the table a note is one line: the newline and the tab escaped' '
	expect_code 0 crm --fields note client show Noted &&
	test_grep "line one\\nline two\\ttabbed" out
'

# ---- what an older crm let in ------------------------------------------------

# plant ID SQL-EXPR: gives client ID the name the SQL expression makes.
plant() {
	$SQLX crm.db "UPDATE client SET name = $2, name_fold = lower($2) WHERE id = $1"
}

test_ok 'a base that holds such names already (planted as an older crm stored them)' '
	for n in 1 2 3 4 5 6; do
		crm client add --owner Ivanov "Plant$n" >/dev/null || return 1
	done &&
	ids=$($SQLX crm.db "SELECT id FROM client WHERE name LIKE '"'"'Plant%'"'"' ORDER BY id") &&
	set -- $ids &&
	plant $1 "'"'"'Ok'"'"' || $(sql_char 27) || '"'"'[2J'"'"'" &&
	plant $2 "'"'"'Ok'"'"' || $(sql_char 155) || '"'"'2J'"'"'" &&
	plant $3 "'"'"'Ok'"'"' || $(sql_char 8238) || '"'"'dlr'"'"'" &&
	plant $4 "'"'"'Ok'"'"' || $(sql_char 13) || '"'"'Evil'"'"'" &&
	plant $5 "'"'"'Ok'"'"' || $(sql_char 10) || '"'"'Evil'"'"'" &&
	plant $6 "'"'"'Ok Ltd'"'"' || $(sql_char 10) || '"'"'1. [error] Globex (client 6): conflict-open'"'"'" &&
	test "$($SQLX crm.db "SELECT count(*) FROM client WHERE name LIKE '"'"'Ok%'"'"'")" = 6
'

test_ok 'the table shows them escaped, one row each' '
	expect_code 0 crm --fields name client list &&
	clean out &&
	test_grep "Ok\\x1b[2J" out &&
	test_grep "Ok\\x9b2J" out &&
	test_grep "Ok\\u202edlr" out &&
	test_grep "Ok\\rEvil" out &&
	test_grep "Ok\\nEvil" out &&
	test_grep "Ok Ltd\\n1. [error] Globex (client 6): conflict-open" out &&
	test "$(grep -c "^Ok" out)" = 6 &&
	! grep -q "^Evil\|^1\. " out
'

test_ok 'JSON stays exact' '
	expect_code 0 crm --format json --fields name client list &&
	test_grep "\"Ok\\u001b[2J\"" out &&
	test_grep "\"Ok\\rEvil\"" out &&
	test_grep "\"Ok\\nEvil\"" out &&
	test_grep "\"Ok$RLO" out &&
	test_grep "\"Ok$C1" out
'

test_ok 'the audit digest shows them escaped and cannot be forged' '
	expect_code 0 crm audit digest &&
	clean out &&
	test_grep "Ok\\x1b[2J (client" out &&
	test_grep "Ok\\x9b2J (client" out &&
	test_grep "Ok\\u202edlr (client" out &&
	test_grep "Ok\\rEvil (client" out &&
	test_grep "Ok\\nEvil (client" out &&
	test_grep "] Ok Ltd\\n1. [error] Globex (client 6): conflict-open (client" out &&
	! grep -q "^1\. \[error\] Globex" out &&
	! grep -q "^Evil" out &&
	# every finding is a numbered line and a detail line, nothing else
	test "$(grep -c "^[0-9]*\. \[" out)" = "$(grep -c "^   " out)"
'

test_ok 'the handover notice shows them escaped, its own lines kept' '
	brief="Директор Иван Сидоров решает сам, звать по отчеству. Ценит точность, любит рыбалку, чай и шахматы. Скидка 5% до мая. Спор о сроках в мае улажен. Дальше: звонок до пятницы, КП на весну, визит. Клиент требует терпения." &&
	set -- $($SQLX crm.db "SELECT id FROM client WHERE name LIKE '"'"'Ok%'"'"' ORDER BY id") &&
	for id in $1 $2 $3; do
		crm -q contact add --email boss@ok.ru $id "Иван Сидоров" &&
		crm -q --as Ivanov handover $id --to Petrov --reason refresh --brief "$brief" \
			--next "call them" --due +3d || return 1
	done &&
	for h in 1 2 3; do
		expect_code 0 crm handover notice $h &&
		clean out &&
		test "$(wc -l <out)" -gt 3 || return 1
	done &&
	crm handover notice 1 >n1 && test_grep "Ok\\x1b[2J" n1 &&
	crm handover notice 2 >n2 && test_grep "Ok\\x9b2J" n2 &&
	crm handover notice 3 >n3 && test_grep "Ok\\u202edlr" n3 &&
	expect_code 0 crm --format json handover notice 1 &&
	test_grep "Ok\\u001b[2J" out
'

test_ok 'a name that holds a line break adds no line to a letter' '
	brief="Директор Иван Сидоров решает сам, звать по отчеству. Ценит точность, любит рыбалку, чай и шахматы. Скидка 5% до мая. Спор о сроках в мае улажен. Дальше: звонок до пятницы, КП на весну, визит. Клиент требует терпения." &&
	id=$($SQLX crm.db "SELECT id FROM client WHERE name = '"'"'Ok'"'"' || $(sql_char 10) || '"'"'Evil'"'"'") &&
	crm -q contact add --email boss@ok.ru $id "Иван Сидоров" &&
	crm -q --as Ivanov handover $id --to Petrov --reason refresh --brief "$brief" \
		--next "call them" --due +3d &&
	h=$($SQLX crm.db "SELECT max(id) FROM handover") &&
	expect_code 0 crm handover notice $h &&
	test_grep "Ok\\nEvil" out &&
	! grep -q "^Evil" out &&
	crm handover notice 1 >n1 &&
	test "$(wc -l <out)" = "$(wc -l <n1)"
'

test_ok 'the ambiguous-name error lists them escaped, on one line' '
	expect_code 3 crm client show Ok &&
	test_empty out &&
	clean err &&
	test_grep "is ambiguous: " err &&
	test_grep "Ok\\x1b[2J" err &&
	test_grep "Ok\\nEvil" err &&
	test "$(wc -l <err)" = 1
'

test_ok 'a reference that holds them is echoed escaped' '
	expect_code 3 crm client show "$(printf "Zz\033[2J")" &&
	test_grep "no client matches '"'"'Zz\\x1b[2J'"'"'" err &&
	clean err
'

test_done
