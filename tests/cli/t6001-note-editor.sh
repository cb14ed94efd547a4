#!/bin/sh
# t6001-note-editor: crm note CLIENT with no text on a terminal opens
# $VISUAL, else $EDITOR, as git commit does, in a pseudo-terminal made by
# script(1): a 0600 temporary file with a template of '#' lines (the
# client, its manager, its last interaction), the '#' lines dropped, an
# empty text or a failed editor aborting with exit 1 and nothing written,
# the file removed.
. "$SRCDIR/tests/cli/lib.sh"

count() {
	$SQLX crm.db "SELECT (SELECT count(*) FROM interaction) || '/' || (SELECT count(*) FROM journal)"
}

# runs crm in a pseudo-terminal (stdin a terminal); the exit code and all
# it printed go to ./typescript
on_tty() {
	script -qec "$* ; echo rc=\$?" /dev/null >typescript 2>&1 </dev/null
}

test_ok 'a base, a client with a history, and fake editors' '
	crm -q init >/dev/null &&
	crm -q manager add "Анна Петрова" >/dev/null &&
	crm -q client add "ООО «Ромашка»" --owner Анна >/dev/null &&
	crm -q client add Solo >/dev/null &&
	crm -q note --kind call --at 2026-11-20T15:30 Ромашка "Обсудили цены на весну" >/dev/null &&
	mkdir tmp &&
	cat >editor.sh <<-EOF &&
	#!/bin/sh
	cp "\$1" "$PWD/template.txt"
	stat -c %a "\$1" >"$PWD/mode.txt"
	printf "# a comment the user writes\nВстреча в офисе.\n\nЖдут КП.\n\n\n" >>"\$1"
	EOF
	printf "#!/bin/sh\nexit 0\n" >untouched.sh &&
	printf "#!/bin/sh\nprintf \"\\\\n\\\\n  \\\\n\" >>\"\$1\"\n" >blank.sh &&
	printf "#!/bin/sh\necho partial >>\"\$1\"\nexit 3\n" >fail.sh &&
	chmod +x editor.sh untouched.sh blank.sh fail.sh
'

test_ok 'the editor on a terminal: the template shown, # lines dropped, the note saved' '
	TMPDIR=$PWD/tmp VISUAL="$PWD/editor.sh" on_tty "\"$CRM\" note --kind meeting Ромашка" &&
	test_grep "rc=0" typescript &&
	test_file_is template.txt "
# Client: ООО «Ромашка»
# Kind: meeting
# Manager: Анна Петрова
# Last interaction: 2026-11-20 15:30, call, tester: Обсудили цены на весну
#
# Write the note above. Lines starting with '\''#'\'' are dropped;
# an empty note aborts, and nothing is written." &&
	test "$(cat mode.txt)" = 600 &&
	test "$($SQLX crm.db "SELECT kind, text FROM interaction WHERE id = 2")" = "meeting|Встреча в офисе.

Ждут КП." &&
	test -z "$(ls tmp)"
'

test_ok '$VISUAL wins over $EDITOR; a client with no history nor manager says so' '
	TMPDIR=$PWD/tmp VISUAL="$PWD/editor.sh" EDITOR="$PWD/fail.sh" on_tty "\"$CRM\" note Solo" &&
	test_grep "rc=0" typescript &&
	test_grep "# Manager: none" template.txt &&
	test_grep "# Last interaction: none yet" template.txt
'

test_ok '$EDITOR when $VISUAL is empty' '
	TMPDIR=$PWD/tmp VISUAL= EDITOR="$PWD/editor.sh" on_tty "\"$CRM\" note Solo" &&
	test_grep "rc=0" typescript &&
	test "$($SQLX crm.db "SELECT count(*) FROM interaction WHERE client_id = 2")" = 2
'

test_ok 'the template left as it is: an empty note aborts (exit 1), nothing written' '
	before=$(count) &&
	TMPDIR=$PWD/tmp VISUAL="$PWD/untouched.sh" on_tty "\"$CRM\" note Ромашка" &&
	test_grep "error: the note is empty: aborting, nothing was written" typescript &&
	test_grep "rc=1" typescript &&
	test "$(count)" = "$before" &&
	test -z "$(ls tmp)"
'

test_ok 'only blank lines added: empty too' '
	before=$(count) &&
	TMPDIR=$PWD/tmp VISUAL="$PWD/blank.sh" on_tty "\"$CRM\" note Ромашка" &&
	test_grep "rc=1" typescript &&
	test "$(count)" = "$before"
'

test_ok 'an editor that fails aborts (exit 1), nothing written, the file removed' '
	before=$(count) &&
	TMPDIR=$PWD/tmp VISUAL="$PWD/fail.sh" on_tty "\"$CRM\" note Ромашка" &&
	test_grep "error: the editor '\''$PWD/fail.sh'\'' failed: nothing was written" typescript &&
	test_grep "rc=1" typescript &&
	test "$(count)" = "$before" &&
	test -z "$(ls tmp)"
'

test_ok 'an unknown client is refused before the editor opens' '
	rm -f template.txt &&
	TMPDIR=$PWD/tmp VISUAL="$PWD/editor.sh" on_tty "\"$CRM\" note Nobody" &&
	test_grep "rc=3" typescript &&
	! test -e template.txt
'

test_ok 'a text on the command line or - never opens the editor' '
	TMPDIR=$PWD/tmp VISUAL="$PWD/fail.sh" on_tty "echo из канала | \"$CRM\" note Solo -" &&
	test_grep "rc=0" typescript &&
	test "$($SQLX crm.db "SELECT text FROM interaction ORDER BY id DESC LIMIT 1")" = "из канала"
'

test_ok 'in Russian: the template and the abort are translated' '
	TMPDIR=$PWD/tmp VISUAL="$PWD/editor.sh" LC_ALL=ru_RU.UTF-8 on_tty "\"$CRM\" note Ромашка" &&
	test_grep "rc=0" typescript &&
	test_grep "# Клиент: ООО «Ромашка»" template.txt &&
	TMPDIR=$PWD/tmp VISUAL="$PWD/untouched.sh" LC_ALL=ru_RU.UTF-8 on_tty "\"$CRM\" note Ромашка" &&
	test_grep "rc=1" typescript &&
	test_grep "ошибка: " typescript
'

test_done
