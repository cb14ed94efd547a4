#!/bin/sh
# t9103-complete-fish: completions/fish/crm.fish for real: fish's own
# completion entry point (complete -C) and an interactive fish on a
# pseudo-terminal, where Tab completes a name with spaces, quotes or «»
# and the command gets it as one argument.
#
# fish filters the candidates again with its own matching, which folds
# case in the middle of a name for ASCII only (fish 3.6): a lower-case
# Cyrillic word start inside a name ("ромаш" for ООО «Ромашка») is crm's
# answer but fish drops it. A prefix folds ("ооо"), and so does a word
# start typed in its case ("Ромаш").
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/complete-lib.sh"

T=$(printf '\t')
INIT="source '$SRCDIR/completions/fish/crm.fish'; function fish_prompt; echo -n 'READY> '; end; function fish_greeting; end"

# what fish would offer for the line $1, as "candidate<TAB>description"
fish_complete() {
	fish --no-config -c "source '$SRCDIR/completions/fish/crm.fish'; complete -C\$argv[1]" "$1" >reply
}

test_ok 'setup' 'complete_setup'

test_ok 'the script parses' 'fish -n "$SRCDIR/completions/fish/crm.fish"'

test_ok 'complete -C: a folded prefix after an escaped space and «' '
	fish_complete "crm client show ООО\\ «р" &&
	test_file_is reply "ООО «Ромашка»${T}regular" &&
	fish_complete "crm client show ооо" &&
	test_file_is reply "ООО «Ромашка»${T}regular"
'

test_ok 'complete -C: inside an open single or double quote' '
	fish_complete "crm client show '"'"'ООО «Р" &&
	test_file_is reply "ООО «Ромашка»${T}regular" &&
	fish_complete "crm client show \"АО \\\"Ё" &&
	test_file_is reply "АО \"Ёлки-палки\"${T}regular" &&
	fish_complete "crm client show o\\'"'"'b" &&
	test_file_is reply "O'"'"'Brien & Sons${T}regular"
'

test_ok 'complete -C: a word start inside the name' '
	"$CRM" __complete client show ромаш >out &&
	test_file_is out "ООО «Ромашка»${T}regular" &&
	fish_complete "crm client show Ромаш" &&
	test_file_is reply "ООО «Ромашка»${T}regular" &&
	fish_complete "crm client show sons" &&
	test_file_is reply "O'"'"'Brien & Sons${T}regular"
'

test_ok 'complete -C: managers, --as=, fields, values, --db' '
	fish_complete "crm client list --owner Лебед" &&
	test_file_is reply "Вера Лебедева${T}manager" &&
	fish_complete "crm --as=ан" &&
	test_file_is reply "--as=Анна Смирнова${T}manager" &&
	fish_complete "crm client list --fields name,ow" &&
	test_file_is reply "name,owner
name,owner_id" &&
	fish_complete "crm client add X --tier V" &&
	test_file_is reply "vip" &&
	fish_complete "crm --db other.db client show д" &&
	test_file_is reply "Другой клиент${T}regular"
'

test_ok 'Tab in fish: a folded prefix after an escaped space' '
	typed "crm client show ООО\\ «р\\t" "
" -- fish --no-config -i -C "$INIT" &&
	test_file_is args "ARG[client]
ARG[show]
ARG[ООО «Ромашка»]"
'

test_ok 'Tab in fish: inside an open single quote' '
	typed "crm client show '"'"'ООО «Р\\t" "
" -- fish --no-config -i -C "$INIT" &&
	test_file_is args "ARG[client]
ARG[show]
ARG[ООО «Ромашка»]"
'

test_ok 'Tab in fish: quotes and & in the name' '
	typed "crm client show sons\\t" "
" -- fish --no-config -i -C "$INIT" &&
	test_file_is args "ARG[client]
ARG[show]
ARG[O'"'"'Brien & Sons]" &&
	typed "crm client show палки\\t" "
" -- fish --no-config -i -C "$INIT" &&
	test_file_is args "ARG[client]
ARG[show]
ARG[АО \"Ёлки-палки\"]"
'

test_ok 'Tab in fish: a manager for --owner and for --as=' '
	typed "crm client list --owner Лебед\\t" "
" -- fish --no-config -i -C "$INIT" &&
	test_file_is args "ARG[client]
ARG[list]
ARG[--owner]
ARG[Вера Лебедева]" &&
	typed "crm --as=ан\\t" "
" -- fish --no-config -i -C "$INIT" &&
	test_file_is args "ARG[--as=Анна Смирнова]"
'

test_ok 'Tab in fish: a name from the base --db names' '
	typed "crm --db other.db client show д\\t" "
" -- fish --no-config -i -C "$INIT" &&
	test_file_is args "ARG[--db]
ARG[other.db]
ARG[client]
ARG[show]
ARG[Другой клиент]"
'

test_done
