#!/usr/bin/env bash
# Runs every test: unit tests (*Test, Surefire) and integration tests against real servers (*IT, Failsafe).
# Installs the OS packages the tests need (as root; otherwise prints the command), starts a throwaway PostgreSQL
# on 127.0.0.1 for the ledger tests, and stops it however the run ends. Other servers (the sandbox FHIR server,
# WireMock) are started and stopped by the tests themselves. Extra arguments go to Maven.
set -euo pipefail
cd "${CHARTBRIDGE_HOME:?}"

for installer in scripts/install-*.sh; do
  [[ -x "$installer" ]] && "$installer"
done

pgdir="$(mktemp -d /tmp/chartbridge-test-pg.XXXXXX)"
trap 'scripts/postgres.sh stop "$pgdir"' EXIT
while IFS='=' read -r key value; do
  export "$key=$value"
done < <(scripts/postgres.sh start "$pgdir")

export OMP_THREAD_LIMIT=1
mvn -B -ntp verify "$@"
