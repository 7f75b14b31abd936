#!/usr/bin/env bash
# Runs every benchmark (bench/*/run.sh), or the named ones, RUNS times each and writes ONE
# report: machine (CPU, cores, memory), load average before and after, date, git commit, and per
# figure the median of the runs (min–max) with the ratio to a peer where there is one.
#   bench/run_all.sh                   every benchmark, RUNS=3
#   RUNS=1 bench/run_all.sh linkage    one benchmark, once
# Each run.sh reports its figures through bench/figure.py into $FIGURES; logs, figures and the
# report go to $BENCH_OUT (default build/bench-report): report.md, report.json, <name>/run-<k>.{log,jsonl}.
# Builds nothing: SIKLUS_BIN (default build/release/bin/siklus) must exist (`./dev bench` builds).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUNS=${RUNS:-3}
OUT=${BENCH_OUT:-$ROOT/build/bench-report}
export SIKLUS_BIN=${SIKLUS_BIN:-$ROOT/build/release/bin/siklus}
[ -x "$SIKLUS_BIN" ] || { echo "run_all.sh: no binary at $SIKLUS_BIN" >&2; exit 1; }
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for s in "$ROOT"/bench/*/run.sh; do names+=("$(basename "$(dirname "$s")")"); done
fi
for n in "${names[@]}"; do
  [ -x "$ROOT/bench/$n/run.sh" ] || { echo "run_all.sh: no benchmark bench/$n/run.sh" >&2; exit 2; }
done
mkdir -p "$OUT"
load() { cut -d' ' -f1-3 /proc/loadavg; }
cpu=$(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo)
mem=$(free -h | awk '/Mem:/{print $2}')
commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
git -C "$ROOT" diff --quiet HEAD 2>/dev/null || commit="$commit (with uncommitted changes)"
load_before=$(load)
started=$(date -u '+%Y-%m-%d %H:%M UTC')
failed=()
for n in "${names[@]}"; do
  rm -f "$OUT/$n"/run-*.jsonl "$OUT/$n"/run-*.log
  mkdir -p "$OUT/$n/work"
  for k in $(seq 1 "$RUNS"); do
    echo "== $n run $k/$RUNS (load $(load))" >&2
    if ! FIGURES="$OUT/$n/run-$k.jsonl" OUT="$OUT/$n/work" "$ROOT/bench/$n/run.sh" \
        >"$OUT/$n/run-$k.log" 2>&1; then
      echo "   FAILED (see $OUT/$n/run-$k.log)" >&2
      failed+=("$n run $k")
      rm -f "$OUT/$n/run-$k.jsonl"
    fi
  done
done
FAILED=$(printf '%s\n' "${failed[@]}") python3 - "$OUT/meta.json" <<PY
import json, os, sys
json.dump({"date": "$started", "commit": "$commit", "cpu": "$cpu", "cores": $(nproc),
           "memory": "$mem", "load_before": "$load_before", "load_after": "$(load)",
           "runs": $RUNS, "benches": "${names[*]}".split(),
           "failed": [l for l in os.environ["FAILED"].split("\n") if l]},
          open(sys.argv[1], "w"), indent=1)
PY
python3 "$ROOT/bench/report.py" "$OUT" >/dev/null
echo "report: $OUT/report.md" >&2
[ ${#failed[@]} -eq 0 ]
