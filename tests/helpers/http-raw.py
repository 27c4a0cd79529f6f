#!/usr/bin/env python3
"""tests/helpers/http-raw.py - sends one raw HTTP request and checks the answer
(tests/e2e/serve.sh): for requests curl will not send as written (NUL bytes,
no Host, a Content-Length without the body, headers cut short).

  http-raw.py HOST:PORT REQUEST WANT [SECONDS]

REQUEST is the request with Python escapes (\\r\\n, \\x00), or @FILE for
the bytes of FILE (a request too long for a command line); WANT a status
("400"), "4xx" for any client error, or "closed" for a connection the server
closes without an answer.  Exit 0 when the answer is as wanted; the status
line and body go to standard output.
"""
import codecs
import socket
import sys

addr, raw, want = sys.argv[1], sys.argv[2], sys.argv[3]
wait = float(sys.argv[4]) if len(sys.argv) > 4 else 10.0
host, port = addr.rsplit(":", 1)
if raw.startswith("@"):
    with open(raw[1:], "rb") as f:
        req = f.read()
else:
    req = codecs.decode(raw, "unicode_escape").encode("latin-1")
s = socket.create_connection((host, int(port)), timeout=wait)
try:
    s.sendall(req)
except OSError:
    pass  # the server may answer and close before reading everything
data = b""
try:
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
        head, sep, body = data.partition(b"\r\n\r\n")
        if sep:
            for line in head.split(b"\r\n")[1:]:
                k, _, v = line.partition(b":")
                if k.strip().lower() == b"content-length" and len(body) >= int(v):
                    raise StopIteration
except StopIteration:
    pass
except ConnectionResetError:
    pass
except socket.timeout:
    print("no answer within %.0f s" % wait)
    sys.exit(1)
s.close()
sys.stdout.write(data.decode("latin-1"))
if not data:
    sys.exit(0 if want == "closed" else 1)
status = data.split(b"\r\n", 1)[0].split(b" ")
code = status[1].decode() if len(status) > 1 else ""
if b"root:" in data:
    sys.exit(1)
if want == "4xx":
    sys.exit(0 if code.startswith("4") else 1)
sys.exit(0 if code == want else 1)
