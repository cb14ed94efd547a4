#!/bin/sh
# t7005-json-hostile: crm client import on a hostile JSON corpus named like
# JSONTestSuite (tests/data/json, written by tests/data/json/generate.py):
# every n_ file is refused with exit 65 and nothing written; a y_ file is
# valid JSON, mostly no client record: exit 0, or 65 with nothing written;
# an i_ file either. Never a crash (exit >= 128) or a sanitizer report.
. "$SRCDIR/tests/cli/lib.sh"

corpus=$SRCDIR/tests/data/json

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

test_ok 'the corpus holds at least 120 files of each kind it needs' '
	test "$(ls "$corpus"/n_*.json | wc -l)" -ge 120 &&
	test "$(ls "$corpus"/y_*.json | wc -l)" -ge 40 &&
	test "$(ls "$corpus"/i_*.json | wc -l)" -ge 20
'

for f in "$corpus"/n_*.json; do
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
	rm -f crm.db crm.db-wal crm.db-shm && crm init >/dev/null
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
	{ printf "{\"name\":\"Good One\"}\n{\"name\":\"Good Two\"}\n"; cat "$corpus/n_object_trailing_comma.json"; } >mixed.ndjson &&
	expect_code 65 crm client import mixed.ndjson &&
	test_grep "error: line 3: invalid JSON at byte 9: a key in quotes expected" err &&
	test "$(rows)" = "$before"
'

test_done
