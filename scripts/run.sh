#!/usr/bin/env bash
# Sets up everything, builds the app and starts it on its default database (in the platform's
# app-data folder, or $BERATUNGSPLANER_DB). A new database gets demo data on first start.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
(cd ui && npm run build --silent)
cargo build
exec ./target/debug/beratungsplaner "$@"
