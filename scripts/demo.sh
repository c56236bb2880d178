#!/usr/bin/env bash
# ./chartbridge demo [--exit] [--smart] [--engine kafka]
# Starts the sandbox EHR (a real HAPI FHIR server on 127.0.0.1), seeds it with patients already "registered" in
# the new EHR, migrates the demo project into it, and shows where to look. Without --exit it keeps running until
# Ctrl-C, then stops what it started. With --smart the sandbox requires SMART Backend Services (OAuth 2.0 client
# credentials with a signed JWT) and the demo project authenticates as the sandbox's demo client. With --engine kafka
# it also starts a single-node Kafka broker and a throwaway PostgreSQL ledger, and two workers that take the map
# stage (docs/scale-out.md); everything it started is stopped when it ends.
set -euo pipefail
cd "${CHARTBRIDGE_HOME:?}"

exit_after=false
smart=false
engine=local
while [[ $# -gt 0 ]]; do
  case "$1" in
    --exit) exit_after=true ;;
    --smart) smart=true ;;
    --engine)
      [[ $# -ge 2 && ( "$2" == local || "$2" == kafka ) ]] \
        || { echo "chartbridge demo: --engine takes local or kafka" >&2; exit 2; }
      engine="$2"; shift ;;
    *) echo "chartbridge demo: unknown option '$1' (use --exit, --smart, --engine kafka)" >&2; exit 2 ;;
  esac
  shift
done

export SANDBOX_PORT="${SANDBOX_PORT:-8090}"
export SANDBOX_DIR="${SANDBOX_DIR:-$CHARTBRIDGE_HOME/.chartbridge/sandbox}"
fhir_url="http://127.0.0.1:$SANDBOX_PORT/fhir"

started_sandbox=false
if ! scripts/sandbox.sh status > /dev/null 2>&1; then
  started_sandbox=true
fi
# The server this demo started: its exit stops that one only, never one started after it (by another command while
# this one was still stopping, say).
sandbox_pid=""
kafka_demo="$CHARTBRIDGE_HOME/.chartbridge/demo-kafka"
worker_pids=()
cleanup() {
  local pid
  for pid in "${worker_pids[@]}"; do
    kill "$pid" 2> /dev/null || true
  done
  for pid in "${worker_pids[@]}"; do
    wait "$pid" 2> /dev/null || true
  done
  if [[ "$engine" == kafka ]]; then
    scripts/kafka.sh stop "$kafka_demo/kafka" || true
    scripts/postgres.sh stop "$kafka_demo/pg" || true
  fi
  if $started_sandbox; then
    echo
    SANDBOX_STOP_ONLY_PID="$sandbox_pid" scripts/sandbox.sh stop || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if $smart; then
  export SANDBOX_AUTH=smart
fi
scripts/sandbox.sh start
if $started_sandbox; then
  sandbox_pid="$(tr -dc '0-9' < "$SANDBOX_DIR/sandbox.pid" 2>/dev/null || true)"
fi
scripts/sandbox.sh seed
# The demo's own: a patient the EHR holds who looks like a legacy record's patient (projects/demo/README.md).
scripts/sandbox.sh seed "$CHARTBRIDGE_HOME/projects/demo/ehr-patients.json"

# The ledger remembers what the target holds. When the sandbox's data is new (first start, or deleted), the demo's
# ledger must forget too, or a re-run would skip resources the fresh server does not have.
if [[ ! -f "$SANDBOX_DIR/.demo-ledger" ]]; then
  rm -rf "$CHARTBRIDGE_HOME/projects/demo/.chartbridge"
  touch "$SANDBOX_DIR/.demo-ledger"
fi
export CHARTBRIDGE_TARGET_KIND=fhir
export CHARTBRIDGE_TARGET_URL="$fhir_url"
export CHARTBRIDGE_PROJECT="$CHARTBRIDGE_HOME/projects/demo/project.yaml"
if $smart; then
  # The project's target.auth: the sandbox's demo client, its key written by the sandbox next to its data.
  export CHARTBRIDGE_TARGET_AUTH=smart-backend
  export CHARTBRIDGE_TARGET_KEY="$SANDBOX_DIR/smart/demo-client-key.pem"
fi

if [[ "$engine" == kafka ]]; then
  echo
  echo "== Starting a Kafka broker, a PostgreSQL ledger and two workers (engine: kafka)"
  rm -rf "$kafka_demo"
  mkdir -p "$kafka_demo"
  while IFS='=' read -r key value; do
    case "$key" in
      CHARTBRIDGE_TEST_PG_URL) export CHARTBRIDGE_LEDGER_URL="$value" ;;
      CHARTBRIDGE_TEST_PG_USER) export CHARTBRIDGE_LEDGER_USER="$value" ;;
      CHARTBRIDGE_TEST_PG_PASSWORD) export CHARTBRIDGE_LEDGER_PASSWORD="$value" ;;
    esac
  done < <(scripts/postgres.sh start "$kafka_demo/pg")
  while IFS='=' read -r key value; do
    [[ "$key" == CHARTBRIDGE_TEST_KAFKA_BOOTSTRAP ]] && export CHARTBRIDGE_KAFKA_BOOTSTRAP="$value"
  done < <(scripts/kafka.sh start "$kafka_demo/kafka")
  export CHARTBRIDGE_ENGINE=kafka
  # Builds the application first if needed, so that the two workers do not both wait for one build.
  ./chartbridge worker --help > /dev/null
  for n in 1 2; do
    ./chartbridge worker --project "$CHARTBRIDGE_PROJECT" --consumers 1 > "$kafka_demo/worker-$n.log" 2>&1 &
    worker_pids+=($!)
  done
  for n in 1 2; do
    for _ in $(seq 1 600); do
      grep -q "chartbridge: worker for project" "$kafka_demo/worker-$n.log" 2> /dev/null && break
      kill -0 "${worker_pids[$((n - 1))]}" 2> /dev/null || { cat "$kafka_demo/worker-$n.log" >&2; exit 1; }
      sleep 0.5
    done
    grep -q "chartbridge: worker for project" "$kafka_demo/worker-$n.log" \
      || { cat "$kafka_demo/worker-$n.log" >&2; echo "chartbridge demo: worker $n did not start" >&2; exit 1; }
    echo "  worker $n: $(tail -n 1 "$kafka_demo/worker-$n.log")"
  done
