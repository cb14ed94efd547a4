#!/bin/sh
# t7006-csv-cases: crm client import of the CSV cases in tests/data/csv
# (written by tests/data/csv/generate.py): the csv-spectrum cases with
# crm's column names, a byte order mark, CRLF, no final newline, ';' as
# the delimiter, ragged rows, an unterminated quote, NUL bytes, long
# fields, Windows-1251 bytes. A case with NAME.json imports exactly that;
# a case with NAME.err is refused, exit 65, with that line and reason and
# nothing written.
. "$SRCDIR/tests/cli/lib.sh"

cases=$SRCDIR/tests/data/csv

rows() {
	$SQLX crm.db "SELECT (SELECT count(*) FROM client), (SELECT count(*) FROM journal),
		(SELECT count(*) FROM contact), (SELECT count(*) FROM manager)"
}

# The keys of the first object of a .json case, comma-separated.
keys() {
	k=$(sed -n 2p "$1" | grep -o '"[a-z_]*":' | tr -d '":' | paste -sd, -)
	echo "${k:-name,note}"
}

fresh() {
	rm -f crm.db crm.db-wal crm.db-shm && crm init >/dev/null
}

imports() { # case
	fresh &&
	expect_code 0 crm -q client import "$cases/$1.csv" &&
	test_empty out && test_empty err &&
	expect_code 0 crm --format json --fields "$(keys "$cases/$1.json")" client list --sort created &&
	cmp out "$cases/$1.json" || {
		echo "want:"; cat "$cases/$1.json"; echo "got:"; cat out; return 1
	}
}

refused() { # case
	fresh &&
	before=$(rows) &&
	expect_code 65 crm client import "$cases/$1.csv" &&
	test_empty out &&
	test_grep "$(cat "$cases/$1.err")" err &&
	test_grep "nothing was imported" err &&
	test "$(rows)" = "$before"
}

test_ok 'the cases are there: 12 csv-spectrum cases among at least 30' '
	test "$(ls "$cases"/*.csv | wc -l)" -ge 30 &&
	for c in comma_in_quotes empty empty_crlf escaped_quotes json newlines newlines_crlf \
		quotes_and_newlines simple simple_crlf utf8 location_coordinates; do
		test -f "$cases/$c.csv" && test -f "$cases/$c.json" || return 1
	done
'

for f in "$cases"/*.json; do
	c=${f##*/}
	c=${c%.json}
	test_ok "imported exactly: $c" "imports $c"
done
for f in "$cases"/*.err; do
	c=${f##*/}
	c=${c%.err}
	test_ok "refused with the line and the reason: $c" "refused $c"
done

test_ok 'location_coordinates: the key contact gets the email and the phone' '
	imports location_coordinates &&
	expect_code 0 crm --format tsv contact list Test &&
	test_grep "test@test.com" out &&
	test_grep "1234567890" out
'

test_ok 'a ; file exports as a , file that imports again the same' '
	imports semicolon &&
	crm client export --format csv >a.csv &&
	test "$(head -c 5 a.csv)" = "uuid," &&
	rm -f crm.db crm.db-wal crm.db-shm && crm init >/dev/null &&
	crm -q client import a.csv &&
	crm client export --format csv >b.csv &&
	cmp a.csv b.csv
'

test_ok 'the CRLF and LF spellings of a case give the same clients' '
	imports newlines_crlf && imports newlines &&
	imports empty_crlf && imports empty &&
	imports simple_crlf && imports simple
'

test_ok 'a refused case leaves an existing base as it was' '
	fresh && crm client add Keep >/dev/null &&
	before=$(rows) &&
	expect_code 65 crm client import "$cases/ragged_short.csv" &&
	test "$(rows)" = "$before"
'

# ---- formulas: a CSV export neutralises them, an import gives them back ----

