#!/usr/bin/python3
"""png-check.py: checks a screenshot is of the expected size and not blank,
with the standard library only (run with /usr/bin/python3).

    png-check.py [--size WxH] [--min-ink PCT] [--min-colours K]
                 [--top PCT] [--bottom PCT] PNG

Reads a non-interlaced PNG of 8 bits per channel, RGB or RGBA (what
Chromium writes), undoing the row filters, and checks:
  - its width and height are W and H (--size);
  - at least PCT % of its pixels (--min-ink, default 3) differ from the
    background, the most frequent colour;
  - it has at least K distinct colours (--min-colours, default 16);
  - some pixel differs from the background in the top --top % of the rows
    (default 15) and below the first --bottom % of the rows (default 50):
    content at the top and in the lower part of the page.
Prints "WxH, N colours, P% ink" and exits 0 when the checks pass; else
each failure on stderr and exit 1 (2 when the file is no PNG it can read).
"""
import argparse
import struct
import sys
import zlib
from collections import Counter

SIGNATURE = b"\x89PNG\r\n\x1a\n"


class PngError(Exception):
    pass


def chunks(data):
    pos = len(SIGNATURE)
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        crc = data[pos + 8 + length:pos + 12 + length]
        if len(body) != length or len(crc) != 4:
            raise PngError("truncated %s chunk" % kind.decode("latin-1"))
        if zlib.crc32(kind + body) & 0xffffffff != struct.unpack(">I", crc)[0]:
            raise PngError("bad CRC in the %s chunk" % kind.decode("latin-1"))
        yield kind, body
        pos += 12 + length
        if kind == b"IEND":
            return
    raise PngError("no IEND chunk")


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def unfilter(raw, width, height, bpp):
    """The rows of pixels as bytes, the filters of RFC 2083 6.3 undone."""
    stride = width * bpp
    rows = []
    prev = bytearray(stride)
    pos = 0
    for y in range(height):
        if pos + 1 + stride > len(raw):
            raise PngError("image data ends at row %d of %d" % (y, height))
        ftype = raw[pos]
        line = bytearray(raw[pos + 1:pos + 1 + stride])
        pos += 1 + stride
        if ftype == 0:
            pass
        elif ftype == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xff
        elif ftype == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 0xff
        elif ftype == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xff
        elif ftype == 4:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                upleft = prev[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + paeth(left, prev[i], upleft)) & 0xff
        else:
            raise PngError("unknown filter type %d at row %d" % (ftype, y))
        rows.append(bytes(line))
        prev = line
    return rows


def read_png(path):
    """(width, height, rows of RGB(A) bytes, bytes per pixel)."""
    with open(path, "rb") as f:
        data = f.read()
    if not data.startswith(SIGNATURE):
        raise PngError("not a PNG (no signature)")
    ihdr = None
    idat = []
    for kind, body in chunks(data):
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
    if not ihdr:
        raise PngError("no IHDR chunk")
    width, height, depth, ctype, _, _, interlace = ihdr
    if depth != 8 or ctype not in (2, 6):
        raise PngError("bit depth %d, colour type %d: only 8-bit RGB (2) and RGBA (6) are read"
                       % (depth, ctype))
    if interlace:
        raise PngError("an interlaced PNG is not read")
    bpp = 3 if ctype == 2 else 4
    try:
        raw = zlib.decompress(b"".join(idat))
    except zlib.error as e:
        raise PngError("bad image data: %s" % e)
    return width, height, unfilter(raw, width, height, bpp), bpp


def main():
    ap = argparse.ArgumentParser(description="check a screenshot is not blank")
    ap.add_argument("--size", help="WxH")
    ap.add_argument("--min-ink", type=float, default=3.0)
    ap.add_argument("--min-colours", type=int, default=16)
    ap.add_argument("--top", type=float, default=15.0)
    ap.add_argument("--bottom", type=float, default=50.0)
    ap.add_argument("png")
    a = ap.parse_args()
    try:
        width, height, rows, bpp = read_png(a.png)
    except (OSError, PngError) as e:
        print("%s: %s" % (a.png, e), file=sys.stderr)
        return 2

    errors = []
    if a.size:
        want = tuple(int(x) for x in a.size.lower().split("x"))
        if (width, height) != want:
            errors.append("size %dx%d, expected %dx%d" % (width, height, want[0], want[1]))

    # colours as RGB (a screenshot is opaque; alpha is ignored)
    count = Counter()
    per_row = []
    for row in rows:
        c = Counter(row[i:i + 3] for i in range(0, len(row), bpp))
        per_row.append(c)
        count.update(c)
    bg, bg_n = count.most_common(1)[0]
    total = width * height
    ink = 100.0 * (total - bg_n) / total if total else 0.0
    if ink < a.min_ink:
        errors.append("%.2f%% of the pixels differ from the background #%s, expected at least "
                      "%.2f%%: the page looks blank" % (ink, bg.hex(), a.min_ink))
    if len(count) < a.min_colours:
        errors.append("%d distinct colours, expected at least %d" % (len(count), a.min_colours))

    def inked(lo, hi):
        return any(per_row[y].get(bg, 0) < width for y in range(lo, hi))

    top_end = max(1, int(height * a.top / 100))
    low_start = int(height * a.bottom / 100)
    if not inked(0, top_end):
        errors.append("nothing but background in the top %d rows" % top_end)
    if not inked(low_start, height):
        errors.append("nothing but background below row %d (the lower part)" % low_start)

    for e in errors:
        print("%s: %s" % (a.png, e), file=sys.stderr)
    print("%dx%d, %d colours, %.2f%% ink" % (width, height, len(count), ink))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
