#!/usr/bin/env bash
# Prints a classpath for benchmarks: a snapshot copy of the built matching and test-fixtures classes (so that a
# rebuild during a long run cannot change the code under test) plus the runtime dependencies.
# Run from the repository root after `mvn -B -ntp -q -pl matching,test-fixtures -am install -DskipTests`.
# (-f matching/pom.xml: resolving only this module keeps the script working while another module is mid-edit.)
set -euo pipefail
dir=${BENCH_DIR:-/tmp/chartbridge-bench}
snapshot="$dir/classes-$(date +%s)-$$"
mkdir -p "$snapshot"
cp -r matching/target/classes "$snapshot/matching"
cp -r test-fixtures/target/classes "$snapshot/test-fixtures"
cp_file=$(mktemp)
mvn -B -ntp -q -f matching/pom.xml dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$cp_file" >/dev/null
echo "$snapshot/matching:$snapshot/test-fixtures:$(cat "$cp_file")"
rm -f "$cp_file"
