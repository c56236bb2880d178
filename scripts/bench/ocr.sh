#!/usr/bin/env bash
# Benchmark (issue 5): pages/s of `./chartbridge ocr` over generated scans, side by side with the plain `tesseract`
# command on the same files with the same parallelism (one process per file, as many at once as ChartBridge has OCR
# workers: the cores). The two sides alternate (which one goes first alternates too); every run reports wall-clock
# and CPU seconds (user + sys, children included); medians at the end. docs/benchmarks/ocr.md has the figures.
# Usage: scripts/bench/ocr.sh [pages=100] [repeats=5] [seed=11]
# BASELINE_JAR=<an older app/target/chartbridge.jar> adds that build as a third side (run as the launcher of its day
# ran it: java -jar, no JVM options), for before/after figures from the same run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
pages="${1:-100}"
repeats="${2:-5}"
seed="${3:-11}"
work="${BENCH_DIR:-/tmp/chartbridge-bench-ocr}"
scans="$work/scans-$pages-$seed"
export OMP_THREAD_LIMIT=1
jobs="$(getconf _NPROCESSORS_ONLN)"   # not nproc: it obeys OMP_THREAD_LIMIT
mkdir -p "$work"

./chartbridge ocr --version > /dev/null   # builds when needed, installs Tesseract when missing
if [[ ! -d "$scans" ]]; then
  echo "generating $pages pages (seed $seed) -> $scans" >&2
  mvn -q -B -ntp -pl test-fixtures -am package dependency:build-classpath -DskipTests \
    -Dmdep.outputFile="$work/fixtures.cp" > /dev/null
  java -cp "test-fixtures/target/classes:$(cat "$work/fixtures.cp")" io.chartbridge.fixtures.scans.ChartGenerator \
    --pages "$pages" --seed "$seed" --out "$scans" > /dev/null
fi
find "$scans/" -maxdepth 1 -type f ! -name '*.json' | sort > "$work/files.list"
files="$(wc -l < "$work/files.list")"
# The first run reading pages after a build extracts the jar and builds the ocr class-data archive (the launcher does
# that once per build); done here, outside the timed runs.
./chartbridge ocr "$(head -1 "$work/files.list")" > /dev/null 2>&1 || true

echo "machine: $jobs cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -1);" \
  "$(tesseract --version 2>&1 | head -1); $(date -u +%F)"
echo "$pages pages in $files files; ./chartbridge ocr (threads = $jobs) vs xargs -P $jobs tesseract <file> - (eng, psm 3)"

timed() {  # runs the command quietly, prints "wall cpu" (cpu = user + sys of it and its children)
  local t
  t="$(mktemp)"
  /usr/bin/time -o "$t" -f '%e %U %S' "$@" > /dev/null 2>&1
  awk '{printf "%.2f %.2f\n", $1, $2 + $3}' "$t"
  rm -f "$t"
}
run_chartbridge() { timed sh -c "./chartbridge ocr \$(cat '$work/files.list') > '$work/chartbridge.jsonl' 2> /dev/null"; }
run_baseline() { timed sh -c "java -Dchartbridge.home=. -jar '$BASELINE_JAR' ocr \$(cat '$work/files.list') > /dev/null 2>&1"; }
run_tesseract() { timed sh -c "xargs -P $jobs -I{} tesseract {} - < '$work/files.list' > /dev/null 2>&1"; }

cb_wall=(); cb_cpu=(); ts_wall=(); ts_cpu=(); bl_wall=(); bl_cpu=()
printf '%-4s %-22s %-22s %s\n' run "chartbridge wall/cpu s" "tesseract wall/cpu s" "${BASELINE_JAR:+baseline wall/cpu s}"
for i in $(seq 1 "$repeats"); do
  c=""
  if (( i % 2 )); then
    a="$(run_chartbridge)"; b="$(run_tesseract)"; [[ -n "${BASELINE_JAR:-}" ]] && c="$(run_baseline)"
  else
    [[ -n "${BASELINE_JAR:-}" ]] && c="$(run_baseline)"; b="$(run_tesseract)"; a="$(run_chartbridge)"
  fi
  read -r aw ac <<< "$a"; read -r bw bc <<< "$b"
  cb_wall+=("$aw"); cb_cpu+=("$ac"); ts_wall+=("$bw"); ts_cpu+=("$bc")
  if [[ -n "$c" ]]; then read -r cw cc <<< "$c"; bl_wall+=("$cw"); bl_cpu+=("$cc"); c="$cw / $cc"; fi
  printf '%-4s %-22s %-22s %-22s load %s\n' "$i" "$aw / $ac" "$bw / $bc" "$c" "$(cut -d' ' -f1 /proc/loadavg)"
done
lines="$(grep -c '"page"' "$work/chartbridge.jsonl" || true)"
median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
mcw="$(median "${cb_wall[@]}")"; mcc="$(median "${cb_cpu[@]}")"; mtw="$(median "${ts_wall[@]}")"; mtc="$(median "${ts_cpu[@]}")"
awk -v p="$pages" -v l="$lines" -v cw="$mcw" -v cc="$mcc" -v tw="$mtw" -v tc="$mtc" 'BEGIN {
  printf "chartbridge printed %d page lines\n", l
  printf "median wall: chartbridge %.1f s (%.2f pages/s), tesseract %.1f s (%.2f pages/s): %.2fx\n", cw, p / cw, tw, p / tw, tw / cw
  printf "median CPU:  chartbridge %.1f s, tesseract %.1f s: %.2fx\n", cc, tc, tc / cc }'
# Load moves between runs more than between the two halves of one pair: the median of the pairs' ratios is steadier.
pair_ratios() { local -n num=$1 den=$2; local k; for k in "${!num[@]}"; do awk -v a="${num[$k]}" -v b="${den[$k]}" 'BEGIN {print a / b}'; done; }
echo "median of the runs' ratios: wall $(median $(pair_ratios ts_wall cb_wall))x, CPU $(median $(pair_ratios ts_cpu cb_cpu))x"
if (( ${#bl_wall[@]} )); then
  awk -v p="$pages" -v bw="$(median "${bl_wall[@]}")" -v bc="$(median "${bl_cpu[@]}")" -v tw="$mtw" -v tc="$mtc" 'BEGIN {
    printf "baseline:    wall %.1f s (%.2f pages/s): %.2fx; CPU %.1f s: %.2fx\n", bw, p / bw, tw / bw, bc, tc / bc }'
  echo "baseline, median of the runs' ratios: wall $(median $(pair_ratios ts_wall bl_wall))x, CPU $(median $(pair_ratios ts_cpu bl_cpu))x"
fi
