#!/usr/bin/env bash
# ./chartbridge sandbox start [--auth none|smart]|stop|status|seed [bundle.json]
#
# The sandbox EHR: a real HAPI FHIR R4 JPA server (sandbox/target/chartbridge-sandbox.jar) run as its own process on
# 127.0.0.1, with its H2 database, PID file and log under SANDBOX_DIR. See docs/sandbox.md.
#
# Environment:
#   CHARTBRIDGE_HOME        repository root (default: this script's parent folder)
#   SANDBOX_PORT            HTTP port on 127.0.0.1 (default 8090)
#   SANDBOX_DIR             data, PID file and log (default $CHARTBRIDGE_HOME/.chartbridge/sandbox)
#   SANDBOX_JAVA_OPTS       JVM options (default -Xmx768m -XX:+UseSerialGC)
#   SANDBOX_START_TIMEOUT   seconds to wait for /fhir/metadata (default 180)
#   SANDBOX_CDS             1 (default): run from the extracted jar with a class-data-sharing archive; 0: plain jar
#   SANDBOX_LOCK_TIMEOUT    seconds start/stop/seed wait for another of them on the same data folder (default 900)
#   SANDBOX_STOP_ONLY_PID   stop: stop the server only if it is this process (demo's exit: what it started itself)
#   SANDBOX_AUTH            none (default) or smart: SMART Backend Services in front of the FHIR endpoint
#                           (the same as start --auth smart); the demo client's keys go to $SANDBOX_DIR/smart
#   SANDBOX_TOKEN_TTL       with smart: access token lifetime in seconds (default 300)
#
# start, stop and seed on one data folder run one at a time (flock on $SANDBOX_DIR/sandbox.lock): a stop that is
# still waiting for its server to exit can never delete the PID file of a server started meanwhile.
#
# Exit codes: 0 ok; 1 failure; 2 usage; status: 0 running, 3 stopped.
set -euo pipefail

CHARTBRIDGE_HOME="${CHARTBRIDGE_HOME:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
SANDBOX_PORT="${SANDBOX_PORT:-8090}"
SANDBOX_DIR="${SANDBOX_DIR:-$CHARTBRIDGE_HOME/.chartbridge/sandbox}"
SANDBOX_JAVA_OPTS="${SANDBOX_JAVA_OPTS:--Xmx768m -XX:+UseSerialGC}"
SANDBOX_START_TIMEOUT="${SANDBOX_START_TIMEOUT:-180}"
SANDBOX_CDS="${SANDBOX_CDS:-1}"
SANDBOX_LOCK_TIMEOUT="${SANDBOX_LOCK_TIMEOUT:-900}"
SANDBOX_STOP_ONLY_PID="${SANDBOX_STOP_ONLY_PID:-}"
SANDBOX_AUTH="${SANDBOX_AUTH:-none}"
SANDBOX_TOKEN_TTL="${SANDBOX_TOKEN_TTL:-300}"

JAR="$CHARTBRIDGE_HOME/sandbox/target/chartbridge-sandbox.jar"
# The jar extracted (plain jars load faster than nested ones) with its class-data-sharing archive; shared by every
# SANDBOX_DIR, rebuilt whenever the jar is. See docs/sandbox.md, "Start-up".
APP_DIR="$CHARTBRIDGE_HOME/sandbox/target/app"
APP_JAR="$APP_DIR/chartbridge-sandbox.jar"
CDS_ARCHIVE="$APP_DIR/sandbox.jsa"
PID_FILE="$SANDBOX_DIR/sandbox.pid"
LOG_FILE="$SANDBOX_DIR/sandbox.log"
LOCK_FILE="$SANDBOX_DIR/sandbox.lock"
# What the running server was started with (none or smart), written by start: seed and status read it.
AUTH_FILE="$SANDBOX_DIR/sandbox.auth"
BASE_URL="http://127.0.0.1:$SANDBOX_PORT/fhir"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

say() { echo "sandbox: $*"; }
fail() { echo "sandbox: $*" >&2; exit 1; }

usage() {
  echo "usage: chartbridge sandbox start|stop|status|seed [bundle.json]  (start [--auth none|smart])" >&2
  exit 2
}

