#!/usr/bin/env bash
# Benchmark (issue 21): the dashboard's pages over a ledger of a million items. Generates the ledger of a synthetic
# project (ProjectLedgerGenerator: ten runs over six weeks, four sources; rehearsals, deltas, a full re-run and an open
# last run) in an H2 file or a throwaway PostgreSQL, starts `./chartbridge console` on it, times how long the project
# counters take to catch up with a ledger they have never seen (the one-off cost of V13 on an existing ledger), then
# requests each page `repeats` times with curl (after two warm-up requests) and prints the median wall time and the
# console's CPU time per request (user + system, from /proc; steadier than wall time on a shared machine).
# Usage: scripts/bench/dashboard.sh [h2|postgres] [items=1000000] [repeats=9]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export CHARTBRIDGE_HOME="$PWD"
db="${1:-h2}"; items="${2:-1000000}"; repeats="${3:-9}"
work="${BENCH_DIR:-/tmp/chartbridge-bench-dashboard}"
mkdir -p "$work"

mvn -q -B -ntp -pl test-fixtures -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile="$work/fixtures.classpath" > /dev/null
fixtures_cp="test-fixtures/target/classes:core/target/classes:$(cat "$work/fixtures.classpath")"

pgdir=""
console_pid=""
cleanup() {
  [[ -n "$console_pid" ]] && kill "$console_pid" 2> /dev/null && wait "$console_pid" 2> /dev/null || true
  [[ -n "$pgdir" ]] && scripts/postgres.sh stop "$pgdir"
  return 0
}
trap cleanup EXIT

case "$db" in
  h2)
    ledger="$work/ledger-h2-$items"
    url="jdbc:h2:file:$ledger"; user="sa"; password=""
    fresh=$([[ -f "$ledger.mv.db" ]] && echo no || echo yes) ;;
  postgres)
    pgdir="$(mktemp -d /tmp/chartbridge-bench-pg.XXXXXX)"
    while IFS='=' read -r key value; do declare "$key=$value"; done < <(scripts/postgres.sh start "$pgdir")
    url="$CHARTBRIDGE_TEST_PG_URL"; user="$CHARTBRIDGE_TEST_PG_USER"; password="$CHARTBRIDGE_TEST_PG_PASSWORD"
    fresh=yes ;;
  *) echo "usage: dashboard.sh [h2|postgres] [items] [repeats]" >&2; exit 2 ;;
esac

if [[ "$fresh" == yes ]]; then
  echo "Generating a ledger of $items items ($db) ..."
  start=$(date +%s)
  java -cp "$fixtures_cp" io.chartbridge.fixtures.ledger.ProjectLedgerGenerator --url "$url" --user "$user" \
    --password "$password" --items "$items" | grep -v ' INFO '
  echo "  generated in $(( $(date +%s) - start )) s"
fi

cat > "$work/project.yaml" <<YAML
name: bench-dashboard
timezone: Europe/Berlin
sources:
  - name: legacy-emr-patients
    connector: csv
    location: $PWD/test-fixtures/csv/legacy-emr/patients.csv
    mapping: $PWD/mappings/csv/legacy-emr-patient.yaml
ledger:
  url: $url
  username: $user
  password: "$password"
YAML

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
./chartbridge console --project "$work/project.yaml" --port "$port" --demo > "$work/console.log" 2>&1 &
console_pid=$!
for _ in $(seq 1 240); do
  curl -sf "$base/actuator/health" > /dev/null 2>&1 && break
  sleep 1
done
curl -sf "$base/actuator/health" > /dev/null || { tail -n 30 "$work/console.log"; exit 1; }

jar="$work/cookies"; rm -f "$jar"
csrf=$(curl -s -c "$jar" -b "$jar" "$base/login" | sed -n 's/.*name="_csrf" value="\([^"]*\)".*/\1/p' | head -n 1)
curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "username=manager" --data-urlencode "password=manager-demo" \
  --data-urlencode "_csrf=$csrf" "$base/login"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$console_pid/stat"; }
hz=$(getconf CLK_TCK)

echo "Counting the project figures (the console's first pass over this ledger) ..."
start=$(date +%s); t0=$(cpu_ticks)
until curl -s -b "$jar" "$base/dashboard/api/project" | grep -q '"catchingUp":false'; do sleep 2; done
echo "  caught up in $(( $(date +%s) - start )) s wall, $(( ($(cpu_ticks) - t0) / hz )) s console CPU"

latest=$(curl -s -b "$jar" "$base/dashboard/api/runs" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["run"]["id"])')
pages=("/dashboard/project" "/dashboard/project/throughput.svg" "/dashboard/project/backlog.svg"
  "/dashboard/api/project" "/dashboard" "/dashboard/runs/$latest" "/dashboard/runs/1" "/actuator/prometheus")
printf '%-40s %12s %12s %14s\n' "page" "median ms" "max ms" "CPU ms/request"
for page in "${pages[@]}"; do
  auth=(-b "$jar"); [[ "$page" == /actuator/* ]] && auth=(-u manager:manager-demo)
  for _ in 1 2; do curl -s -o /dev/null "${auth[@]}" "$base$page"; done
  t0=$(cpu_ticks)
  times=()
  for _ in $(seq 1 "$repeats"); do
    code_time=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' "${auth[@]}" "$base$page")
    [[ "${code_time%% *}" == 200 ]] || { echo "$page answered ${code_time%% *}" >&2; exit 1; }
    times+=("${code_time#* }")
  done
  cpu=$(( ($(cpu_ticks) - t0) * 1000 / hz / repeats ))
  printf '%s\n' "${times[@]}" | sort -n | awk -v page="$page" -v cpu="$cpu" \
    '{ t[NR] = $1 * 1000 } END { printf "%-40s %12.0f %12.0f %14d\n", page, t[int((NR + 1) / 2)], t[NR], cpu }'
done
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%Y-%m-%d %H:%M UTC')"
