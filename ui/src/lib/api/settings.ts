import { invoke } from "@tauri-apps/api/core";
import type { Settings } from "./generated/Settings";

export type { Settings };

export function getSettings(): Promise<Settings> {
  return invoke<Settings>("get_settings");
}

export function saveSettings(settings: Settings): Promise<Settings> {
  return invoke<Settings>("save_settings", { settings });
}
