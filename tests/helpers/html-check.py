#!/usr/bin/python3
"""html-check.py: checks a page of crm report (run with /usr/bin/python3).

    html-check.py [--lang LANG] [--sections a,b,...] [--svg-dir DIR] PAGE

The page must parse as HTML5 with html5lib in strict mode (the first parse
error fails, with its line and column), and then:
  - no <script>, no event handler attribute (on...), no <iframe>, <object>,
    <embed>, <link>, <base> or <meta http-equiv="refresh">;
  - no external reference: every src, href, xlink:href, srcset, action,
    poster and every url(...) in a style names "#id" (an id of the page)
    or "data:";
  - exactly one <style>, and it is inside <head>;
  - every <svg> has xmlns="http://www.w3.org/2000/svg", role="img" and
    aria-labelledby naming its own <title> and <desc> (children of that
    svg), whose text is not empty;
  - the ids of the page are unique;
  - <html lang> is LANG (--lang);
  - the <section> elements with an id are exactly those of --sections, in
    that order.
With --svg-dir, each <svg> is written to DIR/svg-N.svg (N from 1), as
found in the source, for xmllint --noout. Exit 0 when every check passes;
else each failure on stderr and exit 1 (2 on bad usage).
"""
import argparse
import os
import re
import sys

import html5lib

SVG_NS = "http://www.w3.org/2000/svg"
HTML_NS = "http://www.w3.org/1999/xhtml"
XLINK_NS = "http://www.w3.org/1999/xlink"
REF_ATTRS = ("src", "href", "srcset", "action", "formaction", "poster", "data",
             "background", "cite", "longdesc", "ping")
BANNED = ("script", "noscript", "iframe", "object", "embed", "link", "base", "frame",
          "frameset", "applet", "portal")


def local(tag):
    """The local name and the namespace of an etree tag."""
    if tag.startswith("{"):
        ns, name = tag[1:].split("}", 1)
        return name, ns
    return tag, ""


def text_of(el):
    return "".join(el.itertext())


def line_of(src, pos):
    return src.count("\n", 0, pos) + 1


def svg_sources(src):
    """The text of each <svg>...</svg> of the source, outermost only."""
    out = []
    pos = 0
    opener = re.compile(r"<svg[\s>]", re.I)
    tag = re.compile(r"<(/?)svg[\s>/]", re.I)
    while True:
        m = opener.search(src, pos)
        if not m:
            break
        depth = 0
        i = m.start()
        end = None
        for t in tag.finditer(src, i):
            if t.group(1):
                depth -= 1
            else:
                # a self-closed <svg .../> does not nest
                close = src.find(">", t.start())
                if close > 0 and src[close - 1] == "/":
                    continue
                depth += 1
            if depth == 0:
                end = src.find(">", t.start()) + 1
                break
        if end is None:
            out.append((m.start(), src[m.start():]))
            break
        out.append((m.start(), src[m.start():end]))
        pos = end
    return out


