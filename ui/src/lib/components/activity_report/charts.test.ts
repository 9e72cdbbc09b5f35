import { describe, expect, it } from "vitest";
import { BAR_CLASS, activateBars, drawMonthChart, drawTopicChart, integerTicks, markSelected, shorten } from "./charts";
import { type MiniElement, miniDocument } from "./miniDom";

const count = (n: number) => String(n);

describe("integerTicks", () => {
  it("counts in whole steps of 1, 2 or 5 × 10ⁿ up to the largest", () => {
    expect(integerTicks(0)).toEqual([0, 1]);
    expect(integerTicks(1)).toEqual([0, 1]);
    expect(integerTicks(3)).toEqual([0, 1, 2, 3]);
    expect(integerTicks(7)).toEqual([0, 2, 4, 6, 8]);
    expect(integerTicks(10)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(integerTicks(23)).toEqual([0, 5, 10, 15, 20, 25]);
    expect(integerTicks(1234)).toEqual([0, 500, 1000, 1500]);
  });
});

describe("shorten", () => {
  it("cuts long labels with an ellipsis", () => {
    expect(shorten("Wohnen", 10)).toBe("Wohnen");
    expect(shorten("Soziale Infrastruktur und Quartiersarbeit", 12)).toBe("Soziale Inf…");
  });
});

describe("the month chart", () => {
  const bars = [
    { month: "2026-01", series: "cases_opened", value: 4, label: "Fälle eröffnet im Januar 2026: 4", key: "month:2026-01:cases_opened" },
    { month: "2026-01", series: "consultations", value: 2, label: "Beratungsgespräche im Januar 2026: 2", key: null },
    { month: "2026-03", series: "events", value: 1, label: "Veranstaltungen im März 2026: 1", key: "month:2026-03:events" },
  ];
  const draw = () =>
    drawMonthChart(bars, {
      document: miniDocument(),
      width: 600,
      label: "Monat für Monat",
      formatCount: count,
      months: ["2026-01", "2026-02", "2026-03"],
      series: ["cases_opened", "cases_closed", "consultations", "events"],
      colours: ["#0072b2", "#009e73", "#d55e00", "#cc79a7"],
      monthTick: (m) => m.slice(5),
    });

  it("draws a bar per count, in the order of the bars, without an inline style", () => {
    const svg = draw() as unknown as MiniElement;
    const rects = svg.querySelectorAll(`.${BAR_CLASS} rect`);
    expect(rects).toHaveLength(3);
    expect(rects.map((r) => r.querySelector("title")?.textContent)).toEqual(bars.map((b) => b.label));
    expect(svg.querySelectorAll("style")).toHaveLength(0);
    expect(svg.getAttribute("aria-label")).toBe("Monat für Monat");
  });

  it("makes the bars that lead somewhere buttons, and hides the rest of the drawing from screen readers", () => {
    const svg = draw();
    const picked: string[] = [];
    expect(activateBars(svg, bars, (b) => picked.push(b.key ?? ""))).toBe(true);
    const mini = svg as unknown as MiniElement;
    const [opened, consultations, events] = mini.querySelectorAll(`.${BAR_CLASS} rect`);
    expect(opened.getAttribute("data-drill")).toBe("month:2026-01:cases_opened");
    expect(opened.getAttribute("role")).toBe("button");
    expect(opened.getAttribute("tabindex")).toBe("0");
    expect(opened.getAttribute("aria-label")).toBe("Fälle eröffnet im Januar 2026: 4");
    expect(consultations.hasAttribute("data-drill")).toBe(false);
    expect(consultations.hasAttribute("tabindex")).toBe(false);

    opened.dispatch("click");
    expect(events.dispatch("keydown", { key: "Enter" })).toBe(false);
    expect(events.dispatch("keydown", { key: " " })).toBe(false);
    expect(events.dispatch("keydown", { key: "Tab" })).toBe(true);
    expect(picked).toEqual(["month:2026-01:cases_opened", "month:2026-03:events", "month:2026-03:events"]);

    expect(mini.getAttribute("role")).toBe("group");
    const hidden = mini.children.filter((c) => c.getAttribute("aria-hidden") === "true");
    const shown = mini.children.filter((c) => c.getAttribute("aria-hidden") !== "true");
    expect(hidden.length).toBeGreaterThan(0);
    expect(shown).toHaveLength(1);
    expect(shown[0].querySelectorAll("rect")).toHaveLength(3);

    markSelected(svg, "month:2026-03:events");
    expect(events.getAttribute("aria-current")).toBe("true");
    expect(opened.hasAttribute("aria-current")).toBe(false);
  });

  it("refuses to guess when the rects do not match the bars", () => {
    expect(activateBars(draw(), bars.slice(1), () => {})).toBe(false);
  });
});

describe("the topic chart", () => {
  it("draws a bar and a count per topic", () => {
    const bars = [
      { topic: "Wohnen", value: 5, label: "Wohnen: 5", key: "topic:Wohnen" },
      { topic: "Teilhabe", value: 2, label: "Teilhabe: 2", key: "topic:Teilhabe" },
    ];
    const svg = drawTopicChart(bars, { document: miniDocument(), width: 400, label: "Handlungsfelder", formatCount: count, colour: "#1d4f91", maxLabel: 24 });
    expect(activateBars(svg, bars, () => {})).toBe(true);
    const mini = svg as unknown as MiniElement;
    expect(mini.querySelectorAll(`.${BAR_CLASS} rect`).map((r) => r.getAttribute("data-drill"))).toEqual(["topic:Wohnen", "topic:Teilhabe"]);
    expect(mini.querySelectorAll("text").map((t) => t.textContent)).toEqual(expect.arrayContaining(["Wohnen", "Teilhabe", "5", "2"]));
  });
});
