#!/usr/bin/env bash
# Benchmark (issue 21): one page, as a user trying a template runs it — `./chartbridge ocr <page>` against the
# `tesseract <page> -` command, start-up included. Three sides, alternating order, each run timed back to back:
#   tesseract      the Tesseract command (loads its model, reads the page)
#   served         ./chartbridge ocr with `ocr --serve` running: the launcher's checks plus the call to the server
#   one-shot       ./chartbridge ocr without a server (CHARTBRIDGE_OCR_SERVER=0): a JVM start per call
# Wall clock and CPU seconds (user + sys, children included). For `served` the CPU is the launcher's plus what the
# server spent on the call (from /proc/<pid>/stat before and after). Medians at the end; ratios against tesseract.
# Usage: scripts/bench/ocr-one-page.sh [page=test-fixtures/scans/chart-0010.png] [runs=9]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
page="${1:-test-fixtures/scans/chart-0010.png}"
runs="${2:-9}"
export OMP_THREAD_LIMIT=1
work="$(mktemp -d /tmp/chartbridge-bench-page.XXXXXX)"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2> /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

./chartbridge ocr --version > /dev/null   # builds when needed, installs Tesseract when missing
# The first page-reading run after a build makes the class-data archive: done here, outside the timed runs.
CHARTBRIDGE_OCR_SERVER=0 ./chartbridge ocr "$page" > /dev/null 2>&1 || true

info=".chartbridge/ocr-server"
[[ ! -f "$info" ]] || { echo "an OCR server is already running for this tree; stop it first" >&2; exit 1; }
./chartbridge ocr --serve > "$work/server.log" 2>&1 &
for _ in $(seq 1 240); do
  [[ -f "$info" ]] && break
  sleep 0.5
done
[[ -f "$info" ]] || { cat "$work/server.log" >&2; echo "the OCR server did not start" >&2; exit 1; }
server_pid="$(sed -n 3p "$info")"
./chartbridge ocr "$page" > /dev/null   # warm-up call (not timed)

ticks="$(getconf CLK_TCK)"
server_cpu() { awk -v t="$ticks" '{printf "%.3f\n", ($14 + $15) / t}' "/proc/$server_pid/stat"; }
timed() {  # runs the command quietly, prints "wall cpu"
  local t
  t="$(mktemp)"
  /usr/bin/time -o "$t" -f '%e %U %S' "$@" > /dev/null 2>&1
  awk '{printf "%.2f %.2f\n", $1, $2 + $3}' "$t"
  rm -f "$t"
}
run_tesseract() { timed tesseract "$page" -; }
run_oneshot() { timed env CHARTBRIDGE_OCR_SERVER=0 ./chartbridge ocr "$page"; }
run_served() {
  local before after w c
  before="$(server_cpu)"
  read -r w c <<< "$(timed ./chartbridge ocr "$page")"
  after="$(server_cpu)"
  awk -v w="$w" -v c="$c" -v b="$before" -v a="$after" 'BEGIN {printf "%.2f %.2f %.2f\n", w, c + a - b, a - b}'
}

echo "machine: $(getconf _NPROCESSORS_ONLN) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -1);" \
  "$(tesseract --version 2>&1 | head -1); $(date -u '+%F %H:%M') UTC; commit $(git rev-parse --short HEAD)"
echo "page: $page; $runs runs, order alternating; wall / CPU seconds (served: CPU = launcher + server's share)"
printf '%-4s %-6s %-16s %-26s %-16s\n' run load "tesseract" "served (server CPU)" "one-shot"
ts_w=(); ts_c=(); sv_w=(); sv_c=(); os_w=(); os_c=(); r_sw=(); r_sc=(); r_ow=(); r_oc=()
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f\n", (b > 0) ? a / b : 0}'; }
for i in $(seq 1 "$runs"); do
  if (( i % 2 )); then
    a="$(run_tesseract)"; b="$(run_served)"; c="$(run_oneshot)"
  else
    c="$(run_oneshot)"; b="$(run_served)"; a="$(run_tesseract)"
  fi
  read -r aw ac <<< "$a"; read -r bw bc bs <<< "$b"; read -r cw cc <<< "$c"
  ts_w+=("$aw"); ts_c+=("$ac"); sv_w+=("$bw"); sv_c+=("$bc"); os_w+=("$cw"); os_c+=("$cc")
  r_sw+=("$(ratio "$bw" "$aw")"); r_sc+=("$(ratio "$bc" "$ac")"); r_ow+=("$(ratio "$cw" "$aw")"); r_oc+=("$(ratio "$cc" "$ac")")
  printf '%-4s %-6s %-16s %-26s %-16s\n' "$i" "$(cut -d' ' -f1 /proc/loadavg)" "$aw / $ac" "$bw / $bc ($bs)" "$cw / $cc"
done

median() { printf '%s\n' "$@" | sort -g | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
mt_w="$(median "${ts_w[@]}")"; mt_c="$(median "${ts_c[@]}")"
ms_w="$(median "${sv_w[@]}")"; ms_c="$(median "${sv_c[@]}")"
mo_w="$(median "${os_w[@]}")"; mo_c="$(median "${os_c[@]}")"
echo "median   tesseract $mt_w / $mt_c   served $ms_w / $ms_c   one-shot $mo_w / $mo_c"
echo "time / tesseract's, median of the runs' ratios (goal <= 2): served $(median "${r_sw[@]}") wall," \
  "$(median "${r_sc[@]}") CPU; one-shot $(median "${r_ow[@]}") wall, $(median "${r_oc[@]}") CPU"
echo "per-run ratios, served wall: ${r_sw[*]}; served CPU: ${r_sc[*]}"
