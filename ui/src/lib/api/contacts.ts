import { invoke } from "@tauri-apps/api/core";
import type { CaseDetail } from "./generated/CaseDetail";
import type { Contact } from "./generated/Contact";
import type { ContactInput } from "./generated/ContactInput";
import type { ContactKind } from "./generated/ContactKind";
import type { OrganisationType } from "./generated/OrganisationType";
import type { Participant } from "./generated/Participant";
import type { ParticipantInput } from "./generated/ParticipantInput";

export type { Contact, ContactInput, ContactKind, OrganisationType, Participant, ParticipantInput };

export const CONTACT_KINDS: readonly ContactKind[] = ["person", "organisation"];
export const ORGANISATION_TYPES: readonly OrganisationType[] = [
  "municipal_office", "social_agency", "association", "expert_institution", "housing_company", "other",
];

export function searchContacts(query: string): Promise<Contact[]> {
  return invoke<Contact[]>("search_contacts", { query });
}

export function createContact(input: ContactInput): Promise<Contact> {
  return invoke<Contact>("create_contact", { input });
}

export function updateContact(id: number, input: ContactInput): Promise<Contact> {
  return invoke<Contact>("update_contact", { id, input });
}

export function addParticipant(caseId: number, input: ParticipantInput): Promise<CaseDetail> {
  return invoke<CaseDetail>("add_participant", { caseId, input });
}

/** Ends a role on `untilOn` (`YYYY-MM-DD`), or today when null. */
export function endParticipant(id: number, untilOn: string | null): Promise<CaseDetail> {
  return invoke<CaseDetail>("end_participant", { id, untilOn });
}