test_ok 'csv export and csv lists put a quote before =, +, -, @, tab, CR' '
	fresh &&
	crm client add "=HYPERLINK(\"http://x\")" >/dev/null &&
	crm client add -- "-2+3" >/dev/null &&
	crm client add "+7 999" >/dev/null &&
	crm client add "@SUM(A1)" >/dev/null &&
	crm client add --note "$(printf "\tTab")" Tabbed >/dev/null &&
	crm client add "'\''=quoted" >/dev/null &&
	crm client add "'\'''\''=two" >/dev/null &&
	crm client add "a=b" >/dev/null &&
	crm client add --segment "=cmd" --note "-note" Plain >/dev/null &&
	expect_code 0 crm --format csv --fields id,name client list --sort created &&
	test_file_is out "$(printf "id,name\n1,\"'\''=HYPERLINK(\"\"http://x\"\")\"\n2,'\''-2+3\n3,'\''+7 999\n4,'\''@SUM(A1)\n5,Tabbed\n6,'\'''\''=quoted\n7,'\'''\'''\''=two\n8,a=b\n9,Plain")" &&
	expect_code 0 crm client export --format csv Plain &&
	test_grep ",'\''=cmd," out &&
	test_grep ",'\''-note," out &&
	expect_code 0 crm client export --format csv Tabbed &&
	test_grep "$(printf ",'\''\tTab,")" out
'

test_ok 'tsv and json are not touched' '
	expect_code 0 crm --format tsv --fields name client show 2 &&
	test_file_is out "$(printf "name\n-2+3")" &&
	expect_code 0 crm --format json --fields name client show 1 &&
	test_file_is out "{\"name\":\"=HYPERLINK(\\\"http://x\\\")\"}"
'

test_ok 'the export imports back to the same texts' '
	crm client export --format csv >f.csv &&
	crm client export --format ndjson >f.ndjson &&
	rm -f crm.db crm.db-wal crm.db-shm && crm init >/dev/null &&
	crm -q client import f.csv &&
	crm client export --format csv >g.csv &&
	cmp f.csv g.csv &&
	expect_code 0 crm --format tsv --fields name,segment,note client list --sort created &&
	test_file_is out "$(printf "name\tsegment\tnote\n=HYPERLINK(\"http://x\")\t\t\n-2+3\t\t\n+7 999\t\t\n@SUM(A1)\t\t\nTabbed\t\t\\\\tTab\n'\''=quoted\t\t\n'\'''\''=two\t\t\na=b\t\t\nPlain\t=cmd\t-note")"
'

test_ok 'after each ; in a field too: tags and a note, and back again' '
	fresh &&
	crm client add --tag vip --tag "=SUM(A1)" --tag "@x" --tag "-y" \
		--note "total;=1+1;'\''-2;+3;plain" Semi >/dev/null &&
	crm client add --note "a;'\'''\''@b;c=d;" Two >/dev/null &&
	expect_code 0 crm client export --format csv &&
	test_grep ",vip;'\''=SUM(A1);'\''@x;'\''-y,total;'\''=1+1;'\'''\''-2;'\''+3;plain," out &&
	test_grep ",a;'\'''\'''\''@b;c=d;," out &&
	cp out s.csv &&
	expect_code 0 crm --format csv --fields name,note client list &&
	test_file_is out "$(printf "name,note\nSemi,total;'\''=1+1;'\'''\''-2;'\''+3;plain\nTwo,a;'\'''\'''\''@b;c=d;")" &&
	fresh && crm -q client import s.csv &&
	expect_code 0 crm --format tsv --fields name,tags,note client list --sort created &&
	test_file_is out "$(printf "name\ttags\tnote\nSemi\tvip,=SUM(A1),@x,-y\ttotal;=1+1;'\''-2;+3;plain\nTwo\t\ta;'\'''\''@b;c=d;")" &&
	crm client export --format csv | cmp - s.csv
'

test_ok 'a negative amount is a number, not a formula: no quote' '
	fresh &&
	crm client add Neg >/dev/null &&
	expect_code 0 crm --format csv --fields kind,amount note --kind order --amount -12.50 Neg refund &&
	test_file_is out "$(printf "kind,amount\norder,-12.50")"
'

test_done
