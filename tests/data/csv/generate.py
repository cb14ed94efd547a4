#!/usr/bin/env python3
# Writes the CSV cases of tests/cli/t7006-csv-cases.sh into the current
# directory (cd tests/data/csv && python3 generate.py). The csv-spectrum
# cases keep their data rows and take a header of crm's client columns;
# NAME.json beside NAME.csv is the expected parse, as printed by
# crm --format json --fields F client list --sort created (F: the keys).
# (location_coordinates: its contact is checked by the test.)
# A case without a .json is refused: NAME.err holds the expected message.
import json

# csv-spectrum runs from the real suite (../shared/suites, see t7006), and
# the 1 MiB field is made by t7006: these are not written here.
REAL = {'comma_in_quotes', 'empty', 'empty_crlf', 'escaped_quotes', 'json', 'location_coordinates',
        'newlines', 'newlines_crlf', 'quotes_and_newlines', 'simple', 'simple_crlf', 'utf8'}
BIG = {'long_field_1mb'}

def w(name, data, rows=None, err=None):
    if name in REAL or name in BIG:
        return
    with open(name + '.csv', 'wb') as f:
        f.write(data.encode('utf-8') if isinstance(data, str) else data)
    if rows is not None:
        with open(name + '.json', 'w', encoding='utf-8') as f:
            f.write(('[\n' + ',\n'.join(json.dumps(r, ensure_ascii=False, separators=(',', ':'))
                                     for r in rows) + '\n]\n') if rows else '[]\n')
    if err is not None:
        with open(name + '.err', 'w', encoding='utf-8') as f:
            f.write(err + '\n')

def r(**kw):
    return kw

# ---- csv-spectrum
w('comma_in_quotes', 'name,segment,note,owner,contact_every\nJohn,Doe,120 any st.,"Anytown, WW",0365\n',
  [r(name='John', segment='Doe', note='120 any st.', owner='Anytown, WW', contact_every=365)])
w('empty', 'name,segment,note\n1,"",""\n2,3,4\n',
  [r(name='1', segment=None, note=None), r(name='2', segment='3', note='4')])
w('empty_crlf', 'name,segment,note\r\n1,"",""\r\n2,3,4\r\n',
  [r(name='1', segment=None, note=None), r(name='2', segment='3', note='4')])
w('escaped_quotes', 'name,note\n1,"ha ""ha"" ha"\n3,4\n',
  [r(name='1', note='ha "ha" ha'), r(name='3', note='4')])
w('json', 'name,note\n1,"{""type"": ""Point"", ""coordinates"": [102.0, 0.5]}"\n',
  [r(name='1', note='{"type": "Point", "coordinates": [102.0, 0.5]}')])
w('newlines', 'note,name,segment\n1,2,3\n"Once upon \na time",5,6\n7,8,9\n',
  [r(note='1', name='2', segment='3'), r(note='Once upon \na time', name='5', segment='6'),
   r(note='7', name='8', segment='9')])
w('newlines_crlf', 'note,name,segment\r\n1,2,3\r\n"Once upon \r\na time",5,6\r\n7,8,9\r\n',
  [r(note='1', name='2', segment='3'), r(note='Once upon \r\na time', name='5', segment='6'),
   r(note='7', name='8', segment='9')])
w('quotes_and_newlines', 'name,note\n1,"ha \n""ha"" \nha"\n3,4\n',
  [r(name='1', note='ha \n"ha" \nha'), r(name='3', note='4')])
w('simple', 'name,segment,note\n1,2,3\n', [r(name='1', segment='2', note='3')])
w('simple_crlf', 'name,segment,note\r\n1,2,3\r\n', [r(name='1', segment='2', note='3')])
w('utf8', 'name,segment,note\n1,2,3\n4,5,\u02a4\n',
  [r(name='1', segment='2', note='3'), r(name='4', segment='5', note='\u02a4')])
w('location_coordinates', 'contact_email,contact_phone,note,name,contact_name\ntest@test.com,1234567890,"37.386052, -122.083851",Test,Tess Tester\n',
  [r(note='37.386052, -122.083851', name='Test')])
# ---- crm's own cases: imported
w('bom', '\ufeffname,note\nBom Client,b\n', [r(name='Bom Client', note='b')])
w('no_final_newline', 'name,note\nA,"b"', [r(name='A', note='b')])
w('no_final_newline_crlf', 'name,note\r\nA,b', [r(name='A', note='b')])
w('blank_lines', 'name,note\n\nA,b\n\n', [r(name='A', note='b')])
w('semicolon', 'name;segment;note\r\n\u041e\u041e\u041e \u0420\u043e\u043c\u0430\u0448\u043a\u0430;\u041c\u043e\u0441\u043a\u0432\u0430;"1,5 \u043c\u043b\u043d; \u0441\u0440\u043e\u0447\u043d\u043e"\r\nB,c;;\r\n',
  [r(name='\u041e\u041e\u041e \u0420\u043e\u043c\u0430\u0448\u043a\u0430', segment='\u041c\u043e\u0441\u043a\u0432\u0430', note='1,5 \u043c\u043b\u043d; \u0441\u0440\u043e\u0447\u043d\u043e'),
   r(name='B,c', segment=None, note=None)])
w('semicolon_in_comma_file', 'name,note\nA;B,c;d\n', [r(name='A;B', note='c;d')])
w('long_field_10000', 'name,note\nA,' + 'x' * 10000 + '\n', [r(name='A', note='x' * 10000)])
w('header_only', 'name,note\n', [])
# ---- refused
w('empty_file', '', err='error: line 1: no header row')
w('ragged_short', 'name,segment,note\nA,b,c\nB,b\n', err="error: line 3: 2 fields where the header has 3")
w('ragged_long', 'name,segment,note\nA,b,c,d\n', err="error: line 2: 4 fields where the header has 3")
w('unterminated_quote', 'name,note\nA,b\nB,"open\nstill open\n', err='error: line 3: unterminated quoted field')
w('nul_byte', b'name,note\nA,b\x00c\n', err='error: line 2: a NUL byte')
w('long_field_1mb', 'name,note\nA,' + 'x' * (1 << 20) + '\n', err="error: line 2: field 'note': note is too long: 1048576 characters, at most 10000")
w('windows1251', 'name,note\n\u041e\u041e\u041e \u0420\u043e\u043c\u0430\u0448\u043a\u0430,\u0442\u0435\u0441\u0442\n'.encode('cp1251'),
  err='error: line 2: field 1 is not valid UTF-8 text (from a Russian Excel? convert it first: iconv -f WINDOWS-1251 -t UTF-8 FILE > FILE.utf8.csv)')
w('quote_in_unquoted', 'name,note\nA,b"c\n', err='error: line 2: a quote inside an unquoted field')
w('text_after_quote', 'name,note\nA,"b"c\n', err='error: line 2: text after a closing quote')
w('bare_cr', 'name,note\rA,b\r', err='error: line 1: a carriage return outside quotes')
w('unknown_column', 'name,phone\nA,1\n', err="error: line 1: unknown column 'phone' in the header")
w('no_name_column', 'note\nb\n', err="error: line 1: no 'name' column in the header")
w('utf16', '\ufeffname,note\nA,b\n'.encode('utf-16-le'), err='error: line 1: a NUL byte')
w('semicolon_quoted_header', '"name";"note"\nA;b\n', err='error: line 1: text after a closing quote')
