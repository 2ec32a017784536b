#!/bin/sh
# rest_greenhouse.sh — the rest source's greenhouse preset against the fake
# Harvest API: every endpoint over several pages, the metrics equal to those
# of the same engagement as CSV, the requests the server saw (auth, page
# sizes, Link pages), and the token nowhere in the output.
. "$(dirname "$0")/tap.sh"
. "$top_srcdir/tests/rest/rest_lib.sh"
set -e
start_ats

mkdir "$tmp/gh" "$tmp/csv"
greenhouse_config "$tmp/gh/rpo.ini"
cp "$tmp/token" "$tmp/gh/token"
csv_config "$tmp/csv/rpo.ini"
ln -s "$fx" "$tmp/csv/fx"

run_rpo validate -c "$tmp/gh/rpo.ini"
expect_rc "rpo validate accepts the greenhouse config" 0
run_rpo run -c "$tmp/gh/rpo.ini" --as-of 2024-12-31
expect_rc "a run over the fake Greenhouse" 0
cp "$tmp/err" "$tmp/gh.err"
run_rpo run -c "$tmp/csv/rpo.ini" --as-of 2024-12-31
expect_rc "a run over the same data as CSV" 0

metrics "$tmp/gh/report.json" >"$tmp/gh.metrics"
metrics "$tmp/csv/report.json" >"$tmp/csv.metrics"
if diff -u "$tmp/csv.metrics" "$tmp/gh.metrics" >"$tmp/diff"; then
    ok "Greenhouse and CSV give identical metrics"
else
    not_ok "Greenhouse and CSV give identical metrics" "$(head -40 "$tmp/diff")"
fi
# Not vacuous: the report has hires, offers and fills in it.
expect_eq "hires in 2024Q1 (from the truth: $(jq '[.applications[] | select(.offer.status == "accepted" and (.offer.resolved | startswith("2024-0")) and ((.offer.resolved[5:7] | tonumber) <= 3))] | length' "$fx/truth.json"))" \
    "$(jv "$tmp/gh/report.json" hires 2024Q1 value)" \
    "$(jq '[.applications[] | select(.offer.status == "accepted" and (.offer.resolved | startswith("2024-0")) and ((.offer.resolved[5:7] | tonumber) <= 3))] | length' "$fx/truth.json")"
expect_eq "no record rejected" "$(grep -c 'rejected' "$tmp/gh.err" || true)" 0

# What the server saw: every request authenticated, several pages per list,
# the page size asked for, and pages followed through the Link header.
expect_eq "every request carried the right credentials" "$(requests '.auth == false' | wc -l)" 0
expect_eq "jobs read in 3 pages of 5 (12 jobs)" \
    "$(requests '.path == "/v1/jobs" and .query.per_page == ["5"]' | jq -r '.query.page[0] // "1"' | sort | tr '\n' ' ')" "1 2 3 "
expect_eq "applications read in 6 pages of 7 (42 incl. prospects)" \
    "$(requests '.path == "/v1/applications"' | wc -l)" 6
expect_eq "no request failed" "$(requests '.status != 200' | wc -l)" 0
expect_eq "hires ask for the largest page (500)" \
    "$(requests '.path == "/v1/offers" and .query.per_page == ["500"]' | wc -l)" 1

# The token appears nowhere: not in stderr, the report, or the configs' output.
leak=0
grep -qF "$token" "$tmp/gh.err" "$tmp/gh/report.json" && leak=1
expect_eq "the token is not in stderr or the report" "$leak" 0

# A per_page above Greenhouse's limit is a config error, before any request.
sed -i 's/^per_page = 5$/per_page = 501/' "$tmp/gh/rpo.ini"
run_rpo validate -c "$tmp/gh/rpo.ini"
expect_rc "per_page = 501 is refused" 78
expect_err "the message names the limit" "greenhouse takes 1 to 500 items per page"

# The example config validates (the token from a systemd credential).
mkdir "$tmp/creds"
printf '%s\n' "$token" >"$tmp/creds/greenhouse-token"
chmod 600 "$tmp/creds/greenhouse-token"
cp "$top_srcdir/conf/example-greenhouse.ini" "$tmp/example.ini"
CREDENTIALS_DIRECTORY="$tmp/creds"
export CREDENTIALS_DIRECTORY
run_rpo validate -c "$tmp/example.ini"
expect_rc "conf/example-greenhouse.ini validates" 0
unset CREDENTIALS_DIRECTORY
run_rpo validate -c "$tmp/example.ini"
expect_rc "without the credential it does not" 78
expect_err "the message names the key and the reference" "token: "
if grep -qF "$token" "$tmp/err"; then not_ok "the token is not printed"; else ok "the token is not printed"; fi
finish
