#!/bin/sh
# framework_adkar.sh — the ADKAR framework plugin on the fixture of
# tests/fixtures/frameworks/adkar/ (worked by hand in its README.md): the
# whole assessment the json sink writes is compared with expected.py, an
# independent implementation of docs/framework-adkar.md, and the hand-worked
# numbers are asserted one by one; then bad data, the groups key, an earlier
# as-of date, and config errors.
. "$(dirname "$0")/tap.sh"
set -e

fx="$top_srcdir/tests/fixtures/frameworks/adkar"
cp "$fx/surveys.csv" "$fx/adkar.ini" "$tmp/"
j="$tmp/report.json"

# same_as_expected DESC AS_OF: the frameworks array equals expected.py's.
same_as_expected() {
    python3 "$fx/expected.py" "$2" --config "$tmp/adkar.ini" | jq -S . >"$tmp/want.json"
    jq -S .frameworks "$j" >"$tmp/got.json"
    if cmp -s "$tmp/want.json" "$tmp/got.json"; then
        ok "$1"
    else
        not_ok "$1" "$(diff "$tmp/want.json" "$tmp/got.json" | head -20)"
    fi
}
# g GROUP PERIOD FILTER: a jq FILTER on one assessed group of the report.
g() { jq -c --arg g "$1" --arg p "$2" ".frameworks[0].groups[] | select(.group == \$g and .period == \$p) | $3" "$j"; }
# dims GROUP PERIOD: "name n score spread status" of each element, ;-separated.
dims() { g "$1" "$2" '[.dimensions[] | "\(.name) \(.n) \(.score) \(.spread) \(.status)"] | join(";")' | tr -d '"'; }
# figs GROUP PERIOD TABLE: "name=value/n" of the table's rows.
figs() { g "$1" "$2" "[.figures[] | select(.table == \"$3\") | \"\(.name)=\(.value)/\(.n)\"] | join(\" \")" | tr -d '"'; }
# finds GROUP PERIOD: the findings, |-separated.
finds() { g "$1" "$2" '[.findings[].finding] | join("|")' | tr -d '"'; }

run_rpo run -c "$tmp/adkar.ini" --as-of 2025-09-30
expect_rc "run on the ADKAR fixture" 0
expect_err "a score out of the scale is rejected with its location" \
    "surveys.csv:59: record rejected: field score: score outside the ADKAR scale 1-5"
expect_err "an unknown item is rejected with its location and the items expected" \
    "surveys.csv:77: record rejected: field item: not an ADKAR item; expected awareness, desire, knowledge, ability or reinforce (reinforcement); map the instrument's items with item.<element>"
expect_lines "nothing else is logged" 2
same_as_expected "the assessment equals the independent computation (as of 2025-09-30)" 2025-09-30

# The numbers README.md works out by hand.
expect_eq "instance, instrument, headline, accepted and rejected responses" \
    "$(jq -c '.frameworks[0] | [.instance, .framework, .instrument, .index_name, .stage_name, .accepted, .rejected]' "$j")" \
    '["readiness","adkar","adkar_pulse","readiness index","barrier point",85,2]'
expect_eq "cells: all respondents first, then groups; periods in order, overall last" \
    "$(jq -r '[.frameworks[0].groups[] | "\(.group)/\(.period)/\(.n)/\(.state)"] | join(" ")' "$j")" \
    "/2025Q2/7/ok /2025Q3/13/ok /overall/14/ok executives/2025Q3/2/insufficient executives/overall/2/insufficient hiring_managers/2025Q2/3/ok hiring_managers/2025Q3/4/ok hiring_managers/overall/4/ok recruiters/2025Q2/4/ok recruiters/2025Q3/6/ok recruiters/overall/7/ok"

expect_eq "hiring managers 2025Q2: desire at the threshold (3) is the barrier point" \
    "$(g hiring_managers 2025Q2 '[.index, .stage]')" '[65,"desire"]'
expect_eq "hiring managers 2025Q2 elements" "$(dims hiring_managers 2025Q2)" \
    "awareness 3 4.33 0.58 ok;desire 3 3 1 barrier;knowledge 3 3.67 0.58 ok;ability 3 3.33 0.58 ok;reinforcement 3 3.67 0.58 ok"
expect_eq "hiring managers 2025Q2 barrier points (H01, H03 desire; H02 knowledge)" \
    "$(figs hiring_managers 2025Q2 'barrier points')" \
    "awareness=0/3 desire=2/3 knowledge=1/3 ability=0/3 reinforcement=0/3 none=0/3"
expect_eq "hiring managers 2025Q2 findings" "$(finds hiring_managers 2025Q2)" \
    "Barrier point: desire (mean 3.00 at or below 3)|Most common individual barrier: desire (2 of 3 respondents)"
expect_eq "the barrier's action" \
    "$(g hiring_managers 2025Q2 '.findings[0].action')" \
    '"Build desire: engage sponsors and people managers, address what is in it for each person, and manage resistance."'

