#!/bin/sh
# t4003-team-week: a week of a sales team replayed with real commands, day
# by day (CRM_NOW moves on), then the Monday audit: every finding must name
# the one who must act on it, and each person's digest must hold exactly
# what they must do.
#
# The team: Ольга Смирнова (head of sales), Анна Петрова, Борис Орлов
# (capacity 1), Вера Ким (a trainee until March, mentored by Борис) and
# Дмитрий Соколов, who leaves on Tuesday. The week:
#   Mon 16  Вера meets ИП Берёзкин alone; Анна hands ООО «Ромашка» to Борис,
#           who never accepts.
#   Tue 17  Дмитрий may not leave while he owns clients; Ольга hands
#           Городская Дума to Анна, who accepts and tells nobody; Ольга lets
#           Дмитрий go anyway, leaving АО «Вектор» with nobody. Вера meets
#           ООО «Клён».
#   Wed 18  ООО «Лотос» asks to be rid of Анна: handed to Борис, accepted,
#           no notice.
#   Thu 19  ООО «Лотос» asks again: handed to Вера, accepted; the first
#           handover is superseded. Ольга starts the VIP programme, due Fri.
#   Fri 20  Борис calls ООО «Клён» after Вера's meeting: supervised.
#   Mon 23  the audit.
. "$SRCDIR/tests/cli/lib.sh"

T=$(printf '\t')
HEAD="Ольга Смирнова"
BRIEF="Директор Иван Сергеевич решает всё сам, обращаться по имени-отчеству, \
звонить до обеда. Ценит точность, пунктуальность и честные сроки; любит рыбалку \
и шахматы. Открыта скидка пять процентов на весеннюю поставку до марта. Был \
конфликт из-за задержки доставки в октябре, улажен извинением и бесплатной \
доставкой. Дальше: согласовать график поставок на первый квартал и представить \
нового менеджера лично."
CRM_USER=$HEAD

on() { # the moment the next commands run at
	CRM_NOW=$1
	export CRM_NOW
}

# handover <as> <client> <to> <reason> [options]: created and printed id
handover() {
	_as=$1 _client=$2 _to=$3 _reason=$4
	shift 4
	crm --as "$_as" handover --to "$_to" --reason "$_reason" --brief "$BRIEF" \
		--next "представиться и согласовать встречу" --due 2026-12-01 \
		--notify-via email "$@" "$_client"
}

