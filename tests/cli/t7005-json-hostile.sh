#!/bin/sh
# t7005-json-hostile: crm client import on hostile JSON. Never a crash
# (exit >= 128) or a sanitizer report, and a refusal writes nothing.
#
# The real JSONTestSuite (test_parsing: y_ accept, n_ refuse, i_ either),
# from ../shared/suites beside the clone when it is there: each file is
# the value of "handovers" in a client record, a key the import accepts
# and ignores whatever it holds (crm-client(1), IMPORT AND EXPORT), so that
# the strict parser alone decides: an n_ file is refused (exit 65), a y_
# file is imported (exit 0) but for the few that crm refuses on purpose, an
# i_ file either way. Then crm's own cases in tests/data/json (written by
# tests/data/json/generate.py: ids, amounts, duplicate keys, \u0000, byte
# order marks, encodings), and deep nesting made here at run time.
. "$SRCDIR/tests/cli/lib.sh"

corpus=$SRCDIR/tests/data/json
suites=$SRCDIR/../shared/suites
jts=$suites/JSONTestSuite/test_parsing

# Everything an import may write, as one line.
rows() {
	$SQLX crm.db "SELECT (SELECT count(*) FROM client), (SELECT count(*) FROM journal),
		(SELECT count(*) FROM manager), (SELECT count(*) FROM contact),
		(SELECT count(*) FROM interaction), (SELECT count(*) FROM search)"
}

# No crash and no sanitizer report in err, for the exit code $1.
sane() {
	test "$1" -lt 128 &&
	! grep -E 'Sanitizer|runtime error|stack-overflow' err
}

# Imports $f; its exit code must be one of $@; 65 writes nothing.
import_case() {
	before=$(rows) &&
	{ crm client import --from ndjson "$f" >out 2>err </dev/null; rc=$?; } ;
	sane $rc || { echo "exit $rc"; cat err; return 1; }
	ok=1
	for want in "$@"; do
		test "$rc" -eq "$want" && ok=0
	done
	test $ok -eq 0 || { echo "exit $rc, want $*"; cat err; return 1; }
	if test "$rc" -eq 65; then
		test "$(rows)" = "$before" &&
		test_empty out &&
		grep -q '^error: ' err &&
		test_grep 'nothing was imported' err
	fi
}

test_ok 'a base' 'crm init >/dev/null'

# ---- the real JSONTestSuite ---------------------------------------------------

# y_ files crm refuses on purpose (crm-client(1), IMPORT AND EXPORT): a key
# twice in one object, and \u0000 in a string (a NUL has no place in text).
strict='y_object_duplicated_key.json y_object_duplicated_key_and_value.json'
strict="$strict y_object_escaped_null_in_key.json y_string_null_escape.json"

# Writes w.ndjson: one client record whose "handovers" is the file's text;
# with -1 its line breaks become spaces (a y_ file: JSON white space).
wrap() {
	if test "$1" = -1; then
		{ printf '{"name":"Suite","handovers":'; tr '\r\n' '  ' <"$2"; printf '}\n'; }
	else
		{ printf '{"name":"Suite","handovers":'; cat "$1"; printf '}\n'; }
	fi >w.ndjson
}

# One crm process per file: its exit code must be one of $@, a refusal
# says so; that nothing was written is checked once for all the refusals.
suite_case() {
	{ crm client import w.ndjson >out 2>err </dev/null; rc=$?; }
	echo $rc >>codes
	sane $rc || { echo "exit $rc"; cat err; return 1; }
	ok=1
	for want in "$@"; do
		test "$rc" -eq "$want" && ok=0
	done
	test $ok -eq 0 || { echo "exit $rc, want $*"; cat err; return 1; }
	if test "$rc" -eq 65; then
		test_empty out && test_grep 'nothing was imported' err
	fi
}

