#!/bin/sh
# bench/run.sh [ROWS...] — rpo against DuckDB and SQLite on the same data.
#
# For each row count (default 1000000): generate requisitions, applications
# and costs with rpo-gen into bench/out/ROWS/, compute the same quarterly
# metrics with rpo, DuckDB (node + @duckdb/node-api) and the sqlite3 CLI,
# check that all three agree value by value (bench/compare.mjs), and print
# wall time, peak RSS and the ratios rpo/DuckDB and rpo/sqlite.
# Fails (exit 1) on any mismatch.  See bench/README.md.
#
# Environment:
#   BUILDDIR       where rpo was built (default: the top folder)
#   BENCH_ENGINES  engines to run (default "rpo duckdb sqlite"; rpo is always
#                  compared when run)
#   BENCH_SEED     rpo-gen seed (default 1)
#   BENCH_REPEAT   timed runs per engine; the fastest is reported (default 1)
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
builddir=${BUILDDIR:-$top}
case $builddir in /*) ;; *) builddir=$(cd "$builddir" && pwd) ;; esac
engines=${BENCH_ENGINES:-rpo duckdb sqlite}
seed=${BENCH_SEED:-1}
repeat=${BENCH_REPEAT:-1}
out=$here/out
[ $# -gt 0 ] || set -- 1000000

die() { echo "bench: $*" >&2; exit 2; }
has() { case " $engines " in *" $1 "*) return 0 ;; esac; return 1; }

for n in "$@"; do
  case $n in ''|*[!0-9]*) die "row count must be a number: $n" ;; esac
done

# ---- tools
TIME=/usr/bin/time
[ -x "$TIME" ] || die "/usr/bin/time missing: install Debian's time package (apt-get install time)"
if has sqlite; then
  command -v sqlite3 >/dev/null || die "sqlite3 missing: apt-get install sqlite3"
fi
command -v node >/dev/null || die "node missing (needed by DuckDB and the comparison): apt-get install nodejs npm"
if has duckdb && [ ! -d "$here/node_modules/@duckdb/node-api" ]; then
  echo "bench: installing @duckdb/node-api into bench/node_modules" >&2
  (cd "$here" && npm install --no-audit --no-fund --loglevel=error) >&2 ||
    die "npm install failed (needs the npm registry)"
fi
rpo=$builddir/core/rpo
if has rpo; then
  [ -x "$rpo" ] || die "$rpo not built: run make (or set BUILDDIR), or BENCH_ENGINES='duckdb sqlite'"
fi

# ---- generator: the build's, or compiled here
mkdir -p "$out"
gen=$builddir/bench/rpo-gen
if [ ! -x "$gen" ] || [ "$here/rpo-gen.c" -nt "$gen" ]; then
  gen=$out/rpo-gen
  if [ ! -x "$gen" ] || [ "$here/rpo-gen.c" -nt "$gen" ]; then
    ${CC:-cc} -std=c11 -O2 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
      -o "$gen" "$here/rpo-gen.c" || die "cannot compile bench/rpo-gen.c"
  fi
fi
gensum=$(cksum < "$here/rpo-gen.c" | cut -d' ' -f1)

# timed ENGINE DIR CMD...: runs CMD (stdout to DIR/ENGINE.out) BENCH_REPEAT
# times and leaves "wall_s rss_kb" of the fastest run in DIR/ENGINE.time
timed() {
  eng=$1 dir=$2
  shift 2
  best=
  i=0
  while [ $i -lt "$repeat" ]; do
    i=$((i + 1))
    if ! "$TIME" -f '%e %M' -o "$dir/$eng.time.run" "$@" > "$dir/$eng.out" 2> "$dir/$eng.err"; then
      echo "bench: $eng failed on $dir:" >&2
      tail -n 20 "$dir/$eng.err" >&2
      exit 1
    fi
    t=$(tail -n 1 "$dir/$eng.time.run")
    if [ -z "$best" ] || [ "$(echo "$t $best" | awk '{ print ($1 < $3) }')" = 1 ]; then
      best=$t
    fi
  done
  echo "$best" > "$dir/$eng.time"
  rm -f "$dir/$eng.time.run"
}

status=0
summary=$out/summary.txt
: > "$summary"
for n in "$@"; do
  dir=$out/$n
  mkdir -p "$dir"
  stamp="rows=$n seed=$seed gen=$gensum"
  if [ ! -f "$dir/.stamp" ] || [ "$(cat "$dir/.stamp")" != "$stamp" ]; then
    echo "bench: generating $n applications into $dir" >&2
    rm -f "$dir/.stamp"
    "$gen" --out "$dir" --seed "$seed" --applications "$n" \
      --only requisitions,applications,costs
    echo "$stamp" > "$dir/.stamp"
  fi
  cat > "$dir/bench.ini" <<'INI'
; written by bench/run.sh
[engagement]
name = bench
min_n = 1
; the peers compute the whole engagement per quarter: so does rpo here (the
; per-segment values of all seven dimensions cost more; see bench/README.md)
segments =

[source.requisitions]
plugin = csv
record = requisition
file = requisitions.csv

[source.applications]
plugin = csv
record = application
file = applications.csv

[source.costs]
plugin = csv
record = cost
file = costs.csv

[sink.json]
plugin = json
file = rpo.json
INI
  size=$(du -k "$dir/requisitions.csv" "$dir/applications.csv" "$dir/costs.csv" | awk '{ s += $1 } END { printf "%.1f", s / 1024 }')
  echo "bench: $n applications, $size MB of CSV ($dir)" >&2

  if has rpo; then
    # a fresh engagement every run: no store, no report left from before
    (cd "$dir" && find . -maxdepth 1 -type f ! -name '*.csv' ! -name bench.ini \
       ! -name '.stamp' ! -name '*.time' ! -name '*.out' ! -name '*.err' \
       ! -name 'compare.txt' -delete)
    echo "bench: rpo" >&2
    timed rpo "$dir" env RPO_PLUGIN_PATH="$builddir/plugins" \
      "$rpo" run -c "$dir/bench.ini" --as-of 2100-01-01
    [ -s "$dir/rpo.json" ] || { echo "bench: rpo wrote no $dir/rpo.json" >&2; exit 1; }
  fi
  if has duckdb; then
    echo "bench: duckdb" >&2
    timed duckdb "$dir" node "$here/duckdb.mjs" "$dir"
  fi
  if has sqlite; then
    echo "bench: sqlite" >&2
    (cd "$dir" && timed sqlite "$dir" sqlite3 -batch -init /dev/null :memory: \
       ".read $here/sqlite.sql" < /dev/null)
  fi

  cmp_args=
  has duckdb && cmp_args="$cmp_args --duckdb $dir/duckdb.out"
  has sqlite && cmp_args="$cmp_args --sqlite $dir/sqlite.out"
  has rpo && cmp_args="$cmp_args --rpo $dir/rpo.json"
  # shellcheck disable=SC2086
  if node "$here/compare.mjs" $cmp_args --table "$dir/compare.txt"; then
    verdict="all values equal"
  else
    verdict="MISMATCH (see $dir/compare.txt)"
    status=1
  fi

  {
    echo "== $n applications ($size MB CSV): $verdict"
    printf '%-8s %10s %14s\n' engine wall_s peak_rss_MB
    for e in $engines; do
      read -r w m < "$dir/$e.time"
      printf '%-8s %10.2f %14.1f\n' "$e" "$w" "$(echo "$m" | awk '{ print $1 / 1024 }')"
    done
    if has rpo; then
      read -r rw rm < "$dir/rpo.time"
      for e in duckdb sqlite; do
        has $e || continue
        read -r w m < "$dir/$e.time"
        echo "$rw $rm $w $m" | awk -v e="$e" '{
          printf "rpo/%-7s wall %6.2fx   peak RSS %6.2fx\n", e,
                 ($3 > 0 ? $1 / $3 : 0), ($4 > 0 ? $2 / $4 : 0) }'
      done
    fi
  } | tee -a "$summary"
done
exit $status
