#!/usr/bin/env python3
"""tests/make-pdf.py - writes small PDFs for the end-to-end tests.

  make-pdf.py OUT.pdf PAGE-TEXT-FILE...   one page per text file (lines as
                                          lines; Latin-1 letters such as
                                          æ ø å are kept, WinAnsiEncoding)
  make-pdf.py --empty OUT.pdf             one page with no text (image-only)
  make-pdf.py --password PW OUT.pdf TEXT...  encrypted: opens only with
                                          user password PW
  make-pdf.py --no-copy OUT.pdf TEXT...   encrypted with an empty user
                                          password, text copying forbidden
  make-pdf.py --scan OUT.pdf TEXT...      a "scanned" PDF: each page an
                                          image of the text (rendered by
                                          pdftoppm), no text layer

Encryption is the PDF 1.4 standard security handler, revision 2 (RC4,
40-bit key), written out here with hashlib so no PDF library is needed.

Hand-built with the standard library only, so the tests need no PDF
writer; pdftotext reads them like any other PDF.
"""
import hashlib
import os
import subprocess
import sys
import tempfile
import zlib

PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def rc4(key, data):
    box = list(range(256))
    j = 0
    for i in range(256):
        j = (j + box[i] + key[i % len(key)]) % 256
        box[i], box[j] = box[j], box[i]
    out = bytearray()
    i = j = 0
    for c in data:
        i = (i + 1) % 256
        j = (j + box[i]) % 256
        box[i], box[j] = box[j], box[i]
        out.append(c ^ box[(box[i] + box[j]) % 256])
    return bytes(out)


def padded(pw):
    return (pw.encode("latin-1") + PAD)[:32]


def escape(s):
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def build(pages, user_pw=None, perms=-4):
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
        objs.append((b"<< /Length %d >>\nstream\n", stream))
        content = len(objs)
        objs.append(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                    b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (kids_placeholder, content, font))
        page_ids.append(len(objs))
    kids = b" ".join(b"%d 0 R" % p for p in page_ids)
    objs[kids_placeholder - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(page_ids))
    objs.append(b"<< /Type /Catalog /Pages %d 0 R >>" % kids_placeholder)
    catalog = len(objs)
    file_id = hashlib.md5(repr(pages).encode()).digest()
    key = None
    if user_pw is not None:
        okey = hashlib.md5(padded("owner-" + user_pw)).digest()[:5]
        o_entry = rc4(okey, padded(user_pw))
        key = hashlib.md5(padded(user_pw) + o_entry + (perms & 0xFFFFFFFF).to_bytes(4, "little")
                          + file_id).digest()[:5]
        u_entry = rc4(key, PAD)
        objs.append(b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>"
                    % (o_entry.hex().encode(), u_entry.hex().encode(), perms))
    encrypt = len(objs)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        if isinstance(body, tuple):
            head, stream = body
            if key is not None:
                okey = hashlib.md5(key + i.to_bytes(3, "little") + b"\0\0").digest()[:10]
                stream = rc4(okey, stream)
            body = head % len(stream) + stream + b"\nendstream"
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    extra = b""
    if key is not None:
        extra = b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (encrypt, file_id.hex().encode(), file_id.hex().encode())
    out += b"trailer\n<< /Size %d /Root %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, catalog, extra, xref)
    return bytes(out)


def read_pgm(path):
    data = open(path, "rb").read()
    fields, pos = [], 0
    while len(fields) < 4:
        while data[pos:pos + 1].isspace():
            pos += 1
        if data[pos:pos + 1] == b"#":
            pos = data.index(b"\n", pos) + 1
            continue
        end = pos
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[pos:end])
        pos = end
    assert fields[0] == b"P5" and fields[3] == b"255", fields
    return int(fields[1]), int(fields[2]), data[pos + 1:]


def build_scan(pages):
    """Each page of the text PDF rendered to a grey image, and the images
    put into a PDF of their own: what a scanner gives."""
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "text.pdf")
        open(src, "wb").write(build(pages))
        subprocess.run(["pdftoppm", "-r", "200", "-gray", src, os.path.join(tmp, "p")], check=True)
        images = [read_pgm(os.path.join(tmp, f)) for f in sorted(os.listdir(tmp)) if f.endswith(".pgm")]
    objs = [None]  # the Pages object, filled in below
    page_ids = []
    for w, h, pixels in images:
        stream = zlib.compress(pixels)
        objs.append(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                    b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % (w, h, len(stream))
                    + stream + b"\nendstream")
        image = len(objs)
        content = b"q 595 0 0 842 0 0 cm /Im1 Do Q"
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        objs.append(b"<< /Type /Page /Parent 1 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                    b"/Resources << /XObject << /Im1 %d 0 R >> >> >>" % (len(objs), image))
        page_ids.append(len(objs))
    objs[0] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % p for p in page_ids), len(page_ids))
    objs.append(b"<< /Type /Catalog /Pages 1 0 R >>")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, len(objs), xref)
    return bytes(out)


def main():
    args = sys.argv[1:]
    user_pw, perms = None, -4
    if args and args[0] == "--password":
        user_pw, args = args[1], args[2:]
    elif args and args[0] == "--no-copy":
        # Bit 5 (copy text) cleared; printing and the rest allowed.
        user_pw, perms, args = "", -4 & ~(1 << 4), args[1:]
    if args and args[0] == "--scan":
        pages = [open(f, encoding="utf-8").read().splitlines() for f in args[2:]]
        with open(args[1], "wb") as f:
            f.write(build_scan(pages))
        return
    if args and args[0] == "--empty":
        pages = [[]]
        out = args[1]
    else:
        out = args[0]
        pages = [open(f, encoding="utf-8").read().splitlines() for f in args[1:]]
    with open(out, "wb") as f:
        f.write(build(pages, user_pw, perms))


if __name__ == "__main__":
    main()
