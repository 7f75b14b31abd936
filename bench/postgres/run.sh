#!/usr/bin/env bash
# The same city on both backends, side by side in one run: demo city, member extract import and
# linking, coverage of every area, backup and restore, each timed on SQLite and on PostgreSQL
# (a throwaway pg_virtualenv cluster unless PGHOST or SIKLUS_BENCH_PG_URL, a server URL without
# a database such as postgresql://user:pw@host:5432, names a server).
# Reports PostgreSQL's wall time per step with SQLite's as the peer (the ratio is PG / SQLite).
#   bench/postgres/run.sh [CITY=3371] [SIKLUS_BIN=build/release/bin/siklus]
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${PGHOST:-}" ] && [ -z "${SIKLUS_BENCH_PG_URL:-}" ]; then
  exec pg_virtualenv -t "$0" "$@"
fi
CITY=${1:-3371}
BIN=${SIKLUS_BIN:-build/release/bin/siklus}
OUT=${OUT:-/tmp/siklus-postgres-bench-$CITY}
SERVER=${SIKLUS_BENCH_PG_URL:-postgresql://}
mkdir -p "$OUT"
rm -f "$OUT"/*.db "$OUT"/*.db-wal "$OUT"/*.db-shm "$OUT"/*.backup
db_url() { # $1 backend, $2 name
  if [ "$1" = sqlite ]; then echo "$OUT/$2.db"; else echo "$SERVER/sk_bench_$2"; fi
}
fresh_pg() { psql -X -q "$SERVER/postgres" -c "DROP DATABASE IF EXISTS sk_bench_$1 WITH (FORCE)" -c "CREATE DATABASE sk_bench_$1"; }
declare -A WALL
step() { # backend name command...
  local backend=$1 name=$2; shift 2
  /usr/bin/time -f '%e' -o "$OUT/$backend.$name.time" "$@" > "$OUT/$backend.$name.out" 2> "$OUT/$backend.$name.err" \
    || { echo "$backend $name failed:"; tail -5 "$OUT/$backend.$name.err"; exit 1; }
  WALL[$backend.$name]=$(tail -1 "$OUT/$backend.$name.time")
  printf '%-10s %-12s %8.1f s\n' "$backend" "$name" "${WALL[$backend.$name]}"
}
"$BIN" --db "$OUT/members-src.db" demo --city "$CITY" --no-members --json > /dev/null
"$BIN" --db "$OUT/members-src.db" members demo --city "$CITY" --out "$OUT/members.csv" --json > /dev/null
for backend in sqlite postgresql; do
  [ "$backend" = postgresql ] && fresh_pg city && fresh_pg restored
  city=$(db_url $backend city)
  step $backend demo "$BIN" --db "$city" demo --city "$CITY" --no-members --json
  step $backend import_link "$BIN" --db "$city" import members "$OUT/members.csv" --date 2026-11-01 --json
  step $backend coverage "$BIN" --db "$city" coverage --region "$CITY" --json
  step $backend backup "$BIN" --db "$city" backup --to "$OUT/$backend.backup" --json
  step $backend restore "$BIN" --db "$(db_url $backend restored)" restore --from "$OUT/$backend.backup" --json
  bench/figure.py "postgres.backup_bytes.$backend" "$(stat -c %s "$OUT/$backend.backup")" B \
    "city $CITY: backup file size on $backend"
done
for name in demo import_link coverage backup restore; do
  pg=${WALL[postgresql.$name]} lite=${WALL[sqlite.$name]}
  printf '%-12s PostgreSQL/SQLite = %.2f\n' "$name" "$(python3 -c "print($pg / max($lite, 0.001))")"
  bench/figure.py "postgres.$name.wall" "$pg" s "city $CITY: $name on PostgreSQL, wall time" \
    --input "siklus demo --city $CITY" --peer sqlite "$lite" "same run"
done
