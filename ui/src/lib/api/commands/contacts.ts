// Generated from the `commands!` declarations in src-tauri/src/commands/mod.rs; do not edit.
// `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands` rewrites it.
// Contacts and their part in cases.
import { invoke } from "@tauri-apps/api/core";
import type { CaseDetail } from "../generated/CaseDetail";
import type { Contact } from "../generated/Contact";
import type { ContactInput } from "../generated/ContactInput";
import type { ParticipantInput } from "../generated/ParticipantInput";

export type { CaseDetail, Contact, ContactInput, ParticipantInput };

export const searchContacts = (query: string): Promise<Array<Contact>> =>
  invoke("search_contacts", { query });

export const createContact = (input: ContactInput): Promise<Contact> =>
  invoke("create_contact", { input });

export const updateContact = (id: number, input: ContactInput): Promise<Contact> =>
  invoke("update_contact", { id, input });

export const addParticipant = (caseId: number, input: ParticipantInput): Promise<CaseDetail> =>
  invoke("add_participant", { caseId, input });

export const endParticipant = (id: number, untilOn: string | null): Promise<CaseDetail> =>
  invoke("end_participant", { id, untilOn });
