#!/bin/sh
# framework_7s.sh — the 7s framework plugin (docs/framework-7s.md) on a
# fixture small enough to check by hand (tests/fixtures/frameworks/7s/).
# Every group, dimension, figure and finding the json sink writes is
# compared with what expected.py, an independent implementation of the
# scoring rules, computes from the same CSV; the all-respondents overall
# numbers worked out by hand in the documentation are asserted one by one;
# then bad data, the groups key, other key settings and config errors.
. "$(dirname "$0")/tap.sh"
set -e

fx="$top_srcdir/tests/fixtures/frameworks/7s"
cp "$fx/surveys.csv" "$fx/7s.ini" "$tmp/"
j="$tmp/report.json"
asof=2025-06-30

# compare DESC CONFIG: the report's lines equal expected.py's for CONFIG.
compare() {
    python3 "$fx/expected.py" "$asof" --config "$2" >"$tmp/want.tsv"
    python3 "$fx/expected.py" --report "$j" >"$tmp/got.tsv"
    if [ ! -s "$tmp/want.tsv" ]; then
        not_ok "$1: expected.py printed nothing"
    elif cmp -s "$tmp/want.tsv" "$tmp/got.tsv"; then
        ok "$1 ($(wc -l <"$tmp/want.tsv") lines)"
    else
        not_ok "$1" "$(diff "$tmp/want.tsv" "$tmp/got.tsv" | head -20)"
    fi
}
# fw JQ: a value of the report's first framework, compact.
fw() { jq -c ".frameworks[0] | $1" "$j"; }
# cell GROUP PERIOD JQ: a value of one group's assessment.
cell() { jq -c --arg g "$1" --arg p "$2" ".frameworks[0].groups[] | select(.group == \$g and .period == \$p) | $3" "$j"; }

run_rpo run -c "$tmp/7s.ini" --as-of "$asof"
expect_rc "run on the 7-S fixture" 0
compare "every group, dimension, figure and finding equals the independent computation" "$tmp/7s.ini"

# The hand-worked numbers of docs/framework-7s.md (all respondents, overall).
expect_eq "headline" "$(fw '[.framework, .instrument, .index_name, .stage_name]')" \
    '["7s","org_7s","alignment index","weakest pair"]'
expect_eq "12 response sets x 14 items accepted; other instrument and after as-of not read" \
    "$(fw '[.accepted, .rejected]')" '[168,0]'
expect_eq "cells: all respondents first, periods in order, overall last" \
    "$(fw '[.groups[] | .group + "/" + .period + "/" + (.n|tostring) + "/" + .state] | join(" ")')" \
    '"/2025Q1/7/ok /2025Q2/5/ok /overall/7/ok ops/2025Q1/3/ok ops/2025Q2/3/ok ops/overall/3/ok sales/2025Q1/4/ok sales/2025Q2/2/insufficient sales/overall/4/ok"'
expect_eq "overall: index 343/16 / 27 x 100 and the weakest pair" "$(cell "" overall '[.index, .stage]')" \
    '[79.4,"shared_values–skills"]'
expect_eq "overall: elements now (mean, SD, answers) and gap status" \
    "$(cell "" overall '[.dimensions[] | [.name, .n, .score, .spread, .status]]')" \
    '[["strategy",12,3.75,0.45,"gap 0.50"],["structure",12,3.25,0.45,"gap 0.50"],["systems",12,2.75,0.62,"gap 0.75"],["shared_values",12,2.25,0.62,"gap 1.75"],["style",12,3,0.43,"gap 0.75"],["staff",12,3.5,0.52,"gap 0.25"],["skills",12,4,0.43,"gap 0.25"]]'
expect_eq "overall: targets" "$(cell "" overall '[.figures[] | select(.table == "target") | .value]')" \
    '[4.25,3.75,3.5,4,3.75,3.75,4.25]'
expect_eq "overall: gaps" "$(cell "" overall '[.figures[] | select(.table == "gap") | .value]')" \
    '[0.5,0.5,0.75,1.75,0.75,0.25,0.25]'
