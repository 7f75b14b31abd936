#!/usr/bin/env bash
# Linkage benchmark (issue 3): quality on FEBRL data set 4 and on generated Indonesian data with
# known truth, speed and memory at Medan scale (2.5 M residents vs 2.6 M members), and the
# exact-NIK stage beside DuckDB doing the same join. Prints one table; JSON details in $OUT.
#   bench/linkage/run.sh                 everything (Medan files are generated once, ~2 min)
#   SKIP_MEDAN=1 bench/linkage/run.sh    quality only
# Builds nothing: set SIKLUS_BIN or build the release binary first
#   cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build build/release --target siklus
# Thresholds are the engine's stated defaults (match probability >= 0.99, review >= 0.5); the
# Fellegi-Sunter weights are estimated by EM on each input, nothing is tuned to the truth files.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BIN=${SIKLUS_BIN:-$ROOT/build/release/bin/siklus}
FEBRL=${FEBRL_DIR:-$ROOT/../shared/bench/linkage/febrl}
OUT=${OUT:-$ROOT/bench/out/linkage}
SYNTH_N=${SYNTH_N:-100000}
[ -x "$BIN" ] || { echo "run.sh: no binary at $BIN (build it, or set SIKLUS_BIN)" >&2; exit 1; }
mkdir -p "$OUT"
[ -d "$HERE/node_modules/@duckdb/node-api" ] || (cd "$HERE" && npm ci --no-audit --no-fund >&2)

