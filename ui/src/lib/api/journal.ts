// A case's journal (Verlauf). The commands are generated (./commands/journal.ts); this module adds what the UI
// needs beside them.
export * from "./commands/journal";
import type { JournalKind } from "./generated/JournalKind";
export type { JournalEntry } from "./generated/JournalEntry";
export type { JournalKind } from "./generated/JournalKind";

/** The kinds a user may write; `status_change` entries are written by the app. */
export const USER_JOURNAL_KINDS: readonly JournalKind[] = [
  "call", "email", "consultation", "site_visit", "workshop", "meeting", "note",
];
