// Generated from the `commands!` declarations in src-tauri/src/commands/mod.rs; do not edit.
// `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands` rewrites it.
// Retention: closed cases anonymised after the years set; the setting applies at once.
import { invoke } from "@tauri-apps/api/core";
import type { RetentionPreview } from "../generated/RetentionPreview";
import type { RetentionRun } from "../generated/RetentionRun";

export type { RetentionPreview, RetentionRun };

export const retentionPreview = (): Promise<RetentionPreview> =>
  invoke("retention_preview");

/** null switches retention off. */
export const setRetentionYears = (years: number | null): Promise<RetentionPreview> =>
  invoke("set_retention_years", { years });

export const runRetention = (): Promise<RetentionRun> =>
  invoke("run_retention");
