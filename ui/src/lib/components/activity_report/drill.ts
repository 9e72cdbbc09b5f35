// What a click on a bar, a tile or a number in a table lists: the records behind one figure of a
// month, a topic, a Land or an advisor. `drillKey` names it (the charts' `data-drill`), and
// `toReportDrill` narrows the report's query to it.
import type { ReportDrill, ReportMeasure, ReportPeriod, ReportQuery } from "../../api/activity_report";
import type { FederalState } from "../../api/generated/FederalState";
import { monthKey } from "./period";

export type DrillTarget =
  | { kind: "month"; within: ReportPeriod; measure: ReportMeasure }
  | { kind: "topic"; topic: string; measure: ReportMeasure }
  | { kind: "state"; state: FederalState; measure: ReportMeasure }
  | { kind: "advisor"; advisor: string; measure: ReportMeasure };

/**
 * `month:2026-02:cases_opened`, `topic:Wohnen`, `state:HE`, `advisor:Anna Berger`; a topic, Land or
 * advisor with another measure than the active cases (the tables offer more) gets it appended.
 */
export function drillKey(target: DrillTarget): string {
  switch (target.kind) {
    case "month":
      return `month:${monthKey(target.within)}:${target.measure}`;
    case "topic":
      return withMeasure(`topic:${target.topic}`, target.measure);
    case "state":
      return withMeasure(`state:${target.state}`, target.measure);
    case "advisor":
      return withMeasure(`advisor:${target.advisor}`, target.measure);
  }
}

function withMeasure(key: string, measure: ReportMeasure): string {
  return measure === "cases_active" ? key : `${key}:${measure}`;
}

/** The report's query narrowed to the target. */
export function toReportDrill(query: ReportQuery, target: DrillTarget): ReportDrill {
  return {
    query,
    measure: target.measure,
    within: target.kind === "month" ? target.within : null,
    topic: target.kind === "topic" ? target.topic : null,
    state: target.kind === "state" ? target.state : null,
    advisor: target.kind === "advisor" ? target.advisor : null,
  };
}

/** Whether the measure lists events (else cases). */
export function listsEvents(measure: ReportMeasure): boolean {
  return measure === "events";
}
