#!/bin/sh
# sink_webhook.sh — the real rpo runs the example engagement with a
# [sink.team] webhook beside the json sink, against
# tests/http/loopback_server.py on 127.0.0.1: success (the JSON the server
# got matches the json sink's report of the same run), 500 then success,
# a server slower than the timeout, 401, and only_when = changes with a
# store. The webhook URL (a secret file) and its token never appear on stderr.
. "$(dirname "$0")/tap.sh"
. "$top_srcdir/tests/http/serve.sh"
set -e

token="tok$$secret"
mkdir "$tmp/conf"
cp -r "$top_srcdir/conf/example" "$top_srcdir/conf/example.ini" "$tmp/conf/"
chmod -R u+w "$tmp/conf"
cp "$tmp/conf/example.ini" "$tmp/conf/base.ini"
j="$tmp/conf/example-report.json"

# configure PORT [KEY = VALUE]...: the example plus the webhook sink whose
# URL (in the secret file webhook-url, mode 600) points at PORT.
configure() {
    _port=$1
    shift
    printf 'http://127.0.0.1:%s/services/T000/B000/%s\n' "$_port" "$token" >"$tmp/conf/webhook-url"
    chmod 600 "$tmp/conf/webhook-url"
    {
        cat "$tmp/conf/base.ini"
        printf '\n[sink.team]\nplugin = webhook\nurl = file:webhook-url\nretry_backoff_ms = 1\n'
        for kv in "$@"; do printf '%s\n' "$kv"; done
    } >"$tmp/conf/example.ini"
}

# run_webhook [AS_OF]: rpo on the example as of AS_OF (2025-12-31), at most
# 60 s; sets $rc and $elapsed (ms).
run_webhook() {
    _t0=$(now_ms)
    set +e
    timeout 60 "$RPO_BIN" run -c "$tmp/conf/example.ini" --as-of "${1:-2025-12-31}" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    set -e
    elapsed=$(($(now_ms) - _t0))
}

# no_secret_logged DESC: neither the URL nor its token is on stderr.
no_secret_logged() {
    if grep -qF -e "$token" -e "/services/T000" -e "127.0.0.1:$port" "$tmp/err"; then
        not_ok "$1: the webhook URL or token is on stderr" "$(cat "$tmp/err")"
    else
        ok "$1: neither the webhook URL nor its token is on stderr"
    fi
}

# 1. Success: one POST with text and blocks that match the json report.
serve ok '[{"status": 200, "body": "ok"}]'
configure "$port"
run_webhook
expect_rc "the example runs with a webhook sink" 0
expect_eq "the server got one request" "$(requests ok)" 1
expect_eq "at the webhook's path" "$(jq -r .path "$tmp/ok.log")" "/services/T000/B000/$token"
if python3 "$top_srcdir/tests/integration/sink_webhook_check.py" "$j" "$tmp/ok.log" 1 >"$tmp/check"; then
    ok "text and blocks carry the json report's key metrics, values and statuses"
else
    not_ok "the payload matches the json report" "$(cat "$tmp/check")"
fi
cat "$tmp/check"
# New achievements and risks are news on a run without a store (first run).
achievements=$(jq '[.achievements[]] | length' "$j")
body=$(jq -r .body "$tmp/ok.log")
first=$(jq -r '.achievements[0].text' "$j")
if [ "$achievements" -gt 0 ] && printf '%s' "$body" | jq -r .text | grep -qF -- "$first"; then
    ok "the new achievements are announced ($achievements; the first: $first)"
else
    not_ok "the new achievements are announced" "$(printf '%s' "$body" | jq -r .text)"
fi
# The risks open on 2025-12-31 with severity >= 4, by severity then raised_at
# (from risks.csv with awk: raised by then, and not closed by then).
risks=$(awk -F, 'NR > 1 && $2 <= "2025-12-31" && $5 >= 4 &&
    ($7 == "" ? $6 != "closed" : $7 > "2025-12-31") {print $5, $2, $1}' "$tmp/conf/example/risks.csv" |
    sort -k1,1nr -k2,2 | awk '{print $3}' | tr '\n' ' ' | sed 's/ $//')
got_risks=$(printf '%s' "$body" | jq -r '.blocks[].text.text' | sed -n 's/^• \*\([^*]*\)\* (severity [0-9]).*/\1/p' | tr '\n' ' ' | sed 's/ $//')
expect_eq "the open risks of severity 4 and 5 are announced" "$got_risks" "$risks"
no_secret_logged "success"
stop_server

# 2. 500, then success: two requests with the same complete body.
serve flaky '[{"status": 500}, {"status": 200, "body": "ok"}]'
configure "$port" "retries = 2"
run_webhook
expect_rc "500 then 200: the run succeeds" 0
expect_eq "the server got 2 requests" "$(requests flaky)" 2
expect_eq "both carried the same whole summary" "$(jq -r .body "$tmp/flaky.log" | sort -u | wc -l | tr -d ' ')" 1
expect_err "the retry is logged for the instance" "[sink:team] the webhook: HTTP 500 (attempt 1 of 3); retrying in"
no_secret_logged "500 then 200"
stop_server

