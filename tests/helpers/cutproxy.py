"""cutproxy.py - a TCP proxy between referat and one xapian-tcpsrv that can
drop a connection in the middle of a request (tests/e2e/shards_fail.sh).

    python3 cutproxy.py LISTEN-PORT SERVER-PORT CONTROL-DIR

Prints "ready" once listening.  It reads the client's messages by the
remote protocol's framing (a type byte, then the length as Xapian's
encode_length writes it) and passes them on.  While CONTROL-DIR/cut
exists, the next message of type CONTROL-DIR/cut's content (a number; a
search is MSG_QUERY) closes both sides instead and the file is removed:
the connection dies after the request began.  "8 down" also makes
CONTROL-DIR/down then.  While CONTROL-DIR/down
exists, new connections are closed at once, as if the server were down.
Each message type seen is appended to CONTROL-DIR/log, a number a line
(Xapian 1.4's message_type: 2 MSG_DOCUMENT, 8 MSG_QUERY, 10
MSG_POSITIONLIST, 12 MSG_REOPEN ...), and each connection accepted as a
line "open": a test counts a request's round trips by emptying the log
before it.
"""
import os
import socket
import sys
import threading

listen_port, server_port, ctl = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
lock = threading.Lock()


def read_exact(sock, n):
    buf = b""
    while len(buf) < n:
        chunk = sock.recv(n - len(buf))
        if not chunk:
            raise EOFError
        buf += chunk
    return buf


def read_message(sock):
    head = read_exact(sock, 2)
    raw = head
    length = head[1]
    if length == 0xFF:
        length, shift = 0, 0
        while True:
            b = read_exact(sock, 1)
            raw += b
            length |= (b[0] & 0x7F) << shift
            shift += 7
            if b[0] & 0x80:
                break
        length += 255
    return head[0], raw + read_exact(sock, length)


def log(line):
    with open(os.path.join(ctl, "log"), "a") as f:
        f.write(line + "\n")


def should_cut(mtype):
    path = os.path.join(ctl, "cut")
    with lock:
        log("%d" % mtype)
        try:
            with open(path) as f:
                words = f.read().split()
        except OSError:
            return False
        if not words or int(words[0]) != mtype:
            return False
        os.unlink(path)
        if words[1:] == ["down"]:
            open(os.path.join(ctl, "down"), "w").close()
        return True


def shut_both(client, server):
    """Ends both sides of a proxied connection, whichever ended first."""
    for s in (client, server):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def upstream(client, server):
    try:
        while True:
            mtype, raw = read_message(client)
            if should_cut(mtype):
                break
            server.sendall(raw)
    except (EOFError, OSError):
        pass
    shut_both(client, server)


def downstream(client, server):
    try:
        while True:
            data = server.recv(65536)
            if not data:
                break
            client.sendall(data)
    except OSError:
        pass
    shut_both(client, server)


def main():
    lsock = socket.socket()
    lsock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    lsock.bind(("127.0.0.1", listen_port))
    lsock.listen(16)
    print("ready", flush=True)
    while True:
        client, _ = lsock.accept()
        if os.path.exists(os.path.join(ctl, "down")):
            client.close()
            continue
        with lock:
            log("open")
        try:
            server = socket.create_connection(("127.0.0.1", server_port), 5)
            server.settimeout(None)
        except OSError:
            client.close()
            continue
        threading.Thread(target=upstream, args=(client, server), daemon=True).start()
        threading.Thread(target=downstream, args=(client, server), daemon=True).start()


main()
