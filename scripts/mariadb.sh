#!/usr/bin/env bash
# A throwaway MariaDB server for tests (a legacy clinic database): its own data folder, 127.0.0.1 only, a random
# password, a free port. Modelled on scripts/postgres.sh.
#   scripts/mariadb.sh start <dir>   installs MariaDB (Debian package mariadb-server) when missing and root, starts a
#                                    server, prints CHARTBRIDGE_TEST_MARIADB_URL/_USER/_PASSWORD lines for the tests
#   scripts/mariadb.sh stop <dir>    stops it and removes the folder
set -euo pipefail

die() { echo "mariadb.sh: $*" >&2; exit 1; }
[[ $# -eq 2 ]] || die "usage: mariadb.sh start|stop <dir>"
cmd="$1"; dir="$2"

server_bin() { command -v mariadbd || ls /usr/sbin/mariadbd 2>/dev/null || true; }

ensure_installed() {
  if [[ -z "$(server_bin)" ]]; then
    if [[ $(id -u) -ne 0 ]]; then
      die "MariaDB is not installed; run: sudo apt-get install -y mariadb-server"
    fi
    echo "mariadb.sh: installing MariaDB (apt-get install mariadb-server) ..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q mariadb-server >&2 || { apt-get update -q >&2 && apt-get install -y -q mariadb-server >&2; } \
      || die "apt-get install mariadb-server failed"
  fi
}

free_port() {
  local p
  for p in $(seq 53306 53406); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  die "no free port between 53306 and 53406"
}

case "$cmd" in
  start)
    ensure_installed
    bin="$(server_bin)"
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    # The server refuses to run as root unless told which user to be: as root, it runs as the package's mysql user.
    user_opt=()
    if [[ $(id -u) -eq 0 ]]; then chown mysql "$dir"; user_opt=(--user=mysql); fi
    mariadb-install-db --no-defaults "${user_opt[@]}" --datadir="$dir/data" --auth-root-authentication-method=normal \
      --skip-test-db > "$dir/install.log" 2>&1 || { cat "$dir/install.log" >&2; die "mariadb-install-db failed"; }
    port="$(free_port)"
    "$bin" --no-defaults "${user_opt[@]}" --datadir="$dir/data" --socket="$dir/mariadb.sock" \
      --pid-file="$dir/mariadb.pid" --port="$port" --bind-address=127.0.0.1 --log-error="$dir/server.log" \
      --innodb-flush-log-at-trx-commit=0 --character-set-server=utf8mb4 > /dev/null 2>&1 &
    for _ in $(seq 1 120); do
      mariadb-admin --no-defaults --socket="$dir/mariadb.sock" -uroot ping > /dev/null 2>&1 && break
      sleep 0.5
    done
    mariadb-admin --no-defaults --socket="$dir/mariadb.sock" -uroot ping > /dev/null 2>&1 \
      || { tail -n 20 "$dir/server.log" >&2; die "the server did not start"; }
    password="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)"
    mariadb --no-defaults --socket="$dir/mariadb.sock" -uroot <<SQL
CREATE DATABASE chartbridge_test CHARACTER SET utf8mb4;
CREATE USER 'chartbridge'@'127.0.0.1' IDENTIFIED BY '$password';
CREATE USER 'chartbridge'@'localhost' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON chartbridge_test.* TO 'chartbridge'@'127.0.0.1';
GRANT ALL PRIVILEGES ON chartbridge_test.* TO 'chartbridge'@'localhost';
SQL
    echo "CHARTBRIDGE_TEST_MARIADB_URL=jdbc:mariadb://127.0.0.1:$port/chartbridge_test"
    echo "CHARTBRIDGE_TEST_MARIADB_USER=chartbridge"
    echo "CHARTBRIDGE_TEST_MARIADB_PASSWORD=$password"
    ;;
  stop)
    if [[ -S "$dir/mariadb.sock" ]]; then
      mariadb-admin --no-defaults --socket="$dir/mariadb.sock" -uroot shutdown > /dev/null 2>&1 || true
    fi
    if [[ -f "$dir/mariadb.pid" ]]; then
      pid="$(cat "$dir/mariadb.pid")"
      for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
      kill "$pid" 2>/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *) die "usage: mariadb.sh start|stop <dir>" ;;
esac
