#!/bin/sh
# t4020-report: crm report's numbers are those of the commands it draws
# from (audit, audit managers, clients, sources, history, vip report),
# recomputed here from their own output; its options, its sections, its
# formats, its exit codes, and it writes nothing.
. "$SRCDIR/tests/cli/lib.sh"

py() { /usr/bin/python3 - "$@"; }

test_ok 'the demo base, with a month of saved audits and a VIP programme' '
	crm -q init --zone Europe/Moscow >/dev/null &&
	"$SRCDIR/demo/load.sh" "$CRM" "$CRM_DB" >/dev/null 2>&1 &&
	crm -q --as "Анна Петрова" vip program start --lead "Анна Петрова" "VIP 2026" &&
	crm -q --as "Анна Петрова" vip assign --apply >/dev/null &&
	test "$($SQLX "$CRM_DB" "SELECT count(*) FROM audit_run")" -ge 10
'

test_ok 'the report writes nothing: the journal and the base stay as they were' '
	$SQLX "$CRM_DB" "SELECT count(*) FROM journal" >before &&
	expect_code 0 crm report --format json &&
	expect_code 0 crm report &&
	$SQLX "$CRM_DB" "SELECT count(*) FROM journal" >after &&
	cmp before after
'

test_ok 'html is the default off a terminal; json on request' '
	expect_code 0 crm report &&
	head -n 1 out >first &&
	test_file_is first "<!DOCTYPE html>" &&
	expect_code 0 crm report --json &&
	py out <<-\EOF
	import json, sys
	r = json.load(open(sys.argv[1]))
	assert r["sections"] == ["health", "findings", "managers", "clients", "sources", "vip"], r["sections"]
	assert (r["as_of"], r["since"], r["until"]) == ("2026-11-22T10:00:00Z", "2026-10-24", "2026-11-22"), r
	assert r["owner"] is None and r["assignee"] is None
	EOF
'

test_ok 'findings: the audit stream counted by person and rule, each finding once in the totals' '
	crm --format ndjson audit >audit.ndjson &&
	crm --json report >report.json &&
	py audit.ndjson report.json <<-\EOF
	import json, sys
	from collections import Counter, OrderedDict
	found = [json.loads(l) for l in open(sys.argv[1])]
	f = json.load(open(sys.argv[2]))["findings"]
	once = [x for x in found if not x.get("repeat")]
	sev = Counter(x["severity"] for x in once)
	assert f["total"] == len(once) > 0, (f["total"], len(once))
	assert (f["error"], f["warn"], f["info"]) == (sev["error"], sev["warn"], sev["info"]), f
	rules = Counter(x["rule"] for x in once)
	assert {r["rule"]: r["count"] for r in f["rules"]} == dict(rules), f["rules"]
	cells = Counter((x["assignee"], x["rule"]) for x in found)
	got = {(a["assignee"], c["rule"]): c["count"] for a in f["assignees"] for c in a["rules"]}
	assert got == dict(cells), (got, cells)
	people = Counter(x["assignee"] for x in found)
	assert {a["assignee"]: a["total"] for a in f["assignees"]} == dict(people)
	names = [a["assignee"] for a in f["assignees"]]
	named = [n for n in names if n is not None]
	assert named == sorted(named, key=lambda s: s.encode()), names
	assert None not in names or names[-1] is None, names
	EOF
'

test_ok 'managers, clients at risk and sources: as audit managers, clients and sources give them' '
	crm --json audit managers >managers.json &&
	crm --json audit clients >clients.json &&
	crm --json audit sources >sources.json &&
	crm --json report >report.json &&
	py managers.json clients.json sources.json report.json <<-\EOF
	import json, sys
	m, c, s, r = (json.load(open(p)) for p in sys.argv[1:5])
	assert r["managers"] == m and len(m) == 6, r["managers"]
	risk = [x for x in c if x["health"] < 100]
	assert r["clients"] == risk[:20] and 0 < len(risk), (len(r["clients"]), len(risk))
	assert r["clients_judged"] == len(c), (r["clients_judged"], len(c))
	assert r["clients_at_risk"] == len(risk)
	assert r["clients_low"] == len([x for x in c if x["health"] < 50]) > 0
	assert r["sources"] == s and len(s) > 0
	EOF
