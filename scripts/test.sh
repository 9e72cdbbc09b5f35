#!/usr/bin/env bash
# Sets up everything and runs every check and test: formatting, lints, svelte-check, the Rust unit
# and integration tests, the CLI tests, the end-to-end tests in the real window under Xvfb, and the
# Debian package (built, installed with dpkg -i, started). Set SKIP_DEB=1 to skip the package.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
[ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
export SQLX_OFFLINE=true

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }
step "UI: svelte-check, lint, build"
(cd ui && npm run check && npm run lint && npm test && npm run build)
step "cargo fmt --check"
cargo fmt --all --check
step "cargo clippy (also type-checks the benchmarks)"
cargo clippy --workspace --all-targets -- -D warnings
step "cargo build"
cargo build
step "cargo test (unit, integration, CLI, end to end under Xvfb, with a real Secret Service)"
bash scripts/with-keychain.sh xvfb-run -a -s "-screen 0 1280x800x24" cargo test --workspace
if [ "${SKIP_DEB:-0}" != 1 ]; then
  step "Debian package"
  bash scripts/package-deb.sh
fi
step "all checks passed"
