#!/bin/sh
# t4007-seed-002: the meeting of seed 002 replayed with real commands. A
# new manager, Алёна, sets a meeting with a prospect for Tuesday 10:00
# (Moscow time), moves it on Monday afternoon to 11:00 "because there is no
# car", and arrives at 11:25. Field work is the head's blind zone: the
# audit must tell the head of sales of the move, of the lateness and, a
# week later, that nobody but Алёна has spoken with the client since.
. "$SRCDIR/tests/cli/lib.sh"

HEAD="Ольга Смирнова"
NEW="Алёна Кузнецова"
CLIENT="ООО «Вектор»"
CRM_USER=$HEAD

on() { # the moment the next commands run at
	CRM_NOW=$1
	export CRM_NOW
}

# Mon 16 Nov, 12:00 Moscow: the meeting is set by phone for Tue 24, 10:00
on 2026-11-16T09:00:00Z
{
	crm init --zone Europe/Moscow &&
	crm manager add --role head --email olga@firm.example "$HEAD" &&
	crm manager add --email alena@firm.example "$NEW" &&
	crm client add --owner "$NEW" --source "выставка «Пресса-2026»" "$CLIENT" &&
	crm --as "$NEW" note --kind call "$CLIENT" "Договорились о встрече: презентация журнала" &&
	crm --as "$NEW" next add "$CLIENT" "Встреча: презентация журнала" --kind meeting \
		--due 2026-11-24T10:00
} >/dev/null 2>setup.err || { cat setup.err; exit 1; }
ID=$("$SQLX" "$CRM_DB" "SELECT id FROM next_action")

test_ok 'the meeting is at 10:00 Moscow time, 07:00 UTC' '
	expect_code 0 crm --fields due next list "$CLIENT" &&
	test_grep "2026-11-24 10:00" out &&
	expect_code 0 crm --format json --fields due next list "$CLIENT" &&
	test_grep "2026-11-24T07:00:00Z" out
'

# Mon 23 Nov, 15:00 Moscow: "there is no car, can we move it to 11:00?"
on 2026-11-23T12:00:00Z
test_ok 'the move asks for a reason and keeps it' '
	expect_code 2 crm --as "$NEW" next move "$ID" --due 2026-11-24T11:00 &&
	test_grep "reason" err &&
	expect_code 0 crm --as "$NEW" next move "$ID" --due 2026-11-24T11:00 \
		--reason "не дали машину" &&
	expect_code 0 crm next show "$ID" &&
	test_grep "не дали машину" out &&
	test_grep "2026-11-24 10:00" out &&
	test_grep "2026-11-24 11:00" out &&
	expect_code 0 crm log "$CLIENT" &&
	test_grep "2026-11-24 10:00 -> 2026-11-24 11:00 (by manager: не дали машину)" out &&
	test_grep "Встреча: презентация журнала (meeting, due 2026-11-24 10:00)" out
'

test_ok 'the head learns of the move the same day: 19 hours before the meeting' '
	expect_code 0 crm --format json audit --rule rescheduled &&
	test_grep "\"rule\":\"rescheduled\"" out &&
	test_grep "\"assignee\":\"$HEAD\"" out &&
	test_grep "\"owner\":\"$NEW\"" out
'

# Tue 24 Nov, 11:35 Moscow: she came at 11:25, the meeting ended in a refusal
on 2026-11-24T08:35:00Z
test_ok 'the lateness is recorded with the meeting' '
	expect_code 0 crm --as "$NEW" note --kind meeting --at 2026-11-24T11:25 --late 25 \
		--outcome "отказ" "$CLIENT" "Презентация журнала, клиент отказался" &&
	expect_code 0 crm --as "$NEW" next done "$ID" &&
	expect_code 0 crm log "$CLIENT" &&
	test_grep "2026-11-24 11:25  " out &&
	test_grep "(late: 25 min)" out &&
	expect_code 0 crm --format json client show "$CLIENT" &&
	test_grep "\"at\":\"2026-11-24T08:25:00Z\"" out &&
	test_grep "\"late\":25" out
'

test_ok 'the head is told of the lateness; the mentorless new manager is not the one to act' '
	expect_code 0 crm --format json audit --rule late-meeting &&
	test_grep "\"rule\":\"late-meeting\"" out &&
	test_grep "\"assignee\":\"$HEAD\"" out &&
	expect_code 0 crm audit digest --assignee "$HEAD" &&
	test_grep "late-meeting" out &&
	test_grep "rescheduled" out &&
	expect_code 0 crm audit digest --assignee "$NEW" &&
	! grep -q "late-meeting" out
'

# Wed 2 Dec: eight days on, nobody but Алёна has spoken with the client
on 2026-12-02T09:00:00Z
test_ok 'a week after the first meeting, no control call: the head must call' '
	expect_code 0 crm --format json audit --rule no-control-call &&
	test_grep "\"rule\":\"no-control-call\"" out &&
	test_grep "\"assignee\":\"$HEAD\"" out &&
	test_grep "\"client\":\"$CLIENT\"" out
'

test_ok 'the head calls the client: the blind zone is checked' '
	expect_code 0 crm --as "$HEAD" note --kind call "$CLIENT" "Контрольный звонок: встреча прошла плохо, менеджер опоздал" &&
	expect_code 0 crm --format json audit --rule no-control-call &&
	! grep -q "\"rule\":\"no-control-call\"" out
'

test_ok 'the month in figures: one move and one late meeting for Алёна' '
	expect_code 0 crm --format json audit managers --since 2026-11-01 --until 2026-11-30 &&
	/usr/bin/python3 -c "
import json, sys
rows = [r for r in json.load(open(sys.argv[1])) if sys.argv[2] in json.dumps(r, ensure_ascii=False)]
assert len(rows) == 1, rows
r = rows[0]
assert r[\"moves\"] == 1, r
assert r[\"late_meetings\"] == 1, r
" out "$NEW"
'

test_ok 'the channel it came from shows in the sources' '
	expect_code 0 crm --format json audit sources --since 2026-11-01 --until 2026-11-30 &&
	test_grep "выставка «Пресса-2026»" out
'

test_done
