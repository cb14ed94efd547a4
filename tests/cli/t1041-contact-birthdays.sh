#!/bin/sh
# t1041-contact-birthdays: crm contact list --birthdays, the present key
# contacts' next birthdays from today in the team's zone (Europe/Moscow),
# 29 February, and --format ics: a yearly all-day event per person, read
# back by python3-icalendar (with dateutil expanding the rule) and by
# libical's own parser with its RFC 5545 checks (tests/helpers/icscheck).
. "$SRCDIR/tests/cli/lib.sh"

# now: 2026-11-22T10:00:00Z, 13:00 in Moscow. The birthdays and the day a
# contact left are set in the base directly: this test is about reading
# them, whatever writes them.
crm init --zone Europe/Moscow >/dev/null 2>&1 &&
crm client add "ООО «Ромашка»" >/dev/null &&
crm client add Acme >/dev/null &&
crm client add Empty >/dev/null &&
crm contact add --key 1 "Иван Петров" >/dev/null &&
crm contact add --key 1 "Мария Иванова" >/dev/null &&
crm contact add --key 2 "John Smith" >/dev/null &&
crm contact add --key 2 "Today Born" >/dev/null &&
crm contact add --key 1 "Пётр Ушёл" >/dev/null &&
crm contact add 1 "Секретарь" >/dev/null &&
crm contact add --key 2 "No Birthday" >/dev/null &&
"$SQLX" "$CRM_DB" "UPDATE contact SET birthday = CASE id
	WHEN 1 THEN '1970-05-12' WHEN 2 THEN '--02-29' WHEN 3 THEN '1980-11-21'
	WHEN 4 THEN '--11-22' WHEN 5 THEN '1975-11-23' WHEN 6 THEN '1990-11-23' END;
	UPDATE contact SET left_on = 1790000000 WHERE id = 5" &&
C1=$("$SQLX" "$CRM_DB" "SELECT uuid FROM contact WHERE id = 1") &&
C2=$("$SQLX" "$CRM_DB" "SELECT uuid FROM contact WHERE id = 2") &&
C3=$("$SQLX" "$CRM_DB" "SELECT uuid FROM contact WHERE id = 3") &&
C4=$("$SQLX" "$CRM_DB" "SELECT uuid FROM contact WHERE id = 4") || {
	echo "Bail out! cannot set up the base"
	exit 1
}

# both parsers read FILE; their lines into ./dump and ./parts
ics_read() {
	/usr/bin/python3 "$SRCDIR/tests/helpers/ics-dump.py" "$1" >dump &&
	"$ICSCHECK" "$1" >parts || {
		echo "a parser refused $1:"
		cat "$1"
		return 1
	}
}

test_ok 'the key people still there, the next birthday first: today 0, yesterday 364' '
	expect_code 0 crm contact list --birthdays &&
	test_empty err &&
	test_file_is out "ID  CLIENT         NAME           BIRTHDAY    NEXT_DATE   DAYS  AGE
 4  Acme           Today Born     --11-22     2026-11-22     0    -
 2  ООО «Ромашка»  Мария Иванова  --02-29     2027-02-28    98    -
 1  ООО «Ромашка»  Иван Петров    1970-05-12  2027-05-12   171   57
 3  Acme           John Smith     1980-11-21  2027-11-21   364   47"
'

test_ok 'a Russian locale: the headers in Russian' '
	LC_ALL=ru_RU.UTF-8 expect_code 0 "$CRM" contact list --birthdays Acme &&
	test_file_is out "ID  КЛИЕНТ  ИМЯ         ДЕНЬ РОЖДЕНИЯ  БЛИЖАЙШИЙ   ДНЕЙ  ИСПОЛНИТСЯ
 4  Acme    Today Born  --11-22        2026-11-22     0           -
 3  Acme    John Smith  1980-11-21     2027-11-21   364          47"
'

