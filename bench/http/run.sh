#!/usr/bin/env bash
# HTTP figures of issue 2 on a Medan-scale city (~2.5 M residents), with wrk and keep-alive:
#   exact-NIK lookup p99 (target <= 2 ms), name search p99 (target <= 50 ms),
#   cold start of `siklus serve` to the first answered request (target <= 10 s).
# Usage: bench/http/run.sh [--city 12.71] [--duration 20] [--connections 4]
# Env: BUILD (release build folder, default build/http-rel), BENCH_DB (database; made with
# `siklus demo` when missing), KEEP_DB=1 to keep a database it made.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
CITY=12.71
DURATION=20
CONNECTIONS=4
while [ $# -gt 0 ]; do
  case "$1" in
    --city) CITY=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
BUILD=${BUILD:-build/http-rel}
WORK=$(mktemp -d /tmp/siklus-bench-http.XXXXXX)
DB=${BENCH_DB:-${OUT:-$BUILD}/bench-${CITY//./}.db}
log() { printf '== %s\n' "$*" >&2; }

# SIKLUS_BIN (set by bench/run_all.sh) skips the build.
if [ -n "${SIKLUS_BIN:-}" ]; then
  BIN=$SIKLUS_BIN
else
  BIN=$BUILD/bin/siklus
  log "release build in $BUILD"
  cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$BUILD" -j2 --target siklus >/dev/null
fi
mkdir -p "$(dirname "$DB")"

if [ ! -f "$DB" ]; then
  log "creating demo city $CITY in $DB"
  /usr/bin/time -v "$BIN" --db "$DB" demo --city "$CITY" --json >"$DB.demo.json" 2>"$WORK/demo.time"
  grep -E "Elapsed|Maximum resident" "$WORK/demo.time" >&2 || true
fi
DEMO_JSON="$DB.demo.json"
[ -f "$DEMO_JSON" ] || { echo "missing $DEMO_JSON (the demo's --json output with the logins)" >&2; exit 1; }
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

# Drop the database from the page cache? Not possible without root everywhere; "cold" here is a
# fresh process (index built from the store), with the file as the OS happens to cache it.
log "cold start: spawn -> first answered /api/v1/health"
start_ns=$(date +%s%N)
"$BIN" --db "$DB" serve --listen 127.0.0.1:0 --log-level warn >"$WORK/serve.out" 2>"$WORK/serve.err" &
PID=$!
trap 'kill -TERM $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT
PORT=""
for _ in $(seq 1 6000); do
  PORT=$(sed -n 's#^listening on http://127.0.0.1:\([0-9]*\).*#\1#p' "$WORK/serve.out")
  [ -n "$PORT" ] && break
  kill -0 $PID 2>/dev/null || { cat "$WORK/serve.err" >&2; exit 1; }
  sleep 0.01
done
until curl -sf "http://127.0.0.1:$PORT/api/v1/health" >/dev/null; do sleep 0.005; done
end_ns=$(date +%s%N)
COLD_MS=$(( (end_ns - start_ns) / 1000000 ))
log "cold start ${COLD_MS} ms"
URL="http://127.0.0.1:$PORT"

COOKIE=$(curl -s -i -X POST "$URL/api/v1/session" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$USERNAME\",\"password\":\"$PASSWORD\"}" |
  sed -n 's/^[Ss]et-[Cc]ookie: \(sid=[^;]*\).*/\1/p')
[ -n "$COOKIE" ] || { echo "login failed" >&2; exit 1; }

log "sampling people for NIK and name targets"
python3 - "$URL" "$COOKIE" "$WORK" <<'PY'
import json, random, sys, urllib.request, urllib.parse
url, cookie, work = sys.argv[1:4]
def get(path):
    req = urllib.request.Request(url + path, headers={"Cookie": cookie})
    return json.load(urllib.request.urlopen(req))
total = get("/api/v1/people?page_size=1")["total"]
rng = random.Random(7)
people = []
for _ in range(40):
    page = rng.randint(1, max(1, min(total // 100, 10000)))
    people += get(f"/api/v1/people?page={page}&page_size=100")["items"]
rng.shuffle(people)
with open(f"{work}/nik.txt", "w") as f:
    for p in people[:2000]:
        f.write(f"/api/v1/people?q={p['nik']}\n")
def typo(name):
    words = name.split()
    i = max(range(len(words)), key=lambda k: len(words[k]))
    w = words[i]
    if len(w) >= 4:
        j = rng.randint(1, len(w) - 3)
        w = w[:j] + w[j + 1] + w[j] + w[j + 2:]
    words[i] = w
    return " ".join(words)
with open(f"{work}/name.txt", "w") as f:
    for k, p in enumerate(people[:2000]):
        q = p["name"] if k % 2 else typo(p["name"])
        f.write("/api/v1/people?q=" + urllib.parse.quote_plus(q) + "\n")
print(f"{total} residents; {len(people)} sampled", file=sys.stderr)
PY

bench() {
  local name=$1 file=$2
  log "wrk $name: ${DURATION}s, $CONNECTIONS connections, 1 thread, keep-alive"
  TARGETS="$file" COOKIE="$COOKIE" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency \
    -s bench/http/targets.lua "$URL" | tee "$WORK/$name.wrk" >&2
  sed -n "s/^BENCH /$name /p" "$WORK/$name.wrk"
}
RESULTS=$( { bench nik "$WORK/nik.txt"; bench name "$WORK/name.txt"; } )

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); city $CITY; db $DB"
echo "cold_start_ms=$COLD_MS (target <= 10000)"
echo "$RESULTS" | sed 's/^nik /exact NIK lookup (target p99 <= 2 ms): /; s/^name /name search (target p99 <= 50 ms): /'

IN="siklus demo --city $CITY; 2,000 sampled targets; wrk 1 thread, $CONNECTIONS connections, ${DURATION} s"
bench/figure.py http.cold_start "$COLD_MS" ms "cold start of siklus serve to first answer" --input "siklus demo --city $CITY"
while read -r kind rest; do
  label=$([ "$kind" = nik ] && echo "exact-NIK lookup" || echo "name search (half with a typo)")
  for kv in $rest; do
    k=${kv%%=*} v=${kv#*=}
    case $k in
      p50_ms|p99_ms) bench/figure.py "http.$kind.$k" "$v" ms "$label, ${k%_ms}" --input "$IN" ;;
      rps) bench/figure.py "http.$kind.rps" "$v" "req/s" "$label, throughput" --input "$IN" ;;
      non2xx) bench/figure.py "http.$kind.non2xx" "$v" "" "$label, non-2xx answers" --input "$IN" ;;
    esac
  done
done <<<"$RESULTS"

kill -TERM $PID
wait $PID && echo "serve exited 0 on SIGTERM" || echo "serve exited $? on SIGTERM"
trap 'rm -rf "$WORK"' EXIT

# The mixed load of issue 7 (bench/http/mixed.sh) on the same database, so `./dev bench http`
# reports it too; HTTP_MIXED=0 skips it.
if [ "${HTTP_MIXED:-1}" != 0 ]; then
  BENCH_DB="$DB" SIKLUS_BIN="$BIN" bench/http/mixed.sh --city "$CITY" >&2
fi
