// Reads an .ics file with ical.js (Mozilla's parser, used by Thunderbird) and prints its events
// as JSON in the same shape as parse_icalendar.py, so the Rust tests can compare both readers.
// Usage: node parse_icaljs.mjs FILE
import { readFileSync } from "node:fs";
import ICAL from "ical.js";

const text = readFileSync(process.argv[2], "utf8");
const calendar = new ICAL.Component(ICAL.parse(text));
for (const zone of calendar.getAllSubcomponents("vtimezone")) {
  ICAL.TimezoneService.register(zone);
}

function when(prop) {
  if (!prop) return null;
  const value = prop.getFirstValue();
  if (value.isDate) return value.toString();
  const tzid = prop.getParameter("tzid");
  if (tzid) {
    value.zone = ICAL.TimezoneService.get(tzid);
  }
  if (value.zone === ICAL.Timezone.localTimezone && !tzid && !value.toString().endsWith("Z")) {
    return value.toString();
  }
  return value.convertToZone(ICAL.Timezone.utcTimezone).toString().replace(/\.\d+/, "");
}

const events = calendar.getAllSubcomponents("vevent").map((e) => ({
  uid: e.getFirstPropertyValue("uid"),
  summary: e.getFirstPropertyValue("summary"),
  location: e.getFirstPropertyValue("location"),
  description: e.getFirstPropertyValue("description"),
  status: e.getFirstPropertyValue("status"),
  sequence: Number(e.getFirstPropertyValue("sequence") ?? 0),
  start: when(e.getFirstProperty("dtstart")),
  end: when(e.getFirstProperty("dtend")),
  recurrence_id: when(e.getFirstProperty("recurrence-id")),
  rrule: e.getFirstPropertyValue("rrule")?.toString() ?? null,
}));
const timezones = calendar.getAllSubcomponents("vtimezone").map((z) => z.getFirstPropertyValue("tzid"));
process.stdout.write(JSON.stringify({ timezones, events }));
