#!/usr/bin/python3
"""
output-schemas.py: checks crm's JSON against crm-output(7).

  output-schemas.py PAGE keys SECTION         the keys the page gives
  output-schemas.py PAGE check SPEC FILE      the JSON in FILE against SPEC

The page's SCHEMAS part has one '## ' section per record shape; a
definition of the section (its own paragraph, starting with the keys:
"*client_id* (integer), *client* (string)") names its keys, in order.
SPEC is "SECTION[+SECTION...][ nested KEY=SECTION;...]": the record's keys
are those of the sections one after the other, and each object of the
array KEY (or the object KEY) follows SECTION; KEY may be a dotted path
(findings.rules: the array rules of the object findings). FILE holds JSON: an array of records, one
record, or NDJSON lines. Prints what differs; exits 1 when anything does.
"""
import json, re, sys

ITEM = re.compile(r'^\*[a-z0-9_]+\*(?:(?:, | and |, and |; )\*[a-z0-9_]+\*)*$')

def strip_parens(s):
    out, depth = [], 0
    for ch in s:
        if ch == '(':
            depth += 1
        elif ch == ')':
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(ch)
    s = re.sub(r'\s+', ' ', ''.join(out))
    return re.sub(r' ([,;])', r'\1', s).strip(' ,;')

def shapes(path):
    sec, out, in_schemas, fence, prev = None, {}, False, False, ''
    for line in open(path, encoding='utf-8'):
        line, before, prev = line.rstrip('\n'), prev, line.rstrip('\n')
        if line.startswith('```'):
            fence = not fence
            continue
        if fence:
            continue
        if line.startswith('# '):
            in_schemas = line == '# SCHEMAS'
            sec = None
            continue
        if in_schemas and line.startswith('## '):
            sec = line[3:].strip()
            out[sec] = []
            continue
        # a definition: its own paragraph, starting with the keys
        if sec and line.startswith('*') and before == '':
            s = strip_parens(line)
            if ITEM.match(s):
                out[sec] += re.findall(r'\*([a-z0-9_]+)\*', s)
    return out

def records(text):
    text = text.strip()
    if not text:
        return []
    try:
        v = json.loads(text)
    except ValueError:
        v = [json.loads(line) for line in text.splitlines()]
    return v if isinstance(v, list) else [v]

def keys_of(doc, spec):
    keys = []
    for sec in spec.split('+'):
        if sec not in doc:
            raise SystemExit('crm-output(7) has no section "%s"' % sec)
        keys += doc[sec]
    return keys

def objects_at(rec, path):
    """The objects at a dotted path of keys: through an object to its key,
    through an array to each of its objects."""
    found = [rec]
    for key in path.split('.'):
        nxt = []
        for o in found:
            v = o.get(key) if isinstance(o, dict) else None
            if isinstance(v, dict):
                nxt.append(v)
            elif isinstance(v, list):
                nxt += v
        found = nxt
    return found

def check(doc, spec, path):
    main, _, nested = spec.partition(' nested ')
    want = keys_of(doc, main)
    inner = dict(n.split('=', 1) for n in nested.split(';')) if nested else {}
    recs = records(open(path, encoding='utf-8').read())
    bad = []
    if not recs:
        bad.append('no record to check')
    for i, r in enumerate(recs):
        got = list(r.keys()) if isinstance(r, dict) else None
        if got != want:
            bad.append('record %d: keys %s\n  crm-output(7) gives %s\n  undocumented: %s; '
                       'documented but missing: %s' %
                       (i, got, want, [k for k in got or [] if k not in want],
                        [k for k in want if k not in (got or [])]))
            continue
        for key, sec in inner.items():
            items = objects_at(r, key)
            sub = keys_of(doc, sec)
            if not items:
                bad.append('record %d: %s is empty: nothing to check' % (i, key))
            for j, o in enumerate(items):
                if list(o.keys()) != sub:
                    bad.append('record %d: %s[%d]: keys %s, crm-output(7) gives %s' %
                               (i, key, j, list(o.keys()), sub))
    for b in bad:
        print(b)
    return not bad

if __name__ == '__main__':
    doc = shapes(sys.argv[1])
    if sys.argv[2] == 'keys':
        print(' '.join(keys_of(doc, sys.argv[3])))
    elif sys.argv[2] == 'sections':
        print('\n'.join(doc))
    else:
        sys.exit(0 if check(doc, sys.argv[3], sys.argv[4]) else 1)
