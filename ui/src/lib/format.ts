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
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
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
