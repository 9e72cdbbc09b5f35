// Importing an iCalendar file: choose it in the native dialog, preview what would happen (a dry
// run), then import it in one transaction with progress reported over a channel.
import { Channel, invoke } from "@tauri-apps/api/core";
import type { ImportAction } from "./generated/ImportAction";
import type { ImportItem } from "./generated/ImportItem";
import type { ImportOutcome } from "./generated/ImportOutcome";
import type { ImportProgress } from "./generated/ImportProgress";

export type { ImportAction, ImportItem, ImportOutcome, ImportProgress };

/** The path picked in the native open dialog, or null when it was cancelled. */
export function chooseImportFile(): Promise<string | null> {
  return invoke<string | null>("choose_import_file");
}

/**
 * What importing `path` would do; nothing is written. A malformed file fails with code
 * `conflict` and a message naming the line.
 */
export function previewImport(path: string): Promise<ImportOutcome> {
  return invoke<ImportOutcome>("preview_import", { path });
}

/** Imports `path` in one transaction; `onProgress` hears every 200 events and at the end. */
export function importIcsFile(path: string, onProgress: (p: ImportProgress) => void): Promise<ImportOutcome> {
  const channel = new Channel<ImportProgress>();
  channel.onmessage = onProgress;
  return invoke<ImportOutcome>("import_ics_file", { path, onProgress: channel });
}

/** The file name of a path, whichever separator it uses. */
export function fileName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}