expect_eq "hiring managers 2025Q3: H04 answered two elements (incomplete)" \
    "$(g hiring_managers 2025Q3 '[.n, .index, .stage]')" '[4,61.67,"desire"]'
expect_eq "hiring managers 2025Q3 elements: ability after the barrier is at or below the threshold" \
    "$(dims hiring_managers 2025Q3)" \
    "awareness 4 4.25 0.5 ok;desire 4 2.75 0.96 barrier;knowledge 3 3.67 0.58 ok;ability 3 3 1 at or below threshold;reinforcement 3 3.67 0.58 ok"
expect_eq "hiring managers 2025Q3 barrier points count complete respondents only" \
    "$(figs hiring_managers 2025Q3 'barrier points')" \
    "awareness=0/3 desire=2/3 knowledge=0/3 ability=0/3 reinforcement=0/3 none=1/3"
expect_eq "hiring managers 2025Q3 change vs 2025Q2" \
    "$(figs hiring_managers 2025Q3 'change vs previous period')" \
    "readiness index=-3.3333/4 awareness=-0.0833/4 desire=-0.25/4 knowledge=0/3 ability=-0.3333/3 reinforcement=0/3"
expect_eq "hiring managers overall" "$(g hiring_managers overall '[.n, .index, .stage]')" '[4,63.21,"desire"]'
expect_eq "hiring managers overall: respondents' own barriers over both periods" \
    "$(figs hiring_managers overall 'barrier points')" \
    "awareness=0/3 desire=2/3 knowledge=0/3 ability=0/3 reinforcement=0/3 none=1/3"
expect_eq "hiring managers overall: no change table" "$(figs hiring_managers overall 'change vs previous period')" ""

expect_eq "recruiters 2025Q2: no barrier point" "$(g recruiters 2025Q2 '[.index, .stage]')" '[77.5,"none"]'
expect_eq "recruiters 2025Q2 elements" "$(dims recruiters 2025Q2)" \
    "awareness 4 4.5 0.58 ok;desire 4 4.25 0.5 ok;knowledge 4 4 0.82 ok;ability 4 3.75 0.5 ok;reinforcement 4 4 0.82 ok"
expect_eq "recruiters 2025Q2: a three-way tie goes to the earliest element" "$(finds recruiters 2025Q2)" \
    "Most common individual barrier: knowledge (1 of 4 respondents)"
expect_eq "recruiters 2025Q3: two anonymous answers are two respondents" \
    "$(g recruiters 2025Q3 '[.n, .index, .stage]')" '[6,81.25,"none"]'
expect_eq "recruiters 2025Q3 elements" "$(dims recruiters 2025Q3)" \
    "awareness 4 4.5 0.58 ok;desire 4 4.5 0.58 ok;knowledge 5 4.2 0.45 ok;ability 5 3.8 1.1 ok;reinforcement 4 4.25 0.5 ok"
expect_eq "recruiters 2025Q3 change vs 2025Q2" \
    "$(figs recruiters 2025Q3 'change vs previous period')" \
    "readiness index=3.75/6 awareness=0/4 desire=0.25/4 knowledge=0.2/5 ability=0.05/5 reinforcement=0.25/4"
expect_eq "recruiters overall: 35/8 and 33/8 round half away from zero" "$(dims recruiters overall)" \
    "awareness 8 4.5 0.53 ok;desire 8 4.38 0.52 ok;knowledge 9 4.11 0.6 ok;ability 9 3.78 0.83 ok;reinforcement 8 4.13 0.64 ok"
expect_eq "recruiters overall: tie of ability and reinforcement goes to ability" "$(finds recruiters overall)" \
    "Most common individual barrier: ability (1 of 5 respondents)"

expect_eq "executives (2 respondents < min_n 3) are insufficient, without scores" \
    "$(g executives overall '[.n, .state, .index, .stage, .dimensions, .figures, .findings]')" \
    '[2,"insufficient",null,"",[],[],[]]'
expect_eq "all respondents overall (with X01, who has no group)" \
    "$(g '' overall '[.n, .index, .stage]')" '[14,73.45,"none"]'
expect_eq "all respondents overall: barrier points" "$(figs '' overall 'barrier points')" \
    "awareness=1/10 desire=2/10 knowledge=0/10 ability=1/10 reinforcement=1/10 none=5/10"
expect_eq "all respondents 2025Q3 change vs 2025Q2" "$(figs '' 2025Q3 'change vs previous period')" \
    "readiness index=2.3218/13 awareness=-0.2468/11 desire=0.0857/10 knowledge=0.2429/10 ability=0.1286/10 reinforcement=0.254/9"

