// The team server: joining it, syncing, the conflicts. The commands are generated (./commands/team.ts).
export * from "./commands/team";
