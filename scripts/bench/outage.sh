#!/usr/bin/env bash
# Benchmark (issue 19): a target outage during a run. A generated multi-file export (patients plus clinical files
# that refer to them) is run into the sandbox EHR twice, each time into a fresh sandbox: once undisturbed (the
# anchor), once with the sandbox killed OUTAGE seconds into the run and started again on the same port and data
# OUTAGE seconds later (KILL_AFTER counted from the run's first answer from the target). Then every expected resource is counted on the target and in the ledger.
# Expected: 0 failed, 0 lost (target counts = ledger counts = resources produced), 0 duplicated (deterministic ids:
# the counts by type cannot exceed them), and the disturbed run's wall time ≈ the anchor's + the outage.
#
# Usage: scripts/bench/outage.sh [records=10000] [outage_s=60] [kill_after_s=20]
#   the 10-minute variant: scripts/bench/outage.sh 10000 600 20
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export CHARTBRIDGE_HOME="$PWD"
records="${1:-10000}"; outage="${2:-60}"; kill_after="${3:-20}"
work="${BENCH_DIR:-/tmp/chartbridge-bench-outage}"
export SANDBOX_PORT="${SANDBOX_PORT:-8098}"
mkdir -p "$work"

mvn -q -B -ntp -DskipTests package > /dev/null
# A fifth of the records are patients, the rest clinical rows that refer to them (and to their encounters).
patients=$((records / 5)); clinical=$((records - patients))
export_dir="$work/export-$records"
[[ -f "$export_dir/patients.csv" ]] || java -cp test-fixtures/target/classes \
  io.chartbridge.fixtures.csv.LegacyEhrMultiExportGenerator --patients "$patients" --clinical-rows "$clinical" \
  --seed 19 --out "$export_dir" > /dev/null

sources=""
for pair in patients.csv:patients encounters.csv:encounters problems.csv:problems medications.csv:medications \
            allergies.csv:allergies immunizations.csv:immunizations lab-results.csv:results; do
  file="${pair%%:*}"; mapping="${pair##*:}"
  sources+="  - name: legacy-ehr-${file%.csv}
    connector: csv
    location: $export_dir/$file
    mapping: $PWD/mappings/csv/legacy-ehr-multi-$mapping.yaml
"
done
project() { # <ledger file>
  cat <<YAML
name: bench-outage
sources:
$sources
target:
  kind: fhir
  url: http://127.0.0.1:$SANDBOX_PORT/fhir
  bundleSize: 100
  concurrency: 2
  retry: { maxWait: 30m, maxDelay: 10s }
ledger:
  url: jdbc:h2:file:$1;AUTO_SERVER=TRUE   # so that `status` can read it while the run holds it
  username: bench
  password: bench-ledger   # given, so that the check below can read the ledger (a throwaway benchmark ledger)
YAML
}

fresh_sandbox() {
  export SANDBOX_DIR="$work/sandbox-$1"
  rm -rf "$SANDBOX_DIR"
  scripts/sandbox.sh start > /dev/null
}

count() { # <type>: resources of that type on the sandbox
  curl -s "http://127.0.0.1:$SANDBOX_PORT/fhir/$1?_summary=count" | grep -o '"total": *[0-9]*' | grep -o '[0-9]*$'
}

# Resources the ledger records as on the target, by type: what the run says it loaded.
ledger_counts() { # <ledger file>
  java -cp "$(cat "$work/h2.classpath")" org.h2.tools.Shell -url "jdbc:h2:file:$1;AUTO_SERVER=TRUE" -user bench -password bench-ledger \
    -sql "select resource_type, count(*) from target_resource group by resource_type order by 1" 2>/dev/null \
    | awk -F'|' 'NF == 2 && $2 ~ /[0-9]/ { gsub(/ /, "", $1); gsub(/ /, "", $2); print $1 "=" $2 }'
}
mvn -q -B -ntp -pl core -am dependency:build-classpath -Dmdep.outputFile="$work/h2.classpath" > /dev/null

check() { # <name> <ledger file> <run log>
  local lost=0 line type n on_target counted=0
  for line in $(ledger_counts "$2"); do
    counted=1
    type="${line%%=*}"; n="${line##*=}"
    on_target=$(count "$type")
    echo "  $type: ledger $n, target $on_target"
    [[ "$on_target" == "$n" ]] || lost=1
  done
  [[ $counted == 1 ]] || { echo "  the ledger could not be read"; lost=1; }
  local failed
  failed=$(awk '$1 == "failed" && $2 ~ /^[0-9]+$/ { print $2; exit }' "$3")
  echo "$1: $(grep -o 'Run [0-9]* of project .* in [0-9.]* s' "$3"); failed $failed;" \
    "$( [[ $lost == 0 ]] && echo 'target = ledger for every type' || echo 'TARGET AND LEDGER DIFFER')"
}

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u +%F); records=$records" \
  "(patients $patients, clinical $clinical); outage ${outage}s after ${kill_after}s; load average $(cut -d' ' -f1-3 /proc/loadavg)"

# The anchor: the same export, undisturbed.
fresh_sandbox anchor
rm -f "$work"/ledger-anchor*
project "$work/ledger-anchor" > "$work/project-anchor.yaml"
/usr/bin/time -f "anchor cpu %U user %S sys" ./chartbridge run "$work/project-anchor.yaml" > "$work/anchor.log" 2>&1 || true
check anchor "$work/ledger-anchor" "$work/anchor.log"
scripts/sandbox.sh stop > /dev/null

# The outage: the sandbox is killed (SIGKILL: no goodbye to the client) and comes back later on the same data.
fresh_sandbox outage
rm -f "$work"/ledger-outage*
project "$work/ledger-outage" > "$work/project-outage.yaml"
/usr/bin/time -f "outage cpu %U user %S sys" ./chartbridge run "$work/project-outage.yaml" > "$work/outage.log" 2>&1 &
client=$!
# Counted from the moment the target answered the run's first call (JVM and Spring start-up take a while).
until grep -qs 'answers as FHIR' "$work/outage.log" || ! kill -0 "$client" 2>/dev/null; do sleep 0.5; done
sleep "$kill_after"
kill -9 "$(tr -dc '0-9' < "$SANDBOX_DIR/sandbox.pid")"
echo "sandbox killed at $(date -u +%T)"
sleep "$outage"
# The status line while the run waits, as a person would see it.
./chartbridge status --project "$work/project-outage.yaml" 2>/dev/null | grep -m1 'Waiting for the target' || true
scripts/sandbox.sh start > /dev/null
echo "sandbox back at $(date -u +%T)"
wait "$client" || true
check outage "$work/ledger-outage" "$work/outage.log"
grep -m3 -E 'Waiting for the target|answers again' "$work/outage.log" || true
grep -E '^(anchor|outage) cpu' "$work"/anchor.log "$work"/outage.log || true
scripts/sandbox.sh stop > /dev/null
