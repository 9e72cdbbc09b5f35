"""The same expansion as benches/recurrence.rs with python-dateutil's rrule, for comparison.

200 series (weekly, fortnightly, monthly n-th/last weekday) in Europe/Berlin from 2026-01-01,
09:00-12:00 in 30-minute slots with 10-minute buffers, expanded over 2026 into slots with their
UTC instants. Prints the slot count and the median time in milliseconds as JSON.
"""

import json
import statistics
import sys
import time
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from dateutil import rrule

BERLIN = ZoneInfo("Europe/Berlin")
WEEKDAYS = [rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR]


def series():
    out = []
    for i in range(200):
        weekday = WEEKDAYS[i % 5]
        start = datetime(2026, 1, 1, 9, 0, tzinfo=BERLIN)
        if i % 3 == 0:
            rule = rrule.rrule(rrule.WEEKLY, interval=1, byweekday=weekday, dtstart=start)
        elif i % 3 == 1:
            rule = rrule.rrule(rrule.WEEKLY, interval=2, byweekday=weekday, dtstart=start)
        else:
            nth = 2 if i % 2 == 0 else -1
            rule = rrule.rrule(rrule.MONTHLY, byweekday=weekday(nth), dtstart=start)
        out.append(rule)
    return out


def expand(rules, start, end):
    slots = 0
    for rule in rules:
        for occurrence in rule.between(start, end, inc=True):
            day = occurrence.date()
            begin = datetime.combine(day, occurrence.timetz().replace(tzinfo=None))
            window_end = datetime.combine(day, datetime.min.time()) + timedelta(hours=12)
            while begin + timedelta(minutes=30) <= window_end:
                slot_start = begin.replace(tzinfo=BERLIN).astimezone(timezone.utc)
                slot_end = (begin + timedelta(minutes=30)).replace(tzinfo=BERLIN).astimezone(timezone.utc)
                slots += 1 if slot_end > slot_start else 0
                begin += timedelta(minutes=40)
    return slots


def main():
    rules = series()
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    end = datetime(2026, 12, 31, 23, 59, 59, tzinfo=timezone.utc)
    count = expand(rules, start, end)
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        expand(rules, start, end)
        times.append((time.perf_counter() - t0) * 1000)
    print(json.dumps({"slots": count, "median_ms": statistics.median(times), "runs": runs}))


if __name__ == "__main__":
    main()