fi

echo
echo "== Migrating the demo project (projects/demo/project.yaml) into the sandbox EHR"
./chartbridge run "$CHARTBRIDGE_PROJECT"

console_port="${CONSOLE_PORT:-8080}"
console="http://127.0.0.1:$console_port"
echo
echo "== What waits for a person (./chartbridge status)"
./chartbridge status --project "$CHARTBRIDGE_PROJECT" | sed -n '/^Review queue/,$p'
cat <<MSG

== What to look at in the review console ($console/, log in as reviewer / reviewer-demo$($exit_after && printf '; start it with\n   ./chartbridge console --demo, or run ./chartbridge demo without --exit'))
  A possible match, side by side:  $console/review?kind=POSSIBLE_MATCH
      Michael Anderson of the legacy EMR against the EHR's Michelle Anderson: same birth date, address and phone,
      similar names, different sex. A keying error, or his twin sister? The matcher never links such a pair by
      itself: you decide.
  An OCR field:                    $console/review?kind=OCR_FIELD
      a dose read with low confidence from a low-resolution scan; the crop of the page is shown beside it.
  Unmapped codes:                  $console/review?kind=UNMAPPED_CODE
      a race code and an ICD-9 code the code tables do not know: correct the value or add it to the table.
  An unknown patient:              $console/review?kind=UNKNOWN_PATIENT
      a medication list scanned without its intake form: link it to a patient the EHR holds, or quarantine it.
  The project dashboard:           $console/dashboard/project   (manager / manager-demo)

== Where else to look
  FHIR server (sandbox EHR):  $fhir_url$($smart && printf '\n  SMART token endpoint:       http://127.0.0.1:%s/oauth2/token (client chartbridge-demo; the FHIR\n                              endpoint wants a token: ./chartbridge sandbox status)' "$SANDBOX_PORT")
  Migrated patients:          $fhir_url/Patient?_count=50
  Console logins:             reviewer / reviewer-demo, manager / manager-demo, admin / admin-demo
  Counts from the ledger:     ./chartbridge status
  Quarantined rows:           ./chartbridge status --problems
  Run it again (idempotent):  ./chartbridge demo --exit   -> "0 new, N unchanged", the same review items
MSG

if $exit_after; then
  exit 0
fi
echo
echo "The sandbox and the review console keep running; press Ctrl-C to stop everything the demo started."
./chartbridge console --project "$CHARTBRIDGE_PROJECT" --port "$console_port" --demo
