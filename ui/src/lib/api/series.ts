// Consultation-hour series. The commands are generated (./commands/series.ts); this module adds what the UI
// needs beside them.
export * from "./commands/series";
import type { ExceptionKind } from "./generated/ExceptionKind";
export type { ExceptionKind } from "./generated/ExceptionKind";
export type { PreviewOccurrence } from "./generated/PreviewOccurrence";
export type { PreviewState } from "./generated/PreviewState";
export type { RecurrenceKind } from "./generated/RecurrenceKind";
export type { SeriesException } from "./generated/SeriesException";
export type { SlotTimes } from "./generated/SlotTimes";

/** ISO weekdays, Monday (1) to Sunday (7). */
export const WEEKDAYS: readonly number[] = [1, 2, 3, 4, 5, 6, 7];

/** Monthly recurrence: the 1st to 4th, or the last (−1) weekday of the month. */
export const NTHS: readonly number[] = [1, 2, 3, 4, -1];

export const EXCEPTION_KINDS: readonly ExceptionKind[] = ["skip", "move", "extra"];

export const DEFAULT_TIME_ZONE = "Europe/Berlin";
