#!/usr/bin/env bash
# Benchmark (issue 3): resources/s loaded into the sandbox EHR by `./chartbridge run` over a generated export,
# side by side with a plain loop that posts the same resources as PUT transaction bundles (PlainBundlePoster), same
# bundle size and concurrency. Each measurement gets a fresh sandbox (new data folder), alternating the two, so neither
# benefits from the other's data. Usage: scripts/bench/load.sh [rows=20000] [bundle=200] [concurrency=2] [repeats=3]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export CHARTBRIDGE_HOME="$PWD"
rows="${1:-20000}"; bundle="${2:-200}"; conc="${3:-2}"; repeats="${4:-3}"
work="${BENCH_DIR:-/tmp/chartbridge-bench-load}"
export SANDBOX_PORT="${SANDBOX_PORT:-8097}"
mkdir -p "$work"

mvn -q -B -ntp -DskipTests package > /dev/null
# The fixtures' classpath from the reactor (-am), so it works on a machine where nothing was installed to ~/.m2.
mvn -q -B -ntp -pl test-fixtures -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile="$work/fixtures.classpath" > /dev/null
fixtures_cp="test-fixtures/target/classes:$(cat "$work/fixtures.classpath")"
csv="$work/patients-$rows.csv"
[[ -f "$csv" ]] || java -cp test-fixtures/target/classes io.chartbridge.fixtures.csv.LegacyEmrExportGenerator \
  --rows "$rows" --seed 7 --out "$csv" --bad-every 0 > /dev/null

project() { # <target lines> <ledger>: the benchmark's project file with the given target
  cat <<YAML
name: bench-load
sources:
  - name: legacy-emr-patients
    connector: csv
    location: $csv
    mapping: $PWD/mappings/csv/legacy-emr-patient.yaml
target:
$1
  mode: put
  bundleSize: $bundle
  concurrency: $conc
ledger:
  url: jdbc:h2:file:$2
YAML
}
project "  kind: fhir
  url: http://127.0.0.1:$SANDBOX_PORT/fhir" "$work/ledger" > "$work/project.yaml"

# The same resources for the plain loop: what a run of the same project sends, written by a run into an NDJSON
# folder instead (a fresh ledger, so the same run number and meta.source lineage as the measured runs; the sandbox is
# empty, so matching links nothing there either).
rm -rf "$work/sent" "$work"/sent-ledger*
project "  kind: ndjson
  location: $work/sent" "$work/sent-ledger" > "$work/project-ndjson.yaml"
./chartbridge run "$work/project-ndjson.yaml" > /dev/null

fresh_sandbox() {
  export SANDBOX_DIR="$work/sandbox-$1"
  rm -rf "$SANDBOX_DIR" "$work"/ledger*
  scripts/sandbox.sh start > /dev/null
}

# CPU seconds (user + system) a process has used so far; the server's share of each side is measured this way,
# because on a shared machine CPU time is steadier than wall-clock time.
cpu_s() {
  awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$1/stat"
}
server_pid() { tr -dc '0-9' < "$SANDBOX_DIR/sandbox.pid"; }
# User + system seconds from bash's `time` (TIMEFORMAT below).
TIMEFORMAT="cpu %U %S"
cpu_of_time() { awk '/^cpu / { printf "%.1f", $2 + $3 }'; }

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%F); rows=$rows bundle=$bundle concurrency=$conc"
for i in $(seq 1 "$repeats"); do
  fresh_sandbox "cb-$i"
  server_before=$(cpu_s "$(server_pid)")
  start=$(date +%s.%N)
  # The launcher execs the JVM, so $! is the client process. Its CPU is read when the run begins (the target has
  # answered; JVM, Spring and Camel have started) and for the last time just before it exits.
  ./chartbridge run "$work/project.yaml" > "$work/run-$i.log" 2>&1 &
  client=$!
  client_at_run=""; server_at_run=""; client_last=0
  while kill -0 "$client" 2>/dev/null; do
    now_cpu=$(cpu_s "$client" 2>/dev/null) || break
    client_last=$now_cpu
    if [[ -z "$client_at_run" ]] && grep -q 'answers as FHIR' "$work/run-$i.log"; then
      client_at_run=$now_cpu; server_at_run=$(cpu_s "$(server_pid)")
    fi
    sleep 0.2
  done
  wait "$client"
  end=$(date +%s.%N)
  server_cpu=$(echo "$(cpu_s "$(server_pid)") - $server_before" | bc)
  server_in_run=$(echo "$(cpu_s "$(server_pid)") - ${server_at_run:-$server_before}" | bc)
  client_in_run=$(echo "$client_last - ${client_at_run:-0}" | bc)
  loaded=$(grep -o 'Resources: [0-9]* new' "$work/run-$i.log" | grep -o '[0-9]*')
  scripts/sandbox.sh stop > /dev/null
  # Whole command, JVM start included, and the run alone as ChartBridge reports it.
  run_s=$(grep -o 'completed in [0-9.]* s' "$work/run-$i.log" | grep -o '[0-9.]*')
  echo "chartbridge run: $loaded resources, command $(echo "$end - $start" | bc) s, run $run_s s, $(echo "$loaded / $run_s" | bc) resources/s; CPU: server $server_cpu s ($server_in_run s during the run), client $client_last s ($client_in_run s during the run)"

  fresh_sandbox "plain-$i"
  server_before=$(cpu_s "$(server_pid)")
  client_cpu=$( { time java -cp "$fixtures_cp" io.chartbridge.fixtures.bench.PlainBundlePoster "http://127.0.0.1:$SANDBOX_PORT/fhir" \
    "$work/sent/Patient.ndjson" "$bundle" "$conc" > "$work/plain-$i.log" 2>&1; } 2>&1 | cpu_of_time)
  server_cpu=$(echo "$(cpu_s "$(server_pid)") - $server_before" | bc)
  echo "$(cat "$work/plain-$i.log"); CPU: server $server_cpu s, client $client_cpu s"
  scripts/sandbox.sh stop > /dev/null
done
