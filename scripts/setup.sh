#!/usr/bin/env bash
# Sets up everything Beratungsplaner needs to build, run and test on Debian 12: system packages,
# the UI's npm packages and tauri-driver. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

PACKAGES=(build-essential pkg-config libssl-dev libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev
  xvfb xauth x11-utils webkit2gtk-driver fonts-dejavu-core imagemagick xdotool poppler-utils sqlite3 curl file
  python3 python3-venv python3-dateutil dbus gnome-keyring libsecret-tools libdbus-1-dev
  postgresql)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
  [ -f "$HOME/.cargo/env" ] && . "$HOME/.cargo/env"
fi
if ! command -v cargo >/dev/null; then
  say "installing the Rust toolchain (rustup)"
  curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal -c clippy,rustfmt
  . "$HOME/.cargo/env"
fi
rustup component list --installed 2>/dev/null | grep -q clippy || rustup component add clippy rustfmt 2>/dev/null || true

node_ok() { command -v node >/dev/null && node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)'; }
if ! node_ok; then
  echo "error: Node.js >= 20.19 is required (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi

say "installing the UI's npm packages"
(cd ui && npm ci --no-audit --no-fund --loglevel=error)

say "installing the independent iCalendar readers the tests use (python icalendar, ical.js)"
(cd tests/ical && npm ci --no-audit --no-fund --loglevel=error)
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install --quiet --disable-pip-version-check -r tests/ical/requirements.txt
say "installing the CalDAV servers the tests start on loopback (Radicale, Xandikos)"
.venv/bin/pip install --quiet --disable-pip-version-check -r tests/caldav/requirements.txt

say "installing openpyxl, which reads the activity report's XLSX in the tests"
.venv/bin/pip install --quiet --disable-pip-version-check -r tests/report/requirements.txt

if ! command -v tauri-driver >/dev/null; then
  say "installing tauri-driver"
  cargo install tauri-driver --locked --version 2.1.0
fi
say "setup complete"
