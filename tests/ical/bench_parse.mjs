// ical.js parsing a file (for crates/core/benches/ics.rs): the median of five runs in
// milliseconds, as JSON. Usage: node bench_parse.mjs FILE
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const text = readFileSync(process.argv[2], "utf8");
const times = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  ICAL.parse(text);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
process.stdout.write(JSON.stringify({ median_ms: times[2] }));
