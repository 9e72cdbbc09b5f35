// Events (Veranstaltungen) and their participants. The commands are generated (./commands/events.ts); this module adds
// what the UI needs beside them.
export * from "./commands/events";
import type { EventFormat } from "./generated/EventFormat";
import type { ParticipantCounts } from "./generated/ParticipantCounts";
export type { Event } from "./generated/Event";
export type { EventFormat } from "./generated/EventFormat";
export type { EventInput } from "./generated/EventInput";
export type { EventParticipant } from "./generated/EventParticipant";
export type { EventParticipantStatus } from "./generated/EventParticipantStatus";
export type { EventSession } from "./generated/EventSession";
export type { EventSheet } from "./generated/EventSheet";
export type { EventSummary } from "./generated/EventSummary";
export type { InviteFilter } from "./generated/InviteFilter";
export type { ParticipantCounts } from "./generated/ParticipantCounts";

export const EVENT_FORMATS: readonly EventFormat[] = ["workshop", "site_visit", "congress", "network_meeting", "online"];

/** Places taken: registered, and kept by coming or not. */
export function placesTaken(counts: ParticipantCounts): number {
  return counts.registered + counts.attended + counts.no_show;
}