# Holds the data folder's lock until this script exits (start, stop and seed). The lock file names its holder, so a
# command that has to wait says what it waits for. The server and every background job get the descriptor closed:
# a lock inherited by the server would be held for as long as it runs.
take_lock() {
  mkdir -p "$SANDBOX_DIR"
  exec 9>> "$LOCK_FILE"
  if ! flock -n 9; then
    local holder
    holder="$(head -n 1 "$LOCK_FILE" 2>/dev/null || true)"
    say "waiting for ${holder:-another sandbox command} to finish"
    flock -w "$SANDBOX_LOCK_TIMEOUT" 9 \
      || fail "${holder:-another sandbox command} still holds $LOCK_FILE after $SANDBOX_LOCK_TIMEOUT s; try again later"
  fi
  printf 'sandbox %s (pid %s)\n' "$1" "$$" > "$LOCK_FILE"
}

# True when no start, stop or seed is at work on this data folder (then status may repair the PID file).
lock_is_free() {
  [[ -d "$SANDBOX_DIR" ]] || return 0
  (exec 9>> "$LOCK_FILE" && flock -n 9) 2>/dev/null
}

# The PID in the PID file, if that process is alive and is our server (a reused PID belongs to someone else).
live_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(tr -dc '0-9' < "$PID_FILE")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "chartbridge-sandbox.jar" || return 1
  echo "$pid"
}

# Written whole or not at all: a reader never sees an empty PID file.
write_pid_file() {
  printf '%s\n' "$1" > "$PID_FILE.$$"
  mv -f "$PID_FILE.$$" "$PID_FILE"
}

# Removes the PID file only while it still holds this PID: whatever another command wrote there since is kept.
remove_pid_file_if_holds() {
  [[ -f "$PID_FILE" && "$(tr -dc '0-9' < "$PID_FILE")" == "$1" ]] && rm -f "$PID_FILE"
  return 0
}

# Removes a PID file whose process is gone, and says so.
clear_stale_pid_file() {
  local pid
  if [[ -f "$PID_FILE" ]] && ! live_pid > /dev/null; then
    pid="$(tr -dc '0-9' < "$PID_FILE")"
    say "removed stale PID file $PID_FILE (process $pid is not running; its log: $LOG_FILE)"
    remove_pid_file_if_holds "$pid"
  fi
}

# The processes listening on port SANDBOX_PORT, from the kernel's socket tables (only our own processes' sockets
# can be traced to a PID: another user's server is never ours).
listening_pids() {
  local hexport inode
  hexport="$(printf '%04X' "$SANDBOX_PORT")"
  # /proc/net/tcp{,6}: local address "ADDR:PORT" in hex, state 0A = LISTEN, inode in column 10.
  for inode in $(awk -v port=":$hexport" '$4 == "0A" && substr($2, length($2) - 4) == port { print $10 }' \
                   /proc/net/tcp /proc/net/tcp6 2>/dev/null); do
    find /proc/[0-9]*/fd -maxdepth 1 -lname "socket:\[$inode\]" 2>/dev/null | cut -d/ -f3
  done | sort -u
}

