#!/bin/sh
# i18n-check.sh SRCDIR: the Russian catalogue is complete and current.
# Fails on a source file missing from po/POTFILES, a message of the sources
# missing from po/ru.po or left untranslated or fuzzy, a message of ru.po
# that the sources no longer have, a translation whose printf directives
# differ from its message (msgfmt --check), and an English message copied
# as its own translation (unless a "# same in Russian" comment says so).
set -eu
src=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$src"
fail=0

find core cmd -maxdepth 1 -name '*.c' ! -name schema-gen.c | LC_ALL=C sort >"$tmp/files"
LC_ALL=C sort po/POTFILES >"$tmp/listed"
if ! diff -u "$tmp/listed" "$tmp/files" >"$tmp/diff"; then
	cat "$tmp/diff"
	echo "po/POTFILES must list every C source of core/ and cmd/ (the lines above)"
	fail=1
fi

# shellcheck disable=SC2046 # one argument per line, none with spaces
xgettext $(cat po/xgettext.args) -f po/POTFILES -o "$tmp/crm.pot"
n=$(grep -c '^msgid ' "$tmp/crm.pot")
echo "# $((n - 1)) messages in the sources"

if ! msgcmp po/ru.po "$tmp/crm.pot" 2>"$tmp/missing"; then
	head -n 40 "$tmp/missing"
	echo "messages above are missing, untranslated or fuzzy in po/ru.po: run po/update and translate them"
	fail=1
fi
if ! msgcmp --use-untranslated --use-fuzzy "$tmp/crm.pot" po/ru.po 2>"$tmp/stale"; then
	head -n 40 "$tmp/stale"
	echo "po/ru.po holds messages the sources no longer have: run po/update"
	fail=1
fi
if ! msgfmt --check --statistics -o /dev/null po/ru.po 2>"$tmp/stats"; then
	fail=1
fi
cat "$tmp/stats"
if grep -q 'fuzzy\|untranslated' "$tmp/stats"; then
	echo "po/ru.po has fuzzy or untranslated messages"
	fail=1
fi

# an English message of two or more words left as its own translation
awk '
	/^# same in Russian/ { same = 1 }
	/^msgid "/ { id = substr($0, 8, length($0) - 8) }
	/^msgstr "/ {
		str = substr($0, 9, length($0) - 9)
		if (id != "" && str == id && id ~ /[A-Za-z]+ [A-Za-z]+/ && !same)
			print "untranslated copy: \"" id "\""
		same = 0
	}
' po/ru.po >"$tmp/copies"
if [ -s "$tmp/copies" ]; then
	head -n 40 "$tmp/copies"
	echo "translate the messages above in po/ru.po, or mark a deliberate copy with # same in Russian"
	fail=1
fi

[ $fail -eq 0 ] && echo "po/ru.po: complete and current"
exit $fail
