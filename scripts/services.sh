#!/usr/bin/env bash
# Starts (or stops) the PostgreSQL, MariaDB and MySQL servers the tests use, on loopback only.
#   scripts/services.sh start   → writes their URLs to $LAKESYNC_SERVICES_DIR/env
#   scripts/services.sh stop
# Ports: PostgreSQL 55432, MariaDB 33306, MySQL 33307 (override with LAKESYNC_PG_PORT,
# LAKESYNC_MYSQL_PORT, LAKESYNC_ORACLE_MYSQL_PORT). MySQL is not in Debian's stable release:
# scripts/fetch-mysql.py unpacks Debian sid's build into the services folder, with its own libc.
set -euo pipefail
cd "$(dirname "$0")/.."
# Outside the checkout: the postgres and mysql users may not be able to enter it.
STATE=${LAKESYNC_SERVICES_DIR:-/tmp/lakesync-services}
PG_PORT=${LAKESYNC_PG_PORT:-55432}
MY_PORT=${LAKESYNC_MYSQL_PORT:-33306}
ORACLE_PORT=${LAKESYNC_ORACLE_MYSQL_PORT:-33307}

as_service_user() { # run as the given system user when we are root (initdb refuses root)
  local user=$1; shift
  if [ "$(id -u)" = 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi
}

apt_install() {
  if [ "$(id -u)" != 0 ]; then echo "need root to apt-get install $*" >&2; exit 1; fi
  if [ ! -f "$STATE/.apt-updated" ]; then apt-get update -qq; touch "$STATE/.apt-updated"; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

pg_bin() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do [ -x "$dir/initdb" ] && { echo "$dir"; return; }; done
  return 1
}

start_postgres() {
  local bin; bin=$(pg_bin) || { echo "› installing PostgreSQL"; apt_install postgresql; bin=$(pg_bin); }
  local dir="$STATE/pg"
  if [ -f "$dir/data/postmaster.pid" ] && as_service_user postgres "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    return
  fi
  rm -rf "$dir"; mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  as_service_user postgres "$bin/initdb" -D "$dir/data" -A trust -U postgres --no-sync -E UTF8 >"$dir/initdb.log"
  as_service_user postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w -o \
    "-p $PG_PORT -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null
}

stop_postgres() {
  local bin; bin=$(pg_bin) || return 0
  [ -d "$STATE/pg/data" ] && as_service_user postgres "$bin/pg_ctl" -D "$STATE/pg/data" -m fast stop >/dev/null 2>&1 || true
}

start_mariadb() {
  command -v mariadbd >/dev/null 2>&1 || { echo "› installing MariaDB"; apt_install mariadb-server; }
  local dir="$STATE/mysql"
  if [ -S "$dir/sock" ] && mariadb-admin --no-defaults -S "$dir/sock" -u root ping >/dev/null 2>&1; then
    return
  fi
  rm -rf "$dir"; mkdir -p "$dir/data" "$dir/tmp"
  local user=mysql
  if [ "$(id -u)" = 0 ]; then chown -R mysql: "$dir"; else user=$(id -un); fi
  TMPDIR=$dir/tmp mariadb-install-db --no-defaults --user="$user" --datadir="$dir/data" --skip-test-db \
    --auth-root-authentication-method=socket >"$dir/install.log" 2>&1
  TMPDIR=$dir/tmp nohup mariadbd --no-defaults --user="$user" --datadir="$dir/data" --tmpdir="$dir/tmp" \
    --socket="$dir/sock" --port="$MY_PORT" --bind-address=127.0.0.1 --pid-file="$dir/pid" \
    --log-error="$dir/err.log" --innodb-flush-log-at-trx-commit=0 --skip-log-bin >/dev/null 2>&1 &
  for _ in $(seq 1 150); do
    mariadb-admin --no-defaults -S "$dir/sock" -u root ping >/dev/null 2>&1 && break
    sleep 0.2
  done
  mariadb --no-defaults -S "$dir/sock" -u root -e \
    "CREATE DATABASE IF NOT EXISTS app; CREATE USER IF NOT EXISTS 'app'@'127.0.0.1' IDENTIFIED BY 'apppw'; GRANT ALL ON *.* TO 'app'@'127.0.0.1';"
}

stop_mariadb() {
  local dir="$STATE/mysql"
  [ -S "$dir/sock" ] && mariadb-admin --no-defaults -S "$dir/sock" -u root shutdown >/dev/null 2>&1 || true
}

# Oracle's MySQL, run from the unpacked packages through their own dynamic loader.
oracle_mysqld() {
  local root="$STATE/oracle-mysql/root"
  ORACLE_MYSQLD=("$root/usr/lib64/ld-linux-x86-64.so.2"
    --library-path "$root/usr/lib/x86_64-linux-gnu:$root/lib/x86_64-linux-gnu"
    "$root/usr/sbin/mysqld" --no-defaults --user="$(id -un)" --basedir="$root/usr"
    --lc-messages-dir="$root/usr/share/mysql" --plugin-dir="$root/usr/lib/mysql/plugin")
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start_oracle_mysql() {
  local dir="$STATE/oracle-mysql"
  if [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null && port_open "$ORACLE_PORT"; then
    return
  fi
  [ -x "$dir/root/usr/sbin/mysqld" ] || python3 scripts/fetch-mysql.py "$dir/root"
  rm -rf "$dir/data" "$dir/tmp" "$dir/err.log"; mkdir -p "$dir/data" "$dir/tmp"
  oracle_mysqld
  "${ORACLE_MYSQLD[@]}" --initialize-insecure --datadir="$dir/data" >"$dir/install.log" 2>&1
  cat >"$dir/init.sql" <<'SQL'
CREATE DATABASE IF NOT EXISTS app;
CREATE USER IF NOT EXISTS 'app'@'127.0.0.1' IDENTIFIED BY 'apppw';
GRANT ALL ON *.* TO 'app'@'127.0.0.1';
SQL
  nohup "${ORACLE_MYSQLD[@]}" --datadir="$dir/data" --tmpdir="$dir/tmp" --secure-file-priv="$dir/tmp" \
    --socket="$dir/sock" --port="$ORACLE_PORT" --bind-address=127.0.0.1 --mysqlx=OFF \
    --pid-file="$dir/pid" --log-error="$dir/err.log" --init-file="$dir/init.sql" \
    --performance-schema=OFF --innodb-flush-log-at-trx-commit=0 --skip-log-bin >/dev/null 2>&1 &
  for _ in $(seq 1 300); do
    grep -q "ready for connections" "$dir/err.log" 2>/dev/null && port_open "$ORACLE_PORT" && return
    sleep 0.2
  done
  echo "MySQL did not start; see $dir/err.log" >&2
  return 1
}

stop_oracle_mysql() {
  local pid="$STATE/oracle-mysql/pid"
  [ -f "$pid" ] || return 0
  kill "$(cat "$pid")" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$(cat "$pid" 2>/dev/null)" 2>/dev/null || return 0; sleep 0.1; done
}

case "${1:-}" in
  start)
    mkdir -p "$STATE"
    start_postgres
    start_mariadb
    start_oracle_mysql
    cat >"$STATE/env" <<ENV
LAKESYNC_TEST_PG_URL=postgres://postgres@127.0.0.1:$PG_PORT/postgres
LAKESYNC_TEST_MYSQL_URL=mysql://app:apppw@127.0.0.1:$MY_PORT/app
LAKESYNC_TEST_ORACLE_MYSQL_URL=mysql://app:apppw@127.0.0.1:$ORACLE_PORT/app
ENV
    echo "› PostgreSQL on 127.0.0.1:$PG_PORT, MariaDB on 127.0.0.1:$MY_PORT, MySQL on 127.0.0.1:$ORACLE_PORT"
    ;;
  stop)
    stop_postgres
    stop_mariadb
    stop_oracle_mysql
    ;;
  *)
    echo "usage: scripts/services.sh start|stop" >&2
    exit 2
    ;;
esac
