// Generated from the `commands!` declarations in src-tauri/src/commands/mod.rs; do not edit.
// `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands` rewrites it.
// The activity report (Auswertung, Tätigkeitsbericht): figures of a period and scope.
import { invoke } from "@tauri-apps/api/core";
import type { ActivityReport } from "../generated/ActivityReport";
import type { FigureDefinition } from "../generated/FigureDefinition";
import type { ReportDrill } from "../generated/ReportDrill";
import type { ReportFormat } from "../generated/ReportFormat";
import type { ReportQuery } from "../generated/ReportQuery";
import type { ReportRecord } from "../generated/ReportRecord";
import type { ReportTexts } from "../generated/ReportTexts";
import type { SavedActivityReport } from "../generated/SavedActivityReport";

export type { ActivityReport, FigureDefinition, ReportDrill, ReportFormat, ReportQuery, ReportRecord, ReportTexts, SavedActivityReport };

export const activityReport = (query: ReportQuery): Promise<ActivityReport> =>
  invoke("activity_report", { query });

/** The cases or events behind one bar or Land of the report. */
export const activityReportRecords = (drill: ReportDrill): Promise<Array<ReportRecord>> =>
  invoke("activity_report_records", { drill });

/** What each figure counts, in the order the report shows them. */
export const figureDefinitions = (): Promise<Array<FigureDefinition>> =>
  invoke("figure_definitions");

/** Asks for a file in the native save dialog and writes the report as PDF, XLSX or CSV; null when cancelled. */
export const saveActivityReport = (query: ReportQuery, texts: ReportTexts, format: ReportFormat): Promise<SavedActivityReport | null> =>
  invoke("save_activity_report", { query, texts, format });
