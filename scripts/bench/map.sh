#!/usr/bin/env bash
# Benchmark (issue 2): map N generated legacy-EMR CSV rows to NDJSON with `./chartbridge map`, with the heap capped
# at 512 MB, and report rows/s and peak heap. Usage: scripts/bench/map.sh [rows=1000000] [repeats=3]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
rows="${1:-1000000}"
repeats="${2:-3}"
work="${BENCH_DIR:-/tmp/chartbridge-bench-map}"
mkdir -p "$work"

./chartbridge help > /dev/null   # nothing to build yet; the map command below builds when needed
csv="$work/patients-$rows.csv"
if [[ ! -f "$csv" ]]; then
  echo "generating $rows rows -> $csv" >&2
  mvn -q -B -ntp -pl test-fixtures -am package -DskipTests > /dev/null   # never install: ~/.m2 is shared
  java -cp test-fixtures/target/classes io.chartbridge.fixtures.csv.LegacyEmrExportGenerator \
    --rows "$rows" --seed 42 --out "$csv"
fi

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -1); $(date -u +%F)"
for i in $(seq 1 "$repeats"); do
  rm -rf "$work/out"
  JAVA_OPTS="-Xmx512m" ./chartbridge map --mapping mappings/csv/legacy-emr-patient.yaml --input "$csv" \
    --out "$work/out" | tail -n 1
done
