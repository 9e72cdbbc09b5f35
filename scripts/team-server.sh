#!/usr/bin/env bash
# Starts a local team server to try the team features with: a PostgreSQL cluster kept in
# target/team-server/ (made on the first run, port 25432 on loopback), migrated, an account
# `teamleitung` (role lead) on the first run, and the server on http://127.0.0.1:8443 until Ctrl-C
# (which stops the cluster too; its data stays).
# The account's password comes from $BERATUNGSPLANER_SERVER_PASSWORD, or is asked for.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || ! command -v cargo >/dev/null; then
  bash scripts/setup.sh
fi
export SQLX_OFFLINE=true
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
DIR="$PWD/target/team-server"
PORT=25432
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
mkdir -p "$DIR"
if [ ! -d "$DIR/data" ]; then
  if [ "$(id -u)" -eq 0 ]; then chmod 755 "$DIR"; chown postgres "$DIR"; fi
  as_pg "$PGBIN/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
  fresh=1
fi
as_pg "$PGBIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1 ||
  as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1" -l "$DIR/log" -w start >/dev/null
"$PGBIN/psql" -h 127.0.0.1 -p $PORT -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'team'" | grep -q 1 ||
  "$PGBIN/createdb" -h 127.0.0.1 -p $PORT -U postgres team
export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/team"
cargo build -q -p beratungsplaner-server
SERVER=target/debug/beratungsplaner-server
$SERVER migrate
if [ "${fresh:-0}" = 1 ] || ! $SERVER user list | grep -q '^teamleitung'; then
  if [ -z "${BERATUNGSPLANER_SERVER_PASSWORD:-}" ]; then
    read -r -s -p "Password for the account teamleitung (at least 12 characters): " BERATUNGSPLANER_SERVER_PASSWORD; echo
    export BERATUNGSPLANER_SERVER_PASSWORD
  fi
  $SERVER user add teamleitung --role lead --prefix TL
fi
# The cluster stops with the server; its data stays for the next run.
trap 'as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m fast -w stop >/dev/null' EXIT
$SERVER serve --bind 127.0.0.1:8443