# 3. A server slower than the timeout: bounded, clear, non-zero, nothing half-sent.
serve slow '[{"status": 200, "delay": 10}]'
configure "$port" "timeout = 1" "retries = 1"
run_webhook
expect_rc "a server slower than the timeout fails the run with EX_TEMPFAIL" 75
[ "$elapsed" -lt 8000 ] && ok "within 2 attempts of 1 s and the run itself ($elapsed ms)" ||
    not_ok "the run took $elapsed ms"
expect_err "the error names the webhook and the timeout" \
    "[sink:team] the webhook: Timeout was reached; gave up after 2 attempts"
expect_eq "every request that reached the server was whole" "$(jq -r .complete "$tmp/slow.log" | sort -u)" true
expect_eq "and valid JSON" "$(jq -r .body "$tmp/slow.log" | jq -r 'has("text") and has("blocks")' | sort -u)" true
no_secret_logged "timeout"
stop_server

# 4. 401: refused at once, the instance named, the URL never.
serve denied '[{"status": 401, "body": "invalid_token"}]'
configure "$port"
run_webhook
expect_rc "401 fails the run with EX_UNAVAILABLE" 69
expect_eq "without retrying" "$(requests denied)" 1
expect_err "the message names the instance" \
    "[sink:team] the webhook: the server refused the credentials (HTTP 401); check the URL's token"
no_secret_logged "401"
stop_server

# 5. only_when = changes, with a store: a first run posts; a later as-of
# (new achievements, a new latest period) posts; the same run again does not.
# It needs an engine that reports the last committed run (the json report's
# engagement.previous_run_as_of says so).
serve changes '[{"status": 200, "body": "ok"}]'
configure "$port" "only_when = changes"
printf '\n[store]\npath = store.sqlite\n' >>"$tmp/conf/example.ini"
run_webhook 2025-09-30
expect_rc "only_when = changes: the first run (no previous run) succeeds" 0
expect_eq "and posts" "$(requests changes)" 1
run_webhook 2025-12-31
if [ "$(jq -r '.engagement | has("previous_run_as_of")' "$j")" != true ]; then
    skip "only_when = changes after a previous run" "this engine does not report the last committed run"
else
    expect_rc "a later as-of succeeds" 0
    expect_eq "and posts: its latest period and achievements are new" "$(requests changes)" 2
    run_webhook 2025-12-31
    expect_rc "the same run again succeeds" 0
    expect_eq "and does not post: nothing is new, no status changed" "$(requests changes)" 2
    no_secret_logged "only_when = changes"
fi
stop_server

# 6. SIGTERM while the sink waits to retry (the server asked for 30 s):
# the wait stops at once, the run exits 143.
serve busy '[{"status": 503, "headers": {"Retry-After": "30"}}]'
configure "$port" "retry_for = 60"
_t0=$(now_ms)
"$RPO_BIN" run -c "$tmp/conf/example.ini" --as-of 2025-12-31 >"$tmp/out" 2>"$tmp/err" &
pid=$!
i=0
while [ "$i" -lt 300 ] && [ "$(requests busy)" -lt 1 ]; do
    sleep 0.1
    i=$((i + 1))
done
sleep 0.3
kill -TERM "$pid" 2>/dev/null || true
set +e
wait "$pid"
rc=$?
set -e
elapsed=$(($(now_ms) - _t0))
expect_rc "SIGTERM during the wait before a retry" 143
[ "$elapsed" -lt 15000 ] && ok "it did not wait the 30 s out ($elapsed ms)" || not_ok "it took $elapsed ms"
expect_err "the sink says why it stopped" "[sink:team] the webhook: interrupted while waiting to retry"
expect_eq "one request only" "$(requests busy)" 1
stop_server

# 7. SIGTERM while the server takes its time to answer (20 s, timeout 40 s):
# the transfer is abandoned at once (rpo_stop_requested), not at its timeout.
serve slow '[{"status": 200, "delay": 20}]'
configure "$port" "timeout = 40" "retry_for = 60"
_t0=$(now_ms)
"$RPO_BIN" run -c "$tmp/conf/example.ini" --as-of 2025-12-31 >"$tmp/out" 2>"$tmp/err" &
pid=$!
i=0
while [ "$i" -lt 300 ] && [ "$(requests slow)" -lt 1 ]; do
    sleep 0.1
    i=$((i + 1))
done
sleep 0.3
kill -TERM "$pid" 2>/dev/null || true
set +e
wait "$pid"
rc=$?
set -e
elapsed=$(($(now_ms) - _t0))
expect_rc "SIGTERM during a transfer" 143
[ "$elapsed" -lt 10000 ] && ok "the transfer was abandoned at once ($elapsed ms)" || not_ok "it took $elapsed ms"
expect_err "the sink says why it stopped" "[sink:team] the webhook: stopped: the run was asked to stop"
stop_server

finish
