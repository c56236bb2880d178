#!/usr/bin/env bash
# Benchmark (issue 22): the map stage on Kafka with 1 and with 2 workers, side by side, on this machine. A generated
# legacy-EMR CSV (distinct people, matching off, NDJSON target) is run with `engine: kafka` against a throwaway
# single-node broker and PostgreSQL ledger; for each repeat, once with one worker and once with two (one map consumer
# each; 4 map partitions). Each run gets its own project name, topics and output folder, so nothing carries over.
# Per run it prints the coordinator's wall time, the workers' CPU time during the run, and what the ledger says of
# each stage: records per second over the span between the first and last transition into RECEIVED (extract),
# MAPPED (the workers) and LOADED.
# Medians are printed last. Run it under `flock /tmp/chartbridge-heavy.lock`.
#
# Usage: scripts/bench/kafka-workers.sh [rows=20000] [repeats=3]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
repo="$PWD"
rows="${1:-20000}"; repeats="${2:-3}"
work="${BENCH_DIR:-/tmp/chartbridge-bench-kafka-workers}"
mkdir -p "$work"
jar="$repo/app/target/chartbridge.jar"
[[ -f "$jar" ]] || mvn -q -B -ntp -pl app -am package -DskipTests > /dev/null   # never install: ~/.m2 is shared
[[ -d test-fixtures/target/classes ]] || mvn -q -B -ntp -pl test-fixtures -am package -DskipTests > /dev/null
csv="$work/patients-$rows.csv"
[[ -f "$csv" ]] || java -cp test-fixtures/target/classes io.chartbridge.fixtures.csv.LegacyEmrExportGenerator \
  --rows "$rows" --seed 22 --out "$csv" > /dev/null

workers=()
cleanup() {
  for pid in "${workers[@]}"; do kill "$pid" 2> /dev/null || true; done
  scripts/kafka.sh stop "$work/kafka" > /dev/null 2>&1 || true
  scripts/postgres.sh stop "$work/pg" > /dev/null 2>&1 || true
}
trap cleanup EXIT
rm -rf "$work/kafka" "$work/pg"
eval "$(scripts/kafka.sh start "$work/kafka" | sed 's/^/export /')"
eval "$(scripts/postgres.sh start "$work/pg" | sed 's/^/export /')"
pg_host_port_db="${CHARTBRIDGE_TEST_PG_URL#jdbc:postgresql://}"
psql_() {
  PGPASSWORD="$CHARTBRIDGE_TEST_PG_PASSWORD" "$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql" -qAt \
    -h "${pg_host_port_db%%:*}" -p "$(echo "$pg_host_port_db" | sed 's/^[^:]*:\([0-9]*\)\/.*/\1/')" \
    -U "$CHARTBRIDGE_TEST_PG_USER" -d "${pg_host_port_db##*/}" -F ' ' -c "$1"
}
cpu_s() { # summed user+system CPU seconds of the given pids
  local t=0 pid
  for pid in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done
  echo "scale=2; $t / $(getconf CLK_TCK)" | bc
}

echo "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/{print $2}') GiB;" \
  "$(java -version 2>&1 | head -1); $(date -u '+%F %H:%M UTC'); load $(cut -d' ' -f1-3 /proc/loadavg);" \
  "commit $(git rev-parse --short HEAD); $rows rows"
printf "%-8s %-3s %8s %9s %14s %14s %14s\n" workers run wall_s worker_cpu received/s mapped/s loaded/s
results="$work/results.txt"; : > "$results"
for i in $(seq 1 "$repeats"); do
  for n in 1 2; do
    name="bench-kw-$n-$i-$$"
    mkdir -p "$work/$name"
    cat > "$work/$name/project.yaml" <<YAML
name: $name
sources:
  - name: legacy-emr-patients
    connector: csv
    location: $csv
    mapping: $repo/mappings/csv/legacy-emr-patient.yaml
target:
  kind: ndjson
  location: out
ledger:
  url: $CHARTBRIDGE_TEST_PG_URL
  username: $CHARTBRIDGE_TEST_PG_USER
  password: $CHARTBRIDGE_TEST_PG_PASSWORD
matching:
  enabled: false
ids:
  secret: bench-kafka-workers-not-a-real-secret-0123456789
engine:
  kind: kafka
  bootstrapServers: $CHARTBRIDGE_TEST_KAFKA_BOOTSTRAP
  topicPrefix: $name
  partitions: 4
YAML
    workers=()
    for w in $(seq 1 "$n"); do
      java -XX:TieredStopAtLevel=1 -Xmx512m -Dchartbridge.home="$repo" -jar "$jar" worker \
        --project "$work/$name/project.yaml" --consumers 1 > "$work/$name/worker-$w.log" 2>&1 &
      workers+=($!)
    done
    for w in $(seq 1 "$n"); do
      until grep -q "chartbridge: worker for project" "$work/$name/worker-$w.log"; do
        kill -0 "${workers[$((w - 1))]}" 2> /dev/null || { cat "$work/$name/worker-$w.log"; exit 1; }
        sleep 0.5
      done
    done
    before=$(cpu_s "${workers[@]}")
    start=$(date +%s.%N)
    java -Xmx1g -Dchartbridge.home="$repo" -jar "$jar" run "$work/$name/project.yaml" > "$work/$name/run.log" 2>&1 \
      || { tail -n 20 "$work/$name/run.log"; exit 1; }
    wall=$(echo "$(date +%s.%N) - $start" | bc)
    cpu=$(echo "$(cpu_s "${workers[@]}") - $before" | bc)
    for pid in "${workers[@]}"; do kill "$pid"; wait "$pid" 2> /dev/null || true; done
    workers=()
    rates=()
    for state in RECEIVED MAPPED LOADED; do
      rates+=("$(psql_ "select round(count(*) / greatest(extract(epoch from max(t.at) - min(t.at)), 0.001)::numeric, 0)
        from item_transition t join source_item i on i.id = t.item_id join run r on r.id = i.run_id
        where r.project = '$name' and i.kind <> 'FILE' and t.state = '$state'")")
    done
    printf '%-8s %-3s %8.1f %9.1f %14s %14s %14s\n' "$n" "$i" "$wall" "$cpu" "${rates[@]}" | tee -a "$results"
  done
done
echo "medians:"
median() { sort -n | awk '{v[NR]=$1} END {print v[int((NR + 1) / 2)]}'; }
for n in 1 2; do
  echo "  $n worker(s): wall $(awk -v n="$n" '$1 == n {print $3}' "$results" | median) s," \
    "worker CPU $(awk -v n="$n" '$1 == n {print $4}' "$results" | median) s," \
    "mapped/s $(awk -v n="$n" '$1 == n {print $6}' "$results" | median)," \
    "loaded/s $(awk -v n="$n" '$1 == n {print $7}' "$results" | median)"
done
