#!/bin/sh
# t8200-letters-ru: the letters to a client as a Russian company writes
# them: the handover notice for a known gender and patronymic, an unknown
# gender, no contact name, a temporary cover and a trainee, and the
# farewell letter, each in full; the same text under ru_RU.UTF-8 and
# C.UTF-8 (letters follow letters.language, not the locale); English
# letters; the options that feed them (contact --first --patronymic --last
# --gender --address-as, manager --gender --position) with their Russian
# words; schema step 10 moving handover.notice_language.
. "$SRCDIR/tests/cli/lib.sh"

# crm under the Russian locale
ru() {
	LC_ALL=ru_RU.UTF-8 "$CRM" "$@"
}

BRIEF='Директор Андрей Викторович решает сам, звать по отчеству. Ценит точность, любит рыбалку, чай и шахматы. Скидка 5% до мая. Спор о сроках в мае улажен. Дальше: звонок до пятницы, КП на весну, визит. Клиент требует терпения.'

# handover CLIENT MANAGER [OPTION...]: a refresh handover, due 2026-11-25
handover() {
	_c=$1 _m=$2
	shift 2
	crm handover "$_c" --to "$_m" --reason refresh --brief "$BRIEF" --next звонок \
		--due 2026-11-25 "$@"
}

{
	crm init &&
	crm config set company.name "Связь-Сервис" &&
	crm manager add --gender ж --position "менеджер по работе с ключевыми клиентами" \
		--phone "+7 495 100-00-01" --email alena@svyaz.ru "Алёна Кузнецова" &&
	crm manager add --gender мужской --position "менеджер по работе с клиентами" \
		--phone "+7 495 100-00-02" --email boris@svyaz.ru "Борис Орлов" &&
	crm manager add --phone "+7 495 100-00-03" "Глеб Петров" &&
	crm manager add --gender женщина --trainee --mentor "Алёна Кузнецова" \
		--email dina@svyaz.ru "Дина Смирнова" &&
	crm client add --owner "Алёна Кузнецова" "Городская Дума" &&
	crm contact add --key --email a.sergeev@duma.ru --first Андрей --patronymic Викторович \
		--last Сергеев --gender м "Городская Дума" "Сергеев Андрей Викторович" &&
	crm client add --owner "Глеб Петров" "Северный ветер" &&
	crm contact add --key --email anna@veter.ru --first Анна --patronymic Сергеевна \
		"Северный ветер" "Анна Волкова" &&
	crm client add --owner "Алёна Кузнецова" Ромашка &&
	crm client add --owner "Алёна Кузнецова" Лотос &&
	crm contact add --key --email lotos@lotos.ru Лотос "Иванова Мария Петровна" &&
	crm client add --owner "Алёна Кузнецова" Вектор &&
	crm contact add --key --phone "+7 900 000-00-00" --address-as "Олег Николаевич" \
		--gender m Вектор Олег &&
	crm client add --owner "Борис Орлов" --kind person "Смирнова Ольга Игоревна" &&
	handover "Городская Дума" "Борис Орлов" &&
	handover "Северный ветер" "Борис Орлов" &&
	handover Ромашка "Борис Орлов" --notify-via meeting &&
	crm handover Лотос --to "Борис Орлов" --reason vacation --until 2026-12-06 \
		--brief "$BRIEF" --next звонок --due 2026-11-25 &&
	handover Вектор "Дина Смирнова"
} >/dev/null 2>&1 || {
	echo "Bail out! cannot build the fixture"
	exit 1
}

# notice_is ID: the notice of handover ID is the text of file want under
# both locales, nothing on stderr, and its JSON record is the same in both
notice_is() {
	expect_code 0 ru handover notice "$1" && test_empty err && cmp want out &&
	expect_code 0 crm handover notice "$1" && test_empty err && cmp want out &&
	expect_code 0 ru --json handover notice "$1" && mv out json.ru &&
	expect_code 0 crm --json handover notice "$1" && cmp json.ru out
}

test_ok 'a known gender and patronymic: «Уважаемый», «передала», the company named' '
	cat >want <<-\EOF &&
	Тема: Ваш новый персональный менеджер

	Уважаемый Андрей Викторович!

	С 22 ноября 2026 г. Вашим персональным менеджером в компании «Связь-Сервис» становится Борис Орлов.
	Алёна Кузнецова передала коллеге всю историю нашей работы с компанией «Городская Дума».

	Все наши договорённости, обещания, скидки и гарантии остаются в силе.

	Следующий согласованный контакт: 25 ноября 2026 г.

	С уважением,
	Борис Орлов
	менеджер по работе с клиентами
	Связь-Сервис
	тел.: +7 495 100-00-02
	e-mail: boris@svyaz.ru
	EOF
	notice_is 1
