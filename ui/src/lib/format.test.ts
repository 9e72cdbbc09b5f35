import { describe, expect, it } from "vitest";
import {
  DISPLAY_ZONE,
  addDaysIso,
  blankToNull,
  formatClock,
  formatDate,
  formatDateTime,
  formatDay,
  formatInstantDay,
  formatMonth,
  formatNumber,
  formatPercent,
  formatSpan,
  formatTime,
  formatTimeRange,
  hm,
  instantDate,
  localIsoDate,
  splitMarked,
  wallClock,
} from "./format";

describe("calendar dates", () => {
  it("formats an ISO date in German and English", () => {
    expect(formatDate("2026-03-10", "de-DE")).toBe("10.03.2026");
    expect(formatDate("2026-03-10", "en-GB")).toBe("10/03/2026");
  });

  it("never shifts a date by a time zone", () => {
    expect(formatDate("2026-01-01", "de-DE")).toBe("01.01.2026");
    expect(formatDate("2026-12-31", "de-DE")).toBe("31.12.2026");
  });

  it("returns empty for nothing and unparsable text unchanged", () => {
    expect(formatDate(null, "de-DE")).toBe("");
    expect(formatDate(undefined, "de-DE")).toBe("");
    expect(formatDate("", "de-DE")).toBe("");
    expect(formatDate("morgen", "de-DE")).toBe("morgen");
  });

  it("formats a day with its weekday", () => {
    expect(formatDay("2026-03-10", "de-DE")).toBe("Di., 10.03.2026");
    expect(formatDay("2026-03-10", "en-GB")).toBe("Tue, 10/03/2026");
    expect(formatDay("10.03.2026", "de-DE")).toBe("10.03.2026");
  });

  it("adds days across month and year ends", () => {
    expect(addDaysIso("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDaysIso("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDaysIso("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDaysIso("2026-01-01", -1)).toBe("2025-12-31");
    expect(addDaysIso("kein Datum", 3)).toBe("kein Datum");
  });

  it("takes a Date's local calendar day", () => {
    expect(localIsoDate(new Date(2026, 2, 5, 23, 59))).toBe("2026-03-05");
  });
});

describe("instants in the display zone", () => {
  it("shows a machine on UTC the times of Europe/Berlin", () => {
    expect(DISPLAY_ZONE).toBe("Europe/Berlin");
  });

  it("formats times in winter and summer time", () => {
    expect(formatTime("2026-03-10T09:00:00Z", "de-DE")).toBe("10:00");
    expect(formatTime("2026-07-01T08:00:00Z", "de-DE")).toBe("10:00");
    expect(formatTime("2026-07-01T10:00:00+02:00", "en-GB")).toBe("10:00");
  });

  it("adds Uhr in German only", () => {
    expect(formatDateTime("2026-03-10T09:00:00Z", "de-DE")).toBe("Di., 10.03.2026, 10:00 Uhr");
    expect(formatDateTime("2026-03-10T09:00:00Z", "en-GB")).toBe("Tue, 10/03/2026, 10:00");
    expect(formatTimeRange("2026-03-10T09:00:00Z", "2026-03-10T09:30:00Z", "de-DE")).toBe("10:00–10:30 Uhr");
    expect(formatTimeRange("2026-03-10T09:00:00Z", "2026-03-10T09:30:00Z", "en-GB")).toBe("10:00–10:30");
  });

  it("shows a span on one day once, over several days both ends", () => {
    expect(formatSpan("2026-03-10T09:00:00Z", "2026-03-10T09:30:00Z", "de-DE")).toBe("Di., 10.03.2026, 10:00–10:30 Uhr");
    expect(formatSpan("2026-03-10T09:00:00Z", "2026-03-11T09:00:00Z", "de-DE")).toBe(
      "Di., 10.03.2026, 10:00 Uhr – Mi., 11.03.2026, 10:00 Uhr",
    );
  });

  it("takes the day of the display zone, not of UTC", () => {
    // 23:30 UTC on 10 March is 00:30 on 11 March in Berlin.
    expect(instantDate("2026-03-10T23:30:00Z")).toBe("2026-03-11");
    expect(formatInstantDay("2026-03-10T23:30:00Z", "de-DE")).toBe("Mi., 11.03.2026");
    expect(wallClock("2026-03-10T23:30:00Z")).toBe("2026-03-11T00:30:00");
    expect(wallClock("2026-07-01T08:00:00Z")).toBe("2026-07-01T10:00:00");
  });

  it("passes unparsable instants through", () => {
    expect(formatTime("später", "de-DE")).toBe("später");
    expect(wallClock("später")).toBe("später");
    expect(instantDate("2026-03-10Tkaputt")).toBe("2026-03-10");
  });
});

describe("clock times", () => {
  it("cuts seconds and adds Uhr in German", () => {
    expect(hm("10:00:00")).toBe("10:00");
    expect(hm(null)).toBe("");
    expect(formatClock("09:30:00", "de-DE")).toBe("09:30 Uhr");
    expect(formatClock("09:30:00", "en-GB")).toBe("09:30");
    expect(formatClock(undefined, "de-DE")).toBe("");
  });
});

describe("text helpers", () => {
  it("turns blank text into null and trims the rest", () => {
    expect(blankToNull("   ")).toBeNull();
    expect(blankToNull("")).toBeNull();
    expect(blankToNull("  Nordstadt ")).toBe("Nordstadt");
  });

  it("splits search highlights into plain and matched segments", () => {
    expect(splitMarked("Herr \u0002Mül\u0003ler")).toEqual([
      { text: "Herr ", match: false },
      { text: "Mül", match: true },
      { text: "ler", match: false },
    ]);
    expect(splitMarked("\u0002ganz\u0003")).toEqual([{ text: "ganz", match: true }]);
    expect(splitMarked("<b>kein HTML</b>")).toEqual([{ text: "<b>kein HTML</b>", match: false }]);
    expect(splitMarked("")).toEqual([]);
  });
});

describe("numbers", () => {
  it("groups thousands the German and the English way", () => {
    expect(formatNumber(0, "de-DE")).toBe("0");
    expect(formatNumber(999, "de-DE")).toBe("999");
    expect(formatNumber(1234, "de-DE")).toBe("1.234");
    expect(formatNumber(1234567, "de-DE")).toBe("1.234.567");
    expect(formatNumber(1234, "en-GB")).toBe("1,234");
  });

  it("shows a share in percent with one decimal", () => {
    expect(formatPercent(0.45, "de-DE")).toBe("45,0\u00a0%");
    expect(formatPercent(1, "de-DE")).toBe("100,0\u00a0%");
    expect(formatPercent(0.6667, "en-GB")).toBe("66.7%");
  });
});

describe("months", () => {
  it("names a month with its year, long and short", () => {
    expect(formatMonth("2026-03", "de-DE")).toBe("März 2026");
    expect(formatMonth("2026-03-15", "en-GB")).toBe("March 2026");
    expect(formatMonth("2026-03", "de-DE", "name")).toBe("März");
    // ICU writes the short German months with or without a full stop, by version.
    expect(formatMonth("2026-12", "de-DE", "short")).toMatch(/^Dez\.?$/);
    expect(formatMonth("2026-05", "en-GB", "short")).toBe("May");
    expect(formatMonth("2027-01", "de-DE", "shortYear")).toMatch(/^Jan\.? 27$/);
    expect(formatMonth("kein Monat", "de-DE")).toBe("kein Monat");
  });
});
