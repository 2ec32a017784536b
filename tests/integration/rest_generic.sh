#!/bin/sh
# rest_generic.sh — the rest source's generic preset: every pagination style
# (Link header, a cursor in the body, page numbers, none) over the fake
# API's requisitions in a shape of its own, with field paths, a value map
# and bearer auth; each run's metrics equal those of the same requisitions
# as CSV. Then the config errors and a record of the wrong shape.
. "$(dirname "$0")/tap.sh"
. "$top_srcdir/tests/rest/rest_lib.sh"
set -e
start_ats

# generic_config FILE STYLE EXTRA...: one generic instance reading /generic/STYLE.
generic_config() {
    f=$1 style=$2
    shift 2
    engagement "$f"
    printf 'segments = department, location\n' >>"$f"
    cat >>"$f" <<EOT

[source.reqs]
plugin = rest
record = requisition
base_url = $base/
endpoint = /generic/$style
token = env:REST_TEST_TOKEN
retry_backoff_ms = 1
field.id = reqId
field.opened_at = dates.opened
field.filled_at = dates.filled
field.closed_at = dates.closed
field.close_reason = closeReason
field.department = org.dept
field.location = office
value.department.ENG = Engineering
value.department.SAL = Sales
value.department.FIN = Finance
value.department.OPE = Operations
EOT
    # Each extra "key = value" replaces the key's line, if any.
    for line in "$@"; do
        grep -v "^${line%% =*} = " "$f" >"$f.new" || true
        mv "$f.new" "$f"
        printf '%s\n' "$line" >>"$f"
    done
}
REST_TEST_TOKEN=$token
export REST_TEST_TOKEN

# The [engagement] section ends before [sink.json]: put segments there.
engagement "$tmp/csv.ini"
sed -i 's/^min_n = 1$/min_n = 1\nsegments = department, location/' "$tmp/csv.ini"
cat >>"$tmp/csv.ini" <<EOT

[source.requisitions]
plugin = csv
record = requisition
file = fx/csv/requisitions.csv
EOT
mkdir "$tmp/c"
mv "$tmp/csv.ini" "$tmp/c/rpo.ini"
ln -s "$fx" "$tmp/c/fx"
run_rpo run -c "$tmp/c/rpo.ini" --as-of 2024-12-31
expect_rc "the requisitions as CSV" 0
metrics "$tmp/c/report.json" >"$tmp/csv.metrics"
expect_eq "the CSV run has requisitions in 2024Q1" \
    "$(jv "$tmp/c/report.json" requisitions_opened 2024Q1 value)" \
    "$(jq '[.[] | select(.dates.opened < "2024-04")] | length' "$fx/generic/requisitions.json")"

n_items=$(jq length "$fx/generic/requisitions.json")
pages=$(((n_items + 4) / 5))
# style, extra keys, requests expected
check_style() {
    style=$1 want_requests=$2
    shift 2
    mkdir "$tmp/$style"
    generic_config "$tmp/$style/rpo.ini" "$style" "$@"
    sed -i '/^segments = department, location$/d; s/^min_n = 1$/min_n = 1\nsegments = department, location/' "$tmp/$style/rpo.ini"
    : >"$tmp/requests.log"
    run_rpo run -c "$tmp/$style/rpo.ini" --as-of 2024-12-31
    expect_rc "pagination = $style: the run" 0
    metrics "$tmp/$style/report.json" >"$tmp/$style.metrics"
    if diff -u "$tmp/csv.metrics" "$tmp/$style.metrics" >"$tmp/diff"; then
        ok "pagination = $style: metrics equal the CSV's"
    else
        not_ok "pagination = $style: metrics equal the CSV's" "$(head -20 "$tmp/diff")"
    fi
    expect_eq "pagination = $style: $want_requests requests" "$(requests 'true' | wc -l)" "$want_requests"
    expect_eq "pagination = $style: all with the bearer token" "$(requests '.auth == false' | wc -l)" 0
}
check_style link "$pages" "pagination = link" "per_page = 5"
expect_eq "link: the pages followed" "$(requests 'true' | jq -r '.query.page[0] // "1"' | sort | tr '\n' ' ')" "1 2 3 "
check_style cursor "$pages" "pagination = cursor" "per_page = 5" "per_page_param = size" \
    "items = results" "next_path = meta.next_cursor"
