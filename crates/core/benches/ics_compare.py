"""What independent iCalendar implementations need for the work benches/ics.rs measures:
python icalendar serialising the 20,000 exported events (the calendar object is built from the
file first, untimed) and parsing the 10,000-event file; ical.js parsing the same file
(tests/ical/bench_parse.mjs). Prints the medians in milliseconds as JSON.

Usage: ics_compare.py EXPORT_20K.ics IMPORT_10K.ics
"""

import json
import os
import statistics
import subprocess
import sys
import time

import icalendar


def median_ms(f, runs):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        f()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main():
    export_file, import_file = sys.argv[1], sys.argv[2]
    with open(export_file, "rb") as f:
        calendar = icalendar.Calendar.from_ical(f.read())
    with open(import_file, "rb") as f:
        data = f.read()
    serialise = median_ms(calendar.to_ical, 3)
    parse = median_ms(lambda: icalendar.Calendar.from_ical(data), 3)
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.join(here, "..", "..", "..")
    node = subprocess.run(
        ["node", os.path.join(root, "tests", "ical", "bench_parse.mjs"), import_file],
        capture_output=True,
        text=True,
        check=True,
    )
    icaljs = json.loads(node.stdout)
    print(
        json.dumps(
            {
                "python_serialise_ms": serialise,
                "python_parse_ms": parse,
                "icaljs_parse_ms": icaljs["median_ms"],
                "icaljs_first_parse_ms": icaljs["first_ms"],
            }
        )
    )


if __name__ == "__main__":
    main()
