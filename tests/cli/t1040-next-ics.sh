#!/bin/sh
# t1040-next-ics: crm next list --format ics, next actions as a calendar
# (RFC 5545): a timed action a VEVENT in the team's zone (Europe/Moscow)
# with its VTIMEZONE, a dated one a VTODO due that day, done ones
# CANCELLED with --all, the UID stable, next list's filters kept. Every
# calendar is read back by two real parsers: Debian's python3-icalendar
# (tests/helpers/ics-dump.py, which also refuses lines over 75 octets,
# without CRLF or with a character split by a fold) and libical's own
# parser with its RFC 5545 restriction checks (tests/helpers/icscheck).
. "$SRCDIR/tests/cli/lib.sh"

# now: 2026-11-22T10:00:00Z, 13:00 in Moscow
crm init --zone Europe/Moscow >/dev/null 2>&1 &&
crm manager add "Anna Petrova" >/dev/null &&
crm manager add "Boris Orlov" >/dev/null &&
crm client add --owner Anna "ООО «Ромашка»" >/dev/null &&
crm client add --owner Boris Acme >/dev/null &&
crm contact add --key --phone "+7 912 345-67-89" 1 "Иван Петров" >/dev/null &&
crm contact add --key --phone "+7 900 000-00-00" 1 "Пётр Ушёл" >/dev/null &&
crm contact add --phone "+7 911 111-11-11" 1 "Секретарь" >/dev/null &&
"$SQLX" "$CRM_DB" "UPDATE contact SET left_on = 1790000000 WHERE id = 2" &&
U1=$("$SQLX" "$CRM_DB" "SELECT uuid FROM client WHERE id = 1") &&
U2=$("$SQLX" "$CRM_DB" "SELECT uuid FROM client WHERE id = 2") || {
	echo "Bail out! cannot set up the base"
	exit 1
}

LONG="встреча в офисе: обсудить поставки на следующий год, скидки, сроки оплаты и нового контактного лица"

# both parsers read FILE; their lines into ./dump and ./parts
ics_read() {
	/usr/bin/python3 "$SRCDIR/tests/helpers/ics-dump.py" "$1" >dump &&
	"$ICSCHECK" "$1" >parts || {
		echo "a parser refused $1:"
		cat "$1"
		return 1
	}
}

test_ok 'a timed action is a VEVENT in Moscow time, a dated one a VTODO due that day' '
	crm next add --due 2026-11-24T10:00 --kind meeting 1 "$LONG" >/dev/null &&
	crm next add --due 2026-11-25 --kind call 1 "позвонить бухгалтеру" >/dev/null &&
	crm next add --due 2026-11-23 Acme "send the price list" >/dev/null &&
	expect_code 0 crm next list --format ics &&
	test_empty err &&
	ics_read out &&
	test_file_is parts "VCALENDAR
VTIMEZONE
VTODO next-3-$U2@crm
VEVENT next-1-$U1@crm
VTODO next-2-$U1@crm" &&
	test_file_is dump "VCALENDAR|-//crm//crm $("$CRM" --version | sed "s/.* //")//EN|2.0|GREGORIAN|crm: next actions
VTIMEZONE|Europe/Moscow|STANDARD +0300
VTODO|next-3-$U2@crm|NEEDS-ACTION|DUE 2026-11-23 date|Acme: send the price list|task|crm next show 3
VEVENT|next-1-$U1@crm|CONFIRMED|DTSTART 2026-11-24T10:00 Europe/Moscow=2026-11-24T07:00:00Z|DTEND 2026-11-24T11:00 Europe/Moscow=2026-11-24T08:00:00Z|ООО «Ромашка»: $LONG|meeting|Key contact: Иван Петров, +7 912 345-67-89 / crm next show 1
VTODO|next-2-$U1@crm|NEEDS-ACTION|DUE 2026-11-25 date|ООО «Ромашка»: позвонить бухгалтеру|call|Key contact: Иван Петров, +7 912 345-67-89 / crm next show 2"
'

test_ok 'the text as written: TZID, VALUE=DATE, DTSTAMP of CRM_NOW, CRLF, folded lines' '
	expect_code 0 crm next list --format ics &&
	tr -d "\r" <out >lf &&
	test "$(grep -c "$(printf "\r\$")" out)" = "$(wc -l <out)" &&
	test_grep "DTSTART;TZID=Europe/Moscow:20261124T100000" lf &&
	test_grep "DTEND;TZID=Europe/Moscow:20261124T110000" lf &&
	test_grep "DUE;VALUE=DATE:20261125" lf &&
	test_grep "TZID:Europe/Moscow" lf &&
	test "$(grep -c "^DTSTAMP:20261122T100000Z\$" lf)" = 3 &&
	test "$(grep -c "^ " lf)" -ge 2 &&
	! grep -q "^DTSTART:.*Z\$\|^DTEND:\|^DUE:\|freeassociation" lf
