import { describe, expect, it } from "vitest";
import type { MonthFigures, TopicFigures } from "../../api/activity_report";
import { TILE_SHADES, maxActive, monthBars, tileShade, topicBars, utilisation } from "./chartData";

const month = (from: string, to: string, over: Partial<MonthFigures>): MonthFigures => ({
  period: { from, to },
  cases_opened: 0,
  cases_closed: 0,
  consultations: 0,
  slots_used: 0,
  events: 0,
  attended: 0,
  ...over,
});

describe("monthBars", () => {
  const months = [
    month("2026-01-01", "2026-01-31", { cases_opened: 4, consultations: 2 }),
    month("2026-02-01", "2026-02-28", {}),
    month("2026-03-01", "2026-03-31", { cases_closed: 1, events: 3, slots_used: 9 }),
  ];
  const bars = monthBars(months, (series, m, value) => `${series} ${m.period.from} ${value}`);

  it("has a bar for each count above zero, month by month in series order", () => {
    expect(bars.map((b) => [b.month, b.series, b.value])).toEqual([
      ["2026-01", "cases_opened", 4],
      ["2026-01", "consultations", 2],
      ["2026-03", "cases_closed", 1],
      ["2026-03", "events", 3],
    ]);
  });

  it("leads each bar but the consultations to its month's records", () => {
    expect(bars.map((b) => b.key)).toEqual(["month:2026-01:cases_opened", null, "month:2026-03:cases_closed", "month:2026-03:events"]);
    expect(bars[0].target).toEqual({ kind: "month", within: months[0].period, measure: "cases_opened" });
    expect(bars[1].target).toBeNull();
    expect(bars[0].label).toBe("cases_opened 2026-01-01 4");
  });
});

describe("topicBars", () => {
  it("has a bar per topic with active cases, in the report's order", () => {
    const topics: TopicFigures[] = [
      { topic: "Wohnen", cases_active: 5, cases_opened: 1, events: 0 },
      { topic: "Bildung", cases_active: 0, cases_opened: 0, events: 2 },
      { topic: "Teilhabe", cases_active: 2, cases_opened: 2, events: 1 },
    ];
    const bars = topicBars(topics, (t) => t.topic);
    expect(bars.map((b) => [b.topic, b.value, b.key])).toEqual([
      ["Wohnen", 5, "topic:Wohnen"],
      ["Teilhabe", 2, "topic:Teilhabe"],
    ]);
    expect(bars[1].target).toEqual({ kind: "topic", topic: "Teilhabe", measure: "cases_active" });
  });
});

describe("tile shades", () => {
  it("shades none lightest and the rest by quarters of the largest", () => {
    expect(tileShade(0, 8)).toBe(0);
    expect(tileShade(1, 8)).toBe(1);
    expect(tileShade(2, 8)).toBe(1);
    expect(tileShade(3, 8)).toBe(2);
    expect(tileShade(5, 8)).toBe(3);
    expect(tileShade(8, 8)).toBe(4);
    expect(tileShade(1, 1)).toBe(4);
    expect(tileShade(0, 0)).toBe(0);
  });

  it("gives every shade a text colour with a contrast of at least 4.5:1", () => {
    const luminance = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
      const f = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    for (const shade of TILE_SHADES) {
      const [a, b] = [luminance(shade.fill), luminance(shade.text)].sort((x, y) => y - x);
      expect((a + 0.05) / (b + 0.05)).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("finds the largest count", () => {
    expect(maxActive([])).toBe(0);
    expect(
      maxActive([
        { state: "HE", municipalities: 1, cases_active: 3, cases_opened: 0, events: 0, attended: 0 },
        { state: "BY", municipalities: 1, cases_active: 7, cases_opened: 0, events: 0, attended: 0 },
      ]),
    ).toBe(7);
  });
});

describe("utilisation", () => {
  it("is the share of offered slots used, when slots were offered", () => {
    const hours = { sessions_held: 4, slots_offered: 20, bookings: 12, slots_used: 9, cancelled: 1, no_shows: 2 };
    expect(utilisation(hours)).toBeCloseTo(0.45);
    expect(utilisation({ ...hours, slots_offered: 0 })).toBeNull();
    expect(utilisation({ ...hours, sessions_held: null, slots_offered: null })).toBeNull();
  });
});