if test -d "$jts"; then
	test_ok 'JSONTestSuite: 318 files, 95 y_, 188 n_, 35 i_' '
		test "$(ls "$jts" | wc -l)" -eq 318 &&
		test "$(ls "$jts"/y_*.json | wc -l)" -eq 95 &&
		test "$(ls "$jts"/n_*.json | wc -l)" -eq 188 &&
		test "$(ls "$jts"/i_*.json | wc -l)" -eq 35
	'
	before=$(rows)
	for f in "$jts"/n_*.json; do
		wrap "$f"
		test_ok "JSONTestSuite refused: ${f##*/}" 'suite_case 65'
	done
	test_ok 'JSONTestSuite: the refusals wrote nothing' 'test "$(rows)" = "$before"'
	for f in "$jts"/y_*.json; do
		wrap -1 "$f"
		case " $strict " in
		*" ${f##*/} "*)
			test_ok "JSONTestSuite refused on purpose: ${f##*/}" 'suite_case 65' ;;
		*)
			test_ok "JSONTestSuite accepted: ${f##*/}" 'suite_case 0' ;;
		esac
	done
	for f in "$jts"/i_*.json; do
		wrap "$f"
		test_ok "JSONTestSuite either way, no crash: ${f##*/}" 'suite_case 0 65'
	done
	test_ok 'JSONTestSuite: each file accepted is one client, and only those' '
		test "$(grep -c "^0\$" codes)" -ge 91 &&
		test "$($SQLX crm.db "SELECT count(*) FROM client WHERE name = '\''Suite'\''")" \
			-eq "$(grep -c "^0\$" codes)"
	'
else
	test_skip 'JSONTestSuite (318 files of test_parsing)' "no $jts: the real suites are not beside this clone (see tests/cli/t7005-json-hostile.sh)"
fi

# ---- crm's own cases ---------------------------------------------------------

test_ok 'crm'\''s own cases are there' '
	test "$(ls "$corpus"/n_*.json | wc -l)" -ge 60 &&
	test "$(ls "$corpus"/y_*.json | wc -l)" -ge 5 &&
	test "$(ls "$corpus"/i_*.json | wc -l)" -ge 3
'

# Deep nesting, made here rather than stored.
mkdir own
head -c 10000 /dev/zero | tr '\0' '[' >own/open.txt
head -c 10000 /dev/zero | tr '\0' ']' >own/close.txt
cat own/open.txt own/close.txt >own/n_structure_deep_nesting_10000.json
{ printf '{"name":"a","tags":'; cat own/open.txt own/close.txt; printf '}'; } \
	>own/n_structure_deep_in_client.json
awk 'BEGIN { for (i = 0; i < 10000; i++) printf "{\"a\":"; printf "1";
	for (i = 0; i < 10000; i++) printf "}" }' >own/n_structure_deep_objects_10000.json
for i in 0 1 2 3 4 5 6 7 8 9; do cat own/open.txt; done >own/n_structure_100000_opening_arrays.json
rm own/open.txt own/close.txt
# and three plain ones that the reasons below name
printf '{"id":0,}' >own/n_object_trailing_comma.json
: >own/n_structure_no_data.json
printf '[012]' >own/n_number_with_leading_zero.json

for f in "$corpus"/n_*.json "$PWD"/own/n_*.json; do
	test_ok "refused: ${f##*/}" 'import_case 65'
done
for f in "$corpus"/y_*.json; do
	test_ok "valid JSON, no crash: ${f##*/}" 'import_case 0 65'
done
for f in "$corpus"/i_*.json; do
	test_ok "either way, no crash: ${f##*/}" 'import_case 0 65'
done

# ---- the records among the valid texts are imported exactly ----------------

fresh() {
	test_new_base && crm init >/dev/null
}

test_ok 'a minimal record and a Cyrillic one with escapes are imported as written' '
	fresh &&
	expect_code 0 crm client import "$corpus/y_client_minimal.json" &&
	expect_code 0 crm client import "$corpus/y_client_cyrillic.json" &&
	expect_code 0 crm --format tsv --fields name,note client list --sort name &&
	test_file_is out "$(printf "name\tnote\nAcme Minimal\t\nООО Ромашка\tпривет")"
