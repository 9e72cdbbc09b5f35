// Generated from the `commands!` declarations in src-tauri/src/commands/mod.rs; do not edit.
// `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands` rewrites it.
// Access on request (DSGVO Art. 15): everything held about a contact, for the person.
import { invoke } from "@tauri-apps/api/core";
import type { AccessReportFormat } from "../generated/AccessReportFormat";
import type { SavedAccessReport } from "../generated/SavedAccessReport";

export type { AccessReportFormat, SavedAccessReport };

/** Asks for a file in the native save dialog and writes the report; null when cancelled. */
export const saveAccessReport = (contactId: number, format: AccessReportFormat): Promise<SavedAccessReport | null> =>
  invoke("save_access_report", { contactId, format });