'

test_ok 'the UID stays across runs and a move; the event follows the move' '
	expect_code 0 crm next list --format ics && grep "^UID:" out >uid1 &&
	expect_code 0 crm next list --format ics && grep "^UID:" out >uid2 &&
	cmp uid1 uid2 &&
	crm next move --due 2026-11-26T15:30 --reason "клиент просил" 1 >/dev/null &&
	expect_code 0 crm next list --format ics &&
	ics_read out &&
	grep "^VEVENT" dump | cut -d"|" -f2,4,5 >got &&
	test_file_is got "next-1-$U1@crm|DTSTART 2026-11-26T15:30 Europe/Moscow=2026-11-26T12:30:00Z|DTEND 2026-11-26T16:30 Europe/Moscow=2026-11-26T13:30:00Z"
'

test_ok 'calendar.duration sets the length of an event' '
	crm config set calendar.duration 5 &&
	expect_code 0 crm next list --format ics &&
	ics_read out &&
	grep "^VEVENT" dump | cut -d"|" -f5 >got &&
	test_file_is got "DTEND 2026-11-26T15:35 Europe/Moscow=2026-11-26T12:35:00Z" &&
	crm config unset calendar.duration
'

test_ok 'done actions: left out, and CANCELLED with --all (VTODO and VEVENT)' '
	crm next add --due 2026-11-27T09:00 --kind call Acme "call back" >/dev/null &&
	crm next done 2 >/dev/null &&
	crm next done 4 >/dev/null &&
	expect_code 0 crm next list --format ics &&
	ics_read out &&
	test_file_is parts "VCALENDAR
VTIMEZONE
VTODO next-3-$U2@crm
VEVENT next-1-$U1@crm" &&
	expect_code 0 crm next list --all --format ics &&
	ics_read out &&
	cut -d"|" -f1-3 dump >got &&
	test_file_is got "VCALENDAR|-//crm//crm $("$CRM" --version | sed "s/.* //")//EN|2.0
VTIMEZONE|Europe/Moscow|STANDARD +0300
VTODO|next-3-$U2@crm|NEEDS-ACTION
VTODO|next-2-$U1@crm|CANCELLED
VEVENT|next-1-$U1@crm|CONFIRMED
VEVENT|next-4-$U2@crm|CANCELLED"
'

test_ok 'the filters of next list apply: client, --assignee, --mine, --due-before, --overdue' '
	expect_code 0 crm next list --format ics Acme &&
	ics_read out &&
	test_file_is parts "VCALENDAR
VTODO next-3-$U2@crm" &&
	expect_code 0 crm next list --format ics --assignee Anna &&
	ics_read out &&
	test_file_is parts "VCALENDAR
VTIMEZONE
VEVENT next-1-$U1@crm" &&
	expect_code 0 crm --as "Boris Orlov" next list --format ics --mine --all &&
	ics_read out &&
	test_file_is parts "VCALENDAR
VTIMEZONE
VTODO next-3-$U2@crm
VEVENT next-4-$U2@crm" &&
	expect_code 0 crm next list --format ics --due-before 2026-11-24 &&
	ics_read out &&
	test_file_is parts "VCALENDAR
VTODO next-3-$U2@crm" &&
	CRM_NOW=2026-11-26T12:30:00Z expect_code 0 "$CRM" next list --format ics --overdue &&
	ics_read out &&
	test_file_is parts "VCALENDAR
VTIMEZONE
VTODO next-3-$U2@crm
VEVENT next-1-$U1@crm" &&
	CRM_NOW=2026-11-26T12:29:59Z expect_code 0 "$CRM" next list --format ics --overdue &&
	ics_read out &&
	test_file_is parts "VCALENDAR
VTODO next-3-$U2@crm"
'

test_ok 'an empty selection is a valid empty calendar' '
	crm client add Empty >/dev/null &&
	expect_code 0 crm next list --format ics Empty &&
	test_empty err &&
	ics_read out &&
	test_file_is parts "VCALENDAR" &&
	test_file_is dump "VCALENDAR|-//crm//crm $("$CRM" --version | sed "s/.* //")//EN|2.0|GREGORIAN|crm: next actions"
'