'

test_ok 'an unknown gender: «Добрый день», and «передаёт» for a manager of unknown gender' '
	cat >want <<-\EOF &&
	Тема: Ваш новый персональный менеджер

	Добрый день, Анна Сергеевна!

	С 22 ноября 2026 г. Вашим персональным менеджером в компании «Связь-Сервис» становится Борис Орлов.
	Глеб Петров передаёт коллеге всю историю нашей работы с компанией «Северный ветер».

	Все наши договорённости, обещания, скидки и гарантии остаются в силе.

	Следующий согласованный контакт: 25 ноября 2026 г.

	С уважением,
	Борис Орлов
	менеджер по работе с клиентами
	Связь-Сервис
	тел.: +7 495 100-00-02
	e-mail: boris@svyaz.ru
	EOF
	notice_is 2
'

test_ok 'no contact name: «Добрый день!», never the company'\''s name' '
	cat >want <<-\EOF &&
	Тема: Ваш новый персональный менеджер

	Добрый день!

	С 22 ноября 2026 г. Вашим персональным менеджером в компании «Связь-Сервис» становится Борис Орлов.
	Алёна Кузнецова передала коллеге всю историю нашей работы с компанией «Ромашка».

	Все наши договорённости, обещания, скидки и гарантии остаются в силе.

	Следующий согласованный контакт: 25 ноября 2026 г.

	С уважением,
	Борис Орлов
	менеджер по работе с клиентами
	Связь-Сервис
	тел.: +7 495 100-00-02
	e-mail: boris@svyaz.ru
	EOF
	notice_is 3
'

test_ok 'a temporary cover: until when, and who comes back the day after; a split legacy name' '
	cat >want <<-\EOF &&
	Тема: временная замена Вашего персонального менеджера

	Уважаемая Мария Петровна!

	С 22 ноября 2026 г. по 6 декабря 2026 г. включительно Вашим персональным менеджером в компании «Связь-Сервис» будет Борис Орлов.
	Алёна Кузнецова передала коллеге всю историю нашей работы с компанией «Лотос».
	С 7 декабря 2026 г. Вашим персональным менеджером снова будет Алёна Кузнецова.

	Все наши договорённости, обещания, скидки и гарантии остаются в силе.

	Следующий согласованный контакт: 25 ноября 2026 г.

	С уважением,
	Борис Орлов
	менеджер по работе с клиентами
	Связь-Сервис
	тел.: +7 495 100-00-02
	e-mail: boris@svyaz.ru
	EOF
	notice_is 4
'

test_ok 'a trainee: a new colleague, and the mentor the client may turn to; the form of address' '
	cat >want <<-\EOF &&
	Тема: Ваш новый персональный менеджер

	Уважаемый Олег Николаевич!

	С 22 ноября 2026 г. Вашим персональным менеджером в компании «Связь-Сервис» становится Дина Смирнова.
	Алёна Кузнецова передала коллеге всю историю нашей работы с компанией «Вектор».

	Все наши договорённости, обещания, скидки и гарантии остаются в силе.

	Дина Смирнова — новый сотрудник нашей компании.
	Наставник нового менеджера — Алёна Кузнецова, к наставнику Вы всегда можете обратиться.
	  телефон наставника: +7 495 100-00-01
	  e-mail наставника: alena@svyaz.ru

	Следующий согласованный контакт: 25 ноября 2026 г.

	С уважением,
	Дина Смирнова
	Связь-Сервис
	e-mail: dina@svyaz.ru
	EOF
	notice_is 5
'

test_ok 'without company.name: «в нашей компании», and no company under the signature' '
	crm config unset company.name &&
	cat >want <<-\EOF &&
	Тема: Ваш новый персональный менеджер

	Добрый день!

	С 22 ноября 2026 г. Вашим персональным менеджером в нашей компании становится Борис Орлов.
	Алёна Кузнецова передала коллеге всю историю нашей работы с компанией «Ромашка».

	Все наши договорённости, обещания, скидки и гарантии остаются в силе.

	Следующий согласованный контакт: 25 ноября 2026 г.

	С уважением,
	Борис Орлов
	менеджер по работе с клиентами
	тел.: +7 495 100-00-02
	e-mail: boris@svyaz.ru
	EOF
	notice_is 3 &&
	crm config set company.name "Связь-Сервис"
