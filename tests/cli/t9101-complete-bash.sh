#!/bin/sh
# t9101-complete-bash: completions/bash/crm for real: its function driven
# by COMP_WORDS, COMP_CWORD, COMP_LINE and COMP_POINT in 'bash --norc',
# and an interactive bash on a pseudo-terminal where Tab completes a name
# with spaces, quotes or «» and the command gets it as one argument.
. "$SRCDIR/tests/cli/lib.sh"
. "$SRCDIR/tests/cli/complete-lib.sh"

# COMPREPLY, one a line, for the line $1 with the cursor at $2 (default:
# its end); COMP_WORDS split as bash splits a line without quotes
comp_line() {
	bash --norc --noprofile -c '
		. "$1/completions/bash/crm"
		COMP_LINE=$2
		COMP_POINT=${3:-${#2}}
		read -ra COMP_WORDS <<<"${2:0:COMP_POINT}"
		[[ ${2:COMP_POINT-1:1} == " " ]] && COMP_WORDS+=("")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_crm
		printf "%s\n" "${COMPREPLY[@]}"
	' _ "$SRCDIR" "$@" >reply
}

# COMPREPLY for COMP_WORDS given as arguments, without COMP_LINE (the way
# t9000 and older callers drive it)
comp_words() {
	bash --norc --noprofile -c '
		. "$1/completions/bash/crm"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _crm
		printf "%s\n" "${COMPREPLY[@]}"
	' _ "$SRCDIR" "$@" >reply
}

RC="$PWD/bashrc"
printf '%s\n' ". '$SRCDIR/completions/bash/crm'" "PS1='READY> '" >"$RC"

test_ok 'setup' 'complete_setup'

test_ok 'the script is shellcheck clean (bash)' '
	shellcheck -s bash "$SRCDIR/completions/bash/crm"
'

test_ok 'COMP_LINE: crm'"'"'s candidates as they are, no second filter' '
	comp_line "crm client show ром" &&
	test_file_is reply "ООО «Ромашка»
Ромб" &&
	comp_line "crm client show палки" &&
	test_file_is reply "АО \"Ёлки-палки\""
'

test_ok 'COMP_LINE: a backslash-escaped space and «' '
	comp_line "crm client show ООО\\ «Р" &&
	test_file_is reply "ООО «Ромашка»"
'

test_ok 'COMP_LINE: inside an open quote, single or double' '
	comp_line "crm client show '"'"'ООО «Р" &&
	test_file_is reply "ООО «Ромашка»" &&
	comp_line "crm client show \"АО \\\"Ё" &&
	test_file_is reply "АО \"Ёлки-палки\"" &&
	comp_line "crm client show o\\'"'"'b" &&
	test_file_is reply "O'"'"'Brien & Sons"
'

test_ok 'COMP_POINT: the word under the cursor, not the end of the line' '
	comp_line "crm client show ромаш --json" 20 &&
	test_file_is reply "ООО «Ромашка»"
'

test_ok 'COMP_LINE: quoted words before the cursor reach crm unquoted' '
	comp_line "crm --db '"'"'other.db'"'"' client show д" &&
	test_file_is reply "Другой клиент" &&
	comp_line "crm client show \"ООО «Ромашка»\" --fields na" &&
	test_file_is reply "name"
'

test_ok 'COMP_WORDS alone: the current word unquoted' '
	comp_words crm client show "ООО\\ «Р" &&
	test_file_is reply "ООО «Ромашка»" &&
	comp_words crm client show "'"'"'ООО «Р" &&
	test_file_is reply "ООО «Ромашка»" &&
	comp_words crm client show "" &&
	test_grep "Acme Corp" reply
'

test_ok 'managers, --as=, fields, values' '
	comp_line "crm client list --owner лебед" &&
	test_file_is reply "Вера Лебедева" &&
	comp_words crm --as = ан &&
	test_file_is reply "Анна Смирнова" &&
	comp_line "crm client list --fields name,ow" &&
	test_file_is reply "name,owner
name,owner_id" &&
	comp_line "crm client add X --tier v" &&
	test_file_is reply "vip"
'

test_ok 'Tab in bash: a name with « after a word start' '
	typed "crm client show ромаш\\t" "
" -- bash --noprofile --rcfile "$RC" -i &&
	test_file_is args "ARG[client]
ARG[show]
ARG[ООО «Ромашка»]"
'

test_ok 'Tab in bash: after an escaped space' '
	typed "crm client show ООО\\ «р\\t" "
" -- bash --noprofile --rcfile "$RC" -i &&
	test_file_is args "ARG[client]
ARG[show]
ARG[ООО «Ромашка»]"
'

test_ok 'Tab in bash: inside an open single quote' '
	typed "crm client show '"'"'ООО «Р\\t" "
" -- bash --noprofile --rcfile "$RC" -i &&
	test_file_is args "ARG[client]
ARG[show]
ARG[ООО «Ромашка»]"
'

test_ok 'Tab in bash: quotes and & in the name' '
	typed "crm client show sons\\t" "
" -- bash --noprofile --rcfile "$RC" -i &&
	test_file_is args "ARG[client]
ARG[show]
ARG[O'"'"'Brien & Sons]" &&
	typed "crm client show палки\\t" "
" -- bash --noprofile --rcfile "$RC" -i &&
	test_file_is args "ARG[client]
ARG[show]
ARG[АО \"Ёлки-палки\"]"
'

test_ok 'Tab in bash: a manager for --owner and for --as=' '
	typed "crm client list --owner лебед\\t" "
" -- bash --noprofile --rcfile "$RC" -i &&
	test_file_is args "ARG[client]
ARG[list]
ARG[--owner]
ARG[Вера Лебедева]" &&
	typed "crm --as=ан\\t" "
" -- bash --noprofile --rcfile "$RC" -i &&
	test_file_is args "ARG[--as=Анна Смирнова]"
'

test_ok 'Tab in bash: a name from the base --db names' '
	typed "crm --db other.db client show д\\t" "
" -- bash --noprofile --rcfile "$RC" -i &&
	test_file_is args "ARG[--db]
ARG[other.db]
ARG[client]
ARG[show]
ARG[Другой клиент]"
'

test_ok 'Tab Tab in bash: several names (ром: ООО «Ромашка», Ромб): the typed word stays, the names listed' '
	typed "crm client show ром\\t" "\\t" "
" -- bash --noprofile --rcfile "$RC" -i &&
	test_file_is args "ARG[client]
ARG[show]
ARG[ром]" &&
	test_grep "Ромб" transcript &&
	test_grep "ООО «Ромашка»" transcript
'

test_done
