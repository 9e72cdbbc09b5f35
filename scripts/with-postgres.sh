#!/usr/bin/env bash
# Runs a command beside a throw-away PostgreSQL cluster on loopback (Debian's package, initdb in a
# temporary folder, a free port); $DATABASE_URL names its empty database `team`. The cluster is
# stopped and removed when the command ends. PostgreSQL refuses to run as root, so as root it runs
# as the package's `postgres` system user.
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
T=$(mktemp -d)
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" -eq 0 ]; then chmod 755 "$T"; chown postgres "$T"; fi
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg "$PGBIN/initdb" -D "$T/data" -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$T/data" -o "-p $PORT -k $T -c listen_addresses=127.0.0.1" -l "$T/log" -w start >/dev/null
trap 'as_pg "$PGBIN/pg_ctl" -D "$T/data" -m fast -w stop >/dev/null; rm -rf "$T"' EXIT
"$PGBIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres team
export DATABASE_URL="postgres://postgres@127.0.0.1:$PORT/team"
"$@"
