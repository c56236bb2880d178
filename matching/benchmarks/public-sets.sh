#!/usr/bin/env bash
# Accuracy on public record-linkage sets the matcher was not built on (shared/data/linkage: FEBRL 1-3, Splink's
# fake_1000): each set is converted to FHIR Patient NDJSON with its truth (PublicLinkageSets), then linked with the
# shipped rules and with --estimate (the code of `chartbridge link`), and measured against the truth: MATCH precision,
# MATCH recall, MATCH or review recall, F1, review share, blocking recall. No per-set settings.
# Usage: matching/benchmarks/public-sets.sh [data-dir]   (default: /work/shared/data/linkage)
# Run from the repository root. Writes to ${BENCH_DIR:-/tmp/chartbridge-bench}/public.
set -euo pipefail
data=${1:-/work/shared/data/linkage}
dir=${BENCH_DIR:-/tmp/chartbridge-bench}/public
cp=$(matching/benchmarks/classpath.sh)
mkdir -p "$dir"
convert() {  # kind file name
  java -cp "$cp" io.chartbridge.fixtures.linkage.PublicLinkageSets "--$1" "$2" --out "$dir/$3" >/dev/null
}
convert febrl "$data/febrl/dataset1.csv" febrl1
convert febrl "$data/febrl/dataset2.csv" febrl2
convert febrl "$data/febrl/dataset3.csv" febrl3
convert splink "$data/splink/fake_1000.csv" fake_1000
printf '%-10s %-9s %9s %9s %9s %9s %9s %9s %9s %8s %8s\n' set rules records pairs precision recall "+review" F1 review blocking "cpu s"
for set in febrl1 febrl2 febrl3 fake_1000; do
  for mode in shipped estimate; do
    flag=$([ "$mode" = estimate ] && echo --estimate || true)
    log="$dir/$set/$mode.log"
    /usr/bin/time -f '%U %S' -o "$dir/$set/$mode.time" java -cp "$cp" io.chartbridge.matching.link.LinkJob \
      --input "$dir/$set/patients.ndjson" --out "$dir/$set/$mode.csv" --truth "$dir/$set/truth.csv" $flag > "$log"
    cpu=$(awk '{print $1 + $2}' "$dir/$set/$mode.time")
    records=$(grep -oP 'link: \K\d+(?= records)' "$log" | tail -1)
    pairs=$(grep -oP '\d+(?= pairs compared)' "$log" | tail -1)
    known=$(grep 'known pairs' "$log")
    pick() { echo "$known" | grep -oP "$1 \K[0-9.]+"; }
    printf '%-10s %-9s %9s %9s %9s %9s %9s %9s %9s %8s %8s\n' "$set" "$mode" "$records" "$pairs" \
      "$(pick 'MATCH precision')" "$(pick 'MATCH recall')" "$(pick 'MATCH or review recall')" \
      "$(pick 'F1')" "$(pick 'review share')" "$(pick 'blocking recall')" "$cpu"
  done
done
