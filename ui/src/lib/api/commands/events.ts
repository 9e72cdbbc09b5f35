// Generated from the `commands!` declarations in src-tauri/src/commands/mod.rs; do not edit.
// `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands` rewrites it.
// Events (Veranstaltungen) and their participants.
import { invoke } from "@tauri-apps/api/core";
import type { Event } from "../generated/Event";
import type { EventInput } from "../generated/EventInput";
import type { EventParticipant } from "../generated/EventParticipant";
import type { EventParticipantStatus } from "../generated/EventParticipantStatus";
import type { EventSheet } from "../generated/EventSheet";
import type { EventSummary } from "../generated/EventSummary";
import type { InviteFilter } from "../generated/InviteFilter";
import type { ParticipantsChanged } from "../generated/ParticipantsChanged";
import type { SavedParticipantList } from "../generated/SavedParticipantList";
import type { TaskInput } from "../generated/TaskInput";

export type { Event, EventInput, EventParticipant, EventParticipantStatus, EventSheet, EventSummary, InviteFilter, ParticipantsChanged, SavedParticipantList, TaskInput };

/** Events starting on the days `from` to `to` (both inclusive; null: open). */
export const events = (from: string | null, to: string | null): Promise<Array<EventSummary>> =>
  invoke("events", { from, to });

export const event = (id: number): Promise<Event> =>
  invoke("event", { id });

/** Creates an event with its appointment; an overlap with the organiser's items needs `acceptOverlap`. */
export const createEvent = (input: EventInput): Promise<Event> =>
  invoke("create_event", { input });

export const updateEvent = (id: number, input: EventInput): Promise<Event> =>
  invoke("update_event", { id, input });

export const cancelEvent = (id: number): Promise<Event> =>
  invoke("cancel_event", { id });

export const setEventResults = (id: number, results: string): Promise<Event> =>
  invoke("set_event_results", { id, results });

/** Notes the event in the journal of each case it concerns; how many. */
export const recordEventOnCases = (id: number): Promise<number> =>
  invoke("record_event_on_cases", { id });

/** Gives each case the event concerns the same follow-up task; how many. */
export const addEventFollowUp = (id: number, input: TaskInput): Promise<number> =>
  invoke("add_event_follow_up", { id, input });

export const eventParticipants = (eventId: number): Promise<Array<EventParticipant>> =>
  invoke("event_participants", { eventId });

export const inviteToEvent = (eventId: number, contactIds: Array<number>): Promise<ParticipantsChanged> =>
  invoke("invite_to_event", { eventId, contactIds });

/** How many contacts a bulk invitation with this filter would reach. */
export const contactsToInvite = (filter: InviteFilter): Promise<number> =>
  invoke("contacts_to_invite", { filter });

export const inviteMatching = (eventId: number, filter: InviteFilter): Promise<ParticipantsChanged> =>
  invoke("invite_matching", { eventId, filter });

/**
 * Registering for a full event puts the participant on the waiting list; a freed place
 * goes to the longest waiting.
 */
export const setEventParticipantStatus = (eventId: number, participantId: number, status: EventParticipantStatus): Promise<ParticipantsChanged> =>
  invoke("set_event_participant_status", { eventId, participantId, status });

export const setEventOrganiser = (eventId: number, participantId: number, organiser: boolean): Promise<void> =>
  invoke("set_event_organiser", { eventId, participantId, organiser });

/** Saves the participant list as CSV where the user picks (null: the dialog was cancelled). */
export const saveParticipantList = (eventId: number): Promise<SavedParticipantList | null> =>
  invoke("save_participant_list", { eventId });

/** Saves the participant list, the sign-in sheet or the badges as PDF (asks where). */
export const saveEventSheet = (eventId: number, sheet: EventSheet): Promise<SavedParticipantList | null> =>
  invoke("save_event_sheet", { eventId, sheet });
