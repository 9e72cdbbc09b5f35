// Generated from the `commands!` declarations in src-tauri/src/commands/mod.rs; do not edit.
// `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands` rewrites it.
// Advisory cases: the list, the case page, status and topics.
import { invoke } from "@tauri-apps/api/core";
import type { CaseDetail } from "../generated/CaseDetail";
import type { CaseFilter } from "../generated/CaseFilter";
import type { CaseHit } from "../generated/CaseHit";
import type { CaseInput } from "../generated/CaseInput";
import type { CaseStatus } from "../generated/CaseStatus";

export type { CaseDetail, CaseFilter, CaseHit, CaseInput, CaseStatus };

/** Every topic in use, for the topic field's suggestions. */
export const topics = (): Promise<Array<string>> =>
  invoke("topics");

/** Every advisor named anywhere, for the advisor fields' suggestions. */
export const advisors = (): Promise<Array<string>> =>
  invoke("advisors");

export const listCases = (filter: CaseFilter): Promise<Array<CaseHit>> =>
  invoke("list_cases", { filter });

export const caseDetail = (id: number): Promise<CaseDetail> =>
  invoke("case_detail", { id });

export const createCase = (input: CaseInput): Promise<CaseDetail> =>
  invoke("create_case", { input });

export const updateCase = (id: number, input: CaseInput): Promise<CaseDetail> =>
  invoke("update_case", { id, input });

export const changeCaseStatus = (id: number, status: CaseStatus): Promise<CaseDetail> =>
  invoke("change_case_status", { id, status });
