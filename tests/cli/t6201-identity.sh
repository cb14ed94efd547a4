#!/bin/sh
# t6201-identity: who acts. --as, then CRM_USER, then user.name of the
# user's config file, then the login name; never the base. The identity
# resolves as a manager reference does (id, uuid, exact name, unique
# prefix, word start; case folded): the journal stores the manager's full
# name. One that names several managers is an error (exit 3); one that
# names none is kept as typed (one line, at most 200 characters).
. "$SRCDIR/tests/cli/lib.sh"

CFG=$HOME/.config/crm/config
BRIEF='Директор Иван Сидоров решает сам, звать по отчеству. Ценит точность, любит рыбалку, чай и шахматы. Скидка 5% до мая. Спор о сроках в мае улажен. Дальше: звонок до пятницы, КП на весну, визит. Клиент требует терпения.'

last_actor() {
	$SQLX crm.db "SELECT actor FROM journal ORDER BY id DESC LIMIT 1"
}
jcount() {
	$SQLX crm.db "SELECT count(*) FROM journal"
}

test_ok 'setup: managers, a client of Борис, a handover of it to Вера' '
	crm -q init >/dev/null &&
	crm -q manager add "Вера Лебедева" >/dev/null &&
	crm -q manager add "Борис Орлов" >/dev/null &&
	crm -q manager add "Иван Петров" >/dev/null &&
	crm -q manager add "Иван Сидоров" >/dev/null &&
	crm -q client add --owner Борис "Рога и копыта" >/dev/null &&
	crm -q contact add --email sidorov@roga.ru "Рога и копыта" "Иван Сидоров" >/dev/null &&
	crm -q --as Борис handover "Рога и копыта" --to Вера --reason cannot-cope \
		--brief "$BRIEF" --next "позвонить директору" --due +3d >/dev/null 2>&1 &&
	test "$($SQLX crm.db "SELECT status FROM handover")" = pending
'

test_ok 'the handover was created by Борис Орлов, by his full name' '
	test "$($SQLX crm.db "SELECT actor FROM journal WHERE action LIKE '\''handover.%'\'' LIMIT 1")" = "Борис Орлов"
'

test_ok '--as by a name'\''s start acts as that manager: the accept addressed to Вера works' '
	expect_code 4 crm --as Борис handover accept 1 &&
	test_grep "(you are '\''Борис Орлов'\'')" err &&
	expect_code 0 crm --as Вера handover accept 1 &&
	test "$($SQLX crm.db "SELECT status FROM handover")" = accepted &&
	test "$(last_actor)" = "Вера Лебедева"
'

test_ok '--as folded: case, ё, a word of the name, the id, the uuid' '
	for who in "вЕРА" "ВЕРА ЛЕБЕДЕВА" "лебедева" "1" \
		   "$($SQLX crm.db "SELECT uuid FROM manager WHERE id = 1")"; do
		expect_code 0 crm --as "$who" client add "Клиент $who" &&
		test "$(last_actor)" = "Вера Лебедева" || return 1
	done
'

test_ok 'CRM_USER and user.name of the config file resolve the same way' '
	CRM_USER=борис crm -q client add "От Бориса" >/dev/null &&
	test "$(last_actor)" = "Борис Орлов" &&
	mkdir -p "$HOME/.config/crm" &&
	printf "[user]\n\tname = сидоров\n" >"$CFG" &&
	(unset CRM_USER && crm -q client add "От Сидорова" >/dev/null) &&
	test "$(last_actor)" = "Иван Сидоров" &&
	(unset CRM_USER && crm --format csv --fields name client list --mine) >got &&
	test_file_is got "name
От Сидорова"
'

test_ok 'the precedence: --as > CRM_USER > user.name > the login name' '
	printf "[user]\n\tname = file-user\n" >"$CFG" &&
	CRM_USER=env-user crm -q --as flag-user client add p1 >/dev/null &&
	test "$(last_actor)" = flag-user &&
	CRM_USER=env-user crm -q client add p2 >/dev/null &&
	test "$(last_actor)" = env-user &&
	(unset CRM_USER && crm -q client add p3 >/dev/null) &&
	test "$(last_actor)" = file-user &&
	(CRM_USER= && export CRM_USER && crm -q client add p4 >/dev/null) &&
	test "$(last_actor)" = file-user &&
	rm "$CFG" &&
	(unset CRM_USER && crm -q client add p5 >/dev/null) &&
	test "$(last_actor)" = "$(id -un)"
'

test_ok 'the base'\''s config plays no part: an old stored user.name is not read' '
	$SQLX crm.db "INSERT INTO config VALUES ('\''user.name'\'', '\''Вера'\'')" &&
	(unset CRM_USER && crm -q client add p6 >/dev/null) &&
	test "$(last_actor)" = "$(id -un)" &&
	$SQLX crm.db "DELETE FROM config WHERE key = '\''user.name'\''"
'

test_ok 'an identity that names several managers: exit 3, both listed, nothing written' '
	n=$(jcount) &&
	expect_code 3 crm --as Иван client add x &&
	test_empty out &&
	test_grep "Иван Петров" err &&
	test_grep "Иван Сидоров" err &&
	test_grep "hint: " err &&
	grep -q -e "in --as" err &&
	CRM_USER=иван expect_code 3 crm client list &&
	test_grep "in CRM_USER" err &&
	test "$(jcount)" = "$n"
'

test_ok 'an identity that names no manager is kept as typed; commands that need one say so' '
	expect_code 0 crm --as "Гость Иванович" client add g1 &&
	test "$(last_actor)" = "Гость Иванович" &&
	expect_code 3 crm --as "Гость Иванович" client list --mine &&
	test_grep "'\''Гость Иванович'\'' is not a manager" err &&
	expect_code 0 crm --as 999 client add g2 &&
	test "$(last_actor)" = 999
'

test_ok 'one line of at most 200 characters, from every source' '
	n=$(jcount) &&
	long=$(awk "BEGIN { while (n++ < 200) printf \"ж\" }") &&
	expect_code 0 crm --as "$long" client add l1 &&
	test "$(last_actor)" = "$long" &&
	n=$(jcount) &&
	expect_code 2 crm --as "${long}ж" client add l2 &&
	test_grep "invalid identity" err &&
	CRM_USER="$(printf "a\nb")" expect_code 2 crm client add l3 &&
	test_grep "CRM_USER" err &&
	mkdir -p "$HOME/.config/crm" &&
	printf "[user]\n\tname = a\\\\nb\n" >"$CFG" &&
	(unset CRM_USER && expect_code 2 crm client add l4) &&
	test_grep "user.name" err &&
	(unset CRM_USER && expect_code 0 crm config --global set user.name mended) &&
	test_file_is "$CFG" "[user]
	name = mended" &&
	rm "$CFG" &&
	test "$(jcount)" = "$n"
'

test_ok 'Russian: the ambiguous identity in Russian' '
	LC_ALL=ru_RU.UTF-8 expect_code 3 crm --as Иван client list &&
	test_grep "Иван Петров" err &&
	test_grep "подсказка: " err &&
	! grep -q "give more of the name" err
'

test_done
