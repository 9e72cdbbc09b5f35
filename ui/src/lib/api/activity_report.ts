// The activity report (Auswertung): the figures of a period and scope, the cases and events behind
// a bar or a Land, and the report saved as PDF, XLSX or CSV. The commands are generated
// (./commands/activity_report.ts); this module adds what the UI needs beside them.
export * from "./commands/activity_report";
import type { FederalState } from "./generated/FederalState";
import type { ReportFormat } from "./generated/ReportFormat";
import type { ReportMeasure } from "./generated/ReportMeasure";
import type { ReportTexts } from "./generated/ReportTexts";
export type { AdvisorFigures } from "./generated/AdvisorFigures";
export type { CaseFigures } from "./generated/CaseFigures";
export type { ConsultationFigures } from "./generated/ConsultationFigures";
export type { EventFormatFigures } from "./generated/EventFormatFigures";
export type { Figure } from "./generated/Figure";
export type { JournalFigures } from "./generated/JournalFigures";
export type { MonthFigures } from "./generated/MonthFigures";
export type { ReachFigures } from "./generated/ReachFigures";
export type { ReportMeasure } from "./generated/ReportMeasure";
export type { ReportPeriod } from "./generated/ReportPeriod";
export type { ReportRecordKind } from "./generated/ReportRecordKind";
export type { ReportScope } from "./generated/ReportScope";
export type { StateFigures } from "./generated/StateFigures";
export type { TopicFigures } from "./generated/TopicFigures";

/** The file types, in the order of the buttons. */
export const REPORT_FORMATS: readonly ReportFormat[] = ["pdf", "xlsx", "csv"];

/** The sections of the printed report that take the advisor's own words, in the report's order. */
export const TEXT_SECTIONS: readonly (keyof ReportTexts)[] = [
  "summary",
  "cases",
  "consultation_hours",
  "events",
  "reach",
  "topics",
];

export function emptyTexts(): ReportTexts {
  return { summary: "", cases: "", consultation_hours: "", events: "", reach: "", topics: "" };
}

/** The series of the month chart: the MonthFigures field each shows and what a click on it lists (none for consultations). */
export type MonthSeries = "cases_opened" | "cases_closed" | "consultations" | "events";

export const MONTH_SERIES: readonly { series: MonthSeries; measure: ReportMeasure | null }[] = [
  { series: "cases_opened", measure: "cases_opened" },
  { series: "cases_closed", measure: "cases_closed" },
  { series: "consultations", measure: null },
  { series: "events", measure: "events" },
];

/** The journal kinds the report counts, in the order of JournalFigures. */
export const JOURNAL_KINDS = ["consultations", "site_visits", "workshops", "meetings", "calls", "emails"] as const;

/** Event formats in the order the report lists them (that of `EventFormat`). */
export { EVENT_FORMATS } from "./events";

/**
 * The Länder as a tile map, one square each, by (column, row) roughly where it lies; the printed
 * report draws the same grid.
 */
export const STATE_TILES: readonly { state: FederalState; column: number; row: number }[] = [
  { state: "SH", column: 2, row: 0 },
  { state: "HB", column: 1, row: 1 },
  { state: "HH", column: 2, row: 1 },
  { state: "MV", column: 3, row: 1 },
  { state: "NW", column: 0, row: 2 },
  { state: "NI", column: 1, row: 2 },
  { state: "ST", column: 2, row: 2 },
  { state: "BB", column: 3, row: 2 },
  { state: "BE", column: 4, row: 2 },
  { state: "RP", column: 0, row: 3 },
  { state: "HE", column: 1, row: 3 },
  { state: "TH", column: 2, row: 3 },
  { state: "SN", column: 3, row: 3 },
  { state: "SL", column: 0, row: 4 },
  { state: "BW", column: 1, row: 4 },
  { state: "BY", column: 2, row: 4 },
];

/** Columns and rows of the tile map. */
export const STATE_TILE_GRID = { columns: 5, rows: 5 } as const;
