#!/bin/sh
# rest_faults.sh — the faults a real API shows, injected by the fake ATS
# into page 2 of the Greenhouse jobs list, each ending as docs/source-rest.md
# says: recovered (the run succeeds, the server saw the retry), or one
# error line naming the instance and the URL path, the sysexits status, no
# report written and the store as it was. The token is never printed.
# Runs use --full-sync: with the store, an incremental run would ask only
# for the changed jobs, which fit on one page.
. "$(dirname "$0")/tap.sh"
. "$top_srcdir/tests/rest/rest_lib.sh"
set -e
start_ats

cfg="$tmp/rpo.ini"
engagement "$cfg"
cat >>"$cfg" <<EOT

[source.jobs]
plugin = rest
record = requisition
preset = greenhouse
base_url = $base
token = file:token
per_page = 5
retries = 2
retry_backoff_ms = 1
timeout = 1
connect_timeout = 2

[store]
path = store.sqlite
EOT
run_rpo run -c "$cfg" --as-of 2024-12-31 --full-sync
expect_rc "a clean run first (it fills the store)" 0
sum_store() { sha256sum "$tmp/store.sqlite" | cut -d' ' -f1; }

# recovered FAULT DESC: page 2 fails once with FAULT, the run succeeds and
# the server saw page 2 twice.
recovered() {
    clear_faults
    : >"$tmp/requests.log"
    fault "{\"path\": \"/v1/jobs\", \"page\": 2, \"fault\": \"$1\", \"seconds\": ${3:-1}}"
    rm -f "$tmp/report.json"
    run_rpo run -c "$cfg" --as-of 2024-12-31 --full-sync
    expect_rc "$2: recovered" 0
    # The server logs a request once answered: let a slow one finish.
    [ "$1" != slow ] || sleep "$3"
    expect_eq "$2: page 2 asked for twice" \
        "$(requests '.path == "/v1/jobs" and .query.page == ["2"]' | wc -l)" 2
    expect_err "$2: the retry is logged with the page" "[source:jobs] GET /v1/jobs page 2: "
    [ -s "$tmp/report.json" ] && ok "$2: the report is written" || not_ok "$2: the report is written"
}
recovered 500 "HTTP 500 then success"
recovered 429 "HTTP 429 with Retry-After: 1"
recovered 429_bare "HTTP 429 without Retry-After"
recovered reset "a connection reset"
recovered short "a body cut short"
recovered slow "an answer slower than the timeout" 3

# Honouring Retry-After: the retry came no sooner than asked.
clear_faults
fault '{"path": "/v1/jobs", "page": 2, "fault": "429", "seconds": 2}'
start=$(date +%s)
run_rpo run -c "$cfg" --as-of 2024-12-31 --full-sync
took=$(($(date +%s) - start))
expect_rc "Retry-After: 2 is honoured" 0
[ "$took" -ge 2 ] && ok "the run waited the 2 s asked for ($took s)" || not_ok "the run waited only $took s"

# failed FAULT DESC STATUS TEXT [TIMES]: the run stops with STATUS, TEXT in
# stderr, no report, the store unchanged.
failed() {
    clear_faults
    fault "{\"path\": \"/v1/jobs\", \"page\": 2, \"fault\": \"$1\", \"times\": ${5:-1}, \"seconds\": 3}"
    rm -f "$tmp/report.json"
    before=$(sum_store)
    run_rpo run -c "$cfg" --as-of 2024-12-31 --full-sync
    expect_rc "$2: the run fails" "$3"
    expect_err "$2: the message" "$4"
    expect_eq "$2: one error line from the source" \
        "$(grep -c '^rpo: error: \[source:jobs\] GET /v1/jobs page 2: ' "$tmp/err")" 1
    [ ! -e "$tmp/report.json" ] && ok "$2: no report written" || not_ok "$2: a report was written"
    expect_eq "$2: the store is unchanged" "$(sum_store)" "$before"
    if grep -qF "$token" "$tmp/err"; then not_ok "$2: the token is in stderr"; else ok "$2: no token in stderr"; fi
}
failed 401 "HTTP 401" 69 "the server refused the credentials (HTTP 401); check the token"
failed badjson "invalid JSON" 65 "GET /v1/jobs page 2: the answer is not valid JSON (line 1, column 11"
failed shape "an object where the list belongs" 65 "expected a list of items at '(the top level)' in the answer, found an object; page rejected"
failed 500 "HTTP 500 on every attempt" 75 "GET /v1/jobs page 2: HTTP 500; gave up after 3 attempts" 9
failed reset "resets on every attempt" 75 "GET /v1/jobs page 2: " 9
failed slow "a server slower than the timeout on every attempt" 75 "GET /v1/jobs page 2: " 9

# A wrong token: 401 on the first page, the same clear line.
clear_faults
printf 'wrong-token\n' >"$tmp/token"
run_rpo run -c "$cfg" --as-of 2024-12-31 --full-sync
expect_rc "a wrong token" 69
expect_err "a wrong token: named, not shown" "[source:jobs] GET /v1/jobs page 1: the server refused the credentials (HTTP 401)"
if grep -q "wrong-token" "$tmp/err"; then not_ok "the wrong token is not printed"; else ok "the wrong token is not printed"; fi

# Nothing listens: connection refused, retried, then a temporary failure.
printf '%s\n' "$token" >"$tmp/token"
kill "$ats_pid"
wait "$ats_pid" 2>/dev/null || true
ats_pid=""
run_rpo run -c "$cfg" --as-of 2024-12-31 --full-sync
expect_rc "no server" 75
expect_err "no server: the page is named" "[source:jobs] GET /v1/jobs page 1: "

# HTTPS with a throwaway self-signed certificate: refused without the CA
# (one clear line, exit 69), accepted with ca_bundle naming it.
if openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$tmp/key.pem" -out "$tmp/cert.pem" \
    >/dev/null 2>&1; then
    python3 "$top_srcdir/tests/rest/fake_ats.py" --data "$fx" --token-file "$tmp/token" \
        --port-file "$tmp/tls.port" --log "$tmp/tls.log" --idle 60 --life 300 \
        --tls-cert "$tmp/cert.pem" --tls-key "$tmp/key.pem" &
    ats_pid=$!
    i=0
    while [ ! -s "$tmp/tls.port" ] && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    sed -i "s|^base_url = .*|base_url = https://127.0.0.1:$(cat "$tmp/tls.port")|" "$cfg"
    run_rpo run -c "$cfg" --as-of 2024-12-31 --full-sync
    expect_rc "https with an unknown CA" 69
    expect_err "the certificate is named as the problem" \
        "[source:jobs] GET /v1/jobs page 1: the server's TLS certificate cannot be verified"
    sed -i "s|^connect_timeout = 2$|connect_timeout = 2\nca_bundle = cert.pem|" "$cfg"
    run_rpo run -c "$cfg" --as-of 2024-12-31 --full-sync
    expect_rc "https with ca_bundle = the certificate" 0
    expect_eq "every page over https, Link pages included" \
        "$(jq -r 'select(.path == "/v1/jobs") | .query.page[0] // "1"' "$tmp/tls.log" | sort | tr '\n' ' ')" "1 2 3 "
else
    skip "https with a self-signed certificate" "openssl cannot make a certificate"
fi

# The token in the store? Never.
if grep -qaF "$token" "$tmp/store.sqlite"; then not_ok "the token is not in the store"; else ok "the token is not in the store"; fi
finish