def check(path, lang, sections, svg_dir):
    errors = []
    ids_later = []  # (id, where) of the #id references, checked once all ids are known

    def fail(msg):
        errors.append(msg)

    with open(path, "rb") as f:
        raw = f.read()
    try:
        src = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        return ["%s: not UTF-8 at byte %d" % (path, e.start)]
    if not src.lstrip("\ufeff").startswith("<!DOCTYPE html>"):
        fail("the page does not begin with <!DOCTYPE html>")

    # html5lib names no place for a character the stream refuses: find it
    bad = re.search("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]", src)
    if bad:
        line = line_of(src, bad.start())
        col = bad.start() - src.rfind("\n", 0, bad.start())
        return ["%s:%d:%d: HTML5 parse error: invalid-codepoint U+%04X" %
                (path, line, col, ord(bad.group()))]

    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    try:
        doc = parser.parse(src)
    except html5lib.html5parser.ParseError as e:
        (line, col), code, data = parser.errors[0] if parser.errors else ((0, 0), str(e), {})
        snippet = src.splitlines()[line - 1][max(0, col - 40):col + 40] if line else ""
        return ["%s:%d:%d: HTML5 parse error: %s %s\n  near: %s" %
                (path, line, col, code, data or "", snippet)]

    # html5lib's tree drops the source lines: find them in the source
    def where(needle):
        p = src.find(needle)
        return " (line %d)" % line_of(src, p) if p >= 0 else ""

    root = doc
    name, _ = local(root.tag)
    if name != "html":
        return ["%s: the root is <%s>, not <html>" % (path, name)]
    if lang is not None and root.get("lang") != lang:
        fail("<html lang=%r>, expected %r" % (root.get("lang"), lang))

    head = root.find("{%s}head" % HTML_NS)
    ids = {}
    styles = []
    parent = {}
    for el in root.iter():
        for child in el:
            parent[child] = el
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue  # a comment
        name, ns = local(el.tag)
        if name in BANNED:
            fail("<%s> is not allowed in a self-contained page%s" % (name, where("<" + name)))
        if name == "meta" and (el.get("http-equiv") or "").lower() == "refresh":
            fail("<meta http-equiv=refresh> is not allowed")
        if name == "style":
            styles.append(el)
            if ns == HTML_NS and parent.get(el) is not head:
                fail("a <style> outside <head>%s" % where("<style"))
            for m in re.finditer(r"url\(\s*['\"]?([^'\")]*)", text_of(el)):
                ref(m.group(1), "url() in <style>", fail, ids_later)
            if "@import" in text_of(el):
                fail("@import in <style>")
        for attr, value in el.attrib.items():
            aname, ans = local(attr)
            if aname.lower().startswith("on"):
                fail("event handler %s= on <%s>%s" % (aname, name, where(aname + "=")))
            if aname == "id":
                if value in ids:
                    fail("id %r is used twice%s" % (value, where('id="%s"' % value)))
                ids[value] = el
            if aname in REF_ATTRS or (ans == XLINK_NS and aname == "href"):
                ref(value, "%s= on <%s>" % (aname, name), fail, ids_later)
            # url() in style= and in presentation attributes (fill, filter...)
            for m in re.finditer(r"url\(\s*['\"]?([^'\")]*)", value):
                ref(m.group(1), "url() in %s= on <%s>" % (aname, name), fail, ids_later)
    for target, what in ids_later:
        if target not in ids:
            fail("%s names #%s, which is no id of the page" % (what, target))

    if len(styles) != 1:
        fail("%d <style> elements, expected exactly one (in <head>)" % len(styles))

    svgs = [el for el in root.iter() if isinstance(el.tag, str) and local(el.tag) == ("svg", SVG_NS)]
    for n, svg in enumerate(svgs, 1):
        label = "svg %d%s" % (n, " (id %s)" % svg.get("id") if svg.get("id") else "")
        if svg.get("role") != "img":
            fail("%s: role=%r, expected \"img\"" % (label, svg.get("role")))
        lab = (svg.get("aria-labelledby") or "").split()
        kids = {local(c.tag)[0]: c for c in svg if isinstance(c.tag, str)}
        for kind in ("title", "desc"):
            el = kids.get(kind)
            if el is None:
                fail("%s: no <%s> child" % (label, kind))
                continue
            if not text_of(el).strip():
                fail("%s: its <%s> is empty" % (label, kind))
            if not el.get("id"):
                fail("%s: its <%s> has no id" % (label, kind))
            elif el.get("id") not in lab:
                fail("%s: aria-labelledby=%r does not name its <%s> (id %s)" %
                     (label, " ".join(lab), kind, el.get("id")))
        for i in lab:
            target = ids.get(i)
            if target is None or local(target.tag)[0] not in ("title", "desc") or \
                    parent.get(target) is not svg:
                fail("%s: aria-labelledby names %r, not a <title> or <desc> of this svg" %
                     (label, i))
    # xmlns is an attribute of the source, which the tree does not keep
    found = svg_sources(src)
    if len(found) != len(svgs):
        fail("%d <svg> in the source, %d in the parsed tree" % (len(found), len(svgs)))
    for n, (pos, text) in enumerate(found, 1):
        m = re.match(r"<svg\b[^>]*>", text, re.I)
        if not m or not re.search(r'\sxmlns\s*=\s*"%s"' % re.escape(SVG_NS), m.group(0)):
            fail("svg %d (line %d): no xmlns=\"%s\"" % (n, line_of(src, pos), SVG_NS))
        if svg_dir:
            with open(os.path.join(svg_dir, "svg-%d.svg" % n), "w", encoding="utf-8") as f:
                f.write(text + "\n")

    if sections is not None:
        got = [el.get("id") for el in root.iter("{%s}section" % HTML_NS) if el.get("id")]
        if got != sections:
            fail("sections %s, expected %s" % (",".join(got) or "(none)", ",".join(sections)))
    return ["%s: %s" % (path, e) for e in errors]


def ref(value, what, fail, later):
    """A reference must be #id (kept in later, to check) or data:."""
    v = value.strip()
    if v.startswith("#") and len(v) > 1:
        later.append((v[1:], what))
    elif v.lower().startswith("data:"):
        pass
    else:
        fail("%s refers to %r: only #id and data: are allowed" % (what, value))


def main():
    ap = argparse.ArgumentParser(description="check a page of crm report")
    ap.add_argument("--lang")
    ap.add_argument("--sections", help="the section ids, comma-separated, in order")
    ap.add_argument("--svg-dir", help="write each <svg> to DIR/svg-N.svg")
    ap.add_argument("page")
    a = ap.parse_args()
    sections = None
    if a.sections is not None:
        sections = [s for s in a.sections.split(",") if s]
    errors = check(a.page, a.lang, sections, a.svg_dir)
    for e in errors:
        print(e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
