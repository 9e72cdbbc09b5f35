// A case's tasks. The commands are generated (./commands/tasks.ts); this module adds what the UI
// needs beside them.
export * from "./commands/tasks";
export type { Task } from "./generated/Task";
