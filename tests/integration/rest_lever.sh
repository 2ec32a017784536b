#!/bin/sh
# rest_lever.sh — the rest source's lever preset against the fake Lever API:
# postings, opportunities (applications, stage changes, hires) over several
# pages with limit/offset/hasNext, epoch milliseconds, archive reasons of
# type hired; the report's numbers as tests/rest/expected_lever.py computes
# them from the fixture's truth.
. "$(dirname "$0")/tap.sh"
. "$top_srcdir/tests/rest/rest_lib.sh"
set -e
start_ats

cfg="$tmp/rpo.ini"
engagement "$cfg"
for s in "postings requisition 5" "opportunities application 10" "stages stage_event 10" \
    "hires hire 100"; do
    set -- $s
    cat >>"$cfg" <<EOT

[source.$1]
plugin = rest
record = $2
preset = lever
base_url = $base
token = env:REST_TEST_TOKEN
per_page = $3
retry_backoff_ms = 1
EOT
    [ "$2" != stage_event ] || cat >>"$cfg" <<EOT
value.stage.Phone screen = screened
value.stage.On-site interview = interviewed
value.stage.Offer = offered
EOT
done
REST_TEST_TOKEN=$token
export REST_TEST_TOKEN

run_rpo run -c "$cfg" --as-of 2024-12-31 -v
expect_rc "a run over the fake Lever" 0
expect_eq "no record rejected" "$(jq '[.data_quality.sources[].rejected] | add' "$tmp/report.json")" 0
expect_err "stage changes to stages of Lever's own are left out, and counted" \
    "[source:stages] GET /v1/opportunities: $(jq '[.applications[] | 1] | length' "$fx/truth.json") items left out by the lever preset"

python3 "$top_srcdir/tests/rest/expected_lever.py" "$fx/truth.json" >"$tmp/expected"
[ "$(wc -l <"$tmp/expected")" -ge 10 ] && ok "expected numbers to check: $(wc -l <"$tmp/expected")" ||
    not_ok "expected numbers to check: only $(wc -l <"$tmp/expected")"
while read -r metric period want; do
    expect_eq "$metric $period" "$(jv "$tmp/report.json" "$metric" "$period" value)" "$want"
done <"$tmp/expected"

# What the server saw: Basic auth with the key, limit as asked, each next
# passed back as offset, the reasons and stages fetched once each.
expect_eq "every request carried the right credentials" "$(requests '.auth == false' | wc -l)" 0
expect_eq "applications: 4 pages of 10, pages 2-4 with the offset from the answer before" \
    "$(requests '.path == "/v1/opportunities" and .query.expand == ["applications"] and .query.limit == ["10"]' | jq -r '.query.offset[0] // "first"' | cut -d. -f1,2 | sort | tr '\n' ' ')" \
    "0.10 0.20 0.30 first "
expect_eq "archive reasons fetched by the application and hire instances" \
    "$(requests '.path == "/v1/archive_reasons"' | wc -l)" 2
expect_eq "stages fetched by the stage event instance" "$(requests '.path == "/v1/stages"' | wc -l)" 1
expect_eq "no request failed" "$(requests '.status != 200' | wc -l)" 0
if grep -qF "$token" "$tmp/err" "$tmp/report.json"; then not_ok "the token is not printed"; else ok "the token is not printed"; fi

# limit above Lever's 100: refused before any request.
sed -i 's/^per_page = 100$/per_page = 101/' "$cfg"
run_rpo validate -c "$cfg"
expect_rc "per_page = 101 is refused" 78
expect_err "the message names the limit" "lever takes 1 to 100 items per page"
finish
