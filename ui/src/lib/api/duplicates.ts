// Likely duplicate contacts and merging them. The commands are generated (./commands/duplicates.ts); this module adds
// what the UI needs beside them.
export * from "./commands/duplicates";
export type { DuplicatePair } from "./generated/DuplicatePair";
export type { DuplicateReason } from "./generated/DuplicateReason";
export type { MergePreview } from "./generated/MergePreview";