expect_eq "overall: the 21 pairs in element order" \
    "$(cell "" overall '[.figures[] | select(.table == "pair alignment") | .value]')" \
    '[0.875,0.75,0.625,0.8125,0.9375,0.9375,0.875,0.75,0.9375,0.9375,0.8125,0.875,0.9375,0.8125,0.6875,0.8125,0.6875,0.5625,0.875,0.75,0.875]'
expect_eq "overall: pair names with an en dash, n the smaller answer count" \
    "$(cell "" overall '[.figures[] | select(.table == "pair alignment")][2] | [.name, .n]')" \
    '["strategy–shared_values",12]'
expect_eq "overall: hard (3.25 - 1) / 4 x 100 and soft (3.1875 - 1) / 4 x 100" \
    "$(cell "" overall '[.figures[] | select(.table == "sub-indices") | [.name, .value, .n]]')" \
    '[["hard",56.25,12],["soft",54.6875,12]]'
expect_eq "overall: the three weakest (the tie at 0.6875 goes to the heavier shared-values pair), then the largest gap" \
    "$(cell "" overall '[.findings[].finding]')" \
    '["Weak alignment: shared_values–skills (0.56)","Weak alignment: strategy–shared_values (0.63)","Weak alignment: shared_values–staff (0.69)","Largest gap: shared_values (now 2.25, target 4.00)"]'
expect_eq "findings carry their actions" "$(cell "" overall '[.findings[0].action, .findings[3].action]')" \
    '["Bring shared_values and skills into line: agree which must change, then plan the change of the other elements it touches, shared values first.","Close the gap on shared_values first: the elements aligned to it are held back by it."]'
expect_eq "a group below min_n is insufficient with n and no scores" \
    "$(cell sales 2025Q2 '[.n, .state, .index, .stage, (.dimensions|length), (.figures|length), (.findings|length)]')" \
    '[2,"insufficient",null,"",0,0,0]'
expect_eq "sales 2025Q1: the largest gap ties systems and shared_values at 1.25; element order wins" \
    "$(cell sales 2025Q1 '.findings[3].finding')" '"Largest gap: systems (now 2.25, target 3.50)"'
expect_eq "a response of the same respondent in two periods counts once overall" \
    "$(cell ops overall '[.n, .dimensions[0].n]')" '[3,6]'

# Bad data: rejected with the record's location and field; the rest is
# assessed exactly as before.
cp "$tmp/got.tsv" "$tmp/clean.tsv"
printf '%s\n' "org_7s,2025-05-20,strategy.now,7,A1,ops," "org_7s,2025-05-20,vision.now,3,A1,ops," \
    "org_7s,2025-05-20,strategy.now,0.5,A2,ops," >>"$tmp/surveys.csv"
run_rpo run -c "$tmp/7s.ini" --as-of "$asof"
expect_rc "bad responses do not stop the run" 0
expect_err "a score of 7 is rejected with its line and field" \
    "surveys.csv:172: record rejected: field score: out of range: 7-S items take scores from 1 to 5"
expect_err "an unknown item is rejected with its line and field, naming the items and item.<name>" \
    "surveys.csv:173: record rejected: field item: not a 7-S item: expected <element>.now or <element>.target"
expect_err "a score below 1 is rejected" "surveys.csv:174: record rejected: field score:"
expect_eq "three responses rejected, the rest accepted" "$(fw '[.accepted, .rejected]')" '[168,3]'
python3 "$fx/expected.py" --report "$j" | tail -n +2 >"$tmp/bad.tsv"
tail -n +2 "$tmp/clean.tsv" >"$tmp/clean_body.tsv"
if cmp -s "$tmp/clean_body.tsv" "$tmp/bad.tsv"; then
    ok "the rest is assessed as without the bad rows"
else
    not_ok "the rest is assessed as without the bad rows" "$(diff "$tmp/clean_body.tsv" "$tmp/bad.tsv" | head)"
fi
cp "$fx/surveys.csv" "$tmp/"

# The groups key: other groups are rejected, a listed group without
# responses is insufficient with n 0; with equal weights and two findings.
sed 's/^plugin = 7s$/&\ngroups = ops, hr\nshared_values_weight = 1\nweakest = 2/' "$tmp/7s.ini" >"$tmp/groups.ini"
run_rpo run -c "$tmp/groups.ini" --as-of "$asof"
expect_rc "run with groups, shared_values_weight and weakest" 0
compare "with those keys, everything equals the independent computation" "$tmp/groups.ini"
expect_err "a response of an unlisted group is rejected" \
    "surveys.csv:44: record rejected: field group: its group is not in the framework's groups list"