test_ok 'json: every field, age null when the year is unknown; a client selects' '
	expect_code 0 crm --json contact list --birthdays 1 &&
	test_file_is out "[
{\"id\":2,\"client_id\":1,\"client\":\"ООО «Ромашка»\",\"name\":\"Мария Иванова\",\"birthday\":\"--02-29\",\"next\":\"2027-02-28\",\"days\":98,\"age\":null},
{\"id\":1,\"client_id\":1,\"client\":\"ООО «Ромашка»\",\"name\":\"Иван Петров\",\"birthday\":\"1970-05-12\",\"next\":\"2027-05-12\",\"days\":171,\"age\":57}
]" &&
	expect_code 0 crm --format csv --fields name,days contact list --birthdays Empty &&
	test_file_is out "name,days"
'

test_ok 'today is the team zone day: 22 November begins at 21:00Z the day before' '
	CRM_NOW=2026-11-21T21:00:00Z expect_code 0 "$CRM" --format csv --fields id,next,days contact list --birthdays Acme &&
	test_file_is out "id,next,days
4,2026-11-22,0
3,2027-11-21,364" &&
	CRM_NOW=2026-11-21T20:59:59Z expect_code 0 "$CRM" --format csv --fields id,next,days contact list --birthdays Acme &&
	test_file_is out "id,next,days
3,2026-11-21,0
4,2026-11-22,1"
'

test_ok '29 February: the 28th in other years, the 29th in a leap year' '
	CRM_NOW=2027-02-28T10:00:00Z expect_code 0 "$CRM" --format csv --fields id,next,days contact list --birthdays 1 &&
	test_file_is out "id,next,days
2,2027-02-28,0
1,2027-05-12,73" &&
	CRM_NOW=2027-03-01T10:00:00Z expect_code 0 "$CRM" --format csv --fields id,next,days contact list --birthdays 1 &&
	test_file_is out "id,next,days
1,2027-05-12,72
2,2028-02-29,365" &&
	CRM_NOW=2028-02-28T10:00:00Z expect_code 0 "$CRM" --format csv --fields id,next,days contact list --birthdays 1 &&
	test_file_is out "id,next,days
2,2028-02-29,1
1,2028-05-12,74"
'

test_ok '--format ics: a yearly all-day event each, UID from the contact uuid' '
	expect_code 0 crm contact list --birthdays --format ics &&
	test_empty err &&
	ics_read out &&
	test_file_is parts "VCALENDAR
VEVENT birthday-$C4@crm
VEVENT birthday-$C2@crm
VEVENT birthday-$C1@crm
VEVENT birthday-$C3@crm" &&
	test_file_is dump "VCALENDAR|-//crm//crm $("$CRM" --version | sed "s/.* //")//EN|2.0|GREGORIAN|crm: birthdays
VEVENT|birthday-$C4@crm|-|DTSTART 2000-11-22 date|RRULE FREQ=YEARLY|Birthday: Today Born (Acme)|Birthday
VEVENT|birthday-$C2@crm|-|DTSTART 2000-02-29 date|RRULE FREQ=YEARLY;BYMONTHDAY=-1;BYMONTH=2|Birthday: Мария Иванова (ООО «Ромашка»)|Birthday
VEVENT|birthday-$C1@crm|-|DTSTART 1970-05-12 date|RRULE FREQ=YEARLY|Birthday: Иван Петров (ООО «Ромашка»)|Birthday
VEVENT|birthday-$C3@crm|-|DTSTART 1980-11-21 date|RRULE FREQ=YEARLY|Birthday: John Smith (Acme)|Birthday" &&
	tr -d "\r" <out >lf &&
	test_grep "DTSTART;VALUE=DATE:20000229" lf &&
	test "$(grep -c "^TRANSP:TRANSPARENT\$" lf)" = 4 &&
	test "$(grep -c "^DTSTAMP:20261122T100000Z\$" lf)" = 4
'

test_ok 'the rules recur on the right days: 29 February on the 28th in 2001' '
	expect_code 0 crm contact list --birthdays --format ics 1 &&
	/usr/bin/python3 -c "
import sys, icalendar
from dateutil.rrule import rrulestr
cal = icalendar.Calendar.from_ical(open(\"out\", \"rb\").read())
for ev in cal.walk(\"VEVENT\"):
    start = ev[\"DTSTART\"].dt
    rule = rrulestr(ev[\"RRULE\"].to_ical().decode(), dtstart=start)
    print(\" \".join(d.strftime(\"%Y-%m-%d\") for d in rule[:5]))
" >got &&
	test_file_is got "2000-02-29 2001-02-28 2002-02-28 2003-02-28 2004-02-29
1970-05-12 1971-05-12 1972-05-12 1973-05-12 1974-05-12"
'

test_ok 'base.language ru: the summary in Russian' '
	crm config set base.language ru &&
	expect_code 0 crm contact list --birthdays --format ics 1 &&
	ics_read out &&
	{ sed -n 1p dump | cut -d"|" -f5 && sed 1d dump | cut -d"|" -f6,7; } >got &&
	test_file_is got "crm: дни рождения
День рождения: Мария Иванова (ООО «Ромашка»)|День рождения
День рождения: Иван Петров (ООО «Ромашка»)|День рождения" &&
	crm config set base.language en
'

test_ok 'nobody with a birthday: a valid empty calendar, an empty list' '
	expect_code 0 crm contact list --birthdays --format ics Empty &&
	ics_read out &&
	test_file_is parts "VCALENDAR" &&
	expect_code 0 crm --json contact list --birthdays Empty &&
	test_file_is out "[]"
'

test_ok 'bad input: ics without --birthdays, --stale with it, --fields (2), an unknown client (3)' '
	expect_code 2 crm contact list --format ics &&
	test_empty out &&
	test_grep "add --birthdays" err &&
	expect_code 2 crm contact list --birthdays --stale 30 &&
	test_empty out &&
	expect_code 2 crm --fields name contact list --birthdays --format ics &&
	test_empty out &&
	expect_code 3 crm contact list --birthdays --format ics Nobody &&
	test_empty out &&
	LC_ALL=ru_RU.UTF-8 expect_code 2 "$CRM" contact list --format ics &&
	test_grep "birthdays" err &&
	! grep -q "writes the birthdays" err
'

test_ok 'contact list without --birthdays is unchanged' '
	expect_code 0 crm --format csv --fields id,name contact list --key 2 &&
	test_file_is out "id,name
3,John Smith
7,No Birthday
4,Today Born"
'

test_done
