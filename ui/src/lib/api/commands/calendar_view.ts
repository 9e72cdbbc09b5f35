// Generated from the `commands!` declarations in src-tauri/src/commands/mod.rs; do not edit.
// `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands` rewrites it.
// The calendar: slots, appointments and holidays of a period, filtered.
import { invoke } from "@tauri-apps/api/core";
import type { CalendarQuery } from "../generated/CalendarQuery";
import type { CalendarView } from "../generated/CalendarView";

export type { CalendarQuery, CalendarView };

export const calendarView = (query: CalendarQuery): Promise<CalendarView> =>
  invoke("calendar_view", { query });
