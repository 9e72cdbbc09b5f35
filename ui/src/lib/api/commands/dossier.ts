// Generated from the `commands!` declarations in src-tauri/src/commands/mod.rs; do not edit.
// `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands` rewrites it.
// The printed and PDF dossier of a case.
import { invoke } from "@tauri-apps/api/core";
import type { DossierPreview } from "../generated/DossierPreview";
import type { PrintProfile } from "../generated/PrintProfile";
import type { PrintRequest } from "../generated/PrintRequest";
import type { SavedDossier } from "../generated/SavedDossier";

export type { DossierPreview, PrintProfile, PrintRequest, SavedDossier };

/** The profile the case was last printed with. */
export const printProfile = (caseId: number): Promise<PrintProfile> =>
  invoke("print_profile", { caseId });

/** The print preview's pages. */
export const previewCase = (caseId: number, request: PrintRequest): Promise<DossierPreview> =>
  invoke("preview_case", { caseId, request });

/** Asks for a file in the native save dialog and writes the dossier as PDF/A; null when cancelled. */
export const saveCasePdf = (caseId: number, request: PrintRequest): Promise<SavedDossier | null> =>
  invoke("save_case_pdf", { caseId, request });

/** Opens the system's print dialog for the window (which then shows only the dossier's pages). */
export const printWindow = (): Promise<void> =>
  invoke("print_window");
