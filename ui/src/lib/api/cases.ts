import { invoke } from "@tauri-apps/api/core";
import type { Case } from "./generated/Case";
import type { CaseDetail } from "./generated/CaseDetail";
import type { CaseFilter } from "./generated/CaseFilter";
import type { CaseHit } from "./generated/CaseHit";
import type { CaseInput } from "./generated/CaseInput";
import type { CaseStatus } from "./generated/CaseStatus";
import type { CaseSummary } from "./generated/CaseSummary";
import type { JournalEntry } from "./generated/JournalEntry";
import type { JournalInput } from "./generated/JournalInput";
import type { JournalKind } from "./generated/JournalKind";
import type { Priority } from "./generated/Priority";
import type { Task } from "./generated/Task";
import type { TaskInput } from "./generated/TaskInput";

export type {
  Case,
  CaseDetail,
  CaseFilter,
  CaseHit,
  CaseInput,
  CaseStatus,
  CaseSummary,
  JournalEntry,
  JournalInput,
  JournalKind,
  Priority,
  Task,
  TaskInput,
};

export const CASE_STATUSES: readonly CaseStatus[] = ["new", "active", "on_hold", "closed"];
export const PRIORITIES: readonly Priority[] = ["low", "normal", "high"];
/** The kinds a user may write; `status_change` entries are written by the app. */
export const USER_JOURNAL_KINDS: readonly JournalKind[] = [
  "call", "email", "consultation", "site_visit", "workshop", "meeting", "note",
];

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

export function listTopics(): Promise<string[]> {
  return invoke<string[]>("list_topics");
}

export function listAdvisors(): Promise<string[]> {
  return invoke<string[]>("list_advisors");
}

export function listCases(filter: CaseFilter): Promise<CaseHit[]> {
  return invoke<CaseHit[]>("list_cases", { filter });
}

export function getCase(id: number): Promise<CaseDetail> {
  return invoke<CaseDetail>("get_case", { id });
}

export function createCase(input: CaseInput): Promise<CaseDetail> {
  return invoke<CaseDetail>("create_case", { input });
}

export function updateCase(id: number, input: CaseInput): Promise<CaseDetail> {
  return invoke<CaseDetail>("update_case", { id, input });
}

export function changeCaseStatus(id: number, status: CaseStatus): Promise<CaseDetail> {
  return invoke<CaseDetail>("change_case_status", { id, status });
}

export function addJournalEntry(caseId: number, input: JournalInput): Promise<CaseDetail> {
  return invoke<CaseDetail>("add_journal_entry", { caseId, input });
}

export function updateJournalEntry(id: number, input: JournalInput): Promise<CaseDetail> {
  return invoke<CaseDetail>("update_journal_entry", { id, input });
}

export function addTask(caseId: number, input: TaskInput): Promise<CaseDetail> {
  return invoke<CaseDetail>("add_task", { caseId, input });
}

export function updateTask(id: number, input: TaskInput): Promise<CaseDetail> {
  return invoke<CaseDetail>("update_task", { id, input });
}

export function setTaskDone(id: number, done: boolean): Promise<CaseDetail> {
  return invoke<CaseDetail>("set_task_done", { id, done });
}
