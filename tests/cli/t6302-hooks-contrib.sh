#!/bin/sh
# t6302-hooks-contrib: the example hooks of contrib/hooks, installed as a
# user would (copied into ~/.config/crm/hooks), run for real against a
# base. sendmail and curl are the hooks' own environment, not crm's: fakes
# on PATH record what they were given. shellcheck checks the scripts.
. "$SRCDIR/tests/cli/lib.sh"

XDG_CONFIG_HOME=$HOME/.config
XDG_STATE_HOME=$HOME/.local/state
PYTHON=/usr/bin/python3
export XDG_CONFIG_HOME XDG_STATE_HOME PYTHON
H=$XDG_CONFIG_HOME/crm/hooks
C=$SRCDIR/contrib/hooks
BRIEF='Директор Иван Сидоров решает сам, звать по отчеству. Ценит точность, любит рыбалку, чай и шахматы. Скидка 5% до мая. Спор о сроках в мае улажен. Дальше: звонок до пятницы, КП на весну, визит. Клиент требует терпения.'

# the hooks call crm and find it on PATH, with the fakes
mkdir -p bin "$H"
ln -s "$CRM" bin/crm
PATH=$PWD/bin:$PATH
export PATH

install_hook() {
	cp "$C/$1" "$H/$1" && chmod +x "$H/$1"
}

test_ok 'the examples are shellcheck clean' '
	shellcheck -s sh "$C/post-handover-create" "$C/post-audit" "$C/pre-promise-add"
'

test_ok 'a base: a head, two managers, a client' '
	crm -q init &&
	crm -q manager add --role head "Вера Лебедева" >/dev/null &&
	crm -q manager add --email anna@example.ru Анна >/dev/null &&
	crm -q manager add Борис >/dev/null &&
	crm -q client add --owner Борис --status active Acme >/dev/null &&
	crm -q client add --owner Анна --status active Beta >/dev/null
'

# ---- pre-promise-add ----

promises() {
	"$SQLX" "$CRM_DB" "SELECT count(*) FROM promise"
}

test_ok 'pre-promise-add: a discount above 10% by a manager is refused, nothing written' '
	install_hook pre-promise-add &&
	expect_code 4 crm --as Анна promise add --kind discount Acme "скидка 10,5% на весну" &&
	test_empty out &&
	test_file_is err "pre-promise-add: a discount of 10.5% is above 10%: only a head may promise it ('\''Анна'\'' is manager)
pre-promise-add: ask a head to add it (crm --as HEAD promise add ...)
error: the pre-promise-add hook refused the command
hint: nothing was written; --no-verify skips the pre- hooks" &&
	test "$(promises)" = 0
'

test_ok 'pre-promise-add: 10% exactly passes, and so does any other promise' '
	expect_code 0 crm --as Анна promise add --kind discount Acme "скидка 10%" &&
	test_empty err &&
	expect_code 0 crm --as Анна promise add Acme "вернём 50% предоплаты" &&
	test "$(promises)" = 2
'

test_ok 'pre-promise-add: a head may promise more' '
	expect_code 0 crm --as Вера promise add --kind discount Acme "скидка 25%" &&
	test "$(promises)" = 3
'

test_ok 'pre-promise-add: someone who is no manager is refused' '
	expect_code 4 crm --as "Иван Гость" promise add --kind discount Acme "скидка 11%" &&
	test_grep "('\''Иван Гость'\'' is no manager)" err &&
	test "$(promises)" = 3
'

# ---- post-handover-create ----

cat >bin/sendmail <<'EOF'
#!/bin/sh
# a fake sendmail: keeps its arguments and the letter
printf '%s\n' "$*" >"$HOME/sendmail.args"
cat >"$HOME/sendmail.letter"
EOF
chmod +x bin/sendmail

test_ok 'post-handover-create: the receiving manager gets a letter through sendmail' '
	install_hook post-handover-create &&
	expect_code 0 crm --as Вера handover Acme --to Анна --reason refresh --brief "$BRIEF" \
		--next "представиться" --due +3d --notify-via meeting &&
	test_file_is out 1 &&
	test_file_is "$HOME/sendmail.args" "-t -i" &&
	sed -n "2,3p" "$HOME/sendmail.letter" >head &&
	test_file_is head "To: anna@example.ru
Subject: crm: handover 1: Acme is passed to you" &&
	test_grep "Анна," "$HOME/sendmail.letter" &&
	test_grep "First step: представиться, by 2026-11-25." "$HOME/sendmail.letter" &&
	test_grep "crm handover accept 1" "$HOME/sendmail.letter"
'

test_ok 'post-handover-create: a manager without an address: the letter on stderr' '
	rm "$HOME/sendmail.args" &&
	expect_code 0 crm --as Вера handover Beta --to Борис --reason refresh --brief "$BRIEF" \
		--next "представиться" --due +3d --notify-via meeting &&
	test ! -e "$HOME/sendmail.args" &&
	test_grep "post-handover-create: Борис has no email (crm manager edit --email): the letter would be:" err &&
	test_grep "To: Борис" err &&
	rm "$H/post-handover-create"
'

# ---- post-audit ----

cat >bin/curl <<'EOF'
#!/bin/sh
# a fake curl: keeps its arguments, one a line, and counts its calls
printf '%s\n' "$@" >"$HOME/curl.args"
echo call >>"$HOME/curl.calls"
EOF
chmod +x bin/curl

test_ok 'post-audit: no conflict, nothing posted' '
	install_hook post-audit &&
	CRM_CHAT_WEBHOOK=https://chat.example/hook expect_code 0 crm audit &&
	test_empty err &&
	test ! -e "$HOME/curl.calls"
'

test_ok 'post-audit: a new open conflict is posted to the webhook' '
	CRM_NOW=2026-10-01T10:00:00Z crm -q incident add --kind conflict Acme "спор о сроках" >/dev/null &&
	CRM_CHAT_WEBHOOK=https://chat.example/hook expect_code 0 crm audit &&
	test_empty err &&
	test "$(wc -l <"$HOME/curl.calls")" = 1 &&
	tail -n 1 "$HOME/curl.args" >url &&
	test_file_is url "https://chat.example/hook" &&
	$PYTHON - "$HOME/curl.args" <<-\EOF
	import json, sys
	args = open(sys.argv[1], encoding="utf-8").read().split("\n")
	body = json.loads(args[args.index("--data-binary") + 1])
	lines = body["text"].split("\n")
	assert lines[0] == "crm audit: 1 new conflict(s)", lines
	assert lines[1].startswith("• Acme (Борис): "), lines
	EOF
'

test_ok 'post-audit: the same conflict is not posted twice' '
	CRM_CHAT_WEBHOOK=https://chat.example/hook expect_code 0 crm audit &&
	test "$(wc -l <"$HOME/curl.calls")" = 1
'

test_ok 'post-audit: without a webhook it says what it would post' '
	rm "$XDG_STATE_HOME/crm/posted-conflicts" &&
	expect_code 0 crm audit &&
	test_grep "post-audit: CRM_CHAT_WEBHOOK is not set: would post {\"text\": \"crm audit: 1 new conflict(s)" err &&
	test "$(wc -l <"$HOME/curl.calls")" = 1
'

test_done
