#!/usr/bin/env bash
# The web app on a simulated phone over Fast 3G with a 4x slower CPU (issue 14 item 7):
# click on "Masuk" to the overview's first numbers (target <= 1.5 s) and to its chart
# (target <= 2.5 s), and the bytes of a first visit with an empty cache. Kota Magelang demo.
# Usage: bench/phone/run.sh [runs]   (SIKLUS_BIN: a release build; ./dev bench sets it)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-5}
export SIKLUS_BIN=${SIKLUS_BIN:-build/release/bin/siklus}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
node bench/phone/phone.mjs "$RUNS" | tee "$out"
median() { node -e 'const v=require("fs").readFileSync(0,"utf8").trim().split("\n").map(l=>JSON.parse(l)[process.argv[1]]).sort((a,b)=>a-b);console.log(v[Math.floor(v.length/2)])' "$1" <"$out"; }
bench/figure.py web.phone.numbers_ms "$(median numbers_ms)" ms \
  "phone, Fast 3G + 4x CPU: login click to the overview's first numbers (median of $RUNS, target <= 1500)"
bench/figure.py web.phone.chart_ms "$(median chart_ms)" ms \
  "phone, Fast 3G + 4x CPU: login click to the population pyramid drawn (median of $RUNS, target <= 2500)"
bench/figure.py web.phone.first_visit_bytes "$(median bytes)" bytes \
  "bytes over the network for a first visit (login page, login, overview), empty cache"
