#!/bin/sh
# http_common.sh — plugins/http_common against a real server on 127.0.0.1
# (tests/http/loopback_server.py), through tests/http/http_probe: answers,
# retries on 5xx, 429 with Retry-After, empty replies and refused
# connections, timeouts bounded by timeout and retry_for, credentials refused
# (never logged), other 4xx, and TLS with a throwaway self-signed certificate
# (refused without ca_bundle, accepted with it).
. "$(dirname "$0")/tap.sh"
. "$top_srcdir/tests/http/serve.sh"
set -e

probe="${top_builddir:?}/tests/http/http_probe"
fast="-k retry_backoff_ms=1"

# probe_run ARGS...: runs the probe (at most 30 s); sets $rc, $elapsed (ms);
# stdout in $tmp/out, stderr in $tmp/err.
probe_run() {
    _t0=$(now_ms)
    set +e
    timeout 30 "$probe" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    set -e
    elapsed=$(($(now_ms) - _t0))
}
field() { sed -n "s/^$1 //p" "$tmp/out"; }
logged() { jq -r "$2" "$tmp/$1.log"; }

# 1. An answer at once: body, Link rel="next", request headers and body.
serve ok '[{"status": 200, "body": "{\"items\": [1, 2]}",
  "headers": {"Link": "<http://127.0.0.1/v1/x?page=1>; rel=\"prev\", <http://127.0.0.1/v1/x?page=3>; rel=\"next\""}}]'
export PROBE_TOKEN="tok-$$-secret"
probe_run $fast -a bearer:PROBE_TOKEN -H "Accept: application/json" -d '{"a": 1}' \
    -o "$tmp/body" "http://127.0.0.1:$port/v1/x?page=2&key=querysecret"
expect_eq "a 200 answer is ok at the first attempt" "$rc $(field result) $(field status) $(field attempts)" "0 ok 200 1"
expect_eq "the response body is handed back whole" "$(cat "$tmp/body")" '{"items": [1, 2]}'
expect_eq "the Link header's rel=next is found" "$(field link_next)" "http://127.0.0.1/v1/x?page=3"
expect_eq "the server got method, path and body" \
    "$(logged ok '.method + " " + .path + " " + .body')" 'POST /v1/x?page=2&key=querysecret {"a": 1}'
expect_eq "the bearer token and the caller's header were sent" \
    "$(logged ok '.headers.authorization + " | " + .headers.accept')" "Bearer $PROBE_TOKEN | application/json"
expect_lines "a request that succeeds at once logs nothing" 0
stop_server

# 2. 500, then success: two requests, one warning naming the label.
serve retry '[{"status": 500}, {"status": 200, "body": "fine"}]'
probe_run $fast -k retries=2 -l "GET /v1/jobs page 1" "http://127.0.0.1:$port/v1/jobs?token=querysecret"
expect_eq "500 then 200: ok after 2 attempts" "$rc $(field status) $(field attempts)" "0 200 2"
expect_eq "the server got 2 requests" "$(requests retry)" 2
expect_err "the retry is logged with the label" "[source:probe] GET /v1/jobs page 1: HTTP 500 (attempt 1 of 3); retrying in"
stop_server

# 3. 503 every time: retries exhausted.
serve down '[{"status": 503}]'
probe_run $fast -k retries=2 "http://127.0.0.1:$port/down"
expect_eq "503 every time: fails with retry after 3 attempts" "$rc $(field result) $(field attempts)" "1 retry 3"
expect_eq "the server got 3 requests" "$(requests down)" 3
expect_err "the last fault is logged" "the probe: HTTP 503; gave up after 3 attempts in"
stop_server

# 4. 429 with Retry-After: 1 is honoured although backoff alone would wait ~1 ms.
serve slowdown '[{"status": 429, "headers": {"Retry-After": "1"}}, {"status": 200}]'
probe_run $fast "http://127.0.0.1:$port/limited"
expect_eq "429 then 200: ok after 2 attempts" "$rc $(field status) $(field attempts)" "0 200 2"
[ "$elapsed" -ge 950 ] && ok "Retry-After: 1 made it wait a second ($elapsed ms)" ||
    not_ok "Retry-After: 1 was not honoured ($elapsed ms)"
expect_err "the wait is the server's" "HTTP 429 (attempt 1 of 5); retrying in 1.0 s"
stop_server

# 5. A Retry-After beyond retry_for: gives up at once instead of waiting.
serve toolong '[{"status": 503, "headers": {"Retry-After": "120"}}]'
probe_run $fast -k retry_for=5 "http://127.0.0.1:$port/later"
expect_eq "Retry-After beyond retry_for: one attempt, result retry" "$rc $(field result) $(field attempts) $(field retry_after)" "1 retry 1 120"
[ "$elapsed" -lt 3000 ] && ok "and no waiting ($elapsed ms)" || not_ok "it waited $elapsed ms"
expect_err "the message says why" "the server asked to retry after 120.0 s, more than the"
stop_server

# 6. A server slower than the timeout: each attempt cut at 1 s, 2 attempts.
serve slow '[{"status": 200, "delay": 5}]'
probe_run $fast -k timeout=1 -k retries=1 -d '{"complete": true}' "http://127.0.0.1:$port/slow"
expect_eq "timeouts: fails with retry after 2 attempts" "$rc $(field result) $(field attempts)" "1 retry 2"
[ "$elapsed" -ge 1900 ] && [ "$elapsed" -lt 4500 ] && ok "bounded by 2 x timeout ($elapsed ms)" ||
    not_ok "2 attempts of 1 s took $elapsed ms"
