// Dates travel as `YYYY-MM-DD`; they are shown with Intl.DateTimeFormat in the UI's locale.

const formatters = new Map<string, Intl.DateTimeFormat>();

function dateFormatter(loc: string): Intl.DateTimeFormat {
  let f = formatters.get(loc);
  if (!f) {
    // Calendar dates have no time zone: format them as UTC midnight so they never shift a day.
    f = new Intl.DateTimeFormat(loc, { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" });
    formatters.set(loc, f);
  }
  return f;
}

/** `2026-03-10` → `10.03.2026` (de-DE) or `10/03/2026` (en-GB); anything unparsable is returned unchanged. */
export function formatDate(iso: string | null | undefined, loc: string): string {
  if (!iso) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return dateFormatter(loc).format(date);
}

/** Today in the local time zone as `YYYY-MM-DD`. */
export function todayIso(): string {
  return localIsoDate(new Date());
}

/** A Date's local calendar day as `YYYY-MM-DD`. */
export function localIsoDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** `YYYY-MM-DD` plus `days` (may be negative). */
export function addDaysIso(iso: string, days: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  return d.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Dates and times of the calendar. Instants travel as RFC 3339 with offset; the UI shows them as
// wall-clock time in one display zone: the machine's own, except when the machine runs on UTC
// (containers, CI), where the app's default zone Europe/Berlin is the better guess for a German
// consultation calendar. German: `Di., 10.03.2026, 10:00 Uhr`; English (en-GB): `Tue, 10/03/2026, 10:00`.
// ---------------------------------------------------------------------------------------------

const FALLBACK_ZONE = "Europe/Berlin";

function machineZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || FALLBACK_ZONE;
  } catch {
    return FALLBACK_ZONE;
  }
}

/** The IANA zone the calendar shows times in. */
export const DISPLAY_ZONE: string = ((z) => (z === "UTC" || z === "Etc/UTC" ? FALLBACK_ZONE : z))(machineZone());

const calendarFormatters = new Map<string, Intl.DateTimeFormat>();

function calendarFormatter(key: string, loc: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const id = `${key}|${loc}`;
  let f = calendarFormatters.get(id);
  if (!f) {
    f = new Intl.DateTimeFormat(loc, options);
    calendarFormatters.set(id, f);
  }
  return f;
}

const DAY: Intl.DateTimeFormatOptions = { weekday: "short", day: "2-digit", month: "2-digit", year: "numeric" };
const TIME: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };

/** " Uhr" after a German time, nothing in English. */
function clockSuffix(loc: string): string {
  return loc.startsWith("de") ? " Uhr" : "";
}

