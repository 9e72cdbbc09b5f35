// Contacts and their part in cases. The commands are generated (./commands/contacts.ts); this module adds what the UI
// needs beside them.
export * from "./commands/contacts";
import type { ContactKind } from "./generated/ContactKind";
import type { OrganisationType } from "./generated/OrganisationType";
export type { ContactKind } from "./generated/ContactKind";
export type { OrganisationType } from "./generated/OrganisationType";
export type { Participant } from "./generated/Participant";

export const CONTACT_KINDS: readonly ContactKind[] = ["person", "organisation"];

export const ORGANISATION_TYPES: readonly OrganisationType[] = [
  "municipal_office", "social_agency", "association", "expert_institution", "housing_company", "science", "other",
];
