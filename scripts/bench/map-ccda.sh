#!/usr/bin/env bash
# Benchmark (issue 18): C-CDA mapping speed in documents/s. Maps the golden fixtures' seven documents (six HL7
# C-CDA R2.1 examples and a synthetic R1.1 CCD, 14-176 KB) copied N and 5N times with `./chartbridge map`
# (`--connector ccda`, mappings/ccda/hl7-ccda-document.yaml), heap capped at 512 MB, and reports per run the wall
# time, the process CPU time (user + system, JVM start included) and the command's own summary line; then the
# marginal CPU per document, (CPU of 5N - CPU of N) / 4N, which leaves out the JVM start and the one-time XPath
# compilation and is steady on a shared machine.
# Usage: scripts/bench/map-ccda.sh [copies=30] [repeats=3]   (30 copies = 210 and 1050 documents)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
copies="${1:-30}"
repeats="${2:-3}"
work="${BENCH_DIR:-/tmp/chartbridge-bench-ccda}"
fixtures=test-fixtures/ccda/hl7-ccda

# Build (when sources changed) before anything is timed: map one document once.
./chartbridge map --mapping mappings/ccda/hl7-ccda-document.yaml --connector ccda \
  --input "$fixtures/Synthetic_R1.1_CCD__CCD.xml" --out "$work/warm" > /dev/null
for n in "$copies" $((copies * 5)); do
  rm -rf "$work/in-$n" && mkdir -p "$work/in-$n"
  for i in $(seq 1 "$n"); do
    for f in "$fixtures"/*.xml; do cp "$f" "$work/in-$n/$(printf %05d "$i")-$(basename "$f")"; done
  done
done

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -1); $(date -u '+%F %H:%M') UTC; load $(cut -d' ' -f1-3 /proc/loadavg); commit $(git rev-parse --short HEAD)"
for r in $(seq 1 "$repeats"); do
  for n in "$copies" $((copies * 5)); do
    docs=$(ls "$work/in-$n" | wc -l)
    rm -rf "$work/out"
    start=$(date +%s.%N)
    line=$( { /usr/bin/time -f "cpu %U %S" env JAVA_OPTS="-Xmx512m" ./chartbridge map \
        --mapping mappings/ccda/hl7-ccda-document.yaml --connector ccda --input "$work/in-$n" --out "$work/out" \
        | tail -n 1; } 2>&1 | tr '\n' ' ')
    end=$(date +%s.%N)
    cpu=$(echo "$line" | sed -E 's/.*cpu ([0-9.]+) ([0-9.]+).*/\1 \2/' | awk '{print $1 + $2}')
    printf 'run %d: %5d documents  wall %6.1f s  cpu %6.1f s  | %s\n' "$r" "$docs" "$(echo "$end - $start" | bc)" "$cpu" \
      "$(echo "$line" | sed -E 's/ ?cpu [0-9.]+ [0-9.]+//')"
    echo "$r $docs $cpu" >> "$work/cpu.txt"
  done
done
awk -v c="$copies" 'BEGIN { n1 = c * 7; n2 = c * 35 }
  { if ($2 == n1) a[$1] = $3; else b[$1] = $3 }
  END { for (r in a) { d = (b[r] - a[r]) / (n2 - n1); printf "run %s: marginal %.1f ms CPU per document = %.0f documents per CPU-second\n", r, d * 1000, 1 / d } }' "$work/cpu.txt" | sort
rm -f "$work/cpu.txt"
