import { invoke } from "@tauri-apps/api/core";
import type { Dashboard } from "./generated/Dashboard";
import type { DueItem } from "./generated/DueItem";
import type { DueKind } from "./generated/DueKind";

export type { Dashboard, DueItem, DueKind };

export function dashboard(): Promise<Dashboard> {
  return invoke<Dashboard>("dashboard");
}