json() { node -e "const d=JSON.parse(require('fs').readFileSync(0,'utf8'));console.log($1)"; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uptime | sed 's/.*load average/load average/')" >&2
ROWS=()
FIG="$ROOT/bench/figure.py"
quality() {  # name dir key input
  local name=$1 dir=$2 key=$3 input=$4
  "$BIN" link --population "$dir/population.csv" --members "$dir/members.csv" --out "$dir" --json \
    2>"$dir/link.err" >"$dir/link.json"
  node "$HERE/score.mjs" "$dir/links.csv" "$dir/truth.csv" >"$dir/score.json"
  local -a v
  read -r -a v < <(node -e "const l=require('$dir/link.json'), s=require('$dir/score.json');
    console.log([s.precision, s.recall, s.f1, l.review, s.review_true, l.seconds].join(' '))")
  "$FIG" "linkage.$key.precision" "${v[0]}" "" "$name: precision of match decisions" --input "$input"
  "$FIG" "linkage.$key.recall" "${v[1]}" "" "$name: recall of match decisions" --input "$input"
  "$FIG" "linkage.$key.f1" "${v[2]}" "" "$name: F1" --input "$input"
  "$FIG" "linkage.$key.review" "${v[3]}" "" "$name: pairs sent to review (${v[4]} true)" --input "$input"
  "$FIG" "linkage.$key.seconds" "${v[5]}" "s" "$name: siklus link, parse + link" --input "$input"
  ROWS+=("$(node -e "
    const l=require('$dir/link.json'), s=require('$dir/score.json');
    console.log(['$name', l.population, l.members, s.true_pairs, l.exact, l.match, s.precision.toFixed(5),
      s.recall.toFixed(5), s.f1.toFixed(5), l.review + ' (' + s.review_true + ' true)', l.seconds.toFixed(2)].join('|'))")")
}

node "$HERE/febrl_convert.mjs" "$FEBRL" "$OUT/febrl"
quality "FEBRL 4a/4b" "$OUT/febrl" febrl "postcode turned into a region code"
node "$HERE/febrl_convert.mjs" "$FEBRL" "$OUT/febrl-no-region" --no-region
quality "FEBRL 4a/4b, no region" "$OUT/febrl-no-region" febrl_no_region "postcode left out"
for r in 0.01 0.05 0.10; do
  d="$OUT/synth-$r"
  [ -f "$d/truth.csv" ] || node "$HERE/gen_synth.mjs" --residents "$SYNTH_N" --members $((SYNTH_N * 104 / 100)) \
    --corruption $r --seed 7 --out "$d"
  quality "synthetic $r" "$d" "synthetic_$r" "gen_synth.mjs $SYNTH_N residents, seed 7, corruption $r"
done

if [ -z "${SKIP_MEDAN:-}" ]; then
  d="$OUT/medan"
  [ -f "$d/truth.csv" ] || node --max-old-space-size=8000 "$HERE/gen_synth.mjs" --residents 2500000 \
    --members 2600000 --corruption 0.05 --seed 11 --out "$d"
  /usr/bin/time -v "$BIN" link --population "$d/population.csv" --members "$d/members.csv" --out "$d" \
    --json 2>"$d/time.txt" >"$d/link.json"
  node --max-old-space-size=8000 "$HERE/score.mjs" "$d/links.csv" "$d/truth.csv" >"$d/score.json"
  ROWS+=("$(node -e "
    const l=require('$d/link.json'), s=require('$d/score.json');
    console.log(['Medan 2.5M/2.6M 5%', l.population, l.members, s.true_pairs, l.exact, l.match,
      s.precision.toFixed(5), s.recall.toFixed(5), s.f1.toFixed(5), l.review + ' (' + s.review_true + ' true)',
      l.seconds.toFixed(2)].join('|'))")")
  node "$HERE/duckdb_exact.mjs" "$d/population.csv" "$d/members.csv" 2 >"$d/duckdb.json"
  wall=$(awk -F': ' '/Elapsed/{print $2}' "$d/time.txt")
  rss=$(awk -F': ' '/Maximum resident/{printf "%.2f", $2/1048576}' "$d/time.txt")
  cpu=$(awk -F': ' '/User time|System time/{s+=$2} END{printf "%.1f", s}' "$d/time.txt")
  wall_s=$(awk -F': ' '/Elapsed/{n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$d/time.txt")
  in="gen_synth.mjs 2.5 M residents, 2.6 M members, corruption 0.05, seed 11 (files)"
  "$FIG" linkage.medan.wall "$wall_s" s "Medan scale: siklus link wall time (parse + link)" --input "$in"
  "$FIG" linkage.medan.cpu "$cpu" s "Medan scale: CPU time (user + sys)" --input "$in"
  "$FIG" linkage.medan.rss "$rss" GiB "Medan scale: peak RSS" --input "$in"
  read -r -a v < <(node -e "const l=require('$d/link.json'), s=require('$d/score.json'),
    k=require('$d/duckdb.json'); console.log([s.f1, l.stages.exact_join, k.join_seconds,
    l.stages.parse + l.stages.exact_join, k.load_seconds + k.join_seconds].join(' '))")
  "$FIG" linkage.medan.f1 "${v[0]}" "" "Medan scale: F1 of match decisions" --input "$in"
  "$FIG" linkage.medan.exact_join "${v[1]}" s "exact-NIK join, 2 threads (NIKs unique on both sides)" \
    --input "$in" --peer DuckDB "${v[2]}" "same run"
  "$FIG" linkage.medan.exact_load_join "${v[3]}" s \
    "exact-NIK stage with file loading (siklus parses all columns, DuckDB loads the NIK column)" \
    --input "$in" --peer DuckDB "${v[4]}" "same run"
fi

printf '\n%-20s %9s %9s %9s %9s %9s %9s %9s %9s %-16s %8s\n' data population members true exact match \
  precision recall F1 review seconds
for row in "${ROWS[@]}"; do
  IFS='|' read -r a b c t e m p r f v s <<<"$row"
  printf '%-20s %9s %9s %9s %9s %9s %9s %9s %9s %-16s %8s\n' "$a" "$b" "$c" "$t" "$e" "$m" "$p" "$r" "$f" "$v" "$s"
done
if [ -z "${SKIP_MEDAN:-}" ]; then
  d="$OUT/medan"
  echo
  echo "Medan scale: wall $wall, CPU (user+sys) ${cpu} s, peak RSS ${rss} GiB"
  node -e "
    const l=require('$d/link.json'), k=require('$d/duckdb.json'), st=l.stages;
    const f=(x)=>x.toFixed(2);
    console.log('stages (s): ' + Object.entries(st).map(([n,v])=>n+' '+f(v)).join(', '));
    console.log('candidate pairs ' + l.candidate_pairs + '; by key ' + JSON.stringify(l.pairs_by_key));
    console.log('exact-NIK stage, 2 threads:   siklus join ' + f(st.exact_join) + ' s (parse ' + f(st.parse) +
      ' s, all columns)   DuckDB join ' + f(k.join_seconds) + ' s (load ' + f(k.load_seconds) + ' s)   pairs ' +
      (l.exact + l.exact_rejected) + ' vs ' + k.pairs);
    console.log('ratio DuckDB/siklus: join ' + (k.join_seconds / st.exact_join).toFixed(1) + 'x, load+join ' +
      ((k.load_seconds + k.join_seconds) / (st.parse + st.exact_join)).toFixed(1) + 'x');"
fi
