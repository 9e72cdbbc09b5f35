// The window runs with Tauri's `freezePrototype`: Object.prototype is frozen before any script of
// the app runs, and a library that assigns a property Object.prototype has (`toString`,
// `constructor`) throws, at load or when drawing. This freezes Object.prototype, Array.prototype
// and Function.prototype (more than Tauri does) and only then loads Observable Plot, its d3 and
// the report's charts, and draws them. d3 needs vite.config.ts's `d3OnAFrozenPrototype` for that;
// the unit tests run d3 through the plugins as the build does (`server.deps.inline`).
import { beforeAll, describe, expect, it } from "vitest";
import { type MiniElement, miniDocument } from "./miniDom";

describe("Observable Plot with frozen prototypes", () => {
  let Plot: typeof import("@observablehq/plot");
  let charts: typeof import("./charts");

  beforeAll(async () => {
    Object.freeze(Object.prototype);
    Object.freeze(Array.prototype);
    Object.freeze(Function.prototype);
    Plot = await import("@observablehq/plot");
    charts = await import("./charts");
  });

  it("has the prototypes frozen", () => {
    expect(Object.isFrozen(Object.prototype)).toBe(true);
    expect(Object.isFrozen(Array.prototype)).toBe(true);
    expect(Object.isFrozen(Function.prototype)).toBe(true);
  });

  it("draws the month chart and makes its bars buttons", () => {
    const bars = [
      { month: "2026-01", series: "cases_opened", value: 4, label: "Fälle eröffnet im Januar 2026: 4", key: "month:2026-01:cases_opened" },
      { month: "2026-02", series: "events", value: 12_345, label: "Veranstaltungen im Februar 2026: 12.345", key: "month:2026-02:events" },
    ];
    const svg = charts.drawMonthChart(bars, {
      document: miniDocument(),
      width: 640,
      label: "Monat für Monat",
      formatCount: (n) => String(n),
      months: ["2026-01", "2026-02"],
      series: ["cases_opened", "events"],
      colours: ["#0072b2", "#cc79a7"],
      monthTick: (m) => m,
    });
    expect(charts.activateBars(svg, bars, () => {})).toBe(true);
    const mini = svg as unknown as MiniElement;
    expect(mini.querySelectorAll("rect").map((r) => r.getAttribute("data-drill"))).toEqual(bars.map((b) => b.key));
  });

  it("draws the topic chart", () => {
    const bars = [{ topic: "Wohnen", value: 7, label: "Wohnen: 7", key: "topic:Wohnen" }];
    const svg = charts.drawTopicChart(bars, {
      document: miniDocument(),
      width: 400,
      label: "Handlungsfelder",
      formatCount: (n) => String(n),
      colour: "#1d4f91",
      maxLabel: 24,
    });
    expect((svg as unknown as MiniElement).querySelectorAll("rect")).toHaveLength(1);
  });

  it("formats ticks with d3-format and draws a time axis (d3-time-format)", () => {
    const svg = Plot.plot({
      document: miniDocument(),
      x: { type: "utc", domain: [new Date(Date.UTC(2026, 0, 1)), new Date(Date.UTC(2026, 11, 31))] },
      y: { domain: [0, 20_000], tickFormat: ",d" },
      marks: [Plot.ruleX([new Date(Date.UTC(2026, 5, 1))]), Plot.ruleY([0])],
    }) as unknown as MiniElement;
    const texts = svg.querySelectorAll("text").map((t) => t.textContent);
    expect(texts).toContain("20,000");
    expect(texts.some((t) => /Jan|2026/.test(t))).toBe(true);
  });
});
