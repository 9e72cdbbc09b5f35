import { describe, expect, it } from "vitest";
import { addMonthsIso, datePattern, formatDateInput, isIsoDate, isoWeekday, monthGrid, parseDateInput, stepDate } from "./dates";

const TODAY = "2026-12-03";
const date = (iso: string) => ({ kind: "date", iso });
const INVALID = { kind: "invalid" };

describe("formatDateInput", () => {
  it("shows TT.MM.JJJJ in German and DD/MM/YYYY in English", () => {
    expect(formatDateInput("2026-03-12", "de")).toBe("12.03.2026");
    expect(formatDateInput("2026-03-12", "en")).toBe("12/03/2026");
    expect(datePattern("de")).toBe("TT.MM.JJJJ");
    expect(datePattern("en")).toBe("DD/MM/YYYY");
  });

  it("keeps empty empty and anything else as it is", () => {
    expect(formatDateInput("", "de")).toBe("");
    expect(formatDateInput(null, "en")).toBe("");
    expect(formatDateInput("12.03.2026", "de")).toBe("12.03.2026");
  });
});

describe("parseDateInput", () => {
  it("reads day, month and year with dots, slashes or dashes in either language", () => {
    for (const text of ["3.12.2026", "03.12.2026", "3/12/2026", "03-12-2026", " 3. 12. 2026 ", "2026-12-03", "2026-12-3"]) {
      expect(parseDateInput(text, TODAY), text).toEqual(date("2026-12-03"));
    }
  });

  it("reads a round trip of what it shows", () => {
    expect(parseDateInput(formatDateInput("2026-03-12", "de"), TODAY)).toEqual(date("2026-03-12"));
    expect(parseDateInput(formatDateInput("2026-03-12", "en"), TODAY)).toEqual(date("2026-03-12"));
  });

  it("puts a two-digit year in this century", () => {
    expect(parseDateInput("03.12.26", TODAY)).toEqual(date("2026-12-03"));
    expect(parseDateInput("1.1.99", TODAY)).toEqual(date("2099-01-01"));
    expect(parseDateInput("1.1.1999", TODAY)).toEqual(date("1999-01-01"));
  });

  it("takes the current year when none is typed", () => {
    expect(parseDateInput("24.12.", TODAY)).toEqual(date("2026-12-24"));
    expect(parseDateInput("5.1", "2027-06-30")).toEqual(date("2027-01-05"));
  });

  it("reads digits only as DDMMYYYY or DDMMYY", () => {
    expect(parseDateInput("03122026", TODAY)).toEqual(date("2026-12-03"));
    expect(parseDateInput("031226", TODAY)).toEqual(date("2026-12-03"));
    expect(parseDateInput("3122026", TODAY)).toEqual(INVALID);
  });

  it("knows month lengths and leap years", () => {
    expect(parseDateInput("29.02.2028", TODAY)).toEqual(date("2028-02-29"));
    expect(parseDateInput("29.02.2026", TODAY)).toEqual(INVALID);
    expect(parseDateInput("31.04.2026", TODAY)).toEqual(INVALID);
    expect(parseDateInput("31.12.2026", TODAY)).toEqual(date("2026-12-31"));
    expect(parseDateInput("29.02.2100", TODAY)).toEqual(INVALID);
  });

  it("refuses what is no date", () => {
    for (const text of ["morgen", "0.12.2026", "3.13.2026", "3.0.2026", "32.1.2026", "3.12.0226", "3.12.2200", "3.12.202", "12/3/2026/1", "3..12.2026", "3.12.2026 10:00"]) {
      expect(parseDateInput(text, TODAY), text).toEqual(INVALID);
    }
  });

  it("is empty for blank text", () => {
    expect(parseDateInput("", TODAY)).toEqual({ kind: "empty" });
    expect(parseDateInput("   ", TODAY)).toEqual({ kind: "empty" });
  });

  it("while typing, counts only a four-digit year as finished", () => {
    expect(parseDateInput("3.12.20", TODAY, true)).toEqual(INVALID);
    expect(parseDateInput("3.12.", TODAY, true)).toEqual(INVALID);
    expect(parseDateInput("3.12.2026", TODAY, true)).toEqual(date("2026-12-03"));
    expect(parseDateInput("2026-12-03", TODAY, true)).toEqual(date("2026-12-03"));
  });
});