'

test_ok 'health: the runs of the period by severity, oldest first, as audit history has them' '
	crm --json audit history --runs --last 1000 >runs.json &&
	crm --json audit rules >rules.json &&
	crm --json report --since 2026-11-01 --until 2026-11-20 >report.json &&
	py runs.json rules.json report.json <<-\EOF
	import json, sys
	runs, rules, r = (json.load(open(p)) for p in sys.argv[1:4])
	sev = {x["rule"]: x["severity"] for x in rules}
	# the period in Moscow: 2026-10-31T21:00Z to 2026-11-20T21:00Z
	want = []
	for x in sorted(runs, key=lambda x: (x["as_of"], x["id"])):
	    if "2026-10-31T21:00:00Z" <= x["as_of"] < "2026-11-20T21:00:00Z":
	        n = {"error": 0, "warn": 0, "info": 0}
	        for rule, k in x["counts"].items():
	            n[sev[rule]] += k
	        want.append({"id": x["id"], "at": x["at"], "as_of": x["as_of"],
	                     "findings": x["findings"], **n})
	assert r["health"] == want and len(want) >= 5, (r["health"], want)
	assert r["since"] == "2026-11-01" and r["until"] == "2026-11-20"
	EOF
'

test_ok 'vip: the active programme and its coverage per surveyor, as vip report has them' '
	crm --json vip report >vip.json &&
	crm --json report >report.json &&
	py vip.json report.json <<-\EOF
	import json, sys
	v, r = (json.load(open(p)) for p in sys.argv[1:3])
	got = r["vip"]
	p = v["program"]
	assert got["id"] == p["id"] and got["name"] == "VIP 2026", got
	assert (got["clients"], got["done"], got["left"], got["overdue"]) == \
	    (p["clients"], p["done"], p["left"], p["overdue"]), (got, p)
	want = [{k: c[k] for k in ("manager_id", "manager", "assigned", "done", "left", "overdue")}
	        for c in v["coverage"]]
	assert got["coverage"] == want and len(want) > 1, (got["coverage"], want)
	EOF
'

test_ok '--section: only those sections, the others null' '
	expect_code 0 crm report --json --section health --section sources &&
	py out <<-\EOF
	import json, sys
	r = json.load(open(sys.argv[1]))
	assert r["sections"] == ["health", "sources"], r["sections"]
	assert r["findings"] is None and r["managers"] is None and r["clients"] is None
	assert r["clients_judged"] is None and r["clients_at_risk"] is None and r["clients_low"] is None
	assert r["vip"] is None and r["health"] and r["sources"]
	EOF
'

test_ok '--limit: at most that many clients at risk' '
	expect_code 0 crm report --json --section clients --limit 3 &&
	py out <<-\EOF
	import json, sys
	r = json.load(open(sys.argv[1]))
	assert len(r["clients"]) == 3, r["clients"]
	assert r["clients_at_risk"] > 3, r["clients_at_risk"]
	h = [c["health"] for c in r["clients"]]
	assert h == sorted(h), h
	EOF
'

test_ok '--owner: one manager clients, scorecard and survey row' '
	expect_code 0 crm report --json --owner "Борис" &&
	py out <<-\EOF
	import json, sys
	r = json.load(open(sys.argv[1]))
	assert r["owner"] == "Борис Смирнов" and r["assignee"] is None
	assert [m["manager"] for m in r["managers"]] == ["Борис Смирнов"]
	assert r["clients"] and all(c["owner"] == "Борис Смирнов" for c in r["clients"])
	assert [c["manager"] for c in r["vip"]["coverage"]] in ([], ["Борис Смирнов"])
	EOF
