// Generated from the `commands!` declarations in src-tauri/src/commands/mod.rs; do not edit.
// `UPDATE_TS_BINDINGS=1 cargo test -p beratungsplaner --lib commands` rewrites it.
// Likely duplicate contacts, and merging one into another.
import { invoke } from "@tauri-apps/api/core";
import type { DuplicatePair } from "../generated/DuplicatePair";
import type { MergePreview } from "../generated/MergePreview";

export type { DuplicatePair, MergePreview };

export const contactDuplicates = (): Promise<Array<DuplicatePair>> =>
  invoke("contact_duplicates");

/** Merges `dropId` into `keepId` in one transaction; with `dryRun` only says what would move. */
export const mergeContacts = (keepId: number, dropId: number, dryRun: boolean): Promise<MergePreview> =>
  invoke("merge_contacts", { keepId, dropId, dryRun });
