#!/bin/sh
# dev.sh — install, build and run rpo-engine on Debian 12 (idempotent).
#
#   ./dev.sh example   install the Debian packages it needs, build, and run
#                      the example engagement (conf/example.ini)
#   ./dev.sh check     the same packages and build, then the whole test suite:
#                      make check; make distcheck (which also builds an
#                      out-of-tree plugin against the installed SDK); the
#                      suite again under ASan+UBSan; the example run under
#                      valgrind; and a last line "N passed, N failed, N skipped"
#                      (RPO_SKIP_DISTCHECK=1, RPO_SKIP_SANITIZE=1 and
#                      RPO_SKIP_VALGRIND=1 leave a step out)
#   ./dev.sh build     packages and build only
#
# The build happens in _build/ (a VPATH build), so the source tree stays clean.
# Packages are installed with apt-get (through sudo when not root) only when
# one is missing.
set -eu

cd "$(dirname "$0")"
top=$(pwd)
build="$top/_build"

# Build and test dependencies, by Debian package name. systemd gives
# systemd-analyze (tests/integration/systemd.sh verifies the units with it)
# and systemd.pc (configure installs the units where it says); installing it
# in a container starts nothing, and the tests never start systemd.
# prometheus gives promtool (tests/integration/flat_sinks.sh checks the
# prometheus sink's file with `promtool check metrics`; 19 MB download);
# its postinst enables a Prometheus server (port 9090), which starts only
# where systemd runs as init: in a container it starts nothing. chromium
# renders the html sink's page headless (tests/integration/html.sh).
DEPS="build-essential autoconf automake libtool pkg-config libltdl-dev libinih-dev
libsqlite3-dev libssl-dev libjansson-dev libcmocka-dev libcurl4-openssl-dev jq valgrind openssl
python3 systemd prometheus chromium"

install_deps() {
    missing=""
    for p in $DEPS; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    echo "dev.sh: installing Debian packages:$missing"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # shellcheck disable=SC2086
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
}

build() {
    [ -x "$top/configure" ] || (cd "$top" && autoreconf -fi)
    mkdir -p "$build"
    cd "$build"
    [ -f Makefile ] || "$top/configure" --quiet
    make -j"$(nproc 2>/dev/null || echo 2)"
}

# Sums the per-test results automake's TAP driver left in .trs files.
totals() {
    find "$build" -name '*.trs' -not -path '*/rpo-engine-*' -newer "$build/.check-started" -exec cat {} + 2>/dev/null |
        awk '/^:test-result: (PASS|XFAIL)/ {p++} /^:test-result: (FAIL|XPASS|ERROR)/ {f++}
             /^:test-result: SKIP/ {s++}
             END {printf "%d passed, %d failed, %d skipped\n", p, f, s; exit (f > 0 || p == 0)}'
}

cmd=${1:-}
case "$cmd" in
build)
    install_deps
    build
    ;;
example)
    install_deps
    build
    cd "$top"
    RPO_PLUGIN_PATH="$build/plugins" "$build/core/rpo" run -c conf/example.ini --as-of 2025-12-31
    echo "dev.sh: the JSON report is in conf/example-report.json, the HTML page in conf/example-report.html"
    ;;
check)
    install_deps
    build
    touch "$build/.check-started"
    status=0
    make -j"$(nproc 2>/dev/null || echo 2)" check || status=$?
    if [ "$status" -ne 0 ]; then
        find "$build" -name 'test-suite.log' -exec cat {} + | tail -n 200
    fi
    if [ "$status" -eq 0 ] && [ "${RPO_SKIP_DISTCHECK:-0}" != 1 ]; then
        make distcheck >"$build/distcheck.log" 2>&1 || { status=$?; tail -n 80 "$build/distcheck.log"; }
        [ "$status" -eq 0 ] && echo "dev.sh: make distcheck passed"
    fi
    if [ "$status" -eq 0 ] && [ "${RPO_SKIP_SANITIZE:-0}" != 1 ]; then
        # The same suite built with AddressSanitizer, LeakSanitizer and UBSan:
        # any report makes a test exit non-zero and so fail.
        san="$top/_build-sanitize"
        mkdir -p "$san"
        (cd "$san" && { [ -f Makefile ] || "$top/configure" --quiet \
            CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
            LDFLAGS="-fsanitize=address,undefined"; } &&
            ASAN_OPTIONS=detect_leaks=1 make -j"$(nproc 2>/dev/null || echo 2)" check >"$san/check.log" 2>&1) ||
            { status=1; grep -E '^(FAIL|ERROR)' "$san/check.log"; find "$san/tests" -name '*.log' -exec grep -l 'Sanitizer\|runtime error' {} +; }
        [ "$status" -eq 0 ] && echo "dev.sh: the suite passed under ASan+UBSan"
    fi
    if [ "$status" -eq 0 ] && [ "${RPO_SKIP_VALGRIND:-0}" != 1 ]; then
        tmpconf=$(mktemp -d)
        cp -r "$top/conf/example" "$top/conf/example.ini" "$tmpconf/"
        chmod -R u+w "$tmpconf"
        RPO_PLUGIN_PATH="$build/plugins" "$build/libtool" --mode=execute valgrind -q \
            --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
            "$build/core/rpo" run -c "$tmpconf/example.ini" --as-of 2025-12-31 >/dev/null ||
            { status=1; echo "dev.sh: valgrind found errors in the example run"; }
        rm -rf "$tmpconf"
        [ "$status" -eq 0 ] && echo "dev.sh: the example run is clean under valgrind"
    fi
    totals || status=1
    exit "$status"
    ;;
*)
    echo "usage: ./dev.sh example|check|build" >&2
    exit 64
    ;;
esac
