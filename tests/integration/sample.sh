#!/bin/sh
# sample.sh — rpo sample: the hiring managers active in a period, drawn at
# random but reproducibly, by pseudonym; checked against sample_check.py,
# which does the same draw independently (HMAC-SHA256, splitmix64,
# Fisher-Yates) from requisitions.csv.
. "$(dirname "$0")/tap.sh"
set -e

fx="$top_srcdir/tests/fixtures/registry"
cp "$fx"/*.csv "$fx/registry.ini" "$tmp/"
printf 'a sampling key of the test, 32 b\n' >"$tmp/key"
chmod 600 "$tmp/key"
sed -i 's/^name = Registry fixture$/&\npseudonym_key_file = key/' "$tmp/registry.ini"
check="python3 $top_srcdir/tests/integration/sample_check.py $tmp/requisitions.csv $tmp/key"

run_rpo sample -c "$tmp/registry.ini" --as-of 2025-11-15 --period 2025Q3 --fraction 0.5 --seed 7
expect_rc "a sample of 2025Q3" 0
expect_eq "the draw equals the independent one" "$(cat "$tmp/out")" \
    "$($check 2025-07-01 2025-09-30 2025-11-15 0.5 7 0)"
cp "$tmp/out" "$tmp/first"
run_rpo sample -c "$tmp/registry.ini" --as-of 2025-11-15 --period 2025Q3 --fraction 0.5 --seed 7
expect_eq "the same seed draws the same sample" "$(cat "$tmp/out")" "$(cat "$tmp/first")"
run_rpo sample -c "$tmp/registry.ini" --as-of 2025-11-15 --period 2025Q3 --fraction 1 --seed 7
expect_eq "fraction 1: every manager active in the period" "$(wc -l <"$tmp/out")" \
    "$($check 2025-07-01 2025-09-30 2025-11-15 1 7 0 | wc -l)"
run_rpo sample -c "$tmp/registry.ini" --as-of 2025-11-15 --period 2025Q3 --fraction 0.5 --seed 7 \
    --stratify level
expect_rc "stratified by level" 0
expect_eq "the stratified draw equals the independent one" "$(cat "$tmp/out")" \
    "$($check 2025-07-01 2025-09-30 2025-11-15 0.5 7 1)"
# No raw id: the managers' ids appear nowhere in the output.
ids=$(cut -d, -f13 "$tmp/requisitions.csv" | sed 1d | sort -u)
leaked=""
for id in $ids; do grep -qF "$id" "$tmp/out" && leaked="$leaked $id"; done
expect_eq "hiring managers only as pseudonyms" "$leaked" ""

# Mistakes: one clear line each.
sed -i '/^pseudonym_key_file = key$/d' "$tmp/registry.ini"
run_rpo sample -c "$tmp/registry.ini" --as-of 2025-11-15 --period 2025Q3 --fraction 0.5 --seed 7
expect_rc "no key" 78
expect_err "the key is asked for" "needs the key: set [engagement] pseudonym_key_file"
run_rpo sample -c "$tmp/registry.ini" --period 2025Q3 --fraction 1.5 --seed 7
expect_rc "a fraction above 1" 64
run_rpo sample -c "$tmp/registry.ini" --period 2025Q3 --seed 7
expect_err "the missing option is named" "sample needs -c FILE, --period, --fraction and --seed"
finish
