// Calendar files: the .ics import and export, and the subscription feed. The commands are generated (./commands/calendar_files.ts); this module adds what the UI
// needs beside them.
export * from "./commands/calendar_files";
export type { ImportAction } from "./generated/ImportAction";
export type { ImportItem } from "./generated/ImportItem";

export const DEFAULT_FEED_PORT = 8765;

/** The file name of a path, whichever separator it uses. */
export function fileName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}
