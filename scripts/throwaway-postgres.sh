#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1 with a fresh data directory, creates a
# `salesmetrics` role (allowed to create databases, for the tests) and database, and prints the
# URL. Stop it with `scripts/throwaway-postgres.sh stop DIR`, start it again (same data) with
# `scripts/throwaway-postgres.sh start DIR PORT`.
#
# usage: scripts/throwaway-postgres.sh [DIR] [PORT]
set -euo pipefail
BIN=$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -1)
if [ -z "$BIN" ]; then
    echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2
    exit 1
fi
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
start() {
    as_owner "$BIN/pg_ctl" -D "$1/data" -l "$1/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $2 -k $1 -c fsync=off -c max_connections=200" start > /dev/null
}
if [ "${1:-}" = stop ]; then
    as_owner "$BIN/pg_ctl" -D "$2/data" stop -m fast > /dev/null
    exit 0
fi
if [ "${1:-}" = start ]; then
    start "$2" "$3"
    exit 0
fi
DIR=${1:-$(mktemp -d /tmp/salesmetrics-pg-XXXXXX)}
PORT=${2:-55432}
mkdir -p "$DIR"
# initdb refuses to run as root: the data directory belongs to the postgres user.
if [ "$(id -u)" = 0 ]; then chown postgres "$DIR"; fi
as_owner "$BIN/initdb" -D "$DIR/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 > "$DIR/initdb.log"
start "$DIR" "$PORT"
as_owner psql -q -h "$DIR" -p "$PORT" -U postgres -d postgres \
    -c "CREATE ROLE salesmetrics LOGIN CREATEDB PASSWORD 'salesmetrics'" \
    -c "CREATE DATABASE salesmetrics OWNER salesmetrics"
echo "postgres://salesmetrics:salesmetrics@127.0.0.1:$PORT/salesmetrics?sslmode=disable"
