// The database key. The commands are generated (./commands/encryption.ts).
export * from "./commands/encryption";

/** Groups of the recovery key, as the app shows and prints them. */
export function recoveryKeyGroups(key: string): string[] {
  return key.split("-");
}
