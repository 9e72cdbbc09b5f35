import { describe, expect, it } from "vitest";
import {
  daysInMonth,
  defaultPeriodForm,
  freePeriodProblem,
  monthKey,
  monthPeriod,
  type PeriodForm,
  quarterOf,
  quarterPeriod,
  toPeriod,
  wholeMonths,
  withKind,
  yearOptions,
  yearPeriod,
} from "./period";

const form = (over: Partial<PeriodForm>): PeriodForm => ({
  kind: "quarter",
  year: 2026,
  quarter: 1,
  month: 1,
  from: "",
  to: "",
  ...over,
});

describe("months", () => {
  it("knows how long each month is, February in leap years too", () => {
    expect(daysInMonth(2026, 1)).toBe(31);
    expect(daysInMonth(2026, 2)).toBe(28);
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(daysInMonth(2026, 12)).toBe(31);
  });

  it("spans a month from its first to its last day", () => {
    expect(monthPeriod(2026, 3)).toEqual({ from: "2026-03-01", to: "2026-03-31" });
    expect(monthPeriod(2026, 2)).toEqual({ from: "2026-02-01", to: "2026-02-28" });
    expect(monthPeriod(2028, 2)).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(monthPeriod(2026, 11)).toEqual({ from: "2026-11-01", to: "2026-11-30" });
    expect(monthPeriod(2026, 12)).toEqual({ from: "2026-12-01", to: "2026-12-31" });
  });
});

describe("quarters and years", () => {
  it("spans each quarter", () => {
    expect(quarterPeriod(2026, 1)).toEqual({ from: "2026-01-01", to: "2026-03-31" });
    expect(quarterPeriod(2026, 2)).toEqual({ from: "2026-04-01", to: "2026-06-30" });
    expect(quarterPeriod(2026, 3)).toEqual({ from: "2026-07-01", to: "2026-09-30" });
    expect(quarterPeriod(2026, 4)).toEqual({ from: "2026-10-01", to: "2026-12-31" });
  });

  it("finds the quarter of a month", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(quarterOf)).toEqual([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
  });

  it("spans a year", () => {
    expect(yearPeriod(2026)).toEqual({ from: "2026-01-01", to: "2026-12-31" });
  });
});

describe("the form", () => {
  it("opens on the quarter of today", () => {
    expect(defaultPeriodForm("2026-05-14")).toEqual({
      kind: "quarter",
      year: 2026,
      quarter: 2,
      month: 5,
      from: "2026-04-01",
      to: "2026-06-30",
    });
    expect(toPeriod(defaultPeriodForm("2026-12-31"))).toEqual({ from: "2026-10-01", to: "2026-12-31" });
    expect(toPeriod(defaultPeriodForm("2027-01-01"))).toEqual({ from: "2027-01-01", to: "2027-03-31" });
  });

  it("turns each kind into its days", () => {
    expect(toPeriod(form({ kind: "month", year: 2028, month: 2 }))).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(toPeriod(form({ kind: "quarter", quarter: 3 }))).toEqual({ from: "2026-07-01", to: "2026-09-30" });
    expect(toPeriod(form({ kind: "year", year: 2025 }))).toEqual({ from: "2025-01-01", to: "2025-12-31" });
    expect(toPeriod(form({ kind: "free", from: "2026-03-10", to: "2026-03-10" }))).toEqual({ from: "2026-03-10", to: "2026-03-10" });
  });

  it("has no free period without both days, with no date, or backwards", () => {
    expect(toPeriod(form({ kind: "free", from: "2026-03-10", to: "" }))).toBeNull();
    expect(toPeriod(form({ kind: "free", from: "", to: "2026-03-10" }))).toBeNull();
    expect(toPeriod(form({ kind: "free", from: "2026-02-30", to: "2026-03-10" }))).toBeNull();
    expect(toPeriod(form({ kind: "free", from: "2026-03-11", to: "2026-03-10" }))).toBeNull();
    expect(freePeriodProblem(form({ kind: "free", from: "2026-03-10", to: "" }))).toBe("incomplete");
    expect(freePeriodProblem(form({ kind: "free", from: "2026-03-11", to: "2026-03-10" }))).toBe("order");
    expect(freePeriodProblem(form({ kind: "free", from: "2026-03-10", to: "2026-03-11" }))).toBeNull();
    expect(freePeriodProblem(form({ kind: "year" }))).toBeNull();
  });

  it("starts a free period as the period chosen so far", () => {
    const next = withKind(form({ kind: "quarter", quarter: 2 }), "free");
    expect(next.kind).toBe("free");
    expect(toPeriod(next)).toEqual({ from: "2026-04-01", to: "2026-06-30" });
  });

  it("starts a month, quarter or year at the free period's beginning", () => {
    const free = form({ kind: "free", from: "2025-08-15", to: "2025-09-30" });
    expect(toPeriod(withKind(free, "month"))).toEqual({ from: "2025-08-01", to: "2025-08-31" });
    expect(toPeriod(withKind(free, "quarter"))).toEqual({ from: "2025-07-01", to: "2025-09-30" });
    expect(toPeriod(withKind(free, "year"))).toEqual({ from: "2025-01-01", to: "2025-12-31" });
    expect(withKind(free, "free")).toBe(free);
  });

  it("offers ten years back and one ahead, and the year chosen", () => {
    const years = yearOptions("2026-05-14", 2026);
    expect(years[0]).toBe(2027);
    expect(years.at(-1)).toBe(2016);
    expect(years).toHaveLength(12);
    expect(yearOptions("2026-05-14", 2001).at(-1)).toBe(2001);
  });
});

describe("month keys", () => {
  it("names a month by its first day, and tells whole months apart", () => {
    expect(monthKey({ from: "2026-02-01", to: "2026-02-28" })).toBe("2026-02");
    expect(monthKey({ from: "2026-02-10", to: "2026-02-28" })).toBe("2026-02");
    expect(wholeMonths({ from: "2026-01-01", to: "2026-03-31" })).toBe(true);
    expect(wholeMonths({ from: "2028-02-01", to: "2028-02-29" })).toBe(true);
    expect(wholeMonths({ from: "2026-02-01", to: "2026-02-27" })).toBe(false);
    expect(wholeMonths({ from: "2026-02-02", to: "2026-02-28" })).toBe(false);
  });
});
