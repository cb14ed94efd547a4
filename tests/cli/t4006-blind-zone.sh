#!/bin/sh
# t4006-blind-zone: the story of seed 002 replayed, and the head of sales
# shown it: a meeting set for Tuesday 10:00, moved by the manager the
# evening before to 11:00 "because there is no car", the manager there at
# 11:25; a week on, nobody called the client. crm note --at and --late
# with their bad input, the author kept, lateness through export and
# import, and the three rules of the blind zone from the command line.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/audit-fixture.sh"

T=$(printf '\t')

on() { # the moment the next commands run at
	CRM_NOW=$1
	export CRM_NOW
}

sql() {
	"$SQLX" "$CRM_DB" "$1"
}

on 2026-11-20T09:00:00Z
{
	crm -q init --zone Europe/Moscow &&
	crm manager add --role head --email irina@firm.example "Ирина Волкова" &&
	crm manager add --email olga@firm.example "Ольга Белова" &&
	crm client add --owner "Ольга Белова" "ООО Полюс" &&
	crm client add --owner "Ольга Белова" "ООО Север" &&
	# the meeting planned for Tuesday 10:00 Moscow (07:00 UTC); the move
	# is what crm next move writes
	sql "INSERT INTO next_action(id, client_id, text, due, timed, kind, status, author,
	       created) VALUES (1, 1, 'презентация в офисе клиента', $(ts 2026-11-24T07:00),
	       1, 'meeting', 'open', 'Ольга Белова', $(ts 2026-11-20T09:00))"
} >/dev/null 2>&1 || {
	echo "Bail out! cannot build the base"
	exit 1
}

# ---- Monday evening: the manager moves the meeting

on 2026-11-23T16:00:00Z
test_ok 'Mon 19:00: the manager moves the meeting to 11:00, no car' '
	sql "INSERT INTO next_move(action_id, at, from_due, from_timed, to_due, to_timed, by,
	       reason, actor, actor_id) VALUES (1, $(ts 2026-11-23T16:00),
	       $(ts 2026-11-24T07:00), 1, $(ts 2026-11-24T08:00), 1, '\''manager'\'',
	       '\''нет машины'\'', '\''Ольга Белова'\'', 2);
	     UPDATE next_action SET due = $(ts 2026-11-24T08:00) WHERE id = 1" &&
	expect_code 0 crm --format tsv --fields rule,client,assignee,detail audit --rule rescheduled &&
	test_file_is out "rule${T}client${T}assignee${T}detail
rescheduled${T}ООО Полюс${T}Ирина Волкова${T}the meeting was moved 2026-11-24 10:00 → 11:00 by the manager 15 hours before: нет машины: moving a meeting for the manager'\''s own reasons is unacceptable; call the client to check"
'

# ---- Tuesday: the manager arrives at 11:25

on 2026-11-24T09:00:00Z
test_ok 'Tue: the meeting at 11:00 Moscow, 25 minutes late' '
	expect_code 0 crm --as "Ольга Белова" --format json note --kind meeting \
		--at 2026-11-24T11:00 --late 25 "ООО Полюс" "презентация каталога" &&
	test_empty err &&
	test_file_is out "{\"id\":1,\"client_id\":1,\"client\":\"ООО Полюс\",\"kind\":\"meeting\",\"at\":\"2026-11-24T08:00:00Z\",\"author\":\"Ольга Белова\",\"text\":\"презентация каталога\",\"outcome\":null,\"amount\":null,\"late\":25}" &&
	test "$(sql "SELECT author_id, late FROM interaction WHERE id = 1")" = "2|25"
'

test_ok 'the log and client show: the local time and the lateness' '
	expect_code 0 crm --fields at,event,text,author log "ООО Полюс" &&
	sed "s/  */ /g" out >got &&
	test_grep "2026-11-24 11:00 meeting презентация каталога (late: 25 min) Ольга Белова" got &&
	expect_code 0 crm client show "ООО Полюс" &&
	sed "s/  */ /g" out >got &&
	test_grep "ID AT KIND AUTHOR TEXT OUTCOME AMOUNT LATE" got &&
	test_grep " 1 2026-11-24 11:00 meeting Ольга Белова презентация каталога - - 25" got
'

test_ok 'a note by someone who is no manager keeps no author id' '
	expect_code 0 crm --as "Гость" note --kind call "ООО Север" "звонок" &&
	test "$(sql "SELECT CAST(author_id IS NULL AS INTEGER) FROM interaction WHERE id = 2")" = 1 &&
	expect_code 0 crm --as "ольга белова" note --kind call "ООО Север" "ещё звонок" &&
	test "$(sql "SELECT author_id FROM interaction WHERE id = 3")" = 2
'

test_ok 'a date stays a day: --date, and --at with a date' '
	expect_code 0 crm --format csv --fields at note --date 2026-11-23 "ООО Север" "письмо" &&
	test_file_is out "at
2026-11-23" &&
	expect_code 0 crm --format csv --fields at note --at 2026-11-22 "ООО Север" "письмо" &&
	test_file_is out "at
2026-11-22"
'

count() {
	sql "SELECT count(*) FROM interaction"
}
n0=$(count)

