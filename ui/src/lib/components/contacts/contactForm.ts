import type { Contact, ContactInput, ContactKind, OrganisationType } from "../../api/contacts";
import { blankToNull } from "../../format";

/** What the contact fields edit: plain strings, turned into a ContactInput on save. */
export type ContactForm = {
  kind: ContactKind;
  name: string;
  organisation: string;
  organisation_type: OrganisationType | null;
  email: string;
  phone: string;
};

export const CONTACT_FIELDS = ["kind", "name", "organisation", "organisation_type", "email", "phone"] as const;

export function contactForm(contact: Contact | null): ContactForm {
  return {
    kind: contact?.kind ?? "person",
    name: contact?.name ?? "",
    organisation: contact?.organisation ?? "",
    organisation_type: contact?.organisation_type ?? null,
    email: contact?.email ?? "",
    phone: contact?.phone ?? "",
  };
}

export function contactInput(form: ContactForm): ContactInput {
  return {
    kind: form.kind,
    name: form.name,
    organisation: form.kind === "person" ? blankToNull(form.organisation) : null,
    organisation_type: form.organisation_type,
    email: blankToNull(form.email),
    phone: blankToNull(form.phone),
  };
}
