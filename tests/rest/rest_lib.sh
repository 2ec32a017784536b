# rest_lib.sh — sourced by the rest_*.sh integration tests after tap.sh: the
# fixtures (tests/rest/make_fixtures.py), a token in a 0600 file, the fake
# ATS (tests/rest/fake_ats.py) on 127.0.0.1, and engagement configs.
# The server is killed when the test exits; it also exits by itself when
# idle, so a killed test leaves nothing running for long.
fx="$tmp/fx"
python3 "$top_srcdir/tests/rest/make_fixtures.py" "$fx"
token="tok-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s\n' "$token" >"$tmp/token"
chmod 600 "$tmp/token"
: >"$tmp/control"
ats_pid=""
trap 'if [ -n "$ats_pid" ]; then kill "$ats_pid" 2>/dev/null || true; fi; rm -rf "$tmp"' EXIT

# start_ats: start the fake ATS (once per test) and set $base.
start_ats() {
    rm -f "$tmp/port"
    python3 "$top_srcdir/tests/rest/fake_ats.py" --data "$fx" --token-file "$tmp/token" \
        --port-file "$tmp/port" --log "$tmp/requests.log" --control "$tmp/control" \
        --idle 60 --life 600 &
    ats_pid=$!
    i=0
    while [ ! -s "$tmp/port" ] && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
    [ -s "$tmp/port" ] || { echo "Bail out! the fake ATS did not start"; exit 1; }
    base="http://127.0.0.1:$(cat "$tmp/port")"
}

# fault JSON: inject one fault (see fake_ats.py); clear_faults: none.
fault() { printf '%s\n' "$1" >>"$tmp/control"; }
clear_faults() { : >"$tmp/control"; }

# requests FILTER: the logged requests, one JSON line each, selected by jq FILTER.
requests() { jq -c "select($1)" "$tmp/requests.log"; }

# engagement FILE: the [engagement] section of the fixture's engagement.
engagement() {
    cat >"$1" <<EOT
[engagement]
name = REST fixture
client = Client Co
provider = Provider Co
currency = EUR
min_n = 1

[sink.json]
plugin = json
file = report.json
EOT
}

# greenhouse_config FILE: every Greenhouse endpoint, small pages (several each).
greenhouse_config() {
    engagement "$1"
    cat >>"$1" <<EOT

[source.jobs]
plugin = rest
record = requisition
preset = greenhouse
base_url = $base
token = file:token
per_page = 5
retry_backoff_ms = 1

[source.applications]
plugin = rest
record = application
preset = greenhouse
base_url = $base
token = file:token
per_page = 7
retry_backoff_ms = 1

[source.offers]
plugin = rest
record = stage_event
preset = greenhouse
base_url = $base
token = file:token
per_page = 4
retry_backoff_ms = 1

[source.interviews]
plugin = rest
record = stage_event
preset = greenhouse
endpoint = /v1/scheduled_interviews
base_url = $base
token = file:token
per_page = 10
retry_backoff_ms = 1

[source.hires]
plugin = rest
record = hire
preset = greenhouse
base_url = $base
token = file:token
retry_backoff_ms = 1
EOT
}

# csv_config FILE: the same engagement from the CSV files.
csv_config() {
    engagement "$1"
    cat >>"$1" <<EOT

[source.requisitions]
plugin = csv
record = requisition
file = fx/csv/requisitions.csv

[source.applications]
plugin = csv
record = application
file = fx/csv/applications.csv

[source.hires]
plugin = csv
record = hire
file = fx/csv/hires.csv
EOT
}

# metrics REPORT: the metric values of a JSON report, in a stable form,
# without the comparison with the previous run (which a store adds).
metrics() {
    jq -S '[.metrics[] | {id, values: (.values | map_values(del(.previous_run, .change_vs_run, .previous_status)))}]' "$1"
}
