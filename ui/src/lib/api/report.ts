import { invoke } from "@tauri-apps/api/core";
import type { DossierPreview } from "./generated/DossierPreview";
import type { PrintProfile } from "./generated/PrintProfile";
import type { PrintRequest } from "./generated/PrintRequest";
import type { SavedDossier } from "./generated/SavedDossier";

export type { DossierPreview, PrintProfile, PrintRequest, SavedDossier };

export const PRINT_PROFILES: readonly PrintProfile[] = ["internal", "municipality", "anonymised"];

/** The profile the case was last printed with ("internal" when never). */
export function printProfile(caseId: number): Promise<PrintProfile> {
  return invoke<PrintProfile>("print_profile", { caseId });
}

/** The dossier's pages as SVG images (the PDF's layout); remembers the profile for the case. */
export function previewCase(caseId: number, request: PrintRequest): Promise<DossierPreview> {
  return invoke<DossierPreview>("preview_case", { caseId, request });
}

/** Asks for a file in the native save dialog and writes the dossier as PDF/A; null when cancelled. */
export function saveCasePdf(caseId: number, request: PrintRequest): Promise<SavedDossier | null> {
  return invoke<SavedDossier | null>("save_case_pdf", { caseId, request });
}

/** An SVG page as an image address (`img-src data:` is what the CSP allows). */
export function pageImage(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** Opens the system's print dialog; while the print preview is open the window prints its pages. */
export function printWindow(): Promise<void> {
  return invoke<void>("print_window");
}