'

test_ok '--mine: what I must act on, and my own clients' '
	crm --format ndjson audit --assignee "Елена" >mine.ndjson &&
	expect_code 0 crm --as "Елена Соколова" report --json --mine &&
	py mine.ndjson out <<-\EOF
	import json, sys
	found = [json.loads(l) for l in open(sys.argv[1])]
	r = json.load(open(sys.argv[2]))
	assert r["assignee"] == "Елена Соколова" and r["owner"] is None
	assert [a["assignee"] for a in r["findings"]["assignees"]] == ["Елена Соколова"]
	assert r["findings"]["assignees"][0]["total"] == len(found) > 0
	assert [m["manager"] for m in r["managers"]] == ["Елена Соколова"]
	EOF
'

test_ok 'a base with nothing in it: empty sections, no programme' '
	crm --db empty.db -q init >/dev/null &&
	expect_code 0 crm --db empty.db report --json &&
	py out <<-\EOF
	import json, sys
	r = json.load(open(sys.argv[1]))
	assert r["health"] == [] and r["managers"] == [] and r["clients"] == [] and r["sources"] == []
	assert (r["clients_judged"], r["clients_at_risk"], r["clients_low"]) == (0, 0, 0)
	assert r["findings"] == {"total": 0, "error": 0, "warn": 0, "info": 0, "rules": [], "assignees": []}
	assert r["vip"] is None
	EOF
'

test_ok 'html to a terminal is refused, naming the fix; json to a terminal is fine' '
	script -qec "$CRM report; echo rc=\$?" /dev/null </dev/null >tty.out 2>&1 &&
	grep -q "rc=2" tty.out &&
	grep -q "crm report > report.html" tty.out &&
	script -qec "$CRM report --json --section sources; echo rc=\$?" /dev/null </dev/null >tty.out 2>&1 &&
	grep -q "rc=0" tty.out
'

test_ok 'a full disk is an error (exit 1); a reader that stops early is not' '
	{ crm report >/dev/full 2>err; test $? = 1; } &&
	test_grep "cannot write the output" err &&
	crm report 2>err | head -c 100 >/dev/null &&
	test_empty err
'

test_code 2 'an unknown section' crm report --section heatmap
test_code 2 'a section named by a prefix' crm report --section heal
test_code 2 'a format the report does not write' crm report --format csv
test_code 2 'ndjson neither' crm --format ndjson report
test_code 2 '--fields: the report is a document' crm --fields total report --json
test_code 2 '--since after --until' crm report --since 2026-11-20 --until 2026-11-01
test_code 2 'an invalid date' crm report --since 2026-02-30
test_code 2 'a negative --limit' crm report --limit -1
test_code 2 '--mine with --assignee' crm report --mine --assignee Анна
test_code 3 'an unknown --owner' crm report --owner Никто
test_code 3 'an unknown --assignee' crm report --assignee Никто
test_code 3 '--mine for someone who is no manager' crm --as Гость report --mine --json
test_code 2 'html is for crm report only' crm --format html client list

test_ok 'the refusals name the fix' '
	expect_code 2 crm report --section heatmap &&
	test_grep "the sections are health, findings, managers, clients, sources and vip" err &&
	expect_code 2 crm --format csv report &&
	test_grep "crm report writes --format html or json, not csv" err &&
	expect_code 2 crm report --format csv &&
	test_grep "invalid value '"'"'csv'"'"' for --format (html, json)" err
'

test_ok '-h prints the usage' '
	expect_code 0 crm report -h &&
	sed -n 1p out >got &&
	test_file_is got "usage: crm report [--since <date>] [--until <date>] [--owner <manager>] [--assignee <manager> | --mine] [--as-of <date>] [--section <name>]... [--limit <n>] [--format html|json]"
'

test_done
