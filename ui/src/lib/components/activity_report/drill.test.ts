import { describe, expect, it } from "vitest";
import type { ReportQuery } from "../../api/activity_report";
import { drillKey, listsEvents, toReportDrill } from "./drill";

const query: ReportQuery = { period: { from: "2026-01-01", to: "2026-03-31" }, scope: { kind: "team" } };
const february = { from: "2026-02-01", to: "2026-02-28" };

describe("drillKey", () => {
  it("names a month's bar by month and measure", () => {
    expect(drillKey({ kind: "month", within: february, measure: "cases_opened" })).toBe("month:2026-02:cases_opened");
    expect(drillKey({ kind: "month", within: { from: "2026-03-05", to: "2026-03-31" }, measure: "events" })).toBe("month:2026-03:events");
  });

  it("names a topic, a Land and an advisor, with the measure unless it is the active cases", () => {
    expect(drillKey({ kind: "topic", topic: "Wohnen", measure: "cases_active" })).toBe("topic:Wohnen");
    expect(drillKey({ kind: "topic", topic: "Wohnen", measure: "events" })).toBe("topic:Wohnen:events");
    expect(drillKey({ kind: "state", state: "HE", measure: "cases_active" })).toBe("state:HE");
    expect(drillKey({ kind: "state", state: "HE", measure: "cases_opened" })).toBe("state:HE:cases_opened");
    expect(drillKey({ kind: "advisor", advisor: "Anna Berger", measure: "cases_closed" })).toBe("advisor:Anna Berger:cases_closed");
  });
});

describe("toReportDrill", () => {
  it("narrows the query to a month", () => {
    expect(toReportDrill(query, { kind: "month", within: february, measure: "cases_closed" })).toEqual({
      query,
      measure: "cases_closed",
      within: february,
      topic: null,
      state: null,
      advisor: null,
    });
  });

  it("narrows the query to a topic, a Land or an advisor", () => {
    expect(toReportDrill(query, { kind: "topic", topic: "Wohnen", measure: "cases_active" })).toMatchObject({
      measure: "cases_active",
      within: null,
      topic: "Wohnen",
      state: null,
    });
    expect(toReportDrill(query, { kind: "state", state: "BY", measure: "events" })).toMatchObject({ state: "BY", topic: null });
    expect(toReportDrill(query, { kind: "advisor", advisor: "Anna", measure: "cases_opened" })).toMatchObject({ advisor: "Anna" });
  });

  it("knows which measures list events", () => {
    expect(listsEvents("events")).toBe(true);
    expect(listsEvents("cases_active")).toBe(false);
  });
});
