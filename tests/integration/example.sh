#!/bin/sh
# example.sh — the example engagement: the generator reproduces the committed
# data byte for byte, and the run's counts match counts taken with awk.
. "$(dirname "$0")/tap.sh"
set -e

gen="${top_builddir:?}/bench/rpo-gen"
"$gen" --out "$tmp/gen" >/dev/null
same=1
for f in "$top_srcdir"/conf/example/*.csv; do
    cmp -s "$f" "$tmp/gen/$(basename "$f")" || { same=0; echo "# differs: $(basename "$f")"; }
done
[ "$same" -eq 1 ] && ok "rpo-gen reproduces conf/example byte for byte" || not_ok "rpo-gen reproduces conf/example"

mkdir "$tmp/conf"
cp -r "$top_srcdir/conf/example" "$top_srcdir/conf/example.ini" "$tmp/conf/"
chmod -R u+w "$tmp/conf"
run_rpo run -c "$tmp/conf/example.ini" --as-of 2025-12-31
expect_rc "the example engagement runs" 0
j="$tmp/conf/example-report.json"
expect_eq "no record of the example is rejected" "$(jq -r '[.data_quality.sources[].rejected] | add' "$j")" 0
apps=$(awk 'END {print NR - 1}' "$tmp/conf/example/applications.csv")
expect_eq "applications overall = rows of applications.csv" "$(jv "$j" applications overall value)" "$apps"
col=$(head -1 "$tmp/conf/example/applications.csv" | tr ',' '\n' | grep -n '^offer_accepted_at$' | cut -d: -f1)
hires=$(awk -F, -v c="$col" 'NR > 1 && $c != "" && $c <= "2025-12-31" {n++} END {print n + 0}' "$tmp/conf/example/applications.csv")
expect_eq "hires overall = rows with an acceptance date" "$(jv "$j" hires overall value)" "$hires"
expect_eq "2023Q4 (requisitions opened before the first application), eight quarters and overall" "$(jq -r '.periods | length' "$j")" 10
grep -q 'Time to fill' "$tmp/out" && ok "the console scorecard is printed" || not_ok "console scorecard"
cp "$j" "$tmp/first.json"
run_rpo run -c "$tmp/conf/example.ini" --as-of 2025-12-31
cmp -s "$j" "$tmp/first.json" && ok "the example run is reproducible" || not_ok "the example run is reproducible"
finish
