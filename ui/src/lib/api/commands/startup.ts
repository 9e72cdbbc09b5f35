// Generated from the `commands!` declarations in src-tauri/src/commands/mod.rs; do not edit.
// `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands` rewrites it.
// Start-up: why the database could not be opened, and the start-up measurement.
import { invoke } from "@tauri-apps/api/core";
import type { ErrorPayload } from "../generated/ErrorPayload";

export type { ErrorPayload };

/** Why the app could not open its database, or null when it did. */
export const startupError = (): Promise<ErrorPayload | null> =>
  invoke("startup_error");

/** The first view with cases has been painted (logged once per run, target `startup`). */
export const firstPaint = (view: string): Promise<void> =>
  invoke("first_paint", { view });
