#!/usr/bin/env bash
# Homecare planning at Medan scale (issue 12): a synthetic week of 41 puskesmas, 150 teams and
# 2,500 care plans of the demo programme's mix, planned by `siklus homecare bench` (no database:
# the planner alone), every puskesmas-day checked by the independent routing checker; then one
# cancellation and one urgent insertion, timed, with the other visits that moved counted.
#   bench/homecare/run.sh [SIKLUS_BIN=build/release/bin/siklus]
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${SIKLUS_BIN:-build/release/bin/siklus}
OUT=${OUT:-/tmp/siklus-homecare-bench}
mkdir -p "$OUT"
"$BIN" homecare bench --puskesmas 41 --teams 150 --plans 2500 --days 7 --json > "$OUT/week.json"
python3 - "$OUT/week.json" <<'PY'
import json, subprocess, sys
d = json.load(open(sys.argv[1]))
others = max(1, d["assigned"] - 1)
print(f'week: {d["visits"]} visits, {d["assigned"]} assigned, unassigned {d["unassigned"]}, '
      f'continuity {d["continuity_pct"]} %, {d["plan_ms"] / 1000:.1f} s, checker {d["checker"]}')
print(f'cancel {d["cancel"]["ms"]:.1f} ms ({d["cancel"]["moved"]} moved), '
      f'insert {d["insert"]["ms"]:.1f} ms ({d["insert"]["moved"]} moved), checker {d["checker_after"]}')
def fig(*a):
    subprocess.run(["bench/figure.py", *a], check=True)
inp = "siklus homecare bench --puskesmas 41 --teams 150 --plans 2500 --days 7"
fig("homecare.week.wall", str(d["plan_ms"] / 1000), "s", f'Medan week: {d["visits"]} visits planned', "--input", inp)
fig("homecare.week.assigned_pct", str(100 * d["assigned"] / d["visits"]), "%", "visits placed", "--input", inp)
fig("homecare.week.continuity", str(d["continuity_pct"]), "%", "placed visits with the usual team", "--input", inp)
fig("homecare.replan.cancel_ms", str(d["cancel"]["ms"]), "ms", "re-plan after one cancellation", "--input", inp)
fig("homecare.replan.cancel_moved_pct", str(100 * d["cancel"]["moved"] / others), "%", "other visits moved by the cancellation", "--input", inp)
fig("homecare.replan.insert_ms", str(d["insert"]["ms"]), "ms", "one urgent visit inserted", "--input", inp)
fig("homecare.replan.insert_moved_pct", str(100 * d["insert"]["moved"] / others), "%", "other visits moved by the insertion", "--input", inp)
sys.exit(0 if d["checker"] == "ok" and d["checker_after"] == "ok" else 1)
PY
