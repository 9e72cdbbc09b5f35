// Generated from the `commands!` declarations in src-tauri/src/commands/mod.rs; do not edit.
// `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands` rewrites it.
// The app's settings.
import { invoke } from "@tauri-apps/api/core";
import type { Settings } from "../generated/Settings";

export type { Settings };

export const settings = (): Promise<Settings> =>
  invoke("settings");

export const saveSettings = (settings: Settings): Promise<Settings> =>
  invoke("save_settings", { settings });