function parseInstant(instant: string): Date | null {
  const d = new Date(instant);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A calendar date `2026-03-10` → `Di., 10.03.2026` / `Tue, 10/03/2026`. */
export function formatDay(iso: string | null | undefined, loc: string): string {
  if (!iso) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return calendarFormatter("day-utc", loc, { ...DAY, timeZone: "UTC" }).format(date);
}

/** An instant's day in the display zone: `Di., 10.03.2026`. */
export function formatInstantDay(instant: string, loc: string): string {
  const d = parseInstant(instant);
  return d ? calendarFormatter("day", loc, { ...DAY, timeZone: DISPLAY_ZONE }).format(d) : instant;
}

/** An instant's time in the display zone, without suffix: `10:00`. */
export function formatTime(instant: string, loc: string): string {
  const d = parseInstant(instant);
  return d ? calendarFormatter("time", loc, { ...TIME, timeZone: DISPLAY_ZONE }).format(d) : instant;
}

/** `Di., 10.03.2026, 10:00 Uhr` / `Tue, 10/03/2026, 10:00`. */
export function formatDateTime(instant: string, loc: string): string {
  return `${formatInstantDay(instant, loc)}, ${formatTime(instant, loc)}${clockSuffix(loc)}`;
}

/** `10:00–10:30 Uhr` / `10:00–10:30`. */
export function formatTimeRange(start: string, end: string, loc: string): string {
  return `${formatTime(start, loc)}–${formatTime(end, loc)}${clockSuffix(loc)}`;
}

/** `Di., 10.03.2026, 10:00–10:30 Uhr`; a span over several days shows both ends in full. */
export function formatSpan(start: string, end: string, loc: string): string {
  if (instantDate(start) === instantDate(end)) {
    return `${formatInstantDay(start, loc)}, ${formatTimeRange(start, end, loc)}`;
  }
  return `${formatDateTime(start, loc)} – ${formatDateTime(end, loc)}`;
}

/** Whole days: `Di., 19.01.2027`, or `Di., 19.01.2027 – Mi., 20.01.2027`. */
export function formatDays(first: string, last: string, loc: string): string {
  return first === last ? formatDay(first, loc) : `${formatDay(first, loc)} – ${formatDay(last, loc)}`;
}

/** A local time `10:00:00` → `10:00 Uhr` / `10:00`. */
export function formatClock(time: string | null | undefined, loc: string): string {
  return time ? `${hm(time)}${clockSuffix(loc)}` : "";
}

/** `10:00:00` → `10:00` (the value of an `<input type="time">`). */
export function hm(time: string | null | undefined): string {
  return time ? time.slice(0, 5) : "";
}

/** Date and wall-clock parts of an instant in the display zone. */
function zonedParts(d: Date): Record<string, string> {
  const f = calendarFormatter("parts", "en-GB", {
    timeZone: DISPLAY_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(d)) parts[p.type] = p.value;
  return parts;
}

/** The instant's day in the display zone as `YYYY-MM-DD`. */
export function instantDate(instant: string): string {
  const d = parseInstant(instant);
  if (!d) return instant.slice(0, 10);
  const p = zonedParts(d);
  return `${p.year}-${p.month}-${p.day}`;
}

/**
 * The instant as floating wall-clock time in the display zone, `2026-03-10T10:00:00`: what the
 * calendar component places on its grid, whatever zone the machine runs in.
 */
export function wallClock(instant: string): string {
  const d = parseInstant(instant);
  if (!d) return instant;
  const p = zonedParts(d);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}`;
}

const numberFormatters = new Map<string, Intl.NumberFormat>();

function numberFormatter(key: string, loc: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const id = `${key}|${loc}`;
  let f = numberFormatters.get(id);
  if (!f) {
    f = new Intl.NumberFormat(loc, options);
    numberFormatters.set(id, f);
  }
  return f;
}

/** A count with thousands separators: `12.345` (de-DE), `12,345` (en-GB). */
export function formatNumber(value: number, loc: string): string {
  return numberFormatter("count", loc, { maximumFractionDigits: 0, useGrouping: true }).format(value);
}

/** A share (0.45) in percent with one decimal: `45,0 %` (de-DE), `45.0%` (en-GB). */
export function formatPercent(share: number, loc: string): string {
  return numberFormatter("percent", loc, { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(share);
}

const MONTH_STYLES: Record<"long" | "name" | "short" | "shortYear", Intl.DateTimeFormatOptions> = {
  long: { month: "long", year: "numeric" },
  name: { month: "long" },
  short: { month: "short" },
  shortYear: { month: "short", year: "2-digit" },
};

/**
 * A month `2026-03` (or a day of it): `März 2026` / `March 2026` (`long`), `März` / `March`
 * (`name`), `März` / `Mar` (`short`), `März 26` / `Mar 26` (`shortYear`).
 */
export function formatMonth(iso: string, loc: string, style: keyof typeof MONTH_STYLES = "long"): string {
  const m = /^(\d{4})-(\d{2})/.exec(iso);
  if (!m) return iso;
  const options = MONTH_STYLES[style];
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1));
  return calendarFormatter(`month-${style}`, loc, { ...options, timeZone: "UTC" }).format(date);
}

/** Empty or blank text → null, else trimmed. */
export function blankToNull(value: string): string | null {
  const v = value.trim();
  return v === "" ? null : v;
}

/** Search highlights: the backend wraps matches in U+0002 … U+0003. */
export const MATCH_START = "\u0002";
export const MATCH_END = "\u0003";

export type Segment = { text: string; match: boolean };

/** Splits a marked string into plain and matched segments, to be rendered as text (never as HTML). */
export function splitMarked(marked: string): Segment[] {
  const segments: Segment[] = [];
  let match = false;
  let buf = "";
  for (const ch of marked) {
    if (ch === MATCH_START || ch === MATCH_END) {
      if (buf) segments.push({ text: buf, match });
      buf = "";
      match = ch === MATCH_START;
    } else {
      buf += ch;
    }
  }
  if (buf) segments.push({ text: buf, match });
  return segments;
}
