// The calendar view: slots, appointments and holidays of a period. The commands are generated (./commands/calendar_view.ts); this module adds what the UI
// needs beside them.
export * from "./commands/calendar_view";
import type { CalendarQuery } from "./generated/CalendarQuery";
export type { CalendarHoliday } from "./generated/CalendarHoliday";

export function emptyQuery(): CalendarQuery {
  return { from: null, to: null, municipality_id: null, advisor: null, case_id: null };
}
