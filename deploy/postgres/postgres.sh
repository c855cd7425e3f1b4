#!/usr/bin/env bash
# Makes a PostgreSQL answer for the project and prints the DATABASE_URL to use.
#   postgres.sh start   use 127.0.0.1:5432 (PG_PRIMARY_PORT) when it answers; otherwise start a throwaway cluster
#                        from the Debian server binaries under $PG_DIR on port 55432
#   postgres.sh stop    stop the throwaway cluster (never the machine's own server)
# Databases guru_vhsys (services, demo) and guru_vhsys_test (tests) are created when missing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PG_DIR="${PG_DIR:-$ROOT/.pgdata}"
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
PRIMARY_PORT="${PG_PRIMARY_PORT:-5432}"
LOCAL_PORT="${PG_LOCAL_PORT:-55432}"

answers() { "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$1" 2>/dev/null; }

ensure_dbs() {
  local port="$1" user="$2"
  for db in guru_vhsys guru_vhsys_test; do
    if ! psql -h 127.0.0.1 -p "$port" -U "$user" -d postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1; then
      psql -h 127.0.0.1 -p "$port" -U "$user" -d postgres -qc "create database $db" >/dev/null
    fi
  done
}

start() {
  if answers "$PRIMARY_PORT"; then
    ensure_dbs "$PRIMARY_PORT" postgres
    echo "postgres://postgres@127.0.0.1:$PRIMARY_PORT/guru_vhsys"
    return
  fi
  if ! answers "$LOCAL_PORT"; then
    [ -n "$PG_BIN" ] || { echo "postgres: no server binaries (apt-get install postgresql)" >&2; exit 1; }
    local owner=""; [ "$(id -u)" = 0 ] && owner="postgres"
    if [ ! -f "$PG_DIR/PG_VERSION" ]; then
      mkdir -p "$PG_DIR"; [ -n "$owner" ] && chown "$owner" "$PG_DIR"
      ${owner:+runuser -u $owner --} "$PG_BIN/initdb" -D "$PG_DIR" -U postgres -A trust >/dev/null
    fi
    ${owner:+runuser -u $owner --} "$PG_BIN/pg_ctl" -D "$PG_DIR" -l "$PG_DIR/server.log" \
      -o "-p $LOCAL_PORT -k /tmp -c listen_addresses=127.0.0.1" -w start >/dev/null
  fi
  ensure_dbs "$LOCAL_PORT" postgres
  echo "postgres://postgres@127.0.0.1:$LOCAL_PORT/guru_vhsys"
}

stop() {
  if [ -f "$PG_DIR/postmaster.pid" ]; then
    local owner=""; [ "$(id -u)" = 0 ] && owner="postgres"
    ${owner:+runuser -u $owner --} "$PG_BIN/pg_ctl" -D "$PG_DIR" -m fast -w stop >/dev/null && echo "postgres: throwaway cluster stopped"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
