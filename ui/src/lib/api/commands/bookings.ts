// Generated from the `commands!` declarations in src-tauri/src/commands/mod.rs; do not edit.
// `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands` rewrites it.
// Bookings of consultation-hour slots.
import { invoke } from "@tauri-apps/api/core";
import type { Booking } from "../generated/Booking";
import type { BookingInput } from "../generated/BookingInput";
import type { CaseDetail } from "../generated/CaseDetail";

export type { Booking, BookingInput, CaseDetail };

export const booking = (id: number): Promise<Booking> =>
  invoke("booking", { id });

export const bookSlot = (input: BookingInput): Promise<Booking> =>
  invoke("book_slot", { input });

/** Moves a booking to another slot; an overlap with the advisor's other items needs `acceptOverlap`. */
export const rebook = (id: number, slotId: string, acceptOverlap: boolean): Promise<Booking> =>
  invoke("rebook", { id, slotId, acceptOverlap });

export const cancelBooking = (id: number, reason: string): Promise<Booking> =>
  invoke("cancel_booking", { id, reason });

/** Writes the minutes of a held consultation into its case's journal. */
export const writeBookingMinutes = (id: number, text: string): Promise<CaseDetail> =>
  invoke("write_booking_minutes", { id, text });

/** Marks a held consultation as not attended (*nicht erschienen*), or takes the mark back. */
export const setBookingNoShow = (id: number, noShow: boolean): Promise<Booking> =>
  invoke("set_booking_no_show", { id, noShow });