expect_err "the timeout is named" "the probe: Timeout was reached; gave up after 2 attempts"
expect_eq "each attempt delivered the whole body" "$(logged slow '.complete' | sort -u)" "true"
stop_server

# 7. retry_for bounds everything: 10 retries allowed, 2 s in all.
serve slow2 '[{"status": 200, "delay": 5}]'
probe_run $fast -k timeout=1 -k retries=10 -k retry_for=2 "http://127.0.0.1:$port/slow"
expect_eq "retry_for: fails with retry" "$rc $(field result)" "1 retry"
[ "$elapsed" -lt 3500 ] && ok "retry_for = 2 s stops it in time ($elapsed ms, $(field attempts) attempts)" ||
    not_ok "retry_for = 2 s took $elapsed ms"
stop_server

# 8. Credentials refused: at once, never logged, URL never logged.
serve denied '[{"status": 401, "body": "bad token for /v1/apps?key=querysecret"}]'
probe_run $fast -a bearer:PROBE_TOKEN -l "GET /v1/apps page 1" "http://127.0.0.1:$port/v1/apps?key=querysecret"
expect_eq "401: unavailable after 1 attempt" "$rc $(field result) $(field attempts) $(field status)" "1 unavailable 1 401"
expect_err "401 is explained" "[source:probe] GET /v1/apps page 1: the server refused the credentials (HTTP 401); check the token"
if grep -qF -e "$PROBE_TOKEN" -e querysecret -e "127.0.0.1:$port" "$tmp/err"; then
    not_ok "neither the token nor the URL is logged" "$(cat "$tmp/err")"
else ok "neither the token nor the URL is logged"; fi
stop_server
serve forbidden '[{"status": 403}]'
export PROBE_PASSWORD="pw-$$"
probe_run $fast -a basic:apiuser:PROBE_PASSWORD "http://127.0.0.1:$port/x"
expect_eq "403 with basic auth: unavailable" "$rc $(field result) $(field status)" "1 unavailable 403"
expect_eq "basic auth was sent" "$(logged forbidden '.headers.authorization')" \
    "Basic $(printf 'apiuser:%s' "$PROBE_PASSWORD" | base64)"
stop_server

# 9. Other 4xx: data error, no retry.
serve missing '[{"status": 404}]'
probe_run $fast "http://127.0.0.1:$port/none"
expect_eq "404: data error after 1 attempt" "$rc $(field result) $(field attempts)" "1 data 1"
expect_err "404 is named" "the probe: the server answered HTTP 404"
stop_server

# 10. An empty reply (connection closed), then success.
serve hangup '[{"close": true}, {"status": 200}]'
probe_run $fast "http://127.0.0.1:$port/x"
expect_eq "empty reply then 200: ok after 2 attempts" "$rc $(field status) $(field attempts)" "0 200 2"
expect_err "the empty reply is named" "Server returned nothing (no headers, no data) (attempt 1 of 5)"
stop_server

# 11. Nothing listening: connection refused, retried, then given up.
probe_run $fast -k retries=1 "http://127.0.0.1:$port/x"
expect_eq "refused connections: retry after 2 attempts" "$rc $(field result) $(field attempts) $(field status)" "1 retry 2 0"
expect_err "the refusal is named" "Couldn't connect to server; gave up after 2 attempts"

# 12. Only http and https.
probe_run $fast "file:///etc/passwd"
expect_eq "file:// is refused as a config error" "$rc $(field result) $(field attempts)" "1 config 1"

# 13. TLS: a throwaway self-signed certificate for 127.0.0.1.
if openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName = IP:127.0.0.1" -keyout "$tmp/key.pem" -out "$tmp/cert.pem" \
    >/dev/null 2>&1; then
    serve tls '[{"status": 200, "body": "secure"}]' --tls-cert "$tmp/cert.pem" --tls-key "$tmp/key.pem"
    probe_run $fast "https://127.0.0.1:$port/x"
    expect_eq "https without ca_bundle: refused, not retried" "$rc $(field result) $(field attempts)" "1 unavailable 1"
    expect_err "the message says how to fix it" "the server's TLS certificate cannot be verified"
    expect_err "and names ca_bundle" "set ca_bundle to that CA's PEM file"
    probe_run $fast -k "ca_bundle=$tmp/cert.pem" -o "$tmp/body" "https://127.0.0.1:$port/x"
    expect_eq "https with ca_bundle = the certificate: ok" "$rc $(field status) $(cat "$tmp/body")" "0 200 secure"
    stop_server
    # The host name is checked too: a trusted certificate for another name is refused.
    openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=other.invalid" \
        -addext "subjectAltName = DNS:other.invalid" -keyout "$tmp/key2.pem" -out "$tmp/cert2.pem" \
        >/dev/null 2>&1
    serve tls2 '[{"status": 200}]' --tls-cert "$tmp/cert2.pem" --tls-key "$tmp/key2.pem"
    probe_run $fast -k "ca_bundle=$tmp/cert2.pem" "https://127.0.0.1:$port/x"
    expect_eq "a trusted certificate for another host name is refused" "$rc $(field result) $(requests tls2)" "1 unavailable 0"
    expect_err "as not issued for that host" "the server's TLS certificate cannot be verified (SSL: no alternative certificate subject name matches target host name '127.0.0.1'); it is not issued for the host name of the URL"
    stop_server
else
    not_ok "openssl req makes a self-signed certificate"
fi
probe_run $fast -k "ca_bundle=$tmp/none.pem" "https://127.0.0.1:1/x"
expect_eq "an unreadable ca_bundle is a config error" "$rc $(field result)" "1 config"
expect_err "naming the key" "[source.probe] ca_bundle: cannot read"

finish
