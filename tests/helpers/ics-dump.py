#!/usr/bin/python3
# ics-dump.py FILE: reads an iCalendar file with Debian's python3-icalendar
# (call it as /usr/bin/python3) and prints what it understood, one line per
# component, for the CLI tests of crm's --format ics to compare with what
# crm stored. Exit 1, with the reason on stderr, on a file that is not
# well-formed: a line not ended by CRLF, longer than 75 octets, not UTF-8,
# or a component icalendar could not read entirely.
import sys
from datetime import datetime, timezone

import icalendar

def fail(msg):
    sys.stderr.write("ics-dump: %s\n" % msg)
    sys.exit(1)

raw = open(sys.argv[1], "rb").read()
if not raw.endswith(b"\r\n"):
    fail("the file does not end with CRLF")
for n, line in enumerate(raw[:-2].split(b"\r\n"), 1):
    if b"\n" in line or b"\r" in line:
        fail("line %d: a bare LF or CR" % n)
    if len(line) > 75:
        fail("line %d: %d octets, more than 75" % (n, len(line)))
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        fail("line %d: not UTF-8 (a character split by a fold?)" % n)

cal = icalendar.Calendar.from_ical(raw)

def when(v):
    d = v.dt
    if isinstance(d, datetime):
        if d.tzinfo is None:
            return d.isoformat() + " floating"
        utc = d.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        return "%s %s=%s" % (d.strftime("%Y-%m-%dT%H:%M"), v.params.get("TZID", "UTC"), utc)
    return d.isoformat() + " date"

def cats(c):
    v = c.get("CATEGORIES")
    if v is None:
        return "-"
    vs = v if isinstance(v, list) else [v]
    return ",".join(str(x) for c2 in vs for x in c2.cats)

for c in cal.walk():
    if c.errors:
        fail("%s: %s" % (c.name, c.errors))
    if c.name == "VCALENDAR":
        print("VCALENDAR|%s|%s|%s|%s" % (c.get("PRODID"), c.get("VERSION"),
                                           c.get("CALSCALE"), c.get("X-WR-CALNAME")))
    elif c.name == "VTIMEZONE":
        print("VTIMEZONE|%s|%s" % (c.get("TZID"), ",".join(
            "%s %s" % (s.name, s.get("TZOFFSETTO").to_ical()) for s in c.subcomponents)))
    elif c.name in ("VEVENT", "VTODO"):
        parts = [c.name, str(c.get("UID")), str(c.get("STATUS", "-"))]
        for key in ("DTSTART", "DTEND", "DUE"):
            if key in c:
                parts.append("%s %s" % (key, when(c[key])))
        if "RRULE" in c:
            parts.append("RRULE " + c["RRULE"].to_ical().decode())
        parts.append(str(c.get("SUMMARY")))
        parts.append(cats(c))
        if "DESCRIPTION" in c:
            parts.append(str(c["DESCRIPTION"]).replace("\n", " / "))
        print("|".join(parts))
    elif c.name not in ("STANDARD", "DAYLIGHT"):
        print(c.name)
