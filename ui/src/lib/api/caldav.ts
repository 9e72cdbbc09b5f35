// The CalDAV account and its sync. The password only ever travels from the settings form to the
// backend, which keeps it in the system's keychain; it is never read back.
import { Channel, invoke } from "@tauri-apps/api/core";
import type { CalDavAccount } from "./generated/CalDavAccount";
import type { CalDavCalendar } from "./generated/CalDavCalendar";
import type { ConflictField } from "./generated/ConflictField";
import type { ConflictResolution } from "./generated/ConflictResolution";
import type { SyncConflict } from "./generated/SyncConflict";
import type { SyncField } from "./generated/SyncField";
import type { SyncProgress } from "./generated/SyncProgress";
import type { SyncReport } from "./generated/SyncReport";
import type { SyncSide } from "./generated/SyncSide";
import type { SyncStatus } from "./generated/SyncStatus";

export type {
  CalDavAccount,
  CalDavCalendar,
  ConflictField,
  ConflictResolution,
  SyncConflict,
  SyncField,
  SyncProgress,
  SyncReport,
  SyncSide,
  SyncStatus,
};

/** What identifies the account; an empty password means "the one in the keychain". */
export type Credentials = { url: string; user: string; password: string };

function args(c: Credentials) {
  return { url: c.url.trim(), user: c.user.trim(), password: c.password === "" ? null : c.password };
}

export function caldavAccount(): Promise<CalDavAccount | null> {
  return invoke<CalDavAccount | null>("caldav_account");
}

/** "Verbindung testen": the calendars for events this account reaches. */
export function caldavCalendars(c: Credentials): Promise<CalDavCalendar[]> {
  return invoke<CalDavCalendar[]>("caldav_calendars", args(c));
}

export function caldavCreateCalendar(c: Credentials, name: string): Promise<CalDavCalendar> {
  return invoke<CalDavCalendar>("caldav_create_calendar", { ...args(c), name });
}

export function caldavSaveAccount(c: Credentials, calendar: CalDavCalendar): Promise<CalDavAccount> {
  return invoke<CalDavAccount>("caldav_save_account", { ...args(c), calendar });
}

export function caldavSync(onProgress: (p: SyncProgress) => void): Promise<SyncReport> {
  const channel = new Channel<SyncProgress>();
  channel.onmessage = onProgress;
  return invoke<SyncReport>("caldav_sync", { onProgress: channel });
}

export function caldavStatus(): Promise<SyncStatus> {
  return invoke<SyncStatus>("caldav_status");
}

export function caldavConflicts(): Promise<SyncConflict[]> {
  return invoke<SyncConflict[]>("caldav_conflicts");
}

export function caldavResolve(resolution: ConflictResolution): Promise<void> {
  return invoke<void>("caldav_resolve", { resolution });
}
