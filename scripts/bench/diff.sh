#!/usr/bin/env bash
# Benchmark (issue 20): `./chartbridge diff` reading back N resources from the sandbox EHR, side by side with a plain
# loop (PlainReadLoop) that reads the same resources with the same request shape (batch Bundles of two `_id` searches
# of 50 ids) and the same number of requests in flight, alternating the two on one seeded sandbox. Wall clock and CPU
# time (client and server) per side; the goal is diff rate >= 0.8x the loop's.
# Usage: scripts/bench/diff.sh [resources=100000] [concurrency=2] [repeats=3]
# Take the heavy lock on a shared machine: flock /tmp/chartbridge-heavy.lock scripts/bench/diff.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export CHARTBRIDGE_HOME="$PWD"
n="${1:-100000}"; conc="${2:-2}"; repeats="${3:-3}"
work="${BENCH_DIR:-/tmp/chartbridge-bench-diff}"
export SANDBOX_PORT="${SANDBOX_PORT:-8098}"
export SANDBOX_DIR="$work/sandbox"
base="http://127.0.0.1:$SANDBOX_PORT/fhir"
mkdir -p "$work"

mvn -q -B -ntp -DskipTests package > /dev/null
mvn -q -B -ntp -pl test-fixtures -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile="$work/fixtures.classpath" > /dev/null
fixtures_cp="test-fixtures/target/classes:$(cat "$work/fixtures.classpath")"

cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.1f", ($14 + $15) / hz }' "/proc/$1/stat"; }
server_pid() { tr -dc '0-9' < "$SANDBOX_DIR/sandbox.pid"; }
TIMEFORMAT="cpu %U %S"
cpu_of_time() { awk '/^cpu / { printf "%.1f", $2 + $3 }'; }

if [[ ! -f "$work/seeded-$n" ]]; then
  scripts/sandbox.sh stop > /dev/null 2>&1 || true
  rm -rf "$SANDBOX_DIR" "$work"/ledger* "$work"/seeded-*
  scripts/sandbox.sh start > /dev/null
  java -cp "$fixtures_cp" io.chartbridge.fixtures.bench.DiffBenchSeed "$base" "jdbc:h2:file:$work/ledger" "$n" "$work" \
    2> "$work/seed.log"
  touch "$work/seeded-$n"
else
  scripts/sandbox.sh status > /dev/null 2>&1 || scripts/sandbox.sh start > /dev/null
fi
cat > "$work/project.yaml" <<YAML
name: bench-diff
sources: []
target:
  kind: fhir
  url: $base
  concurrency: $conc
ledger:
  url: jdbc:h2:file:$work/ledger
YAML

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(date -u '+%F %H:%M') UTC; load $(cut -d' ' -f1-3 /proc/loadavg); resources=$n concurrency=$conc"
# A first read warms the server's caches for both sides alike.
java -cp "$fixtures_cp" io.chartbridge.fixtures.bench.PlainReadLoop "$base" "$work/ids.txt" "$conc" > /dev/null
for i in $(seq 1 "$repeats"); do
  server_before=$(cpu_s "$(server_pid)")
  start=$(date +%s.%N)
  client_cpu=$( { time java -cp "$fixtures_cp" io.chartbridge.fixtures.bench.PlainReadLoop "$base" "$work/ids.txt" \
    "$conc" > "$work/plain-$i.log" 2>&1; } 2>&1 | cpu_of_time)
  plain_s=$(echo "$(date +%s.%N) - $start" | bc)
  server_cpu=$(echo "$(cpu_s "$(server_pid)") - $server_before" | bc)
  echo "plain loop: $(cat "$work/plain-$i.log"); command $plain_s s; CPU client $client_cpu s, server $server_cpu s"

  server_before=$(cpu_s "$(server_pid)")
  start=$(date +%s.%N)
  client_cpu=$( { time ./chartbridge diff 1 --project "$work/project.yaml" --no-extra --concurrency "$conc" \
    --out "$work/diff-$i.csv" > "$work/diff-$i.log" 2> "$work/diff-$i.err"; } 2>&1 | cpu_of_time) || true
  diff_s=$(echo "$(date +%s.%N) - $start" | bc)
  server_cpu=$(echo "$(cpu_s "$(server_pid)") - $server_before" | bc)
  echo "chartbridge diff: $(grep -o '[0-9]* read back, [0-9]* same, [0-9]* missing, [0-9]* changed' "$work/diff-$i.log"); command $diff_s s, $(echo "$n / $diff_s" | bc)/s; CPU client $client_cpu s, server $server_cpu s; ratio (diff rate / loop rate) $(echo "scale=2; $plain_s / $diff_s" | bc)"
done
# The whole diff once, with the search for extra resources (one patient search per type per 50 patients).
start=$(date +%s.%N)
./chartbridge diff 1 --project "$work/project.yaml" --concurrency "$conc" > "$work/diff-extra.log" 2>&1 || true
echo "chartbridge diff with extras: $(grep -o 'Diff of.*' "$work/diff-extra.log"); command $(echo "$(date +%s.%N) - $start" | bc) s"
