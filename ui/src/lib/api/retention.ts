// Retention (DSGVO Art. 5(1)(e)). The commands are generated (./commands/retention.ts).
export * from "./commands/retention";
export type { RetentionCase } from "./generated/RetentionCase";
