// Generated from the `commands!` declarations in src-tauri/src/commands/mod.rs; do not edit.
// `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands` rewrites it.
// Start-up: the start-up measurement (why the database could not be opened reaches the page
// before its script, `startup::StartupStatus::page_script`).
import { invoke } from "@tauri-apps/api/core";

/**
 * The first view with cases has been painted (logged once per run, target `startup`), with
 * the page's own clock (milliseconds since it began to load) when its script ran, when the
 * view's data arrived and at the paint.
 */
export const firstPaint = (view: string, scriptMs: number, dataMs: number, paintMs: number): Promise<void> =>
  invoke("first_paint", { view, scriptMs, dataMs, paintMs });
