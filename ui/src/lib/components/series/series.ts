// Words for a series: weekday names, "jeden 2. Dienstag", and a one-line summary of its rhythm.
import type { SeriesInput } from "../../api/series";
import { formatClock, hm } from "../../format";
import { t } from "../../i18n/index.svelte";

const WEEKDAY_KEYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

/** ISO weekday 1 (Monday) … 7 (Sunday) → its name, long or short. */
export function weekdayName(iso: number, short = false): string {
  const key = WEEKDAY_KEYS[(iso - 1 + 7) % 7];
  return short ? t(`weekdayShort.${key}`) : t(`weekday.${key}`);
}

/** 1 … 4 or −1 → `2.` / `letzten` (the word before the weekday). */
export function nthLabel(nth: number): string {
  if (nth === 1) return t("nth.n1");
  if (nth === 2) return t("nth.n2");
  if (nth === 3) return t("nth.n3");
  if (nth === 4) return t("nth.n4");
  return t("nth.last");
}

/** `wöchentlich Di, Do · 10:00–12:00 Uhr` or `jeden 2. Dienstag im Monat · 10:00–12:00 Uhr`. */
export function seriesSummary(input: SeriesInput, loc: string): string {
  const days = [...input.weekdays].sort((a, b) => a - b).map((d) => weekdayName(d, true)).join(", ");
  let rhythm: string;
  if (input.recurrence === "monthly_nth_weekday") {
    rhythm = t("seriesSummary.monthly", { nth: nthLabel(input.nth), weekday: weekdayName(input.weekdays[0] ?? 1) });
  } else if (input.interval_weeks > 1) {
    rhythm = t("seriesSummary.everyWeeks", { count: input.interval_weeks, days });
  } else {
    rhythm = t("seriesSummary.weekly", { days });
  }
  return `${rhythm} · ${hm(input.window_start)}–${formatClock(input.window_end, loc)}`;
}
