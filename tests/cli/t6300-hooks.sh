#!/bin/sh
# t6300-hooks: git-style hooks: a pre- hook refuses a command (exit 4, its
# stderr shown, nothing written), a post- hook gets the event as JSON after
# the commit (before and after for an edit) and its failure is a warning,
# a hook past hooks.timeout is stopped with its children, --no-verify,
# a file that is not executable is ignored with a hint, core.hooksPath,
# and crm hooks list in every format.
. "$SRCDIR/tests/cli/lib.sh"

T=$(printf '\t')
XDG_CONFIG_HOME=$HOME/.config
export XDG_CONFIG_HOME
H=$XDG_CONFIG_HOME/crm/hooks
PY=/usr/bin/python3

# rows and journal lines: what a refused command must leave alone
state() {
	"$SQLX" "$CRM_DB" "SELECT (SELECT count(*) FROM journal) || '/' ||
		(SELECT count(*) FROM client) || '/' ||
		(SELECT $(sql_concat "name || ':' || tier") FROM (SELECT * FROM client ORDER BY id) AS c) || '/' ||
		(SELECT count(*) FROM interaction)"
}

# hook NAME BODY: an executable sh hook
hook() {
	mkdir -p "$H" &&
	printf '#!/bin/sh\n%s\n' "$2" >"$H/$1" &&
	chmod +x "$H/$1"
}

test_ok 'a base, no hooks yet' '
	crm -q init &&
	crm -q manager add tester >/dev/null &&
	crm -q client add Acme >/dev/null &&
	expect_code 0 crm hooks list &&
	test_empty out &&
	test_file_is err "no hooks in '\''$H'\''"
'

# ---- pre- hooks refuse ----

test_ok 'a pre- hook that exits non-zero refuses the command: 4, its stderr, nothing written' '
	hook pre-client-add "cat >/dev/null; echo \"no new clients on Fridays\" >&2; exit 1" &&
	before=$(state) &&
	expect_code 4 crm client add Beta &&
	test_empty out &&
	test_file_is err "no new clients on Fridays
error: the pre-client-add hook refused the command
hint: nothing was written; --no-verify skips the pre- hooks" &&
	test "$(state)" = "$before"
'

test_ok 'the pre- hook sees the record that would be written, in the open transaction' '
	hook pre-client-add "cat >\"\$HOME/pre.json\"; exit 0" &&
	expect_code 0 crm client add --tier vip Beta &&
	test_file_is out 2 &&
	$PY -c "import json,sys; d=json.load(open(sys.argv[1])); r=d[\"record\"]; assert (d[\"event\"],r[\"id\"],r[\"name\"],r[\"tier\"])==(\"client-add\",2,\"Beta\",\"vip\"), d" "$HOME/pre.json" &&
	rm "$H/pre-client-add"
'

test_ok 'a refusal in JSON writes no record on stdout either' '
	hook pre-note "exit 7" &&
	before=$(state) &&
	expect_code 4 crm --json note Acme "called" &&
	test_empty out &&
	test_grep "error: the pre-note hook refused the command" err &&
	test "$(state)" = "$before"
'

test_ok '--no-verify skips the pre- hooks, before or after the command' '
	expect_code 0 crm --no-verify note Acme "called" &&
	expect_code 0 crm note Acme "called again" --no-verify &&
	test "$("$SQLX" "$CRM_DB" "SELECT count(*) FROM interaction")" = 2 &&
	test_empty err
'

test_ok '--no-verify does not skip the post- hooks' '
	hook post-note "cat >/dev/null; echo post-ran >&2" &&
	expect_code 0 crm --no-verify note Acme "third" &&
	test_file_is err "post-ran" &&
	rm "$H/pre-note" "$H/post-note"
'

test_ok 'a refused hook message in Russian' '
	hook pre-client-edit "exit 1" &&
	LC_ALL=ru_RU.UTF-8 expect_code 4 crm client edit --tier key Acme &&
	test_file_is err "ошибка: хук pre-client-edit отклонил команду
подсказка: ничего не записано; --no-verify пропускает pre-хуки"
'
rm -f "$H/pre-client-edit"


# ---- post- hooks are told ----

