#!/bin/sh
# rest_incremental.sh — incremental sync with the greenhouse preset and a
# store: the first run fetches everything; after the server gains three
# applications (with interviews and offers), the next run sends each
# endpoint's change filter with the newest change time the server reported
# before, and the server answers only what changed since; its metrics equal
# those of a full run over the grown data. A failed run keeps the old cursor.
. "$(dirname "$0")/tap.sh"
. "$top_srcdir/tests/rest/rest_lib.sh"
set -e
start_ats

mkdir "$tmp/inc" "$tmp/full"
greenhouse_config "$tmp/inc/rpo.ini"
printf '\n[store]\npath = store.sqlite\n' >>"$tmp/inc/rpo.ini"
cp "$tmp/token" "$tmp/inc/token"
greenhouse_config "$tmp/full/rpo.ini"
cp "$tmp/token" "$tmp/full/token"

run_rpo run -c "$tmp/inc/rpo.ini" --as-of 2024-12-31
expect_rc "the first run with a store" 0
expect_eq "the first run sends no change filter" \
    "$(requests '.query.updated_after or .query.last_activity_after' | wc -l)" 0

# A generic instance, paged by a cursor one item at a time, incremental
# through its own keys.
mkdir "$tmp/gen"
engagement "$tmp/gen/rpo.ini"
cat >>"$tmp/gen/rpo.ini" <<EOT

[source.reqs]
plugin = rest
record = requisition
base_url = $base
endpoint = /generic/cursor
token = file:token
pagination = cursor
per_page = 1
per_page_param = size
items = results
next_path = meta.next_cursor
updated_param = updated_since
updated_path = modified
field.id = reqId
field.opened_at = dates.opened
retry_backoff_ms = 1

[store]
path = store.sqlite
EOT
cp "$tmp/token" "$tmp/gen/token"
run_rpo run -c "$tmp/gen/rpo.ini" --as-of 2024-12-31
expect_rc "generic, cursor paging: the first run" 0
max_gen=$(jq -r 'map(.modified) | max' "$fx/generic/requisitions.json")

# The newest change times of the first data, from the fixture files.
gh="$fx/greenhouse"
max_jobs=$(jq -r 'map(.updated_at) | max' "$gh/jobs.json")
max_apps=$(jq -r 'map(.last_activity_at) | max' "$gh/applications.json")
max_offers=$(jq -r 'map(.updated_at) | max' "$gh/offers.json")
max_ivs=$(jq -r 'map(.updated_at) | max' "$gh/scheduled_interviews.json")

# The server gains three applications (and what goes with them).
python3 "$top_srcdir/tests/rest/make_fixtures.py" "$fx" --extra
: >"$tmp/requests.log"
run_rpo run -c "$tmp/inc/rpo.ini" --as-of 2024-12-31
expect_rc "the incremental run" 0
expect_eq "jobs: updated_after is the newest updated_at seen before" \
    "$(requests '.path == "/v1/jobs"' | jq -r '.query.updated_after[0]' | sort -u)" "$max_jobs"
expect_eq "applications: last_activity_after is the newest last_activity_at seen before" \
    "$(requests '.path == "/v1/applications"' | jq -r '.query.last_activity_after[0]' | sort -u)" "$max_apps"
expect_eq "offers (stage events and hires): updated_after is the newest updated_at seen before" \
    "$(requests '.path == "/v1/offers"' | jq -r '.query.updated_after[0]' | sort -u)" "$max_offers"
expect_eq "interviews: updated_after is the newest updated_at seen before" \
    "$(requests '.path == "/v1/scheduled_interviews"' | jq -r '.query.updated_after[0]' | sort -u)" "$max_ivs"
# Only the changes came back: the new applications and the boundary one
# (changed exactly at the cursor: fetched again, replaced by its key).
want=$(jq --arg c "$max_apps" '[.[] | select(.last_activity_at >= $c)] | length' "$gh/applications.json")
expect_eq "applications fetched: only the $want changed since the cursor (of $(jq length "$gh/applications.json"))" \
    "$(requests '.path == "/v1/applications"' | jq -s 'map(.items) | add')" "$want"
expect_eq "one page of applications sufficed" "$(requests '.path == "/v1/applications"' | wc -l)" 1

# Generic, cursor paging: every page of the second run carries the filter.
: >"$tmp/requests.log"
run_rpo run -c "$tmp/gen/rpo.ini" --as-of 2024-12-31
expect_rc "generic, cursor paging: the incremental run" 0
want=$(jq --arg c "$max_gen" '[.[] | select(.modified >= $c)] | length' "$fx/generic/requisitions.json")
expect_eq "generic: $want items changed since the cursor, one per page" \
    "$(requests '.path == "/generic/cursor"' | wc -l)" "$want"
expect_eq "generic: every page sent updated_since = the newest modified seen before" \
    "$(requests '.path == "/generic/cursor"' | jq -r '.query.updated_since[0]' | sort -u)" "$max_gen"
[ "$want" -ge 2 ] && ok "generic: the changes span several pages ($want)" ||
    not_ok "generic: the changes span several pages ($want)"
: >"$tmp/requests.log"

# The same data fetched in full (no store): identical metrics.
run_rpo run -c "$tmp/full/rpo.ini" --as-of 2024-12-31
expect_rc "a full run over the grown data" 0
metrics "$tmp/inc/report.json" >"$tmp/inc.metrics"
metrics "$tmp/full/report.json" >"$tmp/full.metrics"
if diff -u "$tmp/full.metrics" "$tmp/inc.metrics" >"$tmp/diff"; then
    ok "incremental and full runs give identical metrics"
else
    not_ok "incremental and full runs give identical metrics" "$(head -30 "$tmp/diff")"
fi

# A failed run (HTTP 401 on the offers) commits nothing: the next run
# starts from the same cursor as before.
max_apps2=$(jq -r 'map(.last_activity_at) | max' "$gh/applications.json")
fault '{"path": "/v1/offers", "fault": "401", "times": 2}'
run_rpo run -c "$tmp/inc/rpo.ini" --as-of 2024-12-31
expect_rc "a run that fails half-way" 69
clear_faults
: >"$tmp/requests.log"
run_rpo run -c "$tmp/inc/rpo.ini" --as-of 2024-12-31
expect_rc "the run after it" 0
expect_eq "it starts from the cursor of the last committed run" \
    "$(requests '.path == "/v1/applications"' | jq -r '.query.last_activity_after[0]' | sort -u)" "$max_apps2"
finish
