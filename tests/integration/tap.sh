# tap.sh — TAP helpers for the integration tests (sourced, POSIX sh).
# Each test script prints "ok N - what" / "not ok N - what" and the plan last.
set -u
: "${RPO_BIN:?run through make check}"
: "${top_srcdir:?run through make check}"
n=0
failures=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rpo-it.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
    n=$((n + 1)); failures=$((failures + 1)); echo "not ok $n - $1"
    shift
    for line in "$@"; do echo "# $line"; done
}
skip() { n=$((n + 1)); echo "ok $n - $1 # SKIP $2"; }

# run_rpo ARGS...: runs rpo; sets $rc and leaves stdout/stderr in $tmp/out, $tmp/err.
run_rpo() {
    set +e
    "$RPO_BIN" "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    set -e
}

# expect_rc DESC CODE: the last run exited with CODE.
expect_rc() {
    if [ "$rc" -eq "$2" ]; then ok "$1 (exit $2)"; else not_ok "$1: exit $rc, expected $2" "stderr: $(head -c 600 "$tmp/err")"; fi
}

# expect_err DESC TEXT: stderr of the last run contains TEXT.
expect_err() {
    if grep -qF -- "$2" "$tmp/err"; then ok "$1"; else not_ok "$1: stderr lacks: $2" "stderr: $(head -c 600 "$tmp/err")"; fi
}

# expect_lines DESC N: stderr of the last run has exactly N lines.
expect_lines() {
    got=$(wc -l <"$tmp/err")
    if [ "$got" -eq "$2" ]; then ok "$1"; else not_ok "$1: $got stderr lines, expected $2" "stderr: $(head -c 600 "$tmp/err")"; fi
}

# expect_eq DESC GOT WANT
expect_eq() {
    if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1: got '$2', expected '$3'"; fi
}

# jv FILE METRIC PERIOD FIELD: one value of a JSON report.
jv() { jq -r --arg m "$2" --arg p "$3" --arg f "$4" '.metrics[] | select(.id == $m) | .values[$p][$f]' "$1"; }

finish() {
    echo "1..$n"
    [ "$failures" -eq 0 ]
}
