#!/bin/sh
# t4021-report-html: crm report's page as a person and a browser see it.
# On the demo base (demo/load.sh, as ./dev demo makes it) the page in
# English and in Russian is valid HTML5 to html5lib's strict parser, self-
# contained (no script, no external reference, one <style>), every chart an
# accessible <svg> that is well-formed XML to xmllint; --section pages hold
# only those sections; hostile text in the base (markup, '&', quotes, a
# control character) is shown escaped and the page still validates;
# headless Chromium renders the page (1100x1600, not blank) and prints it
# on A4. The checkers themselves are shown to fail on a blank page.
. "$SRCDIR/tests/cli/lib.sh"

PY=/usr/bin/python3
HTML_CHECK="$PY $SRCDIR/tests/helpers/html-check.py"
PNG_CHECK="$PY $SRCDIR/tests/helpers/png-check.py"
ALL=health,findings,managers,clients,sources,vip
CTL=$(printf '\001')

# What the checks need; ./dev installs all of it. None is skipped silently.
missing=""
$PY -c 'import html5lib' 2>/dev/null || missing="$missing python3-html5lib"
command -v xmllint >/dev/null || missing="$missing libxml2-utils"
CHROMIUM=$(command -v chromium || command -v chromium-browser || true)
test -n "$CHROMIUM" || missing="$missing chromium"
test_ok 'html5lib, xmllint and chromium are installed' '
	test -z "$missing" || {
		echo "missing:$missing: ./dev build installs them (or apt-get install$missing)"
		false
	}
'

# html-check.py, then xmllint on each svg of the page. check PAGE LANG SECTIONS
check() {
	rm -rf svg && mkdir svg &&
	$HTML_CHECK --lang "$2" --sections "$3" --svg-dir svg "$1" &&
	for f in svg/*.svg; do
		test -e "$f" || continue
		xmllint --noout "$f" || { echo "xmllint: $f is not well-formed"; return 1; }
	done
}

# The number of <svg> of a page (the demo's has a chart in each section but vip).
svgs() {
	grep -o '<svg[ >]' "$1" | wc -l
}

# The <title> of a page and the first heading of each of its sections, one
# a line: messages of crm, Russian under ru and English under C.
headings() {
	$PY - "$1" <<'PY'
import html5lib, sys
doc = html5lib.parse(open(sys.argv[1], encoding="utf-8").read(), namespaceHTMLElements=False)
print(" ".join(doc.find("head/title").itertext()).strip() or "(no title)")
for sec in doc.iter("section"):
    h = next((e for e in sec.iter() if e.tag in ("h1", "h2", "h3", "h4")), None)
    print(" ".join(h.itertext()).strip() if h is not None else "(no heading in %s)" % sec.get("id"))
PY
}

# The number of lines of a file with a Cyrillic letter.
cyrillic() {
	$PY -c 'import sys; print(sum(any("\u0400" <= c <= "\u04ff" for c in l) for l in open(sys.argv[1], encoding="utf-8")))' "$1"
}

# Headless Chromium, with its profile in the test's folder.
chrome() {
	test -n "$CHROMIUM" || { echo "no chromium: ./dev build installs it"; return 1; }
	# a browser that hangs fails the test instead of holding the suite
	timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
		--user-data-dir="$TEST_ROOT/chromium" --no-first-run --no-default-browser-check \
		"$@" >chromium.log 2>&1
}

# Every page of a PDF is A4: a MediaBox of about 595 x 842 points, one per page.
a4() {
	boxes=$(grep -a -o '/MediaBox *\[[^]]*\]' "$1" | tr -d '[]' | awk '{ print $4 - $2, $5 - $3 }')
	pages=$(grep -a -o '/Type */Pages*' "$1" | grep -c -v 'Pages$')
	test "$pages" -ge 1 && test "$(echo "$boxes" | grep -c .)" -eq "$pages" || {
		echo "$1: $pages pages, MediaBoxes: $boxes"
		return 1
	}
	echo "$boxes" | awk '{ if ($1 < 593 || $1 > 597 || $2 < 840 || $2 > 844) {
		print "a page of " $1 " x " $2 " points, not A4 (595 x 842)"; bad = 1 } }
		END { exit bad }'
}

