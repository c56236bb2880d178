#!/usr/bin/env bash
# Accuracy of the shipped rules on generated populations: MATCH precision and recall, review share, blocking recall;
# then the same input decided record by record as a run's match stage decides it (DecisionReplay): the pairs of
# records that end up on one patient.
# Usage: matching/benchmarks/accuracy.sh [patients] [seeds...]   (defaults: 20000 people, seeds 1 2 3)
# Run from the repository root. Writes to ${BENCH_DIR:-/tmp/chartbridge-bench}.
set -euo pipefail
patients=${1:-20000}
shift || true
seeds=${*:-1 2 3}
dir=${BENCH_DIR:-/tmp/chartbridge-bench}
cp=$(matching/benchmarks/classpath.sh)
for seed in $seeds; do
  pop="$dir/pop-$patients-seed$seed"
  java -cp "$cp" io.chartbridge.fixtures.population.PopulationGenerator --patients "$patients" --dup-rate 0.1 \
    --seed "$seed" --out "$pop"
  java -Xmx4g -cp "$cp" io.chartbridge.matching.link.LinkJob --input "$pop/patients.ndjson" --out "$pop/pairs.csv"
  java -cp "$cp" io.chartbridge.matching.link.LinkAccuracy --pairs "$pop/pairs.csv" --truth "$pop/truth.csv" \
    --input "$pop/patients.ndjson" --damage "$pop/damage.csv"
  java -Xmx4g -cp "$cp" io.chartbridge.matching.link.DecisionReplay --input "$pop/patients.ndjson" \
    --out "$pop/decisions.csv"
  java -cp "$cp" io.chartbridge.matching.link.LinkAccuracy --decisions "$pop/decisions.csv" --truth "$pop/truth.csv" \
    --pairs "$pop/pairs.csv"
done
