#!/bin/sh
# signals.sh — SIGTERM and SIGINT stop a run cleanly: exit 128 + the signal,
# one line saying so, no report and no temporary file written, and the
# store as it was.
. "$(dirname "$0")/tap.sh"
set -e

gen="${top_builddir:?}/bench/rpo-gen"
d="$tmp/data"
"$gen" --out "$d" --applications 1000000 --only requisitions,applications >/dev/null
cat >"$d/e.ini" <<CFG
[engagement]
name = signals
threads = 1
segments =
[store]
path = store.sqlite
[source.requisitions]
plugin = csv
record = requisition
file = requisitions.csv
[source.applications]
plugin = csv
record = application
file = applications.csv
[sink.json]
plugin = json
file = report.json
CFG

# A run reads applications.csv for a while: signal it once it has the file open.
stop() { # SIGNAL: run, signal it while it reads, leave its status in $rc
    "$RPO_BIN" run -c "$d/e.ini" --as-of 2026-01-01 >"$tmp/out" 2>"$tmp/err" &
    pid=$!
    i=0
    while [ "$i" -lt 400 ] && ! ls -l "/proc/$pid/fd" 2>/dev/null | grep -q applications.csv; do
        sleep 0.01
        i=$((i + 1))
    done
    kill "-$1" "$pid" 2>/dev/null || true
    set +e
    wait "$pid"
    rc=$?
    set -e
}
stop TERM
expect_rc "SIGTERM while reading" 143
expect_err "it says why it stopped" "rpo: stopped by SIGTERM"
expect_eq "no report, no temporary file" "$(ls "$d" | grep -c 'report\|tmp' || true)" 0
stop INT
expect_rc "SIGINT while reading" 130
expect_err "it says so for SIGINT" "rpo: stopped by SIGINT"
run_rpo history -c "$d/e.ini" --metric applications
expect_eq "the store has no run" "$(grep -cE '^ +[0-9]+  2026-01-01  ' "$tmp/out" || true)" 0
run_rpo run -c "$d/e.ini" --as-of 2026-01-01
expect_rc "a whole run afterwards" 0
expect_eq "now one run and one report" "$(ls "$d" | grep -c '^report.json$')" 1
finish
