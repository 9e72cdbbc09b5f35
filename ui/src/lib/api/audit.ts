// The audit trail. The commands are generated (./commands/audit.ts).
export * from "./commands/audit";
export type { AuditRecord } from "./generated/AuditRecord";
export type { AuditVerification } from "./generated/AuditVerification";
export type { AuditAction } from "./generated/AuditAction";
