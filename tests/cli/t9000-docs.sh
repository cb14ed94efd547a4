#!/bin/sh
# t9000-docs: every command of crm's table has its -h, its man page with a
# matching SYNOPSIS, a row in crm(1)'s command list, and a place in the
# three completion scripts. The list of commands comes from the binary
# ('crm __complete --commands'), so a new command without its docs fails
# here, with its name in the test description.
#
# What a page must look like to pass:
#   - man/crm-<top>.1.scd documents a top-level command <top> (help and
#     version are documented in crm.1.scd);
#   - each usage line of 'crm <path> -h' is one entry of the page's
#     SYNOPSIS section: a paragraph, or a line ending in '++', equal to the
#     usage line once '*', '_' and '\' are removed and blanks collapsed
#     (so '*crm config get* <key>' matches 'crm config get <key>');
#   - crm.1.scd has a '# COMMANDS' section with a '*<top>*' line per
#     top-level command, and a '# EXIT STATUS' section with a '*<code>*'
#     line per exit code;
#   - each completion script names every command path in its static list,
#     as '<path>:<description>' in single quotes.
. "$SRCDIR/tests/cli/lib.sh"

MAN=$SRCDIR/man
COMPLETIONS="bash/crm zsh/_crm fish/crm.fish"

# The SYNOPSIS entries of a page, normalised, one per line.
synopsis() {
	awk '
	function flush() {
		gsub(/[*_\\]/, "", cur)
		gsub(/[ \t]+/, " ", cur)
		sub(/^ /, "", cur)
		sub(/ $/, "", cur)
		if (cur != "")
			print cur
		cur = ""
	}
	/^# SYNOPSIS[ \t]*$/ { on = 1; next }
	/^# / { if (on) { flush(); on = 0 } next }
	!on { next }
	/^[ \t]*$/ { flush(); next }
	{
		line = $0
		brk = sub(/\+\+[ \t]*$/, "", line)
		cur = cur " " line
		if (brk)
			flush()
	}
	END { flush() }
	' "$1"
}

# The usage lines of a -h text, normalised the same way, one per line.
usage_lines() {
	sed -n 's/^usage: //p; s/^ *or: //p' "$1" |
	sed 's/[*_\\]//g; s/[ 	][ 	]*/ /g; s/^ //; s/ $//'
}

# The lines of one '# NAME' section of a page.
section() {
	awk -v want="# $2" '
	$0 == want { on = 1; next }
	/^# / { on = 0 }
	on
	' "$1"
}

# The page that documents the top-level command $1.
page_of() {
	case $1 in
	help | version) echo "$MAN/crm.1.scd" ;;
	*) echo "$MAN/crm-$1.1.scd" ;;
	esac
}

test_ok '__complete --commands lists the command paths' '
	expect_code 0 crm __complete --commands &&
	test_empty err &&
	test -s out
'
crm __complete --commands 2>/dev/null | cut -f1 >paths
crm __complete 2>/dev/null | cut -f1 >tops

# ---- every command path ------------------------------------------------

completed=
while IFS= read -r path; do
	top=${path%% *}
	page=$(page_of "$top")
	h=help-$(echo "$path" | tr ' ' -)

	# shellcheck disable=SC2086 # $path is the command words
	test_ok "$path: -h exits 0 and prints usage on stdout" '
		expect_code 0 crm $path -h &&
		cp out "$h" &&
		grep "^usage: crm" out >/dev/null &&
		test_empty err
	'
	rm -f out err
	test_ok "$path: has the man page ${page#"$SRCDIR"/}" '
		test -s "$page"
	'
	if test -s "$h" && test -f "$page"; then
		synopsis "$page" >"$h.synopsis"
		usage_lines "$h" >"$h.usage"
		while IFS= read -r u; do
			test_ok "$path: SYNOPSIS of ${page##*/} has '$u'" '
				grep -Fx -e "$u" "$h.synopsis" >/dev/null || {
					echo "SYNOPSIS entries of $page:"
					cat "$h.synopsis"
					false
				}
			'
		done <"$h.usage"
	fi
	for c in $COMPLETIONS; do
		test_ok "$path: in the command list of completions/$c" '
			grep -F -e "'"'"'$path:" "$SRCDIR/completions/$c" >/dev/null
		'
	done
	# the shell script asks crm for each word of the path, as bash does
	set -- $path
	words=
	for w; do
		prefix=$(printf '%s' "$w" | cut -c1-2)
		case $completed in
		*"|$words$w|"*)
			words="$words$w "
			continue
			;;
		esac
		completed="$completed|$words$w|"
		test_ok "$path: bash completes '$words$prefix' to '$w'" '
			command -v bash >/dev/null || exit 0
			bash -c '"'"'
				. "$1/completions/bash/crm"; shift
				COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _crm
				printf "%s\n" "${COMPREPLY[@]}"
			'"'"' _ "$SRCDIR" "$CRM" $words "$prefix" >compl &&
			grep -Fx -e "$w" compl >/dev/null
		'
		words="$words$w "
	done