# ---- the checkers fail on what they must refuse --------------------------

# A PNG written by hand, each row with another filter type (0 to 4), for
# png-check.py: "blank" one colour; "busy" a white page with a dark band on
# rows 2 and 3, a red block on rows 12 to 16 and a 24-step grey ramp on row
# 10 (the rows of a 20-row image).
mkpng() { # blank|busy W H FILE
	$PY - "$@" <<'PY'
import struct, sys, zlib
kind, w, h, path = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
def px(x, y):
    if kind == "blank":
        return (255, 255, 255)
    if 2 <= y < 4:
        return (20, 30, 40)
    if 12 <= y < 17 and x < w // 2:
        return (200, 0, 0)
    if y == h // 2 and x < 24:
        return (x * 10, x * 10, x * 10)
    return (255, 255, 255)
def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)
raw = b""
prev = bytes(w * 3)
for y in range(h):
    line = bytes(v for x in range(w) for v in px(x, y))
    f = y % 5
    out = bytearray()
    for i, v in enumerate(line):
        a = line[i - 3] if i >= 3 else 0
        b = prev[i]
        c = prev[i - 3] if i >= 3 else 0
        pred = (0, a, b, (a + b) >> 1, paeth(a, b, c))[f]
        out.append((v - pred) & 0xff)
    raw += bytes([f]) + bytes(out)
    prev = line
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
with open(path, "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
PY
}

# 27 colours: white, the band, red and the 24 greys 0, 10, ..., 230. Ink:
# the band 2 x 40, red 5 x 20, the ramp 24: 204 of 800 pixels, 25.5 %.
test_ok 'png-check.py reads every filter: the busy PNG, its colours and ink exact' '
	mkpng busy 40 20 busy.png &&
	$PNG_CHECK --size 40x20 --min-colours 4 busy.png >out &&
	test_file_is out "40x20, 27 colours, 25.50% ink"
'

test_ok 'png-check.py refuses a blank PNG, a wrong size and a half-empty page' '
	mkpng blank 40 20 blank.png &&
	expect_code 1 $PNG_CHECK --min-colours 1 blank.png &&
	test_grep "the page looks blank" err &&
	test_grep "nothing but background in the top 3 rows" err &&
	test_grep "nothing but background below row 10 (the lower part)" err &&
	expect_code 1 $PNG_CHECK --size 41x20 --min-colours 4 busy.png &&
	test_grep "size 40x20, expected 41x20" err &&
	expect_code 1 $PNG_CHECK --min-colours 28 busy.png &&
	test_grep "27 distinct colours, expected at least 28" err &&
	expect_code 1 $PNG_CHECK --min-colours 4 --top 10 busy.png &&
	test_grep "nothing but background in the top 2 rows" err &&
	expect_code 0 $PNG_CHECK --min-colours 4 --top 20 busy.png &&
	expect_code 1 $PNG_CHECK --min-colours 4 --bottom 85 busy.png &&
	test_grep "nothing but background below row 17 (the lower part)" err &&
	expect_code 0 $PNG_CHECK --min-colours 4 --bottom 80 busy.png &&
	printf "not a png" >junk.png &&
	expect_code 2 $PNG_CHECK junk.png &&
	test_grep "not a PNG" err
'

