#!/bin/sh
# t2003-handover-rules: what a handover asks for since issue 12: a briefing
# with enough distinct words, someone at the client to tell, the managers
# a client asked to be rid of, trainees for important clients, and the
# handovers a later one supersedes before their notice went out.
. "$SRCDIR/tests/cli/lib.sh"

crm init --language ru >/dev/null 2>&1

{
	crm manager add --role head "Vera Head" &&
	for m in Анна Борис Глеб Дина Егор Жанна; do
		crm manager add --email "$m@example.ru" "$m" || exit 1
	done &&
	crm client add --owner Анна --tier vip "Рога и копыта" &&
	crm contact add --key --email ivan@roga.ru "Рога и копыта" "Иван Сидоров" &&
	crm client add --owner Анна Безлюдный
} >/dev/null 2>&1 || {
	echo "Bail out! cannot build the fixture"
	exit 1
}

BRIEF='Директор Иван Сидоров решает сам, звать по отчеству. Ценит точность, любит рыбалку, чай и шахматы. Скидка 5% до мая. Спор о сроках в мае улажен. Дальше: звонок до пятницы, КП на весну, визит. Клиент требует терпения.'

# n distinct words
words() {
	i=0
	while [ $i -lt "$1" ]; do printf "слово%d " $i; i=$((i + 1)); done
}

test_ok 'distinct words: 29 refused, 30 and 31 pass; "всё ок" thirty times refused' '
	crm config set handover.min_brief_chars 1 &&
	expect_code 4 crm handover 1 --to Борис --reason refresh --brief "$(words 29)" \
		--next x --due +3d &&
	test_grep "the briefing has 29 distinct words, at least 30 are needed (handover.min_brief_words)" err &&
	expect_code 0 crm handover 1 --to Борис --reason refresh --brief "$(words 30)" \
		--next x --due +3d --dry-run &&
	expect_code 0 crm handover 1 --to Борис --reason refresh --brief "$(words 31)" \
		--next x --due +3d --dry-run &&
	crm config unset handover.min_brief_chars &&
	ok=$(i=0; while [ $i -lt 30 ]; do printf "Всё ок. всё ОК "; i=$((i + 1)); done) &&
	expect_code 4 crm handover 1 --to Борис --reason refresh --brief "$ok" --next x --due +3d &&
	test_grep "the briefing has 2 distinct words" err
'

test_ok 'template: the headed sections; a file keeping them needs each filled' '
	expect_code 0 crm handover template "Рога и копыта" &&
	test_grep "== Кто принимает решения и как к ним обращаться ==" out &&
	test_grep "#   ключевой контакт: Иван Сидоров, ivan@roga.ru" out &&
	test_grep "== Что должно произойти дальше ==" out &&
	cp out tmpl.txt &&
	expect_code 4 crm handover 1 --to Борис --reason refresh --brief-file tmpl.txt \
		--next x --due +3d &&
	test_grep "the section '\''Кто принимает решения и как к ним обращаться'\'' of the briefing is empty" err &&
	expect_code 0 crm --json handover template &&
	test_grep "\"client_id\":null" out
'

test_ok 'template: a fact line only where the sheet has something to say' '
	expect_code 0 crm handover template "Рога и копыта" &&
	! grep -q "^#   в карточке" out &&
	crm -q client edit --add-trait сдержанный --add-interest рыбалка "Рога и копыта" &&
	expect_code 0 crm handover template "Рога и копыта" &&
	test_grep "#   в карточке: сдержанный, рыбалка" out &&
	crm -q client edit --remove-trait сдержанный --remove-interest рыбалка "Рога и копыта"
'

test_ok 'nobody to tell: refused with the hint, unless --notify-via meeting' '
	expect_code 4 crm handover Безлюдный --to Борис --reason refresh --brief "$BRIEF" \
		--next x --due +3d &&
	test_grep "crm contact add --email <address> 2 <name>" err &&
	expect_code 4 crm handover 1 --to Борис --reason refresh --brief "$BRIEF" \
		--next x --due +3d --notify-via phone &&
	test_grep "no contact of the client has a phone" err &&
	expect_code 0 crm handover Безлюдный --to Борис --reason refresh --brief "$BRIEF" \
		--next x --due +3d --notify-via meeting --dry-run
'

# five client requests in a row: Анна -> Борис -> Глеб -> Дина -> Егор -> Жанна
test_ok 'five client requests: only the last asks for a notice' '
	set -- Борис Глеб Дина Егор &&
	for m in "$@"; do
		crm -q handover 1 --to "$m" --reason client-request --brief "$BRIEF" --next x \
			--due +3d >/dev/null &&
		crm -q --as "Vera Head" handover accept \
			"$("$SQLX" "$CRM_DB" "SELECT max(id) FROM handover")" || return 1
	done &&
	expect_code 4 crm --as "Vera Head" handover 1 --to Жанна --reason client-request \
		--brief "$BRIEF" --next x --due +3d &&
	crm -q --as "Vera Head" handover 1 --to Жанна --reason client-request --brief "$BRIEF" \
		--next x --due +3d --escalated >/dev/null &&
	crm -q --as "Vera Head" handover accept 5 &&
	test "$("$SQLX" "$CRM_DB" "SELECT $(sql_group_concat "id || '\'':'\'' || ifnull(CAST(superseded_by AS TEXT), '\''-'\'')" id)
		FROM handover")" = "1:2,2:3,3:4,4:5,5:-" &&
	expect_code 4 crm handover notice 1 &&
	test_grep "crm handover notice 5" err &&
	expect_code 4 crm handover notice --sent 2 &&
	expect_code 0 crm handover notice 5 &&
	test_grep "Жанна" out &&
	expect_code 0 crm --json handover show 1 &&
	test_grep "\"superseded_by\":2" out &&
	expect_code 0 crm handover show 1 &&
	test_grep "notice          superseded by handover 2: its notice is no longer due" out &&
	expect_code 0 crm --format tsv --fields id,superseded_by handover list &&
	test_file_is out "id	superseded_by