expect_eq "cursor: each cursor from the answer before" \
    "$(requests '.query.cursor' | wc -l)" "$((pages - 1))"
# Page numbers stop at the first short page (14 items: 5, 5, 4).
check_style page "$pages" "pagination = page" "per_page = 5" "per_page_param = size" \
    "items = items"
check_style none 1 "pagination = none" "per_page_param ="
expect_eq "none: no page size sent" "$(requests '.query.per_page or .query.size' | wc -l)" 0

# Config errors: each one line naming the key, exit 78 (EX_CONFIG), no request.
cfgerr() {
    desc=$1 text=$2
    shift 2
    mkdir -p "$tmp/err1"
    generic_config "$tmp/err1/rpo.ini" link "$@"
    run_rpo validate -c "$tmp/err1/rpo.ini"
    expect_rc "$desc" 78
    expect_err "$desc: the message" "$text"
}
cfgerr "a malformed JSON path" "field.x_bad: " "field.x_bad = a..b"
cfgerr "a JSON path with an unclosed [" "[source.reqs] field.location: not a JSON path (unclosed '[')" \
    "field.location = offices[0"
cfgerr "a value map of an unknown field" "requisition records have no field 'departmnt'; did you mean 'department'?" \
    "value.departmnt.ENG = Engineering"
cfgerr "an unknown pagination" "[source.reqs] pagination: expected link, cursor, page or none" \
    "pagination = pages"
cfgerr "a base_url without a scheme" "[source.reqs] base_url: expected http://host or https://host" \
    "base_url = 127.0.0.1:80"
cfgerr "a token written into the config" "[source.reqs] token: " "token = s3cr3t-literal"
cfgerr "an endpoint with a query" "[source.reqs] endpoint: expected the URL path below base_url" \
    "endpoint = /generic/link?size=5"
cfgerr "a preset's fixed key" "preset greenhouse sets this itself" "preset = greenhouse" \
    "pagination = link"
cfgerr "a record kind the preset does not read" "preset lever reads requisition, application, stage_event, hire records, not cost" \
    "preset = lever" "record = cost"
if grep -q "s3cr3t-literal" "$tmp/err"; then not_ok "a literal token is not echoed"; else ok "a literal token is not echoed"; fi

# An item of the wrong shape: that record is rejected with the endpoint,
# item number, field and path; the others go on.
mkdir "$tmp/shape"
generic_config "$tmp/shape/rpo.ini" none "pagination = none" "field.location = dates"
run_rpo run -c "$tmp/shape/rpo.ini" --as-of 2024-12-31
expect_rc "objects where a value belongs: the run goes on" 0
expect_err "the rejection names endpoint, item, field and path" \
    "GET /generic/none:1: record rejected: field location (path dates): expected a text, number or boolean, found an object"
expect_eq "every item rejected, counted" "$(jq '.data_quality.sources[0].rejected' "$tmp/shape/report.json")" "$n_items"

# A Link header pointing to another server is not followed (the token would go along).
mkdir "$tmp/origin"
generic_config "$tmp/origin/rpo.ini" link "pagination = link" "per_page = 5"
sed -i "s|^base_url = .*|base_url = http://localhost:$(cat "$tmp/port")|" "$tmp/origin/rpo.ini"
run_rpo run -c "$tmp/origin/rpo.ini" --as-of 2024-12-31
expect_rc "a next link to another origin" 65
expect_err "it is named and not followed" "GET /generic/link page 1: the Link header's next page is on another server than base_url; not followed"
finish