test_code 2 'note: --late without --kind meeting' crm note --late 5 "ООО Север" x
test_ok '... names the fix' 'test_grep "error: --late is for a meeting: add --kind meeting" err'
test_code 2 'note: --late 1441' crm note --kind meeting --late 1441 "ООО Север" x
test_ok '... names the range' 'test_grep "invalid value '\''1441'\'' for --late: minutes late, a whole number from 0 to 1440" err'
test_code 2 'note: --late -1' crm note --kind meeting --late -1 "ООО Север" x
test_code 2 'note: --late 1.5' crm note --kind meeting --late 1.5 "ООО Север" x
test_code 2 'note: --late ""' crm note --kind meeting --late "" "ООО Север" x
test_code 2 'note: a time given to --date' crm note --date 2026-11-24T11:00 "ООО Север" x
test_ok '... points at --at' 'test_grep "error: --date takes a day, not '\''2026-11-24T11:00'\'': give a time with --at" err'
test_code 2 'note: --at and --date together' crm note --at 2026-11-24T11:00 --date 2026-11-24 "ООО Север" x
test_code 2 'note: a bad time' crm note --at 2026-11-24T25:00 "ООО Север" x
# now is 12:00 in Moscow: 12:01 has not happened yet, 12:00 has
test_code 2 'note: a minute after now' crm note --at 2026-11-24T12:01 "ООО Север" x
test_ok '... says so in local time' 'test_grep "date 2026-11-24 12:01 is in the future" err'
test_code 2 'note: a day after today' crm note --date 2026-11-25 "ООО Север" x
test_ok 'nothing was written by the refused notes' 'test "$(count)" = "$n0"'
test_code 0 'note: exactly now' crm --as "Ольга Белова" note --kind meeting --late 0 --at 2026-11-24T12:00 "ООО Север" x
test_ok '--late 0 is kept as 0, not as none' '
	test "$(sql "SELECT late FROM interaction ORDER BY id DESC LIMIT 1")" = 0
'

test_ok 'lateness goes through export and import' '
	crm client export >a.ndjson &&
	test_grep "\"late\":25" a.ndjson &&
	CRM_DB=$PWD/b.db crm -q init --zone Europe/Moscow &&
	CRM_DB=$PWD/b.db crm manager add "Ольга Белова" >/dev/null &&
	CRM_DB=$PWD/b.db crm -q client import a.ndjson &&
	test "$("$SQLX" b.db "SELECT late, author_id FROM interaction WHERE text = '\''презентация каталога'\''")" = "25|1" &&
	CRM_DB=$PWD/b.db crm client export >b.ndjson &&
	test_grep "\"late\":25" b.ndjson
'

test_ok 'import refuses lateness of a call' '
	sed "s/\"kind\":\"meeting\",\"at\":\"2026-11-24T08:00:00Z\"/\"kind\":\"call\",\"at\":\"2026-11-24T08:00:00Z\"/" a.ndjson >bad.ndjson &&
	expect_code 65 env CRM_DB=$PWD/c.db sh -c "\"\$CRM\" -q init && \"\$CRM\" client import bad.ndjson" &&
	test_grep "lateness is for a meeting only" err
'

# ---- a week on: what the head of sales gets

on 2026-12-01T09:00:00Z
cat >want <<EOF
rule${T}client${T}assignee
late-meeting${T}ООО Полюс${T}Ирина Волкова
no-control-call${T}ООО Полюс${T}Ирина Волкова
no-control-call${T}ООО Север${T}Ирина Волкова
rescheduled${T}ООО Полюс${T}Ирина Волкова
EOF

test_ok 'Tue a week on: the head sees the move, the lateness, and no control call' '
	expect_code 0 crm --format tsv --fields rule,client,assignee audit \
		--rule rescheduled --rule late-meeting --rule no-control-call &&
	sort out >got &&
	sort want >want.s &&
	cmp want.s got &&
	expect_code 0 crm --format tsv --fields detail audit --rule late-meeting &&
	test_grep "Ольга Белова came 25 minutes late to the meeting of 2026-11-24 11:00 (the limit is 15)" out &&
	expect_code 0 crm audit digest --assignee "Ирина Волкова" &&
	test_grep "no-control-call" out &&
	test_grep "the first meeting with the client, by Ольга Белова, was 7 days ago" out
'

test_ok 'the head calls the client: the control call clears no-control-call' '
	crm --as "Ирина Волкова" note --kind call "ООО Полюс" "как прошла встреча?" &&
	expect_code 0 crm --format tsv --fields rule,client audit --rule no-control-call &&
	test_file_is out "rule${T}client
no-control-call${T}ООО Север"
'

test_ok 'the thresholds from config: 30 minutes late' '
	crm config set audit.late-meeting.minutes 30 &&
	expect_code 0 crm --format tsv --fields rule audit --rule late-meeting &&
	test_file_is out "rule" &&
	crm config unset audit.late-meeting.minutes
'

test_ok 'a month on, the story is history' '
	on 2027-01-05T09:00:00Z &&
	expect_code 0 crm --format tsv --fields rule audit --rule rescheduled \
		--rule late-meeting --rule no-control-call &&
	test_file_is out "rule"
'

test_done
