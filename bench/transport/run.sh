#!/usr/bin/env bash
# A JSAS day at large-city scale (issue 12): 400 trip legs on 25 vehicles planned by the
# dispatcher within its time limit and checked by the independent checker, then 20 same-day
# insertions into the running plan at 10:00 (each timed; the figure is the median and the max).
#   bench/transport/run.sh [SIKLUS_BIN=build/release/bin/siklus]
# The program is bench/transport/jsas_day.cpp (target transport_day_bench, beside siklus).
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${SIKLUS_BIN:-build/release/bin/siklus}
DAY="$(dirname "$BIN")/transport_day_bench"
[ -x "$DAY" ] || { echo "no $DAY (build the transport_day_bench target)" >&2; exit 1; }
out=$("$DAY" --trips 400 --vehicles 25 --time-limit-ms 8000)
echo "$out"
read -r assigned plan_ms checked ins_med ins_max < <(python3 -c '
import json, sys
d = json.loads(sys.argv[1])
print(d["assigned"], d["plan_ms"], d["checked"], d["insert_ms_median"], d["insert_ms_max"])' "$out")
[ "$checked" = "True" ] || { echo "a plan failed the checker" >&2; exit 1; }
bench/figure.py transport.day.plan_s "$(python3 -c "print($plan_ms/1000)")" s \
  "JSAS day: 400 trips, 25 vehicles planned ($assigned assigned, checked)" --input "transport_day_bench"
bench/figure.py transport.insert.median "$ins_med" ms "same-day insertion into the 400-trip plan (median of 20)" \
  --input "transport_day_bench"
bench/figure.py transport.insert.max "$ins_max" ms "same-day insertion into the 400-trip plan (max of 20)" \
  --input "transport_day_bench"
