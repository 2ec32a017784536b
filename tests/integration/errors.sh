#!/bin/sh
# errors.sh — what a user can get wrong gives one clear line and the
# documented sysexits.h status, never a crash.
. "$(dirname "$0")/tap.sh"
set -e

cp "$top_srcdir"/tests/fixtures/small/* "$tmp/"
good="$tmp/small.ini"

# write_cfg BODY: an engagement config in $tmp/e.ini with BODY after [engagement].
write_cfg() {
    printf '[engagement]\nname = Errors\nmin_n = 1\n%s\n' "$1" >"$tmp/e.ini"
}
apps_src='[source.apps]
plugin = csv
record = application
file = applications.csv'
json_sink='[sink.json]
plugin = json
file = out.json'

run_rpo run -c "$tmp/nonexistent.ini"
expect_rc "missing config file" 66
expect_err "names the missing config" "cannot open config $tmp/nonexistent.ini: No such file or directory"
expect_lines "missing config: one line" 1

write_cfg "$apps_src
delimeter = comma
$json_sink"
run_rpo run -c "$tmp/e.ini"
expect_rc "unknown key" 78
expect_err "unknown key: file:line, section, key, nearest" "e.ini:8: [source.apps] delimeter: unknown key; did you mean 'delimiter'?"
expect_lines "unknown key: one line" 1
run_rpo validate -c "$tmp/e.ini"
expect_rc "validate catches the unknown key" 78

write_cfg "[source.apps]
plugin = csv
record = aplication
file = applications.csv
$json_sink"
run_rpo run -c "$tmp/e.ini"
expect_rc "unknown record kind" 78
expect_err "unknown record kind suggests the nearest" "e.ini:6: [source.apps] record: unknown record kind 'aplication'; did you mean 'application'?"

write_cfg "[source.apps]
plugin = csv
record = application
file = missing.csv
$json_sink"
run_rpo run -c "$tmp/e.ini"
expect_rc "missing data file" 66
expect_err "names the missing data file" "missing.csv"
expect_lines "missing data file: one line" 1
[ ! -e "$tmp/out.json" ] && ok "no report written when a source fails" || not_ok "no report written when a source fails"

write_cfg "$apps_src
map.applied_at = Applied On
$json_sink"
run_rpo run -c "$tmp/e.ini"
expect_rc "mapped column missing from the header" 65
expect_err "names the column and the mapping key" "'Applied On'"
[ ! -e "$tmp/out.json" ] && ok "no report written on a bad header" || not_ok "no report written on a bad header"

printf 'id,requisition_id,applied_at\nA1,R1,2024-01-05\nA2,R1\nA3,"R1,2024-01-07\n' >"$tmp/bad.csv"
write_cfg "[source.apps]
plugin = csv
record = application
file = bad.csv
$json_sink"
run_rpo run -c "$tmp/e.ini" --as-of 2024-06-30
expect_rc "malformed rows are rejected, the run goes on" 0
expect_err "short row: line and reason" "bad.csv:3: record rejected: expected 3 columns, found 2"
expect_err "unterminated quote: line" "bad.csv:4: record rejected:"
expect_eq "the good row counts" "$(jv "$tmp/out.json" applications overall value)" 1
expect_eq "rejections are counted" "$(jq -r '.data_quality.sources[0].rejected' "$tmp/out.json")" 2

write_cfg "$apps_src
delimiter = ;
$json_sink"
run_rpo validate -c "$tmp/e.ini"
expect_rc "a ';' delimiter read as a comment" 78
expect_err "says to write the word" "e.ini:8: [source.apps] delimiter: empty; a ';' after a blank starts a comment in INI, so write \`delimiter = semicolon\`"

write_cfg "[source.apps]
plugin = nosuch
record = application
$json_sink"
run_rpo run -c "$tmp/e.ini"
expect_rc "unknown plugin" 69
expect_err "unknown plugin: where and what" "e.ini:5: [source.apps] plugin: source plugin 'nosuch' not found"
expect_lines "unknown plugin: one line" 1

write_cfg "plugin_path = $RPO_TEST_PLUGINS
[source.apps]
plugin = badabi
record = application
$json_sink"
run_rpo run -c "$tmp/e.ini"
expect_rc "plugin with a wrong ABI major" 69
expect_err "names the file, expected and found" "source_badabi.la refused: ABI major expected 1, found 99"
expect_lines "refused plugin: one line" 1

write_cfg "[source.apps]
plugin = ../../etc/passwd
record = application"
run_rpo run -c "$tmp/e.ini"
expect_rc "a plugin name that is a path" 69
expect_err "refuses path-like plugin names" "plugin name '../../etc/passwd' refused"

write_cfg "$apps_src"
run_rpo run -c "$tmp/e.ini"
expect_rc "no sink" 78
expect_err "no sink: says what to add" "no [sink.NAME] section"

write_cfg "[sink.console]
plugin = console
color = purple"
run_rpo validate -c "$tmp/e.ini"
expect_rc "a plugin rejects a bad value" 78
expect_err "bad value names file:line and key" "e.ini:6: [sink.console] color:"

write_cfg "threads = 17
$apps_src
$json_sink"
run_rpo validate -c "$tmp/e.ini"
expect_rc "threads out of range" 78
expect_err "threads: says the range" "e.ini:4: [engagement] threads: must be a whole number from 0 (one per CPU) to 16"

write_cfg "[metric.time_to_fil]"
run_rpo validate -c "$tmp/e.ini"
expect_rc "unknown metric section" 78
expect_err "suggests the nearest metric" "unknown metric 'time_to_fil'; did you mean 'time_to_fill'?"

mkdir "$tmp/adir"
write_cfg "$apps_src
[sink.json]
plugin = json
file = adir"
run_rpo run -c "$tmp/e.ini" --as-of 2024-06-30
expect_rc "output path is a folder" 73
expect_err "refuses to overwrite a non-regular file" "it exists and is not a regular file"

write_cfg "phase = bulid
$apps_src
$json_sink"
run_rpo run -c "$tmp/e.ini"
expect_rc "an unknown engagement phase" 78
expect_err "the phase error names the line, key and the words" \
    "e.ini:4: [engagement] phase: must be build, run or improve"
expect_lines "the phase error: one line" 1

run_rpo run
expect_rc "run without -c" 64
run_rpo frobnicate
expect_rc "unknown command" 64
run_rpo run -c "$good" --as-of 2024-02-30
expect_rc "bad --as-of" 64
expect_err "bad --as-of says the format" "--as-of 2024-02-30: not a date (expected YYYY-MM-DD)"
run_rpo --bogus
expect_rc "unknown option" 64
run_rpo metrics --as-of 2024-01-01
expect_rc "metrics takes no --as-of" 64

finish
