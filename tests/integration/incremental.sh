#!/bin/sh
# incremental.sh — the engine's side of incremental sources (rpo_source_sync),
# with the test plugin source_batches: a run after new batches arrive reads
# only those, the store keeps and replays every record (a changed record
# replacing the kept one), and the report equals one made from the whole data
# at once; --full-sync fetches all again; a failed run keeps the old cursor.
# Also: rejected rows land in the store (location, field, reason; no values),
# and a second run reports each value's change since the previous run.
. "$(dirname "$0")/tap.sh"
set -e

fx="$top_srcdir/tests/fixtures/registry"
cp "$fx"/*.csv "$fx/registry.ini" "$tmp/"
mkdir "$tmp/batches"
# Batches of applications.csv: 1 = the first 20 rows, 2 = the rest, 3 = three
# rows of batch 1 again with another source (a changed record). merged.csv is
# the data as it stands after batch 3: what a full export would hold.
python3 - "$tmp" <<'PY'
import sys
d = sys.argv[1]
lines = open(d + "/applications.csv").read().splitlines()
head, rows = lines[0], lines[1:]
src = head.split(",").index("source")
def write(name, rs):
    open(name, "w").write("\n".join([head] + rs) + "\n")
changed = {}
for r in rows[2:5]:
    cells = r.split(",")
    cells[src] = "agency"
    changed[cells[0]] = ",".join(cells)
write(d + "/batches/1.csv", rows[:20])
write(d + "/merged.csv", [changed.get(r.split(",")[0], r) for r in rows])
open(d + "/batch2", "w").write("\n".join([head] + rows[20:]) + "\n")
open(d + "/batch3", "w").write("\n".join([head] + list(changed.values())) + "\n")
PY

# The reference: the whole data through the csv source, no store.
sed "s|^file = applications.csv|file = merged.csv|" "$tmp/registry.ini" >"$tmp/full.ini"
sed -i "s|^file = report.json|file = full.json|" "$tmp/full.ini"
run_rpo run -c "$tmp/full.ini" --as-of 2025-11-15
expect_rc "the reference run" 0

# The same engagement with applications from batches, and a store.
python3 - "$tmp/registry.ini" "$tmp/inc.ini" "$RPO_TEST_PLUGINS" <<'PY'
import sys
src, dst, plugins = sys.argv[1:]
text = open(src).read()
text = text.replace("name = Registry fixture", "name = Registry fixture\nplugin_path = " + plugins, 1)
text = text.replace("[source.applications]\nplugin = csv\nrecord = application\nfile = applications.csv",
                    "[source.applications]\nplugin = batches\nrecord = application\ndir = batches")
text = text.replace("file = report.json", "file = inc.json")
text += "\n[store]\npath = store.sqlite\n"
open(dst, "w").write(text)
PY
grep -q "plugin = batches" "$tmp/inc.ini" && ok "the incremental config" || not_ok "the incremental config"
metrics() { jq -S '[.metrics[] | {id, values, segments}] | walk(if type == "object" then del(.previous_run, .change_vs_run, .previous_status) else . end)' "$1"; }
# sq SQL: the rows of a query on the store, fields joined by " | ".
sq() {
    python3 -c 'import sqlite3, sys
for row in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]):
    print(" | ".join(str(c) for c in row))' "$tmp/store.sqlite" "$1"
}

run_rpo run -c "$tmp/inc.ini" --as-of 2025-11-15 -v
expect_rc "first run: batch 1 only" 0
expect_err "first run reads batch 1" "read batch 1"
cp "$tmp/batch2" "$tmp/batches/2.csv"
cp "$tmp/batch3" "$tmp/batches/3.csv"
run_rpo run -c "$tmp/inc.ini" --as-of 2025-11-15 -v
expect_rc "second run: the new batches" 0
if grep -q "read batch 1$" "$tmp/err"; then not_ok "the second run reads only new batches"; else ok "the second run reads only new batches"; fi
expect_err "the second run reads batch 2" "read batch 2"
expect_err "the second run reads batch 3" "read batch 3"
expect_err "it says how many it fetched and kept" "fetched 22 changed records; 39 kept in the store"
if [ "$(metrics "$tmp/inc.json")" = "$(metrics "$tmp/full.json")" ]; then
    ok "incremental runs report what a full read reports"
else
    not_ok "incremental runs report what a full read reports" \
        "$(diff "$tmp/inc.json" "$tmp/full.json" | head -20)"
fi
expect_eq "the changed records count under their new source" \
    "$(jq '[.metrics[] | select(.id == "applications") | .segments.source.agency.overall.value] | .[0]' "$tmp/inc.json")" \
    "$(jq '[.metrics[] | select(.id == "applications") | .segments.source.agency.overall.value] | .[0]' "$tmp/full.json")"
expect_eq "the source summary counts the kept records" \
    "$(jq -c '.data_quality.sources[] | select(.instance == "applications") | [.read, .accepted, .rejected]' "$tmp/inc.json")" \
    "$(jq -c '.data_quality.sources[] | select(.instance == "applications") | [.read, .accepted, .rejected]' "$tmp/full.json")"
expect_eq "the cursor saved" "$(sq "SELECT value FROM cursors WHERE source = 'applications'")" "3"
ids=$(cut -d, -f4 "$tmp/merged.csv" | grep -E '^C[0-9]+' | head -5)
leaked=""
for id in $ids; do grep -qa -- ",$id," "$tmp/store.sqlite" && leaked="$leaked $id"; grep -qa -- "candidate_id=$id" "$tmp/store.sqlite" && leaked="$leaked $id"; done
expect_eq "kept records hold no candidate id" "$leaked" ""

# A run with nothing new reads no batch and reports the same.
run_rpo run -c "$tmp/inc.ini" --as-of 2025-11-15 -v
expect_rc "a run with nothing new" 0
if grep -q "read batch" "$tmp/err"; then not_ok "nothing new: no batch read"; else ok "nothing new: no batch read"; fi
if [ "$(metrics "$tmp/inc.json")" = "$(metrics "$tmp/full.json")" ]; then ok "nothing new: the same report"; else not_ok "nothing new: the same report"; fi

# --full-sync reads every batch again and replaces what was kept.
run_rpo run -c "$tmp/inc.ini" --as-of 2025-11-15 --full-sync -v
expect_rc "a full sync" 0
expect_err "a full sync reads batch 1" "read batch 1"
if [ "$(metrics "$tmp/inc.json")" = "$(metrics "$tmp/full.json")" ]; then ok "a full sync reports the same"; else not_ok "a full sync reports the same"; fi

# A run whose sink fails commits nothing: its cursor and records are not kept.
printf '%s\n' "$(head -1 "$tmp/batch2")" "A99,R1,2025-03-01,C99,referral,RecA,,,,,,,,,,,false,false" >"$tmp/batches/4.csv"
mkdir "$tmp/inc.json.d"
sed "s|^file = inc.json|file = inc.json.d|" "$tmp/inc.ini" >"$tmp/broken.ini"
run_rpo run -c "$tmp/broken.ini" --as-of 2025-11-15 -v
expect_rc "a run whose sink cannot write" 73
expect_eq "its cursor was not saved" "$(sq "SELECT value FROM cursors WHERE source = 'applications'")" "3"
run_rpo run -c "$tmp/inc.ini" --as-of 2025-11-15 -v
expect_rc "the next run" 0
expect_err "the next run fetches batch 4 again" "read batch 4"
expect_eq "and counts its application" \
    "$(jq '[.metrics[] | select(.id == "applications") | .values.overall.value] | .[0]' "$tmp/inc.json")" \
    "$(( $(jq '[.metrics[] | select(.id == "applications") | .values.overall.value] | .[0]' "$tmp/full.json") + 1 ))"

# The second run of an engagement reports the change since the first.
expect_eq "previous run's as-of in the report" "$(jq -r '.engagement.previous_run_as_of' "$tmp/inc.json")" "2025-11-15"
expect_eq "applications overall: the previous run's value" \
    "$(jq '[.metrics[] | select(.id == "applications") | .values.overall.previous_run] | .[0]' "$tmp/inc.json")" \
    "$(jq '[.metrics[] | select(.id == "applications") | .values.overall.value] | .[0]' "$tmp/full.json")"
expect_eq "applications overall: the change since" \
    "$(jq '[.metrics[] | select(.id == "applications") | .values.overall.change_vs_run] | .[0]' "$tmp/inc.json")" 1
expect_eq "applications overall: the status the previous run reported" \
    "$(jq -r '[.metrics[] | select(.id == "applications") | .values.overall.previous_status] | .[0]' "$tmp/inc.json")" none
expect_eq "time to fill overall: the status the previous run reported" \
    "$(jq -r '[.metrics[] | select(.id == "time_to_fill") | .values.overall.previous_status] | .[0]' "$tmp/inc.json")" \
    "$(jq -r '[.metrics[] | select(.id == "time_to_fill") | .values.overall.status] | .[0]' "$tmp/full.json")"
expect_eq "achievements already celebrated are not new" \
    "$(jq '[.achievements[] | select(.new)] | length' "$tmp/inc.json")" 0

# Rejected rows are kept in the store with location, field and reason only.
printf '%s\n' "$(head -1 "$tmp/batch2")" "A98,R1,2025-13-01,C98,referral,RecA,,,,,,,,,,,false,false" >"$tmp/batches/5.csv"
run_rpo run -c "$tmp/inc.ini" --as-of 2025-11-15
expect_rc "a run with a bad row" 0
expect_eq "the rejection in the store" \
    "$(sq "SELECT location, field, reason FROM run_rejects WHERE run_id = (SELECT max(id) FROM runs)")" \
    "$tmp/batches/5.csv:2 | applied_at | month out of range"
if grep -qa "C98" "$tmp/store.sqlite"; then not_ok "the rejected row's candidate id is not in the store"; else ok "the rejected row's candidate id is not in the store"; fi
finish
