#!/usr/bin/env bash
# Routing benchmark: the release binary over all 56 Solomon and 56 Li & Lim instances in quality
# (1 s) and fast (100 ms) mode; every solution goes through the independent checker
# (check_solution.py); prints per-class gaps, times and vehicles beside the VROOM 1.14 figures
# measured on this machine kind. Builds nothing: run `./dev build` (or set SIKLUS_BIN) first.
#   bench/routing/run.sh                     everything (about 2 minutes on 2 cores)
#   MODES=fast SETS=solomon bench/routing/run.sh
# Exits 1 if any solution is infeasible or any task is left unassigned.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${SIKLUS_BIN:-$ROOT/build/release/bin/siklus}
DATA=${VRPTW_DATA:-$ROOT/../shared/bench/vrptw}
OUT=${OUT:-$ROOT/build/bench-routing}
MODES=${MODES:-"quality fast"}
SETS=${SETS:-"solomon li_lim"}
CITY=${CITY:-1}
THREADS=${THREADS:-2}
SEED=${SEED:-1}
[ -x "$BIN" ] || { echo "run.sh: no binary at $BIN (./dev build, or set SIKLUS_BIN)" >&2; exit 1; }
[ -d "$DATA/solomon" ] || { echo "run.sh: no benchmark data at $DATA (set VRPTW_DATA)" >&2; exit 1; }
mkdir -p "$OUT"
echo "machine: $(nproc) cores, $(uptime | sed 's/.*load average/load average/')" >&2
RESULTS="$OUT/results.csv"
echo "set,mode,instance,cost,vehicles,unassigned,solver_ms,wall_ms,feasible" > "$RESULTS"
bad=0
for mode in $MODES; do
  case $mode in
    quality) limit=1000 ;;
    fast) limit=100 ;;
    *) echo "unknown mode $mode" >&2; exit 2 ;;
  esac
  for set in $SETS; do
    case $set in
      solomon) dir="$DATA/solomon"; flag=--solomon ;;
      li_lim) dir="$DATA/li_lim_100"; flag=--li-lim ;;
      *) echo "unknown set $set" >&2; exit 2 ;;
    esac
    echo "== $set $mode ($limit ms)" >&2
    for file in "$dir"/*.txt; do
      name=$(basename "$file" .txt)
      sol="$OUT/${set}_${mode}_${name}.json"
      t0=$(date +%s%N)
      if ! "$BIN" route solve "$flag" "$file" --time-limit-ms "$limit" --threads "$THREADS" \
          --seed "$SEED" --json > "$sol"; then
        echo "FAILED: $name: solver exited non-zero: $(head -c 300 "$sol")" >&2
        bad=1
        continue
      fi
      wall=$(( ($(date +%s%N) - t0) / 1000000 ))
      feasible=yes
      if ! python3 "$ROOT/bench/routing/check_solution.py" "$set" "$file" "$sol"; then
        feasible=no
        bad=1
      fi
      python3 - "$sol" "$set" "$mode" "$name" "$wall" "$feasible" >> "$RESULTS" <<'PY'
import json, sys
sol, s, mode, name, wall, feasible = sys.argv[1:]
d = json.load(open(sol))
print(f"{s},{mode},{name},{d['cost']:.4f},{d['vehicles']},{len(d['unassigned'])},{d['ms']:.1f},{wall},{feasible}")
PY
    done
  done
done
python3 "$ROOT/bench/routing/report.py" "$RESULTS" "$DATA" || bad=1
if [ "$CITY" = 1 ]; then
  # The realistic city day: 41 puskesmas, 150 teams with skills and breaks, 2,000 visits in
  # Medan, haversine travel. `route solve` runs the engine's checker on its own answer.
  python3 "$ROOT/bench/routing/make_city_day.py" --seed "$SEED" > "$OUT/city_day.json"
  t0=$(date +%s%N)
  if "$BIN" route solve "$OUT/city_day.json" --time-limit-ms 9500 --threads "$THREADS" \
      --seed "$SEED" --json > "$OUT/city_day_solution.json"; then
    wall=$(( ($(date +%s%N) - t0) / 1000000 ))
    python3 - "$OUT/city_day_solution.json" "$wall" <<'PY'
import collections, json, os, sys
d = json.load(open(sys.argv[1]))
reasons = collections.Counter(u["reason"] for u in d["unassigned"])
served = sum(1 for r in d["routes"] for s in r["steps"] if s["type"] == "job")
print(f"city day (Medan, 2000 visits, 150 teams, 41 depots): served {served}, "
      f"unassigned {len(d['unassigned'])} {dict(reasons)}, teams used {d['vehicles']}, "
      f"travel {d['travel_cost'] / 3600:.1f} team-hours, {d['ms']:.0f} ms in the command, "
      f"wall {sys.argv[2]} ms, {d['iterations']} iterations, checker: feasible")
if os.environ.get("FIGURES"):
    what = "city day (Medan, 2,000 visits, 150 teams, 41 depots, 9.5 s limit)"
    with open(os.environ["FIGURES"], "a") as f:
        for key, value, unit, label in (("served", served, "", "visits served"),
                                        ("teams", d["vehicles"], "", "teams used"),
                                        ("ms", d["ms"], "ms", "time in the command")):
            f.write(json.dumps({"key": f"routing.city_day.{key}", "value": value, "unit": unit,
                                "label": f"{what}: {label}", "input": ""}) + "\n")
PY
  else
    echo "FAILED: city day: $(head -c 300 "$OUT/city_day_solution.json")" >&2
    bad=1
  fi
fi
if [ "$bad" != 0 ]; then
  echo "!!!!! ROUTING BENCHMARK FAILED: an infeasible or incomplete solution (see above) !!!!!" >&2
  exit 1
fi
