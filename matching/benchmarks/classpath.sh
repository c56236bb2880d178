#!/usr/bin/env bash
# Prints the classpath of the built matching module and the population generator (run from the repository root
# after `mvn -B -ntp -q -pl matching,test-fixtures -am install -DskipTests`).
set -euo pipefail
cp_file=$(mktemp)
mvn -B -ntp -q -pl matching dependency:build-classpath -Dmdep.outputFile="$cp_file" >/dev/null
echo "matching/target/classes:test-fixtures/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
