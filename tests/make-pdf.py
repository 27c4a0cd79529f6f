#!/usr/bin/env python3
"""tests/make-pdf.py - writes small PDFs for the end-to-end tests.

  make-pdf.py OUT.pdf PAGE-TEXT-FILE...   one page per text file (lines as
                                          lines; Latin-1 letters such as
                                          æ ø å are kept, WinAnsiEncoding)
  make-pdf.py --empty OUT.pdf             one page with no text (image-only)

Hand-built with the standard library only, so the tests need no PDF
writer; pdftotext reads them like any other PDF.
"""
import sys


def escape(s):
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def build(pages):
    objs = []  # bodies of objects 1..n
    font = len(objs) + 1
    objs.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    page_ids = []
    kids_placeholder = len(objs) + 1
    objs.append(None)  # the Pages object, filled in below
    for lines in pages:
        ops = ["BT /F1 11 Tf 50 780 Td 14 TL"]
        for line in lines:
            ops.append("(%s) '" % escape(line))
        ops.append("ET")
        stream = "\n".join(ops).encode("cp1252", "replace") if lines else b""
        objs.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        content = len(objs)
        objs.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                    b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (kids_placeholder, content, font))
        page_ids.append(len(objs))
    kids = b" ".join(b"%d 0 R" % p for p in page_ids)
    objs[kids_placeholder - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))
    objs.append(b"<< /Type /Catalog /Pages %d 0 R >>" % kids_placeholder)
    catalog = len(objs)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, catalog, xref)
    return bytes(out)


def main():
    args = sys.argv[1:]
    if args and args[0] == "--empty":
        pages = [[]]
        out = args[1]
    else:
        out = args[0]
        pages = [open(f, encoding="utf-8").read().splitlines() for f in args[1:]]
    with open(out, "wb") as f:
        f.write(build(pages))


if __name__ == "__main__":
    main()
