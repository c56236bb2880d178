#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests: its own data folder, 127.0.0.1 only, a random password.
#   scripts/postgres.sh start <dir>   installs PostgreSQL (Debian package) when missing and root, starts a server,
#                                     prints CHARTBRIDGE_TEST_PG_URL/_USER/_PASSWORD lines for the tests
#   scripts/postgres.sh stop <dir>    stops it and removes the folder
set -euo pipefail

die() { echo "postgres.sh: $*" >&2; exit 1; }
[[ $# -eq 2 ]] || die "usage: postgres.sh start|stop <dir>"
cmd="$1"; dir="$2"

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

ensure_installed() {
  if [[ -z "$(pg_bin)" ]]; then
    if [[ $(id -u) -ne 0 ]]; then
      die "PostgreSQL is not installed; run: sudo apt-get install -y postgresql"
    fi
    echo "postgres.sh: installing PostgreSQL (apt-get install postgresql) ..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q postgresql >&2 || { apt-get update -q >&2 && apt-get install -y -q postgresql >&2; } \
      || die "apt-get install postgresql failed"
  fi
}

# The server refuses to run as root: as root, run it as the postgres user the package creates.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  local p
  for p in $(seq 55432 55532); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  die "no free port between 55432 and 55532"
}

case "$cmd" in
  start)
    ensure_installed
    bin="$(pg_bin)"
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
    if [[ $(id -u) -eq 0 ]] && ! runuser -u postgres -- test -x "$dir"; then
      die "the postgres user cannot reach $dir: a folder on its way is private to its owner (chmod o+x it, or use another folder)"
    fi
    password="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)"
    printf '%s\n' "$password" > "$dir/pw"
    chmod 600 "$dir/pw"
    [[ $(id -u) -eq 0 ]] && chown postgres "$dir/pw"
    as_owner "$bin/initdb" -D "$dir/data" -U chartbridge --auth=scram-sha-256 --pwfile="$dir/pw" -E UTF8 \
      > "$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    rm -f "$dir/pw"
    port="$(free_port)"
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off" start > /dev/null \
      || { tail -n 20 "$dir/server.log" >&2; die "the server did not start"; }
    PGPASSWORD="$password" "$bin/createdb" -h 127.0.0.1 -p "$port" -U chartbridge chartbridge_test
    echo "CHARTBRIDGE_TEST_PG_URL=jdbc:postgresql://127.0.0.1:$port/chartbridge_test"
    echo "CHARTBRIDGE_TEST_PG_USER=chartbridge"
    echo "CHARTBRIDGE_TEST_PG_PASSWORD=$password"
    ;;
  stop)
    bin="$(pg_bin)"
    if [[ -n "$bin" && -f "$dir/data/postmaster.pid" ]]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop > /dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *) die "usage: postgres.sh start|stop <dir>" ;;
esac
