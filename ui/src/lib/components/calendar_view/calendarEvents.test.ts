import { afterEach, describe, expect, it } from "vitest";
import type { Appointment } from "../../api/generated/Appointment";
import type { Booking } from "../../api/generated/Booking";
import type { CalendarView } from "../../api/generated/CalendarView";
import type { Slot } from "../../api/generated/Slot";
import { setLanguage } from "../../i18n/index.svelte";
import { bookingLabel, describe as describeItem, focusKey, itemOf, statusText, titleText, toEvents, type CalendarItem } from "./calendarEvents";

// Times are UTC instants; the tests run on a UTC machine, so the display zone is Europe/Berlin (CET in March).

function booking(over: Partial<Booking> = {}): Booking {
  return {
    id: 5,
    uid: "b5@test",
    sequence: 0,
    slot_id: "3:2026-03-10T09:00:00Z",
    series_id: 3,
    series_title: "Sprechstunde Nordstadt",
    advisor: "A. Berater",
    location: null,
    online_url: null,
    start: "2026-03-10T09:00:00Z",
    end: "2026-03-10T09:30:00Z",
    status: "booked",
    case_id: 9,
    case_reference: "2026-0009",
    case_title: "Dorfladen",
    municipality_id: 1,
    municipality: "Nordstadt",
    contact_id: null,
    contact_name: "Frau Muster",
    topic: "Förderung",
    cancel_reason: null,
    needs_minutes: false,
    updated_at: "2026-03-01T08:00:00Z",
    provisional: false,
    no_show: false,
    ...over,
  };
}

function slot(over: Partial<Slot> = {}): Slot {
  return {
    id: "3:2026-03-10T09:00:00Z",
    series_id: 3,
    series_uid: "s3@test",
    series_title: "Sprechstunde Nordstadt",
    municipality_id: 1,
    municipality: "Nordstadt",
    advisor: "A. Berater",
    location: null,
    online_url: null,
    start: "2026-03-10T09:00:00Z",
    end: "2026-03-10T09:30:00Z",
    status: "free",
    booking: null,
    occurrence: "regular",
    conflicts: [],
    ...over,
  };
}

function appointment(over: Partial<Appointment> = {}, input: Partial<Appointment["input"]> = {}): Appointment {
  return {
    id: 17,
    uid: "a17@test",
    sequence: 2,
    status: "confirmed",
    start: "2026-03-11T13:00:00Z",
    end: "2026-03-11T15:00:00Z",
    case_reference: null,
    municipality: null,
    conflicts: [],
    updated_at: "2026-03-01T08:00:00Z",
    rrule: null,
    exdates: [],
    recurrence_id: null,
    floating: false,
    categories: null,
    imported: false,
    ...over,
    input: {
      kind: "workshop",
      title: "Workshop Dorfentwicklung",
      location: null,
      case_id: null,
      municipality_id: null,
      advisor: "A. Berater",
      all_day: false,
      starts_on: "2026-03-11",
      ends_on: "2026-03-11",
      start_time: "14:00:00",
      end_time: "16:00:00",
      time_zone: "Europe/Berlin",
      notes: null,
      accept_overlap: false,
      ...input,
    },
  };
}

function view(over: Partial<CalendarView>): CalendarView {
  return { slots: [], appointments: [], displaced: [], holidays: [], ...over };
}

afterEach(() => setLanguage("de"));

describe("toEvents in the week view", () => {
  it("places a slot at the Berlin wall-clock time with its status class", () => {
    const [ev] = toEvents(view({ slots: [slot()] }), "timeGridWeek");
    expect(ev.start).toBe("2026-03-10T10:00:00");
    expect(ev.end).toBe("2026-03-10T10:30:00");
    expect(ev.allDay).toBe(false);
    expect(ev.title).toBe("Sprechstunde Nordstadt");
    expect(ev.classNames).toEqual(["ev", "ev-slot", "ev-free"]);
    expect(itemOf(ev as never)).toEqual({ kind: "slot", slot: slot() });
  });

  it("titles a booked slot by its booking and marks conflicts", () => {
    const booked = slot({ status: "booked", booking: booking(), conflicts: ["Workshop"] });
    const [ev] = toEvents(view({ slots: [booked] }), "timeGridWeek");
    expect(ev.title).toBe("2026-0009");
    expect(ev.classNames).toEqual(["ev", "ev-slot", "ev-booked", "ev-conflict"]);
  });

  it("gives a holiday an all-day label and a background shading", () => {
    const evs = toEvents(view({ holidays: [{ date: "2026-04-06", name: "Ostermontag", states: [] }] }), "timeGridWeek");
    expect(evs).toHaveLength(2);
    expect(evs[0]).toMatchObject({ start: "2026-04-06", end: "2026-04-07", allDay: true, display: "auto", title: "Ostermontag" });
    expect(evs[1]).toMatchObject({ start: "2026-04-06T00:00:00", end: "2026-04-07T00:00:00", allDay: false, display: "background" });
    expect(evs[1].classNames).toContain("ev-holiday-shading");
  });

  it("shows an all-day appointment up to the day after its last day", () => {
    const a = appointment({}, { all_day: true, starts_on: "2026-03-30", ends_on: "2026-03-31" });
    const [ev] = toEvents(view({ appointments: [a] }), "timeGridWeek");
    expect(ev).toMatchObject({ start: "2026-03-30", end: "2026-04-01", allDay: true });
  });

  it("places a timed appointment and a displaced booking by their instants", () => {
    const evs = toEvents(view({ appointments: [appointment()], displaced: [booking({ status: "needs_rebooking" })] }), "timeGridWeek");
    const displaced = evs.find((e) => (e.classNames as string[]).includes("ev-displaced"));
    const appt = evs.find((e) => (e.classNames as string[]).includes("ev-appointment"));
    expect(displaced).toMatchObject({ start: "2026-03-10T10:00:00", title: "2026-0009" });
    expect(appt).toMatchObject({ start: "2026-03-11T14:00:00", end: "2026-03-11T16:00:00", title: "Workshop Dorfentwicklung" });
  });

  it("changes an event's id when what it shows changes", () => {
    const free = toEvents(view({ slots: [slot()] }), "timeGridWeek")[0];
    const booked = toEvents(view({ slots: [slot({ status: "booked", booking: booking() })] }), "timeGridWeek")[0];
    expect(free.id).not.toBe(booked.id);
    expect(focusKey({ kind: "slot", slot: slot() })).toBe(focusKey({ kind: "slot", slot: slot({ status: "booked" }) }));
  });
});

