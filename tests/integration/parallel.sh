#!/bin/sh
# parallel.sh — a large source read in parts by several threads gives the
# same report, byte for byte, and the same messages as one thread; also with
# quoted fields holding line ends and delimiters, CRLF line ends, and a
# malformed row (which makes the engine read the file in one piece).
. "$(dirname "$0")/tap.sh"
set -e

gen="${top_builddir:?}/bench/rpo-gen"
d="$tmp/data"
"$gen" --out "$d" --applications 200000 --only requisitions,applications,costs >/dev/null

# Every 997th application gets a quoted source with a comma and a line end
# (the csv reader must treat them as text; the cuts must not fall inside).
awk -F, 'BEGIN {OFS = ","} NR > 1 && NR % 997 == 0 {$4 = "\"Job board,\nEMEA \"\"north\"\"\""} {print}' \
    "$d/applications.csv" >"$d/quoted.csv"
sed 's/$/\r/' "$d/quoted.csv" >"$d/crlf.csv"
# A stray quote in the middle of the file: a syntax error near a cut.
awk -F, 'BEGIN {OFS = ","} NR == 100001 {$4 = "Job\"board"} {print}' "$d/quoted.csv" >"$d/stray.csv"
# A stray quote early, and mid-file a quoted field whose inner line looks
# like a whole row with a source of its own: a part that starts there reads
# a phantom row before the stray quote sends the file back to one piece, and
# nothing of it (its source value) may stay in the report.
awk -F, 'BEGIN {OFS = ","}
    NR == 11 {$4 = "Job\"board"}
    NR >= 99990 && NR <= 100010 {$4 = "\"x\nA9999999,R00001,C1,PHANTOM_SRC,REC01,2024-01-05,,,,,,,,,,,false,false\n\""}
    {print}' "$d/applications.csv" >"$d/phantom.csv"

config() { # config FILE THREADS OUT
    cat <<CFG
[engagement]
name = parallel
min_n = 1
threads = $2
; source and recruiter values are interned by the parts as they read: the
; report must not depend on which part saw a value first
segments = department, source, recruiter
[source.requisitions]
plugin = csv
record = requisition
file = requisitions.csv
[source.applications]
plugin = csv
record = application
file = $1
[source.costs]
plugin = csv
record = cost
file = costs.csv
[sink.json]
plugin = json
file = $3
CFG
}

for f in applications.csv quoted.csv crlf.csv stray.csv phantom.csv; do
    config "$f" 1 "$f.t1.json" >"$d/t1.ini"
    run_rpo run -c "$d/t1.ini" --as-of 2100-01-01
    expect_rc "$f with one thread" 0
    cp "$tmp/err" "$tmp/err.t1"
    for t in 2 3 4; do
        config "$f" "$t" "$f.t$t.json" >"$d/t$t.ini"
        run_rpo run -c "$d/t$t.ini" --as-of 2100-01-01
        if [ "$rc" -eq 0 ] && cmp -s "$d/$f.t1.json" "$d/$f.t$t.json" && cmp -s "$tmp/err.t1" "$tmp/err"; then
            ok "$f: $t threads give the same report and messages as one"
        else
            not_ok "$f: $t threads differ from one (exit $rc)" "$(diff "$tmp/err.t1" "$tmp/err" | head -5)"
        fi
    done
    cp "$tmp/err" "$tmp/${f%.csv}.err"
done
expect_eq "all 200000 applications counted" "$(jv "$d/applications.csv.t2.json" applications overall value)" 200000
expect_eq "quoted fields do not change the counts" \
    "$(jv "$d/quoted.csv.t4.json" applications overall value) $(jv "$d/crlf.csv.t3.json" hires overall value)" \
    "200000 $(jv "$d/applications.csv.t1.json" hires overall value)"
expect_eq "the stray quote is one rejected row" "$(jq -r '.data_quality.sources[1].rejected' "$d/stray.csv.t2.json")" 1
# awk counted physical lines, so the stray quote sits on line 100001.
grep -q 'stray.csv:100001: record rejected' "$tmp/stray.err" && ok "the rejected row is named by its line" || not_ok "stray quote message" "$(head -3 "$tmp/stray.err")"
expect_eq "no phantom source from a part read in vain" \
    "$(jq -r '[.metrics[0].segments.source // {} | keys[] | select(. == "PHANTOM_SRC")] | length' "$d/phantom.csv.t2.json")" 0
finish
