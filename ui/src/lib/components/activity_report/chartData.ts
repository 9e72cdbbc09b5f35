// The report's figures as the charts draw them: which bars there are, in what order, what each
// says and what a click on it lists; the shade of each Land's tile. The words come from the caller.
import {
  type ConsultationFigures,
  MONTH_SERIES,
  type MonthFigures,
  type MonthSeries,
  type StateFigures,
  type TopicFigures,
} from "../../api/activity_report";
import type { MonthBar, TopicBar } from "./charts";
import { type DrillTarget, drillKey } from "./drill";
import { monthKey } from "./period";

/**
 * The month chart's colours (Okabe–Ito, told apart with every common colour vision deficiency),
 * each at least 3:1 against white.
 */
export const SERIES_COLOURS: Record<MonthSeries, string> = {
  cases_opened: "#0072b2",
  cases_closed: "#009e73",
  consultations: "#d55e00",
  events: "#cc79a7",
};

/** The topic chart's colour: the app's accent. */
export const TOPIC_COLOUR = "#1d4f91";

export type MonthChartBar = MonthBar & { series: MonthSeries; target: DrillTarget | null };

export type TopicChartBar = TopicBar & { target: DrillTarget };

/**
 * A bar per month and series with a count, month by month and the series in chart order (the
 * order Plot draws them). Consultations lead nowhere; the others to their records of the month.
 */
export function monthBars(
  months: readonly MonthFigures[],
  label: (series: MonthSeries, month: MonthFigures, value: number) => string,
): MonthChartBar[] {
  const bars: MonthChartBar[] = [];
  for (const m of months) {
    for (const { series, measure } of MONTH_SERIES) {
      const value = m[series];
      if (value === 0) continue;
      const target: DrillTarget | null = measure ? { kind: "month", within: m.period, measure } : null;
      bars.push({
        month: monthKey(m.period),
        series,
        value,
        label: label(series, m, value),
        target,
        key: target ? drillKey(target) : null,
      });
    }
  }
  return bars;
}

/** A bar per topic with active cases, in the report's order (most active cases first). */
export function topicBars(topics: readonly TopicFigures[], label: (topic: TopicFigures) => string): TopicChartBar[] {
  return topics
    .filter((t) => t.cases_active > 0)
    .map((t) => {
      const target: DrillTarget = { kind: "topic", topic: t.topic, measure: "cases_active" };
      return { topic: t.topic, value: t.cases_active, label: label(t), target, key: drillKey(target) };
    });
}

/**
 * The tile shades, lightest to darkest, each with the text colour that reads on it at 4.5:1 or
 * more: dark text on the three light ones, white on the two dark ones.
 */
export const TILE_SHADES: readonly { fill: string; text: string }[] = [
  { fill: "#f1f4f8", text: "#1c2530" },
  { fill: "#dbe6f4", text: "#1c2530" },
  { fill: "#9dbce3", text: "#1c2530" },
  { fill: "#3a68a8", text: "#ffffff" },
  { fill: "#163e73", text: "#ffffff" },
];

/** The shade of a count: 0 for none, else 1–4 by quarters of the largest count (as the printed map's white labels above half). */
export function tileShade(value: number, max: number): number {
  if (value <= 0 || max <= 0) return 0;
  return Math.min(4, Math.max(1, Math.ceil((value / max) * 4)));
}

/** The largest count of active cases of any Land. */
export function maxActive(states: readonly StateFigures[]): number {
  return Math.max(0, ...states.map((s) => s.cases_active));
}

/** The share of offered slots that were used; null when none were offered or it is not determined. */
export function utilisation(hours: ConsultationFigures): number | null {
  if (hours.slots_offered === null || hours.slots_offered === 0) return null;
  return hours.slots_used / hours.slots_offered;
}
