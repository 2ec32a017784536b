#!/bin/sh
# store.sh — the engagement store under real runs: history across runs,
# identical results for repeated runs, a 0600 file, no candidate ids in it,
# the lock between concurrent runs (wait, or exit 75), and runs killed with
# SIGKILL at several points leaving only whole runs.
. "$(dirname "$0")/tap.sh"
set -e

fx="$top_srcdir/tests/fixtures/registry"
cp "$fx"/*.csv "$fx/registry.ini" "$tmp/"
printf '[store]\npath = store.sqlite\nlock_timeout = 1\n' >>"$tmp/registry.ini"
run_rpo run -c "$tmp/registry.ini" --as-of 2025-11-15
expect_rc "a run with a store" 0
expect_eq "the store file is 0600" "$(stat -c %a "$tmp/store.sqlite")" 600
run_rpo run -c "$tmp/registry.ini" --as-of 2025-11-15
expect_rc "the same run again" 0
run_rpo history -c "$tmp/registry.ini" --metric time_to_fill
expect_rc "history of one metric" 0
cp "$tmp/out" "$tmp/history"
expect_eq "two runs in the history" "$(grep -cE '^ +[0-9]+  2025-11-15  ' "$tmp/history")" 2
# Both rows carry the same values (the run ids and finishing times differ).
expect_eq "repeated runs give identical results" \
    "$(grep -E '^ +[0-9]+  2025-11-15  ' "$tmp/history" | awk '{$1 = ""; $3 = ""; print}' | sort -u | wc -l)" 1
expect_eq "time to fill overall in the history" \
    "$(grep -E '^ +1  ' "$tmp/history" | awk '{print $NF}')" 42
run_rpo history -c "$tmp/registry.ini" --metric no_such_metric
expect_rc "history of an unknown metric" 66
# No candidate or respondent id reaches the store (C001..., S001... in the fixture).
ids=$(cut -d, -f4 "$tmp/applications.csv" | grep -E '^C[0-9]+' | head -5)
expect_eq "candidate ids to look for" "$(echo $ids | wc -w)" 5
leaked=""
for id in $ids; do grep -qa -- "$id" "$tmp/store.sqlite" && leaked="$leaked $id"; done
expect_eq "no candidate id in the store" "$leaked" ""

# Another run holds the lock: wait up to lock_timeout, then exit 75.
if command -v flock >/dev/null; then
    flock "$tmp/store.sqlite.lock" sleep 3 &
    holder=$!
    sleep 0.5
    run_rpo run -c "$tmp/registry.ini" --as-of 2025-11-15
    expect_rc "a run while another holds the store" 75
    expect_err "the lock message names the store" "another rpo run holds the store"
    wait "$holder"
else
    skip "the lock between runs" "flock(1) not installed"
fi
# Two real runs at once are serialized: both succeed, one after the other.
sed -i 's/^lock_timeout = 1$/lock_timeout = 30/' "$tmp/registry.ini"
"$RPO_BIN" run -c "$tmp/registry.ini" --as-of 2025-11-15 >/dev/null 2>"$tmp/err.a" &
a=$!
"$RPO_BIN" run -c "$tmp/registry.ini" --as-of 2025-11-15 >/dev/null 2>"$tmp/err.b" &
b=$!
rca=0; rcb=0
wait "$a" || rca=$?
wait "$b" || rcb=$?
expect_eq "two concurrent runs both succeed" "$rca $rcb" "0 0"
run_rpo history -c "$tmp/registry.ini" --metric hires
expect_eq "four runs in the history" "$(grep -cE '^ +[0-9]+  2025-11-15  ' "$tmp/out")" 4

# SIGKILL at several points of a larger run: the store keeps whole runs only.
mkdir "$tmp/ex"
cp -r "$top_srcdir/conf/example" "$top_srcdir/conf/example.ini" "$tmp/ex/"
chmod -R u+w "$tmp/ex"
printf '[store]\npath = store.sqlite\n' >>"$tmp/ex/example.ini"
sed -i 's/^segments = department, source$/segments = all/' "$tmp/ex/example.ini"
run_rpo run -c "$tmp/ex/example.ini" --as-of 2025-12-31
expect_rc "the example with a store" 0
whole=1
for ms in 20 60 120 200 300 450; do
    "$RPO_BIN" run -c "$tmp/ex/example.ini" --as-of 2025-12-31 >/dev/null 2>&1 &
    pid=$!
    sleep "0.$(printf '%03d' "$ms")"
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    run_rpo history -c "$tmp/ex/example.ini" --metric applications
    [ "$rc" -eq 0 ] || whole=0
    # every run in the history is a whole one: status ok and its overall value
    grep -E '^ +[0-9]+  2025-12-31  ' "$tmp/out" | awk '$4 != "ok" || $NF != 6000 {bad = 1} END {exit bad}' || whole=0
done
expect_eq "runs killed with SIGKILL leave only whole runs" "$whole" 1
run_rpo run -c "$tmp/ex/example.ini" --as-of 2025-12-31
expect_rc "a run after the kills" 0

# A writer killed mid-write leaves OUTPUT.tmp.PID.XXXXXX; the next run removes
# those of processes that are gone, never one of a writer still running.
sh -c 'exit 0' &
gone=$!
wait "$gone"
out=report.json # the json sink's file
: >"$tmp/$out.tmp.$gone.AbCdEf"
: >"$tmp/$out.tmp.$$.GhIjKl"
run_rpo run -c "$tmp/registry.ini" --as-of 2025-11-15
expect_rc "a run beside stale temporaries" 0
expect_eq "the dead writer's temporary is removed" "$(ls "$tmp/$out.tmp.$gone".* 2>/dev/null | wc -l)" 0
expect_eq "a live writer's temporary is left alone" "$(ls "$tmp/$out.tmp.$$".* 2>/dev/null | wc -l)" 1
finish
