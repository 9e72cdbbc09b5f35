// Generated from the `commands!` declarations in src-tauri/src/commands/mod.rs; do not edit.
// `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands` rewrites it.
// A case's journal (Verlauf).
import { invoke } from "@tauri-apps/api/core";
import type { CaseDetail } from "../generated/CaseDetail";
import type { JournalInput } from "../generated/JournalInput";

export type { CaseDetail, JournalInput };

export const addJournalEntry = (caseId: number, input: JournalInput): Promise<CaseDetail> =>
  invoke("add_journal_entry", { caseId, input });

export const updateJournalEntry = (id: number, input: JournalInput): Promise<CaseDetail> =>
  invoke("update_journal_entry", { id, input });