done <paths

# ---- every top-level command -------------------------------------------

section "$MAN/crm.1.scd" COMMANDS >commands
while IFS= read -r top; do
	test_ok "$top: in the command list of crm.1.scd" '
		grep "^\*$top\*" commands >/dev/null
	'
	test_code 0 "$top: crm help $top exits 0" crm help "$top"
	rm -f out err
done <tops

# ---- crm(1) ------------------------------------------------------------

crm -h >help-top 2>/dev/null
synopsis "$MAN/crm.1.scd" >help-top.synopsis
usage_lines help-top >help-top.usage
while IFS= read -r u; do
	test_ok "crm: SYNOPSIS of crm.1.scd has '$u'" '
		grep -Fx -e "$u" help-top.synopsis >/dev/null
	'
done <help-top.usage

section "$MAN/crm.1.scd" 'EXIT STATUS' >exit-status
for code in 0 1 2 3 4 5 65 75; do
	test_ok "crm.1.scd: EXIT STATUS lists $code" '
		grep "^\*$code\*" exit-status >/dev/null
	'
done

# ---- config keys -------------------------------------------------------

crm __complete config get '' 2>/dev/null | cut -f1 >keys
while IFS= read -r key; do
	test_ok "config key $key: in crm-config.1.scd" '
		grep -F -e "*$key*" "$MAN/crm-config.1.scd" >/dev/null
	'
done <keys

# ---- the pages and their build -----------------------------------------

for f in "$MAN"/*.scd; do
	name=${f##*/}
	name=${name%.scd}
	title=$(echo "$name" | sed 's/\.\([0-9]\)$/(\1)/')
	test_ok "man/meson.build lists $name" '
		grep -F -e "'"'"'$name'"'"'" "$MAN/meson.build" >/dev/null
	'
	test_ok "man/$name.scd starts with its title $title" '
		head -n 1 "$f" | grep -Fx -e "$title" >/dev/null
	'
	if command -v scdoc >/dev/null; then
		test_ok "man/$name.scd renders with scdoc" '
			scdoc <"$f" >page && test -s page
		'
	fi
done
sed -n "s/^ *'\([a-z0-9-]*\.[0-9]\)',* *$/\1/p" "$MAN/meson.build" >listed
while IFS= read -r name; do
	test_ok "man/meson.build: $name has its man/$name.scd" '
		test -f "$MAN/$name.scd"
	'
	if test -e "$BUILDDIR/man/$name"; then
		test_ok "build: man/$name is not empty" '
			test -s "$BUILDDIR/man/$name"
		'
	fi
done <listed

# ---- the completion scripts parse --------------------------------------

test_ok 'completions/bash/crm parses' '
	command -v bash >/dev/null || exit 0
	bash -n "$SRCDIR/completions/bash/crm"
'
if command -v zsh >/dev/null; then
	test_ok 'completions/zsh/_crm parses' 'zsh -n "$SRCDIR/completions/zsh/_crm"'
else
	test_skip 'completions/zsh/_crm parses' 'no zsh'
fi
if command -v fish >/dev/null; then
	test_ok 'completions/fish/crm.fish parses' 'fish -n "$SRCDIR/completions/fish/crm.fish"'
else
	test_skip 'completions/fish/crm.fish parses' 'no fish'
fi

test_done