# The groups key: other groups and responses without one are refused; a
# listed group without responses is reported insufficient with n 0.
sed -i 's/^item.reinforcement = reinforce$/&\ngroups = recruiters, hiring_managers, sourcers/' "$tmp/adkar.ini"
run_rpo run -c "$tmp/adkar.ini" --as-of 2025-09-30
expect_rc "run with groups = recruiters, hiring_managers, sourcers" 0
expect_err "a response of an unlisted group is rejected with its location" \
    "surveys.csv:78: record rejected: field group: group not among the framework's \`groups\`"
expect_eq "accepted and rejected: executives' 10 and X01's response are refused too" \
    "$(jq -c '.frameworks[0] | [.accepted, .rejected]' "$j")" '[74,13]'
expect_eq "sourcers: listed without responses, insufficient with n 0" \
    "$(g sourcers overall '[.n, .state, .index, .dimensions]')" '[0,"insufficient",null,[]]'
expect_eq "no executives cell" "$(g executives overall .n)" ""
same_as_expected "with groups: the assessment equals the independent computation" 2025-09-30

# An earlier as-of date: only 2025Q2 responses reach the framework.
cp "$fx/adkar.ini" "$tmp/adkar.ini"
run_rpo run -c "$tmp/adkar.ini" --as-of 2025-06-30
expect_rc "run as of 2025-06-30" 0
expect_eq "as of 2025-06-30: 2025Q2 and overall only" \
    "$(jq -r '[.frameworks[0].groups[] | "\(.group)/\(.period)"] | join(" ")' "$j")" \
    "/2025Q2 /overall hiring_managers/2025Q2 hiring_managers/overall recruiters/2025Q2 recruiters/overall"
same_as_expected "as of 2025-06-30: the assessment equals the independent computation" 2025-06-30

# ADKAR per stakeholder group: two instances on one instrument. Each takes
# its group's responses and refuses the others'; a response is rejected only
# when no instance takes it (executives, no group, and the two bad rows).
cp "$fx/adkar.ini" "$tmp/two.ini"
sed -i 's/^\[framework.readiness\]$/[framework.recruiters]/; s/^item.reinforcement = reinforce$/&\ngroups = recruiters/' "$tmp/two.ini"
printf '[framework.managers]\nplugin = adkar\ninstrument = adkar_pulse\nmin_n = 3\nitem.reinforcement = reinforce\ngroups = hiring_managers\n' >>"$tmp/two.ini"
run_rpo run -c "$tmp/two.ini" --as-of 2025-09-30
expect_rc "two ADKAR instances, one per group" 0
count() { # GROUP: adkar_pulse responses of GROUP up to the as-of date
    awk -F, -v g="$1" 'NR > 1 && $1 == "adkar_pulse" && $2 <= "2025-09-30" && $6 == g {n++}
        END {print n + 0}' "$tmp/surveys.csv"
}
# surveys.csv:59 (a recruiter's score 7) and :77 (a hiring manager's unknown item) are refused.
expect_eq "each instance takes its own group's good responses" \
    "$(jq -r '[.frameworks[] | .instance + " " + (.accepted | tostring)] | join(", ")' "$tmp/report.json")" \
    "recruiters $(( $(count recruiters) - 1 )), managers $(( $(count hiring_managers) - 1 ))"
expect_eq "rejected: the executives, the responses without group, the two bad rows" \
    "$(jq -r '.data_quality.sources[0].rejected' "$tmp/report.json")" \
    "$(( $(count executives) + $(count '') + 2 ))"
expect_err "an executive's response names the group" "record rejected: field group: group not among"

# Config errors: one line each, naming the file, line, section and key.
bad() { # NAME LINE: the fixture with LINE added to [framework.readiness]
    cp "$fx/adkar.ini" "$tmp/$1.ini"
    sed -i "s/^item.reinforcement = reinforce\$/&\n$2/" "$tmp/$1.ini"
    run_rpo validate -c "$tmp/$1.ini"
}
bad threshold "threshold = 6"
expect_rc "a threshold above the scale" 78
expect_err "the threshold error names the key" \
    "threshold.ini:17: [framework.readiness] threshold: must be a number from 1 to 5"
expect_lines "one line" 1
bad element "item.awarenes = aw_q1"
expect_rc "an item key for no element" 78
expect_err "the item key error lists the keys" \
    "[framework.readiness] item.awarenes: no such ADKAR element; the keys are item.awareness, item.desire, item.knowledge, item.ability and item.reinforcement"
bad twice "item.desire = reinforce"
expect_rc "one item mapped to two elements" 78
expect_err "the mapping error names both keys" \
    "[framework.readiness] item.desire: item \"reinforce\" is already mapped by item.reinforcement"
cp "$fx/adkar.ini" "$tmp/min_n.ini"
sed -i 's/^min_n = 3$/min_n = 0/' "$tmp/min_n.ini"
run_rpo validate -c "$tmp/min_n.ini"
expect_rc "min_n 0" 78
expect_err "the min_n error" "[framework.readiness] min_n: must be a whole number of at least 1"
bad typo "treshold = 2"
expect_rc "an unknown key" 78
expect_err "the unknown key is named" "treshold"

finish
