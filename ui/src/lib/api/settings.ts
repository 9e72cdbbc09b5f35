// The app's settings. The commands are generated (./commands/settings.ts); this module adds what the UI
// needs beside them.
export * from "./commands/settings";
