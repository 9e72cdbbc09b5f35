// Generated from the `commands!` declarations in src-tauri/src/commands/mod.rs; do not edit.
// `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands` rewrites it.
// The database key: its recovery key until the user confirms keeping it, the recovery key's
// sheet, and the unlock where no keychain holds the key.
import { invoke } from "@tauri-apps/api/core";

/** The recovery key (14 groups), until `confirmRecoveryKey`; null after. */
export const recoveryKey = (): Promise<string | null> =>
  invoke("recovery_key");

export const confirmRecoveryKey = (): Promise<void> =>
  invoke("confirm_recovery_key");

/** "Als PDF speichern": false when the save dialog was cancelled. */
export const saveRecoveryKeySheet = (): Promise<boolean> =>
  invoke("save_recovery_key_sheet");

/**
 * Opens the database with the passphrase or the recovery key; for a new database the
 * passphrase is chosen now and `repeated` must match it. True: the recovery key waits to
 * be shown.
 */
export const unlock = (secret: string, repeated: string | null): Promise<boolean> =>
  invoke("unlock", { secret, repeated });
