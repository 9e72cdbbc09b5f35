// Bookings of consultation-hour slots. The commands are generated (./commands/bookings.ts); this module adds what the UI
// needs beside them.
export * from "./commands/bookings";
export type { BookingStatus } from "./generated/BookingStatus";
export type { OccurrenceKind } from "./generated/OccurrenceKind";
export type { Slot } from "./generated/Slot";
export type { SlotStatus } from "./generated/SlotStatus";
