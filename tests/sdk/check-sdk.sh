#!/bin/sh
# check-sdk.sh BINDIR — run by `make installcheck` (and so by distcheck): build
# an out-of-tree plugin against the installed SDK with `pkg-config rpo` alone,
# then run the installed rpo with it. PKG_CONFIG_PATH must find rpo.pc.
set -eu
bindir=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rpo-sdk.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

abi=$(pkg-config --variable=abi_major rpo).$(pkg-config --variable=abi_minor rpo)
plugindir=$(pkg-config --variable=plugindir rpo)
libdir=$(pkg-config --variable=libdir rpo)
echo "check-sdk: rpo.pc says ABI $abi, plugindir $plugindir"
# rpo.pc's numbers come from configure.ac, the engine's from rpo/plugin.h: they must agree.
"$bindir/rpo" --version | grep -q "(plugin ABI $abi)" ||
    { echo "check-sdk: rpo.pc says ABI $abi but $("$bindir/rpo" --version)" >&2; exit 1; }
[ -f "$plugindir/source_csv.so" ] || { echo "check-sdk: no source_csv.so in $plugindir" >&2; exit 1; }
# shellcheck disable=SC2046
${CC:-cc} -std=c11 -Wall -Wextra -Werror -fPIC -shared -o "$tmp/source_hello.so" \
    "$here/source_hello.c" $(pkg-config --cflags --libs rpo) -Wl,-rpath,"$libdir"
cat >"$tmp/e.ini" <<CFG
[engagement]
name = SDK check
min_n = 1
plugin_path = .
[source.hello]
plugin = hello
record = application
count = 3
[sink.json]
plugin = json
file = out.json
CFG
"$bindir/rpo" run -c "$tmp/e.ini" --as-of 2024-12-31
got=$(jq -r '.metrics[] | select(.id == "applications") | .values.overall.value' "$tmp/out.json")
[ "$got" = 3 ] || { echo "check-sdk: expected 3 applications, got $got" >&2; exit 1; }
"$bindir/rpo" plugins -c "$tmp/e.ini" | grep -q '^source hello 1.0' || { echo "check-sdk: rpo plugins does not list hello" >&2; exit 1; }
echo "check-sdk: out-of-tree plugin built with pkg-config and run by the installed rpo: ok"
