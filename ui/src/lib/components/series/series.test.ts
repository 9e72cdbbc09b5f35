import { afterEach, describe, expect, it } from "vitest";
import type { SeriesInput } from "../../api/generated/SeriesInput";
import { setLanguage } from "../../i18n/index.svelte";
import { nthLabel, seriesSummary, weekdayName } from "./series";

function input(over: Partial<SeriesInput>): SeriesInput {
  return {
    title: "Sprechstunde",
    municipality_id: 1,
    neighbourhood_id: null,
    location: null,
    online_url: null,
    advisor: "A. Berater",
    time_zone: "Europe/Berlin",
    recurrence: "weekly",
    interval_weeks: 1,
    weekdays: [2],
    nth: 1,
    starts_on: "2026-03-03",
    until_on: null,
    count: null,
    window_start: "10:00:00",
    window_end: "12:00:00",
    slot_minutes: 30,
    buffer_minutes: 0,
    skip_holidays: true,
    exceptions: [],
    ...over,
  };
}

afterEach(() => setLanguage("de"));

describe("weekdayName", () => {
  it("names ISO weekdays from Monday to Sunday", () => {
    expect(weekdayName(1)).toBe("Montag");
    expect(weekdayName(7)).toBe("Sonntag");
    expect(weekdayName(2, true)).toBe("Di");
  });

  it("follows the UI language", () => {
    setLanguage("en");
    expect(weekdayName(3)).toBe("Wednesday");
    expect(weekdayName(3, true)).toBe("Wed");
  });
});

describe("nthLabel", () => {
  it("names the first to fourth and the last", () => {
    expect([1, 2, 3, 4, -1].map(nthLabel)).toEqual(["1.", "2.", "3.", "4.", "letzten"]);
    setLanguage("en");
    expect([1, 2, -1].map(nthLabel)).toEqual(["1st", "2nd", "last"]);
  });
});

describe("seriesSummary", () => {
  it("lists weekly days in weekday order with the time window", () => {
    expect(seriesSummary(input({ weekdays: [4, 2] }), "de-DE")).toBe("wöchentlich Di, Do · 10:00–12:00 Uhr");
  });

  it("says every n weeks", () => {
    expect(seriesSummary(input({ interval_weeks: 2 }), "de-DE")).toBe("alle 2 Wochen Di · 10:00–12:00 Uhr");
  });

  it("says which weekday of the month", () => {
    expect(seriesSummary(input({ recurrence: "monthly_nth_weekday", nth: 2 }), "de-DE")).toBe(
      "jeden 2. Dienstag im Monat · 10:00–12:00 Uhr",
    );
    expect(seriesSummary(input({ recurrence: "monthly_nth_weekday", nth: -1, weekdays: [5] }), "de-DE")).toBe(
      "jeden letzten Freitag im Monat · 10:00–12:00 Uhr",
    );
  });

  it("speaks English without Uhr", () => {
    setLanguage("en");
    expect(seriesSummary(input({ weekdays: [1, 3] }), "en-GB")).toBe("weekly Mon, Wed · 10:00–12:00");
    expect(seriesSummary(input({ recurrence: "monthly_nth_weekday", nth: 3 }), "en-GB")).toBe(
      "every 3rd Tuesday of the month · 10:00–12:00",
    );
  });
});
