// Generated from the `commands!` declarations in src-tauri/src/commands/mod.rs; do not edit.
// `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands` rewrites it.
// CalDAV: the account and the sync. A password travels only from the settings form to the
// backend, which keeps it in the system's keychain; null means "the one in the keychain".
import { invoke } from "@tauri-apps/api/core";
import { channel } from "../channel";
import type { CalDavAccount } from "../generated/CalDavAccount";
import type { CalDavCalendar } from "../generated/CalDavCalendar";
import type { ConflictResolution } from "../generated/ConflictResolution";
import type { SyncConflict } from "../generated/SyncConflict";
import type { SyncProgress } from "../generated/SyncProgress";
import type { SyncReport } from "../generated/SyncReport";
import type { SyncStatus } from "../generated/SyncStatus";

export type { CalDavAccount, CalDavCalendar, ConflictResolution, SyncConflict, SyncProgress, SyncReport, SyncStatus };

export const caldavAccount = (): Promise<CalDavAccount | null> =>
  invoke("caldav_account");

/** "Verbindung testen": the calendars for events this account reaches. */
export const caldavCalendars = (url: string, user: string, password: string | null): Promise<Array<CalDavCalendar>> =>
  invoke("caldav_calendars", { url, user, password });

export const createCaldavCalendar = (url: string, user: string, password: string | null, name: string): Promise<CalDavCalendar> =>
  invoke("create_caldav_calendar", { url, user, password, name });

export const saveCaldavAccount = (url: string, user: string, password: string | null, calendar: CalDavCalendar): Promise<CalDavAccount> =>
  invoke("save_caldav_account", { url, user, password, calendar });

export const syncCaldav = (onProgress: (message: SyncProgress) => void): Promise<SyncReport> =>
  invoke("sync_caldav", { onProgress: channel<SyncProgress>(onProgress) });

export const caldavStatus = (): Promise<SyncStatus> =>
  invoke("caldav_status");

export const caldavConflicts = (): Promise<Array<SyncConflict>> =>
  invoke("caldav_conflicts");

export const resolveCaldavConflict = (resolution: ConflictResolution): Promise<void> =>
  invoke("resolve_caldav_conflict", { resolution });
