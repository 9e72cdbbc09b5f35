#!/usr/bin/env bash
# Measures the app's start-up: from process start to the first painted view with cases (the UI
# reports it once after two animation frames; the app logs the elapsed time), against the same
# figure of an empty Tauri 2 window with one heading (src-tauri/examples/empty_window), started
# alternately in the same run so that both meet the same machine. Release builds, a copy of a
# 150-case demo database per run, warm profiles (one unmeasured start of each first).
#   bash scripts/measure-startup.sh [APP_BINARY [EMPTY_WINDOW_BINARY]]   (RUNS=9 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
app=${1:-target/release/beratungsplaner}
empty=${2:-target/release/examples/empty_window}
runs=${RUNS:-9}
for bin in "$app" "$empty"; do
  [ -x "$bin" ] || { echo "error: $bin missing: cargo build --release -p beratungsplaner --bin beratungsplaner --example empty_window" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$app" --db "$tmp/seed.db" demo-data 2>/dev/null

# Starts $1 once and prints the milliseconds it reported.
start_once() {
  cp "$tmp/seed.db" "$tmp/run.db"
  BERATUNGSPLANER_LOG=startup=info BERATUNGSPLANER_DB="$tmp/run.db" setsid timeout 30 xvfb-run -a -s "-screen 0 1280x800x24" "$1" >"$tmp/log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 300); do grep -q "first paint" "$tmp/log" && break; sleep 0.05; done
  kill -- -"$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  local ms
  [ -z "${VERBOSE:-}" ] || grep -o "[a-z ]* after [0-9]* ms.*" "$tmp/log" >&2
  ms=$(grep -o 'first paint of [a-z_]* after [0-9]*' "$tmp/log" | grep -o '[0-9]*$' || true)
  [ -n "$ms" ] || { echo "error: $1 reported no first paint" >&2; cat "$tmp/log" >&2; exit 1; }
  echo "$ms"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

ratio() { awk -v a="$1" -v e="$2" 'BEGIN {printf "%.2f", a / e}'; }

start_once "$app" >/dev/null
start_once "$empty" >/dev/null
app_ms=() empty_ms=()
for i in $(seq 1 "$runs"); do
  a=$(start_once "$app")
  e=$(start_once "$empty")
  echo "run $i: app $a ms, empty window $e ms"
  app_ms+=("$a") empty_ms+=("$e")
done
a=$(printf '%s\n' "${app_ms[@]}" | median)
e=$(printf '%s\n' "${empty_ms[@]}" | median)
echo "median over $runs runs: app $a ms, empty window $e ms, ratio $(ratio "$a" "$e")"