'

test_ok 'a surrogate pair becomes one 4-byte character' '
	expect_code 0 crm client import "$corpus/y_client_surrogate_pair_name.json" &&
	expect_code 0 crm --format tsv --fields name client show "Emoji 😀 Ltd" &&
	test_file_is out "$(printf "name\nEmoji 😀 Ltd")"
'

test_ok 'the largest amount there is, 999 999 999 999.99, is kept to the cent' '
	expect_code 0 crm client import "$corpus/y_client_value_max.json" &&
	test "$($SQLX crm.db "SELECT value FROM client WHERE name = '\''Big Value'\''")" = 99999999999999
'

test_ok 'a UTF-8 byte order mark before the first record is skipped' '
	expect_code 0 crm client import "$corpus/i_structure_UTF-8_BOM_client.json" &&
	expect_code 0 crm --format tsv --fields name client show "Bom Client"
'

# ---- the reasons given -----------------------------------------------------

reason() { # file text
	f=$corpus/$1
	test -e "$f" || f=$PWD/own/$1
	crm client import "$f" >out 2>err </dev/null
	test $? -eq 65 && test_grep "$2" err
}

test_ok 'reasons: each refusal names what is wrong and where' '
	reason n_object_duplicate_key.json "invalid JSON at byte 13: duplicate key '\''name'\''" &&
	reason n_object_duplicate_key_nested.json "duplicate key '\''name'\''" &&
	reason n_string_escaped_nul.json "\\u0000 (a NUL character) is not allowed in text" &&
	reason n_structure_raw_nul_byte.json "a NUL byte at byte 1" &&
	reason n_string_invalid_utf8_byte.json "not valid UTF-8 text" &&
	reason n_string_overlong_slash.json "not valid UTF-8 text" &&
	reason n_string_utf8_encoded_surrogate.json "not valid UTF-8 text" &&
	reason n_string_lone_surrogate_high.json "a lone high surrogate" &&
	reason n_string_lone_surrogate_low.json "a lone low surrogate" &&
	reason n_object_trailing_comma.json "a key in quotes expected" &&
	reason n_object_two_values.json "unexpected text after the value" &&
	reason n_structure_deep_nesting_10000.json "nested too deeply" &&
	reason n_structure_no_data.json "no record in the input" &&
	reason n_structure_whitespace_only.json "no record in the input" &&
	reason n_number_id_beyond_int64.json "field '\''id'\'': the number 9223372036854775808 does not fit in 64 bits" &&
	reason n_number_id_zero_fraction.json "field '\''id'\'': expected a whole number, found '\''7.0'\''" &&
	reason n_number_value_1e400.json "field '\''value'\'': invalid amount '\''1e400'\''" &&
	reason n_number_value_beyond_int64.json "invalid amount '\''92233720368547758.08'\''" &&
	reason n_number_value_beyond_range.json "line 1: field '\''value'\'': invalid amount '\''1000000000000.00'\'': a decimal of at most two places, as \"1234.50\", at most 999 999 999 999.99 either way" &&
	reason n_number_value_int64_min.json "invalid amount '\''-92233720368547758.08'\''" &&
	reason n_number_with_leading_zero.json "a leading zero" &&
	reason n_string_windows1251.json "not valid UTF-8 text"
'

test_ok 'a bad line after good ones: the line number, and nothing of the good ones written' '
	before=$(rows) &&
	{ printf "{\"name\":\"Good One\"}\n{\"name\":\"Good Two\"}\n"; cat own/n_object_trailing_comma.json; } >mixed.ndjson &&
	expect_code 65 crm client import mixed.ndjson &&
	test_grep "error: line 3: invalid JSON at byte 9: a key in quotes expected" err &&
	test "$(rows)" = "$before"
'

test_done
