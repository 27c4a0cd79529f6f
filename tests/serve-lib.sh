# tests/serve-lib.sh - starting and stopping referat-serve in the
# end-to-end tests, sourced after tests/lib.sh by the server's scripts.
# Every server binds 127.0.0.1 port 0 (or an address the test names),
# its address is read from its first line of output, and it is stopped
# by its PID (never by name).  Every wait is bounded; every curl has
# --max-time.

SERVE="$REFERAT_BUILDDIR/referat-serve"
SPID=""
trap 'stop_server; rm -rf "$TMP"' EXIT

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