expect_eq "ops' 84 responses accepted, sales' 84 rejected" "$(fw '[.accepted, .rejected]')" '[84,84]'
expect_eq "a listed group without responses is insufficient with n 0" \
    "$(cell hr overall '[.n, .state, .index, (.dimensions|length)]')" '[0,"insufficient",null,0]'
expect_eq "only all respondents, ops and hr are reported" \
    "$(fw '[.groups[] | .group] | unique')" '["","hr","ops"]'
expect_eq "weakest = 2: two pairs, then the gap" "$(cell ops overall '.findings | length')" 3

# A lower min_n, a heavier weight and no weak-pair findings.
sed -e 's/^plugin = 7s$/&\nshared_values_weight = 3.5\nweakest = 0/' \
    -e '/^\[framework/,$ s/^min_n = 3$/min_n = 2/' "$tmp/7s.ini" >"$tmp/keys.ini"
run_rpo run -c "$tmp/keys.ini" --as-of "$asof"
expect_rc "run with min_n = 2, shared_values_weight = 3.5, weakest = 0" 0
compare "with those keys, everything equals the independent computation" "$tmp/keys.ini"
expect_eq "min_n = 2: sales 2025Q2 is assessed" "$(cell sales 2025Q2 '[.n, .state]')" '[2,"ok"]'
expect_eq "weakest = 0: only the largest gap" "$(cell "" overall '[.findings[].finding]')" \
    '["Largest gap: shared_values (now 2.25, target 4.00)"]'

# A response without a group is rejected when groups are listed.
sed 's/^plugin = 7s$/&\ngroups = sales,ops/' "$tmp/7s.ini" >"$tmp/both.ini"
printf '%s\n' "org_7s,2025-05-20,strategy.now,3,C1,," >>"$tmp/surveys.csv"
run_rpo run -c "$tmp/both.ini" --as-of "$asof"
expect_eq "every group listed: only the response without a group is rejected" \
    "$(fw '[.accepted, .rejected]')" '[168,1]'
expect_err "a response without a group is rejected when groups are listed" \
    "surveys.csv:172: record rejected: field group: it has no group, and the framework's groups key lists the groups"
cp "$fx/surveys.csv" "$tmp/"

# Configuration errors: one clear line each, naming file:line and key.
bad() { # NAME LINE: a copy of the fixture with LINE added to [framework.alignment]
    sed "s/^plugin = 7s\$/&\n$2/" "$tmp/7s.ini" >"$tmp/$1.ini"
    run_rpo validate -c "$tmp/$1.ini"
}
bad item 'item.vision.now = v1'
expect_rc "an item.<name> for no 7-S item" 78
expect_err "it names the key and the elements" \
    "[framework.alignment] item.vision.now: unknown 7-S item 'vision.now'; expected <element>.now or <element>.target"
bad dup 'item.style.now = values_now'
expect_rc "two items mapped from one survey item" 78
expect_err "the second mapping is named" "item.shared_values.now: survey item 'values_now' is already item.style.now"
bad weight 'shared_values_weight = heavy'
expect_rc "a shared_values_weight that is no number" 78
expect_err "shared_values_weight error" "shared_values_weight: must be a number greater than 0 (e.g. 2), not \"heavy\""
bad zero 'shared_values_weight = 0'
expect_rc "a shared_values_weight of 0" 78
bad weakest 'weakest = 22'
expect_rc "weakest beyond the 21 pairs" 78
expect_err "weakest error" "weakest: must be from 0 to 21 (the pairs), not 22"
sed '/^\[framework/,$ s/^min_n = 3$/min_n = 0/' "$tmp/7s.ini" >"$tmp/minn.ini"
run_rpo validate -c "$tmp/minn.ini"
expect_rc "min_n of 0" 78
expect_err "min_n error" "min_n: must be 1 or more, not 0"
bad typo 'weakes = 2'
expect_rc "an unknown key" 78
expect_err "the engine suggests the nearest key" "unknown key; did you mean 'weakest'?"
finish