describe("isIsoDate", () => {
  it("accepts real days only", () => {
    expect(isIsoDate("2026-12-03")).toBe(true);
    expect(isIsoDate("2026-02-30")).toBe(false);
    expect(isIsoDate("03.12.2026")).toBe(false);
    expect(isIsoDate("")).toBe(false);
  });
});

describe("addMonthsIso", () => {
  it("moves by months across years and clamps the day", () => {
    expect(addMonthsIso("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonthsIso("2028-01-31", 1)).toBe("2028-02-29");
    expect(addMonthsIso("2026-12-15", 1)).toBe("2027-01-15");
    expect(addMonthsIso("2026-01-15", -1)).toBe("2025-12-15");
    expect(addMonthsIso("2026-03-31", -13)).toBe("2025-02-28");
  });
});

describe("stepDate", () => {
  it("moves a day with the arrows and a month with the page keys", () => {
    expect(stepDate("ArrowUp", "2026-12-31", TODAY)).toBe("2027-01-01");
    expect(stepDate("ArrowDown", "2026-03-01", TODAY)).toBe("2026-02-28");
    expect(stepDate("PageUp", "2026-01-31", TODAY)).toBe("2026-02-28");
    expect(stepDate("PageDown", "2026-01-15", TODAY)).toBe("2025-12-15");
  });

  it("starts an empty field at today", () => {
    expect(stepDate("ArrowUp", "", TODAY)).toBe(TODAY);
    expect(stepDate("ArrowDown", "", TODAY)).toBe(TODAY);
  });

  it("never goes before min", () => {
    expect(stepDate("ArrowDown", "2026-12-03", TODAY, "2026-12-03")).toBe("2026-12-03");
    expect(stepDate("ArrowUp", "", TODAY, "2027-01-10")).toBe("2027-01-10");
  });

  it("ignores other keys", () => {
    expect(stepDate("Enter", "2026-12-03", TODAY)).toBeNull();
    expect(stepDate("ArrowLeft", "2026-12-03", TODAY)).toBeNull();
  });
});

describe("monthGrid", () => {
  it("starts on Monday and pads the first and last week", () => {
    // December 2026 begins on a Tuesday and ends on a Thursday.
    const weeks = monthGrid("2026-12-17");
    expect(weeks).toHaveLength(5);
    expect(weeks[0]).toEqual([null, "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04", "2026-12-05", "2026-12-06"]);
    expect(weeks[4]).toEqual(["2026-12-28", "2026-12-29", "2026-12-30", "2026-12-31", null, null, null]);
    expect(weeks.every((w) => w.length === 7)).toBe(true);
  });

  it("needs no padding for a February from Monday to Sunday, and six rows when the month spills", () => {
    // February 2027 begins on a Monday and has 28 days: exactly four weeks.
    expect(monthGrid("2027-02-01")).toHaveLength(4);
    expect(monthGrid("2027-02-01")[0][0]).toBe("2027-02-01");
    // August 2026 begins on a Saturday: 31 days over six rows.
    const august = monthGrid("2026-08-31");
    expect(august).toHaveLength(6);
    expect(august[0].slice(5)).toEqual(["2026-08-01", "2026-08-02"]);
    expect(august.flat().filter(Boolean)).toHaveLength(31);
  });

  it("names weekdays the ISO way", () => {
    expect(isoWeekday("2026-12-07")).toBe(1);
    expect(isoWeekday("2026-12-06")).toBe(7);
  });
});