# True when process $1 is a sandbox server (chartbridge-sandbox.jar) whose data folder is SANDBOX_DIR.
is_our_server() {
  local pid="$1" dir="" i args=()
  mapfile -d '' args < "/proc/$pid/cmdline" 2>/dev/null || return 1
  printf '%s\n' "${args[@]}" | grep -q 'chartbridge-sandbox\.jar' || return 1
  for (( i = 0; i < ${#args[@]}; i++ )); do
    case "${args[i]}" in
      --data-dir) dir="${args[i + 1]:-}" ;;
      --data-dir=*) dir="${args[i]#--data-dir=}" ;;
    esac
  done
  # The jar's default data folder, relative like any relative --data-dir to the folder the server was started in.
  [[ -n "$dir" ]] || dir=".chartbridge/sandbox"
  [[ "$dir" == /* ]] || dir="$(readlink "/proc/$pid/cwd" 2>/dev/null)/$dir"
  [[ "$(realpath -m "$dir")" == "$(realpath -m "$SANDBOX_DIR")" ]]
}

# The PID of our sandbox listening on the port although the PID file does not name it (a PID file lost to an old
# race, deleted by hand, or a server started by hand with this data folder).
unrecorded_server_pid() {
  local pid
  for pid in $(listening_pids); do
    if is_our_server "$pid"; then
      echo "$pid"
      return 0
    fi
  done
  return 1
}

# The running server's PID: the PID file's, or an unrecorded server of this data folder, which is adopted (recorded
# in the PID file) so that status, seed and stop see it from now on. Call it holding the lock.
running_pid() {
  local pid
  if pid="$(live_pid)"; then
    echo "$pid"
    return 0
  fi
  pid="$(unrecorded_server_pid)" || return 1
  write_pid_file "$pid"
  say "adopted the sandbox already running on port $SANDBOX_PORT with data folder $SANDBOX_DIR (pid $pid)" >&2
  echo "$pid"
}

metadata_answers() {
  local code
  code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$BASE_URL/metadata" 2>/dev/null || true)"
  [[ "$code" == "200" ]]
}

# True when anything accepts connections on 127.0.0.1:$SANDBOX_PORT.
port_in_use() {
  (exec 3<> "/dev/tcp/127.0.0.1/$SANDBOX_PORT") 2>/dev/null
}

show_log_tail() {
  if [[ -f "$LOG_FILE" ]]; then
    # A failed start ends in a long stack trace: show its causes first, then the last lines.
    grep -E '^Caused by:|APPLICATION FAILED' "$LOG_FILE" | tail -n 3 >&2 || true
    echo "---- last lines of $LOG_FILE ----" >&2
    tail -n 30 "$LOG_FILE" >&2
    echo "----" >&2
  fi
}

ensure_jar() {
  if [[ ! -f "$JAR" ]]; then
    say "building the sandbox jar (first time, takes a few minutes): mvn -q -pl sandbox -am package -DskipTests"
    (cd "$CHARTBRIDGE_HOME" && mvn -B -ntp -q -pl sandbox -am package -DskipTests) \
      || fail "building the sandbox jar failed; see the Maven output above"
  fi
}

# Extracts the jar into APP_DIR when the jar is newer than the extraction. Never fails the start: on any problem the
# plain jar is used.
prepare_app() {
  [[ "$SANDBOX_CDS" == "1" ]] || return 1
  # A stamp of our own: the extracted jar keeps the build's timestamps, which say nothing about the extraction.
  if [[ -f "$APP_JAR" && -f "$APP_DIR/.extracted" && ! "$JAR" -nt "$APP_DIR/.extracted" ]]; then
    return 0
  fi
  local tmp="$APP_DIR.tmp.$$"
  rm -rf "$tmp"
  if "$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$tmp" > /dev/null 2>&1; then
    touch "$tmp/.extracted"
    rm -rf "$APP_DIR"
    mv "$tmp" "$APP_DIR" 2>/dev/null || rm -rf "$tmp"
  else
    rm -rf "$tmp"
  fi
  [[ -f "$APP_JAR" ]]
}

# Class-data sharing: a start without an archive records the classes it loads (in its own file, so a failed or
# concurrent start cannot spoil another's list); once it answers, the archive is built from that list.
CDS_RECORDING="$APP_DIR/classes.$$.recording"

cds_options() {
  if [[ -f "$CDS_ARCHIVE" ]]; then
    echo "-XX:SharedArchiveFile=$CDS_ARCHIVE -Xlog:cds=off"
  elif [[ ! -f "$APP_DIR/cds.failed" ]]; then
    echo "-XX:DumpLoadedClassList=$CDS_RECORDING"
  fi
}

# Builds the archive in the background, at low priority, for the next start. Lambda-proxy entries are left out:
# JDK 17 crashes dumping them for this application. A failed dump is not retried until the jar is rebuilt.
build_cds_archive_in_background() {
  [[ -s "$CDS_RECORDING" && ! -f "$CDS_ARCHIVE" ]] || { rm -f "$CDS_RECORDING"; return 0; }
  local list="$APP_DIR/classes.$$.lst" archive="$APP_DIR/sandbox.$$.jsa" extraction
  # Identifies this extraction: a rebuild while the dump runs must not mark the new one as failed.
  extraction="$(stat -c %i "$APP_DIR/.extracted" 2>/dev/null || true)"
  grep -v '@lambda' "$CDS_RECORDING" > "$list" || true
  rm -f "$CDS_RECORDING"
  (
    if nice -n 10 "$JAVA" -Xshare:dump -XX:SharedClassListFile="$list" -XX:SharedArchiveFile="$archive" \
        -cp "$APP_JAR" > "$APP_DIR/cds.log" 2>&1 && [[ -s "$archive" ]]; then
      mv "$archive" "$CDS_ARCHIVE"
    else
      rm -f "$archive"
      if [[ "$(stat -c %i "$APP_DIR/.extracted" 2>/dev/null || true)" == "$extraction" ]]; then
        touch "$APP_DIR/cds.failed"
      fi
    fi
    rm -f "$list"
  ) < /dev/null > /dev/null 2>&1 9>&- &
  disown 2>/dev/null || true
}

# Waits until /fhir/metadata answers, the process dies, or the timeout passes. Returns 1 when the process died
# (the caller says what that means); on a timeout stops the process and exits.
wait_until_up() {
  local pid="$1" started="$SECONDS"
  printf 'sandbox: starting (pid %s, log %s) ' "$pid" "$LOG_FILE"
  while (( SECONDS - started < SANDBOX_START_TIMEOUT )); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo
      remove_pid_file_if_holds "$pid"
      rm -f "$CDS_RECORDING"
      return 1
    fi
    if metadata_answers; then
      echo
      say "running at $BASE_URL (pid $pid, up after $(( SECONDS - started )) s)"
      return 0
    fi
    printf '.'
    sleep 1
  done
  echo
  echo "sandbox: no answer from $BASE_URL/metadata within $SANDBOX_START_TIMEOUT s; stopping it" >&2
  show_log_tail
  stop_pid "$pid" > /dev/null
  rm -f "$CDS_RECORDING"
  exit 1
}

stop_pid() {
  local pid="$1" waited=0
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null && (( waited < 30 )); do
    sleep 1
    waited=$(( waited + 1 ))
  done
  if kill -0 "$pid" 2>/dev/null; then
    say "process $pid did not stop within 30 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 1
  fi
  remove_pid_file_if_holds "$pid"
}

running_auth() {
  if [[ -f "$AUTH_FILE" ]]; then tr -dc 'a-z' < "$AUTH_FILE"; else echo none; fi
}

# One line on how a SMART sandbox is reached: where to ask for tokens, as whom, with which key.
say_smart() {
  say "SMART Backend Services: token endpoint http://127.0.0.1:$SANDBOX_PORT/oauth2/token, client chartbridge-demo," \
    "key $SANDBOX_DIR/smart/demo-client-key.pem (kid demo-rs384) or demo-client.jwks.json"
}

cmd_start() {
  take_lock start
  local pid
  case "$SANDBOX_AUTH" in
    none|smart) ;;
    *) echo "sandbox: --auth (SANDBOX_AUTH) must be none or smart, not '$SANDBOX_AUTH'" >&2; exit 2 ;;
  esac
  if pid="$(running_pid)"; then
    if [[ "$(running_auth)" != "$SANDBOX_AUTH" ]]; then
      fail "already running at $BASE_URL (pid $pid) with auth $(running_auth); stop it first to start it with auth $SANDBOX_AUTH"
    fi
    if metadata_answers; then
      say "already running at $BASE_URL (pid $pid)"
      [[ "$SANDBOX_AUTH" == "smart" ]] && say_smart
      return 0
    fi
    # Holding the lock, no other start or stop is at work: a server that does not answer was left by one that was
    # interrupted. Wait for it to answer (it was starting) or to exit (it was stopping), and then start a new one.
    if wait_until_up "$pid"; then
      return 0
    fi
    say "that server (pid $pid) has exited; starting a new one"
  fi
  clear_stale_pid_file
  if port_in_use; then
    fail "port $SANDBOX_PORT on 127.0.0.1 is in use by another process; stop it or choose another port (SANDBOX_PORT=...)"
  fi
  command -v curl > /dev/null || fail "curl is needed to check that the server answers; install it (apt-get install curl)"
  ensure_jar
  mkdir -p "$SANDBOX_DIR"
  local jar="$JAR" cds=""
  if prepare_app; then
    jar="$APP_JAR"
    cds="$(cds_options)"
  fi
  # Not a child of this shell's terminal: no stdin, output to the log, its own session, so it outlives the script;
  # without the lock's descriptor, so the lock ends with this script.
  # shellcheck disable=SC2086
  local auth_args=()
  [[ "$SANDBOX_AUTH" == "smart" ]] && auth_args=(--auth smart --token-ttl "$SANDBOX_TOKEN_TTL")
  setsid "$JAVA" $SANDBOX_JAVA_OPTS $cds -jar "$jar" --port "$SANDBOX_PORT" --data-dir "$SANDBOX_DIR" "${auth_args[@]}" \
    < /dev/null >> "$LOG_FILE" 2>&1 9>&- &
  pid="$!"
  write_pid_file "$pid"
  echo "$SANDBOX_AUTH" > "$AUTH_FILE"
  if ! wait_until_up "$pid"; then
    echo "sandbox: the server exited during start-up" >&2
    show_log_tail
    exit 1
  fi
  [[ "$SANDBOX_AUTH" == "smart" ]] && say_smart
  if [[ "$jar" == "$APP_JAR" ]]; then
    build_cds_archive_in_background
  fi
}

cmd_stop() {
  take_lock stop
  local pid
  if pid="$(running_pid)"; then
    if [[ -n "$SANDBOX_STOP_ONLY_PID" && "$pid" != "$SANDBOX_STOP_ONLY_PID" ]]; then
      say "left running: the server now running (pid $pid) is not the one to stop (pid $SANDBOX_STOP_ONLY_PID)"
      return 0
    fi
    stop_pid "$pid"
    rm -f "$AUTH_FILE"
    say "stopped (pid $pid)"
  else
    clear_stale_pid_file
    say "not running"
  fi
}

# Reads without waiting for the lock; repairs the PID file (stale or missing) only when no start, stop or seed is at
# work, since one of them may be writing it.
cmd_status() {
  local pid
  if ! pid="$(live_pid)" && pid="$(unrecorded_server_pid)"; then
    if lock_is_free; then
      write_pid_file "$pid"
      say "found the sandbox running without its PID file (pid $pid); recorded it in $PID_FILE"
    fi
  fi
  if [[ -n "$pid" ]]; then
    if metadata_answers; then
      say "running at $BASE_URL (pid $pid)"
      [[ "$(running_auth)" == "smart" ]] && say_smart
    else
      say "running (pid $pid) but not answering at $BASE_URL yet; log: $LOG_FILE"
    fi
    return 0
  fi
  if [[ -f "$PID_FILE" ]]; then
    pid="$(tr -dc '0-9' < "$PID_FILE")"
    say "stopped: process $pid died without being stopped; see $LOG_FILE"
    lock_is_free && remove_pid_file_if_holds "$pid"
  else
    say "stopped"
  fi
  exit 3
}

# An access token for the demo client, from the running SMART sandbox (the jar signs the assertion with Nimbus).
sandbox_token() {
  local jar="$JAR"
  [[ -f "$APP_JAR" ]] && jar="$APP_JAR"
  "$JAVA" -Xshare:auto -XX:TieredStopAtLevel=1 -jar "$jar" token --port "$SANDBOX_PORT" --data-dir "$SANDBOX_DIR" \
    "--scope=system/*.read system/*.write"
}

cmd_seed() {
  local bundle="${1:-$CHARTBRIDGE_HOME/test-fixtures/sandbox/seed-patients.json}"
  [[ -f "$bundle" ]] || fail "seed: no such bundle file: $bundle"
  take_lock seed
  running_pid > /dev/null && metadata_answers \
    || fail "seed: the sandbox is not running at $BASE_URL; start it with: ./chartbridge sandbox start"
  local response code headers
  response="$(mktemp)"
  headers="$(mktemp)"
  trap 'rm -f "$response" "$headers"' RETURN
  chmod 600 "$headers"
  if [[ "$(running_auth)" == "smart" ]]; then
    # The token goes to curl in a file only we can read, never on a command line others could see in ps.
    local token
    token="$(sandbox_token)" || fail "seed: could not get an access token from the sandbox (see above)"
    printf 'Authorization: Bearer %s\n' "$token" > "$headers"
  fi
  code="$(curl -s -o "$response" -w '%{http_code}' --max-time 120 -X POST \
    -H 'Content-Type: application/fhir+json' -H 'Accept: application/fhir+json' -H "@$headers" \
    --data-binary "@$bundle" "$BASE_URL")" || code="000"
  if [[ "$code" != "200" ]]; then
    echo "sandbox: seed: the server refused $bundle (HTTP $code):" >&2
    head -c 2000 "$response" >&2
    echo >&2
    exit 1
  fi
  local entries
  entries="$(grep -o '"status" *: *"[0-9]' "$response" | wc -l | tr -d ' ')"
  say "seeded $entries entries from $bundle into $BASE_URL"
}

[[ $# -ge 1 ]] || usage
command="$1"
shift
case "$command" in
  start)
    while [[ $# -gt 0 ]]; do
      case "$1" in
        --auth) [[ $# -ge 2 ]] || usage; SANDBOX_AUTH="$2"; shift 2 ;;
        --auth=*) SANDBOX_AUTH="${1#--auth=}"; shift ;;
        *) usage ;;
      esac
    done
    cmd_start ;;
  stop) [[ $# -eq 0 ]] || usage; cmd_stop ;;
  status) [[ $# -eq 0 ]] || usage; cmd_status ;;
  seed) [[ $# -le 1 ]] || usage; cmd_seed "$@" ;;
  *) usage ;;
esac