test_ok 'base.language ru: the calendar name and the description in Russian' '
	crm config set base.language ru &&
	expect_code 0 crm next list --format ics 1 &&
	ics_read out &&
	test_file_is dump "VCALENDAR|-//crm//crm $("$CRM" --version | sed "s/.* //")//EN|2.0|GREGORIAN|crm: следующие действия
VTIMEZONE|Europe/Moscow|STANDARD +0300
VEVENT|next-1-$U1@crm|CONFIRMED|DTSTART 2026-11-26T15:30 Europe/Moscow=2026-11-26T12:30:00Z|DTEND 2026-11-26T16:30 Europe/Moscow=2026-11-26T13:30:00Z|ООО «Ромашка»: $LONG|meeting|Ключевой контакт: Иван Петров, +7 912 345-67-89 / crm next show 1" &&
	crm config set base.language en
'

test_ok 'a UTC base: times in UTC with Z, no VTIMEZONE' '
	CRM_DB=$PWD/utc.db expect_code 0 "$CRM" init --zone UTC &&
	CRM_DB=$PWD/utc.db "$CRM" client add Zulu >/dev/null &&
	CRM_DB=$PWD/utc.db "$CRM" next add --due 2026-11-24T10:00 --kind call Zulu "ring" >/dev/null &&
	CRM_DB=$PWD/utc.db expect_code 0 "$CRM" next list --format ics &&
	ics_read out &&
	test_grep "DTSTART:20261124T100000Z" out &&
	! grep -q "VTIMEZONE\|TZID" out &&
	grep "^VEVENT" dump | cut -d"|" -f4,5 >got &&
	test_file_is got "DTSTART 2026-11-24T10:00 UTC=2026-11-24T10:00:00Z|DTEND 2026-11-24T11:00 UTC=2026-11-24T11:00:00Z"
'

test_ok 'libical reads the times through the file'"'"'s own VTIMEZONE' '
	expect_code 0 crm next list --format ics 1 &&
	"$ICSCHECK" --utc out >got &&
	test_file_is got "VCALENDAR
VTIMEZONE
VEVENT next-1-$U1@crm 20261126T123000Z"
'

test_ok 'a zone with summer time (Europe/Berlin): winter and summer events, both rules' '
	B="env CRM_DB=$PWD/berlin.db $CRM" &&
	$B init --zone Europe/Berlin >/dev/null 2>&1 &&
	$B client add Berlin >/dev/null &&
	$B next add --due 2026-11-24T10:00 Berlin winter >/dev/null 2>&1 &&
	$B next add --due 2027-07-01T10:00 Berlin summer >/dev/null 2>&1 &&
	$B next list --format ics >cal &&
	ics_read cal &&
	grep "^VEVENT" dump | cut -d"|" -f4 >got &&
	test_file_is got "DTSTART 2026-11-24T10:00 Europe/Berlin=2026-11-24T09:00:00Z
DTSTART 2027-07-01T10:00 Europe/Berlin=2027-07-01T08:00:00Z" &&
	grep "^VTIMEZONE" dump >got &&
	test_grep "DAYLIGHT +0200" got &&
	test_grep "STANDARD +0100" got &&
	"$ICSCHECK" --utc cal | cut -s -d" " -f3 >got &&
	test_file_is got "20261124T090000Z
20270701T080000Z"
'

test_ok '--format ics on another command, or with --fields: usage error, nothing written' '
	expect_code 2 crm client list --format ics &&
	test_empty out &&
	test_grep "crm client list does not write --format ics" err &&
	expect_code 2 crm --format ics next show 1 &&
	test_empty out &&
	expect_code 2 crm --fields id next list --format ics &&
	test_empty out &&
	test_grep "fields does not apply to --format ics" err
'

test_ok 'bad input: an unknown client (3), --mine by no manager (3), nothing written' '
	expect_code 3 crm next list --format ics Nobody &&
	test_empty out &&
	test_grep "Nobody" err &&
	expect_code 3 crm --as stranger next list --mine --format ics &&
	test_empty out &&
	expect_code 2 crm next list --format ics --due-before someday &&
	test_empty out
'

test_ok 'a Russian locale: the same calendar, the error translated' '
	expect_code 0 crm next list --format ics &&
	mv out out.c &&
	LC_ALL=ru_RU.UTF-8 expect_code 0 "$CRM" next list --format ics &&
	cmp out out.c &&
	LC_ALL=ru_RU.UTF-8 expect_code 2 "$CRM" --fields id next list --format ics &&
	test_empty out &&
	test_grep "format ics" err &&
	! grep -q "does not apply" err
'

test_done
