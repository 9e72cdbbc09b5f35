// The report's period as the filter chooses it (a month, a quarter, a year, or two days of one's
// own) and as the backend takes it: whole days, both ends included. Pure date arithmetic on
// `YYYY-MM-DD`, without time zones.
import type { ReportPeriod } from "../../api/activity_report";
import { isIsoDate } from "../../dates";

export type PeriodKind = "month" | "quarter" | "year" | "free";

export const PERIOD_KINDS: readonly PeriodKind[] = ["month", "quarter", "year", "free"];

/** What the period fields hold: every kind's fields at once, so that switching back finds them as left. */
export type PeriodForm = {
  kind: PeriodKind;
  year: number;
  /** 1–4. */
  quarter: number;
  /** 1–12. */
  month: number;
  /** `YYYY-MM-DD` or "" (free period). */
  from: string;
  to: string;
};

const pad2 = (n: number) => String(n).padStart(2, "0");

/** The number of days of a month (1–12); February has 29 in leap years. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** One calendar month: 2026, 2 → 2026-02-01 … 2026-02-28. */
export function monthPeriod(year: number, month: number): ReportPeriod {
  return { from: `${year}-${pad2(month)}-01`, to: `${year}-${pad2(month)}-${pad2(daysInMonth(year, month))}` };
}

/** One quarter: 2026, 2 → 2026-04-01 … 2026-06-30. */
export function quarterPeriod(year: number, quarter: number): ReportPeriod {
  const first = (quarter - 1) * 3 + 1;
  return { from: monthPeriod(year, first).from, to: monthPeriod(year, first + 2).to };
}

/** One calendar year. */
export function yearPeriod(year: number): ReportPeriod {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** The quarter (1–4) of a month (1–12). */
export function quarterOf(month: number): number {
  return Math.floor((month - 1) / 3) + 1;
}

/** Year and month of `YYYY-MM-DD`. */
function yearMonth(iso: string): { year: number; month: number } {
  return { year: Number(iso.slice(0, 4)), month: Number(iso.slice(5, 7)) };
}

/** The report a page opens with: the quarter `today` lies in. */
export function defaultPeriodForm(today: string): PeriodForm {
  const { year, month } = yearMonth(today);
  const quarter = quarterOf(month);
  const { from, to } = quarterPeriod(year, quarter);
  return { kind: "quarter", year, quarter, month, from, to };
}

/** The chosen period; null while a free period lacks a day, has one that is no date, or ends before it starts. */
export function toPeriod(form: PeriodForm): ReportPeriod | null {
  switch (form.kind) {
    case "month":
      return monthPeriod(form.year, form.month);
    case "quarter":
      return quarterPeriod(form.year, form.quarter);
    case "year":
      return yearPeriod(form.year);
    case "free":
      if (!isIsoDate(form.from) || !isIsoDate(form.to) || form.to < form.from) return null;
      return { from: form.from, to: form.to };
  }
}

/**
 * The form with another kind of period. The free period starts as the one chosen so far; a month,
 * quarter or year starts at the free period's beginning.
 */
export function withKind(form: PeriodForm, kind: PeriodKind): PeriodForm {
  if (kind === form.kind) return form;
  if (kind === "free") {
    const current = toPeriod(form);
    return current ? { ...form, kind, from: current.from, to: current.to } : { ...form, kind };
  }
  if (form.kind === "free" && isIsoDate(form.from)) {
    const { year, month } = yearMonth(form.from);
    return { ...form, kind, year, month, quarter: quarterOf(month) };
  }
  return { ...form, kind };
}

/** The years the year field offers: ten back and one ahead of `today`'s, and the one chosen. */
export function yearOptions(today: string, chosen: number): number[] {
  const current = yearMonth(today).year;
  const years: number[] = [];
  for (let y = current + 1; y >= current - 10; y -= 1) years.push(y);
  if (!years.includes(chosen)) {
    years.push(chosen);
    years.sort((a, b) => b - a);
  }
  return years;
}

/** The month of a period by its first day: `YYYY-MM`. */
export function monthKey(period: ReportPeriod): string {
  return period.from.slice(0, 7);
}

/** Whether a period covers its months whole: from a month's first day to a month's last. */
export function wholeMonths(period: ReportPeriod): boolean {
  const end = yearMonth(period.to);
  return period.from.endsWith("-01") && period.to === monthPeriod(end.year, end.month).to;
}

/** Why a free period cannot be shown yet: a day missing or no date, or the end before the start. */
export function freePeriodProblem(form: PeriodForm): "incomplete" | "order" | null {
  if (form.kind !== "free") return null;
  if (!isIsoDate(form.from) || !isIsoDate(form.to)) return "incomplete";
  return form.to < form.from ? "order" : null;
}
