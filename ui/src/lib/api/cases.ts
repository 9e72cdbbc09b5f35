// Advisory cases. The commands are generated (./commands/cases.ts); this module adds what the UI
// needs beside them.
export * from "./commands/cases";
import type { CaseFilter } from "./generated/CaseFilter";
import type { CaseStatus } from "./generated/CaseStatus";
import type { Priority } from "./generated/Priority";
export type { Case } from "./generated/Case";
export type { CaseSummary } from "./generated/CaseSummary";
export type { Priority } from "./generated/Priority";

export const CASE_STATUSES: readonly CaseStatus[] = ["new", "active", "on_hold", "closed"];

export const PRIORITIES: readonly Priority[] = ["low", "normal", "high"];

export function emptyFilter(): CaseFilter {
  return {
    status: null,
    municipality_id: null,
    neighbourhood_id: null,
    topic: null,
    advisor: null,
    overdue: false,
    search: null,
    limit: null,
  };
}
