#!/usr/bin/env bash
# End-to-end JKN coverage at city scale: demo city -> demo membership extract -> import (+ link)
# -> coverage of every area. Prints wall seconds and peak RSS per step (/usr/bin/time -v).
#   bench/coverage/run.sh [CITY=3371] [SIKLUS_BIN=build/release/bin/siklus]
set -euo pipefail
cd "$(dirname "$0")/../.."
CITY=${1:-3371}
BIN=${SIKLUS_BIN:-build/release/bin/siklus}
OUT=${OUT:-/tmp/siklus-coverage-bench-$CITY}
mkdir -p "$OUT"
rm -f "$OUT/city.db" "$OUT/city.db-wal" "$OUT/city.db-shm"
step() {
  local name=$1; shift
  /usr/bin/time -v "$@" > "$OUT/$name.json" 2> "$OUT/$name.time"
  local wall mb
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$OUT/$name.time")
  mb=$(awk -F': ' '/Maximum resident set size/ {print $2/1024}' "$OUT/$name.time")
  printf '%-14s %8.1f s  %7.0f MB\n' "$name" "$wall" "$mb"
  bench/figure.py "coverage.$name.wall" "$wall" s "city $CITY: $name, wall time" --input "siklus demo --city $CITY"
  bench/figure.py "coverage.$name.rss" "$mb" MB "city $CITY: $name, peak RSS" --input "siklus demo --city $CITY"
}
step demo "$BIN" --db "$OUT/city.db" demo --city "$CITY" --no-members --json
step members_demo "$BIN" --db "$OUT/city.db" members demo --city "$CITY" --out "$OUT/members.csv" --truth "$OUT/truth.csv" --json
step import_link "$BIN" --db "$OUT/city.db" import members "$OUT/members.csv" --date 2026-11-01 --json
step coverage "$BIN" --db "$OUT/city.db" coverage --region "$CITY" --json
step worklist "$BIN" --db "$OUT/city.db" coverage worklist --region "$CITY" --out "$OUT/worklist.xlsx" --json
cat "$OUT/import_link.json"; echo
head -c 600 "$OUT/coverage.json"; echo
