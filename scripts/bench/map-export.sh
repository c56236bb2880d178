#!/usr/bin/env bash
# Benchmark (issue 4): a generated multi-file legacy EHR export (patients + clinical rows across seven CSV files,
# references consistent) mapped to NDJSON, each file by its mapping under mappings/csv/, heap capped at 512 MB,
# side by side in the same run with HAPI FHIR's own JSON serialiser encoding the very resources the mapping wrote.
# Usage: scripts/bench/map-export.sh [patients=100000] [clinical-rows=2000000] [repeats=3]
#        MAP_PER_FILE=1 scripts/bench/map-export.sh ...   step 1 as one ./chartbridge map per file (seven JVMs)
# Each repeat, in this order, each in fresh JVMs:
#   1. ./chartbridge map over the seven files in one run (the product command, one --mapping/--input pair per file):
#      rows/s and peak heap as it reports them, process CPU;
#   2. MappingBenchmark over all files in one JVM: CPU time of its thread end to end and inside map() only;
#   3. HapiSerialiserBenchmark over step 1's NDJSON: encodeResourceToString alone, wall and CPU time.
# Results: docs/benchmarks/mapping.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export CHARTBRIDGE_HOME="$PWD"
patients="${1:-100000}"; clinical="${2:-2000000}"; repeats="${3:-3}"
work="${BENCH_DIR:-/tmp/chartbridge-bench-map-export}"
export_dir="$work/export-p$patients-c$clinical-seed42"
heap="-Xmx512m"
mkdir -p "$work"

# Build once (never `install`: the local repository is shared); each module's classpath into its target/.
mvn -q -B -ntp -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/bench.classpath > /dev/null
mapping_cp="mapping/target/classes:$(cat mapping/target/bench.classpath)"
fixtures_cp="test-fixtures/target/classes:$(cat test-fixtures/target/bench.classpath)"

if [[ ! -f "$export_dir/.complete" ]]; then
  echo "generating $patients patients + $clinical clinical rows -> $export_dir" >&2
  java -cp "$fixtures_cp" io.chartbridge.fixtures.csv.LegacyEhrMultiExportGenerator --patients "$patients" \
    --clinical-rows "$clinical" --seed 42 --bad-every 1000 --out "$export_dir" >&2
  touch "$export_dir/.complete"
fi

# file of the export -> the mapping that reads it
files=(patients encounters problems medications allergies immunizations lab-results)
mapping_of() { case "$1" in lab-results) echo mappings/csv/legacy-ehr-multi-results.yaml ;;
                 *) echo "mappings/csv/legacy-ehr-multi-$1.yaml" ;; esac; }
engine_args=(); map_args=()
for f in "${files[@]}"; do
  engine_args+=(--mapping "$(mapping_of "$f")" --csv "$export_dir/$f.csv")
  map_args+=(--mapping "$(mapping_of "$f")" --input "$export_dir/$f.csv")
done

TIMEFORMAT='%R %U %S'
echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB;" \
  "$(java -version 2>&1 | head -1); $(date -u '+%F %H:%M UTC'); load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "export: $(du -sh "$export_dir" | cut -f1), rows per file:" \
  "$(for f in "${files[@]}"; do printf '%s=%d ' "$f" $(( $(wc -l < "$export_dir/$f.csv") - 1 )); done)"
summary="$work/summary.tsv"
printf 'repeat\trows\tmap_s\tmap_rows_per_s\tmap_proc_cpu_s\tmap_peak_heap_mb\tengine_cpu_s\tengine_map_cpu_s\thapi_wall_s\thapi_cpu_s\tresources\n' > "$summary"

# The launcher builds its jar when sources are newer than it: let it do so now, not inside the first repeat's timing.
./chartbridge map --help > /dev/null || true

