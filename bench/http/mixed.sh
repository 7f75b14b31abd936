#!/usr/bin/env bash
# Mixed HTTP load of issue 7 ("Figures") on a demo city with JKN members:
#   N keep-alive clients (default 32) for D seconds (default 60), 90 % reads (exact NIK lookup,
#   name search, person page, coverage table) and 10 % writes (create or update a resident):
#   count, req/s, p50, p99 and errors per request kind (targets: 0 errors, p99 <= 25 ms);
#   change feed: a probe writes every ~0.5 s and polls search and the coverage table of its
#   kelurahan until the write shows (target p99 <= 1 s); after --probe-timeout s it is "not live".
# Usage: bench/http/mixed.sh [--city 12.71] [--duration 60] [--clients 32] [--threads 2]
#          [--out FILE] [--seed 7] [--probe-interval 0.5] [--probe-timeout 5]
# Env: BUILD (release build folder, default build/http-rel), BENCH_DB (database; made with
# `siklus demo` + `members demo` + `import members` when missing), SKIP_BUILD=1 to use BUILD as is;
# as under bench/run_all.sh: SIKLUS_BIN (the binary; no build), OUT (folder for the database and
# the JSON), FIGURES (each figure also goes there through bench/figure.py, when that exists).
# Writes the figures as JSON to --out (default bench/http/results/mixed-<city>-<UTC time>.json,
# or $OUT/mixed-….json) and prints the path on stdout as the last line. Writes change the
# database (a few thousand residents created per run): use a BENCH_DB that may be changed.
set -euo pipefail
cd "$(dirname "$0")/../.."
CITY=12.71
DURATION=60
CLIENTS=32
THREADS=2
SEED=7
PROBE_INTERVAL=0.5
PROBE_TIMEOUT=5
JSON_OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --city) CITY=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    --threads) THREADS=$2; shift 2 ;;
    --out) JSON_OUT=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --probe-interval) PROBE_INTERVAL=$2; shift 2 ;;
    --probe-timeout) PROBE_TIMEOUT=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
