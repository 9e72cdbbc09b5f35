// Erasure on request (DSGVO Art. 17). The commands are generated (./commands/erasure.ts).
export * from "./commands/erasure";
export type { ContactErasurePreview } from "./generated/ContactErasurePreview";
export type { RecordErasurePreview } from "./generated/RecordErasurePreview";

/** What an erasure is asked for: a contact, a case or a Kommune, with the name the dialog shows. */
export type ErasureTarget =
  | { kind: "contact"; id: number; name: string }
  | { kind: "case"; id: number; name: string }
  | { kind: "municipality"; id: number; name: string };