describe("toEvents in the month view", () => {
  it("groups the slots of one series and day into one event", () => {
    const slots = [
      slot({ id: "a", start: "2026-03-10T09:00:00Z", end: "2026-03-10T09:30:00Z", status: "booked", booking: booking() }),
      slot({ id: "b", start: "2026-03-10T09:30:00Z", end: "2026-03-10T10:00:00Z" }),
      slot({ id: "c", start: "2026-03-17T09:00:00Z", end: "2026-03-17T09:30:00Z" }),
      slot({ id: "d", series_id: 4, series_title: "Sprechstunde Süd", start: "2026-03-10T09:00:00Z", end: "2026-03-10T09:30:00Z" }),
    ];
    const evs = toEvents(view({ slots, holidays: [{ date: "2026-04-06", name: "Ostermontag", states: [] }] }), "dayGridMonth");
    const groups = evs.filter((e) => (e.classNames as string[]).includes("ev-slotGroup"));
    expect(groups).toHaveLength(3);
    expect(groups[0]).toMatchObject({ start: "2026-03-10T10:00:00", end: "2026-03-10T11:00:00", title: "Sprechstunde Nordstadt" });
    const item = groups[0].extendedProps?.item as CalendarItem;
    expect(item.kind === "slotGroup" && item.slots.map((s) => s.id)).toEqual(["a", "b"]);
    expect(statusText(item)).toBe("1/2 frei");
    // No background shading for holidays outside the week view.
    expect(evs.filter((e) => e.display === "background")).toHaveLength(0);
  });

  it("calls a day without a free slot full", () => {
    const item: CalendarItem = { kind: "slotGroup", date: "2026-03-10", slots: [slot({ status: "booked" })] };
    expect(statusText(item)).toBe("ausgebucht");
  });
});

describe("texts of an item", () => {
  it("labels a booking by case, else topic, else contact", () => {
    expect(bookingLabel(booking())).toBe("2026-0009");
    expect(bookingLabel(booking({ case_reference: null }))).toBe("Förderung");
    expect(bookingLabel(booking({ case_reference: null, topic: null }))).toBe("Frau Muster");
    expect(bookingLabel(booking({ case_reference: null, topic: null, contact_name: null }))).toBe("");
  });

  it("says the status in words", () => {
    expect(statusText({ kind: "slot", slot: slot() })).toBe("frei");
    expect(statusText({ kind: "slot", slot: slot({ status: "cancelled" }) })).toBe("abgesagt – wieder frei");
    expect(statusText({ kind: "displaced", booking: booking() })).toBe("muss umgebucht werden");
    expect(statusText({ kind: "appointment", appointment: appointment() })).toBe("Workshop");
    expect(statusText({ kind: "appointment", appointment: appointment({ status: "cancelled" }) })).toBe("abgesagt");
    setLanguage("en");
    expect(statusText({ kind: "slot", slot: slot() })).toBe("free");
  });

  it("titles each kind", () => {
    expect(titleText({ kind: "holiday", holiday: { date: "2026-04-06", name: "Ostermontag", states: [] }, shading: false })).toBe("Ostermontag");
    expect(titleText({ kind: "slotGroup", date: "2026-03-10", slots: [] })).toBe("");
  });

  it("describes a slot in one sentence: when, what, status, booking, place, conflicts", () => {
    const item: CalendarItem = { kind: "slot", slot: slot({ status: "booked", booking: booking(), conflicts: ["Workshop Dorfentwicklung"] }) };
    expect(describeItem(item, "de-DE")).toBe(
      "Di., 10.03.2026, 10:00–10:30 Uhr · Sprechstunde Nordstadt · gebucht · 2026-0009 · Nordstadt · Überschneidung mit Workshop Dorfentwicklung",
    );
  });

  it("describes an all-day appointment by its days", () => {
    const one = appointment({}, { all_day: true, starts_on: "2026-03-30", ends_on: "2026-03-30" });
    expect(describeItem({ kind: "appointment", appointment: one }, "de-DE")).toBe("Mo., 30.03.2026, ganztägig · Workshop Dorfentwicklung · Workshop");
    const two = appointment({ case_reference: "2026-0009" }, { all_day: true, starts_on: "2026-03-30", ends_on: "2026-03-31" });
    expect(describeItem({ kind: "appointment", appointment: two }, "de-DE")).toBe(
      "Mo., 30.03.2026 – Di., 31.03.2026 · Workshop Dorfentwicklung · Workshop · 2026-0009",
    );
  });

  it("describes in English", () => {
    setLanguage("en");
    const item: CalendarItem = { kind: "holiday", holiday: { date: "2026-04-06", name: "Easter Monday", states: [] }, shading: false };
    expect(describeItem(item, "en-GB")).toBe("Mon, 06/04/2026 · Public holiday: Easter Monday");
  });
});
