// What a date field shows and accepts, in the UI's language and never the system's: WebKitGTK's
// `<input type="date">` follows the OS locale, so a German advisor on an English desktop would see
// 12/03/2026. German shows `TT.MM.JJJJ`, English `DD/MM/YYYY` (the en-GB order format.ts prints).
//
// Accepted, in both languages (day always first, as both display formats have it):
//   `3.12.2026`, `03.12.2026`, `3/12/2026`, `3-12-2026`, `3. 12. 2026`   day, month, four-digit year
//   `3.12.26`                  a two-digit year is 2000 + YY: the dates of a consultation practice
//                              (appointments, tasks, journal entries) lie close to today, and a year
//                              before 2000 is rare enough to be typed in full
//   `3.12.` / `3.12`           the current year
//   `03122026` / `031226`      digits only, DDMMYYYY or DDMMYY
//   `2026-12-03`               ISO, as pasted from elsewhere
// Years outside 1900–2199 are refused: a four-digit typo such as 0226 is no date anyone means.
import type { Language } from "./api/generated/Language";
import { addDaysIso } from "./format";

/** What a date field's text stands for. */
export type DateInput = { kind: "empty" } | { kind: "date"; iso: string } | { kind: "invalid" };

const MIN_YEAR = 1900;
const MAX_YEAR = 2199;

/** The format shown as placeholder and hint: `TT.MM.JJJJ` / `DD/MM/YYYY`. */
export function datePattern(lang: Language): string {
  return lang === "en" ? "DD/MM/YYYY" : "TT.MM.JJJJ";
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/** `2026-12-03` → `03.12.2026` (de) / `03/12/2026` (en); "" stays ""; anything not ISO is returned unchanged. */
export function formatDateInput(iso: string | null | undefined, lang: Language): string {
  if (!iso) return "";
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const sep = lang === "en" ? "/" : ".";
  return `${m[3]}${sep}${m[2]}${sep}${m[1]}`;
}

/** True for a real calendar day `YYYY-MM-DD` within the accepted years. */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m !== null && toIso(Number(m[1]), Number(m[2]), Number(m[3])) === value;
}

/** The ISO date of year/month/day, or null when that day does not exist (31.02.) or the year is out of range. */
function toIso(year: number, month: number, day: number): string | null {
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return null;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > last) return null;
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

const SEPARATED = /^(\d{1,2})\s*[./-]\s*(\d{1,2})\s*(?:[./-]\s*(\d{4}|\d{2})?)?$/;
const DIGITS = /^(\d{2})(\d{2})(\d{4}|\d{2})$/;
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;

/**
 * Reads what the user typed. `today` (ISO) gives the year when none is typed. With `complete`,
 * only text that is unmistakably finished counts as a date (a four-digit year): the field uses that
 * while the user is still typing, so that `3.12.20` does not become 2020 on the way to 2026.
 */
export function parseDateInput(text: string, today: string, complete = false): DateInput {
  const s = text.trim();
  if (s === "") return { kind: "empty" };
  let year: string | undefined;
  let month: string;
  let day: string;
  let m = ISO.exec(s);
  if (m) {
    [, year, month, day] = m;
  } else if ((m = SEPARATED.exec(s) ?? DIGITS.exec(s))) {
    [, day, month, year] = m;
  } else {
    return { kind: "invalid" };
  }
  if (year === undefined || year.length === 2) {
    if (complete) return { kind: "invalid" };
  }
  const y = year === undefined ? Number(today.slice(0, 4)) : year.length === 2 ? 2000 + Number(year) : Number(year);
  const iso = toIso(y, Number(month), Number(day));
  return iso ? { kind: "date", iso } : { kind: "invalid" };
}

/** `iso` plus `months`, the day clamped to the target month's last day (31.01. + 1 → 28.02.). */
export function addMonthsIso(iso: string, months: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const index = Number(m[1]) * 12 + Number(m[2]) - 1 + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad2(month)}-${pad2(Math.min(Number(m[3]), last))}`;
}

/**
 * The date an arrow or page key moves to: ±1 day (ArrowUp/ArrowDown) or ±1 month (PageUp/PageDown),
 * from `current`, or from today when the field is empty; never before `min`. Null for other keys.
 */
export function stepDate(key: string, current: string, today: string, min?: string): string | null {
  let next: string;
  if (!["ArrowUp", "ArrowDown", "PageUp", "PageDown"].includes(key)) return null;
  // The first press in an empty field lands on today, as a native date field's does.
  if (!current) next = today;
  else if (key === "ArrowUp") next = addDaysIso(current, 1);
  else if (key === "ArrowDown") next = addDaysIso(current, -1);
  else if (key === "PageUp") next = addMonthsIso(current, 1);
  else next = addMonthsIso(current, -1);
  return min && next < min ? min : next;
}

/** ISO weekday 1 (Monday) … 7 (Sunday) of a date `YYYY-MM-DD`. */
export function isoWeekday(iso: string): number {
  const d = new Date(`${iso}T00:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The weeks of the month of `iso`, Monday first, as the picker shows them: days as ISO, null outside the month. */
export function monthGrid(iso: string): (string | null)[][] {
  const first = `${iso.slice(0, 8)}01`;
  const next = addMonthsIso(first, 1);
  const rows: (string | null)[][] = [];
  let row: (string | null)[] = Array.from({ length: isoWeekday(first) - 1 }, () => null);
  for (let d = first; d < next; d = addDaysIso(d, 1)) {
    row.push(d);
    if (row.length === 7) {
      rows.push(row);
      row = [];
    }
  }
  if (row.length) rows.push([...row, ...Array.from({ length: 7 - row.length }, () => null)]);
  return rows;
}
