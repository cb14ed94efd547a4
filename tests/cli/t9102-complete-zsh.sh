#!/bin/sh
# t9102-complete-zsh: completions/zsh/_crm for real: an interactive zsh
# on a pseudo-terminal, with compinit and the script in its fpath, where
# Tab completes a name with spaces, quotes or «» and the command gets it
# as one argument.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/complete-lib.sh"

ZDOTDIR=$PWD/zdot
export ZDOTDIR
mkdir -p "$ZDOTDIR"
printf '%s\n' "fpath=('$SRCDIR/completions/zsh' \$fpath)" 'autoload -Uz compinit' \
	"compinit -u -d '$PWD/zcompdump'" "PS1='READY> '" >"$ZDOTDIR/.zshrc"

test_ok 'setup' 'complete_setup'

test_ok 'the script parses' 'zsh -n "$SRCDIR/completions/zsh/_crm"'

test_ok 'Tab in zsh: a name with « after a word start, case-folded' '
	typed "crm client show ромаш\\t" "
" -- zsh -i &&
	test_file_is args "ARG[client]
ARG[show]
ARG[ООО «Ромашка»]"
'

test_ok 'Tab in zsh: after an escaped space' '
	typed "crm client show ООО\\ «р\\t" "
" -- zsh -i &&
	test_file_is args "ARG[client]
ARG[show]
ARG[ООО «Ромашка»]"
'

test_ok 'Tab in zsh: inside an open single or double quote' '
	typed "crm client show '"'"'ООО «Р\\t" "
" -- zsh -i &&
	test_file_is args "ARG[client]
ARG[show]
ARG[ООО «Ромашка»]" &&
	typed "crm client show \"АО \\\"ё\\t" "
" -- zsh -i &&
	test_file_is args "ARG[client]
ARG[show]
ARG[АО \"Ёлки-палки\"]"
'

test_ok 'Tab in zsh: quotes and & in the name' '
	typed "crm client show sons\\t" "
" -- zsh -i &&
	test_file_is args "ARG[client]
ARG[show]
ARG[O'"'"'Brien & Sons]" &&
	typed "crm client show палки\\t" "
" -- zsh -i &&
	test_file_is args "ARG[client]
ARG[show]
ARG[АО \"Ёлки-палки\"]"
'

test_ok 'Tab in zsh: a manager for --owner and for --as=' '
	typed "crm client list --owner лебед\\t" "
" -- zsh -i &&
	test_file_is args "ARG[client]
ARG[list]
ARG[--owner]
ARG[Вера Лебедева]" &&
	typed "crm --as=ан\\t" "
" -- zsh -i &&
	test_file_is args "ARG[--as=Анна Смирнова]"
'

test_ok 'Tab in zsh: a field after a comma, a value of an option' '
	typed "crm client list --fields name,las\\t" "
" -- zsh -i &&
	test_file_is args "ARG[client]
ARG[list]
ARG[--fields]
ARG[name,last_contact]" &&
	typed "crm client list --tier V\\t" "
" -- zsh -i &&
	test_file_is args "ARG[client]
ARG[list]
ARG[--tier]
ARG[vip]"
'

test_ok 'Tab in zsh: a name from the base --db names' '
	typed "crm --db other.db client show д\\t" "
" -- zsh -i &&
	test_file_is args "ARG[--db]
ARG[other.db]
ARG[client]
ARG[show]
ARG[Другой клиент]"
'

test_ok 'Tab in zsh: several names (ром: ООО «Ромашка», Ромб): the typed word stays' '
	typed "crm client show ром\\t" "
" -- zsh -i &&
	test_file_is args "ARG[client]
ARG[show]
ARG[ром]" &&
	test_grep "Ромб" transcript &&
	test_grep "ООО «Ромашка»" transcript
'

test_done