test_ok 'a post- hook gets one JSON object: event, actor, time, the record' '
	hook post-client-add "cat >\"\$HOME/post.json\"; printf \"%s|%s|%s|%s|%s\\\\n\" \"\$0\" \"\$#\" \"\$CRM_DB\" \"\$CRM_EVENT\" \"\$PWD\" >\"\$HOME/env\"; echo to-stderr" &&
	expect_code 0 crm client add --segment HoReCa Gamma &&
	test_file_is out 3 &&
	test_file_is err "to-stderr" &&
	test_file_is "$HOME/env" "$H/post-client-add|0|$CRM_DB|client-add|$PWD" &&
	crm --json client list >shown &&
	$PY - "$HOME/post.json" shown <<-\EOF
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert list(d) == ["event", "actor", "time", "record"], list(d)
	assert d["event"] == "client-add" and d["actor"] == "tester", d
	assert d["time"] == "2026-11-22T10:00:00Z", d
	# the record as crm client list --json (and client add --json) shows it
	assert d["record"] == json.load(open(sys.argv[2]))[2], d["record"]
	assert d["record"]["segment"] == "HoReCa"
	EOF
'

test_ok 'an edit: before and after' '
	hook post-client-edit "cat >\"\$HOME/edit.json\"" &&
	expect_code 0 crm client edit --tier key --name "Gamma Ltd" Gamma &&
	$PY - "$HOME/edit.json" <<-\EOF
	import json, sys
	d = json.load(open(sys.argv[1]))
	assert list(d) == ["event", "actor", "time", "record", "before", "after"], list(d)
	assert d["before"]["name"] == "Gamma" and d["before"]["tier"] == "regular", d
	assert d["after"]["name"] == "Gamma Ltd" and d["after"]["tier"] == "key", d
	assert d["record"] == d["after"]
	EOF
'

test_ok 'an edit that changes nothing tells no hook' '
	rm "$HOME/edit.json" &&
	expect_code 0 crm client edit --tier key "Gamma Ltd" &&
	test ! -e "$HOME/edit.json"
'

test_ok 'a failing post- hook is a warning: exit 0, the data written' '
	hook post-client-add "cat >/dev/null; echo broken >&2; exit 3" &&
	expect_code 0 crm client add Delta &&
	test_file_is out 4 &&
	test_file_is err "broken
warning: the post-client-add hook failed (exit 3)" &&
	test "$("$SQLX" "$CRM_DB" "SELECT count(*) FROM client WHERE name = '\''Delta'\''")" = 1
'

test_ok 'a post- hook killed by a signal: a warning' '
	hook post-client-add "kill -KILL \$\$" &&
	expect_code 0 crm client add Epsilon &&
	test_file_is err "warning: the post-client-add hook was killed by signal 9"
'

test_ok 'a post- hook that cannot start: a warning' '
	printf "#!/nonexistent/interpreter\n" >"$H/post-client-add" &&
	expect_code 0 crm client add Zeta &&
	test_grep "warning: the post-client-add hook could not run" err &&
	rm "$H/post-client-add"
'

test_ok 'a command that fails runs no post- hook' '
	hook post-client-edit "echo ran >&2" &&
	expect_code 3 crm client edit --owner Nobody Acme &&
	test_file_is err "error: no manager matches '\''Nobody'\''" &&
	rm "$H/post-client-edit"
'

# ---- not executable ----

test_ok 'a hook that is not executable is ignored, with a hint' '
	printf "#!/bin/sh\nexit 1\n" >"$H/pre-client-add" &&
	chmod -x "$H/pre-client-add" &&
	expect_code 0 crm client add Eta &&
	test_file_is err "hint: the '\''$H/pre-client-add'\'' hook was ignored because it is not set as executable
hint: make it executable (chmod +x) or remove it"
'

# ---- the timeout ----

# alive PID: the process runs (a zombie waiting for its reaper is gone)
alive() {
	kill -0 "$1" 2>/dev/null &&
	! grep -q "^[0-9]* ([^)]*) Z" "/proc/$1/stat" 2>/dev/null
}

gone() {
	n=0
	while alive "$1"; do
		n=$((n + 1))
		test $n -lt 100 || return 1
		sleep 0.1
	done
}

test_ok 'a pre- hook past hooks.timeout is stopped with its children, and refuses' '
	rm "$H/pre-client-add" &&
	crm config set hooks.timeout 1 &&
	hook pre-note "sleep 300 & echo \$! >\"\$HOME/child\"; sleep 300" &&
	before=$(state) &&
	expect_code 4 crm note Acme "will hang" &&
	test_file_is err "error: the pre-note hook ran past hooks.timeout (1 s) and was stopped
