// What the calendar page shows, kept while the user visits other pages: view, date, filters.
import { todayIso } from "../format";

export type CalendarViewName = "timeGridWeek" | "dayGridMonth" | "listWeek";

class CalendarState {
  view = $state<CalendarViewName>("timeGridWeek");
  /** A day inside the period shown, `YYYY-MM-DD`. */
  date = $state(todayIso());
  municipalityId = $state<number | null>(null);
  advisor = $state<string | null>(null);
  /** The side panel with the series, the bookings to rebook and the legend. */
  panelOpen = $state(true);
}

export const calendar = new CalendarState();
