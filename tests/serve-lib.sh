# tests/serve-lib.sh - starting and stopping referat-serve in the
# end-to-end tests, sourced after tests/lib.sh by the server's scripts.
# Every server binds 127.0.0.1 port 0 (or an address the test names),
# its address is read from its first line of output, and it is stopped
# by its PID (never by name).  Every wait is bounded; every curl has
# --max-time.

SERVE="$REFERAT_BUILDDIR/referat-serve"
SPID=""
# Whatever a script started is stopped when it ends, also when it is
# killed by a signal (a harness's timeout, ^C): xapian-tcpsrv runs in its
# own session, so a signal to the script's process group misses it.
trap 'stop_started; rm -rf "$TMP"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# stop_started: the server, the shard servers and the proxy still running.
stop_started() {
    stop_server
    for f in "$TMP"/tcpsrv.*; do
        [ -s "$f" ] && stop_tcpsrv "${f##*.}"
    done
    stop_cutproxy
}

# start_server ARGS...: starts referat-serve --timeout 2 ARGS in the
# background; sets SPID and ADDR (HOST:PORT) from its first line, waiting
# at most 10 s for it.  Returns 1 when no address line came.
start_server() {
    # Emptied here, not only by the child's redirection, which may come
    # after the first read below and leave the last server's line there.
    : >"$TMP/serve.out"
    "$SERVE" --timeout 2 "$@" >"$TMP/serve.out" 2>"$TMP/serve.err" &
    SPID=$!
    ADDR=""
    n=0
    while [ $n -lt 100 ]; do
        line=$(head -n 1 "$TMP/serve.out" 2>/dev/null)
        case $line in *"listening on http://"*/) break ;; esac
        kill -0 "$SPID" 2>/dev/null || break
        sleep 0.1
        n=$((n + 1))
    done
    ADDR=$(head -n 1 "$TMP/serve.out" | sed -n 's|^referat-serve: listening on http://\(.*\)/$|\1|p')
    [ -n "$ADDR" ]
}

# stop_server [SIGNAL]: sends SIGNAL (TERM) to the server started last and
# waits at most 10 s for it to exit; its status in STOPPED ("timeout" when
# it did not exit, then killed).  Its standard error is kept in
# $TMP/servers.err.
stop_server() {
    [ -n "$SPID" ] || return 0
    kill -"${1:-TERM}" "$SPID" 2>/dev/null
    n=0
    while kill -0 "$SPID" 2>/dev/null && [ $n -lt 100 ]; do
        sleep 0.1
        n=$((n + 1))
    done
    if kill -0 "$SPID" 2>/dev/null; then
        kill -KILL "$SPID" 2>/dev/null
        wait "$SPID" 2>/dev/null
        STOPPED=timeout
    else
        wait "$SPID"
        STOPPED=$?
    fi
    cat "$TMP/serve.err" >>"$TMP/servers.err"
    SPID=""
}

# get PATH [CURL ARGS...]: the status in $TMP/status, headers in $TMP/hdr,
# body in $TMP/body.
get() {
    p=$1; shift
    rm -f "$TMP/body" "$TMP/hdr"
    curl -s --max-time 10 --path-as-is -o "$TMP/body" -D "$TMP/hdr" -w '%{http_code}' "$@" \
        "http://$ADDR$p" >"$TMP/status" 2>/dev/null
    return 0
}

# --- shards behind xapian-tcpsrv (tests/e2e/shards*.sh) ---

# free_port: a port on 127.0.0.1 nothing listens on, as the kernel picks.
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# listening PORT: 0 once something accepts connections on PORT (5 s at most).
listening() {
    python3 -c '
import socket, sys, time
end = time.time() + 5
while time.time() < end:
    try:
        socket.create_connection(("127.0.0.1", int(sys.argv[1])), 0.5).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)' "$1"
}

# tcpsrv N PORT [OPTIONS...]: the index $TMP/sN behind xapian-tcpsrv on
# PORT, in its own session (on SIGTERM it signals its whole process group,
# to end its connection children, which would otherwise be the test
# script); its pid in $TMP/tcpsrv.N.
tcpsrv() {
    n=$1 port=$2; shift 2
    setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" "$@" "$TMP/s$n" >/dev/null 2>&1 &
    echo $! >"$TMP/tcpsrv.$n"
    listening "$port" || echo "# xapian-tcpsrv on port $port did not start"
}

# stop_tcpsrv N: stops shard N's server by its pid (5 s at most).
stop_tcpsrv() {
    [ -s "$TMP/tcpsrv.$1" ] || return 0
    pid=$(cat "$TMP/tcpsrv.$1")
    kill "$pid" 2>/dev/null
    i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    : >"$TMP/tcpsrv.$1"
}

# cutproxy PORT TARGET: tests/helpers/cutproxy.py on 127.0.0.1:PORT in
# front of 127.0.0.1:TARGET, told what to do through files in $TMP/ctl and
# logging the messages it passes in $TMP/ctl; its pid in $TMP/proxy.pid.
cutproxy() {
    mkdir -p "$TMP/ctl"
    python3 "$REFERAT_SRCDIR/tests/helpers/cutproxy.py" "$1" "$2" "$TMP/ctl" >"$TMP/proxy.out" 2>&1 &
    echo $! >"$TMP/proxy.pid"
    listening "$1" || echo "# cutproxy.py on port $1 did not start"
}

# stop_cutproxy: stops the proxy by its pid.
stop_cutproxy() {
    [ -s "$TMP/proxy.pid" ] || return 0
    kill "$(cat "$TMP/proxy.pid")" 2>/dev/null
    : >"$TMP/proxy.pid"
}