for i in $(seq 1 "$repeats"); do
  out="$work/out-$i"; rm -rf "$out" "$work/engine"
  rows=0; map_s=0; cpu=0; peak=0
  if [[ "${MAP_PER_FILE:-0}" == "1" ]]; then runs=("${files[@]}"); else runs=(all); fi
  for f in "${runs[@]}"; do
    log="$work/map-$i-$f.log"
    if [[ "$f" == all ]]; then pairs=("${map_args[@]}"); dest="$out"
    else pairs=(--mapping "$(mapping_of "$f")" --input "$export_dir/$f.csv"); dest="$out/$f"; fi
    { time JAVA_OPTS="$heap" ./chartbridge map "${pairs[@]}" --out "$dest" > "$log"; } 2> "$log.time"
    n=$(grep -o 'Mapped [0-9]* records' "$log" | grep -o '[0-9]*' | paste -sd+ | bc)
    read -r s _ h < <(tail -n 1 "$log" | sed -E 's/^([0-9.]+) s, ([0-9]+) records\/s, peak heap ([0-9]+) MB$/\1 \2 \3/')
    read -r _ user sys < <(tail -n 1 "$log.time")
    rows=$((rows + n)); map_s=$(echo "$map_s + $s" | bc); cpu=$(echo "$cpu + $user + $sys" | bc)
    (( h > peak )) && peak=$h
    echo "  map $f: $(tail -n 1 "$log") (process CPU $(echo "$user + $sys" | bc) s)"
  done
  { time java "$heap" -cp "$mapping_cp" io.chartbridge.mapping.bench.MappingBenchmark "${engine_args[@]}" \
      --out "$work/engine" --runs 1 > "$work/engine-$i.log"; } 2> "$work/engine-$i.time"
  engine=$(grep '^engine run=1' "$work/engine-$i.log")
  e_cpu=$(sed -E 's/.* cpu_s=([0-9.]+).*/\1/' <<< "$engine"); e_map=$(sed -E 's/.* map_cpu_s=([0-9.]+).*/\1/' <<< "$engine")
  rm -rf "$work/engine"
  if [[ "${MAP_PER_FILE:-0}" == "1" ]]; then ndjson_dirs=("${files[@]/#/$out/}"); else ndjson_dirs=("$out"); fi
  java "$heap" -cp "$fixtures_cp" io.chartbridge.fixtures.bench.HapiSerialiserBenchmark "${ndjson_dirs[@]}" \
    > "$work/hapi-$i.log"
  hapi=$(grep '^hapi-encode total' "$work/hapi-$i.log")
  h_wall=$(sed -E 's/.* wall_s=([0-9.]+).*/\1/' <<< "$hapi"); h_cpu=$(sed -E 's/.* cpu_s=([0-9.]+).*/\1/' <<< "$hapi")
  resources=$(sed -E 's/.* resources=([0-9]+).*/\1/' <<< "$hapi")
  rm -rf "$out"
  rate=$(echo "$rows / $map_s" | bc)
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$i" "$rows" "$map_s" "$rate" "$cpu" "$peak" "$e_cpu" "$e_map" \
    "$h_wall" "$h_cpu" "$resources" >> "$summary"
  echo "repeat $i: map $rows rows in $map_s s ($rate rows/s wall, process CPU $cpu s, peak heap $peak MB);" \
    "engine CPU $e_cpu s (map() $e_map s); HAPI encode of $resources resources $h_wall s wall, $h_cpu s CPU;" \
    "ratios: map wall / HAPI wall $(echo "scale=2; $map_s / $h_wall" | bc)," \
    "engine CPU / HAPI CPU $(echo "scale=2; $e_cpu / $h_cpu" | bc), map() CPU / HAPI CPU $(echo "scale=2; $e_map / $h_cpu" | bc)"
done

# Medians over the repeats, each figure on its own; ratios per repeat first, then their median.
python3 - "$summary" <<'PY'
import csv, statistics, sys
rows = list(csv.DictReader(open(sys.argv[1]), delimiter='\t'))
f = lambda k: [float(r[k]) for r in rows]
m = lambda v: statistics.median(v)
ratio = lambda a, b: m([float(r[a]) / float(r[b]) for r in rows])
print(f"median of {len(rows)}: map {m(f('map_rows_per_s')):,.0f} rows/s wall, peak heap {m(f('map_peak_heap_mb')):.0f} MB "
      f"(max {max(f('map_peak_heap_mb')):.0f}); map wall {m(f('map_s')):.1f} s vs HAPI encode wall {m(f('hapi_wall_s')):.1f} s "
      f"= {ratio('map_s', 'hapi_wall_s'):.2f}x; engine end-to-end CPU {m(f('engine_cpu_s')):.1f} s vs HAPI encode CPU "
      f"{m(f('hapi_cpu_s')):.1f} s = {ratio('engine_cpu_s', 'hapi_cpu_s'):.2f}x; map() CPU {m(f('engine_map_cpu_s')):.1f} s "
      f"= {ratio('engine_map_cpu_s', 'hapi_cpu_s'):.2f}x; map process CPU {m(f('map_proc_cpu_s')):.1f} s "
      f"= {ratio('map_proc_cpu_s', 'hapi_cpu_s'):.2f}x")
PY
