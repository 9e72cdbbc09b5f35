// CalDAV: the account and its sync. The commands are generated (./commands/caldav.ts); this module adds what the UI
// needs beside them.
export * from "./commands/caldav";
export type { ConflictField } from "./generated/ConflictField";
export type { SyncField } from "./generated/SyncField";
export type { SyncSide } from "./generated/SyncSide";

/** What identifies the account; an empty password means "the one in the keychain". */
export type Credentials = { url: string; user: string; password: string };

/** The account arguments of the CalDAV commands, trimmed; an empty password becomes null. */
export function credentials(c: Credentials): [url: string, user: string, password: string | null] {
  return [c.url.trim(), c.user.trim(), c.password === "" ? null : c.password];
}
