import { invoke } from "@tauri-apps/api/core";
import type { ExportResult } from "./generated/ExportResult";
import type { ExportScope } from "./generated/ExportScope";
import type { FeedStatus } from "./generated/FeedStatus";

export type { ExportResult, ExportScope, FeedStatus };

export const DEFAULT_FEED_PORT = 8765;

/**
 * Asks for a file in the native save dialog and writes the calendar of `scope` into it.
 * Resolves to null when the dialog was cancelled.
 */
export function exportIcsFile(scope: ExportScope): Promise<ExportResult | null> {
  return invoke<ExportResult | null>("export_ics_file", { scope });
}

export function feedStatus(): Promise<FeedStatus> {
  return invoke<FeedStatus>("feed_status");
}

/** Starts (on `port`, 127.0.0.1) or stops serving the subscription feed; remembered for the next start. */
export function setFeedEnabled(enabled: boolean, port: number): Promise<FeedStatus> {
  return invoke<FeedStatus>("set_feed_enabled", { enabled, port });
}

/** A new secret link; the old one answers 404 from now on. */
export function rotateFeedToken(): Promise<FeedStatus> {
  return invoke<FeedStatus>("rotate_feed_token");
}
