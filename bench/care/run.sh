#!/usr/bin/env bash
# Life-cycle care at city scale: the demo city with its service history, then due lists of one
# RW, the largest kelurahan and the whole city (the `ms` each `siklus due` reports: the list from
# the in-memory due index, audit write included), and the sasaran of the city.
#   bench/care/run.sh [CITY=3371] [SIKLUS_BIN=build/release/bin/siklus]
set -euo pipefail
cd "$(dirname "$0")/../.."
CITY=${1:-3371}
BIN=${SIKLUS_BIN:-build/release/bin/siklus}
OUT=${OUT:-/tmp/siklus-care-bench-$CITY}
mkdir -p "$OUT"
rm -f "$OUT/city.db" "$OUT/city.db-wal" "$OUT/city.db-shm"
/usr/bin/time -v "$BIN" --db "$OUT/city.db" demo --city "$CITY" --no-members --json \
  > "$OUT/demo.json" 2> "$OUT/demo.time"
read -r services history_s < <(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(d["services"], d["care_history"]["seconds"])' "$OUT/demo.json")
rss=$(awk -F': ' '/Maximum resident set size/ {print $2/1024}' "$OUT/demo.time")
printf 'demo history   %8.1f s  %d services  (demo peak RSS %.0f MB)\n' "$history_s" "$services" "$rss"
bench/figure.py care.demo_history.wall "$history_s" s "city $CITY: generate and insert the care history" \
  --input "siklus demo --city $CITY ($services services)"
village=$(sqlite3 "$OUT/city.db" "SELECT village_code FROM person GROUP BY 1 ORDER BY COUNT(*) DESC LIMIT 1")
for pair in "rw:$village.RW01" "kelurahan:$village" "city:$CITY"; do
  level=${pair%%:*}
  area=${pair#*:}
  "$BIN" --db "$OUT/city.db" due --region "$area" --json > "$OUT/due.json"
  read -r items ms < <(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(len(d["items"]), d["ms"])' "$OUT/due.json")
  printf 'due %-16s %8.1f ms  %d items\n' "$area" "$ms" "$items"
  bench/figure.py "care.due.$level" "$ms" ms "city $CITY: due list of $area ($items items)" \
    --input "siklus due --region $area"
done
"$BIN" --db "$OUT/city.db" care targets --region "$CITY" --json | head -c 400; echo
