#!/bin/sh
# t6100-term-width: on a terminal (a pseudo-terminal made by script(1))
# tables fit its width: the longest text columns are cut with "…", every
# line at most that many display columns; --wide (before or after the
# command) keeps them whole; output that is not a terminal is never cut.
. "$SRCDIR/tests/cli/lib.sh"

# The widest line of a file in display columns (a Cyrillic letter is one,
# a CJK character two), carriage returns of the terminal dropped.
maxwidth() {
	/usr/bin/python3 -c '
import sys, unicodedata
def width(s):
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
print(max([width(l.rstrip("\r\n")) for l in open(sys.argv[1], encoding="utf-8")] or [0]))
' "$1"
}

# Runs crm in a pseudo-terminal; its stdout (and nothing of stderr) in tty.
# The size is set by the shell code before it (stty cols N), else COLUMNS.
on_tty() { # shell-code crm-args...
	pre=$1
	shift
	script -qec "$pre \"$CRM\" $* 2>/dev/null" /dev/null </dev/null >tty.raw &&
		tr -d '\r' <tty.raw >tty
}

if ! script -qec true /dev/null </dev/null >/dev/null 2>&1; then
	test_skip 'tables on a terminal' 'script(1) cannot make a pseudo-terminal here'
	# 40 columns leave 36 to the names: 35 letters and "…", or 17 CJK
# characters (34 columns) and "…"; 38 leave 34: 33 letters, or 16 CJK.
test_ok 'a Cyrillic and a CJK name are cut by display columns' '
	crm -q client add "Общество с ограниченной ответственностью «Ромашка и партнёры»" >/dev/null &&
	crm -q client add "北京漢字貿易有限公司北京漢字貿易有限公司北京漢字貿易有限公司" >/dev/null &&
	on_tty "stty cols 40;" --fields id,name client list &&
	test "$(maxwidth tty)" -eq 40 &&
	grep -q "^26  Общество с ограниченной ответственн…\$" tty &&
	grep -q "^27  北京漢字貿易有限公司北京漢字貿易有…\$" tty &&
	on_tty "stty cols 38;" --fields id,name client list &&
	grep -q "^26  Общество с ограниченной ответстве…\$" tty &&
	grep -q "^27  北京漢字貿易有限公司北京漢字貿易…\$" tty
'

test_done
fi

test_ok 'the demo base: crm audit is far wider than 80 columns in a pipe' '
	crm -q init >/dev/null 2>&1 &&
	"$SRCDIR/demo/load.sh" "$CRM" >/dev/null 2>&1 &&
	expect_code 0 crm audit &&
	cp out audit.pipe &&
	test "$(maxwidth audit.pipe)" -gt 200 &&
	! grep -q "…" audit.pipe
'

test_ok 'on an 80-column terminal every line of crm audit fits, cut with …' '
	on_tty "stty cols 80;" audit &&
	test "$(maxwidth tty)" -le 80 &&
	test "$(maxwidth tty)" -ge 70 &&
	grep -q "…" tty &&
	test "$(wc -l <tty)" -eq "$(wc -l <audit.pipe)" &&
	head -n 1 tty >head &&
	grep -q "^SEVERI…  OWNER" head
'

test_ok 'the width comes from the terminal first, then from COLUMNS, else 80' '
	on_tty "stty cols 100; COLUMNS=200; export COLUMNS;" audit &&
	test "$(maxwidth tty)" -le 100 &&
	test "$(maxwidth tty)" -gt 90 &&
	on_tty "stty cols 0; COLUMNS=60; export COLUMNS;" audit &&
	test "$(maxwidth tty)" -le 60 &&
	on_tty "stty cols 0; unset COLUMNS;" audit &&
	test "$(maxwidth tty)" -le 80 &&
	test "$(maxwidth tty)" -gt 60
'

# Twelve columns do not fit 80: the text ones go down to 3 and no further.
test_ok 'numbers and dates stay whole; many columns go down to 3 to fit' '
	on_tty "stty cols 80;" client list &&
	expect_code 0 crm client list &&
	awk "{ print \$1 }" out >ids.pipe &&
	awk "{ print \$1 }" tty >ids.tty &&
	cmp ids.pipe ids.tty &&
	grep -q "2026-10-12 15:00  2026-11-24   2500000.00" tty &&
	head -n 2 tty >two &&
	test_file_is two "ID  NA…  KI…  TI…  ST…  ST…  OW…  LAST_CONTACT      NEXT_DUE          VALUE  SE…  TA…
 4  Ac…  co…  key  ac…  ho…  Jo…  2026-10-12 15:00  2026-11-24   2500000.00  IT   ex…"
'

test_ok '--wide before or after the command keeps the table whole' '
	on_tty "stty cols 80;" --wide audit &&
	cmp audit.pipe tty &&
	on_tty "stty cols 80;" audit --wide &&
	cmp audit.pipe tty
'

test_ok 'not a terminal: never cut, whatever COLUMNS says' '
	COLUMNS=40 expect_code 0 crm audit &&
	cmp audit.pipe out &&
	COLUMNS=40 expect_code 0 crm --format csv client list &&
	! grep -q "…" out
'

test_ok 'JSON on a terminal is never cut' '
	expect_code 0 crm --json audit &&
	cp out audit.json &&
	on_tty "stty cols 40;" --json audit &&
	cmp audit.json tty
'

# 40 columns leave 36 to the names: 35 letters and "…", or 17 CJK
# characters (34 columns) and "…"; 38 leave 34: 33 letters, or 16 CJK.
test_ok 'a Cyrillic and a CJK name are cut by display columns' '
	crm -q client add "Общество с ограниченной ответственностью «Ромашка и партнёры»" >/dev/null &&
	crm -q client add "北京漢字貿易有限公司北京漢字貿易有限公司北京漢字貿易有限公司" >/dev/null &&
	on_tty "stty cols 40;" --fields id,name client list &&
	test "$(maxwidth tty)" -eq 40 &&
	grep -q "^26  Общество с ограниченной ответственн…\$" tty &&
	grep -q "^27  北京漢字貿易有限公司北京漢字貿易有…\$" tty &&
	on_tty "stty cols 38;" --fields id,name client list &&
	grep -q "^26  Общество с ограниченной ответстве…\$" tty &&
	grep -q "^27  北京漢字貿易有限公司北京漢字貿易…\$" tty
'

test_done
