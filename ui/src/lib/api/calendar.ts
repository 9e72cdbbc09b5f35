import { invoke } from "@tauri-apps/api/core";
import type { Booking } from "./generated/Booking";
import type { BookingInput } from "./generated/BookingInput";
import type { BookingStatus } from "./generated/BookingStatus";
import type { CalendarHoliday } from "./generated/CalendarHoliday";
import type { CalendarQuery } from "./generated/CalendarQuery";
import type { CalendarView } from "./generated/CalendarView";
import type { CaseDetail } from "./generated/CaseDetail";
import type { ConsultationSeries } from "./generated/ConsultationSeries";
import type { ExceptionKind } from "./generated/ExceptionKind";
import type { OccurrenceKind } from "./generated/OccurrenceKind";
import type { PreviewOccurrence } from "./generated/PreviewOccurrence";
import type { PreviewState } from "./generated/PreviewState";
import type { RecurrenceKind } from "./generated/RecurrenceKind";
import type { SeriesException } from "./generated/SeriesException";
import type { SeriesInput } from "./generated/SeriesInput";
import type { SeriesPreview } from "./generated/SeriesPreview";
import type { Slot } from "./generated/Slot";
import type { SlotStatus } from "./generated/SlotStatus";
import type { SlotTimes } from "./generated/SlotTimes";

export type {
  Booking,
  BookingInput,
  BookingStatus,
  CalendarHoliday,
  CalendarQuery,
  CalendarView,
  ConsultationSeries,
  ExceptionKind,
  OccurrenceKind,
  PreviewOccurrence,
  PreviewState,
  RecurrenceKind,
  SeriesException,
  SeriesInput,
  SeriesPreview,
  Slot,
  SlotStatus,
  SlotTimes,
};

/** ISO weekdays, Monday (1) to Sunday (7). */
export const WEEKDAYS: readonly number[] = [1, 2, 3, 4, 5, 6, 7];
/** Monthly recurrence: the 1st to 4th, or the last (−1) weekday of the month. */
export const NTHS: readonly number[] = [1, 2, 3, 4, -1];
export const EXCEPTION_KINDS: readonly ExceptionKind[] = ["skip", "move", "extra"];
export const DEFAULT_TIME_ZONE = "Europe/Berlin";

export function emptyQuery(): CalendarQuery {
  return { from: null, to: null, municipality_id: null, advisor: null, case_id: null };
}

export function listSeries(): Promise<ConsultationSeries[]> {
  return invoke<ConsultationSeries[]>("list_series");
}

export function getSeries(id: number): Promise<ConsultationSeries> {
  return invoke<ConsultationSeries>("get_series", { id });
}

/** What saving `input` would bring about; `id` is the series being edited, or null for a new one. */
export function previewSeries(id: number | null, input: SeriesInput): Promise<SeriesPreview> {
  return invoke<SeriesPreview>("preview_series", { id, input });
}

export function createSeries(input: SeriesInput): Promise<ConsultationSeries> {
  return invoke<ConsultationSeries>("create_series", { input });
}

/** Fails with code `confirm` when bookings would lose their slot, unless `acceptDisplaced`. */
export function updateSeries(id: number, input: SeriesInput, acceptDisplaced: boolean): Promise<ConsultationSeries> {
  return invoke<ConsultationSeries>("update_series", { id, input, acceptDisplaced });
}

export function calendarView(query: CalendarQuery): Promise<CalendarView> {
  return invoke<CalendarView>("calendar_view", { query });
}

/** Fails with code `confirm` on an overlap, unless `input.accept_overlap`. */
export function bookSlot(input: BookingInput): Promise<Booking> {
  return invoke<Booking>("book_slot", { input });
}

/** Fails with code `confirm` on an overlap, unless `acceptOverlap`. */
export function rebookBooking(id: number, slotId: string, acceptOverlap: boolean): Promise<Booking> {
  return invoke<Booking>("rebook_booking", { id, slotId, acceptOverlap });
}

export function cancelBooking(id: number, reason: string): Promise<Booking> {
  return invoke<Booking>("cancel_booking", { id, reason });
}

/** Writes the "Protokoll" journal entry of a past booking. */
export function writeBookingMinutes(id: number, text: string): Promise<CaseDetail> {
  return invoke<CaseDetail>("write_booking_minutes", { id, text });
}
