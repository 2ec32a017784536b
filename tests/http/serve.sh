# serve.sh — start tests/http/loopback_server.py from an integration test
# (POSIX sh, sourced after tests/integration/tap.sh). Servers listen on an
# ephemeral port of 127.0.0.1, exit by themselves after 60 s, and are killed
# by the test's exit trap.
servers=""
trap 'for p in $servers; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"' EXIT

# serve NAME PLAN [SERVER ARGS...]: start a server that answers by PLAN (the
# JSON plan, see loopback_server.py), logging requests to $tmp/NAME.log; sets
# $port. Fails when the server did not come up within 10 s.
serve() {
    _name=$1 _plan=$2
    shift 2
    printf '%s\n' "$_plan" >"$tmp/$_name.plan"
    rm -f "$tmp/$_name.port"
    python3 "$top_srcdir/tests/http/loopback_server.py" --port-file "$tmp/$_name.port" \
        --plan "$tmp/$_name.plan" --log "$tmp/$_name.log" --lifetime 60 "$@" &
    last_server=$!
    servers="$servers $last_server"
    _i=0
    while [ ! -s "$tmp/$_name.port" ] && [ "$_i" -lt 100 ]; do
        sleep 0.1
        _i=$((_i + 1))
    done
    port=$(cat "$tmp/$_name.port" 2>/dev/null) || port=""
    [ -n "$port" ]
}

# stop_server: stop the server serve started last.
stop_server() {
    kill "$last_server" 2>/dev/null || true
    wait "$last_server" 2>/dev/null || true
}

# requests NAME: how many requests server NAME has logged.
requests() { wc -l <"$tmp/$1.log" | tr -d ' '; }

# now_ms: milliseconds since the epoch (GNU date).
now_ms() { echo $(($(date +%s%N) / 1000000)); }
