#!/bin/sh
# flat_sinks.sh — the markdown, csv and prometheus sinks on the example
# engagement, beside the json sink: every number they write equals the JSON
# report's (flat_sinks_check.py, standard-library Python, derives the
# expected texts from the JSON on its own); the .prom file passes our
# exposition-format check always and `promtool check metrics` when Debian's
# promtool is installed; a target that is not a regular file is refused.
. "$(dirname "$0")/tap.sh"
set -e
check="$top_srcdir/tests/integration/flat_sinks_check.py"

mkdir "$tmp/conf"
cp -r "$top_srcdir/conf/example" "$top_srcdir/conf/example.ini" "$tmp/conf/"
chmod -R u+w "$tmp/conf"
mkdir "$tmp/conf/out"
# The json sink of example.ini writes segments department and source.
cat >>"$tmp/conf/example.ini" <<'INI'

[sink.markdown]
plugin = markdown
file = out/report.md
periods = 0

[sink.csv]
plugin = csv
file = out/report.csv
segments = department, source

[sink.prometheus]
plugin = prometheus
file = out/rpo.prom
periods = 2
segments = department
INI
t0=$(date +%s)
run_rpo run -c "$tmp/conf/example.ini" --as-of 2025-12-31
t1=$(date +%s)
expect_rc "the example engagement runs with the markdown, csv and prometheus sinks" 0
j="$tmp/conf/example-report.json"
out="$tmp/conf/out"

# check NAME KIND ARGS...: one test line from the checker's verdict.
check() {
    name=$1
    shift
    if python3 "$check" "$@" >"$tmp/check" 2>&1; then
        ok "$name: $(cat "$tmp/check")"
    else
        not_ok "$name" "$(head -c 2000 "$tmp/check")"
    fi
}
check "markdown numbers equal the JSON report's" markdown "$j" "$out/report.md"
check "csv rows equal the JSON report's cells" csv "$j" "$out/report.csv" "department, source"
check "the .prom file is well-formed and equals the JSON report" prom "$j" "$out/rpo.prom" 2 department "$t0" "$t1"

if command -v promtool >/dev/null 2>&1; then
    if promtool check metrics <"$out/rpo.prom" >"$tmp/promtool" 2>&1; then
        ok "promtool check metrics accepts the .prom file"
    else
        not_ok "promtool check metrics" "$(head -c 1000 "$tmp/promtool")"
    fi
else
    skip "promtool check metrics" "promtool is not installed (Debian package prometheus)"
fi
expect_eq "no temporary file is left beside the outputs" "$(ls "$out" | tr '\n' ' ')" "report.csv report.md rpo.prom "

# A second run gives the same markdown and csv bytes (the .prom file
# carries the run's time and duration).
cp "$out/report.md" "$tmp/first.md"
cp "$out/report.csv" "$tmp/first.csv"
run_rpo run -c "$tmp/conf/example.ini" --as-of 2025-12-31
cmp -s "$out/report.md" "$tmp/first.md" && cmp -s "$out/report.csv" "$tmp/first.csv" &&
    ok "markdown and csv are reproducible" || not_ok "markdown and csv are reproducible"

# A target that is not a regular file: refused with exit 73 (EX_CANTCREAT),
# naming the path; the other sinks still write.
rm "$out/rpo.prom" "$out/report.md"
mkdir "$out/rpo.prom"
run_rpo run -c "$tmp/conf/example.ini" --as-of 2025-12-31
expect_rc "a .prom path that is a folder is refused" 73
expect_err "the message names the path" "rpo.prom"
[ -d "$out/rpo.prom" ] && [ -z "$(ls "$out/rpo.prom")" ] && ok "the folder is left as it was" || not_ok "the folder is left as it was"
[ -s "$out/report.md" ] && ok "the other sinks still write" || not_ok "the other sinks still write"
finish
