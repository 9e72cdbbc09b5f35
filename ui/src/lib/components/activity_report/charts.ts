// The report's bar charts, drawn with Observable Plot (the chart components say why Plot), and made
// operable: each bar that lists records gets `data-drill`, is a button for the keyboard and the
// screen reader (tabindex, role, aria-label) and calls back on click, Enter or Space. What the
// bars are (which, in what order, what they say) is worked out here without a DOM; the drawing
// takes the document to draw into, so that the unit tests can give it a small one.
import * as Plot from "@observablehq/plot";

/** The class of the bars' mark: the bars are its `rect`s, in the order of the data. */
export const BAR_CLASS = "report-bars";

/** One bar: where a click leads (`key`, null when it leads nowhere) and what it says. */
export type Bar = { key: string | null; label: string; value: number };

export type MonthBar = Bar & { month: string; series: string };

export type TopicBar = Bar & { topic: string };

/**
 * Tick values for counts from 0 to `max`: whole numbers 1, 2 or 5 × 10ⁿ apart, at most about
 * `count` of them, the last at or above `max` (0 and 1 for nothing).
 */
export function integerTicks(max: number, count = 5): number[] {
  const top = Math.max(1, Math.ceil(max));
  let step = 1;
  for (let magnitude = 1; ; magnitude *= 10) {
    const fit = [1, 2, 5].map((m) => m * magnitude).find((s) => top / s <= count);
    if (fit !== undefined) {
      step = fit;
      break;
    }
  }
  const ticks: number[] = [];
  for (let v = 0; v < top + step; v += step) {
    ticks.push(v);
    if (v >= top) break;
  }
  return ticks;
}

/** A long label cut to `max` characters with an ellipsis. */
export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** Plot adds a `<style>` to each drawing, which the strict CSP (style-src 'self') refuses; the components' CSS has its rules. */
function withoutInlineStyle(svg: SVGSVGElement): SVGSVGElement {
  for (const style of svg.querySelectorAll("style")) style.remove();
  return svg;
}

type Drawing = {
  document: Document;
  width: number;
  /** The drawing's accessible name. */
  label: string;
  /** A count on an axis. */
  formatCount: (n: number) => string;
};

/** Grouped bars per month: one group per month key, a bar per series with a count (bars of 0 are left out). */
export function drawMonthChart(
  bars: readonly MonthBar[],
  options: Drawing & {
    months: readonly string[];
    series: readonly string[];
    colours: readonly string[];
    monthTick: (month: string) => string;
  },
): SVGSVGElement {
  const ticks = integerTicks(Math.max(0, ...bars.map((b) => b.value)));
  // Too many months for a label each: every second, third, … month is named.
  const every = Math.ceil(options.months.length / Math.max(1, Math.floor(options.width / 64)));
  const svg = Plot.plot({
    document: options.document,
    width: options.width,
    height: 260,
    marginTop: 12,
    marginRight: 8,
    marginBottom: 28,
    marginLeft: 44,
    ariaLabel: options.label,
    fx: {
      domain: [...options.months],
      label: null,
      padding: options.months.length > 6 ? 0.12 : 0.3,
      tickSize: 0,
      tickFormat: options.monthTick,
      ticks: options.months.filter((_, i) => i % every === 0),
    },
    x: { axis: null, domain: [...options.series], padding: 0.06 },
    y: { domain: [0, ticks[ticks.length - 1]], ticks, tickFormat: options.formatCount, grid: true, label: null, tickSize: 0 },
    color: { domain: [...options.series], range: [...options.colours] },
    marks: [
      Plot.barY(bars, { fx: "month", x: "series", y: "value", fill: "series", title: "label", className: BAR_CLASS }),
      Plot.ruleY([0]),
    ],
  }) as SVGSVGElement;
  return withoutInlineStyle(svg);
}

/** Horizontal bars, one per topic, longest first as given; the count at the end of each bar. */
export function drawTopicChart(
  bars: readonly TopicBar[],
  options: Drawing & { colour: string; maxLabel: number },
): SVGSVGElement {
  const ticks = integerTicks(Math.max(0, ...bars.map((b) => b.value)), 4);
  const labels = bars.map((b) => shorten(b.topic, options.maxLabel));
  const longest = Math.max(4, ...labels.map((l) => l.length));
  const svg = Plot.plot({
    document: options.document,
    width: options.width,
    height: 36 + bars.length * 30,
    marginTop: 24,
    marginRight: 40,
    marginBottom: 8,
    marginLeft: Math.min(220, 16 + longest * 7),
    ariaLabel: options.label,
    x: { domain: [0, ticks[ticks.length - 1]], ticks, tickFormat: options.formatCount, grid: true, label: null, axis: "top", tickSize: 0 },
    y: { domain: bars.map((b) => b.topic), tickFormat: (topic: string) => shorten(topic, options.maxLabel), label: null, tickSize: 0, padding: 0.25 },
    marks: [
      Plot.barX(bars, { y: "topic", x: "value", fill: options.colour, title: "label", className: BAR_CLASS }),
      Plot.text(bars, { y: "topic", x: "value", text: (b: TopicBar) => options.formatCount(b.value), dx: 5, textAnchor: "start", fill: "currentColor" }),
      Plot.ruleX([0]),
    ],
  }) as SVGSVGElement;
  return withoutInlineStyle(svg);
}

/**
 * Makes the bars of a drawing operable: each rect of the bar mark (in the order of `bars`) gets
 * `data-drill`; one that leads somewhere becomes a button that calls `onpick` with its bar. To a
 * screen reader the drawing is a group of these buttons: axes and labels are hidden from it (the
 * table beside the chart has the same numbers). False if the rects do not match the bars.
 */
export function activateBars<B extends Bar>(svg: SVGSVGElement, bars: readonly B[], onpick: (bar: B) => void): boolean {
  const rects = [...svg.querySelectorAll(`.${BAR_CLASS} rect`)];
  if (rects.length !== bars.length) return false;
  rects.forEach((rect, i) => {
    const bar = bars[i];
    if (bar.key === null) return;
    rect.setAttribute("data-drill", bar.key);
    rect.setAttribute("tabindex", "0");
    rect.setAttribute("role", "button");
    rect.setAttribute("aria-label", bar.label);
    rect.addEventListener("click", () => onpick(bar));
    rect.addEventListener("keydown", (event) => {
      const key = (event as KeyboardEvent).key;
      if (key !== "Enter" && key !== " ") return;
      event.preventDefault();
      onpick(bar);
    });
  });
  svg.setAttribute("role", "group");
  for (const child of [...svg.children]) {
    const holdsBars = child.classList.contains(BAR_CLASS) || child.querySelector(`.${BAR_CLASS}`) !== null;
    if (!holdsBars) child.setAttribute("aria-hidden", "true");
  }
  return true;
}

/** Marks the bar whose records are listed (`aria-current`, and a class for its outline). */
export function markSelected(svg: SVGSVGElement, key: string | null): void {
  for (const rect of svg.querySelectorAll(`.${BAR_CLASS} rect`)) {
    const drill = rect.getAttribute("data-drill");
    if (drill === null) continue;
    if (drill === key) {
      rect.setAttribute("aria-current", "true");
      rect.setAttribute("class", "selected");
    } else {
      rect.removeAttribute("aria-current");
      rect.removeAttribute("class");
    }
  }
}
