// Generated from the `commands!` declarations in src-tauri/src/commands/mod.rs; do not edit.
// `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands` rewrites it.
// The start page: due tasks and bookings, recent cases.
import { invoke } from "@tauri-apps/api/core";
import type { Dashboard } from "../generated/Dashboard";

export type { Dashboard };

export const dashboard = (): Promise<Dashboard> =>
  invoke("dashboard");
