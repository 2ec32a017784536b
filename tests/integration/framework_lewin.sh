#!/bin/sh
# framework_lewin.sh — the lewin framework plugin in the real rpo, on the
# fixture tests/fixtures/frameworks/lewin/ (small enough to check by hand;
# README.md there works the numbers out). The whole assessment the json sink
# writes is compared with expected.py, an independent implementation of
# docs/framework-lewin.md; then the hand-worked numbers one by one; then bad
# data (rejected with its location, the rest assessed) and config errors.
. "$(dirname "$0")/tap.sh"
set -e

fx="$top_srcdir/tests/fixtures/frameworks/lewin"
cp "$fx/surveys.csv" "$fx/lewin.ini" "$tmp/"
j="$tmp/report.json"
run_rpo run -c "$tmp/lewin.ini" --as-of 2025-06-30
expect_rc "run on the lewin fixture" 0
expect_lines "no warnings on clean data" 0

# fw FILTER: a value of the framework's entry, compact.
fw() { jq -c ".frameworks[0] | $1" "$j"; }
fwr() { jq -r ".frameworks[0] | $1" "$j"; } # the same, strings unquoted
# cell GROUP PERIOD FILTER: a value of one assessed group.
cell() { jq -c --arg g "$1" --arg p "$2" ".frameworks[0].groups[] | select(.group == \$g and .period == \$p) | $3" "$j"; }

python3 "$fx/expected.py" 2025-06-30 --config "$tmp/lewin.ini" | jq -S -c . >"$tmp/want.json"
jq -S -c '.frameworks[0]' "$j" >"$tmp/got.json"
if cmp -s "$tmp/want.json" "$tmp/got.json"; then
    ok "the assessment equals the independent computation ($(fw '.groups | length') groups)"
else
    not_ok "the assessment differs from the independent computation" \
        "$(diff "$tmp/want.json" "$tmp/got.json" | head -c 1500)"
fi

# The hand-worked numbers of README.md.
expect_eq "headline" "$(fwr '[.instance, .framework, .instrument, .index_name, .stage_name] | join("|")')" \
    "change|lewin|change_pulse|change index|current stage"
expect_eq "accepted and rejected (the other instrument and the July row are not given)" \
    "$(fw '[.accepted, .rejected]')" "[119,0]"
expect_eq "cells in order: all respondents, then groups; periods, then overall" \
    "$(fwr '[.groups[] | .group + "/" + .period] | join(" ")')" \
    "/2025Q1 /2025Q2 /overall hr/2025Q2 hr/overall legal/overall ops/2025Q1 ops/2025Q2 ops/overall sales/2025Q1 sales/2025Q2 sales/overall"
expect_eq "all respondents overall: n, state, index, stage" \
    "$(cell "" overall '[.n, .state, .index, .stage]')" '[9,"ok",46.6,"change"]'
expect_eq "all respondents overall: stages (n, score, spread, status)" \
    "$(cell "" overall '[.dimensions[] | [.name, .n, .score, .spread, .status]]')" \
    '[["unfreeze",27,3.37,0.88,"done"],["change",27,2.67,0.68,"current stage"],["refreeze",27,2.56,0.7,"ahead"]]'
expect_eq "all respondents overall: forces (first seen) and force field" \
    "$(cell "" overall '[.figures[] | [.table, .name, .value, .n]]')" \
    '[["driving forces","leadership",4.1667,6],["driving forces","tools",3.6667,6],["driving forces","pay",3.25,4],["restraining forces","workload",3.5714,7],["restraining forces","habits",2.8333,6],["restraining forces","fear",2.5,4],["restraining forces","budget",2.8,5],["force field","driving total",11.0833,9],["force field","restraining total",11.7048,9],["force field","net",-0.6214,9]]'
expect_eq "all respondents overall: findings" \
    "$(cell "" overall '[.findings[].finding]')" \
    '["Current stage: change (mean 2.67 below 3)","Restraining force: workload (mean 3.57)","Restraining force: habits (mean 2.83)","Restraining force: budget (mean 2.80)"]'
expect_eq "the stage finding's action" "$(cell "" overall '.findings[0].action')" \
    '"Move: provide the new processes, training and support, and keep communicating while people adopt them."'
expect_eq "a restraining force's action" "$(cell "" overall '.findings[1].action')" \
    '"Weaken this force before pushing harder on the driving forces: reducing resistance moves the equilibrium with less tension (Lewin)."'
expect_eq "ops in 2025Q1 is still unfreezing" \
    "$(cell ops 2025Q1 '[.n, .index, .stage, [.dimensions[].status], .findings[0].finding]')" \
    '[3,33.33,"unfreeze",["current stage","ahead","ahead"],"Current stage: unfreeze (mean 2.33 below 3)"]'
expect_eq "ops in 2025Q2 moved on to change (O4 answered three items)" \
    "$(cell ops 2025Q2 '[.n, .index, .stage, [.dimensions[] | [.n, .score]]]')" \
    '[4,44.05,"change",[[7,3.43],[7,2.43],[7,2.43]]]'
expect_eq "sales in 2025Q1 is in change" \
    "$(cell sales 2025Q1 '[.index, .stage, [.dimensions[].status]]')" \
    '[47.22,"change",["done","current stage","ahead"]]'
