#!/usr/bin/env bash
# The live PWS at city scale (issue 11): on the demo city with its service history, the time the
# server takes to build the figures at start, the PWS table of the city, of one puskesmas and of
# every kelurahan at once (children=kelurahan) over HTTP (p50/p95), how long a
# recorded service takes to show in the table, and DuckDB computing the same month table for the
# kelurahan from the same data exported to CSV, side by side (bench/pws/duckdb.mjs).
#   bench/pws/run.sh [CITY=3371] [SIKLUS_BIN=build/release/bin/siklus] [PERIOD=YYYY-MM]
set -euo pipefail
cd "$(dirname "$0")/../.."
CITY=${1:-3371}
BIN=${SIKLUS_BIN:-build/release/bin/siklus}
OUT=${OUT:-/tmp/siklus-pws-bench-$CITY}
mkdir -p "$OUT"
if [ ! -f "$OUT/city.db" ] || [ ! -f "$OUT/demo.json" ]; then
  rm -f "$OUT/city.db" "$OUT/city.db-wal" "$OUT/city.db-shm"
  "$BIN" --db "$OUT/city.db" demo --city "$CITY" --json > "$OUT/demo.json"
fi
read -r USERNAME PASSWORD < <(python3 - "$OUT/demo.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
def walk(v):
    if isinstance(v, dict):
        if v.get("role") == "dinkes_admin" and "username" in v and "password" in v:
            print(v["username"], v["password"]); sys.exit(0)
        for x in v.values(): walk(x)
    elif isinstance(v, list):
        for x in v: walk(x)
walk(d)
sys.exit("no dinkes_admin login in the demo output")
PY
)
PERIOD=${PERIOD:-$(date -u +%Y-%m)}

# The CSV export DuckDB reads: residents, and the services with the fields the measures need.
sqlite3 -header -csv "$OUT/city.db" \
  "SELECT id, village_code, rw, sex, birth_date, status FROM person WHERE village_code LIKE '$CITY%'" \
  > "$OUT/person.csv"
sqlite3 -header -csv "$OUT/city.db" \
  "SELECT person_id, service, date, CAST(json_extract(fields, '\$.visit') AS INTEGER) AS visit,
          CAST(json_extract(fields, '\$.weight_kg') AS REAL) AS weight_kg
   FROM care_service WHERE deleted = 0 AND city_code = '$CITY'" > "$OUT/service.csv"

"$BIN" --db "$OUT/city.db" serve --listen 127.0.0.1:0 --log-level info >"$OUT/serve.out" 2>"$OUT/serve.err" &
PID=$!
trap 'kill -TERM $PID 2>/dev/null || true; wait $PID 2>/dev/null || true' EXIT
PORT=""
for _ in $(seq 1 60000); do
  PORT=$(sed -n 's#^listening on http://127.0.0.1:\([0-9]*\).*#\1#p' "$OUT/serve.out")
  [ -n "$PORT" ] && break
  kill -0 $PID 2>/dev/null || { cat "$OUT/serve.err" >&2; exit 1; }
  sleep 0.01
done
BUILD_MS=$(sed -n 's/.*PWS figures built in \([0-9]*\) ms.*/\1/p' "$OUT/serve.err" | head -1)
RSS_MB=$(awk '/VmRSS/ {print int($2/1024)}' /proc/$PID/status)
echo "PWS figures built at start: ${BUILD_MS} ms (server RSS ${RSS_MB} MB)"
bench/figure.py pws.build.ms "$BUILD_MS" ms "city $CITY: build every PWS figure from the store at start"
node bench/pws/bench.mjs --url "http://127.0.0.1:$PORT" --user "$USERNAME" --password "$PASSWORD" \
  --city "$CITY" --period "$PERIOD" --db "$OUT/city.db" --csv "$OUT" | tee "$OUT/bench.txt"
