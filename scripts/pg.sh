#!/usr/bin/env bash
# Local PostgreSQL for the run command: a cluster under .data/postgres that survives restarts.
#   scripts/pg.sh start   -> prints the connection string
#   scripts/pg.sh stop
set -euo pipefail
cd "$(dirname "$0")/.."
DATA="$PWD/.data/postgres"
PORT="${CATALOG_PG_PORT:-55432}"
BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-start}" in
  start)
    mkdir -p "$DATA"
    [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$PWD/.data/postgres"
    if [ ! -f "$DATA/PG_VERSION" ]; then
      as_pg "$BIN/initdb" -D "$DATA" -U postgres --auth=trust -E UTF8 --locale=C >/dev/null
    fi
    if ! as_pg "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; then
      as_pg "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
        -o "-p $PORT -k $DATA -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
    fi
    as_pg "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='catalog'" | grep -q 1 \
      || as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres catalog
    echo "Host=127.0.0.1;Port=$PORT;Username=postgres;Database=catalog"
    ;;
  stop)
    as_pg "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null 2>&1 || true
    ;;
esac