cat >good.html <<'EOF'
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>t</title><style>p { color: #222 }</style></head>
<body><section id="health"><svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="t1 d1" viewBox="0 0 9 9"><title id="t1">Runs</title><desc id="d1">Three runs</desc><rect width="5" height="5" fill="url(#g)"/><defs><linearGradient id="g"/></defs></svg></section>
<section id="findings"><p>A &amp; B &lt;i&gt;</p></section></body></html>
EOF

# bad NAME 'sed script' 'the message html-check.py must print'
bad() {
	sed "$2" good.html >"$1.html" &&
	expect_code 1 $HTML_CHECK --lang en --sections health,findings "$1.html" &&
	test_grep "$3" err
}

test_ok 'html-check.py passes a good page and refuses each fault, naming it' '
	expect_code 0 $HTML_CHECK --lang en --sections health,findings --svg-dir . good.html &&
	test_empty err &&
	xmllint --noout svg-1.svg &&
	bad parse "s|<p>A|<p><b>A</p>|" "parse.html:4:" &&
	test_grep "HTML5 parse error: unexpected-end-tag" err &&
	bad ctl "s|Three runs|Three${CTL}runs|" "ctl.html:3:" &&
	test_grep "HTML5 parse error: invalid-codepoint U+0001" err &&
	bad script "s|</body>|<script>1</script></body>|" "<script> is not allowed" &&
	bad onload "s|<body>|<body onload=\"x()\">|" "event handler onload=" &&
	bad url "s|url(#g)|url(https://x.example/a.png)|" "url() in fill= on <rect> refers to" &&
	bad id-ref "s|url(#g)|url(#none)|" "names #none, which is no id of the page" &&
	bad link "s|<title>t</title>|&<link rel=stylesheet href=a.css>|" "<link> is not allowed" &&
	bad style2 "s|<p>A|<style>p{}</style>&|" "a <style> outside <head>" &&
	bad nostyle "s|<style>.*</style>||" "0 <style> elements, expected exactly one" &&
	bad xmlns "s| xmlns=\"http://www.w3.org/2000/svg\"||" "no xmlns=" &&
	bad role "s| role=\"img\"||" "role=None, expected \"img\"" &&
	bad label "s|aria-labelledby=\"t1 d1\"|aria-labelledby=\"t1\"|" "does not name its <desc>" &&
	bad desc "s|Three runs||" "its <desc> is empty" &&
	bad dup "s|id=\"g\"|id=\"t1\"|" "id '"'"'t1'"'"' is used twice" &&
	bad lang "s|lang=\"en\"|lang=\"ru\"|" "<html lang='"'"'ru'"'"'>, expected '"'"'en'"'"'" &&
	bad sections "s|id=\"findings\"|id=\"vip\"|" "sections health,vip, expected health,findings"
'

# ---- the demo base --------------------------------------------------------

# The demo base and the base with hostile text: files on SQLite, the hostile
# one a copy; on PostgreSQL the test's database, which takes the hostile
# text once the demo's pages are made. CHR1 is the SQL of character 1.
if backend_is postgresql; then
	DEMO=$CRM_DB
	HOSTILE=$CRM_DB
	CHR1="chr(1)"
else
	DEMO=demo.db
	HOSTILE=hostile.db
	CHR1="char(1)"
fi

test_ok 'the demo base, as ./dev demo makes it' '
	CRM_NOW=2026-11-22T09:00:00Z &&
	crm --db "$DEMO" -q init --zone Europe/Moscow >/dev/null &&
	(unset CRM_USER && "$SRCDIR/demo/load.sh" "$CRM" "$DEMO") >load.out 2>&1 &&
	test "$($SQLX "$DEMO" "SELECT count(*) FROM client")" = 25
'

# The report of the demo base: report FILE [LANG] [ARGS...]
report() {
	_f=$1
	_l=$2
	shift 2
	env -u LC_ALL LANG="$_l" CRM_NOW=2026-11-22T09:00:00Z "$CRM" --db "$DEMO" report "$@" \
		>"$_f" 2>err
}

test_ok 'in English: valid HTML5, self-contained, every svg accessible and well-formed' '
	report en.html C.UTF-8 && test_empty err &&
	check en.html en "$ALL" &&
	test "$(svgs en.html)" -ge 5
'

test_ok 'in Russian: the same checks, and the page speaks Russian' '
	report ru.html ru_RU.UTF-8 && test_empty err &&
	check ru.html ru "$ALL" &&
	test "$(svgs ru.html)" -eq "$(svgs en.html)" &&
	headings en.html >en.head && headings ru.html >ru.head &&
	test "$(wc -l <ru.head)" -eq 7 &&
	test "$(cyrillic en.head)" -eq 0 &&
	test "$(cyrillic ru.head)" -eq 7
'

test_ok '--section pages hold those sections only, in the order of the page' '
	report s1.html C.UTF-8 --section vip --section findings && test_empty err &&
	check s1.html en findings,vip &&
	report s2.html C.UTF-8 --section health && check s2.html en health &&
	report s3.html ru_RU.UTF-8 --section clients --section sources &&
	check s3.html ru clients,sources &&
	test "$(wc -c <s2.html)" -lt "$(wc -c <en.html)"
'

# ---- hostile text ----------------------------------------------------------

# The first client at risk renamed, and five clients' source, as an older crm
# or a hand-edited base may hold them (crm client add refuses the control
# character); the text the page must show, as html5lib reads it back.
cat >hostile.sql <<EOF
UPDATE client SET name = '<script>alert("x")</script> & Q''s' || $CHR1 || ' Ltd'
	WHERE name = 'ООО «Ромашка»';
UPDATE client SET name_fold = lower(name) WHERE name LIKE '<script>%';
UPDATE client SET source = '<b>"web" & co</b>' WHERE id IN (SELECT id FROM client ORDER BY id LIMIT 5);
EOF
cat >hostile.want <<'EOF'
<script>alert("x")</script> & Q's\x01 Ltd
<b>"web" & co</b>
EOF

test_ok 'a base with markup, an ampersand, quotes and a control character in names' '
	{ backend_is postgresql || cp demo.db hostile.db; } &&
	$SQLX "$HOSTILE" "$(cat hostile.sql)" &&
	test "$($SQLX "$HOSTILE" "SELECT count(*) FROM client WHERE name LIKE '"'"'<script>%'"'"' AND instr(name, $CHR1) > 0")" = 1 &&
	test "$($SQLX "$HOSTILE" "SELECT count(*) FROM client WHERE source LIKE '"'"'<b>%'"'"'")" = 5
'

test_ok 'its page validates and shows the text escaped, the control character as \x01' '
	env -u LC_ALL LANG=C.UTF-8 CRM_NOW=2026-11-22T09:00:00Z "$CRM" --db "$HOSTILE" report \
		>hostile.html 2>err && test_empty err &&
	check hostile.html en "$ALL" &&
	! grep -q "$CTL" hostile.html &&
	test_grep "&lt;script&gt;alert(" hostile.html &&
	test_grep "&lt;/script&gt; &amp; Q" hostile.html &&
	test_grep "&lt;b&gt;" hostile.html &&
	$PY -c "
import html5lib, sys
doc = html5lib.parse(open(sys.argv[1], encoding=\"utf-8\").read(), namespaceHTMLElements=False)
body = \"\".join(doc.find(\"body\").itertext())
for want in open(sys.argv[2], encoding=\"utf-8\").read().splitlines():
    if want not in body:
        sys.exit(\"not in the text of the page: %r\" % want)
" hostile.html hostile.want
'

# ---- the browser -------------------------------------------------------------

test_ok 'Chromium renders the English page: 1100x1600 and not blank' '
	chrome --window-size=1100,1600 --screenshot="$PWD/en.png" "file://$PWD/en.html" &&
	$PNG_CHECK --size 1100x1600 en.png
'

test_ok 'Chromium renders the Russian page: 1100x1600 and not blank' '
	chrome --window-size=1100,1600 --screenshot="$PWD/ru.png" "file://$PWD/ru.html" &&
	$PNG_CHECK --size 1100x1600 ru.png
'

test_ok 'the same check fails on the screenshot of an empty page' '
	printf "<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8><title>x</title></head><body></body></html>\n" >empty.html &&
	chrome --window-size=1100,1600 --screenshot="$PWD/empty.png" "file://$PWD/empty.html" &&
	expect_code 1 $PNG_CHECK --size 1100x1600 empty.png &&
	test_grep "the page looks blank" err
'

test_ok 'printed to PDF, every page is A4' '
	chrome --no-pdf-header-footer --print-to-pdf="$PWD/en.pdf" "file://$PWD/en.html" &&
	head -c 5 en.pdf | grep -q "%PDF-" &&
	a4 en.pdf
'

test_done
