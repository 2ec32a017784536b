#!/bin/sh
# cli.sh — the real rpo binary with the real csv and json/console plugins on
# the hand-checked fixture (tests/fixtures/small; the same rows as
# tests/unit/test_model.c, where every expected number is worked out).
. "$(dirname "$0")/tap.sh"
set -e

cp "$top_srcdir"/tests/fixtures/small/* "$tmp/"
cfg="$tmp/small.ini"
json="$tmp/report.json"

run_rpo run -c "$cfg" --as-of 2024-06-30
expect_rc "run on the small fixture" 0

expect_eq "schema version" "$(jq -r '.schema_version' "$json")" 2
expect_eq "periods" "$(jq -r '[.periods[].label] | join(",")' "$json")" "2024Q1,2024Q2,overall"
expect_eq "as-of" "$(jq -r '.engagement.as_of' "$json")" "2024-06-30"
expect_eq "applications per quarter" \
    "$(jv "$json" applications 2024Q1 value) $(jv "$json" applications 2024Q2 value) $(jv "$json" applications overall value)" "5 5 10"
expect_eq "funnel 2024Q1 (screening, submittal, interview, offer)" \
    "$(jv "$json" reached_screening 2024Q1 value) $(jv "$json" reached_submittal 2024Q1 value) $(jv "$json" reached_interview 2024Q1 value) $(jv "$json" reached_offer 2024Q1 value)" "5 4 4 4"
expect_eq "hires" "$(jv "$json" hires 2024Q1 value) $(jv "$json" hires 2024Q2 value) $(jv "$json" hires overall value)" "2 2 4"
expect_eq "time to fill 2024Q1 median/mean/p90/n" \
    "$(jv "$json" time_to_fill 2024Q1 value) $(jv "$json" time_to_fill 2024Q1 mean) $(jv "$json" time_to_fill 2024Q1 p90) $(jv "$json" time_to_fill 2024Q1 n)" "35 35 35.8 2"
expect_eq "time to fill overall" \
    "$(jv "$json" time_to_fill overall value) $(jv "$json" time_to_fill overall mean) $(jv "$json" time_to_fill overall p90)" "33 31.5 35.4"
expect_eq "time to hire 2024Q2" \
    "$(jv "$json" time_to_hire 2024Q2 value) $(jv "$json" time_to_hire 2024Q2 mean) $(jv "$json" time_to_hire 2024Q2 p90)" "29.5 29.5 30.7"
expect_eq "offer acceptance" \
    "$(jv "$json" offer_acceptance_rate 2024Q1 value) $(jv "$json" offer_acceptance_rate 2024Q2 value) $(jv "$json" offer_acceptance_rate overall value)" "66.67 100 80"
expect_eq "cost per hire (2000.045 rounds to 2000.05)" \
    "$(jv "$json" cost_per_hire 2024Q1 value) $(jv "$json" cost_per_hire 2024Q2 value) $(jv "$json" cost_per_hire overall value)" "4117.28 2000.05 3058.66"
expect_eq "source counts read/accepted/rejected" \
    "$(jq -r '[.data_quality.sources[] | "\(.instance):\(.read)/\(.accepted)/\(.rejected)"] | join(" ")' "$json")" \
    "requisitions:5/4/1 applications:13/10/3 costs:8/5/3"
expect_eq "data-quality flags" \
    "$(jq -r '[.data_quality.flags[] | "\(.code)=\(.count)"] | join(" ")' "$json")" \
    "after_as_of=2 stage_before_application=1 unknown_requisition=1"
expect_err "a rejected row names file, line, field and reason" "applications.csv:10: record rejected: field applied_at: day out of range for its month '2024-02-30'"
expect_err "a quoted amount with a thousands separator is rejected" "costs.csv:7: record rejected: field amount: not an amount"
if grep -q 'C00[0-9]' "$tmp/err" "$json"; then not_ok "no candidate id in logs or report"; else ok "no candidate id in logs or report"; fi

# With a key, a rejected application names its candidate by pseudonym only.
printf '0123456789abcdef0123456789abcdef\n' >"$tmp/key"
chmod 600 "$tmp/key"
sed 's|^min_n = 1$|min_n = 1\npseudonym_key_file = key|' "$cfg" >"$tmp/keyed.ini"
run_rpo run -c "$tmp/keyed.ini" --as-of 2024-06-30
# printf C009 | openssl dgst -sha256 -hmac 0123456789abcdef0123456789abcdef
want=$(printf C009 | openssl dgst -sha256 -hmac 0123456789abcdef0123456789abcdef | sed 's/.*= //' | cut -c1-32)
expect_err "a rejection names the candidate by pseudonym" "applications.csv:10 (candidate $want): record rejected: field applied_at"
if grep -q 'C00[0-9]' "$tmp/err"; then not_ok "no raw candidate id with a key either"; else ok "no raw candidate id with a key either"; fi

cp "$json" "$tmp/first.json"
run_rpo run -c "$cfg" --as-of 2024-06-30
if cmp -s "$json" "$tmp/first.json"; then ok "same input and as-of give byte-identical JSON"; else not_ok "reruns differ"; fi
ls "$tmp" | grep -q '\.tmp\.' && not_ok "no temporary file left behind" || ok "no temporary file left behind"

run_rpo run -c "$cfg" --as-of 2024-06-30 --strict
expect_rc "--strict fails when rows were rejected" 65
expect_err "--strict says why and that nothing was written" "7 records were rejected and --strict is set; no report was written"

cat >>"$cfg" <<'CFG'

[sink.console]
plugin = console
periods = 0
CFG
run_rpo run -c "$cfg" --as-of 2024-06-30
expect_rc "run with the console sink" 0
if grep -q 'Time to fill' "$tmp/out" && grep -q '4117.28' "$tmp/out"; then ok "console shows the scorecard"; else not_ok "console output" "$(head -c 800 "$tmp/out")"; fi
if grep -q "$(printf '\033')" "$tmp/out"; then not_ok "no colour codes when not a terminal"; else ok "no colour codes when not a terminal"; fi

run_rpo validate -c "$cfg"
expect_rc "validate a good config" 0
expect_eq "validate says ok" "$(cat "$tmp/out")" "$cfg: ok"

run_rpo metrics
expect_rc "metrics" 0
missing=""
for id in applications reached_screening reached_submittal reached_interview reached_offer hires time_to_fill time_to_hire offer_acceptance_rate cost_per_hire; do
    grep -q "^$id — " "$tmp/out" || missing="$missing $id"
done
expect_eq "metrics lists every metric" "$missing" ""
grep -q "ANSI/SHRM 06001" "$tmp/out" && ok "metrics names the standard" || not_ok "metrics names the standard"

run_rpo plugins
expect_rc "plugins" 0
grep -q '^source csv ' "$tmp/out" && grep -q '^sink json ' "$tmp/out" && grep -q '^sink console ' "$tmp/out" &&
    ok "plugins lists csv, json, console" || not_ok "plugins lists csv, json, console" "$(head -c 800 "$tmp/out")"
grep -q 'map.<field>' "$tmp/out" && ok "plugins shows config keys from the plugin's table" || not_ok "plugins shows keys"

run_rpo --version
expect_rc "--version" 0
grep -q '^rpo [0-9.]* (plugin ABI 1\.2)$' "$tmp/out" && ok "--version names the ABI" || not_ok "--version" "$(cat "$tmp/out")"
run_rpo --help
expect_rc "--help" 0

finish
