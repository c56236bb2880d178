#!/usr/bin/env bash
# Chaos test (issue 19, item 5): a generated multi-file export (patients plus clinical files that refer to them)
# run into the sandbox EHR with the ledger on PostgreSQL, the run SIGKILLed at KILLS random moments and the sandbox
# SIGKILLed and started again SANDBOX_RESTARTS times while a run is going; then one last run to the end. Checked on
# the target afterwards:
#   - every resource the ledger says the target holds is there, by type (ledger count = target count);
#   - nothing twice: no two Patients share an identifier, no two resources of a type share an id;
#   - every reference between the migrated resources resolves to a resource on the target;
#   - no source item is left unsettled or FAILED.
# Exit 0 when every check holds, 1 otherwise. Results go to docs/benchmarks.md by hand.
#
# Usage: scripts/bench/chaos.sh [records=10000] [kills=20] [sandbox_restarts=2]
#   CHAOS_SEED (default 19) makes the kill moments repeatable; CHAOS_MAX_GAP (default 40) is the longest a run may
#   go before it is killed, in seconds after the target first answered; CHAOS_SKIP_BUILD=1 uses the jars as built.
#   `./chartbridge test` runs the short version through ChaosIT (app): scripts/bench/chaos.sh 300 3 1.
# Heavy: run it under `flock /tmp/chartbridge-heavy.lock`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
export CHARTBRIDGE_HOME="$PWD"
records="${1:-10000}"; kills="${2:-20}"; restarts="${3:-2}"
RANDOM="${CHAOS_SEED:-19}"
max_gap="${CHAOS_MAX_GAP:-40}"
work="${CHAOS_DIR:-$(mktemp -d /tmp/chartbridge-chaos.XXXXXX)}"
mkdir -p "$work"
# Run as root, PostgreSQL runs as its own user, who must reach its folder inside this one (mktemp makes it private).
[[ $(id -u) -eq 0 ]] && chmod 755 "$work"
log() { echo "chaos: $*"; }