on 2026-11-16T08:00:00Z
{
	crm init &&
	crm manager add --role head --email olga@firm.example "$HEAD" &&
	crm manager add --email anna@firm.example "Анна Петрова" &&
	crm manager add --email boris@firm.example --capacity 1 "Борис Орлов" &&
	crm manager add --email vera@firm.example --trainee --until 2027-03-01 \
		--mentor "Борис Орлов" "Вера Ким" &&
	crm manager add --email dmitry@firm.example "Дмитрий Соколов" &&
	n=0 &&
	for c in "ООО «Ромашка»|Анна Петрова|key" "Городская Дума|Дмитрий Соколов|vip" \
		"АО «Вектор»|Дмитрий Соколов|regular" "ООО «Лотос»|Анна Петрова|regular" \
		"ИП Берёзкин|Вера Ким|regular" "ООО «Клён»|Вера Ким|regular" \
		"ООО «Дуб»|Борис Орлов|regular" "ООО «Ясень»|Борис Орлов|regular"; do
		name=${c%%|*} rest=${c#*|} &&
		n=$((n + 1)) &&
		crm client add --status active --owner "${rest%|*}" --tier "${rest#*|}" "$name" &&
		crm contact add --key --email "office$n@client.example" \
			--phone "+7 911 000-00-0$n" "$name" "Иван Сергеевич Петров" &&
		crm next add --due 2026-12-20 "$name" "плановый звонок" || exit 1
	done &&
	crm config set handover.client_request_escalation 3
} >/dev/null 2>&1 || {
	echo "Bail out! cannot build the team"
	exit 1
}

# ---- the week

on 2026-11-16T10:30:00Z
test_ok 'Mon: the trainee meets a client alone; Анна hands Ромашка to Борис' '
	crm --as "Вера Ким" note --kind meeting --at 2026-11-16T10:00 "ИП Берёзкин" \
		"первая встреча, обсудили ассортимент" &&
	handover "Анна Петрова" "ООО «Ромашка»" "Борис Орлов" refresh --over-capacity >out &&
	test_file_is out 1
'

on 2026-11-17T09:00:00Z
test_ok 'Tue: Дмитрий cannot leave while he owns live clients' '
	expect_code 4 crm manager edit --status left "Дмитрий Соколов" &&
	test_empty out &&
	test_grep "hint: hand the clients over first: crm handover plan --from '\''Дмитрий Соколов'\'' --reason leaving" err &&
	crm --format tsv --fields status manager show "Дмитрий Соколов" >out &&
	test_file_is out "status
active"
'

test_ok 'Tue: Городская Дума goes to Анна, who accepts; Дмитрий leaves by force' '
	handover "$HEAD" "Городская Дума" "Анна Петрова" leaving >out &&
	test_file_is out 2 &&
	crm --as "Анна Петрова" handover accept 2 &&
	crm manager edit --force --status left "Дмитрий Соколов"
'

on 2026-11-17T12:00:00Z
test_ok 'Tue: the trainee meets ООО «Клён»' '
	crm --as "Вера Ким" note --kind meeting --at 2026-11-17T11:00 "ООО «Клён»" \
		"встреча в офисе клиента"
'

on 2026-11-18T09:00:00Z
test_ok 'Wed: ООО «Лотос» asks to be rid of Анна: Борис takes it' '
	handover "Анна Петрова" "ООО «Лотос»" "Борис Орлов" client-request --over-capacity >out &&
	test_file_is out 3 &&
	crm --as "Борис Орлов" handover accept 3
'

on 2026-11-19T09:00:00Z
test_ok 'Thu: the client may not be handed back to a manager it asked to be rid of' '
	expect_code 4 handover "Борис Орлов" "ООО «Лотос»" "Анна Петрова" client-request &&
	test_empty out &&
	test_grep "escalated" err
'

test_ok 'Thu: ООО «Лотос» asks again: Вера takes it, the first handover is superseded' '
	handover "Борис Орлов" "ООО «Лотос»" "Вера Ким" client-request >out &&
	test_file_is out 4 &&
	crm --as "Вера Ким" handover accept 4 &&
	crm --format tsv --fields id,superseded_by handover list "ООО «Лотос»" >out &&
	sort out >got &&
	test_file_is got "3${T}4
4${T}
id${T}superseded_by"
'

test_ok 'Thu: the VIP programme starts, its lists due on Friday' '
	crm vip program start --lead "$HEAD" --staff "Вера Ким,Борис Орлов" \
		--until 2026-11-20 "VIP 2026" &&
	crm vip assign --apply
'

on 2026-11-20T15:00:00Z
test_ok 'Fri: the mentor calls the client the trainee met on Tuesday' '
	crm --as "Борис Орлов" note --kind call "ООО «Клён»" "контрольный звонок"
'

# ---- Monday: the audit

on 2026-11-23T12:00:00Z

# What the week left undone, and who must act: written from the story
# above, one line per finding (rule, client, owner, assignee).
cat >want <<EOF
client-requests${T}ООО «Лотос»${T}Вера Ким${T}$HEAD
handover-no-notice${T}Городская Дума${T}Анна Петрова${T}Анна Петрова
handover-no-notice${T}ООО «Лотос»${T}Вера Ким${T}Вера Ким
handover-pending${T}ООО «Ромашка»${T}Анна Петрова${T}Борис Орлов
no-control-call${T}ИП Берёзкин${T}Вера Ким${T}Борис Орлов
orphaned${T}АО «Вектор»${T}Дмитрий Соколов${T}$HEAD
over-capacity${T}${T}Борис Орлов${T}$HEAD
EOF

test_ok 'every finding names who must act' '
	expect_code 0 crm --format tsv --fields rule,client,owner,assignee audit &&
	test_empty err &&
	sed 1d out | grep -v "^vip-not-surveyed" | sort >got &&
	cmp want got
'

test_ok 'an overdue VIP item goes to its surveyor, not to the owner' '
	crm --format tsv --fields client,surveyor vip list | sed 1d | sort >surveyors &&
	test "$(wc -l <surveyors)" -eq 8 &&
	crm --format tsv --fields rule,client,assignee audit --rule vip-not-surveyed >out &&
	sed 1d out | cut -f2,3 | sort >got &&
	cmp surveyors got &&
	crm --format tsv --fields client,owner,assignee audit --rule vip-not-surveyed |
		awk -F"$T" "NR > 1 && \$2 != \$3" >moved &&
	test -s moved
'

test_ok 'the superseded handover asks for no notice; its notice names the current one' '
	! crm --format tsv --fields detail audit --rule handover-no-notice | grep -q "handover 3" &&
	expect_code 4 crm handover notice 3 &&
	test_empty out &&
	test_grep "crm handover notice 4" err
'

test_ok 'the notice names the current manager, a trainee, and the mentor' '
	expect_code 0 crm handover notice 4 &&
	test_grep "Вера Ким" out &&
	test_grep "Вера Ким — новый сотрудник нашей компании." out &&
	test_grep "boris@firm.example" out &&
	! grep -q "Анна Петрова" out
'

test_ok '--assignee selects what a manager must do, --owner what is about his clients' '
	crm --format tsv --fields rule,client,owner,assignee audit --assignee "Борис Орлов" >out &&
	sed 1d out | cut -f4 | sort -u >got &&
	test_file_is got "Борис Орлов" &&
	sed 1d out | grep -v "^vip-not-surveyed" | sort >got &&
	grep "${T}Борис Орлов\$" want >expect &&
	cmp expect got &&
	crm --format tsv --fields rule,owner audit --owner "Борис Орлов" >out &&
	sed 1d out | cut -f2 | sort -u >got &&
	test_file_is got "Борис Орлов"
'

test_ok '--mine is what the acting manager must do' '
	crm --as "Вера Ким" --format tsv --fields assignee audit --mine >out &&
	sed 1d out | sort -u >got &&
	test_file_is got "Вера Ким" &&
	crm --format tsv --fields rule,client audit --assignee "Вера Ким" >want-vera &&
	crm --as "Вера Ким" --format tsv --fields rule,client audit --mine >got &&
	cmp want-vera got
'

test_ok 'the head is told of the team: the leaver, the load, the repeated requests' '
	crm --format tsv --fields rule audit --assignee "$HEAD" >out &&
	sed 1d out | sort >got &&
	test_file_is got "client-requests
orphaned
over-capacity"
'

test_ok 'the digest is per assignee: one text each, to be mailed' '
	expect_code 0 crm audit digest &&
	grep "^To: " out >got &&
	test_file_is got "To: Анна Петрова <anna@firm.example>
To: Борис Орлов <boris@firm.example>
To: Вера Ким <vera@firm.example>
To: $HEAD <olga@firm.example>"
'

test_ok 'the JSON digest: an array of digests, each with its recipient and exactly their findings' '
	expect_code 0 crm --format json audit digest &&
	/usr/bin/python3 - out want <<-\PY
	import json, sys
	digests = json.load(open(sys.argv[1]))
	want = [l.rstrip("\n").split("\t") for l in open(sys.argv[2])]
	emails = {d["manager"]: d["email"] for d in digests}
	assert emails["Борис Орлов"] == "boris@firm.example", emails
	for d in digests:
	    assert d["findings"] == len(d["items"]), d
	    for item in d["items"]:
	        assert item["assignee"] == d["manager"], (d["manager"], item)
	        assert item["assignee_email"] == d["email"], item
	    got = sorted([i["rule"], i["client"] or "", i["owner"], i["assignee"]]
	                 for i in d["items"] if i["rule"] != "vip-not-surveyed")
	    assert got == sorted(w for w in want if w[3] == d["manager"]), (got, d["manager"])
	PY
'

test_ok 'Борис'"'"'s digest lists the acceptance he owes and the trainee to check on' '
	expect_code 0 crm audit digest --assignee "Борис Орлов" &&
	test_grep "To: Борис Орлов <boris@firm.example>" out &&
	test_grep "handover-pending" out &&
	test_grep "crm handover accept 1" out &&
	test_grep "no-control-call" out &&
	test_grep "by the trainee Вера Ким, was 7 days ago" out &&
	! grep -q "handover-no-notice" out
'

test_ok 'once Борис accepts and calls, his digest loses both' '
	on 2026-11-23T13:00:00Z &&
	crm --as "Борис Орлов" handover accept 1 &&
	crm --as "Борис Орлов" note --kind call "ИП Берёзкин" "как прошла встреча?" &&
	crm --format tsv --fields rule audit --assignee "Борис Орлов" >out &&
	! grep -q -e handover-pending -e no-control-call -e trainee-unsupervised out
'

test_done
