#!/usr/bin/env bash
# Runs every test: unit tests (*Test, Surefire) and integration tests against real servers (*IT, Failsafe).
# Installs the OS packages the tests need (as root; otherwise prints the command), starts a throwaway PostgreSQL
# on 127.0.0.1 for the ledger tests and a single-node Kafka broker for the Kafka engine's (scripts/kafka.sh), and stops
# them however the run ends. Other servers (the sandbox FHIR server,
# WireMock) are started and stopped by the tests themselves. Extra arguments go to Maven.
set -euo pipefail
cd "${CHARTBRIDGE_HOME:?}"

for installer in scripts/install-*.sh; do
  [[ -x "$installer" ]] && "$installer"
done

pgdir="$(mktemp -d /tmp/chartbridge-test-pg.XXXXXX)"
kafkadir="$(mktemp -d /tmp/chartbridge-test-kafka.XXXXXX)"
trap 'scripts/postgres.sh stop "$pgdir"; scripts/kafka.sh stop "$kafkadir"' EXIT
while IFS='=' read -r key value; do
  export "$key=$value"
done < <(scripts/postgres.sh start "$pgdir")
# A single-node Kafka broker for the Kafka engine's tests (CHARTBRIDGE_TEST_KAFKA_BOOTSTRAP).
while IFS='=' read -r key value; do
  export "$key=$value"
done < <(scripts/kafka.sh start "$kafkadir")

export OMP_THREAD_LIMIT=1
mvn -B -ntp verify "$@"
