#!/usr/bin/env bash
# Measures the app's start-up: from process start to the first painted view with cases (the UI
# reports it once after two animation frames; the app logs the elapsed time). Runs the given binary
# (default: the release build) N times under Xvfb on a copy of a 150-case demo database and prints
# each figure and the median.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/beratungsplaner}
runs=${RUNS:-7}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" --db "$tmp/seed.db" demo-data 2>/dev/null
figures=()
for i in $(seq 1 "$runs"); do
  cp "$tmp/seed.db" "$tmp/run.db"
  BERATUNGSPLANER_LOG=startup=info BERATUNGSPLANER_DB="$tmp/run.db" setsid xvfb-run -a "$bin" >"$tmp/log" 2>&1 &
  pid=$!
  for _ in $(seq 1 200); do grep -q "first paint" "$tmp/log" && break; sleep 0.1; done
  kill -- -"$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  ms=$(grep -o 'after [0-9]* ms' "$tmp/log" | grep -o '[0-9]*' || true)
  [ -n "$ms" ] || { echo "run $i: no first-paint report" >&2; cat "$tmp/log" >&2; exit 1; }
  echo "run $i: $ms ms ($(grep -o 'first paint of [a-z_]*' "$tmp/log"))"
  figures+=("$ms")
done
printf '%s\n' "${figures[@]}" | sort -n | awk '{a[NR]=$1} END {print "median: " a[int((NR+1)/2)] " ms over " NR " runs"}'