free_port() {
  local p
  for p in $(shuf -i 20000-60000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "chaos: no free port" >&2; exit 1
}
export SANDBOX_PORT="${SANDBOX_PORT:-$(free_port)}"
export SANDBOX_DIR="$work/sandbox"
fhir="http://127.0.0.1:$SANDBOX_PORT/fhir"

cleanup() {
  [[ -n "${run_pid:-}" ]] && kill -9 "$run_pid" 2>/dev/null || true
  scripts/sandbox.sh stop > /dev/null 2>&1 || true
  scripts/postgres.sh stop "$work/pg" > /dev/null 2>&1 || true
}
trap cleanup EXIT

[[ "${CHAOS_SKIP_BUILD:-0}" == "1" ]] || mvn -q -B -ntp -DskipTests package > /dev/null
patients=$((records / 5)); clinical=$((records - patients))
export_dir="$work/export"
java -cp test-fixtures/target/classes io.chartbridge.fixtures.csv.LegacyEhrMultiExportGenerator \
  --patients "$patients" --clinical-rows "$clinical" --seed 19 --out "$export_dir" > /dev/null

# The ledger on PostgreSQL, as a production migration keeps it.
pg_env="$(scripts/postgres.sh start "$work/pg")" || { log "PostgreSQL did not start (above)"; exit 1; }
eval "$(sed 's/^/export /' <<< "$pg_env")"
export CHARTBRIDGE_LEDGER_URL="$CHARTBRIDGE_TEST_PG_URL" CHARTBRIDGE_LEDGER_USER="$CHARTBRIDGE_TEST_PG_USER"
export CHARTBRIDGE_LEDGER_PASSWORD="$CHARTBRIDGE_TEST_PG_PASSWORD"
pg_port="${CHARTBRIDGE_TEST_PG_URL##*:}"; pg_port="${pg_port%%/*}"
sql() { PGPASSWORD="$CHARTBRIDGE_LEDGER_PASSWORD" psql -h 127.0.0.1 -p "$pg_port" -U "$CHARTBRIDGE_LEDGER_USER" \
  -d chartbridge_test -At -F '=' -c "$1"; }

{
  echo "name: bench-chaos"
  echo "sources:"
  for pair in patients.csv:patients encounters.csv:encounters problems.csv:problems medications.csv:medications \
              allergies.csv:allergies immunizations.csv:immunizations lab-results.csv:results; do
    file="${pair%%:*}"; mapping="${pair##*:}"
    echo "  - {name: legacy-ehr-${file%.csv}, connector: csv, location: $export_dir/$file, mapping: $PWD/mappings/csv/legacy-ehr-multi-$mapping.yaml}"
  done
  cat <<YAML
target:
  kind: fhir
  url: $fhir
  bundleSize: 100
  concurrency: 2
  retry: { maxWait: 30m, maxDelay: 5s }
ledger:
  url: \${CHARTBRIDGE_LEDGER_URL}
  username: \${CHARTBRIDGE_LEDGER_USER}
  password: \${CHARTBRIDGE_LEDGER_PASSWORD}
YAML
} > "$work/project.yaml"

scripts/sandbox.sh start > /dev/null
log "machine: $(nproc) cores; $(date -u +%FT%TZ); records=$records (patients $patients, clinical $clinical);" \
  "kills=$kills; sandbox restarts=$restarts; load average $(cut -d' ' -f1-3 /proc/loadavg); work $work"

# Which kills also take the sandbox down while that run is going: spread over the kills.
declare -A restart_at=()
for ((r = 1; r <= restarts; r++)); do restart_at[$(( r * kills / (restarts + 1) ))]=1; done

started=$SECONDS
finished_early=false
for ((k = 1; k <= kills; k++)); do
  ./chartbridge run "$work/project.yaml" > "$work/run-$k.log" 2>&1 &
  run_pid=$!
  until grep -q 'answers as FHIR' "$work/run-$k.log" 2>/dev/null || ! kill -0 "$run_pid" 2>/dev/null; do sleep 0.2; done
  gap=$(( 1 + RANDOM % max_gap ))
  if [[ -n "${restart_at[$k]:-}" ]]; then
    sleep $(( gap / 2 ))
    sandbox_pid="$(tr -dc '0-9' < "$SANDBOX_DIR/sandbox.pid")"
    kill -9 "$sandbox_pid" 2>/dev/null || true
    # SIGKILL is delivered, not waited for: until the process is gone its port is still taken.
    for _ in $(seq 1 300); do kill -0 "$sandbox_pid" 2>/dev/null || break; sleep 0.1; done
    log "kill $k: sandbox SIGKILLed $(( gap / 2 )) s into the run; starting it again"
    scripts/sandbox.sh start > /dev/null
    sleep $(( gap - gap / 2 ))
  else
    sleep "$gap"
  fi
  if kill -9 "$run_pid" 2>/dev/null; then
    wait "$run_pid" 2>/dev/null || true
    log "kill $k: run SIGKILLed ${gap} s after the target answered"
  else
    wait "$run_pid" 2>/dev/null || true
    log "kill $k: the run had already ended ($(grep -m1 -o 'Run [0-9]* .*' "$work/run-$k.log" || echo 'no summary'))"
    finished_early=true
    break
  fi
  run_pid=""
done

rc=0
./chartbridge run "$work/project.yaml" > "$work/run-last.log" 2>&1 || rc=$?
run_pid=""
log "last run: exit $rc; $(grep -m1 -o 'Run [0-9]* of project .* in [0-9.]* s' "$work/run-last.log" || echo 'no summary')"
log "wall time of all runs: $(( SECONDS - started )) s; runs numbered: $(sql 'select id from run order by id' | tr '\n' ' ')"

ok=true
[[ $rc == 0 ]] || { log "FAIL: the last run exited $rc (see $work/run-last.log)"; ok=false; }
count() { curl -s "$fhir/$1?_summary=count" | jq -r '.total'; }
while IFS='=' read -r type n; do
  on_target="$(count "$type")"
  log "$type: ledger $n, target $on_target"
  [[ "$on_target" == "$n" ]] || { log "FAIL: $type differs"; ok=false; }
done < <(sql "select resource_type, count(*) from target_resource group by resource_type order by 1")
unsettled="$(sql "select count(*) from source_item where kind <> 'FILE' and state in ('RECEIVED','EXTRACTED','MAPPED','MATCHED','FAILED') and run_id = (select max(id) from run)")"
log "records unsettled or failed in the last run: $unsettled"

# Every resource of every migrated type, paged; duplicates by id and by patient identifier; dangling references.
python3 - "$fhir" $(sql "select distinct resource_type from target_resource") <<'PY' || ok=false
import json, sys, urllib.request
base, types = sys.argv[1], sys.argv[2:]
ids, refs, dup_ids, idents = set(), [], 0, {}
def walk(node, out):
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "reference" and isinstance(v, str):
                out.append(v)
            else:
                walk(v, out)
    elif isinstance(node, list):
        for v in node:
            walk(v, out)
for t in types:
    url = f"{base}/{t}?_count=500"
    while url:
        page = json.load(urllib.request.urlopen(url, timeout=120))
        for e in page.get("entry", []):
            r = e["resource"]
            key = f"{t}/{r['id']}"
            if key in ids:
                dup_ids += 1
            ids.add(key)
            walk({k: v for k, v in r.items() if k != "contained"}, refs)
            if t == "Patient":
                for i in r.get("identifier", []):
                    k = (i.get("system"), i.get("value"))
                    idents[k] = idents.get(k, 0) + 1
        url = next((l["url"] for l in page.get("link", []) if l["relation"] == "next"), None)
dangling = [r for r in refs if "/" in r and not r.startswith(("http", "urn:", "#")) and r.split("/")[0] in types
            and "/".join(r.split("/")[:2]) not in ids]
dup_idents = sum(1 for n in idents.values() if n > 1)
print(f"chaos: target: {len(ids)} resources, {len(refs)} references; duplicate ids {dup_ids}, "
      f"patients sharing an identifier {dup_idents}, dangling references {len(dangling)}")
for r in dangling[:5]:
    print(f"chaos:   dangling: {r}")
sys.exit(1 if dup_ids or dup_idents or dangling else 0)
PY
[[ "$unsettled" == "0" ]] || { log "FAIL: records left unsettled or failed"; ok=false; }
$finished_early && log "note: a run finished before its kill; fewer kills than asked"
if $ok; then log "PASS: 0 lost, 0 duplicated, every reference resolved"; else log "FAIL (work folder kept: $work)"; exit 1; fi