'

test_ok 'English letters (letters.language en), the same under both locales' '
	crm config set letters.language en &&
	cat >want <<-\EOF &&
	Subject: a temporary change of your personal manager

	Dear Мария Петровна,

	From 22 November 2026 to 6 December 2026 inclusive, your personal manager at Связь-Сервис is Борис Орлов.
	Алёна Кузнецова has passed on the whole history of our work with Лотос.
	From 7 December 2026, Алёна Кузнецова is your personal manager again.

	Every agreement, promise, discount and guarantee we made stays valid.

	Our next agreed contact: 25 November 2026.

	Kind regards,
	Борис Орлов
	менеджер по работе с клиентами
	Связь-Сервис
	phone: +7 495 100-00-02
	email: boris@svyaz.ru
	EOF
	notice_is 4 &&
	crm config unset letters.language
'

test_ok 'a template with the new placeholders' '
	cat >tmpl.txt <<-\EOF &&
	{greeting} {passed} {in_company} {with_client} {date_words} {next_date_words}
	{position} / {company}
	до {until}, с {return_date} вернётся {returning}
	EOF
	expect_code 0 ru handover notice --template tmpl.txt 4 &&
	test_file_is out "Уважаемая Мария Петровна! передала в компании «Связь-Сервис» с компанией «Лотос» 22 ноября 2026 г. 25 ноября 2026 г.
менеджер по работе с клиентами / Связь-Сервис
до 6 декабря 2026 г., с 7 декабря 2026 г. вернётся Алёна Кузнецова" &&
	expect_code 0 crm handover notice --template tmpl.txt 1 &&
	test_file_is out "Уважаемый Андрей Викторович! передала в компании «Связь-Сервис» с компанией «Городская Дума» 22 ноября 2026 г. 25 ноября 2026 г.
менеджер по работе с клиентами / Связь-Сервис"
'

test_ok 'the farewell letter: a private person greeted by the name the client has' '
	cat >want <<-\EOF &&
	Тема: завершение сотрудничества

	Уважаемая Ольга Игоревна!

	Благодарим Вас за время нашей совместной работы.
	Мы больше не сможем вести Ваши дела так, как Вы того заслуживаете,
	и поэтому с 22 ноября 2026 г. завершаем наше сотрудничество.

	Все обязательства, взятые нами ранее, мы выполним.
	Если Вам понадобится помощь, мы будем рады Вас выслушать.

	Желаем Вам успехов!

	С уважением,
	Борис Орлов
	менеджер по работе с клиентами
	Связь-Сервис
	тел.: +7 495 100-00-02
	e-mail: boris@svyaz.ru
	EOF
	base_copy ru &&
	CRM_DB=$(test_base ru) expect_code 0 ru client farewell --notice --reason переезд \
		"Смирнова Ольга Игоревна" &&
	cmp want out &&
	expect_code 0 crm client farewell --notice --reason переезд "Смирнова Ольга Игоревна" &&
	cmp want out &&
	test_file_is err "farewell said: 0 next actions closed"
'

# ---- the options that feed the letters ------------------------------------------------

test_ok 'contact: the name in parts in JSON, the same under both locales' '
	expect_code 0 ru --format json --fields name,first_name,patronymic,last_name,gender,address_as contact list "Городская Дума" &&
	mv out json.ru &&
	expect_code 0 crm --format json --fields name,first_name,patronymic,last_name,gender,address_as contact list "Городская Дума" &&
	cmp json.ru out &&
	test_file_is out "[
{\"name\":\"Сергеев Андрей Викторович\",\"first_name\":\"Андрей\",\"patronymic\":\"Викторович\",\"last_name\":\"Сергеев\",\"gender\":\"m\",\"address_as\":null}
]"
'

