# bench/: the deterministic data generator and the side-by-side benchmark
# (see bench/README.md).  Paths are relative to the top folder.
noinst_PROGRAMS += bench/rpo-gen
bench_rpo_gen_SOURCES = bench/rpo-gen.c
EXTRA_DIST += bench/README.md bench/run.sh bench/duckdb.mjs bench/sqlite.sql \
	bench/package.json bench/compare.mjs
