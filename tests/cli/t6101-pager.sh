#!/bin/sh
# t6101-pager: on a terminal (a pseudo-terminal made by script(1)) the
# commands that print lists or long text go through a pager, as in git:
# $CRM_PAGER, else core.pager, else $PAGER, else less -FRX (LESS=FRX and
# LV=-c unless set); empty or "cat" means none; --no-pager before or after
# the command; never when stdout is not a terminal. The pager starts with
# the first byte of output; crm waits for it; a pager quit early ends crm
# quietly with the command's exit code.
. "$SRCDIR/tests/cli/lib.sh"

if ! script -qec true /dev/null </dev/null >/dev/null 2>&1; then
	test_skip 'the pager' 'script(1) cannot make a pseudo-terminal here'
	test_done
fi

# A pager that records that it ran, its LESS and LV, and what it was given;
# it prints a marker on the terminal, then says it is done.
cat >pager.sh <<'PAGER'
#!/bin/sh
echo "ran $1 LESS=${LESS-unset} LV=${LV-unset}" >>"$HOME/pager.log"
cat >"$HOME/pager.got"
echo "[paged]"
echo done >"$HOME/pager.done"
PAGER
chmod +x pager.sh
PG="$PWD/pager.sh"

# Runs shell code in a pseudo-terminal 250 columns wide, lib.sh's CRM_PAGER=cat removed;
# what the terminal showed in tty (carriage returns dropped), exit code in rc.
on_tty() {
	rm -f "$HOME/pager.log" "$HOME/pager.got" "$HOME/pager.done"
	script -qec "stty cols 250; unset CRM_PAGER PAGER; $1; echo rc=\$?" /dev/null </dev/null >tty.raw &&
		tr -d '\r' <tty.raw >tty
}

test_ok 'setup: a base with clients' '
	crm -q init >/dev/null 2>&1 &&
	crm -q client add Acme >/dev/null &&
	crm -q client add "Рога и копыта" >/dev/null &&
	crm -q note Acme "Обсудили цены" >/dev/null &&
	crm -q manager add Анна >/dev/null &&
	expect_code 0 crm client list &&
	cp out list.pipe
'

test_ok '$CRM_PAGER gets the whole output, with LESS=FRX and LV=-c' '
	on_tty "CRM_PAGER=\"$PG one\" \"$CRM\" client list" &&
	test_file_is "$HOME/pager.log" "ran one LESS=FRX LV=-c" &&
	cmp list.pipe "$HOME/pager.got" &&
	test_file_is tty "[paged]
rc=0"
'

test_ok 'a LESS or LV of the user is kept' '
	on_tty "LESS=S LV=x CRM_PAGER=\"$PG\" \"$CRM\" client list" &&
	test_file_is "$HOME/pager.log" "ran  LESS=S LV=x"
'

test_ok 'crm waits for the pager before it exits' '
	on_tty "CRM_PAGER=\"sleep 1; $PG\" \"$CRM\" client list; test -f \"\$HOME/pager.done\" && echo waited" &&
	test_grep "waited" tty
'

test_ok '$PAGER when neither CRM_PAGER nor core.pager is set' '
	on_tty "PAGER=\"$PG pager\" \"$CRM\" client list" &&
	test_file_is "$HOME/pager.log" "ran pager LESS=FRX LV=-c" &&
	cmp list.pipe "$HOME/pager.got"
'

test_ok 'core.pager wins over $PAGER, $CRM_PAGER over core.pager' '
	crm config set core.pager "$PG config" &&
	on_tty "PAGER=\"$PG pager\" \"$CRM\" client list" &&
	test_file_is "$HOME/pager.log" "ran config LESS=FRX LV=-c" &&
	on_tty "CRM_PAGER=\"$PG env\" PAGER=\"$PG pager\" \"$CRM\" client list" &&
	test_file_is "$HOME/pager.log" "ran env LESS=FRX LV=-c" &&
	crm config unset core.pager
'

test_ok 'an empty pager or cat means none: the output goes to the terminal' '
	on_tty "CRM_PAGER= PAGER=\"$PG\" \"$CRM\" client list" &&
	test ! -e "$HOME/pager.log" &&
	test_grep "Рога и копыта" tty &&
	on_tty "CRM_PAGER=cat PAGER=\"$PG\" \"$CRM\" client list" &&
	test ! -e "$HOME/pager.log" &&
	test_grep "Рога и копыта" tty &&
	on_tty "PAGER= \"$CRM\" client list" &&
	test ! -e "$HOME/pager.log" &&
	test_grep "Рога и копыта" tty
'

test_ok '--no-pager before or after the command' '
	on_tty "CRM_PAGER=\"$PG\" \"$CRM\" --no-pager client list" &&
	test ! -e "$HOME/pager.log" &&
	test_grep "Рога и копыта" tty &&
	on_tty "CRM_PAGER=\"$PG\" \"$CRM\" client list --no-pager" &&
	test ! -e "$HOME/pager.log" &&
	test_grep "Рога и копыта" tty
'

test_ok 'not a terminal: no pager' '
	CRM_PAGER="$PG" expect_code 0 crm client list &&
	cmp list.pipe out &&
	test ! -e "$HOME/pager.log" &&
	CRM_PAGER="$PG" PAGER="$PG" expect_code 0 crm journal &&
	test ! -e "$HOME/pager.log"
'

test_ok 'commands that write or prompt do not page' '
	on_tty "CRM_PAGER=\"$PG\" \"$CRM\" client add Beta" &&
	test ! -e "$HOME/pager.log" &&
	test_grep "rc=0" tty &&
	on_tty "CRM_PAGER=\"$PG\" \"$CRM\" version" &&
	test ! -e "$HOME/pager.log"
'

test_ok 'the lists and the long texts page: audit, show, log, journal, help' '
	for c in audit "client show Acme" "log Acme" journal help "manager list" "config list"; do
		on_tty "CRM_PAGER=\"$PG\" \"$CRM\" $c" &&
		test -s "$HOME/pager.got" || { echo "not paged: $c"; return 1; }
	done
'

test_ok 'an error before any output reaches the terminal, the pager never starts' '
	on_tty "CRM_PAGER=\"$PG\" \"$CRM\" client show Nosuch" &&
	test ! -e "$HOME/pager.log" &&
	test_grep "error: " tty &&
	test_grep "rc=3" tty
'

test_ok 'a pager quit before the end: crm ends quietly, exit 0' '
	awk "BEGIN { for (i = 1; i <= 1500; i++)
		printf \"{\\\"name\\\":\\\"Клиент %d с длинным названием для проверки\\\"}\\n\", i }" >many.ndjson &&
	crm -q client import many.ndjson >/dev/null 2>&1 &&
	expect_code 0 crm client list &&
	test "$(wc -c <out)" -gt 200000 &&
	head -n 1 out >want &&
	echo rc=0 >>want &&
	on_tty "CRM_PAGER=\"head -n 1\" \"$CRM\" client list" &&
	cmp want tty
'

if command -v less >/dev/null 2>&1 && command -v timeout >/dev/null 2>&1; then
	test_ok 'no pager named: less -FRX shows a short output and ends by itself' '
		rm -f "$HOME/pager.log" &&
		timeout 60 script -qec "stty cols 250 rows 40; unset CRM_PAGER PAGER LESS;
			TERM=xterm \"$CRM\" manager list; echo rc=\$?" /dev/null </dev/null >tty.raw &&
		tr -d "\r" <tty.raw >tty &&
		test_grep "Анна" tty &&
		test_grep "rc=0" tty
	'
else
	test_skip 'no pager named: less -FRX' 'less or timeout is not installed'
fi

test_done