test_ok 'contact edit: Russian gender words store f and m; '\'''\'' clears; journaled' '
	crm -q contact add Ромашка "Андрей Сергеев" &&
	crm contact edit --first Андрей --patronymic Викторович --last Сергеев \
		--gender м "Андрей Сергеев" &&
	test "$($SQLX crm.db "SELECT first_name, patronymic, last_name, gender FROM contact WHERE name = '\''Андрей Сергеев'\''")" = "Андрей|Викторович|Сергеев|m" &&
	expect_code 0 ru contact edit --gender женский --address-as "Андрей" "Андрей Сергеев" &&
	test "$($SQLX crm.db "SELECT gender, address_as FROM contact WHERE name = '\''Андрей Сергеев'\''")" = "f|Андрей" &&
	expect_code 0 crm contact edit --gender "" --address-as "" --last "" "Андрей Сергеев" &&
	test "$($SQLX crm.db "SELECT CAST(gender IS NULL AS INTEGER), CAST(address_as IS NULL AS INTEGER), CAST(last_name IS NULL AS INTEGER) FROM contact WHERE name = '\''Андрей Сергеев'\''")" = "1|1|1" &&
	$SQLX crm.db "SELECT data FROM journal ORDER BY id DESC LIMIT 1" >data &&
	test_file_is data "{\"id\":5,\"client_id\":3,\"name\":\"Андрей Сергеев\",\"changes\":{\"last_name\":{\"old\":\"Сергеев\",\"new\":null},\"gender\":{\"old\":\"f\",\"new\":null},\"address_as\":{\"old\":\"Андрей\",\"new\":null}}}"
'

test_ok 'contact: a gender other than f or m is refused (2), in each language' '
	expect_code 2 crm contact edit --gender x "Андрей Сергеев" &&
	test_file_is err "error: invalid gender '\''x'\'' (f, m)" &&
	expect_code 2 ru contact edit --gender x "Андрей Сергеев" &&
	test_grep "ошибка: " err && test_grep "x" err &&
	expect_code 2 crm contact add --gender x Ромашка Пётр &&
	test "$($SQLX crm.db "SELECT count(*) FROM contact WHERE name = '\''Пётр'\''")" = 0
'

test_ok 'contact: a part of the name is one line, 200 characters at most' '
	expect_code 0 crm contact edit --first "$(printf "%0200d" 0)" "Андрей Сергеев" &&
	expect_code 2 crm contact edit --first "$(printf "%0201d" 0)" "Андрей Сергеев" &&
	test_grep "first name is too long" err &&
	expect_code 2 crm contact edit --patronymic "$(printf "a\nb")" "Андрей Сергеев" &&
	expect_code 2 crm contact edit --address-as "$(printf "a\tb")" "Андрей Сергеев" &&
	test "$($SQLX crm.db "SELECT length(first_name) FROM contact WHERE name = '\''Андрей Сергеев'\''")" = 200
'

test_ok 'manager: gender and position in JSON and show, the same under both locales' '
	expect_code 0 ru --json --fields name,gender,position manager show Борис &&
	mv out json.ru &&
	expect_code 0 crm --json --fields name,gender,position manager show Борис &&
	cmp json.ru out &&
	test_file_is out "{\"name\":\"Борис Орлов\",\"gender\":\"m\",\"position\":\"менеджер по работе с клиентами\"}" &&
	expect_code 0 crm manager show Борис &&
	grep -q "^position  *менеджер по работе с клиентами$" out &&
	expect_code 0 crm manager show Глеб &&
	! grep -q "gender" out
'

test_ok 'manager edit: gender and position, '\'''\'' removes; a bad gender is refused (2)' '
	crm manager edit --gender ж --position "менеджер по работе с клиентами" Глеб &&
	test "$($SQLX crm.db "SELECT gender, position FROM manager WHERE name = '\''Глеб Петров'\''")" = "f|менеджер по работе с клиентами" &&
	crm manager edit --gender "" --position "" Глеб &&
	test "$($SQLX crm.db "SELECT CAST(gender IS NULL AS INTEGER), CAST(position IS NULL AS INTEGER) FROM manager WHERE name = '\''Глеб Петров'\''")" = "1|1" &&
	expect_code 2 crm manager edit --gender мужик Глеб &&
	test_file_is err "error: invalid gender '\''мужик'\'' (f, m)"
'

test_ok 'the man page examples' '
	crm -q manager add анна &&
	crm manager edit --gender ж --position "менеджер по работе с клиентами" анна &&
	test "$($SQLX crm.db "SELECT gender FROM manager WHERE name = '\''анна'\''")" = f
'

# ---- schema step 10 ----------------------------------------------------------------

test_ok 'an older base: handover.notice_language becomes letters.language' '
	$MKBASE old.db 9 && chmod 600 old.db &&
	$SQLX old.db "INSERT INTO config VALUES ('\''handover.notice_language'\'', '\''en'\'')" &&
	expect_code 0 crm --db old.db config get letters.language &&
	test_file_is out en &&
	test "$($SQLX old.db "SELECT count(*) FROM config WHERE key = '\''handover.notice_language'\''")" = 0 &&
	expect_code 2 crm --db old.db config get handover.notice_language
'

test_done
