// The start page. The commands are generated (./commands/dashboard.ts); this module adds what the UI
// needs beside them.
export * from "./commands/dashboard";
export type { DueItem } from "./generated/DueItem";
export type { DueKind } from "./generated/DueKind";
