// ical.js parsing a file (for crates/core/benches/ics.rs): the first run in this new process
// (before the JIT has warmed up, as a program that parses one file meets it) and the median of
// five runs, in milliseconds, as JSON. Usage: node bench_parse.mjs FILE
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const text = readFileSync(process.argv[2], "utf8");
const times = [];
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  ICAL.parse(text);
  times.push(performance.now() - t0);
}
const first = times[0];
times.sort((a, b) => a - b);
process.stdout.write(JSON.stringify({ first_ms: first, median_ms: times[2] }));
