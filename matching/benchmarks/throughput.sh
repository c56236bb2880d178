#!/usr/bin/env bash
# Throughput and peak heap: dedupe N generated records, then link the last M records against the rest.
# Usage: matching/benchmarks/throughput.sh [patients] [link-input-records]   (defaults: 1000000 100000)
# Run from the repository root, once, on a quiet machine (under flock /tmp/chartbridge-heavy.lock on a shared one).
# Prints wall and CPU time (user + sys) and the load average around each job. Writes to
# ${BENCH_DIR:-/tmp/chartbridge-bench}. The heap defaults to 3 GiB, the goal for a million records.
set -euo pipefail
patients=${1:-1000000}
link_n=${2:-100000}
dir=${BENCH_DIR:-/tmp/chartbridge-bench}
heap=${BENCH_HEAP:-3g}
cp=$(matching/benchmarks/classpath.sh)
times() {  # the job's wall time, CPU time, peak RSS and the load average now
  awk -F': ' '/Elapsed/{w=$2} /User time/{u=$2} /System time/{s=$2} /Maximum resident/{r=$2}
    END{printf "wall %s, CPU %.1f s (user %s + sys %s), max RSS %.0f MiB\n", w, u+s, u, s, r/1024}' "$1"
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
pop="$dir/pop-$patients-seed11"
java -cp "$cp" io.chartbridge.fixtures.population.PopulationGenerator --patients "$patients" --dup-rate 0.1 \
  --seed 11 --out "$pop"
total=$(wc -l < "$pop/patients.ndjson")
echo "== dedupe $total records"
/usr/bin/time -v java -Xmx"$heap" -cp "$cp" io.chartbridge.matching.link.LinkJob --input "$pop/patients.ndjson" \
  --out "$pop/dedupe.csv" --truth "$pop/truth.csv" 2> "$pop/dedupe.time" | tee "$pop/dedupe.log"
times "$pop/dedupe.time"
java -cp "$cp" io.chartbridge.matching.link.LinkAccuracy --pairs "$pop/dedupe.csv" --truth "$pop/truth.csv" \
  --input "$pop/patients.ndjson" --damage "$pop/damage.csv" > "$pop/dedupe.accuracy"
tail -n 1 "$pop/dedupe.accuracy"
echo "== the same records decided one by one in file order, as a run's match stage decides them"
/usr/bin/time -v java -Xmx"$heap" -cp "$cp" io.chartbridge.matching.link.DecisionReplay \
  --input "$pop/patients.ndjson" --out "$pop/decisions.csv" 2> "$pop/decisions.time"
times "$pop/decisions.time"
java -cp "$cp" io.chartbridge.matching.link.LinkAccuracy --decisions "$pop/decisions.csv" --truth "$pop/truth.csv" \
  --pairs "$pop/dedupe.csv"
# Duplicates are written last: the tail is legacy records whose originals are in the head.
head -n $((total - link_n)) "$pop/patients.ndjson" > "$pop/against.ndjson"
tail -n "$link_n" "$pop/patients.ndjson" > "$pop/input.ndjson"
echo "== link $link_n records against $((total - link_n))"
/usr/bin/time -v java -Xmx"$heap" -cp "$cp" io.chartbridge.matching.link.LinkJob --input "$pop/input.ndjson" \
  --against "$pop/against.ndjson" --out "$pop/link.csv" 2> "$pop/link.time"
times "$pop/link.time"
