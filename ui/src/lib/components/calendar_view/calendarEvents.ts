// Turns what `calendar_view` returns into the events of the calendar component: one event per
// slot, displaced booking, appointment and holiday, each carrying its data in `extendedProps.item`.
// Times go to the grid as floating wall-clock time of the display zone (see format.ts).
import type { Calendar } from "@event-calendar/core";
import type { Appointment } from "../../api/appointments";
import type { Booking, Slot } from "../../api/bookings";
import type { CalendarHoliday, CalendarView } from "../../api/calendar_view";
import { addDaysIso, formatDay, formatSpan, instantDate, wallClock } from "../../format";
import { t } from "../../i18n/index.svelte";
import type { CalendarViewName } from "../../state/calendar.svelte";

export type CalendarItem =
  | { kind: "slot"; slot: Slot }
  | { kind: "displaced"; booking: Booking }
  | { kind: "appointment"; appointment: Appointment }
  | { kind: "holiday"; holiday: CalendarHoliday; shading: boolean }
  /** The month view's summary of one series' slots on one day; a click opens that week. */
  | { kind: "slotGroup"; date: string; slots: Slot[] };

/** The item behind an event of the calendar component. */
export function itemOf(event: Calendar.Event): CalendarItem | null {
  const item = event.extendedProps?.item as CalendarItem | undefined;
  return item ?? null;
}

/** What a booking is for: the case reference, else the topic, else the contact. */
export function bookingLabel(b: Booking): string {
  return b.case_reference ?? b.topic ?? b.contact_name ?? "";
}

/** The short status text an event shows (never colour alone). */
export function statusText(item: CalendarItem): string {
  switch (item.kind) {
    case "slot":
      if (item.slot.status === "free") return t("calendar.free");
      if (item.slot.status === "cancelled") return t("calendar.cancelledFree");
      return t("calendar.booked");
    case "displaced":
      return t("calendar.displaced");
    case "appointment":
      return item.appointment.status === "cancelled" ? t("calendar.appointmentCancelled") : t(`appointmentKind.${item.appointment.input.kind}`);
    case "holiday":
      return t("calendar.holiday");
    case "slotGroup": {
      const free = item.slots.filter((s) => s.status !== "booked").length;
      return free === 0 ? t("calendar.groupFull") : t("calendar.groupFree", { free, count: item.slots.length });
    }
  }
}

/** The main line of an event. */
export function titleText(item: CalendarItem): string {
  switch (item.kind) {
    case "slot": {
      const b = item.slot.booking;
      if (item.slot.status === "booked" && b) return bookingLabel(b);
      return item.slot.series_title;
    }
    case "displaced":
      return bookingLabel(item.booking);
    case "appointment":
      return item.appointment.input.title;
    case "holiday":
      return item.holiday.name;
    case "slotGroup":
      return item.slots[0]?.series_title ?? "";
  }
}

/** The other items this one overlaps. */
export function conflictsOf(item: CalendarItem): string[] {
  if (item.kind === "slot") return item.slot.conflicts;
  if (item.kind === "appointment") return item.appointment.conflicts;
  if (item.kind === "slotGroup") return [...new Set(item.slots.flatMap((s) => s.conflicts))];
  return [];
}

/** One sentence for screen readers and the tooltip: when, what, status, conflicts. */
export function describe(item: CalendarItem, loc: string): string {
  const parts: string[] = [];
  switch (item.kind) {
    case "slot": {
      const s = item.slot;
      parts.push(formatSpan(s.start, s.end, loc), s.series_title, statusText(item));
      if (s.status === "booked" && s.booking) parts.push(bookingLabel(s.booking));
      parts.push(s.municipality);
      break;
    }
    case "displaced": {
      const b = item.booking;
      parts.push(formatSpan(b.start, b.end, loc), b.series_title, statusText(item), bookingLabel(b));
      break;
    }
    case "appointment": {
      const a = item.appointment;
      const when = a.input.all_day
        ? a.input.starts_on === a.input.ends_on
          ? `${formatDay(a.input.starts_on, loc)}, ${t("calendar.allDay")}`
          : `${formatDay(a.input.starts_on, loc)} – ${formatDay(a.input.ends_on, loc)}`
        : formatSpan(a.start, a.end, loc);
      parts.push(when, a.input.title, statusText(item));
      if (a.case_reference) parts.push(a.case_reference);
      break;
    }
    case "holiday":
      parts.push(formatDay(item.holiday.date, loc), `${t("calendar.holiday")}: ${item.holiday.name}`);
      break;
    case "slotGroup": {
      const first = item.slots[0];
      const last = item.slots[item.slots.length - 1];
      if (first && last) parts.push(formatSpan(first.start, last.end, loc), first.series_title, first.municipality);
      parts.push(statusText(item), t("calendar.groupOpen"));
      break;
    }
  }
  const conflicts = conflictsOf(item);
  if (conflicts.length) parts.push(t("calendar.conflict", { items: conflicts.join(", ") }));
  return parts.filter(Boolean).join(" · ");
}

