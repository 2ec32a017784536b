#!/bin/sh
# registry.sh — the metric registry on a fixture small enough to check by
# hand (tests/fixtures/registry/). Every value, segment, status, incentive
# line, achievement and correlation the json sink writes is compared with
# what expected.py, an independent implementation of docs/metrics.md,
# computes from the same CSV files; then the registry's config errors.
. "$(dirname "$0")/tap.sh"
set -e

fx="$top_srcdir/tests/fixtures/registry"
cp "$fx"/*.csv "$fx/registry.ini" "$tmp/"
run_rpo run -c "$tmp/registry.ini" --as-of 2025-11-15
expect_rc "run on the registry fixture" 0
python3 "$fx/report_tsv.py" "$tmp/report.json" >"$tmp/got.tsv"
python3 "$fx/expected.py" 2025-11-15 --config "$tmp/registry.ini" >"$tmp/want.tsv"
for kind in value incentive incentive_total achievement alignment; do
    grep "^$kind	" "$tmp/want.tsv" >"$tmp/want.$kind" || true
    grep "^$kind	" "$tmp/got.tsv" >"$tmp/got.$kind" || true
    if [ ! -s "$tmp/want.$kind" ]; then
        not_ok "$kind lines: expected.py printed none"
    elif cmp -s "$tmp/want.$kind" "$tmp/got.$kind"; then
        ok "$kind lines equal the independent computation ($(wc -l <"$tmp/want.$kind") lines)"
    else
        not_ok "$kind lines differ from the independent computation" \
            "$(diff "$tmp/want.$kind" "$tmp/got.$kind" | head -20)"
    fi
done
# Earlier as-of dates: what is dated later is not known yet (a fill date, a
# risk's closing, an acceptance), and both implementations must agree.
for d in 2025-02-15 2025-06-30 2025-09-30; do
    run_rpo run -c "$tmp/registry.ini" --as-of "$d"
    python3 "$fx/report_tsv.py" "$tmp/report.json" >"$tmp/got.$d"
    python3 "$fx/expected.py" "$d" --config "$tmp/registry.ini" >"$tmp/want.$d"
    if [ "$rc" -eq 0 ] && cmp -s "$tmp/want.$d" "$tmp/got.$d"; then
        ok "as of $d: every line equals the independent computation ($(wc -l <"$tmp/want.$d") lines)"
    else
        not_ok "as of $d: lines differ (exit $rc)" "$(diff "$tmp/want.$d" "$tmp/got.$d" | head -10)"
    fi
done
# The risk log as it stood on each date (risk_log.py works it out from the CSV).
for d in 2025-02-15 2025-06-30 2025-09-30 2025-11-15; do
    run_rpo run -c "$tmp/registry.ini" --as-of "$d"
    python3 "$fx/risk_log.py" "$tmp/risks.csv" "$d" >"$tmp/want.risks"
    jq -r '.risks[] | [.id, .severity, .status, .raised_at, (.closed_at // ""), .open, .new] | @tsv' \
        "$tmp/report.json" >"$tmp/got.risks"
    if [ "$rc" -eq 0 ] && [ -s "$tmp/want.risks" ] && cmp -s "$tmp/want.risks" "$tmp/got.risks"; then
        ok "as of $d: the risk log ($(wc -l <"$tmp/want.risks") risks)"
    else
        not_ok "as of $d: the risk log differs (exit $rc)" "$(diff "$tmp/want.risks" "$tmp/got.risks")"
    fi
done

# A few numbers a reader can check against README.md's hand-worked ones.
j="$tmp/report.json"
expect_eq "time to fill overall (median, mean, p90)" \
    "$(jv "$j" time_to_fill overall value) $(jv "$j" time_to_fill overall mean) $(jv "$j" time_to_fill overall p90)" \
    "42 46.33 59.8"
expect_eq "cost per hire of a quarter with costs and no hires is insufficient" \
    "$(jv "$j" cost_per_hire 2025Q4 state)" insufficient
# The edge cases README.md lists, spelled out (they are in the diff above too).
expect_eq "a hire accepted before its requisition opened is flagged, not counted in time to fill" \
    "$(jq -r '.data_quality.flags[] | select(.code == "negative_time_to_fill") | .count' "$j")" 1
expect_eq "critical positions: time to fill of 39 and 60 days" \
    "$(jv "$j" time_to_fill_critical overall value)" 49.5
expect_eq "a quarter of declined offers only" "$(jv "$j" offer_acceptance_rate 2025Q4 value)" 0
expect_eq "a hire without first-year pay makes the cost ratio insufficient" \
    "$(jv "$j" recruiting_cost_ratio 2025Q2 state)" insufficient
expect_eq "a custom metric dividing by zero is empty" "$(jv "$j" hires_per_opened 2025Q4 state)" empty
expect_eq "key metrics come first" \
    "$(jq -r '[.metrics[0:3][].id] | join(" ")' "$j")" "time_to_fill cost_per_hire quality_of_hire"

# Metrics a plugin adds through the SDK: a formula and a compute() callback.
cp "$tmp/registry.ini" "$tmp/plugin.ini"
sed -i "s|^name = Registry fixture|&\nplugin_path = $RPO_TEST_PLUGINS|" "$tmp/plugin.ini"
printf '[sink.demo]\nplugin = metrics\n[metric.demo_offers_per_hire]\ntarget = 3\n' >>"$tmp/plugin.ini"
run_rpo run -c "$tmp/plugin.ini" --as-of 2025-11-15
expect_rc "run with a plugin that adds metrics" 0
# hires / applications overall: 13 / 39 = 0.33; offers / hires + 1: 19 / 13 + 1 = 2.46.
expect_eq "plugin formula metric" "$(jv "$j" demo_hires_per_application overall value)" 0.33
expect_eq "plugin compute metric, its status and origin" \
    "$(jv "$j" demo_offers_per_hire overall value) $(jv "$j" demo_offers_per_hire overall status) $(jq -r '.metrics[] | select(.id == "demo_offers_per_hire") | .origin' "$j")" \
    "2.46 met plugin metrics"
expect_eq "a formula supports the segments of its inputs" \
    "$(jq -r '.metrics[] | select(.id == "demo_hires_per_application") | .dimensions | join(",")' "$j")" \
    "department,location,level,source,recruiter,hiring_manager,owner"

# Every metric of the catalogue is in the man page, with its definition.
missing=""
for id in $("$RPO_BIN" metrics | grep -E '^[a-z0-9_]+ — ' | cut -d' ' -f1); do
    grep -qx ".B $id" "$top_srcdir/man/rpo.1" || missing="$missing $id"
done
expect_eq "rpo metrics and the man page list the same metrics" "$missing" ""

# Config errors: one clear line each, naming file:line and key.
bad() { # NAME SECTION-TEXT: a copy of the fixture with SECTION-TEXT appended
    cp "$tmp/registry.ini" "$tmp/$1.ini"
    printf '%s\n' "$2" >>"$tmp/$1.ini"
    run_rpo validate -c "$tmp/$1.ini"
}
bad formula "[metric.bad_formula]
formula = hires / * 2"
expect_rc "formula syntax error" 78
expect_err "formula error names the column" "[metric.bad_formula] formula: column 9: "
bad cycle "[metric.loop_a]
formula = loop_b + 1
[metric.loop_b]
formula = loop_a * 2"
expect_rc "formulas in a cycle" 78
expect_err "cycle is named" "cycle: loop_a → loop_b → loop_a"
bad unknown "[metric.bad_name]
formula = hirez / 2"
expect_err "unknown formula name" "'hirez' is not a metric"
bad typo "[metric.time_to_fil]
target = 3"
expect_err "unknown metric suggests the nearest" "unknown metric 'time_to_fil'; did you mean 'time_to_fill'?"
bad notarget "[metric.applications]
target = 3"
expect_err "target on a metric without direction" "no better direction"
bad segtarget "[metric.risks_open]
target.department.Sales = 3"
expect_err "segment target on an unsupported dimension" "this metric has no 'department' segments"
finish
