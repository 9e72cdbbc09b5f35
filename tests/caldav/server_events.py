"""Reads (and, for the conflict tests, edits) what a CalDAV server holds, independently of the
app: plain HTTP with urllib, the events parsed by python `icalendar` as tests/ical/parse_icalendar.py
prints them.

Usage:
  server_events.py list CALENDAR_URL USER PASSWORD
      -> {"resources": [{"href", "etag", "events": [...]}]}
  server_events.py edit CALENDAR_URL USER PASSWORD HREF SUMMARY LOCATION
      -> changes SUMMARY and LOCATION of the resource's main event (If-Match), {"etag": ...}
"""

import base64
import json
import os
import sys
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import icalendar

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "ical"))
from parse_icalendar import events  # noqa: E402

DAV = "{DAV:}"


def request(method, url, user, password, body=None, headers=None):
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    req = urllib.request.Request(url, data=body, method=method)
    req.add_header("Authorization", f"Basic {token}")
    for key, value in (headers or {}).items():
        req.add_header(key, value)
    with urllib.request.urlopen(req) as response:
        return response.read(), response.headers


def listing(calendar, user, password):
    body = b'<?xml version="1.0"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:resourcetype/></d:prop></d:propfind>'
    data, _ = request("PROPFIND", calendar, user, password, body, {"Depth": "1", "Content-Type": "application/xml"})
    found = []
    for response in ET.fromstring(data).iter(f"{DAV}response"):
        href = response.find(f"{DAV}href").text
        if response.find(f".//{DAV}collection") is not None:
            continue
        etag = response.find(f".//{DAV}getetag")
        found.append((href, etag.text if etag is not None else None))
    return found


def absolute(calendar, href):
    return urllib.parse.urljoin(calendar, href)


def main():
    mode, calendar, user, password = sys.argv[1:5]
    if mode == "list":
        out = []
        for href, etag in sorted(listing(calendar, user, password)):
            data, _ = request("GET", absolute(calendar, href), user, password)
            out.append({"href": href, "etag": etag, "events": events(icalendar.Calendar.from_ical(data))})
        print(json.dumps({"resources": out}))
    elif mode == "edit":
        href, summary, location = sys.argv[5:8]
        url = absolute(calendar, href)
        data, headers = request("GET", url, user, password)
        cal = icalendar.Calendar.from_ical(data)
        main_event = next(e for e in cal.walk("VEVENT") if e.get("RECURRENCE-ID") is None)
        main_event["SUMMARY"] = icalendar.vText(summary)
        main_event["LOCATION"] = icalendar.vText(location)
        _, put_headers = request(
            "PUT",
            url,
            user,
            password,
            cal.to_ical(),
            {"If-Match": headers["ETag"], "Content-Type": "text/calendar; charset=utf-8"},
        )
        print(json.dumps({"etag": put_headers.get("ETag")}))
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main()
