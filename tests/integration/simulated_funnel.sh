#!/bin/sh
# simulated_funnel.sh — a foreign export (0/1 stage flags, no stage dates)
# mapped with map./flag. keys. The totals were counted independently with awk
# over the CSV (see shared/data/recruiting/README.md): 2500 applications,
# 1808 screened, 931 interviewed, 297 offers, 234 hires.
. "$(dirname "$0")/tap.sh"
set -e

data="${RPO_SHARED_DATA:-}/recruiting/simulated_funnel_data.csv"
if [ ! -r "$data" ]; then
    skip "simulated funnel totals" "shared/data not beside the source tree"
    finish
    exit 0
fi
# The repository's config, pointed at the data wherever it is and given a JSON sink.
sed -e "s|^file = .*|file = $data|" -e 's|^plugin = console|plugin = json\nfile = funnel.json|' \
    "$top_srcdir/conf/simulated_funnel.ini" >"$tmp/funnel.ini"
run_rpo run -c "$tmp/funnel.ini" --as-of 2024-12-31
expect_rc "run on the simulated funnel" 0
j="$tmp/funnel.json"
expect_eq "funnel totals" \
    "$(jv "$j" applications overall value) $(jv "$j" reached_screening overall value) $(jv "$j" reached_interview overall value) $(jv "$j" reached_offer overall value) $(jv "$j" hires overall value)" \
    "2500 1808 931 297 234"
expect_eq "undated hires are flagged" "$(jq -r '.data_quality.flags[] | select(.code == "hire_without_date") | .count' "$j")" 234
expect_eq "no row rejected" "$(jq -r '.data_quality.sources[0].rejected' "$j")" 0
# Per quarter, by application date, counted independently with awk.
want=$(awk -F, 'NR > 1 && substr($6, 6, 2) <= "03" {n++} END {print n}' "$data")
expect_eq "2024Q1 applications" "$(jv "$j" applications 2024Q1 value)" "$want"
expect_eq "time to hire is empty without dates" "$(jv "$j" time_to_hire overall state)" empty
finish
