"""Reads an .ics file with python `icalendar` (an implementation independent of the app) and
prints its events as JSON, so the Rust tests can compare what another reader sees.

Usage: parse_icalendar.py FILE [--expand FROM TO]
With --expand, the occurrences of every event between FROM and TO (YYYY-MM-DD) are expanded with
`recurring-ical-events` (RRULE, EXDATE, RECURRENCE-ID) and printed as UTC instants per UID.
"""

import json
import sys
from datetime import date, datetime, timezone

import icalendar


def text(value):
    return None if value is None else str(value)


def when(value):
    if value is None:
        return None
    v = value.dt
    if isinstance(v, datetime):
        if v.tzinfo is None:
            return v.isoformat()
        return v.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return v.isoformat()


def events(calendar):
    out = []
    for event in calendar.walk("VEVENT"):
        out.append(
            {
                "uid": text(event.get("UID")),
                "summary": text(event.get("SUMMARY")),
                "location": text(event.get("LOCATION")),
                "description": text(event.get("DESCRIPTION")),
                "status": text(event.get("STATUS")),
                "sequence": int(event.get("SEQUENCE", 0)),
                "start": when(event.get("DTSTART")),
                "end": when(event.get("DTEND")),
                "recurrence_id": when(event.get("RECURRENCE-ID")),
                "rrule": event.get("RRULE").to_ical().decode() if event.get("RRULE") else None,
            }
        )
    return out


def expand(calendar, start, end):
    import recurring_ical_events

    found = {}
    for event in recurring_ical_events.of(calendar).between(start, end):
        start_value = event.get("DTSTART").dt
        if isinstance(start_value, datetime):
            instant = start_value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        else:
            instant = start_value.isoformat()
        found.setdefault(str(event.get("UID")), []).append(instant)
    return {uid: sorted(v) for uid, v in found.items()}


def main():
    with open(sys.argv[1], "rb") as f:
        calendar = icalendar.Calendar.from_ical(f.read())
    if len(sys.argv) > 2 and sys.argv[2] == "--expand":
        start = date.fromisoformat(sys.argv[3])
        end = date.fromisoformat(sys.argv[4])
        print(json.dumps(expand(calendar, start, end), ensure_ascii=False))
    else:
        timezones = [str(tz.get("TZID")) for tz in calendar.walk("VTIMEZONE")]
        print(json.dumps({"timezones": timezones, "events": events(calendar)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
