#!/bin/sh
# html.sh — the example engagement's HTML page (conf/example.ini has an html
# sink): written by the real rpo beside the json report of the same run,
# checked against it (html_check.py), then loaded in headless Chromium:
# a screenshot (kept as tests/artefacts/report.png in the build tree), the
# DOM Chromium built checked again, and no console errors. Without Debian's
# chromium the browser checks are skipped (CI installs it through dev.sh).
. "$(dirname "$0")/tap.sh"
set -e

check_py="$top_srcdir/tests/integration/html_check.py"
art="${top_builddir:?}/tests/artefacts"
mkdir -p "$art"

mkdir "$tmp/conf"
cp -r "$top_srcdir/conf/example" "$top_srcdir/conf/example.ini" "$tmp/conf/"
chmod -R u+w "$tmp/conf"
run_rpo run -c "$tmp/conf/example.ini" --as-of 2025-12-31
expect_rc "the example engagement runs with its html sink" 0
page="$tmp/conf/example-report.html"
j="$tmp/conf/example-report.json"
[ -s "$page" ] && ok "the page is written" || not_ok "the page is written"
expect_eq "nothing is logged" "$(cat "$tmp/err")" ""
cp "$page" "$art/report.html"

# check_page PAGE LABEL [JSON]: html_check.py's TAP lines about PAGE (named
# LABEL) against JSON (default $j), numbered on from ours, counted into our
# totals.
check_page() {
    TAP_START=$((n + 1)) python3 "$check_py" "$1" "${3:-$j}" >"$tmp/check.tap" 2>"$tmp/check.err" || true
    sed "s| - $(basename "$1"): | - $2: |" "$tmp/check.tap"
    checks=$(sed -n 's/^# checks: //p' "$tmp/check.tap")
    if [ -z "$checks" ]; then
        not_ok "html_check.py runs on $2" "$(tail -n 5 "$tmp/check.err")"
        return
    fi
    n=$((n + checks))
    failures=$((failures + $(grep -c '^not ok' "$tmp/check.tap" || true)))
}

# The page as written: numbers against the json report of the same run.
check_page "$page" "page"

# The same client with Lewin and 7-S: the force field and the heat map.
cp "$top_srcdir/conf/example-lewin-7s.ini" "$tmp/conf/"
run_rpo run -c "$tmp/conf/example-lewin-7s.ini" --as-of 2025-12-31
expect_rc "the Lewin and 7-S example runs" 0
lw="$tmp/conf/example-lewin-7s-report.html"
check_page "$lw" "Lewin and 7-S page" "$tmp/conf/example-lewin-7s-report.json"
# Groups with scores in 2025Q4 and overall: all respondents, hiring_managers, hr.
groups=$(jq '[.frameworks[] | select(.framework == "lewin") | .groups[]
    | select(.state == "ok" and (.period == "2025Q4" or .period == "overall"))] | length' \
    "$tmp/conf/example-lewin-7s-report.json")
expect_eq "a force field per scored Lewin group shown" \
    "$(grep -o '<figure class="force-field">' "$lw" | wc -l)" "$groups"
groups=$(jq '[.frameworks[] | select(.framework == "7s") | .groups[]
    | select(.state == "ok" and (.period == "2025Q4" or .period == "overall"))] | length' \
    "$tmp/conf/example-lewin-7s-report.json")
expect_eq "a 7-S heat map per scored group shown" \
    "$(grep -o '<figure class="heat-map">' "$lw" | wc -l)" "$groups"
expect_eq "21 pair cells in each heat map (7 elements)" \
    "$(grep -o '<rect class="cell' "$lw" | wc -l)" "$((21 * groups))"

# The same run again gives the same bytes.
cp "$page" "$tmp/first.html"
run_rpo run -c "$tmp/conf/example.ini" --as-of 2025-12-31
cmp -s "$page" "$tmp/first.html" && ok "the page is reproducible" || not_ok "the page is reproducible"

browser=$(command -v chromium || true)
if [ -z "$browser" ]; then
    for what in "screenshot" "Chromium's DOM has every section and number" \
        "no console errors" "the console check catches an error"; do
        skip "$what" "chromium is not installed (apt-get install chromium)"
    done
    finish
    exit $?
fi

# As root (CI), Chromium needs --no-sandbox. Its own profile and runtime
# folders keep it away from the user's, and from other tests' runs.
set -- --headless --disable-gpu --no-first-run --no-default-browser-check \
    --user-data-dir="$tmp/profile" --enable-logging=stderr --v=0
[ "$(id -u)" -eq 0 ] && set -- "$@" --no-sandbox
export XDG_RUNTIME_DIR="$tmp/xdg" XDG_CONFIG_HOME="$tmp/xdg" XDG_CACHE_HOME="$tmp/xdg"
mkdir -p "$tmp/xdg"
chmod 700 "$tmp/xdg"

rm -f "$art/report.png"
set +e
timeout 60 "$browser" "$@" --hide-scrollbars --window-size=1280,1800 \
    --screenshot="$art/report.png" "file://$page" >"$tmp/shot.out" 2>"$tmp/shot.err"
src=$?
set -e
# A PNG starts with the 8 bytes 89 50 4E 47 0D 0A 1A 0A.
if [ "$src" -eq 0 ] && [ "$(od -An -tx1 -N8 "$art/report.png" 2>/dev/null | tr -d ' \n')" = 89504e470d0a1a0a ]; then
    ok "screenshot: tests/artefacts/report.png ($(wc -c <"$art/report.png") bytes)"
else
    not_ok "screenshot (exit $src)" "$(tail -n 5 "$tmp/shot.err")"
fi

set +e
timeout 60 "$browser" "$@" --dump-dom "file://$page" >"$tmp/dom.html" 2>"$tmp/dom.err"
drc=$?
set -e
if [ "$drc" -eq 0 ] && [ -s "$tmp/dom.html" ]; then
    check_page "$tmp/dom.html" "Chromium DOM"
else
    not_ok "Chromium loads the page (exit $drc)" "$(tail -n 5 "$tmp/dom.err")"
fi

# Console messages: Chromium logs them to stderr as "CONSOLE" lines; an
# uncaught error says "Uncaught". The page has no scripts, so none at all.
if grep -E 'CONSOLE|Uncaught' "$tmp/dom.err" "$tmp/shot.err" >"$tmp/console"; then
    not_ok "no console errors" "$(head -n 5 "$tmp/console")"
else
    ok "no console errors"
fi
# ... and that check does see errors: a page with a failing script.
printf '<!DOCTYPE html><title>t</title><script>console.error("rpo-probe"); notDefined();</script>\n' \
    >"$tmp/bad.html"
set +e
timeout 60 "$browser" "$@" --dump-dom "file://$tmp/bad.html" >/dev/null 2>"$tmp/bad.err"
set -e
grep -q 'Uncaught' "$tmp/bad.err" && grep -q 'rpo-probe' "$tmp/bad.err" &&
    ok "the console check catches an error" ||
    not_ok "the console check catches an error" "$(grep -i console "$tmp/bad.err" | head -n 3)"
finish