error: the pre-note hook refused the command
hint: nothing was written; --no-verify skips the pre- hooks" &&
	test "$(state)" = "$before" &&
	gone "$(cat "$HOME/child")" &&
	rm "$H/pre-note"
'

test_ok 'a post- hook past hooks.timeout: stopped, a warning, the data kept' '
	hook post-note "sleep 300 & echo \$! >\"\$HOME/child2\"; sleep 300" &&
	expect_code 0 crm note Acme "hangs after" &&
	test_file_is err "warning: the post-note hook ran past hooks.timeout (1 s) and was stopped" &&
	gone "$(cat "$HOME/child2")" &&
	test "$("$SQLX" "$CRM_DB" "SELECT count(*) FROM interaction WHERE text = '\''hangs after'\''")" = 1 &&
	rm "$H/post-note" &&
	crm config unset hooks.timeout
'

test_ok 'a hook that does not read its stdin is no failure' '
	hook post-client-edit "exit 0" &&
	expect_code 0 crm client edit --note "$(awk "BEGIN { while (n++ < 900) printf \"длинный т \" }")" Acme &&
	test_empty err
'

# ---- the folder ----

test_ok 'core.hooksPath: a relative folder is relative to the current directory' '
	mkdir -p team/hooks &&
	printf "#!/bin/sh\necho team-hook >&2\n" >team/hooks/post-note &&
	chmod +x team/hooks/post-note &&
	crm config set core.hooksPath team/hooks &&
	expect_code 0 crm note Acme "from the team" &&
	test_file_is err "team-hook" &&
	mkdir sub && (cd sub && expect_code 0 crm note Acme "elsewhere") &&
	test_empty sub/err
'

test_ok 'core.hooksPath: ~/ is the home folder' '
	mkdir -p "$HOME/myhooks" &&
	printf "#!/bin/sh\necho home-hook >&2\n" >"$HOME/myhooks/post-note" &&
	chmod +x "$HOME/myhooks/post-note" &&
	crm config set core.hooksPath "~/myhooks" &&
	expect_code 0 crm note Acme "from home" &&
	test_file_is err "home-hook" &&
	crm config unset core.hooksPath
'

# ---- crm hooks list ----

test_ok 'hooks list: what would run, in the order of the events' '
	hook post-audit "exit 0" &&
	hook pre-audit "exit 1" &&
	hook post-handover-create "exit 0" &&
	printf "#!/bin/sh\n" >"$H/pre-erase" &&
	printf "#!/bin/sh\n" >"$H/pre-client-add" &&
	hook pre-nonsense "exit 1" &&
	expect_code 0 crm --format tsv hooks list &&
	test_empty err &&
	test_file_is out "event${T}hook${T}path${T}executable
client-add${T}pre${T}$H/pre-client-add${T}false
client-edit${T}post${T}$H/post-client-edit${T}true
handover-create${T}post${T}$H/post-handover-create${T}true
erase${T}pre${T}$H/pre-erase${T}false
audit${T}post${T}$H/post-audit${T}true"
'

test_ok 'hooks list: the table, csv, ndjson and json' '
	expect_code 0 crm hooks list &&
	head -n 1 out >head &&
	grep -q "^EVENT  *HOOK  PATH  *EXECUTABLE\$" head &&
	test_grep "erase            pre   $H/pre-erase" out &&
	test "$(wc -l <out)" = 6 &&
	expect_code 0 crm --format csv --fields event,hook hooks list &&
	test_file_is out "event,hook
client-add,pre
client-edit,post
handover-create,post
erase,pre
audit,post" &&
	expect_code 0 crm hooks list --format ndjson --fields event,executable &&
	head -n 1 out >head &&
	test_file_is head "{\"event\":\"client-add\",\"executable\":false}" &&
	expect_code 0 crm hooks list --json &&
	$PY -c "import json,sys; d=json.load(open(\"out\")); assert [r[\"event\"] for r in d]==[\"client-add\",\"client-edit\",\"handover-create\",\"erase\",\"audit\"] and list(d[0])==[\"event\",\"hook\",\"path\",\"executable\"], d"
'

test_code 2 'hooks list takes no argument' crm hooks list extra

test_ok 'hooks list works without a base' '
	CRM_DB=$PWD/none.db expect_code 0 crm --fields event hooks list --format csv &&
	test "$(wc -l <out)" = 6 &&
	test ! -e none.db
'

test_done
