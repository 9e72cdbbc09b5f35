#!/usr/bin/env bash
# Regenerates the committed offline query data in .sqlx/ from a scratch database built from the
# migrations. Run after changing a query or a migration; CI builds with SQLX_OFFLINE=true.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target .sqlx
rm -f target/sqlx-dev.db
# Debian 12's sqlite3 (3.40) predates FTS5's secure-delete option (3.44, which the app's bundled
# SQLCipher has); it only configures an index and changes no query, so it is left out here.
sqlite3 target/sqlx-dev.db < <(cat migrations/*.sql | grep -v "'secure-delete'")
rm -f .sqlx/query-*.json
touch crates/core/src/lib.rs
SQLX_OFFLINE=false DATABASE_URL="sqlite://$PWD/target/sqlx-dev.db" SQLX_OFFLINE_DIR="$PWD/.sqlx" \
  cargo check -p beratungsplaner-core --all-targets
# The team server's queries, against its migrations in a throw-away PostgreSQL. Its binary only:
# its tests and bench have no checked queries, and they link the core, whose queries are SQLite's.
touch crates/server/src/main.rs
bash scripts/with-postgres.sh bash -c 'cat crates/server/migrations/*.sql | psql -q -v ON_ERROR_STOP=1 "$DATABASE_URL" >/dev/null &&
  SQLX_OFFLINE=false SQLX_OFFLINE_DIR="$PWD/.sqlx" cargo check -p beratungsplaner-server --bins'
echo "wrote $(ls .sqlx | wc -l) query files to .sqlx/"