5	
4	5
3	4
2	3
1	2" &&
	test "$("$SQLX" "$CRM_DB" "SELECT count(*) FROM journal WHERE action = '\''handover.supersede'\''")" = 4
'

# every earlier owner (Анна to Егор) was the sender of a client-request
test_ok 'the client asked to be rid of a manager: not suggested, refused unless escalated' '
	expect_code 0 crm --format tsv --fields manager handover suggest 1 &&
	test_file_is out "manager
Vera Head" &&
	expect_code 4 crm handover 1 --to Борис --reason refresh --brief "$BRIEF" --next x \
		--due +3d &&
	test_grep "asked to be rid of '\''Борис'\''" err &&
	test_grep "--escalated" err &&
	expect_code 4 crm handover 1 --to Борис --reason refresh --brief "$BRIEF" --next x \
		--due +3d --escalated &&
	expect_code 0 crm --as "Vera Head" handover 1 --to Борис --reason refresh \
		--brief "$BRIEF" --next x --due +3d --escalated --dry-run
'

test_ok 'a trainee: last for a key client, refused unless escalated; the notice names the mentor' '
	crm -q client add --owner Жанна --tier key Северсталь &&
	crm -q contact add --key --email boss@severstal.ru Северсталь "Пётр Петров" &&
	"$SQLX" "$CRM_DB" "UPDATE manager SET trainee = 1, mentor_id = 1 WHERE name = '\''Дина'\''" &&
	"$SQLX" "$CRM_DB" "UPDATE manager SET phone = '\''+7 900 999-99-99'\'' WHERE id = 1" &&
	expect_code 0 crm --format tsv --fields manager,why handover suggest Северсталь &&
	test "$(tail -n 1 out | cut -f1)" = "Дина" &&
	test_grep "a trainee: a vip or key client goes to a trainee only by a head" out &&
	expect_code 4 crm handover Северсталь --to Дина --reason refresh --brief "$BRIEF" \
		--next x --due +3d &&
	test_grep "'\''Дина'\'' is a trainee (mentor '\''Vera Head'\'') and client '\''Северсталь'\'' is key" err &&
	test_grep "--escalated" err &&
	crm -q --as "Vera Head" handover Северсталь --to Дина --reason refresh --brief "$BRIEF" \
		--next x --due +3d --escalated >/dev/null &&
	expect_code 0 crm handover notice 6 &&
	test_grep "Дина — новый сотрудник нашей компании." out &&
	test_grep "Наставник нового менеджера — Vera Head, к наставнику" out &&
	test_grep "Vera Head" out &&
	test_grep "телефон наставника: +7 900 999-99-99" out
'

test_ok 'plan: a client nobody can be told of stays unplaced, with the hint' '
	crm -q manager add Зоя &&
	crm -q client add --owner Зоя Немой &&
	crm -q client add --owner Зоя Говорящий &&
	crm -q contact add --phone "+7 900 123-45-67" Говорящий "Олег" &&
	expect_code 0 crm --format tsv --fields client,status,why handover plan --from Зоя \
		--reason leaving &&
	test_grep "Немой	unplaced	no contact of the client has an email or a phone to tell of the new manager: add one ('\''crm contact add --email <address> 4 <name>'\'' or --phone), or tell the client in person with --notify-via meeting" out &&
	test_grep "Говорящий	planned	" out
'

test_ok 'a letter needs a contact with a postal address: refused (4) without one, with the hint' '
	crm -q client add --owner Анна Письмо &&
	crm -q contact add --key --email ivan@pismo.ru --phone "+7 900 000-00-01" Письмо \
		"Иван Сидоров" &&
	"$SQLX" "$CRM_DB" "SELECT count(*) FROM handover; SELECT count(*) FROM journal" >before &&
	expect_code 4 crm handover Письмо --to Борис --reason refresh --brief "$BRIEF" \
		--next x --due +3d --notify-via letter &&
	test_grep "no contact of the client has a postal address to send the letter to" err &&
	test_grep "crm contact add --address <address> 6 <name>'"'"', or '"'"'crm contact edit --address'"'"'" err &&
	"$SQLX" "$CRM_DB" "SELECT count(*) FROM handover; SELECT count(*) FROM journal" >after &&
	cmp before after
'

test_ok 'a letter: accepted once a contact has an address, and it greets that contact' '
	crm -q contact add --address "Москва, ул. Ленина, 1" Письмо "Ольга Адресова" &&
	expect_code 0 crm handover Письмо --to Борис --reason refresh --brief "$BRIEF" \
		--next x --due +3d --notify-via letter &&
	id=$(cat out) &&
	expect_code 0 crm handover notice "$id" &&
	test_grep "Добрый день!" out &&
	crm -q contact edit --first Ольга --gender ж "Ольга Адресова" &&
	expect_code 0 crm handover notice "$id" &&
	test_grep "Уважаемая Ольга!" out &&
	expect_code 0 crm handover cancel "$id" &&
	crm -q contact edit --address "" "Ольга Адресова" &&
	expect_code 4 crm handover Письмо --to Борис --reason refresh --brief "$BRIEF" \
		--next x --due +3d --notify-via letter &&
	test_grep "has a postal address" err &&
	crm -q contact remove --yes "Ольга Адресова"
'

test_done
