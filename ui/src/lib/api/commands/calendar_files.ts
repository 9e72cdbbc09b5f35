// Generated from the `commands!` declarations in src-tauri/src/commands/mod.rs; do not edit.
// `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands` rewrites it.
// Calendar files: the .ics import and export, and the subscription feed.
import { invoke } from "@tauri-apps/api/core";
import { channel } from "../channel";
import type { ExportResult } from "../generated/ExportResult";
import type { ExportScope } from "../generated/ExportScope";
import type { FeedStatus } from "../generated/FeedStatus";
import type { ImportOutcome } from "../generated/ImportOutcome";
import type { ImportProgress } from "../generated/ImportProgress";

export type { ExportResult, ExportScope, FeedStatus, ImportOutcome, ImportProgress };

/** The path picked in the native open dialog, or null when it was cancelled. */
export const chooseImportFile = (): Promise<string | null> =>
  invoke("choose_import_file");

/**
 * What importing `path` would do (`dryRun`: nothing is written), or imports it in one
 * transaction; `onProgress` hears every 200 events and the end.
 */
export const importIcs = (path: string, dryRun: boolean, onProgress: (message: ImportProgress) => void): Promise<ImportOutcome> =>
  invoke("import_ics", { path, dryRun, onProgress: channel<ImportProgress>(onProgress) });

/**
 * Asks for a file in the native save dialog and writes the calendar of `scope` into it;
 * null when the dialog was cancelled.
 */
export const exportIcsFile = (scope: ExportScope): Promise<ExportResult | null> =>
  invoke("export_ics_file", { scope });

export const feedStatus = (): Promise<FeedStatus> =>
  invoke("feed_status");

/** Switches the feed on (on `port`) or off; a port in use is refused and nothing changes. */
export const setFeedEnabled = (enabled: boolean, port: number): Promise<FeedStatus> =>
  invoke("set_feed_enabled", { enabled, port });

/** A new secret link; the old one answers 404 from now on. */
export const rotateFeedToken = (): Promise<FeedStatus> =>
  invoke("rotate_feed_token");
