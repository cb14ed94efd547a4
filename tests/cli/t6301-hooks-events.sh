#!/bin/sh
# t6301-hooks-events: every event of crm-hooks(1) fires its pre- and its
# post- hook (audit: post only) once its command runs, with the record
# the command shows; a recording hook installed under every name.
. "$SRCDIR/tests/cli/lib.sh"

XDG_CONFIG_HOME=$HOME/.config
export XDG_CONFIG_HOME
H=$XDG_CONFIG_HOME/crm/hooks
PY=/usr/bin/python3
EVENTS="client-add client-edit note promise-add promise-keep promise-break incident-add
incident-resolve next-add next-done next-move handover-create handover-accept
handover-decline vip-survey erase audit"
BRIEF='Директор Иван Сидоров решает сам, звать по отчеству. Ценит точность, любит рыбалку, чай и шахматы. Скидка 5% до мая. Спор о сроках в мае улажен. Дальше: звонок до пятницы, КП на весну, визит. Клиент требует терпения.'

test_ok 'a recording hook under every name' '
	mkdir -p "$H" got &&
	cat >"$HOME/record" <<-\EOF &&
	#!/bin/sh
	# keeps what it got, one file per hook: got/pre-note.json (in the
	# current directory: crm leaves it as it was)
	cat >"$PWD/got/${0##*/}.json"
	EOF
	chmod +x "$HOME/record" &&
	for e in $EVENTS; do
		ln -s "$HOME/record" "$H/post-$e" &&
		{ test "$e" = audit || ln -s "$HOME/record" "$H/pre-$e"; } || return 1
	done &&
	expect_code 0 crm --format csv --fields hook hooks list &&
	test "$(grep -c "^pre\$" out)/$(grep -c "^post\$" out)" = 16/17
'

test_ok 'a base with a programme (no event yet)' '
	crm -q init &&
	crm -q manager add Head --role head &&
	crm -q manager add Anna &&
	crm -q manager add Boris &&
	crm -q vip program start --lead Head --staff Anna,Boris --until 2026-12-31 "VIP 2026" &&
	test -z "$(ls got)"
'

run() { # event command...
	e=$1
	shift
	expect_code 0 crm "$@" &&
	test -s "got/pre-$e.json" -o "$e" = audit &&
	test -s "got/post-$e.json"
}

test_ok 'client-add, client-edit' '
	run client-add client add --owner Anna --status active --tag speed=100 Acme &&
	run client-edit client edit --tier key Acme &&
	crm -q contact add --key --role CEO --phone "+7 495 111-22-33" Acme "Ivan Petrov"
'
test_ok 'note' 'run note note Acme "called"'
test_ok 'promise-add, promise-keep, promise-break' '
	run promise-add promise add --kind discount --due +30d Acme "скидка 5%" &&
	crm -q --no-verify promise add Acme "каталог" &&
	run promise-keep promise keep 1 &&
	run promise-break promise break --why "нет на складе" 2
'
test_ok 'incident-add, incident-resolve' '
	run incident-add incident add --kind mishap Acme "опоздали" &&
	run incident-resolve incident resolve --how "извинились" 1
'
test_ok 'next-add, next-move, next-done' '
	run next-add next add --due +2d Acme "позвонить" &&
	run next-move next move --due +1w --reason "склад не готов" 1 &&
	run next-done next done 1
'
test_ok 'handover-create, handover-accept, handover-decline' '
	crm -q --no-verify client add --owner Anna Beta >/dev/null &&
	run handover-create --as Anna handover Acme --to Boris --reason refresh --brief "$BRIEF" \
		--next "представиться" --due +3d --notify-via meeting &&
	run handover-accept --as Boris handover accept 1 &&
	crm -q --no-verify --as Anna handover Beta --to Boris --reason refresh --brief "$BRIEF" \
		--next "представиться" --due +3d --notify-via meeting >/dev/null &&
	run handover-decline --as Boris handover decline --why "нет времени" 2
'
test_ok 'vip-survey' '
	crm -q vip assign --apply >/dev/null &&
	cat >answers.json <<-\EOF &&
	{"cooperation.rating": "хорошо", "quality.speed": 40, "quality.outage": true,
	 "contacts.key": [{"name": "Ivan Petrov", "phone": "+7 495 111-22-33"}],
	 "expand.volume": "two more offices", "offers.interest": "", "referrals.list": []}
	EOF
	run vip-survey --as Boris vip survey --answers answers.json Acme
'
test_ok 'erase' '
	crm -q --no-verify client add Zed >/dev/null &&
	run erase client erase --reason "152-ФЗ" --yes Zed
'
test_ok 'audit (post only)' '
	run audit audit &&
	test ! -e got/pre-audit.json
'

test_ok 'each hook got its event, the actor, the time and a record' '
	$PY - $EVENTS <<-\EOF
	import json, os, sys
	for e in sys.argv[1:]:
	    for when in ("pre", "post"):
	        if e == "audit" and when == "pre":
	            continue
	        d = json.load(open("got/%s-%s.json" % (when, e)))
	        assert d["event"] == e, (e, d)
	        assert d["time"] == "2026-11-22T10:00:00Z", (e, d)
	        assert isinstance(d["record"], dict), (e, d)
	        assert d["actor"] in ("tester", "Anna", "Boris"), (e, d)
	        assert ("before" in d) == (e == "client-edit"), (e, d)
	EOF
'

test_ok 'the records are those the commands show' '
	$PY - <<-\EOF
	import json
	def got(name):
	    return json.load(open("got/%s.json" % name))["record"]
	assert got("pre-client-add")["name"] == "Acme"  # post-: the last, Zed
	assert got("post-client-add")["name"] == "Zed"
	assert got("post-client-edit")["tier"] == "key"
	assert got("pre-client-edit")["tier"] == "key"
	assert json.load(open("got/post-client-edit.json"))["before"]["tier"] == "regular"
	assert got("post-note")["text"] == "called", got("post-note")
	assert got("post-promise-keep")["status"] == "kept", got("post-promise-keep")
	assert got("post-promise-break")["status"] == "broken", got("post-promise-break")
	assert got("post-incident-resolve")["id"] == 1
	assert got("post-next-move")["id"] == 1
	assert got("post-handover-create")["status"] == "pending", got("post-handover-create")
	assert got("post-handover-accept")["status"] == "accepted", got("post-handover-accept")
	assert got("post-handover-decline")["status"] == "declined", got("post-handover-decline")
	assert got("pre-vip-survey")["id"] is None and got("post-vip-survey")["id"] == 1
	assert got("post-vip-survey")["answers"]["quality.speed"] == 40
	# before: the client; after: the act of destruction
	assert got("pre-erase")["name"] == "Zed", got("pre-erase")
	assert got("post-erase")["client_id"] == got("pre-erase")["id"], got("post-erase")
	assert got("post-erase")["reason"] == "152-ФЗ", got("post-erase")
	a = got("post-audit")
	assert list(a) == ["as_of", "findings", "total"] and a["total"] == len([f for f in a["findings"]]), a
	EOF
'

test_done