BUILD=${BUILD:-build/http-rel}
DB=${BENCH_DB:-${OUT:-$BUILD}/mixed-${CITY//./}.db}
BIN=${SIKLUS_BIN:-$BUILD/bin/siklus}
WORK=$(mktemp -d /tmp/siklus-bench-mixed.XXXXXX)
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
JSON_OUT=${JSON_OUT:-${OUT:-bench/http/results}/mixed-${CITY//./}-$STAMP.json}
log() { printf '== %s\n' "$*" >&2; }
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

if [ "${SKIP_BUILD:-0}" != 1 ] && [ -z "${SIKLUS_BIN:-}" ]; then
  log "release build in $BUILD"
  cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD" -j2 --target siklus >/dev/null
fi
mkdir -p "$(dirname "$DB")"

if [ ! -f "$DB" ]; then
  log "creating demo city $CITY in $DB"
  /usr/bin/time -f "demo: %e s, %M KiB max RSS" "$BIN" --db "$DB" demo --city "$CITY" --json \
    >"$DB.demo.json"
fi
DEMO_JSON="$DB.demo.json"
[ -f "$DEMO_JSON" ] || { echo "missing $DEMO_JSON (the demo's --json output with the logins)" >&2; exit 1; }
# No membership snapshot yet: the coverage table needs one (`members review list` fails without).
if ! "$BIN" --db "$DB" members review list --page-size 1 >/dev/null 2>&1; then
  log "JKN members: members demo + import members (links them)"
  /usr/bin/time -f "members demo: %e s" "$BIN" --db "$DB" members demo --city "$CITY" \
    --out "$WORK/members.csv" >/dev/null
  /usr/bin/time -f "import members + link: %e s, %M KiB max RSS" "$BIN" --db "$DB" import members \
    "$WORK/members.csv" >/dev/null
  rm -f "$WORK/members.csv"
fi
read -r USERNAME PASSWORD < <(python3 - "$DEMO_JSON" <<'PY'
import json, sys
def walk(v):
    if isinstance(v, dict):
        if v.get("role") == "dinkes_admin" and "username" in v and "password" in v:
            print(v["username"], v["password"]); sys.exit(0)
        for x in v.values(): walk(x)
    elif isinstance(v, list):
        for x in v: walk(x)
walk(json.load(open(sys.argv[1])))
sys.exit("no dinkes_admin login in the demo output")
PY
)

log "starting siklus serve ($THREADS threads)"
"$BIN" --db "$DB" serve --listen 127.0.0.1:0 --threads "$THREADS" --log-level warn \
  >"$WORK/serve.out" 2>"$WORK/serve.err" &
PID=$!
trap 'kill -TERM $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
PORT=""
for _ in $(seq 1 12000); do
  PORT=$(sed -n 's#^listening on http://127.0.0.1:\([0-9]*\).*#\1#p' "$WORK/serve.out")
  [ -n "$PORT" ] && break
  kill -0 $PID 2>/dev/null || { cat "$WORK/serve.err" >&2; exit 1; }
  sleep 0.01
done
[ -n "$PORT" ] || { echo "serve did not print its port" >&2; exit 1; }
URL="http://127.0.0.1:$PORT"
until curl -sf "$URL/api/v1/health" >/dev/null; do sleep 0.01; done

COOKIE=$(curl -s -i -X POST "$URL/api/v1/session" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$USERNAME\",\"password\":\"$PASSWORD\"}" |
  sed -n 's/^[Ss]et-[Cc]ookie: \(sid=[^;]*\).*/\1/p')
[ -n "$COOKIE" ] || { echo "login failed" >&2; exit 1; }

META=$(python3 - "$CITY" "$DB" "$THREADS" "$LOAD_START" <<'PY'
import json, subprocess, sys
city, db, threads, load = sys.argv[1:5]
git = lambda *a: subprocess.run(["git", *a], capture_output=True, text=True).stdout.strip()
print(json.dumps({
    "city": city, "db": db, "server_threads": int(threads),
    "git_commit": git("rev-parse", "HEAD"), "git_branch": git("rev-parse", "--abbrev-ref", "HEAD"),
    "git_dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
    "load_average_at_script_start": [float(x) for x in load.split()],
}))
PY
)
mkdir -p "$(dirname "$JSON_OUT")"
log "machine: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1), $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
log "load: $CLIENTS clients, ${DURATION}s, 90 % reads / 10 % writes, change-feed probe every ${PROBE_INTERVAL}s"
node bench/http/mixed.mjs --url "$URL" --cookie "$COOKIE" --duration "$DURATION" \
  --clients "$CLIENTS" --seed "$SEED" --probe-interval "$PROBE_INTERVAL" \
  --probe-timeout "$PROBE_TIMEOUT" --meta "$META" --out "$JSON_OUT"
log "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

kill -TERM $PID
if wait $PID; then log "serve exited 0 on SIGTERM"; else log "serve exited $? on SIGTERM"; fi
if grep -qiE 'error|critical' "$WORK/serve.err"; then
  log "server log errors (first 5):"; grep -iE 'error|critical' "$WORK/serve.err" | head -5 >&2
fi
trap 'rm -rf "$WORK"' EXIT

# For the one benchmark report (bench/run_all.sh): the figures as bench/figure.py lines.
if [ -n "${FIGURES:-}" ] && [ -f bench/figure.py ]; then
  python3 - "$JSON_OUT" <<'PY' | while IFS=$'\t' read -r key value unit label input; do
import json, sys
r = json.load(open(sys.argv[1]))
c = r["config"]
inp = (f"siklus demo --city {r['city']} + demo members; {c['clients']} keep-alive clients, "
       f"{c['duration_s']} s, 90 % reads / 10 % writes; load average "
       f"{r['load_average_before'][0]} -> {r['load_average_after'][0]}")
names = {"nik": "exact-NIK lookup", "name": "name search", "person": "person page",
         "coverage": "coverage table", "create": "create resident", "update": "update resident",
         "all": "all requests"}
def out(key, value, unit, label):
    if value is not None:
        print("\t".join([f"http.mixed.{key}", str(value), unit, f"mixed load, {label}", inp]))
for k, name in names.items():
    s = r["kinds"][k]
    out(f"{k}.rps", s["rps"], "req/s", f"{name}, throughput")
    out(f"{k}.p50_ms", s["p50_ms"], "ms", f"{name}, p50")
    out(f"{k}.p99_ms", s["p99_ms"], "ms", f"{name}, p99")
    out(f"{k}.errors", s["errors"], "count", f"{name}, errors")
f = r.get("change_feed") or {}
if "error" not in f and f:
    for ch in ("search", "coverage", "both"):
        out(f"feed.{ch}.p99_ms", f[ch]["p99_ms"], "ms", f"write shows in {ch}, p99")
        out(f"feed.{ch}.max_ms", f[ch]["max_ms"], "ms", f"write shows in {ch}, max")
    out("feed.writes", f["attempts"], "count", "change-feed probe writes")
    for ch in ("search", "coverage"):
        out(f"feed.{ch}.not_live", f["not_live"][ch], "count",
            f"probe writes not shown in {ch} within {f['timeout_s']} s")
PY
    bench/figure.py "$key" "$value" "$unit" "$label" --input "$input"
  done
fi
echo "$JSON_OUT"