function classesOf(item: CalendarItem): string[] {
  const c = ["ev", `ev-${item.kind}`];
  if (item.kind === "slot") c.push(`ev-${item.slot.status}`);
  if (item.kind === "appointment" && item.appointment.status === "cancelled") c.push("ev-appointment-cancelled");
  if (item.kind === "holiday" && item.shading) c.push("ev-holiday-shading");
  if (item.kind === "slotGroup") {
    c.push(item.slots.every((s) => s.status === "booked") ? "ev-booked" : "ev-free");
  }
  if (conflictsOf(item).length) c.push("ev-conflict");
  return c;
}

/** A key that changes whenever what an event shows changes, so that the element is rebuilt. */
function keyOf(item: CalendarItem): string {
  switch (item.kind) {
    case "slot":
      return `slot:${item.slot.id}:${item.slot.status}:${item.slot.booking?.id ?? ""}:${item.slot.conflicts.length}`;
    case "displaced":
      return `displaced:${item.booking.id}`;
    case "appointment":
      return `appointment:${item.appointment.id}:${item.appointment.sequence}:${item.appointment.status}`;
    case "holiday":
      return `holiday:${item.holiday.date}:${item.holiday.name}:${item.shading ? "bg" : "label"}`;
    case "slotGroup":
      return `group:${item.slots[0]?.series_id}:${item.date}:${item.slots.map((s) => s.status[0]).join("")}`;
  }
}

/** The stable identity of the thing behind an event, to find its element again after a reload. */
export function focusKey(item: CalendarItem): string {
  switch (item.kind) {
    case "slot":
      return `slot:${item.slot.id}`;
    case "displaced":
      return `booking:${item.booking.id}`;
    case "appointment":
      return `appointment:${item.appointment.id}`;
    case "holiday":
      return `holiday:${item.holiday.date}`;
    case "slotGroup":
      return `group:${item.slots[0]?.series_id}:${item.date}`;
  }
}

function event(item: CalendarItem, start: string, end: string, allDay: boolean): Calendar.EventInput {
  return {
    id: keyOf(item),
    start,
    end,
    allDay,
    title: titleText(item),
    display: item.kind === "holiday" && item.shading ? "background" : "auto",
    classNames: classesOf(item),
    extendedProps: { item },
  };
}

/** All events of a calendar view; holidays also shade their day in the week view. */
export function toEvents(data: CalendarView, view: CalendarViewName): Calendar.EventInput[] {
  const events: Calendar.EventInput[] = [];
  for (const h of data.holidays) {
    const next = addDaysIso(h.date, 1);
    events.push(event({ kind: "holiday", holiday: h, shading: false }, h.date, next, true));
    if (view === "timeGridWeek") {
      events.push(event({ kind: "holiday", holiday: h, shading: true }, `${h.date}T00:00:00`, `${next}T00:00:00`, false));
    }
  }
  if (view === "dayGridMonth") {
    // A month shows one line per series and day ("3 von 5 frei"), not every slot.
    const groups = new Map<string, Slot[]>();
    for (const slot of data.slots) {
      const key = `${slot.series_id}|${instantDate(slot.start)}`;
      const list = groups.get(key);
      if (list) list.push(slot);
      else groups.set(key, [slot]);
    }
    for (const slots of groups.values()) {
      const date = instantDate(slots[0].start);
      const item: CalendarItem = { kind: "slotGroup", date, slots };
      events.push(event(item, wallClock(slots[0].start), wallClock(slots[slots.length - 1].end), false));
    }
  } else {
    for (const slot of data.slots) {
      events.push(event({ kind: "slot", slot }, wallClock(slot.start), wallClock(slot.end), false));
    }
  }
  for (const booking of data.displaced) {
    events.push(event({ kind: "displaced", booking }, wallClock(booking.start), wallClock(booking.end), false));
  }
  for (const appointment of data.appointments) {
    const a = appointment.input;
    if (a.all_day) {
      events.push(event({ kind: "appointment", appointment }, a.starts_on, addDaysIso(a.ends_on, 1), true));
    } else {
      events.push(event({ kind: "appointment", appointment }, wallClock(appointment.start), wallClock(appointment.end), false));
    }
  }
  return events;
}
