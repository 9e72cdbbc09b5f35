#!/usr/bin/env bash
# Builds the .deb with `tauri build --bundles deb`, installs it with dpkg -i and checks that the
# installed binary starts: the command line answers and the window stays up under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
(cd ui && npm run build --silent && npm run tauri -- build --bundles deb)
deb=$(ls -t target/release/bundle/deb/*.deb | head -1)
echo "built $deb ($(du -h "$deb" | cut -f1))"
as_root dpkg -i "$deb" >/dev/null || { as_root apt-get install -f -y -qq >/dev/null; as_root dpkg -i "$deb" >/dev/null; }
/usr/bin/beratungsplaner --version
tmp=$(mktemp -d)
# No keychain in this step: the key comes from a key file, made with the first database (the
# window reads the same variable).
export BERATUNGSPLANER_DB_KEY_FILE="$tmp/database.key"
/usr/bin/beratungsplaner --db "$tmp/deb.db" demo-data --cases 5 --municipalities 1
/usr/bin/beratungsplaner --db "$tmp/deb.db" case list | tail -1
BERATUNGSPLANER_DB="$tmp/window.db" setsid xvfb-run -a /usr/bin/beratungsplaner >"$tmp/window.log" 2>&1 &
pid=$!
for _ in $(seq 1 40); do [ -s "$tmp/window.db" ] && break; sleep 0.25; done
sleep 3
if ! kill -0 "$pid" 2>/dev/null; then
  echo "error: the installed app did not stay up:" >&2; cat "$tmp/window.log" >&2; exit 1
fi
kill -- -"$pid"; wait "$pid" 2>/dev/null || true
[ -s "$tmp/window.db" ] || { echo "error: the installed app did not create its database" >&2; exit 1; }
echo "the installed package starts"
rm -rf "$tmp"