expect_eq "sales in 2025Q2 is refrozen: all done, no stage finding" \
    "$(cell sales 2025Q2 '[.index, .stage, [.dimensions[].status], .findings[0].finding]')" \
    '[68.06,"refrozen",["done","done","done"],"Restraining force: budget (mean 2.00)"]'
expect_eq "restraining ties go by name; the fourth force is left out (top_restraining 3)" \
    "$(cell sales 2025Q2 '[.findings[].finding]')" \
    '["Restraining force: budget (mean 2.00)","Restraining force: habits (mean 2.00)","Restraining force: workload (mean 2.00)"]'
expect_eq "sales overall: refreeze (2.92) is the current stage" \
    "$(cell sales overall '[.stage, .dimensions[2].score, .findings[0].action]')" \
    '["refreeze",2.92,"Refreeze: anchor the new ways in structures, rewards, standards and measures so they stick."]'
expect_eq "hr (2 respondents) is below min_n 3: insufficient, no scores" \
    "$(cell hr overall '[.n, .state, .index, .stage, .dimensions, .figures, .findings]')" \
    '[2,"insufficient",null,"",[],[],[]]'
expect_eq "legal is listed in groups but has no responses: insufficient with n 0" \
    "$(cell legal overall '[.n, .state, .index, .dimensions]')" '[0,"insufficient",null,[]]'
cp "$j" "$tmp/clean.json"

# Bad data: rejected with the record's location and field; the run goes on
# and the rest is assessed exactly as before.
cat >>"$tmp/surveys.csv" <<'EOF'
change_pulse,2025-05-12,change.training,7,O1,ops
change_pulse,2025-05-12,awareness,3,O1,ops
change_pulse,2025-05-12,change.training,3,O9,it
change_pulse,2025-05-12,change.training,3,O9,
change_pulse,2025-05-12,restraining.,3,O1,ops
EOF
run_rpo run -c "$tmp/lewin.ini" --as-of 2025-06-30
expect_rc "a run with bad responses goes on" 0
expect_err "a score of 7 is rejected with its location and field" \
    "surveys.csv:123: record rejected: field score: score must be a number from 1 to 5"
expect_err "an unknown item is rejected, naming the items and the item.<name> key" \
    "surveys.csv:124: record rejected: field item: unknown item: expected unfreeze.<indicator>, change.<indicator>, refreeze.<indicator>, driving.<force> or restraining.<force>, or a key item.<name> that maps it"
expect_err "a group outside the groups key is rejected" \
    "surveys.csv:125: record rejected: field group: group not listed in the framework's groups key"
expect_err "a response without a group is rejected when groups is set" \
    "surveys.csv:126: record rejected: field group: response without a group"
expect_err "a force without a name is rejected" "surveys.csv:127: record rejected: field item: unknown item"
expect_eq "accepted and rejected" "$(fw '[.accepted, .rejected]')" "[119,5]"
expect_eq "the rest is assessed as before" \
    "$(jq -S -c '.frameworks[0].groups' "$j")" "$(jq -S -c '.frameworks[0].groups' "$tmp/clean.json")"
python3 "$fx/expected.py" 2025-06-30 --config "$tmp/lewin.ini" | jq -S -c . >"$tmp/want.json"
expect_eq "the independent computation agrees on the bad data" \
    "$(jq -S -c '.frameworks[0]' "$j")" "$(cat "$tmp/want.json")"

# An earlier as-of date: only 2025Q1 is given.
cp "$fx/surveys.csv" "$tmp/"
run_rpo run -c "$tmp/lewin.ini" --as-of 2025-03-31
expect_rc "run as of 2025-03-31" 0
python3 "$fx/expected.py" 2025-03-31 --config "$tmp/lewin.ini" | jq -S -c . >"$tmp/want.json"
expect_eq "as of 2025-03-31: equals the independent computation" \
    "$(jq -S -c '.frameworks[0]' "$j")" "$(cat "$tmp/want.json")"
expect_eq "as of 2025-03-31: all respondents overall is 2025Q1" \
    "$(cell "" overall '[.n, .index, .stage]')" '[6,40.28,"change"]'

# Config errors: one clear line each, naming file:line, section and key.
bad() { # NAME SED-EXPRESSION: a copy of the fixture's config, edited
    sed "$2" "$tmp/lewin.ini" >"$tmp/$1.ini"
    run_rpo validate -c "$tmp/$1.ini"
}
bad threshold 's/^threshold = 3/threshold = high/'
expect_rc "a threshold that is not a number" 78
expect_err "the threshold error names file, line and key, and what is allowed" \
    "threshold.ini:21: [framework.change] threshold: must be a number from 1 to 5, e.g. 3 or 3.5"
bad item 's/^item.unfreeze.urgency = q1/item.awareness = q1/'
expect_rc "an item.<name> key for no Lewin item" 78
expect_err "the item error names the key and the accepted items" \
    "[framework.change] item.awareness: not a Lewin item: name unfreeze.<indicator>"
bad min_n '/^\[framework/,$ s/^min_n = 3/min_n = 0/'
expect_rc "min_n 0" 78
expect_err "the min_n error" "[framework.change] min_n: must be a whole number from 1 to 1000000"
bad key 's/^top_restraining = 3/top_restrain = 3/'
expect_rc "an unknown key" 78
expect_err "the unknown key is named" "top_restrain"

finish
