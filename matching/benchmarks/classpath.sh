#!/usr/bin/env bash
# Builds the matching and test-fixtures modules (with core) through the reactor and prints a classpath for
# benchmarks: a snapshot copy of the built classes and of core's jar (so that a rebuild during a long run cannot
# change the code under test) plus the runtime dependencies. Nothing is installed into ~/.m2.
# Run from the repository root.
set -euo pipefail
dir=${BENCH_DIR:-/tmp/chartbridge-bench}
mvn -B -ntp -q -pl matching,test-fixtures -am -DskipTests package dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile=target/runtime-classpath.txt >&2
snapshot="$dir/classes-$(date +%s)-$$"
mkdir -p "$snapshot"
cp -r matching/target/classes "$snapshot/matching"
cp -r test-fixtures/target/classes "$snapshot/test-fixtures"
core_jar=$(ls core/target/chartbridge-core-*.jar)
cp "$core_jar" "$snapshot/core.jar"
deps=$(tr ':' '\n' < matching/target/runtime-classpath.txt | grep -v '/core/target/' | paste -sd: -)
echo "$snapshot/matching:$snapshot/test-fixtures:$snapshot/core.jar:$deps"
