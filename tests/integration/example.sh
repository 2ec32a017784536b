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
# The scorecard: statuses, incentive, achievements, alignment.
expect_eq "key metrics first, with targets and statuses" \
    "$(jq -r '[.metrics[0:3][] | .id + ":" + .values.overall.status] | join(" ")' "$j")" \
    "time_to_fill:near cost_per_hire:missed quality_of_hire:met"
expect_eq "an incentive table per quarter" "$(jq -r '.incentive.periods | length' "$j")" 9
expect_eq "milestones among the achievements" \
    "$(jq -r '[.achievements[] | select(.kind == "milestone") | .value] | join(" ")' "$j")" "50 100 200"
expect_eq "goal alignment links, lag 0 and 1" "$(jq -r '.goals[0].links | length' "$j")" 16
for w in "Incentive" "Achievements" "Goal alignment: retention" "Framework: readiness (adkar"; do
    grep -qF "$w" "$tmp/out" && ok "console shows: $w" || not_ok "console lacks: $w"
done

# ADKAR on the stakeholder survey: element means checked with awk.
mean() { # INSTRUMENT ITEM: mean score of the survey rows, 2 decimals half up
    awk -F, -v i="$1" -v it="$2" '$1 == i && $3 == it && $2 <= "2025-12-31" {s += $4; n++}
        END {printf "%.2f\n", int(s * 100 / n + 0.5) / 100}' "$tmp/conf/example/surveys.csv"
}
fw() { # INSTANCE GROUP PERIOD DIMENSION: a dimension's score from the report
    jq -r --arg i "$1" --arg g "$2" --arg p "$3" --arg d "$4" '.frameworks[] | select(.instance == $i)
        | .groups[] | select(.group == $g and .period == $p) | .dimensions[]
        | select(.name == $d) | .score * 100 | round / 100' "$5" | awk '{printf "%.2f\n", $1}'
}
expect_eq "ADKAR awareness, all respondents overall" "$(fw readiness '' overall awareness "$j")" \
    "$(mean adkar awareness)"
expect_eq "ADKAR reinforcement, all respondents overall" "$(fw readiness '' overall reinforcement "$j")" \
    "$(mean adkar reinforcement)"
expect_eq "ADKAR barrier point overall is reinforcement (the only element mean at or below 3)" \
    "$(jq -r '.frameworks[0].groups[] | select(.group == "" and .period == "overall") | .stage' "$j")" \
    reinforcement
cp "$j" "$tmp/first.json"
run_rpo run -c "$tmp/conf/example.ini" --as-of 2025-12-31
cmp -s "$j" "$tmp/first.json" && ok "the example run is reproducible" || not_ok "the example run is reproducible"

# The same client switched to Lewin and 7-S: only the framework sections differ.
cp "$top_srcdir/conf/example-lewin-7s.ini" "$tmp/conf/"
run_rpo run -c "$tmp/conf/example-lewin-7s.ini" --as-of 2025-12-31
expect_rc "the Lewin and 7-S example runs" 0
k="$tmp/conf/example-lewin-7s-report.json"
expect_eq "frameworks lewin and 7s" "$(jq -r '[.frameworks[].framework] | join(" ")' "$k")" "lewin 7s"
unfreeze=$(awk -F, '$1 == "lewin" && $3 ~ /^unfreeze\./ && $2 <= "2025-12-31" {s += $4; n++}
    END {printf "%.2f\n", int(s * 100 / n + 0.5) / 100}' "$tmp/conf/example/surveys.csv")
expect_eq "Lewin unfreeze, all respondents overall" "$(fw stages '' overall unfreeze "$k")" "$unfreeze"
expect_eq "7-S strategy now, all respondents overall" "$(fw alignment '' overall strategy "$k")" \
    "$(mean 7s strategy.now)"
grep -qF "Framework: alignment (7s" "$tmp/out" && ok "console shows the 7-S assessment" || not_ok "console lacks 7-S"
diff "$top_srcdir/conf/example.ini" "$top_srcdir/conf/example-lewin-7s.ini" | grep '^[<>] plugin = ' >"$tmp/switch"
expect_eq "the switch is the plugin lines of the framework sections" "$(cat "$tmp/switch" | tr '\n' ' ')" \
    "< plugin = adkar > plugin = lewin > plugin = 7s "
finish
