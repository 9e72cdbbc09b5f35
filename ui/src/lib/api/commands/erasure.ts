// Generated from the `commands!` declarations in src-tauri/src/commands/mod.rs; do not edit.
// `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands` rewrites it.
// Erasure on request (DSGVO Art. 17): what goes, then the erasure.
import { invoke } from "@tauri-apps/api/core";
import type { ContactErasurePreview } from "../generated/ContactErasurePreview";
import type { RecordErasurePreview } from "../generated/RecordErasurePreview";

export type { ContactErasurePreview, RecordErasurePreview };

export const contactErasurePreview = (contactId: number): Promise<ContactErasurePreview> =>
  invoke("contact_erasure_preview", { contactId });

export const eraseContact = (contactId: number): Promise<ContactErasurePreview> =>
  invoke("erase_contact", { contactId });

export const caseErasurePreview = (caseId: number): Promise<RecordErasurePreview> =>
  invoke("case_erasure_preview", { caseId });

export const eraseCase = (caseId: number): Promise<RecordErasurePreview> =>
  invoke("erase_case", { caseId });

export const municipalityErasurePreview = (municipalityId: number): Promise<RecordErasurePreview> =>
  invoke("municipality_erasure_preview", { municipalityId });

export const eraseMunicipality = (municipalityId: number): Promise<RecordErasurePreview> =>
  invoke("erase_municipality", { municipalityId });
